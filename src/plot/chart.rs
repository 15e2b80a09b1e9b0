//! Line charts: the 1-D curve with descent paths on it (the book's figure 2-7), the loss chart
//! (value on a log axis against iteration), the gradient-check step-size sweep (log-log) and the
//! residual chart of a fit (one dot per row, with the zero line).
//!
//! Invariants: the curve and its path points are evaluated in one batch call; log axes plot
//! `log10` of the data on a linear axis labelled `1eK`, so tick placement never depends on
//! plotters' log-coordinate heuristics; values `<= 0` on a log axis are drawn at a floor one
//! decade under the smallest positive value (or `1e-16` when there is none) and counted in
//! [`PlotSummary::clamped`]; non-finite values break the line and are otherwise skipped.

use std::path::Path;

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::map::{
    check_dim, draw_casing, draw_line, legend_corner, path_width, prepare_path, star_marker, titled,
};
use super::style::{fmt_log10, fmt_num, font_for, thin, PixMap, DESC_PX, FONT, LABEL_PX, PALETTE};
use super::{
    check_grid, render, target_format, BatchEval, ChartOptions, CurveOptions, Figure, Frame,
    Interval, PathSeries, PlotBox, PlotError, PlotSummary, ResidualOptions, SweepSeries, MAX_GRID,
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
/// numbers. Values `<= 0` are drawn at a floor and counted; the title says so.
///
/// ```no_run
/// use nabla::plot::{loss_chart, ChartOptions, PathSeries};
/// let run = PathSeries::new("gd", vec![vec![0.0]; 3]).with_values(vec![10.0, 1.0, 0.1]);
/// let s = loss_chart("loss.svg".as_ref(), &[run], &ChartOptions::default())?;
/// assert_eq!(s.clamped, 0);
/// # Ok::<(), nabla::plot::PlotError>(())
/// ```
pub fn loss_chart(
    path: &Path,
    paths: &[PathSeries],
    opts: &ChartOptions,
) -> Result<PlotSummary, PlotError> {
    target_format(path)?;
    let floor = log_floor(paths.iter().flat_map(|p| p.values.iter().copied()));
    let mut clamped = 0;
    let mut non_finite = 0;
    let series: Vec<Line> = paths
        .iter()
        .map(|p| {
            let pts = p
                .values
                .iter()
                .enumerate()
                .map(|(k, v)| {
                    let y = to_log(*v, floor, &mut clamped, &mut non_finite)?;
                    Some((p.iteration(k) as f64, y))
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
    if clamped > 0 {
        title.push_str(&tr!("plot-loss-clamped", floor = fmt_num(floor)));
    }
    let fig = LineFigure {
        title,
        x_desc: tr!("plot-axis-iteration"),
        y_desc: tr!("plot-axis-f-log"),
        x_log: false,
        series,
        max_points: opts.max_drawn_points,
        drawn: std::cell::Cell::new(0),
    };
    let rendered = render(path, opts.size, &fig)?;
    Ok(PlotSummary {
        format: Some(rendered.format),
        svg: rendered.svg,
        frame: rendered.frame,
        non_finite,
        clamped,
        floor: (clamped > 0).then_some(floor),
        drawn_points: fig.drawn.get(),
        ..Default::default()
    })
}

/// Writes the step-size sweep of a gradient check: each series' error against the step `h` on
/// log-log axes, with the best step of each series marked and named in the legend.
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
    let floor = log_floor(series.iter().flat_map(|s| s.errors.iter().copied()));
    let mut clamped = 0;
    let mut non_finite = 0;
    let lines: Vec<Line> = series
        .iter()
        .map(|s| {
            let pts = s
                .steps
                .iter()
                .zip(&s.errors)
                .map(|(h, e)| {
                    if !(h.is_finite() && *h > 0.0) {
                        non_finite += 1;
                        return None;
                    }
                    let y = to_log(*e, floor, &mut clamped, &mut non_finite)?;
                    Some((h.log10(), y))
                })
                .collect();
            let best = s.best().map(|(h, e)| (h.log10(), e.max(floor).log10()));
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
    if clamped > 0 {
        title.push_str(&tr!("plot-sweep-clamped", floor = fmt_num(floor)));
    }
    let fig = LineFigure {
        title,
        x_desc: tr!("plot-axis-step-log"),
        y_desc: tr!("plot-axis-error-log"),
        x_log: true,
        series: lines,
        max_points: opts.max_drawn_points,
        drawn: std::cell::Cell::new(0),
    };
    let rendered = render(path, opts.size, &fig)?;
    Ok(PlotSummary {
        format: Some(rendered.format),
        svg: rendered.svg,
        frame: rendered.frame,
        non_finite,
        clamped,
        floor: (clamped > 0).then_some(floor),
        drawn_points: fig.drawn.get(),
        ..Default::default()
    })
}

/// Writes the residual chart of a fit: one dot per row at `(x[i], residuals[i])` (rows beyond
/// [`ResidualOptions::max_points`] are thinned evenly, first and last kept), and the zero line.
/// Non-finite pairs are skipped and counted in [`PlotSummary::non_finite`].
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
    let every = n.div_ceil(opts.max_points.max(1)).max(1);
    let mut non_finite = 0;
    let mut pts = Vec::with_capacity(n.min(opts.max_points.max(1)) + 1);
    for i in (0..n).filter(|i| i % every == 0 || *i + 1 == n) {
        if x[i].is_finite() && residuals[i].is_finite() {
            pts.push((x[i], residuals[i]));
        }
    }
    for i in 0..n {
        if !(x[i].is_finite() && residuals[i].is_finite()) {
            non_finite += 1;
        }
    }
    let xr = hull(pts.iter().map(|p| p.0), 0.03, (0.0, 1.0));
    // The zero line is always inside, and the picture is symmetric enough to read signs.
    let big = pts.iter().fold(0.0_f64, |a, p| a.max(p.1.abs()));
    let big = if big > 0.0 { big } else { 1.0 };
    let yr = Interval {
        lo: -1.08 * big,
        hi: 1.08 * big,
    };
    let fig = ResidualFigure {
        opts,
        b: PlotBox { x: xr, y: yr },
        pts,
    };
    let rendered = render(path, opts.size, &fig)?;
    Ok(PlotSummary {
        format: Some(rendered.format),
        svg: rendered.svg,
        frame: rendered.frame,
        non_finite,
        drawn_points: fig.pts.len(),
        range: Some(fig.b),
        ..Default::default()
    })
}

struct ResidualFigure<'o> {
    opts: &'o ResidualOptions,
    b: PlotBox,
    pts: Vec<(f64, f64)>,
}

impl Figure for ResidualFigure<'_> {
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
        let fmt = |v: &f64| fmt_num(*v);
        let mut chart = build_chart(
            &area,
            &self.b,
            &self.opts.x_name,
            &self.opts.y_name,
            &fmt,
            &fmt,
        )?;
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(self.b.x.lo, 0.0), (self.b.x.hi, 0.0)],
            BLACK.mix(0.6).stroke_width(2),
        )))?;
        let color = PALETTE[0];
        chart.draw_series(
            self.pts
                .iter()
                .map(|p| Circle::new(*p, 3, color.mix(0.8).filled())),
        )?;
        Ok(())
    }
}

