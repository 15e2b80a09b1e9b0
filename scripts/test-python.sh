#!/usr/bin/env bash
# The Python package's tests, as README's test command and .ci/run run them:
#   1. scripts/install-python.sh: `.venv` with the pinned tools, the module built into it;
#   2. the pytest suite (python/tests), which also executes the example notebook
#      (examples/nabla.ipynb) with nbclient and checks its outputs;
#   3. the wheel: `maturin build` makes the abi3 wheel, which is installed into a fresh virtual
#      environment (only numpy comes with it) where `import nabla`, a gradient and the `nabla`
#      console script must work.
# Idempotent; needs python3 (with venv) and the Rust toolchain.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-python.sh
.venv/bin/python -m pytest -q python/tests

# The wheel in a fresh environment.
rm -rf target/wheels
.venv/bin/maturin build --release -q -m python/Cargo.toml -o target/wheels
fresh="$(mktemp -d)"
trap 'rm -rf "$fresh"' EXIT
python3 -m venv "$fresh/venv"
"$fresh/venv/bin/python" -m pip install -q --disable-pip-version-check target/wheels/nabla-*.whl
(
    cd "$fresh"
    venv/bin/python - <<'PY'
import nabla
f = nabla.Formula("(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2")
assert f([3, 4]) == 39062.953125, f([3, 4])
assert list(f.grad([3, 4])) == [25625.25, 57519.0]
assert "site-packages" in nabla.__file__, nabla.__file__
print("the wheel imports in a fresh environment:", nabla.__file__)
PY
    out="$(venv/bin/nabla eval "x^2 + 3*x*y" --at x=2,y=1)"
    [ "$out" = "10" ] || { echo "the console script printed '$out', not 10" >&2; exit 1; }
    echo "the console script nabla runs: nabla eval ... = $out"
)
