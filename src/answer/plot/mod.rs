//! The answer of `nabla plot` and the plot itself: [`PlotRequest`] (what is asked), [`plot`]
//! (check it, run the optimizers, judge the star, find the minima, draw the pictures) and
//! [`PlotAnswer`] (the pictures written, or the SVG inline in memory, each optimizer run drawn
//! with its label, settings and recorded `path`, and the verdict on the runs' best end point).
//!
//! The work is split at a seam: [`PlotScene::compute`] does everything but drawing (`runs.rs`),
//! [`PlotScene::draw`] draws a picture of it to memory or to a file (`draw.rs`), any number of
//! times, and [`PlotScene::answer`] words the answer. Front ends parse their arguments into a
//! [`PlotRequest`] and render the answer; the command line and Python reach the same answer
//! through [`plot`].
//!
//! The verdict comes from [`Star`], the finding about the best end point; which finding it is
//! (is the polished best end point a local minimum? is the function unbounded below?) is decided
//! by the min verdict path, which [`plot_verdict`] only words. Invariants: a plot that drew its
//! pictures exits 0 whatever the star's verdict (the picture is the answer; the verdict says
//! what it shows); no number in the document is NaN or infinite (`null` instead); every input
//! error is found before any optimizer runs or any file is written ([`PlotRequest::check`]).

mod draw;
mod formulas;
mod panels;
mod request;
mod runs;

pub use draw::{Drawn, PlotPicture};
pub use formulas::{plot_formulas, split_formulas, FormulaCurve};
pub use panels::panel_title;
pub use request::{PlotKind, PlotMethod, PlotRequest, PlotRequestError, PlotTarget};
pub use runs::{PlotRunReport, StarVerdict};

use schemars::JsonSchema;
use serde::Serialize;

use super::{real, Exit, SchemaVersion, Verdict, VerdictKind};
use crate::optim::{Method, OptimReport};
use crate::plot::{Frame, PathSeries, PlotBox, PlotSummary};
use crate::{Function, Problem};

/// One recorded iterate of a run: its iteration number (0 is the start), the point and the
/// value there.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct PathPoint {
    /// The iteration after which the point was recorded (0: the start).
    pub iteration: usize,
    /// The point, one number per variable (`null` where not finite).
    pub point: Vec<Option<f64>>,
    /// The value at the point (`null` when not finite).
    pub value: Option<f64>,
}

/// One optimizer run drawn on the picture.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct PlotRun {
    /// The method's name.
    pub method: String,
    /// The legend label: the name, with the settings that tell runs of one method apart.
    pub label: String,
    /// The run's entry in the pictures' legends: the name and the settings a reader needs
    /// (`gd lr=5e-6`, `adam lr=0.001 beta2=0.8`; see [`crate::optim::legend_labels`]).
    pub legend: String,
    /// Every setting the method reads, with the value it ran with (defaults resolved).
    pub settings: std::collections::BTreeMap<String, serde_json::Value>,
    /// The iteration limit.
    pub max_iterations: usize,
    /// Steps taken.
    pub iterations: usize,
    /// Why the run stopped, in words.
    pub stop: String,
    /// Where the run ended (`null` entries where not finite).
    pub point: Vec<Option<f64>>,
    /// The value there (`null` when not finite).
    pub value: Option<f64>,
    /// The gradient there (`null` entries where not finite).
    pub gradient: Vec<Option<f64>>,
    /// The recorded iterates (at most about 5,000 per run; the start and the end always).
    pub path: Vec<PathPoint>,
}

