//! What the digits examples share: the command line, the seeded split, the two models, the
//! training loop with its progress bar, and the per-epoch curves and their plot. The test
//! `tests/digits_training.rs` runs the same split, models and epochs against PyTorch's record.

// Each example and the test use a part of this module.
#![allow(dead_code)]

use ferrograd::data::datasets::digits;
use ferrograd::data::{random_split, split_lengths, DataLoader, TensorDataset};
use ferrograd::nn::{
    Conv2d, CrossEntropyLoss, Flatten, Linear, Loss, MaxPool2d, Module, ReLU, Sequential, Unflatten,
};
use ferrograd::ops::ConvOptions;
use ferrograd::optim::{Adam, AdamOptions, Optimizer};
use ferrograd::{Reduction, Result as FgResult, Tensor};
use indicatif::{ProgressBar, ProgressStyle};
use plotters::prelude::*;
use plotters::style::FontStyle;
use std::time::Instant;

type Error = Box<dyn std::error::Error>;

/// The command line: `--epochs N`, `--seed S`, `--lr LR`, `--out PATH`.
pub struct Args {
    pub epochs: usize,
    pub seed: u64,
    pub lr: f64,
    pub out: std::path::PathBuf,
}

impl Args {
    /// The command line over these defaults; the plot goes next to the example's binary
    /// (`target/release/examples/<plot>`) unless `--out` says otherwise.
    pub fn parse(epochs: usize, seed: u64, lr: f64, plot: &str) -> Result<Args, String> {
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let mut args = Args {
            epochs,
            seed,
            lr,
            out: exe.with_file_name(plot),
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
}

/// The digits split 80/20 after `manual_seed(seed)`, as `random_split` draws it in PyTorch.
pub struct Split {
    pub train: TensorDataset,
    pub x_test: Tensor,
    pub y_test: Tensor,
}

impl Split {
    /// Seeds the global generator and draws the split (the model is built after this, so its
    /// initial weights continue the same stream, as in the Python scripts).
    pub fn new(seed: u64) -> FgResult<Split> {
        let data = digits();
        let n = data.labels.shape()[0];
        ferrograd::manual_seed(seed);
        let parts = random_split(n, &split_lengths(n, &[0.8, 0.2])?, None)?;
        let rows = |idx: &[usize]| Tensor::new(idx.iter().map(|&i| i as i64).collect::<Vec<_>>());
        let (train_idx, test_idx) = (rows(&parts[0]), rows(&parts[1]));
        Ok(Split {
            train: TensorDataset::new(vec![
                data.images.try_index_dim0(&train_idx)?,
                data.labels.try_index_dim0(&train_idx)?,
            ])?,
            x_test: data.images.try_index_dim0(&test_idx)?,
            y_test: data.labels.try_index_dim0(&test_idx)?,
        })
    }
}

/// The MLP of `examples/digits.rs`: 64-64-10 with a ReLU.
pub fn mlp() -> Sequential {
    Sequential::new()
        .add(Linear::new(64, 64))
        .add(ReLU::new())
        .add(Linear::new(64, 10))
}

/// The CNN of `examples/digits_cnn.rs`: each row of 64 pixels becomes a 1×8×8 image; two 3×3
/// convolutions (padding 1 keeps 8×8), each followed by ReLU and 2×2 max pooling (8×8 → 4×4 →
/// 2×2), then a linear layer.
pub fn cnn() -> FgResult<Sequential> {
    let conv = |c_in, c_out| Conv2d::try_new(c_in, c_out, 3, ConvOptions::new().padding(1), true);
    Ok(Sequential::new()
        .add(Unflatten::new(1, &[1, 8, 8]))
        .add(conv(1, 16)?)
        .add(ReLU::new())
        .add(MaxPool2d::new(2))
        .add(conv(16, 32)?)
        .add(ReLU::new())
        .add(MaxPool2d::new(2))
        .add(Flatten::new())
        .add(Linear::new(32 * 2 * 2, 10)))
}

/// How many of `logits`' row-wise predictions equal `labels`.
fn correct(logits: &Tensor, labels: &Tensor) -> usize {
    logits.argmax(1).eq(labels).sum().item() as usize
}

/// One epoch's figures: the mean training loss and the training and test accuracy.
pub struct Epoch {
    pub loss: f64,
    pub train_accuracy: f64,
    pub test_correct: usize,
    pub test_accuracy: f64,
}

/// Cross-entropy and Adam on batches of 32 from a shuffling loader (the loader, the loss and the
/// optimizer are made in this order, as the Python scripts make them).
pub struct Trainer<'a> {
    model: &'a Sequential,
    split: &'a Split,
    loader: DataLoader<'a>,
    loss_fn: CrossEntropyLoss,
    optimizer: Adam,
}

impl<'a> Trainer<'a> {
    pub fn new(model: &'a Sequential, split: &'a Split, lr: f64) -> FgResult<Trainer<'a>> {
        let loader = DataLoader::new(&split.train, 32).shuffle(true);
        let loss_fn = CrossEntropyLoss::new(None, -100, Reduction::Mean, 0.0);
        let options = AdamOptions {
            lr,
            ..Default::default()
        };
        let optimizer = Adam::new(model.parameters(), options)?;
        Ok(Trainer {
            model,
            split,
            loader,
            loss_fn,
            optimizer,
        })
    }

    /// How many batches an epoch has.
    pub fn batches(&self) -> usize {
        self.loader.len()
    }

