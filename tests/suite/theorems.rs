//! Certificates that are theorems (issue 23): each input an audit used to make `certify` prove
//! something false, with its true answer computed independently (closed forms, and mpmath at 40
//! digits with each literal read as its `f64`, written into the test). Whatever the outcome of a
//! run, `[L, U]` must contain the true minimum; "certified" is only checked where the answer is
//! within reach of `f64` interval arithmetic.

use std::time::Duration;

use nabla::{
    certify, CertifyOptions, CertifyStatus, Graph, Interval, Problem, CERTIFY_DEFAULT_TIME,
};

/// Runs `certify` with a budget small enough for a test; returns the certificate.
fn run(src: &str, bounds: &[(f64, f64)]) -> nabla::Certificate {
    let p = Problem::parse(src).unwrap();
    let opts = CertifyOptions {
        max_splits: 20_000,
        time: Some(Duration::from_secs(20)),
        ..CertifyOptions::default()
    };
    certify(&p, bounds, &opts).unwrap()
}

/// `[L, U]` holds `truth`, `L <= U`, and the best point lies in the box.
fn encloses(src: &str, bounds: &[(f64, f64)], truth: f64) -> nabla::Certificate {
    let c = run(src, bounds);
    assert!(
        c.lower <= truth && truth <= c.upper,
        "{src} over {bounds:?}: [{}, {}] misses the true minimum {truth}\n{c}",
        c.lower,
        c.upper
    );
    assert!(c.lower <= c.upper, "{src}: L > U\n{c}");
    if let Some(b) = &c.best {
        for (v, (lo, hi)) in b.iter().zip(bounds) {
            assert!(
                lo <= v && v <= hi,
                "{src}: best point {b:?} outside the box\n{c}"
            );
        }
    }
    c
}

#[test]
fn interval_sums_and_products_that_overflow_keep_finite_bounds() {
    let big = Interval::point(1e308);
    assert_eq!((big + big).lo, f64::MAX);
    assert_eq!((-big - big).hi, -f64::MAX);
    let huge = Interval::point(1e200);
    assert_eq!((huge * huge).lo, f64::MAX);
    assert_eq!((huge * -huge).hi, -f64::MAX);
    assert_eq!(huge.square().lo, f64::MAX);
    assert_eq!(Interval::new(-1e200, -1e199).square().lo, f64::MAX);
    // The midpoint of a box whose width overflows is finite and inside.
    let wide = Interval::new(-1e308, 1e308);
    assert_eq!(wide.mid(), 0.0);
    let m = Interval::new(-1e308, 1.5e308).mid();
    assert!(m.is_finite() && (-1e308..=1.5e308).contains(&m));
}

#[test]
fn huge_values_brought_back_down_are_enclosed() {
    // 1/log(x^2) is decreasing: its minimum is at x = 1e200, 1/(400 ln 10).
    encloses("1/log(x^2)", &[(1e100, 1e200)], 1.085_736_204_758_129_6e-3);
    encloses("min(sqrt(x^2), 1e300)", &[(1e200, 2e200)], 1e200);
    // log(2e308) = ln 2 + 308 ln 10.
    encloses(
        "min(log(x^2 + y^2), 1000)",
        &[(1e154, 2e154), (1e154, 2e154)],
        709.889_355_822_726,
    );
    encloses(
        "max(-sqrt(x*y), -1e300)",
        &[(1e200, 2e200), (1e200, 2e200)],
        -2e200,
    );
    encloses(
        "min((x + y)/4, 1e308)",
        &[(1e308, 1.5e308), (1e308, 1.5e308)],
        5e307,
    );
}

