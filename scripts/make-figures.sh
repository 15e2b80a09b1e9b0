#!/usr/bin/env bash
# Makes the thumbnails of README's "Figures of the book" (docs/figures/*.png) with exactly the
# commands README shows: the `$ ` lines (with their `\` continuation lines) of the console block
# between the markers `<!-- figures:begin -->` and `<!-- figures:end -->` in README.md, run in a
# fresh temporary folder with the release `nabla`, as tests/suite/readme.rs runs them. Each PNG
# they write is then shrunk into docs/figures/ under the same name (read as PPM with `convert`,
# averaged and written back as PNG by Python's standard library): at most 450x300 pixels for one
# picture, 900x300 for panels side by side.
#
# Not run by CI (the thumbnails are committed); run it again after a change to the pictures'
# style. Usage: scripts/make-figures.sh   (from anywhere; needs `cargo`, `python3` and a
# `convert` that writes PPM, as ImageMagick's does; builds the release binary first).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/nabla-figures.XXXXXX)
trap 'rm -rf "$work"' EXIT

(cd "$root" && cargo build --release --quiet -p nabla-cli)
export PATH="$root/target/release:$PATH" LC_ALL=C

# The commands of the block, one per line of commands.sh (continuations joined by the shell).
awk '
    /<!-- figures:begin -->/ { inside = 1; next }
    /<!-- figures:end -->/ { inside = 0 }
    !inside { next }
    /^```/ { next }
    /^\$ / { sub(/^\$ /, ""); print; more = /\\$/; next }
    more { print; more = /\\$/ }
' "$root/README.md" > "$work/commands.sh"
test -s "$work/commands.sh" || { echo "no figure commands found in README.md" >&2; exit 1; }

(cd "$work" && sh -e commands.sh > /dev/null 2> commands.log) || { cat "$work/commands.log" >&2; exit 1; }

# Shrinks a binary PPM (P6) on standard input by averaging boxes of pixels to fit in W x H, and
# writes it as an 8-bit RGB PNG (Python's standard library only).
cat > "$work/shrink.py" <<'PY'
import struct, sys, zlib
box_w, box_h, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
data = sys.stdin.buffer.read()
fields, pos = [], 0
while len(fields) < 4:
    while data[pos:pos + 1].isspace():
        pos += 1
    if data[pos:pos + 1] == b"#":
        pos = data.index(b"\n", pos) + 1
        continue
    end = pos
    while not data[end:end + 1].isspace():
        end += 1
    fields.append(data[pos:end])
    pos = end
pos += 1
assert fields[0] == b"P6" and fields[3] == b"255", "expected an 8-bit binary PPM"
w, h = int(fields[1]), int(fields[2])
px = data[pos:pos + 3 * w * h]
scale = max(w / box_w, h / box_h, 1.0)
tw, th = max(1, round(w / scale)), max(1, round(h / scale))
rows = []
for ty in range(th):
    y0, y1 = ty * h // th, max(ty * h // th + 1, (ty + 1) * h // th)
    row = bytearray([0])
    for tx in range(tw):
        x0, x1 = tx * w // tw, max(tx * w // tw + 1, (tx + 1) * w // tw)
        acc, n = [0, 0, 0], (y1 - y0) * (x1 - x0)
        for y in range(y0, y1):
            line = px[3 * (y * w + x0):3 * (y * w + x1)]
            acc[0] += sum(line[0::3]); acc[1] += sum(line[1::3]); acc[2] += sum(line[2::3])
        row += bytes((a + n // 2) // n for a in acc)
    rows.append(bytes(row))
def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", tw, th, 8, 2, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
open(out, "wb").write(png)
print(f"{w}x{h} -> {tw}x{th}")
PY

mkdir -p "$root/docs/figures"
for png in "$work"/*.png; do
    name=$(basename "$png")
    convert "$png" ppm:- > "$work/picture.ppm"
    # Panels side by side (wider than twice their height) get 900 pixels of width.
    size=$(python3 -c 'import sys; d=open(sys.argv[1],"rb").read(64).split(); print("900 300" if int(d[1]) > 2 * int(d[2]) else "450 300")' "$work/picture.ppm")
    # shellcheck disable=SC2086
    echo "docs/figures/$name: $(python3 "$work/shrink.py" $size "$root/docs/figures/$name" < "$work/picture.ppm")"
done
