//! `nabla fit` and the library's [`nabla::fit`]: the article's three points (seed `004_...`) and
//! row A14 of the seed table, a noisy sine, mini-batch bookkeeping (391 iterations for 50,000 rows
//! in batches of 128, seed `003_...`), repeatable shuffling, and every bad-data case with its
//! message.
//!
//! Expected numbers come from closed forms computed here from the data (least squares: `w =
//! cov(x, y) / var(x)`, `b = mean(y) - w mean(x)`), from the article's hand-worked step, or from
//! the generating parameters of synthetic data; never from nabla's own output. CSV fixtures are
//! written to the system's temporary directory under unique names.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use nabla::optim::{Method, StopReason};
use nabla::{fit, Batch, Dataset, FitConfig, FitError, FitStop, Fitter};

use super::cli::{nabla, nabla_stdin, names_a_flag, stderr, stdout};

static FIXTURE: AtomicUsize = AtomicUsize::new(0);

/// Writes `text` to a fresh file in the temporary directory and returns its path.
fn fixture(name: &str, text: &str) -> PathBuf {
    let k = FIXTURE.fetch_add(1, Ordering::Relaxed);
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("nabla-fit-{}-{k}-{name}.csv", std::process::id()));
    std::fs::write(&path, text).expect("write fixture");
    path
}

const ARTICLE: &str = "x,y\n-1,-3\n0,0\n1,1\n";

