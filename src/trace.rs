//! The evaluation trace (Wengert list) of a formula, and reverse and forward mode at work on it,
//! numerically: what `nabla trace` prints and `nabla graph` draws.
//!
//! A [`Trace`] numbers the formula's variables `v1, v2, ...` (in the formula's variable order) and
//! then every operation node reachable from the root, in arena order, so every step reads only
//! earlier steps: `v3 = v1 * v2`. Constants are written inside the step that reads them
//! (`v4 = 1.5 - v1`), and a shared subexpression is one step however often it is read
//! ([`TraceStep::uses`]), because the graph is hash-consed. Each operand of a step is an [`TraceEdge`]
//! carrying the local partial derivative `∂v_parent/∂v_child`, built by the operator table's rule
//! (`op.spec().derivative`) in a private scratch copy of the graph, so it prints in terms of the
//! steps (`∂ sin(v1)/∂v1 = cos(v1)`).
//!
//! [`Trace::evaluate`] computes, at a point, every step's value (the forward sweep), every local
//! partial's value, and the adjoints `v̄k = Σ_parents v̄p * ∂vp/∂vk` in one reverse loop over the
//! steps, ending in the gradient. [`Trace::tangents`] is forward mode for one direction:
//! `v̇k = Σ_children v̇c * ∂vk/∂vc`. [`Trace::cost`] counts what each mode costs for the whole
//! gradient: one multiply-add per local partial per sweep, one sweep per variable forward, one
//! sweep in reverse.
//!
//! # Invariants
//!
//! * **Linear.** Building a trace clones the graph once and adds a bounded number of nodes per
//!   step; evaluation is one forward pass over that scratch graph and one reverse pass over the
//!   steps; every walk is a loop (the only per-expression walk is the printer's, over a local
//!   partial's few new nodes, with an explicit stack).
//! * **Steps in topological order.** A step's operands are earlier steps, so the forward sweep is
//!   `for k in 0..n` and the reverse sweep `for k in (0..n).rev()`.
//! * **One edge per distinct operand.** `v1 * v1` has one edge, with partial `2 * v1`; an
//!   operand whose partial is 0 everywhere (`sign`, `step`) still has its edge, with partial `0`.
//! * The numbers are the graph's own evaluation ([`Graph::eval`]'s operators), so the value and
//!   gradient agree with [`crate::Function`] bit for bit on exactly representable examples.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::display::latex_var;
use crate::graph::{Graph, Node, NodeId};
use crate::ops::{Binary, BinaryPrint, Partial, Unary};
use crate::{fmt_number, tr, Formula};

/// What a step of the trace is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StepKind {
    /// The formula's variable at this position of [`Trace::var_names`].
    Input(usize),
    /// An operation on earlier steps and constants.
    Operation,
    /// A constant formula's only step (a formula such as `2^10`, or `x^0`).
    Constant,
}

/// One step `vk = ...` of the trace.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct TraceStep {
    /// Input, operation or constant.
    pub kind: StepKind,
    /// The right-hand side, in terms of earlier steps: `x`, `v1 * v2`, `sin(v1)`, `1.5 - v1`.
    pub text: String,
    /// The same as LaTeX: `v_{1} \cdot v_{2}`.
    pub latex: String,
    /// Indices into [`Trace::edges`] of this step's operands (edges whose parent is this step).
    pub operands: Vec<usize>,
    /// Indices into [`Trace::edges`] of the steps that read this one, in increasing step order.
    pub users: Vec<usize>,
}

impl TraceStep {
    /// How many later steps read this one (a shared subexpression has more than one).
    pub fn uses(&self) -> usize {
        self.users.len()
    }
}

/// An operand relation: step `parent` reads step `child`, with local partial `∂parent/∂child`.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct TraceEdge {
    /// The step read.
    pub child: usize,
    /// The step that reads it.
    pub parent: usize,
    /// The local partial derivative in terms of the steps: `v2`, `cos(v1)`, `2 * v5`, `1`.
    pub partial: String,
    /// The same as LaTeX.
    pub partial_latex: String,
    /// The partial's constant value when it is a constant (`1` for a sum, `-1` for a subtracted
    /// operand, `0` for `sign`).
    pub constant: Option<f64>,
    /// The partial's precedence level, to parenthesize it inside a product.
    level: u8,
}

/// Why a trace could not be evaluated.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TraceError {
    /// The point does not have one value per variable.
    #[error("{}", tr!("trace-err-point-length", found = *.found, expected = *.expected))]
    PointLength {
        /// The number of variables.
        expected: usize,
        /// The number of values given.
        found: usize,
    },
    /// A forward-mode direction that is not a variable's position.
    #[error("{}", tr!("trace-err-direction", index = .index.to_string(), count = *.count))]
    Direction {
        /// The position asked for.
        index: usize,
        /// The number of variables.
        count: usize,
    },
}

