//! Gradient checking (`nabla check` and the library's `check_gradient`, `sweep`,
//! `verify_gradient`). Expected numbers come from closed forms or the book's printed values
//! (seed 001, sections 2.2 and 2.4; seed table rows A9, A10), never from nabla's own output.

use nabla::{
    check_gradient, sweep, verify_gradient, CheckError, CheckOptions, Diagnosis, Function,
    HandVerdict, Precision, SampleBox, Step, Verdict, VerifyOptions,
};

use super::cli::{nabla, names_a_flag, stderr, stdout};

const BEALE: &str = "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2";
/// The book's hand-derived partials of Beale's function (section 2.2), verbatim.
const BOOK_DX: &str =
    "2*(1.5 - x + x*y)*(y-1) + 2*(2.25 - x + x*y**2)*(y**2-1) + 2*(2.625 - x + x*y**3)*(y**3-1)";
const BOOK_DY: &str =
    "2*(1.5 - x + x*y)*x + 2*(2.25 - x + x*y**2)*(2*x*y) + 2*(2.625 - x + x*y**3)*(3*x*y**2)";
const QUADRATIC: &str = "(1/16)*x^2 + 9*y^2";

/// The book's partials as Rust closures: an independent reference for gradient magnitudes.
fn beale_grad(x: f64, y: f64) -> [f64; 2] {
    let (a, b, c) = (
        1.5 - x + x * y,
        2.25 - x + x * y * y,
        2.625 - x + x * y * y * y,
    );
    [
        2.0 * a * (y - 1.0) + 2.0 * b * (y * y - 1.0) + 2.0 * c * (y * y * y - 1.0),
        2.0 * a * x + 2.0 * b * (2.0 * x * y) + 2.0 * c * (3.0 * x * y * y),
    ]
}

fn fixed(h: f64) -> CheckOptions {
    CheckOptions {
        step: Step::Fixed(h),
        ..CheckOptions::default()
    }
}

fn estimates(f: &Function, x: &[f64], opts: &CheckOptions) -> Vec<f64> {
    let r = check_gradient(f, &[x.to_vec()], opts).unwrap();
    r.points[0]
        .partials
        .iter()
        .map(|p| p.estimate.unwrap())
        .collect()
}

fn hand_box() -> Vec<Vec<f64>> {
    SampleBox::new(vec![(-4.5, 4.5); 2])
        .unwrap()
        .sample(1000, 42)
}

#[test]
fn book_quadratic_gives_quarter_and_54_with_tiny_relative_error() {
    let f = Function::parse(QUADRATIC).unwrap();
    let r = check_gradient(&f, &[vec![2.0, 3.0]], &CheckOptions::default()).unwrap();
    assert!(r.passed());
    let p = &r.points[0].partials;
    assert_eq!(p[0].exact, Some(0.25));
    assert_eq!(p[1].exact, Some(54.0));
    for c in p {
        assert_eq!(c.verdict, Verdict::Agrees);
        assert!(c.rel_error.unwrap() < 1e-8, "{c:?}");
    }
}

#[test]
fn book_step_1e8_reproduces_the_printed_estimate_exactly() {
    // Seed table row A9: the book prints (0.2500001983207767, 54.00000020472362) and abs errors
    // [1.98320777e-07 2.04723619e-07].
    let f = Function::parse(QUADRATIC).unwrap();
    let r = check_gradient(&f, &[vec![2.0, 3.0]], &fixed(1e-8)).unwrap();
    let p = &r.points[0].partials;
    assert_eq!(p[0].estimate, Some(0.2500001983207767));
    assert_eq!(p[1].estimate, Some(54.00000020472362));
    assert!((p[0].abs_error.unwrap() - 1.98320777e-07).abs() < 1e-15);
    assert!((p[1].abs_error.unwrap() - 2.04723619e-07).abs() < 1e-15);
    assert!(r.passed());
}

