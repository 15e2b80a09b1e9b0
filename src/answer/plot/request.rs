//! What a plot is asked for: [`PlotRequest`] (the kind of picture, its size and ranges, the runs
//! to draw, the star, the loss chart, where the pictures go) and [`PlotRequestError`], every way a
//! request or its work can fail, with its exit class.
//!
//! Invariants: [`PlotRequest::check`] finds every input error (variable count against the kind,
//! grid and level counts, ranges, point lengths, iteration limits, the output's extension)
//! before any optimizer runs or any file is written; its limits are the library's
//! ([`MAX_GRID`], [`MAX_SURFACE_GRID`], [`MAX_LEVELS`], [`MAX_ITERS`], [`check_size`]), the ones
//! every front end enforces. Messages name no option of any front end; a front end that wants
//! its own words matches the typed variant.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::optim::{Method, OptimError, MAX_ITERS};
use crate::plot::{
    check_size, ImageFormat, Interval, LevelScale, PlotError, SurfaceView, DEFAULT_SIZE, IN_MEMORY,
    MAX_GRID, MAX_LEVELS, MAX_PANELS, MAX_SURFACE_GRID,
};

use super::super::{not_finite_sentence, Exit};

/// The picture of a function: its curve (one variable), its contour map or its 3-D surface (two).
///
/// ```
/// use nabla::answer::PlotKind;
/// assert_eq!(PlotKind::parse("map"), Some(PlotKind::Map));
/// assert_eq!(PlotKind::Map.name(), "contour map");
/// assert_eq!(PlotKind::for_vars(1), Some(PlotKind::Curve));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlotKind {
    /// The curve of a function of one variable, the runs drawn on it.
    Curve,
    /// The contour map of a function of two variables, the runs drawn over it.
    Map,
    /// The 3-D surface of a function of two variables (the runs are not drawn on it).
    Surface,
}

impl PlotKind {
    /// Every kind, in the order of [`PlotKind::KEYWORDS`].
    pub const ALL: [PlotKind; 3] = [PlotKind::Curve, PlotKind::Map, PlotKind::Surface];
    /// The short names [`PlotKind::parse`] reads.
    pub const KEYWORDS: [&'static str; 3] = ["curve", "map", "surface"];

    /// The kind named `text`: `curve`, `map` (or `contour`, `contour map`) or `surface`, in any
    /// case; `None` for anything else.
    pub fn parse(text: &str) -> Option<PlotKind> {
        match text.trim().to_ascii_lowercase().as_str() {
            "curve" => Some(PlotKind::Curve),
            "map" | "contour" | "contour map" | "contour_map" => Some(PlotKind::Map),
            "surface" => Some(PlotKind::Surface),
            _ => None,
        }
    }

    /// What the picture is called in the answer (`files[].kind`): `curve`, `contour map`,
    /// `surface`.
    pub fn name(self) -> &'static str {
        match self {
            PlotKind::Curve => "curve",
            PlotKind::Map => "contour map",
            PlotKind::Surface => "surface",
        }
    }

    /// The kind drawn for a function of `dim` variables when none is asked: the curve for one,
    /// the contour map for two; `None` otherwise.
    pub fn for_vars(dim: usize) -> Option<PlotKind> {
        match dim {
            1 => Some(PlotKind::Curve),
            2 => Some(PlotKind::Map),
            _ => None,
        }
    }

    /// How many variables the kind draws.
    pub fn vars(self) -> usize {
        match self {
            PlotKind::Curve => 1,
            PlotKind::Map | PlotKind::Surface => 2,
        }
    }

    /// Grid points per axis when none is asked: 400 samples of a curve, 200 for a contour map,
    /// 60 for a surface.
    pub fn default_grid(self) -> usize {
        match self {
            PlotKind::Curve => 400,
            PlotKind::Map => 200,
            PlotKind::Surface => 60,
        }
    }

    /// The most grid points per axis: [`MAX_GRID`], or [`MAX_SURFACE_GRID`] for a surface.
    pub fn max_grid(self) -> usize {
        match self {
            PlotKind::Surface => MAX_SURFACE_GRID,
            _ => MAX_GRID,
        }
    }
}

