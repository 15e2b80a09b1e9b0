//! Native code for compiled programs (feature `jit`): a [`Tape`] lowered to machine code with
//! Cranelift, in `f64` and in `f32`, bit-identical to the interpreter in the same type.
//!
//! [`JitTape::compile`] translates the tape instruction by instruction (`lower.rs`, generic over
//! the evaluation type [`NativeFloat`], whose per-type facts and shims are in `float.rs`), in
//! the tape's order and with the tape's roundings in that type: `MulAdd` is a multiply then an
//! add (never a fused multiply-add), `Square` is `v*v`, `Cube` `v*(v*v)`, `Powi` the binary
//! powering of [`crate::ops::powi`] unrolled for its constant exponent, and every operator the
//! processor has no instruction for (`Instr::Unary`, `Instr::Binary`: `sin`, `exp`, `pow`,
//! `min`/`max` with their NaN rules, ...) calls the very Rust function the interpreter calls in
//! that type (`extern "C"` shims over `op.eval::<F>`). Constants are the workspace's own values
//! in that type (loaded from it; in row loops, hoisted out of the loop as immediates of the same
//! rounding).
//!
//! # Invariants
//!
//! * **Same checks, same registers.** Native code runs on the tape's own [`Workspace`]: the
//!   workspace and slice checks of [`Tape`] run first, in the tape's order ([`EvalError`]s
//!   before any native code); constants are read from the workspace, where every workspace
//!   holds them; inputs are read from the caller's slice (until a chunk overwrites their
//!   register); outputs `1..` are stored straight to the caller's slice at their final writes
//!   and the last chunk returns output 0, so an evaluation copies nothing in or out.
//! * **Bounded functions.** The program is cut into chunks of at most `CHUNK` instructions, each
//!   its own function; inside a chunk registers live in machine registers (SSA values), a chunk
//!   loads what it reads from earlier chunks and stores, right after its last write in the chunk,
//!   what later chunks read.
//!   Compile time stays linear in the program's length.
//! * **Row loops.** A program of at most `CHUNK` instructions also gets, on its first batch or
//!   sum in a type, one function looping over rows (`rows.rs`): the same lowering, inputs from
//!   the rows, outputs written per row or summed in row order, so a batch is one native call
//!   (two rows per iteration in `f64x2` lanes, four in `f32x4`).
//! * **Both types, `f32` on demand.** [`JitTape::compile`] lowers the `f64` code at once (and
//!   reports its errors); the `f32` code is lowered on the first `f32` evaluation and kept
//!   (shared by clones), so a program only ever evaluated in `f64`, by far the common case,
//!   pays for one compilation (Beale's value+gradient in `benches/jit.rs`: 0.12 ms in `f64`,
//!   0.08 ms more for `f32`; compiling both at once would nearly double every compile for the
//!   few programs evaluated in `f32`). Should the `f32` lowering fail where the `f64` one
//!   succeeded (it has no reason to), `f32` evaluations run the interpreter, with the same
//!   results.
//! * **Ownership.** The machine code belongs to its [`JitTape`] (shared by clones) and is freed
//!   with the last clone; all `unsafe` is in `native.rs`.

mod float;
mod lower;
mod native;
mod rows;

use std::any::Any;
use std::sync::{Arc, OnceLock};

use crate::tape::{EvalError, Tape, Workspace};
pub use float::NativeFloat;
use lower::lower;
pub(crate) use native::{as_native, as_native_mut, from_native};
use native::{NativeCode, NativeRows};
use rows::{has_row_loop, lower_rows, RowsMode};

/// The most instructions in one native function. Register allocation is superlinear in the
/// values live across a function (a gradient program can keep forward values for the backward
/// sweep), so short functions compile faster: 10,000-variable Rosenbrock's value+gradient (40,000
/// instructions) took 690 ms in chunks of 10,000, 130 ms in chunks of 1,000 (backtracking
/// allocator, same run time; measured in graph order, before the tape placed each term's
/// backward steps right after its forward ones, which leaves little but the running sum live
/// across a chunk boundary; 112-157 ms in the tape's order, with the backtracking allocator).
pub(crate) const CHUNK: usize = 1_000;

