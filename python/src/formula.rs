//! `nabla.Formula`: a typed formula as a Python object with numpy arrays in and out.
//!
//! `nabla.Formula(text, vars=None)` parses and compiles a formula once; its value, gradient and
//! Hessian then take a point (a 1-D array or sequence of one value per variable) or, for the
//! value and the gradient, a batch (an array of shape `(n, d)`, one point a row), which runs the
//! compiled program over all rows on all cores with the GIL released
//! ([`nabla::Program::eval_batch_par`]). A typo is a `nabla.ParseError` (a `ValueError`) whose
//! message carries the caret under the offending text; a wrong shape is a `ValueError`.
//!
//! **float32.** A `float32` array in gives `float32` out (arrays, and a `numpy.float32` for the
//! value at a point): the point is widened to `f64` exactly, computed in `f64` as every other
//! input, and each result rounded to `f32` once at the end. So an `f32` answer is the `f64`
//! answer correctly rounded, never the product of `f32` arithmetic along the way (which would
//! lose digits in long sums); any other dtype is read as `float64` and answered in `float64`.
//!
//! **Display.** In Jupyter a formula shows as presentation MathML (`_repr_html_`, the library's
//! [`nabla::Graph::to_mathml`], with its variables) or LaTeX (`_repr_latex_`, the library's
//! [`nabla::Graph::to_latex`] between `$`); `latex` and `partials_latex` give the LaTeX text.
//!
//! **Workspaces.** Single-point calls reuse one workspace per compiled program (value,
//! value+gradient, Hessian) kept in a `Mutex` inside the frozen object, instead of allocating
//! one per call; a call that finds it in use (another thread) takes a fresh one, so nothing
//! waits and the answers are the same either way.
use std::sync::{Mutex, OnceLock};

use nabla::{Formula, Problem, Program, Workspace};
use numpy::ndarray::Array2;
use numpy::{
    dtype, IntoPyArray, PyArray2, PyArrayDescrMethods, PyArrayMethods, PyReadonlyArrayDyn,
    PyUntypedArray, PyUntypedArrayMethods,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyFloat, PySlice, PyString, PyTuple};

use crate::py_err;

/// A formula compiled once for its value, gradient and Hessian (Python: `nabla.Formula`).
///
/// A `float32` array in gives `float32` out: computed in `float64`, each result rounded once.
/// In Jupyter it shows typeset (MathML, or LaTeX); `latex` and `partials_latex` give the LaTeX.
#[pyclass(name = "Formula", module = "nabla", frozen)]
pub struct PyFormula {
    /// The text as given.
    pub(crate) src: String,
    /// The compiled value and value+gradient programs, differentiated in all variables.
    pub(crate) problem: Problem,
    /// The value+gradient+Hessian program and its workspace, derived and compiled on first use.
    hessian: OnceLock<(Program, Mutex<Workspace<f64>>)>,
    /// The Hessian-vector product program and its workspace, derived and compiled on first use.
    hvp: OnceLock<(Program, Mutex<Workspace<f64>>)>,
    /// The value program's workspace, reused by single-point calls.
    ws_value: Mutex<Workspace<f64>>,
    /// The value+gradient program's workspace, reused by single-point calls.
    ws_grad: Mutex<Workspace<f64>>,
}

