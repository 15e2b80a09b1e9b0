//! The hand-written Rust baselines the benchmarks measure nabla against (Beale's function and
//! extended Rosenbrock), shared by `engine.rs` and `jit.rs` so both compare with the same code.
#![allow(dead_code)]

pub const BEALE: &str = "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2";

pub fn beale_hand(x: f64, y: f64) -> f64 {
    let (y2, y3) = (y * y, y * y * y);
    let r1 = 1.5 - x + x * y;
    let r2 = 2.25 - x + x * y2;
    let r3 = 2.625 - x + x * y3;
    r1 * r1 + r2 * r2 + r3 * r3
}

pub fn beale_hand_grad(x: f64, y: f64, g: &mut [f64; 2]) -> f64 {
    let (y2, y3) = (y * y, y * y * y);
    let r1 = 1.5 - x + x * y;
    let r2 = 2.25 - x + x * y2;
    let r3 = 2.625 - x + x * y3;
    g[0] = 2.0 * (r1 * (y - 1.0) + r2 * (y2 - 1.0) + r3 * (y3 - 1.0));
    g[1] = 2.0 * x * (r1 + 2.0 * r2 * y + 3.0 * r3 * y2);
    r1 * r1 + r2 * r2 + r3 * r3
}

/// [`beale_hand_grad`] in `f32`: the same expressions, rounded to `f32` at every step.
pub fn beale_hand_grad_f32(x: f32, y: f32, g: &mut [f32; 2]) -> f32 {
    let (y2, y3) = (y * y, y * y * y);
    let r1 = 1.5 - x + x * y;
    let r2 = 2.25 - x + x * y2;
    let r3 = 2.625 - x + x * y3;
    g[0] = 2.0 * (r1 * (y - 1.0) + r2 * (y2 - 1.0) + r3 * (y3 - 1.0));
    g[1] = 2.0 * x * (r1 + 2.0 * r2 * y + 3.0 * r3 * y2);
    r1 * r1 + r2 * r2 + r3 * r3
}

pub fn rosenbrock_src(n: usize) -> String {
    (1..=n / 2)
        .map(|i| {
            let (a, b) = (2 * i - 1, 2 * i);
            format!("100*(x{b} - x{a}^2)^2 + (1 - x{a})^2")
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

pub fn rosenbrock_hand_grad(x: &[f64], g: &mut [f64]) -> f64 {
    let mut f = 0.0;
    for (xs, gs) in x.chunks_exact(2).zip(g.chunks_exact_mut(2)) {
        let (a, b) = (xs[0], xs[1]);
        let t = b - a * a;
        let s = 1.0 - a;
        f += 100.0 * t * t + s * s;
        gs[0] = -400.0 * a * t - 2.0 * s;
        gs[1] = 200.0 * t;
    }
    f
}
