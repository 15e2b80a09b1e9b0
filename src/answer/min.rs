//! The answers of `nabla min`: one run ([`MinAnswer`], built by [`min`]), several methods from
//! one start ([`CompareAnswer`], [`compare`]), the global search over a box ([`GlobalAnswer`],
//! [`global`]) and the interval certificate ([`CertifyAnswer`], [`certify`]); and the one path
//! from a point to its verdict, [`judge`]: classify the point, look for evidence that the
//! function is unbounded below when it is no minimum, and conclude (kind, sentence, evidence,
//! exit class). `nabla min` and `nabla plot` both call [`judge`]; no front end classifies.
//!
//! Verdict kinds of a run ([`judge`]) and their exit classes:
//!
//! | kind | exit | when |
//! |---|---|---|
//! | `local_minimum` | 0 | the point is a local minimum (second order, sampling or kink) |
//! | `not_classified` | 0 | too many variables for a dense Hessian: the run's stop is the answer |
//! | `saddle`, `local_maximum`, `degenerate`, `not_stationary`, `slope`, `not_classified` | 1 | not a minimum (`not_classified` with exit 1: no Hessian) |
//! | `unbounded` | 1 | the values fall without bound from the point |
//! | `diverged` | 1 | the run diverged (and no unboundedness was found) |
//! | `unstable_step` | 1 | a fixed step that is unstable at the minimum it started on |
//! | `inconclusive` | 3 | stationary to rounding, double precision cannot decide |
//!
//! `--global`: `certified` (0), `best_found` (0: the best of the local minima found, not proven
//! global), `unbounded`, `no_minimum_found` and `not_minimum` (1). `--certify`: `certified` (0),
//! `unbounded` and `not_certified` (1). `--compare`: `compared` (0), each run with its own
//! verdict from [`judge`].
//!
//! Invariants: a `local_minimum` verdict is given only to a point [`classify`] calls a local
//! minimum; exit 3 only for [`PointKind::Inconclusive`]; every number that is not finite is
//! `null` in JSON.

use schemars::JsonSchema;
use serde::Serialize;

use super::search::{CertifyAnswer, GlobalAnswer};
use super::{real, tuple_names, tuple_values, Exit, SchemaVersion, Verdict, VerdictKind};
use crate::display::fmt_number;
use crate::optim::{
    classify, minimize_with_progress, probe_unbounded, Classification, ClassifyTol, Method,
    OptimError, OptimReport, PointKind, StopReason, StopRule, Unbounded,
};
use crate::tr;
use crate::Function;

/// Functions with more variables than this are not classified (the dense Hessian is n^2).
pub const CLASSIFY_MAX_DIM: usize = 200;

/// The settings a method ran with, defaults resolved: `{"lr": 0.01, "decay": 0}`.
pub type Settings = serde_json::Map<String, serde_json::Value>;

/// The four answers of `nabla min` (one run, `--compare`, `--global`, `--certify`): what
/// `nabla schema min` describes, each with `command` `min`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum MinAnswers {
    /// One run.
    Min(MinAnswer),
    /// `--compare`.
    Compare(CompareAnswer),
    /// `--global`.
    Global(GlobalAnswer),
    /// `--certify`.
    Certify(CertifyAnswer),
}

/// Counts of evaluations of one run.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct Evaluations {
    /// Evaluations of the value (a value-and-gradient evaluation counts here and in `gradient`).
    pub value: usize,
    /// Evaluations of the gradient.
    pub gradient: usize,
    /// Evaluations of the Hessian.
    pub hessian: usize,
}

/// Why a run stopped.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct Stop {
    /// The reason for scripts: `gradient_tolerance`, `max_iterations`, `stalled`, `time_limit`,
    /// `diverged`, `line_search_failed`, `simplex_collapsed`, `certified`.
    pub reason: String,
    /// The step that failed (`diverged`, `line_search_failed`).
    pub iteration: Option<usize>,
    /// The reason in words.
    pub sentence: String,
}

