//! `nabla.Formula`: a typed formula as a Python object with numpy arrays in and out.
//!
//! `nabla.Formula(text, vars=None)` parses and compiles a formula once; its value, gradient and
//! Hessian then take a point (a 1-D array or sequence of one value per variable) or, for the
//! value and the gradient, a batch (an array of shape `(n, d)`, one point a row), which runs the
//! compiled program over all rows on all cores with the GIL released
//! ([`nabla::Program::eval_batch_par`]). A typo is a `nabla.ParseError` (a `ValueError`) whose
//! message carries the caret under the offending text; a wrong shape is a `ValueError`.
//!
use std::sync::OnceLock;

use nabla::{Formula, Problem, Program};
use numpy::ndarray::Array2;
use numpy::{IntoPyArray, PyArray1, PyReadonlyArrayDyn, PyUntypedArrayMethods};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyFloat, PyString, PyTuple};

use crate::py_err;

/// A formula compiled once for its value, gradient and Hessian (Python: `nabla.Formula`).
#[pyclass(name = "Formula", module = "nabla", frozen)]
pub struct PyFormula {
    /// The text as given.
    pub(crate) src: String,
    /// The compiled value and value+gradient programs, differentiated in all variables.
    pub(crate) problem: Problem,
    /// The value+gradient+Hessian program, derived and compiled on first use.
    hessian: OnceLock<Program>,
}

/// A point or a batch of points, read from a Python array or sequence as contiguous `f64`s.
enum Points<'py> {
    /// One point: a 1-D array of one value per variable.
    One(PyReadonlyArrayDyn<'py, f64>),
    /// `n` points, one a row of a 2-D array of shape `(n, d)`.
    Batch(PyReadonlyArrayDyn<'py, f64>, usize),
}

impl PyFormula {
    /// A formula argument: a `Formula`, or a text parsed into one (`ParseError` if it does not
    /// parse).
    pub(crate) fn from_arg<'py>(f: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyFormula>> {
        if let Ok(formula) = f.downcast::<PyFormula>() {
            return Ok(formula.clone());
        }
        if let Ok(text) = f.extract::<String>() {
            return Bound::new(f.py(), PyFormula::new(&text, None)?);
        }
        Err(PyValueError::new_err(format!(
            "expected a nabla.Formula or a formula's text, found {}",
            f.get_type().name()?
        )))
    }

    /// A point argument: a dict of one value per variable by name, or a sequence (1-D array)
    /// of one value per variable in order; anything else, a missing or unknown name, or a wrong
    /// length is a `ValueError` that says what is expected.
    pub(crate) fn point_arg(&self, x: &Bound<'_, PyAny>) -> PyResult<Vec<f64>> {
        let names = self.vars();
        if let Ok(dict) = x.downcast::<pyo3::types::PyDict>() {
            let mut point = vec![f64::NAN; names.len()];
            let mut seen = vec![false; names.len()];
            for (k, v) in dict.iter() {
                let k: String = k.extract()?;
                let Some(i) = names.iter().position(|n| *n == k) else {
                    return Err(PyValueError::new_err(format!(
                        "the point names `{k}`, which is not a variable of the formula; its variables are {}",
                        names.join(", ")
                    )));
                };
                point[i] = v.extract()?;
                seen[i] = true;
            }
            if let Some(i) = seen.iter().position(|s| !s) {
                return Err(PyValueError::new_err(format!(
                    "the point gives no value for `{}`; give one value per variable ({})",
                    names[i],
                    names.join(", ")
                )));
            }
            return Ok(point);
        }
        match self.points(x)? {
            Points::One(a) => Ok(a.as_slice()?.to_vec()),
            Points::Batch(..) => Err(PyValueError::new_err(format!(
                "expected one point ({} values, or a dict by name), found a 2-D array",
                names.len()
            ))),
        }
    }

    /// The number of variables.
    fn dim(&self) -> usize {
        self.problem.dim()
    }

    /// Reads `x` as one point (1-D, `d` values) or a batch (2-D, `d` columns); any other
    /// shape is a `ValueError` that says which shapes are accepted.
    fn points<'py>(&self, x: &Bound<'py, PyAny>) -> PyResult<Points<'py>> {
        let py = x.py();
        let arr = py
            .import("numpy")?
            .getattr("ascontiguousarray")?
            .call1((x, "float64"))?;
        let arr: PyReadonlyArrayDyn<'py, f64> = arr.extract()?;
        let d = self.dim();
        let shape = arr.shape().to_vec();
        let names = self.problem.input_names().join(", ");
        match shape.as_slice() {
            [n] if *n == d => Ok(Points::One(arr)),
            [n, c] if *c == d => Ok(Points::Batch(arr, *n)),
            _ => Err(PyValueError::new_err(format!(
                "expected a point of {d} values ({names}) or an array of shape (n, {d}) with one point a row, found an array of shape {shape:?}"
            ))),
        }
    }

    /// Runs `program` over the `n` rows of `points` on all cores with the GIL released; the
    /// outputs, `n_outputs` a row.
    fn batch(py: Python<'_>, program: &Program, points: &[f64], n: usize) -> PyResult<Vec<f64>> {
        let mut out = vec![0.0; n * program.n_outputs()];
        py.detach(|| program.eval_batch_par(points, &mut out))
            .map_err(|e| py_err(e.into()))?;
        Ok(out)
    }

    /// The value and gradient at one point.
    fn value_grad_one(&self, x: &[f64]) -> PyResult<(f64, Vec<f64>)> {
        let program = self.problem.value_grad_tape();
        let mut grad = vec![0.0; self.dim()];
        let v = program
            .eval_value_grad(x, &mut program.workspace(), &mut grad)
            .map_err(|e| py_err(e.into()))?;
        Ok((v, grad))
    }

    /// The value+gradient program's batch outputs split into the values and the gradients
    /// (an `(n, d)` array).
    fn value_grad_batch<'py>(
        &self,
        py: Python<'py>,
        x: &[f64],
        n: usize,
    ) -> PyResult<(Bound<'py, PyArray1<f64>>, Bound<'py, PyAny>)> {
        let d = self.dim();
        let out = Self::batch(py, self.problem.value_grad_tape(), x, n)?;
        let mut values = Vec::with_capacity(n);
        let mut grads = Vec::with_capacity(n * d);
        for row in out.chunks_exact(d + 1) {
            values.push(row[0]);
            grads.extend_from_slice(&row[1..]);
        }
        let grads = Array2::from_shape_vec((n, d), grads)
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok((values.into_pyarray(py), grads.into_pyarray(py).into_any()))
    }
}

