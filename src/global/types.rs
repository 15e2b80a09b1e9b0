//! The options and the report of [`minimize_global`](super::minimize_global): [`Strategy`],
//! [`GlobalOptions`], [`FoundMinimum`], [`GlobalReport`] and [`GlobalStop`] (why the search
//! ended).
//!
//! Invariant: a report accounts for every local search once (`starts = at_minimum + elsewhere +
//! failed + skipped`) and counts every evaluation (`gradient_evaluations <= evaluations <=
//! max_evals`).

use std::time::Duration;

use serde::Serialize;

use crate::optim::{Method, OptimReport, PointKind, StopRule};
use crate::tr;

use super::DEFAULT_MAX_EVALS;

/// How [`minimize_global`](super::minimize_global) looks for the global minimum.
///
/// ```
/// use nabla::global::Strategy;
/// assert_eq!(Strategy::default(), Strategy::Search);
/// assert_eq!(Strategy::MultiStart { starts: 64 }.to_string(), "multi-start (64 starts)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Strategy {
    /// Interval bounds first for a formula (certifying the minimum when they close), then Halton
    /// samples, single-linkage starts, and basin hopping with differential moves over the minima
    /// found, until the best value stops improving (see the module documentation).
    #[default]
    Search,
    /// A local search from each of `starts` Halton points, nothing else: every basin the points
    /// fall in, each searched as often as points fall in it. For listing many minima.
    MultiStart {
        /// Number of local searches.
        starts: usize,
    },
}

impl std::fmt::Display for Strategy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Strategy::Search => f.write_str("search"),
            Strategy::MultiStart { starts } => write!(f, "multi-start ({starts} starts)"),
        }
    }
}

impl Strategy {
    /// The strategy in words, in the current language (its `Display` is the English form that
    /// answers' JSON carries).
    ///
    /// ```
    /// assert_eq!(nabla::global::Strategy::Search.describe(), "search");
    /// ```
    pub fn describe(&self) -> String {
        match self {
            Strategy::Search => tr!("min-strategy-search"),
            Strategy::MultiStart { starts } => tr!("min-strategy-multi-start", starts = *starts),
        }
    }
}

/// What [`minimize_global`](super::minimize_global) searches and with what budget.
///
/// Build it with [`GlobalOptions::new`] (the box) and the setters; every other field has a
/// default that finds the published global minimum of the standard test functions (Rastrigin,
/// Ackley, Eggholder, ...; see `tests/suite/global.rs`).
///
/// ```
/// use std::time::Duration;
/// use nabla::global::{GlobalOptions, Strategy, DEFAULT_MAX_EVALS};
/// let o = GlobalOptions::new(vec![(-5.0, 5.0); 2]);
/// assert_eq!((o.strategy, o.max_evals, o.seed, o.time_limit), (Strategy::Search, DEFAULT_MAX_EVALS, 1, None));
/// let o = o.seed(7).max_evals(10_000).time_limit(Duration::from_secs(2));
/// assert_eq!((o.seed, o.max_evals), (7, 10_000));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct GlobalOptions {
    /// The search domain: one `(low, high)` per variable, finite, `low <= high`.
    pub bounds: Vec<(f64, f64)>,
    /// How to search. Default [`Strategy::Search`].
    pub strategy: Strategy,
    /// Most evaluations of the objective (a value, a value with gradient, or a Hessian each count
    /// one), samples, local searches and classification together. Default [`DEFAULT_MAX_EVALS`].
    pub max_evals: usize,
    /// Wall-clock limit of the whole search. Default none.
    #[serde(skip)]
    pub time_limit: Option<Duration>,
    /// Seed of every random choice. Default 1.
    pub seed: u64,
    /// The local method. Default L-BFGS.
    #[serde(skip)]
    pub method: Method,
    /// When each local search stops (its `time_limit` is replaced by what is left of
    /// [`GlobalOptions::time_limit`]). Default [`StopRule::default`].
    #[serde(skip)]
    pub stop: StopRule,
    /// Whether [`Strategy::Search`] first bounds the objective by interval arithmetic when it
    /// is a formula ([`Objective::problem`](crate::optim::Objective::problem)): a branch and
    /// bound that certifies the minimum or gives a proven lower bound (see the module
    /// documentation). Default `true`.
    pub interval: bool,
    /// The gap under which the interval bounds certify the minimum: `U - L <= tol` or
    /// `U - L <= tol |U|`. Default 1e-5: a rigorous upper bound carries the rounding of the
    /// evaluation at its point, which alone can exceed 1e-6 (Bukin N.6's `100 sqrt(|y - x^2/100|)`
    /// turns a rounding error of 2e-16 into 1.5e-6); the point is polished beyond it anyway.
    pub tol: f64,
}

