//! Answers at one point: `nabla.eval(f, at)` and `nabla.grad(f, at)`, the answers of
//! `nabla eval --json` and `nabla grad --json` ([`nabla::answer::eval`], [`nabla::answer::grad`]).

use nabla::answer::Answer;
use nabla::Function;
use pyo3::prelude::*;

use crate::answer::to_py;
use crate::formula::PyFormula;
use crate::py_err;

/// The value of `f` at `at` (a sequence of one value per variable, or a dict by name) as an
/// answer: `nabla eval --json`.
#[pyfunction]
pub(crate) fn eval<'py>(
    f: &Bound<'py, PyAny>,
    at: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = f.py();
    let f = PyFormula::from_arg(f)?;
    let f = f.get();
    let x = f.point_arg(at)?;
    let answer = nabla::answer::eval(f.problem.formula(), &x).map_err(py_err)?;
    to_py(py, Answer::Eval(answer))
}

/// The value, gradient and symbolic partials of `f` at `at` as an answer: `nabla grad --json`.
#[pyfunction]
pub(crate) fn grad<'py>(
    f: &Bound<'py, PyAny>,
    at: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = f.py();
    let f = PyFormula::from_arg(f)?;
    let f = f.get();
    let x = f.point_arg(at)?;
    let mut func = Function::from_problem(f.problem.clone());
    let answer = nabla::answer::grad(&mut func, &x, true).map_err(py_err)?;
    to_py(py, Answer::Grad(answer))
}
