//! The answer of `nabla fit`: [`FitAnswer`], built by [`fit`] from a model, a [`Dataset`] and a
//! [`FitConfig`], and the exit class of the errors that leave no answer ([`FitError::exit`]).
//!
//! Invariants:
//! * the fit's stop decides the verdict, here and nowhere else: the gradient within the tolerance
//!   or Nelder-Mead's collapsed simplex is [`VerdictKind::Converged`], a line search that finds
//!   no lower loss or a stalled loss is [`VerdictKind::Converged`] where the scaled gradient is at
//!   most [`crate::SCALED_GTOL`] and [`VerdictKind::Stalled`] elsewhere, all epochs run
//!   [`VerdictKind::BudgetSpent`] (all
//!   three exit 0; the tolerance tests of Levenberg-Marquardt and trf are converged, their evaluations
//!   running out budget spent); a loss, gradient or parameter that stops being finite during training is
//!   [`VerdictKind::Diverged`] and a start where the loss is not finite
//!   [`VerdictKind::NotFinite`] (both exit 1, the answer holding the last finite parameters);
//! * `point` (the parameters, in the order of `vars`) and `parameters` (the same values by name)
//!   are always finite; `value` is the mean loss over all rows at `point`, `gradient` its
//!   gradient with respect to the parameters;
//! * `bounds` lists the bounded parameters with their bounds (`null` for none on a side) and the
//!   bound each ended at (`active`), a fact of the finished fit only;
//! * `uncertainty` is the library's [`crate::Uncertainty`] for least-squares fits, `null`
//!   otherwise; it
//!   holds no NaN (missing quantities are `null`, with a note), and says whether the residuals
//!   were weighted by σ (`sigma`) and whether the covariance is scaled by the reduced χ²
//!   (`absolute_sigma` false, the default, as `scipy.optimize.curve_fit`) or not;
//! * `files` lists every picture written for the answer ([`FitAnswer::plot_residuals`]), each
//!   written whole (a temporary file renamed into place);
//! * `residuals` carries the residuals at `point` of at most [`MAX_ANSWER_RESIDUALS`] rows (a
//!   front end draws its own chart from them); a fit of more rows carries `null` and says so in
//!   `notes`, and its residual plot still draws every row.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Instant;

use schemars::JsonSchema;
use serde::Serialize;

use super::{real, Exit, SchemaVersion, Verdict, VerdictKind};
use crate::tr;
use crate::{Dataset, FitConfig, FitError, FitReport, FitStop, Fitter, Formula, Partitions};

/// Most rows whose residuals an answer's document carries (`residuals`): about 600 KB of JSON.
/// A fit of more rows leaves them out, with a note; its residual plot still draws them all.
pub const MAX_ANSWER_RESIDUALS: usize = 10_000;

/// The residuals at the learned parameters as the answer's document carries them.
#[derive(Clone, Debug, Serialize, JsonSchema)]
struct Residuals {
    /// `model - target` of each row, in the data's order, divided by the row's σ when the fit
    /// has uncertainties (`null` where not finite).
    values: Vec<Option<f64>>,
    /// Whether the values are divided by σ.
    weighted: bool,
    /// The horizontal coordinate of each row for a residual plot: the model's first data
    /// column, or the row number (from 0) when the model reads no column.
    x: Vec<Option<f64>>,
    /// The name of that column, or `row`.
    x_name: String,
}

/// Serializes the residuals of at most [`MAX_ANSWER_RESIDUALS`] rows, `null` otherwise.
fn residuals_document<S: serde::Serializer>(
    r: &Option<crate::FitResiduals>,
    s: S,
) -> Result<S::Ok, S::Error> {
    let doc = r
        .as_ref()
        .filter(|r| r.values.len() <= MAX_ANSWER_RESIDUALS)
        .map(|r| Residuals {
            values: r.values.iter().map(|v| real(*v)).collect(),
            weighted: r.weighted,
            x: r.x.iter().map(|v| real(*v)).collect(),
            x_name: r.x_name.clone(),
        });
    doc.serialize(s)
}

