//! Pictures of functions of two variables: the contour map (filled isobands or lines, colour bar,
//! optional gradient arrows, optimizer paths, the minimum's star) and the 3-D surface.
//!
//! The grid, the isobands or lines and the arrows are computed in `isobands.rs`; this file lays
//! out the figure and draws them with the axes, the colour bar, the paths and the markers.
//!
//! Invariants: the grid is evaluated with one call to the batch closure (one per block of rows
//! beyond 2^20 points, see `isobands`), plus one call to the gradient closure for the arrows. All geometry is clipped to the box before drawing, because
//! plotters does not clip.

use std::path::Path;

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::element::ComposedElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::isobands::{filled_shapes, line_shapes, quiver, Arrow, Grid, Shape, FILL_LIGHT};
use super::marks::{
    arrow_spots, dash_piece, draw_ends, draw_heads, draw_legend, halo_width, legend_layout,
    line_width, picture_scale, place_ends, Symbol,
};
use super::style::{
    arrow_head, clip_polyline, colormap, font_for, star, thin, Levels, PixMap, TickFormat, DASHES,
    DESC_PX, FONT, LABEL_PX, PALETTE, STAR, TITLE_PX,
};
use super::{
    check_grid, render, target_format, BatchEval, ContourOptions, ContourStyle, Figure, Frame,
    PathSeries, PlotBox, PlotError, PlotSummary, MAX_GRID,
};
use crate::tr;

/// Writes a contour map of `f` over a box, with each path drawn over it.
///
/// `f` receives all `nx * ny` grid points (row-major `[x, y]` pairs) in one call (in blocks of
/// rows, in order, beyond 2^20 points). When `grad` is
/// given it receives the arrow grid in one call and writes `[df/dx, df/dy]` per point; arrows show
/// the descent direction `-grad f`, all of one length. Paths must have two coordinates per point.
/// The returned summary counts the grid points where `f` was NaN or infinite (left blank).
///
/// ```no_run
/// use nabla::plot::{contour_map, ContourOptions, PathSeries, PlotBox};
/// let mut beale = |p: &[f64], out: &mut [f64]| {
///     for (o, v) in out.iter_mut().zip(p.chunks_exact(2)) {
///         let (x, y) = (v[0], v[1]);
///         *o = (1.5 - x + x * y).powi(2)
///             + (2.25 - x + x * y * y).powi(2)
///             + (2.625 - x + x * y.powi(3)).powi(2);
///     }
/// };
/// let path = PathSeries::new("gd", vec![vec![3.0, 4.0], vec![3.0, 0.5]]);
/// let opts = ContourOptions {
///     range: Some(PlotBox::new((-4.5, 4.5), (-4.5, 4.5))?),
///     minimum: Some([3.0, 0.5]),
///     ..Default::default()
/// };
/// let summary = contour_map("beale.svg".as_ref(), &mut beale, None, &[path], &opts)?;
/// assert_eq!(summary.non_finite, 0);
/// # Ok::<(), nabla::plot::PlotError>(())
/// ```
pub fn contour_map(
    path: &Path,
    f: &mut BatchEval,
    grad: Option<&mut BatchEval>,
    paths: &[PathSeries],
    opts: &ContourOptions,
) -> Result<PlotSummary, PlotError> {
    target_format(path)?;
    let (nx, ny) = opts.grid;
    check_grid(nx, ny, MAX_GRID)?;
    for p in paths {
        check_dim(p, 2)?;
    }
    let b = match opts.range {
        Some(b) => b,
        None => PlotBox::around(default_points(paths, opts.minimum)),
    };

    let grid = Grid::evaluate(f, &b, nx, ny);
    let levels = Levels::new(grid.fmin, grid.fmax, opts.levels, opts.scale);
    let shapes = match opts.style {
        ContourStyle::Filled => filled_shapes(&grid, &levels, &b)?,
        ContourStyle::Lines => line_shapes(&grid, &levels, &b)?,
    };
    let arrows = match grad {
        Some(g) => quiver(g, &b, opts.quiver_grid),
        None => Vec::new(),
    };
    let series: Vec<Vec<Option<(f64, f64)>>> = paths
        .iter()
        .map(|p| {
            p.points
                .iter()
                .map(|q| {
                    let (x, y) = (q[0], q[1]);
                    (x.is_finite() && y.is_finite()).then_some((x, y))
                })
                .collect()
        })
        .collect();
    let fig = MapFigure {
        opts,
        b,
        levels,
        shapes,
        arrows,
        names: paths.iter().map(|p| p.name.clone()).collect(),
        series,
        drawn: std::cell::Cell::new(0),
        frame: std::cell::Cell::new(None),
    };
    let rendered = render(path, opts.size, &fig)?;
    Ok(PlotSummary {
        format: Some(rendered.format),
        svg: rendered.svg,
        frame: rendered.frame,
        evaluated: grid.values.len(),
        non_finite: grid.non_finite,
        saturated: grid.saturated,
        drawn_points: fig.drawn.get(),
        range: Some(b),
        ..Default::default()
    })
}

