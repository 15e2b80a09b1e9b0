//! [`minimize()`] and what it needs; documented on the function.

use std::fmt;
use std::time::{Duration, Instant};

use serde::{Serialize, Serializer};

use crate::optim::{max_norm, Iterate, Method, Objective, OptimError, Optimizer, StepStatus};

/// When a run stops.
///
/// ```
/// use nabla::optim::StopRule;
/// let book = StopRule::book(300_000, 1e-8);
/// assert_eq!((book.max_iters, book.grad_tol, book.stall_window), (300_000, 1e-8, 0));
/// let custom = StopRule::default().max_iters(500).record_every(10);
/// assert_eq!(custom.max_iters, 500);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StopRule {
    /// Most steps taken. Default 10,000.
    pub max_iters: usize,
    /// Stop when `max_i |g_i| < grad_tol` before a step (the book's epsilon). Default 1e-8.
    pub grad_tol: f64,
    /// Stop when the value has not improved for this many steps; 0 disables. Default 1,000.
    pub stall_window: usize,
    /// The relative decrease `stall_tol * max(|f_ref|, tiny)` that counts as improvement. Default 0.
    pub stall_tol: f64,
    /// Wall-clock limit. Default none.
    #[serde(serialize_with = "ser_opt_secs")]
    pub time_limit: Option<Duration>,
    /// Record every k-th iterate in the path (the start and the final point are always recorded);
    /// 0 records only those two. Default 0.
    pub record_every: usize,
    /// Call the progress callback every k steps (0: never). Default 4096.
    pub progress_every: usize,
    /// The value counts as exploded above `explode_factor * max(1, |f(start)|)`. Default 1e30.
    pub explode_factor: f64,
}

impl Default for StopRule {
    fn default() -> Self {
        StopRule {
            max_iters: 10_000,
            grad_tol: 1e-8,
            stall_window: 1000,
            stall_tol: 0.0,
            time_limit: None,
            record_every: 0,
            progress_every: 4096,
            explode_factor: 1e30,
        }
    }
}

impl StopRule {
    /// The book's rule: `max_iters` steps, stop early when `max_i |g_i| < epsilon`; no stall test and
    /// no time limit (divergence is still detected).
    ///
    /// ```
    /// assert_eq!(nabla::optim::StopRule::book(200, 1e-8).max_iters, 200);
    /// ```
    pub fn book(max_iters: usize, epsilon: f64) -> Self {
        StopRule {
            max_iters,
            grad_tol: epsilon,
            stall_window: 0,
            ..StopRule::default()
        }
    }

    /// Sets the iteration limit.
    ///
    /// ```
    /// assert_eq!(nabla::optim::StopRule::default().max_iters(7).max_iters, 7);
    /// ```
    pub fn max_iters(mut self, n: usize) -> Self {
        self.max_iters = n;
        self
    }

    /// Sets the gradient tolerance.
    ///
    /// ```
    /// assert_eq!(nabla::optim::StopRule::default().grad_tol(1e-6).grad_tol, 1e-6);
    /// ```
    pub fn grad_tol(mut self, eps: f64) -> Self {
        self.grad_tol = eps;
        self
    }

    /// Sets the stall test (`window` 0 disables it).
    ///
    /// ```
    /// assert_eq!(nabla::optim::StopRule::default().stall(50, 1e-12).stall_window, 50);
    /// ```
    pub fn stall(mut self, window: usize, tol: f64) -> Self {
        self.stall_window = window;
        self.stall_tol = tol;
        self
    }

    /// Sets the time limit.
    ///
    /// ```
    /// use std::time::Duration;
    /// let r = nabla::optim::StopRule::default().time_limit(Duration::from_secs(1));
    /// assert_eq!(r.time_limit, Some(Duration::from_secs(1)));
    /// ```
    pub fn time_limit(mut self, limit: Duration) -> Self {
        self.time_limit = Some(limit);
        self
    }

    /// Records every `k`-th iterate.
    ///
    /// ```
    /// assert_eq!(nabla::optim::StopRule::default().record_every(1).record_every, 1);
    /// ```
    pub fn record_every(mut self, k: usize) -> Self {
        self.record_every = k;
        self
    }

