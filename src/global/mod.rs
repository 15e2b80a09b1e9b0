//! [`minimize_global()`]: a global search over a box, with its options ([`GlobalOptions`],
//!
//! Layers: this module sits above the local optimizers ([`crate::optim`]) and the certificates
//! ([`crate::certify`]), and uses both; neither knows it. The interval phase has one owner, the
//! branch and bound of [`crate::certify`] (`certify_with`), which this search calls with its
//! share of the budget.
//! [`Strategy`]) and its report ([`GlobalReport`], [`FoundMinimum`], [`GlobalStop`]).
//!
//! The default strategy, [`Strategy::Search`], starts with the formula itself when the objective
//! is one ([`Objective::problem`]: a [`crate::Function`]) and [`GlobalOptions::interval`] is on:
//!
//! 0. **Interval bounds** (`bounded.rs`). The interval branch and bound of [`crate::certify`]
//!    gets at most half the budget and 2,000 evaluations per variable (for at most 12 variables;
//!    beyond, the sampling search alone runs). When the lowest lower
//!    bound `L` of the boxes left and the rigorous value `U` at the best point come within
//!    [`GlobalOptions::tol`], the minimum is certified: the point is polished and the search
//!    ends ([`GlobalStop::Certified`]). Otherwise `L` is kept as a proven bound, the best point
//!    seeds the sampling search below, and a best value that comes within the tolerance of `L`
//!    certifies after all. On the standard test functions this certifies all 19, most with a
//!    few hundred evaluations where sampling needs thousands.
//!
//! The sampling search has five parts:
//!
//! 1. **Space-filling samples.** A Halton sequence (one prime base per variable) shifted by a
//!    seeded random vector (a Cranley-Patterson rotation) covers the box far more evenly than
//!    uniform draws; each sample costs one value.
//! 2. **Single-linkage starts.** Multi-level single linkage (Rinnooy Kan & Timmer, 1987): a local
//!    search starts only from a sample that has no lower sample within the critical distance
//!    `(ln N / N)^(1/n)` (in the box scaled to the unit cube), so one basin is not searched twice
//!    from the same sample cloud.
//! 3. **Basin hopping over the minima found** (monotonic basin hopping, Leary 2000, with the
//!    moves of differential evolution, Storn & Price 1997): each round proposes a fixed number of
//!    new starts from the best end points: a random step of random size around one of them, or
//!    a differential move `best + F (a - b)` between end points with binomial crossover (on a
//!    lattice of minima, as Rastrigin's, the difference of two minima is a lattice vector). The
//!    round's local searches run in parallel.
//! 4. **Adaptive stop.** The search stops when the Bayesian rule of Boender & Rinnooy Kan (1987)
//!    says no minimum is left unseen: `n` local searches ended in the basins of `w` distinct
//!    minima (a search stopped early in a known basin counts for that basin) and the posterior
//!    estimate of the number of minima `w (n - 1) / (n - w - 2)` is below `w + 0.5`. That rule
//!    ends the search on landscapes with few minima after a few dozen (mostly merged, so cheap)
//!    searches, and never on a landscape with hundreds: there the search stops when the best
//!    value has not improved (by a millionth of the spread of the samples' values) for
//!    `25 * 8 + 8 n` local searches, the patience a funnel needs, or for `8 * 8` where no
//!    search has yet settled at a minimum (a kink, Bukin N.6, where the polish does the rest;
//!    [`GlobalStop`] says which).
//!    The evaluation or time budget ends it in any case.
//! 5. **Cheap searches, one polish.** Each local search of the search phase takes at most
//!    `30 + 10 n` steps and `30 + 15 n` evaluations, and each new end point's classification
//!    `10 + 5 n`: enough for a smooth basin's bottom, not for creeping along a kink. The lowest
//!    end point is then polished with the caller's rule and classified with what is left.
//!
//! Every local search is `minimize` (L-BFGS by default, exact gradients) in the variables `u`
//! with `x = c + r sin(u)` (`c` the centre and `r` the half-width of the box): the box is the
//! search domain, and a minimum on its boundary is a stationary point in `u`.
//!
//! Invariants: all randomness comes from one `fastrand` generator seeded with
//! [`GlobalOptions::seed`], drawn on the calling thread; each round's local searches are collected
//! in proposal order, so the report depends only on the options, never on thread scheduling or
//! the number of cores (except where the time limit cuts the run). Evaluations are counted per local
//! search and never exceed [`GlobalOptions::max_evals`]. Every local search is accounted for once:
//! `starts = at_minimum + elsewhere + failed + skipped`.

