//! Standard output for every subcommand. `println!` panics when standard output cannot be written
//! (`nabla diff "x^2" > /dev/full`: "No space left on device", exit 101 with a backtrace); the
//! [`outln!`] and [`out!`] macros write through [`write_fmt`] instead, which remembers the first
//! error and skips every later write, and [`finish`] (called once by `cli::main`) flushes and hands
//! that error back, so the command reports it and exits 1.
//!
//! Invariant: nothing under `src/cli/` prints to standard output except through these macros. A
//! closed pipe (`nabla ... | head -1`) still ends the process quietly: SIGPIPE keeps its default
//! action (`main.rs`), so such a write never returns.

use std::io::Write;
use std::sync::Mutex;

/// The first error writing standard output, if any.
static FAILED: Mutex<Option<std::io::Error>> = Mutex::new(None);

/// Writes `args` to standard output, unless an earlier write failed; a failure is remembered for
/// [`finish`].
pub fn write_fmt(args: std::fmt::Arguments<'_>) {
    let mut failed = FAILED.lock().unwrap_or_else(|e| e.into_inner());
    if failed.is_some() {
        return;
    }
    if let Err(e) = std::io::stdout().lock().write_fmt(args) {
        *failed = Some(e);
    }
}

/// Flushes standard output; the first error of any write, or of the flush.
pub fn finish() -> Result<(), std::io::Error> {
    let flushed = std::io::stdout().lock().flush();
    let mut failed = FAILED.lock().unwrap_or_else(|e| e.into_inner());
    match failed.take() {
        Some(e) => Err(e),
        None => flushed,
    }
}
