//! [`Lbfgs`] and its tests; the method is documented on it.

use crate::optim::{
    dot, wolfe::StrongWolfe, Iterate, Objective, OptimError, Optimizer, StepStatus,
};

/// L-BFGS state.
///
/// Limited-memory BFGS (Nocedal 1980; Liu & Nocedal 1989) with the two-loop recursion of Nocedal &
/// Wright, algorithm 7.4, the initial scaling `H0 = (s.y / y.y) I` of eq. 7.20, and the strong-Wolfe line
/// search of algorithms 3.5/3.6 ([`StrongWolfe`]).
///
/// Invariants: the `m` most recent pairs `(s, y)` live in fixed ring buffers sized in `start` (no
/// allocation per iteration); a pair is stored only when `s.y > 0` (curvature condition, which the Wolfe
/// conditions guarantee in exact arithmetic), so the implicit inverse Hessian stays positive definite;
/// when the direction is not a descent direction or the search fails, the memory is cleared and one
/// steepest-descent search is tried before reporting failure. Default memory `m = 10` (as SciPy).
///
/// ```
/// use nabla::optim::{minimize, FnObjective, Method, StopRule, StopReason};
/// // Rosenbrock from (-1.2, 1).
/// let mut f = FnObjective::new(2,
///     |x: &[f64]| (1.0 - x[0]).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2),
///     |x: &[f64], g: &mut [f64]| {
///         let t = x[1] - x[0] * x[0];
///         g[0] = -2.0 * (1.0 - x[0]) - 400.0 * x[0] * t;
///         g[1] = 200.0 * t;
///         (1.0 - x[0]).powi(2) + 100.0 * t * t
///     });
/// let r = minimize(&mut f, &[-1.2, 1.0], &Method::parse("lbfgs").unwrap(), &StopRule::default()).unwrap();
/// assert_eq!(r.stop, StopReason::GradientTolerance);
/// assert!((r.x[0] - 1.0).abs() < 1e-7 && (r.x[1] - 1.0).abs() < 1e-7);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Lbfgs {
    /// Number of stored correction pairs.
    pub memory: usize,
    /// The line search.
    pub wolfe: StrongWolfe,
    n: usize,
    s: Vec<f64>,
    y: Vec<f64>,
    rho: Vec<f64>,
    alpha: Vec<f64>,
    head: usize,
    len: usize,
    d: Vec<f64>,
    xt: Vec<f64>,
    gt: Vec<f64>,
}

impl Lbfgs {
    /// L-BFGS with `memory` pairs and Wolfe constants `c1`, `c2`.
    pub fn new(memory: usize, c1: f64, c2: f64) -> Self {
        Lbfgs {
            memory: memory.max(1),
            wolfe: StrongWolfe {
                c1,
                c2,
                ..StrongWolfe::default()
            },
            n: 0,
            s: Vec::new(),
            y: Vec::new(),
            rho: Vec::new(),
            alpha: Vec::new(),
            head: 0,
            len: 0,
            d: Vec::new(),
            xt: Vec::new(),
            gt: Vec::new(),
        }
    }

    /// Slot of the `k`-th newest pair (`k = 0` newest).
    fn slot(&self, k: usize) -> usize {
        (self.head + self.memory - 1 - k) % self.memory
    }

    /// `d = -H g` by the two-loop recursion (algorithm 7.4).
    fn direction(&mut self, g: &[f64]) {
        let n = self.n;
        self.d.copy_from_slice(g);
        for k in 0..self.len {
            let j = self.slot(k);
            let s = &self.s[j * n..(j + 1) * n];
            let y = &self.y[j * n..(j + 1) * n];
            let a = self.rho[j] * dot(s, &self.d);
            self.alpha[j] = a;
            for (di, yi) in self.d.iter_mut().zip(y) {
                *di -= a * yi;
            }
        }
        if self.len > 0 {
            let j = self.slot(0);
            let s = &self.s[j * n..(j + 1) * n];
            let y = &self.y[j * n..(j + 1) * n];
            let gamma = dot(s, y) / dot(y, y);
            for di in self.d.iter_mut() {
                *di *= gamma;
            }
        }
        for k in (0..self.len).rev() {
            let j = self.slot(k);
            let s = &self.s[j * n..(j + 1) * n];
            let y = &self.y[j * n..(j + 1) * n];
            let b = self.rho[j] * dot(y, &self.d);
            let a = self.alpha[j];
            for (di, si) in self.d.iter_mut().zip(s) {
                *di += si * (a - b);
            }
        }
        for di in self.d.iter_mut() {
            *di = -*di;
        }
    }

