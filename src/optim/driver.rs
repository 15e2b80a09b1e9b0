//! The driver: [`minimize`] runs an [`Optimizer`] under a [`StopRule`] and returns an [`OptimReport`].
//!
//! Order of checks in each iteration (the book's chapter 2.2 rule comes first):
//! 1. if the gradient at the current point is known and `max_i |g_i| < grad_tol`: stop,
//!    [`StopReason::GradientTolerance`] (checked *before* each step, so a start at a stationary point
//!    takes no step);
//! 2. if `max_iters` steps were taken: [`StopReason::MaxIterations`];
//! 3. if the time limit has passed: [`StopReason::TimeLimit`];
//! 4. take one step; then, if the new point, value or gradient is NaN/infinite, or the value exceeds
//!    `explode_factor * max(1, |f(start)|)`, undo the step and stop with [`StopReason::Diverged`]
//!    (the returned point is always the last finite one);
//! 5. if the value has not decreased by a relative `stall_tol` within `stall_window` steps:
//!    [`StopReason::Stalled`].
//!
//! Checks 1-3 are [`Driver::check`], step 4 and check 5 are [`Driver::step`]: [`run`] is a loop of
//! the two, and fit's full-batch epochs (one step each) make the same calls, so every stop rule
//! lives here once.
//!
//! Invariants: the loop is bounded by `max_iters`; nothing is allocated per iteration except the path
//! entries asked for with `record_every`; function, gradient and Hessian evaluations are counted by a
//! wrapper around the objective, so every method reports them the same way.

use std::time::{Duration, Instant};

use serde::{Serialize, Serializer};

use super::report::{OptimReport, Path, StopReason};
use crate::optim::{
    max_norm, Iterate, Method, Objective, OptimError, Optimizer, ResolvedSettings, StepStatus,
};

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
    /// With `record_every > 1`, also record the iterates with the lowest and the highest value
    /// between two recorded ones (in iteration order), so that a picture of the recorded values
    /// shows every extreme of the run. Default `false`.
    pub record_extremes: bool,
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
            record_extremes: false,
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

    /// Also records the lowest and highest iterate between two recorded ones
    /// ([`StopRule::record_extremes`]).
    ///
    /// ```
    /// use nabla::optim::{minimize, FnObjective, Method, StopRule};
    /// // gd with lr 1.5 on x^2: x_k = (-2)^k, values 4^k. Every 4th step recorded, and the
    /// // extremes between: step 3 (the highest of 1..3; the lowest is step 1).
    /// let mut f = FnObjective::new(1, |x: &[f64]| x[0] * x[0], |x: &[f64], g: &mut [f64]| {
    ///     g[0] = 2.0 * x[0];
    ///     x[0] * x[0]
    /// });
    /// let stop = StopRule::book(4, 0.0).record_every(4).record_extremes(true);
    /// let r = minimize(&mut f, &[1.0], &Method::parse("gd").unwrap().lr(1.5), &stop).unwrap();
    /// assert_eq!(r.path.iters, [0, 1, 3, 4]);
    /// assert_eq!(r.path.values, [1.0, 4.0, 64.0, 256.0]);
    /// ```
    pub fn record_extremes(mut self, on: bool) -> Self {
        self.record_extremes = on;
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

fn ser_opt_secs<S: Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_some(&d.as_secs_f64()),
        None => s.serialize_none(),
    }
}

/// Counts evaluations on the way through.
struct Counted<'a> {
    inner: &'a mut dyn Objective,
    f: usize,
    g: usize,
    h: usize,
}

impl<'a> Counted<'a> {
    fn new(inner: &'a mut dyn Objective) -> Self {
        Counted {
            inner,
            f: 0,
            g: 0,
            h: 0,
        }
    }

