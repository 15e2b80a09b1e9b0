//! Line charts: the 1-D curve with descent paths on it (the book's figure 2-7), the loss chart
//! (value on a log axis against iteration, optionally a log iteration axis too), the
//! gradient-check step-size sweep (log-log) and the residual chart of a fit (one dot per row,
//! with the zero line).
//!
//! Invariants: every drawn mark corresponds to data. The curve and its path points are
//! evaluated in one batch call; log axes plot `log10` of the data on a linear axis labelled
//! `1eK`, so tick placement never depends on plotters' log-coordinate heuristics; only positive
//! finite values are drawn on a log axis: values `<= 0` (and iteration 0 on a log iteration
//! axis) and non-finite values are left out, break the line and are counted in the summary
//! ([`PlotSummary::non_positive`], [`PlotSummary::zero_iterations`],
//! [`PlotSummary::non_finite`]). Lines are clipped to the visible box in data space and thinned
//! by pixel column keeping each column's extremes ([`super::columns`]); legends sit in a column
//! right of the plotting area, never over the data. Every chart reports its [`Frame`] (with its
//! log axes) so that a pixel maps back to a value.

use std::path::Path;

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::columns::{
    draw_legend, draw_line_pieces, prepare_pieces, split_for_legend, Columns, LegendEntry,
    LegendMark,
};
use super::map::{
    check_dim, draw_casing, draw_line, path_width, prepare_path, star_marker, titled,
};
use super::style::{
    fmt_num, font_for, thin, LogTickFormat, PixMap, TickFormat, DESC_PX, FONT, LABEL_PX, PALETTE,
};
use super::{
    check_grid, render, target_format, BatchEval, ChartOptions, CurveOptions, Figure, Frame,
    Interval, PathSeries, PlotBox, PlotError, PlotSummary, ResidualOptions, SweepSeries,
    CHART_MAX_DRAWN_POINTS, MAX_GRID,
};
use crate::tr;

/// Writes the curve of a one-variable `f` with each path drawn on it: arrows from iterate to
/// iterate, start and end marked, the minimum as a red star (the book's figure 2-7).
///
/// The curve's samples and every path point are evaluated in one call to `f` (one coordinate per
/// point). Paths must have one coordinate per point; their `values` are not needed.
///
/// ```no_run
/// use nabla::plot::{curve, CurveOptions, Interval, PathSeries};
/// let mut f = |x: &[f64], out: &mut [f64]| {
///     for (o, x) in out.iter_mut().zip(x) {
///         *o = x.powi(3) - 3.0 * x * x - 9.0 * x + 2.0;
///     }
/// };
/// let path = PathSeries::new("gd", vec![vec![1.0], vec![1.12], vec![1.25]]);
/// let opts = CurveOptions { range: Some(Interval::new(-3.0, 4.0)?), minimum: Some(3.0), ..Default::default() };
/// curve("descent.svg".as_ref(), &mut f, &[path], &opts)?;
/// # Ok::<(), nabla::plot::PlotError>(())
/// ```
pub fn curve(
    path: &Path,
    f: &mut BatchEval,
    paths: &[PathSeries],
    opts: &CurveOptions,
) -> Result<PlotSummary, PlotError> {
    target_format(path)?;
    check_grid(opts.samples, 2, MAX_GRID)?;
    for p in paths {
        check_dim(p, 1)?;
    }
    let range = match opts.range {
        Some(r) => r,
        None => {
            let ends = paths
                .iter()
                .flat_map(|p| [p.points.first(), p.points.last()])
                .flatten()
                .map(|q| q[0]);
            Interval::around(ends.chain(opts.minimum), 1.0)
        }
    };
    let n = opts.samples;
    let xs: Vec<f64> = (0..n)
        .map(|i| range.lerp(i as f64 / (n - 1) as f64))
        .collect();
    let mut points = xs.clone();
    for p in paths {
        points.extend(p.points.iter().map(|q| q[0]));
    }
    points.extend(opts.minimum);
    let mut out = vec![f64::NAN; points.len()];
    f(&points, &mut out);

    let ys = &out[..n];
    let non_finite = ys.iter().filter(|v| !v.is_finite()).count();
    let mut offset = n;
    let mut series = Vec::with_capacity(paths.len());
    for p in paths {
        let pts: Vec<Option<(f64, f64)>> = p
            .points
            .iter()
            .zip(&out[offset..offset + p.points.len()])
            .map(|(q, v)| (q[0].is_finite() && v.is_finite()).then_some((q[0], *v)))
            .collect();
        offset += p.points.len();
        series.push(pts);
    }
    let minimum = opts
        .minimum
        .zip(out.get(offset).copied())
        .filter(|(x, v)| x.is_finite() && v.is_finite());

    let in_range = series
        .iter()
        .flatten()
        .flatten()
        .filter(|p| range.contains(p.0))
        .map(|p| p.1);
    let vals = ys
        .iter()
        .copied()
        .chain(in_range)
        .chain(minimum.map(|m| m.1));
    let y = Interval::around(vals, 0.0);
    // `around` pads by 25%; a curve wants less slack.
    let y = Interval {
        lo: y.lo + 0.12 * y.span() / 1.5,
        hi: y.hi - 0.12 * y.span() / 1.5,
    };
    let b = PlotBox { x: range, y };
    let fig = CurveFigure {
        opts,
        b,
        curve: xs
            .iter()
            .zip(ys)
            .map(|(x, v)| v.is_finite().then_some((*x, *v)))
            .collect(),
        names: paths.iter().map(|p| p.name.clone()).collect(),
        series,
        minimum,
        drawn: std::cell::Cell::new(0),
        frame: std::cell::Cell::new(None),
    };
    let rendered = render(path, opts.size, &fig)?;
    Ok(PlotSummary {
        format: Some(rendered.format),
        svg: rendered.svg,
        frame: rendered.frame,
        evaluated: n,
        non_finite,
        drawn_points: fig.drawn.get(),
        range: Some(b),
        ..Default::default()
    })
}

