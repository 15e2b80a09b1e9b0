//! Answers: one typed value per result, built by the library, rendered by every front end.
//!
//! A command of the CLI, a request to `nabla serve` and (next) a call from Python all end in one
//! of the types here: [`EvalAnswer`], [`GradAnswer`], ... collected in [`Answer`]. Each carries
//! what was asked (`formula`, `vars`, `point`), what was found (`value`, `gradient`, ...), the
//! settings each method actually ran with (defaults resolved), and its [`Verdict`]: the kind of
//! result, the sentence a person reads, the evidence it rests on, and the [`Exit`] class that a
//! front end turns into an exit code. Front ends only render: the decisions (is this a minimum?
//! which exit code? which words?) are made here, once.
//!
//! # One vocabulary
//!
//! Every answer serializes (serde) to one JSON document with the same keys for the same things,
//! described by one JSON Schema generated from the types ([`schema`], printed by
//! `nabla schema`): `schema_version` and `command` first, then `formula` (as nabla reads it),
//! `vars` (in order), `point` (one number per variable), `value`, `gradient`, `verdict`
//! (`kind`, `sentence`, `evidence`, `exit`), `settings`, `elapsed_s`. A number that is not
//! finite is `null` (JSON has no NaN or infinity); such fields are `number | null` in the schema.
//!
//! # Invariants
//!
//! * `schema_version` changes whenever a key changes meaning or disappears; adding a key does not
//!   change it.
//! * The same key never means two things across answers, and one thing never has two keys
//!   (`tests/suite/answers.rs` checks the schema for the synonyms the old documents used).

use schemars::JsonSchema;
use serde::Serialize;

use crate::display::fmt_number;

mod check;
mod diff;
mod exits;
#[cfg(feature = "fit")]
mod fit;
mod min;
#[cfg(feature = "plot")]
mod plot;
mod point;
mod search;
#[cfg(feature = "plot")]
mod sweep_chart;
mod trace;

pub use check::{
    check, check_hand, check_hand_fn, check_objective, check_sweep, check_sweep_objective,
    CentralCheckAnswer, CheckAnswer, CheckCounts, CheckRequest, CheckRow, CheckSettings,
    HandCheckAnswer, HandFn, HandRequest, HandRow, HandSettings, HandWorst, RandomPoints,
    RowOutcome, SweepAnswer, SweepColumn, SweepSettings,
};
pub use diff::{diff, Derivative, DiffAnswer, DiffError, DiffRequest, Notation};
#[cfg(feature = "fit")]
pub use fit::{fit, fit_partitioned, FitAnswer, MAX_ANSWER_RESIDUALS};
pub use min::{
    compare, default_start, judge, min, nothing_to_minimize, run_error, start_method,
    CompareAnswer, Judgement, MinAnswer, MinAnswers, CLASSIFY_MAX_DIM,
};
#[cfg(feature = "plot")]
pub use plot::{
    panel_title, plot, plot_formulas, plot_verdict, split_formulas, Drawn, FormulaCurve, PathPoint,
    PlotAnswer, PlotFile, PlotFrame, PlotKind, PlotMethod, PlotPicture, PlotRequest,
    PlotRequestError, PlotRun, PlotRunReport, PlotScene, PlotTarget, Ranges, Star, StarVerdict,
};
pub use point::{eval, grad, EvalAnswer, GradAnswer, Partial};
pub use search::{certify, certify_error, global, global_error, CertifyAnswer, GlobalAnswer};
pub use trace::{
    graph, trace, ForwardMode, GraphAnswer, GraphEdge, GraphNode, GraphPicture, TraceAnswer,
    TraceOperand, TraceStepAnswer, MAX_TRACE_STEPS,
};

/// The version of the answers' JSON documents, [`SchemaVersion`] as text.
pub const SCHEMA_VERSION: &str = "1";

/// The version of the answers' JSON documents: serializes as `"1"`.
///
/// ```
/// assert_eq!(serde_json::to_string(&nabla::answer::SchemaVersion::default()).unwrap(), "\"1\"");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub enum SchemaVersion {
    /// Version 1.
    #[default]
    #[serde(rename = "1")]
    V1,
}

