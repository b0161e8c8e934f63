//! PyTorch-compatible textual representation of tensors.
//!
//! [`format_tensor`] renders a tensor exactly as PyTorch's `repr(tensor)` does with the
//! default print options (precision 4, threshold 1000, edge items 3, line width 80):
//!
//! * floating tensors choose one of three element styles from their finite non-zero values:
//!   "int mode" (`2.`), fixed point (`0.5000`) or scientific (`1.0000e+04`);
//! * every element is right-aligned to the widest shown element;
//! * one-dimensional rows wrap at 80 columns, nested dimensions are separated by
//!   `,` plus one blank line per extra dimension;
//! * tensors with more than 1000 elements are summarised with `...`, keeping the first and last
//!   three entries along every dimension;
//! * suffixes (`dtype=…`, `grad_fn=<…>`, …) follow the body and wrap onto a new line when the
//!   current line would grow past 80 columns.

use std::fmt::Write as _;

/// Number of digits after the decimal point (fixed) or after the leading digit (scientific).
const PRECISION: usize = 4;
/// Tensors with more elements than this are summarised.
const THRESHOLD: usize = 1000;
/// Number of leading and trailing entries kept along each summarised dimension.
const EDGE_ITEMS: usize = 3;
/// Target line width.
const LINE_WIDTH: usize = 80;
/// Length of the `tensor(` prefix, which is also the indentation of continuation lines.
const PREFIX: &str = "tensor(";

/// Borrowed, contiguous, row-major element data of a tensor, by dtype.
#[derive(Clone, Copy, Debug)]
pub(crate) enum FormatData<'a> {
    /// `torch.float32` elements.
    F32(&'a [f32]),
    /// `torch.float64` elements.
    F64(&'a [f64]),
    /// `torch.int64` elements.
    I64(&'a [i64]),
    /// `torch.bool` elements.
    Bool(&'a [bool]),
}

impl FormatData<'_> {
    /// Number of elements held.
    fn len(&self) -> usize {
        match self {
            FormatData::F32(d) => d.len(),
            FormatData::F64(d) => d.len(),
            FormatData::I64(d) => d.len(),
            FormatData::Bool(d) => d.len(),
        }
    }

    /// Whether this is the default floating dtype (which prints no `dtype=` suffix).
    fn is_default_float(&self) -> bool {
        match self {
            FormatData::F32(_) => crate::get_default_dtype() == crate::DType::Float32,
            FormatData::F64(_) => crate::get_default_dtype() == crate::DType::Float64,
            _ => false,
        }
    }

    /// PyTorch's name of the dtype, as printed in a `dtype=` suffix.
    fn dtype_name(&self) -> &'static str {
        match self {
            FormatData::F32(_) => "torch.float32",
            FormatData::F64(_) => "torch.float64",
            FormatData::I64(_) => "torch.int64",
            FormatData::Bool(_) => "torch.bool",
        }
    }
}

/// PyTorch's repr: `tensor(<body><suffixes>)`.
///
/// `shape` and `data` describe a contiguous row-major tensor (`data` holds exactly the product
/// of `shape` elements; an empty `shape` is a zero-dimensional tensor with one element).
///
/// `extra_suffixes` are already formatted and come after the dtype suffix, e.g.
/// `"grad_fn=<MulBackward0>"`, `"requires_grad=True"` or `"tangent=<a nested repr>"`.
/// The function itself adds `dtype=torch.float64` for float64 data and, for tensors without
/// elements, `size=(…)` (unless the tensor is one-dimensional) and the dtype of every
/// non-float32 tensor.
///
/// # Panics
///
/// Panics when the number of elements in `data` differs from the product of `shape`.
pub(crate) fn format_tensor(
    shape: &[usize],
    data: FormatData<'_>,
    extra_suffixes: &[String],
) -> String {
    let numel: usize = shape.iter().product();
    assert_eq!(
        numel,
        data.len(),
        "format_tensor: shape {shape:?} needs {numel} elements but {} were given",
        data.len()
    );

    let mut suffixes: Vec<String> = Vec::with_capacity(extra_suffixes.len() + 2);
    let mut out = String::from(PREFIX);
    if numel == 0 {
        // An empty tensor shows its shape unless it is one-dimensional, and always shows a
        // dtype other than the default one, since no element can hint at it.
        if shape.len() != 1 {
            suffixes.push(format!("size={}", python_tuple(shape)));
        }
        if !data.is_default_float() {
            suffixes.push(format!("dtype={}", data.dtype_name()));
        }
        out.push_str("[]");
    } else {
        if matches!(data, FormatData::F32(_) | FormatData::F64(_)) && !data.is_default_float() {
            suffixes.push(format!("dtype={}", data.dtype_name()));
        }
        let summarize = numel > THRESHOLD;
        let cells = Cells::new(data, &shown_indices(shape, summarize));
        let mut layout = Layout {
            width: cells.width,
            cells: cells.text.into_iter(),
            summarize,
        };
        layout.write_tensor(&mut out, shape, PREFIX.len());
    }
    suffixes.extend(extra_suffixes.iter().cloned());
    add_suffixes(out, &suffixes, PREFIX.len())
}

/// Python's `str(tuple(shape))`: `(2, 0, 3)`, `(0,)`, `()`.
fn python_tuple(shape: &[usize]) -> String {
    let mut s = String::from("(");
    for (i, d) in shape.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        let _ = write!(s, "{d}");
    }
    if shape.len() == 1 {
        s.push(',');
    }
    s.push(')');
    s
}

