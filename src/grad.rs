//! Reverse-mode symbolic differentiation: gradients and Hessians as nodes of the same graph.
//!
//! One sweep over the arena in reverse topological order (`for id in (0..=root).rev()`) carries
//! adjoints from the root down to the variables, exactly as reverse-mode automatic differentiation
//! does, but the adjoints are graph nodes instead of numbers. The gradient therefore shares the
//! forward subexpressions (the derivative of `exp(u)` reuses the node `exp(u)`), and compiling
//! value and gradient together computes each shared piece once. The Hessian is the gradient of
//! each gradient component, differentiated again the same way, so it is exact too.
//!
//! # Invariants
//!
//! * No recursion: the sweep is a loop over ids; every contribution to a node's adjoint comes from
//!   a parent with a higher id, so it is complete before the node is visited.
//! * Readable sums: a node's adjoint is the sum of its contributions in the order the parents
//!   appear in the formula, and constant factors are merged into one leading coefficient
//!   (`-3*(2*x)` is built as `-6*x`). With the graph's exact sign rules this prints
//!   `d/dx (x^3 - 3x^2 - 9x + 2)` as `3*x^2 - 6*x - 9`.
//! * The local derivative rules are the operator table's (`src/ops/table.rs`), documented with
//!   their behaviour at non-smooth points beside each operator's evaluation.

use std::collections::HashMap;

use crate::graph::{Graph, Node, NodeId, VarId};
use crate::ops::{Binary, Partial, Partials};

/// How deep [`split_coef`] looks down a product's left spine for a leading constant.
const SPINE: usize = 6;

/// Splits a node into a constant coefficient and the factors after it, looking down the left
/// spine of a product: `-6*x` is `(-6, [x])`, `2*t*x` is `(2, [t, x])`, `3` is `(3, [])`, and a
/// node without a leading constant is `(None, [node])` (coefficient 1, the node kept whole, so it
/// stays shared). The coefficient is the constant's node, which carries its enclosure.
fn split_coef(g: &Graph, n: NodeId) -> (Option<NodeId>, Vec<NodeId>) {
    let mut rest = Vec::new();
    let mut cur = n;
    for _ in 0..SPINE {
        match g.node(cur) {
            Node::Const(_) => {
                rest.reverse();
                return (Some(cur), rest);
            }
            Node::Binary(Binary::Mul, a, b) => {
                rest.push(b);
                cur = a;
            }
            _ => break,
        }
    }
    (None, vec![n])
}

/// `a*b` with the constant coefficients of both merged into one leading constant (folded by the
/// graph, so a rounded product keeps its enclosure).
fn scale(g: &mut Graph, a: NodeId, b: NodeId) -> NodeId {
    let (na, ra) = split_coef(g, a);
    let (nb, rb) = split_coef(g, b);
    let value = |n: Option<NodeId>| n.and_then(|n| g.const_value(n)).unwrap_or(1.0);
    let (ca, cb) = (value(na), value(nb));
    let k = ca * cb;
    // Merging moves the constants' magnitude onto one number: when that number overflows or
    // underflows (`1e-200*1e-200`), or lands far outside what the factors' own scales suggest,
    // keep the product as written so each factor still scales its own term.
    if !k.is_finite()
        || (k != 0.0 && !(1e-150..=1e150).contains(&k.abs()))
        || (k == 0.0 && ca != 0.0 && cb != 0.0)
    {
        return g.mul(a, b);
    }
    let coef = match (na, nb) {
        (Some(x), Some(y)) => g.mul(x, y),
        (Some(x), None) | (None, Some(x)) => x,
        (None, None) => g.constant(1.0),
    };
    if g.const_value(coef).is_none() {
        // The fold was refused (its enclosure is not finite): keep the product as written.
        return g.mul(a, b);
    }
    // Factors are kept whole (so shared nodes stay shared) unless opening a product's spine lets
    // a repeated factor gather: `(y*exp(x*y))*y` is `y^2*exp(x*y)`.
    let whole: Vec<NodeId> = ra.into_iter().chain(rb).collect();
    let gathered = powers(g, whole.iter().copied());
    let opened: Vec<NodeId> = whole.iter().flat_map(|&f| spine(g, f)).collect();
    let opened_powers = powers(g, opened.iter().copied());
    let factors = if opened_powers.len() < opened.len() && gathered.len() == whole.len() {
        opened_powers
    } else {
        gathered
    };
    let mut acc = coef;
    for (base, k) in factors {
        let factor = if k == 1 {
            base
        } else {
            let e = g.constant(f64::from(k));
            g.pow(base, e)
        };
        acc = g.mul(acc, factor);
    }
    acc
}

