//! Seed 001: derivatives of `x²`, `sin(x / 2^1.5)` and the partial derivatives of
//! `u² + v³ + uv`. Prints exactly what `seed_001.py` prints on PyTorch.

use ferrograd::{PyRepr, Tensor};

fn main() {
    let x = Tensor::new(9.0).requires_grad_(true);
    println!("{x}");
    let y = x.pow(2);
    println!("{y}");
    y.backward();
    println!("{}", x.grad().py());

    let x = Tensor::new(100.0).requires_grad_(true);
    let y = (&x / 2f64.powf(1.5)).sin();
    println!("{x}");
    println!("{y}");
    y.backward();
    println!("{}", x.grad().py());

    let u = Tensor::new(2.0).requires_grad_(true);
    let v = Tensor::new(4.0).requires_grad_(true);
    let f = u.pow(2) + v.pow(3) + &u * &v;
    println!("{u}");
    println!("{v}");
    println!("{f}");
    f.backward();
    println!("{}", u.grad().py());
    println!("{}", v.grad().py());
}
