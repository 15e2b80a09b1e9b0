//! The expression graph picture read back from its SVG: no edge passes over a box other than the
//! two it joins, and no two texts (box lines, edge labels, the title) overlap, nor a label a box.
//! Text extents are estimated from the font size and the number of characters, generously (0.6 em
//! a character, one em high), so the check does not depend on the font.
//!
//! Invariant: every check here is geometry on the SVG's own numbers; nothing is compared with
//! nabla's earlier output.

use quick_xml::events::Event;
use quick_xml::Reader;

use super::cli::{nabla, stderr};
use super::pictures::out_dir;

const BEALE: &str = "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2";

#[derive(Clone, Copy, Debug)]
struct Rect {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Rect {
    fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    fn shrunk(&self, by: f64) -> Rect {
        Rect {
            x0: self.x0 + by,
            y0: self.y0 + by,
            x1: self.x1 - by,
            y1: self.y1 - by,
        }
    }

    fn near(&self, (x, y): (f64, f64), by: f64) -> bool {
        x >= self.x0 - by && x <= self.x1 + by && y >= self.y0 - by && y <= self.y1 + by
    }

    /// Whether the segment a-b meets the rectangle's interior (Liang-Barsky clipping).
    fn meets_segment(&self, a: (f64, f64), b: (f64, f64)) -> bool {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        for (p, q) in [
            (-dx, a.0 - self.x0),
            (dx, self.x1 - a.0),
            (-dy, a.1 - self.y0),
            (dy, self.y1 - a.1),
        ] {
            if p == 0.0 {
                if q <= 0.0 {
                    return false;
                }
            } else {
                let r = q / p;
                if p < 0.0 {
                    t0 = t0.max(r);
                } else {
                    t1 = t1.min(r);
                }
            }
        }
        t0 < t1
    }
}

#[derive(Debug)]
struct Text {
    text: String,
    rect: Rect,
}

/// What the picture shows: the boxes (outlined rectangles), the edges' polylines and the texts.
#[derive(Default)]
struct Drawing {
    boxes: Vec<Rect>,
    edges: Vec<Vec<(f64, f64)>>,
    texts: Vec<Text>,
}

fn attr(e: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name.as_bytes())
        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
}

fn num(e: &quick_xml::events::BytesStart, name: &str) -> f64 {
    attr(e, name)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("attribute {name} is a number"))
}

