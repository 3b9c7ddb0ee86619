//! The `burnrate` binary: everything lives in the library; this only wires up the process.

use std::process::ExitCode;

fn main() -> ExitCode {
    let code = burnrate::cli::run(
        std::env::args_os(),
        &burnrate::cli::Env::from_process(),
        &mut std::io::stdin().lock(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    ExitCode::from(code)
}