/// The numbers of a trace at one point: the forward sweep's values, the local partials' values,
/// and the reverse sweep's adjoints and gradient.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct TraceEval {
    /// The point, one value per variable.
    pub point: Vec<f64>,
    /// Each step's value.
    pub values: Vec<f64>,
    /// Each edge's local partial, evaluated.
    pub partials: Vec<f64>,
    /// Each step's adjoint `v̄k = ∂f/∂vk`.
    pub adjoints: Vec<f64>,
    /// The formula's value (the output step's value).
    pub value: f64,
    /// The gradient, one component per variable (the inputs' adjoints).
    pub gradient: Vec<f64>,
}

impl TraceEval {
    /// The first step of the forward sweep whose value is not finite, in words (`v2 = 1 / v1 is
    /// +infinity`); `None` when every value is finite. See [`TraceEval::first_non_finite`].
    pub fn first_non_finite_value(&self, trace: &Trace) -> Option<String> {
        let k = self.values.iter().position(|v| !v.is_finite())?;
        Some(tr!(
            "trace-step-not-finite",
            step = step_name(k),
            operation = &trace.steps()[k].text,
            what = non_finite_text(self.values[k])
        ))
    }

    /// Where the first NaN or infinity of this evaluation appears, in words: the first step
    /// whose value is not finite (`v2 = 1/v1 is +infinity`), else the last step (first in the
    /// reverse sweep) whose adjoint is not finite; `None` when every value and adjoint is finite.
    /// A finite answer can pass through such a step (`1/(1/x)` at 0 is 0 in IEEE arithmetic,
    /// where the formula is undefined); front ends say so.
    ///
    /// ```
    /// let f = nabla::Formula::parse("1/(1/x)").unwrap();
    /// let t = nabla::Trace::new(&f);
    /// let e = t.evaluate(&[0.0]).unwrap();
    /// assert_eq!(e.value, 0.0);
    /// assert_eq!(e.first_non_finite(&t).unwrap(), "v2 = 1 / v1 is +infinity");
    /// assert!(t.evaluate(&[2.0]).unwrap().first_non_finite(&t).is_none());
    /// ```
    pub fn first_non_finite(&self, trace: &Trace) -> Option<String> {
        if let Some(w) = self.first_non_finite_value(trace) {
            return Some(w);
        }
        let steps = trace.steps();
        (0..steps.len().min(self.adjoints.len()))
            .rev()
            .find(|&k| !self.adjoints[k].is_finite())
            .map(|k| {
                tr!(
                    "trace-adjoint-not-finite",
                    step = step_name(k),
                    operation = &steps[k].text,
                    what = non_finite_text(self.adjoints[k])
                )
            })
    }
}

/// A value that is not finite, in words (`not a number`, `+infinity`, `-infinity`).
fn non_finite_text(v: f64) -> String {
    if v.is_nan() {
        tr!("trace-nan")
    } else if v > 0.0 {
        tr!("trace-pos-inf")
    } else {
        tr!("trace-neg-inf")
    }
}

/// What computing the whole gradient costs in each mode, counted on a trace.
///
/// Every sweep of derivatives does one multiply-add per local partial (per [`TraceEdge`]): forward
/// mode needs one sweep per variable, reverse mode one sweep, after one evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct ModeCost {
    /// Operations of one evaluation (the operation steps).
    pub operations: usize,
    /// Local partials, the multiply-adds of one sweep.
    pub partials: usize,
    /// Forward mode's sweeps: one per variable.
    pub forward_sweeps: usize,
    /// Forward mode's multiply-adds for the gradient.
    pub forward_multiply_adds: usize,
    /// Reverse mode's sweeps: one.
    pub reverse_sweeps: usize,
    /// Reverse mode's multiply-adds for the gradient.
    pub reverse_multiply_adds: usize,
}

