//! The expression graph: a hash-consed arena DAG.
//!
//! # Invariants
//!
//! * **Children before parents.** [`Graph::add`] is the only way a node enters the arena, and every
//!   child id is lower than its parent's. The arena is therefore always in topological order: a
//!   reverse pass is `for id in (0..n).rev()`, compilation is one forward sweep, and nothing in
//!   nabla recurses once per node (a 100,000-term sum is a chain 100,000 deep).
//! * **Hash-consing.** `add` looks a node up in a memo table first, so structurally equal
//!   subexpressions are one node: `x*y` written three times is stored once. Constants are keyed by
//!   their bits, so `-0.0` and `0.0` stay distinct. Constants are always finite: folding that
//!   would produce an infinity or NaN keeps the operation as a node instead.
//! * **Only exact rewrites.** The smart constructors fold constant subtrees and apply identities
//!   that hold for every float, including infinities, NaN and signed zeros: `x + (-0) = x`,
//!   `x - 0 = x`, `-0 - x = -x`, `x*1 = x`, `x/1 = x`, `x^1 = x`, `x^0 = 1` (as `powi` defines
//!   it), `--x = x`, and the sign moves `a + (-b) = a - b`, `a - (-b) = a + b`,
//!   `(-a)*b = -(a*b)`, `-(c*a) = (-c)*a` with `c` a constant. Constants move to the left of a
//!   product (`x*2 = 2*x`, multiplication commutes exactly). `x + 0` and `0 - x` are **not**
//!   rewritten (`-0 + 0 = +0`, and `0 - 0 = +0` where `-0` would be `-0`), nor `x*0` and `x-x`
//!   (NaN for infinite `x`). The identities apply only to *exact* constants (below).
//! * **Folded constants remember what they stand for.** Folding `0.1 + 0.2` stores the `f64` sum
//!   (what every `f64` evaluation computes), which is not the real sum of the two literals. The
//!   graph keeps, for every constant that is not exactly the real number it stands for, an
//!   [`Interval`] enclosing that real number ([`Graph::const_enclosure`]): folding computes it
//!   with the operator's inclusion function on the operands' enclosures, so interval evaluation
//!   (and with it every certificate) is about the formula as typed, each literal read as its
//!   nearest `f64` and `pi`/`e` as the real constants. A fold whose enclosure is not a finite,
//!   defined interval is not made: the operation stays a node. Inexact constants are hash-consed
//!   by value and enclosure, apart from the exact constant of the same value.
//!
//! Ids are [`NodeId`] / [`VarId`] newtypes over `u32`.

use std::collections::HashMap;

use crate::interval::Interval;
use crate::ops::{Binary, Unary};

/// The id of a node in a [`Graph`]; lower ids are children of higher ones.
///
/// ```
/// let mut g = nabla::Graph::new();
/// let x = g.var("x");
/// let y = g.var("y");
/// assert!(x < g.mul(x, y));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(u32);

impl NodeId {
    /// The position of the node in the arena.
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The id of the node at `index` of an arena (which holds fewer than 2^32 nodes).
    pub(crate) fn from_index(index: usize) -> NodeId {
        NodeId(u32::try_from(index).expect("node index fits in u32 by construction"))
    }
}

/// The id of a variable of a [`Graph`], in the order variables were first seen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VarId(u32);

impl VarId {
    /// The position of the variable in [`Graph::var_names`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// One node of the graph. Children are ids of earlier nodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Node {
    /// A finite constant, stored as its bits (so hashing and equality are exact).
    Const(u64),
    /// A variable.
    Var(VarId),
    /// A one-argument function or the negation.
    Unary(Unary, NodeId),
    /// A two-argument operator or function.
    Binary(Binary, NodeId, NodeId),
}

impl Node {
    /// The constant's value, if the node is a constant.
    pub fn as_const(self) -> Option<f64> {
        match self {
            Node::Const(bits) => Some(f64::from_bits(bits)),
            _ => None,
        }
    }

