//! The pieces one global search runs on: the map from the box to unconstrained variables (so
//! L-BFGS searches inside the box), objectives that count evaluations and stop early in a known
//! basin, one local search with its classification, and Halton points.
//!
//! Invariants: every evaluation of the user's objective goes through [`Counted`], so the
//! evaluation budget is never exceeded; nothing here allocates per evaluation.

use crate::optim::{
    classify, max_norm, minimize, ClassifyTol, Method, Objective, PointKind, StopRule,
};

use super::End;
use crate::certify::midpoint;

/// The box in centre/half-width form, and the map between the unit cube and the box.
///
/// Invariant: every point [`BoxMap::point_at`] and [`BoxMap::x_of_u`] produce lies in
/// `[lo, hi]`, clamped with `max`/`min` against the bounds themselves: `lo + width` may round
/// one ulp above `hi` (`-0.1 + 0.30000000000000004`), or far from it (`-1e17 + 1e17` for the
/// box `[-1e17, -1]`).
pub(super) struct BoxMap {
    pub(super) lo: Vec<f64>,
    pub(super) hi: Vec<f64>,
    pub(super) width: Vec<f64>,
    pub(super) centre: Vec<f64>,
    pub(super) half: Vec<f64>,
}

impl BoxMap {
    pub(super) fn new(bounds: &[(f64, f64)]) -> Self {
        BoxMap {
            lo: bounds.iter().map(|b| b.0).collect(),
            hi: bounds.iter().map(|b| b.1).collect(),
            // The width may overflow (`[-1e308, 1e308]`): it is then f64::MAX for scales, and
            // points are mapped by the ends themselves; the half-width never overflows.
            width: bounds.iter().map(|b| (b.1 - b.0).min(f64::MAX)).collect(),
            centre: bounds.iter().map(|b| midpoint(b.0, b.1)).collect(),
            half: bounds.iter().map(|b| b.1 / 2.0 - b.0 / 2.0).collect(),
        }
    }
    /// `v` clamped into variable `i`'s interval.
    fn clamp(&self, i: usize, v: f64) -> f64 {
        let x = v.max(self.lo[i]).min(self.hi[i]);
        debug_assert!(self.lo[i] <= x && x <= self.hi[i], "{x} outside the box");
        x
    }
    /// The point of the box at unit-cube coordinates `z` (the ends of the cube at the ends of
    /// the box exactly: `lo + width` may round below `hi` as well as above).
    pub(super) fn point_at(&self, z: &[f64]) -> Vec<f64> {
        z.iter()
            .enumerate()
            .map(|(i, z)| {
                if *z >= 1.0 {
                    self.hi[i]
                } else if (self.hi[i] - self.lo[i]).is_finite() {
                    self.clamp(i, self.lo[i] + self.width[i] * z)
                } else {
                    self.clamp(i, (1.0 - z) * self.lo[i] + z * self.hi[i])
                }
            })
            .collect()
    }
    /// Unit-cube coordinates of `x` (0 for a variable whose interval is a point).
    pub(super) fn to_unit(&self, x: &[f64]) -> Vec<f64> {
        x.iter()
            .zip(&self.lo)
            .zip(&self.width)
            .zip(&self.half)
            .map(|(((x, lo), w), h)| {
                if *w == 0.0 {
                    0.0
                } else if (x - lo).is_finite() && *w < f64::MAX {
                    (x - lo) / w
                } else {
                    (x / 2.0 - lo / 2.0) / h / 2.0
                }
            })
            .collect()
    }
    pub(super) fn x_of_u(&self, u: &[f64], x: &mut [f64]) {
        for i in 0..u.len() {
            let s = u[i].sin();
            x[i] = match s {
                _ if s >= 1.0 => self.hi[i],
                _ if s <= -1.0 => self.lo[i],
                _ => self.clamp(i, self.centre[i] + self.half[i] * s),
            };
        }
    }
    pub(super) fn u_of_x(&self, x: &[f64]) -> Vec<f64> {
        x.iter()
            .enumerate()
            .map(|(i, x)| {
                if self.half[i] > 0.0 {
                    ((x - self.centre[i]) / self.half[i])
                        .clamp(-1.0, 1.0)
                        .asin()
                } else {
                    0.0
                }
            })
            .collect()
    }
    /// Whether variable `i` of `x` is at a bound (within `1e-9` of the interval's width).
    pub(super) fn at_bound(&self, x: &[f64], i: usize) -> Option<bool> {
        let tol = 1e-9 * self.width[i];
        if self.width[i] == 0.0 {
            None
        } else if x[i] <= self.lo[i] + tol {
            Some(false)
        } else if x[i] >= self.hi[i] - tol {
            Some(true)
        } else {
            None
        }
    }
}

/// An objective that counts its evaluations and stops evaluating past `cap` (it then returns
/// infinity, which ends a local search as a divergence at its last finite point).
pub(super) struct Counted<'k, O> {
    pub(super) obj: O,
    pub(super) used: usize,
    /// Of `used`, the evaluations that computed a gradient too.
    pub(super) grads: usize,
    pub(super) cap: usize,
    /// Minima already found, `(x, f, radius)`: a local search whose iterate comes within
    /// `radius` (max-norm) of one of them with a higher value is in its basin, and stops.
    pub(super) known: &'k [Basin],
    /// Set when the search stopped in the basin of a known minimum: that basin's cluster.
    pub(super) merged: Option<usize>,
}

