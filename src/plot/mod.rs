//! Pictures of functions and optimizer runs: contour maps with paths, 1-D curves, 3-D surfaces,
//! loss charts and step-size sweep charts, written as SVG or PNG files with `plotters`.
//!
//! The module does not know the formula engine. A function arrives as a [`BatchEval`] closure that
//! evaluates many points in one call (the compiled tape's batch entry point fits it directly), and
//! optimizer runs arrive as plain data ([`PathSeries`], [`SweepSeries`]). Invariants:
//!
//! - **Batch calls, never point by point.** Every sampled grid (contour map, surface, curve plus
//!   its path points) is evaluated with one call to the batch closure; a contour grid of more
//!   than 2^20 points is evaluated in 32 calls, one per block of rows in order, so that progress
//!   can be reported between them.
//! - **Non-finite values never fail a plot.** Grid points where the function is NaN or infinite are
//!   left blank, counted in [`PlotSummary::non_finite`], and [`PlotSummary::note`] says so once.
//!   Non-finite path points break the drawn line instead of ending the plot.
//! - **Thinning is for drawing only.** Long paths are thinned to at most `max_drawn_points` drawn
//!   points (first and last always kept); the data passed in is never changed. The charts (loss,
//!   sweep, residuals, the curve's own line) thin by pixel column instead, keeping each column's
//!   first, lowest, highest and last point, so every extreme stays drawn.
//! - **Every mark corresponds to data.** Chart lines are clipped to the visible box in data space
//!   before any pixel is computed, and drawn so that no wide-line joint reaches beyond its data;
//!   a log axis shows only positive finite values, and what it leaves out is counted in the
//!   summary and said in its note.
//! - **Stable colours.** Series `i` is always drawn in `PALETTE[i % PALETTE.len()]`, so the same
//!   method keeps its colour between pictures given in the same order.
//! - **Bounded work.** Pictures are at most [`MAX_SIDE`] pixels per side and [`MAX_PIXELS`] in all;
//!   contour grids and curves at most [`MAX_GRID`] samples per axis, surfaces [`MAX_SURFACE_GRID`]
//!   (each beyond is [`PlotError::BadSize`] or [`PlotError::BadGrid`]). A range must be finite,
//!   with a width that does not overflow and at least [`MIN_RELATIVE_SPAN`] times its larger end
//!   ([`PlotError::RangeTooWide`], [`PlotError::RangeTooNarrow`]); grid coordinates are
//!   interpolated without overflow ([`Interval::lerp`]); grid values beyond `±`[`VALUE_LIMIT`]
//!   are drawn at the limit and counted; paths are clipped to the box before anything is
//!   measured in pixels, and every per-pixel loop is bounded by the visible length.
//! - **No lost file.** Every picture is drawn into a hidden temporary file in the destination's
//!   folder and renamed over the destination only once complete; on an error or a panic the
//!   temporary is removed, and a killed run leaves the old picture untouched (and at most a
//!   stray `.name.<pid>.tmp.<ext>`).
//! - **In memory on request.** The destination [`IN_MEMORY`] (`-`) writes no file: the SVG
//!   picture is returned in [`PlotSummary::svg`]. Curves and contour maps also report their
//!   [`Frame`], the pixel rectangle of the plotting area and the ranges it shows, so that a click
//!   on the picture maps back to a point.
//! - **No system libraries.** Text uses the DejaVu Sans bytes from the `dejavu` crate, registered
//!   once with `plotters::style::register_font` (through `ab_glyph`) before anything is drawn, so
//!   neither fontconfig nor freetype is needed; SVG output keeps text as `<text>` elements.
//!
//! Design note: filled contours are drawn by painting the exterior rings of all isoband polygons
//! (from the `contour` crate's marching squares) in order of decreasing area. A hole of one band
//! is always filled by smaller polygons of other bands, so painting largest-first gives the right
//! picture without a polygon-with-holes primitive, which plotters does not have; non-finite
//! regions are painted back to the background the same way.

mod bands;
mod chart;
mod columns;
mod error;
mod isobands;
mod map;
mod marks;
mod multi;
mod output;
mod panels;
mod raster_text;
mod style;
mod surface;
mod ticks;

use std::fmt;
use std::path::Path;

