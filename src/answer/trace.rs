//! The answers of `nabla trace` ([`TraceAnswer`], built by [`trace`]) and `nabla graph`
//! ([`GraphAnswer`], built by [`graph`]): the evaluation trace (Wengert list) of a formula, with
//! values, local partials and adjoints at a point.
//!
//! Invariants: the steps are the trace's, in order (`v1`, `v2`, ...); numbers that are not finite
//! are `null`. The trace is answered even where a value is NaN or infinite (it shows where that
//! starts), and the verdict is then [`VerdictKind::NotFinite`] (exit 1) naming the first such
//! step; otherwise [`VerdictKind::Computed`]. A graph without a point has no values, and its
//! verdict is `computed`.

use schemars::JsonSchema;
use serde::Serialize;

use super::{real, tuple_names, tuple_values, Exit, SchemaVersion, Verdict, VerdictKind};
use crate::{step_name, tr, Formula, ModeCost, StepKind, Trace, TraceError, TraceEval};

/// The most steps (variables and operations; constants are written inside the steps) a trace
/// is shown with, and a graph exported as text: more is more than anyone reads. Front ends
/// count the steps with [`Trace::count_steps`] and refuse a larger formula before building its
/// trace.
///
/// ```
/// let f = nabla::Formula::parse("x*y + sin(x)").unwrap();
/// assert!(nabla::Trace::count_steps(&f) <= nabla::answer::MAX_TRACE_STEPS);
/// ```
pub const MAX_TRACE_STEPS: usize = crate::limits::MAX_TRACE_STEPS;

/// An operand of a step: which step, and the local partial of the step by it.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct TraceOperand {
    /// The operand's step (`v1`).
    pub step: String,
    /// The local partial as text.
    pub partial: String,
    /// Its value at the point.
    pub partial_value: Option<f64>,
}

/// One step `vk = ...` of the trace, with its numbers at the point.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct TraceStepAnswer {
    /// The step's name (`v3`).
    pub name: String,
    /// `input`, `constant` or `operation`.
    pub kind: String,
    /// The operation on earlier steps (`v1 * v2`).
    pub operation: String,
    /// The step's value at the point.
    pub value: Option<f64>,
    /// How many steps read this one.
    pub uses: usize,
    /// The operands with their local partials.
    pub operands: Vec<TraceOperand>,
    /// The adjoint `v̄k = df/dvk`.
    pub adjoint: Option<f64>,
    /// The adjoint as the sum of its contributions (`v̄3 * v2 + v̄4 * cos(v1)`).
    pub adjoint_sum: String,
    /// Forward mode's tangent in the direction asked for (`null` without one).
    pub tangent: Option<f64>,
}

/// Forward mode along one variable.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct ForwardMode {
    /// The variable of the direction.
    pub direction: String,
    /// The partial by it, from forward mode.
    pub derivative: Option<f64>,
}

/// The evaluation trace at a point, the reverse sweep, and the cost of each mode (`nabla trace`).
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct TraceAnswer {
    /// The version of this document's keys.
    pub schema_version: SchemaVersion,
    /// The formula as nabla reads it (`null` when too large to print).
    pub formula: Option<String>,
    /// The variables, in order.
    pub vars: Vec<String>,
    /// The point.
    pub point: Vec<f64>,
    /// The steps, in evaluation order.
    pub steps: Vec<TraceStepAnswer>,
    /// The step that is the formula's value.
    pub output_step: String,
    /// The value.
    pub value: Option<f64>,
    /// The gradient (the inputs' adjoints).
    pub gradient: Vec<Option<f64>>,
    /// Forward mode in the direction asked for (`null` without one).
    pub forward: Option<ForwardMode>,
    /// The cost of the whole gradient in each mode.
    pub cost: ModeCost,
    /// `computed`, or `not_finite` (exit 1) naming where the first NaN or infinity appears.
    pub verdict: Verdict,
    #[serde(skip)]
    #[schemars(skip)]
    data: Option<TraceData>,
}

/// The trace and its numbers, for the text and LaTeX renderings.
#[derive(Clone, Debug)]
struct TraceData {
    trace: Trace,
    eval: Option<TraceEval>,
    tangents: Option<Vec<f64>>,
}

