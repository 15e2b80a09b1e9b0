//! Numerical minimization: one [`Objective`] trait, one [`Optimizer`] trait, one driver ([`minimize`]).
//!
//! The layout follows argmin's split between a solver's single step and the executor's stopping rules:
//!
//! - [`Objective`] is what gets minimized: value, gradient and (optionally) the dense Hessian of a
//!   function of `n` variables. [`FnObjective`] adapts hand-written Rust closures.
//! - [`UpdateRule`] is the book's `Optimizator` class (chapter 2.5): state plus one update of `x` from a
//!   gradient. Every first-order method (GD, Momentum, Nesterov, Adagrad, Adadelta, RMSprop, Adam, AdaMax,
//!   Nadam, AMSGrad) is one `UpdateRule` in its own file; [`FirstOrder`] turns any of them into an
//!   [`Optimizer`] and applies the learning-rate decay `lr_i = lr / (1 + decay * i)`.
//! - [`Optimizer`] is one iteration of any method against an objective; the methods that find minima
//!   reliably ([`GdArmijo`], [`Lbfgs`], [`Newton`], [`NelderMead`]) implement it directly, with their
//!   line searches [`Armijo`] and [`StrongWolfe`]; [`run`] drives any optimizer, including one
//!   defined outside this crate.
//! - [`minimize`] owns every stopping policy ([`StopRule`]): the book's rule (stop when
//!   `max_i |g_i| < epsilon`, checked *before* each step), iteration and time limits, stalled progress, and
//!   divergence (a non-finite or exploding iterate stops the run and the last finite point is returned).
//!   It returns an [`OptimReport`].
//! - [`classify()`] tells a minimum from a maximum, a saddle or a degenerate point with the eigenvalues of the
//!   Hessian ([`symmetric_eigen`], a cyclic Jacobi method), and says so when the gradient is not small at all.
//! - [`crate::global::minimize_global`] searches a box for the global minimum: space-filling samples, local searches
//!   from single-linkage starts, basin hopping with differential moves, in parallel (rayon).
//!
//! Every item has one path, `nabla::optim::Item`; each method's algorithm, defaults and sources are
//! documented on its type.
//!
//! Invariants: no method allocates per iteration (workspaces are sized once in [`Optimizer::start`]);
//! nothing here panics on user input; a report never holds a NaN point; every loop is bounded.

mod adadelta;
mod adagrad;
mod adam;
mod adamax;
mod amsgrad;
mod armijo;
mod classify;
mod driver;
mod eigen;
mod function;
mod gd;
mod gd_armijo;
mod kind;
mod lbfgs;
mod method;
mod momentum;
mod nadam;
mod nelder_mead;
mod nesterov;
mod newton;
mod report;
mod rmsprop;
mod settings;
mod unbounded;
mod wolfe;

use crate::tr;

pub use adadelta::Adadelta;
pub use adagrad::Adagrad;
pub use adam::Adam;
pub use adamax::AdaMax;
pub use amsgrad::AmsGrad;
pub use armijo::Armijo;
pub use classify::{
    classify, classify_hessian, Classification, ClassifyTol, Evidence, PointKind, Restart,
};
pub use driver::{minimize, minimize_with_progress, run, Divergence, Driver, StopRule};
pub use eigen::{cholesky, cholesky_solve, jacobi_in_place, symmetric_eigen, SymmetricEigen};
pub use gd::Gd;
pub use gd_armijo::GdArmijo;
pub use kind::{HyperParams, MethodKind, Setting};
pub use lbfgs::Lbfgs;
pub use method::{capped_lr, Method, LBFGS_MAX_MEMORY, MAX_ITERS};
pub use momentum::Momentum;
pub use nadam::Nadam;
pub use nelder_mead::NelderMead;
pub use nesterov::Nesterov;
pub use newton::Newton;
pub use report::{report_label, OptimReport, Path, StopReason, LABEL_WIDTH};
pub use rmsprop::RmsProp;
pub use settings::{legend_labels, run_labels, ResolvedSettings, SettingValue};
pub use unbounded::{probe_unbounded, Unbounded};
pub use wolfe::StrongWolfe;

