//! The minimizer regions of a certificate: after the branch and bound of [`super::certify`]
//! proves its bounds, the boxes it kept (every one that may hold a global minimizer) are split
//! further, widest first, and grouped into regions of touching boxes.
//!
//! Invariants: no kept box is dropped (only those whose lower bound the localization's points
//! lift above `U`), so the regions hold every global minimizer; the localization is bounded in
//! splits, boxes, evaluations and time, and a region the budget left coarse says so.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use serde::Serialize;

use super::{half_width, midpoint, Search};
use crate::interval::Interval;

/// The localization splits the boxes that may hold a minimizer down to this fraction of the
/// initial box per side.
const LOCAL_RESOLUTION: f64 = 1e-4;

/// Most splits of the localization.
const LOCAL_SPLITS: usize = 20_000;

/// Most boxes the localization keeps (unless the branch and bound left more: none is dropped).
const LOCAL_BOXES: usize = 5_000;

/// A region wider than this many boxes at [`LOCAL_RESOLUTION`] on some side is
/// [`MinimizerRegion::extended`].
const EXTENDED: f64 = 4.0;

/// A region of the box that may hold global minimizers: the hull of touching boxes the branch
/// and bound could not rule out (their lower bounds are at most `U`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct MinimizerRegion {
    /// The hull of its boxes, one `(low, high)` per variable.
    pub hull: Vec<(f64, f64)>,
    /// How many boxes it merges.
    pub boxes: usize,
    /// The smallest lower bound of `f` over its boxes: at most [`Certificate::upper`](super::Certificate::upper).
    pub lower: f64,
    /// Whether [`Certificate::best`](super::Certificate::best) lies in it.
    pub holds_best: bool,
    /// Whether its boxes were split down to 1e-4 of the initial box per side (or to the
    /// resolution of floating point). When `false` the localization's budget ran out first:
    /// the region still holds every minimizer in it, but is coarse.
    pub refined: bool,
    /// Whether it is wider than a few boxes of 1e-4 of the initial box on some side: not the
    /// neighbourhood of one minimizer, but a continuum of minimizers (`max(|x| - 1/2, 0)`, all
    /// of [-1/2, 1/2]), many minimizers too close to separate, or a stretch where `f` is
    /// within rounding of its minimum (`softplus(x)` below -745, where `e^x` underflows): the
    /// minimizers may fill it.
    pub extended: bool,
}

impl MinimizerRegion {
    /// Whether `x` lies in the region's hull.
    pub fn contains(&self, x: &[f64]) -> bool {
        x.len() == self.hull.len()
            && x.iter()
                .zip(&self.hull)
                .all(|(v, (lo, hi))| *lo <= *v && *v <= *hi)
    }
}

