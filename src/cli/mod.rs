//! The command line: clap definitions (`args.rs`) and the dispatch from parsed arguments to
//! the library and the report layer (`dispatch.rs`).
//!
//! [`run`] takes the arguments, the environment it needs ([`Env`]), standard input and the
//! output streams as parameters, so tests drive the whole program in-process; `main.rs` only
//! passes the real ones and exits with the code.

mod args;
mod dispatch;
mod examples;
mod progress;

pub use args::*;

use std::ffi::OsString;
use std::io::{self, Read, Write};

use clap::Parser;

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: bad input data, missing price, unsupported option, I/O (reading or writing).
pub const EXIT_ERROR: u8 = 1;
/// Exit code: the command line is wrong.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: `--fail-over-budget` and the estimate exceeds the budget.
pub const EXIT_OVER_BUDGET: u8 = 3;
/// `usage --cost-report`: a repriced line differs from the bill by over a cent and 0.5%.
pub const EXIT_BILL_DIFFERS: u8 = 4;

/// What the program reads from its surroundings, read once by the caller.
#[derive(Debug, Clone, Default)]
pub struct Env {
    /// `$BURNRATE_PRICING`: pricing files applied before `--pricing`.
    pub pricing: Option<OsString>,
    /// The terminal's width in columns when stdout is a terminal (`$COLUMNS` first); `None`
    /// for a pipe or a file, which get whole tables.
    pub width: Option<usize>,
    /// Whether stderr is a terminal (progress bars are drawn only there).
    pub stderr_is_terminal: bool,
}

impl Env {
    /// The process's environment.
    pub fn from_process() -> Env {
        use std::io::IsTerminal;
        let width = io::stdout().is_terminal().then(|| {
            std::env::var("COLUMNS")
                .ok()
                .and_then(|c| c.trim().parse::<usize>().ok())
                .filter(|&c| c > 0)
                .or_else(|| {
                    console::Term::stdout()
                        .size_checked()
                        .map(|(_, cols)| usize::from(cols))
                })
        });
        Env {
            pricing: std::env::var_os(crate::pricing::load::PRICING_ENV),
            width: width.flatten(),
            stderr_is_terminal: io::stderr().is_terminal(),
        }
    }
}

/// Runs burnrate with `args` (program name first), reading `stdin` where a command takes `-`,
/// writing results to `out` and diagnostics to `err`. Returns the process exit code.
pub fn run(
    args: impl IntoIterator<Item = impl Into<OsString> + Clone>,
    env: &Env,
    stdin: &mut dyn Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let text = e.render().to_string();
            return if e.use_stderr() {
                let _ = write!(err, "{text}");
                EXIT_USAGE
            } else {
                let _ = write!(out, "{text}");
                EXIT_OK
            };
        }
    };
    match dispatch::execute(&cli, env, stdin) {
        Ok(output) => {
            for warning in &output.warnings {
                let _ = writeln!(err, "warning: {warning}");
            }
            for note in &output.notes {
                let _ = writeln!(err, "{note}");
            }
            match out
                .write_all(output.text.as_bytes())
                .and_then(|()| out.flush())
            {
                Ok(()) => output.code,
                // A closed pipe (`burnrate models | head`) is not an error.
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => EXIT_OK,
                Err(e) => {
                    let _ = writeln!(err, "error: cannot write output: {e}");
                    EXIT_ERROR
                }
            }
        }
        Err(e) => {
            let _ = writeln!(err, "error: {}", dispatch::describe(&e));
            e.exit_code()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
