//! Every global minimizer a search found: the points whose values are within the tolerance of
//! the best ([`global_minimizers`]). A search that certified its minimum usually found one point
//! (Himmelblau's four minimizers all have `f = 0`, and the first one certifies); the
//! certificate's minimizer regions ([`crate::MinimizerRegion`]) hold every global minimizer, so
//! each region is searched for its point.
//!
//! Invariants: the work here has its own evaluation budget (what the search left of
//! [`GlobalOptions::max_evals`]) and reports what it spent; a point is listed only if its value,
//! evaluated, is within the tolerance of the best; points are distinct (no two in the same
//! region or within 1e-6 of the box's width of each other).

use serde::Serialize;

use super::{GlobalOptions, GlobalReport};
use crate::certify::{certify_with, CertifyOptions, CertifyStatus};
use crate::display::fmt_number;
use crate::optim::{minimize, Objective};
use crate::tr;

/// One global minimizer: a point whose value is within the tolerance of the lowest found.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct GlobalMinimizer {
    /// The point.
    pub x: Vec<f64>,
    /// Its value.
    pub f: f64,
    /// Whether some variable is at a bound of the box.
    pub on_boundary: bool,
}

/// The global minimizers of a search (see [`global_minimizers`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct GlobalMinimizers {
    /// The points, lowest value first.
    pub points: Vec<GlobalMinimizer>,
    /// Whether the list is complete: the search was certified and every region of the
    /// certificate gave a point within the tolerance (or held one already listed).
    pub complete: bool,
    /// Evaluations spent here (the certificate's localization and the polishes), apart from
    /// the search's [`GlobalReport::evaluations`].
    pub evaluations: usize,
    /// The tolerance on the value: [`GlobalOptions::tol`].
    pub tol: f64,
}

/// `global minimizers: 2 (every point within 1e-5 of the lowest value; ...)`, then one line per
/// point.
impl std::fmt::Display for GlobalMinimizers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let how = if self.complete {
            tr!("min-minimizers-all")
        } else {
            tr!("min-minimizers-found")
        };
        let head = tr!(
            "min-minimizers",
            count = self.points.len(),
            tol = fmt_number(self.tol),
            how = how
        );
        f.write_str(&head)?;
        for p in &self.points {
            let x: Vec<String> = p.x.iter().map(|v| fmt_number(*v)).collect();
            let edge = if p.on_boundary {
                format!("  {}", tr!("min-on-edge"))
            } else {
                String::new()
            };
            write!(f, "\n  ({})  f = {}{edge}", x.join(", "), fmt_number(p.f))?;
        }
        Ok(())
    }
}

/// Whether `f` is within the tolerance `tol` of `best` (absolute, or relative to `|best|`).
fn near_best(f: f64, best: f64, tol: f64) -> bool {
    f.is_finite() && f - best <= tol.max(tol * best.abs())
}

