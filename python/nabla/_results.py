"""The answers of ``nabla min`` as results that behave like scipy's ``OptimizeResult``.

``nabla.minimize``, ``nabla.compare``, ``nabla.minimize_global`` and ``nabla.certify`` return the
answer of command ``min`` (one run, ``--compare``, ``--global``, ``--certify``). ``MinResult`` is
the class registered for that command; it picks the subclass of the answer's shape:

* ``MinimizeResult`` (one run): ``x``, ``fun``, ``jac`` (numpy arrays for ``x`` and ``jac``),
  ``nit``, ``nfev``, ``njev``, ``nhev``, ``success``, ``status``, ``message``;
* ``CompareResult`` (``--compare``): ``results``, one ``RunResult`` per method with the names of
  one run, and ``best``, the run that reached the lowest value;
* ``GlobalResult`` (``--global``): ``x`` and ``fun`` of the best point, ``xl`` and ``funl`` of
  the distinct minima found (scipy's ``shgo`` names), ``nfev``, ``njev``;
* ``CertifyResult`` (``--certify``): ``x`` the best point, ``fun`` its value (the upper bound),
  ``lower`` the proven lower bound, ``nfev``.

Every shape has ``success`` (the verdict's exit class is success), ``status`` (the exit code
``nabla min`` ends with) and ``message`` (the verdict's sentence), and everything else of the
document through attribute access (``result.verdict``, ``result.settings``,
``result.classification``). ``result["x"]`` works as ``result.x`` does; ``keys()`` lists the scipy
names first, then the document's keys. ``to_dict()`` is the document itself: what
``nabla min ... --json`` prints.

Invariant: nothing here decides; every value is read from the library's document (non-finite
numbers, ``null`` there, are ``nan`` in the numpy arrays).
"""

from __future__ import annotations

from typing import Any, Dict, Iterator, List, Optional, Tuple

from nabla._answer import Answer, Record, register

__all__ = [
    "CertifyResult",
    "CompareResult",
    "GlobalResult",
    "MinResult",
    "MinimizeResult",
    "RunResult",
]


def _array(values: Optional[List[Any]]) -> Any:
    """A list of numbers (``None`` for a non-finite one) as a float numpy array."""
    import numpy as np

    if values is None:
        return None
    return np.array([np.nan if v is None else v for v in values], dtype=float)


class _Scipy:
    """The scipy-style names of a result, computed from its document (a mixin of ``Record``).

    ``_SCIPY`` lists the names of the shape; ``result[name]``, ``name in result``, ``keys()``
    and iteration see them before the document's keys."""

    __slots__ = ()
    _SCIPY: Tuple[str, ...] = ()
    _doc: Dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        if key in self._SCIPY:
            return getattr(self, key)
        return super().__getitem__(key)  # type: ignore[misc]

    def __contains__(self, key: object) -> bool:
        return key in self._SCIPY or key in self._doc

    def keys(self) -> List[str]:
        """The scipy names of this result, then the document's keys."""
        return list(self._SCIPY) + [k for k in self._doc if k not in self._SCIPY]

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def __len__(self) -> int:
        return len(self.keys())

    def get(self, key: str, default: Any = None) -> Any:
        """The value of ``key`` (a scipy name or a document key), or ``default``."""
        return self[key] if key in self else default

    def __dir__(self) -> List[str]:
        return sorted(set(super().__dir__()) | set(self._SCIPY))  # type: ignore[misc]

    # Every shape: the verdict.
    @property
    def success(self) -> bool:
        """Whether the verdict's exit class is success (``nabla min`` exits 0)."""
        return self._doc["verdict"]["exit"] == "success"

    @property
    def status(self) -> int:
        """The exit code ``nabla min`` ends with: 0 success, 1 failure (no minimum, not
        certified), 3 inconclusive."""
        from nabla._nabla import exit_code

        return exit_code(self._doc["verdict"]["exit"])

    @property
    def message(self) -> str:
        """The verdict's sentence."""
        return self._doc["verdict"]["sentence"]


class _Run(_Scipy):
    """The scipy names of one run (a document with ``point``, ``value``, ``gradient``,
    ``iterations`` and ``evaluations``)."""

    __slots__ = ()
    _SCIPY = ("x", "fun", "jac", "nit", "nfev", "njev", "nhev", "success", "status", "message")

    @property
    def x(self) -> Any:
        """Where the run ended (a numpy array, one value per variable)."""
        return _array(self._doc["point"])

    @property
    def fun(self) -> Optional[float]:
        """The value there (``None`` when not finite)."""
        return self._doc["value"]

    @property
    def jac(self) -> Any:
        """The gradient there (a numpy array)."""
        return _array(self._doc["gradient"])

    @property
    def nit(self) -> int:
        """Steps taken."""
        return self._doc["iterations"]

    @property
    def nfev(self) -> int:
        """Evaluations of the value."""
        return self._doc["evaluations"]["value"]

    @property
    def njev(self) -> int:
        """Evaluations of the gradient."""
        return self._doc["evaluations"]["gradient"]

    @property
    def nhev(self) -> int:
        """Evaluations of the Hessian."""
        return self._doc["evaluations"]["hessian"]


