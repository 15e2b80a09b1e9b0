//! Running one computation: the same `nabla` command line as a child process (the binary, or
//! `python -m nabla` when the server was started from Python), with the argv that
//! [`super::api`] built, and its outcome read back.
//!
//! Why a child and not a call into the library: a run over its time budget is killed (hard
//! cancellation, whatever loop it is in); a stack overflow or an abort in the child cannot take
//! the server down; the child's memory is returned to the system when it exits, so the server's
//! does not grow; and the answer is the CLI's `--json` output by construction.
//!
//! Invariants:
//! - The child's standard input is null, or (`/api/fit`'s CSV text) a pipe written whole and
//!   then closed while its output is read, so neither side waits on the other; a child that
//!   stops reading early (bad data on line 2) is not an error of the server. Its working
//!   directory is the system's temporary folder; it gets `RAYON_NUM_THREADS=1`, so `jobs`
//!   children use about `jobs` cores.
//! - At most [`MAX_OUTPUT_BYTES`] of standard output and of standard error are kept; a child
//!   that writes more is killed at once ([`Outcome::TooLarge`]).
//! - Past the budget the child is killed and reaped ([`Outcome::TimedOut`]); so is the child of a
//!   request whose future is dropped (its client went away): the child is supervised by its own
//!   task, which a dropped request tells to stop. `kill_on_drop` backs this up.
//! - On Unix the child's address space is capped at [`CHILD_ADDRESS_SPACE`] bytes.
//! - A child starts only with a place in the server's total memory budget
//!   ([`super::memory::Budget::admit`]), held until it is reaped; told to stop for the budget,
//!   it is killed and reaped ([`Outcome::OverMemory`]).

use std::ffi::OsString;
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::process::Command;
use tokio::sync::oneshot;

use super::limits::{CHILD_ADDRESS_SPACE, MAX_OUTPUT_BYTES};
use super::memory::{Budget, Charge};
use crate::SelfCommand;

/// How a child run ended.
#[derive(Debug)]
pub enum Outcome {
    /// It exited with `code` (0 success, 1 numerical failure or failed check, 2 usage error).
    Exited {
        /// The exit code.
        code: i32,
        /// Its standard output.
        stdout: Vec<u8>,
        /// Its standard error.
        stderr: Vec<u8>,
    },
    /// It was ended by a signal it did not ask for (a crash): `signal` when known.
    Crashed {
        /// The signal number (Unix), if any.
        signal: Option<i32>,
        /// Its standard error.
        stderr: Vec<u8>,
    },
    /// It ran past the budget and was killed.
    TimedOut,
    /// It wrote more than [`MAX_OUTPUT_BYTES`] on one stream and was killed.
    TooLarge,
    /// It could not be started (or waited for).
    Failed(std::io::Error),
    /// It was not started: the children running hold the total memory budget (bytes).
    MemoryFull(u64),
    /// It was stopped: the children running at once passed the total memory budget.
    OverMemory {
        /// The budget in bytes.
        total: u64,
        /// It was the only child running.
        alone: bool,
    },
}

/// Output larger than the cap: the read stops and the child is killed.
struct Overflow;

/// Reads all of `r`, failing with [`Overflow`] past [`MAX_OUTPUT_BYTES`].
async fn read_capped<R: AsyncRead + Unpin>(
    r: Option<R>,
) -> Result<Vec<u8>, Result<Overflow, std::io::Error>> {
    let mut buf = Vec::new();
    let Some(r) = r else { return Ok(buf) };
    r.take(MAX_OUTPUT_BYTES as u64 + 1)
        .read_to_end(&mut buf)
        .await
        .map_err(Err)?;
    if buf.len() > MAX_OUTPUT_BYTES {
        return Err(Ok(Overflow));
    }
    Ok(buf)
}

/// Runs `exe args...` (after the command's own prefix, `-m nabla` for Python) within `budget`
/// and the total `memory` budget, with `stdin` on its standard input (null when `None`), and
/// returns how it ended.
///
/// ```ignore
/// let out = run(&SelfCommand::current_exe(), vec!["eval".into(), "--json".into(), "--".into(), "1+1".into()], None, Duration::from_secs(10), &memory).await;
/// assert!(matches!(out, Outcome::Exited { code: 0, .. }));
/// ```
pub async fn run(
    exe: &SelfCommand,
    args: Vec<OsString>,
    stdin: Option<Vec<u8>>,
    budget: Duration,
    memory: &Arc<Budget>,
) -> Outcome {
    let Some(charge) = memory.admit() else {
        return Outcome::MemoryFull(memory.total());
    };
    // The child lives in its own task, so that it is killed *and reaped* even when this future
    // is dropped (the client went away): dropping `_cancel` tells the task to stop.
    let (_cancel, cancelled) = oneshot::channel::<()>();
    let task = tokio::spawn(supervise(
        exe.clone(),
        args,
        stdin,
        budget,
        cancelled,
        charge,
    ));
    match task.await {
        Ok(outcome) => outcome,
        Err(e) => Outcome::Failed(std::io::Error::other(format!(
            "the task that ran the computation failed: {e}"
        ))),
    }
}

