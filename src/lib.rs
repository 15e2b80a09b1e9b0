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

#[cfg(feature = "solvers")]
pub mod answer;
#[cfg(feature = "solvers")]
mod any_error;
#[cfg(feature = "solvers")]
mod certify;
#[cfg(feature = "solvers")]
mod check;
mod display;
mod error;
#[cfg(feature = "fit")]
mod fit;
#[cfg(feature = "solvers")]
pub mod global;
mod grad;
mod graph;
#[cfg(feature = "plot")]
mod graph_draw;
#[cfg(feature = "plot")]
mod graph_route;
pub mod i18n;
mod interval;
#[cfg(feature = "jit")]
mod jit;
pub mod limits;
mod ops;
#[cfg(feature = "solvers")]
pub mod optim;
mod parse;
#[cfg(feature = "plot")]
pub mod plot;
mod problem;
mod program;
pub mod progress;
mod slice;
mod tape;
mod trace;

#[cfg(feature = "solvers")]
pub use any_error::AnyError;
#[cfg(feature = "solvers")]
pub use certify::{
    certify, Certificate, CertifyError, CertifyOptions, CertifyStatus, MinimizerRegion,
    CERTIFY_DEFAULT_TIME,
};
#[cfg(feature = "solvers")]
pub use check::{
    check_gradient, check_objective, kink_from_values, sweep, sweep_objective, sweep_steps,
    verify_gradient, verify_gradient_values, CheckError, CheckOptions, CheckReport, Diagnosis,
    FnObjective, HandComponent, HandPoint, HandReport, HandValues, HandVerdict, Objective,
    PartialCheck, PointCheck, Precision, SampleBox, Source, Step, Summary, SweepColumn,
    SweepReport, Verdict, VerifyOptions, DEFAULT_ATOL, DEFAULT_BOX, DEFAULT_CHECK_POINTS,
    DEFAULT_HAND_POINTS, DEFAULT_RTOL,
};
pub use display::{
    fmt_digits, fmt_number, fmt_short, latex_var, plural, plural_noun, round_digits, PRINT_LIMIT,
};
pub use error::{ArgCount, Error, Expectation, ParseError, ParseErrorKind};
#[cfg(feature = "fit")]
pub use fit::{
    fit, Batch, BoundSide, Dataset, DatasetPartitions, FitConfig, FitError, FitKernel, FitReport,
    FitResiduals, FitStop, Fitter, LeastSquaresReduction, ParamBounds, Partitions, TargetMoments,
    Uncertainty, BOUNDS_START_RSTEP, LM_EVALS_PER_EPOCH, LM_FTOL, LM_GTOL, LM_MAX_PARAMS, LM_XTOL,
    MAX_CELLS, MAX_COLUMNS, MAX_EPOCHS, MAX_FIELD_BYTES, MAX_LINE_BYTES, PLATEAU_DECREASE,
    SCALED_GTOL, STALL_EPOCHS, STALL_TOL, TRF_ACTIVE_TOL,
};
pub use grad::{gradient, hessian};
pub use graph::{Graph, Node, NodeId, VarId};
#[cfg(feature = "plot")]
pub use graph_draw::{
    draw_graph, draw_graph_digits, layout, GraphDrawError, GraphSummary, Layout, Slot,
    MAX_DRAWN_NODES,
};
pub use interval::{AffineWork, Interval, IntervalProgram};
#[cfg(feature = "jit")]
pub use jit::{native_supported, JitError, JitTape, NativeFloat};
pub use ops::{Binary, Singularity, Unary};
pub use parse::{
    ascii_equivalent, full_width_forms, parse_into, parse_into_with_vars, Parsed, CONSTANT_NAMES,
    MAX_DEPTH,
};
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
        f.write_str(&crate::tr!(
            "warn-product-like-name",
            name = &self.name,
            product = &self.product
        ))
    }
}

/// A constant written by its plain name (`e`, `pi`) where a variable is likely meant (see
/// [`Formula::constant_like_variables`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConstantAsVariable {
    /// The constant's name as written (`e` or `pi`).
    pub name: String,
    /// The formula's variables, comma-separated, with this name added where it would stand:
    /// the variable list that makes it a variable (`a, b, c, d, e`).
    pub vars_with_it: String,
}