#[test]
fn book_step_1e6_reproduces_numerical_gradient() {
    // Seed table row A10: numerical_gradient with eps 1e-6 prints [0.25 54.00000001].
    let f = Function::parse(QUADRATIC).unwrap();
    let est = estimates(&f, &[2.0, 3.0], &fixed(1e-6));
    assert_eq!(est, [0.24999999936881068, 54.00000001287708]);
}

#[test]
fn book_beale_partials_verify_at_1000_random_points() {
    let f = Function::parse(BEALE).unwrap();
    let pts = hand_box();
    let r = verify_gradient(
        &f,
        &[("x", BOOK_DX), ("y", BOOK_DY)],
        &pts,
        &VerifyOptions::default(),
    )
    .unwrap();
    assert!(r.passed(), "{r}");
    for c in &r.components {
        assert_eq!(c.verdict, HandVerdict::Agrees);
        assert_eq!(c.compared, 1000);
        assert_eq!(c.skipped, 0);
    }
}

#[test]
fn dropping_a_factor_2_fails_and_names_the_component() {
    let f = Function::parse(BEALE).unwrap();
    let pts = hand_box();
    let dy_missing_2 = BOOK_DY.replacen("2*(2.25", "(2.25", 1);
    let r = verify_gradient(
        &f,
        &[("x", BOOK_DX), ("y", dy_missing_2.as_str())],
        &pts,
        &VerifyOptions::default(),
    )
    .unwrap();
    assert!(!r.passed());
    assert_eq!(r.components[0].verdict, HandVerdict::Agrees);
    assert_eq!(r.components[1].verdict, HandVerdict::Disagrees);
    assert_eq!(r.components[1].var, "y");
    let text = r.to_string();
    assert!(text.contains("check df/dy"), "{text}");

    let dx_missing_2 = BOOK_DX.replacen("2*(2.625", "(2.625", 1);
    let r = verify_gradient(
        &f,
        &[("x", dx_missing_2.as_str()), ("y", BOOK_DY)],
        &pts,
        &VerifyOptions::default(),
    )
    .unwrap();
    assert_eq!(r.components[0].verdict, HandVerdict::Disagrees);
    assert_eq!(r.components[1].verdict, HandVerdict::Agrees);
    let w = r.components[0].worst.as_ref().unwrap();
    // Both values at the worst point, with the exact one matching the closed form.
    let g = beale_grad(w.point[0], w.point[1]);
    assert!((w.exact.unwrap() - g[0]).abs() <= 1e-9 * g[0].abs().max(1.0));
    assert!(w.hand.is_some());
}

#[test]
fn a_flipped_sign_fails_and_is_diagnosed_when_it_is_the_whole_partial() {
    let f = Function::parse(BEALE).unwrap();
    let pts = hand_box();
    // One inner sign flipped: fails, no simple relation.
    let dx_flip = BOOK_DX.replacen("(1.5 - x + x*y)*(y-1)", "(1.5 - x + x*y)*(1-y)", 1);
    let r = verify_gradient(
        &f,
        &[("x", dx_flip.as_str())],
        &pts,
        &VerifyOptions::default(),
    )
    .unwrap();
    assert_eq!(r.components[0].verdict, HandVerdict::Disagrees);
    assert_eq!(r.components[0].var, "x");
    assert_eq!(r.components[0].diagnosis, None);
    // The whole partial negated: the opposite sign, said in words.
    let neg = format!("-({BOOK_DY})");
    let r = verify_gradient(&f, &[("y", neg.as_str())], &pts, &VerifyOptions::default()).unwrap();
    assert_eq!(r.components[0].diagnosis, Some(Diagnosis::OppositeSign));
    assert!(r.to_string().contains("opposite sign"));
}

