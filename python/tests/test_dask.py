"""`nabla.fit` over Dask DataFrames, on a `dask.distributed.LocalCluster` of two worker
processes (loopback, 256 MiB each).

Expected values come from independent references: the same fit of the same rows held in memory
(`nabla.fit` on a pandas DataFrame, itself tested against numpy and scipy in test_fit.py), and
for the fit over more data than the workers' memory, the closed-form least-squares line from
sums that Dask computes partition by partition (never on the client).
"""

import dask.dataframe as dd
import dask.distributed as distributed
import numpy as np
import pandas as pd
import pytest

import nabla as nb

# Dask is installed by scripts/install-python.sh: a missing Dask fails here, never skips.

# Each worker's memory limit; the big test writes more rows than both together can hold.
WORKER_MEMORY = 256 * 2**20


@pytest.fixture(scope="module")
def client():
    import dask

    # A worker past 80% of its limit pauses until its memory goes down; the interpreter with
    # numpy, pandas, pyarrow and Dask takes about half of these 256 MiB before any data (and
    # allocators keep what they freed), so the workers run without pausing, and are still
    # restarted past 95% of the limit: the big test fails if a worker is lost.
    dask.config.set({"distributed.worker.memory.pause": False})
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        memory_limit=WORKER_MEMORY,
        host="127.0.0.1",
        dashboard_address=":0",
    )
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def decay(n=20_000, seed=7):
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 10, n)
    y = 3.0 * np.exp(-0.3 * x) + 0.5 + rng.normal(0, 0.01, n)
    return pd.DataFrame({"x": x, "y": y})


def rel(a, b):
    return abs(a - b) / abs(b)


@pytest.mark.parametrize("method", [None, "lbfgs"])
def test_a_dask_fit_is_the_in_memory_fit(client, method):
    df = decay()
    ddf = dd.from_pandas(df, npartitions=7)
    kw = dict(params=["a", "k", "c"], init={"a": 1, "k": 0.1, "c": 0})
    if method:
        kw["method"] = method
    one = nb.fit("a*exp(-k*x) + c", df, **kw)
    dist = nb.fit("a*exp(-k*x) + c", ddf, **kw)
    assert dist.rows == len(df) and dist.method == one.method
    # Levenberg-Marquardt agrees to 1e-10. L-BFGS stops where its line search finds no lower loss
    # in double precision, and the partitions add the same rows' losses in another order, so
    # its two stops differ within the loss's rounding: the same loss to 1e-14, parameters to 1e-8.
    tol = 1e-10 if method is None else 1e-8
    for p in ("a", "k", "c"):
        assert rel(dist.parameters[p], one.parameters[p]) <= tol, (p, dist.parameters, one.parameters)
    assert rel(dist.value, one.value) <= 1e-14
    assert dist.verdict.kind == one.verdict.kind == "converged", dist.stop
    for s1, s2 in zip(one.uncertainty["std_errors"], dist.uncertainty["std_errors"]):
        assert rel(s2, s1) <= 1e-6
    assert rel(dist.uncertainty["r_squared"], one.uncertainty["r_squared"]) <= 1e-12
    # The same answer, less what stays in the partitions.
    assert set(dist.to_dict()) == set(one.to_dict())
    assert dist.to_dict()["residuals"] is None
    # Each worker compiled the fit once, whatever the number of tasks it ran.
    built = client.run(lambda: len(__import__("nabla._dask")._dask._KERNELS))
    assert all(1 <= n <= 2 for n in built.values()), built


def test_empty_partitions_change_nothing(client):
    """A filter that empties the first partitions (x is sorted): the same fit as in memory."""
    df = decay(6000).sort_values("x").reset_index(drop=True)
    ddf = dd.from_pandas(df, npartitions=6, sort=False)
    kept = ddf[ddf.x > 5.5]
    one = nb.fit("a*exp(-k*x) + c", df[df.x > 5.5], params=["a", "k", "c"], init={"a": 1, "k": 0.1, "c": 0})
    dist = nb.fit("a*exp(-k*x) + c", kept, params=["a", "k", "c"], init={"a": 1, "k": 0.1, "c": 0})
    assert dist.rows == one.rows and dist.verdict.kind == "converged"
    # On x in (5.5, 10) a and k are strongly correlated (the data see mostly the product
    # a*exp(-k*x) near its middle), so rounding moves them more: 1e-8, the loss to 1e-13.
    for p in ("a", "k", "c"):
        assert rel(dist.parameters[p], one.parameters[p]) <= 1e-8
    assert rel(dist.value, one.value) <= 1e-13


