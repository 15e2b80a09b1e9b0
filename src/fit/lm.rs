//! Levenberg-Marquardt for fits (Moré 1978, "The Levenberg-Marquardt algorithm: implementation
//! and theory"; the algorithm of MINPACK's `lmder`, written here from the paper and MINPACK's
//! documented steps): the residuals `r_i(p) = model(p, row_i) - target_i` of every row and their
//! exact Jacobian, through a [`LeastSquares`] source that gives, at any parameters, the
//! residuals' norm and their [`Reduction`] (the triangular factor `R` of `J = Q R` and `Q^T r`,
//! accumulated block by block: `super::reduce`). MINPACK's QR factorization with column pivoting
//! (Householder) then runs on the `n x n` factor `R`, not on the `rows x n` Jacobian: `J P = Q Q2
//! R2` where `R P = Q2 R2`, so the pivoted factor, its column norms (those of `J`) and `Q^T f`
//! are MINPACK's. Then a trust region scaled by the running maximum of the Jacobian's column
//! norms, the Levenberg parameter from Newton's iteration on the secular equation (`lmpar`, with
//! `qrsolv`'s Givens rotations), MINPACK's ratio test and step-bound updates, and its stop tests.
//! At the solution, `super::uncertainty` gives the covariance `s^2 (J^T J)^-1` from the reduction
//! (never forming `J^T J`).
//!
//! Invariants:
//! * **One step is one iteration** ([`Lm::step`]): one Jacobian reduction, then trial steps until
//!   one lowers the sum of squares (ratio of actual to predicted reduction at least 1e-4) or a
//!   stop test passes. The parameters only move to points where every residual is finite; a
//!   trial point with a non-finite residual counts as a failed step (the trust region shrinks).
//! * **Stops are MINPACK's**, each a typed [`LmStop`]: `ftol` (both the actual and predicted
//!   relative reductions of the sum of squares at most [`FTOL`]), `xtol` (the trust region at
//!   most [`XTOL`] times the scaled parameters' norm), `gtol` (the largest cosine between the
//!   residuals and a Jacobian column at most [`GTOL`]), the residual evaluations (`maxfev`), and
//!   the three tests at machine precision. Only the tolerance tests are convergence.
//! * **Memory is `O(n^2)`** whatever the number of rows (at most [`MAX_PARAMS`] parameters);
//!   nothing recurses; everything is loops over rows and columns.
//!
//! Defaults (tighter than MINPACK's `sqrt(eps)` = 1.49e-8, for NIST StRD accuracy): `ftol` =
//! `xtol` = 1e-15, `gtol` = 1e-15, step bound factor 100, at most 10 residual evaluations per
//! allowed iteration.

use super::reduce::Reduction;

/// The relative reduction of the sum of squares under which Levenberg-Marquardt stops.
pub const FTOL: f64 = 1e-15;
/// The relative step (trust region over the scaled parameters' norm) under which it stops.
pub const XTOL: f64 = 1e-15;
/// The largest cosine between the residuals and a Jacobian column under which it stops.
pub const GTOL: f64 = 1e-15;
/// MINPACK's `factor`: the first step bound is `FACTOR * |diag * p|` (or `FACTOR` at p = 0).
const FACTOR: f64 = 100.0;
/// Residual evaluations allowed per iteration of the fit's budget (MINPACK's `maxfev` is
/// `EVALS_PER_EPOCH * epochs`).
pub const EVALS_PER_EPOCH: usize = 10;

/// The most parameters Levenberg-Marquardt fits: 1,000. Its memory is `O(params^2)` whatever the
/// rows (the triangular factor `R` of the Jacobian, reduced block by block), and each row costs
/// about `3 params^2` operations to absorb; beyond this a fit asking for `lm` is refused, and the
/// default method is L-BFGS ([`crate::FitConfig::resolved_method`]), whose memory and work per
/// row grow linearly with the parameters.
pub const MAX_PARAMS: usize = 1000;

pub(super) const EPSMCH: f64 = f64::EPSILON;

/// Why Levenberg-Marquardt stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum LmStop {
    /// `ftol` (MINPACK's info 1).
    SumOfSquares,
    /// `xtol` (info 2).
    Step,
    /// `ftol` and `xtol` (info 3).
    SumOfSquaresAndStep,
    /// `gtol` (info 4).
    Orthogonal,
    /// Every residual is zero.
    ExactFit,
    /// `maxfev` (info 5).
    Evaluations,
    /// A test at machine precision (info 6, 7, 8).
    MachinePrecision,
}