impl Stop {
    fn of(s: &StopReason) -> Stop {
        let (reason, iteration) = match s {
            StopReason::GradientTolerance => ("gradient_tolerance", None),
            StopReason::MaxIterations => ("max_iterations", None),
            StopReason::Stalled => ("stalled", None),
            StopReason::TimeLimit => ("time_limit", None),
            StopReason::Diverged { iter } => ("diverged", Some(*iter)),
            StopReason::LineSearchFailed { iter } => ("line_search_failed", Some(*iter)),
            StopReason::SimplexCollapsed => ("simplex_collapsed", None),
            StopReason::Certified => ("certified", None),
        };
        Stop {
            reason: reason.to_string(),
            iteration,
            sentence: s.to_string(),
        }
    }
}

/// Why a search over a box (`--global`, `--certify`) ended.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct SearchStop {
    /// The reason for scripts. `--global`: `certified`, `no_unseen_minima`, `no_improvement`,
    /// `unbounded`, `evaluation_budget`, `time_limit`, ...; `--certify`: `certified`, `budget`,
    /// `no_point`, `unbounded`.
    pub reason: String,
    /// `--certify` with reason `budget`: which one ran out (`splits`, `boxes`, `time`,
    /// `evaluations`, `resolution`, `range`).
    pub budget: Option<String>,
    /// With reason `unbounded`: the box, one `[low, high]` per variable, next to which `f` is
    /// unbounded below or undefined.
    pub near: Option<Vec<(f64, f64)>>,
    /// The reason in words.
    pub sentence: String,
}

/// The recorded iterates of a run (every `record_every`-th, and the last).
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct Path {
    /// The iteration number of each recorded point.
    pub iterations: Vec<usize>,
    /// The recorded points, one number per variable each.
    pub points: Vec<Vec<Option<f64>>>,
    /// The value at each recorded point.
    pub values: Vec<Option<f64>>,
}

/// What the damped Newton restart of the classification reached (evidence `restart`).
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct RestartAnswer {
    /// Where the restart reached its lowest value.
    pub point: Vec<Option<f64>>,
    /// That value.
    pub value: Option<f64>,
    /// How far it moved, relative to `max(|x_i|, 1)`.
    pub distance: Option<f64>,
    /// The Hessian's condition number at the point (`null` when infinite).
    pub condition: Option<f64>,
}

/// What kind of point a run ended at, and how that was established.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct PointClass {
    /// `local_minimum`, `local_maximum`, `saddle`, `degenerate`, `not_stationary`, `unknown`,
    /// `slope` or `inconclusive`.
    pub kind: String,
    /// How: `gradient`, `second_order` (the Hessian's eigenvalues), `sampling`, `kink` or
    /// `restart`.
    pub evidence: String,
    /// The kind in words.
    pub description: String,
    /// `max_i |df/dx_i|` at the point.
    pub max_abs_gradient: Option<f64>,
    /// The Hessian's eigenvalues, ascending (empty when not computed).
    pub eigenvalues: Vec<Option<f64>>,
    /// With evidence `restart`: what the restart reached.
    pub restart: Option<RestartAnswer>,
}

impl PointClass {
    fn of(c: &Classification) -> PointClass {
        let name = |v: serde_json::Value| v.as_str().unwrap_or("unknown").to_string();
        PointClass {
            kind: name(serde_json::to_value(c.kind).unwrap_or_default()),
            evidence: name(serde_json::to_value(c.evidence).unwrap_or_default()),
            description: c.to_string(),
            max_abs_gradient: real(c.grad_norm),
            eigenvalues: c.eigenvalues.iter().map(|v| real(*v)).collect(),
            restart: c.restart.as_ref().map(|r| RestartAnswer {
                point: r.point.iter().map(|v| real(*v)).collect(),
                value: real(r.value),
                distance: real(r.distance),
                condition: real(r.condition),
            }),
        }
    }
}

