use std::hint::black_box;
fn hand(x: f64, y: f64, g: &mut [f64; 2]) -> f64 {
    let (y2, y3) = (y * y, y * y * y);
    let r1 = 1.5 - x + x * y;
    let r2 = 2.25 - x + x * y2;
    let r3 = 2.625 - x + x * y3;
    g[0] = 2.0 * (r1 * (y - 1.0) + r2 * (y2 - 1.0) + r3 * (y3 - 1.0));
    g[1] = 2.0 * x * (r1 + 2.0 * r2 * y + 3.0 * r3 * y2);
    r1 * r1 + r2 * r2 + r3 * r3
}
fn main() {
    let mut f =
        nabla::Function::parse("(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2")
            .unwrap();
    let n = 10_000_000u32;
    let mut g = [0.0; 2];
    let mut best = (f64::MAX, f64::MAX);
    for _ in 0..7 {
        let tm = std::time::Instant::now();
        for _ in 0..n {
            black_box(f.value_and_grad(black_box(&[3.0, 4.0]), &mut g));
        }
        let a = tm.elapsed().as_secs_f64() * 1e9 / n as f64;
        let tm = std::time::Instant::now();
        for _ in 0..n {
            let p = black_box([3.0, 4.0]);
            black_box(hand(p[0], p[1], &mut g));
            black_box(&g);
        }
        let b = tm.elapsed().as_secs_f64() * 1e9 / n as f64;
        best = (best.0.min(a), best.1.min(b));
    }
    println!(
        "nabla {:.1} ns  hand {:.1} ns  ratio {:.1}",
        best.0,
        best.1,
        best.0 / best.1
    );
}
