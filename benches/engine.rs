//! Engine benchmarks: every measured nabla function beside a hand-written Rust version of the same
//! function in the same criterion group, so ratios are read off one run.
//!
//! Groups: `beale` (value, value+gradient), `rosenbrock/N` for N = 2, 100, 10,000 (parse,
//! differentiate+compile, value, value+gradient), and `grid500` (a 500x500 contour grid through
//! the batch entry point), and `fanout` (parsing and differentiating
//! `sin(x+1) + ... + sin(x+128000)`, whose variable has 128,000 distinct parent adjoints: the
//! derivative should cost a small multiple of the parse).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use nabla::{Formula, Function};

mod common;

use common::{beale_hand, beale_hand_grad, rosenbrock_hand_grad, rosenbrock_src, BEALE};

fn beale(c: &mut Criterion) {
    let mut f = Function::parse(BEALE).expect("beale parses");
    let mut group = c.benchmark_group("beale");
    let p = [3.0, 4.0];
    let mut g = [0.0; 2];
    group.bench_function("hand/value", |b| {
        b.iter(|| beale_hand(black_box(p[0]), black_box(p[1])))
    });
    group.bench_function("nabla/value", |b| b.iter(|| f.value(black_box(&p))));
    group.bench_function("hand/value_grad", |b| {
        b.iter(|| {
            let mut g2 = [0.0; 2];
            let v = beale_hand_grad(black_box(p[0]), black_box(p[1]), &mut g2);
            (v, g2)
        })
    });
    group.bench_function("nabla/value_grad", |b| {
        b.iter(|| f.value_and_grad(black_box(&p), &mut g))
    });
    group.bench_function("nabla/parse_diff_compile", |b| {
        b.iter(|| Function::parse(black_box(BEALE)).expect("parses"))
    });
    group.finish();
}

fn rosenbrock(c: &mut Criterion) {
    for n in [2usize, 100, 10_000] {
        let src = rosenbrock_src(n);
        let mut group = c.benchmark_group(format!("rosenbrock/{n}"));
        if n >= 10_000 {
            group.sample_size(10);
        }
        group.bench_function(BenchmarkId::new("nabla/parse", n), |b| {
            b.iter(|| Formula::parse(black_box(&src)).expect("parses"))
        });
        group.bench_function(BenchmarkId::new("nabla/parse_diff_compile", n), |b| {
            b.iter(|| Function::parse(black_box(&src)).expect("compiles"))
        });
        let mut f = Function::parse(&src).expect("compiles");
        let x: Vec<f64> = (0..n)
            .map(|i| if i % 2 == 0 { -1.2 } else { 1.0 })
            .collect();
        let mut g = vec![0.0; n];
        group.bench_function(BenchmarkId::new("nabla/value", n), |b| {
            b.iter(|| f.value(black_box(&x)))
        });
        group.bench_function(BenchmarkId::new("nabla/value_grad", n), |b| {
            b.iter(|| f.value_and_grad(black_box(&x), &mut g))
        });
        group.bench_function(BenchmarkId::new("hand/value_grad", n), |b| {
            b.iter(|| rosenbrock_hand_grad(black_box(&x), &mut g))
        });
        group.finish();
    }
}

fn grid(c: &mut Criterion) {
    let f = Function::parse(BEALE).expect("beale parses");
    let tape = f.value_tape().clone();
    let n = 500;
    let mut pts = Vec::with_capacity(2 * n * n);
    for i in 0..n {
        for j in 0..n {
            pts.push(-4.5 + 9.0 * j as f64 / (n - 1) as f64);
            pts.push(-4.5 + 9.0 * i as f64 / (n - 1) as f64);
        }
    }
    let mut out = vec![0.0; n * n];
    let mut ws = tape.workspace::<f64>();
    let mut group = c.benchmark_group("grid500");
    group.sample_size(20);
    group.bench_function("nabla/eval_batch", |b| {
        b.iter(|| tape.eval_batch(black_box(&pts), &mut ws, &mut out))
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

fn fanout(c: &mut Criterion) {
    let src = (1..=128_000)
        .map(|k| format!("sin(x + {k})"))
        .collect::<Vec<_>>()
        .join(" + ");
    let mut group = c.benchmark_group("fanout");
    group.sample_size(10);
    group.bench_function("nabla/parse", |b| {
        b.iter(|| Formula::parse(black_box(&src)).expect("parses"))
    });
    let f = Formula::parse(&src).expect("parses");
    group.bench_function("nabla/differentiate", |b| {
        b.iter_batched(
            || f.clone(),
            |mut f| {
                let (root, vars) = (f.root(), f.vars().to_vec());
                nabla::gradient(f.graph_mut(), root, &vars)
            },
            criterion::BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, beale, rosenbrock, grid, fanout);
criterion_main!(benches);