#[test]
fn constants_are_enclosed_as_typed_not_folded_in_f64() {
    // 1e16 + 1 - 1e16 is 1 over the reals (0 in f64): the minimum is 1e10.
    let c = encloses("x^2 + 1e10*(1e16 + 1 - 1e16)", &[(-1.0, 1.0)], 1e10);
    assert!(!c.certified() || c.upper - c.lower <= 1e-6 * 1e10, "{c}");
    // The three literals' f64 values sum to exactly 2^-55 (the f64 sum is 2^-54).
    let truth = 2f64.powi(-55);
    encloses("x^2 + (0.1 + 0.2 - 0.3)", &[(-1.0, 1.0)], truth);
    // sin(pi) is 0 for the real pi (1.22e-16 for the f64 pi).
    encloses("x^2 + sin(pi)", &[(-1.0, 1.0)], 0.0);
    // The folded constant remembers the real sum.
    let mut g = Graph::new();
    let (a, b) = (g.constant(0.1), g.constant(0.2));
    let s = g.add_op(a, b);
    assert_eq!(g.const_value(s), Some(0.1 + 0.2));
    let e = g.const_enclosure(s).unwrap();
    // fl(0.1) + fl(0.2) = 0.3000000000000000166533453693773481..., between these two f64.
    assert!(e.lo <= 0.3 && 0.300_000_000_000_000_04 <= e.hi, "{e}");
    // ... and an exact literal of the same value stays exact beside it.
    let lit = g.constant(0.1 + 0.2);
    assert_ne!(lit, s);
    assert_eq!(g.exact_const(lit), Some(0.1 + 0.2));
    // Identities apply only to exact constants: x*(0.1 + 0.9) is not x.
    let x = g.var("x");
    let (p, q) = (g.constant(0.1), g.constant(0.9));
    let one = g.add_op(p, q);
    assert_eq!(g.const_value(one), Some(1.0));
    assert_ne!(g.mul(x, one), x);
}

#[test]
fn no_false_unbounded_and_no_false_no_point() {
    // tan is finite on [0, fl(pi/2)]: the pole is above fl(pi/2); minimum 0 at 0.
    let c = encloses("tan(x)", &[(0.0, std::f64::consts::FRAC_PI_2)], 0.0);
    assert!(c.certified(), "{c}");
    // The next pole is 0.993 beyond the box; tan is increasing: minimum tan(1e9).
    let c = encloses("tan(x)", &[(1e9, 1e9 + 0.5)], 0.651_452_202_145_141_3);
    assert!(c.certified(), "{c}");
    // A very negative value is no evidence of unboundedness.
    let c = encloses("x", &[(-1e301, 0.0)], -1e301);
    assert!(c.certified(), "{c}");
    // The minimum -2e308 is beyond f64: no certificate, no finite lower bound, not "unbounded".
    // (-2e308 is below every f64: only L = -inf encloses it.)
    let c = encloses(
        "x - y",
        &[(-1e308, 1e308), (-1e308, 1e308)],
        f64::NEG_INFINITY,
    );
    assert!(!c.certified(), "{c}");
    assert!(
        matches!(c.status, CertifyStatus::Budget { which: "range" }),
        "{:?}",
        c.status
    );
    assert!(c.failure().unwrap().contains("range of floating point"));
    // Odd integer powers above 64 of negative bases are defined: minimum (-2)^65.
    let c = encloses("x^65", &[(-2.0, -1.0)], -(2f64.powi(65)));
    assert!(c.certified(), "{c}");
    // 66 x^65 + 1 = 0 at x* = -(1/66)^(1/65); f(x*) = x* (1 - 1/66) (mpmath).
    let c = encloses("x^66 + x", &[(-1.0, -0.5)], -0.923_371_439_659_422_9);
    assert!(c.certified(), "{c}");
}