use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::optim::{Objective, OptimError, OptimReport, PointKind, StopReason, StopRule};
use crate::tr;

/// The default evaluation budget of [`GlobalOptions`]: a ceiling that the default search
/// rarely reaches (it stops by its own rule, [`GlobalStop`]).
pub const DEFAULT_MAX_EVALS: usize = 200_000;

/// Local searches proposed per round of [`Strategy::Search`]: a constant, so the proposals (and
/// the report) do not depend on the number of cores.
const ROUND: usize = 8;

mod bounded;
mod minimizers;
mod search;
mod types;

pub use minimizers::{global_minimizers, GlobalMinimizer, GlobalMinimizers};
use search::*;
pub use types::{FoundMinimum, GlobalOptions, GlobalReport, GlobalStop, Strategy};

/// Searches the box [`GlobalOptions::bounds`] for the lowest value of the objective that
/// `make_obj` builds (one objective per parallel task, so each thread owns its evaluation
/// workspace); see [`Strategy`] and the module documentation for the method.
///
/// The result is the best of the minima found; it is a proof only when the interval bounds
/// certified it ([`GlobalReport::certified`], with [`GlobalReport::lower`] and
/// [`GlobalReport::upper`]): no search over finitely many points alone can certify a global
/// minimum of an arbitrary function. The same options give the same report, whatever the number
/// of cores (except where the time limit cuts the run).
///
/// ```
/// use nabla::global::{minimize_global, GlobalOptions};
/// use nabla::Function;
/// // Rastrigin in 2-D on [-5.12, 5.12]^2: about 100 local minima, the global one f(0, 0) = 0.
/// let f = Function::parse("20 + x^2 - 10 cos(2 pi x) + y^2 - 10 cos(2 pi y)").unwrap();
/// let r = minimize_global(|| f.clone(), &GlobalOptions::new(vec![(-5.12, 5.12); 2])).unwrap();
/// assert!(r.best.f.abs() < 1e-9);
/// assert!(r.best.x.iter().all(|v| v.abs() < 1e-6));
/// ```
///
/// Errors: [`OptimError::InvalidBounds`] for a box with the wrong number of intervals or an
/// empty or infinite one, [`OptimError::NoStarts`] for a zero budget or `starts: 0`,
/// [`OptimError::NonFiniteStart`] when the function is not finite anywhere it was sampled.
pub fn minimize_global<O, M>(make_obj: M, opts: &GlobalOptions) -> Result<GlobalReport, OptimError>
where
    O: Objective,
    M: Fn() -> O + Sync,
{
    let n = make_obj().dim();
    let bounds = &opts.bounds;
    if bounds.len() != n {
        return Err(OptimError::InvalidBounds {
            reason: tr!("min-bounds-count", intervals = bounds.len(), variables = n),
        });
    }
    if let Some((lo, hi)) = bounds
        .iter()
        .find(|(lo, hi)| !(lo.is_finite() && hi.is_finite() && lo <= hi))
    {
        return Err(OptimError::InvalidBounds {
            reason: tr!(
                "min-bounds-empty",
                low = crate::fmt_number(*lo),
                high = crate::fmt_number(*hi)
            ),
        });
    }
    if opts.max_evals == 0 || opts.strategy == (Strategy::MultiStart { starts: 0 }) {
        return Err(OptimError::NoStarts);
    }
    opts.method.build()?;
    let mut s = State::new(make_obj, opts);
    match opts.strategy {
        Strategy::MultiStart { starts } => s.multi_start(starts),
        Strategy::Search => {
            if !s.bound_first() {
                s.search()?;
                s.close_gap();
            }
        }
    }
    s.finish()
}