/// A differentiable function of `n` variables.
///
/// `&mut self` so an implementation can keep a reusable evaluation workspace and allocate nothing per
/// call. `g` has length [`dim`](Objective::dim); `h` is the row-major dense Hessian of length `n * n`.
///
/// ```
/// use nabla::optim::{FnObjective, Objective};
/// let mut f = FnObjective::new(1, |x: &[f64]| x[0] * x[0], |x: &[f64], g: &mut [f64]| {
///     g[0] = 2.0 * x[0];
///     x[0] * x[0]
/// });
/// let mut g = [0.0];
/// assert_eq!(f.value_and_grad(&[3.0], &mut g), 9.0);
/// assert_eq!(g, [6.0]);
/// ```
pub trait Objective {
    /// Number of variables.
    fn dim(&self) -> usize;
    /// The function value at `x`.
    fn value(&mut self, x: &[f64]) -> f64;
    /// The value at `x`; writes the gradient into `g`.
    fn value_and_grad(&mut self, x: &[f64], g: &mut [f64]) -> f64;
    /// Value, gradient and row-major dense Hessian (`n * n`). Default: `None` (no Hessian available).
    fn value_grad_hessian(&mut self, _x: &[f64], _g: &mut [f64], _h: &mut [f64]) -> Option<f64> {
        None
    }
    /// The formula this objective evaluates, when it is one (a [`crate::Function`]): lets
    /// [`crate::global::minimize_global`] bound it by interval arithmetic. Default: `None`.
    fn problem(&self) -> Option<&crate::Problem> {
        None
    }
}

impl<O: Objective + ?Sized> Objective for &mut O {
    fn dim(&self) -> usize {
        (**self).dim()
    }
    fn value(&mut self, x: &[f64]) -> f64 {
        (**self).value(x)
    }
    fn value_and_grad(&mut self, x: &[f64], g: &mut [f64]) -> f64 {
        (**self).value_and_grad(x, g)
    }
    fn value_grad_hessian(&mut self, x: &[f64], g: &mut [f64], h: &mut [f64]) -> Option<f64> {
        (**self).value_grad_hessian(x, g, h)
    }
    fn problem(&self) -> Option<&crate::Problem> {
        (**self).problem()
    }
}

/// The Hessian closure of an [`FnObjective`]: writes gradient and Hessian, returns the value.
pub type HessianFn<'a> = Box<dyn FnMut(&[f64], &mut [f64], &mut [f64]) -> f64 + 'a>;

/// An [`Objective`] made of hand-written closures: the value, the value with its gradient, and
/// optionally the Hessian (see [`FnObjective::with_hessian`]).
///
/// ```
/// use nabla::optim::{FnObjective, Objective};
/// let mut f = FnObjective::new(1, |x: &[f64]| x[0].powi(3), |x: &[f64], g: &mut [f64]| {
///     g[0] = 3.0 * x[0] * x[0];
///     x[0].powi(3)
/// })
/// .with_hessian(|x: &[f64], g: &mut [f64], h: &mut [f64]| {
///     g[0] = 3.0 * x[0] * x[0];
///     h[0] = 6.0 * x[0];
///     x[0].powi(3)
/// });
/// let (mut g, mut h) = ([0.0], [0.0]);
/// assert_eq!(f.value_grad_hessian(&[1.0], &mut g, &mut h), Some(1.0));
/// assert_eq!(h, [6.0]);
/// ```
pub struct FnObjective<'a, F, G> {
    dim: usize,
    value: F,
    value_and_grad: G,
    hessian: Option<HessianFn<'a>>,
}

