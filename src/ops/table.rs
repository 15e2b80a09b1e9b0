//! The entries of the operator table: one block per operator, in the order of the enums.
//!
//! Each entry gives, side by side, everything nabla knows about one operator: its spelling and
//! other spellings people paste, its evaluation (one expression, generic over `f32` and `f64`),
//! its local partial derivatives as graph rules, where it is not smooth or leaves its domain,
//! how it prints (infix or call, LaTeX), how rounding magnitudes propagate through it (gradient
//! checking's error estimate), and its lowering for the register tape. The macros in `mod.rs`
//! turn the entries into the `Unary` and `Binary` enums, their evaluation `match`es and the
//! static spec tables; nothing else lists the operators.
//!
//! # Invariants
//!
//! * A derivative rule builds nodes only through the graph's smart constructors and returns
//!   `None` (unary) or omits a child (binary) only where the derivative is 0 everywhere it is
//!   defined (`sign`, `step`, constant arguments).
//! * Every rule is exact for every float where the derivative is finite; where the function
//!   saturates the rule is written in a form that keeps its relative accuracy (`tanh'` as
//!   `1/cosh^2`, not `1 - tanh^2`; `sigmoid'` as `sigmoid(a)*sigmoid(-a)`), tested in the tails.
//! * `singular` lists every point where the rule does not give the derivative of a smooth
//!   function: kinks, jumps, poles, infinite slopes and domain edges. The table test samples the
//!   rule against central differences everywhere else.

use super::{
    pow, sigmoid, sign, small_int, softplus, step, BinaryPrint, Lowering, Magnitude, Partial,
    Singularity,
};
use crate::graph::{Graph, NodeId};
use crate::interval::Interval;

use Partial::{Factor, Ratio};