/// How one local search ended.
enum End {
    /// It ran: its report (in the function's variables), whether some variable is at a bound.
    Ran {
        report: Box<OptimReport>,
        on_boundary: bool,
        budget_hit: bool,
    },
    /// The start was outside the function's domain (or another error).
    Failed(OptimError),
    /// Stopped on entering the basin of a minimum already found (that minimum's cluster).
    Merged(usize),
    /// Not run: the time limit had passed.
    Skipped,
    /// Stopped by its evaluation cap or the time limit before it produced a point.
    Cut,
}

/// One distinct end point, with the classification of its first (lowest-found) visit.
struct Cluster {
    x: Vec<f64>,
    f: f64,
    kind: Option<PointKind>,
    minimum: bool,
    on_boundary: bool,
    hits: usize,
    /// Local searches that ended here or stopped early in this basin (the observations of the
    /// stopping rule).
    seen: usize,
    /// Index into `State::reports` of the run that found the lowest value here.
    run: usize,
}

struct State<'a, M> {
    make_obj: M,
    opts: &'a GlobalOptions,
    map: BoxMap,
    rng: fastrand::Rng,
    t0: Instant,
    used: usize,
    grads: usize,
    /// Most evaluations of one classification (none: what is left of the budget); the search
    /// phase classifies its many end points cheaply, the polish the best one fully.
    classify_cap: Option<usize>,
    stopped: GlobalStop,
    starts: usize,
    failed: usize,
    skipped: usize,
    /// Runs their cap or the clock stopped before they produced a point.
    cut: usize,
    merged: usize,
    first_err: Option<OptimError>,
    reports: Vec<OptimReport>,
    clusters: Vec<Cluster>,
    /// Max-norm distance under which two end points are the same.
    same: f64,
    /// The interval phase's proven lower bound over the box.
    lower: Option<f64>,
    /// The rigorous upper bound, when the minimum is certified.
    certified: Option<f64>,
    /// Evaluations in interval arithmetic.
    interval_evals: usize,
    /// Points the sampling search starts from first (the interval phase's best).
    seeds: Vec<Vec<f64>>,
    /// Where the interval phase found `f` unbounded below or undefined.
    unbounded: Option<Vec<(f64, f64)>>,
}

