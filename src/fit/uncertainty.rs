//! The uncertainty of least-squares parameters at a solution: the covariance `s^2 (J^T J)^-1` (or
//! `(J^T W J)^-1` with absolute uncertainties σ), standard errors, correlations, degrees of
//! freedom, reduced χ² and R², from the residuals' [`Reduction`] at the solution.
//!
//! Invariants: `J^T J` is never formed; the covariance comes from the triangular factor `R` of
//! the Jacobian (`J = Q R`, [`Reduction`]), column-scaled and refactored with column pivoting
//! (`lm`'s Householder QR), so its accuracy follows the Jacobian's condition, not its square. A
//! quantity that does not exist (a rank-deficient Jacobian, no degrees of freedom, a constant
//! target, an overflow) is `None` with a note saying why; nothing is NaN.
//!
//! [`lm`]: super::lm
//! [`Reduction`]: super::reduce::Reduction

use schemars::JsonSchema;
use serde::Serialize;

use super::lm::{enorm, qrfac, EPSMCH};
use super::reduce::Reduction;

/// The uncertainty of least-squares parameters at the solution: covariance `s^2 (J^T J)^-1` with
/// `s^2 = RSS / (n - p)`, standard errors, correlations, degrees of freedom, reduced chi-square
/// and R^2. Quantities that do not exist (a rank-deficient Jacobian, no degrees of freedom, a
/// constant target) are `None`, with a note saying why; never NaN.
///
/// ```
/// use nabla::optim::{Method, MethodKind};
/// use nabla::{fit, Dataset, FitConfig};
/// // y = a + b x through (0, 1), (1, 3), (2, 4): the closed form gives b = 1.5, a = 7/6,
/// // RSS = 1/6, s^2 = RSS/(3-2), var(b) = s^2 / sum (x - mean x)^2 = (1/6)/2.
/// let data = Dataset::from_columns("pts", &[("x", vec![0.0, 1.0, 2.0]), ("y", vec![1.0, 3.0, 4.0])]).unwrap();
/// let cfg = FitConfig::new(&["a", "b"]).method(Method::new(MethodKind::LevenbergMarquardt));
/// let r = fit("a + b*x", &data, &cfg).unwrap();
/// let u = r.uncertainty.as_ref().unwrap();
/// assert_eq!(u.dof, 1);
/// assert!((u.std_error(1).unwrap() - (1.0f64 / 12.0).sqrt()).abs() < 1e-12);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct Uncertainty {
    /// The standard error of each parameter, in parameter order: `sqrt(covariance[k][k])`.
    pub std_errors: Option<Vec<f64>>,
    /// The covariance matrix `s^2 (J^T J)^-1` (`(J^T J)^-1` with absolute σ, J the Jacobian of
    /// the weighted residuals), row-major `p x p`.
    pub covariance: Option<Vec<f64>>,
    /// The correlation matrix, row-major `p x p` (ones on the diagonal).
    pub correlation: Option<Vec<f64>>,
    /// Degrees of freedom: rows minus parameters.
    pub dof: usize,
    /// The residual sum of squares.
    pub rss: f64,
    /// `rss / dof`, the residual variance `s^2`.
    pub reduced_chi2: Option<f64>,
    /// `1 - rss / tss`, with `tss` the target's total sum of squares about its mean.
    pub r_squared: Option<f64>,
    /// Why a quantity is missing, one sentence each (empty when nothing is).
    pub notes: Vec<String>,
    /// Whether the residuals were divided by per-row uncertainties σ (then `rss` is χ², and
    /// `r_squared` uses the weighted total sum of squares).
    pub weighted: bool,
    /// Whether σ are absolute uncertainties: the covariance is then `(J^T W J)^-1`, not scaled
    /// by the reduced χ² (`scipy.optimize.curve_fit`'s `absolute_sigma=True`); `false` for
    /// unweighted fits and by default, where the covariance is `s^2 (J^T W J)^-1`.
    pub absolute_sigma: bool,
}

/// How the residuals were weighted, for [`uncertainty`].
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Weighting {
    /// Residuals divided by σ.
    pub(super) weighted: bool,
    /// σ are absolute: the covariance is not scaled by the reduced χ².
    pub(super) absolute: bool,
}

impl Uncertainty {
    /// The standard error of parameter `k`, when it exists.
    pub fn std_error(&self, k: usize) -> Option<f64> {
        self.std_errors.as_ref()?.get(k).copied()
    }
}

