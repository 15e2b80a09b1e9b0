//! nabla: turn a typed formula into exact derivatives and put them to work.
//!
//! Text is parsed into a hash-consed expression [`Graph`]; [`gradient`] and [`hessian`] derive
//! exact derivatives as nodes of the same graph (reverse-mode, symbolic); [`Tape`] compiles any
//! set of nodes into a flat register program evaluated without allocation, in `f32` or `f64`.
//! [`Function`] bundles the three for the common case:
//!
//! ```
//! use nabla::Function;
//! let beale = "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2";
//! let mut f = Function::parse(beale).unwrap();
//! let mut grad = [0.0; 2];
//! let value = f.value_and_grad(&[3.0, 4.0], &mut grad);
//! assert_eq!(value, 39062.953125);
//! assert_eq!(grad, [25625.25, 57519.0]);
//! assert_eq!(f.var_names(), ["x", "y"]);
//! ```
//!
//! The data path is parse → graph → grad → tape; gradient checking ([`check_gradient`],
//! [`verify_gradient`], [`sweep`]), optimizers, plots and fitting are thin layers over it. Nothing walks a user-sized graph recursively: the arena is kept in
//! topological order and every traversal is a loop.

mod check;
mod display;
mod error;
#[cfg(feature = "fit")]
mod fit;
mod grad;
mod graph;
mod ops;
pub mod optim;
mod parse;
#[cfg(feature = "plot")]
pub mod plot;
mod tape;

pub use check::{
    check_gradient, sweep, sweep_steps, verify_gradient, CheckError, CheckOptions, CheckReport,
    Diagnosis, HandComponent, HandPoint, HandReport, HandVerdict, PartialCheck, PointCheck,
    Precision, SampleBox, Step, Summary, SweepColumn, SweepReport, Verdict, VerifyOptions,
    DEFAULT_ATOL, DEFAULT_HAND_POINTS, DEFAULT_RTOL,
};
pub use display::{fmt_number, PRINT_LIMIT};
pub use error::{Error, ParseError, ParseErrorKind};
#[cfg(feature = "fit")]
pub use fit::{fit, Batch, Dataset, FitConfig, FitError, FitReport, FitStop, Fitter};
pub use grad::{gradient, hessian};
pub use graph::{Graph, Node, NodeId, VarId};
pub use ops::{Binary, Unary};
pub use parse::{parse_into, Parsed, MAX_DEPTH};
pub use tape::{Instr, Reg, Tape, Workspace};

use std::cmp::Ordering;

