//! The evaluation trace and the expression graph from Python: `nabla.trace(f, at)`, the answer
//! of `nabla trace --json` ([`nabla::answer::trace`]), and `nabla.graph(f, at=None)`, the answer
//! of `nabla graph --json` ([`nabla::answer::graph`]) with its picture drawn in memory.
//!
//! Invariants: the limits are the library's ([`nabla::answer::MAX_TRACE_STEPS`] steps for a
//! trace, [`nabla::MAX_DRAWN_NODES`] for a drawing), checked by counting before the trace is
//! built, so a huge formula is refused at once. The graph's answer is the CLI's but for
//! `picture.file`, which is `-` (drawn in memory, the command line's `-o -`); the picture travels
//! beside the document in a [`GraphDrawing`], which `nabla._display.GraphAnswer` shows
//! (`_repr_svg_`) and saves (`.save(path)`: `.svg` or `.png`, through a temporary file renamed
//! into place by the library). Drawing runs with the GIL released.

use std::path::Path;

use nabla::answer::{Answer, GraphAnswer, MAX_TRACE_STEPS};
use nabla::plot::IN_MEMORY;
use nabla::{GraphDrawError, Trace, MAX_DRAWN_NODES};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::answer::to_py;
use crate::formula::PyFormula;

/// A drawing error as a `ValueError` (a bad extension, an unwritable folder, too many nodes).
fn draw_err(e: GraphDrawError) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// The picture of an expression graph: its SVG text, and the graph to draw it again into a
/// file. Held by `nabla._display.GraphAnswer` beside the answer's document.
#[pyclass(name = "GraphDrawing", module = "nabla", frozen)]
pub struct GraphDrawing {
    /// The graph's answer, with its trace and evaluation.
    answer: GraphAnswer,
    /// The picture as SVG text.
    svg: String,
}

#[pymethods]
impl GraphDrawing {
    /// The picture as SVG text.
    #[getter]
    fn svg(&self) -> &str {
        &self.svg
    }

    /// Draws the picture into `path`, `.svg` or `.png` by its extension; nothing appears under
    /// that name until the picture is complete.
    fn save(&self, py: Python<'_>, path: &str) -> PyResult<()> {
        let mut answer = self.answer.clone();
        py.detach(|| answer.draw(Path::new(path)))
            .map(|_| ())
            .map_err(draw_err)
    }
}

/// The formula argument (a `Formula` or a text) and the point `at` (a sequence, a dict by
/// name, or `None`), refused when the trace has more than `max` steps (`what` says what would
/// be done with it).
fn formula_and_point(
    f: &Bound<'_, PyAny>,
    at: Option<&Bound<'_, PyAny>>,
    max: usize,
    what: &str,
) -> PyResult<(nabla::Formula, Option<Vec<f64>>)> {
    let f = PyFormula::from_arg(f)?;
    let f = f.get();
    let formula = f.problem.formula().clone();
    let count = Trace::count_steps(&formula);
    if count > max {
        return Err(PyValueError::new_err(format!(
            "the formula's trace has {count} steps; {what} at most {max}, more would be unreadable; use a smaller formula, or nabla.grad for the value and gradient alone"
        )));
    }
    let x = at.map(|a| f.point_arg(a)).transpose()?;
    Ok((formula, x))
}

/// The evaluation trace of `f` at `at` (forward sweep, reverse sweep, gradient, cost of each
/// mode), with forward mode's tangents along the variable `forward` when given: the answer of
/// `nabla trace --json`.
#[pyfunction]
#[pyo3(signature = (f, at, *, forward = None))]
pub(crate) fn trace<'py>(
    f: &Bound<'py, PyAny>,
    at: &Bound<'py, PyAny>,
    forward: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = f.py();
    let (formula, x) = formula_and_point(f, Some(at), MAX_TRACE_STEPS, "a trace shows")?;
    let x = x.unwrap_or_default();
    let names = formula.var_names();
    let dir = match forward {
        None => None,
        Some(d) => Some(names.iter().position(|n| *n == d.trim()).ok_or_else(|| {
            PyValueError::new_err(format!(
                "forward mode's direction `{d}` is not a variable of the formula; its variables are {}",
                names.join(", ")
            ))
        })?),
    };
    let answer = py
        .detach(|| nabla::answer::trace(&formula, &x, dir))
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    to_py(py, Answer::Trace(answer))
}

/// The expression graph of `f` (with values and adjoints at `at` when given), drawn: the answer
/// of `nabla graph --json`, shown in Jupyter as its SVG picture and saved with `.save(path)`.
#[pyfunction]
#[pyo3(signature = (f, at = None))]
pub(crate) fn graph<'py>(
    f: &Bound<'py, PyAny>,
    at: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = f.py();
    let at = at.filter(|a| !a.is_none());
    let (formula, x) = formula_and_point(f, at, MAX_DRAWN_NODES, "a drawing shows")?;
    let (answer, svg) = py.detach(|| {
        let mut answer = nabla::answer::graph(&formula, x.as_deref())
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        let summary = answer.draw(Path::new(IN_MEMORY)).map_err(draw_err)?;
        Ok::<_, PyErr>((answer, summary.svg.unwrap_or_default()))
    })?;
    let drawing = Bound::new(
        py,
        GraphDrawing {
            answer: answer.clone(),
            svg,
        },
    )?;
    to_py(py, Answer::Graph(answer))?.call_method1("_attach", (drawing,))
}
