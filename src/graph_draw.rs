//! Drawing the expression DAG of a [`Trace`]: a layered (Sugiyama-style) layout of its steps and
//! a picture of it as SVG or PNG, with plotters.
//!
//! The layout is computed here, without Graphviz, in three stages:
//!
//! 1. **Layers by longest path.** An operation sits one layer below its lowest operand; then each
//!    input (a step without operands) moves down to just above its first user, so a variable read
//!    only at the end does not drag a long edge from the top.
//! 2. **Bends.** An edge spanning several layers gets a bend point (a dummy node) on each layer
//!    it crosses, so every segment joins adjacent layers.
//! 3. **Crossing reduction.** A few barycentre sweeps, down then up: each layer is reordered by the
//!    mean position of its neighbours in the layer just swept; the order with the fewest
//!    crossings seen is kept ([`Layout::crossings`], counted exactly with a Fenwick tree).
//!
//! Coordinates follow: boxes packed in order, pulled toward their neighbours' mean, with a
//! minimum gap kept. Edges are then routed around the boxes and their labels placed where they
//! collide with nothing (`graph_route.rs`): an edge crosses each layer it skips vertically at its
//! bend, in the gap kept beside the bend's slot, and a band between layers too crowded for its
//! labels is made taller. The picture shows each step's operation (and, given a [`TraceEval`], its
//! value and adjoint) in a box, and each edge's local partial (and its value) beside the edge.
//!
//! # Invariants
//!
//! * At most [`MAX_DRAWN_NODES`] steps are drawn; a larger trace is [`GraphDrawError::TooManyNodes`]
//!   before anything is laid out or written.
//! * Every loop is over steps, edges or layers: nothing recurses. Work is bounded by the number of
//!   segments (at most steps × layers), and label placement by a fixed number of tries per label
//!   against the labels of its band, repeated at most `MAX_GROWTH` + 1 times.
//! * No edge passes over a box other than its two ends, and no two labels overlap (tested on the
//!   SVG: `tests/suite/graph_routing.rs`).
//! * The picture is scaled down as a whole to fit the plotting module's size limits, and written
//!   through its [`render`] (a temporary file renamed into place).
//! * Layers run top to bottom (inputs at the top, the output at the bottom): the forward sweep
//!   flows down the arrows, the reverse sweep back up.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::graph_route::{place_labels, LabelBox, Route, Rows};
use crate::plot::{render, target_format, Figure, ImageFormat, PlotError};
use crate::trace::edge_label;
use crate::{fmt_digits, step_name, StepKind, Trace, TraceEval};

/// The most steps [`draw_graph`] draws; beyond this a drawing is unreadable.
pub const MAX_DRAWN_NODES: usize = 200;

/// Barycentre sweeps (each a pass down and a pass up).
const SWEEPS: usize = 4;

/// One place in a layer of a [`Layout`]: a step's box, or a bend of an edge that spans layers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// Step `k` of the trace.
    Step(usize),
    /// Where edge `edge` (an index into [`Trace::edges`]) crosses a layer.
    Bend {
        /// The edge.
        edge: usize,
    },
}

/// A layered layout of a trace's DAG.
#[derive(Clone, Debug)]
pub struct Layout {
    /// Each layer's slots, left to right; layer 0 is at the top.
    pub layers: Vec<Vec<Slot>>,
    /// Each step's layer.
    pub layer_of: Vec<usize>,
    /// Each edge's path of slots from its child (operand) down to its parent (user).
    pub paths: Vec<Vec<Slot>>,
    /// Edge crossings between adjacent layers in the order kept.
    pub crossings: usize,
    /// Edge crossings in the initial order (steps in evaluation order), before the sweeps.
    pub initial_crossings: usize,
}

/// Why a graph could not be drawn.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GraphDrawError {
    /// More steps than [`MAX_DRAWN_NODES`].
    #[error("{}", crate::tr!("plot-err-graph-too-many-nodes", nodes = *.nodes, max = *.max))]
    TooManyNodes {
        /// Steps of the trace.
        nodes: usize,
        /// The maximum drawn.
        max: usize,
    },
    /// Writing the picture failed (its name, its folder, the backend).
    #[error(transparent)]
    Plot(#[from] PlotError),
}

