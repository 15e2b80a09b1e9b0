//! The marks drawn over a contour map, sized for slides: thin dashed paths on a light halo,
//! sparse arrow heads, per-series end markers fanned out where ends meet (with a leader line to
//! the true point), and the legend as a strip under the picture, outside the data.
//!
//! Invariants: every size here is in pixels at 900x600 times [`picture_scale`]; dashes, arrow
//! heads and fanned markers are computed from the drawn (clipped) geometry, so nothing is placed
//! outside the plotting area; the work is bounded (at most [`MAX_DASHES`] dashes per path, at
//! most [`MAX_HEADS`] arrow heads per path); markers are placed so that no two end markers, and
//! no end marker and the star, overlap.

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::map::{outlined, small_star, star_marker};
use super::style::{arrow_head, font_for, PixMap, LABEL_PX};
use super::PlotError;

/// An arrow head's place: its tip (data coordinates) and its direction (pixels).
pub(crate) type Spot = ((f64, f64), (f64, f64));
/// A pixel box: upper-left and lower-right corners.
pub(crate) type PixBox = ((i32, i32), (i32, i32));

pub(crate) type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// At most this many dashes are drawn for one path; a path that would need more is drawn solid.
pub(crate) const MAX_DASHES: usize = 20_000;
/// At most this many arrow heads on one path.
pub(crate) const MAX_HEADS: usize = 5;

/// How much larger than 900x600 a picture is (by area), for line widths and marker sizes.
pub(crate) fn picture_scale(size: (u32, u32)) -> f64 {
    let area = f64::from(size.0) * f64::from(size.1);
    (area / (900.0 * 600.0)).sqrt().clamp(0.25, 8.0)
}

/// The width of a path's line: 2 pixels at 900x600, scaled with the picture, at least 1.
pub(crate) fn line_width(scale: f64) -> u32 {
    (2.0 * scale).round().max(1.0) as u32
}

/// The halo under a line of `width`: about one and a half pixels of white on each side.
pub(crate) fn halo_width(width: u32, scale: f64) -> u32 {
    width + (3.0 * scale).round().max(2.0) as u32
}

/// Splits a drawn piece (data coordinates) into its dashes: `pattern` is on/off lengths in
/// pixels (empty: solid). The pattern runs on across the piece's corners.
pub(crate) fn dash_piece(
    piece: &[(f64, f64)],
    pm: &PixMap,
    pattern: &[f64],
    scale: f64,
) -> Vec<Vec<(f64, f64)>> {
    let lens: Vec<f64> = pattern.iter().map(|l| (l * scale).max(1.0)).collect();
    let period: f64 = lens.iter().sum();
    let total: f64 = piece
        .windows(2)
        .map(|w| {
            let (a, b) = (pm.px(w[0]), pm.px(w[1]));
            (b.0 - a.0).hypot(b.1 - a.1)
        })
        .filter(|l| l.is_finite())
        .sum();
    if lens.len() < 2
        || period.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater)
        || total / period * lens.len() as f64 > MAX_DASHES as f64
    {
        return vec![piece.to_vec()];
    }
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut idx = 0usize;
    let mut left = lens[0];
    let mut cur: Vec<(f64, f64)> = vec![piece[0]];
    for w in piece.windows(2) {
        let (a, b) = (pm.px(w[0]), pm.px(w[1]));
        let len = (b.0 - a.0).hypot(b.1 - a.1);
        if !(len > 0.0 && len.is_finite()) {
            continue;
        }
        let mut at = 0.0;
        while len - at > left {
            at += left;
            let t = at / len;
            let p = (
                w[0].0 + t * (w[1].0 - w[0].0),
                w[0].1 + t * (w[1].1 - w[0].1),
            );
            if idx % 2 == 0 {
                cur.push(p);
                out.push(std::mem::take(&mut cur));
            } else {
                cur = vec![p];
            }
            idx = (idx + 1) % lens.len();
            left = lens[idx];
        }
        left -= len - at;
        if idx % 2 == 0 {
            cur.push(w[1]);
        }
    }
    if idx % 2 == 0 && cur.len() >= 2 {
        out.push(cur);
    }
    out
}

