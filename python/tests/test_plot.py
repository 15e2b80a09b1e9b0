"""``nabla.plot``: pictures as SVG text and PNG files of the requested size, runs whose paths
follow closed forms and the book's printed numbers (shared/seed-table.md), the answer equal to
the command line's ``--json``, and bad arguments refused with the command line's limits.

Expected values come from closed forms (gradient descent on quadratics), Beale's gradient
written out by hand here, and the book's prints; never from nabla's own output.
"""

from __future__ import annotations

import json
import math
import os
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import List, Tuple

import pytest

import nabla as nb

BEALE = "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2"
BOWL = "(1/16)*x^2 + 9*y^2"
SVG_NS = "{http://www.w3.org/2000/svg}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def svg_size(text: str) -> Tuple[int, int]:
    """The root element of an SVG document (parsed as XML) and its width and height."""
    root = ET.fromstring(text)
    assert root.tag == f"{SVG_NS}svg"
    return int(root.get("width", "-1")), int(root.get("height", "-1"))


def png_size(path: Path) -> Tuple[int, int]:
    """Width and height from a PNG file's IHDR chunk (which must come first)."""
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    length, chunk = struct.unpack(">I4s", data[8:16])
    assert (length, chunk) == (13, b"IHDR")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def beale_grad(x: float, y: float) -> List[float]:
    """Beale's gradient, by hand: f = sum_i (c_i - x + x*y^i)^2 for c = 1.5, 2.25, 2.625."""
    gx = gy = 0.0
    for i, c in enumerate((1.5, 2.25, 2.625), start=1):
        r = c - x + x * y**i
        gx += 2 * r * (y**i - 1)
        gy += 2 * r * x * i * y ** (i - 1)
    return [gx, gy]


# --- pictures ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "formula, kind, expected_kind",
    [
        (BOWL, None, "contour map"),
        (BOWL, "map", "contour map"),
        (BOWL, "surface", "surface"),
        ("x^3 - 3x^2 - 9x + 2", None, "curve"),
        ("x^3 - 3x^2 - 9x + 2", "curve", "curve"),
    ],
)
def test_svg_parses_as_xml_with_the_requested_size(formula, kind, expected_kind):
    p = nb.plot(formula, kind=kind, size=(640, 480), grid=30)
    assert isinstance(p, nb.Plot) and p.command == "plot"
    assert svg_size(p.svg) == (640, 480)
    assert p._repr_svg_() == p.svg
    assert (p.picture.kind, p.picture.width, p.picture.height) == (expected_kind, 640, 480)
    [entry] = p.files
    assert (entry.file, entry.kind, entry.format) == ("-", expected_kind, "svg")


def test_png_has_the_signature_and_the_requested_dimensions(tmp_path):
    p = nb.plot(BEALE, start=(3, 4), methods=["gd", "adam"], iters=500, size=(500, 300), loss=True)
    out = p.save(tmp_path / "beale.png")
    assert png_size(tmp_path / "beale.png") == (500, 300)
    assert (out.file, out.format, out.kind) == (str(tmp_path / "beale.png"), "png", "contour map")
    # The loss chart is a picture of its own, saved the same way.
    assert p.loss is not None and p.loss.kind == "loss chart"
    assert svg_size(p.loss.svg) == (500, 300)
    p.loss.save(str(tmp_path / "loss.png"))
    assert png_size(tmp_path / "loss.png") == (500, 300)
    # A different size gives a PNG of that size (the IHDR is read, not assumed).
    q = nb.plot("x^2", size=(64, 97))
    q.save(tmp_path / "small.png")
    assert png_size(tmp_path / "small.png") == (64, 97)


def test_saved_svg_is_the_shown_svg_and_replaces_the_old_file_whole(tmp_path):
    p = nb.plot(BOWL, start=(-2.4, 0.2), methods=[("gd", {"lr": 0.1})], iters=50, grid=40)
    target = tmp_path / "bowl.svg"
    target.write_text("old picture")
    p.save(target)
    assert target.read_text() == p.svg
    # Written through a temporary file renamed into place: nothing else is left in the folder.
    assert sorted(os.listdir(tmp_path)) == ["bowl.svg"]


