//! [`Armijo`] and its tests; the method is documented on it.

use crate::optim::Objective;

/// Parameters of the backtracking search.
///
/// Backtracking line search with the Armijo sufficient-decrease condition (Nocedal & Wright,
/// *Numerical Optimization*, 2nd ed., algorithm 3.1): from a trial step `alpha0`, shrink `alpha` by
/// `shrink` until `f(x + alpha d) <= f(x) + c1 * alpha * g.d`.
///
/// Invariants: `d` must be a descent direction (`g.d < 0`, else the search fails at once); a trial point
/// with a NaN or infinite value never satisfies the condition; at most `max_steps` values are evaluated;
/// on success the accepted point is left in the caller's `trial` buffer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Armijo {
    /// Sufficient-decrease constant, in (0, 1).
    pub c1: f64,
    /// Factor applied to `alpha` after each rejected trial, in (0, 1).
    pub shrink: f64,
    /// Most trial points evaluated.
    pub max_steps: usize,
}

impl Default for Armijo {
    fn default() -> Self {
        Armijo {
            c1: 1e-4,
            shrink: 0.5,
            max_steps: 60,
        }
    }
}

impl Armijo {
    /// Searches along `d` from `x` (value `f`, directional derivative `slope = g.d`), first trying
    /// `alpha0`. Returns the accepted `(alpha, f(x + alpha d))` with the point in `trial`, or `None`.
    ///
    /// ```
    /// use nabla::optim::{Armijo, FnObjective};
    /// let mut f = FnObjective::new(1, |x: &[f64]| x[0] * x[0], |x: &[f64], g: &mut [f64]| {
    ///     g[0] = 2.0 * x[0];
    ///     x[0] * x[0]
    /// });
    /// let mut trial = [0.0];
    /// // From x = 1 along d = -2: alpha 1 overshoots to -1 (no decrease), alpha 0.5 lands on 0.
    /// let (alpha, fa) = Armijo::default().search(&mut f, &[1.0], 1.0, &[-2.0], -4.0, 1.0, &mut trial).unwrap();
    /// assert_eq!((alpha, fa, trial[0]), (0.5, 0.0, 0.0));
    /// ```
    #[allow(clippy::too_many_arguments)]
    pub fn search(
        &self,
        obj: &mut dyn Objective,
        x: &[f64],
        f: f64,
        d: &[f64],
        slope: f64,
        alpha0: f64,
        trial: &mut [f64],
    ) -> Option<(f64, f64)> {
        let usable = slope < 0.0 && slope.is_finite() && alpha0 > 0.0;
        if !usable {
            return None;
        }
        let mut alpha = alpha0;
        for _ in 0..self.max_steps {
            for ((t, xi), di) in trial.iter_mut().zip(x).zip(d) {
                *t = xi + alpha * di;
            }
            let fa = obj.value(trial);
            if fa.is_finite() && fa <= f + self.c1 * alpha * slope {
                return Some((alpha, fa));
            }
            alpha *= self.shrink;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::FnObjective;

    #[test]
    fn rejects_ascent_direction_and_nan_values() {
        let mut f = FnObjective::new(
            1,
            |x: &[f64]| {
                if x[0] < 0.0 {
                    f64::NAN
                } else {
                    (x[0] - 1.0).powi(2)
                }
            },
            |x: &[f64], g: &mut [f64]| {
                g[0] = 2.0 * (x[0] - 1.0);
                (x[0] - 1.0).powi(2)
            },
        );
        let mut t = [0.0];
        let ls = Armijo::default();
        assert!(ls
            .search(&mut f, &[3.0], 4.0, &[1.0], 4.0, 1.0, &mut t)
            .is_none());
        // From 3 along -4 with alpha 1 the trial is -1 (NaN): backtrack to 0.5 -> x = 1.
        let (alpha, fa) = ls
            .search(&mut f, &[3.0], 4.0, &[-4.0], -16.0, 1.0, &mut t)
            .unwrap();
        assert_eq!((alpha, fa), (0.5, 0.0));
    }
}
