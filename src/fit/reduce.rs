//! The least-squares reduction of a block of rows: for residuals `r` (m rows) and their Jacobian
//! `J` (m x p), the triangular factor `R` of `J = Q R`, the projection `Q^T r` and the residual sum
//! of squares. Levenberg-Marquardt ([`super::lm`]) and the covariance ([`super::uncertainty`])
//! need nothing else: `R^T R = J^T J`, `R^T (Q^T r) = J^T r`, and the step's subproblem
//! `min |J s + r|` is `min |R s + Q^T r|` up to a constant. So a fit over any number of rows
//! keeps `O(p^2)` numbers per block, never the `m x p` Jacobian.
//!
//! Invariants:
//! * **Accuracy of a QR factorization, not of the normal equations.** Rows are absorbed into `R`
//!   by Givens rotations, and two reductions merge by absorbing the rows of one's `R` into the
//!   other (the "tall-skinny QR" reduction tree); `J^T J` is never formed, so the accuracy follows
//!   the Jacobian's condition number, not its square.
//! * **Reproducible.** The result depends on the rows and the order in which blocks are merged,
//!   never on timing: callers merge blocks in a fixed order ([`super::lm::Residuals`] splits the
//!   rows into segments fixed by the row and parameter counts only, whatever the number of
//!   threads).
//! * **No overflow in the sum of squares**: it is kept as `scale^2 * ssq` (LAPACK's `dlassq`)
//!   wherever the plain sum would overflow or underflow.

/// A sum of squares kept as `scale^2 * ssq`, safe from overflow and underflow (LAPACK's
/// `dlassq`); a non-finite entry makes it non-finite.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SumSq {
    scale: f64,
    ssq: f64,
}

impl Default for SumSq {
    fn default() -> Self {
        SumSq::ZERO
    }
}

impl SumSq {
    /// The empty sum.
    pub const ZERO: SumSq = SumSq {
        scale: 0.0,
        ssq: 1.0,
    };

    /// Adds the squares of `v`: a plain sum where it neither overflows nor underflows, scaled
    /// otherwise.
    pub fn add_slice(&mut self, v: &[f64]) {
        let plain: f64 = v.iter().map(|x| x * x).sum();
        if plain.is_finite() && plain > f64::MIN_POSITIVE / f64::EPSILON {
            self.merge(SumSq {
                scale: 1.0,
                ssq: plain,
            });
            return;
        }
        for &x in v {
            self.add(x);
        }
    }

    /// Adds `x^2`.
    pub fn add(&mut self, x: f64) {
        if x == 0.0 {
            return;
        }
        let a = x.abs();
        if !a.is_finite() {
            self.scale = f64::INFINITY;
            self.ssq = if a.is_nan() { f64::NAN } else { 1.0 };
            return;
        }
        if self.scale < a {
            let q = self.scale / a;
            self.ssq = 1.0 + self.ssq * q * q;
            self.scale = a;
        } else {
            let q = a / self.scale;
            self.ssq += q * q;
        }
    }

    /// Adds another sum.
    pub fn merge(&mut self, o: SumSq) {
        if o.scale == 0.0 {
            return;
        }
        if !(o.scale.is_finite() && o.ssq.is_finite() && self.is_finite()) {
            let nan = o.ssq.is_nan() || self.ssq.is_nan();
            self.scale = f64::INFINITY;
            self.ssq = if nan { f64::NAN } else { 1.0 };
            return;
        }
        if self.scale < o.scale {
            let q = self.scale / o.scale;
            self.ssq = o.ssq + self.ssq * q * q;
            self.scale = o.scale;
        } else {
            let q = o.scale / self.scale;
            self.ssq += o.ssq * q * q;
        }
    }

    fn is_finite(&self) -> bool {
        self.scale.is_finite() && self.ssq.is_finite()
    }

