//! Containers: `Sequential`, `ModuleList`, `ModuleDict`.

use super::{core_methods, module_boilerplate, Module, ModuleCore};
use crate::error::{runtime, Result};
use crate::Tensor;

macro_rules! list_children {
    () => {
        fn named_children(&self) -> Vec<(String, &dyn Module)> {
            self.items
                .iter()
                .enumerate()
                .map(|(i, m)| (i.to_string(), m.as_ref()))
                .collect()
        }
        fn children_mut(&mut self) -> Vec<&mut dyn Module> {
            self.items
                .iter_mut()
                .map(|m| m.as_mut() as &mut dyn Module)
                .collect()
        }
    };
}

/// Modules applied one after the other (PyTorch's `nn.Sequential`), named `0`, `1`, ...
///
/// ```
/// use ferrograd::nn::{Linear, Module, ReLU, Sequential};
/// let net = Sequential::new().add(Linear::new(2, 4)).add(ReLU::new()).add(Linear::new(4, 1));
/// assert_eq!(net.forward(&ferrograd::Tensor::ones(&[3, 2])).unwrap().shape(), &[3, 1]);
/// assert_eq!(net.len(), 3);
/// ```
#[derive(Default)]
pub struct Sequential {
    core: ModuleCore,
    items: Vec<Box<dyn Module>>,
}

impl Sequential {
    /// An empty sequence (the identity).
    ///
    /// ```
    /// assert_eq!(ferrograd::nn::Sequential::new().to_string(), "Sequential()");
    /// ```
    pub fn new() -> Self {
        Self::default()
    }
    /// Appends a module (builder form).
    ///
    /// ```
    /// let s = ferrograd::nn::Sequential::new().add(ferrograd::nn::Identity::new());
    /// assert_eq!(s.len(), 1);
    /// ```
    #[allow(clippy::should_implement_trait)]
    pub fn add(mut self, m: impl Module + 'static) -> Self {
        self.items.push(Box::new(m));
        self
    }
    /// Appends a boxed module.
    ///
    /// ```
    /// let mut s = ferrograd::nn::Sequential::new();
    /// s.push(Box::new(ferrograd::nn::Identity::new()));
    /// assert!(!s.is_empty());
    /// ```
    pub fn push(&mut self, m: Box<dyn Module>) {
        self.items.push(m);
    }
    /// The number of modules.
    ///
    /// ```
    /// assert_eq!(ferrograd::nn::Sequential::new().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.items.len()
    }
    /// Whether there are none.
    ///
    /// ```
    /// assert!(ferrograd::nn::Sequential::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    /// The module at `i` (negative counts from the end), or PyTorch's error.
    ///
    /// ```
    /// let s = ferrograd::nn::Sequential::new().add(ferrograd::nn::Identity::new());
    /// assert_eq!(s.get(-1).unwrap().type_name(), "Identity");
    /// assert_eq!(s.get(1).unwrap_err().to_string(), "index 1 is out of range");
    /// ```
    pub fn get(&self, i: isize) -> Result<&dyn Module> {
        index(&self.items, i)
    }
}

fn index(items: &[Box<dyn Module>], i: isize) -> Result<&dyn Module> {
    let n = items.len() as isize;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(crate::error::Error::new(
            crate::ErrorKind::Index,
            format!("index {i} is out of range"),
        ));
    }
    Ok(items[j as usize].as_ref())
}

impl Module for Sequential {
    core_methods!();
    list_children!();
    fn type_name(&self) -> &str {
        "Sequential"
    }
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let mut y = x.clone();
        for m in &self.items {
            y = m.forward(&y)?;
        }
        Ok(y)
    }
}
module_boilerplate!(Sequential);

/// A list of modules whose parameters are registered (PyTorch's `nn.ModuleList`); it has no
/// forward of its own.
///
/// ```
/// use ferrograd::nn::{Linear, Module, ModuleList};
/// let l = ModuleList::new().add(Linear::new(1, 1)).add(Linear::new(1, 1));
/// assert_eq!(l.parameters().len(), 4);
/// assert!(l.forward(&ferrograd::Tensor::ones(&[1])).is_err());
/// ```
#[derive(Default)]
pub struct ModuleList {
    core: ModuleCore,
    items: Vec<Box<dyn Module>>,
}