/// The evaluation trace of a formula: its steps and their operand edges, with local partials.
///
/// ```
/// let f = nabla::Formula::parse("x*y + sin(x)").unwrap();
/// let trace = nabla::Trace::new(&f);
/// let texts: Vec<&str> = trace.steps().iter().map(|s| s.text.as_str()).collect();
/// assert_eq!(texts, ["x", "y", "v1 * v2", "sin(v1)", "v3 + v4"]);
/// assert_eq!(trace.steps()[0].uses(), 2); // x is read by v3 and v4
///
/// // At (2, 3): the value 2*3 + sin 2 and the gradient (y + cos x, x) = (3 + cos 2, 2).
/// let e = trace.evaluate(&[2.0, 3.0]).unwrap();
/// assert_eq!(e.value, 6.0 + 2f64.sin());
/// assert_eq!(e.gradient, [3.0 + 2f64.cos(), 2.0]);
/// assert_eq!(trace.adjoint_text(0), "v̄3 * v2 + v̄4 * cos(v1)");
/// ```
#[derive(Clone, Debug)]
pub struct Trace {
    steps: Vec<TraceStep>,
    edges: Vec<TraceEdge>,
    var_names: Vec<String>,
    /// The output step (the root's).
    output: usize,
    /// The graph the steps and partials live in: the formula's, plus the partials' nodes.
    scratch: Graph,
    /// The node of each step, and of each edge's partial, in `scratch`.
    step_nodes: Vec<NodeId>,
    partial_nodes: Vec<NodeId>,
}

/// Precedence levels of the trace printer, loosest first (as in `display.rs`).
const SUM: u8 = 1;
const PRODUCT: u8 = 2;
const UNARY: u8 = 3;
const POWER: u8 = 4;
const ATOM: u8 = 5;

/// A printed piece of an expression: its text, its LaTeX and its precedence level.
#[derive(Clone, Debug)]
struct Piece {
    text: String,
    latex: String,
    level: u8,
}

impl Piece {
    fn text_at(&self, min: u8) -> String {
        if self.level < min {
            format!("({})", self.text)
        } else {
            self.text.clone()
        }
    }

    fn latex_at(&self, min: u8) -> String {
        if self.level < min {
            format!("\\left({}\\right)", self.latex)
        } else {
            self.latex.clone()
        }
    }
}

/// A number as LaTeX: `1e-10` becomes `1 \cdot 10^{-10}`.
fn latex_number(v: f64) -> String {
    let s = fmt_number(v);
    match s.split_once('e') {
        Some((m, e)) if v.is_finite() => format!("{m} \\cdot 10^{{{e}}}"),
        _ => s,
    }
}

fn const_piece(v: f64) -> Piece {
    Piece {
        text: fmt_number(v),
        latex: latex_number(v),
        level: if v.is_sign_negative() { UNARY } else { ATOM },
    }
}

/// The name of step `k` (0-based) as text: `v1` for the first.
pub fn step_name(k: usize) -> String {
    format!("v{}", k + 1)
}

fn step_piece(k: usize) -> Piece {
    Piece {
        text: step_name(k),
        latex: format!("v_{{{}}}", k + 1),
        level: ATOM,
    }
}

fn unary_piece(op: Unary, a: &Piece) -> Piece {
    if op == Unary::Neg {
        return Piece {
            text: format!("-{}", a.text_at(POWER)),
            latex: format!("-{}", a.latex_at(POWER)),
            level: UNARY,
        };
    }
    let (pre, post) = op.spec().latex;
    Piece {
        text: format!("{}({})", op.name(), a.text),
        latex: format!("{pre}{}{post}", a.latex),
        level: ATOM,
    }
}

fn binary_piece(op: Binary, a: &Piece, b: &Piece) -> Piece {
    match op.spec().print {
        BinaryPrint::Sum(symbol) => Piece {
            text: format!("{}{symbol}{}", a.text_at(SUM), b.text_at(PRODUCT)),
            latex: format!("{}{symbol}{}", a.latex_at(SUM), b.latex_at(PRODUCT)),
            level: SUM,
        },
        BinaryPrint::Product => Piece {
            text: format!("{} * {}", a.text_at(PRODUCT), b.text_at(UNARY)),
            latex: format!("{} \\cdot {}", a.latex_at(PRODUCT), b.latex_at(UNARY)),
            level: PRODUCT,
        },
        BinaryPrint::Quotient => Piece {
            text: format!("{} / {}", a.text_at(PRODUCT), b.text_at(UNARY)),
            latex: format!("\\frac{{{}}}{{{}}}", a.latex, b.latex),
            level: PRODUCT,
        },
        BinaryPrint::Power => Piece {
            text: format!("{}^{}", a.text_at(ATOM), b.text_at(ATOM)),
            latex: format!("{{{}}}^{{{}}}", a.latex_at(ATOM), b.latex),
            level: POWER,
        },
        BinaryPrint::Call(latex) => Piece {
            text: format!("{}({}, {})", op.name(), a.text, b.text),
            latex: format!("{latex}\\left({}, {}\\right)", a.latex, b.latex),
            level: ATOM,
        },
    }
}