/// A minimum already found and the max-norm radius around it taken to be inside its basin.
pub(super) struct Basin {
    pub(super) x: Vec<f64>,
    pub(super) f: f64,
    pub(super) radius: f64,
    /// The index of its cluster in the search's state.
    pub(super) cluster: usize,
}

impl<O> Counted<'_, O> {
    pub(super) fn new(obj: O, cap: usize) -> Self {
        Counted {
            obj,
            used: 0,
            grads: 0,
            cap,
            known: &[],
            merged: None,
        }
    }
}

impl<O: Objective> Objective for Counted<'_, O> {
    fn dim(&self) -> usize {
        self.obj.dim()
    }
    fn value(&mut self, x: &[f64]) -> f64 {
        if self.merged.is_some() || self.used >= self.cap {
            return f64::INFINITY;
        }
        self.used += 1;
        self.obj.value(x)
    }
    fn value_and_grad(&mut self, x: &[f64], g: &mut [f64]) -> f64 {
        if self.merged.is_some() || self.used >= self.cap {
            g.fill(f64::NAN);
            return f64::INFINITY;
        }
        self.used += 1;
        self.grads += 1;
        let f = self.obj.value_and_grad(x, g);
        let inside = |b: &&Basin| f > b.f && max_dist(&b.x, x) < b.radius;
        if f.is_finite() {
            if let Some(b) = self.known.iter().find(inside) {
                self.merged = Some(b.cluster);
                return f64::INFINITY;
            }
        }
        f
    }
    fn problem(&self) -> Option<&crate::Problem> {
        self.obj.problem()
    }
    fn value_grad_hessian(&mut self, x: &[f64], g: &mut [f64], h: &mut [f64]) -> Option<f64> {
        if self.used >= self.cap {
            return None;
        }
        self.used += 1;
        self.grads += 1;
        self.obj.value_grad_hessian(x, g, h)
    }
}

/// The objective in the variables `u` of the box transform `x = c + r sin(u)`.
pub(super) struct Boxed<'a, 'k, O> {
    pub(super) obj: &'a mut Counted<'k, O>,
    pub(super) map: &'a BoxMap,
    pub(super) x: Vec<f64>,
}

impl<O: Objective> Objective for Boxed<'_, '_, O> {
    fn dim(&self) -> usize {
        self.x.len()
    }
    fn value(&mut self, u: &[f64]) -> f64 {
        self.map.x_of_u(u, &mut self.x);
        self.obj.value(&self.x)
    }
    fn value_and_grad(&mut self, u: &[f64], g: &mut [f64]) -> f64 {
        self.map.x_of_u(u, &mut self.x);
        let f = self.obj.value_and_grad(&self.x, g);
        for i in 0..u.len() {
            g[i] *= self.map.half[i] * u[i].cos();
        }
        f
    }
}

/// `f` with the variables not in `free` held at `base`: the classification of a point on the
/// boundary of the box looks only along the free variables.
pub(super) struct Restricted<'a> {
    pub(super) obj: &'a mut dyn Objective,
    pub(super) base: Vec<f64>,
    pub(super) free: &'a [usize],
    pub(super) g: Vec<f64>,
    pub(super) h: Vec<f64>,
}

impl Restricted<'_> {
    pub(super) fn fill(&mut self, y: &[f64]) {
        for (k, &i) in self.free.iter().enumerate() {
            self.base[i] = y[k];
        }
    }
}

impl Objective for Restricted<'_> {
    fn dim(&self) -> usize {
        self.free.len()
    }
    fn value(&mut self, y: &[f64]) -> f64 {
        self.fill(y);
        self.obj.value(&self.base)
    }
    fn value_and_grad(&mut self, y: &[f64], g: &mut [f64]) -> f64 {
        self.fill(y);
        let f = self.obj.value_and_grad(&self.base, &mut self.g);
        for (k, &i) in self.free.iter().enumerate() {
            g[k] = self.g[i];
        }
        f
    }
    fn value_grad_hessian(&mut self, y: &[f64], g: &mut [f64], h: &mut [f64]) -> Option<f64> {
        self.fill(y);
        let n = self.base.len();
        let f = self
            .obj
            .value_grad_hessian(&self.base, &mut self.g, &mut self.h)?;
        let m = self.free.len();
        for (k, &i) in self.free.iter().enumerate() {
            g[k] = self.g[i];
            for (l, &j) in self.free.iter().enumerate() {
                h[k * m + l] = self.h[i * n + j];
            }
        }
        Some(f)
    }
}