/// The outcome of a fit: the parameters found, the loss, how training ran and why it stopped.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct FitAnswer {
    /// The version of this document's keys.
    pub schema_version: SchemaVersion,
    /// The model as nabla reads it (`null` when too large to print).
    pub formula: Option<String>,
    /// The parameters learned, in order (the model's other variables are data columns).
    pub vars: Vec<String>,
    /// The start values of the parameters, one per entry of `vars`.
    pub start: Vec<f64>,
    /// The learned parameters, one per entry of `vars` (after a divergence: the last finite
    /// ones).
    pub point: Vec<f64>,
    /// The learned parameters by name.
    pub parameters: BTreeMap<String, f64>,
    /// The loss (the mean of the per-sample loss over all rows) at `point` (`null` when not
    /// finite).
    pub value: Option<f64>,
    /// The gradient of the loss with respect to the parameters at `point`, one per entry of
    /// `vars` (`null` entries where not finite).
    pub gradient: Vec<Option<f64>>,
    /// The loss at `start`.
    pub start_value: Option<f64>,
    /// The loss after each epoch.
    pub epoch_values: Vec<f64>,
    /// The per-sample loss, in `pred` and `target`.
    pub loss_formula: String,
    /// The column predicted.
    pub target: String,
    /// The column of per-row uncertainties σ dividing each residual (`null`: unweighted).
    pub sigma: Option<String>,
    /// Whether σ are absolute uncertainties (covariance `(J^T W J)^-1`) rather than relative
    /// ones (covariance scaled by the reduced χ², the default).
    pub absolute_sigma: bool,
    /// The data set's name (the CSV file's path).
    pub data: String,
    /// Rows of data.
    pub rows: usize,
    /// The method's name.
    pub method: String,
    /// Every setting the method reads, with the value it ran with (defaults resolved).
    pub settings: BTreeMap<String, serde_json::Value>,
    /// Rows per step.
    pub batch_size: usize,
    /// Steps per epoch: `ceil(rows / batch_size)`.
    pub iterations_per_epoch: usize,
    /// The most epochs the fit could run.
    pub max_epochs: usize,
    /// Epochs run to the end.
    pub epochs: usize,
    /// Steps taken.
    pub iterations: usize,
    /// Whether rows were shuffled each epoch.
    pub shuffled: bool,
    /// The shuffling seed.
    pub seed: u64,
    /// Full-batch line-search methods stop when the largest gradient component is at most this.
    pub tol: f64,
    /// Why training ended, in words.
    pub stop: String,
    /// What the reader should know about the setup (a data column that a parameter of the same
    /// name hides, say).
    pub notes: Vec<String>,
    /// Wall-clock seconds of training.
    pub elapsed_s: f64,
    /// The verdict: `converged`, `stalled` or `budget_spent` (exit 0), `diverged` or
    /// `not_finite` (exit 1).
    pub verdict: Verdict,
    /// The parameters' uncertainty at `point` for least-squares fits (the default loss);
    /// `null` for a custom loss and when training did not finish.
    pub uncertainty: Option<crate::Uncertainty>,
    /// The bounded parameters (a fit with bounds runs `trf`), in parameter order: each one's
    /// `lower` and `upper` bound (`null`: none on that side) and `active`, the bound its learned
    /// value is at (`lower`, `upper`, or `null` when strictly inside or training did not
    /// finish). Empty without bounds.
    pub bounds: Vec<crate::ParamBounds>,
    /// The pictures written for this answer (the residual plot), by path.
    pub files: Vec<String>,
    /// The residuals at `point`, one per row (`null` when training did not finish, the data
    /// has no target column, or it has more than 10,000 rows, which a note says).
    #[serde(serialize_with = "residuals_document")]
    #[schemars(with = "Option<Residuals>")]
    residuals: Option<crate::FitResiduals>,
    /// The library's report, for the text form (absent when training did not finish).
    #[serde(skip)]
    #[schemars(skip)]
    report: Option<FitReport>,
    /// The library's error behind a failure, for front ends that add their own hint.
    #[serde(skip)]
    #[schemars(skip)]
    failure: Option<Arc<FitError>>,
}

