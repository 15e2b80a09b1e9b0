#!/usr/bin/env bash
# Installs what the browser tests (tests/browser/) need: Debian's `chromium` and
# `chromium-driver`, and `fonts-noto-cjk` (the page in 繁體中文 would draw empty boxes in the
# screenshots without a CJK font), with apt-get, only when /usr/bin/chromium,
# /usr/bin/chromedriver or a Noto CJK font is missing. Idempotent: a second run installs
# nothing. Uses sudo only when not root.
#
# Then: cargo test --release --test browser -- --ignored
set -euo pipefail

has_cjk_font() {
    fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'
}

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && has_cjk_font; then
    echo "install-browser: chromium, chromedriver and a CJK font are present"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
else
    SUDO=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q
"${SUDO[@]}" apt-get install -y -q --no-install-recommends chromium chromium-driver fonts-noto-cjk

for bin in /usr/bin/chromium /usr/bin/chromedriver; do
    if [ ! -x "$bin" ]; then
        echo "install-browser: $bin is still missing after apt-get install" >&2
        exit 1
    fi
done
if ! has_cjk_font; then
    echo "install-browser: no Noto CJK font after apt-get install fonts-noto-cjk" >&2
    exit 1
fi
echo "install-browser: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
