//! [`sweep`]: the error of forward and central differences against the exact partials across
//! the decades of [`sweep_steps`], for teaching the V of truncation and round-off error;
//! [`sweep_objective`], the same for any [`Objective`].
//!
//! Invariants: the steps are the same for every variable and point, largest first; errors that
//! are not finite are `None` and never chosen as the best step. Where `f` itself is not finite
//! at the point (outside its domain) the report says so instead of printing empty tables, and
//! its answer's verdict is "not defined here", never a clean sweep.

use std::fmt;

use num_traits::Float;
use schemars::JsonSchema;
use serde::Serialize;

use super::objective::{convert_into, EvalIn, Objective, ProblemObjective};
use super::options::{CheckError, Precision};
use super::{err, finite, join_list, num, point_text, table};
use crate::{tr, Problem};

/// The steps of [`sweep`]: the decades 1e-1 down to 1e-13.
pub fn sweep_steps() -> Vec<f64> {
    (1..=13)
        .map(|k| format!("1e-{k}").parse().unwrap_or(f64::NAN))
        .collect()
}

/// One variable's errors in a [`SweepReport`] (and in its answer, `nabla::answer::SweepAnswer`).
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct SweepColumn {
    /// The variable.
    pub var: String,
    /// The exact partial.
    pub exact: Option<f64>,
    /// `|forward difference - exact|` per step (`None` where not finite).
    pub forward: Vec<Option<f64>>,
    /// `|central difference - exact|` per step.
    pub central: Vec<Option<f64>>,
    /// Index of the step with the smallest forward error.
    pub best_forward: Option<usize>,
    /// Index of the step with the smallest central error.
    pub best_central: Option<usize>,
}

/// The error of forward and central differences across steps, for teaching; see [`sweep`].
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct SweepReport {
    /// The variable names.
    pub vars: Vec<String>,
    /// The point.
    pub point: Vec<f64>,
    /// The type the differences were evaluated in.
    pub precision: Precision,
    /// `f` at the point (`None` where not finite: the point is outside the formula's domain).
    pub value: Option<f64>,
    /// The steps (absolute), largest first.
    pub steps: Vec<f64>,
    /// One column per variable.
    pub columns: Vec<SweepColumn>,
}