    fn add_to(&self, evals: &mut [usize; 3]) {
        evals[0] += self.f;
        evals[1] += self.g;
        evals[2] += self.h;
    }
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
    fn problem(&self) -> Option<&crate::Problem> {
        self.inner.problem()
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
    let mut report = run(obj, start, opt.as_mut(), stop, None)?;
    report.settings = method.resolved_settings();
    Ok(report)
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
    let mut report = run(obj, start, opt.as_mut(), stop, Some(progress))?;
    report.settings = method.resolved_settings();
    Ok(report)
}

/// Runs any [`Optimizer`] (including one defined outside this module) under `stop`: a loop of
/// [`Driver::check`] and [`Driver::step`], then [`Driver::finish`].
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
    let mut driver = Driver::new(obj, opt, stop, Iterate::new(start.to_vec()))?;
    let reason = loop {
        if let Some(r) = driver.check() {
            break r;
        }
        if let Some(r) = driver.step(obj, opt, progress.as_deref_mut()) {
            break r;
        }
    };
    Ok(driver.finish(obj, opt, reason))
}

/// What made a step diverge (see [`Driver::divergence`]).
///
/// ```
/// use nabla::optim::Divergence;
/// assert_eq!(Divergence::Value(f64::INFINITY).value(), f64::INFINITY);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Divergence {
    /// The value became NaN or infinite, or exceeded [`StopRule::explode_factor`] times the start's.
    Value(f64),
    /// A component of the gradient became NaN or infinite (this one).
    Gradient(f64),
    /// A coordinate of the point became NaN or infinite (this one).
    Point(f64),
}

impl Divergence {
    /// The offending number.
    ///
    /// ```
    /// assert!(nabla::optim::Divergence::Point(f64::NAN).value().is_nan());
    /// ```
    pub fn value(self) -> f64 {
        match self {
            Divergence::Value(v) | Divergence::Gradient(v) | Divergence::Point(v) => v,
        }
    }
}

/// The first entry of `v` that is NaN or infinite.
fn non_finite(v: &[f64]) -> Option<f64> {
    v.iter().copied().find(|a| !a.is_finite())
}

/// A run in progress under a [`StopRule`], one step at a time; every stop rule is evaluated here.
/// [`run`] is a loop of [`Driver::check`] (the rules checked before a step) and [`Driver::step`]
/// (one step, judged); callers with a loop of their own (fit's epochs) make the same two calls.
/// The driver holds the iterate and the rule's state, not the objective or the optimizer, which
/// are passed to each call (always the same ones).
///
/// ```
/// use nabla::optim::{Driver, FirstOrder, FnObjective, Gd, Iterate, StopReason, StopRule};
/// let mut f = FnObjective::new(1, |x: &[f64]| x[0] * x[0], |x: &[f64], g: &mut [f64]| {
///     g[0] = 2.0 * x[0];
///     x[0] * x[0]
/// });
/// let mut opt = FirstOrder::new(Gd, 0.25, 0.0); // x <- x/2
/// let mut d = Driver::new(&mut f, &mut opt, &StopRule::book(10, 0.5), Iterate::new(vec![1.0])).unwrap();
/// assert_eq!(d.check(), None); // |g| = 2
/// assert_eq!(d.step(&mut f, &mut opt, None), None);
/// assert_eq!((d.iterate().x[0], d.iters()), (0.5, 1));
/// d.step(&mut f, &mut opt, None);
/// assert_eq!(d.check(), None); // |g| = 0.5 is not below 0.5
/// d.step(&mut f, &mut opt, None);
/// assert_eq!(d.check(), Some(StopReason::GradientTolerance)); // |g| = 0.25
/// let r = d.finish(&mut f, &opt, StopReason::GradientTolerance);
/// assert_eq!((r.x[0], r.iters, r.g_evals), (0.125, 3, 4));
/// ```
#[derive(Debug, Clone)]
pub struct Driver {
    stop: StopRule,
    clock: Instant,
    it: Iterate,
    prev: Iterate,
    iters: usize,
    /// The stall test's reference value and the step it was reached at.
    ref_f: f64,
    ref_iter: usize,
    explode_at: f64,
    path: Path,
    /// The lowest and highest iterate since the last recorded one
    /// ([`StopRule::record_extremes`]).
    lowest: Extreme,
    highest: Extreme,
    /// Function, gradient and Hessian evaluations.
    evals: [usize; 3],
    divergence: Option<Divergence>,
}

/// An iterate kept aside until the next recorded one: its step, point and value.
#[derive(Debug, Clone, Default)]
struct Extreme {
    iter: Option<usize>,
    x: Vec<f64>,
    f: f64,
}