impl ModuleList {
    /// An empty list.
    ///
    /// ```
    /// assert_eq!(ferrograd::nn::ModuleList::new().to_string(), "ModuleList()");
    /// ```
    pub fn new() -> Self {
        Self::default()
    }
    /// Appends a module (builder form).
    ///
    /// ```
    /// assert_eq!(ferrograd::nn::ModuleList::new().add(ferrograd::nn::ReLU::new()).len(), 1);
    /// ```
    #[allow(clippy::should_implement_trait)]
    pub fn add(mut self, m: impl Module + 'static) -> Self {
        self.items.push(Box::new(m));
        self
    }
    /// Appends a boxed module.
    ///
    /// ```
    /// let mut l = ferrograd::nn::ModuleList::new();
    /// l.push(Box::new(ferrograd::nn::ReLU::new()));
    /// ```
    pub fn push(&mut self, m: Box<dyn Module>) {
        self.items.push(m);
    }
    /// The number of modules.
    ///
    /// ```
    /// assert_eq!(ferrograd::nn::ModuleList::new().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.items.len()
    }
    /// Whether there are none.
    ///
    /// ```
    /// assert!(ferrograd::nn::ModuleList::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    /// The module at `i` (negative counts from the end).
    ///
    /// ```
    /// let l = ferrograd::nn::ModuleList::new().add(ferrograd::nn::ReLU::new());
    /// assert_eq!(l.get(0).unwrap().type_name(), "ReLU");
    /// ```
    pub fn get(&self, i: isize) -> Result<&dyn Module> {
        index(&self.items, i)
    }
}

impl Module for ModuleList {
    core_methods!();
    list_children!();
    fn type_name(&self) -> &str {
        "ModuleList"
    }
    fn forward(&self, _x: &Tensor) -> Result<Tensor> {
        Err(crate::error::Error::new(
            crate::ErrorKind::NotImplemented,
            "Module [ModuleList] is missing the required \"forward\" function",
        ))
    }
}
module_boilerplate!(ModuleList);

/// Modules under string keys, in insertion order (PyTorch's `nn.ModuleDict`).
///
/// ```
/// use ferrograd::nn::{Linear, Module, ModuleDict, ReLU};
/// let d = ModuleDict::new().insert("act", ReLU::new()).insert("fc", Linear::new(1, 2));
/// assert_eq!(d.named_parameters()[0].0, "fc.weight");
/// assert_eq!(d.get("act").unwrap().type_name(), "ReLU");
/// ```
#[derive(Default)]
pub struct ModuleDict {
    core: ModuleCore,
    items: Vec<(String, Box<dyn Module>)>,
}

impl ModuleDict {
    /// An empty dictionary.
    ///
    /// ```
    /// assert_eq!(ferrograd::nn::ModuleDict::new().to_string(), "ModuleDict()");
    /// ```
    pub fn new() -> Self {
        Self::default()
    }
    /// Inserts (or replaces, keeping its place) the module under `key` (builder form).
    ///
    /// ```
    /// let d = ferrograd::nn::ModuleDict::new().insert("a", ferrograd::nn::ReLU::new());
    /// assert_eq!(d.keys(), vec!["a"]);
    /// ```
    pub fn insert(mut self, key: &str, m: impl Module + 'static) -> Self {
        self.set(key, Box::new(m));
        self
    }
    /// Inserts (or replaces) a boxed module under `key`.
    ///
    /// ```
    /// let mut d = ferrograd::nn::ModuleDict::new();
    /// d.set("a", Box::new(ferrograd::nn::ReLU::new()));
    /// ```
    pub fn set(&mut self, key: &str, m: Box<dyn Module>) {
        match self.items.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = m,
            None => self.items.push((key.to_string(), m)),
        }
    }
    /// The module under `key`, or PyTorch's `KeyError` text.
    ///
    /// ```
    /// let d = ferrograd::nn::ModuleDict::new();
    /// assert_eq!(d.get("x").unwrap_err().to_string(), "'x'");
    /// ```
    pub fn get(&self, key: &str) -> Result<&dyn Module> {
        self.items
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, m)| m.as_ref())
            .ok_or_else(|| crate::error::Error::new(crate::ErrorKind::Index, format!("'{key}'")))
    }
    /// The keys, in insertion order.
    ///
    /// ```
    /// assert!(ferrograd::nn::ModuleDict::new().keys().is_empty());
    /// ```
    pub fn keys(&self) -> Vec<&str> {
        self.items.iter().map(|(k, _)| k.as_str()).collect()
    }
}

impl Module for ModuleDict {
    core_methods!();
    fn named_children(&self) -> Vec<(String, &dyn Module)> {
        self.items
            .iter()
            .map(|(k, m)| (k.clone(), m.as_ref()))
            .collect()
    }
    fn children_mut(&mut self) -> Vec<&mut dyn Module> {
        self.items
            .iter_mut()
            .map(|(_, m)| m.as_mut() as &mut dyn Module)
            .collect()
    }
    fn type_name(&self) -> &str {
        "ModuleDict"
    }
    fn forward(&self, _x: &Tensor) -> Result<Tensor> {
        Err(runtime(
            "Module [ModuleDict] is missing the required \"forward\" function",
        ))
    }
}
module_boilerplate!(ModuleDict);
