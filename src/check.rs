//! Gradient checking: the exact (reverse-mode) gradient beside central differences, error sweeps
//! for teaching, and verification of gradients people derived by hand.
//!
//! # The estimate and its step
//!
//! The partial `df/dx_i` is estimated with the central difference `(f(x + h e_i) - f(x - h e_i))
//! / (2h)`, written exactly as in the book (chapter 2.4) so that a given step reproduces its
//! printed digits. Its error has two parts: truncation, `h^2 |f'''| / 6`, which falls with `h`,
//! and round-off, about `eps |f| / h`, which rises as `h` falls (`eps = 2^-52` in `f64`). The sum
//! is smallest near `h = cbrt(3 eps |f| / |f'''|)`; with `|f| ~ |f'''|` that is `cbrt(eps) ≈ 6e-6`,
//! and the error there is about `eps^(2/3) ≈ 4e-11` relative. The default step is therefore
//! `h_i = cbrt(eps) * max(|x_i|, 1)`, rounded to the nearest power of two so that `x_i ± h` and
//! `2h` are exact: the only error left is `f`'s own rounding. The same default (chosen for double
//! precision) is used in `f32` mode, to show how it fails there.
//!
//! # When a partial agrees
//!
//! `|a - n| <= atol + rtol * max(|a|, |n|) + fd_error_bound`, with `a` the exact partial, `n` the
//! estimate, [`DEFAULT_RTOL`] and [`DEFAULT_ATOL`] by default. `fd_error_bound` is what the finite
//! difference itself cannot resolve, always computed in `f64`: twice the Richardson estimate of the
//! truncation error, `2 |D(h) - D(2h)|` (for a smooth `f`, `D(2h) - D(h) ≈ 3 c h^2` while the error
//! of `D(h)` is `c h^2`), plus `8 eps M / h` for round-off, where `M` is `f` evaluated with every
//! sum and product taken in absolute value (a first-order bound on the rounding of sums with
//! cancellation). So a correct gradient does not raise a false alarm where `|grad f|` is `1e5` or
//! `1e-8`, while a wrong one (a sign, a factor, a missing term) is off by far more.
//!
//! # Kinks and singular points
//!
//! Before trusting a difference, every non-smooth node the formula reaches (`abs`, `sign`, `step`,
//! `sqrt`, `cbrt`, logarithms, `min`/`max`, division, non-integer or negative powers, `atan2`,
//! `hypot`, `asin`/`acos`, `tan`) is evaluated at `x + k h e_i`, `k = -2..=2`, in one forward sweep
//! over the arena per direction (children precede parents, so nothing recurses). When its argument
//! varies along `e_i` and reaches the critical value (0 for `abs`, a tie for `max`, ±1 for `asin`,
//! ...) the partial is reported as a kink, not a failure. Non-finite values are reported as such.
//!
//! # Hand-derived gradients
//!
//! [`verify_gradient`] parses the person's formulas into the function's own graph (sharing
//! variables by name) and compares them with the exact partials at many points. Two exact formulas
//! can still differ by rounding, so the tolerance adds `8 eps (M_exact + M_hand)` with `M` as above.
//! A disagreement is explained in words when a simple relation fits every point: opposite sign, a
//! constant factor, the partial of another variable, or a constant offset.

use std::fmt;
use std::str::FromStr;

use num_traits::Float;
use serde::Serialize;

use crate::error::{Error, ParseError};
use crate::graph::{Graph, Node, NodeId};
use crate::ops::{small_int, Binary, Unary};
use crate::parse::parse_into;
use crate::{fmt_number, Function};

/// Default relative tolerance of [`check_gradient`] and [`verify_gradient`]: `1e-6`. A central
/// difference at the default step is typically right to `1e-10` relative, while a wrong gradient
/// (a sign, a factor of 2, a missing term) is off by far more than `1e-6`.
pub const DEFAULT_RTOL: f64 = 1e-6;

/// Default absolute tolerance: `1e-10`, a floor for partials that are zero or nearly so.
pub const DEFAULT_ATOL: f64 = 1e-10;

/// Default number of random points [`verify_gradient`] callers use (the CLI's `--grad`).
pub const DEFAULT_HAND_POINTS: usize = 1000;

/// Errors of gradient checking.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CheckError {
    /// A point with the wrong number of coordinates.
    #[error("the point has {found} coordinates but the function has {expected} variables; give one value per variable")]
    Dimension {
        /// Number of variables.
        expected: usize,
        /// Coordinates given.
        found: usize,
    },
    /// No point to check.
    #[error("no point to check; give a point (`--at x=1,y=2`) or random points (`--random 100`)")]
    NoPoints,
    /// A step that is not a positive finite number.
    #[error("the step {step} is not a positive finite number; give a step such as 1e-6")]
    BadStep {
        /// The step given.
        step: f64,
    },
    /// A tolerance that is negative or not finite.
    #[error("the tolerance `{name}` = {value} must be a finite number >= 0")]
    BadTolerance {
        /// `rtol` or `atol`.
        name: &'static str,
        /// The value given.
        value: f64,
    },
    /// A box whose bounds are not finite or are reversed.
    #[error("the box for `{var}` is {lo}..{hi}; give finite bounds with the lower one first")]
    BadBox {
        /// The variable.
        var: String,
        /// Lower bound.
        lo: f64,
        /// Upper bound.
        hi: f64,
    },
    /// A hand-derived partial that did not parse; the caret points into that formula.
    #[error("cannot read your formula for df/d{var}:\n{error}")]
    HandParse {
        /// The variable the formula differentiates by.
        var: String,
        /// The parse error, pointing into the hand formula.
        error: ParseError,
    },
    /// A hand-derived partial for a variable the function does not have.
    #[error("`{var}` is not a variable of the function; its variables are: {known}")]
    UnknownPartial {
        /// The name given.
        var: String,
        /// The function's variables.
        known: String,
    },
    /// Two hand-derived formulas for the same partial.
    #[error("two formulas are given for df/d{var}; give one per variable")]
    DuplicatePartial {
        /// The variable.
        var: String,
    },
    /// A hand-derived partial that uses a variable the function does not have.
    #[error("your formula for df/d{var} uses `{name}`, which is not a variable of the function ({known}); use only the function's variables")]
    HandUnknownVariable {
        /// The partial.
        var: String,
        /// The foreign variable.
        name: String,
        /// The function's variables.
        known: String,
    },
    /// An error of the engine (compiling the formulas).
    #[error(transparent)]
    Engine(#[from] Error),
}

/// The floating-point type the finite differences are evaluated in.
///
/// ```
/// use nabla::Precision;
/// assert_eq!("f32".parse::<Precision>(), Ok(Precision::F32));
/// assert_eq!(Precision::F64.to_string(), "f64");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// Single precision (`eps = 2^-23 ≈ 1.2e-7`).
    F32,
    /// Double precision (`eps = 2^-52 ≈ 2.2e-16`), the default.
    #[default]
    F64,
}

impl Precision {
    /// The machine epsilon of the type.
    pub fn epsilon(self) -> f64 {
        match self {
            Precision::F32 => f64::from(f32::EPSILON),
            Precision::F64 => f64::EPSILON,
        }
    }
}

