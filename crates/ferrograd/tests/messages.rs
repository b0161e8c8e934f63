//! Error messages and their Python exception classes, asserted exactly against the texts PyTorch
//! 2.15 produces for the same code (`tests/data/torch_messages.json`; the Python code of each
//! case is the function of the same name in `tests/data/gen_messages.py`).
//!
//! Where the Rust API spells a Python construct differently, the case says how (`x[5]` is
//! `x.select(0, 5)`, `view(-1, -1)` is `try_reshape_infer(&[-1, -1])`, keyword arguments are
//! option builders). A Python exception class is an [`ErrorKind`]; the plain (non-`try_`) forms
//! panic with the same text.

use ferrograd::autograd::{grad, grad_with, GradOptions, NONLEAF_GRAD_WARNING};
use ferrograd::{tensor, BackwardOptions, DType, Error, Tensor};
use serde_json::Value;
use std::sync::OnceLock;

fn torch_messages() -> &'static Value {
    static JSON: OnceLock<Value> = OnceLock::new();
    JSON.get_or_init(|| {
        serde_json::from_str(include_str!("data/torch_messages.json"))
            .expect("torch_messages.json parses")
    })
}

/// PyTorch's (exception class, message) for a case of the JSON file.
fn torch(key: &str) -> (String, String) {
    let case = &torch_messages()[key];
    let field = |f: &str| {
        case[f]
            .as_str()
            .unwrap_or_else(|| panic!("case {key} has no {f}"))
            .to_string()
    };
    (field("type"), field("message"))
}

/// Asserts that `result` failed exactly as PyTorch does in case `key`: same text, same class.
#[track_caller]
fn assert_torch<T: std::fmt::Debug>(key: &str, result: Result<T, Error>) {
    let err = result.expect_err(key);
    let (class, message) = torch(key);
    assert_eq!(err.message(), message, "message of case {key}");
    assert_eq!(err.to_string(), message, "Display of case {key}");
    assert_eq!(err.kind().python_name(), class, "class of case {key}");
}

/// Asserts an error's exact text and class, for texts measured on PyTorch 2.15.0 beyond the JSON.
#[track_caller]
fn assert_err<T: std::fmt::Debug>(result: Result<T, Error>, class: &str, message: &str) {
    let err = result.expect_err(message);
    assert_eq!(err.message(), message);
    assert_eq!(err.kind().python_name(), class, "class of: {message}");
}

/// The message a closure panics with (the plain forms panic with the error's text).
fn panic_text(f: impl FnOnce() + std::panic::UnwindSafe) -> String {
    let payload = std::panic::catch_unwind(f).expect_err("expected a panic");
    if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else {
        panic!("non-string panic payload")
    }
}

fn leaf(shape: &[usize]) -> Tensor {
    Tensor::ones(shape).requires_grad_(true)
}

#[test]
fn the_json_is_from_torch_2_15() {
    assert_eq!(torch_messages()["_torch_version"], "2.15.0");
}

// ---- autograd ------------------------------------------------------------------------------

#[test]
fn backward_on_a_non_scalar() {
    assert_torch("backward_non_scalar", (&leaf(&[2]) * 2.0).try_backward());
    // Any one-element tensor counts as a scalar.
    let x = leaf(&[1, 1]);
    (&x * 2.0).backward();
    assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![2.0]);
    // The panicking form panics with the same text.
    let (_, message) = torch("backward_non_scalar");
    assert_eq!(panic_text(|| (&leaf(&[2]) * 2.0).backward()), message);
}

#[test]
fn second_backward_after_the_saved_values_are_freed() {
    let x = leaf(&[2]);
    let s = x.exp().sum();
    s.backward();
    assert_torch("backward_twice", s.try_backward());
    // The first backward did its work; the failed one added nothing.
    let e1 = 1f32.exp();
    assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![e1, e1]);

    let x = leaf(&[2]);
    let s = x.exp().sum();
    grad(std::slice::from_ref(&s), std::slice::from_ref(&x)).unwrap();
    assert_torch("autograd_grad_twice", grad(&[s], &[x]));
}

#[test]
fn multiplying_by_a_number_keeps_it_as_pytorch_saves_it() {
    // PyTorch 2.15: `x * 2` and `x / 2` save the number (MulBackward0/DivBackward0 have
    // `_saved_other`), so a second backward is refused; `x + 2`, `x - 2`, `2 - x` save nothing
    // and run twice
    for f in [|x: &Tensor| x * 2.0, |x: &Tensor| x / 2.0] {
        let x = leaf(&[2]);
        let s = f(&x).sum();
        s.backward();
        assert_torch("backward_twice", s.try_backward());
        let x = leaf(&[2]);
        let s = f(&x).sum();
        let keep = ferrograd::BackwardOptions {
            retain_graph: Some(true),
            ..ferrograd::BackwardOptions::new()
        };
        s.try_backward_opts(&keep).unwrap();
        s.backward(); // retain_graph kept it
    }
    for f in [
        |x: &Tensor| x + 2.0,
        |x: &Tensor| x - 2.0,
        |x: &Tensor| x.try_rsub_scalar(2.0).unwrap(),
    ] {
        let x = leaf(&[2]);
        let s = f(&x).sum();
        s.backward();
        s.backward();
    }
}

