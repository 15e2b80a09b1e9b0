//! Build script: links the `nabla` binary as a position-dependent executable on Linux with glibc.
//!
//! The binary carries Cranelift (feature `jit`, on by default), whose tables add about 6,000
//! pointers that the dynamic loader would relocate at every start of a position-independent
//! executable: 80,000 instructions and 30 page faults, 0.2-0.3 ms of CPU on a one-line
//! `nabla grad` (`perf stat`, README "Native code"). Linked with `-no-pie`, the image needs no
//! relocation, and a process starts as fast as the binary without native code did. Shared
//! libraries, the heap and the stack keep their randomized addresses; the executable's own
//! image loses address randomization. `NABLA_PIE=1` at build time keeps a position-independent
//! executable. Only the binaries of this package are affected (not the library, tests or
//! examples), and only for `linux-gnu` targets, where `cc` takes `-no-pie`.

fn main() {
    println!("cargo:rerun-if-env-changed=NABLA_PIE");
    println!("cargo:rerun-if-changed=build.rs");
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    let keep_pie = var("NABLA_PIE") == "1";
    if var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu" && !keep_pie {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
