//! Affine arithmetic beside the intervals: enclosures that remember how a value depends on the
//! box's variables, so that `x - x` or the factors of a polynomial do not count the same
//! variable's spread twice.
//!
//! Over a box `[c_i - r_i, c_i + r_i]` every variable is `x_i = c_i + r_i e_i` with a noise symbol
//! `e_i` in `[-1, 1]`. An affine form is `c + sum_i a_i e_i + err * t`, where `t` is some value in
//! `[-1, 1]` (a different, unknown function of the point for every form): an enclosure whose
//! first-order part is shared between the values computed from the same variables. Sums and
//! scalings keep the dependence exactly; a product `x y` keeps its linear part and bounds the
//! rest (`|x_0| err_y + |y_0| err_x + rad(x) rad(y)`); a square puts `(x - x_0)^2`, which lies in
//! `[0, rad^2]`, in the middle of that range; an integer power is a chain of squares and products;
//! `1/y` (and with it division) is the min-range linear approximation of the convex `1/y` over
//! `y`'s range, when that range excludes 0. Every other operator turns its interval result (from
//! the operator table's `interval` slot) into a form with no dependence: sound, and no worse than
//! the interval.
//!
//! [`IntervalProgram::eval_affine`] runs both arithmetics in one sweep and keeps, at each node that
//! the value needs, the intersection of the interval and the form's range; the intersection is
//! also the operand range of every later interval operation, so the gradient and the Hessian
//! enclosures tighten with it.
//!
//! # Rounding
//!
//! Centres and coefficients are computed rounded to nearest; the error of each such operation is
//! at most `2^-53` of its result (for a product below the normal range, at most the smallest
//! normal number), and `rnd` adds `2^-52 |z| + f64::MIN_POSITIVE` per operation to the form's
//! `err`, which is itself summed and multiplied rounded upward. Forms whose parts are not finite are
//! dropped (the node keeps its interval). So every form encloses its node's values at the points of
//! the box where the node is defined, rounding included (tested against point values in
//! `tests/suite/certify.rs` and the unit tests below).

use super::eval::{step_interval, IntervalProgram, Step};
use super::{add_up, div_up, mul_up, Interval};
use crate::ops::{small_int, Binary, Unary};

/// The most variables for which a box evaluation carries affine forms (each form holds one
/// coefficient per variable).
pub(crate) const AFFINE_MAX_DIM: usize = 16;

/// An upper bound on the rounding error of an operation whose rounded result is `z`.
fn rnd(z: f64) -> f64 {
    z.abs() * f64::EPSILON + f64::MIN_POSITIVE
}

fn sub_up(a: f64, b: f64) -> f64 {
    add_up(a, -b)
}

fn sub_down(a: f64, b: f64) -> f64 {
    -add_up(-a, b)
}

/// The work of [`IntervalProgram::eval_affine`] for one program: which steps carry forms (those
/// the first output needs) and room for the forms, `n + 2` numbers each (`c`, `a_0 .. a_{n-1}`,
/// `err`).
///
/// ```
/// use nabla::{AffineWork, Interval, IntervalProgram, Problem};
/// let p = Problem::parse("x^2 - 2*x*y").unwrap();
/// let prog = IntervalProgram::new(p.graph(), &[p.formula().root()], p.formula().vars()).unwrap();
/// let mut aw = AffineWork::new(&prog).unwrap();
/// let mut out = [Interval::ENTIRE];
/// let b = [Interval::new(1.0, 2.0), Interval::new(0.0, 1.0)];
/// prog.eval_affine(&b, &mut out, &mut Vec::new(), &mut aw);
/// // The range is [-1, 4] (x^2 - 2xy is -1 at (1, 1)); intervals give [-3, 4], counting x's
/// // spread in x^2 and in 2xy as if unrelated; the affine forms keep it once.
/// let (lo, hi) = (out[0].lo, out[0].hi);
/// assert!(lo <= -1.0 && hi >= 4.0 && lo > -2.5, "[{lo}, {hi}]"); // [-2.25, 4]
/// ```
#[derive(Clone, Debug)]
pub struct AffineWork {
    n: usize,
    mask: Vec<bool>,
    forms: Vec<f64>,
    scratch: Scratch,
}

/// Three forms' room for intermediate results.
#[derive(Clone, Debug)]
struct Scratch {
    a: Vec<f64>,
    b: Vec<f64>,
    c: Vec<f64>,
}

/// Views of one form.
fn err(f: &[f64]) -> f64 {
    f[f.len() - 1]
}

fn valid(f: &[f64]) -> bool {
    f.iter().all(|v| v.is_finite())
}

