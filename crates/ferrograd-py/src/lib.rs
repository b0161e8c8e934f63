//! `ferrograd._ferrograd`, the extension module behind the `ferrograd` Python package:
//! PyTorch's tensor and autograd API over the ferrograd library. The package's Python layer
//! (`python/ferrograd`) adds grad-mode and anomaly-mode context managers, `Size`,
//! `nn.functional`, `autograd.functional` shaping, `gradcheck`, `forward_ad`, the
//! `autograd.Function` base class and `autograd.taylor`.

mod autograd;
mod convert;
mod device;
mod errors;
mod factories;
mod forward_ad;
mod func;
mod function;
mod functional;
mod gradcheck;
mod indexing;
mod init;
mod node_hooks;
mod numpy_interop;
mod ops;
mod optim;
mod random;
mod safetensors;
mod saved_hooks;
mod table;
mod taylor;
mod tensor;

use pyo3::prelude::*;

#[pymodule]
fn _ferrograd(m: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::install_quiet_panic_hook();
    m.add_class::<tensor::PyTensor>()?;
    m.add_class::<convert::PyDType>()?;
    let py = m.py();
    for name in convert::dtype_names() {
        m.add(name, convert::dtype_by_name(py, name)?)?;
    }
    device::register(m)?;
    factories::register(m)?;
    random::register(m)?;
    safetensors::register(m)?;
    init::register(m)?;
    ops::register(m)?;
    autograd::register(m)?;
    functional::register(m)?;
    func::register(m)?;
    gradcheck::register(m)?;
    forward_ad::register(m)?;
    saved_hooks::register(m)?;
    function::register(m)?;
    taylor::register(m)?;
    table::register(m)?;
    numpy_interop::register(m)?;
    optim::register(m)?;
    m.add_function(wrap_pyfunction!(errors::_panic_for_tests, m)?)?;
    Ok(())
}
