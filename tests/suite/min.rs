//! `nabla min`: the must-hold cases and the book's Beale runs through the formula engine.
//! Expected points are the book's printed results (shared/seed-table.md) and closed forms.

use super::cli::{nabla, stderr, stdout};

const BEALE: &str = "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2";

fn json(args: &[&str]) -> (Option<i32>, serde_json::Value) {
    let mut all = args.to_vec();
    all.push("--json");
    let o = nabla(&all);
    let v = serde_json::from_slice(&o.stdout).unwrap_or(serde_json::Value::Null);
    (o.status.code(), v)
}

#[test]
fn beale_from_3_4_is_a_local_minimum_at_3_half() {
    let (code, v) = json(&["min", BEALE, "--from", "x=3,y=4"]);
    assert_eq!(code, Some(0));
    let x = &v["point"];
    assert!((x[0].as_f64().unwrap() - 3.0).abs() < 1e-6, "{v}");
    assert!((x[1].as_f64().unwrap() - 0.5).abs() < 1e-6, "{v}");
    assert!(v["value"].as_f64().unwrap() < 1e-12);
    assert_eq!(v["classification"]["kind"], "local_minimum");
    let o = nabla(&["min", BEALE, "--from", "x=3,y=4"]);
    assert!(stdout(&o).contains("local minimum"), "{}", stdout(&o));
}

#[test]
fn x_cubed_has_no_minimum() {
    let o = nabla(&["min", "x^3"]);
    assert_eq!(o.status.code(), Some(1));
    // f'(0) = 0 and f''(0) = 0: the second-order test cannot decide; sampling finds
    // f(-1e-3) = -1e-9 < f(0).
    assert!(
        stdout(&o).contains("sampling found lower values nearby"),
        "{}",
        stdout(&o)
    );
    assert!(stderr(&o).contains("no minimum found"), "{}", stderr(&o));
}

