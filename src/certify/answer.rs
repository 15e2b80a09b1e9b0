//! The answer of [`super::certify`]: its settings ([`CertifyOptions`]), how it ended
//! ([`CertifyStatus`]), the [`Certificate`] with its text and its one-line failure, and why it
//! could not start ([`CertifyError`]). Every sentence a front end shows about a certificate is
//! written here; the search only fills the numbers in.

use std::fmt;
use std::time::Duration;

use serde::Serialize;

use super::{MinimizerRegion, CERTIFY_DEFAULT_TIME};
use crate::fmt_number;

/// Regions listed by [`Certificate`]'s text (the best point's first); the struct holds all.
const LISTED: usize = 20;

/// Settings of [`certify`](super::certify).
#[derive(Clone, Debug, PartialEq)]
pub struct CertifyOptions {
    /// Certified when `U - L <= tol` or `U - L <= tol * |U|`. Default 1e-6.
    pub tol: f64,
    /// Most boxes kept at once (memory bound). Default 1,000,000; at most 16,000,000 intervals
    /// in all (256 MiB: 1,600,000 boxes of 10 variables, 16,000 of 1,000).
    pub max_boxes: usize,
    /// Most box splits. Default 2,000,000.
    pub max_splits: usize,
    /// Wall-clock limit. Default 60 s ([`CERTIFY_DEFAULT_TIME`]); `None` for none.
    pub time: Option<Duration>,
    /// Most evaluations, interval and point together (see [`Certificate::evaluations`] and
    /// [`Certificate::local_evaluations`]): a ceiling, which the polishes, the branch and bound
    /// and the localization of the minimizer boxes each stop short of. Default none.
    pub max_evals: Option<usize>,
    /// Points to try (and polish from) for `U` before the branch and bound starts, e.g. a
    /// sampling search's best; points of the wrong length or outside the box are ignored.
    /// Default none.
    pub hints: Vec<Vec<f64>>,
}

impl Default for CertifyOptions {
    fn default() -> Self {
        CertifyOptions {
            tol: 1e-6,
            max_boxes: 1_000_000,
            max_splits: 2_000_000,
            time: Some(CERTIFY_DEFAULT_TIME),
            max_evals: None,
            hints: Vec::new(),
        }
    }
}

/// How a certification ended.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[non_exhaustive]
pub enum CertifyStatus {
    /// `U - L` is within the tolerance: the global minimum over the box is in `[L, U]`.
    Certified,
    /// A budget ran out first; `[L, U]` still encloses the global minimum.
    Budget {
        /// Which budget (`"splits"`, `"boxes"`, `"time"`, `"evaluations"`, `"resolution"` when
        /// the boxes left are at the resolution of floating point, or `"range"` when `f`'s values
        /// leave the range of `f64` on a box at that resolution, where `f` is defined).
        which: &'static str,
    },
    /// No point of the box with a finite, defined value was found, so there is no upper bound.
    NoPoint,
    /// The lower bound is `-inf` on a box too small to split: `f` is unbounded below there (or
    /// undefined next to it).
    Unbounded {
        /// That box.
        near: Vec<(f64, f64)>,
    },
}

/// The result of [`certify`](super::certify).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Certificate {
    /// How it ended.
    pub status: CertifyStatus,
    /// The lower bound `L` on the global minimum over the box.
    pub lower: f64,
    /// The upper bound `U`: an upper bound on `f` at [`Certificate::best`].
    pub upper: f64,
    /// The best point found (the upper bound's point), when one is.
    pub best: Option<Vec<f64>>,
    /// Where the global minimizers may lie, when certified: every box the branch and bound
    /// kept (each may hold a global minimizer), refined and merged into regions of touching
    /// boxes. None is left out: the union of the regions holds every global minimizer. The
    /// region holding [`Certificate::best`] comes first (a best point in no region lies where
    /// `f` is strictly monotone: within the tolerance of the minimum, but no minimizer), then
    /// in order of position. The text lists the first 20 and says how many there are.
    pub minimizers: Vec<MinimizerRegion>,
    /// Boxes bounded.
    pub boxes: usize,
    /// Interval evaluations (boxes, their centres and the points tried for `U`), each of the
    /// value and the gradient.
    pub evaluations: usize,
    /// Point evaluations (a value with its gradient each) of the L-BFGS polishes that look for
    /// a low `U`.
    pub local_evaluations: usize,
    /// Some part of the box is outside the formula's domain; the bounds are over the points where
    /// it is defined.
    pub partly_undefined: bool,
    /// Time taken.
    #[serde(serialize_with = "secs")]
    pub time: Duration,
}

fn secs<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

impl Certificate {
    /// True when the global minimum over the box is proven to lie in `[lower, upper]` within the
    /// tolerance.
    pub fn certified(&self) -> bool {
        self.status == CertifyStatus::Certified
    }

    /// Why there is no certificate, in one sentence (`None` when certified): what a front end
    /// prints as its failure line.
    ///
    /// ```
    /// use nabla::{certify, CertifyOptions, Problem};
    /// let p = Problem::parse("1/x").unwrap();
    /// let c = certify(&p, &[(-1.0, 1.0)], &CertifyOptions::default()).unwrap();
    /// assert!(c.failure().unwrap().contains("unbounded below"));
    /// ```
    pub fn failure(&self) -> Option<String> {
        match &self.status {
            CertifyStatus::Certified => None,
            CertifyStatus::Unbounded { .. } => Some(
                "no certificate: the function is unbounded below (or undefined) in the box"
                    .to_string(),
            ),
            CertifyStatus::NoPoint => Some(
                "no certificate: no point of the box with a finite, defined value was found"
                    .to_string(),
            ),
            CertifyStatus::Budget { which: "range" } => Some(format!(
                "not certified: f's values leave the range of floating point in the box (the \
                 global minimum is at most {}, and may be below -{:e})",
                fmt_number(self.upper),
                f64::MAX
            )),
            CertifyStatus::Budget { which } => Some(format!(
                "not certified: the {which} budget ran out with a gap of {}",
                fmt_number(self.upper - self.lower)
            )),
        }
    }
}

