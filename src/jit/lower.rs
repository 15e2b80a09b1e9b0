//! Lowering a [`Tape`] to Cranelift IR in one evaluation type ([`NativeFloat`]: `f64` or `f32`):
//! the module set-up, the chunked whole-program lowering ([`lower`]), and the per-instruction
//! lowering ([`Chunk`]) that the row loops (`rows.rs`) share.
//!
//! # Invariants
//!
//! * **The interpreter's arithmetic.** Instructions are lowered one by one in the tape's order,
//!   each to the operation the interpreter performs in `F` with the same rounding: `MulAdd` is a
//!   multiply then an add (no fused multiply-add: Cranelift never contracts, and the mid-end is
//!   off), `Square` is `v*v`, `Cube` `v*(v*v)`, `Powi` the binary powering of
//!   [`crate::ops::powi`] unrolled for its exponent, `Unary`/`Binary` a call to the type's shim.
//!   Constants are the workspace's values in `F` (loaded from it, or immediates of
//!   [`crate::tape::round_const`], the rounding that fills every workspace).
//! * **Addresses.** Registers are addressed at `r * F::SIZE` from the register file, inputs at
//!   `i * F::SIZE` from the caller's slice (`i < n_inputs`), outputs `1..` at `(k - 1) * F::SIZE`
//!   from the output slice: nothing else (what `native.rs` relies on). Inputs and outputs may be
//!   addressed through a copy of their pointer moved by a constant ([`Near`]), at the same
//!   addresses.

use cranelift_codegen::ir::{
    types, AbiParam, FuncRef, InstBuilder, MemFlagsData, UserFuncName, Value,
};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{default_libcall_names, FuncId, Linkage, Module};

use super::native::NativeCode;
use super::{JitError, NativeFloat, CHUNK};
use crate::ops::{Binary, Unary};
use crate::tape::{Instr, Reg, Tape};

pub(super) fn codegen<E: std::fmt::Display>(e: E) -> JitError {
    JitError::Codegen(e.to_string())
}

/// A JIT module with the shims of one evaluation type declared, ready for functions.
pub(super) struct Lowering {
    pub(super) module: JITModule,
    pub(super) unary: FuncId,
    pub(super) binary: FuncId,
}

impl Lowering {
    /// A module for code in `F`, with the backtracking register allocator.
    pub(super) fn new<F: NativeFloat>() -> Result<Lowering, JitError> {
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
            // The backtracking register allocator for every function, though it compiles about
            // twice as slowly as the single-pass one: in straight-line code of the tape's order
            // its code is smaller (fewer of the registers that need longer encodings) and it
            // keeps each chunk's constants in registers, where the single-pass one spilled
            // them and reloaded them at each use. 10,000-variable Rosenbrock value+gradient
            // (before the `Near` copies): 435 KB of code instead of 613 KB, 6,800
            // instruction-cache misses a call instead of 9,600 (cachegrind), 85,400
            // instructions instead of 91,800 (callgrind), 10-11 us a call instead of 17-19;
            // compiling it 112-157 ms instead of 51-74 (`benches/jit.rs`, interleaved runs).
            // Beale's value+gradient (one chunk): 14 ns single-pass, 10 backtracking.
            ("regalloc_algorithm", "backtracking"),
        ] {
            flags.set(k, v).map_err(codegen)?;
        }
        let isa = cranelift_native::builder()
            .map_err(|e| JitError::Unsupported(e.to_string()))?
            .finish(settings::Flags::new(flags))
            .map_err(codegen)?;
        let mut jb = JITBuilder::with_isa(isa, default_libcall_names());
        let (unary, binary) = (
            format!("nabla_unary_shim_{}", F::NAME),
            format!("nabla_binary_shim_{}", F::NAME),
        );
        jb.symbol(&unary, F::unary_shim());
        jb.symbol(&binary, F::binary_shim());
        let mut module = JITModule::new(jb);

