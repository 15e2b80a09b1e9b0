//! The answers of `nabla min` over a box: the global search ([`GlobalAnswer`], built by
//! [`global`]) and the interval certificate ([`CertifyAnswer`], [`certify`]), with the exit
//! classes of the errors that keep them from starting ([`global_error`], [`certify_error`]).
//! One runs, `--compare` and the one path from a point to its verdict are in `min.rs`.
//!
//! Invariants: `certified` is said only when the interval bounds meet within the tolerance;
//! every number that is not finite is `null` in JSON.

use std::time::Duration;

use schemars::JsonSchema;
use serde::Serialize;

use super::min::{reals, settings_of, SearchStop, Settings};
use super::{real, Exit, SchemaVersion, Verdict, VerdictKind};
use crate::display::fmt_number;
use crate::global::{
    global_minimizers, minimize_global, GlobalMinimizers, GlobalOptions, GlobalReport, GlobalStop,
};
use crate::optim::{OptimError, PointKind};
use crate::tr;
use crate::{Certificate, CertifyError, CertifyOptions, CertifyStatus, Function};

/// A point with its value.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct MinimizerAnswer {
    /// The point.
    pub point: Vec<Option<f64>>,
    /// Its value.
    pub value: Option<f64>,
    /// Whether some variable is at a bound of the box.
    pub on_boundary: bool,
}

/// Every global minimizer found.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct GlobalMinimizersAnswer {
    /// The points within `tol` of the lowest value, lowest first.
    pub points: Vec<MinimizerAnswer>,
    /// Whether the list is complete: the certificate's regions hold no other.
    pub complete: bool,
    /// The tolerance on the value.
    pub tol: f64,
    /// Evaluations spent finding them, apart from the search's.
    pub evaluations: usize,
}

/// A distinct local minimum the search found.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct FoundMinimumAnswer {
    /// The point.
    pub point: Vec<Option<f64>>,
    /// Its value.
    pub value: Option<f64>,
    /// Its kind (`local_minimum`, or how the classification saw it).
    pub kind: String,
    /// Whether some variable is at a bound of the box.
    pub on_boundary: bool,
    /// How many local searches ended there.
    pub hits: usize,
}

/// How the global search's local searches ended.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct Searches {
    /// Local searches run.
    pub starts: usize,
    /// Ended at a local minimum.
    pub at_minimum: usize,
    /// Ended elsewhere.
    pub elsewhere: usize,
    /// Stopped early in the basin of a minimum already found.
    pub merged: usize,
    /// Failed.
    pub failed: usize,
    /// Not run (the time limit or the evaluation budget was spent).
    pub skipped: usize,
}

/// Counts of the global search's evaluations.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct GlobalEvaluations {
    /// Every evaluation of the function.
    pub total: usize,
    /// Those with a gradient.
    pub gradient: usize,
    /// Those in interval arithmetic.
    pub interval: usize,
}

/// `nabla min --global`: the global search over a box.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct GlobalAnswer {
    /// The version of this document's keys.
    pub schema_version: SchemaVersion,
    /// The formula as nabla reads it (`null` when too large to print).
    pub formula: Option<String>,
    /// The variables, in order.
    pub vars: Vec<String>,
    /// The box searched, one `[low, high]` per variable.
    #[serde(rename = "box")]
    pub bounds: Vec<(f64, f64)>,
    /// The strategy, in words.
    pub strategy: String,
    /// The local method.
    pub method: String,
    /// Its settings.
    pub settings: Settings,
    /// The best point found.
    pub point: Vec<Option<f64>>,
    /// Its value.
    pub value: Option<f64>,
    /// Every global minimizer found (`null` when unbounded).
    pub global_minimizers: Option<GlobalMinimizersAnswer>,
    /// Whether the best point is a local minimum (else something lower that is none was found,
    /// `1/x` beside its pole).
    pub best_is_minimum: bool,
    /// The distinct local minima found.
    pub minima: Vec<FoundMinimumAnswer>,
    /// Whether the interval phase certified the global minimum: no point of the box is below
    /// `lower`, and `upper - lower` is within the tolerance.
    pub certified: bool,
    /// The interval phase's proven lower bound on the global minimum (`null` without one:
    /// sampling gives none, and a pole gives `-inf`).
    pub lower: Option<f64>,
    /// The upper bound: rigorous when certified, else the best value found (a value of `f` in
    /// the box, so the global minimum is at most it).
    pub upper: Option<f64>,
    /// How the local searches ended.
    pub searches: Searches,
    /// Evaluations.
    pub evaluations: GlobalEvaluations,
    /// Why the search ended.
    pub stop: SearchStop,
    /// What the search concludes.
    pub verdict: Verdict,
    /// The search's own report, for text output.
    #[serde(skip)]
    pub report: GlobalReport,
    /// Every global minimizer, for text output.
    #[serde(skip)]
    pub minimizers: Option<GlobalMinimizers>,
}