impl GlobalOptions {
    /// The defaults, searching the box `bounds`.
    pub fn new(bounds: Vec<(f64, f64)>) -> Self {
        GlobalOptions {
            bounds,
            strategy: Strategy::Search,
            max_evals: DEFAULT_MAX_EVALS,
            time_limit: None,
            seed: 1,
            method: Method::parse("lbfgs").expect("lbfgs is a method"),
            stop: StopRule::default(),
            interval: true,
            tol: 1e-5,
        }
    }
    /// Turns the interval bounds of [`Strategy::Search`] on or off.
    pub fn interval(mut self, on: bool) -> Self {
        self.interval = on;
        self
    }
    /// Sets the certification gap.
    pub fn tol(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }
    /// Sets the strategy.
    pub fn strategy(mut self, strategy: Strategy) -> Self {
        self.strategy = strategy;
        self
    }
    /// Sets the evaluation budget.
    pub fn max_evals(mut self, n: usize) -> Self {
        self.max_evals = n;
        self
    }
    /// Sets the wall-clock limit of the whole search.
    pub fn time_limit(mut self, limit: Duration) -> Self {
        self.time_limit = Some(limit);
        self
    }
    /// Sets the seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
    /// Sets the local method.
    pub fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }
    /// Sets the stopping rule of each local search.
    pub fn stop(mut self, stop: StopRule) -> Self {
        self.stop = stop;
        self
    }
}

/// One distinct minimum found.
///
/// ```
/// use nabla::optim::{FnObjective, PointKind};
/// use nabla::global::{minimize_global, GlobalOptions, Strategy};
/// // f = (x - 3)^2 has one minimum; every start of the box ends there.
/// let make = || FnObjective::new(1, |x: &[f64]| (x[0] - 3.0).powi(2), |x: &[f64], g: &mut [f64]| {
///     g[0] = 2.0 * (x[0] - 3.0);
///     (x[0] - 3.0).powi(2)
/// });
/// let opts = GlobalOptions::new(vec![(0.0, 5.0)]).strategy(Strategy::MultiStart { starts: 5 });
/// let r = minimize_global(make, &opts).unwrap();
/// let m = &r.minima[0];
/// assert_eq!((r.minima.len(), m.hits), (1, 5));
/// assert!((m.x[0] - 3.0).abs() < 1e-6);
/// assert!(matches!(m.kind, PointKind::Unknown | PointKind::LocalMinimum));
/// assert!(!m.on_boundary);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct FoundMinimum {
    /// The best point of the cluster.
    pub x: Vec<f64>,
    /// Its value.
    pub f: f64,
    /// Its classification (for a point on the boundary of the box, the classification of `f`
    /// restricted to the variables not at a bound).
    pub kind: PointKind,
    /// Whether some variable is at a bound of the box (a minimum of `f` on the box, where the
    /// gradient need not vanish).
    pub on_boundary: bool,
    /// How many local searches ended here.
    pub hits: usize,
}