impl<'a, F, G> FnObjective<'a, F, G>
where
    F: FnMut(&[f64]) -> f64,
    G: FnMut(&[f64], &mut [f64]) -> f64,
{
    /// An objective of `dim` variables from a value closure and a value-and-gradient closure.
    pub fn new(dim: usize, value: F, value_and_grad: G) -> Self {
        FnObjective {
            dim,
            value,
            value_and_grad,
            hessian: None,
        }
    }

    /// Adds a closure that writes the gradient and the row-major Hessian and returns the value.
    ///
    /// Newton's method needs it:
    ///
    /// ```
    /// use nabla::optim::{minimize, FnObjective, Method, OptimError, StopRule};
    /// // f = (x - 2)^2: f' = 2(x - 2), f'' = 2.
    /// let value = |x: &[f64]| (x[0] - 2.0).powi(2);
    /// let grad = |x: &[f64], g: &mut [f64]| {
    ///     g[0] = 2.0 * (x[0] - 2.0);
    ///     value(x)
    /// };
    /// let newton = Method::parse("newton").unwrap();
    /// let mut plain = FnObjective::new(1, value, grad);
    /// let err = minimize(&mut plain, &[0.0], &newton, &StopRule::default()).unwrap_err();
    /// assert_eq!(err, OptimError::HessianUnavailable);
    /// let mut full = FnObjective::new(1, value, grad).with_hessian(|x: &[f64], g: &mut [f64], h: &mut [f64]| {
    ///     h[0] = 2.0;
    ///     grad(x, g)
    /// });
    /// // On a quadratic the Newton step x - f'/f'' = 0 - (-4)/2 = 2 is exact (up to the rounding of
    /// // the Cholesky solve): one iteration.
    /// let r = minimize(&mut full, &[0.0], &newton, &StopRule::default()).unwrap();
    /// assert_eq!(r.iters, 1);
    /// assert!((r.x[0] - 2.0).abs() < 1e-15);
    /// ```
    pub fn with_hessian<H>(mut self, hessian: H) -> Self
    where
        H: FnMut(&[f64], &mut [f64], &mut [f64]) -> f64 + 'a,
    {
        self.hessian = Some(Box::new(hessian));
        self
    }
}

impl<F, G> Objective for FnObjective<'_, F, G>
where
    F: FnMut(&[f64]) -> f64,
    G: FnMut(&[f64], &mut [f64]) -> f64,
{
    fn dim(&self) -> usize {
        self.dim
    }
    fn value(&mut self, x: &[f64]) -> f64 {
        (self.value)(x)
    }
    fn value_and_grad(&mut self, x: &[f64], g: &mut [f64]) -> f64 {
        (self.value_and_grad)(x, g)
    }
    fn value_grad_hessian(&mut self, x: &[f64], g: &mut [f64], h: &mut [f64]) -> Option<f64> {
        self.hessian.as_mut().map(|hess| hess(x, g, h))
    }
}

/// The current point of a run: `x`, `f = f(x)` and, when `has_grad`, `g = grad f(x)`.
///
/// An [`Optimizer`] moves it one iteration at a time and keeps the three consistent.
#[derive(Debug, Clone, PartialEq)]
pub struct Iterate {
    /// The point.
    pub x: Vec<f64>,
    /// The value at `x`.
    pub f: f64,
    /// The gradient at `x` (valid only when `has_grad`).
    pub g: Vec<f64>,
    /// Whether `g` holds the gradient at the current `x`.
    pub has_grad: bool,
}

impl Iterate {
    /// An iterate at `x` with value and gradient not yet evaluated (`f` is NaN, `g` zero).
    pub fn new(x: Vec<f64>) -> Self {
        let n = x.len();
        Iterate {
            x,
            f: f64::NAN,
            g: vec![0.0; n],
            has_grad: false,
        }
    }
}