use crate::tr;

pub use chart::{curve, loss_chart, residual_chart, sweep_chart};
pub use error::PlotError;
pub use map::contour_map;
pub use multi::{curves, MAX_CURVES};
#[cfg(unix)]
pub use output::remove_unfinished_output;
pub(crate) use output::{check_grid, render, target_format, Figure};
pub use output::{check_size, Frame, IN_MEMORY};
pub use panels::{panel_layout, panels, DrawPanel, MAX_PANELS, MAX_PANEL_COLUMNS};
pub(crate) use style::{ensure_font, font_for};
pub use style::{DASHES, PALETTE};
pub use surface::{surface, surface_with_paths, SurfaceView, AZIMUTH_RANGE, ELEVATION_RANGE};

/// Evaluates a function at many points at once.
///
/// `points` is row-major, `npoints x dim` values; the closure writes one value per point to `out`
/// (`out.len() == npoints`). For a gradient closure `out` is `npoints x dim`, row-major.
///
/// ```
/// use nabla::plot::BatchEval;
/// let mut f = |p: &[f64], out: &mut [f64]| {
///     for (o, xy) in out.iter_mut().zip(p.chunks_exact(2)) {
///         *o = xy[0] * xy[0] + xy[1] * xy[1];
///     }
/// };
/// let eval: &mut BatchEval = &mut f;
/// let mut out = [0.0; 2];
/// eval(&[1.0, 2.0, 3.0, 4.0], &mut out);
/// assert_eq!(out, [5.0, 25.0]);
/// ```
pub type BatchEval<'a> = dyn FnMut(&[f64], &mut [f64]) + 'a;

/// One optimizer run as plain data: the points it visited, in order.
///
/// `values[k]` is `f(points[k])` and `iters[k]` the iteration number of `points[k]`; both may be
/// left empty (a loss chart then has nothing to show for this series, a curve evaluates the
/// points itself, and iteration numbers default to `0, 1, 2, ...`).
///
/// A minimizer's recorded [`Path`](crate::optim::Path) turned into a series to draw:
///
/// ```
/// use nabla::optim::{minimize, FnObjective, Method, StopRule};
/// use nabla::plot::PathSeries;
/// // gd with lr 0.25 on f = x^2 halves x in each step: x_k = 2^-k. Six steps, every second recorded.
/// let mut f = FnObjective::new(1, |x: &[f64]| x[0] * x[0], |x: &[f64], g: &mut [f64]| {
///     g[0] = 2.0 * x[0];
///     x[0] * x[0]
/// });
/// let stop = StopRule::book(6, 0.0).record_every(2);
/// let r = minimize(&mut f, &[1.0], &Method::parse("gd").unwrap().lr(0.25), &stop).unwrap();
/// let path = &r.path;
/// let run = PathSeries::new(r.method, path.points.chunks(path.dim).map(<[f64]>::to_vec).collect())
///     .with_values(path.values.clone())
///     .with_iters(path.iters.clone());
/// assert_eq!(run.points, [[1.0], [0.25], [0.0625], [0.015625]]);
/// assert_eq!(run.values, [1.0, 1.0 / 16.0, 1.0 / 256.0, 1.0 / 4096.0]);
/// // Point 3 is step 6; without `with_iters` a chart would label it 3.
/// assert_eq!(run.iteration(3), 6);
/// assert_eq!(PathSeries::new("gd", run.points.clone()).iteration(3), 3);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PathSeries {
    /// Legend label, e.g. the method's name.
    pub name: String,
    /// Visited points, each of the function's dimension (1 for a curve, 2 for a map).
    pub points: Vec<Vec<f64>>,
    /// `f` at each recorded point (for loss charts); empty when unknown.
    pub values: Vec<f64>,
    /// Iteration number of each recorded point; empty means `0, 1, 2, ...`.
    pub iters: Vec<usize>,
}

impl PathSeries {
    /// A path with the given points, no values, and iteration numbers `0, 1, 2, ...`.
    pub fn new(name: impl Into<String>, points: Vec<Vec<f64>>) -> Self {
        PathSeries {
            name: name.into(),
            points,
            values: Vec::new(),
            iters: Vec::new(),
        }
    }