#[pymethods]
impl PyFormula {
    /// Parses and compiles `text`; `vars` names the variables in order (by default the
    /// definition's order, or else the order of first appearance).
    #[new]
    #[pyo3(signature = (text, vars = None))]
    fn new(text: &str, vars: Option<Vec<String>>) -> PyResult<Self> {
        let formula = match &vars {
            Some(names) => Formula::parse_with_vars(text, names).map_err(py_err)?,
            None => Formula::parse(text).map_err(|e| py_err(e.into()))?,
        };
        let problem = Problem::new(formula).map_err(py_err)?;
        Ok(PyFormula {
            src: text.to_string(),
            problem,
            hessian: OnceLock::new(),
        })
    }

    /// The variables, in order: a point holds one value per variable in this order.
    #[getter]
    fn vars(&self) -> Vec<String> {
        self.problem
            .input_names()
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    /// The partial derivatives as infix text, one per variable.
    #[getter]
    fn partials(&self) -> PyResult<Vec<String>> {
        (0..self.dim())
            .map(|i| self.problem.partial_text(i).map_err(py_err))
            .collect()
    }

    /// The value at a point (a float), or at each row of an `(n, d)` array (an array of `n`).
    fn value<'py>(&self, x: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let py = x.py();
        let program = self.problem.value_tape();
        match self.points(x)? {
            Points::One(a) => {
                let mut out = [0.0];
                program
                    .eval(a.as_slice()?, &mut program.workspace(), &mut out)
                    .map_err(|e| py_err(e.into()))?;
                Ok(PyFloat::new(py, out[0]).into_any())
            }
            Points::Batch(a, n) => {
                let out = Self::batch(py, program, a.as_slice()?, n)?;
                Ok(out.into_pyarray(py).into_any())
            }
        }
    }

    /// `f(x)`: the same as [`PyFormula::value`].
    fn __call__<'py>(&self, x: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        self.value(x)
    }

    /// The gradient at a point (an array of `d`), or at each row of an `(n, d)` array (an
    /// `(n, d)` array).
    fn grad<'py>(&self, x: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let py = x.py();
        match self.points(x)? {
            Points::One(a) => Ok(self
                .value_grad_one(a.as_slice()?)?
                .1
                .into_pyarray(py)
                .into_any()),
            Points::Batch(a, n) => Ok(self.value_grad_batch(py, a.as_slice()?, n)?.1),
        }
    }

    /// The value and the gradient together: `(float, array of d)` at a point, `(array of n,
    /// (n, d) array)` for a batch.
    fn value_and_grad<'py>(&self, x: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyTuple>> {
        let py = x.py();
        match self.points(x)? {
            Points::One(a) => {
                let (v, g) = self.value_grad_one(a.as_slice()?)?;
                PyTuple::new(
                    py,
                    [
                        PyFloat::new(py, v).into_any(),
                        g.into_pyarray(py).into_any(),
                    ],
                )
            }
            Points::Batch(a, n) => {
                let (v, g) = self.value_grad_batch(py, a.as_slice()?, n)?;
                PyTuple::new(py, [v.into_any(), g])
            }
        }
    }

    /// The Hessian at a point: a `(d, d)` array.
    fn hessian<'py>(&self, x: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let py = x.py();
        let a = match self.points(x)? {
            Points::One(a) => a,
            Points::Batch(..) => {
                return Err(PyValueError::new_err(
                    "hessian takes one point (a 1-D array); call it once per row for a batch",
                ))
            }
        };
        let program = match self.hessian.get() {
            Some(p) => p,
            None => {
                let mut problem = self.problem.clone();
                let p = problem.hessian_tape().map_err(py_err)?.clone();
                self.hessian.get_or_init(|| p)
            }
        };
        let d = self.dim();
        let mut out = vec![0.0; program.n_outputs()];
        program
            .eval(a.as_slice()?, &mut program.workspace(), &mut out)
            .map_err(|e| py_err(e.into()))?;
        let h = Array2::from_shape_vec((d, d), out[1 + d..].to_vec())
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(h.into_pyarray(py).into_any())
    }

    /// `Formula('text', vars=[...])`.
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let text = PyString::new(py, &self.src).repr()?;
        let vars = self.vars().into_pyobject(py)?.repr()?;
        Ok(format!("Formula({text}, vars={vars})"))
    }
}
