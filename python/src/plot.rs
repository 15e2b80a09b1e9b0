//! Pictures: `nabla.plot(f, ...)`, the answer of `nabla plot --json` ([`nabla::answer::plot`])
//! drawn in memory as SVG, and the scene it was drawn from (`nabla._nabla.PlotScene`), which
//! draws the same pictures again to a `.svg` or `.png` file (`Plot.save`).
//!
//! Invariants: every check, default, run, verdict and pixel is the library's; this file converts
//! Python arguments into a [`PlotRequest`] (points and ranges by position or by name, methods
//! as names or `(name, {setting: value})`) and the library's errors into exceptions: a file that
//! cannot be written is an `OSError`, everything else a `ValueError`. The runs and the drawing
//! happen with the GIL released.

use std::path::PathBuf;

use nabla::answer::{
    Answer, PlotKind, PlotMethod, PlotPicture, PlotRequest, PlotRequestError, PlotScene, PlotTarget,
};
use nabla::optim::{Method, Setting, SettingValue, MAX_ITERS};
use nabla::plot::{LevelScale, PlotError, MAX_GRID, MAX_LEVELS, MAX_SURFACE_GRID};
use nabla::{Function, Problem};
use pyo3::exceptions::{PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyString};

use crate::answer::to_py;
use crate::formula::PyFormula;

/// The library's error as a Python exception: `OSError` for a file that cannot be written,
/// `ValueError` for everything else.
fn plot_err(e: PlotRequestError) -> PyErr {
    match e {
        PlotRequestError::Draw(PlotError::Write { .. }) => PyOSError::new_err(e.to_string()),
        other => PyValueError::new_err(other.to_string()),
    }
}

/// A computed plot, ready to draw its pictures again (Python: `nabla._nabla.PlotScene`, held by
/// `nabla.Plot`).
#[pyclass(name = "PlotScene", module = "nabla._nabla", frozen)]
pub struct PyPlotScene {
    /// The compiled function the scene was computed for.
    problem: Problem,
    /// The runs, the star, the minima and the settled request.
    scene: PlotScene,
}

#[pymethods]
impl PyPlotScene {
    /// Draws `picture` (`"main"` or `"loss"`) to `path`, a `.svg` or `.png` file (written to a
    /// temporary file beside it and renamed into place), and returns the JSON text of the
    /// picture's entry in the answer (`files[]`).
    fn save(&self, py: Python<'_>, picture: &str, path: PathBuf) -> PyResult<String> {
        let picture = match picture {
            "main" => PlotPicture::Main,
            "loss" => PlotPicture::Loss,
            other => {
                return Err(PyValueError::new_err(format!(
                    "unknown picture `{other}`; use main or loss"
                )))
            }
        };
        let target = PlotTarget::File(path);
        let drawn = py
            .detach(|| self.scene.draw(&self.problem, picture, &target))
            .map_err(plot_err)?;
        let file = nabla::answer::PlotFile::new(target.path(), drawn.kind, &drawn.summary);
        serde_json::to_string(&file)
            .map_err(|e| PyValueError::new_err(format!("the entry cannot be serialized: {e}")))
    }
}

/// A count argument: a whole number, at least 0 (`None` keeps `default`); `range` says which
/// numbers the argument takes, for the message about a negative one.
fn count(
    value: Option<&Bound<'_, PyAny>>,
    name: &str,
    default: usize,
    range: &str,
) -> PyResult<usize> {
    let Some(v) = value else {
        return Ok(default);
    };
    if v.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(format!(
            "`{name}` takes a whole number, not a bool"
        )));
    }
    let n: i64 = v.extract().map_err(|_| {
        PyTypeError::new_err(format!(
            "`{name}` takes a whole number, found {}",
            v.get_type()
                .name()
                .map_or_else(|_| "?".to_string(), |n| n.to_string())
        ))
    })?;
    usize::try_from(n).map_err(|_| {
        PyValueError::new_err(format!("`{name}` is {n}; give a whole number, {range}"))
    })
}

/// The iteration limits a run takes.
fn iters_range() -> String {
    format!("0 to {MAX_ITERS} iterations")
}

/// The grid counts a picture takes.
fn grid_range() -> String {
    format!("2 to {MAX_GRID} points per axis ({MAX_SURFACE_GRID} for a surface)")
}

