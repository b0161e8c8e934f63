//! Properties over random shapes and graphs (proptest, fixed seed, modest case counts):
//! broadcasting arithmetic against an independent naive implementation, forward and backward,
//! and random expression graphs whose gradients match finite differences.

mod common;

use common::{check_first_order, check_second_order};
use ferrograd::{DType, Tensor};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

fn config(cases: u32) -> Config {
    Config {
        cases,
        rng_seed: RngSeed::Fixed(0x5eed_f00d),
        failure_persistence: None,
        ..Config::default()
    }
}

// ---- an independent naive implementation -------------------------------------------------

/// SplitMix64 values in `[lo, hi)`, independent of the library's generator.
fn values(seed: u64, n: usize, lo: f64, hi: f64) -> Vec<f64> {
    let mut s = seed;
    (0..n)
        .map(|_| {
            s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = s;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            lo + (hi - lo) * ((z >> 11) as f64 / (1u64 << 53) as f64)
        })
        .collect()
}

/// Values with magnitude in `[0.5, 2)` and either sign (for divisors).
fn nonzero_values(seed: u64, n: usize) -> Vec<f64> {
    values(seed, n, 0.0, 3.0)
        .into_iter()
        .map(|v| if v < 1.5 { -(v + 0.5) } else { v - 1.0 })
        .collect()
}

/// The broadcast shape of `a` and `b`, or None.
fn naive_broadcast(a: &[usize], b: &[usize]) -> Option<Vec<usize>> {
    let n = a.len().max(b.len());
    let at = |s: &[usize], i: usize| {
        if i + s.len() < n {
            1
        } else {
            s[i + s.len() - n]
        }
    };
    (0..n)
        .map(|i| match (at(a, i), at(b, i)) {
            (x, y) if x == y => Some(x),
            (1, y) => Some(y),
            (x, 1) => Some(x),
            _ => None,
        })
        .collect()
}

/// Every multi-index of `shape`, row-major.
fn indices(shape: &[usize]) -> Vec<Vec<usize>> {
    let mut out = vec![vec![]];
    for &d in shape {
        out = out
            .into_iter()
            .flat_map(|p| {
                (0..d).map(move |i| {
                    let mut q = p.clone();
                    q.push(i);
                    q
                })
            })
            .collect();
    }
    out
}

/// The row-major offset in a tensor of `shape` of the element that broadcasting pairs with
/// output multi-index `idx` (right-aligned; size-1 dimensions repeat).
fn source_offset(idx: &[usize], shape: &[usize]) -> usize {
    let lead = idx.len() - shape.len();
    shape.iter().enumerate().fold(0, |acc, (k, &d)| {
        acc * d + if d == 1 { 0 } else { idx[lead + k] }
    })
}

#[derive(Clone, Copy, Debug)]
enum Bin {
    Add,
    Sub,
    Mul,
    Div,
}

const BINS: [Bin; 4] = [Bin::Add, Bin::Sub, Bin::Mul, Bin::Div];

fn apply_bin(op: Bin, a: &Tensor, b: &Tensor) -> Tensor {
    match op {
        Bin::Add => a + b,
        Bin::Sub => a - b,
        Bin::Mul => a * b,
        Bin::Div => a / b,
    }
}

/// The operation on two plain numbers, in the numbers' own type.
fn naive_bin<
    T: std::ops::Add<Output = T>
        + std::ops::Sub<Output = T>
        + std::ops::Mul<Output = T>
        + std::ops::Div<Output = T>,
>(
    op: Bin,
    x: T,
    y: T,
) -> T {
    match op {
        Bin::Add => x + y,
        Bin::Sub => x - y,
        Bin::Mul => x * y,
        Bin::Div => x / y,
    }
}

/// Shapes of rank 0 to 4 with dimensions 1 to 4.
fn shape() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(1usize..=4, 0..=4)
}