/// Writes the loss chart: each path's recorded `values` (log scale) against its iteration
/// numbers (a log axis too with [`ChartOptions::log_x`]). Values a log axis cannot show (`<= 0`)
/// and non-finite ones are left out, the line breaks there, and the summary counts them
/// ([`PlotSummary::non_positive`], [`PlotSummary::non_finite`]); the title says how many values
/// `<= 0` were left out. The legend is a column right of the plotting area.
///
/// ```no_run
/// use nabla::plot::{loss_chart, ChartOptions, PathSeries};
/// let run = PathSeries::new("gd", vec![vec![0.0]; 3]).with_values(vec![10.0, 1.0, 0.1]);
/// let s = loss_chart("loss.svg".as_ref(), &[run], &ChartOptions::default())?;
/// assert_eq!(s.non_positive, 0);
/// # Ok::<(), nabla::plot::PlotError>(())
/// ```
pub fn loss_chart(
    path: &Path,
    paths: &[PathSeries],
    opts: &ChartOptions,
) -> Result<PlotSummary, PlotError> {
    target_format(path)?;
    let mut counts = LeftOut::default();
    let series: Vec<Line> = paths
        .iter()
        .map(|p| {
            let pts = p
                .values
                .iter()
                .enumerate()
                .map(|(k, v)| {
                    let it = p.iteration(k) as f64;
                    let x = if opts.log_x {
                        if it <= 0.0 {
                            counts.zero_iterations += 1;
                            return None;
                        }
                        it.log10()
                    } else {
                        it
                    };
                    Some((x, counts.log(*v)?))
                })
                .collect();
            Line {
                name: p.name.clone(),
                pts,
                best: None,
            }
        })
        .collect();
    let mut title = opts.title.clone().unwrap_or_else(|| tr!("plot-loss-title"));
    if counts.non_positive > 0 {
        title.push_str(&tr!("plot-chart-left-out", count = counts.non_positive));
    }
    let fig = LineFigure {
        size: opts.size,
        title,
        x_desc: if opts.log_x {
            tr!("plot-axis-iteration-log")
        } else {
            tr!("plot-axis-iteration")
        },
        y_desc: tr!("plot-axis-f-log"),
        x_log: opts.log_x,
        dots: false,
        series,
        max_points: opts.max_drawn_points,
        drawn: std::cell::Cell::new(0),
        frame: std::cell::Cell::new(None),
    };
    let rendered = render(path, opts.size, &fig)?;
    Ok(PlotSummary {
        format: Some(rendered.format),
        svg: rendered.svg,
        frame: rendered.frame,
        non_finite: counts.non_finite,
        non_positive: counts.non_positive,
        zero_iterations: counts.zero_iterations,
        drawn_points: fig.drawn.get(),
        ..Default::default()
    })
}

