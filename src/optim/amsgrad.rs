//! [`AmsGrad`] and its tests; the method is documented on it.

use crate::optim::{Adam, UpdateRule};

/// AMSGrad update (Adam with the running maximum of the second moment).
///
/// AMSGrad (Reddi, Kale & Kumar 2018): Adam whose denominator uses the running maximum of the second
/// moment, `v_max <- max(v_max, v)`, so the effective step never grows. Bias correction as in PyTorch's
/// `Adam(amsgrad=True)` and Keras' `amsgrad=True`: `x <- x - lr m^ / (sqrt(v_max / (1 - b2^t)) + eps)`.
/// Defaults as Adam: `lr` 0.001, `beta1` 0.9, `beta2` 0.999, `eps` 1e-8.
///
/// ```
/// use nabla::optim::{AmsGrad, UpdateRule};
/// let mut a = AmsGrad::default();
/// a.reset(1);
/// let mut x = [0.0];
/// a.update(&mut x, &[5.0], 0.001);
/// assert!((x[0] + 0.001).abs() < 1e-11);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct AmsGrad(Adam);

impl AmsGrad {
    /// AMSGrad with `beta1`, `beta2` and `eps`.
    pub fn new(beta1: f64, beta2: f64, eps: f64) -> Self {
        let mut adam = Adam::new(beta1, beta2, eps);
        adam.amsgrad = true;
        AmsGrad(adam)
    }

    /// The second-moment decay.
    pub fn beta2(&self) -> f64 {
        self.0.beta2
    }
}

impl Default for AmsGrad {
    fn default() -> Self {
        AmsGrad::new(0.9, 0.999, 1e-8)
    }
}

impl UpdateRule for AmsGrad {
    fn name(&self) -> &'static str {
        "amsgrad"
    }
    fn reset(&mut self, n: usize) {
        self.0.reset(n);
    }
    fn update(&mut self, x: &mut [f64], g: &[f64], lr: f64) {
        self.0.update(x, g, lr);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uses_the_running_maximum() {
        // b1 0, b2 0.5, eps 0, g1 = 4, g2 = 1:
        // t=1: v = 8, v_max = 8, v^ = 16 -> step lr*4/4.
        // t=2: v = 4 + 0.5 = 4.5 < 8, v_max = 8, v^ = 8/0.75 -> step lr*1/sqrt(32/3).
        let mut a = AmsGrad::new(0.0, 0.5, 0.0);
        a.reset(1);
        let mut x = [0.0];
        a.update(&mut x, &[4.0], 0.1);
        assert!((x[0] + 0.1).abs() < 1e-15);
        a.update(&mut x, &[1.0], 0.1);
        let expected = -0.1 - 0.1 / (32.0_f64 / 3.0).sqrt();
        assert!((x[0] - expected).abs() < 1e-15);
        // Plain Adam would have divided by sqrt(4.5 / 0.75) = sqrt(6) instead.
        assert!((expected - (-0.1 - 0.1 / 6.0_f64.sqrt())).abs() > 1e-3);
    }
}
