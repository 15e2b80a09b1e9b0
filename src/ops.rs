//! The operator table: every function nabla knows, in one place.
//!
//! Each operator has its spelling, its arity, its evaluation (generic over `f32` and `f64`) and its
//! local partial derivatives written side by side, so a rule is never far from the function it
//! differentiates. The graph's constant folding, the compiled tape and the derivative rules all call
//! the evaluation functions here, so a folded constant is bit-identical to the value the tape would
//! compute at run time.
//!
//! # Derivative rules and non-smooth points
//!
//! | function | derivative | at non-smooth or out-of-domain points |
//! |---|---|---|
//! | `abs(a)` | `sign(a)` | `abs'(0) = sign(0) = 0` (a subgradient) |
//! | `sqrt(a)` | `0.5/sqrt(a)` | `+inf` at 0, NaN for `a < 0` |
//! | `cbrt(a)` | `1/(3*cbrt(a)^2)` | `+inf` at 0 |
//! | `ln(a)`, `log2`, `log10` | `1/a`, `c/a` | NaN or inf for `a <= 0` (the value is already NaN/-inf) |
//! | `asin`, `acos` | `±1/sqrt(1 - a^2)` | inf at ±1, NaN outside [-1, 1] |
//! | `max(a, b)` | `step(a - b)`, `step(b - a)` | a tie `a = b` splits the gradient 1/2 : 1/2 |
//! | `min(a, b)` | `step(b - a)`, `step(a - b)` | a tie splits the gradient 1/2 : 1/2 |
//! | `a^b`, `b` constant | `b*a^(b-1)` | as `powf`; `0^0.5` has derivative inf |
//! | `a^b`, `b` not constant | `b*a^(b-1)` and `a^b*ln(a)` | NaN for `a < 0` (ln of a negative) |
//! | `sign(a)`, `step(a)` | 0 | the jump at 0 is ignored (derivative 0 almost everywhere) |
//!
//! `step(a)` is the Heaviside function with `step(0) = 1/2`; `sign(0) = 0`. Both exist as
//! functions of the language so that every derivative nabla prints can be parsed back.
//!
//! Integer powers `a^n` with constant integer `n`, `|n| <= 64`, evaluate with `powi` (repeated
//! multiplication, exact for small integers); other powers with `powf`.

use num_traits::Float;

/// A one-argument operator.
///
/// ```
/// use nabla::Unary;
/// assert_eq!(Unary::from_name("sin"), Some(Unary::Sin));
/// assert_eq!(Unary::Sin.eval(0.0_f64), 0.0);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Unary {
    /// `-a`
    Neg,
    /// `sin(a)`
    Sin,
    /// `cos(a)`
    Cos,
    /// `tan(a)`
    Tan,
    /// `asin(a)`
    Asin,
    /// `acos(a)`
    Acos,
    /// `atan(a)`
    Atan,
    /// `sinh(a)`
    Sinh,
    /// `cosh(a)`
    Cosh,
    /// `tanh(a)`
    Tanh,
    /// `exp(a)`
    Exp,
    /// natural logarithm `ln(a)` (also spelled `log(a)`, as in numpy and Python's math)
    Ln,
    /// `log10(a)`
    Log10,
    /// `log2(a)`
    Log2,
    /// `sqrt(a)`
    Sqrt,
    /// `cbrt(a)`
    Cbrt,
    /// `abs(a)`
    Abs,
    /// `sigmoid(a) = 1/(1 + exp(-a))`
    Sigmoid,
    /// `softplus(a) = ln(1 + exp(a))`
    Softplus,
    /// `sign(a)`: -1, 0 or 1
    Sign,
    /// `step(a)`: Heaviside, 0 for a < 0, 1/2 at 0, 1 for a > 0
    Step,
}

/// A two-argument operator.
///
/// ```
/// use nabla::Binary;
/// assert_eq!(Binary::Pow.eval(2.0_f64, 10.0), 1024.0);
/// assert_eq!(Binary::from_name("atan2"), Some(Binary::Atan2));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Binary {
    /// `a + b`
    Add,
    /// `a - b`
    Sub,
    /// `a * b`
    Mul,
    /// `a / b`
    Div,
    /// `a ^ b` (also `a ** b`, `pow(a, b)`)
    Pow,
    /// `atan2(y, x)`
    Atan2,
    /// `hypot(a, b) = sqrt(a^2 + b^2)` without overflow
    Hypot,
    /// `min(a, b)`
    Min,
    /// `max(a, b)`
    Max,
}

