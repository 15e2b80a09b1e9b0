//! The global search (`minimize_global` with its default options) on standard multimodal test
//! functions: it must reach each published minimum (`tests/suite/landscapes.rs`, from
//! Surjanovic & Bingham's library) to the tolerance given there, inside the published box, and
//! account for every local search and evaluation.

use nabla::optim::{minimize_global, GlobalOptions};
use nabla::Function;

use super::landscapes::{all, Landscape};

fn reaches(l: &Landscape) -> Result<(), String> {
    let f = Function::parse(l.formula).map_err(|e| format!("{}: {e}", l.name))?;
    let opts = GlobalOptions::new(l.bounds.clone());
    let r = minimize_global(|| f.clone(), &opts).map_err(|e| format!("{}: {e}", l.name))?;
    let inside = r
        .best
        .x
        .iter()
        .zip(&l.bounds)
        .all(|(x, (lo, hi))| lo <= x && x <= hi);
    let ok = inside && (r.best.f - l.minimum).abs() <= l.tol;
    let counted = r.starts == r.at_minimum + r.elsewhere + r.failed + r.skipped
        && r.evaluations <= opts.max_evals
        && !r.certified;
    if ok && counted {
        Ok(())
    } else {
        Err(format!(
            "{}: best f = {} at {:?} (published {} +- {}), {} evaluations",
            l.name, r.best.f, r.best.x, l.minimum, l.tol, r.evaluations
        ))
    }
}

#[test]
fn the_default_search_reaches_every_published_minimum() {
    let misses: Vec<String> = all().iter().filter_map(|l| reaches(l).err()).collect();
    assert!(misses.is_empty(), "{misses:#?}");
}

#[test]
fn the_same_seed_gives_the_same_report() {
    let l = &all()[0];
    let f = Function::parse(l.formula).unwrap();
    let opts = GlobalOptions::new(l.bounds.clone()).seed(5);
    let a = minimize_global(|| f.clone(), &opts).unwrap();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let b = pool.install(|| minimize_global(|| f.clone(), &opts).unwrap());
    assert_eq!(
        (a.minima, a.evaluations, a.starts),
        (b.minima, b.evaluations, b.starts)
    );
}
