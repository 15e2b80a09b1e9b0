//! `nabla min`: from a typed formula to its minimum.
//!
//! Defaults need no flags: L-BFGS from the origin, gradient tolerance 1e-8 (the book's rule), at
//! most 10,000 iterations. The report says what kind of point the method stopped at, from the
//! Hessian's eigenvalues (local minimum, saddle, maximum, degenerate, or not stationary), because a
//! zero gradient is not a minimum (`x^3` at 0). `--global` searches a box for the global minimum
//! (`nabla::global::minimize_global`: interval bounds first, and "certified" only when they prove
//! it; otherwise "not proven global"), `--certify` proves bounds by interval branch and bound,
//! `--compare` runs several methods from one start, `--trace N` prints every N-th iterate.
//!
//! This file parses the arguments, calls the library (`nabla::answer::min`, `compare`,
//! `global`, `certify`) and renders the answer, as text or as its JSON document. Every decision
//! (what the end point is, whether the function is unbounded below, the verdict's words and its
//! exit class) is the library's: `src/answer/min.rs` has the table of verdict kinds and exit
//! codes (0 a minimum, or a certified one; 1 not a minimum, unbounded, diverged, not certified;
//! 2 bad input; 3 no minimum confirmed: stationary to rounding, the second-order test
//! inconclusive).

use std::time::Duration;

use clap::Args;
use nabla::answer::{Answer, CompareAnswer, Exit, GlobalAnswer};
use nabla::global::{GlobalOptions, Strategy};
use nabla::i18n::{pad, width};
use nabla::optim::{Method, OptimReport, StopReason, StopRule};
use nabla::{fmt_number, tr, CertifyOptions, Function};

use super::limits;
use super::methods::MethodArgs;
use super::{
    parse_box, parse_point_for, render, tuple_names, tuple_values, CliError, FormulaArgs, Progress,
};

/// Arguments of `nabla min`.
#[derive(Args, Debug)]
pub struct MinArgs {
    #[command(flatten)]
    formula: FormulaArgs,
    #[command(flatten)]
    method: MethodArgs,
    /// Start point, `x=3,y=4` or `3,4` (default: the origin, or (1, ..., 1) where the origin is
    /// outside the function's domain).
    #[arg(long, value_name = "POINT", allow_hyphen_values = true)]
    from: Option<String>,
    /// Most iterations (at most 100,000,000).
    #[arg(long, allow_negative_numbers = true, default_value_t = 10_000, value_parser = limits::count(0, limits::MAX_ITERS))]
    iters: usize,
    /// Stop when max |df/dx_i| falls below this (the book's epsilon) [default: 1e-8]; with
    /// --certify, the gap U - L to prove (absolute, or relative to |U|) [default: 1e-6].
    #[arg(long, allow_negative_numbers = true)]
    tol: Option<f64>,
    /// Prove bounds on the global minimum over --box by interval branch and bound.
    #[arg(long, conflicts_with_all = ["global", "compare"])]
    certify: bool,
    /// Stop when the value has not decreased for this many iterations (0: never; the book's runs
    /// use 0).
    #[arg(
        long,
        allow_negative_numbers = true,
        default_value_t = 1000,
        value_name = "N"
    )]
    stall: usize,
    /// Wall-clock limit in seconds (at most 1e6), for the whole run (all starts of --global);
    /// --certify stops at 60 s unless this says otherwise.
    #[arg(long, allow_negative_numbers = true, value_name = "SECONDS", value_parser = limits::seconds)]
    time: Option<Duration>,
    /// Print every N-th iterate.
    #[arg(long, allow_negative_numbers = true, value_name = "N", value_parser = limits::count(1, limits::MAX_ITERS))]
    trace: Option<usize>,
    /// Run several methods from one start and print one table, e.g. gd,momentum,adam; each may
    /// carry its own settings: gd:lr=5e-6,momentum:lr=5e-6:momentum=0.8.
    #[arg(
        long,
        value_name = "METHODS",
        value_delimiter = ',',
        conflicts_with = "global"
    )]
    compare: Option<Vec<String>>,
    /// Search --box for the global minimum: interval bounds first (certified when they prove
    /// the minimum), then space-filling samples, local searches from the best of them, basin
    /// hopping between the minima found, in parallel on all cores; reports the best point,
    /// every global minimizer found and the distinct minima ("not proven global" without a
    /// certificate). --certify gives the certificate alone: proven bounds and the regions that
    /// may hold minimizers.
    #[arg(long)]
    global: bool,
    /// The box, `-5..5` for every variable or `x=-5..5,y=0..1`: where --global searches and
    /// what --certify proves bounds over (both need it).
    #[arg(long = "box", value_name = "BOX", allow_hyphen_values = true)]
    bounds: Option<String>,
    /// Plain multi-start for --global instead of the search: one local search from each of N
    /// space-filling points (1 to 100,000).
    #[arg(long, allow_negative_numbers = true, value_name = "N", value_parser = limits::count(1, limits::MAX_STARTS))]
    starts: Option<usize>,
    /// Most evaluations of the function for --global (1 to 1,000,000,000; default 200,000).
    #[arg(long, allow_negative_numbers = true, value_name = "N", value_parser = limits::count(1, limits::MAX_EVALS))]
    evals: Option<usize>,
    /// Not an option: `--start` is a mistyped `--from` (or `--starts`), rejected with a hint
    /// rather than clap's suggestion of `--starts`.
    #[arg(long, hide = true, value_name = "POINT", allow_hyphen_values = true)]
    start: Option<String>,
    /// Random seed for --global (the same seed gives the same result on any number of cores).
    #[arg(long, allow_negative_numbers = true, default_value_t = 1)]
    seed: u64,
}

