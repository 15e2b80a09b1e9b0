//! The NIST Statistical Reference Datasets for nonlinear regression (StRD): all 27 problems, both
//! official starts, fitted with [`nabla::fit`] and scored by NIST's log relative error (LRE).
//!
//! The `.dat` files under `tests/data/strd/` are NIST's originals (public domain, copied from
//! lmfit-py's `NIST_STRD/`; see the README there). Everything expected comes from their headers:
//! the starts, the certified parameters and standard errors, and the certified residual sum of
//! squares. The only thing written by hand is [`PROBLEMS`], NIST's model expressions translated
//! into nabla's formula syntax, one line per dataset; [`translations_reproduce_the_certified_rss`]
//! checks every line (and the data parsed with it) by evaluating the model at the certified
//! parameters and comparing the residual sum of squares with the certified one to 1e-6 relative.
//!
//! [`strd_accuracy`] fits the 54 runs with [`method`] (Levenberg-Marquardt), and
//! [`strd_accuracy_trf`] with trust-region reflective (`trf`, without bounds), each printing a
//! table with `--nocapture` (`cargo test --release --test tests strd -- --nocapture`). Every run must
//! reach LRE >= 6 in every parameter ([`REQUIRED_LRE`], [`EXPECTED_PASSING`]), say it converged,
//! and, where the certified residual sum is above double-precision rounding (all but Lanczos1),
//! reach LRE >= 4 in every standard error ([`REQUIRED_SE_LRE`]).

use std::time::{Duration, Instant};

use nabla::optim::{Method, MethodKind};
use nabla::{fit, Dataset, FitConfig, FitReport, FitStop, Fitter};

/// The method every StRD run uses: Levenberg-Marquardt (`lm`).
///
fn method() -> Method {
    Method::new(MethodKind::LevenbergMarquardt)
}

/// The LRE every parameter of a run must reach for the run to count as passing.
const REQUIRED_LRE: f64 = 6.0;

/// The LRE every standard error must reach, where the certified residual sum is above what
/// double precision and 11-digit certified values can reproduce ([`rounding_floor`]).
const REQUIRED_SE_LRE: f64 = 4.0;

/// How many of the 54 runs must pass at [`REQUIRED_LRE`]: every one (L-BFGS, the default before
/// Levenberg-Marquardt, passed 46 of 54 at LRE 4 and 45 at LRE 6).
const EXPECTED_PASSING: usize = 54;

/// Epoch cap of every run (a full-batch method takes one step per epoch).
const EPOCHS: usize = 100_000;

/// The gradient tolerance of every run (on the mean squared residual).
const TOL: f64 = 1e-12;

/// NIST's LRE cap: the certified values carry 11 significant digits.
const LRE_CAP: f64 = 11.0;

/// The response NIST regresses on.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Response {
    /// The `y` column as it is.
    Y,
    /// `log(y)` (Nelson: `log[y] = ...`).
    LogY,
}

/// One StRD problem: the file's stem, NIST's model as printed in its header, the same model in
/// nabla's syntax, and the response.
struct Problem {
    name: &'static str,
    nist: &'static str,
    model: &'static str,
    response: Response,
}

const fn p(name: &'static str, nist: &'static str, model: &'static str) -> Problem {
    Problem {
        name,
        nist,
        model,
        response: Response::Y,
    }
}

