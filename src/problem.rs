//! The compiled problem: a formula, its inputs, the variables it is differentiated in, and its
//! compiled value, value+gradient and Hessian programs, built once and shared by every consumer
//! (`Function` and the optimizers, gradient checking, fitting, plotting).
//!
//! # Invariants
//!
//! * **Inputs and differentiation variables.** The programs read the formula's variables in the
//!   formula's order (the *inputs*); the gradient and the Hessian are taken with respect to
//!   `wrt`, a subset of the inputs in a given order (all of them by default; `fit`
//!   differentiates in the parameters, not the data columns).
//! * **Outputs.** The value program writes `[f]`; the value+gradient program `[f, df/dw...]`;
//!   the Hessian program `[f, df/dw..., d2f/dwi dwj...]` (row-major), derived and compiled on
//!   first use, for at most [`HESSIAN_MAX_DIM`] differentiation variables.
//! * **Failures are errors.** Compiling, deriving the Hessian past its size limit, and
//!   evaluating with slices of the wrong length or another program's workspace all return
//!   [`Error`]s; nothing is turned into NaN.

use std::ops::Deref;

use crate::error::Error;
use crate::grad::{gradient, hessian};
use crate::graph::{Graph, NodeId, VarId};
use crate::program::{Backend, Program};
use crate::tape::{Tape, Workspace};
use crate::Formula;

/// The most differentiation variables for which a dense Hessian is derived (it has `n^2`
/// entries): beyond it [`Problem::hessian_tape`] is an [`Error::HessianTooLarge`], and Newton's
/// method asks for a first-order method instead.
pub const HESSIAN_MAX_DIM: usize = 500;

/// A formula compiled for evaluation and differentiation: the graph, its inputs, the variables
/// of differentiation and the compiled programs.
///
/// ```
/// use nabla::{Formula, Problem};
/// // Differentiate a model in its parameters only; `x` is data.
/// let f = Formula::parse("f(w, b, x) = (w*x + b - 1)^2").unwrap();
/// let p = Problem::with_wrt(f, &["w", "b"]).unwrap();
/// assert_eq!((p.input_names(), p.wrt_names()), (vec!["w", "b", "x"], vec!["w", "b"]));
/// let mut ws = p.value_grad_tape().workspace::<f64>();
/// let mut grad = [0.0; 2];
/// let v = p.value_grad_tape().eval_value_grad(&[2.0, 0.0, 1.0], &mut ws, &mut grad).unwrap();
/// assert_eq!((v, grad), (1.0, [2.0, 2.0])); // d/dw = 2(wx+b-1)x, d/db = 2(wx+b-1)
/// ```
#[derive(Clone, Debug)]
pub struct Problem {
    formula: Formula,
    wrt: Vec<VarId>,
    grad: Vec<NodeId>,
    value: Program,
    value_grad: Program,
    hess: Option<(Vec<NodeId>, Program)>,
    backend: Backend,
}

impl Problem {
    /// Parses a formula and compiles it, differentiated in all of its variables.
    pub fn parse(src: &str) -> Result<Problem, Error> {
        Problem::new(Formula::parse(src)?)
    }

    /// Compiles a formula, differentiated in all of its variables.
    pub fn new(formula: Formula) -> Result<Problem, Error> {
        let wrt = formula.vars().to_vec();
        Problem::build(formula, wrt)
    }

    /// Compiles a formula differentiated in the named variables only, in the order given (the
    /// inputs stay all of the formula's variables).
    ///
    /// Fails with [`Error::UnknownVariable`] for a name that is not an input of the formula and
    /// [`Error::DuplicateVariable`] for a name given twice.
    pub fn with_wrt<S: AsRef<str>>(formula: Formula, wrt: &[S]) -> Result<Problem, Error> {
        let mut vars: Vec<VarId> = Vec::with_capacity(wrt.len());
        for name in wrt {
            let name = name.as_ref();
            let found = formula
                .vars()
                .iter()
                .copied()
                .find(|v| formula.graph().var_name(*v) == name);
            let Some(v) = found else {
                return Err(Error::UnknownVariable {
                    name: name.to_string(),
                    known: formula.var_names().join(", "),
                });
            };
            if vars.contains(&v) {
                return Err(Error::DuplicateVariable {
                    name: name.to_string(),
                });
            }
            vars.push(v);
        }
        Problem::build(formula, vars)
    }

