//! `torch.utils.data` for Rust: datasets of tensors, random splits and a batching loader whose
//! shuffled orders are PyTorch's for the same seed (the loader draws its workers' base seed,
//! then a fresh generator seeded from the default one, then `randperm`, as PyTorch's
//! `DataLoader` with a `RandomSampler` does).
//!
//! ```
//! use ferrograd::data::{DataLoader, TensorDataset};
//! use ferrograd::Tensor;
//! let ds = TensorDataset::new(vec![Tensor::arange(7.0)]).unwrap();
//! ferrograd::manual_seed(0);
//! let order: Vec<Vec<f32>> = DataLoader::new(&ds, 3)
//!     .shuffle(true)
//!     .iter()
//!     .map(|b| b.unwrap()[0].to_vec::<f32>())
//!     .collect();
//! // torch.manual_seed(0); [b[0].tolist() for b in DataLoader(TensorDataset(torch.arange(7.)), 3, shuffle=True)]
//! assert_eq!(order, vec![vec![0.0, 4.0, 1.0], vec![5.0, 2.0, 6.0], vec![3.0]]);
//! ```

pub mod datasets;

use crate::error::{runtime, value_err, Result};
use crate::random::{default_generator, Generator};
use crate::{DType, Tensor};

/// Tensors of equal first dimension, whose rows are the samples (`TensorDataset`).
///
/// ```
/// use ferrograd::{data::TensorDataset, Tensor};
/// let ds = TensorDataset::new(vec![Tensor::new([[1.0], [2.0]]), Tensor::new([0, 1])]).unwrap();
/// assert_eq!(ds.len(), 2);
/// assert_eq!(ds.get(1).unwrap()[1].item(), 1.0);
/// assert!(TensorDataset::new(vec![Tensor::zeros(&[2]), Tensor::zeros(&[3])]).is_err());
/// ```
#[derive(Clone)]
pub struct TensorDataset {
    tensors: Vec<Tensor>,
}

impl TensorDataset {
    /// The dataset of `tensors`' rows; PyTorch's "Size mismatch between tensors" if their
    /// first dimensions differ (or one is 0-dim).
    pub fn new(tensors: Vec<Tensor>) -> Result<TensorDataset> {
        let first = tensors.first().and_then(|t| t.shape().first().copied());
        let ok = first.is_some() && tensors.iter().all(|t| t.shape().first().copied() == first);
        if !ok {
            return Err(runtime("Size mismatch between tensors"));
        }
        Ok(TensorDataset { tensors })
    }

    /// The number of samples (rows).
    ///
    /// ```
    /// let ds = ferrograd::data::TensorDataset::new(vec![ferrograd::Tensor::zeros(&[4, 2])]).unwrap();
    /// assert_eq!(ds.len(), 4);
    /// ```
    pub fn len(&self) -> usize {
        self.tensors[0].shape()[0]
    }

    /// Whether there are no samples.
    ///
    /// ```
    /// let ds = ferrograd::data::TensorDataset::new(vec![ferrograd::Tensor::zeros(&[0])]).unwrap();
    /// assert!(ds.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Sample `i`: row `i` of each tensor.
    ///
    /// ```
    /// let ds = ferrograd::data::TensorDataset::new(vec![ferrograd::Tensor::arange(3.0)]).unwrap();
    /// assert_eq!(ds.get(2).unwrap()[0].item(), 2.0);
    /// ```
    pub fn get(&self, i: usize) -> Result<Vec<Tensor>> {
        self.tensors
            .iter()
            .map(|t| t.try_select(0, i as isize))
            .collect()
    }

    /// The samples at `indices`, stacked: each tensor's rows in that order (what
    /// `default_collate` gives for a batch of this dataset's samples).
    ///
    /// ```
    /// let ds = ferrograd::data::TensorDataset::new(vec![ferrograd::Tensor::arange(4.0)]).unwrap();
    /// assert_eq!(ds.batch(&[3, 0]).unwrap()[0].to_vec::<f32>(), vec![3.0, 0.0]);
    /// ```
    pub fn batch(&self, indices: &[usize]) -> Result<Vec<Tensor>> {
        let idx: Vec<i64> = indices.iter().map(|&i| i as i64).collect();
        let idx = Tensor::new(idx).reshape(&[indices.len()]);
        self.tensors
            .iter()
            .map(|t| t.try_index_dim0(&idx))
            .collect()
    }
}