/// The translation table, in NIST's order (lower, average, then higher difficulty).
#[rustfmt::skip]
const PROBLEMS: &[Problem] = &[
    // Lower difficulty.
    p("Misra1a", "b1*(1-exp[-b2*x])", "b1*(1-exp(-b2*x))"),
    p("Chwirut2", "exp(-b1*x)/(b2+b3*x)", "exp(-b1*x)/(b2+b3*x)"),
    p("Chwirut1", "exp[-b1*x]/(b2+b3*x)", "exp(-b1*x)/(b2+b3*x)"),
    p("Lanczos3", "b1*exp(-b2*x) + b3*exp(-b4*x) + b5*exp(-b6*x)", "b1*exp(-b2*x) + b3*exp(-b4*x) + b5*exp(-b6*x)"),
    p("Gauss1", "b1*exp( -b2*x ) + b3*exp( -(x-b4)**2 / b5**2 ) + b6*exp( -(x-b7)**2 / b8**2 )", "b1*exp(-b2*x) + b3*exp(-(x-b4)^2/b5^2) + b6*exp(-(x-b7)^2/b8^2)"),
    p("Gauss2", "b1*exp( -b2*x ) + b3*exp( -(x-b4)**2 / b5**2 ) + b6*exp( -(x-b7)**2 / b8**2 )", "b1*exp(-b2*x) + b3*exp(-(x-b4)^2/b5^2) + b6*exp(-(x-b7)^2/b8^2)"),
    p("DanWood", "b1*x**b2", "b1*x^b2"),
    p("Misra1b", "b1 * (1-(1+b2*x/2)**(-2))", "b1*(1-(1+b2*x/2)^(-2))"),
    // Average difficulty.
    p("Kirby2", "(b1 + b2*x + b3*x**2) / (1 + b4*x + b5*x**2)", "(b1 + b2*x + b3*x^2)/(1 + b4*x + b5*x^2)"),
    p("Hahn1", "(b1+b2*x+b3*x**2+b4*x**3) / (1+b5*x+b6*x**2+b7*x**3)", "(b1 + b2*x + b3*x^2 + b4*x^3)/(1 + b5*x + b6*x^2 + b7*x^3)"),
    Problem { name: "Nelson", nist: "b1 - b2*x1 * exp[-b3*x2]", model: "b1 - b2*x1*exp(-b3*x2)", response: Response::LogY },
    p("MGH17", "b1 + b2*exp[-x*b4] + b3*exp[-x*b5]", "b1 + b2*exp(-x*b4) + b3*exp(-x*b5)"),
    p("Lanczos1", "b1*exp(-b2*x) + b3*exp(-b4*x) + b5*exp(-b6*x)", "b1*exp(-b2*x) + b3*exp(-b4*x) + b5*exp(-b6*x)"),
    p("Lanczos2", "b1*exp(-b2*x) + b3*exp(-b4*x) + b5*exp(-b6*x)", "b1*exp(-b2*x) + b3*exp(-b4*x) + b5*exp(-b6*x)"),
    p("Gauss3", "b1*exp( -b2*x ) + b3*exp( -(x-b4)**2 / b5**2 ) + b6*exp( -(x-b7)**2 / b8**2 )", "b1*exp(-b2*x) + b3*exp(-(x-b4)^2/b5^2) + b6*exp(-(x-b7)^2/b8^2)"),
    p("Misra1c", "b1 * (1-(1+2*b2*x)**(-.5))", "b1*(1-(1+2*b2*x)^(-0.5))"),
    p("Misra1d", "b1*b2*x*((1+b2*x)**(-1))", "b1*b2*x*((1+b2*x)^(-1))"),
    p("Roszman1", "b1 - b2*x - arctan[b3/(x-b4)]/pi", "b1 - b2*x - atan(b3/(x-b4))/pi"),
    p("ENSO", "b1 + b2*cos( 2*pi*x/12 ) + b3*sin( 2*pi*x/12 ) + b5*cos( 2*pi*x/b4 ) + b6*sin( 2*pi*x/b4 ) + b8*cos( 2*pi*x/b7 ) + b9*sin( 2*pi*x/b7 )", "b1 + b2*cos(2*pi*x/12) + b3*sin(2*pi*x/12) + b5*cos(2*pi*x/b4) + b6*sin(2*pi*x/b4) + b8*cos(2*pi*x/b7) + b9*sin(2*pi*x/b7)"),
    // Higher difficulty.
    p("MGH09", "b1*(x**2+x*b2) / (x**2+x*b3+b4)", "b1*(x^2 + x*b2)/(x^2 + x*b3 + b4)"),
    p("Thurber", "(b1 + b2*x + b3*x**2 + b4*x**3) / (1 + b5*x + b6*x**2 + b7*x**3)", "(b1 + b2*x + b3*x^2 + b4*x^3)/(1 + b5*x + b6*x^2 + b7*x^3)"),
    p("BoxBOD", "b1*(1-exp[-b2*x])", "b1*(1-exp(-b2*x))"),
    p("Rat42", "b1 / (1+exp[b2-b3*x])", "b1/(1 + exp(b2 - b3*x))"),
    p("MGH10", "b1 * exp[b2/(x+b3)]", "b1*exp(b2/(x + b3))"),
    p("Eckerle4", "(b1/b2) * exp[-0.5*((x-b3)/b2)**2]", "(b1/b2)*exp(-0.5*((x - b3)/b2)^2)"),
    p("Rat43", "b1 / ((1+exp[b2-b3*x])**(1/b4))", "b1/((1 + exp(b2 - b3*x))^(1/b4))"),
    p("Bennett5", "b1 * (b2+x)**(-1/b3)", "b1*(b2 + x)^(-1/b3)"),
];

