//! Native code's ownership and execution: the only `unsafe` of the native back end.
//!
//! # Invariants
//!
//! * [`NativeCode`] owns the [`JITModule`] whose memory holds its functions; the function pointers
//!   are valid exactly as long as the module lives, and the module's memory is freed when (and
//!   only when) the [`NativeCode`] is dropped (by its `Owned` field), which needs `&mut self`,
//!   so no call can be running.
//! * Every chunk function in a [`NativeCode`] reads `x[i]` only for `i < n_inputs`, writes
//!   `out[i]` only for `i + 1 < n_outputs`, and reads and writes `regs[i]` only for
//!   `i < n_regs` (the lowering in `super::lower` addresses registers of the tape, whose indices
//!   are all below the tape's `n_regs`, checked when the tape was compiled), and calls only the
//!   `extern "C"` shims of `super::float` (over `op.eval`), which touch no memory.
//!   [`NativeCode::try_run`] checks the three lengths (one comparison) before calling any of
//!   them.
//! * [`NativeRows`] likewise owns the module of its one row-loop function, which reads `regs[i]`
//!   for `i < n_regs`, `rows[i]` for `i < n * stride` and touches `out[i]` for
//!   `i < n * out_per_row + out_fixed` (the lowering in `super::rows` addresses nothing else);
//!   [`NativeRows::run`] checks those lengths before calling it.
//! * After [`NativeCode::new`] (or [`NativeRows::new`]) the module is never used again except to
//!   free it, so sharing one between threads shares only immutable machine code.
//! * **Types.** A [`NativeCode<F>`] or [`NativeRows<F>`] holds functions lowered in `F` (the
//!   lowering in `super::lower` and `super::rows` is generic over the same `F`): their
//!   arguments and results are `F` values and pointers to `F`, with `F` one of `f64`, `f32`
//!   ([`NativeFloat`] is sealed), whose layout and C calling convention are Cranelift's `F64`,
//!   `F32`; lengths count `F` elements, addresses are scaled by `F::SIZE`.

use cranelift_jit::JITModule;
use cranelift_module::FuncId;

use super::NativeFloat;

/// The machine-code signature of one chunk of a program lowered in `F`: inputs not yet
/// overwritten read from `x`, outputs `1..` written to `out[0..]` at their final values,
/// registers that later chunks read kept in `regs`; the last chunk returns output 0.
type ChunkFn<F> = unsafe extern "C" fn(regs: *mut F, x: *const F, out: *mut F) -> F;

/// The machine-code signature of a row loop in `F`: `n` rows of `rows`, outputs written or
/// summed into `out`.
type RowsFn<F> = unsafe extern "C" fn(regs: *mut F, rows: *const F, n: usize, out: *mut F);

/// A finalized module, freed when dropped (and only then).
struct Owned(Option<JITModule>);

impl Drop for Owned {
    fn drop(&mut self) {
        if let Some(m) = self.0.take() {
            // SAFETY: `Owned` sits in a `NativeCode` or `NativeRows`, dropped with `&mut`: no
            // function of the module is running, and the code pointers beside it are dropped
            // with it without being called again.
            unsafe { m.free_memory() };
        }
    }
}

/// The finalized row loop of one program in `F` (see `super::rows`).
pub(crate) struct NativeRows<F> {
    /// The memory behind `f`.
    _module: Owned,
    f: RowsFn<F>,
    n_regs: usize,
    /// Inputs read per row.
    stride: usize,
    /// Outputs written per row (the batch), and outputs summed over all rows (the sums): one of
    /// them is zero.
    out_per_row: usize,
    out_fixed: usize,
}

impl<F> std::fmt::Debug for NativeRows<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NativeRows")
            .field("n_regs", &self.n_regs)
            .field("stride", &self.stride)
            .finish()
    }
}

// SAFETY: as for `NativeCode`: the module is only freed on drop; the function is immutable
// machine code, callable from any thread with slices of its own (`run` takes `&mut`).
unsafe impl<F: NativeFloat> Send for NativeRows<F> {}
// SAFETY: as above.
unsafe impl<F: NativeFloat> Sync for NativeRows<F> {}

