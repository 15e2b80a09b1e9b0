//! Slide quality of `nabla plot`'s contour maps (issue 29, item 2), each test with the exact
//! command a teacher types: round tick labels in one format per axis (`0` reads `0`), the title as
//! typed, legend labels with each run's effective settings in a box outside the plotting area,
//! markers drawn after the paths with every end marker visible and the star on top, PNG text
//! without gaps after narrow letters, and thin paths.
//!
//! SVG pictures are read as XML elements in document order (plotters writes them in drawing
//! order); PNG pictures are decoded and read pixel by pixel. Expected values come from the
//! commands' inputs (the settings typed, the formula typed) and from hand-checked geometry.

use std::collections::HashMap;
use std::path::Path;

use nabla::plot::PALETTE;
use quick_xml::events::Event;
use quick_xml::Reader;

use super::cli::{nabla, stderr};
use super::pictures::{decode_png, out_dir};

const BEALE: &str = "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2";
const SIX: &str = "gd,momentum,adagrad,adadelta,rmsprop,adam";
const BOWL: &str = "(1/16)*x^2 + 9*y^2";

fn arg(p: &Path) -> &str {
    p.to_str().expect("temp paths are UTF-8")
}

/// One SVG element: its name, attributes and text content (for `<text>`).
#[derive(Debug, Clone)]
struct El {
    name: String,
    attrs: HashMap<String, String>,
    text: String,
}

