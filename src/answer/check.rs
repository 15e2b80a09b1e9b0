//! The answers of `nabla check`, one [`CheckAnswer`] tagged by `mode`: central differences at
//! points ([`CentralCheckAnswer`], built by [`check`]), the step sweep for teaching
//! ([`SweepAnswer`], [`check_sweep`]) and hand-derived partials against the exact ones
//! ([`HandCheckAnswer`], [`check_hand`]).
//!
//! Invariants: a count is `n_...` (`n_points`), a list is plural (`rows`); every row compares one
//! partial (at one point for central differences), and its `outcome` is that row's, while the
//! `verdict` is the answer's: [`VerdictKind::Agrees`] (exit 0) when something was compared and
//! nothing disagrees, [`VerdictKind::Disagrees`] (exit 1) when something disagrees,
//! [`VerdictKind::Unresolved`] (exit 1) when the finite difference resolves no partial at its
//! step, [`VerdictKind::NothingCompared`] (exit 1) when kinks or non-finite values left nothing
//! to compare. The sentence is the report's last line, the evidence its method line.

use std::fmt;

use schemars::JsonSchema;
use serde::Serialize;

use super::{real, Exit, SchemaVersion, Verdict, VerdictKind};
pub use crate::check::SweepColumn;
use crate::check::Verdict as RowVerdict;
use crate::{
    check_objective as central_check, fmt_number, sweep_objective, tr, verify_gradient,
    verify_gradient_values, CheckError, CheckOptions, CheckReport, Diagnosis, HandReport,
    HandValues, HandVerdict, Objective, Precision, Problem, SampleBox, Step, SweepReport,
    VerifyOptions,
};

/// Random points added to those given: `n_points` drawn uniformly from `box` with `seed`.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct RandomPoints {
    /// How many points.
    pub n_points: usize,
    /// One `[lo, hi]` per variable.
    #[serde(rename = "box")]
    pub bounds: Vec<[f64; 2]>,
    /// The seed (the same seed draws the same points).
    pub seed: u64,
}

impl RandomPoints {
    /// `n_points` random points of the box `bounds` (one `(lo, hi)` per variable), drawn with
    /// `seed`.
    ///
    /// ```
    /// let r = nabla::answer::RandomPoints::new(3, &[(-1.0, 1.0)], 7);
    /// assert_eq!(r.n_points, 3);
    /// ```
    pub fn new(n_points: usize, bounds: &[(f64, f64)], seed: u64) -> RandomPoints {
        RandomPoints {
            n_points,
            bounds: bounds.iter().map(|&(lo, hi)| [lo, hi]).collect(),
            seed,
        }
    }

    /// The points, for a function of `n` variables: [`CheckError::TooManyPoints`] beyond
    /// [`MAX_RANDOM_POINTS`](crate::limits::MAX_RANDOM_POINTS), [`CheckError::BoxDimension`]
    /// unless the box has `n` intervals, [`CheckError::BadBox`] for an interval that is empty or
    /// not finite.
    ///
    /// ```
    /// let r = nabla::answer::RandomPoints::new(2, &[(0.0, 1.0)], 1);
    /// assert_eq!(r.sample(1).unwrap().len(), 2);
    /// assert!(r.sample(2).is_err());
    /// assert!(nabla::answer::RandomPoints::new(1, &[(1.0, 0.0)], 1).sample(1).is_err());
    /// ```
    pub fn sample(&self, n: usize) -> Result<Vec<Vec<f64>>, CheckError> {
        let max = crate::limits::MAX_RANDOM_POINTS;
        if u64::try_from(self.n_points).map_or(true, |n| n > max) {
            return Err(CheckError::TooManyPoints {
                n: self.n_points,
                max: usize::try_from(max).unwrap_or(usize::MAX),
            });
        }
        if self.bounds.len() != n {
            return Err(CheckError::BoxDimension {
                expected: n,
                found: self.bounds.len(),
            });
        }
        let b = SampleBox::new(self.bounds.iter().map(|b| (b[0], b[1])).collect())?;
        Ok(b.sample(self.n_points, self.seed))
    }
}

