//! [`Adagrad`] and its tests; the method is documented on it.

use crate::optim::UpdateRule;

/// Adagrad update with accumulator `G` of squared gradients.
///
/// Adagrad (Duchi, Hazan & Singer 2011): `G <- G + g^2; x <- x - lr * g / (sqrt(G) + eps)`, per coordinate.
///
/// Follows PyTorch's `torch.optim.Adagrad`: defaults `lr` 0.01, `eps` 1e-10, `initial_accumulator` 0
/// (`initial_accumulator_value`); `eps` is added after the square root. The book's code (chapter 2.3.2)
/// starts `G` at 1; set `initial_accumulator = 1` to match it. Invariant: `G` never decreases, so the
/// effective step only shrinks (the method can stall away from a stationary point).
///
/// ```
/// use nabla::optim::{Adagrad, UpdateRule};
/// let mut a = Adagrad::new(0.0, 0.0);
/// a.reset(1);
/// let mut x = [1.0];
/// a.update(&mut x, &[4.0], 0.1); // G = 16: step 0.1 * 4 / 4
/// assert!((x[0] - 0.9).abs() < 1e-15);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Adagrad {
    /// Added to `sqrt(G)` in the denominator.
    pub eps: f64,
    /// The value every accumulator starts at.
    pub initial_accumulator: f64,
    sum: Vec<f64>,
}

impl Adagrad {
    /// Adagrad with denominator term `eps` and accumulators starting at `initial_accumulator`.
    pub fn new(eps: f64, initial_accumulator: f64) -> Self {
        Adagrad {
            eps,
            initial_accumulator,
            sum: Vec::new(),
        }
    }
}

impl Default for Adagrad {
    fn default() -> Self {
        Adagrad::new(1e-10, 0.0)
    }
}

impl UpdateRule for Adagrad {
    fn name(&self) -> &'static str {
        "adagrad"
    }
    fn reset(&mut self, n: usize) {
        self.sum.clear();
        self.sum.resize(n, self.initial_accumulator);
    }
    fn update(&mut self, x: &mut [f64], g: &[f64], lr: f64) {
        let eps = self.eps;
        for ((xi, gi), si) in x.iter_mut().zip(g).zip(self.sum.iter_mut()) {
            *si += gi * gi;
            *xi -= lr * gi / (si.sqrt() + eps);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_steps_by_hand_with_initial_accumulator() {
        // G0 = 9: g = 4 -> G = 25, step 0.5*4/5 = 0.4; g = 0 -> no move.
        let mut a = Adagrad::new(0.0, 9.0);
        a.reset(2);
        let mut x = [1.0, 1.0];
        a.update(&mut x, &[4.0, 0.0], 0.5);
        assert!((x[0] - 0.6).abs() < 1e-15);
        assert_eq!(x[1], 1.0);
    }
}
