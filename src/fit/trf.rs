//! Trust-region reflective least squares with bounds on the parameters (Branch, Coleman & Li
//! 1999, "A subspace, interior, and conjugate gradient method for large-scale bound-constrained
//! minimization problems"; the algorithm of `scipy.optimize.least_squares(method='trf')` with
//! its exact trust-region solver, written here after the paper and scipy's `trf.py` and
//! `common.py`, BSD-licensed) on the same [`LeastSquares`] source as Levenberg-Marquardt
//! (`super::lm`): at each iterate, the triangular factor `R` of the Jacobian `J = Q R` and
//! `Q^T r` (`super::reduce::Reduction`), never the `rows x n` Jacobian.
//!
//! One iteration: the gradient `g = J^T r = R^T (Q^T r)`; the Coleman-Li scaling `v` (the
//! distance to the bound the descent direction `-g` points at, 1 where there is none) with
//! `dv = ±1` there; the variables scaled by `D = diag(sqrt(v') / c)` where `c` is the running
//! maximum of the Jacobian's column norms (MINPACK's scaling, scipy's `x_scale='jac'`) and
//! `v' = v c` where a bound lies in the descent direction, 1 elsewhere; the
//! trust-region problem `min |J D p + r|^2 + p^T diag(g dv / c) p, |p| <= Delta` in those
//! variables. Since `J D = Q (R D)`, the problem needs only the `n x n` matrix `R D` and
//! `D g`: the `2n x n` matrix `[R D; diag(sqrt(g dv / c))]` is reduced to a triangle by Givens
//! rotations, its singular values and right vectors come from a one-sided Jacobi SVD, and the
//! step from Moré's iteration on the secular equation (scipy's `solve_lsq_trust_region`). Then
//! the best of three steps (the trust-region step stepped back from the bounds by `theta =
//! max(0.995, 1 - optimality)`, its reflection off the first bound it hits, and the
//! constrained Cauchy step along `-D^2 g`), the residuals at the new point (kept strictly
//! inside the bounds), the ratio of actual to predicted reduction and the radius update.
//!
//! Invariants:
//! * **Iterates stay strictly inside the bounds** (a trial point on a bound moves to the next
//!   float inside, as scipy's `make_strictly_feasible` with `rstep = 0`); only
//!   [`Trf::finish`] puts a parameter at its active bound, and only where the residuals' norm
//!   changes by no more than the move's linear bound (rounding).
//! * **One step is one iteration** ([`Trf::step`]): one Jacobian reduction, then trial steps
//!   until one lowers the sum of squares or a stop test passes. A trial point with a
//!   non-finite residual shrinks the trust region and counts as an evaluation.
//! * **Stops are scale-invariant and typed** ([`TrfStop`]), with the tolerances of `lm`
//!   ([`super::lm::FTOL`], [`super::lm::XTOL`], [`super::lm::GTOL`]): `ftol` (the actual
//!   reduction of the sum of squares below `ftol` relative, with a ratio above 1/4), `xtol`
//!   (the step, scaled by the Jacobian's column norms, below `xtol` relative to the scaled
//!   parameters), and the first-order optimality with bounds,
//!   `max_j |g_j| / (|J_j| |r|) * min(1, v_j |J_j| / |r|)` (the `min(...)` only where a bound
//!   lies in the descent direction) at most `gtol`. Without bounds it is MINPACK's `gtol`
//!   measure (the largest cosine between the residuals and a Jacobian column); at a bound the
//!   gradient pushes against, the distance factor makes it vanish, as Coleman and Li's `v g`
//!   does, but in units that do not depend on the parameters' or the residuals' scale.
//! * **Memory is `O(n^2)`** whatever the number of rows (at most [`super::lm::MAX_PARAMS`]
//!   parameters, the limit of `lm`; each iteration costs a one-sided Jacobi SVD of an `n x n`
//!   matrix, `O(n^3)` per sweep); nothing recurses.

// Matrix code reads best with indices.
#![allow(clippy::needless_range_loop)]

use super::bounds::BoundSide;
use super::lm::{enorm, JacobianNotFinite, LeastSquares, EPSMCH, FTOL, GTOL, XTOL};

/// A bounded fit's parameter counts as at a bound, at the end of the run, when the gradient of
/// the sum of squares pushes it against the bound and moving it onto the bound changes the
/// residuals, to first order, by at most this fraction of their norm: `dist_j |J_j| <=
/// ACTIVE_TOL |r|` (`J_j` its Jacobian column, `r` the residuals). It is then put exactly on
/// the bound ([`crate::FitReport::bounds`]).
pub const ACTIVE_TOL: f64 = 1e-10;

/// Most sweeps of the one-sided Jacobi SVD (each sweep rotates every pair of columns once; it
/// converges quadratically, in well under 30 sweeps for double precision).
const MAX_SWEEPS: usize = 60;

