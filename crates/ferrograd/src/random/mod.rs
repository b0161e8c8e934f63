//! PyTorch's CPU random numbers, bit for bit: after [`manual_seed`]`(s)` the sampling functions
//! ([`Tensor::rand`], [`Tensor::randn`], [`Tensor::randint`], [`Tensor::randperm`],
//! [`Tensor::uniform_`], [`Tensor::normal_`], [`Tensor::bernoulli`], [`Tensor::multinomial`],
//! [`Tensor::dropout`], the [`nn::init`](crate::nn::init) functions …) give the values
//! `torch` gives after `torch.manual_seed(s)`, in float32 and float64.
//!
//! A [`Generator`] is ATen's `CPUGeneratorImpl`: a Mersenne Twister (`mt19937`) and the cached
//! second value of the last Box–Muller pair. Every sampling function takes an optional
//! generator and draws from the global default one without it.
//!
//! ```
//! use ferrograd::Tensor;
//! ferrograd::manual_seed(0);
//! // torch.manual_seed(0); torch.rand(3)
//! assert_eq!(Tensor::rand(&[3]).to_vec::<f32>(), vec![0.49625659, 0.7682218, 0.08847743]);
//! let g = ferrograd::Generator::new();
//! g.manual_seed(0);
//! assert_eq!(Tensor::try_rand_with(&[1], ferrograd::DType::Float32, Some(&g)).unwrap().item(), 0.49625658988952637);
//! ```

mod boxmuller;
mod discrete;
mod fill;
mod mt19937;
mod sampling;

use crate::error::{runtime, Result};
use crate::{DType, Tensor};
use mt19937::{Mt19937, STATE_BYTES};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

/// The seed of a new [`Generator`] (`c10::detail::default_rng_seed_val`).
pub const DEFAULT_SEED: u64 = 67_280_421_310_721;

/// The state behind a generator: the engine and the cached normal samples.
pub(crate) struct GenState {
    pub(crate) engine: Mt19937,
    pub(crate) next_double: Option<f64>,
    pub(crate) next_float: Option<f32>,
}

impl GenState {
    fn seeded(seed: u64) -> GenState {
        GenState {
            engine: Mt19937::new(seed),
            next_double: None,
            next_float: None,
        }
    }
    /// 32 random bits.
    #[inline]
    pub(crate) fn random(&mut self) -> u32 {
        self.engine.next_u32()
    }
    /// 64 random bits (two draws).
    #[inline]
    pub(crate) fn random64(&mut self) -> u64 {
        self.engine.next_u64()
    }
    /// A float32 uniform in `[0, 1)` from 24 bits of one draw.
    #[inline]
    pub(crate) fn uniform_f32(&mut self) -> f32 {
        (self.random() & ((1 << 24) - 1)) as f32 * (1.0 / (1u32 << 24) as f32)
    }
    /// A float64 uniform in `[0, 1)` from 53 bits of a 64-bit draw.
    #[inline]
    pub(crate) fn uniform_f64(&mut self) -> f64 {
        (self.random64() & ((1 << 53) - 1)) as f64 * (1.0 / (1u64 << 53) as f64)
    }
    /// A standard normal in double precision (`at::normal_distribution<double>`): Box–Muller
    /// gives two values; the second is cached for the next call.
    pub(crate) fn normal_f64(&mut self) -> f64 {
        if let Some(v) = self.next_double.take() {
            return v;
        }
        let u1 = self.uniform_f64();
        let u2 = self.uniform_f64();
        let r = (-2.0 * (-u2).ln_1p()).sqrt();
        let theta = 2.0 * std::f64::consts::PI * u1;
        self.next_double = Some(r * theta.sin());
        r * theta.cos()
    }
}

/// A source of random numbers with PyTorch's CPU algorithm (`torch.Generator()`).
///
/// Cloning gives another handle on the same generator, as a Python reference does.
///
/// ```
/// use ferrograd::{Generator, Tensor, DType};
/// let g = Generator::new();
/// assert_eq!(g.initial_seed(), 67280421310721);
/// g.manual_seed(7);
/// let state = g.get_state();
/// let a = Tensor::try_randn_with(&[4], DType::Float64, Some(&g)).unwrap();
/// g.set_state(&state);
/// assert_eq!(Tensor::try_randn_with(&[4], DType::Float64, Some(&g)).unwrap().to_vec::<f64>(), a.to_vec::<f64>());
/// ```
#[derive(Clone)]
pub struct Generator(Arc<Mutex<GenState>>);

