//! The command line, declared with clap.

use clap::{Args, Parser, Subcommand, ValueEnum};
use ferrograd::DType;

/// Derivatives by reverse-mode autograd: values, gradients, higher derivatives, Hessians,
/// plots, pictures of the autograd graph and a finite-difference check. Without a command, the
/// guided tour of the five seed programs.
#[derive(Parser, Debug)]
#[command(name = "ferrograd", version, about, long_about = None)]
#[command(
    after_help = "Expressions: numbers (2, 0.5, 1e-3), variables, + - * /, ^ or ** for powers, \
unary minus, parentheses, sin cos tan exp log log1p sqrt abs tanh sigmoid relu, pi and e, \
sum(v), mean(v), dot(a, b).\n\nExamples:\n  ferrograd grad \"x^2*sin(x)\" --at x=1.5\n  \
ferrograd grad \"x*y + y^2\" --at x=1,y=2 --hessian --json\n  \
ferrograd plot \"x^3 - 3*x\" --over x=-3:3 --order 2 --out plot.png\n  \
ferrograd plot \"tan(x)\" --over x=-pi:pi --ylim -10,10 --order 1 --panels --out tan.svg\n  \
ferrograd graph \"sum(v^2) + dot(v, w)\" --at 'v=[1,2]' --at 'w=[3,4]' --grad --out graph.svg\n  \
ferrograd check \"3*x^2 - 4*x\" --at x=1"
)]
pub struct Cli {
    /// What to do (the tour if omitted).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// The value and the derivatives of an expression at a point.
    Grad(GradArgs),
    /// Plot a function of one variable and its derivatives.
    Plot(PlotArgs),
    /// Draw the autograd graph of an expression (DOT or SVG).
    Graph(GraphArgs),
    /// Compare autograd with forward differences (h = 0.1 ... 1e-6).
    Check(CheckArgs),
    /// The guided tour of the five seed programs (also what `ferrograd` alone runs).
    Tour(TourArgs),
}

/// Arguments of `tour`.
#[derive(Args, Debug, Default)]
pub struct TourArgs {
    /// The directory the tour writes its pictures to (created if missing)
    /// [default: ferrograd-tour in the system's temporary directory].
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<std::path::PathBuf>,
}

/// The element type of the variables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Dtype {
    /// float32
    #[value(alias = "float32")]
    F32,
    /// float64
    #[value(alias = "float64")]
    F64,
}

impl From<Dtype> for DType {
    fn from(d: Dtype) -> DType {
        match d {
            Dtype::F32 => DType::Float32,
            Dtype::F64 => DType::Float64,
        }
    }
}

/// Arguments of `grad`.
#[derive(Args, Debug)]
pub struct GradArgs {
    /// The expression, e.g. "x^2*sin(x)".
    #[arg(allow_hyphen_values = true)]
    pub expr: String,
    /// A variable's value: NAME=VALUE, repeatable (x=1.5, v=[1,2,3], x=1,y=2, x=pi/4).
    #[arg(long = "at", value_name = "NAME=VALUE")]
    pub at: Vec<String>,
    /// Also the derivatives of order 2..N (one scalar variable).
    #[arg(long, value_name = "N", conflicts_with = "grad_output")]
    pub order: Option<usize>,
    /// Also the Hessian over the variables, in the order given (scalar variables).
    #[arg(long, conflicts_with = "grad_output")]
    pub hessian: bool,
    /// The vector of the vector-Jacobian product for a non-scalar value (as y.backward(VEC)).
    #[arg(long, value_name = "VEC", allow_hyphen_values = true)]
    pub grad_output: Option<String>,
    /// Element type of the variables.
    #[arg(long, value_enum, default_value_t = Dtype::F64)]
    pub dtype: Dtype,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `plot`.
#[derive(Args, Debug)]
pub struct PlotArgs {
    /// The expression, elementwise in the plotted variable, e.g. "x^3 - 3*x".
    #[arg(allow_hyphen_values = true)]
    pub expr: String,
    /// The plotted variable and its range: NAME=LO:HI (x=-10:10, x=-pi:pi).
    #[arg(long, value_name = "NAME=LO:HI")]
    pub over: String,
    /// Number of points (a linspace, evaluated in one pass).
    #[arg(long, default_value_t = 100, value_name = "N")]
    pub points: usize,
    /// Plot the derivatives of order 1..K too.
    #[arg(long, default_value_t = 1, value_name = "K")]
    pub order: usize,
    /// The values of the other variables: NAME=VALUE, repeatable.
    #[arg(long = "at", value_name = "NAME=VALUE")]
    pub at: Vec<String>,
    /// The picture to write: FILE.png or FILE.svg.
    #[arg(long, value_name = "FILE")]
    pub out: String,
    /// Width and height in pixels [default: 640x480; with --panels, 640 wide and 240 per panel].
    #[arg(long, value_name = "WxH")]
    pub size: Option<String>,
    /// Show only LO <= y <= HI (curves are clipped at the frame), e.g. --ylim -10,10.
    #[arg(long, value_name = "LO,HI", allow_hyphen_values = true)]
    pub ylim: Option<String>,
    /// A logarithmic y axis; values <= 0 cannot be shown and are left out (with a note).
    #[arg(long)]
    pub logy: bool,
    /// One panel per curve (the function, then each derivative), stacked, each with its own
    /// y axis.
    #[arg(long)]
    pub panels: bool,
    /// Element type of the computation.
    #[arg(long, value_enum, default_value_t = Dtype::F64)]
    pub dtype: Dtype,
}

/// Arguments of `graph`.
#[derive(Args, Debug)]
pub struct GraphArgs {
    /// The expression, e.g. "x*y + sin(x)".
    #[arg(allow_hyphen_values = true)]
    pub expr: String,
    /// A variable's value: NAME=VALUE, repeatable.
    #[arg(long = "at", value_name = "NAME=VALUE")]
    pub at: Vec<String>,
    /// Where to write: FILE.dot, FILE.svg or FILE.png (DOT on stdout if omitted).
    #[arg(long, value_name = "FILE")]
    pub out: Option<String>,
    /// Also show each node's gradient: the gradient of the output with respect to that node's
    /// value (the sum of the output's elements if it is not a scalar).
    #[arg(long)]
    pub grad: bool,
    /// Element type of the variables.
    #[arg(long, value_enum, default_value_t = Dtype::F64)]
    pub dtype: Dtype,
}

/// Arguments of `check`.
#[derive(Args, Debug)]
pub struct CheckArgs {
    /// The expression, e.g. "3*x^2 - 4*x".
    #[arg(allow_hyphen_values = true)]
    pub expr: String,
    /// A variable's value: NAME=VALUE, repeatable (scalars).
    #[arg(long = "at", value_name = "NAME=VALUE")]
    pub at: Vec<String>,
    /// Element type of the computation.
    #[arg(long, value_enum, default_value_t = Dtype::F64)]
    pub dtype: Dtype,
}