impl<F: NativeFloat> NativeRows<F> {
    /// Takes a finalized module and the id of its row loop (signature [`RowsFn`]), which reads
    /// `stride` values per row and writes `out.0` outputs per row or sums `out.1` outputs.
    ///
    /// The caller (the lowering in `super::rows`) guarantees the memory invariants of this
    /// module.
    pub(crate) fn new(
        module: JITModule,
        id: FuncId,
        n_regs: usize,
        stride: usize,
        out: (usize, usize),
    ) -> NativeRows<F> {
        let p = module.get_finalized_function(id);
        // SAFETY: `id` names a function defined with the `RowsFn<F>` signature (the platform's
        // C calling convention, four pointer-sized arguments, no result) in this finalized
        // module.
        let f = unsafe { std::mem::transmute::<*const u8, RowsFn<F>>(p) };
        NativeRows {
            _module: Owned(Some(module)),
            f,
            n_regs,
            stride,
            out_per_row: out.0,
            out_fixed: out.1,
        }
    }

    /// Runs the loop over the `n` rows of `rows`.
    ///
    /// # Panics
    ///
    /// If a slice does not have the loop's length for `n` rows (an internal error: the tape's
    /// checks come first).
    #[inline]
    pub(crate) fn run(&self, regs: &mut [F], rows: &[F], n: usize, out: &mut [F]) {
        assert_eq!(regs.len(), self.n_regs, "internal error: workspace size");
        assert_eq!(rows.len(), n * self.stride, "internal error: rows");
        assert_eq!(
            out.len(),
            n * self.out_per_row + self.out_fixed,
            "internal error: outputs"
        );
        // SAFETY: the lengths match what the function addresses (module invariant), every slice
        // is borrowed for the call (`out` and `regs` exclusively), and the function's memory
        // lives as long as `self`.
        unsafe { (self.f)(regs.as_mut_ptr(), rows.as_ptr(), n, out.as_mut_ptr()) };
    }
}

/// Finalized machine code in `F` for one program with at least one output: its chunks, run in
/// order on one register file.
pub(crate) struct NativeCode<F> {
    /// The memory behind `head` and `last`.
    _module: Owned,
    /// Every chunk but the last, in order (empty for a program of one chunk).
    head: Box<[ChunkFn<F>]>,
    /// The last chunk, which returns output 0 (called directly: no loop for one chunk).
    last: ChunkFn<F>,
    n_regs: usize,
    n_inputs: usize,
    n_outputs: usize,
}

impl<F> std::fmt::Debug for NativeCode<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NativeCode")
            .field("chunks", &(self.head.len() + 1))
            .field("n_regs", &self.n_regs)
            .finish()
    }
}

// SAFETY: after construction the module is only read for freeing it in `drop` (which has
// exclusive access); the chunks are immutable machine code, callable from any thread with a
// register file of its own (`run` takes `&mut [F]`).
unsafe impl<F: NativeFloat> Send for NativeCode<F> {}
// SAFETY: as above; `&NativeCode` only allows `run`, which touches nothing in `self` but the
// code pointers.
unsafe impl<F: NativeFloat> Sync for NativeCode<F> {}

impl<F: NativeFloat> NativeCode<F> {
    /// Takes a module whose definitions are finalized and the ids of the chunk functions (each
    /// with the signature [`ChunkFn<F>`]) in execution order, for a program of `n_regs` registers,
    /// `n_inputs` inputs and `n_outputs >= 1` outputs.
    ///
    /// # Panics
    ///
    /// If `ids` is empty (a program has at least one chunk, possibly empty).
    ///
    /// The caller (the lowering in `super::lower`) guarantees the invariants of this module: every
    /// chunk reads only `regs[..n_regs]` and `x[..n_inputs]`, writes only `regs[..n_regs]` and
    /// `out[..n_outputs - 1]`, and calls only the shims.
    pub(crate) fn new(
        module: JITModule,
        ids: &[FuncId],
        n_regs: usize,
        n_inputs: usize,
        n_outputs: usize,
    ) -> NativeCode<F> {
        let mut chunks: Vec<ChunkFn<F>> = ids
            .iter()
            .map(|&id| {
                let p = module.get_finalized_function(id);
                // SAFETY: `id` names a function defined with the `ChunkFn<F>` signature (the
                // platform's C calling convention, three pointer arguments, an `F` result) in
                // this finalized module; a code pointer and a function pointer have the same size
                // on the supported targets.
                unsafe { std::mem::transmute::<*const u8, ChunkFn<F>>(p) }
            })
            .collect();
        let last = chunks.pop().expect("at least one chunk");
        NativeCode {
            _module: Owned(Some(module)),
            head: chunks.into_boxed_slice(),
            last,
            n_regs,
            n_inputs,
            n_outputs,
        }
    }

