//! The digits CNN example's training (`examples/digits_cnn.rs`) as PyTorch runs it: the first
//! epochs of `examples/python/digits_cnn.py` on PyTorch, recorded in
//! `crates/ferrograd-py/tests/data/digits_cnn_example.out` (seed 0, 80/20 split, two
//! conv–ReLU–pool blocks and a linear layer, Adam with lr 2e-3, batches of 32), give the same
//! mean losses and accuracies here.

use ferrograd::data::datasets::digits;
use ferrograd::data::{random_split, split_lengths, DataLoader, TensorDataset};
use ferrograd::nn::{
    Conv2d, CrossEntropyLoss, Flatten, Linear, Loss, MaxPool2d, Module, ReLU, Sequential, Unflatten,
};
use ferrograd::ops::ConvOptions;
use ferrograd::optim::{Adam, AdamOptions, Optimizer};
use ferrograd::{Reduction, Tensor};

/// (epoch, loss, train accuracy, test accuracy) of each epoch line of the recorded output.
fn recorded() -> Vec<(usize, f64, f64, f64)> {
    include_str!("../../ferrograd-py/tests/data/digits_cnn_example.out")
        .lines()
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

#[test]
fn digits_cnn_training_follows_pytorchs_recorded_run() {
    let want = recorded();
    assert_eq!(want.len(), 5);
    let epochs = 2;
    let data = digits();
    let n = data.labels.shape()[0];
    ferrograd::manual_seed(0);
    let parts = random_split(n, &split_lengths(n, &[0.8, 0.2]).unwrap(), None).unwrap();
    let rows = |idx: &[usize]| Tensor::new(idx.iter().map(|&i| i as i64).collect::<Vec<_>>());
    let (train_idx, test_idx) = (rows(&parts[0]), rows(&parts[1]));
    let train = TensorDataset::new(vec![
        data.images.try_index_dim0(&train_idx).unwrap(),
        data.labels.try_index_dim0(&train_idx).unwrap(),
    ])
    .unwrap();
    let (x_test, y_test) = (
        data.images.try_index_dim0(&test_idx).unwrap(),
        data.labels.try_index_dim0(&test_idx).unwrap(),
    );
    assert_eq!((train.len(), y_test.numel()), (1438, 359));
    let loader = DataLoader::new(&train, 32).shuffle(true);
    let conv =
        |c_in, c_out| Conv2d::try_new(c_in, c_out, 3, ConvOptions::new().padding(1), true).unwrap();
    let model = Sequential::new()
        .add(Unflatten::new(1, &[1, 8, 8]))
        .add(conv(1, 16))
        .add(ReLU::new())
        .add(MaxPool2d::new(2))
        .add(conv(16, 32))
        .add(ReLU::new())
        .add(MaxPool2d::new(2))
        .add(Flatten::new())
        .add(Linear::new(32 * 2 * 2, 10));
    let loss_fn = CrossEntropyLoss::new(None, -100, Reduction::Mean, 0.0);
    let options = AdamOptions {
        lr: 2e-3,
        ..Default::default()
    };
    let mut opt = Adam::new(model.parameters(), options).unwrap();
    for &(epoch, loss, train_acc, test_acc) in &want[..epochs] {
        let (mut total, mut right) = (0.0, 0.0);
        for batch in loader.iter() {
            let batch = batch.unwrap();
            opt.zero_grad(true);
            let logits = model.forward(&batch[0]).unwrap();
            let l = loss_fn.loss(&logits, &batch[1]).unwrap();
            l.backward();
            opt.step().unwrap();
            total += l.item() * batch[1].numel() as f64;
            right += logits.argmax(1).eq(&batch[1]).sum().item();
        }
        let test_right = {
            let _g = ferrograd::no_grad();
            model
                .forward(&x_test)
                .unwrap()
                .argmax(1)
                .eq(&y_test)
                .sum()
                .item()
        };
        let m = train.len() as f64;
        assert!(
            (total / m - loss).abs() <= 1e-5,
            "epoch {epoch}: loss {} against {loss}",
            total / m
        );
        assert!(
            (right / m - train_acc).abs() <= 1e-4,
            "epoch {epoch}: {}",
            right / m
        );
        assert!(
            (test_right / 359.0 - test_acc).abs() <= 1e-4,
            "epoch {epoch}: {}",
            test_right / 359.0
        );
    }
}
