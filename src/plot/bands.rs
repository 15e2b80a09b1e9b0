//! Filled isobands and contour lines cut from a grid on all cores (rayon), with the same rings,
//! in the same order, as the `contour` crate's one-threaded `isobands` and `lines`.
//!
//! Where the time went (a 4,096 × 4,096 Beale grid, 7.6 s on one core before this module): the
//! crate's `isobands` spends about 57% testing which rings contain which (every ring against
//! every other, a full point-in-polygon walk each) and 25% marching squares; evaluating the grid
//! (about 2%) and drawing (under 1%) hardly count. Here:
//!
//! * each threshold's rings are traced on its own (marching squares, smoothing, the move to data
//!   coordinates: the crate's steps, in its order), all thresholds in parallel;
//! * each band (the rings of its two thresholds) is sorted by area and the parity of each ring's
//!   nesting counted by crossings of a ray with the other rings' edges, found through a table of
//!   edges by height ([`nesting_is_even`]), the bands and the rings of a band in parallel;
//! * only the outer rings of a band are kept: the picture paints them largest first, so holes are
//!   painted over by the smaller rings after them, and the crate's pairing of holes with their
//!   polygons (a second all-pairs walk) is not needed.
//!
//! # Invariants
//!
//! * Deterministic: every parallel step collects in index order, so the rings and their order do
//!   not depend on the number of threads (tested: the same SVG with 1 and 2 threads).
//! * Progress: one unit per threshold traced and per band finished ([`Stage::Contours`]).

use contour::{contour_rings, ContourBuilder, Line, Pt, Ring};
use rayon::prelude::*;

use crate::progress::{Counter, Stage};

/// How sample `(i, j)` maps to data coordinates: `(x_origin + i * x_step, y_origin + j * y_step)`
/// on a `dx × dy` grid (the `contour` crate's builder settings).
#[derive(Clone, Copy, Debug)]
pub(super) struct Frame {
    pub(super) dx: usize,
    pub(super) dy: usize,
    pub(super) x_origin: f64,
    pub(super) y_origin: f64,
    pub(super) x_step: f64,
    pub(super) y_step: f64,
}

impl Frame {
    fn builder(&self, smooth: bool) -> ContourBuilder {
        ContourBuilder::new(self.dx, self.dy, smooth)
            .x_origin(self.x_origin)
            .y_origin(self.y_origin)
            .x_step(self.x_step)
            .y_step(self.y_step)
    }
}

/// One filled band: its lower threshold and its outer rings, in the crate's polygon order.
pub(super) struct BandRings {
    pub(super) min_v: f64,
    pub(super) exteriors: Vec<Ring>,
}

/// The crate's linear smoothing of a ring traced at `value` (its `smoooth_linear`, kept step for
/// step so the points are the same).
fn smooth_linear(frame: &Frame, ring: &mut Ring, values: &[f64], value: f64) {
    let (dx, dy) = (frame.dx, frame.dy);
    let len_values = values.len();
    for point in ring.iter_mut() {
        let x = point.x;
        let y = point.y;
        let xt = x.trunc() as usize;
        let yt = y.trunc() as usize;
        let ix = yt * dx + xt;
        if ix < len_values {
            let v1 = values[ix];
            if x > 0.0 && x < (dx as f64) && (xt as f64 - x).abs() < f64::EPSILON {
                let v0 = values[yt * dx + xt - 1];
                point.x = x + (value - v0) / (v1 - v0) - 0.5;
            }
            if y > 0.0 && y < (dy as f64) && (yt as f64 - y).abs() < f64::EPSILON {
                let v0 = values[(yt - 1) * dx + xt];
                point.y = y + (value - v0) / (v1 - v0) - 0.5;
            }
        }
    }
}

/// A ring and the index of its first point off the grid's outer border (where rings of two
/// thresholds may run along the same stretch; inside, rings of a band never touch).
type Traced = (Ring, usize);

/// The rings of one threshold, as the crate's `isobands` makes them before pairing.
fn threshold_rings(
    frame: &Frame,
    values: &[f64],
    threshold: f64,
) -> Result<Vec<Traced>, contour::Error> {
    let rings = contour_rings(values, threshold, frame.dx, frame.dy)?;
    let moved = (frame.x_origin, frame.y_origin) != (0.0, 0.0)
        || (frame.x_step, frame.y_step) != (1.0, 1.0);
    let (w, h) = (frame.dx as f64, frame.dy as f64);
    Ok(rings
        .into_iter()
        .map(|mut ring| {
            smooth_linear(frame, &mut ring, values, threshold);
            ring.dedup();
            // Smoothing leaves the border's points on it (grid units 0 and dx, 0 and dy).
            let inside = ring
                .iter()
                .position(|p| p.x != 0.0 && p.x != w && p.y != 0.0 && p.y != h)
                .unwrap_or(0);
            if moved {
                for p in ring.iter_mut() {
                    p.x = p.x * frame.x_step + frame.x_origin;
                    p.y = p.y * frame.y_step + frame.y_origin;
                }
            }
            (ring, inside)
        })
        .filter(|(ring, _)| ring.len() > 3)
        .collect())
}