/// Why a program could not be compiled to native code.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JitError {
    /// Cranelift has no back end for this processor.
    #[error("{}", crate::tr!("jit-unsupported", reason = .0))]
    Unsupported(String),
    /// Cranelift refused the program (an internal error).
    #[error("{}", crate::tr!("jit-codegen", reason = .0))]
    Codegen(String),
}

/// Whether native code can be generated for this machine (asked once per process: detecting
/// the processor's features is not free, and every program made under `Backend::Auto` asks).
///
/// ```
/// // Cranelift has back ends for x86-64, aarch64, riscv64 and s390x.
/// let _ = nabla::native_supported();
/// ```
pub fn native_supported() -> bool {
    static SUPPORTED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *SUPPORTED.get_or_init(|| cranelift_native::builder().is_ok())
}

/// A [`Tape`] with its native code: the same checked API, the same bits, run natively in `f64`
/// or `f32` (the evaluation type [`NativeFloat`]).
///
/// ```
/// use nabla::{Graph, JitTape, Tape};
/// let mut g = Graph::new();
/// let f = nabla::parse_into(&mut g, "x*y + sin(x*y)").unwrap().root;
/// let vars = g.vars_of(&[f]);
/// let tape = Tape::compile(&g, &[f], &vars).unwrap();
/// let jit = JitTape::compile(&tape).unwrap();
/// let (mut a, mut b) = ([0.0f64], [0.0f64]);
/// tape.eval(&[2.0, 3.0], &mut tape.workspace(), &mut a).unwrap();
/// jit.eval(&[2.0, 3.0], &mut jit.workspace(), &mut b).unwrap();
/// assert_eq!(a[0].to_bits(), b[0].to_bits());
/// // In `f32` (compiled on this first `f32` call): the interpreter's `f32` bits.
/// let (mut a, mut b) = ([0.0f32], [0.0f32]);
/// tape.eval(&[2.0, 3.0], &mut tape.workspace(), &mut a).unwrap();
/// jit.eval(&[2.0, 3.0], &mut jit.workspace(), &mut b).unwrap();
/// assert_eq!(a[0].to_bits(), b[0].to_bits());
/// ```
#[derive(Clone, Debug)]
pub struct JitTape {
    tape: Tape,
    /// The `f64` code, compiled with the tape (read directly on the hot path); `None` for a
    /// program without outputs (nothing to run).
    code: Option<Arc<NativeCode<f64>>>,
    /// The `f64` row loops (`code` unused).
    f64: Arc<Typed<f64>>,
    /// The `f32` code and row loops, compiled on first use.
    f32: Arc<Typed<f32>>,
}

/// A program's code in one type `F`: its chunks (compiled on first use; `None`: no outputs, or
/// compiling failed), and its row loops: the batch, and the sums with the number of fixed inputs
/// they were compiled for (a later call with another count runs the chunks row by row).
#[derive(Debug)]
struct Typed<F> {
    code: OnceLock<Option<NativeCode<F>>>,
    batch: OnceLock<Option<NativeRows<F>>>,
    sum: OnceLock<(usize, Option<NativeRows<F>>)>,
}

impl<F> Default for Typed<F> {
    fn default() -> Self {
        Typed {
            code: OnceLock::new(),
            batch: OnceLock::new(),
            sum: OnceLock::new(),
        }
    }
}

impl JitTape {
    /// Compiles `tape` to native code (the `f64` code now, the `f32` code at the first `f32`
    /// evaluation).
    pub fn compile(tape: &Tape) -> Result<JitTape, JitError> {
        let code = lower::<f64>(tape)?;
        Ok(JitTape {
            tape: tape.clone(),
            code: code.map(Arc::new),
            f64: Arc::default(),
            f32: Arc::default(),
        })
    }

    /// The interpreted program this code was compiled from (same workspaces, same results).
    pub fn tape(&self) -> &Tape {
        &self.tape
    }