/// Positions kept along a dimension of size `size`: all of them, or the first and last
/// [`EDGE_ITEMS`] when summarising a dimension longer than twice that.
fn kept_positions(size: usize, summarize: bool) -> Vec<usize> {
    if summarize && size > 2 * EDGE_ITEMS {
        (0..EDGE_ITEMS).chain(size - EDGE_ITEMS..size).collect()
    } else {
        (0..size).collect()
    }
}

/// How many entries of a dimension of size `size` are shown, and whether `...` stands
/// between the first and the last [`EDGE_ITEMS`] of them.
fn kept_count(size: usize, summarize: bool) -> (usize, bool) {
    if summarize && size > 2 * EDGE_ITEMS {
        (2 * EDGE_ITEMS, true)
    } else {
        (size, false)
    }
}

/// Flat indices, in row-major order, of the elements that the printed body shows.
fn shown_indices(shape: &[usize], summarize: bool) -> Vec<usize> {
    let mut indices = vec![0usize];
    for &size in shape {
        let kept = kept_positions(size, summarize);
        indices = indices
            .iter()
            .flat_map(|&base| kept.iter().map(move |&p| base * size + p))
            .collect();
    }
    indices
}

/// Element style of a floating tensor, chosen from its shown finite non-zero values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FloatMode {
    /// Whole numbers: `{:.0f}` followed by a `.` (`nan`/`inf` get no dot).
    Int,
    /// `{:.4f}`.
    Fixed,
    /// `{:.4e}` with a signed exponent of at least two digits.
    Scientific,
}

/// The shown elements, formatted in row-major order, and their common width
/// (PyTorch's `_Formatter` applied to the summarised tensor).
struct Cells {
    /// Each shown element, unpadded.
    text: Vec<String>,
    /// Width every element is right-aligned to (at least 1).
    width: usize,
}

impl Cells {
    /// Formats the elements at the flat indices `shown`.
    fn new(data: FormatData<'_>, shown: &[usize]) -> Self {
        match data {
            FormatData::F32(d) => Self::floats(shown.iter().map(|&i| f64::from(d[i]))),
            FormatData::F64(d) => Self::floats(shown.iter().map(|&i| d[i])),
            FormatData::I64(d) => Self::plain(shown.iter().map(|&i| d[i].to_string())),
            FormatData::Bool(d) => Self::plain(
                shown
                    .iter()
                    .map(|&i| if d[i] { "True" } else { "False" }.to_string()),
            ),
        }
    }

    /// Integers and booleans: printed as they are, the width taken over all of them.
    fn plain(text: impl Iterator<Item = String>) -> Self {
        let text: Vec<String> = text.collect();
        let width = text.iter().map(String::len).max().unwrap_or(0).max(1);
        Cells { text, width }
    }

    /// Floats: the style and the width are decided by the finite non-zero values only.
    fn floats<I>(values: I) -> Self
    where
        I: Iterator<Item = f64> + Clone,
    {
        let counts = |v: &f64| v.is_finite() && *v != 0.0;
        let mut any = false;
        let mut int_mode = true;
        let mut min = f64::INFINITY;
        let mut max = 0.0f64;
        for v in values.clone().filter(counts) {
            any = true;
            int_mode &= v == v.ceil();
            min = min.min(v.abs());
            max = max.max(v.abs());
        }
        // With nothing to measure PyTorch stays in int mode.
        let mode = if !any {
            FloatMode::Int
        } else if max / min > 1000.0 || max > 1.0e8 || (!int_mode && min < 1.0e-4) {
            FloatMode::Scientific
        } else if int_mode {
            FloatMode::Int
        } else {
            FloatMode::Fixed
        };
        let mut width = 1;
        let text = values
            .map(|v| {
                let mut s = String::new();
                write_float(&mut s, v, mode);
                if counts(&v) {
                    width = width.max(s.len());
                }
                s
            })
            .collect();
        Cells { text, width }
    }
}