impl El {
    fn num(&self, key: &str) -> f64 {
        self.attrs
            .get(key)
            .and_then(|v| v.parse().ok())
            .unwrap_or(f64::NAN)
    }
    fn points(&self) -> Vec<(f64, f64)> {
        self.attrs
            .get("points")
            .map(|p| {
                p.split_whitespace()
                    .filter_map(|xy| {
                        let (x, y) = xy.split_once(',')?;
                        Some((x.parse().ok()?, y.parse().ok()?))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
    fn attr(&self, key: &str) -> &str {
        self.attrs.get(key).map_or("", String::as_str)
    }
}

/// Every element of the SVG at `path`, in document order.
fn elements(path: &Path) -> Vec<El> {
    let text = std::fs::read_to_string(path).expect("SVG is readable");
    let mut reader = Reader::from_str(&text);
    let mut out: Vec<El> = Vec::new();
    let mut open_text: Option<usize> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                let attrs = e
                    .attributes()
                    .filter_map(Result::ok)
                    .map(|a| {
                        (
                            String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                            a.unescape_value()
                                .map(|v| v.into_owned())
                                .unwrap_or_default(),
                        )
                    })
                    .collect();
                if name == "text" {
                    open_text = Some(out.len());
                }
                out.push(El {
                    name,
                    attrs,
                    text: String::new(),
                });
            }
            Ok(Event::Text(t)) => {
                if let Some(i) = open_text {
                    out[i].text.push_str(t.decode().expect("UTF-8").trim());
                }
            }
            Ok(Event::End(_)) => open_text = None,
            Ok(_) => {}
            Err(e) => panic!("{} is not well-formed XML: {e}", path.display()),
        }
    }
    out
}

/// `(x0, y0, x1, y1)` of an element's points or rectangle.
fn bbox(e: &El) -> (f64, f64, f64, f64) {
    if e.name == "rect" {
        let (x, y) = (e.num("x"), e.num("y"));
        return (x, y, x + e.num("width"), y + e.num("height"));
    }
    let p = e.points();
    let fold = |f: fn(f64, f64) -> f64, init: f64, pick: fn(&(f64, f64)) -> f64| {
        p.iter().map(pick).fold(init, f)
    };
    (
        fold(f64::min, f64::INFINITY, |q| q.0),
        fold(f64::min, f64::INFINITY, |q| q.1),
        fold(f64::max, f64::NEG_INFINITY, |q| q.0),
        fold(f64::max, f64::NEG_INFINITY, |q| q.1),
    )
}

fn overlap(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// The plotting area: the largest unfilled black-stroked rectangle (its frame).
fn plot_area(els: &[El]) -> (f64, f64, f64, f64) {
    els.iter()
        .filter(|e| e.name == "rect" && e.attr("fill") == "none" && e.attr("opacity") == "1")
        .map(bbox)
        .max_by(|a, b| ((a.2 - a.0) * (a.3 - a.1)).total_cmp(&((b.2 - b.0) * (b.3 - b.1))))
        .expect("a plotting area")
}

fn hex(c: plotters::style::RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

fn run_ok(args: &[&str]) {
    let o = nabla(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
}

/// Tick labels of the y axis (right-aligned left of the area) and of the x axis (under it).
fn ticks(els: &[El]) -> (Vec<String>, Vec<String>) {
    let area = plot_area(els);
    let texts = els.iter().filter(|e| e.name == "text");
    let y: Vec<String> = texts
        .clone()
        .filter(|e| e.attr("text-anchor") == "end" && e.num("x") < area.0)
        .map(|e| e.text.clone())
        .collect();
    let x: Vec<String> = texts
        .filter(|e| {
            e.attr("text-anchor") == "middle"
                && e.num("y") > area.3
                && e.num("y") < area.3 + 40.0
                && e.num("x") >= area.0 - 1.0
                && e.num("x") <= area.2 + 1.0
        })
        .map(|e| e.text.clone())
        .collect();
    (y, x)
}

/// Whether labels share one format: all plain with the same number of decimals (`0` aside), or
/// all in exponent form.
fn one_format(labels: &[String]) -> bool {
    let rest: Vec<&String> = labels.iter().filter(|l| l.as_str() != "0").collect();
    let sci = rest.iter().filter(|l| l.contains('e')).count();
    if sci > 0 {
        return sci == rest.len();
    }
    let decimals = |l: &str| l.split_once('.').map_or(0, |(_, d)| d.len());
    rest.windows(2).all(|w| decimals(w[0]) == decimals(w[1]))
}

#[test]
fn bowl_ticks_are_round_with_zero_as_0_and_one_format_per_axis() {
    // nabla plot "(1/16)*x^2 + 9*y^2" --from x=-4,y=1 --methods gd -o bowl.svg
    let dir = out_dir("plotslides", "bowl-ticks");
    let svg = dir.join("bowl.svg");
    run_ok(&[
        "plot",
        BOWL,
        "--from",
        "x=-4,y=1",
        "--methods",
        "gd",
        "-o",
        arg(&svg),
    ]);
    let els = elements(&svg);
    let (y, x) = ticks(&els);
    assert!(y.len() >= 4 && x.len() >= 4, "{y:?} {x:?}");
    for axis in [&y, &x] {
        assert!(axis.iter().any(|l| l == "0"), "no `0` tick: {axis:?}");
        for l in axis.iter() {
            let v: f64 = l
                .parse()
                .unwrap_or_else(|_| panic!("`{l}` is not a number"));
            // Round: a multiple of 0.5 on this box (-5..1 by -1..2), never 1e-17 noise.
            assert!(
                ((v * 2.0).round() - v * 2.0).abs() < 1e-12,
                "`{l}` is not round"
            );
            assert!(!l.contains("e-"), "`{l}`");
        }
        assert!(one_format(axis), "mixed formats: {axis:?}");
    }
    // The y tick labels end left of the plotting area and clear of the axis name `y` (rotated,
    // about 18 px high): the widest label at 16 px (0.62 em a character) starts right of it.
    let area = plot_area(&els);
    let desc = els
        .iter()
        .find(|e| e.name == "text" && e.text == "y" && e.attrs.contains_key("transform"))
        .expect("the y axis name");
    let right = els
        .iter()
        .filter(|e| e.name == "text" && e.attr("text-anchor") == "end" && e.num("x") < area.0)
        .map(|e| e.num("x") - 16.0 * 0.62 * e.text.chars().count() as f64)
        .fold(f64::INFINITY, f64::min);
    assert!(
        right > desc.num("x") + 10.0,
        "tick labels at {right} run into `y` at {}",
        desc.num("x")
    );
}

#[test]
fn a_wide_range_keeps_one_tick_format() {
    // nabla plot "x^2 + y^2" --box x=0..200000,y=-1..1 -o wide.svg
    let dir = out_dir("plotslides", "wide");
    let svg = dir.join("wide.svg");
    run_ok(&[
        "plot",
        "x^2 + y^2",
        "--box",
        "x=0..200000,y=-1..1",
        "-o",
        arg(&svg),
    ]);
    let (y, x) = ticks(&elements(&svg));
    assert!(x.iter().any(|l| l == "0"), "{x:?}");
    assert!(one_format(&x), "x ticks mix formats: {x:?}");
    assert!(x.iter().all(|l| l == "0" || l.contains('e')), "{x:?}");
    assert!(one_format(&y), "{y:?}");
}

#[test]
fn the_title_is_the_formula_as_typed() {
    // nabla plot "(1/16)*x^2 + 9*y^2" --from x=-4,y=1 --methods gd -o bowl.svg
    let dir = out_dir("plotslides", "title");
    let svg = dir.join("bowl.svg");
    run_ok(&[
        "plot",
        BOWL,
        "--from",
        "x=-4,y=1",
        "--methods",
        "gd",
        "-o",
        arg(&svg),
    ]);
    let texts: Vec<String> = elements(&svg)
        .into_iter()
        .filter(|e| e.name == "text")
        .map(|e| e.text)
        .collect();
    assert!(
        texts.iter().any(|t| t == "f = (1/16)*x^2 + 9*y^2"),
        "{texts:?}"
    );
    assert!(!texts.iter().any(|t| t.contains("0.0625")), "{texts:?}");
    // Too long for 400 pixels (33 characters): shortened with an ellipsis, not dropped.
    let small = dir.join("small.svg");
    run_ok(&["plot", BEALE, "--size", "400x300", "-o", arg(&small)]);
    let texts: Vec<String> = elements(&small)
        .into_iter()
        .filter(|e| e.name == "text")
        .map(|e| e.text)
        .collect();
    let title = texts
        .iter()
        .find(|t| t.starts_with("f = (1.5 - x"))
        .expect("a title");
    assert!(
        title.ends_with('…') && title.chars().count() <= 400 / 12,
        "{title}"
    );
}

#[test]
fn legend_shows_effective_settings_outside_the_plotting_area() {
    // nabla plot BEALE --from x=3,y=4 --methods gd,momentum,adagrad,adadelta,rmsprop,adam -o beale.svg
    let dir = out_dir("plotslides", "legend");
    let svg = dir.join("beale.svg");
    run_ok(&[
        "plot",
        BEALE,
        "--from",
        "x=3,y=4",
        "--methods",
        SIX,
        "-o",
        arg(&svg),
    ]);
    let els = elements(&svg);
    let texts: Vec<&str> = els
        .iter()
        .filter(|e| e.name == "text")
        .map(|e| e.text.as_str())
        .collect();
    // The settings the book gives for these runs (plot's defaults, see `nabla plot --help`).
    for want in [
        "gd lr=5e-6",
        "momentum lr=5e-6 momentum=0.8",
        "adagrad lr=0.1",
        "adadelta lr=1",
        "rmsprop lr=0.001",
        "adam lr=0.001 beta2=0.8",
    ] {
        assert!(texts.contains(&want), "no `{want}` in {texts:?}");
    }
    assert!(!texts.iter().any(|t| t.contains("null")));
    let area = plot_area(&els);
    let legend = els
        .iter()
        .find(|e| e.name == "rect" && e.attr("fill") == "none" && e.attr("opacity") == "0.6")
        .map(bbox)
        .expect("the legend's box");
    assert!(
        !overlap(area, legend),
        "legend {legend:?} over the plotting area {area:?}"
    );
    // Every legend label lies in the legend's box.
    for e in els
        .iter()
        .filter(|e| e.name == "text" && e.text.contains(" lr="))
    {
        let (x, y) = (e.num("x"), e.num("y"));
        assert!(
            x > legend.0 && x < legend.2 && y > legend.1 && y < legend.3,
            "{e:?}"
        );
    }
}

#[test]
fn decay_runs_read_sensibly() {
    // nabla plot "x^2" --from x=3 --methods gd:lr=0.1,gd:lr=0.1:decay=0.5 -o decay.svg
    let dir = out_dir("plotslides", "decay");
    let svg = dir.join("decay.svg");
    run_ok(&[
        "plot",
        "x^2",
        "--from",
        "x=3",
        "--methods",
        "gd:lr=0.1,gd:lr=0.1:decay=0.5",
        "-o",
        arg(&svg),
    ]);
    let texts: Vec<String> = elements(&svg)
        .into_iter()
        .filter(|e| e.name == "text")
        .map(|e| e.text)
        .collect();
    assert!(texts.iter().any(|t| t == "gd lr=0.1 decay=0"), "{texts:?}");
    assert!(
        texts.iter().any(|t| t == "gd lr=0.1 decay=0.5"),
        "{texts:?}"
    );
    assert!(!texts.iter().any(|t| t.contains("null")), "{texts:?}");
}

#[test]
fn markers_come_after_the_paths_and_all_ends_are_visible() {
    // nabla plot BEALE --from x=3,y=4 --methods gd,momentum,adagrad,adadelta,rmsprop,adam -o beale.svg
    let dir = out_dir("plotslides", "markers");
    let svg = dir.join("beale.svg");
    run_ok(&[
        "plot",
        BEALE,
        "--from",
        "x=3,y=4",
        "--methods",
        SIX,
        "-o",
        arg(&svg),
    ]);
    let els = elements(&svg);
    let area = plot_area(&els);
    let inside = |e: &El| {
        let b = bbox(e);
        b.0 >= area.0 - 1.0 && b.2 <= area.2 + 1.0 && b.1 >= area.1 - 1.0 && b.3 <= area.3 + 1.0
    };
    let colours: Vec<String> = PALETTE.iter().take(6).map(|c| hex(*c)).collect();
    let last_path = els
        .iter()
        .rposition(|e| {
            e.name == "polyline" && colours.contains(&e.attr("stroke").to_string()) && inside(e)
        })
        .expect("paths are drawn");
    // End markers: a polygon of at most six corners in a path colour outlined in black (arrow
    // heads are outlined white; the dots at the true ends of moved markers are 12-gons).
    let ends: Vec<usize> = (0..els.len().saturating_sub(1))
        .filter(|&i| {
            let (e, next) = (&els[i], &els[i + 1]);
            e.name == "polygon"
                && e.points().len() <= 6
                && colours.contains(&e.attr("fill").to_string())
                && inside(e)
                && next.name == "polyline"
                && next.attr("stroke") == "#000000"
        })
        .collect();
    let star = els
        .iter()
        .position(|e| e.name == "polygon" && e.attr("fill") == "#E01010" && inside(e))
        .expect("the star");
    assert_eq!(ends.len(), 6, "one end marker per run");
    assert!(
        ends.iter().all(|&i| i > last_path),
        "an end marker under a path"
    );
    assert!(ends.iter().all(|&i| i < star), "the star is not on top");
    // Each run's end marker has its own colour; none overlaps another or the star.
    let fills: std::collections::HashSet<&str> =
        ends.iter().map(|&i| els[i].attr("fill")).collect();
    assert_eq!(fills.len(), 6);
    let boxes: Vec<_> = ends.iter().map(|&i| bbox(&els[i])).collect();
    let star_box = bbox(&els[star]);
    for (i, a) in boxes.iter().enumerate() {
        assert!(
            !overlap(*a, star_box),
            "end {i} {a:?} under the star {star_box:?}"
        );
        for b in &boxes[..i] {
            assert!(!overlap(*a, *b), "ends overlap: {a:?} {b:?}");
        }
    }
}

/// Columns of `img` inside `rows` (and `cols`) holding dark ink.
fn ink_gaps(
    img: &image::RgbImage,
    rows: std::ops::Range<u32>,
    cols: std::ops::Range<u32>,
) -> Vec<u32> {
    let inked: Vec<bool> = cols
        .map(|x| {
            rows.clone()
                .any(|y| img.get_pixel(x, y).0.iter().all(|c| *c < 140))
        })
        .collect();
    let first = inked.iter().position(|i| *i).unwrap_or(0);
    let mut gaps = Vec::new();
    let mut run = 0;
    for ink in &inked[first..] {
        if *ink {
            if run > 0 {
                gaps.push(run);
            }
            run = 0;
        } else {
            run += 1;
        }
    }
    gaps
}

#[test]
fn png_text_has_no_gap_after_narrow_letters() {
    // nabla plot "x^2" --title six -o six.png (and --title 57519)
    let dir = out_dir("plotslides", "kerning");
    for (title, letters) in [("six", 3), ("57519", 5)] {
        let png = dir.join(format!("{title}.png"));
        run_ok(&["plot", "x^2", "--title", title, "-o", arg(&png)]);
        let img = decode_png(&png);
        // The title is centred in the top 30 rows of the 900-pixel-wide picture.
        let gaps = ink_gaps(&img, 0..30, 380..520);
        assert_eq!(gaps.len(), letters - 1, "{title}: gaps {gaps:?}");
        let typical = {
            let mut g = gaps.clone();
            g.sort_unstable();
            g[g.len() / 2]
        };
        // Hand-measured from DejaVu Sans: letter gaps at 20 px are 1 to 3 pixels; plotters'
        // own drawing left 5 after `i` and after `1`.
        assert!(
            gaps.iter().all(|g| *g <= typical + 2),
            "{title}: gaps {gaps:?}"
        );
    }
}

#[test]
fn paths_are_thin() {
    // nabla plot "(1/16)*x^2 + 9*y^2" --from x=-4,y=1 --methods gd -o bowl.png
    let dir = out_dir("plotslides", "thin");
    let png = dir.join("bowl.png");
    run_ok(&[
        "plot",
        BOWL,
        "--from",
        "x=-4,y=1",
        "--methods",
        "gd",
        "-o",
        arg(&png),
    ]);
    let img = decode_png(&png);
    let c = PALETTE[0];
    let near = |p: &image::Rgb<u8>| {
        p.0.iter()
            .zip([c.0, c.1, c.2])
            .all(|(a, b)| a.abs_diff(b) <= 12)
    };
    // The path runs along y = 0 from x = -3.8 to 0 (the middle third of the picture's width);
    // in each column there, count the pixels of the path's colour.
    let mut widths = Vec::new();
    for x in 330..560 {
        let n = (0..img.height())
            .filter(|y| near(img.get_pixel(x, *y)))
            .count();
        if n > 0 {
            widths.push(n);
        }
    }
    assert!(
        widths.len() > 150,
        "the path is not there: {} columns",
        widths.len()
    );
    widths.sort_unstable();
    let median = widths[widths.len() / 2];
    assert!(median <= 3, "the path is {median} pixels thick");
}

#[test]
fn surface_ticks_keep_one_format_per_axis() {
    // nabla plot BEALE --surface --box -4.5..4.5 -o surface.svg: f runs from 0 to about 1.8e5
    // over the box (at (-4.5, -4.5): (1.5+4.5+20.25)^2 + (2.25+4.5+91.125)^2 + (2.625+4.5+410.0625)^2
    // = 689.0625 + 9579.515625 + 174047.34765625 = 184315.92578125), so the f axis reaches 1e5:
    // every label of it in exponent form, never `50000` beside `1.5e5`.
    let dir = out_dir("plotslides", "surface");
    let svg = dir.join("surface.svg");
    run_ok(&[
        "plot",
        "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2",
        "--surface",
        "--box",
        "-4.5..4.5",
        "-o",
        arg(&svg),
    ]);
    let labels: Vec<String> = elements(&svg)
        .into_iter()
        .filter(|e| e.name == "text")
        .map(|e| e.text.trim().to_string())
        .filter(|t| !t.is_empty() && t.parse::<f64>().is_ok())
        .collect();
    let big: Vec<&String> = labels
        .iter()
        .filter(|t| t.parse::<f64>().is_ok_and(|v| v.abs() >= 1e4))
        .collect();
    assert!(!big.is_empty(), "the f axis is labelled: {labels:?}");
    assert!(
        big.iter().all(|t| t.contains('e')),
        "labels of 1e4 and more are all in exponent form: {labels:?}"
    );
    assert!(
        !labels
            .iter()
            .any(|t| t == "50000" || t == "100000" || t == "150000"),
        "{labels:?}"
    );
}
