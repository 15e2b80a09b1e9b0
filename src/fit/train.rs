//! Training: [`Fitter`] builds the compiled problem from a model, a data set and a
//! [`FitConfig`], checks everything before the first step, and runs epochs; [`fit`] does both.
//!
//! Invariants: a [`Fitter`] that was built has a finite loss and gradient at its parameters;
//! after any step that makes the loss, gradient or parameters non-finite, the parameters are
//! back at their last finite values and training ends with [`FitError::Diverged`]. Mini-batch
//! rows are shuffled with the configured seed, so runs repeat exactly.

use std::sync::Arc;
use std::time::Instant;

use crate::graph::Graph;
use crate::optim::{Divergence, Driver};
use crate::optim::{FirstOrder, Iterate, Objective, Optimizer, StopReason, StopRule, UpdateRule};
use crate::parse::parse_into;

use super::bounds::{self, BoundSide, Resolved};
use super::config::{Batch, FitConfig};
use super::data::Dataset;
use super::error::FitError;
use super::evaluator::{compose, Evaluator};
use super::lm::{self, JacobianNotFinite, LeastSquares, Lm, LmStop};
use super::report::{FitReport, FitStop, PLATEAU_DECREASE};
use super::residuals::Residuals;
use super::trf::{Trf, TrfStop};
use super::weights::{self, FitResiduals};

/// How parameters move.
pub(super) enum Stepper {
    /// A first-order rule stepped on mini-batch gradients ([`FirstOrder::update`], the step the
    /// driver's first-order methods take too).
    FirstOrder(FirstOrder<Box<dyn UpdateRule + Send>>),
    /// A full-batch method stepped against the whole data set by the optimizer's [`Driver`],
    /// one step per epoch, under the stop rule of [`full_batch_rule`].
    Full {
        opt: Box<dyn Optimizer>,
        driver: Box<Driver>,
        /// The rule that stopped the run, once one has.
        reason: Option<StopReason>,
    },
    /// Levenberg-Marquardt on the residuals ([`Fitter`]'s `resid`), one iteration per epoch.
    Lm(Box<Lm>),
    /// Trust-region reflective on the residuals, within the bounds, one iteration per epoch.
    Trf(Box<Trf>),
}

/// The method, built: a first-order rule, a full-batch optimizer, or a least-squares method
/// (Levenberg-Marquardt, or trust-region reflective with the bounds).
enum Built {
    FirstOrder(FirstOrder<Box<dyn UpdateRule + Send>>),
    Full(Box<dyn Optimizer>),
    Lm,
    Trf,
}

/// How fit reports a Levenberg-Marquardt stop.
pub(super) fn lm_stop(stop: LmStop) -> FitStop {
    match stop {
        LmStop::SumOfSquares => FitStop::SumOfSquaresTolerance,
        LmStop::Step => FitStop::StepTolerance,
        LmStop::SumOfSquaresAndStep => FitStop::SumOfSquaresAndStepTolerance,
        LmStop::Orthogonal => FitStop::Orthogonal,
        LmStop::ExactFit => FitStop::ExactFit,
        LmStop::Evaluations => FitStop::Evaluations,
        LmStop::MachinePrecision => FitStop::MachinePrecision,
    }
}

/// How fit reports a trust-region reflective stop.
pub(super) fn trf_stop(stop: TrfStop) -> FitStop {
    match stop {
        TrfStop::SumOfSquares => FitStop::SumOfSquaresTolerance,
        TrfStop::Step => FitStop::StepTolerance,
        TrfStop::SumOfSquaresAndStep => FitStop::SumOfSquaresAndStepTolerance,
        TrfStop::Optimality => FitStop::FirstOrderOptimality,
        TrfStop::ExactFit => FitStop::ExactFit,
        TrfStop::Evaluations => FitStop::Evaluations,
    }
}

/// Epochs without a relative decrease of the loss beyond [`STALL_TOL`] after which a full-batch
/// gradient method (L-BFGS, Newton, gd-armijo) stops as stalled.
pub const STALL_EPOCHS: usize = 20;

/// The relative decrease of the loss (`STALL_TOL * |loss|`) that counts as progress for the
/// stall test of [`STALL_EPOCHS`].
pub const STALL_TOL: f64 = 1e-15;

/// The scaled gradient ([`Fitter::scaled_gradient`]) at most which a line search that finds no
/// lower loss, or a loss that stalled, counts as converged; above it the fit has stalled.
pub const SCALED_GTOL: f64 = 1e-6;

