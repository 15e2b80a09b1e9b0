//! Kinks and singular points: the forward sweep that evaluates every node a formula reaches
//! (with its magnitude, the node evaluated with sums and products of absolute values) and the
//! search for a non-smooth node whose argument reaches its critical value along a direction.
//!
//! Invariants: both walk the arena in index order (children precede parents), one loop over the
//! nodes per point, never recursing; nodes the roots do not reach are skipped.

use crate::graph::{Graph, Node, NodeId};
use crate::ops::{small_int, Binary, Magnitude, Singularity};
use crate::tr;

/// Values and magnitudes of the nodes of a graph at several points, one forward sweep each.
pub(super) struct Sweeper<'g> {
    graph: &'g Graph,
    /// Which nodes the roots reach.
    pub(super) mask: Vec<bool>,
    /// Each reached node's value at the last point run.
    pub(super) vals: Vec<f64>,
    mags: Vec<f64>,
}

impl<'g> Sweeper<'g> {
    pub(super) fn new(graph: &'g Graph, roots: &[NodeId]) -> Sweeper<'g> {
        let mask = graph.reachable(roots);
        let n = mask.len();
        Sweeper {
            graph,
            mask,
            vals: vec![0.0; n],
            mags: vec![0.0; n],
        }
    }

    /// True when a node the roots reach can be non-smooth or singular.
    pub(super) fn has_critical_nodes(&self) -> bool {
        self.graph.nodes()[..self.mask.len()]
            .iter()
            .zip(&self.mask)
            .any(|(n, m)| *m && critical_kind(self.graph, *n).is_some())
    }

    /// Evaluates every reached node at `values` (indexed by [`crate::VarId::index`]), with its
    /// magnitude: the node evaluated with sums and products of absolute values.
    pub(super) fn run(&mut self, values: &[f64]) {
        let nodes = &self.graph.nodes()[..self.mask.len()];
        for (i, &node) in nodes.iter().enumerate() {
            if !self.mask[i] {
                continue;
            }
            let (v, m) = match node {
                Node::Const(bits) => {
                    let c = f64::from_bits(bits);
                    (c, c.abs())
                }
                Node::Var(x) => {
                    let c = values.get(x.index()).copied().unwrap_or(f64::NAN);
                    (c, c.abs())
                }
                Node::Unary(op, a) => {
                    let v = op.eval(self.vals[a.index()]);
                    let m = match op.spec().magnitude {
                        Magnitude::Arg => self.mags[a.index()],
                        _ => v.abs(),
                    };
                    (v, m)
                }
                Node::Binary(op, a, b) => {
                    let (va, vb) = (self.vals[a.index()], self.vals[b.index()]);
                    let (ma, mb) = (self.mags[a.index()], self.mags[b.index()]);
                    let v = op.eval(va, vb);
                    let m = match op.spec().magnitude {
                        Magnitude::Sum => ma + mb,
                        Magnitude::Product => ma * mb,
                        Magnitude::Quotient => ma / vb.abs(),
                        Magnitude::Power => match self.graph.const_value(b).and_then(small_int) {
                            Some(n) if n >= 0 => ma.powi(n),
                            _ => v.abs(),
                        },
                        Magnitude::Value | Magnitude::Arg => v.abs(),
                    };
                    (v, m)
                }
            };
            self.vals[i] = v;
            self.mags[i] = if m.is_finite() {
                m.max(v.abs())
            } else {
                v.abs()
            };
        }
    }

    pub(super) fn value(&self, id: NodeId) -> f64 {
        self.vals[id.index()]
    }

    pub(super) fn magnitude(&self, id: NodeId) -> f64 {
        self.mags[id.index()]
    }
}

/// The kinds of critical points a node can have.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Critical {
    /// The (first) argument reaching 0: `abs`, `sign`, `step`, `sqrt`, `cbrt`, logs, poles.
    ArgZero(NodeId, &'static str),
    /// `asin`/`acos` at ±1.
    ArgUnit(NodeId),
    /// `tan` at a pole (`cos(arg) = 0`).
    TanPole(NodeId),
    /// `min`/`max` tie.
    Tie(NodeId, NodeId),
    /// `atan2(y, x)`: the branch cut `y = 0, x < 0` and the origin.
    Atan2(NodeId, NodeId),
    /// `hypot(a, b)` at the origin.
    Hypot(NodeId, NodeId),
}

/// The critical points of a node, from the operator table's singular points.
fn critical_kind(g: &Graph, node: Node) -> Option<Critical> {
    let (s, args) = match node {
        Node::Unary(op, a) => (op.singularity()?, [a, a]),
        Node::Binary(op, a, b) => (op.singularity(g.const_value(b))?, [a, b]),
        Node::Const(_) | Node::Var(_) => return None,
    };
    let [a, b] = args;
    Some(match s {
        Singularity::Zero { arg, what } => Critical::ArgZero(args[arg.min(1)], what),
        Singularity::Unit => Critical::ArgUnit(a),
        Singularity::TanPole => Critical::TanPole(a),
        Singularity::Tie => Critical::Tie(a, b),
        Singularity::BranchCut => Critical::Atan2(a, b),
        Singularity::Origin => Critical::Hypot(a, b),
    })
}

/// Range of samples: (min, max); NaN samples are ignored (non-finite values are reported apart).
fn range(s: &[f64]) -> (f64, f64) {
    s.iter()
        .filter(|v| !v.is_nan())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        })
}