/// Where the arrow heads of a path go: `(tip, pixel direction)`, spaced evenly by drawn length,
/// at most [`MAX_HEADS`] and one per 90 pixels, none on a path shorter than 60 pixels. A head's
/// direction is the chord over the head's length behind its tip, so a smooth path drawn in
/// one-pixel steps still gets its heads; where the path turns on itself within a head's length
/// (the chord is under 60% of it), that head is left out.
pub(crate) fn arrow_spots(pieces: &[Vec<(f64, f64)>], pm: &PixMap, scale: f64) -> Vec<Spot> {
    // Each piece in pixels with its cumulative length.
    type Drawn = (Vec<(f64, f64)>, Vec<f64>);
    let drawn: Vec<Drawn> = pieces
        .iter()
        .map(|piece| {
            let px: Vec<(f64, f64)> = piece.iter().map(|p| pm.px(*p)).collect();
            let mut cum = Vec::with_capacity(px.len());
            let mut acc = 0.0;
            for (i, p) in px.iter().enumerate() {
                if i > 0 {
                    let q = px[i - 1];
                    let d = (p.0 - q.0).hypot(p.1 - q.1);
                    if d.is_finite() {
                        acc += d;
                    }
                }
                cum.push(acc);
            }
            (px, cum)
        })
        .collect();
    let total: f64 = drawn.iter().filter_map(|(_, c)| c.last()).sum();
    if !(total >= 60.0 * scale && total.is_finite()) {
        return Vec::new();
    }
    let n = ((total / (90.0 * scale)).floor() as usize).clamp(1, MAX_HEADS);
    let head = 9.0 * scale;
    let at = |px: &[(f64, f64)], cum: &[f64], s: f64| -> (f64, f64) {
        let i = cum.partition_point(|c| *c < s).clamp(1, px.len() - 1);
        let (c0, c1) = (cum[i - 1], cum[i]);
        let t = if c1 > c0 {
            ((s - c0) / (c1 - c0)).clamp(0.0, 1.0)
        } else {
            1.0
        };
        (
            px[i - 1].0 + t * (px[i].0 - px[i - 1].0),
            px[i - 1].1 + t * (px[i].1 - px[i - 1].1),
        )
    };
    let mut spots = Vec::with_capacity(n);
    let mut offset = 0.0;
    let mut j = 0usize;
    for (px, cum) in &drawn {
        let len = cum.last().copied().unwrap_or(0.0);
        while j < n && px.len() >= 2 {
            let target = total * (j as f64 + 0.5) / n as f64 - offset;
            if target > len {
                break;
            }
            j += 1;
            let s = target.max(head);
            if s > len {
                continue;
            }
            let tip = at(px, cum, s);
            let tail = at(px, cum, s - head);
            let dir = (tip.0 - tail.0, tip.1 - tail.1);
            if dir.0.hypot(dir.1) < 0.6 * head {
                continue;
            }
            let data = (
                pm.b.x.lo + tip.0 / pm.w * pm.b.x.span(),
                pm.b.y.hi - tip.1 / pm.h * pm.b.y.span(),
            );
            spots.push((data, dir));
        }
        offset += len;
    }
    spots
}

/// The outline of end marker shape `k` (square, diamond, triangle up, triangle down, pentagon,
/// hexagon, then again), about `2 r` pixels across, as pixel offsets around `(0, 0)`.
pub(crate) fn end_shape(k: usize, r: f64) -> Vec<(i32, i32)> {
    let poly = |n: usize, turn: f64, r: f64| -> Vec<(i32, i32)> {
        (0..n)
            .map(|i| {
                let a = turn + std::f64::consts::TAU * i as f64 / n as f64;
                ((r * a.cos()).round() as i32, (r * a.sin()).round() as i32)
            })
            .collect()
    };
    use std::f64::consts::{FRAC_PI_2, FRAC_PI_4};
    match k % 6 {
        0 => poly(4, FRAC_PI_4, 1.25 * r),
        1 => poly(4, 0.0, 1.35 * r),
        2 => poly(3, -FRAC_PI_2, 1.45 * r),
        3 => poly(3, FRAC_PI_2, 1.45 * r),
        4 => poly(5, -FRAC_PI_2, 1.2 * r),
        _ => poly(6, 0.0, 1.15 * r),
    }
}

