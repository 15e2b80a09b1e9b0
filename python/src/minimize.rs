//! Minimizing from Python: `nabla.minimize`, `nabla.compare`, `nabla.minimize_global` and
//! `nabla.certify`, the four answers of `nabla min` (one run, `--compare`, `--global`,
//! `--certify`) reached through the same library calls ([`nabla::answer::min`],
//! [`nabla::answer::compare`], [`nabla::answer::global`], [`nabla::answer::certify`]) with the
//! same defaults ([`nabla::answer::default_start`], [`nabla::answer::start_method`],
//! [`nabla::optim::StopRule`]'s, [`nabla::CertifyOptions`]'s) and the same limits
//! ([`nabla::limits`]), so `result.to_dict()` equals `nabla min ... --json`.
//!
//! Invariants: every optimizer runs with the GIL released; a method's settings are given by the
//! library's names (`lr`, `beta2`, ...) and one that the method does not read is a `ValueError`
//! naming the method and what it takes (the library's table, [`MethodKind::settings`]), never
//! ignored; bad arguments are `ValueError` (`TypeError` for a value of the wrong type or an
//! unknown keyword); nothing here decides a default or a verdict.

use nabla::answer::Answer;
use nabla::global::{GlobalOptions, Strategy};
use nabla::limits::{count_in, seconds, MAX_EVALS, MAX_ITERS, MAX_STARTS};
use nabla::optim::{HyperParams, Method, MethodKind, OptimError, Setting, StopRule};
use nabla::{fmt_number, CertifyOptions, Function};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};

use crate::answer::to_py;
use crate::formula::PyFormula;

/// A `ValueError` with `msg`.
fn value_error(msg: impl Into<String>) -> PyErr {
    PyValueError::new_err(msg.into())
}

/// A whole number argument `name` between `min` and `max` ([`nabla::limits::count_in`]).
fn count(obj: &Bound<'_, PyAny>, name: &str, min: u64, max: u64) -> PyResult<usize> {
    if obj.is_instance_of::<pyo3::types::PyBool>() {
        return Err(PyTypeError::new_err(format!(
            "{name} must be a whole number, found a bool"
        )));
    }
    let n: i128 = obj.extract().map_err(|_| {
        PyTypeError::new_err(format!(
            "{name} must be a whole number (an int), found {}",
            obj.get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default()
        ))
    })?;
    count_in(n, min, max).map_err(|e| value_error(format!("{name}: {e}")))
}

/// An optional count.
fn opt_count(
    obj: Option<&Bound<'_, PyAny>>,
    name: &str,
    min: u64,
    max: u64,
) -> PyResult<Option<usize>> {
    match obj {
        Some(o) if !o.is_none() => count(o, name, min, max).map(Some),
        _ => Ok(None),
    }
}

/// The function of a formula argument (a `nabla.Formula` or a text), which must have variables.
fn function_arg<'py>(f: &Bound<'py, PyAny>) -> PyResult<(Bound<'py, PyFormula>, Function)> {
    let formula = PyFormula::from_arg(f)?;
    let func = Function::from_problem(formula.get().problem.clone());
    if let Some(why) = nabla::answer::nothing_to_minimize(&func) {
        return Err(value_error(why));
    }
    Ok((formula, func))
}

