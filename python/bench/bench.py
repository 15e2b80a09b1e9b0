"""Benchmarks of nabla in Python, each beside the alternative a Python user would write, in one run
(so ratios are read from one machine state): measured, not asserted (never a timed test).

1. One ``f.value_and_grad(x)`` call on Beale against a plain numpy function computing the same
   value and gradient by hand (per call).
2. Value and gradient of Beale at 10^6 points in one batch: nabla's batch against numpy's
   vectorized hand-written expression, and against JAX ``jit(vmap(value_and_grad))`` on CPU where
   JAX is installed.
3. ``scipy.optimize.minimize`` on Beale (trust-exact: jac and hess) and on 1,000-variable
   Rosenbrock (L-BFGS-B with jac; Newton-CG with jac and hess at 100 variables, with nabla's
   Hessian-vector products ``f.hessp`` at 1,000) with nabla's derivatives against
   sympy.lambdify's: set-up time, solve time and evaluations.

Run: ``scripts/install-python.sh --bench`` (adds the pinned sympy and jax[cpu]), then
``.venv/bin/python python/bench/bench.py`` (``--quick`` for fewer repetitions).
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Callable, List, Tuple

import numpy as np
import scipy.optimize

import nabla

BEALE = "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2"


def best_of(fn: Callable[[], object], repeat: int, number: int) -> float:
    """The best time per call over ``repeat`` rounds of ``number`` calls, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - t) / number)
    return best


def beale_numpy(p: np.ndarray) -> Tuple[float, np.ndarray]:
    """Beale's value and gradient by hand, for one point (numpy scalars)."""
    x, y = p[0], p[1]
    a = 1.5 - x + x * y
    b = 2.25 - x + x * y**2
    c = 2.625 - x + x * y**3
    value = a * a + b * b + c * c
    gx = 2 * a * (y - 1) + 2 * b * (y**2 - 1) + 2 * c * (y**3 - 1)
    gy = 2 * a * x + 4 * b * x * y + 6 * c * x * y**2
    return value, np.array([gx, gy])