impl FromStr for Precision {
    type Err = String;
    fn from_str(s: &str) -> Result<Precision, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "f32" | "single" | "float" => Ok(Precision::F32),
            "f64" | "double" => Ok(Precision::F64),
            other => Err(format!("unknown precision `{other}`; use f32 or f64")),
        }
    }
}

impl fmt::Display for Precision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Precision::F32 => "f32",
            Precision::F64 => "f64",
        })
    }
}

/// How the finite-difference step is chosen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// `h_i = cbrt(eps) * max(|x_i|, 1)` rounded to a power of two (see the module docs).
    #[default]
    Auto,
    /// The same absolute step for every variable.
    Fixed(f64),
}

impl Step {
    /// The step for a coordinate.
    ///
    /// ```
    /// use nabla::Step;
    /// assert_eq!(Step::Auto.for_coordinate(2.0), 2f64.powi(-16));
    /// assert_eq!(Step::Fixed(1e-8).for_coordinate(2.0), 1e-8);
    /// ```
    pub fn for_coordinate(self, x: f64) -> f64 {
        match self {
            Step::Fixed(h) => h,
            Step::Auto => {
                let target = f64::EPSILON.cbrt() * x.abs().max(1.0);
                if !target.is_finite() {
                    return f64::EPSILON.cbrt();
                }
                // In range: |log2| of a finite positive f64 is below 1100.
                let e = target.log2().round().clamp(-1000.0, 1000.0) as i32;
                2f64.powi(e)
            }
        }
    }
}

/// Options of [`check_gradient`].
///
/// ```
/// let o = nabla::CheckOptions::default();
/// assert_eq!((o.rtol, o.atol), (nabla::DEFAULT_RTOL, nabla::DEFAULT_ATOL));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct CheckOptions {
    /// The step rule.
    pub step: Step,
    /// Relative tolerance.
    pub rtol: f64,
    /// Absolute tolerance.
    pub atol: f64,
    /// The type the finite differences are evaluated in.
    pub precision: Precision,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            step: Step::Auto,
            rtol: DEFAULT_RTOL,
            atol: DEFAULT_ATOL,
            precision: Precision::F64,
        }
    }
}

impl CheckOptions {
    fn validate(&self) -> Result<(), CheckError> {
        if let Step::Fixed(h) = self.step {
            if !(h.is_finite() && h > 0.0) {
                return Err(CheckError::BadStep { step: h });
            }
        }
        tolerances(self.rtol, self.atol)
    }
}

fn tolerances(rtol: f64, atol: f64) -> Result<(), CheckError> {
    for (name, value) in [("rtol", rtol), ("atol", atol)] {
        if !(value.is_finite() && value >= 0.0) {
            return Err(CheckError::BadTolerance { name, value });
        }
    }
    Ok(())
}

/// A box to sample points from: one `[lo, hi]` interval per variable.
///
/// ```
/// let b = nabla::SampleBox::new(vec![(-1.0, 1.0), (0.0, 2.0)]).unwrap();
/// let pts = b.sample(3, 7);
/// assert_eq!(pts.len(), 3);
/// assert!(pts.iter().all(|p| (-1.0..=1.0).contains(&p[0]) && (0.0..=2.0).contains(&p[1])));
/// assert_eq!(pts, b.sample(3, 7)); // the seed makes it reproducible
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SampleBox {
    bounds: Vec<(f64, f64)>,
}

impl SampleBox {
    /// A box from `(lo, hi)` pairs, one per variable (`lo <= hi`, both finite).
    pub fn new(bounds: Vec<(f64, f64)>) -> Result<SampleBox, CheckError> {
        for (i, &(lo, hi)) in bounds.iter().enumerate() {
            if !(lo.is_finite() && hi.is_finite() && lo <= hi) {
                return Err(CheckError::BadBox {
                    var: format!("variable {}", i + 1),
                    lo,
                    hi,
                });
            }
        }
        Ok(SampleBox { bounds })
    }

    /// The intervals.
    pub fn bounds(&self) -> &[(f64, f64)] {
        &self.bounds
    }

    /// `n` points drawn uniformly from the box with a seeded generator.
    pub fn sample(&self, n: usize, seed: u64) -> Vec<Vec<f64>> {
        let mut rng = fastrand::Rng::with_seed(seed);
        (0..n)
            .map(|_| {
                self.bounds
                    .iter()
                    .map(|&(lo, hi)| lo + (hi - lo) * rng.f64())
                    .collect()
            })
            .collect()
    }
}

/// The outcome for one partial derivative at one point.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Verdict {
    /// The exact partial and the estimate agree within the tolerance.
    Agrees,
    /// They do not: the gradient (or the function) is wrong.
    Disagrees,
    /// The point is at or within a step of a non-differentiable or singular point; the finite
    /// difference says nothing there.
    Kink {
        /// Which node and why.
        reason: String,
    },
    /// A value needed is infinite or NaN.
    NotFinite {
        /// Which value.
        reason: String,
    },
}

impl Verdict {
    fn label(&self) -> &'static str {
        match self {
            Verdict::Agrees => "agrees",
            Verdict::Disagrees => "DISAGREES",
            Verdict::Kink { .. } => "kink",
            Verdict::NotFinite { .. } => "not finite",
        }
    }
}

/// One row of a [`CheckReport`]: a partial derivative at a point. Non-finite numbers are `None`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PartialCheck {
    /// The variable.
    pub var: String,
    /// The exact partial (reverse mode, `f64`).
    pub exact: Option<f64>,
    /// The central-difference estimate.
    pub estimate: Option<f64>,
    /// The step used.
    pub step: f64,
    /// `|exact - estimate|`.
    pub abs_error: Option<f64>,
    /// `|exact - estimate| / max(|exact|, |estimate|)`; `None` where both are below `atol`.
    pub rel_error: Option<f64>,
    /// What the finite difference cannot resolve at this step (see the module docs).
    pub fd_error_bound: Option<f64>,
    /// The allowed `|exact - estimate|`.
    pub tolerance: Option<f64>,
    /// The outcome.
    pub verdict: Verdict,
}

impl PartialCheck {
    /// How far past its tolerance the partial is (`> 1` disagrees); 0 where not compared.
    fn score(&self) -> f64 {
        match (self.abs_error, self.tolerance, &self.verdict) {
            (Some(e), Some(t), Verdict::Agrees | Verdict::Disagrees) => {
                if t > 0.0 {
                    e / t
                } else if e > 0.0 {
                    f64::MAX
                } else {
                    0.0
                }
            }
            _ => 0.0,
        }
    }
}

/// The checks at one point.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PointCheck {
    /// The point.
    pub point: Vec<f64>,
    /// `f` there (`None` if not finite).
    pub value: Option<f64>,
    /// One entry per variable.
    pub partials: Vec<PartialCheck>,
}

/// Counts over every partial of every point.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Partials checked (points times variables).
    pub partials: usize,
    /// Partials that agree.
    pub agree: usize,
    /// Partials that disagree.
    pub disagree: usize,
    /// Partials at a kink or singular point.
    pub kink: usize,
    /// Partials where a needed value is not finite.
    pub not_finite: usize,
}

/// The result of [`check_gradient`]; `Display` prints an aligned table, `Serialize` gives JSON.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CheckReport {
    /// The variable names.
    pub vars: Vec<String>,
    /// The options used.
    pub options: CheckOptions,
    /// Every point, in the order given.
    pub points: Vec<PointCheck>,
    /// Index of the worst point (largest error relative to its tolerance), if any was compared.
    pub worst: Option<usize>,
    /// Counts.
    pub summary: Summary,
}

