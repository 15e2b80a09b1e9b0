//! Writing a picture: the size and grid checks every entry point shares, and [`render`], which
//! draws a prepared figure on the backend its file extension names.
//!
//! Invariants: the destination [`IN_MEMORY`] writes no file (the SVG text comes back in
//! [`Rendered::svg`]); otherwise nothing is written under the destination's name until the
//! picture is complete:
//! drawing goes to a hidden temporary file in the same folder (`.name.<pid>.tmp.<ext>`, still
//! ending in the format's extension for the PNG encoder), renamed over the destination at the
//! end; on an error or a panic the temporary is removed by its guard, on an interrupt by
//! [`remove_unfinished_output`] (which `nabla` calls from its SIGINT/SIGTERM handler), and one
//! left by a killed run is cleared by the next successful write of the same picture.

use std::ffi::{c_char, CString};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicPtr, Ordering};

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{style, ImageFormat, Interval, PlotBox, PlotError, MAX_PIXELS, MAX_SIDE, MIN_SIDE};

/// The destination that writes no file: the picture is drawn as SVG into
/// [`PlotSummary::svg`](super::PlotSummary::svg). The command line's `-o -`.
pub const IN_MEMORY: &str = "-";

/// The format a plotting entry point writes to `path`: [`ImageFormat::from_path`], or SVG for
/// [`IN_MEMORY`].
pub(crate) fn target_format(path: &Path) -> Result<ImageFormat, PlotError> {
    if path == Path::new(IN_MEMORY) {
        Ok(ImageFormat::Svg)
    } else {
        ImageFormat::from_path(path)
    }
}

/// The plotting area of a picture in pixels, and the ranges it shows: a click at pixel
/// `(px, py)` (from the picture's top left corner) is the point
/// `x = x.lo + (px - left) / (right - left) * x.span()`,
/// `y = y.hi - (py - top) / (bottom - top) * y.span()`. The left edge `left` shows `x.lo`, the
/// right edge `right` shows `x.hi`, the top edge `top` shows `y.hi` and the bottom edge `bottom`
/// shows `y.lo` (for a curve, `y` is the range of values shown).
///
/// ```
/// use nabla::plot::{contour_map, ContourOptions, PlotBox, IN_MEMORY};
/// let mut bowl = |p: &[f64], out: &mut [f64]| {
///     for (o, v) in out.iter_mut().zip(p.chunks_exact(2)) {
///         *o = v[0] * v[0] + v[1] * v[1];
///     }
/// };
/// let opts = ContourOptions { range: Some(PlotBox::new((-2.0, 2.0), (-1.0, 1.0))?), grid: (20, 20), ..Default::default() };
/// let s = contour_map(IN_MEMORY.as_ref(), &mut bowl, None, &[], &opts)?;
/// assert!(s.svg.as_deref().is_some_and(|t| t.starts_with("<svg")));
/// let frame = s.frame.unwrap();
/// assert!(0 < frame.left && frame.left < frame.right && frame.right < frame.width as i32);
/// assert_eq!((frame.x.lo, frame.y.hi), (-2.0, 1.0));
/// # Ok::<(), nabla::plot::PlotError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// The picture's width in pixels.
    pub width: u32,
    /// The picture's height in pixels.
    pub height: u32,
    /// The pixel column of `x.lo`.
    pub left: i32,
    /// The pixel row of `y.hi`.
    pub top: i32,
    /// The pixel column of `x.hi`.
    pub right: i32,
    /// The pixel row of `y.lo`.
    pub bottom: i32,
    /// The horizontal range shown.
    pub x: Interval,
    /// The vertical range shown (a curve's values).
    pub y: Interval,
    /// Whether the horizontal axis is logarithmic: then `x` is the range of `log10` of the
    /// values shown (a sweep's steps, a loss chart's iterations with a log iteration axis).
    pub x_log: bool,
    /// Whether the vertical axis is logarithmic: then `y` is the range of `log10` of the values
    /// shown (a loss chart's values, a sweep's errors).
    pub y_log: bool,
}

impl Frame {
    /// The frame of a plotting area whose pixel ranges are `xs` and `ys` (as plotters gives
    /// them, end exclusive) showing the box `b`, in a picture of `size`.
    pub(crate) fn of(
        size: (u32, u32),
        (xs, ys): (std::ops::Range<i32>, std::ops::Range<i32>),
        b: PlotBox,
    ) -> Self {
        Frame {
            width: size.0,
            height: size.1,
            left: xs.start,
            top: ys.start,
            right: xs.end - 1,
            bottom: ys.end - 1,
            x: b.x,
            y: b.y,
            x_log: false,
            y_log: false,
        }
    }