/// What `nabla check` (central differences) asks: points, random points, the method's options.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct CheckRequest {
    /// The points given, one number per variable each.
    pub points: Vec<Vec<f64>>,
    /// Random points checked after them.
    pub random: Option<RandomPoints>,
    /// The step, tolerances and precision.
    pub options: CheckOptions,
}

impl CheckRequest {
    /// A request for `points` with `options` and no random points.
    ///
    /// ```
    /// let r = nabla::answer::CheckRequest::new(vec![vec![1.0]], Default::default());
    /// assert!(r.random.is_none());
    /// ```
    pub fn new(points: Vec<Vec<f64>>, options: CheckOptions) -> CheckRequest {
        CheckRequest {
            points,
            random: None,
            options,
        }
    }
}

/// What `nabla check` actually ran with, defaults resolved.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct CheckSettings {
    /// The fixed step, or `null` for the automatic rule (`step_rule`).
    pub step: Option<f64>,
    /// The step rule in words.
    pub step_rule: String,
    /// Relative tolerance.
    pub rtol: f64,
    /// Absolute tolerance.
    pub atol: f64,
    /// The type the finite differences were evaluated in: `f64` or `f32`.
    pub precision: String,
    /// The random points, if any.
    pub random: Option<RandomPoints>,
}

/// The outcome of one row of a check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RowOutcome {
    /// The two agree within the tolerance.
    Agrees,
    /// They do not.
    Disagrees,
    /// At or within a step of a kink or singular point: not compared.
    Kink,
    /// A value needed is not finite: not compared.
    NotFinite,
    /// The finite difference cannot resolve the partial at this step: not compared.
    Unresolved,
    /// Not compared at any point (a hand check whose exact partial is never finite).
    Unchecked,
}

/// One partial derivative at one point, exact against central differences.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct CheckRow {
    /// The point.
    pub point: Vec<f64>,
    /// The value there (`null` if not finite).
    pub value: Option<f64>,
    /// The variable of the partial.
    pub var: String,
    /// The partial checked: the exact one (reverse mode) for a formula, else the gradient
    /// function's.
    pub exact: Option<f64>,
    /// The central-difference estimate.
    pub estimate: Option<f64>,
    /// The step used.
    pub step: Option<f64>,
    /// `|exact - estimate|`.
    pub abs_error: Option<f64>,
    /// `|exact - estimate| / max(|exact|, |estimate|)`; `null` where both are below `atol`.
    pub rel_error: Option<f64>,
    /// What the finite difference cannot resolve at this step (truncation and round-off).
    pub fd_error_bound: Option<f64>,
    /// The allowed `|exact - estimate|`.
    pub tolerance: Option<f64>,
    /// This row's outcome.
    pub outcome: RowOutcome,
    /// Why it was not compared (kinks, non-finite values, unresolved steps), else `null`.
    pub reason: Option<String>,
}

/// How many partials had each outcome.
#[derive(Clone, Copy, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct CheckCounts {
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
    /// Partials the finite difference cannot resolve at its step.
    pub unresolved: usize,
}

/// The exact gradient against central differences at points (`nabla check`).
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct CentralCheckAnswer {
    /// The version of this document's keys.
    pub schema_version: SchemaVersion,
    /// The formula as nabla reads it (`null` when too large to print, or not a formula).
    pub formula: Option<String>,
    /// The function when it is not a formula, in words (`python function f`), else `null`.
    pub function: Option<String>,
    /// The gradient checked when it is not nabla's exact one, in words (`python function
    /// grad`), else `null`.
    pub gradient: Option<String>,
    /// The variables, in order.
    pub vars: Vec<String>,
    /// What the check ran with.
    pub settings: CheckSettings,
    /// How many points were checked (given and random).
    pub n_points: usize,
    /// One row per point and variable, points in the order checked.
    pub rows: Vec<CheckRow>,
    /// The point whose partials are furthest past their tolerance (`null` if nothing compared).
    pub worst_point: Option<Vec<f64>>,
    /// How many partials had each outcome.
    pub counts: CheckCounts,
    /// Remarks.
    pub notes: Vec<String>,
    /// The fixed step given cannot resolve the partials in double precision, and the default
    /// step would: a front end says how to leave the step unset (the CLI: leave out `--step`).
    pub default_step_resolves: bool,
    /// `agrees`, `disagrees`, `unresolved` or `nothing_compared`.
    pub verdict: Verdict,
    #[serde(skip)]
    #[schemars(skip)]
    report: Option<CheckReport>,
}