/// Prints `target` in terms of the steps: nodes that are steps print as their names (except
/// `target` itself when it is the step `own` being defined), constants as numbers. The walk collects the nodes between `target` and
/// the steps with an explicit stack (a local partial adds only a few nodes above the steps), then
/// prints them in increasing id order, children first.
fn render(g: &Graph, target: NodeId, step_of: &HashMap<NodeId, usize>, own: bool) -> Piece {
    let leaf = |n: NodeId| -> Option<Piece> {
        if !(own && n == target) {
            if let Some(&k) = step_of.get(&n) {
                return Some(step_piece(k));
            }
        }
        match g.node(n) {
            Node::Const(bits) => Some(const_piece(f64::from_bits(bits))),
            Node::Var(v) => Some(Piece {
                text: g.var_name(v).to_string(),
                latex: latex_var(g.var_name(v)),
                level: ATOM,
            }),
            _ => None,
        }
    };
    let mut pieces: HashMap<NodeId, Piece> = HashMap::new();
    let mut inner: Vec<NodeId> = Vec::new();
    let mut stack = vec![target];
    while let Some(n) = stack.pop() {
        if pieces.contains_key(&n) || inner.contains(&n) {
            continue;
        }
        match leaf(n) {
            Some(p) => {
                pieces.insert(n, p);
            }
            None => {
                inner.push(n);
                stack.extend(g.node(n).children());
            }
        }
    }
    inner.sort();
    for n in inner {
        let piece = match g.node(n) {
            Node::Unary(op, a) => unary_piece(op, &pieces[&a]),
            Node::Binary(op, a, b) => binary_piece(op, &pieces[&a], &pieces[&b]),
            Node::Const(_) | Node::Var(_) => continue,
        };
        pieces.insert(n, piece);
    }
    pieces
        .remove(&target)
        .unwrap_or_else(|| const_piece(f64::NAN))
}

/// The node of a local partial: a factor itself, a ratio `num/den` as one quotient node.
fn partial_node(g: &mut Graph, p: Partial) -> NodeId {
    match p {
        Partial::Factor(n) => n,
        Partial::Ratio(num, den) => g.div(num, den),
    }
}

/// A term `name * partial` of an adjoint or tangent sum: just `name` for a partial 1, `-name`
/// for -1. Returns (negative, text, latex).
fn term(name: (&str, &str), e: &TraceEdge) -> (bool, String, String) {
    let unit = e.constant.filter(|c| c.abs() == 1.0);
    match unit {
        Some(c) => (c < 0.0, name.0.to_string(), name.1.to_string()),
        None => {
            let piece = Piece {
                text: e.partial.clone(),
                latex: e.partial_latex.clone(),
                level: e.level,
            };
            (
                false,
                format!("{} * {}", name.0, piece.text_at(POWER)),
                format!("{} \\cdot {}", name.1, piece.latex_at(POWER)),
            )
        }
    }
}

/// Joins terms into a sum: `a + b`, `a - b` for a negative term, `0` for none.
fn join_terms(terms: &[(bool, String, String)], latex: bool) -> String {
    let mut out = String::new();
    for (i, (neg, text, tex)) in terms.iter().enumerate() {
        let body = if latex { tex } else { text };
        match (i, neg) {
            (0, false) => out.push_str(body),
            (0, true) => {
                out.push('-');
                out.push_str(body);
            }
            (_, false) => {
                out.push_str(" + ");
                out.push_str(body);
            }
            (_, true) => {
                out.push_str(" - ");
                out.push_str(body);
            }
        }
    }
    if out.is_empty() {
        out.push('0');
    }
    out
}

impl Trace {
    /// The number of steps the trace of `formula` has (variables, reachable operations, and one
    /// for a constant formula), counted without building it: one reverse sweep over the arena.
    ///
    /// ```
    /// let f = nabla::Formula::parse("(1.5 - x + x*y)^2").unwrap();
    /// // x, y, 1.5 - x, x*y, (1.5 - x) + x*y, (...)^2
    /// assert_eq!(nabla::Trace::count_steps(&f), 6);
    /// ```
    pub fn count_steps(formula: &Formula) -> usize {
        let g = formula.graph();
        let mask = g.reachable(&[formula.root()]);
        let ops = mask
            .iter()
            .zip(g.nodes())
            .filter(|(m, n)| **m && matches!(n, Node::Unary(..) | Node::Binary(..)))
            .count();
        let constant = usize::from(g.const_value(formula.root()).is_some());
        formula.vars().len() + ops + constant
    }

