//! Native code's ownership and execution: the only `unsafe` of the native back end.
//!
//! # Invariants
//!
//! * [`NativeCode`] owns the [`JITModule`] whose memory holds its functions; the function pointers
//!   are valid exactly as long as the module lives, and the module's memory is freed when (and
//!   only when) the [`NativeCode`] is dropped, which needs `&mut self`, so no call can be running.
//! * Every function in a [`NativeCode`] reads and writes `regs[i]` only for `i < n_regs` (the
//!   lowering in `super` addresses registers of the tape, whose indices are all below the tape's
//!   `n_regs`, checked when the tape was compiled), and calls only the `extern "C"` shims of
//!   `super`, which touch no memory. [`NativeCode::run`] checks `regs.len() == n_regs` before
//!   calling any of them.
//! * After [`NativeCode::new`] the module is never used again except to free it, so sharing a
//!   `NativeCode` between threads shares only immutable machine code.

use cranelift_jit::JITModule;
use cranelift_module::FuncId;

/// The machine-code signature of one chunk of a lowered program.
type ChunkFn = unsafe extern "C" fn(regs: *mut f64);

/// Finalized machine code for one program: its chunks, run in order on one register file.
pub(crate) struct NativeCode {
    /// `Some` until dropped; the memory behind `chunks`.
    module: Option<JITModule>,
    chunks: Vec<ChunkFn>,
    n_regs: usize,
}

impl std::fmt::Debug for NativeCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NativeCode")
            .field("chunks", &self.chunks.len())
            .field("n_regs", &self.n_regs)
            .finish()
    }
}

// SAFETY: after construction the module is only read for freeing it in `drop` (which has
// exclusive access); the chunks are immutable machine code, callable from any thread with a
// register file of its own (`run` takes `&mut [f64]`).
unsafe impl Send for NativeCode {}
// SAFETY: as above; `&NativeCode` only allows `run`, which touches nothing in `self` but the
// code pointers.
unsafe impl Sync for NativeCode {}

impl NativeCode {
    /// Takes a module whose definitions are finalized, and the ids of the chunk functions (each
    /// with the signature [`ChunkFn`]) in execution order.
    ///
    /// The caller (the lowering in `super`) guarantees the invariants of this module: every
    /// chunk only touches registers below `n_regs` and calls only the shims.
    pub(crate) fn new(module: JITModule, ids: &[FuncId], n_regs: usize) -> NativeCode {
        let chunks = ids
            .iter()
            .map(|&id| {
                let p = module.get_finalized_function(id);
                // SAFETY: `id` names a function defined with the `ChunkFn` signature (the platform's
                // C calling convention, one pointer argument, no result) in this finalized module;
                // a code pointer and a function pointer have the same size on the supported
                // targets.
                unsafe { std::mem::transmute::<*const u8, ChunkFn>(p) }
            })
            .collect();
        NativeCode {
            module: Some(module),
            chunks,
            n_regs,
        }
    }

    /// Runs every chunk, in order, on `regs`.
    ///
    /// # Panics
    ///
    /// If `regs` does not hold exactly the program's register count (an internal error: the
    /// workspace checks come first).
    #[inline]
    pub(crate) fn run(&self, regs: &mut [f64]) {
        assert_eq!(regs.len(), self.n_regs, "internal error: workspace size");
        let p = regs.as_mut_ptr();
        for &chunk in &self.chunks {
            // SAFETY: `regs` is exclusively borrowed and holds `n_regs` values; the chunk accesses
            // only indices below `n_regs` (module invariant) and its memory lives as long as
            // `self.module`.
            unsafe { chunk(p) };
        }
    }
}

impl Drop for NativeCode {
    fn drop(&mut self) {
        if let Some(m) = self.module.take() {
            // SAFETY: `&mut self`: no chunk is running, and the pointers in `self.chunks` are
            // dropped with `self` without being called again.
            unsafe { m.free_memory() };
        }
    }
}

/// `x` as a slice of `f64` when `T` is `f64` (the native code's only type), else `None`.
pub(crate) fn as_f64<T: 'static>(x: &[T]) -> Option<&[f64]> {
    if std::any::TypeId::of::<T>() == std::any::TypeId::of::<f64>() {
        // SAFETY: `T` is `f64` (equal `TypeId`s), so the slice is already a `[f64]`.
        Some(unsafe { std::slice::from_raw_parts(x.as_ptr().cast::<f64>(), x.len()) })
    } else {
        None
    }
}

/// `x` as a mutable slice of `f64` when `T` is `f64`, else `None`.
pub(crate) fn as_f64_mut<T: 'static>(x: &mut [T]) -> Option<&mut [f64]> {
    if std::any::TypeId::of::<T>() == std::any::TypeId::of::<f64>() {
        // SAFETY: `T` is `f64` (equal `TypeId`s); the exclusive borrow moves into the result.
        Some(unsafe { std::slice::from_raw_parts_mut(x.as_mut_ptr().cast::<f64>(), x.len()) })
    } else {
        None
    }
}

/// `v` as an `f64` when `T` is `f64`, else `None` (the way back for a returned value).
pub(crate) fn from_f64<T: Copy + 'static>(v: f64) -> Option<T> {
    (&v as &dyn std::any::Any).downcast_ref::<T>().copied()
}