    /// The node's children, in order (at most two).
    pub fn children(self) -> impl Iterator<Item = NodeId> {
        let (a, b) = match self {
            Node::Const(_) | Node::Var(_) => (None, None),
            Node::Unary(_, a) => (Some(a), None),
            Node::Binary(_, a, b) => (Some(a), Some(b)),
        };
        a.into_iter().chain(b)
    }
}

/// A hash-consed arena of expression nodes, shared by a formula and its derivatives.
///
/// Build nodes with the smart constructors ([`Graph::add_op`], [`Graph::mul`], ...) or with
/// [`crate::parse_into`]; each returns the id of an existing equal node when there is one.
///
/// ```
/// let mut g = nabla::Graph::new();
/// let x = g.var("x");
/// let y = g.var("y");
/// let a = g.mul(x, y);
/// let b = g.mul(x, y);
/// assert_eq!(a, b); // hash-consed: one node
/// let one = g.constant(1.0);
/// assert_eq!(g.mul(one, a), a); // x*1 = x
/// ```
#[derive(Clone, Debug, Default)]
pub struct Graph {
    nodes: Vec<Node>,
    memo: HashMap<Node, NodeId>,
    var_names: Vec<String>,
    var_lookup: HashMap<String, VarId>,
    /// Enclosures of the real numbers that inexact constant nodes stand for (module docs);
    /// constants not listed are exact.
    inexact: HashMap<NodeId, Interval>,
    /// The inexact constants by (value, enclosure's low, high), as bits.
    inexact_memo: HashMap<(u64, u64, u64), NodeId>,
}

impl Graph {
    /// An empty graph.
    pub fn new() -> Graph {
        Graph::default()
    }

    /// Number of nodes in the arena.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// True when the arena holds no node.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The node with this id.
    pub fn node(&self, id: NodeId) -> Node {
        self.nodes[id.index()]
    }

    /// All nodes, in topological order (children first).
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// Names of the variables, indexed by [`VarId::index`].
    pub fn var_names(&self) -> &[String] {
        &self.var_names
    }

    /// The name of a variable.
    pub fn var_name(&self, v: VarId) -> &str {
        &self.var_names[v.index()]
    }

    /// The id of a variable by name, if the graph has it.
    pub fn find_var(&self, name: &str) -> Option<VarId> {
        self.var_lookup.get(name).copied()
    }

    /// The only way a node enters the arena: returns the existing id of an equal node, or appends.
    ///
    /// No rewriting happens here; use the smart constructors for that.
    ///
    /// # Panics
    ///
    /// Only if the arena would exceed `u32::MAX` nodes (more than 60 GiB of graph).
    pub fn add(&mut self, node: Node) -> NodeId {
        if let Some(&id) = self.memo.get(&node) {
            return id;
        }
        let id =
            NodeId(u32::try_from(self.nodes.len()).expect("expression graph exceeds 2^32 nodes"));
        debug_assert!(
            node.children().all(|c| c < id),
            "children must precede parents"
        );
        self.nodes.push(node);
        self.memo.insert(node, id);
        id
    }

    /// The variable node with this name (created on first use).
    pub fn var(&mut self, name: &str) -> NodeId {
        let v = match self.var_lookup.get(name) {
            Some(&v) => v,
            None => {
                let v =
                    VarId(u32::try_from(self.var_names.len()).expect("more than 2^32 variables"));
                self.var_names.push(name.to_string());
                self.var_lookup.insert(name.to_string(), v);
                v
            }
        };
        self.add(Node::Var(v))
    }

    /// The node of an existing variable.
    pub fn var_node(&mut self, v: VarId) -> NodeId {
        self.add(Node::Var(v))
    }

    /// A constant node. Constants should be finite; a non-finite value is accepted but kept as
    /// `0/0`, `1/0` or `-1/0` so every constant node stays finite.
    pub fn constant(&mut self, value: f64) -> NodeId {
        if value.is_finite() {
            return self.add(Node::Const(value.to_bits()));
        }
        let num = if value.is_nan() { 0.0 } else { value.signum() };
        let n = self.add(Node::Const(num.to_bits()));
        let z = self.add(Node::Const(0.0f64.to_bits()));
        self.add(Node::Binary(Binary::Div, n, z))
    }

