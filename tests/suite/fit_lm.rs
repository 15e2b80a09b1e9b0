//! Levenberg-Marquardt fits (`lm`) against independent values: a linear model's closed-form
//! least-squares solution and textbook standard errors (computed here from the normal equations),
//! and NIST StRD's certified values for Misra1a from both of its starts. Also what `lm` refuses.

// Matrix code reads best with indices.
#![allow(clippy::needless_range_loop)]

use nabla::optim::{minimize, Method, MethodKind, OptimError, StopRule};
use nabla::{fit, Batch, Dataset, FitConfig, FitError, FitStop};

fn lm() -> Method {
    Method::new(MethodKind::LevenbergMarquardt)
}

use super::strd::lre;

/// The inverse of the n x n matrix `a` (row-major) by Gauss-Jordan with partial pivoting (the
/// independent reference of `fit_lm` and `fit_sigma`).
pub(super) fn inverse(a: &[f64], n: usize) -> Vec<f64> {
    let mut m = a.to_vec();
    let mut inv: Vec<f64> = (0..n * n)
        .map(|k| if k / n == k % n { 1.0 } else { 0.0 })
        .collect();
    for c in 0..n {
        let p = (c..n)
            .max_by(|&i, &j| m[i * n + c].abs().total_cmp(&m[j * n + c].abs()))
            .unwrap();
        for k in 0..n {
            m.swap(c * n + k, p * n + k);
            inv.swap(c * n + k, p * n + k);
        }
        let d = m[c * n + c];
        for k in 0..n {
            m[c * n + k] /= d;
            inv[c * n + k] /= d;
        }
        for r in 0..n {
            if r != c {
                let f = m[r * n + c];
                for k in 0..n {
                    m[r * n + k] -= f * m[c * n + k];
                    inv[r * n + k] -= f * inv[c * n + k];
                }
            }
        }
    }
    inv
}

#[test]
fn lm_hits_the_closed_form_least_squares_line_and_its_standard_errors() {
    // y = a + b x + c x^2 on noisy points: the normal equations give the solution and
    // cov = s^2 (X^T X)^-1 with s^2 = RSS / (n - 3).
    let x: Vec<f64> = (0..12).map(|i| i as f64 * 0.5 - 2.0).collect();
    let noise = [
        0.3, -0.2, 0.15, -0.4, 0.05, 0.25, -0.1, 0.35, -0.3, 0.0, 0.2, -0.15,
    ];
    let y: Vec<f64> = x
        .iter()
        .zip(noise)
        .map(|(x, e)| 1.5 - 0.7 * x + 0.4 * x * x + e)
        .collect();
    let n = x.len();
    let row = |i: usize| [1.0, x[i], x[i] * x[i]];
    let mut xtx = [0.0; 9];
    let mut xty = [0.0; 3];
    for i in 0..n {
        let r = row(i);
        for a in 0..3 {
            xty[a] += r[a] * y[i];
            for b in 0..3 {
                xtx[a * 3 + b] += r[a] * r[b];
            }
        }
    }
    let inv = inverse(&xtx, 3);
    let beta: Vec<f64> = (0..3)
        .map(|a| (0..3).map(|b| inv[a * 3 + b] * xty[b]).sum())
        .collect();
    let rss: f64 = (0..n)
        .map(|i| {
            let r = row(i);
            let pred: f64 = (0..3).map(|a| r[a] * beta[a]).sum();
            (y[i] - pred).powi(2)
        })
        .sum();
    let s2 = rss / (n - 3) as f64;
    let se: Vec<f64> = (0..3).map(|a| (s2 * inv[a * 3 + a]).sqrt()).collect();
    let mean = y.iter().sum::<f64>() / n as f64;
    let tss: f64 = y.iter().map(|v| (v - mean).powi(2)).sum();

    let data = Dataset::from_columns("quad", &[("x", x.clone()), ("y", y.clone())]).unwrap();
    let cfg = FitConfig::new(&["a", "b", "c"]).method(lm());
    let r = fit("a + b*x + c*x^2", &data, &cfg).unwrap();
    assert!(r.stop.converged(), "{}", r.stop);
    for k in 0..3 {
        assert!(
            lre(r.values[k], beta[k]) >= 11.0,
            "{k}: {} vs {}",
            r.values[k],
            beta[k]
        );
    }
    let u = r.uncertainty.as_ref().expect("lm reports its uncertainty");
    assert_eq!(u.dof, n - 3);
    assert!(lre(u.rss, rss) >= 10.0);
    assert!(lre(u.reduced_chi2.unwrap(), s2) >= 10.0);
    assert!(lre(u.r_squared.unwrap(), 1.0 - rss / tss) >= 10.0);
    let std = u.std_errors.as_ref().unwrap();
    let cov = u.covariance.as_ref().unwrap();
    let corr = u.correlation.as_ref().unwrap();
    for a in 0..3 {
        assert!(lre(std[a], se[a]) >= 10.0, "{a}: {} vs {}", std[a], se[a]);
        for b in 0..3 {
            let c = s2 * inv[a * 3 + b];
            assert!(lre(cov[a * 3 + b], c) >= 9.0);
            assert!((corr[a * 3 + b] - c / (se[a] * se[b])).abs() < 1e-10);
        }
    }
    // The text report prints each parameter with its standard error.
    let text = r.to_string();
    assert!(text.contains(" ± "), "{text}");
    assert!(text.contains("dof 9"), "{text}");
}

