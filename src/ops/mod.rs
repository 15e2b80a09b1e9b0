//! The operator table: every function nabla knows, in one place.
//!
//! Each operator is one entry in [`table`](self) (see `src/ops/table.rs`): its spelling, its
//! evaluation (one expression, generic over `f32` and `f64`), its local partial derivatives as
//! graph rules, its non-smooth and out-of-domain points, how it prints (infix or call, LaTeX), how
//! rounding magnitudes propagate through it, and its instruction in the register tape. The
//! `unary_ops!` and `binary_ops!` macros below turn the entries into the [`Unary`] and [`Binary`]
//! enums, their evaluation `match`es and the static spec tables, so **adding an operator is one
//! entry** (plus its tests; the table tests walk every operator automatically). The graph's
//! constant folding, the compiled tape and the derivative rules all call the evaluation here, so a
//! folded constant is bit-identical to the value the tape computes at run time.
//!
//! Back ends read the entry's slots: the tape reads `lower` ([`Lowering`]); interval arithmetic
//! reads `interval` (the operator's inclusion function in [`crate::Interval`], with its rounding
//! guarantee documented there); gradient checking reads `singular` ([`Singularity`]) and
//! `magnitude`; the printers read `name`, `latex` and `print`; the parser reads `name` and
//! `aliases`. The native back end (`src/jit/`, feature `jit`) lowers the tape's instructions, so it
//! reads `lower` through them and calls the evaluation here for every `Lowering::Call` operator.
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
//! | `tanh(a)` | `1/cosh(a)^2` | accurate in the tails (not `1 - tanh^2`, which is 0 from 19.1) |
//! | `sigmoid(a)` | `sigmoid(a)*sigmoid(-a)` | accurate in the tails (not `s*(1 - s)`) |
//! | `max(a, b)` | `step(a - b)`, `step(b - a)` | a tie `a = b` splits the gradient 1/2 : 1/2 |
//! | `min(a, b)` | `step(b - a)`, `step(a - b)` | a tie splits the gradient 1/2 : 1/2 |
//! | `a^b`, `b` constant | `b*a^(b-1)` | as `powf`; `0^0.5` has derivative inf |
//! | `a^b`, `b` not constant | `b*a^(b-1)` and `xlogy(a^b, a)` | 0 in `b` at `a = 0`, `b > 0` (`0^b` is constant); NaN for `a < 0` (ln of a negative) |
//! | `xlogy(a, b)` | `ln(b)`, `a/b` | `xlogy(0, b) = 0` for `b >= 0`; its derivatives are infinite or NaN at `b = 0` (so the second derivative of `x^y` in `y` is NaN at `x = 0`) |
//! | `sign(a)`, `step(a)` | 0 | the jump at 0 is ignored (derivative 0 almost everywhere) |
//!
//! `step(a)` is the Heaviside function with `step(0) = 1/2`; `sign(0) = 0`. Both exist as
//! functions of the language so that every derivative nabla prints can be parsed back.
//!
//! Integer powers `a^n` with constant integer `n`, `|n| <= 64`, evaluate with `powi` (repeated
//! multiplication, exact for small integers); other powers with `powf`.

use num_traits::Float;

use crate::graph::{Graph, NodeId};
use crate::interval::Interval;

/// A local partial derivative: a factor, or a quotient `num/den` (so the contribution prints as
/// `adj*num/den` rather than `adj*(1/den)`).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Partial {
    Factor(NodeId),
    Ratio(NodeId, NodeId),
}

/// The local partials of a two-argument operator: each `(child, partial)`, at most two.
pub(crate) type Partials = [Option<(NodeId, Partial)>; 2];

/// Where an operator is not smooth, or leaves its domain, in terms of its arguments.
///
/// ```
/// use nabla::{Singularity, Unary};
/// assert!(matches!(Unary::Abs.singularity(), Some(Singularity::Zero { arg: 0, .. })));
/// assert_eq!(Unary::Sin.singularity(), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Singularity {
    /// Argument `arg` (0 or 1) reaching 0; `what` says what happens there ("its kink at 0").
    Zero {
        /// Which argument.
        arg: usize,
        /// What happens there, as a phrase for reports.
        what: &'static str,
    },
    /// The argument at ±1 (`asin`, `acos`: infinite slope, domain edge).
    Unit,
    /// A pole where `cos(arg) = 0` (`tan`).
    TanPole,
    /// The two arguments equal (`min`, `max`: a kink).
    Tie,
    /// `atan2(y, x)`'s branch cut `y = 0, x <= 0`.
    BranchCut,
    /// Both arguments 0 (`hypot`'s kink).
    Origin,
}

