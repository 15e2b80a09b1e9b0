"""Gradient checks from Python: ``nabla.check`` (a formula's gradient, hand-derived formulas, the
student's own numpy gradient) and ``nabla.check_gradient`` (any Python function and its gradient).

Expected values are independent of nabla: the book's printed central differences (check A9/A10 of
/work/shared/seed-table.md: ``(1/16)x^2 + 9y^2`` at (2, 3) with step 1e-8 gives
(0.2500001983207767, 54.00000020472362), with step 1e-6 (0.24999999936881068,
54.00000001287708)), closed forms of the partials, differences recomputed here with numpy, and the
deliberate errors written into the hand gradients (a sign, a factor 2, swapped partials, an
offset). Equality with the command line is checked against the document that ``python -m nabla
check ... --json`` prints.
"""

import doctest
import json
import subprocess
import sys

import numpy as np
import pytest

import nabla as nb

BOOK = "(1/16)*x^2 + 9*y^2"


def book_f(x):
    return x[0] ** 2 / 16 + 9 * x[1] ** 2


def book_grad(x):
    return np.array([x[0] / 8, 18 * x[1]])


def sign_error(x):
    return np.array([x[0] / 8, -18 * x[1]])


def factor_error(x):
    return np.array([x[0] / 4, 18 * x[1]])


def swapped(x):
    return np.array([18 * x[1], x[0] / 8])


def offset_error(x):
    return np.array([x[0] / 8 + 1, 18 * x[1]])


def run_cli(*args):
    out = subprocess.run(
        [sys.executable, "-m", "nabla", "check", *args, "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode in (0, 1), out.stderr
    return json.loads(out.stdout)


# ---- the book's numbers -------------------------------------------------------------------------


def test_the_books_central_differences_of_a_python_function():
    a = nb.check_gradient(book_f, book_grad, [2.0, 3.0], h=1e-8)
    assert isinstance(a, nb.CheckAnswer)
    assert (a.command, a.mode) == ("check", "central")
    assert [r.estimate for r in a.rows] == [0.2500001983207767, 54.00000020472362]
    assert [r.exact for r in a.rows] == [0.25, 54.0]
    assert [r.var for r in a.rows] == ["x[0]", "x[1]"]
    assert a.verdict.kind == "agrees" and a.ok and a.passed
    assert a.formula is None
    assert (a.function, a.gradient) == ("python function book_f", "python function book_grad")
    b = nb.check_gradient(book_f, book_grad, np.array([2.0, 3.0]), h=1e-6)
    assert [r.estimate for r in b.rows] == [0.24999999936881068, 54.00000001287708]


def test_the_books_central_differences_of_the_formula():
    a = nb.check(BOOK, at=[2, 3], step=1e-8)
    assert [r.estimate for r in a.rows] == [0.2500001983207767, 54.00000020472362]
    assert [r.exact for r in a.rows] == [0.25, 54.0]
    assert a.formula is not None and a.function is None and a.gradient is None
    assert a.verdict.kind == "agrees"


# ---- check_gradient: any Python function ---------------------------------------------------------


def test_check_gradient_finds_a_sign_error_and_the_default_step_agrees():
    a = nb.check_gradient(book_f, sign_error, [2.0, 3.0])
    assert [r.outcome for r in a.rows] == ["agrees", "disagrees"]
    assert a.verdict.kind == "disagrees" and a.exit_code == 1
    assert a.rows[1].exact == -54.0
    # The central difference is the closed form 54 to about 1e-9 at the default step.
    assert abs(a.rows[1].estimate - 54.0) < 1e-8
    assert a.rows[1].abs_error == pytest.approx(108.0, rel=1e-9)
    assert a.worst_point == [2.0, 3.0]


def test_check_gradient_several_points_and_scale():
    # Rosenbrock's gradient in closed form, at points where it is large and small.
    def rosen(x):
        return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2

    def rosen_grad(x):
        return [-2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] ** 2), 200 * (x[1] - x[0] ** 2)]

    pts = np.array([[-1.2, 1.0], [1.0, 1.0], [30.0, -7.0]])
    a = nb.check_gradient(rosen, rosen_grad, pts)
    assert a.n_points == 3 and len(a.rows) == 6
    assert a.counts.agree == 6 and a.verdict.kind == "agrees"
    assert a.rows[2].exact == 0.0 and a.rows[3].exact == 0.0  # the minimum