def beale_numpy_batch(X: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """Beale's value and gradient by hand, vectorized over the rows of X."""
    x, y = X[:, 0], X[:, 1]
    y2 = y * y
    y3 = y2 * y
    a = 1.5 - x + x * y
    b = 2.25 - x + x * y2
    c = 2.625 - x + x * y3
    value = a * a + b * b + c * c
    gx = 2 * a * (y - 1) + 2 * b * (y2 - 1) + 2 * c * (y3 - 1)
    gy = 2 * a * x + 4 * b * x * y + 6 * c * x * y2
    return value, np.stack([gx, gy], axis=1)


def row(name: str, seconds: float, base: float, unit: str = "us", extra: str = "") -> None:
    scale = {"us": 1e6, "ms": 1e3, "s": 1.0}[unit]
    print(f"  {name:<44} {seconds * scale:>12.3f} {unit}   x{seconds / base:>6.2f}  {extra}")


def bench_single(repeat: int) -> None:
    print("1. one value_and_grad call on Beale at (3, 4)")
    f = nabla.Formula(BEALE)
    x = np.array([3.0, 4.0])
    v, g = f.value_and_grad(x)
    vn, gn = beale_numpy(x)
    assert v == vn and np.allclose(g, gn), (v, vn, g, gn)
    t_np = best_of(lambda: beale_numpy(x), repeat, 20000)
    t_nb = best_of(lambda: f.value_and_grad(x), repeat, 20000)
    row("numpy, by hand (the reference)", t_np, t_np)
    row("nabla f.value_and_grad(x)", t_nb, t_np)


def bench_batch(repeat: int, n: int) -> None:
    print(f"2. value and gradient of Beale at {n:,} points in one batch")
    rng = np.random.default_rng(1)
    X = rng.uniform(-4.5, 4.5, size=(n, 2))
    f = nabla.Formula(BEALE)
    v, g = f.value_and_grad(X)
    vn, gn = beale_numpy_batch(X)
    assert np.allclose(v, vn, rtol=1e-12) and np.allclose(g, gn, rtol=1e-10)
    t_np = best_of(lambda: beale_numpy_batch(X), repeat, 1)
    t_nb = best_of(lambda: f.value_and_grad(X), repeat, 1)
    row("numpy, vectorized by hand (the reference)", t_np, t_np, "ms")
    row("nabla f.value_and_grad(X), all cores", t_nb, t_np, "ms")
    try:
        import jax

        jax.config.update("jax_enable_x64", True)
        import jax.numpy as jnp

        def beale_jax(p):
            x, y = p[0], p[1]
            return (
                (1.5 - x + x * y) ** 2
                + (2.25 - x + x * y**2) ** 2
                + (2.625 - x + x * y**3) ** 2
            )

        vg = jax.jit(jax.vmap(jax.value_and_grad(beale_jax)))
        Xj = jnp.asarray(X)
        vj, gj = vg(Xj)
        vj.block_until_ready()
        assert np.allclose(np.asarray(vj), vn, rtol=1e-12)

        def run_jax():
            a, b = vg(Xj)
            b.block_until_ready()

        t_jax = best_of(run_jax, repeat, 1)
        row(f"JAX {jax.__version__} jit(vmap(value_and_grad)), CPU", t_jax, t_np, "ms")
    except ImportError:
        print("  JAX is not installed: scripts/install-python.sh --bench adds it")


def rosenbrock_text(n: int) -> str:
    return " + ".join(f"100*(x{i + 1} - x{i}^2)^2 + (1 - x{i})^2" for i in range(1, n))


def sympy_derivatives(text: str, names: List[str], hessian: bool):
    import sympy

    syms = sympy.symbols(names)
    expr = sympy.sympify(text.replace("^", "**"), locals=dict(zip(names, syms)))
    fun = sympy.lambdify([syms], expr, "numpy")
    grad_exprs = [sympy.diff(expr, s) for s in syms]
    grad = sympy.lambdify([syms], grad_exprs, "numpy")
    jac = lambda x: np.asarray(grad(x), dtype=float)  # noqa: E731
    hess = None
    if hessian:
        h = sympy.lambdify([syms], sympy.hessian(expr, syms), "numpy")
        hess = lambda x: np.asarray(h(x), dtype=float)  # noqa: E731
    return fun, jac, hess


def bench_scipy(big: int) -> None:
    print("3. scipy.optimize.minimize with nabla's derivatives and sympy.lambdify's")
    try:
        import sympy  # noqa: F401
    except ImportError:
        print("  sympy is not installed: scripts/install-python.sh --bench adds it")
        return
    # sympy's Hessian of n-d Rosenbrock has n^2 symbolic entries: 21 s to derive and lambdify at
    # n = 100 on the 2-core machine, so the sympy side of Newton-CG runs at 100 variables only.
    cases = [
        ("Beale, trust-exact", BEALE, None, [3.0, 4.0], "trust-exact", True, True),
        (f"Rosenbrock {big}-d, L-BFGS-B", rosenbrock_text(big), big, None, "L-BFGS-B", False, True),
        ("Rosenbrock 100-d, Newton-CG", rosenbrock_text(100), 100, None, "Newton-CG", True, True),
        (f"Rosenbrock {big}-d, Newton-CG", rosenbrock_text(big), big, None, "Newton-CG", "hessp", big <= 100),
    ]
    for label, text, n, x0, method, use_hess, with_sympy in cases:
        print(f"  {label}")
        t = time.perf_counter()
        f = nabla.Formula(text)
        if use_hess is True:
            f.hessian(np.zeros(len(f.vars)))
        setup_nb = time.perf_counter() - t
        names = f.vars
        start = np.array(x0) if x0 is not None else np.full(len(names), -1.2)
        runs = []
        if with_sympy:
            t = time.perf_counter()
            fun, jac, hess = sympy_derivatives(text, names, bool(use_hess))
            runs.append(("sympy.lambdify", time.perf_counter() - t, fun, jac, hess, None))
        else:
            print("    sympy.lambdify   not run: its Hessian has n^2 symbolic entries (see above)")
        if use_hess == "hessp":
            # Past 500 variables nabla forms no dense Hessian: Hessian-vector products instead.
            runs.append(("nabla (hessp)", setup_nb, f, f.grad, None, f.hessp))
        else:
            runs.append(("nabla", setup_nb, f, f.grad, f.hessian if use_hess else None, None))
        for who, setup, fu, ja, he, hp in runs:
            t = time.perf_counter()
            r = scipy.optimize.minimize(fu, start, jac=ja, hess=he, hessp=hp, method=method)
            solve = time.perf_counter() - t
            print(
                f"    {who:<16} set-up {setup:8.3f} s  solve {solve:8.4f} s  "
                f"nfev {r.nfev:>5} njev {r.njev:>5} nhev {getattr(r, 'nhev', 0):>4}  "
                f"f = {r.fun:.3g}  |x - x*|_inf = {np.max(np.abs(r.x - (np.array([3, 0.5]) if n is None else 1))):.2g}"
            )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repetitions, smaller problems")
    a = ap.parse_args()
    repeat = 3 if a.quick else 7
    print(f"nabla {nabla.__version__}, numpy {np.__version__}, Python {sys.version.split()[0]}")
    bench_single(repeat)
    bench_batch(repeat, 100_000 if a.quick else 1_000_000)
    bench_scipy(100 if a.quick else 1000)


if __name__ == "__main__":
    main()
