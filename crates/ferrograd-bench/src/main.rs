//! `ferrograd-bench`: the named workloads of `shared/bench/WORKLOADS.md` (and `digits_mlp_epoch`,
//! whose PyTorch side is `scripts/digits_epoch.py`), with the same sizes,
//! dtypes and steps as the PyTorch anchor script, printing one line each:
//! `<name> <median seconds per iteration> <unit figure>`.
//!
//! ```text
//! ferrograd-bench [--workload NAME] [--reps N] [--threads N] [--taylor] [--grain] [--hessian-paths] [--adam-step] [--per-sample-grads] [--gemm-shapes]
//! ```
//!
//! `--threads N` (default 2) is the number of compute threads: the workloads run on one thread of
//! an N-thread pool. `scripts/compare.py` runs each workload here and on PyTorch
//! (`scripts/torch_one.py`), interleaved, and prints the table of `BENCHMARKS.md`.

use ferrograd::autograd::{functional, grad_with, GradOptions};
use ferrograd::{no_grad, DType, Tensor};
use std::time::Instant;

/// `println!` that ends the program quietly when stdout is a closed pipe (`… | head`), and with
/// status 2 and a message on any other write error.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout().lock(), $($arg)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
            eprintln!("error: cannot write to stdout: {e}");
            std::process::exit(2);
        }
    }};
}

mod sweep;
mod sweep_plot;

/// Small allocations dominate the per-op cost of a scalar graph; mimalloc serves them from
/// thread-local free lists (the library itself works with any global allocator). Its v2 series
/// took fewer instructions per allocation than v3 on these workloads (callgrind, scalar chain).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Median seconds of `reps` timed runs after `warm` untimed ones.
fn bench(reps: usize, warm: usize, mut f: impl FnMut()) -> f64 {
    for _ in 0..warm {
        f();
    }
    let mut ts: Vec<f64> = (0..reps.max(1))
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .collect();
    ts.sort_by(|a, b| a.total_cmp(b));
    ts[ts.len() / 2]
}

/// Seconds of one run repeated for about `budget` seconds: one untimed warm-up run (a second
/// if it was shorter than the budget, more if they are short), then between 1 and 200 timed
/// runs. Returns the median wall-clock time of those runs, their mean CPU time (all threads of
/// the process, `sweep::cpu_seconds`), their mean count of minor page faults, and their count.
fn bench_adaptive(budget: f64, f: &mut dyn FnMut()) -> (f64, f64, f64, usize) {
    let t = Instant::now();
    f();
    let mut first = t.elapsed().as_secs_f64();
    if first < budget {
        // the first run may pay for one-time set-up: time a second one to choose the count
        let t = Instant::now();
        f();
        first = t.elapsed().as_secs_f64();
    }
    if first * 12.0 < budget {
        for _ in 0..3 {
            f();
        }
    }
    let reps = ((budget / first.max(1e-9)) as usize).clamp(1, 200);
    let (cpu0, faults0) = (sweep::cpu_seconds(), sweep::minor_faults());
    let wall = bench(reps, 0, f);
    let cpu = (sweep::cpu_seconds() - cpu0) / reps as f64;
    let faults = (sweep::minor_faults() - faults0) / reps as f64;
    (wall, cpu, faults, reps)
}

fn scalar_chain() {
    scalar_chain_n(100_000);
}

/// `nodes / 3` steps of `y = sin(y) * 1.0001 + 0.001` (three nodes each), then `backward`.
fn scalar_chain_n(nodes: usize) {
    let x = Tensor::new(0.5).requires_grad_(true);
    let mut y = x.clone();
    for _ in 0..nodes / 3 {
        y = y.sin() * 1.0001 + 0.001;
    }
    y.backward();
    std::hint::black_box(x.grad());
}

fn elementwise() -> impl FnMut() {
    ferrograd::manual_seed(0);
    let n = 10_000_000;
    let a = Tensor::rand(&[n]).requires_grad_(true);
    let b = Tensor::rand(&[n]);
    let c = Tensor::rand(&[n]);
    move || {
        let y = (a.exp() * &b + &c).sum();
        y.backward();
        a.set_grad(None);
    }
}

