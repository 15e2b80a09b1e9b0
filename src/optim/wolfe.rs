//! [`StrongWolfe`] and its tests; the method is documented on it.

use crate::optim::{dot, Objective};

/// Parameters of the strong-Wolfe search.
///
/// Line search for the strong Wolfe conditions (Nocedal & Wright, *Numerical Optimization*, 2nd ed.,
/// algorithm 3.5 with `zoom`, algorithm 3.6, and the safeguarded cubic interpolation of eq. 3.59):
/// find `alpha` with `phi(alpha) <= phi(0) + c1 alpha phi'(0)` and `|phi'(alpha)| <= c2 |phi'(0)|`,
/// where `phi(alpha) = f(x + alpha d)`.
///
/// Invariants: the search starts only from a descent direction; NaN or infinite trial values count as
/// "too far" (the bracket shrinks); at most `max_evals` value-and-gradient evaluations; on success the
/// accepted point and its gradient are in the caller's `trial_x` and `trial_g` buffers. When the budget
/// runs out after sufficient decrease was found, that point is accepted (one more evaluation), as a
/// weaker but still descending step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StrongWolfe {
    /// Sufficient-decrease constant, in (0, c2).
    pub c1: f64,
    /// Curvature constant, in (c1, 1); 0.9 for quasi-Newton methods.
    pub c2: f64,
    /// Most value-and-gradient evaluations per search.
    pub max_evals: usize,
    /// Largest step tried.
    pub alpha_max: f64,
}

impl Default for StrongWolfe {
    fn default() -> Self {
        StrongWolfe {
            c1: 1e-4,
            c2: 0.9,
            max_evals: 40,
            alpha_max: 1e10,
        }
    }
}

/// One evaluated trial: step, value, directional derivative.
#[derive(Debug, Clone, Copy)]
struct Sample {
    a: f64,
    f: f64,
    d: f64,
}

/// Buffers and counters of one search.
struct Ctx<'a> {
    obj: &'a mut dyn Objective,
    x: &'a [f64],
    dir: &'a [f64],
    xt: &'a mut [f64],
    gt: &'a mut [f64],
    evals: usize,
}

impl Ctx<'_> {
    fn eval(&mut self, a: f64) -> Sample {
        for ((t, xi), di) in self.xt.iter_mut().zip(self.x).zip(self.dir) {
            *t = xi + a * di;
        }
        self.evals += 1;
        let f = self.obj.value_and_grad(self.xt, self.gt);
        let d = dot(self.gt, self.dir);
        if f.is_finite() && d.is_finite() {
            Sample { a, f, d }
        } else {
            Sample {
                a,
                f: f64::INFINITY,
                d: f64::NAN,
            }
        }
    }
}

impl StrongWolfe {
    /// Searches along `d` from `x` (value `f0`, directional derivative `slope0 = g.d < 0`), trying
    /// `alpha0` first. Returns the accepted `(alpha, f)`; the point and its gradient are left in
    /// `trial_x` and `trial_g`.
    ///
    /// ```
    /// use nabla::optim::{FnObjective, StrongWolfe};
    /// let mut f = FnObjective::new(1, |x: &[f64]| x[0] * x[0], |x: &[f64], g: &mut [f64]| {
    ///     g[0] = 2.0 * x[0];
    ///     x[0] * x[0]
    /// });
    /// let (mut xt, mut gt) = ([0.0], [0.0]);
    /// let (alpha, fa) = StrongWolfe::default()
    ///     .search(&mut f, &[1.0], 1.0, &[-1.0], -2.0, 1.0, &mut xt, &mut gt)
    ///     .unwrap();
    /// assert_eq!((alpha, fa, xt[0], gt[0]), (1.0, 0.0, 0.0, 0.0));
    /// ```
    #[allow(clippy::too_many_arguments)]
    pub fn search(
        &self,
        obj: &mut dyn Objective,
        x: &[f64],
        f0: f64,
        d: &[f64],
        slope0: f64,
        alpha0: f64,
        trial_x: &mut [f64],
        trial_g: &mut [f64],
    ) -> Option<(f64, f64)> {
        let usable = slope0 < 0.0 && slope0.is_finite() && alpha0 > 0.0;
        if !usable {
            return None;
        }
        let mut ctx = Ctx {
            obj,
            x,
            dir: d,
            xt: trial_x,
            gt: trial_g,
            evals: 0,
        };
        let mut prev = Sample {
            a: 0.0,
            f: f0,
            d: slope0,
        };
        let mut a = alpha0.min(self.alpha_max);
        let mut first = true;
        while ctx.evals < self.max_evals {
            let cur = ctx.eval(a);
            if cur.f > f0 + self.c1 * cur.a * slope0 || (!first && cur.f >= prev.f) {
                return self.zoom(&mut ctx, f0, slope0, prev, cur);
            }
            if cur.d.abs() <= -self.c2 * slope0 {
                return Some((cur.a, cur.f));
            }
            if cur.d >= 0.0 {
                return self.zoom(&mut ctx, f0, slope0, cur, prev);
            }
            if a >= self.alpha_max {
                // Still descending with sufficient decrease at the largest step: accept it (the
                // function may fall without bound along `d`; the caller's stop rules decide).
                return Some((cur.a, cur.f));
            }
            prev = cur;
            first = false;
            a = (2.0 * a).min(self.alpha_max);
        }
        None
    }

