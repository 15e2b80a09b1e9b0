//! Interval arithmetic with outward rounding: the enclosures behind certified minima.
//!
//! An [`Interval`] `[lo, hi]` stands for a set of reals; every operation returns an interval that
//! contains the result of the operation at every point of its arguments where the operation is
//! defined (the *inclusion property*), and records in [`Interval::undefined`] whether some point
//! of the arguments lies outside the operation's domain (`ln` of a non-positive number, `0/0`).
//! An interval with `lo > hi` is empty: no point of the arguments is in the domain.
//!
//! # Rounding guarantees
//!
//! * `+ - * /` and squares: the endpoint operation is rounded to nearest by the hardware, and its
//!   exact rounding error is computed by an error-free transformation (TwoSum for sums, a fused
//!   multiply-add for products and quotients); a bound moves one ulp outward (`next_down` for
//!   `lo`, `next_up` for `hi`) only when the error points that way, so exact results (`0 + 0`,
//!   `2*3`) stay exact and every bound contains the exact value.
//! * Library functions (`exp`, `ln`, `sin`, `atan`, `powf`, ...): Rust calls the platform's libm,
//!   whose documented error is below one ulp for glibc's double-precision functions; the endpoint
//!   values are widened by [`LIB_ULPS`] ulps outward, a margin of four times that bound.
//! * Extrema inside an interval (the 1 of `sin` at `pi/2`, the 0 of `x^2` at 0) are found with a
//!   relative slack of 1e-12, so an extremum within rounding of an endpoint is always included.
//! * Constants enter as degenerate intervals of the `f64` the parser produced; the certificate is
//!   about the formula with those constants.
//!
//! Each operator of the operator table names its inclusion function here (the `interval` slot of
//! its entry in `src/ops/table.rs`), so the interval back end covers every operator by
//! construction.
//!
//! Beside the intervals, [`IntervalProgram::eval_affine`] (`affine.rs`) carries a formula's value
//! in affine arithmetic, which keeps how each value depends on the box's variables to first
//! order, with the same rounding discipline; the branch and bound of `certify` (a solver) meets
//! both enclosures at every node.

mod affine;
mod eval;
mod round;

pub use affine::AffineWork;

pub use eval::IntervalProgram;

use std::f64::consts::{FRAC_PI_2, PI, TAU};
use std::fmt;

use round::{
    add_down, add_up, div_down, div_up, down_lib, hits, mul_down, mul_up, tan_pole_in, up, up_lib,
};

/// Ulps by which library-function endpoints are widened outward.
pub const LIB_ULPS: u32 = 4;

/// A closed interval of reals (bounds may be infinite), with a flag for points outside a domain.
///
/// ```
/// use nabla::Interval;
/// let x = Interval::new(-1.0, 2.0);
/// let sq = x.square();
/// assert!(sq.lo <= 0.0 && sq.hi >= 4.0 && sq.lo > -1e-300); // [0, 4], rounded outward
/// let l = x.ln();
/// assert!(l.undefined && l.hi >= 2f64.ln() && l.lo == f64::NEG_INFINITY);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Interval {
    /// Lower bound.
    pub lo: f64,
    /// Upper bound.
    pub hi: f64,
    /// Some point of the arguments was outside an operation's domain (the interval encloses the
    /// values at the other points).
    pub undefined: bool,
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            write!(f, "[empty]")
        } else {
            write!(f, "[{:e}, {:e}]", self.lo, self.hi)
        }
    }
}

impl Interval {
    /// The interval `[lo, hi]` (swapped if given the other way round).
    pub fn new(lo: f64, hi: f64) -> Interval {
        Interval {
            lo: lo.min(hi),
            hi: lo.max(hi),
            undefined: false,
        }
    }

    /// The degenerate interval `[v, v]`.
    pub fn point(v: f64) -> Interval {
        Interval::new(v, v)
    }

