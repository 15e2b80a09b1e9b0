"""scipy on the NIST StRD nonlinear-regression problems (issue 27): the figures beside nabla's in
README's table. Measured, not asserted.

Reads ``tests/data/strd/*.dat`` (NIST's files: starts, certified parameters and standard errors,
certified residual sum of squares, data) and fits every problem from both official starts with

- ``least_squares(method='trf')`` and ``least_squares(method='lm')``, both given the residuals'
  Jacobian by the complex step, ``J[:, k] = Im r(b + i h e_k) / h`` with ``h = 1e-20 max(1, |b_k|)``:
  no subtraction, so it is exact to rounding (the models are analytic: exp, powers, cos, sin,
  arctan), with no hand-written derivatives and no sympy; ``ftol = xtol = gtol = 1e-15``,
  ``max_nfev = 10000``;
- ``curve_fit`` as people call it: its defaults (``lm``, the 2-point finite-difference Jacobian,
  MINPACK's tolerances 1.49e-8), with ``maxfev = 10000``.

Standard errors: ``sqrt(diag(s^2 (J^T J)^-1))`` with ``s^2 = rss / (n - p)`` at the solution (the
Jacobian scipy returns, through its SVD), and ``sqrt(diag(pcov))`` for ``curve_fit``.

Per run it prints the minimum over parameters of NIST's log relative error (LRE =
``-log10(|est - cert| / |cert|)``, in 0..11), the same for the standard errors, and the time per
fit (best of ``--repeat`` fits); then per method the counts at LRE >= 4 and >= 6, and of standard
errors at LRE >= 4 over the runs whose certified residual sum is above double-precision rounding
(all but Lanczos1, whose certified sum is 1.4e-25).

The model translations are the same as in tests/suite/strd.rs (NIST's expressions, in numpy),
each checked here against the certified residual sum of squares to 1e-6 relative.

Run: ``scripts/install-python.sh`` (numpy and scipy pinned), then
``.venv/bin/python python/bench/strd_scipy.py`` (``--repeat 1`` for a quick pass).
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import time
import warnings
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Tuple

import numpy as np
import scipy
from scipy.optimize import OptimizeWarning, curve_fit, least_squares

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "tests", "data", "strd")
LRE_CAP = 11.0

Model = Callable[[np.ndarray, Dict[str, np.ndarray]], np.ndarray]
pi = np.pi
exp, cos, sin, arctan = np.exp, np.cos, np.sin, np.arctan


def _gauss(b, c):
    x = c["x"]
    return (
        b[0] * exp(-b[1] * x)
        + b[2] * exp(-((x - b[3]) ** 2) / b[4] ** 2)
        + b[5] * exp(-((x - b[6]) ** 2) / b[7] ** 2)
    )


def _lanczos(b, c):
    x = c["x"]
    return b[0] * exp(-b[1] * x) + b[2] * exp(-b[3] * x) + b[4] * exp(-b[5] * x)


def _rational3(b, c):
    x = c["x"]
    return (b[0] + b[1] * x + b[2] * x**2 + b[3] * x**3) / (1 + b[4] * x + b[5] * x**2 + b[6] * x**3)


def _enso(b, c):
    x = c["x"]
    return (
        b[0]
        + b[1] * cos(2 * pi * x / 12)
        + b[2] * sin(2 * pi * x / 12)
        + b[4] * cos(2 * pi * x / b[3])
        + b[5] * sin(2 * pi * x / b[3])
        + b[7] * cos(2 * pi * x / b[6])
        + b[8] * sin(2 * pi * x / b[6])
    )


# NIST's models in numpy (b[0] is NIST's b1), in NIST's order; Nelson's response is log(y).
MODELS: Dict[str, Model] = {
    "Misra1a": lambda b, c: b[0] * (1 - exp(-b[1] * c["x"])),
    "Chwirut2": lambda b, c: exp(-b[0] * c["x"]) / (b[1] + b[2] * c["x"]),
    "Chwirut1": lambda b, c: exp(-b[0] * c["x"]) / (b[1] + b[2] * c["x"]),
    "Lanczos3": _lanczos,
    "Gauss1": _gauss,
    "Gauss2": _gauss,
    "DanWood": lambda b, c: b[0] * c["x"] ** b[1],
    "Misra1b": lambda b, c: b[0] * (1 - (1 + b[1] * c["x"] / 2) ** (-2)),
    "Kirby2": lambda b, c: (b[0] + b[1] * c["x"] + b[2] * c["x"] ** 2)
    / (1 + b[3] * c["x"] + b[4] * c["x"] ** 2),
    "Hahn1": _rational3,
    "Nelson": lambda b, c: b[0] - b[1] * c["x1"] * exp(-b[2] * c["x2"]),
    "MGH17": lambda b, c: b[0] + b[1] * exp(-c["x"] * b[3]) + b[2] * exp(-c["x"] * b[4]),
    "Lanczos1": _lanczos,
    "Lanczos2": _lanczos,
    "Gauss3": _gauss,
    "Misra1c": lambda b, c: b[0] * (1 - (1 + 2 * b[1] * c["x"]) ** (-0.5)),
    "Misra1d": lambda b, c: b[0] * b[1] * c["x"] * ((1 + b[1] * c["x"]) ** (-1)),
    "Roszman1": lambda b, c: b[0] - b[1] * c["x"] - arctan(b[2] / (c["x"] - b[3])) / pi,
    "ENSO": _enso,
    "MGH09": lambda b, c: b[0] * (c["x"] ** 2 + c["x"] * b[1]) / (c["x"] ** 2 + c["x"] * b[2] + b[3]),
    "Thurber": _rational3,
    "BoxBOD": lambda b, c: b[0] * (1 - exp(-b[1] * c["x"])),
    "Rat42": lambda b, c: b[0] / (1 + exp(b[1] - b[2] * c["x"])),
    "MGH10": lambda b, c: b[0] * exp(b[1] / (c["x"] + b[2])),
    "Eckerle4": lambda b, c: (b[0] / b[1]) * exp(-0.5 * ((c["x"] - b[2]) / b[1]) ** 2),
    "Rat43": lambda b, c: b[0] / ((1 + exp(b[1] - b[2] * c["x"])) ** (1 / b[3])),
    "Bennett5": lambda b, c: b[0] * (b[1] + c["x"]) ** (-1 / b[2]),
}
LOG_RESPONSE = {"Nelson"}


@dataclass
class Strd:
    name: str
    starts: Tuple[np.ndarray, np.ndarray]
    certified: np.ndarray
    std_errors: np.ndarray
    rss: float
    y: np.ndarray
    cols: Dict[str, np.ndarray]


def read_strd(path: str) -> Strd:
    """Parses one NIST .dat file (the same reading as tests/suite/strd.rs)."""
    name = os.path.splitext(os.path.basename(path))[0]
    with open(path) as f:
        lines = f.read().splitlines()
    rng = next(l for l in lines if l.lstrip().startswith("Data ") and "(lines" in l)
    first, last = (int(t) for t in re.findall(r"\d+", rng)[:2])
    names = lines[first - 2].split(":", 1)[1].split()
    rows = np.array([[float(t) for t in l.split()] for l in lines[first - 1 : last]])
    assert rows.shape[1] == len(names), name
    params = []
    for l in lines:
        m = re.match(r"\s*b(\d+)\s*=(.*)", l)
        if m:
            v = [float(t) for t in m.group(2).split()]
            assert len(v) == 4, (name, l)
            params.append(v)
    p = np.array(params)
    rss = float(next(l for l in lines if "Residual Sum of Squares:" in l).split(":")[1])
    cols = {n: rows[:, k] for k, n in enumerate(names)}
    y = cols.pop("y")
    if name in LOG_RESPONSE:
        y = np.log(y)
    return Strd(name, (p[:, 0], p[:, 1]), p[:, 2], p[:, 3], rss, y, cols)


def lre(est: np.ndarray, cert: np.ndarray) -> float:
    """The smallest NIST LRE over the pairs, each in 0..11 (0 where the estimate is not finite)."""
    out = LRE_CAP
    for e, c in zip(np.atleast_1d(est), np.atleast_1d(cert)):
        if not np.isfinite(e):
            return 0.0
        err = abs(e - c)
        v = LRE_CAP if err == 0 else -np.log10(err / abs(c) if c != 0 else err)
        out = min(out, float(np.clip(v, 0.0, LRE_CAP)))
    return out


def rounding_floor(y: np.ndarray) -> float:
    """The residual sum that 11-digit parameters can reproduce: n (1e-10 max|y|)^2."""
    return len(y) * (1e-10 * np.max(np.abs(y))) ** 2


def complex_step_jac(model: Model, s: Strd) -> Callable[[np.ndarray], np.ndarray]:
    """The residuals' Jacobian by the complex step: exact to rounding for analytic models."""

    def jac(b: np.ndarray) -> np.ndarray:
        p = len(b)
        J = np.empty((len(s.y), p))
        for k in range(p):
            h = 1e-20 * max(1.0, abs(b[k]))
            bc = b.astype(complex)
            bc[k] += 1j * h
            J[:, k] = model(bc, s.cols).imag / h
        return J

    return jac


