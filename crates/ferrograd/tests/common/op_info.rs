//! The OpInfo table of the integration tests: every differentiable op once, with the sample
//! inputs it is checked on (shapes, including 0-dim, odd sizes and broadcasting; an input domain
//! per argument), its dtypes and the checks that apply. `tests/op_info.rs` runs one driver over
//! every entry. The rows of the elementwise op tables (`UNARY_OPS`, `BINARY_OPS`) enter by
//! iteration; the other ops are written out here.

use super::common::{away_from_zero, distinct, seed_of, seeded, t64, uniform};
use ferrograd::autograd::GradcheckOptions;
use ferrograd::ops::{BinaryOp, UnaryOp, BINARY_OPS, UNARY_OPS};
use ferrograd::{DType, Tensor};
use std::rc::Rc;

/// The function of an entry: its inputs to one output.
pub type OpFn = Rc<dyn Fn(&[Tensor]) -> Tensor>;

/// Where an input's values are drawn.
#[derive(Clone, Debug)]
pub enum Domain {
    /// Uniform in `[lo, hi)`.
    Range(f64, f64),
    /// Magnitude in `[0.3, 1.5)`, random sign: away from a kink at zero.
    NonZero,
    /// Uniform in `[-2, 2)`, at least 0.05 away from each point.
    AwayFrom(&'static [f64]),
    /// Pairwise distinct values at least 0.2 apart (no ties for max/min).
    Distinct,
}

/// A check the driver runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// Reverse mode against central differences (`gradcheck`).
    Grad,
    /// Second order (`gradgradcheck`).
    GradGrad,
    /// Forward-mode Jacobian against reverse-mode Jacobian.
    Forward,
    /// Hessian-vector product by forward-over-reverse against reverse-over-reverse.
    FwdOverRev,
    /// One batched (`is_grads_batched`) backward pass against separate passes.
    Batched,
}

/// Every check run per sample and dtype.
pub const CHECKS: [Check; 5] = [
    Check::Grad,
    Check::GradGrad,
    Check::Forward,
    Check::FwdOverRev,
    Check::Batched,
];

