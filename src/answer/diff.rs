//! The answer of `nabla diff` ([`DiffAnswer`], built by [`diff`]): the partial derivatives (or
//! the Hessian's entries) as formulas, in infix text, LaTeX or MathML, each beside its MathML.
//!
//! Invariants: `derivatives` lists the gradient's partials in the order of `wrt`, or the Hessian's
//! upper triangle row by row; each entry names the variables it is taken in (`wrt`), so a script
//! never parses a label. `formula` is always infix; `text` is in `notation`. An entry whose
//! MathML is too large to print has `mathml: null`; text too large to print is an error.

use schemars::JsonSchema;
use serde::Serialize;

use super::{Exit, SchemaVersion, Verdict, VerdictKind};
use crate::{gradient, hessian, latex_var, Error, Formula, VarId, HESSIAN_MAX_DIM};

/// How the derivatives' `text` is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Notation {
    /// Infix text that parses back.
    #[default]
    Infix,
    /// LaTeX.
    Latex,
    /// Presentation MathML.
    Mathml,
}

/// What `nabla diff` asks.
#[derive(Clone, Debug, Default)]
pub struct DiffRequest {
    /// The variables to differentiate by (`None`: all of them, in order).
    pub wrt: Option<Vec<String>>,
    /// Second derivatives (the Hessian) instead of the first.
    pub hessian: bool,
    /// How to write the derivatives.
    pub notation: Notation,
}

/// Why `nabla diff` gave no answer.
///
/// ```
/// use nabla::answer::DiffError;
/// assert_eq!(
///     DiffError::HessianTooLarge { n: 1 }.to_string(),
///     "the Hessian of 1 variable has 1 entry; pick a few variables to differentiate in"
/// );
/// assert!(DiffError::HessianTooLarge { n: 40 }.to_string().contains("40 variables has 1600 entries"));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DiffError {
    /// A variable in `wrt` that the formula does not have.
    #[error("{}", crate::tr!("diff-unknown-variable", name = .name, known = .known))]
    UnknownVariable {
        /// The name given.
        name: String,
        /// The formula's variables.
        known: String,
    },
    /// A Hessian too large to print.
    #[error("{}", crate::tr!("diff-hessian-too-large", n = *.n, entries = .n.saturating_mul(*.n)))]
    HessianTooLarge {
        /// The number of variables.
        n: usize,
    },
    /// An error of the engine (a derivative too large to print).
    #[error(transparent)]
    Engine(#[from] Error),
}

/// One derivative as a formula.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct Derivative {
    /// Its label as the text output prints it (`df/dx`, `d2f/dxdy`, or LaTeX).
    pub label: String,
    /// The variables it is taken in: one for a partial, two for a Hessian entry.
    pub wrt: Vec<String>,
    /// The derivative in `notation`.
    pub text: String,
    /// The derivative as presentation MathML (`null` when too large to print).
    pub mathml: Option<String>,
}

/// The derivatives of a formula as formulas (`nabla diff`).
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct DiffAnswer {
    /// The version of this document's keys.
    pub schema_version: SchemaVersion,
    /// The formula as nabla reads it (`null` when too large to print).
    pub formula: Option<String>,
    /// The formula as presentation MathML (`null` when too large to print).
    pub formula_mathml: Option<String>,
    /// The variables, in order.
    pub vars: Vec<String>,
    /// The variables differentiated by, in order.
    pub wrt: Vec<String>,
    /// Whether these are the Hessian's entries (else the gradient's partials).
    pub hessian: bool,
    /// How `text` is written: `infix`, `latex` or `mathml`.
    pub notation: Notation,
    /// The partials in the order of `wrt`, or the Hessian's upper triangle row by row.
    pub derivatives: Vec<Derivative>,
    /// `computed`.
    pub verdict: Verdict,
}