/// Twice the signed area (the crate's `area`).
fn area(ring: &[Pt]) -> f64 {
    let n = ring.len();
    let mut a = ring[n - 1].y * ring[0].x - ring[n - 1].x * ring[0].y;
    for i in 1..n {
        a += ring[i - 1].y * ring[i].x - ring[i - 1].x * ring[i].y;
    }
    a
}

/// The parity of how many other rings contain each ring, as the crate counts it (`contains`:
/// the ray-casting test at a ring's first point not on the other's boundary). Rings of a band
/// never cross (they are level lines of two values), so any point of a ring tells whether
/// another ring contains it, and the parity of the containing rings is the parity of all
/// crossings of the ray to the right of the ring's first point off the border with the other
/// rings' edges: counted through a table of edges by height, without a walk around every ring for
/// every ring.
fn nesting_is_even(rings: &[&Traced]) -> Vec<bool> {
    // Edges (ring, from, to), the closing one included, as the crate walks them.
    let mut edges: Vec<(usize, Pt, Pt)> = Vec::new();
    for (r, (ring, _)) in rings.iter().enumerate() {
        let n = ring.len();
        let mut j = n - 1;
        for i in 0..n {
            edges.push((r, ring[i], ring[j]));
            j = i;
        }
    }
    let (lo, hi) = edges
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), e| {
            (lo.min(e.1.y).min(e.2.y), hi.max(e.1.y).max(e.2.y))
        });
    let buckets = ((edges.len() as f64).sqrt() as usize).clamp(1, 1 << 14);
    let span = (hi - lo).max(f64::MIN_POSITIVE);
    let bucket = |y: f64| (((y - lo) / span * buckets as f64) as usize).min(buckets - 1);
    let mut table: Vec<Vec<usize>> = vec![Vec::new(); buckets];
    for (k, e) in edges.iter().enumerate() {
        let (a, b) = (e.1.y.min(e.2.y), e.1.y.max(e.2.y));
        for t in table.iter_mut().take(bucket(b) + 1).skip(bucket(a)) {
            t.push(k);
        }
    }
    (0..rings.len())
        .into_par_iter()
        .map(|r| {
            let p = rings[r].0[rings[r].1];
            let (x, y) = (p.x, p.y);
            if !(lo..=hi).contains(&y) {
                return true;
            }
            let crossings = table[bucket(y)]
                .iter()
                .filter(|&&k| {
                    let (owner, pi, pj) = &edges[k];
                    let (xi, yi, xj, yj) = (pi.x, pi.y, pj.x, pj.y);
                    *owner != r
                        && ((yi > y) != (yj > y))
                        && (x < (xj - xi) * (y - yi) / (yj - yi) + xi)
                })
                .count();
            crossings % 2 == 0
        })
        .collect()
}

/// The outer rings of the band between two thresholds' rings, in the crate's order.
fn band(lower: &[Traced], upper: &[Traced]) -> Vec<Ring> {
    let mut rings: Vec<(&Traced, f64)> =
        lower.iter().chain(upper).map(|r| (r, area(&r.0))).collect();
    rings.sort_by_key(|(_, a)| a.abs() as u64);
    let sorted: Vec<&Traced> = rings.iter().map(|(r, _)| *r).collect();
    let outer = nesting_is_even(&sorted);
    let mut kept: Vec<Ring> = sorted
        .iter()
        .zip(&outer)
        .filter(|(_, o)| **o)
        .map(|(r, _)| r.0.clone())
        .collect();
    kept.reverse();
    kept
}

/// The filled bands between consecutive `thresholds` (at least two) of `values` (smoothed, as
/// the crate's `isobands` with smoothing on), computed on all cores.
pub(super) fn isobands(
    frame: &Frame,
    values: &[f64],
    thresholds: &[f64],
) -> Result<Vec<BandRings>, contour::Error> {
    // The crate checks the sizes; ask it the same way for the same errors.
    if values.len() != frame.dx * frame.dy || thresholds.len() < 2 {
        frame.builder(true).isobands(values, thresholds)?;
        return Ok(Vec::new());
    }
    let progress = Counter::new(Stage::Contours, 2 * thresholds.len() as u64 - 1);
    let rings: Vec<Vec<Traced>> = thresholds
        .par_iter()
        .map(|t| {
            let r = threshold_rings(frame, values, *t);
            progress.add(1);
            r
        })
        .collect::<Result<_, _>>()?;
    let bands = (0..thresholds.len() - 1)
        .into_par_iter()
        .map(|k| {
            let b = BandRings {
                min_v: thresholds[k],
                exteriors: band(&rings[k], &rings[k + 1]),
            };
            progress.add(1);
            b
        })
        .collect();
    progress.finish();
    Ok(bands)
}