/// How a front end ends after an answer: the class of its exit code.
///
/// ```
/// use nabla::answer::Exit;
/// assert_eq!((Exit::Success.code(), Exit::Failure.code(), Exit::Inconclusive.code()), (0, 1, 3));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Exit {
    /// The answer is what was asked for: exit 0.
    Success,
    /// A numerical failure or a failed check: exit 1.
    Failure,
    /// Bad usage or unparsable input: exit 2.
    Usage,
    /// Double precision cannot decide (a point stationary to rounding whose second-order test is
    /// inconclusive): exit 3.
    Inconclusive,
}

impl Exit {
    /// The process exit code of this class.
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::Failure => 1,
            Exit::Usage => 2,
            Exit::Inconclusive => 3,
        }
    }
}

/// What an answer concludes: its kind, the sentence a person reads, the evidence the conclusion
/// rests on, and the exit class.
///
/// ```
/// use nabla::answer::{Exit, Verdict, VerdictKind};
/// let v = Verdict::new(VerdictKind::Computed, "the value", "", Exit::Success);
/// assert_eq!(v.exit.code(), 0);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct Verdict {
    /// The kind of result, for scripts.
    pub kind: VerdictKind,
    /// The conclusion in words, for people (lower-case, without a trailing period).
    pub sentence: String,
    /// How the conclusion was established (empty when the sentence says it all).
    pub evidence: String,
    /// The class of the exit code.
    pub exit: Exit,
}

impl Verdict {
    /// A verdict.
    pub fn new(
        kind: VerdictKind,
        sentence: impl Into<String>,
        evidence: impl Into<String>,
        exit: Exit,
    ) -> Verdict {
        Verdict {
            kind,
            sentence: sentence.into(),
            evidence: evidence.into(),
            exit,
        }
    }
}

/// The kinds of [`Verdict`], one list for every answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum VerdictKind {
    /// A value (or derivative, or formula) was computed, finite.
    Computed,
    /// The value or the gradient at the point is not a finite number.
    NotFinite,
    /// A run met its convergence test (a fit: the gradient within the tolerance, or
    /// Nelder-Mead's simplex collapsed).
    Converged,
    /// A run stopped because no step decreased the value (a fit: the line search finds no lower
    /// loss).
    Stalled,
    /// A run used all of its iterations or epochs without meeting another stop test.
    BudgetSpent,
    /// A picture was drawn, with no run end to judge (`plot` without runs, or with `--star`).
    Drawn,
    /// A check compared something and nothing disagrees (the exact gradient and central
    /// differences, or hand-derived partials and the exact ones).
    Agrees,
    /// A check found a partial that disagrees (exit 1).
    Disagrees,
    /// A check compared nothing because the finite difference resolves no partial at its step
    /// (round-off or truncation exceeds the partial): exit 1.
    Unresolved,
    /// A check compared nothing: every partial sits at a kink, a non-finite value, or outside
    /// the domain at every point (exit 1).
    NothingCompared,
    // `nabla min` (src/answer/min.rs has the table of kinds and exit classes).
    /// A local minimum (exit 0).
    LocalMinimum,
    /// A saddle point: no minimum (exit 1).
    Saddle,
    /// A local maximum: no minimum (exit 1).
    LocalMaximum,
    /// A degenerate stationary point the second-derivative test cannot judge (exit 1).
    Degenerate,
    /// The gradient is not small: the run ended before a stationary point (exit 1).
    NotStationary,
    /// A flat slope whose values keep falling (exit 1).
    Slope,
    /// The function is unbounded below (exit 1).
    Unbounded,
    /// Stationary to rounding, but double precision cannot decide whether a minimum (exit 3).
    Inconclusive,
    /// The run diverged (exit 1).
    Diverged,
    /// A fixed step unstable at the minimum it started on (exit 1).
    UnstableStep,
    /// Not classified: too many variables for a dense Hessian (exit 0), or no Hessian (exit 1).
    NotClassified,
    /// `--compare`: the runs were compared (exit 0; each run has its own verdict).
    Compared,
    /// The global minimum over the box is certified by interval bounds (exit 0).
    Certified,
    /// `--certify`: a budget ran out (or no point was found) before the bounds met (exit 1).
    NotCertified,
    /// `--global`: the best of the local minima found, not proven global (exit 0).
    BestFound,
    /// `--global`: no local search reached a local minimum (exit 1).
    NoMinimumFound,
    /// `--global`: the lowest point found is not a local minimum (exit 1).
    NotMinimum,
}

