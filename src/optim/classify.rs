//! [`classify()`] and what it needs; documented on the function.

use std::fmt;

use serde::Serialize;

use crate::optim::eigen::symmetric_eigen;
use crate::optim::{max_norm, Objective};

/// Tolerances of [`classify`].
///
/// ```
/// use nabla::optim::{classify, ClassifyTol, FnObjective, PointKind};
/// // f = x^2 at x = 1e-7, near its minimum: the gradient there is 2e-7.
/// let mut f = FnObjective::new(1, |x: &[f64]| x[0] * x[0], |x: &[f64], g: &mut [f64]| {
///     g[0] = 2.0 * x[0];
///     x[0] * x[0]
/// })
/// .with_hessian(|x: &[f64], g: &mut [f64], h: &mut [f64]| {
///     g[0] = 2.0 * x[0];
///     h[0] = 2.0;
///     x[0] * x[0]
/// });
/// // The default gradient tolerance 1e-6 accepts it as stationary, and the Hessian 2 > 0 says minimum...
/// assert_eq!(classify(&mut f, &[1e-7], &ClassifyTol::default()).kind, PointKind::LocalMinimum);
/// // ...a stricter one does not.
/// let mut strict = ClassifyTol::default();
/// strict.grad_tol = 1e-8;
/// assert_eq!(classify(&mut f, &[1e-7], &strict).kind, PointKind::NotStationary);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ClassifyTol {
    /// A point with `max_i |g_i|` above this is not stationary. Default 1e-6.
    pub grad_tol: f64,
    /// An eigenvalue counts as zero when `|l| <= zero_rel * max |l|`. Default 1e-8 (about the square
    /// root of machine epsilon: eigenvalues of an exactly computed Hessian are accurate to a few ulps of
    /// its norm, so anything below this is indistinguishable from 0 at the precision a minimizer
    /// reaches).
    pub zero_rel: f64,
    /// Largest relative change of an eigenvalue over the Newton step for the test to be trusted.
    /// Default 0.1.
    pub model_change: f64,
}

impl Default for ClassifyTol {
    fn default() -> Self {
        ClassifyTol {
            grad_tol: 1e-6,
            zero_rel: 1e-8,
            model_change: 0.1,
        }
    }
}

/// The kind of a point.
///
/// ```
/// use nabla::optim::{classify_hessian, PointKind};
/// // The Hessians at the origin of x^2 + y^2, -x^2 - y^2 and x^2 - y^2 (row-major 2x2).
/// let kind = |h: [f64; 4]| classify_hessian(&h, 2, 1e-8).unwrap().0;
/// let bowl = kind([2.0, 0.0, 0.0, 2.0]);
/// assert_eq!(bowl, PointKind::LocalMinimum);
/// assert!(bowl.is_minimum());
/// assert_eq!(kind([-2.0, 0.0, 0.0, -2.0]), PointKind::LocalMaximum);
/// let saddle = kind([2.0, 0.0, 0.0, -2.0]);
/// assert!(!saddle.is_minimum());
/// assert_eq!(saddle.to_string(), "saddle point");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PointKind {
    /// Stationary, Hessian positive definite.
    LocalMinimum,
    /// Stationary, Hessian negative definite.
    LocalMaximum,
    /// Stationary, Hessian indefinite.
    Saddle,
    /// Stationary, but the second-derivative test is inconclusive (singular or fast-changing Hessian).
    Degenerate,
    /// The gradient is not small: not a stationary point.
    NotStationary,
    /// Stationary, but no Hessian is available to classify it.
    Unknown,
}

impl PointKind {
    /// Whether this is a (strict) local minimum.
    pub fn is_minimum(self) -> bool {
        self == PointKind::LocalMinimum
    }
}

impl fmt::Display for PointKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PointKind::LocalMinimum => "local minimum",
            PointKind::LocalMaximum => "local maximum",
            PointKind::Saddle => "saddle point",
            PointKind::Degenerate => {
                "degenerate stationary point (the Hessian is singular here: the second-derivative test \
                 cannot tell whether it is an extremum)"
            }
            PointKind::NotStationary => {
                "not a stationary point: the method stalled (the gradient is not small)"
            }
            PointKind::Unknown => "stationary point (no Hessian available to classify it)",
        })
    }
}

