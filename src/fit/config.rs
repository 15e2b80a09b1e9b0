//! Configuration of a fit: [`FitConfig`] (parameters, start values, bounds, target, per-row
//! uncertainties, loss, batches, epochs, shuffling, method, tolerance) and [`Batch`] (rows per step).
//!
//! Invariants: names are stored trimmed; a [`Batch`] parsed from text is at least 1 row, and
//! [`Batch::size`] never exceeds the rows of the data set. Nothing here is checked against a
//! model or data set: [`crate::Fitter::new`] does that before the first step.

use std::fmt;
use std::str::FromStr;

use super::error::FitError;
use crate::optim::{Method, MethodKind};

/// The most epochs a fit runs (ten million): [`crate::Fitter::new`] refuses more, and zero.
///
/// ```
/// use nabla::{fit, Dataset, FitConfig, MAX_EPOCHS};
/// let data = Dataset::from_columns("pts", &[("y", vec![2.0, 4.0])]).unwrap();
/// let err = fit("c", &data, &FitConfig::new(&["c"]).epochs(MAX_EPOCHS + 1)).unwrap_err();
/// assert!(err.to_string().starts_with("10,000,001 epochs is more than 10,000,000"));
/// assert!(fit("c", &data, &FitConfig::new(&["c"]).epochs(0)).is_err());
/// ```
pub const MAX_EPOCHS: usize = crate::limits::MAX_EPOCHS as usize;

/// How many rows each step sees.
///
/// ```
/// use nabla::Batch;
/// assert_eq!("32".parse::<Batch>().unwrap(), Batch::Size(32));
/// assert_eq!("all".parse::<Batch>().unwrap(), Batch::All);
/// assert!("0".parse::<Batch>().is_err());
/// assert_eq!(Batch::Size(128).iterations(50_000), 391);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Batch {
    /// Mini-batches of this many rows (1 is stochastic gradient descent); the last batch of an
    /// epoch may be smaller.
    Size(usize),
    /// The whole data set in every step.
    All,
}

impl Batch {
    /// Rows per step for a data set of `rows` rows (never more than `rows`, at least 1).
    ///
    /// ```
    /// assert_eq!(nabla::Batch::Size(500).size(100), 100);
    /// ```
    pub fn size(self, rows: usize) -> usize {
        match self {
            Batch::Size(n) => n.min(rows).max(1),
            Batch::All => rows.max(1),
        }
    }

    /// Steps per epoch: `ceil(rows / size)`.
    pub fn iterations(self, rows: usize) -> usize {
        rows.div_ceil(self.size(rows))
    }
}

impl FromStr for Batch {
    type Err = FitError;
    fn from_str(s: &str) -> Result<Batch, FitError> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("all") || t.eq_ignore_ascii_case("full") {
            return Ok(Batch::All);
        }
        match t.parse::<usize>() {
            Ok(n) if n >= 1 => Ok(Batch::Size(n)),
            _ => Err(FitError::InvalidBatch {
                text: s.to_string(),
            }),
        }
    }
}

impl fmt::Display for Batch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Batch::Size(n) => write!(f, "{n}"),
            Batch::All => f.write_str("all"),
        }
    }
}

