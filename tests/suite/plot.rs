//! Integration tests of `nabla::plot`: every picture kind is written as SVG and PNG into a unique
//! folder under the system temp dir, then read back (PNG decoded with `image`, SVG parsed to the
//! end with `quick-xml`). Functions are plain Rust closures, so these tests do not depend on the
//! formula engine. Expected counts come from the grid's construction, not from running nabla.

use std::cell::Cell;

use nabla::plot::{
    contour_map, curve, loss_chart, surface, sweep_chart, ChartOptions, ContourOptions,
    ContourStyle, CurveOptions, ImageFormat, Interval, LevelScale, PathSeries, PlotBox, PlotError,
    SurfaceOptions, SweepSeries, PALETTE,
};

use super::pictures::{count_colour, decode_png, out_dir, svg_texts};

/// Beale's function, batch form: `(1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2`.
fn beale(points: &[f64], out: &mut [f64]) {
    for (o, p) in out.iter_mut().zip(points.chunks_exact(2)) {
        let (x, y) = (p[0], p[1]);
        *o = (1.5 - x + x * y).powi(2)
            + (2.25 - x + x * y * y).powi(2)
            + (2.625 - x + x * y.powi(3)).powi(2);
    }
}

/// Beale's gradient (the book's closed form for df/dx and df/dy).
fn beale_grad(points: &[f64], out: &mut [f64]) {
    for (o, p) in out.chunks_exact_mut(2).zip(points.chunks_exact(2)) {
        let (x, y) = (p[0], p[1]);
        let (a, b, c) = (
            1.5 - x + x * y,
            2.25 - x + x * y * y,
            2.625 - x + x * y.powi(3),
        );
        o[0] = 2.0 * a * (y - 1.0) + 2.0 * b * (y * y - 1.0) + 2.0 * c * (y.powi(3) - 1.0);
        o[1] = 2.0 * a * x + 2.0 * b * (2.0 * x * y) + 2.0 * c * (3.0 * x * y * y);
    }
}

/// A polyline through `corners`, each leg split into 50 steps.
fn polyline(name: &str, corners: &[[f64; 2]]) -> PathSeries {
    let mut pts = vec![corners[0].to_vec()];
    for w in corners.windows(2) {
        for k in 1..=50 {
            let t = k as f64 / 50.0;
            pts.push(vec![
                w[0][0] + t * (w[1][0] - w[0][0]),
                w[0][1] + t * (w[1][1] - w[0][1]),
            ]);
        }
    }
    PathSeries::new(name, pts)
}

fn synthetic_paths() -> Vec<PathSeries> {
    vec![
        polyline("straight", &[[3.0, 4.0], [3.0, 0.5]]),
        polyline("detour west", &[[3.0, 4.0], [0.0, 2.0], [3.0, 0.5]]),
        polyline("detour south", &[[3.0, 4.0], [-2.0, -2.0], [3.0, 0.5]]),
    ]
}

fn beale_options() -> ContourOptions {
    ContourOptions {
        title: Some("Beale function".to_string()),
        var_names: ["alpha".to_string(), "beta".to_string()],
        range: Some(PlotBox::new((-4.5, 4.5), (-4.5, 4.5)).expect("valid box")),
        minimum: Some([3.0, 0.5]),
        ..Default::default()
    }
}

#[test]
fn beale_png_shows_every_path_colour_and_the_star() {
    let dir = out_dir("plot", "beale-png");
    let paths = synthetic_paths();
    let with = dir.join("beale.png");
    let summary = contour_map(&with, &mut beale, None, &paths, &beale_options()).expect("plots");
    assert_eq!(summary.format, Some(ImageFormat::Png));
    assert_eq!(summary.evaluated, 200 * 200);
    assert_eq!(summary.non_finite, 0);
    let without = dir.join("bare.png");
    contour_map(&without, &mut beale, None, &[], &beale_options()).expect("plots");

    let img = decode_png(&with);
    assert_eq!(img.dimensions(), (900, 600));
    let bare = decode_png(&without);
    for (k, p) in paths.iter().enumerate() {
        let c = PALETTE[k];
        let n = count_colour(&img, c);
        assert!(
            n >= 300,
            "path `{}` colour found in only {n} pixels",
            p.name
        );
        assert!(
            count_colour(&bare, c) < 20,
            "colour {k} appears without paths"
        );
    }
    // The star is pure-ish red; nothing else in the picture is.
    let red = |img: &image::RgbImage| {
        img.pixels()
            .filter(|p| p.0[0] > 200 && p.0[1] < 40 && p.0[2] < 40)
            .count()
    };
    assert!(red(&img) >= 100, "star not found");
    let no_star = ContourOptions {
        minimum: None,
        ..beale_options()
    };
    let plain = dir.join("nostar.png");
    contour_map(&plain, &mut beale, None, &[], &no_star).expect("plots");
    assert_eq!(red(&decode_png(&plain)), 0);
}