    fn build(mut formula: Formula, wrt: Vec<VarId>) -> Result<Problem, Error> {
        let inputs = formula.vars().to_vec();
        let root = formula.root();
        let grad = gradient(formula.graph_mut(), root, &wrt);
        let backend = Backend::Auto;
        let value = Program::new(Tape::compile(formula.graph(), &[root], &inputs)?, backend)?;
        let mut outs = Vec::with_capacity(grad.len() + 1);
        outs.push(root);
        outs.extend(&grad);
        let value_grad = Program::new(Tape::compile(formula.graph(), &outs, &inputs)?, backend)?;
        Ok(Problem {
            formula,
            wrt,
            grad,
            value,
            value_grad,
            hess: None,
            backend,
        })
    }

    /// The same problem with its programs executed by `backend` (native code compiled or dropped
    /// accordingly, the Hessian's when it is compiled). [`Backend::Auto`] is the default.
    ///
    /// Fails with [`Error::NativeUnavailable`] for [`Backend::Native`] without the feature `jit`
    /// or on a processor Cranelift does not support.
    ///
    /// ```
    /// use nabla::{Backend, Problem};
    /// let p = Problem::parse("sin(x)*y").unwrap().with_backend(Backend::Interpreter).unwrap();
    /// assert!(!p.value_grad_tape().is_native());
    /// ```
    pub fn with_backend(mut self, backend: Backend) -> Result<Problem, Error> {
        if backend != self.backend {
            self.value = Program::new(self.value.tape().clone(), backend)?;
            self.value_grad = Program::new(self.value_grad.tape().clone(), backend)?;
            if let Some((h, p)) = self.hess.take() {
                self.hess = Some((h, Program::new(p.tape().clone(), backend)?));
            }
            self.backend = backend;
        }
        Ok(self)
    }

    /// How the programs execute.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The formula (graph, root and input variables).
    pub fn formula(&self) -> &Formula {
        &self.formula
    }

    /// The graph holding the formula and its derivatives.
    pub fn graph(&self) -> &Graph {
        self.formula.graph()
    }

    /// The interval enclosure of the formula's value over the box `b` (one interval per
    /// variable, in [`Formula::vars`] order), outward rounded; `None` when the formula reads a
    /// variable that is not among its inputs. Used by the solvers.
    #[cfg_attr(not(feature = "solvers"), allow(dead_code))]
    pub(crate) fn enclose_value(&self, b: &[crate::Interval]) -> Option<crate::Interval> {
        let f = &self.formula;
        let prog = crate::IntervalProgram::new(f.graph(), &[f.root()], f.vars())?;
        let mut out = [crate::Interval::ENTIRE];
        prog.eval(b, &mut out);
        Some(out[0])
    }

    /// Number of inputs each program reads (the formula's variables).
    pub fn n_inputs(&self) -> usize {
        self.formula.vars().len()
    }

    /// The input names, in input order.
    pub fn input_names(&self) -> Vec<&str> {
        self.formula.var_names()
    }

    /// Number of differentiation variables (the gradient's length).
    pub fn dim(&self) -> usize {
        self.wrt.len()
    }

    /// The differentiation variables, in gradient order.
    pub fn wrt(&self) -> &[VarId] {
        &self.wrt
    }

    /// The differentiation variables' names, in gradient order.
    pub fn wrt_names(&self) -> Vec<&str> {
        self.wrt.iter().map(|v| self.graph().var_name(*v)).collect()
    }

    /// The gradient's nodes, one per differentiation variable.
    pub fn gradient_nodes(&self) -> &[NodeId] {
        &self.grad
    }

    /// The partial derivative with respect to differentiation variable `i` as infix text.
    ///
    /// ```
    /// let p = nabla::Problem::parse("x^2*y").unwrap();
    /// assert_eq!(p.partial_text(0).unwrap(), "2*y*x");
    /// ```
    pub fn partial_text(&self, i: usize) -> Result<String, Error> {
        self.graph().to_infix(self.grad[i])
    }

    /// The value program (one output).
    pub fn value_tape(&self) -> &Program {
        &self.value
    }

    /// The value+gradient program (outputs: the value, then the partials).
    pub fn value_grad_tape(&self) -> &Program {
        &self.value_grad
    }