    /// Runs every chunk, in order: returns output 0 and writes outputs `1..` to `out`; `None`
    /// (running nothing) when a slice does not have the program's length. The three lengths
    /// are checked with one comparison, before any generated code runs.
    #[inline(always)]
    pub(crate) fn try_run(&self, regs: &mut [F], x: &[F], out: &mut [F]) -> Option<F> {
        // Zero exactly when all three lengths match (`wrapping_add`: a slice of `usize::MAX`
        // elements gives 0, never `n_outputs >= 1`).
        let mismatch = (regs.len() ^ self.n_regs)
            | (x.len() ^ self.n_inputs)
            | (out.len().wrapping_add(1) ^ self.n_outputs);
        if mismatch != 0 {
            return None;
        }
        if !self.head.is_empty() {
            self.run_head(regs, x, out);
        }
        // The pointers are taken after `run_head`'s reborrows, so they are the live ones.
        let (r, xp, o) = (regs.as_mut_ptr(), x.as_ptr(), out.as_mut_ptr());
        // SAFETY: the lengths are what the chunk addresses (checked above; module invariant);
        // `regs` and `out` are exclusively borrowed and `x` borrowed for the call (three
        // distinct slices); the code lives as long as `self`. A program of one chunk ends here
        // in a tail call.
        Some(unsafe { (self.last)(r, xp, o) })
    }

    /// Runs every chunk but the last (programs of more than one chunk; out of line so that
    /// [`NativeCode::try_run`] of a one-chunk program keeps no registers across a call).
    #[inline(never)]
    fn run_head(&self, regs: &mut [F], x: &[F], out: &mut [F]) {
        assert!(
            regs.len() == self.n_regs
                && x.len() == self.n_inputs
                && out.len().wrapping_add(1) == self.n_outputs,
            "internal error: slice lengths"
        );
        let (r, xp, o) = (regs.as_mut_ptr(), x.as_ptr(), out.as_mut_ptr());
        for &chunk in self.head.iter() {
            // SAFETY: the lengths are what the chunks address (checked above; module
            // invariant); `regs` and `out` are exclusively borrowed and `x` borrowed for the
            // call (three distinct slices); the code lives as long as `self`.
            unsafe { chunk(r, xp, o) };
        }
    }

    /// As [`NativeCode::try_run`].
    ///
    /// # Panics
    ///
    /// If a slice has the wrong length (an internal error: the tape's checks come first).
    #[inline]
    pub(crate) fn run(&self, regs: &mut [F], x: &[F], out: &mut [F]) -> F {
        self.try_run(regs, x, out)
            .expect("internal error: slice lengths")
    }
}

/// `x` as a slice of `F` when `T` is `F` (the dispatch of [`crate::Program`] to native code
/// in the evaluation type), else `None`.
pub(crate) fn as_native<T: 'static, F: NativeFloat>(x: &[T]) -> Option<&[F]> {
    if std::any::TypeId::of::<T>() == std::any::TypeId::of::<F>() {
        // SAFETY: `T` is `F` (equal `TypeId`s), so the slice is already a `[F]`.
        Some(unsafe { std::slice::from_raw_parts(x.as_ptr().cast::<F>(), x.len()) })
    } else {
        None
    }
}

/// `x` as a mutable slice of `F` when `T` is `F`, else `None`.
pub(crate) fn as_native_mut<T: 'static, F: NativeFloat>(x: &mut [T]) -> Option<&mut [F]> {
    if std::any::TypeId::of::<T>() == std::any::TypeId::of::<F>() {
        // SAFETY: `T` is `F` (equal `TypeId`s); the exclusive borrow moves into the result.
        Some(unsafe { std::slice::from_raw_parts_mut(x.as_mut_ptr().cast::<F>(), x.len()) })
    } else {
        None
    }
}

/// `v` as a `T` when `T` is `F`, else `None` (the way back for a returned value).
pub(crate) fn from_native<F: NativeFloat, T: Copy + 'static>(v: F) -> Option<T> {
    (&v as &dyn std::any::Any).downcast_ref::<T>().copied()
}
