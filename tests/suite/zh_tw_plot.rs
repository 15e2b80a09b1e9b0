//! `nabla plot --lang zh-TW` end to end: the words drawn in the pictures (legends, the loss
//! chart's title and axes) and printed on the terminal are Chinese, the SVG names a CJK font
//! family, and a PNG whose title is `梯度下降法` has the characters drawn, not missing-glyph boxes.
//!
//! Expected words are written here from the glossary (起點, 終點, 極小值, 迭代次數, 對數刻度 ...),
//! not read from the catalogs.

use std::path::Path;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::cli::{nabla_command, stderr};
use super::pictures::{decode_png, out_dir};

const BEALE: &str = "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2";

/// The SVG font family of text with Chinese characters.
const CJK_FAMILY: &str = "DejaVu Sans, Noto Sans TC, Noto Sans CJK TC, Source Han Sans TC, PingFang TC, Microsoft JhengHei, sans-serif";

fn arg(p: &Path) -> &str {
    p.to_str().expect("temp paths are UTF-8")
}

fn plot_zh(args: &[&str]) -> std::process::Output {
    let o = nabla_command()
        .args(["--lang", "zh-TW", "plot"])
        .args(args)
        .output()
        .expect("run nabla");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    o
}

/// Each `<text>` element of an SVG as `(font-family, text)`.
fn svg_text_elements(path: &Path) -> Vec<(String, String)> {
    let svg = std::fs::read_to_string(path).expect("SVG is readable");
    let mut reader = Reader::from_str(&svg);
    let mut out = Vec::new();
    let mut family: Option<String> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) if e.name().as_ref() == b"text" => {
                family = e
                    .try_get_attribute("font-family")
                    .ok()
                    .flatten()
                    .map(|a| String::from_utf8_lossy(&a.value).into_owned());
            }
            Ok(Event::Text(t)) => {
                if let Some(f) = family.take() {
                    let s = t.decode().expect("text is UTF-8").trim().to_string();
                    out.push((f, s));
                }
            }
            Ok(_) => {}
            Err(e) => panic!("{} is not well-formed XML: {e}", path.display()),
        }
    }
    out
}

fn has_cjk(s: &str) -> bool {
    s.chars()
        .any(|c| ('\u{3000}'..='\u{9fff}').contains(&c) || c >= '\u{ff00}')
}

#[test]
fn svg_words_are_chinese_in_a_cjk_font_family() {
    let dir = out_dir("zhtwplot", "svg");
    let svg = dir.join("beale.svg");
    let o = plot_zh(&[
        BEALE,
        "--from",
        "x=3,y=4",
        "--methods",
        "gd:lr=0.001,adam:lr=0.1",
        "--box",
        "-4.5..4.5",
        "--iters",
        "300",
        "--loss",
        "--minima",
        "-o",
        arg(&svg),
    ]);
    let map = svg_text_elements(&svg);
    let loss = svg_text_elements(&dir.join("beale-loss.svg"));
    let texts = |els: &[(String, String)]| els.iter().map(|e| e.1.clone()).collect::<Vec<_>>();
    let (map_t, loss_t) = (texts(&map), texts(&loss));
    for word in [
        "起點",
        "終點",
        "極小值",
        "gd lr=0.001",
        "adam lr=0.1 beta2=0.8",
    ] {
        assert!(map_t.iter().any(|t| t == word), "{word} not in {map_t:?}");
    }
    assert!(
        map_t.iter().any(|t| t.starts_with("區域內的極小值（")),
        "{map_t:?}"
    );
    for word in [
        "f 值隨迭代次數的變化",
        "迭代次數",
        "f（對數刻度）",
        "gd lr=0.001",
        "adam lr=0.1 beta2=0.8",
    ] {
        assert!(loss_t.iter().any(|t| t == word), "{word} not in {loss_t:?}");
    }
    // No English word of the pictures is left (method names stay).
    for t in map_t.iter().chain(&loss_t) {
        for english in [
            "start",
            "end",
            "minimum",
            "minima",
            "iteration",
            "log scale",
        ] {
            assert!(!t.contains(english), "English `{english}` left in `{t}`");
        }
    }
    // Text with Chinese characters names the CJK families; numbers keep the plain family.
    for (family, text) in map.iter().chain(&loss) {
        if has_cjk(text) {
            assert_eq!(family, CJK_FAMILY, "{text}");
        }
    }
    assert!(
        map.iter().any(|(f, t)| t == "1" && f == "sans-serif"),
        "{map:?}"
    );

    // The terminal, in Chinese: the runs, the minima, the files written.
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert!(
        lines[0].starts_with("gd    lr 0.001  迭代 ")
            && lines[0].contains(" 次，f = ")
            && lines[0].contains("，位於 ("),
        "{err}"
    );
    assert!(
        lines[1].starts_with("adam  lr 0.1  迭代 300 次，f = "),
        "{err}"
    );
    // The labels are padded to one width: the step starts in the same column on both lines.
    let column = |l: &str| nabla::i18n::width(&l[..l.find("lr").expect("a step")]);
    assert_eq!(column(lines[0]), column(lines[1]), "{err}");
    assert!(err.contains("矩形區域內有 3 個極小值："), "{err}");
    assert!(
        err.contains(&format!("已寫入 {}（等高線圖）", svg.display())),
        "{err}"
    );
    assert!(err.contains("-loss.svg（損失函數圖）"), "{err}");
    for english in [
        "iterations",
        "wrote",
        "local minima",
        "inside the box",
        "contour map",
    ] {
        assert!(
            !err.contains(english),
            "English `{english}` left in:\n{err}"
        );
    }
}

