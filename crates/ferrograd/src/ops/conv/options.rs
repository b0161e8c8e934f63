//! The arguments of a convolution: stride, padding, dilation, groups, output padding.

use crate::error::{runtime, Result};

/// The padding of a convolution: explicit sizes, or PyTorch's strings `'valid'` (none) and
/// `'same'` (the output as large as the input; stride 1 only).
///
/// ```
/// use ferrograd::ops::Padding;
/// assert_eq!(Padding::from(2), Padding::Explicit(vec![2]));
/// assert_eq!(Padding::parse("same").unwrap(), Padding::Same);
/// assert_eq!(Padding::parse("foo").unwrap_err().to_string(), "Invalid padding string: 'foo'");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Padding {
    /// No padding (`padding='valid'`).
    Valid,
    /// Pad so that the output has the input's size (`padding='same'`); when the total padding
    /// of a dimension is odd, the extra element goes after the input, as in PyTorch.
    Same,
    /// Zeros on both sides of each spatial dimension: one value for all, or one per dimension.
    Explicit(Vec<i64>),
}

impl Padding {
    /// PyTorch's padding strings, with its message for any other.
    ///
    /// ```
    /// assert_eq!(ferrograd::ops::Padding::parse("valid").unwrap(), ferrograd::ops::Padding::Valid);
    /// ```
    pub fn parse(s: &str) -> Result<Padding> {
        match s {
            "valid" => Ok(Padding::Valid),
            "same" => Ok(Padding::Same),
            _ => Err(runtime(format!("Invalid padding string: '{s}'"))),
        }
    }
}

impl From<i64> for Padding {
    fn from(p: i64) -> Padding {
        Padding::Explicit(vec![p])
    }
}
impl<const N: usize> From<[i64; N]> for Padding {
    fn from(p: [i64; N]) -> Padding {
        Padding::Explicit(p.to_vec())
    }
}
impl From<Vec<i64>> for Padding {
    fn from(p: Vec<i64>) -> Padding {
        Padding::Explicit(p)
    }
}
impl From<&[i64]> for Padding {
    fn from(p: &[i64]) -> Padding {
        Padding::Explicit(p.to_vec())
    }
}

/// One integer for every spatial dimension, or one per dimension (`stride=2`, `stride=(2, 1)`).
///
/// ```
/// assert_eq!(ferrograd::ops::IntList::from(3).0, vec![3]);
/// assert_eq!(ferrograd::ops::IntList::from([2, 1]).0, vec![2, 1]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntList(pub Vec<i64>);

impl From<i64> for IntList {
    fn from(v: i64) -> IntList {
        IntList(vec![v])
    }
}
impl<const N: usize> From<[i64; N]> for IntList {
    fn from(v: [i64; N]) -> IntList {
        IntList(v.to_vec())
    }
}
impl From<Vec<i64>> for IntList {
    fn from(v: Vec<i64>) -> IntList {
        IntList(v)
    }
}
impl From<&[i64]> for IntList {
    fn from(v: &[i64]) -> IntList {
        IntList(v.to_vec())
    }
}

/// The arguments of [`Tensor::try_conv2d`](crate::Tensor::try_conv2d) and its kin, PyTorch's
/// defaults unless set: stride 1, padding 0, dilation 1, groups 1, output padding 0 (the last
/// for transposed convolutions only).
///
/// ```
/// use ferrograd::ops::{ConvOptions, Padding};
/// let o = ConvOptions::new().stride([2, 1]).padding(1).groups(2);
/// assert_eq!(o.stride.0, vec![2, 1]);
/// assert_eq!(o.padding, Padding::Explicit(vec![1]));
/// assert_eq!(o.dilation.0, vec![1]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConvOptions {
    /// The step between applications of the kernel.
    pub stride: IntList,
    /// The zeros added around the input.
    pub padding: Padding,
    /// The spacing between kernel elements.
    pub dilation: IntList,
    /// Channel groups: input and output channels split into this many independent blocks.
    pub groups: i64,
    /// Extra size added to one side of a transposed convolution's output.
    pub output_padding: IntList,
}

impl Default for ConvOptions {
    fn default() -> Self {
        ConvOptions {
            stride: IntList(vec![1]),
            padding: Padding::Explicit(vec![0]),
            dilation: IntList(vec![1]),
            groups: 1,
            output_padding: IntList(vec![0]),
        }
    }
}