/// Why trust-region reflective stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TrfStop {
    /// `ftol`.
    SumOfSquares,
    /// `xtol`.
    Step,
    /// `ftol` and `xtol`.
    SumOfSquaresAndStep,
    /// The first-order optimality with bounds at most `gtol`.
    Optimality,
    /// Every residual is zero.
    ExactFit,
    /// The residual evaluations ran out.
    Evaluations,
}

/// Trust-region reflective's state between iterations.
pub(super) struct Trf {
    n: usize,
    /// The parameters, strictly inside the bounds until [`Trf::finish`].
    pub(super) x: Vec<f64>,
    lb: Vec<f64>,
    ub: Vec<f64>,
    /// The residuals' norm at `x`.
    fnorm: f64,
    /// The trust region's radius, in the scaled variables.
    delta: f64,
    /// The Levenberg-Marquardt parameter of the last trust-region solution.
    alpha: f64,
    /// The running maximum of the Jacobian's column norms (1 for a zero column at the start).
    scale_inv: Vec<f64>,
    first: bool,
    /// Residual evaluations so far.
    pub(super) nfev: usize,
    maxfev: usize,
}

/// The problem of one iteration in the scaled variables.
struct Scaled<'a> {
    /// `R D`, row-major `n x n`, upper triangular.
    rd: &'a [f64],
    /// `D g`.
    g_h: &'a [f64],
    /// `g dv / c`, at least 0.
    diag_h: &'a [f64],
    /// `D`'s diagonal.
    d: &'a [f64],
}

impl Scaled<'_> {
    /// `0.5 (|R D s|^2 + s^T diag_h s) + g_h^T s`, the model's change for the scaled step `s`.
    fn quadratic(&self, s: &[f64]) -> f64 {
        let n = s.len();
        let mut q = 0.0;
        for i in 0..n {
            let row: f64 = (i..n).map(|j| self.rd[i * n + j] * s[j]).sum();
            q += row * row;
        }
        let diag: f64 = (0..n).map(|j| self.diag_h[j] * s[j] * s[j]).sum();
        let lin: f64 = (0..n).map(|j| self.g_h[j] * s[j]).sum();
        0.5 * (q + diag) + lin
    }

    /// The quadratic along `s0 + t s` as `a t^2 + b t + c` (scipy's `build_quadratic_1d`).
    fn along(&self, s: &[f64], s0: Option<&[f64]>) -> (f64, f64, f64) {
        let n = s.len();
        let mul = |w: &[f64]| -> Vec<f64> {
            (0..n)
                .map(|i| (i..n).map(|j| self.rd[i * n + j] * w[j]).sum())
                .collect()
        };
        let v = mul(s);
        let mut a: f64 = v.iter().map(|t| t * t).sum();
        a += (0..n).map(|j| s[j] * self.diag_h[j] * s[j]).sum::<f64>();
        a *= 0.5;
        let mut b: f64 = (0..n).map(|j| self.g_h[j] * s[j]).sum();
        let mut c = 0.0;
        if let Some(s0) = s0 {
            let u = mul(s0);
            b += u.iter().zip(&v).map(|(p, q)| p * q).sum::<f64>();
            c = 0.5 * u.iter().map(|t| t * t).sum::<f64>()
                + (0..n).map(|j| self.g_h[j] * s0[j]).sum::<f64>();
            b += (0..n).map(|j| s0[j] * self.diag_h[j] * s[j]).sum::<f64>();
            c += 0.5 * (0..n).map(|j| s0[j] * self.diag_h[j] * s0[j]).sum::<f64>();
        }
        (a, b, c)
    }
}

/// The minimum of `a t^2 + b t + c` over `[lo, hi]` (finite ends): `(t, value)`.
fn minimize_1d(a: f64, b: f64, lo: f64, hi: f64, c: f64) -> (f64, f64) {
    let mut best = (lo, lo * (a * lo + b) + c);
    let mut consider = |t: f64| {
        let y = t * (a * t + b) + c;
        if y < best.1 {
            best = (t, y);
        }
    };
    consider(hi);
    if a != 0.0 {
        let t = -0.5 * b / a;
        if lo < t && t < hi {
            consider(t);
        }
    }
    best
}

/// Whether `x` lies within the bounds.
fn in_bounds(x: &[f64], lb: &[f64], ub: &[f64]) -> bool {
    x.iter()
        .zip(lb.iter().zip(ub))
        .all(|(v, (l, u))| *v >= *l && *v <= *u)
}

