//! Outward-rounded scalar arithmetic, the ground floor of [`super::Interval`]: bounds moved one
//! ulp outward only when an error-free transformation shows the rounded result is off that way
//! (TwoSum for sums, a fused multiply-add for products and quotients), finite operands that
//! overflow bounded by `f64::MAX`, library-function results widened by [`LIB_ULPS`] ulps, and
//! the exact tests an interval operation needs (whether a period's extremum or a pole of `tan`
//! lies in `[lo, hi]`, the latter with `pi/2` to 1e-49).
//!
//! Invariant: every `*_down` result is at most, every `*_up` result at least, the exact real
//! result of its operation on its (exact) `f64` operands.

use std::f64::consts::FRAC_PI_2;

use super::LIB_ULPS;

pub(super) fn down(v: f64) -> f64 {
    if v.is_nan() {
        f64::NEG_INFINITY
    } else {
        v.next_down()
    }
}

pub(super) fn up(v: f64) -> f64 {
    if v.is_nan() {
        f64::INFINITY
    } else {
        v.next_up()
    }
}

pub(super) fn down_lib(mut v: f64) -> f64 {
    if v.is_nan() {
        return f64::NEG_INFINITY;
    }
    for _ in 0..LIB_ULPS {
        v = v.next_down();
    }
    v
}

pub(super) fn up_lib(mut v: f64) -> f64 {
    if v.is_nan() {
        return f64::INFINITY;
    }
    for _ in 0..LIB_ULPS {
        v = v.next_up();
    }
    v
}

/// `a*b` with `0*inf = 0` (a bound of 0 times an unbounded side contributes 0, not NaN).
pub(super) fn mul0(a: f64, b: f64) -> f64 {
    if a == 0.0 || b == 0.0 {
        0.0
    } else {
        a * b
    }
}

/// The sign of the exact `a + b` minus its rounded value `s` (TwoSum; 0 when exact).
pub(super) fn sum_error(a: f64, b: f64, s: f64) -> f64 {
    if !s.is_finite() {
        return 0.0;
    }
    let bb = s - a;
    (a - (s - bb)) + (b - bb)
}

/// `a + b` rounded down / up. A finite sum that overflows is bounded by the largest finite
/// number on the side it left (`add_down(1e308, 1e308)` is `f64::MAX`, not `+inf`).
pub(super) fn add_down(a: f64, b: f64) -> f64 {
    let s = a + b;
    if s.is_nan() {
        return f64::NEG_INFINITY;
    }
    if s == f64::INFINITY && a.is_finite() && b.is_finite() {
        return f64::MAX;
    }
    if sum_error(a, b, s) < 0.0 {
        s.next_down()
    } else {
        s
    }
}

pub(super) fn add_up(a: f64, b: f64) -> f64 {
    let s = a + b;
    if s.is_nan() {
        return f64::INFINITY;
    }
    if s == f64::NEG_INFINITY && a.is_finite() && b.is_finite() {
        return -f64::MAX;
    }
    if sum_error(a, b, s) > 0.0 {
        s.next_up()
    } else {
        s
    }
}

/// The sign of the exact `a*b` minus its rounded value `p` (by a fused multiply-add).
pub(super) fn mul_error(a: f64, b: f64, p: f64) -> f64 {
    if !p.is_finite() || p == 0.0 && (a == 0.0 || b == 0.0) {
        return 0.0;
    }
    // Below the normal range the FMA residual itself may round: widen regardless.
    if p.abs() < 1e-290 {
        return f64::NAN;
    }
    a.mul_add(b, -p)
}

/// `a*b` (with `0*inf = 0`) rounded down / up. A finite product that overflows is bounded by
/// the largest finite number on the side it left (`mul_down(1e200, 1e200)` is `f64::MAX`).
pub(super) fn mul_down(a: f64, b: f64) -> f64 {
    let p = mul0(a, b);
    if p == f64::INFINITY && a.is_finite() && b.is_finite() {
        return f64::MAX;
    }
    let e = mul_error(a, b, p);
    if e < 0.0 || e.is_nan() {
        p.next_down()
    } else {
        p
    }
}

pub(super) fn mul_up(a: f64, b: f64) -> f64 {
    let p = mul0(a, b);
    if p == f64::NEG_INFINITY && a.is_finite() && b.is_finite() {
        return -f64::MAX;
    }
    let e = mul_error(a, b, p);
    if e > 0.0 || e.is_nan() {
        p.next_up()
    } else {
        p
    }
}

