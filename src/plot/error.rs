//! Why a picture could not be written: [`PlotError`], one variant per way a request or a
//! render fails, each with a lower-case message that says how to fix it (through the message
//! catalogs). Range errors name their axis once it is known ([`PlotError::on_axis`]); numbers in
//! messages are written so that they read back as the same double.

use std::io;
use std::path::PathBuf;

use plotters::prelude::DrawingAreaErrorKind;

use super::{AZIMUTH_RANGE, ELEVATION_RANGE};
use crate::tr;

/// Why a picture could not be written.
///
/// ```
/// let e = nabla::plot::ImageFormat::from_path("a.gif".as_ref()).unwrap_err();
/// assert!(e.to_string().contains(".svg or .png"));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PlotError {
    /// The output name does not end in `.svg` or `.png`.
    #[error("{}", tr!("plot-err-extension", extension = .extension, path = .path.display().to_string()))]
    UnsupportedExtension {
        /// The path given.
        path: PathBuf,
        /// Its extension, lower-cased (empty when it has none).
        extension: String,
    },
    /// The file could not be created or written.
    #[error("{}", tr!("plot-err-write", path = .path.display().to_string(), reason = .source.to_string()))]
    Write {
        /// The path given.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// A range with `lo >= hi` or a non-finite end.
    #[error("{}", tr!("plot-err-empty-range", axis = axis_word(.axis), lo = exact(*.lo), hi = exact(*.hi)))]
    EmptyRange {
        /// Which axis (`x`, `y` or empty when unknown).
        axis: &'static str,
        /// Lower end given.
        lo: f64,
        /// Upper end given.
        hi: f64,
    },
    /// A range whose width overflows a double.
    #[error("{}", tr!("plot-err-range-too-wide", axis = axis_word(.axis), lo = exact(*.lo), hi = exact(*.hi)))]
    RangeTooWide {
        /// Which axis (`x`, `y` or empty when unknown).
        axis: &'static str,
        /// Lower end given.
        lo: f64,
        /// Upper end given.
        hi: f64,
    },
    /// A range too narrow for its magnitude (fewer distinct doubles inside than grid samples).
    #[error("{}", tr!("plot-err-range-too-narrow", axis = axis_word(.axis), lo = exact(*.lo), hi = exact(*.hi)))]
    RangeTooNarrow {
        /// Which axis (`x`, `y` or empty when unknown).
        axis: &'static str,
        /// Lower end given.
        lo: f64,
        /// Upper end given.
        hi: f64,
    },
    /// Picture size out of range.
    #[error("{}", tr!("plot-err-size", width = *.width, height = *.height))]
    BadSize {
        /// Width given.
        width: u32,
        /// Height given.
        height: u32,
    },
    /// Grid or sample count too small or too large.
    #[error("{}", tr!("plot-err-grid", nx = *.nx, ny = *.ny, max = *.max))]
    BadGrid {
        /// Points along the first axis.
        nx: usize,
        /// Points along the second axis.
        ny: usize,
        /// The most points per axis this picture takes.
        max: usize,
    },
    /// A path point has the wrong number of coordinates.
    #[error("{}", tr!("plot-err-path-dimension", name = .name, found = *.found, expected = *.expected))]
    PathDimension {
        /// The path's name.
        name: String,
        /// Coordinates this picture needs.
        expected: usize,
        /// Coordinates found.
        found: usize,
    },
    /// The plotting library failed while drawing or encoding.
    #[error("{}", tr!("plot-err-backend", message = .message))]
    Backend {
        /// The library's message.
        message: String,
    },
    /// A surface view outside [`ELEVATION_RANGE`] or [`AZIMUTH_RANGE`].
    #[error("{}", tr!("plot-err-view", elevation = exact(*.elevation), azimuth = exact(*.azimuth), elo = exact(ELEVATION_RANGE.0), ehi = exact(ELEVATION_RANGE.1), alo = exact(AZIMUTH_RANGE.0), ahi = exact(AZIMUTH_RANGE.1)))]
    BadView {
        /// Elevation given, degrees.
        elevation: f64,
        /// Azimuth given, degrees.
        azimuth: f64,
    },
    /// No panel, or more than [`MAX_PANELS`].
    #[error("{}", tr!("plot-err-panels", count = *.count, max = *.max))]
    TooManyPanels {
        /// Panels asked.
        count: usize,
        /// The most allowed.
        max: usize,
    },
    /// No function, or more than [`MAX_CURVES`] on one chart.
    #[error("{}", tr!("plot-err-curves", count = *.count, max = *.max))]
    TooManyCurves {
        /// Functions given.
        count: usize,
        /// The most allowed.
        max: usize,
    },
}

/// A number as typed: plain between 1e-4 and 1e15, else in exponent form (`1e308`), always the
/// shortest text that reads back as the same double.
fn exact(v: f64) -> String {
    let a = v.abs();
    if a == 0.0 || (1e-4..1e15).contains(&a) || !v.is_finite() {
        format!("{v}")
    } else {
        format!("{v:e}")
    }
}

/// `"x "` for axis `x`, nothing for an unknown axis.
fn axis_word(axis: &str) -> String {
    if axis.is_empty() {
        String::new()
    } else {
        format!("{axis} ")
    }
}

impl PlotError {
    /// Names the axis of a range error (`"x"` or `"y"`); other errors pass through.
    ///
    /// ```
    /// let e = nabla::plot::Interval::new(1.0, 1.0).unwrap_err().on_axis("x");
    /// assert!(e.to_string().starts_with("empty x range 1..1"));
    /// ```
    pub fn on_axis(self, name: &'static str) -> Self {
        match self {
            PlotError::EmptyRange { lo, hi, .. } => PlotError::EmptyRange { axis: name, lo, hi },
            PlotError::RangeTooWide { lo, hi, .. } => {
                PlotError::RangeTooWide { axis: name, lo, hi }
            }
            PlotError::RangeTooNarrow { lo, hi, .. } => {
                PlotError::RangeTooNarrow { axis: name, lo, hi }
            }
            other => other,
        }
    }
}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for PlotError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        PlotError::Backend {
            message: e.to_string(),
        }
    }
}