    /// A constant node of value `value` (finite) that stands for some real number in
    /// `enclosure` (widened to hold `value`): a named constant such as `pi` (`value` its nearest
    /// `f64`), or a rounded result. Such constants are hash-consed by value and enclosure, apart
    /// from the exact constant of the same value, so a literal `1e16` stays exact beside the
    /// folded `1e16 + 1` (whose `f64` is also `1e16`).
    ///
    /// ```
    /// use nabla::{Graph, Interval};
    /// let mut g = Graph::new();
    /// let pi = std::f64::consts::PI;
    /// let c = g.constant_in(pi, Interval::new(pi, pi.next_up()));
    /// assert_eq!(g.const_value(c), Some(pi));
    /// assert_eq!(g.exact_const(c), None);
    /// assert!(g.const_enclosure(c).unwrap().contains(pi.next_up()));
    /// assert_ne!(c, g.constant(pi));
    /// ```
    pub fn constant_in(&mut self, value: f64, enclosure: Interval) -> NodeId {
        if !value.is_finite() || enclosure.lo == value && enclosure.hi == value {
            return self.constant(value);
        }
        let e = Interval::new(enclosure.lo.min(value), enclosure.hi.max(value));
        let key = (value.to_bits(), e.lo.to_bits(), e.hi.to_bits());
        if let Some(&id) = self.inexact_memo.get(&key) {
            return id;
        }
        let id =
            NodeId(u32::try_from(self.nodes.len()).expect("expression graph exceeds 2^32 nodes"));
        self.nodes.push(Node::Const(value.to_bits()));
        self.inexact_memo.insert(key, id);
        self.inexact.insert(id, e);
        id
    }

    /// A constant node for a real number whose nearest `f64` is `value` (`pi`, `e`, `log10(e)`):
    /// its enclosure is the interval one ulp either side.
    pub fn constant_rounded(&mut self, value: f64) -> NodeId {
        self.constant_in(value, Interval::new(value.next_down(), value.next_up()))
    }

    /// The constant value of a node, if it is a constant: the `f64` that evaluation uses.
    pub fn const_value(&self, id: NodeId) -> Option<f64> {
        self.node(id).as_const()
    }

    /// The constant value of a node, if it is a constant that is exactly the real number it
    /// stands for (a literal, or a fold without rounding).
    ///
    /// ```
    /// let mut g = nabla::Graph::new();
    /// let (a, b) = (g.constant(0.5), g.constant(0.25));
    /// let exact = g.add_op(a, b);
    /// assert_eq!(g.exact_const(exact), Some(0.75));
    /// let (a, b) = (g.constant(0.1), g.constant(0.2));
    /// let rounded = g.add_op(a, b); // 0.30000000000000004, not the real sum
    /// assert_eq!(g.const_value(rounded), Some(0.1 + 0.2));
    /// assert_eq!(g.exact_const(rounded), None);
    /// ```
    pub fn exact_const(&self, id: NodeId) -> Option<f64> {
        self.const_value(id)
            .filter(|_| !self.inexact.contains_key(&id))
    }

    /// For a constant node, an interval holding the real number it stands for (the point of
    /// its value when it is exact); `None` for other nodes.
    pub fn const_enclosure(&self, id: NodeId) -> Option<Interval> {
        let v = self.const_value(id)?;
        Some(self.inexact.get(&id).copied().unwrap_or(Interval::point(v)))
    }

    fn is_const(&self, id: NodeId, value: f64) -> bool {
        self.exact_const(id) == Some(value)
    }

    /// The exact constant `+0` (bit for bit).
    fn is_pos_zero(&self, id: NodeId) -> bool {
        self.exact_const(id)
            .is_some_and(|c| c.to_bits() == 0f64.to_bits())
    }

