//! [`minimize_global()`] and what it needs; documented on the function.

use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;

use crate::optim::{
    classify, minimize, ClassifyTol, Method, Objective, OptimError, OptimReport, PointKind,
    StopReason, StopRule,
};

/// One distinct minimum found.
///
/// ```
/// use nabla::optim::{minimize_global, FnObjective, Method, PointKind, StopRule};
/// // f = (x - 3)^2 has one minimum; every start of the box ends there.
/// let make = || FnObjective::new(1, |x: &[f64]| (x[0] - 3.0).powi(2), |x: &[f64], g: &mut [f64]| {
///     g[0] = 2.0 * (x[0] - 3.0);
///     (x[0] - 3.0).powi(2)
/// });
/// let r = minimize_global(make, &[(0.0, 5.0)], 5, 1, &Method::parse("lbfgs").unwrap(), &StopRule::default())
///     .unwrap();
/// let m = &r.minima[0];
/// assert_eq!((r.minima.len(), m.hits), (1, 5));
/// assert!((m.x[0] - 3.0).abs() < 1e-6);
/// assert!(matches!(m.kind, PointKind::Unknown | PointKind::LocalMinimum));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct FoundMinimum {
    /// The best point of the cluster.
    pub x: Vec<f64>,
    /// Its value.
    pub f: f64,
    /// Its classification.
    pub kind: PointKind,
    /// How many starts ended here.
    pub hits: usize,
}

/// The result of [`minimize_global`].
///
/// ```
/// use nabla::optim::{minimize_global, FnObjective, Method, StopRule};
/// // f' = (x + 1)(x - 1)(x - 2), so f = x^4/4 - 2x^3/3 - x^2/2 + 2x has two minima: x = -1 with
/// // f = 1/4 + 2/3 - 1/2 - 2 = -19/12, and x = 2 with f = 4 - 16/3 - 2 + 4 = 2/3.
/// let f = |x: f64| x.powi(4) / 4.0 - 2.0 * x.powi(3) / 3.0 - x * x / 2.0 + 2.0 * x;
/// let make = || {
///     FnObjective::new(1, move |x: &[f64]| f(x[0]), move |x: &[f64], g: &mut [f64]| {
///         g[0] = (x[0] + 1.0) * (x[0] - 1.0) * (x[0] - 2.0);
///         f(x[0])
///     })
/// };
/// let lbfgs = Method::parse("lbfgs").unwrap();
/// let r = minimize_global(make, &[(-3.0, 4.0)], 20, 1, &lbfgs, &StopRule::default()).unwrap();
/// assert_eq!((r.starts, r.failed, r.minima.len()), (20, 0, 2));
/// // The best run is the global minimum; the minima come lowest first.
/// assert!((r.best.x[0] + 1.0).abs() < 1e-6 && (r.best.f + 19.0 / 12.0).abs() < 1e-10);
/// assert!((r.minima[1].x[0] - 2.0).abs() < 1e-6);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct GlobalReport {
    /// The run with the lowest value among the minima (or among all runs when none is a minimum).
    pub best: OptimReport,
    /// Distinct minima, lowest value first.
    pub minima: Vec<FoundMinimum>,
    /// Number of starts asked for. Every start is accounted for exactly once:
    /// `starts = at_minimum + elsewhere + failed + skipped`.
    pub starts: usize,
    /// Runs that ended at a local minimum (the `hits` of [`GlobalReport::minima`] summed).
    pub at_minimum: usize,
    /// Runs that ended somewhere that is not a local minimum (a saddle, a point where the
    /// gradient is not small, an iteration or time limit).
    pub elsewhere: usize,
    /// Runs that errored (start outside the domain) or diverged.
    pub failed: usize,
    /// Starts not run because the time limit of the whole search had passed.
    pub skipped: usize,
}