/// Least squares line through the points: (w, b) = (cov(x,y)/var(x), mean(y) - w mean(x)).
fn least_squares(xs: &[f64], ys: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
    let cov: f64 = xs.iter().zip(ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let var: f64 = xs.iter().map(|x| (x - mx) * (x - mx)).sum();
    let w = cov / var;
    (w, my - w * mx)
}

fn article_data() -> Dataset {
    Dataset::from_csv_reader("article.csv", ARTICLE.as_bytes()).unwrap()
}

#[test]
fn article_points_converge_to_the_least_squares_line() {
    let (w, b) = least_squares(&[-1.0, 0.0, 1.0], &[-3.0, 0.0, 1.0]);
    assert_eq!(w, 2.0);
    assert!((b + 2.0 / 3.0).abs() < 1e-15);
    let data = article_data();
    // The article's method: plain gradient descent on the full batch, from w = 3, b = 1.
    let cfg = FitConfig::new(&["w", "b"])
        .init("w", 3.0)
        .init("b", 1.0)
        .method(Method::parse("gd").unwrap().lr(0.1))
        .epochs(1000);
    let r = fit("w*x + b", &data, &cfg).unwrap();
    assert!((r.values[0] - w).abs() < 1e-12, "{r}");
    assert!((r.values[1] - b).abs() < 1e-12, "{r}");
    // The start's total squared distance is the article's 11 (mean 11/3).
    assert!((r.initial_loss - 11.0 / 3.0).abs() < 1e-15);
    // The least-squares residuals are (1/3, -2/3, 1/3): mean square 2/9.
    assert!((r.final_loss - 2.0 / 9.0).abs() < 1e-12);
    assert_eq!(r.stop, FitStop::Epochs);
    assert_eq!(
        (r.epochs, r.iterations, r.epoch_losses.len()),
        (1000, 1000, 1000)
    );
    // The default (L-BFGS on the full batch) gets there in a few epochs.
    let r = fit(
        "w*x + b",
        &data,
        &FitConfig::new(&["w", "b"]).init("w", 3.0).init("b", 1.0),
    )
    .unwrap();
    assert!(
        (r.values[0] - w).abs() < 1e-9 && (r.values[1] - b).abs() < 1e-9,
        "{r}"
    );
    assert!(r.epochs < 20, "{r}");
}

#[test]
fn article_points_through_the_command_line() {
    let path = fixture("article", ARTICLE);
    let p = path.to_str().unwrap();
    let o = nabla(&[
        "fit", "w*x + b", "--data", p, "--params", "w,b", "--init", "w=3,b=1", "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let (w, b) = least_squares(&[-1.0, 0.0, 1.0], &[-3.0, 0.0, 1.0]);
    assert!((v["parameters"]["w"].as_f64().unwrap() - w).abs() < 1e-9);
    assert!((v["parameters"]["b"].as_f64().unwrap() - b).abs() < 1e-9);
    assert_eq!(v["iterations_per_epoch"], 1);
    assert_eq!(v["rows"], 3);
    assert!(v["epoch_values"].as_array().unwrap().len() >= 2);
    // The text report aligns its labels and names each parameter.
    let o = nabla(&["fit", "w*x + b", "--data", p, "--params", "w,b"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("model       w*x + b\n"), "{out}");
    // Without --method the default loss on the full batch runs Levenberg-Marquardt, which
    // prints each parameter with its standard error.
    assert!(out.contains("\nmethod      lm\n"), "{out}");
    let w_line = out.lines().find(|l| l.starts_with("w ")).expect("w line");
    let w_printed: f64 = w_line[1..]
        .split('±')
        .next()
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!((w_printed - w).abs() < 1e-12, "{out}");
    assert!(out.contains("\nfinal loss  0.2222222222222"), "{out}");
    assert!(
        out.contains("3 rows, batch 3 (1 iteration per epoch)"),
        "{out}"
    );
}

#[test]
fn data_from_standard_input_with_dash() {
    // `--data -` reads the CSV from standard input: the article's points give the closed-form
    // line w = 2, b = -2/3, and the answer names its data `standard input`.
    let (w, b) = least_squares(&[-1.0, 0.0, 1.0], &[-3.0, 0.0, 1.0]);
    let o = nabla_stdin(
        &["fit", "w*x + b", "--data", "-", "--params", "w,b", "--json"],
        ARTICLE,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert!((v["parameters"]["w"].as_f64().unwrap() - w).abs() < 1e-9);
    assert!((v["parameters"]["b"].as_f64().unwrap() - b).abs() < 1e-9);
    assert_eq!(v["data"], "standard input");
    assert_eq!(v["rows"], 3);
    // Bad data names standard input and the line, as for a file.
    let o = nabla_stdin(
        &["fit", "w*x + b", "--data", "-", "--params", "w,b"],
        "x,y\n1,2\n2,abc\n",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("error: `standard input` line 3, column `y`: `abc` is not a number"),
        "{}",
        stderr(&o)
    );
    // The formula and the data cannot both come from standard input.
    let o = nabla_stdin(&["fit", "-", "--data", "-", "--params", "w,b"], "w*x + b");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot both be read from standard input"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_answer_carries_the_residuals_up_to_its_limit() {
    // The article's points fitted by the line w = 2, b = -2/3 (closed form): the residuals
    // model - target are -8/3 + 3 = 1/3, -2/3 - 0 = -2/3 and 4/3 - 1 = 1/3, against x.
    let cfg = FitConfig::new(&["w", "b"]).init("w", 3.0).init("b", 1.0);
    let a = nabla::answer::fit("w*x + b", &article_data(), &cfg, |_, _| {}).unwrap();
    let v = serde_json::to_value(&a).unwrap();
    let r = &v["residuals"];
    assert_eq!(r["x_name"], "x");
    assert_eq!(r["weighted"], false);
    assert_eq!(r["x"], serde_json::json!([-1.0, 0.0, 1.0]));
    let values: Vec<f64> = r["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    for (got, want) in values.iter().zip([1.0 / 3.0, -2.0 / 3.0, 1.0 / 3.0]) {
        assert!((got - want).abs() < 1e-12, "{values:?}");
    }
    assert!(v["notes"].as_array().unwrap().is_empty(), "{v}");
    // One row more than the answer carries: `null` and a note; the library still holds them.
    let n = nabla::answer::MAX_ANSWER_RESIDUALS + 1;
    let xs: Vec<f64> = (0..n).map(|i| i as f64).collect();
    let ys: Vec<f64> = xs.iter().map(|x| 2.0 * x + 1.0).collect();
    let data = Dataset::from_columns("line", &[("x", xs), ("y", ys)]).unwrap();
    let a = nabla::answer::fit("w*x + b", &data, &FitConfig::new(&["w", "b"]), |_, _| {}).unwrap();
    let v = serde_json::to_value(&a).unwrap();
    assert!(v["residuals"].is_null(), "{}", v["residuals"]);
    assert_eq!(a.residuals().map(|r| r.values.len()), Some(n));
    let notes = v["notes"].to_string();
    assert!(
        notes.contains("the residuals of the 10,001 rows are left out of this answer"),
        "{notes}"
    );
}

#[test]
fn seed_a14_one_gradient_step_on_the_first_point() {
    // Row A14: the squared error (y - w x - b)^2 of (-1, -3) at w = 3, b = 1 has dL/dw = -2,
    // dL/db = 2; one step with lr 0.5 gives w = 4, b = 0.
    let point = Dataset::from_columns("point", &[("x", vec![-1.0]), ("y", vec![-3.0])]).unwrap();
    let cfg = FitConfig::new(&["w", "b"])
        .init("w", 3.0)
        .init("b", 1.0)
        .batch(Batch::Size(1))
        .shuffle(false)
        .epochs(1)
        .method(Method::parse("gd").unwrap().lr(0.5));
    let mut fitter = Fitter::new("w*x + b", &point, &cfg).unwrap();
    let mut g = [0.0; 2];
    assert_eq!(fitter.batch_loss_and_grad(&[0], &mut g), 1.0);
    assert_eq!(g, [-2.0, 2.0]);
    let r = fitter.run(|_, _| {}).unwrap();
    assert_eq!(r.values, [4.0, 0.0]);
    // On that one point the loss stays 1: lr 0.5 times curvature 4 reflects the residual.
    assert_eq!((r.initial_loss, r.final_loss), (1.0, 1.0));
    // The total squared distance over the three points: 11 before, 10 after.
    let data = article_data();
    let total = |w: f64, b: f64| {
        let cfg = FitConfig::new(&["w", "b"]).init("w", w).init("b", b);
        Fitter::new("w*x + b", &data, &cfg).unwrap().loss() * 3.0
    };
    assert_eq!(total(3.0, 1.0), 11.0);
    assert_eq!(total(4.0, 0.0), 10.0);

    // The same step from the command line, batch 1 without shuffling.
    let path = fixture("a14", "x,y\n-1,-3\n");
    let o = nabla(&[
        "fit",
        "w*x + b",
        "--data",
        path.to_str().unwrap(),
        "--params",
        "w,b",
        "--init",
        "w=3,b=1",
        "--method",
        "gd",
        "--lr",
        "0.5",
        "--batch",
        "1",
        "--epochs",
        "1",
        "--no-shuffle",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["parameters"]["w"], 4.0);
    assert_eq!(v["parameters"]["b"], 0.0);
}

/// `n` points of `y = 2.5 sin(1.3 x) + 0.7 + noise`, x uniform in [-3, 3], noise normal with
/// standard deviation `sigma` (Box-Muller), from a fixed seed.
fn noisy_sine(n: usize, sigma: f64, seed: u64) -> Dataset {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut xs = Vec::with_capacity(n);
    let mut ys = Vec::with_capacity(n);
    for _ in 0..n {
        let x = -3.0 + 6.0 * rng.f64();
        let (u1, u2) = (1.0 - rng.f64(), rng.f64());
        let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
        xs.push(x);
        ys.push(2.5 * (1.3 * x).sin() + 0.7 + sigma * z);
    }
    Dataset::from_columns("sine", &[("x", xs), ("y", ys)]).unwrap()
}

#[test]
fn noisy_sine_recovers_its_parameters() {
    let sigma = 0.1;
    let data = noisy_sine(400, sigma, 42);
    let start = FitConfig::new(&["a", "c", "d"])
        .init("a", 2.0)
        .init("c", 1.2)
        .init("d", 0.0);
    // The standard errors of a least-squares fit with 400 points and sigma 0.1 are about 0.01;
    // 0.05 is five of them.
    let r = fit("a*sin(c*x) + d", &data, &start).unwrap();
    let truth = [2.5, 1.3, 0.7];
    for (v, t) in r.values.iter().zip(truth) {
        assert!((v - t).abs() < 0.05, "{r}");
    }
    // The residuals are the noise: their mean square is about sigma^2.
    assert!((r.final_loss / (sigma * sigma) - 1.0).abs() < 0.25, "{r}");
    // Adam on shuffled mini-batches gets there too.
    let cfg = start
        .clone()
        .batch(Batch::Size(32))
        .epochs(200)
        .seed(1)
        .method(Method::parse("adam").unwrap().lr(0.01));
    let r = fit("a*sin(c*x) + d", &data, &cfg).unwrap();
    assert_eq!(r.iterations_per_epoch, 13);
    for (v, t) in r.values.iter().zip(truth) {
        assert!((v - t).abs() < 0.05, "{r}");
    }
}

#[test]
fn iterations_per_epoch_follow_keras() {
    // Seed 003: 50,000 rows in batches of 128 are 391 iterations per epoch (the last has 80 rows).
    assert_eq!(Batch::Size(128).iterations(50_000), 391);
    let xs: Vec<f64> = (0..50_000).map(|i| f64::from(i) / 50_000.0).collect();
    let ys: Vec<f64> = xs.iter().map(|x| 3.0 * x - 1.0).collect();
    let data = Dataset::from_columns("keras", &[("x", xs), ("y", ys)]).unwrap();
    let cfg = FitConfig::new(&["w", "b"])
        .batch(Batch::Size(128))
        .epochs(1)
        .method(Method::parse("sgd").unwrap().lr(0.1));
    let r = fit("w*x + b", &data, &cfg).unwrap();
    assert_eq!((r.iterations_per_epoch, r.iterations), (391, 391));
    assert_eq!(r.batch_size, 128);
    let all = fit("w*x + b", &data, &cfg.clone().batch(Batch::All)).unwrap();
    assert_eq!((all.iterations_per_epoch, all.batch_size), (1, 50_000));
}

#[test]
fn the_same_seed_repeats_exactly() {
    let data = noisy_sine(200, 0.1, 7);
    let cfg = FitConfig::new(&["a", "c", "d"])
        .init("a", 2.0)
        .init("c", 1.2)
        .batch(Batch::Size(8))
        .epochs(5)
        .seed(99)
        .method(Method::parse("momentum").unwrap().lr(0.01));
    let a = fit("a*sin(c*x) + d", &data, &cfg).unwrap();
    let b = fit("a*sin(c*x) + d", &data, &cfg).unwrap();
    assert_eq!(a.values, b.values);
    assert_eq!(a.epoch_losses, b.epoch_losses);
    let c = fit("a*sin(c*x) + d", &data, &cfg.clone().seed(100)).unwrap();
    assert_ne!(a.values, c.values);

    // And through the command line: two runs print the same report.
    let path = fixture("repeat", ARTICLE);
    let args = [
        "fit",
        "w*x + b",
        "--data",
        path.to_str().unwrap(),
        "--params",
        "w,b",
        "--method",
        "adam",
        "--lr",
        "0.05",
        "--batch",
        "2",
        "--epochs",
        "30",
        "--seed",
        "5",
    ];
    let (o1, o2) = (nabla(&args), nabla(&args));
    assert_eq!(o1.status.code(), Some(0), "{}", stderr(&o1));
    assert_eq!(stdout(&o1), stdout(&o2));
    assert!(stdout(&o1).contains("shuffled with seed 5"));
}

#[test]
fn every_method_of_the_suite_fits_the_line() {
    let data = article_data();
    let (w, b) = least_squares(&[-1.0, 0.0, 1.0], &[-3.0, 0.0, 1.0]);
    for name in Method::NAMES {
        let method = Method::parse(name).unwrap();
        let first_order = method.kind.is_first_order();
        let cfg = FitConfig::new(&["w", "b"])
            .init("w", 3.0)
            .init("b", 1.0)
            .batch(if first_order {
                Batch::Size(1)
            } else {
                Batch::All
            })
            .epochs(if first_order { 3000 } else { 500 })
            .method(match name {
                "adadelta" => method.lr(1.0),
                "adagrad" => method.lr(0.1),
                _ if first_order => method.lr(0.01),
                _ => method,
            });
        let r = fit("w*x + b", &data, &cfg).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(r.values.iter().all(|v| v.is_finite()));
        // Stochastic steps hover around the line; full-batch methods land on it.
        let tol = if first_order { 0.05 } else { 1e-6 };
        assert!(
            (r.values[0] - w).abs() < tol && (r.values[1] - b).abs() < tol,
            "{name}: {r}"
        );
    }
}

#[test]
fn a_custom_loss_in_pred_and_target() {
    // The mean absolute error is minimized by the median (2), not the mean (34.33...).
    let path = fixture("median", "y\n1\n2\n100\n");
    let o = nabla(&[
        "fit",
        "c",
        "--data",
        path.to_str().unwrap(),
        "--params",
        "c",
        "--loss",
        "abs(pred - target)",
        "--method",
        "gd",
        "--lr",
        "0.01",
        "--epochs",
        "1000",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let c = v["parameters"]["c"].as_f64().unwrap();
    assert!((c - 2.0).abs() < 0.02, "{c}");
    assert_eq!(v["loss_formula"], "abs(pred - target)");
    // A loss that ignores the prediction is refused.
    let data = article_data();
    let err = fit(
        "w*x + b",
        &data,
        &FitConfig::new(&["w", "b"]).loss("(target - 1)^2"),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the loss `(target - 1)^2` does not use `pred`; write it in terms of the prediction `pred` and the target `target`, e.g. `(pred - target)^2`"
    );
}

/// Runs `nabla fit "w*x + b" --data FILE --params w,b EXTRA...` on a fixture; returns (exit code,
/// stderr, path).
fn fit_file(name: &str, text: &str, extra: &[&str]) -> (Option<i32>, String, String) {
    let path = fixture(name, text);
    let p = path.to_str().unwrap().to_string();
    let mut args = vec!["fit", "w*x + b", "--data", &p, "--params", "w,b"];
    args.extend_from_slice(extra);
    let o = nabla(&args);
    (o.status.code(), stderr(&o).trim_end().to_string(), p)
}

#[test]
fn a_missing_column_names_the_file_line_and_column() {
    let (code, err, p) = fit_file("missing", "u,y\n1,2\n", &[]);
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        format!("error: `{p}` line 1: no column `x`, which the formula uses as data (the header has `u`, `y`); rename a column to `x`, or make `x` a parameter to learn it\nhint: to learn `x` instead, add it to --params: --params w,b,x")
    );
}

#[test]
fn a_missing_target_column_says_to_use_target() {
    let (code, err, p) = fit_file("target", "x,z\n1,2\n", &[]);
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        format!("error: `{p}` line 1: no target column `y` (the header has `x`, `z`); rename the column to fit to `y`, or choose another target column\nhint: choose the column to fit with --target (the default is y)")
    );
    let (code, _, _) = fit_file("target2", "x,z\n1,2\n2,4\n", &["--target", "z"]);
    assert_eq!(code, Some(0));
}

#[test]
fn a_duplicate_or_unnamed_header_is_refused() {
    let (code, err, p) = fit_file("dup", "x,y,x\n1,2,3\n", &[]);
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        format!("error: `{p}` line 1: the column name `x` appears twice (columns 1 and 3); rename one of them")
    );
    let (code, err, p) = fit_file("unnamed", "x,y,\n1,2,3\n", &[]);
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        format!("error: `{p}` line 1: column 3 of the header has no name; name every column (or remove a trailing comma)")
    );
}

#[test]
fn a_cell_that_is_not_a_number_names_its_line_and_column() {
    let text = "x,y\n1,1\n2,2\n3,3\n4,4\n5,5\nabc,6\n";
    let (code, err, p) = fit_file("abc", text, &[]);
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        format!("error: `{p}` line 7, column `x`: `abc` is not a number; write a decimal number such as 1.5 or -2e-3")
    );
    let (_, err, p) = fit_file("inf", "x,y\n1,inf\n", &[]);
    assert_eq!(
        err,
        format!("error: `{p}` line 2, column `y`: `inf` is not a finite number; write a finite value such as 1.5")
    );
    let (_, err, p) = fit_file("emptycell", "x,y\n1,\n", &[]);
    assert_eq!(
        err,
        format!("error: `{p}` line 2, column `y`: the cell is empty; every cell of a used column needs a number")
    );
    // A column the model does not use may hold text.
    let (code, err, _) = fit_file("text", "name,x,y\nabc,1,1\ndef,2,3\n", &[]);
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn an_empty_file_or_a_header_alone_is_refused() {
    let (code, err, p) = fit_file("empty", "", &[]);
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        format!(
            "error: `{p}` is empty; its first line must be a header naming the columns, e.g. `x,y`"
        )
    );
    let (code, err, p) = fit_file("header", "x,y\n", &[]);
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        format!("error: `{p}` has a header but no data rows; add one line of numbers per sample below the header")
    );
    let o = nabla(&[
        "fit",
        "w*x + b",
        "--data",
        "/nonexistent/nabla/none.csv",
        "--params",
        "w,b",
    ]);
    let (code, err) = (o.status.code(), stderr(&o).trim_end().to_string());
    assert_eq!(code, Some(2));
    assert!(
        err.starts_with("error: cannot read `/nonexistent/nabla/none.csv`: ")
            && err.ends_with("; check the file's path\nhint: --data takes the path of a CSV file, or - for standard input"),
        "{err}"
    );
}

#[test]
fn a_ragged_row_names_its_line_and_the_column() {
    let (code, err, p) = fit_file("short", "x,y\n1,2\n\n3\n", &[]);
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        format!("error: `{p}` line 4 has 1 fields but the header has 2: column `y` is missing; give every row one value per column")
    );
    let (code, err, p) = fit_file("long", "x,y\n1,2\n3,4,5\n", &[]);
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        format!("error: `{p}` line 3 has 3 fields but the header has 2: field 3 has no column; give every row one value per column")
    );
}

