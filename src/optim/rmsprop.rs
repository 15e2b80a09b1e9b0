//! [`RmsProp`] and its tests; the method is documented on it.

use crate::optim::UpdateRule;

/// RMSprop update.
///
/// RMSprop (Tieleman & Hinton 2012, lecture 6.5): `v <- alpha v + (1 - alpha) g^2;
/// x <- x - lr * g / (sqrt(v) + eps)`; centered (Graves 2013) also tracks `m <- alpha m + (1 - alpha) g`
/// and divides by `sqrt(v - m^2) + eps`; with `momentum > 0`, `b <- momentum b + g / denom; x <- x - lr b`.
///
/// Follows PyTorch's `torch.optim.RMSprop` (defaults `lr` 0.01, `alpha` 0.99, `eps` 1e-8, `momentum` 0,
/// `centered` false); the book and Keras call `alpha` `beta`/`rho` (Keras: lr 0.001, rho 0.9, eps 1e-7).
/// `initial_accumulator` starts `v` elsewhere than 0: the book's code (chapter 2.3.4) starts it at 1.
///
/// ```
/// use nabla::optim::{RmsProp, UpdateRule};
/// let mut r = RmsProp::new(0.75, 0.0, false, 0.0, 0.0);
/// r.reset(1);
/// let mut x = [0.0];
/// r.update(&mut x, &[2.0], 0.1); // v = 0.25 * 4 = 1: step 0.1 * 2 / 1
/// assert!((x[0] + 0.2).abs() < 1e-15);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RmsProp {
    /// Decay of the running average of squared gradients (the book's `beta`, Keras' `rho`).
    pub alpha: f64,
    /// Added to the square root in the denominator.
    pub eps: f64,
    /// Divide by the estimated standard deviation instead of the root mean square.
    pub centered: bool,
    /// Momentum on the normalized step (0: none).
    pub momentum: f64,
    /// The value `v` starts at.
    pub initial_accumulator: f64,
    v: Vec<f64>,
    m: Vec<f64>,
    buf: Vec<f64>,
}

impl RmsProp {
    /// RMSprop with decay `alpha`, `eps`, `centered`, `momentum`, and `v` starting at `initial_accumulator`.
    pub fn new(
        alpha: f64,
        eps: f64,
        centered: bool,
        momentum: f64,
        initial_accumulator: f64,
    ) -> Self {
        RmsProp {
            alpha,
            eps,
            centered,
            momentum,
            initial_accumulator,
            v: Vec::new(),
            m: Vec::new(),
            buf: Vec::new(),
        }
    }
}

impl Default for RmsProp {
    fn default() -> Self {
        RmsProp::new(0.99, 1e-8, false, 0.0, 0.0)
    }
}

impl UpdateRule for RmsProp {
    fn name(&self) -> &'static str {
        "rmsprop"
    }
    fn reset(&mut self, n: usize) {
        self.v.clear();
        self.v.resize(n, self.initial_accumulator);
        self.m.clear();
        self.m.resize(n, 0.0);
        self.buf.clear();
        self.buf.resize(n, 0.0);
    }
    fn update(&mut self, x: &mut [f64], g: &[f64], lr: f64) {
        let (a, eps, mu) = (self.alpha, self.eps, self.momentum);
        let one_minus = 1.0 - a;
        for i in 0..x.len().min(g.len()).min(self.v.len()) {
            let gi = g[i];
            self.v[i] = a * self.v[i] + one_minus * (gi * gi);
            let var = if self.centered {
                self.m[i] = a * self.m[i] + one_minus * gi;
                // Clamped: rounding can make v - m^2 slightly negative.
                (self.v[i] - self.m[i] * self.m[i]).max(0.0)
            } else {
                self.v[i]
            };
            let denom = var.sqrt() + eps;
            if mu > 0.0 {
                self.buf[i] = mu * self.buf[i] + gi / denom;
                x[i] -= lr * self.buf[i];
            } else {
                x[i] -= lr * gi / denom;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_step_by_hand() {
        // alpha 0.9, v0 = 1, g = 3: v = 0.9 + 0.9 = 1.8; step 0.01 * 3 / (sqrt(1.8) + 1e-8).
        let mut r = RmsProp::new(0.9, 1e-8, false, 0.0, 1.0);
        r.reset(1);
        let mut x = [0.0];
        r.update(&mut x, &[3.0], 0.01);
        let expected = -0.03 / (1.8_f64.sqrt() + 1e-8);
        assert!((x[0] - expected).abs() < 1e-16);
    }

    #[test]
    fn centered_step_by_hand() {
        // alpha 0.5, g = 2: v = 2, m = 1, var = 1: step lr * 2 / 1.
        let mut r = RmsProp::new(0.5, 0.0, true, 0.0, 0.0);
        r.reset(1);
        let mut x = [0.0];
        r.update(&mut x, &[2.0], 0.1);
        assert!((x[0] + 0.2).abs() < 1e-15);
    }

    #[test]
    fn momentum_accumulates_normalized_steps() {
        // alpha 0, eps 0: denom = |g|, so buf = mu*buf + sign(g): steps 0.1, then 0.15.
        let mut r = RmsProp::new(0.0, 0.0, false, 0.5, 0.0);
        r.reset(1);
        let mut x = [0.0];
        r.update(&mut x, &[5.0], 0.1);
        r.update(&mut x, &[5.0], 0.1);
        assert!((x[0] + 0.25).abs() < 1e-15);
    }
}
