"""Minimizing from Python: ``nabla.minimize``, ``compare``, ``minimize_global``, ``certify``, their
scipy-like results, their equality with ``nabla min ... --json``, and nabla's formulas inside
``scipy.optimize.minimize``.

Expected values come from independent sources: closed forms (Beale's minimum is 0 at (3, 0.5);
Rosenbrock's is 0 at (1, ..., 1); ``x - ln(x)`` is not finite at 0), the book's printed numbers
(/work/shared/seed-table.md rows A2, A3, A4, A8), the literature's value of the six-hump camel's
global minimum (-1.0316284534898774 at (0.0898, -0.7126) and (-0.0898, 0.7126)), the documented
limits (README's "Limits": at most 100,000,000 iterations), and scipy's own optimizers. The
equality with the command line is checked against the document ``python -m nabla`` prints.
"""

import json
import subprocess
import sys

import numpy as np
import pytest

import nabla as nb

BEALE = "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2"
CAMEL = "(4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (-4 + 4*y^2)*y^2"
CAMEL_MIN = -1.0316284534898774
SCIPY_NAMES = ["x", "fun", "jac", "nit", "nfev", "njev", "nhev", "success", "status", "message"]


def rosenbrock(n):
    """The n-variable Rosenbrock function as a formula, its sum written out term by term."""
    text = " + ".join(f"100*(x{i + 1} - x{i}^2)^2 + (1 - x{i})^2" for i in range(n - 1))
    return nb.Formula(text, vars=[f"x{i}" for i in range(n)])


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "nabla", *args], capture_output=True, text=True, timeout=120
    )


def untimed(doc):
    """A document without its wall-clock keys (``elapsed_s``), which differ between two runs."""
    if isinstance(doc, dict):
        return {k: untimed(v) for k, v in doc.items() if k != "elapsed_s"}
    if isinstance(doc, list):
        return [untimed(v) for v in doc]
    return doc


def cli_json(*args):
    out = run_cli("min", *args, "--json")
    assert out.returncode in (0, 1, 3), out.stderr
    return untimed(json.loads(out.stdout)), out.returncode


# One run ---------------------------------------------------------------------------------------


def test_minimize_beale_is_a_scipy_like_result():
    r = nb.minimize(BEALE, [3, 4])
    assert isinstance(r, nb.MinResult) and r.shape == "run"
    np.testing.assert_allclose(r.x, [3.0, 0.5], atol=1e-7)
    assert isinstance(r.x, np.ndarray) and isinstance(r.jac, np.ndarray) and r.jac.shape == (2,)
    assert 0 <= r.fun < 1e-12
    assert np.abs(r.jac).max() < 1e-8  # the default tolerance, the book's epsilon
    assert r.success is True and r.status == 0
    assert r.message == r.verdict.sentence
    assert r.verdict.kind == "local_minimum" and r.classification.kind == "local_minimum"
    assert isinstance(r.nit, int) and r.nit > 0 and r.nfev >= r.nit and r.njev >= r.nit
    assert r.nhev == 0  # L-BFGS never evaluates the Hessian
    assert r.method == "lbfgs" and set(r.settings.keys()) == {"memory", "c1", "c2"}
    np.testing.assert_array_equal(r["x"], r.x)
    assert r["fun"] == r.fun and r["verdict"] == r.verdict
    assert r.keys()[: len(SCIPY_NAMES)] == SCIPY_NAMES and "verdict" in r.keys()
    assert "x" in r and "settings" in r and "nothing" not in r
    assert dict(r)["nit"] == r.nit


@pytest.mark.parametrize(
    "py, cli",
    [
        (dict(x0=[3, 4]), "--from 3,4"),
        (dict(), ""),
        (
            dict(x0={"y": 4, "x": 3}, method="gd", lr=1e-5, maxiter=2000, stall=0),
            "--from x=3,y=4 --method gd --lr 1e-5 --iters 2000 --stall 0",
        ),
        (dict(x0=[3, 4], method="gd", maxiter=500), "--from 3,4 --method gd --iters 500"),
        (
            dict(x0=[1, 1], method="adam", beta2=0.999, eps=1e-7, maxiter=3000, trace=1000),
            "--from 1,1 --method adam --beta2 0.999 --eps 1e-7 --iters 3000 --trace 1000",
        ),
        (
            dict(x0=[1, 1], method="nelder-mead", tol=1e-6),
            "--from 1,1 --method nelder-mead --tol 1e-6",
        ),
        (dict(x0=[1, 1], method="newton"), "--from 1,1 --method newton"),
        (
            dict(x0=[1, 1], method="rmsprop", centered=True, momentum=0.5, maxiter=100),
            "--from 1,1 --method rmsprop --centered --momentum 0.5 --iters 100",
        ),
    ],
)
def test_minimize_to_dict_is_the_cli_json(py, cli):
    r = nb.minimize(BEALE, **py)
    doc, code = cli_json(BEALE, *cli.split())
    assert untimed(r.to_dict()) == doc
    assert r.status == code


