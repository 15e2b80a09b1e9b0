//! The outcome of a fit: [`FitReport`] (learned parameters, the loss after every epoch, how it
//! ran) and [`FitStop`] (why training ended), with their text form.
//!
//! Invariants: every number in a report is finite; the text form prints at most about
//! [`EPOCH_LINES`] epoch lines (every k-th epoch and the last) whatever the number of epochs.

use std::fmt;
use std::time::Duration;

use serde::{Serialize, Serializer};

use crate::display::fmt_number;
use crate::i18n::{pad, width};
use crate::tr;

/// Why training ended.
///
/// ```
/// use nabla::optim::Method;
/// use nabla::{fit, Dataset, FitConfig, FitStop};
/// let data = Dataset::from_columns("pts", &[("y", vec![2.0, 4.0])]).unwrap();
/// // L-BFGS stops as soon as the gradient is within `tol`...
/// let lbfgs = FitConfig::new(&["c"]).method(Method::parse("lbfgs").unwrap());
/// let r = fit("c", &data, &lbfgs).unwrap();
/// assert!(r.epochs < 100);
/// assert_eq!(r.stop, FitStop::GradientTolerance);
/// // ...Levenberg-Marquardt (the default for the squared error) on MINPACK's tests...
/// let r = fit("c", &data, &FitConfig::new(&["c"])).unwrap();
/// assert_eq!(r.method, "lm");
/// assert!(r.stop.converged() && r.epochs < 100);
/// // ...first-order methods such as Adam run every epoch.
/// let adam = FitConfig::new(&["c"]).method(Method::parse("adam").unwrap()).epochs(5);
/// let r = fit("c", &data, &adam).unwrap();
/// assert_eq!((r.epochs, r.stop), (5, FitStop::Epochs));
/// assert!(r.to_string().contains("all epochs ran"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FitStop {
    /// All epochs ran.
    Epochs,
    /// A full-batch line-search method reached `max |gradient| <= tol`.
    GradientTolerance,
    /// A full-batch line-search method could not decrease the loss further at a point where the
    /// scaled gradient ([`crate::Fitter::scaled_gradient`]) is above [`crate::SCALED_GTOL`]:
    /// not converged.
    LineSearchFailed,
    /// A full-batch line-search method could not decrease the loss further, and the scaled
    /// gradient is at most [`crate::SCALED_GTOL`].
    LineSearchConverged,
    /// A full-batch gradient method: the loss decreased by no more than [`crate::STALL_TOL`]
    /// relative in [`crate::STALL_EPOCHS`] epochs, at a point where the scaled gradient is above
    /// [`crate::SCALED_GTOL`]: not converged.
    Stalled,
    /// The loss stalled as for [`FitStop::Stalled`], and the scaled gradient is at most
    /// [`crate::SCALED_GTOL`].
    StalledConverged,
    /// Nelder-Mead's simplex collapsed.
    Converged,
    /// Levenberg-Marquardt: the actual and predicted relative reductions of the sum of squares
    /// are both at most [`crate::LM_FTOL`] (MINPACK's `ftol` test); trust-region reflective: the
    /// actual relative reduction is below it, with a ratio of actual to predicted above 1/4.
    SumOfSquaresTolerance,
    /// Levenberg-Marquardt: the trust region is at most [`crate::LM_XTOL`] times the scaled
    /// parameters' norm (MINPACK's `xtol` test); trust-region reflective: the step is, both
    /// scaled by the Jacobian's column norms.
    StepTolerance,
    /// Levenberg-Marquardt or trust-region reflective: both of the above.
    SumOfSquaresAndStepTolerance,
    /// Levenberg-Marquardt: every column of the Jacobian is orthogonal to the residuals to within
    /// [`crate::LM_GTOL`] (the cosine of the angle; MINPACK's `gtol` test).
    Orthogonal,
    /// Levenberg-Marquardt or trust-region reflective: every residual is zero.
    ExactFit,
    /// Levenberg-Marquardt or trust-region reflective: the residuals were evaluated the most
    /// times allowed
    /// ([`crate::LM_EVALS_PER_EPOCH`] per epoch) before a tolerance test passed.
    Evaluations,
    /// Levenberg-Marquardt: the sum of squares, the step or the gradient cannot get smaller in
    /// double precision (MINPACK's tests at machine precision).
    MachinePrecision,
    /// Trust-region reflective: the first-order optimality with bounds is at most
    /// [`crate::LM_GTOL`]: every parameter's gradient component, as the cosine between the
    /// residuals and its Jacobian column, is that small, or points against a bound the parameter
    /// is within that distance of (the distance measured by the change of the residuals
    /// relative to their norm).
    FirstOrderOptimality,
    /// A full-batch method reached `max |gradient| <= tol`, but a Newton step would still lower
    /// the mean loss by more than [`PLATEAU_DECREASE`] times the start's loss (the diagonal
    /// Newton decrement `sum_j g_j^2 / (2 H_jj)`; infinite where a curvature `H_jj` is not
    /// positive beside a nonzero `g_j`): a plateau (a saturated model far from the data), or a
    /// tolerance too loose for the loss; not a minimum.
    GradientToleranceOnly,
}

