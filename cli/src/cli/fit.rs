//! `nabla fit`: learn a formula's parameters from the columns of a CSV file.
//!
//! `nabla fit "w*x + b" --data points.csv --params w,b` binds the header's names to the formula's
//! data variables, fits the column `y` (`--target`) by mean squared error (or `--loss` in `pred`
//! and `target`), and prints the loss after every epoch, the learned parameters and the final
//! loss (`--json` for scripts). Defaults need no flags: the full batch for 100 epochs, with
//! Levenberg-Marquardt (`lm`) for the default loss, trust-region reflective (`trf`) with
//! `--bounds b1=0..inf`, and L-BFGS for a `--loss` (the library's choice,
//! [`nabla::FitConfig::resolved_method`]); `--batch 32 --method adam --lr 0.01` trains
//! on shuffled mini-batches (`--seed`). `--sigma s` divides each residual by the row's
//! uncertainty in column `s` (covariance scaled by the reduced χ² unless `--absolute-sigma`);
//! `--plot residuals.svg` draws the residuals (SVG or PNG by extension), listed in the answer's
//! `files`. `--data -` reads the CSV text from standard input (named `standard input` in
//! messages and in the answer's `data`), streamed under the same limits as a file
//! ([`nabla::MAX_LINE_BYTES`] per line, [`nabla::MAX_CELLS`] numbers); the formula then cannot
//! be `-` too.
//!
//! The answer is the library's ([`nabla::answer::fit`]): its verdict decides the exit code.
//! Exit codes: 0 trained; 1 the loss is not finite at the start or training diverged (the message
//! gives the last finite parameters and, for a method with a learning rate, a smaller one; a hint
//! line names the flags; with `--json` the answer is still printed); 2 bad input: the
//! formula, the flags, or the data (every data problem names the file, the line and the column,
//! and is found before training starts). A progress bar appears on stderr only when stdout is a
//! terminal and the run passes a second.

use std::path::PathBuf;

use clap::Args;
use nabla::answer::Answer;
use nabla::{fmt_number, tr, Batch, Dataset, FitConfig, FitError};

use super::methods::MethodArgs;
use super::{constant, list_items, render, CliError, FormulaArgs, Progress};

/// Arguments of `nabla fit`.
#[derive(Args, Debug)]
pub struct FitArgs {
    #[command(flatten)]
    formula: FormulaArgs,
    /// The CSV file: a header naming the columns, then one row of numbers per sample (`-`:
    /// read it from standard input).
    #[arg(long, value_name = "PATH")]
    data: PathBuf,
    /// The parameters to learn, comma-separated; the formula's other variables are data columns.
    #[arg(long, value_name = "w,b,...", value_delimiter = ',', required = true)]
    params: Vec<String>,
    /// Start values, `w=3,b=1` (parameters not named start at 0).
    #[arg(long, value_name = "NAME=VALUE,...", allow_hyphen_values = true)]
    init: Option<String>,
    /// Bounds on parameters, `b1=0..inf,b2=-1..1` (`inf`, `-inf` for no bound on a side): the
    /// fit runs trf (trust-region reflective least squares), which keeps each parameter within
    /// its bounds. The start must lie within them.
    #[arg(long, value_name = "NAME=LO..HI,...", allow_hyphen_values = true)]
    bounds: Option<String>,
    /// The column to predict.
    #[arg(long, default_value = "y", value_name = "COLUMN")]
    target: String,
    /// The column of per-row uncertainties σ: each residual is divided by its row's σ (χ²
    /// fitting); the covariance is scaled by the reduced χ² unless --absolute-sigma.
    #[arg(long, value_name = "COLUMN")]
    sigma: Option<String>,
    /// σ are absolute uncertainties: the covariance is (JᵀWJ)⁻¹, not scaled by the reduced χ²
    /// (scipy's curve_fit absolute_sigma=True).
    #[arg(long, requires = "sigma")]
    absolute_sigma: bool,
    /// Write the residual plot (residuals against the first data column, or the row) to this
    /// file, SVG or PNG by extension.
    #[arg(long, value_name = "PATH")]
    plot: Option<PathBuf>,
    /// Per-sample loss in `pred` and `target` (default: `(pred - target)^2`, mean squared error).
    #[arg(long, value_name = "FORMULA", allow_hyphen_values = true)]
    loss: Option<String>,
    /// Rows per step: a number (1 is stochastic) or `all`.
    #[arg(long, default_value = "all", value_name = "N|all")]
    batch: String,
    /// Passes over the data (at most 10,000,000).
    #[arg(long, allow_negative_numbers = true, default_value_t = 100, value_parser = super::limits::count(1, super::limits::MAX_EPOCHS))]
    epochs: usize,
    /// Seed of the shuffling, so runs repeat exactly.
    #[arg(long, allow_negative_numbers = true, default_value_t = 0)]
    seed: u64,
    /// Keep the rows in file order instead of shuffling each epoch.
    #[arg(long)]
    no_shuffle: bool,
    /// Full-batch line-search methods stop when the largest gradient component is at most this.
    #[arg(long, allow_negative_numbers = true, default_value_t = 1e-12)]
    tol: f64,
    #[command(flatten)]
    method: MethodArgs,
}