/// A point or a batch of points, read from a Python array or sequence as contiguous `f64`s.
enum Points<'py> {
    /// One point: a 1-D array of one value per variable.
    One(PyReadonlyArrayDyn<'py, f64>),
    /// `n` points, one a row of a 2-D array of shape `(n, d)`.
    Batch(PyReadonlyArrayDyn<'py, f64>, usize),
}

/// Runs `f` with the workspace in `slot`, or with a fresh one of `program` when another thread
/// holds it (so a call never waits, and never shares registers).
fn with_workspace<R>(
    slot: &Mutex<Workspace<f64>>,
    program: &Program,
    f: impl FnOnce(&mut Workspace<f64>) -> R,
) -> R {
    match slot.try_lock() {
        Ok(mut ws) => f(&mut ws),
        Err(_) => f(&mut program.workspace()),
    }
}

/// Whether `x` is a numpy array of `float32`: then the results are `float32` too.
fn is_f32(x: &Bound<'_, PyAny>) -> bool {
    x.downcast::<PyUntypedArray>()
        .is_ok_and(|a| a.dtype().is_equiv_to(&dtype::<f32>(x.py())))
}

/// A vector of results as a 1-D array, rounded once to `float32` when `f32`.
fn array1(py: Python<'_>, v: Vec<f64>, f32: bool) -> Bound<'_, PyAny> {
    if f32 {
        v.into_iter()
            .map(|x| x as f32)
            .collect::<Vec<f32>>()
            .into_pyarray(py)
            .into_any()
    } else {
        v.into_pyarray(py).into_any()
    }
}

/// Row-major results as an `(n, d)` array, rounded once to `float32` when `f32`.
fn array2(
    py: Python<'_>,
    v: Vec<f64>,
    n: usize,
    d: usize,
    f32: bool,
) -> PyResult<Bound<'_, PyAny>> {
    let shape_err = |e: numpy::ndarray::ShapeError| PyValueError::new_err(e.to_string());
    Ok(if f32 {
        let v: Vec<f32> = v.into_iter().map(|x| x as f32).collect();
        Array2::from_shape_vec((n, d), v)
            .map_err(shape_err)?
            .into_pyarray(py)
            .into_any()
    } else {
        Array2::from_shape_vec((n, d), v)
            .map_err(shape_err)?
            .into_pyarray(py)
            .into_any()
    })
}

/// A value at a point: a Python float, or a `numpy.float32` (rounded once) when `f32`.
fn scalar(py: Python<'_>, v: f64, f32: bool) -> PyResult<Bound<'_, PyAny>> {
    if f32 {
        py.import("numpy")?.getattr("float32")?.call1((v,))
    } else {
        Ok(PyFloat::new(py, v).into_any())
    }
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
        // A C-contiguous float64 array is read in place; anything else through numpy.
        let arr: PyReadonlyArrayDyn<'py, f64> = match x.extract::<PyReadonlyArrayDyn<'py, f64>>() {
            Ok(a) if a.is_c_contiguous() => a,
            _ => py
                .import("numpy")?
                .getattr("ascontiguousarray")?
                .call1((x, "float64"))?
                .extract()?,
        };
        let d = self.dim();
        let shape = arr.shape().to_vec();
        match shape.as_slice() {
            [n] if *n == d => Ok(Points::One(arr)),
            [n, c] if *c == d => Ok(Points::Batch(arr, *n)),
            _ => Err(PyValueError::new_err(format!(
                "expected a point of {d} values ({}) or an array of shape (n, {d}) with one point a row, found an array of shape {shape:?}",
                self.problem.input_names().join(", ")
            ))),
        }
    }

    /// Runs `program` over the `n` rows of `points` on all cores with the GIL released, writing
    /// straight into a new `(n, n_outputs)` numpy array (no copy of the results afterwards).
    fn batch<'py>(
        py: Python<'py>,
        program: &Program,
        points: &[f64],
        n: usize,
    ) -> PyResult<Bound<'py, PyArray2<f64>>> {
        let k = program.n_outputs();
        // SAFETY: the array is new and referenced nowhere else; `eval_batch_par` writes every
        // element before it is returned, and on an error it is dropped unread.
        let arr = unsafe { PyArray2::<f64>::new(py, [n, k], false) };
        {
            // SAFETY: as above, the only reference to the array's data.
            let out =
                unsafe { arr.as_slice_mut() }.map_err(|e| PyValueError::new_err(e.to_string()))?;
            py.detach(|| program.eval_batch_par(points, out))
                .map_err(|e| py_err(e.into()))?;
        }
        Ok(arr)
    }

    /// Columns `cols` of a batch's outputs as a numpy view (no copy), rounded once to a new
    /// `float32` array when `f32`.
    fn columns<'py>(
        arr: &Bound<'py, PyArray2<f64>>,
        cols: Bound<'py, PyAny>,
        f32: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = arr.py();
        let view = arr.as_any().get_item((PySlice::full(py), cols))?;
        if f32 {
            view.call_method1("astype", ("float32",))
        } else {
            Ok(view)
        }
    }

    /// The value and gradient at one point.
    fn value_grad_one(&self, x: &[f64]) -> PyResult<(f64, Vec<f64>)> {
        let program = self.problem.value_grad_tape();
        let mut grad = vec![0.0; self.dim()];
        let v = with_workspace(&self.ws_grad, program, |ws| {
            program.eval_value_grad(x, ws, &mut grad)
        })
        .map_err(|e| py_err(e.into()))?;
        Ok((v, grad))
    }

    /// The value+gradient program's batch outputs as the values (an array of `n`) and the
    /// gradients (an `(n, d)` array): two views of one array, in `float32` when `f32`.
    fn value_grad_batch<'py>(
        &self,
        py: Python<'py>,
        x: &[f64],
        n: usize,
        f32: bool,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
        let out = Self::batch(py, self.problem.value_grad_tape(), x, n)?;
        let values = Self::columns(&out, 0usize.into_pyobject(py)?.into_any(), f32)?;
        let grads = Self::columns(&out, PySlice::new(py, 1, isize::MAX, 1).into_any(), f32)?;
        Ok((values, grads))
    }

    /// The LaTeX of node `node` of the formula's graph.
    fn latex_of(&self, node: nabla::NodeId) -> PyResult<String> {
        self.problem.graph().to_latex(node).map_err(py_err)
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
        let ws_value = Mutex::new(problem.value_tape().workspace());
        let ws_grad = Mutex::new(problem.value_grad_tape().workspace());
        Ok(PyFormula {
            src: text.to_string(),
            problem,
            hessian: OnceLock::new(),
            hvp: OnceLock::new(),
            ws_value,
            ws_grad,
        })
    }

    /// The variables, in order: a point holds one value per variable in this order.
    /// The formula as it was typed.
    #[getter]
    fn text(&self) -> String {
        self.src.clone()
    }

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

    /// The partial derivatives as LaTeX math (without `$`), one per variable: the library's
    /// LaTeX printer.
    #[getter]
    fn partials_latex(&self) -> PyResult<Vec<String>> {
        self.problem
            .gradient_nodes()
            .iter()
            .map(|&n| self.latex_of(n))
            .collect()
    }

    /// The formula as LaTeX math (without `$`): the library's LaTeX printer (`x^{2} y`,
    /// `\frac{a}{b}`, Greek names as letters, trailing digits as subscripts).
    #[getter]
    fn latex(&self) -> PyResult<String> {
        self.latex_of(self.problem.formula().root())
    }

    /// Jupyter's LaTeX display: the formula between `$`.
    fn _repr_latex_(&self) -> PyResult<String> {
        Ok(format!("${}$", self.latex()?))
    }

    /// Jupyter's HTML display: the formula as presentation MathML (the library's `to_mathml`),
    /// then its variables.
    fn _repr_html_(&self) -> PyResult<String> {
        let math = self
            .problem
            .graph()
            .to_mathml(self.problem.formula().root())
            .map_err(py_err)?;
        let vars: Vec<String> = self
            .vars()
            .iter()
            .map(|v| {
                format!(
                    "<code>{}</code>",
                    v.replace('&', "&amp;")
                        .replace('<', "&lt;")
                        .replace('>', "&gt;")
                )
            })
            .collect();
        let label = if vars.len() == 1 {
            "variable"
        } else {
            "variables"
        };
        Ok(format!(
            "<div>{math}<br/><small>{label}: {}</small></div>",
            if vars.is_empty() {
                "none".to_string()
            } else {
                vars.join(", ")
            }
        ))
    }

    /// The value at a point (a float), or at each row of an `(n, d)` array (an array of `n`).
    fn value<'py>(&self, x: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let py = x.py();
        let f32 = is_f32(x);
        let program = self.problem.value_tape();
        match self.points(x)? {
            Points::One(a) => {
                let mut out = [0.0];
                let x = a.as_slice()?;
                with_workspace(&self.ws_value, program, |ws| program.eval(x, ws, &mut out))
                    .map_err(|e| py_err(e.into()))?;
                scalar(py, out[0], f32)
            }
            Points::Batch(a, n) => {
                let out = Self::batch(py, program, a.as_slice()?, n)?;
                Self::columns(&out, 0usize.into_pyobject(py)?.into_any(), f32)
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
        let f32 = is_f32(x);
        match self.points(x)? {
            Points::One(a) => Ok(array1(py, self.value_grad_one(a.as_slice()?)?.1, f32)),
            Points::Batch(a, n) => Ok(self.value_grad_batch(py, a.as_slice()?, n, f32)?.1),
        }
    }

    /// The value and the gradient together: `(float, array of d)` at a point, `(array of n,
    /// (n, d) array)` for a batch.
    fn value_and_grad<'py>(&self, x: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyTuple>> {
        let py = x.py();
        let f32 = is_f32(x);
        match self.points(x)? {
            Points::One(a) => {
                let (v, g) = self.value_grad_one(a.as_slice()?)?;
                PyTuple::new(py, [scalar(py, v, f32)?, array1(py, g, f32)])
            }
            Points::Batch(a, n) => {
                let (v, g) = self.value_grad_batch(py, a.as_slice()?, n, f32)?;
                PyTuple::new(py, [v, g])
            }
        }
    }

    /// The Hessian at a point: a `(d, d)` array.
    fn hessian<'py>(&self, x: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let py = x.py();
        let f32 = is_f32(x);
        let a = match self.points(x)? {
            Points::One(a) => a,
            Points::Batch(..) => {
                return Err(PyValueError::new_err(
                    "hessian takes one point (a 1-D array); call it once per row for a batch",
                ))
            }
        };
        let (program, slot) = match self.hessian.get() {
            Some(p) => p,
            None => {
                let mut problem = self.problem.clone();
                let p = problem.hessian_tape().map_err(py_err)?.clone();
                let ws = Mutex::new(p.workspace());
                self.hessian.get_or_init(|| (p, ws))
            }
        };
        let d = self.dim();
        let mut out = vec![0.0; program.n_outputs()];
        let x = a.as_slice()?;
        with_workspace(slot, program, |ws| program.eval(x, ws, &mut out))
            .map_err(|e| py_err(e.into()))?;
        array2(py, out[1 + d..].to_vec(), d, d, f32)
    }

    /// The Hessian times a vector at a point, `H(x) @ p`: an array of `d`, without forming the
    /// Hessian (scipy's `hessp`, for Newton-CG and trust-region Krylov methods). Its cost is a
    /// small multiple of the gradient's for any number of variables, where `hessian` is limited
    /// to 500.
    fn hessp<'py>(
        &self,
        x: &Bound<'py, PyAny>,
        p: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = x.py();
        let f32 = is_f32(x);
        let one = |a: &Bound<'py, PyAny>, what: &str| -> PyResult<Vec<f64>> {
            match self.points(a)? {
                Points::One(a) => Ok(a.as_slice()?.to_vec()),
                Points::Batch(..) => Err(PyValueError::new_err(format!(
                    "hessp takes one {what} (a 1-D array of {} values); call it once per row for a batch",
                    self.dim()
                ))),
            }
        };
        let mut input = one(x, "point")?;
        input.extend(one(p, "direction")?);
        let (program, slot) = match self.hvp.get() {
            Some(p) => p,
            None => {
                let p = self.problem.hvp_program().map_err(py_err)?;
                let ws = Mutex::new(p.workspace());
                self.hvp.get_or_init(|| (p, ws))
            }
        };
        let mut out = vec![0.0; program.n_outputs()];
        with_workspace(slot, program, |ws| program.eval(&input, ws, &mut out))
            .map_err(|e| py_err(e.into()))?;
        Ok(array1(py, out, f32))
    }

    /// `Formula('text', vars=[...])`.
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let text = PyString::new(py, &self.src).repr()?;
        let vars = self.vars().into_pyobject(py)?.repr()?;
        Ok(format!("Formula({text}, vars={vars})"))
    }
}