/// The driver's stop rule for a full-batch fit: at most `epochs` steps, and `max |gradient| <=
/// tol` (the driver stops on `< grad_tol`, so `grad_tol` is the next number above `tol`); for a
/// method that uses the gradient, the stall test ([`STALL_EPOCHS`], [`STALL_TOL`]). No time
/// limit, no explosion bound: fit's stop reasons are the epochs, the gradient, the line search,
/// the stall and the simplex, and any non-finite number is a divergence.
pub(super) fn full_batch_rule(epochs: usize, tol: f64, uses_gradient: bool) -> StopRule {
    let grad_tol = if tol == 0.0 {
        f64::from_bits(1)
    } else if tol > 0.0 && tol.is_finite() {
        f64::from_bits(tol.to_bits() + 1)
    } else {
        // Negative (never reached either way), infinite or NaN.
        tol
    };
    StopRule {
        max_iters: epochs,
        grad_tol,
        stall_window: if uses_gradient { STALL_EPOCHS } else { 0 },
        stall_tol: STALL_TOL,
        explode_factor: f64::INFINITY,
        progress_every: 0,
        ..StopRule::default()
    }
}

/// What ended a full-batch run, as fit reports it; `None` for the driver's iteration limit,
/// which is the epochs running out.
pub(super) fn fit_stop(reason: StopReason) -> Option<FitStop> {
    match reason {
        StopReason::GradientTolerance => Some(FitStop::GradientTolerance),
        StopReason::LineSearchFailed { .. } => Some(FitStop::LineSearchFailed),
        StopReason::Stalled => Some(FitStop::Stalled),
        StopReason::SimplexCollapsed => Some(FitStop::Converged),
        // The time test is off; a divergence is an error, not a stop; only a global search
        // certifies.
        StopReason::MaxIterations
        | StopReason::Certified
        | StopReason::TimeLimit
        | StopReason::Diverged { .. } => None,
    }
}

/// The words of a divergence in fit's messages.
fn diverged_what(d: Divergence) -> &'static str {
    match d {
        Divergence::Value(_) => "loss",
        Divergence::Gradient(_) => "gradient",
        Divergence::Point(_) => "parameter",
    }
}

/// A fit in progress: the compiled loss bound to a data set, the parameters, the optimizer's
/// state and the shuffling order. [`Fitter::run`] trains for the configured epochs;
/// [`Fitter::train_epoch`] and [`Fitter::batch_loss_and_grad`] expose the pieces.
///
/// ```
/// use nabla::{Batch, Dataset, FitConfig, Fitter};
/// use nabla::optim::Method;
/// let data = Dataset::from_columns("pts", &[("x", vec![-1.0]), ("y", vec![-3.0])]).unwrap();
/// let cfg = FitConfig::new(&["w", "b"]).init("w", 3.0).init("b", 1.0)
///     .batch(Batch::Size(1)).method(Method::parse("gd").unwrap().lr(0.5));
/// let mut fitter = Fitter::new("w*x + b", &data, &cfg).unwrap();
/// let mut g = [0.0; 2];
/// assert_eq!(fitter.batch_loss_and_grad(&[0], &mut g), 1.0);
/// assert_eq!(g, [-2.0, 2.0]);
/// fitter.train_epoch().unwrap();
/// assert_eq!(fitter.params(), [4.0, 0.0]);
/// ```
pub struct Fitter<'a> {
    pub(super) eval: Evaluator<'a>,
    pub(super) model_text: String,
    pub(super) loss_text: String,
    pub(super) target: String,
    pub(super) method_name: &'static str,
    /// The method that runs (given or chosen).
    pub(super) method: crate::optim::Method,
    pub(super) names: Vec<String>,
    pub(super) x: Vec<f64>,
    pub(super) prev: Vec<f64>,
    pub(super) g: Vec<f64>,
    pub(super) stepper: Stepper,
    pub(super) lr: f64,
    pub(super) batch: usize,
    pub(super) shuffle: bool,
    pub(super) seed: u64,
    pub(super) rng: fastrand::Rng,
    pub(super) order: Vec<usize>,
    pub(super) epochs: usize,
    /// The gradient tolerance of full-batch methods ([`FitConfig::tol`]).
    pub(super) tol: f64,
    pub(super) epoch: usize,
    pub(super) iter: usize,
    pub(super) stop: Option<FitStop>,
    /// The scaled gradient where a line search or the stall test stopped the run.
    pub(super) scaled: Option<f64>,
    pub(super) notes: Vec<String>,
    pub(super) initial_loss: f64,
    /// The σ column (weighted fits) and whether σ are absolute.
    pub(super) sigma_col: Option<usize>,
    pub(super) absolute_sigma: bool,
    /// The residuals `(model - target)/σ` compiled for Levenberg-Marquardt, the uncertainty and
    /// [`Fitter::residuals`] (`None` when the data has no target column), and the model's first
    /// data column.
    pub(super) resid: Option<Box<Residuals<'a>>>,
    /// The loss is the default squared error, so `resid` is what the fit minimizes.
    pub(super) least_squares: bool,
    pub(super) x_col: Option<usize>,
    /// The parameters' bounds (trust-region reflective only).
    pub(super) bounds: Option<Resolved>,
    /// The bound each parameter ended at, once a bounded run has finished.
    pub(super) active: Vec<Option<BoundSide>>,
}