/// The decrease of the mean loss, relative to the start's, that a Newton step predicted at a
/// gradient-tolerance stop may still promise before the stop counts as [`FitStop::GradientToleranceOnly`].
pub const PLATEAU_DECREASE: f64 = 1e-12;

impl FitStop {
    /// Whether a convergence test passed (the epochs or evaluations running out, a line search
    /// that fails or a stall where the scaled gradient is not small, are not).
    ///
    /// ```
    /// use nabla::FitStop;
    /// assert!(FitStop::SumOfSquaresTolerance.converged() && !FitStop::Epochs.converged());
    /// assert!(FitStop::LineSearchConverged.converged() && !FitStop::LineSearchFailed.converged());
    /// assert!(!FitStop::Stalled.converged() && !FitStop::GradientToleranceOnly.converged());
    /// ```
    pub fn converged(self) -> bool {
        !matches!(
            self,
            FitStop::Epochs
                | FitStop::Evaluations
                | FitStop::LineSearchFailed
                | FitStop::Stalled
                | FitStop::GradientToleranceOnly
        )
    }
}

impl fmt::Display for FitStop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let gtol = || fmt_number(super::train::SCALED_GTOL);
        let rel = || fmt_number(super::train::STALL_TOL);
        let epochs = || super::train::STALL_EPOCHS.to_string();
        f.write_str(&match self {
            FitStop::Epochs => tr!("fit-stop-epochs"),
            FitStop::GradientTolerance => tr!("fit-stop-gradient-tolerance"),
            FitStop::GradientToleranceOnly => tr!("fit-stop-gradient-tolerance-only"),
            FitStop::LineSearchFailed => tr!("fit-stop-line-search-failed", gtol = gtol()),
            FitStop::LineSearchConverged => tr!("fit-stop-line-search-converged", gtol = gtol()),
            FitStop::Stalled => tr!(
                "fit-stop-stalled",
                rel = rel(),
                epochs = epochs(),
                gtol = gtol()
            ),
            FitStop::StalledConverged => tr!(
                "fit-stop-stalled-converged",
                rel = rel(),
                epochs = epochs(),
                gtol = gtol()
            ),
            FitStop::Converged => tr!("fit-stop-converged"),
            FitStop::SumOfSquaresTolerance => {
                tr!(
                    "fit-stop-sum-of-squares",
                    ftol = fmt_number(super::lm::FTOL)
                )
            }
            FitStop::StepTolerance => tr!("fit-stop-step", xtol = fmt_number(super::lm::XTOL)),
            FitStop::SumOfSquaresAndStepTolerance => tr!(
                "fit-stop-sum-of-squares-and-step",
                ftol = fmt_number(super::lm::FTOL)
            ),
            FitStop::Orthogonal => tr!("fit-stop-orthogonal", gtol = fmt_number(super::lm::GTOL)),
            FitStop::ExactFit => tr!("fit-stop-exact"),
            FitStop::Evaluations => tr!(
                "fit-stop-evaluations",
                count = super::lm::EVALS_PER_EPOCH.to_string()
            ),
            FitStop::MachinePrecision => tr!("fit-stop-machine-precision"),
            FitStop::FirstOrderOptimality => tr!(
                "fit-stop-first-order-optimality",
                gtol = fmt_number(super::lm::GTOL)
            ),
        })
    }
}

/// Items joined into one list in the reader's language (`a, b, c`; `a，b，c` in zh-TW); `None`
/// for no items.
pub(crate) fn join_list(items: impl IntoIterator<Item = String>) -> Option<String> {
    items
        .into_iter()
        .reduce(|a, b| tr!("fit-list-join", a = a, b = b))
}

fn ser_secs<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