def test_saving_to_a_bad_name_or_folder_fails_and_writes_nothing(tmp_path):
    p = nb.plot("x^2 + y^2", grid=20)
    with pytest.raises(ValueError, match=r"\.svg or \.png"):
        p.save(tmp_path / "picture.jpg")
    with pytest.raises(OSError, match="cannot write"):
        p.save(tmp_path / "missing" / "picture.png")
    assert os.listdir(tmp_path) == []


def test_a_plot_rebuilt_from_its_document_shows_but_cannot_save(tmp_path):
    p = nb.plot("x^2", size=(200, 150))
    from nabla._answer import wrap

    copy = wrap(p.to_dict())
    assert isinstance(copy, nb.Plot) and copy.svg == p.svg
    with pytest.raises(ValueError, match="call nabla.plot again"):
        copy.save(tmp_path / "x.svg")
    assert os.listdir(tmp_path) == []


def test_loss_is_none_unless_asked():
    p = nb.plot("x^2", start=[1], methods=["gd"], iters=20)
    assert p.loss is None
    assert [f.kind for f in p.files] == ["curve"]


def test_jupyter_shows_the_picture_not_a_table():
    IPython = pytest.importorskip("IPython.core.formatters")
    p = nb.plot("x^2 + y^2", grid=20, size=(300, 200))
    data, _ = IPython.DisplayFormatter().format(p)
    assert data["image/svg+xml"] == p.svg
    # the HTML Jupyter prefers is the same picture, with the verdict under it (no answer table)
    assert p.svg in data["text/html"] and "<table" not in data["text/html"]


# --- runs against closed forms and the book -----------------------------------------------------


def test_bowl_gd_path_follows_the_closed_form():
    # gd with lr 0.1 on (1/16)x^2 + 9y^2 multiplies x by 1 - 0.1/8 and y by 1 - 1.8 each step.
    k = 100
    p = nb.plot(BOWL, start=(-2.4, 0.2), methods=[("gd", {"lr": 0.1})], iters=k, stall=0)
    [run] = p.runs
    assert (run.method, run.iterations, run.max_iterations) == ("gd", k, k)
    assert run.settings.lr == 0.1
    assert len(run.path) == k + 1  # every iterate is recorded for short runs

    def closed(i: int) -> List[float]:
        return [-2.4 * (1 - 0.0125) ** i, 0.2 * (-0.8) ** i]

    for rec in run.path:
        want = closed(rec.iteration)
        assert rec.point == pytest.approx(want, rel=1e-12, abs=0)
        assert rec.value == pytest.approx(want[0] ** 2 / 16 + 9 * want[1] ** 2, rel=1e-12)
    assert run.point == pytest.approx(closed(k), rel=1e-12)
    # The book's print for 100 iterations (seed table A11).
    assert run.point == pytest.approx([-0.68221564, 4.07e-11], abs=1e-8)
    # The star is the bowl's minimum, (0, 0).
    assert p.verdict.kind == "local_minimum"
    assert p.minimum == pytest.approx([0.0, 0.0], abs=1e-8)


def test_decay_on_the_curve_follows_the_closed_form():
    # Seed table A13: x^2 from -1, lr_i = lr / (1 + decay*i): x = -prod_{i<10} (1 - 2 lr/(1 + decay i)).
    p = nb.plot("x^2", start=[-1], methods=[("gd", {"lr": 0.3, "decay": 0.5})], iters=10, stall=0)
    [run] = p.runs
    x = -1.0
    for rec in run.path:
        assert rec.point[0] == pytest.approx(x, rel=1e-12)
        x *= 1 - 2 * 0.3 / (1 + 0.5 * rec.iteration)
    assert run.point[0] == pytest.approx(-0.048879853568, rel=1e-10)
    assert p.picture.kind == "curve"


def test_beale_first_step_uses_the_books_step_and_the_exact_gradient():
    p = nb.plot(BEALE, start=(3, 4), methods=["gd"], iters=1000)
    [run] = p.runs
    # The book's lr for Beale from (3, 4): 5e-6 (min(0.01, 0.3 / max|grad|), one digit).
    g = beale_grad(3, 4)
    assert g == [25625.25, 57519.0]
    assert run.settings.lr == 5e-6
    assert run.path[1].iteration == 1
    assert run.path[1].point == pytest.approx([3 - 5e-6 * g[0], 4 - 5e-6 * g[1]], rel=1e-14)
    x1 = run.path[1].point
    g1 = beale_grad(*x1)
    assert run.path[2].point == pytest.approx(
        [x1[0] - 5e-6 * g1[0], x1[1] - 5e-6 * g1[1]], rel=1e-12
    )


