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

mod certify;
mod check;
mod display;
mod error;
#[cfg(feature = "fit")]
mod fit;
mod grad;
mod graph;
#[cfg(feature = "plot")]
mod graph_draw;
mod interval;
#[cfg(feature = "jit")]
mod jit;
mod ops;
pub mod optim;
mod parse;
#[cfg(feature = "plot")]
pub mod plot;
mod problem;
mod program;
mod tape;
mod trace;

pub use certify::{
    certify, Certificate, CertifyError, CertifyOptions, CertifyStatus, MinimizerRegion,
    CERTIFY_DEFAULT_TIME,
};
pub use check::{
    check_gradient, sweep, sweep_steps, verify_gradient, CheckError, CheckOptions, CheckReport,
    Diagnosis, HandComponent, HandPoint, HandReport, HandVerdict, PartialCheck, PointCheck,
    Precision, SampleBox, Step, Summary, SweepColumn, SweepReport, Verdict, VerifyOptions,
    DEFAULT_ATOL, DEFAULT_HAND_POINTS, DEFAULT_RTOL,
};
pub use display::{fmt_number, latex_var, PRINT_LIMIT};
pub use error::{Error, ParseError, ParseErrorKind};
#[cfg(feature = "fit")]
pub use fit::{
    fit, Batch, Dataset, FitConfig, FitError, FitReport, FitStop, Fitter, MAX_CELLS, MAX_COLUMNS,
    MAX_FIELD_BYTES, MAX_LINE_BYTES,
};
pub use grad::{gradient, hessian};
pub use graph::{Graph, Node, NodeId, VarId};
#[cfg(feature = "plot")]
pub use graph_draw::{
    draw_graph, layout, GraphDrawError, GraphSummary, Layout, Slot, MAX_DRAWN_NODES,
};
pub use interval::{AffineWork, Interval, IntervalProgram};
#[cfg(feature = "jit")]
pub use jit::{native_supported, JitError, JitTape, NativeFloat};
pub use ops::{Binary, Singularity, Unary};
pub use parse::{parse_into, Parsed, MAX_DEPTH};
pub use problem::{Function, Problem, HESSIAN_MAX_DIM};
pub use program::{Backend, JitMode, Program, JIT_BUDGET_FIXED, JIT_BUDGET_PER_INSTR};
pub use tape::{EvalError, Instr, Reg, Tape, Workspace};
pub use trace::{
    step_name, ModeCost, StepKind, Trace, TraceEdge, TraceError, TraceEval, TraceStep,
};

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

/// A variable whose name reads as a product of other variables of the same formula (see
/// [`Formula::product_like_names`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProductLikeName {
    /// The name as written (`xy`).
    pub name: String,
    /// The product it looks like (`x*y`).
    pub product: String,
}

impl std::fmt::Display for ProductLikeName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`{}` is read as one variable named `{}`; if you meant the product, write `{}`",
            self.name, self.name, self.product
        )
    }
}

/// Orders variable names as a person reading the formula expects: by first appearance, except
/// that indexed names of one stem (`x1`, `x2`, `x10`) stand together, in natural order, where the
/// first of them appears. So `w*x + b` is `(w, x, b)` and `100*(x2 - x1^2)^2 + (1 - x1)^2` is
/// `(x1, x2)`.
fn appearance_order(names: Vec<String>) -> Vec<String> {
    fn stem(name: &str) -> &str {
        let s = name.trim_end_matches(|c: char| c.is_ascii_digit());
        if s.is_empty() || s.len() == name.len() {
            name
        } else {
            s
        }
    }
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for n in names {
        let key = stem(&n).to_string();
        let k = *index.entry(key.clone()).or_insert_with(|| {
            groups.push((key, Vec::new()));
            groups.len() - 1
        });
        groups[k].1.push(n);
    }
    groups
        .into_iter()
        .flat_map(|(_, mut g)| {
            g.sort_by(|a, b| natural_cmp(a, b));
            g
        })
        .collect()
}