/// What one [`Optimizer::step`] says about the run.
///
/// A loop that drives an [`Optimizer`] by hand (instead of [`minimize`]) steps while it says
/// `Continue`:
///
/// ```
/// use nabla::optim::{FnObjective, Iterate, Method, Objective, StepStatus};
/// // f = (x - 1)^2 + (y + 2)^2, minimum at (1, -2).
/// let value = |x: &[f64]| (x[0] - 1.0).powi(2) + (x[1] + 2.0).powi(2);
/// let mut f = FnObjective::new(2, value, |x: &[f64], g: &mut [f64]| {
///     g[0] = 2.0 * (x[0] - 1.0);
///     g[1] = 2.0 * (x[1] + 2.0);
///     value(x)
/// });
/// let mut opt = Method::parse("nelder-mead").unwrap().build().unwrap();
/// let mut it = Iterate::new(vec![0.0, 0.0]);
/// it.f = f.value(&it.x);
/// opt.start(&mut f, &mut it).unwrap();
/// let (mut status, mut iter) = (StepStatus::Continue, 0);
/// while status == StepStatus::Continue && iter < 10_000 {
///     status = opt.step(&mut f, &mut it, iter);
///     iter += 1;
/// }
/// // Nelder-Mead ends by its own test, the simplex collapsing onto the minimum.
/// assert_eq!(status, StepStatus::Converged);
/// assert!((it.x[0] - 1.0).abs() < 1e-6 && (it.x[1] + 2.0).abs() < 1e-6);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum StepStatus {
    /// The iterate moved; keep going.
    Continue,
    /// The method's own convergence test passed (Nelder-Mead's simplex collapsed).
    Converged,
    /// No step along the search direction decreased the function enough; the iterate did not move.
    LineSearchFailed,
}

/// One iteration of a minimization method, with its state (the book's `Optimizator`, generalized to
/// methods that evaluate the function more than once per step).
///
/// ```
/// use nabla::optim::{FnObjective, Gd, FirstOrder, Iterate, Objective, Optimizer};
/// let mut f = FnObjective::new(1, |x: &[f64]| x[0] * x[0], |x: &[f64], g: &mut [f64]| {
///     g[0] = 2.0 * x[0];
///     x[0] * x[0]
/// });
/// let mut opt = FirstOrder::new(Gd, 0.25, 0.0);
/// let mut it = Iterate::new(vec![1.0]);
/// it.f = f.value_and_grad(&it.x, &mut it.g);
/// it.has_grad = true;
/// opt.start(&mut f, &mut it).unwrap();
/// opt.step(&mut f, &mut it, 0);
/// assert_eq!(it.x, [0.5]); // 1 - 0.25 * 2
/// ```
pub trait Optimizer {
    /// The method's name as [`Method`] spells it.
    fn name(&self) -> &'static str;
    /// Whether the method keeps `Iterate::g` current (derivative-free methods do not).
    fn uses_gradient(&self) -> bool {
        true
    }
    /// Prepares a run from `it`, whose value and gradient are already evaluated: sizes every
    /// workspace (the only allocation of a run) and clears the state.
    fn start(&mut self, obj: &mut dyn Objective, it: &mut Iterate) -> Result<(), OptimError>;
    /// Moves `it` by one iteration (`iter` counts from 0), keeping `it.f` (and `it.g` when
    /// [`uses_gradient`](Optimizer::uses_gradient)) consistent with `it.x`.
    fn step(&mut self, obj: &mut dyn Objective, it: &mut Iterate, iter: usize) -> StepStatus;
}

/// A first-order update: state plus one update of `x` from the gradient `g` at `x` with step size `lr`
/// (the book's `Optimizator.step`). Implementations allocate only in [`reset`](UpdateRule::reset).
///
/// ```
/// use nabla::optim::{Gd, UpdateRule};
/// let mut rule = Gd;
/// rule.reset(1);
/// let mut x = [1.0];
/// rule.update(&mut x, &[2.0], 0.1);
/// assert_eq!(x, [0.8]);
/// ```
pub trait UpdateRule {
    /// The method's name as [`Method`] spells it.
    fn name(&self) -> &'static str;
    /// Sizes the state for `n` variables and sets it to its initial value.
    fn reset(&mut self, n: usize);
    /// Updates `x` in place from the gradient `g` at `x` with the (possibly decayed) step size `lr`.
    fn update(&mut self, x: &mut [f64], g: &[f64], lr: f64);
}

