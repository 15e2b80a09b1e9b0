//! Faithful chart lines: clipping in data space, thinning by pixel column, and drawing without
//! marks that no data made.
//!
//! A chart's series arrives as points in axis coordinates (`log10` of the data on a log axis)
//! with `None` where the line breaks. Before anything is measured in pixels, each piece is
//! clipped against the visible box in data space (Liang-Barsky, [`clip_pieces`]), so no far-off
//! coordinate is ever mapped to a pixel (no `i32` overflow, no mark outside the plotting area).
//! Long pieces are then thinned by pixel column ([`thin_columns`]): of each run of consecutive
//! points that fall in one column (or one bucket of columns when a cap on points asks for it),
//! the first, the lowest, the highest and the last are kept, in their order, so the drawn line
//! covers exactly the vertical band its data covers in that column and every extreme survives.
//!
//! Drawing ([`draw_line_pieces`]): in SVG each piece is one polyline (the reader's renderer joins
//! wide strokes with a miter limit). A bitmap is drawn segment by segment with small squares at
//! the joints, because plotters' wide-polyline rasterizer extends the inner side of a sharp turn
//! without limit (a line that goes down and back up in one column became a spike far beyond
//! its data, and crossed the axis); a wide segment alone is a plain rectangle.
//!
//! Invariants: every kept point lies inside the box; the first and last point of each piece are
//! kept; within a bucket the kept points are in their original order; at most four points are
//! kept per bucket.

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::clip_polyline;
use super::{Frame, PlotBox, PlotError};

/// The pixel geometry of a plotting area, as plotters maps a point: the column of `x` is
/// `left + floor((right - left) * (x - x.lo) / x.span() + 1e-3)`, and the same for rows, with
/// `y.hi` at the top.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Columns {
    /// The box shown.
    pub b: PlotBox,
    /// `right - left`: pixels from the column of `x.lo` to that of `x.hi`.
    pub w: f64,
    /// `bottom - top`: pixels from the row of `y.hi` to that of `y.lo`.
    pub h: f64,
}

impl Columns {
    /// The geometry of the plotting area `frame` describes.
    pub fn of(frame: &Frame) -> Self {
        Columns {
            b: PlotBox {
                x: frame.x,
                y: frame.y,
            },
            w: f64::from((frame.right - frame.left).max(1)),
            h: f64::from((frame.bottom - frame.top).max(1)),
        }
    }

    /// Pixel offsets of a point inside the box from the plotting area's top left corner.
    pub fn px(&self, p: (f64, f64)) -> (f64, f64) {
        (
            (p.0 - self.b.x.lo) / self.b.x.span() * self.w,
            (self.b.y.hi - p.1) / self.b.y.span() * self.h,
        )
    }
}

/// Splits a series at its breaks (`None`) and clips every piece to `b` in data space. A point
/// with breaks on both sides is a piece of one point when it lies inside the box.
pub(crate) fn clip_pieces(points: &[Option<(f64, f64)>], b: &PlotBox) -> Vec<Vec<(f64, f64)>> {
    let mut out = Vec::new();
    for run in points.split(Option::is_none) {
        match run {
            [] => {}
            [Some(p)] => {
                if b.contains(*p) {
                    out.push(vec![*p]);
                }
            }
            _ => out.extend(clip_polyline(run, b)),
        }
    }
    out
}

/// How many pixel columns share one bucket so that at most `max_points` points are kept for a
/// plotting area `columns` pixels wide (four per bucket; `max_points` below 8 counts as 8).
pub(crate) fn bucket_width(columns: f64, max_points: usize) -> f64 {
    let buckets = (max_points.max(8) / 4) as f64;
    let cols = columns.max(1.0) + 1.0;
    (cols / buckets).ceil().max(1.0)
}

/// Indices of the points of `pix` (pixel offsets, as [`Columns::px`] gives them) to draw: of
/// each run of consecutive points in one bucket of `width` columns, the first, the lowest, the
/// highest and the last, in their order. First and last of `pix` are always kept.
///
/// Drawn through these points, the line covers in each bucket the same vertical band as the
/// line through all of them.
pub(crate) fn thin_columns(pix: &[(f64, f64)], width: f64) -> Vec<usize> {
    let width = if width.is_finite() && width >= 1.0 {
        width
    } else {
        1.0
    };
    let bucket = |x: f64| ((x + 1e-3) / width).floor();
    let mut kept = Vec::new();
    let mut start = 0;
    while start < pix.len() {
        let col = bucket(pix[start].0);
        let mut end = start + 1;
        while end < pix.len() && bucket(pix[end].0) == col {
            end += 1;
        }
        let run = &pix[start..end];
        let (mut lo, mut hi) = (0, 0);
        for (i, p) in run.iter().enumerate() {
            if p.1 < run[lo].1 {
                lo = i;
            }
            if p.1 > run[hi].1 {
                hi = i;
            }
        }
        let mut four = [0, lo, hi, run.len() - 1];
        four.sort_unstable();
        for i in four {
            if kept.last() != Some(&(start + i)) {
                kept.push(start + i);
            }
        }
        start = end;
    }
    kept
}