    /// A workspace for this program in `F` (the tape's: they are interchangeable).
    pub fn workspace<F: NativeFloat>(&self) -> Workspace<F> {
        self.tape.workspace()
    }

    /// The per-type state of `F`.
    #[inline(always)]
    fn typed<F: NativeFloat>(&self) -> &Typed<F> {
        let f64: &dyn Any = &*self.f64;
        if let Some(t) = f64.downcast_ref::<Typed<F>>() {
            return t;
        }
        let f32: &dyn Any = &*self.f32;
        f32.downcast_ref::<Typed<F>>()
            .expect("NativeFloat is sealed: f64 or f32")
    }

    /// The chunks in `F` (`f32`: compiled now if not yet); `None` for a program without
    /// outputs, or where compiling failed (then the interpreter runs).
    #[inline(always)]
    fn code<F: NativeFloat>(&self) -> Option<&NativeCode<F>> {
        let eager: &dyn Any = &self.code;
        if let Some(code) = eager.downcast_ref::<Option<Arc<NativeCode<F>>>>() {
            return code.as_deref();
        }
        self.typed::<F>()
            .code
            .get_or_init(|| lower::<F>(&self.tape).ok().flatten())
            .as_ref()
    }

    /// As [`Tape::eval`], natively.
    #[inline]
    pub fn eval<F: NativeFloat>(
        &self,
        x: &[F],
        ws: &mut Workspace<F>,
        out: &mut [F],
    ) -> Result<(), EvalError> {
        // The hot path: an owned workspace and slices of the right lengths (one comparison
        // for the three lengths, in `try_run`) run at once.
        if let (Some(code), Some((first, rest))) = (self.code::<F>(), out.split_first_mut()) {
            if let Some(regs) = self.tape.own_registers(ws) {
                if let Some(v) = code.try_run(regs, x, rest) {
                    *first = v;
                    return Ok(());
                }
            }
        }
        self.eval_checked(x, ws, out)
    }

    /// [`JitTape::eval`] off the hot path: the tape's checks first (filling a default
    /// workspace).
    #[cold]
    #[inline(never)]
    fn eval_checked<F: NativeFloat>(
        &self,
        x: &[F],
        ws: &mut Workspace<F>,
        out: &mut [F],
    ) -> Result<(), EvalError> {
        let Some(code) = self.code::<F>() else {
            // No outputs (nothing to run) or no code: the tape's own checks and evaluation.
            return self.tape.eval(x, ws, out);
        };
        // The tape's checks, in the tape's order: outputs, workspace, inputs.
        if out.len() != self.tape.n_outputs() {
            return Err(EvalError::Outputs {
                expected: self.tape.n_outputs(),
                found: out.len(),
            });
        }
        let regs = self.tape.registers(ws)?;
        self.check_inputs(x)?;
        if let Some((first, rest)) = out.split_first_mut() {
            *first = code.run(regs, x, rest);
        }
        Ok(())
    }

    /// As [`Tape::eval_value_grad`], natively.
    #[inline]
    pub fn eval_value_grad<F: NativeFloat>(
        &self,
        x: &[F],
        ws: &mut Workspace<F>,
        grad: &mut [F],
    ) -> Result<F, EvalError> {
        // The hot path: an owned workspace and slices of the right lengths (one comparison
        // for the three lengths, in `try_run`) run at once; anything else takes the tape's
        // checks, in the tape's order, for the error.
        if let Some(v) = self.try_value_grad(x, ws, grad) {
            return Ok(v);
        }
        self.eval_value_grad_checked(x, ws, grad)
    }

    /// [`JitTape::eval_value_grad`]'s hot path: the value, or `None` (running nothing) unless
    /// `ws` is this program's and every slice has its length.
    #[inline(always)]
    pub(crate) fn try_value_grad<F: NativeFloat>(
        &self,
        x: &[F],
        ws: &mut Workspace<F>,
        grad: &mut [F],
    ) -> Option<F> {
        let code = self.code::<F>()?;
        code.try_run(self.tape.own_registers(ws)?, x, grad)
    }

