//! PyTorch's random numbers: `torch.Generator`, `manual_seed` and the seed/state functions,
//! the sampling functions (`randperm`, `normal`, `bernoulli`, `multinomial`) and the tensor
//! methods (`uniform_`, `normal_`, `bernoulli_`, `exponential_`, `random_`, `bernoulli`,
//! `multinomial`). Values are PyTorch's for the same seed.

use crate::convert::{opt_dtype, scalar};
use crate::errors::{runtime, type_err, IntoPyResult};
use crate::tensor::{requires_grad_checked, PyTensor};
use ferrograd::random::NormalArg;
use ferrograd::{Generator, Tensor};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyTuple;

/// Generator(device='cpu') -> Generator
///
/// Creates and returns a generator object that manages the state of the algorithm which
/// produces pseudo random numbers (PyTorch's CPU algorithm, a Mersenne Twister). Used as a
/// keyword argument in many in-place random sampling functions.
///
/// Example::
///
///     >>> g = torch.Generator()
///     >>> g.initial_seed()
///     67280421310721
///     >>> torch.rand(2, generator=g.manual_seed(0))
///     tensor([0.4963, 0.7682])
#[pyclass(name = "Generator", module = "ferrograd", frozen)]
pub struct PyGenerator {
    pub g: Generator,
}

/// A seed as PyTorch reads one: an integer in `[-2**63, 2**64)`, negatives taken modulo 2**64.
fn seed_arg(seed: &Bound<'_, PyAny>) -> PyResult<u64> {
    if seed.is_instance_of::<pyo3::types::PyFloat>() {
        return Err(type_err(format!(
            "manual_seed expected a long, but got {}",
            crate::convert::type_name(seed)
        )));
    }
    let s: i128 = seed.extract()?;
    if (0..1i128 << 64).contains(&s) {
        Ok(s as u64)
    } else if (-(1i128 << 63)..0).contains(&s) {
        Ok(s as i64 as u64)
    } else {
        Err(crate::errors::value_err(
            "Overflow when unpacking long long",
        ))
    }
}

#[ferrograd_py_macros::catch_panics]
#[pymethods]
impl PyGenerator {
    #[new]
    #[pyo3(signature = (device=None))]
    fn py_new(device: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        crate::device::cpu_only(device)?;
        Ok(PyGenerator {
            g: Generator::new(),
        })
    }
    /// manual_seed(seed) -> Generator
    ///
    /// Sets the seed for generating random numbers and returns this generator.
    ///
    /// Example::
    ///
    ///     >>> g = torch.Generator().manual_seed(3)
    ///     >>> g.initial_seed()
    ///     3
    fn manual_seed<'py>(
        slf: &Bound<'py, Self>,
        seed: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, Self>> {
        let s = seed_arg(seed)?;
        slf.get().g.manual_seed(s);
        Ok(slf.clone())
    }
    /// initial_seed() -> int
    ///
    /// Returns the initial seed for generating random numbers.
    ///
    /// Example::
    ///
    ///     >>> torch.Generator().initial_seed()
    ///     67280421310721
    fn initial_seed(&self) -> u64 {
        self.g.initial_seed()
    }
    /// seed() -> int
    ///
    /// Gets a non-deterministic random number from the operating system, seeds the generator
    /// with it and returns it.
    ///
    /// Example::
    ///
    ///     >>> g = torch.Generator()
    ///     >>> g.seed() == g.initial_seed()
    ///     True
    fn seed(&self) -> u64 {
        self.g.seed()
    }
    /// get_state() -> Tensor
    ///
    /// Returns the generator state: PyTorch's 5056 bytes (held as an int64 tensor, since
    /// ferrograd has no uint8 dtype).
    ///
    /// Example::
    ///
    ///     >>> torch.Generator().get_state().shape
    ///     torch.Size([5056])
    fn get_state(&self) -> PyTensor {
        self.g.get_state().into()
    }
    /// set_state(new_state) -> Generator
    ///
    /// Sets the generator state from :meth:`get_state` (or from PyTorch's bytes) and returns
    /// this generator.
    ///
    /// Example::
    ///
    ///     >>> g = torch.Generator()
    ///     >>> s = g.get_state()
    ///     >>> a = torch.rand(2, generator=g)
    ///     >>> torch.equal(torch.rand(2, generator=g.set_state(s)), a)
    ///     True
    fn set_state<'py>(
        slf: &Bound<'py, Self>,
        new_state: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, Self>> {
        let Ok(t) = new_state.cast::<PyTensor>() else {
            return Err(type_err(format!(
                "expected a torch.ByteTensor, but got {}",
                crate::convert::type_name(new_state)
            )));
        };
        slf.get().g.try_set_state(&t.get().t).py()?;
        Ok(slf.clone())
    }
    /// The device of the generator (always ``cpu``).
    #[getter]
    fn device<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("ferrograd")?.getattr("device")?.call1(("cpu",))
    }
    fn __repr__(&self) -> String {
        "<torch._C.Generator object>".to_string()
    }
}