    /// Sets `f` at each point (same length as `points`).
    pub fn with_values(mut self, values: Vec<f64>) -> Self {
        self.values = values;
        self
    }

    /// Sets the iteration number of each point (same length as `points`).
    pub fn with_iters(mut self, iters: Vec<usize>) -> Self {
        self.iters = iters;
        self
    }

    /// The iteration number of recorded point `k` (`k` itself when `iters` is empty or short).
    pub fn iteration(&self, k: usize) -> usize {
        self.iters.get(k).copied().unwrap_or(k)
    }
}

/// One curve of a gradient-check step-size sweep: the error of a difference formula at each step.
///
/// ```
/// let s = nabla::plot::SweepSeries::new("central", vec![1e-2, 1e-4], vec![1e-5, 1e-9]);
/// assert_eq!(s.best(), Some((1e-4, 1e-9)));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SweepSeries {
    /// Legend label, e.g. `forward difference`.
    pub name: String,
    /// Step sizes `h` (positive).
    pub steps: Vec<f64>,
    /// Error at each step (non-negative; zeros are drawn at the chart's floor).
    pub errors: Vec<f64>,
}

impl SweepSeries {
    /// A named series of `(step, error)` pairs.
    pub fn new(name: impl Into<String>, steps: Vec<f64>, errors: Vec<f64>) -> Self {
        SweepSeries {
            name: name.into(),
            steps,
            errors,
        }
    }

    /// The step with the smallest finite error, as `(step, error)`; `None` when there is none.
    ///
    /// ```
    /// let s = nabla::plot::SweepSeries::new("f", vec![1.0, 0.1], vec![f64::NAN, 3.0]);
    /// assert_eq!(s.best(), Some((0.1, 3.0)));
    /// ```
    pub fn best(&self) -> Option<(f64, f64)> {
        self.steps
            .iter()
            .zip(&self.errors)
            .filter(|(h, e)| h.is_finite() && **h > 0.0 && e.is_finite())
            .min_by(|a, b| a.1.total_cmp(b.1))
            .map(|(h, e)| (*h, *e))
    }
}

/// Output file format, chosen by the file's extension.
///
/// ```
/// use nabla::plot::ImageFormat;
/// use std::path::Path;
/// assert_eq!(ImageFormat::from_path(Path::new("a.PNG")).unwrap(), ImageFormat::Png);
/// assert!(ImageFormat::from_path(Path::new("a.jpg")).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImageFormat {
    /// Scalable vector graphics (`.svg`), the default; text stays text.
    Svg,
    /// Portable network graphics (`.png`).
    Png,
}

impl ImageFormat {
    /// The format for `path`'s extension (`.svg` or `.png`, any case); anything else, including
    /// no extension, is [`PlotError::UnsupportedExtension`].
    ///
    /// ```
    /// # use nabla::plot::ImageFormat;
    /// assert_eq!(ImageFormat::from_path("out.svg".as_ref()).unwrap(), ImageFormat::Svg);
    /// ```
    pub fn from_path(path: &Path) -> Result<Self, PlotError> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "svg" => Ok(ImageFormat::Svg),
            "png" => Ok(ImageFormat::Png),
            _ => Err(PlotError::UnsupportedExtension {
                path: path.to_path_buf(),
                extension: ext,
            }),
        }
    }

    /// The file extension without the dot.
    ///
    /// ```
    /// assert_eq!(nabla::plot::ImageFormat::Png.extension(), "png");
    /// ```
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Svg => "svg",
            ImageFormat::Png => "png",
        }
    }
}

impl fmt::Display for ImageFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

/// A closed interval `lo..=hi` of one axis, with `lo < hi`, both finite.
///
/// ```
/// use nabla::plot::Interval;
/// let i = Interval::new(-1.0, 1.0).unwrap();
/// assert_eq!(i.span(), 2.0);
/// assert!(Interval::new(1.0, 1.0).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// Lower end.
    pub lo: f64,
    /// Upper end.
    pub hi: f64,
}