/// An end marker drawn `offset` pixels away from its point.
pub(crate) struct PlacedEnd {
    /// The series.
    pub k: usize,
    /// The true end point (data coordinates).
    pub at: (f64, f64),
    /// Where the marker is drawn, in pixels from the true point; `(0, 0)` when not moved.
    pub offset: (i32, i32),
}

/// Places the end markers `(series, end point)` so that none hides another or the star: ends
/// within about a marker of each other (or of the star) are fanned out on a circle around their
/// centre (around the star when it is among them); the others stay where they are.
pub(crate) fn place_ends(
    ends: &[(usize, (f64, f64))],
    star: Option<(f64, f64)>,
    pm: &PixMap,
    scale: f64,
) -> Vec<PlacedEnd> {
    let px: Vec<(f64, f64)> = ends.iter().map(|(_, p)| pm.px(*p)).collect();
    let star_px = star.map(|s| pm.px(s));
    let near = 16.0 * scale;
    let near_star = 20.0 * scale;
    // Groups by single linkage (union-find over at most a few dozen ends).
    let n = ends.len();
    let mut group: Vec<usize> = (0..n).collect();
    fn root(g: &mut [usize], mut i: usize) -> usize {
        while g[i] != i {
            g[i] = g[g[i]];
            i = g[i];
        }
        i
    }
    for i in 0..n {
        for j in 0..i {
            if (px[i].0 - px[j].0).hypot(px[i].1 - px[j].1) < near {
                let (a, b) = (root(&mut group, i), root(&mut group, j));
                group[a] = b;
            }
        }
    }
    let by_star =
        |i: usize| star_px.is_some_and(|s| (px[i].0 - s.0).hypot(px[i].1 - s.1) < near_star);
    let mut placed: Vec<PlacedEnd> = Vec::with_capacity(n);
    let mut done = vec![false; n];
    for i in 0..n {
        if done[i] {
            continue;
        }
        let r = root(&mut group, i);
        let members: Vec<usize> = (0..n).filter(|&j| root(&mut group, j) == r).collect();
        for &j in &members {
            done[j] = true;
        }
        let at_star = members.iter().any(|&j| by_star(j));
        if members.len() == 1 && !at_star {
            placed.push(PlacedEnd {
                k: ends[i].0,
                at: ends[i].1,
                offset: (0, 0),
            });
            continue;
        }
        let centre = match (at_star, star_px) {
            (true, Some(s)) => s,
            _ => {
                let m = members.len() as f64;
                (
                    members.iter().map(|&j| px[j].0).sum::<f64>() / m,
                    members.iter().map(|&j| px[j].1).sum::<f64>() / m,
                )
            }
        };
        let m = members.len();
        let radius = (30.0 * scale).max(m as f64 * 16.0 * scale / std::f64::consts::TAU);
        let step = if m <= 2 {
            std::f64::consts::FRAC_PI_2
        } else {
            std::f64::consts::TAU / m as f64
        };
        let pad = 10.0 * scale;
        for (slot, &j) in members.iter().enumerate() {
            // From the upper left, clockwise on screen.
            let a = -0.75 * std::f64::consts::PI + step * slot as f64;
            let x = (centre.0 + radius * a.cos()).clamp(pad, (pm.w - pad).max(pad));
            let y = (centre.1 + radius * a.sin()).clamp(pad, (pm.h - pad).max(pad));
            placed.push(PlacedEnd {
                k: ends[j].0,
                at: ends[j].1,
                offset: ((x - px[j].0).round() as i32, (y - px[j].1).round() as i32),
            });
        }
    }
    separate(&mut placed, star_px, pm, scale);
    placed
}