fn read(svg: &str) -> Drawing {
    let mut reader = Reader::from_str(svg);
    let mut d = Drawing::default();
    // The text element being read: (x, y, font size, anchor).
    let mut open: Option<(f64, f64, f64, String)> = None;
    loop {
        match reader.read_event().expect("the SVG is well-formed") {
            Event::Eof => break,
            Event::Empty(e) | Event::Start(e) => match e.name().as_ref() {
                b"rect" if attr(&e, "stroke").is_some_and(|s| s != "none") => {
                    let (x, y) = (num(&e, "x"), num(&e, "y"));
                    d.boxes.push(Rect {
                        x0: x,
                        y0: y,
                        x1: x + num(&e, "width"),
                        y1: y + num(&e, "height"),
                    });
                }
                b"polyline" => {
                    let pts = attr(&e, "points").expect("a polyline has points");
                    d.edges.push(
                        pts.split_whitespace()
                            .map(|p| {
                                let (x, y) = p.split_once(',').expect("x,y");
                                (x.parse().unwrap(), y.parse().unwrap())
                            })
                            .collect(),
                    );
                }
                b"text" => {
                    open = Some((
                        num(&e, "x"),
                        num(&e, "y"),
                        num(&e, "font-size"),
                        attr(&e, "text-anchor").unwrap_or_default(),
                    ));
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some((x, y, size, anchor)) = open.take() {
                    let text = t.decode().expect("UTF-8").trim().to_string();
                    let w = text.chars().count() as f64 * 0.6 * size;
                    let x0 = match anchor.as_str() {
                        "middle" => x - w / 2.0,
                        "end" => x - w,
                        _ => x,
                    };
                    // Drawn centred on y (dy = 0.5ex): one em high around it.
                    d.texts.push(Text {
                        text,
                        rect: Rect {
                            x0,
                            y0: y - size / 2.0,
                            x1: x0 + w,
                            y1: y + size / 2.0,
                        },
                    });
                }
            }
            _ => {}
        }
    }
    d
}

/// Asserts the routing and labelling rules on a drawing with `nodes` boxes and `edges` edges.
fn check(svg: &str, nodes: usize, edges: usize) {
    let d = read(svg);
    assert_eq!(d.boxes.len(), nodes, "one outlined box per node");
    assert_eq!(d.edges.len(), edges, "one polyline per edge");
    for (i, line) in d.edges.iter().enumerate() {
        let (first, last) = (line[0], line[line.len() - 1]);
        for (k, b) in d.boxes.iter().enumerate() {
            if b.near(first, 2.0) || b.near(last, 2.0) {
                continue;
            }
            let inner = b.shrunk(1.0);
            for w in line.windows(2) {
                assert!(
                    !inner.meets_segment(w[0], w[1]),
                    "edge {i} ({line:?}) crosses box {k} ({b:?})"
                );
            }
        }
    }
    for (i, a) in d.texts.iter().enumerate() {
        for b in &d.texts[i + 1..] {
            assert!(
                !a.rect.overlaps(&b.rect),
                "texts `{}` and `{}` overlap: {a:?} {b:?}",
                a.text,
                b.text
            );
        }
        let inside = d.boxes.iter().any(|b| {
            b.near(
                ((a.rect.x0 + a.rect.x1) / 2.0, (a.rect.y0 + a.rect.y1) / 2.0),
                0.0,
            )
        });
        if !inside {
            for b in &d.boxes {
                assert!(!a.rect.overlaps(b), "label `{}` over box {b:?}", a.text);
            }
        }
    }
}

#[test]
fn beale_graph_edges_go_around_boxes_and_labels_stand_apart() {
    let dir = out_dir("graph-routing", "beale");
    for at in [None, Some("x=3,y=4")] {
        let file = dir.join(format!("beale-graph-{}.svg", at.is_some()));
        let f = file.to_str().unwrap();
        let mut args = vec!["graph", BEALE, "-o", f];
        if let Some(p) = at {
            args.extend(["--at", p]);
        }
        let o = nabla(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        // Beale: x, y and 16 operations; 24 operands.
        check(&std::fs::read_to_string(&file).unwrap(), 18, 24);
    }
}

#[test]
fn a_wide_graph_keeps_the_rules() {
    // Many long edges from the two variables into a sum of products: every layer holds bends.
    let src = (1..=12)
        .map(|k| format!("x^{k}*y + sin(x*{k})*y^2"))
        .collect::<Vec<_>>()
        .join(" + ");
    let f = nabla::Formula::parse(&src).unwrap();
    let t = nabla::Trace::new(&f);
    let e = t.evaluate(&[0.5, 1.5]).unwrap();
    let s = nabla::draw_graph(nabla::plot::IN_MEMORY.as_ref(), &t, Some(&e), Some(&src)).unwrap();
    check(&s.svg.unwrap(), t.steps().len(), t.edges().len());
}

#[test]
fn the_largest_graph_drawn_keeps_the_rules() {
    // A chain of 199 operations on x, each with a long edge from x: the most nodes drawn.
    let mut src = String::from("x");
    for k in 1..nabla::MAX_DRAWN_NODES {
        src = format!("sin({src}) + {k}*x");
        if nabla::Trace::count_steps(&nabla::Formula::parse(&src).unwrap()) >= 190 {
            break;
        }
    }
    let f = nabla::Formula::parse(&src).unwrap();
    let t = nabla::Trace::new(&f);
    assert!(t.steps().len() <= nabla::MAX_DRAWN_NODES);
    let s = nabla::draw_graph(nabla::plot::IN_MEMORY.as_ref(), &t, None, None).unwrap();
    check(&s.svg.unwrap(), t.steps().len(), t.edges().len());
}
