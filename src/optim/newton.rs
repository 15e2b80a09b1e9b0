//! [`Newton`] and its tests; the method is documented on it.

use crate::optim::eigen::{cholesky, cholesky_solve, jacobi_in_place};
use crate::optim::{armijo::Armijo, dot, Iterate, Objective, OptimError, Optimizer, StepStatus};

/// Modified Newton's method.
///
/// Newton's method on the exact Hessian with a modified Hessian and a backtracking line search
/// (Nocedal & Wright, section 3.4, algorithm 3.2 with the eigenvalue modification of eq. 3.41).
///
/// Each iteration factors the Hessian `H` by Cholesky; when that fails (`H` not positive definite), the
/// symmetric eigen-decomposition `H = Q diag(l) Q^T` ([`jacobi_in_place`]) is modified to
/// `Q diag(max(|l|, delta)) Q^T` with `delta = sqrt(eps_mach) * max(1, max |l|)` (flipping negative
/// curvature, as Murray 2010 / the "saddle-free" variant, so the direction points downhill out of a
/// saddle). The step `x <- x + alpha d`, `d = -B^{-1} g`, takes the first `alpha` of `1, 1/2, ...` that
/// satisfies the Armijo condition, so the full Newton step (and quadratic convergence) is used near a
/// nondegenerate minimum.
///
/// Invariants: needs [`Objective::value_grad_hessian`] (else [`OptimError::HessianUnavailable`] at
/// start); one Hessian evaluation per iteration; workspaces sized once.
///
/// ```
/// use nabla::optim::{minimize, FnObjective, Method, StopRule, StopReason};
/// let mut f = FnObjective::new(1, |x: &[f64]| x[0].powi(4) - 2.0 * x[0] * x[0],
///     |x: &[f64], g: &mut [f64]| { g[0] = 4.0 * x[0].powi(3) - 4.0 * x[0]; x[0].powi(4) - 2.0 * x[0] * x[0] })
///     .with_hessian(|x: &[f64], g: &mut [f64], h: &mut [f64]| {
///         g[0] = 4.0 * x[0].powi(3) - 4.0 * x[0];
///         h[0] = 12.0 * x[0] * x[0] - 4.0;
///         x[0].powi(4) - 2.0 * x[0] * x[0]
///     });
/// // From 0.1 the Hessian is negative: plain Newton would climb to the maximum at 0.
/// let r = minimize(&mut f, &[0.1], &Method::parse("newton").unwrap(), &StopRule::default()).unwrap();
/// assert_eq!(r.stop, StopReason::GradientTolerance);
/// assert!((r.x[0] - 1.0).abs() < 1e-9);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Newton {
    /// The backtracking parameters.
    pub armijo: Armijo,
    n: usize,
    h: Vec<f64>,
    work: Vec<f64>,
    values: Vec<f64>,
    vectors: Vec<f64>,
    tmp: Vec<f64>,
    d: Vec<f64>,
    trial: Vec<f64>,
}

impl Newton {
    /// Newton's method with sufficient-decrease constant `c1`.
    pub fn new(c1: f64) -> Self {
        Newton {
            armijo: Armijo {
                c1,
                ..Armijo::default()
            },
            n: 0,
            h: Vec::new(),
            work: Vec::new(),
            values: Vec::new(),
            vectors: Vec::new(),
            tmp: Vec::new(),
            d: Vec::new(),
            trial: Vec::new(),
        }
    }

    /// `d = -B^{-1} g` with `B` the Hessian or its eigenvalue modification. `false` if `H` is not finite.
    fn direction(&mut self, g: &[f64]) -> bool {
        let n = self.n;
        self.work.copy_from_slice(&self.h);
        if cholesky(&mut self.work, n) {
            self.d.copy_from_slice(g);
            cholesky_solve(&self.work, n, &mut self.d);
        } else {
            self.work.copy_from_slice(&self.h);
            if !jacobi_in_place(&mut self.work, n, &mut self.values, &mut self.vectors) {
                return false;
            }
            let scale = self.values.iter().fold(1.0_f64, |m, v| m.max(v.abs()));
            let delta = f64::EPSILON.sqrt() * scale;
            // tmp = diag(1 / max(|l|, delta)) Q^T g; d = Q tmp.
            for (j, (t, l)) in self.tmp.iter_mut().zip(&self.values).enumerate() {
                let qg: f64 = g
                    .iter()
                    .enumerate()
                    .map(|(i, gi)| self.vectors[i * n + j] * gi)
                    .sum();
                *t = qg / l.abs().max(delta);
            }
            for (row, di) in self.vectors.chunks_exact(n.max(1)).zip(self.d.iter_mut()) {
                *di = row.iter().zip(&self.tmp).map(|(q, t)| q * t).sum();
            }
        }
        for di in self.d.iter_mut() {
            *di = -*di;
        }
        true
    }
}

impl Default for Newton {
    fn default() -> Self {
        Newton::new(1e-4)
    }
}

