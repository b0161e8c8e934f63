//! The command line, declared with clap.

use crate::error::CliError;
use crate::parse::Func;
use clap::{Args, Parser, Subcommand, ValueEnum};
use ferrograd::DType;

/// The examples closing `ferrograd --help`.
const EXAMPLES: &str = "Examples:
  ferrograd grad \"x^2*sin(x)\" --at x=1.5
  ferrograd grad \"leaky_relu(x, 0.2) + softplus(x, 2)\" --at x=-1
  ferrograd grad \"x*y + y^2\" --at x=1,y=2 --hessian --json
  ferrograd plot \"x^3 - 3*x\" --over x=-3:3 --order 2 --out plot.png
  ferrograd plot \"tan(x)\" --over x=-pi:pi --ylim -10,10 --order 1 --panels --out tan.svg
  ferrograd graph \"sum(v^2) + dot(v, w)\" --at 'v=[1,2]' --at 'w=[3,4]' --grad --out graph.svg
  ferrograd check \"3*x^2 - 4*x\" --at x=1";

/// What expressions are made of, and every function: one line each with what it computes when
/// `long` (`--help`), a compact list otherwise (`-h`). Generated from the library's op table.
///
/// ```
/// let help = ferrograd_cli::cli::functions_help(false);
/// assert!(help.contains("leaky_relu(x, negative_slope=0.01)"));
/// assert!(help.contains("hardtanh(x, min_val=-1, max_val=1)"));
/// ```
pub fn functions_help(long: bool) -> String {
    let mut out = String::from(
        "Expressions: numbers (2, 0.5, 1e-3), variables, + - * /, ^ or ** for powers, unary
minus, parentheses, the constants pi and e, and these functions (PyTorch's names). Parameters
are optional trailing arguments, in this order, with PyTorch's defaults as shown; they must be
constants (numbers, pi, e and arithmetic of them): leaky_relu(x, 0.2), hardtanh(x, -2, 2),
softplus(x, 2). gelu_tanh(x) is PyTorch's gelu(x, approximate='tanh').

Functions:
",
    );
    if long {
        let sigs: Vec<(String, String)> = Func::all().map(|f| (f.signature(), f.doc())).collect();
        let width = sigs
            .iter()
            .map(|(s, _)| s.chars().count())
            .max()
            .unwrap_or(0);
        for (sig, doc) in &sigs {
            let pad = width - sig.chars().count();
            out.push_str(&format!("  {sig}{}  {doc}\n", " ".repeat(pad)));
        }
    } else {
        let mut line = String::new();
        for f in Func::all() {
            let sig = f.signature();
            if !line.is_empty() && line.chars().count() + 2 + sig.chars().count() > 96 {
                out.push_str(&line);
                out.push('\n');
                line.clear();
            }
            line.push_str("  ");
            line.push_str(&sig);
        }
        out.push_str(&line);
        out.push('\n');
    }
    out.trim_end().to_string()
}

/// The text after `ferrograd --help`: the expressions, the functions and examples.
fn main_help(long: bool) -> String {
    format!("{}\n\n{EXAMPLES}", functions_help(long))
}

/// Derivatives by reverse-mode autograd: values, gradients, higher derivatives, Hessians,
/// plots, pictures of the autograd graph and a finite-difference check. Without a command, the
/// guided tour of the five seed programs.
#[derive(Parser, Debug)]
#[command(name = "ferrograd", version, about, long_about = None)]
#[command(after_help = main_help(false), after_long_help = main_help(true))]
pub struct Cli {
    /// What to do (the tour if omitted).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// The value and the derivatives of an expression at a point.
    #[command(after_help = functions_help(false), after_long_help = functions_help(true))]
    Grad(GradArgs),
    /// Plot a function of one variable and its derivatives.
    #[command(after_help = functions_help(false), after_long_help = functions_help(true))]
    Plot(PlotArgs),
    /// Draw the autograd graph of an expression (DOT or SVG).
    #[command(after_help = functions_help(false), after_long_help = functions_help(true))]
    Graph(GraphArgs),
    /// Compare autograd with forward differences (h = 0.1 ... 1e-6).
    #[command(after_help = functions_help(false), after_long_help = functions_help(true))]
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
    /// The expression, e.g. "x^2*sin(x)" (or --file).
    #[arg(allow_hyphen_values = true, required_unless_present = "file")]
    pub expr: Option<String>,
    /// Read the expression from a file instead (`-`: standard input); it may span lines.
    #[arg(long, value_name = "PATH", conflicts_with = "expr")]
    pub file: Option<String>,
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
    /// The expression, elementwise in the plotted variable, e.g. "x^3 - 3*x" (or --file).
    #[arg(allow_hyphen_values = true, required_unless_present = "file")]
    pub expr: Option<String>,
    /// Read the expression from a file instead (`-`: standard input); it may span lines.
    #[arg(long, value_name = "PATH", conflicts_with = "expr")]
    pub file: Option<String>,
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
    /// The expression, e.g. "x*y + sin(x)" (or --file).
    #[arg(allow_hyphen_values = true, required_unless_present = "file")]
    pub expr: Option<String>,
    /// Read the expression from a file instead (`-`: standard input); it may span lines.
    #[arg(long, value_name = "PATH", conflicts_with = "expr")]
    pub file: Option<String>,
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
    /// The most nodes a graph may have; larger ones are refused (a picture of more is not
    /// readable, and SVG/PNG output grows with it).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_NODES)]
    pub max_nodes: usize,
}

/// The default of `graph --max-nodes`.
pub const DEFAULT_MAX_NODES: usize = 10_000;

/// Arguments of `check`.
#[derive(Args, Debug)]
pub struct CheckArgs {
    /// The expression, e.g. "3*x^2 - 4*x" (or --file).
    #[arg(allow_hyphen_values = true, required_unless_present = "file")]
    pub expr: Option<String>,
    /// Read the expression from a file instead (`-`: standard input); it may span lines.
    #[arg(long, value_name = "PATH", conflicts_with = "expr")]
    pub file: Option<String>,
    /// A variable's value: NAME=VALUE, repeatable (scalars).
    #[arg(long = "at", value_name = "NAME=VALUE")]
    pub at: Vec<String>,
    /// Element type of the computation.
    #[arg(long, value_enum, default_value_t = Dtype::F64)]
    pub dtype: Dtype,
}

/// The expression to work on: `expr` as given on the command line, or the text of the file
/// `file` (standard input for `-`).
///
/// ```
/// use ferrograd_cli::cli::expression;
/// assert_eq!(expression(&Some("x^2".into()), &None).unwrap(), "x^2");
/// let e = expression(&None, &Some("/no/such/file".into())).unwrap_err();
/// assert!(e.message.starts_with("--file /no/such/file: cannot read it: "));
/// ```
pub fn expression(expr: &Option<String>, file: &Option<String>) -> Result<String, CliError> {
    use std::io::Read;
    let Some(path) = file else {
        return Ok(expr.clone().unwrap_or_default());
    };
    let mut bytes = Vec::new();
    let read = if path == "-" {
        std::io::stdin().lock().read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes))
    };
    read.map_err(|e| CliError::new(format!("--file {path}: cannot read it: {e}")))?;
    let mut text = String::from_utf8(bytes)
        .map_err(|_| CliError::new(format!("--file {path}: the file is not UTF-8 text")))?;
    if text.trim().is_empty() {
        return Err(CliError::new(format!(
            "--file {path}: the file holds no expression"
        )));
    }
    // Errors name the line as well as the column whenever the text has a line break.
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}
