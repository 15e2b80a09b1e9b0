//! The 3-D surface of a function of two variables (the book's figures 2-8 and 2-16): one
//! polygon per grid cell coloured with a log or linear norm, the minimum as a red star, and the
//! optimizer paths drawn on the surface, each a 3-D polyline through `(x, f(x, y), y)` with its
//! start (disc) and end (square) marked, seen from a chosen view ([`SurfaceView`]).
//!
//! Invariants: the grid (with the star's point) is evaluated with one call to the batch closure;
//! path points take their values from the run ([`PathSeries::values`]) and only a path without
//! them is evaluated, in one more call for all such paths. Cells touching a non-finite value are
//! left out; path points outside the box or not finite break the line. Paths, markers and the
//! star are drawn after every cell, so a path is never hidden by the surface it lies on. The
//! view's angles are checked against [`ELEVATION_RANGE`] and [`AZIMUTH_RANGE`] before anything
//! is drawn.

use std::path::Path;

use plotters::coord::ranged3d::Cartesian3d;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::chart::legend_font;
use super::isobands::Grid;
use super::map::{check_dim, end_marker, star_marker, start_marker, titled};
use super::style::{colormap, font_for, Levels, TickFormat, DESC_PX, FONT, LABEL_PX, PALETTE};
use super::{
    check_grid, render, target_format, BatchEval, Figure, PathSeries, PlotBox, PlotError,
    PlotSummary, SurfaceOptions, MAX_SURFACE_GRID,
};

/// The elevations a surface can be seen from, degrees: 0 looks from the side, 90 from above.
pub const ELEVATION_RANGE: (f64, f64) = (0.0, 90.0);
/// The azimuths a surface can be seen from, degrees (a turn about the vertical axis).
pub const AZIMUTH_RANGE: (f64, f64) = (-360.0, 360.0);

/// Where a surface is seen from: the elevation above the horizontal and the azimuth about the
/// vertical axis, in degrees. [`SurfaceView::default`] is the picture's usual view (0.45 and 0.8
/// radians: about 25.8 and 45.8 degrees).
///
/// ```
/// use nabla::plot::{SurfaceOptions, SurfaceView};
/// let v = SurfaceView::degrees(50.0, -50.0)?;
/// let mut opts = SurfaceOptions::default();
/// v.apply(&mut opts);
/// assert!((opts.pitch - 50f64.to_radians()).abs() < 1e-15);
/// assert!(SurfaceView::degrees(91.0, 0.0).is_err());
/// let d = SurfaceView::default();
/// assert!((d.elevation - 25.783).abs() < 1e-3 && (d.azimuth - 45.837).abs() < 1e-3);
/// # Ok::<(), nabla::plot::PlotError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SurfaceView {
    /// Degrees above the horizontal, in [`ELEVATION_RANGE`].
    pub elevation: f64,
    /// Degrees about the vertical axis, in [`AZIMUTH_RANGE`].
    pub azimuth: f64,
}

impl Default for SurfaceView {
    fn default() -> Self {
        let d = SurfaceOptions::default();
        SurfaceView {
            elevation: d.pitch.to_degrees(),
            azimuth: d.yaw.to_degrees(),
        }
    }
}

impl SurfaceView {
    /// A view from `elevation` and `azimuth` degrees; outside [`ELEVATION_RANGE`] or
    /// [`AZIMUTH_RANGE`] (or not finite) it is [`PlotError::BadView`].
    pub fn degrees(elevation: f64, azimuth: f64) -> Result<Self, PlotError> {
        let inside = |v: f64, (lo, hi): (f64, f64)| v.is_finite() && lo <= v && v <= hi;
        if inside(elevation, ELEVATION_RANGE) && inside(azimuth, AZIMUTH_RANGE) {
            Ok(SurfaceView { elevation, azimuth })
        } else {
            Err(PlotError::BadView { elevation, azimuth })
        }
    }

    /// Sets the options' `pitch` and `yaw` (radians) to this view.
    pub fn apply(&self, opts: &mut SurfaceOptions) {
        opts.pitch = self.elevation.to_radians();
        opts.yaw = self.azimuth.to_radians();
    }
}

