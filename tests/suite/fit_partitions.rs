//! Fits over partitions ([`Fitter::run_partitioned`] on [`DatasetPartitions`]): the same answer
//! as the fit of all rows in one data set (parameters to 1e-9 relative, the same standard
//! errors), for Levenberg-Marquardt, L-BFGS and the σ-weighted fit; NIST StRD Misra1a's
//! certified values when its rows are split in four; what partitions refuse.

use nabla::optim::Method;
use nabla::{Dataset, DatasetPartitions, FitConfig, FitError, Fitter};

use super::fit_lm::MISRA1A;
use super::strd::lre;

/// The rows `lo..hi` of Misra1a, with a σ column (1 + x/100) for weighted fits.
fn misra(lo: usize, hi: usize) -> Dataset {
    let rows = &MISRA1A[lo..hi];
    Dataset::from_columns(
        &format!("misra1a rows {lo}..{hi}"),
        &[
            ("x", rows.iter().map(|r| r.1).collect()),
            ("y", rows.iter().map(|r| r.0).collect()),
            ("s", rows.iter().map(|r| 1.0 + r.1 / 100.0).collect()),
        ],
    )
    .unwrap()
}

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs().max(f64::MIN_POSITIVE)
}

#[test]
fn partitioned_fits_are_the_fits_of_all_rows() {
    let whole = misra(0, 14);
    let parts = [misra(0, 3), misra(3, 7), misra(7, 12), misra(12, 14)];
    let start = FitConfig::new(&["b1", "b2"])
        .init("b1", 500.0)
        .init("b2", 1e-4);
    for (what, cfg) in [
        ("lm", start.clone()),
        ("weighted lm", start.clone().sigma("s")),
        (
            "lbfgs",
            start.clone().method(Method::parse("lbfgs").unwrap()),
        ),
    ] {
        let one = nabla::fit("b1*(1-exp(-b2*x))", &whole, &cfg).unwrap();
        // Built on the first partition only, as a client builds it on a sample of the rows.
        let mut fitter = Fitter::new("b1*(1-exp(-b2*x))", &parts[0], &cfg).unwrap();
        let mut all = DatasetPartitions::new(fitter.kernel(), parts.iter().collect());
        let split = fitter.run_partitioned(&mut all, |_, _| {}).unwrap();
        assert_eq!(split.rows, 14, "{what}");
        assert_eq!(split.method, one.method, "{what}");
        // Misra1a's parameters are determined to about 10 digits in double precision (both fits
        // sit within 1e-10 of the certified b1), and the partitions merge their rounding
        // errors in another order, so the two solutions agree to 1e-9.
        for k in 0..2 {
            assert!(
                rel(split.values[k], one.values[k]) <= 1e-9,
                "{what} {k}: {} vs {}",
                split.values[k],
                one.values[k]
            );
        }
        let (u1, u2) = (one.uncertainty.unwrap(), split.uncertainty.unwrap());
        for k in 0..2 {
            assert!(
                rel(u2.std_error(k).unwrap(), u1.std_error(k).unwrap()) <= 1e-6,
                "{what}"
            );
        }
        assert!(
            rel(u2.r_squared.unwrap(), u1.r_squared.unwrap()) <= 1e-12,
            "{what}"
        );
        assert_eq!(u2.dof, 12);
        if what == "lm" {
            // NIST's certified values: b1 = 2.3894212918E+02 ± 2.7070075241E+00,
            // b2 = 5.5015643181E-04 ± 7.2668688436E-06.
            assert!(lre(split.values[0], 2.3894212918e2) >= 8.0);
            assert!(lre(split.values[1], 5.5015643181e-4) >= 8.0);
            assert!(lre(u2.std_error(0).unwrap(), 2.7070075241) >= 6.0);
            assert!(lre(u2.std_error(1).unwrap(), 7.2668688436e-6) >= 6.0);
            assert!(split.stop.converged(), "{}", split.stop);
        }
    }
}

#[test]
fn first_order_methods_step_once_per_partition() {
    // y = 2x + 1 exactly; adam from (0, 0) with one partition per step.
    let part = |xs: &[f64]| {
        let ys: Vec<f64> = xs.iter().map(|x| 2.0 * x + 1.0).collect();
        Dataset::from_columns("p", &[("x", xs.to_vec()), ("y", ys)]).unwrap()
    };
    let parts = [part(&[0.0, 0.5]), part(&[1.0, 1.5]), part(&[-1.0, -0.5])];
    let cfg = FitConfig::new(&["w", "b"])
        .method(Method::parse("adam").unwrap().lr(0.05))
        .epochs(600);
    let mut fitter = Fitter::new("w*x + b", &parts[0], &cfg).unwrap();
    let mut all = DatasetPartitions::new(fitter.kernel(), parts.iter().collect());
    let r = fitter.run_partitioned(&mut all, |_, _| {}).unwrap();
    assert_eq!(
        (r.epochs, r.iterations, r.iterations_per_epoch),
        (600, 1800, 3)
    );
    assert!(
        (r.values[0] - 2.0).abs() < 1e-3 && (r.values[1] - 1.0).abs() < 1e-3,
        "{:?}",
        r.values
    );
    assert!(r.notes.iter().any(|n| n.contains("one partition of the 3")));
}

#[test]
fn partitions_are_checked_like_a_data_set_and_newton_is_refused() {
    let cfg = FitConfig::new(&["b1", "b2"])
        .init("b1", 500.0)
        .init("b2", 1e-4);
    let first = misra(0, 7);
    let mut fitter = Fitter::new("b1*(1-exp(-b2*x))", &first, &cfg).unwrap();
    // A partition without the column x.
    let no_x = Dataset::from_columns("part 2", &[("y", vec![1.0])]).unwrap();
    let mut all = DatasetPartitions::new(fitter.kernel(), vec![&first, &no_x]);
    match fitter.run_partitioned(&mut all, |_, _| {}) {
        Err(FitError::MissingColumn { file, column, .. }) => {
            assert_eq!((file.as_str(), column.as_str()), ("part 2", "x"))
        }
        other => panic!("{other:?}"),
    }
    // A weighted fit with a zero σ in the second partition.
    let wcfg = cfg.clone().sigma("s");
    let bad = Dataset::from_columns(
        "part 2",
        &[("x", vec![1.0]), ("y", vec![1.0]), ("s", vec![0.0])],
    )
    .unwrap();
    let mut wf = Fitter::new("b1*(1-exp(-b2*x))", &first, &wcfg).unwrap();
    let mut all = DatasetPartitions::new(wf.kernel(), vec![&first, &bad]);
    assert!(matches!(
        wf.run_partitioned(&mut all, |_, _| {}),
        Err(FitError::InvalidSigma { .. })
    ));
    let ncfg = cfg.method(Method::parse("newton").unwrap());
    let mut nf = Fitter::new("b1*(1-exp(-b2*x))", &first, &ncfg).unwrap();
    let mut all = DatasetPartitions::new(nf.kernel(), vec![&first]);
    let e = nf.run_partitioned(&mut all, |_, _| {}).unwrap_err();
    assert!(
        matches!(e, FitError::NotPartitioned { method: "newton" }),
        "{e}"
    );
    assert!(e.to_string().contains("choose lm"), "{e}");
}
