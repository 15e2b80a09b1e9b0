//! A compiled program as [`crate::Problem`] runs it: the interpreted [`Tape`], or (feature `jit`)
//! native code for the same tape, chosen by a [`Backend`].
//!
//! # Invariants
//!
//! * **One program, two executions.** A [`Program`] always has its [`Tape`] (it dereferences to
//!   it); native code, when present, was compiled from that tape and computes the same bits
//!   (`tests/suite/jit.rs`). Workspaces, slice checks and errors are the tape's, whichever runs.
//! * **Native code runs `f64` only**; other evaluation types interpret.
//! * **The choice.** [`Backend::Auto`] compiles native code when the feature `jit` is on, the
//!   environment variable `NABLA_JIT` is not `0`, the program has at least [`JIT_MIN_INSTRS`]
//!   instructions and Cranelift supports the processor; a failed compilation falls back to the
//!   interpreter. [`Backend::Interpreter`] never compiles; [`Backend::Native`] compiles or fails
//!   with [`Error::NativeUnavailable`].

use std::ops::Deref;

use num_traits::Float;

use crate::error::Error;
use crate::tape::{EvalError, Tape, Workspace};

/// Programs with fewer instructions stay interpreted under [`Backend::Auto`]: compiling costs
/// more than the evaluations of a typical run save (measured in `benches/jit.rs`).
pub const JIT_MIN_INSTRS: usize = 2_000;

/// How a [`crate::Problem`]'s programs execute.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Backend {
    /// Native code for large programs where available (see [`JIT_MIN_INSTRS`]; `NABLA_JIT=0`
    /// turns it off), the interpreter otherwise.
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
    native: Option<crate::jit::JitTape>,
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
            let native = match backend {
                Backend::Interpreter => None,
                Backend::Native => Some(crate::jit::JitTape::compile(&tape).map_err(|e| {
                    Error::NativeUnavailable {
                        reason: e.to_string(),
                    }
                })?),
                Backend::Auto => {
                    let wanted = tape.instrs().len() >= JIT_MIN_INSTRS
                        && std::env::var_os("NABLA_JIT").is_none_or(|v| v != "0")
                        && crate::jit::native_supported();
                    if wanted {
                        crate::jit::JitTape::compile(&tape).ok()
                    } else {
                        None
                    }
                }
            };
            Ok(Program { tape, native })
        }
        #[cfg(not(feature = "jit"))]
        match backend {
            Backend::Native => Err(Error::NativeUnavailable {
                reason: "nabla was built without the feature `jit`".into(),
            }),
            Backend::Auto | Backend::Interpreter => Ok(Program { tape }),
        }
    }

    /// The interpreted program.
    pub fn tape(&self) -> &Tape {
        &self.tape
    }

    /// Whether evaluations in `f64` run native code.
    pub fn is_native(&self) -> bool {
        #[cfg(feature = "jit")]
        {
            self.native.is_some()
        }
        #[cfg(not(feature = "jit"))]
        {
            false
        }
    }

    /// As [`Tape::eval`]; natively for `f64` when compiled so.
    #[inline]
    pub fn eval<T: Float + 'static>(
        &self,
        x: &[T],
        ws: &mut Workspace<T>,
        out: &mut [T],
    ) -> Result<(), EvalError> {
        #[cfg(feature = "jit")]
        if let Some(j) = &self.native {
            let any: &mut dyn std::any::Any = ws;
            if let (Some(x), Some(ws), Some(out)) = (
                crate::jit::as_f64(x),
                any.downcast_mut::<Workspace<f64>>(),
                crate::jit::as_f64_mut(out),
            ) {
                return j.eval(x, ws, out);
            }
        }
        self.tape.eval(x, ws, out)
    }

    /// As [`Tape::eval_value_grad`]; natively for `f64` when compiled so.
    #[inline]
    pub fn eval_value_grad<T: Float + 'static>(
        &self,
        x: &[T],
        ws: &mut Workspace<T>,
        grad: &mut [T],
    ) -> Result<T, EvalError> {
        #[cfg(feature = "jit")]
        if let Some(j) = &self.native {
            let any: &mut dyn std::any::Any = ws;
            if let (Some(x), Some(ws), Some(grad)) = (
                crate::jit::as_f64(x),
                any.downcast_mut::<Workspace<f64>>(),
                crate::jit::as_f64_mut(grad),
            ) {
                let v = j.eval_value_grad(x, ws, grad)?;
                return Ok(crate::jit::from_f64(v).unwrap_or_else(T::nan));
            }
        }
        self.tape.eval_value_grad(x, ws, grad)
    }

    /// As [`Tape::eval_batch`]; natively for `f64` when compiled so.
    pub fn eval_batch<T: Float + 'static>(
        &self,
        points: &[T],
        ws: &mut Workspace<T>,
        out: &mut [T],
    ) -> Result<(), EvalError> {
        #[cfg(feature = "jit")]
        if let Some(j) = &self.native {
            let any: &mut dyn std::any::Any = ws;
            if let (Some(p), Some(ws), Some(out)) = (
                crate::jit::as_f64(points),
                any.downcast_mut::<Workspace<f64>>(),
                crate::jit::as_f64_mut(out),
            ) {
                return j.eval_batch(p, ws, out);
            }
        }
        self.tape.eval_batch(points, ws, out)
    }
}