/// The verdict of a trace evaluated at a point.
fn trace_verdict(trace: &Trace, eval: &TraceEval, names: &[String]) -> Verdict {
    if eval.value.is_finite() && eval.gradient.iter().all(|g| g.is_finite()) {
        return Verdict::new(
            VerdictKind::Computed,
            tr!("trace-sentence"),
            "",
            Exit::Success,
        );
    }
    let place = eval
        .first_non_finite(trace)
        .map_or(String::new(), |w| tr!("trace-starts-where", location = w));
    let (names, values) = (tuple_names(names), tuple_values(&eval.point));
    let sentence = if eval.value.is_finite() {
        tr!(
            "trace-not-finite-gradient",
            names = names,
            values = values,
            place = place
        )
    } else {
        tr!(
            "trace-not-finite-value",
            names = names,
            values = values,
            place = place
        )
    };
    Verdict::new(VerdictKind::NotFinite, sentence, "", Exit::Failure)
}

/// The trace of `formula` at `point`, with forward mode along variable number `direction` when
/// given.
///
/// ```
/// let f = nabla::Formula::parse("x*y + sin(x)").unwrap();
/// let a = nabla::answer::trace(&f, &[2.0, 3.0], None).unwrap();
/// assert_eq!((a.steps[2].operation.as_str(), a.output_step.as_str()), ("v1 * v2", "v5"));
/// let bad = nabla::answer::trace(&nabla::Formula::parse("sqrt(x)").unwrap(), &[-1.0], None).unwrap();
/// assert_eq!(bad.verdict.exit.code(), 1);
/// ```
pub fn trace(
    formula: &Formula,
    point: &[f64],
    direction: Option<usize>,
) -> Result<TraceAnswer, TraceError> {
    let trace = Trace::new(formula);
    let eval = trace.evaluate(point)?;
    let tangents = direction.map(|d| trace.tangents(&eval, d)).transpose()?;
    let names: Vec<String> = trace.var_names().to_vec();
    let edges = trace.edges();
    let steps = trace
        .steps()
        .iter()
        .enumerate()
        .map(|(k, s)| TraceStepAnswer {
            name: step_name(k),
            kind: step_kind(s.kind).to_string(),
            operation: s.text.clone(),
            value: real(eval.values[k]),
            uses: s.uses(),
            operands: s
                .operands
                .iter()
                .map(|&e| TraceOperand {
                    step: step_name(edges[e].child),
                    partial: edges[e].partial.clone(),
                    partial_value: real(eval.partials[e]),
                })
                .collect(),
            adjoint: real(eval.adjoints[k]),
            adjoint_sum: trace.adjoint_text(k),
            tangent: tangents.as_ref().and_then(|t| real(t[k])),
        })
        .collect();
    let c = trace.cost();
    let out = trace.output();
    Ok(TraceAnswer {
        schema_version: SchemaVersion::V1,
        formula: formula.to_infix().ok(),
        vars: names.clone(),
        point: eval.point.clone(),
        steps,
        output_step: step_name(out),
        value: real(eval.value),
        gradient: eval.gradient.iter().map(|g| real(*g)).collect(),
        forward: direction.zip(tangents.as_ref()).map(|(d, t)| ForwardMode {
            direction: names[d].clone(),
            derivative: real(t[out]),
        }),
        cost: c,
        verdict: trace_verdict(&trace, &eval, &names),
        data: Some(TraceData {
            trace,
            eval: Some(eval),
            tangents,
        }),
    })
}

fn step_kind(k: StepKind) -> &'static str {
    match k {
        StepKind::Input(_) => "input",
        StepKind::Constant => "constant",
        _ => "operation",
    }
}

impl TraceAnswer {
    /// The trace, its evaluation and forward mode's tangents, for rendering as text or LaTeX.
    ///
    /// ```
    /// let f = nabla::Formula::parse("x^2").unwrap();
    /// let a = nabla::answer::trace(&f, &[3.0], Some(0)).unwrap();
    /// let (t, e, dot) = a.parts().unwrap();
    /// assert_eq!((t.steps().len(), e.value, dot.unwrap()[1]), (2, 9.0, 6.0));
    /// ```
    pub fn parts(&self) -> Option<(&Trace, &TraceEval, Option<&[f64]>)> {
        let d = self.data.as_ref()?;
        Some((&d.trace, d.eval.as_ref()?, d.tangents.as_deref()))
    }
}

/// A node of the expression graph: a step of the trace, with its value and adjoint at the point.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct GraphNode {
    /// The step's name (`v3`).
    pub name: String,
    /// `input`, `constant` or `operation`.
    pub kind: String,
    /// The operation on earlier steps (`v1 * v2`).
    pub operation: String,
    /// The value at the point (`null` without a point, or not finite).
    pub value: Option<f64>,
    /// The adjoint `df/dvk` at the point (`null` without a point, or not finite).
    pub adjoint: Option<f64>,
}

