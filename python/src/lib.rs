//! The native half of the Python package `nabla` (pyo3, abi3 for CPython 3.9 and newer): the
//! extension module `nabla._nabla`, which the pure-Python package `python/nabla/` re-exports and
//! wraps (answer objects, Jupyter displays, scipy-style results).
//!
//! * `formula.rs`: `nabla.Formula`, a formula compiled once, numpy arrays in and out.
//! * `answer.rs`: the library's typed answers ([`nabla::answer`]) handed to Python as the JSON
//!   document the CLI's `--json` prints, wrapped by `nabla._answer` into objects with attribute
//!   access; `.to_dict()` is that document, so Python and the CLI cannot disagree.
//! * `point.rs`: `nabla.eval` and `nabla.grad`, answers at one point.
//! * `minimize.rs`: `nabla.minimize`, `compare`, `minimize_global` and `certify`, the answers
//!   of `nabla min`.
//! * `fit.rs`: `nabla.fit`, a formula's parameters fitted to columns in memory.
//! * `partitions.rs`: partitioned fits (`nabla._dask`): the kernel the workers apply to their
//!   partitions, and the client's view of the partitions.
//! * `trace.rs`: `nabla.trace` and `nabla.graph`, the evaluation trace and the drawn graph.
//! * `plot.rs`: `nabla.plot`, pictures drawn in memory and saved as SVG or PNG.
//! * `check.rs`: `nabla.check` and `nabla.check_gradient`, gradient checks (also of Python code).
//! * `language.rs`: `nabla.set_language` and `nabla.language`, the language of the words.
//! * `cli.rs`: the command line (`nabla_cli`), linked in for `python -m nabla` and the `nabla`
//!   console script.
//!
//! Invariant: every result and verdict comes from the library; this crate converts arguments and
//! values between Python and Rust and decides nothing. Errors are Python exceptions:
//! `nabla.ParseError` (a `ValueError` carrying the caret message) for a formula that does not
//! parse, `ValueError` for bad arguments.

mod answer;
mod check;
mod cli;
mod fit;
mod formula;
mod language;
mod minimize;
mod partitions;
mod plot;
mod point;
mod trace;

use nabla::Error;
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

create_exception!(
    nabla,
    ParseError,
    PyValueError,
    "A formula that does not parse: the message names the problem and shows the offending text with a caret under it."
);

/// The engine's error as a Python exception: `nabla.ParseError` for a formula that does not
/// parse, `ValueError` for everything else (unknown variables, dimensions, evaluation).
pub(crate) fn py_err(e: Error) -> PyErr {
    match e {
        Error::Parse(p) => ParseError::new_err(p.to_string()),
        other => PyValueError::new_err(other.to_string()),
    }
}

/// The module `nabla._nabla`: `Formula`, the exception `ParseError`, and the functions the
/// package `nabla` wraps.
#[pymodule(name = "_nabla")]
fn nabla_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    language::init_from_env();
    m.add_function(wrap_pyfunction!(language::set_language, m)?)?;
    m.add_function(wrap_pyfunction!(language::language, m)?)?;
    m.add_function(wrap_pyfunction!(language::message, m)?)?;
    m.add_class::<formula::PyFormula>()?;
    m.add("ParseError", m.py().get_type::<ParseError>())?;
    m.add_function(wrap_pyfunction!(answer::exit_code, m)?)?;
    m.add_function(wrap_pyfunction!(answer::schema, m)?)?;
    m.add_function(wrap_pyfunction!(answer::fmt_number, m)?)?;
    m.add_function(wrap_pyfunction!(cli::cli_main, m)?)?;
    m.add_function(wrap_pyfunction!(point::eval, m)?)?;
    m.add_function(wrap_pyfunction!(point::grad, m)?)?;
    m.add_function(wrap_pyfunction!(minimize::minimize, m)?)?;
    m.add_function(wrap_pyfunction!(minimize::compare, m)?)?;
    m.add_function(wrap_pyfunction!(minimize::minimize_global, m)?)?;
    m.add_function(wrap_pyfunction!(minimize::certify, m)?)?;
    m.add_function(wrap_pyfunction!(fit::fit, m)?)?;
    m.add_function(wrap_pyfunction!(trace::trace, m)?)?;
    m.add_function(wrap_pyfunction!(trace::graph, m)?)?;
    m.add_class::<trace::GraphDrawing>()?;
    m.add_class::<fit::PyFitResiduals>()?;
    m.add_class::<partitions::PyFitKernel>()?;
    m.add_function(wrap_pyfunction!(plot::plot, m)?)?;
    m.add_class::<plot::PyPlotScene>()?;
    check::register(m)?;
    Ok(())
}