/// The power of ten at least one decade under the smallest positive finite value, or `1e-16`
/// when there is none.
fn log_floor(values: impl Iterator<Item = f64>) -> f64 {
    let min = values
        .filter(|v| v.is_finite() && *v > 0.0)
        .fold(f64::INFINITY, f64::min);
    if min.is_finite() {
        10f64.powf(min.log10().floor() - 1.0)
    } else {
        1e-16
    }
}

/// `log10(v)`, drawing `v <= 0` at the floor; `None` (a break) for non-finite `v`.
fn to_log(v: f64, floor: f64, clamped: &mut usize, non_finite: &mut usize) -> Option<f64> {
    if !v.is_finite() {
        *non_finite += 1;
        None
    } else if v <= 0.0 {
        *clamped += 1;
        Some(floor.log10())
    } else {
        Some(v.log10())
    }
}

/// A named polyline in chart coordinates (`None` breaks it) with an optional marked point.
struct Line {
    name: String,
    pts: Vec<Option<(f64, f64)>>,
    best: Option<(f64, f64)>,
}

struct LineFigure {
    title: String,
    x_desc: String,
    y_desc: String,
    x_log: bool,
    series: Vec<Line>,
    max_points: usize,
    drawn: std::cell::Cell<usize>,
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

type Chart2d<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

fn build_chart<'a, DB: DrawingBackend>(
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
        .margin(16)
        .margin_right(48)
        .x_label_area_size(60)
        .y_label_area_size(86)
        .build_cartesian_2d(b.x.lo..b.x.hi, b.y.lo..b.y.hi)?;
    chart
        .configure_mesh()
        .light_line_style(BLACK.mix(0.04))
        .bold_line_style(BLACK.mix(0.12))
        .x_desc(x_desc)
        .y_desc(y_desc)
        .label_style((FONT, LABEL_PX))
        .axis_desc_style((font_for(&format!("{x_desc}{y_desc}")), DESC_PX))
        .x_labels(10)
        .y_labels(8)
        .x_label_formatter(x_fmt)
        .y_label_formatter(y_fmt)
        .draw()?;
    Ok(chart)
}