/// The smallest `t >= 0` with `x + t s` on a bound, and for each component whether it hits then
/// (`-1` lower, `1` upper, `0` not); `+inf` when `s` leads to no bound.
fn step_to_bound(x: &[f64], s: &[f64], lb: &[f64], ub: &[f64]) -> (f64, Vec<i8>) {
    let steps: Vec<f64> = (0..x.len())
        .map(|i| {
            if s[i] == 0.0 {
                f64::INFINITY
            } else {
                ((lb[i] - x[i]) / s[i]).max((ub[i] - x[i]) / s[i])
            }
        })
        .collect();
    let min = steps.iter().copied().fold(f64::INFINITY, f64::min);
    let hits = steps
        .iter()
        .zip(s)
        .map(|(t, si)| {
            if *t == min && *si != 0.0 && min.is_finite() {
                if *si > 0.0 {
                    1
                } else {
                    -1
                }
            } else {
                0
            }
        })
        .collect();
    (min, hits)
}

/// The roots `t` of `|x + t s| = delta` (negative, positive) for `x` inside the region.
fn intersect_trust_region(x: &[f64], s: &[f64], delta: f64) -> (f64, f64) {
    let a: f64 = s.iter().map(|v| v * v).sum();
    if a == 0.0 {
        return (0.0, 0.0);
    }
    let b: f64 = x.iter().zip(s).map(|(p, q)| p * q).sum();
    let c = (x.iter().map(|v| v * v).sum::<f64>() - delta * delta).min(0.0);
    let d = (b * b - a * c).max(0.0).sqrt();
    let q = -(b + d.copysign(b));
    if q == 0.0 {
        return (0.0, 0.0);
    }
    let (t1, t2) = (q / a, c / q);
    if t1 < t2 {
        (t1, t2)
    } else {
        (t2, t1)
    }
}

/// Moves `x` strictly inside the bounds: a component on or beyond a bound goes to the next
/// float inside (scipy's `make_strictly_feasible` with `rstep = 0`).
fn strictly_feasible(x: &mut [f64], lb: &[f64], ub: &[f64]) {
    for i in 0..x.len() {
        if x[i] >= ub[i] {
            x[i] = ub[i].next_down();
        } else if x[i] <= lb[i] {
            x[i] = lb[i].next_up();
        }
        if x[i] < lb[i] || x[i] > ub[i] {
            x[i] = 0.5 * (lb[i] + ub[i]);
        }
    }
}

/// The singular values and right singular vectors of the `m x n` matrix `a` (column-major,
/// overwritten by `A V`) by one-sided Jacobi rotations (Hestenes): `v` (`n x n`, column-major)
/// receives `V`, the result the singular values `|A V e_j|` in column order.
fn jacobi_svd(m: usize, n: usize, a: &mut [f64], v: &mut [f64]) -> Vec<f64> {
    for (k, e) in v.iter_mut().enumerate() {
        *e = if k / n == k % n { 1.0 } else { 0.0 };
    }
    for _ in 0..MAX_SWEEPS {
        let mut rotated = false;
        for p in 0..n {
            for q in p + 1..n {
                let (mut alpha, mut beta, mut gamma) = (0.0, 0.0, 0.0);
                for i in 0..m {
                    let (x, y) = (a[i + p * m], a[i + q * m]);
                    alpha += x * x;
                    beta += y * y;
                    gamma += x * y;
                }
                if gamma == 0.0 || gamma.abs() <= EPSMCH * (alpha * beta).sqrt() {
                    continue;
                }
                rotated = true;
                let zeta = (beta - alpha) / (2.0 * gamma);
                let t = if zeta.abs() > 1e150 {
                    0.5 / zeta
                } else {
                    zeta.signum() / (zeta.abs() + (1.0 + zeta * zeta).sqrt())
                };
                let c = 1.0 / (1.0 + t * t).sqrt();
                let s = c * t;
                for (mat, rows) in [(&mut *a, m), (&mut *v, n)] {
                    for i in 0..rows {
                        let (x, y) = (mat[i + p * rows], mat[i + q * rows]);
                        mat[i + p * rows] = c * x - s * y;
                        mat[i + q * rows] = s * x + c * y;
                    }
                }
            }
        }
        if !rotated {
            break;
        }
    }
    (0..n).map(|j| enorm(&a[j * m..(j + 1) * m])).collect()
}

/// The Gauss-Newton step `-V diag(1/s^2) suf` in the scaled variables, when the matrix has full
/// rank (scipy's test: at least as many rows as parameters, and the smallest singular value
/// above `eps * rows` times the largest).
fn gauss_newton(n: usize, rows: usize, suf: &[f64], s: &[f64], v: &[f64]) -> Option<Vec<f64>> {
    let smax = s.iter().copied().fold(0.0, f64::max);
    let smin = s.iter().copied().fold(f64::INFINITY, f64::min);
    if !(rows >= n && smin > EPSMCH * rows as f64 * smax) {
        return None;
    }
    Some(
        (0..n)
            .map(|i| {
                -(0..n)
                    .map(|j| v[i + j * n] * suf[j] / (s[j] * s[j]))
                    .sum::<f64>()
            })
            .collect(),
    )
}