/// `sum |a_i| + err`, rounded up.
fn radius(f: &[f64]) -> f64 {
    let n = f.len() - 2;
    let mut r = err(f);
    for a in &f[1..=n] {
        r = add_up(r, a.abs());
    }
    r
}

/// The range of a valid form, rounded outward.
fn range(f: &[f64]) -> (f64, f64) {
    let r = radius(f);
    (sub_down(f[0], r), add_up(f[0], r))
}

/// A form with no dependence enclosing `v` (invalid when `v` is not finite).
fn from_interval(v: Interval, out: &mut [f64]) {
    out.fill(0.0);
    let last = out.len() - 1;
    if v.is_empty() || !(v.lo.is_finite() && v.hi.is_finite()) {
        out[last] = f64::INFINITY;
        return;
    }
    let c = v.mid();
    out[0] = c;
    out[last] = sub_up(v.hi, c).max(sub_up(c, v.lo));
}

/// `x + s y` for `s` = 1 or -1.
fn add(x: &[f64], y: &[f64], s: f64, out: &mut [f64]) {
    let last = out.len() - 1;
    let mut e = add_up(err(x), err(y));
    for i in 0..last {
        let z = x[i] + s * y[i];
        out[i] = z;
        e = add_up(e, rnd(z));
    }
    out[last] = e;
}

/// `x y`.
fn mul(x: &[f64], y: &[f64], out: &mut [f64]) {
    let last = out.len() - 1;
    let (x0, y0) = (x[0], y[0]);
    let c = x0 * y0;
    out[0] = c;
    let mut e = rnd(c);
    for i in 1..last {
        let (p, q) = (x0 * y[i], y0 * x[i]);
        let z = p + q;
        out[i] = z;
        e = add_up(e, add_up(add_up(rnd(p), rnd(q)), rnd(z)));
    }
    e = add_up(e, mul_up(x0.abs(), err(y)));
    e = add_up(e, mul_up(y0.abs(), err(x)));
    e = add_up(e, mul_up(radius(x), radius(y)));
    out[last] = e;
}

/// `x^2`: `x_0^2 + 2 x_0 d + d^2` with `d = x - x_0` in `[-r, r]`, `d^2` in `[0, r^2]` centred.
fn square(x: &[f64], out: &mut [f64]) {
    let last = out.len() - 1;
    let x0 = x[0];
    let r = radius(x);
    // h >= r^2 / 2, so [0, r^2] lies in h +- h.
    let h = mul_up(r, r) * 0.5 + f64::MIN_POSITIVE;
    let sq = x0 * x0;
    let c = sq + h;
    out[0] = c;
    let mut e = add_up(add_up(rnd(sq), rnd(c)), h);
    for i in 1..last {
        let z = (2.0 * x0) * x[i];
        out[i] = z;
        e = add_up(e, rnd(z));
    }
    e = add_up(e, mul_up(2.0 * x0.abs(), err(x)));
    out[last] = e;
}

/// `k x + z` with `|z - zeta| <= delta` (the affine part of a linear approximation).
fn linear(x: &[f64], k: f64, zeta: f64, delta: f64, out: &mut [f64]) {
    let last = out.len() - 1;
    let p = k * x[0];
    let c = p + zeta;
    out[0] = c;
    let mut e = add_up(add_up(rnd(p), rnd(c)), delta);
    for i in 1..last {
        let z = k * x[i];
        out[i] = z;
        e = add_up(e, rnd(z));
    }
    e = add_up(e, mul_up(k.abs(), err(x)));
    out[last] = e;
}

/// `1/x` over `x`'s range `[l, h]` (`0 < l` or `h < 0`, finite): the min-range approximation
/// `alpha x + zeta +- delta` with `alpha = -1/(l h)`; `false` when the range allows none.
fn recip(x: &[f64], (l, h): (f64, f64), out: &mut [f64]) -> bool {
    if !(l.is_finite() && h.is_finite()) || l <= 0.0 && h >= 0.0 {
        return false;
    }
    let sign = if l > 0.0 { 1.0 } else { -1.0 };
    let (l, h) = if l > 0.0 { (l, h) } else { (-h, -l) };
    // For any alpha < 0, g(t) = 1/t - alpha t = 1/t + |alpha| t on [l, h] is convex, at least
    // 2 sqrt(|alpha|) (AM-GM), at most its larger end value.
    let k = 1.0 / (l * h);
    if !(k.is_finite() && k > 0.0) {
        return false;
    }
    let m = (2.0 * k.sqrt()).next_down();
    let end = |t: f64| add_up(div_up(1.0, t), mul_up(k, t));
    let big = end(l).max(end(h));
    let zeta = m + (big - m) / 2.0;
    let delta = sub_up(big, zeta).max(sub_up(zeta, m));
    // 1/(s y) = s (1/y): with y = s x, 1/x = s (-k y + zeta +- delta) = -k x + s zeta +- delta.
    linear(x, -k, sign * zeta, delta, out);
    valid(out)
}

