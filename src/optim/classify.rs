//! [`classify()`] and what it needs; documented on the function.

use std::fmt;

use serde::Serialize;

use crate::interval::Interval;
use crate::optim::eigen::symmetric_eigen;
use crate::optim::{max_norm, Objective};
use crate::tr;

/// Tolerances of [`classify`].
///
/// ```
/// use nabla::optim::{classify, ClassifyTol, FnObjective, PointKind};
/// // f = x^2 at x = 1e-7, near its minimum: the gradient there is 2e-7.
/// let mut f = FnObjective::new(1, |x: &[f64]| x[0] * x[0], |x: &[f64], g: &mut [f64]| {
///     g[0] = 2.0 * x[0];
///     x[0] * x[0]
/// })
/// .with_hessian(|x: &[f64], g: &mut [f64], h: &mut [f64]| {
///     g[0] = 2.0 * x[0];
///     h[0] = 2.0;
///     x[0] * x[0]
/// });
/// // The default gradient tolerance 1e-6 accepts it as stationary, and the Hessian 2 > 0 says minimum...
/// assert_eq!(classify(&mut f, &[1e-7], &ClassifyTol::default()).kind, PointKind::LocalMinimum);
/// // ...a stricter one does not.
/// let mut strict = ClassifyTol::default();
/// strict.grad_tol = 1e-8;
/// assert_eq!(classify(&mut f, &[1e-7], &strict).kind, PointKind::NotStationary);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ClassifyTol {
    /// A point with `max_i |g_i|` at most this is stationary. Default 1e-6. A point whose gradient
    /// is larger but within what double precision can resolve there (each `|g_i|` at most
    /// `64 eps sum_j |H_ij| max(|x_j|, 1e-300)`: the change of the gradient over a rounding error of
    /// `x`) is stationary too, so badly scaled problems (Meyer's, Brown's) are judged by their own
    /// scale.
    pub grad_tol: f64,
    /// An eigenvalue counts as zero when `|l| <= max(zero_rel, 64 n eps) * max |l|`: the larger of
    /// this and the rounding error of the eigenvalues of a Hessian computed to a few ulps of its
    /// norm. Default 0 (rounding alone decides, so Brown's eigenvalues 2 and 2e12 are a strict
    /// minimum, not a singular Hessian).
    pub zero_rel: f64,
    /// Largest relative change of an eigenvalue over the Newton step for the test to be trusted.
    /// Default 0.1.
    pub model_change: f64,
}

impl Default for ClassifyTol {
    fn default() -> Self {
        ClassifyTol {
            grad_tol: 1e-6,
            zero_rel: 0.0,
            model_change: 0.1,
        }
    }
}

/// The kind of a point.
///
/// ```
/// use nabla::optim::{classify_hessian, PointKind};
/// // The Hessians at the origin of x^2 + y^2, -x^2 - y^2 and x^2 - y^2 (row-major 2x2).
/// let kind = |h: [f64; 4]| classify_hessian(&h, 2, 1e-8).unwrap().0;
/// let bowl = kind([2.0, 0.0, 0.0, 2.0]);
/// assert_eq!(bowl, PointKind::LocalMinimum);
/// assert!(bowl.is_minimum());
/// assert_eq!(kind([-2.0, 0.0, 0.0, -2.0]), PointKind::LocalMaximum);
/// let saddle = kind([2.0, 0.0, 0.0, -2.0]);
/// assert!(!saddle.is_minimum());
/// assert_eq!(saddle.to_string(), "saddle point");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PointKind {
    /// Stationary, Hessian positive definite.
    LocalMinimum,
    /// Stationary, Hessian negative definite.
    LocalMaximum,
    /// Stationary, Hessian indefinite.
    Saddle,
    /// Stationary, the second-derivative test inconclusive (singular or fast-changing Hessian), and
    /// no sampling was done to decide ([`classify_hessian`] alone; [`classify()`] samples).
    Degenerate,
    /// The gradient is not small: not a stationary point.
    NotStationary,
    /// Stationary, but no Hessian is available to classify it.
    Unknown,
    /// The gradient is small but the values keep falling along the descent direction, with no
    /// minimum near the point: a slope flattening toward an infimum (`exp(x)` far to the left).
    Slope,
    /// Stationary to rounding, and no sample near the point is lower, but double precision cannot
    /// decide whether it is a minimum: the Hessian is ill-conditioned (its condition number
    /// beyond `1e8`) and a damped Newton restart from the point lowered `f` beyond rounding at a
    /// distance beyond the sampled neighbourhood ([`Evidence::Restart`]). Powell's badly scaled
    /// function stopped at `f = 4e-9` from `10 x0`: the gradient is `6e-9`, the eigenvalues
    /// `-2e-9` and `2e10`, and the minimum `f = 0` lies 9% of `|x|` away along the flat valley.
    Inconclusive,
}

