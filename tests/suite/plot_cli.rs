//! `nabla plot` end to end: the pictures the book teaches with, written by the binary into a
//! unique folder under the system temp dir and read back (PNG decoded with `image`, SVG parsed to
//! the end with `quick-xml`), plus the exit codes and messages of bad input. Expected colours are
//! the plotting module's palette, in the order the methods are given.

use std::path::Path;

use nabla::plot::PALETTE;

use super::cli::{nabla, stderr, stdout};
use super::pictures::{count_colour, decode_png, out_dir, svg_texts};

const BEALE: &str = "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2";
const SIX: &str = "gd,momentum,adagrad,adadelta,rmsprop,adam";

fn arg(p: &Path) -> &str {
    p.to_str().expect("temp paths are UTF-8")
}

/// Pure-ish red: the minimum's star (red is kept out of the palette).
fn count_red(img: &image::RgbImage) -> usize {
    img.pixels()
        .filter(|p| p.0[0] > 200 && p.0[1] < 40 && p.0[2] < 40)
        .count()
}

#[test]
fn beale_png_shows_six_paths_and_the_star() {
    let dir = out_dir("plotcli", "beale-png");
    let png = dir.join("beale.png");
    let o = nabla(&[
        "plot",
        BEALE,
        "--from",
        "x=3,y=4",
        "--methods",
        SIX,
        "-o",
        arg(&png),
    ]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.contains(&format!("wrote {} (contour map)", png.display())));
    assert!(err.contains("minimum found at (3, 0.5)"), "{err}");
    for m in SIX.split(',') {
        assert!(
            err.lines().any(|l| l.starts_with(m)),
            "no line for {m}: {err}"
        );
    }
    assert!(!err.contains("NaN") && !err.contains("note:"), "{err}");

    let img = decode_png(&png);
    assert_eq!(img.dimensions(), (900, 600));
    for (k, m) in SIX.split(',').enumerate() {
        let n = count_colour(&img, PALETTE[k]);
        assert!(n >= 200, "path `{m}` colour found in only {n} pixels");
    }
    assert!(count_red(&img) >= 100, "star not found");

    // Without paths or star none of the path colours is there.
    let bare = dir.join("bare.png");
    let o = nabla(&["plot", BEALE, "--box", "-4.5..4.5", "-o", arg(&bare)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let img = decode_png(&bare);
    for (k, c) in PALETTE.iter().take(6).enumerate() {
        assert!(count_colour(&img, *c) < 20, "colour {k} without paths");
    }
    assert_eq!(count_red(&img), 0);
}

#[test]
fn beale_svg_parses_with_legend_and_axis_names() {
    let dir = out_dir("plotcli", "beale-svg");
    let svg = dir.join("beale.svg");
    let o = nabla(&[
        "plot",
        BEALE,
        "--from",
        "x=3,y=4",
        "--methods",
        SIX,
        "--quiver",
        "-o",
        arg(&svg),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let texts = svg_texts(&svg);
    for want in ["x", "y", "minimum"] {
        assert!(texts.iter().any(|t| t == want), "no `{want}` in {texts:?}");
    }
    // Each method's legend label starts with its name and gives its step size.
    for name in SIX.split(',') {
        let want = format!("{name} lr=");
        assert!(
            texts.iter().any(|t| t.starts_with(&want)),
            "no `{want}...` in {texts:?}"
        );
    }
}

#[test]
fn json_summary_loss_chart_and_per_method_settings() {
    let dir = out_dir("plotcli", "json");
    let svg = dir.join("run.svg");
    let o = nabla(&[
        "plot",
        BEALE,
        "--from",
        "x=3,y=4",
        "--methods",
        "gd:lr=1e-6:iters=500,adam:lr=0.01,beta2=0.8",
        "--iters",
        "300",
        "--loss",
        "--json",
        "-o",
        arg(&svg),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let runs = v["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0]["method"], "gd");
    assert_eq!(runs[0]["settings"]["lr"], 1e-6);
    assert_eq!(runs[0]["max_iterations"], 500);
    assert_eq!(runs[1]["settings"]["lr"], 0.01);
    assert_eq!(runs[1]["settings"]["beta2"], 0.8);
    assert_eq!(runs[1]["max_iterations"], 300);
    let files = v["files"].as_array().expect("files");
    assert_eq!(files.len(), 2);
    assert_eq!(files[1]["kind"], "loss chart");
    let loss = dir.join("run-loss.svg");
    assert_eq!(files[1]["file"], arg(&loss));
    svg_texts(&loss);
}

#[test]
fn books_descent_on_the_cubic_renders() {
    // Figure 2-7: f = x^3 - 3x^2 - 9x + 2, gradient descent from 1 with step 0.01.
    let dir = out_dir("plotcli", "cubic");
    let png = dir.join("descent.png");
    let o = nabla(&[
        "plot",
        "x^3 - 3x^2 - 9x + 2",
        "--from",
        "1",
        "--box",
        "-3..4",
        "--iters",
        "200",
        "--json",
        "-o",
        arg(&png),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(v["runs"][0]["settings"]["lr"], 0.01);
    let x = v["runs"][0]["point"][0].as_f64().expect("end point");
    assert!((x - 3.0).abs() < 1e-6, "gd ended at {x}");
    assert_eq!(v["files"][0]["kind"], "curve");
    let img = decode_png(&png);
    assert!(count_colour(&img, PALETTE[0]) >= 100, "path not drawn");
    assert!(count_red(&img) >= 100, "star not found");
}

#[test]
fn nan_part_of_the_box_is_blank_and_said_once() {
    let dir = out_dir("plotcli", "nan");
    for name in ["half.png", "half.svg"] {
        let out = dir.join(name);
        let o = nabla(&["plot", "sqrt(x)+y", "--box", "-1..1", "-o", arg(&out)]);
        let err = stderr(&o);
        assert!(o.status.success(), "{err}");
        assert_eq!(err.matches("left blank").count(), 1, "{err}");
        assert!(!err.contains("NaN at 0"), "{err}");
        assert!(out.exists());
    }
}

#[test]
fn surface_and_lines_render() {
    let dir = out_dir("plotcli", "surface");
    let png = dir.join("surface.png");
    let o = nabla(&[
        "plot",
        BEALE,
        "--surface",
        "--box",
        "x=-4.5..4.5,y=-4.5..4.5",
        "--star",
        "x=3,y=0.5",
        "--size",
        "600x400",
        "-o",
        arg(&png),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let img = decode_png(&png);
    assert_eq!(img.dimensions(), (600, 400));
    assert!(count_red(&img) >= 50, "star not found");
    let lines = dir.join("lines.svg");
    let o = nabla(&["plot", "x^2 + 3y^2", "--lines", "-o", arg(&lines)]);
    assert!(o.status.success(), "{}", stderr(&o));
    svg_texts(&lines);
}

#[test]
fn bad_input_exits_2_and_writes_nothing() {
    let dir = out_dir("plotcli", "bad");
    let jpg = dir.join("out.jpg");
    let svg = dir.join("out.svg");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["plot", "x^2+y^2", "-o", arg(&jpg)], ".svg or .png"),
        (
            vec!["plot", "x+y+z", "-o", arg(&svg)],
            "one or two variables",
        ),
        (
            vec!["plot", "x+y", "--box", "1..0", "-o", arg(&svg)],
            "lower end first",
        ),
        (
            vec!["plot", "x+y", "--box", "x=0..1", "-o", arg(&svg)],
            "leaves out y",
        ),
        (
            vec![
                "plot",
                "x+y",
                "--from",
                "1,1",
                "--methods",
                "adma",
                "-o",
                arg(&svg),
            ],
            "unknown method `adma`",
        ),
        (
            vec![
                "plot",
                "x+y",
                "--from",
                "1,1",
                "--methods",
                "gd:speed=2",
                "-o",
                arg(&svg),
            ],
            "unknown setting `speed`",
        ),
        (
            vec!["plot", "x+y", "--size", "9x6", "-o", arg(&svg)],
            "WIDTHxHEIGHT",
        ),
        (
            vec!["plot", "x", "--surface", "-o", arg(&svg)],
            "two variables",
        ),
        (vec!["plot", "2+3", "-o", arg(&svg)], "no variables"),
    ];
    for (args, want) in cases {
        let o = nabla(&args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    assert!(!jpg.exists() && !svg.exists());
    // A start outside the domain is bad input (exit 2, as in `nabla min`), said without printing
    // NaN as a value.
    let o = nabla(&["plot", "sqrt(x)+y", "--from", "x=-1,y=0", "-o", arg(&svg)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("inside the function's domain"));
    assert!(!svg.exists());
}

/// `nabla plot --json` is the library's answer: the verdict's kind says what the star shows (a
/// local minimum, a function unbounded below, or only the picture), always with exit 0; each
/// run has its settings and its recorded `path` of iteration, point and value.
#[test]
fn json_verdicts_of_the_star() {
    let run = |args: &[&str]| {
        let mut all = vec!["plot"];
        all.extend_from_slice(args);
        all.extend(["-o", "-", "--json"]);
        let o = nabla(&all);
        assert_eq!(o.status.code(), Some(0), "{all:?}: {}", stderr(&o));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
        v
    };
    let v = run(&[
        "x^2 + 3*y^2",
        "--from",
        "x=3,y=4",
        "--methods",
        "gd,adam",
        "--iters",
        "50",
    ]);
    assert_eq!(v["verdict"]["kind"], "local_minimum", "{}", v["verdict"]);
    assert_eq!(v["start"], serde_json::json!([3.0, 4.0]));
    let path = v["runs"][1]["path"].as_array().expect("path");
    assert_eq!(path[0]["iteration"], 0);
    assert_eq!(path[0]["point"], serde_json::json!([3.0, 4.0]));
    assert_eq!(path[0]["value"], 57.0);
    assert_eq!(v["runs"][1]["settings"]["beta2"], 0.8);
    assert_eq!(v["files"][0]["file"], "-");
    let v = run(&["-x^2", "--from", "1", "--iters", "20"]);
    assert_eq!(v["verdict"]["kind"], "unbounded", "{}", v["verdict"]);
    assert!(v["minimum"].is_null());
    let v = run(&["x^2 + y^2"]);
    assert_eq!(v["verdict"]["kind"], "drawn", "{}", v["verdict"]);
    assert!(v["start"].is_null() && v["runs"].as_array().is_some_and(Vec::is_empty));
}
