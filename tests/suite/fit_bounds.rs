//! Bounded least squares (trust-region reflective, `trf`) against independent values: bounds
//! that are not active reproduce NIST's certified Misra1a solution; an active bound on a line's
//! slope has a closed form (a KKT argument written beside the test); an active bound on Misra1a's
//! `b1` leaves a one-dimensional problem in `b2`, solved here by bisection on its derivative.
//! Also what bounds refuse, and what the report and the answer say about them.

// Matrix code reads best with indices.
#![allow(clippy::needless_range_loop)]

use nabla::optim::{Method, MethodKind};
use nabla::{fit, BoundSide, Dataset, FitConfig, FitError, FitStop};

use super::strd::{lre, read_strd};

fn trf() -> Method {
    Method::new(MethodKind::TrustRegionReflective)
}

/// Misra1a (NIST StRD, lower difficulty, `y = b1 (1 - exp(-b2 x))`, 14 rows) from
/// `tests/data/strd`: the data set, its two official starts and its certified values.
fn misra1a() -> (Dataset, [Vec<f64>; 2], Vec<f64>, Vec<f64>) {
    let s = read_strd("Misra1a");
    let columns: Vec<(&str, Vec<f64>)> = s
        .columns
        .iter()
        .map(|(n, v)| (n.as_str(), v.clone()))
        .collect();
    let data = Dataset::from_columns("Misra1a", &columns).unwrap();
    (data, s.starts, s.certified, s.std_errors)
}

const MISRA1A: &str = "b1*(1 - exp(-b2*x))";

#[test]
fn inactive_bounds_reproduce_the_certified_misra1a_solution() {
    let (data, starts, cert, cert_se) = misra1a();
    // Certified b1 = 238.94, b2 = 5.5016e-4: the bounds below hold them well inside.
    for start in &starts {
        for method in [None, Some(trf())] {
            let mut cfg = FitConfig::new(&["b1", "b2"])
                .init("b1", start[0])
                .init("b2", start[1])
                .bound("b1", 0.0, 1000.0)
                .bound("b2", 0.0, f64::INFINITY)
                .epochs(1000);
            if let Some(m) = &method {
                cfg = cfg.method(m.clone());
            }
            let r = fit(MISRA1A, &data, &cfg).unwrap();
            assert_eq!(r.method, "trf");
            assert!(r.stop.converged(), "{start:?}: {}", r.stop);
            let se = r.uncertainty.as_ref().unwrap().std_errors.clone().unwrap();
            for k in 0..2 {
                let p = lre(r.values[k], cert[k]);
                assert!(
                    p >= 8.0,
                    "{start:?} b{}: {} (LRE {p:.1})",
                    k + 1,
                    r.values[k]
                );
                let s = lre(se[k], cert_se[k]);
                assert!(s >= 4.0, "{start:?} se b{}: {} (LRE {s:.1})", k + 1, se[k]);
            }
            assert!(
                r.bounds.iter().all(|b| b.active.is_none()),
                "{:?}",
                r.bounds
            );
            assert!(r.uncertainty.as_ref().unwrap().notes.is_empty());
        }
        // trf without any bounds is the unbounded problem: the same certified values.
        let cfg = FitConfig::new(&["b1", "b2"])
            .init("b1", start[0])
            .init("b2", start[1])
            .method(trf())
            .epochs(1000);
        let r = fit(MISRA1A, &data, &cfg).unwrap();
        assert!(r.bounds.is_empty());
        for k in 0..2 {
            assert!(
                lre(r.values[k], cert[k]) >= 8.0,
                "{start:?}: {:?}",
                r.values
            );
        }
    }
}