impl CheckReport {
    /// True when no partial disagrees (kinks and non-finite values are not failures).
    pub fn passed(&self) -> bool {
        self.summary.disagree == 0
    }
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// Values and magnitudes of the nodes of a graph at several points, one forward sweep each.
struct Sweeper<'g> {
    graph: &'g Graph,
    mask: Vec<bool>,
    vals: Vec<f64>,
    mags: Vec<f64>,
}

impl<'g> Sweeper<'g> {
    fn new(graph: &'g Graph, roots: &[NodeId]) -> Sweeper<'g> {
        let mask = graph.reachable(roots);
        let n = mask.len();
        Sweeper {
            graph,
            mask,
            vals: vec![0.0; n],
            mags: vec![0.0; n],
        }
    }

    /// True when a node the roots reach can be non-smooth or singular.
    fn has_critical_nodes(&self) -> bool {
        self.graph.nodes()[..self.mask.len()]
            .iter()
            .zip(&self.mask)
            .any(|(n, m)| *m && critical_kind(self.graph, *n).is_some())
    }

    /// Evaluates every reached node at `values` (indexed by [`crate::VarId::index`]), with its
    /// magnitude: the node evaluated with sums and products of absolute values.
    fn run(&mut self, values: &[f64]) {
        let nodes = &self.graph.nodes()[..self.mask.len()];
        for (i, &node) in nodes.iter().enumerate() {
            if !self.mask[i] {
                continue;
            }
            let (v, m) = match node {
                Node::Const(bits) => {
                    let c = f64::from_bits(bits);
                    (c, c.abs())
                }
                Node::Var(x) => {
                    let c = values.get(x.index()).copied().unwrap_or(f64::NAN);
                    (c, c.abs())
                }
                Node::Unary(op, a) => {
                    let v = op.eval(self.vals[a.index()]);
                    let m = if op == Unary::Neg {
                        self.mags[a.index()]
                    } else {
                        v.abs()
                    };
                    (v, m)
                }
                Node::Binary(op, a, b) => {
                    let (va, vb) = (self.vals[a.index()], self.vals[b.index()]);
                    let (ma, mb) = (self.mags[a.index()], self.mags[b.index()]);
                    let v = op.eval(va, vb);
                    let m = match op {
                        Binary::Add | Binary::Sub => ma + mb,
                        Binary::Mul => ma * mb,
                        Binary::Div => ma / vb.abs(),
                        Binary::Pow => match self.graph.const_value(b).and_then(small_int) {
                            Some(n) if n >= 0 => ma.powi(n),
                            _ => v.abs(),
                        },
                        _ => v.abs(),
                    };
                    (v, m)
                }
            };
            self.vals[i] = v;
            self.mags[i] = if m.is_finite() {
                m.max(v.abs())
            } else {
                v.abs()
            };
        }
    }

    fn value(&self, id: NodeId) -> f64 {
        self.vals[id.index()]
    }

    fn magnitude(&self, id: NodeId) -> f64 {
        self.mags[id.index()]
    }
}

/// The kinds of critical points a node can have.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Critical {
    /// The (first) argument reaching 0: `abs`, `sign`, `step`, `sqrt`, `cbrt`, logs, poles.
    ArgZero(NodeId, &'static str),
    /// `asin`/`acos` at ±1.
    ArgUnit(NodeId),
    /// `tan` at a pole (`cos(arg) = 0`).
    TanPole(NodeId),
    /// `min`/`max` tie.
    Tie(NodeId, NodeId),
    /// `atan2(y, x)`: the branch cut `y = 0, x < 0` and the origin.
    Atan2(NodeId, NodeId),
    /// `hypot(a, b)` at the origin.
    Hypot(NodeId, NodeId),
}

fn critical_kind(g: &Graph, node: Node) -> Option<Critical> {
    match node {
        Node::Unary(op, a) => match op {
            Unary::Abs => Some(Critical::ArgZero(a, "its kink at 0")),
            Unary::Sign | Unary::Step => Some(Critical::ArgZero(a, "its jump at 0")),
            Unary::Sqrt | Unary::Cbrt => {
                Some(Critical::ArgZero(a, "0, where its derivative is infinite"))
            }
            Unary::Ln | Unary::Log2 | Unary::Log10 => {
                Some(Critical::ArgZero(a, "0, where it is singular"))
            }
            Unary::Asin | Unary::Acos => Some(Critical::ArgUnit(a)),
            Unary::Tan => Some(Critical::TanPole(a)),
            _ => None,
        },
        Node::Binary(op, a, b) => match op {
            Binary::Div => Some(Critical::ArgZero(b, "0 in a denominator (a pole)")),
            Binary::Pow => match g.const_value(b).and_then(small_int) {
                Some(n) if n >= 0 => None,
                Some(_) => Some(Critical::ArgZero(a, "0 in a negative power (a pole)")),
                None => Some(Critical::ArgZero(
                    a,
                    "0, where a non-integer power is not differentiable",
                )),
            },
            Binary::Min | Binary::Max => Some(Critical::Tie(a, b)),
            Binary::Atan2 => Some(Critical::Atan2(a, b)),
            Binary::Hypot => Some(Critical::Hypot(a, b)),
            _ => None,
        },
        _ => None,
    }
}

/// Range of samples: (min, max); NaN samples are ignored (non-finite values are reported apart).
fn range(s: &[f64]) -> (f64, f64) {
    s.iter()
        .filter(|v| !v.is_nan())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        })
}

/// The samples vary and reach `c`.
fn crosses(s: &[f64], c: f64) -> bool {
    let (lo, hi) = range(s);
    hi > lo && lo <= c && c <= hi
}

/// The samples reach `c` (varying or not).
fn touches(s: &[f64], c: f64) -> bool {
    let (lo, hi) = range(s);
    lo <= c && c <= hi
}

/// A short label for a node: its infix text when short, else the function's name.
fn label(g: &Graph, id: NodeId) -> String {
    const MAX: usize = 40;
    if let Ok(t) = g.to_infix(id) {
        if t.chars().count() <= MAX {
            return format!("`{t}`");
        }
    }
    match g.node(id) {
        Node::Unary(op, _) => format!("`{}(…)`", op.name()),
        Node::Binary(Binary::Div, ..) => "a division".to_string(),
        Node::Binary(Binary::Pow, ..) => "a power".to_string(),
        Node::Binary(op, ..) => format!("`{}(…)`", op.name()),
        _ => "a node".to_string(),
    }
}