impl std::fmt::Display for ConstantAsVariable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (what, spelled) = match self.name.as_str() {
            "e" => (crate::tr!("warn-constant-e"), "exp(1)"),
            _ => (crate::tr!("warn-constant-pi"), "π"),
        };
        f.write_str(&crate::tr!(
            "warn-constant-as-variable",
            name = &self.name,
            what = what,
            vars = &self.vars_with_it,
            spelled = spelled
        ))
    }
}

/// A warning about a formula that parsed, but perhaps not as meant. Its `Display` is the
/// lower-case sentence, saying how to write what was meant.
///
/// ```
/// let f = nabla::Formula::parse("(a-1)^2 + (b-2)^2 + (c-3)^2 + (d-4)^2 + (e-5)^2 + a*b").unwrap();
/// let w = f.warnings();
/// assert!(matches!(&w[..], [nabla::FormulaWarning::ConstantAsVariable(c)] if c.name == "e"));
/// assert!(w[0].to_string().contains("variable list (a, b, c, d, e)"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FormulaWarning {
    /// A variable named like a product of variables (`xy` beside `x`).
    ProductLikeName(ProductLikeName),
    /// A constant (`e`, `pi`) where a variable is likely meant.
    ConstantAsVariable(ConstantAsVariable),
}

impl std::fmt::Display for FormulaWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FormulaWarning::ProductLikeName(w) => w.fmt(f),
            FormulaWarning::ConstantAsVariable(w) => w.fmt(f),
        }
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
    /// The constants the text named plainly (`e`, `pi`), in order of first appearance.
    constants: Vec<String>,
    /// The full-width forms the text was typed with, each with the ASCII it was read as.
    full_width: Vec<(char, char)>,
}

impl Formula {
    /// Parses a formula.
    pub fn parse(src: &str) -> Result<Formula, ParseError> {
        Formula::parse_reading(src, &[] as &[&str])
    }

    /// Parses a formula whose variables are `names`, in that order: a name that is otherwise a
    /// constant (`e`, `pi`, see [`CONSTANT_NAMES`]) is a variable here. Then as
    /// [`Formula::with_vars`]: every variable the formula uses must be listed.
    ///
    /// ```
    /// let src = "(a-1)^2 + (b-2)^2 + (c-3)^2 + (d-4)^2 + (e-5)^2 + a*b";
    /// let f = nabla::Formula::parse_with_vars(src, &["a", "b", "c", "d", "e"]).unwrap();
    /// assert_eq!(f.var_names(), ["a", "b", "c", "d", "e"]);
    /// assert!(f.warnings().is_empty());
    /// // Parsed first, `e` is Euler's number and cannot become a variable afterwards.
    /// let err = nabla::Formula::parse(src).unwrap().with_vars(&["a", "b", "c", "d", "e"]);
    /// assert!(matches!(err, Err(nabla::Error::ConstantAsVariable { .. })));
    /// ```
    pub fn parse_with_vars<S: AsRef<str>>(src: &str, names: &[S]) -> Result<Formula, Error> {
        Formula::parse_reading(src, names)?.with_vars(names)
    }