pub(crate) fn check_dim(p: &PathSeries, dim: usize) -> Result<(), PlotError> {
    match p.points.iter().find(|q| q.len() != dim) {
        Some(q) => Err(PlotError::PathDimension {
            name: p.name.clone(),
            expected: dim,
            found: q.len(),
        }),
        None => Ok(()),
    }
}

fn default_points(paths: &[PathSeries], minimum: Option<[f64; 2]>) -> Vec<[f64; 2]> {
    let mut pts: Vec<[f64; 2]> = minimum.into_iter().collect();
    for p in paths {
        for q in [p.points.first(), p.points.last()].into_iter().flatten() {
            pts.push([q[0], q[1]]);
        }
    }
    pts
}

struct MapFigure<'o> {
    opts: &'o ContourOptions,
    b: PlotBox,
    levels: Levels,
    shapes: Vec<Shape>,
    arrows: Vec<Arrow>,
    names: Vec<String>,
    series: Vec<Vec<Option<(f64, f64)>>>,
    drawn: std::cell::Cell<usize>,
    frame: std::cell::Cell<Option<Frame>>,
}

/// Width of the colour bar's area, pixels.
const BAR_AREA: u32 = 130;
const MARGIN: u32 = 12;
const X_LABEL_AREA: u32 = 60;
const Y_LABEL_AREA: u32 = 80;
/// At most this many tick labels per axis of the map.
const AXIS_LABELS: usize = 9;
/// The thin lines between filled bands: black, faint.
const LEVEL_LINE: RGBAColor = RGBAColor(0, 0, 0, 0.22);

/// Black text of `px` in the font that draws `text` ([`font_for`]).
fn text_style(text: &str, px: f64) -> TextStyle<'static> {
    (font_for(text), px).into_font().color(&BLACK)
}

pub(crate) fn titled<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: Option<&str>,
) -> Result<DrawingArea<DB, Shift>, PlotError>
where
    DB::ErrorType: 'static,
{
    match title {
        Some(t) => Ok(root.titled(t, (font_for(t), TITLE_PX))?),
        None => Ok(root.clone()),
    }
}

