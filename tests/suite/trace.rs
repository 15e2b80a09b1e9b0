//! `nabla trace` and `nabla graph`, and the library's `Trace`, `layout` and `draw_graph` behind
//! them: every adjoint against a hand derivation, shared steps once with their uses, forward mode
//! against the reverse gradient, the cost counts on a 100-variable sum, and pictures that parse.

use std::time::{Duration, Instant};

use nabla::{layout, Formula, StepKind, Trace};

use super::cli::{nabla, stderr, stdout};
use super::pictures::{decode_png, out_dir, svg_texts};

const BEALE: &str = "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2";

fn trace(src: &str) -> Trace {
    Trace::new(&Formula::parse(src).unwrap())
}

/// `x*y + sin(x)` at (2, 3), derived by hand:
/// v1 = x = 2, v2 = y = 3, v3 = v1*v2 = 6, v4 = sin(v1) = sin 2, v5 = v3 + v4.
/// Reverse: v̄5 = 1; v̄4 = v̄5 = 1; v̄3 = v̄5 = 1; v̄2 = v̄3*v1 = 2;
/// v̄1 = v̄3*v2 + v̄4*cos(v1) = 3 + cos 2. Gradient (3 + cos 2, 2).
#[test]
fn trace_of_x_y_plus_sin_x_matches_the_hand_derivation() {
    let t = trace("x*y + sin(x)");
    let texts: Vec<&str> = t.steps().iter().map(|s| s.text.as_str()).collect();
    assert_eq!(texts, ["x", "y", "v1 * v2", "sin(v1)", "v3 + v4"]);
    let uses: Vec<usize> = t.steps().iter().map(|s| s.uses()).collect();
    assert_eq!(uses, [2, 1, 1, 1, 0]);
    assert_eq!(t.output(), 4);
    let e = t.evaluate(&[2.0, 3.0]).unwrap();
    let (s2, c2) = (2f64.sin(), 2f64.cos());
    assert_eq!(e.values, [2.0, 3.0, 6.0, s2, 6.0 + s2]);
    assert_eq!(e.adjoints[4], 1.0);
    assert_eq!(e.adjoints[3], 1.0);
    assert_eq!(e.adjoints[2], 1.0);
    assert_eq!(e.adjoints[1], 2.0);
    assert_eq!(e.adjoints[0], 3.0 + c2);
    assert_eq!(e.gradient, [3.0 + c2, 2.0]);
    assert_eq!(t.adjoint_text(4), "1");
    assert_eq!(t.adjoint_text(3), "v̄5");
    assert_eq!(t.adjoint_text(1), "v̄3 * v1");
    assert_eq!(t.adjoint_text(0), "v̄3 * v2 + v̄4 * cos(v1)");
    // The local partials: ∂v3/∂v1 = v2 = 3, ∂v3/∂v2 = v1 = 2, ∂v4/∂v1 = cos 2, and 1, 1.
    let partials: Vec<(&str, f64)> = t
        .edges()
        .iter()
        .zip(&e.partials)
        .map(|(edge, v)| (edge.partial.as_str(), *v))
        .collect();
    assert_eq!(
        partials,
        [
            ("v2", 3.0),
            ("v1", 2.0),
            ("cos(v1)", c2),
            ("1", 1.0),
            ("1", 1.0)
        ]
    );
}