/// Where pictures go: into memory (the SVG text comes back in the answer, no file is written),
/// or to a file whose extension (`.svg`, `.png`) names the format, written to a temporary file
/// beside it and renamed into place once complete.
///
/// ```
/// use nabla::answer::PlotTarget;
/// let t = PlotTarget::File("out/beale.png".into());
/// assert_eq!(t.sibling("loss"), PlotTarget::File("out/beale-loss.png".into()));
/// assert_eq!(PlotTarget::InMemory.sibling("loss"), PlotTarget::InMemory);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum PlotTarget {
    /// No file: SVG text in the answer.
    #[default]
    InMemory,
    /// A `.svg` or `.png` file.
    File(PathBuf),
}

impl PlotTarget {
    /// The destination as the plotting module takes it ([`IN_MEMORY`] for memory).
    pub fn path(&self) -> &Path {
        match self {
            PlotTarget::InMemory => Path::new(IN_MEMORY),
            PlotTarget::File(p) => p,
        }
    }

    /// The format written: SVG in memory, else the file's extension's.
    pub fn format(&self) -> Result<ImageFormat, PlotError> {
        match self {
            PlotTarget::InMemory => Ok(ImageFormat::Svg),
            PlotTarget::File(p) => ImageFormat::from_path(p),
        }
    }

    /// The destination of a second picture: `out.svg` → `out-<suffix>.svg`; memory stays
    /// memory.
    pub fn sibling(&self, suffix: &str) -> PlotTarget {
        match self {
            PlotTarget::InMemory => PlotTarget::InMemory,
            PlotTarget::File(path) => {
                let stem = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "plot".to_string());
                let ext = self.format().map_or("svg", ImageFormat::extension);
                PlotTarget::File(path.with_file_name(format!("{stem}-{suffix}.{ext}")))
            }
        }
    }
}

/// One run to draw: a method with the settings given (unset ones get the start's defaults,
/// [`Method::with_start_defaults`]) and its own iteration limit, when given.
#[derive(Clone, Debug, PartialEq)]
pub struct PlotMethod {
    /// The method and the settings given.
    pub method: Method,
    /// This run's iteration limit (default: [`PlotRequest::iters`]).
    pub iters: Option<usize>,
}

impl PlotMethod {
    /// A run of `method` with the request's iteration limit.
    pub fn new(method: Method) -> PlotMethod {
        PlotMethod {
            method,
            iters: None,
        }
    }
}

/// Everything a plot is asked for. [`PlotRequest::default`] is the command line's defaults:
/// a 900x600 SVG in memory, 30 log-spaced levels, 10,000 iterations per run, stall 1,000.
///
/// ```
/// use nabla::answer::{PlotKind, PlotRequest};
/// let req = PlotRequest { kind: Some(PlotKind::Surface), ..PlotRequest::default() };
/// assert!(req.check(&["x", "y"]).is_ok());
/// let err = req.check(&["t"]).unwrap_err();
/// assert!(err.to_string().starts_with("a surface needs a function of two variables"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct PlotRequest {
    /// The picture; `None`: the curve for one variable, the contour map for two.
    pub kind: Option<PlotKind>,
    /// Picture size in pixels (64 to 8192 per side, at most 50 megapixels).
    pub size: (u32, u32),
    /// The range shown, one `(lo, hi)` per variable; `None`: around the start, the runs' ends
    /// and the star (-5..5 when there is none).
    pub range: Option<Vec<(f64, f64)>>,
    /// Grid points per axis ([`PlotKind::default_grid`] when `None`).
    pub grid: Option<usize>,
    /// Contour levels (2 to [`MAX_LEVELS`]).
    pub levels: usize,
    /// Contour lines on white instead of filled bands.
    pub lines: bool,
    /// Level and colour spacing.
    pub scale: LevelScale,
    /// Descent arrows over the contour map.
    pub quiver: bool,
    /// Where the runs start; `None`: no runs.
    pub start: Option<Vec<f64>>,
    /// The runs from `start`; empty: `gd` alone.
    pub methods: Vec<PlotMethod>,
    /// Step size of every run that gives none (default: per method).
    pub lr: Option<f64>,
    /// Iteration limit of every run that gives none (at most [`MAX_ITERS`]).
    pub iters: usize,
    /// Stop a run when its value has not decreased for this many iterations (0: never).
    pub stall: usize,
    /// The point marked with the star; `None`: the polished best end, when a local minimum.
    pub star: Option<Vec<f64>>,
    /// Find the local minima inside the box and mark each (contour maps).
    pub minima: bool,
    /// Also draw each run's value against its iteration.
    pub loss: bool,
    /// The loss chart's iteration axis on a log scale (iteration 0, the start, is left out and
    /// named in the note: a log axis cannot show it).
    pub log_x: bool,
    /// Title above the picture; `None`: `f = <formula>`, shortened with `…` when it is too long.
    pub title: Option<String>,
    /// The formula as the user typed it, for that title (`(1/16)*x^2`, not `0.0625*x^2`);
    /// `None`: the formula written back from its parse.
    pub formula_text: Option<String>,
    /// Variables held at values (the picture is a slice), by name, in the order given: the
    /// default title names them after the formula (`f = x*y*z, z = 3`).
    pub held: Vec<(String, f64)>,
    /// Where the pictures go (the loss chart beside the picture: `<stem>-loss.<ext>`).
    pub output: PlotTarget,
    /// One panel per run, side by side in one picture (at most [`MAX_PANELS`]), each titled
    /// with the run's settings; `size` is each panel's.
    pub panels: bool,
    /// Where the surface is seen from (`None`: [`SurfaceView::default`]).
    pub view: Option<SurfaceView>,
}