/// Every unary function with its canonical printed name (the name the printer uses).
pub(crate) const UNARY_NAMES: &[(&str, Unary)] = &[
    ("sin", Unary::Sin),
    ("cos", Unary::Cos),
    ("tan", Unary::Tan),
    ("asin", Unary::Asin),
    ("acos", Unary::Acos),
    ("atan", Unary::Atan),
    ("sinh", Unary::Sinh),
    ("cosh", Unary::Cosh),
    ("tanh", Unary::Tanh),
    ("exp", Unary::Exp),
    ("ln", Unary::Ln),
    ("log10", Unary::Log10),
    ("log2", Unary::Log2),
    ("sqrt", Unary::Sqrt),
    ("cbrt", Unary::Cbrt),
    ("abs", Unary::Abs),
    ("sigmoid", Unary::Sigmoid),
    ("softplus", Unary::Softplus),
    ("sign", Unary::Sign),
    ("step", Unary::Step),
];

/// Every two-argument function called with function syntax, with its canonical name.
pub(crate) const BINARY_NAMES: &[(&str, Binary)] = &[
    ("pow", Binary::Pow),
    ("atan2", Binary::Atan2),
    ("hypot", Binary::Hypot),
    ("min", Binary::Min),
    ("max", Binary::Max),
];

/// Other spellings people paste (numpy, Python's math, C), mapped to canonical names.
pub(crate) const ALIASES: &[(&str, &str)] = &[
    ("log", "ln"),
    ("arcsin", "asin"),
    ("arccos", "acos"),
    ("arctan", "atan"),
    ("arctan2", "atan2"),
    ("power", "pow"),
    ("fabs", "abs"),
    ("absolute", "abs"),
    ("maximum", "max"),
    ("minimum", "min"),
    ("fmax", "max"),
    ("fmin", "min"),
    ("heaviside", "step"),
];

/// Functions the parser rewrites into other operators (`square(a) = a^2`, `log(a, b) = ln a / ln b`).
pub(crate) const SPECIAL_NAMES: &[&str] = &["square", "log"];

impl Unary {
    /// The canonical name, as printed (`Neg` has none: it prints as a prefix `-`).
    pub fn name(self) -> &'static str {
        if self == Unary::Neg {
            return "-";
        }
        UNARY_NAMES
            .iter()
            .find(|(_, u)| *u == self)
            .map_or("-", |(n, _)| n)
    }

    /// Looks a canonical function name up.
    pub fn from_name(name: &str) -> Option<Unary> {
        UNARY_NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, u)| *u)
    }

    /// Evaluates the operator.
    #[inline]
    pub fn eval<T: Float>(self, a: T) -> T {
        match self {
            Unary::Neg => -a,
            Unary::Sin => a.sin(),
            Unary::Cos => a.cos(),
            Unary::Tan => a.tan(),
            Unary::Asin => a.asin(),
            Unary::Acos => a.acos(),
            Unary::Atan => a.atan(),
            Unary::Sinh => a.sinh(),
            Unary::Cosh => a.cosh(),
            Unary::Tanh => a.tanh(),
            Unary::Exp => a.exp(),
            Unary::Ln => a.ln(),
            Unary::Log10 => a.log10(),
            Unary::Log2 => a.log2(),
            Unary::Sqrt => a.sqrt(),
            Unary::Cbrt => a.cbrt(),
            Unary::Abs => a.abs(),
            Unary::Sigmoid => sigmoid(a),
            Unary::Softplus => softplus(a),
            Unary::Sign => {
                if a > T::zero() {
                    T::one()
                } else if a < T::zero() {
                    -T::one()
                } else {
                    // 0 stays 0 (of either sign), NaN stays NaN.
                    a
                }
            }
            Unary::Step => {
                if a > T::zero() {
                    T::one()
                } else if a < T::zero() {
                    T::zero()
                } else if a == T::zero() {
                    half()
                } else {
                    a
                }
            }
        }
    }

    /// True where the function is smooth nowhere near a kink, i.e. it has no non-differentiable
    /// point in its domain. `abs`, `sign`, `step`, `sqrt` and `cbrt` (at 0) are not.
    pub fn is_smooth(self) -> bool {
        !matches!(
            self,
            Unary::Abs | Unary::Sign | Unary::Step | Unary::Sqrt | Unary::Cbrt
        )
    }
}

impl Binary {
    /// The name used with function syntax (`pow`, `atan2`, ...) or the operator symbol.
    pub fn name(self) -> &'static str {
        match self {
            Binary::Add => "+",
            Binary::Sub => "-",
            Binary::Mul => "*",
            Binary::Div => "/",
            Binary::Pow => "^",
            Binary::Atan2 => "atan2",
            Binary::Hypot => "hypot",
            Binary::Min => "min",
            Binary::Max => "max",
        }
    }

    /// Looks a canonical two-argument function name up (`pow`, `atan2`, `hypot`, `min`, `max`).
    pub fn from_name(name: &str) -> Option<Binary> {
        BINARY_NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, b)| *b)
    }

    /// True for `+ * min max hypot`, whose arguments commute.
    pub fn is_commutative(self) -> bool {
        matches!(
            self,
            Binary::Add | Binary::Mul | Binary::Min | Binary::Max | Binary::Hypot
        )
    }

    /// Evaluates the operator.
    #[inline]
    pub fn eval<T: Float>(self, a: T, b: T) -> T {
        match self {
            Binary::Add => a + b,
            Binary::Sub => a - b,
            Binary::Mul => a * b,
            Binary::Div => a / b,
            Binary::Pow => pow(a, b),
            Binary::Atan2 => a.atan2(b),
            Binary::Hypot => a.hypot(b),
            Binary::Min => {
                // NaN-propagating, unlike f64::min.
                if a.is_nan() || b.is_nan() {
                    T::nan()
                } else if a <= b {
                    a
                } else {
                    b
                }
            }
            Binary::Max => {
                if a.is_nan() || b.is_nan() {
                    T::nan()
                } else if a >= b {
                    a
                } else {
                    b
                }
            }
        }
    }
}

