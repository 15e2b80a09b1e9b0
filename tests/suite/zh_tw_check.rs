//! `nabla check` and `nabla trace` in Traditional Chinese (`--lang zh-TW`): the report at a point,
//! a wrong hand-derived gradient diagnosed in Chinese (the sign and factor errors, and the
//! article's erratum `3x+2x+1`), the step sweep's table, and the trace's forward and reverse
//! sweeps. Expected words are the book's and the glossary's (梯度, 偏導數, 中央差分, 步長, 一致,
//! 「不一致」...), written here; tables must line up in terminal columns (a CJK character is two),
//! and no English label of these commands may be left.

use std::process::Output;

use super::cli::{nabla_command, stderr, stdout};

const QUADRATIC: &str = "(1/16)*x^2 + 9*y^2";

fn zh(args: &[&str]) -> Output {
    nabla_command()
        .args(args)
        .args(["--lang", "zh-TW"])
        .output()
        .expect("run nabla")
}

/// Asserts that `text` contains every word of `words`.
fn has_all(text: &str, words: &[&str]) {
    for w in words {
        assert!(text.contains(w), "missing `{w}` in:\n{text}");
    }
}

/// Asserts that no English label of `nabla check`/`nabla trace` is left in `text` (formulas,
/// numbers, variable names and flags are ASCII and allowed).
fn no_english(text: &str) {
    const LABELS: [&str; 36] = [
        "agree",
        "DISAGREE",
        "partial",
        "exact",
        "central",
        "forward",
        "reverse",
        "difference",
        "step",
        "error",
        "verdict",
        "variable",
        "point",
        "worst",
        "largest",
        "yours",
        "your ",
        "times",
        "factor",
        "sign",
        "constant",
        "check ",
        "random",
        "seed",
        "hand-derived",
        "sweep",
        "trace",
        "operation",
        "value",
        "uses",
        "output",
        "adjoint",
        "gradient",
        "cost",
        "multiply",
        "mode",
    ];
    for l in LABELS {
        assert!(
            !text.contains(l),
            "English `{l}` left in the zh-TW output:\n{text}"
        );
    }
}

/// The terminal columns where the cells of a table line start (cells are two or more spaces
/// apart), measured in display width.
fn cell_columns(line: &str) -> Vec<usize> {
    let mut cols = Vec::new();
    let mut spaces = 2;
    for (i, c) in line.char_indices() {
        if c == ' ' {
            spaces += 1;
        } else {
            if spaces >= 2 {
                cols.push(nabla::i18n::width(&line[..i]));
            }
            spaces = 0;
        }
    }
    cols
}

/// Asserts that the `n` lines from the one starting with `header` have their cells at the
/// header's columns (rows may have more cells than the header: those must line up with each
/// other).
fn aligned(text: &str, header: &str, n: usize) {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with(header))
        .unwrap_or_else(|| panic!("no line starts with `{header}`:\n{text}"));
    let head = cell_columns(lines[start]);
    assert!(head.len() >= 3, "{}", lines[start]);
    let mut extra: Option<usize> = None;
    for l in &lines[start + 1..start + n] {
        let cols = cell_columns(l);
        assert!(cols.len() >= head.len(), "row `{l}` under `{header}`");
        assert_eq!(
            cols[..head.len()],
            head[..],
            "row `{l}` does not line up with `{}`",
            lines[start]
        );
        if let Some(&c) = cols.get(head.len()) {
            assert_eq!(*extra.get_or_insert(c), c, "row `{l}`");
        }
    }
}