/// Looks for a non-smooth node whose argument reaches its critical value along one direction.
/// `samples[k][node]` is the node's value at `x + (k - 2) h e_i`.
fn find_kink(g: &Graph, mask: &[bool], samples: &[Vec<f64>]) -> Option<String> {
    let at = |id: NodeId| -> Vec<f64> { samples.iter().map(|s| s[id.index()]).collect() };
    for (i, &m) in mask.iter().enumerate() {
        if !m {
            continue;
        }
        let node = g.nodes()[i];
        let Some(kind) = critical_kind(g, node) else {
            continue;
        };
        let id = NodeId::from_index(i);
        let hit = match kind {
            Critical::ArgZero(a, what) => crosses(&at(a), 0.0)
                .then(|| format!("{} is within two steps of {what}", label(g, id))),
            Critical::ArgUnit(a) => {
                let s = at(a);
                (crosses(&s, 1.0) || crosses(&s, -1.0)).then(|| {
                    format!(
                        "{} is within two steps of ±1, where its derivative is infinite",
                        label(g, id)
                    )
                })
            }
            Critical::TanPole(a) => {
                let c: Vec<f64> = at(a).iter().map(|v| v.cos()).collect();
                crosses(&c, 0.0).then(|| format!("{} is within two steps of a pole", label(g, id)))
            }
            Critical::Tie(a, b) => {
                let d: Vec<f64> = at(a).iter().zip(at(b)).map(|(p, q)| p - q).collect();
                crosses(&d, 0.0).then(|| {
                    format!(
                        "{} has its two arguments tied within two steps",
                        label(g, id)
                    )
                })
            }
            Critical::Atan2(y, x) => {
                let (sy, sx) = (at(y), at(x));
                let cut = crosses(&sy, 0.0) && range(&sx).0 <= 0.0;
                let origin = touches(&sy, 0.0) && crosses(&sx, 0.0);
                (cut || origin).then(|| {
                    format!(
                        "{} is within two steps of its branch cut (y = 0, x <= 0)",
                        label(g, id)
                    )
                })
            }
            Critical::Hypot(a, b) => {
                let (sa, sb) = (at(a), at(b));
                let moving = crosses(&sa, 0.0) || crosses(&sb, 0.0);
                (moving && touches(&sa, 0.0) && touches(&sb, 0.0))
                    .then(|| format!("{} is within two steps of its kink at (0, 0)", label(g, id)))
            }
        };
        if hit.is_some() {
            return hit;
        }
    }
    None
}

/// Central differences of the value tape in the evaluation type `T`: `(D(h), D(2h))` and the
/// four values, all converted to `f64`.
fn central<T: Float>(f: &Function, x: &[f64], i: usize, h: f64) -> (f64, f64, [f64; 4]) {
    let tape = f.value_tape();
    let mut ws = tape.workspace::<T>();
    let conv = |v: f64| T::from(v).unwrap_or_else(T::nan);
    let mut xt: Vec<T> = x.iter().map(|&v| conv(v)).collect();
    let ht = conv(h);
    let xi = xt[i];
    let two = T::one() + T::one();
    let mut out = [T::zero()];
    let mut at = |v: T, xt: &mut Vec<T>| {
        xt[i] = v;
        tape.eval(xt, &mut ws, &mut out);
        out[0]
    };
    let fp = at(xi + ht, &mut xt);
    let fm = at(xi - ht, &mut xt);
    let fp2 = at(xi + two * ht, &mut xt);
    let fm2 = at(xi - two * ht, &mut xt);
    let d1 = (fp - fm) / (two * ht);
    let d2 = (fp2 - fm2) / (two * two * ht);
    let back = |v: T| v.to_f64().unwrap_or(f64::NAN);
    (
        back(d1),
        back(d2),
        [back(fp), back(fm), back(fp2), back(fm2)],
    )
}

/// Checks that there is at least one point and that each has one coordinate per variable of `f`.
fn check_points(f: &Function, points: &[Vec<f64>]) -> Result<(), CheckError> {
    if points.is_empty() {
        return Err(CheckError::NoPoints);
    }
    let n = f.dim();
    match points.iter().find(|p| p.len() != n) {
        Some(p) => Err(CheckError::Dimension {
            expected: n,
            found: p.len(),
        }),
        None => Ok(()),
    }
}

/// Checks the exact gradient of `f` against central differences at each point.
///
/// ```
/// use nabla::{check_gradient, CheckOptions, Function, Step};
/// let f = Function::parse("(1/16)*x^2 + 9*y^2").unwrap();
/// let report = check_gradient(&f, &[vec![2.0, 3.0]], &CheckOptions::default()).unwrap();
/// assert!(report.passed());
/// let p = &report.points[0].partials;
/// assert_eq!((p[0].exact, p[1].exact), (Some(0.25), Some(54.0)));
/// assert!(p[0].rel_error.unwrap() < 1e-8);
///
/// // The book's step 1e-8 gives the book's digits.
/// let opts = CheckOptions { step: Step::Fixed(1e-8), ..CheckOptions::default() };
/// let report = check_gradient(&f, &[vec![2.0, 3.0]], &opts).unwrap();
/// assert_eq!(report.points[0].partials[0].estimate, Some(0.2500001983207767));
/// ```
pub fn check_gradient(
    f: &Function,
    points: &[Vec<f64>],
    opts: &CheckOptions,
) -> Result<CheckReport, CheckError> {
    opts.validate()?;
    check_points(f, points)?;
    let n = f.dim();
    let formula = f.formula();
    let graph = formula.graph();
    let root = formula.root();
    let vars = formula.vars();
    let names: Vec<String> = f.var_names().iter().map(|s| s.to_string()).collect();
    let grad_tape = f.grad_tape();
    let mut ws_grad = grad_tape.workspace::<f64>();
    let mut grad_out = vec![0.0; n + 1];
    let mut sweeper = Sweeper::new(graph, &[root]);
    let check_kinks = sweeper.has_critical_nodes();
    // Values by VarId index, for the graph sweeps.
    let nvars_graph = graph.var_names().len();
    let mut by_var = vec![0.0; nvars_graph];
    let mut samples: Vec<Vec<f64>> = Vec::new();
    let eps64 = f64::EPSILON;

    let mut report_points = Vec::with_capacity(points.len());
    let mut summary = Summary::default();
    for x in points {
        grad_tape.eval(x, &mut ws_grad, &mut grad_out);
        let value = grad_out[0];
        for (k, v) in vars.iter().enumerate() {
            by_var[v.index()] = x[k];
        }
        sweeper.run(&by_var);
        let magnitude = sweeper.magnitude(root);
        let mut partials = Vec::with_capacity(n);
        for i in 0..n {
            let h = opts.step.for_coordinate(x[i]);
            let exact = grad_out[i + 1];
            let (d1_64, d2_64, fs64) = central::<f64>(f, x, i, h);
            let (estimate, fs) = match opts.precision {
                Precision::F64 => (d1_64, fs64),
                Precision::F32 => {
                    let (d, _, fs) = central::<f32>(f, x, i, h);
                    (d, fs)
                }
            };
            let kink = if check_kinks {
                samples.clear();
                for k in -2i32..=2 {
                    let mut p = by_var.clone();
                    p[vars[i].index()] = x[i] + f64::from(k) * h;
                    sweeper.run(&p);
                    samples.push(sweeper.vals.clone());
                }
                find_kink(graph, &sweeper.mask, &samples)
            } else {
                None
            };
            let bound = 2.0 * (d1_64 - d2_64).abs() + 8.0 * eps64 * magnitude / h;
            let tolerance = opts.atol + opts.rtol * exact.abs().max(estimate.abs()) + bound;
            let abs_error = (exact - estimate).abs();
            let big = exact.abs().max(estimate.abs());
            let rel_error = if abs_error == 0.0 {
                Some(0.0)
            } else if big >= opts.atol.max(f64::MIN_POSITIVE) {
                Some(abs_error / big)
            } else {
                None
            };
            let non_finite = if !x.iter().all(|v| v.is_finite()) {
                Some("the point has a coordinate that is not finite".to_string())
            } else if !value.is_finite() {
                Some(format!("f is {} here", describe(value)))
            } else if !exact.is_finite() {
                Some(format!("the exact partial is {}", describe(exact)))
            } else if let Some((w, v)) = ["f(x+h)", "f(x-h)", "f(x+2h)", "f(x-2h)"]
                .iter()
                .zip(fs)
                .find(|(_, v)| !v.is_finite())
            {
                Some(format!("{w} is {}", describe(v)))
            } else if !estimate.is_finite() || !bound.is_finite() {
                Some("the finite difference overflows".to_string())
            } else {
                None
            };
            let verdict = match (kink, non_finite) {
                (Some(reason), _) => Verdict::Kink { reason },
                (None, Some(reason)) => Verdict::NotFinite { reason },
                (None, None) if abs_error <= tolerance => Verdict::Agrees,
                (None, None) => Verdict::Disagrees,
            };
            summary.partials += 1;
            match verdict {
                Verdict::Agrees => summary.agree += 1,
                Verdict::Disagrees => summary.disagree += 1,
                Verdict::Kink { .. } => summary.kink += 1,
                Verdict::NotFinite { .. } => summary.not_finite += 1,
            }
            let compared = matches!(verdict, Verdict::Agrees | Verdict::Disagrees);
            partials.push(PartialCheck {
                var: names[i].clone(),
                exact: finite(exact),
                estimate: finite(estimate),
                step: h,
                abs_error: finite(abs_error),
                rel_error: rel_error.and_then(finite),
                fd_error_bound: if compared { finite(bound) } else { None },
                tolerance: if compared { finite(tolerance) } else { None },
                verdict,
            });
        }
        report_points.push(PointCheck {
            point: x.clone(),
            value: finite(value),
            partials,
        });
    }
    let worst = report_points
        .iter()
        .enumerate()
        .map(|(k, p)| (k, p.partials.iter().map(|c| c.score()).fold(0.0, f64::max)))
        .filter(|(k, _)| {
            report_points[*k]
                .partials
                .iter()
                .any(|c| c.tolerance.is_some())
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(k, _)| k);
    Ok(CheckReport {
        vars: names,
        options: *opts,
        points: report_points,
        worst,
        summary,
    })
}

fn describe(v: f64) -> &'static str {
    if v.is_nan() {
        "not a number (outside a function's domain, or 0/0)"
    } else if v > 0.0 {
        "+infinity"
    } else {
        "-infinity"
    }
}