/// A classified point.
///
/// ```
/// use nabla::optim::{classify, ClassifyTol, FnObjective, PointKind};
/// let mut f = FnObjective::new(1, |x: &[f64]| x[0] * x[0], |x: &[f64], g: &mut [f64]| {
///     g[0] = 2.0 * x[0];
///     x[0] * x[0]
/// });
/// let c = classify(&mut f, &[0.5], &ClassifyTol::default());
/// assert_eq!(c.kind, PointKind::NotStationary);
/// assert_eq!(c.grad_norm, 1.0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Classification {
    /// The kind.
    pub kind: PointKind,
    /// `max_i |g_i|` at the point.
    pub grad_norm: f64,
    /// Hessian eigenvalues, ascending (empty when not computed).
    pub eigenvalues: Vec<f64>,
}

impl fmt::Display for Classification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            PointKind::NotStationary => write!(
                f,
                "not a stationary point (max |g_i| = {:e}): the method stalled or stopped early",
                self.grad_norm
            ),
            kind => write!(f, "{kind}"),
        }
    }
}

/// The kind of a stationary point from its Hessian `h` (row-major `n * n`) by rules 3 and 5 of
/// [`classify()`]; `None` when `h` is malformed or not finite. Returns the ascending eigenvalues too.
///
/// ```
/// use nabla::optim::{classify_hessian, PointKind};
/// let (kind, eig) = classify_hessian(&[2.0, 0.0, 0.0, -2.0], 2, 1e-8).unwrap();
/// assert_eq!((kind, eig), (PointKind::Saddle, vec![-2.0, 2.0]));
/// assert_eq!(classify_hessian(&[0.0], 1, 1e-8).unwrap().0, PointKind::Degenerate);
/// ```
pub fn classify_hessian(h: &[f64], n: usize, zero_rel: f64) -> Option<(PointKind, Vec<f64>)> {
    let e = symmetric_eigen(h, n)?;
    let scale = e.values.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    let zero = |v: f64| v.abs() <= zero_rel * scale;
    let kind = if e.values.iter().any(|&v| zero(v)) {
        PointKind::Degenerate
    } else if e.values.iter().all(|&v| v > 0.0) {
        PointKind::LocalMinimum
    } else if e.values.iter().all(|&v| v < 0.0) {
        PointKind::LocalMaximum
    } else {
        PointKind::Saddle
    };
    Some((kind, e.values))
}