    /// The trace of a formula: its steps, their operands and the local partials.
    ///
    /// Linear in the size of the formula's graph. Callers showing a trace to people should bound
    /// [`Trace::count_steps`] first (`nabla trace` shows at most 10,000 steps).
    pub fn new(formula: &Formula) -> Trace {
        let mut g = formula.graph().clone();
        let root = formula.root();
        let var_names: Vec<String> = formula.var_names().iter().map(|s| s.to_string()).collect();
        let mut steps: Vec<TraceStep> = Vec::new();
        let mut step_nodes: Vec<NodeId> = Vec::new();
        let mut step_of: HashMap<NodeId, usize> = HashMap::new();
        let mut push = |kind, node: NodeId, step_nodes: &mut Vec<NodeId>| {
            step_of.insert(node, step_nodes.len());
            step_nodes.push(node);
            steps.push(TraceStep {
                kind,
                text: String::new(),
                latex: String::new(),
                operands: Vec::new(),
                users: Vec::new(),
            });
        };
        for (pos, &v) in formula.vars().iter().enumerate() {
            let node = g.var_node(v);
            push(StepKind::Input(pos), node, &mut step_nodes);
        }
        let mask = g.reachable(&[root]);
        for (i, &reached) in mask.iter().enumerate() {
            let node = NodeId::from_index(i);
            if reached && matches!(g.node(node), Node::Unary(..) | Node::Binary(..)) {
                push(StepKind::Operation, node, &mut step_nodes);
            }
        }
        if g.const_value(root).is_some() {
            push(StepKind::Constant, root, &mut step_nodes);
        }
        // Operand edges with their local partials, from the operator table's rules, built in the
        // scratch graph; one edge per distinct operand that is a step, the rule's partials for it
        // summed (`x + x` has partial 1 + 1 = 2).
        let mut edges: Vec<TraceEdge> = Vec::new();
        let mut partial_nodes: Vec<NodeId> = Vec::new();
        for k in 0..step_nodes.len() {
            let node = step_nodes[k];
            let (rule, operands): (crate::ops::Partials, [Option<NodeId>; 2]) = match g.node(node) {
                Node::Unary(op, a) => (
                    [
                        (op.spec().derivative)(&mut g, a, node).map(|p| (a, p)),
                        None,
                    ],
                    [Some(a), None],
                ),
                Node::Binary(op, a, b) => (
                    (op.spec().derivative)(&mut g, a, b, node),
                    [Some(a), (a != b).then_some(b)],
                ),
                Node::Const(_) | Node::Var(_) => ([None, None], [None, None]),
            };
            for child in operands.into_iter().flatten() {
                let Some(&c) = step_of.get(&child) else {
                    continue; // a constant operand
                };
                let mut sum: Option<NodeId> = None;
                for (n, p) in rule.iter().flatten() {
                    if *n == child {
                        let pn = partial_node(&mut g, *p);
                        sum = Some(match sum {
                            None => pn,
                            Some(s) => g.add_op(s, pn),
                        });
                    }
                }
                let pn = match sum {
                    Some(s) => s,
                    None => g.constant(0.0),
                };
                let e = edges.len();
                steps[k].operands.push(e);
                steps[c].users.push(e);
                edges.push(TraceEdge {
                    child: c,
                    parent: k,
                    partial: String::new(),
                    partial_latex: String::new(),
                    constant: g.const_value(pn),
                    level: ATOM,
                });
                partial_nodes.push(pn);
            }
        }
        for (k, step) in steps.iter_mut().enumerate() {
            let piece = match step.kind {
                StepKind::Input(pos) => Piece {
                    text: var_names[pos].clone(),
                    latex: latex_var(&var_names[pos]),
                    level: ATOM,
                },
                _ => render(&g, step_nodes[k], &step_of, true),
            };
            step.text = piece.text;
            step.latex = piece.latex;
        }
        for (e, &pn) in edges.iter_mut().zip(&partial_nodes) {
            let piece = render(&g, pn, &step_of, false);
            e.partial = piece.text;
            e.partial_latex = piece.latex;
            e.level = piece.level;
        }
        Trace {
            output: step_of[&root],
            steps,
            edges,
            var_names,
            scratch: g,
            step_nodes,
            partial_nodes,
        }
    }

    /// The steps, in evaluation order (`steps()[0]` is `v1`).
    pub fn steps(&self) -> &[TraceStep] {
        &self.steps
    }

    /// The operand edges, grouped by parent in evaluation order.
    pub fn edges(&self) -> &[TraceEdge] {
        &self.edges
    }

    /// The variables' names, in the formula's order (the inputs `v1, v2, ...`).
    pub fn var_names(&self) -> &[String] {
        &self.var_names
    }

    /// The output step: the formula's root (the last operation; an input for a formula that is
    /// one variable).
    pub fn output(&self) -> usize {
        self.output
    }

