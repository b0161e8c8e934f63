//! In-place operations on views, as PyTorch 2.15 records them (values recorded from it): the
//! base takes a `CopySlices` node and the view an `AsStridedBackward0` node, other views of the
//! base follow the change, and gradients flow to everything the written values came from.
//! PyTorch's errors for overlapping views, views of leaves and views made in no-grad mode.

use ferrograd::autograd::{gradcheck, gradgradcheck, GradcheckOptions};
use ferrograd::{DType, Tensor};

fn x23() -> Tensor {
    Tensor::from_vec(vec![1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]).requires_grad_(true)
}

fn names(make: impl Fn(&Tensor) -> Tensor) -> (String, String, String) {
    let x = Tensor::arange(6.0).reshape(&[2, 3]).requires_grad_(true);
    let y = &x * 1.0;
    let v = make(&y);
    let w = y.select(0, 1);
    v.mul_(2.0);
    (
        y.grad_fn().unwrap().name().to_string(),
        v.grad_fn().unwrap().name().to_string(),
        w.grad_fn().unwrap().name().to_string(),
    )
}

#[test]
fn the_base_takes_copy_slices_and_views_as_strided() {
    type MakeView = Box<dyn Fn(&Tensor) -> Tensor>;
    let cases: Vec<(&str, MakeView)> = vec![
        ("slice", Box::new(|y| y.narrow(0, 0, 1))),
        ("select", Box::new(|y| y.select(0, 0))),
        ("t", Box::new(|y| y.t())),
        ("view", Box::new(|y| y.view(&[6]))),
        ("narrow", Box::new(|y| y.narrow(1, 1, 2))),
        ("unsqueeze", Box::new(|y| y.unsqueeze(0))),
        (
            "view of a view",
            Box::new(|y| y.select(0, 0).narrow(0, 1, 2)),
        ),
    ];
    for (what, make) in cases {
        let (b, v, w) = names(make);
        assert_eq!(
            (b.as_str(), v.as_str(), w.as_str()),
            (
                "torch::autograd::CopySlices",
                "AsStridedBackward0",
                "AsStridedBackward0"
            ),
            "{what}"
        );
    }
    let x = Tensor::ones(&[4]).requires_grad_(true);
    let y = &x * 2.0;
    y.narrow(0, 0, 2).mul_(3.0);
    assert_eq!(
        y.to_string(),
        "tensor([6., 6., 2., 2.], grad_fn=<CopySlices>)"
    );
    assert!(y
        .grad_fn()
        .unwrap()
        .to_string()
        .starts_with("<CopySlices object at 0x"));
    y.sum().backward();
    assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![6.0, 6.0, 2.0, 2.0]);
}

#[test]
fn gradients_flow_through_the_written_values_and_other_views() {
    let x = x23();
    let y = &x * 1.0;
    let v = y.narrow(1, 1, 2);
    v.mul_(x.narrow(1, 0, 2));
    let w = y.select(0, 0);
    let c = Tensor::arange(6.0).reshape(&[2, 3]);
    (&y * &c)
        .sum()
        .try_backward_opts(&ferrograd::BackwardOptions::new().retain_graph(true))
        .unwrap();
    // PyTorch: [[2, 7, 4], [23, 46, 25]]
    assert_eq!(
        x.grad().unwrap().to_vec::<f32>(),
        vec![2.0, 7.0, 4.0, 23.0, 46.0, 25.0]
    );
    x.set_grad(None);
    w.sum().backward();
    // PyTorch: [[3, 4, 2], [0, 0, 0]]
    assert_eq!(
        x.grad().unwrap().to_vec::<f32>(),
        vec![3.0, 4.0, 2.0, 0.0, 0.0, 0.0]
    );
}

#[test]
fn a_view_made_before_an_in_place_op_on_the_base_follows_it() {
    let x = x23();
    let y = &x + 1.0;
    let w = y.select(0, 1);
    assert_eq!(w.grad_fn().unwrap().name(), "SelectBackward0");
    y.mul_(&x);
    assert_eq!(w.grad_fn().unwrap().name(), "AsStridedBackward0");
    assert_eq!(w.to_vec::<f32>(), vec![20.0, 30.0, 42.0]);
    w.sum().backward();
    // d/dx (x + 1) x = 2x + 1 on the second row
    assert_eq!(
        x.grad().unwrap().to_vec::<f32>(),
        vec![0.0, 0.0, 0.0, 9.0, 11.0, 13.0]
    );
}

#[test]
fn writing_a_tensor_that_requires_grad_into_a_plain_one() {
    let x = Tensor::from_vec(vec![1.0f64, 2.0], &[2]).requires_grad_(true);
    let y = Tensor::zeros_dtype(&[2, 2], DType::Float64);
    y.select(0, 1).copy_(&(&x * 3.0));
    assert_eq!(y.grad_fn().unwrap().name(), "torch::autograd::CopySlices");
    (&y * &y).sum().backward();
    // d/dx sum((3x)^2) = 18x
    assert_eq!(x.grad().unwrap().to_vec::<f64>(), vec![18.0, 36.0]);
}

#[test]
fn in_place_ops_on_views_pass_gradcheck_and_gradgradcheck() {
    let f = |v: &[Tensor]| {
        let y = v[0].try_mul_scalar(1.0)?;
        y.narrow(1, 1, 2).try_mul_(&v[1])?;
        y.t().select(0, 0).try_add_(v[1].select(1, 0))?;
        y.narrow(0, 1, 1).sin_();
        Ok(vec![y.try_mul(&y)?])
    };
    ferrograd::manual_seed(7);
    let inputs = [
        Tensor::randn_dtype(&[2, 3], DType::Float64).requires_grad_(true),
        Tensor::randn_dtype(&[2, 2], DType::Float64).requires_grad_(true),
    ];
    gradcheck(f, &inputs, GradcheckOptions::default()).unwrap();
    gradgradcheck(f, &inputs, GradcheckOptions::default()).unwrap();
}

#[test]
fn pytorchs_errors() {
    let x = Tensor::ones(&[3]).requires_grad_(true);
    assert_eq!(
        x.select(0, 0).try_mul_(2.0).unwrap_err().to_string(),
        "a view of a leaf Variable that requires grad is being used in an in-place operation."
    );
    {
        let _g = ferrograd::no_grad();
        x.select(0, 0).mul_(2.0);
    }
    assert_eq!(x.detach().to_vec::<f32>(), vec![2.0, 1.0, 1.0]);
    let y = &x * 1.0;
    let z = {
        let _g = ferrograd::no_grad();
        y.select(0, 0)
    };
    assert!(z.try_mul_(2.0).unwrap_err().to_string().starts_with(
        "A view was created in no_grad mode and is being modified inplace with grad mode enabled."
    ));
    let e = y.narrow(0, 0, 1).expand(&[3, 3]);
    assert_eq!(
        e.try_mul_(2.0).unwrap_err().to_string(),
        "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."
    );
}