    /// Where the point `(x, y)` is drawn, in pixels from the picture's top left corner (before
    /// rounding to a whole pixel, as plotters rounds down), taking `log10` on a log axis; `None`
    /// for a value a log axis cannot show (`<= 0`) or a non-finite one. A point outside the
    /// ranges maps outside the plotting area.
    ///
    /// ```
    /// use nabla::plot::{loss_chart, ChartOptions, PathSeries, IN_MEMORY};
    /// let run = PathSeries::new("gd", vec![vec![0.0]; 3]).with_values(vec![100.0, 1.0, 0.01]);
    /// let s = loss_chart(IN_MEMORY.as_ref(), &[run], &ChartOptions::default())?;
    /// let frame = s.frame.unwrap();
    /// assert!(frame.y_log && !frame.x_log);
    /// let (_, top) = frame.pixel(0.0, 100.0).unwrap();
    /// let (_, bottom) = frame.pixel(2.0, 0.01).unwrap();
    /// assert!(top < bottom);
    /// assert_eq!(frame.pixel(1.0, 0.0), None);
    /// # Ok::<(), nabla::plot::PlotError>(())
    /// ```
    pub fn pixel(&self, x: f64, y: f64) -> Option<(f64, f64)> {
        let axis = |v: f64, log: bool| {
            let v = if log {
                (v > 0.0).then(|| v.log10())?
            } else {
                v
            };
            v.is_finite().then_some(v)
        };
        let (x, y) = (axis(x, self.x_log)?, axis(y, self.y_log)?);
        let tx = (x - self.x.lo) / self.x.span();
        let ty = (y - self.y.lo) / self.y.span();
        Some((
            f64::from(self.left) + tx * f64::from(self.right - self.left),
            f64::from(self.bottom) - ty * f64::from(self.bottom - self.top),
        ))
    }
}

/// A prepared picture (all function values already computed) that can draw itself on any backend.
pub(crate) trait Figure {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError>
    where
        DB::ErrorType: 'static;

    /// The plotting area of the last drawing, for pictures whose pixels map back to points.
    fn frame(&self) -> Option<Frame> {
        None
    }
}

/// What [`render`] produced.
pub(crate) struct Rendered {
    pub format: ImageFormat,
    /// The SVG text, for the destination [`IN_MEMORY`].
    pub svg: Option<String>,
    pub frame: Option<Frame>,
}

/// Checks a picture size against [`MIN_SIDE`], [`MAX_SIDE`] and [`MAX_PIXELS`].
///
/// ```
/// assert!(nabla::plot::check_size((900, 600)).is_ok());
/// assert!(nabla::plot::check_size((8192, 8192)).is_err()); // 67 megapixels
/// assert!(nabla::plot::check_size((16384, 64)).is_err());
/// ```
pub fn check_size(size: (u32, u32)) -> Result<(), PlotError> {
    let ok = |v: u32| (MIN_SIDE..=MAX_SIDE).contains(&v);
    if ok(size.0) && ok(size.1) && u64::from(size.0) * u64::from(size.1) <= MAX_PIXELS {
        Ok(())
    } else {
        Err(PlotError::BadSize {
            width: size.0,
            height: size.1,
        })
    }
}

pub(crate) fn check_grid(nx: usize, ny: usize, max: usize) -> Result<(), PlotError> {
    let ok = |v: usize| (2..=max).contains(&v);
    if ok(nx) && ok(ny) {
        Ok(())
    } else {
        Err(PlotError::BadGrid { nx, ny, max })
    }
}

/// A temporary file beside the destination (same folder, so the final rename is atomic), removed
/// on drop unless [`TempFile::persist`] moved it into place. A run that fails, panics or is killed
/// never leaves a partial picture under the destination's name; an old picture stays as it was.
struct TempFile {
    path: PathBuf,
    done: bool,
}

/// The path of the temporary file being written, as a C string, for [`remove_unfinished_output`]
/// (null when none). Leaked `CString`s, swapped in and out atomically.
static UNFINISHED: AtomicPtr<c_char> = AtomicPtr::new(std::ptr::null_mut());

/// Sets (or, with `None`, clears) the temporary file an interrupt should remove.
fn set_unfinished(path: Option<&Path>) {
    let new = path
        .and_then(|p| CString::new(p.as_os_str().as_encoded_bytes()).ok())
        .map_or(std::ptr::null_mut(), CString::into_raw);
    let old = UNFINISHED.swap(new, Ordering::SeqCst);
    if !old.is_null() {
        // SAFETY: every non-null pointer stored in UNFINISHED came from `CString::into_raw`
        // above, and the swap gave this call sole ownership of `old`.
        drop(unsafe { CString::from_raw(old) });
    }
}

