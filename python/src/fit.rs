//! Fitting from Python: `nabla.fit(formula, data, *, params, ...)`, the answer of
//! `nabla fit --json` ([`nabla::answer::fit`]) for data held in memory.
//!
//! `data` is a dict of column name to 1-D array, a pandas DataFrame, a numpy structured array,
//! or a 2-D array with `columns=[...]` naming its columns. Every column is read as `float64`
//! into one [`nabla::Dataset`] ([`nabla::Dataset::from_columns`]), as if it were a CSV file named
//! `name` (default `data`) whose header is line 1 and whose row `i` (from 0) is line `i + 2`, so
//! the library's messages and the answer are those of that file: `to_dict()` equals
//! `nabla fit --json` on the same data written to CSV (timing aside).
//!
//! Invariants: the library decides everything (defaults, checks, the verdict); this file only
//! converts arguments. Sizes are checked ([`nabla::Dataset::check_size`]) before any column is
//! copied, so a huge array is refused without allocating. A column whose values are not numbers
//! (text, say) is read as not-a-number cells, which the library allows in a column the fit does
//! not use; a fit that needs it is a `ValueError` naming the column. Bad data or settings are
//! `ValueError`, a model or loss that does not parse `nabla.ParseError`, a wrong type
//! `TypeError`. Training runs with the GIL released.

use std::path::Path;

use nabla::answer::FitAnswer;
use nabla::optim::{HyperParams, Method};
use nabla::plot::IN_MEMORY;
use nabla::{Batch, Dataset, FitConfig, FitError};
use numpy::PyReadonlyArray1;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::answer::to_py;
use crate::formula::PyFormula;
use crate::ParseError;

/// The library's error as a Python exception: a model or loss that does not parse is
/// `nabla.ParseError`, everything else `ValueError`. A not-a-number cell in a column that was
/// not numeric is named as such.
fn fit_err(e: FitError, text_columns: &[String]) -> PyErr {
    match &e {
        FitError::Model(p) | FitError::Loss(p) => ParseError::new_err(p.to_string()),
        FitError::NotANumber { file, column, .. } if text_columns.contains(column) => {
            PyValueError::new_err(format!(
                "`{file}`, column `{column}`: the column is not numeric, but the formula uses it; convert it to numbers (e.g. with pandas.to_numeric), or name another column"
            ))
        }
        _ => PyValueError::new_err(e.to_string()),
    }
}

/// The residuals of a fit at its parameters, held by `nabla._display.FitAnswer` beside the
/// answer's document: their values and horizontal axis, and the library's residual chart.
#[pyclass(name = "FitResiduals", module = "nabla", frozen)]
pub struct PyFitResiduals {
    /// The fit's answer, holding its residuals.
    answer: FitAnswer,
}

impl PyFitResiduals {
    fn residuals(&self) -> PyResult<&nabla::FitResiduals> {
        self.answer.residuals().ok_or_else(|| {
            PyValueError::new_err(
                "this fit has no residuals: training did not finish, the data has no target column, or the rows stayed in their partitions",
            )
        })
    }
}

#[pymethods]
impl PyFitResiduals {
    /// `model - target` of each row (divided by σ with uncertainties).
    #[getter]
    fn values(&self) -> PyResult<Vec<f64>> {
        Ok(self.residuals()?.values.clone())
    }

    /// The horizontal coordinate of each row: the model's first data column, or the row.
    #[getter]
    fn x(&self) -> PyResult<Vec<f64>> {
        Ok(self.residuals()?.x.clone())
    }

    /// The name of the horizontal axis (a column, or `row`).
    #[getter]
    fn x_name(&self) -> PyResult<String> {
        Ok(self.residuals()?.x_name.clone())
    }

    /// Whether the residuals are divided by σ.
    #[getter]
    fn weighted(&self) -> PyResult<bool> {
        Ok(self.residuals()?.weighted)
    }

