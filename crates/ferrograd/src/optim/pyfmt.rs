//! Python's `repr` of a float, for messages that quote a value as PyTorch's do.

/// Formats `v` as Python's `repr(float)` does: the shortest digits that read back to `v`,
/// positional for exponents from -4 to 15, else scientific with a two-digit exponent.
///
/// ```
/// use ferrograd::optim::py_float;
/// assert_eq!(py_float(-0.1), "-0.1");
/// assert_eq!(py_float(-1.0), "-1.0");
/// assert_eq!(py_float(1e-8), "1e-08");
/// assert_eq!(py_float(1.5e16), "1.5e+16");
/// assert_eq!(py_float(0.0001), "0.0001");
/// assert_eq!(py_float(f64::INFINITY), "inf");
/// ```
pub fn py_float(v: f64) -> String {
    if v.is_nan() {
        return "nan".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if v == 0.0 {
        return if v.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    let e = format!("{:e}", v.abs());
    let (mant, exp) = e.split_once('e').expect("exponent");
    let exp: i32 = exp.parse().expect("exponent");
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    let sign = if v < 0.0 { "-" } else { "" };
    if (-4..16).contains(&exp) {
        let n = digits.len() as i32;
        let body = if exp >= 0 {
            if n > exp + 1 {
                format!(
                    "{}.{}",
                    &digits[..(exp + 1) as usize],
                    &digits[(exp + 1) as usize..]
                )
            } else {
                format!("{}{}.0", digits, "0".repeat((exp + 1 - n) as usize))
            }
        } else {
            format!("0.{}{}", "0".repeat((-exp - 1) as usize), digits)
        };
        format!("{sign}{body}")
    } else {
        let m = if digits.len() > 1 {
            format!("{}.{}", &digits[..1], &digits[1..])
        } else {
            digits
        };
        format!(
            "{sign}{m}e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.abs()
        )
    }
}