impl Figure for MapFigure<'_> {
    fn frame(&self) -> Option<Frame> {
        self.frame.get()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError>
    where
        DB::ErrorType: 'static,
    {
        let area = titled(root, self.opts.title.as_deref())?;
        let scale = picture_scale(self.opts.size);
        // The legend is a strip under the picture, outside the data: it hides nothing.
        let rows = self.legend_rows();
        let (w, h) = area.dim_in_pixel();
        let layout = legend_layout(&area, &rows, scale, w);
        let legend_h = layout.height.min(h / 3);
        let (area, legend) = area.split_vertically(h.saturating_sub(legend_h));
        // The bar's area grows with its longest tick label (`min+1e-3` needs more than `100`).
        let longest = self
            .levels
            .ticks()
            .0
            .iter()
            .map(|t| t.1.chars().count())
            .max();
        let extra = u32::try_from(longest.unwrap_or(0).saturating_sub(5)).unwrap_or(0) * 10;
        let bar_w = (BAR_AREA + extra).min(2 * BAR_AREA);
        let (main, bar) = area.split_horizontally(w.saturating_sub(bar_w));
        let b = self.b;
        let mut chart = ChartBuilder::on(&main)
            .margin(MARGIN)
            .x_label_area_size(X_LABEL_AREA)
            .y_label_area_size(Y_LABEL_AREA)
            .build_cartesian_2d(b.x.lo..b.x.hi, b.y.lo..b.y.hi)?;
        self.frame.set(Some(Frame::of(
            self.opts.size,
            chart.plotting_area().get_pixel_range(),
            b,
        )));
        let (pw, ph) = chart.plotting_area().dim_in_pixel();
        let x_fmt = TickFormat::for_axis(b.x.lo, b.x.hi, AXIS_LABELS);
        let y_fmt = TickFormat::for_axis(b.y.lo, b.y.hi, AXIS_LABELS);
        let x_label = |v: &f64| x_fmt.label(*v);
        let y_label = |v: &f64| y_fmt.label(*v);
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc(self.opts.var_names[0].as_str())
            .y_desc(self.opts.var_names[1].as_str())
            .label_style((FONT, LABEL_PX))
            .axis_desc_style((font_for(&self.opts.var_names.concat()), DESC_PX))
            .x_labels(AXIS_LABELS)
            .y_labels(AXIS_LABELS)
            .x_label_formatter(&x_label)
            .y_label_formatter(&y_label)
            .draw()?;

        for shape in &self.shapes {
            match shape {
                Shape::Fill(ring, color) => {
                    chart
                        .draw_series(std::iter::once(Polygon::new(ring.clone(), color.filled())))?;
                }
                Shape::Line(line, color) => {
                    chart.draw_series(std::iter::once(PathElement::new(
                        line.clone(),
                        color.stroke_width(1),
                    )))?;
                }
            }
        }
        // Thin darker lines between the filled bands, so the levels read on a projector.
        for shape in &self.shapes {
            if let Shape::Fill(ring, _) = shape {
                let mut closed = ring.clone();
                if let Some(first) = ring.first() {
                    closed.push(*first);
                }
                chart.draw_series(std::iter::once(PathElement::new(
                    closed,
                    LEVEL_LINE.stroke_width(1),
                )))?;
            }
        }

        let pm = PixMap {
            b,
            w: f64::from(pw),
            h: f64::from(ph),
        };
        draw_quiver(&mut chart, &pm, &self.arrows, self.opts.quiver_grid)?;
        chart.draw_series(std::iter::once(Rectangle::new(
            [(b.x.lo, b.y.lo), (b.x.hi, b.y.hi)],
            BLACK.stroke_width(1),
        )))?;

        let mut occupancy = [0usize; 4];
        let prepared: Vec<PreparedPath> = self
            .series
            .iter()
            .map(|pts| prepare_path(&pm, pts, self.opts.max_drawn_points, &mut occupancy))
            .collect();
        self.drawn.set(prepared.iter().map(|p| p.kept).sum());
        let lw = line_width(scale);
        // All halos first, then the lines (each with its own dash, so where paths run together
        // the gaps of the one on top show the one below), then the arrow heads.
        for p in &prepared {
            for piece in &p.pieces {
                chart.draw_series(std::iter::once(PathElement::new(
                    piece.clone(),
                    WHITE.mix(0.85).stroke_width(halo_width(lw, scale)),
                )))?;
            }
        }
        for (k, p) in prepared.iter().enumerate() {
            let color = PALETTE[k % PALETTE.len()];
            let dash = DASHES[k % DASHES.len()];
            for piece in &p.pieces {
                chart.draw_series(
                    dash_piece(piece, &pm, dash, scale)
                        .into_iter()
                        .map(|d| PathElement::new(d, color.stroke_width(lw))),
                )?;
            }
        }
        for (k, p) in prepared.iter().enumerate() {
            let spots = arrow_spots(&p.pieces, &pm, scale);
            draw_heads(&mut chart, &spots, PALETTE[k % PALETTE.len()], scale)?;
        }

        // Markers last: the starts, the ends (fanned out where they meet), the local minima
        // and the star on top of everything.
        let starts: Vec<(usize, (f64, f64))> = prepared
            .iter()
            .enumerate()
            .filter_map(|(k, p)| p.first.filter(|q| b.contains(*q)).map(|q| (k, q)))
            .collect();
        let together = starts.windows(2).all(|w| {
            let (a, c) = (pm.px(w[0].1), pm.px(w[1].1));
            (a.0 - c.0).hypot(a.1 - c.1) < 3.0
        });
        if together && starts.len() > 1 {
            let (_, at) = starts[0];
            chart.draw_series(std::iter::once(start_marker(at, WHITE)))?;
        } else {
            for (k, at) in &starts {
                chart.draw_series(std::iter::once(start_marker(
                    *at,
                    PALETTE[k % PALETTE.len()],
                )))?;
            }
        }
        let star = self
            .opts
            .minimum
            .map(|m| (m[0], m[1]))
            .filter(|p| b.contains(*p));
        let ends: Vec<(usize, (f64, f64))> = prepared
            .iter()
            .enumerate()
            .filter_map(|(k, p)| p.last.filter(|q| b.contains(*q)).map(|q| (k, q)))
            .collect();
        let placed = place_ends(&ends, star, &pm, scale);
        draw_ends(&mut chart, &placed, &|k| PALETTE[k % PALETTE.len()], scale)?;
        let inside: Vec<(f64, f64)> = self
            .opts
            .minima
            .iter()
            .map(|m| (m[0], m[1]))
            .filter(|p| b.contains(*p))
            .collect();
        chart.draw_series(inside.iter().map(|p| small_star(*p)))?;
        if let Some(p) = star {
            chart.draw_series(std::iter::once(star_marker(p)))?;
        }
        if !rows.is_empty() && legend_h > 0 {
            draw_legend(&legend, &rows, &layout, scale)?;
        }
        draw_colour_bar(&bar, &self.levels, self.opts.style)
    }
}