impl FitAnswer {
    /// The error behind a failed fit ([`FitError::Diverged`] or [`FitError::NonFiniteStart`]),
    /// with the details a front end needs for its hint (the suggested learning rate, the
    /// parameters' names); `None` when the fit succeeded.
    ///
    /// ```
    /// let data = nabla::Dataset::from_columns("m", &[("y", vec![2.0, 4.0])]).unwrap();
    /// let a = nabla::answer::fit("c", &data, &nabla::FitConfig::new(&["c"]), |_, _| {}).unwrap();
    /// assert!(a.failure().is_none());
    /// ```
    pub fn failure(&self) -> Option<&FitError> {
        self.failure.as_deref()
    }

    /// The residuals at the learned parameters, `(model - target)/σ` with uncertainties, and
    /// what to plot them against; `None` when training did not finish or the data has no target
    /// column.
    pub fn residuals(&self) -> Option<&crate::FitResiduals> {
        self.residuals.as_ref()
    }

    /// Draws the residuals (weighted residuals with σ) against the model's first data column (or
    /// the row number), with the zero line, into `path` (SVG or PNG by extension, written to a
    /// temporary file renamed into place; [`crate::plot::IN_MEMORY`] returns the SVG text in the
    /// summary), and lists a written file in [`FitAnswer::files`]. An answer without residuals
    /// (training did not finish, or the data has no target column) draws an empty chart.
    ///
    /// ```
    /// use nabla::plot::IN_MEMORY;
    /// let data = nabla::Dataset::from_columns("pts", &[("x", vec![0.0, 1.0, 2.0]), ("y", vec![1.0, 3.0, 4.0])]).unwrap();
    /// let mut a = nabla::answer::fit("a + b*x", &data, &nabla::FitConfig::new(&["a", "b"]), |_, _| {}).unwrap();
    /// let s = a.plot_residuals(IN_MEMORY.as_ref()).unwrap();
    /// assert_eq!(s.drawn_points, 3);
    /// assert!(a.files.is_empty());
    /// ```
    #[cfg(feature = "plot")]
    pub fn plot_residuals(
        &mut self,
        path: &std::path::Path,
    ) -> Result<crate::plot::PlotSummary, crate::plot::PlotError> {
        let empty = crate::FitResiduals {
            values: Vec::new(),
            weighted: self.sigma.is_some(),
            x: Vec::new(),
            x_name: "row".to_string(),
        };
        let r = self.residuals.as_ref().unwrap_or(&empty);
        // `row` names the row number where the model reads no data column (a data column
        // named `row` keeps its name).
        let by_row = r.x_name == "row"
            && !self.formula.as_deref().is_some_and(|m| {
                Formula::parse(m).is_ok_and(|f| f.var_names().contains(&"row"))
                    && !self.vars.iter().any(|v| v == "row")
            });
        let x_name = if by_row {
            tr!("fit-plot-row")
        } else {
            r.x_name.clone()
        };
        let model = match self.formula.as_deref() {
            Some(m) => m.to_string(),
            None => tr!("fit-plot-the-model"),
        };
        let opts = crate::plot::ResidualOptions {
            y_name: if r.weighted {
                tr!("fit-plot-y-weighted")
            } else {
                tr!("fit-plot-y")
            },
            title: Some(if r.weighted {
                tr!("fit-plot-title-weighted", model = model, x = &x_name)
            } else {
                tr!("fit-plot-title", model = model, x = &x_name)
            }),
            x_name,
            ..Default::default()
        };
        let summary = crate::plot::residual_chart(path, &r.x, &r.values, &opts)?;
        if path != std::path::Path::new(crate::plot::IN_MEMORY) {
            self.files.push(path.display().to_string());
        }
        Ok(summary)
    }
}

impl fmt::Display for FitAnswer {
    /// The text report of a finished fit (the epochs, the parameters, the final loss and the
    /// stop); nothing after a failure, whose verdict says it all.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.report {
            Some(r) => write!(f, "{r}"),
            None => Ok(()),
        }
    }
}

impl FitError {
    /// The exit class of an error that ends a fit before any answer: every error is bad input
    /// (exit 2), but a loss that is not finite at the start or during training is a numerical
    /// failure (exit 1).
    ///
    /// ```
    /// use nabla::answer::Exit;
    /// assert_eq!(nabla::FitError::NoParams.exit(), Exit::Usage);
    /// ```
    pub fn exit(&self) -> Exit {
        match self {
            FitError::Diverged { .. } | FitError::NonFiniteStart { .. } => Exit::Failure,
            _ => Exit::Usage,
        }
    }
}