fn argmin(v: &[Option<f64>]) -> Option<usize> {
    v.iter()
        .enumerate()
        .filter_map(|(k, e)| e.map(|e| (k, e)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(k, _)| k)
}

/// Forward and central differences along input `i` for each step, in the evaluation type `T`,
/// at `x` (in `T` in `xt`, restored on return).
fn sweep_in<T: Float, O: EvalIn<T> + ?Sized>(
    f: &mut O,
    xt: &mut [T],
    i: usize,
    steps: &[f64],
) -> Result<(Vec<f64>, Vec<f64>), CheckError> {
    let conv = |v: f64| T::from(v).unwrap_or_else(T::nan);
    let back = |v: T| v.to_f64().unwrap_or(f64::NAN);
    let xi = xt[i];
    let f0 = f.eval_in(xt)?;
    let two = T::one() + T::one();
    let (mut fwd, mut cen) = (
        Vec::with_capacity(steps.len()),
        Vec::with_capacity(steps.len()),
    );
    for &h in steps {
        let h = conv(h);
        xt[i] = xi + h;
        let fp = f.eval_in(xt)?;
        xt[i] = xi - h;
        let fm = f.eval_in(xt)?;
        xt[i] = xi;
        fwd.push(back((fp - f0) / h));
        cen.push(back((fp - fm) / (two * h)));
    }
    Ok((fwd, cen))
}

/// The error of forward `(f(x+h) - f(x))/h` and central `(f(x+h) - f(x-h))/(2h)` differences
/// against the exact partials, for the steps of [`sweep_steps`], evaluated in `precision`.
///
/// Truncation error falls with `h` (like `h` forward, `h^2` central) while round-off rises like
/// `eps/h`, so the errors trace a V whose bottom is near `sqrt(eps)` (forward) and `cbrt(eps)`
/// (central).
///
/// ```
/// let f = nabla::Function::parse("sin(x)").unwrap();
/// let s = nabla::sweep(&f, &[1.0], nabla::Precision::F64).unwrap();
/// let best = s.steps[s.columns[0].best_central.unwrap()];
/// assert!((1e-6..=1e-4).contains(&best));
/// ```
pub fn sweep(f: &Problem, x: &[f64], precision: Precision) -> Result<SweepReport, CheckError> {
    sweep_objective(&mut ProblemObjective::new(f), x, precision)
}

/// [`sweep`] for any [`Objective`]: the error of its differences against its gradient
/// (a person's own gradient code, for instance) across the steps of [`sweep_steps`].
///
/// ```
/// use nabla::{sweep_objective, FnObjective, Precision};
/// let mut obj = FnObjective::new(
///     vec!["x".into()],
///     |p: &[f64]| Ok(p[0].sin()),
///     |p: &[f64], g: &mut [f64]| { g[0] = p[0].cos(); Ok(()) },
/// );
/// let s = sweep_objective(&mut obj, &[1.0], Precision::F64).unwrap();
/// let best = s.steps[s.columns[0].best_central.unwrap()];
/// assert!((1e-6..=1e-4).contains(&best));
/// ```
pub fn sweep_objective<O: Objective + ?Sized>(
    f: &mut O,
    x: &[f64],
    precision: Precision,
) -> Result<SweepReport, CheckError> {
    let vars = f.input_names();
    if x.len() != vars.len() {
        return Err(CheckError::Dimension {
            expected: vars.len(),
            found: x.len(),
        });
    }
    let partials = f.partials();
    let steps = sweep_steps();
    let mut grad = vec![0.0; partials.len()];
    let value = finite(f.value_grad(x, &mut grad)?);
    let (mut x64, mut x32) = (Vec::new(), Vec::new());
    convert_into(x, &mut x64);
    if precision == Precision::F32 {
        convert_into(x, &mut x32);
    }
    let columns = partials
        .iter()
        .zip(&grad)
        .map(|((name, input), &exact)| {
            let (fwd, cen) = match precision {
                Precision::F64 => sweep_in::<f64, O>(f, &mut x64, *input, &steps)?,
                Precision::F32 => sweep_in::<f32, O>(f, &mut x32, *input, &steps)?,
            };
            let errs = |v: Vec<f64>| -> Vec<Option<f64>> {
                v.iter().map(|d| finite((d - exact).abs())).collect()
            };
            let (forward, central) = (errs(fwd), errs(cen));
            Ok(SweepColumn {
                var: name.clone(),
                exact: finite(exact),
                best_forward: argmin(&forward),
                best_central: argmin(&central),
                forward,
                central,
            })
        })
        .collect::<Result<Vec<_>, CheckError>>()?;
    Ok(SweepReport {
        vars,
        point: x.to_vec(),
        precision,
        value,
        steps,
        columns,
    })
}

impl SweepReport {
    /// Whether any error at any step is finite (`false` where `f` is undefined at the point or
    /// beside it, or where the exact partial is not finite).
    ///
    /// ```
    /// let f = nabla::Function::parse("ln(x) + y^2").unwrap();
    /// let s = nabla::sweep(&f, &[-2.01, 1.01], nabla::Precision::F64).unwrap();
    /// assert_eq!((s.value, s.any_difference()), (None, false));
    /// ```
    pub fn any_difference(&self) -> bool {
        self.columns
            .iter()
            .any(|c| c.forward.iter().chain(&c.central).any(Option::is_some))
    }

    /// The sentence for a sweep that could not be taken: `f` undefined at the point, or no
    /// error finite at any step; `None` when there is a V to show.
    ///
    /// ```
    /// let f = nabla::Function::parse("sqrt(x)").unwrap();
    /// assert!(nabla::sweep(&f, &[-1.0], nabla::Precision::F64).unwrap().failure().is_some());
    /// assert!(nabla::sweep(&f, &[4.0], nabla::Precision::F64).unwrap().failure().is_none());
    /// ```
    pub fn failure(&self) -> Option<String> {
        let point = point_text(&self.vars, &self.point);
        if self.value.is_none() {
            Some(tr!("check-sweep-undefined", point = point))
        } else if !self.any_difference() {
            Some(tr!("check-sweep-nothing", point = point))
        } else {
            None
        }
    }
}

impl fmt::Display for SweepReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.value.is_none() {
            return writeln!(f, "{}", self.failure().unwrap_or_default());
        }
        for (k, c) in self.columns.iter().enumerate() {
            if k > 0 {
                writeln!(f)?;
            }
            writeln!(
                f,
                "{}",
                tr!(
                    "check-sweep-title",
                    var = &c.var,
                    point = point_text(&self.vars, &self.point),
                    exact = num(c.exact),
                    precision = self.precision.to_string()
                )
            )?;
            let mut rows = vec![vec![
                tr!("check-sweep-col-step"),
                tr!("check-sweep-col-forward"),
                tr!("check-sweep-col-central"),
                String::new(),
            ]];
            for (j, h) in self.steps.iter().enumerate() {
                let mut marks = Vec::new();
                if c.best_forward == Some(j) {
                    marks.push(tr!("check-sweep-best-forward"));
                }
                if c.best_central == Some(j) {
                    marks.push(tr!("check-sweep-best-central"));
                }
                let mark = if marks.is_empty() {
                    String::new()
                } else {
                    tr!("check-sweep-mark", marks = join_list(&marks))
                };
                rows.push(vec![
                    format!("{h:e}"),
                    err(c.forward[j]),
                    err(c.central[j]),
                    mark,
                ]);
            }
            table(f, &rows)?;
        }
        let eps = self.precision.epsilon();
        writeln!(f, "{}", tr!("check-sweep-explain1"))?;
        writeln!(
            f,
            "{}",
            tr!(
                "check-sweep-explain2",
                eps = format!("{eps:.1e}"),
                precision = self.precision.to_string(),
                sqrt = format!("{:.0e}", eps.sqrt()),
                cbrt = format!("{:.0e}", eps.cbrt())
            )
        )
    }
}
