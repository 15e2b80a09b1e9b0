fn main() {
    let mut f = nabla::Function::parse("x*y").unwrap();
    let n = 1_000_000;
    let mut s = 0.0;
    for i in 0..n {
        let p = [3.0 + (i & 7) as f64 * 1e-3, 4.0];
        s += f.value(std::hint::black_box(&p));
    }
    println!("{s}");
}
