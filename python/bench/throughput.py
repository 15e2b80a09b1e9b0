"""Least-squares throughput on 10^7 rows (issue 27): the loss-and-Jacobian pass and the whole fit,
nabla in one process, nabla on a 2-worker Dask LocalCluster, and scipy.optimize.least_squares
with a hand-written numpy Jacobian, on the same model and rows. Measured, not asserted.

Model: y = a exp(-k x) + c on x uniform in [0, 10), noise 0.01, start (1, 0.1, 0).

- "pass": one Jacobian of every row reduced to what a step needs. For nabla, the reduction
  (R of J = QR, Q^T r) through ``FitKernel.reduce`` (compiled tape, native code, all cores); for
  scipy, its residual and Jacobian functions (numpy, vectorized), which is only the evaluation
  (its step then factors the 10^7 x 3 Jacobian by SVD or QR on top).
- "fit": the whole fit to convergence (nabla: Levenberg-Marquardt, the default; scipy: ``lm``
  and ``trf`` with ``ftol = xtol = gtol = 1e-12``).
- "dask": ``nabla.fit`` on the same rows as a Dask DataFrame of 40 partitions on a LocalCluster of
  2 worker processes (1 thread each), the rows already in the workers' memory (persisted).

Rows per second per core divide by the cores used (2 on the test machine: nabla's pass uses all
cores, numpy's one; the cluster two workers).

Run: ``scripts/install-python.sh``, then ``.venv/bin/python python/bench/throughput.py``
(``--rows 1000000`` for a quick pass).
"""

import argparse
import os
import time

import numpy as np


def best(f, repeat):
    t = float("inf")
    out = None
    for _ in range(repeat):
        s = time.perf_counter()
        out = f()
        t = min(t, time.perf_counter() - s)
    return t, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    import pandas as pd
    import scipy.optimize as so

    import nabla as nb
    from nabla import _nabla

    n = args.rows
    cores = os.cpu_count() or 1
    rng = np.random.default_rng(27)
    x = rng.uniform(0, 10, n)
    y = 3.0 * np.exp(-0.3 * x) + 0.5 + rng.normal(0, 0.01, n)
    df = pd.DataFrame({"x": x, "y": y})
    model, params, init = "a*exp(-k*x) + c", ["a", "k", "c"], {"a": 1.0, "k": 0.1, "c": 0.0}
    p0 = np.array([1.0, 0.1, 0.0])
    rows = []

    kernel = _nabla.fit(model, df.head(100), params=params, init=init, kernel=True)
    cols = {"x": x, "y": y}
    t, _ = best(lambda: kernel.reduce(list(p0), cols), args.repeat)
    rows.append(("nabla pass (reduction, all cores)", t, n / t / cores))

    def fun(p):
        return p[0] * np.exp(-p[1] * x) + p[2] - y

    def jac(p):
        e = np.exp(-p[1] * x)
        return np.column_stack([e, -p[0] * x * e, np.ones_like(x)])

    t, _ = best(lambda: (fun(p0), jac(p0)), args.repeat)
    rows.append(("numpy residuals + Jacobian (1 core)", t, n / t))

    t, fit = best(lambda: nb.fit(model, df, params=params, init=init), 1)
    rows.append((f"nabla fit, lm ({fit.epochs} iterations)", t, None))
    for method in ("lm", "trf"):
        t, r = best(
            lambda: so.least_squares(fun, p0, jac=jac, method=method, ftol=1e-12, xtol=1e-12, gtol=1e-12),
            1,
        )
        rows.append((f"scipy least_squares {method} ({r.nfev} evaluations)", t, None))
        print(f"scipy {method}: {r.x}, nabla: {[fit.parameters[p] for p in params]}")

    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    client = Client(cluster)
    ddf = dd.from_pandas(df, npartitions=40).persist()
    from nabla._dask import DaskPartitions

    settings = dict(params=params, init=init)
    parts = DaskPartitions(ddf, model, settings, "bench")
    parts.reduce(list(p0))  # the workers compile the fit once
    t, _ = best(lambda: parts.reduce(list(p0)), args.repeat)
    rows.append(("dask pass (2 workers, 40 partitions)", t, n / t / 2))
    t, dfit = best(lambda: nb.fit(model, ddf, **settings), 1)
    rows.append((f"dask fit, lm ({dfit.epochs} iterations)", t, None))
    client.close()
    cluster.close()

    print(f"\n{n:,} rows, {cores} cores")
    print(f"{'':44} {'seconds':>9} {'rows/s per core':>16}")
    for name, t, r in rows:
        print(f"{name:44} {t:9.3f} {'' if r is None else f'{r:16.3g}'}")


if __name__ == "__main__":
    main()