#[test]
fn a_graph_that_saved_nothing_runs_twice_and_retain_graph_keeps_saved_values() {
    let x = leaf(&[2]);
    let s = (&x + &x).sum();
    s.backward();
    s.backward();
    assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![4.0, 4.0]);

    let x = leaf(&[2]);
    let s = x.exp().sum();
    s.try_backward_opts(&BackwardOptions::new().retain_graph(true))
        .unwrap();
    s.try_backward_opts(&BackwardOptions::new().retain_graph(true))
        .unwrap();
    s.backward();
    let e = 1f32.exp();
    assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![3.0 * e, 3.0 * e]);
    assert_torch("backward_twice", s.try_backward());

    // retain_graph defaults to create_graph.
    let x = leaf(&[2]);
    let s = x.exp().sum();
    s.try_backward_opts(&BackwardOptions::new().create_graph(true))
        .unwrap();
    s.backward();
    assert_torch("backward_twice", s.try_backward());

    // grad() with retain_graph, then without, then the error.
    let x = leaf(&[2]);
    let s = x.exp().sum();
    let keep = GradOptions::new().retain_graph(true);
    grad_with(std::slice::from_ref(&s), std::slice::from_ref(&x), &keep).unwrap();
    grad(std::slice::from_ref(&s), std::slice::from_ref(&x)).unwrap();
    assert_torch("autograd_grad_twice", grad(&[s], &[x]));
}

#[test]
fn requires_grad_on_integer_and_bool_tensors() {
    let ints = Tensor::ones_dtype(&[2], DType::Int64);
    // `t.requires_grad_()`, the method.
    assert_torch("requires_grad_int64", ints.try_requires_grad_(true));
    // `t.requires_grad = True`, the attribute.
    assert_torch(
        "requires_grad_int64_attribute",
        ints.try_set_requires_grad(true),
    );
    assert!(!ints.requires_grad());
    // `torch.tensor([1, 2], requires_grad=True)`, the factory: the tensor! macro.
    let (_, factory) = torch("requires_grad_int64_factory");
    assert_eq!(
        panic_text(|| drop(tensor!([1, 2], requires_grad = true))),
        factory
    );
    assert_torch(
        "requires_grad_bool",
        Tensor::ones_dtype(&[2], DType::Bool).try_requires_grad_(true),
    );
    // Turning it off on an integer tensor is allowed, as in PyTorch.
    assert!(ints.try_requires_grad_(false).is_ok());
    assert!(ints.try_set_requires_grad(false).is_ok());
    drop(tensor!([1, 2], requires_grad = false));
}

#[test]
fn grad_of_a_non_leaf_warns_and_is_none() {
    // PyTorch's warning text ends with where it was triggered inside its C++ sources.
    let (class, message) = torch("grad_of_non_leaf_warning");
    assert_eq!(class, "UserWarning");
    let rest = message
        .strip_prefix(NONLEAF_GRAD_WARNING)
        .expect("the warning text is PyTorch's");
    assert!(rest.starts_with(" (Triggered internally at "), "{rest}");
    let y = &leaf(&[2]) * 2.0;
    assert!(y.grad_access_warns());
    assert!(y.grad().is_none());
    y.retain_grad();
    assert!(!y.grad_access_warns());
}

#[test]
fn retain_grad_and_requires_grad_on_non_leaves() {
    assert_torch(
        "retain_grad_without_requires_grad",
        Tensor::ones(&[2]).try_retain_grad(),
    );
    let y = &leaf(&[2]) * 2.0;
    assert_torch(
        "requires_grad_false_on_non_leaf",
        y.try_set_requires_grad(false),
    );
    assert_torch(
        "requires_grad_false_on_non_leaf_method",
        y.try_requires_grad_(false),
    );
    assert!(y.requires_grad() && !y.is_leaf());
    // Turning it on again is a no-op.
    assert!(y.try_requires_grad_(true).is_ok());
}

#[test]
fn inplace_on_a_leaf_that_requires_grad_leaves_it_unmodified() {
    let x = leaf(&[2]);
    assert_torch("inplace_on_leaf", x.try_add_(1i64));
    assert_eq!(x.to_vec::<f32>(), vec![1.0, 1.0]);
    assert_eq!(x.version(), 0);
    assert!(x.is_leaf() && x.grad_fn().is_none());

    let s = leaf(&[]);
    assert_torch("inplace_on_leaf_scalar", s.try_mul_(2i64));
    assert_eq!(s.item(), 1.0);
    assert_eq!(s.version(), 0);

    for (what, r) in [
        ("sub_", x.try_sub_(1.0).map(|_| ())),
        ("div_", x.try_div_(2.0).map(|_| ())),
        (
            "mul_ by a tensor",
            x.try_mul_(Tensor::ones(&[2])).map(|_| ()),
        ),
        ("fill_", x.try_fill_(3.0).map(|_| ())),
        ("copy_", x.try_copy_(&Tensor::zeros(&[2])).map(|_| ())),
    ] {
        let err = r.expect_err(what);
        assert_eq!(err.message(), torch("inplace_on_leaf").1, "{what}");
    }
    assert_eq!(x.to_vec::<f32>(), vec![1.0, 1.0]);
    assert_eq!(x.version(), 0);
    // The plain form panics with the same text, still without modifying the leaf.
    let y = x.clone();
    assert_eq!(
        panic_text(move || {
            y.add_(1.0);
        }),
        torch("inplace_on_leaf").1
    );
    assert_eq!(x.to_vec::<f32>(), vec![1.0, 1.0]);
    // Under no_grad the update is allowed (the way optimisers step parameters).
    {
        let _g = ferrograd::no_grad();
        x.add_(1.0);
    }
    assert_eq!(x.to_vec::<f32>(), vec![2.0, 2.0]);
    assert_eq!(x.version(), 1);
}

