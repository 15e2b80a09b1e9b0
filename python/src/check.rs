//! Gradient checks from Python: `nabla.check(f, grad=None, ...)` and
//! `nabla.check_gradient(fun, grad, x0, ...)`, the answers of `nabla check --json`.
//!
//! * `check(f)`: the exact gradient of the formula `f` against central differences
//!   ([`nabla::answer::check`]), or the step sweep at one point ([`nabla::answer::check_sweep`]);
//! * `check(f, grad=["...", ...])` or `grad={"x": "..."}`: hand-derived formulas against the
//!   exact partials ([`nabla::answer::check_hand`]);
//! * `check(f, grad=my_grad)`: the student's own Python gradient function, evaluated at the same
//!   points, against the exact partials with the same diagnosis ([`nabla::answer::check_hand_fn`]);
//! * `check_gradient(fun, grad, x0)`: a Python function without a formula and its gradient,
//!   against central differences of `fun` ([`nabla::answer::check_objective`] on a
//!   [`nabla::FnObjective`]), or the step sweep ([`nabla::answer::check_sweep_objective`]).
//!
//! Invariants: every number, verdict and default comes from the library; this file turns
//! Python arguments into the library's requests and Python's exceptions into errors. Python
//! functions are called with the GIL held (through the library's generic objective); checks of
//! formulas alone release it. A Python function that raises, or returns the wrong shape or
//! something that is not numbers, ends the check with a `ValueError` or `TypeError` whose
//! `__cause__` is the student's exception.

use std::cell::RefCell;

use nabla::answer::{
    Answer, CheckAnswer, CheckRequest, HandFn, HandRequest, RandomPoints, SweepAnswer,
};
use nabla::limits::{count_in, MAX_RANDOM_POINTS};
use nabla::{
    CheckError, CheckOptions, FnObjective, Precision, Problem, Source, Step, VerifyOptions,
    DEFAULT_ATOL, DEFAULT_BOX, DEFAULT_CHECK_POINTS, DEFAULT_HAND_POINTS, DEFAULT_RTOL,
};
use numpy::PyArray1;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

use crate::answer::to_py;
use crate::formula::PyFormula;
use crate::{py_err, ParseError};

/// Registers `check` and `check_gradient` in the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(check_gradient, m)?)?;
    Ok(())
}

/// The slot where a Python function's exception waits while the library unwinds the check.
type Slot = RefCell<Option<PyErr>>;

/// A check error as a Python exception: the stored exception of a Python function, a
/// `nabla.ParseError` for a hand formula that does not parse, a `ValueError` otherwise.
fn check_err(e: CheckError, slot: &Slot) -> PyErr {
    if let Some(err) = slot.borrow_mut().take() {
        return err;
    }
    match e {
        CheckError::Engine(e) => py_err(e),
        e @ CheckError::HandParse { .. } => ParseError::new_err(e.to_string()),
        other => PyValueError::new_err(other.to_string()),
    }
}

/// The name a person gave a Python callable: its `__qualname__`, `__name__`, or its type's name.
fn callable_name(f: &Bound<'_, PyAny>) -> PyResult<String> {
    for attr in ["__qualname__", "__name__"] {
        if let Ok(name) = f.getattr(attr).and_then(|n| n.extract::<String>()) {
            return Ok(name);
        }
    }
    Ok(f.get_type().name()?.to_string())
}

/// The point as Python prints it, for messages: `(1.5, -2)`.
fn point_text(x: &[f64]) -> String {
    let parts: Vec<String> = x.iter().map(|v| nabla::fmt_number(*v)).collect();
    format!("({})", parts.join(", "))
}

/// `err` (a new exception) with `cause` as its `__cause__`.
fn caused(py: Python<'_>, err: PyErr, cause: PyErr) -> PyErr {
    err.set_cause(py, Some(cause));
    err
}