/// The `generator=` keyword: `None` or a `Generator`.
pub fn gen_arg(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Generator>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => match o.cast::<PyGenerator>() {
            Ok(g) => Ok(Some(g.get().g.clone())),
            Err(_) => Err(type_err(format!(
                "generator must be a torch.Generator, not {}",
                crate::convert::type_name(o)
            ))),
        },
    }
}

/// The Python object of the default generator (`torch.default_generator`).
fn default_generator_obj(py: Python<'_>) -> PyResult<Py<PyGenerator>> {
    static DEFAULT: PyOnceLock<Py<PyGenerator>> = PyOnceLock::new();
    DEFAULT
        .get_or_try_init(py, || {
            Py::new(
                py,
                PyGenerator {
                    g: ferrograd::default_generator().clone(),
                },
            )
        })
        .map(|g| g.clone_ref(py))
}

/// manual_seed(seed) -> Generator
///
/// Sets the seed for generating random numbers and returns the default generator. After the
/// same seed, :func:`torch.rand`, :func:`torch.randn`, :func:`torch.randint`,
/// :func:`torch.randperm`, the in-place samplers, ``nn.init`` and dropout give PyTorch's values.
///
/// Args:
///     seed (int): the desired seed, in ``[-0x8000_0000_0000_0000, 0xffff_ffff_ffff_ffff]``.
///
/// Example::
///
///     >>> _ = torch.manual_seed(0)
///     >>> torch.rand(3)
///     tensor([0.4963, 0.7682, 0.0885])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn manual_seed(py: Python<'_>, seed: &Bound<'_, PyAny>) -> PyResult<Py<PyGenerator>> {
    // torch.manual_seed reads its argument with int().
    let seed = py.get_type::<pyo3::types::PyInt>().call1((seed,))?;
    let s = seed_arg(&seed)?;
    ferrograd::manual_seed(s);
    default_generator_obj(py)
}

/// initial_seed() -> int
///
/// Returns the initial seed of the default generator.
///
/// Example::
///
///     >>> _ = torch.manual_seed(5)
///     >>> torch.initial_seed()
///     5
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn initial_seed() -> u64 {
    ferrograd::initial_seed()
}

/// seed() -> int
///
/// Sets the seed of the default generator to a non-deterministic random number and returns it.
///
/// Example::
///
///     >>> s = torch.seed()
///     >>> torch.initial_seed() == s
///     True
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn seed() -> u64 {
    ferrograd::seed()
}

/// get_rng_state() -> Tensor
///
/// Returns the state of the default generator (see :meth:`Generator.get_state`).
///
/// Example::
///
///     >>> s = torch.get_rng_state()
///     >>> a = torch.rand(2)
///     >>> torch.set_rng_state(s)
///     >>> torch.equal(torch.rand(2), a)
///     True
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn get_rng_state() -> PyTensor {
    ferrograd::get_rng_state().into()
}