/// The trust-region step in the scaled variables (scipy's `solve_lsq_trust_region`, Moré's
/// iteration on `|p(alpha)| = delta` with `p(alpha) = -V diag(1/(s^2 + alpha)) suf`): the
/// Gauss-Newton step when the matrix has full rank and the step fits, otherwise the step of
/// norm `delta`. Returns the step and `alpha`.
fn solve_trust_region(
    n: usize,
    rows: usize,
    suf: &[f64],
    s: &[f64],
    v: &[f64],
    delta: f64,
    initial_alpha: f64,
) -> (Vec<f64>, f64) {
    let combine = |w: &[f64]| -> Vec<f64> {
        (0..n)
            .map(|i| -(0..n).map(|j| v[i + j * n] * w[j]).sum::<f64>())
            .collect()
    };
    let gn = gauss_newton(n, rows, suf, s, v);
    let full_rank = gn.is_some();
    if let Some(p) = gn {
        if enorm(&p) <= delta {
            return (p, 0.0);
        }
    }
    let sufnorm = enorm(suf);
    if sufnorm == 0.0 || delta.is_nan() || delta <= 0.0 {
        return (vec![0.0; n], 0.0);
    }
    let phi = |alpha: f64| -> (f64, f64) {
        let mut pn = 0.0;
        let mut d3 = 0.0;
        for j in 0..n {
            let den = s[j] * s[j] + alpha;
            pn += (suf[j] / den).powi(2);
            d3 += suf[j] * suf[j] / (den * den * den);
        }
        let pn = pn.sqrt();
        (pn - delta, -d3 / pn)
    };
    let mut upper = sufnorm / delta;
    let mut lower = if full_rank {
        let (f, fp) = phi(0.0);
        -f / fp
    } else {
        0.0
    };
    let mut alpha = if !full_rank && initial_alpha == 0.0 {
        (0.001 * upper).max((lower * upper).sqrt())
    } else {
        initial_alpha
    };
    for _ in 0..10 {
        if alpha < lower || alpha > upper {
            alpha = (0.001 * upper).max((lower * upper).sqrt());
        }
        let (f, fp) = phi(alpha);
        if f < 0.0 {
            upper = alpha;
        }
        let ratio = f / fp;
        lower = lower.max(alpha - ratio);
        alpha -= (f + delta) * ratio / delta;
        if f.abs() < 0.01 * delta {
            break;
        }
    }
    let w: Vec<f64> = (0..n).map(|j| suf[j] / (s[j] * s[j] + alpha)).collect();
    let mut p = combine(&w);
    let pn = enorm(&p);
    if pn > 0.0 && pn.is_finite() {
        for e in &mut p {
            *e *= delta / pn;
        }
    }
    (p, alpha)
}

impl Trf {
    /// Starts at `x` (strictly inside `[lb, ub]`), with at most `maxfev` residual evaluations.
    pub(super) fn new(
        x: &[f64],
        lb: &[f64],
        ub: &[f64],
        res: &mut dyn LeastSquares,
        maxfev: usize,
    ) -> Trf {
        let n = x.len();
        Trf {
            n,
            x: x.to_vec(),
            lb: lb.to_vec(),
            ub: ub.to_vec(),
            fnorm: res.norm(x),
            delta: 0.0,
            alpha: 0.0,
            scale_inv: vec![1.0; n],
            first: true,
            nfev: 1,
            maxfev,
        }
    }

    /// The sum of squared residuals at the parameters.
    pub(super) fn rss(&self) -> f64 {
        self.fnorm * self.fnorm
    }

    /// The gradient `J^T r`, the Jacobian's column norms, the Coleman-Li `v` and `dv`, and the
    /// optimality measure at `x`, from the reduction's factors.
    #[allow(clippy::type_complexity)]
    fn first_order(&self, r: &[f64], qtr: &[f64]) -> (Vec<f64>, Vec<f64>, Vec<f64>, Vec<i8>, f64) {
        let n = self.n;
        let mut g = vec![0.0; n];
        let mut c = vec![0.0; n];
        let mut col = vec![0.0; n];
        for j in 0..n {
            g[j] = (0..=j).map(|i| r[i * n + j] * qtr[i]).sum();
            for (i, e) in col.iter_mut().enumerate() {
                *e = if i <= j { r[i * n + j] } else { 0.0 };
            }
            c[j] = enorm(&col);
        }
        let mut v = vec![1.0; n];
        let mut dv = vec![0i8; n];
        for j in 0..n {
            if g[j] < 0.0 && self.ub[j].is_finite() {
                v[j] = self.ub[j] - self.x[j];
                dv[j] = -1;
            } else if g[j] > 0.0 && self.lb[j].is_finite() {
                v[j] = self.x[j] - self.lb[j];
                dv[j] = 1;
            }
        }
        let mut opt: f64 = 0.0;
        if self.fnorm > 0.0 {
            for j in 0..n {
                if c[j] == 0.0 {
                    continue;
                }
                let cos = g[j].abs() / (c[j] * self.fnorm);
                let t = if dv[j] != 0 {
                    cos * (v[j] * c[j] / self.fnorm).min(1.0)
                } else {
                    cos
                };
                opt = opt.max(t);
            }
        }
        (g, c, v, dv, opt)
    }