/// The start: `x0` (a sequence or a dict by name, every value finite) or, when `None`, the
/// library's default start ([`nabla::answer::default_start`]).
fn start_arg(
    formula: &Bound<'_, PyFormula>,
    func: &mut Function,
    x0: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<f64>> {
    let Some(x0) = x0.filter(|x| !x.is_none()) else {
        return Ok(nabla::answer::default_start(func));
    };
    let x = formula.get().point_arg(x0)?;
    let names = func.var_names();
    if let Some(i) = x.iter().position(|v| !v.is_finite()) {
        return Err(value_error(format!(
            "x0 must be finite, but its value for `{}` is {}; give a finite start point",
            names[i], x[i]
        )));
    }
    Ok(x)
}

/// A method by name (`ValueError` listing the methods for an unknown one).
fn method_arg(name: &str) -> PyResult<Method> {
    Method::parse(name).map_err(|e| value_error(e.to_string()))
}

/// Sets the settings of `settings` (a dict by the library's names, `None` values skipped) in
/// `params`; with `kind`, each must be one that method reads. `func` names the Python function
/// in messages.
fn apply_settings(
    params: &mut HyperParams,
    settings: Option<&Bound<'_, PyDict>>,
    kind: Option<MethodKind>,
    func: &str,
) -> PyResult<()> {
    let Some(settings) = settings else {
        return Ok(());
    };
    let all: Vec<&str> = Setting::ALL.iter().map(|s| s.name()).collect();
    for (k, v) in settings.iter() {
        let key: String = k.extract()?;
        let Some(setting) = Setting::ALL.into_iter().find(|s| s.name() == key) else {
            return Err(PyTypeError::new_err(format!(
                "{func}() got an unexpected keyword argument `{key}`; a method's settings are {}",
                all.join(", ")
            )));
        };
        if v.is_none() {
            continue;
        }
        if let Some(kind) = kind.filter(|k| !k.takes(setting)) {
            return Err(value_error(
                OptimError::UnusedSetting {
                    method: kind,
                    setting,
                }
                .to_string(),
            ));
        }
        let number = || -> PyResult<f64> {
            if v.is_instance_of::<pyo3::types::PyBool>() {
                return Err(PyTypeError::new_err(format!(
                    "the setting `{key}` needs a number, found a bool"
                )));
            }
            v.extract::<f64>().map_err(|_| {
                PyTypeError::new_err(format!(
                    "the setting `{key}` needs a number, e.g. {key}=0.01"
                ))
            })
        };
        match setting {
            Setting::Lr => params.lr = Some(number()?),
            Setting::Decay => params.decay = Some(number()?),
            Setting::Momentum => params.momentum = Some(number()?),
            Setting::Beta1 => params.beta1 = Some(number()?),
            Setting::Beta2 => params.beta2 = Some(number()?),
            Setting::Rho => params.rho = Some(number()?),
            Setting::Alpha => params.alpha = Some(number()?),
            Setting::Eps => params.eps = Some(number()?),
            Setting::InitialAccumulator => params.initial_accumulator = Some(number()?),
            Setting::MomentumDecay => params.momentum_decay = Some(number()?),
            Setting::C1 => params.c1 = Some(number()?),
            Setting::C2 => params.c2 = Some(number()?),
            Setting::Memory => {
                params.memory = Some(count(&v, "the setting `memory`", 0, u64::MAX)?);
            }
            Setting::Centered => {
                params.centered = v.extract::<bool>().map_err(|_| {
                    PyTypeError::new_err("the setting `centered` needs True or False")
                })?;
            }
            _ => {
                return Err(PyTypeError::new_err(format!(
                    "the setting `{key}` cannot be given from Python"
                )))
            }
        }
    }
    Ok(())
}

/// `method` with `settings`, each of which it must read, its values checked by building it.
fn configured(method: &str, settings: Option<&Bound<'_, PyDict>>, func: &str) -> PyResult<Method> {
    let method = method_arg(method)?;
    let mut params = HyperParams::default();
    apply_settings(&mut params, settings, Some(method.kind), func)?;
    let method = method.with_params(params);
    method
        .build()
        .map_err(|e| value_error(e.to_string()))
        .map(|_| method)
}

/// The stop rule of a run, as `nabla min` builds it: gradient tolerance `tol`, at most `maxiter`
/// steps, the stall window, the time limit, every `trace`-th iterate recorded; what is not given
/// is the library's default ([`StopRule::default`]: 1e-8, 10,000 steps, a window of 1,000).
fn stop_rule(
    tol: Option<f64>,
    maxiter: Option<&Bound<'_, PyAny>>,
    stall: Option<&Bound<'_, PyAny>>,
    time: Option<f64>,
    trace: Option<&Bound<'_, PyAny>>,
) -> PyResult<StopRule> {
    let defaults = StopRule::default();
    let tol = tol.unwrap_or(defaults.grad_tol);
    if !(tol.is_finite() && tol >= 0.0) {
        return Err(value_error(format!(
            "tol must be a non-negative number, e.g. 1e-8; found {tol}"
        )));
    }
    let max_iters = opt_count(maxiter, "maxiter", 0, MAX_ITERS)?.unwrap_or(defaults.max_iters);
    let window = opt_count(stall, "stall", 0, usize::MAX as u64)?.unwrap_or(defaults.stall_window);
    let mut rule = defaults
        .max_iters(max_iters)
        .grad_tol(tol)
        .stall(window, 0.0)
        .record_every(opt_count(trace, "trace", 1, MAX_ITERS)?.unwrap_or(0));
    if let Some(t) = time {
        rule = rule.time_limit(seconds(t).map_err(|e| value_error(format!("time: {e}")))?);
    }
    Ok(rule)
}

/// A box argument: a sequence of `(lo, hi)` pairs (one per variable), a dict of pairs by name,
/// or one `(lo, hi)` for every variable; with its text for messages.
fn box_arg(formula: &Bound<'_, PyFormula>, b: &Bound<'_, PyAny>) -> PyResult<Vec<(f64, f64)>> {
    let names: Vec<String> = formula
        .get()
        .problem
        .input_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    let example = format!(
        "e.g. box=[{}] or box=(-5, 5) for every variable",
        vec!["(-5, 5)"; names.len()].join(", ")
    );
    let pair = |item: &Bound<'_, PyAny>, what: &str| -> PyResult<(f64, f64)> {
        let v: Vec<f64> = if item.is_instance_of::<PyString>() {
            Vec::new()
        } else {
            item.extract().unwrap_or_default()
        };
        match v.as_slice() {
            [lo, hi] => Ok((*lo, *hi)),
            _ => Err(value_error(format!(
                "{what} is not a (lo, hi) pair of numbers; {example}"
            ))),
        }
    };
    if let Ok(dict) = b.downcast::<PyDict>() {
        let mut out: Vec<Option<(f64, f64)>> = vec![None; names.len()];
        for (k, v) in dict.iter() {
            let k: String = k.extract()?;
            let Some(i) = names.iter().position(|n| *n == k) else {
                return Err(value_error(format!(
                    "the box names `{k}`, which is not a variable of the formula; its variables are {}",
                    names.join(", ")
                )));
            };
            out[i] = Some(pair(&v, &format!("the box's range for `{k}`"))?);
        }
        let missing: Vec<&str> = names
            .iter()
            .zip(&out)
            .filter(|(_, r)| r.is_none())
            .map(|(n, _)| n.as_str())
            .collect();
        if !missing.is_empty() {
            return Err(value_error(format!(
                "the box gives no range for {}; give a (lo, hi) pair for every variable ({})",
                missing.join(", "),
                names.join(", ")
            )));
        }
        return Ok(out.into_iter().flatten().collect());
    }
    if b.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "the box must be (lo, hi) pairs, not a text; {example}"
        )));
    }
    let items: Vec<Bound<'_, PyAny>> = b
        .try_iter()
        .map_err(|_| {
            PyTypeError::new_err(format!(
                "the box must be a sequence of (lo, hi) pairs or a dict by name; {example}"
            ))
        })?
        .collect::<PyResult<_>>()?;
    let numbers: Option<Vec<f64>> = items
        .iter()
        .map(|i| {
            (!i.is_instance_of::<PyString>())
                .then(|| i.extract::<f64>().ok())
                .flatten()
        })
        .collect();
    if let Some([lo, hi]) = numbers.as_deref() {
        return Ok(vec![(*lo, *hi); names.len()]);
    }
    if items.len() != names.len() {
        return Err(value_error(format!(
            "the box has {} but the formula has {} ({}); give one (lo, hi) pair per variable, one pair for all, or a dict by name",
            nabla::plural(items.len(), "range"),
            nabla::plural(names.len(), "variable"),
            names.join(", ")
        )));
    }
    items
        .iter()
        .zip(&names)
        .map(|(item, n)| pair(item, &format!("the box's range for `{n}`")))
        .collect()
}