/// Residuals that Levenberg-Marquardt can minimize: their number, their sum of squares' root at
/// any parameters, and their least-squares [`Reduction`] (`R`, `Q^T r`, the sum of squares) with
/// the exact Jacobian. Implemented by the residuals compiled against an in-memory data set
/// (`super::residuals`), and by sources that reduce their rows elsewhere.
pub trait LeastSquares {
    /// The reduction at `x`, or the first Jacobian entry or residual that is not finite.
    fn reduce(&mut self, x: &[f64]) -> Result<Reduction, JacobianNotFinite>;
    /// The residuals' Euclidean norm at `x`; `+inf` when one is not finite or the sum
    /// overflows.
    fn norm(&mut self, x: &[f64]) -> f64;
}

/// A residual or Jacobian entry that is not finite, at parameters where Levenberg-Marquardt
/// needs the Jacobian.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct JacobianNotFinite(pub f64);

/// The Euclidean norm, safe from overflow and underflow of the squares.
pub(super) fn enorm(v: &[f64]) -> f64 {
    let s: f64 = v.iter().map(|x| x * x).sum();
    if s.is_finite() && s > f64::MIN_POSITIVE / EPSMCH {
        return s.sqrt();
    }
    let big = v.iter().fold(0.0_f64, |a, x| a.max(x.abs()));
    if big == 0.0 || !big.is_finite() {
        return if big.is_nan() { f64::INFINITY } else { big };
    }
    let t: f64 = v.iter().map(|x| (x / big) * (x / big)).sum();
    big * t.sqrt()
}

/// QR factorization with column pivoting by Householder reflections (MINPACK's `qrfac` with
/// pivoting): `a` is `m x n` column-major; on return its strict upper triangle holds R's, its
/// lower trapezoid the reflections' vectors, `rdiag` R's diagonal, `acnorm` the norms of the
/// columns of the input, `ipvt` the permutation (`a * P = Q * R`, column `j` of `P` is column
/// `ipvt[j]` of the identity). `wa` is work space of length `n`.
pub(super) fn qrfac(
    m: usize,
    n: usize,
    a: &mut [f64],
    ipvt: &mut [usize],
    rdiag: &mut [f64],
    acnorm: &mut [f64],
    wa: &mut [f64],
) {
    for j in 0..n {
        acnorm[j] = enorm(&a[j * m..(j + 1) * m]);
        rdiag[j] = acnorm[j];
        wa[j] = rdiag[j];
        ipvt[j] = j;
    }
    for j in 0..m.min(n) {
        // The remaining column of largest norm into the pivot position.
        let mut kmax = j;
        for k in j..n {
            if rdiag[k] > rdiag[kmax] {
                kmax = k;
            }
        }
        if kmax != j {
            for i in 0..m {
                a.swap(i + j * m, i + kmax * m);
            }
            rdiag[kmax] = rdiag[j];
            wa[kmax] = wa[j];
            ipvt.swap(j, kmax);
        }
        // The reflection that maps column j (from row j down) to a multiple of e_j.
        let mut ajnorm = enorm(&a[j + j * m..(j + 1) * m]);
        if ajnorm != 0.0 {
            if a[j + j * m] < 0.0 {
                ajnorm = -ajnorm;
            }
            for i in j..m {
                a[i + j * m] /= ajnorm;
            }
            a[j + j * m] += 1.0;
            // Applied to the remaining columns, whose norms are updated.
            for k in j + 1..n {
                let mut sum = 0.0;
                for i in j..m {
                    sum += a[i + j * m] * a[i + k * m];
                }
                let temp = sum / a[j + j * m];
                for i in j..m {
                    a[i + k * m] -= temp * a[i + j * m];
                }
                if rdiag[k] != 0.0 {
                    let t = a[j + k * m] / rdiag[k];
                    rdiag[k] *= (1.0 - t * t).max(0.0).sqrt();
                    let r = rdiag[k] / wa[k];
                    if 0.05 * r * r <= EPSMCH {
                        rdiag[k] = enorm(&a[j + 1 + k * m..(k + 1) * m]);
                        wa[k] = rdiag[k];
                    }
                }
            }
        }
        rdiag[j] = -ajnorm;
    }
}

