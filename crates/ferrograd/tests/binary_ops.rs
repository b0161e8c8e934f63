//! Every row of the binary op table against PyTorch: values and both gradients recorded from
//! PyTorch (`tests/data/gen_binary_ops.py` → `binary_ops.json`) over each op's smooth domain and
//! at ties, signed zeros, NaN and infinities, in float32 and float64; and integer inputs.

use ferrograd::ops::{BinaryOp, BINARY_OPS};
use ferrograd::{DType, Tensor};
use serde_json::Value;

mod common;
use common::{recorded_f64 as dec, same_as_recorded};

#[test]
fn every_row_matches_pytorch_values_and_gradients() {
    let data: Value =
        serde_json::from_str(include_str!("data/binary_ops.json")).expect("valid JSON");
    let mut failures = Vec::new();
    let mut checked = 0;
    for op in BINARY_OPS {
        let entry = &data["ops"][op.name];
        assert!(entry.is_object(), "{}: record PyTorch's values", op.name);
        for (dtname, dt, rel) in [
            ("float32", DType::Float32, 4e-6),
            ("float64", DType::Float64, 1e-13),
        ] {
            for row in entry[dtname].as_array().unwrap() {
                let v: Vec<f64> = row.as_array().unwrap().iter().map(dec).collect();
                let a = Tensor::new_with_dtype([v[0]], dt).requires_grad_(true);
                let b = Tensor::new_with_dtype([v[1]], dt).requires_grad_(true);
                let y = op.apply(&a, &b).unwrap();
                y.sum().backward();
                let got = [y.item(), a.grad().unwrap().item(), b.grad().unwrap().item()];
                for (k, what) in ["f", "df/da", "df/db"].iter().enumerate() {
                    if !same_as_recorded(got[k], v[2 + k], rel * 4.0, rel * 4.0) {
                        failures.push(format!(
                            "{} {dtname} {what}({:e}, {:e}) = {:e}, PyTorch {:e}",
                            op.name,
                            v[0],
                            v[1],
                            got[k],
                            v[2 + k]
                        ));
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 1500, "only {checked}");
    assert!(
        failures.is_empty(),
        "{} of {checked} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn broadcasting_sums_gradients_back_to_each_shape() {
    let a = Tensor::new_with_dtype([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], DType::Float64)
        .requires_grad_(true);
    let b = Tensor::new_with_dtype([2.0, 2.0, 2.0], DType::Float64).requires_grad_(true);
    a.atan2(&b).sum().backward();
    assert_eq!(a.grad().unwrap().shape(), &[2, 3]);
    assert_eq!(b.grad().unwrap().shape(), &[3]);
    let want: f64 = [1.0f64, 4.0].iter().map(|&x| -x / (x * x + 4.0)).sum();
    assert!((b.grad().unwrap().to_vec::<f64>()[0] - want).abs() < 1e-15);
    let e = BinaryOp::find("hypot")
        .unwrap()
        .apply(&Tensor::zeros(&[2]), &Tensor::zeros(&[3]));
    assert_eq!(
        e.unwrap_err().to_string(),
        "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0"
    );
}

#[test]
fn integer_rows_stay_integers_as_in_pytorch() {
    let a = Tensor::new([7, -7, 5]);
    let b = Tensor::new([3, 3, -2]);
    assert_eq!(a.fmod(&b).to_vec::<i64>(), vec![1, -1, 1]);
    assert_eq!(a.remainder(&b).to_vec::<i64>(), vec![1, 2, -1]);
    assert_eq!(a.maximum(&b).to_vec::<i64>(), vec![7, 3, 5]);
    assert_eq!(a.fmin(&b).dtype(), DType::Int64);
    assert_eq!(a.atan2(&b).dtype(), DType::Float32);
    let e = a.try_fmod(&Tensor::new([0, 1, 1])).unwrap_err();
    assert_eq!(e.to_string(), "ZeroDivisionError");
}