/// One parsed `.dat` file.
pub(super) struct Strd {
    /// The left side of NIST's model (`y`, or `log[y]` for Nelson).
    pub(super) response_text: String,
    /// NIST's model line(s) from the header, whitespace collapsed, without `y =` and `+ e`.
    pub(super) model_text: String,
    /// Parameter names, `b1`, `b2`, ...
    pub(super) params: Vec<String>,
    /// The two official starts, one value per parameter each.
    pub(super) starts: [Vec<f64>; 2],
    /// Certified values.
    pub(super) certified: Vec<f64>,
    /// Certified standard errors ("Standard Deviation" in NIST's header).
    pub(super) std_errors: Vec<f64>,
    /// Certified residual sum of squares.
    pub(super) rss: f64,
    /// Column names (`y`, then the predictors) and their values.
    pub(super) columns: Vec<(String, Vec<f64>)>,
}

fn data_dir() -> &'static str {
    concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/data/strd")
}

/// The numbers after `label` on the header line that starts with it (after spaces).
fn header_numbers(lines: &[&str], label: &str) -> Vec<f64> {
    let line = lines
        .iter()
        .find(|l| l.trim_start().starts_with(label))
        .unwrap_or_else(|| panic!("no line starting with {label:?}"));
    line.trim_start()[label.len()..]
        .split_whitespace()
        .map(|t| {
            t.parse()
                .unwrap_or_else(|_| panic!("bad number {t:?} in {line:?}"))
        })
        .collect()
}

/// Reads `tests/data/strd/NAME.dat`.
pub(super) fn read_strd(name: &str) -> Strd {
    let path = format!("{}/{name}.dat", data_dir());
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let lines: Vec<&str> = text.lines().collect();

    // "Data              (lines 61 to 74)": 1-based, inclusive; the line before names the columns.
    let range = lines
        .iter()
        .find(|l| l.trim_start().starts_with("Data ") && l.contains("(lines"))
        .expect("data range line");
    let nums: Vec<usize> = range
        .split(|c: char| !c.is_ascii_digit())
        .filter(|t| !t.is_empty())
        .map(|t| t.parse().unwrap())
        .collect();
    let (first, last) = (nums[0], nums[1]);
    let names: Vec<String> = lines[first - 2]
        .trim_start()
        .strip_prefix("Data:")
        .expect("column names line")
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let mut columns: Vec<(String, Vec<f64>)> = names.into_iter().map(|n| (n, vec![])).collect();
    for line in &lines[first - 1..last] {
        let row: Vec<f64> = line
            .split_whitespace()
            .map(|t| t.parse().unwrap_or_else(|_| panic!("bad datum {t:?}")))
            .collect();
        assert_eq!(row.len(), columns.len(), "{name}: row {line:?}");
        for (c, v) in columns.iter_mut().zip(row) {
            c.1.push(v);
        }
    }
    let observations = header_numbers(&lines, "Number of Observations:")[0] as usize;
    assert_eq!(columns[0].1.len(), observations, "{name}: row count");

    // "  b1 =   500   250   2.3894212918E+02  2.7070075241E+00": start 1, start 2, value, error.
    let mut params = Vec::new();
    let (mut s1, mut s2, mut certified, mut std_errors) = (vec![], vec![], vec![], vec![]);
    for line in &lines {
        let t = line.trim_start();
        let Some((head, rest)) = t.split_once('=') else {
            continue;
        };
        let head = head.trim();
        if !(head.starts_with('b')
            && head[1..].chars().all(|c| c.is_ascii_digit())
            && head.len() > 1)
        {
            continue;
        }
        let v: Vec<f64> = rest
            .split_whitespace()
            .map(|t| t.parse().unwrap_or_else(|_| panic!("bad number {t:?}")))
            .collect();
        assert_eq!(v.len(), 4, "{name}: {line:?}");
        params.push(head.to_string());
        s1.push(v[0]);
        s2.push(v[1]);
        certified.push(v[2]);
        std_errors.push(v[3]);
    }
    let rss = header_numbers(&lines, "Residual Sum of Squares:")[0];

    // NIST's model: the lines from `y = ...` after "Model:" up to the one ending in "+  e".
    let model_at = lines.iter().position(|l| l.starts_with("Model:")).unwrap();
    let mut model_text = String::new();
    for line in &lines[model_at + 1..] {
        let t = line.trim();
        // Skip to the line `y = ...` (or `log[y] = ...`); Roszman1 defines `pi = ...` first.
        if model_text.is_empty() && !(t.starts_with("y ") || t.starts_with("log[y]")) {
            continue;
        }
        model_text.push(' ');
        model_text.push_str(t);
        if t.ends_with("+  e") || t.ends_with("+ e") {
            break;
        }
    }
    let model_text = model_text.split_whitespace().collect::<Vec<_>>().join(" ");
    let (response_text, model_text) = model_text.split_once(" = ").expect("model: y = ...");
    let response_text = response_text.to_string();
    let model_text = model_text.trim_end_matches("+ e").trim().to_string();

    Strd {
        response_text,
        model_text,
        params,
        starts: [s1, s2],
        certified,
        std_errors,
        rss,
        columns,
    }
}

