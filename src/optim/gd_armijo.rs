//! [`GdArmijo`] and its tests; the method is documented on it.

use crate::optim::{armijo::Armijo, dot, Iterate, Objective, OptimError, Optimizer, StepStatus};

/// Gradient descent with Armijo backtracking.
///
/// Steepest descent with a backtracking Armijo line search (Nocedal & Wright, algorithm 3.1):
/// `d = -g`, `x <- x + alpha d` with the first `alpha` of `alpha_0, alpha_0/2, ...` that decreases `f`
/// sufficiently. The first trial step of each iteration is twice the last accepted one (capped at the
/// initial `lr`; on the first iteration, at a unit-length step), so the step adapts to the curvature
/// instead of being fixed by hand.
///
/// Invariants: the value never increases; a failed search leaves the iterate untouched and reports
/// [`StepStatus::LineSearchFailed`].
///
/// ```
/// use nabla::optim::{minimize, FnObjective, Method, StopRule, StopReason};
/// let mut f = FnObjective::new(1, |x: &[f64]| (x[0] - 2.0).powi(2), |x: &[f64], g: &mut [f64]| {
///     g[0] = 2.0 * (x[0] - 2.0);
///     (x[0] - 2.0).powi(2)
/// });
/// let r = minimize(&mut f, &[0.0], &Method::parse("gd-armijo").unwrap(), &StopRule::default()).unwrap();
/// assert_eq!(r.stop, StopReason::GradientTolerance);
/// assert!((r.x[0] - 2.0).abs() < 1e-8);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct GdArmijo {
    /// The largest (and first) trial step.
    pub initial_step: f64,
    /// The backtracking parameters.
    pub armijo: Armijo,
    last: f64,
    d: Vec<f64>,
    trial: Vec<f64>,
}

impl GdArmijo {
    /// Armijo gradient descent with first trial step `initial_step` and sufficient-decrease constant `c1`.
    pub fn new(initial_step: f64, c1: f64) -> Self {
        GdArmijo {
            initial_step,
            armijo: Armijo {
                c1,
                ..Armijo::default()
            },
            last: initial_step,
            d: Vec::new(),
            trial: Vec::new(),
        }
    }
}

impl Default for GdArmijo {
    fn default() -> Self {
        GdArmijo::new(1.0, 1e-4)
    }
}

impl Optimizer for GdArmijo {
    fn name(&self) -> &'static str {
        "gd-armijo"
    }
    fn start(&mut self, _obj: &mut dyn Objective, it: &mut Iterate) -> Result<(), OptimError> {
        let n = it.x.len();
        self.d = vec![0.0; n];
        self.trial = vec![0.0; n];
        // The first trial moves at most unit length (as L-BFGS's first step), so a huge gradient at
        // the start does not throw the iterate into another basin.
        let gn = dot(&it.g, &it.g).sqrt();
        self.last = 0.5
            * if gn > 1.0 {
                self.initial_step.min(1.0 / gn)
            } else {
                self.initial_step
            };
        Ok(())
    }
    fn step(&mut self, obj: &mut dyn Objective, it: &mut Iterate, _iter: usize) -> StepStatus {
        if self.d.len() != it.x.len() && self.start(obj, it).is_err() {
            return StepStatus::LineSearchFailed;
        }
        for (di, gi) in self.d.iter_mut().zip(&it.g) {
            *di = -gi;
        }
        let slope = -dot(&it.g, &it.g);
        let alpha0 = (2.0 * self.last).min(self.initial_step);
        match self
            .armijo
            .search(obj, &it.x, it.f, &self.d, slope, alpha0, &mut self.trial)
        {
            Some((alpha, _)) => {
                self.last = alpha;
                std::mem::swap(&mut it.x, &mut self.trial);
                it.f = obj.value_and_grad(&it.x, &mut it.g);
                it.has_grad = true;
                StepStatus::Continue
            }
            None => StepStatus::LineSearchFailed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::FnObjective;

    #[test]
    fn one_step_on_a_quadratic_halves_until_decrease() {
        // f = 2x^2 at x = 1: g = 4, alpha 1 -> -3 (f 18), 0.5 -> -1 (f 2, not < 2 - tiny), 0.25 -> 0.
        let mut f = FnObjective::new(
            1,
            |x: &[f64]| 2.0 * x[0] * x[0],
            |x: &[f64], g: &mut [f64]| {
                g[0] = 4.0 * x[0];
                2.0 * x[0] * x[0]
            },
        );
        let mut opt = GdArmijo::default();
        let mut it = Iterate::new(vec![1.0]);
        it.f = f.value_and_grad(&it.x, &mut it.g);
        opt.start(&mut f, &mut it).unwrap();
        assert_eq!(opt.step(&mut f, &mut it, 0), StepStatus::Continue);
        assert_eq!((it.x[0], it.f, it.g[0]), (0.0, 0.0, 0.0));
    }
}
