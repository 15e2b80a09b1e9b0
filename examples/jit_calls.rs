//! A driver for counting instructions per native call (feature `jit`): Beale's value+gradient
//! (or, with a second argument `rosenbrock`, the 10,000-variable Rosenbrock value+gradient of
//! `benches/jit.rs`) through `Function::value_and_grad` on native code, `N` times (first
//! argument, default 1,000,000). Run it under `valgrind --tool=callgrind` at two counts; the
//! difference over the difference in calls is the cost of one call (`--tool=cachegrind
//! --cache-sim=yes` gives the instruction-cache misses the same way).
//!
//! ```text
//! cargo build --release --example jit_calls
//! valgrind --tool=callgrind target/release/examples/jit_calls 1000000
//! valgrind --tool=callgrind target/release/examples/jit_calls 100 rosenbrock
//! ```

use std::hint::black_box;

use nabla::{Backend, Function};

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .map_or(1_000_000, |s| s.parse().expect("a count"));
    let (src, p) = if args.next().as_deref() == Some("rosenbrock") {
        let n = 10_000;
        let src = (1..=n / 2)
            .map(|i| {
                let (a, b) = (2 * i - 1, 2 * i);
                format!("100*(x{b} - x{a}^2)^2 + (1 - x{a})^2")
            })
            .collect::<Vec<_>>()
            .join(" + ");
        let x: Vec<f64> = (0..n)
            .map(|i| if i % 2 == 0 { -1.2 } else { 1.0 })
            .collect();
        (src, x)
    } else {
        (
            "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2".to_string(),
            vec![3.0, 4.0],
        )
    };
    let mut f = Function::parse(&src)
        .and_then(|f| f.with_backend(Backend::Native))
        .expect("compiles natively");
    let mut g = vec![0.0; p.len()];
    let mut s = 0.0;
    for _ in 0..n {
        s += f.value_and_grad(black_box(&p), black_box(&mut g));
    }
    println!("{s} {:?}", &g[..2]);
}