/// A usage error (exit 2) whose message is `message` after the `error:` prefix.
fn usage(message: String) -> CliError {
    CliError::Usage(tr!("error-line", message = message))
}

/// Parses `--init`: `w=3,b=-1` (values may be constant expressions such as `pi/2`).
fn parse_init(text: &str) -> Result<Vec<(String, f64)>, CliError> {
    let mut out: Vec<(String, f64)> = Vec::new();
    for part in list_items(text) {
        let Some((n, v)) = part.split_once('=') else {
            return Err(usage(tr!("fit-cli-init-no-name", part = part)));
        };
        let n = n.trim();
        if out.iter().any(|(m, _)| m == n) {
            return Err(usage(tr!("fit-cli-init-twice", name = n)));
        }
        out.push((n.to_string(), constant(v, text, "--init w=3,b=1")?));
    }
    Ok(out)
}

/// Parses `--bounds`: `b1=0..inf,b2=-1..1`, ends numbers, constant expressions (`pi/2`),
/// `inf`/`-inf` (or `+inf`, `infinity`). Only the syntax is checked here; the library checks
/// the names, the order of the ends and the start.
fn parse_bounds(text: &str) -> Result<Vec<(String, f64, f64)>, CliError> {
    const EXAMPLE: &str = "--bounds b1=0..inf,b2=-1..1";
    let mut out = Vec::new();
    let parts: Vec<&str> = list_items(text);
    if parts.is_empty() {
        return Err(usage(tr!(
            "fit-cli-bounds-empty",
            text = text,
            example = EXAMPLE
        )));
    }
    for part in parts {
        let no_name = || {
            usage(tr!(
                "fit-cli-bounds-no-name",
                part = part,
                example = EXAMPLE
            ))
        };
        let Some((name, range)) = part.split_once('=') else {
            return Err(no_name());
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(no_name());
        }
        let Some((lo, hi)) = range.split_once("..") else {
            return Err(usage(tr!(
                "fit-cli-bounds-not-range",
                range = range.trim(),
                example = EXAMPLE
            )));
        };
        out.push((
            name.to_string(),
            bound_end(lo, part, EXAMPLE)?,
            bound_end(hi, part, EXAMPLE)?,
        ));
    }
    Ok(out)
}

/// One end of a `--bounds` range: a number, a constant expression, or `inf`/`-inf`.
fn bound_end(s: &str, part: &str, example: &str) -> Result<f64, CliError> {
    let t = s.trim();
    let key = t.to_ascii_lowercase();
    match key.as_str() {
        "inf" | "+inf" | "infinity" | "+infinity" => return Ok(f64::INFINITY),
        "-inf" | "-infinity" => return Ok(f64::NEG_INFINITY),
        "" => {
            return Err(usage(tr!(
                "fit-cli-bound-missing",
                part = part,
                example = example
            )))
        }
        _ => {}
    }
    let value = match t.parse::<f64>() {
        Ok(v) => Some(v),
        Err(_) => nabla::Formula::parse(t)
            .ok()
            .filter(|f| f.vars().is_empty())
            .map(|f| f.graph().eval(f.root(), &[])),
    };
    match value {
        Some(v) if v.is_finite() => Ok(v),
        Some(_) => Err(usage(tr!(
            "fit-cli-bound-not-finite",
            end = t,
            part = part,
            example = example
        ))),
        None => Err(usage(tr!(
            "fit-cli-bound-not-number",
            end = t,
            part = part,
            example = example
        ))),
    }
}

