//! Certified global minima over a box: interval branch and bound.
//!
//! [`certify`] keeps a list of sub-boxes that may hold the global minimum, each with a lower bound
//! from interval arithmetic ([`crate::Interval`], outward rounded), and an upper bound `U` from
//! the best point found (the interval value at that point, so `U` is a true upper bound on the
//! formula's value there, rounding included; points come from box midpoints and L-BFGS polishes
//! with exact gradients). It repeatedly splits the box with the lowest bound (its widest side,
//! relative to the initial box, at 0.45 of its width, as Ibex does, so that a minimizer at the
//! centre of a symmetric box is not on the faces of 2^n sub-boxes), and discards
//! sub-boxes whose lower bound exceeds `U` or where the interval gradient shows `f` is monotone
//! (the minimum then lies on a face that belongs to the initial box, or elsewhere). The lower
//! bound of a box is the natural interval extension, met at every node with an affine form (for
//! formulas of at most 16 variables, [`crate::AffineWork`]: the dependence of each value on the
//! variables is kept to first order, so the factors of a polynomial do not count a variable's
//! spread twice), then with the mean-value form `f(c) + G(X)(X - c)`, whose overestimation
//! shrinks with the square of the box width, and, for a formula of at most 6 variables whose
//! gradient is continuous (no `abs`, `min`, `max`, `sign`, `step` or `atan2` under it), the
//! second-order form `f(c) + g(c) d + d^T H(X) d / 2` (`d = X - c`), whose overestimation shrinks
//! with the cube. One box evaluation is one sweep over the graph that encloses the value (in
//! interval and affine arithmetic), the gradient and the Hessian together. Goldstein-Price's
//! degree-8 product certifies (tolerance 1e-6) in about 1,500 evaluations; it took 6,100 without
//! the affine forms and 31,000 with the mean-value form alone. The centre is evaluated only
//! where a centred form can beat the natural bound.
//!
//! # Invariants
//!
//! * **Every claim is a proof.** At every moment the global minimum of `f` over the points of the
//!   box where it is defined lies in `[L, U]`, `L` the smallest lower bound of the boxes kept;
//!   "certified" is printed only when `U - L <= tol` (absolute, or relative to `|U|`).
//! * **Bounded.** The box list is capped ([`CertifyOptions::max_boxes`]), the splits counted
//!   ([`CertifyOptions::max_splits`]) and the clock watched ([`CertifyOptions::time`]); when a
//!   budget runs out the report says so with the gap, never a certificate.
//! * **Every minimizer accounted for.** When certified, the boxes that may still hold a global
//!   minimizer (lower bound at most `U`) are split down to 1e-4 of the box, widest first within
//!   a budget, and every one of them is merged into [`MinimizerRegion`]s: their union holds
//!   every global minimizer, whatever the budget; only the text's list is cut (at 20, saying
//!   so), never the regions.
//! * **Every point in the box.** Centres and split points are computed so that they cannot
//!   overflow or round out of the box ([`midpoint`]); `U` is taken only at points of the box,
//!   so `L <= U` always.
//! * **Unbounded or undefined.** A box that cannot be split further (its width is at the
//!   resolution of floating point) with a lower bound of `-inf` ends the search. When `f` is
//!   undefined somewhere in that box (a pole, a domain edge), the formula is unbounded below
//!   there, or undefined next to it; otherwise `f` is continuous there, hence bounded, and its
//!   values only leave the range of `f64` (status `Budget { which: "range" }`). No certificate
//!   either way. A very negative value alone is no evidence: `x` on `[-1e301, 0]` certifies.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::time::{Duration, Instant};

use crate::interval::{AffineWork, Interval, IntervalProgram};
use crate::optim::{minimize, Method, StopRule};
use crate::tr;
use crate::{fmt_number, Function, Problem};

mod answer;
mod regions;

pub(crate) use answer::box_text;
pub use answer::{Certificate, CertifyError, CertifyOptions, CertifyStatus};

use regions::localize_minimizers;
pub use regions::MinimizerRegion;

/// The most variables for the second-order (Taylor) form: its Hessian adds `n (n + 1) / 2`
/// outputs to every interval evaluation.
const TAYLOR_MAX_DIM: usize = 6;

/// The most intervals the kept boxes may hold together (16 bytes each: 256 MiB).
const MAX_INTERVALS: usize = 16_000_000;