def test_beale_runs_from_3_4_end_where_the_book_prints():
    p = nb.plot(
        BEALE,
        start={"x": 3, "y": 4},
        methods=["gd", ("adam", {"iters": 100_000})],
        iters=300_000,
        stall=0,
        size=(600, 400),
    )
    gd, adam = p.runs
    assert (gd.label, adam.label) == ("gd", "adam")
    # Seed table A2: plain gd, lr 5e-6, 300,000 iterations.
    assert gd.iterations == 300_000
    assert gd.point == pytest.approx([2.70735828, 0.41689171], abs=1e-8)
    # A8: Adam, lr 0.001, beta2 0.8 (the plot's defaults), oscillating around (3, 0.5).
    assert (adam.settings.lr, adam.settings.beta2) == (0.001, 0.8)
    assert adam.point == pytest.approx([3, 0.5], abs=1e-4)
    # Beale's one minimum, (3, 0.5) with f = 0, earns the star.
    assert p.verdict.kind == "local_minimum"
    assert p.minimum == pytest.approx([3, 0.5], abs=1e-7)
    assert p.verdict.sentence == "minimum found at (3, 0.5)"


def test_to_dict_is_the_command_lines_json():
    p = nb.plot(
        BEALE,
        start=[3, 4],
        methods=["gd", ("adam", {"lr": 0.01, "iters": 500}), ("gd", {"lr": 1e-4})],
        box={"x": (-4.5, 4.5), "y": (-1, 4.5)},
        size=(600, 400),
        iters=2000,
        levels=12,
        grid=50,
    )
    cli = subprocess.run(
        [
            sys.executable,
            "-m",
            "nabla",
            "plot",
            BEALE,
            "--from",
            "3,4",
            "--methods",
            "gd,adam:lr=0.01:iters=500,gd:lr=1e-4",
            "--box",
            "x=-4.5..4.5,y=-1..4.5",
            "--size",
            "600x400",
            "--iters",
            "2000",
            "--levels",
            "12",
            "--grid",
            "50",
            "-o",
            "-",
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert p.to_dict() == json.loads(cli.stdout)
    assert [r.label for r in p.runs] == ["gd (lr=5e-6)", "adam", "gd (lr=0.0001)"]


def test_minima_and_star():
    # Himmelblau's function has four minima, all with f = 0.
    p = nb.plot("(x^2+y-11)^2+(x+y^2-7)^2", minima=True, box=(-5, 5), grid=60)
    assert len(p.minima) == 4
    for m in p.minima:
        x, y = m
        assert (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2 == pytest.approx(0, abs=1e-12)
    given = nb.plot("x*y", star=[0, 0], grid=20)
    assert (given.minimum, given.verdict.kind) == ([0.0, 0.0], "drawn")


# --- bad arguments -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "formula, kwargs, message",
    [
        (BOWL, {"kind": "pie"}, "unknown kind of plot `pie`; use curve, map, surface"),
        ("x^2", {"kind": "surface"}, "a surface needs a function of two variables"),
        ("x^2", {"kind": "map"}, "a contour map needs a function of two variables"),
        (BOWL, {"kind": "curve"}, "a curve needs a function of one variable"),
        ("x + y + z", {}, "one or two variables, but this formula has 3"),
        ("2 + 3", {}, "has no variables"),
        (BOWL, {"size": (63, 600)}, "use 64 to 8192 pixels per side"),
        (BOWL, {"size": (8193, 600)}, "use 64 to 8192 pixels per side"),
        (BOWL, {"size": (8000, 7000)}, "at most 50 megapixels"),
        (BOWL, {"size": (-5, 600)}, "use 64 to 8192 pixels per side"),
        (BOWL, {"grid": 1}, "use 2 to 4096 points per axis"),
        (BOWL, {"grid": 4097}, "use 2 to 4096 points per axis"),
        (BOWL, {"grid": 401, "kind": "surface"}, "use 2 to 400 points per axis for a surface"),
        (BOWL, {"grid": -3}, "`grid` is -3; give a whole number, 2 to 4096 points per axis"),
        (BOWL, {"levels": -3}, "`levels` is -3; give a whole number, 2 to 200 levels"),
        (BOWL, {"levels": 1}, "use 2 to 200 levels"),
        (BOWL, {"levels": 201}, "use 2 to 200 levels"),
        (BOWL, {"box": (1, 1)}, "the range of x: empty range 1..1"),
        (BOWL, {"box": (0, math.inf)}, "the range of x: empty range 0..inf"),
        (BOWL, {"box": (-1e308, 1.7e308)}, "too wide"),
        (BOWL, {"box": {"x": (-1, 1), "y": (1e6, 1e6 + 1e-7)}}, "the range of y: the range 1000000..1000000.0000001 is too narrow"),
        (BOWL, {"box": [(-1, 1), (0, 1), (0, 1)]}, "the range has 3 ranges but the formula has 2"),
        (BOWL, {"box": {"x": (-1, 1)}}, "no range for `y`"),
        (BOWL, {"box": {"z": (-1, 1)}}, "not a variable"),
        (BOWL, {"start": (1, 1), "iters": 100_000_001}, "at most 100000000 iterations"),
        (BOWL, {"start": (1, 1), "iters": -1}, "give a whole number, 0 to 100000000 iterations"),
        (BOWL, {"start": (1, 1), "methods": [("gd", {"iters": 10**9})]}, "at most 100000000"),
        (BOWL, {"start": (1, 1), "methods": ["adma"]}, "unknown method `adma`"),
        (BOWL, {"start": (1, 1), "methods": [("gd", {"beta2": 0.9})]}, "does not use `beta2`"),
        (BOWL, {"start": (1, 1), "methods": [("gd", {"speed": 3})]}, "unknown setting `speed`"),
        (BOWL, {"start": (1, 1), "methods": [("gd", {"lr": -1})]}, "invalid lr = -1"),
        (BOWL, {"start": (1, 1), "methods": []}, "names no method"),
        (BOWL, {"methods": ["gd"]}, "the runs need a start point"),
        (BOWL, {"loss": True}, "the loss chart need a start point"),
        (BOWL, {"start": (1, 2, 3)}, "expected a point of 2 values"),
        (BOWL, {"star": (0, math.nan)}, "the star has the coordinate NaN"),
        ("x^2", {"minima": True}, "local minima are marked on a contour map"),
        (BOWL, {"minima": True, "kind": "surface"}, "local minima are marked on a contour map"),
        (BOWL, {"minima": True, "star": (0, 0)}, "cannot both be marked"),
        ("x^2", {"quiver": True}, "descent arrows are drawn on a contour map"),
        ("log(x) + y^2", {"start": (-1, 1)}, "start the paths inside the function's domain"),
    ],
)
def test_bad_arguments_are_value_errors_with_the_limits(formula, kwargs, message):
    with pytest.raises(ValueError) as info:
        nb.plot(formula, **kwargs)
    assert message in str(info.value)


def test_the_limits_themselves_are_accepted():
    assert svg_size(nb.plot("x^2", size=(64, 64)).svg) == (64, 64)
    assert svg_size(nb.plot("x^2", size=(8192, 64), grid=2).svg) == (8192, 64)
    assert nb.plot(BOWL, grid=2, levels=200).verdict.kind == "drawn"
    assert nb.plot(BOWL, kind="surface", grid=2).verdict.kind == "drawn"
    p = nb.plot(BOWL, start=(1, 1), methods=[("gd", {"iters": 0})], iters=100_000_000)
    assert p.runs[0].iterations == 0


def test_wrong_types_and_parse_errors():
    with pytest.raises(TypeError):
        nb.plot(BOWL, size=(900,))
    with pytest.raises(TypeError):
        nb.plot(BOWL, start=(1, 1), methods=[("gd", {"centered": 1})])
    with pytest.raises(TypeError):
        nb.plot(BOWL, box="x=0..1")
    with pytest.raises(nb.ParseError):
        nb.plot("x^")


def test_jupyter_shows_the_picture_with_its_verdict():
    import xml.etree.ElementTree as ET

    p = nb.plot("(1/16)*x^2 + 9*y^2", start=[-2.4, 0.2], methods=[("gd", {"lr": 0.1})], iters=100)
    page = p._repr_html_()
    assert p.svg in page and p.verdict.sentence in page
    ET.fromstring(page.replace("<small>", "").replace("</small>", ""))  # well-formed
    assert p._repr_svg_() == p.svg