/// A table row behind an entry: its Taylor mode and PyTorch's recorded values.
#[derive(Clone, Copy, Debug)]
pub enum Row {
    /// A row of `UNARY_OPS`.
    Unary(&'static UnaryOp),
    /// A row of `BINARY_OPS`.
    Binary(&'static BinaryOp),
}

/// One entry of the table.
pub struct OpInfo {
    /// What failures are named by.
    pub name: String,
    /// The op applied to the sample inputs.
    pub f: OpFn,
    /// Sample inputs: per sample, a shape and a domain per argument.
    pub samples: Vec<Vec<(Vec<usize>, Domain)>>,
    /// float64 is checked with tight tolerances, float32 with loose ones.
    pub dtypes: Vec<DType>,
    /// Checks that do not apply.
    pub skip: Vec<Check>,
    /// float64 gradcheck tolerances other than PyTorch's defaults; an entry that has them goes
    /// through float32 intermediates, so its exact comparisons use float32's tolerance too.
    pub tol64: Option<GradcheckOptions>,
    /// The table row, if the entry is one.
    pub row: Option<Row>,
}

impl OpInfo {
    /// An entry checked in float64 and float32 with every check.
    pub fn new(
        name: impl Into<String>,
        f: impl Fn(&[Tensor]) -> Tensor + 'static,
        samples: Vec<Vec<(Vec<usize>, Domain)>>,
    ) -> Self {
        OpInfo {
            name: name.into(),
            f: Rc::new(f),
            samples,
            dtypes: vec![DType::Float64, DType::Float32],
            skip: Vec::new(),
            tol64: None,
            row: None,
        }
    }

    /// Checked in float64 only.
    pub fn f64_only(mut self) -> Self {
        self.dtypes = vec![DType::Float64];
        self
    }

    /// Without `checks` (each skip says why where the entry is written).
    pub fn skip(mut self, checks: &[Check]) -> Self {
        self.skip.extend_from_slice(checks);
        self
    }

    /// Whether `check` applies.
    pub fn runs(&self, check: Check) -> bool {
        !self.skip.contains(&check)
    }

    /// The sample inputs of sample `s` in `dtype`, drawn from a seed of the entry's name.
    pub fn inputs(&self, s: usize, dtype: DType) -> Vec<Tensor> {
        let sample = &self.samples[s];
        seeded(seed_of(&self.name) ^ s as u64, || {
            sample
                .iter()
                .map(|(shape, d)| draw(shape, d).to_dtype(dtype))
                .collect()
        })
    }

    /// The shapes of sample `s`, for failure messages.
    pub fn shapes(&self, s: usize) -> Vec<Vec<usize>> {
        self.samples[s].iter().map(|(sh, _)| sh.clone()).collect()
    }
}

fn draw(shape: &[usize], d: &Domain) -> Tensor {
    match d {
        Domain::Range(lo, hi) => uniform(shape, *lo, *hi),
        Domain::NonZero => away_from_zero(shape),
        Domain::Distinct => distinct(shape),
        Domain::AwayFrom(kinks) => {
            let v = uniform(shape, -2.0, 2.0)
                .to_vec::<f64>()
                .into_iter()
                .map(|mut v| {
                    // step right until no kink is near (a step may land near another kink)
                    while kinks.iter().any(|&k| (v - k).abs() < 0.05) {
                        v += 0.07;
                    }
                    v
                })
                .collect();
            t64(v, shape)
        }
    }
}

/// Unary shapes: 0-dim, odd 1-D, 2-D, 3-D with a unit dimension.
pub const SHAPES: &[&[usize]] = &[&[], &[5], &[2, 3], &[2, 1, 3]];

/// Broadcast-compatible shape pairs: equal, trailing, both sides, 0-dim on either side, rank 3
/// against rank 2.
pub const PAIRS: &[(&[usize], &[usize])] = &[
    (&[3], &[3]),
    (&[2, 3], &[3]),
    (&[2, 1], &[1, 3]),
    (&[], &[2, 2]),
    (&[2, 1, 2], &[3, 1]),
    (&[2, 3], &[]),
];

/// One input of every unary shape.
pub fn unary(d: Domain) -> Vec<Vec<(Vec<usize>, Domain)>> {
    unary_in(SHAPES, d)
}

/// One input of each of `shapes`.
pub fn unary_in(shapes: &[&[usize]], d: Domain) -> Vec<Vec<(Vec<usize>, Domain)>> {
    shapes
        .iter()
        .map(|s| vec![(s.to_vec(), d.clone())])
        .collect()
}

/// Two inputs of every broadcast pair.
pub fn binary(a: Domain, b: Domain) -> Vec<Vec<(Vec<usize>, Domain)>> {
    PAIRS
        .iter()
        .map(|(sa, sb)| vec![(sa.to_vec(), a.clone()), (sb.to_vec(), b.clone())])
        .collect()
}

/// One sample of the given shapes, each from `d`.
pub fn fixed(shapes: &[&[usize]], d: Domain) -> Vec<Vec<(Vec<usize>, Domain)>> {
    vec![shapes.iter().map(|s| (s.to_vec(), d.clone())).collect()]
}

/// Every row of `UNARY_OPS`, at default parameters, over its domain, in every unary shape.
pub fn unary_rows() -> Vec<OpInfo> {
    UNARY_OPS
        .iter()
        .map(|&op| {
            let p = op.default_params();
            let mut e = OpInfo::new(
                op.name,
                move |x: &[Tensor]| op.apply(&x[0], &p).unwrap(),
                unary_in(
                    &[&[], &[5], &[2, 3]],
                    Domain::Range(op.domain.0, op.domain.1),
                ),
            );
            e.row = Some(Row::Unary(op));
            e
        })
        .collect()
}

/// Every row of `BINARY_OPS`, over its domains, with broadcasting and 0-dim operands.
pub fn binary_rows() -> Vec<OpInfo> {
    BINARY_OPS
        .iter()
        .map(|&op| {
            let ((alo, ahi), (blo, bhi)) = op.domain;
            let samples = [
                (&[5usize][..], &[5usize][..]),
                (&[2, 3], &[3]),
                (&[], &[2, 2]),
            ]
            .iter()
            .map(|(sa, sb)| {
                vec![
                    (sa.to_vec(), Domain::Range(alo, ahi)),
                    (sb.to_vec(), Domain::Range(blo, bhi)),
                ]
            })
            .collect();
            let mut e = OpInfo::new(
                op.name,
                move |x: &[Tensor]| op.apply(&x[0], &x[1]).unwrap(),
                samples,
            );
            e.row = Some(Row::Binary(op));
            e
        })
        .collect()
}