/// What a sweep ran with.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct SweepSettings {
    /// The type the differences were evaluated in: `f64` or `f32`.
    pub precision: String,
}

/// The error of forward and central differences across the steps 1e-1 .. 1e-13 at one point
/// (`nabla check --sweep`).
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct SweepAnswer {
    /// The version of this document's keys.
    pub schema_version: SchemaVersion,
    /// The formula as nabla reads it (`null` when too large to print, or not a formula).
    pub formula: Option<String>,
    /// The function when it is not a formula, in words (`python function f`), else `null`.
    pub function: Option<String>,
    /// The gradient the errors are measured against when it is not nabla's exact one, in words
    /// (`python function grad`), else `null`.
    pub gradient: Option<String>,
    /// The variables, in order.
    pub vars: Vec<String>,
    /// The point.
    pub point: Vec<f64>,
    /// What the sweep ran with.
    pub settings: SweepSettings,
    /// The steps, largest first.
    pub steps: Vec<f64>,
    /// One column per variable.
    pub columns: Vec<SweepColumn>,
    /// `f` at the point (`null` where it is not a finite number: outside the domain).
    pub value: Option<f64>,
    /// `computed`; `not_finite` (exit 1) where `f` is not defined at the point;
    /// `nothing_compared` (exit 1) where no difference is finite at any step.
    pub verdict: Verdict,
    #[serde(skip)]
    #[schemars(skip)]
    report: Option<SweepReport>,
}

/// What a hand check ran with.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct HandSettings {
    /// Relative tolerance.
    pub rtol: f64,
    /// Absolute tolerance.
    pub atol: f64,
    /// The random points, if any.
    pub random: Option<RandomPoints>,
}

/// The comparison at the worst point of a hand-derived partial.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct HandWorst {
    /// The point.
    pub point: Vec<f64>,
    /// The exact partial there.
    pub exact: Option<f64>,
    /// The hand formula's value there.
    pub hand: Option<f64>,
    /// `|exact - hand|`.
    pub abs_error: Option<f64>,
    /// `|exact - hand| / max(|exact|, |hand|)`.
    pub rel_error: Option<f64>,
}

/// One hand-derived partial, compared at every point.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct HandRow {
    /// The variable of the partial.
    pub var: String,
    /// The hand formula as given (for a gradient function, the entry it returns:
    /// `my_grad(x)[0]`).
    pub hand_formula: String,
    /// The exact partial as text (`null` if too large to print).
    pub exact_formula: Option<String>,
    /// `agrees`, `disagrees`, or `unchecked` (no point could be compared).
    pub outcome: RowOutcome,
    /// Points compared.
    pub n_compared: usize,
    /// Points where they disagree.
    pub n_disagreeing: usize,
    /// Points skipped because the exact partial is not finite there.
    pub n_skipped: usize,
    /// The worst point (largest difference relative to the tolerance).
    pub worst: Option<HandWorst>,
    /// A simple relation explaining a disagreement, when one fits every point.
    pub diagnosis: Option<Diagnosis>,
    /// The diagnosis in words (`null` without one).
    pub diagnosis_sentence: Option<String>,
}

/// Hand-derived partials against the exact gradient (`nabla check --grad`).
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct HandCheckAnswer {
    /// The version of this document's keys.
    pub schema_version: SchemaVersion,
    /// The formula as nabla reads it (`null` when too large to print).
    pub formula: Option<String>,
    /// Where the hand-derived partials come from: `null` for formulas (each row's
    /// `hand_formula`), else the function that computed them, in words (`python function
    /// my_grad`).
    pub hand: Option<String>,
    /// The variables, in order.
    pub vars: Vec<String>,
    /// What the check ran with.
    pub settings: HandSettings,
    /// How many points were compared (given and random).
    pub n_points: usize,
    /// One row per hand-derived partial.
    pub rows: Vec<HandRow>,
    /// When the partials all agree once reordered, the variables in that order.
    pub agreeing_order: Option<Vec<String>>,
    /// `agrees`, `disagrees` or `nothing_compared`.
    pub verdict: Verdict,
    #[serde(skip)]
    #[schemars(skip)]
    report: Option<HandReport>,
}