    /// No point (every point of the arguments was outside the domain).
    pub const EMPTY: Interval = Interval {
        lo: f64::INFINITY,
        hi: f64::NEG_INFINITY,
        undefined: true,
    };

    /// All reals.
    pub const ENTIRE: Interval = Interval {
        lo: f64::NEG_INFINITY,
        hi: f64::INFINITY,
        undefined: false,
    };

    /// True when the interval holds a point, every bound is finite and no point of the
    /// arguments was outside a domain: an enclosure that arithmetic can use.
    pub(crate) fn is_bounded(self) -> bool {
        !self.undefined && !self.is_empty() && self.lo.is_finite() && self.hi.is_finite()
    }

    /// True when the interval holds no point.
    pub fn is_empty(self) -> bool {
        self.lo
            .partial_cmp(&self.hi)
            .is_none_or(|o| o == std::cmp::Ordering::Greater)
    }

    /// True when `v` lies in the interval.
    pub fn contains(self, v: f64) -> bool {
        self.lo <= v && v <= self.hi
    }

    /// `hi - lo`, rounded up.
    pub fn width(self) -> f64 {
        if self.is_empty() {
            0.0
        } else {
            up(self.hi - self.lo)
        }
    }

    /// The midpoint, within `[lo, hi]` and finite when both bounds are (also when `hi - lo`
    /// overflows: `[-1e308, 1e308]` has midpoint 0).
    pub fn mid(self) -> f64 {
        let w = self.hi - self.lo;
        let m = if w.is_finite() {
            self.lo + w / 2.0
        } else {
            self.lo / 2.0 + self.hi / 2.0
        };
        if m < self.lo {
            self.lo
        } else if m > self.hi {
            self.hi
        } else {
            m
        }
    }

    /// The intersection.
    pub fn meet(self, other: Interval) -> Interval {
        Interval {
            lo: self.lo.max(other.lo),
            hi: self.hi.min(other.hi),
            undefined: self.undefined || other.undefined,
        }
    }

    fn with(lo: f64, hi: f64, undefined: bool) -> Interval {
        if lo.is_nan() || hi.is_nan() {
            return Interval {
                lo: f64::NEG_INFINITY,
                hi: f64::INFINITY,
                undefined,
            };
        }
        Interval { lo, hi, undefined }
    }

    /// An empty argument stays empty; the `undefined` flags of the arguments propagate.
    fn either(a: Interval, b: Interval) -> Option<Interval> {
        (a.is_empty() || b.is_empty()).then_some(Interval::EMPTY)
    }

    /// A monotone increasing library function, endpoints widened.
    fn increasing(self, f: fn(f64) -> f64) -> Interval {
        if self.is_empty() {
            return self;
        }
        Interval::with(down_lib(f(self.lo)), up_lib(f(self.hi)), self.undefined)
    }

    /// A monotone decreasing library function, endpoints widened.
    fn decreasing(self, f: fn(f64) -> f64) -> Interval {
        if self.is_empty() {
            return self;
        }
        Interval::with(down_lib(f(self.hi)), up_lib(f(self.lo)), self.undefined)
    }

    /// The part of `self` inside `[lo, hi]`, flagged undefined when some of it was outside.
    fn restrict(self, lo: f64, hi: f64) -> Interval {
        if self.is_empty() {
            return self;
        }
        let outside = self.lo < lo || self.hi > hi;
        let r = Interval {
            lo: self.lo.max(lo),
            hi: self.hi.min(hi),
            undefined: self.undefined || outside,
        };
        if r.is_empty() {
            Interval::EMPTY
        } else {
            r
        }
    }

    /// `a*a`, tighter than `a * a` (never negative).
    pub fn square(self) -> Interval {
        if self.is_empty() {
            return self;
        }
        let (l, h) = (self.lo.abs(), self.hi.abs());
        let big = mul_up(l.max(h), l.max(h));
        let small = if self.contains(0.0) {
            0.0
        } else {
            mul_down(l.min(h), l.min(h)).max(0.0)
        };
        Interval::with(small, big, self.undefined)
    }

