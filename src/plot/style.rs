//! Shared drawing helpers: the bundled fonts, the stable series palette, the contour colour map,
//! level spacing, number formatting, tick choice, thinning, clipping and pixel-sized markers.
//!
//! Invariants: everything here is pure (no I/O) except [`ensure_font`], which registers the
//! bundled fonts exactly once per process; clipping never returns points outside the box;
//! thinning always keeps the first and last point.
//!
//! Fonts: DejaVu Sans (the `dejavu` crate) draws every text whose characters it has, so English
//! pictures are as they always were; a text with a character DejaVu lacks (Chinese words, a
//! Chinese `--title`) is drawn whole with the bundled subset of Noto Sans CJK TC
//! (`fonts/NotoSansCJKtc-Regular-subset.otf`, made by `scripts/make-cjk-font.sh`), which also
//! has Latin letters, digits and the usual symbols, so mixed text such as `梯度下降法 (lr=0.1)`
//! comes out in one font. The choice is by text, not by language: a user's Chinese title is
//! drawn in an English session too. In SVG the CJK font is named by a list of families with
//! fallbacks ([`FONT_CJK`]), since the picture's reader draws it with the fonts they have.

use std::sync::OnceLock;

use plotters::style::{FontStyle, RGBColor};

pub(crate) use super::ticks::{decade_labels, LogTickFormat, TickFormat};
use super::{LevelScale, PlotBox, PlotError};

/// Series colours, in order: series `i` gets `PALETTE[i % PALETTE.len()]`. Fourteen colours, so
/// that the fourteen methods of the optimizer suite each have their own: the Okabe-Ito colours
/// (without yellow, which a projector washes out) and Paul Tol's colour-blind-safe qualitative
/// colours, each dark enough to read on white and on the contour bands. Pure red is kept out of
/// the palette because it marks the minimum (a red star). The page (`web/app.js`, `COLORS`) uses
/// the same list, in the same order.
pub const PALETTE: [RGBColor; 14] = [
    RGBColor(0x00, 0x72, 0xb2), // blue (Okabe-Ito)
    RGBColor(0xe6, 0x9f, 0x00), // orange (Okabe-Ito)
    RGBColor(0x00, 0x9e, 0x73), // bluish green (Okabe-Ito)
    RGBColor(0xcc, 0x79, 0xa7), // reddish purple (Okabe-Ito)
    RGBColor(0x56, 0xb4, 0xe9), // sky blue (Okabe-Ito)
    RGBColor(0xd5, 0x5e, 0x00), // vermillion (Okabe-Ito)
    RGBColor(0x00, 0x00, 0x00), // black (Okabe-Ito)
    RGBColor(0x33, 0x22, 0x88), // indigo (Tol)
    RGBColor(0x11, 0x77, 0x33), // green (Tol)
    RGBColor(0x88, 0x22, 0x55), // wine (Tol)
    RGBColor(0x99, 0x99, 0x33), // olive (Tol)
    RGBColor(0x44, 0xaa, 0x99), // teal (Tol)
    RGBColor(0xaa, 0x44, 0x99), // purple (Tol)
    RGBColor(0x8c, 0x51, 0x0a), // brown (ColorBrewer BrBG)
];

/// Dash patterns of the series, in pixels at 900x600 (on, off, on, off, ...; empty: solid):
/// series `i` gets `DASHES[i % DASHES.len()]` with `PALETTE[i % PALETTE.len()]`, so neighbouring
/// series differ in dash as well as colour, and where two paths run together the gaps of the one
/// drawn on top let the one below show. Six patterns against fourteen colours: the first 42
/// series have distinct (colour, dash) pairs.
///
/// ```
/// use nabla::plot::{DASHES, PALETTE};
/// // Series 7 (the eighth): indigo, long dashes.
/// assert_eq!(PALETTE[7 % PALETTE.len()], plotters::style::RGBColor(0x33, 0x22, 0x88));
/// assert_eq!(DASHES[7 % DASHES.len()], &[9.0, 4.0][..]);
/// assert!(DASHES[0].is_empty(), "the first series is solid");
/// ```
pub const DASHES: [&[f64]; 6] = [
    &[],
    &[9.0, 4.0],
    &[2.5, 3.0],
    &[10.0, 3.0, 2.5, 3.0],
    &[5.0, 5.0],
    &[14.0, 4.0, 4.0, 4.0],
];

