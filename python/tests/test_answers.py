"""Answers as Python objects, and the command line from Python (`python -m nabla`).

Expected values are closed forms (d/dx x^2*y = 2xy = 12 at (3, 2), d/dy = x^2 = 9); the
equality with the CLI's --json is checked against the document `python -m nabla` prints, which
is the same command line as the binary.
"""

import json
import subprocess
import sys

import pytest

import nabla as nb


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "nabla", *args], capture_output=True, text=True, timeout=120
    )


def test_grad_answer_attributes_and_closed_form():
    a = nb.grad("x^2*y", {"x": 3, "y": 2})
    assert a.command == "grad"
    assert a.vars == ["x", "y"]
    assert a.point == [3.0, 2.0]
    assert a.value == 18.0
    assert a.gradient == [12.0, 9.0]
    assert a.verdict.exit == "success" and a.exit_code == 0 and a.ok
    assert "gradient" in a and "nothing" not in a
    with pytest.raises(AttributeError, match="has no field 'nothing'"):
        a.nothing
    with pytest.raises(AttributeError, match="read-only"):
        a.value = 1.0


def test_to_dict_is_the_cli_json():
    a = nb.grad(nb.Formula("x^2*y"), [3, 2])
    out = run_cli("grad", "x^2*y", "--at", "x=3,y=2", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == a.to_dict()
    d = a.to_dict()
    d["value"] = 0  # a copy: the answer is unchanged
    assert a.value == 18.0


def test_not_finite_is_an_answer_with_exit_1():
    a = nb.eval("ln(x)", [-1])
    assert a.value is None  # JSON has no NaN: not finite is null, as in --json
    assert a.verdict.kind == "not_finite" and a.exit_code == 1 and not a.ok


def test_points_by_name_and_their_errors():
    f = nb.Formula("x + 2*y")
    assert nb.eval(f, {"y": 1, "x": 3}).value == 5.0
    with pytest.raises(ValueError, match="no value for `y`"):
        nb.eval(f, {"x": 1})
    with pytest.raises(ValueError, match="not a variable"):
        nb.eval(f, {"x": 1, "y": 2, "z": 3})
    with pytest.raises(nb.ParseError, match=r"\^"):
        nb.eval("2*x+sinn(y)", [1, 1])


def test_python_m_nabla_is_the_command_line():
    out = run_cli("eval", "x^2 + 3*x*y", "--at", "x=2,y=1")
    assert (out.returncode, out.stdout) == (0, "10\n")
    out = run_cli("eval", "2*x+sinn(y)", "--at", "x=1,y=1")
    assert out.returncode == 2
    assert "unknown function `sinn` (did you mean `sin`?)" in out.stderr
    out = run_cli("min", "x^3", "--from", "1")  # unbounded below: exit 1
    assert out.returncode == 1


def test_schema():
    s = nb.schema("grad")
    assert s["properties"]["command"]["const"] == "grad"
    with pytest.raises(ValueError, match="unknown command"):
        nb.schema("nope")


def test_python_m_nabla_serve_runs_its_children_through_python():
    import re
    import urllib.request

    server = subprocess.Popen(
        [sys.executable, "-m", "nabla", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        line = server.stdout.readline()
        m = re.search(r"listening on (http://[^/]+/)", line)
        assert m, line
        req = urllib.request.Request(
            m.group(1) + "api/grad",
            data=json.dumps({"formula": "x^2*y", "options": {"at": "x=3,y=2"}}).encode(),
            headers={"content-type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=60) as r:
            doc = json.loads(r.read())
        assert doc["gradient"] == [12.0, 9.0]
        assert doc == nb.grad("x^2*y", [3, 2]).to_dict()
    finally:
        server.terminate()
        server.wait(timeout=30)
