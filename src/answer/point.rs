//! The answers at one point: [`EvalAnswer`] (`nabla eval`) and [`GradAnswer`] (`nabla grad`),
//! built by [`eval`] and [`grad`].
//!
//! Invariant: the verdict is [`VerdictKind::Computed`] exactly when the value (and, for `grad`,
//! every partial) is finite; otherwise [`VerdictKind::NotFinite`] with exit 1 and the sentence
//! naming the point.

use schemars::JsonSchema;
use serde::Serialize;

use super::{not_finite_sentence, real, Exit, SchemaVersion, Verdict, VerdictKind};
use crate::{Error, Formula, Function, Problem, Trace};

/// Most steps the note about an infinite intermediate traces (a larger formula gets no note).
const NOTE_MAX_STEPS: usize = 10_000;

/// The value of a formula at a point.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct EvalAnswer {
    /// The version of this document's keys.
    pub schema_version: SchemaVersion,
    /// The formula as nabla reads it (`null` when too large to print).
    pub formula: Option<String>,
    /// The variables, in order.
    pub vars: Vec<String>,
    /// The point, one number per variable.
    pub point: Vec<f64>,
    /// The value (`null` when it is not finite).
    pub value: Option<f64>,
    /// Remarks on the value: an intermediate that was infinite or NaN on the way to a finite
    /// value (`1/(1/x)` at 0).
    pub notes: Vec<String>,
    /// The verdict: `computed`, or `not_finite` (exit 1).
    pub verdict: Verdict,
}

/// One partial derivative as a formula.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct Partial {
    /// The variable it is taken in.
    pub var: String,
    /// The partial as text that parses back.
    pub text: String,
}

/// The value, the exact gradient and the partials as formulas at a point.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct GradAnswer {
    /// The version of this document's keys.
    pub schema_version: SchemaVersion,
    /// The formula as nabla reads it (`null` when too large to print).
    pub formula: Option<String>,
    /// The variables, in order.
    pub vars: Vec<String>,
    /// The point, one number per variable.
    pub point: Vec<f64>,
    /// The value (`null` when it is not finite).
    pub value: Option<f64>,
    /// The gradient, one partial per variable (`null` entries where not finite).
    pub gradient: Vec<Option<f64>>,
    /// The partial derivatives as formulas, one per variable; empty when not asked for or too
    /// large to print (then `notes` says so).
    pub partials: Vec<Partial>,
    /// Remarks (partials too large to print).
    pub notes: Vec<String>,
    /// The verdict: `computed`, or `not_finite` (exit 1).
    pub verdict: Verdict,
}

fn names_of(formula: &Formula) -> Vec<String> {
    formula.var_names().iter().map(|s| s.to_string()).collect()
}

/// Evaluates `formula` at `point` (one number per variable, in order).
///
/// ```
/// let f = nabla::Formula::parse("1/(1/x)").unwrap();
/// let a = nabla::answer::eval(&f, &[0.0]).unwrap();
/// assert_eq!(a.value, Some(0.0));
/// assert!(a.notes[0].contains("infinity"));
/// let bad = nabla::answer::eval(&nabla::Formula::parse("ln(x)").unwrap(), &[-1.0]).unwrap();
/// assert_eq!((bad.value, bad.verdict.exit.code()), (None, 1));
/// ```
pub fn eval(formula: &Formula, point: &[f64]) -> Result<EvalAnswer, Error> {
    // The compiled problem with no differentiation variable: its value program only.
    let problem = Problem::with_wrt(formula.clone(), &[] as &[&str])?;
    let program = problem.value_tape();
    let mut ws = program.workspace::<f64>();
    let mut out = [0.0];
    program.eval(point, &mut ws, &mut out)?;
    let v = out[0];
    let vars = names_of(formula);
    let names: Vec<&str> = vars.iter().map(String::as_str).collect();
    let verdict = if v.is_finite() {
        Verdict::new(
            VerdictKind::Computed,
            crate::tr!("eval-verdict-value"),
            "",
            Exit::Success,
        )
    } else {
        Verdict::new(
            VerdictKind::NotFinite,
            not_finite_sentence("value", v, &names, point),
            "",
            Exit::Failure,
        )
    };
    // A finite value reached through an infinity or a NaN (`1/(1/x)` at 0) is IEEE arithmetic's,
    // not the formula's: say where (for formulas small enough to trace).
    let note = (v.is_finite() && Trace::count_steps(formula) <= NOTE_MAX_STEPS)
        .then(|| {
            let t = Trace::new(formula);
            t.evaluate(point).ok()?.first_non_finite_value(&t)
        })
        .flatten()
        .map(|w| {
            crate::tr!(
                "note-line",
                message = crate::tr!("eval-note-non-finite-on-the-way", step = w)
            )
        });
    Ok(EvalAnswer {
        schema_version: SchemaVersion::V1,
        formula: formula.to_infix().ok(),
        vars,
        point: point.to_vec(),
        value: real(v),
        notes: note.into_iter().collect(),
        verdict,
    })
}

/// The value, gradient and (with `formulas`) symbolic partials of `f` at `point`.
///
/// ```
/// let mut f = nabla::Function::parse("x^2*y").unwrap();
/// let a = nabla::answer::grad(&mut f, &[3.0, 2.0], true).unwrap();
/// assert_eq!((a.value, a.gradient.clone()), (Some(18.0), vec![Some(12.0), Some(9.0)]));
/// assert_eq!(a.partials[1].text, "x^2");
/// ```
pub fn grad(f: &mut Function, point: &[f64], formulas: bool) -> Result<GradAnswer, Error> {
    let vars: Vec<String> = f.var_names().iter().map(|s| s.to_string()).collect();
    let names: Vec<&str> = vars.iter().map(String::as_str).collect();
    if point.len() != vars.len() {
        return Err(Error::Eval(crate::EvalError::Inputs {
            expected: vars.len(),
            found: point.len(),
        }));
    }
    let mut g = vec![0.0; vars.len()];
    let v = f.value_and_grad(point, &mut g);
    let bad = if v.is_finite() {
        g.iter().find(|d| !d.is_finite()).map(|d| ("gradient", *d))
    } else {
        Some(("value", v))
    };
    let verdict = match bad {
        None => Verdict::new(
            VerdictKind::Computed,
            crate::tr!("grad-verdict"),
            "",
            Exit::Success,
        ),
        Some((what, d)) => Verdict::new(
            VerdictKind::NotFinite,
            not_finite_sentence(what, d, &names, point),
            "",
            Exit::Failure,
        ),
    };
    // The value and gradient are the answer; formulas too large to print (a DAG can denote an
    // exponentially larger tree) are left out with a note, not an error.
    let mut notes = Vec::new();
    let mut partials = Vec::new();
    if formulas && bad.is_none() {
        match (0..vars.len())
            .map(|i| f.partial_text(i))
            .collect::<Result<Vec<_>, _>>()
        {
            Ok(p) => {
                partials = vars
                    .iter()
                    .zip(p)
                    .map(|(var, text)| Partial {
                        var: var.clone(),
                        text,
                    })
                    .collect();
            }
            Err(Error::TooLargeToPrint { chars, .. }) => {
                notes.push(crate::tr!("grad-note-too-large", chars = chars.to_string()))
            }
            Err(e) => return Err(e),
        }
    }
    Ok(GradAnswer {
        schema_version: SchemaVersion::V1,
        formula: f.formula().to_infix().ok(),
        vars,
        point: point.to_vec(),
        value: real(v),
        gradient: g.iter().map(|d| real(*d)).collect(),
        partials,
        notes,
        verdict,
    })
}
