//! Fitting a formula to data: `w*x + b` against the columns of a CSV file, with mini-batches and
//! any optimizer of the suite.
//!
//! The model's variables split into **parameters** (named by the caller, learned) and **data
//! variables** (bound to the data's columns by header name). The per-sample loss is `(pred -
//! target)^2` or any formula in `pred` and `target`; it is composed with the model in the model's
//! own graph (`pred` becomes the model's root, `target` the target column's variable) by one
//! forward sweep over the loss's arena, then differentiated once with respect to the parameters.
//! One [`Tape`] computes `[loss, dloss/dparam...]` for one row from the inputs `[params..., data
//! columns...]`; a batch's gradient is the mean of the rows' gradients, accumulated row by row in
//! a fixed buffer. No graph is built per batch and evaluation allocates nothing.
//!
//! # Invariants
//!
//! * **Data is checked before training.** A [`Dataset`] is read once, as `f64`, row-major; its
//!   size is the only memory proportional to the data (plus one row permutation for shuffling),
//!   and nothing grows with the epochs except the list of epoch losses. Every problem with the
//!   file (empty, header only, unnamed or duplicate column names, ragged rows, cells that are not
//!   finite numbers in a column the model uses, a column the model needs but the header lacks) is
//!   a [`FitError`] naming the file, the line and the column, raised before the first step.
//! * **Runs repeat exactly.** Shuffling uses `fastrand` seeded with [`FitConfig::seed`]; batches
//!   are summed in permutation order, so the same seed gives bit-identical parameters.
//! * **Never a NaN answer.** A loss or gradient that stops being finite ends training with
//!   [`FitError::Diverged`], which carries the last finite parameters; a start where the loss is
//!   not finite is [`FitError::NonFiniteStart`], naming the first offending line.
//! * **Mini-batch steps are the first-order step** ([`crate::optim::FirstOrder::update`]: the
//!   method's update rule with the learning-rate decay `lr / (1 + decay * i)`, `i` counting
//!   iterations over all epochs), the same step the optimizers take on full gradients. The
//!   line-search and derivative-free methods (`lbfgs`, `gd-armijo`, `newton`, `nelder-mead`)
//!   need a fixed objective, so they run on the full batch only, one step per epoch, through the
//!   optimizers' [`crate::optim::Driver`] and its stop rules: at most `epochs` steps;
//!   stop when the gradient's largest component is at most [`FitConfig::tol`] (checked before
//!   each step, so a start that meets it takes none), when the line search cannot make
//!   progress, when the loss of a gradient method has stalled (no relative decrease beyond
//!   [`STALL_TOL`] in [`STALL_EPOCHS`] epochs), or when Nelder-Mead's simplex collapses
//!   ([`Fitter::stop_reason`] gives the driver's reason). A failed line search or a stall is
//!   convergence only where the scale-invariant gradient test [`Fitter::scaled_gradient`] is at
//!   most [`SCALED_GTOL`]; elsewhere the stop says stalled, not converged. A step that makes the loss, the gradient or a parameter non-finite is
//!   undone and is a [`FitError::Diverged`].
//!
//! * **Levenberg-Marquardt (`lm`) fits least squares itself**, and is the default method
//!   ([`FitConfig::resolved_method`]) when none is given, the loss is the default and every step
//!   sees the full data (otherwise the default is L-BFGS). It needs the default loss
//!   `(pred - target)^2` and the full batch; an epoch is one of its iterations (one Jacobian and
//!   the trial steps until one lowers the sum of squares), `iterations` counts the residual
//!   evaluations, and it stops on MINPACK's tests (see `lm`). Its report carries the
//!   parameters' [`Uncertainty`].
//!
//! * **Bounds mean trust-region reflective (`trf`).** [`FitConfig::bound`] keeps a parameter
//!   within `[lower, upper]`; a fit with bounds runs `trf` (chosen when no method is given, any
//!   other method refused), with `lm`'s residuals, budget and tolerances. The start must lie
//!   within the bounds (one on a bound moves strictly inside, with a note); iterates stay
//!   strictly inside, and at the end a parameter at a bound (see `trf`) is put exactly on it
//!   (unless that raises the residuals' norm beyond rounding), the others take one
//!   Gauss-Newton step with it held there; [`FitReport::bounds`] says which bounds are active,
//!   and a note that the standard errors ignore them.
//!
//! * **Weights are per-row uncertainties.** With [`FitConfig::sigma`] every residual is divided
//!   by its row's σ, in the default loss `((pred - target)/σ)^2` (a custom loss reads σ as
//!   `sigma`) and in `lm`'s residuals, so `lm` minimizes χ². Every σ is checked before the first
//!   step (a missing, non-finite, zero or negative σ names its line and column). The covariance
//!   follows `scipy.optimize.curve_fit`: scaled by the reduced χ² by default, `(J^T W J)^-1`
//!   with [`FitConfig::absolute_sigma`](FitConfig#structfield.absolute_sigma); the
//!   [`Uncertainty`] says which.
//!
//! Iterations per epoch are `ceil(rows / batch)` with a smaller last batch, as in Keras: 50,000
//! rows in batches of 128 are 391 iterations.
//!
//! # Layout
//!
//! * `error`: [`FitError`], every message naming file, line and column;
//! * `data`: [`Dataset`], CSV reading and the per-column checks;
//! * `config`: [`FitConfig`] and [`Batch`];
//! * `evaluator`: the per-sample loss composed with the model and compiled against a data set
//!   (the full-data loss as an [`crate::optim::Objective`], and batch gradients);
//! * `reduce`: the least-squares reduction of a block of rows (`R` of the Jacobian's QR, `Q^T r`,
//!   the sum of squares), merged block by block in `O(params^2)` memory;
//! * `residuals`: the residuals `(model - target)/σ` compiled against a data set, reduced on all
//!   cores;
//! * `lm`: Levenberg-Marquardt on the residuals `model - target` with their exact Jacobian;
//! * `trf`: trust-region reflective, the same least squares within bounds on the parameters;
//! * `bounds`: the parameters' bounds, checked, resolved, and reported ([`ParamBounds`]);
//! * `uncertainty`: the parameters' [`Uncertainty`] at its solution;
//! * `train`: [`Fitter`] and [`fit`], the epochs;
//! * `partitions`: fitting data kept in partitions elsewhere ([`FitKernel`], [`Partitions`],
//!   [`Fitter::run_partitioned`]);
//! * `weights`: the column of per-row uncertainties σ ([`FitConfig::sigma`]), the weighted
//!   total sum of squares, and the [`FitResiduals`] at the solution;
//! * `report`: [`FitReport`] and [`FitStop`].