/// Solves `R z = Q^T b, sqrt(par) D z = 0` in the least-squares sense given the QR factors
/// (MINPACK's `qrsolv`): `r` is `n x n` column-major with leading dimension `ldr`, its full upper
/// triangle R (kept); its strict lower triangle receives S's strict upper triangle (transposed),
/// `sdiag` S's diagonal, where `P^T (A^T A + D D) P = S^T S`. `x` receives the solution.
#[allow(clippy::too_many_arguments)]
fn qrsolv(
    n: usize,
    r: &mut [f64],
    ldr: usize,
    ipvt: &[usize],
    diag: &[f64],
    qtb: &[f64],
    x: &mut [f64],
    sdiag: &mut [f64],
    wa: &mut [f64],
) {
    for j in 0..n {
        for i in j..n {
            r[i + j * ldr] = r[j + i * ldr];
        }
        x[j] = r[j + j * ldr];
        wa[j] = qtb[j];
    }
    // Eliminate D's rows by Givens rotations.
    for j in 0..n {
        let l = ipvt[j];
        if diag[l] != 0.0 {
            for s in sdiag[j..n].iter_mut() {
                *s = 0.0;
            }
            sdiag[j] = diag[l];
            let mut qtbpj = 0.0;
            for k in j..n {
                if sdiag[k] == 0.0 {
                    continue;
                }
                let rkk = r[k + k * ldr];
                let (cos, sin) = if rkk.abs() < sdiag[k].abs() {
                    let cotan = rkk / sdiag[k];
                    let sin = 0.5 / (0.25 + 0.25 * cotan * cotan).sqrt();
                    (sin * cotan, sin)
                } else {
                    let tan = sdiag[k] / rkk;
                    let cos = 0.5 / (0.25 + 0.25 * tan * tan).sqrt();
                    (cos, cos * tan)
                };
                let temp = cos * wa[k] + sin * qtbpj;
                qtbpj = -sin * wa[k] + cos * qtbpj;
                wa[k] = temp;
                r[k + k * ldr] = cos * rkk + sin * sdiag[k];
                for i in k + 1..n {
                    let temp = cos * r[i + k * ldr] + sin * sdiag[i];
                    sdiag[i] = -sin * r[i + k * ldr] + cos * sdiag[i];
                    r[i + k * ldr] = temp;
                }
            }
        }
        sdiag[j] = r[j + j * ldr];
        r[j + j * ldr] = x[j];
    }
    // Back substitution; a singular S gives a least-squares solution.
    let mut nsing = n;
    for j in 0..n {
        if sdiag[j] == 0.0 && nsing == n {
            nsing = j;
        }
        if nsing < n {
            wa[j] = 0.0;
        }
    }
    for j in (0..nsing).rev() {
        let mut sum = 0.0;
        for i in j + 1..nsing {
            sum += r[i + j * ldr] * wa[i];
        }
        wa[j] = (wa[j] - sum) / sdiag[j];
    }
    for j in 0..n {
        x[ipvt[j]] = wa[j];
    }
}

/// Work arrays of [`lmpar`].
struct ParWork {
    sdiag: Vec<f64>,
    wa1: Vec<f64>,
    wa2: Vec<f64>,
}