/// The dataset to fit: the target column `y` (or `log(y)` for [`Response::LogY`]) and the
/// predictors under the file's names.
fn dataset(problem: &Problem, strd: &Strd) -> Dataset {
    let columns: Vec<(&str, Vec<f64>)> = strd
        .columns
        .iter()
        .map(|(n, v)| {
            let v = if n == "y" && problem.response == Response::LogY {
                v.iter().map(|y| y.ln()).collect()
            } else {
                v.clone()
            };
            (n.as_str(), v)
        })
        .collect();
    Dataset::from_columns(problem.name, &columns).unwrap()
}

/// NIST's log relative error of `est` against `cert`, in 0..=[`LRE_CAP`] (0 for a non-finite
/// estimate; against a certified 0, the absolute error).
pub(super) fn lre(est: f64, cert: f64) -> f64 {
    if !est.is_finite() {
        return 0.0;
    }
    let err = (est - cert).abs();
    if err == 0.0 {
        return LRE_CAP;
    }
    let rel = if cert == 0.0 { err } else { err / cert.abs() };
    // `+ 0.0` turns -0 (a relative error of exactly 1) into 0.
    (-rel.log10()).clamp(0.0, LRE_CAP) + 0.0
}

/// The smallest LRE over the pairs.
fn min_lre(est: &[f64], cert: &[f64]) -> f64 {
    est.iter()
        .zip(cert)
        .map(|(e, c)| lre(*e, *c))
        .fold(LRE_CAP, f64::min)
}

/// The fit's standard errors, when its report has them (`None` where the Jacobian is rank
/// deficient).
fn std_errors(report: &FitReport) -> Option<Vec<f64>> {
    report
        .uncertainty
        .as_ref()
        .and_then(|u| u.std_errors.clone())
}

/// The residual sum of squares at `values`, from nabla's compiled mean loss.
fn rss_at(problem: &Problem, data: &Dataset, params: &[String], values: &[f64]) -> f64 {
    let mut config = FitConfig::new(params).target("y");
    for (n, v) in params.iter().zip(values) {
        config = config.init(n, *v);
    }
    let mut fitter = Fitter::new(problem.model, data, &config).unwrap();
    fitter.loss() * data.rows() as f64
}

#[test]
fn lre_counts_correct_digits() {
    assert_eq!(lre(2.0, 2.0), LRE_CAP);
    assert!((lre(1.000_001, 1.0) - 6.0).abs() < 1e-6);
    assert!((lre(-2.0e-4, -2.0e-3) + 0.9_f64.log10()).abs() < 1e-12);
    assert_eq!(lre(5.0, 1.0), 0.0);
    assert_eq!(lre(f64::NAN, 1.0), 0.0);
    assert_eq!(lre(1.0 + 1e-14, 1.0), LRE_CAP);
}

