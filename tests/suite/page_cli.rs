//! What the page of `nabla serve` asks the CLI for (issue 30), end to end through the binary:
//! `nabla plot --at z=3 [--axes ...]`, the slice of a function of three or more variables that
//! the page's map draws, and `nabla check --sweep` at a point where f is undefined, which must
//! say so (never a clean sweep). Expected numbers are closed forms worked out in each test.

use serde_json::Value;

use super::cli::{nabla, stderr, stdout};

const CUBIC3: &str = "x^2 + 2*y^2 + 3*z^2 + x*y*z";

fn json(o: &std::process::Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}{}", stdout(o), stderr(o)))
}

#[test]
fn formula_hold_is_the_formula_at_the_held_values() {
    let f = nabla::Formula::parse(CUBIC3).unwrap();
    let s = f.hold(&[("y", -0.5)]).unwrap();
    assert_eq!(s.var_names(), ["x", "z"]);
    let mut s = nabla::Function::new(s).unwrap();
    for (x, z) in [(0.0, 0.0), (1.0, 3.0), (-2.5, 0.25), (7.0, -1.0)] {
        let y = -0.5;
        let by_hand = x * x + 2.0 * y * y + 3.0 * z * z + x * y * z;
        let got = s.value(&[x, z]);
        assert!(
            (got - by_hand).abs() <= 1e-12 * by_hand.abs().max(1.0),
            "({x}, {z}): {got} vs {by_hand}"
        );
    }
    // Every variable held: a constant, f(1, 2, 3) = 1 + 8 + 27 + 6 = 42.
    let c = f.hold(&[("x", 1.0), ("y", 2.0), ("z", 3.0)]).unwrap();
    assert!(c.var_names().is_empty());
    assert_eq!(nabla::Function::new(c).unwrap().value(&[]), 42.0);
    assert!(matches!(
        f.hold(&[("w", 1.0)]),
        Err(nabla::Error::UnknownVariable { .. })
    ));
}

#[test]
fn plot_at_draws_the_slice_and_runs_on_it() {
    // z = 1: f = x^2 + 2y^2 + 3 + x*y, a bowl (Hessian [[2, 1], [1, 4]], positive definite)
    // whose minimum is at (0, 0) with value 3.
    let o = nabla(&[
        "plot",
        CUBIC3,
        "--at",
        "z=1",
        "--from",
        "x=1,y=2",
        "--methods",
        "lbfgs",
        "-o",
        "-",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let d = json(&o);
    assert_eq!(d["files"][0]["kind"], "contour map", "{d}");
    let run = &d["runs"][0];
    let p: Vec<f64> = serde_json::from_value(run["point"].clone()).unwrap();
    assert_eq!(p.len(), 2, "{run}");
    assert!(p[0].abs() < 1e-6 && p[1].abs() < 1e-6, "{run}");
    assert!((run["value"].as_f64().unwrap() - 3.0).abs() < 1e-9, "{run}");
    // Two held: the curve of x at y = 1, z = 3, x^2 + 3x + 29, least at x = -1.5 (26.75).
    let o = nabla(&[
        "plot",
        CUBIC3,
        "--at",
        "y=1,z=3",
        "--from",
        "x=1",
        "--methods",
        "lbfgs",
        "-o",
        "-",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let d = json(&o);
    assert_eq!(d["files"][0]["kind"], "curve", "{d}");
    let run = &d["runs"][0];
    assert!(
        (run["point"][0].as_f64().unwrap() + 1.5).abs() < 1e-6,
        "{run}"
    );
    assert!(
        (run["value"].as_f64().unwrap() - 26.75).abs() < 1e-9,
        "{run}"
    );
}

#[test]
fn plot_axes_orders_the_drawn_variables() {
    // y across, x up: the box by name lands on the right axes of the frame.
    let o = nabla(&[
        "plot",
        CUBIC3,
        "--at",
        "z=3",
        "--axes",
        "y,x",
        "--box",
        "x=-2..2,y=0..1",
        "-o",
        "-",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let frame = &json(&o)["files"][0]["frame"];
    assert_eq!(frame["x"], serde_json::json!([0.0, 1.0]), "{frame}");
    assert_eq!(frame["y"], serde_json::json!([-2.0, 2.0]), "{frame}");
}

#[test]
fn a_slice_says_where_it_is_cut_in_its_title() {
    // nabla plot "x^2 + 2*y^2 + 3*z^2 + x*y*z" --at z=3 -o -: the formula as typed, then the
    // held variable with its value, so the picture never passes for the whole function.
    let o = nabla(&["plot", CUBIC3, "--at", "z=3", "-o", "-", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let svg = json(&o)["files"][0]["svg"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(
        svg.contains("f = x^2 + 2*y^2 + 3*z^2 + x*y*z, z = 3"),
        "no slice title in {}",
        &svg[..svg.len().min(600)]
    );
}

#[test]
fn plot_at_and_axes_refuse_what_does_not_fit_with_exit_2() {
    let cases: [(&[&str], &str); 5] = [
        (&[], "hold the others with --at"),
        (&["--at", "w=1"], "no variable `w`"),
        (&["--at", "3"], "`3` has no name"),
        (
            &["--at", "z=3", "--axes", "x,z"],
            "`z` is both drawn and held",
        ),
        (&["--axes", "x,y"], "`z` is neither drawn nor held"),
    ];
    for (extra, said) in cases {
        let mut args = vec!["plot", CUBIC3, "-o", "-"];
        args.extend_from_slice(extra);
        let o = nabla(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(said), "{args:?}: {}", stderr(&o));
    }
    // In Chinese too.
    let o = nabla(&["--lang", "zh-TW", "plot", CUBIC3, "--at", "w=1", "-o", "-"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("公式沒有變數 `w`"), "{}", stderr(&o));
    // --help documents both flags.
    let help = stdout(&nabla(&["plot", "--help"]));
    assert!(
        help.contains("--at <POINT>") && help.contains("--axes <NAMES>"),
        "{help}"
    );
}

#[test]
fn sweep_where_f_is_undefined_says_so() {
    // ln(-2.01) is not a real number: there is no difference to take at (-2.01, 1.01).
    let args = ["check", "log(x)+y^2", "--at", "x=-2.01,y=1.01", "--sweep"];
    let o = nabla(&args);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(
        err.contains("f is not defined at (x, y) = (-2.01, 1.01)"),
        "{err}"
    );
    assert!(
        !stdout(&o).contains("error 0") && !stdout(&o).contains("step   forward"),
        "{}",
        stdout(&o)
    );
    let mut with_json = args.to_vec();
    with_json.push("--json");
    let d = json(&nabla(&with_json));
    assert_eq!(d["verdict"]["kind"], "not_finite", "{d}");
    assert_eq!(d["value"], Value::Null, "{d}");
    let o = nabla(&[
        "--lang",
        "zh-TW",
        "check",
        "log(x)+y^2",
        "--at",
        "x=-2.01,y=1.01",
        "--sweep",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("沒有定義"), "{}", stderr(&o));
    // Inside the domain the sweep is computed: f(2, 1) = ln 2 + 1.
    let d = json(&nabla(&[
        "check",
        "log(x)+y^2",
        "--at",
        "x=2,y=1",
        "--sweep",
        "--json",
    ]));
    assert_eq!(d["verdict"]["kind"], "computed", "{d}");
    assert!(
        (d["value"].as_f64().unwrap() - (2f64.ln() + 1.0)).abs() < 1e-15,
        "{d}"
    );
}
