//! The `nabla` command line as a library: [`run`] parses arguments, runs the subcommand and
//! returns the exit code (0 success, 1 numerical failure or failed check, 2 usage or parse
//! error, 3 an answer double precision cannot decide). The binary `nabla` (`src/main.rs`) calls
//! it with the process's arguments; the Python package links it so that `python -m nabla` (and
//! the `nabla` console script a wheel installs) is the same command line without a Rust
//! toolchain.
//!
//! Invariant: everything a command decides comes from the library `nabla` (its typed answers);
//! this crate parses, renders and maps the answers' exit classes to exit codes.
//!
//! ```
//! let code = nabla_cli::run(["nabla", "schema", "eval"], nabla_cli::SelfCommand::current_exe());
//! assert_eq!(code, 0);
//! ```

#[cfg(all(feature = "plot", feature = "fit"))]
mod cli;

#[cfg(all(feature = "plot", feature = "fit"))]
pub use cli::run;

use std::ffi::OsString;
use std::path::PathBuf;

/// How to start this command line again as a new process: `nabla serve` runs every computation
/// in a child process started this way. For the binary it is the binary itself; for
/// `python -m nabla` it is the Python interpreter with `-m nabla` before the arguments.
///
/// ```
/// let me = nabla_cli::SelfCommand::new("/usr/bin/python3".into(), vec!["-m".into(), "nabla".into()]);
/// assert_eq!(me.prefix.len(), 2);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SelfCommand {
    /// The program to run (`None` when the running executable cannot be found).
    pub program: Option<PathBuf>,
    /// Arguments placed before the command's own (`-m nabla` for Python).
    pub prefix: Vec<OsString>,
}

impl SelfCommand {
    /// `program prefix... ARGS`.
    pub fn new(program: PathBuf, prefix: Vec<OsString>) -> SelfCommand {
        SelfCommand {
            program: Some(program),
            prefix,
        }
    }

    /// The running executable with no prefix (the `nabla` binary).
    pub fn current_exe() -> SelfCommand {
        SelfCommand {
            program: std::env::current_exe().ok(),
            prefix: Vec::new(),
        }
    }
}

/// Output into a closed pipe (`nabla diff ... | head -1`) ends the process quietly, as `cat` or
/// `grep` do, instead of a panic from `println!`: Rust (and Python) start programs with SIGPIPE
/// ignored, so the default action (terminate) is restored here. Call it once at the start of a
/// process whose whole job is the command line, before any other thread exists.
#[cfg(unix)]
pub fn quiet_broken_pipe() {
    // SAFETY: called at the start of a process, before any other thread exists; setting a
    // signal's disposition to SIG_DFL has no other precondition.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Output into a closed pipe: nothing to do where there are no signals.
#[cfg(not(unix))]
pub fn quiet_broken_pipe() {}
