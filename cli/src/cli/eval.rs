//! `nabla eval` (the value at a point) and `nabla grad` (value, gradient and the symbolic
//! partials at a point).
//!
//! `eval` prints the bare value on stdout, so scripts can read it; a point given by position
//! (`--at 3,1`) for two or more variables is echoed with its names on stderr
//! (`at (w, b) = (3, 1)`), so which value went to which variable is never a guess.

use clap::Args;
use nabla::answer::Answer;
use nabla::i18n::{pad, width};
use nabla::{fmt_number, tr};

use super::{parse_point_for, render, tuple_names, tuple_values, usage, CliError, FormulaArgs};

/// Arguments of `nabla eval`.
#[derive(Args, Debug)]
pub struct EvalArgs {
    #[command(flatten)]
    formula: FormulaArgs,
    /// The point: `x=1,y=2` by name, or `1,2` in variable order.
    #[arg(long, value_name = "POINT", allow_hyphen_values = true)]
    at: Option<String>,
}

/// Arguments of `nabla grad`.
#[derive(Args, Debug)]
pub struct GradArgs {
    #[command(flatten)]
    formula: FormulaArgs,
    /// The point: `x=3,y=4` by name, or `3,4` in variable order.
    #[arg(long, value_name = "POINT", allow_hyphen_values = true)]
    at: Option<String>,
    /// Leave out the symbolic partial derivatives.
    #[arg(long)]
    no_formulas: bool,
}

pub(super) fn point(at: &Option<String>, names: &[&str]) -> Result<Vec<f64>, CliError> {
    match at {
        Some(text) => parse_point_for("--at", text, names),
        None if names.is_empty() => Ok(Vec::new()),
        None => Err(usage(tr!(
            "eval-no-point",
            names = tuple_names(names),
            example = names
                .iter()
                .map(|n| format!("{n}=1"))
                .collect::<Vec<_>>()
                .join(",")
        ))),
    }
}

/// Runs `nabla eval`.
pub fn run_eval(a: &EvalArgs) -> Result<(), CliError> {
    let formula = a.formula.formula()?;
    let names: Vec<String> = formula.var_names().iter().map(|s| s.to_string()).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let x = point(&a.at, &names)?;
    let answer = nabla::answer::eval(&formula, &x)?;
    // By position: no `=` (nor the full-width `＝` a CJK input method types).
    let positional = a.at.as_deref().is_some_and(|t| !t.contains(['=', '＝']));
    if positional && names.len() > 1 && !a.formula.json() {
        eprintln!("{}", at_line(&names, &x));
    }
    let value = answer.value;
    let notes = answer.notes.clone();
    render(&Answer::Eval(answer), a.formula.json(), || {
        if let Some(v) = value {
            outln!("{}", fmt_number(v));
        }
        for n in &notes {
            eprintln!("{n}");
        }
    })
}

/// Runs `nabla grad`.
pub fn run_grad(a: &GradArgs) -> Result<(), CliError> {
    let mut f = a.formula.function()?;
    let names: Vec<String> = f.var_names().iter().map(|s| s.to_string()).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let x = point(&a.at, &names)?;
    let answer = nabla::answer::grad(&mut f, &x, !a.no_formulas)?;
    let ok = answer.verdict.exit == nabla::answer::Exit::Success;
    let text = || {
        if !ok {
            return;
        }
        let name_width = names.iter().map(|n| width(n)).max().unwrap_or(1);
        let g: Vec<f64> = answer
            .gradient
            .iter()
            .map(|d| d.unwrap_or(f64::NAN))
            .collect();
        outln!("{}", at_line(&names, &x));
        // The labels in one column, two spaces after the widest (`value     `, `gradient  `).
        let (value, gradient) = (tr!("grad-label-value"), tr!("grad-label-gradient"));
        let column = width(&value).max(width(&gradient)) + 2;
        let v = fmt_number(answer.value.unwrap_or(f64::NAN));
        outln!("{}{v}", pad(&value, column));
        outln!("{}{}", pad(&gradient, column), tuple_values(&g));
        for n in &answer.notes {
            outln!();
            outln!("{n}");
        }
        if !answer.partials.is_empty() {
            outln!();
            for p in &answer.partials {
                // Padded by display width (a CJK name takes two columns per character); a format
                // width is limited to u16, and names may be longer.
                outln!("df/d{} = {}", pad(&p.var, name_width), p.text);
            }
        }
    };
    let doc = Answer::Grad(answer.clone());
    render(&doc, a.formula.json(), text)
}

/// `at (x, y) = (1, 2)`: the point an answer is at, with its variables' names.
fn at_line(names: &[&str], x: &[f64]) -> String {
    tr!(
        "eval-at",
        names = tuple_names(names),
        point = tuple_values(x)
    )
}
