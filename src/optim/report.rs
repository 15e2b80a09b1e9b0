//! What a run returns: [`OptimReport`] (the final point, value and gradient, evaluation counts,
//! time), the [`StopReason`] it ended with and the recorded [`Path`] of iterates, with their text
//! forms. The driver (`driver.rs`) fills them in; nothing here runs an optimizer.
//!
//! Invariants: a report's `x` and `f` are finite (a diverging run reports its last finite point);
//! a [`Path`] holds `dim` numbers per recorded point and one step count and one value per point.

use std::fmt;
use std::time::Duration;

use serde::{Serialize, Serializer};

use super::ResolvedSettings;
use crate::tr;

/// Why a run stopped.
///
/// ```
/// use nabla::optim::StopReason;
/// let r = StopReason::Diverged { iter: 51 };
/// assert!(r.to_string().contains("step size is probably too large"));
/// assert!(!StopReason::GradientTolerance.is_failure());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
#[non_exhaustive]
pub enum StopReason {
    /// `max_i |g_i| < grad_tol` at the reported point.
    GradientTolerance,
    /// The iteration limit was reached.
    MaxIterations,
    /// The value stopped decreasing (see [`StopRule::stall_window`](super::StopRule::stall_window)).
    Stalled,
    /// The time limit passed.
    TimeLimit,
    /// Step `iter` (counting from 1) produced a NaN/infinite or exploding value; the report holds the
    /// point before it.
    Diverged {
        /// The step that failed.
        iter: usize,
    },
    /// Step `iter` (counting from 1) found no point along its direction that decreases the value.
    LineSearchFailed {
        /// The step that failed.
        iter: usize,
    },
    /// Nelder-Mead's simplex shrank below its tolerances.
    SimplexCollapsed,
    /// Not iterated: interval bounds certified the point's value as the global minimum over a
    /// box, and the local method could not start there (no finite gradient: a kink).
    Certified,
}

impl StopReason {
    /// Whether the reason means the run went wrong (divergence or a failed line search).
    ///
    /// ```
    /// assert!(nabla::optim::StopReason::Diverged { iter: 3 }.is_failure());
    /// ```
    pub fn is_failure(&self) -> bool {
        matches!(
            self,
            StopReason::Diverged { .. } | StopReason::LineSearchFailed { .. }
        )
    }
}

impl fmt::Display for StopReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            StopReason::GradientTolerance => tr!("min-stop-gradient"),
            StopReason::Certified => tr!("min-stop-certified"),
            StopReason::MaxIterations => tr!("min-stop-max-iterations"),
            StopReason::Stalled => tr!("min-stop-stalled"),
            StopReason::TimeLimit => tr!("min-stop-time"),
            StopReason::Diverged { iter } => tr!("min-stop-diverged", iter = *iter),
            StopReason::LineSearchFailed { iter } => tr!("min-stop-line-search", iter = *iter),
            StopReason::SimplexCollapsed => tr!("min-stop-simplex"),
        };
        f.write_str(&text)
    }
}

/// The width, in terminal columns, of the label column of a run's report (`method       lbfgs`).
pub const LABEL_WIDTH: usize = 12;

/// A label of a run's report in the current language, padded to [`LABEL_WIDTH`] columns by
/// display width (a CJK character takes two), so the values line up in any language.
///
/// ```
/// assert_eq!(nabla::optim::report_label("point"), "point       ");
/// ```
pub fn report_label(text: &str) -> String {
    crate::i18n::pad(text, LABEL_WIDTH)
}

/// Recorded iterates: `iters[k]` is the step count of the `k`-th recorded point, `values[k]` its value.
///
/// ```
/// use nabla::optim::Path;
/// let p = Path::new(2);
/// assert!(p.is_empty() && p.point(0).is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Path {
    /// Number of coordinates per point.
    pub dim: usize,
    /// Step count of each recorded point (0 is the start).
    pub iters: Vec<usize>,
    /// The points, flattened (`dim` numbers each).
    pub points: Vec<f64>,
    /// The value at each recorded point (for loss plots).
    pub values: Vec<f64>,
}

impl Path {
    /// An empty path of `dim`-dimensional points.
    ///
    /// ```
    /// assert_eq!(nabla::optim::Path::new(3).dim, 3);
    /// ```
    pub fn new(dim: usize) -> Self {
        Path {
            dim,
            ..Path::default()
        }
    }