impl Interval {
    /// Checks `lo < hi` and that both are finite ([`PlotError::EmptyRange`] otherwise).
    ///
    /// ```
    /// assert!(nabla::plot::Interval::new(0.0, f64::INFINITY).is_err());
    /// ```
    pub fn new(lo: f64, hi: f64) -> Result<Self, PlotError> {
        if !(lo.is_finite() && hi.is_finite() && lo < hi) {
            return Err(PlotError::EmptyRange { axis: "", lo, hi });
        }
        if !(hi - lo).is_finite() {
            return Err(PlotError::RangeTooWide { axis: "", lo, hi });
        }
        if hi - lo < MIN_RELATIVE_SPAN * lo.abs().max(hi.abs()) {
            return Err(PlotError::RangeTooNarrow { axis: "", lo, hi });
        }
        Ok(Interval { lo, hi })
    }

    /// The point a fraction `t` in `[0, 1]` of the way from `lo` to `hi`, computed so that it never
    /// overflows (`lo + t * (hi - lo)` would for `-1e308..1e308`-like ends) and hits both ends
    /// exactly.
    ///
    /// ```
    /// let i = nabla::plot::Interval { lo: 0.0, hi: 1e308 };
    /// assert_eq!(i.lerp(1.0), 1e308);
    /// assert!(i.lerp(0.5).is_finite());
    /// ```
    pub fn lerp(&self, t: f64) -> f64 {
        if t <= 0.0 {
            self.lo
        } else if t >= 1.0 {
            self.hi
        } else {
            self.lo * (1.0 - t) + self.hi * t
        }
    }

    /// `hi - lo`.
    ///
    /// ```
    /// assert_eq!(nabla::plot::Interval { lo: 1.0, hi: 4.0 }.span(), 3.0);
    /// ```
    pub fn span(&self) -> f64 {
        self.hi - self.lo
    }

    /// A range that comfortably holds the finite `values`: their hull widened by 25% on each side,
    /// at least `min_span` wide, centred on a lone value; `[-1, 1]` when no value is finite.
    ///
    /// ```
    /// let i = nabla::plot::Interval::around([1.0, 3.0], 0.0);
    /// assert_eq!((i.lo, i.hi), (0.5, 3.5));
    /// let j = nabla::plot::Interval::around([2.0], 1.0);
    /// assert!(j.lo < 2.0 && 2.0 < j.hi);
    /// ```
    ///
    /// The result is always a valid interval (finite ends, a finite span at most twice
    /// [`VALUE_LIMIT`]), however large the values:
    ///
    /// ```
    /// let i = nabla::plot::Interval::around([-1.7e308, 1.7e308], 0.0);
    /// assert!(i.span().is_finite() && i.lo < i.hi);
    /// ```
    pub fn around(values: impl IntoIterator<Item = f64>, min_span: f64) -> Self {
        let (lo, hi) = finite_hull(values);
        if lo > hi {
            return Interval { lo: -1.0, hi: 1.0 };
        }
        // Halves first, so that `lo + hi` and `hi - lo` never overflow; the half-width is capped
        // at VALUE_LIMIT so that the width stays finite (values beyond then lie outside the view).
        let mid = 0.5 * lo + 0.5 * hi;
        let scale = mid.abs().max(1.0);
        let half_span = (0.5 * hi - 0.5 * lo)
            .max(0.5 * min_span)
            .max(0.5 * scale * 1e-6);
        let half = (half_span * 1.5).min(VALUE_LIMIT);
        Interval {
            lo: (mid - half).max(-f64::MAX),
            hi: (mid + half).min(f64::MAX),
        }
    }

    /// Whether `lo <= v <= hi`.
    ///
    /// ```
    /// let i = nabla::plot::Interval { lo: 0.0, hi: 1.0 };
    /// assert!(i.contains(1.0) && !i.contains(f64::NAN));
    /// ```
    pub fn contains(&self, v: f64) -> bool {
        v >= self.lo && v <= self.hi
    }
}

/// The rectangle `x × y` a 2-D picture shows (the CLI's `--box`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlotBox {
    /// Range of the first variable (horizontal axis).
    pub x: Interval,
    /// Range of the second variable (vertical axis).
    pub y: Interval,
}