/// What [`draw_graph`] drew.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct GraphSummary {
    /// The format written.
    pub format: ImageFormat,
    /// Steps drawn.
    pub nodes: usize,
    /// Edges drawn.
    pub edges: usize,
    /// Layers.
    pub layers: usize,
    /// Edge crossings left.
    pub crossings: usize,
    /// Picture size in pixels.
    pub size: (u32, u32),
    /// The SVG text, when the destination was [`IN_MEMORY`](crate::plot::IN_MEMORY) (then no
    /// file is written).
    pub svg: Option<String>,
}

/// Counts crossings between two adjacent layers: `pairs` are (upper position, lower position) of
/// each segment. Two segments cross when their ends are in opposite orders.
fn crossings_between(pairs: &mut [(usize, usize)], width: usize) -> usize {
    pairs.sort_unstable();
    // Fenwick tree over lower positions: for each segment, the earlier ones (smaller upper end,
    // or equal upper end and smaller lower end) whose lower end is strictly greater.
    let mut tree = vec![0usize; width + 1];
    let mut count = 0;
    for (seen, &(_, v)) in pairs.iter().enumerate() {
        let mut i = v + 1;
        let mut not_greater = 0;
        while i > 0 {
            not_greater += tree[i];
            i &= i - 1;
        }
        count += seen - not_greater;
        let mut i = v + 1;
        while i <= width {
            tree[i] += 1;
            i += i & i.wrapping_neg();
        }
    }
    count
}

/// Lays out a trace's DAG in layers, with bends for long edges and few crossings.
///
/// ```
/// let f = nabla::Formula::parse("x*y + sin(x)").unwrap();
/// let t = nabla::Trace::new(&f);
/// let l = nabla::layout(&t);
/// // x and y on top; x*y and sin(x) below; the sum at the bottom.
/// assert_eq!(l.layer_of, [0, 0, 1, 1, 2]);
/// assert_eq!(l.crossings, 0);
/// ```
pub fn layout(trace: &Trace) -> Layout {
    let steps = trace.steps();
    let edges = trace.edges();
    let n = steps.len();
    let mut layer = vec![0usize; n];
    for k in 0..n {
        layer[k] = steps[k]
            .operands
            .iter()
            .map(|&e| layer[edges[e].child] + 1)
            .max()
            .unwrap_or(0);
    }
    for k in 0..n {
        if steps[k].operands.is_empty() {
            if let Some(m) = steps[k].users.iter().map(|&e| layer[edges[e].parent]).min() {
                layer[k] = m - 1;
            }
        }
    }
    let depth = layer.iter().max().map_or(1, |m| m + 1);
    // Items: the steps, then the bends; `up`/`down` are each item's neighbours one layer above
    // and below.
    let mut item_layer: Vec<usize> = layer.clone();
    let mut slots: Vec<Slot> = (0..n).map(Slot::Step).collect();
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut item_paths: Vec<Vec<usize>> = Vec::with_capacity(edges.len());
    for (i, e) in edges.iter().enumerate() {
        let mut path = vec![e.child];
        for l in layer[e.child] + 1..layer[e.parent] {
            let id = item_layer.len();
            item_layer.push(l);
            slots.push(Slot::Bend { edge: i });
            up.push(Vec::new());
            down.push(Vec::new());
            path.push(id);
        }
        path.push(e.parent);
        for w in path.windows(2) {
            down[w[0]].push(w[1]);
            up[w[1]].push(w[0]);
        }
        item_paths.push(path);
    }
    let mut order: Vec<Vec<usize>> = vec![Vec::new(); depth];
    for (i, &l) in item_layer.iter().enumerate() {
        order[l].push(i);
    }
    let mut pos = vec![0usize; item_layer.len()];
    let set_pos = |order: &[Vec<usize>], pos: &mut [usize]| {
        for layer in order {
            for (p, &i) in layer.iter().enumerate() {
                pos[i] = p;
            }
        }
    };
    set_pos(&order, &mut pos);
    let count = |order: &[Vec<usize>], pos: &[usize]| -> usize {
        let mut total = 0;
        for l in 0..order.len().saturating_sub(1) {
            let mut pairs: Vec<(usize, usize)> = order[l]
                .iter()
                .flat_map(|&u| down[u].iter().map(move |&v| (u, v)))
                .map(|(u, v)| (pos[u], pos[v]))
                .collect();
            total += crossings_between(&mut pairs, order[l + 1].len());
        }
        total
    };
    let initial = count(&order, &pos);
    let mut best = (initial, order.clone());
    let reorder = |order: &mut [Vec<usize>], pos: &mut [usize], l: usize, nb: &[Vec<usize>]| {
        let mut keyed: Vec<(f64, usize)> = order[l]
            .iter()
            .map(|&i| {
                let key = if nb[i].is_empty() {
                    pos[i] as f64
                } else {
                    nb[i].iter().map(|&j| pos[j] as f64).sum::<f64>() / nb[i].len() as f64
                };
                (key, i)
            })
            .collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
        order[l] = keyed.into_iter().map(|(_, i)| i).collect();
        for (p, &i) in order[l].iter().enumerate() {
            pos[i] = p;
        }
    };
    for _ in 0..SWEEPS {
        if best.0 == 0 {
            break;
        }
        for l in 1..depth {
            reorder(&mut order, &mut pos, l, &up);
        }
        let c = count(&order, &pos);
        if c < best.0 {
            best = (c, order.clone());
        }
        for l in (0..depth.saturating_sub(1)).rev() {
            reorder(&mut order, &mut pos, l, &down);
        }
        let c = count(&order, &pos);
        if c < best.0 {
            best = (c, order.clone());
        }
    }
    let (crossings, order) = best;
    Layout {
        layers: order
            .iter()
            .map(|l| l.iter().map(|&i| slots[i]).collect())
            .collect(),
        layer_of: layer,
        paths: item_paths
            .iter()
            .map(|p| p.iter().map(|&i| slots[i]).collect())
            .collect(),
        crossings,
        initial_crossings: initial,
    }
}

