//! Native code for compiled programs (feature `jit`): a [`Tape`] lowered to machine code with
//! Cranelift, bit-identical to the interpreter.
//!
//! [`JitTape::compile`] translates the tape instruction by instruction, in the tape's order and
//! with the tape's roundings: `MulAdd` is a multiply then an add (never a fused multiply-add),
//! `Square` is `v*v`, `Cube` `v*(v*v)`, `Powi` the binary powering of [`crate::ops::powi`]
//! unrolled for its constant exponent, and every operator the processor has no instruction for
//! (`Instr::Unary`, `Instr::Binary`: `sin`, `exp`, `pow`, `min`/`max` with their NaN rules, ...)
//! calls the very Rust function the interpreter calls (`extern "C"` shims over `op.eval`).
//! Constants are the workspace's own values (loaded from it; in row loops, hoisted out of the loop).
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
//!   sum, one function looping over rows (`rows.rs`): the same lowering, inputs from the rows,
//!   outputs written per row or summed in row order, so a batch is one native call.
//! * **Ownership.** The machine code belongs to its [`JitTape`] (shared by clones) and is freed
//!   with the last clone; all `unsafe` is in `native.rs`.
//! * `f64` only: an `f32` evaluation of a [`crate::Program`] runs the interpreter.

mod native;
mod rows;

use std::sync::Arc;

use cranelift_codegen::ir::immediates::Ieee64;
use cranelift_codegen::ir::{
    types, AbiParam, FuncRef, InstBuilder, MemFlagsData, UserFuncName, Value,
};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{default_libcall_names, FuncId, Linkage, Module};

use crate::ops::{Binary, Unary};
use crate::tape::{EvalError, Instr, Reg, Tape, Workspace};
pub(crate) use native::{as_f64, as_f64_mut, from_f64};
use native::{NativeCode, NativeRows};
use rows::{has_row_loop, lower_rows, RowsMode};

/// The most instructions in one native function. Register allocation is superlinear in the
/// values live across a function (a gradient program keeps its forward values for the backward
/// sweep), so short functions compile faster: 10,000-variable Rosenbrock's value+gradient (40,000
/// instructions) took 690 ms in chunks of 10,000, 130 ms in chunks of 1,000 (backtracking
/// allocator, same run time).
pub(crate) const CHUNK: usize = 1_000;

/// Why a program could not be compiled to native code.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JitError {
    /// Cranelift has no back end for this processor.
    #[error("native code is not supported on this machine: {0}")]
    Unsupported(String),
    /// Cranelift refused the program (an internal error).
    #[error("native code generation failed: {0}")]
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

/// A [`Tape`] with its native code: the same checked API, the same bits, run natively.
///
/// ```
/// use nabla::{Graph, JitTape, Tape};
/// let mut g = Graph::new();
/// let f = nabla::parse_into(&mut g, "x*y + sin(x*y)").unwrap().root;
/// let vars = g.vars_of(&[f]);
/// let tape = Tape::compile(&g, &[f], &vars).unwrap();
/// let jit = JitTape::compile(&tape).unwrap();
/// let (mut a, mut b) = ([0.0f64], [0.0]);
/// tape.eval(&[2.0, 3.0], &mut tape.workspace(), &mut a).unwrap();
/// jit.eval(&[2.0, 3.0], &mut jit.workspace(), &mut b).unwrap();
/// assert_eq!(a[0].to_bits(), b[0].to_bits());
/// ```
#[derive(Clone, Debug)]
pub struct JitTape {
    tape: Tape,
    /// `None` for a program without outputs (nothing to run).
    code: Option<Arc<NativeCode>>,
    /// Row loops, compiled on first use (one-chunk programs only; `None`: compiling failed).
    rows: Arc<RowLoops>,
}

/// A program's row loops: the batch, and the sums with the number of fixed inputs they were
/// compiled for (a later call with another count runs the chunks row by row).
#[derive(Debug, Default)]
struct RowLoops {
    batch: std::sync::OnceLock<Option<NativeRows>>,
    sum: std::sync::OnceLock<(usize, Option<NativeRows>)>,
}