#[test]
fn beale_svg_parses_and_carries_labels() {
    let dir = out_dir("plot", "beale-svg");
    let out = dir.join("beale.svg");
    let mut grad = beale_grad;
    let summary = contour_map(
        &out,
        &mut beale,
        Some(&mut grad),
        &synthetic_paths(),
        &beale_options(),
    )
    .expect("plots");
    assert_eq!(summary.format, Some(ImageFormat::Svg));
    let texts = svg_texts(&out);
    for want in [
        "alpha",
        "beta",
        "Beale function",
        "straight",
        "detour west",
        "minimum",
    ] {
        assert!(
            texts.iter().any(|t| t == want),
            "no text `{want}` in {texts:?}"
        );
    }
}

#[test]
fn grid_is_evaluated_in_one_call_and_lines_style_works() {
    let dir = out_dir("plot", "one-call");
    let calls = Cell::new(0usize);
    let mut f = |p: &[f64], out: &mut [f64]| {
        calls.set(calls.get() + 1);
        beale(p, out);
    };
    let opts = ContourOptions {
        style: ContourStyle::Lines,
        grid: (120, 80),
        levels: 35,
        ..beale_options()
    };
    let s = contour_map(
        &dir.join("lines.svg"),
        &mut f,
        None,
        &synthetic_paths(),
        &opts,
    )
    .expect("plots");
    assert_eq!(calls.get(), 1);
    assert_eq!(s.evaluated, 120 * 80);
}

#[test]
fn half_nan_function_is_blank_not_an_error() {
    let dir = out_dir("plot", "nan");
    // sqrt(x) + y over [-1, 1]^2: on a 200-point axis from -1 to 1 exactly the first 100
    // columns have x < 0, so 100 * 200 grid points are NaN.
    let mut f = |p: &[f64], out: &mut [f64]| {
        for (o, v) in out.iter_mut().zip(p.chunks_exact(2)) {
            *o = v[0].sqrt() + v[1];
        }
    };
    for (name, style, scale) in [
        ("filled.png", ContourStyle::Filled, LevelScale::Log),
        ("lines.svg", ContourStyle::Lines, LevelScale::Linear),
    ] {
        let opts = ContourOptions {
            range: Some(PlotBox::new((-1.0, 1.0), (-1.0, 1.0)).expect("valid box")),
            style,
            scale,
            ..Default::default()
        };
        let path = PathSeries::new("p", vec![vec![-0.5, 0.0], vec![0.5, 0.0]]);
        let s = contour_map(&dir.join(name), &mut f, None, &[path], &opts).expect("plots");
        assert_eq!(s.non_finite, 100 * 200);
        let note = s.note().expect("a note about the blank part");
        assert!(note.contains("20000 of 40000"), "{note}");
    }
    // The NaN half of the PNG stays white.
    let img = decode_png(&dir.join("filled.png"));
    let (w, h) = img.dimensions();
    let white_left = (h / 4..3 * h / 4)
        .filter(|&y| img.get_pixel(w / 4, y).0 == [255, 255, 255])
        .count();
    assert!(white_left > (h / 2 - 10) as usize);
}

#[test]
fn everywhere_nan_function_still_plots() {
    let dir = out_dir("plot", "all-nan");
    let mut f = |_: &[f64], out: &mut [f64]| out.fill(f64::NAN);
    let s = contour_map(
        &dir.join("nan.svg"),
        &mut f,
        None,
        &[],
        &ContourOptions::default(),
    )
    .expect("plots");
    assert_eq!(s.non_finite, s.evaluated);
    let s = surface(&dir.join("nan.png"), &mut f, &SurfaceOptions::default()).expect("plots");
    assert_eq!(s.non_finite, s.evaluated);
}

#[test]
fn default_box_surrounds_start_end_and_minimum() {
    let dir = out_dir("plot", "default-box");
    let opts = ContourOptions {
        minimum: Some([3.0, 0.5]),
        grid: (60, 60),
        ..Default::default()
    };
    let path = PathSeries::new("gd", vec![vec![3.0, 4.0], vec![2.7, 0.42]]);
    let s = contour_map(&dir.join("auto.svg"), &mut beale, None, &[path], &opts).expect("plots");
    let b = s.range.expect("a box");
    for (x, y) in [(3.0, 4.0), (2.7, 0.42), (3.0, 0.5)] {
        assert!(b.x.lo < x && x < b.x.hi && b.y.lo < y && y < b.y.hi);
    }
}

