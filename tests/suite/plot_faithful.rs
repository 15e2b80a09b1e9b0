//! Faithful drawing (issue 29, "What must hold"): a chart's pictures are read back and every
//! mark of a series' colour is checked against the series' data.
//!
//! For each picture the chart's [`Frame`] maps data to pixels. The line through the data, as a
//! continuous function of the horizontal position, covers in each pixel column a vertical band;
//! no pixel of the series' colour may lie outside that band (widened by the line's width) or
//! outside the plotting area (the legend column right of it aside), and the pixels of the
//! series' lowest and highest drawable value must be coloured. PNGs are decoded with `image`
//! (exact colour matches: the bitmap backend fills wide lines without blending); SVGs are
//! parsed as XML and every vertex of every polyline or circle of the colour is checked.
//!
//! Expected values come from closed forms written here (`4^-k` for gd on `x^2` with step 1/4)
//! or from the printed numbers (Adam's minimum 3.4e-15 and its values below 9.3e-8
//! after iteration 10,000 on Beale from (3, 4)); the series drawn through the library are
//! built in the test.

use std::path::Path;

use nabla::plot::{
    loss_chart, sweep_chart, ChartOptions, Frame, PathSeries, PlotSummary, SweepSeries, IN_MEMORY,
    PALETTE,
};
use plotters::style::RGBColor;
use quick_xml::events::Event;
use quick_xml::Reader;

use super::cli::{nabla, stderr, stdout};
use super::pictures::{decode_png, out_dir};

const BEALE: &str = "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2";
const SIX: &str = "gd,momentum,adagrad,adadelta,rmsprop,adam";

/// Pixels a drawn line may reach beyond the exact line: half its width of 3, rounding, and the
/// joints' squares.
const SLACK: f64 = 3.0;

fn arg(p: &Path) -> &str {
    p.to_str().expect("temp paths are UTF-8")
}

/// The exact line of one series in pixels: pieces of mapped points (a value a log axis cannot
/// show, or a non-finite one, breaks the line).
fn pixel_pieces(frame: &Frame, data: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
    let mut pieces = vec![Vec::new()];
    for (x, y) in data {
        match frame.pixel(*x, *y) {
            Some(p) => pieces.last_mut().expect("one piece").push(p),
            None => pieces.push(Vec::new()),
        }
    }
    pieces.retain(|p| !p.is_empty());
    pieces
}

/// For each pixel column of the picture, the rows the exact line covers there (its band), as
/// `(lo, hi)`, widened by [`SLACK`] across and down, and by `dot` pixels around each point (a
/// chart that marks its points); `None` where the line does not pass.
fn bands(frame: &Frame, data: &[(f64, f64)], dot: f64) -> Vec<Option<(f64, f64)>> {
    let width = frame.width as usize;
    let mut band: Vec<Option<(f64, f64)>> = vec![None; width];
    let mut widen = |c0: f64, c1: f64, y0: f64, y1: f64| {
        let lo_col = (c0 - SLACK).floor().max(0.0) as usize;
        let hi_col = ((c1 + SLACK).ceil().max(0.0) as usize).min(width - 1);
        for slot in band.iter_mut().take(hi_col + 1).skip(lo_col) {
            let b = slot.get_or_insert((f64::INFINITY, f64::NEG_INFINITY));
            b.0 = b.0.min(y0 - SLACK);
            b.1 = b.1.max(y1 + SLACK);
        }
    };
    for piece in pixel_pieces(frame, data) {
        for p in &piece {
            // A lone point is drawn as a dot; a marked point has its mark.
            let r = if piece.len() == 1 { dot.max(3.0) } else { dot };
            widen(p.0 - r, p.0 + r, p.1 - r, p.1 + r);
        }
        for w in piece.windows(2) {
            let (a, b) = if w[0].0 <= w[1].0 {
                (w[0], w[1])
            } else {
                (w[1], w[0])
            };
            // Walk the segment column by column: in column c it covers the rows between its
            // heights at the column's edges.
            let (c_lo, c_hi) = (a.0.floor(), b.0.floor());
            let at = |x: f64| {
                if b.0 == a.0 {
                    a.1
                } else {
                    a.1 + (b.1 - a.1) * ((x - a.0) / (b.0 - a.0)).clamp(0.0, 1.0)
                }
            };
            let cols = (c_hi - c_lo) as usize;
            for k in 0..=cols.min(width) {
                let c = c_lo + k as f64;
                let (x0, x1) = (c.max(a.0), (c + 1.0).min(b.0));
                let (y0, y1) = if b.0 == a.0 {
                    (a.1.min(b.1), a.1.max(b.1))
                } else {
                    (at(x0).min(at(x1)), at(x0).max(at(x1)))
                };
                widen(c, c, y0, y1);
            }
        }
    }
    band
}

