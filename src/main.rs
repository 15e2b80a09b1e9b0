//! The `nabla` command line: parse the arguments, run the subcommand, map the outcome to an exit
//! code (0 success, 1 numerical failure or failed check, 2 usage or parse error).

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