mod bounds;
mod config;
mod data;
mod error;
mod evaluator;
mod lm;
mod partitions;
mod reduce;
mod report;
mod residuals;
mod train;
mod trf;
mod uncertainty;
mod weights;

pub use bounds::{BoundSide, ParamBounds, START_RSTEP as BOUNDS_START_RSTEP};
pub use config::{Batch, FitConfig, MAX_EPOCHS};
pub use data::{Dataset, MAX_CELLS, MAX_COLUMNS, MAX_FIELD_BYTES, MAX_LINE_BYTES};
pub use error::FitError;
pub use lm::{
    EVALS_PER_EPOCH as LM_EVALS_PER_EPOCH, FTOL as LM_FTOL, GTOL as LM_GTOL,
    MAX_PARAMS as LM_MAX_PARAMS, XTOL as LM_XTOL,
};
pub use partitions::{DatasetPartitions, FitKernel, Partitions, TargetMoments};
pub use reduce::Reduction as LeastSquaresReduction;
pub use report::{FitReport, FitStop, PLATEAU_DECREASE};
pub use train::{fit, Fitter, SCALED_GTOL, STALL_EPOCHS, STALL_TOL};
pub use trf::ACTIVE_TOL as TRF_ACTIVE_TOL;
pub use uncertainty::Uncertainty;
pub use weights::FitResiduals;