impl Certificate {
    /// The "minimizers lie in" section: the first [`LISTED`] regions (the best point's first),
    /// how many there are, and what each is.
    fn fmt_minimizers(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let all = self.minimizers.len();
        let boxes: usize = self.minimizers.iter().map(|m| m.boxes).sum();
        if all == 0 {
            // Not localized (the global search's use), or every box ruled out.
        } else if all > LISTED {
            writeln!(
                f,
                "minimizers lie in {all} regions ({boxes} boxes), {LISTED} of {all} listed (the best point's first):"
            )?;
        } else {
            writeln!(f, "minimizers lie in:")?;
        }
        for m in self.minimizers.iter().take(LISTED) {
            let mut notes = Vec::new();
            if m.holds_best && all > 1 {
                notes.push("the best point".to_string());
            }
            if m.extended {
                // A continuum, or as good as one for the interval bounds: its hull is the
                // answer, whether or not the budget let its boxes be split further.
                let when = if m.refined {
                    ""
                } else {
                    " before the localization budget ran out"
                };
                notes.push(format!(
                    "the minimizers may fill it: {}, none ruled out{when}",
                    crate::plural(m.boxes, "box")
                ));
            } else if !m.refined {
                notes.push(format!(
                    "coarse: {} not split further, the localization budget ran out",
                    crate::plural(m.boxes, "box")
                ));
            }
            if notes.is_empty() {
                writeln!(f, "  {}", box_text(&m.hull))?;
            } else {
                writeln!(f, "  {}  ({})", box_text(&m.hull), notes.join("; "))?;
            }
        }
        if all > LISTED {
            writeln!(f, "  ... {} more regions not listed", all - LISTED)?;
        }
        if let Some(b) = self.best.as_ref().filter(|_| all > 0) {
            if !self.minimizers.iter().any(|m| m.contains(b)) {
                writeln!(
                    f,
                    "note: the best point lies in no region: f is strictly monotone there, so it is within the tolerance of the minimum but no minimizer"
                )?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for Certificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let gap = self.upper - self.lower;
        match &self.status {
            CertifyStatus::Certified => writeln!(
                f,
                "global minimum over the box, certified within {}: f* in [{}, {}]",
                fmt_number(gap.max(0.0)),
                fmt_number(self.lower),
                fmt_number(self.upper)
            )?,
            CertifyStatus::Budget { which: "range" } => writeln!(
                f,
                "not certified: f's values leave the range of floating point (beyond -{:e}) in the box, so interval bounds give no finite lower bound; the global minimum over the box is at most {}",
                f64::MAX,
                fmt_number(self.upper)
            )?,
            CertifyStatus::Budget { which } => writeln!(
                f,
                "not certified (the {which} budget ran out): the global minimum over the box lies in [{}, {}], a gap of {}",
                fmt_number(self.lower),
                fmt_number(self.upper),
                fmt_number(gap)
            )?,
            CertifyStatus::NoPoint => writeln!(
                f,
                "no certificate: no point of the box with a finite value was found (the lower bound is {})",
                fmt_number(self.lower)
            )?,
            CertifyStatus::Unbounded { near } => writeln!(
                f,
                "no certificate: f is unbounded below (or undefined) near {}",
                box_text(near)
            )?,
        }
        if let Some(b) = &self.best {
            let pts: Vec<String> = b.iter().map(|v| fmt_number(*v)).collect();
            writeln!(
                f,
                "best point ({}) with f <= {}",
                pts.join(", "),
                fmt_number(self.upper)
            )?;
        }
        if self.certified() {
            self.fmt_minimizers(f)?;
        }
        if self.partly_undefined {
            writeln!(
                f,
                "note: f is undefined on part of the box; the bounds are over the points where it is defined"
            )?;
        }
        write!(
            f,
            "{} explored ({}, {} polishing U) in {:.3} s",
            crate::plural(self.boxes, "box"),
            crate::plural(self.evaluations, "interval evaluation"),
            crate::plural(self.local_evaluations, "point evaluation"),
            self.time.as_secs_f64()
        )
    }
}

pub(crate) fn box_text(b: &[(f64, f64)]) -> String {
    let parts: Vec<String> = b
        .iter()
        .map(|(lo, hi)| format!("[{}, {}]", fmt_number(*lo), fmt_number(*hi)))
        .collect();
    parts.join(" x ")
}

/// Why [`certify`](super::certify) could not start.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CertifyError {
    /// The box does not match the variables or is not a finite box.
    #[error("{0}")]
    Bounds(String),
    /// The problem is differentiated in only some of its inputs.
    #[error(
        "certification needs the gradient in every variable; compile the problem with all of them"
    )]
    PartialGradient,
    /// `f` is defined nowhere in the box.
    #[error("the formula is undefined everywhere in the box; choose a box inside its domain")]
    NowhereDefined,
    /// A tolerance that is not a positive number.
    #[error("the tolerance must be a positive number, e.g. 1e-6")]
    Tolerance,
}