#[test]
fn every_dataset_is_in_the_table_and_parses() {
    let mut files: Vec<String> = std::fs::read_dir(data_dir())
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".dat").map(str::to_string)
        })
        .collect();
    files.sort();
    let mut table: Vec<String> = PROBLEMS.iter().map(|p| p.name.to_string()).collect();
    table.sort();
    assert_eq!(files, table);
    assert_eq!(PROBLEMS.len(), 27);
    for problem in PROBLEMS {
        let s = read_strd(problem.name);
        let np = s.params.len();
        assert!(np >= 2, "{}", problem.name);
        for (k, name) in s.params.iter().enumerate() {
            assert_eq!(name, &format!("b{}", k + 1), "{}", problem.name);
        }
        assert!(s.starts.iter().all(|v| v.len() == np));
        assert!(s.certified.len() == np && s.std_errors.len() == np);
        assert!(s.rss > 0.0);
        assert_eq!(s.columns[0].0, "y", "{}", problem.name);
        // The header's model is the one the table translates (whitespace aside).
        let squeeze = |t: &str| t.split_whitespace().collect::<String>();
        assert_eq!(
            squeeze(&s.model_text),
            squeeze(problem.nist),
            "{}",
            problem.name
        );
        let response = match problem.response {
            Response::Y => "y",
            Response::LogY => "log[y]",
        };
        assert_eq!(s.response_text, response, "{}", problem.name);
    }
}

/// The residual sum of squares that 11-digit parameters can reproduce: `n (1e-10 max |y|)^2`.
/// Below it (Lanczos1, whose data are the model's values to 13 digits with a certified sum of
/// 1.4e-25), rounding the certified values to 11 digits moves the model by more than the
/// certified residuals.
fn rounding_floor(data_y: &[f64]) -> f64 {
    let max = data_y.iter().fold(0.0_f64, |m, y| m.max(y.abs()));
    data_y.len() as f64 * (1e-10 * max).powi(2)
}

#[test]
fn translations_reproduce_the_certified_rss() {
    let mut exact = 0;
    for problem in PROBLEMS {
        let s = read_strd(problem.name);
        let data = dataset(problem, &s);
        let rss = rss_at(problem, &data, &s.params, &s.certified);
        let floor = rounding_floor(&s.columns[0].1);
        if s.rss > floor {
            let rel = (rss - s.rss).abs() / s.rss;
            assert!(
                rel <= 1e-6,
                "{}: rss {rss:e} at the certified values, certified {:e} (relative {rel:e})",
                problem.name,
                s.rss
            );
            exact += 1;
        } else {
            assert!(
                rss <= floor,
                "{}: rss {rss:e} at the certified values, above the rounding floor {floor:e}",
                problem.name
            );
        }
    }
    // Every dataset but Lanczos1 is checked to 1e-6 relative.
    assert_eq!(exact, 26);
}

/// One fitted run.
struct Run {
    name: &'static str,
    start: usize,
    min_lre: f64,
    se_lre: Option<f64>,
    /// The certified residual sum is above [`rounding_floor`]: the standard errors are held to
    /// [`REQUIRED_SE_LRE`].
    above_rounding: bool,
    rss_ratio: f64,
    stop: FitStop,
    epochs: usize,
    elapsed: Duration,
}

fn run(
    problem: &'static Problem,
    strd: &Strd,
    data: &Dataset,
    start: usize,
    method: &Method,
) -> Run {
    let mut config = FitConfig::new(&strd.params)
        .target("y")
        .method(method.clone())
        .epochs(EPOCHS)
        .tol(TOL);
    for (n, v) in strd.params.iter().zip(&strd.starts[start]) {
        config = config.init(n, *v);
    }
    let t = Instant::now();
    let report = fit(problem.model, data, &config)
        .unwrap_or_else(|e| panic!("{} start {}: {e}", problem.name, start + 1));
    let elapsed = t.elapsed();
    Run {
        name: problem.name,
        start: start + 1,
        min_lre: min_lre(&report.values, &strd.certified),
        se_lre: std_errors(&report).map(|se| min_lre(&se, &strd.std_errors)),
        above_rounding: strd.rss > rounding_floor(&strd.columns[0].1),
        rss_ratio: report.final_loss * data.rows() as f64 / strd.rss,
        stop: report.stop,
        epochs: report.epochs,
        elapsed,
    }
}

#[test]
fn strd_accuracy() {
    accuracy(&method());
}

/// Trust-region reflective (`trf`, the method of bounded fits) without bounds meets the same
/// requirements as `lm` on all 54 runs.
#[test]
fn strd_accuracy_trf() {
    accuracy(&Method::new(MethodKind::TrustRegionReflective));
}