/// `x = leaf; y = x.exp(); y.add_(1); y.sum().backward()`.
fn modified_output(shape: &[usize], dtype: DType) -> ferrograd::Result<()> {
    let x = Tensor::ones_dtype(shape, dtype).requires_grad_(true);
    let y = x.exp();
    y.add_(1i64);
    y.sum().try_backward()
}

/// `a = leaf; b = ones; c = a * b; b.add_(1); c.sum().backward()`.
fn modified_input(shape: &[usize], dtype: DType) -> ferrograd::Result<()> {
    let a = Tensor::ones_dtype(shape, dtype).requires_grad_(true);
    let b = Tensor::ones_dtype(shape, dtype);
    let c = &a * &b;
    b.add_(1i64);
    c.sum().try_backward()
}

#[test]
fn a_saved_tensor_modified_in_place() {
    assert_torch(
        "inplace_modified_saved_output",
        modified_output(&[2], DType::Float32),
    );
    assert_torch(
        "inplace_modified_saved_output_float64",
        modified_output(&[2], DType::Float64),
    );
    assert_torch(
        "inplace_modified_saved_output_scalar",
        modified_output(&[], DType::Float32),
    );
    assert_torch(
        "inplace_modified_saved_output_float64_scalar",
        modified_output(&[], DType::Float64),
    );
    assert_torch(
        "inplace_modified_saved_output_2x3",
        modified_output(&[2, 3], DType::Float32),
    );
    assert_torch(
        "inplace_modified_saved_input",
        modified_input(&[2], DType::Float32),
    );
    assert_torch(
        "inplace_modified_saved_input_float64",
        modified_input(&[2], DType::Float64),
    );
    assert_torch(
        "inplace_modified_saved_input_scalar",
        modified_input(&[], DType::Float32),
    );
    assert_torch(
        "inplace_modified_saved_input_float64_scalar",
        modified_input(&[], DType::Float64),
    );

    // Two in-place updates: version 2.
    let a = leaf(&[2]);
    let b = Tensor::ones(&[2]);
    let c = &a * &b;
    b.add_(1i64);
    b.mul_(2i64);
    assert_eq!(b.version(), 2);
    assert_torch("inplace_modified_saved_input_twice", c.sum().try_backward());

    // A saved input that is itself an op's output names the op that last wrote it.
    let x = leaf(&[2]);
    let y = x.sin();
    let z = &y * &y;
    y.add_(1i64);
    assert_eq!(y.grad_fn().unwrap().name(), "AddBackward0");
    assert_torch(
        "inplace_modified_saved_output_of_sin",
        z.sum().try_backward(),
    );

    // An in-place update of a tensor nothing saved is fine.
    let x = leaf(&[2]);
    let y = &x * 2.0;
    y.add_(1i64);
    y.sum().backward();
    assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![2.0, 2.0]);
}

#[test]
fn backward_without_a_graph_and_with_a_wrong_gradient() {
    assert_torch(
        "backward_without_graph",
        Tensor::ones(&[2]).sum().try_backward(),
    );
    let y = &leaf(&[2]) * 2.0;
    assert_torch(
        "backward_gradient_shape_mismatch",
        y.try_backward_opts(&BackwardOptions::new().gradient(Tensor::ones(&[3]))),
    );
    // Only the shape must match: [1] against a 0-dim output is a mismatch too.
    let s = leaf(&[2]).sum();
    let err = s
        .try_backward_opts(&BackwardOptions::new().gradient(Tensor::ones(&[1])))
        .unwrap_err();
    assert_eq!(
        err.message(),
        "Mismatch in shape: grad_output[0] has a shape of torch.Size([1]) and output[0] has a shape of torch.Size([])."
    );
}

#[test]
fn autograd_grad_unused_and_non_differentiable_inputs() {
    let x = leaf(&[2]);
    let w = leaf(&[2]);
    let y = (&x * 2.0).sum();
    let inputs = [x.clone(), w.clone()];
    let keep = GradOptions::new().retain_graph(true);
    assert_torch(
        "autograd_grad_unused_input",
        grad_with(std::slice::from_ref(&y), &inputs, &keep),
    );
    // allow_unused gives None, materialize_grads gives zeros.
    let g = grad_with(
        std::slice::from_ref(&y),
        &inputs,
        &keep.clone().allow_unused(true),
    )
    .unwrap();
    assert_eq!(g[0].as_ref().unwrap().to_vec::<f32>(), vec![2.0, 2.0]);
    assert!(g[1].is_none());
    let g = grad_with(
        std::slice::from_ref(&y),
        &inputs,
        &keep.clone().materialize_grads(true),
    )
    .unwrap();
    let z = g[1].as_ref().unwrap();
    assert_eq!(z.to_vec::<f32>(), vec![0.0, 0.0]);
    assert_eq!((z.shape(), z.dtype()), (w.shape(), w.dtype()));
    assert!(x.grad().is_none() && w.grad().is_none());

    assert_torch(
        "autograd_grad_input_without_grad",
        grad(&[(&x * 2.0).sum()], &[Tensor::ones(&[2])]),
    );
}

// ---- shapes --------------------------------------------------------------------------------