/// NIST StRD Misra1a (lower difficulty), y = b1 (1 - exp(-b2 x)), 14 rows; certified values
/// from https://www.itl.nist.gov/div898/strd/nls/data/misra1a.shtml.
pub(super) const MISRA1A: [(f64, f64); 14] = [
    (10.07, 77.6),
    (14.73, 114.9),
    (17.94, 141.1),
    (23.93, 190.8),
    (29.61, 239.9),
    (35.18, 289.0),
    (40.02, 332.8),
    (44.82, 378.4),
    (50.76, 434.8),
    (55.05, 477.3),
    (61.01, 536.8),
    (66.40, 593.1),
    (75.47, 689.1),
    (81.78, 760.0),
];

#[test]
fn lm_meets_nist_certified_values_for_misra1a_from_both_starts() {
    let data = Dataset::from_columns(
        "Misra1a",
        &[
            ("y", MISRA1A.iter().map(|r| r.0).collect()),
            ("x", MISRA1A.iter().map(|r| r.1).collect()),
        ],
    )
    .unwrap();
    let cert = [2.3894212918E+02, 5.5015643181E-04];
    let cert_se = [2.7070075241E+00, 7.2668688436E-06];
    let cert_rss = 1.2455138894E-01;
    for start in [[500.0, 1e-4], [250.0, 5e-4]] {
        let cfg = FitConfig::new(&["b1", "b2"])
            .init("b1", start[0])
            .init("b2", start[1])
            .method(lm())
            .epochs(1000);
        let r = fit("b1*(1 - exp(-b2*x))", &data, &cfg).unwrap();
        assert!(r.stop.converged(), "{start:?}: {}", r.stop);
        let u = r.uncertainty.as_ref().unwrap();
        let se = u.std_errors.as_ref().unwrap();
        for k in 0..2 {
            let (p, s) = (lre(r.values[k], cert[k]), lre(se[k], cert_se[k]));
            assert!(
                p >= 6.0,
                "{start:?} b{}: {} (LRE {p:.1})",
                k + 1,
                r.values[k]
            );
            assert!(s >= 4.0, "{start:?} se b{}: {} (LRE {s:.1})", k + 1, se[k]);
        }
        assert!(lre(u.rss, cert_rss) >= 6.0, "{start:?}: rss {}", u.rss);
        assert_eq!(u.dof, 12);
    }
}

#[test]
fn lm_refuses_a_custom_loss_mini_batches_and_minimize() {
    let data =
        Dataset::from_columns("pts", &[("x", vec![1.0, 2.0]), ("y", vec![2.0, 4.1])]).unwrap();
    let err = fit(
        "k*x",
        &data,
        &FitConfig::new(&["k"])
            .method(lm())
            .loss("abs(pred - target)"),
    )
    .unwrap_err();
    assert!(matches!(err, FitError::LmNeedsSquaredError { .. }), "{err}");
    assert!(err.to_string().contains("least squares"), "{err}");
    let err = fit(
        "k*x",
        &data,
        &FitConfig::new(&["k"]).method(lm()).batch(Batch::Size(1)),
    )
    .unwrap_err();
    assert!(
        matches!(err, FitError::NeedsFullBatch { method: "lm" }),
        "{err}"
    );
    let mut f = nabla::Function::parse("(x - 1)^2").unwrap();
    let err = minimize(&mut f, &[0.0], &lm(), &StopRule::default()).unwrap_err();
    assert!(matches!(err, OptimError::NeedsResiduals { .. }), "{err}");
    assert!(err.to_string().contains("needs a model and data"), "{err}");
}

#[test]
fn a_rank_deficient_jacobian_gives_no_standard_errors_and_says_why() {
    // a*b*x: only the product a*b is determined, so J's two columns are parallel.
    let data = Dataset::from_columns(
        "pts",
        &[("x", vec![1.0, 2.0, 3.0]), ("y", vec![2.1, 3.9, 6.2])],
    )
    .unwrap();
    let cfg = FitConfig::new(&["a", "b"])
        .init("a", 1.0)
        .init("b", 1.0)
        .method(lm());
    let r = fit("a*b*x", &data, &cfg).unwrap();
    let u = r.uncertainty.as_ref().unwrap();
    assert!(u.std_errors.is_none() && u.covariance.is_none());
    assert!(u.notes[0].contains("rank deficient"));
    assert!(r.to_string().contains("note: no standard errors"));
    assert!(r.values.iter().all(|v| v.is_finite()));
}