def test_first_order_methods_step_once_per_partition(client):
    df = decay(4000)
    ddf = dd.from_pandas(df, npartitions=4)
    a = nb.fit("a*x + b", ddf, params=["a", "b"], method="adam", lr=0.01, epochs=3)
    assert (a.epochs, a.iterations, a.iterations_per_epoch) == (3, 12, 4)
    assert any("one partition of the 4" in n for n in a.notes)


def test_bad_names_and_methods_fail_before_the_workers_start(client):
    ddf = dd.from_pandas(decay(1000), npartitions=2)
    with pytest.raises(ValueError, match="`z`"):
        nb.fit("a*z + b", ddf, params=["a", "b"])
    with pytest.raises(ValueError, match="Hessian"):
        nb.fit("a*x + b", ddf, params=["a", "b"], method="newton")
    with pytest.raises(ValueError, match="plot"):
        nb.fit("a*x + b", ddf, params=["a", "b"], plot="r.svg")


def test_a_fit_over_more_data_than_the_workers_memory(client, tmp_path):
    """36 million rows of (x, y) in float64 are 576 MiB, more than the two workers' 512 MiB
    together; each task reads one file of 2^18 rows, answers a few numbers and lets it go."""
    rows_per_file, files = 2**18, 138
    assert rows_per_file * files * 16 > 2 * WORKER_MEMORY
    rng = np.random.default_rng(2026)
    for k in range(files):
        x = rng.uniform(0, 1, rows_per_file)
        y = 0.25 + 1.5 * x + rng.normal(0, 0.1, rows_per_file)
        pd.DataFrame({"x": x, "y": y}).to_parquet(tmp_path / f"rows-{k:03}.parquet")
    ddf = dd.read_parquet(str(tmp_path / "*.parquet"))
    # The closed form from sums Dask reduces in the workers.
    n, sx, sy, sxx, sxy = (
        float(v)
        for v in distributed.get_client().compute(
            [ddf.x.count(), ddf.x.sum(), ddf.y.sum(), (ddf.x * ddf.x).sum(), (ddf.x * ddf.y).sum()],
            sync=True,
        )
    )
    b = (n * sxy - sx * sy) / (n * sxx - sx * sx)
    a = (sy - b * sx) / n
    fit = nb.fit("a + b*x", ddf, params=["a", "b"])
    assert fit.rows == rows_per_file * files
    assert fit.method == "lm" and fit.verdict.kind == "converged", fit.stop
    assert rel(fit.parameters["a"], a) <= 1e-8 and rel(fit.parameters["b"], b) <= 1e-8
    # No worker was lost to memory on the way.
    assert len(client.scheduler_info()["workers"]) == 2


def test_a_bounded_dask_fit_is_the_in_memory_fit(client):
    # c <= 0.4 while the data's offset is 0.5: the bound is active, and trf holds c on it.
    df = decay(6000)
    ddf = dd.from_pandas(df, npartitions=5)
    kw = dict(params=["a", "k", "c"], init={"a": 1, "k": 0.1, "c": 0}, bounds={"c": (None, 0.4)})
    one = nb.fit("a*exp(-k*x) + c", df, **kw)
    dist = nb.fit("a*exp(-k*x) + c", ddf, **kw)
    assert one.method == dist.method == "trf"
    assert dist.verdict.kind == one.verdict.kind == "converged", dist.stop
    assert dist.parameters["c"] == one.parameters["c"] == 0.4
    for p in ("a", "k"):
        assert rel(dist.parameters[p], one.parameters[p]) <= 1e-10, (p, dist.parameters, one.parameters)
    assert dist.to_dict()["bounds"] == one.to_dict()["bounds"] == [
        {"param": "c", "lower": None, "upper": 0.4, "active": "upper"}
    ]
