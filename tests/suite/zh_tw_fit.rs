//! `nabla fit` in Traditional Chinese (`--lang zh-TW`): a least-squares fit (lm) of a small CSV,
//! a bounded fit (trf) that ends at a bound, a first-order fit that runs out of epochs without
//! converging, and the data errors (a missing column, a cell that is not a number, bounds in the
//! wrong order).
//!
//! Expected words are the glossary's (擬合, 參數, 殘差, 標準誤, 迭代, 收斂, 資料, 列, 欄 ...),
//! written here; each test also checks that no English label of the report is left, and that the
//! report's values start in one column by display width (a CJK character takes two columns), the
//! column after the widest label, `訓練週期` (8 columns), and two spaces.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::cli::nabla_command;

static FIXTURE: AtomicUsize = AtomicUsize::new(0);

/// Writes `text` to a fresh CSV file in the temporary directory and returns its path.
fn fixture(text: &str) -> PathBuf {
    let k = FIXTURE.fetch_add(1, Ordering::Relaxed);
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("nabla-zh-tw-fit-{}-{k}.csv", std::process::id()));
    std::fs::write(&path, text).expect("write fixture");
    path
}

/// Five points near y = 2x + 1.
const LINE: &str = "x,y\n0,1.1\n1,2.9\n2,5.2\n3,7.1\n4,8.8\n";

/// Runs `nabla --lang zh-TW fit ARGS --data PATH`: (exit code, stdout, stderr).
fn fit_zh(data: &PathBuf, args: &[&str]) -> (i32, String, String) {
    let out = nabla_command()
        .args(["--lang", "zh-TW", "fit"])
        .args(args)
        .arg("--data")
        .arg(data)
        .output()
        .expect("run nabla");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8(out.stderr).expect("utf-8 stderr"),
    )
}