/// The pixels of `color` that are not where its data is: inside the plotting area outside the
/// band of their column, or outside the plotting area left of the legend column. Each as
/// `(column, row)`.
fn stray_pixels(
    img: &image::RgbImage,
    frame: &Frame,
    color: RGBColor,
    data: &[(f64, f64)],
    dot: f64,
) -> Vec<(u32, u32)> {
    let band = bands(frame, data, dot);
    let legend_from = f64::from(frame.right) + SLACK + 1.0;
    img.enumerate_pixels()
        .filter(|(_, _, p)| p.0 == [color.0, color.1, color.2])
        .filter(|(x, y, _)| {
            let (xf, yf) = (f64::from(*x), f64::from(*y));
            if xf > legend_from {
                return false;
            }
            let inside = xf >= f64::from(frame.left) - SLACK
                && yf >= f64::from(frame.top) - SLACK
                && yf <= f64::from(frame.bottom) + SLACK;
            let in_band = band[*x as usize].is_some_and(|(lo, hi)| yf >= lo && yf <= hi);
            !(inside && in_band)
        })
        .map(|(x, y, _)| (x, y))
        .collect()
}

/// Whether some pixel of `color` lies within 2 pixels of where `(x, y)` is drawn.
fn shows(img: &image::RgbImage, frame: &Frame, color: RGBColor, x: f64, y: f64) -> bool {
    let Some((px, py)) = frame.pixel(x, y) else {
        return false;
    };
    let (cx, cy) = (px.floor() as i64, py.floor() as i64);
    (cx - 2..=cx + 2).any(|i| {
        (cy - 2..=cy + 2).any(|j| {
            i >= 0
                && j >= 0
                && img
                    .get_pixel_checked(i as u32, j as u32)
                    .is_some_and(|p| p.0 == [color.0, color.1, color.2])
        })
    })
}

/// The lowest and highest point of `data` that a frame's axes can show.
fn extremes(frame: &Frame, data: &[(f64, f64)]) -> ((f64, f64), (f64, f64)) {
    let drawable: Vec<(f64, f64)> = data
        .iter()
        .copied()
        .filter(|(x, y)| frame.pixel(*x, *y).is_some())
        .collect();
    let lo = drawable
        .iter()
        .copied()
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .expect("a drawable point");
    let hi = drawable
        .iter()
        .copied()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .expect("a drawable point");
    (lo, hi)
}