/// Two shapes that broadcast: both derived from one shape by dropping leading dimensions and
/// turning some dimensions into 1.
fn broadcast_pair() -> impl Strategy<Value = (Vec<usize>, Vec<usize>)> {
    (shape(), any::<u64>()).prop_map(|(out, bits)| {
        let r = out.len() as u64;
        let derive = |drop_bits: u64, one_bits: u64| -> Vec<usize> {
            let drop = (drop_bits % (r + 1)) as usize;
            out[drop..]
                .iter()
                .enumerate()
                .map(|(i, &d)| if (one_bits >> i) & 1 == 1 { 1 } else { d })
                .collect()
        };
        (derive(bits, bits >> 8), derive(bits >> 16, bits >> 24))
    })
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn broadcasting_arithmetic_forward_matches_naive(
        (sa, sb) in broadcast_pair(),
        seed in any::<u64>(),
        op in 0usize..4,
    ) {
        let op = BINS[op];
        let out_shape = naive_broadcast(&sa, &sb).expect("compatible by construction");
        let na: usize = sa.iter().product();
        let nb: usize = sb.iter().product();
        let va = values(seed, na, -2.0, 2.0);
        let vb = nonzero_values(seed ^ 0xabcdef, nb);
        let idx = indices(&out_shape);

        // float64
        let (a, b) = (Tensor::from_vec(va.clone(), &sa), Tensor::from_vec(vb.clone(), &sb));
        let y = apply_bin(op, &a, &b);
        prop_assert_eq!(y.shape(), &out_shape[..]);
        prop_assert_eq!(y.dtype(), DType::Float64);
        let expected: Vec<f64> = idx
            .iter()
            .map(|i| naive_bin(op, va[source_offset(i, &sa)], vb[source_offset(i, &sb)]))
            .collect();
        prop_assert_eq!(y.to_vec::<f64>(), expected);

        // float32, computed in float32
        let (fa, fb): (Vec<f32>, Vec<f32>) = (
            va.iter().map(|&v| v as f32).collect(),
            vb.iter().map(|&v| v as f32).collect(),
        );
        let y = apply_bin(op, &Tensor::from_vec(fa.clone(), &sa), &Tensor::from_vec(fb.clone(), &sb));
        prop_assert_eq!(y.dtype(), DType::Float32);
        let expected: Vec<f32> = idx
            .iter()
            .map(|i| naive_bin(op, fa[source_offset(i, &sa)], fb[source_offset(i, &sb)]))
            .collect();
        prop_assert_eq!(y.to_vec::<f32>(), expected);

        // A Rust number on either side is a 0-dim operand.
        let s = 1.25;
        let ys = apply_bin(op, &a, &Tensor::new_with_dtype(s, DType::Float64));
        let expected: Vec<f64> = va.iter().map(|&x| naive_bin(op, x, s)).collect();
        prop_assert_eq!(ys.to_vec::<f64>(), expected.clone());
        let yr = match op {
            Bin::Add => &a + s,
            Bin::Sub => &a - s,
            Bin::Mul => &a * s,
            Bin::Div => &a / s,
        };
        prop_assert_eq!(yr.to_vec::<f64>(), expected);
    }

    /// `add`, `sub` and `rsub` with an alpha round once per element (a fused multiply-add, as
    /// PyTorch's kernels), over broadcast operands, in float64 and float32; their gradients are
    /// the broadcast reductions of `g` and `±alpha·g`.
    #[test]
    fn alpha_arithmetic_rounds_once_and_reduces_gradients(
        (sa, sb) in broadcast_pair(),
        seed in any::<u64>(),
        which in 0usize..3,
        alpha in -3.0f64..3.0,
    ) {
        let out_shape = naive_broadcast(&sa, &sb).expect("compatible by construction");
        let na: usize = sa.iter().product();
        let nb: usize = sb.iter().product();
        let va = values(seed, na, -2.0, 2.0);
        let vb = values(seed ^ 0x77, nb, -2.0, 2.0);
        let idx = indices(&out_shape);
        let run = |a: &Tensor, b: &Tensor| match which {
            0 => a.try_add_alpha(b, alpha),
            1 => a.try_sub_alpha(b, alpha),
            _ => a.try_rsub(b, alpha),
        }
        .unwrap();
        // `x + al * y` with one rounding, for the op's `x`, `y` and signed alpha
        let naive64 = |x: f64, y: f64| match which {
            0 => y.mul_add(alpha, x),
            1 => y.mul_add(-alpha, x),
            _ => x.mul_add(-alpha, y),
        };
        let (a, b) = (Tensor::from_vec(va.clone(), &sa), Tensor::from_vec(vb.clone(), &sb));
        let expected: Vec<f64> = idx
            .iter()
            .map(|i| naive64(va[source_offset(i, &sa)], vb[source_offset(i, &sb)]))
            .collect();
        prop_assert_eq!(run(&a, &b).to_vec::<f64>(), expected);

        let al32 = alpha as f32;
        let naive32 = |x: f32, y: f32| match which {
            0 => y.mul_add(al32, x),
            1 => y.mul_add(-al32, x),
            _ => x.mul_add(-al32, y),
        };
        let (fa, fb): (Vec<f32>, Vec<f32>) = (
            va.iter().map(|&v| v as f32).collect(),
            vb.iter().map(|&v| v as f32).collect(),
        );
        let y = run(&Tensor::from_vec(fa.clone(), &sa), &Tensor::from_vec(fb.clone(), &sb));
        let expected: Vec<f32> = idx
            .iter()
            .map(|i| naive32(fa[source_offset(i, &sa)], fb[source_offset(i, &sb)]))
            .collect();
        prop_assert_eq!(y.to_vec::<f32>(), expected);

        // gradients: self gets g (rsub: -alpha g), other gets ±alpha g (rsub: g), reduced
        let nout: usize = out_shape.iter().product();
        let vg = values(seed ^ 0x99, nout, -1.0, 1.0);
        let a = a.requires_grad_(true);
        let b = b.requires_grad_(true);
        run(&a, &b).backward_with(&Tensor::from_vec(vg.clone(), &out_shape));
        let mut ga = vec![0.0; na];
        let mut gb = vec![0.0; nb];
        for (k, i) in idx.iter().enumerate() {
            let g = vg[k];
            let (da, db) = match which {
                0 => (g, g * alpha),
                1 => (g, -g * alpha),
                _ => (-g * alpha, g),
            };
            ga[source_offset(i, &sa)] += da;
            gb[source_offset(i, &sb)] += db;
        }
        let close = |x: &[f64], y: &[f64]| x.iter().zip(y).all(|(p, q)| (p - q).abs() <= 1e-12);
        prop_assert!(close(&a.grad().unwrap().to_vec::<f64>(), &ga));
        prop_assert!(close(&b.grad().unwrap().to_vec::<f64>(), &gb));
    }

    #[test]
    fn broadcasting_arithmetic_backward_matches_naive_reduction(
        (sa, sb) in broadcast_pair(),
        seed in any::<u64>(),
        op in 0usize..4,
    ) {
        let op = BINS[op];
        let out_shape = naive_broadcast(&sa, &sb).expect("compatible by construction");
        let na: usize = sa.iter().product();
        let nb: usize = sb.iter().product();
        let nout: usize = out_shape.iter().product();
        let va = values(seed, na, -2.0, 2.0);
        let vb = nonzero_values(seed ^ 0x1234, nb);
        let vg = values(seed ^ 0x5678, nout, -1.0, 1.0);
        let a = Tensor::from_vec(va.clone(), &sa).requires_grad_(true);
        let b = Tensor::from_vec(vb.clone(), &sb).requires_grad_(true);
        apply_bin(op, &a, &b).backward_with(&Tensor::from_vec(vg.clone(), &out_shape));

        // The gradient of each output element, added into the elements it was broadcast from.
        let mut ga = vec![0.0; na];
        let mut gb = vec![0.0; nb];
        for (k, i) in indices(&out_shape).iter().enumerate() {
            let (ia, ib) = (source_offset(i, &sa), source_offset(i, &sb));
            let (x, y, g) = (va[ia], vb[ib], vg[k]);
            let (da, db) = match op {
                Bin::Add => (g, g),
                Bin::Sub => (g, -g),
                Bin::Mul => (g * y, g * x),
                Bin::Div => (g / y, -g * x / (y * y)),
            };
            ga[ia] += da;
            gb[ib] += db;
        }
        let (gat, gbt) = (a.grad().unwrap(), b.grad().unwrap());
        prop_assert_eq!(gat.shape(), &sa[..]);
        prop_assert_eq!(gbt.shape(), &sb[..]);
        for (got, want) in [(gat.to_vec::<f64>(), ga), (gbt.to_vec::<f64>(), gb)] {
            for (x, y) in got.iter().zip(&want) {
                prop_assert!((x - y).abs() <= 1e-12 * (1.0 + y.abs()), "{:?} vs {:?}", got, want);
            }
        }
    }
}