/// Font size as plotters takes it (drawn at about size / 1.24 pixels).
const FONT_SIZE: f64 = 17.0;
const EDGE_FONT_SIZE: f64 = 14.0;
const LINE_H: f64 = 18.0;
const PAD_X: f64 = 10.0;
const PAD_Y: f64 = 6.0;
const GAP_X: f64 = 44.0;
const GAP_Y: f64 = 84.0;
const BEND_W: f64 = 6.0;
const MARGIN: f64 = 24.0;
const TITLE_H: f64 = 40.0;
/// The largest side and area the picture is scaled down to fit (within the plotting limits).
const FIT_SIDE: f64 = 8000.0;
const FIT_AREA: f64 = 48e6;
/// Labels are cut to this many characters.
const LABEL_CHARS: usize = 48;

fn cut(s: &str) -> String {
    if s.chars().count() <= LABEL_CHARS {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(LABEL_CHARS - 1).collect();
        t.push('…');
        t
    }
}

/// Width of `text` in pixels at plotters font size `size`: measured with the bundled font, or
/// estimated when measuring fails.
fn text_width(text: &str, size: f64) -> f64 {
    let font: FontDesc = (crate::plot::font_for(text), size).into_font();
    match font.box_size(text) {
        Ok((w, _)) => f64::from(w),
        Err(_) => text.chars().count() as f64 * size * 0.5,
    }
}

/// A layout key: `(usize::MAX, step)` for a step's box, `(layer, edge)` for a bend.
type Key = (usize, usize);
/// Each key's neighbours one layer above and one below.
type Neighbours = std::collections::HashMap<Key, (Vec<Key>, Vec<Key>)>;

/// An edge as drawn: its polyline, its label and the label's place.
type DrawnEdge = (Vec<(f64, f64)>, String, LabelBox);

/// A laid-out picture: boxes and polylines in pixels, before scaling.
struct Picture {
    title: Option<String>,
    boxes: Vec<NodeBox>,
    /// Each edge: its polyline (child bottom to parent top), its label and where the label sits.
    edges: Vec<DrawnEdge>,
    size: (f64, f64),
    scale: f64,
}

struct NodeBox {
    center: (f64, f64),
    size: (f64, f64),
    lines: Vec<String>,
    fill: RGBColor,
}

/// How many times a band too crowded for its labels is made taller before the labels are placed
/// anyway (each time by [`BAND_GROWTH`]).
const MAX_GROWTH: usize = 12;
const BAND_GROWTH: f64 = 24.0;

/// Offsets of `n` attachment points along a side of width `w`, spread evenly about its middle.
fn spread(rank: usize, n: usize, w: f64) -> f64 {
    if n <= 1 {
        0.0
    } else {
        ((rank as f64 + 0.5) / n as f64 - 0.5) * w
    }
}

