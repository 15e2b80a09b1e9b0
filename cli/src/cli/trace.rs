//! `nabla trace`: the evaluation trace (Wengert list) of a formula at a point, and reverse mode
//! at work on it: the forward sweep's table (one row per step, shared subexpressions once with
//! their number of uses), the reverse sweep's adjoints with the contributions that made them, the
//! gradient, and what the whole gradient costs in forward and in reverse mode. `--forward --dir x`
//! adds forward mode's tangents for one direction; `--latex` prints an `aligned` environment for
//! slides; `--json` everything for scripts.
//!
//! Invariants: at most [`MAX_TRACE_STEPS`] steps (a usage error beyond, checked before the trace
//! is built); the trace is printed even where a value is NaN or infinite (it shows where that
//! starts), and the library's verdict then names the first such step (exit 1). The answer is
//! `nabla::answer::trace`'s; this file renders it.

use clap::Args;
use nabla::answer::Answer;
use nabla::i18n::{pad, width};
use nabla::{fmt_digits, step_name, tr, StepKind, Trace, TraceEval};

use super::eval::point;
use super::limits::MAX_TRACE_STEPS;
use super::{render, tuple_names, tuple_values, CliError, FormulaArgs};

/// Arguments of `nabla trace`.
#[derive(Args, Debug)]
#[command(after_help = "\
Limits: at most 10000 steps (variables and operations; constants are written inside the steps);
--digits 1 to 17.

Examples:
  nabla trace \"x*y + sin(x)\" --at x=2,y=3
  nabla trace \"x*y + sin(x)\" --at x=2,y=3 --forward --dir x
  nabla trace \"x*y + sin(x)\" --at 2,3 --latex")]
pub struct TraceArgs {
    #[command(flatten)]
    formula: FormulaArgs,
    /// The point: `x=2,y=3` by name, or `2,3` in variable order.
    #[arg(long, value_name = "POINT", allow_hyphen_values = true)]
    at: Option<String>,
    /// Add forward mode's tangents for one direction (`--dir`), to compare the two modes.
    #[arg(long)]
    forward: bool,
    /// The direction of `--forward`: a variable (default: the first).
    #[arg(long, value_name = "VAR", requires = "forward")]
    dir: Option<String>,
    /// Print the trace as a LaTeX `aligned` environment.
    #[arg(long, conflicts_with = "json")]
    latex: bool,
    /// Round the printed values to N significant digits (1 to 17; default: every digit).
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = super::limits::count(1, super::limits::MAX_DIGITS))]
    digits: Option<usize>,
}

/// `error: ...` (or `錯誤：...`) for a message.
fn error_line(message: impl std::fmt::Display) -> String {
    tr!("error-line", message = message.to_string())
}

/// Prints `lhs = rhs = value` lines aligned on the value, leaving the value out where the
/// right-hand side is already that number.
fn print_equations(rows: &[(String, String, f64)], digits: Option<usize>) {
    let lines: Vec<(String, String)> = rows
        .iter()
        .map(|(lhs, rhs, v)| (format!("{lhs} = {rhs}"), fmt_digits(*v, digits)))
        .collect();
    let w = lines
        .iter()
        .zip(rows)
        .filter(|((_, v), (_, rhs, _))| rhs != v)
        .map(|((l, _), _)| width(l))
        .max()
        .unwrap_or(0);
    for ((l, v), (_, rhs, _)) in lines.iter().zip(rows) {
        if rhs == v {
            outln!("{l}");
        } else {
            outln!("{}  = {v}", pad(l, w));
        }
    }
}

/// Runs `nabla trace`.
pub fn run(a: &TraceArgs) -> Result<(), CliError> {
    let formula = a.formula.formula()?;
    let count = Trace::count_steps(&formula);
    if count > MAX_TRACE_STEPS {
        return Err(CliError::Usage(error_line(tr!(
            "trace-err-too-many-steps",
            count = count.to_string(),
            max = MAX_TRACE_STEPS.to_string()
        ))));
    }
    let names: Vec<String> = formula.var_names().iter().map(|s| s.to_string()).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let x = point(&a.at, &names)?;
    let dir = match (&a.dir, a.forward) {
        (_, false) => None,
        (_, true) if names.is_empty() => {
            return Err(CliError::Usage(error_line(tr!("trace-err-no-direction"))))
        }
        (None, true) => Some(0),
        (Some(d), true) => Some(names.iter().position(|n| *n == d.trim()).ok_or_else(|| {
            CliError::Usage(error_line(tr!(
                "trace-err-unknown-dir",
                name = d,
                names = names.join(", ")
            )))
        })?),
    };
    let answer =
        nabla::answer::trace(&formula, &x, dir).map_err(|e| CliError::Usage(error_line(e)))?;
    let text = || {
        let Some((trace, eval, tangents)) = answer.parts() else {
            return;
        };
        if a.latex {
            outln!(
                "{}",
                trace.to_latex_digits(eval, dir.zip(tangents), a.digits)
            );
        } else {
            print_text(trace, eval, &names, dir, tangents, a.digits);
        }
    };
    render(&Answer::Trace(answer.clone()), a.formula.json(), text)
}