/// The default wall-clock limit of [`certify`] (a certificate that takes longer is rarely
/// coming; `CertifyOptions::time` raises it).
pub const CERTIFY_DEFAULT_TIME: Duration = Duration::from_secs(60);

/// Where a box is split, as a fraction of its widest side.
const SPLIT: f64 = 0.45;

/// The midpoint of `[lo, hi]` (finite, `lo <= hi`), inside it whatever the rounding ([`Interval::mid`]):
/// `lo + (hi - lo) / 2`, or `lo / 2 + hi / 2` where `hi - lo` overflows (`[-1e308, 1e308]`),
/// clamped into `[lo, hi]` (halving a subnormal rounds).
pub(crate) fn midpoint(lo: f64, hi: f64) -> f64 {
    Interval::new(lo, hi).mid()
}

/// The point at fraction `t` (in `[0, 1]`) of `[lo, hi]`, as [`midpoint`]: `lo + t (hi - lo)`,
/// or `(1 - t) lo + t hi` where `hi - lo` overflows, clamped into `[lo, hi]`.
fn split_point(lo: f64, hi: f64, t: f64) -> f64 {
    let w = hi - lo;
    let m = if w.is_finite() {
        lo + t * w
    } else {
        (1.0 - t) * lo + t * hi
    };
    m.max(lo).min(hi)
}

/// Half the width of `[lo, hi]`: `hi / 2 - lo / 2`, finite for every finite interval (`hi - lo`
/// overflows on `[-1e308, 1e308]`).
fn half_width(lo: f64, hi: f64) -> f64 {
    hi / 2.0 - lo / 2.0
}

/// A box with its lower bound, ordered so the heap pops the lowest bound first; among boxes
/// without a finite bound, those where `f` is undefined somewhere (a pole, a domain edge) first
/// and the newest first, so that the search goes straight down to the point where `f` is
/// unbounded instead of splitting every box of the overflow region in turn.
struct Entry {
    lower: f64,
    undefined: bool,
    id: usize,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        let by_bound = other.lower.total_cmp(&self.lower);
        if by_bound != Ordering::Equal || self.lower != f64::NEG_INFINITY {
            return by_bound.then(other.id.cmp(&self.id));
        }
        self.undefined
            .cmp(&other.undefined)
            .then(self.id.cmp(&other.id))
    }
}

/// The enclosure machinery of one search.
struct Search<'p> {
    prog: IntervalProgram,
    /// The value, the gradient and the Hessian's upper triangle (row by row) in one program, for
    /// boxes: the second-order form (for a formula with a continuous gradient and at most
    /// [`TAYLOR_MAX_DIM`] variables). Points (centres, candidates for `U`) use `prog`.
    boxes_prog: Option<IntervalProgram>,
    box_out: Vec<Interval>,
    hess_out: Vec<Interval>,
    /// Affine forms for the value in box evaluations (formulas of at most 16 variables).
    affine: Option<AffineWork>,
    /// Number of variables.
    n: usize,
    /// The formula has no jump (`sign`, `step`): the mean-value form and the monotonicity test,
    /// which need a continuous function, may be used.
    continuous: bool,
    work: Vec<Interval>,
    out: Vec<Interval>,
    init: &'p [(f64, f64)],
    upper: f64,
    best: Option<Vec<f64>>,
    evaluated: usize,
    /// Evaluations of the polishes.
    local: usize,
    boxes: usize,
    partly_undefined: bool,
    /// Whether `f` is undefined somewhere in the box last bounded.
    undefined_here: bool,
}

