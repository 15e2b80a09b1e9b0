//! The numbers behind a contour map, before anything is drawn: the function sampled on a regular
//! [`Grid`], the filled isobands or contour lines cut from it (in data coordinates, clipped to the
//! box, coloured by level), and the grid of descent arrows.
//!
//! Invariants: the grid is evaluated with one call to the batch closure (a grid of more than
//! [`CHUNKED_POINTS`] points: one call per block of rows, in order, to report progress); sample `(i, j)` sits at
//! `(x.lo + i*hx, y.lo + j*hy)` with `i` fastest, which is also the `contour` crate's layout once
//! its origin is shifted by half a cell (that crate puts sample `i` at the centre of pixel `i`).
//! Non-finite samples are painted white (filled bands) or cut out of lines, never interpolated;
//! filled rings come largest first, so a band's holes are painted by the smaller rings after it.
//! The bands and lines themselves are cut on all cores (`bands.rs`).

use contour::ContourBuilder;

use super::bands::{self, Frame};
use crate::progress::{Counter, Stage};
use plotters::style::{RGBColor, WHITE};

use super::style::{clip_polyline, clip_ring, colormap, ring_area, Levels};
use super::{BatchEval, Interval, PlotBox, PlotError, VALUE_LIMIT};

/// Grids of more points than this are evaluated in blocks of rows, reporting progress after each.
pub(super) const CHUNKED_POINTS: usize = 1 << 20;
/// Blocks of rows of a chunked grid.
const CHUNKS: usize = 32;

/// Function values on a regular grid; `extra` holds values at appended points (e.g. the minimum).
pub(super) struct Grid {
    pub(super) xs: Vec<f64>,
    pub(super) ys: Vec<f64>,
    pub(super) values: Vec<f64>,
    pub(super) extra: Vec<f64>,
    pub(super) non_finite: usize,
    /// Finite values beyond `±VALUE_LIMIT`, stored at the limit.
    pub(super) saturated: usize,
    pub(super) fmin: f64,
    pub(super) fmax: f64,
}

impl Grid {
    pub(super) fn evaluate(f: &mut BatchEval, b: &PlotBox, nx: usize, ny: usize) -> Self {
        Self::evaluate_with(f, b, nx, ny, None)
    }

    pub(super) fn evaluate_with(
        f: &mut BatchEval,
        b: &PlotBox,
        nx: usize,
        ny: usize,
        extra: Option<[f64; 2]>,
    ) -> Self {
        let lin = |r: &Interval, n: usize| -> Vec<f64> {
            (0..n).map(|i| r.lerp(i as f64 / (n - 1) as f64)).collect()
        };
        let xs = lin(&b.x, nx);
        let ys = lin(&b.y, ny);
        let n = nx * ny;
        let n_extra = usize::from(extra.is_some());
        let mut points = Vec::with_capacity(2 * (n + n_extra));
        for y in &ys {
            for x in &xs {
                points.push(*x);
                points.push(*y);
            }
        }
        if let Some(p) = extra {
            points.extend_from_slice(&p);
        }
        let mut out = vec![f64::NAN; n + n_extra];
        if n > CHUNKED_POINTS {
            let progress = Counter::new(Stage::Grid, n as u64);
            let rows = ny.div_ceil(CHUNKS);
            for (p, o) in points[..2 * n]
                .chunks(2 * rows * nx)
                .zip(out[..n].chunks_mut(rows * nx))
            {
                f(p, o);
                progress.add(o.len() as u64);
            }
            if n_extra > 0 {
                f(&points[2 * n..], &mut out[n..]);
            }
            progress.finish();
        } else {
            f(&points, &mut out);
        }
        let extra_vals = out.split_off(n);
        let mut grid = Grid {
            xs,
            ys,
            values: out,
            extra: extra_vals,
            non_finite: 0,
            saturated: 0,
            fmin: f64::INFINITY,
            fmax: f64::NEG_INFINITY,
        };
        for v in grid.values.iter_mut().chain(grid.extra.iter_mut()) {
            if v.is_finite() && v.abs() > VALUE_LIMIT {
                *v = v.clamp(-VALUE_LIMIT, VALUE_LIMIT);
                grid.saturated += 1;
            }
        }
        grid.saturated = grid.saturated.min(grid.values.len());
        for v in &grid.values {
            if v.is_finite() {
                grid.fmin = grid.fmin.min(*v);
                grid.fmax = grid.fmax.max(*v);
            } else {
                grid.non_finite += 1;
            }
        }
        grid
    }