impl PlotBox {
    /// A box from `(lo, hi)` pairs; an empty or non-finite range is [`PlotError::EmptyRange`].
    ///
    /// ```
    /// assert!(nabla::plot::PlotBox::new((0.0, 1.0), (2.0, 2.0)).is_err());
    /// ```
    pub fn new(x: (f64, f64), y: (f64, f64)) -> Result<Self, PlotError> {
        let x = Interval::new(x.0, x.1).map_err(|e| e.on_axis("x"))?;
        let y = Interval::new(y.0, y.1).map_err(|e| e.on_axis("y"))?;
        Ok(PlotBox { x, y })
    }

    /// A sensible default box around the given points (typically the start, the end of each path
    /// and the minimum): each axis at least half as wide as the wider one, widened by 25% on each
    /// side. Non-finite points are ignored; with none left the box is `[-1, 1]²`.
    ///
    /// ```
    /// let b = nabla::plot::PlotBox::around([[3.0, 4.0], [3.0, 0.5]]);
    /// assert!(b.x.contains(3.0) && b.y.contains(0.5) && b.y.contains(4.0));
    /// assert!(b.x.span() > 1.0);
    /// ```
    pub fn around(points: impl IntoIterator<Item = [f64; 2]>) -> Self {
        let pts: Vec<[f64; 2]> = points
            .into_iter()
            .filter(|p| p[0].is_finite() && p[1].is_finite())
            .collect();
        let (xl, xh) = finite_hull(pts.iter().map(|p| p[0]));
        let (yl, yh) = finite_hull(pts.iter().map(|p| p[1]));
        let wide = if pts.is_empty() {
            2.0
        } else {
            (xh - xl).max(yh - yl).max(1e-9)
        };
        PlotBox {
            x: Interval::around(pts.iter().map(|p| p[0]), 0.5 * wide),
            y: Interval::around(pts.iter().map(|p| p[1]), 0.5 * wide),
        }
    }

    /// Whether the point `(x, y)` is inside the box (edges included).
    ///
    /// ```
    /// let b = nabla::plot::PlotBox::new((0.0, 1.0), (0.0, 1.0)).unwrap();
    /// assert!(b.contains((1.0, 0.5)) && !b.contains((2.0, 0.5)));
    /// ```
    pub fn contains(&self, p: (f64, f64)) -> bool {
        self.x.contains(p.0) && self.y.contains(p.1)
    }
}

/// Grid values (contour maps, surfaces) beyond `±VALUE_LIMIT` are coloured and drawn at the limit
/// and counted in [`PlotSummary::saturated`]; an automatic range is at most `2 * VALUE_LIMIT`
/// wide. Both keep every axis width and level spacing finite.
pub const VALUE_LIMIT: f64 = 1e307;

/// The narrowest range a picture accepts, relative to its larger end: `1e-12` leaves about 4000
/// distinct double-precision numbers between the ends, one for every sample of the finest grid.
pub const MIN_RELATIVE_SPAN: f64 = 1e-12;

/// Fewest pixels per side of a picture.
pub const MIN_SIDE: u32 = 64;
/// Most pixels per side of a picture.
pub const MAX_SIDE: u32 = 8192;
/// Most pixels in a picture (width times height): 50 megapixels, 150 MB as a PNG's RGB buffer.
pub const MAX_PIXELS: u64 = 50_000_000;
/// Most samples per axis of a contour map's grid and of a curve (a 4096 x 4096 grid is 16.8
/// million function values, about 0.5 GB with its coordinates).
pub const MAX_GRID: usize = 4096;
/// Most samples per axis of a surface's grid: each cell is a polygon in the picture, so a
/// 400 x 400 grid is already 160,000 polygons (about 40 MB of SVG).
pub const MAX_SURFACE_GRID: usize = 400;
/// Most contour levels of a contour map (at least 2).
pub const MAX_LEVELS: usize = 200;

fn finite_hull(values: impl IntoIterator<Item = f64>) -> (f64, f64) {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        })
}

/// How contour levels and surface colours are spaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LevelScale {
    /// Levels evenly spaced in `log(f + s)`, the book's log colour norm; `s` is 0 when the
    /// smallest finite value is positive, else it lifts that value to a millionth of the range.
    #[default]
    Log,
    /// Levels evenly spaced in `f`.
    Linear,
}

/// Filled bands or contour lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ContourStyle {
    /// Filled isobands in light colours, so paths drawn on top stand out.
    #[default]
    Filled,
    /// Coloured contour lines on white, like the book's figures 2-9 to 2-15.
    Lines,
}