impl<'a, O, M> State<'a, M>
where
    O: Objective,
    M: Fn() -> O + Sync,
{
    fn new(make_obj: M, opts: &'a GlobalOptions) -> Self {
        let map = BoxMap::new(&opts.bounds);
        let widest = map.width.iter().fold(0.0_f64, |m, w| m.max(*w));
        State {
            make_obj,
            opts,
            // Relative to the widest side (at least 1e-4 absolute), as two minima closer than
            // this are one for any practical purpose.
            same: 1e-4 * widest.max(1.0),
            map,
            rng: fastrand::Rng::with_seed(opts.seed),
            t0: Instant::now(),
            used: 0,
            grads: 0,
            classify_cap: None,
            stopped: GlobalStop::AllStarts,
            starts: 0,
            failed: 0,
            skipped: 0,
            cut: 0,
            merged: 0,
            first_err: None,
            reports: Vec::new(),
            clusters: Vec::new(),
            lower: None,
            certified: None,
            interval_evals: 0,
            seeds: Vec::new(),
            unbounded: None,
        }
    }

    fn time_left(&self) -> Option<Option<Duration>> {
        match self.opts.time_limit {
            None => Some(None),
            Some(t) => t
                .checked_sub(self.t0.elapsed())
                .filter(|d| !d.is_zero())
                .map(Some),
        }
    }

    fn evals_left(&self) -> usize {
        self.opts.max_evals.saturating_sub(self.used)
    }

    /// `count` points of the Halton sequence with a seeded shift, in the unit cube.
    fn halton(&mut self, count: usize) -> Vec<Vec<f64>> {
        let n = self.map.lo.len();
        let primes = first_primes(n);
        let shift: Vec<f64> = (0..n).map(|_| self.rng.f64()).collect();
        (1..=count as u64)
            .map(|k| {
                primes
                    .iter()
                    .zip(&shift)
                    .map(|(&p, s)| (radical_inverse(k, p) + s).fract())
                    .collect()
            })
            .collect()
    }

    /// Runs local searches from `starts` (points of the box) in parallel, each allowed at most
    /// `cap` evaluations, and records them in order.
    fn run_batch(&mut self, starts: Vec<Vec<f64>>, cap: usize, basins: bool, stop: &StopRule) {
        let known = if basins { self.basins() } else { Vec::new() };
        let known = &known[..];
        let opts = self.opts;
        let map = &self.map;
        let make_obj = &self.make_obj;
        let left = self.time_left();
        let deadline = opts.time_limit.map(|t| (self.t0, t));
        let ends: Vec<(End, usize, usize)> = starts
            .par_iter()
            .map(|x0| {
                let Some(_) = left else {
                    return (End::Skipped, 0, 0);
                };
                let mut rule = stop.clone();
                rule.time_limit = None;
                if let Some((t0, limit)) = deadline {
                    match limit.checked_sub(t0.elapsed()).filter(|d| !d.is_zero()) {
                        Some(d) => rule.time_limit = Some(d),
                        None => return (End::Skipped, 0, 0),
                    }
                }
                let mut obj = Counted::new(make_obj(), cap);
                obj.known = known;
                let end = local_search(&mut obj, map, x0, &opts.method, &rule);
                let end = match obj.merged {
                    Some(k) => End::Merged(k),
                    None => end,
                };
                (end, obj.used, obj.grads)
            })
            .collect();
        for (end, used, grads) in ends {
            self.used += used;
            self.grads += grads;
            self.starts += 1;
            self.record(end);
        }
    }

    /// Records one end: accounting, clustering, classification of a new end point.
    fn record(&mut self, end: End) {
        let (report, on_boundary, budget_hit) = match end {
            End::Skipped => {
                self.skipped += 1;
                return;
            }
            End::Cut => {
                self.failed += 1;
                self.cut += 1;
                return;
            }
            End::Merged(k) => {
                self.merged += 1;
                self.clusters[k].seen += 1;
                return;
            }
            End::Failed(e) => {
                self.failed += 1;
                self.first_err.get_or_insert(e);
                return;
            }
            End::Ran {
                report,
                on_boundary,
                budget_hit,
            } => (report, on_boundary, budget_hit),
        };
        if !budget_hit && matches!(report.stop, StopReason::Diverged { .. }) {
            self.failed += 1;
            return;
        }
        let near = self
            .clusters
            .iter()
            .position(|c| max_dist(&c.x, &report.x) <= self.same);
        let idx = self.reports.len();
        match near {
            Some(k) => {
                let c = &mut self.clusters[k];
                c.hits += 1;
                c.seen += 1;
                if report.f < c.f {
                    c.f = report.f;
                    c.x = report.x.clone();
                    c.run = idx;
                }
            }
            None => self.clusters.push(Cluster {
                x: report.x.clone(),
                f: report.f,
                kind: None,
                minimum: false,
                on_boundary,
                hits: 1,
                seen: 1,
                run: idx,
            }),
        }
        self.reports.push(*report);
    }

    /// Classifies the clusters not yet classified (in parallel, in order), within the budget.
    fn classify_new(&mut self) {
        let todo: Vec<usize> = (0..self.clusters.len())
            .filter(|&k| self.clusters[k].kind.is_none())
            .collect();
        if todo.is_empty() {
            return;
        }
        let cap = (self.evals_left() / todo.len()).max(1);
        let cap = self.classify_cap.map_or(cap, |c| cap.min(c));
        let map = &self.map;
        let make_obj = &self.make_obj;
        let opts = self.opts;
        let points: Vec<(Vec<f64>, Option<usize>)> = todo
            .iter()
            .map(|&k| (self.clusters[k].x.clone(), None))
            .collect();
        let kinds: Vec<(PointKind, usize, usize)> = points
            .par_iter()
            .map(|(x, _)| {
                let mut obj = Counted::new(make_obj(), cap);
                let kind = kind_at(&mut obj, map, x, &opts.stop);
                (kind, obj.used, obj.grads)
            })
            .collect();
        for (&k, (kind, used, grads)) in todo.iter().zip(kinds) {
            self.used += used;
            self.grads += grads;
            let c = &mut self.clusters[k];
            c.kind = Some(kind);
            let r = &self.reports[c.run];
            c.minimum = kind == PointKind::LocalMinimum
                || (kind == PointKind::Unknown && r.stop == StopReason::GradientTolerance);
        }
    }

    fn multi_start(&mut self, starts: usize) {
        let points: Vec<Vec<f64>> = self
            .halton(starts)
            .iter()
            .map(|z| self.map.point_at(z))
            .collect();
        // One share of the budget per start, a little kept for the classification.
        let cap = (self.opts.max_evals / (starts + starts / 8 + 1)).max(1);
        self.run_batch(points, cap, false, &self.opts.stop.clone());
        self.classify_new();
        if self.skipped > 0 {
            self.stopped = self.spent();
        }
    }

    /// The minima found so far with the radius taken to be inside each one's basin: 0.3 of the
    /// distance to the nearest other end point (0.3 of the nearest spacing stays inside a basin
    /// of a regular lattice of minima), at most 5% of the box and at most the distance from the
    /// start of the search that found it.
    fn basins(&self) -> Vec<Basin> {
        let unit: Vec<Vec<f64>> = self
            .clusters
            .iter()
            .map(|c| self.map.to_unit(&c.x))
            .collect();
        let scale = |i: usize| self.map.width[i];
        self.clusters
            .iter()
            .enumerate()
            .filter(|(_, c)| c.minimum)
            .map(|(k, c)| {
                let nearest = (0..unit.len())
                    .filter(|&j| j != k)
                    .map(|j| max_dist(&unit[k], &unit[j]))
                    .fold(0.05 / 0.3, f64::min);
                // Nor farther than the start of the search that found it (which descended into
                // it, so lay in its basin): with one minimum known, 5% of a wide box can span
                // many basins (Griewank's are 0.5% of its box).
                let path = &self.reports[c.run].path.points;
                let from = if path.len() >= unit[k].len() {
                    max_dist(&unit[k], &self.map.to_unit(&path[..unit[k].len()]))
                } else {
                    0.0
                };
                Basin {
                    x: c.x.clone(),
                    f: c.f,
                    radius: (0.3 * nearest).min(from),
                    cluster: k,
                }
            })
            .map(|mut b| {
                // The radius is in unit-cube terms; the check is in x: use the narrowest side.
                let narrowest = (0..b.x.len())
                    .map(scale)
                    .filter(|w| *w > 0.0)
                    .fold(f64::INFINITY, f64::min);
                b.radius *= if narrowest.is_finite() {
                    narrowest
                } else {
                    0.0
                };
                b
            })
            .collect()
    }

    fn search(&mut self) -> Result<(), OptimError> {
        let n = self.map.lo.len();
        // Samples: enough to see the large-scale shape of the landscape.
        let count = (40 + 20 * n).min(self.evals_left() / 2).max(1);
        let zs = self.halton(count);
        let make_obj = &self.make_obj;
        let map = &self.map;
        let values: Vec<f64> = zs
            .par_chunks(16)
            .flat_map_iter(|chunk| {
                let mut obj = make_obj();
                chunk
                    .iter()
                    .map(|z| obj.value(&map.point_at(z)))
                    .collect::<Vec<_>>()
            })
            .collect();
        self.used += count;
        let mut samples: Vec<(f64, Vec<f64>)> = values
            .into_iter()
            .zip(zs)
            .filter(|(f, _)| f.is_finite())
            .collect();
        if samples.is_empty() {
            return Err(OptimError::NonFiniteStart { value: f64::NAN });
        }
        samples.sort_by(|a, b| a.0.total_cmp(&b.0));
        // The resolution of an improvement: a millionth of the spread between the lowest and
        // the median sample (at least 1e-12 of the lowest value's size), so that creeping down a
        // kink (Bukin N.6) by ever smaller steps does not reset the patience forever.
        let resolution = (1e-6 * (samples[samples.len() / 2].0 - samples[0].0))
            .max(1e-12 * samples[0].0.abs())
            .max(f64::MIN_POSITIVE);
        // Single linkage: start from a sample with no lower sample within the critical distance.
        let nf = samples.len() as f64;
        let radius = (nf.ln().max(1.0) / nf).powf(1.0 / n as f64);
        let mut first: Vec<Vec<f64>> = std::mem::take(&mut self.seeds);
        for (i, (_, z)) in samples.iter().enumerate() {
            let dominated = samples[..i]
                .iter()
                .any(|(_, w)| dist2(w, z) < radius * radius);
            if !dominated {
                first.push(self.map.point_at(z));
            }
            if first.len() == ROUND {
                break;
            }
        }
        // Funnel landscapes (Rastrigin, Griewank, Schaffer) improve rarely but steadily: 25
        // rounds without a better minimum, measured on the test functions of
        // `tests/suite/landscapes.rs` (fewer rounds miss the funnel's bottom).
        let patience = 25 * ROUND + 8 * n;
        let cheap = self.cheap_rule();
        // Evaluations of one search of the search phase: a smooth basin's bottom takes fewer, a
        // kink or a flat valley many more (the polish then finishes the best).
        let cheap_evals = 30 + 15 * n;
        self.classify_cap = Some(10 + 5 * n);
        let mut since = 0;
        let mut best: Option<f64> = None;
        let mut pending = first;
        loop {
            let left = self.evals_left();
            // Each search gets an equal share of what is left, but the round must leave room for
            // classification and the polish.
            let cap = left / (pending.len() + 4);
            if cap < 4 || self.time_left().is_none() {
                self.starts += pending.len();
                self.skipped += pending.len();
                self.stopped = self.spent();
                break;
            }
            let cap = cap.min(cheap_evals);
            self.run_batch(pending, cap, true, &cheap);
            self.classify_new();
            let top = self.ranked();
            if let Some(&k) = top.first() {
                let c = &self.clusters[k];
                let improved = match best {
                    None => true,
                    Some(f) => c.f < f - resolution,
                };
                if improved {
                    best = Some(c.f);
                    since = 0;
                } else {
                    since += ROUND;
                }
            }
            if let Some(stop) = self.no_unseen_minima() {
                self.stopped = stop;
                break;
            }
            // Where no search has settled at a minimum (a kink or a flat valley, Bukin N.6: the
            // cheap searches only creep along it), the hops find the valley's lowest stretch in
            // a few rounds (at most 4 between improvements on the test functions) and the
            // polish does the rest: 8 rounds of patience, not 25.
            let patience = if self.clusters.iter().any(|c| c.minimum) {
                patience
            } else {
                patience.min(8 * ROUND)
            };
            if since >= patience {
                self.stopped = GlobalStop::NoImprovement { searches: since };
                break;
            }
            if self.time_left().is_none() {
                self.stopped = GlobalStop::TimeLimit;
                break;
            }
            pending = self.propose(&top);
        }
        self.polish();
        Ok(())
    }

    /// Why the search could not go on: the time limit or else the evaluation budget.
    fn spent(&self) -> GlobalStop {
        if self.time_left().is_none() {
            GlobalStop::TimeLimit
        } else {
            GlobalStop::EvaluationBudget
        }
    }

    /// The rule of the search's local searches: the caller's, with at most `30 + 10 n` steps
    /// (L-BFGS reaches the bottom of a smooth basin in fewer; a kink or a flat valley would take
    /// thousands). The best end point is then polished with the caller's rule ([`Self::polish`]).
    fn cheap_rule(&self) -> StopRule {
        let n = self.map.lo.len();
        let mut rule = self.opts.stop.clone();
        rule.max_iters = rule.max_iters.min(30 + 10 * n);
        rule
    }

    /// The Bayesian stopping rule of Boender & Rinnooy Kan (1987): `n` local searches ended in
    /// the basins of `w` distinct minima (a search stopped early in a known basin counts for
    /// that basin); the posterior estimate of the number of minima is `w (n - 1) / (n - w - 2)`;
    /// stop when it is within 0.5 of `w`, and `n` is at least `4 * ROUND`. A search that ended
    /// at no minimum (its step or evaluation cap, a saddle) is no evidence either way and is not
    /// counted.
    fn no_unseen_minima(&self) -> Option<GlobalStop> {
        let minima = self.clusters.iter().filter(|c| c.minimum);
        let (w, n) = minima.fold((0, 0), |(w, n), c| (w + 1, n + c.seen));
        // The rule assumes independent starts; the hops of one round start near the same few
        // points, so it waits for four rounds' worth of evidence (with one basin known after
        // nine searches it would otherwise stop on Griewank's and Schaffer N.2's outer rings).
        if w == 0 || n < (w + 3).max(4 * ROUND) {
            return None;
        }
        let estimate = (w * (n - 1)) as f64 / (n - w - 2) as f64;
        (estimate < w as f64 + 0.5).then_some(GlobalStop::NoUnseenMinima {
            searches: n,
            minima: w,
            estimate,
        })
    }

    /// Polishes the lowest end point with the caller's full rule when its (cheap) search did
    /// not reach the gradient tolerance: one more local search, accounted like the others.
    fn polish(&mut self) {
        self.classify_cap = None;
        let Some(&k) = self.ranked().first() else {
            return;
        };
        let run = self.clusters[k].run;
        if self.reports[run].stop == StopReason::GradientTolerance {
            // Converged: classify it afresh with the whole budget.
            self.clusters[k].kind = None;
            self.classify_new();
            return;
        }
        let cap = self.evals_left().saturating_sub(8);
        if cap < 4 || self.time_left().is_none() {
            return;
        }
        let start = self.clusters[k].x.clone();
        let full = self.opts.stop.clone();
        let before = self.reports.len();
        self.run_batch(vec![start], cap, false, &full);
        if self.reports.len() > before {
            // The polished end joined a cluster (this one or a new one): classify it afresh.
            let last = self.reports.len() - 1;
            if let Some(c) = self.clusters.iter_mut().find(|c| c.run == last) {
                c.kind = None;
                c.minimum = false;
            }
            self.classify_new();
        }
    }

    /// Cluster indices, lowest value first (non-minima after minima of equal value).
    fn ranked(&self) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..self.clusters.len()).collect();
        idx.sort_by(|&a, &b| self.clusters[a].f.total_cmp(&self.clusters[b].f));
        idx
    }

    /// One round of new starts around the best end points.
    fn propose(&mut self, top: &[usize]) -> Vec<Vec<f64>> {
        let n = self.map.lo.len();
        let elite: Vec<Vec<f64>> = top
            .iter()
            .take(4)
            .map(|&k| self.map.to_unit(&self.clusters[k].x))
            .collect();
        let pool: Vec<Vec<f64>> = top
            .iter()
            .take(16)
            .map(|&k| self.map.to_unit(&self.clusters[k].x))
            .collect();
        let mut out = Vec::with_capacity(ROUND);
        if elite.is_empty() {
            // Nothing ran to its end (every start failed): fresh samples.
            return self
                .halton(ROUND)
                .iter()
                .map(|z| self.map.point_at(z))
                .collect();
        }
        // Per variable, the nearest spacing between the best point and another minimum found
        // along that variable (in the unit cube): on a lattice of minima, one lattice step.
        let spacing: Vec<f64> = (0..n)
            .map(|i| {
                self.clusters
                    .iter()
                    .filter(|c| c.minimum)
                    .map(|c| (self.map.to_unit(&c.x)[i] - elite[0][i]).abs())
                    .filter(|d| *d > 1e-4)
                    .fold(f64::INFINITY, f64::min)
            })
            .collect();
        for j in 0..ROUND {
            let parent = if j % 2 == 0 {
                &elite[0]
            } else {
                &elite[self.rng.usize(..elite.len())]
            };
            let mut z = parent.clone();
            let i = self.rng.usize(..n);
            if j % 4 == 0 && spacing[i].is_finite() {
                // Lattice step: the best point moved one spacing along one variable.
                let sign = if self.rng.bool() { 1.0 } else { -1.0 };
                z[i] += sign * spacing[i] * (0.9 + 0.2 * self.rng.f64());
            } else if pool.len() >= 3 && self.rng.bool() {
                // Differential move: parent + F (a - b), binomial crossover.
                let a = self.rng.usize(..pool.len());
                let mut b = self.rng.usize(..pool.len());
                while b == a {
                    b = self.rng.usize(..pool.len());
                }
                let f = if self.rng.bool() {
                    1.0
                } else {
                    0.3 + 0.7 * self.rng.f64()
                };
                let cr = self.rng.f64();
                let forced = self.rng.usize(..n);
                for i in 0..n {
                    if i == forced || self.rng.f64() < cr {
                        z[i] += f * (pool[a][i] - pool[b][i]);
                    }
                }
            } else {
                // Random step of a log-uniform size between 0.2% and 50% of the box, on every
                // variable or (half the time) on one.
                let size = 0.002 * 250.0_f64.powf(self.rng.f64());
                let one = (n > 1 && self.rng.bool()).then(|| self.rng.usize(..n));
                for (i, zi) in z.iter_mut().enumerate() {
                    if one.is_none_or(|k| k == i) {
                        *zi += size * (2.0 * self.rng.f64() - 1.0);
                    }
                }
            }
            for zi in &mut z {
                *zi = reflect(*zi);
            }
            out.push(self.map.point_at(&z));
        }
        out
    }

    fn finish(mut self) -> Result<GlobalReport, OptimError> {
        if self.clusters.is_empty() && self.cut + self.skipped > 0 {
            // Nothing diverged: the budget ended every run before it produced a point.
            let time = self.opts.time_limit.is_some_and(|t| self.t0.elapsed() >= t);
            return Err(OptimError::BudgetSpent {
                runs: self.starts,
                evaluations: self.used,
                which: if time {
                    "time limit"
                } else {
                    "evaluation budget"
                },
            });
        }
        if self.clusters.is_empty() {
            let runs = self.starts;
            return Err(self
                .first_err
                .take()
                .unwrap_or(OptimError::AllRunsDiverged { runs }));
        }
        let top = self.ranked();
        let lowest = &self.clusters[top[0]];
        let best_is_minimum = lowest.minimum;
        let best = self.reports[lowest.run].clone();
        let minima: Vec<FoundMinimum> = top
            .iter()
            .map(|&k| &self.clusters[k])
            .filter(|c| c.minimum)
            .map(|c| FoundMinimum {
                x: c.x.clone(),
                f: c.f,
                kind: c.kind.unwrap_or(PointKind::Unknown),
                on_boundary: c.on_boundary,
                hits: c.hits,
            })
            .collect();
        let at_minimum: usize = minima.iter().map(|m| m.hits).sum();
        let ran = self.starts - self.failed - self.skipped;
        let merged = self.merged;
        let upper = self.certified.unwrap_or(best.f);
        if let Some(near) = self.unbounded.take() {
            // The search ran on (its best point is still reported), but its "minima" are not
            // minima of an unbounded function.
            self.stopped = GlobalStop::Unbounded { near };
        }
        Ok(GlobalReport {
            best,
            best_is_minimum,
            certified: self.certified.is_some(),
            lower: self.lower,
            upper,
            minima,
            starts: self.starts,
            at_minimum,
            elsewhere: ran - at_minimum,
            failed: self.failed,
            skipped: self.skipped,
            merged,
            evaluations: self.used,
            gradient_evaluations: self.grads,
            interval_evaluations: self.interval_evals,
            stopped: self.stopped,
        })
    }
}

#[cfg(test)]
mod tests;
