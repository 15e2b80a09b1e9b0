//! A compiled program as [`crate::Problem`] runs it: the interpreted [`Tape`], or (feature `jit`)
//! native code for the same tape, chosen by a [`Backend`].
//!
//! # Invariants
//!
//! * **One program, two executions.** A [`Program`] always has its [`Tape`] (it dereferences to
//!   it); native code, when present, was compiled from that tape and computes the same bits
//!   (`tests/suite/jit.rs`). Workspaces, slice checks and errors are the tape's, whichever runs.
//! * **Native code runs `f64` and `f32`** ([`crate::NativeFloat`]), each bit-identical to the
//!   interpreter in that type; the `f32` code is compiled at the program's first native `f32`
//!   evaluation (see [`crate::JitTape`]). Other evaluation types interpret.
//! * **The choice.** [`Backend::Auto`] (with the feature `jit`, `NABLA_JIT` not `0`, and a
//!   processor Cranelift supports) interprets a program until the interpreter has spent about
//!   what compiling it would cost, then compiles it once and runs native code from then on: a
//!   program evaluated a few times never pays for compiling, a hot one pays at most about twice
//!   the better of the two. The budget, in interpreted instructions, is
//!   [`JIT_BUDGET_PER_INSTR`] per instruction of the program plus [`JIT_BUDGET_FIXED`]
//!   (measured in `benches/jit.rs`); evaluations in `f64` and in `f32` count towards the same
//!   budget, and batches count every point. A failed compilation leaves the interpreter.
//!   `NABLA_JIT=0` keeps the interpreter, `NABLA_JIT=force` compiles every program at its first
//!   evaluation in `f64` or `f32` ([`JitMode`]). [`Backend::Interpreter`] never compiles;
//!   [`Backend::Native`] compiles at once or fails with [`Error::NativeUnavailable`].

use std::ops::Deref;

use num_traits::Float;

use crate::error::Error;
use crate::tape::{EvalError, Tape, Workspace};

/// [`Backend::Auto`]'s compile budget per instruction of a program, in instructions
/// interpreted: compiling costs about 3.5 us per instruction, interpreting about 1.75 ns
/// (Rosenbrock, 10,000 variables, in `benches/jit.rs`: 112-157 ms to compile its 40,000-instruction
/// value+gradient program, 67-79 us per interpreted evaluation; 1,700-2,000 evaluations' worth in
/// three runs). Compiling doubled with the backtracking register allocator in every chunk, whose
/// code runs 1.5-2x faster there; the 1,500 before came from 1.5 us and a rounded 1 ns.
pub const JIT_BUDGET_PER_INSTR: u64 = 2_000;

/// [`Backend::Auto`]'s fixed compile budget, in instructions interpreted: what setting up the
/// code generator costs (about 100 us: Beale's 24 instructions).
pub const JIT_BUDGET_FIXED: u64 = 100_000;

/// What the environment variable `NABLA_JIT` asks of [`Backend::Auto`]: `0` (or `off`) turns
/// native code off, `force` (or `1`) compiles every program at its first evaluation in `f64` or
/// `f32` whatever its size (how CI runs the whole suite on native code), anything else or nothing is
/// the automatic choice. Read when a program is made.
///
/// ```
/// use nabla::JitMode;
/// // Under `NABLA_JIT=0` this is `JitMode::Off`.
/// let _mode = JitMode::from_env();
/// assert_eq!(JitMode::parse("force"), JitMode::Force);
/// assert_eq!(JitMode::parse("0"), JitMode::Off);
/// assert_eq!(JitMode::parse(""), JitMode::Auto);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum JitMode {
    /// The budgeted switch of [`Backend::Auto`].
    Auto,
    /// `NABLA_JIT=0`: always the interpreter.
    Off,
    /// `NABLA_JIT=force`: native code for every program from its first evaluation.
    Force,
}

impl JitMode {
    /// The mode a value of `NABLA_JIT` names (surrounding blanks and case ignored).
    pub fn parse(v: &str) -> JitMode {
        match v.trim().to_ascii_lowercase().as_str() {
            "0" | "off" => JitMode::Off,
            "1" | "force" => JitMode::Force,
            _ => JitMode::Auto,
        }
    }

    /// The mode `NABLA_JIT` asks for now ([`JitMode::Auto`] when it is unset).
    pub fn from_env() -> JitMode {
        std::env::var("NABLA_JIT").map_or(JitMode::Auto, |v| JitMode::parse(&v))
    }
}

/// How a [`crate::Problem`]'s programs execute.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Backend {
    /// The interpreter, then native code once a program has been evaluated often enough to pay
    /// for compiling it (see [`JIT_BUDGET_PER_INSTR`]), where the feature `jit` is on and the
    /// processor is supported; `NABLA_JIT=0` turns native code off and `NABLA_JIT=force`
    /// compiles every program at its first evaluation (see [`JitMode`]).
    #[default]
    Auto,
    /// Always the interpreter.
    Interpreter,
    /// Always native code: an error without the feature `jit` or on an unsupported processor.
    Native,
}