/// One local search from `x0` in the box variables, its report mapped back to `x`.
pub(super) fn local_search<O: Objective>(
    obj: &mut Counted<'_, O>,
    map: &BoxMap,
    x0: &[f64],
    method: &Method,
    rule: &StopRule,
) -> End {
    let u0 = map.u_of_x(x0);
    let n = x0.len();
    let result = {
        let mut boxed = Boxed {
            obj: &mut *obj,
            map,
            x: vec![0.0; n],
        };
        minimize(&mut boxed, &u0, method, rule)
    };
    let budget_hit = obj.used >= obj.cap;
    let mut report = match result {
        Ok(r) => r,
        // The cap ended the run before it had a finite point (its values read as infinite).
        Err(_) if budget_hit => return End::Cut,
        Err(e) => return End::Failed(e),
    };
    let mut x = vec![0.0; n];
    map.x_of_u(&report.x, &mut x);
    let mut points = report.path.points.clone();
    for p in points.chunks_mut(n.max(1)) {
        let mut y = vec![0.0; p.len()];
        map.x_of_u(p, &mut y);
        p.copy_from_slice(&y);
    }
    report.path.points = points;
    // The gradient in x at the end: from the u-gradient where the map is invertible, exactly
    // (one more evaluation, if the budget allows) otherwise.
    let mut on_boundary = false;
    for i in 0..n {
        let d = map.half[i] * report.x[i].cos();
        if map.at_bound(&x, i).is_some() {
            on_boundary = true;
        }
        report.grad[i] = if d.abs() > 1e-8 * map.half[i] {
            report.grad[i] / d
        } else {
            f64::NAN
        };
    }
    if report.grad.iter().any(|g| g.is_nan()) {
        let mut g = vec![0.0; n];
        let f = obj.value_and_grad(&x, &mut g);
        if f.is_finite() {
            report.grad = g;
        } else {
            report.grad.fill(0.0);
        }
    }
    report.grad_norm = max_norm(&projected(map, &x, &report.grad));
    report.x = x;
    End::Ran {
        report: Box::new(report),
        on_boundary,
        budget_hit,
    }
}

/// The gradient projected on the box: a component at a bound that points out of the box (whose
/// descent direction leaves it) is 0.
pub(super) fn projected(map: &BoxMap, x: &[f64], g: &[f64]) -> Vec<f64> {
    (0..x.len())
        .map(|i| match map.at_bound(x, i) {
            Some(false) => g[i].min(0.0),
            Some(true) => g[i].max(0.0),
            None if map.width[i] == 0.0 => 0.0,
            None => g[i],
        })
        .collect()
}

/// The kind of point `x` is for `f` on the box: [`classify()`] inside it; on its boundary, the
/// projected gradient must be small and the free variables are classified alone.
pub(super) fn kind_at<O: Objective>(
    obj: &mut Counted<'_, O>,
    map: &BoxMap,
    x: &[f64],
    stop: &StopRule,
) -> PointKind {
    let n = x.len();
    let tol = ClassifyTol::default();
    let free: Vec<usize> = (0..n)
        .filter(|&i| map.width[i] > 0.0 && map.at_bound(x, i).is_none())
        .collect();
    if free.len() == n {
        return classify(obj, x, &tol).kind;
    }
    let mut g = vec![0.0; n];
    let f = obj.value_and_grad(x, &mut g);
    if !f.is_finite() {
        return PointKind::NotStationary;
    }
    let pg = projected(map, x, &g);
    let bound_ok = (0..n)
        .filter(|i| !free.contains(i))
        .all(|i| pg[i].abs() <= tol.grad_tol.max(stop.grad_tol));
    if !bound_ok {
        return PointKind::NotStationary;
    }
    if free.is_empty() {
        return PointKind::LocalMinimum;
    }
    let y: Vec<f64> = free.iter().map(|&i| x[i]).collect();
    let mut r = Restricted {
        obj,
        base: x.to_vec(),
        free: &free,
        g: vec![0.0; n],
        h: vec![0.0; n * n],
    };
    classify(&mut r, &y, &tol).kind
}

/// Reflects a unit-cube coordinate back into `[0, 1]`.
pub(super) fn reflect(z: f64) -> f64 {
    let t = z.rem_euclid(2.0);
    if t > 1.0 {
        2.0 - t
    } else {
        t
    }
}

pub(super) fn dist2(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(p, q)| (p - q) * (p - q)).sum()
}

pub(super) fn max_dist(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .fold(0.0_f64, |d, (p, q)| d.max((p - q).abs()))
}

/// The first `n` primes (the Halton bases).
pub(super) fn first_primes(n: usize) -> Vec<u64> {
    let mut primes: Vec<u64> = Vec::with_capacity(n);
    let mut c = 2u64;
    while primes.len() < n {
        if primes
            .iter()
            .take_while(|&&p| p * p <= c)
            .all(|&p| c % p != 0)
        {
            primes.push(c);
        }
        c += 1;
    }
    primes
}

/// The van der Corput radical inverse of `k` in base `b`: its digits mirrored after the point.
pub(super) fn radical_inverse(mut k: u64, b: u64) -> f64 {
    let (mut inv, mut scale) = (0.0, 1.0 / b as f64);
    while k > 0 {
        inv += (k % b) as f64 * scale;
        k /= b;
        scale /= b as f64;
    }
    inv
}
