//! The library's typed answers in Python: an answer ([`nabla::answer`]) is serialized to the
//! JSON document the CLI's `--json` prints, parsed by Python's `json`, and wrapped by
//! `nabla._answer.wrap` into the object of its command (attribute access, `.to_dict()`, Jupyter
//! displays). One serialization for every front end, so the Python object and the CLI's
//! document cannot disagree.
//!
//! Invariant: nothing is added to or removed from the document here; a Python-side convenience
//! (a numpy array, scipy's names) is computed from the document by `nabla/_answer.py`.

use nabla::answer::{Answer, Exit};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// `answer` as the Python object of its command (`nabla._answer.wrap` of its JSON document,
/// which carries `schema_version` and `command` first, as the CLI's `--json` does).
pub(crate) fn to_py(py: Python<'_>, answer: Answer) -> PyResult<Bound<'_, PyAny>> {
    let text = serde_json::to_string(&answer)
        .map_err(|e| PyValueError::new_err(format!("the answer cannot be serialized: {e}")))?;
    let doc = py.import("json")?.getattr("loads")?.call1((text,))?;
    py.import("nabla._answer")?.getattr("wrap")?.call1((doc,))
}

/// The process exit code of an answer's exit class (`"success"` 0, `"failure"` 1, `"usage"` 2,
/// `"inconclusive"` 3): the library's table, so Python and the CLI agree.
#[pyfunction]
pub(crate) fn exit_code(exit: &str) -> PyResult<u8> {
    [
        Exit::Success,
        Exit::Failure,
        Exit::Usage,
        Exit::Inconclusive,
    ]
    .into_iter()
    .find(|e| {
        serde_json::to_value(e)
            .ok()
            .as_ref()
            .and_then(|v| v.as_str())
            == Some(exit)
    })
    .map(Exit::code)
    .ok_or_else(|| {
        PyValueError::new_err(format!(
            "unknown exit class `{exit}`; use success, failure, usage or inconclusive"
        ))
    })
}

/// The JSON Schema of the answers (of one command's when `command` is given), as a JSON text:
/// what `nabla schema [COMMAND]` prints.
#[pyfunction]
#[pyo3(signature = (command = None))]
pub(crate) fn schema(command: Option<&str>) -> PyResult<String> {
    let value = nabla::answer::schema(command).ok_or_else(|| {
        PyValueError::new_err(format!(
            "unknown command `{}`; use one of {}",
            command.unwrap_or_default(),
            nabla::answer::COMMANDS.join(", ")
        ))
    })?;
    serde_json::to_string_pretty(&value)
        .map_err(|e| PyValueError::new_err(format!("the schema cannot be serialized: {e}")))
}

/// A number as every front end of nabla prints it (shortest round-trip form, e.g. `0.1`,
/// `39062.953125`, `1e-8`): the library's `fmt_number`.
#[pyfunction]
pub(crate) fn fmt_number(x: f64) -> String {
    nabla::fmt_number(x)
}