impl AffineWork {
    /// The plan for `prog`: forms at the steps its first output needs. `None` for a program of
    /// more than 16 inputs (each form holds a coefficient per input).
    pub fn new(prog: &IntervalProgram) -> Option<AffineWork> {
        let n = prog.n_inputs();
        if n > AFFINE_MAX_DIM {
            return None;
        }
        let steps = prog.steps();
        let mut mask = vec![false; steps.len()];
        if let Some(&o) = prog.outputs().first() {
            mask[o] = true;
        }
        // Reverse sweep: a step is needed when a needed step reads it.
        for k in (0..steps.len()).rev() {
            if !mask[k] {
                continue;
            }
            match steps[k] {
                Step::Unary(_, a) => mask[a] = true,
                Step::Binary(_, a, b) => {
                    mask[a] = true;
                    mask[b] = true;
                }
                Step::Const(_) | Step::Input(_) => {}
            }
        }
        Some(AffineWork {
            n,
            mask,
            forms: Vec::new(),
            scratch: Scratch {
                a: vec![0.0; n + 2],
                b: vec![0.0; n + 2],
                c: vec![0.0; n + 2],
            },
        })
    }
}

impl IntervalProgram {
    /// As [`IntervalProgram::eval_with`], with the first output's computation carried in affine
    /// arithmetic as well (see the module documentation): every interval the value needs is met
    /// with its affine form's range, and later operations use the intersection. Each output still
    /// encloses its function over the box (at the points where it is defined), at least as
    /// tightly as `eval_with`'s, up to rounding. `aw` must come from [`AffineWork::new`] for this
    /// program. See [`AffineWork`] for an example.
    pub fn eval_affine(
        &self,
        inputs: &[Interval],
        out: &mut [Interval],
        work: &mut Vec<Interval>,
        aw: &mut AffineWork,
    ) {
        let AffineWork {
            n,
            mask,
            forms,
            scratch: aw,
        } = aw;
        let s = *n + 2;
        work.clear();
        forms.clear();
        let steps = self.steps();
        for (k, step) in steps.iter().enumerate() {
            let mut v = step_interval(step, work, inputs);
            forms.resize((k + 1) * s, 0.0);
            if !mask[k] {
                work.push(v);
                continue;
            }
            let (prev, cur) = forms.split_at_mut(k * s);
            let form = |i: usize| &prev[i * s..(i + 1) * s];
            match *step {
                Step::Const(c) if c.lo == c.hi => {
                    cur.fill(0.0);
                    cur[0] = c.lo;
                    if !c.lo.is_finite() {
                        cur[s - 1] = f64::INFINITY;
                    }
                }
                Step::Input(i) => {
                    from_interval(v, cur);
                    if i < *n && valid(cur) {
                        cur[i + 1] = cur[s - 1];
                        cur[s - 1] = 0.0;
                    }
                }
                Step::Unary(Unary::Neg, a) if valid(form(a)) => {
                    for (o, x) in cur.iter_mut().zip(form(a)) {
                        *o = -x;
                    }
                    cur[s - 1] = err(form(a));
                }
                Step::Binary(op, a, b) if valid(form(a)) && valid(form(b)) => {
                    let (x, y) = (form(a), form(b));
                    let done = match op {
                        Binary::Add => {
                            add(x, y, 1.0, cur);
                            true
                        }
                        Binary::Sub => {
                            add(x, y, -1.0, cur);
                            true
                        }
                        Binary::Mul if a == b => {
                            square(x, cur);
                            true
                        }
                        Binary::Mul => {
                            mul(x, y, cur);
                            true
                        }
                        Binary::Div => {
                            let ok = recip(y, (work[b].lo, work[b].hi), &mut aw.a);
                            if ok {
                                mul(x, &aw.a, cur);
                            }
                            ok
                        }
                        Binary::Pow => match steps[b] {
                            Step::Const(e) if e.lo == e.hi => match small_int(e.lo) {
                                Some(p) => power(x, p, (work[a].lo, work[a].hi), cur, aw),
                                None => false,
                            },
                            _ => false,
                        },
                        _ => false,
                    };
                    if !done {
                        from_interval(v, cur);
                    }
                }
                _ => from_interval(v, cur),
            }
            if valid(cur) && !v.is_empty() {
                let (lo, hi) = range(cur);
                v.lo = v.lo.max(lo);
                v.hi = v.hi.min(hi);
                if v.lo > v.hi {
                    // Both enclose the values at the defined points: there are none.
                    v = Interval::EMPTY;
                }
            }
            work.push(v);
        }
        for (o, &p) in out.iter_mut().zip(self.outputs()) {
            *o = work[p];
        }
    }
}