    /// One iteration: the Jacobian's reduction, then trial steps until one is accepted
    /// (`Ok(None)`) or a stop test passes (`Ok(Some(stop))`, the parameters at the best point
    /// found).
    pub(super) fn step(
        &mut self,
        res: &mut dyn LeastSquares,
    ) -> Result<Option<TrfStop>, JacobianNotFinite> {
        let n = self.n;
        let red = res.reduce(&self.x)?;
        let rows = red.rows();
        let (r, qtr) = red.factors();
        if self.fnorm == 0.0 {
            return Ok(Some(TrfStop::ExactFit));
        }
        let (g, c, mut v, dv, opt) = self.first_order(r, qtr);
        for j in 0..n {
            self.scale_inv[j] = if self.first {
                if c[j] == 0.0 {
                    1.0
                } else {
                    c[j]
                }
            } else {
                self.scale_inv[j].max(c[j])
            };
        }
        for j in 0..n {
            if dv[j] != 0 {
                v[j] *= self.scale_inv[j];
            }
        }
        // scipy's first radius: the scaled parameters' norm (1 when that is 0). Small near 0
        // or near a bound, so the radius may take iterations to grow (it at most doubles per
        // iteration); a larger one (the Gauss-Newton step's length, even capped at the
        // residuals' norm) loses BoxBOD from NIST's first start.
        let first_delta = if self.first {
            let hat: Vec<f64> = (0..n)
                .map(|j| self.x[j] * self.scale_inv[j] / v[j].sqrt())
                .collect();
            self.first = false;
            let delta = enorm(&hat);
            Some(if delta > 0.0 && delta.is_finite() {
                delta
            } else {
                1.0
            })
        } else {
            None
        };
        if opt <= GTOL {
            return Ok(Some(TrfStop::Optimality));
        }
        // The scaled variables: D, diag_h = g dv / c, g_h = D g, R D.
        let d: Vec<f64> = (0..n).map(|j| v[j].sqrt() / self.scale_inv[j]).collect();
        let diag_h: Vec<f64> = (0..n)
            .map(|j| (g[j] * f64::from(dv[j]) / self.scale_inv[j]).max(0.0))
            .collect();
        let g_h: Vec<f64> = (0..n).map(|j| d[j] * g[j]).collect();
        let mut rd = vec![0.0; n * n];
        for i in 0..n {
            for j in i..n {
                rd[i * n + j] = r[i * n + j] * d[j];
            }
        }
        // [R D; diag(sqrt(diag_h))] reduced to the triangle T by Givens rotations, then
        // T V = U S (column-major), and suf = S U^T [Q^T r; 0] = V^T g_h.
        let mut t = rd.clone();
        let mut row = vec![0.0; n];
        for j in 0..n {
            if diag_h[j] == 0.0 {
                continue;
            }
            row.fill(0.0);
            row[j] = diag_h[j].sqrt();
            for k in j..n {
                let ak = row[k];
                if ak == 0.0 {
                    continue;
                }
                let rkk = t[k * n + k];
                let (cs, sn) = if rkk.abs() < ak.abs() {
                    let q = rkk / ak;
                    let sn = 1.0 / (1.0 + q * q).sqrt();
                    (sn * q, sn)
                } else {
                    let q = ak / rkk;
                    let cs = 1.0 / (1.0 + q * q).sqrt();
                    (cs, cs * q)
                };
                t[k * n + k] = cs * rkk + sn * ak;
                for m in k + 1..n {
                    let (tr, ar) = (t[k * n + m], row[m]);
                    t[k * n + m] = cs * tr + sn * ar;
                    row[m] = cs * ar - sn * tr;
                }
            }
        }
        let mut a = vec![0.0; n * n];
        for i in 0..n {
            for j in i..n {
                a[i + j * n] = t[i * n + j];
            }
        }
        let mut vmat = vec![0.0; n * n];
        let s = jacobi_svd(n, n, &mut a, &mut vmat);
        let suf: Vec<f64> = (0..n)
            .map(|j| (0..n).map(|i| vmat[i + j * n] * g_h[i]).sum())
            .collect();
        if let Some(delta) = first_delta {
            self.delta = delta;
        }
        let scaled = Scaled {
            rd: &rd,
            g_h: &g_h,
            diag_h: &diag_h,
            d: &d,
        };
        let theta = (1.0 - opt).max(0.995);
        let cost = 0.5 * self.fnorm * self.fnorm;
        let mut x_new = vec![0.0; n];
        loop {
            if self.nfev >= self.maxfev {
                return Ok(Some(TrfStop::Evaluations));
            }
            let (p_h, alpha) = solve_trust_region(n, rows, &suf, &s, &vmat, self.delta, self.alpha);
            self.alpha = alpha;
            let (step, step_h, predicted) = self.select_step(&scaled, p_h, theta);
            for j in 0..n {
                x_new[j] = self.x[j] + step[j];
            }
            strictly_feasible(&mut x_new, &self.lb, &self.ub);
            let fnorm_new = res.norm(&x_new);
            self.nfev += 1;
            let step_h_norm = enorm(&step_h);
            if !fnorm_new.is_finite() {
                self.delta = 0.25 * step_h_norm;
                continue;
            }
            let actual = cost - 0.5 * fnorm_new * fnorm_new;
            // The radius (scipy's update_tr_radius).
            let ratio = if predicted > 0.0 {
                actual / predicted
            } else if predicted == 0.0 && actual == 0.0 {
                1.0
            } else {
                0.0
            };
            let mut delta_new = self.delta;
            if ratio < 0.25 {
                delta_new = 0.25 * step_h_norm;
            } else if ratio > 0.75 && step_h_norm > 0.95 * self.delta {
                delta_new *= 2.0;
            }
            // The stop tests, on the step and the parameters scaled by the column norms.
            let scaled_step: Vec<f64> = (0..n)
                .map(|j| (x_new[j] - self.x[j]) * self.scale_inv[j])
                .collect();
            let scaled_x: Vec<f64> = (0..n).map(|j| self.x[j] * self.scale_inv[j]).collect();
            let ftol = actual < FTOL * cost && ratio > 0.25;
            let xtol = enorm(&scaled_step) < XTOL * (XTOL + enorm(&scaled_x));
            let accepted = actual > 0.0;
            if accepted {
                self.x.copy_from_slice(&x_new);
                self.fnorm = fnorm_new;
            }
            let stop = match (ftol, xtol) {
                (true, true) => Some(TrfStop::SumOfSquaresAndStep),
                (true, false) => Some(TrfStop::SumOfSquares),
                (false, true) => Some(TrfStop::Step),
                _ => None,
            };
            if stop.is_some() {
                return Ok(stop);
            }
            if delta_new > 0.0 {
                self.alpha *= self.delta / delta_new;
            }
            self.delta = delta_new;
            if accepted {
                return Ok(None);
            }
        }
    }