/// The pieces of a series ready to draw: clipped to the box, then thinned by column.
/// Also returns how many points are kept in all.
pub(crate) fn prepare_pieces(
    points: &[Option<(f64, f64)>],
    cols: &Columns,
    max_points: usize,
) -> (Vec<Vec<(f64, f64)>>, usize) {
    let width = bucket_width(cols.w, max_points);
    let mut kept_total = 0;
    let pieces: Vec<Vec<(f64, f64)>> = clip_pieces(points, &cols.b)
        .into_iter()
        .map(|piece| {
            let pix: Vec<(f64, f64)> = piece.iter().map(|p| cols.px(*p)).collect();
            let kept = thin_columns(&pix, width);
            kept_total += kept.len();
            kept.into_iter().map(|i| piece[i]).collect()
        })
        .collect();
    (pieces, kept_total)
}

/// Whether `DB` draws into a bitmap (PNG) rather than SVG text.
pub(crate) fn is_raster<DB: DrawingBackend>() -> bool {
    std::any::type_name::<DB>().contains("BitMapBackend")
}

type Chart2d<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Draws prepared pieces (inside the box) in `color`, `width` pixels wide; a piece of one point
/// is a dot of radius `width`.
pub(crate) fn draw_line_pieces<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    pieces: &[Vec<(f64, f64)>],
    color: RGBColor,
    width: u32,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    let raster = is_raster::<DB>();
    let r = i32::try_from(width / 2).unwrap_or(1);
    for piece in pieces {
        match piece.as_slice() {
            [] => {}
            [single] => {
                chart.draw_series(std::iter::once(Circle::new(
                    *single,
                    width.max(2),
                    color.filled(),
                )))?;
            }
            _ if !raster || width <= 1 => {
                chart.draw_series(std::iter::once(PathElement::new(
                    piece.clone(),
                    color.stroke_width(width),
                )))?;
            }
            _ => {
                chart.draw_series(
                    piece
                        .windows(2)
                        .map(|w| PathElement::new(vec![w[0], w[1]], color.stroke_width(width))),
                )?;
                chart.draw_series(piece[1..piece.len() - 1].iter().map(|p| {
                    EmptyElement::at(*p) + Rectangle::new([(-r, -r), (r, r)], color.filled())
                }))?;
            }
        }
    }
    Ok(())
}

/// One entry of a legend drawn beside the plotting area.
pub(crate) struct LegendEntry {
    /// The label.
    pub label: String,
    /// What the label stands for.
    pub mark: LegendMark,
}

/// The sample drawn before a legend label.
#[derive(Clone, Copy)]
pub(crate) enum LegendMark {
    /// A line of this colour and width.
    Line(RGBColor, u32),
    /// A line with a dot (a series drawn with a mark at each point).
    LineDot(RGBColor),
    /// The minimum's red star.
    Star,
}

/// Height of one legend row, in pixels.
const ROW: i32 = 26;
/// Width of the sample before a label.
const SAMPLE: i32 = 26;

/// Splits `area` into the chart's part and a legend column at its right, wide enough for the
/// longest label; entries that do not fit one column's height go into more columns. No column
/// when there is no entry.
pub(crate) fn split_for_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[LegendEntry],
    font: &str,
    chart_top: i32,
    chart_bottom_margin: i32,
) -> (DrawingArea<DB, Shift>, Option<DrawingArea<DB, Shift>>) {
    if entries.is_empty() {
        return (area.clone(), None);
    }
    let (w, h) = area.dim_in_pixel();
    let style = TextStyle::from((font, super::style::LABEL_PX).into_font());
    let text_w = entries
        .iter()
        .map(|e| {
            area.estimate_text_size(&e.label, &style)
                .map(|s| s.0)
                .unwrap_or(8 * e.label.chars().count() as u32)
        })
        .max()
        .unwrap_or(0);
    let col_w = 10 + SAMPLE + 8 + i32::try_from(text_w).unwrap_or(400) + 10;
    let usable = (i32::try_from(h).unwrap_or(600) - chart_top - chart_bottom_margin).max(ROW);
    let rows = (usable / ROW).max(1);
    let n = i32::try_from(entries.len()).unwrap_or(i32::MAX);
    let ncols = (n + rows - 1) / rows;
    let legend_w = (ncols * col_w + 12).min(i32::try_from(w).unwrap_or(900) / 2);
    let split = i32::try_from(w).unwrap_or(900) - legend_w;
    let (left, right) = area.split_horizontally(split.max(1));
    (left, Some(right))
}