    /// Calls the progress callback every `k` steps.
    ///
    /// ```
    /// assert_eq!(nabla::optim::StopRule::default().progress_every(100).progress_every, 100);
    /// ```
    pub fn progress_every(mut self, k: usize) -> Self {
        self.progress_every = k;
        self
    }
}

/// Why a run stopped.
///
/// ```
/// use nabla::optim::StopReason;
/// let r = StopReason::Diverged { iter: 51 };
/// assert!(r.to_string().contains("step size is probably too large"));
/// assert!(!StopReason::GradientTolerance.is_failure());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
#[non_exhaustive]
pub enum StopReason {
    /// `max_i |g_i| < grad_tol` at the reported point.
    GradientTolerance,
    /// The iteration limit was reached.
    MaxIterations,
    /// The value stopped decreasing (see [`StopRule::stall_window`]).
    Stalled,
    /// The time limit passed.
    TimeLimit,
    /// Step `iter` (counting from 1) produced a NaN/infinite or exploding value; the report holds the
    /// point before it.
    Diverged {
        /// The step that failed.
        iter: usize,
    },
    /// Step `iter` (counting from 1) found no point along its direction that decreases the value.
    LineSearchFailed {
        /// The step that failed.
        iter: usize,
    },
    /// Nelder-Mead's simplex shrank below its tolerances.
    SimplexCollapsed,
}

impl StopReason {
    /// Whether the reason means the run went wrong (divergence or a failed line search).
    ///
    /// ```
    /// assert!(nabla::optim::StopReason::Diverged { iter: 3 }.is_failure());
    /// ```
    pub fn is_failure(&self) -> bool {
        matches!(
            self,
            StopReason::Diverged { .. } | StopReason::LineSearchFailed { .. }
        )
    }
}

impl fmt::Display for StopReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StopReason::GradientTolerance => f.write_str("gradient below tolerance"),
            StopReason::MaxIterations => f.write_str("iteration limit reached"),
            StopReason::Stalled => f.write_str("stalled: the value stopped decreasing"),
            StopReason::TimeLimit => f.write_str("time limit reached"),
            StopReason::Diverged { iter } => write!(
                f,
                "diverged at step {iter}: the value became non-finite or exploded; the step size is \
                 probably too large (showing the last finite point)"
            ),
            StopReason::LineSearchFailed { iter } => write!(
                f,
                "line search failed at step {iter}: no step decreased the value (the point may be \
                 optimal to rounding, or the gradient is wrong)"
            ),
            StopReason::SimplexCollapsed => f.write_str("simplex collapsed (nelder-mead converged)"),
        }
    }
}

/// Recorded iterates: `iters[k]` is the step count of the `k`-th recorded point, `values[k]` its value.
///
/// ```
/// use nabla::optim::Path;
/// let p = Path::new(2);
/// assert!(p.is_empty() && p.point(0).is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Path {
    /// Number of coordinates per point.
    pub dim: usize,
    /// Step count of each recorded point (0 is the start).
    pub iters: Vec<usize>,
    /// The points, flattened (`dim` numbers each).
    pub points: Vec<f64>,
    /// The value at each recorded point (for loss plots).
    pub values: Vec<f64>,
}

impl Path {
    /// An empty path of `dim`-dimensional points.
    ///
    /// ```
    /// assert_eq!(nabla::optim::Path::new(3).dim, 3);
    /// ```
    pub fn new(dim: usize) -> Self {
        Path {
            dim,
            ..Path::default()
        }
    }

    /// Number of recorded points.
    ///
    /// ```
    /// assert_eq!(nabla::optim::Path::new(1).len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.iters.len()
    }

    /// Whether nothing was recorded.
    ///
    /// ```
    /// assert!(nabla::optim::Path::new(1).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.iters.is_empty()
    }

    /// The `k`-th recorded point.
    ///
    /// ```
    /// let mut p = nabla::optim::Path::new(1);
    /// p.push(0, &[2.0], 4.0);
    /// assert_eq!(p.point(0), Some(&[2.0][..]));
    /// ```
    pub fn point(&self, k: usize) -> Option<&[f64]> {
        let start = k.checked_mul(self.dim)?;
        self.points.get(start..start + self.dim)
    }

    /// Appends a point.
    ///
    /// ```
    /// let mut p = nabla::optim::Path::new(1);
    /// p.push(5, &[1.0], 1.0);
    /// assert_eq!((p.len(), p.iters[0]), (1, 5));
    /// ```
    pub fn push(&mut self, iter: usize, x: &[f64], f: f64) {
        self.iters.push(iter);
        self.points.extend_from_slice(x);
        self.values.push(f);
    }
}

