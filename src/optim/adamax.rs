//! [`AdaMax`] and its tests; the method is documented on it.

use crate::optim::UpdateRule;

/// AdaMax update with first moment `m` and exponentially weighted infinity norm `u`.
///
/// AdaMax (Kingma & Ba 2015, section 7.1, algorithm 2): Adam with the infinity norm,
/// `m <- b1 m + (1 - b1) g; u <- max(b2 u, |g| + eps); x <- x - (lr / (1 - b1^t)) m / u`.
///
/// Follows PyTorch's `torch.optim.Adamax`: defaults `lr` 0.002, `beta1` 0.9, `beta2` 0.999, `eps` 1e-8,
/// with `eps` inside the max (the paper has none), so a zero gradient component never divides by zero.
///
/// ```
/// use nabla::optim::{AdaMax, UpdateRule};
/// let mut a = AdaMax::default();
/// a.reset(1);
/// let mut x = [0.0];
/// a.update(&mut x, &[3.0], 0.002); // m^ = 3, u = 3 + eps
/// assert!((x[0] + 0.002).abs() < 1e-11);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct AdaMax {
    /// Decay of the first moment.
    pub beta1: f64,
    /// Decay of the infinity norm.
    pub beta2: f64,
    /// Added to `|g|` inside the max.
    pub eps: f64,
    m: Vec<f64>,
    u: Vec<f64>,
    b1t: f64,
}

impl AdaMax {
    /// AdaMax with `beta1`, `beta2` and `eps`.
    pub fn new(beta1: f64, beta2: f64, eps: f64) -> Self {
        AdaMax {
            beta1,
            beta2,
            eps,
            m: Vec::new(),
            u: Vec::new(),
            b1t: 1.0,
        }
    }
}

impl Default for AdaMax {
    fn default() -> Self {
        AdaMax::new(0.9, 0.999, 1e-8)
    }
}

impl UpdateRule for AdaMax {
    fn name(&self) -> &'static str {
        "adamax"
    }
    fn reset(&mut self, n: usize) {
        for buf in [&mut self.m, &mut self.u] {
            buf.clear();
            buf.resize(n, 0.0);
        }
        self.b1t = 1.0;
    }
    fn update(&mut self, x: &mut [f64], g: &[f64], lr: f64) {
        let (b1, b2, eps) = (self.beta1, self.beta2, self.eps);
        self.b1t *= b1;
        let clr = lr / (1.0 - self.b1t);
        for (((xi, gi), mi), ui) in x
            .iter_mut()
            .zip(g)
            .zip(self.m.iter_mut())
            .zip(self.u.iter_mut())
        {
            *mi = b1 * *mi + (1.0 - b1) * gi;
            *ui = (b2 * *ui).max(gi.abs() + eps);
            *xi -= clr * *mi / *ui;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_steps_by_hand() {
        // b1 0.5, b2 0.5, eps 0, g1 = 4, g2 = 1:
        // t=1: m = 2, u = 4, clr = lr/0.5 -> step 2*lr*2/4 = lr.
        // t=2: m = 1 + 0.5 = 1.5, u = max(2, 1) = 2, clr = lr/0.75 -> step lr*1.5/(0.75*2) = lr.
        let mut a = AdaMax::new(0.5, 0.5, 0.0);
        a.reset(1);
        let mut x = [0.0];
        a.update(&mut x, &[4.0], 0.1);
        assert!((x[0] + 0.1).abs() < 1e-15);
        a.update(&mut x, &[1.0], 0.1);
        assert!((x[0] + 0.2).abs() < 1e-15);
    }
}