/// Colour of the minimum's star.
pub(crate) const STAR: RGBColor = RGBColor(0xe0, 0x10, 0x10);

/// Font family of text DejaVu Sans can draw; registered by [`ensure_font`].
pub(crate) const FONT: &str = "sans-serif";
/// Font family of text with a character DejaVu Sans lacks: in PNG the bundled Noto Sans CJK TC
/// subset, registered under this name by [`ensure_font`]; in SVG the list itself is the
/// `font-family`, so a reader's browser draws Latin with DejaVu Sans where it has it and the
/// Chinese characters with the first Traditional Chinese font it has.
pub(crate) const FONT_CJK: &str = "DejaVu Sans, Noto Sans TC, Noto Sans CJK TC, Source Han Sans TC, PingFang TC, Microsoft JhengHei, sans-serif";

/// The bundled subset of Noto Sans CJK TC Regular (SIL Open Font License 1.1, `fonts/OFL.txt`):
/// the zh-TW catalogs' characters, the Big5 level-1 hanzi, CJK and full-width punctuation, Latin,
/// Greek and common symbols, with CFF outlines.
pub(crate) static CJK_FONT: &[u8] = include_bytes!("../../fonts/NotoSansCJKtc-Regular-subset.otf");
/// Font sizes as plotters takes them; plotters draws text at `size / 1.24` pixels, so these give
/// about 20 px titles, 18 px axis names and 16 px tick labels.
pub(crate) const TITLE_PX: f64 = 25.0;
pub(crate) const DESC_PX: f64 = 22.0;
pub(crate) const LABEL_PX: f64 = 20.0;

/// Registers DejaVu Sans (regular, bold, oblique) as [`FONT`] and the Noto Sans CJK TC subset
/// as [`FONT_CJK`], once per process.
pub(crate) fn ensure_font() -> Result<(), PlotError> {
    static DONE: OnceLock<bool> = OnceLock::new();
    let ok = *DONE.get_or_init(|| {
        let faces = [
            (FONT, FontStyle::Normal, dejavu::sans::regular()),
            (FONT, FontStyle::Bold, dejavu::sans::bold()),
            (FONT, FontStyle::Oblique, dejavu::sans::oblique()),
            (FONT, FontStyle::Italic, dejavu::sans::oblique()),
            (FONT_CJK, FontStyle::Normal, CJK_FONT),
        ];
        faces.into_iter().all(|(family, style, bytes)| {
            plotters::style::register_font(family, style, bytes).is_ok()
        })
    });
    if ok {
        Ok(())
    } else {
        Err(PlotError::Backend {
            message: "the bundled fonts (DejaVu Sans, Noto Sans CJK TC) could not be loaded"
                .to_string(),
        })
    }
}

/// The bundled fonts as `ab_glyph` reads them (DejaVu Sans regular, the CJK subset), to ask
/// which characters each has; `None` if one does not parse (then [`font_for`] keeps DejaVu).
fn coverage_fonts() -> Option<&'static (ab_glyph::FontRef<'static>, ab_glyph::FontRef<'static>)> {
    static FONTS: OnceLock<Option<(ab_glyph::FontRef<'static>, ab_glyph::FontRef<'static>)>> =
        OnceLock::new();
    FONTS
        .get_or_init(|| {
            let latin = ab_glyph::FontRef::try_from_slice(dejavu::sans::regular()).ok()?;
            let cjk = ab_glyph::FontRef::try_from_slice(CJK_FONT).ok()?;
            Some((latin, cjk))
        })
        .as_ref()
}

/// How many characters of `text` (spaces and controls aside) `font` has no glyph for.
fn missing(font: &ab_glyph::FontRef<'_>, text: &str) -> usize {
    use ab_glyph::Font;
    text.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .filter(|c| font.glyph_id(*c).0 == 0)
        .count()
}