/// The result of a run. `x` and `f` are always finite (a diverging run reports its last finite point).
///
/// ```
/// use nabla::optim::{minimize, FnObjective, Method, StopRule};
/// let mut f = FnObjective::new(1, |x: &[f64]| x[0] * x[0], |x: &[f64], g: &mut [f64]| {
///     g[0] = 2.0 * x[0];
///     x[0] * x[0]
/// });
/// let r = minimize(&mut f, &[1.0], &Method::parse("gd").unwrap().lr(0.25), &StopRule::default()).unwrap();
/// assert!(r.to_string().contains("iterations"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct OptimReport {
    /// The method's name.
    pub method: &'static str,
    /// The final point.
    pub x: Vec<f64>,
    /// The value at `x`.
    pub f: f64,
    /// The gradient at `x`.
    pub grad: Vec<f64>,
    /// `max_i |grad_i|` (the norm the stop rule uses).
    pub grad_norm: f64,
    /// Steps taken.
    pub iters: usize,
    /// Function evaluations (a value-and-gradient evaluation counts once here and once in `g_evals`).
    pub f_evals: usize,
    /// Gradient evaluations.
    pub g_evals: usize,
    /// Hessian evaluations.
    pub h_evals: usize,
    /// Why it stopped.
    pub stop: StopReason,
    /// Wall-clock time (serialized as seconds).
    #[serde(serialize_with = "ser_secs")]
    pub elapsed: Duration,
    /// Recorded iterates.
    pub path: Path,
}

fn ser_secs<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

fn ser_opt_secs<S: Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_some(&d.as_secs_f64()),
        None => s.serialize_none(),
    }
}

impl fmt::Display for OptimReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let point: Vec<String> = self.x.iter().map(|&v| number(v)).collect();
        writeln!(f, "{:<12} {}", "method", self.method)?;
        writeln!(f, "{:<12} {}", "stop", self.stop)?;
        writeln!(f, "{:<12} ({})", "x", point.join(", "))?;
        writeln!(f, "{:<12} {}", "f(x)", number(self.f))?;
        writeln!(f, "{:<12} {}", "max |grad|", number(self.grad_norm))?;
        writeln!(f, "{:<12} {}", "iterations", self.iters)?;
        writeln!(
            f,
            "{:<12} {} f, {} grad, {} hessian",
            "evaluations", self.f_evals, self.g_evals, self.h_evals
        )?;
        write!(f, "{:<12} {:.3?}", "time", self.elapsed)
    }
}

/// Plain notation for moderate magnitudes, scientific for tiny or huge ones (no 60-digit decimals).
fn number(v: f64) -> String {
    let a = v.abs();
    if a == 0.0 || (1e-4..1e7).contains(&a) {
        format!("{v}")
    } else {
        format!("{v:e}")
    }
}

/// Counts evaluations on the way through.
struct Counted<'a> {
    inner: &'a mut dyn Objective,
    f: usize,
    g: usize,
    h: usize,
}

impl Objective for Counted<'_> {
    fn dim(&self) -> usize {
        self.inner.dim()
    }
    fn value(&mut self, x: &[f64]) -> f64 {
        self.f += 1;
        self.inner.value(x)
    }
    fn value_and_grad(&mut self, x: &[f64], g: &mut [f64]) -> f64 {
        self.f += 1;
        self.g += 1;
        self.inner.value_and_grad(x, g)
    }
    fn value_grad_hessian(&mut self, x: &[f64], g: &mut [f64], h: &mut [f64]) -> Option<f64> {
        let r = self.inner.value_grad_hessian(x, g, h);
        if r.is_some() {
            self.f += 1;
            self.g += 1;
            self.h += 1;
        }
        r
    }
}