#[test]
fn a_diverging_run_suggests_a_smaller_learning_rate() {
    let (code, err, _) = fit_file(
        "diverge",
        ARTICLE,
        &[
            "--method", "gd", "--lr", "10", "--batch", "1", "--epochs", "200",
        ],
    );
    assert_eq!(code, Some(1));
    assert!(
        err.starts_with("error: training diverged at epoch "),
        "{err}"
    );
    assert!(
        err.contains("; use a smaller learning rate, e.g. lr = 1 (last finite parameters: w = "),
        "{err}"
    );
    assert!(err.contains("(last finite parameters: w = "), "{err}");
    // The library gives the last finite parameters to the caller.
    let data = article_data();
    let cfg = FitConfig::new(&["w", "b"])
        .batch(Batch::Size(1))
        .epochs(200)
        .method(Method::parse("gd").unwrap().lr(10.0));
    match fit("w*x + b", &data, &cfg) {
        Err(FitError::Diverged { last, names, .. }) => {
            assert_eq!(names, ["w", "b"]);
            assert!(last.iter().all(|v| v.is_finite()));
        }
        other => panic!("expected divergence, got {other:?}"),
    }
}

#[test]
fn a_start_outside_the_domain_is_refused_with_its_line() {
    let path = fixture("domain", "x,y\n1,0\n2,1\n");
    let o = nabla(&[
        "fit",
        "log(w*x)",
        "--data",
        path.to_str().unwrap(),
        "--params",
        "w",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o).trim_end(),
        format!(
            "error: the loss is inf (an overflow) at the start (w = 0) on `{}` line 2; choose start values inside the formula's domain\nhint: give start values with --init, e.g. --init w=1",
            path.display()
        )
    );
}