/// Evidence that the function is unbounded below: the values fell from the point's without
/// bound.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct UnboundedAnswer {
    /// How: along the descent direction, or toward the edge of the domain.
    pub how: String,
    /// The value at the point probed from.
    pub start_value: Option<f64>,
    /// The lowest value found.
    pub value: Option<f64>,
    /// Where it was found.
    pub point: Vec<Option<f64>>,
}

impl UnboundedAnswer {
    fn of(u: &Unbounded) -> UnboundedAnswer {
        UnboundedAnswer {
            how: u.how.to_string(),
            start_value: real(u.from),
            value: real(u.to),
            point: u.at.iter().map(|v| real(*v)).collect(),
        }
    }
}

/// What [`judge`] concluded about a point: its classification (none when not classified), the
/// evidence of unboundedness (looked for only when the point is no minimum), and the verdict.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Judgement {
    /// The classification, when the point was classified.
    pub class: Option<Classification>,
    /// Evidence that the function is unbounded below from the point.
    pub unbounded: Option<Unbounded>,
    /// The verdict.
    pub verdict: Verdict,
    /// The line that says what the point is: `local minimum (Hessian eigenvalues 2, 4)`,
    /// `unbounded below: ...`.
    pub point_text: String,
}

impl Judgement {
    /// Whether the point is a local minimum (the star of a plot).
    pub fn is_minimum(&self) -> bool {
        self.verdict.kind == VerdictKind::LocalMinimum
    }

    /// The short line `nabla plot` prints: `minimum found at (1, 2)`, `no minimum: the function
    /// is unbounded below (...)`, `no minimum found: the best end point (0, 0) is a saddle
    /// point`; `num` writes a number, as short as the picture's legend.
    pub fn short_text(&self, x: &[f64], num: &dyn Fn(f64) -> String) -> String {
        let tuple = |v: &[f64]| {
            let parts: Vec<String> = v.iter().map(|q| num(*q)).collect();
            format!("({})", parts.join(", "))
        };
        if self.is_minimum() {
            return tr!("min-short-minimum", point = tuple(x));
        }
        if let Some(u) = &self.unbounded {
            return tr!(
                "min-short-unbounded",
                how = &u.how,
                value = num(u.to),
                point = tuple(&u.at)
            );
        }
        let kind = match self.class.as_ref().map(|c| c.kind) {
            Some(PointKind::LocalMaximum) => tr!("min-short-kind-maximum"),
            Some(PointKind::Saddle) => tr!("min-short-kind-saddle"),
            Some(PointKind::Degenerate) => tr!("min-short-kind-degenerate"),
            Some(PointKind::NotStationary) => tr!("min-short-kind-not-stationary"),
            Some(PointKind::Slope) => tr!("min-short-kind-slope"),
            Some(PointKind::Inconclusive) => tr!("min-short-kind-inconclusive"),
            _ => tr!("min-short-kind-other"),
        };
        tr!("min-short-no-minimum", point = tuple(x), kind = kind)
    }
}