/// What to learn and how: parameters, start values, target, loss, batches, epochs, shuffling and
/// the method.
///
/// Defaults: target `y`, loss `(pred - target)^2`, the full batch, 100 epochs, shuffled with seed
/// 0, no method given (see [`FitConfig::resolved_method`]: Levenberg-Marquardt for the default
/// squared error on the full batch, L-BFGS otherwise), `tol` 1e-12.
///
/// ```
/// use nabla::optim::Method;
/// use nabla::{fit, Dataset, FitConfig, FitStop};
/// // A constant c fitted to y = 2, 4: the mean squared error is ((c-2)^2 + (c-4)^2)/2 = (c-3)^2 + 1.
/// let data = Dataset::from_columns("pts", &[("y", vec![2.0, 4.0])]).unwrap();
/// // Full-batch gd with lr 0.25 steps c <- c - 0.25 * 2(c - 3), halving the distance to 3 in each
/// // epoch: from c = 0, c = 3 - 3/2^k and the loss is 1 + 9/4^k after epoch k.
/// let config = FitConfig::new(&["c"]).method(Method::parse("gd").unwrap().lr(0.25)).epochs(3);
/// let r = fit("c", &data, &config).unwrap();
/// assert_eq!(r.values, [3.0 - 3.0 / 8.0]);
/// assert_eq!(r.epoch_losses, [1.0 + 9.0 / 4.0, 1.0 + 9.0 / 16.0, 1.0 + 9.0 / 64.0]);
/// assert_eq!((r.iterations, r.stop), (3, FitStop::Epochs));
/// ```
#[derive(Clone, Debug)]
pub struct FitConfig {
    /// Names of the parameters to learn, in report order.
    pub params: Vec<String>,
    /// Start values by name; parameters not listed start at 0.
    pub init: Vec<(String, f64)>,
    /// The column the model should predict.
    pub target: String,
    /// A per-sample loss in `pred` and `target` (default `(pred - target)^2`, so the batch loss is
    /// the mean squared error). It may also use parameters (a penalty) and data columns.
    pub loss: Option<String>,
    /// Rows per step.
    pub batch: Batch,
    /// Number of passes over the data: from 1 to [`MAX_EPOCHS`].
    pub epochs: usize,
    /// Reorder the rows at the start of every epoch (mini-batches only).
    pub shuffle: bool,
    /// Seed of the shuffling.
    pub seed: u64,
    /// The optimizer and its hyper-parameters; `None` lets the fit choose
    /// ([`FitConfig::resolved_method`]).
    pub method: Option<Method>,
    /// Full-batch methods stop once `max |gradient| <= tol` (the driver's gradient tolerance,
    /// checked before each step); a finite number at least 0.
    pub tol: f64,
    /// The column of per-row uncertainties σ (standard deviations of the target): each residual
    /// is divided by its row's σ (χ² fitting). `None`: every row weighs the same.
    pub sigma: Option<String>,
    /// Whether σ are absolute uncertainties: the covariance is then `(J^T W J)^-1` unscaled;
    /// otherwise (the default, as `scipy.optimize.curve_fit`'s `absolute_sigma=False`) it is
    /// scaled by the reduced χ², so only σ's relative sizes matter.
    pub absolute_sigma: bool,
    /// Bounds on parameters by name, `(name, lower, upper)` with `lower < upper` (`-inf` and
    /// `+inf` for no bound); see [`FitConfig::bound`]. Empty: no bounds.
    pub bounds: Vec<(String, f64, f64)>,
}

impl FitConfig {
    /// The defaults for these parameters.
    pub fn new<S: AsRef<str>>(params: &[S]) -> FitConfig {
        FitConfig {
            params: params
                .iter()
                .map(|p| p.as_ref().trim().to_string())
                .collect(),
            init: Vec::new(),
            target: "y".to_string(),
            loss: None,
            batch: Batch::All,
            epochs: 100,
            shuffle: true,
            seed: 0,
            method: None,
            tol: 1e-12,
            sigma: None,
            absolute_sigma: false,
            bounds: Vec::new(),
        }
    }

    /// Sets the start value of a parameter.
    ///
    /// ```
    /// use nabla::{fit, Dataset, FitConfig};
    /// // The model w^2 predicts y = 4 at w = 2 and at w = -2: the start decides which.
    /// let data = Dataset::from_columns("one", &[("y", vec![4.0])]).unwrap();
    /// let from = |w0: f64| fit("w^2", &data, &FitConfig::new(&["w"]).init("w", w0)).unwrap();
    /// assert!((from(1.0).values[0] - 2.0).abs() < 1e-9);
    /// assert!((from(-1.0).values[0] + 2.0).abs() < 1e-9);
    /// // Without `init` w starts at 0, where the loss (w^2 - 4)^2 has gradient 4w(w^2 - 4) = 0:
    /// // the fit takes no step.
    /// let r = fit("w^2", &data, &FitConfig::new(&["w"])).unwrap();
    /// assert_eq!((r.values[0], r.iterations), (0.0, 0));
    /// ```
    pub fn init(mut self, name: &str, value: f64) -> Self {
        self.init.push((name.trim().to_string(), value));
        self
    }

