//! Routing the edges of a layered graph picture around its boxes, and placing the edges' labels
//! where they collide with nothing (used by [`crate::draw_graph`]).
//!
//! The picture is made of horizontal stripes: layer `l`'s boxes fill the stripe
//! `[tops[l], tops[l] + box_h]`, and the band between two layers holds no box. An edge that spans
//! several layers crosses each layer in between at its bend (a dummy node of the layout, given its
//! own slot in the layer's order with a gap to its neighbours), and crosses it **vertically**. So
//! every slanted segment lies inside a band, every vertical one inside a layer's free channel:
//!
//! # Invariants
//!
//! * No segment of a route crosses a box other than its two ends: slanted segments stay in the
//!   bands, vertical ones run through the gaps the layout keeps between the slots of a layer.
//! * A label is placed inside one band, on one of its edge's segments in that band or just beside
//!   it, and never overlaps another label of that band (with a margin): labels in different bands
//!   cannot meet, and no label can meet a box. A band without room for all of its labels is
//!   reported, so the caller makes it taller and places again.
//! * Work is bounded: every label tries a fixed number of positions against the labels already in
//!   its band; there is no recursion.

/// The vertical extent of the picture's layers: layer `l` spans `[tops[l], tops[l] + box_h]`.
pub(crate) struct Rows {
    pub(crate) tops: Vec<f64>,
    pub(crate) box_h: f64,
}

impl Rows {
    /// The top of each layer for the given band heights (`gaps[l]` between layer `l` and `l + 1`).
    pub(crate) fn new(first_top: f64, box_h: f64, gaps: &[f64]) -> Rows {
        let mut tops = Vec::with_capacity(gaps.len() + 1);
        let mut y = first_top;
        tops.push(y);
        for g in gaps {
            y += box_h + g;
            tops.push(y);
        }
        Rows { tops, box_h }
    }

    fn bottom(&self, l: usize) -> f64 {
        self.tops[l] + self.box_h
    }
}

/// A slanted segment of a route: its band, its top end and its bottom end.
type Segment = (usize, (f64, f64), (f64, f64));

/// An edge's route: it leaves layer `from` at `xs[0]` (its operand's bottom), crosses each layer
/// in between vertically at `xs[1..len - 1]` and enters layer `from + len - 1` at `xs[len - 1]`
/// (its user's top).
pub(crate) struct Route {
    pub(crate) from: usize,
    pub(crate) xs: Vec<f64>,
}

impl Route {
    /// The polyline, from the operand's bottom to the user's top.
    pub(crate) fn points(&self, rows: &Rows) -> Vec<(f64, f64)> {
        let n = self.xs.len();
        let mut pts = Vec::with_capacity(2 * n);
        pts.push((self.xs[0], rows.bottom(self.from)));
        for (i, &x) in self.xs.iter().enumerate().take(n.saturating_sub(1)).skip(1) {
            let l = self.from + i;
            pts.push((x, rows.tops[l]));
            pts.push((x, rows.bottom(l)));
        }
        pts.push((self.xs[n - 1], rows.tops[self.from + n - 1]));
        pts
    }

    /// The slanted segments, one per band crossed: `(band, (x, y) at top, (x, y) at bottom)`.
    fn segments(&self, rows: &Rows) -> Vec<Segment> {
        self.xs
            .windows(2)
            .enumerate()
            .map(|(i, w)| {
                let l = self.from + i;
                (l, (w[0], rows.bottom(l)), (w[1], rows.tops[l + 1]))
            })
            .collect()
    }
}

/// A placed label: its centre and its half width and half height.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct LabelBox {
    pub(crate) center: (f64, f64),
    pub(crate) half: (f64, f64),
}

impl LabelBox {
    /// Whether the two boxes come closer than `margin` vertically and `3 * margin`
    /// horizontally (two labels side by side must not read as one).
    fn overlaps(&self, o: &LabelBox, margin: f64) -> bool {
        (self.center.0 - o.center.0).abs() < self.half.0 + o.half.0 + 3.0 * margin
            && (self.center.1 - o.center.1).abs() < self.half.1 + o.half.1 + margin
    }
}

/// Space kept between two labels, and between a label and its band's edges.
const LABEL_MARGIN: f64 = 3.0;
/// Where along its band a label's centre may go (0: as high as it fits, 1: as low), in order of
/// preference: near the arrowhead first, as the picture always had it.
const ALONG: [f64; 13] = [
    0.7, 0.5, 0.85, 0.3, 1.0, 0.15, 0.0, 0.6, 0.4, 0.92, 0.22, 0.78, 0.08,
];

