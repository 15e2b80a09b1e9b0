//! The `nabla` command line (package `nabla-cli`, on top of the `nabla` library): parse the
//! arguments, run the subcommand, map the outcome to an exit code (0 success, 1 numerical
//! failure or failed check, 2 usage or parse error, 3 an answer double precision cannot decide).

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    quiet_broken_pipe();
    cli::main()
}

/// Output into a closed pipe (`nabla diff ... | head -1`) ends the process quietly, as `cat` or
/// `grep` do, instead of a panic from `println!`: Rust starts programs with SIGPIPE ignored, so
/// the default action (terminate) is restored here, once, before anything is written.
#[cfg(unix)]
fn quiet_broken_pipe() {
    // SAFETY: called once at the start of `main`, before any other thread exists; setting a
    // signal's disposition to SIG_DFL has no other precondition.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn quiet_broken_pipe() {}