    pub(super) fn nx(&self) -> usize {
        self.xs.len()
    }

    pub(super) fn ny(&self) -> usize {
        self.ys.len()
    }

    pub(super) fn at(&self, i: usize, j: usize) -> f64 {
        self.values[j * self.nx() + i]
    }

    fn frame(&self) -> Frame {
        let hx = self.xs[1] - self.xs[0];
        let hy = self.ys[1] - self.ys[0];
        Frame {
            dx: self.nx(),
            dy: self.ny(),
            x_origin: self.xs[0] - 0.5 * hx,
            y_origin: self.ys[0] - 0.5 * hy,
            x_step: hx,
            y_step: hy,
        }
    }

    fn builder(&self, smooth: bool) -> ContourBuilder {
        let hx = self.xs[1] - self.xs[0];
        let hy = self.ys[1] - self.ys[0];
        ContourBuilder::new(self.nx(), self.ny(), smooth)
            .x_origin(self.xs[0] - 0.5 * hx)
            .y_origin(self.ys[0] - 0.5 * hy)
            .x_step(hx)
            .y_step(hy)
    }

    /// Whether a non-finite sample is among the four around the data point `(x, y)`.
    fn near_non_finite(&self, x: f64, y: f64) -> bool {
        let hx = self.xs[1] - self.xs[0];
        let hy = self.ys[1] - self.ys[0];
        let fi = ((x - self.xs[0]) / hx).clamp(0.0, (self.nx() - 1) as f64);
        let fj = ((y - self.ys[0]) / hy).clamp(0.0, (self.ny() - 1) as f64);
        let (i0, j0) = (fi.floor() as usize, fj.floor() as usize);
        let (i1, j1) = ((i0 + 1).min(self.nx() - 1), (j0 + 1).min(self.ny() - 1));
        [(i0, j0), (i1, j0), (i0, j1), (i1, j1)]
            .iter()
            .any(|&(i, j)| !self.at(i, j).is_finite())
    }
}

/// Something drawn under the paths: a filled ring or a contour line.
pub(super) enum Shape {
    Fill(Vec<(f64, f64)>, RGBColor),
    Line(Vec<(f64, f64)>, RGBColor),
}

/// A ring to paint: `(area before clipping, clipped ring, colour)`.
type PaintRing = (f64, Vec<(f64, f64)>, RGBColor);
/// A gradient arrow: `(point, descent direction)` in data units.
pub(super) type Arrow = ((f64, f64), (f64, f64));

/// How far filled bands are lightened towards white: a little, so the bands keep their contrast
/// on a projector (the paths stand out by their white halo, the levels by thin dark lines).
pub(super) const FILL_LIGHT: f64 = 0.1;

fn contour_err(e: contour::Error) -> PlotError {
    PlotError::Backend {
        message: format!("contouring failed: {e}"),
    }
}

fn transformed(grid: &Grid, levels: &Levels) -> Vec<f64> {
    let below = levels.t_lo - (levels.t_hi - levels.t_lo);
    grid.values
        .iter()
        .map(|v| if v.is_finite() { levels.t(*v) } else { below })
        .collect()
}