fn mlp(batch: usize) -> impl FnMut() {
    ferrograd::manual_seed(0);
    let w1 = (Tensor::randn(&[784, 256]) * 0.05).requires_grad_(true);
    let b1 = Tensor::zeros(&[256]).requires_grad_(true);
    let w2 = (Tensor::randn(&[256, 10]) * 0.05).requires_grad_(true);
    let b2 = Tensor::zeros(&[10]).requires_grad_(true);
    let x = Tensor::randn(&[batch, 784]);
    let t = Tensor::randint(0, 10, &[batch]);
    let params = [w1.clone(), b1.clone(), w2.clone(), b2.clone()];
    move || {
        let h = (x.matmul(&w1) + &b1).relu();
        let logits = h.matmul(&w2) + &b2;
        let loss = logits.cross_entropy(&t);
        loss.backward();
        let _g = no_grad();
        for p in &params {
            let g = p.grad().expect("filled by backward");
            p.sub_(&(&g * 0.01));
            p.set_grad(None);
        }
    }
}

/// Training-mode batch norm on `32×32×32×32` float32 (affine, running statistics updated),
/// then `sum` and `backward` (the gradients of the input, weight and bias).
fn batchnorm() -> impl FnMut() {
    ferrograd::manual_seed(0);
    let x = Tensor::randn(&[32, 32, 32, 32]).requires_grad_(true);
    let w = Tensor::ones(&[32]).requires_grad_(true);
    let b = Tensor::zeros(&[32]).requires_grad_(true);
    let (rm, rv) = (Tensor::zeros(&[32]), Tensor::ones(&[32]));
    move || {
        let args = ferrograd::BatchNormArgs::new()
            .running(&rm, &rv)
            .affine(Some(&w), Some(&b))
            .training(true);
        x.batch_norm(&args).sum().backward();
        for p in [&x, &w, &b] {
            p.set_grad(None);
        }
    }
}

fn matmul(n: usize) -> impl FnMut() {
    ferrograd::manual_seed(0);
    let a = Tensor::randn(&[n, n]).requires_grad_(true);
    let b = Tensor::randn(&[n, n]).requires_grad_(true);
    move || {
        a.matmul(&b).tanh().sum().backward();
        a.set_grad(None);
        b.set_grad(None);
    }
}

/// One epoch over the 1,797 digits: a 64-64-10 MLP, batches of 32 from a shuffling loader,
/// cross-entropy and Adam (`scripts/digits_epoch.py` is the same epoch in Python).
fn digits_epoch() -> impl FnMut() {
    use ferrograd::data::{datasets::digits, DataLoader, TensorDataset};
    use ferrograd::nn::{CrossEntropyLoss, Linear, Loss, Module, ReLU, Sequential};
    use ferrograd::optim::{Adam, AdamOptions, Optimizer};
    let d = digits();
    let ds = TensorDataset::new(vec![d.images, d.labels]).expect("equal lengths");
    ferrograd::manual_seed(0);
    let model = Sequential::new()
        .add(Linear::new(64, 64))
        .add(ReLU::new())
        .add(Linear::new(64, 10));
    let loss_fn = CrossEntropyLoss::new(None, -100, ferrograd::Reduction::Mean, 0.0);
    let mut opt = Adam::new(model.parameters(), AdamOptions::default()).expect("adam");
    move || {
        for batch in DataLoader::new(&ds, 32).shuffle(true).iter() {
            let batch = batch.expect("batch");
            opt.zero_grad(true);
            let loss = loss_fn
                .loss(&model.forward(&batch[0]).expect("forward"), &batch[1])
                .expect("loss");
            loss.backward();
            opt.step().expect("step");
        }
    }
}