    /// `a^n` for an integer `n`, by the monotonicity of each case (even powers have their
    /// minimum at 0), computed as `powi` is (each endpoint widened by one ulp per multiplication).
    pub fn powi(self, n: i32) -> Interval {
        if self.is_empty() {
            return self;
        }
        match n {
            0 => Interval::with(1.0, 1.0, self.undefined),
            1 => self,
            2 => self.square(),
            _ if n < 0 => Interval::point(1.0) / self.powi(-n),
            _ => {
                let ulps = n.unsigned_abs().max(1);
                let widen_down = |mut v: f64| {
                    for _ in 0..ulps {
                        v = v.next_down();
                    }
                    v
                };
                let widen_up = |mut v: f64| {
                    for _ in 0..ulps {
                        v = v.next_up();
                    }
                    v
                };
                let p = |v: f64| crate::ops::powi(v, n);
                if n % 2 == 1 {
                    Interval::with(widen_down(p(self.lo)), widen_up(p(self.hi)), self.undefined)
                } else {
                    let (l, h) = (self.lo.abs(), self.hi.abs());
                    let small = if self.contains(0.0) { 0.0 } else { l.min(h) };
                    Interval::with(
                        widen_down(p(small)).max(0.0),
                        widen_up(p(l.max(h))),
                        self.undefined,
                    )
                }
            }
        }
    }

    /// `a^b`: integer constant exponents as [`Interval::powi`]; otherwise defined for `a >= 0`
    /// (`powf` of a negative base is NaN), through `exp(b ln a)` with `0^b` handled at the edge.
    pub fn pow(self, b: Interval) -> Interval {
        if let Some(e) = Interval::either(self, b) {
            return e;
        }
        if b.lo == b.hi {
            if let Some(n) = crate::ops::small_int(b.lo) {
                // The exponent's own flag too: `x^max(1, ln(y))` at y = 0 is undefined.
                let r = self.powi(n);
                return Interval {
                    undefined: r.undefined || b.undefined,
                    ..r
                };
            }
            if b.lo.fract() == 0.0 && self.lo < 0.0 {
                // An integer exponent beyond powi's range (`x^65`): a negative base has a real
                // power, |a|^b for even b, -|a|^b for odd b (every float from 2^53 on is even).
                let odd = b.lo.abs() < 9_007_199_254_740_992.0 && (b.lo % 2.0).abs() == 1.0;
                let nonneg = self.restrict(0.0, f64::INFINITY);
                let neg = (-self).restrict(0.0, f64::INFINITY);
                let mut parts = [nonneg, neg].map(|p| {
                    if p.is_empty() {
                        p
                    } else {
                        Interval {
                            undefined: self.undefined || b.undefined,
                            ..p
                        }
                        .pow_nonneg(b)
                    }
                });
                if odd && !parts[1].is_empty() {
                    parts[1] = -parts[1];
                }
                return match parts {
                    [p, q] if p.is_empty() => q,
                    [p, q] if q.is_empty() => p,
                    [p, q] => {
                        Interval::with(p.lo.min(q.lo), p.hi.max(q.hi), p.undefined || q.undefined)
                    }
                };
            }
        }
        // A negative base has a real power only at integer exponents: (-a)^n = ±a^n, within
        // [-H, H] for H the largest |a|^b.
        if self.lo < 0.0 {
            let integer_in_b = !(b.lo.is_finite() && b.hi.is_finite()) || b.lo.ceil() <= b.hi;
            let nonneg = self.restrict(0.0, f64::INFINITY);
            let positive = if nonneg.is_empty() {
                Interval::EMPTY
            } else {
                nonneg.pow_nonneg(b)
            };
            if !integer_in_b {
                return Interval {
                    undefined: true,
                    ..positive
                };
            }
            let h = self.abs().pow_nonneg(b).hi;
            let lo = if positive.is_empty() {
                -h
            } else {
                positive.lo.min(-h)
            };
            let hi = if positive.is_empty() {
                h
            } else {
                positive.hi.max(h)
            };
            // Non-integer exponents of a negative base are undefined.
            return Interval::with(lo, hi, true);
        }
        self.pow_nonneg(b)
    }