impl PointKind {
    /// Whether this is a (strict) local minimum.
    pub fn is_minimum(self) -> bool {
        self == PointKind::LocalMinimum
    }
}

impl fmt::Display for PointKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            PointKind::LocalMinimum => tr!("min-kind-local-minimum"),
            PointKind::LocalMaximum => tr!("min-kind-local-maximum"),
            PointKind::Saddle => tr!("min-kind-saddle"),
            PointKind::Degenerate => tr!("min-kind-degenerate"),
            PointKind::NotStationary => tr!("min-kind-not-stationary"),
            PointKind::Unknown => tr!("min-kind-unknown"),
            PointKind::Slope => tr!("min-kind-slope"),
            PointKind::Inconclusive => tr!("min-kind-inconclusive"),
        })
    }
}

/// A classified point.
///
/// ```
/// use nabla::optim::{classify, ClassifyTol, FnObjective, PointKind};
/// let mut f = FnObjective::new(1, |x: &[f64]| x[0] * x[0], |x: &[f64], g: &mut [f64]| {
///     g[0] = 2.0 * x[0];
///     x[0] * x[0]
/// });
/// let c = classify(&mut f, &[0.5], &ClassifyTol::default());
/// assert_eq!(c.kind, PointKind::NotStationary);
/// assert_eq!(c.grad_norm, 1.0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Classification {
    /// The kind.
    pub kind: PointKind,
    /// `max_i |g_i|` at the point.
    pub grad_norm: f64,
    /// Hessian eigenvalues, ascending (empty when not computed).
    pub eigenvalues: Vec<f64>,
    /// How the kind was established.
    pub evidence: Evidence,
    /// With [`Evidence::Restart`]: what the restart reached.
    pub restart: Option<Restart>,
}

/// How [`classify()`] established a point's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Evidence {
    /// The gradient alone (not stationary, or no Hessian to go further).
    Gradient,
    /// The second-derivative test: the Hessian's eigenvalues, judged against their rounding error.
    SecondOrder,
    /// The Hessian is singular or changes too fast for the second-derivative test, so the values
    /// around the point were sampled (along each axis, each eigenvector and random directions, at
    /// three radii): no sample lower than the point (within the gradient's first-order change and
    /// rounding) makes it a minimum, a lower one makes it not a minimum.
    Sampling,
    /// The gradient is not small but the point is a kink: every sampled one-sided directional
    /// change of `f` is non-negative (`abs(x)` at 0).
    Kink,
    /// The Hessian is ill-conditioned, so sampling alone is not trusted: a damped Newton restart
    /// from the point ([`Classification::restart`]) reached a value lower beyond rounding at a
    /// scaled distance beyond the sampled neighbourhood ([`PointKind::Inconclusive`]).
    Restart,
}

/// What the damped Newton restart of [`classify()`] reached from a point whose Hessian is
/// ill-conditioned ([`Evidence::Restart`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Restart {
    /// The lowest value the restart reached.
    pub value: f64,
    /// Where.
    pub point: Vec<f64>,
    /// How far it moved, `max_i |y_i - x_i| / max(|x_i|, 1)`.
    pub distance: f64,
    /// The Hessian's condition number at the point, `max |l| / min |l|` over its eigenvalues
    /// (`inf` when one is 0).
    pub condition: f64,
}

impl fmt::Display for Classification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match (self.kind, self.evidence) {
            (PointKind::NotStationary, _) => tr!(
                "min-class-not-stationary",
                gradient = format!("{:e}", self.grad_norm)
            ),
            (PointKind::LocalMinimum, Evidence::Sampling) => tr!("min-class-minimum-sampling"),
            (PointKind::LocalMinimum, Evidence::Kink) => tr!("min-class-minimum-kink"),
            (PointKind::Saddle, Evidence::Sampling) => tr!("min-class-saddle-sampling"),
            (PointKind::Inconclusive, _) => match &self.restart {
                Some(r) => tr!(
                    "min-class-inconclusive-restart",
                    condition = format!("{:.1e}", r.condition),
                    value = crate::display::fmt_number(r.value),
                    distance = format!("{:.1e}", r.distance)
                ),
                None => self.kind.to_string(),
            },
            (kind, _) => kind.to_string(),
        };
        f.write_str(&text)
    }
}