impl Figure for LineFigure {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError>
    where
        DB::ErrorType: 'static,
    {
        let area = titled(root, Some(self.title.as_str()))?;
        let all = || self.series.iter().flat_map(|s| s.pts.iter().flatten());
        let x = hull(
            all().map(|p| p.0),
            if self.x_log { 0.04 } else { 0.0 },
            (0.0, 1.0),
        );
        let y = hull(all().map(|p| p.1), 0.06, (-1.0, 1.0));
        let b = PlotBox { x, y };
        let x_fmt = |v: &f64| {
            if self.x_log {
                fmt_log10(*v)
            } else if v.fract() == 0.0 && v.abs() < 1e12 {
                format!("{}", *v as i64)
            } else {
                fmt_num(*v)
            }
        };
        let y_fmt = |v: &f64| fmt_log10(*v);
        let mut chart = build_chart(&area, &b, &self.x_desc, &self.y_desc, &x_fmt, &y_fmt)?;
        let (pw, ph) = chart.plotting_area().dim_in_pixel();
        let pm = PixMap {
            b,
            w: f64::from(pw),
            h: f64::from(ph),
        };
        let mut drawn = 0;
        let mut occupancy = [0usize; 4];
        for (k, line) in self.series.iter().enumerate() {
            let color = PALETTE[k % PALETTE.len()];
            let finite: Vec<(f64, f64)> = line.pts.iter().flatten().copied().collect();
            let pix: Vec<(f64, f64)> = finite.iter().map(|p| pm.px(*p)).collect();
            let kept = thin(&pix, self.max_points);
            drawn += kept.len();
            for &i in &kept {
                let (px, py) = pix[i];
                occupancy[usize::from(px > 0.5 * pm.w) + 2 * usize::from(py > 0.5 * pm.h)] += 1;
            }
            let kept_set: Vec<(f64, f64)> = kept.iter().map(|&i| finite[i]).collect();
            // Rebuild with breaks where the input had non-finite values.
            let mut pieces: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
            let mut idx = 0usize;
            let mut kept_iter = kept.iter().peekable();
            for p in &line.pts {
                match p {
                    None => {
                        if pieces.last().is_some_and(|v| !v.is_empty()) {
                            pieces.push(Vec::new());
                        }
                    }
                    Some(q) => {
                        if kept_iter.peek() == Some(&&idx) {
                            if let Some(last) = pieces.last_mut() {
                                last.push(*q);
                            }
                            kept_iter.next();
                        }
                        idx += 1;
                    }
                }
            }
            for piece in pieces.iter().filter(|p| !p.is_empty()) {
                if let [single] = piece.as_slice() {
                    // A point with breaks on both sides would otherwise not show.
                    chart.draw_series(std::iter::once(Circle::new(*single, 4, color.filled())))?;
                    continue;
                }
                chart.draw_series(std::iter::once(PathElement::new(
                    piece.clone(),
                    color.stroke_width(3),
                )))?;
            }
            if self.x_log {
                chart.draw_series(kept_set.iter().map(|p| Circle::new(*p, 4, color.filled())))?;
            }
            chart
                .draw_series(std::iter::empty::<PathElement<(f64, f64)>>())?
                .label(line.name.as_str())
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 22, y)], color.stroke_width(3))
                });
            if let Some(best) = line.best {
                chart.draw_series(std::iter::once(
                    EmptyElement::at(best)
                        + Circle::new((0, 0), 11, color.stroke_width(3))
                        + Circle::new((0, 0), 4, color.filled()),
                ))?;
            }
        }
        self.drawn.set(drawn);
        if !self.series.is_empty() {
            chart
                .configure_series_labels()
                .position(legend_corner(occupancy))
                .margin(12)
                .legend_area_size(30)
                .background_style(WHITE.mix(0.9))
                .border_style(BLACK.mix(0.6))
                .label_font((
                    legend_font(self.series.iter().map(|s| s.name.as_str())),
                    LABEL_PX,
                ))
                .draw()?;
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
        let fmt = |v: &f64| fmt_num(*v);
        let y_desc = format!("f({})", self.opts.var_name);
        let mut chart = build_chart(&area, &b, &self.opts.var_name, &y_desc, &fmt, &fmt)?;
        self.frame.set(Some(Frame::of(
            self.opts.size,
            chart.plotting_area().get_pixel_range(),
            b,
        )));
        if b.y.contains(0.0) {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(b.x.lo, 0.0), (b.x.hi, 0.0)],
                BLACK.mix(0.5).stroke_width(1),
            )))?;
        }
        for piece in super::style::clip_polyline(&self.curve, &b) {
            chart.draw_series(std::iter::once(PathElement::new(
                piece,
                RGBColor(0x40, 0x40, 0x40).stroke_width(2),
            )))?;
        }
        chart
            .draw_series(std::iter::empty::<PathElement<(f64, f64)>>())?
            .label(y_desc.as_str())
            .legend(|(x, y)| {
                PathElement::new(
                    vec![(x, y), (x + 22, y)],
                    RGBColor(0x40, 0x40, 0x40).stroke_width(2),
                )
            });
        let (pw, ph) = chart.plotting_area().dim_in_pixel();
        let pm = PixMap {
            b,
            w: f64::from(pw),
            h: f64::from(ph),
        };
        let mut occupancy = [0usize; 4];
        for p in self.curve.iter().flatten() {
            let (px, py) = pm.px(*p);
            occupancy[usize::from(px > 0.5 * pm.w) + 2 * usize::from(py > 0.5 * pm.h)] += 1;
        }
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
            chart
                .draw_series(std::iter::empty::<PathElement<(f64, f64)>>())?
                .label(self.names[k].as_str())
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 22, y)], color.stroke_width(3))
                });
        }
        self.drawn.set(drawn);
        if let Some(m) = self.minimum {
            if b.contains(m) {
                chart.draw_series(std::iter::once(star_marker(m)))?;
            }
            chart
                .draw_series(std::iter::empty::<PathElement<(f64, f64)>>())?
                .label(tr!("plot-legend-minimum"))
                .legend(|(x, y)| star_marker((x + 11, y)));
        }
        let minimum_label = self.minimum.map(|_| tr!("plot-legend-minimum"));
        let labels = std::iter::once(y_desc.as_str())
            .chain(self.names.iter().map(String::as_str))
            .chain(minimum_label.as_deref());
        chart
            .configure_series_labels()
            .position(legend_corner(occupancy))
            .margin(12)
            .legend_area_size(30)
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK.mix(0.6))
            .label_font((legend_font(labels), LABEL_PX))
            .draw()?;
        Ok(())
    }
}

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
    fn floor_is_a_decade_under_the_smallest_positive() {
        assert_eq!(log_floor([0.0, 1e-3, 5.0, f64::NAN].into_iter()), 1e-4);
        assert_eq!(log_floor([0.02].into_iter()), 1e-3);
        assert_eq!(log_floor([0.0, -1.0].into_iter()), 1e-16);
        let (mut c, mut n) = (0, 0);
        assert_eq!(to_log(0.0, 1e-4, &mut c, &mut n), Some(-4.0));
        assert_eq!(to_log(f64::INFINITY, 1e-4, &mut c, &mut n), None);
        assert_eq!((c, n), (1, 1));
    }
}
