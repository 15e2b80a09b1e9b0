//! Report-style benchmark of the global search: for every test function of
//! `tests/suite/landscapes.rs` (published domains and minima), the evaluations `minimize_global`
//! uses with its defaults and how often it reaches the published minimum over several seeds,
//! beside a plain differential-evolution baseline written here. Prints a table; times nothing.
//!
//! The baseline is DE/rand/1/bin (Storn & Price 1997) with the settings of SciPy's
//! `differential_evolution`: population 15 per variable, mutation factor dithered uniformly in
//! [0.5, 1) once per generation, crossover probability 0.7, at most 1,000 generations, stop when
//! the standard deviation of the population's values is at most 0.01 times the magnitude of
//! their mean; then a polish with L-BFGS (`nabla::optim::minimize`) from the best member, kept
//! when it ends inside the box and lower.
//!
//! Evaluations are counted the same way in both columns: every call of the function counts one,
//! a value alone and a value with its gradient alike (`evals`); nabla's interval evaluations (a
//! box or a point, value and gradient enclosed in interval arithmetic) count one each too. A
//! gradient by reverse-mode derivatives costs more than a value, so the `weighted` columns count
//! a value with gradient as 2 (an interval evaluation too; a value with gradient and Hessian
//! too; the DE baseline's gradients are those of its polish). An interval evaluation costs more
//! than a point one, so the last line also gives each method's total wall-clock time (one core
//! for DE, all cores for nabla: indicative, not a benchmark). `cert` counts nabla's runs whose
//! minimum the interval bounds certified. Success (`found`) is reaching the published minimum to the tolerance of
//! `tests/suite/landscapes.rs`, per seed; both methods run seeds 1 to N (N = 10 by default).
//!
//! Run: `cargo bench --bench global` (`-- 3` for three seeds instead of ten; `-- 10 griewank`
//! for the functions whose names contain `griewank`; `-v` prints each of nabla's runs).

#[path = "../tests/suite/landscapes.rs"]
mod landscapes;

use nabla::global::{minimize_global, GlobalOptions};
use nabla::optim::{minimize, Method, StopRule};
use nabla::Function;

