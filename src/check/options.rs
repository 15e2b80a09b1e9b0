//! Settings and errors of gradient checking: [`CheckError`], the evaluation [`Precision`], the
//! finite-difference [`Step`], [`CheckOptions`], the [`SampleBox`] random points come from, and
//! the default tolerances.
//!
//! Invariants: a validated [`CheckOptions`] has a positive finite fixed step (if any) and finite
//! tolerances `>= 0`; a [`SampleBox`] has finite bounds with `lo <= hi`, and the same seed always
//! gives the same points.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::error::{Error, ParseError};
use crate::tr;

/// Default relative tolerance of [`check_gradient`](crate::check_gradient) and
/// [`verify_gradient`](crate::verify_gradient): `1e-6`. A central difference at the default step
/// is typically right to `1e-10` relative, while a wrong gradient (a sign, a factor of 2, a
/// missing term) is off by far more than `1e-6`.
pub const DEFAULT_RTOL: f64 = 1e-6;

/// Default absolute tolerance: `1e-10`, a floor for partials that are zero or nearly so.
pub const DEFAULT_ATOL: f64 = 1e-10;

/// Default number of random points [`verify_gradient`](crate::verify_gradient) callers use.
pub const DEFAULT_HAND_POINTS: usize = 1000;

/// Default number of random points of a central-difference check given no point.
pub const DEFAULT_CHECK_POINTS: usize = 5;

/// Default interval of every variable for random points: `-5..5`.
pub const DEFAULT_BOX: (f64, f64) = (-5.0, 5.0);

/// Errors of gradient checking.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CheckError {
    /// The compiled program refused the point or its workspace (an internal inconsistency; the
    /// points are checked before any evaluation).
    #[error("{0}")]
    Eval(#[from] crate::EvalError),
    /// A point with the wrong number of coordinates.
    #[error("{}", tr!("check-err-dimension", found = .found.to_string(), expected = .expected.to_string()))]
    Dimension {
        /// Number of variables.
        expected: usize,
        /// Coordinates given.
        found: usize,
    },
    /// No point to check.
    #[error("{}", tr!("check-err-no-points"))]
    NoPoints,
    /// A step that is not a positive finite number.
    #[error("{}", tr!("check-err-bad-step", step = .step.to_string()))]
    BadStep {
        /// The step given.
        step: f64,
    },
    /// A tolerance that is negative or not finite.
    #[error("{}", tr!("check-err-bad-tolerance", name = *.name, value = .value.to_string()))]
    BadTolerance {
        /// `rtol` or `atol`.
        name: &'static str,
        /// The value given.
        value: f64,
    },
    /// A box whose bounds are not finite or are reversed.
    #[error("{}", tr!("check-err-bad-box", var = .var, lo = .lo.to_string(), hi = .hi.to_string()))]
    BadBox {
        /// The variable.
        var: String,
        /// Lower bound.
        lo: f64,
        /// Upper bound.
        hi: f64,
    },
    /// A hand-derived partial that did not parse; the caret points into that formula.
    #[error("{}\n{error}", tr!("check-err-hand-parse", var = .var))]
    HandParse {
        /// The variable the formula differentiates by.
        var: String,
        /// The parse error, pointing into the hand formula.
        error: ParseError,
    },
    /// A hand-derived partial for a variable the function does not have.
    #[error("{}", tr!("check-err-unknown-partial", var = .var, known = .known))]
    UnknownPartial {
        /// The name given.
        var: String,
        /// The function's variables.
        known: String,
    },
    /// Two hand-derived formulas for the same partial.
    #[error("{}", tr!("check-err-duplicate-partial", var = .var))]
    DuplicatePartial {
        /// The variable.
        var: String,
    },
    /// A hand-derived partial that uses a variable the function does not have.
    #[error("{}", tr!("check-err-hand-unknown-variable", var = .var, name = .name, known = .known))]
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
    /// Single precision asked of a function that evaluates only in double precision (one given
    /// as code, not as a formula).
    #[error("{}", tr!("check-err-single-precision"))]
    SinglePrecision,
    /// The function or gradient given as code failed; the message says how.
    #[error("{message}")]
    Function {
        /// What failed, and how to fix it.
        message: String,
    },
    /// Hand-derived values of a partial that do not match the points one to one.
    #[error("{}", tr!("check-err-hand-values", var = .var, expected = .expected.to_string(), found = .found.to_string()))]
    HandValues {
        /// The partial.
        var: String,
        /// Number of points.
        expected: usize,
        /// Values given.
        found: usize,
    },
    /// A hand-derived gradient given both as formulas and as a function.
    #[error("{}", tr!("check-err-hand-both"))]
    HandBoth,
    /// Hand-derived formulas in variable order whose number is not the number of variables.
    #[error("{}", tr!("check-err-hand-count", found = .found.to_string(), expected = .expected.to_string(), names = .names))]
    HandCount {
        /// Formulas given.
        found: usize,
        /// Variables of the function.
        expected: usize,
        /// Their names.
        names: String,
    },
    /// A box for random points with a number of intervals other than the number of variables.
    #[error("{}", tr!("check-err-box-dimension", found = .found.to_string(), expected = .expected.to_string()))]
    BoxDimension {
        /// Number of variables.
        expected: usize,
        /// Intervals given.
        found: usize,
    },
    /// More random points than [`MAX_RANDOM_POINTS`](crate::limits::MAX_RANDOM_POINTS).
    #[error("{}", tr!("check-err-too-many-points", n = .n.to_string(), max = .max.to_string()))]
    TooManyPoints {
        /// Points asked for.
        n: usize,
        /// The most allowed.
        max: usize,
    },
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
            other => Err(tr!("check-err-precision", name = other)),
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

/// Options of [`check_gradient`](crate::check_gradient).
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
    pub(super) fn validate(&self) -> Result<(), CheckError> {
        if let Step::Fixed(h) = self.step {
            if !(h.is_finite() && h > 0.0) {
                return Err(CheckError::BadStep { step: h });
            }
        }
        tolerances(self.rtol, self.atol)
    }
}

/// Checks that both tolerances are finite and `>= 0`.
pub(super) fn tolerances(rtol: f64, atol: f64) -> Result<(), CheckError> {
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
                    var: tr!("check-err-box-variable", index = (i + 1).to_string()),
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