/// Writes the 3-D surface of `f` over a box (the book's figure 2-8), coloured with a log or
/// linear norm, with the minimum as a red star. Cells touching a non-finite value are left out.
/// Same as [`surface_with_paths`] with no path.
///
/// ```no_run
/// use nabla::plot::{surface, PlotBox, SurfaceOptions};
/// let mut bowl = |p: &[f64], out: &mut [f64]| {
///     for (o, v) in out.iter_mut().zip(p.chunks_exact(2)) {
///         *o = v[0] * v[0] / 16.0 + 9.0 * v[1] * v[1];
///     }
/// };
/// let opts = SurfaceOptions { minimum: Some([0.0, 0.0]), ..Default::default() };
/// surface("bowl.png".as_ref(), &mut bowl, &opts)?;
/// # Ok::<(), nabla::plot::PlotError>(())
/// ```
pub fn surface(
    path: &Path,
    f: &mut BatchEval,
    opts: &SurfaceOptions,
) -> Result<PlotSummary, PlotError> {
    surface_with_paths(path, f, &[], opts)
}

/// Writes the 3-D surface of `f` with each path drawn on it: a polyline through
/// `(x, f(x, y), y)` for the path's points, its start a disc and its end a square in the path's
/// colour, named in the legend. Paths must have two coordinates per point; their
/// [`PathSeries::values`] are used when there is one per point, else the points are evaluated.
///
/// ```
/// use nabla::plot::{surface_with_paths, PathSeries, PlotBox, SurfaceOptions, IN_MEMORY};
/// let mut bowl = |p: &[f64], out: &mut [f64]| {
///     for (o, v) in out.iter_mut().zip(p.chunks_exact(2)) {
///         *o = v[0] * v[0] + v[1] * v[1];
///     }
/// };
/// let run = PathSeries::new("gd", vec![vec![1.0, 1.0], vec![0.5, 0.5], vec![0.0, 0.0]]);
/// let opts = SurfaceOptions {
///     range: Some(PlotBox::new((-2.0, 2.0), (-2.0, 2.0))?),
///     grid: (10, 10),
///     ..Default::default()
/// };
/// let s = surface_with_paths(IN_MEMORY.as_ref(), &mut bowl, &[run], &opts)?;
/// assert_eq!(s.drawn_points, 3);
/// // The legend names the path.
/// assert!(s.svg.unwrap().lines().any(|l| l.trim() == "gd"));
/// # Ok::<(), nabla::plot::PlotError>(())
/// ```
pub fn surface_with_paths(
    path: &Path,
    f: &mut BatchEval,
    paths: &[PathSeries],
    opts: &SurfaceOptions,
) -> Result<PlotSummary, PlotError> {
    target_format(path)?;
    let (nx, ny) = opts.grid;
    check_grid(nx, ny, MAX_SURFACE_GRID)?;
    for p in paths {
        check_dim(p, 2)?;
    }
    let b = match opts.range {
        Some(b) => b,
        None => PlotBox::around(opts.minimum),
    };
    let grid = Grid::evaluate_with(f, &b, nx, ny, opts.minimum);
    let levels = Levels::new(grid.fmin, grid.fmax, 64, opts.scale);
    let lines = path_lines(f, paths, &b);
    let fig = SurfaceFigure {
        opts,
        b,
        grid: &grid,
        levels,
        names: paths.iter().map(|p| p.name.clone()).collect(),
        lines,
    };
    let rendered = render(path, opts.size, &fig)?;
    Ok(PlotSummary {
        format: Some(rendered.format),
        svg: rendered.svg,
        frame: rendered.frame,
        evaluated: grid.values.len(),
        non_finite: grid.non_finite,
        saturated: grid.saturated,
        drawn_points: fig.lines.iter().flatten().flatten().count(),
        range: Some(b),
        ..Default::default()
    })
}

/// Each path as 3-D points `(x, f, y)` (`None` breaks the line: outside the box or not
/// finite), thinned evenly to at most [`super::DEFAULT_MAX_DRAWN_POINTS`] with both ends kept.
fn path_lines(
    f: &mut BatchEval,
    paths: &[PathSeries],
    b: &PlotBox,
) -> Vec<Vec<Option<(f64, f64, f64)>>> {
    // One call for every path that came without its values.
    let missing: Vec<usize> = (0..paths.len())
        .filter(|&k| paths[k].values.len() != paths[k].points.len())
        .collect();
    let mut coords = Vec::new();
    for &k in &missing {
        for q in &paths[k].points {
            coords.extend_from_slice(&q[..2]);
        }
    }
    let mut computed = vec![f64::NAN; coords.len() / 2];
    if !coords.is_empty() {
        f(&coords, &mut computed);
    }
    let mut offset = 0;
    let mut out = Vec::with_capacity(paths.len());
    for (k, p) in paths.iter().enumerate() {
        let values: &[f64] = if missing.contains(&k) {
            let v = &computed[offset..offset + p.points.len()];
            offset += p.points.len();
            v
        } else {
            &p.values
        };
        let n = p.points.len();
        let cap = super::DEFAULT_MAX_DRAWN_POINTS.max(2);
        let stride = n.div_ceil(cap).max(1);
        let line = p
            .points
            .iter()
            .zip(values)
            .enumerate()
            .filter(|(i, _)| i % stride == 0 || *i + 1 == n)
            .map(|(_, (q, v))| {
                (b.contains((q[0], q[1])) && v.is_finite()).then_some((q[0], *v, q[1]))
            })
            .collect();
        out.push(line);
    }
    out
}