/// Localization: the boxes kept when the branch and bound certified (each with its lower bound,
/// at most `U`), split widest first (relative to the initial box, whose half-widths are
/// `widths`) until every one is at most [`LOCAL_RESOLUTION`] of the initial box per side, or
/// [`LOCAL_SPLITS`] splits, [`LOCAL_BOXES`] boxes or the evaluations (`evals_left`) run out;
/// then every box left (none dropped but those whose bound the localization's points lifted
/// above `U`) is merged into regions, the best point's first. Widest first, a continuum of
/// minimizers is refined evenly (its hull stays the continuum's) and a budget cut leaves every
/// region coarse alike rather than some refined and others forgotten.
pub(super) fn localize_minimizers(
    s: &mut Search,
    kept: Vec<(Vec<Interval>, f64)>,
    widths: &[f64],
    evals_left: impl Fn(&Search) -> bool,
) -> Vec<MinimizerRegion> {
    // The widest side of `b`, relative to the initial box's.
    let widest = |b: &[Interval]| {
        b.iter()
            .enumerate()
            .map(|(i, x)| (i, half_width(x.lo, x.hi) / widths[i]))
            .fold((0, -1.0), |m, (i, w)| if w > m.1 { (i, w) } else { m })
    };
    let mut all: Vec<(Vec<Interval>, f64)> = kept;
    let mut queue: BinaryHeap<Widest> = all
        .iter()
        .enumerate()
        .map(|(id, (b, _))| Widest(widest(b).1, id))
        .collect();
    // Boxes done: at the resolution, or too narrow to split in floating point.
    let mut done: Vec<usize> = Vec::new();
    let mut splits = 0usize;
    // A split takes one box and adds at most two.
    let cap = LOCAL_BOXES.max(queue.len());
    while let Some(&Widest(rel, id)) = queue.peek() {
        if rel <= LOCAL_RESOLUTION {
            // The widest left is small: all are.
            break;
        }
        if splits >= LOCAL_SPLITS || queue.len() + done.len() >= cap || !evals_left(s) {
            break;
        }
        queue.pop();
        let b = std::mem::take(&mut all[id].0);
        let (k, _) = widest(&b);
        let mid = midpoint(b[k].lo, b[k].hi);
        if !(b[k].lo < mid && mid < b[k].hi) {
            all[id].0 = b;
            done.push(id);
            continue;
        }
        splits += 1;
        for half in [(b[k].lo, mid), (mid, b[k].hi)] {
            let mut c = b.clone();
            c[k] = Interval::new(half.0, half.1);
            if let Some(lower) = s.bound(&mut c) {
                queue.push(Widest(widest(&c).1, all.len()));
                all.push((c, lower));
            }
        }
    }
    // What is left, refined or not; a bound above U (lowered meanwhile) rules a box out.
    let left: Vec<(usize, bool)> = done
        .into_iter()
        .map(|id| (id, true))
        .chain(
            queue
                .into_iter()
                .map(|Widest(rel, id)| (id, rel <= LOCAL_RESOLUTION)),
        )
        .filter(|(id, _)| all[*id].1 <= s.upper)
        .collect();
    let hulls: Vec<Vec<(f64, f64)>> = left
        .iter()
        .map(|(id, _)| all[*id].0.iter().map(|x| (x.lo, x.hi)).collect())
        .collect();
    let mut regions: Vec<MinimizerRegion> = Vec::new();
    for members in touching_groups(&hulls) {
        let mut hull = hulls[members[0]].clone();
        let mut lower = f64::INFINITY;
        let mut refined = true;
        for &m in &members {
            for (h, b) in hull.iter_mut().zip(&hulls[m]) {
                *h = (h.0.min(b.0), h.1.max(b.1));
            }
            let (id, small) = left[m];
            lower = lower.min(all[id].1);
            refined &= small;
        }
        // Wider than a few boxes at the resolution: not one isolated minimizer's neighbourhood.
        let extended = hull
            .iter()
            .zip(widths)
            .any(|((lo, hi), w)| half_width(*lo, *hi) > EXTENDED * LOCAL_RESOLUTION * w);
        let holds_best = s.best.as_ref().is_some_and(|x| {
            x.iter()
                .zip(&hull)
                .all(|(v, (lo, hi))| *lo <= *v && *v <= *hi)
        });
        regions.push(MinimizerRegion {
            hull,
            boxes: members.len(),
            lower,
            holds_best,
            refined,
            extended,
        });
    }
    // The best point's region first, then in order of position.
    regions.sort_by(|a, b| {
        b.holds_best.cmp(&a.holds_best).then_with(|| {
            a.hull
                .iter()
                .zip(&b.hull)
                .map(|(p, q)| p.0.total_cmp(&q.0).then(p.1.total_cmp(&q.1)))
                .find(|o| o.is_ne())
                .unwrap_or(Ordering::Equal)
        })
    });
    regions
}

/// A box of the localization, ordered so the heap pops the widest (relative to the initial box)
/// first.
struct Widest(f64, usize);

impl PartialEq for Widest {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Widest {}
impl PartialOrd for Widest {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Widest {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0).then(other.1.cmp(&self.1))
    }
}

/// The groups of `boxes` (closed) that touch, directly or through others: the connected
/// components of the touching relation, each a list of indices, by a sweep along the first
/// variable (sorted by lower end; a box meets only those whose lower end is at most its upper
/// end) and union-find.
fn touching_groups(boxes: &[Vec<(f64, f64)>]) -> Vec<Vec<usize>> {
    let n = boxes.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let first = |i: usize| boxes[i].first().copied().unwrap_or((0.0, 0.0));
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| first(a).0.total_cmp(&first(b).0));
    for (k, &i) in order.iter().enumerate() {
        let hi = first(i).1;
        for &j in order[k + 1..].iter().take_while(|&&j| first(j).0 <= hi) {
            let touch = boxes[i]
                .iter()
                .zip(&boxes[j])
                .all(|((l1, h1), (l2, h2))| *l1 <= *h2 && *l2 <= *h1);
            if touch {
                let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                parent[ri.max(rj)] = ri.min(rj);
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut slot: Vec<usize> = vec![usize::MAX; n];
    for i in 0..n {
        let r = root(&mut parent, i);
        if slot[r] == usize::MAX {
            slot[r] = groups.len();
            groups.push(Vec::new());
        }
        groups[slot[r]].push(i);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn touching_boxes_group_transitively_and_apart_ones_do_not() {
        // [0, 1] and [2, 3] touch only through [1, 2] (given last); [5, 6] x [0, 1] is apart,
        // and [0, 1] x [3, 4] shares the first side of the chain but not the second.
        let boxes = vec![
            vec![(0.0, 1.0), (0.0, 1.0)],
            vec![(2.0, 3.0), (0.0, 1.0)],
            vec![(5.0, 6.0), (0.0, 1.0)],
            vec![(0.0, 1.0), (3.0, 4.0)],
            vec![(1.0, 2.0), (0.5, 0.5)],
        ];
        let mut g = touching_groups(&boxes);
        for m in &mut g {
            m.sort_unstable();
        }
        g.sort();
        assert_eq!(g, vec![vec![0, 1, 4], vec![2], vec![3]]);
        assert!(touching_groups(&[]).is_empty());
    }
}
