//! Trains a small CNN on the digits data set (scikit-learn's `load_digits`: 1,797 8×8 images
//! of handwritten digits) with a progress bar, then prints the test accuracy and writes a plot
//! of the loss and accuracy curves: conv–ReLU–pool twice, then a linear layer.
//!
//! ```sh
//! cargo run --release --example digits_cnn   # plot: target/release/examples/digits_cnn.png
//! cargo run --release --example digits_cnn -- --out curves.png --epochs 5 --seed 1
//! ```
//!
//! It is `examples/python/digits_cnn.py` written in Rust: the same seed, split, initialisation,
//! shuffling and Adam steps, so it prints the numbers that script prints on PyTorch.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse(20, 0, 2e-3, "digits_cnn.png")?;
    let split = Split::new(args.seed)?;
    let model = cnn()?;
    train(&model, &split, &args)
}

mod common;
use common::{cnn, train, Args, Split};
