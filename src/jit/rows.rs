//! Row loops: one native function that runs a one-chunk program over many rows of inputs in
//! one call, so a batch pays no call, dispatch or workspace round trip per point.
//!
//! [`lower_rows`] emits `f(regs, rows, n, out)`: a loop over `n` rows whose body is the program
//! lowered exactly as [`super::lower`] lowers a chunk (same instructions, same order, same
//! roundings), with the row's inputs loaded straight from `rows` into machine registers.
//!
//! # Invariants
//!
//! * **Same bits.** The body is the interpreter's program; [`RowsMode::Sum`] adds each output to
//!   its running sum in row order (`sum + output`, the interpreter's `*s = *s + v`), the sums
//!   living in machine registers between rows and read from / written to `out` once.
//! * **Memory.** The function reads `rows[i * stride + j]` for `i < n`, `j < stride`; reads
//!   `regs[r]` for registers below `n_regs` (the fixed inputs `0..n_fixed`, once, before the
//!   loop; constants are immediates); writes nothing to `regs`; and
//!   touches `out[i * n_outputs + k]` for `i < n` ([`RowsMode::Write`]) or `out[k]`
//!   ([`RowsMode::Sum`]), `k < n_outputs`. [`super::native::NativeRows::run`] checks the slices
//!   against these bounds before calling it.
//! * Only programs of at most [`CHUNK`] instructions get a row loop (one function, the
//!   backtracking register allocator); longer ones run their chunks once per row.

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{types, AbiParam, BlockArg, InstBuilder, MemFlagsData, UserFuncName};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_module::{Linkage, Module};

use super::native::NativeRows;
use super::{codegen, constants, offset, Chunk, JitError, Lowering, CHUNK};
use crate::tape::Tape;

/// What a row loop does with the outputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RowsMode {
    /// Row `i`'s outputs go to `out[i * n_outputs..]` (the batch entry point).
    Write,
    /// Each output is added to `out[k]`, row after row (per-sample losses and gradients summed
    /// over a batch).
    Sum,
}

/// Whether `tape` is short enough for a row loop.
pub(crate) fn has_row_loop(tape: &Tape) -> bool {
    tape.instrs().len() <= CHUNK
}