def std_errors_from_jac(J: np.ndarray, rss: float) -> np.ndarray:
    """sqrt(diag(s^2 (J^T J)^-1)), s^2 = rss / (n - p), through the SVD as curve_fit does."""
    n, p = J.shape
    _, sv, vt = np.linalg.svd(J, full_matrices=False)
    keep = sv > np.finfo(float).eps * max(J.shape) * sv[0]
    vt, sv = vt[keep], sv[keep]
    cov = (vt.T / sv**2) @ vt
    return np.sqrt(np.diag(cov) * rss / (n - p))


@dataclass
class Result:
    params: np.ndarray
    se: Optional[np.ndarray]
    ok: bool


def fit_least_squares(method: str, model: Model, s: Strd, b0: np.ndarray) -> Result:
    res = least_squares(
        lambda b: model(b, s.cols) - s.y,
        b0,
        jac=complex_step_jac(model, s),
        method=method,
        ftol=1e-15,
        xtol=1e-15,
        gtol=1e-15,
        max_nfev=10000,
    )
    rss = float(np.sum(res.fun**2))
    return Result(res.x, std_errors_from_jac(res.jac, rss), bool(res.success))


def fit_curve_fit(model: Model, s: Strd, b0: np.ndarray) -> Result:
    xdata = np.zeros(len(s.y))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", OptimizeWarning)
        try:
            popt, pcov = curve_fit(
                lambda _x, *b: model(np.array(b), s.cols), xdata, s.y, p0=b0, maxfev=10000
            )
        except RuntimeError:
            return Result(np.full(len(b0), np.nan), None, False)
    se = np.sqrt(np.diag(pcov)) if np.all(np.isfinite(pcov)) else None
    return Result(popt, se, True)


