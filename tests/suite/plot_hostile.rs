//! `nabla plot` on hostile input, and the pictures a teacher relies on: every command here must
//! finish (each runs under a 60 s kill timeout that only catches hangs, never a speed claim),
//! without a panic, with the exit code and message given; an existing picture survives a run
//! killed mid-render byte for byte; runs of one method are told apart in the legend; the star
//! appears only at a local minimum. Expected values come from closed forms (Himmelblau's minima,
//! gd's iterates on `x^2 + y^2` with step 1), never from nabla's own output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use super::cli::{stderr, stdout};
use super::pictures::{decode_png, out_dir, svg_texts};

const HANG: Duration = Duration::from_secs(60);

fn arg(p: &Path) -> &str {
    p.to_str().expect("temp paths are UTF-8")
}

/// Runs `nabla` with a kill timeout; panics (naming the command) when it does not finish.
fn nabla_within(args: &[&str]) -> Output {
    let mut child = super::cli::nabla_command()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run nabla");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("poll nabla").is_some() {
            break;
        }
        if start.elapsed() > HANG {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`nabla {}` did not finish within {HANG:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("collect nabla's output")
}

/// Pure-ish red: the minimum's star (red is kept out of the palette).
fn count_red(img: &image::RgbImage) -> usize {
    img.pixels()
        .filter(|p| p.0[0] > 200 && p.0[1] < 40 && p.0[2] < 40)
        .count()
}

#[test]
fn hostile_boxes_and_values_finish_with_clear_outcomes() {
    let dir = out_dir("plothostile", "boxes");
    let svg = dir.join("h.svg");
    let o = arg(&svg);
    // (command, exit code, text stderr must contain)
    let cases: Vec<(Vec<&str>, i32, &str)> = vec![
        // x^2 overflows everywhere near 1.7e308: all 400 samples are infinite.
        (
            vec!["plot", "x^2", "--star=1.7e308", "-o", o],
            0,
            "NaN or infinite at 400 of 400",
        ),
        (
            vec!["plot", "x^2", "--box=-1e308..1e308", "-o", o],
            2,
            "--box x: the range -1e308..1e308 is too wide",
        ),
        (
            vec!["plot", "x^2", "--box=1..1.0000000000000002", "-o", o],
            2,
            "too narrow",
        ),
        (
            vec!["plot", "1e308*sin(x)*cos(y)", "--surface", "-o", o],
            0,
            "beyond ±1e307 and drawn at that limit",
        ),
        (
            vec!["plot", "1e308*sin(x)*cos(y)", "-o", o],
            0,
            "beyond ±1e307 and drawn at that limit",
        ),
        // 1e308*x overflows for |x| > 1.797..., part of the default -5..5.
        (vec!["plot", "1e308*x", "-o", o], 0, "NaN or infinite"),
        (
            vec!["plot", "x^2", "--from", "1e6", "--box=-1..1", "-o", o],
            0,
            "wrote",
        ),
        (
            vec!["plot", "x^2", "--from", "1", "--box=0..1e-300", "-o", o],
            0,
            "wrote",
        ),
        (vec!["plot", "x", "--box=0..1e308", "-o", o], 0, "wrote"),
        // Sizes and grids beyond the documented maximums are usage errors.
        (
            vec!["plot", "x^2+y^2", "--size", "16384x16384", "-o", o],
            2,
            "each 64 to 8192 and at most 50 megapixels",
        ),
        (
            vec!["plot", "x^2+y^2", "--size", "8192x8192", "-o", o],
            2,
            "at most 50 megapixels",
        ),
        (
            vec!["plot", "x^2+y^2", "--surface", "--grid", "401", "-o", o],
            2,
            "use 2 to 400 points per axis for a surface",
        ),
        (
            vec!["plot", "x^2+y^2", "--grid", "4097", "-o", o],
            2,
            "use 2 to 4096 points per axis",
        ),
        // A start where the function is not finite is bad input, as in `nabla min`.
        (
            vec!["plot", "log(x)+y", "--from", "x=0,y=0", "-o", o],
            2,
            "inside the function's domain",
        ),
        (
            vec!["plot", "x^2+y^2", "--minima", "--surface", "-o", o],
            2,
            "--",
        ),
    ];
    for (args, code, want) in cases {
        let out = nabla_within(&args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
    // `x` over 0..1e308 is finite everywhere: the grid's coordinates must not overflow.
    let out = nabla_within(&["plot", "x", "--box=0..1e308", "-o", o]);
    let err = stderr(&out);
    assert!(!err.contains("NaN"), "{err}");
}

/// The hidden temporary files `render` writes beside `dest`.
fn temporaries(dest: &Path) -> Vec<PathBuf> {
    let name = dest.file_name().map(|n| n.to_string_lossy().into_owned());
    let prefix = format!(".{}.", name.unwrap_or_default());
    std::fs::read_dir(dest.parent().expect("has a folder"))
        .expect("folder is readable")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&prefix))
        })
        .collect()
}