impl Extreme {
    /// Keeps `(iter, x, f)` when there is none yet or `better(f, kept)`.
    fn offer(&mut self, iter: usize, x: &[f64], f: f64, better: impl Fn(f64, f64) -> bool) {
        if self.iter.is_none() || better(f, self.f) {
            self.iter = Some(iter);
            self.x.clear();
            self.x.extend_from_slice(x);
            self.f = f;
        }
    }
}

impl Driver {
    /// Starts a run from `start`: evaluates the value and gradient there (unless `start.has_grad`,
    /// when `start.f` and `start.g` are taken as they are) and calls [`Optimizer::start`].
    ///
    /// Errors: a start of the wrong length, a non-finite value or gradient at the start, or the
    /// optimizer's own start error (an invalid setting, a missing Hessian).
    pub fn new(
        obj: &mut dyn Objective,
        opt: &mut dyn Optimizer,
        stop: &StopRule,
        start: Iterate,
    ) -> Result<Driver, OptimError> {
        let clock = Instant::now();
        let n = obj.dim();
        if start.x.len() != n || start.g.len() != n {
            return Err(OptimError::DimensionMismatch {
                expected: n,
                got: start.x.len(),
            });
        }
        let mut evals = [0; 3];
        let mut obj = Counted::new(obj);
        let mut it = start;
        if !it.has_grad {
            it.f = obj.value_and_grad(&it.x, &mut it.g);
            it.has_grad = true;
        }
        if !it.f.is_finite() || !max_norm(&it.g).is_finite() {
            return Err(OptimError::NonFiniteStart { value: it.f });
        }
        opt.start(&mut obj, &mut it)?;
        obj.add_to(&mut evals);
        if !it.f.is_finite() {
            return Err(OptimError::NonFiniteStart { value: it.f });
        }
        let mut path = Path::new(n);
        path.push(0, &it.x, it.f);
        Ok(Driver {
            stop: stop.clone(),
            clock,
            explode_at: stop.explode_factor * it.f.abs().max(1.0),
            prev: it.clone(),
            ref_f: it.f,
            ref_iter: 0,
            it,
            iters: 0,
            path,
            lowest: Extreme::default(),
            highest: Extreme::default(),
            evals,
            divergence: None,
        })
    }

    /// The rules checked before each step, in this order: the gradient tolerance (when the
    /// gradient at the current point is known), the iteration limit, the time limit.
    pub fn check(&self) -> Option<StopReason> {
        if self.it.has_grad && max_norm(&self.it.g) < self.stop.grad_tol {
            return Some(StopReason::GradientTolerance);
        }
        if self.iters >= self.stop.max_iters {
            return Some(StopReason::MaxIterations);
        }
        match self.stop.time_limit {
            Some(limit) if self.clock.elapsed() >= limit => Some(StopReason::TimeLimit),
            _ => None,
        }
    }