/// Minimizes from `n_starts` uniform random starts in the box `bounds` (one `(low, high)` per
/// variable), `seed` fixing the starts. `make_obj` builds one objective per run (each thread owns its
/// evaluation workspace).
///
/// Multi-start global search: run [`minimize`] from many random starts in a box, in parallel (rayon),
/// keep the runs that end at a local minimum, and cluster them into distinct minima.
///
/// Invariants: the starts are drawn up front from one seeded `fastrand` generator, and results are
/// collected in start order, so the report depends only on the seed, never on thread scheduling. Two
/// minima are the same when their max-norm distance is at most `1e-4 * max(1, widest box side)`.
/// A run counts as a minimum when [`classify()`] says [`PointKind::LocalMinimum`], or, for objectives
/// without a Hessian, when it stopped on the gradient tolerance ([`PointKind::Unknown`]). Runs may leave
/// the box (the box only draws the starts).
///
/// ```
/// use nabla::optim::{minimize_global, FnObjective, Method, StopRule};
/// // f = (x^2 - 1)^2 has minima at -1 and 1.
/// let make = || FnObjective::new(1, |x: &[f64]| (x[0] * x[0] - 1.0).powi(2), |x: &[f64], g: &mut [f64]| {
///     g[0] = 4.0 * x[0] * (x[0] * x[0] - 1.0);
///     (x[0] * x[0] - 1.0).powi(2)
/// });
/// let r = minimize_global(make, &[(-2.0, 2.0)], 16, 7, &Method::parse("lbfgs").unwrap(), &StopRule::default())
///     .unwrap();
/// assert_eq!(r.minima.len(), 2);
/// ```
pub fn minimize_global<O, M>(
    make_obj: M,
    bounds: &[(f64, f64)],
    n_starts: usize,
    seed: u64,
    method: &Method,
    stop: &StopRule,
) -> Result<GlobalReport, OptimError>
where
    O: Objective,
    M: Fn() -> O + Sync,
{
    let n = make_obj().dim();
    if bounds.len() != n {
        return Err(OptimError::InvalidBounds {
            reason: format!(
                "{} intervals for {} variables: give one interval per variable",
                bounds.len(),
                n
            ),
        });
    }
    if let Some((lo, hi)) = bounds
        .iter()
        .find(|(lo, hi)| !(lo.is_finite() && hi.is_finite() && lo <= hi))
    {
        return Err(OptimError::InvalidBounds {
            reason: format!("interval ({lo}, {hi}) is empty or not finite: give finite bounds (low, high) with low <= high"),
        });
    }
    if n_starts == 0 {
        return Err(OptimError::NoStarts);
    }
    method.build()?;
    let mut rng = fastrand::Rng::with_seed(seed);
    let starts: Vec<Vec<f64>> = (0..n_starts)
        .map(|_| {
            bounds
                .iter()
                .map(|&(lo, hi)| lo + (hi - lo) * rng.f64())
                .collect()
        })
        .collect();
    let tol = ClassifyTol::default();
    // The time limit bounds the whole search: each run gets what is left of it, and starts that
    // come up after it has passed are skipped (and counted).
    let deadline = stop.time_limit.map(|t| (Instant::now(), t));
    let runs: Vec<Option<Result<(OptimReport, PointKind), OptimError>>> = starts
        .par_iter()
        .map(|x0| {
            let mut rule = stop.clone();
            if let Some((t0, limit)) = deadline {
                let left = limit.checked_sub(t0.elapsed()).filter(|d| !d.is_zero())?;
                rule.time_limit = Some(left);
            }
            let mut obj = make_obj();
            Some(minimize(&mut obj, x0, method, &rule).map(|report| {
                let kind = classify(&mut obj, &report.x, &tol).kind;
                (report, kind)
            }))
        })
        .collect();

    let width = bounds.iter().fold(1.0_f64, |m, (lo, hi)| m.max(hi - lo));
    let same = 1e-4 * width;
    let mut failed = 0;
    let mut skipped = 0;
    let mut first_err = None;
    let mut ok: Vec<(OptimReport, PointKind)> = Vec::with_capacity(runs.len());
    for run in runs {
        match run {
            None => skipped += 1,
            Some(Ok((r, _))) if matches!(r.stop, StopReason::Diverged { .. }) => failed += 1,
            Some(Ok(pair)) => ok.push(pair),
            Some(Err(e)) => {
                failed += 1;
                first_err.get_or_insert(e);
            }
        }
    }
    if ok.is_empty() {
        return Err(first_err.unwrap_or(OptimError::AllRunsDiverged { runs: n_starts }));
    }
    ok.sort_by(|a, b| a.0.f.total_cmp(&b.0.f));
    let is_min = |r: &OptimReport, k: PointKind| {
        k == PointKind::LocalMinimum
            || (k == PointKind::Unknown && r.stop == StopReason::GradientTolerance)
    };
    let mut minima: Vec<FoundMinimum> = Vec::new();
    for (r, k) in ok.iter().filter(|(r, k)| is_min(r, *k)) {
        let near = minima.iter_mut().find(|m| {
            m.x.iter()
                .zip(&r.x)
                .fold(0.0_f64, |d, (a, b)| d.max((a - b).abs()))
                <= same
        });
        match near {
            Some(m) => m.hits += 1,
            None => minima.push(FoundMinimum {
                x: r.x.clone(),
                f: r.f,
                kind: *k,
                hits: 1,
            }),
        }
    }
    let at_minimum: usize = minima.iter().map(|m| m.hits).sum();
    let elsewhere = ok.len() - at_minimum;
    let best_idx = ok.iter().position(|(r, k)| is_min(r, *k)).unwrap_or(0);
    let best = ok.swap_remove(best_idx).0;
    Ok(GlobalReport {
        best,
        minima,
        starts: n_starts,
        at_minimum,
        elsewhere,
        failed,
        skipped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::FnObjective;

    #[test]
    fn bad_boxes_are_errors() {
        let make = || {
            FnObjective::new(
                1,
                |x: &[f64]| x[0] * x[0],
                |x: &[f64], g: &mut [f64]| {
                    g[0] = 2.0 * x[0];
                    x[0] * x[0]
                },
            )
        };
        let m = Method::parse("lbfgs").unwrap();
        let s = StopRule::default();
        assert!(matches!(
            minimize_global(make, &[], 4, 0, &m, &s),
            Err(OptimError::InvalidBounds { .. })
        ));
        assert!(matches!(
            minimize_global(make, &[(1.0, -1.0)], 4, 0, &m, &s),
            Err(OptimError::InvalidBounds { .. })
        ));
        assert!(matches!(
            minimize_global(make, &[(-1.0, 1.0)], 0, 0, &m, &s),
            Err(OptimError::NoStarts)
        ));
        let r = minimize_global(make, &[(-1.0, 1.0)], 4, 0, &m, &s).unwrap();
        assert_eq!(
            (r.minima.len(), r.minima[0].hits, r.minima[0].kind),
            (1, 4, PointKind::Unknown)
        );
    }
}