/// The polylines and circles of an SVG whose stroke or fill is `color`, as vertex lists (a
/// circle is its centre).
fn svg_marks(svg: &str, color: RGBColor) -> Vec<Vec<(f64, f64)>> {
    let hex = format!("#{:02X}{:02X}{:02X}", color.0, color.1, color.2);
    let mut reader = Reader::from_str(svg);
    let mut out = Vec::new();
    loop {
        let e = match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Empty(e) | Event::Start(e)) => e,
            Ok(_) => continue,
            Err(e) => panic!("the SVG is not well-formed: {e}"),
        };
        let attr = |name: &[u8]| {
            e.attributes()
                .flatten()
                .find(|a| a.key.as_ref() == name)
                .map(|a| String::from_utf8_lossy(&a.value).to_string())
        };
        let coloured = [b"stroke".as_slice(), b"fill"]
            .iter()
            .any(|n| attr(n).is_some_and(|v| v.eq_ignore_ascii_case(&hex)));
        if !coloured {
            continue;
        }
        match e.name().as_ref() {
            b"polyline" => {
                let pts = attr(b"points").unwrap_or_default();
                out.push(
                    pts.split_whitespace()
                        .filter_map(|xy| {
                            let (x, y) = xy.split_once(',')?;
                            Some((x.parse().ok()?, y.parse().ok()?))
                        })
                        .collect(),
                );
            }
            b"circle" => {
                let c = |n: &[u8]| attr(n).and_then(|v| v.parse::<f64>().ok());
                if let (Some(x), Some(y)) = (c(b"cx"), c(b"cy")) {
                    out.push(vec![(x, y)]);
                }
            }
            b"path" | b"line" => panic!("unexpected <{}> in {hex}", hex),
            _ => {}
        }
    }
    out
}

/// Checks an SVG's marks of `color` against `data` as [`stray_pixels`] checks a PNG's, and
/// that the extremes are vertices.
fn check_svg(svg: &str, frame: &Frame, color: RGBColor, data: &[(f64, f64)], dot: f64, what: &str) {
    let band = bands(frame, data, dot);
    let marks = svg_marks(svg, color);
    assert!(!marks.is_empty(), "{what}: nothing drawn in {color:?}");
    let legend_from = f64::from(frame.right) + SLACK + 1.0;
    let mut vertices = Vec::new();
    for mark in &marks {
        for &(x, y) in mark {
            if x > legend_from {
                continue;
            }
            let inside = x >= f64::from(frame.left) - SLACK
                && y >= f64::from(frame.top) - SLACK
                && y <= f64::from(frame.bottom) + SLACK;
            let col = (x.max(0.0) as usize).min(band.len() - 1);
            let in_band = band[col].is_some_and(|(lo, hi)| y >= lo && y <= hi);
            assert!(
                inside && in_band,
                "{what}: vertex ({x}, {y}) of {color:?} is outside the band of its data {:?}",
                band[col]
            );
            vertices.push((x, y));
        }
    }
    let (lo, hi) = extremes(frame, data);
    for (name, p) in [("lowest", lo), ("highest", hi)] {
        let (px, py) = frame.pixel(p.0, p.1).expect("drawable");
        assert!(
            vertices
                .iter()
                .any(|v| (v.0 - px).abs() <= 1.5 && (v.1 - py).abs() <= 1.5),
            "{what}: the {name} value {p:?} (pixel {px:.1}, {py:.1}) is not a vertex"
        );
    }
}

/// Checks a PNG as the module's header says: no stray pixel, extremes shown.
fn check_png(
    img: &image::RgbImage,
    frame: &Frame,
    color: RGBColor,
    data: &[(f64, f64)],
    dot: f64,
    what: &str,
) {
    let stray = stray_pixels(img, frame, color, data, dot);
    assert!(
        stray.is_empty(),
        "{what}: {} pixels of {color:?} lie outside the band of their data, e.g. {:?}",
        stray.len(),
        &stray[..stray.len().min(8)]
    );
    let (lo, hi) = extremes(frame, data);
    assert!(
        shows(img, frame, color, lo.0, lo.1),
        "{what}: lowest {lo:?} not drawn"
    );
    assert!(
        shows(img, frame, color, hi.0, hi.1),
        "{what}: highest {hi:?} not drawn"
    );
}

/// The known series: 200,001 values that swing every step between `1e-8` and `1e-15` (as Adam
/// does near Beale's minimum), with values near zero (`1e-300`, `3.4e-15`), a huge one
/// (`1e300`), zeros and negatives a log axis cannot show, and NaN and infinities.
fn known_values() -> Vec<f64> {
    (0..=200_000)
        .map(|k| match k {
            0 => 1e4,
            1000 => f64::NAN,
            1001 => f64::INFINITY,
            1002 => f64::NEG_INFINITY,
            50_000 => 1e-300,
            90_001 => 3.4e-15,
            120_000 => 1e300,
            150_000 => 0.0,
            150_001 => -1.0,
            _ if k % 2 == 0 => 1e-8 * (1.0 + (k as f64 * 1e-4).sin() * 0.5),
            _ => 1e-15 * (1.5 + (k as f64 * 3e-4).cos()),
        })
        .collect()
}

