//! Compiled evaluation: a set of output nodes as a flat program over registers.
//!
//! [`Tape::compile`] makes one forward sweep over the nodes the outputs need (the arena is already
//! in topological order), so every shared subexpression, including the forward values the gradient
//! reuses, is computed once. The program is a plain list of [`Instr`] (printable and testable),
//! not boxed closures.
//!
//! # Invariants
//!
//! * Registers `0..n_inputs` hold the inputs, the next ones hold the constants (loaded once when a
//!   [`Workspace`] is made), the rest are temporaries. A temporary register is reused as soon as
//!   the last instruction that reads it has run (linear-scan allocation), so the working set stays
//!   small even for a 10,000-variable function.
//! * Every register index in the program is below `n_regs` (checked once at compile time), and
//!   every instruction reads its operands before writing its destination, so a destination may
//!   reuse an operand's register.
//! * Evaluation allocates nothing: the caller owns the [`Workspace`] and the output slice.
//! * Evaluation is generic over `f32` and `f64` ([`num_traits::Float`]); constants are rounded
//!   to the evaluation type once, in the workspace.

use num_traits::Float;

use crate::error::Error;
use crate::graph::{Graph, Node, NodeId, VarId};
use crate::ops::{self, Binary, Unary};

/// A register index.
pub type Reg = u32;

/// One instruction of a compiled [`Tape`]: `dst = op(operands)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Instr {
    /// `dst = a + b`
    Add(Reg, Reg, Reg),
    /// `dst = a - b`
    Sub(Reg, Reg, Reg),
    /// `dst = a * b`
    Mul(Reg, Reg, Reg),
    /// `dst = a / b`
    Div(Reg, Reg, Reg),
    /// `dst = -a`
    Neg(Reg, Reg),
    /// `dst = a * a`
    Square(Reg, Reg),
    /// `dst = a.powi(n)`
    Powi(Reg, Reg, i32),
    /// `dst = op(a)`
    Unary(Unary, Reg, Reg),
    /// `dst = op(a, b)`
    Binary(Binary, Reg, Reg, Reg),
}

/// A compiled program computing a list of outputs from a list of inputs.
///
/// ```
/// use nabla::{Graph, Tape};
/// let mut g = Graph::new();
/// let f = nabla::parse_into(&mut g, "x*y + sin(x*y)").unwrap().root;
/// let vars = [g.find_var("x").unwrap(), g.find_var("y").unwrap()];
/// let tape = Tape::compile(&g, &[f], &vars).unwrap();
/// let mut ws = tape.workspace::<f64>();
/// let mut out = [0.0];
/// tape.eval(&[2.0, 3.0], &mut ws, &mut out);
/// assert_eq!(out[0], 6.0 + 6f64.sin());
/// assert_eq!(tape.instrs().len(), 3); // x*y once, sin, +
/// ```
#[derive(Clone, Debug)]
pub struct Tape {
    instrs: Vec<Instr>,
    n_inputs: usize,
    n_regs: usize,
    consts: Vec<(Reg, f64)>,
    outputs: Vec<Reg>,
}

/// Registers for evaluating a [`Tape`], made once with [`Tape::workspace`] and reused.
///
/// A default (empty) workspace is filled on first use by whichever tape evaluates with it.
#[derive(Clone, Debug, Default)]
pub struct Workspace<T> {
    regs: Vec<T>,
}

fn reg(i: usize) -> Reg {
    Reg::try_from(i).expect("register count fits in u32 (bounded by the graph size)")
}

