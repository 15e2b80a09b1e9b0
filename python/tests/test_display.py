"""Displays in Jupyter and numbers: a formula's LaTeX and MathML, float32 in and out, the trace
as a table and the expression graph as SVG.

Expected values are independent of nabla: the LaTeX conventions documented by the library's
printer (src/display.rs: powers as ``x^{2}``, fractions as ``\\frac{}{}``, trailing digits as
subscripts ``x_{1}``, Greek names as letters), MathML parsed by Python's XML parser, the gradient
of ``x*y + sin(x)`` in closed form ``(y + cos x, x)``, float32 results equal to numpy's rounding of
the closed form computed in float64, and PNG's and SVG's own signatures.
"""

import json
import math
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import numpy as np
import pytest

import nabla as nb

MATHML = "{http://www.w3.org/1998/Math/MathML}"


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "nabla", *args], capture_output=True, text=True, timeout=120
    )


# --- LaTeX and MathML -------------------------------------------------------------------------


def test_latex_follows_the_printers_conventions():
    f = nb.Formula("x^2*y")
    assert "x^{2}" in f.latex and "y" in f.latex
    assert f._repr_latex_() == f"${f.latex}$"
    # d/dx x^2 y = 2xy, d/dy = x^2: each partial in the same conventions.
    px, py = f.partials_latex
    assert "2" in px and "x" in px and "y" in px and "^" not in px
    assert py == "x^{2}"
    assert f.partials == ["2*y*x", "x^2"]  # the text form is kept
    g = nb.Formula("3*x1^2/sqrt(alpha)")
    assert "\\frac{" in g.latex and "x_{1}^{2}" in g.latex
    assert "\\sqrt{\\alpha}" in g.latex


def test_mathml_is_xml_with_the_variables():
    f = nb.Formula("x^2/y + beta")
    html = f._repr_html_()
    assert "<math" in html
    root = ET.fromstring(html)  # the whole display is well-formed XML
    math_el = root.find(f"{MATHML}math")
    assert math_el is not None
    assert math_el.find(f".//{MATHML}mfrac") is not None  # x^2/y as a fraction
    assert math_el.find(f".//{MATHML}msup") is not None  # x^2 as a superscript
    assert "\N{GREEK SMALL LETTER BETA}" in "".join(math_el.itertext())
    assert "x" in html and "variables" in html and "<code>beta</code>" in html


# --- float32 ------------------------------------------------------------------------------------


def test_float32_in_float32_out_rounded_once():
    f = nb.Formula("x^2*y + exp(x)")
    x32 = np.array([0.3, 1.7], dtype=np.float32)
    x, y = (float(v) for v in x32)  # the float32 inputs, exactly, as float64

    value = f(x32)
    assert isinstance(value, np.float32)
    assert value == np.float32(x * x * y + math.exp(x))

    grad = f.grad(x32)
    assert grad.dtype == np.float32 and grad.shape == (2,)
    expected = np.array([2 * x * y + math.exp(x), x * x], dtype=np.float64)
    np.testing.assert_array_equal(grad, expected.astype(np.float32))

    v, g = f.value_and_grad(x32)
    assert isinstance(v, np.float32) and g.dtype == np.float32

    h = f.hessian(x32)
    assert h.dtype == np.float32
    np.testing.assert_array_equal(
        h, np.array([[2 * y + math.exp(x), 2 * x], [2 * x, 0.0]]).astype(np.float32)
    )

    X = np.array([[0.3, 1.7], [-1.25, 2.5], [2.0, -0.5]], dtype=np.float32)
    values, grads = f.value_and_grad(X)
    assert values.dtype == np.float32 and grads.dtype == np.float32
    X64 = X.astype(np.float64)
    xs, ys = X64[:, 0], X64[:, 1]
    np.testing.assert_array_equal(values, (xs**2 * ys + np.exp(xs)).astype(np.float32))
    np.testing.assert_array_equal(f.value(X), values)
    np.testing.assert_array_equal(
        grads, np.stack([2 * xs * ys + np.exp(xs), xs**2], axis=1).astype(np.float32)
    )


def test_float64_and_lists_stay_float64():
    f = nb.Formula("x*y")
    assert type(f([2, 3])) is float
    assert f.grad(np.array([2.0, 3.0])).dtype == np.float64
    assert f.grad(np.array([2, 3], dtype=np.int32)).dtype == np.float64
    # a strided (non-contiguous) float64 view is read correctly too
    X = np.array([[2.0, 99.0, 3.0], [4.0, 99.0, 5.0]])[:, ::2]
    np.testing.assert_array_equal(f.value(X), [6.0, 20.0])
    np.testing.assert_array_equal(f(X[0]), 6.0)


