//! Fitting benchmarks: one training epoch of `w*x + b` over 1,000,000 in-memory rows (mini-batch
//! SGD, batches of 128, shuffled), through nabla's compiled per-sample gradient tape and beside a
//! hand-written Rust epoch of the same model, loss, batching and shuffling in the same group.
//! Criterion reports rows per second (`Throughput::Elements`). A second pair measures the
//! full-data loss pass that `nabla fit` runs after every epoch.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use nabla::optim::Method;
use nabla::{Batch, Dataset, FitConfig, Fitter};

const ROWS: usize = 1_000_000;
const BATCH: usize = 128;
const LR: f64 = 0.05;

/// `y = 3x - 1 + noise`, x uniform in [-1, 1], from a fixed seed.
fn data() -> (Vec<f64>, Vec<f64>) {
    let mut rng = fastrand::Rng::with_seed(1);
    let xs: Vec<f64> = (0..ROWS).map(|_| 2.0 * rng.f64() - 1.0).collect();
    let ys: Vec<f64> = xs
        .iter()
        .map(|x| 3.0 * x - 1.0 + 0.1 * (rng.f64() - 0.5))
        .collect();
    (xs, ys)
}

/// The same epoch by hand: shuffle, then for each batch the mean gradient of `(w x + b - y)^2`
/// and one SGD step.
struct HandSgd {
    xs: Vec<f64>,
    ys: Vec<f64>,
    order: Vec<usize>,
    rng: fastrand::Rng,
    w: f64,
    b: f64,
}

impl HandSgd {
    fn epoch(&mut self) -> f64 {
        self.rng.shuffle(&mut self.order);
        let mut total = 0.0;
        for chunk in self.order.chunks(BATCH) {
            let (mut gw, mut gb, mut loss) = (0.0, 0.0, 0.0);
            for &r in chunk {
                let (x, y) = (self.xs[r], self.ys[r]);
                let d = self.w * x + self.b - y;
                loss += d * d;
                gw += 2.0 * d * x;
                gb += 2.0 * d;
            }
            let inv = 1.0 / chunk.len() as f64;
            self.w -= LR * gw * inv;
            self.b -= LR * gb * inv;
            total += loss * inv;
        }
        total
    }

    fn loss(&self) -> f64 {
        let s: f64 = self
            .xs
            .iter()
            .zip(&self.ys)
            .map(|(x, y)| {
                let d = self.w * x + self.b - y;
                d * d
            })
            .sum();
        s / ROWS as f64
    }
}

fn epoch(c: &mut Criterion) {
    let (xs, ys) = data();
    let dataset = Dataset::from_columns("bench", &[("x", xs.clone()), ("y", ys.clone())])
        .expect("columns of equal length");
    let cfg = FitConfig::new(&["w", "b"])
        .batch(Batch::Size(BATCH))
        .seed(7)
        .method(Method::parse("gd").expect("gd").lr(LR));
    let mut fitter = Fitter::new("w*x + b", &dataset, &cfg).expect("fit set-up");
    let mut hand = HandSgd {
        xs,
        ys,
        order: (0..ROWS).collect(),
        rng: fastrand::Rng::with_seed(7),
        w: 0.0,
        b: 0.0,
    };

    let mut group = c.benchmark_group("fit_linear_1M");
    group.throughput(Throughput::Elements(ROWS as u64));
    group.sample_size(10);
    group.bench_function("nabla_epoch_sgd128", |bch| {
        bch.iter(|| black_box(fitter.train_epoch().expect("finite")))
    });
    group.bench_function("hand_epoch_sgd128", |bch| {
        bch.iter(|| black_box(hand.epoch()))
    });
    group.bench_function("nabla_full_loss", |bch| {
        bch.iter(|| black_box(fitter.loss()))
    });
    group.bench_function("hand_full_loss", |bch| bch.iter(|| black_box(hand.loss())));
    group.finish();
}

criterion_group!(benches, epoch);
criterion_main!(benches);