    /// The Hessian's nodes, row-major, derived on first use.
    ///
    /// Fails with [`Error::HessianTooLarge`] beyond [`HESSIAN_MAX_DIM`] differentiation variables.
    pub fn hessian_nodes(&mut self) -> Result<&[NodeId], Error> {
        Ok(&self.ensure_hessian()?.0)
    }

    /// The value+gradient+Hessian program (outputs: the value, the partials, then the Hessian
    /// row-major), derived and compiled on first use.
    ///
    /// ```
    /// let mut p = nabla::Problem::parse("x^2*y").unwrap();
    /// let tape = p.hessian_tape().unwrap();
    /// let mut out = [0.0; 7];
    /// tape.eval(&[3.0, 2.0], &mut tape.workspace(), &mut out).unwrap();
    /// assert_eq!(out, [18.0, 12.0, 9.0, 4.0, 6.0, 6.0, 0.0]);
    /// ```
    pub fn hessian_tape(&mut self) -> Result<&Program, Error> {
        Ok(&self.ensure_hessian()?.1)
    }

    /// The Hessian-vector product program: its inputs are the formula's inputs followed by a
    /// direction `v` (one value per differentiation variable, in order); its outputs are
    /// `H(x)·v`, one per differentiation variable. Built by differentiating the scalar `∇f·v`
    /// once more, so it costs a small multiple of the gradient for any number of variables: no
    /// Hessian is formed, and [`HESSIAN_MAX_DIM`] does not apply (Newton-CG and trust-region
    /// Krylov methods on thousands of variables need only this). The caller keeps the program
    /// (each call derives and compiles a new one).
    ///
    /// ```
    /// let p = nabla::Problem::parse("x^2*y").unwrap();
    /// let hvp = p.hvp_program().unwrap();
    /// let mut out = [0.0; 2];
    /// // H = [[2y, 2x], [2x, 0]] at (3, 2), times v = (1, 1): (4 + 6, 6 + 0)
    /// hvp.eval(&[3.0, 2.0, 1.0, 1.0], &mut hvp.workspace(), &mut out).unwrap();
    /// assert_eq!(out, [10.0, 6.0]);
    /// ```
    pub fn hvp_program(&self) -> Result<Program, Error> {
        let mut formula = self.formula.clone();
        let mut inputs = formula.vars().to_vec();
        let g = formula.graph_mut();
        let mut dot: Option<NodeId> = None;
        for (i, &gi) in self.grad.iter().enumerate() {
            // A name no formula can contain (the parser never yields a NUL), so the direction
            // never collides with a variable of the formula.
            let name = format!("\u{0}v{i}");
            let v = g.var(&name);
            inputs.push(g.find_var(&name).expect("created above"));
            let term = g.mul(gi, v);
            dot = Some(match dot {
                None => term,
                Some(d) => g.add_op(d, term),
            });
        }
        let dot = match dot {
            Some(d) => d,
            None => g.constant(0.0),
        };
        let hv = gradient(g, dot, &self.wrt);
        let tape = Tape::compile(formula.graph(), &hv, &inputs)?;
        Program::new(tape, self.backend)
    }

    fn ensure_hessian(&mut self) -> Result<&(Vec<NodeId>, Program), Error> {
        if self.hess.is_none() {
            if self.wrt.len() > HESSIAN_MAX_DIM {
                return Err(Error::HessianTooLarge {
                    dim: self.wrt.len(),
                    max: HESSIAN_MAX_DIM,
                });
            }
            let inputs = self.formula.vars().to_vec();
            let root = self.formula.root();
            let h = hessian(self.formula.graph_mut(), &self.grad, &self.wrt);
            let mut outs = Vec::with_capacity(1 + self.grad.len() + h.len());
            outs.push(root);
            outs.extend(&self.grad);
            outs.extend(&h);
            let tape = Tape::compile(self.formula.graph(), &outs, &inputs)?;
            self.hess = Some((h, Program::new(tape, self.backend)?));
        }
        Ok(self.hess.as_ref().expect("set above"))
    }
}

