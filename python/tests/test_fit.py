"""`nabla.fit` with numpy arrays, pandas DataFrames and dicts of columns.

Expected values come from independent references: the least-squares line y = a*x + b from
``numpy.linalg.lstsq`` (its closed form), an exponential y = A*exp(k*x) from
``scipy.optimize.curve_fit`` on exact synthetic data (and the generating parameters), and the
command line's ``nabla fit --json`` on the same data written to CSV (run as ``python -m nabla``).
"""

import json
import subprocess
import sys

import numpy as np
import pytest

import nabla as nb

TIMING = {"elapsed_s"}


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "nabla", *args], capture_output=True, text=True, timeout=120
    )


def noisy_line(n=50, seed=26):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-3, 3, n)
    y = 1.75 * x - 0.5 + rng.normal(0, 0.3, n)
    return x, y


def write_csv(path, columns):
    """Columns as CSV, every number in its shortest round-trip form (so the CLI reads the same
    float64 values)."""
    names = list(columns)
    rows = zip(*(columns[n] for n in names))
    lines = [",".join(names)] + [",".join(repr(float(v)) for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n")


def without_timing(doc):
    return {k: v for k, v in doc.items() if k not in TIMING}


def test_linear_least_squares_equals_lstsq():
    x, y = noisy_line()
    a = nb.fit("a*x + b", {"x": x, "y": y}, params=["a", "b"])
    assert a.command == "fit" and a.ok and a.verdict.kind in ("converged", "stalled")
    (a_ref, b_ref), *_ = np.linalg.lstsq(np.stack([x, np.ones_like(x)], axis=1), y, rcond=None)
    assert a.parameters.a == pytest.approx(a_ref, rel=1e-9, abs=1e-12)
    assert a.parameters.b == pytest.approx(b_ref, rel=1e-9, abs=1e-12)
    assert a.point == [a.parameters.a, a.parameters.b] and a.vars == ["a", "b"]
    # the loss is the mean squared residual at the solution
    mse = np.mean((a_ref * x + b_ref - y) ** 2)
    assert a.value == pytest.approx(mse, rel=1e-9)
    assert a.rows == len(x) and a.target == "y" and a.method == "lm" and a.data == "data"


def test_exponential_equals_curve_fit_on_exact_data():
    from scipy.optimize import curve_fit

    x = np.linspace(0, 2, 30)
    y = 1.5 * np.exp(-0.8 * x)  # exact: the true parameters fit with zero loss

    def model(x, A, k):
        return A * np.exp(k * x)

    (A_ref, k_ref), _ = curve_fit(model, x, y, p0=(1.0, -0.5))
    assert (A_ref, k_ref) == pytest.approx((1.5, -0.8), rel=1e-7)
    r = nb.fit("A*exp(k*x)", {"x": x, "y": y}, params=["A", "k"], init={"A": 1, "k": -0.5},
               epochs=500)
    assert r.ok
    assert r.parameters.A == pytest.approx(A_ref, rel=1e-7)
    assert r.parameters.k == pytest.approx(k_ref, rel=1e-7)
    assert r.parameters.A == pytest.approx(1.5, rel=1e-8)
    assert r.parameters.k == pytest.approx(-0.8, rel=1e-8)
    assert r.value < 1e-15


def test_every_data_form_gives_the_same_answer():
    pd = pytest.importorskip("pandas")
    x, y = noisy_line(20)
    label = np.array([f"p{i}" for i in range(len(x))])  # a text column the fit does not use
    by_dict = nb.fit("a*x + b", {"x": x, "y": y}, params=["a", "b"]).to_dict()
    frame = pd.DataFrame({"label": label, "x": x, "y": y})
    by_frame = nb.fit("a*x + b", frame, params=["a", "b"]).to_dict()
    rec = np.zeros(len(x), dtype=[("x", "f8"), ("y", "f4"), ("w", "i4")])
    rec["x"], rec["y"] = x, y.astype(np.float32)
    by_record = nb.fit("a*x + b", rec, params=["a", "b"]).to_dict()
    by_2d = nb.fit("a*x + b", np.stack([y, x], axis=1), columns=["y", "x"],
                   params="a,b").to_dict()
    for d in (by_frame, by_2d):
        assert without_timing(d) == without_timing(by_dict)
    # the structured array's y is float32: the same fit of the rounded targets
    y32 = y.astype(np.float32).astype(np.float64)
    assert without_timing(by_record) == without_timing(
        nb.fit("a*x + b", {"x": x, "y": y32}, params=["a", "b"]).to_dict()
    )


def test_to_dict_is_the_cli_json(tmp_path):
    x, y = noisy_line(30)
    csv = tmp_path / "pts.csv"
    write_csv(csv, {"x": x, "y": y})
    # full batch, L-BFGS, start values
    a = nb.fit("w*x + b", {"x": x, "y": y}, params=["w", "b"], init={"w": 3, "b": 1},
               name=str(csv))
    out = run_cli("fit", "w*x + b", "--data", str(csv), "--params", "w,b", "--init", "w=3,b=1",
                  "--json")
    assert out.returncode == 0, out.stderr
    assert without_timing(json.loads(out.stdout)) == without_timing(a.to_dict())
    # shuffled mini-batches with adam: the same seed gives the same run
    a = nb.fit("w*x + b", {"x": x, "y": y}, params=["w", "b"], method="adam", lr=0.05,
               batch=8, epochs=40, seed=7, name=str(csv))
    out = run_cli("fit", "w*x + b", "--data", str(csv), "--params", "w,b", "--method", "adam",
                  "--lr", "0.05", "--batch", "8", "--epochs", "40", "--seed", "7", "--json")
    assert out.returncode == 0, out.stderr
    cli = json.loads(out.stdout)
    assert without_timing(cli) == without_timing(a.to_dict())
    assert cli["batch_size"] == 8 and cli["iterations"] == 40 * 4  # ceil(30 / 8) = 4 per epoch
    # a custom loss and target
    data = {"t": y, "x": x}
    write_csv(csv, data)
    a = nb.fit("w*x + b", data, params=["w", "b"], target="t", loss="abs(pred - target)",
               method="nelder-mead", epochs=300, name=str(csv))
    out = run_cli("fit", "w*x + b", "--data", str(csv), "--params", "w,b", "--target", "t",
                  "--loss", "abs(pred - target)", "--method", "nelder-mead", "--epochs", "300",
                  "--json")
    assert out.returncode == 0, out.stderr
    assert without_timing(json.loads(out.stdout)) == without_timing(a.to_dict())


def test_divergence_is_an_answer_with_exit_1():
    x = np.array([-1.0, 0.0, 1.0])
    a = nb.fit("w*x + b", {"x": x, "y": 2 * x}, params=["w", "b"], method="gd", lr=10.0,
               batch=1, epochs=200)
    assert a.verdict.kind == "diverged" and a.exit_code == 1
    assert all(np.isfinite(a.point))


def test_bad_data_is_a_value_error():
    x = np.arange(5.0)
    with pytest.raises(ValueError, match="no column `x`"):
        nb.fit("w*x", {"z": x, "y": x}, params=["w"])
    with pytest.raises(ValueError, match="no target column `y`"):
        nb.fit("w*x", {"x": x}, params=["w"])
    with pytest.raises(ValueError, match="column `x`: the column is not numeric"):
        nb.fit("w*x", {"x": np.array(list("abcde")), "y": x}, params=["w"])
    bad = x.copy()
    bad[2] = np.nan
    with pytest.raises(ValueError, match=r"line 4, column `x`: `NaN` is not a finite number"):
        nb.fit("w*x", {"x": bad, "y": x}, params=["w"])
    with pytest.raises(ValueError, match="column `y` has 4 values but the first column has 5"):
        nb.fit("w*x", {"x": x, "y": x[:4]}, params=["w"])
    with pytest.raises(ValueError, match="1-D"):
        nb.fit("w*x", {"x": x.reshape(5, 1), "y": x}, params=["w"])
    with pytest.raises(ValueError, match="shape"):
        nb.fit("w*x", np.ones((5, 3)), columns=["x", "y"], params=["w"])
    with pytest.raises(ValueError, match="no data rows"):
        nb.fit("w*x", {"x": x[:0], "y": x[:0]}, params=["w"])
    with pytest.raises(TypeError, match="columns=\\[...\\]"):
        nb.fit("w*x", np.ones((5, 2)), params=["w"])
    with pytest.raises(TypeError, match="strings"):
        nb.fit("w*x", {1: x}, params=["w"])


def test_too_many_rows_is_refused_before_copying():
    # 2^28 numbers is the documented limit (nabla.MAX_CELLS in the library): one more row of
    # two columns is refused at once; the broadcast views take no memory.
    n = 2**27 + 1
    big = np.broadcast_to(np.float64(1.0), (n,))
    with pytest.raises(ValueError, match="more than 268435456 numbers"):
        nb.fit("w*x", {"x": big, "y": big}, params=["w"])


def test_bad_settings_are_value_errors():
    x = np.arange(5.0)
    data = {"x": x, "y": 2 * x}
    with pytest.raises(ValueError, match="does not use `lr`"):
        nb.fit("w*x", data, params=["w"], lr=0.1)  # lm (the default here) has no learning rate
    with pytest.raises(ValueError, match="unknown method `nope`"):
        nb.fit("w*x", data, params=["w"], method="nope")
    with pytest.raises(ValueError, match="epochs"):
        nb.fit("w*x", data, params=["w"], epochs=0)
    with pytest.raises(ValueError, match="more than 10,000,000"):
        nb.fit("w*x", data, params=["w"], epochs=10_000_001)
    with pytest.raises(ValueError, match="tolerance"):
        nb.fit("w*x", data, params=["w"], tol=-1.0)
    with pytest.raises(ValueError, match="batch size"):
        nb.fit("w*x", data, params=["w"], batch=0)
    with pytest.raises(ValueError, match="full-batch"):
        nb.fit("w*x", data, params=["w"], batch=2)  # lbfgs needs the full batch
    with pytest.raises(ValueError, match="does not appear in the formula"):
        nb.fit("w*x", data, params=["v"])
    with pytest.raises(ValueError, match="not a parameter"):
        nb.fit("w*x", data, params=["w"], init={"q": 1.0})
    with pytest.raises(nb.ParseError):
        nb.fit("w*", data, params=["w"])
    with pytest.raises(nb.ParseError):
        nb.fit("w*x", data, params=["w"], loss="(pred - ")


def test_levenberg_marquardt_gives_the_closed_form_standard_errors():
    # y = w*x + b through (-1, -3), (0, 0), (1, 1): w = 2, b = -2/3, rss = 2/3 with 1 degree of
    # freedom, so se(w) = sqrt((2/3) / 2) = 1/sqrt(3) and se(b) = sqrt((2/3) / 3) = sqrt(2)/3.
    data = {"x": np.array([-1.0, 0.0, 1.0]), "y": np.array([-3.0, 0.0, 1.0])}
    a = nb.fit("w*x + b", data, params=["w", "b"], method="lm")
    assert a.ok and a.method == "lm"
    np.testing.assert_allclose([a.parameters.w, a.parameters.b], [2.0, -2.0 / 3.0], rtol=1e-12)
    u = a.uncertainty
    np.testing.assert_allclose(u.std_errors, [1 / np.sqrt(3), np.sqrt(2) / 3], rtol=1e-12)
    assert u.dof == 1
    np.testing.assert_allclose(u.rss, 2.0 / 3.0, rtol=1e-12)
    with pytest.raises(ValueError, match="fits least squares"):
        nb.fit("w*x + b", data, params=["w", "b"], method="lm", loss="abs(pred - target)")


def _weighted_exponential():
    x = np.linspace(0, 3, 12)
    rng = np.random.default_rng(27)
    sigma = 0.05 + 0.1 * x
    y = 2.0 * np.exp(0.7 * x) + rng.normal(0, 1, x.size) * sigma
    return x, y, sigma


@pytest.mark.parametrize("absolute", [False, True])
def test_weighted_fit_equals_curve_fit_with_sigma(absolute):
    from scipy.optimize import curve_fit

    x, y, s = _weighted_exponential()

    def model(x, A, k):
        return A * np.exp(k * x)

    p, cov = curve_fit(model, x, y, p0=(1.0, 0.5), sigma=s, absolute_sigma=absolute,
                       xtol=1e-15, ftol=1e-15, gtol=1e-15)
    se = np.sqrt(np.diag(cov))
    a = nb.fit("A*exp(k*x)", {"x": x, "y": y, "s": s}, params=["A", "k"],
               init={"A": 1, "k": 0.5}, method="lm", sigma="s", absolute_sigma=absolute)
    assert a.ok and a.sigma == "s" and a.absolute_sigma == absolute
    assert [a.parameters.A, a.parameters.k] == pytest.approx(p, rel=1e-8)
    u = a.uncertainty
    assert u.weighted and u.absolute_sigma == absolute
    assert u.std_errors == pytest.approx(se, rel=1e-6)
    assert u.covariance == pytest.approx(cov.ravel(), rel=1e-6)
    # chi2 is the weighted residual sum, as the residuals are
    assert u.rss == pytest.approx(np.sum(((model(x, *p) - y) / s) ** 2), rel=1e-9)
    assert a.residuals == pytest.approx((model(x, *p) - y) / s, rel=1e-6, abs=1e-9)


def test_bad_sigma_is_a_value_error_naming_line_and_column():
    x, y, s = _weighted_exponential()
    s = s.copy()
    s[3] = 0.0
    with pytest.raises(ValueError, match=r"`data` line 5, column `s`: the uncertainty σ = 0"):
        nb.fit("A*exp(k*x)", {"x": x, "y": y, "s": s}, params=["A", "k"], sigma="s")
    s[3] = np.nan
    with pytest.raises(ValueError, match=r"line 5, column `s`"):
        nb.fit("A*exp(k*x)", {"x": x, "y": y, "s": s}, params=["A", "k"], sigma="s")
    with pytest.raises(ValueError, match="no column `t` of uncertainties"):
        nb.fit("A*exp(k*x)", {"x": x, "y": y}, params=["A", "k"], sigma="t")
    with pytest.raises(ValueError, match="sigma="):
        nb.fit("A*exp(k*x)", {"x": x, "y": y}, params=["A", "k"], absolute_sigma=True)


def test_residual_plot_inline_and_to_files(tmp_path):
    import xml.etree.ElementTree as ET

    x, y, s = _weighted_exponential()
    svg_path = tmp_path / "residuals.svg"
    a = nb.fit("A*exp(k*x)", {"x": x, "y": y, "s": s}, params=["A", "k"],
               init={"A": 1, "k": 0.5}, method="lm", sigma="s", plot=str(svg_path))
    assert a.files == [str(svg_path)]
    root = ET.parse(svg_path).getroot()
    circles = [e for e in root.iter() if e.tag.endswith("circle")]
    assert len(circles) == x.size
    pic = a.plot_residuals()
    assert ET.fromstring(pic._repr_svg_()).tag.endswith("svg")
    assert "weighted residuals" in pic.svg
    png = tmp_path / "residuals.png"
    a.plot_residuals(png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not [p for p in tmp_path.iterdir() if ".tmp." in p.name]
    with pytest.raises(ValueError, match=r"\.svg or \.png"):
        nb.fit("A*exp(k*x)", {"x": x, "y": y}, params=["A", "k"], plot=str(tmp_path / "r.gif"))
    # the page shows each parameter with its standard error
    html = a._repr_html_()
    se = a.uncertainty.std_errors
    assert f"A</th><td style='text-align:left'>{nb._nabla.fmt_number(a.parameters.A)} &plusmn; " \
           f"{nb._nabla.fmt_number(se[0])}" in html
    assert "covariance scaled by the reduced &chi;&sup2;" in html


def test_bounds_give_the_closed_form_and_scipy_trf():
    # y = a + b*x on points whose least-squares slope is negative, with b >= 0: S(a, b) is convex
    # and at (mean(y), 0) dS/da = 0 and dS/db = -2 Sxy > 0, the KKT conditions of the bounded
    # minimum, so b = 0 and a = mean(y).
    x = np.arange(10.0)
    y = 5.0 - 0.3 * x + np.array([0.3, -0.2, 0.1, -0.4, 0.25, 0.0, -0.15, 0.35, -0.3, 0.05])
    assert np.sum((x - x.mean()) * (y - y.mean())) < 0
    for b in [(0, None), (0.0, float("inf")), [0, np.inf]]:
        a = nb.fit("a + b*x", {"x": x, "y": y}, params=["a", "b"], bounds={"b": b})
        assert a.ok and a.method == "trf"
        assert a.parameters.b == 0.0
        np.testing.assert_allclose(a.parameters.a, y.mean(), rtol=1e-14)
        assert a.to_dict()["bounds"] == [
            {"param": "b", "lower": 0.0, "upper": None, "active": "lower"}
        ]
        assert any("ignores the bound" in n for n in a.uncertainty.notes)
    # A nonlinear fit with an active bound against scipy's own trust-region reflective.
    from scipy.optimize import least_squares

    t = np.linspace(0, 4, 25)
    rng = np.random.default_rng(28)
    z = 3.0 * np.exp(-0.8 * t) + 0.5 + rng.normal(0, 0.02, t.size)
    ref = least_squares(
        lambda p: p[0] * np.exp(-p[1] * t) + p[2] - z,
        [1.0, 0.5, 0.3],
        bounds=([-np.inf, -np.inf, -np.inf], [np.inf, np.inf, 0.4]),
        method="trf",
        x_scale="jac",
        ftol=1e-15,
        xtol=1e-15,
        gtol=1e-15,
    )
    assert ref.active_mask[2] == 1
    a = nb.fit(
        "A*exp(-k*t) + c",
        {"t": t, "y": z},
        params=["A", "k", "c"],
        init={"A": 1.0, "k": 0.5, "c": 0.3},
        bounds={"c": (None, 0.4)},
    )
    assert a.ok and a.verdict.kind == "converged"
    np.testing.assert_allclose(a.point, ref.x, rtol=1e-9)
    assert a.parameters.c == 0.4
    assert a.to_dict()["bounds"][0]["active"] == "upper"


def test_bad_bounds_are_errors():
    data = {"x": np.array([1.0, 2.0, 3.0]), "y": np.array([2.0, 4.1, 5.9])}
    fit = lambda **kw: nb.fit("k*x", data, params=["k"], init={"k": 1.0}, **kw)
    with pytest.raises(ValueError, match="give a lower bound below the upper one"):
        fit(bounds={"k": (2, 1)})
    with pytest.raises(ValueError, match="`q` has bounds but is not a parameter"):
        fit(bounds={"q": (0, 1)})
    with pytest.raises(ValueError, match="outside its bounds 1.5..3"):
        fit(bounds={"k": (1.5, 3)})
    with pytest.raises(ValueError, match="need method `trf`"):
        fit(bounds={"k": (0, 3)}, method="lm")
    for bad in [{"k": 0}, {"k": (0, 1, 2)}, {"k": ("a", 1)}, {"k": "0..1"}, {1: (0, 1)}]:
        with pytest.raises(TypeError):
            fit(bounds=bad)