#[test]
fn terminal_notes_are_chinese() {
    let dir = out_dir("zhtwplot", "notes");
    let o = plot_zh(&[
        "x^2 + y^2",
        "--surface",
        "--from",
        "x=1,y=1",
        "-o",
        arg(&dir.join("bowl.svg")),
    ]);
    let err = stderr(&o);
    assert!(err.contains("（曲面圖）"), "{err}");
    // The paths are drawn on the surface now: no note sends the reader elsewhere.
    assert!(!err.contains("附註"), "{err}");
    let o = plot_zh(&["log(x)", "--box", "0..2", "-o", arg(&dir.join("log.svg"))]);
    let err = stderr(&o);
    assert!(
        err.contains("附註：函數在 400 個網格點中有 1 個是 NaN 或無窮大；這些部分留白"),
        "{err}"
    );
    assert!(err.contains("（曲線圖）"), "{err}");
}

/// The title band of a PNG (the picture's top 36 rows).
fn title_band(path: &Path) -> image::RgbImage {
    let img = decode_png(path);
    image::imageops::crop_imm(&img, 0, 0, img.width(), 36).to_image()
}

fn dark_pixels(img: &image::RgbImage) -> usize {
    img.pixels()
        .filter(|p| p.0.iter().all(|c| *c < 128))
        .count()
}

#[test]
fn png_title_in_chinese_has_its_glyphs_drawn() {
    let dir = out_dir("zhtwplot", "png");
    let draw = |title: &str, name: &str, lang: &str| {
        let png = dir.join(name);
        let o = nabla_command()
            .args(["--lang", lang, "plot", "x^2 + 3*y^2", "--grid", "40"])
            .args(["--title", title, "-o", arg(&png)])
            .output()
            .expect("run nabla");
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        title_band(&png)
    };
    let drawn = draw("梯度下降法", "gd.png", "zh-TW");
    // Characters no bundled font has are drawn as the missing-glyph box, one box whatever the
    // character: these two titles look the same.
    let boxes = draw(
        "\u{e000}\u{e001}\u{e002}\u{e003}\u{e004}",
        "boxes.png",
        "zh-TW",
    );
    let boxes2 = draw(
        "\u{e010}\u{e011}\u{e012}\u{e013}\u{e014}",
        "boxes2.png",
        "zh-TW",
    );
    assert_eq!(boxes, boxes2, "missing glyphs are drawn alike");
    assert!(dark_pixels(&drawn) > 150, "the title is blank");
    assert_ne!(drawn, boxes, "梯度下降法 is drawn as missing-glyph boxes");
    // Another Chinese title of as many characters looks different: real glyphs.
    assert_ne!(drawn, draw("學習率衰減", "lr.png", "zh-TW"));
    // A Chinese title is drawn as typed in an English session too.
    assert_eq!(drawn, draw("梯度下降法", "gd-en.png", "en"));
}

#[test]
fn errors_are_chinese_and_name_the_flags() {
    let run = |args: &[&str]| {
        let o = nabla_command()
            .args(["--lang", "zh-TW", "plot"])
            .args(args)
            .output()
            .expect("run nabla");
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        stderr(&o)
    };
    let err = run(&["x + y + z"]);
    assert!(
        err.starts_with(
            "錯誤：`nabla plot` 只畫一個或兩個變數的函數，但這個公式有 3 個（x, y, z）"
        ),
        "{err}"
    );
    let err = run(&["x^2", "--size", "10x10"]);
    assert!(err.starts_with("錯誤：無法使用大小 `10x10`"), "{err}");
    assert!(err.contains("--size 900x600"), "{err}");
    let err = run(&["x^2", "-o", "a.gif"]);
    assert!(err.starts_with("錯誤：不支援的圖檔格式 `.gif`"), "{err}");
    let err = run(&["x^2 + y^2", "--box", "x=1..1,y=0..1"]);
    assert!(err.starts_with("錯誤：--box x："), "{err}");
    assert!(err.contains("是空的"), "{err}");
    for english in [
        "error",
        "draws functions",
        "cannot use",
        "unsupported",
        "empty",
    ] {
        assert!(
            !err.contains(english),
            "English `{english}` left in:\n{err}"
        );
    }
}