/// A fresh generator seeded from `generator` (the default one if `None`) as PyTorch's
/// `RandomSampler` and `DataLoader` seed theirs: one `random_()` draw of an int64.
fn draw_seed(generator: Option<&Generator>) -> Result<u64> {
    let t = Tensor::zeros_dtype(&[], DType::Int64);
    t.try_random_default_(generator)?;
    Ok(t.to_vec::<i64>()[0] as u64)
}

/// The order PyTorch's `RandomSampler` (without replacement) visits `n` samples in.
fn random_order(n: usize, generator: Option<&Generator>) -> Result<Vec<usize>> {
    let owned;
    let g = match generator {
        Some(g) => g,
        None => {
            owned = Generator::new();
            owned.manual_seed(draw_seed(None)?);
            &owned
        }
    };
    let p = Tensor::try_randperm_with(n, Some(g))?;
    // PyTorch's sampler ends with `randperm(n)[:num_samples % n]`: a second permutation is
    // drawn (and none of it taken) once the first is used up
    Tensor::try_randperm_with(n, Some(g))?;
    Ok(p.to_vec::<i64>().into_iter().map(|i| i as usize).collect())
}

/// Splits `n` samples into non-overlapping index lists of the given `lengths` through one
/// `randperm` of `generator` (the default one if `None`): PyTorch's `random_split` of a
/// dataset of length `n`, by lengths (fractions: [`split_lengths`]).
///
/// ```
/// let g = ferrograd::Generator::new();
/// g.manual_seed(42);
/// let parts = ferrograd::data::random_split(6, &[2, 4], Some(&g)).unwrap();
/// assert_eq!(parts, vec![vec![0, 3], vec![2, 4, 1, 5]]);
/// ```
pub fn random_split(
    n: usize,
    lengths: &[usize],
    generator: Option<&Generator>,
) -> Result<Vec<Vec<usize>>> {
    if lengths.iter().sum::<usize>() != n {
        return Err(value_err(
            "Sum of input lengths does not equal the length of the input dataset!",
        ));
    }
    let g = generator.unwrap_or_else(|| default_generator());
    let p = Tensor::try_randperm_with(n, Some(g))?.to_vec::<i64>();
    let mut out = Vec::with_capacity(lengths.len());
    let mut at = 0;
    for &len in lengths {
        out.push(p[at..at + len].iter().map(|&i| i as usize).collect());
        at += len;
    }
    Ok(out)
}

/// The lengths PyTorch's `random_split` gives fractions (summing to 1) of `n` samples: each
/// `floor(n · frac)`, then one more to each in turn until all are placed.
///
/// ```
/// assert_eq!(ferrograd::data::split_lengths(7, &[0.5, 0.5]).unwrap(), vec![4, 3]);
/// assert!(ferrograd::data::split_lengths(7, &[0.5, 1.5]).is_err());
/// ```
pub fn split_lengths(n: usize, fractions: &[f64]) -> Result<Vec<usize>> {
    let mut lengths = Vec::with_capacity(fractions.len());
    for (i, &f) in fractions.iter().enumerate() {
        if !(0.0..=1.0).contains(&f) {
            return Err(value_err(format!(
                "Fraction at index {i} is not between 0 and 1"
            )));
        }
        lengths.push((n as f64 * f).floor() as usize);
    }
    let placed: usize = lengths.iter().sum();
    for i in 0..n.saturating_sub(placed) {
        let k = i % lengths.len().max(1);
        lengths[k] += 1;
    }
    Ok(lengths)
}

/// Batches of a [`TensorDataset`] (`DataLoader`): `batch_size` samples stacked per tensor, in
/// order or shuffled (PyTorch's order for the same seed or generator), optionally dropping a
/// last short batch.
///
/// ```
/// use ferrograd::{data::{DataLoader, TensorDataset}, Tensor};
/// let ds = TensorDataset::new(vec![Tensor::arange(5.0)]).unwrap();
/// let loader = DataLoader::new(&ds, 2).drop_last(true);
/// assert_eq!(loader.len(), 2);
/// let firsts: Vec<f32> = loader.iter().map(|b| b.unwrap()[0].to_vec::<f32>()[0]).collect();
/// assert_eq!(firsts, vec![0.0, 2.0]);
/// ```
pub struct DataLoader<'a> {
    dataset: &'a TensorDataset,
    batch_size: usize,
    shuffle: bool,
    drop_last: bool,
    generator: Option<Generator>,
}