def test_check_gradient_reports_kinks_not_failures():
    def f(x):
        return abs(x[0]) + x[1] ** 2

    def g(x):
        return np.array([np.sign(x[0]), 2 * x[1]])

    a = nb.check_gradient(f, g, [[0.0, 1.0], [1e-6, 2.0], [3.0, -1.0]])
    outcomes = [r.outcome for r in a.rows]
    assert outcomes == ["kink", "agrees", "kink", "agrees", "agrees", "agrees"]
    assert "kink" in a.rows[0].reason
    assert a.counts.kink == 2 and a.verdict.kind == "agrees"
    only = nb.check_gradient(lambda x: abs(x[0]), lambda x: [np.sign(x[0])], [0.0])
    assert only.verdict.kind == "nothing_compared" and only.exit_code == 1


def test_check_gradient_sweep_is_the_v_computed_here():
    a = nb.check_gradient(lambda x: np.sin(x[0]), lambda x: [np.cos(x[0])], [1.0], sweep=True)
    assert a.mode == "sweep" and a.point == [1.0]
    steps = [10.0**-k for k in range(1, 14)]
    assert a.steps == pytest.approx(steps, rel=1e-15)
    col = a.columns[0]
    assert col.exact == np.cos(1.0)
    for k, h in enumerate(a.steps):
        fwd = (np.sin(1.0 + h) - np.sin(1.0)) / h
        cen = (np.sin(1.0 + h) - np.sin(1.0 - h)) / (2 * h)
        assert col.forward[k] == abs(fwd - np.cos(1.0))
        assert col.central[k] == abs(cen - np.cos(1.0))
    # The bottom of the V: near cbrt(eps) = 6e-6 central, sqrt(eps) = 1.5e-8 forward.
    assert 1e-7 <= a.steps[col.best_central] <= 1e-4
    assert 1e-10 <= a.steps[col.best_forward] <= 1e-6


# ---- check(f, grad=...): hand-derived gradients --------------------------------------------------


@pytest.mark.parametrize(
    "grad, rows",
    [
        (sign_error, [None, {"kind": "opposite_sign"}]),
        (factor_error, [{"kind": "factor", "factor": 2.0}, None]),
        (swapped, [{"kind": "swapped", "with": "y"}, {"kind": "swapped", "with": "x"}]),
        (offset_error, [{"kind": "offset", "offset": 1.0}, None]),
    ],
)
def test_a_numpy_gradient_is_diagnosed(grad, rows):
    a = nb.check(BOOK, grad=grad)
    assert a.mode == "hand" and a.hand == f"python function {grad.__name__}"
    assert a.n_points == 1000  # the library's default, as nabla check --grad
    assert [r.to_dict()["diagnosis"] if r.diagnosis else None for r in a.rows] == rows
    assert a.verdict.kind == "disagrees" and a.exit_code == 1
    assert [r.hand_formula for r in a.rows] == [f"{grad.__name__}(x)[0]", f"{grad.__name__}(x)[1]"]
    if grad is swapped:
        assert a.agreeing_order == ["y", "x"]


def test_a_correct_numpy_gradient_agrees_at_given_and_random_points():
    a = nb.check(BOOK, grad=book_grad, at=[[2, 3], [0, 0]], points=10, box=(-1, 1), seed=4)
    assert a.n_points == 12 and a.verdict.kind == "agrees" and a.ok
    assert all(r.n_compared == 12 for r in a.rows)


