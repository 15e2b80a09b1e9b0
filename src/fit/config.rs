//! Configuration of a fit: [`FitConfig`] (parameters, start values, target, loss, batches,
//! epochs, shuffling, method, tolerance) and [`Batch`] (rows per step).
//!
//! Invariants: names are stored trimmed; a [`Batch`] parsed from text is at least 1 row, and
//! [`Batch::size`] never exceeds the rows of the data set. Nothing here is checked against a
//! model or data set: [`crate::Fitter::new`] does that before the first step.

use std::fmt;
use std::str::FromStr;

use super::error::FitError;
use crate::optim::{Method, MethodKind};

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
    ///
    /// ```
    /// assert_eq!(nabla::Batch::All.iterations(10), 1);
    /// ```
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
/// 0, L-BFGS, `tol` 1e-12.
///
/// ```
/// use nabla::{Batch, FitConfig};
/// use nabla::optim::Method;
/// let c = FitConfig::new(&["w", "b"])
///     .init("w", 3.0)
///     .batch(Batch::Size(32))
///     .method(Method::parse("adam").unwrap().lr(0.01));
/// assert_eq!(c.init, [("w".to_string(), 3.0)]);
/// assert_eq!(c.target, "y");
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
    /// Number of passes over the data.
    pub epochs: usize,
    /// Reorder the rows at the start of every epoch (mini-batches only).
    pub shuffle: bool,
    /// Seed of the shuffling.
    pub seed: u64,
    /// The optimizer and its hyper-parameters.
    pub method: Method,
    /// Full-batch methods stop once `max |gradient| <= tol` (the driver's gradient tolerance,
    /// checked before each step).
    pub tol: f64,
}

impl FitConfig {
    /// The defaults for these parameters.
    ///
    /// ```
    /// assert_eq!(nabla::FitConfig::new(&["a"]).epochs, 100);
    /// ```
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
            method: Method::new(MethodKind::Lbfgs),
            tol: 1e-12,
        }
    }

    /// Sets the start value of a parameter.
    ///
    /// ```
    /// assert_eq!(nabla::FitConfig::new(&["b"]).init("b", 1.0).init[0].1, 1.0);
    /// ```
    pub fn init(mut self, name: &str, value: f64) -> Self {
        self.init.push((name.trim().to_string(), value));
        self
    }

    /// Sets the target column.
    ///
    /// ```
    /// assert_eq!(nabla::FitConfig::new(&["w"]).target("z").target, "z");
    /// ```
    pub fn target(mut self, column: &str) -> Self {
        self.target = column.trim().to_string();
        self
    }

    /// Sets the per-sample loss formula (in `pred` and `target`).
    ///
    /// ```
    /// let c = nabla::FitConfig::new(&["w"]).loss("abs(pred - target)");
    /// assert!(c.loss.is_some());
    /// ```
    pub fn loss(mut self, formula: &str) -> Self {
        self.loss = Some(formula.to_string());
        self
    }

    /// Sets the batch size.
    ///
    /// ```
    /// assert_eq!(nabla::FitConfig::new(&["w"]).batch(nabla::Batch::Size(1)).batch, nabla::Batch::Size(1));
    /// ```
    pub fn batch(mut self, batch: Batch) -> Self {
        self.batch = batch;
        self
    }

    /// Sets the number of epochs.
    ///
    /// ```
    /// assert_eq!(nabla::FitConfig::new(&["w"]).epochs(5).epochs, 5);
    /// ```
    pub fn epochs(mut self, epochs: usize) -> Self {
        self.epochs = epochs;
        self
    }

    /// Turns shuffling on or off.
    ///
    /// ```
    /// assert!(!nabla::FitConfig::new(&["w"]).shuffle(false).shuffle);
    /// ```
    pub fn shuffle(mut self, on: bool) -> Self {
        self.shuffle = on;
        self
    }

    /// Sets the shuffling seed.
    ///
    /// ```
    /// assert_eq!(nabla::FitConfig::new(&["w"]).seed(7).seed, 7);
    /// ```
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Sets the method.
    ///
    /// ```
    /// let m = nabla::optim::Method::parse("sgd").unwrap();
    /// assert_eq!(nabla::FitConfig::new(&["w"]).method(m).method.name(), "gd");
    /// ```
    pub fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// Sets the gradient tolerance of full-batch line-search methods.
    ///
    /// ```
    /// assert_eq!(nabla::FitConfig::new(&["w"]).tol(1e-6).tol, 1e-6);
    /// ```
    pub fn tol(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }
}