fn half<T: Float>() -> T {
    T::one() / (T::one() + T::one())
}

/// `1/(1 + exp(-a))`, evaluated without overflow for large `|a|`.
#[inline]
fn sigmoid<T: Float>(a: T) -> T {
    if a >= T::zero() {
        T::one() / (T::one() + (-a).exp())
    } else {
        let e = a.exp();
        e / (T::one() + e)
    }
}

/// `ln(1 + exp(a))`, evaluated without overflow: `max(a, 0) + ln_1p(exp(-|a|))`.
#[inline]
fn softplus<T: Float>(a: T) -> T {
    if a.is_nan() {
        return a;
    }
    a.max(T::zero()) + (-a.abs()).exp().ln_1p()
}

/// The integer an exponent stands for, when it is an integer of magnitude at most 64.
#[inline]
pub(crate) fn small_int(b: f64) -> Option<i32> {
    if b.fract() == 0.0 && b.abs() <= 64.0 {
        // In range and integral, so the conversion is exact.
        Some(b as i32)
    } else {
        None
    }
}

/// `a^n` by binary powering, the algorithm of compiler-rt's `__powidf2` (what `f64::powi` calls),
/// written out so the compiled tape, constant folding and every float type agree bit for bit and
/// the tape can inline it.
#[inline]
pub fn powi<T: Float>(a: T, n: i32) -> T {
    let mut base = a;
    let mut e = n.unsigned_abs();
    let mut r = T::one();
    loop {
        if e & 1 != 0 {
            r = r * base;
        }
        e >>= 1;
        if e == 0 {
            break;
        }
        base = base * base;
    }
    if n < 0 {
        T::one() / r
    } else {
        r
    }
}

/// `a^b`: [`powi`] for small integer exponents (exact for small integers), `powf` otherwise.
#[inline]
pub fn pow<T: Float>(a: T, b: T) -> T {
    if let Some(n) = b.to_f64().and_then(small_int) {
        powi(a, n)
    } else {
        a.powf(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_and_step_at_zero() {
        assert_eq!(Unary::Sign.eval(0.0_f64), 0.0);
        assert_eq!(Unary::Sign.eval(-3.0_f64), -1.0);
        assert_eq!(Unary::Step.eval(0.0_f64), 0.5);
        assert_eq!(Unary::Step.eval(2.0_f32), 1.0);
        assert!(Unary::Step.eval(f64::NAN).is_nan());
    }

    #[test]
    fn stable_sigmoid_and_softplus() {
        assert_eq!(Unary::Sigmoid.eval(-1000.0_f64), 0.0);
        assert_eq!(Unary::Sigmoid.eval(1000.0_f64), 1.0);
        assert_eq!(Unary::Softplus.eval(1000.0_f64), 1000.0);
        assert!((Unary::Softplus.eval(0.0_f64) - 2f64.ln()).abs() < 1e-16);
    }

    #[test]
    fn min_max_propagate_nan() {
        assert!(Binary::Max.eval(f64::NAN, 1.0).is_nan());
        assert!(Binary::Min.eval(1.0, f64::NAN).is_nan());
        assert_eq!(Binary::Max.eval(1.0, 2.0), 2.0);
    }

    #[test]
    fn integer_powers_are_exact() {
        assert_eq!(pow(3.0_f64, 3.0), 27.0);
        assert_eq!(pow(-2.0_f64, 3.0), -8.0);
        assert_eq!(pow(2.0_f64, -1.0), 0.5);
        assert_eq!(pow(4.0_f64, 0.5), 2.0);
        assert!(pow(-4.0_f64, 0.5).is_nan());
        for n in -9..=9 {
            assert_eq!(powi(1.1_f64, n), 1.1_f64.powi(n), "n = {n}");
        }
    }

    #[test]
    fn names_round_trip() {
        for (n, u) in UNARY_NAMES {
            assert_eq!(Unary::from_name(n), Some(*u));
            assert_eq!(u.name(), *n);
        }
        for (n, b) in BINARY_NAMES {
            assert_eq!(Binary::from_name(n), Some(*b));
        }
    }
}