/// Lowers `tape` as a loop over rows whose inputs `n_fixed..n_inputs` come from each row and
/// whose first `n_fixed` inputs are read from the register file once.
///
/// The caller guarantees [`has_row_loop`] and `n_fixed <= tape.n_inputs()`.
pub(crate) fn lower_rows(
    tape: &Tape,
    n_fixed: usize,
    mode: RowsMode,
) -> Result<NativeRows, JitError> {
    debug_assert!(has_row_loop(tape) && n_fixed <= tape.n_inputs());
    let Lowering {
        mut module,
        unary,
        binary,
    } = Lowering::new(tape.instrs().len())?;
    let ptr = module.target_config().pointer_type();
    let mut sig = module.make_signature();
    sig.params.extend([AbiParam::new(ptr); 4]);
    let id = module
        .declare_function("rows", Linkage::Local, &sig)
        .map_err(codegen)?;
    let mut ctx = module.make_context();
    ctx.func.signature = sig;
    ctx.func.name = UserFuncName::user(0, id.as_u32());
    let mut fctx = FunctionBuilderContext::new();

    let n_regs = tape.n_regs();
    let stride = tape.n_inputs() - n_fixed;
    let outs = tape.output_regs();
    let n_out = outs.len();
    let is_const = constants(tape);
    let mut cur = vec![None; n_regs];
    let mut touched = Vec::new();
    let trusted = MemFlagsData::trusted();
    let step_rows = i64::try_from(stride * 8).map_err(codegen)?;
    let step_out = match mode {
        RowsMode::Write => i64::try_from(n_out * 8).map_err(codegen)?,
        RowsMode::Sum => 0,
    };
    {
        let mut b = FunctionBuilder::new(&mut ctx.func, &mut fctx);
        let entry = b.create_block();
        let body = b.create_block();
        let exit = b.create_block();
        b.append_block_params_for_function_params(entry);
        // The loop's state: row index, row pointer, output pointer, then the sums.
        for _ in 0..3 {
            b.append_block_param(body, ptr);
        }
        let n_sums = if mode == RowsMode::Sum { n_out } else { 0 };
        for _ in 0..n_sums {
            b.append_block_param(body, types::F64);
            b.append_block_param(exit, types::F64);
        }

        b.switch_to_block(entry);
        let p = b.block_params(entry).to_vec();
        let (regs, rows, n, out) = (p[0], p[1], p[2], p[3]);
        let mut args = vec![
            BlockArg::Value(b.ins().iconst(ptr, 0)),
            rows.into(),
            out.into(),
        ];
        let mut exit_args = Vec::new();
        for k in 0..n_sums {
            let s = b.ins().load(types::F64, trusted, out, offset_of(k)?);
            args.push(s.into());
            exit_args.push(s.into());
        }
        // The fixed inputs are loop invariants: loaded once, kept in machine registers.
        let mut fixed = Vec::with_capacity(n_fixed);
        for k in 0..n_fixed {
            fixed.push(b.ins().load(types::F64, trusted, regs, offset(reg(k)?)));
        }
        b.ins().brif(n, body, &args, exit, &exit_args);

        b.switch_to_block(body);
        let p = b.block_params(body).to_vec();
        let (i, row, o) = (p[0], p[1], p[2]);
        let fu = module.declare_func_in_func(unary, b.func);
        let fb = module.declare_func_in_func(binary, b.func);
        let mut cx = Chunk {
            b,
            regs,
            fu,
            fb,
            trusted,
            cur: &mut cur,
            touched: &mut touched,
            is_const: &is_const,
        };
        for (k, &v) in fixed.iter().enumerate() {
            cx.set(reg(k)?, v);
        }
        for k in 0..stride {
            let v = cx.b.ins().load(types::F64, trusted, row, offset_of(k)?);
            cx.set(reg(n_fixed + k)?, v);
        }
        for ins in tape.instrs() {
            cx.instr(ins);
        }
        let mut next = Vec::with_capacity(3 + n_sums);
        let i1 = cx.b.ins().iadd_imm_s(i, 1);
        let row1 = cx.b.ins().iadd_imm_s(row, step_rows);
        let o1 = cx.b.ins().iadd_imm_s(o, step_out);
        next.extend([i1, row1, o1].map(BlockArg::Value));
        let mut sums = Vec::with_capacity(n_sums);
        for (k, &r) in outs.iter().enumerate() {
            let v = cx.get(r);
            match mode {
                RowsMode::Write => {
                    cx.b.ins().store(trusted, v, o, offset_of(k)?);
                }
                RowsMode::Sum => {
                    let s = cx.b.ins().fadd(p[3 + k], v);
                    next.push(s.into());
                    sums.push(s.into());
                }
            }
        }
        for r in cx.touched.drain(..) {
            cx.cur[r as usize] = None;
        }
        let more = cx.b.ins().icmp(IntCC::UnsignedLessThan, i1, n);
        cx.b.ins().brif(more, body, &next, exit, &sums);

        let mut b = cx.b;
        b.switch_to_block(exit);
        let p = b.block_params(exit).to_vec();
        for (k, &s) in p.iter().enumerate() {
            b.ins().store(trusted, s, out, offset_of(k)?);
        }
        b.ins().return_(&[]);
        b.seal_all_blocks();
        b.finalize(module.target_config());
    }
    module.define_function(id, &mut ctx).map_err(codegen)?;
    module.clear_context(&mut ctx);
    module.finalize_definitions().map_err(codegen)?;
    let out_len = match mode {
        RowsMode::Write => (n_out, 0),
        RowsMode::Sum => (0, n_out),
    };
    Ok(NativeRows::new(module, id, n_regs, stride, out_len))
}

/// The byte offset of the `k`-th `f64` of a row or of the outputs.
fn offset_of(k: usize) -> Result<i32, JitError> {
    i32::try_from(k * 8).map_err(codegen)
}

/// Input `k` as a register index.
fn reg(k: usize) -> Result<crate::tape::Reg, JitError> {
    crate::tape::Reg::try_from(k).map_err(codegen)
}