/// One epoch over the 1,797 digits of the CNN of `examples/digits_cnn.rs` (two conv–ReLU–pool
/// blocks and a linear layer), batches of 32 from a shuffling loader, cross-entropy and Adam
/// (`scripts/digits_cnn_epoch.py` is the same epoch in Python).
fn digits_cnn_epoch() -> impl FnMut() {
    use ferrograd::data::{datasets::digits, DataLoader, TensorDataset};
    use ferrograd::nn::{
        Conv2d, CrossEntropyLoss, Flatten, Linear, Loss, MaxPool2d, Module, ReLU, Sequential,
        Unflatten,
    };
    use ferrograd::ops::ConvOptions;
    use ferrograd::optim::{Adam, AdamOptions, Optimizer};
    let d = digits();
    let ds = TensorDataset::new(vec![d.images, d.labels]).expect("equal lengths");
    ferrograd::manual_seed(0);
    let conv = |c_in, c_out| {
        Conv2d::try_new(c_in, c_out, 3, ConvOptions::new().padding(1), true).expect("conv")
    };
    let model = Sequential::new()
        .add(Unflatten::new(1, &[1, 8, 8]))
        .add(conv(1, 16))
        .add(ReLU::new())
        .add(MaxPool2d::new(2))
        .add(conv(16, 32))
        .add(ReLU::new())
        .add(MaxPool2d::new(2))
        .add(Flatten::new())
        .add(Linear::new(32 * 2 * 2, 10));
    let loss_fn = CrossEntropyLoss::new(None, -100, ferrograd::Reduction::Mean, 0.0);
    let mut opt = Adam::new(model.parameters(), AdamOptions::default()).expect("adam");
    move || {
        for batch in DataLoader::new(&ds, 32).shuffle(true).iter() {
            let batch = batch.expect("batch");
            opt.zero_grad(true);
            let loss = loss_fn
                .loss(&model.forward(&batch[0]).expect("forward"), &batch[1])
                .expect("loss");
            loss.backward();
            opt.step().expect("step");
        }
    }
}

fn conv2d() -> impl FnMut() {
    ferrograd::manual_seed(0);
    let x = Tensor::randn(&[32, 16, 32, 32]).requires_grad_(true);
    let w = Tensor::randn(&[32, 16, 3, 3]).requires_grad_(true);
    let opts = ferrograd::ops::ConvOptions::new().padding(1);
    move || {
        x.conv2d(&w, None, &opts).sum().backward();
        x.set_grad(None);
        w.set_grad(None);
    }
}

fn rosenbrock(x: &Tensor) -> Tensor {
    let n = x.shape()[0] as isize;
    let head = x.slice(0, 0, n - 1, 1);
    let tail = x.slice(0, 1, n, 1);
    (100.0 * (&tail - head.pow(2)).pow(2) + (1.0 - &head).pow(2)).sum()
}

/// The full Hessian through `autograd::functional::hessian` (`vectorize`: all rows in one
/// batched backward pass instead of one pass per row).
fn hessian(n: usize, vectorize: bool) -> impl FnMut() {
    ferrograd::manual_seed(0);
    let x0 = Tensor::randn_dtype(&[n], DType::Float64);
    let opts = functional::Options {
        vectorize,
        ..Default::default()
    };
    move || {
        let f = |x: &[Tensor]| Ok(vec![rosenbrock(&x[0])]);
        let h = functional::hessian(f, std::slice::from_ref(&x0), opts).unwrap();
        std::hint::black_box(h);
    }
}

fn nth(order: usize) {
    let x = Tensor::new_with_dtype(0.7, DType::Float64).requires_grad_(true);
    let mut y = x.sin() * x.exp();
    let opts = GradOptions::new().create_graph(true);
    for _ in 0..order {
        y = grad_with(&[y], std::slice::from_ref(&x), &opts).unwrap()[0]
            .clone()
            .unwrap();
    }
    std::hint::black_box(y);
}

/// Taylor mode against nested reverse mode: all derivatives up to `order` of sin(x)·exp(x).
fn taylor_vs_nested(order: usize, reps: usize) -> (f64, f64) {
    use ferrograd::autograd::taylor::{derivatives, Real};
    let t_taylor = bench(reps, 1, || {
        std::hint::black_box(derivatives(|x| x.sin() * x.exp(), 0.7, order));
    });
    let t_nested = bench(reps, 1, || {
        let x = Tensor::new_with_dtype(0.7, DType::Float64).requires_grad_(true);
        let mut y = x.sin() * x.exp();
        let opts = GradOptions::new().create_graph(true);
        let mut all = vec![y.item()];
        for _ in 0..order {
            y = grad_with(&[y], std::slice::from_ref(&x), &opts).unwrap()[0]
                .clone()
                .unwrap();
            all.push(y.item());
        }
        std::hint::black_box(all);
    });
    (t_taylor, t_nested)
}