#[test]
fn an_active_bound_on_a_slope_gives_the_mean() {
    // y = a + b x with b >= 0, on points whose least-squares slope is negative.
    // S(a, b) = sum (a + b x_i - y_i)^2 is convex (strictly: the x_i are not all equal). At
    // b = 0 its minimum over a is a = mean(y), where dS/da = 0 and
    //   dS/db = 2 sum x_i (mean(y) - y_i) = -2 sum (x_i - mean x)(y_i - mean y) = -2 Sxy,
    // which is > 0 because the unbounded slope Sxy / Sxx is negative. So (mean(y), 0) meets the
    // KKT conditions of min S subject to b >= 0 (the multiplier of b >= 0 is dS/db > 0), and
    // by convexity it is the unique bounded minimum: b = 0 exactly, a = mean(y).
    let x: Vec<f64> = (0..10).map(f64::from).collect();
    let noise = [0.3, -0.2, 0.1, -0.4, 0.25, 0.0, -0.15, 0.35, -0.3, 0.05];
    let y: Vec<f64> = x
        .iter()
        .zip(noise)
        .map(|(x, e)| 5.0 - 0.3 * x + e)
        .collect();
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let sxy: f64 = x.iter().zip(&y).map(|(a, b)| (a - mx) * (b - my)).sum();
    assert!(
        sxy < 0.0,
        "the unbounded slope must be negative for this test"
    );
    let data = Dataset::from_columns("line", &[("x", x), ("y", y)]).unwrap();
    for start in [(0.0, 1.0), (10.0, 0.0), (-3.0, 5.0)] {
        let cfg = FitConfig::new(&["a", "b"])
            .init("a", start.0)
            .init("b", start.1)
            .bound("b", 0.0, f64::INFINITY);
        let r = fit("a + b*x", &data, &cfg).unwrap();
        assert_eq!(r.method, "trf");
        assert!(r.stop.converged(), "{start:?}: {}", r.stop);
        assert_eq!(r.values[1], 0.0, "{start:?}");
        assert!(
            (r.values[0] - my).abs() <= 1e-14 * my.abs(),
            "{start:?}: a = {} (mean {my})",
            r.values[0]
        );
        assert_eq!(r.bounds.len(), 1);
        assert_eq!(
            (
                r.bounds[0].param.as_str(),
                r.bounds[0].lower,
                r.bounds[0].upper
            ),
            ("b", Some(0.0), None)
        );
        assert_eq!(r.bounds[0].active, Some(BoundSide::Lower));
        let u = r.uncertainty.as_ref().unwrap();
        assert!(
            u.notes
                .iter()
                .any(|n| n.contains("`b` (lower, 0)") && n.contains("ignores the bound")),
            "{:?}",
            u.notes
        );
        let text = r.to_string();
        assert!(text.contains("(at its lower bound)"), "{text}");
        // A start on the bound moves strictly inside, with a note.
        if start.1 == 0.0 {
            assert!(
                r.notes
                    .iter()
                    .any(|n| n.contains("is on its lower bound 0")),
                "{:?}",
                r.notes
            );
        }
    }
}

#[test]
fn an_active_bound_on_misra1a_leaves_a_one_dimensional_problem() {
    // With b1 <= 200 (the certified b1 is 238.9), the bound is active: at b1 = 200 the sum of
    // squares S(b2) = sum (200 (1 - exp(-b2 x)) - y)^2 is minimized where its derivative
    //   S'(b2) = sum 2 (200 u - y) 200 x e,   e = exp(-b2 x), u = 1 - e,
    // vanishes; and the bound is active there when dS/db1 = sum 2 (200 u - y) u < 0 (S falls as
    // b1 rises past the bound, the KKT sign for an upper bound).
    let (data, starts, _, _) = misra1a();
    let s = read_strd("Misra1a");
    let (y, x) = (&s.columns[0].1, &s.columns[1].1);
    let deriv = |b2: f64| -> f64 {
        x.iter()
            .zip(y)
            .map(|(x, y)| {
                let e = (-b2 * x).exp();
                2.0 * (200.0 * (1.0 - e) - y) * 200.0 * x * e
            })
            .sum()
    };
    // Bisection: S' < 0 at 1e-4 (the model is below every y), > 0 at 1e-2 (above every y).
    let (mut lo, mut hi) = (1e-4, 1e-2);
    assert!(deriv(lo) < 0.0 && deriv(hi) > 0.0);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if deriv(mid) < 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let b2 = 0.5 * (lo + hi);
    let db1: f64 = x
        .iter()
        .zip(y)
        .map(|(x, y)| {
            let u = 1.0 - (-b2 * x).exp();
            2.0 * (200.0 * u - y) * u
        })
        .sum();
    assert!(db1 < 0.0, "the bound must be active: dS/db1 = {db1}");
    for start in &starts {
        let cfg = FitConfig::new(&["b1", "b2"])
            .init("b1", start[0].min(150.0))
            .init("b2", start[1])
            .bound("b1", f64::NEG_INFINITY, 200.0)
            .epochs(1000);
        let r = fit(MISRA1A, &data, &cfg).unwrap();
        assert!(r.stop.converged(), "{start:?}: {}", r.stop);
        assert_eq!(r.values[0], 200.0, "{start:?}");
        // The free b2, after the final Gauss-Newton step with b1 held on its bound, to 10
        // digits (scipy's trf stops near 8 here: the sum of squares cannot tell the rest).
        let p = lre(r.values[1], b2);
        assert!(
            p >= 10.0,
            "{start:?}: b2 = {} against {b2} (LRE {p:.1})",
            r.values[1]
        );
        assert_eq!(r.bounds[0].active, Some(BoundSide::Upper));
    }
}

