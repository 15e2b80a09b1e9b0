//! The `nabla` binary: output, JSON and exit codes of each subcommand.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const BEALE: &str = "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2";

/// The `nabla` binary with no language in its environment (LC_ALL, LC_MESSAGES and LANG
/// removed), so its text is English whatever the machine's locale; tests of other languages pass
/// `--lang` or set the variables themselves.
pub fn nabla_command() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_nabla"));
    c.env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    c
}

pub fn nabla(args: &[&str]) -> Output {
    nabla_command().args(args).output().expect("run nabla")
}

pub fn nabla_stdin(args: &[&str], input: &str) -> Output {
    let mut child = nabla_command()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run nabla");
    if let Some(mut stdin) = child.stdin.take() {
        // The child may exit before reading everything; a broken pipe is fine.
        let _ = stdin.write_all(input.as_bytes());
    }
    child.wait_with_output().expect("wait for nabla")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Whether `message` names a command-line flag (`--` followed by a lower-case letter): the
/// library's messages never do, the CLI adds the flags.
pub fn names_a_flag(message: &str) -> bool {
    message
        .match_indices("--")
        .any(|(i, _)| message[i + 2..].starts_with(|c: char| c.is_ascii_lowercase()))
}

#[test]
fn grad_prints_value_gradient_and_partials() {
    let o = nabla(&["grad", BEALE, "--at", "x=3,y=4"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("value     39062.953125"), "{out}");
    assert!(out.contains("gradient  (25625.25, 57519)"), "{out}");
    assert!(out.contains("df/dx = "), "{out}");
    assert!(out.contains("df/dy = "), "{out}");
}

#[test]
fn grad_json_is_machine_readable() {
    let o = nabla(&["grad", BEALE, "--at", "3,4", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["gradient"][0], 25625.25);
    assert_eq!(v["gradient"][1], 57519.0);
    assert_eq!(v["value"], 39062.953125);
    assert_eq!(v["partials"][0]["var"], "x");
    assert!(v["partials"][0]["text"].is_string());
    assert_eq!(
        (v["command"].as_str(), v["schema_version"].as_str()),
        (Some("grad"), Some("1"))
    );
    assert_eq!(v["verdict"]["kind"], "computed");
}

#[test]
fn eval_reads_argument_file_and_stdin() {
    let o = nabla(&["eval", "x^2 + y", "--at", "x=3,y=-1"]);
    assert_eq!(stdout(&o).trim(), "8");
    let o = nabla_stdin(&["eval", "-", "--at", "x=pi/2"], "sin(x)");
    assert_eq!(stdout(&o).trim(), "1");
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("nabla-cli-{}.txt", std::process::id()));
    std::fs::write(&path, "f(a, b) = a - b\n").unwrap();
    let o = nabla(&["eval", "-f", path.to_str().unwrap(), "--at", "5,2"]);
    assert_eq!(stdout(&o).trim(), "3");
    let _ = std::fs::remove_file(path);
}

#[test]
fn diff_prints_readable_derivatives() {
    let o = nabla(&["diff", "x^3 - 3x^2 - 9x + 2"]);
    assert_eq!(stdout(&o).trim(), "df/dx = 3*x^2 - 6*x - 9");
    let o = nabla(&["diff", "x^2*y", "--hessian"]);
    let out = stdout(&o);
    assert!(out.contains("d2f/dx2  = 2*y"), "{out}");
    assert!(out.contains("d2f/dxdy = 2*x"), "{out}");
    assert!(out.contains("d2f/dy2  = 0"), "{out}");
    let o = nabla(&["diff", "sqrt(x)/y", "--wrt", "x", "--latex"]);
    assert_eq!(
        stdout(&o).trim(),
        "\\frac{\\partial f}{\\partial x} = \\frac{0.5}{y \\cdot \\sqrt{x}}"
    );
}

#[test]
fn parse_errors_exit_2_with_a_caret() {
    let o = nabla(&["eval", "(1 +"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("found end of input"), "{err}");
    assert!(err.contains("1 | (1 +\n  |     ^"), "{err}");
    let deep = format!("{}x{}", "(".repeat(100_000), ")".repeat(100_000));
    let o = nabla_stdin(&["eval", "-", "--at", "x=1"], &deep);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("deeper than 256 levels"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(nabla(&[]).status.code(), Some(2));
    assert_eq!(nabla(&["eval"]).status.code(), Some(2));
    assert_eq!(
        nabla(&["eval", "x+y", "--at", "x=1"]).status.code(),
        Some(2)
    );
    assert_eq!(nabla(&["eval", "x", "--at", "z=1"]).status.code(), Some(2));
    assert_eq!(
        nabla(&["grad", "x", "--at", "x=abc"]).status.code(),
        Some(2)
    );
    assert_eq!(nabla(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(nabla(&["diff", "x", "--wrt", "y"]).status.code(), Some(2));
}

#[test]
fn numerical_failures_exit_1_without_printing_nan() {
    let o = nabla(&["eval", "sqrt(x)", "--at", "x=-1"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!stdout(&o).contains("NaN"));
    assert!(stderr(&o).contains("not a number"), "{}", stderr(&o));
    let o = nabla(&["grad", "abs(x)^0.5", "--at", "x=0"]);
    assert_eq!(o.status.code(), Some(1));
}
