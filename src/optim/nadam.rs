//! [`Nadam`] and its tests; the method is documented on it.

use crate::optim::UpdateRule;

/// Nadam update.
///
/// Nadam (Dozat 2016): Adam with Nesterov momentum and Dozat's momentum schedule
/// `mu_t = b1 (1 - 0.5 * 0.96^(t * psi))`:
/// `m <- b1 m + (1 - b1) g; v <- b2 v + (1 - b2) g^2; P_t = prod_{i<=t} mu_i;
/// m^ = mu_{t+1} m / (1 - P_t mu_{t+1}) + (1 - mu_t) g / (1 - P_t); v^ = v / (1 - b2^t);
/// x <- x - lr m^ / (sqrt(v^) + eps)`.
///
/// Follows PyTorch's `torch.optim.NAdam` (and Keras' `Nadam`): defaults `lr` 0.002, `beta1` 0.9,
/// `beta2` 0.999, `eps` 1e-8, `momentum_decay` (psi) 0.004.
///
/// ```
/// use nabla::optim::{Nadam, UpdateRule};
/// let mut a = Nadam::default();
/// a.reset(1);
/// let mut x = [0.0];
/// a.update(&mut x, &[1.0], 0.002);
/// assert!(x[0] < 0.0 && x[0] > -0.01);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Nadam {
    /// Decay of the first moment.
    pub beta1: f64,
    /// Decay of the second moment.
    pub beta2: f64,
    /// Added to the square root in the denominator.
    pub eps: f64,
    /// Dozat's momentum schedule rate `psi`.
    pub momentum_decay: f64,
    m: Vec<f64>,
    v: Vec<f64>,
    t: f64,
    mu_product: f64,
    b2t: f64,
}

impl Nadam {
    /// Nadam with `beta1`, `beta2`, `eps` and `momentum_decay`.
    pub fn new(beta1: f64, beta2: f64, eps: f64, momentum_decay: f64) -> Self {
        Nadam {
            beta1,
            beta2,
            eps,
            momentum_decay,
            m: Vec::new(),
            v: Vec::new(),
            t: 0.0,
            mu_product: 1.0,
            b2t: 1.0,
        }
    }

    fn mu(&self, t: f64) -> f64 {
        self.beta1 * (1.0 - 0.5 * 0.96_f64.powf(t * self.momentum_decay))
    }
}

impl Default for Nadam {
    fn default() -> Self {
        Nadam::new(0.9, 0.999, 1e-8, 4e-3)
    }
}

impl UpdateRule for Nadam {
    fn name(&self) -> &'static str {
        "nadam"
    }
    fn reset(&mut self, n: usize) {
        for buf in [&mut self.m, &mut self.v] {
            buf.clear();
            buf.resize(n, 0.0);
        }
        self.t = 0.0;
        self.mu_product = 1.0;
        self.b2t = 1.0;
    }
    fn update(&mut self, x: &mut [f64], g: &[f64], lr: f64) {
        let (b1, b2, eps) = (self.beta1, self.beta2, self.eps);
        self.t += 1.0;
        let mu = self.mu(self.t);
        let mu_next = self.mu(self.t + 1.0);
        self.mu_product *= mu;
        self.b2t *= b2;
        let c_next = 1.0 - self.mu_product * mu_next;
        let c_now = 1.0 - self.mu_product;
        let c2 = 1.0 - self.b2t;
        for (((xi, gi), mi), vi) in x
            .iter_mut()
            .zip(g)
            .zip(self.m.iter_mut())
            .zip(self.v.iter_mut())
        {
            *mi = b1 * *mi + (1.0 - b1) * gi;
            *vi = b2 * *vi + (1.0 - b2) * (gi * gi);
            let mhat = mu_next * *mi / c_next + (1.0 - mu) * gi / c_now;
            let vhat = *vi / c2;
            *xi -= lr * mhat / (vhat.sqrt() + eps);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_step_by_hand() {
        // psi = 0: mu_t = 0.5 b1 for all t. b1 0.8 -> mu = 0.4; b2 0.5; eps 0; g = 2.
        // m = 0.4, v = 2, P = 0.4; m^ = 0.4*0.4/(1 - 0.16) + 0.6*2/0.6 = 0.16/0.84 + 2; v^ = 4.
        let mut a = Nadam::new(0.8, 0.5, 0.0, 0.0);
        a.reset(1);
        let mut x = [0.0];
        a.update(&mut x, &[2.0], 0.1);
        let expected = -0.1 * (0.16 / 0.84 + 2.0) / 2.0;
        assert!((x[0] - expected).abs() < 1e-15);
    }
}
