//! [`Adam`] and its tests; the method is documented on it.

use crate::optim::UpdateRule;

/// Adam update with first and second moment estimates.
///
/// Adam (Kingma & Ba 2015, algorithm 1): `m <- b1 m + (1 - b1) g; v <- b2 v + (1 - b2) g^2;
/// m^ = m / (1 - b1^t); v^ = v / (1 - b2^t); x <- x - lr m^ / (sqrt(v^) + eps)`, `t` counting from 1.
///
/// Defaults are the paper's and PyTorch's: `lr` 0.001, `beta1` 0.9, `beta2` 0.999, `eps` 1e-8 (Keras uses
/// eps 1e-7). The powers `b^t` are kept as running products, so a step costs no `powi`. The book's listing
/// (chapter 2.3.5) corrects with `b^(t+1)`, a quirk not reproduced here; its printed result is tested as
/// standard behaviour instead. The same code with `amsgrad` set is AMSGrad ([`AmsGrad`](crate::optim::AmsGrad)).
///
/// ```
/// use nabla::optim::{Adam, UpdateRule};
/// let mut a = Adam::default();
/// a.reset(1);
/// let mut x = [0.0];
/// a.update(&mut x, &[5.0], 0.001); // first step: m^ = g, v^ = g^2, so the step is about lr
/// assert!((x[0] + 0.001).abs() < 1e-11);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Adam {
    /// Decay of the first moment.
    pub beta1: f64,
    /// Decay of the second moment.
    pub beta2: f64,
    /// Added to the square root in the denominator.
    pub eps: f64,
    pub(crate) amsgrad: bool,
    m: Vec<f64>,
    v: Vec<f64>,
    vmax: Vec<f64>,
    b1t: f64,
    b2t: f64,
}

impl Adam {
    /// Adam with `beta1`, `beta2` and `eps`.
    pub fn new(beta1: f64, beta2: f64, eps: f64) -> Self {
        Adam {
            beta1,
            beta2,
            eps,
            amsgrad: false,
            m: Vec::new(),
            v: Vec::new(),
            vmax: Vec::new(),
            b1t: 1.0,
            b2t: 1.0,
        }
    }
}

impl Default for Adam {
    fn default() -> Self {
        Adam::new(0.9, 0.999, 1e-8)
    }
}

impl UpdateRule for Adam {
    fn name(&self) -> &'static str {
        if self.amsgrad {
            "amsgrad"
        } else {
            "adam"
        }
    }
    fn reset(&mut self, n: usize) {
        for buf in [&mut self.m, &mut self.v, &mut self.vmax] {
            buf.clear();
            buf.resize(n, 0.0);
        }
        self.b1t = 1.0;
        self.b2t = 1.0;
    }
    fn update(&mut self, x: &mut [f64], g: &[f64], lr: f64) {
        let (b1, b2, eps) = (self.beta1, self.beta2, self.eps);
        self.b1t *= b1;
        self.b2t *= b2;
        let (c1, c2) = (1.0 - self.b1t, 1.0 - self.b2t);
        let n = x.len().min(g.len()).min(self.m.len());
        for i in 0..n {
            let gi = g[i];
            let m = b1 * self.m[i] + (1.0 - b1) * gi;
            let mut v = b2 * self.v[i] + (1.0 - b2) * (gi * gi);
            self.m[i] = m;
            self.v[i] = v;
            if self.amsgrad {
                // Reddi et al. 2018: the denominator uses the running maximum of v (as PyTorch and Keras).
                v = v.max(self.vmax[i]);
                self.vmax[i] = v;
            }
            let mhat = m / c1;
            let vhat = v / c2;
            x[i] -= lr * mhat / (vhat.sqrt() + eps);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_steps_by_hand() {
        // b1 0.5, b2 0.5, eps 0, g1 = 2, g2 = 4:
        // t=1: m = 1, v = 2, m^ = 2, v^ = 4 -> step lr*2/2 = lr.
        // t=2: m = 0.5 + 2 = 2.5, v = 1 + 8 = 9, m^ = 2.5/0.75, v^ = 9/0.75 -> step lr*(10/3)/sqrt(12).
        let mut a = Adam::new(0.5, 0.5, 0.0);
        a.reset(1);
        let mut x = [0.0];
        a.update(&mut x, &[2.0], 0.1);
        assert!((x[0] + 0.1).abs() < 1e-15);
        a.update(&mut x, &[4.0], 0.1);
        let expected = -0.1 - 0.1 * (10.0 / 3.0) / 12.0_f64.sqrt();
        assert!((x[0] - expected).abs() < 1e-15);
    }
}