METHODS: List[Tuple[str, Callable[[Model, Strd, np.ndarray], Result]]] = [
    ("trf", lambda m, s, b0: fit_least_squares("trf", m, s, b0)),
    ("lm", lambda m, s, b0: fit_least_squares("lm", m, s, b0)),
    ("curve_fit", fit_curve_fit),
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=5, help="fits per timing (best of)")
    args = ap.parse_args()
    problems = {os.path.splitext(os.path.basename(p))[0]: p for p in glob.glob(f"{DATA}/*.dat")}
    assert sorted(problems) == sorted(MODELS), "tests/data/strd and MODELS disagree"
    print(f"scipy {scipy.__version__}, numpy {np.__version__}")
    print(
        f"{'dataset':<9} {'start':>5} "
        + " ".join(f"{m + ' LRE':>13} {'se':>5} {'ms':>7}" for m, _ in METHODS)
    )
    # Runs at LRE >= 4, >= 6; standard errors at LRE >= 4 (all runs, and the runs whose certified
    # residual sum is above rounding); how many runs those are.
    counts = {m: [0, 0, 0, 0, 0] for m, _ in METHODS}
    totals = {m: 0.0 for m, _ in METHODS}
    warnings.simplefilter("ignore", RuntimeWarning)  # overflow at wild trial points
    for name, model in MODELS.items():
        s = read_strd(problems[name])
        rss = float(np.sum((model(s.certified, s.cols) - s.y) ** 2))
        floor = rounding_floor(s.y)
        if s.rss > floor:
            assert abs(rss - s.rss) <= 1e-6 * s.rss, (name, rss, s.rss)
        else:
            assert rss <= floor, (name, rss, floor)
        for k in range(2):
            cells = []
            for m, fit in METHODS:
                best = float("inf")
                for _ in range(args.repeat):
                    t = time.perf_counter()
                    r = fit(model, s, s.starts[k])
                    best = min(best, time.perf_counter() - t)
                totals[m] += best
                p_lre = lre(r.params, s.certified)
                se_lre = lre(r.se, s.std_errors) if r.se is not None else 0.0
                c = counts[m]
                c[0] += p_lre >= 4
                c[1] += p_lre >= 6
                c[2] += se_lre >= 4
                if s.rss > floor:
                    c[3] += se_lre >= 4
                    c[4] += 1
                cells.append(f"{p_lre:>13.1f} {se_lre:>5.1f} {best * 1e3:>7.2f}")
            print(f"{name:<9} {k + 1:>5} " + " ".join(cells))
    runs = 2 * len(MODELS)
    print()
    for m, _ in METHODS:
        c = counts[m]
        print(
            f"{m:<10} LRE>=4: {c[0]}/{runs}  LRE>=6: {c[1]}/{runs}  "
            f"se LRE>=4: {c[2]}/{runs} ({c[3]}/{c[4]} above rounding)  total {totals[m] * 1e3:.0f} ms "
            f"({totals[m] / runs * 1e3:.2f} ms per fit)"
        )


if __name__ == "__main__":
    main()