/// Times `exp(x)` and `x + y` (f32) at sizes around the parallel grain, on a pool of one thread and
/// on a pool of two: where the second thread starts to pay off.
fn grain_table(reps: usize) {
    out!(
        "{:>9} {:>12} {:>12} {:>12} {:>12}",
        "elements",
        "exp 1 thr",
        "exp 2 thr",
        "add 1 thr",
        "add 2 thr"
    );
    for n in [4096usize, 8192, 16384, 32768, 65536, 131072, 262144] {
        let x = Tensor::rand(&[n]);
        let y = Tensor::rand(&[n]);
        let mut row = vec![];
        for op in 0..2 {
            for threads in [1, 2] {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .unwrap();
                let t = pool.install(|| {
                    bench(reps, 20, || {
                        std::hint::black_box(if op == 0 { x.exp() } else { &x + &y });
                    })
                });
                row.push(t);
            }
        }
        out!(
            "{n:>9} {:>10.1}us {:>10.1}us {:>10.1}us {:>10.1}us",
            row[0] * 1e6,
            row[1] * 1e6,
            row[2] * 1e6,
            row[3] * 1e6
        );
    }
}

const NAMES: [&str; 10] = [
    "scalar_chain_100k_nodes",
    "elementwise_exp_mul_add_10M_fwd_bwd",
    "mlp_784_256_10_b64_train_step",
    "matmul_1024_fwd_bwd",
    "hessian_rosenbrock_n100_f64",
    "nth_derivative_order6_f64",
    "digits_mlp_epoch",
    "conv2d_b32_c16_32x32_fwd_bwd",
    "batchnorm2d_b32_c32_32x32_fwd_bwd",
    "digits_cnn_epoch",
];

fn run(name: &str, reps: Option<usize>) -> Option<(f64, String)> {
    let r = |d: usize| reps.unwrap_or(d);
    Some(match name {
        "scalar_chain_100k_nodes" => {
            let t = bench(r(3), 1, scalar_chain);
            (t, format!("{:.0} ns/node", t / 100_000.0 * 1e9))
        }
        "elementwise_exp_mul_add_10M_fwd_bwd" => {
            let t = bench(r(5), 1, elementwise());
            // The float32 traffic the step cannot avoid, per element: exp reads a and writes
            // e (8 bytes), the product reads e and b and writes (12), the sum reads c and the
            // product and writes (12), the reduction reads it (4); backward, the product's
            // gradient reads b and writes (8) and exp's reads it and e and writes a.grad (12).
            let bytes = 56.0 * 10_000_000.0;
            (t, format!("{:.1} ms, {:.1} GB/s", t * 1e3, bytes / t / 1e9))
        }
        "mlp_784_256_10_b64_train_step" => {
            let t = bench(r(50), 5, mlp(64));
            (t, format!("{:.0} us", t * 1e6))
        }
        "matmul_1024_fwd_bwd" => {
            let t = bench(r(5), 1, matmul(1024));
            (
                t,
                format!("{:.1} GFLOP/s", 3.0 * 2.0 * 1024f64.powi(3) / t / 1e9),
            )
        }
        "hessian_rosenbrock_n100_f64" => {
            let t = bench(r(3), 1, hessian(100, false));
            (t, format!("{:.1} ms", t * 1e3))
        }
        "nth_derivative_order6_f64" => {
            let t = bench(r(5), 1, || nth(6));
            (t, format!("{:.2} ms", t * 1e3))
        }
        "digits_mlp_epoch" => {
            let t = bench(r(20), 2, digits_epoch());
            (t, format!("{:.3} ms/batch", t / 57.0 * 1e3))
        }
        "conv2d_b32_c16_32x32_fwd_bwd" => {
            let t = bench(r(20), 2, conv2d());
            // forward, input gradient and weight gradient: three products of equal cost
            let flops = 3.0 * 2.0 * 32.0 * 32.0 * 1024.0 * 16.0 * 9.0;
            (t, format!("{:.1} GFLOP/s", flops / t / 1e9))
        }
        "batchnorm2d_b32_c32_32x32_fwd_bwd" => {
            let t = bench(r(50), 5, batchnorm());
            (t, format!("{:.2} ms", t * 1e3))
        }
        "digits_cnn_epoch" => {
            let t = bench(r(10), 2, digits_cnn_epoch());
            (t, format!("{:.3} ms/batch", t / 57.0 * 1e3))
        }
        _ => return None,
    })
}

