//! Fitting data that lives in partitions elsewhere (Dask workers, other processes, files read
//! one at a time): the rows never meet in one place. Each iteration asks every partition for
//! what the step needs (the loss and gradient sums, the least-squares [`LeastSquaresReduction`],
//! the residuals' norm), merges the answers in partition order, and steps here.
//!
//! * [`FitKernel`] is a fit's compiled per-row programs, cut loose from any data set: built once
//!   from a [`Fitter`] (on a sample of the rows, which checks the model, the names and the
//!   settings), sent or rebuilt once per worker, then bound to each partition ([`Dataset`]) to
//!   compute its share. Binding checks the partition's columns and cells like a fit does.
//! * [`Partitions`] is where the partitions are (implemented by the Python package over a Dask
//!   DataFrame, and by [`DatasetPartitions`] over data sets in memory).
//! * [`Fitter::run_partitioned`] runs the fit's method over them and reports the same
//!   [`FitReport`] as [`Fitter::run`]: Levenberg-Marquardt and trust-region reflective (`trf`,
//!   the bounded fits) on the merged reductions, the full-batch methods on the merged sums, and
//!   the first-order methods with one partition per step (a seeded random order of the
//!   partitions each epoch).
//!
//! Invariants: merging is in partition order, so the result does not depend on which worker
//! answered first; the driver never holds more than `O(params^2)` numbers per answer; a
//! partition's failure is a [`FitError`] (never a panic or a NaN answer); Newton's method is
//! refused (its Hessian sums are not gathered); the scaled gradient test that turns a stall into
//! convergence uses MINPACK's cosine from the final reduction for least squares, and a stall of a
//! custom loss over partitions says stalled.

use std::sync::Arc;
use std::time::Instant;

use crate::optim::{Divergence, Driver, Iterate, MethodKind, Objective, StopReason};
use crate::problem::Problem;

use super::data::Dataset;
use super::error::FitError;
use super::evaluator::Evaluator;
use super::lm::{self, JacobianNotFinite, LeastSquares, Lm};
use super::reduce::Reduction;
use super::report::{FitReport, FitStop};
use super::residuals::Residuals;
use super::train::{fit_stop, full_batch_rule, lm_stop, trf_stop, Fitter, Stepper, SCALED_GTOL};
use super::trf::Trf;
use super::uncertainty::{self, Weighting};

/// A fit's compiled per-row programs without data: the loss with its gradient, and (when the
/// target column exists) the residual `(model - target)/σ`, each with the names of the columns
/// its data inputs read. Cheap to clone (the programs are shared).
///
/// ```
/// use nabla::{Dataset, FitConfig, Fitter};
/// let sample = Dataset::from_columns("head", &[("x", vec![0.0, 1.0]), ("y", vec![1.0, 3.0])]).unwrap();
/// let kernel = Fitter::new("a + b*x", &sample, &FitConfig::new(&["a", "b"])).unwrap().kernel();
/// // Another partition with the same columns: at a = b = 0 the residuals are -y.
/// let part = Dataset::from_columns("part 2", &[("x", vec![2.0]), ("y", vec![4.0])]).unwrap();
/// let mut g = [0.0; 2];
/// // loss (a + b x - y)^2 = 16, gradient 2 (a + b x - y) (1, x) = (-8, -16)
/// assert_eq!(kernel.loss_and_grad_sums(&part, &[0.0, 0.0], &mut g).unwrap(), 16.0);
/// assert_eq!(g, [-8.0, -16.0]);
/// ```
#[derive(Clone, Debug)]
pub struct FitKernel {
    np: usize,
    loss: Arc<Problem>,
    loss_columns: Vec<String>,
    resid: Option<(Arc<Problem>, Vec<String>)>,
    target: String,
    sigma: Option<String>,
    least_squares: bool,
}

/// The target's weighted count, mean and sum of squared deviations (weights `1/σ²` with
/// uncertainties, else 1), merged across partitions by Chan's formula; R²'s denominator.
///
/// ```
/// use nabla::TargetMoments;
/// let (mut a, b) = (TargetMoments::of(&[1.0, 2.0], None), TargetMoments::of(&[6.0], None));
/// a.merge(&b);
/// // mean 3, deviations -2, -1, 3: 4 + 1 + 9
/// assert_eq!((a.weight, a.mean, a.m2), (3.0, 3.0, 14.0));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TargetMoments {
    /// The sum of the weights.
    pub weight: f64,
    /// The weighted mean.
    pub mean: f64,
    /// The weighted sum of squared deviations from the mean.
    pub m2: f64,
}

