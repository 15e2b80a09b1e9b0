//! The answer of [`super::certify`]: its settings ([`CertifyOptions`]), how it ended
//! ([`CertifyStatus`]), the [`Certificate`] with its text and its one-line failure, and why it
//! could not start ([`CertifyError`]). Every sentence a front end shows about a certificate is
//! written here; the search only fills the numbers in.

use std::fmt;
use std::time::Duration;

use serde::Serialize;

use super::{MinimizerRegion, CERTIFY_DEFAULT_TIME};
use crate::fmt_number;
use crate::tr;

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
            CertifyStatus::Unbounded { .. } => Some(tr!("min-certify-failure-unbounded")),
            CertifyStatus::NoPoint => Some(tr!("min-certify-failure-no-point")),
            CertifyStatus::Budget { which: "range" } => Some(tr!(
                "min-certify-failure-range",
                upper = fmt_number(self.upper),
                max = format!("{:e}", f64::MAX)
            )),
            CertifyStatus::Budget { which } => Some(tr!(
                "min-certify-failure-budget",
                which = budget_name(which),
                gap = fmt_number(self.upper - self.lower)
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
            let head = tr!(
                "min-certify-regions-many",
                all = all,
                boxes = boxes,
                listed = LISTED
            );
            writeln!(f, "{head}")?;
        } else {
            writeln!(f, "{}", tr!("min-certify-regions"))?;
        }
        for m in self.minimizers.iter().take(LISTED) {
            let mut notes = Vec::new();
            if m.holds_best && all > 1 {
                notes.push(tr!("min-certify-note-best"));
            }
            if m.extended {
                // A continuum, or as good as one for the interval bounds: its hull is the
                // answer, whether or not the budget let its boxes be split further.
                notes.push(if m.refined {
                    tr!("min-certify-fill", boxes = m.boxes)
                } else {
                    tr!("min-certify-fill-unrefined", boxes = m.boxes)
                });
            } else if !m.refined {
                notes.push(tr!("min-certify-coarse", boxes = m.boxes));
            }
            if notes.is_empty() {
                writeln!(f, "  {}", box_text(&m.hull))?;
            } else {
                let notes = notes.join(&tr!("min-certify-note-separator"));
                writeln!(
                    f,
                    "  {}  {}",
                    box_text(&m.hull),
                    tr!("min-certify-notes", notes = notes)
                )?;
            }
        }
        if all > LISTED {
            writeln!(f, "  {}", tr!("min-certify-more", count = all - LISTED))?;
        }
        if let Some(b) = self.best.as_ref().filter(|_| all > 0) {
            if !self.minimizers.iter().any(|m| m.contains(b)) {
                writeln!(f, "{}", tr!("min-certify-note-no-region"))?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for Certificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let gap = self.upper - self.lower;
        let head = match &self.status {
            CertifyStatus::Certified => tr!(
                "min-headline-certified",
                gap = fmt_number(gap.max(0.0)),
                lower = fmt_number(self.lower),
                upper = fmt_number(self.upper)
            ),
            CertifyStatus::Budget { which: "range" } => tr!(
                "min-certify-range",
                max = format!("{:e}", f64::MAX),
                upper = fmt_number(self.upper)
            ),
            CertifyStatus::Budget { which } => tr!(
                "min-certify-budget",
                which = budget_name(which),
                lower = fmt_number(self.lower),
                upper = fmt_number(self.upper),
                gap = fmt_number(gap)
            ),
            CertifyStatus::NoPoint => {
                tr!("min-certify-no-point", lower = fmt_number(self.lower))
            }
            CertifyStatus::Unbounded { near } => {
                tr!("min-certify-unbounded", bounds = box_text(near))
            }
        };
        writeln!(f, "{head}")?;
        if let Some(b) = &self.best {
            let pts: Vec<String> = b.iter().map(|v| fmt_number(*v)).collect();
            let line = tr!(
                "min-certify-best",
                point = pts.join(", "),
                upper = fmt_number(self.upper)
            );
            writeln!(f, "{line}")?;
        }
        if self.certified() {
            self.fmt_minimizers(f)?;
        }
        if self.partly_undefined {
            writeln!(f, "{}", tr!("min-certify-note-undefined"))?;
        }
        let explored = tr!(
            "min-certify-explored",
            boxes = self.boxes,
            interval = self.evaluations,
            point = self.local_evaluations,
            seconds = format!("{:.3}", self.time.as_secs_f64())
        );
        f.write_str(&explored)
    }
}

/// The name of the budget `which` of [`CertifyStatus::Budget`] in the current language.
fn budget_name(which: &str) -> String {
    match which {
        "splits" => tr!("min-certify-budget-splits"),
        "boxes" => tr!("min-certify-budget-boxes"),
        "time" => tr!("min-certify-budget-time"),
        "evaluations" => tr!("min-certify-budget-evaluations"),
        "resolution" => tr!("min-certify-budget-resolution"),
        "range" => tr!("min-certify-budget-range"),
        other => other.to_string(),
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
    #[error("{}", tr!("min-certify-error-partial"))]
    PartialGradient,
    /// `f` is defined nowhere in the box.
    #[error("{}", tr!("min-certify-error-nowhere"))]
    NowhereDefined,
    /// A tolerance that is not a positive number.
    #[error("{}", tr!("min-certify-error-tolerance"))]
    Tolerance,
}
