//! The one path for text drawn into a bitmap (every PNG nabla writes): [`CrispText`] wraps a
//! plotters bitmap backend and draws its text with our own glyph placement.
//!
//! Why: plotters 0.3.7's `ab_glyph` text drawing places each glyph's ink box at the pen position,
//! dropping the glyph's left side bearing, and truncates the pen position to whole pixels; a
//! narrow glyph with wide bearings (`i`, `1`, `l`) then leaves a wide gap after it, so `six`
//! reads `si x` and `57519` reads `5751 9`. Here each glyph is positioned at its fractional pen
//! position (advances and kerning as plotters measures them, so layout is unchanged) and
//! rasterized there, bearings included.
//!
//! Invariants: the text's layout box is plotters' own (`estimate_text_size` is not overridden),
//! so pictures are laid out exactly as before; anchors and the quarter-turn rotations are applied
//! as plotters applies them; a family this module does not know falls back to plotters' drawing;
//! every other drawing call goes to the wrapped backend unchanged. SVG text is the reader's to
//! draw and never comes here.

use std::sync::OnceLock;

use ab_glyph::{point, Font, FontRef, GlyphId, ScaleFont};
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle,
};

use super::style::{CJK_FONT, FONT, FONT_CJK};

/// A bitmap backend whose text is drawn with correct glyph spacing (see the module's note):
/// `CrispText(BitMapBackend::new(path, size)).into_drawing_area()` in place of the bare backend.
pub(crate) struct CrispText<B>(pub B);

/// The bundled face drawn for `family` in `style`, as registered by
/// [`super::style::ensure_font`]; `None` for a family we did not register.
fn face(family: &str, style: FontStyle) -> Option<&'static FontRef<'static>> {
    struct Faces {
        regular: FontRef<'static>,
        bold: FontRef<'static>,
        oblique: FontRef<'static>,
        cjk: FontRef<'static>,
    }
    static FACES: OnceLock<Option<Faces>> = OnceLock::new();
    let faces = FACES
        .get_or_init(|| {
            Some(Faces {
                regular: FontRef::try_from_slice(dejavu::sans::regular()).ok()?,
                bold: FontRef::try_from_slice(dejavu::sans::bold()).ok()?,
                oblique: FontRef::try_from_slice(dejavu::sans::oblique()).ok()?,
                cjk: FontRef::try_from_slice(CJK_FONT).ok()?,
            })
        })
        .as_ref()?;
    if family == FONT {
        Some(match style {
            FontStyle::Bold => &faces.bold,
            FontStyle::Oblique | FontStyle::Italic => &faces.oblique,
            FontStyle::Normal => &faces.regular,
        })
    } else if family == FONT_CJK {
        Some(&faces.cjk)
    } else {
        None
    }
}

/// Pen positions of `text`'s glyphs at plotters size `size`: each glyph with the x of its origin,
/// advancing by the glyph's advance plus the kerning with the previous glyph (plotters' layout).
pub(crate) fn glyph_positions(
    font: &FontRef<'static>,
    size: f64,
    text: &str,
) -> Vec<(GlyphId, f32)> {
    let scaled = font.as_scaled(size as f32);
    let mut caret = 0f32;
    let mut prev: Option<GlyphId> = None;
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            caret += scaled.kern(p, id);
        }
        out.push((id, caret));
        caret += scaled.h_advance(id);
        prev = Some(id);
    }
    out
}

impl<B: DrawingBackend> CrispText<B> {
    /// Draws `text` with `font`: each glyph rasterized at its fractional pen position, its
    /// coverage blended in `style`'s colour, placed by the anchor and turned by the transform.
    fn draw_glyphs<S: BackendTextStyle>(
        &mut self,
        font: &'static FontRef<'static>,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        let color = style.color();
        let size = style.size();
        let ((min_x, min_y), (max_x, max_y)) = style
            .layout_box(text)
            .map_err(|e| DrawingErrorKind::FontError(Box::new(e)))?;
        let (width, height) = (max_x - min_x, max_y - min_y);
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Right => -width,
            HPos::Center => -width / 2,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0,
            VPos::Center => -height / 2,
            VPos::Bottom => -height,
        };
        let trans = style.transform();
        let (w, h) = self.0.get_size();
        // plotters puts the baseline half the font size below the top of the layout box.
        let baseline = (size as f32 / 2.0).trunc();
        let scale = size as f32;
        for (id, caret) in glyph_positions(font, size, text) {
            let glyph = id.with_scale_and_position(scale, point(caret, baseline));
            let Some(outlined) = font.outline_glyph(glyph) else {
                continue;
            };
            let bounds = outlined.px_bounds();
            let (ox, oy) = (bounds.min.x as i32, bounds.min.y as i32);
            let mut pixels: Vec<(i32, i32, f32)> = Vec::new();
            outlined.draw(|x, y, c| pixels.push((ox + x as i32, oy + y as i32, c)));
            for (x, y, c) in pixels {
                if c <= 0.0 {
                    continue;
                }
                let (tx, ty) = trans.transform(x + dx - min_x, y + dy - min_y);
                let (px, py) = (pos.0 + tx, pos.1 + ty);
                if px < 0 || py < 0 || px >= w as i32 || py >= h as i32 {
                    continue;
                }
                let coverage = f64::from(c.min(1.0));
                self.0.draw_pixel(
                    (px, py),
                    BackendColor {
                        alpha: color.alpha * coverage,
                        rgb: color.rgb,
                    },
                )?;
            }
        }
        Ok(())
    }
}