    fn parse_reading<S: AsRef<str>>(src: &str, as_vars: &[S]) -> Result<Formula, ParseError> {
        let mut graph = Graph::new();
        let parsed = parse_into_with_vars(&mut graph, src, as_vars)?;
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
            constants: parsed.constants,
            full_width: parsed.full_width,
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
        Ok(Formula {
            graph,
            root,
            vars,
            constants: Vec::new(),
            full_width: Vec::new(),
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
            if self.constants.iter().any(|c| c == n) {
                return Err(Error::ConstantAsVariable {
                    name: n.to_string(),
                });
            }
            let mut probe = Graph::new();
            let ok = parse_into_with_vars(&mut probe, n, &[n])
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

    /// The constants written by their plain name (`e`, `pi`) where a variable is likely meant.
    ///
    /// The rule, decided so that a formula in the usual constants' habits stays quiet:
    /// * `e` is flagged when the formula's single-letter lowercase variables, with `e`, make a
    ///   run of at least three consecutive letters through `e`: `a, b, c, d` (then `e`) or
    ///   `d, f`, as in `(a-1)^2 + ... + (d-4)^2 + (e-5)^2`. `x*e^x` and `a*e^(b*x)` are quiet.
    /// * `pi` is flagged when another variable is named after a Greek letter (`alpha`, `rho`,
    ///   `sigma`, ...): `pi` then reads as one of a family of Greek-named quantities.
    ///   `sin(pi*x)` is quiet.
    ///
    /// `π`, `np.e` and `math.pi` are never flagged. Listing the name among the variables
    /// ([`Formula::parse_with_vars`]) makes it a variable; writing `exp(1)` or `π` keeps the
    /// constant without the warning.
    ///
    /// ```
    /// let f = nabla::Formula::parse("(c-3)^2 + (d-4)^2 + (e-5)^2").unwrap();
    /// let w = f.constant_like_variables();
    /// assert_eq!((w[0].name.as_str(), w[0].vars_with_it.as_str()), ("e", "c, d, e"));
    /// assert!(nabla::Formula::parse("x*e^x").unwrap().constant_like_variables().is_empty());
    /// assert!(nabla::Formula::parse("a*e^(b*x)").unwrap().constant_like_variables().is_empty());
    /// assert_eq!(nabla::Formula::parse("rho*pi*r^2").unwrap().constant_like_variables().len(), 1);
    /// assert!(nabla::Formula::parse("sin(pi*x)").unwrap().constant_like_variables().is_empty());
    /// ```
    pub fn constant_like_variables(&self) -> Vec<ConstantAsVariable> {
        let names = self.var_names();
        let letters: Vec<u8> = names
            .iter()
            .filter_map(|n| match n.as_bytes() {
                [c] if c.is_ascii_lowercase() => Some(*c),
                _ => None,
            })
            .collect();
        let has = |c: u8| c == b'e' || letters.contains(&c);
        let run = |start: u8, step: i8| {
            let mut c = start;
            let mut k = 0;
            while c.is_ascii_lowercase() && has(c) {
                k += 1;
                c = c.wrapping_add_signed(step);
            }
            k
        };
        const GREEK: &[&str] = &[
            "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
            "lambda", "mu", "nu", "xi", "omicron", "rho", "sigma", "tau", "upsilon", "phi", "chi",
            "psi", "omega",
        ];
        self.constants
            .iter()
            .filter(|c| match c.as_str() {
                // The run through `e`: the letters below it, `e`, and the letters above it.
                "e" => run(b'd', -1) + 1 + run(b'f', 1) >= 3,
                "pi" => names.iter().any(|n| GREEK.contains(n)),
                _ => false,
            })
            .map(|c| {
                let mut with: Vec<&str> = names.clone();
                with.push(c);
                if c == "e" {
                    with.sort_by(|a, b| natural_cmp(a, b));
                }
                ConstantAsVariable {
                    name: c.clone(),
                    vars_with_it: with.join(", "),
                }
            })
            .collect()
    }

    /// Every warning about the formula, [`Formula::product_like_names`] then
    /// [`Formula::constant_like_variables`]: what a caller shows before the answer.
    pub fn warnings(&self) -> Vec<FormulaWarning> {
        let products = self.product_like_names().into_iter();
        let constants = self.constant_like_variables().into_iter();
        products
            .map(FormulaWarning::ProductLikeName)
            .chain(constants.map(FormulaWarning::ConstantAsVariable))
            .collect()
    }

    /// The full-width forms the text was typed with (`（`, `＋`, `１`, as a CJK input method
    /// types them), each with the ASCII character it was read as, once each in order of first
    /// appearance ([`full_width_forms`]); empty for ASCII text. A front end says how it read them.
    ///
    /// ```
    /// let f = nabla::Formula::parse("（x＋1）^2").unwrap();
    /// assert_eq!(f.full_width(), [('（', '('), ('＋', '+'), ('）', ')')]);
    /// assert!(nabla::Formula::parse("(x+1)^2").unwrap().full_width().is_empty());
    /// ```
    pub fn full_width(&self) -> &[(char, char)] {
        &self.full_width
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
