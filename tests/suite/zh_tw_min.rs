//! `nabla min --lang zh-TW`: one run (Beale), a `--compare gd,adam` table, a saddle, `--global`
//! over a box (certified and not proven), `--certify` and a diverging run speak Traditional
//! Chinese in the book's words; no English label of the output is left; the report's label
//! column and the table's columns line up by display width (a CJK character takes two terminal
//! columns); and `--json --lang zh-TW` keeps the keys and enumerated values of `--json`.

use std::process::Output;

use nabla::i18n::width;
use serde_json::Value;

use super::cli::nabla_command;

const BEALE: &str = "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2";

fn run(lang: &str, args: &[&str]) -> Output {
    nabla_command()
        .args(["--lang", lang, "min"])
        .args(args)
        .output()
        .expect("run nabla")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("UTF-8 output")
}

/// Fails when `text` holds any of `words`.
fn assert_none_of(text: &str, words: &[&str]) {
    for w in words {
        assert!(!text.contains(w), "English `{w}` left in:\n{text}");
    }
}

/// The English labels and words of a run's report.
const REPORT_ENGLISH: &[&str] = &[
    "minimizing",
    "method",
    "stop ",
    "gradient below",
    "max |grad|",
    "iterations",
    "evaluations",
    " grad,",
    "hessian",
    "time ",
    "point ",
    "local minimum",
    "Hessian",
    "saddle",
    "diverged",
    "not classified",
];

/// The report's labels in zh-TW, each with the display column where its value starts.
fn value_columns(out: &str, labels: &[&str]) -> Vec<usize> {
    labels
        .iter()
        .map(|label| {
            let line = out
                .lines()
                .find(|l| l.starts_with(label))
                .unwrap_or_else(|| panic!("no line labelled `{label}` in:\n{out}"));
            let rest = &line[label.len()..];
            let spaces = rest.len() - rest.trim_start().len();
            assert!(spaces >= 1, "no space after `{label}`: {line}");
            width(label) + spaces
        })
        .collect()
}

const ZH_LABELS: [&str; 9] = [
    "方法",
    "停止原因",
    "x ",
    "f(x)",
    "max |梯度|",
    "迭代次數",
    "求值次數",
    "時間",
    "終點類型",
];

const EN_LABELS: [&str; 9] = [
    "method",
    "stop",
    "x ",
    "f(x)",
    "max |grad|",
    "iterations",
    "evaluations",
    "time",
    "point",
];

#[test]
fn beale_single_run_reports_in_chinese_with_its_labels_lined_up() {
    let zh = run("zh-TW", &[BEALE, "--from", "1,1"]);
    assert!(zh.status.success(), "{}", stderr(&zh));
    let out = stdout(&zh);
    for word in [
        "以 lbfgs 從 (x, y) = (1, 1) 開始最小化",
        "梯度已低於容許誤差",
        "極小值（海森矩陣特徵值",
        "迭代次數",
        "梯度 17 次",
        "海森矩陣 0 次",
    ] {
        assert!(out.contains(word), "missing `{word}` in:\n{out}");
    }
    assert_none_of(&out, REPORT_ENGLISH);
    // Every value starts at the same display column, the English report's column.
    let columns = value_columns(&out, &ZH_LABELS);
    let en = stdout(&run("en", &[BEALE, "--from", "1,1"]));
    let en_columns = value_columns(&en, &EN_LABELS);
    assert!(
        columns.iter().all(|c| *c == en_columns[0]),
        "zh-TW value columns {columns:?}, English {en_columns:?}:\n{out}"
    );
    assert!(en_columns.iter().all(|c| *c == 13), "{en_columns:?}");
}

/// The display column where `needle` starts in `line`.
fn column_of(line: &str, needle: &str) -> usize {
    let at = line
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in `{line}`"));
    width(&line[..at])
}