/// Spawns the child and waits for it, its budget, `cancelled`, or the memory budget's stop; in
/// the last three cases it is killed and reaped before this returns. `charge` is dropped after
/// the child is reaped.
async fn supervise(
    exe: SelfCommand,
    args: Vec<OsString>,
    input: Option<Vec<u8>>,
    budget: Duration,
    cancelled: oneshot::Receiver<()>,
    charge: Charge,
) -> Outcome {
    let Some(program) = exe.program else {
        return Outcome::Failed(std::io::Error::other("the nabla executable is unknown"));
    };
    let mut cmd = Command::new(program);
    cmd.args(exe.prefix)
        .args(args)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .current_dir(std::env::temp_dir())
        .env("RAYON_NUM_THREADS", "1")
        .kill_on_drop(true);
    cap_address_space(&mut cmd);
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => return Outcome::Failed(e),
    };
    charge.set_pid(child.id());
    let (stdout, stderr) = (child.stdout.take(), child.stderr.take());
    let pipe = child.stdin.take();
    let feed = async move {
        if let (Some(mut pipe), Some(bytes)) = (pipe, input) {
            // A child that exits before reading it all (bad data early) closes the pipe: its
            // answer says why, so a failed write is not an error here. Dropping the pipe closes
            // it: the child sees the end of its input.
            let _ = pipe.write_all(&bytes).await;
        }
        Ok::<(), Result<Overflow, std::io::Error>>(())
    };
    let work = async {
        let ((), out, err) = tokio::try_join!(feed, read_capped(stdout), read_capped(stderr))?;
        let status = child.wait().await.map_err(Err)?;
        Ok::<_, Result<Overflow, std::io::Error>>((status, out, err))
    };
    let result = tokio::select! {
        r = tokio::time::timeout(budget, work) => r.map_err(|_| Outcome::TimedOut),
        // The sender is dropped (never sent on): the request was abandoned.
        _ = cancelled => Ok(Err(Err(std::io::Error::other("the request was abandoned")))),
        alone = charge.stopped() => Err(Outcome::OverMemory { total: charge.total(), alone }),
    };
    let outcome = match result {
        Err(stopped) => stopped,
        Ok(Err(Ok(Overflow))) => Outcome::TooLarge,
        Ok(Err(Err(e))) => Outcome::Failed(e),
        Ok(Ok((status, stdout, stderr))) => match status.code() {
            Some(code) => Outcome::Exited {
                code,
                stdout,
                stderr,
            },
            None => Outcome::Crashed {
                signal: signal_of(&status),
                stderr,
            },
        },
    };
    if !matches!(outcome, Outcome::Exited { .. } | Outcome::Crashed { .. }) {
        // Kill and reap now rather than leave it to the drop.
        let _ = child.start_kill();
        let _ = child.wait().await;
    }
    outcome
}

#[cfg(unix)]
fn signal_of(status: &std::process::ExitStatus) -> Option<i32> {
    use std::os::unix::process::ExitStatusExt;
    status.signal()
}

#[cfg(not(unix))]
fn signal_of(_: &std::process::ExitStatus) -> Option<i32> {
    None
}

/// Caps the child's address space (Unix) so a request that needs too much memory fails there.
#[cfg(unix)]
fn cap_address_space(cmd: &mut Command) {
    let limit = libc::rlimit {
        rlim_cur: CHILD_ADDRESS_SPACE as libc::rlim_t,
        rlim_max: CHILD_ADDRESS_SPACE as libc::rlim_t,
    };
    // SAFETY: the closure runs in the forked child before `exec`; it only calls `setrlimit`,
    // which is async-signal-safe, on a value it owns, and allocates nothing.
    unsafe {
        cmd.pre_exec(move || {
            if libc::setrlimit(libc::RLIMIT_AS, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
}

#[cfg(not(unix))]
fn cap_address_space(_: &mut Command) {}