    /// The Euclidean norm `scale * sqrt(ssq)`: `+inf` when an entry was not finite.
    pub fn norm(&self) -> f64 {
        let n = self.scale * self.ssq.sqrt();
        if n.is_nan() {
            f64::INFINITY
        } else {
            n
        }
    }

    /// The sum of squares (`+inf` when it overflows or an entry was not finite).
    pub fn value(&self) -> f64 {
        let v = self.scale * self.scale * self.ssq;
        if v.is_nan() {
            f64::INFINITY
        } else {
            v
        }
    }
}

/// `R`, `Q^T r` and the sum of squares of a block of rows (see the module's documentation),
/// exported as `nabla::LeastSquaresReduction`: the unit that partitions of a data set computed
/// elsewhere (another process, a Dask worker) send back to be merged.
///
/// ```
/// use nabla::LeastSquaresReduction;
/// // J = [[3], [4]], r = [1, 2]: R = [5] up to sign, Q^T r = (3*1 + 4*2)/5 with R's sign, and
/// // R^T (Q^T r) = J^T r = 11 either way.
/// let mut a = LeastSquaresReduction::new(1);
/// a.absorb(&mut [3.0], 1.0);
/// let mut b = LeastSquaresReduction::new(1);
/// b.absorb(&mut [4.0], 2.0);
/// a.merge(&b);
/// let (r, qtr) = a.factors();
/// assert!((r[0].abs() - 5.0).abs() < 1e-15 && (r[0] * qtr[0] - 11.0).abs() < 1e-14);
/// assert_eq!(a.rows(), 2);
/// assert!((a.sum_of_squares() - 5.0).abs() < 1e-14);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Reduction {
    p: usize,
    /// `R`, row-major `p x p`, upper triangular (zeros below the diagonal).
    pub(super) r: Vec<f64>,
    /// The first `p` components of `Q^T r`.
    pub(super) qtr: Vec<f64>,
    /// The residuals' sum of squares.
    pub(super) ss: SumSq,
    /// The number of rows reduced.
    pub(super) rows: usize,
}

impl Reduction {
    /// The reduction of no rows for `p` parameters.
    pub fn new(p: usize) -> Reduction {
        Reduction {
            p,
            r: vec![0.0; p * p],
            qtr: vec![0.0; p],
            ss: SumSq::ZERO,
            rows: 0,
        }
    }

    /// The number of parameters.
    pub fn params(&self) -> usize {
        self.p
    }

    /// The number of rows reduced.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The residuals' sum of squares.
    pub fn sum_of_squares(&self) -> f64 {
        self.ss.value()
    }

    /// `R` row-major (upper triangular), and `Q^T r`.
    pub fn factors(&self) -> (&[f64], &[f64]) {
        (&self.r, &self.qtr)
    }

    /// Absorbs one row: its Jacobian row `a` (overwritten: work space) and residual `b`.
    pub fn absorb(&mut self, a: &mut [f64], b: f64) {
        self.rotate_in(a, b, 0);
        self.ss.add(b);
        self.rows += 1;
    }