#[test]
fn broadcasting_failures() {
    let o = Tensor::ones;
    assert_torch("broadcast_2_and_3", o(&[2]).try_add(&o(&[3])));
    assert_torch("broadcast_2x3_and_4x3", o(&[2, 3]).try_add(&o(&[4, 3])));
    assert_torch("broadcast_mul_2x3_and_2", o(&[2, 3]).try_mul(&o(&[2])));
    // The same text from every broadcasting op.
    let (_, m) = torch("broadcast_2_and_3");
    for r in [
        o(&[2]).try_sub(&o(&[3])),
        o(&[2]).try_div(&o(&[3])),
        o(&[2]).try_pow_tensor(&o(&[3])),
        Tensor::try_where(&o(&[2]).gt_scalar(0.0), &o(&[2]), &o(&[3])),
        o(&[2]).try_mse_loss(&o(&[3])),
    ] {
        assert_eq!(r.unwrap_err().message(), m);
    }
}

#[test]
fn products_shapes_and_dtypes() {
    let o = Tensor::ones;
    let o64 = |s: &[usize]| Tensor::ones_dtype(s, DType::Float64);
    let i64s = |s: &[usize]| Tensor::ones_dtype(s, DType::Int64);
    assert_torch("mm_1x2_and_1x2", o(&[1, 2]).try_mm(&o(&[1, 2])));
    assert_torch("mm_of_1d", o(&[2]).try_mm(&o(&[2, 2])));
    assert_torch("matmul_2x3_and_4x5", o(&[2, 3]).try_matmul(&o(&[4, 5])));
    assert_torch("matmul_vector_3_and_4", o(&[3]).try_matmul(&o(&[4])));
    assert_torch("matmul_0d", Tensor::new(1.0).try_matmul(&o(&[2])));
    assert_torch("mv_2x3_and_4", o(&[2, 3]).try_mv(&o(&[4])));
    assert_torch("dot_2_and_3", o(&[2]).try_dot(&o(&[3])));
    assert_torch("dot_2d", o(&[2, 2]).try_dot(&o(&[2, 2])));
    assert_torch("dot_float32_float64", o(&[2]).try_dot(&o64(&[2])));
    assert_torch("dot_float32_int64", o(&[2]).try_dot(&i64s(&[2])));
    assert_torch("mm_float32_float64", o(&[2, 2]).try_mm(&o64(&[2, 2])));
    assert_torch(
        "matmul_float32_float64",
        o(&[2, 2]).try_matmul(&o64(&[2, 2])),
    );
    assert_torch("mv_float32_float64", o(&[2, 2]).try_mv(&o64(&[2])));
    // matmul of a matrix and a vector is mv, of two vectors dot: the same texts.
    assert_torch("mv_float32_float64", o(&[2, 2]).try_matmul(&o64(&[2])));
    assert_torch("mv_2x3_and_4", o(&[2, 3]).try_matmul(&o(&[4])));
    assert_torch("dot_float32_float64", o(&[2]).try_matmul(&o64(&[2])));
}

/// Texts measured on PyTorch 2.15.0 for the Python code in each comment.
#[test]
fn products_measured_beyond_the_json() {
    let o = Tensor::ones;
    let o64 = |s: &[usize]| Tensor::ones_dtype(s, DType::Float64);
    let rt = "RuntimeError";
    // torch.mm(torch.ones(2, 2), torch.ones(2))
    assert_err(
        o(&[2, 2]).try_mm(&o(&[2])),
        rt,
        "mm: mat2 must be a matrix, got 1-D tensor",
    );
    // torch.mm(torch.ones(2, 2, 2), torch.ones(2, 2))
    assert_err(
        o(&[2, 2, 2]).try_mm(&o(&[2, 2])),
        rt,
        "mm: self must be a matrix, got 3-D tensor",
    );
    // torch.mm(torch.ones(2, 2, dtype=torch.float64), torch.ones(2, 2))
    assert_err(
        o64(&[2, 2]).try_mm(&o(&[2, 2])),
        rt,
        "expected m1 and m2 to have the same dtype, but got: double != float",
    );
    // torch.mm(torch.ones(2, 2, dtype=torch.int64), torch.ones(2, 2))
    assert_err(
        Tensor::ones_dtype(&[2, 2], DType::Int64).try_mm(&o(&[2, 2])),
        rt,
        "expected m1 and m2 to have the same dtype, but got: long int != float",
    );
    // torch.mv(torch.ones(2, 2, dtype=torch.float64), torch.ones(2))
    assert_err(
        o64(&[2, 2]).try_mv(&o(&[2])),
        rt,
        "addmv input tensors must have the same dtype, but got Float, Double, and Float",
    );
    // torch.mv(torch.ones(2), torch.ones(2)); torch.mv(torch.ones(2, 2), torch.ones(2, 2))
    assert_err(
        o(&[2]).try_mv(&o(&[2])),
        rt,
        "vector + matrix @ vector expected, got 1, 1, 1",
    );
    assert_err(
        o(&[2, 2]).try_mv(&o(&[2, 2])),
        rt,
        "vector + matrix @ vector expected, got 1, 2, 2",
    );
    // torch.matmul(torch.ones(3), torch.ones(4, 5))
    assert_err(
        o(&[3]).try_matmul(&o(&[4, 5])),
        rt,
        "mm: mat1 and mat2 shapes cannot be multiplied (1x3 and 4x5)",
    );
    // torch.matmul(torch.ones(2, 2, 3), torch.ones(4, 5)): the batch folds into one mm
    assert_err(
        o(&[2, 2, 3]).try_matmul(&o(&[4, 5])),
        rt,
        "mm: mat1 and mat2 shapes cannot be multiplied (4x3 and 4x5)",
    );
    // torch.matmul(torch.ones(2, 2, 3), torch.ones(4)): ... into one mv
    assert_err(
        o(&[2, 2, 3]).try_matmul(&o(&[4])),
        rt,
        "size mismatch, got input (4), mat (4x3), vec (4)",
    );
    // torch.matmul(torch.ones(2, 2, 3), torch.ones(3, dtype=torch.float64))
    assert_err(
        o(&[2, 2, 3]).try_matmul(&o64(&[3])),
        rt,
        "addmv input tensors must have the same dtype, but got Double, Float, and Double",
    );
    // torch.matmul(torch.ones(2, 2, 3), torch.ones(3, 5, dtype=torch.float64))
    assert_err(
        o(&[2, 2, 3]).try_matmul(&o64(&[3, 5])),
        rt,
        "expected m1 and m2 to have the same dtype, but got: float != double",
    );
    // torch.matmul(torch.ones(2, 2, 3), torch.ones(2, 4, 5)): a batched product
    let bmm =
        "Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [2, 4].";
    assert_err(o(&[2, 2, 3]).try_matmul(&o(&[2, 4, 5])), rt, bmm);
    // torch.matmul(torch.ones(3), torch.ones(2, 4, 5)); torch.matmul(torch.ones(2, 3), ...)
    assert_err(o(&[3]).try_matmul(&o(&[2, 4, 5])), rt, bmm);
    assert_err(o(&[2, 3]).try_matmul(&o(&[2, 4, 5])), rt, bmm);
    // torch.matmul(torch.ones(2, 1, 2, 3), torch.ones(3, 4, 5))
    assert_err(
        o(&[2, 1, 2, 3]).try_matmul(&o(&[3, 4, 5])),
        rt,
        "Expected size for first two dimensions of batch2 tensor to be: [6, 3] but got: [6, 4].",
    );
    // torch.matmul(torch.ones(2, 2, 3), torch.ones(3, 4, 5)): batch dims are checked first
    assert_err(
        o(&[2, 2, 3]).try_matmul(&o(&[3, 4, 5])),
        rt,
        "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0",
    );
    // torch.matmul(torch.ones(2, 2, 2), torch.ones(2, 2, 2, dtype=torch.float64)), and reversed
    assert_err(
        o(&[2, 2, 2]).try_matmul(&o64(&[2, 2, 2])),
        rt,
        "expected scalar type Float but found Double",
    );
    assert_err(
        o64(&[2, 2, 2]).try_matmul(&o(&[2, 2, 2])),
        rt,
        "expected scalar type Double but found Float",
    );
    // torch.matmul(torch.ones(2, 2), torch.ones(2, 2, 2, dtype=torch.float64))
    assert_err(
        o(&[2, 2]).try_matmul(&o64(&[2, 2, 2])),
        rt,
        "expected scalar type Float but found Double",
    );
    // torch.dot(torch.tensor(1.), torch.ones(2))
    assert_err(
        Tensor::new(1.0).try_dot(&o(&[2])),
        rt,
        "1D tensors expected, but got 0D and 1D tensors",
    );
}