/// The samples vary and reach `c`.
fn crosses(s: &[f64], c: f64) -> bool {
    let (lo, hi) = range(s);
    hi > lo && lo <= c && c <= hi
}

/// The samples reach `c` (varying or not).
fn touches(s: &[f64], c: f64) -> bool {
    let (lo, hi) = range(s);
    lo <= c && c <= hi
}

/// A short label for a node: its infix text when short, else the function's name.
fn label(g: &Graph, id: NodeId) -> String {
    const MAX: usize = 40;
    if let Ok(t) = g.to_infix(id) {
        if t.chars().count() <= MAX {
            return format!("`{t}`");
        }
    }
    match g.node(id) {
        Node::Unary(op, _) => format!("`{}(…)`", op.name()),
        Node::Binary(Binary::Div, ..) => tr!("check-node-division"),
        Node::Binary(Binary::Pow, ..) => tr!("check-node-power"),
        Node::Binary(op, ..) => format!("`{}(…)`", op.name()),
        _ => tr!("check-node-other"),
    }
}

/// The operator table's words for a critical value (`its kink at 0`) in the current language;
/// words the catalog does not know are kept as they are.
fn what_text(what: &str) -> String {
    match what {
        "0, where it is singular" => tr!("check-what-singular"),
        "0, where its derivative is infinite" => tr!("check-what-infinite-derivative"),
        "its kink at 0" => tr!("check-what-kink"),
        "its jump at 0" => tr!("check-what-jump"),
        "0 in a denominator (a pole)" => tr!("check-what-denominator"),
        "0 in a negative power (a pole)" => tr!("check-what-negative-power"),
        "0, where a non-integer power is not differentiable" => {
            tr!("check-what-fractional-power")
        }
        "0 in a logarithm (a pole)" => tr!("check-what-logarithm"),
        other => other.to_string(),
    }
}

/// Looks for a non-smooth node whose argument reaches its critical value along one direction.
/// `samples[k][node]` is the node's value at `x + (k - 2) h e_i`.
pub(super) fn find_kink(g: &Graph, mask: &[bool], samples: &[Vec<f64>]) -> Option<String> {
    let at = |id: NodeId| -> Vec<f64> { samples.iter().map(|s| s[id.index()]).collect() };
    for (i, &m) in mask.iter().enumerate() {
        if !m {
            continue;
        }
        let node = g.nodes()[i];
        let Some(kind) = critical_kind(g, node) else {
            continue;
        };
        let id = NodeId::from_index(i);
        let hit = match kind {
            Critical::ArgZero(a, what) => crosses(&at(a), 0.0).then(|| {
                tr!(
                    "check-kink-near",
                    node = label(g, id),
                    what = what_text(what)
                )
            }),
            Critical::ArgUnit(a) => {
                let s = at(a);
                (crosses(&s, 1.0) || crosses(&s, -1.0))
                    .then(|| tr!("check-kink-unit", node = label(g, id)))
            }
            Critical::TanPole(a) => {
                let c: Vec<f64> = at(a).iter().map(|v| v.cos()).collect();
                crosses(&c, 0.0).then(|| tr!("check-kink-pole", node = label(g, id)))
            }
            Critical::Tie(a, b) => {
                let d: Vec<f64> = at(a).iter().zip(at(b)).map(|(p, q)| p - q).collect();
                crosses(&d, 0.0).then(|| tr!("check-kink-tie", node = label(g, id)))
            }
            Critical::Atan2(y, x) => {
                let (sy, sx) = (at(y), at(x));
                let cut = crosses(&sy, 0.0) && range(&sx).0 <= 0.0;
                let origin = touches(&sy, 0.0) && crosses(&sx, 0.0);
                (cut || origin).then(|| tr!("check-kink-branch-cut", node = label(g, id)))
            }
            Critical::Hypot(a, b) => {
                let (sa, sb) = (at(a), at(b));
                let moving = crosses(&sa, 0.0) || crosses(&sb, 0.0);
                (moving && touches(&sa, 0.0) && touches(&sb, 0.0))
                    .then(|| tr!("check-kink-origin", node = label(g, id)))
            }
        };
        if hit.is_some() {
            return hit;
        }
    }
    None
}
