//! Fuzzing the parser and the evaluator with proptest: random strings (a token soup, printable
//! ASCII and arbitrary Unicode) and well-formed expressions over vectors and matrices must never
//! panic in any command, and random well-formed expression trees over scalars must parse and give
//! the value and partial derivatives that dual numbers give, within bounds on rounding errors.
//!
//! The small versions run always; `fuzz_million` runs a million inputs:
//! `cargo test --release -p ferrograd-cli --test fuzz -- --ignored --nocapture`.

mod common;

use common::{check_tree, exercise, Style, Tree, FUNCS};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};

const TOKENS: &[&str] = &[
    "x",
    "y",
    "z",
    "v",
    "w",
    "u",
    "m",
    "q",
    "e",
    "pi",
    "(",
    ")",
    "(",
    ")",
    "+",
    "-",
    "-",
    "*",
    "/",
    "^",
    "**",
    ",",
    " ",
    " ",
    "0",
    "2",
    "0.5",
    "1e-3",
    "1e400",
    "3.",
    ".5",
    ".",
    "1e",
    "E",
    "sin(",
    "cos(",
    "tan(",
    "exp(",
    "log(",
    "log1p(",
    "sqrt(",
    "abs(",
    "tanh(",
    "sigmoid(",
    "relu(",
    "sum(",
    "mean(",
    "dot(",
    "dot(v,",
    "sinh(",
    "[",
    "]",
    "é",
    "∂",
    "\t",
    "#",
    "_",
    "x1",
    "2x",
    "leaky_relu(",
    "hardtanh(",
    "softplus(",
    "elu(",
    "gelu_tanh(",
    "erfinv(",
    ", 0.2",
    ", -2, 2",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..40).prop_map(|t| t.concat())
}

fn random_input() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => soup(),
        1 => "[ -~]{0,40}",
        1 => ".{0,24}",
    ]
}

fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        prop::sample::select(vec![0.0, 1.0, 2.0, 3.0, 0.5, 0.25, 10.0, 1e-3, 2.5, 100.0]),
        0.0..10.0f64,
    ]
}

fn tree() -> impl Strategy<Value = Tree> {
    let leaf = prop_oneof![
        3 => number().prop_map(Tree::Num),
        1 => any::<bool>().prop_map(Tree::Const),
        5 => (0..2usize).prop_map(Tree::Var),
    ];
    leaf.prop_recursive(6, 32, 2, |inner| {
        prop_oneof![
            1 => inner.clone().prop_map(|a| Tree::Neg(Box::new(a))),
            4 => (0..5u8, inner.clone(), inner.clone())
                .prop_map(|(op, a, b)| Tree::Bin(op, Box::new(a), Box::new(b))),
            3 => (0..FUNCS.len(), inner).prop_map(|(f, a)| Tree::Fun(f, Box::new(a))),
        ]
    })
}

fn style_with(vars: [&'static str; 2]) -> impl Strategy<Value = Style> {
    (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()).prop_map(move |(a, b, c, d)| {
        Style {
            vars,
            spaces: a,
            star_star: b,
            full_parens: c,
            exponent_numbers: d,
        }
    })
}

fn style() -> impl Strategy<Value = Style> {
    style_with(["x", "y"])
}

/// Trees over tensors: vectors of lengths 3 and 2, an empty vector, a matrix, with scalars, so
/// that broadcasting, shape errors and reductions of every shape are met.
fn tensor_tree() -> impl Strategy<Value = String> {
    let vars = prop::sample::select(vec![
        ["v", "w"],
        ["v", "x"],
        ["m", "v"],
        ["m", "x"],
        ["u", "x"],
        ["v", "v"],
        ["w", "u"],
    ]);
    (tree(), vars)
        .prop_flat_map(|(t, vars)| style_with(vars).prop_map(move |st| t.render(st)))
        .prop_map(|src| {
            // Often reduce to a scalar, as a calculator user would.
            if src.len() % 3 == 0 {
                format!("sum({src})")
            } else if src.len() % 3 == 1 {
                format!("dot(v, v * ({src}))")
            } else {
                src
            }
        })
}

fn point() -> impl Strategy<Value = f64> {
    prop_oneof![
        prop::sample::select(vec![0.0, 1.0, -1.0, 0.5, 2.0, -2.5, 3.7, 1e-3, -0.1]),
        -4.0..4.0f64,
    ]
}

fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn random_strings_never_panic(s in random_input()) {
        exercise(&s);
    }
}

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn tensor_trees_never_panic(src in tensor_tree()) {
        exercise(&src);
    }
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn well_formed_trees_match_dual_numbers(t in tree(), st in style(), x in point(), y in point()) {
        let _ = check_tree(&t, st, [x, y]);
    }
}

