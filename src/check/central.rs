//! [`check_gradient`]: the exact gradient beside central differences at each point, and its
//! [`CheckReport`] (an aligned table in text, JSON through `Serialize`); [`check_objective`], the
//! same for any [`Objective`] (a function and gradient given as code).
//!
//! Invariants: every partial gets exactly one [`Verdict`], and a kink or a non-finite value is
//! never counted as a disagreement; the summary counts add up to the partials checked; numbers
//! in the report that are not finite are `None`. The estimate is the book's formula in the
//! chosen precision, while its error bound is always computed in `f64` (see the module docs).

use std::fmt;

use num_traits::Float;
use serde::Serialize;

use super::objective::{convert_into, EvalIn, Objective, ProblemObjective};
use super::options::{CheckError, CheckOptions, Precision, Step};
use super::{describe, err, finite, join_list, num, point_text, table};
use crate::{fmt_number, tr, Problem};

/// The outcome for one partial derivative at one point.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Verdict {
    /// The exact partial and the estimate agree within the tolerance.
    Agrees,
    /// They do not: the gradient (or the function) is wrong.
    Disagrees,
    /// The point is at or within a step of a non-differentiable or singular point; the finite
    /// difference says nothing there.
    Kink {
        /// Which node and why.
        reason: String,
    },
    /// A value needed is infinite or NaN.
    NotFinite {
        /// Which value.
        reason: String,
    },
    /// The finite difference cannot resolve the partial at this step: its error bound (round-off
    /// for a step too small, truncation for one too large) exceeds both the partial and the
    /// natural scale of a derivative of `f` here, so agreement would prove nothing. Not checked.
    Unresolved {
        /// The step, the bound and what to do.
        reason: String,
    },
}

impl Verdict {
    fn label(&self) -> String {
        match self {
            Verdict::Agrees => tr!("check-verdict-agrees"),
            Verdict::Disagrees => tr!("check-verdict-disagrees"),
            Verdict::Kink { .. } => tr!("check-verdict-kink"),
            Verdict::NotFinite { .. } => tr!("check-verdict-not-finite"),
            Verdict::Unresolved { .. } => tr!("check-verdict-unresolved"),
        }
    }
}

/// One row of a [`CheckReport`]: a partial derivative at a point. Non-finite numbers are `None`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct PartialCheck {
    /// The variable.
    pub var: String,
    /// The exact partial (reverse mode, `f64`).
    pub exact: Option<f64>,
    /// The central-difference estimate.
    pub estimate: Option<f64>,
    /// The step used.
    pub step: f64,
    /// `|exact - estimate|`.
    pub abs_error: Option<f64>,
    /// `|exact - estimate| / max(|exact|, |estimate|)`; `None` where both are below `atol`.
    pub rel_error: Option<f64>,
    /// What the finite difference cannot resolve at this step (see the module docs).
    pub fd_error_bound: Option<f64>,
    /// The allowed `|exact - estimate|`.
    pub tolerance: Option<f64>,
    /// The outcome.
    pub verdict: Verdict,
}

impl PartialCheck {
    /// How far past its tolerance the partial is (`> 1` disagrees); 0 where not compared.
    fn score(&self) -> f64 {
        match (self.abs_error, self.tolerance, &self.verdict) {
            (Some(e), Some(t), Verdict::Agrees | Verdict::Disagrees) => {
                if t > 0.0 {
                    e / t
                } else if e > 0.0 {
                    f64::MAX
                } else {
                    0.0
                }
            }
            _ => 0.0,
        }
    }
}

/// The checks at one point.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct PointCheck {
    /// The point.
    pub point: Vec<f64>,
    /// `f` there (`None` if not finite).
    pub value: Option<f64>,
    /// One entry per variable.
    pub partials: Vec<PartialCheck>,
}

/// Counts over every partial of every point.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Summary {
    /// Partials checked (points times variables).
    pub partials: usize,
    /// Partials that agree.
    pub agree: usize,
    /// Partials that disagree.
    pub disagree: usize,
    /// Partials at a kink or singular point.
    pub kink: usize,
    /// Partials where a needed value is not finite.
    pub not_finite: usize,
    /// Partials the finite difference cannot resolve at its step ([`Verdict::Unresolved`]).
    pub unresolved: usize,
}