#[test]
fn bounds_refuse_what_they_cannot_mean() {
    let data = Dataset::from_columns(
        "pts",
        &[("x", vec![1.0, 2.0, 3.0]), ("y", vec![2.0, 4.1, 5.9])],
    )
    .unwrap();
    let base = || FitConfig::new(&["k"]).init("k", 1.0);
    let err = |cfg: FitConfig| fit("k*x", &data, &cfg).unwrap_err();
    // Lower not below upper, either way, or NaN.
    for (lo, hi) in [(1.0, 1.0), (2.0, 1.0), (f64::NAN, 1.0)] {
        let e = err(base().bound("k", lo, hi));
        assert!(matches!(e, FitError::InvalidBounds { .. }), "{e}");
        assert!(
            e.to_string()
                .contains("give a lower bound below the upper one"),
            "{e}"
        );
    }
    // A name that is not a parameter.
    let e = err(base().bound("q", 0.0, 1.0));
    assert!(matches!(e, FitError::UnknownBound { .. }), "{e}");
    assert!(
        e.to_string()
            .starts_with("`q` has bounds but is not a parameter (the parameters are: k)"),
        "{e}"
    );
    // A start outside: the one given, and the default 0.
    let e = err(base().bound("k", 1.5, 3.0));
    assert_eq!(
        e.to_string(),
        "the start value of `k`, 1, is outside its bounds 1.5..3; give a start value inside them"
    );
    let e = err(FitConfig::new(&["k"]).bound("k", 1.0, f64::INFINITY));
    assert!(
        e.to_string()
            .starts_with("the start value of `k`, 0 (the default), is outside its bounds 1..inf"),
        "{e}"
    );
    // Levenberg-Marquardt, or any method but trf, with bounds.
    for m in ["lm", "lbfgs", "adam"] {
        let e = err(base()
            .bound("k", 0.0, 3.0)
            .method(Method::parse(m).unwrap()));
        assert!(matches!(e, FitError::BoundsNeedTrf { .. }), "{e}");
        assert!(
            e.to_string().contains(&format!("the method is `{m}`")),
            "{e}"
        );
    }
    // trf fits least squares: a custom loss is refused.
    let e = err(base().bound("k", 0.0, 3.0).loss("abs(pred - target)"));
    assert!(
        e.to_string()
            .starts_with("method `trf` (trust-region reflective) fits least squares"),
        "{e}"
    );
    // trf minimizes residuals only.
    let e = trf().build().err().unwrap();
    assert!(
        e.to_string()
            .contains("(trust-region reflective) minimizes a sum of squared residuals"),
        "{e}"
    );
}