/// Every answer, tagged by its `command` in JSON.
///
/// ```
/// let f = nabla::Formula::parse("x^2 + 3*x*y").unwrap();
/// let a = nabla::answer::Answer::Eval(nabla::answer::eval(&f, &[2.0, 1.0]).unwrap());
/// let doc = serde_json::to_value(&a).unwrap();
/// assert_eq!((doc["command"].as_str(), doc["value"].as_f64()), (Some("eval"), Some(10.0)));
/// assert_eq!(a.verdict().exit.code(), 0);
/// ```
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(tag = "command", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Answer {
    /// `nabla eval`.
    Eval(EvalAnswer),
    /// `nabla grad`.
    Grad(GradAnswer),
    /// `nabla fit`.
    #[cfg(feature = "fit")]
    Fit(Box<FitAnswer>),
    /// `nabla plot`.
    #[cfg(feature = "plot")]
    Plot(PlotAnswer),
    /// `nabla check`, by `mode`: central differences, the step sweep, hand-derived partials.
    Check(CheckAnswer),
    /// `nabla diff`.
    Diff(DiffAnswer),
    /// `nabla trace`.
    Trace(TraceAnswer),
    /// `nabla graph`.
    Graph(GraphAnswer),
    /// `nabla min`: one run.
    #[serde(rename = "min")]
    Min(MinAnswer),
    /// `nabla min --compare`.
    #[serde(rename = "min")]
    Compare(CompareAnswer),
    /// `nabla min --global`.
    #[serde(rename = "min")]
    Global(GlobalAnswer),
    /// `nabla min --certify`.
    #[serde(rename = "min")]
    Certify(CertifyAnswer),
}

impl Answer {
    /// The answer's verdict.
    pub fn verdict(&self) -> &Verdict {
        match self {
            Answer::Eval(a) => &a.verdict,
            Answer::Grad(a) => &a.verdict,
            #[cfg(feature = "fit")]
            Answer::Fit(a) => &a.verdict,
            #[cfg(feature = "plot")]
            Answer::Plot(a) => &a.verdict,
            Answer::Check(a) => a.verdict(),
            Answer::Diff(a) => &a.verdict,
            Answer::Trace(a) => &a.verdict,
            Answer::Graph(a) => &a.verdict,
            Answer::Min(a) => &a.run.verdict,
            Answer::Compare(a) => &a.verdict,
            Answer::Global(a) => &a.verdict,
            Answer::Certify(a) => &a.verdict,
        }
    }
}

/// The commands whose answers [`schema`] describes one at a time, by name.
pub const COMMANDS: &[&str] = &[
    "eval",
    "grad",
    #[cfg(feature = "fit")]
    "fit",
    #[cfg(feature = "plot")]
    "plot",
    "check",
    "diff",
    "trace",
    "graph",
    "min",
];

/// The JSON Schema of the answers: of every answer (a `oneOf` by `command`) when `command` is
/// `None`, else of that command's; `None` for a command that has no answer type.
///
/// ```
/// let all = nabla::answer::schema(None).unwrap();
/// assert!(all.to_string().contains("\"eval\""));
/// let grad = nabla::answer::schema(Some("grad")).unwrap();
/// assert_eq!(grad["title"], "GradAnswer");
/// assert_eq!(grad["properties"]["command"]["const"], "grad");
/// assert!(nabla::answer::schema(Some("nosuch")).is_none());
/// ```
pub fn schema(command: Option<&str>) -> Option<serde_json::Value> {
    let s = match command {
        None => schemars::schema_for!(Answer),
        Some("eval") => schemars::schema_for!(EvalAnswer),
        Some("grad") => schemars::schema_for!(GradAnswer),
        #[cfg(feature = "fit")]
        Some("fit") => schemars::schema_for!(FitAnswer),
        #[cfg(feature = "plot")]
        Some("plot") => schemars::schema_for!(PlotAnswer),
        Some("check") => schemars::schema_for!(CheckAnswer),
        Some("diff") => schemars::schema_for!(DiffAnswer),
        Some("trace") => schemars::schema_for!(TraceAnswer),
        Some("graph") => schemars::schema_for!(GraphAnswer),
        Some("min") => schemars::schema_for!(MinAnswers),
        Some(_) => return None,
    };
    let mut v = s.to_value();
    strip_examples(&mut v);
    if let Some(name) = command {
        require_command(&mut v, name);
    }
    Some(v)
}

/// Adds the key every document carries first, `command` (the tag [`Answer`] adds when it is
/// serialized), to one command's schema: a property whose value is the command's name, required.
fn require_command(v: &mut serde_json::Value, name: &str) {
    let Some(root) = v.as_object_mut() else {
        return;
    };
    let properties = root
        .entry("properties")
        .or_insert_with(|| serde_json::json!({}));
    if let Some(p) = properties.as_object_mut() {
        p.insert(
            "command".to_string(),
            serde_json::json!({"description": "The command that gave this answer.", "const": name, "type": "string"}),
        );
    }
    let required = root
        .entry("required")
        .or_insert_with(|| serde_json::json!([]));
    if let Some(r) = required.as_array_mut() {
        r.insert(0, serde_json::json!("command"));
    }
}

/// Removes the Rust examples (fenced code blocks) from the descriptions schemars takes from the
/// doc comments: the schema is read by people and tools outside Rust.
fn strip_examples(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                match x {
                    serde_json::Value::String(d) if k == "description" => {
                        let mut kept = String::new();
                        let mut fenced = false;
                        for line in d.lines() {
                            if line.trim_start().starts_with("```") {
                                fenced = !fenced;
                            } else if !fenced {
                                kept.push_str(line);
                                kept.push('\n');
                            }
                        }
                        *d = kept.trim().to_string();
                    }
                    _ => strip_examples(x),
                }
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(strip_examples),
        _ => {}
    }
}

