//! [`Gd`] and its tests; the method is documented on it.

use crate::optim::UpdateRule;

/// Gradient descent update `x_i <- x_i - lr * g_i`.
///
/// Plain gradient descent: `x <- x - lr * g` (Cauchy 1847; the book's chapter 2.2).
///
/// Stateless. Together with [`FirstOrder`](crate::optim::FirstOrder) it is `torch.optim.SGD` without
/// momentum, and with a positive `decay` it is gradient descent with the learning-rate decay
/// `lr_i = lr / (1 + decay * i)` of the book's slides. Default `lr` 0.01 (the book's and Keras' SGD).
///
/// ```
/// use nabla::optim::{Gd, UpdateRule};
/// let mut x = [1.0, -1.0];
/// Gd.update(&mut x, &[1.0, 2.0], 0.5);
/// assert_eq!(x, [0.5, -2.0]);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Gd;

impl UpdateRule for Gd {
    fn name(&self) -> &'static str {
        "gd"
    }
    fn reset(&mut self, _n: usize) {}
    fn update(&mut self, x: &mut [f64], g: &[f64], lr: f64) {
        for (xi, gi) in x.iter_mut().zip(g) {
            *xi -= lr * gi;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_step_on_a_quadratic() {
        // f = x^2 + 3y^2 at (1, 1): g = (2, 6); lr 0.1 -> (0.8, 0.4).
        let mut x = [1.0, 1.0];
        Gd.update(&mut x, &[2.0, 6.0], 0.1);
        assert!((x[0] - 0.8).abs() < 1e-15 && (x[1] - 0.4).abs() < 1e-15);
    }
}