/// Terminal columns of `s`: two for a CJK or full-width character, one otherwise (the text
/// here has no other wide characters).
fn columns(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF => 2,
            0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

/// The column where each line's value starts: after the label (or the right-aligned epoch
/// number) and the two spaces that follow it.
fn value_column(line: &str) -> Option<usize> {
    let start = line.len() - line.trim_start().len();
    let gap = line[start..].find("  ")? + start;
    let value = gap + line[gap..].len() - line[gap..].trim_start().len();
    Some(columns(&line[..value]))
}

/// Checks the report's alignment: every line before the notes starts its value at column 10
/// (`訓練週期`, `損失函數` and `最終損失` are 8 columns wide, then two spaces).
fn assert_aligned(report: &str) {
    let lines: Vec<&str> = report
        .lines()
        .take_while(|l| !l.starts_with("註："))
        .collect();
    assert!(lines.len() >= 10, "{report}");
    for line in lines {
        assert_eq!(
            value_column(line),
            Some(10),
            "misaligned line {line:?} in\n{report}"
        );
    }
}

/// The English labels of the report, which no line may start with.
const LABELS: [&str; 9] = [
    "model",
    "loss",
    "method",
    "data",
    "epoch",
    "final loss",
    "fit",
    "stop",
    "note:",
];

/// English words of the report (units, the fit line's parts and stop reasons) that must not be
/// left anywhere.
const ENGLISH: [&str; 15] = [
    "rows",
    "batch",
    "iteration",
    "trial step",
    "rss",
    "dof",
    "chi2",
    "mean of",
    "target `",
    "converged",
    "bound",
    "standard error",
    "all epochs ran",
    "per epoch",
    "epochs",
];

fn assert_no_english(text: &str) {
    for line in text.lines() {
        for label in LABELS {
            assert!(
                !line.starts_with(label),
                "English label `{label}` in\n{text}"
            );
        }
    }
    for word in ENGLISH {
        assert!(!text.contains(word), "English `{word}` left in\n{text}");
    }
}

#[test]
fn a_least_squares_fit_reports_in_chinese_with_aligned_columns() {
    let data = fixture(LINE);
    let (code, out, err) = fit_zh(&data, &["w*x + b", "--params", "w,b"]);
    assert_eq!(code, 0, "{err}");
    for word in [
        "模型",
        "損失函數",
        "方法",
        "資料",
        "5 列",
        "批量 5",
        "訓練週期",
        "最終損失",
        "擬合",
        "殘差平方和",
        "自由度",
        "約化卡方",
        "停止",
        "次迭代",
        "已收斂",
        "±",
    ] {
        assert!(out.contains(word), "no `{word}` in\n{out}");
    }
    // Each parameter's line: its name, then the value ± its standard error.
    for p in ["w ", "b "] {
        assert!(
            out.lines().any(|l| l.starts_with(p) && l.contains(" ± ")),
            "{out}"
        );
    }
    assert_no_english(&out);
    assert_aligned(&out);

    // JSON: keys and enumerated values stay English, the prose follows the language.
    let (code, json, err) = fit_zh(&data, &["w*x + b", "--params", "w,b", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["method"], "lm");
    assert_eq!(v["verdict"]["kind"], "converged");
    let stop = v["stop"].as_str().expect("stop text");
    assert!(stop.starts_with("已收斂"), "{stop}");
    assert!(v["parameters"]["w"].is_number());
}

#[test]
fn a_bounded_fit_says_which_parameter_is_at_its_bound() {
    // The line's slope is about 2; the bound 0..1 holds w at its upper end, and the start 0 is
    // on its lower end (trf moves it inside, with a note).
    let data = fixture(LINE);
    let (code, out, err) = fit_zh(&data, &["w*x + b", "--params", "w,b", "--bounds", "w=0..1"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("trf"), "{out}");
    let w = out.lines().find(|l| l.starts_with("w ")).expect("w's line");
    assert!(w.ends_with("（位於上界）"), "{w}");
    for word in [
        "已收斂",
        "縮放梯度",
        "註：",
        "下界",
        "信賴域反射法",
        "位於界限",
        "共變異數",
        "標準誤",
        "最小平方",
    ] {
        assert!(out.contains(word), "no `{word}` in\n{out}");
    }
    assert_no_english(&out);
    assert_aligned(&out);
}

#[test]
fn a_first_order_fit_that_runs_out_of_epochs_says_it_did_not_converge() {
    let data = fixture(LINE);
    let (code, out, err) = fit_zh(
        &data,
        &[
            "w*x + b", "--params", "w,b", "--method", "adam", "--epochs", "30", "--batch", "2",
        ],
    );
    assert_eq!(code, 0, "{err}");
    for word in [
        "adam",
        "批量 2",
        "每個訓練週期 3 次迭代",
        "以亂數種子 0 打亂順序",
        "每 2 個訓練週期及最後一個",
        "30 個訓練週期，90 次迭代",
        "所有訓練週期都已跑完",
        "沒有通過任何收斂檢驗",
    ] {
        assert!(out.contains(word), "no `{word}` in\n{out}");
    }
    assert!(!out.contains("已收斂"), "{out}");
    assert_no_english(&out);
    assert_aligned(&out);

    let (_, json, _) = fit_zh(
        &data,
        &[
            "w*x + b", "--params", "w,b", "--method", "adam", "--epochs", "30", "--json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["verdict"]["kind"], "budget_spent");
    assert_eq!(v["stop"], "所有訓練週期都已跑完");
}

#[test]
fn data_errors_name_the_line_and_the_column_in_chinese() {
    // A column the formula reads is missing: the error names it and the header, the hint the flag.
    let data = fixture(LINE);
    let mut errors = Vec::new();
    let (code, out, err) = fit_zh(&data, &["w*x + b + z", "--params", "w,b"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.starts_with("錯誤："), "{err}");
    for word in [
        "第 1 行",
        "沒有欄 `z`",
        "標頭",
        "資料",
        "參數",
        "提示：",
        "--params w,b,z",
    ] {
        assert!(err.contains(word), "no `{word}` in\n{err}");
    }
    errors.push(err);

    // A cell that is not a number: its line, its column and how to write it.
    let bad = fixture("x,y\n1,2\n3,abc\n");
    let (code, out, err) = fit_zh(&bad, &["w*x", "--params", "w"]);
    assert_eq!(code, 2, "{out}{err}");
    for word in [
        "錯誤：",
        "第 3 行",
        "欄 `y`",
        "`abc` 不是數字",
        "十進位數字",
    ] {
        assert!(err.contains(word), "no `{word}` in\n{err}");
    }
    errors.push(err);

    // Bounds in the wrong order.
    let (code, out, err) = fit_zh(&data, &["w*x + b", "--params", "w,b", "--bounds", "w=1..0"]);
    assert_eq!(code, 2, "{out}{err}");
    for word in [
        "錯誤：",
        "`w` 的界限 1..0",
        "順序顛倒",
        "下界小於上界",
        "提示：",
        "--bounds",
    ] {
        assert!(err.contains(word), "no `{word}` in\n{err}");
    }

    errors.push(err);
    for e in &errors {
        for english in [
            "error:",
            "hint:",
            " line ",
            "column",
            "is not a number",
            "bounds of",
        ] {
            assert!(!e.contains(english), "English `{english}` left in\n{e}");
        }
    }
}