/// Ranks `items` by `key` (ties by position): `rank[i]` is item `i`'s place in the order.
fn ranks(keys: &[f64]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..keys.len()).collect();
    idx.sort_by(|&a, &b| keys[a].total_cmp(&keys[b]).then(a.cmp(&b)));
    let mut rank = vec![0; keys.len()];
    for (r, &i) in idx.iter().enumerate() {
        rank[i] = r;
    }
    rank
}

fn picture(
    trace: &Trace,
    eval: Option<&TraceEval>,
    lay: &Layout,
    title: Option<&str>,
    digits: Option<usize>,
) -> Picture {
    let steps = trace.steps();
    let edges = trace.edges();
    let lines: Vec<Vec<String>> = (0..steps.len())
        .map(|k| {
            let mut l = vec![cut(&format!("{} = {}", step_name(k), steps[k].text))];
            if let Some(e) = eval {
                let value = fmt_digits(e.values[k], digits);
                let adjoint = fmt_digits(e.adjoints[k], digits);
                l.push(cut(&crate::tr!("plot-graph-value", value = value)));
                l.push(cut(&crate::tr!("plot-graph-adjoint", value = adjoint)));
            }
            l
        })
        .collect();
    let box_h = lines.first().map_or(1, Vec::len) as f64 * LINE_H + 2.0 * PAD_Y;
    let widths: Vec<f64> = lines
        .iter()
        .map(|l| {
            l.iter()
                .map(|s| text_width(s, FONT_SIZE))
                .fold(0.0, f64::max)
                + 2.0 * PAD_X
        })
        .collect();
    let width_of = |s: Slot| match s {
        Slot::Step(k) => widths[k],
        Slot::Bend { .. } => BEND_W,
    };
    // x centres per slot: packed, then pulled toward the neighbours' mean (down and up), keeping
    // the order and the gaps.
    let depth = lay.layers.len();
    let mut center: std::collections::HashMap<(usize, usize), f64> =
        std::collections::HashMap::new();
    let key = |s: Slot, l: usize| match s {
        Slot::Step(k) => (usize::MAX, k),
        Slot::Bend { edge } => (l, edge),
    };
    let mut neighbours = Neighbours::new();
    for path in &lay.paths {
        let Some(Slot::Step(c)) = path.first() else {
            continue;
        };
        let mut l = lay.layer_of[*c];
        let mut prev = key(path[0], l);
        for s in &path[1..] {
            l += 1;
            let cur = key(*s, l);
            neighbours.entry(prev).or_default().1.push(cur);
            neighbours.entry(cur).or_default().0.push(prev);
            prev = cur;
        }
    }
    for (l, layer) in lay.layers.iter().enumerate() {
        let mut x = 0.0;
        for s in layer {
            let w = width_of(*s);
            center.insert(key(*s, l), x + w / 2.0);
            x += w + GAP_X;
        }
    }
    let settle =
        |l: usize, upward: bool, center: &mut std::collections::HashMap<(usize, usize), f64>| {
            let layer = &lay.layers[l];
            let ks: Vec<(usize, usize)> = layer.iter().map(|s| key(*s, l)).collect();
            let ws: Vec<f64> = layer.iter().map(|s| width_of(*s)).collect();
            let desired: Vec<f64> = ks
                .iter()
                .map(|k| {
                    let nb = neighbours.get(k).map(|(u, d)| if upward { d } else { u });
                    match nb {
                        Some(v) if !v.is_empty() => {
                            v.iter().map(|j| center[j]).sum::<f64>() / v.len() as f64
                        }
                        _ => center[k],
                    }
                })
                .collect();
            let m = ks.len();
            let mut left = desired.clone();
            for i in 1..m {
                let min = left[i - 1] + (ws[i - 1] + ws[i]) / 2.0 + GAP_X;
                left[i] = left[i].max(min);
            }
            let mut right = desired;
            for i in (0..m.saturating_sub(1)).rev() {
                let max = right[i + 1] - (ws[i + 1] + ws[i]) / 2.0 - GAP_X;
                right[i] = right[i].min(max);
            }
            for i in 0..m {
                center.insert(ks[i], (left[i] + right[i]) / 2.0);
            }
        };
    for _ in 0..3 {
        for l in 1..depth {
            settle(l, false, &mut center);
        }
        for l in (0..depth.saturating_sub(1)).rev() {
            settle(l, true, &mut center);
        }
    }
    let mut min_x = f64::INFINITY;
    let mut max_x = f64::NEG_INFINITY;
    for (l, layer) in lay.layers.iter().enumerate() {
        for s in layer {
            let c = center[&key(*s, l)];
            let w = width_of(*s);
            min_x = min_x.min(c - w / 2.0);
            max_x = max_x.max(c + w / 2.0);
        }
    }
    let title_h = if title.is_some() { TITLE_H } else { 0.0 };
    let shift = MARGIN - min_x;
    let box_x: Vec<f64> = (0..steps.len())
        .map(|k| center[&(usize::MAX, k)] + shift)
        .collect();
    // Each edge's x where it crosses the layers in between (its bends).
    let bends: Vec<Vec<f64>> = lay
        .paths
        .iter()
        .enumerate()
        .map(|(i, path)| {
            let mut l = lay.layer_of[edges[i].child];
            path[1..path.len().saturating_sub(1)]
                .iter()
                .map(|s| {
                    l += 1;
                    center[&key(*s, l)] + shift
                })
                .collect()
        })
        .collect();
    // Operands enter their user's top spread by where they come from; users leave an operand's
    // bottom spread by where they go, so lines and labels start apart.
    let mut entry = vec![0.0; edges.len()];
    for (k, s) in steps.iter().enumerate() {
        let from: Vec<f64> = s
            .operands
            .iter()
            .map(|&e| bends[e].last().copied().unwrap_or(box_x[edges[e].child]))
            .collect();
        for (r, &e) in ranks(&from).iter().zip(&s.operands) {
            entry[e] = box_x[k] + spread(*r, from.len(), widths[k]);
        }
    }
    let mut exit = vec![0.0; edges.len()];
    for (k, s) in steps.iter().enumerate() {
        let to: Vec<f64> = s
            .users
            .iter()
            .map(|&e| bends[e].first().copied().unwrap_or(entry[e]))
            .collect();
        for (r, &e) in ranks(&to).iter().zip(&s.users) {
            exit[e] = box_x[k] + spread(*r, to.len(), 0.8 * widths[k]);
        }
    }
    let routes: Vec<Route> = edges
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut xs = Vec::with_capacity(bends[i].len() + 2);
            xs.push(exit[i]);
            xs.extend_from_slice(&bends[i]);
            xs.push(entry[i]);
            Route {
                from: lay.layer_of[e.child],
                xs,
            }
        })
        .collect();
    let labels: Vec<String> = (0..edges.len())
        .map(|i| cut(&edge_label(&edges[i], eval.map(|v| v.partials[i]), digits)))
        .collect();
    let label_sizes: Vec<(f64, f64)> = labels
        .iter()
        .map(|t| (text_width(t, EDGE_FONT_SIZE) + 6.0, LINE_H))
        .collect();
    let w = max_x - min_x + 2.0 * MARGIN;
    let w = match title {
        // The title as drawn (cut to 160 characters), not as given: a 5,000-character name
        // would otherwise stretch the picture past any size.
        Some(t) => w.max(text_width(&cut_title(t), FONT_SIZE) + 2.0 * MARGIN),
        None => w,
    }
    .max(240.0);
    // Labels are placed band by band; a band without room grows and all are placed again.
    let mut gaps = vec![GAP_Y; depth.saturating_sub(1)];
    let first_top = MARGIN + title_h;
    let mut rows = Rows::new(first_top, box_h, &gaps);
    let (mut placed, mut crowded) = place_labels(&routes, &label_sizes, &rows, (4.0, w - 4.0));
    for _ in 0..MAX_GROWTH {
        if crowded.is_empty() {
            break;
        }
        for &b in &crowded {
            gaps[b] += BAND_GROWTH;
        }
        rows = Rows::new(first_top, box_h, &gaps);
        (placed, crowded) = place_labels(&routes, &label_sizes, &rows, (4.0, w - 4.0));
    }
    let boxes: Vec<NodeBox> = (0..steps.len())
        .map(|k| {
            let l = lay.layer_of[k];
            NodeBox {
                center: (box_x[k], rows.tops[l] + box_h / 2.0),
                size: (widths[k], box_h),
                lines: lines[k].clone(),
                fill: if k == trace.output() {
                    RGBColor(0xff, 0xe2, 0xbf)
                } else if matches!(steps[k].kind, StepKind::Input(_)) {
                    RGBColor(0xd9, 0xe7, 0xfb)
                } else {
                    RGBColor(0xf1, 0xf1, 0xf1)
                },
            }
        })
        .collect();
    let drawn_edges = routes
        .iter()
        .zip(labels)
        .zip(placed)
        .map(|((r, t), l)| (r.points(&rows), t, l))
        .collect();
    let h = (MARGIN * 2.0 + title_h + depth as f64 * box_h + gaps.iter().sum::<f64>()).max(120.0);
    let scale = 1f64
        .min(FIT_SIDE / w)
        .min(FIT_SIDE / h)
        .min((FIT_AREA / (w * h)).sqrt());
    Picture {
        title: title.map(cut_title),
        boxes,
        edges: drawn_edges,
        size: (w, h),
        scale,
    }
}