/// How gradient checking's rounding magnitude (the node evaluated with absolute values, an upper
/// bound on the size of the terms that cancelled) propagates through an operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Magnitude {
    /// `|value|`.
    Value,
    /// The argument's magnitude (negation).
    Arg,
    /// `m(a) + m(b)`.
    Sum,
    /// `m(a) * m(b)`.
    Product,
    /// `m(a) / |b|`.
    Quotient,
    /// `m(a)^n` for a constant integer `n >= 0`, else `|value|`.
    Power,
}

/// The register tape's instruction for an operator: arithmetic the tape inlines (and fuses), or a
/// call of the operator's evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lowering {
    Neg,
    Add,
    Sub,
    Mul,
    Div,
    /// Squares, cubes and small integer powers inline; other powers call [`pow`].
    Pow,
    Call,
}

/// How a two-argument operator prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BinaryPrint {
    /// A sum-level infix operator with its spacing (`" + "`), the same in LaTeX.
    Sum(&'static str),
    /// `a*b` (LaTeX: juxtaposition after a constant, `\cdot` otherwise).
    Product,
    /// `a/b` (LaTeX: `\frac`).
    Quotient,
    /// `a^b` (LaTeX: superscript).
    Power,
    /// Function syntax `name(a, b)`, with the LaTeX name.
    Call(&'static str),
}

/// Everything the table says about a one-argument operator.
pub(crate) struct UnarySpec {
    pub op: Unary,
    /// The canonical name, as printed (`-` for the negation, which prints as a prefix).
    pub name: &'static str,
    /// Other spellings people paste (numpy, Python's math, C).
    pub aliases: &'static [&'static str],
    /// LaTeX text before and after the argument.
    pub latex: (&'static str, &'static str),
    /// `(graph, argument, the node itself)` to the local partial (`None`: 0 everywhere).
    pub derivative: fn(&mut Graph, NodeId, NodeId) -> Option<Partial>,
    pub singular: Option<Singularity>,
    /// Read by gradient checking (a solver).
    #[cfg_attr(not(feature = "solvers"), allow(dead_code))]
    pub magnitude: Magnitude,
    pub lower: Lowering,
    /// The interval inclusion: encloses the operator's values over an interval argument.
    pub interval: fn(Interval) -> Interval,
}

/// Everything the table says about a two-argument operator.
pub(crate) struct BinarySpec {
    pub op: Binary,
    /// The function-syntax name (`pow`, `atan2`) or the operator symbol.
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub print: BinaryPrint,
    /// `(graph, a, b, the node itself)` to the local partials with respect to `a` and `b`
    /// (a child is omitted where its partial is 0 everywhere, or listed once when `a == b`).
    pub derivative: fn(&mut Graph, NodeId, NodeId, NodeId) -> Partials,
    /// The singular points, given the constant value of the second argument if it has one.
    pub singular: fn(Option<f64>) -> Option<Singularity>,
    pub commutative: bool,
    /// Read by gradient checking (a solver).
    #[cfg_attr(not(feature = "solvers"), allow(dead_code))]
    pub magnitude: Magnitude,
    pub lower: Lowering,
    /// The interval inclusion over a box of the two arguments.
    pub interval: fn(Interval, Interval) -> Interval,
}