/// Writes the step-size sweep of a gradient check: each series' error against the step `h` on
/// log-log axes, with the best step of each series marked and named in the legend (a column
/// right of the plotting area). Errors or steps `<= 0` cannot be drawn on a log axis: they are
/// left out and counted in [`PlotSummary::non_positive`] (an exact error of 0 included).
///
/// ```no_run
/// use nabla::plot::{sweep_chart, ChartOptions, SweepSeries};
/// let h: Vec<f64> = (1..=12).map(|k| 10f64.powi(-k)).collect();
/// let fwd: Vec<f64> = h.iter().map(|h| h + 1e-16 / h).collect();
/// let s = SweepSeries::new("forward difference", h, fwd);
/// sweep_chart("sweep.svg".as_ref(), &[s], &ChartOptions::default())?;
/// # Ok::<(), nabla::plot::PlotError>(())
/// ```
pub fn sweep_chart(
    path: &Path,
    series: &[SweepSeries],
    opts: &ChartOptions,
) -> Result<PlotSummary, PlotError> {
    target_format(path)?;
    let mut counts = LeftOut::default();
    let lines: Vec<Line> = series
        .iter()
        .map(|s| {
            let pts = s
                .steps
                .iter()
                .zip(&s.errors)
                .map(|(h, e)| {
                    let x = counts.log(*h)?;
                    Some((x, counts.log(*e)?))
                })
                .collect();
            let best = s
                .best()
                .filter(|(h, e)| *h > 0.0 && *e > 0.0)
                .map(|(h, e)| (h.log10(), e.log10()));
            let name = match s.best() {
                Some((h, _)) => tr!("plot-sweep-best", name = &s.name, h = fmt_num(h)),
                None => s.name.clone(),
            };
            Line { name, pts, best }
        })
        .collect();
    let mut title = opts
        .title
        .clone()
        .unwrap_or_else(|| tr!("plot-sweep-title"));
    if counts.non_positive > 0 {
        title.push_str(&tr!("plot-chart-left-out", count = counts.non_positive));
    }
    let fig = LineFigure {
        size: opts.size,
        title,
        x_desc: tr!("plot-axis-step-log"),
        y_desc: tr!("plot-axis-error-log"),
        x_log: true,
        dots: true,
        series: lines,
        max_points: opts.max_drawn_points,
        drawn: std::cell::Cell::new(0),
        frame: std::cell::Cell::new(None),
    };
    let rendered = render(path, opts.size, &fig)?;
    Ok(PlotSummary {
        format: Some(rendered.format),
        svg: rendered.svg,
        frame: rendered.frame,
        non_finite: counts.non_finite,
        non_positive: counts.non_positive,
        drawn_points: fig.drawn.get(),
        ..Default::default()
    })
}