impl TargetMoments {
    /// The moments of `y` with uncertainties `sigma` (weights `1/σ²`), two passes.
    pub fn of(y: &[f64], sigma: Option<&[f64]>) -> TargetMoments {
        let w = |i: usize| sigma.map_or(1.0, |s| s[i].powi(-2));
        let (mut sw, mut swy) = (0.0, 0.0);
        for (i, v) in y.iter().enumerate() {
            sw += w(i);
            swy += w(i) * v;
        }
        if sw <= 0.0 {
            return TargetMoments::default();
        }
        let mean = swy / sw;
        let m2 = y
            .iter()
            .enumerate()
            .map(|(i, v)| w(i) * (v - mean).powi(2))
            .sum();
        TargetMoments {
            weight: sw,
            mean,
            m2,
        }
    }

    /// Adds the moments of other rows (Chan, Golub and LeVeque's pairwise update, weighted).
    pub fn merge(&mut self, o: &TargetMoments) {
        if o.weight <= 0.0 {
            return;
        }
        if self.weight <= 0.0 {
            *self = *o;
            return;
        }
        let w = self.weight + o.weight;
        let delta = o.mean - self.mean;
        self.m2 += o.m2 + delta * delta * self.weight * o.weight / w;
        self.mean += delta * o.weight / w;
        self.weight = w;
    }
}

impl FitKernel {
    /// The number of parameters.
    pub fn params(&self) -> usize {
        self.np
    }

    /// The columns a partition must have.
    pub fn columns(&self) -> Vec<String> {
        let mut c = self.loss_columns.clone();
        for n in self.resid.iter().flat_map(|r| &r.1) {
            if !c.contains(n) {
                c.push(n.clone());
            }
        }
        c
    }

    /// Whether the loss is the default squared error of the residuals (so that reductions and
    /// the uncertainty exist).
    pub fn least_squares(&self) -> bool {
        self.least_squares
    }

    /// The data set's column of each name, checked as a fit checks them (present; every cell a
    /// finite number; σ positive).
    fn bind(&self, data: &Dataset, names: &[String]) -> Result<Vec<usize>, FitError> {
        let mut cols = Vec::with_capacity(names.len());
        for name in names {
            let Some(k) = data.column_index(name) else {
                return Err(FitError::MissingColumn {
                    file: data.name.clone(),
                    line: data.header_line,
                    column: name.clone(),
                    header: data.header_text(),
                });
            };
            data.check_column(k)?;
            if self.sigma.as_deref() == Some(name.as_str()) {
                super::weights::check_positive(data, k)?;
            }
            cols.push(k);
        }
        Ok(cols)
    }

    /// The sums over the partition's rows of the loss (returned) and of its gradient (into `g`,
    /// one per parameter) at `x`, in row order.
    ///
    /// # Panics
    ///
    /// If `x` or `g` do not have one entry per parameter.
    pub fn loss_and_grad_sums(
        &self,
        data: &Dataset,
        x: &[f64],
        g: &mut [f64],
    ) -> Result<f64, FitError> {
        assert!(
            x.len() == self.np && g.len() == self.np,
            "one entry per parameter"
        );
        let cols = self.bind(data, &self.loss_columns)?;
        let mut eval = Evaluator::new(data, cols, Arc::clone(&self.loss));
        Ok(eval.sums(x, g))
    }

    /// The residuals' least-squares reduction over the partition's rows at `x` (on all cores);
    /// [`FitError::NotFiniteResidual`] where a residual or a Jacobian entry is not finite,
    /// [`FitError::LmNeedsSquaredError`] for a fit with a custom loss.
    pub fn reduce(&self, data: &Dataset, x: &[f64]) -> Result<Reduction, FitError> {
        let (problem, names) = self.residual()?;
        let cols = self.bind(data, names)?;
        Residuals::new(data, cols, Arc::clone(problem))
            .reduce(x)
            .map_err(|JacobianNotFinite(value)| FitError::NotFiniteResidual { value })
    }