/// The verdict of a finished fit, from its stop.
fn stop_verdict(stop: FitStop, tol: f64, gradient: &[Option<f64>], scaled: Option<f64>) -> Verdict {
    let sentence = stop.to_string();
    let largest = gradient
        .iter()
        .map(|g| g.map_or(f64::INFINITY, f64::abs))
        .fold(0.0, f64::max);
    match stop {
        FitStop::GradientTolerance => Verdict::new(
            VerdictKind::Converged,
            sentence,
            tr!(
                "fit-evidence-gradient-tolerance",
                largest = crate::fmt_number(largest),
                tol = crate::fmt_number(tol)
            ),
            Exit::Success,
        ),
        FitStop::GradientToleranceOnly => Verdict::new(
            VerdictKind::Stalled,
            sentence,
            tr!(
                "fit-evidence-plateau",
                largest = crate::fmt_number(largest),
                tol = crate::fmt_number(tol),
                decrease = crate::fmt_number(crate::PLATEAU_DECREASE)
            ),
            Exit::Success,
        ),
        FitStop::LineSearchFailed | FitStop::Stalled => Verdict::new(
            VerdictKind::Stalled,
            sentence,
            match scaled {
                Some(t) => tr!(
                    "fit-evidence-scaled-above",
                    largest = crate::fmt_number(largest),
                    scaled = crate::fmt_number(t),
                    limit = crate::fmt_number(crate::SCALED_GTOL)
                ),
                None => tr!(
                    "fit-evidence-gradient",
                    largest = crate::fmt_number(largest)
                ),
            },
            Exit::Success,
        ),
        FitStop::LineSearchConverged | FitStop::StalledConverged => Verdict::new(
            VerdictKind::Converged,
            sentence,
            tr!(
                "fit-evidence-scaled-below",
                largest = crate::fmt_number(largest),
                scaled = crate::fmt_number(scaled.unwrap_or(0.0)),
                limit = crate::fmt_number(crate::SCALED_GTOL)
            ),
            Exit::Success,
        ),
        FitStop::Epochs | FitStop::Evaluations => {
            Verdict::new(VerdictKind::BudgetSpent, sentence, "", Exit::Success)
        }
        _ => Verdict::new(VerdictKind::Converged, sentence, "", Exit::Success),
    }
}

fn settings_of(method: &crate::optim::Method) -> BTreeMap<String, serde_json::Value> {
    match serde_json::to_value(method.resolved_settings()) {
        Ok(serde_json::Value::Object(m)) => m.into_iter().collect(),
        _ => BTreeMap::new(),
    }
}

/// Fits `model` to `data` as [`Fitter`] does, calling `on_epoch(epoch, loss)` after each epoch,
/// and answers: the learned parameters, the loss and its gradient there, and the verdict of the
/// stop. A divergence or a start where the loss is not finite is an answer too (exit 1, with the
/// last finite parameters); every other [`FitError`] is bad input and returned.
///
/// ```
/// use nabla::{Dataset, FitConfig};
/// let data = Dataset::from_csv_reader("pts.csv", "x,y\n-1,-3\n0,0\n1,1\n".as_bytes()).unwrap();
/// let config = FitConfig::new(&["w", "b"]).init("w", 3.0).init("b", 1.0);
/// let a = nabla::answer::fit("w*x + b", &data, &config, |_, _| {}).unwrap();
/// assert!((a.parameters["w"] - 2.0).abs() < 1e-9);
/// assert_eq!(a.verdict.kind, nabla::answer::VerdictKind::Converged);
/// let gd = config
///     .method(nabla::optim::Method::parse("gd").unwrap().lr(10.0))
///     .batch(nabla::Batch::Size(1))
///     .epochs(200);
/// let a = nabla::answer::fit("w*x + b", &data, &gd, |_, _| {}).unwrap();
/// assert_eq!((a.verdict.kind, a.verdict.exit.code()), (nabla::answer::VerdictKind::Diverged, 1));
/// ```
pub fn fit(
    model: &str,
    data: &Dataset,
    config: &FitConfig,
    on_epoch: impl FnMut(usize, f64),
) -> Result<FitAnswer, FitError> {
    fit_over(model, data, None, config, on_epoch)
}