/// A parsed formula: its graph, its root node and its ordered variables.
///
/// The variable order is the definition's (`f(x, y) = ...`, `lambda x, y: ...`) when there is
/// one, otherwise the order in which the variables first appear, with indexed names of one stem
/// together in natural order (`x2` before `x10`); [`Formula::with_vars`] overrides it. Every
/// variable the text names is a variable, even one that simplification removed (`x^0`).
///
/// ```
/// let f = nabla::Formula::parse("lambda y, x: x - y").unwrap();
/// assert_eq!(f.var_names(), ["y", "x"]);
/// // The article's loss: w before b, as written.
/// let f = nabla::Formula::parse("(-3 + w - b)^2").unwrap();
/// assert_eq!(f.var_names(), ["w", "b"]);
/// let f = nabla::Formula::parse("100*(x2 - x1^2)^2 + (1 - x1)^2").unwrap();
/// assert_eq!(f.var_names(), ["x1", "x2"]);
/// let f = nabla::Formula::parse("x^0").unwrap();
/// assert_eq!(f.var_names(), ["x"]);
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
        // The variables the user wrote, in the definition's order or else in order of first
        // appearance; a variable that simplification removed (`x^0`) is still one.
        let names = match parsed.params {
            Some(params) => params,
            None => appearance_order(parsed.vars),
        };
        let vars = names.iter().filter_map(|p| graph.find_var(p)).collect();
        Ok(Formula {
            graph,
            root: parsed.root,
            vars,
        })
    }

    /// A formula from a graph built by other means (composed, generated): `root` is its node
    /// and `vars` its variables in order, which must include every variable `root` uses, each
    /// once.
    ///
    /// ```
    /// let mut g = nabla::Graph::new();
    /// let (x, y) = (g.var("x"), g.var("y"));
    /// let root = g.mul(x, y);
    /// let vars = [g.find_var("y").unwrap(), g.find_var("x").unwrap()];
    /// let f = nabla::Formula::from_parts(g.clone(), root, vars.to_vec()).unwrap();
    /// assert_eq!(f.var_names(), ["y", "x"]);
    /// assert!(nabla::Formula::from_parts(g, root, vars[..1].to_vec()).is_err());
    /// ```
    pub fn from_parts(graph: Graph, root: NodeId, vars: Vec<VarId>) -> Result<Formula, Error> {
        let known = || {
            vars.iter()
                .map(|v| graph.var_name(*v))
                .collect::<Vec<_>>()
                .join(", ")
        };
        for (k, v) in vars.iter().enumerate() {
            if vars[..k].contains(v) {
                return Err(Error::DuplicateVariable {
                    name: graph.var_name(*v).to_string(),
                });
            }
        }
        if let Some(v) = graph
            .vars_of(&[root])
            .into_iter()
            .find(|v| !vars.contains(v))
        {
            return Err(Error::MissingVariable {
                name: graph.var_name(v).to_string(),
                known: known(),
            });
        }
        Ok(Formula { graph, root, vars })
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

    /// The variables whose names read as a product of single-letter variables: a name of two or
    /// three lowercase ASCII letters (not a Greek letter's name) of which at least one letter is
    /// itself a variable of the formula, as `xy` beside `x` (the book writes Beale's function
    /// `(1.5 - x + xy)^2 + ...` with `xy` for `x*y`). nabla reads `xy` as one variable, as the
    /// grammar says; a caller shows these as warnings.
    ///
    /// ```
    /// let f = nabla::Formula::parse("(1.5 - x + xy)^2 + (2.25 - x + xy^2)^2").unwrap();
    /// let w = f.product_like_names();
    /// assert_eq!(w.len(), 1);
    /// assert_eq!((w[0].name.as_str(), w[0].product.as_str()), ("xy", "x*y"));
    /// assert!(w[0].to_string().contains("write `x*y`"));
    /// // `xy` alone, or beside unrelated names, is just a name; so is a longer or Greek one.
    /// assert!(nabla::Formula::parse("xy + z").unwrap().product_like_names().is_empty());
    /// assert!(nabla::Formula::parse("x*rate + phi + p").unwrap().product_like_names().is_empty());
    /// ```
    pub fn product_like_names(&self) -> Vec<ProductLikeName> {
        let names = self.var_names();
        let single: Vec<char> = names
            .iter()
            .filter_map(|n| {
                let mut c = n.chars();
                match (c.next(), c.next()) {
                    (Some(ch), None) => Some(ch),
                    _ => None,
                }
            })
            .collect();
        const GREEK: &[&str] = &[
            "eta", "mu", "nu", "xi", "pi", "rho", "tau", "phi", "chi", "psi",
        ];
        names
            .iter()
            .filter(|n| {
                (2..=3).contains(&n.len())
                    && n.chars().all(|c| c.is_ascii_lowercase())
                    && n.chars().any(|c| single.contains(&c))
                    && !GREEK.contains(n)
            })
            .map(|n| ProductLikeName {
                name: n.to_string(),
                product: n.chars().map(String::from).collect::<Vec<_>>().join("*"),
            })
            .collect()
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