/// The one path from a point to its verdict: classify `x` (unless the run `stop`ped by
/// diverging or `f` has more than [`CLASSIFY_MAX_DIM`] variables), look for unboundedness when
/// it is no local minimum, and conclude. `method`, when given, is the fixed-step method that
/// ran: a minimum where its step is unstable is no success.
///
/// ```
/// use nabla::answer::{judge, VerdictKind};
/// let mut f = nabla::Function::parse("x^3").unwrap();
/// let j = judge(&mut f, &[0.0], None, None);
/// assert_eq!((j.verdict.kind, j.verdict.exit.code()), (VerdictKind::Saddle, 1));
/// let mut g = nabla::Function::parse("log(x) + x").unwrap();
/// assert_eq!(judge(&mut g, &[1e-300], None, None).verdict.kind, VerdictKind::Unbounded);
/// ```
pub fn judge(
    f: &mut Function,
    x: &[f64],
    stop: Option<&StopReason>,
    method: Option<&Method>,
) -> Judgement {
    let diverged = matches!(stop, Some(StopReason::Diverged { .. }));
    let class =
        (f.dim() <= CLASSIFY_MAX_DIM && !diverged).then(|| classify(f, x, &ClassifyTol::default()));
    let unbounded = match class.as_ref().map(|c| c.kind) {
        Some(PointKind::LocalMinimum) => None,
        _ => probe_unbounded(f, x),
    };
    let names: Vec<String> = f.var_names().iter().map(|s| s.to_string()).collect();
    let point_text = match &unbounded {
        Some(u) => tr!(
            "min-point-unbounded",
            how = &u.how,
            from = fmt_number(u.from),
            to = fmt_number(u.to),
            names = tuple_names(&names),
            point = tuple_values(&u.at)
        ),
        None => point_kind_text(class.as_ref(), f.dim(), diverged),
    };
    let evidence = evidence_text(class.as_ref());
    let unstable = method.and_then(|m| unstable_step(m, class.as_ref()));
    let verdict = if let Some(warning) = unstable {
        Verdict::new(VerdictKind::UnstableStep, warning, evidence, Exit::Failure)
    } else if let Some(u) = &unbounded {
        Verdict::new(
            VerdictKind::Unbounded,
            tr!("min-verdict-unbounded", how = &u.how),
            tr!(
                "min-evidence-unbounded",
                from = fmt_number(u.from),
                to = fmt_number(u.to),
                point = tuple_values(&u.at)
            ),
            Exit::Failure,
        )
    } else if let (true, Some(s)) = (diverged, stop) {
        Verdict::new(
            VerdictKind::Diverged,
            tr!("min-verdict-diverged", stop = s.to_string()),
            "",
            Exit::Failure,
        )
    } else {
        kind_verdict(class.as_ref(), f.dim(), evidence)
    };
    Judgement {
        class,
        unbounded,
        verdict,
        point_text,
    }
}

/// The verdict of a classified (or unclassified) point that is not unbounded.
fn kind_verdict(class: Option<&Classification>, dim: usize, evidence: String) -> Verdict {
    let Some(c) = class else {
        return Verdict::new(
            VerdictKind::NotClassified,
            tr!("min-not-classified-dim", count = dim),
            "",
            Exit::Success,
        );
    };
    let no = |kind, what: String| {
        Verdict::new(
            kind,
            tr!("min-verdict-no-minimum", what = what),
            evidence.clone(),
            Exit::Failure,
        )
    };
    match c.kind {
        PointKind::LocalMinimum => Verdict::new(
            VerdictKind::LocalMinimum,
            c.to_string(),
            evidence.clone(),
            Exit::Success,
        ),
        PointKind::Inconclusive => Verdict::new(
            VerdictKind::Inconclusive,
            tr!("min-verdict-inconclusive"),
            evidence.clone(),
            Exit::Inconclusive,
        ),
        PointKind::Saddle => no(VerdictKind::Saddle, tr!("min-what-saddle")),
        PointKind::LocalMaximum => no(VerdictKind::LocalMaximum, tr!("min-what-maximum")),
        PointKind::Degenerate => no(VerdictKind::Degenerate, tr!("min-what-degenerate")),
        PointKind::NotStationary => no(VerdictKind::NotStationary, c.kind.to_string()),
        PointKind::Slope => no(VerdictKind::Slope, c.kind.to_string()),
        _ => no(VerdictKind::NotClassified, c.kind.to_string()),
    }
}

/// How the classification was established, in words.
fn evidence_text(class: Option<&Classification>) -> String {
    use crate::optim::Evidence;
    let Some(c) = class else {
        return String::new();
    };
    let eig: Vec<String> = c.eigenvalues.iter().map(|v| fmt_number(*v)).collect();
    match c.evidence {
        Evidence::Gradient => tr!("min-evidence-gradient", gradient = fmt_number(c.grad_norm)),
        Evidence::SecondOrder => tr!("min-evidence-second-order", eigenvalues = eig.join(", ")),
        Evidence::Sampling => tr!("min-evidence-sampling"),
        Evidence::Kink => tr!("min-evidence-kink"),
        Evidence::Restart => tr!("min-evidence-restart"),
    }
}