    /// The forward sweep, the local partials and the reverse sweep at `point` (one value per
    /// variable). Non-finite values are kept, not errors: a trace shows where a NaN starts.
    ///
    /// ```
    /// let f = nabla::Formula::parse("x^2 * y").unwrap();
    /// let t = nabla::Trace::new(&f);
    /// let e = t.evaluate(&[3.0, 2.0]).unwrap();
    /// assert_eq!(e.values, [3.0, 2.0, 9.0, 18.0]);
    /// assert_eq!(e.adjoints, [12.0, 9.0, 2.0, 1.0]); // v̄1 = v̄3 * 2*v1 = 2*2*3
    /// assert!(t.evaluate(&[1.0]).is_err());
    /// ```
    pub fn evaluate(&self, point: &[f64]) -> Result<TraceEval, TraceError> {
        if point.len() != self.var_names.len() {
            return Err(TraceError::PointLength {
                expected: self.var_names.len(),
                found: point.len(),
            });
        }
        // One forward pass over the scratch graph's part that the steps and partials need.
        let g = &self.scratch;
        let roots: Vec<NodeId> = self
            .step_nodes
            .iter()
            .chain(&self.partial_nodes)
            .copied()
            .collect();
        let mask = g.reachable(&roots);
        let mut val = vec![f64::NAN; mask.len()];
        let mut by_var = vec![f64::NAN; g.var_names().len()];
        for (step, &node) in self.steps.iter().zip(&self.step_nodes) {
            if let (StepKind::Input(pos), Node::Var(v)) = (step.kind, g.node(node)) {
                by_var[v.index()] = point[pos];
            }
        }
        for i in 0..mask.len() {
            if !mask[i] {
                continue;
            }
            val[i] = match g.nodes()[i] {
                Node::Const(bits) => f64::from_bits(bits),
                Node::Var(v) => by_var[v.index()],
                Node::Unary(op, a) => op.eval(val[a.index()]),
                Node::Binary(op, a, b) => op.eval(val[a.index()], val[b.index()]),
            };
        }
        let values: Vec<f64> = self.step_nodes.iter().map(|n| val[n.index()]).collect();
        let partials: Vec<f64> = self.partial_nodes.iter().map(|n| val[n.index()]).collect();
        // The reverse sweep: every user of a step comes later, so its adjoint is complete.
        let n = self.steps.len();
        let mut adjoints = vec![0.0; n];
        for k in (0..n).rev() {
            let mut acc = if k == self.output { 1.0 } else { 0.0 };
            for &e in &self.steps[k].users {
                acc += adjoints[self.edges[e].parent] * partials[e];
            }
            adjoints[k] = acc;
        }
        let mut gradient = vec![0.0; self.var_names.len()];
        for (k, step) in self.steps.iter().enumerate() {
            if let StepKind::Input(pos) = step.kind {
                gradient[pos] = adjoints[k];
            }
        }
        Ok(TraceEval {
            point: point.to_vec(),
            value: values[self.output],
            values,
            partials,
            adjoints,
            gradient,
        })
    }

    /// Forward mode in the direction of variable `direction` (its position): each step's tangent
    /// `v̇k = ∂vk/∂x_direction`, one sweep in evaluation order over the partials of `eval`. The
    /// output's tangent is the gradient's component `direction`.
    ///
    /// ```
    /// let f = nabla::Formula::parse("x*y + sin(x)").unwrap();
    /// let t = nabla::Trace::new(&f);
    /// let e = t.evaluate(&[2.0, 3.0]).unwrap();
    /// let dx = t.tangents(&e, 0).unwrap();
    /// assert_eq!(dx[t.output()], e.gradient[0]);
    /// assert_eq!(t.tangent_text(2), "v̇1 * v2 + v̇2 * v1");
    /// ```
    pub fn tangents(&self, eval: &TraceEval, direction: usize) -> Result<Vec<f64>, TraceError> {
        if direction >= self.var_names.len() {
            return Err(TraceError::Direction {
                index: direction,
                count: self.var_names.len(),
            });
        }
        let mut dot = vec![0.0; self.steps.len()];
        for (k, step) in self.steps.iter().enumerate() {
            dot[k] = match step.kind {
                StepKind::Input(pos) => f64::from(u8::from(pos == direction)),
                _ => step
                    .operands
                    .iter()
                    .map(|&e| dot[self.edges[e].child] * eval.partials[e])
                    .sum(),
            };
        }
        Ok(dot)
    }

    /// The cost of the whole gradient in each mode.
    ///
    /// ```
    /// // x1 + x2 + x3: 2 additions, 4 local partials (each 1).
    /// let t = nabla::Trace::new(&nabla::Formula::parse("x1 + x2 + x3").unwrap());
    /// let c = t.cost();
    /// assert_eq!((c.operations, c.partials), (2, 4));
    /// assert_eq!((c.forward_sweeps, c.forward_multiply_adds), (3, 12));
    /// assert_eq!((c.reverse_sweeps, c.reverse_multiply_adds), (1, 4));
    /// ```
    pub fn cost(&self) -> ModeCost {
        let operations = self
            .steps
            .iter()
            .filter(|s| s.kind == StepKind::Operation)
            .count();
        let partials = self.edges.len();
        let n = self.var_names.len();
        ModeCost {
            operations,
            partials,
            forward_sweeps: n,
            forward_multiply_adds: n * partials,
            reverse_sweeps: 1,
            reverse_multiply_adds: partials,
        }
    }

