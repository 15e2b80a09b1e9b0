//! The command line in Python: `python -m nabla ARGS` and the `nabla` console script of a wheel
//! run the same command line as the binary (the crate `nabla_cli`, linked in), so a pip user
//! needs no Rust toolchain. `nabla serve` starts its children as `python -m nabla`.

use std::ffi::OsString;
use std::path::PathBuf;

use pyo3::prelude::*;

/// Runs the command line on `argv` (the program's name first) with the GIL released and
/// returns the exit code; `executable` is the Python interpreter (`sys.executable`), with which
/// `nabla serve` starts its children as `executable -m nabla ...`. It writes to the process's
/// standard output and error and may install signal handlers: call it only as the whole job of
/// a process (`nabla/__main__.py`).
#[pyfunction]
pub(crate) fn cli_main(py: Python<'_>, argv: Vec<OsString>, executable: PathBuf) -> u8 {
    let me = nabla_cli::SelfCommand::new(executable, vec!["-m".into(), "nabla".into()]);
    py.detach(|| nabla_cli::run(argv, me))
}