/// Removes the temporary file of a picture being written, if any: what an interrupt handler
/// calls (`nabla` does on Ctrl-C and SIGTERM) so that no `.name.<pid>.tmp.png` is left behind.
/// Async-signal-safe on Unix: it only reads an atomic pointer and calls `unlink`.
#[cfg(unix)]
pub fn remove_unfinished_output() {
    extern "C" {
        fn unlink(path: *const c_char) -> i32;
    }
    let p = UNFINISHED.load(Ordering::SeqCst);
    if !p.is_null() {
        // SAFETY: `p` points to a NUL-terminated string that stays allocated until it is
        // swapped out of UNFINISHED; `unlink` is async-signal-safe and only reads it.
        unsafe {
            unlink(p);
        }
    }
}

/// Removes hidden temporaries of `dest` (`.name.<pid>.tmp.<ext>`) left by runs that were killed:
/// those whose process is gone (Linux: no `/proc/<pid>`); elsewhere none is removed.
fn clear_stale(dest: &Path) {
    if !cfg!(target_os = "linux") {
        return;
    }
    let (Some(dir), Some(name)) = (dest.parent(), dest.file_name()) else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!(".{}.", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(&prefix) else {
            continue;
        };
        let Some((pid, tail)) = rest.split_once('.') else {
            continue;
        };
        if !tail.starts_with("tmp.") || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        if !Path::new("/proc").join(pid).exists() {
            let _ = fs::remove_file(e.path());
        }
    }
}

impl TempFile {
    /// `dir/.name.<pid>.tmp.<ext>`: hidden, unique per process, and still ending in the format's
    /// extension (the PNG encoder picks the format from it).
    fn beside(dest: &Path, format: ImageFormat) -> Self {
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "plot".to_string());
        let tmp = format!(".{name}.{}.tmp.{}", std::process::id(), format.extension());
        let path = dest.with_file_name(tmp);
        set_unfinished(Some(&path));
        TempFile { path, done: false }
    }

    fn persist(mut self, dest: &Path) -> Result<(), PlotError> {
        fs::rename(&self.path, dest).map_err(|source| PlotError::Write {
            path: dest.to_path_buf(),
            source,
        })?;
        self.done = true;
        set_unfinished(None);
        clear_stale(dest);
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.done {
            set_unfinished(None);
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Draws `fig` into `path` in the format its extension names, through a temporary file renamed
/// into place only once the picture is complete; or, for [`IN_MEMORY`], into a string.
pub(crate) fn render(
    path: &Path,
    size: (u32, u32),
    fig: &impl Figure,
) -> Result<Rendered, PlotError> {
    let format = target_format(path)?;
    check_size(size)?;
    style::ensure_font()?;
    if path == Path::new(IN_MEMORY) {
        let mut text = String::new();
        {
            let root = SVGBackend::with_string(&mut text, size).into_drawing_area();
            root.fill(&WHITE)?;
            fig.draw(&root)?;
            root.present()?;
        }
        return Ok(Rendered {
            format,
            svg: Some(text),
            frame: fig.frame(),
        });
    }
    let write_err = |source| PlotError::Write {
        path: path.to_path_buf(),
        source,
    };
    let tmp = TempFile::beside(path, format);
    match format {
        ImageFormat::Svg => {
            let mut text = String::new();
            {
                let root = SVGBackend::with_string(&mut text, size).into_drawing_area();
                root.fill(&WHITE)?;
                fig.draw(&root)?;
                root.present()?;
            }
            fs::write(&tmp.path, text).map_err(write_err)?;
        }
        ImageFormat::Png => {
            // Create the file first so an unwritable folder is a typed error, not a backend
            // message.
            fs::File::create(&tmp.path).map_err(write_err)?;
            // Every PNG's text goes through CrispText (plotters' own drawing misplaces glyphs).
            let root = super::raster_text::CrispText(BitMapBackend::new(&tmp.path, size))
                .into_drawing_area();
            root.fill(&WHITE)?;
            fig.draw(&root)?;
            root.present()?;
        }
    }
    tmp.persist(path)?;
    Ok(Rendered {
        format,
        svg: None,
        frame: fig.frame(),
    })
}

/// Writes finished picture bytes (`format` names the extension of the temporary file) to
/// `path` through a temporary file beside it, renamed into place once complete: what pictures
/// composed outside plotters (panels side by side) use.
pub(crate) fn write_finished(
    path: &Path,
    format: ImageFormat,
    bytes: &[u8],
) -> Result<(), PlotError> {
    let tmp = TempFile::beside(path, format);
    fs::write(&tmp.path, bytes).map_err(|source| PlotError::Write {
        path: path.to_path_buf(),
        source,
    })?;
    tmp.persist(path)
}