/// Contour lines at `thresholds` (smoothed), one [`Line`] per threshold in order, each computed
/// by the crate on its own, all in parallel: the same lines as one call of its `lines`.
pub(super) fn lines(
    frame: &Frame,
    values: &[f64],
    thresholds: &[f64],
) -> Result<Vec<Line>, contour::Error> {
    let progress = Counter::new(Stage::Contours, thresholds.len() as u64);
    let builder = frame.builder(true);
    let out: Vec<Vec<Line>> = thresholds
        .par_iter()
        .map(|t| {
            let l = builder.lines(values, std::slice::from_ref(t));
            progress.add(1);
            l
        })
        .collect::<Result<_, _>>()?;
    progress.finish();
    Ok(out.into_iter().flatten().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bumpy function on a small grid: rings nested, side by side and cut by the border.
    fn sample(dx: usize, dy: usize) -> Vec<f64> {
        (0..dx * dy)
            .map(|k| {
                let (i, j) = ((k % dx) as f64 / 7.0, (k / dx) as f64 / 5.0);
                (i.sin() * j.cos() * 3.0) + 0.1 * (i - j) * (i - j) / 10.0
            })
            .collect()
    }

    /// ln(1 + Beale) on -4.5..4.5: a deep valley, huge corners, rings along the border.
    fn beale(dx: usize, dy: usize) -> Vec<f64> {
        (0..dx * dy)
            .map(|k| {
                let x = -4.5 + 9.0 * (k % dx) as f64 / (dx - 1) as f64;
                let y = -4.5 + 9.0 * (k / dx) as f64 / (dy - 1) as f64;
                let f = (1.5 - x + x * y).powi(2)
                    + (2.25 - x + x * y * y).powi(2)
                    + (2.625 - x + x * y * y * y).powi(2);
                f.ln_1p()
            })
            .collect()
    }

    fn same_as_the_crate(frame: &Frame, values: &[f64], thresholds: &[f64]) -> usize {
        let ours = isobands(frame, values, thresholds).unwrap();
        let theirs = frame.builder(true).isobands(values, thresholds).unwrap();
        assert_eq!(ours.len(), theirs.len());
        let mut rings = 0;
        for (a, b) in ours.iter().zip(&theirs) {
            assert_eq!(a.min_v, b.min_v());
            let want: Vec<&Ring> = b.geometry().0.iter().map(|p| &p.exterior().0).collect();
            assert_eq!(a.exteriors.iter().collect::<Vec<_>>(), want);
            rings += want.len();
        }
        let lines_ours = lines(frame, values, thresholds).unwrap();
        let lines_theirs = frame.builder(true).lines(values, thresholds).unwrap();
        assert_eq!(lines_ours.len(), lines_theirs.len());
        for (a, b) in lines_ours.iter().zip(&lines_theirs) {
            assert_eq!((a.threshold(), a.geometry()), (b.threshold(), b.geometry()));
        }
        rings
    }

    #[test]
    fn bands_are_the_crates_outer_rings() {
        let (dx, dy) = (90, 70);
        let frame = Frame {
            dx,
            dy,
            x_origin: -4.5,
            y_origin: -2.0,
            x_step: 0.1,
            y_step: 0.05,
        };
        let thresholds: Vec<f64> = (0..12).map(|k| -3.0 + 0.6 * f64::from(k)).collect();
        let rings = same_as_the_crate(&frame, &sample(dx, dy), &thresholds);
        assert!(rings > 20, "the sample has many rings ({rings})");
        // Grid units (no move), and Beale's valley.
        let unit = Frame {
            dx: 120,
            dy: 110,
            x_origin: 0.0,
            y_origin: 0.0,
            x_step: 1.0,
            y_step: 1.0,
        };
        let thresholds: Vec<f64> = (0..25).map(|k| 0.5 * f64::from(k)).collect();
        assert!(same_as_the_crate(&unit, &beale(120, 110), &thresholds) > 20);
    }

    #[test]
    fn bad_sizes_are_the_crates_errors() {
        let frame = Frame {
            dx: 3,
            dy: 3,
            x_origin: 0.0,
            y_origin: 0.0,
            x_step: 1.0,
            y_step: 1.0,
        };
        assert!(isobands(&frame, &[0.0; 8], &[0.0, 1.0]).is_err());
        assert!(isobands(&frame, &[0.0; 9], &[0.0]).is_err());
    }
}