impl PlotRun {
    /// A run's entry from its method, iteration limit, legend label and report.
    ///
    /// ```
    /// use nabla::optim::{minimize, Method, StopRule};
    /// let mut f = nabla::Function::parse("x^2").unwrap();
    /// let gd = Method::parse("gd").unwrap();
    /// let r = minimize(&mut f, &[1.0], &gd, &StopRule::default().max_iters(3)).unwrap();
    /// let run = nabla::answer::PlotRun::new(&gd, 3, "gd", &r);
    /// assert_eq!((run.iterations, run.path.first().map(|p| p.iteration)), (3, Some(0)));
    /// assert_eq!(run.with_legend("gd lr=0.01").legend, "gd lr=0.01");
    /// ```
    pub fn new(method: &Method, max_iterations: usize, label: &str, r: &OptimReport) -> PlotRun {
        let p = &r.path;
        let path = p
            .points
            .chunks_exact(p.dim.max(1))
            .zip(&p.iters)
            .zip(&p.values)
            .map(|((x, i), v)| PathPoint {
                iteration: *i,
                point: x.iter().map(|c| real(*c)).collect(),
                value: real(*v),
            })
            .collect();
        let settings = match serde_json::to_value(method.resolved_settings()) {
            Ok(serde_json::Value::Object(m)) => m.into_iter().collect(),
            _ => Default::default(),
        };
        PlotRun {
            method: method.name().to_string(),
            label: label.to_string(),
            legend: label.to_string(),
            settings,
            max_iterations,
            iterations: r.iters,
            stop: r.stop.to_string(),
            point: r.x.iter().map(|c| real(*c)).collect(),
            value: real(r.f),
            gradient: r.grad.iter().map(|c| real(*c)).collect(),
            path,
        }
    }

    /// The same run with `legend` as its entry in the pictures' legends (the label by default).
    pub fn with_legend(mut self, legend: &str) -> PlotRun {
        self.legend = legend.to_string();
        self
    }
}

/// The ranges a picture shows: `x` and `y` as `[lo, hi]` (for a curve, `y` is the value's).
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct Ranges {
    /// The horizontal axis, `[lo, hi]`.
    pub x: [f64; 2],
    /// The vertical axis (for a curve, the value), `[lo, hi]`.
    pub y: [f64; 2],
}

impl From<PlotBox> for Ranges {
    fn from(b: PlotBox) -> Ranges {
        Ranges {
            x: [b.x.lo, b.x.hi],
            y: [b.y.lo, b.y.hi],
        }
    }
}

/// The plotting area in the picture, in pixels, and the ranges it shows: pixel `(px, py)` is
/// `x = x[0] + (px - left) / (right - left) * (x[1] - x[0])`,
/// `y = y[1] - (py - top) / (bottom - top) * (y[1] - y[0])`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct PlotFrame {
    /// The picture's width in pixels.
    pub width: u32,
    /// The picture's height in pixels.
    pub height: u32,
    /// The plotting area's left edge.
    pub left: i32,
    /// The plotting area's top edge.
    pub top: i32,
    /// The plotting area's right edge.
    pub right: i32,
    /// The plotting area's bottom edge.
    pub bottom: i32,
    /// The horizontal range shown, `[lo, hi]`.
    pub x: [f64; 2],
    /// The vertical range shown, `[lo, hi]`.
    pub y: [f64; 2],
}

impl From<Frame> for PlotFrame {
    fn from(f: Frame) -> PlotFrame {
        PlotFrame {
            width: f.width,
            height: f.height,
            left: f.left,
            top: f.top,
            right: f.right,
            bottom: f.bottom,
            x: [f.x.lo, f.x.hi],
            y: [f.y.lo, f.y.hi],
        }
    }
}

/// One picture drawn: where it went, what it shows, and the plotting module's summary.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct PlotFile {
    /// The file written, or `-` when the SVG is inline (`svg`).
    pub file: String,
    /// What it shows: `contour map`, `surface`, `curve`, `loss chart`, or `curves` (several
    /// formulas on one chart); with panels, the kind of every panel.
    pub kind: String,
    /// The format, `svg` or `png`.
    pub format: Option<String>,
    /// Grid points evaluated.
    pub evaluated: usize,
    /// Grid points where the function was NaN or infinite (left blank).
    pub non_finite: usize,
    /// Path points drawn after thinning, over all runs.
    pub drawn_points: usize,
    /// The ranges shown.
    pub range: Option<Ranges>,
    /// The plotting area and its ranges (curves and contour maps), so a click maps to a point.
    pub frame: Option<PlotFrame>,
    /// The SVG text, for `-o -` (no file written).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub svg: Option<String>,
}

