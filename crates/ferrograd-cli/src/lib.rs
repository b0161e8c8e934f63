//! The `ferrograd` command: a derivative calculator on the ferrograd library.
//!
//! - [`parse`] (with its lexer): expressions, parsed by hand into postfix code with the column
//!   of every part;
//! - [`eval`]: that code evaluated with the library's tensors, recording autograd graphs;
//! - [`bindings`]: values from the command line (`--at v=[1,2,3]`, `--over x=-pi:pi`);
//! - [`commands`]: `grad` and `check`; [`plot`] (drawn by [`chart`]), [`graph`] (with
//!   [`layout`]) and [`tour`] the others; [`raster`] turns their SVG into PNG;
//! - [`error`]: what is printed on stderr when the input is bad (exit status 2).
//!
//! Every derivative comes from the library's autograd; nothing is derived by hand.

#![warn(missing_docs)]

pub mod bindings;
pub mod chart;
pub mod cli;
pub mod commands;
pub mod error;
pub mod eval;
pub mod format;
pub mod layout;
mod lex;
pub mod parse;
pub mod problem;
pub mod raster;
pub mod span;

pub use commands::{graph, plot, tour};

use cli::{Cli, Command};
pub use error::CliError;

/// Runs the command, returning everything it prints on stdout. On error nothing has been
/// printed; the caller reports the error on stderr.
pub fn run(cli: &Cli) -> Result<String, CliError> {
    match &cli.command {
        None => tour::run(&cli::TourArgs::default()),
        Some(Command::Tour(a)) => tour::run(a),
        Some(Command::Grad(a)) => commands::grad::run(a),
        Some(Command::Check(a)) => commands::check::run(a),
        Some(Command::Plot(a)) => plot::run(a),
        Some(Command::Graph(a)) => graph::run(a),
    }
}