/// Fits the 54 runs with `method`, prints the table, and holds every run to the requirements.
fn accuracy(method: &Method) {
    let started = Instant::now();
    let mut runs = Vec::new();
    for problem in PROBLEMS {
        let s = read_strd(problem.name);
        let data = dataset(problem, &s);
        for start in 0..2 {
            runs.push(run(problem, &s, &data, start, method));
        }
    }
    println!("method {}", method.name());
    println!(
        "{:<9} {:>5} {:>7} {:>7} {:>12} {:>7} {:>9}  stop",
        "dataset", "start", "min LRE", "se LRE", "rss/cert", "epochs", "time ms"
    );
    for r in &runs {
        let se = r.se_lre.map_or("-".to_string(), |v| format!("{v:.1}"));
        let claims = !matches!(r.stop, FitStop::Epochs);
        let flag = if claims && r.min_lre < REQUIRED_LRE {
            " (claims success, fails)"
        } else {
            ""
        };
        println!(
            "{:<9} {:>5} {:>7.1} {:>7} {:>12.6e} {:>7} {:>9.1}  {}{flag}",
            r.name,
            r.start,
            r.min_lre,
            se,
            r.rss_ratio,
            r.epochs,
            r.elapsed.as_secs_f64() * 1e3,
            r.stop,
        );
    }
    let passing = runs.iter().filter(|r| r.min_lre >= REQUIRED_LRE).count();
    let at6 = runs.iter().filter(|r| r.min_lre >= 6.0).count();
    println!(
        "{} runs, {passing} at LRE >= {REQUIRED_LRE}, {at6} at LRE >= 6, {:.1} s",
        runs.len(),
        started.elapsed().as_secs_f64()
    );
    assert_eq!(runs.len(), 54);
    assert!(
        passing >= EXPECTED_PASSING,
        "{passing} of 54 runs at LRE >= {REQUIRED_LRE}, expected at least {EXPECTED_PASSING}"
    );
    for r in runs.iter().filter(|r| r.above_rounding) {
        let se = r.se_lre.unwrap_or(0.0);
        assert!(
            se >= REQUIRED_SE_LRE,
            "{} from start {}: standard errors at LRE {se:.1}, below {REQUIRED_SE_LRE}",
            r.name,
            r.start
        );
    }
    assert!(
        runs.iter().filter(|r| r.above_rounding).count() >= 52,
        "Lanczos1 alone is below rounding"
    );
    for r in &runs {
        assert!(
            r.stop.converged(),
            "{} from start {} does not claim convergence: {}",
            r.name,
            r.start,
            r.stop
        );
    }
}

/// The fit of `name` from its start `start` (0 or 1) with `method`, as `nabla fit` answers it.
fn answer(name: &str, start: usize, method: &str) -> (nabla::answer::FitAnswer, Strd) {
    let problem = PROBLEMS.iter().find(|p| p.name == name).unwrap();
    let s = read_strd(name);
    let data = dataset(problem, &s);
    let mut config = FitConfig::new(&s.params)
        .target("y")
        .method(Method::parse(method).unwrap())
        .epochs(EPOCHS)
        .tol(TOL);
    for (n, v) in s.params.iter().zip(&s.starts[start]) {
        config = config.init(n, *v);
    }
    let a = nabla::answer::fit(problem.model, &data, &config, |_, _| {}).unwrap();
    (a, s)
}

/// Issue 27: L-BFGS on Bennett5 from NIST's start 1 (b1 = -2000, b2 = 50, b3 = 0.8) stops where
/// the line search finds no lower loss at b1 = -2000.03, far from the certified -2523.5: the
/// answer must say stalled, not converged.
#[test]
fn lbfgs_short_of_bennett5_says_stalled_not_converged() {
    let (a, s) = answer("Bennett5", 0, "lbfgs");
    assert_eq!(s.starts[0], [-2000.0, 50.0, 0.8]);
    // The premise: the fit stops far from the certified parameters.
    assert!(min_lre(&a.point, &s.certified) < 2.0, "{:?}", a.point);
    assert!(a.epochs < EPOCHS, "{}", a.stop);
    assert_eq!(
        a.verdict.kind,
        nabla::answer::VerdictKind::Stalled,
        "{}",
        a.stop
    );
    assert!(a.stop.contains("not converged"), "{}", a.stop);
    assert!(!a.stop.starts_with("converged"), "{}", a.stop);
}