#[test]
fn monotone_functions_certify_at_their_corner() {
    for (src, bounds, truth) in [
        ("x", vec![(0.0, 1.0)], 0.0),
        ("x + y", vec![(0.0, 1.0), (0.0, 1.0)], 0.0),
        ("exp(x)", vec![(0.0, 1.0)], 1.0),
        // No pole in [1.6, 4.7] (3 pi/2 = 4.712...): increasing, minimum tan(1.6).
        ("tan(x)", vec![(1.6, 4.7)], -34.232_532_735_557_31),
        // cos < 0 at both ends and its zeros are pi apart: decreasing, minimum sin(1e8 + 1).
        ("sin(x)", vec![(1e8, 1e8 + 1.0)], 0.197_588_705_579_496_9),
    ] {
        let c = encloses(src, &bounds, truth);
        assert!(c.certified(), "{src}: {c}");
        assert!(
            c.upper - c.lower <= 1e-6 * (1.0 + truth.abs()),
            "{src}: {c}"
        );
    }
}

#[test]
fn certify_has_a_default_time_limit() {
    assert_eq!(CertifyOptions::default().time, Some(CERTIFY_DEFAULT_TIME));
    assert_eq!(CERTIFY_DEFAULT_TIME, Duration::from_secs(60));
}

#[cfg(all(feature = "plot", feature = "fit"))]
#[test]
fn cli_answers_hold_a_width_zero_box_and_never_print_nan() {
    use super::cli::{nabla, stdout};
    let o = nabla(&["min", "--certify", "--box", "x=1..1", "x^2 + 1"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("certified within 0: f* in [2, 2]"),
        "{}",
        stdout(&o)
    );
    // Unbounded: JSON's lower is null (-inf), not a finite number.
    let o = nabla(&["min", "--certify", "--box", "-1..1", "1/x", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(v["lower"].is_null(), "{v}");
    assert_eq!(v["certified"], false);
    // Defined only at x = 0, which no search point hits: no point, and no "gap of NaN".
    let o = nabla(&["min", "--certify", "--box", "-1..2", "asin(x^2 + 1)"]);
    let all = format!("{}{}", stdout(&o), String::from_utf8_lossy(&o.stderr));
    assert_ne!(o.status.code(), Some(0), "{all}");
    assert!(!all.contains("NaN"), "{all}");
    // Values beyond f64: said so, exit 1.
    let o = nabla(&[
        "min",
        "--certify",
        "--box",
        "x=-1e308..1e308,y=-1e308..1e308",
        "x - y",
    ]);
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("range of floating point"), "{err}");
    assert!(!stdout(&o).contains("lower bound is inf"), "{}", stdout(&o));
}

#[test]
fn boxes_whose_width_overflows_are_searched() {
    // [-1e308, 1e308]: hi - lo overflows; the global search maps points by the ends.
    let opts = nabla::global::GlobalOptions::new(vec![(-1e308, 1e308)]);
    let r =
        nabla::global::minimize_global(|| nabla::Function::parse("x^2").unwrap(), &opts).unwrap();
    assert!(r.certified, "{r:?}");
    assert_eq!(r.best.f, 0.0);
    let c = encloses("x^2", &[(-1e308, 1e308)], 0.0);
    assert!(c.certified(), "{c}");
}

#[test]
fn the_localization_of_minimizers_keeps_to_the_time_limit() {
    // A 20-variable Rastrigin: its natural bound certifies at once, and the localization of
    // its minimizer boxes ran 15-23 s past a 0.5 s limit. The limit is generous here (a hang
    // guard, not a speed test).
    let src = (0..20)
        .map(|i| format!("x{i}^2 - 10*cos(2*pi*x{i}) + 10"))
        .collect::<Vec<_>>()
        .join(" + ");
    let p = Problem::parse(&src).unwrap();
    let opts = CertifyOptions {
        time: Some(Duration::from_millis(500)),
        ..CertifyOptions::default()
    };
    let c = certify(&p, &[(-5.12, 5.12); 20], &opts).unwrap();
    assert!(c.lower <= 0.0 && 0.0 <= c.upper, "{c}");
    assert!(c.time < Duration::from_secs(10), "{:?}", c.time);
}