#[test]
fn names_and_settings_are_checked() {
    let data = article_data();
    let err = |cfg: FitConfig| fit("w*x + b", &data, &cfg).unwrap_err().to_string();
    assert_eq!(
        err(FitConfig::new(&["w", "z"])),
        "the parameter `z` does not appear in the formula (its variables are: w, x, b); remove it from the parameters or fix its spelling"
    );
    assert_eq!(
        err(FitConfig::new(&["w", "b"]).init("q", 1.0)),
        "`q` has a start value but is not a parameter (the parameters are: w, b); fix the start value's name"
    );
    assert_eq!(
        err(FitConfig::new(&["w", "b"]).batch(Batch::Size(2))),
        "method `lbfgs` takes full-batch steps with a line search; use the full batch (`Batch::All`), or a first-order method such as adam for mini-batches"
    );
    assert_eq!(
        err(FitConfig::new(Vec::<String>::new().as_slice())),
        "no parameters to learn; name the formula's variables to learn, e.g. `w` and `b`"
    );
    assert!(
        err(FitConfig::new(&["w", "b"]).method(Method::parse("adam").unwrap().lr(-1.0)))
            .starts_with("invalid lr = -1")
    );
    let (code, err, _) = fit_file("batch0", ARTICLE, &["--batch", "0"]);
    assert_eq!(code, Some(2));
    assert_eq!(err, "error: invalid batch size `0`; give a number of rows of at least 1 (1 for stochastic steps) or `all` for the full data");
}