fn stop_rule(a: &MinArgs) -> Result<StopRule, CliError> {
    let tol = a.tol.unwrap_or(1e-8);
    if !(tol.is_finite() && tol >= 0.0) {
        return Err(usage(tr!("min-cli-tol")));
    }
    let mut rule = StopRule::default()
        .max_iters(a.iters)
        .grad_tol(tol)
        .stall(a.stall, 0.0)
        .record_every(a.trace.unwrap_or(0));
    if let Some(t) = a.time {
        rule = rule.time_limit(t);
    }
    Ok(rule)
}

/// Runs `nabla min`.
pub fn run(a: &MinArgs) -> Result<(), CliError> {
    if let Some(p) = &a.start {
        return Err(usage(tr!("min-cli-start", point = p)));
    }
    let mut f = a.formula.function()?;
    let names: Vec<String> = f.var_names().iter().map(|s| s.to_string()).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    if let Some(why) = nabla::answer::nothing_to_minimize(&f) {
        return Err(usage(why));
    }
    if a.certify {
        return certify_box(a, &f, &names);
    }
    let x0 = match &a.from {
        Some(p) => parse_point_for("--from", p, &names)?,
        None => nabla::answer::default_start(&mut f),
    };
    let rule = stop_rule(a)?;
    if let Some(methods) = &a.compare {
        return compare(a, &mut f, &names, &x0, methods, &rule);
    }
    let method = a.method.method()?;
    if a.global {
        return global(a, &f, &names, &method, &rule);
    }
    let method = nabla::answer::start_method(&mut f, &x0, &method, None);
    let mut progress = Progress::new(rule.max_iters, &tr!("min-label-iterations"), "f");
    let answer = nabla::answer::min(&mut f, &x0, &method, &rule, &mut |i, v| {
        progress.update(i, v)
    })
    .map_err(|e| failed(nabla::answer::run_error(&e)))?;
    drop(progress);
    let run = &answer.run;
    render(&Answer::Min(answer.clone()), a.formula.json(), || {
        outln!(
            "{}",
            tr!(
                "min-minimizing",
                names = tuple_names(&names),
                point = tuple_values(&x0),
                method = method.name()
            )
        );
        if let Some(k) = a.trace {
            print_trace(&run.report, k);
        }
        outln!("{}", run.report);
        outln!(
            "{} {}",
            nabla::optim::report_label(&tr!("min-label-point")),
            run.point_text
        );
    })
}

/// The library's reason a request could not be answered, as the CLI's error of its exit class.
fn failed((exit, why): (Exit, String)) -> CliError {
    let message = tr!("error-line", message = why);
    match exit {
        Exit::Usage => CliError::Usage(message),
        _ => CliError::Numeric(message),
    }
}

/// A usage error (exit 2) with the `error:` line of the current language.
fn usage(why: String) -> CliError {
    CliError::Usage(tr!("error-line", message = why))
}

