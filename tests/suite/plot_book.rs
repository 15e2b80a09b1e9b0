//! The book's figures from the command line, one test per case with its exact command: a
//! function with its derivative (figures 2-1/2-2), several formulas on one chart, the lecture
//! notes' learning-rate panels, the gradient check's step sweep as a picture, and the surface
//! seen from the book's angle with the paths on it (figures 2-8/2-16); and the exit codes and
//! messages of what they refuse.
//!
//! Expected values come from closed forms written here (`f'(x) = 3x^2 - 6x - 9`, `g(x) = 2x`,
//! gradient descent on `x^2`: `x_k = 5 (1 - 2 lr)^k`) and from the settings typed, never from
//! nabla's own output.

use std::path::Path;

use nabla::plot::PALETTE;

use super::cli::{nabla, stderr, stdout};
use super::pictures::{decode_png, out_dir, svg_texts};

fn arg(p: &Path) -> &str {
    p.to_str().expect("temp paths are UTF-8")
}

/// `#RRGGBB` of a palette colour, as the SVG writes it.
fn hex(k: usize) -> String {
    let c = PALETTE[k];
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// The points of every `<polyline>` stroked in `colour` with width 3 and more than `min`
/// points, in pixels.
fn polylines(svg: &str, colour: &str, min: usize) -> Vec<Vec<(f64, f64)>> {
    let mut out = Vec::new();
    for part in svg.split("<polyline").skip(1) {
        let tag = &part[..part.find('>').unwrap_or(part.len())];
        if !tag.contains(&format!("stroke=\"{colour}\"")) || !tag.contains("stroke-width=\"3\"") {
            continue;
        }
        let Some(at) = tag.find("points=\"") else {
            continue;
        };
        let pts = &tag[at + 8..];
        let pts = &pts[..pts.find('"').unwrap_or(pts.len())];
        let line: Vec<(f64, f64)> = pts
            .split_whitespace()
            .filter_map(|p| {
                let (x, y) = p.split_once(',')?;
                Some((x.parse().ok()?, y.parse().ok()?))
            })
            .collect();
        if line.len() > min {
            out.push(line);
        }
    }
    out
}

/// The plotting area of a JSON answer's first file: `(left, top, right, bottom, x, y)`.
struct Frame {
    left: f64,
    top: f64,
    right: f64,
    bottom: f64,
    x: [f64; 2],
    y: [f64; 2],
}

impl Frame {
    fn of(json: &serde_json::Value) -> Frame {
        let f = &json["files"][0]["frame"];
        let n = |k: &str| f[k].as_f64().expect("frame number");
        let pair = |k: &str| [f[k][0].as_f64().expect("lo"), f[k][1].as_f64().expect("hi")];
        Frame {
            left: n("left"),
            top: n("top"),
            right: n("right"),
            bottom: n("bottom"),
            x: pair("x"),
            y: pair("y"),
        }
    }

    /// The point a pixel shows.
    fn point(&self, (px, py): (f64, f64)) -> (f64, f64) {
        let x = self.x[0] + (px - self.left) / (self.right - self.left) * (self.x[1] - self.x[0]);
        let y = self.y[1] - (py - self.top) / (self.bottom - self.top) * (self.y[1] - self.y[0]);
        (x, y)
    }

    /// Units per pixel: `(dx, dy)`.
    fn pixel(&self) -> (f64, f64) {
        (
            (self.x[1] - self.x[0]) / (self.right - self.left),
            (self.y[1] - self.y[0]) / (self.bottom - self.top),
        )
    }
}

/// Checks that every vertex of the curves drawn in palette colour `k` lies on `f` within the
/// rounding to whole pixels (one pixel each way, times the slope `df` for the horizontal one),
/// and that the curves span the chart from left to right.
fn reads_back(svg: &str, frame: &Frame, k: usize, f: impl Fn(f64) -> f64, df: impl Fn(f64) -> f64) {
    let lines = polylines(svg, &hex(k), 10);
    assert!(!lines.is_empty(), "no curve in colour {}", hex(k));
    let (dx, dy) = frame.pixel();
    let mut xs = Vec::new();
    for p in lines.iter().flatten() {
        let (x, y) = frame.point(*p);
        let tol = 1.5 * dy + 1.5 * dx * df(x).abs().max(df(x + dx).abs());
        assert!(
            (y - f(x)).abs() <= tol,
            "colour {}: ({x}, {y}) is {} off the curve (tolerance {tol})",
            hex(k),
            (y - f(x)).abs()
        );
        xs.push(x);
    }
    let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    assert!(
        lo <= frame.x[0] + 2.0 * dx && hi >= frame.x[1] - 2.0 * dx,
        "{lo}..{hi}"
    );
}

/// `nabla plot "x^3 - 3x^2 - 9x + 2" --with derivative --box -3..4 -o - --json`: the book's
/// figure 2-2, both curves read back from the SVG against their closed forms.
#[test]
fn function_and_derivative_read_back_from_the_picture() {
    let o = nabla(&[
        "plot",
        "x^3 - 3x^2 - 9x + 2",
        "--with",
        "derivative",
        "--box",
        "-3..4",
        "-o",
        "-",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON answer");
    assert_eq!(json["files"][0]["kind"], "curves");
    let svg = json["files"][0]["svg"].as_str().expect("inline SVG");
    assert!(svg.contains("f(x) = x^3 - 3*x^2 - 9*x + 2"), "legend");
    assert!(
        svg.contains("f&apos;(x) = 3*x^2 - 6*x - 9") || svg.contains("f'(x) = 3*x^2 - 6*x - 9")
    );
    let frame = Frame::of(&json);
    assert_eq!(frame.x, [-3.0, 4.0]);
    // f on [-3, 4] runs from -25 (x = -3 and x = 3) to 7 (x = -1); f' from -12 to 36.
    assert!(frame.y[0] <= -25.0 && frame.y[1] >= 36.0, "{:?}", frame.y);
    let f = |x: f64| x.powi(3) - 3.0 * x * x - 9.0 * x + 2.0;
    let df = |x: f64| 3.0 * x * x - 6.0 * x - 9.0;
    let d2f = |x: f64| 6.0 * x - 6.0;
    reads_back(svg, &frame, 0, f, df);
    reads_back(svg, &frame, 1, df, d2f);
}

/// `nabla plot "x^2; 2*x" -o two.svg`: two formulas separated by `;`, named f and g.
#[test]
fn two_formulas_separated_by_a_semicolon() {
    let dir = out_dir("plotbook", "two");
    let file = dir.join("two.svg");
    let o = nabla(&["plot", "x^2; 2*x", "-o", arg(&file)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("(curves)"), "{}", stderr(&o));
    let texts = svg_texts(&file);
    assert!(texts.iter().any(|t| t == "f(x) = x^2"), "{texts:?}");
    assert!(texts.iter().any(|t| t == "g(x) = 2*x"), "{texts:?}");
    // And the same chart in memory, read back: g is the line 2x over the default -5..5.
    let o = nabla(&["plot", "x^2; 2*x", "-o", "-", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON answer");
    let frame = Frame::of(&json);
    assert_eq!(frame.x, [-5.0, 5.0]);
    let svg = json["files"][0]["svg"].as_str().expect("inline SVG");
    reads_back(svg, &frame, 0, |x| x * x, |x| 2.0 * x);
    reads_back(svg, &frame, 1, |x| 2.0 * x, |_| 2.0);
}

/// The charts of formulas refuse what they cannot draw, with exit 2 and a message that says
/// what is possible.
#[test]
fn formula_charts_refuse_with_helpful_messages() {
    let cases: [(&[&str], &str); 6] = [
        (
            &["plot", "x^2 + y^2", "--with", "derivative"],
            "--with derivative draws the derivative of a function of one variable, and this one has 2 (x, y)",
        ),
        (
            &["plot", "x^2; t^2"],
            "the formulas use different variables (x, t)",
        ),
        (
            &["plot", "x^2; x*y"],
            "formula 2 has 2 (x, y)",
        ),
        (
            &["plot", "x; x^2; x^3; x^4; x^5; x^6; x^7; x^8; x^9"],
            "9 formulas given; one chart holds 1 to 8",
        ),
        (
            &["plot", "x^2", "--with", "derivative", "--from", "1"],
            "--from draws one formula",
        ),
        (
            &["plot", "x^2; x", "--view", "10,10"],
            "--view draws one formula",
        ),
    ];
    for (args, expected) in cases {
        let o = nabla(args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(expected), "{args:?}: {err}");
        let first = err.lines().next().unwrap_or_default();
        let message = first.trim_start_matches("error: ");
        assert!(
            message.starts_with(|c: char| !c.is_uppercase()),
            "{args:?}: {first}"
        );
    }
    let o = nabla(&["plot", "x^2 + y^2", "--with", "derivative"]);
    assert!(stderr(&o).contains("nabla diff"), "{}", stderr(&o));
}

/// `nabla plot "x^2" --from 5 --methods gd:lr=0.1,gd:lr=0.9,gd:lr=1.01 --iters 20 --panels`:
/// the lecture notes' three learning rates, one panel each, titled with the settings.
#[test]
fn learning_rate_panels_side_by_side() {
    let dir = out_dir("plotbook", "panels");
    let file = dir.join("lr.svg");
    let o = nabla(&[
        "plot",
        "x^2",
        "--from",
        "5",
        "--methods",
        "gd:lr=0.1,gd:lr=0.9,gd:lr=1.01",
        "--iters",
        "20",
        "--panels",
        "-o",
        arg(&file),
    ]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    // gd on x^2 from 5: x_k = 5 (1 - 2 lr)^k, so after 20 steps 5 * 0.8^20, 5 * (-0.8)^20 and
    // 5 * (-1.02)^20.
    for (lr, end) in [
        ("0.1", 5.0 * 0.8f64.powi(20)),
        ("0.9", 5.0 * 0.8f64.powi(20)),
        ("1.01", 5.0 * 1.02f64.powi(20)),
    ] {
        let line = err
            .lines()
            .find(|l| l.starts_with(&format!("gd (lr={lr})")))
            .unwrap_or_else(|| panic!("no line for lr={lr}: {err}"));
        let at: f64 = line
            .split("at (")
            .nth(1)
            .and_then(|t| t.split(')').next())
            .and_then(|t| t.parse().ok())
            .unwrap_or_else(|| panic!("no end point: {line}"));
        assert!(
            (at - end).abs() <= 1e-3 * end.abs(),
            "{line}: expected {end}"
        );
    }
    let svg = std::fs::read_to_string(&file).expect("written");
    assert!(
        svg.starts_with("<svg width=\"2700\" height=\"600\""),
        "{}",
        &svg[..80]
    );
    assert_eq!(svg.matches("<svg x=").count(), 3, "three nested panels");
    let texts = svg_texts(&file);
    for (title, legend) in [
        ("gd (lr=0.1)", "gd lr=0.1"),
        ("gd (lr=0.9)", "gd lr=0.9"),
        ("gd (lr=1.01)", "gd lr=1.01"),
    ] {
        assert_eq!(
            (
                texts.iter().filter(|t| *t == title).count(),
                texts.iter().filter(|t| *t == legend).count()
            ),
            (1, 1),
            "`{title}` as the panel's title and `{legend}` in its legend: {texts:?}"
        );
    }
    // The PNG is the three panels side by side.
    let png = dir.join("lr.png");
    let o = nabla(&[
        "plot",
        "x^2",
        "--from",
        "5",
        "--methods",
        "gd:lr=0.1,gd:lr=0.9,gd:lr=1.01",
        "--iters",
        "20",
        "--panels",
        "--size",
        "400x300",
        "-o",
        arg(&png),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(decode_png(&png).dimensions(), (1200, 300));
    let left: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp."))
        .collect();
    assert!(left.is_empty(), "temporary panels left: {left:?}");
}

/// Panels need runs, and hold at most 12.
#[test]
fn panels_refuse_with_helpful_messages() {
    let o = nabla(&["plot", "x^2", "--panels", "-o", "-"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "error: --panels draws one panel per method: add --from POINT and --methods LIST"
        ),
        "{}",
        stderr(&o)
    );
    let thirteen = vec!["gd"; 13].join(",");
    let o = nabla(&[
        "plot",
        "x^2",
        "--from",
        "1",
        "--methods",
        &thirteen,
        "--panels",
        "-o",
        "-",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("13 panels asked; one picture holds 1 to 12 panels"),
        "{}",
        stderr(&o)
    );
}

/// `nabla check "(1/16)*x^2 + 9*y^2" --at 2,3 --sweep -o sweep.svg`: the book's check at (2, 3)
/// (chapter 2.4) as a picture, each curve's best step named.
#[test]
fn step_sweep_as_a_picture() {
    let dir = out_dir("plotbook", "sweep");
    let file = dir.join("sweep.svg");
    let o = nabla(&[
        "check",
        "(1/16)*x^2 + 9*y^2",
        "--at",
        "2,3",
        "--sweep",
        "-o",
        arg(&file),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("best forward"),
        "the table is still printed"
    );
    assert!(stderr(&o).contains(&format!("wrote {} (step sweep)", file.display())));
    let texts = svg_texts(&file);
    let best: Vec<&String> = texts.iter().filter(|t| t.contains("(best h = ")).collect();
    assert_eq!(best.len(), 4, "forward and central for x and y: {texts:?}");
    for var in ["x", "y"] {
        let forward = best
            .iter()
            .find(|t| t.starts_with(&format!("forward difference, df/d{var}")))
            .expect("forward curve named");
        // Truncation h |f''| / 2 against round-off eps |f| / h: the best forward step of a
        // double-precision difference lies between 1e-9 and 1e-5 for these magnitudes.
        let h: f64 = forward
            .rsplit("best h = ")
            .next()
            .and_then(|t| t.trim_end_matches(')').parse().ok())
            .expect("a step");
        assert!((1e-9..=1e-5).contains(&h), "{forward}");
    }
    assert!(
        texts.iter().any(|t| t.contains("at (x, y) = (2, 3)")),
        "{texts:?}"
    );
    // -o without --sweep says what to add.
    let o = nabla(&["check", "x^2", "--at", "1", "-o", arg(&dir.join("s.svg"))]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("add --sweep"), "{}", stderr(&o));
}

/// `nabla plot "(1/16)*x^2 + 9*y^2" --surface --view 50,-50 --from x=-2.4,y=0.2 --methods
/// gd:lr=0.1,momentum:lr=0.1:momentum=0.8 --iters 1000`: the bowl of figure 2-16 from the
/// book's angle, both paths drawn on the surface.
#[test]
fn surface_view_and_paths_on_the_surface() {
    let dir = out_dir("plotbook", "surface");
    let base = [
        "plot",
        "(1/16)*x^2 + 9*y^2",
        "--surface",
        "--box",
        "-3..3",
        "--from",
        "x=-2.4,y=0.2",
        "--methods",
        "gd:lr=0.1,momentum:lr=0.1:momentum=0.8",
        "--iters",
        "1000",
    ];
    let run = |extra: &[&str], name: &str| {
        let file = dir.join(name);
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        args.extend_from_slice(&["-o", arg(&file)]);
        let o = nabla(&args);
        let err = stderr(&o);
        assert!(o.status.success(), "{err}");
        assert!(
            !err.contains("note:"),
            "no note sends the paths elsewhere: {err}"
        );
        std::fs::read_to_string(&file).expect("written")
    };
    let default = run(&[], "default.svg");
    let book = run(&["--view", "50,-50"], "book.svg");
    assert_ne!(default, book, "the view changes the picture");
    for svg in [&default, &book] {
        for k in 0..2 {
            let lines = polylines(svg, &hex(k), 3);
            assert!(!lines.is_empty(), "path {k} drawn on the surface");
        }
    }
    let texts = svg_texts(&dir.join("book.svg"));
    // The legend names each run with its settings (`gd lr=...`, `momentum lr=... momentum=0.8`).
    assert!(
        texts.iter().any(|t| t.starts_with("gd lr="))
            && texts.iter().any(|t| t.starts_with("momentum lr=")),
        "{texts:?}"
    );
    // A view out of range, unreadable, or without the surface: exit 2, saying the ranges.
    for (view, expected) in [
        (
            "95,0",
            "the elevation must be 0 to 90 degrees and the azimuth -360 to 360 degrees",
        ),
        ("up", "--view needs ELEVATION,AZIMUTH in degrees"),
    ] {
        let mut args = base.to_vec();
        args.extend_from_slice(&["--view", view, "-o", "-"]);
        let o = nabla(&args);
        assert_eq!(o.status.code(), Some(2), "{view}");
        assert!(stderr(&o).contains(expected), "{view}: {}", stderr(&o));
    }
    let o = nabla(&["plot", "x^2 + y^2", "--view", "30,40", "-o", "-"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("add --surface"), "{}", stderr(&o));
}