def test_the_function_and_the_formulas_get_the_same_answer():
    fn = nb.check(BOOK, grad=sign_error, points=50, seed=3).to_dict()
    text = nb.check(BOOK, grad=["x/8", "-18*y"], points=50, seed=3).to_dict()
    by_name = nb.check(BOOK, grad={"y": "-18*y", "x": "x/8"}, points=50, seed=3).to_dict()
    assert text == by_name and text["hand"] is None
    assert fn["verdict"] == text["verdict"]
    for r, s in zip(fn["rows"], text["rows"]):
        assert (r["outcome"], r["diagnosis"], r["n_compared"]) == (
            s["outcome"], s["diagnosis"], s["n_compared"]
        )
        assert r["worst"]["point"] == s["worst"]["point"]


# ---- the command line's answers ------------------------------------------------------------------


def test_central_check_is_the_cli_json():
    a = nb.check(BOOK, box={"x": (-2, 2), "y": (-1, 1)}, points=5, seed=7)
    assert a.to_dict() == run_cli(BOOK, "--random", "5", "--box", "x=-2..2,y=-1..1", "--seed", "7")
    b = nb.check("abs(x) + y^2", at=[[0, 1], [2, 3]], step=1e-6)
    assert b.to_dict() == run_cli("abs(x) + y^2", "--at", "0,1", "--at", "2,3", "--step", "1e-6")
    assert b.rows[0].outcome == "kink"
    c = nb.check(BOOK)  # five random points of -5..5
    assert c.n_points == 5
    assert c.to_dict() == run_cli(BOOK, "--random", "5")


def test_hand_check_and_sweep_are_the_cli_json():
    a = nb.check(BOOK, grad=["x/4", "18*y"])
    assert a.to_dict() == run_cli(BOOK, "--grad", "x/4; 18*y")
    b = nb.check(BOOK, at={"x": 2, "y": 3}, sweep=True, precision="f32")
    assert b.to_dict() == run_cli(BOOK, "--at", "x=2,y=3", "--sweep", "--precision", "f32")


# ---- errors --------------------------------------------------------------------------------------


def test_a_gradient_that_raises_carries_the_students_exception():
    def broken(x):
        return np.array([1 / 0, 0.0])

    with pytest.raises(ValueError, match="broken` raised ZeroDivisionError") as e:
        nb.check(BOOK, grad=broken)
    assert isinstance(e.value.__cause__, ZeroDivisionError)
    def fun(x):
        return {}["a"]

    with pytest.raises(ValueError, match="fun` raised KeyError") as e:
        nb.check_gradient(fun, book_grad, [1.0, 2.0])
    assert isinstance(e.value.__cause__, KeyError)


def test_wrong_shapes_and_non_numbers():
    with pytest.raises(ValueError, match=r"shape \(3,\)"):
        nb.check(BOOK, grad=lambda x: np.zeros(3))
    with pytest.raises(ValueError, match=r"shape \(2, 1\)"):
        nb.check(BOOK, grad=lambda x: np.zeros((2, 1)))
    with pytest.raises(TypeError, match="not real numbers"):
        nb.check(BOOK, grad=lambda x: ["a", "b"])
    with pytest.raises(TypeError, match="not real numbers"):
        nb.check(BOOK, grad=lambda x: [None, 1.0])
    with pytest.raises(TypeError, match="not real numbers"):
        nb.check(BOOK, grad=lambda x: np.array([1j, 1.0]))
    with pytest.raises(TypeError, match="not real numbers") as e:
        nb.check(BOOK, grad=lambda x: [[1.0], [1.0, 2.0]])  # ragged: numpy refuses
    assert isinstance(e.value.__cause__, ValueError)
    with pytest.raises(ValueError, match="return one number"):
        nb.check_gradient(lambda x: x, book_grad, [1.0, 2.0])
    with pytest.raises(ValueError, match=r"shape \(1,\)"):
        nb.check_gradient(book_f, lambda x: [1.0], [1.0, 2.0])
    with pytest.raises(TypeError, match="must be a Python function"):
        nb.check_gradient(book_f, "x/8", [1.0, 2.0])
    with pytest.raises(TypeError, match="check_gradient"):
        nb.check(book_f)