/// Moves markers that still overlap one placed before them, or the star (groups fanned apart
/// can meet): each such marker goes to the first free spot on rings around its true point.
fn separate(placed: &mut [PlacedEnd], star_px: Option<(f64, f64)>, pm: &PixMap, scale: f64) {
    let apart = 16.0 * scale;
    let off_star = 23.0 * scale;
    let pad = 10.0 * scale;
    let cheb = |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).abs().max((a.1 - b.1).abs());
    let mut spots: Vec<(f64, f64)> = Vec::with_capacity(placed.len());
    for p in placed.iter_mut() {
        let true_px = pm.px(p.at);
        let spot = |o: (i32, i32)| (true_px.0 + f64::from(o.0), true_px.1 + f64::from(o.1));
        let free = |q: (f64, f64), spots: &[(f64, f64)]| {
            spots.iter().all(|s| cheb(q, *s) >= apart)
                && star_px.is_none_or(|s| cheb(q, s) >= off_star)
        };
        if !free(spot(p.offset), &spots) {
            'search: for ring in 1..=6 {
                let r = (18.0 + 10.0 * f64::from(ring)) * scale;
                for k in 0..16 {
                    let a =
                        -0.75 * std::f64::consts::PI + std::f64::consts::TAU * f64::from(k) / 16.0;
                    let x = (true_px.0 + r * a.cos()).clamp(pad, (pm.w - pad).max(pad));
                    let y = (true_px.1 + r * a.sin()).clamp(pad, (pm.h - pad).max(pad));
                    if free((x, y), &spots) {
                        p.offset = (
                            (x - true_px.0).round() as i32,
                            (y - true_px.1).round() as i32,
                        );
                        break 'search;
                    }
                }
            }
        }
        spots.push(spot(p.offset));
    }
}

/// Draws placed end markers: a leader line and a dot at the true point for each moved marker,
/// then the markers (shape per series, filled in its colour, outlined in black).
pub(crate) fn draw_ends<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    placed: &[PlacedEnd],
    colors: &dyn Fn(usize) -> RGBColor,
    scale: f64,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    let r = 5.5 * scale;
    let edge = (1.5 * scale).round().max(1.0) as u32;
    for p in placed.iter().filter(|p| p.offset != (0, 0)) {
        chart.draw_series(std::iter::once(
            EmptyElement::at(p.at)
                + PathElement::new(vec![(0, 0), p.offset], BLACK.mix(0.75).stroke_width(1)),
        ))?;
        chart.draw_series(std::iter::once(outlined(
            p.at,
            dot(2.5 * scale),
            colors(p.k),
            BLACK.stroke_width(1),
        )))?;
    }
    for p in placed {
        let shape: Vec<(i32, i32)> = end_shape(p.k, r)
            .into_iter()
            .map(|(x, y)| (x + p.offset.0, y + p.offset.1))
            .collect();
        chart.draw_series(std::iter::once(outlined(
            p.at,
            shape,
            colors(p.k),
            BLACK.stroke_width(edge),
        )))?;
    }
    Ok(())
}

/// A small disc, as pixel offsets.
pub(crate) fn dot(r: f64) -> Vec<(i32, i32)> {
    (0..12)
        .map(|k| {
            let a = std::f64::consts::TAU * k as f64 / 12.0;
            ((r * a.cos()).round() as i32, (r * a.sin()).round() as i32)
        })
        .collect()
}

/// Draws the arrow heads of one path: small, filled in its colour, outlined in white.
pub(crate) fn draw_heads<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    spots: &[Spot],
    color: RGBColor,
    scale: f64,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    for (at, (ux, uy)) in spots {
        chart.draw_series(std::iter::once(outlined(
            *at,
            arrow_head(*ux, *uy, 10.0 * scale, 4.5 * scale),
            color,
            WHITE.stroke_width(1),
        )))?;
    }
    Ok(())
}