impl Search<'_> {
    /// Encloses `f` and its gradient over the box `b` (into `self.out`).
    fn enclose(&mut self, b: &[Interval]) {
        self.evaluated += 1;
        self.prog.eval_with(b, &mut self.out, &mut self.work);
    }

    /// Encloses `f`, its gradient and (with the second-order form) its Hessian's upper triangle
    /// over the box `b`, in one evaluation: `f` and the gradient into `self.out`, the Hessian
    /// into `self.hess_out`.
    fn enclose_box(&mut self, b: &[Interval]) {
        self.evaluated += 1;
        let (prog, out) = match &self.boxes_prog {
            Some(p) => (p, &mut self.box_out),
            None => (&self.prog, &mut self.out),
        };
        match &mut self.affine {
            Some(aw) => prog.eval_affine(b, out, &mut self.work, aw),
            None => prog.eval_with(b, out, &mut self.work),
        }
        if self.boxes_prog.is_some() {
            let n = self.n;
            self.out.copy_from_slice(&self.box_out[..=n]);
            self.hess_out.copy_from_slice(&self.box_out[n + 1..]);
        }
    }

    /// Lowers `U` with the rigorous value at `x` (inside the initial box); the enclosure of `f`
    /// there (its gradient's in `self.out[1..]`), `None` outside the box.
    fn try_point(&mut self, x: &[f64]) -> Option<Interval> {
        if x.iter()
            .zip(self.init)
            .any(|(v, (lo, hi))| !(*lo <= *v && *v <= *hi))
        {
            return None;
        }
        let pt: Vec<Interval> = x.iter().map(|v| Interval::point(*v)).collect();
        self.enclose(&pt);
        let v = self.out[0];
        if !v.is_empty() && !v.undefined && v.hi < self.upper {
            self.upper = v.hi;
            self.best = Some(x.to_vec());
        }
        Some(v)
    }

    /// The lower bound of `f` over `b` and whether the box survives (after monotonicity), with
    /// `b` possibly reduced to a face; `None` when it is discarded. The cheap tests come first:
    /// the natural enclosure and the monotonicity test need one evaluation over the box; the
    /// centre (a candidate for `U`, and the expansion point of the centred forms) is evaluated
    /// only when a centred form can improve on the natural bound, and the Hessian over the box
    /// only when the box has survived the first-order bounds.
    fn bound(&mut self, b: &mut [Interval]) -> Option<f64> {
        self.boxes += 1;
        self.enclose_box(b);
        let f = self.out[0];
        if f.is_empty() {
            return None;
        }
        self.undefined_here = f.undefined;
        if f.undefined {
            self.partly_undefined = true;
        }
        if f.lo > self.upper {
            return None;
        }
        let n = self.n;
        let grads: Vec<Interval> = self.out[1..=n].to_vec();
        let smooth = self.continuous && !f.undefined && grads.iter().all(|g| g.is_bounded());
        // Monotone in x_i over the box: the minimum is on the face x_i = lo_i (increasing) or
        // hi_i (decreasing), which only counts when that face is on the initial box.
        let mut face = Vec::new();
        if self.continuous && !f.undefined {
            for (i, g) in grads.iter().enumerate() {
                if g.undefined || g.is_empty() {
                    continue;
                }
                let (lo0, hi0) = self.init[i];
                if g.lo > 0.0 {
                    if b[i].lo > lo0 {
                        return None;
                    }
                    face.push((i, b[i].lo));
                } else if g.hi < 0.0 {
                    if b[i].hi < hi0 {
                        return None;
                    }
                    face.push((i, b[i].hi));
                }
            }
        }
        let mut lower = f.lo;
        if smooth {
            lower = lower.max(self.centred(b, f, &grads)?);
        } else {
            // No centred form here (a kink, an infinite slope): the centre is still a candidate
            // for `U`, the only one near a kink's minimum (Bukin N.6).
            let c: Vec<f64> = b.iter().map(|x| x.mid()).collect();
            self.try_point(&c);
        }
        if lower > self.upper {
            return None;
        }
        let reduced = !face.is_empty();
        for (i, v) in face {
            b[i] = Interval::point(v);
        }
        if reduced && b.iter().all(|x| x.lo == x.hi) {
            // Monotone in every variable that was left: the box is now the corner where the
            // minimum over it lies. That point is a candidate for `U`, and its own enclosure is
            // the box's lower bound (so a monotone function certifies at its corner).
            let c: Vec<f64> = b.iter().map(|x| x.lo).collect();
            match self.try_point(&c) {
                Some(v) if v.is_empty() => return None,
                Some(v) if !v.undefined => lower = lower.max(v.lo),
                _ => {}
            }
            if lower > self.upper {
                return None;
            }
        }
        Some(lower)
    }

    /// The best lower bound of the centred forms over `b` (or `-inf`), given the box's
    /// enclosures of `f` and of its (finite) gradient; `None` when the centre's value alone
    /// prunes the box. The mean-value form `f(c) + G(X) d` (`d = X - c`) is above `f.lo` only if
    /// `sum |G_i| w_i / 2 < f.hi - f.lo`; the second-order form `f(c) + g(c) d + d^T H(X) d / 2`
    /// only if `f.hi + lo(d^T H d / 2) > f.lo`; when neither can, nothing more is evaluated.
    fn centred(&mut self, b: &[Interval], f: Interval, grads: &[Interval]) -> Option<f64> {
        let n = self.n;
        let d: Vec<Interval> = b.iter().map(|x| *x - Interval::point(x.mid())).collect();
        let reach: f64 = grads
            .iter()
            .zip(b)
            .map(|(g, x)| g.lo.abs().max(g.hi.abs()) * (x.hi - x.lo) / 2.0)
            .sum();
        let mv_helps = reach < f.hi - f.lo;
        let mut quad = None;
        if !mv_helps {
            quad = self.quadratic(&d);
            if !quad.is_some_and(|q| f.hi + q.lo > f.lo) {
                return Some(f64::NEG_INFINITY);
            }
        }
        let c: Vec<f64> = b.iter().map(|x| x.mid()).collect();
        let fc = match self.try_point(&c) {
            Some(fc) if !fc.is_empty() && !fc.undefined => fc,
            _ => return Some(f64::NEG_INFINITY),
        };
        let gc: Vec<Interval> = self.out[1..=n].to_vec();
        // Mean-value form.
        let mut mv = fc;
        for (g, di) in grads.iter().zip(&d) {
            mv = mv + *g * *di;
        }
        let mut lower = mv.lo;
        if lower > self.upper {
            return None;
        }
        // Second-order form, with the gradient at the centre (a point enclosure).
        if quad.is_none() {
            quad = self.quadratic(&d);
        }
        if let Some(q) = quad {
            if gc.iter().all(|g| g.is_bounded()) {
                let mut t = fc + q;
                for (g, di) in gc.iter().zip(&d) {
                    t = t + *g * *di;
                }
                lower = lower.max(t.lo);
            }
        }
        Some(lower)
    }

    /// `d^T H(X) d / 2` over the box, from the Hessian enclosed with the box's value; `None`
    /// without the second-order form or where the Hessian is not finite.
    fn quadratic(&self, d: &[Interval]) -> Option<Interval> {
        let n = self.n;
        self.boxes_prog.as_ref()?;
        let h = &self.hess_out;
        if !h.iter().all(|v| v.is_bounded()) {
            return None;
        }
        let mut q = Interval::point(0.0);
        let mut k = 0;
        for i in 0..n {
            for j in i..n {
                q = q + if i == j {
                    h[k] * d[i].square() * Interval::point(0.5)
                } else {
                    h[k] * (d[i] * d[j])
                };
                k += 1;
            }
        }
        Some(q)
    }
}

