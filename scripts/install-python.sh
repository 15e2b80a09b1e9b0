#!/usr/bin/env bash
# Prepares the Python environment of python/ (the module `nabla`, pyo3 and maturin): installs
# python3 and python3-venv with apt-get when they are missing, creates the virtual environment
# `.venv` at the repository root when it is missing (`python3 -m venv`), installs the pinned
# maturin, pytest, numpy, scipy, pandas, nbclient, nbformat, ipykernel, mypy, and dask[dataframe],
# distributed and pyarrow (the partitioned fits of nabla._dask and their tests) from PyPI into it
# (pip skips what is already there), then builds the module in release mode and installs it into
# `.venv` with `maturin develop` (cargo rebuilds only what changed). Idempotent: run it again
# after editing python/ or the library.
#
# `--bench` also installs what python/bench/bench.py compares with: sympy and jax[cpu].
#
# Then: .venv/bin/python -m pytest -q python/tests
set -euo pipefail
cd "$(dirname "$0")/.."

# Python itself: Debian's python3 and python3-venv, with apt-get, only when python3 or its venv
# module is missing (sudo only when not root).
if ! command -v python3 >/dev/null || ! python3 -c "import venv, ensurepip" 2>/dev/null; then
    if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo); fi
    export DEBIAN_FRONTEND=noninteractive
    "${SUDO[@]}" apt-get update -q
    "${SUDO[@]}" apt-get install -y -q --no-install-recommends python3 python3-venv
fi

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check \
    "maturin==1.9.4" "pytest==8.4.2" "numpy==2.2.6" "scipy==1.15.3" "pandas==2.2.3" \
    "nbclient==0.10.2" "nbformat==5.10.4" "ipykernel==6.29.5" "mypy==1.13.0" \
    "dask[dataframe]==2026.8.0" "distributed==2026.8.0" "pyarrow==26.0.1"
if [ "${1:-}" = "--bench" ]; then
    .venv/bin/python -m pip install -q --disable-pip-version-check "sympy==1.14.0" "jax[cpu]==0.10.2"
fi
# maturin develop installs into the environment named by VIRTUAL_ENV.
VIRTUAL_ENV="$PWD/.venv" .venv/bin/maturin develop --release -q -m python/Cargo.toml
