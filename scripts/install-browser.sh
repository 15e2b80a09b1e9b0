#!/usr/bin/env bash
# Installs what the browser tests (tests/browser.rs) need: Debian's `chromium` and
# `chromium-driver`, with apt-get, only when /usr/bin/chromium or /usr/bin/chromedriver is
# missing. Idempotent: a second run installs nothing. Uses sudo only when not root.
#
# Then: cargo test --release --test browser -- --ignored
set -euo pipefail

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    echo "install-browser: chromium and chromedriver are present"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
else
    SUDO=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q
"${SUDO[@]}" apt-get install -y -q --no-install-recommends chromium chromium-driver

for bin in /usr/bin/chromium /usr/bin/chromedriver; do
    if [ ! -x "$bin" ]; then
        echo "install-browser: $bin is still missing after apt-get install" >&2
        exit 1
    fi
done
echo "install-browser: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