#[test]
fn trf_stops_say_what_happened() {
    // k x through (1, 2), (2, 4): an exact fit at k = 2, inside 0..10.
    let data =
        Dataset::from_columns("pts", &[("x", vec![1.0, 2.0]), ("y", vec![2.0, 4.0])]).unwrap();
    let r = fit(
        "k*x",
        &data,
        &FitConfig::new(&["k"]).init("k", 1.0).bound("k", 0.0, 10.0),
    )
    .unwrap();
    assert!((r.values[0] - 2.0).abs() < 1e-12);
    assert!(r.stop.converged(), "{}", r.stop);
    // One epoch is not enough from far away: the budget, not convergence.
    let cfg = FitConfig::new(&["b1", "b2"])
        .init("b1", 500.0)
        .init("b2", 1e-4)
        .bound("b1", 0.0, 1e4)
        .epochs(1);
    let (data, _, _, _) = misra1a();
    let r = fit(MISRA1A, &data, &cfg).unwrap();
    assert!(
        matches!(r.stop, FitStop::Epochs | FitStop::Evaluations),
        "{}",
        r.stop
    );
    assert!(!r.stop.converged());
}

/// The minimum of `|X p - y|^2` over the box `lo <= p <= hi` by enumeration (an independent
/// reference): every pattern of parameters held at a bound, the others solved by the normal
/// equations; the problem is convex, so its minimizer is the cheapest pattern whose free
/// parameters land within their bounds. `x` holds the rows of `X`.
fn box_least_squares(x: &[Vec<f64>], y: &[f64], lo: &[f64], hi: &[f64]) -> (Vec<f64>, f64) {
    let p = lo.len();
    let cost = |q: &[f64]| -> f64 {
        x.iter()
            .zip(y)
            .map(|(row, yi)| {
                let m: f64 = row.iter().zip(q).map(|(a, b)| a * b).sum();
                (m - yi).powi(2)
            })
            .sum()
    };
    let mut best: Option<(Vec<f64>, f64)> = None;
    for code in 0..3usize.pow(p as u32) {
        // 0 free, 1 at the lower bound, 2 at the upper bound.
        let pattern: Vec<usize> = (0..p).map(|k| code / 3usize.pow(k as u32) % 3).collect();
        let mut q = vec![0.0; p];
        let free: Vec<usize> = (0..p).filter(|&k| pattern[k] == 0).collect();
        for k in 0..p {
            q[k] = match pattern[k] {
                1 => lo[k],
                2 => hi[k],
                _ => 0.0,
            };
        }
        if q.iter().any(|v| !v.is_finite()) {
            continue;
        }
        // Normal equations of the free parameters, by Gauss-Jordan.
        let f = free.len();
        if f > 0 {
            let mut a = vec![0.0; f * f];
            let mut b = vec![0.0; f];
            for (row, yi) in x.iter().zip(y) {
                let fixed: f64 = (0..p)
                    .filter(|k| pattern[*k] != 0)
                    .map(|k| row[k] * q[k])
                    .sum();
                for (i, &ki) in free.iter().enumerate() {
                    b[i] += row[ki] * (yi - fixed);
                    for (j, &kj) in free.iter().enumerate() {
                        a[i * f + j] += row[ki] * row[kj];
                    }
                }
            }
            let inv = super::fit_lm::inverse(&a, f);
            for (i, &ki) in free.iter().enumerate() {
                q[ki] = (0..f).map(|j| inv[i * f + j] * b[j]).sum();
            }
        }
        if free.iter().any(|&k| q[k] < lo[k] || q[k] > hi[k]) {
            continue;
        }
        let c = cost(&q);
        if best.as_ref().is_none_or(|(_, bc)| c < *bc) {
            best = Some((q, c));
        }
    }
    best.expect("the unconstrained pattern or a corner is feasible")
}