/// Fits `model` to data kept in partitions elsewhere ([`Partitions`]: a Dask DataFrame's, say),
/// and answers as [`fit`] does. `sample` (a few rows with the partitions' columns, e.g. the
/// first rows of the first partition) serves to build and check the fit; every sum, reduction
/// and loss comes from `parts` ([`Fitter::run_partitioned`]). The answer's `residuals` are
/// `None`: they stay in the partitions.
///
/// ```
/// use nabla::{Dataset, DatasetPartitions, FitConfig, Fitter};
/// let part = |xs: [f64; 2]| {
///     Dataset::from_columns("part", &[("x", xs.to_vec()), ("y", xs.iter().map(|x| 1.0 + 2.0 * x).collect())]).unwrap()
/// };
/// let parts = [part([0.0, 1.0]), part([2.0, 3.0])];
/// let config = FitConfig::new(&["a", "b"]);
/// let kernel = Fitter::new("a + b*x", &parts[0], &config).unwrap().kernel();
/// let mut all = DatasetPartitions::new(kernel, parts.iter().collect());
/// let a = nabla::answer::fit_partitioned("a + b*x", &parts[0], &mut all, &config, |_, _| {}).unwrap();
/// assert_eq!(a.rows, 4);
/// assert!((a.parameters["b"] - 2.0).abs() < 1e-12);
/// ```
pub fn fit_partitioned(
    model: &str,
    sample: &Dataset,
    parts: &mut dyn Partitions,
    config: &FitConfig,
    on_epoch: impl FnMut(usize, f64),
) -> Result<FitAnswer, FitError> {
    fit_over(model, sample, Some(parts), config, on_epoch)
}

