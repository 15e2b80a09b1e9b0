//! [`NelderMead`] and its tests; the method is documented on it.

use crate::optim::{Iterate, Objective, OptimError, Optimizer, StepStatus};

/// Nelder-Mead state.
///
/// The Nelder-Mead downhill simplex method (Nelder & Mead 1965), derivative-free, with the standard
/// coefficients and the acceptance rules of Lagarias, Reeds, Wright & Wright (1998): reflection 1,
/// expansion 2, contraction 1/2, shrink 1/2.
///
/// The initial simplex is the start point plus, per coordinate, a step of 5% of that coordinate
/// (0.00025 when it is 0), as SciPy does. Invariants: the `n + 1` vertices are kept sorted by value
/// (NaN counts as +infinity, so a vertex outside the domain is always the worst); the iterate the
/// driver sees is the best vertex, so the reported value never increases; the run converges when the
/// simplex is smaller than `xtol * (1 + max |x_best|)` and its value spread below
/// `ftol * (1 + |f_best|)`. The gradient is not used (the driver evaluates it once at the end for the
/// report).
///
/// ```
/// use nabla::optim::{minimize, FnObjective, Method, StopRule, StopReason};
/// let mut f = FnObjective::new(2, |x: &[f64]| (x[0] - 1.0).powi(2) + (x[1] + 2.0).powi(2),
///     |x: &[f64], g: &mut [f64]| {
///         g[0] = 2.0 * (x[0] - 1.0);
///         g[1] = 2.0 * (x[1] + 2.0);
///         (x[0] - 1.0).powi(2) + (x[1] + 2.0).powi(2)
///     });
/// let r = minimize(&mut f, &[0.0, 0.0], &Method::parse("nelder-mead").unwrap(), &StopRule::default()).unwrap();
/// assert_eq!(r.stop, StopReason::SimplexCollapsed);
/// assert!((r.x[0] - 1.0).abs() < 1e-8 && (r.x[1] + 2.0).abs() < 1e-8);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct NelderMead {
    /// Relative size of the initial simplex.
    pub initial_step: f64,
    /// Simplex size tolerance (relative to `1 + max |x_best|`).
    pub xtol: f64,
    /// Value spread tolerance (relative to `1 + |f_best|`).
    pub ftol: f64,
    n: usize,
    simplex: Vec<f64>,
    fvals: Vec<f64>,
    centroid: Vec<f64>,
    xr: Vec<f64>,
    xe: Vec<f64>,
}

impl NelderMead {
    /// Nelder-Mead with relative initial step and the two convergence tolerances.
    pub fn new(initial_step: f64, xtol: f64, ftol: f64) -> Self {
        NelderMead {
            initial_step,
            xtol,
            ftol,
            n: 0,
            simplex: Vec::new(),
            fvals: Vec::new(),
            centroid: Vec::new(),
            xr: Vec::new(),
            xe: Vec::new(),
        }
    }

    fn eval(obj: &mut dyn Objective, x: &[f64]) -> f64 {
        let f = obj.value(x);
        if f.is_nan() {
            f64::INFINITY
        } else {
            f
        }
    }

    /// Insertion sort of the vertices by value (stable: ties keep the older vertex first).
    fn sort(&mut self) {
        let n = self.n;
        for i in 1..=n {
            let mut j = i;
            while j > 0 && self.fvals[j] < self.fvals[j - 1] {
                self.fvals.swap(j, j - 1);
                for k in 0..n {
                    self.simplex.swap(j * n + k, (j - 1) * n + k);
                }
                j -= 1;
            }
        }
    }

    fn converged(&self) -> bool {
        let n = self.n;
        let best = &self.simplex[..n];
        let scale = 1.0 + best.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        let mut size = 0.0_f64;
        for vertex in self.simplex[n..].chunks_exact(n.max(1)) {
            for (v, b) in vertex.iter().zip(best) {
                size = size.max((v - b).abs());
            }
        }
        let spread = self.fvals[n] - self.fvals[0];
        size <= self.xtol * scale && spread <= self.ftol * (1.0 + self.fvals[0].abs())
    }

    /// Writes `c + t (c - x_worst)` into `out`.
    fn along(&self, t: f64, out: &mut [f64]) {
        let n = self.n;
        let worst = &self.simplex[n * n..(n + 1) * n];
        for ((o, c), w) in out.iter_mut().zip(&self.centroid).zip(worst) {
            *o = c + t * (c - w);
        }
    }

    fn replace_worst(&mut self, from_xe: bool, f: f64) {
        let n = self.n;
        let src = if from_xe { &self.xe } else { &self.xr };
        self.simplex[n * n..(n + 1) * n].copy_from_slice(src);
        self.fvals[n] = f;
    }
}

impl Default for NelderMead {
    fn default() -> Self {
        NelderMead::new(0.05, 1e-10, 1e-14)
    }
}