/// The result of [`minimize_global`](super::minimize_global).
///
/// ```
/// use nabla::optim::FnObjective;
/// use nabla::global::{minimize_global, GlobalOptions};
/// // f' = (x + 1)(x - 1)(x - 2), so f = x^4/4 - 2x^3/3 - x^2/2 + 2x has two minima: x = -1 with
/// // f = 1/4 + 2/3 - 1/2 - 2 = -19/12, and x = 2 with f = 4 - 16/3 - 2 + 4 = 2/3.
/// let f = |x: f64| x.powi(4) / 4.0 - 2.0 * x.powi(3) / 3.0 - x * x / 2.0 + 2.0 * x;
/// let make = || {
///     FnObjective::new(1, move |x: &[f64]| f(x[0]), move |x: &[f64], g: &mut [f64]| {
///         g[0] = (x[0] + 1.0) * (x[0] - 1.0) * (x[0] - 2.0);
///         f(x[0])
///     })
/// };
/// let r = minimize_global(make, &GlobalOptions::new(vec![(-3.0, 4.0)])).unwrap();
/// // Every local search is accounted for once, and every evaluation counted.
/// assert_eq!(r.starts, r.at_minimum + r.elsewhere + r.failed + r.skipped);
/// assert!(r.evaluations > 0 && !r.certified);
/// // The best point is the global minimum; the minima come lowest first.
/// assert!((r.best.x[0] + 1.0).abs() < 1e-6 && (r.best.f + 19.0 / 12.0).abs() < 1e-10);
/// assert!((r.minima[1].x[0] - 2.0).abs() < 1e-6);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct GlobalReport {
    /// The local search that ended lowest (its `x`, `grad` and path are in the variables of the
    /// function; `grad_norm` is the norm of the gradient projected on the box).
    pub best: OptimReport,
    /// Whether `best` is one of [`GlobalReport::minima`] (otherwise no search ended at a minimum
    /// as low).
    pub best_is_minimum: bool,
    /// Whether the interval bounds proved that no point of the box is lower than
    /// [`GlobalReport::upper`] by more than [`GlobalOptions::tol`]: the global minimum over the
    /// box lies in `[lower, upper]`. Never from sampling alone.
    pub certified: bool,
    /// A proven lower bound on `f` over the box (interval arithmetic, outward rounded), when the
    /// objective is a formula and its bounds were computed (`-inf` when they found none finite);
    /// `None` otherwise.
    pub lower: Option<f64>,
    /// An upper bound on the global minimum: when certified, the rigorous value (rounding
    /// included) at the point that proved it; otherwise the best value found.
    pub upper: f64,
    /// Distinct minima, lowest value first.
    pub minima: Vec<FoundMinimum>,
    /// Number of local searches started or planned. Every one is accounted for exactly once:
    /// `starts = at_minimum + elsewhere + failed + skipped`.
    pub starts: usize,
    /// Local searches that ended at a local minimum (the `hits` of [`GlobalReport::minima`] summed).
    pub at_minimum: usize,
    /// Local searches that ended somewhere that is not a local minimum (a saddle, a point where
    /// the gradient is not small, an iteration, evaluation or time limit).
    pub elsewhere: usize,
    /// Local searches that errored (start outside the function's domain) or diverged.
    pub failed: usize,
    /// Of [`GlobalReport::elsewhere`], the local searches stopped early because they entered the
    /// basin of a minimum already found (near it, with a higher value), so that no basin is
    /// searched to its bottom twice.
    pub merged: usize,
    /// Local searches planned but not run because the time limit or the evaluation budget had
    /// been spent.
    pub skipped: usize,
    /// Evaluations of the objective used, all parts of the search together (at most
    /// [`GlobalOptions::max_evals`]). A value, a value with gradient and a value with gradient
    /// and Hessian each count one.
    pub evaluations: usize,
    /// Of [`GlobalReport::evaluations`], those that computed a gradient as well as the value
    /// (with reverse-mode derivatives a gradient costs a small multiple of a value).
    pub gradient_evaluations: usize,
    /// Of [`GlobalReport::gradient_evaluations`], those in interval arithmetic (a box or its
    /// centre, value and gradient enclosed).
    pub interval_evaluations: usize,
    /// Why the search ended.
    pub stopped: GlobalStop,
}

