//! [`Adadelta`] and its tests; the method is documented on it.

use crate::optim::UpdateRule;

/// Adadelta update with running averages of squared gradients and squared updates.
///
/// Adadelta (Zeiler 2012, algorithm 1):
/// `E[g^2] <- rho E[g^2] + (1 - rho) g^2;  d = sqrt((E[dx^2] + eps) / (E[g^2] + eps)) * g;
/// x <- x - lr * d;  E[dx^2] <- rho E[dx^2] + (1 - rho) d^2`.
///
/// Follows PyTorch's `torch.optim.Adadelta` (defaults `lr` 1.0, `rho` 0.9, `eps` 1e-6, accumulators at 0;
/// Zeiler's paper has no `lr`, i.e. `lr = 1`). Keras differs (lr 0.001, rho 0.95, eps 1e-7).
/// `initial_accumulator` starts *both* accumulators at a value other than 0: the book's code
/// (chapter 2.3.3) starts them at 1, which is what reproduces its printed result.
///
/// ```
/// use nabla::optim::{Adadelta, UpdateRule};
/// let mut a = Adadelta::new(0.5, 0.0, 1.0);
/// a.reset(1);
/// let mut x = [0.0];
/// a.update(&mut x, &[2.0], 1.0); // E[g^2] = 0.5*1 + 0.5*4 = 2.5; d = sqrt(1/2.5)*2
/// assert!((x[0] + (1.0f64 / 2.5).sqrt() * 2.0).abs() < 1e-15);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Adadelta {
    /// Decay of both running averages.
    pub rho: f64,
    /// Added inside both square roots.
    pub eps: f64,
    /// The value both accumulators start at.
    pub initial_accumulator: f64,
    eg: Vec<f64>,
    edx: Vec<f64>,
}

impl Adadelta {
    /// Adadelta with decay `rho`, smoothing term `eps`, accumulators starting at `initial_accumulator`.
    pub fn new(rho: f64, eps: f64, initial_accumulator: f64) -> Self {
        Adadelta {
            rho,
            eps,
            initial_accumulator,
            eg: Vec::new(),
            edx: Vec::new(),
        }
    }
}

impl Default for Adadelta {
    fn default() -> Self {
        Adadelta::new(0.9, 1e-6, 0.0)
    }
}

impl UpdateRule for Adadelta {
    fn name(&self) -> &'static str {
        "adadelta"
    }
    fn reset(&mut self, n: usize) {
        for acc in [&mut self.eg, &mut self.edx] {
            acc.clear();
            acc.resize(n, self.initial_accumulator);
        }
    }
    fn update(&mut self, x: &mut [f64], g: &[f64], lr: f64) {
        let (rho, eps) = (self.rho, self.eps);
        let one_minus = 1.0 - rho;
        for (((xi, gi), egi), edi) in x
            .iter_mut()
            .zip(g)
            .zip(self.eg.iter_mut())
            .zip(self.edx.iter_mut())
        {
            *egi = rho * *egi + one_minus * (gi * gi);
            let d = ((*edi + eps) / (*egi + eps)).sqrt() * gi;
            *xi -= lr * d;
            *edi = rho * *edi + one_minus * (d * d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_step_from_zero_accumulators() {
        // rho 0.9, eps 1e-6, g = 1: E[g^2] = 0.1, d = sqrt(1e-6 / (0.1 + 1e-6)), E[dx^2] = 0.1 d^2.
        let mut a = Adadelta::default();
        a.reset(1);
        let mut x = [0.0];
        a.update(&mut x, &[1.0], 1.0);
        let d = (1e-6_f64 / (0.1 + 1e-6)).sqrt();
        assert!((x[0] + d).abs() < 1e-15);
        let mut x2 = x;
        a.update(&mut x2, &[1.0], 1.0);
        let eg = 0.9 * 0.1 + 0.1;
        let d2 = ((0.1 * d * d + 1e-6) / (eg + 1e-6)).sqrt();
        assert!((x2[0] - (x[0] - d2)).abs() < 1e-15);
    }
}
