"""The type stubs hold: ``mypy.stubtest`` compares python/nabla/_nabla.pyi with the extension
module as built (every name, argument and default), and ``mypy`` checks the package's Python
files and a user's typical script against the stubs."""

import pathlib
import subprocess
import sys

import pytest

PYTHON_DIR = pathlib.Path(__file__).resolve().parents[1]

pytest.importorskip("mypy")


def mypy(*args):
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=PYTHON_DIR, capture_output=True, text=True, timeout=600
    )


def test_stubs_match_the_extension_module():
    out = mypy("mypy.stubtest", "nabla._nabla")
    assert out.returncode == 0, out.stdout + out.stderr


def test_the_package_type_checks():
    out = mypy("mypy", "nabla")
    assert out.returncode == 0, out.stdout + out.stderr


def test_a_wrong_call_is_a_type_error(tmp_path):
    script = tmp_path / "user.py"
    script.write_text(
        "import nabla\n"
        "f = nabla.Formula('x^2')\n"
        "v: float = nabla.minimize(f, [1.0]).fun or 0.0\n"
        "nabla.Formula(3)\n"
    )
    out = mypy("mypy", str(script))
    assert out.returncode == 1
    assert 'Argument 1 to "Formula" has incompatible type "int"' in out.stdout, out.stdout