/// Minimizes `obj` from `start` with `method` until `stop` says so.
///
/// The driver: [`minimize`] runs an [`Optimizer`] under a [`StopRule`] and returns an [`OptimReport`].
///
/// Order of checks in each iteration (the book's chapter 2.2 rule comes first):
/// 1. if the gradient at the current point is known and `max_i |g_i| < grad_tol`: stop,
///    [`StopReason::GradientTolerance`] (checked *before* each step, so a start at a stationary point
///    takes no step);
/// 2. if `max_iters` steps were taken: [`StopReason::MaxIterations`];
/// 3. if the time limit has passed: [`StopReason::TimeLimit`];
/// 4. take one step; then, if the new point, value or gradient is NaN/infinite, or the value exceeds
///    `explode_factor * max(1, |f(start)|)`, undo the step and stop with [`StopReason::Diverged`]
///    (the returned point is always the last finite one);
/// 5. if the value has not decreased by a relative `stall_tol` within `stall_window` steps:
///    [`StopReason::Stalled`].
///
/// Invariants: the loop is bounded by `max_iters`; nothing is allocated per iteration except the path
/// entries asked for with `record_every`; function, gradient and Hessian evaluations are counted by a
/// wrapper around the objective, so every method reports them the same way.
///
/// Errors: a start of the wrong length, a non-finite value or gradient at the start, an invalid
/// setting, or `newton` on an objective without a Hessian. Everything that goes wrong *during* the run
/// (divergence, a failed line search) is a [`StopReason`] in an `Ok` report instead.
///
/// ```
/// use nabla::optim::{minimize, FnObjective, Method, StopRule, StopReason};
/// // The book's chapter 2.2 example: f = x^3 - 3x^2 - 9x + 2 from x = 1.
/// let mut f = FnObjective::new(1,
///     |x: &[f64]| x[0].powi(3) - 3.0 * x[0] * x[0] - 9.0 * x[0] + 2.0,
///     |x: &[f64], g: &mut [f64]| {
///         g[0] = 3.0 * (x[0] * x[0]) - 6.0 * x[0] - 9.0;
///         x[0].powi(3) - 3.0 * x[0] * x[0] - 9.0 * x[0] + 2.0
///     });
/// let r = minimize(&mut f, &[1.0], &Method::parse("gd").unwrap().lr(0.01), &StopRule::book(200, 1e-8)).unwrap();
/// assert_eq!(r.stop, StopReason::GradientTolerance);
/// assert!((r.x[0] - 3.0).abs() < 1e-8);
/// ```
pub fn minimize(
    obj: &mut dyn Objective,
    start: &[f64],
    method: &Method,
    stop: &StopRule,
) -> Result<OptimReport, OptimError> {
    let mut opt = method.build()?;
    run(obj, start, opt.as_mut(), stop, None)
}

/// [`minimize`] with a progress callback, called with `(steps taken, current value)` every
/// [`StopRule::progress_every`] steps (for a progress bar; keep it cheap).
///
/// ```
/// use nabla::optim::{minimize_with_progress, FnObjective, Method, StopRule};
/// let mut f = FnObjective::new(1, |x: &[f64]| x[0] * x[0], |x: &[f64], g: &mut [f64]| {
///     g[0] = 2.0 * x[0];
///     x[0] * x[0]
/// });
/// let mut calls = 0;
/// let stop = StopRule::book(100, 0.0).progress_every(10);
/// minimize_with_progress(&mut f, &[1.0], &Method::parse("gd").unwrap().lr(1e-3), &stop, &mut |_, _| calls += 1)
///     .unwrap();
/// assert_eq!(calls, 10);
/// ```
pub fn minimize_with_progress(
    obj: &mut dyn Objective,
    start: &[f64],
    method: &Method,
    stop: &StopRule,
    progress: &mut dyn FnMut(usize, f64),
) -> Result<OptimReport, OptimError> {
    let mut opt = method.build()?;
    run(obj, start, opt.as_mut(), stop, Some(progress))
}

