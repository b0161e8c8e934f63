//! `set_default_dtype(Float64)`: factories, promotions, modules, random numbers and printing as
//! PyTorch's (values recorded by `crates/ferrograd-py/tests/data/gen_default_dtype.py`). The
//! default is process-wide, so this binary holds one test.

use ferrograd::nn::Linear;
use ferrograd::{DType, Tensor};

#[test]
fn float64_default_as_pytorch() {
    ferrograd::set_default_dtype(DType::Float64).unwrap();
    assert_eq!(ferrograd::get_default_dtype(), DType::Float64);
    assert_eq!(Tensor::new([1.5, 2.0]).dtype(), DType::Float64);
    assert_eq!(
        Tensor::new([1.5, 2.0]).to_string(),
        "tensor([1.5000, 2.0000])"
    );
    assert_eq!(Tensor::new(Vec::<f64>::new()).to_string(), "tensor([])");
    assert_eq!(
        Tensor::zeros_dtype(&[0], DType::Float32).to_string(),
        "tensor([], dtype=torch.float32)"
    );
    assert_eq!(
        Tensor::new([1, 2]).sin().to_string(),
        "tensor([0.8415, 0.9093])"
    );
    assert_eq!((&Tensor::new([3]) / 2.0).to_string(), "tensor([1.5000])");
    assert_eq!(
        (&Tensor::new([1.0]).to_dtype(DType::Float32) * 2.5).to_string(),
        "tensor([2.5000], dtype=torch.float32)"
    );
    for t in [
        Tensor::zeros(&[2]),
        Tensor::ones(&[2]),
        Tensor::eye(2),
        Tensor::linspace(0.0, 1.0, 3),
        Tensor::full(&[1], 2.5),
        Tensor::arange(3.0),
    ] {
        assert_eq!(t.dtype(), DType::Float64);
    }
    ferrograd::random::manual_seed(0);
    assert_eq!(
        Tensor::rand(&[3]).to_string(),
        "tensor([0.9701, 0.7078, 0.4594])"
    );
    ferrograd::random::manual_seed(0);
    assert_eq!(
        Tensor::randn(&[20]).to_string(),
        "tensor([-2.3104, -0.3733, -1.0608,  0.9995, -0.0200,  0.2103,  0.1772, -0.8305,\n         0.2387,  0.7335, -1.3219,  1.3148, -0.6870,  1.4881, -0.4484, -0.8910,\n         0.6749,  1.0469,  0.1543, -0.7499])"
    );
    ferrograd::random::manual_seed(0);
    let lin = Linear::new(3, 2);
    let w = lin.weight();
    assert_eq!(w.dtype(), DType::Float64);
    assert_eq!(
        w.detach().to_string(),
        "tensor([[ 0.5428,  0.2400, -0.0469],\n        [ 0.4858,  0.1675,  0.3362]])"
    );
    assert_eq!(
        ferrograd::set_default_dtype(DType::Bool)
            .unwrap_err()
            .to_string(),
        "only floating-point types are supported as the default type"
    );
    ferrograd::set_default_dtype(DType::Float32).unwrap();
    assert_eq!(Tensor::new([1.5]).dtype(), DType::Float32);
    assert_eq!(Tensor::new([1.5]).to_string(), "tensor([1.5000])");
}