impl<'a> Fitter<'a> {
    /// Parses the model (and loss), binds its data variables to the data's columns, compiles the
    /// loss and its gradient, and checks everything (names, data, settings, a finite loss and
    /// gradient at the start) before any step.
    pub fn new(model: &str, data: &'a Dataset, config: &FitConfig) -> Result<Fitter<'a>, FitError> {
        if config.params.is_empty() {
            return Err(FitError::NoParams);
        }
        for (k, p) in config.params.iter().enumerate() {
            if config.params[..k].contains(p) {
                return Err(FitError::DuplicateParam { name: p.clone() });
            }
        }
        if config.epochs == 0 || config.epochs > super::config::MAX_EPOCHS {
            return Err(FitError::InvalidEpochs {
                epochs: config.epochs,
                max: super::config::MAX_EPOCHS,
            });
        }
        if !(config.tol.is_finite() && config.tol >= 0.0) {
            return Err(FitError::InvalidTol { tol: config.tol });
        }
        if let Batch::Size(0) = config.batch {
            return Err(FitError::InvalidBatch {
                text: "0".to_string(),
            });
        }
        let rows = data.rows();
        let batch = config.batch.size(rows);
        // The method: a first-order rule, or a full-batch optimizer for the driver.
        let chosen = config.resolved_method(rows);
        let is_trf = chosen.kind == crate::optim::MethodKind::TrustRegionReflective;
        if !config.bounds.is_empty() && !is_trf {
            return Err(FitError::BoundsNeedTrf {
                method: chosen.name(),
            });
        }
        let is_lm = chosen.kind.needs_residuals();
        if is_lm {
            if let Some(loss) = &config.loss {
                return Err(FitError::LmNeedsSquaredError {
                    method: chosen.name(),
                    loss: loss.trim().to_string(),
                });
            }
        }
        let method = match chosen.first_order()? {
            Some(fo) => Built::FirstOrder(fo),
            None if is_lm => {
                if batch < rows {
                    return Err(FitError::NeedsFullBatch {
                        method: chosen.name(),
                    });
                }
                chosen.check_settings()?;
                if is_trf {
                    Built::Trf
                } else {
                    Built::Lm
                }
            }
            None => {
                if batch < rows {
                    return Err(FitError::NeedsFullBatch {
                        method: chosen.name(),
                    });
                }
                Built::Full(chosen.build()?)
            }
        };

        // The model and its parameters.
        let mut g = Graph::new();
        let root = parse_into(&mut g, model).map_err(FitError::Model)?.root;
        let model_vars = g.vars_of(&[root]);
        let mut params = Vec::with_capacity(config.params.len());
        for p in &config.params {
            match g.find_var(p).filter(|v| model_vars.contains(v)) {
                Some(v) => params.push(v),
                None => {
                    return Err(FitError::UnknownParam {
                        name: p.clone(),
                        vars: model_vars
                            .iter()
                            .map(|v| g.var_name(*v))
                            .collect::<Vec<_>>()
                            .join(", "),
                    })
                }
            }
        }
        if config.params.contains(&config.target) {
            return Err(FitError::TargetIsParam {
                name: config.target.clone(),
            });
        }
        let model_text = g
            .to_infix(root)
            .unwrap_or_else(|_| model.trim().to_string());
        let sigma_col = weights::sigma_column(data, config)?;
        let sigma_var = config.sigma.as_ref().map(|s| g.var(s));

        // The per-sample loss in the same graph.
        let mut residual = None;
        let (loss, loss_text) = match &config.loss {
            None => {
                let t = g.var(&config.target);
                let mut d = g.sub(root, t);
                if let Some(s) = sigma_var {
                    d = g.div(d, s);
                }
                residual = Some(d);
                let two = g.constant(2.0);
                let text = match sigma_var {
                    Some(_) => "((pred - target)/sigma)^2",
                    None => "(pred - target)^2",
                };
                (g.pow(d, two), text.to_string())
            }
            Some(src) => {
                let mut lg = Graph::new();
                let lroot = parse_into(&mut lg, src).map_err(FitError::Loss)?.root;
                let (l, uses_pred) = compose(
                    &mut g,
                    &lg,
                    lroot,
                    root,
                    &config.target,
                    config.sigma.as_deref(),
                );
                if !uses_pred {
                    return Err(FitError::LossWithoutPred {
                        loss: src.trim().to_string(),
                    });
                }
                if let Some(column) = &config.sigma {
                    if !g.vars_of(&[l]).iter().any(|v| g.var_name(*v) == column) {
                        return Err(FitError::LossWithoutSigma {
                            loss: src.trim().to_string(),
                            column: column.clone(),
                        });
                    }
                }
                (l, src.trim().to_string())
            }
        };

        // Data variables: every other variable of the loss, bound to a column by name.
        let mut inputs = params.clone();
        let mut cols = Vec::new();
        for v in g.vars_of(&[loss]) {
            if params.contains(&v) {
                continue;
            }
            let name = g.var_name(v);
            let Some(k) = data.column_index(name) else {
                let (file, line, column, header) = (
                    data.name.clone(),
                    data.header_line,
                    name.to_string(),
                    data.header_text(),
                );
                if let Some(e) = data.separator_error(name) {
                    return Err(e);
                }
                return Err(if name == config.target {
                    FitError::MissingTarget {
                        file,
                        line,
                        column,
                        header,
                    }
                } else {
                    FitError::MissingColumn {
                        file,
                        line,
                        column,
                        header,
                    }
                });
            };
            data.check_column(k)?;
            inputs.push(v);
            cols.push(k);
        }

        // Start values.
        let names = config.params.clone();
        let mut x = vec![0.0; names.len()];
        for (n, v) in &config.init {
            let Some(k) = names.iter().position(|p| p == n) else {
                return Err(FitError::UnknownInit {
                    name: n.clone(),
                    params: names.join(", "),
                });
            };
            if !v.is_finite() {
                return Err(FitError::NonFiniteInit { name: n.clone() });
            }
            x[k] = *v;
        }
        // Bounds: checked against the parameters and the start, which moves strictly inside.
        let mut notes = Vec::new();
        let bounds = if is_trf {
            let b = bounds::resolve(&config.bounds, &names)?;
            let explicit: Vec<bool> = names
                .iter()
                .map(|p| config.init.iter().any(|(n, _)| n == p))
                .collect();
            notes = bounds::feasible_start(&b, &names, &mut x, &explicit)?;
            Some(b)
        } else {
            None
        };

        // Compile loss and gradient: inputs `[params..., data...]`, differentiated in the params.
        let param_names: Vec<String> = params.iter().map(|v| g.var_name(*v).to_string()).collect();
        let mut resid = weights::residual_problem(&g, root, &params, data, config)?
            .map(|(p, c)| Box::new(Residuals::new(data, c, Arc::new(p))));
        let x_col = weights::first_data_column(&g, root, &params, data);
        let formula = crate::Formula::from_parts(g, loss, inputs)?;
        let problem = crate::Problem::with_wrt(formula, &param_names)?;
        let np = params.len();
        let mut eval = Evaluator::new(data, cols.clone(), Arc::new(problem));

        // A finite start.
        let mut g0 = vec![0.0; np];
        let initial_loss = eval.value_and_grad(&x, &mut g0);
        if !initial_loss.is_finite() || g0.iter().any(|v| !v.is_finite()) {
            let (row, what, value) = eval
                .first_non_finite(&x)
                .unwrap_or((0, "loss", initial_loss));
            return Err(FitError::NonFiniteStart {
                what,
                value,
                file: data.name.clone(),
                line: data.line_of_row(row).unwrap_or(0),
                names,
                values: x,
            });
        }

        let (stepper, stop) = match method {
            Built::Lm | Built::Trf => {
                // A custom loss was refused above, and the target column was checked, so the
                // residual exists.
                let res = resid
                    .as_deref_mut()
                    .ok_or_else(|| FitError::LmNeedsSquaredError {
                        method: chosen.name(),
                        loss: loss_text.clone(),
                    })?;
                if np > lm::MAX_PARAMS {
                    return Err(FitError::LmTooLarge {
                        method: chosen.name(),
                        params: np,
                        max: lm::MAX_PARAMS,
                    });
                }
                let maxfev = config.epochs.saturating_mul(lm::EVALS_PER_EPOCH);
                let stepper = match (&method, &bounds) {
                    (Built::Trf, Some(b)) => {
                        Stepper::Trf(Box::new(Trf::new(&x, &b.lower, &b.upper, res, maxfev)))
                    }
                    _ => Stepper::Lm(Box::new(Lm::new(&x, res, maxfev))),
                };
                (stepper, None)
            }
            Built::FirstOrder(mut fo) => {
                fo.prepare(np);
                (Stepper::FirstOrder(fo), None)
            }
            Built::Full(mut opt) => {
                let start = Iterate {
                    x: x.clone(),
                    f: initial_loss,
                    g: g0.clone(),
                    has_grad: true,
                };
                let rule = full_batch_rule(config.epochs, config.tol, opt.uses_gradient());
                let driver = Driver::new(&mut eval, opt.as_mut(), &rule, start)?;
                // A start that already meets the gradient tolerance takes no step.
                let reason = driver.check();
                let stepper = Stepper::Full {
                    opt,
                    driver: Box::new(driver),
                    reason,
                };
                (stepper, reason.and_then(fit_stop))
            }
        };
        let lr = chosen.params.lr.unwrap_or_else(|| chosen.default_lr());
        // A column named like a parameter is not read: the parameter is learned instead.
        notes.extend(
            config
                .params
                .iter()
                .filter(|p| data.column_index(p).is_some())
                .map(|p| crate::tr!("fit-note-column-hidden", param = p, data = &data.name)),
        );
        Ok(Fitter {
            eval,
            model_text,
            loss_text,
            target: config.target.clone(),
            method_name: chosen.name(),
            method: chosen.clone(),
            names,
            prev: x.clone(),
            x,
            g: g0,
            stepper,
            lr,
            batch,
            shuffle: config.shuffle && batch < rows,
            seed: config.seed,
            rng: fastrand::Rng::with_seed(config.seed),
            order: (0..rows).collect(),
            epochs: config.epochs,
            tol: config.tol,
            epoch: 0,
            iter: 0,
            stop,
            scaled: None,
            initial_loss,
            notes,
            sigma_col,
            absolute_sigma: config.absolute_sigma,
            resid,
            least_squares: residual.is_some(),
            x_col,
            active: vec![None; np],
            bounds,
        })
    }

    /// The parameters' uncertainty at the current parameters for a least-squares fit (the
    /// default loss, whatever the method; see [`FitReport::uncertainty`]); `None` for a custom
    /// loss, or where a residual or its Jacobian is not finite.
    pub fn uncertainty(&mut self) -> Option<super::uncertainty::Uncertainty> {
        if !self.least_squares {
            return None;
        }
        let red = self.resid.as_deref_mut()?.reduce(&self.x).ok()?;
        // The target's total sum of squares about its (weighted) mean.
        let tss = match self.eval.data.column_index(&self.target) {
            Some(c) => weights::total_sum_of_squares(self.eval.data, c, self.sigma_col),
            None => 0.0,
        };
        let weighting = super::uncertainty::Weighting {
            weighted: self.sigma_col.is_some(),
            absolute: self.sigma_col.is_some() && self.absolute_sigma,
        };
        let mut u = super::uncertainty::uncertainty(&red, tss, weighting);
        if self.stop.is_none_or(|s| !s.converged()) && u.std_errors.is_some() {
            u.notes.push(crate::tr!(
                "fit-note-not-converged-errors",
                method = self.method_name
            ));
        }
        self.note_active_bounds(&mut u);
        Some(u)
    }

    /// lmfit's practice at an active bound: the covariance of the unbounded problem, with a
    /// note naming the parameters at a bound.
    pub(super) fn note_active_bounds(&self, u: &mut super::uncertainty::Uncertainty) {
        let Some(b) = &self.bounds else {
            return;
        };
        let at: Vec<String> = (0..self.names.len())
            .filter_map(|k| {
                let name = &self.names[k];
                Some(match self.active.get(k).copied().flatten()? {
                    BoundSide::Lower => crate::tr!(
                        "fit-at-bound-lower",
                        name = name,
                        value = crate::fmt_number(b.lower[k])
                    ),
                    BoundSide::Upper => crate::tr!(
                        "fit-at-bound-upper",
                        name = name,
                        value = crate::fmt_number(b.upper[k])
                    ),
                })
            })
            .collect();
        if let (Some(list), Some(_)) = (super::report::join_list(at), &u.std_errors) {
            u.notes.push(crate::tr!("fit-note-at-bound", list = list));
        }
    }

    /// The bounded parameters for the report, with the bound each ended at.
    pub(super) fn bounds_report(&self) -> Vec<super::bounds::ParamBounds> {
        match &self.bounds {
            Some(b) => b.report(&self.names, &self.active),
            None => Vec::new(),
        }
    }

    /// The residuals at the current parameters, `(model - target)/σ` with uncertainties, with
    /// the model's first data column (or the row number) to plot them against; `None` when the
    /// data has no usable target column (a custom loss need not read one).
    pub fn residuals(&mut self) -> Option<FitResiduals> {
        let res = self.resid.as_mut()?;
        let data = self.eval.data;
        let mut values = vec![0.0; data.rows()];
        res.values(&self.x, &mut values);
        let (x, x_name) = match self.x_col {
            Some(c) => (
                (0..data.rows()).map(|i| data.row(i)[c]).collect(),
                data.columns()[c].clone(),
            ),
            None => (
                (0..data.rows()).map(|i| i as f64).collect(),
                "row".to_string(),
            ),
        };
        Some(FitResiduals {
            values,
            weighted: self.sigma_col.is_some(),
            x,
            x_name,
        })
    }

    /// The scale-invariant gradient test at the current parameters: `max_j |g_j| / sqrt(2 H_jj
    /// L)`, with `L` the mean loss over all rows, `g` its gradient and `H_jj` the diagonal of its
    /// exact Hessian. Rescaling a parameter or the loss leaves it unchanged; for the squared error
    /// near a minimum it is about the cosine between the residuals and the Jacobian's column `j`
    /// (MINPACK's `gtol` test), and it is `+inf` where a curvature `H_jj` is not positive beside a
    /// nonzero `g_j`. `None` when the loss is 0 (nothing to scale by) or the Hessian is not
    /// available.
    ///
    /// ```
    /// use nabla::{Dataset, FitConfig, Fitter};
    /// // c fitted to y = 2, 4: loss (c - 3)^2 + 1, g = 2(c - 3), H = 2; at c = 0: 6 / sqrt(2*2*10).
    /// let data = Dataset::from_columns("pts", &[("y", vec![2.0, 4.0])]).unwrap();
    /// let mut f = Fitter::new("c", &data, &FitConfig::new(&["c"])).unwrap();
    /// assert!((f.scaled_gradient().unwrap() - 6.0 / 40f64.sqrt()).abs() < 1e-12);
    /// ```
    pub fn scaled_gradient(&mut self) -> Option<f64> {
        let n = self.x.len();
        let mut g = vec![0.0; n];
        let mut h = vec![0.0; n * n];
        let loss = self.eval.value_grad_hessian(&self.x, &mut g, &mut h)?;
        if !(loss.is_finite() && loss > 0.0) {
            return None;
        }
        let mut worst: f64 = 0.0;
        for (j, gj) in g.iter().enumerate() {
            let hjj = h[j * n + j];
            let t = if *gj == 0.0 {
                0.0
            } else if hjj > 0.0 {
                gj.abs() / (2.0 * hjj * loss).sqrt()
            } else {
                f64::INFINITY
            };
            worst = worst.max(t);
        }
        Some(worst)
    }

    /// What the reader should know about the setup (see [`FitReport::notes`]).
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// The parameter names.
    pub fn param_names(&self) -> &[String] {
        &self.names
    }

    /// The current parameter values.
    pub fn params(&self) -> &[f64] {
        &self.x
    }

    /// Steps per epoch: `ceil(rows / batch)`.
    pub fn iterations_per_epoch(&self) -> usize {
        self.eval.data.rows().div_ceil(self.batch)
    }

    /// The mean loss over all rows at the current parameters.
    pub fn loss(&mut self) -> f64 {
        self.eval.mean_loss(&self.x)
    }

    /// The mean loss of the given rows (0-based) at the current parameters, with the mean
    /// gradient with respect to the parameters written to `g`.
    ///
    /// # Panics
    ///
    /// If a row is out of range or `g` is shorter than the number of parameters.
    pub fn batch_loss_and_grad(&mut self, rows: &[usize], g: &mut [f64]) -> f64 {
        let np = self.eval.np;
        self.eval
            .accumulate(&self.x, rows.iter().copied(), &mut g[..np])
    }

    /// The driver's reason for stopping a full-batch method ([`StopReason::MaxIterations`] when
    /// the epochs ran out); `None` for mini-batch methods, and while a full-batch run goes on.
    pub fn stop_reason(&self) -> Option<StopReason> {
        match &self.stepper {
            Stepper::Full { reason, .. } => *reason,
            Stepper::FirstOrder(_) | Stepper::Lm(_) | Stepper::Trf(_) => None,
        }
    }

    pub(super) fn diverged(&self, d: Divergence) -> FitError {
        FitError::Diverged {
            epoch: self.epoch + 1,
            iteration: self.iter,
            what: diverged_what(d),
            value: d.value(),
            method: self.method_name,
            suggested_lr: match self.stepper {
                Stepper::FirstOrder(_) => Some(self.lr / 10.0),
                Stepper::Full { .. } | Stepper::Lm(_) | Stepper::Trf(_) => None,
            },
            names: self.names.clone(),
            last: self.x.clone(),
        }
    }

    /// Runs one epoch: shuffles the rows (mini-batches, when shuffling is on) and takes one step
    /// per batch; a full-batch line-search method takes one step. Returns the mean of the batch
    /// losses, each at the parameters before its step. Stops with [`FitError::Diverged`] (the
    /// parameters stay at their last finite values) when a loss, gradient or parameter stops
    /// being finite.
    pub fn train_epoch(&mut self) -> Result<f64, FitError> {
        let rows = self.eval.data.rows();
        let result = match &mut self.stepper {
            Stepper::Lm(lm) => {
                let before = lm.rss() / rows.max(1) as f64;
                let evals = lm.nfev;
                let res = self
                    .resid
                    .as_deref_mut()
                    .expect("a Levenberg-Marquardt fit has its residuals");
                let outcome = lm.step(res);
                self.iter += lm.nfev - evals;
                match outcome {
                    Ok(stop) => {
                        self.x.copy_from_slice(&lm.x);
                        if let Some(stop) = stop {
                            self.stop = Some(lm_stop(stop));
                        }
                        Ok(before)
                    }
                    Err(JacobianNotFinite(v)) => Err(Divergence::Gradient(v)),
                }
            }
            Stepper::Trf(trf) => {
                let before = trf.rss() / rows.max(1) as f64;
                let evals = trf.nfev;
                let res = self
                    .resid
                    .as_deref_mut()
                    .expect("a trust-region reflective fit has its residuals");
                let outcome = trf.step(res);
                self.iter += trf.nfev - evals;
                match outcome {
                    Ok(stop) => {
                        self.x.copy_from_slice(&trf.x);
                        if let Some(stop) = stop {
                            self.stop = Some(trf_stop(stop));
                        }
                        Ok(before)
                    }
                    Err(JacobianNotFinite(v)) => Err(Divergence::Gradient(v)),
                }
            }
            Stepper::FirstOrder(fo) => {
                if self.shuffle {
                    self.rng.shuffle(&mut self.order);
                }
                let batches = rows.div_ceil(self.batch);
                let mut sum = 0.0;
                let mut failure = None;
                for k in 0..batches {
                    let lo = k * self.batch;
                    let hi = (lo + self.batch).min(rows);
                    let loss = self.eval.accumulate(
                        &self.x,
                        self.order[lo..hi].iter().copied(),
                        &mut self.g,
                    );
                    self.iter += 1;
                    if !loss.is_finite() {
                        failure = Some(Divergence::Value(loss));
                        break;
                    }
                    if let Some(v) = self.g.iter().find(|v| !v.is_finite()) {
                        failure = Some(Divergence::Gradient(*v));
                        break;
                    }
                    self.prev.copy_from_slice(&self.x);
                    fo.update(&mut self.x, &self.g, self.iter - 1);
                    if let Some(v) = self.x.iter().find(|v| !v.is_finite()) {
                        failure = Some(Divergence::Point(*v));
                        self.x.copy_from_slice(&self.prev);
                        break;
                    }
                    sum += loss;
                }
                match failure {
                    Some(d) => Err(d),
                    None => Ok(sum / batches as f64),
                }
            }
            Stepper::Full {
                opt,
                driver,
                reason,
            } => {
                // One step of the driver, then the rules it checks before the next one.
                let before = driver.iterate().f;
                let outcome = driver.step(&mut self.eval, opt.as_mut(), None);
                self.iter += 1;
                *reason = outcome.or_else(|| driver.check());
                match (outcome, driver.divergence()) {
                    (Some(StopReason::Diverged { .. }), Some(d)) => Err(d),
                    _ => {
                        self.x.copy_from_slice(&driver.iterate().x);
                        if let Some(stop) = reason.and_then(fit_stop) {
                            self.stop = Some(stop);
                        }
                        Ok(before)
                    }
                }
            }
        };
        match result {
            Ok(l) => {
                self.epoch += 1;
                self.judge_stall();
                Ok(l)
            }
            Err(d) => Err(self.diverged(d)),
        }
    }

    /// A line search that finds no lower loss, or a loss that stalled, is convergence only where
    /// the scaled gradient ([`Fitter::scaled_gradient`]) is at most [`SCALED_GTOL`].
    fn judge_stall(&mut self) {
        if self.stop == Some(FitStop::GradientTolerance) && self.on_plateau() {
            self.stop = Some(FitStop::GradientToleranceOnly);
            return;
        }
        let converged = match self.stop {
            Some(FitStop::LineSearchFailed) => FitStop::LineSearchConverged,
            Some(FitStop::Stalled) => FitStop::StalledConverged,
            _ => return,
        };
        self.scaled = self.scaled_gradient();
        if self.scaled.is_some_and(|t| t <= SCALED_GTOL) {
            self.stop = Some(converged);
        }
    }

    /// Whether a Newton step from the current parameters would still lower the mean loss by
    /// more than [`PLATEAU_DECREASE`] times the start's loss: the diagonal Newton decrement
    /// `sum_j g_j^2 / (2 H_jj)` over the parameters with a nonzero gradient (infinite where such
    /// a curvature is not positive). `false` when the Hessian is not available.
    fn on_plateau(&mut self) -> bool {
        let n = self.x.len();
        let mut g = vec![0.0; n];
        let mut h = vec![0.0; n * n];
        if self
            .eval
            .value_grad_hessian(&self.x, &mut g, &mut h)
            .is_none()
        {
            return false;
        }
        let decrement: f64 = (0..n)
            .filter(|&j| g[j] != 0.0)
            .map(|j| {
                let hjj = h[j * n + j];
                if hjj > 0.0 {
                    g[j] * g[j] / (2.0 * hjj)
                } else {
                    f64::INFINITY
                }
            })
            .sum();
        decrement > PLATEAU_DECREASE * self.initial_loss.abs()
    }

    /// Trains for the configured epochs (fewer when a full-batch method converges), calling
    /// `on_epoch(epoch, loss)` after each with the mean loss over all rows, and reports.
    pub fn run(&mut self, mut on_epoch: impl FnMut(usize, f64)) -> Result<FitReport, FitError> {
        let start = Instant::now();
        let mut losses = Vec::with_capacity(self.epochs.min(1 << 20));
        while self.epoch < self.epochs && self.stop.is_none() {
            self.train_epoch()?;
            let loss = match &self.stepper {
                Stepper::Full { driver, .. } => driver.iterate().f,
                Stepper::Lm(lm) => lm.rss() / self.eval.data.rows().max(1) as f64,
                Stepper::Trf(trf) => trf.rss() / self.eval.data.rows().max(1) as f64,
                Stepper::FirstOrder(_) => self.loss(),
            };
            if !loss.is_finite() {
                self.epoch -= 1;
                return Err(self.diverged(Divergence::Value(loss)));
            }
            losses.push(loss);
            on_epoch(self.epoch, loss);
        }
        // A start that already met the gradient tolerance took no step: judged here.
        if self.epoch == 0 && self.stop == Some(FitStop::GradientTolerance) && self.on_plateau() {
            self.stop = Some(FitStop::GradientToleranceOnly);
        }
        let mut final_loss = losses.last().copied().unwrap_or(self.initial_loss);
        if let (Stepper::Trf(trf), Some(res)) = (&mut self.stepper, self.resid.as_deref_mut()) {
            // Which parameters ended at a bound, put exactly on it where that lowers nothing.
            let evals = trf.nfev;
            let converged = self.stop.is_some_and(|s| s.converged());
            self.active = trf.finish(res, converged);
            self.iter += trf.nfev - evals;
            self.x.copy_from_slice(&trf.x);
            final_loss = trf.rss() / self.eval.data.rows().max(1) as f64;
        }
        let bounds = self.bounds_report();
        Ok(FitReport {
            model: self.model_text.clone(),
            loss_formula: self.loss_text.clone(),
            target: self.target.clone(),
            sigma: self.sigma_col.map(|c| self.eval.data.columns()[c].clone()),
            method: self.method_name.to_string(),
            params: self.names.clone(),
            values: self.x.clone(),
            rows: self.eval.data.rows(),
            batch_size: self.batch,
            iterations_per_epoch: self.iterations_per_epoch(),
            epochs: self.epoch,
            iterations: self.iter,
            shuffled: self.shuffle,
            seed: self.seed,
            initial_loss: self.initial_loss,
            final_loss,
            epoch_losses: losses,
            stop: self.stop.unwrap_or(FitStop::Epochs),
            elapsed: start.elapsed(),
            notes: self.notes.clone(),
            scaled_gradient: self.scaled,
            uncertainty: self.uncertainty(),
            bounds,
        })
    }
}

/// Fits `model` to `data`: [`Fitter::new`] then [`Fitter::run`].
///
/// ```
/// use nabla::{fit, Dataset, FitConfig};
/// let data = Dataset::from_csv_reader("pts.csv", "x,y\n-1,-3\n0,0\n1,1\n".as_bytes()).unwrap();
/// let r = fit("w*x + b", &data, &FitConfig::new(&["w", "b"]).init("w", 3.0).init("b", 1.0)).unwrap();
/// assert!((r.values[0] - 2.0).abs() < 1e-9 && (r.values[1] + 2.0 / 3.0).abs() < 1e-9);
/// ```
pub fn fit(model: &str, data: &Dataset, config: &FitConfig) -> Result<FitReport, FitError> {
    Fitter::new(model, data, config)?.run(|_, _| {})
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::Method;

    fn csv(text: &str) -> Result<Dataset, FitError> {
        Dataset::from_csv_reader("t.csv", text.as_bytes())
    }

    #[test]
    fn unused_text_columns_are_allowed() {
        let d = csv("name,x,y\na,1,2\nb,2,4\n").unwrap();
        let r = fit("k*x", &d, &FitConfig::new(&["k"])).unwrap();
        assert!((r.values[0] - 2.0).abs() < 1e-9);
    }

    #[test]
    fn composed_loss_uses_the_model_graph() {
        let d = csv("x,y\n1,2\n2,4\n").unwrap();
        let cfg = FitConfig::new(&["k"]).loss("(pred - target)^2 + 0*k");
        let mut f = Fitter::new("k*x", &d, &cfg).unwrap();
        let mut g = [0.0];
        // k = 0: residuals -2, -4 -> mean loss 10, mean gradient 2*(-2*1 + -4*2)/2 = -10.
        assert_eq!(f.batch_loss_and_grad(&[0, 1], &mut g), 10.0);
        assert_eq!(g, [-10.0]);
    }

    #[test]
    fn newton_gets_the_exact_hessian() {
        let d = csv("x,y\n-1,-3\n0,0\n1,1\n").unwrap();
        let cfg = FitConfig::new(&["w", "b"]).method(Method::parse("newton").unwrap());
        let r = fit("w*x + b", &d, &cfg).unwrap();
        assert!((r.values[0] - 2.0).abs() < 1e-12);
        assert!((r.values[1] + 2.0 / 3.0).abs() < 1e-12);
    }
}