fn print_trace(report: &OptimReport, every: usize) {
    let path = &report.path;
    let head = tr!("min-trace-iteration");
    let indent = " ".repeat(10usize.saturating_sub(width(&head)));
    outln!("{indent}{head}  {:<40} f", "x");
    for k in 0..path.len() {
        if let Some(p) = path.point(k) {
            let it = path.iters.get(k).copied().unwrap_or(0);
            if every > 0 && it % every != 0 && k + 1 != path.len() {
                continue;
            }
            let v = path.values.get(k).copied().unwrap_or(f64::NAN);
            outln!("{it:>10}  {:<40} {}", tuple_values(p), fmt_number(v));
        }
    }
    outln!();
}

fn compare(
    a: &MinArgs,
    f: &mut Function,
    names: &[&str],
    x0: &[f64],
    methods: &[String],
    rule: &StopRule,
) -> Result<(), CliError> {
    let mut runs = Vec::new();
    for spec in a.method.methods(methods)? {
        let mut rule = rule.clone();
        if let Some(n) = spec.iters {
            rule.max_iters = n;
        }
        runs.push((nabla::answer::start_method(f, x0, &spec.method, None), rule));
    }
    let most = runs.iter().map(|(_, r)| r.max_iters).max().unwrap_or(0);
    let mut progress = Progress::new(most, &tr!("min-label-iterations"), "f");
    let answer = nabla::answer::compare(f, x0, &runs, &mut |i, v| progress.update(i, v))
        .map_err(|e| failed(nabla::answer::run_error(&e)))?;
    drop(progress);
    render(&Answer::Compare(answer.clone()), a.formula.json(), || {
        compare_table(&answer, names, x0, rule)
    })
}

/// The table of `--compare`: one row per run.
fn compare_table(answer: &CompareAnswer, names: &[&str], x0: &[f64], rule: &StopRule) {
    outln!(
        "{}",
        tr!(
            "min-compare-from",
            names = tuple_names(names),
            point = tuple_values(x0),
            iters = rule.max_iters
        )
    );
    let header = [
        tr!("min-col-method"),
        tr!("min-col-x"),
        tr!("min-col-fx"),
        tr!("min-col-grad"),
        tr!("min-col-iters"),
        tr!("min-col-stop"),
        tr!("min-col-settings"),
    ];
    let table: Vec<[String; 7]> = answer
        .runs
        .iter()
        .map(|run| {
            let r = &run.run.report;
            let kind = run.run.classification.as_ref().map(|c| c.kind.as_str());
            let stop = match (r.stop, kind) {
                (StopReason::Diverged { iter }, _) => tr!("min-compare-diverged-at", iter = iter),
                (_, Some("local_minimum")) => tr!("min-compare-stop-minimum", stop = short(r.stop)),
                (_, Some(kind)) => tr!(
                    "min-compare-stop-kind",
                    stop = short(r.stop),
                    kind = kind_words(kind)
                ),
                (_, None) => short(r.stop),
            };
            [
                run.label.clone(),
                tuple_values(&r.x),
                fmt_number(r.f),
                fmt_number(r.grad_norm),
                r.iters.to_string(),
                stop,
                r.settings.to_string(),
            ]
        })
        .collect();
    // Columns are as wide as their widest cell in terminal columns (a CJK character takes two).
    let mut widths = header.each_ref().map(|h| width(h));
    for row in &table {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(c));
        }
    }
    let line = |cells: Vec<&str>| {
        let parts: Vec<String> = cells.iter().zip(widths).map(|(c, w)| pad(c, w)).collect();
        outln!("{}", parts.join("  ").trim_end());
    };
    line(header.iter().map(String::as_str).collect());
    for row in &table {
        line(row.iter().map(String::as_str).collect());
    }
}

fn short(s: StopReason) -> String {
    match s {
        StopReason::GradientTolerance => tr!("min-short-converged"),
        StopReason::MaxIterations => tr!("min-short-iteration-limit"),
        StopReason::Stalled => tr!("min-short-stalled"),
        StopReason::TimeLimit => tr!("min-short-time-limit"),
        StopReason::Diverged { .. } => tr!("min-short-diverged"),
        StopReason::LineSearchFailed { .. } => tr!("min-short-line-search"),
        StopReason::SimplexCollapsed => tr!("min-short-simplex"),
        _ => tr!("min-short-stopped"),
    }
}

/// A verdict kind of the classification (`not_stationary`) in the words of the `--compare`
/// table (`not stationary`).
fn kind_words(kind: &str) -> String {
    match kind {
        "local_maximum" => tr!("min-compare-kind-local-maximum"),
        "saddle" => tr!("min-compare-kind-saddle"),
        "degenerate" => tr!("min-compare-kind-degenerate"),
        "not_stationary" => tr!("min-compare-kind-not-stationary"),
        "unknown" => tr!("min-compare-kind-unknown"),
        "slope" => tr!("min-compare-kind-slope"),
        "inconclusive" => tr!("min-compare-kind-inconclusive"),
        other => other.replace('_', " "),
    }
}