/// Formats a number for the tables: shortest round-trip digits, `-` for none.
fn num(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), fmt_number)
}

/// Formats an error with three significant digits.
fn err(v: Option<f64>) -> String {
    match v {
        Some(0.0) => "0".to_string(),
        Some(v) => format!("{v:.2e}"),
        None => "-".to_string(),
    }
}

/// Writes rows as an aligned table (first column left-aligned, the others too, two spaces apart).
fn table(f: &mut fmt::Formatter<'_>, rows: &[Vec<String>]) -> fmt::Result {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for r in rows {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            if c + 1 == r.len() {
                line.push_str(cell);
            } else {
                line.push_str(&format!("{cell:<w$}  ", w = widths[c]));
            }
        }
        writeln!(f, "{}", line.trim_end())?;
    }
    Ok(())
}

fn point_text(names: &[String], x: &[f64]) -> String {
    let vals: Vec<String> = x.iter().map(|v| fmt_number(*v)).collect();
    format!("({}) = ({})", names.join(", "), vals.join(", "))
}

impl PointCheck {
    fn write_table(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rows = vec![vec![
            "variable".to_string(),
            "exact".to_string(),
            "central difference".to_string(),
            "step".to_string(),
            "abs error".to_string(),
            "rel error".to_string(),
            "verdict".to_string(),
        ]];
        for p in &self.partials {
            rows.push(vec![
                p.var.clone(),
                num(p.exact),
                num(p.estimate),
                err(Some(p.step)),
                err(p.abs_error),
                err(p.rel_error),
                p.verdict.label().to_string(),
            ]);
        }
        table(f, &rows)?;
        for p in &self.partials {
            match &p.verdict {
                Verdict::Kink { reason } => writeln!(
                    f,
                    "  {}: {reason}; a finite difference cannot check it there",
                    p.var
                )?,
                Verdict::NotFinite { reason } => writeln!(f, "  {}: {reason}", p.var)?,
                _ => {}
            }
        }
        Ok(())
    }
}

impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.summary;
        let o = &self.options;
        let step = match o.step {
            Step::Auto => "h = cbrt(eps)*max(|x_i|,1), a power of two".to_string(),
            Step::Fixed(h) => format!("h = {}", fmt_number(h)),
        };
        writeln!(
            f,
            "central differences in {}, {step}; rtol {}, atol {}",
            o.precision,
            fmt_number(o.rtol),
            fmt_number(o.atol)
        )?;
        let show_all = self.points.len() <= 3;
        if show_all {
            for p in &self.points {
                writeln!(f)?;
                writeln!(f, "at {}", point_text(&self.vars, &p.point))?;
                p.write_table(f)?;
            }
        } else if let Some(w) = self.worst {
            let p = &self.points[w];
            writeln!(f)?;
            writeln!(
                f,
                "worst of {} points: {}",
                self.points.len(),
                point_text(&self.vars, &p.point)
            )?;
            p.write_table(f)?;
        }
        writeln!(f)?;
        let mut parts = vec![format!("{} agree", s.agree)];
        if s.disagree > 0 {
            parts.push(format!("{} disagree", s.disagree));
        }
        if s.kink > 0 {
            parts.push(format!(
                "{} at kinks or singular points (not checked)",
                s.kink
            ));
        }
        if s.not_finite > 0 {
            parts.push(format!("{} not finite (not checked)", s.not_finite));
        }
        writeln!(
            f,
            "{} partials at {} point{}: {}",
            s.partials,
            self.points.len(),
            if self.points.len() == 1 { "" } else { "s" },
            parts.join(", ")
        )?;
        if !show_all && s.disagree > 0 {
            let first: Vec<String> = self
                .points
                .iter()
                .filter(|p| p.partials.iter().any(|c| c.verdict == Verdict::Disagrees))
                .take(3)
                .map(|p| point_text(&self.vars, &p.point))
                .collect();
            writeln!(f, "disagreeing at {} ...", first.join("; "))?;
        }
        let coarse = self.points.iter().flat_map(|p| &p.partials).any(|c| {
            matches!((c.fd_error_bound, c.exact), (Some(b), Some(a)) if b > 1e-3 * a.abs().max(1e-300))
        });
        if coarse && o.precision == Precision::F64 {
            write!(
                f,
                "note: some partials are small next to what the finite difference can resolve at this step (truncation and round-off); they agree within that resolution"
            )?;
            if matches!(o.step, Step::Fixed(_)) {
                write!(f, "; the default step (leave out --step) is usually best")?;
            }
            writeln!(f)?;
        }
        if o.precision == Precision::F32 {
            writeln!(
                f,
                "in f32 each value of f carries a rounding error of about 6e-8*|f|; dividing by 2h magnifies it to about 6e-8*|f|/h"
            )?;
            writeln!(
                f,
                "(1e-2*|f| at h = 6e-6). Even at the best f32 step, cbrt(1.2e-7) = 5e-3, the error is ~1e-5: check gradients in f64."
            )?;
        }
        if self.passed() {
            write!(f, "the gradient agrees with central differences")?;
        } else {
            write!(f, "the gradient DISAGREES with central differences")?;
        }
        if s.kink + s.not_finite > 0 && s.agree + s.disagree == 0 {
            write!(
                f,
                " (nothing could be compared; try a point away from the kink)"
            )?;
        }
        writeln!(f)
    }
}