/// The baseline: (best value, evaluations, of them with a gradient).
fn de(f: &Function, bounds: &[(f64, f64)], seed: u64) -> (f64, usize, usize) {
    let n = bounds.len();
    let np = 15 * n;
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut obj = f.clone();
    let mut evals = 0;
    let mut eval = |x: &[f64], evals: &mut usize| {
        *evals += 1;
        let v = obj.value(x);
        if v.is_nan() {
            f64::INFINITY
        } else {
            v
        }
    };
    let mut pop: Vec<Vec<f64>> = (0..np)
        .map(|_| {
            bounds
                .iter()
                .map(|&(lo, hi)| lo + (hi - lo) * rng.f64())
                .collect()
        })
        .collect();
    let mut vals: Vec<f64> = pop.iter().map(|x| eval(x, &mut evals)).collect();
    for _ in 0..1000 {
        let mean = vals.iter().sum::<f64>() / np as f64;
        let sd = (vals.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / np as f64).sqrt();
        if sd <= 0.01 * mean.abs() {
            break;
        }
        let fmut = 0.5 + 0.5 * rng.f64();
        for i in 0..np {
            let pick = |rng: &mut fastrand::Rng, not: &[usize]| loop {
                let k = rng.usize(..np);
                if !not.contains(&k) {
                    break k;
                }
            };
            let a = pick(&mut rng, &[i]);
            let b = pick(&mut rng, &[i, a]);
            let c = pick(&mut rng, &[i, a, b]);
            let forced = rng.usize(..n);
            let trial: Vec<f64> = (0..n)
                .map(|j| {
                    if j == forced || rng.f64() < 0.7 {
                        let v = pop[a][j] + fmut * (pop[b][j] - pop[c][j]);
                        let (lo, hi) = bounds[j];
                        if v < lo || v > hi {
                            lo + (hi - lo) * rng.f64()
                        } else {
                            v
                        }
                    } else {
                        pop[i][j]
                    }
                })
                .collect();
            let v = eval(&trial, &mut evals);
            if v <= vals[i] {
                pop[i] = trial;
                vals[i] = v;
            }
        }
    }
    let best = (0..np)
        .min_by(|&a, &b| vals[a].total_cmp(&vals[b]))
        .unwrap();
    let mut fbest = vals[best];
    let mut obj = f.clone();
    let lbfgs = Method::parse("lbfgs").unwrap();
    let mut grads = 0;
    if let Ok(r) = minimize(&mut obj, &pop[best], &lbfgs, &StopRule::default()) {
        evals += r.f_evals;
        grads += r.g_evals;
        let inside =
            r.x.iter()
                .zip(bounds)
                .all(|(x, (lo, hi))| lo <= x && x <= hi);
        if inside && r.f < fbest {
            fbest = r.f;
        }
    }
    (fbest, evals, grads)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seeds: u64 = args.iter().find_map(|a| a.parse().ok()).unwrap_or(10);
    let verbose = args.iter().any(|a| a == "-v");
    let names: Vec<&String> = args
        .iter()
        .filter(|a| !a.starts_with('-') && a.parse::<u64>().is_err())
        .collect();
    let chosen: Vec<landscapes::Landscape> = landscapes::all()
        .into_iter()
        .filter(|l| names.is_empty() || names.iter().any(|n| l.name.contains(n.as_str())))
        .collect();
    println!(
        "{:<16} {:>8} {:>9} {:>6} {:>5} {:>8} {:>9} {:>6} {:>7}",
        "function", "nabla", "weighted", "found", "cert", "DE", "weighted", "found", "ratio"
    );
    let (mut t_n, mut t_d) = (std::time::Duration::ZERO, std::time::Duration::ZERO);
    let mut all_cert = 0usize;
    // Totals over every function and seed: evaluations and weighted evaluations of each method.
    let (mut all_n, mut all_nw, mut all_d, mut all_dw) = (0usize, 0usize, 0usize, 0usize);
    let (mut ok_n, mut ok_d) = (0usize, 0usize);
    for l in &chosen {
        let f = Function::parse(l.formula).expect(l.name);
        let (mut ne, mut nw, mut nok, mut de_e, mut de_w, mut de_ok) = (0, 0, 0, 0, 0, 0);
        let mut cert = 0;
        for seed in 1..=seeds {
            let opts = GlobalOptions::new(l.bounds.clone()).seed(seed);
            let clock = std::time::Instant::now();
            let r = minimize_global(|| f.clone(), &opts).expect(l.name);
            t_n += clock.elapsed();
            cert += usize::from(r.certified);
            ne += r.evaluations;
            nw += r.evaluations + r.gradient_evaluations;
            nok += usize::from((r.best.f - l.minimum).abs() <= l.tol);
            if verbose {
                println!(
                    "  seed {seed}: f = {} at {:?}, {} evaluations, {} local searches; {}",
                    r.best.f, r.best.x, r.evaluations, r.starts, r.stopped
                );
            }
            let clock = std::time::Instant::now();
            let (v, e, g) = de(&f, &l.bounds, seed);
            t_d += clock.elapsed();
            de_e += e;
            de_w += e + g;
            de_ok += usize::from((v - l.minimum).abs() <= l.tol);
        }
        all_n += ne;
        all_nw += nw;
        all_d += de_e;
        all_dw += de_w;
        ok_n += nok;
        ok_d += de_ok;
        all_cert += cert;
        let s = seeds as usize;
        println!(
            "{:<16} {:>8} {:>9} {:>3}/{:<2} {:>5} {:>8} {:>9} {:>3}/{:<2} {:>7.3}",
            l.name,
            ne / s,
            nw / s,
            nok,
            s,
            cert,
            de_e / s,
            de_w / s,
            de_ok,
            s,
            ne as f64 / de_e as f64
        );
    }
    let runs = seeds as usize * chosen.len();
    println!(
        "{:<16} {:>8} {:>9} {:>3}/{:<3} {:>4} {:>7} {:>9} {:>3}/{:<3} {:>6.3}",
        "total",
        all_n / seeds as usize,
        all_nw / seeds as usize,
        ok_n,
        runs,
        all_cert,
        all_d / seeds as usize,
        all_dw / seeds as usize,
        ok_d,
        runs,
        all_n as f64 / all_d as f64
    );
    println!(
        "mean evaluations per run over {seeds} seeds (total: summed over the functions); \
         ratio = nabla / DE; weighted (value with gradient = 2) total ratio {:.3}",
        all_nw as f64 / all_dw as f64
    );
    println!(
        "wall-clock time, all runs: nabla {:.3} s, DE {:.3} s",
        t_n.as_secs_f64(),
        t_d.as_secs_f64()
    );
}
