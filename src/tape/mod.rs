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
//! * Instructions are emitted in a topological order, which changes no result, since every
//!   instruction performs the same roundings in any order: a program of at most 64 instructions
//!   is list scheduled to start long dependency chains early (`schedule`); a longer one places
//!   each instruction right after the operands that make it ready (`locality_order`), so a
//!   gradient's backward steps for a term of a sum follow that term's forward steps instead of
//!   waiting for the whole forward sweep.
//! * Evaluation allocates nothing: the caller owns the [`Workspace`] and the output slice.
//! * A workspace belongs to one program: each compilation gets a unique id, stamped on the
//!   workspaces it makes and checked on every call, so a workspace made for `x + 2` handed to the
//!   program of `x + 3` is an error, never a value computed with the other's constants. Input and
//!   output slices must have exactly the program's lengths; a mismatch is an error before
//!   anything runs.
//! * Evaluation is generic over `f32` and `f64` ([`num_traits::Float`]); constants are rounded
//!   to the evaluation type once, in the workspace.

use num_traits::Float;

use crate::ops::{self, Binary, Unary};

mod compile;

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
    /// `dst = a * (a * a)`, bit-identical to `powi(a, 3)`
    Cube(Reg, Reg),
    /// `dst = a.powi(n)`
    Powi(Reg, Reg, i32),
    /// `dst = a*b + c` (two roundings, not a fused multiply-add)
    MulAdd(Reg, Reg, Reg, Reg),
    /// `dst = a*b - c`
    MulSub(Reg, Reg, Reg, Reg),
    /// `dst = c - a*b`
    SubMul(Reg, Reg, Reg, Reg),
    /// `dst = (a*b)*c`
    MulMul(Reg, Reg, Reg, Reg),
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
/// tape.eval(&[2.0, 3.0], &mut ws, &mut out).unwrap();
/// assert_eq!(out[0], 6.0 + 6f64.sin());
/// assert_eq!(tape.instrs().len(), 3); // x*y once, sin, +
/// ```
#[derive(Clone, Debug)]
pub struct Tape {
    /// The program's identity: unique per compilation (shared by clones, which are the same
    /// program), stamped on every workspace it makes, checked on entry.
    id: u64,
    instrs: Vec<Instr>,
    n_inputs: usize,
    n_regs: usize,
    consts: Vec<(Reg, f64)>,
    outputs: Vec<Reg>,
}

/// Registers for evaluating a [`Tape`], made once with [`Tape::workspace`] and reused.
///
/// A workspace belongs to the program that made it (its constants are loaded in it): handing it
/// to another program is an [`EvalError::ForeignWorkspace`], never a value computed with the wrong
/// constants. A default (empty) workspace belongs to no program yet; the first tape that evaluates
/// with it fills it and owns it from then on.
///
/// ```
/// use nabla::{EvalError, Graph, Tape};
/// let mut g = Graph::new();
/// let x = g.var("x");
/// let v = [g.find_var("x").unwrap()];
/// let (two, three) = (g.constant(2.0), g.constant(3.0));
/// let (f, h) = (g.add_op(x, two), g.add_op(x, three));
/// let (tf, th) = (Tape::compile(&g, &[f], &v).unwrap(), Tape::compile(&g, &[h], &v).unwrap());
/// let mut ws = tf.workspace::<f64>();
/// let mut out = [0.0];
/// tf.eval(&[1.0], &mut ws, &mut out).unwrap();
/// assert_eq!(out, [3.0]);
/// assert_eq!(th.eval(&[1.0], &mut ws, &mut out), Err(EvalError::ForeignWorkspace));
/// ```
#[derive(Clone, Debug)]
pub struct Workspace<T> {
    regs: Vec<T>,
    /// The [`Tape::id`] of the program that filled it; [`UNBOUND`] for a default workspace.
    owner: u64,
}

/// The owner of a workspace no program has filled yet.
const UNBOUND: u64 = 0;

impl<T> Default for Workspace<T> {
    fn default() -> Self {
        Workspace {
            regs: Vec::new(),
            owner: UNBOUND,
        }
    }
}