/// The answer of `nabla check`, tagged by `mode`: `central`, `sweep` or `hand`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(tag = "mode", rename_all = "snake_case")]
#[non_exhaustive]
pub enum CheckAnswer {
    /// Central differences at points.
    Central(Box<CentralCheckAnswer>),
    /// The step sweep at one point.
    Sweep(SweepAnswer),
    /// Hand-derived partials.
    Hand(HandCheckAnswer),
}

impl CheckAnswer {
    /// The answer's verdict.
    pub fn verdict(&self) -> &Verdict {
        match self {
            CheckAnswer::Central(a) => &a.verdict,
            CheckAnswer::Sweep(a) => &a.verdict,
            CheckAnswer::Hand(a) => &a.verdict,
        }
    }
}

fn precision_text(p: Precision) -> String {
    p.to_string()
}

fn points_of(
    n: usize,
    req_points: &[Vec<f64>],
    random: Option<&RandomPoints>,
) -> Result<Vec<Vec<f64>>, CheckError> {
    let mut points = req_points.to_vec();
    if let Some(r) = random {
        points.extend(r.sample(n)?);
    }
    Ok(points)
}

/// Checks the exact gradient of `f` against central differences at the request's points.
///
/// ```
/// use nabla::answer::{check, CheckRequest, VerdictKind};
/// let f = nabla::Function::parse("x^2*y").unwrap();
/// let a = check(&f, &CheckRequest::new(vec![vec![1.0, 2.0]], Default::default())).unwrap();
/// assert_eq!((a.verdict.kind, a.rows.len(), a.rows[0].exact), (VerdictKind::Agrees, 2, Some(4.0)));
/// let opts = nabla::CheckOptions { step: nabla::Step::Fixed(1e-300), ..Default::default() };
/// let a = check(&f, &CheckRequest::new(vec![vec![1.0, 2.0]], opts)).unwrap();
/// assert_eq!((a.verdict.kind, a.verdict.exit.code()), (VerdictKind::Unresolved, 1));
/// ```
pub fn check(f: &Problem, req: &CheckRequest) -> Result<CentralCheckAnswer, CheckError> {
    check_objective(&mut crate::check::ProblemObjective::new(f), req)
}