#[test]
fn simple_relations_are_explained_in_words() {
    let f = Function::parse("x^3*y + sin(y)").unwrap();
    let pts = SampleBox::new(vec![(-2.0, 2.0); 2]).unwrap().sample(200, 3);
    let o = VerifyOptions::default();
    let one = |var: &str, text: &str| {
        let r = verify_gradient(&f, &[(var, text)], &pts, &o).unwrap();
        assert_eq!(r.components[0].verdict, HandVerdict::Disagrees, "{text}");
        r.components[0].diagnosis.clone()
    };
    assert_eq!(one("x", "6*x^2*y"), Some(Diagnosis::Factor { factor: 2.0 }));
    assert_eq!(
        one("x", "1.5*x^2*y"),
        Some(Diagnosis::Factor { factor: 0.5 })
    );
    assert_eq!(
        one("x", "x^3 + cos(y)"),
        Some(Diagnosis::Swapped {
            with: "y".to_string()
        })
    );
    assert_eq!(
        one("y", "x^3 + cos(y) - 1"),
        Some(Diagnosis::Offset { offset: -1.0 })
    );
    let r = verify_gradient(&f, &[("x", "6*x^2*y")], &pts, &o).unwrap();
    assert!(r.to_string().contains("2 times the exact partial"), "{r}");
}

#[test]
fn hand_parse_error_points_into_the_hand_formula() {
    let f = Function::parse(BEALE).unwrap();
    let e = verify_gradient(
        &f,
        &[("x", BOOK_DX), ("y", "2*x + sinn(y)")],
        &[vec![1.0, 1.0]],
        &VerifyOptions::default(),
    )
    .unwrap_err();
    let CheckError::HandParse { var, error } = &e else {
        panic!("expected a parse error, got {e:?}");
    };
    assert_eq!(var, "y");
    assert_eq!(error.source_text(), "2*x + sinn(y)");
    assert_eq!(error.span(), 6..10);
    let text = e.to_string();
    assert!(text.contains("df/dy"), "{text}");
    assert!(text.contains("1 | 2*x + sinn(y)"), "{text}");
}

#[test]
fn hand_formula_with_a_foreign_variable_is_an_error() {
    let f = Function::parse("x*y").unwrap();
    let e = verify_gradient(
        &f,
        &[("x", "z")],
        &[vec![1.0, 1.0]],
        &VerifyOptions::default(),
    );
    assert!(matches!(e, Err(CheckError::HandUnknownVariable { .. })));
    let e = verify_gradient(
        &f,
        &[("w", "y")],
        &[vec![1.0, 1.0]],
        &VerifyOptions::default(),
    );
    assert!(matches!(e, Err(CheckError::UnknownPartial { .. })));
}

#[test]
fn no_false_alarm_where_the_gradient_is_about_1e5() {
    let f = Function::parse(BEALE).unwrap();
    let mut pts = vec![vec![3.0, 4.0], vec![4.5, 4.5], vec![-4.5, 4.5]];
    pts.extend(
        SampleBox::new(vec![(2.8, 3.2), (3.8, 4.2)])
            .unwrap()
            .sample(300, 9),
    );
    let largest = pts
        .iter()
        .map(|p| {
            let g = beale_grad(p[0], p[1]);
            g[0].abs().max(g[1].abs())
        })
        .fold(0.0, f64::max);
    assert!(largest > 1e5, "{largest}");
    let r = check_gradient(&f, &pts, &CheckOptions::default()).unwrap();
    assert!(r.passed(), "{r}");
    assert_eq!(r.summary.agree, 2 * pts.len());
}

