//! Per-row uncertainties and the residuals at the solution: [`sigma_column`] checks the column of
//! σ ([`crate::FitConfig::sigma`]) before any step, [`total_sum_of_squares`] gives R²'s
//! denominator (weighted by `1/σ²` when σ are given), and [`FitResiduals`] holds the residuals
//! `(model - target)/σ` of every row with the horizontal axis of their plot.
//!
//! Invariants: a σ column that passed [`sigma_column`] holds only positive finite numbers, so
//! every division by σ is finite wherever the residual is; the first bad σ is reported with its
//! line and column; everything is one loop over the rows.

use serde::Serialize;

use crate::graph::{Graph, NodeId, VarId};
use crate::problem::Problem;

use super::config::FitConfig;
use super::data::Dataset;
use super::error::FitError;

/// The index of the σ column, checked: present, not a parameter or the target, every cell a
/// positive finite number (a missing or non-finite cell is [`FitError::NotANumber`], a zero or
/// negative one [`FitError::InvalidSigma`], both naming the line and the column).
pub(super) fn sigma_column(data: &Dataset, config: &FitConfig) -> Result<Option<usize>, FitError> {
    let Some(name) = &config.sigma else {
        return Ok(None);
    };
    if config.params.contains(name) {
        return Err(FitError::SigmaConflict {
            name: name.clone(),
            role: "a parameter",
        });
    }
    if *name == config.target {
        return Err(FitError::SigmaConflict {
            name: name.clone(),
            role: "target",
        });
    }
    let Some(k) = data.column_index(name) else {
        if let Some(e) = data.separator_error(name) {
            return Err(e);
        }
        return Err(FitError::MissingSigma {
            file: data.name.clone(),
            line: data.header_line,
            column: name.clone(),
            header: data.header_text(),
        });
    };
    data.check_column(k)?;
    check_positive(data, k)?;
    Ok(Some(k))
}

/// Every cell of the σ column `k` is positive: the first that is not is
/// [`FitError::InvalidSigma`], naming its line and column.
pub(super) fn check_positive(data: &Dataset, k: usize) -> Result<(), FitError> {
    for r in 0..data.rows() {
        let v = data.row(r)[k];
        if v <= 0.0 {
            return Err(FitError::InvalidSigma {
                file: data.name.clone(),
                line: data.line_of_row(r).unwrap_or(0),
                column: data.columns()[k].clone(),
                value: v,
            });
        }
    }
    Ok(())
}

/// The target's total sum of squares about its mean: `Σ w (y - ȳ)²` with `w = 1/σ²` and `ȳ` the
/// weighted mean when `sigma` is a column, `w = 1` otherwise.
pub(super) fn total_sum_of_squares(data: &Dataset, target: usize, sigma: Option<usize>) -> f64 {
    let m = data.rows();
    let w = |i: usize| sigma.map_or(1.0, |s| data.row(i)[s].powi(-2));
    let (mut sw, mut swy) = (0.0, 0.0);
    for i in 0..m {
        sw += w(i);
        swy += w(i) * data.row(i)[target];
    }
    if sw <= 0.0 {
        return 0.0;
    }
    let mean = swy / sw;
    (0..m)
        .map(|i| w(i) * (data.row(i)[target] - mean).powi(2))
        .sum()
}

/// The residuals of a fit at its parameters, one per row, with what a plot of them draws them
/// against.
///
/// ```
/// use nabla::{Dataset, FitConfig, Fitter};
/// let data = Dataset::from_columns("pts", &[("x", vec![0.0, 1.0]), ("y", vec![1.0, 5.0]), ("s", vec![1.0, 2.0])]).unwrap();
/// let mut f = Fitter::new("a*x", &data, &FitConfig::new(&["a"]).init("a", 3.0).sigma("s")).unwrap();
/// let r = f.residuals().unwrap();
/// // (3*0 - 1)/1 and (3*1 - 5)/2.
/// assert_eq!(r.values, [-1.0, -1.0]);
/// assert!(r.weighted);
/// assert_eq!((r.x_name.as_str(), r.x.as_slice()), ("x", [0.0, 1.0].as_slice()));
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct FitResiduals {
    /// `model - target` of each row, divided by the row's σ when the fit has uncertainties.
    pub values: Vec<f64>,
    /// Whether the residuals are divided by σ.
    pub weighted: bool,
    /// The horizontal coordinate of each row: the model's first data column, or the row number
    /// (from 0) when the model reads no column.
    pub x: Vec<f64>,
    /// The name of that column, or `row`.
    pub x_name: String,
}

/// The residual `(model - target)/σ` (`model - target` without σ) compiled in the parameters,
/// with the data column of each data input; `None` when the target column is missing or has a
/// bad cell (a custom loss need not read it).
pub(super) fn residual_problem(
    g: &Graph,
    root: NodeId,
    params: &[VarId],
    data: &Dataset,
    config: &FitConfig,
) -> Result<Option<(Problem, Vec<usize>)>, FitError> {
    match data.column_index(&config.target) {
        Some(k) if data.check_column(k).is_ok() => {}
        _ => return Ok(None),
    }
    let mut g = g.clone();
    let t = g.var(&config.target);
    let mut d = g.sub(root, t);
    if let Some(s) = &config.sigma {
        let s = g.var(s);
        d = g.div(d, s);
    }
    let mut inputs = params.to_vec();
    let mut cols = Vec::new();
    for v in g.vars_of(&[d]) {
        if params.contains(&v) {
            continue;
        }
        let Some(k) = data.column_index(g.var_name(v)) else {
            return Ok(None);
        };
        inputs.push(v);
        cols.push(k);
    }
    let names: Vec<String> = params.iter().map(|v| g.var_name(*v).to_string()).collect();
    let f = crate::Formula::from_parts(g, d, inputs)?;
    Ok(Some((Problem::with_wrt(f, &names)?, cols)))
}

/// The column of the model's first data variable (not a parameter), if any.
pub(super) fn first_data_column(
    g: &Graph,
    root: NodeId,
    params: &[VarId],
    data: &Dataset,
) -> Option<usize> {
    g.vars_of(&[root])
        .into_iter()
        .filter(|v| !params.contains(v))
        .find_map(|v| data.column_index(g.var_name(v)))
}