/// Runs any [`Optimizer`] (including one defined outside this module) under `stop`.
///
/// ```
/// use nabla::optim::{run, FirstOrder, FnObjective, Gd, StopRule};
/// let mut f = FnObjective::new(1, |x: &[f64]| x[0] * x[0], |x: &[f64], g: &mut [f64]| {
///     g[0] = 2.0 * x[0];
///     x[0] * x[0]
/// });
/// let mut opt = FirstOrder::new(Gd, 0.5, 0.0); // one exact step to 0
/// let r = run(&mut f, &[3.0], &mut opt, &StopRule::default(), None).unwrap();
/// assert_eq!((r.x[0], r.iters), (0.0, 1));
/// ```
pub fn run(
    obj: &mut dyn Objective,
    start: &[f64],
    opt: &mut dyn Optimizer,
    stop: &StopRule,
    mut progress: Option<&mut dyn FnMut(usize, f64)>,
) -> Result<OptimReport, OptimError> {
    let clock = Instant::now();
    let n = obj.dim();
    if start.len() != n {
        return Err(OptimError::DimensionMismatch {
            expected: n,
            got: start.len(),
        });
    }
    let mut obj = Counted {
        inner: obj,
        f: 0,
        g: 0,
        h: 0,
    };
    let mut it = Iterate::new(start.to_vec());
    it.f = obj.value_and_grad(&it.x, &mut it.g);
    it.has_grad = true;
    if !it.f.is_finite() || !max_norm(&it.g).is_finite() {
        return Err(OptimError::NonFiniteStart { value: it.f });
    }
    opt.start(&mut obj, &mut it)?;
    if !it.f.is_finite() {
        return Err(OptimError::NonFiniteStart { value: it.f });
    }
    let explode_at = stop.explode_factor * it.f.abs().max(1.0);
    let mut path = Path::new(n);
    path.push(0, &it.x, it.f);
    let mut prev = it.clone();
    let mut iters = 0usize;
    let mut ref_f = it.f;
    let mut ref_iter = 0usize;
    let uses_grad = opt.uses_gradient();

    let reason = loop {
        if it.has_grad && max_norm(&it.g) < stop.grad_tol {
            break StopReason::GradientTolerance;
        }
        if iters >= stop.max_iters {
            break StopReason::MaxIterations;
        }
        if let Some(limit) = stop.time_limit {
            if clock.elapsed() >= limit {
                break StopReason::TimeLimit;
            }
        }
        prev.x.copy_from_slice(&it.x);
        prev.g.copy_from_slice(&it.g);
        prev.f = it.f;
        prev.has_grad = it.has_grad;
        match opt.step(&mut obj, &mut it, iters) {
            StepStatus::Continue => {}
            StepStatus::Converged => break StopReason::SimplexCollapsed,
            StepStatus::LineSearchFailed => {
                restore(&mut it, &prev);
                break StopReason::LineSearchFailed { iter: iters + 1 };
            }
        }
        let bad_grad = uses_grad && it.has_grad && !max_norm(&it.g).is_finite();
        if !it.f.is_finite() || it.f > explode_at || bad_grad || it.x.iter().any(|v| !v.is_finite())
        {
            restore(&mut it, &prev);
            break StopReason::Diverged { iter: iters + 1 };
        }
        iters += 1;
        if stop.record_every > 0 && iters % stop.record_every == 0 {
            path.push(iters, &it.x, it.f);
        }
        if let Some(cb) = progress.as_mut() {
            if stop.progress_every > 0 && iters % stop.progress_every == 0 {
                cb(iters, it.f);
            }
        }
        if stop.stall_window > 0 {
            if it.f < ref_f - stop.stall_tol * ref_f.abs().max(f64::MIN_POSITIVE) {
                ref_f = it.f;
                ref_iter = iters;
            } else if iters - ref_iter >= stop.stall_window {
                break StopReason::Stalled;
            }
        }
    };

    if !it.has_grad {
        it.f = obj.value_and_grad(&it.x, &mut it.g);
        it.has_grad = true;
    }
    if path.iters.last() != Some(&iters) {
        path.push(iters, &it.x, it.f);
    }
    Ok(OptimReport {
        method: opt.name(),
        grad_norm: max_norm(&it.g),
        x: it.x,
        f: it.f,
        grad: it.g,
        iters,
        f_evals: obj.f,
        g_evals: obj.g,
        h_evals: obj.h,
        stop: reason,
        elapsed: clock.elapsed(),
        path,
    })
}