/// Proves bounds on the global minimum of `problem` over the box `bounds` (one `(low, high)` per
/// input), by interval branch and bound (see the module documentation).
///
/// ```
/// use nabla::{certify, CertifyOptions, Problem};
/// // Six-hump camel: global minimum -1.0316284534898774 at (±0.0898, ∓0.7126) (published).
/// let p = Problem::parse("(4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (-4 + 4*y^2)*y^2").unwrap();
/// let c = certify(&p, &[(-3.0, 3.0), (-2.0, 2.0)], &CertifyOptions::default()).unwrap();
/// assert!(c.certified());
/// assert!(c.lower <= -1.0316284534898774 && -1.0316284534898774 <= c.upper);
/// assert!(c.upper - c.lower <= 1e-6);
/// ```
pub fn certify(
    problem: &Problem,
    bounds: &[(f64, f64)],
    opts: &CertifyOptions,
) -> Result<Certificate, CertifyError> {
    certify_with(problem, bounds, opts, true)
}

/// [`certify`], with the minimizer boxes localized (`localize`, what [`certify`] does) or not
/// (the global search's use: it polishes the best point instead).
pub(crate) fn certify_with(
    problem: &Problem,
    bounds: &[(f64, f64)],
    opts: &CertifyOptions,
    localize: bool,
) -> Result<Certificate, CertifyError> {
    let clock = Instant::now();
    let n = problem.n_inputs();
    if !(opts.tol > 0.0 && opts.tol.is_finite()) {
        return Err(CertifyError::Tolerance);
    }
    if bounds.len() != n {
        return Err(CertifyError::Bounds(tr!(
            "min-bounds-count",
            intervals = bounds.len(),
            variables = n
        )));
    }
    if let Some((lo, hi)) = bounds
        .iter()
        .find(|(lo, hi)| !(lo.is_finite() && hi.is_finite() && lo <= hi))
    {
        return Err(CertifyError::Bounds(tr!(
            "min-bounds-empty",
            low = fmt_number(*lo),
            high = fmt_number(*hi)
        )));
    }
    if problem.wrt() != problem.formula().vars() {
        return Err(CertifyError::PartialGradient);
    }
    // Whether the graph from `roots` has a jump: sign and step at 0, atan2 across its cut.
    let jumps = |g: &crate::Graph, roots: &[crate::NodeId]| {
        let mask = g.reachable(roots);
        g.nodes()[..mask.len()].iter().zip(&mask).any(|(node, m)| {
            use crate::{Binary, Node, Unary};
            *m && matches!(
                node,
                Node::Unary(Unary::Sign | Unary::Step, _) | Node::Binary(Binary::Atan2, ..)
            )
        })
    };
    let continuous = !jumps(problem.graph(), &[problem.formula().root()]);
    // The second-order form needs a continuous gradient (then the interval Hessian encloses its
    // generalized derivatives), and costs n (n + 1) / 2 more outputs per evaluation.
    let mut with_hessian = problem.clone();
    let hessian: Option<Vec<crate::NodeId>> =
        (continuous && n <= TAYLOR_MAX_DIM && !jumps(problem.graph(), problem.gradient_nodes()))
            .then(|| with_hessian.hessian_nodes().ok().map(<[_]>::to_vec))
            .flatten();
    let mut outs = vec![problem.formula().root()];
    outs.extend(problem.gradient_nodes());
    let prog = IntervalProgram::new(problem.graph(), &outs, problem.formula().vars())
        .ok_or(CertifyError::PartialGradient)?;
    let boxes_prog = hessian.and_then(|h| {
        let mut all = outs.clone();
        all.extend(
            (0..n)
                .flat_map(|i| (i..n).map(move |j| (i, j)))
                .map(|(i, j)| h[i * n + j]),
        );
        IntervalProgram::new(with_hessian.graph(), &all, problem.formula().vars())
    });
    let affine = AffineWork::new(boxes_prog.as_ref().unwrap_or(&prog));
    let mut s = Search {
        affine,
        continuous,
        hess_out: vec![Interval::ENTIRE; n * (n + 1) / 2],
        box_out: vec![Interval::ENTIRE; n + 1 + n * (n + 1) / 2],
        boxes_prog,
        n,
        prog,
        work: Vec::new(),
        out: vec![Interval::ENTIRE; outs.len()],
        init: bounds,
        upper: f64::INFINITY,
        best: None,
        evaluated: 0,
        local: 0,
        boxes: 0,
        partly_undefined: false,
        undefined_here: false,
    };
    let tol_ok = |u: f64, l: f64| {
        u.is_finite() && l.is_finite() && (u - l <= opts.tol || u - l <= opts.tol * u.abs())
    };

    // Upper bounds first: the centre, and L-BFGS polishes from it.
    let mut f =
        Function::new(problem.formula().clone()).map_err(|_| CertifyError::PartialGradient)?;
    let centre: Vec<f64> = bounds.iter().map(|(lo, hi)| midpoint(*lo, *hi)).collect();
    s.try_point(&centre);
    // Evaluations left for a polish (and the interval evaluation of its end point).
    // Evaluations left for a polish: what `max_evals` leaves after the interval evaluation of
    // its end point and one more split (the root box's, or the next one's: four), so that the
    // budget is a ceiling whatever the polishes take.
    let left = |s: &Search| {
        opts.max_evals
            .map_or(usize::MAX, |m| m.saturating_sub(s.evaluated + s.local + 5))
    };
    let polish = |f: &mut Function, s: &mut Search, from: &[f64]| {
        let rule = StopRule::default().max_iters(200);
        let mut capped = Capped {
            f,
            cap: left(s),
            used: 0,
        };
        if capped.cap == 0 {
            return;
        }
        if let Ok(m) = Method::parse("lbfgs") {
            let r = minimize(&mut capped, from, &m, &rule);
            s.local += capped.used;
            if let Ok(r) = r {
                s.try_point(&r.x);
            }
        }
    };
    polish(&mut f, &mut s, &centre);
    for h in &opts.hints {
        if h.len() == n && left(&s) > 0 {
            s.try_point(h);
            polish(&mut f, &mut s, h);
        }
    }

    let mut boxes: Vec<Vec<Interval>> = Vec::new();
    let mut heap = BinaryHeap::new();
    let mut root: Vec<Interval> = bounds
        .iter()
        .map(|(lo, hi)| Interval::new(*lo, *hi))
        .collect();
    match s.bound(&mut root) {
        Some(lower) => {
            boxes.push(root);
            heap.push(Entry {
                lower,
                undefined: s.undefined_here,
                id: 0,
            });
        }
        None if s.out[0].is_empty() => return Err(CertifyError::NowhereDefined),
        None => {}
    }
    // Half-widths, finite for every finite box (the widths of `[-1e308, 1e308]` overflow).
    let widths: Vec<f64> = bounds
        .iter()
        .map(|(lo, hi)| half_width(*lo, *hi).max(1e-300))
        .collect();
    let mut splits = 0usize;
    let max_boxes = opts.max_boxes.min(MAX_INTERVALS / n.max(1)).max(1);
    let mut last_polish_upper = s.upper;
    // Boxes at the resolution of floating point: they cannot be split; their bounds stand.
    let mut stuck: Vec<(usize, f64)> = Vec::new();
    let mut stuck_lower = f64::INFINITY;
    // The search ended on a box without a finite lower bound (popped, so not in the heap).
    let mut unbounded_at = false;
    let status = loop {
        let Some(top) = heap.peek() else {
            if stuck.is_empty() || tol_ok(s.upper, stuck_lower) {
                // Every box discarded or within the tolerance: certified.
                break CertifyStatus::Certified;
            }
            break CertifyStatus::Budget {
                which: "resolution",
            };
        };
        let lower = top.lower.min(stuck_lower);
        if tol_ok(s.upper, lower) {
            break CertifyStatus::Certified;
        }
        if splits >= opts.max_splits {
            break CertifyStatus::Budget { which: "splits" };
        }
        // A split costs at most four evaluations (two boxes and their centres).
        if opts
            .max_evals
            .is_some_and(|m| s.evaluated + s.local + 4 > m)
        {
            break CertifyStatus::Budget {
                which: "evaluations",
            };
        }
        if heap.len() >= max_boxes {
            break CertifyStatus::Budget { which: "boxes" };
        }
        if splits % 256 == 0 && opts.time.is_some_and(|t| clock.elapsed() >= t) {
            break CertifyStatus::Budget { which: "time" };
        }
        let Some(Entry {
            id,
            lower,
            undefined,
        }) = heap.pop()
        else {
            break CertifyStatus::Certified;
        };
        if lower > s.upper {
            continue;
        }
        let b = std::mem::take(&mut boxes[id]);
        // Split the widest side (relative to the initial box).
        let (k, _) = b
            .iter()
            .enumerate()
            .map(|(i, x)| (i, half_width(x.lo, x.hi) / widths[i]))
            .fold((0, -1.0), |m, (i, w)| if w > m.1 { (i, w) } else { m });
        // Off centre (as Ibex's bisectors): a minimizer at the centre of a symmetric box would
        // otherwise lie on a face of 2^n sub-boxes, each refined down to the tolerance.
        let mid = split_point(b[k].lo, b[k].hi, SPLIT);
        if !(b[k].lo < mid && mid < b[k].hi) {
            // At the resolution of floating point: nothing left to refine here.
            if lower == f64::NEG_INFINITY {
                // No finite lower bound on a box that cannot be split. Next to a point where f
                // is undefined (a pole, a domain edge) that is the evidence that f is unbounded
                // below; elsewhere f is continuous on the box, hence bounded, and the values
                // merely exceed the floating-point range (`-exp(x)` at x = 1e308).
                unbounded_at = true;
                if undefined {
                    break CertifyStatus::Unbounded {
                        near: b.iter().map(|x| (x.lo, x.hi)).collect(),
                    };
                }
                break CertifyStatus::Budget { which: "range" };
            }
            // Its point (a face the monotonicity test reduced the box to, `x` on [-1, 1]
            // reduced to x = -1) is a candidate for `U` like any centre.
            let c: Vec<f64> = b.iter().map(|x| midpoint(x.lo, x.hi)).collect();
            s.try_point(&c);
            boxes[id] = b;
            stuck.push((id, lower));
            stuck_lower = stuck_lower.min(lower);
            splits += 1;
            continue;
        }
        splits += 1;
        for half in [(b[k].lo, mid), (mid, b[k].hi)] {
            let mut c = b.clone();
            c[k] = Interval::new(half.0, half.1);
            if let Some(lo) = s.bound(&mut c) {
                let cid = boxes.len();
                boxes.push(c);
                heap.push(Entry {
                    lower: lo,
                    undefined: s.undefined_here,
                    id: cid,
                });
            }
        }
        if splits % 1024 == 0 && s.upper < last_polish_upper {
            last_polish_upper = s.upper;
            if let Some(b) = s.best.clone() {
                polish(&mut f, &mut s, &b);
            }
        }
    };
    // Without a point of finite value there is no upper bound, hence no certificate.
    let status = if s.upper.is_finite() {
        status
    } else {
        CertifyStatus::NoPoint
    };
    // Unbounded, or values beyond f64: the box popped had no finite bound, and it is no longer
    // in the heap.
    let lower = if unbounded_at || matches!(status, CertifyStatus::Unbounded { .. }) {
        f64::NEG_INFINITY
    } else {
        heap.peek()
            .map_or(f64::INFINITY, |e| e.lower)
            .min(stuck_lower)
            .min(s.upper)
    };
    debug_assert!(
        lower <= s.upper || s.upper.is_nan(),
        "U = {} < L = {lower}",
        s.upper
    );
    // Minimizer regions: every box kept (bound <= U) may hold a global minimizer.
    let mut regions = Vec::new();
    if localize && matches!(status, CertifyStatus::Certified) {
        let kept: Vec<(Vec<Interval>, f64)> = heap
            .iter()
            .map(|e| (e.id, e.lower))
            .chain(stuck.iter().copied())
            .filter(|(_, lower)| *lower <= s.upper)
            .map(|(id, lower)| (std::mem::take(&mut boxes[id]), lower))
            .collect();
        // The evaluations and the clock both bound the localization (a 20-variable Rastrigin
        // with `--time 0.5` refined its boxes for 15-23 s).
        let evals_left = |s: &Search| {
            opts.max_evals
                .is_none_or(|m| s.evaluated + s.local + 4 <= m)
                && opts.time.is_none_or(|t| clock.elapsed() < t)
        };
        regions = localize_minimizers(&mut s, kept, &widths, evals_left);
    }
    Ok(Certificate {
        status,
        lower,
        upper: s.upper,
        best: s.best,
        minimizers: regions,
        boxes: s.boxes,
        evaluations: s.evaluated,
        local_evaluations: s.local,
        partly_undefined: s.partly_undefined,
        time: clock.elapsed(),
    })
}