unary_ops! {
    /// `-a`
    Neg {
        name: "-", aliases: [], latex: ("-", ""),
        eval: |a| -a,
        derivative: |g, _a, _f| Some(Factor(g.constant(-1.0))),
        singular: None, magnitude: Magnitude::Arg, lower: Lowering::Neg,
        interval: |a| -a,
    },
    /// `sin(a)`
    Sin {
        name: "sin", aliases: [], latex: ("\\sin\\left(", "\\right)"),
        eval: |a| a.sin(),
        derivative: |g, a, _f| Some(Factor(g.unary(Unary::Cos, a))),
        singular: None, magnitude: Magnitude::Value, lower: Lowering::Call,
        interval: Interval::sin,
    },
    /// `cos(a)`
    Cos {
        name: "cos", aliases: [], latex: ("\\cos\\left(", "\\right)"),
        eval: |a| a.cos(),
        derivative: |g, a, _f| {
            let s = g.unary(Unary::Sin, a);
            Some(Factor(g.neg(s)))
        },
        singular: None, magnitude: Magnitude::Value, lower: Lowering::Call,
        interval: Interval::cos,
    },
    /// `tan(a)`
    Tan {
        name: "tan", aliases: [], latex: ("\\tan\\left(", "\\right)"),
        eval: |a| a.tan(),
        derivative: |g, _a, f| {
            let (one, two) = (g.constant(1.0), g.constant(2.0));
            let sq = g.pow(f, two);
            Some(Factor(g.add_op(one, sq)))
        },
        singular: Some(Singularity::TanPole), magnitude: Magnitude::Value, lower: Lowering::Call,
        interval: Interval::tan,
    },
    /// `asin(a)`
    Asin {
        name: "asin", aliases: ["arcsin"], latex: ("\\arcsin\\left(", "\\right)"),
        eval: |a| a.asin(),
        derivative: |g, a, _f| Some(Ratio(g.constant(1.0), unit_root(g, a))),
        singular: Some(Singularity::Unit), magnitude: Magnitude::Value, lower: Lowering::Call,
        interval: Interval::asin,
    },
    /// `acos(a)`
    Acos {
        name: "acos", aliases: ["arccos"], latex: ("\\arccos\\left(", "\\right)"),
        eval: |a| a.acos(),
        derivative: |g, a, _f| Some(Ratio(g.constant(-1.0), unit_root(g, a))),
        singular: Some(Singularity::Unit), magnitude: Magnitude::Value, lower: Lowering::Call,
        interval: Interval::acos,
    },
    /// `atan(a)`
    Atan {
        name: "atan", aliases: ["arctan"], latex: ("\\arctan\\left(", "\\right)"),
        eval: |a| a.atan(),
        derivative: |g, a, _f| {
            let (one, two) = (g.constant(1.0), g.constant(2.0));
            let sq = g.pow(a, two);
            Some(Ratio(one, g.add_op(one, sq)))
        },
        singular: None, magnitude: Magnitude::Value, lower: Lowering::Call,
        interval: Interval::atan,
    },
    /// `sinh(a)`
    Sinh {
        name: "sinh", aliases: [], latex: ("\\sinh\\left(", "\\right)"),
        eval: |a| a.sinh(),
        derivative: |g, a, _f| Some(Factor(g.unary(Unary::Cosh, a))),
        singular: None, magnitude: Magnitude::Value, lower: Lowering::Call,
        interval: Interval::sinh,
    },
    /// `cosh(a)`
    Cosh {
        name: "cosh", aliases: [], latex: ("\\cosh\\left(", "\\right)"),
        eval: |a| a.cosh(),
        derivative: |g, a, _f| Some(Factor(g.unary(Unary::Sinh, a))),
        singular: None, magnitude: Magnitude::Value, lower: Lowering::Call,
        interval: Interval::cosh,
    },
    /// `tanh(a)`
    Tanh {
        name: "tanh", aliases: [], latex: ("\\tanh\\left(", "\\right)"),
        eval: |a| a.tanh(),
        // 1/cosh(a)^2 rather than 1 - tanh(a)^2, which is 0 from |a| = 19.1 on.
        derivative: |g, a, _f| {
            let (one, two) = (g.constant(1.0), g.constant(2.0));
            let c = g.unary(Unary::Cosh, a);
            Some(Ratio(one, g.pow(c, two)))
        },
        singular: None, magnitude: Magnitude::Value, lower: Lowering::Call,
        interval: Interval::tanh,
    },
    /// `exp(a)`
    Exp {
        name: "exp", aliases: [], latex: ("\\exp\\left(", "\\right)"),
        eval: |a| a.exp(),
        derivative: |_g, _a, f| Some(Factor(f)),
        singular: None, magnitude: Magnitude::Value, lower: Lowering::Call,
        interval: Interval::exp,
    },
    /// natural logarithm `ln(a)` (also spelled `log(a)`, as in numpy and Python's math)
    Ln {
        name: "ln", aliases: ["log"], latex: ("\\ln\\left(", "\\right)"),
        eval: |a| a.ln(),
        derivative: |g, a, _f| Some(Ratio(g.constant(1.0), a)),
        singular: Some(Singularity::Zero { arg: 0, what: "0, where it is singular" }),
        magnitude: Magnitude::Value, lower: Lowering::Call,
        interval: Interval::ln,
    },
    /// `log10(a)`
    Log10 {
        name: "log10", aliases: [], latex: ("\\log_{10}\\left(", "\\right)"),
        eval: |a| a.log10(),
        derivative: |g, a, _f| Some(Ratio(g.constant_rounded(std::f64::consts::LOG10_E), a)),
        singular: Some(Singularity::Zero { arg: 0, what: "0, where it is singular" }),
        magnitude: Magnitude::Value, lower: Lowering::Call,
        interval: Interval::log10,
    },
    /// `log2(a)`
    Log2 {
        name: "log2", aliases: [], latex: ("\\log_{2}\\left(", "\\right)"),
        eval: |a| a.log2(),
        derivative: |g, a, _f| Some(Ratio(g.constant_rounded(std::f64::consts::LOG2_E), a)),
        singular: Some(Singularity::Zero { arg: 0, what: "0, where it is singular" }),
        magnitude: Magnitude::Value, lower: Lowering::Call,
        interval: Interval::log2,
    },
    /// `sqrt(a)`
    Sqrt {
        name: "sqrt", aliases: [], latex: ("\\sqrt{", "}"),
        eval: |a| a.sqrt(),
        derivative: |g, _a, f| Some(Ratio(g.constant(0.5), f)),
        singular: Some(Singularity::Zero {
            arg: 0,
            what: "0, where its derivative is infinite",
        }),
        magnitude: Magnitude::Value, lower: Lowering::Call,
        interval: Interval::sqrt,
    },
    /// `cbrt(a)`
    Cbrt {
        name: "cbrt", aliases: [], latex: ("\\sqrt[3]{", "}"),
        eval: |a| a.cbrt(),
        derivative: |g, _a, f| {
            let (one, two, three) = (g.constant(1.0), g.constant(2.0), g.constant(3.0));
            let sq = g.pow(f, two);
            Some(Ratio(one, g.mul(three, sq)))
        },
        singular: Some(Singularity::Zero {
            arg: 0,
            what: "0, where its derivative is infinite",
        }),
        magnitude: Magnitude::Value, lower: Lowering::Call,
        interval: Interval::cbrt,
    },
    /// `abs(a)`
    Abs {
        name: "abs", aliases: ["fabs", "absolute"], latex: ("\\left|", "\\right|"),
        eval: |a| a.abs(),
        derivative: |g, a, _f| Some(Factor(g.unary(Unary::Sign, a))),
        singular: Some(Singularity::Zero { arg: 0, what: "its kink at 0" }),
        magnitude: Magnitude::Value, lower: Lowering::Call,
        interval: Interval::abs,
    },
    /// `sigmoid(a) = 1/(1 + exp(-a))`
    Sigmoid {
        name: "sigmoid", aliases: [], latex: ("\\operatorname{sigmoid}\\left(", "\\right)"),
        eval: |a| sigmoid(a),
        // sigmoid(a)*sigmoid(-a) rather than s*(1 - s), which is 0 from a = 36.7 on.
        derivative: |g, a, f| {
            let na = g.neg(a);
            let s = g.unary(Unary::Sigmoid, na);
            Some(Factor(g.mul(f, s)))
        },
        singular: None, magnitude: Magnitude::Value, lower: Lowering::Call,
        interval: Interval::sigmoid,
    },
    /// `softplus(a) = ln(1 + exp(a))`
    Softplus {
        name: "softplus", aliases: [], latex: ("\\operatorname{softplus}\\left(", "\\right)"),
        eval: |a| softplus(a),
        derivative: |g, a, _f| Some(Factor(g.unary(Unary::Sigmoid, a))),
        singular: None, magnitude: Magnitude::Value, lower: Lowering::Call,
        interval: Interval::softplus,
    },
    /// `sign(a)`: -1, 0 or 1
    Sign {
        name: "sign", aliases: [], latex: ("\\operatorname{sign}\\left(", "\\right)"),
        eval: |a| sign(a),
        derivative: |_g, _a, _f| None,
        singular: Some(Singularity::Zero { arg: 0, what: "its jump at 0" }),
        magnitude: Magnitude::Value, lower: Lowering::Call,
        interval: Interval::sign,
    },
    /// `step(a)`: Heaviside, 0 for a < 0, 1/2 at 0, 1 for a > 0
    Step {
        name: "step", aliases: ["heaviside"], latex: ("\\operatorname{step}\\left(", "\\right)"),
        eval: |a| step(a),
        derivative: |_g, _a, _f| None,
        singular: Some(Singularity::Zero { arg: 0, what: "its jump at 0" }),
        magnitude: Magnitude::Value, lower: Lowering::Call,
        interval: Interval::step,
    },
}