impl PlotFile {
    /// A picture's entry from its destination, its kind and the plotting module's summary.
    ///
    /// ```
    /// let s = nabla::plot::PlotSummary::default();
    /// let f = nabla::answer::PlotFile::new(std::path::Path::new("-"), "curve", &s);
    /// assert_eq!((f.file.as_str(), f.svg.is_none()), ("-", true));
    /// ```
    pub fn new(file: &std::path::Path, kind: &str, s: &PlotSummary) -> PlotFile {
        PlotFile {
            file: file.display().to_string(),
            kind: kind.to_string(),
            format: s.format.map(|f| f.extension().to_string()),
            evaluated: s.evaluated,
            non_finite: s.non_finite,
            drawn_points: s.drawn_points,
            range: s.range.map(Ranges::from),
            // A frame with a log axis does not map linearly: the JSON's frame is for linear axes.
            frame: s
                .frame
                .filter(|f| !f.x_log && !f.y_log)
                .map(PlotFrame::from),
            svg: s.svg.clone(),
        }
    }
}

/// The finding about the runs' best end point, as the min verdict path gives it; [`plot_verdict`]
/// words it. (Seam: when the library's min verdict path answers with its own type, this becomes
/// that type.)
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Star {
    /// The star was given (`--star`): nothing was judged.
    Given,
    /// Nothing ran: nothing to judge.
    NoRuns,
    /// The polished best end point is a local minimum.
    Minimum,
    /// The best end point is not a minimum and the function falls without bound from there.
    Unbounded,
    /// The best end point is not a minimum, with no evidence of unboundedness either.
    NotMinimum,
}

/// The verdict of a plot from the star's finding and its sentence (`minimum found at (1, 2)`, as
/// the min verdict path words it; `None` when there is nothing to say). A plot exits 0 whatever
/// the finding: the picture is the answer.
///
/// ```
/// use nabla::answer::{plot_verdict, Star, VerdictKind};
/// let v = plot_verdict(Star::Minimum, Some("minimum found at (1, 1)".into()));
/// assert_eq!((v.kind, v.exit.code()), (VerdictKind::LocalMinimum, 0));
/// assert_eq!(plot_verdict(Star::NoRuns, None).kind, VerdictKind::Drawn);
/// ```
pub fn plot_verdict(star: Star, sentence: Option<String>) -> Verdict {
    let kind = match star {
        Star::Given | Star::NoRuns => VerdictKind::Drawn,
        Star::Minimum => VerdictKind::LocalMinimum,
        Star::Unbounded => VerdictKind::Unbounded,
        Star::NotMinimum => VerdictKind::NotMinimum,
    };
    let sentence = sentence.unwrap_or_else(|| match star {
        Star::Given => crate::tr!("plot-verdict-star-given"),
        _ => crate::tr!("plot-verdict-picture"),
    });
    Verdict::new(kind, sentence, "", Exit::Success)
}

/// The pictures of a formula, the runs drawn on them, and the verdict on their best end point.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct PlotAnswer {
    /// The version of this document's keys.
    pub schema_version: SchemaVersion,
    /// The formula as nabla reads it (`null` when too large to print).
    pub formula: Option<String>,
    /// The variables, in order (one or two).
    pub vars: Vec<String>,
    /// Where the runs began (`null` without runs).
    pub start: Option<Vec<f64>>,
    /// The runs, in the order given.
    pub runs: Vec<PlotRun>,
    /// The point marked with the star: given, or the polished best end point when it is a local
    /// minimum (`null` otherwise).
    pub minimum: Option<Vec<f64>>,
    /// The local minima found inside the box (`--minima`; empty otherwise).
    pub minima: Vec<Vec<f64>>,
    /// The pictures drawn.
    pub files: Vec<PlotFile>,
    /// Remarks (blank parts of a picture, paths not drawn on a surface).
    pub notes: Vec<String>,
    /// The verdict on the best end point: `local_minimum`, `unbounded`, `not_minimum`, or
    /// `drawn` when nothing was judged; always exit 0.
    pub verdict: Verdict,
}