/// The kind of a stationary point from its Hessian `h` (row-major `n * n`) by rules 3 and 5 of
/// [`classify()`]; `None` when `h` is malformed or not finite. Returns the ascending eigenvalues too.
///
/// ```
/// use nabla::optim::{classify_hessian, PointKind};
/// let (kind, eig) = classify_hessian(&[2.0, 0.0, 0.0, -2.0], 2, 1e-8).unwrap();
/// assert_eq!((kind, eig), (PointKind::Saddle, vec![-2.0, 2.0]));
/// assert_eq!(classify_hessian(&[0.0], 1, 1e-8).unwrap().0, PointKind::Degenerate);
/// ```
pub fn classify_hessian(h: &[f64], n: usize, zero_rel: f64) -> Option<(PointKind, Vec<f64>)> {
    let e = symmetric_eigen(h, n)?;
    let scale = e.values.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    let rel = zero_rel.max(64.0 * n as f64 * f64::EPSILON);
    let zero = |v: f64| v.abs() <= rel * scale;
    let neg = e.values.iter().any(|&v| v < 0.0 && !zero(v));
    let pos = e.values.iter().any(|&v| v > 0.0 && !zero(v));
    // A clearly negative eigenvalue makes the point no minimum whatever the others are: with
    // positive ones a saddle, with zero ones a saddle as far as the Hessian can tell (`classify`
    // samples to tell a flat maximum).
    let kind = match (neg, pos, e.values.iter().any(|&v| zero(v))) {
        (true, _, true) | (true, true, _) => PointKind::Saddle,
        (true, false, false) => PointKind::LocalMaximum,
        (false, true, false) => PointKind::LocalMinimum,
        _ => PointKind::Degenerate,
    };
    Some((kind, e.values))
}