    /// Absorbs a block of `c` rows at once by Householder reflections on the stacked matrix
    /// `[R; J_block]` (LAPACK's `dlarfg`/`dlarf` with `R`'s triangle kept): `cols` holds the
    /// block column-major, the `p` Jacobian columns and then the residuals (`(p + 1) * c`
    /// numbers, overwritten: work space). One square root per column per block, where
    /// [`Reduction::absorb`] takes one per row and column.
    pub fn absorb_block(&mut self, cols: &mut [f64], c: usize) {
        let p = self.p;
        assert_eq!(cols.len(), (p + 1) * c, "p + 1 columns of c rows");
        let (jac, res) = cols.split_at_mut(p * c);
        self.ss.add_slice(res);
        self.rows += c;
        for k in 0..p {
            let (done, rest) = jac.split_at_mut((k + 1) * c);
            let v = &mut done[k * c..];
            let mut tail = SumSq::ZERO;
            tail.add_slice(v);
            let sigma = tail.norm();
            if sigma == 0.0 {
                continue;
            }
            let alpha = self.r[k * p + k];
            let norm = alpha.hypot(sigma);
            let beta = if alpha >= 0.0 { -norm } else { norm };
            let tau = (beta - alpha) / beta;
            let scale = 1.0 / (alpha - beta);
            v.iter_mut().for_each(|x| *x *= scale);
            self.r[k * p + k] = beta;
            // H = I - tau [1; v] [1; v]^T on the remaining columns and on the residuals.
            for (j, col) in rest.chunks_exact_mut(c).enumerate() {
                let rkj = &mut self.r[k * p + k + 1 + j];
                let w = *rkj + dot(v, col);
                let t = tau * w;
                *rkj -= t;
                col.iter_mut()
                    .zip(v.iter())
                    .for_each(|(x, vi)| *x -= t * vi);
            }
            let w = self.qtr[k] + dot(v, res);
            let t = tau * w;
            self.qtr[k] -= t;
            res.iter_mut()
                .zip(v.iter())
                .for_each(|(x, vi)| *x -= t * vi);
        }
    }

    /// Rotates the row `(a, b)` into `R` and `Q^T r`, `a[..first]` being zero.
    fn rotate_in(&mut self, a: &mut [f64], mut b: f64, first: usize) {
        let p = self.p;
        for k in first..p {
            let ak = a[k];
            if ak == 0.0 {
                continue;
            }
            let row = &mut self.r[k * p..(k + 1) * p];
            let rkk = row[k];
            // The rotation [c s; -s c] that takes (rkk, ak) to (rho, 0), free of overflow.
            let (c, s) = if rkk.abs() < ak.abs() {
                let t = rkk / ak;
                let s = 1.0 / (1.0 + t * t).sqrt();
                (s * t, s)
            } else {
                let t = ak / rkk;
                let c = 1.0 / (1.0 + t * t).sqrt();
                (c, c * t)
            };
            row[k] = c * rkk + s * ak;
            for (rj, aj) in row[k + 1..].iter_mut().zip(&mut a[k + 1..]) {
                let t = c * *rj + s * *aj;
                *aj = c * *aj - s * *rj;
                *rj = t;
            }
            let t = c * self.qtr[k] + s * b;
            b = c * b - s * self.qtr[k];
            self.qtr[k] = t;
        }
    }

    /// Absorbs the rows of another reduction of the same parameters (the rows of `o`'s `R`
    /// with their `Q^T r`), so that `self` reduces both blocks of rows.
    ///
    /// # Panics
    ///
    /// If the two reductions are for different numbers of parameters.
    pub fn merge(&mut self, o: &Reduction) {
        assert_eq!(self.p, o.p, "reductions of different parameter counts");
        let p = self.p;
        let mut a = vec![0.0; p];
        for k in 0..p {
            a.copy_from_slice(&o.r[k * p..(k + 1) * p]);
            if a[k..].iter().all(|v| *v == 0.0) && o.qtr[k] == 0.0 {
                continue;
            }
            self.rotate_in(&mut a, o.qtr[k], k);
        }
        self.ss.merge(o.ss);
        self.rows += o.rows;
    }

    /// Rebuilds a reduction from its parts (as [`Reduction::factors`], [`Reduction::rows`] and
    /// the sum of squares give them), for reductions computed elsewhere (another process).
    /// `None` when the lengths do not match `p`.
    pub fn from_parts(
        p: usize,
        r: Vec<f64>,
        qtr: Vec<f64>,
        sum_of_squares: f64,
        rows: usize,
    ) -> Option<Reduction> {
        if r.len() != p * p || qtr.len() != p {
            return None;
        }
        let mut ss = SumSq::ZERO;
        if sum_of_squares.is_nan() || sum_of_squares < 0.0 {
            ss.add(f64::NAN);
        } else if sum_of_squares.is_infinite() {
            ss.add(f64::INFINITY);
        } else {
            ss.add(sum_of_squares.sqrt());
        }
        Some(Reduction {
            p,
            r,
            qtr,
            ss,
            rows,
        })
    }
}