fn point_kind_text(class: Option<&Classification>, dim: usize, diverged: bool) -> String {
    match class {
        Some(c) if c.eigenvalues.is_empty() => c.to_string(),
        Some(c) => {
            let eig: Vec<String> = c.eigenvalues.iter().map(|v| fmt_number(*v)).collect();
            tr!(
                "min-point-eigenvalues",
                class = c.to_string(),
                eigenvalues = eig.join(", ")
            )
        }
        None if dim > CLASSIFY_MAX_DIM && !diverged => tr!("min-not-classified-dim", count = dim),
        None => tr!("min-not-classified-diverged"),
    }
}

/// Fixed-step gradient descent (and heavy-ball momentum) is linearly unstable at a minimum whose
/// largest Hessian eigenvalue `L` has `lr * L > 2` (`> 2(1 + mu)` with momentum): from any start
/// but the exact minimum the iterates grow without bound. A run can only end at such a minimum by
/// starting on it, so say that the step diverges instead of reporting success.
fn unstable_step(method: &Method, class: Option<&Classification>) -> Option<String> {
    let c = class?;
    let lmax = c.eigenvalues.iter().copied().fold(f64::NAN, f64::max);
    if c.kind != PointKind::LocalMinimum || !lmax.is_finite() || method.params.decay.is_some() {
        return None;
    }
    let lr = method.params.lr.unwrap_or_else(|| method.default_lr());
    let limit = match method.name() {
        "gd" => 2.0,
        "momentum" => 2.0 * (1.0 + method.params.momentum.unwrap_or(0.0)),
        _ => return None,
    };
    (lr * lmax > limit).then(|| {
        tr!(
            "min-unstable-step",
            lr = fmt_number(lr),
            method = method.name(),
            curvature = fmt_number(lmax),
            product = fmt_number(lr * lmax),
            limit = fmt_number(limit),
            bound = fmt_number(limit / lmax)
        )
    })
}

pub(super) fn reals(v: &[f64]) -> Vec<Option<f64>> {
    v.iter().map(|x| real(*x)).collect()
}

pub(super) fn settings_of(r: &OptimReport) -> Settings {
    match serde_json::to_value(&r.settings) {
        Ok(serde_json::Value::Object(m)) => m,
        _ => Settings::new(),
    }
}

fn path_of(r: &OptimReport) -> Path {
    let p = &r.path;
    Path {
        iterations: p.iters.clone(),
        points: (0..p.len()).filter_map(|k| p.point(k).map(reals)).collect(),
        values: reals(&p.values),
    }
}

/// One run of a method from a start: where it ended, how, and what the end point is.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct MinRun {
    /// The method's name.
    pub method: String,
    /// The settings it ran with, defaults resolved.
    pub settings: Settings,
    /// Where it ended, one number per variable.
    pub point: Vec<Option<f64>>,
    /// The value there.
    pub value: Option<f64>,
    /// The gradient there.
    pub gradient: Vec<Option<f64>>,
    /// Steps taken.
    pub iterations: usize,
    /// Most steps allowed.
    pub max_iterations: usize,
    /// Evaluations made.
    pub evaluations: Evaluations,
    /// Why it stopped.
    pub stop: Stop,
    /// Wall-clock seconds.
    pub elapsed_s: f64,
    /// The recorded iterates.
    pub path: Path,
    /// What kind of point it ended at (`null` when not classified).
    pub classification: Option<PointClass>,
    /// Evidence that the function is unbounded below from the end point.
    pub unbounded: Option<UnboundedAnswer>,
    /// What the run concludes.
    pub verdict: Verdict,
    /// The optimizer's own report, for text output.
    #[serde(skip)]
    pub report: OptimReport,
    /// The line that says what the end point is, for text output.
    #[serde(skip)]
    pub point_text: String,
}