/// Why a compiled program refused to run: the caller's slices or workspace do not fit it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EvalError {
    /// The workspace was made by (or first used with) another program.
    #[error("{}", crate::tr!("eval-error-foreign-workspace"))]
    ForeignWorkspace,
    /// The input slice has the wrong length.
    #[error("{}", crate::tr!("eval-error-inputs", expected = .expected.to_string(), found = .found.to_string()))]
    Inputs {
        /// Inputs the program reads.
        expected: usize,
        /// Values given.
        found: usize,
    },
    /// The output slice has the wrong length.
    #[error("{}", crate::tr!("eval-error-outputs", expected = .expected.to_string(), found = .found.to_string()))]
    Outputs {
        /// Outputs the program writes (for a batch: per point, times the points).
        expected: usize,
        /// Length of the slice given.
        found: usize,
    },
}

/// The source of [`Tape::id`]s (0 is [`UNBOUND`]).
static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl Tape {
    /// The largest register index the program or its outputs use.
    fn max_reg(&self) -> usize {
        let mut m = 0;
        for ins in &self.instrs {
            let (d, a, b) = match *ins {
                Instr::Add(d, a, b)
                | Instr::Sub(d, a, b)
                | Instr::Mul(d, a, b)
                | Instr::Div(d, a, b)
                | Instr::Binary(_, d, a, b) => (d, a, b),
                Instr::MulAdd(d, a, b, c)
                | Instr::MulSub(d, a, b, c)
                | Instr::SubMul(d, a, b, c)
                | Instr::MulMul(d, a, b, c) => (d, a.max(b), c),
                Instr::Neg(d, a)
                | Instr::Square(d, a)
                | Instr::Cube(d, a)
                | Instr::Powi(d, a, _)
                | Instr::Unary(_, d, a) => (d, a, a),
            };
            m = m.max(d).max(a).max(b);
        }
        let o = self.outputs.iter().copied().max().unwrap_or(0);
        m.max(o) as usize
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
            regs[r as usize] = round_const(c);
        }
        Workspace {
            regs,
            owner: self.id,
        }
    }

    /// Evaluates the outputs at `x` into `out`. Allocates nothing.
    ///
    /// `x` must hold exactly [`Tape::n_inputs`] values and `out` exactly [`Tape::n_outputs`]; the
    /// workspace must be this tape's (or a default one, which this tape then fills and owns).
    /// Otherwise nothing runs and the error says which.
    #[inline]
    pub fn eval<T: Float>(
        &self,
        x: &[T],
        ws: &mut Workspace<T>,
        out: &mut [T],
    ) -> Result<(), EvalError> {
        self.eval_with(x, ws, out, |regs| self.interpret(regs))
    }

    /// Evaluates a tape whose first output is a value and the rest a gradient (as
    /// [`crate::Function`] compiles them): returns the value and writes the rest into `grad`,
    /// which must hold exactly `n_outputs - 1` values. Allocates nothing.
    #[inline]
    pub fn eval_value_grad<T: Float>(
        &self,
        x: &[T],
        ws: &mut Workspace<T>,
        grad: &mut [T],
    ) -> Result<T, EvalError> {
        self.eval_value_grad_with(x, ws, grad, |regs| self.interpret(regs))
    }

    /// [`Tape::eval`] with the program executed by `exec` (the interpreter, or native code for
    /// the same program): every check runs before `exec` is called.
    #[inline(always)]
    pub(crate) fn eval_with<T: Float, F: FnOnce(&mut [T])>(
        &self,
        x: &[T],
        ws: &mut Workspace<T>,
        out: &mut [T],
        exec: F,
    ) -> Result<(), EvalError> {
        if out.len() != self.outputs.len() {
            return Err(EvalError::Outputs {
                expected: self.outputs.len(),
                found: out.len(),
            });
        }
        let regs = self.enter(x, ws)?;
        exec(regs);
        for (o, &r) in out.iter_mut().zip(&self.outputs) {
            *o = regs[r as usize];
        }
        Ok(())
    }

    /// [`Tape::eval_value_grad`] with the program executed by `exec` (see [`Tape::eval_with`]).
    #[inline(always)]
    pub(crate) fn eval_value_grad_with<T: Float, F: FnOnce(&mut [T])>(
        &self,
        x: &[T],
        ws: &mut Workspace<T>,
        grad: &mut [T],
        exec: F,
    ) -> Result<T, EvalError> {
        let Some((&first, rest)) = self.outputs.split_first() else {
            return Err(EvalError::Outputs {
                expected: 0,
                found: grad.len() + 1,
            });
        };
        if grad.len() != rest.len() {
            return Err(EvalError::Outputs {
                expected: rest.len(),
                found: grad.len(),
            });
        }
        let regs = self.enter(x, ws)?;
        exec(regs);
        for (o, &r) in grad.iter_mut().zip(rest) {
            *o = regs[r as usize];
        }
        Ok(regs[first as usize])
    }

    /// Checks the workspace and the inputs and loads the inputs; returns the registers, exactly
    /// [`Tape::n_regs`] of them, with the constants and inputs in place.
    #[inline]
    fn enter<'w, T: Float>(
        &self,
        x: &[T],
        ws: &'w mut Workspace<T>,
    ) -> Result<&'w mut [T], EvalError> {
        if ws.owner != self.id {
            if ws.owner != UNBOUND {
                return Err(EvalError::ForeignWorkspace);
            }
            *ws = self.workspace();
        }
        if x.len() != self.n_inputs {
            return Err(EvalError::Inputs {
                expected: self.n_inputs,
                found: x.len(),
            });
        }
        let regs = &mut ws.regs[..];
        // A workspace's length is fixed by the program that made it; `owner == id` above.
        debug_assert_eq!(regs.len(), self.n_regs);
        load_inputs(&mut regs[..self.n_inputs], x);
        Ok(regs)
    }

    /// Runs the program on registers filled by [`Tape::enter`].
    #[inline]
    fn interpret<T: Float>(&self, regs: &mut [T]) {
        // The safety argument below needs exactly this program's register count; `enter`
        // guarantees it, and the check is one comparison per call.
        assert_eq!(regs.len(), self.n_regs, "internal error: workspace size");
        // Eight copies of the dispatch, so each has its own branch-prediction history (replicated
        // dispatch: a quarter fewer cycles on Beale's value+gradient than one copy); the remainder
        // runs one at a time.
        let mut chunks = self.instrs.chunks_exact(8);
        for c in &mut chunks {
            // SAFETY: `compile` only emits register indices below `n_regs` (checked by an assertion
            // there), the tape's fields never change after compilation, and `regs.len() ==
            // n_regs` (asserted above).
            unsafe {
                step(regs, &c[0]);
                step(regs, &c[1]);
                step(regs, &c[2]);
                step(regs, &c[3]);
                step(regs, &c[4]);
                step(regs, &c[5]);
                step(regs, &c[6]);
                step(regs, &c[7]);
            }
        }
        for ins in chunks.remainder() {
            // SAFETY: as above.
            unsafe { step(regs, ins) };
        }
    }

    /// The constants: each register and its value (loaded into every workspace).
    #[cfg_attr(not(feature = "jit"), allow(dead_code))]
    pub(crate) fn consts(&self) -> &[(Reg, f64)] {
        &self.consts
    }

    /// The registers holding the outputs, in output order.
    #[cfg_attr(not(feature = "jit"), allow(dead_code))]
    pub(crate) fn output_regs(&self) -> &[Reg] {
        &self.outputs
    }

    /// Evaluates many points in one call: `points` is row-major (`npoints x n_inputs`), `out`
    /// receives `npoints x n_outputs` values, row by row. Both lengths must match one number of
    /// points (with no inputs, `out` alone says how many).
    ///
    /// ```
    /// use nabla::{Graph, Tape};
    /// let mut g = Graph::new();
    /// let f = nabla::parse_into(&mut g, "x^2 + y").unwrap().root;
    /// let vars = [g.find_var("x").unwrap(), g.find_var("y").unwrap()];
    /// let tape = Tape::compile(&g, &[f], &vars).unwrap();
    /// let mut ws = tape.workspace::<f32>();
    /// let mut out = [0.0f32; 3];
    /// tape.eval_batch(&[1.0, 1.0, 2.0, 0.0, 3.0, -9.0], &mut ws, &mut out).unwrap();
    /// assert_eq!(out, [2.0, 4.0, 0.0]);
    /// // Three points need three outputs.
    /// assert!(tape.eval_batch(&[1.0, 1.0], &mut ws, &mut out).is_err());
    /// ```
    pub fn eval_batch<T: Float>(
        &self,
        points: &[T],
        ws: &mut Workspace<T>,
        out: &mut [T],
    ) -> Result<(), EvalError> {
        self.eval_batch_with(points, ws, out, |regs| self.interpret(regs))
    }

    /// [`Tape::eval_batch`] with the program executed by `exec` (see [`Tape::eval_with`]).
    pub(crate) fn eval_batch_with<T: Float, F: Fn(&mut [T])>(
        &self,
        points: &[T],
        ws: &mut Workspace<T>,
        out: &mut [T],
        exec: F,
    ) -> Result<(), EvalError> {
        let (nin, nout) = (self.n_inputs, self.outputs.len());
        let npts = self.batch_points(points, out)?;
        for k in 0..npts {
            let x = &points[k * nin..(k + 1) * nin];
            self.eval_with(x, ws, &mut out[k * nout..(k + 1) * nout], &exec)?;
        }
        Ok(())
    }

    /// The number of points of a batch, or the error [`Tape::eval_batch`] gives for its slices.
    pub(crate) fn batch_points<T>(&self, points: &[T], out: &[T]) -> Result<usize, EvalError> {
        let (nin, nout) = (self.n_inputs, self.outputs.len());
        // The number of points: from the inputs, or from the outputs when there are no inputs.
        let npts = match (nin, nout) {
            (0, 0) => 0,
            (0, _) => out.len() / nout,
            _ => points.len() / nin,
        };
        if points.len() != npts * nin {
            return Err(EvalError::Inputs {
                expected: (npts + 1) * nin,
                found: points.len(),
            });
        }
        if out.len() != npts * nout {
            return Err(EvalError::Outputs {
                expected: npts * nout,
                found: out.len(),
            });
        }
        Ok(npts)
    }

    /// The registers of `ws` when this program already owns it (the hot path of native code:
    /// one comparison); `None` for a default or foreign workspace, which [`Tape::registers`]
    /// fills or refuses.
    #[cfg(feature = "jit")]
    #[inline]
    pub(crate) fn own_registers<'w, T>(&self, ws: &'w mut Workspace<T>) -> Option<&'w mut [T]> {
        (ws.owner == self.id).then_some(&mut ws.regs[..])
    }

    /// The registers of `ws` for this program (filling a default workspace), or
    /// [`EvalError::ForeignWorkspace`]; exactly [`Tape::n_regs`] of them.
    pub(crate) fn registers<'w, T: Float>(
        &self,
        ws: &'w mut Workspace<T>,
    ) -> Result<&'w mut [T], EvalError> {
        if ws.owner != self.id {
            if ws.owner != UNBOUND {
                return Err(EvalError::ForeignWorkspace);
            }
            *ws = self.workspace();
        }
        debug_assert_eq!(ws.regs.len(), self.n_regs);
        Ok(&mut ws.regs[..])
    }

    /// Sums the outputs over rows: each row of `rows` (row-major, `n_inputs - fixed.len()`
    /// values each) completes the inputs after `fixed`, and every output at `[fixed..., row...]`
    /// is added to its entry of `sums` (`sums[k] = sums[k] + output k`, rows in order), so the
    /// sums are bit-identical to a loop of [`Tape::eval`] calls adding up the outputs. A
    /// per-sample loss and its gradient summed over a batch of data rows is one call. With no
    /// row inputs (`fixed` holds every input) `rows` must be empty and nothing is added.
    ///
    /// ```
    /// use nabla::{Graph, Tape};
    /// let mut g = Graph::new();
    /// let f = nabla::parse_into(&mut g, "w*x").unwrap().root;
    /// let vars = [g.find_var("w").unwrap(), g.find_var("x").unwrap()];
    /// let tape = Tape::compile(&g, &[f], &vars).unwrap();
    /// let mut sums = [0.5];
    /// // w = 2 at rows x = 1, 2, 3.
    /// tape.eval_sum(&[2.0], &[1.0, 2.0, 3.0], &mut tape.workspace(), &mut sums).unwrap();
    /// assert_eq!(sums, [12.5]);
    /// ```
    pub fn eval_sum<T: Float>(
        &self,
        fixed: &[T],
        rows: &[T],
        ws: &mut Workspace<T>,
        sums: &mut [T],
    ) -> Result<(), EvalError> {
        self.eval_sum_with(fixed, rows, ws, sums, |regs, rows, sums| {
            let nf = fixed.len();
            let stride = self.n_inputs - nf;
            for row in rows.chunks_exact(stride.max(1)) {
                regs[..nf].copy_from_slice(fixed);
                regs[nf..self.n_inputs].copy_from_slice(&row[..stride]);
                self.interpret(regs);
                for (s, &r) in sums.iter_mut().zip(&self.outputs) {
                    *s = *s + regs[r as usize];
                }
            }
        })
    }

    /// [`Tape::eval_sum`] with the rows run by `exec(registers, rows, sums)` once every check
    /// has passed: the registers hold this program's constants and `fixed` in the first inputs;
    /// `rows` holds whole rows (at least one value each); `sums` has one entry per output.
    pub(crate) fn eval_sum_with<T: Float, F: FnOnce(&mut [T], &[T], &mut [T])>(
        &self,
        fixed: &[T],
        rows: &[T],
        ws: &mut Workspace<T>,
        sums: &mut [T],
        exec: F,
    ) -> Result<(), EvalError> {
        let nin = self.n_inputs;
        if fixed.len() > nin {
            return Err(EvalError::Inputs {
                expected: nin,
                found: fixed.len(),
            });
        }
        let stride = nin - fixed.len();
        if (stride == 0 && !rows.is_empty()) || (stride > 0 && rows.len() % stride != 0) {
            return Err(EvalError::Inputs {
                expected: (rows.len() / stride.max(1) + 1) * stride,
                found: rows.len(),
            });
        }
        if sums.len() != self.outputs.len() {
            return Err(EvalError::Outputs {
                expected: self.outputs.len(),
                found: sums.len(),
            });
        }
        let regs = self.registers(ws)?;
        regs[..fixed.len()].copy_from_slice(fixed);
        if !rows.is_empty() {
            exec(regs, rows, sums);
        }
        Ok(())
    }
}