    /// `a^b` for `a >= 0` (the caller has restricted `a`).
    fn pow_nonneg(self, b: Interval) -> Interval {
        let a = self.restrict(0.0, f64::INFINITY);
        if a.is_empty() {
            return Interval::EMPTY;
        }
        let undefined = a.undefined || b.undefined;
        // Corners of powf over [a] x [b]: powf is monotone in each argument on a >= 0 for a
        // fixed sign of b and of ln a, so the extremes are at corners, plus 1 when a spans 1 or
        // b spans 0 (a^0 = 1, 1^b = 1).
        let mut lo = f64::INFINITY;
        let mut hi = f64::NEG_INFINITY;
        for x in [a.lo, a.hi] {
            for y in [b.lo, b.hi] {
                let v = x.powf(y);
                let v = if v.is_nan() { f64::INFINITY } else { v };
                lo = lo.min(v);
                hi = hi.max(v);
            }
        }
        if a.contains(1.0) || b.contains(0.0) {
            lo = lo.min(1.0);
            hi = hi.max(1.0);
        }
        let mut undefined = undefined;
        if a.contains(0.0) {
            // 0^b: 0 for b > 0, 1 at b = 0, a pole (+inf) for b < 0.
            lo = lo.min(0.0);
            if b.lo < 0.0 {
                hi = f64::INFINITY;
                undefined = true;
            }
        }
        Interval::with(down_lib(lo).max(0.0), up_lib(hi), undefined)
    }

    /// `exp(a)`
    pub fn exp(self) -> Interval {
        let r = self.increasing(f64::exp);
        Interval {
            lo: r.lo.max(0.0),
            ..r
        }
    }

    /// The part of `self` where a logarithm is defined (`a > 0`; `ln 0 = -inf` is the limit).
    fn positive(self) -> Interval {
        let r = self.restrict(0.0, f64::INFINITY);
        Interval {
            undefined: r.undefined || (!r.is_empty() && r.lo == 0.0),
            ..r
        }
    }

    /// `ln(a)`, defined for `a > 0` (the enclosure reaches `-inf` at 0).
    pub fn ln(self) -> Interval {
        self.positive().increasing(f64::ln)
    }

    /// `xlogy(a, b)`: `a*ln(b)`, and 0 where `a = 0` and `b >= 0`. The enclosure is `a * ln(b)`
    /// over `b`'s non-negative part (the product takes `0 * inf` as 0, the limit the rule keeps),
    /// flagged undefined where `b < 0`, or where `b` reaches 0 while `a` is not exactly 0 (there
    /// `a*ln(0)` is infinite).
    ///
    /// ```
    /// use nabla::Interval;
    /// let z = Interval::point(0.0).xlogy(Interval::new(0.0, 1.0));
    /// assert_eq!((z.lo, z.hi, z.undefined), (0.0, 0.0, false));
    /// let w = Interval::new(1.0, 2.0).xlogy(Interval::new(1.0, 2.0f64.exp()));
    /// assert!(w.lo <= 0.0 && w.hi >= 4.0 && !w.undefined);
    /// ```
    pub fn xlogy(self, b: Interval) -> Interval {
        if let Some(e) = Interval::either(self, b) {
            return e;
        }
        let nonneg = b.restrict(0.0, f64::INFINITY);
        if nonneg.is_empty() {
            return Interval::EMPTY;
        }
        let zero_a = self.lo == 0.0 && self.hi == 0.0;
        if zero_a {
            return Interval::with(0.0, 0.0, self.undefined || nonneg.undefined);
        }
        let p = self * nonneg.increasing(f64::ln);
        Interval {
            undefined: p.undefined || nonneg.lo == 0.0,
            ..p
        }
    }