    /// Algorithm 3.6: `lo` satisfies sufficient decrease and has the lowest value so far; the minimizer
    /// lies between `lo.a` and `hi.a`.
    fn zoom(
        &self,
        ctx: &mut Ctx<'_>,
        f0: f64,
        slope0: f64,
        mut lo: Sample,
        mut hi: Sample,
    ) -> Option<(f64, f64)> {
        while ctx.evals < self.max_evals {
            let width = (hi.a - lo.a).abs();
            if width <= f64::EPSILON * lo.a.abs().max(hi.a.abs()) {
                break;
            }
            let a = interpolate(lo, hi);
            let cur = ctx.eval(a);
            if cur.f > f0 + self.c1 * cur.a * slope0 || cur.f >= lo.f {
                hi = cur;
            } else {
                if cur.d.abs() <= -self.c2 * slope0 {
                    return Some((cur.a, cur.f));
                }
                if cur.d * (hi.a - lo.a) >= 0.0 {
                    hi = lo;
                }
                lo = cur;
            }
        }
        // Budget spent or bracket collapsed: accept the best point with sufficient decrease, if any.
        if lo.a > 0.0 && lo.f < f0 {
            let s = ctx.eval(lo.a);
            if s.f.is_finite() {
                return Some((s.a, s.f));
            }
        }
        None
    }
}

/// Minimizer of the cubic through two samples (eq. 3.59), kept inside the middle 80% of the bracket;
/// bisection when the cubic is undefined (non-finite values, complex roots).
fn interpolate(lo: Sample, hi: Sample) -> f64 {
    let (a0, a1) = (lo.a, hi.a);
    let (left, right) = if a0 < a1 { (a0, a1) } else { (a1, a0) };
    let margin = 0.1 * (right - left);
    let mid = 0.5 * (a0 + a1);
    if !(lo.f.is_finite() && hi.f.is_finite() && lo.d.is_finite() && hi.d.is_finite()) {
        return mid;
    }
    let d1 = lo.d + hi.d - 3.0 * (lo.f - hi.f) / (a0 - a1);
    let disc = d1 * d1 - lo.d * hi.d;
    if disc.is_nan() || disc < 0.0 {
        return mid;
    }
    let d2 = (a1 - a0).signum() * disc.sqrt();
    let a = a1 - (a1 - a0) * (hi.d + d2 - d1) / (hi.d - lo.d + 2.0 * d2);
    if a.is_finite() && a >= left + margin && a <= right - margin {
        a
    } else {
        mid
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::FnObjective;

    #[test]
    fn accepted_step_satisfies_strong_wolfe() {
        // phi(a) = f(x - a g) on a badly scaled quadratic; check both conditions on the result.
        let mut f = FnObjective::new(
            2,
            |x: &[f64]| x[0] * x[0] + 100.0 * x[1] * x[1],
            |x: &[f64], g: &mut [f64]| {
                g[0] = 2.0 * x[0];
                g[1] = 200.0 * x[1];
                x[0] * x[0] + 100.0 * x[1] * x[1]
            },
        );
        let x = [1.0, 1.0];
        let d = [-2.0, -200.0];
        let slope = -(4.0 + 40000.0);
        let ls = StrongWolfe::default();
        let (mut xt, mut gt) = ([0.0; 2], [0.0; 2]);
        let (a, fa) = ls
            .search(&mut f, &x, 101.0, &d, slope, 1.0, &mut xt, &mut gt)
            .unwrap();
        assert!(fa <= 101.0 + ls.c1 * a * slope);
        assert!(dot(&gt, &d).abs() <= ls.c2 * slope.abs());
        assert_eq!(xt, [x[0] + a * d[0], x[1] + a * d[1]]);
    }

    #[test]
    fn interpolation_finds_quadratic_minimum() {
        // phi(a) = (a - 0.3)^2: samples at 0 and 1.
        let lo = Sample {
            a: 0.0,
            f: 0.09,
            d: -0.6,
        };
        let hi = Sample {
            a: 1.0,
            f: 0.49,
            d: 1.4,
        };
        assert!((interpolate(lo, hi) - 0.3).abs() < 1e-12);
    }
}