/// The line y = 2x - 1 through four points: every residual of (w, b) = (2, -1) is exactly 0.
fn exact_line() -> Dataset {
    Dataset::from_columns(
        "line",
        &[
            ("x", vec![-1.0, 0.0, 1.0, 2.0]),
            ("y", vec![-3.0, -1.0, 1.0, 3.0]),
        ],
    )
    .expect("data")
}

/// The mean-squared-error gradient of `w*x + b` on [`exact_line`], written out by hand.
fn line_gradient(w: f64, b: f64) -> [f64; 2] {
    let (xs, ys) = ([-1.0, 0.0, 1.0, 2.0], [-3.0, -1.0, 1.0, 3.0]);
    let mut g = [0.0; 2];
    for (x, y) in xs.iter().zip(ys) {
        let r = w * x + b - y;
        g[0] += 2.0 * r * x / 4.0;
        g[1] += 2.0 * r / 4.0;
    }
    g
}

#[test]
fn full_batch_methods_stop_by_the_drivers_rules() {
    let data = exact_line();
    // L-BFGS stops on the gradient tolerance, reported as the driver's StopReason, with the
    // gradient at the learned parameters within the tolerance.
    let lbfgs = || Method::parse("lbfgs").expect("method");
    let cfg = FitConfig::new(&["w", "b"])
        .method(lbfgs())
        .tol(1e-9)
        .epochs(1000);
    let mut fitter = Fitter::new("w*x + b", &data, &cfg).expect("fitter");
    assert_eq!(fitter.stop_reason(), None);
    let r = fitter.run(|_, _| {}).expect("fit");
    assert_eq!(fitter.stop_reason(), Some(StopReason::GradientTolerance));
    assert_eq!(r.stop, FitStop::GradientTolerance);
    assert!(r.epochs < 1000 && r.epochs == r.iterations, "{r}");
    let g = line_gradient(r.values[0], r.values[1]);
    assert!(g[0].abs() <= 1e-9 && g[1].abs() <= 1e-9, "{g:?}");
    assert!((r.values[0] - 2.0).abs() < 1e-8 && (r.values[1] + 1.0).abs() < 1e-8);

    // The driver checks the tolerance before a step: a start on the line (gradient exactly 0)
    // takes no step, and fit's `max |gradient| <= tol` holds with tol 0.
    let at_optimum = FitConfig::new(&["w", "b"])
        .method(lbfgs())
        .init("w", 2.0)
        .init("b", -1.0)
        .tol(0.0);
    let mut fitter = Fitter::new("w*x + b", &data, &at_optimum).expect("fitter");
    let r = fitter.run(|_, _| {}).expect("fit");
    assert_eq!(fitter.stop_reason(), Some(StopReason::GradientTolerance));
    assert_eq!(
        (r.epochs, r.iterations, r.stop),
        (0, 0, FitStop::GradientTolerance)
    );

    // The driver's iteration limit is the epochs: two Armijo steps from (0, 0) with tol 0 cannot
    // reach a zero gradient, so the run ends with MaxIterations, which fit reports as the epochs.
    let two = FitConfig::new(&["w", "b"])
        .method(Method::parse("gd-armijo").expect("method"))
        .epochs(2)
        .tol(0.0);
    let mut fitter = Fitter::new("w*x + b", &data, &two).expect("fitter");
    let r = fitter.run(|_, _| {}).expect("fit");
    assert_eq!(fitter.stop_reason(), Some(StopReason::MaxIterations));
    assert_eq!((r.epochs, r.iterations, r.stop), (2, 2, FitStop::Epochs));

    // Nelder-Mead ends when its simplex collapses (the driver's SimplexCollapsed).
    let nm = FitConfig::new(&["w", "b"])
        .method(Method::parse("nelder-mead").expect("method"))
        .epochs(100_000);
    let mut fitter = Fitter::new("w*x + b", &data, &nm).expect("fitter");
    let r = fitter.run(|_, _| {}).expect("fit");
    assert_eq!(fitter.stop_reason(), Some(StopReason::SimplexCollapsed));
    assert_eq!(r.stop, FitStop::Converged);
    assert!(r.epochs < 100_000, "{r}");

    // Mini-batch methods have no driver.
    let adam = FitConfig::new(&["w", "b"])
        .method(Method::parse("adam").expect("method"))
        .batch(Batch::Size(2))
        .epochs(3);
    let mut fitter = Fitter::new("w*x + b", &data, &adam).expect("fitter");
    fitter.run(|_, _| {}).expect("fit");
    assert_eq!(fitter.stop_reason(), None);
}