/// The factors of a product without a constant on its left spine, `a*b*c` as `[a, b, c]` (at most
/// [`SPINE`] deep; a node that is not a product is its own one factor).
fn spine(g: &Graph, n: NodeId) -> Vec<NodeId> {
    let mut rest = Vec::new();
    let mut cur = n;
    for _ in 0..SPINE {
        match g.node(cur) {
            Node::Binary(Binary::Mul, a, b) if g.const_value(a).is_none() => {
                rest.push(b);
                cur = a;
            }
            _ => break,
        }
    }
    if matches!(g.node(cur), Node::Binary(Binary::Mul, ..)) && rest.len() == SPINE {
        return vec![n];
    }
    rest.push(cur);
    rest.reverse();
    rest
}

/// The factors of a product as powers, repeated factors gathered: `[x, y, x, x^2]` is
/// `[(x, 4), (y, 1)]`, in order of first appearance. Only positive integer exponents up to 64
/// gather (so `x*x^-1` is never cancelled to 1, which is wrong at 0 and infinity). The derivative
/// `800*x*x` prints as `800*x^2`: equal in real arithmetic, a different rounding of the same
/// derivative, as any other way of writing it would be.
fn powers(g: &Graph, factors: impl Iterator<Item = NodeId>) -> Vec<(NodeId, i32)> {
    let mut out: Vec<(NodeId, i32)> = Vec::new();
    for f in factors {
        let (base, k) = match g.node(f) {
            Node::Binary(Binary::Pow, a, b) => match g
                .const_value(b)
                .and_then(crate::ops::small_int)
                .filter(|k| *k > 0)
            {
                Some(k) => (a, k),
                None => (f, 1),
            },
            _ => (f, 1),
        };
        match out.iter_mut().find(|(b, _)| *b == base) {
            Some((_, e)) if *e + k <= 64 => *e += k,
            _ => out.push((base, k)),
        }
    }
    out
}

/// The contribution `adj * partial` of a parent to a child's adjoint.
fn contribution(g: &mut Graph, adj: NodeId, partial: Partial) -> NodeId {
    match partial {
        // (n/d)*p is built as (n*p)/d, so d/dx sin(x)/x prints cos(x)/x - sin(x)/x^2.
        Partial::Factor(p) => match g.node(adj) {
            Node::Binary(Binary::Div, n, d) => {
                let top = scale(g, n, p);
                g.div(top, d)
            }
            _ => scale(g, adj, p),
        },
        Partial::Ratio(num, den) => match g.node(adj) {
            Node::Binary(Binary::Div, n, d) => {
                let top = scale(g, n, num);
                let bottom = g.mul(d, den);
                g.div(top, bottom)
            }
            _ => {
                let top = scale(g, adj, num);
                g.div(top, den)
            }
        },
    }
}

/// The local partial derivatives of node `id` with respect to each of its children, from the
/// operator table's rules.
fn local_partials(g: &mut Graph, id: NodeId) -> Partials {
    match g.node(id) {
        Node::Const(_) | Node::Var(_) => [None, None],
        Node::Unary(op, a) => [(op.spec().derivative)(g, a, id).map(|p| (a, p)), None],
        Node::Binary(op, a, b) => (op.spec().derivative)(g, a, b, id),
    }
}

const NONE: u32 = u32::MAX;

/// The sum of several local partials, variables first and constants folded at the end, so
/// `-1` and `y` sum to `y - 1`.
fn sum_partials(g: &mut Graph, ps: &[Partial]) -> NodeId {
    // The constants' sum, folded by the graph from +0 in order (so a rounded sum keeps its
    // enclosure); a sum that overflows stays a node and is simply added.
    let mut constant = g.constant(0.0);
    let mut acc: Option<NodeId> = None;
    for p in ps {
        let n = match *p {
            Partial::Factor(n) => n,
            Partial::Ratio(num, den) => g.div(num, den),
        };
        if g.const_value(n).is_some() {
            constant = g.add_op(constant, n);
            continue;
        }
        acc = Some(match acc {
            None => n,
            Some(s) => g.add_op(s, n),
        });
    }
    match acc {
        Some(s) if g.exact_const(constant) == Some(0.0) => s,
        Some(s) => g.add_op(s, constant),
        None => constant,
    }
}