fn restore(it: &mut Iterate, prev: &Iterate) {
    it.x.copy_from_slice(&prev.x);
    it.g.copy_from_slice(&prev.g);
    it.f = prev.f;
    it.has_grad = prev.has_grad;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::FnObjective;

    fn square() -> impl Objective {
        FnObjective::new(
            1,
            |x: &[f64]| x[0] * x[0],
            |x: &[f64], g: &mut [f64]| {
                g[0] = 2.0 * x[0];
                x[0] * x[0]
            },
        )
    }

    #[test]
    fn stop_rule_is_checked_before_the_first_step() {
        let r = minimize(
            &mut square(),
            &[0.0],
            &Method::parse("gd").unwrap(),
            &StopRule::default(),
        )
        .unwrap();
        assert_eq!(
            (r.iters, r.stop, r.f_evals),
            (0, StopReason::GradientTolerance, 1)
        );
    }

    #[test]
    fn divergence_returns_the_last_finite_point() {
        // x <- x - 1.5 * 2x = -2x: f = 4^k exceeds 1e30 at k = 50 (4^50 = 1.27e30).
        let m = Method::parse("gd").unwrap().lr(1.5);
        let r = minimize(&mut square(), &[1.0], &m, &StopRule::default()).unwrap();
        assert_eq!(r.stop, StopReason::Diverged { iter: 50 });
        assert_eq!(r.iters, 49);
        assert_eq!(r.x[0], (-2.0_f64).powi(49));
        assert!(r.to_string().contains("step size is probably too large"));
    }

    #[test]
    fn nan_value_is_divergence() {
        let mut f = FnObjective::new(
            1,
            |x: &[f64]| x[0].sqrt(),
            |x: &[f64], g: &mut [f64]| {
                g[0] = 0.5 / x[0].sqrt();
                x[0].sqrt()
            },
        );
        let r = minimize(
            &mut f,
            &[1.0],
            &Method::parse("gd").unwrap().lr(4.0),
            &StopRule::default(),
        )
        .unwrap();
        assert_eq!(r.stop, StopReason::Diverged { iter: 1 });
        assert_eq!(r.x, [1.0]);
    }

    #[test]
    fn stall_fires_when_the_value_stops_decreasing() {
        // f = 1 (constant) with a fake nonzero gradient: GD moves but the value never decreases.
        let mut f = FnObjective::new(
            1,
            |_: &[f64]| 1.0,
            |_: &[f64], g: &mut [f64]| {
                g[0] = 1.0;
                1.0
            },
        );
        let stop = StopRule::default().stall(25, 0.0);
        let r = minimize(&mut f, &[0.0], &Method::parse("gd").unwrap(), &stop).unwrap();
        assert_eq!((r.stop, r.iters), (StopReason::Stalled, 25));
    }

    #[test]
    fn errors_for_bad_start() {
        let m = Method::parse("gd").unwrap();
        let err = minimize(&mut square(), &[1.0, 2.0], &m, &StopRule::default()).unwrap_err();
        assert_eq!(
            err,
            OptimError::DimensionMismatch {
                expected: 1,
                got: 2
            }
        );
        let mut f = FnObjective::new(
            1,
            |x: &[f64]| x[0].ln(),
            |x: &[f64], g: &mut [f64]| {
                g[0] = 1.0 / x[0];
                x[0].ln()
            },
        );
        assert!(matches!(
            minimize(&mut f, &[-1.0], &m, &StopRule::default()),
            Err(OptimError::NonFiniteStart { .. })
        ));
    }

    #[test]
    fn path_records_every_kth_and_the_final_point() {
        let m = Method::parse("gd").unwrap().lr(0.1);
        let r = minimize(
            &mut square(),
            &[1.0],
            &m,
            &StopRule::book(25, 0.0).record_every(10),
        )
        .unwrap();
        assert_eq!(r.path.iters, vec![0, 10, 20, 25]);
        assert_eq!(r.path.point(3), Some(&r.x[..]));
        // x_k = 0.8^k.
        assert!((r.path.values[1] - 0.8_f64.powi(20)).abs() < 1e-15);
    }

    #[test]
    fn time_limit_zero_stops_at_once() {
        let stop = StopRule::default().time_limit(Duration::ZERO);
        let r = minimize(&mut square(), &[1.0], &Method::parse("gd").unwrap(), &stop).unwrap();
        assert_eq!((r.stop, r.iters), (StopReason::TimeLimit, 0));
    }
}