/// The family to draw `text` with: [`FONT`] (DejaVu Sans) when it has every character, else
/// [`FONT_CJK`] when that has more of them (a character neither has is drawn as DejaVu's
/// missing-glyph box).
///
/// Every text of a picture that may hold words goes through this (titles, axis names, legends,
/// notes); tick labels are numbers and keep [`FONT`].
pub(crate) fn font_for(text: &str) -> &'static str {
    let Some((latin, cjk)) = coverage_fonts() else {
        return FONT;
    };
    let lack = missing(latin, text);
    if lack > 0 && missing(cjk, text) < lack {
        FONT_CJK
    } else {
        FONT
    }
}

/// Viridis, sampled at nine evenly spaced stops (matplotlib's table).
const VIRIDIS: [(u8, u8, u8); 9] = [
    (68, 1, 84),
    (71, 44, 122),
    (59, 81, 139),
    (44, 113, 142),
    (33, 144, 141),
    (39, 173, 129),
    (92, 200, 99),
    (170, 220, 50),
    (253, 231, 37),
];

/// Viridis at `t` in `[0, 1]` (clamped), lightened towards white by `light` in `[0, 1]`.
pub(crate) fn colormap(t: f64, light: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let pos = t * (VIRIDIS.len() - 1) as f64;
    let i = (pos.floor() as usize).min(VIRIDIS.len() - 2);
    let w = pos - i as f64;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    let mix = |p: u8, q: u8| {
        let v = f64::from(p) * (1.0 - w) + f64::from(q) * w;
        let v = v + (255.0 - v) * light;
        v.round().clamp(0.0, 255.0) as u8
    };
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// The colour bar's note on a shifted log scale, as its two lines: `log scale of` (in the current
/// language) and the shifted value, `f + 3.95`.
pub(crate) type BarNote = (String, String);

/// Spacing of contour levels over the finite values of a grid, in a transformed coordinate `t`:
/// `t = ln(max(f + shift, g_floor))` for the log scale, `t = f` for the linear one.
#[derive(Debug, Clone)]
pub(crate) struct Levels {
    pub scale: LevelScale,
    pub shift: f64,
    g_floor: f64,
    pub t_lo: f64,
    pub t_hi: f64,
    pub count: usize,
}

impl Levels {
    /// Levels for values whose finite minimum and maximum are `fmin`, `fmax` (`fmin > fmax` when
    /// none is finite).
    pub fn new(fmin: f64, fmax: f64, count: usize, scale: LevelScale) -> Self {
        let count = count.max(1);
        let (fmin, fmax) = if fmin <= fmax {
            (fmin, fmax)
        } else {
            (0.0, 1.0)
        };
        match scale {
            LevelScale::Linear => {
                let hi = if fmax > fmin { fmax } else { fmin + 1.0 };
                Levels {
                    scale,
                    shift: 0.0,
                    g_floor: 0.0,
                    t_lo: fmin,
                    t_hi: hi,
                    count,
                }
            }
            LevelScale::Log => {
                let span = fmax - fmin;
                let shift = if fmin > 0.0 {
                    0.0
                } else if span > 0.0 {
                    -fmin + (span * 1e-6).max(f64::MIN_POSITIVE)
                } else {
                    -fmin + 1.0
                };
                let g_hi = fmax + shift;
                // At most twelve decades: lower values share the first band.
                let g_floor = (fmin + shift).max(g_hi * 1e-12).max(f64::MIN_POSITIVE);
                let mut t_lo = g_floor.ln();
                let mut t_hi = g_hi.ln();
                if !t_lo.is_finite() {
                    t_lo = 0.0;
                }
                let spread = t_hi.is_finite() && t_hi - t_lo > 1e-12;
                if !spread {
                    t_hi = t_lo + 1.0;
                }
                Levels {
                    scale,
                    shift,
                    g_floor,
                    t_lo,
                    t_hi,
                    count,
                }
            }
        }
    }

    /// The transformed coordinate of `f` (finite input gives finite output).
    pub fn t(&self, f: f64) -> f64 {
        match self.scale {
            LevelScale::Linear => f,
            LevelScale::Log => (f + self.shift).max(self.g_floor).ln(),
        }
    }

    /// Position of `f` on the colour scale, `0` at the lowest level and `1` at the highest.
    pub fn frac(&self, f: f64) -> f64 {
        ((self.t(f) - self.t_lo) / (self.t_hi - self.t_lo)).clamp(0.0, 1.0)
    }

    /// `count + 1` level boundaries in `t`, the outer two widened so the extremes are inside.
    pub fn thresholds(&self) -> Vec<f64> {
        let d = (self.t_hi - self.t_lo) / self.count as f64;
        let mut v: Vec<f64> = (0..=self.count).map(|k| self.t_lo + d * k as f64).collect();
        if let Some(first) = v.first_mut() {
            *first -= 1e-9 * d;
        }
        if let Some(last) = v.last_mut() {
            *last += 1e-9 * d;
        }
        v
    }

    /// Colour-bar ticks as `(t, label)`, the bar's caption (always `f`: labels are values of
    /// `f`), and a note on the log scale's offset when it has one, as its two lines
    /// (`log scale of` in the current language, then `f + 3.95`).
    pub fn ticks(&self) -> (Vec<(f64, String)>, String, Option<BarNote>) {
        match self.scale {
            LevelScale::Linear => {
                let values = nice_ticks(self.t_lo, self.t_hi, 7);
                let fmt = TickFormat::for_ticks(&values);
                let ticks = values.into_iter().map(|v| (v, fmt.label(v))).collect();
                (ticks, "f".to_string(), None)
            }
            LevelScale::Log if self.shift != 0.0 => {
                let (ticks, note) = self.offset_ticks();
                (ticks, "f".to_string(), Some(note))
            }
            LevelScale::Log => {
                let (g_lo, g_hi) = (self.t_lo.exp(), self.t_hi.exp());
                let k_lo = g_lo.log10().ceil() as i32;
                let k_hi = g_hi.log10().floor() as i32;
                let values: Vec<f64> = if k_hi - k_lo >= 1 {
                    let n = k_hi - k_lo + 1;
                    let stride = (n + 6) / 7;
                    (k_lo..=k_hi)
                        .filter(|k| (k - k_lo) % stride == 0)
                        .map(|k| 10f64.powi(k))
                        .collect()
                } else {
                    nice_ticks(g_lo, g_hi, 6)
                        .into_iter()
                        .filter(|g| *g > 0.0)
                        .collect()
                };
                let labels = if k_hi - k_lo >= 1 {
                    decade_labels(&values)
                } else {
                    let fmt = TickFormat::for_ticks(&values);
                    values.iter().map(|g| fmt.label(*g)).collect()
                };
                let ticks = values.iter().map(|g| g.ln()).zip(labels).collect();
                (ticks, "f".to_string(), None)
            }
        }
    }

    /// Ticks at values of `f` on a log scale of `f + shift`, chosen by preference and kept at
    /// least a ninth of the bar apart: first the lowest value, `0` and `±10^k`; then round numbers
    /// across the range; then `±2, 5 × 10^k`; last, where the log scale stretches the values just
    /// above the lowest one, `min+1e-3`-style ticks. Also the note naming the offset.
    fn offset_ticks(&self) -> (Vec<(f64, String)>, BarNote) {
        let f_lo = self.g_floor - self.shift;
        let f_hi = self.t_hi.exp() - self.shift;
        // (preference, f, label)
        let mut cands: Vec<(u8, f64, String)> =
            vec![(0, f_lo, fmt_num(f_lo)), (0, 0.0, "0".into())];
        cands.extend(
            nice_ticks(f_lo, f_hi, 6)
                .into_iter()
                .map(|f| (1, f, fmt_num(f))),
        );
        let top = f_lo.abs().max(f_hi.abs());
        if top.is_finite() && top > 0.0 {
            let k_hi = top.log10().ceil() as i32;
            for k in (k_hi - 14)..=k_hi {
                for (rank, m) in [(0, 1.0), (2, 2.0), (2, 5.0)] {
                    let v = m * 10f64.powi(k);
                    cands.push((rank, v, fmt_num(v)));
                    cands.push((rank, -v, fmt_num(-v)));
                    if m == 1.0 {
                        cands.push((3, f_lo + v, format!("min+{}", fmt_num(v))));
                    }
                }
            }
        }
        // Rounding in exp(ln(...)) must not drop the round value at the top.
        let eps = 1e-9 * (f_hi - f_lo);
        let mut placed: Vec<(u8, f64, String)> = cands
            .into_iter()
            .filter(|(_, f, _)| *f >= f_lo - eps && *f <= f_hi + eps && f.is_finite())
            .map(|(rank, f, label)| (rank, self.t(f), label))
            .filter(|(_, t, _)| t.is_finite())
            .collect();
        placed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let gap = (self.t_hi - self.t_lo) / 9.0;
        let mut ticks: Vec<(f64, String)> = Vec::new();
        for (_, t, label) in placed {
            if ticks.iter().all(|(u, _)| (t - u).abs() >= gap) {
                ticks.push((t, label));
            }
        }
        ticks.sort_by(|a, b| a.0.total_cmp(&b.0));
        let offset = if self.shift > 0.0 {
            format!("f + {}", fmt_num(self.shift))
        } else {
            format!("f - {}", fmt_num(-self.shift))
        };
        (ticks, (crate::tr!("plot-bar-log-scale-of"), offset))
    }
}

/// Short, readable numbers: up to three significant digits, exponent form outside `[1e-3, 1e5)`
/// (so `1e5` is written `1e5`, not `100000`).
pub(crate) fn fmt_num(v: f64) -> String {
    if v == 0.0 {
        return "0".to_string();
    }
    if !v.is_finite() {
        return format!("{v}");
    }
    let a = v.abs();
    if (1e-3..1e5).contains(&a) {
        let mag = a.log10().floor() as i32;
        let decimals = usize::try_from((2 - mag).max(0)).unwrap_or(0);
        let s = format!("{v:.decimals$}");
        trim_zeros(&s)
    } else {
        let s = format!("{v:.2e}");
        match s.split_once('e') {
            Some((m, e)) => format!("{}e{e}", trim_zeros(m)),
            None => s,
        }
    }
}

fn trim_zeros(s: &str) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

/// About `target` round numbers (1, 2, 5 times a power of ten) inside `[lo, hi]`.
pub(crate) fn nice_ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite() && hi > lo) {
        return Vec::new();
    }
    let raw = (hi - lo) / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// Indices of the points to draw: points closer than one pixel to the previous kept point are
