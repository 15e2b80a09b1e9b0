//! [`Nesterov`] and its tests; the method is documented on it.

use crate::optim::UpdateRule;

/// Nesterov momentum update.
///
/// Nesterov accelerated gradient (Nesterov 1983), in the form of Sutskever et al. (2013) rewritten so
/// that only the gradient at the current point is needed (Bengio et al. 2013; Keras `SGD(nesterov=True)`):
/// `v <- mu * v + lr * g; x <- x - (mu * v + lr * g)`, with `v` starting at 0.
///
/// At constant `lr` this equals PyTorch's `SGD(momentum=mu, nesterov=True)`
/// (`buf <- mu * buf + g; x <- x - lr * (g + mu * buf)`). Default `momentum` 0.9.
///
/// ```
/// use nabla::optim::{Nesterov, UpdateRule};
/// let mut n = Nesterov::new(0.5);
/// n.reset(1);
/// let mut x = [1.0];
/// n.update(&mut x, &[2.0], 0.1); // v = 0.2; step 0.5 * 0.2 + 0.2 = 0.3
/// assert!((x[0] - 0.7).abs() < 1e-15);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Nesterov {
    /// The momentum coefficient `mu`.
    pub momentum: f64,
    v: Vec<f64>,
}

impl Nesterov {
    /// Nesterov momentum with coefficient `momentum`.
    pub fn new(momentum: f64) -> Self {
        Nesterov {
            momentum,
            v: Vec::new(),
        }
    }
}

impl Default for Nesterov {
    fn default() -> Self {
        Nesterov::new(0.9)
    }
}

impl UpdateRule for Nesterov {
    fn name(&self) -> &'static str {
        "nesterov"
    }
    fn reset(&mut self, n: usize) {
        self.v.clear();
        self.v.resize(n, 0.0);
    }
    fn update(&mut self, x: &mut [f64], g: &[f64], lr: f64) {
        let mu = self.momentum;
        for ((xi, gi), vi) in x.iter_mut().zip(g).zip(self.v.iter_mut()) {
            *vi = mu * *vi + lr * gi;
            *xi -= mu * *vi + lr * gi;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_pytorch_form_at_constant_lr() {
        // PyTorch: buf = mu*buf + g; x -= lr*(g + mu*buf).
        let (mu, lr) = (0.9, 0.05);
        let grads = [1.0, -2.0, 0.5, 3.0];
        let mut n = Nesterov::new(mu);
        n.reset(1);
        let mut x = [0.3];
        let (mut xt, mut buf) = (0.3_f64, 0.0_f64);
        for g in grads {
            n.update(&mut x, &[g], lr);
            buf = mu * buf + g;
            xt -= lr * (g + mu * buf);
        }
        assert!((x[0] - xt).abs() < 1e-14);
    }
}