    fn steepest(&mut self, g: &[f64]) {
        for (di, gi) in self.d.iter_mut().zip(g) {
            *di = -gi;
        }
    }
}

impl Default for Lbfgs {
    fn default() -> Self {
        Lbfgs::new(10, 1e-4, 0.9)
    }
}

impl Optimizer for Lbfgs {
    fn name(&self) -> &'static str {
        "lbfgs"
    }
    fn start(&mut self, _obj: &mut dyn Objective, it: &mut Iterate) -> Result<(), OptimError> {
        let n = it.x.len();
        self.n = n;
        self.s = vec![0.0; self.memory * n];
        self.y = vec![0.0; self.memory * n];
        self.rho = vec![0.0; self.memory];
        self.alpha = vec![0.0; self.memory];
        self.head = 0;
        self.len = 0;
        self.d = vec![0.0; n];
        self.xt = vec![0.0; n];
        self.gt = vec![0.0; n];
        Ok(())
    }

    fn step(&mut self, obj: &mut dyn Objective, it: &mut Iterate, _iter: usize) -> StepStatus {
        if self.d.len() != it.x.len() && self.start(obj, it).is_err() {
            return StepStatus::LineSearchFailed;
        }
        let mut tried_steepest = false;
        if self.len > 0 {
            self.direction(&it.g);
        } else {
            self.steepest(&it.g);
            tried_steepest = true;
        }
        loop {
            let mut slope = dot(&it.g, &self.d);
            let descent = slope < 0.0;
            if !descent && !tried_steepest {
                self.len = 0;
                self.steepest(&it.g);
                tried_steepest = true;
                slope = dot(&it.g, &self.d);
            }
            // With no curvature information, scale the first trial so the step has unit length.
            let alpha0 = if self.len == 0 {
                let gn = dot(&it.g, &it.g).sqrt();
                if gn > 1.0 {
                    1.0 / gn
                } else {
                    1.0
                }
            } else {
                1.0
            };
            let found = self.wolfe.search(
                obj,
                &it.x,
                it.f,
                &self.d,
                slope,
                alpha0,
                &mut self.xt,
                &mut self.gt,
            );
            match found {
                Some((_, f)) => {
                    let n = self.n;
                    let j = self.head;
                    let mut sy = 0.0;
                    for i in 0..n {
                        let si = self.xt[i] - it.x[i];
                        let yi = self.gt[i] - it.g[i];
                        self.s[j * n + i] = si;
                        self.y[j * n + i] = yi;
                        sy += si * yi;
                    }
                    if sy > 0.0 && sy.is_finite() {
                        self.rho[j] = 1.0 / sy;
                        self.head = (self.head + 1) % self.memory;
                        self.len = (self.len + 1).min(self.memory);
                    }
                    std::mem::swap(&mut it.x, &mut self.xt);
                    std::mem::swap(&mut it.g, &mut self.gt);
                    it.f = f;
                    it.has_grad = true;
                    return StepStatus::Continue;
                }
                None if !tried_steepest => {
                    self.len = 0;
                    self.steepest(&it.g);
                    tried_steepest = true;
                }
                None => return StepStatus::LineSearchFailed,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::FnObjective;

    #[test]
    fn two_loop_recursion_matches_bfgs_inverse_on_one_pair() {
        // One pair s = (1, 0), y = (2, 0) on n = 2: gamma = 0.5, H = diag(0.5, 0.5) after the update
        // (the BFGS update with H0 = gamma I keeps H e2 = gamma e2 and makes H y = s).
        let mut l = Lbfgs::new(3, 1e-4, 0.9);
        let mut f = FnObjective::new(2, |_: &[f64]| 0.0, |_: &[f64], _: &mut [f64]| 0.0);
        let mut it = Iterate::new(vec![0.0, 0.0]);
        l.start(&mut f, &mut it).unwrap();
        l.s[..2].copy_from_slice(&[1.0, 0.0]);
        l.y[..2].copy_from_slice(&[2.0, 0.0]);
        l.rho[0] = 0.5;
        l.head = 1;
        l.len = 1;
        l.direction(&[2.0, 4.0]);
        assert!((l.d[0] + 1.0).abs() < 1e-15 && (l.d[1] + 2.0).abs() < 1e-15);
    }
}
