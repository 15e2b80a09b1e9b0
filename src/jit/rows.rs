//! Row loops: one native function that runs a one-chunk program over many rows of inputs in
//! one call, so a batch pays no call, dispatch or workspace round trip per point.
//!
//! [`lower_rows`] emits `f(regs, rows, n, out)` in an evaluation type `F` (`f64` or `f32`): a
//! loop over `n` rows whose body is the program lowered exactly as [`super::lower::lower`]
//! lowers a chunk (same instructions, same order, same roundings), with the row's inputs loaded
//! straight from `rows` into machine registers. Where the processor has 128-bit vectors
//! ([`VECTOR_ROWS`]) the loop runs `F::LANES` rows per iteration (two in `f64x2`, four in
//! `f32x4`), one per lane (a lane rounds exactly as the scalar instruction; shims are called
//! once per lane, lane 0 first), and a scalar loop takes the rows left over.
//!
//! # Invariants
//!
//! * **Same bits.** The body is the interpreter's program; [`RowsMode::Sum`] adds each output to
//!   its running sum in row order (`sum + output`, the interpreter's `*s = *s + v`; lane 0, then
//!   lane 1, ...), the sums living in scalar machine registers between rows and read from /
//!   written to `out` once.
//! * **Memory** (in elements of `F`, addresses scaled by `F::SIZE`). The function reads
//!   `rows[i * stride + j]` for `i < n`, `j < stride`; reads
//!   `regs[r]` for registers below `n_regs` (the fixed inputs `0..n_fixed`, once, before the
//!   loop; constants, in the scalar loop: the vector loop has them as immediates of the same
//!   bits); writes nothing to `regs`; and
//!   touches `out[i * n_outputs + k]` for `i < n` ([`RowsMode::Write`]) or `out[k]`
//!   ([`RowsMode::Sum`]), `k < n_outputs`. [`super::native::NativeRows::run`] checks the slices
//!   against these bounds before calling it.
//! * Only programs of at most [`CHUNK`] instructions get a row loop (one function, the
//!   backtracking register allocator); longer ones run their chunks once per row.

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{AbiParam, BlockArg, InstBuilder, MemFlagsData, UserFuncName, Value};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_module::{Linkage, Module};

use super::lower::{codegen, constants, offset, Chunk, Lowering};
use super::native::NativeRows;
use super::{JitError, NativeFloat, CHUNK};
use crate::tape::Tape;