    /// The exact constant `-0` (bit for bit).
    fn is_neg_zero(&self, id: NodeId) -> bool {
        self.exact_const(id)
            .is_some_and(|c| c.to_bits() == (-0f64).to_bits())
    }

    /// Folds a constant result `v` whose real value lies in `enclosure` (the operator's
    /// inclusion function on the operands' enclosures): `None` when `v` is not finite or the
    /// enclosure is not a finite, defined interval (the operation then stays a node).
    fn fold(&mut self, v: f64, enclosure: Interval) -> Option<NodeId> {
        if !v.is_finite() || !enclosure.is_bounded() {
            return None;
        }
        Some(self.constant_in(v, enclosure))
    }

    /// For a node that reads as negative (`-y`, a negative constant, `c*y` or `c/y` with `c < 0`),
    /// the node of its negation, built without a new `Neg`.
    pub(crate) fn negated_form(&mut self, id: NodeId) -> Option<NodeId> {
        match self.node(id) {
            Node::Unary(Unary::Neg, y) => Some(y),
            Node::Const(bits) if f64::from_bits(bits) < 0.0 => Some(self.unary(Unary::Neg, id)),
            Node::Binary(op @ (Binary::Mul | Binary::Div), c, y) => match self.const_value(c) {
                Some(cv) if cv < 0.0 => {
                    let pc = self.unary(Unary::Neg, c);
                    Some(self.binary(op, pc, y))
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// A one-argument operator, with constant folding and `--x = x`.
    pub fn unary(&mut self, op: Unary, a: NodeId) -> NodeId {
        if let (Some(c), Some(e)) = (self.const_value(a), self.const_enclosure(a)) {
            if let Some(k) = self.fold(op.eval(c), (op.spec().interval)(e)) {
                return k;
            }
        }
        if op == Unary::Neg {
            match self.node(a) {
                Node::Unary(Unary::Neg, b) => return b,
                Node::Binary(bop @ (Binary::Mul | Binary::Div), c, y)
                    if self.const_value(c).is_some() =>
                {
                    let nc = self.unary(Unary::Neg, c);
                    return self.binary(bop, nc, y);
                }
                _ => {}
            }
        }
        self.add(Node::Unary(op, a))
    }

    /// A two-argument operator, with constant folding and the exact identities listed in the
    /// module documentation.
    pub fn binary(&mut self, op: Binary, a: NodeId, b: NodeId) -> NodeId {
        if let (Some(ca), Some(cb)) = (self.const_value(a), self.const_value(b)) {
            let (ea, eb) = (Interval::point(ca), Interval::point(cb));
            let (ea, eb) = (
                self.const_enclosure(a).unwrap_or(ea),
                self.const_enclosure(b).unwrap_or(eb),
            );
            let e = if op == Binary::Mul && a == b {
                ea.square()
            } else {
                (op.spec().interval)(ea, eb)
            };
            if let Some(k) = self.fold(op.eval(ca, cb), e) {
                return k;
            }
        }
        match op {
            Binary::Add => {
                // Only `-0` is an additive identity for every float: `x + 0` is `+0` at
                // `x = -0`, so it is not `x`.
                if self.is_neg_zero(b) {
                    return a;
                }
                if self.is_neg_zero(a) {
                    return b;
                }
                if let Some(nb) = self.negated_form(b) {
                    return self.binary(Binary::Sub, a, nb);
                }
            }
            Binary::Sub => {
                // `x - 0 = x` for every float (`-0 - 0 = -0`); `0 - x` is not `-x` at `x = 0`
                // (`+0` against `-0`), but `-0 - x` is.
                if self.is_pos_zero(b) {
                    return a;
                }
                if self.is_neg_zero(a) {
                    return self.unary(Unary::Neg, b);
                }
                if let Some(nb) = self.negated_form(b) {
                    return self.binary(Binary::Add, a, nb);
                }
            }
            Binary::Mul => {
                if self.const_value(b).is_some() && self.const_value(a).is_none() {
                    return self.binary(Binary::Mul, b, a);
                }
                if self.is_const(a, 1.0) {
                    return b;
                }
                if self.is_const(a, -1.0) {
                    return self.unary(Unary::Neg, b);
                }
                if let Node::Unary(Unary::Neg, x) = self.node(a) {
                    let p = self.binary(Binary::Mul, x, b);
                    return self.unary(Unary::Neg, p);
                }
                if let Node::Unary(Unary::Neg, y) = self.node(b) {
                    let p = self.binary(Binary::Mul, a, y);
                    return self.unary(Unary::Neg, p);
                }
            }
            Binary::Div => {
                if self.is_const(b, 1.0) {
                    return a;
                }
                if self.is_const(b, -1.0) {
                    return self.unary(Unary::Neg, a);
                }
                if let Node::Unary(Unary::Neg, x) = self.node(a) {
                    let q = self.binary(Binary::Div, x, b);
                    return self.unary(Unary::Neg, q);
                }
                if let Node::Unary(Unary::Neg, y) = self.node(b) {
                    let q = self.binary(Binary::Div, a, y);
                    return self.unary(Unary::Neg, q);
                }
            }
            Binary::Pow => {
                if self.is_const(b, 1.0) {
                    return a;
                }
                if self.is_const(b, 0.0) || self.is_const(a, 1.0) {
                    // powi(x, 0) = 1 and powf(1, y) = 1 for every x, y, NaN included.
                    return self.constant(1.0);
                }
            }
            Binary::Atan2 | Binary::Hypot | Binary::Min | Binary::Max | Binary::Xlogy => {}
        }
        self.add(Node::Binary(op, a, b))
    }

    /// `a + b`
    pub fn add_op(&mut self, a: NodeId, b: NodeId) -> NodeId {
        self.binary(Binary::Add, a, b)
    }

    /// `a - b`
    pub fn sub(&mut self, a: NodeId, b: NodeId) -> NodeId {
        self.binary(Binary::Sub, a, b)
    }

    /// `a * b`
    pub fn mul(&mut self, a: NodeId, b: NodeId) -> NodeId {
        self.binary(Binary::Mul, a, b)
    }

    /// `a / b`
    pub fn div(&mut self, a: NodeId, b: NodeId) -> NodeId {
        self.binary(Binary::Div, a, b)
    }

    /// `a ^ b`
    pub fn pow(&mut self, a: NodeId, b: NodeId) -> NodeId {
        self.binary(Binary::Pow, a, b)
    }

    /// `-a`
    pub fn neg(&mut self, a: NodeId) -> NodeId {
        self.unary(Unary::Neg, a)
    }

    /// Marks every node reachable from `roots`: `mask[i]` is true when node `i` is needed.
    /// One reverse sweep over the arena, no recursion.
    pub fn reachable(&self, roots: &[NodeId]) -> Vec<bool> {
        let top = roots.iter().map(|r| r.index() + 1).max().unwrap_or(0);
        let mut mask = vec![false; top];
        for r in roots {
            mask[r.index()] = true;
        }
        for i in (0..top).rev() {
            if mask[i] {
                for c in self.nodes[i].children() {
                    mask[c.index()] = true;
                }
            }
        }
        mask
    }

    /// The variables a set of roots depends on, in order of [`VarId`].
    pub fn vars_of(&self, roots: &[NodeId]) -> Vec<VarId> {
        let mask = self.reachable(roots);
        let mut vars: Vec<VarId> = mask
            .iter()
            .enumerate()
            .filter(|(_, m)| **m)
            .filter_map(|(i, _)| match self.nodes[i] {
                Node::Var(v) => Some(v),
                _ => None,
            })
            .collect();
        vars.sort();
        vars
    }

    /// Number of nodes reachable from `roots` (the size of the DAG, shared nodes counted once).
    pub fn dag_size(&self, roots: &[NodeId]) -> usize {
        self.reachable(roots).iter().filter(|m| **m).count()
    }

    /// The value of a node at a point, one forward sweep (for tests and one-off evaluation; use a
    /// compiled [`crate::Tape`] for repeated evaluation). `values[v]` is the value of variable `v`.
    pub fn eval(&self, root: NodeId, values: &[f64]) -> f64 {
        let mask = self.reachable(&[root]);
        let mut val = vec![0.0; mask.len()];
        for i in 0..mask.len() {
            if !mask[i] {
                continue;
            }
            val[i] = match self.nodes[i] {
                Node::Const(bits) => f64::from_bits(bits),
                Node::Var(v) => values.get(v.index()).copied().unwrap_or(f64::NAN),
                Node::Unary(op, a) => op.eval(val[a.index()]),
                Node::Binary(op, a, b) => op.eval(val[a.index()], val[b.index()]),
            };
        }
        val[root.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_consing_shares_nodes() {
        let mut g = Graph::new();
        let x = g.var("x");
        let y = g.var("y");
        let a = g.mul(x, y);
        let n = g.len();
        let b = g.mul(x, y);
        assert_eq!(a, b);
        assert_eq!(g.len(), n);
        assert_eq!(g.var("x"), x);
    }

    #[test]
    fn exact_identities_fold() {
        let mut g = Graph::new();
        let x = g.var("x");
        let zero = g.constant(0.0);
        let one = g.constant(1.0);
        let nzero = g.constant(-0.0);
        assert_eq!(g.add_op(x, nzero), x);
        assert_eq!(g.add_op(nzero, x), x);
        assert_eq!(g.sub(x, zero), x);
        // Not exact at x = -0 (or x = +0 for `0 - x`): kept as written.
        let (p, q) = (g.add_op(x, zero), g.sub(zero, x));
        assert_ne!(p, x);
        assert_eq!(g.eval(p, &[-0.0]).to_bits(), 0f64.to_bits());
        assert_eq!(g.eval(q, &[0.0]).to_bits(), 0f64.to_bits());
        assert_eq!(g.mul(x, one), x);
        assert_eq!(g.mul(one, x), x);
        assert_eq!(g.div(x, one), x);
        assert_eq!(g.pow(x, one), x);
        let nx = g.neg(x);
        assert_eq!(g.neg(nx), x);
    }

    #[test]
    fn x_times_zero_is_not_folded() {
        let mut g = Graph::new();
        let x = g.var("x");
        let zero = g.constant(0.0);
        let p = g.mul(x, zero);
        assert!(g.const_value(p).is_none());
        assert!(g.eval(p, &[f64::INFINITY]).is_nan());
        let d = g.sub(x, x);
        assert!(g.const_value(d).is_none());
    }

    #[test]
    fn constants_fold_but_stay_finite() {
        let mut g = Graph::new();
        let two = g.constant(2.0);
        let three = g.constant(3.0);
        let p = g.pow(two, three);
        assert_eq!(g.const_value(p), Some(8.0));
        let zero = g.constant(0.0);
        let inf = g.div(two, zero);
        assert!(g.const_value(inf).is_none());
        assert_eq!(g.eval(inf, &[]), f64::INFINITY);
        assert_ne!(g.constant(-0.0), g.constant(0.0));
    }

    #[test]
    fn signs_move_exactly() {
        let mut g = Graph::new();
        let x = g.var("x");
        let y = g.var("y");
        let ny = g.neg(y);
        let s = g.add_op(x, ny);
        assert_eq!(s, g.sub(x, y));
        let m2 = g.constant(-2.0);
        let p = g.mul(m2, x);
        let two = g.constant(2.0);
        let q = g.mul(two, x);
        assert_eq!(g.neg(q), p);
        assert_eq!(g.mul(x, two), q);
    }

    #[test]
    fn deep_chain_drops_without_overflow() {
        let mut g = Graph::new();
        let x = g.var("x");
        let mut acc = x;
        for i in 0..200_000 {
            let c = g.constant(f64::from(i % 7 + 1));
            let t = g.mul(c, x);
            acc = g.add_op(acc, t);
        }
        assert!(g.eval(acc, &[1.0]).is_finite());
        drop(g);
    }
}