/// Classifies the point `x` of `obj` (rules below). Costs one gradient, up to two Hessian
/// evaluations and, when the second-order test is inconclusive, a few hundred values (sampling);
/// allocates (it runs once per result, not per iteration). A point whose length differs from
/// `obj.dim()` is [`PointKind::Unknown`] with a NaN `grad_norm`.
///
/// What kind of point a run stopped at, and how that was established ([`Evidence`]): the
/// book's chapter 2.1 point that `f'(0) = 0` for `x^3` without an extremum, and its converse,
/// that `x^4` has a minimum at 0 although `f''(0) = 0` too.
///
/// Rules, in order, with the tolerances of [`ClassifyTol`]:
/// 1. Stationary when `max_i |g_i| <= grad_tol` or every `|g_i|` is within what double precision
///    resolves at `x` (scale-aware; see [`ClassifyTol::grad_tol`]). Otherwise, a kink minimum
///    when `f` grows (beyond rounding) in every sampled direction, every sample is defined, `f`
///    turns up along `-g` and, for a formula ([`Objective::problem`]), interval arithmetic shows
///    `f` bounded and defined over the whole sampled neighbourhood (no pole between the samples)
///    ([`Evidence::Kink`], `abs(x)` at 0); else [`PointKind::NotStationary`].
/// 2. No Hessian available: [`PointKind::Unknown`].
/// 3. Eigenvalues judged against their rounding error ([`classify_hessian`]): a clearly negative
///    and a clearly positive one make a [`PointKind::Saddle`]; all clearly negative a
///    [`PointKind::LocalMaximum`]; all clearly positive a [`PointKind::LocalMinimum`] when the
///    quadratic model holds (the eigenvalues at the model's stationary point `x - H^{-1} g` are
///    within `model_change` of these: GD on `x^3` stops near `x = 6e-5`, where `f'' = 3.5e-4 > 0`
///    but halves over the Newton step). All of these are [`Evidence::SecondOrder`].
/// 4. Otherwise (a zero eigenvalue, or a model that does not hold) the neighbourhood is sampled
///    ([`Evidence::Sampling`]): no lower sample (allowing the gradient's first-order change) and
///    `f` turning up along `-g` make a [`PointKind::LocalMinimum`]; lower and higher samples a
///    [`PointKind::Saddle`]; only lower ones a [`PointKind::LocalMaximum`]; a descent direction
///    along which `f` keeps falling without turning up a [`PointKind::Slope`] (`exp(x)`).
///
/// ```
/// use nabla::optim::{classify, ClassifyTol, Evidence, FnObjective, PointKind};
/// // x^3 and x^4 at 0: f' = 0 and f'' = 0 for both; sampling tells them apart.
/// let power = |k: i32| {
///     let kf = f64::from(k);
///     FnObjective::new(1, move |x: &[f64]| x[0].powi(k), move |x: &[f64], g: &mut [f64]| {
///         g[0] = kf * x[0].powi(k - 1);
///         x[0].powi(k)
///     })
///     .with_hessian(move |x: &[f64], g: &mut [f64], h: &mut [f64]| {
///         g[0] = kf * x[0].powi(k - 1);
///         h[0] = kf * (kf - 1.0) * x[0].powi(k - 2);
///         x[0].powi(k)
///     })
/// };
/// let tol = ClassifyTol::default();
/// let cubic = classify(&mut power(3), &[0.0], &tol);
/// assert_eq!((cubic.kind, cubic.evidence), (PointKind::Saddle, Evidence::Sampling));
/// let quartic = classify(&mut power(4), &[0.0], &tol);
/// assert_eq!((quartic.kind, quartic.evidence), (PointKind::LocalMinimum, Evidence::Sampling));
/// ```
pub fn classify(obj: &mut dyn Objective, x: &[f64], tol: &ClassifyTol) -> Classification {
    let n = x.len();
    let done = |kind, grad_norm, eigenvalues, evidence| Classification {
        kind,
        grad_norm,
        eigenvalues,
        evidence,
        restart: None,
    };
    if n != obj.dim() {
        // A point of the wrong length cannot be evaluated; say nothing rather than guess.
        return done(PointKind::Unknown, f64::NAN, Vec::new(), Evidence::Gradient);
    }
    let mut g = vec![0.0; n];
    let mut h = vec![0.0; n * n];
    let f0 = obj.value_and_grad(x, &mut g);
    let grad_norm = max_norm(&g);
    if grad_norm.is_nan() || !f0.is_finite() {
        return done(
            PointKind::NotStationary,
            grad_norm,
            Vec::new(),
            Evidence::Gradient,
        );
    }
    let mut g_h = vec![0.0; n];
    let has_hessian =
        obj.value_grad_hessian(x, &mut g_h, &mut h).is_some() && h.iter().all(|v| v.is_finite());
    // Stationary: the gradient is small, or no larger than what double precision can resolve at
    // this point (its change over a rounding error of x).
    let resolvable = |i: usize| {
        let row = &h[i * n..(i + 1) * n];
        let reach: f64 = row
            .iter()
            .zip(x)
            .map(|(hij, xj)| hij.abs() * xj.abs().max(1e-300))
            .sum();
        g[i].abs() <= 64.0 * f64::EPSILON * reach
    };
    let stationary = grad_norm <= tol.grad_tol || (has_hessian && (0..n).all(resolvable));
    if !stationary {
        // A kink (`abs(x)` at 0) has no small gradient but may still be a minimum: every
        // one-sided change of f around it is non-negative (and defined), and f turns up along
        // the gradient's descent direction.
        let s = sample(obj, x, f0, None, None);
        if may_kink(obj)
            && !s.lower
            && !s.outside
            && bounded_near(obj, x)
            && ray(obj, x, f0, &g, false) == Ray::TurnsUp
        {
            return done(
                PointKind::LocalMinimum,
                grad_norm,
                Vec::new(),
                Evidence::Kink,
            );
        }
        return done(
            PointKind::NotStationary,
            grad_norm,
            Vec::new(),
            Evidence::Gradient,
        );
    }
    if !has_hessian {
        return done(
            PointKind::Unknown,
            grad_norm,
            Vec::new(),
            Evidence::Gradient,
        );
    }
    let Some(e) = symmetric_eigen(&h, n) else {
        return done(
            PointKind::Degenerate,
            grad_norm,
            Vec::new(),
            Evidence::Gradient,
        );
    };
    let (kind, eigenvalues) = match classify_hessian(&h, n, tol.zero_rel) {
        Some(k) => k,
        None => (PointKind::Degenerate, e.values.clone()),
    };
    let scale = eigenvalues.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    let clearly_positive = eigenvalues
        .iter()
        .any(|&v| v > 64.0 * n as f64 * f64::EPSILON * scale);
    let second_order = match kind {
        PointKind::Saddle => clearly_positive,
        PointKind::LocalMaximum => true,
        PointKind::LocalMinimum => grad_norm == 0.0 || model_holds(obj, x, &g, &e, tol),
        _ => false,
    };
    if second_order {
        return done(kind, grad_norm, eigenvalues, Evidence::SecondOrder);
    }
    // The second-order test is inconclusive (a singular Hessian, or one changing too fast over
    // the distance to the model's stationary point): sample the neighbourhood.
    let s = sample(obj, x, f0, Some(&g), Some(&e.vectors));
    let kind = match (s.lower, s.higher) {
        (false, _) => match ray(obj, x, f0, &g, true) {
            Ray::TurnsUp => PointKind::LocalMinimum,
            Ray::Lower => PointKind::Saddle,
            Ray::Never => PointKind::Slope,
        },
        (true, true) => PointKind::Saddle,
        (true, false) => PointKind::LocalMaximum,
    };
    // Sampling forgives each sample twice the gradient's first-order change (a point a minimizer
    // left slightly off the minimum is still one). Along a direction of nearly zero curvature
    // that allowance hides a real descent, so where the Hessian is ill-conditioned a damped
    // Newton restart decides whether the point is what it looks like.
    if kind == PointKind::LocalMinimum {
        let condition = condition_number(&eigenvalues);
        if condition > ILL_CONDITIONED {
            if let Some(r) = newton_restart(obj, x, f0, condition) {
                return Classification {
                    restart: Some(r),
                    ..done(
                        PointKind::Inconclusive,
                        grad_norm,
                        eigenvalues,
                        Evidence::Restart,
                    )
                };
            }
        }
    }
    done(kind, grad_norm, eigenvalues, Evidence::Sampling)
}

