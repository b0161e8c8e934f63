//! Seed 004: `y = x²` and the attributes of a leaf and of a computed tensor, then the partial
//! derivatives of `uv + u²`. Prints exactly what `seed_004.py` prints on PyTorch.

use ferrograd::{PyRepr, Tensor};

fn main() {
    let x = Tensor::new(2.0).requires_grad_(true);
    println!("The tensor x:  {x}");
    let y = x.pow(2);
    println!("The result of y = x^2:  {y}");
    y.backward();
    println!("The dervative at x = 2:  {}", x.grad().py());

    println!("data: {}", x.data());
    println!("grad_fn: {}", x.grad_fn().py());
    println!("grad: {}", x.grad().py());
    println!("is_leaf: {}", x.is_leaf().py());
    println!("requires_grad: {}", x.requires_grad().py());

    println!("data: {}", y.data());
    println!("grad_fn: {}", y.grad_fn().py());
    println!("grad: {}", y.grad().py());
    println!("is_leaf: {}", y.is_leaf().py());
    println!("requires_grad: {}", y.requires_grad().py());

    let u = Tensor::new(1.0).requires_grad_(true);
    let v = Tensor::new(2.0).requires_grad_(true);
    let f = &u * &v + u.pow(2);
    println!("The result of v * u + u^2:  {f}");
    f.backward();
    println!(
        "The partial derivative with respect to u:  {}",
        u.grad().py()
    );
    println!(
        "The partial derivative with respect to v:  {}",
        v.grad().py()
    );
}