    /// The residuals' Euclidean norm over the partition's rows at `x` (`+inf` where one is not
    /// finite).
    pub fn residual_norm(&self, data: &Dataset, x: &[f64]) -> Result<f64, FitError> {
        let (problem, names) = self.residual()?;
        let cols = self.bind(data, names)?;
        Ok(Residuals::new(data, cols, Arc::clone(problem)).norm(x))
    }

    /// The target's moments over the partition's rows (weighted by `1/σ²` with uncertainties).
    pub fn target_moments(&self, data: &Dataset) -> Result<TargetMoments, FitError> {
        let mut names = vec![self.target.clone()];
        names.extend(self.sigma.iter().cloned());
        let cols = self.bind(data, &names)?;
        let y: Vec<f64> = (0..data.rows()).map(|r| data.row(r)[cols[0]]).collect();
        let s: Option<Vec<f64>> = cols
            .get(1)
            .map(|&k| (0..data.rows()).map(|r| data.row(r)[k]).collect());
        Ok(TargetMoments::of(&y, s.as_deref()))
    }

    fn residual(&self) -> Result<(&Arc<Problem>, &Vec<String>), FitError> {
        match (&self.resid, self.least_squares) {
            (Some((p, n)), true) => Ok((p, n)),
            _ => Err(FitError::LmNeedsSquaredError {
                method: "lm",
                loss: "a custom loss".to_string(),
            }),
        }
    }
}

/// Where the partitions are: each method computes its share in every partition (or in one) and
/// merges the answers in partition order. Errors are [`FitError`]s (a partition's own, or
/// [`FitError::Partition`] for a failure of the machinery that runs it).
pub trait Partitions {
    /// The total number of rows.
    fn rows(&self) -> usize;
    /// The number of partitions.
    fn count(&self) -> usize;
    /// The sums of the loss (returned with the rows summed) and of its gradient (into `g`) over
    /// all partitions (`part == None`) or over partition `part`.
    fn loss_and_grad_sums(
        &mut self,
        x: &[f64],
        part: Option<usize>,
        g: &mut [f64],
    ) -> Result<(f64, usize), FitError>;
    /// The merged least-squares reduction of all partitions.
    fn reduce(&mut self, x: &[f64]) -> Result<Reduction, FitError>;
    /// The residuals' norm over all partitions.
    fn residual_norm(&mut self, x: &[f64]) -> Result<f64, FitError>;
    /// The target's merged moments.
    fn target_moments(&mut self) -> Result<TargetMoments, FitError>;
}

/// [`Partitions`] over data sets in memory, one [`FitKernel`] bound to each in turn: the
/// reference that the distributed implementations are tested against, and a way to fit data
/// read one file at a time.
///
/// ```
/// use nabla::{Dataset, DatasetPartitions, FitConfig, Fitter};
/// let parts: Vec<Dataset> = [[0.0, 1.0], [2.0, 3.0]]
///     .iter()
///     .map(|xs| {
///         let ys: Vec<f64> = xs.iter().map(|x| 1.0 + 2.0 * x).collect();
///         Dataset::from_columns("part", &[("x", xs.to_vec()), ("y", ys)]).unwrap()
///     })
///     .collect();
/// let mut fitter = Fitter::new("a + b*x", &parts[0], &FitConfig::new(&["a", "b"])).unwrap();
/// let mut all = DatasetPartitions::new(fitter.kernel(), parts.iter().collect());
/// let report = fitter.run_partitioned(&mut all, |_, _| {}).unwrap();
/// assert_eq!(report.rows, 4);
/// assert!((report.values[0] - 1.0).abs() < 1e-12 && (report.values[1] - 2.0).abs() < 1e-12);
/// ```
pub struct DatasetPartitions<'a> {
    kernel: FitKernel,
    parts: Vec<&'a Dataset>,
}

impl<'a> DatasetPartitions<'a> {
    /// The partitions `parts` of a fit compiled as `kernel`.
    pub fn new(kernel: FitKernel, parts: Vec<&'a Dataset>) -> DatasetPartitions<'a> {
        DatasetPartitions { kernel, parts }
    }
}

impl Partitions for DatasetPartitions<'_> {
    fn rows(&self) -> usize {
        self.parts.iter().map(|d| d.rows()).sum()
    }

    fn count(&self) -> usize {
        self.parts.len()
    }