/// The polishes' objective: `f`, evaluated at most `cap` times (then infinity, which ends the
/// local search), so that [`CertifyOptions::max_evals`] is a ceiling.
struct Capped<'a> {
    f: &'a mut Function,
    cap: usize,
    used: usize,
}

impl crate::optim::Objective for Capped<'_> {
    fn dim(&self) -> usize {
        crate::optim::Objective::dim(&*self.f)
    }
    fn value(&mut self, x: &[f64]) -> f64 {
        if self.used >= self.cap {
            return f64::INFINITY;
        }
        self.used += 1;
        crate::optim::Objective::value(self.f, x)
    }
    fn value_and_grad(&mut self, x: &[f64], g: &mut [f64]) -> f64 {
        if self.used >= self.cap {
            g.fill(f64::NAN);
            return f64::INFINITY;
        }
        self.used += 1;
        crate::optim::Objective::value_and_grad(self.f, x, g)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn midpoints_and_split_points_stay_in_the_interval() {
        // [-1e308, 1e308]: hi - lo overflows; the midpoint is 0 (not inf), the half-width 1e308.
        assert_eq!(midpoint(-1e308, 1e308), 0.0);
        assert_eq!(half_width(-1e308, 1e308), 1e308);
        let s = split_point(-1e308, 1e308, SPLIT);
        assert!((s - (-0.1e308)).abs() <= 1e293, "{s}");
        for (lo, hi) in [
            (-1e308, 1e308),
            (-f64::MAX, f64::MAX),
            (0.0, f64::MIN_POSITIVE * 1e-15),
            (1.0, 1.0 + f64::EPSILON),
            (-0.1, 0.2),
            (-1e17, -1.0),
            (5e-324, 5e-324),
        ] {
            for m in [midpoint(lo, hi), split_point(lo, hi, SPLIT)] {
                assert!(lo <= m && m <= hi, "{m} outside [{lo}, {hi}]");
            }
            assert!(half_width(lo, hi).is_finite());
        }
    }
}
