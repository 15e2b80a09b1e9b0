//! `nabla diff`: derivatives as formulas, infix, LaTeX or MathML, gradient or Hessian.
//!
//! The library builds the answer (`nabla::answer::diff`); this file reads the flags and renders
//! it. `--json` lists the variables in the formula's order (`"vars"`) and the derivatives in the
//! order of `"wrt"` (the Hessian's upper triangle row by row), each with its `text` (infix, LaTeX
//! with `--latex`, MathML with `--mathml`) and its presentation MathML (what the page of `nabla
//! serve` shows; `null` when too large to print).

use clap::Args;
use nabla::answer::{Answer, DiffError, DiffRequest, Notation};

use super::{render, usage, CliError, FormulaArgs};

/// Arguments of `nabla diff`.
#[derive(Args, Debug)]
pub struct DiffArgs {
    #[command(flatten)]
    formula: FormulaArgs,
    /// Differentiate only with respect to these variables (comma-separated).
    #[arg(long, value_name = "x,y,...", value_delimiter = ',')]
    wrt: Option<Vec<String>>,
    /// Print the second derivatives (the Hessian) instead of the first.
    #[arg(long)]
    hessian: bool,
    /// Print LaTeX instead of infix text.
    #[arg(long)]
    latex: bool,
    /// Print presentation MathML instead of infix text (--json always adds a "mathml" object).
    #[arg(long, conflicts_with = "latex")]
    mathml: bool,
}

/// Runs `nabla diff`.
pub fn run(a: &DiffArgs) -> Result<(), CliError> {
    let formula = a.formula.formula()?;
    let req = DiffRequest {
        wrt: a.wrt.clone(),
        hessian: a.hessian,
        notation: if a.latex {
            Notation::Latex
        } else if a.mathml {
            Notation::Mathml
        } else {
            Notation::Infix
        },
    };
    let answer = nabla::answer::diff(&formula, &req).map_err(|e| match e {
        DiffError::Engine(e) => e.into(),
        other => usage(other),
    })?;
    let text = || {
        let width = answer
            .derivatives
            .iter()
            .map(|d| nabla::i18n::width(&d.label))
            .max()
            .unwrap_or(0);
        for d in &answer.derivatives {
            // Padded by display width (a CJK name takes two columns per character); a format
            // width is limited to u16, and names may be longer.
            outln!("{} = {}", nabla::i18n::pad(&d.label, width), d.text);
        }
    };
    render(&Answer::Diff(answer.clone()), a.formula.json(), text)
}
