//! [`probe_unbounded`]: evidence that a function is unbounded below from a point, the other half
//! of what a run's end point is ([`crate::optim::classify()`] says what kind of point it is; this
//! says, for a point that is no minimum, whether the values fall without bound).
//!
//! Invariant: a claim is made only on evidence (a value of -inf or below -1e300, or 40 halvings
//! toward the domain's edge each lowering the value by a fixed amount); otherwise `None`.

use serde::Serialize;

use crate::optim::{max_norm, Objective};
use crate::tr;

/// Evidence that a function is unbounded below, found by [`probe_unbounded`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Unbounded {
    /// The value at the point probed from.
    pub from: f64,
    /// The lowest value found.
    pub to: f64,
    /// Where it was found.
    pub at: Vec<f64>,
    /// How, in the current language: `"the values fall without bound along the descent
    /// direction"` or `"the values fall without bound as the point approaches the edge of the
    /// domain"` (messages `min-unbounded-descent`, `min-unbounded-edge`).
    pub how: String,
}

/// Looks for evidence that `f` is unbounded below from `x`, along the steepest-descent direction:
/// steps `2^k` (k up to 1023) while the value stays finite; the function is unbounded below when
/// the value reaches -inf or falls below `-1e300`, or, approaching the edge of the domain (where
/// values become non-finite) by bisection, when each of the last 40 halvings of the distance
/// lowers the value by at least `1e-3 (1 + |f(x)|)` (a logarithmic or faster fall: `ln(x)` at 0
/// drops by `ln 2` per halving, while anything bounded drops by less and less; double precision
/// resolves only about 52 halvings toward an edge away from 0). `None` when
/// neither holds: no claim is made.
///
/// ```
/// use nabla::optim::{probe_unbounded, FnObjective};
/// let mut line = FnObjective::new(1, |x: &[f64]| x[0], |_x: &[f64], g: &mut [f64]| {
///     g[0] = 1.0;
///     _x[0]
/// });
/// assert!(probe_unbounded(&mut line, &[0.0]).is_some());
/// let mut bowl = FnObjective::new(1, |x: &[f64]| x[0] * x[0], |x: &[f64], g: &mut [f64]| {
///     g[0] = 2.0 * x[0];
///     x[0] * x[0]
/// });
/// assert!(probe_unbounded(&mut bowl, &[3.0]).is_none());
/// ```
pub fn probe_unbounded(obj: &mut dyn Objective, x: &[f64]) -> Option<Unbounded> {
    let n = x.len();
    if n != obj.dim() {
        return None;
    }
    let mut g = vec![0.0; n];
    let f0 = obj.value_and_grad(x, &mut g);
    let gn = max_norm(&g);
    if !f0.is_finite() || !gn.is_finite() || gn == 0.0 {
        return None;
    }
    let d: Vec<f64> = g.iter().map(|v| -v / gn).collect();
    let mut y = vec![0.0; n];
    let at = |t: f64, y: &mut Vec<f64>, obj: &mut dyn Objective| {
        for i in 0..n {
            y[i] = x[i] + t * d[i];
        }
        obj.value(y)
    };
    let found = |to: f64, y: &[f64], how: String| Unbounded {
        from: f0,
        to,
        at: y.to_vec(),
        how,
    };
    // Outward: doubling steps while the value is finite.
    let mut last_finite = 0.0;
    let mut edge = None;
    for k in -30..=1023 {
        let t = 2f64.powi(k);
        let v = at(t, &mut y, obj);
        if v == f64::NEG_INFINITY || v < -1e300 {
            return Some(found(v, &y, tr!("min-unbounded-descent")));
        }
        if !v.is_finite() {
            edge = Some(t);
            break;
        }
        last_finite = t;
    }
    // Toward the edge of the domain (between the last finite step and the first non-finite
    // one): bisect, each finite midpoint halving the distance to the edge.
    let (mut lo, mut hi) = (last_finite, edge?);
    let mut prev = at(lo, &mut y, obj);
    let mut best = (prev, y.clone());
    let mut falls = 0;
    let step = 1e-3 * (1.0 + f0.abs());
    for _ in 0..1100 {
        let mid = lo + (hi - lo) / 2.0;
        if mid <= lo || mid >= hi {
            break;
        }
        let v = at(mid, &mut y, obj);
        if v == f64::NEG_INFINITY || v < -1e300 {
            return Some(found(v, &y, tr!("min-unbounded-edge")));
        }
        if !v.is_finite() {
            hi = mid;
            continue;
        }
        falls = if prev - v >= step { falls + 1 } else { 0 };
        if v < best.0 {
            best = (v, y.clone());
        }
        prev = v;
        lo = mid;
    }
    (falls >= 40).then(|| found(best.0, &best.1, tr!("min-unbounded-edge")))
}