    /// Takes one step and judges it: a collapsed simplex, a failed line search, or a divergence
    /// (the step is undone, see [`Driver::divergence`]) stops the run; otherwise the step counts,
    /// is recorded when [`StopRule::record_every`] says so, reported to `progress` every
    /// [`StopRule::progress_every`] steps, and the stall test runs.
    pub fn step(
        &mut self,
        obj: &mut dyn Objective,
        opt: &mut dyn Optimizer,
        progress: Option<&mut (dyn FnMut(usize, f64) + '_)>,
    ) -> Option<StopReason> {
        self.prev.x.copy_from_slice(&self.it.x);
        self.prev.g.copy_from_slice(&self.it.g);
        self.prev.f = self.it.f;
        self.prev.has_grad = self.it.has_grad;
        let mut counted = Counted::new(obj);
        let status = opt.step(&mut counted, &mut self.it, self.iters);
        counted.add_to(&mut self.evals);
        match status {
            StepStatus::Continue => {}
            StepStatus::Converged => return Some(StopReason::SimplexCollapsed),
            StepStatus::LineSearchFailed => {
                self.undo();
                return Some(StopReason::LineSearchFailed {
                    iter: self.iters + 1,
                });
            }
        }
        if let Some(d) = self.judge(opt.uses_gradient()) {
            self.undo();
            self.divergence = Some(d);
            return Some(StopReason::Diverged {
                iter: self.iters + 1,
            });
        }
        self.iters += 1;
        let iters = self.iters;
        let (every, extremes) = (self.stop.record_every, self.stop.record_extremes);
        if every > 0 && iters % every == 0 {
            self.flush_extremes();
            self.path.push(iters, &self.it.x, self.it.f);
        } else if every > 1 && extremes {
            let (x, f) = (&self.it.x, self.it.f);
            self.lowest.offer(iters, x, f, |a, b| a < b);
            self.highest.offer(iters, x, f, |a, b| a > b);
        }
        let stop = &self.stop;
        if let Some(cb) = progress {
            if stop.progress_every > 0 && iters % stop.progress_every == 0 {
                cb(iters, self.it.f);
            }
        }
        if stop.stall_window > 0 {
            let f = self.it.f;
            if f < self.ref_f - stop.stall_tol * self.ref_f.abs().max(f64::MIN_POSITIVE) {
                self.ref_f = f;
                self.ref_iter = iters;
            } else if iters - self.ref_iter >= stop.stall_window {
                return Some(StopReason::Stalled);
            }
        }
        None
    }

    /// What is wrong with the iterate after a step, in this order: its value (not finite, or
    /// exploded), its gradient (for a method that uses one), its point.
    fn judge(&self, uses_grad: bool) -> Option<Divergence> {
        let it = &self.it;
        if !it.f.is_finite() || it.f > self.explode_at {
            return Some(Divergence::Value(it.f));
        }
        if uses_grad && it.has_grad {
            if let Some(v) = non_finite(&it.g) {
                return Some(Divergence::Gradient(v));
            }
        }
        non_finite(&it.x).map(Divergence::Point)
    }

    /// Records the extremes kept since the last recorded iterate, in iteration order.
    fn flush_extremes(&mut self) {
        let (lo, hi) = (&mut self.lowest, &mut self.highest);
        let mut both = [&mut *lo, &mut *hi];
        both.sort_by_key(|e| e.iter);
        let mut last = None;
        for e in both {
            if let Some(i) = e.iter.take() {
                if last != Some(i) {
                    self.path.push(i, &e.x, e.f);
                    last = Some(i);
                }
            }
        }
    }

    fn undo(&mut self) {
        let (it, prev) = (&mut self.it, &self.prev);
        it.x.copy_from_slice(&prev.x);
        it.g.copy_from_slice(&prev.g);
        it.f = prev.f;
        it.has_grad = prev.has_grad;
    }

    /// The current point, always finite (a diverging step is undone).
    pub fn iterate(&self) -> &Iterate {
        &self.it
    }

    /// Steps taken (a step that failed or was undone does not count).
    pub fn iters(&self) -> usize {
        self.iters
    }

    /// What the step that diverged produced, once [`Driver::step`] has returned
    /// [`StopReason::Diverged`].
    pub fn divergence(&self) -> Option<Divergence> {
        self.divergence
    }

    /// Ends the run with `reason`: evaluates the gradient at the final point if it is not known,
    /// records that point, and reports.
    pub fn finish(
        mut self,
        obj: &mut dyn Objective,
        opt: &dyn Optimizer,
        reason: StopReason,
    ) -> OptimReport {
        if !self.it.has_grad {
            let mut counted = Counted::new(obj);
            self.it.f = counted.value_and_grad(&self.it.x, &mut self.it.g);
            counted.add_to(&mut self.evals);
            self.it.has_grad = true;
        }
        self.flush_extremes();
        if self.path.iters.last() != Some(&self.iters) {
            self.path.push(self.iters, &self.it.x, self.it.f);
        }
        OptimReport {
            method: opt.name(),
            grad_norm: max_norm(&self.it.g),
            x: self.it.x,
            f: self.it.f,
            grad: self.it.g,
            iters: self.iters,
            f_evals: self.evals[0],
            g_evals: self.evals[1],
            h_evals: self.evals[2],
            stop: reason,
            elapsed: self.clock.elapsed(),
            path: self.path,
            settings: ResolvedSettings::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::FnObjective;

    use crate::optim::square_1d as square;

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