/// Draws the legend's entries in `area` (from [`split_for_legend`]), its first row at `top`.
pub(crate) fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[LegendEntry],
    font: &str,
    top: i32,
    bottom_margin: i32,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    if entries.is_empty() {
        return Ok(());
    }
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (i32::try_from(w).unwrap_or(0), i32::try_from(h).unwrap_or(0));
    let usable = (h - top - bottom_margin).max(ROW);
    let rows = (usable / ROW).max(1);
    let n = i32::try_from(entries.len()).unwrap_or(i32::MAX);
    let ncols = (n + rows - 1) / rows;
    let col_w = ((w - 12) / ncols.max(1)).max(1);
    let used_rows = n.min(rows);
    area.draw(&Rectangle::new(
        [(4, top - 6), (w - 6, top + used_rows * ROW + 4)],
        BLACK.mix(0.6).stroke_width(1),
    ))?;
    let style = TextStyle::from((font, super::style::LABEL_PX).into_font()).pos(
        plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Left,
            plotters::style::text_anchor::VPos::Center,
        ),
    );
    for (i, e) in entries.iter().enumerate() {
        let i = i32::try_from(i).unwrap_or(0);
        let (c, r) = (i / rows, i % rows);
        let x = 12 + c * col_w;
        let y = top + r * ROW + ROW / 2 - 2;
        match e.mark {
            LegendMark::Line(color, width) => {
                area.draw(&PathElement::new(
                    vec![(x, y), (x + SAMPLE, y)],
                    color.stroke_width(width.max(2)),
                ))?;
            }
            LegendMark::LineDot(color) => {
                area.draw(&PathElement::new(
                    vec![(x, y), (x + SAMPLE, y)],
                    color.stroke_width(3),
                ))?;
                area.draw(&Circle::new((x + SAMPLE / 2, y), 4, color.filled()))?;
            }
            LegendMark::Star => {
                area.draw(&super::map::star_marker((x + SAMPLE / 2, y)))?;
            }
        }
        area.draw(&Text::new(
            e.label.clone(),
            (x + SAMPLE + 8, y),
            style.clone(),
        ))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::Interval;

    fn unit() -> PlotBox {
        PlotBox {
            x: Interval { lo: 0.0, hi: 1.0 },
            y: Interval { lo: 0.0, hi: 1.0 },
        }
    }

    #[test]
    fn thinning_keeps_each_columns_extremes_in_order() {
        // Column 0: 5, 1, 9, 4; column 1: 3; column 2: 7, 7.
        let pix = [
            (0.1, 5.0),
            (0.2, 1.0),
            (0.3, 9.0),
            (0.4, 4.0),
            (1.5, 3.0),
            (2.0, 7.0),
            (2.9, 7.0),
        ];
        assert_eq!(thin_columns(&pix, 1.0), vec![0, 1, 2, 3, 4, 5, 6]);
        let many: Vec<(f64, f64)> = (0..1000)
            .map(|i| {
                (
                    i as f64 / 100.0,
                    if i == 517 { -50.0 } else { (i % 7) as f64 },
                )
            })
            .collect();
        let kept = thin_columns(&many, 1.0);
        assert!(kept.len() <= 40, "{}", kept.len());
        assert!(kept.contains(&517) && kept.contains(&0) && kept.contains(&999));
        assert!(kept.windows(2).all(|w| w[0] < w[1]));
        // Wider buckets keep fewer.
        assert!(thin_columns(&many, 5.0).len() <= 8);
    }

    #[test]
    fn clipping_happens_in_data_space() {
        let b = unit();
        let pts = [
            Some((0.5, 0.5)),
            Some((0.6, 1e300)),
            None,
            Some((0.2, 0.2)),
            None,
            Some((2.0, 2.0)),
        ];
        let pieces = clip_pieces(&pts, &b);
        assert_eq!(pieces.len(), 2);
        assert!(pieces.iter().flatten().all(|p| b.contains(*p)));
        assert_eq!(pieces[1], vec![(0.2, 0.2)]);
    }

    #[test]
    fn bucket_width_respects_the_cap() {
        assert_eq!(bucket_width(750.0, 4 * 8192), 1.0);
        assert_eq!(bucket_width(750.0, 2000), 2.0);
        assert_eq!(bucket_width(750.0, 0), 376.0);
    }
}