/// A box as text for messages: `[(-5, 5), (0, 1)]`.
fn box_text(bounds: &[(f64, f64)]) -> String {
    let parts: Vec<String> = bounds
        .iter()
        .map(|(lo, hi)| format!("({}, {})", fmt_number(*lo), fmt_number(*hi)))
        .collect();
    format!("[{}]", parts.join(", "))
}

/// Minimizes `f` from `x0` with `method`: the answer of `nabla min`, a `nabla.MinimizeResult`
/// that behaves like scipy's `OptimizeResult` (`x`, `fun`, `jac`, `nit`, `nfev`, `njev`, `nhev`,
/// `success`, `status`, `message`) and carries nabla's `verdict`, `settings` and
/// `classification`; `to_dict()` is what `nabla min ... --json` prints.
///
/// `f`: a `nabla.Formula` or a formula's text. `x0`: one value per variable, or a dict by name
/// (default: the origin, or (1, ..., 1) where the origin is outside the domain). `method`: lbfgs,
/// newton, nelder-mead, gd-armijo, gd, momentum, nesterov, adagrad, adadelta, rmsprop, adam,
/// adamax, nadam, amsgrad. `tol`: stop when max |df/dx_i| falls below it (default 1e-8).
/// `maxiter`: most steps (default 10,000; at most 100,000,000). `stall`: stop when the value has
/// not decreased for this many steps (default 1,000; 0 never). `time`: a wall-clock limit in
/// seconds. `trace`: record every n-th iterate in `path`. `**settings`: the method's
/// hyper-parameters (`lr`, `decay`, `momentum`, `beta1`, `beta2`, `rho`, `alpha`, `eps`,
/// `initial_accumulator`, `momentum_decay`, `memory`, `c1`, `c2`, `centered`); one the method
/// does not read is a `ValueError`. Unset ones take nabla's defaults for the start (gd's step is
/// min(0.01, 0.3 / the largest partial at the start), rounded down to one digit).
#[pyfunction]
#[pyo3(signature = (f, x0 = None, method = "lbfgs", *, tol = None, maxiter = None, stall = None, time = None, trace = None, **settings))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn minimize<'py>(
    f: &Bound<'py, PyAny>,
    x0: Option<&Bound<'py, PyAny>>,
    method: &str,
    tol: Option<f64>,
    maxiter: Option<&Bound<'py, PyAny>>,
    stall: Option<&Bound<'py, PyAny>>,
    time: Option<f64>,
    trace: Option<&Bound<'py, PyAny>>,
    settings: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = f.py();
    let (formula, mut func) = function_arg(f)?;
    let method = configured(method, settings, "minimize")?;
    let x0 = start_arg(&formula, &mut func, x0)?;
    let rule = stop_rule(tol, maxiter, stall, time, trace)?;
    let method = nabla::answer::start_method(&mut func, &x0, &method, None);
    let answer = py
        .detach(|| nabla::answer::min(&mut func, &x0, &method, &rule, &mut |_, _| {}))
        .map_err(|e| value_error(nabla::answer::run_error(&e).1))?;
    to_py(py, Answer::Min(answer))
}