/// Checks the gradient of any [`Objective`] (a function and its gradient given as code)
/// against central differences at the request's points: [`check`] without a formula. The
/// answer's `formula`, `function` and `gradient` say where both came from
/// ([`Objective::source`]).
///
/// ```
/// use nabla::answer::{check_objective, CheckRequest, VerdictKind};
/// use nabla::{FnObjective, Source};
/// let mut obj = FnObjective::new(
///     vec!["x".into()],
///     |p: &[f64]| Ok(p[0].exp()),
///     |p: &[f64], g: &mut [f64]| { g[0] = 2.0 * p[0].exp(); Ok(()) },
/// )
/// .with_source(Source::code("exp", "2 exp"));
/// let a = check_objective(&mut obj, &CheckRequest::new(vec![vec![0.5]], Default::default())).unwrap();
/// assert_eq!((a.verdict.kind, a.formula, a.gradient.as_deref()), (VerdictKind::Disagrees, None, Some("2 exp")));
/// ```
pub fn check_objective<O: Objective + ?Sized>(
    f: &mut O,
    req: &CheckRequest,
) -> Result<CentralCheckAnswer, CheckError> {
    let points = points_of(f.input_names().len(), &req.points, req.random.as_ref())?;
    let report = central_check(f, &points, &req.options)?;
    let source = f.source();
    let s = report.summary;
    let (kind, exit) = if s.disagree > 0 {
        (VerdictKind::Disagrees, Exit::Failure)
    } else if s.agree > 0 {
        (VerdictKind::Agrees, Exit::Success)
    } else if s.unresolved == s.partials {
        (VerdictKind::Unresolved, Exit::Failure)
    } else {
        (VerdictKind::NothingCompared, Exit::Failure)
    };
    let verdict = Verdict::new(kind, report.conclusion(), report.method(), exit);
    let notes = Vec::new();
    let default_step_resolves = matches!(req.options.step, Step::Fixed(_))
        && req.options.precision == Precision::F64
        && report.resolution_limited();
    let rows = report
        .points
        .iter()
        .flat_map(|p| {
            p.partials.iter().map(move |c| {
                let (outcome, reason) = match &c.verdict {
                    RowVerdict::Agrees => (RowOutcome::Agrees, None),
                    RowVerdict::Disagrees => (RowOutcome::Disagrees, None),
                    RowVerdict::Kink { reason } => (RowOutcome::Kink, Some(reason.clone())),
                    RowVerdict::NotFinite { reason } => {
                        (RowOutcome::NotFinite, Some(reason.clone()))
                    }
                    RowVerdict::Unresolved { reason } => {
                        (RowOutcome::Unresolved, Some(reason.clone()))
                    }
                };
                CheckRow {
                    point: p.point.clone(),
                    value: p.value,
                    var: c.var.clone(),
                    exact: c.exact,
                    estimate: c.estimate,
                    step: real(c.step),
                    abs_error: c.abs_error,
                    rel_error: c.rel_error,
                    fd_error_bound: c.fd_error_bound,
                    tolerance: c.tolerance,
                    outcome,
                    reason,
                }
            })
        })
        .collect();
    let o = &req.options;
    Ok(CentralCheckAnswer {
        schema_version: SchemaVersion::V1,
        formula: source.formula,
        function: source.function,
        gradient: source.gradient,
        vars: report.vars.clone(),
        settings: CheckSettings {
            step: match o.step {
                Step::Fixed(h) => Some(h),
                Step::Auto => None,
            },
            step_rule: match o.step {
                Step::Fixed(h) => format!("h = {}", fmt_number(h)),
                Step::Auto => tr!("check-step-auto"),
            },
            rtol: o.rtol,
            atol: o.atol,
            precision: precision_text(o.precision),
            random: req.random.clone(),
        },
        n_points: report.points.len(),
        rows,
        worst_point: report.worst.map(|w| report.points[w].point.clone()),
        counts: CheckCounts {
            partials: s.partials,
            agree: s.agree,
            disagree: s.disagree,
            kink: s.kink,
            not_finite: s.not_finite,
            unresolved: s.unresolved,
        },
        notes,
        default_step_resolves,
        verdict,
        report: Some(report),
    })
}

/// The error of forward and central differences across the steps 1e-1 .. 1e-13 at `point`.
///
/// ```
/// let f = nabla::Function::parse("sin(x)").unwrap();
/// let a = nabla::answer::check_sweep(&f, &[1.0], nabla::Precision::F64).unwrap();
/// assert_eq!((a.steps.len(), a.verdict.exit.code()), (13, 0));
/// // Outside the domain there is no V to show: the verdict says f is not defined there.
/// let f = nabla::Function::parse("ln(x) + y^2").unwrap();
/// let a = nabla::answer::check_sweep(&f, &[-2.01, 1.01], nabla::Precision::F64).unwrap();
/// assert_eq!(a.verdict.kind, nabla::answer::VerdictKind::NotFinite);
/// assert_eq!((a.value, a.verdict.exit.code()), (None, 1));
/// ```
pub fn check_sweep(
    f: &Problem,
    point: &[f64],
    precision: Precision,
) -> Result<SweepAnswer, CheckError> {
    check_sweep_objective(
        &mut crate::check::ProblemObjective::new(f),
        point,
        precision,
    )
}