/// Appends `v` in the given style, exactly as Python's `'{:.0f}'` (+ `.`), `'{:.4f}'` or
/// `'{:.4e}'` would print the double.
fn write_float(out: &mut String, v: f64, mode: FloatMode) {
    if v.is_nan() {
        out.push_str("nan");
        return;
    }
    if v.is_infinite() {
        out.push_str(if v < 0.0 { "-inf" } else { "inf" });
        return;
    }
    // Rust prints the sign of negative zero and rounds exact ties to even, like Python.
    match mode {
        FloatMode::Int => {
            let _ = write!(out, "{v:.0}.");
        }
        FloatMode::Fixed => {
            let _ = write!(out, "{v:.PRECISION$}");
        }
        FloatMode::Scientific => {
            // Rust writes `1.0000e4` / `-2.7827e-1`; Python writes `1.0000e+04` / `-2.7827e-01`.
            let start = out.len();
            let _ = write!(out, "{v:.PRECISION$e}");
            let e_pos = start
                + out[start..]
                    .find('e')
                    .expect("scientific formatting always has an exponent");
            let exponent = out.split_off(e_pos + 1);
            let (sign, digits) = match exponent.strip_prefix('-') {
                Some(d) => ('-', d),
                None => ('+', exponent.as_str()),
            };
            out.push(sign);
            if digits.len() < 2 {
                out.push('0');
            }
            out.push_str(digits);
        }
    }
}

/// Lays out the body of a non-empty tensor (PyTorch's `_tensor_str_with_formatter`),
/// consuming the formatted shown elements in row-major order.
struct Layout {
    cells: std::vec::IntoIter<String>,
    width: usize,
    summarize: bool,
}

impl Layout {
    /// The next shown element, right-aligned to the common width.
    fn next_cell(&mut self) -> String {
        let s = self
            .cells
            .next()
            .expect("the layout visits exactly the shown elements");
        if s.len() < self.width {
            let mut padded = " ".repeat(self.width - s.len());
            padded.push_str(&s);
            padded
        } else {
            s
        }
    }

    /// Appends the next (sub-)tensor of the given shape.
    fn write_tensor(&mut self, out: &mut String, shape: &[usize], indent: usize) {
        match shape.len() {
            0 => {
                let cell = self.next_cell();
                out.push_str(&cell);
            }
            1 => self.write_vector(out, shape[0], indent),
            dim => {
                let separator = format!(",{}{}", "\n".repeat(dim - 1), " ".repeat(indent + 1));
                let (kept, elided) = kept_count(shape[0], self.summarize);
                out.push('[');
                for n in 0..kept {
                    if n > 0 {
                        out.push_str(&separator);
                    }
                    if elided && n == EDGE_ITEMS {
                        out.push_str("...");
                        out.push_str(&separator);
                    }
                    self.write_tensor(out, &shape[1..], indent + 1);
                }
                out.push(']');
            }
        }
    }

    /// Appends the next one-dimensional row, wrapped to the line width (PyTorch's `_vector_str`).
    fn write_vector(&mut self, out: &mut String, size: usize, indent: usize) {
        let element_length = self.width + 2;
        let available = LINE_WIDTH as isize - indent as isize;
        let per_line = available.div_euclid(element_length as isize).max(1) as usize;
        let (kept, elided) = kept_count(size, self.summarize);

        let mut items: Vec<String> = Vec::with_capacity(kept + 1);
        for n in 0..kept {
            if elided && n == EDGE_ITEMS {
                items.push(" ...".to_string());
            }
            items.push(self.next_cell());
        }

        out.push('[');
        for (line_no, line) in items.chunks(per_line).enumerate() {
            if line_no > 0 {
                out.push_str(",\n");
                out.extend(std::iter::repeat_n(' ', indent + 1));
            }
            for (n, item) in line.iter().enumerate() {
                if n > 0 {
                    out.push_str(", ");
                }
                out.push_str(item);
            }
        }
        out.push(']');
    }
}

/// Appends `suffixes` and the closing parenthesis (PyTorch's `_add_suffixes`).
///
/// A suffix starts a new line (`",\n"` + `indent` spaces) when the length PyTorch attributes to
/// the last line, plus the suffix, plus 2 exceeds the line width. PyTorch measures the last line
/// as two characters longer than it is, and that is reproduced here.
fn add_suffixes(mut out: String, suffixes: &[String], indent: usize) -> String {
    let mut last_line_len = match out.rfind('\n') {
        Some(p) => out[p..].chars().count() + 1,
        None => out.chars().count() + 2,
    };
    for suffix in suffixes {
        let suffix_len = suffix.chars().count();
        if last_line_len + suffix_len + 2 > LINE_WIDTH {
            out.push_str(",\n");
            out.extend(std::iter::repeat_n(' ', indent));
            last_line_len = indent + suffix_len;
        } else {
            out.push_str(", ");
            last_line_len += suffix_len + 2;
        }
        out.push_str(suffix);
    }
    out.push(')');
    out
}

