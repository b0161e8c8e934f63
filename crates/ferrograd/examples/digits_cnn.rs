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

use ferrograd::data::datasets::digits;
use ferrograd::data::{random_split, split_lengths, DataLoader, TensorDataset};
use ferrograd::nn::{
    Conv2d, CrossEntropyLoss, Flatten, Linear, Loss, MaxPool2d, Module, ReLU, Sequential, Unflatten,
};
use ferrograd::ops::ConvOptions;
use ferrograd::optim::{Adam, AdamOptions, Optimizer};
use ferrograd::{Reduction, Tensor};
use indicatif::{ProgressBar, ProgressStyle};
use std::time::Instant;

/// The command line: `--epochs N`, `--seed S`, `--lr LR`, `--out PATH`.
struct Args {
    epochs: usize,
    seed: u64,
    lr: f64,
    out: std::path::PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut args = Args {
        epochs: 20,
        seed: 0,
        lr: 2e-3,
        // next to the example's binary: target/release/examples/digits_cnn.png
        out: exe.with_file_name("digits_cnn.png"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let bad = |e: &dyn std::fmt::Display| format!("{flag} {value}: {e}");
        match flag.as_str() {
            "--epochs" => args.epochs = value.parse().map_err(|e| bad(&e))?,
            "--seed" => args.seed = value.parse().map_err(|e| bad(&e))?,
            "--lr" => args.lr = value.parse().map_err(|e| bad(&e))?,
            "--out" => args.out = value.into(),
            _ => {
                return Err(format!(
                    "unknown option {flag} (--epochs, --seed, --lr, --out)"
                ))
            }
        }
    }
    Ok(args)
}

/// How many of `logits`' row-wise predictions equal `labels`.
fn correct(logits: &Tensor, labels: &Tensor) -> usize {
    logits.argmax(1).eq(labels).sum().item() as usize
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = parse_args()?;
    let data = digits();
    let n = data.labels.shape()[0];

    ferrograd::manual_seed(args.seed);
    let parts = random_split(n, &split_lengths(n, &[0.8, 0.2])?, None)?;
    let rows = |idx: &[usize]| Tensor::new(idx.iter().map(|&i| i as i64).collect::<Vec<_>>());
    let (train_idx, test_idx) = (rows(&parts[0]), rows(&parts[1]));
    let train = TensorDataset::new(vec![
        data.images.try_index_dim0(&train_idx)?,
        data.labels.try_index_dim0(&train_idx)?,
    ])?;
    let x_test = data.images.try_index_dim0(&test_idx)?;
    let y_test = data.labels.try_index_dim0(&test_idx)?;
    let loader = DataLoader::new(&train, 32).shuffle(true);

    // each row of 64 pixels becomes a 1×8×8 image; two 3×3 convolutions (padding 1 keeps
    // 8×8), each followed by ReLU and 2×2 max pooling (8×8 → 4×4 → 2×2), then a linear layer
    let conv = |c_in, c_out| Conv2d::try_new(c_in, c_out, 3, ConvOptions::new().padding(1), true);
    let model = Sequential::new()
        .add(Unflatten::new(1, &[1, 8, 8]))
        .add(conv(1, 16)?)
        .add(ReLU::new())
        .add(MaxPool2d::new(2))
        .add(conv(16, 32)?)
        .add(ReLU::new())
        .add(MaxPool2d::new(2))
        .add(Flatten::new())
        .add(Linear::new(32 * 2 * 2, 10));
    let loss_fn = CrossEntropyLoss::new(None, -100, Reduction::Mean, 0.0);
    let options = AdamOptions {
        lr: args.lr,
        ..Default::default()
    };
    let mut optimizer = Adam::new(model.parameters(), options)?;
    println!(
        "ferrograd (Rust): {} training and {} test images",
        train.len(),
        y_test.numel()
    );
    println!("{}", model.as_dyn());

    let bar = ProgressBar::new((args.epochs * loader.len()) as u64);
    bar.set_style(ProgressStyle::with_template(
        "{bar:30.cyan/blue} epoch {prefix} {msg} [{elapsed_precise}<{eta_precise}]",
    )?);
    let start = Instant::now();
    let mut curves = Curves::default();
    let mut test_correct = 0;
    for epoch in 1..=args.epochs {
        bar.set_prefix(format!("{epoch}/{}", args.epochs));
        model.train(true);
        let (mut total, mut right, mut seen) = (0.0, 0, 0);
        for batch in loader.iter() {
            let batch = batch?;
            let (x, y) = (&batch[0], &batch[1]);
            optimizer.zero_grad(true);
            let logits = model.forward(x)?;
            let loss = loss_fn.loss(&logits, y)?;
            loss.try_backward()?;
            optimizer.step()?;
            let len = y.numel();
            total += loss.item() * len as f64;
            right += correct(&logits, y);
            seen += len;
            bar.set_message(format!(
                "loss {:.4} accuracy {:.4}",
                total / seen as f64,
                right as f64 / seen as f64
            ));
            bar.inc(1);
        }
        model.eval();
        test_correct = {
            let _guard = ferrograd::no_grad();
            correct(&model.forward(&x_test)?, &y_test)
        };
        let m = train.len() as f64;
        let line = format!(
            "epoch {epoch:3}  loss {:.6}  train accuracy {:.4}  test accuracy {:.4}",
            total / m,
            right as f64 / m,
            test_correct as f64 / y_test.numel() as f64
        );
        bar.suspend(|| println!("{line}"));
        curves.loss.push(total / m);
        curves.train_accuracy.push(right as f64 / m);
        curves
            .test_accuracy
            .push(test_correct as f64 / y_test.numel() as f64);
    }
    bar.finish_and_clear();
    let n_test = y_test.numel();
    println!(
        "test accuracy {:.2}% ({test_correct}/{n_test}) after {} epochs",
        100.0 * test_correct as f64 / n_test as f64,
        args.epochs
    );
    println!("time {:.2} s", start.elapsed().as_secs_f64());
    curves.plot(&args.out)?;
    println!(
        "plot of the loss and accuracy curves: {}",
        args.out.display()
    );
    Ok(())
}

mod common;
use common::Curves;