/// The steps of [`sweep`]: the decades 1e-1 down to 1e-13.
pub fn sweep_steps() -> Vec<f64> {
    (1..=13)
        .map(|k| format!("1e-{k}").parse().unwrap_or(f64::NAN))
        .collect()
}

/// One variable's errors in a [`SweepReport`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SweepColumn {
    /// The variable.
    pub var: String,
    /// The exact partial.
    pub exact: Option<f64>,
    /// `|forward difference - exact|` per step (`None` where not finite).
    pub forward: Vec<Option<f64>>,
    /// `|central difference - exact|` per step.
    pub central: Vec<Option<f64>>,
    /// Index of the step with the smallest forward error.
    pub best_forward: Option<usize>,
    /// Index of the step with the smallest central error.
    pub best_central: Option<usize>,
}

/// The error of forward and central differences across steps, for teaching; see [`sweep`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SweepReport {
    /// The variable names.
    pub vars: Vec<String>,
    /// The point.
    pub point: Vec<f64>,
    /// The type the differences were evaluated in.
    pub precision: Precision,
    /// The steps (absolute), largest first.
    pub steps: Vec<f64>,
    /// One column per variable.
    pub columns: Vec<SweepColumn>,
}

fn argmin(v: &[Option<f64>]) -> Option<usize> {
    v.iter()
        .enumerate()
        .filter_map(|(k, e)| e.map(|e| (k, e)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(k, _)| k)
}

fn sweep_in<T: Float>(f: &Function, x: &[f64], i: usize, steps: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let tape = f.value_tape();
    let mut ws = tape.workspace::<T>();
    let conv = |v: f64| T::from(v).unwrap_or_else(T::nan);
    let back = |v: T| v.to_f64().unwrap_or(f64::NAN);
    let mut xt: Vec<T> = x.iter().map(|&v| conv(v)).collect();
    let xi = xt[i];
    let mut out = [T::zero()];
    tape.eval(&xt, &mut ws, &mut out);
    let f0 = out[0];
    let two = T::one() + T::one();
    let (mut fwd, mut cen) = (Vec::new(), Vec::new());
    for &h in steps {
        let h = conv(h);
        xt[i] = xi + h;
        tape.eval(&xt, &mut ws, &mut out);
        let fp = out[0];
        xt[i] = xi - h;
        tape.eval(&xt, &mut ws, &mut out);
        let fm = out[0];
        xt[i] = xi;
        fwd.push(back((fp - f0) / h));
        cen.push(back((fp - fm) / (two * h)));
    }
    (fwd, cen)
}

/// The error of forward `(f(x+h) - f(x))/h` and central `(f(x+h) - f(x-h))/(2h)` differences
/// against the exact partials, for the steps of [`sweep_steps`], evaluated in `precision`.
///
/// Truncation error falls with `h` (like `h` forward, `h^2` central) while round-off rises like
/// `eps/h`, so the errors trace a V whose bottom is near `sqrt(eps)` (forward) and `cbrt(eps)`
/// (central).
///
/// ```
/// let f = nabla::Function::parse("sin(x)").unwrap();
/// let s = nabla::sweep(&f, &[1.0], nabla::Precision::F64).unwrap();
/// let best = s.steps[s.columns[0].best_central.unwrap()];
/// assert!((1e-6..=1e-4).contains(&best));
/// ```
pub fn sweep(f: &Function, x: &[f64], precision: Precision) -> Result<SweepReport, CheckError> {
    let n = f.dim();
    if x.len() != n {
        return Err(CheckError::Dimension {
            expected: n,
            found: x.len(),
        });
    }
    let steps = sweep_steps();
    let tape = f.grad_tape();
    let mut ws = tape.workspace::<f64>();
    let mut out = vec![0.0; n + 1];
    tape.eval(x, &mut ws, &mut out);
    let names: Vec<String> = f.var_names().iter().map(|s| s.to_string()).collect();
    let columns = (0..n)
        .map(|i| {
            let exact = out[i + 1];
            let (fwd, cen) = match precision {
                Precision::F64 => sweep_in::<f64>(f, x, i, &steps),
                Precision::F32 => sweep_in::<f32>(f, x, i, &steps),
            };
            let errs = |v: Vec<f64>| -> Vec<Option<f64>> {
                v.iter().map(|d| finite((d - exact).abs())).collect()
            };
            let (forward, central) = (errs(fwd), errs(cen));
            SweepColumn {
                var: names[i].clone(),
                exact: finite(exact),
                best_forward: argmin(&forward),
                best_central: argmin(&central),
                forward,
                central,
            }
        })
        .collect();
    Ok(SweepReport {
        vars: names,
        point: x.to_vec(),
        precision,
        steps,
        columns,
    })
}

impl fmt::Display for SweepReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (k, c) in self.columns.iter().enumerate() {
            if k > 0 {
                writeln!(f)?;
            }
            writeln!(
                f,
                "df/d{} at {}: exact {}, differences in {}",
                c.var,
                point_text(&self.vars, &self.point),
                num(c.exact),
                self.precision
            )?;
            let mut rows = vec![vec![
                "step".to_string(),
                "forward error".to_string(),
                "central error".to_string(),
                String::new(),
            ]];
            for (j, h) in self.steps.iter().enumerate() {
                let mut marks = Vec::new();
                if c.best_forward == Some(j) {
                    marks.push("best forward");
                }
                if c.best_central == Some(j) {
                    marks.push("best central");
                }
                let mark = if marks.is_empty() {
                    String::new()
                } else {
                    format!("<- {}", marks.join(", "))
                };
                rows.push(vec![
                    format!("{h:e}"),
                    err(c.forward[j]),
                    err(c.central[j]),
                    mark,
                ]);
            }
            table(f, &rows)?;
        }
        let eps = self.precision.epsilon();
        writeln!(
            f,
            "Large steps: truncation error (forward ~ h*|f''|/2, central ~ h^2*|f'''|/6) falls as h shrinks;"
        )?;
        write!(
            f,
            "small steps: round-off ~ eps*|f|/h rises (eps = {:.1e} in {}), so the best step is near sqrt(eps) = {:.0e} forward, cbrt(eps) = {:.0e} central.",
            eps,
            self.precision,
            eps.sqrt(),
            eps.cbrt()
        )?;
        writeln!(f)
    }
}

/// Options of [`verify_gradient`].
///
/// ```
/// let o = nabla::VerifyOptions::default();
/// assert_eq!(o.rtol, nabla::DEFAULT_RTOL);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct VerifyOptions {
    /// Relative tolerance.
    pub rtol: f64,
    /// Absolute tolerance.
    pub atol: f64,
}

impl Default for VerifyOptions {
    fn default() -> Self {
        VerifyOptions {
            rtol: DEFAULT_RTOL,
            atol: DEFAULT_ATOL,
        }
    }
}