/// Defines [`Unary`] from the table's entries: the enum, its evaluation and its spec table.
macro_rules! unary_ops {
    ($( $(#[$doc:meta])* $v:ident {
        name: $name:literal, aliases: [$($alias:literal),*], latex: ($lo:literal, $lc:literal),
        $(#[$edoc:meta])* eval: |$a:ident| $e:expr,
        $(#[$ddoc:meta])* derivative: $d:expr,
        singular: $s:expr, magnitude: $m:expr, lower: $l:expr, interval: $iv:expr $(,)?
    } ),* $(,)?) => {
        /// A one-argument operator (an entry of the operator table).
        ///
        /// ```
        /// use nabla::Unary;
        /// assert_eq!(Unary::from_name("sin"), Some(Unary::Sin));
        /// assert_eq!(Unary::Sin.eval(0.0_f64), 0.0);
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Unary { $( $(#[$doc])* $v, )* }

        impl Unary {
            /// Every one-argument operator, in table order.
            pub const ALL: &'static [Unary] = &[$(Unary::$v),*];

            /// Evaluates the operator.
            #[inline]
            pub fn eval<T: num_traits::Float>(self, x: T) -> T {
                match self { $( Unary::$v => { let $a = x; $e } )* }
            }

            /// The operator's entry in the table.
            pub(crate) fn spec(self) -> &'static $crate::ops::UnarySpec {
                static TABLE: &[$crate::ops::UnarySpec] = &[$( $crate::ops::UnarySpec {
                    op: Unary::$v, name: $name, aliases: &[$($alias),*], latex: ($lo, $lc),
                    derivative: $d, singular: $s, magnitude: $m, lower: $l, interval: $iv,
                } ),*];
                let spec = &TABLE[self as usize];
                debug_assert_eq!(spec.op, self, "the table is in enum order");
                spec
            }
        }
    };
}

/// Defines [`Binary`] from the table's entries, as [`unary_ops!`] does for [`Unary`].
macro_rules! binary_ops {
    ($( $(#[$doc:meta])* $v:ident {
        name: $name:literal, aliases: [$($alias:literal),*], print: $p:expr,
        $(#[$edoc:meta])* eval: |$a:ident, $b:ident| $e:expr,
        $(#[$ddoc:meta])* derivative: $d:expr,
        singular: $s:expr, commutative: $c:expr, magnitude: $m:expr, lower: $l:expr,
        interval: $iv:expr $(,)?
    } ),* $(,)?) => {
        /// A two-argument operator (an entry of the operator table).
        ///
        /// ```
        /// use nabla::Binary;
        /// assert_eq!(Binary::Pow.eval(2.0_f64, 10.0), 1024.0);
        /// assert_eq!(Binary::from_name("atan2"), Some(Binary::Atan2));
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Binary { $( $(#[$doc])* $v, )* }

        impl Binary {
            /// Every two-argument operator, in table order.
            pub const ALL: &'static [Binary] = &[$(Binary::$v),*];

            /// Evaluates the operator.
            #[inline]
            pub fn eval<T: num_traits::Float>(self, x: T, y: T) -> T {
                match self { $( Binary::$v => { let ($a, $b) = (x, y); $e } )* }
            }

            /// The operator's entry in the table.
            pub(crate) fn spec(self) -> &'static $crate::ops::BinarySpec {
                static TABLE: &[$crate::ops::BinarySpec] = &[$( $crate::ops::BinarySpec {
                    op: Binary::$v, name: $name, aliases: &[$($alias),*], print: $p,
                    derivative: $d, singular: $s, commutative: $c, magnitude: $m, lower: $l,
                    interval: $iv,
                } ),*];
                let spec = &TABLE[self as usize];
                debug_assert_eq!(spec.op, self, "the table is in enum order");
                spec
            }
        }
    };
}

mod table;

pub use table::{Binary, Unary};

/// Functions the parser rewrites into other operators (`square(a) = a^2`, `log(a, b) = ln a / ln b`).
pub(crate) const SPECIAL_NAMES: &[&str] = &["square", "log"];

/// Every name a formula may call a function by: canonical names, then aliases, then the special
/// forms.
pub(crate) fn function_names() -> impl Iterator<Item = &'static str> {
    let unary = Unary::ALL.iter().filter(|u| **u != Unary::Neg);
    let binary = Binary::ALL.iter().filter(|b| b.is_callable());
    let names = unary
        .clone()
        .map(|u| u.spec().name)
        .chain(binary.clone().map(|b| b.spec().name));
    let aliases = unary
        .flat_map(|u| u.spec().aliases.iter().copied())
        .chain(binary.flat_map(|b| b.spec().aliases.iter().copied()));
    names.chain(aliases).chain(SPECIAL_NAMES.iter().copied())
}

/// The canonical name of a function name (an alias maps to its operator's name).
pub(crate) fn canonical(name: &str) -> &str {
    for u in Unary::ALL {
        if u.spec().aliases.contains(&name) {
            return u.spec().name;
        }
    }
    for b in Binary::ALL {
        if b.spec().aliases.contains(&name) {
            return b.spec().name;
        }
    }
    name
}

impl Unary {
    /// The canonical name, as printed (`Neg` has none: it prints as a prefix `-`).
    ///
    /// ```
    /// assert_eq!(nabla::Unary::Ln.name(), "ln");
    /// ```
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// Looks a canonical function name up.
    ///
    /// ```
    /// use nabla::Unary;
    /// assert_eq!(Unary::from_name("tanh"), Some(Unary::Tanh));
    /// assert_eq!(Unary::from_name("-"), None); // the negation is not a function
    /// ```
    pub fn from_name(name: &str) -> Option<Unary> {
        Unary::ALL
            .iter()
            .copied()
            .find(|u| *u != Unary::Neg && u.spec().name == name)
    }

    /// Where the operator is not smooth or leaves its domain (`None` for an operator smooth on
    /// all of its domain, which is then every float: `sin`, `exp`, ...).
    pub fn singularity(self) -> Option<Singularity> {
        self.spec().singular
    }

    /// True when the operator has no non-smooth or singular point ([`Unary::singularity`] is
    /// `None`).
    ///
    /// ```
    /// use nabla::Unary;
    /// assert!(Unary::Exp.is_smooth());
    /// assert!(!Unary::Abs.is_smooth() && !Unary::Ln.is_smooth() && !Unary::Tan.is_smooth());
    /// ```
    pub fn is_smooth(self) -> bool {
        self.singularity().is_none()
    }
}

impl Binary {
    /// The name used with function syntax (`pow`, `atan2`, ...) or the operator symbol
    /// (`+ - * / ^`).
    ///
    /// ```
    /// use nabla::Binary;
    /// assert_eq!((Binary::Pow.name(), Binary::Hypot.name()), ("^", "hypot"));
    /// ```
    pub fn name(self) -> &'static str {
        match self.spec().print {
            BinaryPrint::Sum(s) => s.trim(),
            BinaryPrint::Product => "*",
            BinaryPrint::Quotient => "/",
            BinaryPrint::Power => "^",
            BinaryPrint::Call(_) => self.spec().name,
        }
    }

    /// True for the operators a formula may call with function syntax (`pow`, `atan2`, ...).
    fn is_callable(self) -> bool {
        matches!(self.spec().print, BinaryPrint::Power | BinaryPrint::Call(_))
    }

    /// Looks a canonical two-argument function name up (`pow`, `atan2`, `hypot`, `min`, `max`).
    pub fn from_name(name: &str) -> Option<Binary> {
        Binary::ALL
            .iter()
            .copied()
            .find(|b| b.is_callable() && b.spec().name == name)
    }

    /// True for `+ * min max hypot`, whose arguments commute.
    pub fn is_commutative(self) -> bool {
        self.spec().commutative
    }

    /// Where the operator is not smooth or leaves its domain, given the constant value of its
    /// second argument when it has one (`x^2` is smooth, `x^0.5` is not at 0).
    ///
    /// ```
    /// use nabla::Binary;
    /// assert_eq!(Binary::Pow.singularity(Some(2.0)), None);
    /// assert!(Binary::Pow.singularity(Some(0.5)).is_some());
    /// ```
    pub fn singularity(self, second: Option<f64>) -> Option<Singularity> {
        (self.spec().singular)(second)
    }
}

/// `sign(a)`: -1, 0 or 1; a zero keeps its sign and NaN stays NaN.
#[inline]
fn sign<T: Float>(a: T) -> T {
    if a > T::zero() {
        T::one()
    } else if a < T::zero() {
        -T::one()
    } else {
        a
    }
}

/// `step(a)`: 0 below 0, 1/2 at 0, 1 above; NaN stays NaN.
#[inline]
fn step<T: Float>(a: T) -> T {
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
        for &u in Unary::ALL {
            assert_eq!(u.spec().op, u, "table order matches the enum");
            if u != Unary::Neg {
                assert_eq!(Unary::from_name(u.name()), Some(u));
            }
        }
        for &b in Binary::ALL {
            assert_eq!(b.spec().op, b, "table order matches the enum");
        }
        assert_eq!(canonical("arctan2"), "atan2");
        assert_eq!(canonical("log"), "ln");
        assert!(function_names().any(|n| n == "heaviside"));
    }
}