/// Condition numbers above this make [`classify()`] check a sampled minimum by a restart: about
/// `1/sqrt(eps)`, where a Newton step's error along the flattest direction reaches the step's
/// size.
const ILL_CONDITIONED: f64 = 1e8;

/// Largest relative (scaled) distance the sampling of [`classify()`] covers: what a restart must
/// exceed to show that the sampled verdict did not see far enough.
const SAMPLED_RADIUS: f64 = 1e-3;

/// `max |l| / min |l|` over the eigenvalues (`inf` when one is 0, 1 when there are none).
fn condition_number(eigenvalues: &[f64]) -> f64 {
    let big = eigenvalues.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    let small = eigenvalues
        .iter()
        .fold(f64::INFINITY, |m, v| m.min(v.abs()));
    if eigenvalues.is_empty() || big == 0.0 {
        1.0
    } else {
        big / small
    }
}

/// A damped Newton (Levenberg) restart from `x`: steps `-sum_j v_j (v_j . g) / (|l_j| + mu)`
/// over the Hessian's eigenpairs, `mu` raised fourfold on a step that does not lower `f` beyond
/// rounding and lowered fourfold on one that does; at most 100 Hessians and 400 values, and
/// nothing for more than 64 variables. Returns what it reached when that is lower than `f0`
/// beyond rounding and farther than [`SAMPLED_RADIUS`] (scaled by `max(|x_i|, 1)`), else
/// `None`.
fn newton_restart(obj: &mut dyn Objective, x: &[f64], f0: f64, condition: f64) -> Option<Restart> {
    let n = x.len();
    if n == 0 || n > 64 {
        return None;
    }
    let (mut y, mut fy) = (x.to_vec(), f0);
    let (mut g, mut h) = (vec![0.0; n], vec![0.0; n * n]);
    let mut trial = vec![0.0; n];
    let mut values = 0;
    let mut mu = f64::NAN;
    'outer: for _ in 0..100 {
        obj.value_grad_hessian(&y, &mut g, &mut h)?;
        let e = symmetric_eigen(&h, n)?;
        let big = e.values.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        if !big.is_finite() || big == 0.0 || !g.iter().all(|v| v.is_finite()) {
            break;
        }
        if mu.is_nan() {
            mu = 1e-12 * big;
        }
        loop {
            for (i, t) in trial.iter_mut().enumerate() {
                *t = y[i];
            }
            for j in 0..n {
                let qg: f64 = (0..n).map(|i| e.vectors[i * n + j] * g[i]).sum();
                let c = qg / (e.values[j].abs() + mu);
                for (i, t) in trial.iter_mut().enumerate() {
                    *t -= e.vectors[i * n + j] * c;
                }
            }
            let ft = obj.value(&trial);
            values += 1;
            if ft.is_finite() && ft < fy - 8.0 * f64::EPSILON * (fy.abs() + ft.abs()) {
                y.copy_from_slice(&trial);
                fy = ft;
                mu = (mu / 4.0).max(1e-18 * big);
                break;
            }
            mu *= 4.0;
            if values >= 400 || !mu.is_finite() || mu > 1e30 * big {
                break 'outer;
            }
        }
        if values >= 400 {
            break;
        }
    }
    let distance = y
        .iter()
        .zip(x)
        .map(|(a, b)| (a - b).abs() / b.abs().max(1.0))
        .fold(0.0_f64, f64::max);
    let lower = fy < f0 - 8.0 * f64::EPSILON * (f0.abs() + fy.abs());
    (lower && distance > SAMPLED_RADIUS).then_some(Restart {
        value: fy,
        point: y,
        distance,
        condition,
    })
}

/// Whether `f` may have a kink (a point where it is continuous but not differentiable, or a
/// jump), so that [`classify()`]'s kink test applies: for a formula ([`Objective::problem`]),
/// whether its graph reaches `abs`, `sign`, `step`, `sqrt`, `cbrt`, `asin`, `acos`, `min`,
/// `max`, `hypot`, `atan2`, `xlogy` or a power whose exponent is not a constant integer; `true`
/// for other objectives (nothing to check). A formula built of smooth operators only (Meyer's
/// sum of squares of exponentials) has no kink: a large gradient there is no minimum, whatever
/// the samples show (with a Hessian of condition number 2e34 they see rounding, not `f`).
fn may_kink(obj: &dyn Objective) -> bool {
    use crate::{Binary, Node, Unary};
    let Some(p) = obj.problem() else {
        return true;
    };
    let g = p.graph();
    let mask = g.reachable(&[p.formula().root()]);
    g.nodes()[..mask.len()].iter().zip(&mask).any(|(node, m)| {
        *m && match *node {
            Node::Unary(op, _) => matches!(
                op,
                Unary::Abs
                    | Unary::Sign
                    | Unary::Step
                    | Unary::Sqrt
                    | Unary::Cbrt
                    | Unary::Asin
                    | Unary::Acos
            ),
            Node::Binary(Binary::Pow, _, b) => {
                g.const_value(b).and_then(crate::ops::small_int).is_none()
            }
            Node::Binary(op, ..) => matches!(
                op,
                Binary::Min | Binary::Max | Binary::Hypot | Binary::Atan2 | Binary::Xlogy
            ),
            Node::Const(_) | Node::Var(_) => false,
        }
    })
}