/// An edge of the expression graph: from an operand to the step that reads it.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct GraphEdge {
    /// The operand's step (`v1`).
    pub child: String,
    /// The step that reads it (`v3`).
    pub parent: String,
    /// The local partial `d(parent)/d(child)` as text.
    pub partial: String,
    /// Its value at the point (`null` without a point, or not finite).
    pub partial_value: Option<f64>,
}

/// The picture `nabla graph` drew.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct GraphPicture {
    /// The file written.
    pub file: String,
    /// Its format: `svg` or `png`.
    pub format: String,
    /// Nodes drawn.
    pub n_nodes: usize,
    /// Edges drawn.
    pub n_edges: usize,
    /// Layers of the layout.
    pub n_layers: usize,
    /// Edge crossings left.
    pub n_crossings: usize,
    /// Width and height in pixels.
    pub size: [u32; 2],
}

/// The expression graph (`nabla graph`): its nodes and edges, with values and adjoints at the
/// point when one is given, and the picture drawn.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct GraphAnswer {
    /// The version of this document's keys.
    pub schema_version: SchemaVersion,
    /// The formula as nabla reads it (`null` when too large to print).
    pub formula: Option<String>,
    /// The variables, in order.
    pub vars: Vec<String>,
    /// The point (`null` when none was given).
    pub point: Option<Vec<f64>>,
    /// The value at the point (`null` without a point, or not finite).
    pub value: Option<f64>,
    /// The nodes, in evaluation order.
    pub nodes: Vec<GraphNode>,
    /// The edges, operand to reader.
    pub edges: Vec<GraphEdge>,
    /// The picture, when one was drawn.
    pub picture: Option<GraphPicture>,
    /// `computed`, or `not_finite` (exit 1) naming where the first NaN or infinity appears.
    pub verdict: Verdict,
    #[serde(skip)]
    #[schemars(skip)]
    data: TraceData,
}

/// The expression graph of `formula`, with values and adjoints at `point` when given.
///
/// ```
/// let f = nabla::Formula::parse("x*y + sin(x)").unwrap();
/// let a = nabla::answer::graph(&f, Some(&[2.0, 3.0])).unwrap();
/// assert_eq!((a.nodes.len(), a.edges.len(), a.nodes[1].adjoint), (5, 5, Some(2.0)));
/// assert!(nabla::answer::graph(&f, None).unwrap().nodes[0].value.is_none());
/// ```
pub fn graph(formula: &Formula, point: Option<&[f64]>) -> Result<GraphAnswer, TraceError> {
    let trace = Trace::new(formula);
    let eval = point.map(|x| trace.evaluate(x)).transpose()?;
    let names: Vec<String> = trace.var_names().to_vec();
    let nodes = trace
        .steps()
        .iter()
        .enumerate()
        .map(|(k, s)| GraphNode {
            name: step_name(k),
            kind: step_kind(s.kind).to_string(),
            operation: s.text.clone(),
            value: eval.as_ref().and_then(|e| real(e.values[k])),
            adjoint: eval.as_ref().and_then(|e| real(e.adjoints[k])),
        })
        .collect();
    let edges = trace
        .edges()
        .iter()
        .enumerate()
        .map(|(i, e)| GraphEdge {
            child: step_name(e.child),
            parent: step_name(e.parent),
            partial: e.partial.clone(),
            partial_value: eval.as_ref().and_then(|v| real(v.partials[i])),
        })
        .collect();
    let verdict = match &eval {
        Some(e) => {
            let v = trace_verdict(&trace, e, &names);
            if v.exit == Exit::Success {
                Verdict::new(
                    VerdictKind::Computed,
                    tr!("graph-sentence-evaluated"),
                    "",
                    Exit::Success,
                )
            } else {
                v
            }
        }
        None => Verdict::new(
            VerdictKind::Computed,
            tr!("graph-sentence"),
            "",
            Exit::Success,
        ),
    };
    Ok(GraphAnswer {
        schema_version: SchemaVersion::V1,
        formula: formula.to_infix().ok(),
        vars: names,
        point: eval.as_ref().map(|e| e.point.clone()),
        value: eval.as_ref().and_then(|e| real(e.value)),
        nodes,
        edges,
        picture: None,
        verdict,
        data: TraceData {
            trace,
            eval,
            tangents: None,
        },
    })
}