/// set_rng_state(new_state) -> None
///
/// Sets the state of the default generator (see :meth:`Generator.set_state`).
///
/// Example::
///
///     >>> torch.set_rng_state(torch.get_rng_state())
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn set_rng_state(new_state: &Bound<'_, PyTensor>) -> PyResult<()> {
    ferrograd::default_generator()
        .try_set_state(&new_state.get().t)
        .py()?;
    Ok(())
}

/// randperm(n, *, generator=None, dtype=torch.int64, device=None, requires_grad=False) -> Tensor
///
/// Returns a random permutation of integers from ``0`` to ``n - 1``.
///
/// Example::
///
///     >>> _ = torch.manual_seed(0)
///     >>> torch.randperm(4)
///     tensor([0, 1, 3, 2])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (n, *, generator=None, dtype=None, device=None, requires_grad=false))]
fn randperm(
    py: Python<'_>,
    n: i64,
    generator: Option<&Bound<'_, PyAny>>,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<crate::device::Made> {
    let dev = crate::device::check_device(device, "randperm")?;
    if n < 0 {
        return Err(runtime(format!(
            "Trying to create tensor with negative dimension {n}: [{n}]"
        )));
    }
    let g = gen_arg(generator)?;
    let dt = opt_dtype(dtype)?;
    if dev == crate::device::Device::Meta {
        // a shape only: no numbers drawn
        let dt = dt.unwrap_or(ferrograd::DType::Int64);
        let m = crate::device::meta_tensor(py, &[n as usize], dt, requires_grad)?;
        return Ok(crate::device::Made::Meta(m));
    }
    let mut t = Tensor::try_randperm_with(n as usize, g.as_ref()).py()?;
    if let Some(d) = dt {
        t = t.try_to_dtype(d).py()?;
    }
    requires_grad_checked(&t, requires_grad)?;
    Ok(crate::device::Made::Cpu(t.into()))
}

fn normal_arg<'a>(obj: &'a Bound<'_, PyAny>) -> PyResult<Result<&'a Bound<'a, PyTensor>, f64>> {
    if let Ok(t) = obj.cast::<PyTensor>() {
        return Ok(Ok(t));
    }
    match scalar(obj)? {
        Some(s) => Ok(Err(s.to_f64())),
        None => Err(type_err(format!(
            "normal() received an invalid combination of arguments - got ({}, ...)",
            crate::convert::type_name(obj)
        ))),
    }
}