impl MapFigure<'_> {
    /// The legend's rows: each path (its colour, dash and end shape, labelled with its run's
    /// settings), then the start, the minimum and the local minima where drawn.
    fn legend_rows(&self) -> Vec<(Symbol, String)> {
        let mut rows: Vec<(Symbol, String)> = self
            .names
            .iter()
            .enumerate()
            .map(|(k, name)| {
                (
                    Symbol::Path(PALETTE[k % PALETTE.len()], DASHES[k % DASHES.len()], k),
                    name.clone(),
                )
            })
            .collect();
        if !self.series.is_empty() {
            rows.push((Symbol::Start, tr!("plot-legend-start")));
            rows.push((Symbol::End, tr!("plot-legend-end")));
        }
        if self.opts.minimum.is_some() {
            rows.push((Symbol::Star, tr!("plot-legend-minimum")));
        }
        if !self.opts.minima.is_empty() {
            let inside = self
                .opts
                .minima
                .iter()
                .filter(|m| self.b.contains((m[0], m[1])))
                .count();
            rows.push((
                Symbol::SmallStar,
                tr!("plot-legend-local-minima", count = inside),
            ));
        }
        rows
    }
}

/// A marker drawn at a data point from pixel-offset shapes: a filled polygon with an outline.
pub(crate) type Marker<C, DB> =
    ComposedElement<C, DB, Polygon<(i32, i32)>, PathElement<(i32, i32)>>;

/// A filled polygon (pixel offsets around `at`) outlined in `edge`.
pub(crate) fn outlined<C, DB: DrawingBackend>(
    at: C,
    pts: Vec<(i32, i32)>,
    fill: RGBColor,
    edge: ShapeStyle,
) -> Marker<C, DB> {
    let mut ring = pts.clone();
    if let Some(first) = pts.first() {
        ring.push(*first);
    }
    EmptyElement::at(at) + Polygon::new(pts, fill.filled()) + PathElement::new(ring, edge)
}

/// The minimum's red star, 28 pixels across.
pub(crate) fn star_marker<C, DB: DrawingBackend>(at: C) -> Marker<C, DB> {
    outlined(at, star(14.0, 6.0), STAR, BLACK.stroke_width(1))
}

/// A local minimum's red star, 20 pixels across.
pub(crate) fn small_star<C, DB: DrawingBackend>(at: C) -> Marker<C, DB> {
    outlined(at, star(10.0, 4.0), STAR, WHITE.stroke_width(1))
}

fn square(half: i32) -> Vec<(i32, i32)> {
    vec![(-half, -half), (half, -half), (half, half), (-half, half)]
}

fn disc(r: f64) -> Vec<(i32, i32)> {
    (0..16)
        .map(|k| {
            let a = std::f64::consts::PI * k as f64 / 8.0;
            ((r * a.cos()).round() as i32, (r * a.sin()).round() as i32)
        })
        .collect()
}

/// Start marker: a disc in the path's colour, outlined in black.
pub(crate) fn start_marker<C, DB: DrawingBackend>(at: C, color: RGBColor) -> Marker<C, DB> {
    outlined(at, disc(7.0), color, BLACK.stroke_width(2))
}

/// End marker: a square in the path's colour, outlined in black.
pub(crate) fn end_marker<C, DB: DrawingBackend>(at: C, color: RGBColor) -> Marker<C, DB> {
    outlined(at, square(6), color, BLACK.stroke_width(2))
}