/// A number for JSON: `None` (null) when it is not finite.
pub(crate) fn real(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// `(x, y)` for a list of names.
///
/// ```
/// assert_eq!(nabla::answer::tuple_names(&["x", "y"]), "(x, y)");
/// ```
pub fn tuple_names<S: AsRef<str>>(names: &[S]) -> String {
    let parts: Vec<&str> = names.iter().map(AsRef::as_ref).collect();
    format!("({})", parts.join(", "))
}

/// `(3, 4)` for a list of numbers, each as [`fmt_number`] writes it.
///
/// ```
/// assert_eq!(nabla::answer::tuple_values(&[3.0, 0.5]), "(3, 0.5)");
/// ```
pub fn tuple_values(v: &[f64]) -> String {
    let parts: Vec<String> = v.iter().map(|x| fmt_number(*x)).collect();
    format!("({})", parts.join(", "))
}

/// The sentence for a value that is not finite where one was expected: `the value at (x) = (0)
/// is not a number (outside the domain of a function, or 0/0)`, in the current language; `what`
/// is `value` or `gradient` (any other word is inserted as it is).
pub(crate) fn not_finite_sentence(what: &str, v: f64, names: &[&str], x: &[f64]) -> String {
    let kind = if v.is_nan() {
        crate::tr!("not-finite-nan")
    } else {
        crate::tr!("not-finite-infinite", value = v.to_string())
    };
    let what = match what {
        "value" => crate::tr!("not-finite-what-value"),
        "gradient" => crate::tr!("not-finite-what-gradient"),
        other => other.to_string(),
    };
    crate::tr!(
        "not-finite-sentence",
        what = what,
        names = tuple_names(names),
        point = tuple_values(x),
        kind = kind
    )
}