/// dropped, then at most `max` are kept by even index sampling. First and last are always kept.
pub(crate) fn thin(pix: &[(f64, f64)], max: usize) -> Vec<usize> {
    let n = pix.len();
    if n <= 2 {
        return (0..n).collect();
    }
    let mut kept = vec![0usize];
    for (i, p) in pix.iter().enumerate().take(n - 1).skip(1) {
        let q = pix[kept[kept.len() - 1]];
        if (p.0 - q.0).hypot(p.1 - q.1) >= 1.0 {
            kept.push(i);
        }
    }
    kept.push(n - 1);
    let max = max.max(2);
    if kept.len() <= max {
        return kept;
    }
    let m = kept.len() - 1;
    let mut out: Vec<usize> = (0..max)
        .map(|k| kept[(k * m + (max - 1) / 2) / (max - 1)])
        .collect();
    out.dedup();
    if let Some(last) = out.last_mut() {
        *last = n - 1;
    }
    out[0] = 0;
    out
}

/// Splits a polyline (with `None` as breaks) into the pieces inside `b` (Liang-Barsky clipping).
pub(crate) fn clip_polyline(points: &[Option<(f64, f64)>], b: &PlotBox) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut cur: Vec<(f64, f64)> = Vec::new();
    let flush = |cur: &mut Vec<(f64, f64)>, out: &mut Vec<Vec<(f64, f64)>>| {
        if cur.len() >= 2 {
            out.push(std::mem::take(cur));
        } else {
            cur.clear();
        }
    };
    if points.len() == 1 {
        if let Some(p) = points[0] {
            if b.contains(p) {
                out.push(vec![p]);
            }
        }
        return out;
    }
    for w in points.windows(2) {
        let (Some(p), Some(q)) = (w[0], w[1]) else {
            flush(&mut cur, &mut out);
            continue;
        };
        match clip_segment(p, q, b) {
            Some((a, c)) => {
                let joined = cur.last().is_some_and(|l| *l == a);
                if !joined {
                    flush(&mut cur, &mut out);
                    cur.push(a);
                }
                cur.push(c);
                if c != q {
                    flush(&mut cur, &mut out);
                }
            }
            None => flush(&mut cur, &mut out),
        }
    }
    flush(&mut cur, &mut out);
    out
}