/// The uncertainty from the residuals' reduction at the solution and the target's total sum of
/// squares; with absolute σ the covariance is `(J^T J)^-1` (J the weighted Jacobian), else
/// `s^2 (J^T J)^-1`.
pub(super) fn uncertainty(red: &Reduction, tss: f64, weighting: Weighting) -> Uncertainty {
    let (m, n) = (red.rows(), red.params());
    let rss = red.sum_of_squares();
    // The Jacobian's factor R, column-major n x n: its columns have the Jacobian's norms.
    let (r, _) = red.factors();
    let mut jac = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            jac[i + j * n] = r[i * n + j];
        }
    }
    let dof = m.saturating_sub(n);
    let reduced_chi2 = (dof > 0).then(|| rss / dof as f64);
    let r_squared = (tss > 0.0).then(|| 1.0 - rss / tss);
    let mut u = Uncertainty {
        std_errors: None,
        covariance: None,
        correlation: None,
        dof,
        rss,
        reduced_chi2,
        r_squared,
        notes: Vec::new(),
        weighted: weighting.weighted,
        absolute_sigma: weighting.absolute,
    };
    let scale = if weighting.absolute {
        Some(1.0)
    } else {
        reduced_chi2
    };
    let Some(s2) = scale else {
        u.notes.push(crate::tr!(
            "fit-note-no-dof",
            rows = m.to_string(),
            params = n.to_string()
        ));
        return u;
    };
    // Scale the columns to unit norm, so that the rank test is independent of the parameters'
    // units; then (J^T J)^-1 = D^-1 P R^-1 R^-T P^T D^-1.
    let mut scale = vec![0.0; n];
    for (j, s) in scale.iter_mut().enumerate() {
        *s = enorm(&jac[j * n..(j + 1) * n]);
        if *s == 0.0 || !s.is_finite() {
            u.notes.push(crate::tr!(
                "fit-note-zero-column",
                index = (j + 1).to_string()
            ));
            return u;
        }
        for v in &mut jac[j * n..(j + 1) * n] {
            *v /= *s;
        }
    }
    let (mut ipvt, mut rdiag, mut acnorm, mut wa) =
        (vec![0; n], vec![0.0; n], vec![0.0; n], vec![0.0; n]);
    qrfac(n, n, &mut jac, &mut ipvt, &mut rdiag, &mut acnorm, &mut wa);
    let tol = (m.max(n) as f64) * EPSMCH * rdiag[0].abs();
    if rdiag.iter().any(|d| d.abs() <= tol) {
        u.notes.push(crate::tr!("fit-note-rank-deficient"));
        return u;
    }
    // R^-1 (upper triangular), column by column.
    let mut rinv = vec![0.0; n * n]; // row-major rinv[i * n + j]
    for j in 0..n {
        rinv[j * n + j] = 1.0 / rdiag[j];
        for i in (0..j).rev() {
            let mut sum = 0.0;
            for k in i + 1..=j {
                sum += jac[i + k * n] * rinv[k * n + j];
            }
            rinv[i * n + j] = -sum / rdiag[i];
        }
    }
    let mut cov = vec![0.0; n * n];
    for a in 0..n {
        for b in 0..n {
            // (R^-1 R^-T)[a][b] = sum_k rinv[a][k] rinv[b][k]
            let mut sum = 0.0;
            for k in a.max(b)..n {
                sum += rinv[a * n + k] * rinv[b * n + k];
            }
            let (pa, pb) = (ipvt[a], ipvt[b]);
            cov[pa * n + pb] = s2 * sum / (scale[pa] * scale[pb]);
        }
    }
    let se: Vec<f64> = (0..n).map(|k| cov[k * n + k].sqrt()).collect();
    if cov.iter().chain(&se).any(|v| !v.is_finite()) {
        u.notes.push(crate::tr!("fit-note-covariance-overflow"));
        return u;
    }
    let mut corr = vec![0.0; n * n];
    for a in 0..n {
        for b in 0..n {
            corr[a * n + b] = if a == b {
                1.0
            } else if se[a] > 0.0 && se[b] > 0.0 {
                (cov[a * n + b] / (se[a] * se[b])).clamp(-1.0, 1.0)
            } else {
                0.0
            };
        }
    }
    u.std_errors = Some(se);
    u.covariance = Some(cov);
    u.correlation = Some(corr);
    u
}