/// A compiled program: a [`Tape`], and native code for it when the [`Backend`] chose so.
///
/// ```
/// use nabla::{Backend, Problem};
/// let p = Problem::parse("x^2 + y").unwrap().with_backend(Backend::Interpreter).unwrap();
/// let prog = p.value_tape();
/// assert!(!prog.is_native());
/// let mut out = [0.0];
/// prog.eval(&[3.0, 1.0], &mut prog.workspace(), &mut out).unwrap();
/// assert_eq!(out, [10.0]);
/// ```
#[derive(Clone, Debug)]
pub struct Program {
    tape: Tape,
    #[cfg(feature = "jit")]
    native: Native,
}

/// A program's native code: compiled, or to be compiled once the interpreter has spent its
/// budget.
#[cfg(feature = "jit")]
#[derive(Debug)]
struct Native {
    /// Set once: the code, or `None` when compiling failed.
    code: std::sync::OnceLock<Option<crate::jit::JitTape>>,
    /// Instructions interpreted in `f64` or `f32` so far (approximate under concurrent use: a
    /// lost update only delays compiling).
    work: std::sync::atomic::AtomicU64,
    /// Compile when `work` reaches this; `u64::MAX`: never.
    budget: u64,
}

#[cfg(feature = "jit")]
impl Clone for Native {
    fn clone(&self) -> Self {
        use std::sync::atomic::Ordering::Relaxed;
        Native {
            code: self.code.clone(),
            work: self.work.load(Relaxed).into(),
            budget: self.budget,
        }
    }
}

#[cfg(feature = "jit")]
impl Native {
    /// The native code to run `evals` evaluations with, compiling it when the budget is spent.
    #[inline]
    fn get(&self, tape: &Tape, evals: usize) -> Option<&crate::jit::JitTape> {
        use std::sync::atomic::Ordering::Relaxed;
        if let Some(code) = self.code.get() {
            return code.as_ref();
        }
        if self.budget == u64::MAX {
            return None;
        }
        let work = (tape.instrs().len() as u64)
            .saturating_mul(evals as u64)
            .saturating_add(self.work.load(Relaxed));
        if work < self.budget {
            self.work.store(work, Relaxed);
            return None;
        }
        self.code
            .get_or_init(|| crate::jit::JitTape::compile(tape).ok())
            .as_ref()
    }
}

impl Deref for Program {
    type Target = Tape;

    fn deref(&self) -> &Tape {
        &self.tape
    }
}

impl Program {
    /// Wraps a tape, compiling native code for it as `backend` says.
    pub fn new(tape: Tape, backend: Backend) -> Result<Program, Error> {
        #[cfg(feature = "jit")]
        {
            let code = std::sync::OnceLock::new();
            let budget = match backend {
                Backend::Interpreter => u64::MAX,
                Backend::Native => {
                    let j = crate::jit::JitTape::compile(&tape).map_err(|e| {
                        Error::NativeUnavailable {
                            reason: e.to_string(),
                        }
                    })?;
                    let _ = code.set(Some(j));
                    u64::MAX
                }
                Backend::Auto => match JitMode::from_env() {
                    JitMode::Off => u64::MAX,
                    _ if !crate::jit::native_supported() => u64::MAX,
                    // Compiled at the first evaluation in `f64` or `f32`, whatever the program's
                    // size.
                    JitMode::Force => 0,
                    JitMode::Auto => (tape.instrs().len() as u64)
                        .saturating_mul(JIT_BUDGET_PER_INSTR)
                        .saturating_add(JIT_BUDGET_FIXED),
                },
            };
            let native = Native {
                code,
                work: 0.into(),
                budget,
            };
            Ok(Program { tape, native })
        }
        #[cfg(not(feature = "jit"))]
        match backend {
            Backend::Native => Err(Error::NativeUnavailable {
                reason: crate::tr!("jit-not-built"),
            }),
            Backend::Auto | Backend::Interpreter => Ok(Program { tape }),
        }
    }

    /// The interpreted program.
    pub fn tape(&self) -> &Tape {
        &self.tape
    }

    /// Whether evaluations in `f64` and `f32` run native code (now: under [`Backend::Auto`] a
    /// program turns native once it has been evaluated often enough; the `f32` code is compiled
    /// at the first `f32` evaluation after that).
    pub fn is_native(&self) -> bool {
        #[cfg(feature = "jit")]
        {
            self.native.code.get().is_some_and(Option::is_some)
        }
        #[cfg(not(feature = "jit"))]
        {
            false
        }
    }