#[test]
fn saddle_is_reported_as_a_saddle() {
    let o = nabla(&["min", "x^2 - y^2"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("saddle point"), "{}", stdout(&o));
    assert!(!stdout(&o).contains("local minimum"));
}

#[test]
fn too_large_a_step_is_a_divergence_not_nan() {
    for args in [
        vec!["min", "x^2", "--method", "gd", "--lr", "1.5"],
        vec![
            "min", "x^2", "--method", "gd", "--lr", "1.5", "--from", "x=1",
        ],
    ] {
        let o = nabla(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let all = format!("{}{}", stdout(&o), stderr(&o));
        assert!(all.contains("diverge"), "{all}");
        assert!(all.contains("too large"), "{all}");
        assert!(!all.to_lowercase().contains("nan"), "{all}");
    }
}

#[test]
fn himmelblau_global_finds_all_four_minima() {
    // `--global` certifies one of them and stops; `--starts` lists every basin its starts fall in.
    let (code, v) = json(&[
        "min",
        "--global",
        "--starts",
        "32",
        "--box",
        "-5..5",
        "(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
    ]);
    assert_eq!(code, Some(0));
    let minima = v["minima"].as_array().expect("minima");
    // The four minima of Himmelblau's function, all with f = 0.
    let expected = [
        (3.0, 2.0),
        (-2.805118, 3.131312),
        (-3.779310, -3.283186),
        (3.584428, -1.848126),
    ];
    for (ex, ey) in expected {
        assert!(
            minima.iter().any(|m| {
                let x = m["point"][0].as_f64().unwrap();
                let y = m["point"][1].as_f64().unwrap();
                (x - ex).abs() < 1e-5 && (y - ey).abs() < 1e-5
            }),
            "({ex}, {ey}) missing from {v}"
        );
    }
    assert_eq!(minima.len(), 4);
}

#[test]
fn book_runs_through_the_formula_engine() {
    // Rows A2, A3, A4 and A6 of the seed table, on Beale typed as a formula.
    let (code, v) = json(&[
        "min",
        BEALE,
        "--from",
        "x=3,y=4",
        "--iters",
        "300000",
        "--stall",
        "0",
        "--compare",
        "gd:lr=5e-6,momentum:lr=5e-6:momentum=0.8,adagrad:lr=0.1:init-acc=1,rmsprop:lr=5e-6:alpha=0.99999999999:init-acc=1",
    ]);
    assert_eq!(code, Some(0));
    let printed = [
        (2.70735828, 0.41689171),
        (2.96324633, 0.49067782),
        (-0.69240717, 1.76233766),
        (2.70162562, 0.41500366),
    ];
    let runs = v["runs"].as_array().expect("runs");
    for (run, (px, py)) in runs.iter().zip(printed) {
        let x = run["point"][0].as_f64().unwrap();
        let y = run["point"][1].as_f64().unwrap();
        assert!((x - px).abs() < 1e-7 && (y - py).abs() < 1e-7, "{run}");
    }
    // The book calls Adagrad's end point a local optimum; its gradient is not small there.
    assert_eq!(runs[2]["classification"]["kind"], "not_stationary");
}

#[test]
fn trace_prints_iterates() {
    let o = nabla(&[
        "min",
        "x^3 - 3x^2 - 9x + 2",
        "--from",
        "x=1",
        "--method",
        "gd",
        "--lr",
        "0.01",
        "--trace",
        "50",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("        50  "), "{out}");
    assert!(out.contains("       100  "), "{out}");
}

#[test]
fn bad_method_and_box_are_usage_errors() {
    let o = nabla(&["min", "x^2", "--method", "adma"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown method `adma`"));
    assert_eq!(
        nabla(&["min", "x^2", "--global", "--box", "5..-5"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(nabla(&["min", "x^2", "--global"]).status.code(), Some(2));
    assert_eq!(
        nabla(&["min", "x^2", "--method", "momentum", "--momentum", "1.5"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn min_and_plot_share_the_method_defaults() {
    // Beale from (3, 4): max|grad| = 57519, so gd's default step is 0.3/57519 rounded down to
    // 5e-6 (the book's) in `min` as in `plot`; the suite's fixed 0.01 diverged at step 2.
    let o = nabla(&[
        "min", BEALE, "--method", "gd", "--from", "x=3,y=4", "--iters", "100", "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["stop"]["reason"], "max_iterations", "{v}");
    let f = v["value"].as_f64().unwrap();
    assert!(f.is_finite() && f < 39062.953125, "{f}");
}

#[test]
fn the_json_verdict_names_what_the_end_point_is() {
    // One path from the end point to the verdict (the library's `answer::judge`): its kind,
    // evidence and exit class are in the document, and the exit code is the verdict's.
    let cases: [(&[&str], i32, &str); 4] = [
        (&["min", BEALE, "--from", "3,4"], 0, "local_minimum"),
        (&["min", "x^3"], 1, "saddle"),
        (&["min", "log(x) + x"], 1, "unbounded"),
        (
            &[
                "min",
                "(1e4*x1*x2 - 1)^2 + (exp(-x1) + exp(-x2) - 1.0001)^2",
                "--from",
                "x1=0,x2=10",
            ],
            3,
            "inconclusive",
        ),
    ];
    for (args, code, kind) in cases {
        let (got, v) = json(args);
        assert_eq!(got, Some(code), "{args:?}: {v}");
        assert_eq!(v["verdict"]["kind"], kind, "{args:?}: {v}");
        assert_eq!(
            v["start"].as_array().map(Vec::len),
            v["point"].as_array().map(Vec::len)
        );
    }
    // Beale's minimum: second-order evidence with both eigenvalues positive.
    let (_, v) = json(&["min", BEALE, "--from", "3,4"]);
    assert_eq!(v["classification"]["evidence"], "second_order", "{v}");
    let eig = v["classification"]["eigenvalues"].as_array().unwrap();
    assert!(eig.iter().all(|e| e.as_f64().unwrap() > 0.0), "{v}");
    assert!(v["verdict"]["evidence"]
        .as_str()
        .unwrap()
        .starts_with("second order: Hessian eigenvalues "));
    // log(x) + x: the evidence of unboundedness, and no stop that contradicts it.
    let (_, v) = json(&["min", "log(x) + x"]);
    assert!(
        v["unbounded"]["how"]
            .as_str()
            .unwrap()
            .contains("edge of the domain"),
        "{v}"
    );
    assert_eq!(
        v["unbounded"]["value"],
        serde_json::Value::Null,
        "-inf is null: {v}"
    );
    // --compare: one entry per run, each with its label, settings and verdict.
    let (code, v) = json(&[
        "min",
        "x^2",
        "--from",
        "1",
        "--compare",
        "gd,gd:lr=1e-6",
        "--iters",
        "10",
    ]);
    assert_eq!(code, Some(0));
    assert_eq!(v["verdict"]["kind"], "compared");
    let runs = v["runs"].as_array().unwrap();
    assert_eq!(
        (runs[0]["label"].as_str(), runs[1]["label"].as_str()),
        (Some("gd (lr=0.01)"), Some("gd (lr=1e-6)"))
    );
    assert!(runs
        .iter()
        .all(|r| r["verdict"]["kind"].is_string() && r["settings"]["lr"].is_number()));
}
