//! Trains a 64-64-10 MLP on the digits data set (scikit-learn's `load_digits`: 1,797 8×8
//! images of handwritten digits) with a progress bar, then prints the test accuracy and writes
//! a plot of the loss and accuracy curves.
//!
//! ```sh
//! cargo run --release --example digits                      # plot: target/release/examples/digits.png
//! cargo run --release --example digits -- --out curves.png --epochs 10 --seed 0
//! ```
//!
//! It is `examples/python/digits.py` written in Rust: the same seed, split, initialisation,
//! shuffling and Adam steps, so it prints the numbers that script prints on PyTorch.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse(40, 3, 2e-3, "digits.png")?;
    let split = Split::new(args.seed)?;
    let model = mlp();
    train(&model, &split, &args)
}

mod common;
use common::{mlp, train, Args, Split};