fn cut_title(t: &str) -> String {
    if t.chars().count() <= 160 {
        t.to_string()
    } else {
        let mut s: String = t.chars().take(159).collect();
        s.push('…');
        s
    }
}

impl Picture {
    fn pixels(&self) -> (u32, u32) {
        let px = |v: f64| (v * self.scale).ceil() as u32;
        (px(self.size.0), px(self.size.1))
    }
}

impl Figure for Picture {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError>
    where
        DB::ErrorType: 'static,
    {
        let s = self.scale;
        let p = |(x, y): (f64, f64)| ((x * s).round() as i32, (y * s).round() as i32);
        let font = |text: &str, size: f64, color: RGBColor| {
            (crate::plot::font_for(text), size * s)
                .into_font()
                .color(&color)
                .pos(Pos::new(HPos::Center, VPos::Center))
        };
        let edge_color = RGBColor(0x70, 0x70, 0x70);
        let label_color = RGBColor(0x1f, 0x5f, 0xd6);
        if let Some(t) = &self.title {
            let style = (crate::plot::font_for(t), FONT_SIZE * s)
                .into_font()
                .color(&BLACK)
                .pos(Pos::new(HPos::Left, VPos::Center));
            root.draw(&Text::new(
                t.clone(),
                p((MARGIN, MARGIN + TITLE_H / 2.0 - 6.0)),
                style,
            ))?;
        }
        for (pts, _, _) in &self.edges {
            let line: Vec<(i32, i32)> = pts.iter().map(|q| p(*q)).collect();
            root.draw(&PathElement::new(line, edge_color.stroke_width(1)))?;
            // The arrowhead at the user's box.
            let (a, b) = (pts[pts.len() - 2], pts[pts.len() - 1]);
            let (dx, dy) = (b.0 - a.0, b.1 - a.1);
            let len = (dx * dx + dy * dy).sqrt().max(1e-9);
            let (ux, uy) = (dx / len, dy / len);
            let size = 9.0;
            let back = (b.0 - ux * size, b.1 - uy * size);
            let head = vec![
                p(b),
                p((back.0 - uy * size * 0.45, back.1 + ux * size * 0.45)),
                p((back.0 + uy * size * 0.45, back.1 - ux * size * 0.45)),
            ];
            root.draw(&Polygon::new(head, edge_color.filled()))?;
        }
        for (_, label, at) in &self.edges {
            let (c, (w, h)) = (at.center, at.half);
            root.draw(&Rectangle::new(
                [p((c.0 - w, c.1 - h)), p((c.0 + w, c.1 + h))],
                WHITE.mix(0.85).filled(),
            ))?;
            root.draw(&Text::new(
                label.clone(),
                p(c),
                font(label, EDGE_FONT_SIZE, label_color),
            ))?;
        }
        for b in &self.boxes {
            let (cx, cy) = b.center;
            let (w, h) = b.size;
            let corners = [
                p((cx - w / 2.0, cy - h / 2.0)),
                p((cx + w / 2.0, cy + h / 2.0)),
            ];
            root.draw(&Rectangle::new(corners, b.fill.filled()))?;
            root.draw(&Rectangle::new(
                corners,
                RGBColor(0x40, 0x40, 0x40).stroke_width(1),
            ))?;
            let n = b.lines.len() as f64;
            for (i, line) in b.lines.iter().enumerate() {
                let y = cy + (i as f64 - (n - 1.0) / 2.0) * LINE_H;
                root.draw(&Text::new(
                    line.clone(),
                    p((cx, y)),
                    font(line, FONT_SIZE, BLACK),
                ))?;
            }
        }
        Ok(())
    }
}

