//! Hostile input, one regression test per defect of the adversarial run (issue 12): the exact
//! command, its exit code and message. Nothing may panic (exit 101), hang, or print a false
//! verdict.

use super::cli::{nabla, nabla_stdin, stderr, stdout};

/// Exit code, with the output shown when it is not the expected one.
fn code(o: &std::process::Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn expect(o: &std::process::Output, want: i32) {
    assert_eq!(
        code(o),
        want,
        "stdout:\n{}\nstderr:\n{}",
        stdout(o),
        stderr(o)
    );
}

#[test]
fn a_hundred_thousand_character_variable_name_prints() {
    let name = "v".repeat(100_000);
    let at = format!("{name}=2");
    let o = nabla_stdin(&["grad", "-", "--at", &at], &format!("{name}^2"));
    expect(&o, 0);
    let out = stdout(&o);
    assert!(
        out.contains("gradient  (4)"),
        "{}",
        &out[..200.min(out.len())]
    );
    assert!(out.contains(&format!("df/d{name} = 2*{name}")));
    let o = nabla_stdin(&["diff", "-"], &format!("{name}^2"));
    expect(&o, 0);
}

#[test]
fn flag_values_beyond_their_limits_are_usage_errors() {
    for args in [
        &["min", "x^2", "--time", "1e20"][..],
        &["min", "x^2", "--time", "-1"],
        &["min", "x^2", "--memory", "18446744073709551615"],
        &["min", "x^2", "--method", "lbfgs", "--memory", "1000000"],
        &["check", "x^2", "--random", "18446744073709551615"],
        &[
            "min",
            "x^2",
            "--global",
            "--box",
            "-1..1",
            "--starts",
            "1000000000",
        ],
        &["min", "x^2", "--global", "--box", "-1..1", "--starts", "0"],
        &["min", "x^2", "--iters", "1000000000000"],
        &[
            "fit", "w*x", "--data", "none.csv", "--params", "w", "--epochs", "0",
        ],
    ] {
        let o = nabla(args);
        expect(&o, 2);
        assert!(!stderr(&o).contains("panicked"), "{args:?}: {}", stderr(&o));
    }
    let o = nabla(&["min", "x^2", "--time", "1e20"]);
    assert!(stderr(&o).contains("at most 1e6 seconds"), "{}", stderr(&o));
    let o = nabla(&["min", "x^2", "--method", "lbfgs", "--memory", "1000000"]);
    assert!(stderr(&o).contains("between 1 and 1000"), "{}", stderr(&o));
}

#[test]
fn a_power_tower_gives_its_value_and_gradient() {
    // x^x^...^x (10,000 levels) at x = 1: every level is 1, and d/dx x^^n = 1 at x = 1 for
    // n >= 2 (by induction: d/dx x^u = x^u (u' ln x + u/x), which at x = 1 is u(1) = 1).
    let tower = vec!["x"; 10_000].join("^");
    let o = nabla_stdin(&["grad", "-", "--at", "x=1"], &tower);
    expect(&o, 0);
    let out = stdout(&o);
    assert!(
        out.contains("value     1\n") && out.contains("gradient  (1)"),
        "{out}"
    );
    assert!(out.contains("too large to print"), "{out}");
}

#[test]
fn a_check_that_compared_nothing_has_not_passed() {
    for args in [
        &["check", "sqrt(x)", "--at", "-1"][..],
        &["check", "x^2", "--at", "1", "--step", "5e-324"],
    ] {
        let o = nabla(args);
        expect(&o, 1);
        assert!(stdout(&o).contains("NOT CHECKED"), "{}", stdout(&o));
        assert!(!stdout(&o).contains("the gradient agrees"));
        let o = nabla(&[args, &["--json"][..]].concat());
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
        assert_eq!(v["verdict"]["exit"], "failure");
        assert_ne!(v["verdict"]["kind"], "agrees");
    }
}

#[test]
fn signed_zeros_are_kept() {
    // atan2(+0, -1) = +pi; `0 - x` at x = 0 is +0, not -0.
    let o = nabla(&["eval", "atan2(0 - x, -1)", "--at", "x=0"]);
    expect(&o, 0);
    assert_eq!(stdout(&o).trim(), "3.141592653589793");
}

#[test]
fn merged_constants_do_not_underflow() {
    // d/dx (1e-200*y)*(1e-200*x) = 1e-400*y = 1e-100 at y = 1e300; d/dy = 1e-400*x underflows
    // to 0 in any evaluation order (below the smallest subnormal, 4.9e-324).
    let o = nabla(&["grad", "(1e-200*y)*(1e-200*x)", "--at", "x=1,y=1e300"]);
    expect(&o, 0);
    // Variables in order of appearance: (y, x).
    assert!(
        stdout(&o).contains("gradient  (0, 1e-100)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn saturating_derivatives_are_accurate() {
    // Closed forms without cancellation: sigmoid'(40) = e^-40/(1 + e^-40)^2 (about 4.25e-18),
    // tanh'(19.5) = 4/(e^19.5 + e^-19.5)^2 (about 4.62e-17).
    let o = nabla(&["grad", "sigmoid(x)", "--at", "x=40", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let d = v["gradient"][0].as_f64().unwrap();
    let want = (-40f64).exp() / (1.0 + (-40f64).exp()).powi(2);
    assert!(((d - want) / want).abs() < 1e-12, "{d:e}");
    let o = nabla(&["grad", "tanh(x)", "--at", "x=19.5", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let d = v["gradient"][0].as_f64().unwrap();
    let want = 4.0 / (19.5f64.exp() + (-19.5f64).exp()).powi(2);
    assert!(((d - want) / want).abs() < 1e-12, "{d:e}");
}

#[test]
fn formula_files_are_read_with_a_size_limit() {
    if !std::path::Path::new("/dev/zero").exists() {
        return;
    }
    let o = nabla(&["eval", "-f", "/dev/zero"]);
    expect(&o, 2);
    assert!(stderr(&o).contains("longer than 16 MiB"), "{}", stderr(&o));
}

#[test]
fn a_byte_order_mark_in_a_formula_file_is_ignored() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("nabla-bom-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("f.txt");
    std::fs::write(&path, "\u{feff}x^2 + 1\n").unwrap();
    let o = nabla(&["eval", "-f", path.to_str().unwrap(), "--at", "x=2"]);
    expect(&o, 0);
    assert_eq!(stdout(&o).trim(), "5");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn global_accounts_for_every_start() {
    // (x^2 - 1)^2 + y^2 has minima at (±1, 0) and a saddle at (0, 0).
    let o = nabla(&[
        "min",
        "(x^2 - 1)^2 + y^2",
        "--global",
        "--box",
        "-2..2",
        "--starts",
        "16",
        "--json",
    ]);
    expect(&o, 0);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let g = &v["searches"];
    let n = |k: &str| g[k].as_u64().unwrap();
    assert_eq!(n("starts"), 16);
    assert_eq!(
        n("at_minimum") + n("elsewhere") + n("failed") + n("skipped"),
        16
    );
    let hits: u64 = v["minima"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["hits"].as_u64().unwrap())
        .sum();
    assert_eq!(hits, n("at_minimum"));
    let o = nabla(&[
        "min",
        "(x^2 - 1)^2 + y^2",
        "--global",
        "--box",
        "-2..2",
        "--starts",
        "16",
    ]);
    assert!(stdout(&o).contains("not proven global"), "{}", stdout(&o));
}

#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    // 5,000 partials, about 120 KB: more than a pipe buffer (64 KB) holds.
    let src = (1..=5_000)
        .map(|i| format!("{i}*x{i}^2"))
        .collect::<Vec<_>>()
        .join(" + ");
    let mut child = super::cli::nabla_command()
        .args(["diff", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run nabla");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(src.as_bytes()).expect("write the formula");
    }
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("one line");
    // The reader is dropped here: the pipe is closed while nabla still writes.
    assert!(first.starts_with("df/dx1 "), "{first}");
    let out = child.wait_with_output().expect("wait");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_ne!(out.status.code(), Some(101));
}

#[test]
fn a_start_outside_the_domain_is_a_usage_error_everywhere() {
    let o = nabla(&["min", "log(x)", "--from", "x=-1"]);
    expect(&o, 2);
    let o = nabla(&["min", "log(x)", "--global", "--box", "-5..-1"]);
    expect(&o, 2);
    assert!(stderr(&o).contains("choose a box inside"), "{}", stderr(&o));
}