/// A boxed rule is a rule, so [`Method::first_order`] can hand out any of them behind one type.
impl<R: UpdateRule + ?Sized> UpdateRule for Box<R> {
    fn name(&self) -> &'static str {
        (**self).name()
    }
    fn reset(&mut self, n: usize) {
        (**self).reset(n);
    }
    fn update(&mut self, x: &mut [f64], g: &[f64], lr: f64) {
        (**self).update(x, g, lr);
    }
}

/// Any [`UpdateRule`] as an [`Optimizer`]: one gradient evaluation per iteration, with the learning-rate
/// decay `lr_i = lr / (1 + decay * i)`, `i` counting iterations from 0 (PyTorch's Adagrad `lr_decay` and
/// Keras' legacy `decay` use the same formula). `decay = 0` keeps `lr` constant.
///
/// A hand-written loop with a first-order method, no driver: [`FirstOrder::update`] steps it on
/// the gradients the caller chooses, and [`FirstOrder::prepare`] clears its state for a fresh run.
///
/// ```
/// use nabla::optim::{FirstOrder, Momentum};
/// // Heavy ball on f = x^2 (gradient 2x): v <- 0.5 v + 0.25 g, x <- x - v.
/// let mut opt = FirstOrder::new(Momentum::new(0.5), 0.25, 0.0);
/// let mut x = [1.0];
/// for i in 0..2 {
///     let g = [2.0 * x[0]];
///     opt.update(&mut x, &g, i);
/// }
/// // Step 1: g = 2, v = 0.5, x = 0.5. Step 2: g = 1, v = 0.25 + 0.25 = 0.5, x = 0.
/// assert_eq!(x, [0.0]);
/// // At the minimum the gradient is 0, but the velocity carries x past it (v = 0.25)...
/// opt.update(&mut x, &[0.0], 2);
/// assert_eq!(x, [-0.25]);
/// // ...until `prepare` clears the velocity: a fresh run does not move on a zero gradient.
/// opt.prepare(1);
/// opt.update(&mut x, &[0.0], 0);
/// assert_eq!(x, [-0.25]);
/// ```
#[derive(Debug, Clone)]
pub struct FirstOrder<R> {
    /// The update rule.
    pub rule: R,
    /// The initial step size.
    pub lr: f64,
    /// The decay of the step size.
    pub decay: f64,
    /// The dimension the rule's state was sized for (`None` before [`Optimizer::start`]).
    prepared: Option<usize>,
}

impl<R: UpdateRule> FirstOrder<R> {
    /// Wraps `rule` with step size `lr` and learning-rate decay `decay`.
    pub fn new(rule: R, lr: f64, decay: f64) -> Self {
        FirstOrder {
            rule,
            lr,
            decay,
            prepared: None,
        }
    }

    /// The step size of iteration `i` (from 0): `lr / (1 + decay * i)`.
    ///
    /// ```
    /// use nabla::optim::{FirstOrder, Gd};
    /// // decay 1: the step size falls as 1 / (1 + i).
    /// let opt = FirstOrder::new(Gd, 0.5, 1.0);
    /// assert_eq!([opt.lr_at(0), opt.lr_at(1), opt.lr_at(3)], [0.5, 0.25, 0.125]);
    /// // decay 0 (the default): constant.
    /// assert_eq!(FirstOrder::new(Gd, 0.5, 0.0).lr_at(1000), 0.5);
    /// ```
    pub fn lr_at(&self, i: usize) -> f64 {
        if self.decay == 0.0 {
            self.lr
        } else {
            self.lr / (1.0 + self.decay * i as f64)
        }
    }

    /// Sizes the rule's state for `n` variables and clears it (a fresh run).
    pub fn prepare(&mut self, n: usize) {
        self.rule.reset(n);
        self.prepared = Some(n);
    }

