//! `nabla eval` (the value at a point) and `nabla grad` (value, gradient and the symbolic
//! partials at a point).
//!
//! `eval` prints the bare value on stdout, so scripts can read it; a point given by position
//! (`--at 3,1`) for two or more variables is echoed with its names on stderr
//! (`at (w, b) = (3, 1)`), so which value went to which variable is never a guess.

use clap::Args;
use nabla::fmt_number;
use serde_json::json;

use super::limits;
use super::{
    not_finite, parse_point_for, print_json, tuple_names, tuple_values, CliError, FormulaArgs,
};

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
        None => Err(CliError::Usage(format!(
            "error: the formula has variables {}; give a point with --at {}",
            tuple_names(names),
            names
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
    let tape = nabla::Tape::compile(formula.graph(), &[formula.root()], formula.vars())?;
    let mut ws = tape.workspace::<f64>();
    let mut out = [0.0];
    tape.eval(&x, &mut ws, &mut out)
        .map_err(nabla::Error::from)?;
    let v = out[0];
    let positional = a.at.as_deref().is_some_and(|t| !t.contains('='));
    if positional && names.len() > 1 && !a.formula.json() {
        eprintln!("at {} = {}", tuple_names(&names), tuple_values(&x));
    }
    if !v.is_finite() {
        return Err(not_finite("value", v, &names, &x));
    }
    // A finite value reached through an infinity or a NaN (`1/(1/x)` at 0) is IEEE arithmetic's,
    // not the formula's: say where (for formulas small enough to trace).
    let note = (nabla::Trace::count_steps(&formula) <= limits::MAX_TRACE_STEPS)
        .then(|| {
            let t = nabla::Trace::new(&formula);
            t.evaluate(&x).ok()?.first_non_finite_value(&t)
        })
        .flatten()
        .map(|w| {
            format!(
                "note: on the way {w}; the value is what floating-point arithmetic gives through it, and the formula may be undefined at this point"
            )
        });
    if a.formula.json() {
        print_json(&json!({
            "formula": formula.to_infix().ok(),
            "vars": names,
            "at": x,
            "value": v,
            "note": note,
        }));
    } else {
        outln!("{}", fmt_number(v));
        if let Some(n) = &note {
            eprintln!("{n}");
        }
    }
    Ok(())
}

/// Runs `nabla grad`.
pub fn run_grad(a: &GradArgs) -> Result<(), CliError> {
    let mut f = a.formula.function()?;
    let names: Vec<String> = f.var_names().iter().map(|s| s.to_string()).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let x = point(&a.at, &names)?;
    let mut g = vec![0.0; names.len()];
    let v = f.value_and_grad(&x, &mut g);
    if !v.is_finite() {
        return Err(not_finite("value", v, &names, &x));
    }
    if let Some(bad) = g.iter().find(|d| !d.is_finite()) {
        return Err(not_finite("gradient", *bad, &names, &x));
    }
    // The value and gradient are the answer; formulas too large to print (a DAG can denote an
    // exponentially larger tree) are left out with a note, not an error.
    let mut too_large = None;
    let partials: Vec<String> = if a.no_formulas {
        Vec::new()
    } else {
        match (0..names.len())
            .map(|i| f.partial_text(i))
            .collect::<Result<Vec<_>, _>>()
        {
            Ok(p) => p,
            Err(nabla::Error::TooLargeToPrint { chars, .. }) => {
                too_large = Some(chars);
                Vec::new()
            }
            Err(e) => return Err(e.into()),
        }
    };
    if a.formula.json() {
        let p: serde_json::Map<String, serde_json::Value> = names
            .iter()
            .zip(&partials)
            .map(|(n, t)| (n.to_string(), json!(t)))
            .collect();
        print_json(&json!({
            "formula": f.formula().to_infix().ok(),
            "vars": names,
            "at": x,
            "value": v,
            "gradient": g,
            "partials": if too_large.is_some() { json!(null) } else { json!(p) },
        }));
        return Ok(());
    }
    let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(1);
    outln!("at {} = {}", tuple_names(&names), tuple_values(&x));
    outln!("value     {}", fmt_number(v));
    outln!("gradient  {}", tuple_values(&g));
    if let Some(chars) = too_large {
        outln!();
        outln!(
            "the partial derivatives are too large to print as formulas (about {chars} characters); the value and gradient above are exact evaluations"
        );
    }
    if !partials.is_empty() {
        outln!();
        for (n, p) in names.iter().zip(&partials) {
            // Padded by hand: a format width is limited to u16, and names may be longer.
            let pad = " ".repeat(width - n.chars().count());
            outln!("df/d{n}{pad} = {p}");
        }
    }
    Ok(())
}