    /// The best of the trust-region step (stepped back from the bounds by `theta`), its
    /// reflection off the first bound it hits, and the constrained Cauchy step (scipy's
    /// `select_step`): the step, the same in the scaled variables, and the predicted reduction.
    fn select_step(&self, sc: &Scaled, mut p_h: Vec<f64>, theta: f64) -> (Vec<f64>, Vec<f64>, f64) {
        let n = self.n;
        let (x, lb, ub, d) = (&self.x, &self.lb, &self.ub, sc.d);
        let mut p: Vec<f64> = (0..n).map(|j| d[j] * p_h[j]).collect();
        let trial: Vec<f64> = (0..n).map(|j| x[j] + p[j]).collect();
        if in_bounds(&trial, lb, ub) {
            let value = sc.quadratic(&p_h);
            return (p, p_h, -value);
        }
        let (p_stride, hits) = step_to_bound(x, &p, lb, ub);
        // The reflected direction.
        let mut r_h = p_h.clone();
        for j in 0..n {
            if hits[j] != 0 {
                r_h[j] = -r_h[j];
            }
        }
        let mut r: Vec<f64> = (0..n).map(|j| d[j] * r_h[j]).collect();
        // The trust-region step cut at the bound.
        for j in 0..n {
            p[j] *= p_stride;
            p_h[j] *= p_stride;
        }
        let on_bound: Vec<f64> = (0..n).map(|j| x[j] + p[j]).collect();
        let (_, to_tr) = intersect_trust_region(&p_h, &r_h, self.delta);
        let (to_bound, _) = step_to_bound(&on_bound, &r, lb, ub);
        let r_stride = to_bound.min(to_tr);
        let (lo, hi) = if r_stride > 0.0 {
            let lo = (1.0 - theta) * p_stride / r_stride;
            let hi = if r_stride == to_bound {
                theta * to_bound
            } else {
                to_tr
            };
            (lo, hi)
        } else {
            (0.0, -1.0)
        };
        let r_value = if lo <= hi && hi.is_finite() {
            let (a, b, c) = sc.along(&r_h, Some(&p_h));
            let (t, value) = minimize_1d(a, b, lo, hi, c);
            for j in 0..n {
                r_h[j] = p_h[j] + t * r_h[j];
                r[j] = d[j] * r_h[j];
            }
            value
        } else {
            f64::INFINITY
        };
        // The trust-region step, stepped back strictly inside.
        for j in 0..n {
            p[j] *= theta;
            p_h[j] *= theta;
        }
        let p_value = sc.quadratic(&p_h);
        // The Cauchy step along -g_h, within the region and stepped back from the bounds.
        let mut ag_h: Vec<f64> = sc.g_h.iter().map(|v| -v).collect();
        let mut ag: Vec<f64> = (0..n).map(|j| d[j] * ag_h[j]).collect();
        let ag_norm = enorm(&ag_h);
        let ag_value = if ag_norm > 0.0 {
            let to_tr = self.delta / ag_norm;
            let (to_bound, _) = step_to_bound(x, &ag, lb, ub);
            let stride = if to_bound < to_tr {
                theta * to_bound
            } else {
                to_tr
            };
            let (a, b, _) = sc.along(&ag_h, None);
            let (t, value) = minimize_1d(a, b, 0.0, stride, 0.0);
            for j in 0..n {
                ag_h[j] *= t;
                ag[j] *= t;
            }
            value
        } else {
            0.0
        };
        if p_value < r_value && p_value < ag_value {
            (p, p_h, -p_value)
        } else if r_value < p_value && r_value < ag_value {
            (r, r_h, -r_value)
        } else {
            (ag, ag_h, -ag_value)
        }
    }

