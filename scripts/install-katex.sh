#!/usr/bin/env bash
# Installs what tests/suite/katex.rs needs: Node.js and npm (Debian's `nodejs` and `npm`, with
# apt-get, only when `node` or `npm` is missing) and the KaTeX version pinned in
# tests/katex/package-lock.json (`npm ci`, into tests/katex/node_modules, only when it is not
# there yet). Idempotent: a second run installs nothing. Uses sudo only when not root.
#
# Then: cargo test --release --test tests katex -- --ignored
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    if [ "$(id -u)" -eq 0 ]; then
        SUDO=()
    else
        SUDO=(sudo)
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${SUDO[@]}" apt-get update -q
    "${SUDO[@]}" apt-get install -y -q --no-install-recommends nodejs npm
fi

if [ -f tests/katex/node_modules/katex/package.json ]; then
    echo "install-katex: katex $(node -p 'require("./tests/katex/node_modules/katex/package.json").version') is present"
    exit 0
fi
(cd tests/katex && npm ci --no-audit --no-fund)
echo "install-katex: installed katex $(node -p 'require("./tests/katex/node_modules/katex/package.json").version')"
