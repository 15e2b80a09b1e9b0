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

#[test]
fn a_step_that_resolves_nothing_checks_nothing() {
    use super::cli::{nabla, stdout};
    // h = 1e-300: every difference is 0 against exact partials 2x*y + cos(x) = 4.5403 and
    // x^2 = 1; round-off swamps the difference, so no row may say it agrees.
    let o = nabla(&["check", "x^2*y + sin(x)", "--at", "1,2", "--step", "1e-300"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(!out.contains("agrees"), "{out}");
    assert!(
        out.contains("unresolved") && out.contains("NOT CHECKED"),
        "{out}"
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&nabla(&[
        "check",
        "x^2*y + sin(x)",
        "--at",
        "1,2",
        "--step",
        "1e-300",
        "--json",
    ])))
    .unwrap();
    let rows = v["points"][0]["partials"].as_array().unwrap();
    assert!(
        rows.iter().all(|r| r["verdict"]["kind"] == "unresolved"),
        "{v}"
    );
    // h = 1e300: x + h overflows, so x is not checked; y (linear) agrees. The summary may not
    // say that the gradient agrees.
    let o = nabla(&["check", "x^2*y + sin(x)", "--at", "1,2", "--step", "1e300"]);
    let out = stdout(&o);
    assert!(!out.contains("the gradient agrees"), "{out}");
    assert!(out.contains("1 of 2; the others were not checked"), "{out}");
    // The default step checks both.
    let o = nabla(&["check", "x^2*y + sin(x)", "--at", "1,2"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("the gradient agrees"), "{}", stdout(&o));
}