/// One item of `compare`'s methods: a name, or `(name, {setting: value, ..., "iters": n})`.
fn compare_item(
    item: &Bound<'_, PyAny>,
    shared: &HyperParams,
) -> PyResult<(Method, Option<usize>)> {
    let (name, own): (String, Option<Bound<'_, PyDict>>) = if let Ok(name) =
        item.extract::<String>()
    {
        (name, None)
    } else if let Ok(t) = item.downcast::<PyTuple>() {
        if t.len() != 2 {
            return Err(value_error(format!(
                    "a method to compare is a name or a (name, settings) pair, found a tuple of {}; e.g. (\"momentum\", {{\"lr\": 5e-6}})",
                    t.len()
                )));
        }
        let name: String = t.get_item(0)?.extract().map_err(|_| {
            PyTypeError::new_err(
                "the first item of a (name, settings) pair must be a method's name",
            )
        })?;
        let own = t.get_item(1)?;
        let own = own.downcast::<PyDict>().map_err(|_| {
            PyTypeError::new_err(format!(
                "the settings of `{name}` must be a dict, e.g. {{\"lr\": 5e-6, \"iters\": 1000}}"
            ))
        })?;
        (name, Some(own.clone()))
    } else {
        return Err(PyTypeError::new_err(
                "a method to compare is a name or a (name, settings) pair, e.g. \"gd\" or (\"momentum\", {\"lr\": 5e-6})",
            ));
    };
    let method = method_arg(&name)?;
    let mut params = shared.clone();
    let mut iters = None;
    if let Some(own) = own {
        let rest = PyDict::new(item.py());
        for (k, v) in own.iter() {
            if k.extract::<String>().ok().as_deref() == Some("iters") {
                iters = opt_count(Some(&v), &format!("the iters of `{name}`"), 0, MAX_ITERS)?;
            } else {
                rest.set_item(k, v)?;
            }
        }
        apply_settings(&mut params, Some(&rest), Some(method.kind), "compare")?;
    }
    let method = method.with_params(params);
    method.build().map_err(|e| value_error(e.to_string()))?;
    Ok((method, iters))
}

/// Runs several methods from one start: the answer of `nabla min --compare`, a
/// `nabla.CompareResult` whose `results` hold one scipy-like run per method, in order.
///
/// `methods`: a list of names or `(name, settings)` pairs, e.g. `["gd", ("momentum", {"lr":
/// 5e-6, "iters": 300000})]` (`iters`: that method's own step limit). `**settings` apply to every
/// method that reads them (and must apply to one at least); a method's own settings win. `x0`,
/// `tol`, `maxiter`, `stall`, `time` and `trace` as for `nabla.minimize`.
#[pyfunction]
#[pyo3(signature = (f, x0 = None, methods = None, *, tol = None, maxiter = None, stall = None, time = None, trace = None, **settings))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn compare<'py>(
    f: &Bound<'py, PyAny>,
    x0: Option<&Bound<'py, PyAny>>,
    methods: Option<&Bound<'py, PyAny>>,
    tol: Option<f64>,
    maxiter: Option<&Bound<'py, PyAny>>,
    stall: Option<&Bound<'py, PyAny>>,
    time: Option<f64>,
    trace: Option<&Bound<'py, PyAny>>,
    settings: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = f.py();
    let (formula, mut func) = function_arg(f)?;
    let example = "e.g. methods=[\"gd\", (\"momentum\", {\"lr\": 5e-6}), \"adam\"]";
    let items: Vec<Bound<'py, PyAny>> = match methods {
        Some(m) if !m.is_none() && !m.is_instance_of::<PyString>() => m
            .try_iter()
            .map_err(|_| PyTypeError::new_err(format!("methods must be a list; {example}")))?
            .collect::<PyResult<_>>()?,
        Some(m) if m.is_instance_of::<PyString>() => vec![m.clone()],
        _ => Vec::new(),
    };
    if items.is_empty() {
        return Err(value_error(format!(
            "give the methods to compare ({}); {example}",
            Method::NAMES.join(", ")
        )));
    }
    let mut shared = HyperParams::default();
    apply_settings(&mut shared, settings, None, "compare")?;
    let x0 = start_arg(&formula, &mut func, x0)?;
    let rule = stop_rule(tol, maxiter, stall, time, trace)?;
    let mut specs = Vec::new();
    for item in &items {
        specs.push(compare_item(item, &shared)?);
    }
    for setting in shared.given() {
        if !specs.iter().any(|(m, _)| m.kind.takes(setting)) {
            let names: Vec<&str> = specs.iter().map(|(m, _)| m.name()).collect();
            let takers: Vec<&str> = setting.methods().iter().map(|k| k.name()).collect();
            return Err(value_error(format!(
                "`{setting}` does not apply to any method compared ({}); drop it, or add a method that takes it ({})",
                names.join(", "),
                takers.join(", ")
            )));
        }
    }
    let runs: Vec<(Method, StopRule)> = specs
        .into_iter()
        .map(|(m, iters)| {
            let mut r = rule.clone();
            if let Some(n) = iters {
                r.max_iters = n;
            }
            (nabla::answer::start_method(&mut func, &x0, &m, None), r)
        })
        .collect();
    let answer = py
        .detach(|| nabla::answer::compare(&mut func, &x0, &runs, &mut |_, _| {}))
        .map_err(|e| value_error(nabla::answer::run_error(&e).1))?;
    to_py(py, Answer::Compare(answer))
}

