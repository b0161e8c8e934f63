//! PyTorch's random streams, bit for bit: every call recorded by `data/gen_random.py` (five
//! seeds, sizes on both sides of the 16-element vectorised normal path, float32 and float64,
//! calls interleaved on one stream, explicit generators, `nn.init`, dropout, multinomial) is
//! replayed here and compared exactly.

use ferrograd::{nn::init, random::NormalArg, DType, Generator, Tensor};
use serde_json::Value;
use std::sync::Mutex;

/// The default generator is global: cases that use it run one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

fn data() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/random.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("random.json")).expect("json")
}

fn dtype(c: &Value) -> DType {
    match c["dtype"].as_str() {
        Some("float64") => DType::Float64,
        _ => DType::Float32,
    }
}

fn shape(c: &Value) -> Vec<usize> {
    c["shape"].as_array().map_or(vec![], |a| {
        a.iter().map(|v| v.as_u64().unwrap() as usize).collect()
    })
}

fn f64s(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

/// A nested list of numbers as a tensor of `dt`.
fn tensor_of(v: &Value, dt: DType) -> Tensor {
    let rows = v.as_array().unwrap();
    let t = if rows[0].is_array() {
        let flat: Vec<f64> = rows.iter().flat_map(f64s).collect();
        Tensor::from_vec(flat, &[rows.len(), rows[0].as_array().unwrap().len()])
    } else {
        Tensor::from_vec(f64s(v), &[rows.len()])
    };
    t.to_dtype(dt)
}

fn run(c: &Value, g: Option<&Generator>) -> Tensor {
    let dt = dtype(c);
    let sh = shape(c);
    let f = |k: &str| c[k].as_f64().unwrap();
    let zeros = || Tensor::zeros_dtype(&sh, dt);
    match c["op"].as_str().unwrap() {
        "rand" => Tensor::try_rand_with(&sh, dt, g).unwrap(),
        "randn" => Tensor::try_randn_with(&sh, dt, g).unwrap(),
        "randint" => Tensor::try_randint_with(
            c["low"].as_i64().unwrap(),
            c["high"].as_i64().unwrap(),
            &sh,
            g,
        )
        .unwrap(),
        "randperm" => Tensor::try_randperm_with(c["n"].as_u64().unwrap() as usize, g).unwrap(),
        "uniform_" => zeros().try_uniform_(f("a"), f("b"), g).unwrap().clone(),
        "normal_" => zeros().try_normal_(f("mean"), f("std"), g).unwrap().clone(),
        "normal_t" => {
            let t = Tensor::zeros_dtype(&[sh[1], sh[0]], dt).t();
            t.try_normal_(f("mean"), f("std"), g).unwrap().clone()
        }
        "normal_tensor" => {
            let (m, s) = (tensor_of(&c["mean"], dt), tensor_of(&c["std"], dt));
            Tensor::try_normal(NormalArg::Tensor(&m), NormalArg::Tensor(&s), g).unwrap()
        }
        "bernoulli_" => zeros().try_bernoulli_(f("p"), g).unwrap().clone(),
        "bernoulli" => tensor_of(&c["p"], dt).try_bernoulli(g).unwrap(),
        "exponential_" => zeros().try_exponential_(f("lambd"), g).unwrap().clone(),
        "multinomial" => tensor_of(&c["weights"], dt)
            .try_multinomial(
                c["n"].as_u64().unwrap() as usize,
                c["replacement"].as_bool().unwrap(),
                g,
            )
            .unwrap(),
        "dropout" => {
            let n = sh.iter().product();
            let x = Tensor::linspace_dtype(-1.0, 1.0, n, dt).reshape(&sh);
            x.try_dropout(f("p"), true, None).unwrap()
        }
        "init" => {
            let w = zeros();
            let a = c["args"].as_array().unwrap();
            let n = |i: usize| a[i].as_f64().unwrap();
            let s = |i: usize| a[i].as_str().unwrap();
            match c["fn"].as_str().unwrap() {
                "kaiming_uniform_" if a.len() == 1 => {
                    init::kaiming_uniform_(&w, n(0), "fan_in", "leaky_relu")
                }
                "kaiming_uniform_" => init::kaiming_uniform_(&w, n(0), s(1), s(2)),
                "kaiming_normal_" => init::kaiming_normal_(&w, n(0), s(1), s(2)),
                "xavier_uniform_" => init::xavier_uniform_(&w, n(0)),
                "xavier_normal_" => init::xavier_normal_(&w, n(0)),
                "uniform_" => init::uniform_(&w, n(0), n(1)),
                "normal_" => init::normal_(&w, n(0), n(1)),
                "trunc_normal_" => init::trunc_normal_(&w, n(0), n(1), n(2), n(3)),
                other => panic!("init {other}"),
            }
            .unwrap();
            w
        }
        other => panic!("unknown op {other}"),
    }
}

/// The output's values in the recording's encoding (float bits, integers).
fn encode(t: &Tensor) -> Vec<u64> {
    match t.dtype() {
        DType::Float32 => t
            .to_vec::<f32>()
            .iter()
            .map(|v| v.to_bits() as u64)
            .collect(),
        DType::Float64 => t.to_vec::<f64>().iter().map(|v| v.to_bits()).collect(),
        _ => t.to_vec::<i64>().iter().map(|&v| v as u64).collect(),
    }
}

fn expected(out: &Value) -> Vec<u64> {
    out["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap_or_else(|| v.as_i64().unwrap() as u64))
        .collect()
}

fn replay(filter: impl Fn(&str) -> bool) -> usize {
    let _lock = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let data = data();
    let mut checked = 0;
    let mut failures = vec![];
    for case in data["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        if !filter(name) {
            continue;
        }
        let seed = case["seed"].as_u64().unwrap();
        let generator = Generator::new();
        let g = if case["generator"].as_bool().unwrap() {
            ferrograd::manual_seed(12345);
            generator.manual_seed(seed);
            Some(&generator)
        } else {
            ferrograd::manual_seed(seed);
            None
        };
        for (i, c) in case["calls"].as_array().unwrap().iter().enumerate() {
            let got = run(c, g);
            let want = &c["out"];
            let (gv, wv) = (encode(&got), expected(want));
            if gv != wv || got.shape() != shape(want).as_slice() {
                let first = gv.iter().zip(&wv).position(|(a, b)| a != b);
                failures.push(format!(
                    "{name} call {i} {}: shape {:?} vs {:?}, first difference at {first:?} of {}",
                    c["op"],
                    got.shape(),
                    shape(want),
                    wv.len()
                ));
                // The stream is now out of step: later calls of this case would all differ.
                break;
            }
            checked += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    checked
}

#[test]
fn rand_randn_randint_interleaved_on_one_stream() {
    assert_eq!(replay(|n| n.starts_with("interleaved")), 5 * 8 * 2 * 3);
}

#[test]
fn in_place_fills_randperm_and_wide_randint() {
    assert!(replay(|n| n.starts_with("in-place")) >= 5 * 5 * 12);
}

#[test]
fn explicit_generators_leave_the_default_alone() {
    assert_eq!(replay(|n| n.starts_with("generator")), 25);
}

#[test]
fn bernoulli_multinomial_normal_overloads_and_dropout() {
    assert_eq!(replay(|n| n.starts_with("discrete")), 5 * 22);
}

#[test]
fn nn_init_of_2d_and_4d_weights() {
    assert_eq!(replay(|n| n.starts_with("nn.init")), 5 * 40);
}

#[test]
fn rng_state_bytes_round_trip_with_pytorch() {
    let _lock = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let data = data();
    let st = &data["state"];
    ferrograd::manual_seed(st["seed"].as_u64().unwrap());
    for c in st["calls"].as_array().unwrap() {
        run(c, None);
    }
    let want: Vec<i64> = st["state"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    assert_eq!(ferrograd::get_rng_state().to_vec::<i64>(), want);
    // Restoring PyTorch's bytes continues PyTorch's stream, cached normal included.
    ferrograd::manual_seed(99);
    ferrograd::set_rng_state(&Tensor::from_vec(want.clone(), &[want.len()]));
    let after = st["after"].as_array().unwrap();
    assert_eq!(
        encode(&Tensor::randn_dtype(&[1], DType::Float64)),
        expected(&after[0])
    );
    assert_eq!(encode(&Tensor::rand(&[4])), expected(&after[1]));
    assert_eq!(encode(&Tensor::randn(&[40])), expected(&after[2]));
    let fresh: Vec<i64> = st["fresh_generator_state"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    assert_eq!(Generator::new().get_state().to_vec::<i64>(), fresh);
}