/// Classifies the point `x` of `obj` (rules below). Costs one gradient and up to
/// two Hessian evaluations; allocates (it runs once per result, not per iteration).
/// A point whose length differs from `obj.dim()` is [`PointKind::Unknown`] with a NaN `grad_norm`.
///
/// What kind of point a run stopped at, from the gradient and the Hessian's eigenvalues (the
/// second-derivative test; the book's chapter 2.1 point that `f'(0) = 0` for `x^3` without an extremum).
///
/// Rules, in order, with the tolerances of [`ClassifyTol`]:
/// 1. `max_i |g_i| > grad_tol`: [`PointKind::NotStationary`] (the method stalled or stopped early,
///    e.g. the book's Adagrad run on Beale, whose "local optimum" has gradient (0.59, 0.89));
/// 2. no Hessian available: [`PointKind::Unknown`];
/// 3. an eigenvalue with `|l| <= zero_rel * max_j |l_j|` (all of them when the Hessian is 0):
///    [`PointKind::Degenerate`], the test is inconclusive (`x^3` or `x^4` at 0);
/// 4. the quadratic model is checked where it says the stationary point is (`x - H^{-1} g`): if an
///    eigenvalue there differs by more than `model_change` (relative) the Hessian is changing too fast
///    for the test to be trusted, which catches a slow approach to a degenerate point (GD on `x^3` stops
///    near `x = 6e-5`, where `f'' = 3.5e-4 > 0` but halves over the Newton step): [`PointKind::Degenerate`];
/// 5. otherwise all eigenvalues positive: [`PointKind::LocalMinimum`]; all negative:
///    [`PointKind::LocalMaximum`]; mixed signs: [`PointKind::Saddle`].
///
/// ```
/// use nabla::optim::{classify, ClassifyTol, FnObjective, PointKind};
/// let mut f = FnObjective::new(1, |x: &[f64]| x[0].powi(3), |x: &[f64], g: &mut [f64]| {
///     g[0] = 3.0 * x[0] * x[0];
///     x[0].powi(3)
/// })
/// .with_hessian(|x: &[f64], g: &mut [f64], h: &mut [f64]| {
///     g[0] = 3.0 * x[0] * x[0];
///     h[0] = 6.0 * x[0];
///     x[0].powi(3)
/// });
/// assert_eq!(classify(&mut f, &[0.0], &ClassifyTol::default()).kind, PointKind::Degenerate);
/// ```
pub fn classify(obj: &mut dyn Objective, x: &[f64], tol: &ClassifyTol) -> Classification {
    let n = x.len();
    if n != obj.dim() {
        // A point of the wrong length cannot be evaluated; say nothing rather than guess.
        return Classification {
            kind: PointKind::Unknown,
            grad_norm: f64::NAN,
            eigenvalues: Vec::new(),
        };
    }
    let mut g = vec![0.0; n];
    let mut h = vec![0.0; n * n];
    let _ = obj.value_and_grad(x, &mut g);
    let grad_norm = max_norm(&g);
    if grad_norm.is_nan() || grad_norm > tol.grad_tol {
        return Classification {
            kind: PointKind::NotStationary,
            grad_norm,
            eigenvalues: Vec::new(),
        };
    }
    if obj.value_grad_hessian(x, &mut g, &mut h).is_none() {
        return Classification {
            kind: PointKind::Unknown,
            grad_norm,
            eigenvalues: Vec::new(),
        };
    }
    let Some((kind, eigenvalues)) = classify_hessian(&h, n, tol.zero_rel) else {
        return Classification {
            kind: PointKind::Degenerate,
            grad_norm,
            eigenvalues: Vec::new(),
        };
    };
    if kind == PointKind::Degenerate || grad_norm == 0.0 {
        return Classification {
            kind,
            grad_norm,
            eigenvalues,
        };
    }
    // Rule 4: re-evaluate the Hessian at the Newton point x - H^{-1} g.
    let Some(e) = symmetric_eigen(&h, n) else {
        return Classification {
            kind,
            grad_norm,
            eigenvalues,
        };
    };
    let mut x_new = x.to_vec();
    for j in 0..n {
        let qg: f64 = (0..n).map(|i| e.vectors[i * n + j] * g[i]).sum();
        let c = qg / e.values[j];
        for (i, xi) in x_new.iter_mut().enumerate() {
            *xi -= e.vectors[i * n + j] * c;
        }
    }
    let mut g2 = vec![0.0; n];
    let trusted = match obj.value_grad_hessian(&x_new, &mut g2, &mut h) {
        Some(_) => match symmetric_eigen(&h, n) {
            Some(e2) => e2
                .values
                .iter()
                .zip(&eigenvalues)
                .all(|(a, b)| (a - b).abs() <= tol.model_change * b.abs()),
            None => false,
        },
        None => true,
    };
    let kind = if trusted { kind } else { PointKind::Degenerate };
    Classification {
        kind,
        grad_norm,
        eigenvalues,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::FnObjective;

    #[test]
    fn definite_and_indefinite_hessians() {
        assert_eq!(
            classify_hessian(&[2.0, 1.0, 1.0, 2.0], 2, 1e-8).unwrap().0,
            PointKind::LocalMinimum
        );
        assert_eq!(
            classify_hessian(&[-2.0, 1.0, 1.0, -2.0], 2, 1e-8)
                .unwrap()
                .0,
            PointKind::LocalMaximum
        );
        assert_eq!(
            classify_hessian(&[1.0, 2.0, 2.0, 1.0], 2, 1e-8).unwrap().0,
            PointKind::Saddle
        );
        // Eigenvalues 0 and 2: singular.
        assert_eq!(
            classify_hessian(&[1.0, 1.0, 1.0, 1.0], 2, 1e-8).unwrap().0,
            PointKind::Degenerate
        );
        assert!(classify_hessian(&[f64::NAN], 1, 1e-8).is_none());
    }

    #[test]
    fn slow_approach_to_x_cubed_is_degenerate() {
        // Near x = 5.77e-5, f' = 3x^2 = 1e-8 (stationary by tolerance), f'' = 6x > 0, but the Newton
        // point is x/2 where f'' has halved.
        let mut f = FnObjective::new(
            1,
            |x: &[f64]| x[0].powi(3),
            |x: &[f64], g: &mut [f64]| {
                g[0] = 3.0 * x[0] * x[0];
                x[0].powi(3)
            },
        )
        .with_hessian(|x: &[f64], g: &mut [f64], h: &mut [f64]| {
            g[0] = 3.0 * x[0] * x[0];
            h[0] = 6.0 * x[0];
            x[0].powi(3)
        });
        let c = classify(&mut f, &[5.77e-5], &ClassifyTol::default());
        assert_eq!(c.kind, PointKind::Degenerate);
    }

    #[test]
    fn no_hessian_is_unknown() {
        let mut f = FnObjective::new(
            1,
            |x: &[f64]| x[0] * x[0],
            |x: &[f64], g: &mut [f64]| {
                g[0] = 2.0 * x[0];
                x[0] * x[0]
            },
        );
        assert_eq!(
            classify(&mut f, &[0.0], &ClassifyTol::default()).kind,
            PointKind::Unknown
        );
    }
}
