//! `--digits N` of `nabla trace` and `nabla graph`: values rounded to N significant digits, the
//! expected digits worked out by hand from closed forms; the default output unchanged; the range
//! 1 to 17 enforced.

use super::cli::{nabla, stderr, stdout};
use super::pictures::{out_dir, svg_texts};

const BEALE: &str = "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2";

/// `x*y + sin(x)` at (2, 3): sin 2 = 0.9092974268..., cos 2 = -0.4161468365...
/// To 4 digits: v4 = sin 2 = 0.9093, v5 = 6 + sin 2 = 6.909, the tangent of v4 along x is
/// cos 2 = -0.4161, df/dx = 3 + cos 2 = 2.5838531... = 2.584.
#[test]
fn trace_rounds_to_four_digits() {
    let o = nabla(&[
        "trace",
        "x*y + sin(x)",
        "--at",
        "x=2,y=3",
        "--forward",
        "--dir",
        "x",
        "--digits",
        "4",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for want in [
        "v4    sin(v1)    0.9093  1",
        "v5    v3 + v4    6.909   output",
        "= -0.4161",
        "df/dx = 2.584 by forward mode",
        "value     6.909",
        "gradient  (2.584, 2)",
    ] {
        assert!(out.contains(want), "no `{want}` in\n{out}");
    }
    assert!(!out.contains("0.9092974"), "{out}");
    // The point is printed as typed, not rounded.
    assert!(out.contains("at (x, y) = (2, 3)"));
}

#[test]
fn seventeen_digits_and_no_flag_print_the_same() {
    let base = ["trace", "x*y + sin(x)", "--at", "x=2,y=3"];
    let plain = nabla(&base);
    let mut args = base.to_vec();
    args.extend(["--digits", "17"]);
    let all = nabla(&args);
    assert_eq!(stdout(&plain), stdout(&all));
    assert!(stdout(&plain).contains("0.9092974268256817"));
}

#[test]
fn latex_and_dot_round_too() {
    // sin(1) = 0.8414709848..., cos(1) = 0.5403023058...
    let o = nabla(&["trace", "sin(x)", "--at", "1", "--latex", "--digits", "3"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("v_{2} &= \\sin\\left(v_{1}\\right) = 0.841"),
        "{}",
        stdout(&o)
    );
    let o = nabla(&["graph", "sin(x)", "--at", "1", "--dot", "--digits", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let dot = stdout(&o);
    assert!(dot.contains("v1 -> v2 [label=\"cos(v1) = 0.54\"]"), "{dot}");
    assert!(dot.contains("value 0.84"), "{dot}");
}

/// Beale at (3, 4): 10.5^2 + 47.25^2 + 191.625^2 = 110.25 + 2232.5625 + 36720.140625
/// = 39062.953125, which is 39100 to three digits; df/dy = 57519 is 57500.
#[test]
fn the_graph_picture_rounds_its_values() {
    let dir = out_dir("digits", "graph");
    let file = dir.join("beale.svg");
    let o = nabla(&[
        "graph",
        BEALE,
        "--at",
        "x=3,y=4",
        "--digits",
        "3",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let texts = svg_texts(&file);
    for want in ["value 39100", "adjoint 57500", "value 110", "value 2230"] {
        assert!(texts.iter().any(|t| t == want), "no `{want}` in {texts:?}");
    }
    assert!(!texts.iter().any(|t| t.contains("39062")));
}

#[test]
fn digits_out_of_range_are_usage_errors() {
    for bad in ["0", "18", "-3", "2.5"] {
        let o = nabla(&["trace", "x^2", "--at", "1", "--digits", bad]);
        assert_eq!(o.status.code(), Some(2), "{bad}: {}", stderr(&o));
        assert!(stderr(&o).contains("1 to 17"), "{}", stderr(&o));
        let o = nabla(&["graph", "x^2", "--digits", bad, "--dot"]);
        assert_eq!(o.status.code(), Some(2), "{bad}");
    }
}