def test_points_and_boxes_out_of_range():
    with pytest.raises(ValueError, match="from 0 to 100,000"):
        nb.check(BOOK, points=100_001)
    with pytest.raises(ValueError, match="from 0 to 100,000"):
        nb.check(BOOK, grad=book_grad, points=100_001)
    with pytest.raises(ValueError, match="out of range"):
        nb.check(BOOK, points=-1)
    assert nb.check(BOOK, grad=["x/8", "18*y"], points=100_000).n_points == 100_000  # the most
    with pytest.raises(ValueError, match="lower one first"):
        nb.check(BOOK, box=(1, -1))
    with pytest.raises(ValueError, match="lower one first"):
        nb.check(BOOK, box=[(0, 1), (0, float("inf"))])
    with pytest.raises(ValueError, match="0 intervals"):
        nb.check(BOOK, box=[])
    with pytest.raises(ValueError, match="3 intervals"):
        nb.check(BOOK, box=[(0, 1)] * 3)
    with pytest.raises(ValueError, match="no interval for `y`"):
        nb.check(BOOK, box={"x": (0, 1)})
    with pytest.raises(ValueError, match="pair of numbers"):
        nb.check(BOOK, box=[(0, 1, 2), (0, 1)])
    with pytest.raises(ValueError, match="no point to check"):
        nb.check(BOOK, points=0)


def test_bad_hand_formulas_and_options():
    with pytest.raises(ValueError, match="1 hand-derived formulas are given but the function has 2"):
        nb.check(BOOK, grad=["x/8"])
    with pytest.raises(nb.ParseError, match=r"\^"):
        nb.check(BOOK, grad=["x/8", "18*"])
    with pytest.raises(ValueError, match="not a variable"):
        nb.check(BOOK, grad={"z": "1"})
    with pytest.raises(ValueError, match="leave out sweep, step and precision"):
        nb.check(BOOK, grad=book_grad, step=1e-6)
    with pytest.raises(ValueError, match="exactly one point"):
        nb.check(BOOK, sweep=True)
    with pytest.raises(ValueError, match="positive finite"):
        nb.check_gradient(book_f, book_grad, [1.0, 2.0], h=-1.0)
    with pytest.raises(ValueError, match="unknown precision"):
        nb.check(BOOK, at=[1, 2], precision="f16")


# ---- Jupyter -------------------------------------------------------------------------------------


def test_html_central_table_has_the_verdict_on_top_and_a_row_per_partial():
    a = nb.check_gradient(book_f, sign_error, [[2.0, 3.0], [1.0, -1.0]])
    html = a._repr_html_()
    assert html.index(a.verdict.sentence) < html.index("<table>")
    assert html.count("<tr>") == 1 + 4  # the header and one row per point and partial
    table = html[html.index("<table>"):]
    assert table.count("DISAGREES") == 2  # y at both points
    assert "python function book_f" in html and "x[1]" in html


def test_html_hand_and_sweep_tables():
    a = nb.check(BOOK, grad=factor_error, points=20)
    html = a._repr_html_()
    assert html.count("<tr>") == 1 + 2
    assert "a factor of 2 too much" in html
    assert html.index(a.verdict.sentence) < html.index("<table>")
    s = nb.check(BOOK, at=[2, 3], sweep=True)._repr_html_()
    assert s.count("<tr>") == 1 + 13 and "<b>" in s


def test_the_modules_examples_run():
    import nabla._check

    failures, tried = doctest.testmod(nabla._check, optionflags=doctest.ELLIPSIS)
    assert (failures, tried > 0) == (0, True)