fn known_series() -> (PathSeries, PathSeries) {
    let values = known_values();
    let a = PathSeries::new("swinging", vec![vec![0.0]; values.len()]).with_values(values);
    // A second series, few points, every tenth iteration, crossing the first.
    let b_values: Vec<f64> = (0..=20).map(|k| 10f64.powi(6 - k)).collect();
    let b_iters: Vec<usize> = (0..=20).map(|k| k * 10_000).collect();
    let b = PathSeries::new("steady", vec![vec![0.0]; b_values.len()])
        .with_values(b_values)
        .with_iters(b_iters);
    (a, b)
}

/// `(iteration, value)` pairs of a series.
fn data_of(p: &PathSeries) -> Vec<(f64, f64)> {
    p.values
        .iter()
        .enumerate()
        .map(|(k, v)| (p.iteration(k) as f64, *v))
        .collect()
}

fn frame_of(s: &PlotSummary) -> Frame {
    s.frame.expect("a chart reports its frame")
}

#[test]
fn a_known_series_is_drawn_faithfully_in_png_and_svg() {
    let dir = out_dir("faithful", "known");
    let (a, b) = known_series();
    let series = [a.clone(), b.clone()];
    for log_x in [false, true] {
        let opts = ChartOptions {
            log_x,
            ..ChartOptions::default()
        };
        let png = dir.join(format!("known-{log_x}.png"));
        let s = loss_chart(&png, &series, &opts).expect("PNG");
        let frame = frame_of(&s);
        assert!(frame.y_log && frame.x_log == log_x);
        // Left out and said: NaN, +inf, -inf; 0 and -1; with a log x axis, iteration 0 of each.
        assert_eq!(s.non_finite, 3);
        assert_eq!(s.non_positive, 2);
        assert_eq!(s.zero_iterations, if log_x { 2 } else { 0 });
        let note = s.note().expect("a note");
        assert!(
            note.contains("3 NaN or infinite values are left out"),
            "{note}"
        );
        assert!(
            note.contains("2 values <= 0 cannot be drawn on a log axis"),
            "{note}"
        );
        let img = decode_png(&png);
        for (k, p) in series.iter().enumerate() {
            check_png(
                &img,
                &frame,
                PALETTE[k],
                &data_of(p),
                0.0,
                &format!("PNG log_x={log_x} {}", p.name),
            );
        }
        let mem = loss_chart(IN_MEMORY.as_ref(), &series, &opts).expect("SVG");
        assert_eq!(frame_of(&mem), frame, "SVG and PNG share the layout");
        let svg = mem.svg.expect("SVG text");
        for (k, p) in series.iter().enumerate() {
            check_svg(
                &svg,
                &frame,
                PALETTE[k],
                &data_of(p),
                0.0,
                &format!("SVG log_x={log_x} {}", p.name),
            );
        }
    }
    // The extremes of the swinging series are its values near zero and huge.
    let frame =
        frame_of(&loss_chart(IN_MEMORY.as_ref(), &series, &ChartOptions::default()).expect("SVG"));
    let (lo, hi) = extremes(&frame, &data_of(&a));
    assert_eq!((lo.1, hi.1), (1e-300, 1e300));
}