#[test]
fn cat_and_stack() {
    let o = Tensor::ones;
    assert_torch(
        "cat_mismatched_shapes",
        Tensor::try_cat(&[o(&[2, 3]), o(&[2, 4])], 0),
    );
    assert_torch(
        "cat_mismatched_ranks",
        Tensor::try_cat(&[o(&[2, 3]), o(&[3])], 0),
    );
    assert_torch("cat_empty_list", Tensor::try_cat(&[], 0));
    assert_torch(
        "stack_mismatched_shapes",
        Tensor::try_stack(&[o(&[2]), o(&[3])], 0),
    );
    // Measured on PyTorch 2.15.0: torch.stack([]); torch.cat([torch.tensor(1.), torch.tensor(2.)]);
    // torch.cat([torch.ones(2, 3), torch.ones(2, 3)], 2); torch.stack([...], 3)
    assert_err(
        Tensor::try_stack(&[], 0),
        "RuntimeError",
        "stack expects a non-empty TensorList",
    );
    assert_err(
        Tensor::try_cat(&[Tensor::new(1.0), Tensor::new(2.0)], 0),
        "RuntimeError",
        "zero-dimensional tensor (at position 0) cannot be concatenated",
    );
    assert_err(
        Tensor::try_cat(&[o(&[2, 3]), o(&[2, 3])], 2),
        "IndexError",
        "Dimension out of range (expected to be in range of [-2, 1], but got 2)",
    );
    assert_err(
        Tensor::try_stack(&[o(&[2, 3]), o(&[2, 3])], 3),
        "IndexError",
        "Dimension out of range (expected to be in range of [-3, 2], but got 3)",
    );
}