#[test]
fn compare_table_speaks_chinese_and_its_columns_line_up() {
    let o = run("zh-TW", &[BEALE, "--from", "1,1", "--compare", "gd,adam"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("從 (x, y) = (1, 1) 出發，最多迭代 10000 次"),
        "{out}"
    );
    let header = lines[1];
    for h in ["方法", "f(x)", "max |梯度|", "迭代", "停止", "設定"] {
        assert!(header.contains(h), "header lacks `{h}`: {header}");
    }
    let gd = lines.iter().find(|l| l.starts_with("gd ")).expect("gd row");
    let adam = lines
        .iter()
        .find(|l| l.starts_with("adam "))
        .expect("adam row");
    assert!(gd.contains("已收斂（極小值）"), "{gd}");
    // Each row's cells start under their header, counted in terminal columns.
    for row in [gd, adam] {
        assert_eq!(column_of(row, "("), column_of(header, "x"), "{out}");
        assert_eq!(column_of(row, "lr="), column_of(header, "設定"), "{out}");
    }
    assert_eq!(column_of(gd, "已收斂"), column_of(header, "停止"), "{out}");
    assert_none_of(
        &out,
        &[
            "method",
            "iters",
            "stop",
            "settings",
            "converged",
            "minimum",
            "stalled",
            "from ",
            "at most",
        ],
    );
}

#[test]
fn a_saddle_is_named_in_chinese_and_is_no_minimum() {
    let o = run("zh-TW", &["x^2 - y^2", "--from", "0.1,0"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("終點類型     鞍點（海森矩陣特徵值 -2, 2）"),
        "{out}"
    );
    assert_none_of(&out, REPORT_ENGLISH);
    let err = stderr(&o);
    assert!(err.contains("錯誤：找不到極小值：這個點是鞍點"), "{err}");
    assert!(
        !err.contains("saddle") && !err.contains("no minimum"),
        "{err}"
    );
}

#[test]
fn a_diverging_run_says_so_and_suggests_a_smaller_learning_rate() {
    let o = run(
        "zh-TW",
        &["x^2", "--method", "gd", "--lr", "2", "--from", "1"],
    );
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    for word in [
        "方法         gd (lr=2, decay=0)",
        "在第 32 步發散",
        "步長可能太大",
        "未分類：執行發散了",
    ] {
        assert!(out.contains(word), "missing `{word}` in:\n{out}");
    }
    assert_none_of(&out, REPORT_ENGLISH);
    let err = stderr(&o);
    assert!(err.starts_with("錯誤：在第 32 步發散"), "{err}");
    assert!(err.contains("請試試較小的學習率"), "{err}");
    assert!(!err.contains("learning rate"), "{err}");
}

/// English words of `--global` and `--certify` output.
const BOX_ENGLISH: &[&str] = &[
    "search with",
    "local search",
    "evaluation",
    "ended",
    "failed",
    "stopped",
    "global minimum",
    "certified",
    "best point",
    "minimizers",
    "distinct",
    "found",
    "local minimum",
    "not proven",
    "explored",
    "lie in",
];

#[test]
fn global_search_over_a_box_is_certified_in_chinese() {
    let o = run(
        "zh-TW",
        &["x^4 - 3*x^2 + y^2", "--global", "--box", "-3..3"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for word in [
        "搜尋，以 lbfgs 在 -3..3 中：局部搜尋 1 次",
        "1 次停在極小值",
        "已停止：區間界限證明了矩形區域上的全域最小值",
        "矩形區域上的全域最小值，已證明誤差在",
        "最佳點：f(x, y) = -2.25，位於 (",
        "全域最小值點：2 個",
        "找到的相異極小值：1 個",
        "（極小值，找到 1 次）",
    ] {
        assert!(out.contains(word), "missing `{word}` in:\n{out}");
    }
    assert_none_of(&out, BOX_ENGLISH);
}

#[test]
fn multi_start_without_a_certificate_says_not_proven_global() {
    let o = run(
        "zh-TW",
        &[
            "x^4 - 3*x^2 + y^2",
            "--global",
            "--box",
            "-3..3",
            "--starts",
            "4",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for word in [
        "多起點（4 個起點）",
        "已停止：每個起點都已執行",
        "極小值中最好的（未證明是全域最小值）",
    ] {
        assert!(out.contains(word), "missing `{word}` in:\n{out}");
    }
    assert_none_of(&out, BOX_ENGLISH);
}

#[test]
fn certify_proves_the_bounds_in_chinese() {
    let o = run(
        "zh-TW",
        &["x^4 - 3*x^2 + y^2", "--certify", "--box", "-3..3"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for word in [
        "矩形區域上的全域最小值，已證明誤差在",
        "最佳點 (",
        "最小值點位於：",
        "（最佳點）",
        "探索了",
        "個矩形區域（區間求值",
    ] {
        assert!(out.contains(word), "missing `{word}` in:\n{out}");
    }
    assert_none_of(&out, BOX_ENGLISH);
}

#[test]
fn errors_of_min_speak_chinese() {
    let o = run("zh-TW", &["x^2", "--global"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--global 需要起點所在的矩形區域"),
        "{}",
        stderr(&o)
    );
    let o = run("zh-TW", &["x^2", "--method", "adamm"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("未知的方法 `adamm`"), "{}", stderr(&o));
    let o = run("zh-TW", &["x^2", "--method", "adam", "--beta1", "2"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("beta1 = 2 無效：應為區間 [0, 1) 中的數"),
        "{}",
        stderr(&o)
    );
    let o = run("zh-TW", &["x^2", "--compare", "gd:lr=abc"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("需要有限的數"), "{}", stderr(&o));
}

/// The prose fields of the answers: `(parent key, key)`; their text follows the language.
const PROSE: &[(&str, &str)] = &[
    ("verdict", "sentence"),
    ("verdict", "evidence"),
    ("stop", "sentence"),
    ("classification", "description"),
    ("unbounded", "how"),
];

/// Whether `a` and `b` have the same keys everywhere and the same strings outside the prose
/// fields (numbers may differ: timings); `path` is where they are, `$.runs[0].stop`.
fn same_shape(a: &Value, b: &Value, path: &str) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let kx: Vec<&String> = x.keys().collect();
            let ky: Vec<&String> = y.keys().collect();
            assert_eq!(kx, ky, "keys differ at {path}");
            for (k, v) in x {
                same_shape(v, &y[k], &format!("{path}.{k}"));
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "lengths differ at {path}");
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                same_shape(v, w, &format!("{path}[{i}]"));
            }
        }
        (Value::String(x), Value::String(y)) => {
            // The last two keys, without array indices: `stop.sentence`.
            let keys: Vec<&str> = path
                .split('.')
                .map(|k| k.split('[').next().unwrap_or(k))
                .collect();
            let field = (keys[keys.len() - 2], keys[keys.len() - 1]);
            if !PROSE.contains(&field) {
                assert_eq!(x, y, "value differs at {path}");
            }
        }
        (Value::Number(_), Value::Number(_)) | (Value::Null, Value::Null) => {}
        (x, y) => assert_eq!(x, y, "differs at {path}"),
    }
}

fn json(lang: &str, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let o = run(lang, &all);
    serde_json::from_slice(&o.stdout).expect("JSON answer")
}

#[test]
fn json_in_chinese_keeps_the_keys_and_enumerated_values() {
    let cases: [&[&str]; 5] = [
        &[BEALE, "--from", "1,1"],
        &["x^2 - y^2", "--from", "0.1,0"],
        &[BEALE, "--from", "1,1", "--compare", "gd,adam"],
        &["x^4 - 3*x^2 + y^2", "--global", "--box", "-3..3"],
        &["x^4 - 3*x^2 + y^2", "--certify", "--box", "-3..3"],
    ];
    for args in cases {
        let en = json("en", args);
        let zh = json("zh-TW", args);
        same_shape(&en, &zh, "$");
        // The prose follows the language.
        let sentence = zh["verdict"]["sentence"].as_str().unwrap_or_default();
        assert!(
            sentence
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{args:?}: verdict not in Chinese: {sentence}"
        );
    }
    let zh = json("zh-TW", &["x^2 - y^2", "--from", "0.1,0"]);
    assert_eq!(zh["classification"]["kind"], "saddle");
    assert_eq!(zh["classification"]["evidence"], "second_order");
    assert_eq!(zh["classification"]["description"], "鞍點");
    assert_eq!(zh["verdict"]["kind"], "saddle");
    assert_eq!(zh["stop"]["reason"], "gradient_tolerance");
    assert_eq!(zh["stop"]["sentence"], "梯度已低於容許誤差");
}