fn global(
    a: &MinArgs,
    f: &Function,
    names: &[&str],
    method: &Method,
    rule: &StopRule,
) -> Result<(), CliError> {
    let text = a
        .bounds
        .as_deref()
        .ok_or_else(|| usage(tr!("min-cli-global-box")))?;
    let bounds = parse_box(text, names)?;
    let mut local = rule.clone();
    local.time_limit = None;
    let mut opts = GlobalOptions::new(bounds.clone())
        .seed(a.seed)
        .method(method.clone())
        .stop(local);
    if let Some(starts) = a.starts {
        opts = opts.strategy(Strategy::MultiStart { starts });
    }
    if let Some(n) = a.evals {
        opts = opts.max_evals(n);
    }
    if let Some(t) = rule.time_limit {
        opts = opts.time_limit(t);
    }
    let answer = nabla::answer::global(f, &opts)
        .map_err(|e| failed(nabla::answer::global_error(&e, text)))?;
    render(&Answer::Global(answer.clone()), a.formula.json(), || {
        global_text(&answer, names, method, &opts.strategy, text)
    })
}

/// The text of `--global`: how the searches ended, the best point, every global minimizer and
/// the distinct minima.
fn global_text(
    answer: &GlobalAnswer,
    names: &[&str],
    method: &Method,
    strategy: &Strategy,
    text: &str,
) {
    let report = &answer.report;
    let mut ends = vec![
        tr!("min-ends-minimum", count = report.at_minimum),
        tr!(
            "min-ends-elsewhere",
            count = report.elsewhere - report.merged
        ),
    ];
    if report.merged > 0 {
        ends.push(tr!("min-ends-merged", count = report.merged));
    }
    ends.push(tr!("min-ends-failed", count = report.failed));
    if report.skipped > 0 {
        ends.push(tr!("min-ends-skipped", count = report.skipped));
    }
    let interval = if report.interval_evaluations > 0 {
        tr!("min-global-interval", count = report.interval_evaluations)
    } else {
        String::new()
    };
    outln!(
        "{}",
        tr!(
            "min-global-summary",
            strategy = strategy.describe(),
            method = method.name(),
            bounds = text,
            searches = report.starts,
            evaluations = report.evaluations,
            gradient = report.gradient_evaluations,
            interval = interval,
            ends = ends.join(&tr!("min-list-separator"))
        )
    );
    outln!("{}", report.stopped);
    outln!(
        "{}",
        tr!(
            "min-global-best",
            headline = answer.headline(),
            names = tuple_names(names),
            value = fmt_number(report.best.f),
            point = tuple_values(&report.best.x)
        )
    );
    if let Some(all) = &answer.minimizers {
        outln!("{all}");
    }
    outln!();
    if report.certified && report.minima.is_empty() {
        // Bukin N.6: the minimizer sits on a kink, where no local method settles.
        outln!("{}", tr!("min-distinct-at-kink"));
    } else {
        outln!("{}", tr!("min-distinct", count = report.minima.len()));
    }
    for m in &report.minima {
        let edge = if m.on_boundary {
            tr!("min-edge")
        } else {
            String::new()
        };
        outln!(
            "  {}",
            tr!(
                "min-minimum-line",
                point = tuple_values(&m.x),
                value = fmt_number(m.f),
                kind = m.kind.to_string(),
                edge = edge,
                hits = m.hits
            )
        );
    }
}

/// `min --certify --box ...`: interval branch and bound; exit 0 only with a certificate.
fn certify_box(a: &MinArgs, f: &Function, names: &[&str]) -> Result<(), CliError> {
    let text = a
        .bounds
        .as_deref()
        .ok_or_else(|| usage(tr!("min-cli-certify-box")))?;
    let bounds = parse_box(text, names)?;
    let opts = CertifyOptions {
        tol: a.tol.unwrap_or(1e-6),
        time: a.time.or(CertifyOptions::default().time),
        ..CertifyOptions::default()
    };
    let answer = nabla::answer::certify(f, &bounds, &opts)
        .map_err(|e| failed(nabla::answer::certify_error(&e)))?;
    render(&Answer::Certify(answer.clone()), a.formula.json(), || {
        outln!("{}", answer.certificate)
    })
}