/// Starts a large PNG over `victim`, waits until drawing has begun (its temporary file exists),
/// stops it with `stop`, and checks that `victim` is byte-identical.
fn interrupted_render_keeps(victim: &Path, stop: impl Fn(&mut std::process::Child)) {
    let before = b"an old picture, not to be lost".to_vec();
    std::fs::write(victim, &before).expect("write the old picture");
    let mut child = super::cli::nabla_command()
        .args([
            "plot",
            "sin(3*x)*cos(2*y) + x^2",
            "--grid",
            "1000",
            "--size",
            "8000x6000",
            "-o",
            arg(victim),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run nabla");
    let start = Instant::now();
    while temporaries(victim).is_empty() {
        if let Some(status) = child.try_wait().expect("poll nabla") {
            panic!("nabla finished ({status}) before it was interrupted");
        }
        assert!(start.elapsed() < HANG, "no temporary file appeared");
        std::thread::sleep(Duration::from_millis(2));
    }
    stop(&mut child);
    let _ = child.wait();
    // The render may have finished and renamed its picture between the moment the temporary
    // was seen and the signal: the old file, or a complete new one, never a partial one.
    let after = std::fs::read(victim).expect("a picture is still there");
    if after != before {
        let img = image::load_from_memory(&after).expect("a complete PNG, not a partial one");
        assert_eq!((img.width(), img.height()), (8000, 6000));
    }
}

#[test]
fn a_render_killed_midway_leaves_the_old_picture() {
    let dir = out_dir("plothostile", "kill");
    let victim = dir.join("victim.png");
    interrupted_render_keeps(&victim, |c| {
        c.kill().expect("SIGKILL nabla");
    });
    // SIGKILL leaves the temporary behind (nothing can remove it); the next successful write of
    // the same picture clears it.
    let left = temporaries(&victim);
    let out = nabla_within(&["plot", "x^2", "-o", arg(&victim)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let after = temporaries(&victim);
    assert!(after.is_empty(), "left {left:?}, still {after:?}");
    // Ctrl-C removes its temporary at once.
    let victim2 = dir.join("victim2.png");
    interrupted_render_keeps(&victim2, |c| {
        let status = Command::new("kill")
            .args(["-INT", &c.id().to_string()])
            .status();
        assert!(status.is_ok_and(|s| s.success()), "kill -INT");
    });
    assert!(
        temporaries(&victim2).is_empty(),
        "{:?}",
        temporaries(&victim2)
    );
}

#[test]
fn runs_of_one_method_are_told_apart() {
    let dir = out_dir("plothostile", "labels");
    let svg = dir.join("gd.svg");
    let out = nabla_within(&[
        "plot",
        "x^2 + 3*y^2",
        "--from",
        "1,1",
        "--methods",
        "gd:lr=0.001,gd:lr=0.01,gd:lr=0.1",
        "--iters",
        "200",
        "-o",
        arg(&svg),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let texts = svg_texts(&svg);
    for want in ["gd lr=0.001", "gd lr=0.01", "gd lr=0.1"] {
        assert!(texts.iter().any(|t| t == want), "no `{want}` in {texts:?}");
    }
}

#[test]
fn stall_rule_is_settable() {
    // gd with step 1 on x^2 + y^2 maps (x, y) to (-x, -y): the value stays 2 forever, so a stall
    // window of 3 stops the run after 3 iterations, and 0 (never) lets it run all 50.
    let dir = out_dir("plothostile", "stall");
    let svg = dir.join("s.svg");
    let run = |stall: &str| {
        let out = nabla_within(&[
            "plot",
            "x^2 + y^2",
            "--from",
            "1,1",
            "--methods",
            "gd:lr=1",
            "--iters",
            "50",
            "--stall",
            stall,
            "--json",
            "-o",
            arg(&svg),
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
        v["runs"][0]["iterations"].as_u64().expect("iterations")
    };
    assert_eq!(run("3"), 3);
    assert_eq!(run("0"), 50);
}

#[test]
fn minima_marks_himmelblaus_four() {
    let dir = out_dir("plothostile", "minima");
    let png = dir.join("himmelblau.png");
    let out = nabla_within(&[
        "plot",
        "(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
        "--minima",
        "-o",
        arg(&png),
    ]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let line = err
        .lines()
        .find(|l| l.starts_with("4 local minima inside the box: "))
        .unwrap_or_else(|| panic!("no minima line: {err}"));
    let nums: Vec<f64> = line
        .split_once(": ")
        .map(|(_, rest)| rest)
        .unwrap_or_default()
        .split(|c: char| "(), ".contains(c))
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().expect("a number"))
        .collect();
    assert_eq!(nums.len(), 8, "{line}");
    // Himmelblau's minima: (3, 2) exactly, the others the real roots of its gradient.
    let known = [
        (3.0, 2.0),
        (-2.805118, 3.131312),
        (-3.779310, -3.283186),
        (3.584428, -1.848127),
    ];
    for (x, y) in known {
        assert!(
            nums.chunks(2)
                .any(|p| (p[0] - x).abs() < 1e-4 && (p[1] - y).abs() < 1e-4),
            "({x}, {y}) not in {line}"
        );
    }
    assert!(count_red(&decode_png(&png)) >= 4 * 40, "stars not drawn");
}

#[test]
fn no_star_where_there_is_no_minimum() {
    let dir = out_dir("plothostile", "nostar");
    let line = dir.join("line.png");
    let out = nabla_within(&[
        "plot",
        "x",
        "--box",
        "-1..1",
        "--from",
        "0.5",
        "-o",
        arg(&line),
    ]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("unbounded below"), "{err}");
    assert!(!err.contains("minimum found"), "{err}");
    assert_eq!(count_red(&decode_png(&line)), 0);

    let edge = dir.join("edge.png");
    let out = nabla_within(&[
        "plot",
        "log(x) + (y-1)^2 + x",
        "--box",
        "0.1..3,-1..3",
        "--from",
        "1,1",
        "-o",
        arg(&edge),
    ]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("minimum found"), "{err}");
    assert!(err.contains("no minimum"), "{err}");
    assert_eq!(count_red(&decode_png(&edge)), 0);

    // A real minimum keeps its star: x^2 + y^2 at the origin.
    let bowl = dir.join("bowl.png");
    let out = nabla_within(&["plot", "x^2 + y^2", "--from", "1,1", "-o", arg(&bowl)]);
    let err = stderr(&out);
    assert!(err.contains("minimum found at (0, 0)"), "{err}");
    assert!(count_red(&decode_png(&bowl)) >= 100);
}

#[test]
fn loss_ticks_fit_and_colour_bar_reads_f() {
    let dir = out_dir("plothostile", "labels2");
    let svg = dir.join("run.svg");
    let out = nabla_within(&[
        "plot",
        "x^2 + y^2",
        "--from",
        "1,1",
        "--methods",
        "gd:lr=1e-7",
        "--iters",
        "300000",
        "--stall",
        "0",
        "--loss",
        "-o",
        arg(&svg),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The last tick label, 300000 (`3e5`: one exponent form on an axis reaching 1e5), is centred
    // on its tick: half its width (at most 6 characters of a 16 px font, 0.6 em each) must fit
    // inside the 900 px picture.
    let loss = std::fs::read_to_string(dir.join("run-loss.svg")).expect("loss chart");
    let tick = loss
        .split("<text")
        .find(|t| {
            t.split_once('>')
                .is_some_and(|(_, body)| body.split(['<', '\n']).any(|w| w.trim() == "3e5"))
        })
        .expect("a 3e5 tick label");
    let x: f64 = tick
        .split("x=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .and_then(|v| v.parse().ok())
        .expect("the label's x");
    assert!(
        x + 0.5 * 6.0 * 0.6 * 16.2 <= 900.0,
        "label at x = {x} is cut"
    );

    // f = x^2 + y^2 - 3.95 reaches -3.95: the log colour scale needs an offset, the bar still
    // reads `f` and the offset is said in the caption.
    let map = dir.join("shifted.svg");
    let out = nabla_within(&["plot", "x^2 + y^2 - 3.95", "-o", arg(&map)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let texts = svg_texts(&map);
    let at = texts
        .iter()
        .position(|t| t == "f")
        .expect("the bar's caption `f`");
    assert_eq!(texts[at + 1..], ["log scale of", "f + 3.95"], "{texts:?}");
    // The ticks are values of f: its lowest, -3.95 (at 3 digits), labels the bottom.
    assert!(texts.iter().any(|t| t == "-3.95"), "{texts:?}");
}