/// The library's error, then (on a second line) the flags that fix it: the library's messages
/// speak of parameters, start values and learning rates, the hint names `--params`, `--init` and
/// `--lr`.
fn fit_error(e: FitError, a: &FitArgs) -> CliError {
    let error = tr!("error-line", message = e.to_string());
    let message = match fit_hint(&e, a) {
        Some(hint) => format!("{error}\n{}", tr!("hint-line", message = hint)),
        None => error,
    };
    match (&e, e.exit()) {
        (FitError::Model(p) | FitError::Loss(p), _) => CliError::Usage(p.to_string()),
        (_, nabla::answer::Exit::Usage) => CliError::Usage(message),
        _ => CliError::Numeric(message),
    }
}

/// A picture that cannot be written, with the library's exit class.
fn plot_error(e: nabla::plot::PlotError) -> CliError {
    CliError::of(e.exit(), tr!("error-line", message = e.to_string()))
}

/// The command-line flags that fix a [`FitError`], if any.
fn fit_hint(e: &FitError, a: &FitArgs) -> Option<String> {
    let example_init = |names: &[String]| {
        let body: Vec<String> = names.iter().map(|n| format!("{n}=1")).collect();
        format!("--init {}", body.join(","))
    };
    Some(match e {
        FitError::Io { .. } => tr!("fit-hint-io"),
        FitError::MissingColumn { column, .. } => {
            let mut params = a.params.clone();
            params.push(column.clone());
            tr!(
                "fit-hint-missing-column",
                column = column,
                params = params.join(",")
            )
        }
        FitError::MissingTarget { .. } => tr!("fit-hint-missing-target"),
        FitError::NoParams => tr!("fit-hint-no-params"),
        FitError::DuplicateParam { .. } | FitError::UnknownParam { .. } => {
            tr!("fit-hint-params")
        }
        FitError::UnknownInit { .. } => tr!("fit-hint-init"),
        FitError::UnknownBound { .. }
        | FitError::DuplicateBound { .. }
        | FitError::InvalidBounds { .. } => tr!("fit-hint-bounds"),
        FitError::StartOutsideBounds {
            name, lower, upper, ..
        } => {
            let inside = if lower.is_finite() && upper.is_finite() {
                0.5 * (lower + upper)
            } else if lower.is_finite() {
                lower + 1.0
            } else {
                upper - 1.0
            };
            tr!(
                "fit-hint-start-inside",
                name = name,
                value = fmt_number(inside)
            )
        }
        FitError::BoundsNeedTrf { .. } => tr!("fit-hint-bounds-trf"),
        FitError::InvalidTol { .. } => tr!("fit-hint-tol"),
        FitError::MissingSigma { .. } | FitError::SigmaConflict { .. } => tr!("fit-hint-sigma"),
        FitError::InvalidEpochs { .. } => tr!("fit-hint-epochs"),
        FitError::TargetIsParam { .. } => tr!("fit-hint-target-param"),
        FitError::NeedsFullBatch { .. } => tr!("fit-hint-full-batch"),
        FitError::NonFiniteStart { names, .. } => {
            tr!("fit-hint-non-finite-start", example = example_init(names))
        }
        FitError::Diverged {
            suggested_lr: Some(lr),
            ..
        } => tr!("fit-hint-smaller-lr", lr = fmt_number(*lr)),
        FitError::Diverged {
            method,
            suggested_lr: None,
            names,
            ..
        } => tr!(
            "fit-hint-no-lr",
            method = *method,
            example = example_init(names)
        ),
        _ => return None,
    })
}

/// Reads `--data`: the CSV file, or standard input for `-` (streamed, under the file's limits).
fn read_data(a: &FitArgs) -> Result<Dataset, CliError> {
    if a.data.as_os_str() != "-" {
        return Dataset::read_csv(&a.data).map_err(|e| fit_error(e, a));
    }
    let stdin = std::io::stdin().lock();
    // The name of standard input in messages and in the answer's `data`.
    Dataset::from_csv_reader(&tr!("fit-cli-stdin-name"), stdin).map_err(|e| fit_error(e, a))
}

