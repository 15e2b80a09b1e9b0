//! Several formulas of one variable on one chart (the book's figures 2-1 and 2-2: a function
//! and its derivative): [`split_formulas`] reads `f; g; h`, [`plot_formulas`] checks them, adds
//! the derivative of the first when asked (nabla's symbolic differentiation, printed as
//! [`crate::answer::diff`] prints it) and draws every curve with [`crate::plot::curves`].
//!
//! Invariants: every check (count, variables, options that belong to one formula's picture) is
//! made before anything is drawn; every formula is read over the same one variable (a constant
//! formula too), so each is evaluated with one batch call over the same samples; legend labels
//! are `f(x) = <formula as nabla prints it>`, the derivative `f'(x) = ...`, the others named
//! `g`, `h`, `p`, `q`, `r`, `s`, `u` in order; at most [`crate::plot::MAX_CURVES`] curves in all.

use crate::plot::{self, CurveOptions, Interval, PlotError};
use crate::{gradient, Formula, Function};

use super::{plot_verdict, PlotAnswer, PlotFile, PlotKind, PlotRequest, PlotRequestError, Star};

/// The names given to the formulas of a chart, in order.
const NAMES: [&str; 8] = ["f", "g", "h", "p", "q", "r", "s", "u"];

/// The formulas of `text` separated by `;` outside brackets, trimmed, empty ones left out.
///
/// ```
/// use nabla::answer::split_formulas;
/// assert_eq!(split_formulas("x^2; 2*x"), ["x^2", "2*x"]);
/// assert_eq!(split_formulas("x^3 - 3x^2 - 9x + 2"), ["x^3 - 3x^2 - 9x + 2"]);
/// assert_eq!(split_formulas("max(x; 1);"), ["max(x; 1)"]);
/// ```
pub fn split_formulas(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            ';' if depth == 0 => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out.into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// One curve of a chart of formulas: its legend label and the formula drawn.
#[derive(Clone, Debug)]
pub struct FormulaCurve {
    /// `f(x) = x^2`, `f'(x) = 2*x`.
    pub label: String,
    /// The formula, read over the chart's variable.
    pub formula: Formula,
}

impl FormulaCurve {
    /// The curves of `formulas` (and the derivative of the first when `with_derivative`), checked
    /// and labelled, and the chart's variable.
    ///
    /// ```
    /// let f = nabla::Formula::parse("x^3 - 3x^2 - 9x + 2").unwrap();
    /// let (var, curves) = nabla::answer::FormulaCurve::chart(&[f], true).unwrap();
    /// assert_eq!(var, "x");
    /// assert_eq!(curves[0].label, "f(x) = x^3 - 3*x^2 - 9*x + 2");
    /// assert_eq!(curves[1].label, "f'(x) = 3*x^2 - 6*x - 9");
    /// ```
    pub fn chart(
        formulas: &[Formula],
        with_derivative: bool,
    ) -> Result<(String, Vec<FormulaCurve>), PlotRequestError> {
        let count = formulas.len() + usize::from(with_derivative);
        if formulas.is_empty() || count > plot::MAX_CURVES {
            return Err(PlotRequestError::Draw(PlotError::TooManyCurves {
                count,
                max: plot::MAX_CURVES,
            }));
        }
        let names =
            |f: &Formula| -> Vec<String> { f.var_names().iter().map(|s| s.to_string()).collect() };
        for (k, f) in formulas.iter().enumerate() {
            let vars = names(f);
            if vars.len() > 1 {
                return Err(if with_derivative && formulas.len() == 1 {
                    PlotRequestError::DerivativeTwoD { names: vars }
                } else {
                    PlotRequestError::FormulasTwoD {
                        index: k + 1,
                        names: vars,
                    }
                });
            }
        }
        let mut distinct: Vec<String> = Vec::new();
        for f in formulas {
            for v in names(f) {
                if !distinct.contains(&v) {
                    distinct.push(v);
                }
            }
        }
        if distinct.len() > 1 {
            return Err(PlotRequestError::FormulasMixed { list: distinct });
        }
        let var = distinct.pop().unwrap_or_else(|| "x".to_string());
        let over = |text: &str| Formula::parse_with_vars(text, &[var.as_str()]);
        let mut curves = Vec::with_capacity(count);
        for (k, f) in formulas.iter().enumerate() {
            let text = f.to_infix().map_err(PlotRequestError::Formula)?;
            curves.push(FormulaCurve {
                label: format!("{}({var}) = {text}", NAMES[k]),
                formula: over(&text).map_err(PlotRequestError::Formula)?,
            });
        }
        if with_derivative {
            let mut g = curves[0].formula.clone();
            let root = g.root();
            let vars = g.vars().to_vec();
            let d = gradient(g.graph_mut(), root, &vars);
            let text = match d.first() {
                Some(node) => g.graph().to_infix(*node),
                None => Ok("0".to_string()),
            }
            .map_err(PlotRequestError::Formula)?;
            curves.insert(
                1,
                FormulaCurve {
                    label: format!("f'({var}) = {text}"),
                    formula: over(&text).map_err(PlotRequestError::Formula)?,
                },
            );
        }
        Ok((var, curves))
    }
}

/// Draws `formulas` (and the derivative of the first when `with_derivative`) as curves on one
/// chart to `req.output`, over `req.range` (default `-5..5`) with `req.grid` samples (default
/// 400). Runs, a star, a surface, arrows, minima and panels belong to one formula's picture
/// ([`PlotRequestError::FormulasOption`]).
///
/// ```
/// use nabla::answer::{plot_formulas, PlotRequest};
/// let f = nabla::Formula::parse("x^2").unwrap();
/// let req = PlotRequest { size: (300, 200), ..PlotRequest::default() };
/// let a = plot_formulas(&[f], true, &req).unwrap();
/// assert_eq!(a.files[0].kind, "curves");
/// assert!(a.files[0].svg.as_deref().is_some_and(|s| s.contains("f&apos;(x) = 2*x")));
/// ```
pub fn plot_formulas(
    formulas: &[Formula],
    with_derivative: bool,
    req: &PlotRequest,
) -> Result<PlotAnswer, PlotRequestError> {
    let what = if req.start.is_some() || !req.methods.is_empty() || req.loss {
        Some("runs")
    } else if req.kind.is_some_and(|k| k != PlotKind::Curve) {
        Some("a surface")
    } else if req.quiver {
        Some("arrows")
    } else if req.minima {
        Some("the local minima")
    } else if req.panels {
        Some("panels")
    } else if req.star.is_some() {
        Some("a star")
    } else if req.view.is_some() {
        Some("a view")
    } else {
        None
    };
    if let Some(what) = what {
        return Err(PlotRequestError::FormulasOption { what });
    }
    let (var, curves) = FormulaCurve::chart(formulas, with_derivative)?;
    let names = [var.as_str()];
    let mut one = req.clone();
    one.kind = Some(PlotKind::Curve);
    one.check(&names)?;
    let range = match &req.range {
        Some(r) => Some(Interval::new(r[0].0, r[0].1)?),
        None => None,
    };
    let opts = CurveOptions {
        size: req.size,
        title: req.title.clone(),
        var_name: var.clone(),
        range,
        samples: req.grid.unwrap_or(PlotKind::Curve.default_grid()),
        ..Default::default()
    };
    let functions: Vec<Function> = curves
        .iter()
        .map(|c| Function::new(c.formula.clone()))
        .collect::<Result<_, _>>()
        .map_err(PlotRequestError::Formula)?;
    let mut evals: Vec<Box<plot::BatchEval<'_>>> = functions
        .iter()
        .map(|f| {
            let tape = f.value_tape();
            Box::new(move |p: &[f64], out: &mut [f64]| {
                if tape.eval_batch_par(p, out).is_err() {
                    out.fill(f64::NAN);
                }
            }) as Box<plot::BatchEval<'_>>
        })
        .collect();
    let mut fs: Vec<&mut plot::BatchEval> = evals
        .iter_mut()
        .map(|b| b.as_mut() as &mut plot::BatchEval)
        .collect();
    let labels: Vec<String> = curves.iter().map(|c| c.label.clone()).collect();
    let summary = plot::curves(req.output.path(), &mut fs, &labels, &opts)?;
    let notes: Vec<String> = summary.note().into_iter().collect();
    let file = PlotFile::new(req.output.path(), "curves", &summary);
    Ok(PlotAnswer::new(
        Some(labels.join("; ")),
        vec![var],
        None,
        Vec::new(),
        None,
        Vec::new(),
        vec![file],
        notes,
        plot_verdict(Star::NoRuns, None),
    ))
}