fn run_of(f: &mut Function, r: OptimReport, method: &Method, max_iterations: usize) -> MinRun {
    let j = judge(f, &r.x, Some(&r.stop), Some(method));
    MinRun {
        method: method.name().to_string(),
        settings: settings_of(&r),
        point: reals(&r.x),
        value: real(r.f),
        gradient: reals(&r.grad),
        iterations: r.iters,
        max_iterations,
        evaluations: Evaluations {
            value: r.f_evals,
            gradient: r.g_evals,
            hessian: r.h_evals,
        },
        stop: Stop::of(&r.stop),
        elapsed_s: r.elapsed.as_secs_f64(),
        path: path_of(&r),
        classification: j.class.as_ref().map(PointClass::of),
        unbounded: j.unbounded.as_ref().map(UnboundedAnswer::of),
        verdict: j.verdict,
        report: r,
        point_text: j.point_text,
    }
}

/// `nabla min`: one run from a start.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct MinAnswer {
    /// The version of this document's keys.
    pub schema_version: SchemaVersion,
    /// The formula as nabla reads it (`null` when too large to print).
    pub formula: Option<String>,
    /// The variables, in order.
    pub vars: Vec<String>,
    /// Where the run began.
    pub start: Vec<f64>,
    /// The run.
    #[serde(flatten)]
    pub run: MinRun,
}

/// Runs `method` on `f` from `start` under `stop`, reporting progress `(iteration, value)`,
/// and judges where it ended ([`judge`]).
///
/// ```
/// use nabla::optim::{Method, StopRule};
/// let mut f = nabla::Function::parse("(x-1)^2 + (y+2)^2").unwrap();
/// let a = nabla::answer::min(&mut f, &[0.0, 0.0], &Method::parse("lbfgs").unwrap(),
///     &StopRule::default(), &mut |_, _| {}).unwrap();
/// assert_eq!(a.run.verdict.kind, nabla::answer::VerdictKind::LocalMinimum);
/// assert!((a.run.point[0].unwrap() - 1.0).abs() < 1e-8);
/// ```
pub fn min(
    f: &mut Function,
    start: &[f64],
    method: &Method,
    stop: &StopRule,
    progress: &mut dyn FnMut(usize, f64),
) -> Result<MinAnswer, OptimError> {
    let r = minimize_with_progress(f, start, method, stop, progress)?;
    Ok(MinAnswer {
        schema_version: SchemaVersion::V1,
        formula: f.formula().to_infix().ok(),
        vars: f.var_names().iter().map(|s| s.to_string()).collect(),
        start: start.to_vec(),
        run: run_of(f, r, method, stop.max_iters),
    })
}

/// The start of a run when none is given: the origin, or `(1, ..., 1)` when the function or its
/// gradient is not finite at the origin (`ln(x)`, `1/x`) but is there. Every front end (`nabla
/// min`, Python's `minimize`) starts here by default.
///
/// ```
/// let mut f = nabla::Function::parse("(x-1)^2 + y^2").unwrap();
/// assert_eq!(nabla::answer::default_start(&mut f), [0.0, 0.0]);
/// let mut g = nabla::Function::parse("x - ln(x)").unwrap();
/// assert_eq!(nabla::answer::default_start(&mut g), [1.0]);
/// ```
pub fn default_start(f: &mut Function) -> Vec<f64> {
    let n = f.dim();
    let mut g = vec![0.0; n];
    let finite_at = |f: &mut Function, x: &[f64], g: &mut [f64]| {
        f.value_and_grad(x, g).is_finite() && g.iter().all(|v| v.is_finite())
    };
    let origin = vec![0.0; n];
    if finite_at(f, &origin, &mut g) {
        return origin;
    }
    let ones = vec![1.0; n];
    if finite_at(f, &ones, &mut g) {
        ones
    } else {
        origin
    }
}