/// Writes the residual chart of a fit: one dot per row at `(x[i], residuals[i])`, and the zero
/// line. Dots that would cover the same pixel are drawn once; beyond
/// [`ResidualOptions::max_points`] distinct pixels, each pixel column keeps its lowest and
/// highest dot (so the extremes stay). Non-finite pairs are skipped and counted in
/// [`PlotSummary::non_finite`].
///
/// ```
/// use nabla::plot::{residual_chart, ResidualOptions, IN_MEMORY};
/// let x = [0.0, 1.0, 2.0];
/// let r = [0.5, -1.0, 0.25];
/// let s = residual_chart(IN_MEMORY.as_ref(), &x, &r, &ResidualOptions::default())?;
/// assert_eq!(s.drawn_points, 3);
/// assert!(s.svg.unwrap().starts_with("<svg"));
/// # Ok::<(), nabla::plot::PlotError>(())
/// ```
pub fn residual_chart(
    path: &Path,
    x: &[f64],
    residuals: &[f64],
    opts: &ResidualOptions,
) -> Result<PlotSummary, PlotError> {
    target_format(path)?;
    let n = x.len().min(residuals.len());
    let mut non_finite = 0;
    let mut pts = Vec::with_capacity(n);
    for (xi, ri) in x.iter().zip(residuals) {
        if xi.is_finite() && ri.is_finite() {
            pts.push((*xi, *ri));
        } else {
            non_finite += 1;
        }
    }
    let xr = hull(pts.iter().map(|p| p.0), 0.03, (0.0, 1.0));
    // The zero line is always inside, and the picture is symmetric enough to read signs.
    let big = pts.iter().fold(0.0_f64, |a, p| a.max(p.1.abs()));
    let big = if big > 0.0 && big < f64::MAX / 2.0 {
        big
    } else if big > 0.0 {
        f64::MAX / 2.0
    } else {
        1.0
    };
    let yr = Interval {
        lo: -1.08 * big,
        hi: 1.08 * big,
    };
    let fig = ResidualFigure {
        opts,
        b: PlotBox { x: xr, y: yr },
        pts,
        drawn: std::cell::Cell::new(0),
        frame: std::cell::Cell::new(None),
    };
    let rendered = render(path, opts.size, &fig)?;
    Ok(PlotSummary {
        format: Some(rendered.format),
        svg: rendered.svg,
        frame: rendered.frame,
        non_finite,
        drawn_points: fig.drawn.get(),
        range: Some(fig.b),
        ..Default::default()
    })
}

struct ResidualFigure<'o> {
    opts: &'o ResidualOptions,
    b: PlotBox,
    pts: Vec<(f64, f64)>,
    drawn: std::cell::Cell<usize>,
    frame: std::cell::Cell<Option<Frame>>,
}

impl Figure for ResidualFigure<'_> {
    fn frame(&self) -> Option<Frame> {
        self.frame.get()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError>
    where
        DB::ErrorType: 'static,
    {
        let title = self
            .opts
            .title
            .clone()
            .unwrap_or_else(|| tr!("plot-residual-title", x = &self.opts.x_name));
        let area = titled(root, Some(title.as_str()))?;
        let (xf, yf) = axis_formats(&self.b);
        let (x_fmt, y_fmt) = (|v: &f64| xf.label(*v), |v: &f64| yf.label(*v));
        let mut chart = build_chart(
            &area,
            &self.b,
            &self.opts.x_name,
            &self.opts.y_name,
            &x_fmt,
            &y_fmt,
        )?;
        let frame = Frame::of(
            self.opts.size,
            chart.plotting_area().get_pixel_range(),
            self.b,
        );
        self.frame.set(Some(frame));
        let cols = Columns::of(&frame);
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(self.b.x.lo, 0.0), (self.b.x.hi, 0.0)],
            BLACK.mix(0.6).stroke_width(2),
        )))?;
        let kept = residual_dots(&self.pts, &cols, self.opts.max_points);
        self.drawn.set(kept.len());
        let color = PALETTE[0];
        chart.draw_series(
            kept.iter()
                .map(|&i| Circle::new(self.pts[i], 3, color.mix(0.8).filled())),
        )?;
        Ok(())
    }
}

/// The dots of a residual chart to draw: one per pixel they fall on; beyond `max` of those, the
/// lowest and highest of each pixel column; beyond `max` again, an even sample of those.
fn residual_dots(pts: &[(f64, f64)], cols: &Columns, max: usize) -> Vec<usize> {
    let cell = |p: (f64, f64)| {
        let (x, y) = cols.px(p);
        ((x + 1e-3).floor() as i64, (y + 1e-3).floor() as i64)
    };
    let mut seen = std::collections::HashSet::new();
    let mut kept: Vec<usize> = (0..pts.len())
        .filter(|&i| seen.insert(cell(pts[i])))
        .collect();
    let max = max.max(2);
    if kept.len() > max {
        let mut by_col: std::collections::BTreeMap<i64, (usize, usize)> = Default::default();
        for &i in &kept {
            let c = cell(pts[i]).0;
            let e = by_col.entry(c).or_insert((i, i));
            if pts[i].1 < pts[e.0].1 {
                e.0 = i;
            }
            if pts[i].1 > pts[e.1].1 {
                e.1 = i;
            }
        }
        kept = by_col.values().flat_map(|(a, b)| [*a, *b]).collect();
        kept.sort_unstable();
        kept.dedup();
    }
    if kept.len() > max {
        let m = kept.len() - 1;
        let mut out: Vec<usize> = (0..max).map(|k| kept[k * m / (max - 1)]).collect();
        out.dedup();
        kept = out;
    }
    kept
}

