//! `nabla check`: the exact gradient against central differences (at `--at` points and `--random`
//! points of a `--box`), the `--sweep` and `--precision f32` teaching views, and verification of
//! hand-derived partials (`--grad`). All numerics live in the library's `check` module; this file
//! only reads arguments, builds the request and renders the library's answer
//! (`nabla::answer::check`, `check_sweep`, `check_hand`).
//!
//! Exit codes are the verdict's: 0 when everything compared agrees (kinks and non-finite points
//! are reported, not failures), 1 when something disagrees or nothing could be compared (the
//! report is printed first), 2 for bad input.

use clap::Args;
use nabla::answer::{Answer, CheckAnswer, CheckRequest, HandRequest, RandomPoints};
use nabla::{
    tr, CheckError, CheckOptions, Function, Precision, Step, VerifyOptions, DEFAULT_HAND_POINTS,
};

use super::{limits, parse_box, parse_point_for, render, CliError, FormulaArgs};

/// Arguments of `nabla check`.
#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    formula: FormulaArgs,
    /// A point to check: `x=2,y=3` by name or `2,3` in variable order (repeatable).
    #[arg(long, value_name = "POINT", allow_hyphen_values = true)]
    at: Vec<String>,
    /// Finite-difference step, the same for every variable (default: cbrt(eps)*max(|x_i|,1),
    /// about 6e-6 per unit, rounded to a power of two).
    #[arg(long, allow_negative_numbers = true, value_name = "H")]
    step: Option<f64>,
    /// Relative tolerance.
    #[arg(long, allow_negative_numbers = true, value_name = "R", default_value = RTOL_TEXT)]
    rtol: f64,
    /// Absolute tolerance.
    #[arg(long, allow_negative_numbers = true, value_name = "A", default_value = ATOL_TEXT)]
    atol: f64,
    /// Also check N random points of the box (with --grad: default 1000; at most 100,000).
    #[arg(long, allow_negative_numbers = true, value_name = "N", value_parser = limits::count(1, limits::MAX_RANDOM_POINTS))]
    random: Option<usize>,
    /// The box for random points: `-5..5` for every variable, or `x=-5..5,y=0..1`.
    #[arg(
        long = "box",
        value_name = "BOX",
        allow_hyphen_values = true,
        default_value = BOX_TEXT
    )]
    bbox: String,
    /// Seed of the random points.
    #[arg(
        long,
        allow_negative_numbers = true,
        value_name = "S",
        default_value_t = 1
    )]
    seed: u64,
    /// Print the error of forward and central differences for steps 1e-1 .. 1e-13 instead.
    #[arg(long, conflicts_with_all = ["grad", "random", "step"])]
    sweep: bool,
    /// With --sweep, also draw the sweep as a picture (`.svg` or `.png`): each difference's
    /// error against the step on log-log axes, the best step of each marked.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<std::path::PathBuf>,
    /// Evaluate the finite differences in f32 or f64.
    #[arg(long, value_name = "f32|f64", default_value = "f64", value_parser = parse_precision)]
    precision: Precision,
    /// Hand-derived partials to verify: "df/dx; df/dy" in variable order, or x="..." by name
    /// (repeatable).
    #[arg(
        long,
        value_name = "FORMULAS",
        allow_hyphen_values = true,
        conflicts_with_all = ["step", "precision"]
    )]
    grad: Vec<String>,
}

/// `DEFAULT_RTOL` as the help text shows it (checked equal by a test).
const RTOL_TEXT: &str = "1e-6";
/// `DEFAULT_ATOL` as the help text shows it.
const ATOL_TEXT: &str = "1e-10";
/// `DEFAULT_BOX` as the help text shows it.
const BOX_TEXT: &str = "-5..5";

fn parse_precision(s: &str) -> Result<Precision, String> {
    s.parse()
}