#[cfg(test)]
mod tests {
    use super::{format_tensor, FormatData};

    fn f32s(shape: &[usize], v: &[f32]) -> String {
        format_tensor(shape, FormatData::F32(v), &[])
    }

    fn f64s(shape: &[usize], v: &[f64]) -> String {
        format_tensor(shape, FormatData::F64(v), &[])
    }

    fn with(shape: &[usize], data: FormatData<'_>, suffixes: &[&str]) -> String {
        let suffixes: Vec<String> = suffixes.iter().map(|s| s.to_string()).collect();
        format_tensor(shape, data, &suffixes)
    }

    #[test]
    fn zero_dim_tensors() {
        assert_eq!(f32s(&[], &[3.0]), "tensor(3.)");
        assert_eq!(f32s(&[], &[-0.7158]), "tensor(-0.7158)");
        assert_eq!(f32s(&[], &[-0.0]), "tensor(-0.)");
        assert_eq!(f32s(&[], &[f32::NAN]), "tensor(nan)");
        assert_eq!(f32s(&[], &[f32::NEG_INFINITY]), "tensor(-inf)");
        assert_eq!(
            format_tensor(&[], FormatData::Bool(&[true]), &[]),
            "tensor(True)"
        );
        assert_eq!(format_tensor(&[], FormatData::I64(&[7]), &[]), "tensor(7)");
        assert_eq!(
            with(&[], FormatData::F32(&[81.0]), &["grad_fn=<PowBackward0>"]),
            "tensor(81., grad_fn=<PowBackward0>)"
        );
        assert_eq!(
            with(&[], FormatData::F32(&[9.0]), &["requires_grad=True"]),
            "tensor(9., requires_grad=True)"
        );
        assert_eq!(f64s(&[], &[0.5]), "tensor(0.5000, dtype=torch.float64)");
    }

    #[test]
    fn int_mode_floats() {
        assert_eq!(
            f32s(&[4], &[0.0, 2.0, 4.0, 6.0]),
            "tensor([0., 2., 4., 6.])"
        );
        assert_eq!(f32s(&[2], &[-12.0, -8.0]), "tensor([-12.,  -8.])");
        assert_eq!(f32s(&[2], &[0.0, 0.0]), "tensor([0., 0.])");
        assert_eq!(f32s(&[1], &[f32::INFINITY]), "tensor([inf])");
        assert_eq!(f32s(&[2], &[1.0, -0.0]), "tensor([1., -0.])");
        assert_eq!(
            f32s(&[3], &[f32::NAN, f32::INFINITY, f32::NEG_INFINITY]),
            "tensor([nan, inf, -inf])"
        );
        assert_eq!(
            f32s(&[3], &[12345.0, -0.0, f32::NAN]),
            "tensor([12345.,    -0.,    nan])"
        );
    }

    #[test]
    fn fixed_mode_floats() {
        assert_eq!(
            f32s(&[3], &[0.0, -0.0, 1.5]),
            "tensor([0.0000, -0.0000, 1.5000])"
        );
        assert_eq!(f32s(&[2], &[1.5, f32::NAN]), "tensor([1.5000,    nan])");
        assert_eq!(
            f32s(&[2], &[f32::NEG_INFINITY, 1.5]),
            "tensor([  -inf, 1.5000])"
        );
        assert_eq!(
            f32s(&[2], &[0.0001, 0.05]),
            "tensor([1.0000e-04, 5.0000e-02])"
        );
        // Exact binary ties round to even, as Python's formatting does.
        assert_eq!(f32s(&[2], &[0.03125, 0.09375]), "tensor([0.0312, 0.0938])");
    }

    #[test]
    fn scientific_mode_floats() {
        assert_eq!(
            f32s(&[2], &[1.001e3, 1.0]),
            "tensor([1.0010e+03, 1.0000e+00])"
        );
        assert_eq!(
            f32s(&[2], &[1e-5, 1e10]),
            "tensor([1.0000e-05, 1.0000e+10])"
        );
        assert_eq!(f32s(&[2], &[1e8, 2e8]), "tensor([1.0000e+08, 2.0000e+08])");
        assert_eq!(
            f32s(&[2], &[0.000_099_99, 0.05]),
            "tensor([9.9990e-05, 5.0000e-02])"
        );
        assert_eq!(
            f64s(&[2], &[1e-300, 1.0]),
            "tensor([1.0000e-300,  1.0000e+00], dtype=torch.float64)"
        );
    }

    #[test]
    fn ints_and_bools() {
        assert_eq!(
            format_tensor(&[3], FormatData::I64(&[1, 2, -30]), &[]),
            "tensor([  1,   2, -30])"
        );
        assert_eq!(
            format_tensor(&[2], FormatData::I64(&[i64::MAX, i64::MIN]), &[]),
            "tensor([ 9223372036854775807, -9223372036854775808])"
        );
        assert_eq!(
            format_tensor(&[2], FormatData::Bool(&[true, false]), &[]),
            "tensor([ True, False])"
        );
        assert_eq!(
            format_tensor(&[4], FormatData::Bool(&[true; 4]), &[]),
            "tensor([True, True, True, True])"
        );
    }

