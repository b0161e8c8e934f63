//! The digits examples' training as PyTorch runs it: the first epochs of
//! `examples/python/digits.py` and `examples/python/digits_cnn.py` on PyTorch, recorded in
//! `crates/ferrograd-py/tests/data/digits_example.out` (seed 3, 64-64-10 MLP) and
//! `digits_cnn_example.out` (seed 0, two conv–ReLU–pool blocks and a linear layer), each with
//! an 80/20 split, Adam with lr 2e-3 and batches of 32, give the same mean losses and accuracies
//! when the examples' own split, models and training loop (`examples/common`) run here.

#[path = "../examples/common/mod.rs"]
mod common;

use common::{Split, Trainer};
use ferrograd::nn::Sequential;

/// (epoch, loss, train accuracy, test accuracy) of each epoch line of a recorded output.
fn recorded(out: &str) -> Vec<(usize, f64, f64, f64)> {
    out.lines()
        .filter_map(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            (w.first() == Some(&"epoch")).then(|| {
                (
                    w[1].parse().unwrap(),
                    w[3].parse().unwrap(),
                    w[6].parse().unwrap(),
                    w[9].parse().unwrap(),
                )
            })
        })
        .collect()
}

/// Both tests seed the global generator: they take turns.
fn rng_lock() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

/// Trains `model()` (built after the seeded split, as the examples build it) for `epochs`
/// epochs and compares each epoch with the record.
fn follows(record: &str, seed: u64, epochs: usize, model: impl Fn() -> Sequential) {
    let _rng = rng_lock();
    let want = recorded(record);
    assert!(want.len() >= epochs);
    let split = Split::new(seed).unwrap();
    assert_eq!((split.train.len(), split.y_test.numel()), (1438, 359));
    let model = model();
    let mut trainer = Trainer::new(&model, &split, 2e-3).unwrap();
    for &(epoch, loss, train_acc, test_acc) in &want[..epochs] {
        let e = trainer.epoch(|_, _| {}).unwrap();
        assert!(
            (e.loss - loss).abs() <= 1e-5,
            "epoch {epoch}: loss {} against {loss}",
            e.loss
        );
        assert!(
            (e.train_accuracy - train_acc).abs() <= 1e-4,
            "epoch {epoch}: train accuracy {} against {train_acc}",
            e.train_accuracy
        );
        assert!(
            (e.test_accuracy - test_acc).abs() <= 1e-4,
            "epoch {epoch}: test accuracy {} against {test_acc}",
            e.test_accuracy
        );
    }
}

#[test]
fn the_mlp_follows_pytorchs_recorded_run() {
    let record = include_str!("../../ferrograd-py/tests/data/digits_example.out");
    follows(record, 3, 3, common::mlp);
}

#[test]
fn the_cnn_follows_pytorchs_recorded_run() {
    let record = include_str!("../../ferrograd-py/tests/data/digits_cnn_example.out");
    follows(record, 0, 2, || common::cnn().unwrap());
}
