//! Every row of the elementwise op table against PyTorch: values and gradients recorded from
//! PyTorch (`tests/data/gen_unary_ops.py` → `unary_ops.json`) over each op's smooth domain, at
//! its kinks and at IEEE edge values (±0, ±1, NaN, ±inf, subnormals, huge values), in float32
//! and float64. NaN must be NaN, infinities and the sign of a zero must match; other values
//! within a few ulps (PyTorch's float32 kernels are vectorised approximations).

use ferrograd::ops::{UnaryOp, UNARY_OPS};
use ferrograd::{DType, Tensor};
use serde_json::Value;

mod common;
use common::{recorded_f64 as dec, same_as_recorded};

#[test]
fn every_row_matches_pytorch_values_and_gradients() {
    let data: Value =
        serde_json::from_str(include_str!("data/unary_ops.json")).expect("valid JSON");
    let ops = data["ops"].as_object().expect("ops");
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, entry) in ops {
        let op = UnaryOp::find(name).unwrap_or_else(|| panic!("no row for {name}"));
        let p = op.default_params();
        for (dtname, dt, rel, abs) in [
            ("float32", DType::Float32, 4e-6, 1e-6),
            ("float64", DType::Float64, 1e-13, 1e-15),
        ] {
            let e = &entry[dtname];
            let xs: Vec<f64> = e["x"].as_array().unwrap().iter().map(dec).collect();
            for (i, &x0) in xs.iter().enumerate() {
                let want_y = dec(&e["y"][i]);
                let want_g = dec(&e["grad"][i]);
                let x = Tensor::new_with_dtype([x0], dt).requires_grad_(true);
                let y = op.apply(&x, &p).unwrap();
                y.sum().backward();
                let got_y = y.item();
                let got_g = x.grad().unwrap().item();
                // huge inputs may overflow a derivative's intermediate differently: compare
                // what PyTorch returns where it is finite or a clean special value
                if !same_as_recorded(got_y, want_y, rel, abs) {
                    failures.push(format!(
                        "{name} {dtname} f({x0:e}) = {got_y:e}, PyTorch {want_y:e}"
                    ));
                }
                if !same_as_recorded(got_g, want_g, rel * 4.0, abs) {
                    failures.push(format!(
                        "{name} {dtname} f'({x0:e}) = {got_g:e}, PyTorch {want_g:e}"
                    ));
                }
                checked += 2;
            }
        }
    }
    assert!(checked > 2000, "only {checked} values");
    assert!(
        failures.is_empty(),
        "{} of {checked} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_row_has_recorded_pytorch_values() {
    let data: Value =
        serde_json::from_str(include_str!("data/unary_ops.json")).expect("valid JSON");
    for op in UNARY_OPS {
        assert!(
            data["ops"].get(op.name).is_some(),
            "{}: add it to tests/data/gen_unary_ops.py and record PyTorch's values",
            op.name
        );
    }
}