impl Tape {
    /// Compiles `outputs` as functions of `inputs` (the variable order of the input vector).
    ///
    /// Fails with [`Error::MissingVariable`] when an output depends on a variable not in `inputs`.
    pub fn compile(g: &Graph, outputs: &[NodeId], inputs: &[VarId]) -> Result<Tape, Error> {
        let mask = g.reachable(outputs);
        let n = mask.len();
        // Position of each input variable, and the last reader of each node.
        let mut input_pos = vec![usize::MAX; g.var_names().len()];
        for (k, v) in inputs.iter().enumerate() {
            input_pos[v.index()] = k;
        }
        const FOREVER: usize = usize::MAX;
        let mut last_use = vec![0usize; n];
        for (i, node) in g.nodes()[..n].iter().enumerate() {
            if mask[i] {
                for c in node.children() {
                    last_use[c.index()] = i;
                }
            }
        }
        for o in outputs {
            last_use[o.index()] = FOREVER;
        }
        let n_inputs = inputs.len();
        let mut reg_of = vec![Reg::MAX; n];
        let mut consts = Vec::new();
        let mut next = n_inputs;
        // Constants first, so temporaries come after them.
        for i in 0..n {
            if !mask[i] {
                continue;
            }
            match g.nodes()[i] {
                Node::Const(bits) => {
                    reg_of[i] = reg(next);
                    consts.push((reg(next), f64::from_bits(bits)));
                    next += 1;
                }
                Node::Var(v) => {
                    let p = input_pos[v.index()];
                    if p == usize::MAX {
                        return Err(Error::MissingVariable {
                            name: g.var_name(v).to_string(),
                            known: inputs
                                .iter()
                                .map(|v| g.var_name(*v))
                                .collect::<Vec<_>>()
                                .join(", "),
                        });
                    }
                    reg_of[i] = reg(p);
                }
                _ => {}
            }
        }
        let first_temp = next;
        let mut free: Vec<Reg> = Vec::new();
        let mut instrs = Vec::new();
        for i in 0..n {
            if !mask[i] {
                continue;
            }
            let node = g.nodes()[i];
            if matches!(node, Node::Const(_) | Node::Var(_)) {
                continue;
            }
            let r = |c: NodeId| reg_of[c.index()];
            // Free operands read for the last time here (each once), then pick the destination.
            let mut kids: Vec<NodeId> = node.children().collect();
            kids.dedup();
            for c in &kids {
                let rc = reg_of[c.index()];
                if last_use[c.index()] == i && rc as usize >= first_temp {
                    free.push(rc);
                }
            }
            let dst = match free.pop() {
                Some(d) => d,
                None => {
                    next += 1;
                    reg(next - 1)
                }
            };
            let instr = match node {
                Node::Unary(Unary::Neg, a) => Instr::Neg(dst, r(a)),
                Node::Unary(op, a) => Instr::Unary(op, dst, r(a)),
                Node::Binary(Binary::Add, a, b) => Instr::Add(dst, r(a), r(b)),
                Node::Binary(Binary::Sub, a, b) => Instr::Sub(dst, r(a), r(b)),
                Node::Binary(Binary::Mul, a, b) if a == b => Instr::Square(dst, r(a)),
                Node::Binary(Binary::Mul, a, b) => Instr::Mul(dst, r(a), r(b)),
                Node::Binary(Binary::Div, a, b) => Instr::Div(dst, r(a), r(b)),
                Node::Binary(Binary::Pow, a, b) => {
                    match g.const_value(b).and_then(ops::small_int) {
                        Some(2) => Instr::Square(dst, r(a)),
                        Some(k) => Instr::Powi(dst, r(a), k),
                        None => Instr::Binary(Binary::Pow, dst, r(a), r(b)),
                    }
                }
                Node::Binary(op, a, b) => Instr::Binary(op, dst, r(a), r(b)),
                Node::Const(_) | Node::Var(_) => unreachable!("skipped above"),
            };
            reg_of[i] = dst;
            instrs.push(instr);
        }
        let outputs = outputs.iter().map(|o| reg_of[o.index()]).collect();
        Ok(Tape {
            instrs,
            n_inputs,
            n_regs: next,
            consts,
            outputs,
        })
    }

    /// The program.
    pub fn instrs(&self) -> &[Instr] {
        &self.instrs
    }

    /// Number of inputs each evaluation reads.
    pub fn n_inputs(&self) -> usize {
        self.n_inputs
    }

    /// Number of outputs each evaluation writes.
    pub fn n_outputs(&self) -> usize {
        self.outputs.len()
    }

    /// Number of registers (inputs, constants and temporaries).
    pub fn n_regs(&self) -> usize {
        self.n_regs
    }

    /// A workspace for this tape, with the constants loaded in the evaluation type `T`.
    pub fn workspace<T: Float>(&self) -> Workspace<T> {
        let mut regs = vec![T::zero(); self.n_regs];
        for &(r, c) in &self.consts {
            regs[r as usize] = T::from(c).unwrap_or_else(T::nan);
        }
        Workspace { regs }
    }

    /// Evaluates the outputs at `x` into `out`. Allocates nothing.
    ///
    /// # Panics
    ///
    /// If `x` is shorter than [`Tape::n_inputs`] or `out` shorter than [`Tape::n_outputs`]. A
    /// workspace of another tape is replaced by a fresh one for this tape.
    #[inline]
    pub fn eval<T: Float>(&self, x: &[T], ws: &mut Workspace<T>, out: &mut [T]) {
        if ws.regs.len() != self.n_regs {
            *ws = self.workspace();
        }
        let regs = &mut ws.regs[..];
        regs[..self.n_inputs].copy_from_slice(&x[..self.n_inputs]);
        for ins in &self.instrs {
            match *ins {
                Instr::Add(d, a, b) => regs[d as usize] = regs[a as usize] + regs[b as usize],
                Instr::Sub(d, a, b) => regs[d as usize] = regs[a as usize] - regs[b as usize],
                Instr::Mul(d, a, b) => regs[d as usize] = regs[a as usize] * regs[b as usize],
                Instr::Div(d, a, b) => regs[d as usize] = regs[a as usize] / regs[b as usize],
                Instr::Neg(d, a) => regs[d as usize] = -regs[a as usize],
                Instr::Square(d, a) => {
                    let v = regs[a as usize];
                    regs[d as usize] = v * v;
                }
                Instr::Powi(d, a, k) => regs[d as usize] = regs[a as usize].powi(k),
                Instr::Unary(op, d, a) => regs[d as usize] = op.eval(regs[a as usize]),
                Instr::Binary(op, d, a, b) => {
                    regs[d as usize] = op.eval(regs[a as usize], regs[b as usize]);
                }
            }
        }
        for (o, &r) in out.iter_mut().zip(&self.outputs) {
            *o = regs[r as usize];
        }
    }

