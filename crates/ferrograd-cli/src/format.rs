//! Numbers for people and for JSON, and the names of derivatives.

use ferrograd::{DType, Tensor};

/// A number as `dtype` holds it, in the shortest form that reads back to the same value
/// (`2.5`, `18`, `1e-7`); `nan`, `inf` and `-inf` as PyTorch prints them.
///
/// ```
/// use ferrograd::DType;
/// use ferrograd_cli::format::fmt_num;
/// assert_eq!(fmt_num(18.0, DType::Float64), "18");
/// assert_eq!(fmt_num(0.1f32 as f64, DType::Float32), "0.1");
/// assert_eq!(fmt_num(1e-9, DType::Float64), "1e-9");
/// assert_eq!(fmt_num(f64::NEG_INFINITY, DType::Float64), "-inf");
/// ```
pub fn fmt_num(v: f64, dtype: DType) -> String {
    if v.is_nan() {
        return "nan".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf" } else { "-inf" }.into();
    }
    let a = v.abs();
    let sci = a != 0.0 && !(1e-5..1e16).contains(&a);
    match (dtype, sci) {
        (DType::Float32, true) => format!("{:e}", v as f32),
        (DType::Float32, false) => format!("{}", v as f32),
        (_, true) => format!("{v:e}"),
        (_, false) => format!("{v}"),
    }
}

/// A number as JSON: finite numbers as `dtype` holds them (a float32 `0.1` is `0.1`, not
/// `0.10000000149011612`); `"NaN"`, `"Infinity"` and `"-Infinity"` as strings, since JSON has no
/// such numbers.
///
/// ```
/// use ferrograd::DType;
/// use ferrograd_cli::format::num_json;
/// assert_eq!(num_json(0.1f32 as f64, DType::Float32).to_string(), "0.1");
/// assert_eq!(num_json(f64::NAN, DType::Float64).to_string(), "\"NaN\"");
/// ```
pub fn num_json(v: f64, dtype: DType) -> serde_json::Value {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    let v = if dtype == DType::Float32 {
        format!("{}", v as f32).parse::<f64>().unwrap_or(v)
    } else {
        v
    };
    serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, serde_json::Value::Number)
}

/// A tensor as JSON: a number for a 0-dim tensor, nested lists otherwise.
pub fn tensor_json(t: &Tensor) -> serde_json::Value {
    nested_json(t.shape(), &t.to_vec::<f64>(), t.dtype())
}

/// A tensor for people: a 0-dim tensor as a plain number, any other as PyTorch prints it.
pub fn tensor_display(t: &Tensor) -> String {
    if t.dim() == 0 {
        fmt_num(t.to_vec::<f64>()[0], t.dtype())
    } else {
        t.to_string()
    }
}

/// `n` in superscript digits (`²`, `¹⁰`).
pub fn superscript(n: usize) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    n.to_string()
        .chars()
        .map(|c| DIGITS[c.to_digit(10).unwrap_or(0) as usize])
        .collect()
}

/// The name of the `k`-th derivative of `f` with respect to `x`: `df/dx`, `d²f/dx²`.
///
/// ```
/// assert_eq!(ferrograd_cli::format::derivative_name("x", 1), "df/dx");
/// assert_eq!(ferrograd_cli::format::derivative_name("x", 3), "d³f/dx³");
/// ```
pub fn derivative_name(x: &str, k: usize) -> String {
    if k == 1 {
        format!("df/d{x}")
    } else {
        let s = superscript(k);
        format!("d{s}f/d{x}{s}")
    }
}

/// `name = value` lines with the `=` signs aligned.
pub fn aligned(rows: &[(String, String)]) -> String {
    let w = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (label, value) in rows {
        let pad = w - label.chars().count();
        // Continuation lines of a multi-line tensor repr line up under its first line.
        let indent = " ".repeat(w + 3);
        let value = value.replace('\n', &format!("\n{indent}"));
        out.push_str(&format!("{label}{} = {value}\n", " ".repeat(pad)));
    }
    out
}

/// Row-major `values` of `shape` as a JSON number or nested lists, numbers shown as `dtype` holds
/// them.
pub fn nested_json(shape: &[usize], values: &[f64], dtype: DType) -> serde_json::Value {
    match shape.split_first() {
        None => num_json(values.first().copied().unwrap_or(f64::NAN), dtype),
        Some((&n, rest)) => {
            let inner: usize = rest.iter().product();
            serde_json::Value::Array(
                (0..n)
                    .map(|i| nested_json(rest, &values[i * inner..(i + 1) * inner], dtype))
                    .collect(),
            )
        }
    }
}

/// Row-major `values` of `shape` written for people: `1.5`, `[1, 2, 3]`, `[[1, 2], [3, 4]]`.
pub fn nested_display(shape: &[usize], values: &[f64]) -> String {
    match shape.split_first() {
        None => fmt_num(values.first().copied().unwrap_or(f64::NAN), DType::Float64),
        Some((&n, rest)) => {
            let inner: usize = rest.iter().product();
            let items: Vec<String> = (0..n)
                .map(|i| nested_display(rest, &values[i * inner..(i + 1) * inner]))
                .collect();
            format!("[{}]", items.join(", "))
        }
    }
}