/// `size=(width, height)` in pixels; numbers beyond 32 bits are refused by the library's range.
fn size_arg(size: &Bound<'_, PyAny>) -> PyResult<(u32, u32)> {
    let (w, h): (i64, i64) = size.extract().map_err(|_| {
        PyTypeError::new_err("`size` takes (width, height) in pixels, e.g. (900, 600)")
    })?;
    let clamp = |v: i64| u32::try_from(v.max(0)).unwrap_or(u32::MAX);
    Ok((clamp(w), clamp(h)))
}

/// One `(lo, hi)` pair of a range.
fn pair(v: &Bound<'_, PyAny>) -> PyResult<(f64, f64)> {
    v.extract::<(f64, f64)>().map_err(|_| {
        PyTypeError::new_err("a range is a pair (lo, hi) of numbers, e.g. (-4.5, 4.5)")
    })
}

/// `box=`: one `(lo, hi)` for every variable, a sequence of one pair per variable in order, or a
/// dict of pairs by name.
fn box_arg(f: &PyFormula, b: &Bound<'_, PyAny>) -> PyResult<Vec<(f64, f64)>> {
    let names = f.problem.input_names();
    if let Ok(dict) = b.downcast::<PyDict>() {
        let mut out: Vec<Option<(f64, f64)>> = vec![None; names.len()];
        for (k, v) in dict.iter() {
            let k: String = k.extract()?;
            let Some(i) = names.iter().position(|n| *n == k) else {
                return Err(PyValueError::new_err(format!(
                    "the box names `{k}`, which is not a variable of the formula; its variables are {}",
                    names.join(", ")
                )));
            };
            out[i] = Some(pair(&v)?);
        }
        return out
            .into_iter()
            .zip(&names)
            .map(|(r, n)| {
                r.ok_or_else(|| {
                    PyValueError::new_err(format!(
                        "the box gives no range for `{n}`; give one per variable ({})",
                        names.join(", ")
                    ))
                })
            })
            .collect();
    }
    if let Ok(one) = b.extract::<(f64, f64)>() {
        return Ok(vec![one; names.len()]);
    }
    let items: Vec<Bound<'_, PyAny>> = b.extract().map_err(|_| {
        PyTypeError::new_err(
            "`box` takes (lo, hi) for every variable, a list of (lo, hi) per variable, or a dict by name",
        )
    })?;
    items.iter().map(pair).collect()
}

/// One setting of a method from Python: a bool for `centered`, a whole number for `memory`, a
/// number for the others.
fn setting_value(setting: Setting, v: &Bound<'_, PyAny>) -> PyResult<SettingValue> {
    let wrong =
        |what: &str| PyTypeError::new_err(format!("the setting `{}` takes {what}", setting.name()));
    match setting {
        Setting::Centered => v
            .downcast::<PyBool>()
            .map(|b| SettingValue::Flag(b.is_true()))
            .map_err(|_| wrong("True or False")),
        Setting::Memory => {
            let n: i64 = v.extract().map_err(|_| wrong("a whole number"))?;
            usize::try_from(n)
                .map(SettingValue::Count)
                .map_err(|_| wrong("a whole number, 1 or more"))
        }
        _ if v.is_instance_of::<PyBool>() => Err(wrong("a number")),
        _ => v
            .extract::<f64>()
            .map(SettingValue::Number)
            .map_err(|_| wrong("a number")),
    }
}

/// One run: `"adam"`, or `("adam", {"lr": 0.01, "beta2": 0.9, "iters": 500})`.
fn method_arg(item: &Bound<'_, PyAny>) -> PyResult<PlotMethod> {
    let (name, settings): (String, Option<Bound<'_, PyDict>>) = if item
        .downcast::<PyString>()
        .is_ok()
    {
        (item.extract::<String>()?, None)
    } else if let Ok((name, settings)) = item.extract::<(String, Bound<'_, PyDict>)>() {
        (name, Some(settings))
    } else {
        return Err(PyTypeError::new_err(
                "a method is a name or a pair (name, {setting: value}), e.g. \"gd\" or (\"adam\", {\"lr\": 0.01})",
            ));
    };
    let mut run =
        PlotMethod::new(Method::parse(&name).map_err(|e| PyValueError::new_err(e.to_string()))?);
    for (k, v) in settings.iter().flat_map(|d| d.iter()) {
        let key: String = k.extract()?;
        if key == "iters" {
            run.iters = Some(count(Some(&v), "iters", 0, &iters_range())?);
            continue;
        }
        let Some(setting) = Setting::named(&key) else {
            return Err(PyValueError::new_err(format!(
                "unknown setting `{key}` for `{}`; use {}, or iters",
                run.method.name(),
                Setting::ALL.map(Setting::name).join(", ")
            )));
        };
        let value = setting_value(setting, &v)?;
        run.method.params.set(setting, value);
    }
    run.method
        .check_settings()
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(run)
}

/// `methods=`: a name, or a list of names and `(name, {setting: value})` pairs.
fn methods_arg(m: &Bound<'_, PyAny>) -> PyResult<Vec<PlotMethod>> {
    if m.downcast::<PyString>().is_ok() {
        return Ok(vec![method_arg(m)?]);
    }
    let items: Vec<Bound<'_, PyAny>> = m.extract().map_err(|_| {
        PyTypeError::new_err("`methods` takes a list of names or (name, {setting: value}) pairs")
    })?;
    if items.is_empty() {
        return Err(PyValueError::new_err(format!(
            "`methods` names no method; use one or more of {}",
            Method::NAMES.join(", ")
        )));
    }
    items.iter().map(method_arg).collect()
}