/// normal(mean, std, size=None, *, generator=None) -> Tensor
///
/// Returns a tensor of random numbers drawn from separate normal distributions whose means and
/// standard deviations are given (tensors, or numbers with ``size``).
///
/// Example::
///
///     >>> _ = torch.manual_seed(0)
///     >>> torch.normal(torch.tensor([0.0, 10.0, 100.0]), 0.1)
///     tensor([ 0.1541,  9.9707, 99.7821])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (mean, std=None, size=None, *, generator=None, dtype=None, requires_grad=false))]
fn normal(
    mean: &Bound<'_, PyAny>,
    std: Option<&Bound<'_, PyAny>>,
    size: Option<&Bound<'_, PyAny>>,
    generator: Option<&Bound<'_, PyAny>>,
    dtype: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<PyTensor> {
    let g = gen_arg(generator)?;
    let m = normal_arg(mean)?;
    let s = match std {
        Some(s) => normal_arg(s)?,
        None => Err(1.0),
    };
    let t = match (m, s, size) {
        (Err(m), Err(s), Some(size)) => {
            let shape = crate::convert::size_obj(size, "normal")?;
            let dt = opt_dtype(dtype)?.unwrap_or(ferrograd::get_default_dtype());
            Tensor::try_normal_sized(m, s, &shape, dt, g.as_ref()).py()?
        }
        (Err(_), Err(_), None) => {
            return Err(type_err(
                "normal() received an invalid combination of arguments - got (float, float), but expected a size",
            ));
        }
        (m, s, _) => {
            let mt;
            let st;
            let ma = match m {
                Ok(t) => {
                    mt = t.get().t.clone();
                    NormalArg::Tensor(&mt)
                }
                Err(v) => NormalArg::Scalar(v),
            };
            let sa = match s {
                Ok(t) => {
                    st = t.get().t.clone();
                    NormalArg::Tensor(&st)
                }
                Err(v) => NormalArg::Scalar(v),
            };
            Tensor::try_normal(ma, sa, g.as_ref()).py()?
        }
    };
    requires_grad_checked(&t, requires_grad)?;
    Ok(t.into())
}

/// bernoulli(input, p=None, *, generator=None) -> Tensor
///
/// Draws binary random numbers (0 or 1): element ``i`` is 1 with probability ``input[i]`` (or
/// with probability ``p`` when given).
///
/// Example::
///
///     >>> _ = torch.manual_seed(0)
///     >>> torch.bernoulli(torch.tensor([0.0, 1.0, 0.5, 0.5]))
///     tensor([0., 1., 1., 1.])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (input, p=None, *, generator=None))]
fn bernoulli(
    input: &Bound<'_, PyTensor>,
    p: Option<f64>,
    generator: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyTensor> {
    let g = gen_arg(generator)?;
    let t = &input.get().t;
    match p {
        None => Ok(t.try_bernoulli(g.as_ref()).py()?.into()),
        Some(p) => {
            let out = Tensor::try_full_dtype(t.shape(), 0.0, t.dtype()).py()?;
            out.try_bernoulli_(p, g.as_ref()).py()?;
            Ok(out.into())
        }
    }
}

/// multinomial(input, num_samples, replacement=False, *, generator=None) -> LongTensor
///
/// Returns a tensor where each row contains :attr:`num_samples` indices sampled from the
/// multinomial distribution located in the corresponding row of :attr:`input`.
///
/// Example::
///
///     >>> _ = torch.manual_seed(0)
///     >>> torch.multinomial(torch.tensor([0.1, 0.2, 0.3, 0.4]), 2, replacement=True)
///     tensor([3, 3])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (input, num_samples, replacement=false, *, generator=None))]
fn multinomial(
    input: &Bound<'_, PyTensor>,
    num_samples: i64,
    replacement: bool,
    generator: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyTensor> {
    tensor_multinomial(&input.get().t, num_samples, replacement, generator)
}

fn tensor_multinomial(
    t: &Tensor,
    num_samples: i64,
    replacement: bool,
    generator: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyTensor> {
    let g = gen_arg(generator)?;
    if num_samples <= 0 {
        return Err(runtime("cannot sample n_sample <= 0 samples"));
    }
    Ok(
        t.try_multinomial(num_samples as usize, replacement, g.as_ref())
            .py()?
            .into(),
    )
}

/// dropout(input, p, train, generator) on the Rust tensor (for `nn.functional.dropout`).
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (input, p, train))]
fn _dropout(input: &Bound<'_, PyTensor>, p: f64, train: bool) -> PyResult<Py<PyAny>> {
    let py = input.py();
    let t = &input.get().t;
    let out = t.try_dropout(p, train, None).py()?;
    if out.is_same(t) {
        return Ok(input.clone().into_any().unbind());
    }
    Ok(Py::new(py, PyTensor::from(out))?.into_any())
}

#[ferrograd_py_macros::catch_panics]
#[pymethods]
impl PyTensor {
    /// uniform_(from=0, to=1, *, generator=None) -> Tensor
    ///
    /// Fills this tensor with numbers sampled from the continuous uniform distribution on
    /// ``[from, to)``.
    ///
    /// Example::
    ///
    ///     >>> _ = torch.manual_seed(0)
    ///     >>> torch.zeros(2).uniform_(-1, 1)
    ///     tensor([-0.0075,  0.5364])
    #[pyo3(name = "uniform_", signature = (from_=0.0, to=1.0, *, generator=None))]
    fn py_uniform_<'py>(
        slf: &Bound<'py, Self>,
        from_: f64,
        to: f64,
        generator: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, Self>> {
        let g = gen_arg(generator)?;
        slf.get().t.try_uniform_(from_, to, g.as_ref()).py()?;
        Ok(slf.clone())
    }
    /// normal_(mean=0, std=1, *, generator=None) -> Tensor
    ///
    /// Fills this tensor with numbers sampled from the normal distribution of the given mean
    /// and standard deviation.
    ///
    /// Example::
    ///
    ///     >>> _ = torch.manual_seed(0)
    ///     >>> torch.zeros(2).normal_()
    ///     tensor([ 1.5410, -0.2934])
    #[pyo3(name = "normal_", signature = (mean=0.0, std=1.0, *, generator=None))]
    fn py_normal_<'py>(
        slf: &Bound<'py, Self>,
        mean: f64,
        std: f64,
        generator: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, Self>> {
        let g = gen_arg(generator)?;
        slf.get().t.try_normal_(mean, std, g.as_ref()).py()?;
        Ok(slf.clone())
    }
    /// bernoulli_(p=0.5, *, generator=None) -> Tensor
    ///
    /// Fills each element with 1 with probability :attr:`p` (a number, or a tensor of
    /// probabilities broadcast to this shape), else 0.
    ///
    /// Example::
    ///
    ///     >>> _ = torch.manual_seed(0)
    ///     >>> torch.zeros(4).bernoulli_(0.5)
    ///     tensor([0., 0., 1., 0.])
    #[pyo3(name = "bernoulli_", signature = (p=None, *, generator=None))]
    fn py_bernoulli_<'py>(
        slf: &Bound<'py, Self>,
        p: Option<&Bound<'py, PyAny>>,
        generator: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, Self>> {
        let g = gen_arg(generator)?;
        let t = &slf.get().t;
        match p {
            Some(p) if p.cast::<PyTensor>().is_ok() => {
                let pt = p.cast::<PyTensor>().expect("tensor");
                t.try_bernoulli_tensor_(&pt.get().t, g.as_ref()).py()?;
            }
            Some(p) => {
                t.try_bernoulli_(p.extract::<f64>()?, g.as_ref()).py()?;
            }
            None => {
                t.try_bernoulli_(0.5, g.as_ref()).py()?;
            }
        }
        Ok(slf.clone())
    }
    /// bernoulli(p=None, *, generator=None) -> Tensor
    ///
    /// See :func:`torch.bernoulli`.
    ///
    /// Example::
    ///
    ///     >>> _ = torch.manual_seed(0)
    ///     >>> torch.tensor([0.0, 1.0]).bernoulli()
    ///     tensor([0., 1.])
    #[pyo3(name = "bernoulli", signature = (p=None, *, generator=None))]
    fn py_bernoulli(
        slf: &Bound<'_, Self>,
        p: Option<f64>,
        generator: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyTensor> {
        bernoulli(slf, p, generator)
    }
    /// exponential_(lambd=1, *, generator=None) -> Tensor
    ///
    /// Fills this tensor with numbers drawn from the exponential distribution of rate
    /// :attr:`lambd`.
    ///
    /// Example::
    ///
    ///     >>> _ = torch.manual_seed(0)
    ///     >>> torch.zeros(2, dtype=torch.float64).exponential_()
    ///     tensor([3.5083, 1.2304], dtype=torch.float64)
    #[pyo3(name = "exponential_", signature = (lambd=1.0, *, generator=None))]
    fn py_exponential_<'py>(
        slf: &Bound<'py, Self>,
        lambd: f64,
        generator: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, Self>> {
        let g = gen_arg(generator)?;
        slf.get().t.try_exponential_(lambd, g.as_ref()).py()?;
        Ok(slf.clone())
    }
    /// random_(from=0, to=None, *, generator=None) -> Tensor
    ///
    /// Fills this tensor with integers drawn uniformly from ``[from, to - 1]``; ``random_(to)``
    /// draws from ``[0, to - 1]`` and ``random_()`` from every integer the dtype holds exactly.
    ///
    /// Example::
    ///
    ///     >>> _ = torch.manual_seed(0)
    ///     >>> torch.zeros(4, dtype=torch.int64).random_(0, 10)
    ///     tensor([4, 9, 3, 0])
    #[pyo3(name = "random_", signature = (*args, generator=None, **kwargs))]
    fn py_random_<'py>(
        slf: &Bound<'py, Self>,
        args: &Bound<'py, PyTuple>,
        generator: Option<&Bound<'py, PyAny>>,
        kwargs: Option<&Bound<'py, pyo3::types::PyDict>>,
    ) -> PyResult<Bound<'py, Self>> {
        let g = gen_arg(generator)?;
        let t = &slf.get().t;
        let mut from: Option<i64> = None;
        let mut to: Option<Option<i64>> = None;
        let pos: Vec<Bound<'py, PyAny>> = args.iter().collect();
        if let Some(kw) = kwargs {
            if let Some(v) = kw.get_item("from")? {
                from = Some(v.extract()?);
            }
            if let Some(v) = kw.get_item("to")? {
                to = Some(v.extract()?);
            }
        }
        match pos.as_slice() {
            [] => {}
            [a] if from.is_none() && to.is_none() => to = Some(Some(a.extract()?)),
            [a] => from = Some(a.extract()?),
            [a, b] => {
                from = Some(a.extract()?);
                to = Some(b.extract()?);
            }
            _ => return Err(type_err("random_() takes at most 2 positional arguments")),
        }
        match (from, to) {
            (None, None) => t.try_random_default_(g.as_ref()).py()?,
            (None, Some(Some(to))) => t.try_random_to_(to, g.as_ref()).py()?,
            (from, to) => t
                .try_random_(from.unwrap_or(0), to.flatten(), g.as_ref())
                .py()?,
        };
        Ok(slf.clone())
    }
    /// multinomial(num_samples, replacement=False, *, generator=None) -> Tensor
    ///
    /// See :func:`torch.multinomial`.
    ///
    /// Example::
    ///
    ///     >>> _ = torch.manual_seed(0)
    ///     >>> torch.tensor([0.0, 1.0]).multinomial(1)
    ///     tensor([1])
    #[pyo3(name = "multinomial", signature = (num_samples, replacement=false, *, generator=None))]
    fn py_multinomial(
        slf: &Bound<'_, Self>,
        num_samples: i64,
        replacement: bool,
        generator: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyTensor> {
        tensor_multinomial(&slf.get().t, num_samples, replacement, generator)
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyGenerator>()?;
    m.add("default_generator", default_generator_obj(m.py())?)?;
    m.add_function(wrap_pyfunction!(manual_seed, m)?)?;
    m.add_function(wrap_pyfunction!(initial_seed, m)?)?;
    m.add_function(wrap_pyfunction!(seed, m)?)?;
    m.add_function(wrap_pyfunction!(get_rng_state, m)?)?;
    m.add_function(wrap_pyfunction!(set_rng_state, m)?)?;
    m.add_function(wrap_pyfunction!(randperm, m)?)?;
    m.add_function(wrap_pyfunction!(normal, m)?)?;
    m.add_function(wrap_pyfunction!(bernoulli, m)?)?;
    m.add_function(wrap_pyfunction!(multinomial, m)?)?;
    m.add_function(wrap_pyfunction!(_dropout, m)?)?;
    Ok(())
}