/// GFLOP/s of the matrix products inside the GEMM-heavy workloads, each timed alone (median of
/// `reps` after 3 warm-up calls): the three of `matmul_1024_fwd_bwd` and the two large ones of
/// the MLP step. `FERROGRAD_GEMM=packed` or `=direct` pins the kernel, to compare the two.
fn gemm_shapes(reps: usize) {
    ferrograd::manual_seed(0);
    let _g = no_grad();
    let a = Tensor::randn(&[1024, 1024]);
    let b = Tensor::randn(&[1024, 1024]);
    let g = Tensor::randn(&[1024, 1024]);
    let x = Tensor::randn(&[64, 784]);
    let w1 = Tensor::randn(&[784, 256]);
    let g1 = Tensor::randn(&[64, 256]);
    let cases: [(&str, &Tensor, Tensor); 5] = [
        ("1024: a @ b", &a, b.clone()),
        ("1024: g @ b.T", &g, b.t()),
        ("1024: a.T @ g (a.T first)", &a, g.clone()),
        ("mlp: x @ w1 (64x784x256)", &x, w1.clone()),
        ("mlp: x.T @ g1 (784x64x256)", &x, g1.clone()),
    ];
    for (i, (name, l, r)) in cases.iter().enumerate() {
        let l = if i == 2 || i == 4 {
            l.t()
        } else {
            (*l).clone()
        };
        let (m, k, n) = (l.shape()[0], l.shape()[1], r.shape()[1]);
        let t = bench(reps, 3, || {
            std::hint::black_box(l.matmul(r));
        });
        out!(
            "{name:30} {:8.1} us  {:6.1} GFLOP/s",
            t * 1e6,
            2.0 * (m * k * n) as f64 / t / 1e9
        );
    }
}

/// Per-sample gradients of a 784-256-10 MLP for a batch of 64: `func::vmap` of `func::grad`
/// over the examples, the parameters shared (median seconds).
fn per_sample_grads(reps: usize) -> f64 {
    use ferrograd::func;
    ferrograd::manual_seed(0);
    let w1 = Tensor::randn(&[256, 784]) * 0.05;
    let b1 = Tensor::zeros(&[256]);
    let w2 = Tensor::randn(&[10, 256]) * 0.05;
    let b2 = Tensor::zeros(&[10]);
    let x = Tensor::randn(&[64, 784]);
    let t = Tensor::randint(0, 10, &[64]);
    // arguments: the four parameters, one example, its label
    let loss = |a: &[Tensor]| {
        let h = a[4]
            .unsqueeze(0)
            .try_linear(&a[0], Some(&a[1]))?
            .try_relu()?;
        h.try_linear(&a[2], Some(&a[3]))?
            .try_cross_entropy(&a[5].unsqueeze(0))
    };
    let per_sample = func::vmap(
        func::grad_argnums(loss, &[0, 1, 2, 3]),
        &[None, None, None, None, Some(0), Some(0)],
        &[Some(0)],
    );
    let args = [w1, b1, w2, b2, x, t];
    bench(reps, 3, || {
        let g = per_sample(&args).expect("per-sample gradients");
        assert_eq!(g[0].shape(), &[64, 256, 784]);
    })
}