def test_default_start_and_default_step_are_the_cli_defaults():
    # The origin is outside the domain of x - ln(x): the default start is (1, ..., 1).
    r = nb.minimize("x - ln(x)")
    assert r.start == [1.0]
    assert abs(r.x[0] - 1.0) < 1e-8  # d/dx (x - ln x) = 1 - 1/x = 0 at x = 1
    assert nb.minimize("(x - 2)^2 + (y + 1)^2").start == [0.0, 0.0]
    # GD's default step from Beale's (3, 4) is the book's 5e-6 (README, "Method defaults").
    gd = nb.minimize(BEALE, [3, 4], method="gd", maxiter=10)
    assert gd.settings.lr == 5e-6
    # A setting given wins over the default.
    assert nb.minimize(BEALE, [3, 4], method="gd", lr=1e-6, maxiter=10).settings.lr == 1e-6


def test_book_momentum_with_its_epsilon():
    # Row A3: Momentum v = 0.8 v + lr g, lr 5e-6, 300000 iterations, epsilon 1e-6.
    r = nb.minimize(
        BEALE, [3, 4], "momentum", lr=5e-6, momentum=0.8, maxiter=300_000, tol=1e-6, stall=0
    )
    np.testing.assert_allclose(r.x, [2.96324633, 0.49067782], atol=5e-9)


def test_rosenbrock_100_by_nabla():
    r = nb.minimize(rosenbrock(100))
    np.testing.assert_allclose(r.x, np.ones(100), atol=1e-7)
    assert r.fun < 1e-12 and r.success


# Settings and errors ---------------------------------------------------------------------------


def test_a_setting_the_method_does_not_read_is_an_error():
    with pytest.raises(ValueError, match=r"`gd` does not use `momentum`: gd takes lr, decay"):
        nb.minimize(BEALE, [3, 4], method="gd", momentum=0.9)
    with pytest.raises(ValueError, match=r"`lbfgs` does not use `lr`: lbfgs takes memory, c1, c2"):
        nb.minimize(BEALE, [3, 4], lr=0.1)
    with pytest.raises(ValueError, match="nelder-mead takes no settings"):
        nb.minimize(BEALE, [3, 4], method="nelder-mead", c1=0.1)
    with pytest.raises(TypeError, match="unexpected keyword argument `learning_rate`"):
        nb.minimize(BEALE, [3, 4], method="gd", learning_rate=0.1)
    with pytest.raises(ValueError, match="invalid lr"):
        nb.minimize(BEALE, [3, 4], method="gd", lr=-1)
    with pytest.raises(TypeError, match="needs a number"):
        nb.minimize(BEALE, [3, 4], method="gd", lr="fast")


def test_errors():
    listed = "unknown method `bfgs`: use one of gd, momentum, .*, nelder-mead"
    with pytest.raises(ValueError, match=listed):
        nb.minimize(BEALE, [3, 4], method="bfgs")
    for bad in (float("nan"), float("inf")):
        with pytest.raises(ValueError, match="x0 must be finite"):
            nb.minimize(BEALE, [3, bad])
    with pytest.raises(ValueError, match="no variables"):
        nb.minimize("3 + 4")
    with pytest.raises(ValueError, match="from 0 to 100,000,000"):
        nb.minimize(BEALE, [3, 4], maxiter=100_000_001)
    with pytest.raises(ValueError, match="out of range"):
        nb.minimize(BEALE, [3, 4], maxiter=-1)
    with pytest.raises(TypeError, match="whole number"):
        nb.minimize(BEALE, [3, 4], maxiter=1.5)
    with pytest.raises(ValueError, match="tol must be a non-negative number"):
        nb.minimize(BEALE, [3, 4], tol=-1)
    with pytest.raises(ValueError, match="time limit"):
        nb.minimize(BEALE, [3, 4], time=0)
    with pytest.raises(ValueError, match="2 values"):
        nb.minimize(BEALE, [3, 4, 5])
    with pytest.raises(ValueError, match="not finite at the start point"):
        nb.minimize("x - ln(x)", [-1])
    with pytest.raises(nb.ParseError):
        nb.minimize("x +* y", [1, 2])