#[test]
fn a_correct_gradient_agrees_in_chinese_with_an_aligned_table() {
    let o = zh(&["check", "x^2*y", "--at", "x=1,y=2"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    has_all(
        &out,
        &[
            "中央差分",
            "變數",
            "精確值",
            "步長",
            "絕對誤差",
            "相對誤差",
            "判定",
            "一致",
            "偏導數",
            "梯度與中央差分一致",
        ],
    );
    no_english(&out);
    // The header is wider in Chinese than its cells: the numbers still start under it.
    aligned(&out, "變數", 3);
    assert!(out.contains("x     4"), "{out}");
}

#[test]
fn random_points_and_their_box_are_named_in_chinese() {
    let o = zh(&["check", "x^2*y", "--random", "20", "--box", "-1..1"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    has_all(
        &out,
        &["隨機點", "矩形區域 -1..1", "20 個點中最差的一點", "一致"],
    );
    no_english(&out);
    aligned(&out, "變數", 3);
}

#[test]
fn a_sign_error_is_diagnosed_in_chinese() {
    let o = zh(&["check", QUADRATIC, "--grad", "-x/8; -18*y"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    has_all(
        &out,
        &[
            "「不一致」",
            "正負號相反",
            "精確偏導數是 0.125*x",
            "請檢查 df/dx，df/dy",
        ],
    );
    no_english(&out);
    // The verdict, said on standard error, is Chinese too.
    assert!(
        stderr(&o).contains("與精確偏導數「不一致」"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_factor_error_is_diagnosed_in_chinese() {
    let o = zh(&["check", QUADRATIC, "--grad", "x/4; 18*y"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    has_all(&out, &["是精確偏導數的 2 倍", "多乘了 2", "「不一致」"]);
    no_english(&out);
    // df/dy is right: it agrees.
    assert!(out.contains("df/dy = 18*y\n  一致\n"), "{out}");

    let o = zh(&["check", QUADRATIC, "--grad", "x/16; 18*y"]);
    let out = stdout(&o);
    has_all(&out, &["是精確偏導數的 1/2 倍", "少乘了 2"]);
    no_english(&out);
}

#[test]
fn the_articles_derivative_is_caught_in_chinese() {
    // The article's erratum: d/dx (x^3 + x^2 + x) printed as 3x+2x+1.
    let o = zh(&["check", "x^3 + x^2 + x", "--grad", "3x+2x+1"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    has_all(
        &out,
        &[
            "「不一致」：1000 個點中有 1000 個",
            "找不到簡單的關係",
            "精確偏導數是 3*x^2 + 2*x + 1",
        ],
    );
    no_english(&out);
}

#[test]
fn the_sweep_table_is_in_chinese_and_lines_up() {
    let o = zh(&["check", "sin(x)", "--at", "x=1", "--sweep"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    has_all(
        &out,
        &[
            "步長",
            "前向差分誤差",
            "中央差分誤差",
            "<- 中央差分最佳",
            "<- 前向差分最佳",
            "截斷誤差",
            "捨入誤差",
        ],
    );
    no_english(&out);
    // Header and thirteen steps; the marks start in one column.
    aligned(&out, "步長 ", 14);
}

#[test]
fn the_json_prose_follows_the_language_and_the_keys_do_not() {
    let o = zh(&["check", QUADRATIC, "--grad", "-x/8; 18*y", "--json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["verdict"]["kind"], "disagrees");
    assert_eq!(v["rows"][0]["outcome"], "disagrees");
    assert_eq!(v["rows"][0]["diagnosis"]["kind"], "opposite_sign");
    let sentence = v["rows"][0]["diagnosis_sentence"].as_str().unwrap_or("");
    assert!(sentence.contains("正負號相反"), "{sentence}");
    let verdict = v["verdict"]["sentence"].as_str().unwrap_or("");
    assert!(verdict.contains("「不一致」"), "{verdict}");
}

#[test]
fn the_trace_is_in_chinese_and_lines_up() {
    let o = zh(&["trace", "x*y + sin(x)", "--at", "x=2,y=3", "--forward"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    has_all(
        &out,
        &[
            "前向傳遞",
            "求值軌跡",
            "步驟",
            "運算",
            "使用次數",
            "輸出",
            "切線值",
            "反向傳遞",
            "伴隨值",
            "梯度  (2.5838531634528574, 2)",
            "乘加",
            "前向模式",
            "反向模式",
        ],
    );
    no_english(&out);
    // The forward sweep's table: header and five steps.
    aligned(&out, "步驟", 6);
    // The value and the gradient, and the two modes' costs, start in one column.
    let at = |prefix: &str| {
        let l = out
            .lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no `{prefix}` line:\n{out}"));
        cell_columns(l)
    };
    assert_eq!(at("值 ")[1], at("梯度 ")[1], "{out}");
    assert_eq!(at("前向模式 "), at("反向模式 "), "{out}");
}