    fn adjoint_terms(&self, k: usize) -> Vec<(bool, String, String)> {
        self.steps[k]
            .users
            .iter()
            .map(|&e| {
                let p = self.edges[e].parent;
                let name = (
                    format!("v\u{304}{}", p + 1),
                    format!("\\bar v_{{{}}}", p + 1),
                );
                term((&name.0, &name.1), &self.edges[e])
            })
            .collect()
    }

    fn tangent_terms(&self, k: usize) -> Vec<(bool, String, String)> {
        self.steps[k]
            .operands
            .iter()
            .map(|&e| {
                let c = self.edges[e].child;
                let name = (
                    format!("v\u{307}{}", c + 1),
                    format!("\\dot v_{{{}}}", c + 1),
                );
                term((&name.0, &name.1), &self.edges[e])
            })
            .collect()
    }

    /// The right-hand side of step `k`'s adjoint: `v̄3 * v2 + v̄4 * cos(v1)` (the sum over the
    /// steps that read it, in step order), `1` for the output, `0` for an unused step.
    pub fn adjoint_text(&self, k: usize) -> String {
        if k == self.output() {
            return "1".to_string();
        }
        join_terms(&self.adjoint_terms(k), false)
    }

    /// [`Trace::adjoint_text`] as LaTeX.
    pub fn adjoint_latex(&self, k: usize) -> String {
        if k == self.output() {
            return "1".to_string();
        }
        join_terms(&self.adjoint_terms(k), true)
    }

    /// The right-hand side of step `k`'s tangent: `v̇1 * v2 + v̇2 * v1` (over its operands), for
    /// an input the seed's name.
    pub fn tangent_text(&self, k: usize) -> String {
        join_terms(&self.tangent_terms(k), false)
    }

    /// [`Trace::tangent_text`] as LaTeX.
    pub fn tangent_latex(&self, k: usize) -> String {
        join_terms(&self.tangent_terms(k), true)
    }

    /// The trace as a LaTeX `aligned` environment for slides: the forward sweep, the tangents of
    /// `forward` (a direction and [`Trace::tangents`]) when given, the reverse sweep and the
    /// gradient.
    ///
    /// ```
    /// let f = nabla::Formula::parse("x*y").unwrap();
    /// let t = nabla::Trace::new(&f);
    /// let e = t.evaluate(&[2.0, 3.0]).unwrap();
    /// let tex = t.to_latex(&e, None);
    /// assert!(tex.starts_with("\\begin{aligned}"));
    /// assert!(tex.contains("v_{3} &= v_{1} \\cdot v_{2} = 6"));
    /// assert!(tex.contains("\\bar v_{1} &= \\bar v_{3} \\cdot v_{2} = 3"));
    /// ```
    pub fn to_latex(&self, eval: &TraceEval, forward: Option<(usize, &[f64])>) -> String {
        self.to_latex_digits(eval, forward, None)
    }

    /// [`Trace::to_latex`] with the values rounded to `digits` significant digits
    /// ([`crate::round_digits`]; `None`: every digit).
    ///
    /// ```
    /// let t = nabla::Trace::new(&nabla::Formula::parse("sin(x)").unwrap());
    /// let e = t.evaluate(&[1.0]).unwrap();
    /// assert!(t.to_latex_digits(&e, None, Some(3)).contains("= 0.841 \\\\"));
    /// ```
    pub fn to_latex_digits(
        &self,
        eval: &TraceEval,
        forward: Option<(usize, &[f64])>,
        digits: Option<usize>,
    ) -> String {
        let latex_number = |v: f64| latex_number(crate::round_digits(v, digits));
        let mut out = String::from("\\begin{aligned}\n");
        for (k, s) in self.steps.iter().enumerate() {
            let _ = writeln!(
                out,
                "v_{{{}}} &= {} = {} \\\\",
                k + 1,
                s.latex,
                latex_number(eval.values[k])
            );
        }
        if let Some((dir, dot)) = forward {
            let _ = writeln!(
                out,
                "&\\text{{{} }} {} \\\\",
                tr!("trace-latex-forward"),
                latex_var(&self.var_names[dir])
            );
            for (k, s) in self.steps.iter().enumerate() {
                let rhs = match s.kind {
                    StepKind::Input(pos) => if pos == dir { "1" } else { "0" }.to_string(),
                    _ => self.tangent_latex(k),
                };
                let _ = writeln!(
                    out,
                    "\\dot v_{{{}}} &= {rhs} = {} \\\\",
                    k + 1,
                    latex_number(dot[k])
                );
            }
        }
        let _ = writeln!(out, "&\\text{{{}}} \\\\", tr!("trace-latex-reverse"));
        for k in (0..self.steps.len()).rev() {
            let rhs = self.adjoint_latex(k);
            let value = latex_number(eval.adjoints[k]);
            if rhs == value {
                let _ = writeln!(out, "\\bar v_{{{}}} &= {rhs} \\\\", k + 1);
            } else {
                let _ = writeln!(out, "\\bar v_{{{}}} &= {rhs} = {value} \\\\", k + 1);
            }
        }
        let grad: Vec<String> = eval.gradient.iter().map(|v| latex_number(*v)).collect();
        let _ = writeln!(out, "\\nabla f &= \\left({}\\right)", grad.join(", "));
        out.push_str("\\end{aligned}");
        out
    }