/// `x^p` for an integer `p` (|p| <= 64) by binary powering (squares and products), `1/x^|p|`
/// for negative `p` when `x`'s range excludes 0; `false` when no form applies.
fn power(x: &[f64], p: i32, xr: (f64, f64), out: &mut [f64], aw: &mut Scratch) -> bool {
    match p {
        0 => {
            out.fill(0.0);
            out[0] = 1.0;
            return true;
        }
        1 => {
            out.copy_from_slice(x);
            return true;
        }
        2 => {
            square(x, out);
            return valid(out);
        }
        _ => {}
    }
    // acc (in `aw.c`) = 1, base (in `aw.b`) = x; for each bit of |p|: acc *= base when set,
    // base = base^2.
    let mut have = false;
    aw.b.copy_from_slice(x);
    let mut e = p.unsigned_abs();
    while e > 0 {
        if e & 1 == 1 {
            if have {
                mul(&aw.c, &aw.b, &mut aw.a);
                std::mem::swap(&mut aw.a, &mut aw.c);
            } else {
                aw.c.copy_from_slice(&aw.b);
                have = true;
            }
        }
        e >>= 1;
        if e > 0 {
            square(&aw.b, &mut aw.a);
            std::mem::swap(&mut aw.a, &mut aw.b);
        }
        if !valid(&aw.b) || have && !valid(&aw.c) {
            return false;
        }
    }
    if p > 0 {
        out.copy_from_slice(&aw.c);
        return true;
    }
    // x^-n = 1/x^n, over x^n's range (from the form, met with the interval power).
    let (lo, hi) = range(&aw.c);
    let iv = Interval::new(xr.0, xr.1).powi(p.abs());
    recip(&aw.c, (lo.max(iv.lo), hi.min(iv.hi)), out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Problem;

    fn both(src: &str, b: &[(f64, f64)]) -> (Interval, Interval) {
        let p = Problem::parse(src).unwrap();
        let prog =
            IntervalProgram::new(p.graph(), &[p.formula().root()], p.formula().vars()).unwrap();
        let bx: Vec<Interval> = b.iter().map(|(l, h)| Interval::new(*l, *h)).collect();
        let mut out = [Interval::ENTIRE];
        prog.eval(&bx, &mut out);
        let natural = out[0];
        let mut aw = AffineWork::new(&prog).unwrap();
        prog.eval_affine(&bx, &mut out, &mut Vec::new(), &mut aw);
        (natural, out[0])
    }

    #[test]
    fn dependence_cancels() {
        // (x + y) - x is y, in [2, 3]; intervals say [1, 4].
        let (n, a) = both("(x + y) - x", &[(0.0, 1.0), (2.0, 3.0)]);
        assert!(n.lo <= 1.0 && n.hi >= 4.0, "{n}");
        assert!(
            a.lo <= 2.0 && a.hi >= 3.0 && a.hi - a.lo < 1.0 + 1e-12,
            "{a}"
        );
        // (x + 1)^2 - x^2 - 2x = 1 (closed form) over [-2, 3].
        let (_, a) = both("(x + 1)^2 - x^2 - 2*x", &[(-2.0, 3.0)]);
        assert!(a.lo <= 1.0 && a.hi >= 1.0, "{a}");
    }

    #[test]
    fn reciprocal_and_powers_enclose() {
        // 1/x over [1, 4] is [0.25, 1]; x/x is 1; x^3 - x*x*x is 0; x^-2 over [1, 2] is [1/4, 1].
        for (src, b, lo, hi) in [
            ("1/x", (1.0, 4.0), 0.25, 1.0),
            ("x/x", (1.0, 4.0), 1.0, 1.0),
            ("-1/x", (-4.0, -1.0), 0.25, 1.0),
            ("x^3 - x*x*x", (-3.0, 2.0), 0.0, 0.0),
            ("x^-2", (1.0, 2.0), 0.25, 1.0),
            ("x^5", (-1.5, 2.0), -7.59375, 32.0),
        ] {
            let (n, a) = both(src, &[b]);
            assert!(a.lo <= lo && a.hi >= hi, "{src}: {a}");
            assert!(a.lo >= n.lo && a.hi <= n.hi, "{src}: {a} wider than {n}");
        }
    }
}