impl Summary {
    /// Partials compared (agreeing or not).
    pub fn compared(&self) -> usize {
        self.agree + self.disagree
    }
}

/// The result of [`check_gradient`]; `Display` prints an aligned table, `Serialize` gives JSON.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CheckReport {
    /// The variable names.
    pub vars: Vec<String>,
    /// The options used.
    pub options: CheckOptions,
    /// Every point, in the order given.
    pub points: Vec<PointCheck>,
    /// Index of the worst point (largest error relative to its tolerance), if any was compared.
    pub worst: Option<usize>,
    /// Counts.
    pub summary: Summary,
}

impl CheckReport {
    /// True when at least one partial was compared and none disagrees (kinks and non-finite
    /// values are reported, not failures; but a check that compared nothing has not passed).
    pub fn passed(&self) -> bool {
        self.summary.disagree == 0 && self.summary.agree > 0
    }

    /// True when some partial is small next to what the finite difference can resolve at its
    /// step (its error bound exceeds `1e-3` of the exact partial): such partials agree only within
    /// that resolution, and a fixed step is then usually worse than [`Step::Auto`].
    pub fn resolution_limited(&self) -> bool {
        self.resolution_rows() > 0
    }

    /// The method and its settings, as the report's first line: `central differences in f64,
    /// h = 1e-8; rtol 1e-6, atol 1e-10`.
    pub(crate) fn method(&self) -> String {
        let o = &self.options;
        let step = match o.step {
            Step::Auto => tr!("check-step-auto"),
            Step::Fixed(h) => format!("h = {}", fmt_number(h)),
        };
        tr!(
            "check-method",
            precision = o.precision.to_string(),
            step = step,
            rtol = fmt_number(o.rtol),
            atol = fmt_number(o.atol)
        )
    }

    /// The conclusion, as the report's last line: whether the gradient agrees, disagrees, or
    /// was not checked (and why).
    pub(crate) fn conclusion(&self) -> String {
        let s = &self.summary;
        if s.compared() == 0 {
            let (reason, advice) = match (s.kink > 0, s.not_finite > 0, s.unresolved > 0) {
                (true, false, false) => (tr!("check-reason-kink"), tr!("check-advice-kink")),
                (false, true, false) => (
                    tr!("check-reason-not-finite"),
                    tr!("check-advice-not-finite"),
                ),
                (false, false, true) => (
                    tr!("check-reason-unresolved"),
                    tr!("check-advice-unresolved"),
                ),
                _ => (tr!("check-reason-mixed"), tr!("check-advice-mixed")),
            };
            tr!("check-not-checked", reason = reason, advice = advice)
        } else if self.passed() && s.compared() < s.partials {
            tr!(
                "check-partly-agrees",
                compared = s.compared().to_string(),
                partials = s.partials.to_string()
            )
        } else if self.passed() {
            tr!("check-agrees")
        } else {
            tr!("check-disagrees")
        }
    }

    /// The partials whose error bound exceeds `1e-3` of the exact partial (those compared, and
    /// the [`Verdict::Unresolved`] ones).
    fn resolution_rows(&self) -> usize {
        self.points
            .iter()
            .flat_map(|p| &p.partials)
            .filter(|c| {
                matches!((c.fd_error_bound, c.exact), (Some(b), Some(a)) if b > 1e-3 * a.abs().max(1e-300))
            })
            .count()
    }
}

/// Central differences of `f` along input `i` in the evaluation type `T`, at `x` (already in
/// `T` in `xt`, restored on return): `(D(h), D(2h))` and the four values
/// `f(x+h), f(x-h), f(x+2h), f(x-2h)`, all converted to `f64`.
fn central<T: Float, O: EvalIn<T> + ?Sized>(
    f: &mut O,
    xt: &mut [T],
    i: usize,
    h: f64,
) -> Result<(f64, f64, [f64; 4]), CheckError> {
    let ht = T::from(h).unwrap_or_else(T::nan);
    let xi = xt[i];
    let two = T::one() + T::one();
    let mut at = |v: T, xt: &mut [T]| {
        xt[i] = v;
        f.eval_in(xt)
    };
    let fp = at(xi + ht, xt)?;
    let fm = at(xi - ht, xt)?;
    let fp2 = at(xi + two * ht, xt)?;
    let fm2 = at(xi - two * ht, xt)?;
    xt[i] = xi;
    let d1 = (fp - fm) / (two * ht);
    let d2 = (fp2 - fm2) / (two * two * ht);
    let back = |v: T| v.to_f64().unwrap_or(f64::NAN);
    Ok((
        back(d1),
        back(d2),
        [back(fp), back(fm), back(fp2), back(fm2)],
    ))
}