/// [`check_sweep`] for any [`Objective`]: the error of its differences against its gradient
/// across the steps 1e-1 .. 1e-13 at `point`.
///
/// ```
/// use nabla::FnObjective;
/// let mut obj = FnObjective::new(
///     vec!["x".into()],
///     |p: &[f64]| Ok(p[0].sin()),
///     |p: &[f64], g: &mut [f64]| { g[0] = p[0].cos(); Ok(()) },
/// );
/// let a = nabla::answer::check_sweep_objective(&mut obj, &[1.0], nabla::Precision::F64).unwrap();
/// assert_eq!((a.steps.len(), a.formula), (13, None));
/// ```
pub fn check_sweep_objective<O: Objective + ?Sized>(
    f: &mut O,
    point: &[f64],
    precision: Precision,
) -> Result<SweepAnswer, CheckError> {
    let report = sweep_objective(f, point, precision)?;
    let columns = report.columns.clone();
    let source = f.source();
    let precision_word = precision.to_string();
    let against = if source.gradient.is_some() {
        tr!("check-sweep-against-given", precision = &precision_word)
    } else {
        tr!("check-sweep-against-exact", precision = &precision_word)
    };
    let verdict = match report.failure() {
        None => Verdict::new(
            VerdictKind::Computed,
            tr!("check-sweep-sentence"),
            against,
            Exit::Success,
        ),
        Some(sentence) => Verdict::new(
            if report.value.is_none() {
                VerdictKind::NotFinite
            } else {
                VerdictKind::NothingCompared
            },
            sentence,
            against,
            Exit::Failure,
        ),
    };
    Ok(SweepAnswer {
        schema_version: SchemaVersion::V1,
        formula: source.formula,
        function: source.function,
        gradient: source.gradient,
        vars: report.vars.clone(),
        point: report.point.clone(),
        settings: SweepSettings {
            precision: precision_text(precision),
        },
        steps: report.steps.clone(),
        columns,
        value: report.value,
        verdict,
        report: Some(report),
    })
}

/// What `nabla check --grad` asks: the hand-derived partials, points, random points, tolerances.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct HandRequest {
    /// `(variable, formula)` pairs.
    pub hand: Vec<(String, String)>,
    /// The points given.
    pub points: Vec<Vec<f64>>,
    /// Random points compared after them.
    pub random: Option<RandomPoints>,
    /// The tolerances.
    pub options: VerifyOptions,
}

impl HandRequest {
    /// A request to compare `hand` (`(variable, formula)` pairs) at `points`.
    ///
    /// ```
    /// let r = nabla::answer::HandRequest::new(&[("x", "2*x")], vec![vec![1.0]]);
    /// assert_eq!(r.hand[0].1, "2*x");
    /// ```
    pub fn new(hand: &[(&str, &str)], points: Vec<Vec<f64>>) -> HandRequest {
        HandRequest {
            hand: hand
                .iter()
                .map(|(v, t)| (v.to_string(), t.to_string()))
                .collect(),
            points,
            random: None,
            options: VerifyOptions::default(),
        }
    }

    /// A request to compare `formulas`, one per differentiation variable of `f` in its order,
    /// at `points`; [`CheckError::HandCount`] when their number is not the number of variables.
    ///
    /// ```
    /// let f = nabla::Function::parse("x^2*y").unwrap();
    /// let r = nabla::answer::HandRequest::in_order(&f, &["2*x*y", "x^2"], vec![]).unwrap();
    /// assert_eq!(r.hand[1], ("y".to_string(), "x^2".to_string()));
    /// assert!(nabla::answer::HandRequest::in_order(&f, &["2*x*y"], vec![]).is_err());
    /// ```
    pub fn in_order(
        f: &Problem,
        formulas: &[&str],
        points: Vec<Vec<f64>>,
    ) -> Result<HandRequest, CheckError> {
        let names = f.wrt_names();
        if formulas.len() != names.len() {
            return Err(CheckError::HandCount {
                found: formulas.len(),
                expected: names.len(),
                names: names.join(", "),
            });
        }
        let pairs: Vec<(&str, &str)> = names
            .iter()
            .copied()
            .zip(formulas.iter().copied())
            .collect();
        Ok(HandRequest::new(&pairs, points))
    }
}

/// A hand-derived gradient computed by code (the person's own gradient function), for
/// [`check_hand_fn`].
#[non_exhaustive]
pub struct HandFn<G> {
    /// Where it comes from, in words, for the answer's `hand` (`python function my_grad`).
    pub source: String,
    /// How each entry is shown in place of a formula (`my_grad(x)[0]`), one per
    /// differentiation variable in order.
    pub labels: Vec<String>,
    /// Writes the gradient at a point, one entry per differentiation variable.
    pub grad: G,
}