/// The corner whose quarter holds the fewest drawn path points (upper right on ties).
pub(crate) fn legend_corner(occupancy: [usize; 4]) -> SeriesLabelPosition {
    let order = [
        (1, SeriesLabelPosition::UpperRight),
        (0, SeriesLabelPosition::UpperLeft),
        (3, SeriesLabelPosition::LowerRight),
        (2, SeriesLabelPosition::LowerLeft),
    ];
    let mut best = 0;
    for (k, cand) in order.iter().enumerate() {
        if occupancy[cand.0] < occupancy[order[best].0] {
            best = k;
        }
    }
    let [a, b, c, d] = order.map(|o| o.1);
    [a, b, c, d]
        .into_iter()
        .nth(best)
        .unwrap_or(SeriesLabelPosition::UpperRight)
}

/// Line width of path `k` of `n`: thin (2 pixels) for every path; paths that run together stay
/// apart by their dashes ([`DASHES`]), not by nested widths. Kept with its arguments for the
/// charts that call it.
pub(crate) fn path_width(_k: usize, _n: usize) -> u32 {
    line_width(1.0)
}

/// A path ready to draw: its pieces clipped to the box (in data coordinates), its first and last
/// finite points, and how many points were kept by thinning.
pub(crate) struct PreparedPath {
    pieces: Vec<Vec<(f64, f64)>>,
    first: Option<(f64, f64)>,
    last: Option<(f64, f64)>,
    pub(crate) kept: usize,
}

/// Thins and clips one path; adds its drawn points to the quarter counts (upper-left,
/// upper-right, lower-left, lower-right).
pub(crate) fn prepare_path(
    pm: &PixMap,
    pts: &[Option<(f64, f64)>],
    max_points: usize,
    occupancy: &mut [usize; 4],
) -> PreparedPath {
    let b = pm.b;
    let finite: Vec<(f64, f64)> = pts.iter().flatten().copied().collect();
    let pix: Vec<(f64, f64)> = finite.iter().map(|p| pm.px(*p)).collect();
    let kept = thin(&pix, max_points);
    // Keep breaks: a non-finite point between two kept points splits the drawn line.
    let mut drawn: Vec<Option<(f64, f64)>> = Vec::with_capacity(kept.len());
    {
        let mut finite_idx = 0usize;
        let mut next_kept = kept.iter().peekable();
        for p in pts {
            match p {
                None => {
                    if drawn.last().is_some_and(|d| d.is_some()) {
                        drawn.push(None);
                    }
                }
                Some(q) => {
                    if next_kept.peek() == Some(&&finite_idx) {
                        drawn.push(Some(*q));
                        next_kept.next();
                    }
                    finite_idx += 1;
                }
            }
        }
    }
    for p in drawn.iter().flatten() {
        if b.contains(*p) {
            let (px, py) = pm.px(*p);
            let q = usize::from(px > 0.5 * pm.w) + 2 * usize::from(py > 0.5 * pm.h);
            occupancy[q] += 1;
        }
    }
    PreparedPath {
        pieces: clip_polyline(&drawn, &b),
        first: finite.first().copied(),
        last: (finite.len() > 1).then(|| finite.last().copied()).flatten(),
        kept: kept.len(),
    }
}

/// The white halo under a path, about 3 pixels wider than its line.
pub(crate) fn draw_casing<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    p: &PreparedPath,
    width: u32,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    for piece in &p.pieces {
        chart.draw_series(std::iter::once(PathElement::new(
            piece.clone(),
            WHITE.mix(0.85).stroke_width(halo_width(width, 1.0)),
        )))?;
    }
    Ok(())
}

/// Draws one path's line, its few arrow heads ([`arrow_spots`]), start and end.
pub(crate) fn draw_line<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    pm: &PixMap,
    p: &PreparedPath,
    color: RGBColor,
    width: u32,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    let b = pm.b;
    for piece in &p.pieces {
        chart.draw_series(std::iter::once(PathElement::new(
            piece.clone(),
            color.stroke_width(width),
        )))?;
    }
    draw_heads(chart, &arrow_spots(&p.pieces, pm, 1.0), color, 1.0)?;
    if let Some(first) = p.first {
        if b.contains(first) {
            chart.draw_series(std::iter::once(start_marker(first, color)))?;
        }
    }
    if let Some(last) = p.last {
        if b.contains(last) {
            chart.draw_series(std::iter::once(end_marker(last, color)))?;
        }
    }
    Ok(())
}

