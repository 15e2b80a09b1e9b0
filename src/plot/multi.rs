//! Several functions of one variable on one chart (the book's figures 2-1 and 2-2: a function
//! and its derivative): one curve per function, each in its palette colour and named in the
//! legend, with the axes `x = 0` and `y = 0` drawn where they fall inside the chart.
//!
//! Invariants: at most [`MAX_CURVES`] functions ([`PlotError::TooManyCurves`] beyond, or for
//! none); each function is evaluated with exactly one batch call over the same samples; the
//! value range holds every finite sample of every curve; non-finite samples break their curve,
//! are counted in [`PlotSummary::non_finite`] and are otherwise skipped; the plotting area is
//! reported as the summary's [`Frame`], so a pixel maps back to `(x, value)`.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::chart::{axis_formats, build_chart, legend_font};
use super::map::{legend_corner, titled};
use super::style::{clip_polyline, PixMap, LABEL_PX, PALETTE};
use super::{
    check_grid, render, target_format, BatchEval, CurveOptions, Figure, Frame, Interval, PlotBox,
    PlotError, PlotSummary, MAX_GRID,
};

/// Most functions drawn on one chart.
pub const MAX_CURVES: usize = 8;

/// Writes the curves of several one-variable functions on one chart, `names[k]` naming
/// `fs[k]` in the legend (e.g. `f(x) = x^2` and `f'(x) = 2*x`). Uses the options' size, title,
/// variable name, range (default `-5..5`) and sample count; paths and the minimum are not drawn.
///
/// ```
/// use nabla::plot::{curves, BatchEval, CurveOptions, Interval, IN_MEMORY};
/// let mut f = |x: &[f64], out: &mut [f64]| {
///     for (o, x) in out.iter_mut().zip(x) { *o = x * x; }
/// };
/// let mut df = |x: &[f64], out: &mut [f64]| {
///     for (o, x) in out.iter_mut().zip(x) { *o = 2.0 * x; }
/// };
/// let mut fs: Vec<&mut BatchEval> = vec![&mut f, &mut df];
/// let names = ["f(x) = x^2".to_string(), "f'(x) = 2*x".to_string()];
/// let opts = CurveOptions { range: Some(Interval::new(-2.0, 2.0)?), samples: 41, ..Default::default() };
/// let s = curves(IN_MEMORY.as_ref(), &mut fs, &names, &opts)?;
/// assert_eq!(s.evaluated, 82);
/// let frame = s.frame.unwrap();
/// assert!(frame.y.contains(-4.0) && frame.y.contains(4.0));
/// // The legend names both (the SVG writes the prime as `&apos;`).
/// assert!(s.svg.unwrap().contains("f&apos;(x) = 2*x"));
/// # Ok::<(), nabla::plot::PlotError>(())
/// ```
pub fn curves(
    path: &Path,
    fs: &mut [&mut BatchEval],
    names: &[String],
    opts: &CurveOptions,
) -> Result<PlotSummary, PlotError> {
    target_format(path)?;
    if fs.is_empty() || fs.len() > MAX_CURVES {
        return Err(PlotError::TooManyCurves {
            count: fs.len(),
            max: MAX_CURVES,
        });
    }
    check_grid(opts.samples, 2, MAX_GRID)?;
    let range = opts.range.unwrap_or(Interval { lo: -5.0, hi: 5.0 });
    let n = opts.samples;
    let xs: Vec<f64> = (0..n)
        .map(|i| range.lerp(i as f64 / (n - 1) as f64))
        .collect();
    let mut lines = Vec::with_capacity(fs.len());
    let mut non_finite = 0;
    for f in fs.iter_mut() {
        let mut out = vec![f64::NAN; n];
        f(&xs, &mut out);
        non_finite += out.iter().filter(|v| !v.is_finite()).count();
        let line: Vec<Option<(f64, f64)>> = xs
            .iter()
            .zip(&out)
            .map(|(x, v)| v.is_finite().then_some((*x, *v)))
            .collect();
        lines.push(line);
    }
    let y = Interval::around(lines.iter().flatten().flatten().map(|p| p.1), 0.0);
    // `around` pads by 25%; a chart of curves wants less slack.
    let y = Interval {
        lo: y.lo + 0.12 * y.span() / 1.5,
        hi: y.hi - 0.12 * y.span() / 1.5,
    };
    let b = PlotBox { x: range, y };
    let fig = CurvesFigure {
        opts,
        b,
        names: names.to_vec(),
        lines,
        frame: std::cell::Cell::new(None),
    };
    let rendered = render(path, opts.size, &fig)?;
    Ok(PlotSummary {
        format: Some(rendered.format),
        svg: rendered.svg,
        frame: rendered.frame,
        evaluated: n * fs.len(),
        non_finite,
        range: Some(b),
        ..Default::default()
    })
}

struct CurvesFigure<'o> {
    opts: &'o CurveOptions,
    b: PlotBox,
    names: Vec<String>,
    lines: Vec<Vec<Option<(f64, f64)>>>,
    frame: std::cell::Cell<Option<Frame>>,
}

impl Figure for CurvesFigure<'_> {
    fn frame(&self) -> Option<Frame> {
        self.frame.get()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError>
    where
        DB::ErrorType: 'static,
    {
        let area = titled(root, self.opts.title.as_deref())?;
        let b = self.b;
        let (xf, yf) = axis_formats(&b);
        let (x_fmt, y_fmt) = (|v: &f64| xf.label(*v), |v: &f64| yf.label(*v));
        let mut chart = build_chart(&area, &b, &self.opts.var_name, "", &x_fmt, &y_fmt)?;
        self.frame.set(Some(Frame::of(
            self.opts.size,
            chart.plotting_area().get_pixel_range(),
            b,
        )));
        // The axes through the origin, as the book draws them.
        let axis = BLACK.mix(0.7).stroke_width(1);
        if b.y.contains(0.0) {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(b.x.lo, 0.0), (b.x.hi, 0.0)],
                axis,
            )))?;
        }
        if b.x.contains(0.0) {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(0.0, b.y.lo), (0.0, b.y.hi)],
                axis,
            )))?;
        }
        let (pw, ph) = chart.plotting_area().dim_in_pixel();
        let pm = PixMap {
            b,
            w: f64::from(pw),
            h: f64::from(ph),
        };
        let mut occupancy = [0usize; 4];
        for (k, line) in self.lines.iter().enumerate() {
            let color = PALETTE[k % PALETTE.len()];
            for p in line.iter().flatten() {
                let (px, py) = pm.px(*p);
                occupancy[usize::from(px > 0.5 * pm.w) + 2 * usize::from(py > 0.5 * pm.h)] += 1;
            }
            for piece in clip_polyline(line, &b) {
                chart.draw_series(std::iter::once(PathElement::new(
                    piece,
                    color.stroke_width(3),
                )))?;
            }
            let name = self.names.get(k).cloned().unwrap_or_default();
            chart
                .draw_series(std::iter::empty::<PathElement<(f64, f64)>>())?
                .label(name)
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 22, y)], color.stroke_width(3))
                });
        }
        chart
            .configure_series_labels()
            .position(legend_corner(occupancy))
            .margin(12)
            .legend_area_size(30)
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK.mix(0.6))
            .label_font((legend_font(self.names.iter().map(String::as_str)), LABEL_PX))
            .draw()?;
        Ok(())
    }
}