impl<G> HandFn<G>
where
    G: FnMut(&[f64], &mut [f64]) -> Result<(), CheckError>,
{
    /// The gradient function `grad`, described as `source`, its entries shown as `labels`.
    ///
    /// ```
    /// let g = nabla::answer::HandFn::new("g", vec!["g[0]".into()], |x: &[f64], out: &mut [f64]| {
    ///     out[0] = 2.0 * x[0];
    ///     Ok(())
    /// });
    /// assert_eq!(g.labels.len(), 1);
    /// ```
    pub fn new(source: &str, labels: Vec<String>, grad: G) -> HandFn<G> {
        HandFn {
            source: source.to_string(),
            labels,
            grad,
        }
    }
}

/// Compares hand-derived partials with the exact ones at the request's points.
///
/// ```
/// use nabla::answer::{check_hand, HandRequest, VerdictKind};
/// let f = nabla::Function::parse("x^2*y").unwrap();
/// let pts = vec![vec![1.0, 2.0], vec![-3.0, 0.5]];
/// let ok = check_hand(&f, &HandRequest::new(&[("x", "2*x*y"), ("y", "x^2")], pts.clone())).unwrap();
/// assert_eq!((ok.verdict.kind, ok.verdict.exit.code()), (VerdictKind::Agrees, 0));
/// let bad = check_hand(&f, &HandRequest::new(&[("x", "x*y")], pts)).unwrap();
/// assert_eq!((bad.verdict.kind, bad.verdict.exit.code()), (VerdictKind::Disagrees, 1));
/// ```
pub fn check_hand(f: &Problem, req: &HandRequest) -> Result<HandCheckAnswer, CheckError> {
    let points = points_of(f.n_inputs(), &req.points, req.random.as_ref())?;
    let hand: Vec<(&str, &str)> = req
        .hand
        .iter()
        .map(|(v, t)| (v.as_str(), t.as_str()))
        .collect();
    let report = verify_gradient(f, &hand, &points, &req.options)?;
    Ok(hand_answer(f, req, None, report))
}

/// Compares a hand-derived gradient computed by code (`hand.grad`, evaluated once at each of the
/// request's points) with the exact one: [`check_hand`] with the same verdicts and diagnosis
/// (sign, factor, swapped partials, offset). The request's `hand` formulas must be empty
/// ([`CheckError::HandBoth`]); the answer's `hand` is `hand.source`.
///
/// ```
/// use nabla::answer::{check_hand_fn, HandFn, HandRequest};
/// use nabla::Diagnosis;
/// let f = nabla::Function::parse("(1/16)*x^2 + 9*y^2").unwrap();
/// // The partials in the wrong order.
/// let g = HandFn::new("g", vec!["g[0]".into(), "g[1]".into()], |p: &[f64], out: &mut [f64]| {
///     out[0] = 18.0 * p[1];
///     out[1] = p[0] / 8.0;
///     Ok(())
/// });
/// let a = check_hand_fn(&f, &HandRequest::new(&[], vec![vec![2.0, 3.0], vec![-1.0, 0.5]]), g).unwrap();
/// assert_eq!(a.rows[0].diagnosis, Some(Diagnosis::Swapped { with: "y".into() }));
/// assert_eq!((a.hand.as_deref(), a.rows[1].hand_formula.as_str()), (Some("g"), "g[1]"));
/// ```
pub fn check_hand_fn<G>(
    f: &Problem,
    req: &HandRequest,
    mut hand: HandFn<G>,
) -> Result<HandCheckAnswer, CheckError>
where
    G: FnMut(&[f64], &mut [f64]) -> Result<(), CheckError>,
{
    if !req.hand.is_empty() {
        return Err(CheckError::HandBoth);
    }
    let points = points_of(f.n_inputs(), &req.points, req.random.as_ref())?;
    let names = f.wrt_names();
    let mut values = vec![Vec::with_capacity(points.len()); names.len()];
    let mut g = vec![0.0; names.len()];
    for x in &points {
        if x.len() != f.n_inputs() {
            return Err(CheckError::Dimension {
                expected: f.n_inputs(),
                found: x.len(),
            });
        }
        (hand.grad)(x, &mut g)?;
        for (v, gi) in values.iter_mut().zip(&g) {
            v.push(*gi);
        }
    }
    let hv: Vec<HandValues> = names
        .iter()
        .zip(values)
        .enumerate()
        .map(|(i, (name, v))| {
            let label = hand.labels.get(i).cloned().unwrap_or_else(|| {
                tr!(
                    "check-hand-entry",
                    index = i.to_string(),
                    source = &hand.source
                )
            });
            HandValues::new(name, &label, v)
        })
        .collect();
    let report = verify_gradient_values(f, &hv, &points, &req.options)?;
    Ok(hand_answer(f, req, Some(hand.source), report))
}

