//! `ferrograd`: derivatives, plots, graph pictures and the seed tour from the command line.

use clap::error::ErrorKind;
use clap::Parser;
use ferrograd_cli::cli::{Cli, Command};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    // With --json, errors are JSON too: `{"error": "..."}` on stdout, status 2.
    let json = std::env::args_os().skip(1).any(|a| a == "--json");
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e)
            if json && !matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) =>
        {
            let full = e.to_string();
            let text = full.lines().next().unwrap_or_default();
            let text = text.strip_prefix("error: ").unwrap_or(text).to_string();
            return fail_json(&text);
        }
        Err(e) => e.exit(),
    };
    let json = matches!(&cli.command, Some(Command::Grad(a)) if a.json);
    match ferrograd_cli::run(&cli) {
        Ok(text) => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(text.as_bytes())
                .and_then(|_| stdout.flush())
            {
                Ok(()) => ExitCode::SUCCESS,
                // A closed pipe (`ferrograd tour | head`) is not an error worth reporting.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => {
                    // Nothing useful can be done if stderr fails too.
                    let _ = writeln!(std::io::stderr(), "error: cannot write to stdout: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Err(e) if json => fail_json(&e.message),
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "{e}");
            ExitCode::from(2)
        }
    }
}

/// Prints `{"error": message}` on stdout and returns status 2.
fn fail_json(message: &str) -> ExitCode {
    let obj = serde_json::json!({ "error": message });
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = writeln!(stdout, "{obj}").and_then(|_| stdout.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            let _ = writeln!(std::io::stderr(), "error: cannot write to stdout: {e}");
        }
    }
    ExitCode::from(2)
}