    fn loss_and_grad_sums(
        &mut self,
        x: &[f64],
        part: Option<usize>,
        g: &mut [f64],
    ) -> Result<(f64, usize), FitError> {
        let range = match part {
            Some(k) => k..k + 1,
            None => 0..self.parts.len(),
        };
        g.fill(0.0);
        let mut gk = vec![0.0; g.len()];
        let (mut sum, mut rows) = (0.0, 0);
        for d in &self.parts[range] {
            sum += self.kernel.loss_and_grad_sums(d, x, &mut gk)?;
            rows += d.rows();
            for (a, b) in g.iter_mut().zip(&gk) {
                *a += *b;
            }
        }
        Ok((sum, rows))
    }

    fn reduce(&mut self, x: &[f64]) -> Result<Reduction, FitError> {
        let mut total = Reduction::new(self.kernel.params());
        for d in &self.parts {
            total.merge(&self.kernel.reduce(d, x)?);
        }
        Ok(total)
    }

    fn residual_norm(&mut self, x: &[f64]) -> Result<f64, FitError> {
        let mut ss = super::reduce::SumSq::ZERO;
        for d in &self.parts {
            ss.add(self.kernel.residual_norm(d, x)?);
        }
        Ok(ss.norm())
    }

    fn target_moments(&mut self) -> Result<TargetMoments, FitError> {
        let mut m = TargetMoments::default();
        for d in &self.parts {
            m.merge(&self.kernel.target_moments(d)?);
        }
        Ok(m)
    }
}

/// The largest cosine between the residuals and a column of their Jacobian, from the reduction
/// (`J^T r = R^T (Q^T r)`, `|J e_j| = |R e_j|`): MINPACK's scaled gradient, which is about
/// [`Fitter::scaled_gradient`] near a least-squares solution. `None` when the residuals are zero.
fn cosine(red: &Reduction) -> Option<f64> {
    let n = red.params();
    let (r, qtr) = red.factors();
    let rnorm = red.sum_of_squares().sqrt();
    if !(rnorm > 0.0 && rnorm.is_finite()) {
        return None;
    }
    let mut worst: f64 = 0.0;
    for j in 0..n {
        let (mut dot, mut col) = (0.0, 0.0);
        for i in 0..=j {
            dot += r[i * n + j] * qtr[i];
            col += r[i * n + j] * r[i * n + j];
        }
        if dot != 0.0 {
            worst = worst.max((dot / (col.sqrt() * rnorm)).abs());
        }
    }
    Some(worst)
}

/// Levenberg-Marquardt's view of the partitions; the first error is kept (and every later call
/// fails at once) for the driver to report.
struct PartsLsq<'p> {
    parts: &'p mut dyn Partitions,
    err: Option<FitError>,
}

impl LeastSquares for PartsLsq<'_> {
    fn reduce(&mut self, x: &[f64]) -> Result<Reduction, JacobianNotFinite> {
        if self.err.is_some() {
            return Err(JacobianNotFinite(f64::NAN));
        }
        match self.parts.reduce(x) {
            Ok(r) => Ok(r),
            Err(FitError::NotFiniteResidual { value }) => Err(JacobianNotFinite(value)),
            Err(e) => {
                self.err = Some(e);
                Err(JacobianNotFinite(f64::NAN))
            }
        }
    }

    fn norm(&mut self, x: &[f64]) -> f64 {
        if self.err.is_some() {
            return f64::INFINITY;
        }
        self.parts.residual_norm(x).unwrap_or_else(|e| {
            self.err = Some(e);
            f64::INFINITY
        })
    }
}

/// The full-batch methods' view of the partitions: the mean loss and gradient over all rows.
struct PartsObjective<'p> {
    parts: &'p mut dyn Partitions,
    np: usize,
    err: Option<FitError>,
}

impl Objective for PartsObjective<'_> {
    fn dim(&self) -> usize {
        self.np
    }

    fn value(&mut self, x: &[f64]) -> f64 {
        let mut g = vec![0.0; self.np];
        self.value_and_grad(x, &mut g)
    }

    fn value_and_grad(&mut self, x: &[f64], g: &mut [f64]) -> f64 {
        if self.err.is_some() {
            return f64::NAN;
        }
        match self.parts.loss_and_grad_sums(x, None, g) {
            Ok((sum, rows)) => {
                let inv = 1.0 / rows.max(1) as f64;
                g.iter_mut().for_each(|v| *v *= inv);
                sum * inv
            }
            Err(e) => {
                self.err = Some(e);
                f64::NAN
            }
        }
    }
}

