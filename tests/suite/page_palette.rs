//! The page's series colours are the library's: `COLORS` in the page's script (web/layout.js) is
//! `nabla::plot::PALETTE`, the same fourteen colours in the same order, so a method has one
//! colour in the page and in `nabla plot`'s pictures. The script is read as text (no JavaScript
//! engine): the array literal after `const COLORS =`.

use nabla::plot::PALETTE;

/// The `#rrggbb` strings of the array literal `const COLORS = [...]` in `script`.
fn page_colors(script: &str) -> Vec<String> {
    let start = script
        .find("const COLORS = [")
        .expect("web/layout.js declares `const COLORS = [`")
        + "const COLORS = [".len();
    let end = start
        + script[start..]
            .find(']')
            .expect("the COLORS array literal is closed");
    script[start..end]
        .split(',')
        .map(|item| {
            item.trim()
                .trim_matches(|c| c == '\'' || c == '"')
                .to_lowercase()
        })
        .filter(|item| !item.is_empty())
        .collect()
}

#[test]
fn the_page_colors_are_the_plot_palette_in_order() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../web/layout.js");
    let script = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let page = page_colors(&script);
    let library: Vec<String> = PALETTE
        .iter()
        .map(|c| format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2))
        .collect();
    assert_eq!(
        page, library,
        "web/layout.js COLORS against nabla::plot::PALETTE"
    );
    // The palette the coordinator fixed (Okabe-Ito without yellow, then Tol), written out: a
    // change to both lists at once still fails here.
    let fixed = [
        "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#000000", "#332288",
        "#117733", "#882255", "#999933", "#44aa99", "#aa4499", "#8c510a",
    ];
    assert_eq!(page, fixed);
    // No colour twice: fourteen methods, fourteen colours.
    let mut distinct = page.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 14);
}

#[test]
fn the_reader_of_the_script_finds_each_colour() {
    let colors = page_colors("x;\nconst COLORS = ['#0072B2', \"#e69f00\",\n  '#009e73'];\n");
    assert_eq!(colors, ["#0072b2", "#e69f00", "#009e73"]);
}