    /// The step of every first-order method: moves `x` by the rule with the step size of
    /// iteration `iter` (from 0), given the gradient `g` at `x`. [`Optimizer::step`] calls it on
    /// the full gradient, fit's mini-batch epochs on batch gradients. Prepares the state first
    /// when it was sized for another dimension.
    ///
    /// ```
    /// use nabla::optim::{FirstOrder, Gd};
    /// let mut opt = FirstOrder::new(Gd, 0.5, 1.0);
    /// let mut x = [3.0];
    /// opt.update(&mut x, &[2.0], 1); // lr 0.5 / (1 + 1) = 0.25
    /// assert_eq!(x, [2.5]);
    /// ```
    pub fn update(&mut self, x: &mut [f64], g: &[f64], iter: usize) {
        if self.prepared != Some(x.len()) {
            self.prepare(x.len());
        }
        let lr = self.lr_at(iter);
        self.rule.update(x, g, lr);
    }
}

impl<R: UpdateRule> Optimizer for FirstOrder<R> {
    fn name(&self) -> &'static str {
        self.rule.name()
    }
    fn start(&mut self, _obj: &mut dyn Objective, it: &mut Iterate) -> Result<(), OptimError> {
        self.prepare(it.x.len());
        Ok(())
    }
    fn step(&mut self, obj: &mut dyn Objective, it: &mut Iterate, iter: usize) -> StepStatus {
        self.update(&mut it.x, &it.g, iter);
        it.f = obj.value_and_grad(&it.x, &mut it.g);
        it.has_grad = true;
        StepStatus::Continue
    }
}

/// Errors of the optimizer module: each says what was expected and how to fix it.
///
/// ```
/// use nabla::optim::{Method, OptimError};
/// let err = Method::parse("adamm").unwrap_err();
/// assert!(matches!(err, OptimError::UnknownMethod { .. }));
/// assert!(err.to_string().contains("adam"));
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum OptimError {
    /// The method name is not one of [`Method::NAMES`].
    #[error("{}", tr!("min-err-unknown-method", name = .name, valid = .valid))]
    UnknownMethod {
        /// The name given.
        name: String,
        /// The valid names, comma-separated.
        valid: String,
    },
    /// The start point's length differs from the objective's dimension.
    #[error("{}", tr!("min-err-dimension", got = *.got, expected = *.expected))]
    DimensionMismatch {
        /// Number of variables of the objective.
        expected: usize,
        /// Number of coordinates given.
        got: usize,
    },
    /// The value or gradient at the start point is NaN or infinite.
    #[error("{}", tr!("min-err-non-finite-start", value = .value.to_string()))]
    NonFiniteStart {
        /// The value at the start point.
        value: f64,
    },
    /// Newton's method needs a Hessian the objective does not provide.
    #[error("{}", tr!("min-err-hessian"))]
    HessianUnavailable,
    /// A hyper-parameter is out of its range.
    #[error("{}", tr!("min-err-hyper", name = *.name, value = .value.to_string(), expected = expected_text(.expected)))]
    InvalidHyperParameter {
        /// The hyper-parameter's name.
        name: &'static str,
        /// The value given.
        value: f64,
        /// The valid range, in words.
        expected: &'static str,
    },
    /// A setting was given to a method that does not read it ([`Method::check_settings`]).
    #[error(
        "{}",
        tr!(
            "min-err-unused-setting",
            method = .method.to_string(),
            setting = .setting.to_string(),
            takes = kind::setting_list(.method.settings()),
            methods = .setting.methods().iter().map(|k| k.name()).collect::<Vec<_>>().join(", ")
        )
    )]
    UnusedSetting {
        /// The method.
        method: MethodKind,
        /// The setting it does not read.
        setting: Setting,
    },
    /// A method that needs residuals (Levenberg-Marquardt, trust-region reflective) was asked
    /// to minimize a general function ([`MethodKind::needs_residuals`]).
    #[error("{}", tr!("min-err-needs-residuals", method = .method.to_string(), long = kind::long_name(*.method)))]
    NeedsResiduals {
        /// The method.
        method: MethodKind,
    },
    /// A multi-start search was asked for zero starts.
    #[error("{}", tr!("min-err-no-starts"))]
    NoStarts,
    /// Every run of a multi-start search diverged.
    #[error("{}", tr!("min-err-all-diverged", runs = *.runs))]
    AllRunsDiverged {
        /// Number of runs.
        runs: usize,
    },
    /// The budget of a multi-start search ended every run before it produced a point: nothing
    /// diverged, there was not enough to run.
    #[error(
        "{}",
        tr!(
            "min-err-budget-spent",
            which = budget_text(.which),
            runs = *.runs,
            evaluations = *.evaluations
        )
    )]
    BudgetSpent {
        /// Runs started.
        runs: usize,
        /// Evaluations spent.
        evaluations: usize,
        /// `"evaluation budget"` or `"time limit"`.
        which: &'static str,
    },
    /// A search box is empty, not finite, or has the wrong number of intervals.
    #[error("{}", tr!("min-err-invalid-bounds", reason = .reason))]
    InvalidBounds {
        /// What is wrong and how to fix it.
        reason: String,
    },
}