/// The library's error for the function with variables `names`, with the flags that fix it on a
/// second line where the library's message cannot name them.
fn check_error(e: CheckError, names: &[&str]) -> CliError {
    match e {
        CheckError::Engine(e) => e.into(),
        CheckError::HandParse { var, error } => CliError::Usage(format!(
            "{error}\n  {}",
            tr!("check-hand-parse-where", var = &var)
        )),
        e @ CheckError::NoPoints => {
            let example = names
                .iter()
                .map(|n| format!("{n}=1"))
                .collect::<Vec<_>>()
                .join(",");
            CliError::Usage(format!(
                "{}\n{}",
                error_line(e),
                tr!(
                    "hint-line",
                    message = tr!("check-hint-no-points", example = example)
                )
            ))
        }
        other => CliError::of(other.exit(), error_line(other)),
    }
}

/// `error: ...` (or `錯誤：...`) for a message.
fn error_line(message: impl std::fmt::Display) -> String {
    tr!("error-line", message = message.to_string())
}

/// Runs `nabla check`.
pub fn run(a: &CheckArgs) -> Result<(), CliError> {
    let f = a.formula.function()?;
    let names: Vec<String> = f.var_names().iter().map(|s| s.to_string()).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    if names.is_empty() {
        return Err(CliError::Usage(error_line(tr!("check-no-variables"))));
    }
    let mut points =
        a.at.iter()
            .map(|t| parse_point_for("--at", t, &names))
            .collect::<Result<Vec<_>, _>>()?;
    if !a.grad.is_empty() {
        return run_hand(a, &f, &names, points);
    }
    if a.output.is_some() && !a.sweep {
        return Err(CliError::Usage(error_line(tr!(
            "check-sweep-output-needs-sweep"
        ))));
    }
    if a.sweep {
        let [x] = &points[..] else {
            return Err(CliError::Usage(error_line(tr!("check-sweep-one-point"))));
        };
        if let Some(path) = &a.output {
            nabla::plot::ImageFormat::from_path(path)
                .map_err(|e| CliError::of(e.exit(), error_line(e)))?;
        }
        let answer =
            nabla::answer::check_sweep(&f, x, a.precision).map_err(|e| check_error(e, &names))?;
        if let Some(path) = &a.output {
            answer
                .chart(path)
                .map_err(|e| CliError::of(e.exit(), error_line(e)))?;
        }
        let wrote = a
            .output
            .as_ref()
            .map(|p| tr!("check-wrote-sweep", file = p.display().to_string()));
        let text = || {
            out!("{answer}");
            if let Some(w) = &wrote {
                eprintln!("{w}");
            }
        };
        return render(
            &Answer::Check(CheckAnswer::Sweep(answer.clone())),
            a.formula.json(),
            text,
        );
    }
    let random = match a.random {
        Some(n) => Some(random_points(a, n, &names)?),
        None => None,
    };
    let mut req = CheckRequest::new(
        std::mem::take(&mut points),
        CheckOptions {
            step: a.step.map_or(Step::Auto, Step::Fixed),
            rtol: a.rtol,
            atol: a.atol,
            precision: a.precision,
        },
    );
    req.random = random;
    let answer = nabla::answer::check(&f, &req).map_err(|e| check_error(e, &names))?;
    let text = || {
        if a.random.is_some_and(|n| n > 0) {
            outln!("{}", random_line(a.random.unwrap_or(0), a));
        }
        out!("{answer}");
        for n in &answer.notes {
            outln!("{n}");
        }
        if answer.default_step_resolves {
            outln!(
                "{}",
                tr!("hint-line", message = tr!("check-hint-default-step"))
            );
        }
    };
    render(
        &Answer::Check(CheckAnswer::Central(Box::new(answer.clone()))),
        a.formula.json(),
        text,
    )
}

/// `random points: 50 in -1..1 (seed 1)`.
fn random_line(n: usize, a: &CheckArgs) -> String {
    tr!(
        "check-random-line",
        count = n.to_string(),
        range = &a.bbox,
        seed = a.seed.to_string()
    )
}

/// The `--random` points of `--box`, checked for a valid box.
fn random_points(a: &CheckArgs, n: usize, names: &[&str]) -> Result<RandomPoints, CliError> {
    let bounds = parse_box(&a.bbox, names)?;
    nabla::SampleBox::new(bounds.clone()).map_err(|e| check_error(e, names))?;
    Ok(RandomPoints::new(n, &bounds, a.seed))
}