// ---- random expression graphs --------------------------------------------------------------

/// One step of a random expression graph; operands index earlier nodes (inputs come first).
#[derive(Clone, Debug)]
enum Op {
    Add(usize, usize),
    Mul(usize, usize),
    Sin(usize),
    Exp(usize),
    Tanh(usize),
    SumDims(usize, Vec<isize>, bool),
    Reshape(usize, Vec<usize>),
    Transpose(usize, isize, isize),
}

fn apply(op: &Op, nodes: &[Tensor]) -> Tensor {
    match op {
        Op::Add(i, j) => &nodes[*i] + &nodes[*j],
        Op::Mul(i, j) => &nodes[*i] * &nodes[*j],
        Op::Sin(i) => nodes[*i].sin(),
        Op::Exp(i) => nodes[*i].exp(),
        Op::Tanh(i) => nodes[*i].tanh(),
        Op::SumDims(i, dims, keep) => nodes[*i].sum_dims(dims, *keep),
        Op::Reshape(i, s) => nodes[*i].reshape(s),
        Op::Transpose(i, a, b) => nodes[*i].transpose(*a, *b),
    }
}

/// Replays the graph on `inputs` and returns its last node.
fn replay(ops: &[Op], inputs: &[Tensor]) -> Tensor {
    let mut nodes = inputs.to_vec();
    for op in ops {
        let t = apply(op, &nodes);
        nodes.push(t);
    }
    nodes.pop().expect("at least one node")
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn coin(&mut self) -> bool {
        self.next() & 1 == 1
    }
}