    /// After the last iteration: which parameters are at a bound (the gradient pushes them
    /// against it and they are within [`ACTIVE_TOL`] of it, in the residuals' scale), and those
    /// put exactly on their bounds, unless that raises the residuals' norm by more than the
    /// linear change `sum_j |J_j| |e_j|` of the move `e` could (at most `n * ACTIVE_TOL`
    /// relative: rounding, since the gradient points at the bounds); then, when the run
    /// `converged`, one Gauss-Newton step in the other parameters ([`Trf::polish`]). Returns the
    /// side of each parameter's active bound; counts its residual evaluations in `nfev`.
    pub(super) fn finish(
        &mut self,
        res: &mut dyn LeastSquares,
        converged: bool,
    ) -> Vec<Option<BoundSide>> {
        let n = self.n;
        let mut active = vec![None; n];
        if self.lb.iter().chain(&self.ub).all(|b| !b.is_finite()) || self.fnorm == 0.0 {
            return active;
        }
        let Ok(red) = res.reduce(&self.x) else {
            return active;
        };
        let (r, qtr) = red.factors();
        let (g, c, _, _, _) = self.first_order(r, qtr);
        let mut snapped = self.x.clone();
        for j in 0..n {
            let close = |dist: f64| dist * c[j] <= ACTIVE_TOL * self.fnorm;
            if g[j] > 0.0 && self.lb[j].is_finite() && close(self.x[j] - self.lb[j]) {
                active[j] = Some(BoundSide::Lower);
                snapped[j] = self.lb[j];
            } else if g[j] < 0.0 && self.ub[j].is_finite() && close(self.ub[j] - self.x[j]) {
                active[j] = Some(BoundSide::Upper);
                snapped[j] = self.ub[j];
            }
        }
        if snapped != self.x {
            // ||r(x + e)|| <= ||r|| + sum_j |J_j| |e_j| to first order: an increase within that
            // is the rounding of the residuals (the gradient points at the bound, so the exact
            // change is a decrease); a larger one means the bound is not where the sum of
            // squares keeps falling, and the parameters stay.
            let linear: f64 = (0..n).map(|j| c[j] * (snapped[j] - self.x[j]).abs()).sum();
            let fnorm = res.norm(&snapped);
            self.nfev += 1;
            if fnorm <= self.fnorm + linear {
                self.x = snapped;
                self.fnorm = fnorm;
                if converged {
                    self.polish(res, &active);
                }
            }
        }
        active
    }
}

