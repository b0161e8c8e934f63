//! Seed 002: the attributes of leaves and non-leaves (data, grad, grad_fn, is_leaf,
//! requires_grad), partial derivatives, and n-th derivatives with `autograd::grad`.
//! Prints exactly what `seed_002.py` prints on PyTorch.

use ferrograd::autograd::{grad_with, GradOptions};
use ferrograd::{PyRepr, Tensor};

fn nth_derivative(f: Tensor, wrt: &Tensor, n: usize) -> Tensor {
    let mut f = f;
    let mut grads = None;
    let opts = GradOptions::new().create_graph(true);
    for _ in 0..n {
        let g = grad_with(&[f], std::slice::from_ref(wrt), &opts).unwrap()[0]
            .clone()
            .unwrap();
        f = g.sum();
        grads = Some(g);
    }
    grads.expect("n >= 1")
}

fn main() {
    let x = Tensor::new(3.0).requires_grad_(true);
    println!("{x}");
    let y = 3 * x.pow(2);
    println!("{y}");
    y.backward();
    println!("Derivative of the equation at x=3 is: {}", x.grad().py());

    println!("data attribute of the tensor: {}", x.data());
    println!("grad attribute of the tensor:: {}", x.grad().py());
    println!("grad_fn attribute of the tensor:: {}", x.grad_fn().py());
    println!("is_leaf attribute of the tensor:: {}", x.is_leaf().py());
    println!(
        "requires_grad attribute of the tensor:: {}",
        x.requires_grad().py()
    );

    println!("data attribute of the tensor: {}", y.data());
    // As in Python, `retain_grad()` returns nothing, which prints as `None`.
    #[allow(clippy::unit_arg)]
    {
        println!("grad attribute of the tensor: {}", y.retain_grad().py());
    }
    println!("grad_fn attribute of the tensor: {}", y.grad_fn().py());
    println!("is_leaf attribute of the tensor: {}", y.is_leaf().py());
    println!(
        "requires_grad attribute of the tensor: {}",
        y.requires_grad().py()
    );

    let x = Tensor::new(3.0).requires_grad_(true);
    let y = 6 * x.pow(2) + 2 * &x + 4;
    println!("Result of the equation is: {y}");
    y.backward();
    println!("Derivative of the equation at x = 3 is: {}", x.grad().py());

    let u = Tensor::new(3.0).requires_grad_(true);
    let v = Tensor::new(4.0).requires_grad_(true);
    let f = u.pow(3) + v.pow(2) + 4 * &u * &v;
    println!("{u}");
    println!("{v}");
    println!("{f}");
    f.backward();
    println!("Partial Derivative w.r.t. u: {}", u.grad().py());
    println!("Partial Derivative w.r.t. v: {}", v.grad().py());

    let x = Tensor::new(5.0).requires_grad_(true);
    let f = x.pow(2) + x.pow(3);
    println!("{}", nth_derivative(f, &x, 2));
}