/// Calls the Python function `f` (named `name`, in the role `role`) at `x`, a fresh 1-D float64
/// array, and reads its result as `n` numbers (`n = None`: one number).
fn call_numbers(
    f: &Bound<'_, PyAny>,
    name: &str,
    role: &str,
    x: &[f64],
    n: Option<usize>,
) -> PyResult<Vec<f64>> {
    let py = f.py();
    let arg = PyArray1::from_slice(py, x);
    let result = f.call1((arg,)).map_err(|e| {
        let err = PyValueError::new_err(format!(
            "your {role} `{name}` raised {} at x = {}: {}; fix it so that it runs at every point of the box",
            e.get_type(py).name().map(|n| n.to_string()).unwrap_or_default(),
            point_text(x),
            e.value(py)
        ));
        caused(py, err, e)
    })?;
    let np = py.import("numpy")?;
    let not_numbers = || {
        let what = result
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_default();
        let expect = match n {
            Some(n) => format!("an array of {n} real numbers"),
            None => "one real number".to_string(),
        };
        PyTypeError::new_err(format!(
            "your {role} `{name}` returned a {what} that is not real numbers at x = {}; return {expect}",
            point_text(x)
        ))
    };
    // Booleans, integers and floats only: numpy would read None as NaN and drop the imaginary
    // part of a complex number.
    let raw = np
        .getattr("asarray")?
        .call1((&result,))
        .map_err(|e| caused(py, not_numbers(), e))?;
    let kind: String = raw.getattr("dtype")?.getattr("kind")?.extract()?;
    if !matches!(kind.as_str(), "b" | "i" | "u" | "f") {
        return Err(not_numbers());
    }
    let arr = raw.call_method1("astype", ("float64",))?;
    let shape: Vec<usize> = arr.getattr("shape")?.extract()?;
    let flat: Vec<f64> = arr
        .call_method1("reshape", (-1,))?
        .call_method0("tolist")?
        .extract()?;
    match n {
        Some(n) if shape == [n] => Ok(flat),
        None if flat.len() == 1 && shape.len() <= 1 => Ok(flat),
        Some(n) => Err(PyValueError::new_err(format!(
            "your {role} `{name}` returned an array of shape {} at x = {}; return {n} numbers, one per variable, as a 1-D array",
            shape_text(&shape),
            point_text(x)
        ))),
        None => Err(PyValueError::new_err(format!(
            "your {role} `{name}` returned an array of shape {} at x = {}; return one number",
            shape_text(&shape),
            point_text(x)
        ))),
    }
}