    #[test]
    fn empty_tensors() {
        assert_eq!(f32s(&[0], &[]), "tensor([])");
        assert_eq!(f32s(&[0, 3], &[]), "tensor([], size=(0, 3))");
        assert_eq!(
            format_tensor(&[0], FormatData::I64(&[]), &[]),
            "tensor([], dtype=torch.int64)"
        );
        assert_eq!(
            format_tensor(&[0], FormatData::Bool(&[]), &[]),
            "tensor([], dtype=torch.bool)"
        );
        assert_eq!(
            with(
                &[2, 0, 3],
                FormatData::F64(&[]),
                &["grad_fn=<MulBackward0>"]
            ),
            "tensor([], size=(2, 0, 3), dtype=torch.float64, grad_fn=<MulBackward0>)"
        );
    }

    #[test]
    fn dtype_suffix_precedes_extra_suffixes() {
        assert_eq!(
            with(
                &[2],
                FormatData::F64(&[1.5, 2.0]),
                &["grad_fn=<MulBackward0>"]
            ),
            "tensor([1.5000, 2.0000], dtype=torch.float64, grad_fn=<MulBackward0>)"
        );
        assert_eq!(
            f64s(&[2], &[1.5, 2.0]),
            "tensor([1.5000, 2.0000], dtype=torch.float64)"
        );
    }

    #[test]
    fn nested_dimensions() {
        assert_eq!(
            with(
                &[2, 2],
                FormatData::F32(&[1.0, 2.0, 3.0, 4.0]),
                &["requires_grad=True"]
            ),
            "tensor([[1., 2.],\n        [3., 4.]], requires_grad=True)"
        );
        let v: Vec<i64> = (0..24).collect();
        assert_eq!(
            format_tensor(&[2, 3, 4], FormatData::I64(&v), &[]),
            "tensor([[[ 0,  1,  2,  3],\n         [ 4,  5,  6,  7],\n         [ 8,  9, 10, 11]],\n\n        \
             [[12, 13, 14, 15],\n         [16, 17, 18, 19],\n         [20, 21, 22, 23]]])"
        );
        let v: Vec<f32> = (0..16).map(|i| i as f32).collect();
        assert_eq!(
            f32s(&[2, 2, 2, 2], &v),
            "tensor([[[[ 0.,  1.],\n          [ 2.,  3.]],\n\n         [[ 4.,  5.],\n          [ 6.,  7.]]],\n\n\n        \
             [[[ 8.,  9.],\n          [10., 11.]],\n\n         [[12., 13.],\n          [14., 15.]]]])"
        );
    }

    #[test]
    fn line_wrapping() {
        let v: Vec<f32> = (0..9).map(|i| i as f32 * 1.25).collect();
        assert_eq!(
            f32s(&[9], &v),
            "tensor([ 0.0000,  1.2500,  2.5000,  3.7500,  5.0000,  6.2500,  7.5000,  8.7500,\n        10.0000])"
        );
        let v: Vec<f32> = (0..11).map(|i| i as f32 * 1.25 + 1000.0).collect();
        assert_eq!(
            f32s(&[11], &v),
            "tensor([1000.0000, 1001.2500, 1002.5000, 1003.7500, 1005.0000, 1006.2500,\n        \
             1007.5000, 1008.7500, 1010.0000, 1011.2500, 1012.5000])"
        );
    }

    #[test]
    fn suffix_wrapping() {
        let v: Vec<f32> = (0..20).map(|i| i as f32 * 1.25 + 100.0).collect();
        assert_eq!(
            with(&[20], FormatData::F32(&v), &["requires_grad=True"]),
            "tensor([100.0000, 101.2500, 102.5000, 103.7500, 105.0000, 106.2500, 107.5000,\n        \
             108.7500, 110.0000, 111.2500, 112.5000, 113.7500, 115.0000, 116.2500,\n        \
             117.5000, 118.7500, 120.0000, 121.2500, 122.5000, 123.7500],\n       requires_grad=True)"
        );
        // PyTorch counts the last line two characters long: a 79-character line
        // plus the closing parenthesis would fit, yet the suffix wraps.
        let v = [1.0f32, 2., 3., 4., 5., 6., 7., 8., 9., 1., 2., 3., 4.];
        assert_eq!(
            with(&[13], FormatData::F32(&v), &["requires_grad=True"]),
            "tensor([1., 2., 3., 4., 5., 6., 7., 8., 9., 1., 2., 3., 4.],\n       requires_grad=True)"
        );
        assert_eq!(
            with(&[12], FormatData::F32(&v[..12]), &["requires_grad=True"]),
            "tensor([1., 2., 3., 4., 5., 6., 7., 8., 9., 1., 2., 3.], requires_grad=True)"
        );
    }