/// `best of 3 minima found`, `best of 1 minimum found`.
fn best_of(n: usize) -> String {
    tr!("min-best-of", count = n)
}

impl GlobalAnswer {
    /// The line that names the best point: certified, the best of the minima found (not proven
    /// global), or no minimum.
    pub fn headline(&self) -> String {
        let report = &self.report;
        let lower = report.lower.filter(|l| l.is_finite());
        if matches!(report.stopped, GlobalStop::Unbounded { .. }) {
            tr!("min-headline-unbounded")
        } else if let (true, Some(l)) = (report.certified, lower) {
            format!(
                "{}\n{}",
                tr!(
                    "min-headline-certified",
                    gap = fmt_number(report.upper - l),
                    lower = fmt_number(l),
                    upper = fmt_number(report.upper)
                ),
                tr!("min-headline-best-point")
            )
        } else if let Some(l) = lower {
            tr!(
                "min-headline-bounded",
                what = if report.best_is_minimum {
                    best_of(report.minima.len())
                } else {
                    tr!("min-lowest-not-minimum")
                },
                lower = fmt_number(l)
            )
        } else {
            let why = if report.lower == Some(f64::NEG_INFINITY) {
                tr!("min-not-proven-infinite")
            } else {
                tr!("min-not-proven")
            };
            if report.best_is_minimum {
                tr!(
                    "min-headline-why",
                    what = best_of(report.minima.len()),
                    why = why
                )
            } else {
                tr!("min-headline-lowest-why", why = why)
            }
        }
    }
}

fn global_verdict(report: &GlobalReport) -> Verdict {
    if matches!(report.stopped, GlobalStop::Unbounded { .. }) {
        return Verdict::new(
            VerdictKind::Unbounded,
            tr!("min-global-verdict-unbounded"),
            report.stopped.to_string(),
            Exit::Failure,
        );
    }
    if let Some(why) = report.no_minimum_reason() {
        return Verdict::new(
            VerdictKind::NoMinimumFound,
            tr!("min-verdict-no-minimum", what = why),
            "",
            Exit::Failure,
        );
    }
    if report.certified {
        let l = report.lower.unwrap_or(f64::NAN);
        return Verdict::new(
            VerdictKind::Certified,
            tr!(
                "min-global-verdict-certified",
                lower = fmt_number(l),
                upper = fmt_number(report.upper)
            ),
            tr!("min-evidence-branch-and-bound"),
            Exit::Success,
        );
    }
    if !report.best_is_minimum {
        // Minima were found, but something lower that is none (1/x beside its pole): the answer
        // is not a minimum, as plain `min` exits 1 at a point that is not one.
        return Verdict::new(
            VerdictKind::NotMinimum,
            tr!("min-global-verdict-not-minimum"),
            "",
            Exit::Failure,
        );
    }
    let evidence = match report.lower.filter(|l| l.is_finite()) {
        Some(l) => tr!("min-evidence-lower-bound", lower = fmt_number(l)),
        None => String::new(),
    };
    Verdict::new(
        VerdictKind::BestFound,
        tr!(
            "min-global-verdict-best",
            what = best_of(report.minima.len())
        ),
        evidence,
        Exit::Success,
    )
}