        let mut sig_u = module.make_signature();
        sig_u
            .params
            .extend([AbiParam::new(types::I32), AbiParam::new(F::TY)]);
        sig_u.returns.push(AbiParam::new(F::TY));
        let mut sig_b = module.make_signature();
        sig_b.params.extend([
            AbiParam::new(types::I32),
            AbiParam::new(F::TY),
            AbiParam::new(F::TY),
        ]);
        sig_b.returns.push(AbiParam::new(F::TY));
        let unary = module
            .declare_function(&unary, Linkage::Import, &sig_u)
            .map_err(codegen)?;
        let binary = module
            .declare_function(&binary, Linkage::Import, &sig_b)
            .map_err(codegen)?;
        Ok(Lowering {
            module,
            unary,
            binary,
        })
    }
}

/// The constant of each register in `F` (as every workspace holds it), `None` for the others.
pub(super) fn constants<F: NativeFloat>(tape: &Tape) -> Vec<Option<F>> {
    let mut is_const = vec![None; tape.n_regs()];
    for &(r, c) in tape.consts() {
        is_const[r as usize] = Some(crate::tape::round_const::<F>(c));
    }
    is_const
}

/// Lowers the whole tape: one function per chunk, finalized (`None` for a program without
/// outputs, which has nothing to run). Inputs are read from the caller's slice until a chunk
/// overwrites their register; outputs `1..` are stored to the caller's slice at their final
/// writes (or at the end, for inputs and constants); the last chunk returns output 0.
pub(super) fn lower<F: NativeFloat>(tape: &Tape) -> Result<Option<NativeCode<F>>, JitError> {
    let outs = tape.output_regs();
    if outs.is_empty() {
        return Ok(None);
    }
    let Lowering {
        mut module,
        unary: unary_id,
        binary: binary_id,
    } = Lowering::new::<F>()?;
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
    sig.returns.push(AbiParam::new(F::TY));
    let store = stores_after(tape, &chunks);
    // The slots of `out` each register fills (outputs `1..`), and whether each instruction is
    // the last write of its register.
    let mut slots: Vec<Vec<i32>> = vec![Vec::new(); n_regs];
    for (k, &r) in outs.iter().enumerate().skip(1) {
        slots[r as usize].push(i32::try_from((k - 1) * F::SIZE as usize).map_err(codegen)?);
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
    let is_const = constants::<F>(tape);

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
            let (reads, writes) = accesses::<F>(chunk, pos, (n_inputs, &written), (&last, &slots));
            let mut cx = Chunk {
                b,
                regs,
                fu,
                fb,
                trusted,
                cur: &mut cur,
                touched: &mut touched,
                is_const: &is_const,
                lanes: 1,
                inputs: Some((Near::new(x, &reads), n_inputs, &written)),
            };
            let mut near_out = Near::new(out, &writes);
            for ins in chunk.iter() {
                let (d, v) = cx.instr(ins);
                if store[pos] {
                    cx.b.ins().store(trusted, v, regs, offset::<F>(d));
                }
                if last[pos] {
                    for &at in &slots[d as usize] {
                        let (p, at) = near_out.addr(&mut cx.b, at);
                        cx.b.ins().store(trusted, v, p, at);
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
                cx.konst(F::zero())
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

/// The byte offset of a register in `F` (register indices are below `n_regs`, a vector length,
/// so the product fits in `i32` for any program of fewer than 2^28 registers).
pub(super) fn offset<F: NativeFloat>(r: Reg) -> i32 {
    i32::try_from(u64::from(r) * u64::from(F::SIZE)).expect("register file under 2 GiB")
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

/// A pointer argument and copies of it moved near the accesses that follow: x86-64 encodes a
/// displacement in `-128..128` in one byte instead of four, and a long program reads its inputs
/// and writes its outputs (thousands of bytes of them) in about their order (10,000-variable
/// Rosenbrock's value+gradient: 4 of each term's 17 instructions, two loads and two stores).
/// A copy costs one `lea` (7 bytes), so it is made only where at least 3 of the next 16
/// accesses (the chunk's order, known before lowering it) fall in its reach; other accesses keep
/// 32-bit displacements from the pointer itself.
#[derive(Clone, Copy)]
pub(super) struct Near<'a> {
    ptr: Value,
    /// The current copy and its offset from `ptr` (`ptr` itself at first).
    base: Value,
    at: i32,
    /// The offsets of the accesses to come, the next one first (a hint: an access not announced
    /// here is served all the same).
    next: &'a [i32],
}

impl<'a> Near<'a> {
    pub(super) fn new(ptr: Value, next: &'a [i32]) -> Near<'a> {
        Near {
            ptr,
            base: ptr,
            at: 0,
            next,
        }
    }

    /// The address `ptr + off` as a pointer value and a displacement from it.
    pub(super) fn addr(&mut self, b: &mut FunctionBuilder, off: i32) -> (Value, i32) {
        let ahead = match self.next.split_first() {
            Some((&o, rest)) if o == off => {
                let ahead = &self.next[..self.next.len().min(16)];
                self.next = rest;
                ahead
            }
            _ => &[],
        };
        let from = |x: i32| i64::from(off) - i64::from(x);
        if (-128..128).contains(&from(self.at)) {
            return (self.base, off - self.at);
        }
        if (-128..128).contains(&from(0)) {
            return (self.ptr, off);
        }
        // A copy 120 bytes ahead of `off` reaches from 8 bytes back to 247 on, one 120 bytes
        // behind it from 248 back to 7 on.
        let count = |lo: i64, hi: i64| {
            ahead
                .iter()
                .filter(|&&o| (lo..=hi).contains(&-from(o)))
                .count()
        };
        let (forward, backward) = (count(-8, 247), count(-248, 7));
        let step = if forward >= backward { 120 } else { -120 };
        let Some(at) = off.checked_add(step).filter(|_| forward.max(backward) >= 3) else {
            return (self.ptr, off);
        };
        let ty = b.func.dfg.value_type(self.ptr);
        let moved = b.ins().iadd_imm_s(self.ptr, i64::from(at));
        // A bitcast to its own type (no machine instruction) keeps the instruction selector
        // from folding the addition back into each access's displacement.
        self.base = b.ins().bitcast(ty, MemFlagsData::new(), moved);
        self.at = at;
        (self.base, off - at)
    }
}

/// The offsets at which lowering `chunk` (instructions from `start` on) will read inputs from
/// the caller's slice and write outputs to it, in that order (see [`Chunk::get`] and [`lower`]).
fn accesses<F: NativeFloat>(
    chunk: &[Instr],
    start: usize,
    (n_inputs, written): (usize, &[bool]),
    (last, slots): (&[bool], &[Vec<i32>]),
) -> (Vec<i32>, Vec<i32>) {
    let (mut reads, mut writes) = (Vec::new(), Vec::new());
    let mut got = vec![false; n_inputs];
    for (i, ins) in chunk.iter().enumerate() {
        let (d, srcs) = operands(ins);
        for s in srcs.into_iter().flatten() {
            let s = s as usize;
            if s < n_inputs && !written[s] && !got[s] {
                got[s] = true;
                reads.push(offset::<F>(s as Reg));
            }
        }
        if let Some(g) = got.get_mut(d as usize) {
            *g = true;
        }
        if last[start + i] {
            writes.extend(&slots[d as usize]);
        }
    }
    (reads, writes)
}

/// The state of lowering one chunk (or one row loop's body) in `F`.
pub(super) struct Chunk<'a, F> {
    pub(super) b: FunctionBuilder<'a>,
    pub(super) regs: Value,
    pub(super) fu: FuncRef,
    pub(super) fb: FuncRef,
    pub(super) trusted: MemFlagsData,
    pub(super) cur: &'a mut Vec<Option<Value>>,
    pub(super) touched: &'a mut Vec<Reg>,
    pub(super) is_const: &'a [Option<F>],
    /// Rows at once: 1 (scalar code), or `F::LANES` (every value is an `F::VEC`, lane `j` is
    /// row `j`'s; operators the processor has no instruction for are called once per lane).
    pub(super) lanes: u8,
    /// The caller's input pointer, the input count, and which registers earlier chunks wrote:
    /// an input register not yet written is loaded from the caller's slice (once per chunk).
    pub(super) inputs: Option<(Near<'a>, usize, &'a [bool])>,
}

impl<F: NativeFloat> Chunk<'_, F> {
    /// The value of a register: set in this chunk, a constant, or loaded from the register file.
    pub(super) fn get(&mut self, r: Reg) -> Value {
        if let Some(v) = self.cur[r as usize] {
            return v;
        }
        if let Some((x, n, written)) = &mut self.inputs {
            if (r as usize) < *n && !written[r as usize] {
                let (p, at) = x.addr(&mut self.b, offset::<F>(r));
                let v = self.b.ins().load(F::TY, self.trusted, p, at);
                self.set(r, v);
                return v;
            }
        }
        match self.is_const[r as usize] {
            // Scalar constants are read from the register file (where every workspace holds
            // them) once per chunk (or row loop iteration), at their first use, and kept in a
            // machine register for the rest of it: a chunk uses a few constants many times
            // (10,000-variable Rosenbrock's value+gradient: 5 constants in 24% of its
            // operands), and a register operand encodes in 4 bytes where a load from the
            // register file folded into the operation took 8-9 (a 32-bit displacement).
            // Loaded rather than an immediate, which is moved through an integer register.
            Some(_) if self.lanes == 1 => {
                let v = self
                    .b
                    .ins()
                    .load(F::TY, self.trusted, self.regs, offset::<F>(r));
                self.set(r, v);
                v
            }
            // Registers from earlier chunks are loaded at each use, not kept live across the
            // chunk.
            Some(c) => self.konst(c),
            None => {
                let v = self
                    .b
                    .ins()
                    .load(F::TY, self.trusted, self.regs, offset::<F>(r));
                self.widen(v)
            }
        }
    }

    /// A constant, with the bits of `c` (in every lane in vector code).
    pub(super) fn konst(&mut self, c: F) -> Value {
        let v = F::konst(&mut self.b, c);
        self.widen(v)
    }

    /// A scalar as this code's value: itself, or in every lane.
    fn widen(&mut self, v: Value) -> Value {
        if self.lanes > 1 {
            self.b.ins().splat(F::VEC, v)
        } else {
            v
        }
    }

    /// `f(a)` per lane: a call to a shim for each row, lane 0 first.
    fn per_lane(&mut self, a: &[Value], f: impl Fn(&mut Self, &[Value]) -> Value) -> Value {
        if self.lanes == 1 {
            return f(self, a);
        }
        let mut v = None;
        for lane in 0..self.lanes {
            let al: Vec<Value> = a
                .iter()
                .map(|&x| self.b.ins().extractlane(x, lane))
                .collect();
            let r = f(self, &al);
            v = Some(match v {
                None => self.b.ins().scalar_to_vector(F::VEC, r),
                Some(v) => self.b.ins().insertlane(v, r, lane),
            });
        }
        v.expect("at least two lanes")
    }

    pub(super) fn set(&mut self, r: Reg, v: Value) {
        if self.cur[r as usize].is_none() {
            self.touched.push(r);
        }
        self.cur[r as usize] = Some(v);
    }

    /// Lowers one instruction; returns its destination and value.
    pub(super) fn instr(&mut self, ins: &Instr) -> (Reg, Value) {
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
        let one = self.konst(F::one());
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