#[test]
fn view_reshape_expand_permute() {
    let o = Tensor::ones;
    assert_torch("view_4_of_6", o(&[6]).try_view(&[4]));
    assert_torch("view_4_of_6", o(&[6]).try_reshape(&[4]));
    // `reshape(-1, 4)` and `view(-1, -1)`: sizes to infer are spelled with try_reshape_infer.
    assert_torch("reshape_minus1_4_of_6", o(&[6]).try_reshape_infer(&[-1, 4]));
    assert_torch("view_two_minus1", o(&[6]).try_reshape_infer(&[-1, -1]));
    assert_torch("view_non_contiguous", o(&[2, 3]).t().try_view(&[6]));
    assert_torch("expand_3_to_2", o(&[3]).try_expand(&[2]));
    assert_torch("permute_wrong_length", o(&[2, 3]).try_permute(&[0]));
    // Measured on PyTorch 2.15.0: torch.ones(6).reshape(-3, -1); torch.ones(6).reshape(-1, 0);
    // torch.ones(0).reshape(0, -1); torch.ones(2, 3).permute(0, 0); torch.ones(2, 2, 2).t();
    // torch.ones(2, 3).expand(3)
    let rt = "RuntimeError";
    assert_err(
        o(&[6]).try_reshape_infer(&[-3, -1]),
        rt,
        "invalid shape dimension -3 at index 0 of shape [-3, -1]",
    );
    assert_err(
        o(&[6]).try_reshape_infer(&[-1, 0]),
        rt,
        "shape '[-1, 0]' is invalid for input of size 6",
    );
    assert_err(
        o(&[0]).try_reshape_infer(&[0, -1]),
        rt,
        "cannot reshape tensor of 0 elements into shape [0, -1] because the unspecified dimension size -1 can be any value and is ambiguous",
    );
    assert_eq!(
        o(&[6]).try_reshape_infer(&[3, -1]).unwrap().shape(),
        &[3, 2]
    );
    assert_err(
        o(&[2, 3]).try_permute(&[0, 0]),
        rt,
        "permute(): duplicate dims are not allowed.",
    );
    assert_err(
        o(&[2, 2, 2]).try_t(),
        rt,
        "t() expects a tensor with <= 2 dimensions, but self is 3D",
    );
    assert_err(
        o(&[2, 3]).try_expand(&[3]),
        rt,
        "expand(torch.FloatTensor{[2, 3]}, size=[3]): the number of sizes provided (1) must be greater or equal to the number of dimensions in the tensor (2)",
    );
    // torch.ones(2, 3, dtype=torch.float64).expand(3); torch.ones(2, 3, dtype=torch.int64).expand(3, 4)
    assert_err(
        Tensor::ones_dtype(&[2, 3], DType::Float64).try_expand(&[3]),
        rt,
        "expand(torch.DoubleTensor{[2, 3]}, size=[3]): the number of sizes provided (1) must be greater or equal to the number of dimensions in the tensor (2)",
    );
    assert_err(
        Tensor::ones_dtype(&[2, 3], DType::Int64).try_expand(&[3, 4]),
        rt,
        "The expanded size of the tensor (4) must match the existing size (3) at non-singleton dimension 1.  Target sizes: [3, 4].  Tensor sizes: [2, 3]",
    );
}

#[test]
fn dimensions_and_indices_out_of_range() {
    let o = Tensor::ones;
    assert_torch("sum_dim_out_of_range", o(&[2, 3]).try_sum_dims(&[3], false));
    assert_torch("transpose_dim_out_of_range", o(&[2, 3]).try_transpose(0, 5));
    assert_torch("squeeze_dim_out_of_range", o(&[2, 3]).try_squeeze_dim(3));
    assert_torch("unsqueeze_dim_out_of_range", o(&[2, 3]).try_unsqueeze(5));
    assert_torch("softmax_dim_out_of_range", o(&[2, 3]).try_softmax(2));
    // `x[5]` is `x.select(0, 5)`, which words the error as Python indexing does. (PyTorch's
    // `torch.select(x, 0, 5)` words it "select(): index 5 out of range for tensor of size [3]
    // at dimension 0", case select_index_out_of_range.)
    assert_torch("index_out_of_range", o(&[3]).try_select(0, 5));
    // Measured on PyTorch 2.15.0: torch.ones(3)[-4]; torch.ones(2, 3)[:, 3]
    assert_err(
        o(&[3]).try_select(0, -4),
        "IndexError",
        "index -4 is out of bounds for dimension 0 with size 3",
    );
    assert_err(
        o(&[2, 3]).try_select(1, 3),
        "IndexError",
        "index 3 is out of bounds for dimension 1 with size 3",
    );
    assert_torch("item_of_many", o(&[2]).try_item());
    // Measured on PyTorch 2.15.0: torch.tensor(1.).select(0, 0); torch.tensor(1.)[0:1];
    // torch.ones(5).narrow(0, 4, 2); torch.ones(5).narrow(0, 7, 1); torch.ones(0).item();
    // torch.ones(2, 3).sum((0, 0)); torch.tensor(1.).sum(1); torch.ones(2, 0).max(1)
    assert_err(
        Tensor::new(1.0).try_select(0, 0),
        "IndexError",
        "select() cannot be applied to a 0-dim tensor.",
    );
    assert_err(
        Tensor::new(1.0).try_slice(0, 0, 1, 1),
        "IndexError",
        "slice() cannot be applied to a 0-dim tensor.",
    );
    assert_err(
        o(&[5]).try_narrow(0, 4, 2),
        "RuntimeError",
        "start (4) + length (2) exceeds dimension size (5).",
    );
    assert_err(
        o(&[5]).try_narrow(0, 7, 1),
        "IndexError",
        "start out of range (expected to be in range of [-5, 5], but got 7)",
    );
    assert_err(
        o(&[0]).try_item(),
        "RuntimeError",
        "a Tensor with 0 elements cannot be converted to Scalar",
    );
    assert_err(
        o(&[2, 3]).try_sum_dims(&[0, 0], false),
        "RuntimeError",
        "dim 0 appears multiple times in the list of dims",
    );
    assert_err(
        Tensor::new(1.0).try_sum_dims(&[1], false),
        "IndexError",
        "Dimension out of range (expected to be in range of [-1, 0], but got 1)",
    );
    assert_err(
        o(&[2, 0]).try_max_dim(1, false),
        "IndexError",
        "max(): Expected reduction dim 1 to have non-zero size.",
    );
    assert_err(
        o(&[0]).try_max(),
        "RuntimeError",
        "max(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.",
    );
}

// ---- losses and dtypes ---------------------------------------------------------------------