    /// [`JitTape::eval_value_grad`] off the hot path: the tape's checks first (filling a
    /// default workspace).
    #[cold]
    #[inline(never)]
    fn eval_value_grad_checked<F: NativeFloat>(
        &self,
        x: &[F],
        ws: &mut Workspace<F>,
        grad: &mut [F],
    ) -> Result<F, EvalError> {
        let n = self.tape.n_outputs();
        let Some(code) = self.code::<F>().filter(|_| grad.len() + 1 == n) else {
            // The tape's checks (and, without code, its evaluation).
            return self.tape.eval_value_grad(x, ws, grad);
        };
        let regs = self.tape.registers(ws)?;
        self.check_inputs(x)?;
        Ok(code.run(regs, x, grad))
    }

    /// The tape's input check.
    #[inline]
    fn check_inputs<F>(&self, x: &[F]) -> Result<(), EvalError> {
        if x.len() == self.tape.n_inputs() {
            Ok(())
        } else {
            Err(EvalError::Inputs {
                expected: self.tape.n_inputs(),
                found: x.len(),
            })
        }
    }

    /// As [`Tape::eval_batch`], natively: a program of at most `CHUNK` (1,000) instructions runs
    /// all points in one native loop (compiled on the first batch in `F`), a longer one its
    /// chunks point by point.
    pub fn eval_batch<F: NativeFloat>(
        &self,
        points: &[F],
        ws: &mut Workspace<F>,
        out: &mut [F],
    ) -> Result<(), EvalError> {
        let Some(code) = self.code::<F>() else {
            return self.tape.eval_batch(points, ws, out);
        };
        let n = self.tape.batch_points(points, out)?;
        if n == 0 {
            return Ok(());
        }
        let regs = self.tape.registers(ws)?;
        if let Some(rows) = self.batch_loop::<F>() {
            rows.run(regs, points, n, out);
            return Ok(());
        }
        let (nin, nout) = (self.tape.n_inputs(), self.tape.n_outputs());
        for (k, o) in out.chunks_exact_mut(nout).enumerate() {
            let (first, rest) = o.split_first_mut().expect("at least one output");
            *first = code.run(regs, &points[k * nin..(k + 1) * nin], rest);
        }
        Ok(())
    }

    /// As [`Tape::eval_sum`], natively: one native loop over the rows for a program of at most
    /// `CHUNK` instructions (compiled on the first call in `F`, for its number of fixed inputs),
    /// else the chunks row by row (with two buffers allocated per call). The sums are
    /// bit-identical to the interpreter's.
    ///
    /// ```
    /// use nabla::{Graph, JitTape, Tape};
    /// let mut g = Graph::new();
    /// let f = nabla::parse_into(&mut g, "(w*x - y)^2").unwrap().root;
    /// let vars = ["w", "x", "y"].map(|v| g.find_var(v).unwrap());
    /// let tape = Tape::compile(&g, &[f], &vars).unwrap();
    /// let jit = JitTape::compile(&tape).unwrap();
    /// let mut sums = [0.0];
    /// // w = 2 at rows (x, y) = (1, 1), (2, 5).
    /// jit.eval_sum(&[2.0], &[1.0, 1.0, 2.0, 5.0], &mut jit.workspace(), &mut sums).unwrap();
    /// assert_eq!(sums, [2.0]);
    /// let mut sums = [0.0f32];
    /// jit.eval_sum(&[2.0], &[1.0, 1.0, 2.0, 5.0], &mut jit.workspace(), &mut sums).unwrap();
    /// assert_eq!(sums, [2.0]);
    /// ```
    pub fn eval_sum<F: NativeFloat>(
        &self,
        fixed: &[F],
        rows: &[F],
        ws: &mut Workspace<F>,
        sums: &mut [F],
    ) -> Result<(), EvalError> {
        let Some(native) = self.code::<F>() else {
            return self.tape.eval_sum(fixed, rows, ws, sums);
        };
        let nf = fixed.len();
        let code = self.sum_loop::<F>(nf);
        self.tape
            .eval_sum_with(fixed, rows, ws, sums, |regs, rows, sums| {
                if let Some(code) = code {
                    let n = rows.len() / (self.tape.n_inputs() - nf);
                    return code.run(regs, rows, n, sums);
                }
                let nin = self.tape.n_inputs();
                let mut x = fixed.to_vec();
                x.resize(nin, F::zero());
                let mut rest = vec![F::zero(); sums.len() - 1];
                for row in rows.chunks_exact(nin - nf) {
                    x[nf..].copy_from_slice(row);
                    let v = native.run(regs, &x, &mut rest);
                    sums[0] = sums[0] + v;
                    for (s, o) in sums[1..].iter_mut().zip(&rest) {
                        *s = *s + *o;
                    }
                }
            })
    }