#[test]
fn library_messages_name_no_flags() {
    let data = article_data();
    let err = |model: &str, cfg: FitConfig| fit(model, &data, &cfg).unwrap_err().to_string();
    let messages = [
        err("w*x + b", FitConfig::new(Vec::<String>::new().as_slice())),
        err("w*x + b", FitConfig::new(&["w", "z"])),
        err("w*x + b", FitConfig::new(&["w", "b"]).init("q", 1.0)),
        err("w*x + b", FitConfig::new(&["w", "b"]).target("z")),
        err("w*x + y", FitConfig::new(&["w", "y"])),
        err("w*u + b", FitConfig::new(&["w", "b"])),
        err("w*x + b", FitConfig::new(&["w", "b"]).batch(Batch::Size(2))),
        err("log(w*x)", FitConfig::new(&["w"])),
        Dataset::read_csv("/nonexistent/nabla/none.csv")
            .unwrap_err()
            .to_string(),
    ];
    for m in &messages {
        assert!(!names_a_flag(m), "{m}");
    }
}

#[test]
fn the_cli_names_the_flag_of_a_parameter_error() {
    let path = fixture("params", ARTICLE);
    let o = nabla(&[
        "fit",
        "w*x + b",
        "--data",
        path.to_str().unwrap(),
        "--params",
        "w,z",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).trim_end(),
        "error: the parameter `z` does not appear in the formula (its variables are: w, x, b); remove it from the parameters or fix its spelling\nhint: the parameters are the names given to --params"
    );
}