/// Draws the DAG of `trace` into `path` (`.svg` or `.png`): one box per step with its operation
/// and, given `eval`, its value and adjoint; one arrow per edge, from operand to user, labelled
/// with the local partial (and its value). `title` goes above the picture. The destination
/// [`IN_MEMORY`](crate::plot::IN_MEMORY) writes no file: the SVG text comes back in
/// [`GraphSummary::svg`].
///
/// ```
/// let f = nabla::Formula::parse("x*y + sin(x)").unwrap();
/// let t = nabla::Trace::new(&f);
/// let e = t.evaluate(&[2.0, 3.0]).unwrap();
/// let file = std::env::temp_dir().join(format!("nabla-doc-graph-{}.svg", std::process::id()));
/// let s = nabla::draw_graph(&file, &t, Some(&e), Some("x*y + sin(x) at (2, 3)"))?;
/// assert_eq!((s.nodes, s.edges, s.layers), (5, 5, 3));
/// let svg = std::fs::read_to_string(&file).unwrap();
/// assert!(svg.contains("v3 = v1 * v2") && svg.contains("cos(v1)"));
/// std::fs::remove_file(&file).ok();
/// let s = nabla::draw_graph(nabla::plot::IN_MEMORY.as_ref(), &t, Some(&e), None)?;
/// assert!(s.svg.is_some_and(|svg| svg.starts_with("<svg") && svg.contains("v3 = v1 * v2")));
/// # Ok::<(), nabla::GraphDrawError>(())
/// ```
pub fn draw_graph(
    path: &Path,
    trace: &Trace,
    eval: Option<&TraceEval>,
    title: Option<&str>,
) -> Result<GraphSummary, GraphDrawError> {
    draw_graph_digits(path, trace, eval, title, None)
}

