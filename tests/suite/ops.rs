//! The operator table, walked: every operator's derivative rule against central differences at
//! random points, its declared non-smooth points against sampling (each declared point really is
//! non-smooth, and nowhere else disagrees), its printed form parsed back, and the derivatives in
//! the tails of the saturating functions against closed forms.

use nabla::{gradient, parse_into, Binary, Graph, NodeId, Singularity, Unary};

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        lo + (hi - lo) * ((self.0 >> 11) as f64 / (1u64 << 53) as f64)
    }
}

/// A compiled one- or two-variable function with its symbolic partials.
struct Probe {
    g: Graph,
    f: NodeId,
    d: Vec<NodeId>,
}

impl Probe {
    fn new(build: impl FnOnce(&mut Graph, NodeId, NodeId) -> NodeId) -> Probe {
        let mut g = Graph::new();
        let (x, y) = (g.var("x"), g.var("y"));
        let f = build(&mut g, x, y);
        let vars = [g.find_var("x").unwrap(), g.find_var("y").unwrap()];
        let d = gradient(&mut g, f, &vars);
        Probe { g, f, d }
    }

    fn value(&self, p: [f64; 2]) -> f64 {
        self.g.eval(self.f, &p)
    }

    fn partial(&self, i: usize, p: [f64; 2]) -> f64 {
        self.g.eval(self.d[i], &p)
    }

    /// One-sided differences `(D-, D+)` along coordinate `i` with step `h`.
    fn one_sided(&self, i: usize, p: [f64; 2], h: f64) -> (f64, f64) {
        let (mut lo, mut hi) = (p, p);
        lo[i] -= h;
        hi[i] += h;
        let f0 = self.value(p);
        ((f0 - self.value(lo)) / h, (self.value(hi) - f0) / h)
    }

    /// Central difference along coordinate `i` (Richardson-extrapolated, error O(h^4)), with a
    /// step well inside the distance `room` to the nearest singular point.
    fn central(&self, i: usize, p: [f64; 2], room: f64) -> f64 {
        let h = (1e-3 * p[i].abs().max(1.0)).min(room / 100.0);
        let at = |k: f64| {
            let mut q = p;
            q[i] += k * h;
            self.value(q)
        };
        let d1 = (at(1.0) - at(-1.0)) / (2.0 * h);
        let d2 = (at(2.0) - at(-2.0)) / (4.0 * h);
        (4.0 * d1 - d2) / 3.0
    }

    /// True when the function is not smooth at `p` along coordinate `i`: a non-finite value or
    /// slope nearby, or one-sided slopes that disagree.
    fn non_smooth_at(&self, i: usize, p: [f64; 2]) -> bool {
        let h = 1e-7;
        let (dm, dp) = self.one_sided(i, p, h);
        let rule = self.partial(i, p);
        !self.value(p).is_finite()
            || !dm.is_finite()
            || !dp.is_finite()
            || !rule.is_finite()
            || (dp - dm).abs() > 1e-3 * (1.0 + dp.abs() + dm.abs())
            || dp.abs().max(dm.abs()) > 1e4
    }
}

/// Distance from `p` to the operator's declared singular set (in the argument space).
fn distance_to_singular(s: Option<Singularity>, a: f64, b: f64) -> f64 {
    match s {
        None => f64::INFINITY,
        Some(Singularity::Zero { arg, .. }) => [a, b][arg].abs(),
        Some(Singularity::Unit) => (a.abs() - 1.0).abs(),
        Some(Singularity::TanPole) => a.cos().abs(),
        Some(Singularity::Tie) => (a - b).abs(),
        Some(Singularity::BranchCut) => {
            // atan2(a, b): the cut is a = 0, b <= 0.
            if b <= 0.0 {
                a.abs()
            } else {
                a.hypot(b)
            }
        }
        Some(Singularity::Origin) => a.hypot(b),
        Some(_) => 0.0,
    }
}

fn agrees(rule: f64, estimate: f64) -> bool {
    (rule - estimate).abs() <= 1e-6 * (1.0 + rule.abs().max(estimate.abs()))
}

#[test]
fn every_unary_rule_matches_central_differences_off_its_singular_points() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for &op in Unary::ALL {
        let p = Probe::new(|g, x, _| g.unary(op, x));
        let mut compared = 0;
        for _ in 0..400 {
            let a = rng.uniform(-3.0, 3.0);
            let pt = [a, 0.0];
            if !p.value(pt).is_finite() {
                assert!(
                    op.singularity().is_some(),
                    "{op:?} undefined at {a} but declared smooth"
                );
                continue;
            }
            let room = distance_to_singular(op.singularity(), a, 0.0);
            if room < 1e-2 {
                continue;
            }
            let (rule, est) = (p.partial(0, pt), p.central(0, pt, room));
            assert!(
                agrees(rule, est),
                "{op:?}'({a}): rule {rule}, central difference {est}"
            );
            compared += 1;
        }
        assert!(compared > 100, "{op:?}: only {compared} points compared");
    }
}

#[test]
fn every_declared_unary_singularity_is_real() {
    for &op in Unary::ALL {
        let p = Probe::new(|g, x, _| g.unary(op, x));
        let points: Vec<f64> = match op.singularity() {
            None => continue,
            Some(Singularity::Zero { .. }) => vec![0.0],
            Some(Singularity::Unit) => vec![-1.0, 1.0],
            Some(Singularity::TanPole) => vec![std::f64::consts::FRAC_PI_2],
            Some(other) => panic!("{op:?}: unexpected unary singularity {other:?}"),
        };
        for c in points {
            assert!(
                p.non_smooth_at(0, [c, 0.0]),
                "{op:?} declared non-smooth at {c} but is smooth there"
            );
        }
    }
}