    /// Bounds a parameter to `lower <= value <= upper` (`f64::NEG_INFINITY` or `f64::INFINITY`
    /// for no bound on that side). A fit with bounds runs trust-region reflective (`trf`,
    /// [`crate::optim::MethodKind::TrustRegionReflective`]), least squares that keeps every
    /// parameter within its bounds; it is the method chosen when none is given, and any other
    /// method is refused. The start must lie within the bounds; a start on a bound moves
    /// strictly inside (by `1e-10 * max(1, |bound|)`, as `scipy.optimize.least_squares`), with
    /// a note. A parameter that ends at a bound is reported in [`crate::FitReport::bounds`],
    /// and its standard error ignores the bound (a note says so).
    ///
    /// ```
    /// use nabla::{fit, BoundSide, Dataset, FitConfig};
    /// // y = a + b x through (0, 3), (1, 2), (2, 1): the unbounded slope is -1. With b >= 0 the
    /// // sum of squares sum (y - a - b x)^2 has, at b = 0 and its best a = mean(y) = 2, the
    /// // derivative -2 sum x (y - 2) = -2 (0 + 0 - 2) = 4 > 0 in b: it rises into the feasible
    /// // side, so b = 0, a = 2 is the bounded minimum (the problem is convex).
    /// let data = Dataset::from_columns("pts", &[("x", vec![0.0, 1.0, 2.0]), ("y", vec![3.0, 2.0, 1.0])]).unwrap();
    /// let config = FitConfig::new(&["a", "b"]).bound("b", 0.0, f64::INFINITY);
    /// let r = fit("a + b*x", &data, &config).unwrap();
    /// assert_eq!((r.method.as_str(), r.values[1]), ("trf", 0.0));
    /// assert!((r.values[0] - 2.0).abs() < 1e-12);
    /// assert_eq!(r.bounds[0].active, Some(BoundSide::Lower));
    /// // A start outside the bounds is refused, naming the parameter.
    /// let err = fit("a + b*x", &data, &config.init("b", -1.0)).unwrap_err().to_string();
    /// assert!(err.starts_with("the start value of `b`, -1, is outside its bounds 0..inf"), "{err}");
    /// ```
    pub fn bound(mut self, name: &str, lower: f64, upper: f64) -> Self {
        self.bounds.push((name.trim().to_string(), lower, upper));
        self
    }

    /// Sets the target column.
    pub fn target(mut self, column: &str) -> Self {
        self.target = column.trim().to_string();
        self
    }

    /// Weighs each row by its uncertainty: the column `column` holds σ, the standard deviation of
    /// the row's target. Levenberg-Marquardt minimizes `Σ ((model - target)/σ)^2` (χ²); other
    /// methods the mean of `((pred - target)/σ)^2`, and a custom loss may use `sigma` for the
    /// row's σ. Every σ must be a positive finite number.
    ///
    /// ```
    /// use nabla::optim::{Method, MethodKind};
    /// use nabla::{fit, Dataset, FitConfig};
    /// // A constant c fitted to y = 1 (σ = 1) and y = 4 (σ = 2): weights 1/σ² = 1 and 1/4, so the
    /// // weighted mean c = (1*1 + 4/4) / (1 + 1/4) = 1.6, and var(c) = 1 / Σ 1/σ² = 0.8.
    /// let data = Dataset::from_columns("pts", &[("y", vec![1.0, 4.0]), ("s", vec![1.0, 2.0])]).unwrap();
    /// let lm = Method::new(MethodKind::LevenbergMarquardt);
    /// let config = FitConfig::new(&["c"]).sigma("s").absolute_sigma(true).method(lm);
    /// let r = fit("c", &data, &config).unwrap();
    /// assert!((r.values[0] - 1.6).abs() < 1e-12);
    /// assert!((r.uncertainty.unwrap().std_error(0).unwrap() - 0.8f64.sqrt()).abs() < 1e-12);
    /// // A σ of 0 is refused, naming the line and the column.
    /// let bad = Dataset::from_columns("pts", &[("y", vec![1.0, 4.0]), ("s", vec![1.0, 0.0])]).unwrap();
    /// let err = fit("c", &bad, &config).unwrap_err().to_string();
    /// assert!(err.starts_with("`pts` line 3, column `s`: the uncertainty σ = 0 is not positive"), "{err}");
    /// ```
    pub fn sigma(mut self, column: &str) -> Self {
        self.sigma = Some(column.trim().to_string());
        self
    }