/// Every global minimizer the search `report` (run with `opts` on `obj`) found: the distinct
/// minima within [`GlobalOptions::tol`] of the best value. When the search certified its
/// minimum and `obj` is a formula, the certificate's minimizer regions are computed (the
/// branch and bound again, with localization, on what is left of the evaluation budget) and
/// each region's point is found: the lowest of its centre and corners, polished by the local
/// method when the polish stays in the box and goes lower.
///
/// ```
/// use nabla::global::{global_minimizers, minimize_global, GlobalOptions};
/// use nabla::Function;
/// // Himmelblau's four global minima (f = 0), published: (3, 2), (-2.805118, 3.131312),
/// // (-3.779310, -3.283186), (3.584428, -1.848126).
/// let f = Function::parse("(x^2 + y - 11)^2 + (x + y^2 - 7)^2").unwrap();
/// let opts = GlobalOptions::new(vec![(-5.0, 5.0); 2]);
/// let report = minimize_global(|| f.clone(), &opts).unwrap();
/// let all = global_minimizers(&mut f.clone(), &report, &opts);
/// assert!(all.complete);
/// assert_eq!(all.points.len(), 4);
/// for (a, b) in [(3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)] {
///     assert!(all.points.iter().any(|p| (p.x[0] - a).abs() < 1e-5 && (p.x[1] - b).abs() < 1e-5));
/// }
/// ```
pub fn global_minimizers<O: Objective>(
    obj: &mut O,
    report: &GlobalReport,
    opts: &GlobalOptions,
) -> GlobalMinimizers {
    let bounds = &opts.bounds;
    let width: Vec<f64> = bounds.iter().map(|(lo, hi)| hi - lo).collect();
    let in_box = |x: &[f64]| {
        x.iter()
            .zip(bounds)
            .all(|(v, (lo, hi))| *lo <= *v && *v <= *hi)
    };
    let on_boundary = |x: &[f64]| {
        x.iter()
            .zip(bounds)
            .any(|(v, (lo, hi))| *v == *lo || *v == *hi)
    };
    let same = |a: &[f64], b: &[f64]| {
        a.iter()
            .zip(b)
            .zip(&width)
            .all(|((p, q), w)| (p - q).abs() <= 1e-6 * w.max(1.0))
    };
    let mut best = report.upper.min(report.best.f);
    let mut points: Vec<GlobalMinimizer> = report
        .minima
        .iter()
        .map(|m| GlobalMinimizer {
            x: m.x.clone(),
            f: m.f,
            on_boundary: m.on_boundary,
        })
        .collect();
    let mut evaluations = 0;
    let mut complete = false;
    let left = opts.max_evals.saturating_sub(report.evaluations);
    let problem = obj.problem().cloned();
    if let (true, Some(problem)) = (report.certified, problem) {
        let copts = CertifyOptions {
            tol: opts.tol,
            time: opts.time_limit,
            max_evals: Some(left / 2),
            hints: vec![report.best.x.clone()],
            ..CertifyOptions::default()
        };
        if let Ok(c) = certify_with(&problem, bounds, &copts, true) {
            evaluations += c.evaluations + c.local_evaluations;
            if matches!(c.status, CertifyStatus::Certified) {
                best = best.min(c.upper);
                complete = true;
                for region in &c.minimizers {
                    if points.iter().any(|p| region.contains(&p.x)) {
                        continue;
                    }
                    if evaluations >= left {
                        complete = false;
                        break;
                    }
                    let (found, spent) = region_point(obj, &region.hull, opts, &in_box);
                    evaluations += spent;
                    match found {
                        Some((x, f)) if near_best(f, best, opts.tol) => {
                            if !points.iter().any(|p| same(&p.x, &x)) {
                                points.push(GlobalMinimizer {
                                    on_boundary: on_boundary(&x),
                                    x,
                                    f,
                                });
                            }
                        }
                        _ => complete = false,
                    }
                }
            }
        }
    }
    best = points.iter().map(|p| p.f).fold(best, f64::min);
    points.retain(|p| near_best(p.f, best, opts.tol));
    points.sort_by(|a, b| a.f.total_cmp(&b.f));
    GlobalMinimizers {
        points,
        complete,
        evaluations,
        tol: opts.tol,
    }
}

/// The point of a minimizer region `hull`: the lowest of its centre and (for at most 10
/// variables) its corners, then polished by the local method when the polish ends in the box
/// lower. Returns the point and its value (`None` when no value was finite) and the
/// evaluations spent.
fn region_point<O: Objective>(
    obj: &mut O,
    hull: &[(f64, f64)],
    opts: &GlobalOptions,
    in_box: &dyn Fn(&[f64]) -> bool,
) -> (Option<(Vec<f64>, f64)>, usize) {
    let n = hull.len();
    let mut candidates = vec![hull.iter().map(|(lo, hi)| lo + (hi - lo) / 2.0).collect()];
    if n <= 10 {
        for mask in 0..(1usize << n) {
            let corner: Vec<f64> = hull
                .iter()
                .enumerate()
                .map(|(k, (lo, hi))| if mask >> k & 1 == 1 { *hi } else { *lo })
                .collect();
            candidates.push(corner);
        }
    }
    let mut spent = 0;
    let mut best: Option<(Vec<f64>, f64)> = None;
    for x in candidates {
        let f = obj.value(&x);
        spent += 1;
        if f.is_finite() && best.as_ref().is_none_or(|(_, b)| f < *b) {
            best = Some((x, f));
        }
    }
    let Some((x0, f0)) = best else {
        return (None, spent);
    };
    let mut rule = opts.stop.clone();
    rule.time_limit = None;
    rule.max_iters = rule.max_iters.min(1000);
    match minimize(obj, &x0, &opts.method, &rule) {
        Ok(r) => {
            spent += r.f_evals + r.h_evals;
            if r.f < f0 && in_box(&r.x) {
                (Some((r.x, r.f)), spent)
            } else {
                (Some((x0, f0)), spent)
            }
        }
        Err(_) => (Some((x0, f0)), spent),
    }
}