#[test]
fn no_false_alarm_where_the_gradient_is_about_1e_8() {
    // Beale's minimum is (3, 0.5); a few 1e-9 away the gradient is of order 1e-8.
    let f = Function::parse(BEALE).unwrap();
    let mut pts = vec![vec![3.0 + 3e-9, 0.5 - 1e-9], vec![3.0, 0.5]];
    pts.extend(
        SampleBox::new(vec![(3.0 - 1e-8, 3.0 + 1e-8), (0.5 - 1e-8, 0.5 + 1e-8)])
            .unwrap()
            .sample(200, 5),
    );
    for p in &pts {
        let g = beale_grad(p[0], p[1]);
        assert!(g[0].abs().max(g[1].abs()) < 1e-6, "{p:?}");
    }
    let g = beale_grad(pts[0][0], pts[0][1]);
    assert!(g[0].abs().max(g[1].abs()) > 1e-9);
    let r = check_gradient(&f, &pts, &CheckOptions::default()).unwrap();
    assert!(r.passed(), "{r}");
    // And on x^2 at 1e-8, where the gradient is 2e-8.
    let f = Function::parse("x^2").unwrap();
    let r = check_gradient(&f, &[vec![1e-8]], &CheckOptions::default()).unwrap();
    assert_eq!(r.points[0].partials[0].verdict, Verdict::Agrees);
    assert_eq!(r.points[0].partials[0].exact, Some(2e-8));
}

#[test]
fn kinks_are_reported_not_failed() {
    let kink = |src: &str, x: Vec<f64>, var: usize| {
        let f = Function::parse(src).unwrap();
        let r = check_gradient(&f, &[x], &CheckOptions::default()).unwrap();
        // A kink is not a failure, but a check that compared nothing has not passed either.
        assert_eq!(r.summary.disagree, 0, "{r}");
        assert_eq!(r.passed(), r.summary.agree > 0, "{r}");
        let v = &r.points[0].partials[var].verdict;
        assert!(matches!(v, Verdict::Kink { .. }), "{src}: {v:?}");
        r
    };
    kink("abs(x)", vec![0.0], 0);
    // Within a step of the kink: the central difference straddles it.
    let r = kink("abs(x)", vec![1e-7], 0);
    assert_eq!(r.summary.kink, 1);
    kink("max(x, y)", vec![1.0, 1.0], 0);
    kink("max(x, y)", vec![1.0, 1.0], 1);
    kink("min(x, 2*y)", vec![2.0, 1.0 + 1e-9], 1);
    kink("sqrt(x)", vec![0.0], 0);
    kink("x/y", vec![1.0, 1e-7], 1);
    kink("sign(x - 1)", vec![1.0], 0);
    kink("asin(x)", vec![1.0], 0);
    // Away from the kink it is checked as usual.
    let f = Function::parse("abs(x) + max(x, y)").unwrap();
    let r = check_gradient(&f, &[vec![-0.5, 2.0]], &CheckOptions::default()).unwrap();
    assert_eq!(r.summary.agree, 2);
    // A kink in another variable does not affect this one: abs(y) at y = 0 moving x.
    let f = Function::parse("x*abs(y)").unwrap();
    let r = check_gradient(&f, &[vec![2.0, 0.0]], &CheckOptions::default()).unwrap();
    assert_eq!(r.points[0].partials[0].verdict, Verdict::Agrees);
    assert!(matches!(
        r.points[0].partials[1].verdict,
        Verdict::Kink { .. }
    ));
}

#[test]
fn random_points_with_kinks_raise_no_alarm() {
    let f = Function::parse("abs(x - 1) + max(x, y) + sqrt(x^2 + y^2)").unwrap();
    let pts = SampleBox::new(vec![(-5.0, 5.0); 2])
        .unwrap()
        .sample(500, 11);
    let mut all = pts.clone();
    all.push(vec![1.0, 0.0]);
    all.push(vec![2.0, 2.0]);
    let r = check_gradient(&f, &all, &CheckOptions::default()).unwrap();
    assert!(r.passed(), "{r}");
    assert!(r.summary.kink >= 3);
}

#[test]
fn non_finite_values_are_reported() {
    let f = Function::parse("ln(x)").unwrap();
    let r = check_gradient(&f, &[vec![-1.0]], &CheckOptions::default()).unwrap();
    assert!(matches!(
        r.points[0].partials[0].verdict,
        Verdict::NotFinite { .. }
    ));
    // Nothing was compared: reported, and not a pass.
    assert!(!r.passed());
    assert!(r.to_string().contains("NOT CHECKED"), "{r}");
    assert!(!r.to_string().contains("NaN"));
}