impl GraphAnswer {
    /// The trace and its evaluation (when a point was given), for drawing.
    ///
    /// ```
    /// let f = nabla::Formula::parse("x^2").unwrap();
    /// let a = nabla::answer::graph(&f, None).unwrap();
    /// let (t, e) = a.parts().unwrap();
    /// assert_eq!((t.steps().len(), e.is_none()), (2, true));
    /// ```
    pub fn parts(&self) -> Option<(&Trace, Option<&TraceEval>)> {
        Some((&self.data.trace, self.data.eval.as_ref()))
    }

    /// The picture's title: the formula, and the point when one was given
    /// (`x*y + sin(x)  at (x, y) = (2, 3)`).
    ///
    /// ```
    /// let f = nabla::Formula::parse("x*y + sin(x)").unwrap();
    /// let a = nabla::answer::graph(&f, Some(&[2.0, 3.0])).unwrap();
    /// assert_eq!(a.title(), "x*y + sin(x)  at (x, y) = (2, 3)");
    /// assert_eq!(nabla::answer::graph(&f, None).unwrap().title(), "x*y + sin(x)");
    /// ```
    pub fn title(&self) -> String {
        let mut title = self.formula.clone().unwrap_or_default();
        if let Some(x) = &self.point {
            if !self.vars.is_empty() {
                title = tr!(
                    "graph-title-at",
                    formula = title,
                    names = tuple_names(&self.vars),
                    values = tuple_values(x)
                );
            }
        }
        title
    }

    /// Draws the graph with its [`title`](GraphAnswer::title) into `path` (`.svg`, `.png`, or
    /// [`IN_MEMORY`](crate::plot::IN_MEMORY) for the SVG text in the summary), as
    /// [`draw_graph`](crate::draw_graph) does, and records the picture in `picture` (the file
    /// `-` for one drawn in memory).
    ///
    /// ```
    /// let f = nabla::Formula::parse("x*y + sin(x)").unwrap();
    /// let mut a = nabla::answer::graph(&f, Some(&[2.0, 3.0])).unwrap();
    /// let s = a.draw(nabla::plot::IN_MEMORY.as_ref())?;
    /// assert!(s.svg.is_some_and(|svg| svg.contains("x*y + sin(x)  at (x, y) = (2, 3)")));
    /// assert_eq!(a.picture.as_ref().map(|p| (p.n_nodes, p.format.as_str())), Some((5, "svg")));
    /// # Ok::<(), nabla::GraphDrawError>(())
    /// ```
    #[cfg(feature = "plot")]
    pub fn draw(
        &mut self,
        path: &std::path::Path,
    ) -> Result<crate::GraphSummary, crate::GraphDrawError> {
        self.draw_digits(path, None)
    }

    /// [`GraphAnswer::draw`] with the values, adjoints and partials rounded to `digits`
    /// significant digits ([`crate::fmt_digits`]; `None`: every digit).
    ///
    /// ```
    /// let f = nabla::Formula::parse("sin(x)").unwrap();
    /// let mut a = nabla::answer::graph(&f, Some(&[1.0])).unwrap();
    /// let s = a.draw_digits(nabla::plot::IN_MEMORY.as_ref(), Some(2))?;
    /// assert!(s.svg.is_some_and(|svg| svg.contains("value 0.84") && !svg.contains("0.841")));
    /// # Ok::<(), nabla::GraphDrawError>(())
    /// ```
    #[cfg(feature = "plot")]
    pub fn draw_digits(
        &mut self,
        path: &std::path::Path,
        digits: Option<usize>,
    ) -> Result<crate::GraphSummary, crate::GraphDrawError> {
        let summary = crate::draw_graph_digits(
            path,
            &self.data.trace,
            self.data.eval.as_ref(),
            Some(&self.title()),
            digits,
        )?;
        self.set_picture(&path.display().to_string(), &summary);
        Ok(summary)
    }

    /// Records the picture drawn to `file`, as [`draw_graph`](crate::draw_graph) summarized it.
    ///
    /// ```
    /// # let f = nabla::Formula::parse("x^2").unwrap();
    /// # let mut a = nabla::answer::graph(&f, None).unwrap();
    /// # assert!(a.picture.is_none());
    /// ```
    #[cfg(feature = "plot")]
    pub fn set_picture(&mut self, file: &str, s: &crate::GraphSummary) {
        self.picture = Some(GraphPicture {
            file: file.to_string(),
            format: s.format.extension().to_string(),
            n_nodes: s.nodes,
            n_edges: s.edges,
            n_layers: s.layers,
            n_crossings: s.crossings,
            size: [s.size.0, s.size.1],
        });
    }
}