def test_the_iteration_limit_is_the_cli_limit():
    # The documented maximum itself is accepted (L-BFGS stops long before it) ...
    assert nb.minimize("(x - 1)^2", [0], maxiter=100_000_000).success
    # ... and one more is refused by both front ends.
    assert run_cli("min", "(x - 1)^2", "--iters", "100000001").returncode == 2
    with pytest.raises(ValueError):
        nb.minimize("(x - 1)^2", [0], maxiter=100_000_001)


# Comparisons: the book's Beale table ----------------------------------------------------------


BOOK_METHODS = [
    ("gd", {"lr": 5e-6}),  # A2
    ("momentum", {"lr": 5e-6, "momentum": 0.8}),  # A3 (the book's epsilon is 1e-6; see above)
    ("adagrad", {"lr": 0.1}),  # A4
    ("adam", {"lr": 0.001, "beta1": 0.9, "beta2": 0.8, "iters": 100_000}),  # A8
]


def test_compare_reproduces_the_books_beale_table():
    c = nb.compare(BEALE, [3, 4], methods=BOOK_METHODS, maxiter=300_000, tol=1e-8, stall=0)
    assert c.shape == "compare" and c.success and c.status == 0
    gd, momentum, adagrad, adam = c.results
    assert [r.label for r in c.results] == ["gd", "momentum", "adagrad", "adam"]
    np.testing.assert_allclose(gd.x, [2.70735828, 0.41689171], atol=5e-9)
    np.testing.assert_allclose(momentum.x, [2.96324633, 0.49067782], atol=5e-9)
    np.testing.assert_allclose(adagrad.x, [-0.69240717, 1.76233766], atol=5e-9)
    # Adam with beta2 0.8 oscillates around (3, 0.5) with amplitude about 5e-5 (row A8).
    assert abs(adam.x[0] - 3) < 1e-4 and abs(adam.x[1] - 0.5) < 1e-4
    assert gd.nit == 300_000 and adam.nit == 100_000
    # Adagrad's point is no minimum: its gradient there is about (0.59, 0.89) (row A4).
    assert not adagrad.success and adagrad.status == 1
    assert np.abs(adagrad.jac).max() > 0.5
    assert c.best.label == "adam"
    with pytest.raises(AttributeError, match="one x per run"):
        c.x


def test_compare_to_dict_is_the_cli_json():
    methods = [("gd", {"lr": 5e-6, "iters": 1000}), ("momentum", {"lr": 5e-6}), "adam"]
    c = nb.compare(BEALE, [3, 4], methods, maxiter=2000)
    doc, code = cli_json(
        BEALE, "--from", "3,4", "--iters", "2000",
        "--compare", "gd:lr=5e-6:iters=1000,momentum:lr=5e-6,adam",
    )
    assert untimed(c.to_dict()) == doc and code == 0


def test_compare_errors():
    with pytest.raises(ValueError, match="give the methods to compare"):
        nb.compare(BEALE, [3, 4])
    with pytest.raises(ValueError, match="does not apply to any method compared"):
        nb.compare(BEALE, [3, 4], ["gd", "adam"], momentum=0.5)
    with pytest.raises(ValueError, match="`gd` does not use `momentum`"):
        nb.compare(BEALE, [3, 4], [("gd", {"momentum": 0.5})])
    with pytest.raises(ValueError, match="unknown method"):
        nb.compare(BEALE, [3, 4], ["gd", "sgdm"])


# Global search and certificates ----------------------------------------------------------------