    /// `log10(a)`
    pub fn log10(self) -> Interval {
        self.positive().increasing(f64::log10)
    }

    /// `log2(a)`
    pub fn log2(self) -> Interval {
        self.positive().increasing(f64::log2)
    }

    /// `sqrt(a)`, defined for `a >= 0`.
    pub fn sqrt(self) -> Interval {
        let r = self.restrict(0.0, f64::INFINITY).increasing(f64::sqrt);
        Interval {
            lo: r.lo.max(0.0),
            ..r
        }
    }

    /// `cbrt(a)`
    pub fn cbrt(self) -> Interval {
        self.increasing(f64::cbrt)
    }

    /// `abs(a)`
    pub fn abs(self) -> Interval {
        if self.is_empty() {
            return self;
        }
        let (l, h) = (self.lo.abs(), self.hi.abs());
        let small = if self.contains(0.0) { 0.0 } else { l.min(h) };
        Interval::with(small, l.max(h), self.undefined)
    }

    /// `sin(a)`: the endpoints, and ±1 where `a` reaches `±pi/2 + 2k pi`.
    pub fn sin(self) -> Interval {
        self.periodic(f64::sin, FRAC_PI_2, -FRAC_PI_2)
    }

    /// `cos(a)`: the endpoints, and ±1 where `a` reaches `0` or `pi` (mod `2 pi`).
    pub fn cos(self) -> Interval {
        self.periodic(f64::cos, 0.0, PI)
    }

    fn periodic(self, f: fn(f64) -> f64, at_max: f64, at_min: f64) -> Interval {
        if self.is_empty() {
            return self;
        }
        let full = Interval::with(-1.0, 1.0, self.undefined);
        if !(self.lo.is_finite() && self.hi.is_finite())
            || self.hi - self.lo >= TAU
            || self.lo.abs().max(self.hi.abs()) > 1e9
        {
            return full;
        }
        let (a, b) = (f(self.lo), f(self.hi));
        let mut lo = down_lib(a.min(b));
        let mut hi = up_lib(a.max(b));
        if hits(self.lo, self.hi, at_max, TAU) {
            hi = 1.0;
        }
        if hits(self.lo, self.hi, at_min, TAU) {
            lo = -1.0;
        }
        Interval::with(lo.max(-1.0), hi.min(1.0), self.undefined)
    }

    /// `tan(a)`: increasing between poles; the whole line when `a` reaches a pole.
    pub fn tan(self) -> Interval {
        if self.is_empty() {
            return self;
        }
        if !(self.lo.is_finite() && self.hi.is_finite()) || tan_pole_in(self.lo, self.hi) {
            // A pole is not in the domain (and tan jumps across it).
            return Interval::with(f64::NEG_INFINITY, f64::INFINITY, true);
        }
        self.increasing(f64::tan)
    }

    /// `asin(a)`, defined on `[-1, 1]`.
    pub fn asin(self) -> Interval {
        self.restrict(-1.0, 1.0).increasing(f64::asin)
    }

    /// `acos(a)`, defined on `[-1, 1]`.
    pub fn acos(self) -> Interval {
        self.restrict(-1.0, 1.0).decreasing(f64::acos)
    }

    /// `atan(a)`
    pub fn atan(self) -> Interval {
        self.increasing(f64::atan)
    }

    /// `sinh(a)`
    pub fn sinh(self) -> Interval {
        self.increasing(f64::sinh)
    }

    /// `cosh(a)`: even, minimum 1 at 0.
    pub fn cosh(self) -> Interval {
        let r = self.abs().increasing(f64::cosh);
        Interval {
            lo: r.lo.max(1.0),
            ..r
        }
    }

    /// `tanh(a)`
    pub fn tanh(self) -> Interval {
        let r = self.increasing(f64::tanh);
        Interval::with(r.lo.max(-1.0), r.hi.min(1.0), r.undefined)
    }