impl Default for PlotRequest {
    fn default() -> Self {
        PlotRequest {
            kind: None,
            size: DEFAULT_SIZE,
            range: None,
            grid: None,
            levels: 30,
            lines: false,
            scale: LevelScale::Log,
            quiver: false,
            start: None,
            methods: Vec::new(),
            lr: None,
            iters: 10_000,
            stall: 1000,
            star: None,
            minima: false,
            loss: false,
            log_x: false,
            title: None,
            formula_text: None,
            held: Vec::new(),
            output: PlotTarget::InMemory,
            panels: false,
            view: None,
        }
    }
}

impl PlotRequest {
    /// The picture drawn for a function of `dim` variables: the kind asked, else
    /// [`PlotKind::for_vars`].
    pub fn kind_for(&self, dim: usize) -> Option<PlotKind> {
        self.kind.or(PlotKind::for_vars(dim))
    }

    /// The checks that need only the variables and the kind of picture, in the order a front
    /// end reports them: the variable count, the kind against it, the arrows, the minima, the
    /// grid and the level count.
    pub fn check_shape(&self, names: &[&str]) -> Result<PlotKind, PlotRequestError> {
        let dim = names.len();
        if dim == 0 {
            return Err(PlotRequestError::NoVariables);
        }
        if dim > 2 {
            return Err(PlotRequestError::TooManyVariables {
                names: names.iter().map(|n| n.to_string()).collect(),
            });
        }
        let kind = self.kind_for(dim).unwrap_or(PlotKind::Map);
        if kind.vars() != dim {
            return Err(PlotRequestError::KindNeedsVariables { kind, dim });
        }
        if self.quiver && kind != PlotKind::Map {
            return Err(PlotRequestError::QuiverNeedsMap { kind });
        }
        if self.minima && kind != PlotKind::Map {
            return Err(PlotRequestError::MinimaNeedMap { kind });
        }
        if let Some(n) = self.grid {
            if !(2..=kind.max_grid()).contains(&n) {
                return Err(PlotRequestError::Grid { n, kind });
            }
        }
        if !(2..=MAX_LEVELS).contains(&self.levels) {
            return Err(PlotRequestError::Levels { n: self.levels });
        }
        Ok(kind)
    }

    /// Every check of the request against the function's variables `names`, before any work:
    /// [`PlotRequest::check_shape`], then the size, the output's extension, the ranges, the
    /// star, the start, the runs' iteration limits and how the options fit together. Returns
    /// the kind of picture to draw.
    pub fn check(&self, names: &[&str]) -> Result<PlotKind, PlotRequestError> {
        let kind = self.check_shape(names)?;
        self.output.format().map_err(PlotRequestError::Draw)?;
        check_size(self.size).map_err(PlotRequestError::Draw)?;
        if let Some(range) = &self.range {
            if range.len() != names.len() {
                return Err(PlotRequestError::Length {
                    what: "range",
                    found: range.len(),
                    names: names.iter().map(|n| n.to_string()).collect(),
                });
            }
            for (name, (lo, hi)) in names.iter().zip(range) {
                Interval::new(*lo, *hi).map_err(|source| PlotRequestError::Range {
                    axis: name.to_string(),
                    source,
                })?;
            }
        }
        for (what, point) in [("star", &self.star), ("start", &self.start)] {
            if let Some(p) = point {
                if p.len() != names.len() {
                    return Err(PlotRequestError::Length {
                        what,
                        found: p.len(),
                        names: names.iter().map(|n| n.to_string()).collect(),
                    });
                }
                if let Some(&v) = p.iter().find(|v| !v.is_finite()) {
                    return Err(PlotRequestError::NotFinitePoint { what, value: v });
                }
            }
        }
        if self.start.is_none() {
            if !self.methods.is_empty() {
                return Err(PlotRequestError::NeedsStart { what: "the runs" });
            }
            if self.loss {
                return Err(PlotRequestError::NeedsStart {
                    what: "the loss chart",
                });
            }
        }
        if self.minima && self.star.is_some() {
            return Err(PlotRequestError::MinimaWithStar);
        }
        if self.view.is_some() && kind != PlotKind::Surface {
            return Err(PlotRequestError::ViewNeedsSurface);
        }
        if self.panels {
            if self.start.is_none() {
                return Err(PlotRequestError::PanelsNeedRuns);
            }
            let count = self.methods.len().max(1);
            if count > MAX_PANELS {
                return Err(PlotRequestError::Draw(PlotError::TooManyPanels {
                    count,
                    max: MAX_PANELS,
                }));
            }
        }
        let limits = std::iter::once(self.iters).chain(self.methods.iter().filter_map(|m| m.iters));
        for n in limits {
            if n as u64 > MAX_ITERS {
                return Err(PlotRequestError::Iterations { n });
            }
        }
        Ok(kind)
    }
}