    /// Evaluates many points in one call: `points` is row-major (`npoints x n_inputs`), `out`
    /// receives `npoints x n_outputs` values, row by row.
    ///
    /// ```
    /// use nabla::{Graph, Tape};
    /// let mut g = Graph::new();
    /// let f = nabla::parse_into(&mut g, "x^2 + y").unwrap().root;
    /// let vars = [g.find_var("x").unwrap(), g.find_var("y").unwrap()];
    /// let tape = Tape::compile(&g, &[f], &vars).unwrap();
    /// let mut ws = tape.workspace::<f32>();
    /// let mut out = [0.0f32; 3];
    /// tape.eval_batch(&[1.0, 1.0, 2.0, 0.0, 3.0, -9.0], &mut ws, &mut out);
    /// assert_eq!(out, [2.0, 4.0, 0.0]);
    /// ```
    pub fn eval_batch<T: Float>(&self, points: &[T], ws: &mut Workspace<T>, out: &mut [T]) {
        let nin = self.n_inputs.max(1);
        let nout = self.outputs.len();
        if nout == 0 {
            return;
        }
        let npts = if self.n_inputs == 0 {
            out.len() / nout
        } else {
            points.len() / nin
        };
        for (k, o) in out.chunks_exact_mut(nout).take(npts).enumerate() {
            let x = if self.n_inputs == 0 {
                &points[..0]
            } else {
                &points[k * nin..(k + 1) * nin]
            };
            self.eval(x, ws, o);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_into;

    fn compile(src: &str) -> (Tape, Vec<VarId>) {
        let mut g = Graph::new();
        let f = parse_into(&mut g, src).unwrap().root;
        let vars = g.vars_of(&[f]);
        (Tape::compile(&g, &[f], &vars).unwrap(), vars)
    }

    #[test]
    fn registers_are_reused() {
        let src = (0..1000)
            .map(|i| format!("sin({i}*x)"))
            .collect::<Vec<_>>()
            .join(" + ");
        let (t, _) = compile(&src);
        // 1 input + 1000 constants + a handful of temporaries.
        assert!(t.n_regs() < 1010, "{} registers", t.n_regs());
        let mut ws = t.workspace::<f64>();
        let mut out = [0.0];
        t.eval(&[0.5], &mut ws, &mut out);
        let expected: f64 = (0..1000).map(|i| (f64::from(i) * 0.5).sin()).sum();
        assert!((out[0] - expected).abs() < 1e-9);
    }

    #[test]
    fn f32_and_f64_agree() {
        let (t, _) = compile("exp(-x^2/2)*cos(3*x) + sqrt(abs(x))");
        let mut w32 = t.workspace::<f32>();
        let mut w64 = t.workspace::<f64>();
        let (mut o32, mut o64) = ([0.0f32], [0.0f64]);
        t.eval(&[0.7f32], &mut w32, &mut o32);
        t.eval(&[0.7f64], &mut w64, &mut o64);
        assert!((f64::from(o32[0]) - o64[0]).abs() < 1e-6);
    }

    #[test]
    fn missing_variable_is_an_error() {
        let mut g = Graph::new();
        let f = parse_into(&mut g, "x + y").unwrap().root;
        let x = g.find_var("x").unwrap();
        assert!(matches!(
            Tape::compile(&g, &[f], &[x]),
            Err(Error::MissingVariable { .. })
        ));
    }

    #[test]
    fn outputs_may_be_inputs_or_constants() {
        let mut g = Graph::new();
        let f = parse_into(&mut g, "x").unwrap().root;
        let c = g.constant(2.5);
        let x = g.find_var("x").unwrap();
        let t = Tape::compile(&g, &[f, c], &[x]).unwrap();
        let mut ws = t.workspace::<f64>();
        let mut out = [0.0; 2];
        t.eval(&[4.0], &mut ws, &mut out);
        assert_eq!(out, [4.0, 2.5]);
    }
}