#[test]
fn single_precision_check_fails_where_double_passes() {
    let f = Function::parse(QUADRATIC).unwrap();
    let opts = CheckOptions {
        precision: Precision::F32,
        ..CheckOptions::default()
    };
    let r = check_gradient(&f, &[vec![2.0, 3.0]], &opts).unwrap();
    assert!(!r.passed());
    assert!(r.to_string().contains("in f32"), "{r}");
}

#[test]
fn sweep_of_sin_has_its_central_minimum_between_1e6_and_1e4() {
    let f = Function::parse("sin(x)").unwrap();
    let s = sweep(&f, &[1.0], Precision::F64).unwrap();
    let c = &s.columns[0];
    assert_eq!(c.exact, Some(1f64.cos()));
    let best = s.steps[c.best_central.unwrap()];
    assert!((1e-6..=1e-4).contains(&best), "best central step {best}");
    let best_fwd = s.steps[c.best_forward.unwrap()];
    assert!(
        (1e-10..=1e-6).contains(&best_fwd),
        "best forward step {best_fwd}"
    );
    // At h = 0.1 truncation dominates: (sin(1+h) - sin(1-h))/(2h) = cos(1)*sin(h)/h exactly.
    let h: f64 = 0.1;
    let expected = 1f64.cos() * (1.0 - h.sin() / h);
    assert!((c.central[0].unwrap() - expected).abs() < 1e-6 * expected);
    // The V: both ends are far worse than the bottom.
    let bottom = c.central[c.best_central.unwrap()].unwrap();
    assert!(c.central[0].unwrap() > 1e3 * bottom);
    assert!(c.central[12].unwrap() > 1e3 * bottom);
    let text = s.to_string();
    assert!(text.contains("<- best central"), "{text}");
    assert!(text.contains("round-off"), "{text}");
}

#[test]
fn bad_options_are_typed_errors() {
    let f = Function::parse("x").unwrap();
    assert!(matches!(
        check_gradient(&f, &[vec![1.0]], &fixed(0.0)),
        Err(CheckError::BadStep { .. })
    ));
    assert!(matches!(
        check_gradient(&f, &[], &CheckOptions::default()),
        Err(CheckError::NoPoints)
    ));
    assert!(matches!(
        check_gradient(&f, &[vec![1.0, 2.0]], &CheckOptions::default()),
        Err(CheckError::Dimension { .. })
    ));
    assert!(SampleBox::new(vec![(1.0, -1.0)]).is_err());
}

