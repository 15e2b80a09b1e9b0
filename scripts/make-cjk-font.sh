#!/usr/bin/env bash
# Makes fonts/NotoSansCJKtc-Regular-subset.otf, the Traditional Chinese font that PNG pictures
# draw CJK text with (src/plot/style.rs embeds it), and fonts/NotoSansCJKtc-subset-chars.txt, the
# characters it covers. Not run by CI: the font is committed; this script records where it comes
# from and the exact command, so that it can be made again (e.g. after the catalogs grow).
#
# Source: Noto Sans CJK TC Regular 2.004 (SIL Open Font License 1.1, © 2014-2021 Adobe), face 3 of
# NotoSansCJK-Regular.ttc in Debian bookworm's package fonts-noto-cjk (1:20220127+repack1-1).
# Subsetter: fonttools' pyftsubset, in a throwaway virtual environment under /tmp.
#
# Characters kept:
#   - every character of the zh-TW catalogs (i18n/zh-TW/*.ftl) and of any file given as an
#     argument (e.g. a README.zh-TW.md or lessons written later);
#   - the common characters of the Ministry of Education's list, approximated by the Big5 level-1
#     hanzi: every code 0xA440..0xC67E that Python's big5 codec decodes (5,401 characters);
#   - CJK symbols and punctuation (U+3000-303F) and the full-width forms (U+FF01-FF5E);
#   - Basic Latin, Latin-1, Greek, general punctuation, super- and subscripts, arrows and
#     mathematical operators, so that mixed text (`梯度下降法 (lr=0.1)`, `θ ≤ 1`) is drawn in one font.
# Outlines stay CFF (ab_glyph reads them through ttf-parser); hinting and layout tables are dropped
# (plotters lays text out glyph by glyph); the vertical metrics are DejaVu Sans' proportions (below).
# fonts/OFL.txt is the licence text of the package's copyright file, with the font's copyright.
#
# Usage: scripts/make-cjk-font.sh [extra text files...]   (from the repository root; needs
# python3, apt-get and dpkg, and reaches Debian's archive and PyPI).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/nabla-cjk-font.XXXXXX)
trap 'rm -rf "$work"' EXIT

cd "$work"
apt-get download fonts-noto-cjk=1:20220127+repack1-1
dpkg -x fonts-noto-cjk_*.deb pkg
src=pkg/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

python3 -m venv venv
venv/bin/pip install --quiet 'fonttools==4.69.1'

venv/bin/python - "$root" "$@" > chars.txt <<'PY'
import glob, sys
root, extra = sys.argv[1], sys.argv[2:]
chars = set()
for path in sorted(glob.glob(f"{root}/i18n/zh-TW/*.ftl")) + extra:
    with open(path, encoding="utf-8") as f:
        chars.update(c for c in f.read() if ord(c) > 0x7E)
big5 = set()
for lead in range(0xA4, 0xC7):
    for trail in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
        code = (lead << 8) | trail
        if 0xA440 <= code <= 0xC67E:
            try:
                big5.add(bytes([lead, trail]).decode("big5"))
            except UnicodeDecodeError:
                pass
assert len(big5) == 5401, len(big5)
chars |= big5
ranges = [(0x20, 0x7E), (0xA0, 0xFF), (0x391, 0x3C9), (0x2010, 0x205E), (0x2070, 0x209F),
          (0x2190, 0x21FF), (0x2200, 0x22FF), (0x3000, 0x303F), (0xFF01, 0xFF5E)]
for lo, hi in ranges:
    chars.update(chr(c) for c in range(lo, hi + 1))
chars = sorted(c for c in chars if c.isprintable() or c in "\u3000\xa0")
print("".join(chars))
PY

venv/bin/pyftsubset "$src" --font-number=3 \
    --text-file=chars.txt \
    --layout-features='' --no-hinting \
    --name-IDs='*' --name-languages=0x409 --notdef-outline \
    --drop-tables+=BASE,GDEF,GPOS,GSUB,VORG,vhea,vmtx \
    --output-file="$root/fonts/NotoSansCJKtc-Regular-subset.otf"

# Vertical metrics in DejaVu Sans' proportions (ascent 0.928 em, descent 0.236 em): plotters
# (ab_glyph) scales a font so that ascent + descent fills the size asked, and Noto's 1.448 em
# would draw Chinese characters a fifth smaller than the DejaVu Sans text beside them.
venv/bin/python - "$root/fonts/NotoSansCJKtc-Regular-subset.otf" <<'PY'
import sys
from fontTools.ttLib import TTFont
path = sys.argv[1]
font = TTFont(path)
upm = font["head"].unitsPerEm
ascent, descent = round(0.928 * upm), -round(0.236 * upm)
font["hhea"].ascent, font["hhea"].descent, font["hhea"].lineGap = ascent, descent, 0
os2 = font["OS/2"]
os2.sTypoAscender, os2.sTypoDescender, os2.sTypoLineGap = ascent, descent, 0
os2.usWinAscent, os2.usWinDescent = ascent, -descent
font.save(path)
PY

# The characters the font really covers (pyftsubset drops those the source lacks).
venv/bin/python - "$root/fonts/NotoSansCJKtc-Regular-subset.otf" \
    > "$root/fonts/NotoSansCJKtc-subset-chars.txt" <<'PY'
import sys
from fontTools.ttLib import TTFont
cmap = TTFont(sys.argv[1]).getBestCmap()
cps = sorted(c for c in cmap if c > 0x7E)
print("# Characters beyond Basic Latin in NotoSansCJKtc-Regular-subset.otf "
      f"({len(cps)}), 64 a line; made by scripts/make-cjk-font.sh.")
text = "".join(chr(c) for c in cps)
for i in range(0, len(text), 64):
    print(text[i:i + 64])
PY
ls -l "$root/fonts/NotoSansCJKtc-Regular-subset.otf"
