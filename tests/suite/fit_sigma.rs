//! Weighted fits (`FitConfig::sigma`, `nabla fit --sigma`) against an independent reference: the
//! weighted linear least-squares closed form `(X^T W X)^-1 X^T W y`, `W = diag(1/σ²)`, computed
//! here by hand, with its covariance unscaled (absolute σ) and scaled by the reduced χ² (the
//! default, as `scipy.optimize.curve_fit`). Also every bad σ named by line and column, and the
//! residual plot (`--plot`): an SVG that parses as XML with one dot per row, a PNG with the PNG
//! signature, listed in the answer's `files`.

// Matrix code reads best with indices.
#![allow(clippy::needless_range_loop)]

use std::path::PathBuf;

use nabla::optim::{Method, MethodKind};
use nabla::{fit, Dataset, FitConfig, FitError};

use super::cli::{nabla, stderr, stdout};
use super::fit_lm::inverse;

fn lm() -> Method {
    Method::new(MethodKind::LevenbergMarquardt)
}

const XS: [f64; 7] = [0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0];
const YS: [f64; 7] = [1.2, 1.9, 3.2, 4.1, 5.3, 9.8, 16.4];
const SS: [f64; 7] = [0.1, 0.2, 0.1, 0.4, 0.3, 1.0, 2.0];

fn quadratic_data() -> Dataset {
    Dataset::from_columns(
        "quad",
        &[("x", XS.to_vec()), ("y", YS.to_vec()), ("s", SS.to_vec())],
    )
    .unwrap()
}

/// The weighted least-squares solution of `y = a + b x + c x^2`, its unscaled covariance
/// `(X^T W X)^-1` and the weighted residual sum χ².
fn closed_form() -> (Vec<f64>, Vec<f64>, f64) {
    let n = 3;
    let mut xtwx = vec![0.0; n * n];
    let mut xtwy = vec![0.0; n];
    for i in 0..XS.len() {
        let row = [1.0, XS[i], XS[i] * XS[i]];
        let w = 1.0 / (SS[i] * SS[i]);
        for a in 0..n {
            xtwy[a] += w * row[a] * YS[i];
            for b in 0..n {
                xtwx[a * n + b] += w * row[a] * row[b];
            }
        }
    }
    let cov = inverse(&xtwx, n);
    let beta: Vec<f64> = (0..n)
        .map(|a| (0..n).map(|b| cov[a * n + b] * xtwy[b]).sum())
        .collect();
    let chi2 = (0..XS.len())
        .map(|i| {
            let pred = beta[0] + beta[1] * XS[i] + beta[2] * XS[i] * XS[i];
            ((pred - YS[i]) / SS[i]).powi(2)
        })
        .sum();
    (beta, cov, chi2)
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(1e-300)
}

#[test]
fn weighted_lm_matches_the_closed_form_with_both_covariances() {
    let (beta, cov, chi2) = closed_form();
    let dof = XS.len() - 3;
    let data = quadratic_data();
    for absolute in [false, true] {
        let config = FitConfig::new(&["a", "b", "c"])
            .method(lm())
            .sigma("s")
            .absolute_sigma(absolute);
        let r = fit("a + b*x + c*x^2", &data, &config).unwrap();
        for k in 0..3 {
            assert!(
                close(r.values[k], beta[k], 1e-10),
                "{k}: {} vs {}",
                r.values[k],
                beta[k]
            );
        }
        let u = r.uncertainty.as_ref().unwrap();
        assert!(u.weighted);
        assert_eq!(u.absolute_sigma, absolute);
        assert_eq!(u.dof, dof);
        assert!(close(u.rss, chi2, 1e-9), "{} vs {chi2}", u.rss);
        let scale = if absolute { 1.0 } else { chi2 / dof as f64 };
        let got = u.covariance.as_ref().unwrap();
        for k in 0..9 {
            assert!(
                close(got[k], scale * cov[k], 1e-8),
                "cov {k}: {} vs {}",
                got[k],
                scale * cov[k]
            );
        }
        for k in 0..3 {
            let se = (scale * cov[k * 3 + k]).sqrt();
            assert!(close(u.std_error(k).unwrap(), se, 1e-8));
        }
    }
}

#[test]
fn other_methods_minimize_the_same_weighted_loss() {
    let (beta, _, chi2) = closed_form();
    let config = FitConfig::new(&["a", "b", "c"]).sigma("s").epochs(1000);
    let r = fit("a + b*x + c*x^2", &quadratic_data(), &config).unwrap();
    for k in 0..3 {
        assert!(
            close(r.values[k], beta[k], 1e-6),
            "{k}: {} vs {}",
            r.values[k],
            beta[k]
        );
    }
    // The loss is the mean of ((pred - target)/σ)^2.
    assert!(close(r.final_loss, chi2 / XS.len() as f64, 1e-9));
    assert_eq!(r.loss_formula, "((pred - target)/sigma)^2");
    // A custom loss reads the row's σ as `sigma`, and must use it.
    let custom = config.clone().loss("((pred - target)/sigma)^2");
    let c = fit("a + b*x + c*x^2", &quadratic_data(), &custom).unwrap();
    assert!(close(c.values[1], beta[1], 1e-6));
    let e = fit(
        "a + b*x + c*x^2",
        &quadratic_data(),
        &config.loss("(pred - target)^2"),
    )
    .unwrap_err();
    assert!(matches!(e, FitError::LossWithoutSigma { .. }), "{e}");
}

