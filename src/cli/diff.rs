//! `nabla diff`: derivatives as formulas, infix or LaTeX, gradient or Hessian.

use clap::Args;
use nabla::{gradient, hessian, VarId};
use serde_json::json;

use super::{print_json, CliError, FormulaArgs};

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
}

/// Runs `nabla diff`.
pub fn run(a: &DiffArgs) -> Result<(), CliError> {
    let mut formula = a.formula.formula()?;
    let all: Vec<VarId> = formula.vars().to_vec();
    let wrt: Vec<VarId> = match &a.wrt {
        None => all.clone(),
        Some(list) => list
            .iter()
            .map(|n| {
                let n = n.trim();
                all.iter()
                    .copied()
                    .find(|v| formula.graph().var_name(*v) == n)
                    .ok_or_else(|| {
                        CliError::Usage(format!(
                            "error: unknown variable `{n}` in --wrt; the formula's variables are: {}",
                            formula.var_names().join(", ")
                        ))
                    })
            })
            .collect::<Result<_, _>>()?,
    };
    let root = formula.root();
    let g = formula.graph_mut();
    let grad = gradient(g, root, &wrt);
    let name = |g: &nabla::Graph, v: VarId| g.var_name(v).to_string();
    let mut rows: Vec<(String, String)> = Vec::new();
    let print = |g: &nabla::Graph, n| {
        if a.latex {
            g.to_latex(n)
        } else {
            g.to_infix(n)
        }
    };
    if a.hessian {
        if wrt.len() > nabla::HESSIAN_MAX_DIM {
            return Err(CliError::Usage(format!(
                "error: the Hessian of {} variables has {} entries; pick a few with --wrt",
                wrt.len(),
                wrt.len() * wrt.len()
            )));
        }
        let h = hessian(g, &grad, &wrt);
        let k = wrt.len();
        for i in 0..k {
            for j in i..k {
                let (vi, vj) = (name(g, wrt[i]), name(g, wrt[j]));
                let label = match (a.latex, i == j) {
                    (false, true) => format!("d2f/d{vi}2"),
                    (false, false) => format!("d2f/d{vi}d{vj}"),
                    (true, true) => format!("\\frac{{\\partial^2 f}}{{\\partial {vi}^2}}"),
                    (true, false) => {
                        format!("\\frac{{\\partial^2 f}}{{\\partial {vi} \\partial {vj}}}")
                    }
                };
                rows.push((label, print(g, h[i * k + j])?));
            }
        }
    } else {
        for (v, d) in wrt.iter().zip(&grad) {
            let vi = name(g, *v);
            let label = if a.latex {
                format!("\\frac{{\\partial f}}{{\\partial {vi}}}")
            } else {
                format!("df/d{vi}")
            };
            rows.push((label, print(g, *d)?));
        }
    }
    if a.formula.json() {
        let m: serde_json::Map<String, serde_json::Value> =
            rows.iter().map(|(l, t)| (l.clone(), json!(t))).collect();
        print_json(&json!({
            "formula": print(g, root).ok(),
            "derivatives": m,
        }));
        return Ok(());
    }
    let width = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    for (label, text) in rows {
        // Padded by hand: a format width is limited to u16, and names may be longer.
        let pad = " ".repeat(width - label.chars().count());
        println!("{label}{pad} = {text}");
    }
    Ok(())
}