/// Rule 4: the quadratic model is trusted when the Hessian's eigenvalues at the model's stationary
/// point `x - H^{-1} g` are within `model_change` (relative) of those at `x`.
fn model_holds(
    obj: &mut dyn Objective,
    x: &[f64],
    g: &[f64],
    e: &crate::optim::SymmetricEigen,
    tol: &ClassifyTol,
) -> bool {
    let n = x.len();
    let mut x_new = x.to_vec();
    for j in 0..n {
        let qg: f64 = (0..n).map(|i| e.vectors[i * n + j] * g[i]).sum();
        let c = qg / e.values[j];
        for (i, xi) in x_new.iter_mut().enumerate() {
            *xi -= e.vectors[i * n + j] * c;
        }
    }
    let (mut g2, mut h) = (vec![0.0; n], vec![0.0; n * n]);
    match obj.value_grad_hessian(&x_new, &mut g2, &mut h) {
        Some(_) => match symmetric_eigen(&h, n) {
            Some(e2) => e2
                .values
                .iter()
                .zip(&e.values)
                .all(|(a, b)| (a - b).abs() <= tol.model_change * b.abs()),
            None => false,
        },
        None => true,
    }
}

/// What `f` does along the descent direction `-g` from a point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ray {
    /// It rises above `f(x)` (beyond the allowance) before anything lower is found.
    TurnsUp,
    /// It falls below `f(x)` beyond the allowance.
    Lower,
    /// Neither, out to `1e3 max(|x|, 1)`: a slope flattening toward an infimum (`exp(x)` far
    /// left) with no minimum near the point.
    Never,
}

/// Walks from `x` along `-g` (steps `s 1e-12 2^k` up to `s 1e3`, `s = max(|x|_inf, 1)`) until the
/// value rises above or falls below `f0` beyond the rounding allowance (plus, with
/// `first_order`, twice the gradient's first-order change). With `g = 0` there is no descent
/// direction and the answer is [`Ray::TurnsUp`] (sampling has decided).
fn ray(obj: &mut dyn Objective, x: &[f64], f0: f64, g: &[f64], first_order: bool) -> Ray {
    let gn = max_norm(g);
    if gn == 0.0 || !gn.is_finite() {
        return Ray::TurnsUp;
    }
    let s = max_norm(x).max(1.0);
    let mut y = vec![0.0; x.len()];
    for k in 0..=50 {
        let t = s * 1e-12 * 2f64.powi(k);
        let mut change = 0.0;
        for i in 0..x.len() {
            y[i] = x[i] - t * g[i] / gn;
            change += g[i] * (y[i] - x[i]);
        }
        let fy = obj.value(&y);
        if !fy.is_finite() {
            continue;
        }
        let slack = 8.0 * f64::EPSILON * (f0.abs() + fy.abs())
            + if first_order { 2.0 * change.abs() } else { 0.0 };
        if fy > f0 + slack {
            return Ray::TurnsUp;
        }
        if fy < f0 - slack {
            return Ray::Lower;
        }
    }
    Ray::Never
}

/// What [`sample`] found around a point.
struct Samples {
    /// Some sample is lower than the point beyond the allowance.
    lower: bool,
    /// Some sample is higher beyond the allowance.
    higher: bool,
    /// Some sample is outside the domain (non-finite).
    outside: bool,
}

/// Samples `f` around `x` (value `f0`): along each axis, each column of `vectors` (eigenvectors,
/// row-major `n x n`) and 16 seeded random directions, both signs, at relative radii 1e-3, 1e-5
/// and 1e-7 (coordinate `i` scaled by `max(|x_i|, 1)`). Returns whether some sample is lower and
/// whether some is higher than `f0` beyond the allowance: rounding (`8 eps (|f0| + |f|)`) and,
/// given the gradient `g`, twice its first-order change (so a point a minimizer left slightly off
/// the minimum is still one). Samples outside the domain (non-finite) count as neither.
/// Whether `f` is bounded and defined on the whole neighbourhood that [`sample`] draws from (the
/// box `x_i +- 1e-3 max(|x_i|, 1)`), by interval arithmetic over it, for an objective that is a
/// formula ([`Objective::problem`]); `true` for other objectives (nothing to check). Samples
/// alone cannot see a pole between them: `1/x` at `x = -2.6e-20` is higher at both `x +- 1e-7`,
/// on either side of its pole at 0, and is no minimum.
fn bounded_near(obj: &dyn Objective, x: &[f64]) -> bool {
    let Some(p) = obj.problem() else {
        return true;
    };
    let vars = p.formula().vars();
    if p.wrt() != vars || vars.len() != x.len() {
        return true;
    }
    let b: Vec<Interval> = x
        .iter()
        .map(|&v| {
            let r = 1e-3 * v.abs().max(1.0);
            Interval::new(v - r, v + r)
        })
        .collect();
    p.enclose_value(&b).is_none_or(Interval::is_bounded)
}