/// What a legend row shows before its label.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Symbol {
    /// A path: its colour, dash and end marker shape.
    Path(RGBColor, &'static [f64], usize),
    /// The start marker.
    Start,
    /// The end marker (each path's own shape is in its row).
    End,
    /// The minimum's star.
    Star,
    /// A local minimum's star.
    SmallStar,
}

/// Font of the legend's labels: the one that draws all of them ([`font_for`]).
fn legend_font(rows: &[(Symbol, String)]) -> &'static str {
    let all: String = rows.iter().map(|r| r.1.as_str()).collect();
    font_for(&all)
}

/// Pixel sizes of the legend: `(row height, symbol width, padding)`.
fn legend_metrics(scale: f64) -> (i32, i32, i32) {
    let s = scale.clamp(0.5, 3.0);
    ((24.0 * s) as i32, (46.0 * s) as i32, (10.0 * s) as i32)
}

/// How the legend's entries are laid out: column by column, `nrows` to a column, each column
/// as wide as its longest label needs (`col_x`: each column's left edge from the box's, and the
/// box's width last).
#[derive(Clone, Debug)]
pub(crate) struct LegendLayout {
    nrows: i32,
    col_x: Vec<i32>,
    /// The height of the strip the legend needs under the picture, pixels.
    pub height: u32,
}

/// Lays out `rows` in a strip `width` pixels wide: in the fewest rows whose columns (each as wide
/// as its longest label) fit the width, one column when none does.
pub(crate) fn legend_layout<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    rows: &[(Symbol, String)],
    scale: f64,
    width: u32,
) -> LegendLayout {
    let (row, sym, pad) = legend_metrics(scale);
    if rows.is_empty() {
        return LegendLayout {
            nrows: 0,
            col_x: vec![0, 1],
            height: 0,
        };
    }
    let font = TextStyle::from((legend_font(rows), LABEL_PX).into_font());
    let widths: Vec<i32> = rows
        .iter()
        .map(|r| {
            let t = area.estimate_text_size(&r.1, &font).map_or(0, |s| s.0);
            i32::try_from(t).unwrap_or(i32::MAX / 4) + sym + 2 * pad
        })
        .collect();
    let inner = i32::try_from(width)
        .unwrap_or(i32::MAX)
        .saturating_sub(2 * pad + 12)
        .max(1);
    let n = widths.len();
    let columns = |nrows: usize| -> Vec<i32> {
        let mut x: Vec<i32> = vec![0];
        for chunk in widths.chunks(nrows.max(1)) {
            let w = chunk.iter().copied().max().unwrap_or(0).min(inner);
            let last = x.last().copied().unwrap_or(0);
            x.push(last.saturating_add(w));
        }
        x
    };
    let nrows = (1..=n)
        .find(|&r| columns(r).last().copied().unwrap_or(0) <= inner)
        .unwrap_or(n);
    let col_x = columns(nrows);
    let nrows = i32::try_from(nrows).unwrap_or(1);
    let height = 2 * pad + row * nrows + pad;
    LegendLayout {
        nrows,
        col_x,
        height: u32::try_from(height.max(0)).unwrap_or(0),
    }
}