#[test]
fn a_sweep_with_zero_errors_and_huge_ones_is_drawn_faithfully() {
    // Forward differences' model error h/2 + 1e-16/h, with an exact 0 and a huge value.
    let h: Vec<f64> = (0..=16).map(|k| 10f64.powi(-k)).collect();
    let mut err: Vec<f64> = h.iter().map(|h| 0.5 * h + 1e-16 / h).collect();
    err[3] = 0.0;
    err[5] = f64::NAN;
    err[0] = 1e300;
    let s = SweepSeries::new("forward", h.clone(), err.clone());
    let dir = out_dir("faithful", "sweep");
    let png = dir.join("sweep.png");
    let summary =
        sweep_chart(&png, std::slice::from_ref(&s), &ChartOptions::default()).expect("PNG");
    assert_eq!((summary.non_positive, summary.non_finite), (1, 1));
    let frame = frame_of(&summary);
    assert!(frame.x_log && frame.y_log);
    let data: Vec<(f64, f64)> = h.into_iter().zip(err).collect();
    // Each step is marked with a dot and the best one with a ring of radius 11.
    check_png(
        &decode_png(&png),
        &frame,
        PALETTE[0],
        &data,
        14.0,
        "sweep PNG",
    );
    let mem = sweep_chart(IN_MEMORY.as_ref(), &[s], &ChartOptions::default()).expect("SVG");
    check_svg(
        &mem.svg.expect("SVG"),
        &frame,
        PALETTE[0],
        &data,
        14.0,
        "sweep SVG",
    );
}

/// The runs of a `nabla plot --json` answer as the loss chart draws them.
fn runs_of(json: &serde_json::Value) -> Vec<PathSeries> {
    json["runs"]
        .as_array()
        .expect("runs")
        .iter()
        .map(|r| {
            let path = r["path"].as_array().expect("path");
            let values: Vec<f64> = path
                .iter()
                .map(|p| p["value"].as_f64().unwrap_or(f64::NAN))
                .collect();
            let iters: Vec<usize> = path
                .iter()
                .map(|p| p["iteration"].as_u64().expect("iteration") as usize)
                .collect();
            PathSeries::new(
                r["legend"].as_str().expect("legend"),
                vec![vec![0.0]; values.len()],
            )
            .with_values(values)
            .with_iters(iters)
        })
        .collect()
}

