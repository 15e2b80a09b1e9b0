//! Several pictures side by side in one (the lecture notes' learning-rate panels): each panel is
//! drawn by the caller's closure with the plotting module's own entry points (a curve, a contour
//! map, a surface), then the panels are laid out ([`panel_layout`]: up to three in a row, more
//! on a near-square grid of at most [`MAX_PANEL_COLUMNS`] columns), left to right and top to
//! bottom.
//!
//! Invariants: at most [`MAX_PANELS`] panels ([`PlotError::TooManyPanels`] beyond, or for
//! none), and the whole picture passes [`check_size`] before any panel is drawn. SVG panels are
//! drawn in memory and nested as `<svg x=.. y=..>` elements, so their text stays text; PNG
//! panels are drawn to hidden temporary files beside the destination, read back and copied into
//! the picture, and the temporaries are removed whatever happens. The picture itself is written
//! through a temporary file renamed into place, as every picture.

use std::fs;
use std::path::{Path, PathBuf};

use super::output::write_finished;
use super::{check_size, target_format, ImageFormat, PlotError, PlotSummary, IN_MEMORY};

/// Most panels in one picture.
pub const MAX_PANELS: usize = 12;
/// Most panels side by side in one row; more panels wrap onto further rows.
pub const MAX_PANEL_COLUMNS: usize = 4;

/// Draws panel `k` to a destination at a size: `draw(k, target, (width, height))`, with any
/// entry point of the plotting module, returning its summary.
///
/// ```
/// use nabla::plot::{DrawPanel, PlotSummary};
/// let mut nothing = |_k: usize, _t: &std::path::Path, _s: (u32, u32)| Ok(PlotSummary::default());
/// let _draw: &mut DrawPanel = &mut nothing;
/// ```
pub type DrawPanel<'a> = dyn FnMut(usize, &Path, (u32, u32)) -> Result<PlotSummary, PlotError> + 'a;

/// The layout of `count` panels: `(columns, rows)`. Up to three panels stand in one row (the
/// lecture notes' learning rates); more fill a near-square grid of at most
/// [`MAX_PANEL_COLUMNS`] columns.
///
/// ```
/// use nabla::plot::panel_layout;
/// assert_eq!(panel_layout(3), (3, 1));
/// assert_eq!(panel_layout(4), (2, 2));
/// assert_eq!(panel_layout(6), (3, 2));
/// assert_eq!(panel_layout(12), (4, 3));
/// ```
pub fn panel_layout(count: usize) -> (usize, usize) {
    let count = count.max(1);
    let cols = if count <= 3 {
        count
    } else {
        let mut side = 1;
        while side * side < count {
            side += 1;
        }
        side.min(MAX_PANEL_COLUMNS)
    };
    (cols, count.div_ceil(cols))
}

