//! The `nabla` binary: the command line of the library crate `nabla_cli` (`src/lib.rs`) run with
//! the process's arguments; its exit code is the command's (0 success, 1 numerical failure or
//! failed check, 2 usage or parse error, 3 an answer double precision cannot decide).

use std::process::ExitCode;

fn main() -> ExitCode {
    nabla_cli::quiet_broken_pipe();
    ExitCode::from(nabla_cli::run(
        std::env::args_os(),
        nabla_cli::SelfCommand::current_exe(),
    ))
}