/// Checks that there is at least one point and that each has `n` coordinates.
pub(super) fn check_points(n: usize, points: &[Vec<f64>]) -> Result<(), CheckError> {
    if points.is_empty() {
        return Err(CheckError::NoPoints);
    }
    match points.iter().find(|p| p.len() != n) {
        Some(p) => Err(CheckError::Dimension {
            expected: n,
            found: p.len(),
        }),
        None => Ok(()),
    }
}

/// Checks the exact gradient of `f` against central differences at each point.
///
/// ```
/// use nabla::{check_gradient, CheckOptions, Function, Step};
/// let f = Function::parse("(1/16)*x^2 + 9*y^2").unwrap();
/// let report = check_gradient(&f, &[vec![2.0, 3.0]], &CheckOptions::default()).unwrap();
/// assert!(report.passed());
/// let p = &report.points[0].partials;
/// assert_eq!((p[0].exact, p[1].exact), (Some(0.25), Some(54.0)));
/// assert!(p[0].rel_error.unwrap() < 1e-8);
///
/// // The book's step 1e-8 gives the book's digits.
/// let opts = CheckOptions { step: Step::Fixed(1e-8), ..CheckOptions::default() };
/// let report = check_gradient(&f, &[vec![2.0, 3.0]], &opts).unwrap();
/// assert_eq!(report.points[0].partials[0].estimate, Some(0.2500001983207767));
/// ```
pub fn check_gradient(
    f: &Problem,
    points: &[Vec<f64>],
    opts: &CheckOptions,
) -> Result<CheckReport, CheckError> {
    check_objective(&mut ProblemObjective::new(f), points, opts)
}

