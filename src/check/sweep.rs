//! [`sweep`]: the error of forward and central differences against the exact partials across
//! the decades of [`sweep_steps`], for teaching the V of truncation and round-off error.
//!
//! Invariants: the steps are the same for every variable and point, largest first; errors that
//! are not finite are `None` and never chosen as the best step.

use std::fmt;

use num_traits::Float;
use schemars::JsonSchema;
use serde::Serialize;

use super::options::{CheckError, Precision};
use super::{err, finite, num, point_text, table};
use crate::Problem;

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

/// Forward and central differences along input `i` for each step, in the evaluation type `T`.
fn sweep_in<T: Float + 'static>(
    f: &Problem,
    x: &[f64],
    i: usize,
    steps: &[f64],
) -> Result<(Vec<f64>, Vec<f64>), CheckError> {
    let tape = f.value_tape();
    let mut ws = tape.workspace::<T>();
    let conv = |v: f64| T::from(v).unwrap_or_else(T::nan);
    let back = |v: T| v.to_f64().unwrap_or(f64::NAN);
    let mut xt: Vec<T> = x.iter().map(|&v| conv(v)).collect();
    let xi = xt[i];
    let mut out = [T::zero()];
    tape.eval(&xt, &mut ws, &mut out)?;
    let f0 = out[0];
    let two = T::one() + T::one();
    let (mut fwd, mut cen) = (Vec::new(), Vec::new());
    for &h in steps {
        let h = conv(h);
        xt[i] = xi + h;
        tape.eval(&xt, &mut ws, &mut out)?;
        let fp = out[0];
        xt[i] = xi - h;
        tape.eval(&xt, &mut ws, &mut out)?;
        let fm = out[0];
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
    let n = f.dim();
    if x.len() != f.n_inputs() {
        return Err(CheckError::Dimension {
            expected: f.n_inputs(),
            found: x.len(),
        });
    }
    let vars = f.formula().vars();
    let at: Vec<usize> = f
        .wrt()
        .iter()
        .map(|w| vars.iter().position(|v| v == w).unwrap_or(0))
        .collect();
    let steps = sweep_steps();
    let tape = f.value_grad_tape();
    let mut ws = tape.workspace::<f64>();
    let mut out = vec![0.0; n + 1];
    tape.eval(x, &mut ws, &mut out)?;
    let names: Vec<String> = f.wrt_names().iter().map(|s| s.to_string()).collect();
    let columns = (0..n)
        .map(|i| {
            let exact = out[i + 1];
            let (fwd, cen) = match precision {
                Precision::F64 => sweep_in::<f64>(f, x, at[i], &steps)?,
                Precision::F32 => sweep_in::<f32>(f, x, at[i], &steps)?,
            };
            let errs = |v: Vec<f64>| -> Vec<Option<f64>> {
                v.iter().map(|d| finite((d - exact).abs())).collect()
            };
            let (forward, central) = (errs(fwd), errs(cen));
            Ok(SweepColumn {
                var: names[i].clone(),
                exact: finite(exact),
                best_forward: argmin(&forward),
                best_central: argmin(&central),
                forward,
                central,
            })
        })
        .collect::<Result<Vec<_>, CheckError>>()?;
    Ok(SweepReport {
        vars: f.input_names().iter().map(|s| s.to_string()).collect(),
        point: x.to_vec(),
        precision,
        steps,
        columns,
    })
}

impl fmt::Display for SweepReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (k, c) in self.columns.iter().enumerate() {
            if k > 0 {
                writeln!(f)?;
            }
            writeln!(
                f,
                "df/d{} at {}: exact {}, differences in {}",
                c.var,
                point_text(&self.vars, &self.point),
                num(c.exact),
                self.precision
            )?;
            let mut rows = vec![vec![
                "step".to_string(),
                "forward error".to_string(),
                "central error".to_string(),
                String::new(),
            ]];
            for (j, h) in self.steps.iter().enumerate() {
                let mut marks = Vec::new();
                if c.best_forward == Some(j) {
                    marks.push("best forward");
                }
                if c.best_central == Some(j) {
                    marks.push("best central");
                }
                let mark = if marks.is_empty() {
                    String::new()
                } else {
                    format!("<- {}", marks.join(", "))
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
        writeln!(
            f,
            "Large steps: truncation error (forward ~ h*|f''|/2, central ~ h^2*|f'''|/6) falls as h shrinks;"
        )?;
        write!(
            f,
            "small steps: round-off ~ eps*|f|/h rises (eps = {:.1e} in {}), so the best step is near sqrt(eps) = {:.0e} forward, cbrt(eps) = {:.0e} central.",
            eps,
            self.precision,
            eps.sqrt(),
            eps.cbrt()
        )?;
        writeln!(f)
    }
}