/// Compares names the way people count: `x2` before `x10`.
///
/// ```
/// use std::cmp::Ordering;
/// assert_eq!(nabla::natural_cmp("x2", "x10"), Ordering::Less);
/// assert_eq!(nabla::natural_cmp("a", "b"), Ordering::Less);
/// ```
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    fn chunks(s: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut digit = None;
        for (i, c) in s.char_indices() {
            let d = c.is_ascii_digit();
            if digit.is_some_and(|p| p != d) {
                out.push((digit.unwrap_or(false), &s[start..i]));
                start = i;
            }
            digit = Some(d);
        }
        if start < s.len() {
            out.push((digit.unwrap_or(false), &s[start..]));
        }
        out
    }
    let (ca, cb) = (chunks(a), chunks(b));
    for (x, y) in ca.iter().zip(&cb) {
        let ord = match (x, y) {
            ((true, p), (true, q)) => {
                let (p, q) = (p.trim_start_matches('0'), q.trim_start_matches('0'));
                p.len().cmp(&q.len()).then_with(|| p.cmp(q))
            }
            ((_, p), (_, q)) => p.cmp(q),
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    ca.len().cmp(&cb.len()).then_with(|| a.cmp(b))
}

/// A parsed formula: its graph, its root node and its ordered variables.
///
/// The variable order is the definition's (`f(x, y) = ...`, `lambda x, y: ...`) when there is
/// one, otherwise natural order of the names (`x2` before `x10`); [`Formula::with_vars`]
/// overrides it.
///
/// ```
/// let f = nabla::Formula::parse("lambda y, x: x - y").unwrap();
/// assert_eq!(f.var_names(), ["y", "x"]);
/// let f = nabla::Formula::parse("x10 + x2").unwrap();
/// assert_eq!(f.var_names(), ["x2", "x10"]);
/// ```
#[derive(Clone, Debug)]
pub struct Formula {
    graph: Graph,
    root: NodeId,
    vars: Vec<VarId>,
}

impl Formula {
    /// Parses a formula.
    pub fn parse(src: &str) -> Result<Formula, ParseError> {
        let mut graph = Graph::new();
        let parsed = parse_into(&mut graph, src)?;
        let vars = match parsed.params {
            Some(params) => params.iter().filter_map(|p| graph.find_var(p)).collect(),
            None => {
                let mut v = graph.vars_of(&[parsed.root]);
                v.sort_by(|a, b| natural_cmp(graph.var_name(*a), graph.var_name(*b)));
                v
            }
        };
        Ok(Formula {
            graph,
            root: parsed.root,
            vars,
        })
    }

    /// The same formula with the variables in the given order. Every variable the formula uses
    /// must be listed; extra names become variables the formula does not depend on.
    pub fn with_vars<S: AsRef<str>>(mut self, names: &[S]) -> Result<Formula, Error> {
        let known = self.var_names().join(", ");
        let mut vars = Vec::with_capacity(names.len());
        for n in names {
            let n = n.as_ref().trim();
            if vars.iter().any(|v: &VarId| self.graph.var_name(*v) == n) {
                return Err(Error::DuplicateVariable {
                    name: n.to_string(),
                });
            }
            let mut probe = Graph::new();
            let ok = parse_into(&mut probe, n)
                .ok()
                .is_some_and(|p| matches!(probe.node(p.root), Node::Var(_)) && p.params.is_none());
            if !ok {
                return Err(Error::UnknownVariable {
                    name: n.to_string(),
                    known,
                });
            }
            let node = self.graph.var(n);
            if let Node::Var(v) = self.graph.node(node) {
                vars.push(v);
            }
        }
        for v in self.graph.vars_of(&[self.root]) {
            if !vars.contains(&v) {
                return Err(Error::MissingVariable {
                    name: self.graph.var_name(v).to_string(),
                    known,
                });
            }
        }
        self.vars = vars;
        Ok(self)
    }

    /// The graph.
    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    /// The graph, to add derived nodes (derivatives, other formulas) to it.
    pub fn graph_mut(&mut self) -> &mut Graph {
        &mut self.graph
    }

    /// The formula's node.
    pub fn root(&self) -> NodeId {
        self.root
    }

    /// The variables, in order.
    pub fn vars(&self) -> &[VarId] {
        &self.vars
    }

    /// The variable names, in order.
    pub fn var_names(&self) -> Vec<&str> {
        self.vars.iter().map(|v| self.graph.var_name(*v)).collect()
    }

    /// The formula as infix text (normalized: minimal parentheses, explicit `*`).
    pub fn to_infix(&self) -> Result<String, Error> {
        self.graph.to_infix(self.root)
    }

    /// Compiles the formula with its gradient.
    pub fn compile(self) -> Result<Function, Error> {
        Function::new(self)
    }
}

/// The most variables for which [`Function`] provides its dense Hessian to optimizers.
pub const HESSIAN_MAX_DIM: usize = 500;

/// A formula compiled for evaluation: value, gradient and (on first use) Hessian tapes with their
/// workspaces. Evaluation allocates nothing.
///
/// ```
/// let mut f = nabla::Function::parse("x^2*y").unwrap();
/// let (mut g, mut h) = ([0.0; 2], [0.0; 4]);
/// let v = f.value_grad_hessian(&[3.0, 2.0], &mut g, &mut h);
/// assert_eq!((v, g, h), (18.0, [12.0, 9.0], [4.0, 6.0, 6.0, 0.0]));
/// assert_eq!(f.partial_text(0).unwrap(), "2*y*x");
/// ```
#[derive(Clone, Debug)]
pub struct Function {
    formula: Formula,
    grad: Vec<NodeId>,
    value_tape: Tape,
    grad_tape: Tape,
    hess: Option<(Vec<NodeId>, Tape)>,
    ws_value: Workspace<f64>,
    ws_grad: Workspace<f64>,
    ws_hess: Workspace<f64>,
    hess_out: Vec<f64>,
}

impl Function {
    /// Parses and compiles a formula.
    pub fn parse(src: &str) -> Result<Function, Error> {
        Function::new(Formula::parse(src)?)
    }

    /// Compiles a parsed formula with its gradient.
    pub fn new(mut formula: Formula) -> Result<Function, Error> {
        let vars = formula.vars.clone();
        let root = formula.root;
        let grad = gradient(&mut formula.graph, root, &vars);
        let value_tape = Tape::compile(&formula.graph, &[root], &vars)?;
        let mut outs = Vec::with_capacity(vars.len() + 1);
        outs.push(root);
        outs.extend(&grad);
        let grad_tape = Tape::compile(&formula.graph, &outs, &vars)?;
        Ok(Function {
            ws_value: value_tape.workspace(),
            ws_grad: grad_tape.workspace(),
            ws_hess: Workspace::default(),
            hess_out: Vec::new(),
            formula,
            grad,
            value_tape,
            grad_tape,
            hess: None,
        })
    }

    /// Number of variables.
    pub fn dim(&self) -> usize {
        self.formula.vars.len()
    }

    /// The variable names, in order.
    pub fn var_names(&self) -> Vec<&str> {
        self.formula.var_names()
    }

    /// The formula (graph, root and variables).
    pub fn formula(&self) -> &Formula {
        &self.formula
    }

    /// The gradient's nodes, one per variable.
    pub fn gradient_nodes(&self) -> &[NodeId] {
        &self.grad
    }

    /// The value tape (one output).
    pub fn value_tape(&self) -> &Tape {
        &self.value_tape
    }

    /// The value-and-gradient tape (outputs: value, then the partials).
    pub fn grad_tape(&self) -> &Tape {
        &self.grad_tape
    }

    /// The partial derivative with respect to variable `i` as infix text.
    pub fn partial_text(&self, i: usize) -> Result<String, Error> {
        self.formula.graph.to_infix(self.grad[i])
    }

    /// The Hessian's nodes, row-major, derived on first use.
    pub fn hessian_nodes(&mut self) -> Result<&[NodeId], Error> {
        self.ensure_hessian()?;
        Ok(self.hess.as_ref().map_or(&[][..], |(h, _)| &h[..]))
    }

    fn ensure_hessian(&mut self) -> Result<(), Error> {
        if self.hess.is_none() {
            let vars = self.formula.vars.clone();
            let h = hessian(&mut self.formula.graph, &self.grad, &vars);
            let mut outs = Vec::with_capacity(1 + vars.len() + h.len());
            outs.push(self.formula.root);
            outs.extend(&self.grad);
            outs.extend(&h);
            let tape = Tape::compile(&self.formula.graph, &outs, &vars)?;
            self.ws_hess = tape.workspace();
            self.hess = Some((h, tape));
        }
        Ok(())
    }

    /// The value at `x`.
    pub fn value(&mut self, x: &[f64]) -> f64 {
        let mut o = [0.0];
        self.value_tape.eval(x, &mut self.ws_value, &mut o);
        o[0]
    }

    /// The value at `x`, with the gradient written to `g`.
    pub fn value_and_grad(&mut self, x: &[f64], g: &mut [f64]) -> f64 {
        self.grad_tape.eval_value_grad(x, &mut self.ws_grad, g)
    }

    /// The value, gradient (into `g`) and row-major Hessian (into `h`, `n*n` entries) at `x`.
    pub fn value_grad_hessian(&mut self, x: &[f64], g: &mut [f64], h: &mut [f64]) -> f64 {
        if self.ensure_hessian().is_err() {
            g.fill(f64::NAN);
            h.fill(f64::NAN);
            return f64::NAN;
        }
        let n = self.dim();
        if let Some((_, tape)) = &self.hess {
            self.hess_out.resize(1 + n + n * n, 0.0);
            tape.eval(x, &mut self.ws_hess, &mut self.hess_out);
            g.copy_from_slice(&self.hess_out[1..=n]);
            h.copy_from_slice(&self.hess_out[1 + n..]);
            return self.hess_out[0];
        }
        f64::NAN
    }
}

impl optim::Objective for Function {
    fn dim(&self) -> usize {
        Function::dim(self)
    }

    fn value(&mut self, x: &[f64]) -> f64 {
        Function::value(self, x)
    }

    fn value_and_grad(&mut self, x: &[f64], g: &mut [f64]) -> f64 {
        Function::value_and_grad(self, x, g)
    }

    /// The exact Hessian, for functions of at most [`HESSIAN_MAX_DIM`] variables (a dense
    /// symbolic Hessian has `n^2` entries); `None` beyond, so Newton's method asks for L-BFGS.
    fn value_grad_hessian(&mut self, x: &[f64], g: &mut [f64], h: &mut [f64]) -> Option<f64> {
        (self.dim() <= HESSIAN_MAX_DIM).then(|| Function::value_grad_hessian(self, x, g, h))
    }
}
