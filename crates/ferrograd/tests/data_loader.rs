//! `ferrograd::data` against the orders recorded from PyTorch for the Python package
//! (`crates/ferrograd-py/tests/data/gen_data_loader.py`): shuffled loaders on the default
//! generator (and what they leave of its stream) and on their own, and `random_split`.

use ferrograd::data::{random_split, split_lengths, DataLoader, TensorDataset};
use ferrograd::{Generator, Tensor};
use serde_json::Value;
use std::sync::Mutex;

/// The loader tests seed the process-wide generator: one at a time.
static RNG: Mutex<()> = Mutex::new(());

fn cases() -> Vec<Value> {
    let v: Value = serde_json::from_str(include_str!(
        "../../ferrograd-py/tests/data/data_loader.json"
    ))
    .expect("valid JSON");
    v["cases"].as_array().expect("cases").clone()
}

fn epochs(loader: &DataLoader<'_>) -> Vec<Vec<Vec<f64>>> {
    (0..2)
        .map(|_| loader.iter().map(|b| b.unwrap()[0].to_f64_vec()).collect())
        .collect()
}

fn recorded_epochs(c: &Value) -> Vec<Vec<Vec<f64>>> {
    serde_json::from_value(c["epochs"].clone()).unwrap()
}

#[test]
fn shuffled_loaders_give_pytorchs_orders() {
    let _g = RNG.lock().unwrap_or_else(|e| e.into_inner());
    let mut n_cases = 0;
    for c in cases() {
        let kind = c["kind"].as_str().unwrap();
        if !kind.starts_with("loader") {
            continue;
        }
        let (seed, n) = (
            c["seed"].as_u64().unwrap(),
            c["n"].as_u64().unwrap() as usize,
        );
        let batch = c["batch"].as_u64().unwrap() as usize;
        let drop_last = c["drop_last"].as_bool().unwrap();
        let ds = TensorDataset::new(vec![Tensor::arange(n as f64)]).unwrap();
        let base = DataLoader::new(&ds, batch)
            .shuffle(true)
            .drop_last(drop_last);
        let loader = if kind == "loader_default" {
            ferrograd::manual_seed(seed);
            base
        } else {
            let g = Generator::new();
            g.manual_seed(seed);
            base.generator(g)
        };
        assert_eq!(
            epochs(&loader),
            recorded_epochs(&c),
            "{kind} seed {seed} n {n}"
        );
        if kind == "loader_default" {
            // the loader took from the default stream exactly what PyTorch's takes
            let after: Vec<f64> = serde_json::from_value(c["after"].clone()).unwrap();
            let got: Vec<f64> = Tensor::rand(&[2]).to_f64_vec();
            assert_eq!(
                got, after,
                "seed {seed}: the default stream after the loader"
            );
        }
        n_cases += 1;
    }
    assert_eq!(n_cases, 24);
}

#[test]
fn random_split_gives_pytorchs_parts() {
    let mut n_cases = 0;
    for c in cases().iter().filter(|c| c["kind"] == "split") {
        let (seed, n) = (
            c["seed"].as_u64().unwrap(),
            c["n"].as_u64().unwrap() as usize,
        );
        let lengths: Vec<f64> = serde_json::from_value(c["lengths"].clone()).unwrap();
        let lengths: Vec<usize> = if lengths.iter().all(|l| l.fract() == 0.0 && *l >= 1.0) {
            lengths.iter().map(|&l| l as usize).collect()
        } else {
            split_lengths(n, &lengths).unwrap()
        };
        let g = Generator::new();
        g.manual_seed(seed);
        let parts = random_split(n, &lengths, Some(&g)).unwrap();
        let want: Vec<Vec<usize>> = serde_json::from_value(c["parts"].clone()).unwrap();
        assert_eq!(parts, want, "seed {seed} n {n}");
        n_cases += 1;
    }
    assert_eq!(n_cases, 12);
    let e = random_split(5, &[2, 2], None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "Sum of input lengths does not equal the length of the input dataset!"
    );
}