fn print_text(
    trace: &Trace,
    eval: &TraceEval,
    names: &[&str],
    dir: Option<usize>,
    tangents: Option<&[f64]>,
    digits: Option<usize>,
) {
    let steps = trace.steps();
    let out = trace.output();
    if !names.is_empty() {
        outln!(
            "{}",
            tr!(
                "trace-at",
                names = tuple_names(names),
                values = tuple_values(&eval.point)
            )
        );
        outln!();
    }
    outln!("{}", tr!("trace-forward-title"));
    let rows: Vec<[String; 4]> = steps
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let uses = if k == out {
                tr!("trace-output")
            } else {
                s.uses().to_string()
            };
            [
                step_name(k),
                s.text.clone(),
                fmt_digits(eval.values[k], digits),
                uses,
            ]
        })
        .collect();
    let header = [
        tr!("trace-col-step"),
        tr!("trace-col-operation"),
        tr!("trace-col-value"),
        tr!("trace-col-uses"),
    ];
    let mut w = [0usize; 4];
    for r in std::iter::once(&header).chain(&rows) {
        for (i, c) in r.iter().enumerate() {
            w[i] = w[i].max(width(c));
        }
    }
    for r in std::iter::once(&header).chain(&rows) {
        outln!(
            "{}  {}  {}  {}",
            pad(&r[0], w[0]),
            pad(&r[1], w[1]),
            pad(&r[2], w[2]),
            r[3]
        );
    }
    if let (Some(d), Some(dot)) = (dir, tangents) {
        outln!();
        outln!("{}", tr!("trace-tangents-title", var = names[d]));
        let rows: Vec<(String, String, f64)> = steps
            .iter()
            .enumerate()
            .map(|(k, s)| {
                let rhs = match s.kind {
                    StepKind::Input(pos) => if pos == d { "1" } else { "0" }.to_string(),
                    _ => trace.tangent_text(k),
                };
                (format!("v\u{307}{}", k + 1), rhs, dot[k])
            })
            .collect();
        print_equations(&rows, digits);
        outln!(
            "{}",
            tr!(
                "trace-forward-result",
                var = names[d],
                value = fmt_digits(dot[out], digits)
            )
        );
    }
    outln!();
    outln!("{}", tr!("trace-adjoints-title"));
    let rows: Vec<(String, String, f64)> = (0..steps.len())
        .rev()
        .map(|k| {
            (
                format!("v\u{304}{}", k + 1),
                trace.adjoint_text(k),
                eval.adjoints[k],
            )
        })
        .collect();
    print_equations(&rows, digits);
    outln!();
    let (value, gradient) = (tr!("trace-value"), tr!("trace-gradient"));
    let lw = width(&value).max(width(&gradient)) + 2;
    outln!("{}{}", pad(&value, lw), fmt_digits(eval.value, digits));
    let rounded: Vec<f64> = eval
        .gradient
        .iter()
        .map(|g| nabla::round_digits(*g, digits))
        .collect();
    outln!("{}{}", pad(&gradient, lw), tuple_values(&rounded));
    let c = trace.cost();
    outln!();
    outln!(
        "{}",
        tr!(
            "trace-cost",
            operations = c.operations,
            partials = c.partials.to_string()
        )
    );
    let fw = tr!("trace-forward-sweeps", count = c.forward_sweeps);
    let rv = tr!("trace-reverse-sweeps");
    let cw = width(&fw).max(width(&rv));
    let (fm, rm) = (tr!("trace-forward-mode"), tr!("trace-reverse-mode"));
    let mw = width(&fm).max(width(&rm));
    outln!(
        "{}  {}  {}",
        pad(&fm, mw),
        pad(&fw, cw),
        tr!(
            "trace-multiply-adds",
            count = c.forward_multiply_adds.to_string()
        )
    );
    outln!(
        "{}  {}  {}",
        pad(&rm, mw),
        pad(&rv, cw),
        tr!(
            "trace-multiply-adds",
            count = c.reverse_multiply_adds.to_string()
        )
    );
}