/// The dot product, in four independent sums (so the compiler can keep them in registers).
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut s = [0.0; 4];
    let (ca, cb) = (a.chunks_exact(4), b.chunks_exact(4));
    let tail: f64 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in ca.zip(cb) {
        for i in 0..4 {
            s[i] += x[i] * y[i];
        }
    }
    (s[0] + s[1]) + (s[2] + s[3]) + tail
}

#[cfg(test)]
mod tests {
    use super::*;

    /// R^T R = J^T J and R^T (Q^T r) = J^T r, checked against the products formed directly.
    #[test]
    fn reduction_reproduces_the_normal_equations() {
        // J rows and residuals, small integers so the products are exact.
        let rows: [([f64; 3], f64); 5] = [
            ([1.0, 2.0, 0.0], 1.0),
            ([0.0, 1.0, -1.0], -2.0),
            ([3.0, 0.0, 1.0], 0.5),
            ([1.0, 1.0, 1.0], 3.0),
            ([-2.0, 4.0, 0.0], -1.0),
        ];
        let mut whole = Reduction::new(3);
        let (mut first, mut second) = (Reduction::new(3), Reduction::new(3));
        // The same rows as blocks: rows 0..2, then 2..5, column-major with the residuals last.
        let mut blocks = Reduction::new(3);
        for range in [0..2, 2..5] {
            let c = range.len();
            let mut cols = vec![0.0; 4 * c];
            for (i, (a, b)) in rows[range].iter().enumerate() {
                for j in 0..3 {
                    cols[j * c + i] = a[j];
                }
                cols[3 * c + i] = *b;
            }
            blocks.absorb_block(&mut cols, c);
        }
        for (i, (a, b)) in rows.iter().enumerate() {
            whole.absorb(&mut a.clone(), *b);
            let part = if i < 2 { &mut first } else { &mut second };
            part.absorb(&mut a.clone(), *b);
        }
        first.merge(&second);
        for red in [&whole, &first, &blocks] {
            assert_eq!(red.rows(), 5);
            for p in 0..3 {
                for q in 0..3 {
                    let rtr: f64 = (0..3).map(|k| red.r[k * 3 + p] * red.r[k * 3 + q]).sum();
                    let jtj: f64 = rows.iter().map(|(a, _)| a[p] * a[q]).sum();
                    assert!((rtr - jtj).abs() < 1e-12, "{p} {q}: {rtr} vs {jtj}");
                }
                let rtq: f64 = (0..3).map(|k| red.r[k * 3 + p] * red.qtr[k]).sum();
                let jtr: f64 = rows.iter().map(|(a, b)| a[p] * b).sum();
                assert!((rtq - jtr).abs() < 1e-12, "{p}: {rtq} vs {jtr}");
            }
            // 1 + 4 + 0.25 + 9 + 1
            assert!((red.sum_of_squares() - 15.25).abs() < 1e-12);
        }
    }

    #[test]
    fn sums_of_squares_survive_overflow_and_flag_non_finite_entries() {
        let mut s = SumSq::ZERO;
        s.add_slice(&[3e200, 4e200]);
        assert!((s.norm() / 5e200 - 1.0).abs() < 1e-15);
        let mut t = SumSq::ZERO;
        t.add_slice(&[3e-200, 4e-200]);
        assert!((t.norm() / 5e-200 - 1.0).abs() < 1e-15);
        t.merge(s);
        assert!((t.norm() / 5e200 - 1.0).abs() < 1e-15);
        let mut u = SumSq::ZERO;
        u.add_slice(&[1.0, f64::NAN]);
        assert_eq!(u.norm(), f64::INFINITY);
        assert_eq!(SumSq::ZERO.norm(), 0.0);
    }
}