#[test]
fn long_paths_are_thinned_for_drawing_only() {
    let dir = out_dir("plot", "thin");
    // A slow spiral into (3, 0.5): 100,000 points, most within a pixel of their neighbours.
    let pts: Vec<Vec<f64>> = (0..100_000)
        .map(|k| {
            let t = k as f64 / 1000.0;
            let r = 3.0 * (-t / 20.0).exp();
            vec![3.0 + r * t.cos(), 0.5 + r * t.sin()]
        })
        .collect();
    let run = PathSeries::new("spiral", pts);
    let s = contour_map(
        &dir.join("spiral.png"),
        &mut beale,
        None,
        std::slice::from_ref(&run),
        &beale_options(),
    )
    .expect("plots");
    assert!(
        s.drawn_points >= 2 && s.drawn_points <= 2000,
        "{}",
        s.drawn_points
    );
    assert_eq!(run.points.len(), 100_000);
}

#[test]
fn curve_renders_the_books_descent() {
    let dir = out_dir("plot", "curve");
    let mut f = |x: &[f64], out: &mut [f64]| {
        for (o, x) in out.iter_mut().zip(x) {
            *o = x.powi(3) - 3.0 * x * x - 9.0 * x + 2.0;
        }
    };
    // Gradient descent from x = 1 with step 0.01 on f'(x) = 3x^2 - 6x - 9 (the book's run).
    let mut x = 1.0f64;
    let mut pts = vec![vec![x]];
    for _ in 0..200 {
        let d = 3.0 * x * x - 6.0 * x - 9.0;
        if d.abs() < 1e-8 {
            break;
        }
        x -= 0.01 * d;
        pts.push(vec![x]);
    }
    assert!((x - 3.0).abs() < 1e-6);
    let opts = CurveOptions {
        range: Some(Interval::new(-3.0, 4.0).expect("valid range")),
        minimum: Some(3.0),
        title: Some("gradient descent".to_string()),
        ..Default::default()
    };
    let runs = [PathSeries::new("gd", pts)];
    for name in ["curve.svg", "curve.png"] {
        let s = curve(&dir.join(name), &mut f, &runs, &opts).expect("plots");
        assert_eq!(s.non_finite, 0);
        let b = s.range.expect("range");
        // f(-1) = 7 is the local maximum and f(3) = -25 the minimum on [-3, 4].
        assert!(b.y.lo < -25.0 && b.y.hi > 7.0);
    }
    assert!(svg_texts(&dir.join("curve.svg")).iter().any(|t| t == "gd"));
    assert_eq!(decode_png(&dir.join("curve.png")).dimensions(), (900, 600));
}

#[test]
fn surface_renders_both_formats() {
    let dir = out_dir("plot", "surface");
    let opts = SurfaceOptions {
        range: Some(PlotBox::new((-4.5, 4.5), (-4.5, 4.5)).expect("valid box")),
        minimum: Some([3.0, 0.5]),
        grid: (30, 30),
        ..Default::default()
    };
    surface(&dir.join("s.svg"), &mut beale, &opts).expect("svg");
    assert!(!svg_texts(&dir.join("s.svg")).is_empty());
    let small = SurfaceOptions {
        size: (400, 300),
        ..opts
    };
    surface(&dir.join("s.png"), &mut beale, &small).expect("png");
    assert_eq!(decode_png(&dir.join("s.png")).dimensions(), (400, 300));
}

#[test]
fn loss_chart_leaves_out_what_a_log_axis_cannot_show() {
    let dir = out_dir("plot", "loss");
    let a = PathSeries::new("gd", vec![vec![0.0]; 4]).with_values(vec![100.0, 10.0, 1.0, 0.0]);
    let b = PathSeries::new("adam", vec![vec![0.0]; 3])
        .with_values(vec![50.0, f64::NAN, 0.5])
        .with_iters(vec![0, 10, 20]);
    for name in ["loss.svg", "loss.png"] {
        let s = loss_chart(
            &dir.join(name),
            &[a.clone(), b.clone()],
            &ChartOptions::default(),
        )
        .expect("plots");
        // The 0 is left out (no floor), the NaN too; both are said.
        assert_eq!((s.non_positive, s.non_finite, s.clamped), (1, 1, 0));
        assert_eq!(s.floor, None);
        let note = s.note().expect("note");
        assert!(
            note.contains("1 value <= 0 cannot be drawn on a log axis"),
            "{note}"
        );
        assert!(
            note.contains("1 NaN or infinite value is left out"),
            "{note}"
        );
        // The value axis spans the drawn values only: 0.5 to 100 (log10: -0.3 to 2).
        let f = s.frame.expect("frame");
        assert!(f.y.lo > -0.5 && f.y.lo < 0.5f64.log10() && f.y.hi > 2.0 && f.y.hi < 2.2);
    }
    let texts = svg_texts(&dir.join("loss.svg"));
    assert!(
        texts.iter().any(|t| t.contains("(1 value ≤ 0 not drawn)")),
        "{texts:?}"
    );
}