fn clip_segment(p: (f64, f64), q: (f64, f64), b: &PlotBox) -> Option<((f64, f64), (f64, f64))> {
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    if !(dx.is_finite() && dy.is_finite()) {
        // The differences overflow (ends near ±f64::MAX): clip everything at half scale, which
        // is exact for normal numbers, and scale the ends back.
        let h = |p: (f64, f64)| (0.5 * p.0, 0.5 * p.1);
        let hb = PlotBox {
            x: super::Interval {
                lo: 0.5 * b.x.lo,
                hi: 0.5 * b.x.hi,
            },
            y: super::Interval {
                lo: 0.5 * b.y.lo,
                hi: 0.5 * b.y.hi,
            },
        };
        let (a, c) = clip_segment(h(p), h(q), &hb)?;
        let d = |p: (f64, f64)| (2.0 * p.0, 2.0 * p.1);
        let clamp = |p: (f64, f64)| (p.0.clamp(b.x.lo, b.x.hi), p.1.clamp(b.y.lo, b.y.hi));
        return Some((clamp(d(a)), clamp(d(c))));
    }
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    let checks = [
        (-dx, p.0 - b.x.lo),
        (dx, b.x.hi - p.0),
        (-dy, p.1 - b.y.lo),
        (dy, b.y.hi - p.1),
    ];
    for (pk, qk) in checks {
        if pk == 0.0 {
            if qk < 0.0 {
                return None;
            }
        } else {
            let r = qk / pk;
            if pk < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    let at = |t: f64| {
        if t == 0.0 {
            p
        } else if t == 1.0 {
            q
        } else {
            (p.0 + t * dx, p.1 + t * dy)
        }
    };
    Some((at(t0), at(t1)))
}

/// Clips a closed ring to `b` (Sutherland-Hodgman); the result may be empty.
pub(crate) fn clip_ring(ring: &[(f64, f64)], b: &PlotBox) -> Vec<(f64, f64)> {
    let mut poly: Vec<(f64, f64)> = ring.to_vec();
    // (axis, bound, keep-greater)
    let edges = [
        (0, b.x.lo, true),
        (0, b.x.hi, false),
        (1, b.y.lo, true),
        (1, b.y.hi, false),
    ];
    for (axis, bound, greater) in edges {
        if poly.is_empty() {
            break;
        }
        let coord = |p: &(f64, f64)| if axis == 0 { p.0 } else { p.1 };
        let inside = |p: &(f64, f64)| {
            if greater {
                coord(p) >= bound
            } else {
                coord(p) <= bound
            }
        };
        let cross = |p: &(f64, f64), q: &(f64, f64)| {
            let t = (bound - coord(p)) / (coord(q) - coord(p));
            if axis == 0 {
                (bound, p.1 + t * (q.1 - p.1))
            } else {
                (p.0 + t * (q.0 - p.0), bound)
            }
        };
        let mut next = Vec::with_capacity(poly.len() + 4);
        for i in 0..poly.len() {
            let cur = poly[i];
            let prev = poly[(i + poly.len() - 1) % poly.len()];
            match (inside(&prev), inside(&cur)) {
                (true, true) => next.push(cur),
                (true, false) => next.push(cross(&prev, &cur)),
                (false, true) => {
                    next.push(cross(&prev, &cur));
                    next.push(cur);
                }
                (false, false) => {}
            }
        }
        poly = next;
    }
    poly
}

/// Signed area of a ring (shoelace); its absolute value orders painting.
pub(crate) fn ring_area(ring: &[(f64, f64)]) -> f64 {
    let n = ring.len();
    let mut s = 0.0;
    for i in 0..n {
        let (a, b) = (ring[i], ring[(i + 1) % n]);
        s += a.0 * b.1 - b.0 * a.1;
    }
    0.5 * s
}

/// A five-pointed star around `(0, 0)` in pixel offsets, pointing up.
pub(crate) fn star(outer: f64, inner: f64) -> Vec<(i32, i32)> {
    (0..10)
        .map(|k| {
            let r = if k % 2 == 0 { outer } else { inner };
            let a = std::f64::consts::PI * (k as f64) / 5.0;
            ((r * a.sin()).round() as i32, (-r * a.cos()).round() as i32)
        })
        .collect()
}

/// An arrow head with its tip at `(0, 0)` pointing along the pixel direction `(ux, uy)`.
pub(crate) fn arrow_head(ux: f64, uy: f64, len: f64, half_width: f64) -> Vec<(i32, i32)> {
    let n = ux.hypot(uy);
    let (ux, uy) = if n > 0.0 {
        (ux / n, uy / n)
    } else {
        (1.0, 0.0)
    };
    let (nx, ny) = (-uy, ux);
    let r = |x: f64, y: f64| (x.round() as i32, y.round() as i32);
    vec![
        r(0.0, 0.0),
        r(-len * ux + half_width * nx, -len * uy + half_width * ny),
        r(-0.6 * len * ux, -0.6 * len * uy),
        r(-len * ux - half_width * nx, -len * uy - half_width * ny),
    ]
}

/// Maps data coordinates to pixel offsets inside a plotting area of `w x h` pixels (y down).
#[derive(Debug, Clone, Copy)]
pub(crate) struct PixMap {
    pub b: PlotBox,
    pub w: f64,
    pub h: f64,
}

impl PixMap {
    pub fn px(&self, p: (f64, f64)) -> (f64, f64) {
        (
            (p.0 - self.b.x.lo) / self.b.x.span() * self.w,
            (self.b.y.hi - p.1) / self.b.y.span() * self.h,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit_box() -> PlotBox {
        PlotBox::new((0.0, 1.0), (0.0, 1.0)).unwrap()
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(fmt_num(100000.0), "1e5");
        assert_eq!(fmt_num(0.5), "0.5");
        assert_eq!(fmt_num(12.345), "12.3");
        assert_eq!(fmt_num(1e-6), "1e-6");
        assert_eq!(fmt_num(-2.5e-7), "-2.5e-7");
    }

    #[test]
    fn ticks_are_round() {
        assert_eq!(
            nice_ticks(0.0, 1.0, 5),
            vec![0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
        );
        assert!(nice_ticks(1.0, 1.0, 5).is_empty());
    }

    #[test]
    fn thinning_keeps_ends_and_caps() {
        let pix: Vec<(f64, f64)> = (0..10_000).map(|i| (i as f64 * 0.1, 0.0)).collect();
        let kept = thin(&pix, 100);
        assert!(kept.len() <= 100);
        assert_eq!(kept[0], 0);
        assert_eq!(*kept.last().unwrap(), 9_999);
        assert!(kept.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn clipping_stays_inside() {
        let b = unit_box();
        let pts = [
            Some((-1.0, 0.5)),
            Some((0.5, 0.5)),
            Some((2.0, 0.5)),
            None,
            Some((0.2, 0.2)),
        ];
        let pieces = clip_polyline(&pts, &b);
        assert_eq!(pieces, vec![vec![(0.0, 0.5), (0.5, 0.5), (1.0, 0.5)]]);
        let ring = clip_ring(&[(-1.0, -1.0), (2.0, -1.0), (2.0, 2.0), (-1.0, 2.0)], &b);
        assert!((ring_area(&ring).abs() - 1.0).abs() < 1e-12);
        assert!(clip_ring(&[(3.0, 3.0), (4.0, 3.0), (4.0, 4.0)], &b).is_empty());
    }

    #[test]
    fn log_levels_offset_zero_minimum() {
        let lv = Levels::new(0.0, 1e5, 30, LevelScale::Log);
        assert!(lv.shift > 0.0);
        assert!(lv.t(0.0).is_finite());
        assert_eq!(lv.frac(0.0), 0.0);
        assert_eq!(lv.frac(1e5), 1.0);
        let th = lv.thresholds();
        assert_eq!(th.len(), 31);
        assert!(th[0] < lv.t(0.0) && lv.t(1e5) < th[30]);
        let (ticks, caption, note) = lv.ticks();
        assert_eq!(caption, "f");
        let (first, second) = note.unwrap();
        assert_eq!(first, "log scale of");
        assert!(second.starts_with("f + "), "{second}");
        assert!(ticks.len() >= 3);
        // The labels are values of f: 0, the lowest value, is the lowest tick, at the bottom.
        assert_eq!(ticks[0].1, "0");
        assert_eq!(ticks[0].0, lv.t(0.0));
        assert!(ticks.iter().any(|(_, l)| l == "1e5"), "{ticks:?}");
    }

    /// `text` drawn in `family` at the title's size on a white 260x50 RGB buffer.
    fn draw_text(text: &str, family: &str) -> Vec<u8> {
        use plotters::prelude::*;
        ensure_font().unwrap();
        let (w, h) = (260u32, 50u32);
        let mut buf = vec![0u8; (w * h * 3) as usize];
        {
            let root = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
            root.fill(&WHITE).unwrap();
            let style = (family, TITLE_PX).into_font().color(&BLACK);
            root.draw(&Text::new(text.to_string(), (8, 12), style))
                .unwrap();
            root.present().unwrap();
        }
        buf
    }

    fn inked(buf: &[u8]) -> usize {
        buf.chunks_exact(3)
            .filter(|p| p.iter().any(|c| *c < 128))
            .count()
    }

    #[test]
    fn a_chinese_title_is_drawn_with_its_glyphs_not_missing_glyph_boxes() {
        let title = "梯度下降法";
        assert_eq!(font_for(title), FONT_CJK);
        let drawn = draw_text(title, font_for(title));
        // DejaVu Sans alone has none of these characters: it draws its missing-glyph box for
        // each, the same box whatever the character (so two different titles look the same).
        let boxes = draw_text(title, FONT);
        assert_eq!(boxes, draw_text("學習率衰減", FONT));
        assert!(
            inked(&drawn) > 200,
            "the title is blank: {} dark pixels",
            inked(&drawn)
        );
        assert_ne!(drawn, boxes);
        assert_ne!(drawn, draw_text("學習率衰減", FONT_CJK));
    }

    #[test]
    fn text_dejavu_can_draw_keeps_dejavu_and_mixed_text_is_drawn_whole() {
        for latin in ["gd (lr=0.1)", "f (log scale)", "θ ≤ 1, ±2, x²", ""] {
            assert_eq!(font_for(latin), FONT, "{latin}");
        }
        let (_, cjk) = coverage_fonts().unwrap();
        for mixed in [
            "梯度下降法 (lr=0.1)",
            "f（對數刻度）",
            "迭代 10 次，f = 1e-3。",
        ] {
            assert_eq!(font_for(mixed), FONT_CJK, "{mixed}");
            assert_eq!(missing(cjk, mixed), 0, "{mixed}");
        }
    }

    #[test]
    fn the_cjk_font_has_every_character_of_the_zh_tw_catalogs() {
        let (latin, cjk) = coverage_fonts().unwrap();
        let mut lacking: Vec<char> = crate::i18n::sources(crate::i18n::Lang::ZhTw)
            .iter()
            .flat_map(|s| s.chars())
            .filter(|c| {
                let one = c.to_string();
                missing(latin, &one) > 0 && missing(cjk, &one) > 0
            })
            .collect();
        lacking.sort_unstable();
        lacking.dedup();
        assert!(
            lacking.is_empty(),
            "fonts/NotoSansCJKtc-Regular-subset.otf lacks {lacking:?}: run scripts/make-cjk-font.sh"
        );
    }

    #[test]
    fn colormap_ends() {
        assert_eq!(colormap(0.0, 0.0), RGBColor(68, 1, 84));
        assert_eq!(colormap(1.0, 0.0), RGBColor(253, 231, 37));
        assert_eq!(colormap(f64::NAN, 1.0), RGBColor(255, 255, 255));
    }
}