/// `kind=`: `"curve"`, `"map"` or `"surface"`.
fn kind_arg(kind: &str) -> PyResult<PlotKind> {
    PlotKind::parse(kind).ok_or_else(|| {
        PyValueError::new_err(format!(
            "unknown kind of plot `{kind}`; use {}",
            PlotKind::KEYWORDS.join(", ")
        ))
    })
}

/// The plot of `f` as `nabla plot --json -o -` answers it, drawn in memory, and the scene that
/// draws it again to files: `(answer, scene)`; `nabla.plot` wraps both into a `nabla.Plot`.
#[pyfunction]
#[pyo3(signature = (
    f, *, start = None, methods = None, r#box = None, kind = None, size = None, iters = None,
    star = None, minima = false, loss = false, title = None, lr = None, stall = None, grid = None,
    levels = None, lines = false, linear = false, quiver = false
))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn plot<'py>(
    f: &Bound<'py, PyAny>,
    start: Option<&Bound<'py, PyAny>>,
    methods: Option<&Bound<'py, PyAny>>,
    r#box: Option<&Bound<'py, PyAny>>,
    kind: Option<&str>,
    size: Option<&Bound<'py, PyAny>>,
    iters: Option<&Bound<'py, PyAny>>,
    star: Option<&Bound<'py, PyAny>>,
    minima: bool,
    loss: bool,
    title: Option<String>,
    lr: Option<f64>,
    stall: Option<&Bound<'py, PyAny>>,
    grid: Option<&Bound<'py, PyAny>>,
    levels: Option<&Bound<'py, PyAny>>,
    lines: bool,
    linear: bool,
    quiver: bool,
) -> PyResult<(Bound<'py, PyAny>, PyPlotScene)> {
    let py = f.py();
    let formula = PyFormula::from_arg(f)?;
    let formula = formula.get();
    let defaults = PlotRequest::default();
    let req = PlotRequest {
        kind: kind.map(kind_arg).transpose()?,
        size: size.map(size_arg).transpose()?.unwrap_or(defaults.size),
        range: r#box.map(|b| box_arg(formula, b)).transpose()?,
        grid: grid
            .map(|g| count(Some(g), "grid", 0, &grid_range()))
            .transpose()?,
        levels: count(
            levels,
            "levels",
            defaults.levels,
            &format!("2 to {MAX_LEVELS} levels"),
        )?,
        lines,
        scale: if linear {
            LevelScale::Linear
        } else {
            LevelScale::Log
        },
        quiver,
        start: start.map(|x| formula.point_arg(x)).transpose()?,
        methods: methods.map(methods_arg).transpose()?.unwrap_or_default(),
        lr,
        iters: count(iters, "iters", defaults.iters, &iters_range())?,
        stall: count(stall, "stall", defaults.stall, "0 (never) or more")?,
        star: star.map(|x| formula.point_arg(x)).transpose()?,
        minima,
        loss,
        log_x: false,
        title,
        formula_text: None,
        output: PlotTarget::InMemory,
        ..defaults
    };
    let problem = formula.problem.clone();
    let mut func = Function::from_problem(problem.clone());
    let (answer, scene) = py
        .detach(|| nabla::answer::plot(&mut func, &req))
        .map_err(plot_err)?;
    Ok((
        to_py(py, Answer::Plot(answer))?,
        PyPlotScene { problem, scene },
    ))
}