/// The trees the long run once failed on (see `tests/corpus/findings.txt`): each must now agree
/// with the reference, or be one the reference declines to compare.
#[test]
fn findings_stay_fixed() {
    use Tree::*;
    let b = Box::new;
    let fun = |name: &str, a: Tree| Fun(FUNCS.iter().position(|f| *f == name).unwrap(), b(a));
    let st = Style {
        vars: ["x", "y"],
        spaces: true,
        star_star: true,
        full_parens: false,
        exponent_numbers: false,
    };
    // cos(mean(e)) / (e * pi): compared exactly.
    let t = Bin(
        3,
        b(fun("cos", fun("mean", Const(false)))),
        b(Bin(2, b(Const(false)), b(Const(true)))),
    );
    assert!(check_tree(&t, st, [0.5, 0.5]));
    // tan(0 / 3.23) / (abs(x) ** 100) at x = 0.001: underflow, not compared.
    let t = Bin(
        3,
        b(fun("tan", Bin(3, b(Num(0.0)), b(Num(3.228728083555767))))),
        b(Bin(4, b(fun("abs", Var(0))), b(Num(100.0)))),
    );
    assert!(!check_tree(&t, st, [0.001, 3.96069972848161]));
    assert!(check_tree(&t, st, [0.9, 3.96069972848161]));
    // tan(y ** 4.8) / (-exp(y) + mean(e ** y)) at y = 2: a noise denominator, not compared.
    let t = Bin(
        3,
        b(fun("tan", Bin(4, b(Var(1)), b(Num(4.7997032850152035))))),
        b(Bin(
            0,
            b(Neg(b(fun("exp", Var(1))))),
            b(fun("mean", Bin(4, b(Const(false)), b(Var(1))))),
        )),
    );
    assert!(!check_tree(&t, st, [3.7434812376855553, 2.0]));
}

/// A million inputs: 400,000 random strings and 200,000 tensor trees through every command,
/// 400,000 scalar trees against dual numbers. Prints the counts and the time.
#[test]
#[ignore]
fn fuzz_million() {
    use proptest::test_runner::TestRunner;
    let start = std::time::Instant::now();
    let strings = std::sync::atomic::AtomicUsize::new(0);
    let parsed = std::sync::atomic::AtomicUsize::new(0);
    let mut runner = TestRunner::new(config(400_000));
    runner
        .run(&random_input(), |s| {
            strings.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if exercise(&s) {
                parsed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            Ok(())
        })
        .unwrap();
    let tensor_trees = std::sync::atomic::AtomicUsize::new(0);
    let tensor_ok = std::sync::atomic::AtomicUsize::new(0);
    let mut runner = TestRunner::new(config(200_000));
    runner
        .run(&tensor_tree(), |s| {
            tensor_trees.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if exercise(&s) {
                tensor_ok.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            Ok(())
        })
        .unwrap();
    let t1 = start.elapsed();
    let trees = std::sync::atomic::AtomicUsize::new(0);
    let compared = std::sync::atomic::AtomicUsize::new(0);
    let mut runner = TestRunner::new(config(400_000));
    runner
        .run(&(tree(), style(), point(), point()), |(t, st, x, y)| {
            trees.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if check_tree(&t, st, [x, y]) {
                compared.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            Ok(())
        })
        .unwrap();
    println!(
        "fuzz: {} random strings ({} evaluated by grad without error) and {} tensor trees ({} without error) in {:.1?}, {} scalar trees ({} compared with dual numbers) in {:.1?}; total {} inputs in {:.1?}",
        strings.load(std::sync::atomic::Ordering::Relaxed),
        parsed.into_inner(),
        tensor_trees.load(std::sync::atomic::Ordering::Relaxed),
        tensor_ok.into_inner(),
        t1,
        trees.load(std::sync::atomic::Ordering::Relaxed),
        compared.into_inner(),
        start.elapsed() - t1,
        trees.load(std::sync::atomic::Ordering::Relaxed)
            + strings.into_inner()
            + tensor_trees.into_inner(),
        start.elapsed()
    );
}