/// The outcome of a fit: learned parameters, the loss after every epoch, and how it ran. Every
/// number in it is finite.
///
/// ```
/// let data = nabla::Dataset::from_columns("m", &[("x", vec![0.0, 1.0]), ("y", vec![1.0, 3.0])]).unwrap();
/// let r = nabla::fit("w*x + b", &data, &nabla::FitConfig::new(&["w", "b"])).unwrap();
/// assert!((r.value("w").unwrap() - 2.0).abs() < 1e-9);
/// assert!(r.to_string().contains("final loss"));
/// ```
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct FitReport {
    /// The model, as normalized infix text.
    pub model: String,
    /// The per-sample loss, in `pred` and `target`.
    pub loss_formula: String,
    /// The target column.
    pub target: String,
    /// The column of per-row uncertainties σ dividing each residual, if any.
    pub sigma: Option<String>,
    /// The method's name.
    pub method: String,
    /// Parameter names.
    pub params: Vec<String>,
    /// Learned values, one per parameter.
    pub values: Vec<f64>,
    /// Rows of data.
    pub rows: usize,
    /// Rows per step.
    pub batch_size: usize,
    /// Steps per epoch: `ceil(rows / batch_size)`.
    pub iterations_per_epoch: usize,
    /// Epochs run.
    pub epochs: usize,
    /// Steps taken.
    pub iterations: usize,
    /// Whether rows were shuffled each epoch.
    pub shuffled: bool,
    /// The shuffling seed.
    pub seed: u64,
    /// Mean loss over all rows at the start.
    pub initial_loss: f64,
    /// Mean loss over all rows after each epoch.
    pub epoch_losses: Vec<f64>,
    /// Mean loss over all rows at the learned parameters.
    pub final_loss: f64,
    /// Why training ended.
    pub stop: FitStop,
    /// Wall-clock time of training (seconds in JSON).
    #[serde(rename = "elapsed_s", serialize_with = "ser_secs")]
    pub elapsed: Duration,
    /// What the reader should know about the setup, one sentence each (a data column that a
    /// parameter of the same name hides, say).
    pub notes: Vec<String>,
    /// Where a line search or the stall test stopped a full-batch method: the scaled gradient
    /// there ([`crate::Fitter::scaled_gradient`]) that decided between converged and stalled;
    /// `None` otherwise.
    #[serde(skip)]
    pub scaled_gradient: Option<f64>,
    /// The parameters' uncertainty at the solution, for least-squares fits by
    /// Levenberg-Marquardt; `None` for other methods.
    pub uncertainty: Option<super::uncertainty::Uncertainty>,
    /// The bounded parameters ([`crate::FitConfig::bound`]), in parameter order, with the bound
    /// each ended at; empty without bounds.
    pub bounds: Vec<super::bounds::ParamBounds>,
}

impl FitReport {
    /// The learned value of a parameter.
    ///
    /// ```
    /// let data = nabla::Dataset::from_columns("m", &[("y", vec![2.0, 4.0])]).unwrap();
    /// let r = nabla::fit("c", &data, &nabla::FitConfig::new(&["c"])).unwrap();
    /// assert!((r.value("c").unwrap() - 3.0).abs() < 1e-9);
    /// assert_eq!(r.value("z"), None);
    /// ```
    pub fn value(&self, name: &str) -> Option<f64> {
        let k = self.params.iter().position(|p| p == name)?;
        self.values.get(k).copied()
    }
}

/// Most epoch lines the text report prints; longer runs print every k-th epoch and the last.
const EPOCH_LINES: usize = 20;