/// What a chart left out of its log axes, and why.
#[derive(Default)]
struct LeftOut {
    non_finite: usize,
    non_positive: usize,
    zero_iterations: usize,
}

impl LeftOut {
    /// `log10(v)` for a positive finite `v`; `None` (a break, counted) otherwise.
    fn log(&mut self, v: f64) -> Option<f64> {
        if !v.is_finite() {
            self.non_finite += 1;
            None
        } else if v <= 0.0 {
            self.non_positive += 1;
            None
        } else {
            Some(v.log10())
        }
    }
}

/// A named polyline in chart coordinates (`None` breaks it) with an optional marked point.
struct Line {
    name: String,
    pts: Vec<Option<(f64, f64)>>,
    best: Option<(f64, f64)>,
}

/// A chart of lines on a log value axis (the loss and sweep charts).
struct LineFigure {
    size: (u32, u32),
    title: String,
    x_desc: String,
    y_desc: String,
    x_log: bool,
    /// A dot at each data point (the sweep's few steps).
    dots: bool,
    series: Vec<Line>,
    max_points: usize,
    drawn: std::cell::Cell<usize>,
    frame: std::cell::Cell<Option<Frame>>,
}

fn hull(pts: impl Iterator<Item = f64>, pad: f64, empty: (f64, f64)) -> Interval {
    let (lo, hi) = pts.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
        (l.min(v), h.max(v))
    });
    if lo > hi || !lo.is_finite() || !hi.is_finite() {
        return Interval {
            lo: empty.0,
            hi: empty.1,
        };
    }
    let span = if hi > lo { hi - lo } else { 1.0 };
    Interval {
        lo: lo - pad * span,
        hi: hi + pad * span,
    }
}

pub(crate) type Chart2d<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Margin around the chart, in pixels, and the heights of the axes' label areas (the legend
/// column starts level with the plotting area and stops above the tick labels).
const MARGIN: i32 = 16;
const X_LABEL_AREA: i32 = 60;

pub(crate) fn build_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    b: &PlotBox,
    x_desc: &str,
    y_desc: &str,
    x_fmt: &dyn Fn(&f64) -> String,
    y_fmt: &dyn Fn(&f64) -> String,
) -> Result<Chart2d<'a, DB>, PlotError>
where
    DB::ErrorType: 'static,
{
    // A wider right margin keeps the last tick label (e.g. 300000 iterations) whole.
    let mut chart = ChartBuilder::on(area)
        .margin(MARGIN as u32)
        .margin_right(48)
        .x_label_area_size(X_LABEL_AREA as u32)
        .y_label_area_size(86)
        .build_cartesian_2d(b.x.lo..b.x.hi, b.y.lo..b.y.hi)?;
    let mut mesh = chart.configure_mesh();
    mesh.light_line_style(BLACK.mix(0.04))
        .bold_line_style(BLACK.mix(0.12))
        .x_desc(x_desc)
        .label_style((FONT, LABEL_PX))
        .axis_desc_style((font_for(&format!("{x_desc}{y_desc}")), DESC_PX))
        .x_labels(10)
        .y_labels(8)
        .x_label_formatter(x_fmt)
        .y_label_formatter(y_fmt);
    // An empty name draws no axis title (the several-formula chart names its curves instead).
    if !y_desc.is_empty() {
        mesh.y_desc(y_desc);
    }
    mesh.draw()?;
    Ok(chart)
}

/// The tick formats of a linear chart built by [`build_chart`] (10 labels across, 8 up): one
/// number format per axis, `0` written `0`.
pub(crate) fn axis_formats(b: &PlotBox) -> (TickFormat, TickFormat) {
    (
        TickFormat::for_axis(b.x.lo, b.x.hi, 10),
        TickFormat::for_axis(b.y.lo, b.y.hi, 8),
    )
}

/// The legend column right of the chart: its top level with the plotting area's.
fn legend_top<DB: DrawingBackend>(legend: &DrawingArea<DB, Shift>, plot_top: i32) -> i32 {
    plot_top - legend.get_base_pixel().1 + 6
}