/// Black text of `px` in the font that draws `text` ([`font_for`]).
fn text_style(text: &str, px: f64) -> TextStyle<'static> {
    (font_for(text), px).into_font().color(&BLACK)
}

/// Space around the plotting area, pixels.
const MARGIN: u32 = 12;

struct SurfaceFigure<'o, 'g> {
    opts: &'o SurfaceOptions,
    b: PlotBox,
    grid: &'g Grid,
    levels: Levels,
    /// The paths' names, for the legend.
    names: Vec<String>,
    /// The paths as 3-D points (`None` breaks a line).
    lines: Vec<Vec<Option<(f64, f64, f64)>>>,
}

impl Figure for SurfaceFigure<'_, '_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError>
    where
        DB::ErrorType: 'static,
    {
        let area = titled(root, self.opts.title.as_deref())?;
        let b = self.b;
        let g = self.grid;
        let (zlo, zhi) = if g.fmin < g.fmax {
            (g.fmin, g.fmax)
        } else if g.fmin.is_finite() {
            (g.fmin - 0.5, g.fmin + 0.5)
        } else {
            (0.0, 1.0)
        };
        // The paths' values too: a path ending at the exact minimum lies below the lowest grid
        // value, and must still be drawn (values stay within the grid's clamp).
        let (zlo, zhi) = self
            .lines
            .iter()
            .flatten()
            .flatten()
            .map(|p| p.1.clamp(-super::VALUE_LIMIT, super::VALUE_LIMIT))
            .fold((zlo, zhi), |(lo, hi), v| (lo.min(v), hi.max(v)));
        // plotters' vertical axis is its y; the function's y runs along plotters' z.
        let mut chart = ChartBuilder::on(&area).margin(MARGIN).build_cartesian_3d(
            b.x.lo..b.x.hi,
            zlo..zhi,
            b.y.lo..b.y.hi,
        )?;
        let (yaw, pitch) = (self.opts.yaw, self.opts.pitch);
        chart.with_projection(|mut pb| {
            pb.yaw = yaw;
            pb.pitch = pitch;
            pb.scale = 0.8;
            pb.into_matrix()
        });
        // One number format per axis (never `50000` beside `1.5e5`); `0` is `0`.
        let (xf, ff, yf) = (
            TickFormat::for_axis(b.x.lo, b.x.hi, 5),
            TickFormat::for_axis(zlo, zhi, 5),
            TickFormat::for_axis(b.y.lo, b.y.hi, 5),
        );
        let (x_fmt, f_fmt, y_fmt) = (
            |v: &f64| xf.label(*v),
            |v: &f64| ff.label(*v),
            |v: &f64| yf.label(*v),
        );
        chart
            .configure_axes()
            .label_style((FONT, 17.0))
            .x_labels(5)
            .y_labels(5)
            .z_labels(5)
            .max_light_lines(1)
            .x_formatter(&x_fmt)
            .y_formatter(&f_fmt)
            .z_formatter(&y_fmt)
            .draw()?;

        let mut cells = Vec::with_capacity((g.nx() - 1) * (g.ny() - 1));
        for j in 0..g.ny() - 1 {
            for i in 0..g.nx() - 1 {
                let v = [
                    g.at(i, j),
                    g.at(i + 1, j),
                    g.at(i + 1, j + 1),
                    g.at(i, j + 1),
                ];
                if v.iter().any(|x| !x.is_finite()) {
                    continue;
                }
                let corners = vec![
                    (g.xs[i], v[0], g.ys[j]),
                    (g.xs[i + 1], v[1], g.ys[j]),
                    (g.xs[i + 1], v[2], g.ys[j + 1]),
                    (g.xs[i], v[3], g.ys[j + 1]),
                ];
                let mean = 0.25 * v.iter().sum::<f64>();
                let cx = 0.5 * (g.xs[i] + g.xs[i + 1]);
                let cy = 0.5 * (g.ys[j] + g.ys[j + 1]);
                let depth = chart.as_coord_spec().projected_depth(&cx, &mean, &cy);
                cells.push((depth, corners, colormap(self.levels.frac(mean), 0.0)));
            }
        }
        // Painter's order: farthest first.
        cells.sort_by_key(|c| std::cmp::Reverse(c.0));
        for (_, corners, color) in cells {
            let mut ring = corners.clone();
            ring.push(corners[0]);
            chart.draw_series(std::iter::once(Polygon::new(corners, color.filled())))?;
            chart.draw_series(std::iter::once(PathElement::new(
                ring,
                ShapeStyle {
                    color: RGBAColor(0, 0, 0, 0.12),
                    filled: false,
                    stroke_width: 1,
                },
            )))?;
        }

        let desc = |text: &str| text_style(text, DESC_PX).pos(Pos::new(HPos::Center, VPos::Center));
        let (xm, ym) = (0.5 * (b.x.lo + b.x.hi), 0.5 * (b.y.lo + b.y.hi));
        let names = &self.opts.var_names;
        // The front corner is (x.hi, y.hi): the x ticks run along y = y.hi, the y ticks along
        // x = x.hi, and the value ticks up the back-right edge (x.hi, y.lo).
        chart.draw_series([
            Text::new(
                names[0].clone(),
                (xm, zlo, b.y.hi + 0.3 * b.y.span()),
                desc(&names[0]),
            ),
            Text::new(
                names[1].clone(),
                (b.x.hi + 0.3 * b.x.span(), zlo, ym),
                desc(&names[1]),
            ),
            Text::new(
                "f".to_string(),
                (b.x.hi, zhi + 0.1 * (zhi - zlo), b.y.lo),
                desc("f"),
            ),
        ])?;
        self.draw_paths(&mut chart, (zlo, zhi))?;
        if let (Some(m), Some(fm)) = (self.opts.minimum, g.extra.first()) {
            if fm.is_finite() && b.contains((m[0], m[1])) {
                chart.draw_series(std::iter::once(star_marker((m[0], *fm, m[1]))))?;
            }
        }
        Ok(())
    }
}