    /// Number of recorded points.
    ///
    /// ```
    /// assert_eq!(nabla::optim::Path::new(1).len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.iters.len()
    }

    /// Whether nothing was recorded.
    ///
    /// ```
    /// assert!(nabla::optim::Path::new(1).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.iters.is_empty()
    }

    /// The `k`-th recorded point.
    ///
    /// ```
    /// let mut p = nabla::optim::Path::new(1);
    /// p.push(0, &[2.0], 4.0);
    /// assert_eq!(p.point(0), Some(&[2.0][..]));
    /// ```
    pub fn point(&self, k: usize) -> Option<&[f64]> {
        let start = k.checked_mul(self.dim)?;
        self.points.get(start..start + self.dim)
    }

    /// Appends a point.
    ///
    /// ```
    /// let mut p = nabla::optim::Path::new(1);
    /// p.push(5, &[1.0], 1.0);
    /// assert_eq!((p.len(), p.iters[0]), (1, 5));
    /// ```
    pub fn push(&mut self, iter: usize, x: &[f64], f: f64) {
        self.iters.push(iter);
        self.points.extend_from_slice(x);
        self.values.push(f);
    }
}

/// The result of a run. `x` and `f` are always finite (a diverging run reports its last finite point).
///
/// ```
/// use nabla::optim::{minimize, FnObjective, Method, StopRule};
/// let mut f = FnObjective::new(1, |x: &[f64]| x[0] * x[0], |x: &[f64], g: &mut [f64]| {
///     g[0] = 2.0 * x[0];
///     x[0] * x[0]
/// });
/// let r = minimize(&mut f, &[1.0], &Method::parse("gd").unwrap().lr(0.25), &StopRule::default()).unwrap();
/// assert!(r.to_string().contains("iterations"));
/// // The settings it ran with, defaults resolved.
/// assert!(r.to_string().starts_with("method       gd (lr=0.25, decay=0)\n"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct OptimReport {
    /// The method's name.
    pub method: &'static str,
    /// The final point.
    pub x: Vec<f64>,
    /// The value at `x`.
    pub f: f64,
    /// The gradient at `x`.
    pub grad: Vec<f64>,
    /// `max_i |grad_i|` (the norm the stop rule uses).
    pub grad_norm: f64,
    /// Steps taken.
    pub iters: usize,
    /// Function evaluations (a value-and-gradient evaluation counts once here and once in `g_evals`).
    pub f_evals: usize,
    /// Gradient evaluations.
    pub g_evals: usize,
    /// Hessian evaluations.
    pub h_evals: usize,
    /// Why it stopped.
    pub stop: StopReason,
    /// Wall-clock time (serialized as seconds).
    #[serde(serialize_with = "ser_secs")]
    pub elapsed: Duration,
    /// Recorded iterates.
    pub path: Path,
    /// The settings the method ran with, defaults resolved (empty for a run of an optimizer
    /// built by hand through [`run`](super::run)).
    pub settings: ResolvedSettings,
}

fn ser_secs<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

impl fmt::Display for OptimReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let point: Vec<String> = self.x.iter().map(|&v| number(v)).collect();
        let label = |text: String| report_label(&text);
        if self.settings.is_empty() {
            writeln!(f, "{} {}", label(tr!("min-label-method")), self.method)?;
        } else {
            writeln!(
                f,
                "{} {} ({})",
                label(tr!("min-label-method")),
                self.method,
                self.settings
            )?;
        }
        writeln!(f, "{} {}", label(tr!("min-label-stop")), self.stop)?;
        writeln!(f, "{} ({})", label(tr!("min-label-x")), point.join(", "))?;
        writeln!(f, "{} {}", label(tr!("min-label-fx")), number(self.f))?;
        writeln!(
            f,
            "{} {}",
            label(tr!("min-label-grad")),
            number(self.grad_norm)
        )?;
        writeln!(f, "{} {}", label(tr!("min-label-iterations")), self.iters)?;
        writeln!(
            f,
            "{} {}",
            label(tr!("min-label-evaluations")),
            tr!(
                "min-report-evaluations",
                f = self.f_evals,
                grad = self.g_evals,
                hessian = self.h_evals
            )
        )?;
        write!(f, "{} {:.3?}", label(tr!("min-label-time")), self.elapsed)
    }
}

/// Plain notation for moderate magnitudes, scientific for tiny or huge ones (no 60-digit decimals).
fn number(v: f64) -> String {
    let a = v.abs();
    if a == 0.0 || (1e-4..1e7).contains(&a) {
        format!("{v}")
    } else {
        format!("{v:e}")
    }
}
