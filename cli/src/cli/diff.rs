//! `nabla diff`: derivatives as formulas, infix, LaTeX or MathML, gradient or Hessian.
//!
//! `--json` lists the variables in the formula's order (`"vars"`: the derivative objects are
//! sorted by label). With `--json` the infix (or LaTeX) entries are followed by a `"mathml"` object: the formula and
//! each derivative, under the same labels, as presentation MathML (what the page of `nabla serve`
//! shows); an entry too large to print is `null` there. `--mathml` prints MathML as text.

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
    /// Print presentation MathML instead of infix text (--json always adds a "mathml" object).
    #[arg(long, conflicts_with = "latex")]
    mathml: bool,
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
    // The variables in the formula's order (the JSON objects below are sorted by label).
    let var_names: Vec<String> = formula.var_names().iter().map(|n| n.to_string()).collect();
    let g = formula.graph_mut();
    let grad = gradient(g, root, &wrt);
    let name = |g: &nabla::Graph, v: VarId| g.var_name(v).to_string();
    let mut rows: Vec<(String, String)> = Vec::new();
    let json = a.formula.json();
    let print = |g: &nabla::Graph, n| {
        if a.latex {
            g.to_latex(n)
        } else if a.mathml && !json {
            g.to_mathml(n)
        } else {
            g.to_infix(n)
        }
    };
    // (label, node) of every printed entry, for the MathML beside the text.
    let mut nodes: Vec<(String, nabla::NodeId)> = Vec::new();
    if a.hessian {
        if wrt.len() > nabla::HESSIAN_MAX_DIM {
            return Err(CliError::Usage(format!(
                "error: the Hessian of {} has {}; pick a few with --wrt",
                nabla::plural(wrt.len(), "variable"),
                nabla::plural(wrt.len() * wrt.len(), "entry")
            )));
        }
        let h = hessian(g, &grad, &wrt);
        let k = wrt.len();
        for i in 0..k {
            for j in i..k {
                let (vi, vj) = (name(g, wrt[i]), name(g, wrt[j]));
                let (vi, vj) = if a.latex {
                    (nabla::latex_var(&vi), nabla::latex_var(&vj))
                } else {
                    (vi, vj)
                };
                let label = match (a.latex, i == j) {
                    (false, true) => format!("d2f/d{vi}2"),
                    (false, false) => format!("d2f/d{vi}d{vj}"),
                    (true, true) => format!("\\frac{{\\partial^2 f}}{{\\partial {vi}^2}}"),
                    (true, false) => {
                        format!("\\frac{{\\partial^2 f}}{{\\partial {vi} \\partial {vj}}}")
                    }
                };
                nodes.push((label.clone(), h[i * k + j]));
                rows.push((label, print(g, h[i * k + j])?));
            }
        }
    } else {
        for (v, d) in wrt.iter().zip(&grad) {
            let vi = name(g, *v);
            let label = if a.latex {
                let vi = nabla::latex_var(&vi);
                format!("\\frac{{\\partial f}}{{\\partial {vi}}}")
            } else {
                format!("df/d{vi}")
            };
            nodes.push((label.clone(), *d));
            rows.push((label, print(g, *d)?));
        }
    }
    if json {
        let m: serde_json::Map<String, serde_json::Value> =
            rows.iter().map(|(l, t)| (l.clone(), json!(t))).collect();
        let mut out = json!({
            "vars": var_names,
            "formula": print(g, root).ok(),
            "derivatives": m,
        });
        let derivatives: serde_json::Map<String, serde_json::Value> = nodes
            .iter()
            .map(|(label, n)| (label.clone(), json!(g.to_mathml(*n).ok())))
            .collect();
        out["mathml"] = json!({
            "formula": g.to_mathml(root).ok(),
            "derivatives": derivatives,
        });
        print_json(&out);
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
        outln!("{label}{pad} = {text}");
    }
    Ok(())
}