/// Runs `nabla fit`.
pub fn run(a: &FitArgs) -> Result<(), CliError> {
    if a.formula.vars.is_some() {
        return Err(usage(tr!("fit-cli-vars")));
    }
    // Checked before anything is read: the formula from `-` would take all of standard input.
    if a.data.as_os_str() == "-"
        && a.formula.file.is_none()
        && a.formula.formula.as_deref() == Some("-")
    {
        return Err(usage(tr!("fit-cli-stdin-both")));
    }
    let model = a.formula.source()?;
    let batch: Batch = a.batch.parse().map_err(|e| fit_error(e, a))?;
    // A method given is checked before the data are read.
    let given = match &a.method.method {
        Some(_) => Some(a.method.method()?),
        None => None,
    };
    let mut config = FitConfig::new(&a.params)
        .target(&a.target)
        .batch(batch)
        .epochs(a.epochs)
        .seed(a.seed)
        .shuffle(!a.no_shuffle)
        .tol(a.tol);
    if let Some(text) = &a.init {
        config.init = parse_init(text)?;
    }
    if let Some(text) = &a.bounds {
        config.bounds = parse_bounds(text)?;
    }
    if let Some(l) = &a.loss {
        config = config.loss(l);
    }
    if let Some(s) = &a.sigma {
        config = config.sigma(s).absolute_sigma(a.absolute_sigma);
    }
    if let Some(p) = &a.plot {
        // A bad extension is refused before training.
        nabla::plot::ImageFormat::from_path(p).map_err(plot_error)?;
    }
    let data = read_data(a)?;
    // Without --method the library chooses (lm for the default loss on the full batch).
    config.method = match given {
        Some(m) => Some(m),
        None => a
            .method
            .method_or_default(|| config.resolved_method(data.rows()))?,
    };
    let mut answer = {
        let mut progress = Progress::new(
            a.epochs,
            &tr!("fit-cli-progress-epochs"),
            &tr!("fit-cli-progress-loss"),
        );
        nabla::answer::fit(&model, &data, &config, |e, l| progress.update(e, l))
            .map_err(|e| fit_error(e, a))?
    };
    if let Some(p) = &a.plot {
        answer.plot_residuals(p).map_err(plot_error)?;
    }
    // The flags that fix a failure (the library's sentence speaks of parameters and learning
    // rates, the hint names --init and --lr), after render's `error:` line.
    let hint = answer.failure().and_then(|e| fit_hint(e, a));
    let result = render(
        &Answer::Fit(Box::new(answer.clone())),
        a.formula.json(),
        || {
            outln!("{answer}");
        },
    );
    if let (Err(_), Some(h)) = (&result, hint) {
        eprintln!("{}", tr!("hint-line", message = h));
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_reads_names_and_constants() {
        let v = parse_init("w=3, b=-pi/2").unwrap();
        assert_eq!(v[0], ("w".to_string(), 3.0));
        assert_eq!(v[1].1, -std::f64::consts::FRAC_PI_2);
        assert!(parse_init("3,1").is_err());
        assert!(parse_init("w=1,w=2").is_err());
    }

    #[test]
    fn bounds_read_names_numbers_and_infinities() {
        let b = parse_bounds("b1=0..inf, b2=-1..1;b3=-INF..pi/2").unwrap();
        assert_eq!(b[0], ("b1".to_string(), 0.0, f64::INFINITY));
        assert_eq!(b[1], ("b2".to_string(), -1.0, 1.0));
        assert_eq!(
            b[2],
            (
                "b3".to_string(),
                f64::NEG_INFINITY,
                std::f64::consts::FRAC_PI_2
            )
        );
        assert_eq!(
            parse_bounds("x=1.5..2e3").unwrap()[0],
            ("x".to_string(), 1.5, 2000.0)
        );
        for bad in [
            "",
            "b1",
            "=0..1",
            "b1=0",
            "b1=0..",
            "b1=..1",
            "b1=0..x",
            "b1=0..1/0",
            "b1=(..1",
        ] {
            let Err(CliError::Usage(m)) = parse_bounds(bad) else {
                panic!("{bad:?} was accepted");
            };
            assert!(!m.contains('^'), "{bad:?}: {m}");
        }
    }
}