/// Places each edge's label (`sizes`: width and height, pixels) on its route, in edge order:
/// the first position that leaves a margin to every label already in the same band and stays
/// within `x_range`. Returns the labels and the bands that had no room for some label (those
/// labels are put at their first choice; the caller makes the bands taller and places again).
pub(crate) fn place_labels(
    routes: &[Route],
    sizes: &[(f64, f64)],
    rows: &Rows,
    x_range: (f64, f64),
) -> (Vec<LabelBox>, Vec<usize>) {
    let bands = rows.tops.len().saturating_sub(1);
    let mut placed: Vec<Vec<LabelBox>> = vec![Vec::new(); bands];
    let mut out = Vec::with_capacity(routes.len());
    let mut crowded = Vec::new();
    for (route, &(w, h)) in routes.iter().zip(sizes) {
        let half = (w / 2.0, h / 2.0);
        let segs = route.segments(rows);
        let mut first: Option<(usize, LabelBox)> = None;
        let mut found: Option<(usize, LabelBox)> = None;
        'search: for shift in [0.0, half.0 + 4.0, -(half.0 + 4.0)] {
            for &(band, a, b) in segs.iter().rev() {
                let lo = a.1 + half.1 + LABEL_MARGIN;
                let hi = b.1 - half.1 - LABEL_MARGIN;
                if hi < lo {
                    continue;
                }
                for u in ALONG {
                    let y = lo + u * (hi - lo);
                    let t = if b.1 > a.1 {
                        (y - a.1) / (b.1 - a.1)
                    } else {
                        0.5
                    };
                    let x = a.0 + t * (b.0 - a.0) + shift;
                    let cand = LabelBox {
                        center: (x, y),
                        half,
                    };
                    if first.is_none() {
                        first = Some((band, cand));
                    }
                    let inside = x - half.0 >= x_range.0 && x + half.0 <= x_range.1;
                    if inside && !placed[band].iter().any(|o| o.overlaps(&cand, LABEL_MARGIN)) {
                        found = Some((band, cand));
                        break 'search;
                    }
                }
            }
        }
        let chosen = match (found, first) {
            (Some(f), _) => Some(f),
            (None, Some(f)) => {
                // No room: the band grows and everything is placed again.
                if !crowded.contains(&f.0) {
                    crowded.push(f.0);
                }
                for &(band, _, _) in &segs {
                    if !crowded.contains(&band) {
                        crowded.push(band);
                    }
                }
                Some(f)
            }
            (None, None) => None,
        };
        match chosen {
            Some((band, l)) => {
                placed[band].push(l);
                out.push(l);
            }
            // An edge within one layer does not occur in a layered layout; keep the label at
            // the route's start, unseen rather than a panic.
            None => out.push(LabelBox {
                center: (route.xs[0], rows.bottom(route.from)),
                half,
            }),
        }
    }
    crowded.sort_unstable();
    (out, crowded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_cross_layers_vertically() {
        let rows = Rows::new(10.0, 20.0, &[30.0, 30.0]);
        assert_eq!(rows.tops, [10.0, 60.0, 110.0]);
        let r = Route {
            from: 0,
            xs: vec![0.0, 50.0, 100.0],
        };
        assert_eq!(
            r.points(&rows),
            [(0.0, 30.0), (50.0, 60.0), (50.0, 80.0), (100.0, 110.0)]
        );
    }

    #[test]
    fn labels_of_one_band_do_not_overlap() {
        // Five edges converging on one point: their labels must spread out.
        let rows = Rows::new(0.0, 20.0, &[140.0]);
        let routes: Vec<Route> = (0..5)
            .map(|i| Route {
                from: 0,
                xs: vec![f64::from(i) * 10.0, 20.0],
            })
            .collect();
        let sizes = vec![(30.0, 14.0); 5];
        let (labels, crowded) = place_labels(&routes, &sizes, &rows, (-200.0, 200.0));
        assert!(crowded.is_empty());
        for (i, a) in labels.iter().enumerate() {
            assert!(a.center.1 - a.half.1 >= 20.0 && a.center.1 + a.half.1 <= 160.0);
            for b in &labels[i + 1..] {
                assert!(!a.overlaps(b, 0.0), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn a_full_band_is_reported() {
        let rows = Rows::new(0.0, 20.0, &[20.0]);
        let routes: Vec<Route> = (0..40)
            .map(|_| Route {
                from: 0,
                xs: vec![0.0, 0.0],
            })
            .collect();
        let (_, crowded) = place_labels(&routes, &vec![(30.0, 14.0); 40], &rows, (-50.0, 50.0));
        assert_eq!(crowded, [0]);
    }
}