impl<'a> DataLoader<'a> {
    /// Batches of `batch_size` samples of `dataset`, in order.
    ///
    /// ```
    /// use ferrograd::{data::{DataLoader, TensorDataset}, Tensor};
    /// let ds = TensorDataset::new(vec![Tensor::arange(3.0)]).unwrap();
    /// assert_eq!(DataLoader::new(&ds, 2).len(), 2);
    /// ```
    pub fn new(dataset: &'a TensorDataset, batch_size: usize) -> DataLoader<'a> {
        DataLoader {
            dataset,
            batch_size: batch_size.max(1),
            shuffle: false,
            drop_last: false,
            generator: None,
        }
    }

    /// Visits the samples in a new random order at each pass (`shuffle=True`).
    ///
    /// ```
    /// use ferrograd::{data::{DataLoader, TensorDataset}, Tensor};
    /// let ds = TensorDataset::new(vec![Tensor::arange(4.0)]).unwrap();
    /// let n: usize = DataLoader::new(&ds, 3).shuffle(true).iter().map(|b| b.unwrap()[0].numel()).sum();
    /// assert_eq!(n, 4);
    /// ```
    pub fn shuffle(mut self, on: bool) -> Self {
        self.shuffle = on;
        self
    }

    /// Drops a last batch shorter than `batch_size` (`drop_last=True`).
    ///
    /// ```
    /// use ferrograd::{data::{DataLoader, TensorDataset}, Tensor};
    /// let ds = TensorDataset::new(vec![Tensor::arange(5.0)]).unwrap();
    /// assert_eq!(DataLoader::new(&ds, 2).drop_last(true).iter().count(), 2);
    /// ```
    pub fn drop_last(mut self, on: bool) -> Self {
        self.drop_last = on;
        self
    }

    /// Draws the order (and the base seed) from `generator` instead of the default one.
    ///
    /// ```
    /// use ferrograd::{data::{DataLoader, TensorDataset}, Generator, Tensor};
    /// let ds = TensorDataset::new(vec![Tensor::arange(7.0)]).unwrap();
    /// let g = Generator::new();
    /// g.manual_seed(5);
    /// let loader = DataLoader::new(&ds, 3).shuffle(true).drop_last(true).generator(g);
    /// let first = loader.iter().next().unwrap().unwrap()[0].to_vec::<f32>();
    /// assert_eq!(first, vec![2.0, 4.0, 3.0]); // PyTorch's, for torch.Generator().manual_seed(5)
    /// ```
    pub fn generator(mut self, g: Generator) -> Self {
        self.generator = Some(g);
        self
    }

    /// The number of batches of a pass.
    ///
    /// ```
    /// use ferrograd::{data::{DataLoader, TensorDataset}, Tensor};
    /// let ds = TensorDataset::new(vec![Tensor::arange(5.0)]).unwrap();
    /// assert_eq!(DataLoader::new(&ds, 2).len(), 3);
    /// ```
    pub fn len(&self) -> usize {
        let n = self.dataset.len();
        if self.drop_last {
            n / self.batch_size
        } else {
            n.div_ceil(self.batch_size)
        }
    }

    /// Whether a pass yields no batch.
    ///
    /// ```
    /// use ferrograd::{data::{DataLoader, TensorDataset}, Tensor};
    /// let ds = TensorDataset::new(vec![Tensor::arange(1.0)]).unwrap();
    /// assert!(DataLoader::new(&ds, 2).drop_last(true).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// One pass: the batches (each tensor's rows stacked), drawing the order first when
    /// shuffling; an error drawing it is the first item.
    ///
    /// ```
    /// use ferrograd::{data::{DataLoader, TensorDataset}, Tensor};
    /// let ds = TensorDataset::new(vec![Tensor::arange(3.0), Tensor::new([0, 1, 0])]).unwrap();
    /// let b = DataLoader::new(&ds, 3).iter().next().unwrap().unwrap();
    /// assert_eq!(b[1].to_vec::<i64>(), vec![0, 1, 0]);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = Result<Vec<Tensor>>> + '_ {
        let n = self.dataset.len();
        let g = self.generator.as_ref();
        // PyTorch's iterator draws its workers' base seed first, even with no workers
        let order = draw_seed(g).and_then(|_| {
            if self.shuffle {
                random_order(n, g)
            } else {
                Ok((0..n).collect())
            }
        });
        let (order, err) = match order {
            Ok(o) => (o, None),
            Err(e) => (Vec::new(), Some(e)),
        };
        let batches = self.len();
        let bs = self.batch_size;
        err.map(Err).into_iter().chain((0..batches).map(move |b| {
            let end = ((b + 1) * bs).min(order.len());
            self.dataset.batch(&order[b * bs..end])
        }))
    }
}