/// Why a plot was not drawn: a request that does not fit the function, a start where it is not
/// finite, a run that could not start, or a picture that could not be drawn.
///
/// ```
/// use nabla::answer::{Exit, PlotRequestError};
/// let e = PlotRequestError::Levels { n: 1 };
/// assert_eq!(e.exit(), Exit::Usage);
/// assert!(e.to_string().contains("2 to 200 levels"));
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum PlotRequestError {
    /// The formula has no variables.
    NoVariables,
    /// The formula has more than two variables.
    TooManyVariables {
        /// Its variables.
        names: Vec<String>,
    },
    /// The kind asked needs another number of variables.
    KindNeedsVariables {
        /// The kind asked.
        kind: PlotKind,
        /// The function's variable count.
        dim: usize,
    },
    /// Descent arrows are drawn on a contour map only.
    QuiverNeedsMap {
        /// The kind drawn.
        kind: PlotKind,
    },
    /// The local minima are marked on a contour map only.
    MinimaNeedMap {
        /// The kind drawn.
        kind: PlotKind,
    },
    /// A grid count out of range.
    Grid {
        /// The count asked.
        n: usize,
        /// The kind drawn (which sets the maximum).
        kind: PlotKind,
    },
    /// A level count out of range.
    Levels {
        /// The count asked.
        n: usize,
    },
    /// A range that a picture cannot show.
    Range {
        /// The variable.
        axis: String,
        /// What is wrong with it.
        source: PlotError,
    },
    /// A point or range list of the wrong length.
    Length {
        /// `range`, `star` or `start`.
        what: &'static str,
        /// The length given.
        found: usize,
        /// The function's variables.
        names: Vec<String>,
    },
    /// A star or start with a coordinate that is not finite.
    NotFinitePoint {
        /// `star` or `start`.
        what: &'static str,
        /// The coordinate.
        value: f64,
    },
    /// Runs or a loss chart without a start.
    NeedsStart {
        /// What needs it.
        what: &'static str,
    },
    /// A star given and the local minima asked for: one star or the other.
    MinimaWithStar,
    /// An iteration limit beyond [`MAX_ITERS`].
    Iterations {
        /// The limit asked.
        n: usize,
    },
    /// The function or its gradient is not finite at the start.
    StartNotFinite {
        /// `value` or `gradient`.
        what: &'static str,
        /// The number found there.
        value: f64,
        /// The function's variables.
        names: Vec<String>,
        /// The start.
        start: Vec<f64>,
    },
    /// A method that cannot run with its settings, or a run that could not start.
    Optim(OptimError),
    /// A picture that could not be drawn or written.
    Draw(PlotError),
    /// Panels asked without runs to show.
    PanelsNeedRuns,
    /// A view angle asked for a picture that is not the surface.
    ViewNeedsSurface,
    /// Several formulas over different variables.
    FormulasMixed {
        /// Each formula's variables, as `x (formula 1)`.
        list: Vec<String>,
    },
    /// Several formulas, one of them of two variables.
    FormulasTwoD {
        /// Which formula (from 1).
        index: usize,
        /// Its variables.
        names: Vec<String>,
    },
    /// The derivative asked beside a function of several variables.
    DerivativeTwoD {
        /// Its variables.
        names: Vec<String>,
    },
    /// A formula of the chart that could not be printed, read back or compiled.
    Formula(crate::Error),
    /// Several formulas with something that belongs to one formula's picture.
    FormulasOption {
        /// What was asked: `runs`, `a surface`, `the local minima`, `arrows`, `panels`, `a star`, `a view`.
        what: &'static str,
    },
}