/// A simple relation between a hand-derived partial and the exact partials that explains a
/// disagreement.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Diagnosis {
    /// The hand formula is the exact partial with the opposite sign.
    OppositeSign,
    /// The hand formula is `factor` times the exact partial.
    Factor {
        /// The factor.
        factor: f64,
    },
    /// The hand formula is the exact partial of another variable.
    Swapped {
        /// That variable.
        with: String,
    },
    /// The hand formula is the exact partial plus a constant.
    Offset {
        /// The constant.
        offset: f64,
    },
}

/// `(p, q)` with small integers when `v` is within `1e-9` relative of `p/q`.
fn simple_fraction(v: f64) -> Option<(f64, i32)> {
    (1..=16_i32).find_map(|q| {
        let p = (v * f64::from(q)).round();
        (p.abs() <= 1000.0 && p != 0.0 && (p / f64::from(q) - v).abs() <= 1e-9 * v.abs())
            .then_some((p, q))
    })
}

/// `v` moved onto a nearby simple fraction (`2.0000000000000004` becomes `2`).
fn snap(v: f64) -> f64 {
    simple_fraction(v).map_or(v, |(p, q)| p / f64::from(q))
}

/// `p/q` with small integers when `v` is close to one, else the number.
fn fraction(v: f64) -> String {
    match simple_fraction(v) {
        Some((p, 1)) => fmt_number(p),
        Some((p, q)) => format!("{}/{q}", fmt_number(p)),
        None => fmt_number(v),
    }
}

impl fmt::Display for Diagnosis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Diagnosis::OppositeSign => {
                write!(
                    f,
                    "your formula is the exact partial with the opposite sign"
                )
            }
            Diagnosis::Factor { factor } => {
                write!(
                    f,
                    "your formula is {} times the exact partial",
                    fraction(*factor)
                )?;
                let a = factor.abs();
                if a > 1.0 {
                    write!(f, " (a factor of {} too much)", fraction(a))
                } else {
                    write!(f, " (a factor of {} missing)", fraction(1.0 / a))
                }
            }
            Diagnosis::Swapped { with } => write!(
                f,
                "your formula matches df/d{with} instead: the partials look swapped"
            ),
            Diagnosis::Offset { offset } => write!(
                f,
                "your formula is the exact partial {} {}: off by a constant",
                if *offset < 0.0 { "minus" } else { "plus" },
                fraction(offset.abs())
            ),
        }
    }
}

/// The outcome for one hand-derived partial.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HandVerdict {
    /// Agrees with the exact partial at every point compared.
    Agrees,
    /// Disagrees at some point.
    Disagrees,
    /// No point could be compared (the exact partial is not finite at all of them).
    Unchecked,
}

/// The comparison at one point.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HandPoint {
    /// The point.
    pub point: Vec<f64>,
    /// The exact partial.
    pub exact: Option<f64>,
    /// The hand formula's value.
    pub hand: Option<f64>,
    /// `|exact - hand|`.
    pub abs_error: Option<f64>,
    /// `|exact - hand| / max(|exact|, |hand|)`.
    pub rel_error: Option<f64>,
}

/// One hand-derived partial, verified.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HandComponent {
    /// The variable.
    pub var: String,
    /// The formula as given.
    pub formula: String,
    /// The exact partial as text (if short enough to print).
    pub exact_formula: Option<String>,
    /// The outcome.
    pub verdict: HandVerdict,
    /// Points compared.
    pub compared: usize,
    /// Points where they disagree.
    pub disagreeing: usize,
    /// Points skipped because the exact partial is not finite there.
    pub skipped: usize,
    /// The worst point (largest difference relative to the tolerance).
    pub worst: Option<HandPoint>,
    /// A simple relation explaining a disagreement, when one fits every point.
    pub diagnosis: Option<Diagnosis>,
}

/// The result of [`verify_gradient`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HandReport {
    /// The variable names.
    pub vars: Vec<String>,
    /// Number of points.
    pub points: usize,
    /// The options used.
    pub options: VerifyOptions,
    /// One entry per hand formula, in variable order.
    pub components: Vec<HandComponent>,
}

impl HandReport {
    /// True when every hand formula agrees.
    pub fn passed(&self) -> bool {
        self.components
            .iter()
            .all(|c| c.verdict == HandVerdict::Agrees)
    }
}