#[test]
fn an_exact_fit_stops_with_zero_residuals() {
    let data = Dataset::from_columns(
        "pts",
        &[("x", vec![1.0, 2.0, 3.0]), ("y", vec![3.0, 5.0, 7.0])],
    )
    .unwrap();
    let cfg = FitConfig::new(&["w", "b"]).method(lm());
    let r = fit("w*x + b", &data, &cfg).unwrap();
    assert!((r.values[0] - 2.0).abs() < 1e-12 && (r.values[1] - 1.0).abs() < 1e-12);
    assert!(r.stop.converged());
    assert!(
        matches!(
            r.stop,
            FitStop::ExactFit
                | FitStop::Orthogonal
                | FitStop::SumOfSquaresTolerance
                | FitStop::StepTolerance
                | FitStop::SumOfSquaresAndStepTolerance
                | FitStop::MachinePrecision
        ),
        "{}",
        r.stop
    );
}

/// Many rows (a few hundred thousand: many blocks of the reduction, reduced on all cores): the
/// closed-form least-squares line from the normal equations (sums in the test, compensated), the
/// same parameters bit for bit on one thread and on all, and the standard errors for L-BFGS too.
#[test]
fn lm_over_many_rows_is_the_closed_form_and_the_same_on_any_number_of_threads() {
    let n = 300_000;
    // y = 0.5 + 2 x + e, e a deterministic pseudo-noise in [-0.5, 0.5).
    let mut state = 0x2545f4914f6cdd1du64;
    let mut noise = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5
    };
    let x: Vec<f64> = (0..n).map(|i| i as f64 / n as f64 * 4.0 - 2.0).collect();
    let y: Vec<f64> = x.iter().map(|x| 0.5 + 2.0 * x + noise()).collect();
    // Normal equations of y = a + b x, with Neumaier's compensated sums.
    let sum = |f: &dyn Fn(usize) -> f64| {
        let (mut s, mut c) = (0.0f64, 0.0f64);
        for i in 0..n {
            let v = f(i);
            let t = s + v;
            c += if s.abs() >= v.abs() {
                (s - t) + v
            } else {
                (v - t) + s
            };
            s = t;
        }
        s + c
    };
    let (sx, sy) = (sum(&|i| x[i]), sum(&|i| y[i]));
    let (sxx, sxy) = (sum(&|i| x[i] * x[i]), sum(&|i| x[i] * y[i]));
    let nf = n as f64;
    let det = nf * sxx - sx * sx;
    let b = (nf * sxy - sx * sy) / det;
    let a = (sy - b * sx) / nf;
    let rss = sum(&|i| (y[i] - a - b * x[i]).powi(2));
    let s2 = rss / (nf - 2.0);
    let (se_a, se_b) = ((s2 * sxx / det).sqrt(), (s2 * nf / det).sqrt());

    let data = Dataset::from_columns("line", &[("x", x), ("y", y)]).unwrap();
    let cfg = FitConfig::new(&["a", "b"]).method(lm());
    let all = fit("a + b*x", &data, &cfg).unwrap();
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| fit("a + b*x", &data, &cfg).unwrap());
    assert_eq!(
        all.values, one.values,
        "the reduction depends on the threads"
    );
    assert!(all.stop.converged(), "{}", all.stop);
    assert!(lre(all.values[0], a) >= 9.0, "{} vs {a}", all.values[0]);
    assert!(lre(all.values[1], b) >= 9.0, "{} vs {b}", all.values[1]);
    let u = all.uncertainty.as_ref().unwrap();
    assert!(lre(u.std_error(0).unwrap(), se_a) >= 8.0);
    assert!(lre(u.std_error(1).unwrap(), se_b) >= 8.0);
    assert!(lre(u.rss, rss) >= 9.0);

    // L-BFGS reaches the same line and reports the same standard errors at its solution.
    let lbfgs = fit(
        "a + b*x",
        &data,
        &FitConfig::new(&["a", "b"]).method(Method::parse("lbfgs").unwrap()),
    )
    .unwrap();
    let v = lbfgs
        .uncertainty
        .as_ref()
        .expect("a least-squares fit has its uncertainty");
    assert!(lre(lbfgs.values[1], b) >= 6.0, "{} vs {b}", lbfgs.values[1]);
    assert!(lre(v.std_error(1).unwrap(), se_b) >= 6.0);
}