    /// The batch loop in `F`, compiled on first use; `None` for a long program or a failed
    /// compile.
    fn batch_loop<F: NativeFloat>(&self) -> Option<&NativeRows<F>> {
        if !has_row_loop(&self.tape) {
            return None;
        }
        self.typed::<F>()
            .batch
            .get_or_init(|| lower_rows::<F>(&self.tape, 0, RowsMode::Write).ok())
            .as_ref()
    }

    /// The sum loop in `F` for `n_fixed` fixed inputs, compiled on first use.
    fn sum_loop<F: NativeFloat>(&self, n_fixed: usize) -> Option<&NativeRows<F>> {
        if !has_row_loop(&self.tape) || n_fixed > self.tape.n_inputs() {
            return None;
        }
        let (nf, code) = self.typed::<F>().sum.get_or_init(|| {
            (
                n_fixed,
                lower_rows::<F>(&self.tape, n_fixed, RowsMode::Sum).ok(),
            )
        });
        code.as_ref().filter(|_| *nf == n_fixed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{gradient, parse_into, Graph};

    fn value_grad(src: &str) -> Tape {
        let mut g = Graph::new();
        let f = parse_into(&mut g, src).unwrap().root;
        let vars = g.vars_of(&[f]);
        let mut outs = vec![f];
        outs.extend(gradient(&mut g, f, &vars));
        Tape::compile(&g, &outs, &vars).unwrap()
    }

    /// The `f32` code and row loops are really compiled (a failure would fall back to the
    /// interpreter silently, with the same results), on first use and once.
    #[test]
    fn f32_code_is_compiled_on_first_use() {
        let tape = value_grad("sin(x)*y^3 + max(x, y)^-2 + 1e300*x");
        let jit = JitTape::compile(&tape).unwrap();
        assert!(jit.f32.code.get().is_none(), "not before an f32 call");
        let (mut g, mut ws) = ([0.0f32; 2], jit.workspace::<f32>());
        jit.eval_value_grad(&[0.5, 2.0], &mut ws, &mut g).unwrap();
        assert!(jit.f32.code.get().is_some_and(Option::is_some));
        let clone = jit.clone();
        let mut out = vec![0.0f32; 3 * 7];
        let pts: Vec<f32> = (0..14).map(|k| k as f32 * 0.3 - 2.0).collect();
        clone.eval_batch(&pts, &mut ws, &mut out).unwrap();
        let mut sums = [0.0f32; 3];
        clone
            .eval_sum(&[1.0], &pts[..7], &mut ws, &mut sums)
            .unwrap();
        // Shared by clones.
        assert!(jit.f32.batch.get().is_some_and(Option::is_some));
        assert!(jit
            .f32
            .sum
            .get()
            .is_some_and(|(n, c)| *n == 1 && c.is_some()));
        assert!(
            jit.f64.batch.get().is_none(),
            "f64 loops on their own first use"
        );
        for mode in [RowsMode::Write, RowsMode::Sum] {
            lower_rows::<f32>(&tape, 0, mode).unwrap();
            lower_rows::<f64>(&tape, 1, mode).unwrap();
        }
    }
}
