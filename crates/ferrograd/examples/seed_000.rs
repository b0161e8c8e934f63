//! Seed 000: derivatives, the numerical limit, gradients of vectors and vector-Jacobian products.
//! Prints exactly what `seed_000.py` prints on PyTorch.

use ferrograd::{PyRepr, Tensor};

fn f(x: f64) -> f64 {
    3.0 * x.powi(2) - 4.0 * x
}

fn numerical_lim(f: fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x + h) - f(x)) / h
}

fn main() {
    let mut h = 0.1;
    for _ in 0..6 {
        println!("h={h:.6}, numerical limit={:.6}", numerical_lim(f, 1.0, h));
        h *= 0.1;
    }

    let x = Tensor::arange(4.0).requires_grad_(true);
    println!("{x}");
    println!("{}", x.grad().py());
    let y = x.dot(&x);
    println!("{y}");
    y.backward();
    println!("{}", x.grad().py());
    println!("{}", x.grad().unwrap().eq(&(2.0 * &x)));

    x.grad().unwrap().zero_();
    let y = x.sum();
    y.backward();
    println!("{}", x.grad().py());

    let x = Tensor::arange(3.0).requires_grad_(true);
    let y = &x * &x;
    y.backward_with(&Tensor::new([1.0, 1.0, 1.0]));
    println!("{}", x.grad().py());

    let x = Tensor::arange(3.0).requires_grad_(true);
    let y = &x * &x;
    y.backward_with(&Tensor::new([1.0, 1.0, 0.0]));
    println!("{}", x.grad().py());

    let a = ferrograd::tensor!([2.0, 3.0], requires_grad = true);
    let b = ferrograd::tensor!([6.0, 4.0], requires_grad = true);
    let q = 3.0 * a.pow(3) - b.pow(2);
    let external_grad = Tensor::new([1, 1]);
    q.backward_with(&external_grad);
    println!("{} {}", a.grad().py(), b.grad().py());
}