fn sample(
    obj: &mut dyn Objective,
    x: &[f64],
    f0: f64,
    g: Option<&[f64]>,
    vectors: Option<&[f64]>,
) -> Samples {
    let n = x.len();
    let mut dirs: Vec<Vec<f64>> = Vec::with_capacity(2 * n + 16);
    for i in 0..n {
        let mut d = vec![0.0; n];
        d[i] = 1.0;
        dirs.push(d);
    }
    if let Some(v) = vectors {
        for j in 0..n {
            dirs.push((0..n).map(|i| v[i * n + j]).collect());
        }
    }
    let mut rng = fastrand::Rng::with_seed(0x5eed_ab1e);
    for _ in 0..16 {
        let d: Vec<f64> = (0..n).map(|_| rng.f64() * 2.0 - 1.0).collect();
        let norm = max_norm(&d).max(1e-300);
        dirs.push(d.iter().map(|v| v / norm).collect());
    }
    let (mut lower, mut higher, mut outside) = (false, false, false);
    let mut y = vec![0.0; n];
    for r in [1e-3, 1e-5, 1e-7] {
        for d in &dirs {
            for sign in [1.0, -1.0] {
                let mut first_order = 0.0;
                for i in 0..n {
                    let step = sign * r * x[i].abs().max(1.0) * d[i];
                    y[i] = x[i] + step;
                    if let Some(g) = g {
                        first_order += g[i] * (y[i] - x[i]);
                    }
                }
                let fy = obj.value(&y);
                if !fy.is_finite() {
                    outside = true;
                    continue;
                }
                let slack = 8.0 * f64::EPSILON * (f0.abs() + fy.abs()) + 2.0 * first_order.abs();
                lower |= fy < f0 - slack;
                higher |= fy > f0 + slack;
            }
        }
    }
    Samples {
        lower,
        higher,
        outside,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::probe_unbounded;
    use crate::optim::FnObjective;

    #[test]
    fn definite_and_indefinite_hessians() {
        assert_eq!(
            classify_hessian(&[2.0, 1.0, 1.0, 2.0], 2, 1e-8).unwrap().0,
            PointKind::LocalMinimum
        );
        assert_eq!(
            classify_hessian(&[-2.0, 1.0, 1.0, -2.0], 2, 1e-8)
                .unwrap()
                .0,
            PointKind::LocalMaximum
        );
        assert_eq!(
            classify_hessian(&[1.0, 2.0, 2.0, 1.0], 2, 1e-8).unwrap().0,
            PointKind::Saddle
        );
        // Eigenvalues 0 and 2: singular.
        assert_eq!(
            classify_hessian(&[1.0, 1.0, 1.0, 1.0], 2, 1e-8).unwrap().0,
            PointKind::Degenerate
        );
        assert!(classify_hessian(&[f64::NAN], 1, 1e-8).is_none());
    }

    #[test]
    fn slow_approach_to_x_cubed_is_not_a_minimum() {
        // Near x = 5.77e-5, f' = 3x^2 = 1e-8 (stationary by tolerance), f'' = 6x > 0, but the Newton
        // point is x/2 where f'' has halved: the second-order test is not trusted, and sampling
        // finds f(x - 1e-3) = (5.77e-5 - 1e-3)^3 = -8.4e-10 far below f(x) = 1.9e-13.
        let mut f = FnObjective::new(
            1,
            |x: &[f64]| x[0].powi(3),
            |x: &[f64], g: &mut [f64]| {
                g[0] = 3.0 * x[0] * x[0];
                x[0].powi(3)
            },
        )
        .with_hessian(|x: &[f64], g: &mut [f64], h: &mut [f64]| {
            g[0] = 3.0 * x[0] * x[0];
            h[0] = 6.0 * x[0];
            x[0].powi(3)
        });
        let c = classify(&mut f, &[5.77e-5], &ClassifyTol::default());
        assert_eq!(
            (c.kind, c.evidence),
            (PointKind::Saddle, Evidence::Sampling)
        );
    }

    /// A one-variable objective with its exact derivatives, from closures for f, f' and f''.
    fn one_d(f: fn(f64) -> f64, d: fn(f64) -> f64, dd: fn(f64) -> f64) -> impl Objective {
        FnObjective::new(
            1,
            move |x: &[f64]| f(x[0]),
            move |x: &[f64], g: &mut [f64]| {
                g[0] = d(x[0]);
                f(x[0])
            },
        )
        .with_hessian(move |x: &[f64], g: &mut [f64], h: &mut [f64]| {
            g[0] = d(x[0]);
            h[0] = dd(x[0]);
            f(x[0])
        })
    }

    #[test]
    fn flat_minima_are_minima_and_flat_slopes_are_not() {
        let tol = ClassifyTol::default();
        // x^4 near 0, where a minimizer stops (f' = 4x^3 = 1.65e-9 at 7.45e-4): a minimum, by
        // sampling (f'' = 12x^2 changes by half over the Newton step).
        let mut quartic = one_d(|x| x.powi(4), |x| 4.0 * x.powi(3), |x| 12.0 * x * x);
        let c = classify(&mut quartic, &[7.45e-4], &tol);
        assert_eq!(
            (c.kind, c.evidence),
            (PointKind::LocalMinimum, Evidence::Sampling)
        );
        // exp(x) at -18.6: gradient 8e-9, curvature 8e-9 > 0, but no minimum anywhere.
        let mut e = one_d(f64::exp, f64::exp, f64::exp);
        assert_eq!(classify(&mut e, &[-18.6], &tol).kind, PointKind::Slope);
        // |x| at 0: a kink minimum; at 1e-17 (gradient 1, not small) still one, by the kink test.
        let mut a = one_d(f64::abs, f64::signum, |_| 0.0);
        assert!(classify(&mut a, &[0.0], &tol).kind.is_minimum());
        let c = classify(&mut a, &[1e-17], &tol);
        assert_eq!(
            (c.kind, c.evidence),
            (PointKind::LocalMinimum, Evidence::Kink)
        );
        // A smooth point with a large gradient is not.
        assert_eq!(
            classify(&mut a, &[2.0], &tol).kind,
            PointKind::NotStationary
        );
    }

    #[test]
    fn scale_decides_singularity_and_negative_curvature_decides_saddles() {
        // Brown's badly scaled function at its minimum (1e6, 2e-6): eigenvalues about 2 and 2e12,
        // a strict minimum (their ratio 1e-12 is far above the rounding of the eigenvalues).
        let (h, _) = (vec![2.0, 0.0, 0.0, 2e12], ());
        assert_eq!(
            classify_hessian(&h, 2, 0.0).unwrap().0,
            PointKind::LocalMinimum
        );
        // An eigenvalue of -9.8e-3 beside a near-zero one: a saddle, never "degenerate".
        let h = [-9.8e-3, 0.0, 0.0, 1e-20];
        assert_ne!(
            classify_hessian(&h, 2, 0.0).unwrap().0,
            PointKind::Degenerate
        );
        let h = [-9.8e-3, 0.0, 0.0, 5.0];
        assert_eq!(classify_hessian(&h, 2, 0.0).unwrap().0, PointKind::Saddle);
    }

    #[test]
    fn unbounded_functions_are_found_and_bounded_ones_are_not() {
        // ln(x) + x from near 0: falls to -inf at the edge of its domain.
        let mut l = one_d(|x| x.ln() + x, |x| 1.0 / x + 1.0, |x| -1.0 / (x * x));
        assert!(probe_unbounded(&mut l, &[1.8e-12]).is_some());
        // x^3 + x^2 + x from 0: falls like -t^3 along the descent direction.
        let mut c = one_d(
            |x| x.powi(3) + x * x + x,
            |x| 3.0 * x * x + 2.0 * x + 1.0,
            |x| 6.0 * x + 2.0,
        );
        assert!(probe_unbounded(&mut c, &[0.0]).is_some());
        // exp(x) is bounded below by 0 and sqrt(x) by 0 at the edge of its domain: no claim.
        let mut e = one_d(f64::exp, f64::exp, f64::exp);
        assert!(probe_unbounded(&mut e, &[-18.6]).is_none());
        let mut s = one_d(f64::sqrt, |x| 0.5 / x.sqrt(), |x| -0.25 / x.powf(1.5));
        assert!(probe_unbounded(&mut s, &[0.3]).is_none());
    }

    #[test]
    fn no_hessian_is_unknown() {
        let mut f = FnObjective::new(
            1,
            |x: &[f64]| x[0] * x[0],
            |x: &[f64], g: &mut [f64]| {
                g[0] = 2.0 * x[0];
                x[0] * x[0]
            },
        );
        assert_eq!(
            classify(&mut f, &[0.0], &ClassifyTol::default()).kind,
            PointKind::Unknown
        );
    }
}