#[test]
fn sweep_chart_marks_the_best_step() {
    let dir = out_dir("plot", "sweep");
    // Model errors: truncation h/2 (forward) or h^2/6 (central) plus rounding 1e-16/h.
    let h: Vec<f64> = (0..=16).map(|k| 10f64.powi(-k)).collect();
    let fwd: Vec<f64> = h.iter().map(|h| 0.5 * h + 1e-16 / h).collect();
    let cen: Vec<f64> = h.iter().map(|h| h * h / 6.0 + 1e-16 / h).collect();
    let series = [
        SweepSeries::new("forward difference", h.clone(), fwd),
        SweepSeries::new("central difference", h, cen),
    ];
    assert_eq!(series[0].best().map(|b| b.0), Some(1e-8));
    assert_eq!(series[1].best().map(|b| b.0), Some(1e-5));
    for name in ["sweep.svg", "sweep.png"] {
        sweep_chart(&dir.join(name), &series, &ChartOptions::default()).expect("plots");
    }
    let texts = svg_texts(&dir.join("sweep.svg"));
    assert!(
        texts.iter().any(|t| t.contains("best h = 1e-8")),
        "{texts:?}"
    );
    assert_eq!(decode_png(&dir.join("sweep.png")).dimensions(), (900, 600));
}

#[test]
fn bad_extension_is_an_error_before_any_work() {
    let dir = out_dir("plot", "bad-ext");
    let called = Cell::new(false);
    let mut f = |_: &[f64], out: &mut [f64]| {
        called.set(true);
        out.fill(0.0);
    };
    let err = contour_map(
        &dir.join("x.jpg"),
        &mut f,
        None,
        &[],
        &ContourOptions::default(),
    )
    .expect_err("jpg is not supported");
    assert!(
        matches!(err, PlotError::UnsupportedExtension { ref extension, .. } if extension == "jpg")
    );
    assert!(err.to_string().contains(".svg or .png"));
    assert!(!called.get());
    let err = loss_chart(&dir.join("x"), &[], &ChartOptions::default()).expect_err("no extension");
    assert!(matches!(err, PlotError::UnsupportedExtension { .. }));
}

#[test]
fn unwritable_path_and_bad_options_are_typed_errors() {
    let dir = out_dir("plot", "errors");
    let missing = dir.join("no-such-folder").join("x.png");
    let err = sweep_chart(&missing, &[], &ChartOptions::default()).expect_err("folder missing");
    assert!(matches!(err, PlotError::Write { .. }), "{err}");
    let missing_svg = dir.join("no-such-folder").join("x.svg");
    let err = loss_chart(&missing_svg, &[], &ChartOptions::default()).expect_err("folder missing");
    assert!(matches!(err, PlotError::Write { .. }), "{err}");

    assert!(matches!(
        PlotBox::new((1.0, 1.0), (0.0, 1.0)),
        Err(PlotError::EmptyRange { axis: "x", .. })
    ));
    let opts = ContourOptions {
        grid: (1, 200),
        ..Default::default()
    };
    let err = contour_map(&dir.join("g.svg"), &mut beale, None, &[], &opts).expect_err("grid");
    assert!(matches!(err, PlotError::BadGrid { nx: 1, .. }));
    let opts = ChartOptions {
        size: (0, 600),
        ..Default::default()
    };
    let err = loss_chart(&dir.join("s.svg"), &[], &opts).expect_err("size");
    assert!(matches!(err, PlotError::BadSize { width: 0, .. }));
    let three_d = PathSeries::new("p", vec![vec![0.0, 0.0, 0.0]]);
    let err = contour_map(
        &dir.join("d.svg"),
        &mut beale,
        None,
        &[three_d],
        &Default::default(),
    )
    .expect_err("dimension");
    assert!(matches!(
        err,
        PlotError::PathDimension {
            expected: 2,
            found: 3,
            ..
        }
    ));
}