    /// One pass over the training set, then the test accuracy; `on_batch` sees the running
    /// mean loss and accuracy after each batch.
    pub fn epoch(&mut self, mut on_batch: impl FnMut(f64, f64)) -> FgResult<Epoch> {
        self.model.train(true);
        let (mut total, mut right, mut seen) = (0.0, 0, 0);
        for batch in self.loader.iter() {
            let batch = batch?;
            let (x, y) = (&batch[0], &batch[1]);
            self.optimizer.zero_grad(true);
            let logits = self.model.forward(x)?;
            let loss = self.loss_fn.loss(&logits, y)?;
            loss.try_backward()?;
            self.optimizer.step()?;
            let len = y.numel();
            total += loss.item() * len as f64;
            right += correct(&logits, y);
            seen += len;
            on_batch(total / seen as f64, right as f64 / seen as f64);
        }
        self.model.eval();
        let test_correct = {
            let _guard = ferrograd::no_grad();
            correct(&self.model.forward(&self.split.x_test)?, &self.split.y_test)
        };
        let m = self.split.train.len() as f64;
        Ok(Epoch {
            loss: total / m,
            train_accuracy: right as f64 / m,
            test_correct,
            test_accuracy: test_correct as f64 / self.split.y_test.numel() as f64,
        })
    }
}

/// Trains `model` for `args.epochs` epochs with a progress bar and one line per epoch; prints
/// the test accuracy and writes the plot.
pub fn train(model: &Sequential, split: &Split, args: &Args) -> Result<(), Error> {
    let mut trainer = Trainer::new(model, split, args.lr)?;
    let n_test = split.y_test.numel();
    println!(
        "ferrograd (Rust): {} training and {n_test} test images",
        split.train.len()
    );
    println!("{}", model.as_dyn());

    let bar = ProgressBar::new((args.epochs * trainer.batches()) as u64);
    bar.set_style(ProgressStyle::with_template(
        "{bar:30.cyan/blue} epoch {prefix} {msg} [{elapsed_precise}<{eta_precise}]",
    )?);
    let start = Instant::now();
    let mut curves = Curves::default();
    let mut test_correct = 0;
    for epoch in 1..=args.epochs {
        bar.set_prefix(format!("{epoch}/{}", args.epochs));
        let e = trainer.epoch(|loss, accuracy| {
            bar.set_message(format!("loss {loss:.4} accuracy {accuracy:.4}"));
            bar.inc(1);
        })?;
        let line = format!(
            "epoch {epoch:3}  loss {:.6}  train accuracy {:.4}  test accuracy {:.4}",
            e.loss, e.train_accuracy, e.test_accuracy
        );
        bar.suspend(|| println!("{line}"));
        curves.loss.push(e.loss);
        curves.train_accuracy.push(e.train_accuracy);
        curves.test_accuracy.push(e.test_accuracy);
        test_correct = e.test_correct;
    }
    bar.finish_and_clear();
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

/// Per-epoch figures: the mean training loss, and the training and test accuracy.
#[derive(Default)]
pub struct Curves {
    pub loss: Vec<f64>,
    pub train_accuracy: Vec<f64>,
    pub test_accuracy: Vec<f64>,
}

impl Curves {
    /// Two panels side by side: the loss, and both accuracies, against the epoch.
    pub fn plot(&self, path: &std::path::Path) -> Result<(), Error> {
        plotters::style::register_font(
            "sans-serif",
            FontStyle::Normal,
            include_bytes!("../../../../assets/DejaVuSans.ttf"),
        )
        .map_err(|_| "the bundled font could not be read")?;
        let root = BitMapBackend::new(path, (1000, 400)).into_drawing_area();
        root.fill(&WHITE)?;
        let (left, right) = root.split_horizontally(500);
        let epochs = self.loss.len().max(1) as f64;
        let points = |ys: &[f64]| -> Vec<(f64, f64)> {
            ys.iter()
                .enumerate()
                .map(|(i, &y)| ((i + 1) as f64, y))
                .collect()
        };
        let blue = RGBColor(31, 119, 180);
        let orange = RGBColor(255, 127, 14);

        let top = self.loss.iter().cloned().fold(0.0, f64::max) * 1.05;
        let mut chart = ChartBuilder::on(&left)
            .caption("training loss", ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(52)
            .build_cartesian_2d(1.0..epochs, 0.0..top.max(1e-3))?;
        chart
            .configure_mesh()
            .x_desc("epoch")
            .y_desc("cross-entropy")
            .draw()?;
        chart.draw_series(LineSeries::new(points(&self.loss), blue.stroke_width(2)))?;

        let low = self
            .train_accuracy
            .iter()
            .chain(&self.test_accuracy)
            .cloned()
            .fold(1.0, f64::min);
        let mut chart = ChartBuilder::on(&right)
            .caption("accuracy", ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(52)
            .build_cartesian_2d(1.0..epochs, (low - 0.02).max(0.0)..1.0)?;
        chart.configure_mesh().x_desc("epoch").draw()?;
        chart
            .draw_series(LineSeries::new(
                points(&self.train_accuracy),
                blue.stroke_width(2),
            ))?
            .label("train")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], blue));
        chart
            .draw_series(LineSeries::new(
                points(&self.test_accuracy),
                orange.stroke_width(2),
            ))?
            .label("test")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], orange));
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()?;
        root.present()?;
        Ok(())
    }
}