/// [`fit`] over `data`, or over `parts` with `data` as the sample that builds the fit.
fn fit_over(
    model: &str,
    data: &Dataset,
    mut parts: Option<&mut dyn Partitions>,
    config: &FitConfig,
    mut on_epoch: impl FnMut(usize, f64),
) -> Result<FitAnswer, FitError> {
    let formula = Formula::parse(model).ok().and_then(|f| f.to_infix().ok());
    let rows = match &parts {
        Some(p) => p.rows(),
        None => data.rows(),
    };
    let method = config.resolved_method(rows);
    let mut answer = FitAnswer {
        schema_version: SchemaVersion::V1,
        formula,
        vars: config.params.clone(),
        start: Vec::new(),
        point: Vec::new(),
        parameters: BTreeMap::new(),
        value: None,
        gradient: Vec::new(),
        start_value: None,
        epoch_values: Vec::new(),
        loss_formula: config
            .loss
            .clone()
            .unwrap_or_else(|| "(pred - target)^2".to_string()),
        target: config.target.clone(),
        sigma: config.sigma.clone(),
        absolute_sigma: config.absolute_sigma,
        data: data.name().to_string(),
        rows,
        method: method.name().to_string(),
        settings: settings_of(&method),
        batch_size: config.batch.size(rows),
        iterations_per_epoch: config.batch.iterations(rows),
        max_epochs: config.epochs,
        epochs: 0,
        iterations: 0,
        shuffled: config.shuffle,
        seed: config.seed,
        tol: config.tol,
        stop: String::new(),
        notes: Vec::new(),
        elapsed_s: 0.0,
        verdict: Verdict::new(VerdictKind::Computed, "", "", Exit::Success),
        uncertainty: None,
        bounds: config
            .bounds
            .iter()
            .map(|(name, lower, upper)| crate::ParamBounds {
                param: name.clone(),
                lower: Some(*lower).filter(|v| v.is_finite()),
                upper: Some(*upper).filter(|v| v.is_finite()),
                active: None,
            })
            .collect(),
        files: Vec::new(),
        residuals: None,
        report: None,
        failure: None,
    };
    let clock = Instant::now();
    let mut fitter = match Fitter::new(model, data, config) {
        Ok(f) => f,
        Err(e @ FitError::NonFiniteStart { .. }) => {
            if let FitError::NonFiniteStart {
                names,
                values,
                value,
                ..
            } = &e
            {
                answer.vars.clone_from(names);
                answer.start.clone_from(values);
                answer.point.clone_from(values);
                answer.parameters = names.iter().cloned().zip(values.iter().copied()).collect();
                answer.start_value = real(*value);
                answer.value = real(*value);
                answer.gradient = vec![None; names.len()];
            }
            answer.stop = tr!("fit-stop-not-finite-start");
            answer.verdict = Verdict::new(VerdictKind::NotFinite, e.to_string(), "", Exit::Failure);
            answer.failure = Some(Arc::new(e));
            return Ok(answer);
        }
        Err(e) => return Err(e),
    };
    answer.vars = fitter.param_names().to_vec();
    answer.start = fitter.params().to_vec();
    answer.notes = fitter.notes().to_vec();
    let mut g = vec![0.0; answer.vars.len()];
    // The loss and its gradient at the fitter's parameters over all rows.
    let loss_and_grad =
        |fitter: &mut Fitter, parts: &mut Option<&mut dyn Partitions>, g: &mut [f64]| match parts {
            Some(p) => {
                let (sum, n) = p.loss_and_grad_sums(fitter.params(), None, g)?;
                let inv = 1.0 / n.max(1) as f64;
                g.iter_mut().for_each(|v| *v *= inv);
                Ok::<f64, FitError>(sum * inv)
            }
            None => {
                let all: Vec<usize> = (0..rows).collect();
                Ok(fitter.batch_loss_and_grad(&all, g))
            }
        };
    answer.start_value = real(loss_and_grad(&mut fitter, &mut parts, &mut g)?);
    let mut losses = Vec::new();
    let record = |e: usize, l: f64| {
        losses.push(l);
        on_epoch(e, l);
    };
    let outcome = match parts.as_deref_mut() {
        Some(p) => fitter.run_partitioned(p, record),
        None => fitter.run(record),
    };
    // Only a divergence is an answer; any other error (a partition that fails) is returned.
    let outcome = match outcome {
        Err(e) if !matches!(e, FitError::Diverged { .. }) => return Err(e),
        other => other,
    };
    let value = loss_and_grad(&mut fitter, &mut parts, &mut g)?;
    answer.point = fitter.params().to_vec();
    answer.parameters = answer
        .vars
        .iter()
        .cloned()
        .zip(answer.point.iter().copied())
        .collect();
    answer.value = real(value);
    answer.gradient = g.iter().map(|d| real(*d)).collect();
    answer.epoch_values = losses;
    answer.elapsed_s = clock.elapsed().as_secs_f64();
    match outcome {
        Ok(report) => {
            answer.loss_formula.clone_from(&report.loss_formula);
            answer.value = real(report.final_loss);
            answer.start_value = real(report.initial_loss);
            answer.epochs = report.epochs;
            answer.iterations = report.iterations;
            answer.stop = report.stop.to_string();
            answer.elapsed_s = report.elapsed.as_secs_f64();
            answer.verdict = stop_verdict(
                report.stop,
                config.tol,
                &answer.gradient,
                report.scaled_gradient,
            );
            answer.uncertainty = report.uncertainty.clone();
            answer.bounds.clone_from(&report.bounds);
            answer.batch_size = report.batch_size;
            answer.iterations_per_epoch = report.iterations_per_epoch;
            answer.shuffled = report.shuffled;
            answer.notes.clone_from(&report.notes);
            answer.residuals = match parts {
                Some(_) => None,
                None => fitter.residuals(),
            };
            if answer.residuals.is_some() && rows > MAX_ANSWER_RESIDUALS {
                answer.notes.push(tr!(
                    "fit-note-residuals-left-out",
                    rows = crate::limits::group_digits(rows as u64),
                    max = crate::limits::group_digits(MAX_ANSWER_RESIDUALS as u64)
                ));
            }
            answer.report = Some(report);
        }
        Err(e @ FitError::Diverged { .. }) => {
            if let FitError::Diverged {
                epoch, iteration, ..
            } = &e
            {
                answer.epochs = epoch.saturating_sub(1);
                answer.iterations = *iteration;
            }
            answer.stop = tr!("fit-stop-diverged");
            answer.verdict = Verdict::new(VerdictKind::Diverged, e.to_string(), "", Exit::Failure);
            answer.failure = Some(Arc::new(e));
        }
        Err(e) => return Err(e),
    }
    Ok(answer)
}