/// Searches `opts.bounds` for the global minimum of `f` ([`minimize_global`]), lists every
/// global minimizer found ([`global_minimizers`]) and concludes.
///
/// ```
/// use nabla::global::GlobalOptions;
/// let f = nabla::Function::parse("(x^2 + y - 11)^2 + (x + y^2 - 7)^2").unwrap();
/// let a = nabla::answer::global(&f, &GlobalOptions::new(vec![(-5.0, 5.0); 2])).unwrap();
/// assert_eq!(a.global_minimizers.unwrap().points.len(), 4);
/// assert_eq!(a.verdict.exit.code(), 0);
/// ```
pub fn global(f: &Function, opts: &GlobalOptions) -> Result<GlobalAnswer, OptimError> {
    let report = minimize_global(|| f.clone(), opts)?;
    let unbounded = matches!(report.stopped, GlobalStop::Unbounded { .. });
    let all = (!unbounded).then(|| global_minimizers(&mut f.clone(), &report, opts));
    let kind_name = |k: PointKind| {
        serde_json::to_value(k)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default()
    };
    Ok(GlobalAnswer {
        schema_version: SchemaVersion::V1,
        formula: f.formula().to_infix().ok(),
        vars: f.var_names().iter().map(|s| s.to_string()).collect(),
        bounds: opts.bounds.clone(),
        strategy: opts.strategy.to_string(),
        method: opts.method.name().to_string(),
        settings: settings_of(&report.best),
        point: reals(&report.best.x),
        value: real(report.best.f),
        global_minimizers: all.as_ref().map(|m| GlobalMinimizersAnswer {
            points: m
                .points
                .iter()
                .map(|p| MinimizerAnswer {
                    point: reals(&p.x),
                    value: real(p.f),
                    on_boundary: p.on_boundary,
                })
                .collect(),
            complete: m.complete,
            tol: m.tol,
            evaluations: m.evaluations,
        }),
        minima: report
            .minima
            .iter()
            .map(|m| FoundMinimumAnswer {
                point: reals(&m.x),
                value: real(m.f),
                kind: kind_name(m.kind),
                on_boundary: m.on_boundary,
                hits: m.hits,
            })
            .collect(),
        best_is_minimum: report.best_is_minimum,
        certified: report.certified,
        lower: report.lower.and_then(real),
        upper: real(report.upper),
        searches: Searches {
            starts: report.starts,
            at_minimum: report.at_minimum,
            elsewhere: report.elsewhere,
            merged: report.merged,
            failed: report.failed,
            skipped: report.skipped,
        },
        evaluations: GlobalEvaluations {
            total: report.evaluations,
            gradient: report.gradient_evaluations,
            interval: report.interval_evaluations,
        },
        stop: SearchStop {
            reason: serde_json::to_value(&report.stopped)
                .ok()
                .and_then(|v| v["reason"].as_str().map(String::from))
                .unwrap_or_default(),
            budget: None,
            near: match &report.stopped {
                GlobalStop::Unbounded { near } => Some(near.clone()),
                _ => None,
            },
            sentence: report.stopped.to_string(),
        },
        verdict: global_verdict(&report),
        report,
        minimizers: all,
    })
}

/// A region of the box that may hold global minimizers.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct RegionAnswer {
    /// The hull of its boxes, one `[low, high]` per variable.
    pub hull: Vec<(f64, f64)>,
    /// How many boxes it merges.
    pub boxes: usize,
    /// The smallest lower bound of `f` over its boxes.
    pub lower: Option<f64>,
    /// Whether the best point lies in it.
    pub holds_best: bool,
    /// Whether its boxes were split down to the resolution asked for.
    pub refined: bool,
    /// Whether it is wider than the neighbourhood of one minimizer.
    pub extended: bool,
}

/// The settings of the certificate.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct CertifySettings {
    /// The gap `U - L` to prove (absolute, or relative to `|U|`).
    pub tol: f64,
    /// Most boxes kept at once.
    pub max_boxes: usize,
    /// Most box splits.
    pub max_splits: usize,
    /// The wall-clock limit in seconds (`null`: none).
    pub time_s: Option<f64>,
    /// Most evaluations (`null`: none).
    pub max_evaluations: Option<usize>,
}

/// Counts of the certificate's evaluations.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct CertifyEvaluations {
    /// Interval evaluations (value and gradient each).
    pub interval: usize,
    /// Point evaluations of the polishes that look for a low upper bound.
    pub point: usize,
}

/// `nabla min --certify`: proven bounds on the global minimum over a box.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct CertifyAnswer {
    /// The version of this document's keys.
    pub schema_version: SchemaVersion,
    /// The formula as nabla reads it (`null` when too large to print).
    pub formula: Option<String>,
    /// The variables, in order.
    pub vars: Vec<String>,
    /// The box, one `[low, high]` per variable.
    #[serde(rename = "box")]
    pub bounds: Vec<(f64, f64)>,
    /// The settings it ran with.
    pub settings: CertifySettings,
    /// How it ended.
    pub stop: SearchStop,
    /// Whether the global minimum over the box is proven within the tolerance.
    pub certified: bool,
    /// The proven lower bound `L` (`null` when `-inf`).
    pub lower: Option<f64>,
    /// The upper bound `U`, a value of `f` at `point` or above it (`null` without a point).
    pub upper: Option<f64>,
    /// The best point found (`null` without one).
    pub point: Option<Vec<f64>>,
    /// The regions that may hold global minimizers (every one of them, when certified).
    pub regions: Vec<RegionAnswer>,
    /// Boxes bounded.
    pub boxes: usize,
    /// Evaluations.
    pub evaluations: CertifyEvaluations,
    /// Some part of the box is outside the domain; the bounds are over where `f` is defined.
    pub partly_undefined: bool,
    /// Wall-clock seconds.
    pub elapsed_s: f64,
    /// `certified` (exit 0), `unbounded` or `not_certified` (exit 1).
    pub verdict: Verdict,
    /// The certificate itself, for text output.
    #[serde(skip)]
    pub certificate: Certificate,
}