/// Splits the `--grad` values into `(variable, formula)` pairs: `;` separates formulas, `x=...` or
/// `df/dx=...` names one, unnamed ones go in variable order.
fn hand_formulas<'a>(
    values: &'a [String],
    names: &[&'a str],
) -> Result<Vec<(&'a str, &'a str)>, CliError> {
    let pieces: Vec<&str> = values
        .iter()
        .flat_map(|v| v.split(';'))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let mut named = Vec::new();
    let mut positional = Vec::new();
    for p in pieces {
        let name = p.split_once('=').and_then(|(l, r)| {
            let l = l.trim();
            let l = l
                .strip_prefix("df/d")
                .or_else(|| l.strip_prefix("d/d"))
                .unwrap_or(l);
            let ident = !l.is_empty()
                && l.chars().all(|c| c.is_alphanumeric() || c == '_')
                && !l.starts_with(|c: char| c.is_ascii_digit());
            ident.then_some((l, r))
        });
        match name {
            Some((l, r)) => {
                let Some(n) = names.iter().find(|n| **n == l) else {
                    return Err(CliError::Usage(error_line(tr!(
                        "check-grad-unknown",
                        name = l,
                        names = names.join(", ")
                    ))));
                };
                named.push((*n, r.trim()));
            }
            None => positional.push(p),
        }
    }
    if !named.is_empty() && !positional.is_empty() {
        return Err(CliError::Usage(error_line(tr!("check-grad-mixed"))));
    }
    if !positional.is_empty() {
        if positional.len() != names.len() {
            return Err(CliError::Usage(error_line(tr!(
                "check-grad-count",
                found = positional.len(),
                expected = names.len(),
                names = names.join(", "),
                first = *names.first().unwrap_or(&"x")
            ))));
        }
        return Ok(names.iter().copied().zip(positional).collect());
    }
    Ok(named)
}

fn run_hand(
    a: &CheckArgs,
    f: &Function,
    names: &[&str],
    points: Vec<Vec<f64>>,
) -> Result<(), CliError> {
    let hand = hand_formulas(&a.grad, names)?;
    let n = a.random.unwrap_or(DEFAULT_HAND_POINTS);
    let mut req = HandRequest::new(&hand, points);
    if n > 0 {
        req.random = Some(random_points(a, n, names)?);
    }
    req.options = VerifyOptions {
        rtol: a.rtol,
        atol: a.atol,
    };
    let answer = nabla::answer::check_hand(f, &req).map_err(|e| check_error(e, names))?;
    let text = || {
        if n > 0 {
            outln!("{}", random_line(n, a));
        }
        out!("{answer}");
    };
    render(
        &Answer::Check(CheckAnswer::Hand(answer.clone())),
        a.formula.json(),
        text,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_defaults_are_the_library_defaults() {
        assert_eq!(RTOL_TEXT.parse::<f64>(), Ok(nabla::DEFAULT_RTOL));
        assert_eq!(ATOL_TEXT.parse::<f64>(), Ok(nabla::DEFAULT_ATOL));
        assert_eq!(
            parse_box(BOX_TEXT, &["x", "y"]).unwrap(),
            [nabla::DEFAULT_BOX, nabla::DEFAULT_BOX]
        );
    }

    #[test]
    fn hand_formulas_split_and_name() {
        let names = ["x", "y"];
        let v = vec!["2*x; 3*y".to_string()];
        assert_eq!(
            hand_formulas(&v, &names).unwrap(),
            [("x", "2*x"), ("y", "3*y")]
        );
        let v = vec!["df/dy = 3*y".to_string(), "x=2*x".to_string()];
        assert_eq!(
            hand_formulas(&v, &names).unwrap(),
            [("y", "3*y"), ("x", "2*x")]
        );
        let v = vec!["x=2*x; 3*y".to_string()];
        assert!(hand_formulas(&v, &names).is_err());
    }
}
