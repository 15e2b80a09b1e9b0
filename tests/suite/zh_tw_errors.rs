//! Errors, hints and the text of `nabla eval`, `grad` and `diff` in Traditional Chinese (issue
//! 28): parse errors with their caret, usage errors, the outputs' labels lined up by display
//! width, the note on full-width input, and the language chosen by `--lang` or the locale
//! variables. The expected words are written here, from the glossary (`i18n/glossary.tsv`), not
//! read from the catalogs.

use std::process::Output;

use super::cli::{nabla_command, stderr, stdout};

/// `nabla --lang zh-TW ARGS`.
fn zh(args: &[&str]) -> Output {
    nabla_command()
        .arg("--lang")
        .arg("zh-TW")
        .args(args)
        .output()
        .expect("run nabla")
}

/// `nabla ARGS` with no locale and no `--lang`: English.
fn en(args: &[&str]) -> Output {
    nabla_command().args(args).output().expect("run nabla")
}

/// `nabla ARGS` with the locale variables `vars` and no `--lang`.
fn with_env(vars: &[(&str, &str)], args: &[&str]) -> Output {
    let mut c = nabla_command();
    for (k, v) in vars {
        c.env(k, v);
    }
    c.args(args).output().expect("run nabla")
}

/// The display width of `s` in terminal columns, counted here: the characters these tests use
/// are ASCII (one column) or CJK and full-width forms (two).
fn columns(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// No English sentence of the area is left in `text`.
fn assert_no_english(text: &str) {
    for word in [
        "error:",
        "hint:",
        "note:",
        "unknown",
        "expected",
        "found",
        "the formula",
        "the point",
        "give ",
        "value",
        "gradient",
        "at (",
    ] {
        assert!(!text.contains(word), "English `{word}` left in:\n{text}");
    }
}

#[test]
fn an_unknown_function_is_said_in_chinese_with_the_caret_under_it() {
    let o = zh(&["eval", "2*x+sinn(x)", "--at", "x=1"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.starts_with("錯誤：不認得的函數 `sinn`（是不是要寫 `sin`？）\n"),
        "{err}"
    );
    assert!(err.ends_with("1 | 2*x+sinn(x)\n  |     ^^^^\n"), "{err}");
    assert_no_english(&err);
}

#[test]
fn an_unclosed_parenthesis_and_a_wrong_arity_are_said_in_chinese() {
    let o = zh(&["eval", "(x+1", "--at", "x=1"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.starts_with("錯誤：這個 `(` 沒有對應的 `)`"), "{err}");
    assert_no_english(&err);

    let o = zh(&["eval", "max(x)", "--at", "x=1"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.starts_with("錯誤：`max` 需要 2 個引數，但給了 1 個\n"),
        "{err}"
    );
    assert_no_english(&err);

    // What the grammar expected, and the end of the formula, in words.
    let o = zh(&["grad", "(1 +", "--at", "x=1"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.starts_with("錯誤：這裡應該是數字、變數、函數呼叫或左括號 `(`，卻遇到公式的結尾\n"),
        "{err}"
    );
    assert_no_english(&err);
}

#[test]
fn bad_points_are_usage_errors_in_chinese() {
    let o = zh(&["eval", "x+y", "--at", "1"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(
        err,
        "錯誤：點 `1` 有 1 個值，但公式有 2 個變數（x, y）；請每個變數給一個值，或寫出名稱：--at x=1,y=1\n"
    );

    let o = zh(&["eval", "x+y", "--at", "x=1,z=2"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("不認得的變數 `z`") && err.contains("x, y"),
        "{err}"
    );
    assert_no_english(&err);

    let o = zh(&["eval", "x+y"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("請用 --at x=1,y=1 給一個點"), "{err}");
    assert_no_english(&err);

    // The same in English, as before.
    let o = en(&["eval", "x+y", "--at", "1"]);
    assert_eq!(
        stderr(&o),
        "error: the point `1` has 1 value but the formula has 2 variables (x, y); give one per variable or use names: --at x=1,y=1\n"
    );
}

#[test]
fn eval_echoes_a_positional_point_in_chinese() {
    let o = zh(&["eval", "x^2 + 3*x*y", "--at", "2,1"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "10\n");
    assert_eq!(stderr(&o), "在 (x, y) = (2, 1)\n");
}

#[test]
fn grad_labels_are_chinese_and_line_up_by_display_width() {
    let o = zh(&["grad", "x^2*y", "--at", "x=3,y=2"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert_no_english(&out);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "在 (x, y) = (3, 2)");
    assert!(
        lines[1].starts_with("函數值") && lines[1].ends_with("18"),
        "{out}"
    );
    assert!(
        lines[2].starts_with("梯度") && lines[2].ends_with("(12, 9)"),
        "{out}"
    );
    // The numbers start in one column: 函數值 is 6 columns wide, 梯度 4.
    let at = |line: &str, number: &str| columns(&line[..line.find(number).unwrap()]);
    assert_eq!(at(lines[1], "18"), at(lines[2], "(12, 9)"));
    assert_eq!(at(lines[1], "18"), 8);
    assert!(out.contains("df/dx = 2*y*x\ndf/dy = x^2\n"), "{out}");
}

#[test]
fn diff_errors_and_verdicts_follow_the_language_and_json_keys_stay_english() {
    let o = zh(&["diff", "x^2*y", "--wrt", "z"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.starts_with("錯誤：要微分的變數裡有不認得的 `z`；公式的變數是：x, y"),
        "{err}"
    );

    let o = zh(&["diff", "x^2*y", "--hessian"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "d2f/dx2  = 2*y\nd2f/dxdy = 2*x\nd2f/dy2  = 0\n");

    let o = zh(&["diff", "x^2*y", "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(doc["command"], "diff");
    assert_eq!(doc["verdict"]["kind"], "computed");
    assert_eq!(doc["verdict"]["sentence"], "偏導數");
    assert_eq!(doc["verdict"]["evidence"], "精確的符號微分");
}

#[test]
fn a_value_that_is_not_finite_is_said_in_chinese() {
    let o = zh(&["eval", "ln(x)", "--at", "x=-1"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(
        err,
        "錯誤：函數值在 (x) = (-1) 處不是數值（超出某個函數的定義域，或是 0/0）\n"
    );
}

#[test]
fn full_width_input_is_noted_in_both_languages() {
    let o = en(&["eval", "（x＋1）^2", "--at", "x=2"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "9\n");
    assert_eq!(stderr(&o), "note: read full-width （ ＋ ） as ( + )\n");

    let o = zh(&["eval", "（x＋1）^2", "--at", "x=2"]);
    assert_eq!(stdout(&o), "9\n");
    assert_eq!(stderr(&o), "注意：已將全形字元 （ ＋ ） 視為 ( + )\n");

    // Every command that reads a formula says it, once per form.
    let o = zh(&["diff", "（x）^2 + （y）"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "注意：已將全形字元 （ ） 視為 ( )\n");
    let o = en(&["grad", "x^２", "--at", "x=3"]);
    assert!(stdout(&o).contains("gradient  (6)"), "{}", stdout(&o));
    assert_eq!(stderr(&o), "note: read full-width ２ as 2\n");

    // Full-width digits, `＝` and `，` in a point.
    let o = en(&["eval", "x - y", "--at", "x＝３，y＝１"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "2\n");
    assert_eq!(stderr(&o), "note: read full-width ＝ ３ ， １ as = 3 , 1\n");

    // ASCII input has no note.
    let o = en(&["eval", "(x+1)^2", "--at", "x=2"]);
    assert_eq!(stderr(&o), "");
}

#[test]
fn the_caret_after_full_width_characters_counts_display_columns() {
    // `（x+1）^2 + ` is 2 + 3 + 2 + 5 = 12 columns: the caret starts in column 13, under `sinn`.
    for o in [
        en(&["eval", "（x+1）^2 + sinn(x)", "--at", "x=1"]),
        zh(&["eval", "（x+1）^2 + sinn(x)", "--at", "x=1"]),
    ] {
        assert_eq!(o.status.code(), Some(2));
        let err = stderr(&o);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines[1], " --> 1:11", "{err}");
        assert_eq!(lines[3], "1 | （x+1）^2 + sinn(x)", "{err}");
        assert_eq!(lines[4], format!("  | {}^^^^", " ".repeat(12)), "{err}");
        // Independently: the caret's column is the source line's column of `sinn`.
        let source = lines[3];
        let caret = lines[4];
        assert_eq!(
            columns(&source[..source.find("sinn").unwrap()]),
            caret.find('^').unwrap()
        );
    }
}

#[test]
fn the_language_comes_from_the_locale_and_lang_overrides_it() {
    let args = ["eval", "sinn(x)", "--at", "x=1"];
    let o = with_env(&[("LANG", "zh_TW.UTF-8")], &args);
    assert!(
        stderr(&o).starts_with("錯誤：不認得的函數"),
        "{}",
        stderr(&o)
    );
    let o = with_env(&[("LC_MESSAGES", "zh_TW.UTF-8")], &args);
    assert!(stderr(&o).starts_with("錯誤："), "{}", stderr(&o));

    let mut over = vec!["--lang", "en"];
    over.extend(args);
    let o = with_env(&[("LANG", "zh_TW.UTF-8")], &over);
    assert!(
        stderr(&o).starts_with("error: unknown function `sinn`"),
        "{}",
        stderr(&o)
    );
    // `--lang=en` after the subcommand too.
    let o = with_env(
        &[("LANG", "zh_TW.UTF-8")],
        &["eval", "sinn(x)", "--at", "x=1", "--lang=en"],
    );
    assert!(stderr(&o).starts_with("error: "), "{}", stderr(&o));

    // LC_ALL comes first; `C` is English.
    let o = with_env(&[("LC_ALL", "C"), ("LANG", "zh_TW.UTF-8")], &args);
    assert!(
        stderr(&o).starts_with("error: unknown function `sinn`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn value_parsers_and_schema_speak_the_language_of_lang() {
    // `--lang` is read before the other flags' values.
    let o = zh(&["min", "x^2", "--iters", "abc"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("`abc` 不是整數；請給 0 到 100,000,000 之間的整數"),
        "{err}"
    );

    let o = zh(&["schema", "nosuch"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.starts_with("錯誤：沒有名為 `nosuch`"), "{err}");
    assert!(err.contains("eval, grad"), "{err}");
}

#[test]
fn help_describes_the_commands_and_shared_flags_in_chinese() {
    let o = zh(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for want in [
        "用法：nabla",
        "在一個點求公式的值",
        "在一個點求函數值、梯度和符號偏導數",
        "用中央差分檢查梯度",
        "顯示說明",
    ] {
        assert!(out.contains(want), "`{want}` missing:\n{out}");
    }
    for english in [
        "Usage:",
        "Evaluate a formula",
        "Print help",
        "Language of the text",
    ] {
        assert!(!out.contains(english), "`{english}` left:\n{out}");
    }

    // From the locale, for a subcommand: the formula's source and the point.
    let o = with_env(&[("LANG", "zh_TW.UTF-8")], &["eval", "--help"]);
    let out = stdout(&o);
    for want in [
        "從檔案讀取公式",
        "依名稱寫成 `x=1,y=2`",
        "輸出機器可讀的 JSON",
    ] {
        assert!(out.contains(want), "`{want}` missing:\n{out}");
    }

    // English stays clap's text from the doc comments.
    let o = en(&["eval", "--help"]);
    let out = stdout(&o);
    assert!(
        out.starts_with("Evaluate a formula at a point\n\nUsage: nabla eval"),
        "{out}"
    );
    assert!(out.contains("Read the formula from a file"), "{out}");
}