def test_minimize_global_finds_the_six_hump_camels_minimum():
    g = nb.minimize_global(CAMEL, [(-3, 3), (-2, 2)])
    assert g.shape == "global" and g.success and g.status == 0
    assert abs(g.fun - CAMEL_MIN) < 1e-9
    # Either of the two global minimizers (literature: (0.0898, -0.7126), (-0.0898, 0.7126)).
    assert np.abs(np.abs(g.x) - [0.0898, 0.7126]).max() < 1e-4 and g.x[0] * g.x[1] < 0
    assert g.xl.shape[1] == 2 and len(g.funl) == g.xl.shape[0]
    assert abs(g.funl.min() - CAMEL_MIN) < 1e-9
    assert g.message == g.verdict.sentence and g.nfev > 0
    doc, code = cli_json(CAMEL, "--global", "--box", "x=-3..3,y=-2..2")
    assert untimed(g.to_dict()) == doc and code == 0


def test_certify_proves_beales_minimum():
    c = nb.certify(BEALE, (-4.5, 4.5))
    assert c.shape == "certify" and c.certified and c.success and c.status == 0
    # Beale's minimum over the box is 0 (at (3, 0.5)): the proven bounds hold it, within tol.
    assert c.lower <= 0.0 <= c.upper and c.upper - c.lower <= 1e-6
    assert c.fun == c.upper
    np.testing.assert_allclose(c.x, [3.0, 0.5], atol=1e-3)
    doc, code = cli_json(BEALE, "--certify", "--box", "-4.5..4.5")
    assert untimed(c.to_dict()) == doc and code == 0


def test_box_forms_agree():
    f = nb.Formula("(x - 1)^2 + (y + 2)^2")
    boxes = [
        (-5, 5),
        [(-5, 5), (-5, 5)],
        {"y": (-5, 5), "x": [-5, 5]},
        np.array([[-5.0, 5.0], [-5.0, 5.0]]),
    ]
    for b in boxes:
        c = nb.certify(f, b)
        assert c.to_dict()["box"] == [[-5.0, 5.0], [-5.0, 5.0]]
        assert c.lower <= 0.0 <= c.upper  # the minimum 0 at (1, -2)
    g = nb.minimize_global(f, {"x": (-5, 5), "y": (-5, 5)}, starts=4)
    assert g.box == [[-5.0, 5.0], [-5.0, 5.0]]
    np.testing.assert_allclose(g.x, [1.0, -2.0], atol=1e-7)


def test_invalid_boxes():
    for search in (nb.certify, nb.minimize_global):
        with pytest.raises(ValueError, match="empty or not finite"):
            search(BEALE, [(1, -1), (0, 1)])
        with pytest.raises(ValueError, match="empty or not finite"):
            search(BEALE, [(0, float("inf")), (0, 1)])
        with pytest.raises(ValueError, match="3 ranges but the formula has 2 variables"):
            search(BEALE, [(0, 1)] * 3)
        with pytest.raises(ValueError, match="no range for y"):
            search(BEALE, {"x": (0, 1)})
        with pytest.raises(ValueError, match="`z`, which is not a variable"):
            search(BEALE, {"x": (0, 1), "z": (0, 1)})
        with pytest.raises(ValueError, match=r"not a \(lo, hi\) pair"):
            search(BEALE, [(0, 1, 2), (0, 1)])
        with pytest.raises(TypeError, match="not a text"):
            search(BEALE, "-5..5")
    with pytest.raises(ValueError, match="starts"):
        nb.minimize_global(BEALE, (-1, 1), starts=0)
    with pytest.raises(ValueError, match="tolerance must be a positive number"):
        nb.certify(BEALE, (-1, 1), tol=0)


# scipy with nabla's derivatives ----------------------------------------------------------------


@pytest.mark.parametrize("method", ["trust-exact", "Newton-CG", "BFGS"])
def test_scipy_minimize_with_nablas_jac_and_hess(method):
    import scipy.optimize as so

    hess = lambda f: None if method == "BFGS" else f.hessian  # noqa: E731
    beale = nb.Formula(BEALE)
    r = so.minimize(beale, np.array([1.0, 1.0]), jac=beale.grad, hess=hess(beale), method=method)
    assert r.success
    np.testing.assert_allclose(r.x, [3.0, 0.5], atol=1e-5)
    rosen = rosenbrock(100)
    # Newton-CG's default stop (a step below 1e-5) is too coarse for 1e-4 in every coordinate.
    options = {"xtol": 1e-10} if method == "Newton-CG" else {}
    r = so.minimize(
        rosen, np.zeros(100), jac=rosen.grad, hess=hess(rosen), method=method, options=options
    )
    assert r.success
    np.testing.assert_allclose(r.x, np.ones(100), atol=1e-4)