    #[test]
    fn summarised_tensors() {
        let v: Vec<f32> = (0..1001).map(|i| i as f32).collect();
        assert_eq!(
            f32s(&[1001], &v),
            "tensor([   0.,    1.,    2.,  ...,  998.,  999., 1000.])"
        );
        let v: Vec<i64> = (0..1200).collect();
        assert_eq!(
            format_tensor(&[30, 40], FormatData::I64(&v), &[]),
            "tensor([[   0,    1,    2,  ...,   37,   38,   39],\n        \
             [  40,   41,   42,  ...,   77,   78,   79],\n        \
             [  80,   81,   82,  ...,  117,  118,  119],\n        \
             ...,\n        \
             [1080, 1081, 1082,  ..., 1117, 1118, 1119],\n        \
             [1120, 1121, 1122,  ..., 1157, 1158, 1159],\n        \
             [1160, 1161, 1162,  ..., 1197, 1198, 1199]])"
        );
        // Only the shown elements decide the mode and the width.
        let mut v = vec![1.0f32; 1100];
        v[500] = 1e30;
        v[3] = 0.5;
        assert_eq!(f32s(&[1100], &v), "tensor([1., 1., 1.,  ..., 1., 1., 1.])");
    }

    /// `torch.linspace(-10, 10, 100)` exactly as PyTorch computes it in float32.
    const LINSPACE_X: [f32; 100] = [
        -10.0,
        -9.797979,
        -9.59596,
        -9.393939,
        -9.191919,
        -8.989899,
        -8.787879,
        -8.585858,
        -8.383839,
        -8.181818,
        -7.979798,
        -7.7777777,
        -7.5757575,
        -7.3737373,
        -7.171717,
        -6.969697,
        -6.767677,
        -6.5656567,
        -6.3636365,
        -6.1616163,
        -5.959596,
        -5.757576,
        -5.555556,
        -5.3535357,
        -5.151515,
        -4.949495,
        -4.7474747,
        -4.5454545,
        -4.3434343,
        -4.141414,
        -3.939394,
        -3.7373738,
        -3.5353537,
        -3.3333335,
        -3.1313133,
        -2.9292932,
        -2.727273,
        -2.5252526,
        -2.3232324,
        -2.1212122,
        -1.9191921,
        -1.7171719,
        -1.5151517,
        -1.3131315,
        -1.1111113,
        -0.9090911,
        -0.7070709,
        -0.50505066,
        -0.3030305,
        -0.10101029,
        0.10101029,
        0.3030305,
        0.50505066,
        0.7070709,
        0.9090911,
        1.1111113,
        1.3131315,
        1.5151517,
        1.7171719,
        1.9191921,
        2.1212122,
        2.3232324,
        2.5252526,
        2.727273,
        2.9292932,
        3.1313133,
        3.3333335,
        3.5353537,
        3.7373738,
        3.939394,
        4.141414,
        4.3434343,
        4.5454545,
        4.7474747,
        4.949495,
        5.151515,
        5.3535357,
        5.555556,
        5.757576,
        5.959596,
        6.1616163,
        6.3636365,
        6.5656567,
        6.767677,
        6.969697,
        7.171717,
        7.3737373,
        7.5757575,
        7.7777777,
        7.979798,
        8.181818,
        8.383839,
        8.585858,
        8.787879,
        8.989899,
        9.191919,
        9.393939,
        9.59596,
        9.797979,
        10.0,
    ];

    #[test]
    fn golden_seed_003_bodies() {
        let x = LINSPACE_X;
        // `10 * x**3` and, after `.sum().backward()`, `x.grad`, in PyTorch's float32 order.
        let y: Vec<f32> = x.iter().map(|&v| 10.0 * (v * v * v)).collect();
        let grad: Vec<f32> = x.iter().map(|&v| 10.0 * (3.0 * (v * v))).collect();
        assert_eq!(
            with(&[100], FormatData::F32(&x), &["requires_grad=True"]),
            SEED_003_X
        );
        assert_eq!(
            with(&[100], FormatData::F32(&y), &["grad_fn=<MulBackward0>"]),
            SEED_003_Y
        );
        assert_eq!(f32s(&[100], &grad), SEED_003_GRAD);
    }