/// Sample ranges for the two arguments where each binary operator is defined.
fn binary_box(op: Binary) -> [(f64, f64); 2] {
    match op {
        Binary::Pow => [(0.1, 3.0), (-2.5, 2.5)],
        _ => [(-3.0, 3.0), (-3.0, 3.0)],
    }
}

#[test]
fn every_binary_rule_matches_central_differences_off_its_singular_points() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for &op in Binary::ALL {
        let p = Probe::new(|g, x, y| g.binary(op, x, y));
        let [(alo, ahi), (blo, bhi)] = binary_box(op);
        let mut compared = 0;
        for _ in 0..400 {
            let pt = [rng.uniform(alo, ahi), rng.uniform(blo, bhi)];
            let room = distance_to_singular(op.singularity(None), pt[0], pt[1]);
            if room < 1e-2 || !p.value(pt).is_finite() {
                continue;
            }
            for i in 0..2 {
                let (rule, est) = (p.partial(i, pt), p.central(i, pt, room));
                assert!(
                    agrees(rule, est),
                    "d{op:?}/d{i} at {pt:?}: rule {rule}, estimate {est}"
                );
            }
            compared += 1;
        }
        assert!(compared > 100, "{op:?}: only {compared} points compared");
    }
    // Powers with a constant exponent take the other rule (c*a^(c-1)) and its singularities.
    for c in [-3.0, -0.5, 0.5, 2.0, 3.0, 2.5] {
        let p = Probe::new(|g, x, _| {
            let k = g.constant(c);
            g.pow(x, k)
        });
        for _ in 0..100 {
            let pt = [rng.uniform(0.05, 3.0), 0.0];
            let (rule, est) = (p.partial(0, pt), p.central(0, pt, pt[0]));
            assert!(
                agrees(rule, est),
                "d/dx x^{c} at {}: rule {rule}, estimate {est}",
                pt[0]
            );
        }
        assert_eq!(
            Binary::Pow.singularity(Some(c)).is_some(),
            p.non_smooth_at(0, [0.0, 0.0]),
            "x^{c}: declared singularity at 0 disagrees with sampling"
        );
    }
}

#[test]
fn every_declared_binary_singularity_is_real() {
    for &op in Binary::ALL {
        let p = Probe::new(|g, x, y| g.binary(op, x, y));
        // A point of the declared set, and the coordinate along which to cross it.
        let (pt, i) = match op.singularity(None) {
            None => continue,
            Some(Singularity::Zero { arg: 1, .. }) => ([1.0, 0.0], 1),
            Some(Singularity::Zero { arg: 0, .. }) => ([0.0, 0.5], 0),
            Some(Singularity::Tie) => ([0.7, 0.7], 0),
            Some(Singularity::BranchCut) => ([0.0, -1.0], 0),
            Some(Singularity::Origin) => ([0.0, 0.0], 0),
            Some(other) => panic!("{op:?}: unexpected binary singularity {other:?}"),
        };
        assert!(
            p.non_smooth_at(i, pt),
            "{op:?} declared non-smooth at {pt:?} but is smooth there"
        );
    }
}

#[test]
fn every_operator_prints_and_parses_back() {
    let mut g = Graph::new();
    let (x, y) = (g.var("x"), g.var("y"));
    let mut nodes = Vec::new();
    for &op in Unary::ALL {
        nodes.push(g.unary(op, x));
        let s = g.add_op(x, y);
        nodes.push(g.unary(op, s));
    }
    for &op in Binary::ALL {
        nodes.push(g.binary(op, x, y));
        let s = g.sub(x, y);
        let inner = g.binary(op, s, x);
        nodes.push(g.binary(op, inner, y));
        let two = g.constant(2.5);
        nodes.push(g.binary(op, y, two));
    }
    for n in nodes {
        let text = g.to_infix(n).unwrap();
        let back = parse_into(&mut g, &text).unwrap().root;
        assert_eq!(back, n, "{text} parses to another node");
        assert!(!g.to_latex(n).unwrap().is_empty());
    }
}

#[test]
fn saturating_derivatives_stay_accurate_in_the_tails() {
    // Closed forms evaluated without cancellation: tanh'(x) = 4/(e^x + e^-x)^2,
    // sigmoid'(x) = e^-|x|/(1 + e^-|x|)^2, softplus'(x) = sigmoid(x) = 1/(1 + e^-x).
    type ClosedForm = fn(f64) -> f64;
    let cases: [(&str, ClosedForm); 3] = [
        ("tanh(x)", |x| 4.0 / (x.exp() + (-x).exp()).powi(2)),
        ("sigmoid(x)", |x| {
            let e = (-x.abs()).exp();
            e / (1.0 + e).powi(2)
        }),
        ("softplus(x)", |x| 1.0 / (1.0 + (-x).exp())),
    ];
    for (src, exact) in cases {
        let mut g = Graph::new();
        let f = parse_into(&mut g, src).unwrap().root;
        let x = g.find_var("x").unwrap();
        let d = gradient(&mut g, f, &[x])[0];
        for at in [
            -700.0, -40.0, -25.0, -19.5, -3.0, 0.5, 3.0, 19.5, 25.0, 40.0, 300.0, 700.0,
        ] {
            let (got, want) = (g.eval(d, &[at]), exact(at));
            if want == 0.0 {
                assert_eq!(got, 0.0, "{src}' at {at}");
                continue;
            }
            assert!(
                ((got - want) / want).abs() < 1e-12,
                "{src}' at {at}: got {got:e}, closed form {want:e}"
            );
        }
    }
}