/// The method of a run from `start` with its defaults resolved as every front end resolves them:
/// [`Method::with_start_defaults`] with the gradient at the start (which sets the default step
/// of the fixed-step methods) and `lr` (an explicit learning rate for methods given none).
///
/// ```
/// use nabla::optim::Method;
/// let beale = "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2";
/// let mut f = nabla::Function::parse(beale).unwrap();
/// let gd = nabla::answer::start_method(&mut f, &[3.0, 4.0], &Method::parse("gd").unwrap(), None);
/// assert_eq!(gd.params.lr, Some(5e-6));
/// ```
pub fn start_method(f: &mut Function, start: &[f64], method: &Method, lr: Option<f64>) -> Method {
    let mut g = vec![0.0; start.len()];
    f.value_and_grad(start, &mut g);
    method.with_start_defaults(lr, &g)
}

/// Why `f` cannot be minimized at all, when it cannot: a formula without variables.
///
/// ```
/// let f = nabla::Function::parse("x^2").unwrap();
/// assert_eq!(nabla::answer::nothing_to_minimize(&f), None);
/// ```
pub fn nothing_to_minimize(f: &Function) -> Option<String> {
    (f.dim() == 0).then(|| tr!("min-nothing-to-minimize"))
}

/// One run of `--compare`: its label and the run.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct CompareRun {
    /// The label that tells it apart from the other runs: the method's name, plus the settings
    /// in which runs of the same method differ (`gd (lr=1e-6)`).
    pub label: String,
    /// The run.
    #[serde(flatten)]
    pub run: MinRun,
}

/// `nabla min --compare`: several methods from one start.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct CompareAnswer {
    /// The version of this document's keys.
    pub schema_version: SchemaVersion,
    /// The formula as nabla reads it (`null` when too large to print).
    pub formula: Option<String>,
    /// The variables, in order.
    pub vars: Vec<String>,
    /// Where every run began.
    pub start: Vec<f64>,
    /// The runs, in the order asked for, each with its own verdict.
    pub runs: Vec<CompareRun>,
    /// `compared` (exit 0): a comparison succeeds whatever each run found.
    pub verdict: Verdict,
}

/// Runs each `(method, stop rule)` from `start` and judges each end point; the labels come from
/// [`crate::optim::run_labels`].
///
/// ```
/// use nabla::optim::{Method, StopRule};
/// let mut f = nabla::Function::parse("x^2").unwrap();
/// let gd = Method::parse("gd").unwrap();
/// let runs = [(gd.clone().lr(0.1), StopRule::default()), (gd.lr(1e-6), StopRule::default())];
/// let a = nabla::answer::compare(&mut f, &[1.0], &runs, &mut |_, _| {}).unwrap();
/// assert_ne!(a.runs[0].label, a.runs[1].label);
/// ```
pub fn compare(
    f: &mut Function,
    start: &[f64],
    runs: &[(Method, StopRule)],
    progress: &mut dyn FnMut(usize, f64),
) -> Result<CompareAnswer, OptimError> {
    let labels = crate::optim::run_labels(
        &runs
            .iter()
            .map(|(m, s)| (m.clone(), s.max_iters))
            .collect::<Vec<_>>(),
    );
    let mut out = Vec::new();
    for ((method, stop), label) in runs.iter().zip(labels) {
        let r = minimize_with_progress(f, start, method, stop, progress)?;
        out.push(CompareRun {
            label,
            run: run_of(f, r, method, stop.max_iters),
        });
    }
    Ok(CompareAnswer {
        schema_version: SchemaVersion::V1,
        formula: f.formula().to_infix().ok(),
        vars: f.var_names().iter().map(|s| s.to_string()).collect(),
        start: start.to_vec(),
        verdict: Verdict::new(
            VerdictKind::Compared,
            tr!("min-compared", count = out.len()),
            "",
            Exit::Success,
        ),
        runs: out,
    })
}

/// Why a run of `min` (or `--compare`) could not start, with its exit class: every such error
/// (an unknown method, a start of the wrong length or outside the domain) is bad usage, exit 2.
///
/// ```
/// let e = nabla::optim::OptimError::NonFiniteStart { value: f64::NAN };
/// assert_eq!(nabla::answer::run_error(&e).0.code(), 2);
/// ```
pub fn run_error(e: &OptimError) -> (Exit, String) {
    (Exit::Usage, e.to_string())
}