/// `a/b` rounded down / up (`b != 0`), by the sign of the exact remainder `a - q*b`.
pub(super) fn div_down(a: f64, b: f64) -> f64 {
    let q = a / b;
    if a == 0.0 && b != 0.0 {
        // 0/b is 0 exactly.
        return q;
    }
    // Near the subnormal range the remainder `a - q b` may itself round (5e-324 / -2.5e-323
    // left a remainder of "0" for the inexact -0.2): widen regardless.
    if !q.is_finite() || q.abs() < 1e-290 || a.abs() < 1e-290 {
        return down(q);
    }
    let r = (-q).mul_add(b, a);
    if r != 0.0 && (r < 0.0) == (b > 0.0) {
        q.next_down()
    } else {
        q
    }
}

pub(super) fn div_up(a: f64, b: f64) -> f64 {
    let q = a / b;
    if a == 0.0 && b != 0.0 {
        // 0/b is 0 exactly.
        return q;
    }
    // Near the subnormal range the remainder `a - q b` may itself round (5e-324 / -2.5e-323
    // left a remainder of "0" for the inexact -0.2): widen regardless.
    if !q.is_finite() || q.abs() < 1e-290 || a.abs() < 1e-290 {
        return up(q);
    }
    let r = (-q).mul_add(b, a);
    if r != 0.0 && (r > 0.0) == (b > 0.0) {
        q.next_up()
    } else {
        q
    }
}

/// Whether `c + k*period` lies in `[lo, hi]` (widened by a relative slack) for some integer `k`.
pub(super) fn hits(lo: f64, hi: f64, c: f64, period: f64) -> bool {
    let slack = 1e-12 * (1.0 + lo.abs().max(hi.abs()));
    let k = ((lo - slack - c) / period).ceil();
    c + k * period <= hi + slack
}

/// `pi/2` as the sum of three doubles (`PIO2[0] + PIO2[1] + PIO2[2]` is `pi/2` within 1e-49).
pub(super) const PIO2: [f64; 3] = [
    FRAC_PI_2,
    6.123_233_995_736_766e-17,
    -1.497_384_904_859_169_8e-33,
];

/// `a + b` exactly as `s + e` (TwoSum).
pub(super) fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let bb = s - a;
    (s, (a - (s - bb)) + (b - bb))
}

/// The sign of `m pi/2 - x` for an odd integer `m` (`|m| < 2^53`) and a finite `x`: `Some(1)`,
/// `Some(-1)`, or `None` when it is too close to call (then the caller assumes the worst).
/// `m pi/2` is carried as an exact two-product of `m` with `PIO2[0]`, another with `PIO2[1]`, and
/// a rounded `m PIO2[2]`; the difference from `x` is exact in its leading part, and the small
/// parts are summed with an error bound far below their size.
pub(super) fn pole_minus(m: f64, x: f64) -> Option<i8> {
    let h1 = m * PIO2[0];
    let l1 = m.mul_add(PIO2[0], -h1);
    let h2 = m * PIO2[1];
    let l2 = m.mul_add(PIO2[1], -h2);
    let h3 = m * PIO2[2];
    let (s, e) = two_sum(h1, -x);
    let small = e + l1 + h2 + l2 + h3;
    // Rounding of the four additions of `small` (each at most 2^-52 of the sum of magnitudes so
    // far), the rounding of `h3`, and the three-double truncation of pi/2 (below 1e-49 |m|).
    let mag = e.abs() + l1.abs() + h2.abs() + l2.abs() + h3.abs();
    let err = 8.0 * f64::EPSILON * mag + 1e-48 * m.abs() + f64::MIN_POSITIVE;
    // fl(s + a) has the sign of s + a exactly.
    if s + (small - 2.0 * err) > 0.0 {
        Some(1)
    } else if s + (small + 2.0 * err) < 0.0 {
        Some(-1)
    } else {
        None
    }
}

/// Whether `[lo, hi]` may hold a pole `pi/2 + k pi` of `tan` (the real `pi`): `false` only when
/// no pole is in it, decided with `pi/2` to 1e-49 for `|lo|, |hi| < 2^50` (beyond, and when too
/// close to call, `true`).
pub(super) fn tan_pole_in(lo: f64, hi: f64) -> bool {
    if lo == hi {
        // A pole is irrational: no float is one.
        return false;
    }
    if !(lo.abs() < 1.1e15 && hi.abs() < 1.1e15) || hi - lo >= 3.0 {
        return true;
    }
    // The odd multiples m of pi/2 next to lo: m close to 2 lo / pi, a few either side.
    let m0 = (lo / PIO2[0]).floor();
    let first = if (m0 as i64) % 2 == 0 { m0 - 1.0 } else { m0 };
    let mut m = first - 2.0;
    while m <= first + 6.0 {
        // lo <= m pi/2 <= hi?
        let above_lo = pole_minus(m, lo);
        let below_hi = pole_minus(m, hi).map(|s| -s);
        match (above_lo, below_hi) {
            (Some(1), Some(1)) => return true,
            (Some(-1), _) | (_, Some(-1)) => {}
            _ => return true,
        }
        m += 2.0;
    }
    false
}