#[test]
fn random_box_bounded_quadratics_match_the_enumerated_minimum() {
    // A fixed linear congruential generator, so the cases repeat.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut uniform = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut active_seen = 0;
    for case in 0..40 {
        let xs: Vec<f64> = (0..15).map(|_| -1.0 + 3.0 * uniform()).collect();
        let ys: Vec<f64> = xs.iter().map(|_| -2.0 + 4.0 * uniform()).collect();
        let rows: Vec<Vec<f64>> = xs.iter().map(|x| vec![1.0, *x, x * x]).collect();
        let (mut lo, mut hi) = (vec![f64::NEG_INFINITY; 3], vec![f64::INFINITY; 3]);
        for k in 0..3 {
            let c = -1.0 + 2.0 * uniform();
            match (uniform() * 4.0) as u32 {
                0 => lo[k] = c,
                1 => hi[k] = c,
                2 => (lo[k], hi[k]) = (c, c + 0.1 + uniform()),
                _ => {}
            }
        }
        let (want, want_cost) = box_least_squares(&rows, &ys, &lo, &hi);
        let data = Dataset::from_columns("box", &[("x", xs.clone()), ("y", ys.clone())]).unwrap();
        let names = ["a", "b", "c"];
        let mut cfg = FitConfig::new(&names).epochs(1000);
        for k in 0..3 {
            // A start inside: the middle of two finite bounds, next to a single one, or 0.
            let start = match (lo[k].is_finite(), hi[k].is_finite()) {
                (true, true) => 0.5 * (lo[k] + hi[k]),
                (true, false) => lo[k] + 0.5,
                (false, true) => hi[k] - 0.5,
                (false, false) => 0.0,
            };
            cfg = cfg.init(names[k], start);
            if lo[k].is_finite() || hi[k].is_finite() {
                cfg = cfg.bound(names[k], lo[k], hi[k]);
            }
        }
        if cfg.bounds.is_empty() {
            continue;
        }
        let r = fit("a + b*x + c*x^2", &data, &cfg).unwrap();
        assert!(r.stop.converged(), "case {case}: {}", r.stop);
        let cost = r.final_loss * xs.len() as f64;
        assert!(
            (cost - want_cost).abs() <= 1e-12 * want_cost,
            "case {case}: cost {cost} against {want_cost}"
        );
        for k in 0..3 {
            assert!(
                (r.values[k] - want[k]).abs() <= 1e-9 * want[k].abs().max(1.0),
                "case {case} {}: {} against {} (bounds {}..{})",
                names[k],
                r.values[k],
                want[k],
                lo[k],
                hi[k]
            );
            // A parameter the reference puts on a bound is on it exactly, and reported so.
            let on = want[k] == lo[k] || want[k] == hi[k];
            if on {
                assert_eq!(r.values[k], want[k], "case {case} {}", names[k]);
                active_seen += 1;
            }
            let reported = r
                .bounds
                .iter()
                .find(|b| b.param == names[k])
                .and_then(|b| b.active);
            assert_eq!(
                reported.is_some(),
                on,
                "case {case} {}: {reported:?}",
                names[k]
            );
        }
    }
    assert!(
        active_seen >= 10,
        "only {active_seen} active bounds in the cases"
    );
}