/// The Levenberg parameter (MINPACK's `lmpar`): `par` such that the solution `x` of `A x = b,
/// sqrt(par) D x = 0` has `|D x|` within 10% of `delta` (or `par = 0` with `|D x| <= 1.1
/// delta`), by Newton's iteration on the secular equation safeguarded by bounds, at most 10
/// iterations. `r`, `ipvt`, `qtb` come from the QR factorization of `A`.
#[allow(clippy::too_many_arguments)]
fn lmpar(
    n: usize,
    r: &mut [f64],
    ldr: usize,
    ipvt: &[usize],
    diag: &[f64],
    qtb: &[f64],
    delta: f64,
    par: &mut f64,
    x: &mut [f64],
    w: &mut ParWork,
) {
    let dwarf = f64::MIN_POSITIVE;
    let (sdiag, wa1, wa2) = (&mut w.sdiag, &mut w.wa1, &mut w.wa2);
    // The Gauss-Newton direction (a least-squares one if the Jacobian is rank deficient).
    let mut nsing = n;
    for j in 0..n {
        wa1[j] = qtb[j];
        if r[j + j * ldr] == 0.0 && nsing == n {
            nsing = j;
        }
        if nsing < n {
            wa1[j] = 0.0;
        }
    }
    for j in (0..nsing).rev() {
        wa1[j] /= r[j + j * ldr];
        let temp = wa1[j];
        for i in 0..j {
            wa1[i] -= r[i + j * ldr] * temp;
        }
    }
    for j in 0..n {
        x[ipvt[j]] = wa1[j];
    }
    let mut iter = 0;
    for j in 0..n {
        wa2[j] = diag[j] * x[j];
    }
    let mut dxnorm = enorm(&wa2[..n]);
    let mut fp = dxnorm - delta;
    if fp <= 0.1 * delta {
        *par = 0.0;
        return;
    }
    // A lower bound from the Newton step when the Jacobian has full rank, else zero.
    let mut parl = 0.0;
    if nsing >= n {
        for j in 0..n {
            let l = ipvt[j];
            wa1[j] = diag[l] * (wa2[l] / dxnorm);
        }
        for j in 0..n {
            let mut sum = 0.0;
            for i in 0..j {
                sum += r[i + j * ldr] * wa1[i];
            }
            wa1[j] = (wa1[j] - sum) / r[j + j * ldr];
        }
        let temp = enorm(&wa1[..n]);
        parl = fp / delta / temp / temp;
    }
    // An upper bound.
    for j in 0..n {
        let mut sum = 0.0;
        for i in 0..=j {
            sum += r[i + j * ldr] * qtb[i];
        }
        wa1[j] = sum / diag[ipvt[j]];
    }
    let gnorm = enorm(&wa1[..n]);
    let mut paru = gnorm / delta;
    if paru == 0.0 {
        paru = dwarf / delta.min(0.1);
    }
    *par = par.max(parl).min(paru);
    if *par == 0.0 {
        *par = gnorm / dxnorm;
    }
    loop {
        iter += 1;
        if *par == 0.0 {
            *par = dwarf.max(0.001 * paru);
        }
        let temp = par.sqrt();
        for j in 0..n {
            wa1[j] = temp * diag[j];
        }
        qrsolv(n, r, ldr, ipvt, &wa1[..n], qtb, x, sdiag, wa2);
        for j in 0..n {
            wa2[j] = diag[j] * x[j];
        }
        dxnorm = enorm(&wa2[..n]);
        let prev = fp;
        fp = dxnorm - delta;
        if fp.abs() <= 0.1 * delta || (parl == 0.0 && fp <= prev && prev < 0.0) || iter == 10 {
            return;
        }
        if dxnorm == 0.0 {
            return;
        }
        // Newton's correction.
        for j in 0..n {
            let l = ipvt[j];
            wa1[j] = diag[l] * (wa2[l] / dxnorm);
        }
        for j in 0..n {
            wa1[j] /= sdiag[j];
            let temp = wa1[j];
            for i in j + 1..n {
                wa1[i] -= r[i + j * ldr] * temp;
            }
        }
        let temp = enorm(&wa1[..n]);
        let parc = fp / delta / temp / temp;
        if fp > 0.0 {
            parl = parl.max(*par);
        }
        if fp < 0.0 {
            paru = paru.min(*par);
        }
        *par = parl.max(*par + parc);
    }
}

/// Levenberg-Marquardt's state between iterations: the parameters, the scaling, the step bound
/// and the Levenberg parameter (MINPACK's `lmder` loop, one outer iteration per [`Lm::step`]),
/// working on the `n x n` triangular factor of the Jacobian ([`Reduction`]), never on the
/// `rows x n` Jacobian itself.
pub struct Lm {
    n: usize,
    /// The parameters.
    pub(super) x: Vec<f64>,
    /// The pivoted factor `R` (column-major `n x n`, MINPACK's `fjac` with `ldfjac = n`).
    fjac: Vec<f64>,
    diag: Vec<f64>,
    qtf: Vec<f64>,
    ipvt: Vec<usize>,
    wa1: Vec<f64>,
    wa2: Vec<f64>,
    wa3: Vec<f64>,
    wa4: Vec<f64>,
    work: ParWork,
    par: f64,
    delta: f64,
    fnorm: f64,
    xnorm: f64,
    /// Iterations begun (MINPACK's `iter` counts successful ones from 1).
    first: bool,
    /// Residual evaluations so far.
    pub(super) nfev: usize,
    maxfev: usize,
}