    /// `sigmoid(a)` (increasing, in `[0, 1]`).
    pub fn sigmoid(self) -> Interval {
        let r = self.increasing(|v| crate::Unary::Sigmoid.eval(v));
        Interval::with(r.lo.max(0.0), r.hi.min(1.0), r.undefined)
    }

    /// `softplus(a)` (increasing, positive).
    pub fn softplus(self) -> Interval {
        let r = self.increasing(|v| crate::Unary::Softplus.eval(v));
        Interval {
            lo: r.lo.max(0.0),
            ..r
        }
    }

    /// `sign(a)` (non-decreasing).
    pub fn sign(self) -> Interval {
        if self.is_empty() {
            return self;
        }
        let s = |v: f64| crate::Unary::Sign.eval(v);
        Interval::with(s(self.lo), s(self.hi), self.undefined)
    }

    /// `step(a)` (non-decreasing).
    pub fn step(self) -> Interval {
        if self.is_empty() {
            return self;
        }
        let s = |v: f64| crate::Unary::Step.eval(v);
        Interval::with(s(self.lo), s(self.hi), self.undefined)
    }

    /// `min(a, b)`
    pub fn min(self, b: Interval) -> Interval {
        if let Some(e) = Interval::either(self, b) {
            return e;
        }
        Interval::with(
            self.lo.min(b.lo),
            self.hi.min(b.hi),
            self.undefined || b.undefined,
        )
    }

    /// `max(a, b)`
    pub fn max(self, b: Interval) -> Interval {
        if let Some(e) = Interval::either(self, b) {
            return e;
        }
        Interval::with(
            self.lo.max(b.lo),
            self.hi.max(b.hi),
            self.undefined || b.undefined,
        )
    }

    /// `hypot(a, b)`: increasing in `|a|` and `|b|`.
    pub fn hypot(self, b: Interval) -> Interval {
        if let Some(e) = Interval::either(self, b) {
            return e;
        }
        let (x, y) = (self.abs(), b.abs());
        Interval::with(
            down_lib(x.lo.hypot(y.lo)).max(0.0),
            up_lib(x.hi.hypot(y.hi)),
            self.undefined || b.undefined,
        )
    }

    /// `atan2(y, x)`: over a box with `x > 0` the extremes are at corners; otherwise `[-pi, pi]`.
    pub fn atan2(self, x: Interval) -> Interval {
        if let Some(e) = Interval::either(self, x) {
            return e;
        }
        let undefined = self.undefined || x.undefined;
        if x.lo > 0.0 {
            let c = [
                self.lo.atan2(x.lo),
                self.lo.atan2(x.hi),
                self.hi.atan2(x.lo),
                self.hi.atan2(x.hi),
            ];
            let lo = c.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = c.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            return Interval::with(down_lib(lo), up_lib(hi), undefined);
        }
        Interval::with(down_lib(-PI), up_lib(PI), undefined)
    }
}

impl std::ops::Neg for Interval {
    type Output = Interval;
    /// `-a`
    fn neg(self) -> Interval {
        Interval {
            lo: -self.hi,
            hi: -self.lo,
            undefined: self.undefined,
        }
    }
}

impl std::ops::Add for Interval {
    type Output = Interval;
    /// `a + b`
    fn add(self, b: Interval) -> Interval {
        if let Some(e) = Interval::either(self, b) {
            return e;
        }
        Interval::with(
            add_down(self.lo, b.lo),
            add_up(self.hi, b.hi),
            self.undefined || b.undefined,
        )
    }
}

impl std::ops::Sub for Interval {
    type Output = Interval;
    /// `a - b`
    fn sub(self, b: Interval) -> Interval {
        self + (-b)
    }
}

impl std::ops::Mul for Interval {
    type Output = Interval;
    /// `a * b`
    fn mul(self, b: Interval) -> Interval {
        if let Some(e) = Interval::either(self, b) {
            return e;
        }
        let corners = [
            (self.lo, b.lo),
            (self.lo, b.hi),
            (self.hi, b.lo),
            (self.hi, b.hi),
        ];
        let lo = corners
            .iter()
            .map(|&(x, y)| mul_down(x, y))
            .fold(f64::INFINITY, f64::min);
        let hi = corners
            .iter()
            .map(|&(x, y)| mul_up(x, y))
            .fold(f64::NEG_INFINITY, f64::max);
        Interval::with(lo, hi, self.undefined || b.undefined)
    }
}

