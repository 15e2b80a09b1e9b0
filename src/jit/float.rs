//! The evaluation types native code is generated for, `f64` and `f32`: what the lowering needs to
//! know of each (its Cranelift scalar and vector types, its size, how to write a constant) and
//! the `extern "C"` shims that call the interpreter's own operator functions in that type.
//!
//! # Invariants
//!
//! * [`NativeFloat`] is sealed: implemented for `f64` and `f32` only, whose Rust layout and C
//!   calling convention are those of the Cranelift types `F64` and `F32` (`native.rs` relies on
//!   it when it calls generated code through function pointers in the type).
//! * The shims of a type are the interpreter's evaluation in that type (`op.eval::<F>`, what
//!   `Tape`'s interpreter calls for `Instr::Unary` / `Instr::Binary`), so native code and the
//!   interpreter compute `sin`, `pow`, `min`, ... with the same function; they touch no memory.

use cranelift_codegen::ir::immediates::{Ieee32, Ieee64};
use cranelift_codegen::ir::{types, InstBuilder, Type, Value};
use cranelift_frontend::FunctionBuilder;
use num_traits::Float;

use crate::ops::{Binary, Unary};

/// An evaluation type native code is generated for: `f64` or `f32` (sealed). [`crate::JitTape`]
/// runs both with the same instruction order and roundings as the interpreter in that type.
///
/// ```
/// fn native<F: nabla::NativeFloat>() {}
/// native::<f64>();
/// native::<f32>();
/// ```
pub trait NativeFloat: Float + Send + Sync + std::fmt::Debug + 'static + sealed::Sealed {}

impl NativeFloat for f64 {}
impl NativeFloat for f32 {}

pub(crate) mod sealed {
    use super::{Builder, Type, Value};

    /// What the lowering needs of an evaluation type (see [`super::NativeFloat`]).
    pub trait Sealed: Copy {
        /// The Cranelift scalar type.
        const TY: Type;
        /// The Cranelift 128-bit vector type of row loops.
        const VEC: Type;
        /// Lanes in [`Sealed::VEC`].
        const LANES: u8;
        /// Bytes per value.
        const SIZE: u32;
        /// The type's name, for shim symbols.
        const NAME: &'static str;
        /// A constant with exactly the bits of `v`.
        #[doc(hidden)]
        fn konst(b: &mut Builder<'_>, v: Self) -> Value;
        /// The address of the one-argument shim (`extern "C" fn(u32, Self) -> Self`).
        #[doc(hidden)]
        fn unary_shim() -> *const u8;
        /// The address of the two-argument shim (`extern "C" fn(u32, Self, Self) -> Self`).
        #[doc(hidden)]
        fn binary_shim() -> *const u8;
    }
}

/// The function builder (a shorter name for the sealed trait's signature).
pub(crate) type Builder<'a> = FunctionBuilder<'a>;

/// Defines the shims and the [`sealed::Sealed`] impl of one type.
macro_rules! native_float {
    ($t:ty, $ty:expr, $vec:expr, $lanes:expr, $name:literal, $imm:ident, $konst:ident,
     $unary:ident, $binary:ident) => {
        /// The shim for every one-argument operator: the interpreter's own evaluation.
        extern "C" fn $unary(op: u32, a: $t) -> $t {
            match Unary::ALL.get(op as usize) {
                Some(op) => op.eval(a),
                None => <$t>::NAN,
            }
        }

        /// The shim for every two-argument operator: the interpreter's own evaluation.
        extern "C" fn $binary(op: u32, a: $t, b: $t) -> $t {
            match Binary::ALL.get(op as usize) {
                Some(op) => op.eval(a, b),
                None => <$t>::NAN,
            }
        }

        impl sealed::Sealed for $t {
            const TY: Type = $ty;
            const VEC: Type = $vec;
            const LANES: u8 = $lanes;
            const SIZE: u32 = std::mem::size_of::<$t>() as u32;
            const NAME: &'static str = $name;

            fn konst(b: &mut Builder<'_>, v: Self) -> Value {
                b.ins().$konst($imm::with_bits(v.to_bits()))
            }

            fn unary_shim() -> *const u8 {
                $unary as *const u8
            }

            fn binary_shim() -> *const u8 {
                $binary as *const u8
            }
        }
    };
}

native_float!(
    f64,
    types::F64,
    types::F64X2,
    2,
    "f64",
    Ieee64,
    f64const,
    unary_shim_f64,
    binary_shim_f64
);
native_float!(
    f32,
    types::F32,
    types::F32X4,
    4,
    "f32",
    Ieee32,
    f32const,
    unary_shim_f32,
    binary_shim_f32
);