/// Searches `box` for the global minimum of `f`: the answer of `nabla min --global`, a
/// `nabla.GlobalResult` (`x` and `fun` of the best point, `xl` and `funl` of the distinct minima
/// found, `certified` when interval bounds prove the minimum).
///
/// `box`: one `(lo, hi)` pair per variable, a dict of pairs by name, or one pair for every
/// variable. `method`: the local method (and `**settings` its hyper-parameters). `starts`: plain
/// multi-start from this many space-filling points instead of the search. `evals`: most
/// evaluations (default 200,000). `seed`: the random seed (default 1; the same seed gives the
/// same answer on any number of cores). `time`: a wall-clock limit in seconds for the whole
/// search. `tol`, `maxiter`, `stall`: each local search's stop rule, as for `nabla.minimize`.
#[pyfunction]
#[pyo3(signature = (f, r#box, *, method = "lbfgs", starts = None, evals = None, seed = None, time = None, tol = None, maxiter = None, stall = None, **settings))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn minimize_global<'py>(
    f: &Bound<'py, PyAny>,
    r#box: &Bound<'py, PyAny>,
    method: &str,
    starts: Option<&Bound<'py, PyAny>>,
    evals: Option<&Bound<'py, PyAny>>,
    seed: Option<&Bound<'py, PyAny>>,
    time: Option<f64>,
    tol: Option<f64>,
    maxiter: Option<&Bound<'py, PyAny>>,
    stall: Option<&Bound<'py, PyAny>>,
    settings: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = f.py();
    let (formula, func) = function_arg(f)?;
    let method = configured(method, settings, "minimize_global")?;
    let bounds = box_arg(&formula, r#box)?;
    let rule = stop_rule(tol, maxiter, stall, None, None)?;
    let seed = match seed {
        Some(s) if !s.is_none() => count(s, "seed", 0, u64::MAX)? as u64,
        _ => GlobalOptions::new(Vec::new()).seed,
    };
    let mut opts = GlobalOptions::new(bounds.clone())
        .seed(seed)
        .method(method)
        .stop(rule);
    if let Some(starts) = opt_count(starts, "starts", 1, MAX_STARTS)? {
        opts = opts.strategy(Strategy::MultiStart { starts });
    }
    if let Some(n) = opt_count(evals, "evals", 1, MAX_EVALS)? {
        opts = opts.max_evals(n);
    }
    if let Some(t) = time {
        opts = opts.time_limit(seconds(t).map_err(|e| value_error(format!("time: {e}")))?);
    }
    let text = box_text(&bounds);
    let answer = py
        .detach(|| nabla::answer::global(&func, &opts))
        .map_err(|e| value_error(nabla::answer::global_error(&e, &text).1))?;
    to_py(py, Answer::Global(answer))
}