impl PlotAnswer {
    /// A plot's answer from its parts.
    ///
    /// ```
    /// use nabla::answer::{plot_verdict, PlotAnswer, Star};
    /// let a = PlotAnswer::new(
    ///     Some("x^2".into()), vec!["x".into()], None, vec![], None, vec![], vec![], vec![],
    ///     plot_verdict(Star::NoRuns, None),
    /// );
    /// assert_eq!(serde_json::to_value(&a).unwrap()["verdict"]["kind"], "drawn");
    /// ```
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        formula: Option<String>,
        vars: Vec<String>,
        start: Option<Vec<f64>>,
        runs: Vec<PlotRun>,
        minimum: Option<Vec<f64>>,
        minima: Vec<Vec<f64>>,
        files: Vec<PlotFile>,
        notes: Vec<String>,
        verdict: Verdict,
    ) -> PlotAnswer {
        PlotAnswer {
            schema_version: SchemaVersion::V1,
            formula,
            vars,
            start,
            runs,
            minimum,
            minima,
            files,
            notes,
            verdict,
        }
    }
}

/// A plot computed but not yet drawn: the request (its range settled), the runs with their
/// labels, the star's verdict and the local minima. [`PlotScene::draw`] draws its pictures,
/// as often as wanted, to memory or to files; [`PlotScene::answer`] words the answer.
#[derive(Clone, Debug)]
pub struct PlotScene {
    /// The request, its range set to the box searched when the local minima were asked for.
    pub request: PlotRequest,
    /// The picture drawn.
    pub kind: PlotKind,
    /// The function's variables (one or two).
    pub names: Vec<String>,
    /// The formula as nabla reads it (`None` when too large to print).
    pub formula: Option<String>,
    /// The title drawn above the pictures.
    pub title: Option<String>,
    /// The runs, in the order asked.
    pub runs: Vec<PlotRunReport>,
    /// Their legend labels.
    pub labels: Vec<String>,
    /// What was concluded about the star.
    pub verdict: StarVerdict,
    /// The local minima found inside the box (empty unless asked for).
    pub minima: Vec<Vec<f64>>,
    /// The runs as drawn: recorded points, values and iteration numbers.
    pub(super) series: Vec<PathSeries>,
}

impl PlotScene {
    /// Checks `req` against `f` ([`PlotRequest::check`]), runs the optimizers from the start,
    /// judges the star (given, or the polished best end point when it is a local minimum) and,
    /// when asked, finds the local minima inside the box. Draws nothing.
    ///
    /// ```
    /// use nabla::answer::{PlotMethod, PlotRequest, PlotScene};
    /// use nabla::optim::Method;
    /// let mut f = nabla::Function::parse("(x-1)^2 + 4*(y+2)^2").unwrap();
    /// let req = PlotRequest {
    ///     start: Some(vec![0.0, 0.0]),
    ///     methods: vec![PlotMethod::new(Method::parse("lbfgs").unwrap())],
    ///     ..PlotRequest::default()
    /// };
    /// let scene = PlotScene::compute(&mut f, &req).unwrap();
    /// let star = scene.minimum().unwrap();
    /// assert!((star[0] - 1.0).abs() < 1e-8 && (star[1] + 2.0).abs() < 1e-8);
    /// ```
    pub fn compute(f: &mut Function, req: &PlotRequest) -> Result<PlotScene, PlotRequestError> {
        let names: Vec<String> = f.var_names().iter().map(|s| s.to_string()).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let kind = req.check(&refs)?;
        let runs = match &req.start {
            Some(x0) => runs::run_methods(f, req, x0)?,
            None => Vec::new(),
        };
        let verdict = match &req.star {
            Some(s) => StarVerdict::Given(s.clone()),
            None => runs::judge_runs(f, &runs),
        };
        let labels = runs::run_labels(&runs);
        let series = draw::series(&runs, &runs::legend_labels(&runs));
        let mut request = req.clone();
        let minima = if req.minima {
            let b = runs::minima_box(req, &series, verdict.star())?;
            request.range = Some(vec![(b.x.lo, b.x.hi), (b.y.lo, b.y.hi)]);
            runs::local_minima(f, &b)?
        } else {
            Vec::new()
        };
        let formula = f.formula().to_infix().ok();
        let title = draw::title(req, formula.as_deref());
        Ok(PlotScene {
            request,
            kind,
            names,
            formula,
            title,
            runs,
            labels,
            verdict,
            minima,
            series,
        })
    }