fn bound(t: &Tensor) -> f64 {
    t.to_vec::<f64>().iter().fold(0.0, |m, v| m.max(v.abs()))
}

/// A random graph of `n_ops` operations over 1 to 3 float64 inputs of broadcast-compatible
/// shapes. Magnitudes stay moderate (exp only of small values, products of bounded factors), so
/// central differences stay accurate.
fn random_graph(seed: u64, n_ops: usize) -> (Vec<Tensor>, Vec<Op>) {
    let mut rng = Rng(seed);
    let base: Vec<usize> = (0..1 + rng.below(3)).map(|_| 1 + rng.below(3)).collect();
    let n_inputs = 1 + rng.below(3);
    let inputs: Vec<Tensor> = (0..n_inputs)
        .map(|k| {
            let drop = rng.below(base.len());
            let s: Vec<usize> = base[drop..]
                .iter()
                .map(|&d| if rng.below(4) == 0 { 1 } else { d })
                .collect();
            let n = s.iter().product();
            Tensor::from_vec(values(seed ^ ((k as u64 + 1) * 0x1111), n, -1.0, 1.0), &s)
        })
        .collect();
    let mut nodes = inputs.clone();
    let mut ops = Vec::with_capacity(n_ops);
    for _ in 0..n_ops {
        // Prefer recent nodes, so the graph is deep as well as wide.
        let i = if rng.coin() {
            nodes.len() - 1 - rng.below(nodes.len().min(3))
        } else {
            rng.below(nodes.len())
        };
        let t = &nodes[i];
        let rank = t.dim() as isize;
        let op = match rng.below(8) {
            k @ (0 | 1) => {
                let j = rng.below(nodes.len());
                let j = if naive_broadcast(t.shape(), nodes[j].shape()).is_some() {
                    j
                } else {
                    i
                };
                if k == 1 && bound(t) * bound(&nodes[j]) <= 50.0 {
                    Op::Mul(i, j)
                } else {
                    Op::Add(i, j)
                }
            }
            2 => Op::Sin(i),
            3 if bound(t) <= 2.0 => Op::Exp(i),
            3 | 4 => Op::Tanh(i),
            5 if rank > 0 => {
                let mut dims: Vec<isize> = Vec::new();
                for d in 0..rank {
                    if rng.coin() {
                        dims.push(if rng.coin() { d - rank } else { d });
                    }
                }
                if dims.is_empty() {
                    dims.push(rng.below(rank as usize) as isize);
                }
                Op::SumDims(i, dims, rng.coin())
            }
            7 if rank >= 2 => {
                let a = rng.below(rank as usize) as isize;
                let b = rng.below(rank as usize) as isize - if rng.coin() { rank } else { 0 };
                Op::Transpose(i, a, b)
            }
            _ => {
                let n = t.numel();
                let mut s = t.shape().to_vec();
                let target = match rng.below(4) {
                    0 => vec![n],
                    1 => {
                        s.reverse();
                        s
                    }
                    2 => {
                        s.insert(rng.below(s.len() + 1), 1);
                        s
                    }
                    _ if n == 1 => vec![],
                    _ => vec![1, n],
                };
                Op::Reshape(i, target)
            }
        };
        let value = {
            let _ng = ferrograd::no_grad();
            apply(&op, &nodes)
        };
        nodes.push(value);
        ops.push(op);
    }
    (inputs, ops)
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn random_graphs_have_gradients_matching_finite_differences(
        seed in any::<u64>(),
        n_ops in 5usize..=20,
    ) {
        let (inputs, ops) = random_graph(seed, n_ops);
        let name = format!("{ops:?} over shapes {:?}", inputs.iter().map(|t| t.shape().to_vec()).collect::<Vec<_>>());
        let f = |xs: &[Tensor]| replay(&ops, xs);
        check_first_order(&name, f, &inputs);
        check_second_order(&name, f, &inputs);
    }
}

#[test]
fn the_naive_helpers_agree_with_hand_computed_cases() {
    assert_eq!(naive_broadcast(&[2, 1], &[3]), Some(vec![2, 3]));
    assert_eq!(naive_broadcast(&[], &[2, 2]), Some(vec![2, 2]));
    assert_eq!(naive_broadcast(&[2], &[3]), None);
    assert_eq!(
        indices(&[2, 2]),
        vec![vec![0, 0], vec![0, 1], vec![1, 0], vec![1, 1]]
    );
    assert_eq!(indices(&[]), vec![Vec::<usize>::new()]);
    // [2, 3] output, a [2, 1] source: column index ignored.
    assert_eq!(source_offset(&[1, 2], &[2, 1]), 1);
    assert_eq!(source_offset(&[1, 2], &[3]), 2);
    assert_eq!(source_offset(&[1, 2], &[]), 0);
}