/// Divergence advice: lower the learning rate for a method that has one, not for one that
/// chooses its own steps.
#[test]
fn divergence_advice_depends_on_the_method() {
    // gd with lr 10 on the article's data: the library's advice is a tenth of the rate, 1.
    let data = article_data();
    let gd = FitConfig::new(&["w", "b"])
        .batch(Batch::Size(1))
        .epochs(200)
        .method(Method::parse("gd").unwrap().lr(10.0));
    let e = fit("w*x + b", &data, &gd).unwrap_err();
    assert!(
        matches!(e, FitError::Diverged { method: "gd", suggested_lr: Some(lr), .. } if lr == 1.0),
        "{e:?}"
    );
    let text = e.to_string();
    assert!(!names_a_flag(&text), "{text}");
    assert!(
        text.contains("; use a smaller learning rate, e.g. lr = 1 ("),
        "{text}"
    );

    // A full-batch method has no learning rate to lower.
    let lbfgs = FitError::Diverged {
        epoch: 3,
        iteration: 3,
        what: "loss",
        value: f64::NEG_INFINITY,
        method: "lbfgs",
        suggested_lr: None,
        names: vec!["w".to_string()],
        last: vec![2.0],
    };
    assert_eq!(
        lbfgs.to_string(),
        "training diverged at epoch 3, iteration 3: the loss became -inf (an overflow); method `lbfgs` has no learning rate to lower; start closer to a minimum, or check that the loss is bounded below (last finite parameters: w = 2)"
    );

    // The CLI: --lr for gd ...
    let (code, err, _) = fit_file(
        "diverge-gd",
        ARTICLE,
        &[
            "--method", "gd", "--lr", "10", "--batch", "1", "--epochs", "200",
        ],
    );
    assert_eq!(code, Some(1));
    assert!(
        err.ends_with("\nhint: rerun with a smaller --lr, e.g. --lr 1"),
        "{err}"
    );
    // ... and start values, never --lr, for a method without a learning rate: Nelder-Mead on
    // the unbounded loss -exp(w*x) walks w up until the loss overflows to -inf.
    let path = fixture("diverge-nm", "x,y\n1,2\n2,3\n");
    let o = nabla(&[
        "fit",
        "w*x",
        "--data",
        path.to_str().unwrap(),
        "--params",
        "w",
        "--loss",
        "-exp(pred)",
        "--method",
        "nelder-mead",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.starts_with("error: training diverged at epoch "),
        "{err}"
    );
    assert!(
        err.contains("; method `nelder-mead` has no learning rate to lower; "),
        "{err}"
    );
    assert!(
        err.trim_end().ends_with(
            "\nhint: a smaller --lr does not help nelder-mead; give start values closer to a minimum with --init (e.g. --init w=1), or check the formula and --loss"
        ),
        "{err}"
    );
    assert!(!err.contains("--lr 0"), "{err}");
}

/// `nabla fit --json` is the library's answer: the verdict says why training stopped (and its
/// exit class is the exit code), the loss is `value`, the parameters are `point` and
/// `parameters`; a divergence and a start outside the domain are answers too, with exit 1 and
/// the last finite parameters.
#[test]
fn json_answers_say_why_the_fit_stopped() {
    let path = fixture("verdicts", ARTICLE);
    let p = path.to_str().unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["fit", "w*x + b", "--data", p, "--params", "w,b", "--json"];
        args.extend_from_slice(extra);
        let o = nabla(&args);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
        (o.status.code(), v)
    };
    let (code, v) = run(&[]);
    assert_eq!(code, Some(0));
    assert_eq!(v["verdict"]["kind"], "converged", "{v}");
    assert!(
        (v["value"].as_f64().unwrap() - 2.0 / 9.0).abs() < 1e-12,
        "{v}"
    );
    assert_eq!(v["point"][0], v["parameters"]["w"]);
    assert_eq!(v["vars"], serde_json::json!(["w", "b"]));
    assert!(v["gradient"][0].as_f64().unwrap().abs() <= 1e-12, "{v}");
    // No --method: the default loss on the full batch runs Levenberg-Marquardt.
    assert_eq!(v["method"], "lm", "{v}");
    assert!(v["uncertainty"]["std_errors"].is_array(), "{v}");
    // A custom loss keeps L-BFGS, with its settings.
    let (code, v) = run(&["--loss", "(pred - target)^2 / 2"]);
    assert_eq!(code, Some(0));
    assert_eq!(v["method"], "lbfgs", "{v}");
    assert_eq!(v["settings"]["memory"], 10);
    assert_eq!(v["verdict"]["kind"], "converged", "{v}");
    // A flag without --method is checked against the method chosen.
    let o = nabla(&[
        "fit", "w*x + b", "--data", p, "--params", "w,b", "--memory", "5",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("lm"), "{}", stderr(&o));
    let (code, v) = run(&["--memory", "5", "--loss", "(pred - target)^2"]);
    assert_eq!((code, &v["method"]), (Some(0), &serde_json::json!("lbfgs")));
    assert_eq!(v["settings"]["memory"], 5);
    let (code, v) = run(&["--method", "adam", "--epochs", "3"]);
    assert_eq!(code, Some(0));
    assert_eq!(v["verdict"]["kind"], "budget_spent", "{v}");
    assert_eq!(v["settings"]["lr"], 0.001);
    assert_eq!(v["epoch_values"].as_array().unwrap().len(), 3);
    let (code, v) = run(&[
        "--method", "gd", "--lr", "10", "--batch", "1", "--epochs", "200",
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(v["verdict"]["kind"], "diverged", "{v}");
    assert_eq!(v["verdict"]["exit"], "failure");
    assert!(v["point"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x.as_f64().is_some_and(f64::is_finite)));
    let o = nabla(&["fit", "log(w*x)", "--data", p, "--params", "w", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["verdict"]["kind"], "not_finite", "{v}");
    assert_eq!(v["start"], serde_json::json!([0.0]));
}