impl std::ops::Div for Interval {
    type Output = Interval;
    /// `a / b`; a divisor interval containing 0 gives the whole line (and `undefined` when it
    /// is exactly 0 somewhere, since `x/0` is not a real number).
    fn div(self, b: Interval) -> Interval {
        if let Some(e) = Interval::either(self, b) {
            return e;
        }
        let undefined = self.undefined || b.undefined;
        if b.lo == 0.0 && b.hi == 0.0 {
            return Interval::EMPTY;
        }
        if b.contains(0.0) {
            // x/0 is not a real number (undefined); near 0 the quotient is unbounded, on one side
            // only when b touches 0 from one side and a keeps one sign.
            let ninf = f64::NEG_INFINITY;
            let inf = f64::INFINITY;
            let (lo, hi) = if b.lo == 0.0 && self.lo >= 0.0 {
                (div_down(self.lo, b.hi), inf)
            } else if b.lo == 0.0 && self.hi <= 0.0 {
                (ninf, div_up(self.hi, b.hi))
            } else if b.hi == 0.0 && self.lo >= 0.0 {
                (ninf, div_up(self.lo, b.lo))
            } else if b.hi == 0.0 && self.hi <= 0.0 {
                (div_down(self.hi, b.lo), inf)
            } else {
                (ninf, inf)
            };
            let (lo, hi) = (
                if lo.is_nan() { ninf } else { lo },
                if hi.is_nan() { inf } else { hi },
            );
            return Interval {
                lo,
                hi,
                undefined: true,
            };
        }
        // b has one sign: the extremes of a/b are at the corners.
        let corners = [
            (self.lo, b.lo),
            (self.lo, b.hi),
            (self.hi, b.lo),
            (self.hi, b.hi),
        ];
        let lo = corners
            .iter()
            .map(|&(x, y)| div_down(x, y))
            .fold(f64::INFINITY, f64::min);
        let hi = corners
            .iter()
            .map(|&(x, y)| div_up(x, y))
            .fold(f64::NEG_INFINITY, f64::max);
        Interval::with(lo, hi, undefined)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trig_extrema_are_included() {
        let s = Interval::new(0.0, 3.0).sin();
        assert_eq!(s.hi, 1.0);
        assert!(s.lo <= 0.0 && s.lo > -1e-15);
        let c = Interval::new(3.0, 3.5).cos();
        assert_eq!(c.lo, -1.0);
        assert!(Interval::new(1.0, 2.0).tan().lo == f64::NEG_INFINITY);
    }

    #[test]
    fn domains_are_respected() {
        let l = Interval::new(-2.0, -1.0).ln();
        assert!(l.is_empty());
        let s = Interval::new(-1.0, 4.0).sqrt();
        assert!(s.undefined && s.lo == 0.0 && s.hi >= 2.0);
        let d = Interval::new(1.0, 2.0) / Interval::new(-1.0, 1.0);
        assert_eq!((d.lo, d.hi), (f64::NEG_INFINITY, f64::INFINITY));
    }

    #[test]
    fn powers_have_their_minimum_at_zero() {
        let p = Interval::new(-2.0, 1.0).powi(4);
        assert_eq!(p.lo, 0.0);
        assert!(p.hi >= 16.0 && p.hi < 16.0 + 1e-13);
        let q = Interval::new(-2.0, 1.0).powi(3);
        assert!(q.lo <= -8.0 && q.hi >= 1.0);
        let r = Interval::new(4.0, 9.0).pow(Interval::point(0.5));
        assert!(r.lo <= 2.0 && r.hi >= 3.0);
    }
}