impl PlotRequestError {
    /// The exit class: a picture the back end failed to draw is exit 1 ([`PlotError::exit`]);
    /// everything else is about the input, exit 2.
    pub fn exit(&self) -> Exit {
        match self {
            PlotRequestError::Draw(e) | PlotRequestError::Range { source: e, .. } => e.exit(),
            _ => Exit::Usage,
        }
    }
}

impl fmt::Display for PlotRequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::tr;
        use PlotRequestError as E;
        let text = match self {
            E::NoVariables => tr!("plot-req-no-variables"),
            E::TooManyVariables { names } => tr!(
                "plot-req-too-many-variables",
                count = names.len(),
                names = names.join(", ")
            ),
            E::KindNeedsVariables { kind, .. } => match kind {
                PlotKind::Curve => tr!("plot-req-curve-needs-one"),
                PlotKind::Surface => tr!("plot-req-surface-needs-two"),
                PlotKind::Map => tr!("plot-req-map-needs-two"),
            },
            E::QuiverNeedsMap { .. } => tr!("plot-req-quiver-needs-map"),
            E::MinimaNeedMap { .. } => tr!("plot-req-minima-need-map"),
            E::Grid { n, kind } => tr!(
                "plot-req-grid",
                n = *n,
                max = kind.max_grid(),
                kind = grid_kind(*kind),
                example = kind.default_grid().min(200)
            ),
            E::Levels { n } => tr!("plot-req-levels", n = *n, max = MAX_LEVELS),
            E::Range { axis, source } => {
                tr!("plot-req-range", axis = axis, reason = source.to_string())
            }
            E::Length { what, found, names } => tr!(
                "plot-req-length",
                what = *what,
                found = *found,
                count = names.len(),
                names = names.join(", ")
            ),
            E::NotFinitePoint { what, value } => tr!(
                "plot-req-not-finite-point",
                what = *what,
                value = value.to_string()
            ),
            E::NeedsStart { what } => tr!(
                "plot-req-needs-start",
                what = if *what == "the runs" { "runs" } else { "loss" }
            ),
            E::MinimaWithStar => tr!("plot-req-minima-with-star"),
            E::Iterations { n } => tr!("plot-req-iterations", n = *n, max = MAX_ITERS),
            E::StartNotFinite {
                what,
                value,
                names,
                start,
            } => {
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                tr!(
                    "plot-req-start-not-finite",
                    sentence = not_finite_sentence(what, *value, &names, start)
                )
            }
            E::Optim(e) => e.to_string(),
            E::Draw(e) => e.to_string(),
            E::Formula(e) => e.to_string(),
            E::PanelsNeedRuns => tr!("plot-req-panels-need-runs"),
            E::ViewNeedsSurface => tr!("plot-req-view-needs-surface"),
            E::FormulasMixed { list } => tr!("plot-req-formulas-mixed", list = list.join(", ")),
            E::FormulasTwoD { index, names } => tr!(
                "plot-req-formulas-two-d",
                index = *index,
                count = names.len(),
                names = names.join(", ")
            ),
            E::DerivativeTwoD { names } => tr!(
                "plot-req-derivative-two-d",
                count = names.len(),
                names = names.join(", ")
            ),
            E::FormulasOption { .. } => tr!("plot-req-formulas-option"),
        };
        f.write_str(&text)
    }
}

/// What a grid's limit is for, as [`PlotRequestError::Grid`]'s message selects it: `surface` or
/// `other` (a curve or a contour map).
fn grid_kind(kind: PlotKind) -> &'static str {
    match kind {
        PlotKind::Surface => "surface",
        _ => "other",
    }
}

impl std::error::Error for PlotRequestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PlotRequestError::Optim(e) => Some(e),
            PlotRequestError::Formula(e) => Some(e),
            PlotRequestError::Draw(e) | PlotRequestError::Range { source: e, .. } => Some(e),
            _ => None,
        }
    }
}

impl From<OptimError> for PlotRequestError {
    fn from(e: OptimError) -> Self {
        PlotRequestError::Optim(e)
    }
}

impl From<PlotError> for PlotRequestError {
    fn from(e: PlotError) -> Self {
        PlotRequestError::Draw(e)
    }
}