impl Fitter<'_> {
    /// The fit's compiled programs without its data (see [`FitKernel`]).
    pub fn kernel(&self) -> FitKernel {
        let names = |cols: &[usize]| -> Vec<String> {
            cols.iter()
                .map(|&c| self.eval.data.columns()[c].clone())
                .collect()
        };
        FitKernel {
            np: self.x.len(),
            loss: Arc::clone(&self.eval.problem),
            loss_columns: names(&self.eval.cols),
            resid: self
                .resid
                .as_ref()
                .map(|r| (Arc::clone(r.problem()), names(r.cols()))),
            target: self.target.clone(),
            sigma: self.sigma_col.map(|c| self.eval.data.columns()[c].clone()),
            least_squares: self.least_squares,
        }
    }

    /// Runs this fit's method from its start over `parts` instead of its own data set (which
    /// served to build and check it, e.g. a sample of the rows), and reports as [`Fitter::run`]
    /// does, with `on_epoch(epoch, loss)` after each epoch. Newton's method is refused
    /// ([`FitError::NotPartitioned`]); the first-order methods take one step per partition.
    pub fn run_partitioned(
        &mut self,
        parts: &mut dyn Partitions,
        mut on_epoch: impl FnMut(usize, f64),
    ) -> Result<FitReport, FitError> {
        let start = Instant::now();
        let rows = parts.rows();
        let count = parts.count();
        let np = self.x.len();
        if self.method.kind == MethodKind::Newton {
            return Err(FitError::NotPartitioned {
                method: self.method_name,
            });
        }
        // The start's loss over all rows.
        let mut g0 = vec![0.0; np];
        let (sum0, _) = parts.loss_and_grad_sums(&self.x, None, &mut g0)?;
        let initial_loss = sum0 / rows.max(1) as f64;
        g0.iter_mut().for_each(|v| *v /= rows.max(1) as f64);
        if !initial_loss.is_finite() || g0.iter().any(|v| !v.is_finite()) {
            return Err(self.diverged(Divergence::Value(initial_loss)));
        }
        self.epoch = 0;
        self.iter = 0;
        self.stop = None;
        self.scaled = None;
        let mut losses = Vec::with_capacity(self.epochs.min(1 << 20));
        let mut notes = self.notes.clone();
        let on_epoch: &mut dyn FnMut(usize, f64) = &mut on_epoch;
        let outcome = match self.stepper {
            Stepper::Lm(_) => self.lm_over(parts, rows, &mut losses, on_epoch)?,
            Stepper::Trf(_) => self.trf_over(parts, rows, &mut losses, on_epoch)?,
            Stepper::Full { .. } => {
                self.full_over(parts, initial_loss, g0, &mut losses, on_epoch)?
            }
            Stepper::FirstOrder(_) => {
                notes.push(crate::tr!(
                    "fit-note-partition-batch",
                    count = count.to_string(),
                    seed = self.seed.to_string()
                ));
                self.first_order_over(parts, rows, &mut losses, on_epoch)?
            }
        };
        if let Err(d) = outcome {
            return Err(self.diverged(d));
        }
        let red = if self.least_squares {
            match parts.reduce(&self.x) {
                Ok(r) => Some(r),
                Err(FitError::NotFiniteResidual { .. }) => None,
                Err(e) => return Err(e),
            }
        } else {
            None
        };
        // A failed line search or a stall is convergence only where the scaled gradient is
        // small: for least squares, MINPACK's cosine between the residuals and each Jacobian
        // column, from the reduction; without one (a custom loss) the stop stays a stall.
        let stalled = match self.stop {
            Some(FitStop::LineSearchFailed) => Some(FitStop::LineSearchConverged),
            Some(FitStop::Stalled) => Some(FitStop::StalledConverged),
            _ => None,
        };
        if let Some(converged) = stalled {
            self.scaled = red.as_ref().and_then(cosine);
            if self.scaled.is_some_and(|t| t <= SCALED_GTOL) {
                self.stop = Some(converged);
            } else if red.is_none() {
                notes.push(crate::tr!("fit-note-partition-stall"));
            }
        }
        // trf may have put parameters on their bounds after its last epoch: the final loss is
        // the reduction's there.
        let final_loss = match (&self.stepper, &red) {
            (Stepper::Trf(_), Some(r)) => r.sum_of_squares() / rows.max(1) as f64,
            _ => losses.last().copied().unwrap_or(initial_loss),
        };
        let uncertainty = if self.least_squares {
            match red {
                Some(red) => {
                    let tss = parts.target_moments()?.m2;
                    let weighting = Weighting {
                        weighted: self.sigma_col.is_some(),
                        absolute: self.sigma_col.is_some() && self.absolute_sigma,
                    };
                    let mut u = uncertainty::uncertainty(&red, tss, weighting);
                    if self.stop.is_none_or(|s| !s.converged()) && u.std_errors.is_some() {
                        u.notes.push(crate::tr!(
                            "fit-note-not-converged-errors",
                            method = self.method_name
                        ));
                    }
                    self.note_active_bounds(&mut u);
                    Some(u)
                }
                None => None,
            }
        } else {
            None
        };
        let (batch_size, per_epoch, shuffled) = match self.stepper {
            Stepper::FirstOrder(_) => (rows.div_ceil(count.max(1)), count, true),
            _ => (rows, 1, false),
        };
        Ok(FitReport {
            model: self.model_text.clone(),
            loss_formula: self.loss_text.clone(),
            target: self.target.clone(),
            sigma: self.sigma_col.map(|c| self.eval.data.columns()[c].clone()),
            method: self.method_name.to_string(),
            params: self.names.clone(),
            values: self.x.clone(),
            rows,
            batch_size,
            iterations_per_epoch: per_epoch,
            epochs: self.epoch,
            iterations: self.iter,
            shuffled,
            seed: self.seed,
            initial_loss,
            final_loss,
            epoch_losses: losses,
            stop: self.stop.unwrap_or(FitStop::Epochs),
            elapsed: start.elapsed(),
            notes,
            scaled_gradient: self.scaled,
            uncertainty,
            bounds: self.bounds_report(),
        })
    }
}

