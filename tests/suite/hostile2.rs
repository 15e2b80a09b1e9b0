//! Hostile input, second round (issue 25): one regression test per defect, with the exact command,
//! its exit code and message. Nothing may panic (exit 101), hang, or print a false verdict.

use std::process::{Command, Stdio};

use super::cli::stderr;

/// Runs nabla with standard output on a full device (`/dev/full`: every write fails with "No
/// space left on device").
#[cfg(target_os = "linux")]
fn into_full_device(args: &[&str]) -> std::process::Output {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("open /dev/full");
    Command::new(env!("CARGO_BIN_EXE_nabla"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .expect("run nabla")
}

#[cfg(target_os = "linux")]
#[test]
fn standard_output_on_a_full_device_is_an_error_not_a_panic() {
    for args in [
        vec!["diff", "x^2"],
        vec!["eval", "x^2", "--at", "x=1"],
        vec!["grad", "x^2*y", "--at", "x=1,y=2"],
        vec!["min", "x^2"],
        vec!["min", "x^2", "--json"],
        vec!["min", "--certify", "--box", "-1..1", "x^2"],
        vec!["check", "x^2*y + sin(x)", "--at", "1,2"],
        vec!["trace", "x^2*y", "--at", "x=1,y=2"],
        vec!["graph", "x*y", "--dot"],
        vec!["--help"],
        vec!["--version"],
        vec!["min", "--help"],
    ] {
        let o = into_full_device(&args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(
            err.contains("cannot write the output") && err.contains("No space left"),
            "{args:?}: {err}"
        );
    }
}