/// Compares hand-derived partials with the exact ones at each point.
///
/// `hand` lists `(variable, formula)` pairs; each formula is parsed into the function's graph, so
/// it shares the function's variables by name. A formula that does not parse gives
/// [`CheckError::HandParse`], whose caret points into that formula.
///
/// ```
/// use nabla::{verify_gradient, Diagnosis, Function, VerifyOptions};
/// let f = Function::parse("x^2*y").unwrap();
/// let pts = [vec![1.0, 2.0], vec![-3.0, 0.5]];
/// let ok = verify_gradient(&f, &[("x", "2*x*y"), ("y", "x^2")], &pts, &VerifyOptions::default()).unwrap();
/// assert!(ok.passed());
/// let bad = verify_gradient(&f, &[("x", "x*y")], &pts, &VerifyOptions::default()).unwrap();
/// assert_eq!(bad.components[0].diagnosis, Some(Diagnosis::Factor { factor: 0.5 }));
/// ```
pub fn verify_gradient(
    f: &Function,
    hand: &[(&str, &str)],
    points: &[Vec<f64>],
    opts: &VerifyOptions,
) -> Result<HandReport, CheckError> {
    tolerances(opts.rtol, opts.atol)?;
    check_points(f, points)?;
    let names: Vec<String> = f.var_names().iter().map(|s| s.to_string()).collect();
    let known = names.join(", ");
    let mut formula = f.formula().clone();
    let vars = formula.vars().to_vec();
    // Resolve every hand formula first, so errors come before any work.
    let mut comps: Vec<(usize, String, NodeId)> = Vec::with_capacity(hand.len());
    for (var, text) in hand {
        let var = var.trim();
        let Some(i) = names.iter().position(|n| n == var) else {
            return Err(CheckError::UnknownPartial {
                var: var.to_string(),
                known,
            });
        };
        if comps.iter().any(|c| c.0 == i) {
            return Err(CheckError::DuplicatePartial {
                var: var.to_string(),
            });
        }
        let parsed =
            parse_into(formula.graph_mut(), text).map_err(|error| CheckError::HandParse {
                var: var.to_string(),
                error,
            })?;
        let g = formula.graph();
        if let Some(v) = g.vars_of(&[parsed.root]).iter().find(|v| !vars.contains(v)) {
            return Err(CheckError::HandUnknownVariable {
                var: var.to_string(),
                name: g.var_name(*v).to_string(),
                known,
            });
        }
        comps.push((i, text.trim().to_string(), parsed.root));
    }
    comps.sort_by_key(|c| c.0);
    let graph = formula.graph();
    let grad = f.gradient_nodes();
    let mut roots: Vec<NodeId> = grad.to_vec();
    roots.extend(comps.iter().map(|c| c.2));
    let mut sweeper = Sweeper::new(graph, &roots);
    let mut by_var = vec![0.0; graph.var_names().len()];
    // values[k][j]: exact partial j at point k; hand[k][c], with magnitudes.
    let mut exact_vals = Vec::with_capacity(points.len());
    let mut hand_vals = Vec::with_capacity(points.len());
    for x in points {
        for (k, v) in vars.iter().enumerate() {
            by_var[v.index()] = x[k];
        }
        sweeper.run(&by_var);
        let e: Vec<(f64, f64)> = grad
            .iter()
            .map(|&id| (sweeper.value(id), sweeper.magnitude(id)))
            .collect();
        let h: Vec<(f64, f64)> = comps
            .iter()
            .map(|c| (sweeper.value(c.2), sweeper.magnitude(c.2)))
            .collect();
        exact_vals.push(e);
        hand_vals.push(h);
    }
    let tol = |a: f64, b: f64, ma: f64, mb: f64| {
        opts.atol + opts.rtol * a.abs().max(b.abs()) + 8.0 * f64::EPSILON * (ma + mb)
    };
    let components = comps
        .iter()
        .enumerate()
        .map(|(c, (i, text, _))| {
            let i = *i;
            let mut compared = 0;
            let mut disagreeing = 0;
            let mut skipped = 0;
            let mut worst: Option<(f64, usize)> = None;
            let mut pairs = Vec::new();
            for k in 0..points.len() {
                let (a, ma) = exact_vals[k][i];
                let (b, mb) = hand_vals[k][c];
                if !a.is_finite() {
                    skipped += 1;
                    continue;
                }
                compared += 1;
                let score = if b.is_finite() {
                    pairs.push(k);
                    let t = tol(a, b, ma, mb);
                    let d = (a - b).abs();
                    if t > 0.0 {
                        d / t
                    } else if d > 0.0 {
                        f64::MAX
                    } else {
                        0.0
                    }
                } else {
                    f64::INFINITY
                };
                if score > 1.0 {
                    disagreeing += 1;
                }
                if worst.map_or(true, |(s, _)| score > s) {
                    worst = Some((score, k));
                }
            }
            let verdict = if compared == 0 {
                HandVerdict::Unchecked
            } else if disagreeing == 0 {
                HandVerdict::Agrees
            } else {
                HandVerdict::Disagrees
            };
            let worst = worst.map(|(_, k)| {
                let (a, b) = (exact_vals[k][i].0, hand_vals[k][c].0);
                let d = (a - b).abs();
                let big = a.abs().max(b.abs());
                HandPoint {
                    point: points[k].clone(),
                    exact: finite(a),
                    hand: finite(b),
                    abs_error: finite(d),
                    rel_error: if d == 0.0 {
                        Some(0.0)
                    } else if big > 0.0 {
                        finite(d / big)
                    } else {
                        None
                    },
                }
            });
            let diagnosis = if verdict == HandVerdict::Disagrees {
                diagnose(&names, i, c, &pairs, &exact_vals, &hand_vals, &tol)
            } else {
                None
            };
            HandComponent {
                var: names[i].clone(),
                formula: text.clone(),
                exact_formula: graph.to_infix(grad[i]).ok().filter(|t| t.len() <= 200),
                verdict,
                compared,
                disagreeing,
                skipped,
                worst,
                diagnosis,
            }
        })
        .collect();
    Ok(HandReport {
        vars: names,
        points: points.len(),
        options: *opts,
        components,
    })
}

/// Looks for a relation `hand = R(exact)` that holds at every compared point.
fn diagnose(
    names: &[String],
    i: usize,
    c: usize,
    pairs: &[usize],
    exact: &[Vec<(f64, f64)>],
    hand: &[Vec<(f64, f64)>],
    tol: &dyn Fn(f64, f64, f64, f64) -> f64,
) -> Option<Diagnosis> {
    if pairs.is_empty() {
        return None;
    }
    let holds = |rel: &dyn Fn(f64) -> f64, j: usize| {
        pairs.iter().all(|&k| {
            let (a, ma) = exact[k][j];
            let (b, mb) = hand[k][c];
            let r = rel(a);
            (r - b).abs() <= 16.0 * tol(r, b, ma.max(r.abs()), mb)
        })
    };
    if holds(&|a| -a, i) {
        return Some(Diagnosis::OppositeSign);
    }
    // The factor from the point where the exact partial is largest.
    let &kmax = pairs
        .iter()
        .max_by(|&&p, &&q| exact[p][i].0.abs().total_cmp(&exact[q][i].0.abs()))?;
    let (a, b) = (exact[kmax][i].0, hand[kmax][c].0);
    if a != 0.0 {
        let factor = snap(b / a);
        if factor.is_finite() && factor != 0.0 && holds(&|a| factor * a, i) {
            return Some(Diagnosis::Factor { factor });
        }
    }
    for (j, name) in names.iter().enumerate() {
        if j != i && holds(&|a| a, j) {
            return Some(Diagnosis::Swapped { with: name.clone() });
        }
    }
    let offset = snap(hand[pairs[0]][c].0 - exact[pairs[0]][i].0);
    if offset != 0.0 && holds(&|a| a + offset, i) {
        return Some(Diagnosis::Offset { offset });
    }
    None
}

impl fmt::Display for HandReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "hand-derived partials against the exact gradient at {} point{} (rtol {}, atol {})",
            self.points,
            if self.points == 1 { "" } else { "s" },
            fmt_number(self.options.rtol),
            fmt_number(self.options.atol)
        )?;
        for c in &self.components {
            writeln!(f)?;
            let verdict = match c.verdict {
                HandVerdict::Agrees => "agrees".to_string(),
                HandVerdict::Disagrees => {
                    format!("DISAGREES at {} of {} points", c.disagreeing, c.compared)
                }
                HandVerdict::Unchecked => {
                    "unchecked: the exact partial is not finite at any point; give points inside its domain".to_string()
                }
            };
            writeln!(f, "df/d{} = {}", c.var, c.formula)?;
            writeln!(f, "  {verdict}")?;
            if let Some(w) = &c.worst {
                let what = if c.verdict == HandVerdict::Agrees {
                    "largest difference"
                } else {
                    "worst point"
                };
                writeln!(
                    f,
                    "  {what} at {}: exact {}, yours {}, abs error {}, rel error {}",
                    point_text(&self.vars, &w.point),
                    num(w.exact),
                    w.hand.map_or_else(|| "not finite".to_string(), fmt_number),
                    err(w.abs_error),
                    err(w.rel_error)
                )?;
            }
            if c.skipped > 0 {
                writeln!(
                    f,
                    "  {} point{} skipped: the exact partial is not finite there",
                    c.skipped,
                    if c.skipped == 1 { "" } else { "s" }
                )?;
            }
            if c.verdict == HandVerdict::Disagrees {
                match &c.diagnosis {
                    Some(d) => writeln!(f, "  {d}")?,
                    None => writeln!(
                        f,
                        "  no simple relation (opposite sign, constant factor, swapped partials, constant offset) explains it"
                    )?,
                }
                if let Some(t) = &c.exact_formula {
                    writeln!(f, "  the exact partial is {t}")?;
                }
            }
        }
        writeln!(f)?;
        if self.passed() {
            writeln!(f, "every hand-derived partial agrees")
        } else {
            let bad: Vec<String> = self
                .components
                .iter()
                .filter(|c| c.verdict != HandVerdict::Agrees)
                .map(|c| format!("df/d{}", c.var))
                .collect();
            writeln!(f, "check {}", bad.join(", "))
        }
    }
}