impl Trf {
    /// With the parameters in `active` held on their bounds, one Gauss-Newton step in the free
    /// ones, `min |J_F e + r|` (by the SVD of the `n x |F|` columns of `R`, singular values
    /// below `eps * n` times the largest dropped). The bounded iterations approach an active
    /// bound by steps that the sum of squares can no longer tell apart from zero once the free
    /// parameters are within about `sqrt(eps)` of their values (the reduction is of second
    /// order), so they stop there; the free problem left is unconstrained, and its
    /// Gauss-Newton step takes them the rest of the way. The step is kept when the free
    /// parameters stay strictly inside their bounds and the residuals' norm falls, or, for a
    /// step whose linear change `|J_F e|` is at most `sqrt(eps) |r|` (where the change of the
    /// sum of squares is below rounding), rises by no more than `|J_F e|`.
    fn polish(&mut self, res: &mut dyn LeastSquares, active: &[Option<BoundSide>]) {
        let n = self.n;
        let free: Vec<usize> = (0..n).filter(|&j| active[j].is_none()).collect();
        let k = free.len();
        if k == 0 || self.fnorm == 0.0 {
            return;
        }
        let Ok(red) = res.reduce(&self.x) else {
            return;
        };
        let (r, qtr) = red.factors();
        // The free columns of R, column-major n x k.
        let mut a = vec![0.0; n * k];
        for (c, &j) in free.iter().enumerate() {
            for i in 0..=j {
                a[i + c * n] = r[i * n + j];
            }
        }
        let mut v = vec![0.0; k * k];
        let s = jacobi_svd(n, k, &mut a, &mut v);
        let smax = s.iter().copied().fold(0.0, f64::max);
        // e = -V diag(1/s^2) (A V)^T qtr, over the singular values kept.
        let mut w = vec![0.0; k];
        for c in 0..k {
            if s[c] > EPSMCH * n as f64 * smax {
                let dot: f64 = (0..n).map(|i| a[i + c * n] * qtr[i]).sum();
                w[c] = dot / (s[c] * s[c]);
            }
        }
        let mut trial = self.x.clone();
        for (row, &j) in free.iter().enumerate() {
            let e: f64 = (0..k).map(|c| v[row + c * k] * w[c]).sum();
            trial[j] -= e;
        }
        if free
            .iter()
            .any(|&j| !(trial[j] > self.lb[j] && trial[j] < self.ub[j]))
        {
            return;
        }
        // |J_F e| = |R_F e|: the norm of the projection of Q^T r on the kept directions.
        let linear = enorm(
            &(0..k)
                .map(|c| if w[c] != 0.0 { w[c] * s[c] } else { 0.0 })
                .collect::<Vec<f64>>(),
        );
        let fnorm = res.norm(&trial);
        self.nfev += 1;
        let tiny = linear <= EPSMCH.sqrt() * self.fnorm;
        if fnorm <= self.fnorm || (tiny && fnorm <= self.fnorm + linear) {
            self.x = trial;
            self.fnorm = fnorm;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The singular values of [[3, 0], [4, 5]] are sqrt(45) and sqrt(5) (A^T A = [[25, 20],
    /// [20, 25]], eigenvalues 45 and 5), and A V has orthogonal columns.
    #[test]
    fn jacobi_svd_finds_the_singular_values() {
        // Column-major [[3, 0], [4, 5]].
        let mut a = vec![3.0, 4.0, 0.0, 5.0];
        let mut v = vec![0.0; 4];
        let mut s = jacobi_svd(2, 2, &mut a, &mut v);
        s.sort_by(f64::total_cmp);
        assert!((s[0] - 5f64.sqrt()).abs() < 1e-14 && (s[1] - 45f64.sqrt()).abs() < 1e-14);
        let dot = a[0] * a[2] + a[1] * a[3];
        assert!(dot.abs() < 1e-13);
        // V is orthogonal.
        let vv = v[0] * v[2] + v[1] * v[3];
        assert!(vv.abs() < 1e-15 && (v[0] * v[0] + v[1] * v[1] - 1.0).abs() < 1e-15);
    }

    #[test]
    fn steps_to_bounds_and_the_trust_region() {
        // From x = (0, 0) along s = (1, -2) in [-1, 4] x [-1, 1]: the second component hits -1
        // at t = 0.5, the first 4 at t = 4.
        let (t, hits) = step_to_bound(&[0.0, 0.0], &[1.0, -2.0], &[-1.0, -1.0], &[4.0, 1.0]);
        assert_eq!((t, hits), (0.5, vec![0, -1]));
        // |(0, 0) + t (3, 4)| = 10 at t = -2 and 2.
        assert_eq!(
            intersect_trust_region(&[0.0, 0.0], &[3.0, 4.0], 10.0),
            (-2.0, 2.0)
        );
        // t^2 - 2t on [0, 3] has its minimum -1 at t = 1.
        assert_eq!(minimize_1d(1.0, -2.0, 0.0, 3.0, 0.0), (1.0, -1.0));
        let mut x = [0.0, 2.0];
        strictly_feasible(&mut x, &[0.0, -1.0], &[1.0, 1.0]);
        assert_eq!(x, [0.0f64.next_up(), 1.0f64.next_down()]);
    }
}
