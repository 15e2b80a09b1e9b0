//! What a newcomer hit (issue 24, item 5), each on the exact input from the issue: `e` read as
//! Euler's number where a variable was meant, the settings a run used, every global minimizer,
//! negative numbers for numeric flags, `min --help`, `#` comments in formula files, plurals, a
//! CSV separated by `;`, and full-width characters from a Chinese input method. Expected values
//! are closed forms or published values, worked out here.

use std::fs;

use super::cli::{nabla, stderr, stdout};

fn json(args: &[&str]) -> serde_json::Value {
    let o = nabla(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

fn numbers(v: &serde_json::Value) -> Vec<f64> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|x| x.as_f64().expect("a number"))
        .collect()
}

const FIVE: &str = "(a-1)^2 + (b-2)^2 + (c-3)^2 + (d-4)^2 + (e-5)^2 + a*b";

#[test]
fn e_among_variables_a_to_d_is_warned_about_and_vars_makes_it_one() {
    // Without --vars: `e` is Euler's number, and the warning says so and how to change it.
    let o = nabla(&["min", FIVE]);
    let err = stderr(&o);
    assert!(
        err.contains("warning: `e` is read as Euler's number") && err.contains("--vars a,b,c,d,e"),
        "{err}"
    );
    // With --vars: five variables. d/da = 2(a-1) + b = 0 and d/db = 2(b-2) + a = 0 give b = 2,
    // a = 0; c, d, e = 3, 4, 5; f = (0-1)^2 + 0*2 = 1.
    let o = nabla(&["min", FIVE, "--vars", "a,b,c,d,e", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["vars"], serde_json::json!(["a", "b", "c", "d", "e"]));
    let x = numbers(&v["point"]);
    for (got, want) in x.iter().zip([0.0, 2.0, 3.0, 4.0, 5.0]) {
        assert!((got - want).abs() < 1e-6, "{x:?}");
    }
    assert!((v["value"].as_f64().unwrap() - 1.0).abs() < 1e-12);
    // `x*e^x` uses e as the constant: no warning.
    let o = nabla(&["eval", "x*e^x", "--at", "x=1"]);
    assert_eq!(stderr(&o), "");
}

#[test]
fn gd_says_which_settings_it_ran_with() {
    // README's table: gd's lr is min(0.01, 0.3 / |f'(1)| = 0.15) = 0.01; decay 0.
    let o = nabla(&["min", "x^2", "--method", "gd", "--from", "1"]);
    assert!(
        stdout(&o).contains("method       gd (lr=0.01, decay=0)\n"),
        "{}",
        stdout(&o)
    );
    let v = json(&["min", "x^2", "--method", "gd", "--from", "1", "--json"]);
    assert_eq!(v["settings"], serde_json::json!({"lr": 0.01, "decay": 0.0}));
    // Two runs of gd are told apart by the setting that differs.
    let o = nabla(&[
        "min",
        "x^2",
        "--from",
        "1",
        "--compare",
        "gd,gd:lr=1e-6",
        "--iters",
        "10",
    ]);
    let out = stdout(&o);
    let rows: Vec<&str> = out.lines().skip(2).collect();
    assert!(rows[0].starts_with("gd (lr=0.01) "), "{out}");
    assert!(rows[1].starts_with("gd (lr=1e-6) "), "{out}");
    let v = json(&[
        "min",
        "x^2",
        "--from",
        "1",
        "--compare",
        "gd,gd:lr=1e-6",
        "--iters",
        "10",
        "--json",
    ]);
    assert_eq!(v["runs"][1]["label"], "gd (lr=1e-6)");
    assert_eq!(v["runs"][1]["settings"]["lr"], 1e-6);
}

#[test]
fn plot_legends_never_read_null() {
    let dir = std::env::temp_dir().join(format!("nabla-newcomer-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let svg = dir.join("decay.svg");
    let o = nabla(&[
        "plot",
        "x^2 + y^2",
        "--from",
        "1,1",
        "--methods",
        "gd,gd:decay=0.1",
        "--iters",
        "20",
        "-o",
        svg.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = fs::read_to_string(&svg).unwrap();
    assert!(!text.contains("null"), "a legend reads null");
    // Each run's legend label names the settings it ran with (issue 29: effective settings).
    assert!(text.contains("gd lr=0.01 decay=0<") || text.contains("gd lr=0.01 decay=0\n"));
    assert!(text.contains("gd lr=0.01 decay=0.1"));
    fs::remove_dir_all(&dir).ok();
}

fn minimizers(args: &[&str]) -> Vec<Vec<f64>> {
    let v = json(args);
    v["global_minimizers"]["points"]
        .as_array()
        .expect("global_minimizers")
        .iter()
        .map(|p| numbers(&p["point"]))
        .collect()
}

#[test]
fn global_lists_all_four_minimizers_of_himmelblau() {
    // Published: Himmelblau (1972), f = 0 at these four points (to the digits printed).
    let published = [
        (3.0, 2.0),
        (-2.805118, 3.131312),
        (-3.779310, -3.283186),
        (3.584428, -1.848126),
    ];
    let himmelblau = "(x^2+y-11)^2+(x+y^2-7)^2";
    let found = minimizers(&["min", "--global", "--box", "-5..5", himmelblau, "--json"]);
    assert_eq!(found.len(), 4, "{found:?}");
    for (a, b) in published {
        assert!(
            found
                .iter()
                .any(|p| (p[0] - a).abs() < 1e-5 && (p[1] - b).abs() < 1e-5),
            "({a}, {b}) not in {found:?}"
        );
    }
    let o = nabla(&["min", "--global", "--box", "-5..5", himmelblau]);
    assert!(
        stdout(&o).contains("global minimizers: 4 "),
        "{}",
        stdout(&o)
    );
}

#[test]
fn global_lists_both_points_where_the_cubic_is_lowest() {
    // f' = 3x^2 - 6x - 9 = 3(x - 3)(x + 1): a local minimum at 3, f(3) = 27 - 27 - 27 + 2 = -25,
    // and the box's edge -3, f(-3) = -27 - 27 + 27 + 2 = -25; f(4) = -18 and f(-1) = 7 are higher.
    let mut found = minimizers(&[
        "min",
        "--global",
        "--box",
        "-3..4",
        "x^3 - 3x^2 - 9x + 2",
        "--json",
    ]);
    found.sort_by(|a, b| a[0].total_cmp(&b[0]));
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        (found[0][0] + 3.0).abs() < 1e-9 && (found[1][0] - 3.0).abs() < 1e-6,
        "{found:?}"
    );
}

#[test]
fn negative_numbers_reach_the_range_checks() {
    let o = nabla(&["min", "x^2", "--method", "gd", "--lr", "-1"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: invalid lr = -1: expected a finite number greater than 0\n"
    );
    let o = nabla(&["min", "x^2", "--iters", "-5"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("`-5` is out of range; give a whole number from 0 to 100,000,000")
            && !err.contains("unexpected argument"),
        "{err}"
    );
}

#[test]
fn min_help_says_where_defaults_come_from_and_what_uses_the_box() {
    let o = nabla(&["min", "--help"]);
    let help = stdout(&o);
    // The help of one flag: its line (clap prints one line per flag when they fit).
    let line = |flag: &str| -> String {
        help.lines()
            .find(|l| l.trim_start().starts_with(flag))
            .unwrap_or_else(|| panic!("no {flag} in {help}"))
            .to_string()
    };
    let lr = line("--lr ");
    assert!(
        !lr.contains("PyTorch") && lr.contains("README's \"Method defaults\""),
        "{lr}"
    );
    let global = line("--global ");
    assert!(
        global.contains("certified") && global.contains("--certify"),
        "{global}"
    );
    let bx = line("--box ");
    assert!(bx.contains("--global") && bx.contains("--certify"), "{bx}");
}

#[test]
fn hash_starts_a_comment_in_formula_files() {
    let dir = std::env::temp_dir().join(format!("nabla-comment-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join("f.txt");
    fs::write(
        &path,
        "# Rosenbrock's valley\n(1 - x)^2   # the floor\n  + 100*(y - x^2)^2\n",
    )
    .unwrap();
    // At (2, 1): (1 - 2)^2 + 100 (1 - 4)^2 = 1 + 900.
    let o = nabla(&["eval", "-f", path.to_str().unwrap(), "--at", "x=2,y=1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "901");
    fs::remove_dir_all(&dir).ok();
}

#[test]
fn counts_of_one_are_singular() {
    let o = nabla(&["eval", "x", "--at", "1,2"]);
    assert_eq!(
        stderr(&o),
        "error: the point `1,2` has 2 values but the formula has 1 variable (x); give one per variable or use names: --at x=1\n"
    );
    let o = nabla(&["check", "x^2", "--at", "1"]);
    assert!(
        stdout(&o).contains("\n1 partial at 1 point: 1 agree\n"),
        "{}",
        stdout(&o)
    );
    let o = nabla(&[
        "min",
        "--global",
        "--box",
        "-5..5",
        "(x^2+y-11)^2+(x+y^2-7)^2",
    ]);
    let out = stdout(&o);
    assert!(
        out.contains(": 1 local search, ") && out.contains("found 1 time)"),
        "{out}"
    );
    assert!(
        !out.contains("1 times") && !out.contains("1 local searches"),
        "{out}"
    );
}

#[test]
fn a_csv_separated_by_semicolons_gets_a_hint() {
    let dir = std::env::temp_dir().join(format!("nabla-semicolon-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join("points.csv");
    fs::write(&path, "x;y\n1;2\n2;4\n").unwrap();
    let o = nabla(&[
        "fit",
        "w*x",
        "--data",
        path.to_str().unwrap(),
        "--params",
        "w",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("the file seems to use `;` as separator") && err.contains("every `;` as `,`"),
        "{err}"
    );
    fs::remove_dir_all(&dir).ok();
}

#[test]
fn full_width_characters_read_as_ascii() {
    // (2 + 1)^2 = 9, typed with full-width parentheses.
    let o = nabla(&["eval", "（x+1）^2", "--at", "x=2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "9");
    // (2 - 1) * 3 / 2 = 1.5, with full-width minus, times, digits, slash, point and comma.
    let o = nabla(&["eval", "（x－1）×３／２．０ + max（0，0）", "--at", "x=2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "1.5");
    // The caret of an error after a full-width character points at the character: the comma
    // is the third character of `（x，1）` (column 3), and on a terminal, where `（` and `，` are
    // two columns wide, it starts in column 4 and takes two carets.
    let o = nabla(&["eval", "（x，1）", "--at", "x=1"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: expected `)` or an operator, found `，`\n --> 1:3\n  |\n1 | （x，1）\n  |    ^^\n"
    );
}
