//! [`Function`], the engine's compiled formula, as an [`Objective`] of the optimizers.
//!
//! The impl lives here, in the solvers' layer, so that the engine (`src/problem.rs`) knows
//! nothing of the optimizers: the dependency points from the solvers down to the engine only.

use crate::{Function, Problem};

use super::Objective;

impl Objective for Function {
    fn dim(&self) -> usize {
        Function::problem(self).dim()
    }

    fn value(&mut self, x: &[f64]) -> f64 {
        Function::value(self, x)
    }

    fn value_and_grad(&mut self, x: &[f64], g: &mut [f64]) -> f64 {
        Function::value_and_grad(self, x, g)
    }

    /// The exact Hessian, for functions of at most [`crate::HESSIAN_MAX_DIM`] variables (a dense
    /// symbolic Hessian has `n^2` entries); `None` beyond, so Newton's method asks for L-BFGS.
    fn value_grad_hessian(&mut self, x: &[f64], g: &mut [f64], h: &mut [f64]) -> Option<f64> {
        Function::value_grad_hessian(self, x, g, h).ok()
    }

    fn problem(&self) -> Option<&Problem> {
        Some(Function::problem(self))
    }
}
