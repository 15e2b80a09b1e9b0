//! [`Momentum`] and its tests; the method is documented on it.

use crate::optim::UpdateRule;

/// Momentum update with velocity `v` (zero at the start).
///
/// Momentum (Polyak 1964, "heavy ball"), in the book's form (chapter 2.3.1):
/// `v <- mu * v + lr * g; x <- x - v`, with `v` starting at 0.
///
/// At constant `lr` this is exactly PyTorch's `SGD(momentum=mu)` (`buf <- mu * buf + g; x <- x - lr * buf`,
/// with `v = lr * buf`). With learning-rate decay the two differ: here the decayed `lr_i` scales only the
/// new gradient, as in Sutskever et al. (2013). Default `momentum` 0.9 (the usual value; the book uses 0.8).
///
/// ```
/// use nabla::optim::{Momentum, UpdateRule};
/// let mut m = Momentum::new(0.8);
/// m.reset(1);
/// let mut x = [0.0];
/// m.update(&mut x, &[1.0], 0.1); // v = 0.1
/// m.update(&mut x, &[1.0], 0.1); // v = 0.08 + 0.1
/// assert!((x[0] + 0.28).abs() < 1e-15);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Momentum {
    /// The momentum coefficient `mu` (the book's `gamma`).
    pub momentum: f64,
    v: Vec<f64>,
}

impl Momentum {
    /// Momentum with coefficient `momentum`.
    pub fn new(momentum: f64) -> Self {
        Momentum {
            momentum,
            v: Vec::new(),
        }
    }
}

impl Default for Momentum {
    fn default() -> Self {
        Momentum::new(0.9)
    }
}

impl UpdateRule for Momentum {
    fn name(&self) -> &'static str {
        "momentum"
    }
    fn reset(&mut self, n: usize) {
        self.v.clear();
        self.v.resize(n, 0.0);
    }
    fn update(&mut self, x: &mut [f64], g: &[f64], lr: f64) {
        let mu = self.momentum;
        for ((xi, gi), vi) in x.iter_mut().zip(g).zip(self.v.iter_mut()) {
            *vi = mu * *vi + lr * gi;
            *xi -= *vi;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_steps_by_hand() {
        // g constant 2, lr 0.1, mu 0.5: v1 = 0.2, x1 = 0.8; v2 = 0.1 + 0.2 = 0.3, x2 = 0.5.
        let mut m = Momentum::new(0.5);
        m.reset(1);
        let mut x = [1.0];
        m.update(&mut x, &[2.0], 0.1);
        assert!((x[0] - 0.8).abs() < 1e-15);
        m.update(&mut x, &[2.0], 0.1);
        assert!((x[0] - 0.5).abs() < 1e-15);
    }

    #[test]
    fn reset_clears_velocity() {
        let mut m = Momentum::new(0.5);
        m.reset(1);
        let mut x = [1.0];
        m.update(&mut x, &[2.0], 0.1);
        m.reset(1);
        let mut y = [1.0];
        m.update(&mut y, &[2.0], 0.1);
        assert_eq!(y, [0.8]);
    }
}