def test_single_point_calls_repeat_and_threads_agree():
    """The reused workspace gives the same answers call after call, and from several threads."""
    import threading

    f = nb.Formula("(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2")
    # Beale at (3, 4): the book's printed numbers.
    expected = (39062.953125, [25625.25, 57519.0])
    errors = []

    def work():
        for _ in range(2000):
            v, g = f.value_and_grad(np.array([3.0, 4.0]))
            if v != expected[0] or list(g) != expected[1] or f(np.array([3.0, 0.5])) != 0.0:
                errors.append((v, g))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


# --- trace ----------------------------------------------------------------------------------------


def test_trace_gradient_closed_form_and_table():
    t = nb.trace("x*y + sin(x)", [1, 2])
    assert t.command == "trace" and t.ok
    # f = x*y + sin x: value 2 + sin 1, gradient (y + cos x, x) = (2 + cos 1, 1).
    assert t.value == pytest.approx(2 + math.sin(1), rel=1e-15)
    assert t.gradient[0] == pytest.approx(2 + math.cos(1), rel=1e-15)
    assert t.gradient[1] == 1.0
    # the steps: x, y, x*y, sin(x), the sum; the output is the last
    assert [s.operation for s in t.steps][:3] == ["x", "y", "v1 * v2"]
    assert t.output_step == t.steps[-1].name
    html = t._repr_html_()
    assert "forward sweep" in html and "reverse sweep" in html
    assert html.count("<tr>") >= 2 * len(t.steps)
    ET.fromstring(f"<div>{html}</div>")  # well-formed


def test_trace_forward_mode_and_errors():
    t = nb.trace(nb.Formula("x*y + sin(x)"), {"x": 1, "y": 2}, forward="x")
    assert t.forward.direction == "x"
    assert t.forward.derivative == pytest.approx(2 + math.cos(1), rel=1e-15)
    assert "forward mode, direction x" in t._repr_html_()
    with pytest.raises(ValueError, match="not a variable"):
        nb.trace("x*y", [1, 2], forward="z")
    with pytest.raises(ValueError, match="no value for `y`"):
        nb.trace("x*y", {"x": 1})
    with pytest.raises(nb.ParseError):
        nb.trace("x*", [1])
    big = " + ".join(f"x{i}" for i in range(10_001))  # 10,001 variables and 10,000 sums
    with pytest.raises(ValueError, match="at most 10000"):
        nb.trace(big, [0.0] * 10_001)


def test_trace_not_finite_is_an_answer_with_exit_1():
    t = nb.trace("sqrt(x)", [-1])
    assert t.value is None and t.exit_code == 1 and t.verdict.kind == "not_finite"


def test_trace_to_dict_is_the_cli_json():
    t = nb.trace("x*y + sin(x)", [1, 2], forward="y")
    out = run_cli("trace", "x*y + sin(x)", "--at", "x=1,y=2", "--forward", "--dir", "y", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == t.to_dict()


# --- graph ----------------------------------------------------------------------------------------


def test_graph_is_svg_and_saves(tmp_path):
    g = nb.graph("x*y + sin(x)", [1, 2])
    assert g.command == "graph"
    svg = g._repr_svg_()
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert "v3 = v1 * v2" in svg and "cos(v1)" in svg
    # the nodes: x, y, x*y, sin(x), the sum; adjoints of x and y are the gradient (2 + cos 1, 1)
    assert len(g.nodes) == 5 and len(g.edges) == 5
    assert g.nodes[0].adjoint == pytest.approx(2 + math.cos(1), rel=1e-15)
    assert g.nodes[1].adjoint == 1.0
    assert g.picture.file == "-" and g.picture.format == "svg" and g.picture.n_nodes == 5

    png = tmp_path / "g.png"
    assert g.save(png) == str(png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    out = tmp_path / "g.svg"
    g.save(str(out))
    ET.fromstring(out.read_text())
    assert sorted(os.listdir(tmp_path)) == ["g.png", "g.svg"]  # no temporary left
    with pytest.raises(ValueError, match="pdf"):
        g.save(tmp_path / "g.pdf")
    assert not (tmp_path / "g.pdf").exists()


def test_graph_without_point_and_limits():
    g = nb.graph("x^2")
    assert g.point is None and g.nodes[0].value is None
    ET.fromstring(g.svg)
    big = " + ".join(f"x{i}" for i in range(150))  # 150 variables and 149 sums: 299 nodes
    with pytest.raises(ValueError, match="at most 200"):
        nb.graph(big)


def test_graph_to_dict_is_the_cli_json_but_the_file(tmp_path):
    g = nb.graph("x*y + sin(x)", [1, 2]).to_dict()
    out = run_cli(
        "graph", "x*y + sin(x)", "--at", "x=1,y=2", "-o", str(tmp_path / "g.svg"), "--json"
    )
    assert out.returncode == 0, out.stderr
    cli = json.loads(out.stdout)
    assert cli["picture"]["file"] == str(tmp_path / "g.svg") and g["picture"]["file"] == "-"
    cli["picture"]["file"] = g["picture"]["file"] = None
    assert cli == g