#[test]
fn a_bad_sigma_names_its_line_and_column() {
    let cfg = FitConfig::new(&["w"]).sigma("s");
    let run = |text: &str| {
        let d = Dataset::from_csv_reader("s.csv", text.as_bytes()).unwrap();
        fit("w*x", &d, &cfg).unwrap_err().to_string()
    };
    for (text, start) in [
        (
            "x,y,s\n1,2,1\n2,4,0\n",
            "`s.csv` line 3, column `s`: the uncertainty σ = 0 is not positive",
        ),
        (
            "x,y,s\n1,2,-1\n2,4,1\n",
            "`s.csv` line 2, column `s`: the uncertainty σ = -1 is not positive",
        ),
        (
            "x,y,s\n1,2,1\n2,4,\n",
            "`s.csv` line 3, column `s`: the cell is empty",
        ),
        (
            "x,y,s\n1,2,inf\n2,4,1\n",
            "`s.csv` line 2, column `s`: `inf` is not a finite number",
        ),
        ("x,y,s\n1,2,nan\n2,4,1\n", "`s.csv` line 2, column `s`:"),
        (
            "x,y\n1,2\n2,4\n",
            "`s.csv` line 1: no column `s` of uncertainties σ",
        ),
    ] {
        let e = run(text);
        assert!(e.starts_with(start), "{text:?}: {e}");
    }
    let d = Dataset::from_columns("m", &[("x", vec![1.0]), ("y", vec![2.0])]).unwrap();
    let e = fit("w*x", &d, &FitConfig::new(&["w"]).sigma("w")).unwrap_err();
    assert!(matches!(e, FitError::SigmaConflict { .. }), "{e}");
    let e = fit("w*x", &d, &FitConfig::new(&["w"]).sigma("y")).unwrap_err();
    assert!(matches!(e, FitError::SigmaConflict { .. }), "{e}");
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("fit-sigma-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn quad_csv() -> PathBuf {
    let p = tmp("quad.csv");
    let mut text = "x,y,s\n".to_string();
    for i in 0..XS.len() {
        text.push_str(&format!("{},{},{}\n", XS[i], YS[i], SS[i]));
    }
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn the_command_line_weighs_rows_and_says_how() {
    let (beta, _, _) = closed_form();
    let csv = quad_csv();
    let o = nabla(&[
        "fit",
        "a + b*x + c*x^2",
        "--data",
        csv.to_str().unwrap(),
        "--params",
        "a,b,c",
        "--method",
        "lm",
        "--sigma",
        "s",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["sigma"], "s");
    assert_eq!(v["absolute_sigma"], false);
    assert_eq!(v["uncertainty"]["weighted"], true);
    assert_eq!(v["uncertainty"]["absolute_sigma"], false);
    assert!(close(
        v["parameters"]["b"].as_f64().unwrap(),
        beta[1],
        1e-10
    ));
    let o = nabla(&[
        "fit",
        "a + b*x + c*x^2",
        "--data",
        csv.to_str().unwrap(),
        "--params",
        "a,b,c",
        "--method",
        "lm",
        "--sigma",
        "s",
        "--absolute-sigma",
    ]);
    let text = stdout(&o);
    assert!(text.contains("σ from column `s`"), "{text}");
    assert!(
        text.contains("σ absolute (covariance not scaled)"),
        "{text}"
    );
    assert!(text.contains("chi2 "), "{text}");
    // A bad σ is bad input: exit 2 with the line and the column.
    let bad = tmp("bad.csv");
    std::fs::write(&bad, "x,y,s\n1,2,1\n2,4,-0.5\n").unwrap();
    let o = nabla(&[
        "fit",
        "w*x",
        "--data",
        bad.to_str().unwrap(),
        "--params",
        "w",
        "--sigma",
        "s",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("line 3, column `s`"), "{}", stderr(&o));
}

/// The `<circle>` elements of an SVG file, after checking that the whole file parses as XML.
fn svg_circles(path: &std::path::Path) -> usize {
    use quick_xml::events::Event;
    let text = std::fs::read_to_string(path).unwrap();
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut circles = 0;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Empty(e) | Event::Start(e)) if e.name().as_ref() == b"circle" => circles += 1,
            Ok(_) => {}
            Err(e) => panic!("{} is not XML: {e}", path.display()),
        }
    }
    circles
}

#[test]
fn the_residual_plot_has_one_dot_per_row() {
    let csv = quad_csv();
    let svg = tmp("residuals.svg");
    let png = tmp("residuals.png");
    for (pic, weighted) in [(&svg, true), (&png, false)] {
        let mut args = vec![
            "fit",
            "a + b*x + c*x^2",
            "--data",
            csv.to_str().unwrap(),
            "--params",
            "a,b,c",
            "--method",
            "lm",
            "--json",
            "--plot",
            pic.to_str().unwrap(),
        ];
        if weighted {
            args.extend(["--sigma", "s"]);
        }
        let o = nabla(&args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert_eq!(v["files"], serde_json::json!([pic.to_str().unwrap()]));
    }
    assert_eq!(svg_circles(&svg), XS.len());
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(
        text.contains("weighted residuals"),
        "the title says the residuals are weighted"
    );
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    // No temporary is left beside the pictures.
    let left: Vec<_> = std::fs::read_dir(svg.parent().unwrap())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp."))
        .collect();
    assert!(left.is_empty());
    // A picture name without .svg or .png is refused before training.
    let o = nabla(&[
        "fit",
        "a + b*x",
        "--data",
        csv.to_str().unwrap(),
        "--params",
        "a,b",
        "--plot",
        "r.gif",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(".svg or .png"), "{}", stderr(&o));
}