#[test]
fn no_point_is_said_in_library_terms_and_the_cli_names_the_flags() {
    let f = Function::parse("x^2 + y").unwrap();
    let lib = check_gradient(&f, &[], &CheckOptions::default())
        .unwrap_err()
        .to_string();
    assert!(!names_a_flag(&lib), "{lib}");
    assert!(lib.starts_with("no point to check; "), "{lib}");
    let hand = verify_gradient(
        &f,
        &[("x", "2*x"), ("y", "1")],
        &[],
        &VerifyOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert_eq!(hand, lib);

    let o = nabla(&["check", "x^2 + y"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.starts_with(&format!("error: {lib}\n")), "{err}");
    assert!(
        err.contains("hint: give a point with --at x=1,y=1 or random points with --random 100"),
        "{err}"
    );
}

#[test]
fn a_coarse_fixed_step_is_reported_without_flags_and_the_cli_names_them() {
    // x^3 at x = 1e-3 with h = 1e-2: the central difference is 3x^2 + h^2 = 1.03e-4 against the
    // exact 3e-6, so the truncation error h^2 dwarfs the partial.
    let f = Function::parse("x^3").unwrap();
    let r = check_gradient(&f, &[vec![1e-3]], &fixed(1e-2)).unwrap();
    assert!(r.resolution_limited());
    // Agreement within that resolution would prove nothing: the row is unresolved, not checked.
    assert!(matches!(
        r.points[0].partials[0].verdict,
        nabla::Verdict::Unresolved { .. }
    ));
    assert!(!r.passed());
    let text = r.to_string();
    assert!(
        text.contains("`Step::Auto`") && !names_a_flag(&text),
        "{text}"
    );
    let auto = check_gradient(&f, &[vec![1e-3]], &CheckOptions::default()).unwrap();
    assert!(!auto.to_string().contains("Step::Auto"));

    let o = nabla(&["check", "x^3", "--at", "x=1e-3", "--step", "1e-2"]);
    let out = stdout(&o);
    assert!(
        out.ends_with("hint: leave out --step to use the default step\n"),
        "{out}"
    );
    let o = nabla(&["check", "x^3", "--at", "x=1e-3"]);
    assert!(!stdout(&o).contains("--step"), "{}", stdout(&o));
}

// ---- the command line ----

#[test]
fn cli_book_quadratic() {
    let o = nabla(&["check", QUADRATIC, "--at", "x=2,y=3", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let p = &v["rows"];
    assert_eq!((&p[0]["var"], &p[1]["var"]), (&"x".into(), &"y".into()));
    assert_eq!(p[0]["exact"], 0.25);
    assert_eq!(p[1]["exact"], 54.0);
    assert!(p[0]["rel_error"].as_f64().unwrap() < 1e-8);
    assert!(p[1]["rel_error"].as_f64().unwrap() < 1e-8);
    assert_eq!(v["verdict"]["kind"], "agrees");

    let o = nabla(&["check", QUADRATIC, "--at", "x=2,y=3", "--step", "1e-8"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("0.2500001983207767"), "{out}");
    assert!(out.contains("54.00000020472362"), "{out}");
    assert!(out.contains("agrees"), "{out}");
}

#[test]
fn cli_verifies_the_book_partials_and_names_a_wrong_one() {
    let both = format!("{BOOK_DX}; {BOOK_DY}");
    let o = nabla(&[
        "check",
        BEALE,
        "--grad",
        &both,
        "--box",
        "-4.5..4.5",
        "--random",
        "1000",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("every hand-derived partial agrees"));

    let dy = BOOK_DY.replacen("2*(2.25", "(2.25", 1);
    let o = nabla(&[
        "check",
        BEALE,
        "--grad",
        &format!("x={BOOK_DX}"),
        "--grad",
        &format!("y={dy}"),
        "--box",
        "x=-4.5..4.5,y=-4.5..4.5",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("DISAGREES"), "{out}");
    assert!(out.contains("check df/dy"), "{out}");
    assert!(out.contains("yours"), "{out}");
}

#[test]
fn cli_hand_parse_error_has_a_caret_in_the_hand_formula() {
    let o = nabla(&["check", "x^2*y", "--grad", "2*x*y; x^2+sinn(y)"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("1 | x^2+sinn(y)"), "{err}");
    assert!(err.contains("  |     ^^^^"), "{err}");
    assert!(err.contains("df/dy"), "{err}");
    assert!(!err.contains("x^2*y"), "{err}");
}

#[test]
fn cli_kink_is_not_a_failure() {
    // Reported as a kink; with nothing else to compare the check has not passed (exit 1), but
    // it does not disagree.
    let o = nabla(&["check", "abs(x)", "--at", "x=0"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("kink"));
    assert!(stdout(&o).contains("NOT CHECKED") && !stdout(&o).contains("DISAGREES"));
    let o = nabla(&["check", "abs(x) + y^2", "--at", "x=0,y=1"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("kink"));
    let o = nabla(&["check", "max(x, y)", "--at", "x=1,y=1"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("tied"));
}

#[test]
fn cli_random_points_report_the_worst() {
    let o = nabla(&[
        "check",
        BEALE,
        "--random",
        "200",
        "--box",
        "-4.5..4.5",
        "--seed",
        "7",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("worst of 200 points"), "{out}");
    assert!(
        out.contains("400 partials at 200 points: 400 agree"),
        "{out}"
    );
}

#[test]
fn cli_sweep_and_single_precision() {
    let o = nabla(&["check", "sin(x)", "--at", "x=1", "--sweep", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let k = v["columns"][0]["best_central"].as_u64().unwrap() as usize;
    let best = v["steps"][k].as_f64().unwrap();
    assert!((1e-6..=1e-4).contains(&best), "{best}");
    let o = nabla(&["check", "sin(x)", "--at", "x=1", "--sweep"]);
    assert!(stdout(&o).contains("<- best central"));

    let o = nabla(&["check", QUADRATIC, "--at", "2,3", "--precision", "f32"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("check gradients in f64"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn cli_bad_input_exits_2() {
    for args in [
        vec!["check", "x^2"],
        vec!["check", "x^2", "--random", "5", "--box", "5..-5"],
        vec!["check", "x^2", "--random", "5", "--box", "y=0..1"],
        vec!["check", "x^2", "--at", "z=1"],
        vec!["check", "x^2", "--at", "x=1", "--step", "-1"],
        vec!["check", "x*y", "--grad", "y"],
        vec!["check", "x", "--at", "x=1", "--precision", "f16"],
    ] {
        let o = nabla(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).is_empty());
    }
}

#[test]
fn partials_in_another_order_are_recognised() {
    // The article's loss (-3 + w - b)^2: d/dw = -6 + 2w - 2b, d/db = 6 - 2w + 2b (by hand).
    // Written in nabla's order (w, b) they agree; swapped, the report says which order fits.
    let o = nabla(&[
        "check",
        "(-3 + w - b)^2",
        "--grad",
        "-6 - 2*b + 2*w; 6 - 2*w + 2*b",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = nabla(&[
        "check",
        "(-3 + w - b)^2",
        "--grad",
        "6 - 2*w + 2*b; -6 - 2*b + 2*w",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("your partials agree in the order (b, w); nabla's order is (w, b)"),
        "{}",
        stdout(&o)
    );
}

/// Issue 24: `check` and `check --grad` speak one vocabulary: a count of points is `n_points` in
/// both, the comparisons are `rows`, and the verdict is the same object (kind, sentence,
/// evidence, exit) whose class is the exit code.
#[test]
fn check_and_hand_check_share_the_keys() {
    let json = |args: &[&str]| -> (i32, serde_json::Value) {
        let o = nabla(&[args, &["--json"][..]].concat());
        let v = serde_json::from_slice(&o.stdout).expect("json");
        (o.status.code().unwrap_or(-1), v)
    };
    let (code, c) = json(&["check", "x^2*y", "--at", "1,2", "--at", "3,4"]);
    assert_eq!(code, 0);
    assert_eq!(
        (c["mode"].as_str(), c["n_points"].as_u64()),
        (Some("central"), Some(2))
    );
    assert_eq!(c["rows"].as_array().map(Vec::len), Some(4));
    assert_eq!(c["verdict"]["kind"], "agrees");
    assert!(c["verdict"]["evidence"]
        .as_str()
        .unwrap()
        .starts_with("central differences in f64"));
    let (code, h) = json(&["check", "x^2*y", "--grad", "x*y; x^2", "--random", "5"]);
    assert_eq!(code, 1);
    assert_eq!(
        (h["mode"].as_str(), h["n_points"].as_u64()),
        (Some("hand"), Some(5))
    );
    assert_eq!(h["rows"][0]["outcome"], "disagrees");
    assert_eq!(h["rows"][0]["diagnosis"]["kind"], "factor");
    assert_eq!(h["verdict"]["kind"], "disagrees");
    assert_eq!(h["verdict"]["exit"], "failure");
    for v in [&c, &h] {
        assert!(
            v.get("points").is_none() && v.get("passed").is_none(),
            "{v}"
        );
        assert_eq!(v["vars"], serde_json::json!(["x", "y"]));
        assert_eq!(v["formula"], "x^2*y");
    }
}
