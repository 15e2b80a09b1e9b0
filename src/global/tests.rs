//! Unit tests of [`minimize_global`](super::minimize_global) on hand-written objectives
//! (closures, no formula, so no interval phase): box errors, the Halton sequence, minima on the
//! box's boundary and the evaluation ceiling.

use super::*;
use crate::optim::square_1d as bowl;
use crate::optim::FnObjective;

#[test]
fn bad_boxes_are_errors() {
    let bad = |b: Vec<(f64, f64)>| minimize_global(bowl, &GlobalOptions::new(b));
    assert!(matches!(bad(vec![]), Err(OptimError::InvalidBounds { .. })));
    assert!(matches!(
        bad(vec![(1.0, -1.0)]),
        Err(OptimError::InvalidBounds { .. })
    ));
    assert!(matches!(
        bad(vec![(0.0, f64::INFINITY)]),
        Err(OptimError::InvalidBounds { .. })
    ));
    // A box whose width overflows is a box all the same (x^2 overflows at nearly every
    // sample there, so this closure, without interval bounds, may still fail; but not on the
    // box).
    assert!(!matches!(
        bad(vec![(-f64::MAX, f64::MAX)]),
        Err(OptimError::InvalidBounds { .. })
    ));
    let zero = GlobalOptions::new(vec![(-1.0, 1.0)]).strategy(Strategy::MultiStart { starts: 0 });
    assert!(matches!(
        minimize_global(bowl, &zero),
        Err(OptimError::NoStarts)
    ));
    let r = minimize_global(
        bowl,
        &GlobalOptions::new(vec![(-1.0, 1.0)]).strategy(Strategy::MultiStart { starts: 4 }),
    )
    .unwrap();
    assert_eq!(
        (r.minima.len(), r.minima[0].hits, r.minima[0].kind),
        (1, 4, PointKind::Unknown)
    );
    assert_eq!(r.stopped, GlobalStop::AllStarts);
}

#[test]
fn halton_points_are_the_radical_inverses() {
    // Base 2: 1/2, 1/4, 3/4; base 3: 1/3, 2/3, 1/9.
    let b2: Vec<f64> = (1..=3).map(|k| radical_inverse(k, 2)).collect();
    let b3: Vec<f64> = (1..=3).map(|k| radical_inverse(k, 3)).collect();
    assert_eq!(b2, [0.5, 0.25, 0.75]);
    assert_eq!(b3, [1.0 / 3.0, 2.0 / 3.0, 1.0 / 9.0]);
    assert_eq!(first_primes(5), [2, 3, 5, 7, 11]);
    assert_eq!(
        [reflect(1.25), reflect(-0.25), reflect(0.5)],
        [0.75, 0.25, 0.5]
    );
}

#[test]
fn a_minimum_on_the_boundary_is_found_and_said_to_be_there() {
    // f = x on [2, 3]: the minimum is x = 2, where f' = 1 is not 0.
    let line = || {
        FnObjective::new(
            1,
            |x: &[f64]| x[0],
            |x: &[f64], g: &mut [f64]| {
                g[0] = 1.0;
                x[0]
            },
        )
    };
    let r = minimize_global(line, &GlobalOptions::new(vec![(2.0, 3.0)])).unwrap();
    assert!((r.best.x[0] - 2.0).abs() < 1e-12, "{:?}", r.best.x);
    assert!(r.best_is_minimum && r.minima[0].on_boundary);
    assert_eq!(r.minima[0].kind, PointKind::LocalMinimum);
    assert_eq!(r.best.grad_norm, 0.0);
}

#[test]
fn the_evaluation_budget_is_a_ceiling() {
    let free = minimize_global(bowl, &GlobalOptions::new(vec![(-3.0, 3.0)])).unwrap();
    assert!(free.evaluations > 100, "{}", free.evaluations);
    assert!(matches!(
        free.stopped,
        GlobalStop::NoUnseenMinima { minima: 1, .. }
    ));
    for budget in [1, 7, 50, 300] {
        let opts = GlobalOptions::new(vec![(-3.0, 3.0)]).max_evals(budget);
        match minimize_global(bowl, &opts) {
            Ok(r) => {
                assert!(r.evaluations <= budget, "{budget}: {}", r.evaluations);
                assert!(r.gradient_evaluations <= r.evaluations);
                if budget < 100 {
                    // Unbounded, the bowl's search goes on past 100: the budget stopped it.
                    assert_eq!(r.stopped, GlobalStop::EvaluationBudget, "{budget}");
                }
                assert_eq!(r.starts, r.at_minimum + r.elsewhere + r.failed + r.skipped);
            }
            Err(e) => assert!(budget < 10, "{budget}: {e}"),
        }
    }
}

#[test]
fn points_of_the_box_never_leave_it() {
    // `lo + width` rounds above `hi` for many boxes with one-decimal ends (-0.1 + 0.3 is
    // 0.20000000000000004 > 0.2), and far off where the width rounds (-1e17 + 1e17 = 0 for the
    // box [-1e17, -1]): the top of the unit cube and u = pi/2 must map to `hi` itself.
    let mut boxes: Vec<(f64, f64)> = Vec::new();
    for a in -100..=100 {
        for b in a..=100 {
            boxes.push((f64::from(a) / 10.0, f64::from(b) / 10.0));
        }
    }
    boxes.extend([
        (-1e17, -1.0),
        (-1.0, 1e17),
        (1e-320, 3e-320),
        (-1e307, 1.5e308),
    ]);
    for (lo, hi) in boxes {
        let m = BoxMap::new(&[(lo, hi)]);
        assert_eq!(m.point_at(&[0.0])[0], lo, "[{lo}, {hi}]");
        assert_eq!(m.point_at(&[1.0])[0], hi, "[{lo}, {hi}]");
        let mut x = [0.0];
        for u in [
            -1.6,
            -std::f64::consts::FRAC_PI_2,
            0.0,
            0.7,
            std::f64::consts::FRAC_PI_2,
            1.6,
        ] {
            m.x_of_u(&[u], &mut x);
            assert!(
                lo <= x[0] && x[0] <= hi,
                "u = {u}: {} outside [{lo}, {hi}]",
                x[0]
            );
        }
        assert!(lo <= m.centre[0] && m.centre[0] <= hi, "[{lo}, {hi}]");
    }
    // The box [-1e17, -1]: the last point is -1, not 0.
    assert_eq!(BoxMap::new(&[(-1e17, -1.0)]).point_at(&[1.0]), vec![-1.0]);
}
