//! Hostile input, second round (issue 25): one regression test per defect, with the exact command,
//! its exit code and message. Nothing may panic (exit 101), hang, or print a false verdict.

use std::process::Stdio;

use super::cli::stderr;

/// Runs nabla with standard output on a full device (`/dev/full`: every write fails with "No
/// space left on device").
#[cfg(target_os = "linux")]
fn into_full_device(args: &[&str]) -> std::process::Output {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("open /dev/full");
    super::cli::nabla_command()
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
    let rows = v["rows"].as_array().unwrap();
    assert!(rows.iter().all(|r| r["outcome"] == "unresolved"), "{v}");
    assert_eq!(v["verdict"]["kind"], "unresolved", "{v}");
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

/// A scratch file under Cargo's test directory.
fn scratch(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile2");
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write scratch file");
    p
}

/// `nabla fit "a*x" --data PATH --params a --target y`.
fn fit_ax(p: &std::path::Path) -> std::process::Output {
    super::cli::nabla(&[
        "fit",
        "a*x",
        "--data",
        p.to_str().expect("a UTF-8 path"),
        "--params",
        "a",
        "--target",
        "y",
    ])
}

#[test]
fn data_files_have_limits_and_quote_bad_fields_briefly() {
    use super::cli::nabla;
    // No line break at all: stopped at the line limit, not after reading gigabytes.
    let o = nabla(&["fit", "a*x", "--data", "/dev/zero", "--params", "a"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("line 1 is longer than 16777216 bytes"),
        "{}",
        stderr(&o)
    );
    // 100,002 columns: refused by the documented limit at once (the duplicate check is linear).
    let mut wide = (0..100_000).map(|i| format!("c{i}")).collect::<Vec<_>>();
    wide.extend(["x".to_string(), "y".to_string()]);
    let text = format!("{}\n{}\n", wide.join(","), vec!["1"; 100_002].join(","));
    let p = scratch("wide.csv", text.as_bytes());
    let o = fit_ax(&p);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("the header has 100002 columns, more than 100000"),
        "{}",
        stderr(&o)
    );
    // 99,998 columns and a duplicate at the end: found (a quadratic check took seconds).
    let mut dup = (0..99_998).map(|i| format!("c{i}")).collect::<Vec<_>>();
    dup.push("c5".to_string());
    let p = scratch("dup.csv", format!("{}\n", dup.join(",")).as_bytes());
    let o = nabla(&[
        "fit",
        "a*c1",
        "--data",
        p.to_str().unwrap(),
        "--params",
        "a",
        "--target",
        "c2",
    ]);
    assert!(stderr(&o).contains("c5"), "{}", stderr(&o));
    // A 50 KB field is not echoed whole.
    let big = format!("x,y\n1,{}\n", "9".repeat(50_000));
    let p = scratch("bigfield.csv", big.as_bytes());
    let o = fit_ax(&p);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).len() < 500, "{}", stderr(&o));
    // A NUL byte is shown as \0, in a cell and in the header.
    let p = scratch("nul.csv", b"x,y\n1,3\0\n3,4\n");
    let o = fit_ax(&p);
    assert!(
        stderr(&o).contains("`3\\0` is not a number"),
        "{}",
        stderr(&o)
    );
    let p = scratch("nulhead.csv", b"x\0,y\n1,2\n3,4\n");
    let o = fit_ax(&p);
    assert!(
        stderr(&o).contains("the header has `x\\0`, `y`"),
        "{}",
        stderr(&o)
    );
    // Line numbers still count blank lines.
    let p = scratch("blank.csv", b"x,y\n\n\n1,2\n\n3,abc\n");
    let o = fit_ax(&p);
    assert!(
        stderr(&o).contains("line 6, column `y`: `abc`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn infinite_intermediates_are_named_everywhere() {
    use super::cli::{nabla, stdout};
    // `trace` exits 1 naming the step; `graph` now does the same (after drawing).
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile2");
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let svg = dir.join("sqrt.svg");
    let o = nabla(&[
        "graph",
        "sqrt(x)",
        "--at",
        "x=-1",
        "-o",
        svg.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("v2 = sqrt(v1) is not a number"),
        "{}",
        stderr(&o)
    );
    let o = nabla(&["graph", "1/x", "--at", "x=0", "--dot"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("v2 = 1 / v1 is +infinity"),
        "{}",
        stderr(&o)
    );
    // `eval` gives IEEE arithmetic's value through an infinity, and says so.
    for (f, v) in [("1/(1/x)", "0"), ("atan(1/x)", "1.5707963267948966")] {
        let o = nabla(&["eval", f, "--at", "x=0"]);
        assert_eq!(o.status.code(), Some(0), "{f}: {}", stderr(&o));
        assert_eq!(stdout(&o).trim(), v);
        assert!(
            stderr(&o).contains("note: on the way v2 = 1 / v1 is +infinity"),
            "{f}: {}",
            stderr(&o)
        );
    }
    let o = nabla(&["eval", "1/(1/x)", "--at", "x=0", "--json"]);
    let j: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(j["notes"][0].as_str().unwrap().contains("+infinity"), "{j}");
    // No note where every step is finite.
    let o = nabla(&["eval", "1/(1/x)", "--at", "x=2"]);
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn a_spent_budget_is_not_called_divergence() {
    use super::cli::nabla;
    // About one evaluation per start: no search can reach a minimum; the budget is why.
    let o = nabla(&[
        "min",
        "--global",
        "--box=-5..5",
        "x^2",
        "--starts",
        "100000",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("raise the evaluation budget, or ask for fewer starts"),
        "{err}"
    );
    let f = (0..20)
        .map(|i| format!("(x{i}-1)^2"))
        .collect::<Vec<_>>()
        .join(" + ");
    for extra in [["--evals", "1"], ["--time", "1e-300"]] {
        let mut args = vec!["min", "--global", "--box=-5..5", f.as_str()];
        args.extend(extra);
        let o = nabla(&args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{extra:?}: {err}");
        assert!(!err.contains("diverged"), "{extra:?}: {err}");
        assert!(
            err.contains("ran out before any run produced a point"),
            "{extra:?}: {err}"
        );
    }
}

/// A strict look at LaTeX: balanced braces, and every `_` either escaped (`\_`) or opening a
/// braced subscript (`_{`), so no `__` or `x_1_2` reaches a TeX engine.
fn well_formed_tex(tex: &str) -> Result<(), String> {
    let mut depth = 0i64;
    let b = tex.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        let escaped = i > 0 && b[i - 1] == b'\\';
        match c {
            b'{' if !escaped => depth += 1,
            b'}' if !escaped => {
                depth -= 1;
                if depth < 0 {
                    return Err(format!("unbalanced `}}` at {i}"));
                }
            }
            b'_' if !escaped && b.get(i + 1) != Some(&b'{') => {
                return Err(format!("bare `_` at {i}"));
            }
            _ => {}
        }
    }
    if depth != 0 {
        return Err("unbalanced `{`".to_string());
    }
    Ok(())
}

#[test]
fn latex_names_are_escaped_everywhere() {
    use super::cli::{nabla, stdout};
    for f in ["_1^2", "x_1_2^2*y", "a__b + x1", "_^2 + y_", "alpha_2*beta"] {
        for args in [
            vec!["diff", "--latex", f],
            vec!["diff", "--latex", "--hessian", f],
        ] {
            let o = nabla(&args);
            assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
            for line in stdout(&o).lines() {
                well_formed_tex(line).unwrap_or_else(|e| panic!("{args:?}: {e} in {line}"));
            }
        }
    }
    // Constants in scientific notation typeset as powers of ten (TeX would set `2.5e-300` as a
    // product with a variable e), and a constant factor before a number is a visible product
    // (`3 2^{x}` reads as 32^x): d/dx (2.5e-300 x^2 + 3*2^x) = 2.5e-300 (2x) + 3 ln(2) 2^x.
    let o = nabla(&["diff", "--latex", "2.5e-300*x^2 + 3*2^x"]);
    let tex = stdout(&o);
    assert!(
        tex.contains("2.5 \\times 10^{-300} \\left(2 x\\right)")
            && tex.contains("\\cdot 2^{x}")
            && !tex.contains("e-"),
        "{tex}"
    );
    for (f, at) in [("_1^2", "1"), ("x_1_2^2*y", "1,2"), ("a__b + x1", "1,2")] {
        let o = nabla(&["trace", f, "--latex", "--at", at]);
        assert_eq!(o.status.code(), Some(0), "trace {f}: {}", stderr(&o));
        well_formed_tex(&stdout(&o)).unwrap_or_else(|e| panic!("trace {f}: {e}"));
    }
}

#[test]
fn long_names_are_abbreviated_in_pictures() {
    use super::cli::nabla;
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile2");
    std::fs::create_dir_all(&dir).expect("scratch dir");
    for n in [2_000, 5_000] {
        let png = dir.join(format!("long{n}.png"));
        let f = format!("{}^2", "a".repeat(n));
        let o = nabla(&["graph", &f, "-o", png.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{n}: {}", stderr(&o));
        // Drawn at full scale (the title cut to 160 characters), not shrunk to 3-pixel text.
        let img = image::open(&png).expect("a PNG");
        assert!(
            img.width() < 2_000 && img.height() > 150,
            "{n}: {}x{}",
            img.width(),
            img.height()
        );
    }
}

#[test]
fn a_column_named_like_a_parameter_is_said_to_be_unused() {
    use super::cli::{nabla, stdout};
    let p = scratch("param_col.csv", b"x,a,y\n1,5,2\n2,5,4\n3,5,6\n");
    let args = [
        "fit",
        "a*x",
        "--data",
        p.to_str().unwrap(),
        "--params",
        "a",
        "--target",
        "y",
    ];
    let o = nabla(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("note: column `a` of") && stdout(&o).contains("is not used"),
        "{}",
        stdout(&o)
    );
    let mut json = args.to_vec();
    json.push("--json");
    let v: serde_json::Value = serde_json::from_str(&stdout(&nabla(&json))).unwrap();
    assert_eq!(v["notes"].as_array().map(Vec::len), Some(1), "{v}");
}

#[test]
fn the_exponent_derivative_of_a_power_is_zero_where_the_power_is() {
    use super::cli::{nabla, stdout};
    // d/dx x^y = y x^(y-1) = 2*0 = 0 and d/dy x^y = x^y ln(x), whose limit at x = 0 (y > 0) is
    // 0; at x = 0 the function 0^y is the constant 0 for y > 0, so its y-derivative is 0 exactly.
    let o = nabla(&["grad", "x^y", "--at", "x=0,y=2"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}{}", stderr(&o));
    assert!(out.contains("gradient  (0, 0)"), "{out}");
    // A base 0 that is a constant takes the same rule: d/dy (0^y + x^y) at (x, y) = (0, 3) is 0.
    let o = nabla(&["grad", "0^y + x^y", "--at", "x=0,y=3", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(o.status.code(), Some(0), "{v}");
    let g: Vec<f64> = v["gradient"]
        .as_array()
        .expect("gradient")
        .iter()
        .map(|x| x.as_f64().expect("number"))
        .collect();
    assert_eq!(g, [0.0, 0.0], "{v}");
    // Away from 0 the rule is the ordinary one: d/dy x^y at (2, 3) = 8 ln 2 = 5.545177444479562
    // (8*0.6931471805599453094 rounded), and a negative base stays undefined in the exponent.
    let o = nabla(&["grad", "x^y", "--at", "x=2,y=3", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let gy = v["gradient"][1].as_f64().expect("number");
    assert!((gy - 5.545_177_444_479_562).abs() < 1e-14, "{v}");
    let o = nabla(&["grad", "x^y", "--at", "x=-2,y=3"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}