/// Default picture size in pixels.
pub const DEFAULT_SIZE: (u32, u32) = (900, 600);
/// Default cap on drawn points per path (thinning is for drawing only).
pub const DEFAULT_MAX_DRAWN_POINTS: usize = 2000;

/// Options of [`contour_map`].
#[derive(Debug, Clone, PartialEq)]
pub struct ContourOptions {
    /// Picture size in pixels (default 900x600).
    pub size: (u32, u32),
    /// Title above the picture; `None` for none.
    pub title: Option<String>,
    /// Names of the two variables, used as axis labels.
    pub var_names: [String; 2],
    /// Box to show; `None` picks [`PlotBox::around`] the path ends and the minimum.
    pub range: Option<PlotBox>,
    /// Grid resolution `(nx, ny)`, at least 2x2 (default 200x200); evaluated in one batch call.
    pub grid: (usize, usize),
    /// Number of contour levels (default 30).
    pub levels: usize,
    /// Level spacing (default log).
    pub scale: LevelScale,
    /// Filled or lined contours.
    pub style: ContourStyle,
    /// Arrows of the gradient field: `(columns, rows)` of the arrow grid, used when a gradient
    /// closure is given (default 25x17).
    pub quiver_grid: (usize, usize),
    /// Known or found minimum, drawn as a red star.
    pub minimum: Option<[f64; 2]>,
    /// Local minima to mark (e.g. found by a multi-start search), each drawn as a smaller red
    /// star; empty by default.
    pub minima: Vec<[f64; 2]>,
    /// At most this many drawn points per path (default 2000; first and last always kept).
    pub max_drawn_points: usize,
}

impl Default for ContourOptions {
    fn default() -> Self {
        ContourOptions {
            size: DEFAULT_SIZE,
            title: None,
            var_names: ["x".to_string(), "y".to_string()],
            range: None,
            grid: (200, 200),
            levels: 30,
            scale: LevelScale::Log,
            style: ContourStyle::Filled,
            quiver_grid: (25, 17),
            minimum: None,
            minima: Vec::new(),
            max_drawn_points: DEFAULT_MAX_DRAWN_POINTS,
        }
    }
}

/// Options of [`surface`].
#[derive(Debug, Clone, PartialEq)]
pub struct SurfaceOptions {
    /// Picture size in pixels (default 900x600).
    pub size: (u32, u32),
    /// Title above the picture.
    pub title: Option<String>,
    /// Names of the two variables (the height axis is labelled `f`).
    pub var_names: [String; 2],
    /// Box to show; `None` picks [`PlotBox::around`] the minimum, or `[-1, 1]²`.
    pub range: Option<PlotBox>,
    /// Grid resolution (default 60x60; one polygon per cell).
    pub grid: (usize, usize),
    /// Colour norm of the surface (default log, as the book).
    pub scale: LevelScale,
    /// Known minimum, drawn as a red star on the surface.
    pub minimum: Option<[f64; 2]>,
    /// Rotation about the vertical axis, radians (default 0.8).
    pub yaw: f64,
    /// Tilt towards the viewer, radians (default 0.45).
    pub pitch: f64,
}

impl Default for SurfaceOptions {
    fn default() -> Self {
        SurfaceOptions {
            size: DEFAULT_SIZE,
            title: None,
            var_names: ["x".to_string(), "y".to_string()],
            range: None,
            grid: (60, 60),
            scale: LevelScale::Log,
            minimum: None,
            yaw: 0.8,
            pitch: 0.45,
        }
    }
}

/// Options of [`curve`].
#[derive(Debug, Clone, PartialEq)]
pub struct CurveOptions {
    /// Picture size in pixels (default 900x600).
    pub size: (u32, u32),
    /// Title above the picture.
    pub title: Option<String>,
    /// Name of the variable (horizontal axis label).
    pub var_name: String,
    /// Horizontal range; `None` picks [`Interval::around`] the path ends and the minimum.
    pub range: Option<Interval>,
    /// Number of curve samples, at least 2 (default 400).
    pub samples: usize,
    /// Known minimum, drawn as a red star on the curve.
    pub minimum: Option<f64>,
    /// At most this many drawn points per path.
    pub max_drawn_points: usize,
}