/// A constant in the evaluation type `T`, as every workspace holds it (native code's constants
/// are these values too).
#[inline]
pub(crate) fn round_const<T: Float>(c: f64) -> T {
    T::from(c).unwrap_or_else(T::nan)
}

/// Copies the inputs into their registers; small counts without a `memcpy` call.
#[inline(always)]
fn load_inputs<T: Copy>(regs: &mut [T], x: &[T]) {
    match (regs, x) {
        ([r0], [x0]) => *r0 = *x0,
        ([r0, r1], [x0, x1]) => (*r0, *r1) = (*x0, *x1),
        ([r0, r1, r2], [x0, x1, x2]) => (*r0, *r1, *r2) = (*x0, *x1, *x2),
        (regs, x) => regs.copy_from_slice(x),
    }
}

/// The general operators, kept out of line so the eight inlined copies of [`step`] stay small.
#[inline(never)]
fn unary_out_of_line<T: Float>(op: Unary, a: T) -> T {
    op.eval(a)
}

/// See [`unary_out_of_line`].
#[inline(never)]
fn binary_out_of_line<T: Float>(op: Binary, a: T, b: T) -> T {
    op.eval(a, b)
}

/// Executes one instruction.
///
/// # Safety
///
/// Every register index of `ins` must be below `regs.len()`.
#[inline(always)]
unsafe fn step<T: Float>(regs: &mut [T], ins: &Instr) {
    let r = |i: Reg| *regs.get_unchecked(i as usize);
    let (d, v) = match *ins {
        Instr::Add(d, a, b) => (d, r(a) + r(b)),
        Instr::Sub(d, a, b) => (d, r(a) - r(b)),
        Instr::Mul(d, a, b) => (d, r(a) * r(b)),
        Instr::Div(d, a, b) => (d, r(a) / r(b)),
        Instr::Neg(d, a) => (d, -r(a)),
        Instr::Square(d, a) => {
            let v = r(a);
            (d, v * v)
        }
        Instr::Cube(d, a) => {
            let v = r(a);
            (d, v * (v * v))
        }
        Instr::Powi(d, a, k) => (d, ops::powi(r(a), k)),
        Instr::MulAdd(d, a, b, c) => (d, r(a) * r(b) + r(c)),
        Instr::MulSub(d, a, b, c) => (d, r(a) * r(b) - r(c)),
        Instr::SubMul(d, a, b, c) => (d, r(c) - r(a) * r(b)),
        Instr::MulMul(d, a, b, c) => (d, r(a) * r(b) * r(c)),
        Instr::Unary(op, d, a) => (d, unary_out_of_line(op, r(a))),
        Instr::Binary(op, d, a, b) => (d, binary_out_of_line(op, r(a), r(b))),
    };
    *regs.get_unchecked_mut(d as usize) = v;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::graph::{Graph, VarId};
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
        assert!(t.max_reg() < t.n_regs());
        // 1 input + 1000 constants + a handful of temporaries.
        assert!(t.n_regs() < 1010, "{} registers", t.n_regs());
        let mut ws = t.workspace::<f64>();
        let mut out = [0.0];
        t.eval(&[0.5], &mut ws, &mut out).unwrap();
        let expected: f64 = (0..1000).map(|i| (f64::from(i) * 0.5).sin()).sum();
        assert!((out[0] - expected).abs() < 1e-9);
    }

    #[test]
    fn f32_and_f64_agree() {
        let (t, _) = compile("exp(-x^2/2)*cos(3*x) + sqrt(abs(x))");
        let mut w32 = t.workspace::<f32>();
        let mut w64 = t.workspace::<f64>();
        let (mut o32, mut o64) = ([0.0f32], [0.0f64]);
        t.eval(&[0.7f32], &mut w32, &mut o32).unwrap();
        t.eval(&[0.7f64], &mut w64, &mut o64).unwrap();
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
        t.eval(&[4.0], &mut ws, &mut out).unwrap();
        assert_eq!(out, [4.0, 2.5]);
    }

    #[test]
    fn a_workspace_serves_only_its_program() {
        let (a, _) = compile("x + 2");
        let (b, _) = compile("x + 3");
        let mut ws = a.workspace::<f64>();
        let mut out = [0.0];
        assert_eq!(
            b.eval(&[1.0], &mut ws, &mut out),
            Err(EvalError::ForeignWorkspace)
        );
        assert_eq!(out, [0.0], "nothing written");
        let mut g = [0.0; 0];
        assert_eq!(
            b.eval_value_grad(&[1.0], &mut ws, &mut g),
            Err(EvalError::ForeignWorkspace)
        );
        // Same text, separate compilations: still separate programs.
        let (a2, _) = compile("x + 2");
        assert_eq!(
            a2.eval(&[1.0], &mut ws, &mut out),
            Err(EvalError::ForeignWorkspace)
        );
        // A clone is the same program.
        a.clone().eval(&[1.0], &mut ws, &mut out).unwrap();
        assert_eq!(out, [3.0]);
        // A default workspace is claimed by its first user.
        let mut fresh = Workspace::default();
        b.eval(&[1.0], &mut fresh, &mut out).unwrap();
        assert_eq!(out, [4.0]);
        assert_eq!(
            a.eval(&[1.0], &mut fresh, &mut out),
            Err(EvalError::ForeignWorkspace)
        );
    }

    #[test]
    fn slice_lengths_are_exact() {
        let mut g = Graph::new();
        let f = parse_into(&mut g, "x*y").unwrap().root;
        let vars = g.vars_of(&[f]);
        let grad = crate::gradient(&mut g, f, &vars);
        let t = Tape::compile(&g, &[f, grad[0], grad[1]], &vars).unwrap();
        let mut ws = t.workspace::<f64>();
        let (mut short, mut long) = ([0.0; 2], [7.0; 4]);
        let inputs = Err(EvalError::Inputs {
            expected: 2,
            found: 1,
        });
        assert_eq!(t.eval(&[1.0], &mut ws, &mut [0.0; 3]), inputs);
        assert_eq!(
            t.eval(&[1.0, 2.0, 3.0], &mut ws, &mut [0.0; 3]),
            Err(EvalError::Inputs {
                expected: 2,
                found: 3
            })
        );
        assert_eq!(
            t.eval(&[1.0, 2.0], &mut ws, &mut short),
            Err(EvalError::Outputs {
                expected: 3,
                found: 2
            })
        );
        assert_eq!(
            t.eval_value_grad(&[1.0, 2.0], &mut ws, &mut long[..3]),
            Err(EvalError::Outputs {
                expected: 2,
                found: 3
            })
        );
        assert_eq!(long, [7.0; 4], "no stale or partial write");
        assert_eq!(t.eval_value_grad(&[3.0, 2.0], &mut ws, &mut short), Ok(6.0));
        assert_eq!(short, [2.0, 3.0]);
        let mut out = [0.0; 5];
        assert!(t
            .eval_batch(&[1.0, 2.0, 3.0], &mut ws, &mut out[..3])
            .is_err());
        assert!(t.eval_batch(&[1.0, 2.0], &mut ws, &mut out).is_err());
    }
}