impl ConvOptions {
    /// PyTorch's defaults.
    ///
    /// ```
    /// assert_eq!(ferrograd::ops::ConvOptions::new().groups, 1);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }
    /// Sets the stride.
    ///
    /// ```
    /// assert_eq!(ferrograd::ops::ConvOptions::new().stride(2).stride.0, vec![2]);
    /// ```
    pub fn stride(mut self, s: impl Into<IntList>) -> Self {
        self.stride = s.into();
        self
    }
    /// Sets the padding (sizes, [`Padding::Same`] or [`Padding::Valid`]).
    ///
    /// ```
    /// use ferrograd::ops::{ConvOptions, Padding};
    /// assert_eq!(ConvOptions::new().padding(Padding::Same).padding, Padding::Same);
    /// ```
    pub fn padding(mut self, p: impl Into<Padding>) -> Self {
        self.padding = p.into();
        self
    }
    /// Sets the dilation.
    ///
    /// ```
    /// assert_eq!(ferrograd::ops::ConvOptions::new().dilation([1, 2]).dilation.0, vec![1, 2]);
    /// ```
    pub fn dilation(mut self, d: impl Into<IntList>) -> Self {
        self.dilation = d.into();
        self
    }
    /// Sets the number of groups.
    ///
    /// ```
    /// assert_eq!(ferrograd::ops::ConvOptions::new().groups(4).groups, 4);
    /// ```
    pub fn groups(mut self, g: i64) -> Self {
        self.groups = g;
        self
    }
    /// Sets the output padding of a transposed convolution.
    ///
    /// ```
    /// assert_eq!(ferrograd::ops::ConvOptions::new().output_padding(1).output_padding.0, vec![1]);
    /// ```
    pub fn output_padding(mut self, p: impl Into<IntList>) -> Self {
        self.output_padding = p.into();
        self
    }
}

fn fmt_ints(v: &[i64]) -> String {
    let parts: Vec<String> = v.iter().map(|x| x.to_string()).collect();
    format!("[{}]", parts.join(", "))
}

/// `v` expanded to `k` values (one value stands for all), or PyTorch's message.
pub(super) fn expand(name: &str, v: &[i64], k: usize) -> Result<Vec<i64>> {
    if v.len() == 1 {
        Ok(vec![v[0]; k])
    } else if v.len() == k {
        Ok(v.to_vec())
    } else {
        Err(runtime(format!(
            "expected {name} to be a single integer value or a list of {k} values to match the convolution dimensions, but got {name}={}",
            fmt_ints(v)
        )))
    }
}

/// The arguments checked and expanded to `k` spatial dimensions.
pub(super) struct Params {
    pub stride: Vec<usize>,
    /// Explicit padding (None for `'same'`, resolved against the kernel later).
    pub padding: Option<Vec<usize>>,
    pub dilation: Vec<usize>,
    pub groups: usize,
    pub output_padding: Vec<usize>,
}

impl ConvOptions {
    /// PyTorch's checks of the arguments, in its order.
    pub(super) fn check(&self, k: usize, transposed: bool) -> Result<Params> {
        let stride = expand("stride", &self.stride.0, k)?;
        if self.padding == Padding::Same && stride.iter().any(|&s| s != 1) {
            return Err(runtime(
                "padding='same' is not supported for strided convolutions",
            ));
        }
        let padding = match &self.padding {
            Padding::Explicit(p) => Some(expand("padding", p, k)?),
            Padding::Valid => Some(vec![0; k]),
            Padding::Same => None,
        };
        let dilation = expand("dilation", &self.dilation.0, k)?;
        let output_padding = if transposed {
            expand("output_padding", &self.output_padding.0, k)?
        } else {
            vec![0; k]
        };
        if padding.as_ref().is_some_and(|p| p.iter().any(|&v| v < 0)) {
            return Err(runtime("negative padding is not supported"));
        }
        if output_padding.iter().any(|&v| v < 0) {
            return Err(runtime("negative output_padding is not supported"));
        }
        if stride.iter().any(|&v| v <= 0) {
            return Err(runtime("non-positive stride is not supported"));
        }
        if dilation.iter().any(|&v| v <= 0) {
            return Err(runtime(format!(
                "dilation should be greater than zero, but got {}",
                fmt_ints(&dilation)
            )));
        }
        if self.groups <= 0 {
            return Err(runtime("non-positive groups is not supported"));
        }
        let u = |v: Vec<i64>| v.into_iter().map(|x| x as usize).collect::<Vec<_>>();
        Ok(Params {
            stride: u(stride),
            padding: padding.map(u),
            dilation: u(dilation),
            groups: self.groups as usize,
            output_padding: u(output_padding),
        })
    }
}