/// The valid range of [`OptimError::InvalidHyperParameter`] (an English phrase of `method.rs`)
/// in the current language.
fn expected_text(expected: &str) -> String {
    match expected {
        "a finite number greater than 0" => tr!("min-expected-positive"),
        "a finite number at least 0" => tr!("min-expected-non-negative"),
        "a number in [0, 1)" => tr!("min-expected-unit"),
        "a number in (c1, 1)" => tr!("min-expected-c2"),
        "between 1 and 1000 correction pairs" => tr!("min-expected-memory"),
        "a number in (0, 1)" => tr!("min-expected-open-unit"),
        other => other.to_string(),
    }
}

/// The budget of [`OptimError::BudgetSpent`] (`"evaluation budget"` or `"time limit"`) in the
/// current language.
fn budget_text(which: &str) -> String {
    match which {
        "time limit" => tr!("min-budget-time-limit"),
        "evaluation budget" => tr!("min-budget-evaluations"),
        other => other.to_string(),
    }
}

/// Max-norm `max_i |v_i|`; NaN entries make the result NaN (so a NaN gradient never looks small).
pub(crate) fn max_norm(v: &[f64]) -> f64 {
    let mut m = 0.0_f64;
    for &a in v {
        let a = a.abs();
        if a.is_nan() {
            return f64::NAN;
        }
        if a > m {
            m = a;
        }
    }
    m
}

/// Dot product.
pub(crate) fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(p, q)| p * q).sum()
}

/// `x^2` in one variable with its gradient: the objective the unit tests of the driver and of
/// the global search run on.
#[cfg(test)]
pub(crate) fn square_1d() -> impl Objective {
    FnObjective::new(
        1,
        |x: &[f64]| x[0] * x[0],
        |x: &[f64], g: &mut [f64]| {
            g[0] = 2.0 * x[0];
            x[0] * x[0]
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lr_decay_follows_the_formula() {
        let opt = FirstOrder::new(Gd, 0.3, 0.5);
        assert_eq!(opt.lr_at(0), 0.3);
        assert_eq!(opt.lr_at(3), 0.3 / 2.5);
    }

    #[test]
    fn max_norm_propagates_nan() {
        assert_eq!(max_norm(&[1.0, -3.0]), 3.0);
        assert!(max_norm(&[1.0, f64::NAN]).is_nan());
        assert_eq!(max_norm(&[]), 0.0);
    }

    #[test]
    fn fn_objective_without_hessian_returns_none() {
        let mut f = FnObjective::new(
            1,
            |x: &[f64]| x[0],
            |x: &[f64], g: &mut [f64]| {
                g[0] = 1.0;
                x[0]
            },
        );
        let (mut g, mut h) = ([0.0], [0.0]);
        assert_eq!(f.value_grad_hessian(&[1.0], &mut g, &mut h), None);
    }
}