impl Default for Generator {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for Generator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Generator(initial_seed={})", self.initial_seed())
    }
}

impl Generator {
    /// A generator seeded with PyTorch's default seed, 67280421310721.
    ///
    /// ```
    /// assert_eq!(ferrograd::Generator::new().initial_seed(), 67280421310721);
    /// ```
    pub fn new() -> Generator {
        Generator(Arc::new(Mutex::new(GenState::seeded(DEFAULT_SEED))))
    }

    /// Locks the generator for one sampling call.
    pub(crate) fn lock(&self) -> MutexGuard<'_, GenState> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Reseeds (and forgets any cached normal value); returns `self` (`Generator.manual_seed`).
    ///
    /// ```
    /// let g = ferrograd::Generator::new();
    /// assert_eq!(g.manual_seed(3).initial_seed(), 3);
    /// ```
    pub fn manual_seed(&self, seed: u64) -> &Generator {
        *self.lock() = GenState::seeded(seed);
        self
    }

    /// The seed of the last [`Generator::manual_seed`] or [`Generator::seed`].
    ///
    /// ```
    /// let g = ferrograd::Generator::new();
    /// g.manual_seed(1 << 40);
    /// assert_eq!(g.initial_seed(), 1 << 40);
    /// ```
    pub fn initial_seed(&self) -> u64 {
        self.lock().engine.seed()
    }

    /// Reseeds from a non-deterministic source (the operating system) and returns the seed.
    ///
    /// ```
    /// let g = ferrograd::Generator::new();
    /// let s = g.seed();
    /// assert_eq!(g.initial_seed(), s);
    /// ```
    pub fn seed(&self) -> u64 {
        let s = nondeterministic_seed();
        self.manual_seed(s);
        s
    }

    /// The whole state as PyTorch serialises it: 5056 bytes (`Generator.get_state()`).
    ///
    /// ```
    /// let g = ferrograd::Generator::new();
    /// assert_eq!(g.get_state_bytes().len(), 5056);
    /// ```
    pub fn get_state_bytes(&self) -> Vec<u8> {
        let s = self.lock();
        s.engine.to_bytes(s.next_double, s.next_float)
    }

    /// Restores a state from [`Generator::get_state_bytes`] (or from PyTorch's
    /// `get_state().numpy().tobytes()`); PyTorch's messages for a wrong size or an invalid
    /// engine.
    ///
    /// ```
    /// let g = ferrograd::Generator::new();
    /// let e = g.set_state_bytes(&[0u8; 3]).unwrap_err();
    /// assert_eq!(e.to_string(), "Expected a CPUGeneratorImplState of size 5056 but found the input RNG state size to be 3");
    /// assert_eq!(g.set_state_bytes(&[0u8; 5056]).unwrap_err().to_string(), "Invalid mt19937 state");
    /// ```
    pub fn set_state_bytes(&self, bytes: &[u8]) -> Result<&Generator> {
        if bytes.len() != STATE_BYTES {
            return Err(runtime(format!(
                "Expected a CPUGeneratorImplState of size {STATE_BYTES} but found the input RNG state size to be {}",
                bytes.len()
            )));
        }
        let (engine, next_double, next_float) =
            Mt19937::from_bytes(bytes).ok_or_else(|| runtime("Invalid mt19937 state"))?;
        *self.lock() = GenState {
            engine,
            next_double,
            next_float,
        };
        Ok(self)
    }

    /// The state as a tensor of its 5056 bytes (`Generator.get_state()`). PyTorch's tensor is
    /// uint8; ferrograd has no uint8 dtype, so the byte values are held as int64.
    ///
    /// ```
    /// let g = ferrograd::Generator::new();
    /// assert_eq!(g.get_state().shape(), &[5056]);
    /// ```
    pub fn get_state(&self) -> Tensor {
        let v: Vec<i64> = self.get_state_bytes().into_iter().map(i64::from).collect();
        Tensor::from_vec(v, &[STATE_BYTES])
    }

    /// Restores a state from [`Generator::get_state`]; panics on a bad state, see
    /// [`Generator::try_set_state`].
    ///
    /// ```
    /// let g = ferrograd::Generator::new();
    /// let s = g.get_state();
    /// g.manual_seed(5);
    /// assert_eq!(g.set_state(&s).initial_seed(), 67280421310721);
    /// ```
    #[track_caller]
    pub fn set_state(&self, state: &Tensor) -> &Generator {
        crate::error::unwrap(self.try_set_state(state))
    }