    /// The residual chart as SVG text.
    fn svg(&self, py: Python<'_>) -> PyResult<String> {
        self.residuals()?;
        let mut answer = self.answer.clone();
        let s = py
            .detach(|| answer.plot_residuals(Path::new(IN_MEMORY)))
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(s.svg.unwrap_or_default())
    }

    /// Draws the residual chart into `path`, `.svg` or `.png` by its extension; nothing appears
    /// under that name until the picture is complete.
    fn save(&self, py: Python<'_>, path: &str) -> PyResult<()> {
        self.residuals()?;
        let mut answer = self.answer.clone();
        py.detach(|| answer.plot_residuals(Path::new(path)))
            .map(|_| ())
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }
}

/// Named columns: `(name, array)` pairs.
type Columns<'py> = Vec<(String, Bound<'py, PyAny>)>;

/// The columns of `data` as `(name, array)` pairs, arrays 1-D `float64` views (no copy where
/// the data is already `float64`), and the names of the columns that are not numeric.
fn columns_of<'py>(
    data: &Bound<'py, PyAny>,
    columns: Option<Vec<String>>,
) -> PyResult<(Columns<'py>, Vec<String>)> {
    let py = data.py();
    let np = py.import("numpy")?;
    let mut raw: Columns<'py> = Vec::new();
    let is_frame = data.hasattr("columns")? && data.hasattr("iloc")?;
    if let Some(names) = &columns {
        if is_frame || data.downcast::<PyDict>().is_ok() {
            return Err(PyValueError::new_err(
                "columns= names the columns of a 2-D array; a DataFrame or a dict names its own columns",
            ));
        }
        let arr = np.getattr("asarray")?.call1((data,))?;
        let shape: Vec<usize> = arr.getattr("shape")?.extract()?;
        if shape.len() != 2 || shape[1] != names.len() {
            return Err(PyValueError::new_err(format!(
                "columns= names {} columns, so the data must be a 2-D array of shape (rows, {}); found shape {shape:?}",
                names.len(),
                names.len()
            )));
        }
        for (k, n) in names.iter().enumerate() {
            let col = arr.get_item((py.Ellipsis(), k))?;
            raw.push((n.clone(), col));
        }
    } else if let Ok(dict) = data.downcast::<PyDict>() {
        for (k, v) in dict.iter() {
            let name: String = k.extract().map_err(|_| {
                PyTypeError::new_err(format!(
                    "the column names of a dict must be strings, found {}",
                    k.get_type()
                        .name()
                        .map(|n| n.to_string())
                        .unwrap_or_default()
                ))
            })?;
            raw.push((name, v));
        }
    } else if is_frame {
        for c in data.getattr("columns")?.try_iter()? {
            let c = c?;
            let name: String = c.str()?.extract()?;
            let col = data.get_item(&c)?;
            raw.push((name, col));
        }
    } else {
        let fields = match data.getattr("dtype").and_then(|d| d.getattr("names")) {
            Ok(f) if !f.is_none() => Some(f),
            _ => None,
        };
        let Some(fields) = fields else {
            let kind = data.get_type().name()?.to_string();
            let hint = if data.hasattr("shape")? {
                "; for a 2-D array, name its columns with columns=[...]"
            } else {
                ""
            };
            return Err(PyTypeError::new_err(format!(
                "data must be a dict of column name to 1-D array, a pandas DataFrame, a numpy structured array, or a 2-D array with columns=[...]; found {kind}{hint}"
            )));
        };
        for f in fields.try_iter()? {
            let f = f?;
            let name: String = f.extract()?;
            raw.push((name, data.get_item(f)?));
        }
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut text = Vec::new();
    let asarray = np.getattr("asarray")?;
    for (name, col) in raw {
        let arr = match asarray.call1((&col, "float64")) {
            Ok(a) => a,
            Err(e)
                if e.is_instance_of::<PyValueError>(py) || e.is_instance_of::<PyTypeError>(py) =>
            {
                // Text (or anything else without numbers): a column of not-a-number cells,
                // an error only if the fit uses it.
                let n = col.len()?;
                text.push(name.clone());
                np.getattr("full")?.call1((n, f64::NAN))?
            }
            Err(e) => return Err(e),
        };
        let shape: Vec<usize> = arr.getattr("shape")?.extract()?;
        if shape.len() != 1 {
            return Err(PyValueError::new_err(format!(
                "column `{name}` has shape {shape:?}; give one value per row (a 1-D array)"
            )));
        }
        out.push((name, arr));
    }
    Ok((out, text))
}

/// `bounds={"b1": (0, None)}` as `(name, lower, upper)`: each value a pair whose ends are numbers,
/// `None` (no bound on that side) or infinities; the library checks the names and the order.
fn bounds_of(bounds: &Bound<'_, PyDict>) -> PyResult<Vec<(String, f64, f64)>> {
    let mut out = Vec::with_capacity(bounds.len());
    for (k, v) in bounds.iter() {
        let name: String = k.extract().map_err(|_| {
            PyTypeError::new_err("the names of bounds must be strings, e.g. {'b1': (0, None)}")
        })?;
        let pair = || {
            PyTypeError::new_err(format!(
                "the bounds of `{name}` must be a pair (lower, upper) of numbers or None, e.g. {{'{name}': (0, None)}}"
            ))
        };
        let ends: Vec<Bound<'_, PyAny>> = match v.try_iter() {
            Ok(it) if !v.is_instance_of::<pyo3::types::PyString>() => {
                it.collect::<PyResult<_>>().map_err(|_| pair())?
            }
            _ => return Err(pair()),
        };
        if ends.len() != 2 {
            return Err(pair());
        }
        let end = |e: &Bound<'_, PyAny>, none: f64| -> PyResult<f64> {
            if e.is_none() {
                Ok(none)
            } else if e.is_instance_of::<pyo3::types::PyBool>() {
                Err(pair())
            } else {
                e.extract::<f64>().map_err(|_| pair())
            }
        };
        let lower = end(&ends[0], f64::NEG_INFINITY)?;
        let upper = end(&ends[1], f64::INFINITY)?;
        out.push((name, lower, upper));
    }
    Ok(out)
}