impl Optimizer for Newton {
    fn name(&self) -> &'static str {
        "newton"
    }
    fn start(&mut self, obj: &mut dyn Objective, it: &mut Iterate) -> Result<(), OptimError> {
        let n = it.x.len();
        self.n = n;
        self.h = vec![0.0; n * n];
        self.work = vec![0.0; n * n];
        self.vectors = vec![0.0; n * n];
        self.values = vec![0.0; n];
        self.tmp = vec![0.0; n];
        self.d = vec![0.0; n];
        self.trial = vec![0.0; n];
        match obj.value_grad_hessian(&it.x, &mut it.g, &mut self.h) {
            Some(f) => {
                it.f = f;
                it.has_grad = true;
                Ok(())
            }
            None => Err(OptimError::HessianUnavailable),
        }
    }

    fn step(&mut self, obj: &mut dyn Objective, it: &mut Iterate, _iter: usize) -> StepStatus {
        if self.d.len() != it.x.len() && self.start(obj, it).is_err() {
            return StepStatus::LineSearchFailed;
        }
        if !self.direction(&it.g) {
            return StepStatus::LineSearchFailed;
        }
        let mut slope = dot(&it.g, &self.d);
        let descent = slope < 0.0;
        if !descent {
            for (di, gi) in self.d.iter_mut().zip(&it.g) {
                *di = -gi;
            }
            slope = -dot(&it.g, &it.g);
        }
        match self
            .armijo
            .search(obj, &it.x, it.f, &self.d, slope, 1.0, &mut self.trial)
        {
            Some(_) => {
                std::mem::swap(&mut it.x, &mut self.trial);
                match obj.value_grad_hessian(&it.x, &mut it.g, &mut self.h) {
                    Some(f) => it.f = f,
                    None => it.f = f64::NAN,
                }
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

    fn quad() -> impl Objective {
        // f = x^2 + x*y + 2 y^2 - x: H = [[2, 1], [1, 4]], minimum where 2x + y = 1, x + 4y = 0.
        FnObjective::new(
            2,
            |x: &[f64]| x[0] * x[0] + x[0] * x[1] + 2.0 * x[1] * x[1] - x[0],
            |x: &[f64], g: &mut [f64]| {
                g[0] = 2.0 * x[0] + x[1] - 1.0;
                g[1] = x[0] + 4.0 * x[1];
                x[0] * x[0] + x[0] * x[1] + 2.0 * x[1] * x[1] - x[0]
            },
        )
        .with_hessian(|x: &[f64], g: &mut [f64], h: &mut [f64]| {
            g[0] = 2.0 * x[0] + x[1] - 1.0;
            g[1] = x[0] + 4.0 * x[1];
            h.copy_from_slice(&[2.0, 1.0, 1.0, 4.0]);
            x[0] * x[0] + x[0] * x[1] + 2.0 * x[1] * x[1] - x[0]
        })
    }

    #[test]
    fn one_step_solves_a_quadratic() {
        let mut f = quad();
        let mut opt = Newton::default();
        let mut it = Iterate::new(vec![5.0, -3.0]);
        opt.start(&mut f, &mut it).unwrap();
        assert_eq!(opt.step(&mut f, &mut it, 0), StepStatus::Continue);
        // Closed form: x = 4/7, y = -1/7.
        assert!((it.x[0] - 4.0 / 7.0).abs() < 1e-14 && (it.x[1] + 1.0 / 7.0).abs() < 1e-14);
    }

    #[test]
    fn modified_direction_descends_at_a_saddle_region() {
        // f = x^2 - y^2 at (1, 1): H indefinite; modified B = diag(2, 2): d = -(2, -2)/2 = (-1, 1).
        let mut f = FnObjective::new(
            2,
            |x: &[f64]| x[0] * x[0] - x[1] * x[1],
            |x: &[f64], g: &mut [f64]| {
                g[0] = 2.0 * x[0];
                g[1] = -2.0 * x[1];
                x[0] * x[0] - x[1] * x[1]
            },
        )
        .with_hessian(|x: &[f64], g: &mut [f64], h: &mut [f64]| {
            g[0] = 2.0 * x[0];
            g[1] = -2.0 * x[1];
            h.copy_from_slice(&[2.0, 0.0, 0.0, -2.0]);
            x[0] * x[0] - x[1] * x[1]
        });
        let mut opt = Newton::default();
        let mut it = Iterate::new(vec![1.0, 1.0]);
        opt.start(&mut f, &mut it).unwrap();
        assert!(opt.direction(&it.g.clone()));
        assert!((opt.d[0] + 1.0).abs() < 1e-15 && (opt.d[1] - 1.0).abs() < 1e-15);
    }

    #[test]
    fn no_hessian_is_an_error() {
        let mut f = FnObjective::new(
            1,
            |x: &[f64]| x[0],
            |x: &[f64], g: &mut [f64]| {
                g[0] = 1.0;
                x[0]
            },
        );
        let mut it = Iterate::new(vec![0.0]);
        assert_eq!(
            Newton::default().start(&mut f, &mut it),
            Err(OptimError::HessianUnavailable)
        );
    }
}