    /// Fallible [`Generator::set_state`]: the tensor must hold integers in `0..=255`
    /// (`RNG state must be a torch.ByteTensor` otherwise).
    ///
    /// ```
    /// let g = ferrograd::Generator::new();
    /// let e = g.try_set_state(&ferrograd::Tensor::zeros(&[5056])).unwrap_err();
    /// assert_eq!(e.to_string(), "RNG state must be a torch.ByteTensor");
    /// ```
    pub fn try_set_state(&self, state: &Tensor) -> Result<&Generator> {
        let bytes = state_bytes(state)?;
        self.set_state_bytes(&bytes)
    }
}

/// The bytes of a state tensor: integers in `0..=255`.
fn state_bytes(state: &Tensor) -> Result<Vec<u8>> {
    let not_bytes = || runtime("RNG state must be a torch.ByteTensor");
    if state.dtype() != DType::Int64 || state.dim() != 1 {
        return Err(not_bytes());
    }
    state
        .to_vec::<i64>()
        .into_iter()
        .map(|v| u8::try_from(v).map_err(|_| not_bytes()))
        .collect()
}

/// 64 bits from the operating system (`/dev/urandom`), or from the clock and a counter if it
/// cannot be read.
fn nondeterministic_seed() -> u64 {
    use std::io::Read;
    let mut b = [0u8; 8];
    if std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut b))
        .is_ok()
    {
        return u64::from_le_bytes(b);
    }
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    h.finish()
}

/// The global generator behind every sampling call given no generator
/// (`torch.default_generator`). It starts from a non-deterministic seed, as PyTorch's does.
///
/// ```
/// ferrograd::manual_seed(11);
/// assert_eq!(ferrograd::default_generator().initial_seed(), 11);
/// ```
pub fn default_generator() -> &'static Generator {
    static DEFAULT: OnceLock<Generator> = OnceLock::new();
    DEFAULT.get_or_init(|| {
        let g = Generator::new();
        g.manual_seed(nondeterministic_seed());
        g
    })
}

/// The given generator or the default one.
pub(crate) fn or_default(g: Option<&Generator>) -> &Generator {
    g.unwrap_or_else(|| default_generator())
}

/// Seeds the default generator (`torch.manual_seed`) and returns it: the same seed gives
/// PyTorch's sequence.
///
/// ```
/// ferrograd::manual_seed(0);
/// let a = ferrograd::Tensor::rand(&[3]);
/// ferrograd::manual_seed(0);
/// assert_eq!(a.to_vec::<f32>(), ferrograd::Tensor::rand(&[3]).to_vec::<f32>());
/// ```
pub fn manual_seed(seed: u64) -> Generator {
    default_generator().manual_seed(seed).clone()
}

/// The seed of the default generator (`torch.initial_seed`).
///
/// ```
/// ferrograd::manual_seed(5);
/// assert_eq!(ferrograd::initial_seed(), 5);
/// ```
pub fn initial_seed() -> u64 {
    default_generator().initial_seed()
}

/// Reseeds the default generator non-deterministically and returns the seed (`torch.seed`).
///
/// ```
/// let s = ferrograd::seed();
/// assert_eq!(ferrograd::initial_seed(), s);
/// ```
pub fn seed() -> u64 {
    default_generator().seed()
}

/// The default generator's state (`torch.get_rng_state`), see [`Generator::get_state`].
///
/// ```
/// let s = ferrograd::get_rng_state();
/// let a = ferrograd::Tensor::rand(&[2]);
/// ferrograd::set_rng_state(&s);
/// assert_eq!(a.to_vec::<f32>(), ferrograd::Tensor::rand(&[2]).to_vec::<f32>());
/// ```
pub fn get_rng_state() -> Tensor {
    default_generator().get_state()
}

/// Restores the default generator's state (`torch.set_rng_state`); panics on a bad state.
///
/// ```
/// ferrograd::set_rng_state(&ferrograd::get_rng_state());
/// ```
#[track_caller]
pub fn set_rng_state(state: &Tensor) {
    default_generator().set_state(state);
}

/// One argument of [`Tensor::try_normal`]: a tensor of per-element values or one number.
#[derive(Clone, Copy)]
pub enum NormalArg<'a> {
    /// Per-element means or standard deviations.
    Tensor(&'a Tensor),
    /// One mean or standard deviation for every element.
    Scalar(f64),
}