/// [`draw_graph`] with the values, adjoints and partials rounded to `digits` significant digits
/// ([`fmt_digits`]; `None`: every digit).
///
/// ```
/// let f = nabla::Formula::parse("sin(x)").unwrap();
/// let t = nabla::Trace::new(&f);
/// let e = t.evaluate(&[1.0]).unwrap();
/// let s = nabla::draw_graph_digits(nabla::plot::IN_MEMORY.as_ref(), &t, Some(&e), None, Some(3))?;
/// let svg = s.svg.unwrap();
/// assert!(svg.contains("0.841") && !svg.contains("0.8414"));
/// # Ok::<(), nabla::GraphDrawError>(())
/// ```
pub fn draw_graph_digits(
    path: &Path,
    trace: &Trace,
    eval: Option<&TraceEval>,
    title: Option<&str>,
    digits: Option<usize>,
) -> Result<GraphSummary, GraphDrawError> {
    let nodes = trace.steps().len();
    if nodes > MAX_DRAWN_NODES {
        return Err(GraphDrawError::TooManyNodes {
            nodes,
            max: MAX_DRAWN_NODES,
        });
    }
    target_format(path)?;
    crate::plot::ensure_font()?;
    let lay = layout(trace);
    let pic = picture(trace, eval, &lay, title, digits);
    let size = pic.pixels();
    let rendered = render(path, size, &pic)?;
    Ok(GraphSummary {
        format: rendered.format,
        svg: rendered.svg,
        nodes,
        edges: trace.edges().len(),
        layers: lay.layers.len(),
        crossings: lay.crossings,
        size,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crossings_are_counted_exactly() {
        // Two segments 0-1 and 1-0 cross once; 0-0 and 1-1 do not; a shared end never crosses.
        assert_eq!(crossings_between(&mut [(0, 1), (1, 0)], 2), 1);
        assert_eq!(crossings_between(&mut [(0, 0), (1, 1)], 2), 0);
        assert_eq!(crossings_between(&mut [(0, 0), (0, 1), (1, 0)], 2), 1);
        // Three segments fully reversed: every pair crosses, 3 choose 2.
        assert_eq!(crossings_between(&mut [(0, 2), (1, 1), (2, 0)], 3), 3);
    }
}