fn tmp(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("fit-bounds-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn the_command_line_bounds_parameters_and_says_which_are_active() {
    use super::cli::{nabla, names_a_flag, stderr, stdout};
    // (0, 3), (1, 2), (2, 1): the unbounded slope is -1; with b >= 0 the solution is b = 0 and
    // a = mean(y) = 2 (the KKT argument of `an_active_bound_on_a_slope_gives_the_mean`).
    let csv = tmp("line.csv");
    std::fs::write(&csv, "x,y\n0,3\n1,2\n2,1\n").unwrap();
    let path = csv.to_str().unwrap();
    let base = ["fit", "a + b*x", "--data", path, "--params", "a,b"];
    let run = |extra: &[&str]| nabla(&[&base[..], extra].concat());
    let o = run(&["--bounds", "b=0..inf", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["method"], "trf");
    assert_eq!(v["parameters"]["b"], 0.0);
    assert!(
        (v["parameters"]["a"].as_f64().unwrap() - 2.0).abs() < 1e-14,
        "{}",
        v["parameters"]
    );
    assert_eq!(
        v["bounds"],
        serde_json::json!([{"param": "b", "lower": 0.0, "upper": null, "active": "lower"}])
    );
    assert_eq!(v["verdict"]["kind"], "converged");
    // The text says which parameter is at its bound, and that its error ignores the bound: with
    // a <= 1.5 (the unbounded fit is a = 3, b = -1), at a = 1.5 the best b is
    // sum x (y - 1.5) / sum x^2 = -0.5 / 5 = -0.1, where dS/da = 2 sum (1.5 - 0.1 x - y) = -3.6
    // < 0: the sum of squares falls as a rises, so the upper bound is active.
    let o = run(&["--bounds", "b=-inf..5, a = -inf..1.5", "--init", "a=1"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("method      trf"), "{text}");
    assert!(text.contains("a           1.5 ± "), "{text}");
    assert!(text.contains("(at its upper bound)"), "{text}");
    assert!(
        text.contains("note: at a bound: `a` (upper, 1.5)"),
        "{text}"
    );
    // Malformed bounds and refused ones: exit 2, one clear line without a caret.
    for (bad, says) in [
        ("b=0", "is not a range"),
        ("b=0..", "a bound is missing"),
        ("b=x..1", "cannot read `x`"),
        ("0..1", "has no name"),
        (
            "b=1..0",
            "the bounds of `b`, 1..0, are in the wrong order or empty",
        ),
        ("q=0..1", "`q` has bounds but is not a parameter"),
        (
            "b=1..2",
            "the start value of `b`, 0 (the default), is outside its bounds 1..2",
        ),
    ] {
        let o = run(&["--bounds", bad]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{bad}: {err}");
        assert!(
            err.starts_with("error: ") && err.contains(says),
            "{bad}: {err}"
        );
        assert!(!err.contains('^'), "{bad}: {err}");
    }
    // Levenberg-Marquardt does not take bounds: the library's sentence, then the flags.
    let o = run(&["--bounds", "b=0..1", "--method", "lm"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    let first = err.lines().next().unwrap();
    assert!(
        first.contains("need method `trf`") && !names_a_flag(first),
        "{err}"
    );
    assert!(
        err.contains("hint: drop --method (the fit then runs trf), or use --method trf"),
        "{err}"
    );
}

#[test]
fn bounded_fits_over_partitions_are_the_fits_of_all_rows() {
    use nabla::{DatasetPartitions, Fitter};
    // Misra1a with b1 <= 200 (active, see the one-dimensional test above), its 14 rows split
    // in three partitions: the same bounded solution as the fit of all rows.
    let (whole, starts, _, _) = misra1a();
    let s = read_strd("Misra1a");
    let part = |lo: usize, hi: usize| {
        let cols: Vec<(&str, Vec<f64>)> = s
            .columns
            .iter()
            .map(|(n, v)| (n.as_str(), v[lo..hi].to_vec()))
            .collect();
        Dataset::from_columns(&format!("rows {lo}..{hi}"), &cols).unwrap()
    };
    let parts = [part(0, 5), part(5, 9), part(9, 14)];
    let cfg = FitConfig::new(&["b1", "b2"])
        .init("b1", 150.0)
        .init("b2", starts[0][1])
        .bound("b1", f64::NEG_INFINITY, 200.0)
        .bound("b2", 0.0, f64::INFINITY)
        .epochs(1000);
    let one = fit(MISRA1A, &whole, &cfg).unwrap();
    let mut fitter = Fitter::new(MISRA1A, &parts[0], &cfg).unwrap();
    let mut all = DatasetPartitions::new(fitter.kernel(), parts.iter().collect());
    let split = fitter.run_partitioned(&mut all, |_, _| {}).unwrap();
    assert_eq!((split.method.as_str(), split.rows), ("trf", 14));
    assert!(split.stop.converged(), "{}", split.stop);
    assert_eq!(split.values[0], 200.0);
    assert!(
        lre(split.values[1], one.values[1]) >= 9.0,
        "{} vs {}",
        split.values[1],
        one.values[1]
    );
    assert_eq!(split.bounds, one.bounds);
    assert_eq!(split.bounds[0].active, Some(BoundSide::Upper));
    assert_eq!(split.bounds[1].active, None);
    let u = split.uncertainty.as_ref().unwrap();
    assert!(
        u.notes.iter().any(|n| n.contains("`b1` (upper, 200)")),
        "{:?}",
        u.notes
    );
    assert!(lre(split.final_loss, one.final_loss) >= 9.0);
}