impl GlobalReport {
    /// Why no minimum was found, when none was (no search ended at a local minimum and nothing
    /// is certified): the budget, when it ran out (`--starts 100000` leaves a search about two
    /// evaluations), rather than a failure of the searches. `None` when a minimum was found.
    pub fn no_minimum_reason(&self) -> Option<String> {
        if !self.minima.is_empty() || self.certified {
            return None;
        }
        let per_start = self.evaluations / self.starts.max(1);
        Some(match self.stopped {
            GlobalStop::EvaluationBudget | GlobalStop::TimeLimit => tr!(
                "min-no-minimum-budget",
                which = if self.stopped == GlobalStop::TimeLimit {
                    tr!("min-budget-time-limit")
                } else {
                    tr!("min-budget-evaluations")
                },
                evaluations = self.evaluations,
                starts = self.starts,
                each = per_start
            ),
            _ if self.elsewhere > 0 && per_start < 20 => {
                tr!("min-no-minimum-few", each = per_start, starts = self.starts)
            }
            _ => tr!("min-no-minimum-none"),
        })
    }
}

/// Why [`minimize_global`](super::minimize_global) ended.
///
/// ```
/// use nabla::global::GlobalStop;
/// let s = GlobalStop::NoUnseenMinima { searches: 47, minima: 4, estimate: 4.47 };
/// assert_eq!(
///     s.to_string(),
///     "stopped: estimated number of unseen minima < 0.5 after 47 local searches (4 minima seen, 4.47 estimated)"
/// );
/// assert_eq!(GlobalStop::EvaluationBudget.to_string(), "stopped: the evaluation budget was spent");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
#[non_exhaustive]
pub enum GlobalStop {
    /// The interval bounds certified the minimum: no point of the box is below `lower`, and
    /// `upper - lower` is within [`GlobalOptions::tol`].
    Certified {
        /// The proven lower bound.
        lower: f64,
        /// The rigorous upper bound.
        upper: f64,
    },
    /// The Bayesian stopping rule of Boender & Rinnooy Kan (1987): of `searches` local searches
    /// that ended in the basin of a minimum, `minima` distinct ones were seen, and the posterior
    /// estimate of the number of minima, `estimate = w (n - 1) / (n - w - 2)` with `w = minima`
    /// and `n = searches`, is less than `w + 0.5`: no unseen minimum is expected. A search
    /// stopped early in a known basin counts for that basin; one that ended at no minimum (its
    /// step or evaluation cap, a saddle) is not counted.
    NoUnseenMinima {
        /// Local searches that ended at a minimum or in a known minimum's basin.
        searches: usize,
        /// Distinct minima among them.
        minima: usize,
        /// The estimated number of minima.
        estimate: f64,
    },
    /// The last `searches` local searches found nothing lower (the patience a funnel landscape
    /// needs, where each better minimum is found from the neighbourhood of the last one).
    NoImprovement {
        /// Local searches since the best value last improved.
        searches: usize,
    },
    /// The interval bounds found the formula unbounded below, or undefined, next to the box
    /// `near` (one `(low, high)` per variable): no minimum exists there to find, whatever the
    /// search's best value.
    Unbounded {
        /// Where: a box at the resolution of floating point, or the point that showed it.
        near: Vec<(f64, f64)>,
    },
    /// The evaluation budget ([`GlobalOptions::max_evals`]) was spent.
    EvaluationBudget,
    /// The time limit ([`GlobalOptions::time_limit`]) passed.
    TimeLimit,
    /// Every start of [`Strategy::MultiStart`] was run.
    AllStarts,
}

impl std::fmt::Display for GlobalStop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            GlobalStop::Certified { lower, upper } => tr!(
                "min-global-stop-certified",
                gap = crate::fmt_number(upper - lower)
            ),
            GlobalStop::NoUnseenMinima {
                searches,
                minima,
                estimate,
            } => tr!(
                "min-global-stop-unseen",
                searches = *searches,
                minima = *minima,
                estimate = format!("{estimate:.2}")
            ),
            GlobalStop::NoImprovement { searches } => {
                tr!("min-global-stop-no-improvement", searches = *searches)
            }
            GlobalStop::Unbounded { near } => tr!(
                "min-global-stop-unbounded",
                bounds = crate::certify::box_text(near)
            ),
            GlobalStop::EvaluationBudget => tr!("min-global-stop-budget"),
            GlobalStop::TimeLimit => tr!("min-global-stop-time"),
            GlobalStop::AllStarts => tr!("min-global-stop-all-starts"),
        };
        f.write_str(&text)
    }
}
