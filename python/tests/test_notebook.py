"""The example notebook (examples/nabla.ipynb) is executed by nbclient in a fresh kernel, and its
outputs are checked against independent values: the book's printed Beale end points (chapter 2),
the sign error planted in the hand-written gradient, the least-squares line's closed form
(w = 2, b = -2/3 for the points (-1, -3), (0, 0), (1, 1)), and an inline SVG picture.
"""

import ast
import pathlib

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = pathlib.Path(__file__).resolve().parents[2] / "examples" / "nabla.ipynb"


@pytest.fixture(scope="module")
def executed():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    ).execute()
    return [c for c in nb.cells if c.cell_type == "code"]


def data(cell, mime):
    """The `mime` output of a cell (its execute result or display data)."""
    for out in cell.outputs:
        if out.output_type in ("execute_result", "display_data") and mime in out.data:
            return out.data[mime]
    raise AssertionError(f"no {mime} output in cell: {cell.source[:80]!r} -> {cell.outputs}")


def stdout(cell):
    return "".join(o.text for o in cell.outputs if o.output_type == "stream")


def test_no_cell_failed(executed):
    for cell in executed:
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.source


def test_formula_is_typeset(executed):
    assert "<math" in data(executed[0], "text/html")
    assert "\\left(" in data(executed[0], "text/latex") or "$" in data(executed[0], "text/latex")


def test_beale_at_the_start(executed):
    text = data(executed[1], "text/plain")
    assert "39062.953125" in text and "25625.25" in text and "57519." in text


def test_the_books_comparison(executed):
    diffs = ast.literal_eval(data(executed[3], "text/plain"))
    assert set(diffs) == {"gd", "momentum", "adagrad", "adam"}
    for method in ("gd", "momentum", "adagrad"):
        assert diffs[method] < 1e-8, (method, diffs[method])
    assert diffs["adam"] < 1e-4  # Adam with beta2 = 0.8 circles (3, 0.5): the book's last point
    assert "<table" in data(executed[2], "text/html")


def test_the_sign_error_is_diagnosed(executed):
    assert "<table" in data(executed[4], "text/html")
    sentence = stdout(executed[5])
    assert "sign" in sentence, sentence


def test_the_fitted_line(executed):
    params = ast.literal_eval(data(executed[6], "text/plain"))
    assert abs(params["w"] - 2) < 1e-9 and abs(params["b"] + 2 / 3) < 1e-9


def test_the_picture_is_inline_svg(executed):
    svg = data(executed[7], "image/svg+xml")
    assert svg.lstrip().startswith("<svg") or "<svg" in svg[:200]