/// The derivatives of `formula` as the request asks.
///
/// ```
/// use nabla::answer::{diff, DiffRequest};
/// let f = nabla::Formula::parse("x^2*y").unwrap();
/// let a = diff(&f, &DiffRequest::default()).unwrap();
/// assert_eq!((a.derivatives[0].label.as_str(), a.derivatives[0].text.as_str()), ("df/dx", "2*y*x"));
/// let h = diff(&f, &DiffRequest { hessian: true, ..Default::default() }).unwrap();
/// assert_eq!((h.derivatives.len(), h.derivatives[1].wrt.clone()), (3, vec!["x".to_string(), "y".to_string()]));
/// ```
pub fn diff(formula: &Formula, req: &DiffRequest) -> Result<DiffAnswer, DiffError> {
    let mut formula = formula.clone();
    let all: Vec<VarId> = formula.vars().to_vec();
    let vars: Vec<String> = formula.var_names().iter().map(|n| n.to_string()).collect();
    let wrt: Vec<VarId> = match &req.wrt {
        None => all.clone(),
        Some(list) => list
            .iter()
            .map(|n| {
                let n = n.trim();
                all.iter()
                    .zip(&vars)
                    .find(|(_, name)| *name == n)
                    .map(|(v, _)| *v)
                    .ok_or_else(|| DiffError::UnknownVariable {
                        name: n.to_string(),
                        known: vars.join(", "),
                    })
            })
            .collect::<Result<_, _>>()?,
    };
    if req.hessian && wrt.len() > HESSIAN_MAX_DIM {
        return Err(DiffError::HessianTooLarge { n: wrt.len() });
    }
    let root = formula.root();
    let g = formula.graph_mut();
    let grad = gradient(g, root, &wrt);
    let latex = req.notation == Notation::Latex;
    let names: Vec<(VarId, String)> = all.iter().copied().zip(vars.iter().cloned()).collect();
    let name = |v: VarId| {
        let n = names
            .iter()
            .find(|(w, _)| *w == v)
            .map_or(String::new(), |(_, n)| n.clone());
        if latex {
            latex_var(&n)
        } else {
            n
        }
    };
    // (label, wrt, node) of every entry.
    let mut entries: Vec<(String, Vec<VarId>, crate::NodeId)> = Vec::new();
    if req.hessian {
        let h = hessian(g, &grad, &wrt);
        let k = wrt.len();
        for i in 0..k {
            for j in i..k {
                let (vi, vj) = (name(wrt[i]), name(wrt[j]));
                let label = match (latex, i == j) {
                    (false, true) => format!("d2f/d{vi}2"),
                    (false, false) => format!("d2f/d{vi}d{vj}"),
                    (true, true) => format!("\\frac{{\\partial^2 f}}{{\\partial {vi}^2}}"),
                    (true, false) => {
                        format!("\\frac{{\\partial^2 f}}{{\\partial {vi} \\partial {vj}}}")
                    }
                };
                entries.push((label, vec![wrt[i], wrt[j]], h[i * k + j]));
            }
        }
    } else {
        for (v, d) in wrt.iter().zip(&grad) {
            let vi = name(*v);
            let label = if latex {
                format!("\\frac{{\\partial f}}{{\\partial {vi}}}")
            } else {
                format!("df/d{vi}")
            };
            entries.push((label, vec![*v], *d));
        }
    }
    let g = formula.graph();
    let derivatives = entries
        .into_iter()
        .map(|(label, on, n)| {
            let text = match req.notation {
                Notation::Infix => g.to_infix(n),
                Notation::Latex => g.to_latex(n),
                Notation::Mathml => g.to_mathml(n),
            }?;
            Ok(Derivative {
                label,
                wrt: on.iter().map(|v| g.var_name(*v).to_string()).collect(),
                text,
                mathml: g.to_mathml(n).ok(),
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(DiffAnswer {
        schema_version: SchemaVersion::V1,
        formula: g.to_infix(root).ok(),
        formula_mathml: g.to_mathml(root).ok(),
        wrt: wrt.iter().map(|v| g.var_name(*v).to_string()).collect(),
        vars,
        hessian: req.hessian,
        notation: req.notation,
        derivatives,
        verdict: Verdict::new(
            VerdictKind::Computed,
            if req.hessian {
                crate::tr!("diff-verdict-hessian")
            } else {
                crate::tr!("diff-verdict-partials")
            },
            crate::tr!("diff-verdict-evidence"),
            Exit::Success,
        ),
    })
}