/// Proves bounds on the global minimum of `f` over `box` by interval branch and bound: the
/// answer of `nabla min --certify`, a `nabla.CertifyResult` (`success` only when certified;
/// `lower` the proven lower bound, `fun` the upper bound, `x` the best point, `regions` where
/// minimizers may lie).
///
/// `box` as for `nabla.minimize_global`. `tol`: the gap U - L to prove, absolute or relative to
/// |U| (default 1e-6). `time`: the wall-clock limit in seconds (default 60, the command line's;
/// `None`: none).
#[pyfunction]
#[pyo3(
    signature = (f, r#box, *, tol = None, time = Some(nabla::CERTIFY_DEFAULT_TIME.as_secs_f64())),
    text_signature = "(f, box, *, tol=None, time=60.0)"
)]
pub(crate) fn certify<'py>(
    f: &Bound<'py, PyAny>,
    r#box: &Bound<'py, PyAny>,
    tol: Option<f64>,
    time: Option<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = f.py();
    let (formula, func) = function_arg(f)?;
    let bounds = box_arg(&formula, r#box)?;
    let defaults = CertifyOptions::default();
    let opts = CertifyOptions {
        tol: tol.unwrap_or(defaults.tol),
        time: time
            .map(|t| seconds(t).map_err(|e| value_error(format!("time: {e}"))))
            .transpose()?,
        ..defaults
    };
    let answer = py
        .detach(|| nabla::answer::certify(&func, &bounds, &opts))
        .map_err(|e| value_error(nabla::answer::certify_error(&e).1))?;
    to_py(py, Answer::Certify(answer))
}