/// `text` shortened with `…` to fit `width` pixels in `font` (whole when it fits).
fn fit_text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    font: &TextStyle<'_>,
    width: i32,
) -> String {
    let fits = |t: &str| {
        area.estimate_text_size(t, font)
            .map_or(true, |s| i64::from(s.0) <= i64::from(width))
    };
    if fits(text) {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut n = chars.len();
    while n > 1 {
        n -= 1;
        let t: String = chars[..n].iter().collect::<String>() + "…";
        if fits(&t) {
            return t;
        }
    }
    "…".to_string()
}

/// Draws the legend box centred in `area` (a strip under the picture) as `layout` says: each
/// entry's symbol then its label. Returns the box's pixel corners in `area`.
pub(crate) fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    rows: &[(Symbol, String)],
    layout: &LegendLayout,
    scale: f64,
) -> Result<PixBox, PlotError>
where
    DB::ErrorType: 'static,
{
    let (w, _) = area.dim_in_pixel();
    let w = i32::try_from(w).unwrap_or(i32::MAX);
    let (row, sym, pad) = legend_metrics(scale);
    let font = TextStyle::from((legend_font(rows), LABEL_PX).into_font());
    let box_w = layout.col_x.last().copied().unwrap_or(0) + pad;
    let x0 = ((w - box_w) / 2).max(2);
    let x1 = (x0 + box_w).min(w - 2).max(x0 + 1);
    let top = pad / 2;
    let y1 = top + 2 * pad / 2 + row * layout.nrows + pad / 2;
    area.draw(&Rectangle::new([(x0, top), (x1, y1)], WHITE.filled()))?;
    area.draw(&Rectangle::new(
        [(x0, top), (x1, y1)],
        BLACK.mix(0.6).stroke_width(1),
    ))?;
    let lw = line_width(scale);
    for (i, (symbol, label)) in rows.iter().enumerate() {
        let i = i32::try_from(i).unwrap_or(0);
        let (c, r) = (i / layout.nrows.max(1), i % layout.nrows.max(1));
        let c = usize::try_from(c).unwrap_or(0);
        let col_l = layout.col_x.get(c).copied().unwrap_or(0);
        let col_r = layout.col_x.get(c + 1).copied().unwrap_or(col_l);
        let cx = x0 + pad + col_l;
        let cy = top + pad + row * r + row / 2;
        let (sx0, sx1) = (cx, cx + sym - pad / 2);
        let mid = ((sx0 + sx1) / 2, cy);
        match *symbol {
            Symbol::Path(color, dash, shape) => {
                let line_end = sx1 - (7.0 * scale) as i32;
                area.draw(&PathElement::new(
                    vec![(sx0, cy), (line_end, cy)],
                    WHITE.stroke_width(halo_width(lw, scale)),
                ))?;
                let unit = super::Interval { lo: 0.0, hi: 1.0 };
                let pm = PixMap {
                    b: super::PlotBox { x: unit, y: unit },
                    w: 1.0,
                    h: 1.0,
                };
                // Pixels as data of a 1x1 box of 1x1 pixels: y runs down as the pixels do.
                let piece = [
                    (f64::from(sx0), 1.0 - f64::from(cy)),
                    (f64::from(line_end), 1.0 - f64::from(cy)),
                ];
                for d in dash_piece(&piece, &pm, dash, scale) {
                    let pts: Vec<(i32, i32)> = d
                        .iter()
                        .map(|p| (p.0.round() as i32, (1.0 - p.1).round() as i32))
                        .collect();
                    area.draw(&PathElement::new(pts, color.stroke_width(lw)))?;
                }
                area.draw(&outlined(
                    (line_end, cy),
                    end_shape(shape, 5.5 * scale),
                    color,
                    BLACK.stroke_width((1.5 * scale).round().max(1.0) as u32),
                ))?;
            }
            Symbol::Start => {
                area.draw(&outlined(
                    mid,
                    dot(6.0 * scale),
                    WHITE,
                    BLACK.stroke_width(2),
                ))?;
            }
            Symbol::End => {
                area.draw(&outlined(
                    mid,
                    end_shape(0, 5.5 * scale),
                    WHITE,
                    BLACK.stroke_width(2),
                ))?;
            }
            Symbol::Star => area.draw(&star_marker(mid))?,
            Symbol::SmallStar => area.draw(&small_star(mid))?,
        }
        let room = col_r - col_l - sym - pad;
        let text = fit_text(area, label, &font, room);
        let style = font
            .clone()
            .color(&BLACK)
            .pos(Pos::new(HPos::Left, VPos::Center));
        area.draw(&Text::new(text, (sx1 + pad, cy), style))?;
    }
    Ok(((x0, top), (x1, y1)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::{Interval, PlotBox};

    fn pm() -> PixMap {
        PlotBox::new((0.0, 100.0), (0.0, 100.0)).map_or_else(
            |_| unreachable!(),
            |b| PixMap {
                b,
                w: 100.0,
                h: 100.0,
            },
        )
    }

    #[test]
    fn dashes_follow_the_pattern_across_corners() {
        let pm = pm();
        // A 40-pixel line in two segments, dashes of 6 on, 4 off: 4 dashes.
        let piece = [(0.0, 50.0), (17.0, 50.0), (40.0, 50.0)];
        let d = dash_piece(&piece, &pm, &[6.0, 4.0], 1.0);
        assert_eq!(d.len(), 4, "{d:?}");
        let len = |v: &Vec<(f64, f64)>| v.windows(2).map(|w| (w[1].0 - w[0].0).abs()).sum::<f64>();
        assert!(d.iter().all(|v| (len(v) - 6.0).abs() < 1e-9), "{d:?}");
        // Dashes 0..6, 10..16, 20..26 (after the corner at 17, in the gap) and 30..36.
        assert!((d[3][0].0 - 30.0).abs() < 1e-9);
        assert_eq!(dash_piece(&piece, &pm, &[], 1.0), vec![piece.to_vec()]);
    }

    #[test]
    fn heads_are_few_and_skip_tiny_segments() {
        let pm = pm();
        let long: Vec<(f64, f64)> = (0..=100).map(|i| (f64::from(i), 10.0)).collect();
        // 100 pixels: one head; no head on a 50-pixel path.
        assert_eq!(arrow_spots(std::slice::from_ref(&long), &pm, 1.0).len(), 1);
        assert!(arrow_spots(&[long[..51].to_vec()], &pm, 1.0).is_empty());
        // A straight path of 1-pixel steps gets its heads, pointing along it.
        let b = PlotBox {
            x: Interval {
                lo: 0.0,
                hi: 1000.0,
            },
            y: Interval {
                lo: 0.0,
                hi: 1000.0,
            },
        };
        let wide = PixMap {
            b,
            w: 1000.0,
            h: 1000.0,
        };
        let steps: Vec<(f64, f64)> = (0..=900).map(|i| (f64::from(i), 10.0)).collect();
        let spots = arrow_spots(&[steps], &wide, 1.0);
        assert_eq!(spots.len(), MAX_HEADS);
        assert!(
            spots.iter().all(|(_, d)| d.0 > 8.9 && d.1.abs() < 1e-9),
            "{spots:?}"
        );
        // A tight zigzag (3-pixel teeth) gets none: its direction there is noise.
        let zig: Vec<(f64, f64)> = (0..=300)
            .map(|i| (f64::from(i % 2) * 3.0 + 100.0, f64::from(i) * 0.1 + 10.0))
            .collect();
        assert!(arrow_spots(&[zig], &wide, 1.0).is_empty());
    }

    #[test]
    fn coinciding_ends_are_fanned_apart_and_off_the_star() {
        let b = PlotBox {
            x: Interval { lo: 0.0, hi: 900.0 },
            y: Interval { lo: 0.0, hi: 600.0 },
        };
        let pm = PixMap {
            b,
            w: 900.0,
            h: 600.0,
        };
        let star = (450.0, 300.0);
        let ends = [
            (0, (450.0, 300.0)),
            (1, (451.0, 300.0)),
            (2, (452.0, 301.0)),
            (3, (449.0, 299.0)),
            (4, (100.0, 100.0)),
        ];
        let placed = place_ends(&ends, Some(star), &pm, 1.0);
        assert_eq!(placed.len(), 5);
        let at = |p: &PlacedEnd| {
            let q = pm.px(p.at);
            (q.0 + f64::from(p.offset.0), q.1 + f64::from(p.offset.1))
        };
        let s = pm.px(star);
        for (i, p) in placed.iter().enumerate() {
            let a = at(p);
            if p.k == 4 {
                assert_eq!(p.offset, (0, 0));
            } else {
                assert!((a.0 - s.0).hypot(a.1 - s.1) >= 24.0, "{i}: {a:?}");
            }
            for q in &placed[..i] {
                let c = at(q);
                assert!((a.0 - c.0).hypot(a.1 - c.1) >= 14.0, "{a:?} {c:?}");
            }
        }
    }
}