#[test]
fn cross_entropy_targets() {
    let z = Tensor::zeros(&[2, 3]);
    assert_torch(
        "cross_entropy_target_out_of_range",
        z.try_cross_entropy(&Tensor::new([0, 3])),
    );
    assert_torch(
        "cross_entropy_negative_target",
        z.try_cross_entropy(&Tensor::new([0, -5])),
    );
    assert_torch(
        "cross_entropy_batch_mismatch",
        z.try_cross_entropy(&Tensor::new([0, 1, 2])),
    );
    assert_torch(
        "cross_entropy_target_out_of_range",
        Tensor::zeros(&[3]).try_cross_entropy(&Tensor::new(3)),
    );
    // Measured on PyTorch 2.15.0, with F = torch.nn.functional and o = torch.ones:
    // F.cross_entropy(o(2, 3), torch.tensor([[0], [1]]))
    assert_err(
        Tensor::ones(&[2, 3]).try_cross_entropy(&Tensor::new([[0], [1]])),
        "RuntimeError",
        "0D or 1D target tensor expected, multi-target not supported",
    );
    // F.cross_entropy(o(2, 3), torch.tensor([True, False])); F.nll_loss(o(3), o(2))
    assert_err(
        Tensor::ones(&[2, 3]).try_cross_entropy(&Tensor::new([true, false])),
        "RuntimeError",
        "expected target dtype to be Long or Byte, but got Bool",
    );
    assert_err(
        Tensor::ones(&[3]).try_nll_loss(&Tensor::ones(&[2])),
        "RuntimeError",
        "expected target dtype to be Long or Byte, but got Float",
    );
    // F.cross_entropy(o(3), torch.tensor([0, 1])); F.cross_entropy(o(2, 3), torch.tensor(1))
    assert_err(
        Tensor::ones(&[3]).try_cross_entropy(&Tensor::new([0, 1])),
        "ValueError",
        "For 1D input, 1D target must have size 1, but got target size: 2",
    );
    assert_err(
        Tensor::ones(&[2, 3]).try_cross_entropy(&Tensor::new(1)),
        "ValueError",
        "Expected input batch_size (2) to match target batch_size (0).",
    );
    // F.nll_loss(torch.tensor(1.), torch.tensor(1))
    assert_err(
        Tensor::new(1.0).try_nll_loss(&Tensor::new(1)),
        "ValueError",
        "Expected 1 or more dimensions (got 0)",
    );
    // A 1-D input takes a 0-dim target or a 1-D target of one element.
    let l = Tensor::zeros(&[3]).cross_entropy(&Tensor::new([1]));
    assert!((l.item() - 3f64.ln()).abs() < 1e-6);
    // The mse_loss size warning (mse_loss_size_warning) is not emitted: ferrograd has no
    // warnings channel; the broadcasting itself behaves as in PyTorch.
    let l = Tensor::ones(&[2, 1]).mse_loss(&Tensor::new([1.0, 3.0]));
    assert_eq!(l.item(), 2.0);
}

#[test]
fn inplace_dtype_and_shape_errors() {
    let ints = Tensor::ones_dtype(&[2], DType::Int64);
    assert_torch(
        "inplace_add_float_into_int64",
        ints.try_add_(Tensor::ones(&[2])),
    );
    // Measured on PyTorch 2.15.0: torch.tensor([1, 2]).div_(2); .mul_(2.5);
    // torch.ones(2).add_(torch.ones(2, 2)); torch.ones(2).copy_(torch.ones(3))
    let rt = "RuntimeError";
    let float_into_long = "result type Float can't be cast to the desired output type Long";
    assert_err(ints.try_div_(2i64), rt, float_into_long);
    assert_err(ints.try_mul_(2.5), rt, float_into_long);
    assert_eq!(ints.to_vec::<i64>(), vec![1, 1]);
    assert_eq!(ints.version(), 0);
    assert_err(
        Tensor::ones(&[2]).try_add_(Tensor::ones(&[2, 2])),
        rt,
        "output with shape [2] doesn't match the broadcast shape [2, 2]",
    );
    assert_err(
        Tensor::ones(&[2]).try_copy_(&Tensor::ones(&[3])),
        rt,
        "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0",
    );
}

/// Autograd texts measured on PyTorch 2.15.0 beyond the JSON.
#[test]
fn autograd_measured_beyond_the_json() {
    let rt = "RuntimeError";
    // x = torch.ones(2, requires_grad=True); x.grad = torch.ones(3, dtype=torch.float64)
    let x = leaf(&[2]);
    assert_err(
        x.try_set_grad(Some(Tensor::ones_dtype(&[3], DType::Float64))),
        rt,
        "attempting to assign a gradient with dtype 'double' to a tensor with grad_dtype 'Float'. The gradient must match the tensor's grad_dtype (defaults to the tensor's dtype). You can set the tensor's grad_dtype attribute with a specific dtype, or None to allow any dtype. Set grad_dtype with caution. Diverging the dtypes of a tensor and its gradient may break downstream systems that assume they match.",
    );
    // x = torch.ones(2, 3, requires_grad=True); x.grad = torch.ones(3, 2)
    assert_err(
        leaf(&[2, 3]).try_set_grad(Some(Tensor::ones(&[3, 2]))),
        rt,
        "attempting to assign a gradient of size '[3, 2]' to a tensor of size '[2, 3]'. Please ensure that the gradient and the tensor are the same size",
    );
    assert!(x.grad().is_none());
    // torch.ones(2).register_hook(lambda g: g)
    assert_err(
        Tensor::ones(&[2]).try_register_hook(|_| None),
        rt,
        "cannot register a hook on a tensor that doesn't require gradient",
    );
    // (x * 2).sum().backward(inputs=[]); (x * 2).sum().backward(inputs=[torch.ones(2)])
    assert_err(
        (&x * 2.0)
            .sum()
            .try_backward_opts(&BackwardOptions::new().inputs(vec![])),
        rt,
        "`inputs` argument to `backward()` cannot be empty.",
    );
    assert_err(
        (&x * 2.0)
            .sum()
            .try_backward_opts(&BackwardOptions::new().inputs(vec![x.clone(), Tensor::ones(&[2])])),
        rt,
        "can't retain_grad on Tensor that has requires_grad=False",
    );
    // torch.autograd.grad((x * 2).sum(), [])
    assert_err(
        grad(&[(&x * 2.0).sum()], &[]),
        rt,
        "`inputs` argument to `grad()` cannot be empty.",
    );
    assert!(x.grad().is_none());
}