    /// As [`Tape::eval`]; natively for `f64` and `f32` when compiled so.
    #[inline]
    pub fn eval<T: Float + 'static>(
        &self,
        x: &[T],
        ws: &mut Workspace<T>,
        out: &mut [T],
    ) -> Result<(), EvalError> {
        #[cfg(feature = "jit")]
        {
            if let Some(r) = self.eval_native::<T, f64>(x, ws, out) {
                return r;
            }
            if let Some(r) = self.eval_native::<T, f32>(x, ws, out) {
                return r;
            }
        }
        self.interpret(x, ws, out)
    }

    /// [`Program::eval`] natively in `F` when `T` is `F` and the program is (now) compiled;
    /// `None` (running nothing) otherwise. The budget is counted only when `T` is `F`.
    #[cfg(feature = "jit")]
    #[inline(always)]
    fn eval_native<T: Float + 'static, F: crate::jit::NativeFloat>(
        &self,
        x: &[T],
        ws: &mut Workspace<T>,
        out: &mut [T],
    ) -> Option<Result<(), EvalError>> {
        let x = crate::jit::as_native::<T, F>(x)?;
        let j = self.native.get(&self.tape, 1)?;
        let ws = (ws as &mut dyn std::any::Any).downcast_mut::<Workspace<F>>()?;
        Some(j.eval(x, ws, crate::jit::as_native_mut::<T, F>(out)?))
    }

    /// [`Tape::eval`], out of line with the feature `jit` (so the native path of
    /// [`Program::eval`] stays a short function).
    #[cfg_attr(feature = "jit", inline(never))]
    fn interpret<T: Float>(
        &self,
        x: &[T],
        ws: &mut Workspace<T>,
        out: &mut [T],
    ) -> Result<(), EvalError> {
        self.tape.eval(x, ws, out)
    }

    /// The hot path of [`Program::eval_value_grad`] in `f64`: the value when native code is
    /// compiled, `ws` is this program's and every slice has its length; else `None`, having
    /// run nothing (the caller then takes [`Program::eval_value_grad`], which counts the
    /// budget, compiles, or reports the error).
    #[cfg(feature = "jit")]
    #[inline(always)]
    pub(crate) fn try_native_value_grad(
        &self,
        x: &[f64],
        ws: &mut Workspace<f64>,
        grad: &mut [f64],
    ) -> Option<f64> {
        self.native
            .code
            .get()?
            .as_ref()?
            .try_value_grad(x, ws, grad)
    }

    /// As [`Tape::eval_value_grad`]; natively for `f64` and `f32` when compiled so.
    #[inline]
    pub fn eval_value_grad<T: Float + 'static>(
        &self,
        x: &[T],
        ws: &mut Workspace<T>,
        grad: &mut [T],
    ) -> Result<T, EvalError> {
        #[cfg(feature = "jit")]
        {
            if let Some(r) = self.value_grad_native::<T, f64>(x, ws, grad) {
                return r;
            }
            if let Some(r) = self.value_grad_native::<T, f32>(x, ws, grad) {
                return r;
            }
        }
        self.interpret_value_grad(x, ws, grad)
    }

    /// [`Program::eval_value_grad`] natively in `F` (see [`Program::eval_native`]).
    #[cfg(feature = "jit")]
    #[inline(always)]
    fn value_grad_native<T: Float + 'static, F: crate::jit::NativeFloat>(
        &self,
        x: &[T],
        ws: &mut Workspace<T>,
        grad: &mut [T],
    ) -> Option<Result<T, EvalError>> {
        let x = crate::jit::as_native::<T, F>(x)?;
        let j = self.native.get(&self.tape, 1)?;
        let ws = (ws as &mut dyn std::any::Any).downcast_mut::<Workspace<F>>()?;
        let grad = crate::jit::as_native_mut::<T, F>(grad)?;
        Some(
            j.eval_value_grad(x, ws, grad)
                .map(|v| crate::jit::from_native(v).unwrap_or_else(T::nan)),
        )
    }

    /// [`Tape::eval_value_grad`], out of line with the feature `jit` (so the native path of
    /// [`Program::eval_value_grad`] stays a short function).
    #[cfg_attr(feature = "jit", inline(never))]
    fn interpret_value_grad<T: Float>(
        &self,
        x: &[T],
        ws: &mut Workspace<T>,
        grad: &mut [T],
    ) -> Result<T, EvalError> {
        self.tape.eval_value_grad(x, ws, grad)
    }

    /// As [`Tape::eval_batch`]; natively for `f64` and `f32` when compiled so (one native loop
    /// over the points for a program of at most 1,000 instructions).
    pub fn eval_batch<T: Float + 'static>(
        &self,
        points: &[T],
        ws: &mut Workspace<T>,
        out: &mut [T],
    ) -> Result<(), EvalError> {
        #[cfg(feature = "jit")]
        {
            if let Some(r) = self.batch_native::<T, f64>(points, ws, out) {
                return r;
            }
            if let Some(r) = self.batch_native::<T, f32>(points, ws, out) {
                return r;
            }
        }
        self.tape.eval_batch(points, ws, out)
    }

    /// [`Program::eval_batch`] over all cores: the points in chunks of 2,048, each thread with a
    /// workspace of its own (plot grids, `fit`'s rows). The lengths are checked first, so a
    /// malformed batch is an error, never a panic in a worker.
    ///
    /// ```
    /// let f = nabla::Function::parse("x*y").unwrap();
    /// let (points, mut out) = ([1.0, 2.0, 3.0, 4.0], [0.0; 2]);
    /// f.value_tape().eval_batch_par(&points, &mut out).unwrap();
    /// assert_eq!(out, [2.0, 12.0]);
    /// ```
    pub fn eval_batch_par(&self, points: &[f64], out: &mut [f64]) -> Result<(), EvalError> {
        use rayon::prelude::*;
        const CHUNK: usize = 2048;
        let nin = self.n_inputs().max(1);
        let nout = self.n_outputs().max(1);
        if points.len() % nin != 0 {
            // Not a whole number of points: name the length of the batch.
            return Err(EvalError::Inputs {
                expected: nin,
                found: points.len(),
            });
        }
        if out.len() != points.len() / nin * nout {
            return Err(EvalError::Outputs {
                expected: points.len() / nin * nout,
                found: out.len(),
            });
        }
        points
            .par_chunks(CHUNK * nin)
            .zip(out.par_chunks_mut(CHUNK * nout))
            .try_for_each_init(
                || self.workspace::<f64>(),
                |ws, (p, o)| self.eval_batch(p, ws, o),
            )
    }

    /// [`Program::eval_batch`] natively in `F` (see [`Program::eval_native`]); every point
    /// counts towards the budget.
    #[cfg(feature = "jit")]
    fn batch_native<T: Float + 'static, F: crate::jit::NativeFloat>(
        &self,
        points: &[T],
        ws: &mut Workspace<T>,
        out: &mut [T],
    ) -> Option<Result<(), EvalError>> {
        let p = crate::jit::as_native::<T, F>(points)?;
        let evals = p.len() / self.tape.n_inputs().max(1);
        let j = self.native.get(&self.tape, evals)?;
        let ws = (ws as &mut dyn std::any::Any).downcast_mut::<Workspace<F>>()?;
        Some(j.eval_batch(p, ws, crate::jit::as_native_mut::<T, F>(out)?))
    }

    /// As [`Tape::eval_sum`]; natively for `f64` and `f32` when compiled so (one native loop over
    /// the rows for a program of at most 1,000 instructions), with the same sums.
    ///
    /// ```
    /// use nabla::{Backend, Problem};
    /// let p = Problem::parse("(w*x - y)^2").unwrap();
    /// let prog = p.value_tape(); // inputs in name order: w, x, y
    /// let mut sums = [0.0];
    /// prog.eval_sum(&[2.0], &[1.0, 1.0, 2.0, 5.0], &mut prog.workspace(), &mut sums).unwrap();
    /// assert_eq!(sums, [2.0]);
    /// ```
    pub fn eval_sum<T: Float + 'static>(
        &self,
        fixed: &[T],
        rows: &[T],
        ws: &mut Workspace<T>,
        sums: &mut [T],
    ) -> Result<(), EvalError> {
        #[cfg(feature = "jit")]
        {
            if let Some(r) = self.sum_native::<T, f64>(fixed, rows, ws, sums) {
                return r;
            }
            if let Some(r) = self.sum_native::<T, f32>(fixed, rows, ws, sums) {
                return r;
            }
        }
        self.tape.eval_sum(fixed, rows, ws, sums)
    }

    /// [`Program::eval_sum`] natively in `F` (see [`Program::eval_native`]); every row counts
    /// towards the budget.
    #[cfg(feature = "jit")]
    fn sum_native<T: Float + 'static, F: crate::jit::NativeFloat>(
        &self,
        fixed: &[T],
        rows: &[T],
        ws: &mut Workspace<T>,
        sums: &mut [T],
    ) -> Option<Result<(), EvalError>> {
        let (f, r) = (
            crate::jit::as_native::<T, F>(fixed)?,
            crate::jit::as_native::<T, F>(rows)?,
        );
        let stride = self.tape.n_inputs().saturating_sub(f.len()).max(1);
        let j = self.native.get(&self.tape, r.len() / stride)?;
        let ws = (ws as &mut dyn std::any::Any).downcast_mut::<Workspace<F>>()?;
        Some(j.eval_sum(f, r, ws, crate::jit::as_native_mut::<T, F>(sums)?))
    }
}