impl SurfaceFigure<'_, '_> {
    /// The paths on the surface: a black casing under each coloured line, the start and end
    /// markers, and a legend naming them.
    fn draw_paths<'a, DB: DrawingBackend + 'a>(
        &self,
        chart: &mut ChartContext<
            'a,
            DB,
            Cartesian3d<RangedCoordf64, RangedCoordf64, RangedCoordf64>,
        >,
        (zlo, zhi): (f64, f64),
    ) -> Result<(), PlotError>
    where
        DB::ErrorType: 'static,
    {
        if self.lines.is_empty() {
            return Ok(());
        }
        let inside = |p: &(f64, f64, f64)| zlo <= p.1 && p.1 <= zhi;
        for (k, line) in self.lines.iter().enumerate() {
            let color = PALETTE[k % PALETTE.len()];
            let mut pieces: Vec<Vec<(f64, f64, f64)>> = vec![Vec::new()];
            for p in line {
                match p {
                    Some(q) if inside(q) => pieces.last_mut().map_or((), |v| v.push(*q)),
                    _ => pieces.push(Vec::new()),
                }
            }
            for piece in pieces.iter().filter(|v| v.len() > 1) {
                chart.draw_series(std::iter::once(PathElement::new(
                    piece.clone(),
                    BLACK.stroke_width(5),
                )))?;
                chart.draw_series(std::iter::once(PathElement::new(
                    piece.clone(),
                    color.stroke_width(3),
                )))?;
            }
            let pts: Vec<(f64, f64, f64)> = line.iter().flatten().copied().filter(inside).collect();
            if let Some(first) = line.first().copied().flatten().filter(inside) {
                chart.draw_series(std::iter::once(start_marker(first, color)))?;
            }
            if let Some(last) = line.last().copied().flatten().filter(inside) {
                chart.draw_series(std::iter::once(end_marker(last, color)))?;
            }
            let anno = chart.draw_series(std::iter::once(PathElement::new(
                pts.first().map(|p| vec![*p]).unwrap_or_default(),
                color.stroke_width(3),
            )))?;
            anno.label(self.names[k].as_str()).legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 22, y)], color.stroke_width(3))
            });
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .margin(12)
            .legend_area_size(30)
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK.mix(0.6))
            .label_font((legend_font(self.names.iter().map(String::as_str)), LABEL_PX))
            .draw()?;
        Ok(())
    }
}