/// A shape as Python prints it: `(3,)`, `(2, 2)`, `()`.
fn shape_text(shape: &[usize]) -> String {
    match shape {
        [n] => format!("({n},)"),
        _ => format!(
            "({})",
            shape
                .iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The points of `at`: `None`, one point (a sequence of one value per variable, or a dict by
/// name), or several (a 2-D array, a list of sequences or of dicts).
fn points_arg(f: &PyFormula, at: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<Vec<f64>>> {
    let Some(at) = at else {
        return Ok(Vec::new());
    };
    if at.downcast::<PyDict>().is_ok() {
        return Ok(vec![f.point_arg(at)?]);
    }
    let list_of_dicts = (at.downcast::<PyList>().is_ok() || at.downcast::<PyTuple>().is_ok())
        && at.len()? > 0
        && at.get_item(0)?.downcast::<PyDict>().is_ok();
    if list_of_dicts {
        return at.try_iter()?.map(|p| f.point_arg(&p?)).collect();
    }
    rows_arg(at, f.problem.n_inputs(), "at")
}

/// A point or points as a 1-D array (one point) or a 2-D array (one point a row) of `d` columns.
fn rows_arg(x: &Bound<'_, PyAny>, d: usize, what: &str) -> PyResult<Vec<Vec<f64>>> {
    let py = x.py();
    let arr = py
        .import("numpy")?
        .getattr("asarray")?
        .call1((x, "float64"))
        .map_err(|e| {
            caused(
                py,
                PyTypeError::new_err(format!(
                    "`{what}` must be numbers: one point of {d} values, or an array of shape (n, {d})"
                )),
                e,
            )
        })?;
    let shape: Vec<usize> = arr.getattr("shape")?.extract()?;
    match shape.as_slice() {
        [n] if *n == d => Ok(vec![arr.call_method0("tolist")?.extract()?]),
        [_, c] if *c == d => Ok(arr.call_method0("tolist")?.extract()?),
        _ => Err(PyValueError::new_err(format!(
            "`{what}` has shape {}; give one point of {d} values, or an array of shape (n, {d}) with one point a row",
            shape_text(&shape)
        ))),
    }
}

/// One interval `(lo, hi)`.
fn interval(v: &Bound<'_, PyAny>) -> PyResult<(f64, f64)> {
    v.extract::<(f64, f64)>().map_err(|_| {
        PyValueError::new_err(
            "each interval of the box is a pair of numbers (lo, hi), e.g. (-5, 5)",
        )
    })
}

/// The box: `None` (the library's default interval for every variable), one `(lo, hi)` for
/// every variable, a list of one interval per variable, or a dict of one interval by name.
fn box_arg(names: &[String], b: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<(f64, f64)>> {
    let Some(b) = b else {
        return Ok(vec![DEFAULT_BOX; names.len()]);
    };
    if let Ok(dict) = b.downcast::<PyDict>() {
        let mut out = vec![None; names.len()];
        for (k, v) in dict.iter() {
            let k: String = k.extract()?;
            let Some(i) = names.iter().position(|n| *n == k) else {
                return Err(PyValueError::new_err(format!(
                    "the box names `{k}`, which is not a variable of the formula; its variables are {}",
                    names.join(", ")
                )));
            };
            out[i] = Some(interval(&v)?);
        }
        if let Some(i) = out.iter().position(Option::is_none) {
            return Err(PyValueError::new_err(format!(
                "the box gives no interval for `{}`; give one for every variable ({})",
                names[i],
                names.join(", ")
            )));
        }
        return Ok(out.into_iter().flatten().collect());
    }
    if let Ok(pair) = b.extract::<(f64, f64)>() {
        return Ok(vec![pair; names.len()]);
    }
    if b.extract::<String>().is_ok() {
        return Err(PyTypeError::new_err(
            "give the box as (lo, hi) for every variable, a list of (lo, hi) per variable, or a dict by name",
        ));
    }
    b.try_iter()
        .map_err(|_| {
            PyTypeError::new_err(
                "give the box as (lo, hi) for every variable, a list of (lo, hi) per variable, or a dict by name",
            )
        })?
        .map(|v| interval(&v?))
        .collect()
}

/// The random points: `n` of `bounds` with `seed` (at most the library's
/// [`MAX_RANDOM_POINTS`]), none when `n` is 0.
fn random_arg(n: i64, bounds: &[(f64, f64)], seed: u64) -> PyResult<Option<RandomPoints>> {
    let n = count_in(i128::from(n), 0, MAX_RANDOM_POINTS)
        .map_err(|e| PyValueError::new_err(format!("points: {e}")))?;
    Ok((n > 0).then(|| RandomPoints::new(n, bounds, seed)))
}

/// The tolerances given or the library's defaults.
fn verify_options(rtol: Option<f64>, atol: Option<f64>) -> VerifyOptions {
    VerifyOptions {
        rtol: rtol.unwrap_or(DEFAULT_RTOL),
        atol: atol.unwrap_or(DEFAULT_ATOL),
    }
}

/// Hand formulas as `(variable, formula)` pairs: a list or tuple in variable order, or a dict by
/// name.
fn hand_formulas(f: &Problem, grad: &Bound<'_, PyAny>) -> PyResult<Option<HandRequest>> {
    if let Ok(dict) = grad.downcast::<PyDict>() {
        let mut pairs = Vec::with_capacity(dict.len());
        for (k, v) in dict.iter() {
            let k: String = k
                .extract()
                .map_err(|_| PyTypeError::new_err("the keys of `grad` are the variables' names"))?;
            let v: String = v.extract().map_err(|_| {
                PyTypeError::new_err(format!(
                    "the hand-derived partial for `{k}` must be a formula's text"
                ))
            })?;
            pairs.push((k, v));
        }
        let refs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        return Ok(Some(HandRequest::new(&refs, Vec::new())));
    }
    if grad.downcast::<PyList>().is_ok() || grad.downcast::<PyTuple>().is_ok() {
        let texts: Vec<String> = grad.extract().map_err(|_| {
            PyTypeError::new_err("`grad` as a list holds one formula's text per variable, in order")
        })?;
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let slot = RefCell::new(None);
        return HandRequest::in_order(f, &refs, Vec::new())
            .map(Some)
            .map_err(|e| check_err(e, &slot));
    }
    Ok(None)
}

/// Checks the formula `f`'s gradient at points: nabla's exact gradient against central
/// differences (`grad=None`), or a hand-derived gradient against the exact one, given as
/// formulas (a list in variable order, or a dict by name) or as your own Python function (it
/// takes a 1-D array and returns the gradient), with the diagnosis of a disagreement (opposite
/// sign, a factor, swapped partials, an offset). The answer is `nabla check --json`'s.
///
/// Points: `at` (one point, or several) and `points` random points of `box` drawn with `seed`.
/// By default a central check draws 5 random points when no point is given, and a hand check
/// 1000 (as `nabla check --grad`); `box` is one `(lo, hi)` for every variable, a list of one
/// per variable, or a dict by name (default -5..5). `sweep=True` gives the errors of forward and
/// central differences across the steps 1e-1 .. 1e-13 at the one point `at`.
#[pyfunction]
#[pyo3(signature = (f, grad = None, *, at = None, r#box = None, points = None, seed = 1, step = None, rtol = None, atol = None, precision = None, sweep = false))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn check<'py>(
    f: &Bound<'py, PyAny>,
    grad: Option<&Bound<'py, PyAny>>,
    at: Option<&Bound<'py, PyAny>>,
    r#box: Option<&Bound<'py, PyAny>>,
    points: Option<i64>,
    seed: u64,
    step: Option<f64>,
    rtol: Option<f64>,
    atol: Option<f64>,
    precision: Option<&str>,
    sweep: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let py = f.py();
    if f.is_callable() && f.downcast::<PyFormula>().is_err() {
        return Err(PyTypeError::new_err(
            "check takes a formula (a nabla.Formula or its text); for a Python function and its gradient use nabla.check_gradient(fun, grad, x0)",
        ));
    }
    let formula = PyFormula::from_arg(f)?;
    let formula = formula.get();
    let problem = &formula.problem;
    let names: Vec<String> = problem
        .input_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    if names.is_empty() {
        return Err(PyValueError::new_err(
            "the formula has no variables, so it has no gradient to check; give a formula with variables",
        ));
    }
    let given = points_arg(formula, at)?;
    let bounds = box_arg(&names, r#box)?;
    let precision = match precision {
        Some(p) => p.parse::<Precision>().map_err(PyValueError::new_err)?,
        None => Precision::default(),
    };
    let slot: Slot = RefCell::new(None);
    let grad = grad.filter(|g| !g.is_none());
    if let Some(grad) = grad {
        if sweep || step.is_some() || precision != Precision::F64 {
            return Err(PyValueError::new_err(
                "a hand-derived gradient is compared with the exact one at points, without steps: leave out sweep, step and precision",
            ));
        }
        let n = points.unwrap_or(DEFAULT_HAND_POINTS as i64);
        let random = random_arg(n, &bounds, seed)?;
        let options = verify_options(rtol, atol);
        if let Some(mut req) = hand_formulas(problem, grad)? {
            req.points = given;
            req.random = random;
            req.options = options;
            let answer = py
                .detach(|| nabla::answer::check_hand(problem, &req))
                .map_err(|e| check_err(e, &slot))?;
            return to_py(py, Answer::Check(CheckAnswer::Hand(answer)));
        }
        if !grad.is_callable() {
            return Err(PyTypeError::new_err(format!(
                "`grad` must be a list of formulas (one per variable, in order), a dict of formulas by variable, or a Python function of a 1-D array; found {}",
                grad.get_type().name()?
            )));
        }
        let name = callable_name(grad)?;
        let d = problem.dim();
        let labels = (0..d).map(|i| format!("{name}(x)[{i}]")).collect();
        let source = format!("python function {name}");
        let hand = HandFn::new(
            &source,
            labels,
            |x: &[f64], out: &mut [f64]| match call_numbers(
                grad,
                &name,
                "gradient function",
                x,
                Some(d),
            ) {
                Ok(v) => {
                    out.copy_from_slice(&v);
                    Ok(())
                }
                Err(e) => {
                    let message = e.to_string();
                    *slot.borrow_mut() = Some(e);
                    Err(CheckError::Function { message })
                }
            },
        );
        let mut req = HandRequest::new(&[], given);
        req.random = random;
        req.options = options;
        let answer =
            nabla::answer::check_hand_fn(problem, &req, hand).map_err(|e| check_err(e, &slot))?;
        return to_py(py, Answer::Check(CheckAnswer::Hand(answer)));
    }
    if sweep {
        if points.is_some() || r#box.is_some() || step.is_some() {
            return Err(PyValueError::new_err(
                "the sweep takes its own steps at one point: give the point with `at` and leave out points, box and step",
            ));
        }
        let [x] = &given[..] else {
            return Err(PyValueError::new_err(
                "the sweep needs exactly one point; give it with `at`",
            ));
        };
        let answer = py
            .detach(|| nabla::answer::check_sweep(problem, x, precision))
            .map_err(|e| check_err(e, &slot))?;
        return to_py(py, Answer::Check(CheckAnswer::Sweep(answer)));
    }
    let n = points.unwrap_or(if at.is_some() && r#box.is_none() {
        0
    } else {
        DEFAULT_CHECK_POINTS as i64
    });
    let mut req = CheckRequest::new(
        given,
        CheckOptions {
            step: step.map_or(Step::Auto, Step::Fixed),
            rtol: rtol.unwrap_or(DEFAULT_RTOL),
            atol: atol.unwrap_or(DEFAULT_ATOL),
            precision,
        },
    );
    req.random = random_arg(n, &bounds, seed)?;
    let answer = py
        .detach(|| nabla::answer::check(problem, &req))
        .map_err(|e| check_err(e, &slot))?;
    to_py(py, Answer::Check(CheckAnswer::Central(Box::new(answer))))
}

/// Checks the gradient function `grad` of any Python function `fun` (R^n -> R, no formula
/// needed) against central differences of `fun` at `x0` (one point, or an `(n, d)` array of
/// points): a table with one row per partial (the gradient's value, the central difference,
/// the absolute and relative errors, the outcome), kinks reported as such (read from the values
/// of `fun`), and a verdict. `h` fixes the step (default: cbrt(eps)*max(|x_i|,1), a power of
/// two). `sweep=True` gives instead the errors of forward and central differences across the
/// steps 1e-1 .. 1e-13 at `x0`. The answer is a `check` answer, as `nabla check --json`'s.
#[pyfunction]
#[pyo3(signature = (fun, grad, x0, *, h = None, sweep = false, rtol = None, atol = None))]
pub(crate) fn check_gradient<'py>(
    fun: &Bound<'py, PyAny>,
    grad: &Bound<'py, PyAny>,
    x0: &Bound<'py, PyAny>,
    h: Option<f64>,
    sweep: bool,
    rtol: Option<f64>,
    atol: Option<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = fun.py();
    for (what, g) in [("fun", fun), ("grad", grad)] {
        if !g.is_callable() {
            return Err(PyTypeError::new_err(format!(
                "`{what}` must be a Python function of a 1-D array; found {}",
                g.get_type().name()?
            )));
        }
    }
    let d = {
        let arr = py
            .import("numpy")?
            .getattr("asarray")?
            .call1((x0, "float64"))?;
        let shape: Vec<usize> = arr.getattr("shape")?.extract()?;
        match shape.as_slice() {
            [d] | [_, d] if *d > 0 => *d,
            _ => {
                return Err(PyValueError::new_err(format!(
                    "`x0` has shape {}; give one point (a 1-D array of the function's inputs), or an array of shape (n, d)",
                    shape_text(&shape)
                )))
            }
        }
    };
    let given = rows_arg(x0, d, "x0")?;
    let names: Vec<String> = (0..d).map(|i| format!("x[{i}]")).collect();
    let (fname, gname) = (callable_name(fun)?, callable_name(grad)?);
    let slot: Slot = RefCell::new(None);
    let fail = |e: PyErr| {
        let message = e.to_string();
        *slot.borrow_mut() = Some(e);
        CheckError::Function { message }
    };
    let mut obj = FnObjective::new(
        names,
        |x: &[f64]| {
            call_numbers(fun, &fname, "function", x, None)
                .map(|v| v[0])
                .map_err(fail)
        },
        |x: &[f64], out: &mut [f64]| {
            let v = call_numbers(grad, &gname, "gradient function", x, Some(d)).map_err(fail)?;
            out.copy_from_slice(&v);
            Ok(())
        },
    )
    .with_source(Source::code(
        &format!("python function {fname}"),
        &format!("python function {gname}"),
    ));
    if sweep {
        if h.is_some() {
            return Err(PyValueError::new_err(
                "the sweep takes its own steps 1e-1 .. 1e-13; leave out h",
            ));
        }
        let [x] = &given[..] else {
            return Err(PyValueError::new_err(
                "the sweep needs exactly one point; give x0 as a 1-D array",
            ));
        };
        let answer: SweepAnswer = nabla::answer::check_sweep_objective(&mut obj, x, Precision::F64)
            .map_err(|e| check_err(e, &slot))?;
        return to_py(py, Answer::Check(CheckAnswer::Sweep(answer)));
    }
    let req = CheckRequest::new(
        given,
        CheckOptions {
            step: h.map_or(Step::Auto, Step::Fixed),
            rtol: rtol.unwrap_or(DEFAULT_RTOL),
            atol: atol.unwrap_or(DEFAULT_ATOL),
            precision: Precision::F64,
        },
    );
    let answer = nabla::answer::check_objective(&mut obj, &req).map_err(|e| check_err(e, &slot))?;
    to_py(py, Answer::Check(CheckAnswer::Central(Box::new(answer))))
}