/// Whether row loops run `F::LANES` rows per iteration in 128-bit vectors (`f64x2`, `f32x4`;
/// each lane rounds exactly as the scalar instruction does): on the processors whose Cranelift
/// back end has 128-bit float vectors in its base instruction set.
const VECTOR_ROWS: bool = cfg!(any(target_arch = "x86_64", target_arch = "aarch64"));

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
pub(crate) fn lower_rows<F: NativeFloat>(
    tape: &Tape,
    n_fixed: usize,
    mode: RowsMode,
) -> Result<NativeRows<F>, JitError> {
    debug_assert!(has_row_loop(tape) && n_fixed <= tape.n_inputs());
    let Lowering {
        mut module,
        unary,
        binary,
    } = Lowering::new::<F>()?;
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
    let is_const = constants::<F>(tape);
    let mut cur = vec![None; n_regs];
    let mut touched = Vec::new();
    let trusted = MemFlagsData::trusted();
    let size = F::SIZE as usize;
    let step_rows = i64::try_from(stride * size).map_err(codegen)?;
    let step_out = match mode {
        RowsMode::Write => i64::try_from(n_out * size).map_err(codegen)?,
        RowsMode::Sum => 0,
    };
    // Rows per iteration of the vector loop.
    let lanes = F::LANES;
    let wide = i64::from(lanes);
    let n_sums = if mode == RowsMode::Sum { n_out } else { 0 };
    {
        let mut b = FunctionBuilder::new(&mut ctx.func, &mut fctx);
        let entry = b.create_block();
        let pairs = b.create_block();
        let tail = b.create_block();
        let single = b.create_block();
        let exit = b.create_block();
        b.append_block_params_for_function_params(entry);
        // The loops' state: row index, row pointer, output pointer, then the sums.
        for block in [pairs, tail, single] {
            for _ in 0..3 {
                b.append_block_param(block, ptr);
            }
            for _ in 0..n_sums {
                b.append_block_param(block, F::TY);
            }
        }
        for _ in 0..n_sums {
            b.append_block_param(exit, F::TY);
        }

        b.switch_to_block(entry);
        let p = b.block_params(entry).to_vec();
        let (regs, rows, n, out) = (p[0], p[1], p[2], p[3]);
        let mut state = vec![
            BlockArg::Value(b.ins().iconst(ptr, 0)),
            rows.into(),
            out.into(),
        ];
        for k in 0..n_sums {
            let s = b.ins().load(F::TY, trusted, out, offset_of::<F>(k)?);
            state.push(s.into());
        }
        // Loop invariants, made once and kept in machine registers: the fixed inputs (scalar
        // and in every lane) and, for the vector loop, the constants (as the workspace holds
        // them) in every lane.
        let mut fixed = Vec::with_capacity(n_fixed);
        let mut fixed_v = Vec::with_capacity(n_fixed);
        let mut consts_v = Vec::new();
        for k in 0..n_fixed {
            let v = b.ins().load(F::TY, trusted, regs, offset::<F>(reg(k)?));
            fixed.push(v);
            if VECTOR_ROWS {
                fixed_v.push(b.ins().splat(F::VEC, v));
            }
        }
        // The vector loop runs while `i + lanes <= n`, i.e. `i < n - (lanes - 1)` once
        // `n >= lanes`.
        let n1 = b.ins().iadd_imm_s(n, 1 - wide);
        if VECTOR_ROWS {
            for (r, c) in is_const.iter().enumerate() {
                if let Some(c) = *c {
                    let v = F::konst(&mut b, c);
                    consts_v.push((reg(r)?, b.ins().splat(F::VEC, v)));
                }
            }
            let enough = b
                .ins()
                .icmp_imm_u(IntCC::UnsignedGreaterThanOrEqual, n, wide);
            b.ins().brif(enough, pairs, &state, tail, &state);
        } else {
            b.ins().jump(tail, &state);
        }

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
            lanes,
            inputs: None,
        };

        // `lanes` rows per iteration, lane `j` holding row `i + j`.
        cx.b.switch_to_block(pairs);
        let p = cx.b.block_params(pairs).to_vec();
        let (i, row, o) = (p[0], p[1], p[2]);
        for (k, &v) in fixed_v.iter().enumerate() {
            cx.set(reg(k)?, v);
        }
        for &(r, v) in &consts_v {
            cx.set(r, v);
        }
        for k in 0..stride {
            let a = cx.b.ins().load(F::TY, trusted, row, offset_of::<F>(k)?);
            // A splat then lanes 1.. (no zeroing of the upper lanes, unlike
            // `scalar_to_vector`).
            let mut v = cx.b.ins().splat(F::VEC, a);
            for lane in 1..lanes {
                let at = offset_of::<F>(usize::from(lane) * stride + k)?;
                let e = cx.b.ins().load(F::TY, trusted, row, at);
                v = cx.b.ins().insertlane(v, e, lane);
            }
            cx.set(reg(n_fixed + k)?, v);
        }
        for ins in tape.instrs() {
            cx.instr(ins);
        }
        let mut next = vec![
            cx.b.ins().iadd_imm_s(i, wide).into(),
            cx.b.ins().iadd_imm_s(row, wide * step_rows).into(),
            cx.b.ins().iadd_imm_s(o, wide * step_out).into(),
        ];
        let mut sums: Vec<Value> = p[3..].to_vec();
        for (k, &r) in outs.iter().enumerate() {
            let v = cx.get(r);
            for lane in 0..lanes {
                let e = cx.b.ins().extractlane(v, lane);
                match mode {
                    RowsMode::Write => {
                        let at = offset_of::<F>(usize::from(lane) * n_out + k)?;
                        cx.b.ins().store(trusted, e, o, at);
                    }
                    RowsMode::Sum => sums[k] = cx.b.ins().fadd(sums[k], e),
                }
            }
        }
        next.extend(sums.iter().map(|&s| BlockArg::Value(s)));
        for r in cx.touched.drain(..) {
            cx.cur[r as usize] = None;
        }
        let BlockArg::Value(i2) = next[0] else {
            unreachable!("made as a value above")
        };
        let more = cx.b.ins().icmp(IntCC::UnsignedLessThan, i2, n1);
        cx.b.ins().brif(more, pairs, &next, tail, &next);

        // Rows left one at a time (fewer than `lanes`).
        cx.b.switch_to_block(tail);
        let p = cx.b.block_params(tail).to_vec();
        let args: Vec<BlockArg> = p.iter().map(|&v| v.into()).collect();
        let sums: Vec<BlockArg> = args[3..].to_vec();
        let left = cx.b.ins().icmp(IntCC::UnsignedLessThan, p[0], n);
        cx.b.ins().brif(left, single, &args, exit, &sums);

        cx.lanes = 1;
        cx.b.switch_to_block(single);
        let p = cx.b.block_params(single).to_vec();
        let (i, row, o) = (p[0], p[1], p[2]);
        for (k, &v) in fixed.iter().enumerate() {
            cx.set(reg(k)?, v);
        }
        for k in 0..stride {
            let v = cx.b.ins().load(F::TY, trusted, row, offset_of::<F>(k)?);
            cx.set(reg(n_fixed + k)?, v);
        }
        for ins in tape.instrs() {
            cx.instr(ins);
        }
        let i1 = cx.b.ins().iadd_imm_s(i, 1);
        let mut next = vec![
            i1.into(),
            cx.b.ins().iadd_imm_s(row, step_rows).into(),
            cx.b.ins().iadd_imm_s(o, step_out).into(),
        ];
        let mut sums = Vec::with_capacity(n_sums);
        for (k, &r) in outs.iter().enumerate() {
            let v = cx.get(r);
            match mode {
                RowsMode::Write => {
                    cx.b.ins().store(trusted, v, o, offset_of::<F>(k)?);
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
        cx.b.ins().brif(more, single, &next, exit, &sums);

        let mut b = cx.b;
        b.switch_to_block(exit);
        let p = b.block_params(exit).to_vec();
        for (k, &s) in p.iter().enumerate() {
            b.ins().store(trusted, s, out, offset_of::<F>(k)?);
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

/// The byte offset of the `k`-th `F` of a row or of the outputs.
fn offset_of<F: NativeFloat>(k: usize) -> Result<i32, JitError> {
    i32::try_from(k * F::SIZE as usize).map_err(codegen)
}

/// Input `k` as a register index.
fn reg(k: usize) -> Result<crate::tape::Reg, JitError> {
    crate::tape::Reg::try_from(k).map_err(codegen)
}