impl Optimizer for NelderMead {
    fn name(&self) -> &'static str {
        "nelder-mead"
    }
    fn uses_gradient(&self) -> bool {
        false
    }
    fn start(&mut self, obj: &mut dyn Objective, it: &mut Iterate) -> Result<(), OptimError> {
        let n = it.x.len();
        self.n = n;
        self.simplex = vec![0.0; (n + 1) * n];
        self.fvals = vec![0.0; n + 1];
        self.centroid = vec![0.0; n];
        self.xr = vec![0.0; n];
        self.xe = vec![0.0; n];
        for i in 0..=n {
            self.simplex[i * n..(i + 1) * n].copy_from_slice(&it.x);
            if i > 0 {
                let v = &mut self.simplex[i * n + i - 1];
                *v = if *v != 0.0 {
                    *v * (1.0 + self.initial_step)
                } else {
                    0.00025
                };
            }
        }
        self.fvals[0] = it.f;
        for i in 1..=n {
            self.fvals[i] = Self::eval(obj, &self.simplex[i * n..(i + 1) * n]);
        }
        self.sort();
        if it.x[..] != self.simplex[..n] {
            it.has_grad = false;
        }
        it.x.copy_from_slice(&self.simplex[..n]);
        it.f = self.fvals[0];
        Ok(())
    }

    fn step(&mut self, obj: &mut dyn Objective, it: &mut Iterate, _iter: usize) -> StepStatus {
        if self.n != it.x.len()
            || self.fvals.len() != it.x.len() + 1 && self.start(obj, it).is_err()
        {
            return StepStatus::LineSearchFailed;
        }
        let n = self.n;
        if n == 0 || self.converged() {
            return StepStatus::Converged;
        }
        self.centroid.fill(0.0);
        for i in 0..n {
            for k in 0..n {
                self.centroid[k] += self.simplex[i * n + k];
            }
        }
        for c in self.centroid.iter_mut() {
            *c /= n as f64;
        }
        let mut xr = std::mem::take(&mut self.xr);
        self.along(1.0, &mut xr);
        self.xr = xr;
        let fr = Self::eval(obj, &self.xr);
        let (f0, f_second, f_worst) = (self.fvals[0], self.fvals[n - 1], self.fvals[n]);
        let mut shrink = false;
        if fr < f0 {
            let mut xe = std::mem::take(&mut self.xe);
            self.along(2.0, &mut xe);
            self.xe = xe;
            let fe = Self::eval(obj, &self.xe);
            if fe < fr {
                self.replace_worst(true, fe);
            } else {
                self.replace_worst(false, fr);
            }
        } else if fr < f_second {
            self.replace_worst(false, fr);
        } else {
            // Contraction: outside (toward the reflected point) or inside (toward the worst vertex).
            let outside = fr < f_worst;
            let mut xe = std::mem::take(&mut self.xe);
            self.along(if outside { 0.5 } else { -0.5 }, &mut xe);
            self.xe = xe;
            let fc = Self::eval(obj, &self.xe);
            if (outside && fc <= fr) || (!outside && fc < f_worst) {
                self.replace_worst(true, fc);
            } else {
                shrink = true;
            }
        }
        if shrink {
            for i in 1..=n {
                for k in 0..n {
                    let b = self.simplex[k];
                    let v = &mut self.simplex[i * n + k];
                    *v = b + 0.5 * (*v - b);
                }
                self.fvals[i] = Self::eval(obj, &self.simplex[i * n..(i + 1) * n]);
            }
        }
        self.sort();
        let moved = it.x[..] != self.simplex[..n];
        it.x.copy_from_slice(&self.simplex[..n]);
        it.f = self.fvals[0];
        if moved {
            it.has_grad = false;
        }
        StepStatus::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::FnObjective;

    #[test]
    fn expansion_replaces_the_worst_vertex() {
        // f = x + 2y from (1, 1): vertices (1,1) f 3, (1.05,1) f 3.05, (1,1.05) f 3.1.
        // Centroid of the best two (1.025, 1); reflection (1.05, 0.95) has f 2.95 < 3, so expand to
        // (1.075, 0.9) with f 2.875 < 2.95: accepted, and it is the new best vertex.
        let mut f = FnObjective::new(
            2,
            |x: &[f64]| x[0] + 2.0 * x[1],
            |x: &[f64], g: &mut [f64]| {
                g.copy_from_slice(&[1.0, 2.0]);
                x[0] + 2.0 * x[1]
            },
        );
        let mut nm = NelderMead::default();
        let mut it = Iterate::new(vec![1.0, 1.0]);
        it.f = 3.0;
        nm.start(&mut f, &mut it).unwrap();
        assert_eq!(nm.step(&mut f, &mut it, 0), StepStatus::Continue);
        assert!((it.x[0] - 1.075).abs() < 1e-14 && (it.x[1] - 0.9).abs() < 1e-14);
        assert!((it.f - 2.875).abs() < 1e-14);
        assert!(!it.has_grad);
    }
}