/// A [`Problem`] differentiated in all of its variables, with its own workspaces: the objective
/// the optimizers minimize. Evaluation allocates nothing. It dereferences to its [`Problem`] for
/// the programs, names and partials.
///
/// ```
/// let mut f = nabla::Function::parse("x^2*y").unwrap();
/// let (mut g, mut h) = ([0.0; 2], [0.0; 4]);
/// let v = f.value_grad_hessian(&[3.0, 2.0], &mut g, &mut h).unwrap();
/// assert_eq!((v, g, h), (18.0, [12.0, 9.0], [4.0, 6.0, 6.0, 0.0]));
/// assert_eq!(f.partial_text(0).unwrap(), "2*y*x"); // a Problem method, through Deref
/// ```
#[derive(Clone, Debug)]
pub struct Function {
    problem: Problem,
    ws_value: Workspace<f64>,
    ws_grad: Workspace<f64>,
    ws_hess: Workspace<f64>,
    hess_out: Vec<f64>,
}

impl Deref for Function {
    type Target = Problem;

    fn deref(&self) -> &Problem {
        &self.problem
    }
}

impl Function {
    /// Parses and compiles a formula.
    pub fn parse(src: &str) -> Result<Function, Error> {
        Function::new(Formula::parse(src)?)
    }

    /// Compiles a parsed formula with its gradient.
    pub fn new(formula: Formula) -> Result<Function, Error> {
        Ok(Function::from_problem(Problem::new(formula)?))
    }

    /// The function of an already compiled problem (nothing is parsed, derived or compiled
    /// again), with fresh workspaces.
    ///
    /// ```
    /// use nabla::{Function, Problem};
    /// let mut f = Function::from_problem(Problem::parse("x^2 + y").unwrap());
    /// assert_eq!(f.value(&[3.0, 1.0]), 10.0);
    /// ```
    pub fn from_problem(problem: Problem) -> Function {
        Function {
            ws_value: problem.value_tape().workspace(),
            ws_grad: problem.value_grad_tape().workspace(),
            ws_hess: Workspace::default(),
            hess_out: Vec::new(),
            problem,
        }
    }

    /// The same function with its programs executed by `backend` (see [`Problem::with_backend`]).
    pub fn with_backend(mut self, backend: Backend) -> Result<Function, Error> {
        self.problem = self.problem.with_backend(backend)?;
        Ok(self)
    }

    /// The variable names, in order (a function's inputs are its differentiation variables).
    pub fn var_names(&self) -> Vec<&str> {
        self.problem.input_names()
    }

    /// The compiled problem.
    pub fn problem(&self) -> &Problem {
        &self.problem
    }

    /// The Hessian's nodes, row-major, derived on first use (see [`Problem::hessian_nodes`]).
    pub fn hessian_nodes(&mut self) -> Result<&[NodeId], Error> {
        self.problem.hessian_nodes()
    }

    /// The value at `x`.
    ///
    /// # Panics
    ///
    /// If `x` does not hold one value per variable ([`Problem::dim`]).
    pub fn value(&mut self, x: &[f64]) -> f64 {
        let mut o = [0.0];
        let r = self.problem.value.eval(x, &mut self.ws_value, &mut o);
        r.unwrap_or_else(|e| panic!("Function::value: {e}"));
        o[0]
    }

    /// The value at `x`, with the gradient written to `g`.
    ///
    /// # Panics
    ///
    /// If `x` or `g` does not hold one value per variable ([`Problem::dim`]).
    #[inline]
    pub fn value_and_grad(&mut self, x: &[f64], g: &mut [f64]) -> f64 {
        // Native code already compiled and slices of the right lengths: straight to it (a
        // short function, no stack frame for a one-chunk program).
        #[cfg(feature = "jit")]
        if let Some(v) = self
            .problem
            .value_grad
            .try_native_value_grad(x, &mut self.ws_grad, g)
        {
            return v;
        }
        self.value_and_grad_checked(x, g)
    }

    /// [`Function::value_and_grad`] through the program's dispatch (interpreter, the native
    /// budget, the checks and their errors).
    #[cfg_attr(feature = "jit", inline(never))]
    fn value_and_grad_checked(&mut self, x: &[f64], g: &mut [f64]) -> f64 {
        let r = self
            .problem
            .value_grad
            .eval_value_grad(x, &mut self.ws_grad, g);
        r.unwrap_or_else(|e| panic!("Function::value_and_grad: {e}"))
    }