/// Draws `count` panels of `panel_size` pixels each into one picture at `path` (`.svg`, `.png`,
/// or [`IN_MEMORY`] for the SVG text in the summary). `draw(k, target, panel_size)` draws panel
/// `k` to `target` with any entry point of this module and returns its summary. The summary
/// adds up the panels' counts; its `frame` and `range` are the first panel's.
///
/// ```
/// use nabla::plot::{curve, panels, CurveOptions, IN_MEMORY};
/// let rates = [0.1, 0.9];
/// let s = panels(IN_MEMORY.as_ref(), (300, 200), rates.len(), &mut |k, target, size| {
///     let mut f = |x: &[f64], out: &mut [f64]| {
///         for (o, x) in out.iter_mut().zip(x) {
///             *o = rates[k] * x * x;
///         }
///     };
///     let opts = CurveOptions { size, title: Some(format!("lr = {}", rates[k])), ..Default::default() };
///     curve(target, &mut f, &[], &opts)
/// })?;
/// let svg = s.svg.unwrap();
/// assert!(svg.contains("lr = 0.1") && svg.contains("lr = 0.9"));
/// assert!(svg.starts_with("<svg width=\"600\" height=\"200\""));
/// # Ok::<(), nabla::plot::PlotError>(())
/// ```
pub fn panels(
    path: &Path,
    panel_size: (u32, u32),
    count: usize,
    draw: &mut DrawPanel<'_>,
) -> Result<PlotSummary, PlotError> {
    let format = target_format(path)?;
    if count == 0 || count > MAX_PANELS {
        return Err(PlotError::TooManyPanels {
            count,
            max: MAX_PANELS,
        });
    }
    check_size(panel_size)?;
    let (cols, rows) = panel_layout(count);
    let size = (
        u32::try_from(cols)
            .unwrap_or(u32::MAX)
            .saturating_mul(panel_size.0),
        u32::try_from(rows)
            .unwrap_or(u32::MAX)
            .saturating_mul(panel_size.1),
    );
    check_size(size)?;
    let origin = |k: usize| {
        let (c, r) = (k % cols, k / cols);
        (
            u32::try_from(c).unwrap_or(0) * panel_size.0,
            u32::try_from(r).unwrap_or(0) * panel_size.1,
        )
    };
    let mut total = PlotSummary {
        format: Some(format),
        ..Default::default()
    };
    let add = |total: &mut PlotSummary, s: &PlotSummary| {
        total.evaluated += s.evaluated;
        total.non_finite += s.non_finite;
        total.saturated += s.saturated;
        total.clamped += s.clamped;
        total.drawn_points += s.drawn_points;
        total.floor = total.floor.or(s.floor);
        total.range = total.range.or(s.range);
        total.frame = total.frame.or(s.frame);
    };
    match format {
        ImageFormat::Svg => {
            let mut text = format!(
                "<svg width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
                 xmlns=\"http://www.w3.org/2000/svg\">\n<rect x=\"0\" y=\"0\" width=\"{w}\" \
                 height=\"{h}\" fill=\"#FFFFFF\"/>\n",
                w = size.0,
                h = size.1
            );
            for k in 0..count {
                let s = draw(k, Path::new(IN_MEMORY), panel_size)?;
                add(&mut total, &s);
                let inner = s.svg.unwrap_or_default();
                let (x, y) = origin(k);
                text.push_str(&nest_svg(&inner, x, y));
                text.push('\n');
            }
            text.push_str("</svg>\n");
            if path == Path::new(IN_MEMORY) {
                total.svg = Some(text);
            } else {
                write_finished(path, format, text.as_bytes())?;
            }
        }
        ImageFormat::Png => {
            let (w, h) = (size.0 as usize, size.1 as usize);
            let mut rgb = vec![255u8; w * h * 3];
            for k in 0..count {
                let tmp = PanelFile::beside(path, k);
                let s = draw(k, &tmp.0, panel_size)?;
                add(&mut total, &s);
                let (pw, ph, pixels) = read_rgb(&tmp.0)?;
                let (x0, y0) = origin(k);
                let (x0, y0) = (x0 as usize, y0 as usize);
                for row in 0..ph.min(h.saturating_sub(y0)) {
                    let n = pw.min(w.saturating_sub(x0)) * 3;
                    let src = &pixels[row * pw * 3..row * pw * 3 + n];
                    let at = ((y0 + row) * w + x0) * 3;
                    rgb[at..at + n].copy_from_slice(src);
                }
            }
            let bytes = encode_png(size, &rgb).map_err(|e| PlotError::Backend {
                message: e.to_string(),
            })?;
            write_finished(path, format, &bytes)?;
        }
    }
    Ok(total)
}

/// A panel's SVG document as a nested `<svg>` placed at `(x, y)`: the XML declaration, if any,
/// dropped and the position added to the opening tag.
fn nest_svg(inner: &str, x: u32, y: u32) -> String {
    let body = match inner.find("<svg") {
        Some(at) => &inner[at..],
        None => inner,
    };
    match body.strip_prefix("<svg") {
        Some(rest) => format!("<svg x=\"{x}\" y=\"{y}\"{rest}"),
        None => body.to_string(),
    }
}

/// A panel's hidden temporary PNG beside the destination (`.name.<pid>.panel<k>.tmp.png`),
/// removed on drop.
struct PanelFile(PathBuf);

impl PanelFile {
    fn beside(dest: &Path, k: usize) -> Self {
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "plot".to_string());
        let tmp = format!(".{name}.{}.panel{k}.tmp.png", std::process::id());
        PanelFile(dest.with_file_name(tmp))
    }
}

impl Drop for PanelFile {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

/// A PNG file's pixels as 8-bit RGB rows: `(width, height, pixels)`.
fn read_rgb(path: &Path) -> Result<(usize, usize, Vec<u8>), PlotError> {
    let backend = |message: String| PlotError::Backend { message };
    let file = fs::File::open(path).map_err(|source| PlotError::Write {
        path: path.to_path_buf(),
        source,
    })?;
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(|e| backend(e.to_string()))?;
    let mut buf = vec![0u8; reader.output_buffer_size()];
    let info = reader
        .next_frame(&mut buf)
        .map_err(|e| backend(e.to_string()))?;
    let (w, h) = (info.width as usize, info.height as usize);
    let channels = match info.color_type {
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Indexed => return Err(backend("indexed panel".to_string())),
    };
    let mut rgb = Vec::with_capacity(w * h * 3);
    for px in buf[..w * h * channels].chunks_exact(channels) {
        match channels {
            1 | 2 => rgb.extend_from_slice(&[px[0], px[0], px[0]]),
            _ => rgb.extend_from_slice(&px[..3]),
        }
    }
    Ok((w, h, rgb))
}

/// 8-bit RGB pixels as PNG bytes.
fn encode_png(size: (u32, u32), rgb: &[u8]) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, size.0, size.1);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header()?;
        writer.write_image_data(rgb)?;
    }
    Ok(out)
}