    /// The graph in Graphviz DOT: one box per step labelled with its operation (and, given an
    /// evaluation, its value and adjoint), one arrow per edge from operand to user labelled with
    /// the local partial (and its value).
    ///
    /// ```
    /// let t = nabla::Trace::new(&nabla::Formula::parse("sin(x)").unwrap());
    /// let dot = t.to_dot(None);
    /// assert!(dot.starts_with("digraph nabla {"));
    /// assert!(dot.contains("v1 -> v2 [label=\"cos(v1)\"]"));
    /// ```
    pub fn to_dot(&self, eval: Option<&TraceEval>) -> String {
        self.to_dot_digits(eval, None)
    }

    /// [`Trace::to_dot`] with the values rounded to `digits` significant digits
    /// ([`crate::fmt_digits`]; `None`: every digit).
    ///
    /// ```
    /// let t = nabla::Trace::new(&nabla::Formula::parse("sin(x)").unwrap());
    /// let e = t.evaluate(&[1.0]).unwrap();
    /// assert!(t.to_dot_digits(Some(&e), Some(2)).contains("v1 -> v2 [label=\"cos(v1) = 0.54\"]"));
    /// ```
    pub fn to_dot_digits(&self, eval: Option<&TraceEval>, digits: Option<usize>) -> String {
        fn esc(s: &str) -> String {
            s.replace('\\', "\\\\").replace('"', "\\\"")
        }
        let mut out = String::from(
            "digraph nabla {\n  rankdir=TB;\n  node [shape=box, style=\"rounded,filled\", fillcolor=\"#eef2f8\", fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n",
        );
        for (k, s) in self.steps.iter().enumerate() {
            let mut lines = vec![format!("{} = {}", step_name(k), s.text)];
            if let Some(e) = eval {
                let value = crate::fmt_digits(e.values[k], digits);
                let adjoint = crate::fmt_digits(e.adjoints[k], digits);
                lines.push(tr!("graph-dot-value", value = value));
                lines.push(tr!("graph-dot-adjoint", value = adjoint));
            }
            let label: Vec<String> = lines.iter().map(|l| esc(l)).collect();
            let _ = writeln!(out, "  {} [label=\"{}\"];", step_name(k), label.join("\\n"));
        }
        for (i, e) in self.edges.iter().enumerate() {
            let label = edge_label(e, eval.map(|ev| ev.partials[i]), digits);
            let _ = writeln!(
                out,
                "  {} -> {} [label=\"{}\"];",
                step_name(e.child),
                step_name(e.parent),
                esc(&label)
            );
        }
        out.push('}');
        out
    }
}

/// An edge's label: the partial, with its value when known and not already a number.
pub(crate) fn edge_label(e: &TraceEdge, value: Option<f64>, digits: Option<usize>) -> String {
    match (e.constant, value) {
        (None, Some(v)) => format!("{} = {}", e.partial, crate::fmt_digits(v, digits)),
        _ => e.partial.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_join_with_signs() {
        let t = Trace::new(&Formula::parse("x - y").unwrap());
        assert_eq!(t.adjoint_text(1), "-v̄3");
        assert_eq!(t.adjoint_text(0), "v̄3");
        let t = Trace::new(&Formula::parse("x - sin(x)").unwrap());
        assert_eq!(t.adjoint_text(0), "v̄2 * cos(v1) + v̄3");
        assert_eq!(t.adjoint_text(1), "-v̄3");
    }

    #[test]
    fn latex_numbers() {
        assert_eq!(latex_number(1e-10), "1 \\cdot 10^{-10}");
        assert_eq!(latex_number(2.5), "2.5");
    }
}
