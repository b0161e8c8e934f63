//! Small data sets stored in the repository and embedded in the library, so that examples,
//! tests and benchmarks need no download and no path.

use crate::Tensor;

/// The digits data set as stored: 1,797 rows of 65 bytes, the 64 pixel counts of an 8×8 image
/// (row by row, 0..=16) then its label (0..=9), in scikit-learn's order
/// (`data/digits/digits.bin`; its origin and licence are in `data/digits/LICENSE`).
///
/// ```
/// let raw = ferrograd::data::datasets::DIGITS_BYTES;
/// assert_eq!(raw.len(), 1797 * 65);
/// assert_eq!(raw[64], 0); // the first image is a 0
/// ```
pub const DIGITS_BYTES: &[u8] = include_bytes!("../../../../data/digits/digits.bin");

/// The number of images in the digits data set.
///
/// ```
/// assert_eq!(ferrograd::data::datasets::DIGITS_LEN, 1797);
/// ```
pub const DIGITS_LEN: usize = 1797;

/// The digits data set: `images` (float32, `[1797, 64]`, each pixel count divided by 16, so
/// in `[0, 1]`) and `labels` (int64, `[1797]`).
///
/// ```
/// let d = ferrograd::data::datasets::digits();
/// assert_eq!(d.images.shape(), &[1797, 64]);
/// assert_eq!(d.labels.to_vec::<i64>()[..4], [0, 1, 2, 3]);
/// ```
#[derive(Clone, Debug)]
pub struct Digits {
    /// The images, one row of 64 pixels (row by row) per image, scaled to `[0, 1]`.
    pub images: Tensor,
    /// The digit each image shows.
    pub labels: Tensor,
}

/// scikit-learn's `load_digits()`: the UCI optical recognition of handwritten digits test set,
/// 1,797 8×8 images of the digits 0 to 9 with their labels, in scikit-learn's order. Pixels
/// are `load_digits().data / 16` in float32 (exactly: the counts are integers up to 16).
///
/// ```
/// let d = ferrograd::data::datasets::digits();
/// assert_eq!(d.images.max().item(), 1.0);
/// assert_eq!(d.labels.dtype(), ferrograd::DType::Int64);
/// ```
pub fn digits() -> Digits {
    let mut pixels = Vec::with_capacity(DIGITS_LEN * 64);
    let mut labels = Vec::with_capacity(DIGITS_LEN);
    for row in DIGITS_BYTES.chunks_exact(65) {
        pixels.extend(row[..64].iter().map(|&p| f32::from(p) / 16.0));
        labels.push(i64::from(row[64]));
    }
    Digits {
        images: Tensor::from_vec(pixels, &[DIGITS_LEN, 64]),
        labels: Tensor::from_vec(labels, &[DIGITS_LEN]),
    }
}