impl Lm {
    /// Starts at `x`, with at most `maxfev` residual evaluations.
    pub(super) fn new(x: &[f64], res: &mut dyn LeastSquares, maxfev: usize) -> Lm {
        let n = x.len();
        let fnorm = res.norm(x);
        Lm {
            n,
            x: x.to_vec(),
            fjac: vec![0.0; n * n],
            diag: vec![0.0; n],
            qtf: vec![0.0; n],
            ipvt: vec![0; n],
            wa1: vec![0.0; n],
            wa2: vec![0.0; n],
            wa3: vec![0.0; n],
            wa4: vec![0.0; n],
            work: ParWork {
                sdiag: vec![0.0; n],
                wa1: vec![0.0; n],
                wa2: vec![0.0; n],
            },
            par: 0.0,
            delta: 0.0,
            fnorm,
            xnorm: 0.0,
            first: true,
            nfev: 1,
            maxfev,
        }
    }

    /// The sum of squared residuals at the parameters.
    pub(super) fn rss(&self) -> f64 {
        self.fnorm * self.fnorm
    }

    /// One iteration: the Jacobian's reduction, then trial steps until one is accepted
    /// (`Ok(None)`) or a stop test passes (`Ok(Some(stop))`, the parameters at the best point
    /// found).
    pub(super) fn step(
        &mut self,
        res: &mut dyn LeastSquares,
    ) -> Result<Option<LmStop>, JacobianNotFinite> {
        let n = self.n;
        let red = res.reduce(&self.x)?;
        // J P = Q R: the pivoted QR of the reduction's R (whose columns have the Jacobian's
        // norms), applied to its Q^T r. fjac is R column-major.
        let (r0, qtr0) = red.factors();
        for i in 0..n {
            for j in 0..n {
                self.fjac[i + j * n] = r0[i * n + j];
            }
        }
        // wa1 = rdiag, wa2 = column norms.
        qrfac(
            n,
            n,
            &mut self.fjac,
            &mut self.ipvt,
            &mut self.wa1,
            &mut self.wa2,
            &mut self.wa3,
        );
        if self.first {
            for j in 0..n {
                self.diag[j] = if self.wa2[j] == 0.0 { 1.0 } else { self.wa2[j] };
            }
            for j in 0..n {
                self.wa3[j] = self.diag[j] * self.x[j];
            }
            self.xnorm = enorm(&self.wa3);
            self.delta = FACTOR * self.xnorm;
            if self.delta == 0.0 {
                self.delta = FACTOR;
            }
        }
        // Q^T f, its first n components in qtf; R's diagonal back in place.
        self.wa4.copy_from_slice(qtr0);
        for j in 0..n {
            let ajj = self.fjac[j + j * n];
            if ajj != 0.0 {
                let mut sum = 0.0;
                for i in j..n {
                    sum += self.fjac[i + j * n] * self.wa4[i];
                }
                let temp = -sum / ajj;
                for i in j..n {
                    self.wa4[i] += self.fjac[i + j * n] * temp;
                }
            }
            self.fjac[j + j * n] = self.wa1[j];
            self.qtf[j] = self.wa4[j];
        }
        // The scaled gradient's norm: the largest cosine between f and a column of J.
        if self.fnorm == 0.0 {
            return Ok(Some(LmStop::ExactFit));
        }
        let mut gnorm: f64 = 0.0;
        for j in 0..n {
            let l = self.ipvt[j];
            if self.wa2[l] != 0.0 {
                let mut sum = 0.0;
                for i in 0..=j {
                    sum += self.fjac[i + j * n] * (self.qtf[i] / self.fnorm);
                }
                gnorm = gnorm.max((sum / self.wa2[l]).abs());
            }
        }
        if gnorm <= GTOL {
            return Ok(Some(LmStop::Orthogonal));
        }
        for j in 0..n {
            self.diag[j] = self.diag[j].max(self.wa2[j]);
        }
        loop {
            lmpar(
                n,
                &mut self.fjac,
                n,
                &self.ipvt,
                &self.diag,
                &self.qtf,
                self.delta,
                &mut self.par,
                &mut self.wa1,
                &mut self.work,
            );
            // The direction p = -wa1, the trial point x + p, the scaled step's norm.
            for j in 0..n {
                self.wa1[j] = -self.wa1[j];
                self.wa2[j] = self.x[j] + self.wa1[j];
                self.wa3[j] = self.diag[j] * self.wa1[j];
            }
            let pnorm = enorm(&self.wa3);
            if self.first {
                self.delta = self.delta.min(pnorm);
            }
            let mut fnorm1 = res.norm(&self.wa2);
            self.nfev += 1;
            if !fnorm1.is_finite() {
                fnorm1 = f64::INFINITY;
            }
            // Scaled actual reduction, predicted reduction and directional derivative.
            let actred = if 0.1 * fnorm1 < self.fnorm {
                let q = fnorm1 / self.fnorm;
                1.0 - q * q
            } else {
                -1.0
            };
            for j in 0..n {
                self.wa3[j] = 0.0;
                let temp = self.wa1[self.ipvt[j]];
                for i in 0..=j {
                    self.wa3[i] += self.fjac[i + j * n] * temp;
                }
            }
            let temp1 = enorm(&self.wa3) / self.fnorm;
            let temp2 = self.par.sqrt() * pnorm / self.fnorm;
            let prered = temp1 * temp1 + temp2 * temp2 / 0.5;
            let dirder = -(temp1 * temp1 + temp2 * temp2);
            let ratio = if prered != 0.0 { actred / prered } else { 0.0 };
            // The step bound.
            if ratio <= 0.25 {
                let mut temp = if actred >= 0.0 {
                    0.5
                } else {
                    0.5 * dirder / (dirder + 0.5 * actred)
                };
                if 0.1 * fnorm1 >= self.fnorm || temp < 0.1 {
                    temp = 0.1;
                }
                self.delta = temp * self.delta.min(pnorm / 0.1);
                self.par /= temp;
            } else if self.par == 0.0 || ratio >= 0.75 {
                self.delta = pnorm / 0.5;
                self.par *= 0.5;
            }
            let accepted = ratio >= 1e-4;
            if accepted {
                for j in 0..n {
                    self.x[j] = self.wa2[j];
                    self.wa2[j] = self.diag[j] * self.x[j];
                }
                self.xnorm = enorm(&self.wa2);
                self.fnorm = fnorm1;
                self.first = false;
            }
            // The stop tests.
            let ftol = actred.abs() <= FTOL && prered <= FTOL && 0.5 * ratio <= 1.0;
            let xtol = self.delta <= XTOL * self.xnorm;
            let stop = match (ftol, xtol) {
                (true, true) => Some(LmStop::SumOfSquaresAndStep),
                (true, false) => Some(LmStop::SumOfSquares),
                (false, true) => Some(LmStop::Step),
                _ if self.nfev >= self.maxfev => Some(LmStop::Evaluations),
                _ if (actred.abs() <= EPSMCH && prered <= EPSMCH && 0.5 * ratio <= 1.0)
                    || self.delta <= EPSMCH * self.xnorm
                    || gnorm <= EPSMCH =>
                {
                    Some(LmStop::MachinePrecision)
                }
                _ => None,
            };
            if stop.is_some() {
                return Ok(stop);
            }
            if accepted {
                return Ok(None);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The QR factors reproduce A P = Q R: R^T R = P^T A^T A P.
    #[test]
    fn qrfac_gives_r_with_rtr_equal_to_ata() {
        let (m, n) = (4, 3);
        let a0 = [
            1.0, 2.0, 3.0, 4.0, 0.5, -1.0, 2.0, 0.0, 10.0, 1.0, -3.0, 2.0,
        ];
        let mut a = a0.to_vec();
        let (mut ipvt, mut rdiag, mut acn, mut wa) =
            (vec![0; n], vec![0.0; n], vec![0.0; n], vec![0.0; n]);
        qrfac(m, n, &mut a, &mut ipvt, &mut rdiag, &mut acn, &mut wa);
        let r = |i: usize, j: usize| -> f64 {
            if i == j {
                rdiag[j]
            } else if i < j {
                a[i + j * m]
            } else {
                0.0
            }
        };
        for p in 0..n {
            for q in 0..n {
                let rtr: f64 = (0..n).map(|k| r(k, p) * r(k, q)).sum();
                let (cp, cq) = (ipvt[p], ipvt[q]);
                let ata: f64 = (0..m).map(|i| a0[i + cp * m] * a0[i + cq * m]).sum();
                assert!((rtr - ata).abs() < 1e-12 * ata.abs().max(1.0), "{p} {q}");
            }
        }
        // Pivoting puts the column of largest norm first.
        assert_eq!(ipvt[0], 2);
    }
}