impl fmt::Display for FitReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = |id: &str| crate::i18n::tr(id, &[]);
        let [model, loss, method, data, epoch, final_loss, fit, stop] = [
            "fit-label-model",
            "fit-label-loss",
            "fit-label-method",
            "fit-label-data",
            "fit-label-epoch",
            "fit-label-final-loss",
            "fit-label-fit",
            "fit-label-stop",
        ]
        .map(label);
        // Labels and parameter names share one column, padded by display width (a CJK
        // character takes two columns).
        let w = [
            &model,
            &loss,
            &method,
            &data,
            &epoch,
            &final_loss,
            &fit,
            &stop,
        ]
        .into_iter()
        .chain(&self.params)
        .map(|l| width(l))
        .max()
        .unwrap_or(0);
        let line =
            |f: &mut fmt::Formatter<'_>, l: &str, text: &str| writeln!(f, "{}  {text}", pad(l, w));
        line(f, &model, &self.model)?;
        let loss_text = match &self.sigma {
            Some(s) => tr!(
                "fit-loss-line-sigma",
                loss = &self.loss_formula,
                target = &self.target,
                sigma = s
            ),
            None => tr!(
                "fit-loss-line",
                loss = &self.loss_formula,
                target = &self.target
            ),
        };
        line(f, &loss, &loss_text)?;
        line(f, &method, &self.method)?;
        let data_text = if self.shuffled {
            tr!(
                "fit-data-line-shuffled",
                rows = self.rows.to_string(),
                batch = self.batch_size.to_string(),
                iterations = self.iterations_per_epoch,
                seed = self.seed.to_string()
            )
        } else {
            tr!(
                "fit-data-line",
                rows = self.rows.to_string(),
                batch = self.batch_size.to_string(),
                iterations = self.iterations_per_epoch
            )
        };
        line(f, &data, &data_text)?;
        let n = self.epoch_losses.len();
        let every = n.div_ceil(EPOCH_LINES).max(1);
        let header = if every > 1 {
            tr!("fit-epoch-header-every", every = every.to_string())
        } else {
            tr!("fit-epoch-header")
        };
        line(f, &epoch, &header)?;
        let ew = n.to_string().len();
        writeln!(
            f,
            "{:>w$}  {}",
            format!("{:>ew$}", 0),
            fmt_number(self.initial_loss)
        )?;
        for (k, l) in self.epoch_losses.iter().enumerate() {
            let e = k + 1;
            if e % every == 0 || e == n {
                writeln!(f, "{:>w$}  {}", format!("{e:>ew$}"), fmt_number(*l))?;
            }
        }
        let se = self
            .uncertainty
            .as_ref()
            .and_then(|u| u.std_errors.as_ref());
        for (k, (p, v)) in self.params.iter().zip(&self.values).enumerate() {
            let at = match self
                .bounds
                .iter()
                .find(|b| &b.param == p)
                .and_then(|b| b.active)
            {
                Some(super::bounds::BoundSide::Lower) => format!("  {}", tr!("fit-at-lower")),
                Some(super::bounds::BoundSide::Upper) => format!("  {}", tr!("fit-at-upper")),
                None => String::new(),
            };
            let value = match se.and_then(|s| s.get(k)) {
                Some(e) => format!("{} ± {}{at}", fmt_number(*v), fmt_number(*e)),
                None => format!("{}{at}", fmt_number(*v)),
            };
            line(f, p, &value)?;
        }
        line(f, &final_loss, &fmt_number(self.final_loss))?;
        if let Some(u) = &self.uncertainty {
            let mut parts = vec![
                if u.weighted {
                    tr!("fit-chi2", value = fmt_number(u.rss))
                } else {
                    tr!("fit-rss", value = fmt_number(u.rss))
                },
                tr!("fit-dof", dof = u.dof.to_string()),
            ];
            if let Some(c) = u.reduced_chi2 {
                parts.push(tr!("fit-reduced-chi2", value = fmt_number(c)));
            }
            if let Some(r2) = u.r_squared {
                parts.push(tr!("fit-r-squared", value = fmt_number(r2)));
            }
            if u.weighted && u.std_errors.is_some() {
                parts.push(if u.absolute_sigma {
                    tr!("fit-sigma-absolute")
                } else {
                    tr!("fit-covariance-scaled")
                });
            }
            line(f, &fit, &join_list(parts).unwrap_or_default())?;
        }
        // A least-squares method's epoch is one iteration (one Jacobian), and its `iterations`
        // count the trial steps (residual evaluations) of all of them.
        let (outer, inner) = if self.method == "lm" || self.method == "trf" {
            (
                tr!("fit-count-iterations", n = self.epochs),
                tr!("fit-count-trial-steps", n = self.iterations),
            )
        } else {
            (
                tr!("fit-count-epochs", n = self.epochs),
                tr!("fit-count-iterations", n = self.iterations),
            )
        };
        let stop_text = tr!(
            "fit-stop-line",
            outer = outer,
            inner = inner,
            stop = self.stop.to_string()
        );
        write!(f, "{}  {stop_text}", pad(&stop, w))?;
        for n in self
            .notes
            .iter()
            .chain(self.uncertainty.iter().flat_map(|u| &u.notes))
        {
            write!(f, "\n{}", tr!("fit-note-line", note = n))?;
        }
        Ok(())
    }
}
