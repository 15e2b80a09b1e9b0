//! The interval phase of [`Strategy::Search`](super::Strategy::Search): when the objective is a
//! formula ([`Objective::problem`]), a share of the budget goes first to the interval branch and
//! bound of [`crate::certify`] over the box.
//!
//! * Certified (`U - L` within [`GlobalOptions::tol`](super::GlobalOptions::tol)): the point that
//!   proved `U` is polished and classified like any local search's end, and the sampling search
//!   is not run. This is most of the standard test functions: their published minima are often
//!   the natural lower bound of the formula (a sum of squares, `20 + x^2 - 10 cos(2 pi x) + ...`),
//!   proved with a handful of boxes.
//! * Not certified within its share: the lower bound `L` is kept (it is a proof whatever happens
//!   next), the best point seeds the sampling search, and the search runs with what is left. When
//!   its best value then comes within the tolerance of `L` (checked at the point, in interval
//!   arithmetic), the minimum is certified after all.
//!
//! Invariants: every interval evaluation and every evaluation of the polishes counts in the
//! search's budget (an interval evaluation encloses the value and the gradient, so it counts as a
//! gradient evaluation too), and the budget stays a ceiling; "certified" is set only from a
//! [`crate::CertifyStatus::Certified`] or from a rigorous value within the tolerance of a proven
//! lower bound.

use crate::certify::{certify_with, CertifyOptions, CertifyStatus};
use crate::interval::Interval;
use std::time::Duration;

use crate::optim::{Objective, OptimReport, Path, PointKind, StopReason};

use super::{End, GlobalStop, State};

/// The interval phase's share of the budget: at most this many evaluations per variable, and at
/// most half of what is left of [`super::GlobalOptions::max_evals`].
const PER_VAR: usize = 2_000;

/// Below this many evaluations in its share the interval phase is not run at all.
const LEAST: usize = 100;

/// The most variables for the interval phase: branch and bound splits every variable, and beyond a
/// dozen its boxes rarely shrink enough within a share of the budget to prune anything.
const MAX_DIM: usize = 12;

impl<O, M> State<'_, M>
where
    O: Objective,
    M: Fn() -> O + Sync,
{
    /// Runs the interval phase; `true` when it certified the minimum (and the best point was
    /// polished), so that the sampling search need not run.
    pub(super) fn bound_first(&mut self) -> bool {
        if !self.opts.interval {
            return false;
        }
        let obj = (self.make_obj)();
        let Some(problem) = obj.problem() else {
            return false;
        };
        let n = self.map.lo.len();
        if n > MAX_DIM {
            return false;
        }
        let cap = (self.evals_left() / 2).min(PER_VAR * n);
        let Some(time) = self.time_left() else {
            return false;
        };
        if cap < LEAST || !(self.opts.tol > 0.0 && self.opts.tol.is_finite()) {
            return false;
        }
        let copts = CertifyOptions {
            tol: self.opts.tol,
            time,
            max_evals: Some(cap),
            ..CertifyOptions::default()
        };
        let Ok(c) = certify_with(problem, &self.opts.bounds, &copts, false) else {
            return false;
        };
        let spent = c.evaluations + c.local_evaluations;
        self.used += spent;
        self.grads += spent;
        self.interval_evals += c.evaluations;
        if let CertifyStatus::Unbounded { near } = &c.status {
            self.unbounded = Some(near.clone());
        } else if !c.lower.is_nan() {
            // -inf too: the bounds ran and found no finite bound (a pole in the box, or a
            // slope too steep for the share), which the report says.
            self.lower = Some(c.lower);
        }
        let Some(best) = c.best else {
            return false;
        };
        if !matches!(c.status, CertifyStatus::Certified) {
            self.seeds.push(best);
            return false;
        }
        // Certified: polish the point that proved U and classify its end.
        let cap = self.evals_left().saturating_sub(8);
        if cap < 4 {
            return false;
        }
        let full = self.opts.stop.clone();
        self.run_batch(vec![best.clone()], cap, false, &full);
        self.classify_new();
        if self.clusters.is_empty() && !self.keep_as_is(best) {
            return false;
        }
        debug_assert!(
            c.lower <= c.upper,
            "certify gave U < L: {} < {}",
            c.upper,
            c.lower
        );
        self.certified = Some(c.upper);
        self.stopped = GlobalStop::Certified {
            lower: c.lower,
            upper: c.upper,
        };
        true
    }

    /// Records the certified point `x` as it is, when its polish could not start there (a
    /// kink at the minimizer: Ackley's cone at the centre of its box, where the gradient is
    /// 0/0): one evaluation, the point's kind unknown. `false` when `f` is not finite there.
    fn keep_as_is(&mut self, x: Vec<f64>) -> bool {
        let mut obj = (self.make_obj)();
        let mut g = vec![0.0; x.len()];
        let f = obj.value_and_grad(&x, &mut g);
        self.used += 1;
        self.grads += 1;
        if !f.is_finite() {
            return false;
        }
        let mut path = Path {
            dim: x.len(),
            ..Path::default()
        };
        path.push(0, &x, f);
        let report = OptimReport {
            method: self.opts.method.name(),
            grad_norm: g.iter().fold(0.0_f64, |m, v| m.max(v.abs())),
            x,
            f,
            grad: g,
            iters: 0,
            f_evals: 1,
            g_evals: 1,
            h_evals: 0,
            stop: StopReason::Certified,
            elapsed: Duration::ZERO,
            path,
            settings: self.opts.method.resolved_settings(),
        };
        self.starts += 1;
        self.record(End::Ran {
            report: Box::new(report),
            on_boundary: false,
            budget_hit: false,
        });
        if let Some(c) = self.clusters.last_mut() {
            // Its value is the global minimum within the tolerance: a minimum of f, whatever
            // its gradient (there is none at a kink).
            c.kind = Some(PointKind::Unknown);
            c.minimum = true;
        }
        true
    }

    /// After the sampling search: certifies the minimum when the best value found is, rigorously,
    /// within the tolerance of the interval phase's lower bound.
    pub(super) fn close_gap(&mut self) {
        let (Some(lower), Some(&k)) = (self.lower, self.ranked().first()) else {
            return;
        };
        let obj = (self.make_obj)();
        let Some(problem) = obj.problem() else {
            return;
        };
        let x = &self.clusters[k].x;
        // A point outside the box proves nothing about the minimum over it.
        let inside = x
            .iter()
            .zip(&self.opts.bounds)
            .all(|(v, (lo, hi))| *lo <= *v && *v <= *hi);
        debug_assert!(inside, "the search's best point {x:?} is outside the box");
        if !inside {
            return;
        }
        let Some(upper) = rigorous_value(problem, x) else {
            return;
        };
        // `lower` bounds f over the box, `upper` is above f at a point of it: `upper < lower`
        // would be a broken enclosure, never a certificate.
        debug_assert!(
            lower <= upper,
            "upper bound {upper} below the lower bound {lower}"
        );
        let tol = self.opts.tol;
        if lower <= upper && (upper - lower <= tol || upper - lower <= tol * upper.abs()) {
            self.certified = Some(upper);
            self.stopped = GlobalStop::Certified { lower, upper };
        }
    }
}

/// An upper bound on `f(x)`, rounding included (the interval value at the point), when `f` is
/// defined there.
fn rigorous_value(problem: &crate::Problem, x: &[f64]) -> Option<f64> {
    let pt: Vec<Interval> = x.iter().map(|v| Interval::point(*v)).collect();
    let v = problem.enclose_value(&pt)?;
    (!v.is_empty() && !v.undefined && v.hi.is_finite()).then_some(v.hi)
}