    /// Takes σ as absolute uncertainties (covariance `(J^T W J)^-1`) or, with `false` (the
    /// default), as relative ones (covariance scaled by the reduced χ²); see
    /// [`FitConfig::absolute_sigma`](FitConfig#structfield.absolute_sigma).
    pub fn absolute_sigma(mut self, on: bool) -> Self {
        self.absolute_sigma = on;
        self
    }

    /// Sets the per-sample loss formula (in `pred` and `target`).
    ///
    /// ```
    /// use nabla::optim::Method;
    /// use nabla::{fit, Dataset, FitConfig};
    /// // Prices 1, 2 and 9: the squared loss fits their mean 4, the absolute loss their median 2.
    /// let data = Dataset::from_columns("sales", &[("price", vec![1.0, 2.0, 9.0])]).unwrap();
    /// let config = FitConfig::new(&["c"]).target("price");
    /// let mean = fit("c", &data, &config).unwrap().values[0];
    /// assert!((mean - 4.0).abs() < 1e-9);
    /// // |pred - target| has no derivative at the median; the derivative-free Nelder-Mead does not need one.
    /// let absolute = config
    ///     .loss("abs(pred - target)")
    ///     .method(Method::parse("nelder-mead").unwrap())
    ///     .epochs(1000);
    /// let median = fit("c", &data, &absolute).unwrap().values[0];
    /// assert!((median - 2.0).abs() < 1e-6);
    /// ```
    pub fn loss(mut self, formula: &str) -> Self {
        self.loss = Some(formula.to_string());
        self
    }

    /// Sets the batch size.
    ///
    /// ```
    /// use nabla::optim::Method;
    /// use nabla::{fit, Batch, Dataset, FitConfig};
    /// let x = vec![1.0, 2.0, 3.0, 4.0, 5.0];
    /// let y = x.iter().map(|x| 2.0 * x).collect();
    /// let data = Dataset::from_columns("line", &[("x", x), ("y", y)]).unwrap();
    /// let gd = Method::parse("gd").unwrap().lr(0.01);
    /// let config = FitConfig::new(&["w"]).batch(Batch::Size(2)).method(gd).epochs(60);
    /// let r = fit("w*x", &data, &config).unwrap();
    /// // Five rows in batches of 2: batches of 2, 2 and 1 rows, so ceil(5/2) = 3 steps per epoch.
    /// assert_eq!((r.batch_size, r.iterations_per_epoch, r.iterations), (2, 3, 180));
    /// // Every batch has its minimum at w = 2; a step multiplies w - 2 by 1 - 0.02 mean(x^2), and the
    /// // batch holding x = 5 has mean(x^2) >= 13, so each epoch shrinks |w - 2| by 0.74 or more:
    /// // |w - 2| <= 2 * 0.74^60 = 3e-8.
    /// assert!((r.values[0] - 2.0).abs() < 1e-7);
    /// ```
    pub fn batch(mut self, batch: Batch) -> Self {
        self.batch = batch;
        self
    }

    /// Sets the number of epochs.
    pub fn epochs(mut self, epochs: usize) -> Self {
        self.epochs = epochs;
        self
    }

    /// Turns shuffling on or off.
    pub fn shuffle(mut self, on: bool) -> Self {
        self.shuffle = on;
        self
    }

    /// Sets the shuffling seed.
    ///
    /// ```
    /// use nabla::optim::Method;
    /// use nabla::{fit, Batch, Dataset, FitConfig};
    /// // Noisy points: single-row gd ends at a point that depends on the order of the rows.
    /// let data = Dataset::from_columns(
    ///     "noisy",
    ///     &[("x", vec![0.0, 1.0, 2.0, 3.0]), ("y", vec![1.0, 2.0, 2.0, 4.0])],
    /// )
    /// .unwrap();
    /// let sgd = Method::parse("gd").unwrap().lr(0.05);
    /// let config = |seed| FitConfig::new(&["w", "b"]).batch(Batch::Size(1)).method(sgd.clone()).seed(seed);
    /// let run = |c: FitConfig| fit("w*x + b", &data, &c).unwrap().values;
    /// // The same seed repeats a run exactly; another seed visits the rows in another order.
    /// assert_eq!(run(config(1)), run(config(1)));
    /// assert_ne!(run(config(1)), run(config(2)));
    /// // Without shuffling the rows come in data order, whatever the seed.
    /// assert_eq!(run(config(1).shuffle(false)), run(config(2).shuffle(false)));
    /// ```
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Sets the method (otherwise [`FitConfig::resolved_method`] chooses).
    pub fn method(mut self, method: Method) -> Self {
        self.method = Some(method);
        self
    }