/// What a method's run over partitions ends with: `Err` for a divergence (reported by the
/// caller with the fit's words), inside the partitions' own errors.
type Run = Result<Result<(), Divergence>, FitError>;

impl Fitter<'_> {
    /// Levenberg-Marquardt over the partitions: one iteration per epoch.
    fn lm_over(
        &mut self,
        parts: &mut dyn Partitions,
        rows: usize,
        losses: &mut Vec<f64>,
        on_epoch: &mut dyn FnMut(usize, f64),
    ) -> Run {
        let maxfev = self.epochs.saturating_mul(lm::EVALS_PER_EPOCH);
        let mut src = PartsLsq { parts, err: None };
        let mut solver = Lm::new(&self.x, &mut src, maxfev);
        if let Some(e) = src.err.take() {
            return Err(e);
        }
        while self.epoch < self.epochs && self.stop.is_none() {
            let evals = solver.nfev;
            let outcome = solver.step(&mut src);
            if let Some(e) = src.err.take() {
                return Err(e);
            }
            self.iter += solver.nfev - evals;
            match outcome {
                Ok(stop) => {
                    self.x.copy_from_slice(&solver.x);
                    self.stop = stop.map(lm_stop);
                }
                Err(JacobianNotFinite(v)) => return Ok(Err(Divergence::Gradient(v))),
            }
            self.epoch += 1;
            let loss = solver.rss() / rows.max(1) as f64;
            losses.push(loss);
            on_epoch(self.epoch, loss);
        }
        Ok(Ok(()))
    }

    /// Trust-region reflective over the partitions: one iteration per epoch, then the
    /// parameters that ended at a bound put on it ([`Trf::finish`]).
    fn trf_over(
        &mut self,
        parts: &mut dyn Partitions,
        rows: usize,
        losses: &mut Vec<f64>,
        on_epoch: &mut dyn FnMut(usize, f64),
    ) -> Run {
        let Some(bounds) = self.bounds.clone() else {
            unreachable!("a trust-region reflective fit has its bounds resolved");
        };
        let maxfev = self.epochs.saturating_mul(lm::EVALS_PER_EPOCH);
        let mut src = PartsLsq { parts, err: None };
        let mut solver = Trf::new(&self.x, &bounds.lower, &bounds.upper, &mut src, maxfev);
        if let Some(e) = src.err.take() {
            return Err(e);
        }
        while self.epoch < self.epochs && self.stop.is_none() {
            let evals = solver.nfev;
            let outcome = solver.step(&mut src);
            if let Some(e) = src.err.take() {
                return Err(e);
            }
            self.iter += solver.nfev - evals;
            match outcome {
                Ok(stop) => {
                    self.x.copy_from_slice(&solver.x);
                    self.stop = stop.map(trf_stop);
                }
                Err(JacobianNotFinite(v)) => return Ok(Err(Divergence::Gradient(v))),
            }
            self.epoch += 1;
            let loss = solver.rss() / rows.max(1) as f64;
            losses.push(loss);
            on_epoch(self.epoch, loss);
        }
        let evals = solver.nfev;
        let converged = self.stop.is_some_and(|s| s.converged());
        self.active = solver.finish(&mut src, converged);
        if let Some(e) = src.err.take() {
            return Err(e);
        }
        self.iter += solver.nfev - evals;
        self.x.copy_from_slice(&solver.x);
        Ok(Ok(()))
    }

    /// A full-batch method over the partitions: one step of the driver per epoch.
    fn full_over(
        &mut self,
        parts: &mut dyn Partitions,
        initial_loss: f64,
        g0: Vec<f64>,
        losses: &mut Vec<f64>,
        on_epoch: &mut dyn FnMut(usize, f64),
    ) -> Run {
        let mut opt = self.method.build()?;
        let rule = full_batch_rule(self.epochs, self.tol, opt.uses_gradient());
        let mut obj = PartsObjective {
            parts,
            np: self.x.len(),
            err: None,
        };
        let it = Iterate {
            x: self.x.clone(),
            f: initial_loss,
            g: g0,
            has_grad: true,
        };
        let mut driver = Driver::new(&mut obj, opt.as_mut(), &rule, it)?;
        let mut reason = driver.check();
        while self.epoch < self.epochs && reason.is_none() {
            let outcome = driver.step(&mut obj, opt.as_mut(), None);
            if let Some(e) = obj.err.take() {
                return Err(e);
            }
            self.iter += 1;
            reason = outcome.or_else(|| driver.check());
            if let (Some(StopReason::Diverged { .. }), Some(d)) = (outcome, driver.divergence()) {
                return Ok(Err(d));
            }
            self.x.copy_from_slice(&driver.iterate().x);
            self.epoch += 1;
            let loss = driver.iterate().f;
            losses.push(loss);
            on_epoch(self.epoch, loss);
        }
        self.stop = reason.and_then(fit_stop);
        Ok(Ok(()))
    }

    /// A first-order method over the partitions: one step per partition, the partitions in a
    /// seeded random order each epoch.
    fn first_order_over(
        &mut self,
        parts: &mut dyn Partitions,
        rows: usize,
        losses: &mut Vec<f64>,
        on_epoch: &mut dyn FnMut(usize, f64),
    ) -> Run {
        let Stepper::FirstOrder(fo) = &mut self.stepper else {
            unreachable!("called for first-order methods only");
        };
        let mut order: Vec<usize> = (0..parts.count()).collect();
        let mut g = vec![0.0; self.x.len()];
        while self.epoch < self.epochs {
            self.rng.shuffle(&mut order);
            for &k in &order {
                let (sum, n) = parts.loss_and_grad_sums(&self.x, Some(k), &mut g)?;
                if n == 0 {
                    continue;
                }
                let inv = 1.0 / n as f64;
                g.iter_mut().for_each(|v| *v *= inv);
                self.iter += 1;
                let loss = sum * inv;
                if !loss.is_finite() {
                    return Ok(Err(Divergence::Value(loss)));
                }
                if let Some(v) = g.iter().find(|v| !v.is_finite()) {
                    return Ok(Err(Divergence::Gradient(*v)));
                }
                self.prev.copy_from_slice(&self.x);
                fo.update(&mut self.x, &g, self.iter - 1);
                if let Some(v) = self.x.iter().find(|v| !v.is_finite()).copied() {
                    self.x.copy_from_slice(&self.prev);
                    return Ok(Err(Divergence::Point(v)));
                }
            }
            self.epoch += 1;
            let (sum, _) = parts.loss_and_grad_sums(&self.x, None, &mut g)?;
            let loss = sum / rows.max(1) as f64;
            if !loss.is_finite() {
                return Ok(Err(Divergence::Value(loss)));
            }
            losses.push(loss);
            on_epoch(self.epoch, loss);
        }
        Ok(Ok(()))
    }
}