impl Figure for LineFigure {
    fn frame(&self) -> Option<Frame> {
        self.frame.get()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError>
    where
        DB::ErrorType: 'static,
    {
        let area = titled(root, Some(self.title.as_str()))?;
        let entries: Vec<LegendEntry> = self
            .series
            .iter()
            .enumerate()
            .map(|(k, line)| {
                let color = PALETTE[k % PALETTE.len()];
                LegendEntry {
                    label: line.name.clone(),
                    mark: if self.dots {
                        LegendMark::LineDot(color)
                    } else {
                        LegendMark::Line(color, 3)
                    },
                }
            })
            .collect();
        let font = legend_font(self.series.iter().map(|s| s.name.as_str()));
        let (plot_area, legend_area) =
            split_for_legend(&area, &entries, font, MARGIN, MARGIN + X_LABEL_AREA);
        let all = || self.series.iter().flat_map(|s| s.pts.iter().flatten());
        let x = hull(
            all().map(|p| p.0),
            if self.x_log { 0.04 } else { 0.0 },
            (0.0, 1.0),
        );
        let y = hull(all().map(|p| p.1), 0.06, (-1.0, 1.0));
        let b = PlotBox { x, y };
        // One label form per axis: whole decades on a log axis, one number format on a linear one.
        let (x_lin, _) = axis_formats(&b);
        let x_logf = LogTickFormat::for_axis(b.x.lo, b.x.hi);
        let y_logf = LogTickFormat::for_axis(b.y.lo, b.y.hi);
        let x_fmt = |v: &f64| {
            if self.x_log {
                x_logf.label(*v)
            } else {
                x_lin.label(*v)
            }
        };
        let y_fmt = |v: &f64| y_logf.label(*v);
        let mut chart = build_chart(&plot_area, &b, &self.x_desc, &self.y_desc, &x_fmt, &y_fmt)?;
        let mut frame = Frame::of(self.size, chart.plotting_area().get_pixel_range(), b);
        frame.x_log = self.x_log;
        frame.y_log = true;
        self.frame.set(Some(frame));
        let cols = Columns::of(&frame);
        let mut drawn = 0;
        for (k, line) in self.series.iter().enumerate() {
            let color = PALETTE[k % PALETTE.len()];
            let (pieces, kept) = prepare_pieces(&line.pts, &cols, self.max_points);
            drawn += kept;
            draw_line_pieces(&mut chart, &pieces, color, 3)?;
            if self.dots {
                chart.draw_series(
                    pieces
                        .iter()
                        .flatten()
                        .map(|p| Circle::new(*p, 4, color.filled())),
                )?;
            }
            if let Some(best) = line.best.filter(|p| b.contains(*p)) {
                chart.draw_series(std::iter::once(
                    EmptyElement::at(best)
                        + Circle::new((0, 0), 11, color.stroke_width(3))
                        + Circle::new((0, 0), 4, color.filled()),
                ))?;
            }
        }
        self.drawn.set(drawn);
        if let Some(legend) = legend_area {
            let top = legend_top(&legend, frame.top);
            draw_legend(&legend, &entries, font, top, MARGIN + X_LABEL_AREA)?;
        }
        Ok(())
    }
}

struct CurveFigure<'o> {
    opts: &'o CurveOptions,
    b: PlotBox,
    curve: Vec<Option<(f64, f64)>>,
    names: Vec<String>,
    series: Vec<Vec<Option<(f64, f64)>>>,
    minimum: Option<(f64, f64)>,
    drawn: std::cell::Cell<usize>,
    frame: std::cell::Cell<Option<Frame>>,
}