/// The answer of a hand check from its report; `source` is where the hand partials came from
/// when not from formulas.
fn hand_answer(
    f: &Problem,
    req: &HandRequest,
    source: Option<String>,
    report: HandReport,
) -> HandCheckAnswer {
    let bad: Vec<String> = report
        .components
        .iter()
        .filter(|c| c.verdict == HandVerdict::Disagrees)
        .map(|c| format!("df/d{}", c.var))
        .collect();
    let unchecked: Vec<String> = report
        .components
        .iter()
        .filter(|c| c.verdict == HandVerdict::Unchecked)
        .map(|c| format!("df/d{}", c.var))
        .collect();
    let (kind, sentence, exit) = if report.passed() {
        (
            VerdictKind::Agrees,
            tr!("check-hand-all-agree"),
            Exit::Success,
        )
    } else if !bad.is_empty() {
        (
            VerdictKind::Disagrees,
            tr!(
                "check-hand-disagree-sentence",
                partials = bad.join(&tr!("check-list-sep")),
                count = bad.len()
            ),
            Exit::Failure,
        )
    } else {
        (
            VerdictKind::NothingCompared,
            tr!(
                "check-hand-nothing",
                partials = unchecked.join(&tr!("check-list-sep"))
            ),
            Exit::Failure,
        )
    };
    let evidence = tr!(
        "check-hand-evidence",
        count = report.points,
        rtol = fmt_number(req.options.rtol),
        atol = fmt_number(req.options.atol)
    );
    let rows = report
        .components
        .iter()
        .map(|c| HandRow {
            var: c.var.clone(),
            hand_formula: c.formula.clone(),
            exact_formula: c.exact_formula.clone(),
            outcome: match c.verdict {
                HandVerdict::Agrees => RowOutcome::Agrees,
                HandVerdict::Disagrees => RowOutcome::Disagrees,
                _ => RowOutcome::Unchecked,
            },
            n_compared: c.compared,
            n_disagreeing: c.disagreeing,
            n_skipped: c.skipped,
            worst: c.worst.as_ref().map(|w| HandWorst {
                point: w.point.clone(),
                exact: w.exact,
                hand: w.hand,
                abs_error: w.abs_error,
                rel_error: w.rel_error,
            }),
            diagnosis: c.diagnosis.clone(),
            diagnosis_sentence: c.diagnosis.as_ref().map(|d| d.to_string()),
        })
        .collect();
    HandCheckAnswer {
        schema_version: SchemaVersion::V1,
        formula: f.formula().to_infix().ok(),
        hand: source,
        vars: report.vars.clone(),
        settings: HandSettings {
            rtol: req.options.rtol,
            atol: req.options.atol,
            random: req.random.clone(),
        },
        n_points: report.points,
        rows,
        agreeing_order: report.agreeing_order(),
        verdict: Verdict::new(kind, sentence, evidence, exit),
        report: Some(report),
    }
}

/// The report as text: the table (or the worst point), the counts and the conclusion.
impl fmt::Display for CentralCheckAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.report {
            Some(r) => write!(f, "{r}"),
            None => writeln!(f, "{}", self.verdict.sentence),
        }
    }
}

/// The sweep as text: one table of errors per variable.
impl fmt::Display for SweepAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.report {
            Some(r) => write!(f, "{r}"),
            None => writeln!(f, "{}", self.verdict.sentence),
        }
    }
}

/// The hand check as text: each partial's outcome, worst point and diagnosis.
impl fmt::Display for HandCheckAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.report {
            Some(r) => write!(f, "{r}"),
            None => writeln!(f, "{}", self.verdict.sentence),
        }
    }
}