    /// The value, gradient (into `g`) and row-major Hessian (into `h`, `n*n` entries) at `x`.
    ///
    /// Fails when the Hessian is too large to derive ([`Error::HessianTooLarge`]) or a slice
    /// has the wrong length ([`Error::Eval`]).
    pub fn value_grad_hessian(
        &mut self,
        x: &[f64],
        g: &mut [f64],
        h: &mut [f64],
    ) -> Result<f64, Error> {
        let n = self.problem.dim();
        if g.len() != n || h.len() != n * n {
            return Err(Error::Eval(crate::EvalError::Outputs {
                expected: n + n * n,
                found: g.len() + h.len(),
            }));
        }
        let tape = self.problem.hessian_tape()?;
        self.hess_out.resize(tape.n_outputs(), 0.0);
        tape.eval(x, &mut self.ws_hess, &mut self.hess_out)?;
        g.copy_from_slice(&self.hess_out[1..=n]);
        h.copy_from_slice(&self.hess_out[1 + n..]);
        Ok(self.hess_out[0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hessian_beyond_the_limit_is_an_error_not_nan() {
        let src = (0..=HESSIAN_MAX_DIM)
            .map(|i| format!("x{i}^2"))
            .collect::<Vec<_>>()
            .join(" + ");
        let mut f = Function::parse(&src).unwrap();
        let n = f.dim();
        let (x, mut g, mut h) = (vec![1.0; n], vec![0.0; n], vec![0.0; n * n]);
        assert!(matches!(
            f.value_grad_hessian(&x, &mut g, &mut h),
            Err(Error::HessianTooLarge { dim, max: HESSIAN_MAX_DIM }) if dim == n
        ));
        // The value and gradient still work.
        assert_eq!(f.value_and_grad(&x, &mut g), n as f64);
    }

    #[test]
    fn wrong_lengths_are_errors() {
        let mut f = Function::parse("x*y").unwrap();
        let (mut g, mut h) = ([0.0; 2], [0.0; 3]);
        assert!(f.value_grad_hessian(&[1.0, 2.0], &mut g, &mut h).is_err());
        let mut h = [0.0; 4];
        assert!(matches!(
            f.value_grad_hessian(&[1.0], &mut g, &mut h),
            Err(Error::Eval(_))
        ));
    }

    #[test]
    fn wrt_subsets_and_their_errors() {
        let f = Formula::parse("a*x + b").unwrap();
        let p = Problem::with_wrt(f.clone(), &["b", "a"]).unwrap();
        assert_eq!(p.wrt_names(), ["b", "a"]);
        assert_eq!(p.partial_text(1).unwrap(), "x");
        assert!(matches!(
            Problem::with_wrt(f.clone(), &["c"]),
            Err(Error::UnknownVariable { .. })
        ));
        assert!(matches!(
            Problem::with_wrt(f, &["a", "a"]),
            Err(Error::DuplicateVariable { .. })
        ));
    }

    /// The Hessian-vector product of 1,000-variable Rosenbrock, beyond the dense Hessian's
    /// limit, against its closed-form tridiagonal Hessian: H_ii = 1200 x_i^2 - 400 x_{i+1} + 2
    /// (+ 200 when i > 0; 200 alone for the last), H_{i,i+1} = H_{i+1,i} = -400 x_i.
    #[test]
    fn hessian_vector_products_of_a_thousand_variables() {
        let n = 1000;
        let text: Vec<String> = (1..n)
            .map(|i| format!("100*(x{}-x{i}^2)^2 + (1-x{i})^2", i + 1))
            .collect();
        let p = Problem::parse(&text.join(" + ")).unwrap();
        assert_eq!(p.dim(), n);
        let hvp = p.hvp_program().unwrap();
        let x: Vec<f64> = (0..n).map(|i| 0.5 + (i % 7) as f64 * 0.25).collect();
        let v: Vec<f64> = (0..n).map(|i| ((i * 37) % 11) as f64 - 5.0).collect();
        let mut input = x.clone();
        input.extend(&v);
        let mut out = vec![0.0; n];
        hvp.eval(&input, &mut hvp.workspace(), &mut out).unwrap();
        for i in 0..n {
            let mut diag = if i + 1 < n {
                1200.0 * x[i] * x[i] - 400.0 * x[i + 1] + 2.0
            } else {
                0.0
            };
            if i > 0 {
                diag += 200.0;
            }
            let mut expect = diag * v[i];
            if i + 1 < n {
                expect += -400.0 * x[i] * v[i + 1];
            }
            if i > 0 {
                expect += -400.0 * x[i - 1] * v[i - 1];
            }
            assert!(
                (out[i] - expect).abs() <= 1e-9 * expect.abs().max(1.0),
                "{i}: {} vs {expect}",
                out[i]
            );
        }
    }
}