impl Figure for CurveFigure<'_> {
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
        let y_desc = format!("f({})", self.opts.var_name);
        let mut entries = vec![LegendEntry {
            label: y_desc.clone(),
            mark: LegendMark::Line(CURVE_GREY, 2),
        }];
        for (k, name) in self.names.iter().enumerate() {
            entries.push(LegendEntry {
                label: name.clone(),
                mark: LegendMark::Line(PALETTE[k % PALETTE.len()], 3),
            });
        }
        if self.minimum.is_some() {
            entries.push(LegendEntry {
                label: tr!("plot-legend-minimum"),
                mark: LegendMark::Star,
            });
        }
        let font = legend_font(entries.iter().map(|e| e.label.as_str()));
        let (plot_area, legend_area) =
            split_for_legend(&area, &entries, font, MARGIN, MARGIN + X_LABEL_AREA);
        let mut chart = build_chart(&plot_area, &b, &self.opts.var_name, &y_desc, &x_fmt, &y_fmt)?;
        let frame = Frame::of(self.opts.size, chart.plotting_area().get_pixel_range(), b);
        self.frame.set(Some(frame));
        if b.y.contains(0.0) {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(b.x.lo, 0.0), (b.x.hi, 0.0)],
                BLACK.mix(0.5).stroke_width(1),
            )))?;
        }
        let cols = Columns::of(&frame);
        let (pieces, _) = prepare_pieces(&self.curve, &cols, CHART_MAX_DRAWN_POINTS);
        draw_line_pieces(&mut chart, &pieces, CURVE_GREY, 2)?;
        let pm = PixMap {
            b,
            w: cols.w,
            h: cols.h,
        };
        // The legend is outside the plotting area: where the paths lie does not move it.
        let mut occupancy = [0usize; 4];
        let mut drawn = 0;
        for (k, pts) in self.series.iter().enumerate() {
            let color = PALETTE[k % PALETTE.len()];
            let dots: Vec<(f64, f64)> = pts
                .iter()
                .flatten()
                .copied()
                .filter(|p| b.contains(*p))
                .collect();
            let pix: Vec<(f64, f64)> = dots.iter().map(|p| pm.px(*p)).collect();
            let kept = thin(&pix, self.opts.max_drawn_points);
            let prepared = prepare_path(&pm, pts, self.opts.max_drawn_points, &mut occupancy);
            let width = path_width(k, self.series.len());
            draw_casing(&mut chart, &prepared, width)?;
            draw_line(&mut chart, &pm, &prepared, color, width)?;
            drawn += prepared.kept;
            chart.draw_series(
                kept.iter()
                    .map(|&i| Circle::new(dots[i], 3, BLACK.mix(0.8).filled())),
            )?;
        }
        self.drawn.set(drawn);
        if let Some(m) = self.minimum {
            if b.contains(m) {
                chart.draw_series(std::iter::once(star_marker(m)))?;
            }
        }
        if let Some(legend) = legend_area {
            let top = legend_top(&legend, frame.top);
            draw_legend(&legend, &entries, font, top, MARGIN + X_LABEL_AREA)?;
        }
        Ok(())
    }
}

/// The colour of a curve's own line.
const CURVE_GREY: RGBColor = RGBColor(0x40, 0x40, 0x40);

/// The font of a legend: plotters draws all its labels in one font, so the CJK one when any
/// label needs it.
pub(crate) fn legend_font<'a>(labels: impl IntoIterator<Item = &'a str>) -> &'static str {
    let all: String = labels.into_iter().collect();
    font_for(&all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_axes_leave_out_what_they_cannot_show() {
        let mut c = LeftOut::default();
        assert_eq!(c.log(1e-3), Some(-3.0));
        assert_eq!(c.log(0.0), None);
        assert_eq!(c.log(-1.0), None);
        assert_eq!(c.log(f64::INFINITY), None);
        assert_eq!(c.log(f64::NAN), None);
        assert_eq!((c.non_positive, c.non_finite), (2, 2));
    }

    #[test]
    fn residual_dots_keep_extremes_per_column() {
        let b = PlotBox {
            x: Interval { lo: 0.0, hi: 10.0 },
            y: Interval { lo: -5.0, hi: 5.0 },
        };
        let cols = Columns {
            b,
            w: 10.0,
            h: 100.0,
        };
        // 1000 rows in 10 columns; the extremes are rows 333 (lowest) and 777 (highest).
        let pts: Vec<(f64, f64)> = (0..1000)
            .map(|i| {
                let y = match i {
                    333 => -4.9,
                    777 => 4.9,
                    _ => ((i * 37) % 200) as f64 / 100.0 - 1.0,
                };
                (i as f64 / 100.0, y)
            })
            .collect();
        let kept = residual_dots(&pts, &cols, 30);
        assert!(kept.len() <= 30 && kept.contains(&333) && kept.contains(&777));
    }
}