/// L-BFGS on Rat43 from start 1 runs into the model's saturation (exp(b2 - b3 x) overflows the
/// model to 0 in every row): the gradient falls below the tolerance at a loss 122 times the
/// certified one, with almost no curvature. That is a plateau, not convergence.
#[test]
fn a_gradient_below_the_tolerance_on_a_plateau_is_not_convergence() {
    let (a, s) = answer("Rat43", 0, "lbfgs");
    assert_eq!(s.starts[0], [100.0, 10.0, 1.0, 1.0]);
    // The premise: far from the certified parameters.
    assert!(min_lre(&a.point, &s.certified) < 1.0, "{:?}", a.point);
    assert_eq!(
        a.verdict.kind,
        nabla::answer::VerdictKind::Stalled,
        "{}",
        a.stop
    );
    assert!(
        a.stop.contains("a Newton step would still lower the loss"),
        "{}",
        a.stop
    );
    assert!(a.stop.contains("not converged"), "{}", a.stop);
}

/// Issue 27: Newton on ENSO from start 2 settles within a few epochs; it must stop once the loss
/// has stalled ([`nabla::STALL_EPOCHS`] epochs without a relative decrease beyond
/// [`nabla::STALL_TOL`]) instead of running all epochs, at the certified parameters, saying
/// converged (its scaled gradient is small there).
#[test]
fn newton_stops_once_enso_has_stalled() {
    let (a, s) = answer("ENSO", 1, "newton");
    assert!(a.epochs < 1000, "{} epochs: {}", a.epochs, a.stop);
    assert!(
        min_lre(&a.point, &s.certified) >= REQUIRED_LRE,
        "{:?}",
        a.point
    );
    assert_eq!(
        a.verdict.kind,
        nabla::answer::VerdictKind::Converged,
        "{}",
        a.stop
    );
}

/// Every L-BFGS and Newton run that says converged on the 54 StRD runs (epochs capped) without
/// reaching LRE 4 is one of the known exceptions, where an ill-conditioned valley passes: no
/// failed line search, stall or gradient-tolerance stop claims convergence short of the
/// certified values (a gradient below the tolerance on a plateau is
/// [`FitStop::GradientToleranceOnly`]).
#[test]
fn line_search_and_stall_stops_claim_convergence_only_near_the_solution() {
    for problem in PROBLEMS {
        for start in 0..2 {
            for m in ["lbfgs", "newton"] {
                let s = read_strd(problem.name);
                let data = dataset(problem, &s);
                let mut config = FitConfig::new(&s.params)
                    .target("y")
                    .method(Method::parse(m).unwrap())
                    .epochs(3000)
                    .tol(TOL);
                for (n, v) in s.params.iter().zip(&s.starts[start]) {
                    config = config.init(n, *v);
                }
                let Ok(r) = fit(problem.model, &data, &config) else {
                    continue;
                };
                if matches!(
                    r.stop,
                    FitStop::LineSearchConverged
                        | FitStop::StalledConverged
                        | FitStop::GradientTolerance
                ) {
                    let lre = min_lre(&r.values, &s.certified);
                    // Hahn1 from start 2: L-BFGS ends in a flat valley where the scaled gradient
                    // is 6e-8; the test cannot see it (LRE 0 in its smallest parameter).
                    // MGH09 from start 1 with Newton: b3 runs to about -2.9e4, where the loss
                    // flattens towards its limit as b3 goes to minus infinity; the gradient test
                    // passes there and the plateau test (the Newton decrement) does not see the
                    // valley to infinity.
                    let known = problem.name == "Hahn1"
                        || (problem.name == "MGH09" && start == 0 && m == "newton")
                        // Eckerle4 from start 1 with Newton: (-b1, -b2, b3), the same model
                        // (b1/b2 and ((x - b3)/b2)^2 do not change), a true minimum at LRE 0.
                        || (problem.name == "Eckerle4"
                            && start == 0
                            && m == "newton"
                            && min_lre(&r.values.iter().map(|v| v.abs()).collect::<Vec<_>>(), &s.certified) >= 4.0);
                    assert!(
                        lre >= 4.0 || known,
                        "{} start {} {m}: {} at LRE {lre:.1}",
                        problem.name,
                        start + 1,
                        r.stop
                    );
                }
            }
        }
    }
}