fn draw_quiver<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    pm: &PixMap,
    arrows: &[Arrow],
    (qx, qy): (usize, usize),
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    if arrows.is_empty() {
        return Ok(());
    }
    let cell = (pm.w / qx.max(1) as f64).min(pm.h / qy.max(1) as f64);
    let len = (0.75 * cell).clamp(8.0, 40.0);
    let style = BLACK.mix(0.5);
    for &(at, (dx, dy)) in arrows {
        // Direction as drawn: data units scaled to pixels, y flipped.
        let (ux, uy) = (dx * pm.w / pm.b.x.span(), -dy * pm.h / pm.b.y.span());
        let n = ux.hypot(uy);
        if !(n > 0.0 && n.is_finite()) {
            continue;
        }
        let (ux, uy) = (ux / n, uy / n);
        let tail = (
            -(0.5 * len * ux).round() as i32,
            -(0.5 * len * uy).round() as i32,
        );
        let tip = (
            (0.5 * len * ux).round() as i32,
            (0.5 * len * uy).round() as i32,
        );
        let head: Vec<(i32, i32)> = arrow_head(ux, uy, 0.35 * len, 0.18 * len)
            .into_iter()
            .map(|(x, y)| (x + tip.0, y + tip.1))
            .collect();
        chart.draw_series(std::iter::once(
            EmptyElement::at(at)
                + PathElement::new(vec![tail, tip], style.stroke_width(1))
                + Polygon::new(head, style.filled()),
        ))?;
    }
    Ok(())
}

fn draw_colour_bar<DB: DrawingBackend>(
    bar: &DrawingArea<DB, Shift>,
    levels: &Levels,
    style: ContourStyle,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    let (t_lo, t_hi) = (levels.t_lo, levels.t_hi);
    let mut chart = ChartBuilder::on(bar)
        .margin_top(MARGIN + 4)
        .margin_bottom(MARGIN + X_LABEL_AREA)
        .margin_left(8)
        // The bar itself stays 37 pixels wide; the rest holds the labels.
        .margin_right(bar.dim_in_pixel().0.saturating_sub(8 + 37))
        .build_cartesian_2d(0.0..1.0, t_lo..t_hi)?;
    let n = levels.count;
    let d = (t_hi - t_lo) / n as f64;
    let (light, span) = match style {
        ContourStyle::Filled => (FILL_LIGHT, 1.0),
        ContourStyle::Lines => (0.0, 0.9),
    };
    chart.draw_series((0..n).map(|k| {
        let color = colormap(span * (k as f64 + 0.5) / n as f64, light);
        Rectangle::new(
            [(0.0, t_lo + d * k as f64), (1.0, t_lo + d * (k + 1) as f64)],
            color.filled(),
        )
    }))?;
    chart.draw_series(std::iter::once(Rectangle::new(
        [(0.0, t_lo), (1.0, t_hi)],
        BLACK.stroke_width(1),
    )))?;
    let (ticks, caption, note) = levels.ticks();
    let label = text_style("", LABEL_PX).pos(Pos::new(HPos::Left, VPos::Center));
    for (t, text) in ticks {
        if t < t_lo - 1e-9 * (t_hi - t_lo) || t > t_hi + 1e-9 * (t_hi - t_lo) {
            continue;
        }
        chart.draw_series(std::iter::once(
            EmptyElement::at((1.0, t))
                + PathElement::new(vec![(0, 0), (6, 0)], BLACK.stroke_width(1))
                + Text::new(text, (9, 0), label.clone()),
        ))?;
    }
    let below = text_style(&caption, DESC_PX).pos(Pos::new(HPos::Left, VPos::Top));
    chart.draw_series(std::iter::once(
        EmptyElement::at((0.0, t_lo)) + Text::new(caption, (0, 14), below),
    ))?;
    if let Some((first, second)) = note {
        // The offset of the log scale, under the caption, smaller, on two lines to fit the bar.
        let style =
            |text: &str| text_style(text, 0.8 * LABEL_PX).pos(Pos::new(HPos::Left, VPos::Top));
        chart.draw_series([
            EmptyElement::at((0.0, t_lo)) + Text::new(first.clone(), (-4, 40), style(&first)),
            EmptyElement::at((0.0, t_lo)) + Text::new(second.clone(), (-4, 56), style(&second)),
        ])?;
    }
    Ok(())
}