/// PyTorch 2.15 raises NotImplementedError (a subclass of RuntimeError) for the bool `-`
/// operators and RuntimeError for the others; the text is the same.
#[test]
fn not_implemented_cases_are_runtime_errors_with_pytorch_text() {
    let b = Tensor::new([true]);
    assert_err(
        b.try_sub(&b),
        "NotImplementedError",
        "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.",
    );
    assert_err(
        b.try_neg(),
        "NotImplementedError",
        "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.",
    );
    assert_err(
        Tensor::new([1, 2]).try_mean(),
        "RuntimeError",
        "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Long",
    );
    // Measured on PyTorch 2.15.0 (RuntimeError): clamp without bounds, where on a float mask.
    assert_err(
        Tensor::ones(&[2]).try_clamp(None, None),
        "RuntimeError",
        "torch.clamp: At least one of 'min' or 'max' must not be None",
    );
    assert_err(
        Tensor::try_where(
            &Tensor::ones(&[2]),
            &Tensor::ones(&[2]),
            &Tensor::ones(&[2]),
        ),
        "RuntimeError",
        "where expected condition to be a boolean tensor, but got a tensor with dtype Float",
    );
}

/// An in-place op on a view of a leaf that requires grad is refused with PyTorch's message
/// before anything is written; an in-place op on a view of a non-leaf is recorded
/// (`tests/view_inplace.rs`).
#[test]
fn inplace_on_a_view_of_a_leaf_is_refused() {
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    let err = x.select(0, 0).try_add_(1.0).unwrap_err();
    assert_eq!(
        err.message(),
        "a view of a leaf Variable that requires grad is being used in an in-place operation."
    );
    assert_eq!(err.kind().python_name(), "RuntimeError");
    assert_eq!(x.to_vec::<f32>(), vec![1.0, 2.0]);
    assert_eq!(x.version(), 0);
    let y = &x * 2.0;
    y.select(0, 0).add_(1.0);
    assert_eq!(y.to_vec::<f32>(), vec![3.0, 4.0]);
    assert_eq!(y.version(), 1);
    // Without autograd, views are updated in place and share the base's version counter.
    let base = Tensor::new([1.0, 2.0]);
    base.select(0, 1).add_(1.0);
    assert_eq!(base.to_vec::<f32>(), vec![1.0, 3.0]);
    assert_eq!(base.version(), 1);
}

/// A kernel of size 0 is refused with PyTorch's messages (recorded from PyTorch 2.15); a zero
/// stride is reported first.
#[test]
fn zero_sized_kernels_are_refused() {
    use ferrograd::ops::ConvOptions;
    use ferrograd::Pool2d;
    let x = Tensor::ones(&[1, 1, 4, 4]);
    let msg = |r: ferrograd::Result<Tensor>| r.unwrap_err().to_string();
    let k = |kh, kw| Pool2d::new([kh, kw]).stride([1, 1]);
    assert_eq!(
        msg(x.try_max_pool2d(&k(0, 0))),
        "kernel size should be greater than zero, but got kH: 0 kW: 0"
    );
    assert_eq!(
        msg(x.try_max_pool2d(&k(2, 0))),
        "kernel size should be greater than zero, but got kH: 2 kW: 0"
    );
    assert_eq!(
        msg(x.try_avg_pool2d(&k(0, 2))),
        "kernel size should be greater than zero, but got kH: 0 kW: 2"
    );
    assert_eq!(
        msg(x.try_avg_pool2d(&Pool2d::new([0, 0]))),
        "stride should not be zero"
    );
    let o = ConvOptions::new();
    assert_eq!(
        msg(Tensor::ones(&[1, 1, 5, 5]).try_conv2d(&Tensor::ones(&[1, 1, 0, 3]), None, &o)),
        "kernel size should be greater than zero, but got kernel_height: 0 kernel_width: 3"
    );
    assert_eq!(
        msg(Tensor::ones(&[1, 1, 5]).try_conv1d(&Tensor::ones(&[1, 1, 0]), None, &o)),
        "kernel size should be greater than zero, but got kernel_height: 1 kernel_width: 0"
    );
}

/// A hostile number of classes in `one_hot` is an out-of-memory error, not an abort (PyTorch:
/// "can't allocate memory"); the largest index does not overflow either.
#[test]
fn one_hot_with_a_hostile_number_of_classes() {
    let e = Tensor::new([1_000_000_000_000i64])
        .try_one_hot(None)
        .unwrap_err();
    assert_eq!(e.kind().python_name(), "RuntimeError");
    assert!(e.to_string().contains("allocate"), "{e}");
    assert!(Tensor::new([i64::MAX]).try_one_hot(None).is_err());
}