    /// The point marked with the star: given, or the polished best end point when it is a local
    /// minimum.
    pub fn minimum(&self) -> Option<&[f64]> {
        self.verdict.star()
    }

    /// The answer for the pictures `drawn`: the runs with their paths, the star, the minima, the
    /// pictures' summaries, the notes (paths not drawn on a surface, blank parts of a picture)
    /// and the verdict.
    pub fn answer(&self, drawn: &[Drawn]) -> PlotAnswer {
        let mut notes: Vec<String> = Vec::new();
        for d in drawn {
            if let Some(n) = d.summary.note() {
                if !notes.contains(&n) {
                    notes.push(n);
                }
            }
        }
        let runs: Vec<PlotRun> = self
            .runs
            .iter()
            .zip(&self.labels)
            .zip(runs::legend_labels(&self.runs))
            .map(|((r, label), legend)| {
                PlotRun::new(&r.method, r.iters, label, &r.report).with_legend(&legend)
            })
            .collect();
        let files: Vec<PlotFile> = drawn
            .iter()
            .map(|d| PlotFile::new(d.target.path(), d.kind, &d.summary))
            .collect();
        PlotAnswer::new(
            self.formula.clone(),
            self.names.clone(),
            self.request.start.clone(),
            runs,
            self.minimum().map(<[f64]>::to_vec),
            self.minima.clone(),
            files,
            notes,
            plot_verdict(self.verdict.finding(), self.verdict.text()),
        )
    }
}

/// A plot: checks `req` against `f`, runs the optimizers, judges the star, finds the minima when
/// asked, draws every picture to `req.output` and answers; the scene comes back too, to draw the
/// pictures again elsewhere ([`PlotScene::draw`]).
///
/// ```
/// use nabla::answer::{plot, PlotMethod, PlotRequest, VerdictKind};
/// use nabla::optim::Method;
/// let mut f = nabla::Function::parse("x^2 - 2*x").unwrap();
/// let req = PlotRequest {
///     start: Some(vec![3.0]),
///     methods: vec![PlotMethod::new(Method::parse("gd").unwrap().lr(0.25))],
///     size: (300, 200),
///     ..PlotRequest::default()
/// };
/// let (answer, _scene) = plot(&mut f, &req).unwrap();
/// assert_eq!(answer.verdict.kind, VerdictKind::LocalMinimum);
/// // gd halves the distance to 1 each step, until the gradient is under 1e-8.
/// assert!(answer.minimum.is_some_and(|m| (m[0] - 1.0).abs() < 1e-8));
/// assert!(answer.files[0].svg.as_deref().is_some_and(|s| s.starts_with("<svg")));
/// ```
pub fn plot(
    f: &mut Function,
    req: &PlotRequest,
) -> Result<(PlotAnswer, PlotScene), PlotRequestError> {
    let scene = PlotScene::compute(f, req)?;
    let problem: &Problem = f;
    let drawn = scene.draw_all(problem, &req.output)?;
    Ok((scene.answer(&drawn), scene))
}