/// The method `name` with the hyper-parameters given, each checked to apply to it and to be
/// valid (the library's checks).
fn method_of(name: &str, p: HyperParams) -> PyResult<Method> {
    let method = Method::parse(name)
        .map_err(|e| PyValueError::new_err(e.to_string()))?
        .with_params(p);
    method
        .check_settings()
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    method
        .validate()
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(method)
}

/// Fits the parameters `params` of `formula` to the columns of `data`: the answer of
/// `nabla fit --json` (the learned `parameters`, the loss `value`, `epoch_values`, the
/// `settings` the method ran with, and the verdict).
///
/// `init` (a dict) gives start values (others start at 0); `target` the column to predict;
/// `loss` the per-sample loss in `pred` and `target` (default mean squared error); `batch`
/// rows per step (an int, or `"all"`); `epochs` passes over the data; `seed` and `shuffle`
/// the order of mini-batches; `tol` the gradient tolerance of the full-batch methods; `method`
/// the optimizer and the keywords after it its settings (when not given, the library chooses:
/// `lm` for the default loss on the full batch, `lbfgs` otherwise); `name` the data set's name
/// in messages and in the answer's `data`. `sigma` names the column of per-row uncertainties σ
/// (each residual divided by its σ); `absolute_sigma` takes them as absolute (covariance not
/// scaled by the reduced χ², as `scipy.optimize.curve_fit`); `plot` a file to draw the residual
/// chart into (`.svg` or `.png`), listed in the answer's `files`. `bounds` (a dict of parameter
/// name to `(lower, upper)`, `None` or an infinity for no bound on a side) keeps parameters within
/// bounds: the fit then runs `trf` (trust-region reflective least squares), and the answer's
/// `bounds` says which parameters ended at a bound.
///
/// `partitions` fits data kept elsewhere (`nabla._dask` passes a Dask DataFrame's): `data` is then
/// a sample of its rows that builds and checks the fit, and every sum comes from the object's
/// `rows()`, `count()`, `loss_and_grad_sums(x, part)`, `reduce(x)`, `residual_norm(x)` and
/// `target_moments()` (see `crate::partitions`). `kernel=True` returns the fit's compiled
/// programs (`nabla._nabla.FitKernel`) built on `data` instead of fitting, for the workers.
#[pyfunction]
#[pyo3(signature = (
    formula, data, *, params, init = None, target = "y", loss = None, batch = None,
    epochs = 100, seed = 0, shuffle = true, tol = 1e-12, method = None, columns = None,
    name = "data", sigma = None, absolute_sigma = false, plot = None, bounds = None, lr = None,
    decay = None,
    momentum = None, beta1 = None, beta2 = None,
    rho = None, alpha = None, eps = None, initial_accumulator = None, centered = false,
    momentum_decay = None, memory = None, c1 = None, c2 = None, partitions = None, kernel = false
))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn fit<'py>(
    formula: &Bound<'py, PyAny>,
    data: &Bound<'py, PyAny>,
    params: &Bound<'py, PyAny>,
    init: Option<&Bound<'py, PyDict>>,
    target: &str,
    loss: Option<String>,
    batch: Option<&Bound<'py, PyAny>>,
    epochs: usize,
    seed: u64,
    shuffle: bool,
    tol: f64,
    method: Option<&str>,
    columns: Option<Vec<String>>,
    name: &str,
    sigma: Option<String>,
    absolute_sigma: bool,
    plot: Option<std::path::PathBuf>,
    bounds: Option<&Bound<'py, PyDict>>,
    lr: Option<f64>,
    decay: Option<f64>,
    momentum: Option<f64>,
    beta1: Option<f64>,
    beta2: Option<f64>,
    rho: Option<f64>,
    alpha: Option<f64>,
    eps: Option<f64>,
    initial_accumulator: Option<f64>,
    centered: bool,
    momentum_decay: Option<f64>,
    memory: Option<usize>,
    c1: Option<f64>,
    c2: Option<f64>,
    partitions: Option<Bound<'py, PyAny>>,
    kernel: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let py = data.py();
    // The model as text: a Formula's own text, or the text given.
    let model = match formula.downcast::<PyFormula>() {
        Ok(f) => f.get().src.clone(),
        Err(_) => formula.extract::<String>().map_err(|_| {
            PyTypeError::new_err("formula must be a nabla.Formula or a formula's text")
        })?,
    };
    let params: Vec<String> = if let Ok(one) = params.extract::<String>() {
        one.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    } else {
        params.extract().map_err(|_| {
            PyTypeError::new_err(
                "params must be a list of the names of the parameters to learn, e.g. ['w', 'b']",
            )
        })?
    };
    let batch = match batch {
        None => Batch::All,
        Some(b) if b.is_instance_of::<pyo3::types::PyBool>() => {
            return Err(PyTypeError::new_err(
                "batch must be a number of rows or \"all\"",
            ))
        }
        Some(b) => {
            let text: String = match b.extract::<i64>() {
                Ok(n) => n.to_string(),
                Err(_) => b.extract().map_err(|_| {
                    PyTypeError::new_err("batch must be a number of rows or \"all\"")
                })?,
            };
            text.parse::<Batch>()
                .map_err(|e| PyValueError::new_err(e.to_string()))?
        }
    };
    let hyper = HyperParams {
        lr,
        decay,
        momentum,
        beta1,
        beta2,
        rho,
        alpha,
        eps,
        initial_accumulator,
        centered,
        momentum_decay,
        memory,
        c1,
        c2,
    };
    let mut config = FitConfig::new(&params)
        .target(target)
        .batch(batch)
        .epochs(epochs)
        .seed(seed)
        .shuffle(shuffle)
        .tol(tol);
    // Without `method` the library chooses once the rows are known (below).
    if let Some(m) = method {
        config = config.method(method_of(m, hyper.clone())?);
    }
    if let Some(init) = init {
        for (k, v) in init.iter() {
            let k: String = k.extract().map_err(|_| {
                PyTypeError::new_err("the names of init must be strings, e.g. {'w': 3.0}")
            })?;
            let v: f64 = v.extract().map_err(|_| {
                PyTypeError::new_err(format!("the start value of `{k}` must be a number"))
            })?;
            config = config.init(&k, v);
        }
    }
    if let Some(bounds) = bounds {
        config.bounds = bounds_of(bounds)?;
    }
    if let Some(l) = &loss {
        config = config.loss(l);
    }
    if let Some(s) = &sigma {
        config = config.sigma(s).absolute_sigma(absolute_sigma);
    } else if absolute_sigma {
        return Err(PyValueError::new_err(
            "absolute_sigma applies to uncertainties; name their column with sigma=",
        ));
    }
    if let Some(p) = &plot {
        // A bad extension is refused before training.
        nabla::plot::ImageFormat::from_path(p).map_err(|e| PyValueError::new_err(e.to_string()))?;
    }

    let (cols, text_columns) = columns_of(data, columns)?;
    let rows = cols
        .iter()
        .map(|(_, a)| a.len())
        .collect::<PyResult<Vec<usize>>>()?;
    let most = rows.iter().copied().max().unwrap_or(0);
    Dataset::check_size(name, most, cols.len()).map_err(|e| fit_err(e, &text_columns))?;
    if method.is_none() && !hyper.given().is_empty() {
        let chosen = config.resolved_method(most);
        config = config.method(method_of(chosen.name(), hyper)?);
    }
    let mut names: Vec<String> = Vec::with_capacity(cols.len());
    let mut values: Vec<Vec<f64>> = Vec::with_capacity(cols.len());
    for (n, arr) in &cols {
        let a: PyReadonlyArray1<'py, f64> = arr.extract()?;
        names.push(n.clone());
        values.push(match a.as_slice() {
            Ok(s) => s.to_vec(),
            Err(_) => a.as_array().to_vec(),
        });
    }
    drop(cols);
    if kernel {
        // The compiled programs only, for the workers of a partitioned fit.
        let k = py
            .detach(|| {
                let columns: Vec<(&str, Vec<f64>)> =
                    names.iter().map(String::as_str).zip(values).collect();
                let data = Dataset::from_columns(name, &columns)?;
                Ok::<_, FitError>(nabla::Fitter::new(&model, &data, &config)?.kernel())
            })
            .map_err(|e| fit_err(e, &text_columns))?;
        return Ok(Bound::new(py, crate::partitions::PyFitKernel::new(k))?.into_any());
    }
    let mut answer = match partitions {
        Some(parts) => {
            let mut parts = crate::partitions::PyPartitions::new(&parts)?;
            py.detach(|| {
                let columns: Vec<(&str, Vec<f64>)> =
                    names.iter().map(String::as_str).zip(values).collect();
                let sample = Dataset::from_columns(name, &columns)?;
                drop(columns);
                nabla::answer::fit_partitioned(&model, &sample, &mut parts, &config, |_, _| {})
            })
        }
        None => py.detach(|| {
            let columns: Vec<(&str, Vec<f64>)> =
                names.iter().map(String::as_str).zip(values).collect();
            let data = Dataset::from_columns(name, &columns)?;
            drop(columns);
            nabla::answer::fit(&model, &data, &config, |_, _| {})
        }),
    }
    .map_err(|e| fit_err(e, &text_columns))?;
    if let Some(p) = &plot {
        py.detach(|| answer.plot_residuals(p))
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
    }
    let residuals = PyFitResiduals {
        answer: answer.clone(),
    };
    to_py(py, nabla::answer::Answer::Fit(Box::new(answer)))?.call_method1("_attach", (residuals,))
}