impl Default for CurveOptions {
    fn default() -> Self {
        CurveOptions {
            size: DEFAULT_SIZE,
            title: None,
            var_name: "x".to_string(),
            range: None,
            samples: 400,
            minimum: None,
            max_drawn_points: DEFAULT_MAX_DRAWN_POINTS,
        }
    }
}

/// Default cap on drawn points per series of a line chart: four per pixel column of the widest
/// picture, so that by default every column keeps its first, lowest, highest and last point.
pub const CHART_MAX_DRAWN_POINTS: usize = 4 * MAX_SIDE as usize;

/// Options of [`loss_chart`] and [`sweep_chart`].
///
/// A log iteration axis ([`ChartOptions::log_x`], loss chart only) cannot show iteration 0, the
/// start: that point is left out, counted in [`PlotSummary::zero_iterations`] and named in the
/// note; the axis begins at the first recorded iteration after it.
///
/// ```
/// use nabla::plot::{loss_chart, ChartOptions, PathSeries, IN_MEMORY};
/// let run = PathSeries::new("gd", vec![vec![0.0]; 4]).with_values(vec![8.0, 4.0, 2.0, 1.0]);
/// let opts = ChartOptions { log_x: true, ..ChartOptions::default() };
/// let s = loss_chart(IN_MEMORY.as_ref(), &[run], &opts)?;
/// assert_eq!(s.zero_iterations, 1);
/// assert!(s.frame.unwrap().x_log);
/// # Ok::<(), nabla::plot::PlotError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ChartOptions {
    /// Picture size in pixels (default 900x600).
    pub size: (u32, u32),
    /// Title above the picture; `None` gives a default title.
    pub title: Option<String>,
    /// At most this many drawn points per series (default [`CHART_MAX_DRAWN_POINTS`]). Series
    /// are thinned by pixel column, keeping each column's first, lowest, highest and last point;
    /// a smaller cap makes the columns wider (several pixels each), never drops an extreme of
    /// one.
    pub max_drawn_points: usize,
    /// A log iteration axis for the loss chart (default `false`); the sweep chart's step axis
    /// is always logarithmic.
    pub log_x: bool,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            size: DEFAULT_SIZE,
            title: None,
            max_drawn_points: CHART_MAX_DRAWN_POINTS,
            log_x: false,
        }
    }
}

/// Options of [`residual_chart`].
#[derive(Debug, Clone, PartialEq)]
pub struct ResidualOptions {
    /// Picture size in pixels (default 900x600).
    pub size: (u32, u32),
    /// Title above the picture; `None` gives `residuals by <x_name>` (in the current language).
    pub title: Option<String>,
    /// The horizontal axis' label (default `row`, in the current language).
    pub x_name: String,
    /// The vertical axis' label (default `residual`, in the current language).
    pub y_name: String,
    /// At most this many dots (default 100,000); more rows are thinned evenly.
    pub max_points: usize,
}

impl Default for ResidualOptions {
    fn default() -> Self {
        ResidualOptions {
            size: DEFAULT_SIZE,
            title: None,
            x_name: tr!("plot-residual-row"),
            y_name: tr!("plot-residual-residual"),
            max_points: 100_000,
        }
    }
}

