//! Helpers shared by the picture tests (`plot` for the library, `plot_cli` for the binary): a
//! fresh output folder per test, PNG decoding and colour counting, and an SVG read to the end as
//! XML.

use std::path::{Path, PathBuf};

use quick_xml::events::Event;
use quick_xml::Reader;

/// A fresh folder for one test, `nabla-{area}-{pid}-{test}` under the system temp dir.
pub fn out_dir(area: &str, test: &str) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("nabla-{area}-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir is writable");
    dir
}

/// The PNG at `path`, decoded to RGB.
pub fn decode_png(path: &Path) -> image::RgbImage {
    image::open(path).expect("PNG decodes").to_rgb8()
}

/// How many pixels have exactly colour `c`.
pub fn count_colour(img: &image::RgbImage, c: plotters::style::RGBColor) -> usize {
    img.pixels().filter(|p| p.0 == [c.0, c.1, c.2]).count()
}

/// Parses the whole SVG (panicking if it is not well-formed XML) and returns its text content.
pub fn svg_texts(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("SVG is readable");
    let mut reader = Reader::from_str(&text);
    let mut texts = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Text(t)) => {
                let s = t.decode().expect("text is UTF-8");
                let s = s.trim();
                if !s.is_empty() {
                    texts.push(s.to_string());
                }
            }
            Ok(_) => {}
            Err(e) => panic!("{} is not well-formed XML: {e}", path.display()),
        }
    }
    texts
}
