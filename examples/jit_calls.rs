//! A driver for counting instructions per native call (feature `jit`): Beale's value+gradient
//! through `Function::value_and_grad` on native code, `N` times (first argument, default
//! 1,000,000). Run it under `valgrind --tool=callgrind` at two counts; the difference over the
//! difference in calls is the cost of one call.
//!
//! ```text
//! cargo build --release --example jit_calls
//! valgrind --tool=callgrind target/release/examples/jit_calls 1000000
//! ```

use std::hint::black_box;

use nabla::{Backend, Function};

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .map_or(1_000_000, |s| s.parse().expect("a count"));
    let mut f = Function::parse("(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2")
        .and_then(|f| f.with_backend(Backend::Native))
        .expect("compiles natively");
    let p = [3.0, 4.0];
    let mut g = [0.0; 2];
    let mut s = 0.0;
    for _ in 0..n {
        s += f.value_and_grad(black_box(&p), black_box(&mut g));
    }
    println!("{s} {g:?}");
}