/// Runs `nabla plot ... --loss --json -o <dir>/<name>.png` and the same with `.svg`, and returns
/// the answer, the loss chart's PNG and its SVG text.
fn cli_loss(dir: &Path, name: &str, args: &[&str]) -> (serde_json::Value, image::RgbImage, String) {
    let mut out = None;
    for ext in ["png", "svg"] {
        let file = dir.join(format!("{name}.{ext}"));
        let mut all: Vec<&str> = vec!["plot"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--loss", "--json", "-o", arg(&file)]);
        let o = nabla(&all);
        assert!(o.status.success(), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
        if ext == "png" {
            out = Some(v);
        }
    }
    let v = out.expect("answer");
    let img = decode_png(&dir.join(format!("{name}-loss.png")));
    let svg = std::fs::read_to_string(dir.join(format!("{name}-loss.svg"))).expect("SVG");
    (v, img, svg)
}

/// The frame the command line's loss chart has: the same runs drawn by the library with the
/// same options give the same layout.
fn cli_frame(runs: &[PathSeries], log_x: bool) -> Frame {
    let opts = ChartOptions {
        title: Some("f by iteration".into()),
        log_x,
        ..ChartOptions::default()
    };
    frame_of(&loss_chart(IN_MEMORY.as_ref(), runs, &opts).expect("SVG"))
}

#[test]
fn the_cli_draws_a_closed_form_run_faithfully_with_and_without_log_x() {
    // gd with step 1/4 on x^2 from 1 halves x each step: f at iteration k is 4^-k, until the
    // gradient 2 * 2^-k drops under 1e-8 (k = 28).
    let dir = out_dir("faithful", "cli-closed");
    for log_x in [false, true] {
        let mut args = vec!["x^2", "--from", "1", "--methods", "gd:lr=0.25"];
        if log_x {
            args.push("--log-x");
        }
        let (v, img, svg) = cli_loss(&dir, &format!("gd-{log_x}"), &args);
        let runs = runs_of(&v);
        assert_eq!(runs[0].iteration(runs[0].values.len() - 1), 28);
        // The line joins the recorded iterations (every 6th, and the lowest and highest between
        // two of them): the closed form at each.
        let data: Vec<(f64, f64)> = (0..runs[0].values.len())
            .map(|k| {
                let it = runs[0].iteration(k);
                (it as f64, 0.25f64.powi(it as i32))
            })
            .collect();
        assert_eq!(data.last().map(|d| d.1), Some(0.25f64.powi(28)));
        for (k, value) in runs[0].values.iter().enumerate() {
            let it = runs[0].iteration(k) as i32;
            let exact = 0.25f64.powi(it);
            assert!(
                (value - exact).abs() <= 1e-12 * exact,
                "iteration {it}: {value}"
            );
        }
        let frame = cli_frame(&runs, log_x);
        check_png(
            &img,
            &frame,
            PALETTE[0],
            &data,
            0.0,
            &format!("CLI PNG log_x={log_x}"),
        );
        check_svg(
            &svg,
            &frame,
            PALETTE[0],
            &data,
            0.0,
            &format!("CLI SVG log_x={log_x}"),
        );
        if log_x {
            let notes = v["notes"].to_string();
            assert!(
                notes.contains("iteration 0 (the start) cannot be drawn"),
                "{notes}"
            );
        }
    }
}

#[test]
fn the_books_beale_loss_chart_draws_only_what_happened() {
    // The command (the book's settings), read back with --json for the recorded runs.
    let dir = out_dir("faithful", "beale");
    for stall in ["1000", "0"] {
        let name = format!("loss-stall{stall}");
        let (v, img, svg) = cli_loss(
            &dir,
            &name,
            &[
                BEALE,
                "--from",
                "x=3,y=4",
                "--methods",
                SIX,
                "--iters",
                "300000",
                "--stall",
                stall,
            ],
        );
        let runs = runs_of(&v);
        assert_eq!(runs.len(), 6);
        let frame = cli_frame(&runs, false);
        for (k, run) in runs.iter().enumerate() {
            let data = data_of(run);
            let what = format!("Beale stall {stall} {}", run.name);
            let stray = stray_pixels(&img, &frame, PALETTE[k], &data, 0.0);
            assert!(
                stray.is_empty(),
                "{what}: {} stray pixels, e.g. {:?}",
                stray.len(),
                &stray[..stray.len().min(8)]
            );
            check_svg(&svg, &frame, PALETTE[k], &data, 0.0, &what);
        }
        // Adam is drawn last, on top: its extremes show.
        let adam = &runs[5];
        check_png(&img, &frame, PALETTE[5], &data_of(adam), 0.0, "Beale adam");
        if stall == "0" {
            // The numbers: Adam's minimum 3.4e-15, and nothing above 9.3e-8 after
            // iteration 10,000; the recorded run keeps that minimum.
            let min = adam.values.iter().copied().fold(f64::INFINITY, f64::min);
            assert!((3.35e-15..3.45e-15).contains(&min), "{min}");
            let late_max = adam
                .values
                .iter()
                .enumerate()
                .filter(|(k, _)| adam.iteration(*k) >= 10_000)
                .map(|(_, v)| *v)
                .fold(0.0, f64::max);
            assert!(late_max < 9.4e-8, "{late_max}");
            // No Adam pixel right of iteration 10,000 (plus the line's width) above 9.4e-8.
            let (x0, _) = frame.pixel(10_000.0, 1.0).expect("drawable");
            let (_, ceiling) = frame.pixel(1.0, 9.4e-8).expect("drawable");
            let high = img
                .enumerate_pixels()
                .filter(|(x, y, p)| {
                    f64::from(*x) > x0 + SLACK
                        && f64::from(*x) <= f64::from(frame.right)
                        && f64::from(*y) < ceiling - SLACK
                        && p.0 == [PALETTE[5].0, PALETTE[5].1, PALETTE[5].2]
                })
                .count();
            assert_eq!(high, 0, "Adam pixels above 9.4e-8 after iteration 10,000");
        }
    }
}

#[test]
fn legends_sit_right_of_the_plotting_area_for_fourteen_series() {
    let series: Vec<PathSeries> = (0..14)
        .map(|k| {
            let values: Vec<f64> = (0..200)
                .map(|i| 10f64.powf(3.0 - k as f64 * 0.3 - i as f64 * 0.01))
                .collect();
            PathSeries::new(format!("method {k} (lr=0.001)"), vec![vec![0.0]; 200])
                .with_values(values)
        })
        .collect();
    let dir = out_dir("faithful", "legend");
    let png = dir.join("fourteen.png");
    let s = loss_chart(&png, &series, &ChartOptions::default()).expect("PNG");
    let frame = frame_of(&s);
    let img = decode_png(&png);
    for (k, p) in series.iter().enumerate() {
        let color = PALETTE[k];
        // Every colour has its legend sample right of the plotting area.
        let in_legend = img
            .enumerate_pixels()
            .filter(|(x, _, p)| *x > frame.right as u32 + 4 && p.0 == [color.0, color.1, color.2])
            .count();
        assert!(
            in_legend > 20,
            "series {k}: legend sample missing ({in_legend} pixels)"
        );
        // Black (series 6) is also the axes' colour: skip its band check.
        if k != 6 {
            let stray = stray_pixels(&img, &frame, color, &data_of(p), 0.0);
            assert!(
                stray.is_empty(),
                "series {k}: {:?}",
                &stray[..stray.len().min(8)]
            );
        }
    }
}

#[test]
fn log_x_needs_the_loss_chart() {
    let o = nabla(&["plot", "x^2", "--from", "1", "--log-x", "-o", "-"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--loss"), "{}", stderr(&o));
    let help = stdout(&nabla(&["plot", "--help"]));
    assert!(help.contains("--log-x"), "{help}");
    assert!(
        help.contains("iteration 0 (the start) cannot be drawn"),
        "{help}"
    );
}

#[test]
fn a_curve_with_huge_values_stays_in_its_band() {
    use nabla::plot::{curve, CurveOptions, Interval};
    // exp(700 x) on [-1, 1]: from about 1e-304 to about 1e304, flat then steep; and a pole.
    let f = |x: f64| {
        if (x - 0.25).abs() < 1e-3 {
            f64::NAN
        } else {
            (700.0 * x).exp()
        }
    };
    let mut batch = |p: &[f64], out: &mut [f64]| {
        for (o, x) in out.iter_mut().zip(p) {
            *o = f(*x);
        }
    };
    let opts = CurveOptions {
        range: Some(Interval::new(-1.0, 1.0).expect("range")),
        samples: 4096,
        ..CurveOptions::default()
    };
    let dir = out_dir("faithful", "curve");
    let png = dir.join("curve.png");
    let s = curve(&png, &mut batch, &[], &opts).expect("PNG");
    let frame = frame_of(&s);
    let data: Vec<(f64, f64)> = (0..4096)
        .map(|i| {
            let x = opts.range.expect("range").lerp(i as f64 / 4095.0);
            (x, f(x))
        })
        .filter(|p| p.1.is_finite())
        .collect();
    // The curve's grey: checked inside the plotting area (tick labels are drawn in greys too).
    let grey = RGBColor(0x40, 0x40, 0x40);
    let img = decode_png(&png);
    let stray: Vec<(u32, u32)> = stray_pixels(&img, &frame, grey, &data, 0.0)
        .into_iter()
        .filter(|(x, y)| {
            (frame.left..=frame.right).contains(&(*x as i32))
                && (frame.top..=frame.bottom).contains(&(*y as i32))
        })
        .collect();
    assert!(stray.is_empty(), "{:?}", &stray[..stray.len().min(8)]);
    let (lo, hi) = extremes(&frame, &data);
    assert!(shows(&img, &frame, grey, lo.0, lo.1) && shows(&img, &frame, grey, hi.0, hi.1));
    let mem = curve(IN_MEMORY.as_ref(), &mut batch, &[], &opts).expect("SVG");
    check_svg(
        &mem.svg.expect("SVG"),
        &frame,
        grey,
        &data,
        0.0,
        "curve SVG",
    );
}