/// What a plotting call did, for the caller to report.
///
/// ```
/// use nabla::plot::{loss_chart, ChartOptions, PathSeries};
/// // A run whose loss reaches exactly 0: a log axis cannot show 0, so the chart leaves it out
/// // (the line ends before it) and the summary says so.
/// let run = PathSeries::new("gd", vec![vec![1.0], vec![0.5], vec![0.0]]).with_values(vec![1.0, 0.25, 0.0]);
/// let file = std::env::temp_dir().join(format!("nabla-doc-summary-{}.svg", std::process::id()));
/// let summary = loss_chart(&file, &[run], &ChartOptions::default())?;
/// assert_eq!(summary.non_positive, 1);
/// assert!(summary.note().unwrap().starts_with("1 value <= 0 cannot be drawn on a log axis"));
/// std::fs::remove_file(&file).ok();
/// # Ok::<(), nabla::plot::PlotError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct PlotSummary {
    /// The format written (`None` only in a default value).
    pub format: Option<ImageFormat>,
    /// Grid points evaluated through the batch closure.
    pub evaluated: usize,
    /// Grid points where the function was NaN or infinite (left blank).
    pub non_finite: usize,
    /// Grid points whose value was beyond `±`[`VALUE_LIMIT`] and is drawn at that limit.
    pub saturated: usize,
    /// Values drawn at a floor (no picture does so any more: values a log axis cannot show
    /// are left out and counted in [`PlotSummary::non_positive`]); always 0.
    pub clamped: usize,
    /// The floor of [`PlotSummary::clamped`]; always `None`.
    pub floor: Option<f64>,
    /// Chart values `<= 0` (or steps `<= 0`) that a log axis cannot show: left out, the line
    /// breaks there (loss and sweep charts).
    pub non_positive: usize,
    /// Points at iteration 0 left out of a log iteration axis (loss chart with
    /// [`ChartOptions::log_x`]).
    pub zero_iterations: usize,
    /// Path points drawn after thinning, over all paths.
    pub drawn_points: usize,
    /// The box shown (2-D pictures) or the horizontal range and value range (curves).
    pub range: Option<PlotBox>,
    /// The SVG text, when the destination was [`IN_MEMORY`] (then no file is written).
    pub svg: Option<String>,
    /// Where the plotting area lies in the picture (curves and contour maps).
    pub frame: Option<Frame>,
}

impl PlotSummary {
    /// One line for the user when part of the picture is blank or clamped, in the current
    /// language; `None` otherwise.
    pub fn note(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.non_finite > 0 && self.evaluated == 0 {
            // A chart of given values (loss, sweep, residuals): nothing was evaluated on a grid.
            parts.push(tr!("plot-note-chart-non-finite", count = self.non_finite));
        } else if self.non_finite > 0 {
            parts.push(tr!(
                "plot-note-non-finite",
                count = self.non_finite,
                total = self.evaluated
            ));
        }
        if self.non_positive > 0 {
            parts.push(tr!("plot-note-non-positive", count = self.non_positive));
        }
        if self.zero_iterations > 0 {
            parts.push(tr!(
                "plot-note-iteration-zero",
                count = self.zero_iterations
            ));
        }
        if self.saturated > 0 {
            parts.push(tr!(
                "plot-note-saturated",
                count = self.saturated,
                total = self.evaluated,
                limit = style::fmt_num(VALUE_LIMIT)
            ));
        }
        if self.clamped > 0 {
            let floor = self.floor.map(style::fmt_num).unwrap_or_default();
            parts.push(tr!(
                "plot-note-clamped",
                count = self.clamped,
                floor = floor
            ));
        }
        if parts.is_empty() {
            None
        } else {
            Some(parts.join(&tr!("plot-note-separator")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_rules() {
        assert_eq!(
            ImageFormat::from_path(Path::new("x.Svg")).ok(),
            Some(ImageFormat::Svg)
        );
        let e = ImageFormat::from_path(Path::new("noext")).unwrap_err();
        assert!(
            matches!(e, PlotError::UnsupportedExtension { ref extension, .. } if extension.is_empty())
        );
        assert!(e.to_string().starts_with("unsupported"));
    }

    #[test]
    fn around_handles_degenerate_input() {
        let b = PlotBox::around([[3.0, 4.0], [3.0, 0.5], [f64::NAN, 1.0]]);
        assert!(b.contains((3.0, 4.0)) && b.contains((3.0, 0.5)));
        assert!(b.x.span() >= 0.5 * 3.5);
        let e = PlotBox::around(std::iter::empty());
        assert_eq!((e.x.lo, e.x.hi), (-1.0, 1.0));
        let one = PlotBox::around([[1e9, 1e9]]);
        assert!(one.x.lo < one.x.hi && one.contains((1e9, 1e9)));
    }

    #[test]
    fn empty_range_names_axis() {
        let e = PlotBox::new((0.0, 1.0), (2.0, f64::NAN)).unwrap_err();
        assert!(e.to_string().starts_with("empty y range"));
    }

    #[test]
    fn summary_note_mentions_clamp() {
        let s = PlotSummary {
            clamped: 3,
            floor: Some(1e-12),
            ..Default::default()
        };
        assert!(s.note().unwrap().contains("1e-12"));
    }
}