    /// The method a fit of `rows` rows runs: the one given; else trust-region reflective
    /// (`trf`) when there are bounds ([`FitConfig::bound`]); else Levenberg-Marquardt (`lm`)
    /// when the loss is the default squared error, every step sees the full data and there are
    /// at most [`crate::fit::LM_MAX_PARAMS`] parameters, and L-BFGS otherwise (a custom loss,
    /// more parameters, or mini-batches, which L-BFGS refuses with a message saying what to
    /// choose).
    ///
    /// ```
    /// use nabla::optim::{Method, MethodKind};
    /// use nabla::{Batch, FitConfig};
    /// let config = FitConfig::new(&["w", "b"]);
    /// assert_eq!(config.resolved_method(10).kind, MethodKind::LevenbergMarquardt);
    /// assert_eq!(config.clone().batch(Batch::Size(10)).resolved_method(10).kind, MethodKind::LevenbergMarquardt);
    /// assert_eq!(config.clone().batch(Batch::Size(4)).resolved_method(10).kind, MethodKind::Lbfgs);
    /// assert_eq!(config.clone().loss("abs(pred - target)").resolved_method(10).kind, MethodKind::Lbfgs);
    /// // Any number of rows: the memory of `lm` does not grow with them.
    /// assert_eq!(config.resolved_method(100_000_000).kind, MethodKind::LevenbergMarquardt);
    /// let names: Vec<String> = (0..1001).map(|k| format!("p{k}")).collect();
    /// let wide = FitConfig::new(&names);
    /// assert_eq!(wide.resolved_method(10).kind, MethodKind::Lbfgs); // more than LM_MAX_PARAMS
    /// let bounded = config.clone().bound("w", 0.0, f64::INFINITY);
    /// assert_eq!(bounded.resolved_method(10).kind, MethodKind::TrustRegionReflective);
    /// let newton = config.method(Method::parse("newton").unwrap());
    /// assert_eq!(newton.resolved_method(10).kind, MethodKind::Newton);
    /// ```
    pub fn resolved_method(&self, rows: usize) -> Method {
        if let Some(m) = &self.method {
            return m.clone();
        }
        if !self.bounds.is_empty() {
            return Method::new(MethodKind::TrustRegionReflective);
        }
        let full = self.batch.size(rows) >= rows;
        let fits = self.params.len() <= super::lm::MAX_PARAMS;
        if self.loss.is_none() && full && fits {
            Method::new(MethodKind::LevenbergMarquardt)
        } else {
            Method::new(MethodKind::Lbfgs)
        }
    }

    /// Sets the gradient tolerance of full-batch line-search methods.
    ///
    /// ```
    /// use nabla::{fit, Dataset, FitConfig, FitStop};
    /// // A constant c fitted to y = 2, 4: the loss (c-3)^2 + 1 has gradient 2(c - 3), -6 at the start c = 0.
    /// let data = Dataset::from_columns("pts", &[("y", vec![2.0, 4.0])]).unwrap();
    /// let lbfgs = FitConfig::new(&["c"]).method(nabla::optim::Method::parse("lbfgs").unwrap());
    /// // |-6| <= 6: the start already meets this tolerance, so L-BFGS takes no step; but a
    /// // Newton step would still lower the loss by 6^2 / (2 * 2) = 9, so this is no convergence.
    /// let loose = fit("c", &data, &lbfgs.clone().tol(6.0)).unwrap();
    /// assert_eq!((loose.values[0], loose.iterations, loose.stop), (0.0, 0, FitStop::GradientToleranceOnly));
    /// assert!(!loose.stop.converged());
    /// // The default 1e-12 stops at |2(c - 3)| <= 1e-12, so |c - 3| <= 5e-13.
    /// let tight = fit("c", &data, &lbfgs).unwrap();
    /// assert!((tight.values[0] - 3.0).abs() <= 5e-13);
    /// ```
    pub fn tol(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }
}
