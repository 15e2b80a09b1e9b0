//! Native code (feature `jit`) beside the interpreter and hand-written Rust, in the same criterion
//! groups so ratios are read off one run: Beale value and value+gradient (in `f64`, and the
//! value+gradient in `f32` beside a hand-written `f32` gradient), 10,000-variable
//! Rosenbrock value+gradient, the 500x500 Beale grid through the batch entry point, and the cost
//! of compiling to native code (Beale; 10,000-variable Rosenbrock), which with the per-evaluation
//! savings gives the break-even number of evaluations behind `Backend::Auto`'s budget.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use nabla::{Backend, Function, JitTape};

mod common;

use common::{
    beale_hand, beale_hand_grad, beale_hand_grad_f32, rosenbrock_hand_grad, rosenbrock_src, BEALE,
};

fn both(src: &str) -> (Function, Function) {
    let tape = Function::parse(src)
        .expect("parses")
        .with_backend(Backend::Interpreter)
        .expect("interpreter");
    let native = tape.clone().with_backend(Backend::Native).expect("native");
    (tape, native)
}

fn beale(c: &mut Criterion) {
    let (mut t, mut j) = both(BEALE);
    let mut group = c.benchmark_group("jit/beale");
    let p = [3.0, 4.0];
    let mut g = [0.0; 2];
    group.bench_function("hand/value", |b| {
        b.iter(|| beale_hand(black_box(p[0]), black_box(p[1])))
    });
    group.bench_function("tape/value", |b| b.iter(|| t.value(black_box(&p))));
    group.bench_function("native/value", |b| b.iter(|| j.value(black_box(&p))));
    group.bench_function("hand/value_grad", |b| {
        b.iter(|| {
            let mut g2 = [0.0; 2];
            let v = beale_hand_grad(black_box(p[0]), black_box(p[1]), &mut g2);
            (v, g2)
        })
    });
    group.bench_function("tape/value_grad", |b| {
        b.iter(|| t.value_and_grad(black_box(&p), &mut g))
    });
    group.bench_function("native/value_grad", |b| {
        b.iter(|| j.value_and_grad(black_box(&p), &mut g))
    });
    let tape = t.value_grad_tape().tape().clone();
    group.bench_function("compile/native_value_grad", |b| {
        b.iter(|| JitTape::compile(black_box(&tape)).expect("compiles"))
    });
    group.bench_function("compile/parse_diff_compile", |b| {
        b.iter(|| {
            Function::parse(black_box(BEALE))
                .and_then(|f| f.with_backend(Backend::Interpreter))
                .expect("parses")
        })
    });
    group.finish();
}

/// Beale's value+gradient in `f32`: hand-written, interpreted, and native through `Program` (as
/// `Problem` runs it) and through `JitTape` directly; and compiling the `f32` code.
fn beale_f32(c: &mut Criterion) {
    let (t, j) = both(BEALE);
    let (tape, native) = (t.value_grad_tape().clone(), j.value_grad_tape().clone());
    let jit = JitTape::compile(native.tape()).expect("compiles");
    let mut group = c.benchmark_group("jit/beale_f32");
    let p = [3.0f32, 4.0];
    let mut g = [0.0f32; 2];
    let (mut wt, mut wn, mut wj) = (
        tape.workspace::<f32>(),
        native.workspace::<f32>(),
        jit.workspace::<f32>(),
    );
    group.bench_function("hand/value_grad", |b| {
        b.iter(|| {
            let mut g2 = [0.0f32; 2];
            let v = beale_hand_grad_f32(black_box(p[0]), black_box(p[1]), &mut g2);
            (v, g2)
        })
    });
    // The values are unwrapped, as `Function::value_and_grad` returns a plain `f64` in the
    // `f64` group: handing criterion the `Result` itself cost about 4 ns more a call in `f32`
    // (its store and reload), against under 2 ns in `f64`.
    group.bench_function("tape/value_grad", |b| {
        b.iter(|| {
            tape.eval_value_grad(black_box(&p), &mut wt, &mut g)
                .expect("evaluates")
        })
    });
    group.bench_function("native/value_grad", |b| {
        b.iter(|| {
            native
                .eval_value_grad(black_box(&p), &mut wn, &mut g)
                .expect("evaluates")
        })
    });
    group.bench_function("jittape/value_grad", |b| {
        b.iter(|| {
            jit.eval_value_grad(black_box(&p), &mut wj, &mut g)
                .expect("evaluates")
        })
    });
    let tape = t.value_grad_tape().tape().clone();
    group.bench_function("compile/native_value_grad_f64_and_f32", |b| {
        b.iter(|| {
            let j = JitTape::compile(black_box(&tape)).expect("compiles");
            // The first `f32` call compiles the `f32` code.
            let mut ws = j.workspace::<f32>();
            j.eval_value_grad(&p, &mut ws, &mut [0.0; 2]).expect("runs")
        })
    });
    group.finish();
}

fn rosenbrock(c: &mut Criterion) {
    let n = 10_000;
    let src = rosenbrock_src(n);
    let (mut t, mut j) = both(&src);
    let mut group = c.benchmark_group("jit/rosenbrock/10000");
    group.sample_size(10);
    let x: Vec<f64> = (0..n)
        .map(|i| if i % 2 == 0 { -1.2 } else { 1.0 })
        .collect();
    let mut g = vec![0.0; n];
    group.bench_function("hand/value_grad", |b| {
        b.iter(|| rosenbrock_hand_grad(black_box(&x), &mut g))
    });
    group.bench_function("tape/value_grad", |b| {
        b.iter(|| t.value_and_grad(black_box(&x), &mut g))
    });
    group.bench_function("native/value_grad", |b| {
        b.iter(|| j.value_and_grad(black_box(&x), &mut g))
    });
    let tape = t.value_grad_tape().tape().clone();
    group.bench_function("compile/native_value_grad", |b| {
        b.iter(|| JitTape::compile(black_box(&tape)).expect("compiles"))
    });
    group.bench_function("compile/parse_diff_compile", |b| {
        b.iter(|| {
            Function::parse(black_box(&src))
                .and_then(|f| f.with_backend(Backend::Interpreter))
                .expect("parses")
        })
    });
    group.finish();
}

fn grid(c: &mut Criterion) {
    let (t, j) = both(BEALE);
    let (tape, native) = (t.value_tape().clone(), j.value_tape().clone());
    let n = 500;
    let mut pts = Vec::with_capacity(2 * n * n);
    for i in 0..n {
        for k in 0..n {
            pts.push(-4.5 + 9.0 * k as f64 / (n - 1) as f64);
            pts.push(-4.5 + 9.0 * i as f64 / (n - 1) as f64);
        }
    }
    let mut out = vec![0.0; n * n];
    let mut ws = tape.workspace::<f64>();
    let mut group = c.benchmark_group("jit/grid500");
    group.sample_size(20);
    group.bench_function("tape/eval_batch", |b| {
        b.iter(|| tape.eval_batch(black_box(&pts), &mut ws, &mut out))
    });
    group.bench_function("native/eval_batch", |b| {
        b.iter(|| native.eval_batch(black_box(&pts), &mut ws, &mut out))
    });
    group.bench_function("hand/loop", |b| {
        b.iter(|| {
            for (o, p) in out.iter_mut().zip(pts.chunks_exact(2)) {
                *o = beale_hand(p[0], p[1]);
            }
        })
    });
    group.finish();
}

criterion_group!(benches, beale, beale_f32, rosenbrock, grid);
criterion_main!(benches);
