//! Slices of a formula: some variables held at given values ([`Formula::hold`]), so that a
//! function of three or more variables can be drawn as a map of two of them (`nabla plot --at`,
//! the page's sliders for the others).
//!
//! Invariants: the slice is a new formula over the variables not held, in the formula's order;
//! each held variable is replaced by its value as a constant, and the graph's smart constructors
//! fold what becomes constant, so evaluating the slice at `(x, y)` is evaluating the formula at
//! `(x, y, held values)` (bit for bit wherever no constant folding reassociates; the folding is
//! exact or enclosed as everywhere else). The rebuilding walks the nodes in index order (children
//! come before their parents), never recursively. Naming a variable the formula does not have, or
//! one twice, is an error; holding every variable gives a formula of no variables.

use crate::graph::{Graph, Node, NodeId};
use crate::{Error, Formula};

impl Formula {
    /// The formula with the variables named in `held` fixed at their values: a function of the
    /// others, in the formula's order.
    ///
    /// ```
    /// let f = nabla::Formula::parse("x^2 + 2*y^2 + 3*z^2 + x*y*z").unwrap();
    /// let s = f.hold(&[("y", 2.0)]).unwrap();
    /// assert_eq!(s.var_names(), ["x", "z"]);
    /// // At (x, z) = (1, 3) the slice is f(1, 2, 3) = 1 + 8 + 27 + 6 = 42.
    /// let mut s = nabla::Function::new(s).unwrap();
    /// assert_eq!(s.value(&[1.0, 3.0]), 42.0);
    /// assert!(f.hold(&[("w", 1.0)]).is_err());
    /// assert!(f.hold(&[("z", 1.0), ("z", 2.0)]).is_err());
    /// ```
    pub fn hold(&self, held: &[(&str, f64)]) -> Result<Formula, Error> {
        let names = self.var_names();
        let known = names.join(", ");
        let mut graph: Graph = self.graph().clone();
        // The value of each of the formula's variables that is held.
        let mut value = vec![None; graph.var_names().len()];
        for (k, (name, v)) in held.iter().enumerate() {
            let name = name.trim();
            if held[..k].iter().any(|(n, _)| n.trim() == name) {
                return Err(Error::DuplicateVariable {
                    name: name.to_string(),
                });
            }
            let Some(id) = self.vars().iter().find(|id| graph.var_name(**id) == name) else {
                return Err(Error::UnknownVariable {
                    name: name.to_string(),
                    known,
                });
            };
            value[id.index()] = Some(*v);
        }
        let root = self.root();
        let reach = graph.reachable(&[root]);
        let mut map: Vec<Option<NodeId>> = vec![None; root.index() + 1];
        for i in 0..=root.index() {
            if !reach.get(i).copied().unwrap_or(false) {
                continue;
            }
            let node = graph.node(NodeId::from_index(i));
            let get = |c: NodeId, map: &[Option<NodeId>]| map[c.index()].unwrap_or(c);
            let new = match node {
                Node::Var(v) => match value.get(v.index()).copied().flatten() {
                    Some(x) => graph.constant(x),
                    None => graph.var_node(v),
                },
                Node::Const(_) => NodeId::from_index(i),
                Node::Unary(op, a) => {
                    let a = get(a, &map);
                    graph.unary(op, a)
                }
                Node::Binary(op, a, b) => {
                    let (a, b) = (get(a, &map), get(b, &map));
                    graph.binary(op, a, b)
                }
            };
            map[i] = Some(new);
        }
        let new_root = map[root.index()].unwrap_or(root);
        let vars = self
            .vars()
            .iter()
            .copied()
            .filter(|v| value[v.index()].is_none())
            .collect();
        Formula::from_parts(graph, new_root, vars)
    }
}