impl<B: DrawingBackend> DrawingBackend for CrispText<B> {
    type ErrorType = B::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.fill_polygon(vert, style)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        match face(style.family().as_str(), style.style()) {
            Some(font) => self.draw_glyphs(font, text, style, pos),
            None => self.0.draw_text(text, style, pos),
        }
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.blit_bitmap(pos, size, src)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::prelude::*;

    /// `text` drawn black at the title's size on a white buffer, through plotters' own text
    /// drawing (`crisp == false`) or through [`CrispText`].
    pub(crate) fn draw(text: &str, crisp: bool) -> (Vec<u8>, u32, u32) {
        super::super::style::ensure_font().unwrap();
        let (w, h) = (400u32, 40u32);
        let mut buf = vec![0u8; (w * h * 3) as usize];
        {
            let style = (FONT, super::super::style::TITLE_PX)
                .into_font()
                .color(&BLACK);
            let t = Text::new(text.to_string(), (6, 8), style);
            if crisp {
                let root =
                    CrispText(BitMapBackend::with_buffer(&mut buf, (w, h))).into_drawing_area();
                root.fill(&WHITE).unwrap();
                root.draw(&t).unwrap();
                root.present().unwrap();
            } else {
                let root = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
                root.fill(&WHITE).unwrap();
                root.draw(&t).unwrap();
                root.present().unwrap();
            }
        }
        (buf, w, h)
    }

    /// Gaps (in pixel columns without ink) between the runs of inked columns.
    pub(crate) fn column_gaps(buf: &[u8], w: u32, h: u32) -> Vec<usize> {
        let inked: Vec<bool> = (0..w)
            .map(|x| {
                (0..h).any(|y| {
                    let i = ((y * w + x) * 3) as usize;
                    buf[i..i + 3].iter().any(|c| *c < 160)
                })
            })
            .collect();
        let mut gaps = Vec::new();
        let mut seen_ink = false;
        let mut run = 0usize;
        for ink in inked {
            if ink {
                if seen_ink && run > 0 {
                    gaps.push(run);
                }
                seen_ink = true;
                run = 0;
            } else if seen_ink {
                run += 1;
            }
        }
        gaps
    }

    #[test]
    fn narrow_letters_leave_no_wide_gap() {
        // `six`: the gap after `i` was twice the gap after `s` with plotters' own drawing.
        let (buf, w, h) = draw("six", true);
        let gaps = column_gaps(&buf, w, h);
        assert_eq!(gaps.len(), 2, "{gaps:?}");
        assert!(
            gaps[1] <= gaps[0] + 1,
            "s|i gap {}, i|x gap {}",
            gaps[0],
            gaps[1]
        );
        let (old, w, h) = draw("six", false);
        let old_gaps = column_gaps(&old, w, h);
        assert!(old_gaps[1] > gaps[1], "{old_gaps:?} vs {gaps:?}");
    }

    #[test]
    fn the_layout_box_is_plotters_own() {
        // The ink spans about the same width: nothing is laid out anew.
        let ink = |buf: &[u8], w: u32, h: u32| {
            let cols: Vec<u32> = (0..w)
                .filter(|x| {
                    (0..h).any(|y| {
                        let i = ((y * w + x) * 3) as usize;
                        buf[i] < 160
                    })
                })
                .collect();
            (cols[0], cols[cols.len() - 1])
        };
        let (a, w, h) = draw("57519 v14", true);
        let (b, _, _) = draw("57519 v14", false);
        let ((a0, a1), (b0, b1)) = (ink(&a, w, h), ink(&b, w, h));
        assert!(
            a0.abs_diff(b0) <= 3 && a1.abs_diff(b1) <= 4,
            "{a0}..{a1} vs {b0}..{b1}"
        );
    }
}