/// One `Adam::step` on a 784×256 float32 weight with a fixed gradient (median seconds).
fn adam_step(reps: usize) -> f64 {
    use ferrograd::optim::{Adam, AdamOptions, Optimizer};
    ferrograd::manual_seed(0);
    let w = Tensor::randn(&[784, 256]).requires_grad_(true);
    w.set_grad(Some(Tensor::randn(&[784, 256])));
    let mut opt = Adam::new(vec![w], AdamOptions::default()).expect("adam");
    bench(reps, 5, || opt.step().expect("step"))
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()
        .unwrap_or_else(|e| {
            eprintln!("error: cannot start {threads} threads: {e}");
            std::process::exit(2)
        })
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut only, mut reps, mut threads) = (None, None, 2usize);
    let mut sw = SweepArgs::default();
    while let Some(a) = args.next() {
        let mut val = |flag: &str| {
            args.next().unwrap_or_else(|| {
                eprintln!("error: {flag} needs a value");
                std::process::exit(2)
            })
        };
        match a.as_str() {
            "--sweep" => sw.sweep = true,
            "--quick" => sw.quick = true,
            "--only" => sw.only = val("--only").split(',').map(str::to_string).collect(),
            "--out" => sw.out = Some(val("--out").into()),
            "--torch-python" => sw.torch_python = Some(val("--torch-python")),
            "--no-torch" => sw.no_torch = true,
            "--jax-python" => sw.jax_python = Some(val("--jax-python")),
            "--budget" => sw.budget = Some(num(&val("--budget"), "--budget")),
            "--max-single" => sw.max_single = Some(num(&val("--max-single"), "--max-single")),
            "--mem-limit-gib" => sw.mem_gib = Some(num(&val("--mem-limit-gib"), "--mem-limit-gib")),
            "--sweep-family" => sw.family = Some(val("--sweep-family")),
            "--plot-csv" => {
                let csv = val("--plot-csv");
                if let Err(e) = sweep::replot(std::path::Path::new(&csv)) {
                    eprintln!("error: {e}");
                    std::process::exit(1);
                }
                return;
            }
            "--sizes" => {
                sw.sizes = val("--sizes")
                    .split(',')
                    .map(|v| num(v, "--sizes") as usize)
                    .collect()
            }
            "--workload" => only = Some(val("--workload")),
            "--reps" => reps = val("--reps").parse().ok(),
            "--threads" => threads = val("--threads").parse().unwrap_or(2),
            "--grain" => {
                grain_table(reps.unwrap_or(200));
                return;
            }
            "--taylor" => {
                for order in [4, 8, 12] {
                    let (t, n) = taylor_vs_nested(order, reps.unwrap_or(5));
                    out!(
                        "taylor_vs_nested_order{order:<2} taylor {:.2} us  nested {:.2} us  ({:.0}x)",
                        t * 1e6,
                        n * 1e6,
                        n / t
                    );
                }
                return;
            }
            "--hessian-paths" => {
                let reps = reps.unwrap_or(20);
                let rows = bench(reps, 1, hessian(100, false));
                let vectorized = bench(reps, 1, hessian(100, true));
                out!(
                    "hessian_rosenbrock_n100_f64 row-by-row {:.3} ms  vectorized {:.3} ms  ({:.1}x)",
                    rows * 1e3,
                    vectorized * 1e3,
                    rows / vectorized
                );
                return;
            }
            "--per-sample-grads" => {
                let t = pool(threads).install(|| per_sample_grads(reps.unwrap_or(30)));
                out!("per_sample_grads_mlp_784_256_10_b64 {:.3} ms", t * 1e3);
                return;
            }
            "--gemm-shapes" => {
                pool(threads).install(|| gemm_shapes(reps.unwrap_or(50)));
                return;
            }
            "--adam-step" => {
                let t = adam_step(reps.unwrap_or(200));
                out!("adam_step_784x256_f32 {:.1} us", t * 1e6);
                return;
            }
            "-h" | "--help" => {
                out!("usage: ferrograd-bench [--workload NAME] [--reps N] [--threads N] [--taylor] [--grain] [--hessian-paths] [--adam-step] [--per-sample-grads] [--gemm-shapes]\n       ferrograd-bench --sweep [--quick] [--only chain,elementwise,matmul,hessian,order] [--out DIR] [--torch-python PY | --no-torch] [--jax-python PY] [--budget S] [--max-single S] [--mem-limit-gib G]\n       ferrograd-bench --plot-csv docs/bench/sweep.csv\nworkloads: {}", NAMES.join(", "));
                return;
            }
            other => {
                eprintln!("error: unknown argument '{other}' (try --help)");
                std::process::exit(2);
            }
        }
    }
    if sw.sweep || sw.family.is_some() {
        return sweep_main(sw, threads);
    }
    // The workloads run on a thread of a pool of `threads` threads, so that a parallel region
    // hands its other blocks to the pool's other threads and takes back any not yet started
    // (PyTorch's caller likewise computes in its own intra-op pool).
    let pool = pool(threads);
    let names: Vec<&str> = match &only {
        Some(n) if NAMES.contains(&n.as_str()) => vec![n.as_str()],
        Some(n) => {
            eprintln!(
                "error: unknown workload '{n}'; one of: {}",
                NAMES.join(", ")
            );
            std::process::exit(2);
        }
        None => NAMES.to_vec(),
    };
    pool.install(|| {
        for name in names {
            if let Some((t, unit)) = run(name, reps) {
                out!("{name:40} {t:.6} s  {unit}");
            }
        }
    });
}