/// The gradient of `root` with respect to `wrt`, as nodes of the same graph.
///
/// ```
/// let mut g = nabla::Graph::new();
/// let f = nabla::parse_into(&mut g, "x^3 - 3x^2 - 9x + 2").unwrap().root;
/// let x = g.find_var("x").unwrap();
/// let d = nabla::gradient(&mut g, f, &[x]);
/// assert_eq!(g.to_infix(d[0]).unwrap(), "3*x^2 - 6*x - 9");
/// ```
pub fn gradient(g: &mut Graph, root: NodeId, wrt: &[VarId]) -> Vec<NodeId> {
    let top = root.index() + 1;
    let mask = g.reachable(&[root]);
    // Adjoint contributions as linked lists: head[node] -> (contribution, next). Parents are
    // visited in decreasing id order and push to the front, so a list reads in increasing parent
    // order, the order the parents appear in the formula.
    let mut head = vec![NONE; top];
    let mut entries: Vec<(NodeId, Partial, u32)> = Vec::new();
    let mut var_adj: Vec<Option<NodeId>> = vec![None; g.var_names().len()];
    // Contributions of one node grouped by the parent adjoint they multiply: `group_of` finds a
    // group in constant time, so a node with k parents costs O(k), not O(k^2) (a variable read by
    // 128,000 different `sin(x + c)` has 128,000 distinct parent adjoints). `groups[..used]` are
    // live; their vectors are kept between nodes so no group allocates twice.
    let mut group_of: HashMap<NodeId, usize> = HashMap::new();
    let mut groups: Vec<(NodeId, Vec<Partial>)> = Vec::new();
    for i in (0..top).rev() {
        if !mask[i] {
            continue;
        }
        let id = g.nodes()[i];
        let this = NodeId::from_index(i);
        let adj = if i == root.index() {
            g.constant(1.0)
        } else {
            // Contributions that share a parent adjoint are summed first and multiplied once:
            // a*p + a*q = a*(p + q). For Beale's first term this gives the book's hand-derived
            // 2*(1.5 - x + x*y)*(y - 1) rather than -2*(...) + 2*(...)*y.
            group_of.clear();
            let mut used = 0;
            let mut e = head[i];
            while e != NONE {
                let (a, p, next) = entries[e as usize];
                let k = *group_of.entry(a).or_insert_with(|| {
                    if used == groups.len() {
                        groups.push((a, Vec::new()));
                    }
                    groups[used].0 = a;
                    groups[used].1.clear();
                    used += 1;
                    used - 1
                });
                groups[k].1.push(p);
                e = next;
            }
            let mut acc: Option<NodeId> = None;
            for (a, ps) in groups.iter().take(used) {
                let c = match ps[..] {
                    [p] => contribution(g, *a, p),
                    _ => {
                        let sum = sum_partials(g, ps);
                        contribution(g, *a, Partial::Factor(sum))
                    }
                };
                acc = Some(match acc {
                    None => c,
                    Some(s) => g.add_op(s, c),
                });
            }
            match acc {
                Some(a) => a,
                None => continue,
            }
        };
        if let Node::Var(v) = id {
            var_adj[v.index()] = Some(adj);
            continue;
        }
        for (child, partial) in local_partials(g, this).into_iter().flatten() {
            if matches!(g.node(child), Node::Const(_)) {
                continue;
            }
            if let Partial::Factor(p) = partial {
                if g.exact_const(p) == Some(0.0) {
                    continue;
                }
            }
            let next = head[child.index()];
            head[child.index()] =
                u32::try_from(entries.len()).expect("fewer than 2^32 adjoint terms");
            entries.push((adj, partial, next));
        }
    }
    wrt.iter()
        .map(|v| match var_adj.get(v.index()).copied().flatten() {
            Some(a) => a,
            None => g.constant(0.0),
        })
        .collect()
}