/// Checks the gradient of any [`Objective`] against central differences of its values at each
/// point: [`check_gradient`] for a function given by closures or by a person's own code.
///
/// Each partial is compared as [`check_gradient`] compares the exact ones (the same step rule,
/// tolerances, error bound and verdicts); kinks are found by the objective
/// ([`Objective::kink`]). Scratch space is allocated once per call, not per point.
///
/// ```
/// use nabla::{check_objective, CheckOptions, FnObjective, Verdict};
/// // |x| has a kink at 0: the difference says nothing there, whatever the gradient.
/// let mut obj = FnObjective::new(
///     vec!["x".into()],
///     |p: &[f64]| Ok(p[0].abs()),
///     |p: &[f64], g: &mut [f64]| { g[0] = p[0].signum(); Ok(()) },
/// );
/// let r = check_objective(&mut obj, &[vec![0.0], vec![1.5]], &CheckOptions::default()).unwrap();
/// assert!(matches!(r.points[0].partials[0].verdict, Verdict::Kink { .. }));
/// assert_eq!(r.points[1].partials[0].verdict, Verdict::Agrees);
/// ```
pub fn check_objective<O: Objective + ?Sized>(
    f: &mut O,
    points: &[Vec<f64>],
    opts: &CheckOptions,
) -> Result<CheckReport, CheckError> {
    opts.validate()?;
    let names = f.input_names();
    check_points(names.len(), points)?;
    let partials_of = f.partials();
    let n = partials_of.len();
    let mut grad = vec![0.0; n];
    let mut x64: Vec<f64> = Vec::with_capacity(names.len());
    let mut x32: Vec<f32> = Vec::new();
    let eps64 = f64::EPSILON;

    let mut report_points = Vec::with_capacity(points.len());
    let mut summary = Summary::default();
    for x in points {
        let value = f.value_grad(x, &mut grad)?;
        let known = f.magnitude(x, value);
        let magnitude = known.unwrap_or(value.abs());
        convert_into(x, &mut x64);
        if opts.precision == Precision::F32 {
            convert_into(x, &mut x32);
        }
        let mut partials = Vec::with_capacity(n);
        for (i, (name, input)) in partials_of.iter().enumerate() {
            let input = *input;
            let h = opts.step.for_coordinate(x[input]);
            let exact = grad[i];
            let (d1_64, d2_64, fs64) = central::<f64, O>(f, &mut x64, input, h)?;
            let (estimate, fs) = match opts.precision {
                Precision::F64 => (d1_64, fs64),
                Precision::F32 => {
                    let (d, _, fs) = central::<f32, O>(f, &mut x32, input, h)?;
                    (d, fs)
                }
            };
            let [fp, fm, fp2, fm2] = fs64;
            let kink = f.kink(x, input, h, &[fm2, fm, value, fp, fp2], opts.atol);
            let bound = 2.0 * (d1_64 - d2_64).abs() + 8.0 * eps64 * magnitude / h;
            let tolerance = opts.atol + opts.rtol * exact.abs().max(estimate.abs()) + bound;
            let abs_error = (exact - estimate).abs();
            let big = exact.abs().max(estimate.abs());
            let rel_error = if abs_error == 0.0 {
                Some(0.0)
            } else if big >= opts.atol.max(f64::MIN_POSITIVE) {
                Some(abs_error / big)
            } else {
                None
            };
            let non_finite = if !x.iter().all(|v| v.is_finite()) {
                Some(tr!("check-point-not-finite"))
            } else if !value.is_finite() {
                Some(tr!("check-f-not-finite", what = describe(value)))
            } else if !exact.is_finite() {
                Some(tr!("check-exact-not-finite", what = describe(exact)))
            } else if let Some((w, v)) = ["f(x+h)", "f(x-h)", "f(x+2h)", "f(x-2h)"]
                .iter()
                .zip(fs)
                .find(|(_, v)| !v.is_finite())
            {
                Some(tr!(
                    "check-value-not-finite",
                    value = *w,
                    what = describe(v)
                ))
            } else if !estimate.is_finite() || !bound.is_finite() {
                Some(tr!("check-overflow"))
            } else {
                None
            };
            // A derivative of f's natural size here: f's magnitude per unit of x_i (at least
            // one unit). A bound above it, and above the partial and its estimate, means the
            // difference could not tell this partial from 0 or from twice its value.
            let unit = x[input].abs().max(1.0);
            let scale = match known {
                Some(m) => m / unit,
                // Without the formula's magnitude: f's size, or its curvature along the line
                // (at a minimum where f and its gradient vanish, the slope a unit away).
                None => {
                    let curvature = ((fp2 - 2.0 * value + fm2) / (4.0 * h * h)).abs();
                    (magnitude / unit).max(if curvature.is_finite() {
                        curvature * unit
                    } else {
                        0.0
                    })
                }
            };
            let unresolved = bound > big.max(scale).max(opts.atol);
            let verdict = match (kink, non_finite) {
                (Some(reason), _) => Verdict::Kink { reason },
                (None, Some(reason)) => Verdict::NotFinite { reason },
                (None, None) if unresolved => Verdict::Unresolved {
                    reason: tr!(
                        "check-unresolved-reason",
                        step = fmt_number(h),
                        bound = fmt_number(bound)
                    ),
                },
                (None, None) if abs_error <= tolerance => Verdict::Agrees,
                (None, None) => Verdict::Disagrees,
            };
            summary.partials += 1;
            match verdict {
                Verdict::Agrees => summary.agree += 1,
                Verdict::Disagrees => summary.disagree += 1,
                Verdict::Kink { .. } => summary.kink += 1,
                Verdict::NotFinite { .. } => summary.not_finite += 1,
                Verdict::Unresolved { .. } => summary.unresolved += 1,
            }
            let compared = matches!(verdict, Verdict::Agrees | Verdict::Disagrees);
            let unresolved_row = matches!(verdict, Verdict::Unresolved { .. });
            partials.push(PartialCheck {
                var: name.clone(),
                exact: finite(exact),
                estimate: finite(estimate),
                step: h,
                abs_error: finite(abs_error),
                rel_error: rel_error.and_then(finite),
                fd_error_bound: if compared || unresolved_row {
                    finite(bound)
                } else {
                    None
                },
                tolerance: if compared { finite(tolerance) } else { None },
                verdict,
            });
        }
        report_points.push(PointCheck {
            point: x.clone(),
            value: finite(value),
            partials,
        });
    }
    let worst = report_points
        .iter()
        .enumerate()
        .map(|(k, p)| (k, p.partials.iter().map(|c| c.score()).fold(0.0, f64::max)))
        .filter(|(k, _)| {
            report_points[*k]
                .partials
                .iter()
                .any(|c| c.tolerance.is_some())
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(k, _)| k);
    Ok(CheckReport {
        vars: names,
        options: *opts,
        points: report_points,
        worst,
        summary,
    })
}

impl PointCheck {
    fn write_table(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rows = vec![vec![
            tr!("check-col-variable"),
            tr!("check-col-exact"),
            tr!("check-col-central"),
            tr!("check-col-step"),
            tr!("check-col-abs-error"),
            tr!("check-col-rel-error"),
            tr!("check-col-verdict"),
        ]];
        for p in &self.partials {
            rows.push(vec![
                p.var.clone(),
                num(p.exact),
                num(p.estimate),
                err(Some(p.step)),
                err(p.abs_error),
                err(p.rel_error),
                p.verdict.label(),
            ]);
        }
        table(f, &rows)?;
        for p in &self.partials {
            match &p.verdict {
                Verdict::Kink { reason } => writeln!(
                    f,
                    "  {}",
                    tr!("check-kink-row", var = &p.var, reason = reason)
                )?,
                Verdict::NotFinite { reason } | Verdict::Unresolved { reason } => writeln!(
                    f,
                    "  {}",
                    tr!("check-reason-row", var = &p.var, reason = reason)
                )?,
                _ => {}
            }
        }
        Ok(())
    }
}

impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.summary;
        let o = &self.options;
        writeln!(f, "{}", self.method())?;
        let show_all = self.points.len() <= 3;
        if show_all {
            for p in &self.points {
                writeln!(f)?;
                writeln!(
                    f,
                    "{}",
                    tr!("check-at", point = point_text(&self.vars, &p.point))
                )?;
                p.write_table(f)?;
            }
        } else if let Some(w) = self.worst {
            let p = &self.points[w];
            writeln!(f)?;
            writeln!(
                f,
                "{}",
                tr!(
                    "check-worst-of",
                    count = self.points.len(),
                    point = point_text(&self.vars, &p.point)
                )
            )?;
            p.write_table(f)?;
        }
        writeln!(f)?;
        let mut parts = vec![tr!("check-count-agree", count = s.agree)];
        if s.disagree > 0 {
            parts.push(tr!("check-count-disagree", count = s.disagree));
        }
        if s.kink > 0 {
            parts.push(tr!("check-count-kink", count = s.kink));
        }
        if s.not_finite > 0 {
            parts.push(tr!("check-count-not-finite", count = s.not_finite));
        }
        if s.unresolved > 0 {
            parts.push(tr!("check-count-unresolved", count = s.unresolved));
        }
        writeln!(
            f,
            "{}",
            tr!(
                "check-counts",
                partials = s.partials,
                points = self.points.len(),
                parts = join_list(&parts)
            )
        )?;
        if !show_all && s.disagree > 0 {
            let first: Vec<String> = self
                .points
                .iter()
                .filter(|p| p.partials.iter().any(|c| c.verdict == Verdict::Disagrees))
                .take(3)
                .map(|p| point_text(&self.vars, &p.point))
                .collect();
            writeln!(
                f,
                "{}",
                tr!(
                    "check-disagreeing-at",
                    points = first.join(&tr!("check-points-sep"))
                )
            )?;
        }
        if self.resolution_limited() && o.precision == Precision::F64 {
            write!(f, "{}", tr!("check-note-resolution"))?;
            if s.unresolved < self.resolution_rows() {
                write!(f, "{}", tr!("check-note-resolution-compared"))?;
            }
            if matches!(o.step, Step::Fixed(_)) {
                write!(f, "{}", tr!("check-note-resolution-step"))?;
            }
            writeln!(f)?;
        }
        if o.precision == Precision::F32 {
            writeln!(f, "{}", tr!("check-f32-line1"))?;
            writeln!(f, "{}", tr!("check-f32-line2"))?;
        }
        writeln!(f, "{}", self.conclusion())
    }
}