#[test]
fn cli_trace_prints_the_table_the_adjoints_and_the_gradient() {
    let o = nabla(&["trace", "x*y + sin(x)", "--at", "x=2,y=3"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    for line in [
        "v3    v1 * v2    6",
        "v4    sin(v1)",
        "v̄2 = v̄3 * v1",
        "v̄1 = v̄3 * v2 + v̄4 * cos(v1)",
    ] {
        assert!(out.contains(line), "{line} in\n{out}");
    }
    let gradient = format!("gradient  ({}, 2)", nabla::fmt_number(3.0 + 2f64.cos()));
    assert!(out.contains(&gradient), "{out}");
}

/// In Beale's function `x*y` is written once, `x` is read by six operations (`1.5 - x`, `x*y`,
/// `2.25 - x`, `x*y^2`, `2.625 - x`, `x*y^3`) and `y` by three (`x*y`, `y^2`, `y^3`): each is one
/// step with its uses counted.
#[test]
fn beale_shares_steps_and_counts_their_uses() {
    let t = trace(BEALE);
    let xy: Vec<_> = t.steps().iter().filter(|s| s.text == "v1 * v2").collect();
    assert_eq!(xy.len(), 1);
    assert_eq!(xy[0].uses(), 1);
    assert_eq!(t.steps()[0].uses(), 6);
    assert_eq!(t.steps()[1].uses(), 3);
    // 2 inputs + 16 operations: three terms of (c - x) + x*y^k, squared, and two sums.
    assert_eq!(t.steps().len(), 18);
    // The gradient at (3, 4), by hand: with t1 = 1.5 - 3 + 12, t2 = 2.25 - 3 + 48,
    // t3 = 2.625 - 3 + 192, df/dx = 2 t1 (y - 1) + 2 t2 (y^2 - 1) + 2 t3 (y^3 - 1) and
    // df/dy = 2 t1 x + 2 t2 (2 x y) + 2 t3 (3 x y^2).
    let (x, y) = (3.0, 4.0);
    let (t1, t2, t3) = (
        1.5 - x + x * y,
        2.25 - x + x * y * y,
        2.625 - x + x * y * y * y,
    );
    let dx = 2.0 * t1 * (y - 1.0) + 2.0 * t2 * (y * y - 1.0) + 2.0 * t3 * (y * y * y - 1.0);
    let dy = 2.0 * t1 * x + 2.0 * t2 * (2.0 * x * y) + 2.0 * t3 * (3.0 * x * y * y);
    let e = t.evaluate(&[x, y]).unwrap();
    assert_eq!(e.value, t1 * t1 + t2 * t2 + t3 * t3);
    assert_eq!(e.gradient, [dx, dy]);
}

#[test]
fn a_subexpression_written_twice_is_one_step_used_twice() {
    let t = trace("x*y + sin(x*y)");
    let xy: Vec<_> = t.steps().iter().filter(|s| s.text == "v1 * v2").collect();
    assert_eq!(xy.len(), 1);
    assert_eq!(xy[0].uses(), 2);
    // v̄3 = v̄5 + v̄4 * cos(v3): 1 + cos(xy).
    let e = t.evaluate(&[2.0, 3.0]).unwrap();
    assert_eq!(t.adjoint_text(2), "v̄4 * cos(v3) + v̄5");
    assert_eq!(e.adjoints[2], 1.0 + 6f64.cos());
    let o = nabla(&["trace", "x*y + sin(x*y)", "--at", "2,3"]);
    let out = stdout(&o);
    let row: Vec<&str> = out
        .lines()
        .find(|l| l.starts_with("v3 "))
        .unwrap()
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(row, ["v3", "v1 * v2", "6", "2"], "{out}");
}

#[test]
fn forward_mode_gives_each_partial() {
    let t = trace(BEALE);
    let e = t.evaluate(&[3.0, 4.0]).unwrap();
    for d in 0..2 {
        let dot = t.tangents(&e, d).unwrap();
        assert_eq!(dot[t.output()], e.gradient[d], "direction {d}");
    }
    assert!(t.tangents(&e, 2).is_err());
    // The tangent of x*y in direction x is y: v̇3 = v̇1 * v2 + v̇2 * v1 = 1*3 + 0*2.
    let t = trace("x*y + sin(x)");
    let e = t.evaluate(&[2.0, 3.0]).unwrap();
    let dot = t.tangents(&e, 0).unwrap();
    assert_eq!(dot, [1.0, 0.0, 3.0, 2f64.cos(), 3.0 + 2f64.cos()]);
    let o = nabla(&[
        "trace",
        "x*y + sin(x)",
        "--at",
        "x=2,y=3",
        "--forward",
        "--dir",
        "x",
    ]);
    let out = stdout(&o);
    assert!(out.contains("v̇3 = v̇1 * v2 + v̇2 * v1  = 3"), "{out}");
    let df = format!(
        "df/dx = {} by forward mode",
        nabla::fmt_number(3.0 + 2f64.cos())
    );
    assert!(out.contains(&df), "{out}");
    let o = nabla(&["trace", "x*y", "--at", "2,3", "--forward", "--dir", "z"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown variable `z` in --dir"));
}

/// `x1 + ... + x100`: 99 additions, each with two local partials (1 and 1), so 198 multiply-adds
/// per sweep; forward mode needs one sweep per variable (100 × 198 = 19,800), reverse one (198).
#[test]
fn costs_on_a_100_variable_sum() {
    let src: Vec<String> = (1..=100).map(|i| format!("x{i}")).collect();
    let src = src.join(" + ");
    let c = trace(&src).cost();
    assert_eq!((c.operations, c.partials), (99, 198));
    assert_eq!((c.forward_sweeps, c.forward_multiply_adds), (100, 19_800));
    assert_eq!((c.reverse_sweeps, c.reverse_multiply_adds), (1, 198));
    let at: Vec<String> = (1..=100).map(|i| format!("x{i}={i}")).collect();
    let o = nabla(&["trace", &src, "--at", &at.join(","), "--forward"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("forward mode  100 sweeps (one per variable)  19800 multiply-adds"),
        "{out}"
    );
    assert!(
        out.contains("reverse mode  1 sweep                        198 multiply-adds"),
        "{out}"
    );
    // The sum's gradient is all ones, and d/dx1 by forward mode is 1.
    assert!(out.contains("df/dx1 = 1 by forward mode"), "{out}");
    let o = nabla(&["trace", &src, "--at", &at.join(","), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["value"], 5050.0);
    assert_eq!(v["cost"]["forward_multiply_adds"], 19_800);
    assert_eq!(v["cost"]["reverse_multiply_adds"], 198);
    assert!(v["gradient"]
        .as_array()
        .unwrap()
        .iter()
        .all(|g| g.as_f64() == Some(1.0)));
}

#[test]
fn json_and_latex() {
    let o = nabla(&["trace", "x*y + sin(x)", "--at", "x=2,y=3", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["steps"][2]["operation"], "v1 * v2");
    assert_eq!(v["steps"][0]["uses"], 2);
    assert_eq!(v["steps"][0]["adjoint"], 3.0 + 2f64.cos());
    assert_eq!(v["steps"][0]["adjoint_sum"], "v̄3 * v2 + v̄4 * cos(v1)");
    assert_eq!(v["steps"][2]["operands"][0]["partial"], "v2");
    assert_eq!(v["gradient"][1], 2.0);
    let o = nabla(&["trace", "x*y + sin(x)", "--at", "x=2,y=3", "--latex"]);
    let out = stdout(&o);
    assert!(out.starts_with("\\begin{aligned}\n"), "{out}");
    assert!(out.trim_end().ends_with("\\end{aligned}"), "{out}");
    assert!(out.contains("v_{4} &= \\sin\\left(v_{1}\\right)"), "{out}");
    assert!(
        out.contains("\\bar v_{1} &= \\bar v_{3} \\cdot v_{2} + \\bar v_{4} \\cdot \\cos\\left(v_{1}\\right)"),
        "{out}"
    );
}

#[test]
fn a_nan_is_traced_to_its_step() {
    let o = nabla(&["trace", "ln(x - 2) + x", "--at", "x=1"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("v3    ln(v2)"), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("it starts where v3 = ln(v2) is not a number"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn formula_sources_and_variable_order_are_shared() {
    let o = super::cli::nabla_stdin(&["trace", "-", "--vars", "y,x", "--at", "3,2"], "x*y");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("v1    y"), "{out}");
    assert!(out.contains("gradient  (2, 3)"), "{out}");
}

#[test]
fn layout_layers_follow_the_edges_and_sweeps_do_not_add_crossings() {
    for src in [
        BEALE,
        "x*y + sin(x)",
        "sin(cos(x) + y) * exp(x - y) + x*y^2",
    ] {
        let t = trace(src);
        let l = layout(&t);
        for e in t.edges() {
            assert!(l.layer_of[e.child] < l.layer_of[e.parent], "{src}");
            let path = &l.paths[t.edges().iter().position(|f| std::ptr::eq(f, e)).unwrap()];
            assert_eq!(path.len(), l.layer_of[e.parent] - l.layer_of[e.child] + 1);
        }
        assert!(l.crossings <= l.initial_crossings, "{src}");
        let slots: usize = l.layers.iter().map(Vec::len).sum();
        let bends: usize = l.paths.iter().map(|p| p.len() - 2).sum();
        assert_eq!(slots, t.steps().len() + bends);
    }
    // Inputs sit just above their first user: in `x + exp(exp(y))`, x is read only by the last
    // step, on layer 3, so it sits on layer 2.
    let t = trace("exp(exp(y)) + x");
    let l = layout(&t);
    assert!(matches!(t.steps()[1].kind, StepKind::Input(_)));
    assert_eq!(t.steps()[1].text, "x");
    assert_eq!(l.layer_of, [0, 2, 1, 2, 3]);
}

#[test]
fn graph_of_beale_is_an_svg_with_every_operator_and_the_value() {
    let dir = out_dir("trace", "beale-svg");
    let file = dir.join("beale.svg");
    let o = nabla(&[
        "graph",
        BEALE,
        "--at",
        "x=3,y=4",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).starts_with("wrote "), "{}", stderr(&o));
    let texts = svg_texts(&file);
    let labels: Vec<&String> = texts.iter().filter(|t| t.starts_with('v')).collect();
    for op in [" - ", " + ", " * ", "^"] {
        assert!(labels.iter().any(|l| l.contains(op)), "{op} in {labels:?}");
    }
    assert!(texts.iter().any(|t| t == "v18 = v12 + v17"), "{texts:?}");
    assert!(texts.iter().any(|t| t == "value 39062.953125"), "{texts:?}");
    assert!(texts.iter().any(|t| t == "adjoint 25625.25"), "{texts:?}");
    // Edge labels: the local partials with their values (∂(v5^2)/∂v5 = 2 * v5 = 21).
    assert!(texts.iter().any(|t| t == "2 * v5 = 21"), "{texts:?}");
    // Nothing but the picture is left in the folder (the temporary was renamed into place).
    let names: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
    assert_eq!(names.len(), 1);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn graph_png_decodes_and_dot_lists_every_edge() {
    let dir = out_dir("trace", "png");
    let file = dir.join("g.png");
    let o = nabla(&["graph", "x*y + sin(x)", "-o", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let img = decode_png(&file);
    assert!(img.width() >= 240 && img.height() >= 120);
    let _ = std::fs::remove_dir_all(dir);
    let o = nabla(&["graph", "x*y + sin(x)", "--dot"]);
    let out = stdout(&o);
    assert!(out.starts_with("digraph nabla {"), "{out}");
    for edge in [
        "v1 -> v3 [label=\"v2\"]",
        "v2 -> v3 [label=\"v1\"]",
        "v1 -> v4 [label=\"cos(v1)\"]",
        "v3 -> v5 [label=\"1\"]",
        "v4 -> v5 [label=\"1\"]",
    ] {
        assert!(out.contains(edge), "{edge} in {out}");
    }
}

#[test]
fn huge_formulas_get_a_message_not_a_hang() {
    // 50,000 terms sin(x_i): 100,000 steps (and 49,999 sums).
    let src: Vec<String> = (0..50_000).map(|i| format!("sin(x{i})")).collect();
    let dir = out_dir("trace", "huge");
    let path = dir.join("huge.txt");
    std::fs::write(&path, src.join(" + ")).unwrap();
    let start = Instant::now();
    let o = nabla(&["graph", "-f", path.to_str().unwrap(), "-o", "never.svg"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("has 149999 nodes; nabla graph draws at most 200"),
        "{err}"
    );
    let o = nabla(&["trace", "-f", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nabla trace shows at most 10000"));
    assert!(start.elapsed() < Duration::from_secs(20));
    assert!(!std::path::Path::new("never.svg").exists());
    let _ = std::fs::remove_dir_all(dir);
    // A bad extension is found first.
    let o = nabla(&["graph", "x", "-o", "g.gif"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(".svg or .png"));
}

/// Issue 24: `graph --json` carries the formula, its variables and the graph itself (nodes with
/// values and adjoints, edges with local partials), and a non-finite step is the verdict's exit 1.
#[test]
fn graph_json_has_the_graph_and_a_verdict() {
    let file = out_dir("trace", "graph-json").join("graph.svg");
    let file = file.to_str().unwrap();
    let o = nabla(&[
        "graph",
        "x*y + sin(x)",
        "--at",
        "x=2,y=3",
        "-o",
        file,
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(
        (v["formula"].as_str(), v["vars"].clone()),
        (Some("x*y + sin(x)"), serde_json::json!(["x", "y"]))
    );
    assert_eq!(v["nodes"][0]["adjoint"], 3.0 + 2f64.cos());
    assert_eq!(v["edges"].as_array().map(Vec::len), Some(5));
    assert_eq!(v["picture"]["n_nodes"], 5);
    let o = nabla(&["graph", "sqrt(x)", "--at", "x=-1", "-o", file, "--json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(
        (v["verdict"]["kind"].as_str(), v["value"].is_null()),
        (Some("not_finite"), true)
    );
    assert!(
        stderr(&o).contains("it starts where v2 = sqrt(v1)"),
        "{}",
        stderr(&o)
    );
}