pub(super) fn filled_shapes(
    grid: &Grid,
    levels: &Levels,
    b: &PlotBox,
) -> Result<Vec<Shape>, PlotError> {
    let z = transformed(grid, levels);
    let thresholds = levels.thresholds();
    let bands = bands::isobands(&grid.frame(), &z, &thresholds).map_err(contour_err)?;
    let mut rings: Vec<PaintRing> = Vec::new();
    let count = levels.count as f64;
    for band in &bands {
        let k = ((band.min_v - levels.t_lo) / (levels.t_hi - levels.t_lo) * count).round();
        let color = colormap((k + 0.5) / count, FILL_LIGHT);
        for ring in &band.exteriors {
            push_ring(&mut rings, ring.iter(), b, color);
        }
    }
    if grid.non_finite > 0 {
        let mask: Vec<f64> = grid
            .values
            .iter()
            .map(|v| if v.is_finite() { 0.0 } else { 1.0 })
            .collect();
        let blanks = grid
            .builder(false)
            .contours(&mask, &[0.5])
            .map_err(contour_err)?;
        for c in &blanks {
            for poly in c.geometry().0.iter() {
                push_ring(&mut rings, poly.exterior().0.iter(), b, WHITE);
            }
        }
    }
    // Largest first: a band's holes are filled by the smaller polygons painted after it.
    rings.sort_by(|a, b| b.0.total_cmp(&a.0));
    Ok(rings
        .into_iter()
        .map(|(_, ring, color)| Shape::Fill(ring, color))
        .collect())
}

fn push_ring<'a>(
    rings: &mut Vec<PaintRing>,
    coords: impl Iterator<Item = &'a contour::Pt>,
    b: &PlotBox,
    color: RGBColor,
) {
    let ring: Vec<(f64, f64)> = coords.map(|c| (c.x, c.y)).collect();
    let area = ring_area(&ring).abs();
    let clipped = clip_ring(&ring, b);
    if clipped.len() >= 3 {
        rings.push((area, clipped, color));
    }
}

pub(super) fn line_shapes(
    grid: &Grid,
    levels: &Levels,
    b: &PlotBox,
) -> Result<Vec<Shape>, PlotError> {
    let z = transformed(grid, levels);
    let thresholds = levels.thresholds();
    let inner = &thresholds[1..thresholds.len() - 1];
    let lines = bands::lines(&grid.frame(), &z, inner).map_err(contour_err)?;
    let mut shapes = Vec::new();
    for line in &lines {
        let frac = (line.threshold() - levels.t_lo) / (levels.t_hi - levels.t_lo);
        let color = colormap(0.9 * frac, 0.0);
        for ls in line.geometry().0.iter() {
            let pts: Vec<Option<(f64, f64)>> =
                ls.0.iter()
                    .map(|c| (!grid.near_non_finite(c.x, c.y)).then_some((c.x, c.y)))
                    .collect();
            for piece in clip_polyline(&pts, b) {
                shapes.push(Shape::Line(piece, color));
            }
        }
    }
    Ok(shapes)
}

/// Arrow grid: `(point, descent direction -grad f)` in data units, skipping non-finite ones.
pub(super) fn quiver(g: &mut BatchEval, b: &PlotBox, (qx, qy): (usize, usize)) -> Vec<Arrow> {
    let (qx, qy) = (qx.clamp(1, 200), qy.clamp(1, 200));
    let mut points = Vec::with_capacity(2 * qx * qy);
    for j in 0..qy {
        for i in 0..qx {
            points.push(b.x.lerp((i as f64 + 0.5) / qx as f64));
            points.push(b.y.lerp((j as f64 + 0.5) / qy as f64));
        }
    }
    let mut out = vec![f64::NAN; points.len()];
    g(&points, &mut out);
    points
        .chunks_exact(2)
        .zip(out.chunks_exact(2))
        .filter(|(_, d)| d[0].is_finite() && d[1].is_finite() && (d[0] != 0.0 || d[1] != 0.0))
        .map(|(p, d)| ((p[0], p[1]), (-d[0], -d[1])))
        .collect()
}