impl JitTape {
    /// Compiles `tape` to native code.
    pub fn compile(tape: &Tape) -> Result<JitTape, JitError> {
        let code = lower(tape)?;
        Ok(JitTape {
            tape: tape.clone(),
            code: code.map(Arc::new),
            rows: Arc::default(),
        })
    }

    /// The interpreted program this code was compiled from (same workspaces, same results).
    pub fn tape(&self) -> &Tape {
        &self.tape
    }

    /// A workspace for this program (the tape's: they are interchangeable).
    pub fn workspace(&self) -> Workspace<f64> {
        self.tape.workspace()
    }

    /// As [`Tape::eval`], natively.
    #[inline]
    pub fn eval(
        &self,
        x: &[f64],
        ws: &mut Workspace<f64>,
        out: &mut [f64],
    ) -> Result<(), EvalError> {
        // The hot path: an owned workspace and slices of the right lengths (one comparison
        // for the three lengths, in `try_run`) run at once.
        if let (Some(code), Some((first, rest))) = (&self.code, out.split_first_mut()) {
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
    fn eval_checked(
        &self,
        x: &[f64],
        ws: &mut Workspace<f64>,
        out: &mut [f64],
    ) -> Result<(), EvalError> {
        // The tape's checks, in the tape's order: outputs, workspace, inputs.
        if out.len() != self.tape.n_outputs() {
            return Err(EvalError::Outputs {
                expected: self.tape.n_outputs(),
                found: out.len(),
            });
        }
        let regs = self.tape.registers(ws)?;
        self.check_inputs(x)?;
        if let (Some(code), Some((first, rest))) = (&self.code, out.split_first_mut()) {
            *first = code.run(regs, x, rest);
        }
        Ok(())
    }

    /// As [`Tape::eval_value_grad`], natively.
    #[inline]
    pub fn eval_value_grad(
        &self,
        x: &[f64],
        ws: &mut Workspace<f64>,
        grad: &mut [f64],
    ) -> Result<f64, EvalError> {
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
    pub(crate) fn try_value_grad(
        &self,
        x: &[f64],
        ws: &mut Workspace<f64>,
        grad: &mut [f64],
    ) -> Option<f64> {
        let code = self.code.as_ref()?;
        code.try_run(self.tape.own_registers(ws)?, x, grad)
    }

    /// [`JitTape::eval_value_grad`] off the hot path: the tape's checks first (filling a
    /// default workspace).
    #[cold]
    #[inline(never)]
    fn eval_value_grad_checked(
        &self,
        x: &[f64],
        ws: &mut Workspace<f64>,
        grad: &mut [f64],
    ) -> Result<f64, EvalError> {
        let n = self.tape.n_outputs();
        let Some(code) = self.code.as_ref().filter(|_| grad.len() + 1 == n) else {
            return Err(EvalError::Outputs {
                expected: n.saturating_sub(1),
                found: grad.len() + usize::from(n == 0),
            });
        };
        let regs = self.tape.registers(ws)?;
        self.check_inputs(x)?;
        Ok(code.run(regs, x, grad))
    }

    /// The tape's input check.
    #[inline]
    fn check_inputs(&self, x: &[f64]) -> Result<(), EvalError> {
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
    /// all points in one native loop (compiled on the first batch), a longer one its chunks
    /// point by point.
    pub fn eval_batch(
        &self,
        points: &[f64],
        ws: &mut Workspace<f64>,
        out: &mut [f64],
    ) -> Result<(), EvalError> {
        let n = self.tape.batch_points(points, out)?;
        let Some(code) = self.code.as_ref().filter(|_| n > 0) else {
            return Ok(());
        };
        let regs = self.tape.registers(ws)?;
        if let Some(rows) = self.batch_loop() {
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
    /// `CHUNK` instructions (compiled on the first call, for its number of fixed inputs), else
    /// the chunks row by row (with two buffers allocated per call). The sums are bit-identical
    /// to the interpreter's.
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
    /// ```
    pub fn eval_sum(
        &self,
        fixed: &[f64],
        rows: &[f64],
        ws: &mut Workspace<f64>,
        sums: &mut [f64],
    ) -> Result<(), EvalError> {
        let nf = fixed.len();
        let code = self.sum_loop(nf);
        self.tape
            .eval_sum_with(fixed, rows, ws, sums, |regs, rows, sums| {
                if let Some(code) = code {
                    let n = rows.len() / (self.tape.n_inputs() - nf);
                    return code.run(regs, rows, n, sums);
                }
                let Some(native) = &self.code else {
                    return;
                };
                let nin = self.tape.n_inputs();
                let mut x = fixed.to_vec();
                x.resize(nin, 0.0);
                let mut rest = vec![0.0; sums.len() - 1];
                for row in rows.chunks_exact(nin - nf) {
                    x[nf..].copy_from_slice(row);
                    let v = native.run(regs, &x, &mut rest);
                    sums[0] += v;
                    for (s, o) in sums[1..].iter_mut().zip(&rest) {
                        *s += *o;
                    }
                }
            })
    }

    /// The batch loop, compiled on first use; `None` for a long program or a failed compile.
    fn batch_loop(&self) -> Option<&NativeRows> {
        if !has_row_loop(&self.tape) {
            return None;
        }
        self.rows
            .batch
            .get_or_init(|| lower_rows(&self.tape, 0, RowsMode::Write).ok())
            .as_ref()
    }

    /// The sum loop for `n_fixed` fixed inputs, compiled on first use.
    fn sum_loop(&self, n_fixed: usize) -> Option<&NativeRows> {
        if !has_row_loop(&self.tape) || n_fixed > self.tape.n_inputs() {
            return None;
        }
        let (nf, code) = self
            .rows
            .sum
            .get_or_init(|| (n_fixed, lower_rows(&self.tape, n_fixed, RowsMode::Sum).ok()));
        code.as_ref().filter(|_| *nf == n_fixed)
    }
}

/// The shim for every one-argument operator: the interpreter's own evaluation.
extern "C" fn unary_shim(op: u32, a: f64) -> f64 {
    match Unary::ALL.get(op as usize) {
        Some(op) => op.eval(a),
        None => f64::NAN,
    }
}

/// The shim for every two-argument operator: the interpreter's own evaluation.
extern "C" fn binary_shim(op: u32, a: f64, b: f64) -> f64 {
    match Binary::ALL.get(op as usize) {
        Some(op) => op.eval(a, b),
        None => f64::NAN,
    }
}

fn codegen<E: std::fmt::Display>(e: E) -> JitError {
    JitError::Codegen(e.to_string())
}

/// A JIT module with the shims declared, ready for functions.
struct Lowering {
    module: JITModule,
    unary: FuncId,
    binary: FuncId,
}

impl Lowering {
    /// A module for code of `instrs` instructions in functions of at most [`CHUNK`]: the
    /// backtracking register allocator for one function, the single-pass one beyond.
    fn new(instrs: usize) -> Result<Lowering, JitError> {
        let mut flags = settings::builder();
        for (k, v) in [
            ("use_colocated_libcalls", "false"),
            ("is_pic", "false"),
            // No mid-end rewriting: its algebraic rules (`(-a)*(-a)` to `a*a`, ...) are exact on
            // numbers but flip NaN signs, and the tape is already simplified (shared
            // subexpressions computed once). Instruction selection and register allocation
            // still run.
            ("opt_level", "none"),
            // The IR verifier costs 40% of compile time; on in debug builds.
            (
                "enable_verifier",
                if cfg!(debug_assertions) {
                    "true"
                } else {
                    "false"
                },
            ),
            // Past one chunk the single-pass allocator: it compiles twice as fast as the
            // backtracking one for code a tenth slower (10,000-variable Rosenbrock
            // value+gradient: 60 vs 125 ms, 31 vs 28 us). A one-chunk program gets the
            // backtracking allocator, whose code is what pays there (Beale's value+gradient:
            // 14 ns single-pass, 10 backtracking).
            (
                "regalloc_algorithm",
                if instrs <= CHUNK {
                    "backtracking"
                } else {
                    "single_pass"
                },
            ),
        ] {
            flags.set(k, v).map_err(codegen)?;
        }
        let isa = cranelift_native::builder()
            .map_err(|e| JitError::Unsupported(e.to_string()))?
            .finish(settings::Flags::new(flags))
            .map_err(codegen)?;
        let mut jb = JITBuilder::with_isa(isa, default_libcall_names());
        jb.symbol("nabla_unary_shim", unary_shim as *const u8);
        jb.symbol("nabla_binary_shim", binary_shim as *const u8);
        let mut module = JITModule::new(jb);

        let mut sig_u = module.make_signature();
        sig_u
            .params
            .extend([AbiParam::new(types::I32), AbiParam::new(types::F64)]);
        sig_u.returns.push(AbiParam::new(types::F64));
        let mut sig_b = module.make_signature();
        sig_b.params.extend([
            AbiParam::new(types::I32),
            AbiParam::new(types::F64),
            AbiParam::new(types::F64),
        ]);
        sig_b.returns.push(AbiParam::new(types::F64));
        let unary = module
            .declare_function("nabla_unary_shim", Linkage::Import, &sig_u)
            .map_err(codegen)?;
        let binary = module
            .declare_function("nabla_binary_shim", Linkage::Import, &sig_b)
            .map_err(codegen)?;
        Ok(Lowering {
            module,
            unary,
            binary,
        })
    }
}

/// The constant of each register, `None` for the others.
fn constants(tape: &Tape) -> Vec<Option<f64>> {
    let mut is_const = vec![None; tape.n_regs()];
    for &(r, c) in tape.consts() {
        is_const[r as usize] = Some(c);
    }
    is_const
}

/// Lowers the whole tape: one function per chunk, finalized (`None` for a program without
/// outputs, which has nothing to run). Inputs are read from the caller's slice until a chunk
/// overwrites their register; outputs `1..` are stored to the caller's slice at their final
/// writes (or at the end, for inputs and constants); the last chunk returns output 0.
fn lower(tape: &Tape) -> Result<Option<NativeCode>, JitError> {
    let outs = tape.output_regs();
    if outs.is_empty() {
        return Ok(None);
    }
    let Lowering {
        mut module,
        unary: unary_id,
        binary: binary_id,
    } = Lowering::new(tape.instrs().len())?;
    let ptr = module.target_config().pointer_type();
    let instrs = tape.instrs();
    let n_regs = tape.n_regs();
    let n_inputs = tape.n_inputs();
    let empty: [&[Instr]; 1] = [&[]];
    let chunks: Vec<&[Instr]> = if instrs.is_empty() {
        empty.to_vec()
    } else {
        instrs.chunks(CHUNK).collect()
    };
    let mut sig = module.make_signature();
    sig.params.extend([AbiParam::new(ptr); 3]);
    sig.returns.push(AbiParam::new(types::F64));
    let store = stores_after(tape, &chunks);
    // The slots of `out` each register fills (outputs `1..`), and whether each instruction is
    // the last write of its register.
    let mut slots: Vec<Vec<i32>> = vec![Vec::new(); n_regs];
    for (k, &r) in outs.iter().enumerate().skip(1) {
        slots[r as usize].push(i32::try_from((k - 1) * 8).map_err(codegen)?);
    }
    let mut last = vec![false; instrs.len()];
    let mut seen = vec![false; n_regs];
    for (i, ins) in instrs.iter().enumerate().rev() {
        let d = operands(ins).0 as usize;
        last[i] = !seen[d];
        seen[d] = true;
    }
    // `seen` now says which registers the program writes; `written` which ones earlier chunks
    // wrote (an input register once written is read from the register file).
    let mut written = vec![false; n_regs];
    let mut pos = 0;
    let is_const = constants(tape);

    let mut ctx = module.make_context();
    let mut fctx = FunctionBuilderContext::new();
    let mut ids = Vec::with_capacity(chunks.len());
    // The current SSA value of each register inside a chunk, and the registers set in it.
    let mut cur: Vec<Option<Value>> = vec![None; n_regs];
    let mut touched: Vec<Reg> = Vec::new();
    for (k, chunk) in chunks.iter().enumerate() {
        let id = module
            .declare_function(&format!("chunk{k}"), Linkage::Local, &sig)
            .map_err(codegen)?;
        ctx.func.signature = sig.clone();
        ctx.func.name = UserFuncName::user(0, id.as_u32());
        {
            let mut b = FunctionBuilder::new(&mut ctx.func, &mut fctx);
            let block = b.create_block();
            b.append_block_params_for_function_params(block);
            b.switch_to_block(block);
            let params = b.block_params(block).to_vec();
            let (regs, x, out) = (params[0], params[1], params[2]);
            let fu = module.declare_func_in_func(unary_id, b.func);
            let fb = module.declare_func_in_func(binary_id, b.func);
            let trusted = MemFlagsData::trusted();
            let mut cx = Chunk {
                b,
                regs,
                fu,
                fb,
                trusted,
                cur: &mut cur,
                touched: &mut touched,
                is_const: &is_const,
                lanes: false,
                inputs: Some((x, n_inputs, &written)),
            };
            for ins in chunk.iter() {
                let (d, v) = cx.instr(ins);
                if store[pos] {
                    cx.b.ins().store(trusted, v, regs, offset(d));
                }
                if last[pos] {
                    for &at in &slots[d as usize] {
                        cx.b.ins().store(trusted, v, out, at);
                    }
                }
                pos += 1;
            }
            let ret = if k + 1 == chunks.len() {
                // Outputs the program never writes (inputs, constants) and output 0.
                for (r, at) in slots.iter().enumerate() {
                    if !seen[r] && !at.is_empty() {
                        let v = cx.get(Reg::try_from(r).map_err(codegen)?);
                        for &at in at {
                            cx.b.ins().store(trusted, v, out, at);
                        }
                    }
                }
                cx.get(outs[0])
            } else {
                cx.b.ins().f64const(0.0)
            };
            cx.b.ins().return_(&[ret]);
            for r in cx.touched.drain(..) {
                cx.cur[r as usize] = None;
            }
            cx.b.seal_all_blocks();
            cx.b.finalize(module.target_config());
        }
        for ins in chunk.iter() {
            written[operands(ins).0 as usize] = true;
        }
        module.define_function(id, &mut ctx).map_err(codegen)?;
        module.clear_context(&mut ctx);
        ids.push(id);
    }
    module.finalize_definitions().map_err(codegen)?;
    Ok(Some(NativeCode::new(
        module,
        &ids,
        n_regs,
        n_inputs,
        outs.len(),
    )))
}

/// The byte offset of a register (register indices are below `n_regs`, a vector length of
/// `f64`s, so the product fits in `i32` for any program of fewer than 2^28 registers).
fn offset(r: Reg) -> i32 {
    i32::try_from(u64::from(r) * 8).expect("register file under 2 GiB")
}

/// For each instruction (program order), whether its result must be stored to the register
/// file: it is the chunk's last write of its register and a later chunk reads the register
/// before writing it, or the register is output 0 (which the last chunk returns). Storing at the write rather than at the
/// chunk's end keeps a result in a machine register only until its last use in the chunk.
fn stores_after(tape: &Tape, chunks: &[&[Instr]]) -> Vec<bool> {
    let mut live = vec![false; tape.n_regs()];
    // Output 0 is returned by the last chunk; the others are stored to the caller's slice.
    if let Some(&o) = tape.output_regs().first() {
        live[o as usize] = true;
    }
    let mut store = vec![false; tape.instrs().len()];
    let mut seen = vec![false; tape.n_regs()];
    let mut end = tape.instrs().len();
    for chunk in chunks.iter().rev() {
        let start = end - chunk.len();
        // Last writes (seen first from the back), stored when live at the chunk's end.
        for (i, ins) in chunk.iter().enumerate().rev() {
            let d = operands(ins).0 as usize;
            if !seen[d] {
                seen[d] = true;
                store[start + i] = live[d];
            }
        }
        // Liveness at the chunk's start.
        for ins in chunk.iter().rev() {
            let (d, srcs) = operands(ins);
            seen[d as usize] = false;
            live[d as usize] = false;
            for s in srcs.into_iter().flatten() {
                live[s as usize] = true;
            }
        }
        end = start;
    }
    store
}

/// An instruction's destination and the registers it reads.
fn operands(ins: &Instr) -> (Reg, [Option<Reg>; 3]) {
    match *ins {
        Instr::Add(d, a, b)
        | Instr::Sub(d, a, b)
        | Instr::Mul(d, a, b)
        | Instr::Div(d, a, b)
        | Instr::Binary(_, d, a, b) => (d, [Some(a), Some(b), None]),
        Instr::MulAdd(d, a, b, c)
        | Instr::MulSub(d, a, b, c)
        | Instr::SubMul(d, a, b, c)
        | Instr::MulMul(d, a, b, c) => (d, [Some(a), Some(b), Some(c)]),
        Instr::Neg(d, a)
        | Instr::Square(d, a)
        | Instr::Cube(d, a)
        | Instr::Powi(d, a, _)
        | Instr::Unary(_, d, a) => (d, [Some(a), None, None]),
    }
}

/// The state of lowering one chunk.
struct Chunk<'a> {
    b: FunctionBuilder<'a>,
    regs: Value,
    fu: FuncRef,
    fb: FuncRef,
    trusted: MemFlagsData,
    cur: &'a mut Vec<Option<Value>>,
    touched: &'a mut Vec<Reg>,
    is_const: &'a [Option<f64>],
    /// Two rows at once: every value is an `f64x2` (lane `j` is row `j`'s), operators the
    /// processor has no instruction for are called once per lane.
    lanes: bool,
    /// The caller's input pointer, the input count, and which registers earlier chunks wrote:
    /// an input register not yet written is loaded from the caller's slice (once per chunk).
    inputs: Option<(Value, usize, &'a [bool])>,
}

impl Chunk<'_> {
    /// The value of a register: set in this chunk, a constant, or loaded from the register file.
    fn get(&mut self, r: Reg) -> Value {
        if let Some(v) = self.cur[r as usize] {
            return v;
        }
        if let Some((x, n, written)) = self.inputs {
            if (r as usize) < n && !written[r as usize] {
                let v = self.b.ins().load(types::F64, self.trusted, x, offset(r));
                self.set(r, v);
                return v;
            }
        }
        // Constants and registers from earlier chunks are materialized at each use (an
        // immediate or one load), not kept live across the chunk.
        match self.is_const[r as usize] {
            // Scalar constants are read from the register file (where every workspace holds
            // them) at each use: one load the instruction selector folds into the operation,
            // instead of an immediate moved through an integer register.
            Some(_) if !self.lanes => {
                self.b
                    .ins()
                    .load(types::F64, self.trusted, self.regs, offset(r))
            }
            Some(c) => self.konst(c),
            None => {
                let v = self
                    .b
                    .ins()
                    .load(types::F64, self.trusted, self.regs, offset(r));
                self.widen(v)
            }
        }
    }

    /// A constant, with the bits of `c` (in both lanes in two-row code).
    fn konst(&mut self, c: f64) -> Value {
        let v = self.b.ins().f64const(Ieee64::with_bits(c.to_bits()));
        self.widen(v)
    }

    /// A scalar as this code's value: itself, or in both lanes.
    fn widen(&mut self, v: Value) -> Value {
        if self.lanes {
            self.b.ins().splat(types::F64X2, v)
        } else {
            v
        }
    }

    /// `f(a)` per lane: a call to a shim for each row.
    fn per_lane(&mut self, a: &[Value], f: impl Fn(&mut Self, &[Value]) -> Value) -> Value {
        if !self.lanes {
            return f(self, a);
        }
        let a0: Vec<Value> = a.iter().map(|&v| self.b.ins().extractlane(v, 0)).collect();
        let r0 = f(self, &a0);
        let a1: Vec<Value> = a.iter().map(|&v| self.b.ins().extractlane(v, 1)).collect();
        let r1 = f(self, &a1);
        let v = self.b.ins().scalar_to_vector(types::F64X2, r0);
        self.b.ins().insertlane(v, r1, 1)
    }

    fn set(&mut self, r: Reg, v: Value) {
        if self.cur[r as usize].is_none() {
            self.touched.push(r);
        }
        self.cur[r as usize] = Some(v);
    }

    /// Lowers one instruction; returns its destination and value.
    fn instr(&mut self, ins: &Instr) -> (Reg, Value) {
        let (d, v) = match *ins {
            Instr::Add(d, a, b) => {
                let (a, b) = (self.get(a), self.get(b));
                (d, self.b.ins().fadd(a, b))
            }
            Instr::Sub(d, a, b) => {
                let (a, b) = (self.get(a), self.get(b));
                (d, self.b.ins().fsub(a, b))
            }
            Instr::Mul(d, a, b) => {
                let (a, b) = (self.get(a), self.get(b));
                (d, self.b.ins().fmul(a, b))
            }
            Instr::Div(d, a, b) => {
                let (a, b) = (self.get(a), self.get(b));
                (d, self.b.ins().fdiv(a, b))
            }
            Instr::Neg(d, a) => {
                let a = self.get(a);
                (d, self.b.ins().fneg(a))
            }
            Instr::Square(d, a) => {
                let a = self.get(a);
                (d, self.b.ins().fmul(a, a))
            }
            Instr::Cube(d, a) => {
                let a = self.get(a);
                let sq = self.b.ins().fmul(a, a);
                (d, self.b.ins().fmul(a, sq))
            }
            Instr::Powi(d, a, n) => {
                let a = self.get(a);
                (d, self.powi(a, n))
            }
            Instr::MulAdd(d, a, b, c) => {
                let (a, b, c) = (self.get(a), self.get(b), self.get(c));
                let p = self.b.ins().fmul(a, b);
                (d, self.b.ins().fadd(p, c))
            }
            Instr::MulSub(d, a, b, c) => {
                let (a, b, c) = (self.get(a), self.get(b), self.get(c));
                let p = self.b.ins().fmul(a, b);
                (d, self.b.ins().fsub(p, c))
            }
            Instr::SubMul(d, a, b, c) => {
                let (a, b, c) = (self.get(a), self.get(b), self.get(c));
                let p = self.b.ins().fmul(a, b);
                (d, self.b.ins().fsub(c, p))
            }
            Instr::MulMul(d, a, b, c) => {
                let (a, b, c) = (self.get(a), self.get(b), self.get(c));
                let p = self.b.ins().fmul(a, b);
                (d, self.b.ins().fmul(p, c))
            }
            Instr::Unary(op, d, a) => {
                let a = self.get(a);
                let code = i64::from(op_index(Unary::ALL, op));
                let v = self.per_lane(&[a], |cx, a| {
                    let code = cx.b.ins().iconst(types::I32, code);
                    let call = cx.b.ins().call(cx.fu, &[code, a[0]]);
                    cx.b.inst_results(call)[0]
                });
                (d, v)
            }
            Instr::Binary(op, d, a, b) => {
                let (a, b) = (self.get(a), self.get(b));
                let code = i64::from(op_index(Binary::ALL, op));
                let v = self.per_lane(&[a, b], |cx, a| {
                    let code = cx.b.ins().iconst(types::I32, code);
                    let call = cx.b.ins().call(cx.fb, &[code, a[0], a[1]]);
                    cx.b.inst_results(call)[0]
                });
                (d, v)
            }
        };
        self.set(d, v);
        (d, v)
    }

    /// [`crate::ops::powi`] for a constant exponent, the same multiplications in the same order.
    fn powi(&mut self, a: Value, n: i32) -> Value {
        let one = self.konst(1.0);
        let mut base = a;
        let mut e = n.unsigned_abs();
        let mut r = one;
        loop {
            if e & 1 != 0 {
                r = self.b.ins().fmul(r, base);
            }
            e >>= 1;
            if e == 0 {
                break;
            }
            base = self.b.ins().fmul(base, base);
        }
        if n < 0 {
            self.b.ins().fdiv(one, r)
        } else {
            r
        }
    }
}

/// The position of an operator in its `ALL` list (what the shims index).
fn op_index<T: PartialEq>(all: &[T], op: T) -> u32 {
    let i = all.iter().position(|o| *o == op).unwrap_or(all.len());
    u32::try_from(i).unwrap_or(u32::MAX)
}