/// The Hessian of `root` with respect to `wrt`, row-major (`h[i*n + j]` is d2f/dxi dxj), computed
/// by differentiating each component of `grad` (the gradient of `root`) again.
///
/// ```
/// let mut g = nabla::Graph::new();
/// let f = nabla::parse_into(&mut g, "x^2*y").unwrap().root;
/// let v = [g.find_var("x").unwrap(), g.find_var("y").unwrap()];
/// let grad = nabla::gradient(&mut g, f, &v);
/// let h = nabla::hessian(&mut g, &grad, &v);
/// let text: Vec<String> = h.iter().map(|n| g.to_infix(*n).unwrap()).collect();
/// assert_eq!(text, ["2*y", "2*x", "2*x", "0"]);
/// ```
pub fn hessian(g: &mut Graph, grad: &[NodeId], wrt: &[VarId]) -> Vec<NodeId> {
    let mut h = Vec::with_capacity(grad.len() * wrt.len());
    for &gi in grad {
        h.extend(gradient(g, gi, wrt));
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_into;

    /// d/dx of `src` at x = `at`, symbolically, compared with `expected` (a closed form).
    fn check(src: &str, at: f64, expected: f64) {
        let mut g = Graph::new();
        let f = parse_into(&mut g, src).unwrap().root;
        let x = g.find_var("x").unwrap();
        let d = gradient(&mut g, f, &[x])[0];
        let mut vals = vec![0.0; g.var_names().len()];
        vals[x.index()] = at;
        let got = g.eval(d, &vals);
        let tol = 1e-13 * expected.abs().max(1.0);
        assert!(
            got == expected || (got - expected).abs() <= tol,
            "d/dx {src} at {at}: got {got}, expected {expected} ({})",
            g.to_infix(d).unwrap()
        );
    }

    #[test]
    fn rule_per_function() {
        let x: f64 = 0.3;
        check("sin(x)", x, x.cos());
        check("cos(x)", x, -x.sin());
        check("tan(x)", x, 1.0 / x.cos().powi(2));
        check("asin(x)", x, 1.0 / (1.0 - x * x).sqrt());
        check("acos(x)", x, -1.0 / (1.0 - x * x).sqrt());
        check("atan(x)", x, 1.0 / (1.0 + x * x));
        check("sinh(x)", x, x.cosh());
        check("cosh(x)", x, x.sinh());
        check("tanh(x)", x, 1.0 / x.cosh().powi(2));
        check("exp(x)", x, x.exp());
        check("ln(x)", x, 1.0 / x);
        check("log10(x)", x, 1.0 / (x * 10f64.ln()));
        check("log2(x)", x, 1.0 / (x * 2f64.ln()));
        check("sqrt(x)", x, 0.5 / x.sqrt());
        check("cbrt(x)", x, 1.0 / (3.0 * x.powf(2.0 / 3.0)));
        check("abs(x)", -x, -1.0);
        check("sigmoid(x)", x, x.exp() / (1.0 + x.exp()).powi(2));
        check("softplus(x)", x, 1.0 / (1.0 + (-x).exp()));
        check("sign(x)", x, 0.0);
        check("step(x)", x, 0.0);
        check("x^3", x, 3.0 * x * x);
        check("2^x", x, 2f64.powf(x) * 2f64.ln());
        check("x^x", x, x.powf(x) * (x.ln() + 1.0));
        check("1/x", x, -1.0 / (x * x));
        check("x*x", x, 2.0 * x);
        check("atan2(x, 2)", x, 2.0 / (x * x + 4.0));
        check("atan2(2, x)", x, -2.0 / (x * x + 4.0));
        check("hypot(x, 2)", x, x / (x * x + 4.0).sqrt());
        check("max(x, 0.1)", x, 1.0);
        check("min(x, 0.1)", x, 0.0);
        check("-x", x, -1.0);
        check("x - 3", x, 1.0);
    }

    #[test]
    fn non_smooth_points() {
        check("abs(x)", 0.0, 0.0);
        check("max(x, 1)", 1.0, 0.5);
        check("min(x, 1)", 1.0, 0.5);
        check("sqrt(x)", 0.0, f64::INFINITY);
    }

    #[test]
    fn readable_derivatives() {
        let mut g = Graph::new();
        let f = parse_into(&mut g, "x^3 - 3x^2 - 9x + 2").unwrap().root;
        let x = g.find_var("x").unwrap();
        let d = gradient(&mut g, f, &[x])[0];
        assert_eq!(g.to_infix(d).unwrap(), "3*x^2 - 6*x - 9");
        let d2 = gradient(&mut g, d, &[x])[0];
        assert_eq!(g.to_infix(d2).unwrap(), "6*x - 6");
    }

    #[test]
    fn repeated_factors_become_powers() {
        // Rosenbrock's d2f/dx2 = 2 + 1200 x^2 - 400 y (by hand): the derivative keeps the
        // chain rule's terms, with x*x written x^2.
        let mut g = Graph::new();
        let f = parse_into(&mut g, "(1-x)^2+100*(y-x^2)^2").unwrap().root;
        let x = g.find_var("x").unwrap();
        let d = gradient(&mut g, f, &[x])[0];
        let d2 = gradient(&mut g, d, &[x])[0];
        assert_eq!(g.to_infix(d2).unwrap(), "2 + 800*x^2 - 400*(y - x^2)");
        let f = parse_into(&mut g, "((y-1)*x)^2").unwrap().root;
        let d = gradient(&mut g, f, &[x])[0];
        let d2 = gradient(&mut g, d, &[x])[0];
        assert_eq!(g.to_infix(d2).unwrap(), "2*(y - 1)^2");
        let f = parse_into(&mut g, "exp(x*y)").unwrap().root;
        let d = gradient(&mut g, f, &[x])[0];
        let d2 = gradient(&mut g, d, &[x])[0];
        assert_eq!(g.to_infix(d2).unwrap(), "y^2*exp(x*y)");
    }

    #[test]
    fn gradient_shares_forward_nodes() {
        let mut g = Graph::new();
        let f = parse_into(&mut g, "exp(x*y)").unwrap().root;
        let v = [g.find_var("x").unwrap(), g.find_var("y").unwrap()];
        let d = gradient(&mut g, f, &v);
        assert_eq!(g.to_infix(d[0]).unwrap(), "exp(x*y)*y");
        assert_eq!(g.node(d[0]).children().next(), Some(f));
    }

    #[test]
    fn long_chain_differentiates() {
        let src = (1..=20_000)
            .map(|i| format!("{i}*x"))
            .collect::<Vec<_>>()
            .join(" + ");
        let mut g = Graph::new();
        let f = parse_into(&mut g, &src).unwrap().root;
        let x = g.find_var("x").unwrap();
        let d = gradient(&mut g, f, &[x])[0];
        assert_eq!(g.eval(d, &[1.0]), 20_000.0 * 20_001.0 / 2.0);
    }

    #[test]
    fn wide_fan_out_with_distinct_adjoints() {
        // Every `sin(x + k)` gives `x` a different parent adjoint (`cos(x + k)`), the case the
        // grouping of contributions must handle in linear time.
        let n = 20_000;
        let src = (1..=n)
            .map(|k| format!("sin(x + {k})"))
            .collect::<Vec<_>>()
            .join(" + ");
        let mut g = Graph::new();
        let f = parse_into(&mut g, &src).unwrap().root;
        let x = g.find_var("x").unwrap();
        let d = gradient(&mut g, f, &[x])[0];
        // Closed form: sum_{k=1}^{n} cos(x + k) = sin(n/2) cos(x + (n+1)/2) / sin(1/2).
        let at = 0.25_f64;
        let nf = f64::from(n);
        let expected = (nf / 2.0).sin() * (at + (nf + 1.0) / 2.0).cos() / 0.5_f64.sin();
        let got = g.eval(d, &[at]);
        assert!(
            (got - expected).abs() < 1e-9,
            "got {got}, expected {expected}"
        );
    }

    #[test]
    fn merged_constants_neither_underflow_nor_overflow() {
        // d/dx (1e-200*y)*(1e-200*x) = 1e-400*y, which at y = 1e300 is 1e-100: merging the two
        // constants into 1e-400 would underflow to 0.
        let mut g = Graph::new();
        let f = parse_into(&mut g, "(1e-200*y)*(1e-200*x)").unwrap().root;
        let vars = [g.find_var("x").unwrap(), g.find_var("y").unwrap()];
        let d = gradient(&mut g, f, &vars);
        let mut vals = vec![0.0; 2];
        vals[vars[0].index()] = 1.0;
        vals[vars[1].index()] = 1e300;
        let got = g.eval(d[0], &vals);
        assert!(
            (got - 1e-100).abs() <= 1e-114,
            "{got:e}: {}",
            g.to_infix(d[0]).unwrap()
        );
        // And the other way: 1e200*1e200 overflows.
        let f = parse_into(&mut g, "(1e200*y)*(1e200*x)").unwrap().root;
        let d = gradient(&mut g, f, &vars);
        vals[vars[1].index()] = 1e-300;
        let got = g.eval(d[0], &vals);
        assert!((got - 1e100).abs() <= 1e86, "{got:e}");
    }

    #[test]
    fn signed_zeros_survive_differentiation_and_folding() {
        // atan2(0 - x, -1) at x = 0 is atan2(+0, -1) = +pi; rewriting `0 - x` to `-x` gave -pi.
        let mut g = Graph::new();
        let f = parse_into(&mut g, "atan2(0 - x, -1)").unwrap().root;
        assert_eq!(g.eval(f, &[0.0]), std::f64::consts::PI);
    }
}