fn num(v: &str, flag: &str) -> f64 {
    v.parse().unwrap_or_else(|_| {
        eprintln!("error: {flag} takes a number, not '{v}'");
        std::process::exit(2)
    })
}

/// The command-line arguments of `--sweep` (and of its children, `--sweep-family`).
#[derive(Default)]
struct SweepArgs {
    sweep: bool,
    quick: bool,
    only: Vec<String>,
    out: Option<std::path::PathBuf>,
    torch_python: Option<String>,
    no_torch: bool,
    jax_python: Option<String>,
    budget: Option<f64>,
    max_single: Option<f64>,
    mem_gib: Option<f64>,
    family: Option<String>,
    sizes: Vec<usize>,
}

/// `--sweep` (the parent) and `--sweep-family` (a child measuring one family on ferrograd).
fn sweep_main(sw: SweepArgs, threads: usize) {
    let limits = sweep::Limits {
        budget: sw.budget.unwrap_or(if sw.quick { 0.01 } else { 0.3 }),
        max_single: sw.max_single.unwrap_or(if sw.quick { 0.5 } else { 10.0 }),
        mem_limit_gib: sw
            .mem_gib
            .unwrap_or_else(|| (sweep::mem_available_gib() / 2.0).min(8.0)),
    };
    if let Some(name) = sw.family {
        let Some(fam) = sweep::family(&name) else {
            eprintln!("error: unknown sweep family '{name}'");
            std::process::exit(2)
        };
        pool(threads).install(|| sweep::run_family(fam, &sw.sizes, &limits));
        return;
    }
    if let Some(bad) = sw.only.iter().find(|n| sweep::family(n).is_none()) {
        eprintln!("error: unknown sweep family '{bad}'");
        std::process::exit(2)
    }
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    // PyTorch from --torch-python, $FERROGRAD_TORCH_PYTHON or /work/torchenv; JAX only if asked.
    let torch_python = if sw.no_torch {
        None
    } else {
        sw.torch_python
            .or_else(|| std::env::var("FERROGRAD_TORCH_PYTHON").ok())
            .or_else(|| {
                let p = "/work/torchenv/bin/python";
                std::path::Path::new(p).exists().then(|| p.to_string())
            })
    };
    if torch_python.is_none() {
        eprintln!("sweep: no Python with torch (--torch-python); measuring ferrograd alone");
    }
    let out = sw.out.unwrap_or_else(|| {
        if sw.quick {
            std::env::temp_dir().join("ferrograd-sweep")
        } else {
            here.join("../../docs/bench")
        }
    });
    let opts = sweep::SweepOptions {
        quick: sw.quick,
        only: sw.only,
        out,
        torch_python,
        jax_python: sw
            .jax_python
            .or_else(|| std::env::var("FERROGRAD_JAX_PYTHON").ok()),
        script: here.join("scripts/sweep.py"),
        threads,
        limits,
    };
    if let Err(e) = sweep::run_sweep(&opts) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