binary_ops! {
    /// `a + b`
    Add {
        name: "+", aliases: [], print: BinaryPrint::Sum(" + "),
        eval: |a, b| a + b,
        derivative: |g, a, b, _f| {
            let one = g.constant(1.0);
            [Some((a, Factor(one))), Some((b, Factor(one)))]
        },
        singular: |_| None, commutative: true, magnitude: Magnitude::Sum, lower: Lowering::Add,
        interval: |a, b| a + b,
    },
    /// `a - b`
    Sub {
        name: "-", aliases: [], print: BinaryPrint::Sum(" - "),
        eval: |a, b| a - b,
        derivative: |g, a, b, _f| {
            let (one, minus) = (g.constant(1.0), g.constant(-1.0));
            [Some((a, Factor(one))), Some((b, Factor(minus)))]
        },
        singular: |_| None, commutative: false, magnitude: Magnitude::Sum, lower: Lowering::Sub,
        interval: |a, b| a - b,
    },
    /// `a * b`
    Mul {
        name: "*", aliases: [], print: BinaryPrint::Product,
        eval: |a, b| a * b,
        derivative: |g, a, b, _f| {
            if a == b {
                let two = g.constant(2.0);
                [Some((a, Factor(g.mul(two, a)))), None]
            } else {
                [Some((a, Factor(b))), Some((b, Factor(a)))]
            }
        },
        singular: |_| None, commutative: true, magnitude: Magnitude::Product,
        lower: Lowering::Mul,
        interval: |a, b| a * b,
    },
    /// `a / b`
    Div {
        name: "/", aliases: [], print: BinaryPrint::Quotient,
        eval: |a, b| a / b,
        derivative: |g, a, b, _f| {
            let (one, two) = (g.constant(1.0), g.constant(2.0));
            let na = g.neg(a);
            let b2 = g.pow(b, two);
            [Some((a, Ratio(one, b))), Some((b, Ratio(na, b2)))]
        },
        singular: |_| Some(Singularity::Zero { arg: 1, what: "0 in a denominator (a pole)" }),
        commutative: false, magnitude: Magnitude::Quotient, lower: Lowering::Div,
        interval: |a, b| a / b,
    },
    /// `a ^ b` (also `a ** b`, `pow(a, b)`)
    Pow {
        name: "pow", aliases: ["power"], print: BinaryPrint::Power,
        eval: |a, b| pow(a, b),
        derivative: |g, a, b, f| {
            // Constants through the graph, which folds them with their enclosures (an exponent
            // `c - 1` or a factor `ln(c)` is rounded).
            if g.const_value(b).is_some() {
                // d/da a^c = c*a^(c-1)
                let one = g.constant(1.0);
                let cm1 = g.sub(b, one);
                let p = g.pow(a, cm1);
                [Some((a, Factor(g.mul(b, p)))), None]
            } else if g.const_value(a).is_some_and(|c| c > 0.0) {
                // d/db c^b = c^b*ln(c) for c > 0 (a base 0 or below takes the general rule)
                let lc = g.unary(crate::ops::Unary::Ln, a);
                [None, Some((b, Factor(g.mul(lc, f))))]
            } else {
                let one = g.constant(1.0);
                let bm1 = g.sub(b, one);
                let p = g.pow(a, bm1);
                let pa = g.mul(b, p);
                // d/db a^b = a^b*ln(a), as `xlogy(a^b, a)`: 0 where a^b is 0 (a = 0, b > 0: the
                // limit from a > 0, and the exact derivative of the constant 0^b), where
                // `a^b*ln(a)` would be 0*(-inf) = NaN.
                [Some((a, Factor(pa))), Some((b, Factor(g.binary(Binary::Xlogy, f, a))))]
            }
        },
        singular: |exponent| match exponent.and_then(small_int) {
            Some(n) if n >= 0 => None,
            Some(_) => Some(Singularity::Zero { arg: 0, what: "0 in a negative power (a pole)" }),
            None => Some(Singularity::Zero {
                arg: 0,
                what: "0, where a non-integer power is not differentiable",
            }),
        },
        commutative: false, magnitude: Magnitude::Power, lower: Lowering::Pow,
        interval: Interval::pow,
    },
    /// `xlogy(a, b) = a*ln(b)`, and 0 where `a = 0` and `b >= 0` (scipy's `xlogy`): the
    /// derivative of `a^b` with respect to its exponent, `xlogy(a^b, a)`, which is 0 at `a = 0`
    /// for `b > 0` (where `a^b*ln(a)` would be `0*(-inf)`).
    Xlogy {
        name: "xlogy", aliases: [], print: BinaryPrint::Call("\\operatorname{xlogy}"),
        eval: |a, b| if a == T::zero() && b >= T::zero() { T::zero() } else { a * b.ln() },
        // d/da = ln(b), d/db = a/b
        derivative: |g, a, b, _f| {
            let lb = g.unary(Unary::Ln, b);
            [Some((a, Factor(lb))), Some((b, Ratio(a, b)))]
        },
        singular: |_| Some(Singularity::Zero { arg: 1, what: "0 in a logarithm (a pole)" }),
        commutative: false, magnitude: Magnitude::Value, lower: Lowering::Call,
        interval: Interval::xlogy,
    },
    /// `atan2(y, x)`
    Atan2 {
        name: "atan2", aliases: ["arctan2"], print: BinaryPrint::Call("\\operatorname{atan2}"),
        eval: |a, b| a.atan2(b),
        // d/da = b/(a^2+b^2), d/db = -a/(a^2+b^2)
        derivative: |g, a, b, _f| {
            let two = g.constant(2.0);
            let a2 = g.pow(a, two);
            let b2 = g.pow(b, two);
            let r2 = g.add_op(a2, b2);
            let na = g.neg(a);
            [Some((a, Ratio(b, r2))), Some((b, Ratio(na, r2)))]
        },
        singular: |_| Some(Singularity::BranchCut), commutative: false,
        magnitude: Magnitude::Value, lower: Lowering::Call,
        interval: Interval::atan2,
    },
    /// `hypot(a, b) = sqrt(a^2 + b^2)` without overflow
    Hypot {
        name: "hypot", aliases: [], print: BinaryPrint::Call("\\operatorname{hypot}"),
        eval: |a, b| a.hypot(b),
        derivative: |_g, a, b, f| [Some((a, Ratio(a, f))), Some((b, Ratio(b, f)))],
        singular: |_| Some(Singularity::Origin), commutative: true,
        magnitude: Magnitude::Value, lower: Lowering::Call,
        interval: Interval::hypot,
    },
    /// `min(a, b)`
    Min {
        name: "min", aliases: ["minimum", "fmin"], print: BinaryPrint::Call("\\min"),
        // NaN-propagating, unlike f64::min.
        eval: |a, b| if a.is_nan() || b.is_nan() { T::nan() } else if a <= b { a } else { b },
        // d/da = step(b - a), d/db = step(a - b); a tie splits the gradient 1/2 : 1/2.
        derivative: |g, a, b, _f| {
            let (amb, bma) = (g.sub(a, b), g.sub(b, a));
            [Some((a, Factor(g.unary(Unary::Step, bma)))), Some((b, Factor(g.unary(Unary::Step, amb))))]
        },
        singular: |_| Some(Singularity::Tie), commutative: true,
        magnitude: Magnitude::Value, lower: Lowering::Call,
        interval: Interval::min,
    },
    /// `max(a, b)`
    Max {
        name: "max", aliases: ["maximum", "fmax"], print: BinaryPrint::Call("\\max"),
        eval: |a, b| if a.is_nan() || b.is_nan() { T::nan() } else if a >= b { a } else { b },
        // d/da = step(a - b), d/db = step(b - a); a tie splits the gradient 1/2 : 1/2.
        derivative: |g, a, b, _f| {
            let (amb, bma) = (g.sub(a, b), g.sub(b, a));
            [Some((a, Factor(g.unary(Unary::Step, amb)))), Some((b, Factor(g.unary(Unary::Step, bma))))]
        },
        singular: |_| Some(Singularity::Tie), commutative: true,
        magnitude: Magnitude::Value, lower: Lowering::Call,
        interval: Interval::max,
    },
}

/// `sqrt(1 - a^2)`, the denominator of `asin'` and `acos'`.
fn unit_root(g: &mut Graph, a: NodeId) -> NodeId {
    let (one, two) = (g.constant(1.0), g.constant(2.0));
    let sq = g.pow(a, two);
    let d = g.sub(one, sq);
    g.unary(Unary::Sqrt, d)
}