/// Proves bounds on the global minimum of `f` over `bounds` ([`crate::certify()`]) and
/// concludes: exit 0 only with a certificate.
///
/// ```
/// let f = nabla::Function::parse("x^2 + y^2").unwrap();
/// let a = nabla::answer::certify(&f, &[(-5.0, 5.0); 2], &nabla::CertifyOptions::default()).unwrap();
/// assert!(a.certified);
/// assert_eq!(a.verdict.exit.code(), 0);
/// ```
pub fn certify(
    f: &Function,
    bounds: &[(f64, f64)],
    opts: &CertifyOptions,
) -> Result<CertifyAnswer, CertifyError> {
    let c = crate::certify(f, bounds, opts)?;
    let verdict = match (&c.status, c.failure()) {
        (_, None) => Verdict::new(
            VerdictKind::Certified,
            tr!(
                "min-certify-verdict-certified",
                lower = fmt_number(c.lower),
                upper = fmt_number(c.upper)
            ),
            tr!("min-evidence-branch-and-bound"),
            Exit::Success,
        ),
        (CertifyStatus::Unbounded { near }, Some(why)) => Verdict::new(
            VerdictKind::Unbounded,
            why,
            tr!(
                "min-certify-evidence-unbounded",
                bounds = near
                    .iter()
                    .map(|(lo, hi)| format!("[{}, {}]", fmt_number(*lo), fmt_number(*hi)))
                    .collect::<Vec<_>>()
                    .join(" x ")
            ),
            Exit::Failure,
        ),
        (_, Some(why)) => Verdict::new(VerdictKind::NotCertified, why, "", Exit::Failure),
    };
    Ok(CertifyAnswer {
        schema_version: SchemaVersion::V1,
        formula: f.formula().to_infix().ok(),
        vars: f.var_names().iter().map(|s| s.to_string()).collect(),
        bounds: bounds.to_vec(),
        settings: CertifySettings {
            tol: opts.tol,
            max_boxes: opts.max_boxes,
            max_splits: opts.max_splits,
            time_s: opts.time.map(|t: Duration| t.as_secs_f64()),
            max_evaluations: opts.max_evals,
        },
        stop: SearchStop {
            reason: match &c.status {
                CertifyStatus::Certified => "certified",
                CertifyStatus::Budget { .. } => "budget",
                CertifyStatus::NoPoint => "no_point",
                CertifyStatus::Unbounded { .. } => "unbounded",
            }
            .to_string(),
            budget: match &c.status {
                CertifyStatus::Budget { which } => Some(which.to_string()),
                _ => None,
            },
            near: match &c.status {
                CertifyStatus::Unbounded { near } => Some(near.clone()),
                _ => None,
            },
            sentence: c
                .failure()
                .unwrap_or_else(|| tr!("min-certify-stop-certified")),
        },
        certified: c.certified(),
        lower: real(c.lower),
        upper: real(c.upper),
        point: c.best.clone(),
        regions: c
            .minimizers
            .iter()
            .map(|r| RegionAnswer {
                hull: r.hull.clone(),
                boxes: r.boxes,
                lower: real(r.lower),
                holds_best: r.holds_best,
                refined: r.refined,
                extended: r.extended,
            })
            .collect(),
        boxes: c.boxes,
        evaluations: CertifyEvaluations {
            interval: c.evaluations,
            point: c.local_evaluations,
        },
        partly_undefined: c.partly_undefined,
        elapsed_s: c.time.as_secs_f64(),
        verdict,
        certificate: c,
    })
}

/// Why `--global` could not search the box written `box_text`, with its exit class: no start in
/// the box where the function and its gradient are finite is bad usage (exit 2, like a
/// non-finite start); anything else a numerical failure (exit 1).
///
/// ```
/// let e = nabla::optim::OptimError::NonFiniteStart { value: f64::NAN };
/// let (exit, why) = nabla::answer::global_error(&e, "-1..0");
/// assert_eq!(exit.code(), 2);
/// assert!(why.contains("choose a box inside the function's domain"));
/// ```
pub fn global_error(e: &OptimError, box_text: &str) -> (Exit, String) {
    match e {
        OptimError::NonFiniteStart { .. } => (
            Exit::Usage,
            tr!("min-global-error-start", bounds = box_text),
        ),
        other => (Exit::Failure, other.to_string()),
    }
}

/// Why `--certify` could not start, with its exit class: a formula defined nowhere in the box is
/// a numerical failure (exit 1), a malformed request (box, tolerance) bad usage (exit 2).
///
/// ```
/// let (exit, _) = nabla::answer::certify_error(&nabla::CertifyError::NowhereDefined);
/// assert_eq!(exit.code(), 1);
/// ```
pub fn certify_error(e: &CertifyError) -> (Exit, String) {
    match e {
        CertifyError::NowhereDefined => (Exit::Failure, e.to_string()),
        other => (Exit::Usage, other.to_string()),
    }
}