class RunResult(_Run, Record):
    """One run of a comparison (``CompareResult.results``): its ``label``, the document of the
    run, and the names of scipy's ``OptimizeResult``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<nabla run {self._doc.get('label', '')}: {self.message}>"


@register("min")
class MinResult(Answer):
    """An answer of ``nabla min``; constructing one gives the subclass of its shape
    (``MinimizeResult``, ``CompareResult``, ``GlobalResult`` or ``CertifyResult``)."""

    __slots__ = ()

    #: The shape of the answer: ``"run"``, ``"compare"``, ``"global"`` or ``"certify"``.
    shape: str = ""

    def __new__(cls, doc: Dict[str, Any]) -> "MinResult":
        if cls is MinResult:
            if "runs" in doc:
                cls = CompareResult
            elif "strategy" in doc:
                cls = GlobalResult
            elif "regions" in doc:
                cls = CertifyResult
            else:
                cls = MinimizeResult
        return object.__new__(cls)

    def __reduce__(self) -> Any:
        return (MinResult, (self._doc,))


class MinimizeResult(_Run, MinResult):
    """One run of ``nabla min`` (``nabla.minimize``), like scipy's ``OptimizeResult``: ``x``,
    ``fun``, ``jac``, ``nit``, ``nfev``, ``njev``, ``nhev``, ``success``, ``status``,
    ``message``; and the document (``verdict``, ``settings``, ``classification``, ``stop``,
    ``path``, ...)."""

    __slots__ = ()
    shape = "run"


class CompareResult(_Scipy, MinResult):
    """Several methods from one start (``nabla.compare``): ``results`` (one ``RunResult`` per
    method, with scipy's names), ``best``, and ``success``/``status``/``message`` of the
    comparison. A comparison has no single ``x``: use ``result.best.x`` or
    ``result.results[i].x``."""

    __slots__ = ()
    shape = "compare"
    _SCIPY = ("results", "success", "status", "message")

    @property
    def results(self) -> List[RunResult]:
        """The runs, in the order asked for."""
        return [RunResult(r) for r in self._doc["runs"]]

    @property
    def best(self) -> Optional[RunResult]:
        """The run that reached the lowest finite value (the first of equals), or ``None``."""
        runs = [r for r in self.results if r.fun is not None]
        return min(runs, key=lambda r: float(r.fun or 0.0)) if runs else None

    def __getattr__(self, name: str) -> Any:
        if name in ("x", "fun", "jac", "nit", "nfev", "njev", "nhev"):
            raise AttributeError(
                f"a comparison has one {name} per run; use result.results[i].{name} "
                f"(or result.best.{name})"
            )
        return super().__getattr__(name)


class GlobalResult(_Scipy, MinResult):
    """The global search over a box (``nabla.minimize_global``): ``x`` and ``fun`` of the best
    point, ``xl`` and ``funl`` of the distinct minima found, ``nfev`` (all evaluations),
    ``njev`` (those with a gradient), ``success``, ``status``, ``message``; and the document
    (``certified``, ``lower``, ``global_minimizers``, ``minima``, ...)."""

    __slots__ = ()
    shape = "global"
    _SCIPY = ("x", "fun", "xl", "funl", "nfev", "njev", "success", "status", "message")

    @property
    def x(self) -> Any:
        """The best point found (a numpy array)."""
        return _array(self._doc["point"])

    @property
    def fun(self) -> Optional[float]:
        """The value at the best point."""
        return self._doc["value"]

    @property
    def xl(self) -> Any:
        """The distinct minima found, one a row (a numpy array of shape ``(k, n)``)."""
        import numpy as np

        n = len(self._doc["vars"])
        rows = [_array(m["point"]) for m in self._doc["minima"]]
        return np.array(rows, dtype=float).reshape(len(rows), n)

    @property
    def funl(self) -> Any:
        """The values of the distinct minima found (a numpy array)."""
        return _array([m["value"] for m in self._doc["minima"]])

    @property
    def nfev(self) -> int:
        """Evaluations of the function, all kinds together."""
        return self._doc["evaluations"]["total"]

    @property
    def njev(self) -> int:
        """Evaluations with a gradient."""
        return self._doc["evaluations"]["gradient"]


class CertifyResult(_Scipy, MinResult):
    """The certificate over a box (``nabla.certify``): ``x`` the best point found (``None``
    without one), ``fun`` the upper bound (a value of ``f`` at ``x`` or above it), ``nfev``
    (point evaluations), ``success`` (certified), ``status``, ``message``; and the document
    (``certified``, ``lower``, ``upper``, ``regions``, ...)."""

    __slots__ = ()
    shape = "certify"
    _SCIPY = ("x", "fun", "nfev", "success", "status", "message")

    @property
    def x(self) -> Any:
        """The best point found (a numpy array), or ``None``."""
        return _array(self._doc["point"])

    @property
    def fun(self) -> Optional[float]:
        """The upper bound ``U`` of the global minimum over the box."""
        return self._doc["upper"]

    @property
    def nfev(self) -> int:
        """Point evaluations (the polishes that look for a low upper bound)."""
        return self._doc["evaluations"]["point"]