    const SEED_003_X: &str = r#"tensor([-10.0000,  -9.7980,  -9.5960,  -9.3939,  -9.1919,  -8.9899,  -8.7879,
         -8.5859,  -8.3838,  -8.1818,  -7.9798,  -7.7778,  -7.5758,  -7.3737,
         -7.1717,  -6.9697,  -6.7677,  -6.5657,  -6.3636,  -6.1616,  -5.9596,
         -5.7576,  -5.5556,  -5.3535,  -5.1515,  -4.9495,  -4.7475,  -4.5455,
         -4.3434,  -4.1414,  -3.9394,  -3.7374,  -3.5354,  -3.3333,  -3.1313,
         -2.9293,  -2.7273,  -2.5253,  -2.3232,  -2.1212,  -1.9192,  -1.7172,
         -1.5152,  -1.3131,  -1.1111,  -0.9091,  -0.7071,  -0.5051,  -0.3030,
         -0.1010,   0.1010,   0.3030,   0.5051,   0.7071,   0.9091,   1.1111,
          1.3131,   1.5152,   1.7172,   1.9192,   2.1212,   2.3232,   2.5253,
          2.7273,   2.9293,   3.1313,   3.3333,   3.5354,   3.7374,   3.9394,
          4.1414,   4.3434,   4.5455,   4.7475,   4.9495,   5.1515,   5.3535,
          5.5556,   5.7576,   5.9596,   6.1616,   6.3636,   6.5657,   6.7677,
          6.9697,   7.1717,   7.3737,   7.5758,   7.7778,   7.9798,   8.1818,
          8.3838,   8.5859,   8.7879,   8.9899,   9.1919,   9.3939,   9.5960,
          9.7980,  10.0000], requires_grad=True)"#;

    const SEED_003_Y: &str = r#"tensor([-1.0000e+04, -9.4061e+03, -8.8362e+03, -8.2898e+03, -7.7664e+03,
        -7.2655e+03, -6.7866e+03, -6.3292e+03, -5.8929e+03, -5.4771e+03,
        -5.0813e+03, -4.7051e+03, -4.3479e+03, -4.0092e+03, -3.6887e+03,
        -3.3856e+03, -3.0997e+03, -2.8303e+03, -2.5770e+03, -2.3393e+03,
        -2.1167e+03, -1.9086e+03, -1.7147e+03, -1.5343e+03, -1.3671e+03,
        -1.2125e+03, -1.0700e+03, -9.3914e+02, -8.1941e+02, -7.1031e+02,
        -6.1135e+02, -5.2203e+02, -4.4187e+02, -3.7037e+02, -3.0703e+02,
        -2.5136e+02, -2.0286e+02, -1.6103e+02, -1.2539e+02, -9.5445e+01,
        -7.0690e+01, -5.0634e+01, -3.4783e+01, -2.2643e+01, -1.3717e+01,
        -7.5132e+00, -3.5350e+00, -1.2883e+00, -2.7827e-01, -1.0306e-02,
         1.0306e-02,  2.7827e-01,  1.2883e+00,  3.5350e+00,  7.5132e+00,
         1.3717e+01,  2.2643e+01,  3.4783e+01,  5.0634e+01,  7.0690e+01,
         9.5445e+01,  1.2539e+02,  1.6103e+02,  2.0286e+02,  2.5136e+02,
         3.0703e+02,  3.7037e+02,  4.4187e+02,  5.2203e+02,  6.1135e+02,
         7.1031e+02,  8.1941e+02,  9.3914e+02,  1.0700e+03,  1.2125e+03,
         1.3671e+03,  1.5343e+03,  1.7147e+03,  1.9086e+03,  2.1167e+03,
         2.3393e+03,  2.5770e+03,  2.8303e+03,  3.0997e+03,  3.3856e+03,
         3.6887e+03,  4.0092e+03,  4.3479e+03,  4.7051e+03,  5.0813e+03,
         5.4771e+03,  5.8929e+03,  6.3292e+03,  6.7866e+03,  7.2655e+03,
         7.7664e+03,  8.2898e+03,  8.8362e+03,  9.4061e+03,  1.0000e+04],
       grad_fn=<MulBackward0>)"#;

    const SEED_003_GRAD: &str = r#"tensor([3.0000e+03, 2.8800e+03, 2.7625e+03, 2.6474e+03, 2.5347e+03, 2.4245e+03,
        2.3168e+03, 2.2115e+03, 2.1087e+03, 2.0083e+03, 1.9103e+03, 1.8148e+03,
        1.7218e+03, 1.6312e+03, 1.5430e+03, 1.4573e+03, 1.3740e+03, 1.2932e+03,
        1.2149e+03, 1.1390e+03, 1.0655e+03, 9.9449e+02, 9.2593e+02, 8.5981e+02,
        7.9614e+02, 7.3492e+02, 6.7616e+02, 6.1983e+02, 5.6596e+02, 5.1454e+02,
        4.6556e+02, 4.1904e+02, 3.7496e+02, 3.3333e+02, 2.9415e+02, 2.5742e+02,
        2.2314e+02, 1.9131e+02, 1.6192e+02, 1.3499e+02, 1.1050e+02, 8.8460e+01,
        6.8871e+01, 5.1729e+01, 3.7037e+01, 2.4793e+01, 1.4998e+01, 7.6523e+00,
        2.7548e+00, 3.0609e-01, 3.0609e-01, 2.7548e+00, 7.6523e+00, 1.4998e+01,
        2.4793e+01, 3.7037e+01, 5.1729e+01, 6.8871e+01, 8.8460e+01, 1.1050e+02,
        1.3499e+02, 1.6192e+02, 1.9131e+02, 2.2314e+02, 2.5742e+02, 2.9415e+02,
        3.3333e+02, 3.7496e+02, 4.1904e+02, 4.6556e+02, 5.1454e+02, 5.6596e+02,
        6.1983e+02, 6.7616e+02, 7.3492e+02, 7.9614e+02, 8.5981e+02, 9.2593e+02,
        9.9449e+02, 1.0655e+03, 1.1390e+03, 1.2149e+03, 1.2932e+03, 1.3740e+03,
        1.4573e+03, 1.5430e+03, 1.6312e+03, 1.7218e+03, 1.8148e+03, 1.9103e+03,
        2.0083e+03, 2.1087e+03, 2.2115e+03, 2.3168e+03, 2.4245e+03, 2.5347e+03,
        2.6474e+03, 2.7625e+03, 2.8800e+03, 3.0000e+03])"#;

    /// One case of `tests/data/print_cases.json`, measured on PyTorch.
    struct Case {
        shape: Vec<usize>,
        dtype: String,
        values: Vec<serde_json::Value>,
        suffixes: Vec<String>,
        expected: String,
    }

    fn parse_float(v: &serde_json::Value) -> f64 {
        let s = v.as_str().expect("float values are stored as strings");
        s.parse::<f64>()
            .unwrap_or_else(|e| panic!("bad float {s:?}: {e}"))
    }

    fn load_cases() -> Vec<Case> {
        let json: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/data/print_cases.json"))
                .expect("print_cases.json is valid JSON");
        json.as_array()
            .expect("an array of cases")
            .iter()
            .map(|c| Case {
                shape: c["shape"]
                    .as_array()
                    .expect("shape")
                    .iter()
                    .map(|d| d.as_u64().expect("dimension") as usize)
                    .collect(),
                dtype: c["dtype"].as_str().expect("dtype").to_string(),
                values: c["values"].as_array().expect("values").clone(),
                suffixes: c["suffixes"]
                    .as_array()
                    .expect("suffixes")
                    .iter()
                    .map(|s| s.as_str().expect("suffix").to_string())
                    .collect(),
                expected: c["expected"].as_str().expect("expected").to_string(),
            })
            .collect()
    }

    fn render(case: &Case) -> String {
        match case.dtype.as_str() {
            "float32" => {
                let v: Vec<f32> = case.values.iter().map(|x| parse_float(x) as f32).collect();
                format_tensor(&case.shape, FormatData::F32(&v), &case.suffixes)
            }
            "float64" => {
                let v: Vec<f64> = case.values.iter().map(parse_float).collect();
                format_tensor(&case.shape, FormatData::F64(&v), &case.suffixes)
            }
            "int64" => {
                let v: Vec<i64> = case
                    .values
                    .iter()
                    .map(|x| x.as_i64().expect("int64 value"))
                    .collect();
                format_tensor(&case.shape, FormatData::I64(&v), &case.suffixes)
            }
            "bool" => {
                let v: Vec<bool> = case
                    .values
                    .iter()
                    .map(|x| x.as_bool().expect("bool value"))
                    .collect();
                format_tensor(&case.shape, FormatData::Bool(&v), &case.suffixes)
            }
            other => panic!("unknown dtype {other}"),
        }
    }

    #[test]
    fn float32_values_round_trip_from_json() {
        for case in load_cases().iter().filter(|c| c.dtype == "float32") {
            for v in &case.values {
                let d = parse_float(v);
                let f = d as f32;
                assert!(
                    d.is_nan() || f64::from(f) == d,
                    "{d} is not exactly a float32"
                );
            }
        }
    }

    #[test]
    fn matches_pytorch_print_cases() {
        let cases = load_cases();
        assert!(cases.len() > 100, "too few cases: {}", cases.len());
        let mut failures = Vec::new();
        for (i, case) in cases.iter().enumerate() {
            let got = render(case);
            if got != case.expected {
                failures.push(format!(
                    "case {i}: shape {:?} {} suffixes {:?}\n--- expected\n{}\n--- got\n{}\n",
                    case.shape, case.dtype, case.suffixes, case.expected, got
                ));
            }
        }
        assert!(
            failures.is_empty(),
            "{} of {} cases differ from PyTorch; the first ones:\n{}",
            failures.len(),
            cases.len(),
            failures
                .iter()
                .take(5)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}
