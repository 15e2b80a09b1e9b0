"""Fits over a Dask DataFrame: ``nabla.fit(model, data=ddf, ...)`` where ``ddf`` is, for example,
``dask.dataframe.read_parquet("rows/*.parquet")``.

The rows never come to the client. Each iteration of the fit sends the parameters to every
partition (a Dask task per partition, on whatever scheduler is active: a
``dask.distributed.Client`` when one exists), and each task answers what the step needs: the
loss and gradient sums, the least-squares reduction (the p x p triangular factor R of the
residuals' Jacobian and Q^T r, whose R^T R and R^T Q^T r are J^T J and J^T r; more accurate than
forming J^T J, and as small), the residuals' norm. The client merges the answers in partition
order (in Rust, ``nabla._nabla.fit(..., partitions=...)``) and steps: Levenberg-Marquardt and the
full-batch methods on all partitions, the first-order methods on one partition per step.

Invariants:

* A worker compiles the fit once (``nabla._nabla.FitKernel``, cached per process by the fit's
  settings), not once per task; the kernel's work runs with the GIL released.
* Each task reads its partition, answers ``O(params^2)`` numbers and lets the partition go, so a
  fit works on more data than the workers' memory holds together.
* The client builds and checks the fit on the first rows of the first partition (``head``), the
  same checks as an in-memory fit, so a typo in a name fails before any worker starts.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from nabla import _nabla

# Rows of the first partition that build and check the fit on the client.
SAMPLE_ROWS = 1000

# The kernels this process has built, by the settings of the fit (a worker keeps one per fit).
_KERNELS: dict[tuple, Any] = {}
_LOCK = threading.Lock()


def is_dask_frame(data: Any) -> bool:
    """Whether ``data`` is a Dask DataFrame (without importing Dask when it is not)."""
    mod = type(data).__module__ or ""
    return mod.startswith("dask") and hasattr(data, "to_delayed") and hasattr(data, "npartitions")


def _key(formula: str, settings: dict) -> tuple:
    return (formula, tuple(sorted((k, repr(v)) for k, v in settings.items())))


def _kernel(formula: str, settings: dict, frame: Any) -> Any:
    """This process's kernel of the fit, built on ``frame`` (a partition) the first time."""
    key = _key(formula, settings)
    with _LOCK:
        k = _KERNELS.get(key)
    if k is None:
        k = _nabla.fit(formula, _columns(frame), kernel=True, **settings)
        with _LOCK:
            _KERNELS[key] = k
    return k


def _columns(frame: Any) -> dict:
    """A partition's columns as float64 arrays (text columns as NaN, used only if the fit reads
    them, which the kernel then refuses with the column's name)."""
    import numpy as np
    import pandas as pd  # type: ignore[import-untyped]

    out = {}
    for c in frame.columns:
        col = frame[c]
        try:
            out[str(c)] = np.ascontiguousarray(col.to_numpy(dtype="float64"))
        except (TypeError, ValueError):
            out[str(c)] = pd.to_numeric(col, errors="coerce").to_numpy(dtype="float64")
    return out


# The tasks: each runs in a worker on one partition and returns a few numbers. An empty partition
# (a filter can leave some) answers the neutral element of each merge without compiling anything.
def _loss_and_grad(formula, settings, x, frame, name):
    if len(frame) == 0:
        return (0.0, [0.0] * len(x), 0)
    return _kernel(formula, settings, frame).loss_and_grad_sums(x, _columns(frame), name)


def _reduce(formula, settings, x, frame, name):
    if len(frame) == 0:
        return ([0.0] * (len(x) * len(x)), [0.0] * len(x), 0.0, 0)
    return _kernel(formula, settings, frame).reduce(x, _columns(frame), name)


def _norm(formula, settings, x, frame, name):
    if len(frame) == 0:
        return 0.0
    return _kernel(formula, settings, frame).residual_norm(x, _columns(frame), name)


def _moments(formula, settings, frame, name):
    if len(frame) == 0:
        return (0.0, 0.0, 0.0)
    return _kernel(formula, settings, frame).target_moments(_columns(frame), name)


class DaskPartitions:
    """The partitions of a Dask DataFrame as ``nabla._nabla.fit`` asks for them: each method
    returns one answer per partition, in partition order."""

    def __init__(self, ddf: Any, formula: str, settings: dict, name: str):
        import dask

        self._dask = dask
        self._parts = ddf.to_delayed()
        self._formula = formula
        self._settings = settings
        self._name = name
        self._rows = [int(n) for n in dask.compute(*[dask.delayed(len)(p) for p in self._parts])]

    def rows(self) -> int:
        return sum(self._rows)

    def count(self) -> int:
        return len(self._parts)

    def _label(self, k: int) -> str:
        return f"{self._name} partition {k}"

    def _run(self, fn, *args, parts=None):
        d = self._dask.delayed
        ks = range(len(self._parts)) if parts is None else parts
        tasks = [
            d(fn, pure=False)(self._formula, self._settings, *args, self._parts[k], self._label(k))
            for k in ks
        ]
        return list(self._dask.compute(*tasks))

    def loss_and_grad_sums(self, x, part=None):
        return self._run(_loss_and_grad, list(x), parts=None if part is None else [part])

    def reduce(self, x):
        return self._run(_reduce, list(x))

    def residual_norm(self, x):
        return self._run(_norm, list(x))

    def target_moments(self):
        return self._run(_moments)


def _fit_any(formula: Any, data: Any, **settings: Any) -> Any:
    """Fits the parameters ``params`` of ``formula`` to the columns of ``data``: the answer of
    ``nabla fit --json``. ``data`` is a dict of columns, a pandas DataFrame, a numpy structured
    array, a 2-D array with ``columns=``, or a Dask DataFrame (its partitions stay where they
    are; see ``nabla._dask``). The keywords are those of ``nabla._nabla.fit``.

    >>> import nabla as nb
    >>> a = nb.fit("w*x + b", {"x": [-1, 0, 1], "y": [-3, 0, 1]}, params=["w", "b"])
    >>> round(a.parameters["w"], 9), round(a.parameters["b"], 9)
    (2.0, -0.666666667)
    """
    if not is_dask_frame(data):
        return _nabla.fit(formula, data, **settings)
    return _fit_dask(formula, data, **settings)


def _fit_dask(formula: Any, ddf: Any, **settings: Any) -> Any:
    """``nabla.fit`` over a Dask DataFrame (see the module's documentation)."""
    if settings.get("plot") is not None:
        raise ValueError(
            "plot= draws every residual, and a Dask DataFrame's rows stay in their partitions; "
            "fit without plot=, or plot a sample of the rows with an in-memory fit"
        )
    if settings.get("columns") is not None:
        raise ValueError("columns= names the columns of a 2-D array; a Dask DataFrame names its own")
    name = settings.pop("name", "dask dataframe")
    text = formula.text if isinstance(formula, _nabla.Formula) else formula
    # The first rows of the first partition; of the first non-empty ones when it is empty.
    sample = ddf.head(SAMPLE_ROWS, npartitions=1, compute=True)
    if len(sample) == 0:
        sample = ddf.head(SAMPLE_ROWS, npartitions=-1, compute=True)
    parts = DaskPartitions(ddf, text, settings, name)
    return _nabla.fit(text, sample, partitions=parts, name=name, **settings)


# `nabla.fit`: type checkers and editors see the extension's signature (every keyword, `data` of
# any type), Python runs `_fit_any`.
if TYPE_CHECKING:
    from nabla._nabla import fit as fit
else:
    _fit_any.__name__ = _fit_any.__qualname__ = "fit"
    fit = _fit_any
