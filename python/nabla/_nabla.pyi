"""Type stubs of the extension module ``nabla._nabla`` (Rust, pyo3): what editors complete and
type checkers check. The package ``nabla`` re-exports the public names; answers are returned as
the objects of ``nabla._answer`` (``Answer`` and its subclasses per command)."""

from os import PathLike
from typing import final, Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union, overload

import numpy as np
import numpy.typing as npt

from nabla._answer import Answer
from nabla._results import MinResult

#: A point: one value per variable in order, or a dict by variable name.
_Point = Union[Sequence[float], npt.ArrayLike, Mapping[str, float]]
#: A box: one ``(lo, hi)`` for every variable, one pair per variable, or a dict by name.
_Box = Union[Tuple[float, float], Sequence[Tuple[float, float]], Mapping[str, Tuple[float, float]], npt.ArrayLike]
#: A method of a comparison or a plot: a name, or ``(name, {setting: value})``.
_MethodArg = Union[str, Tuple[str, Mapping[str, Any]]]
#: A formula argument: a compiled ``Formula`` or a formula's text.
_FormulaArg = Union["Formula", str]

class ParseError(ValueError):
    """A formula that does not parse; the message shows the offending text with a caret."""

@final
class Formula:
    """A formula parsed, differentiated and compiled once.

    A point is a 1-D array (or sequence) of one value per variable; an ``(n, d)`` array is a
    batch of ``n`` points, evaluated on all cores with the GIL released. ``float32`` in gives
    ``float32`` out (computed in ``float64``, rounded once).
    """

    def __init__(self, text: str, vars: Optional[Sequence[str]] = None) -> None: ...
    @property
    def text(self) -> str:
        """The formula as it was typed."""
    @property
    def vars(self) -> List[str]:
        """The variables, in order."""
    @property
    def partials(self) -> List[str]:
        """The partial derivatives as infix text, one per variable."""
    @property
    def partials_latex(self) -> List[str]:
        """The partial derivatives as LaTeX."""
    @property
    def latex(self) -> str:
        """The formula as LaTeX."""
    @overload
    def value(self, x: Sequence[float]) -> float: ...
    @overload
    def value(self, x: npt.NDArray[Any]) -> Union[float, np.floating[Any], npt.NDArray[np.floating[Any]]]: ...
    def __call__(self, x: npt.ArrayLike) -> Any:
        """The value at a point (a float) or at each row of an ``(n, d)`` array."""
    def grad(self, x: npt.ArrayLike) -> npt.NDArray[np.floating[Any]]:
        """The gradient at a point (``d``), or at each row of an ``(n, d)`` array (``(n, d)``)."""
    def value_and_grad(self, x: npt.ArrayLike) -> Tuple[Any, npt.NDArray[np.floating[Any]]]:
        """The value and the gradient together."""
    def hessian(self, x: npt.ArrayLike) -> npt.NDArray[np.floating[Any]]:
        """The Hessian at a point: ``(d, d)`` (at most 500 variables)."""
    def hessp(self, x: npt.ArrayLike, p: npt.ArrayLike) -> npt.NDArray[np.floating[Any]]:
        """The Hessian times ``p`` at ``x`` without forming the Hessian (scipy's ``hessp``)."""
    def _repr_latex_(self) -> str: ...
    def _repr_html_(self) -> str: ...

@final
class GraphDrawing:
    """The picture of an expression graph (held by ``nabla.graph``'s answer)."""

    @property
    def svg(self) -> str: ...
    def save(self, path: str) -> None: ...

@final
class FitResiduals:
    """The residuals of a fit (held by ``nabla.fit``'s answer) and their chart."""

    @property
    def values(self) -> List[float]: ...
    @property
    def x(self) -> List[float]: ...
    @property
    def x_name(self) -> str: ...
    @property
    def weighted(self) -> bool: ...
    def svg(self) -> str: ...
    def save(self, path: str) -> None: ...

@final
class PlotScene:
    """A computed plot that draws its pictures again (held by ``nabla.Plot``)."""

    def save(self, picture: str, path: Union[str, PathLike[str]]) -> str: ...

def eval(f: _FormulaArg, at: _Point) -> Answer:
    """The value at a point: the answer of ``nabla eval --json``."""

def grad(f: _FormulaArg, at: _Point) -> Answer:
    """Value, gradient and partials at a point: the answer of ``nabla grad --json``."""

def check(
    f: _FormulaArg,
    grad: Union[None, Sequence[str], Mapping[str, str], Callable[[npt.NDArray[np.float64]], npt.ArrayLike]] = None,
    *,
    at: Optional[_Point] = None,
    box: Optional[_Box] = ...,
    points: Optional[int] = None,
    seed: int = 1,
    step: Optional[float] = None,
    rtol: Optional[float] = None,
    atol: Optional[float] = None,
    precision: Optional[str] = None,
    sweep: bool = False,
) -> Answer:
    """``nabla check``: the exact gradient against central differences, or hand-derived partials
    (formulas, or your own Python function) against the exact gradient, with a diagnosis."""

def check_gradient(
    fun: Callable[[npt.NDArray[np.float64]], float],
    grad: Callable[[npt.NDArray[np.float64]], npt.ArrayLike],
    x0: npt.ArrayLike,
    *,
    h: Optional[float] = None,
    sweep: bool = False,
    rtol: Optional[float] = None,
    atol: Optional[float] = None,
) -> Answer:
    """Any Python function's gradient against central differences (the table, or the step
    sweep), with kinks reported as kinks."""

def minimize(
    f: _FormulaArg,
    x0: Optional[_Point] = None,
    method: str = "lbfgs",
    *,
    tol: Optional[float] = None,
    maxiter: Optional[int] = None,
    stall: Optional[int] = None,
    time: Optional[float] = None,
    trace: Optional[int] = None,
    **settings: Any,
) -> MinResult:
    """``nabla min``: one run; a result like scipy's ``OptimizeResult`` with nabla's verdict."""

def compare(
    f: _FormulaArg,
    x0: Optional[_Point] = None,
    methods: Optional[Sequence[_MethodArg]] = None,
    *,
    tol: Optional[float] = None,
    maxiter: Optional[int] = None,
    stall: Optional[int] = None,
    time: Optional[float] = None,
    trace: Optional[int] = None,
    **settings: Any,
) -> MinResult:
    """``nabla min --compare``: several methods from one start."""

def minimize_global(
    f: _FormulaArg,
    box: _Box,
    *,
    method: str = "lbfgs",
    starts: Optional[int] = None,
    evals: Optional[int] = None,
    seed: Optional[int] = None,
    time: Optional[float] = None,
    tol: Optional[float] = None,
    maxiter: Optional[int] = None,
    stall: Optional[int] = None,
    **settings: Any,
) -> MinResult:
    """``nabla min --global``: the global search over a box."""

def certify(f: _FormulaArg, box: _Box, *, tol: Optional[float] = None, time: Optional[float] = 60.0) -> MinResult:
    """``nabla min --certify``: proven bounds on the global minimum over a box."""

def fit(
    formula: _FormulaArg,
    data: Any,
    *,
    params: Sequence[str],
    init: Optional[Mapping[str, float]] = None,
    target: str = "y",
    loss: Optional[str] = None,
    batch: Union[int, str, None] = None,
    epochs: int = 100,
    seed: int = 0,
    shuffle: bool = True,
    tol: float = 1e-12,
    method: Optional[str] = None,
    columns: Optional[Sequence[str]] = None,
    name: str = "data",
    sigma: Optional[str] = None,
    absolute_sigma: bool = False,
    plot: Union[str, PathLike[str], None] = None,
    bounds: Optional[Mapping[str, Tuple[Optional[float], Optional[float]]]] = None,
    lr: Optional[float] = None,
    decay: Optional[float] = None,
    momentum: Optional[float] = None,
    beta1: Optional[float] = None,
    beta2: Optional[float] = None,
    rho: Optional[float] = None,
    alpha: Optional[float] = None,
    eps: Optional[float] = None,
    initial_accumulator: Optional[float] = None,
    centered: bool = False,
    momentum_decay: Optional[float] = None,
    memory: Optional[int] = None,
    c1: Optional[float] = None,
    c2: Optional[float] = None,
    partitions: Any = None,
    kernel: bool = False,
) -> Any:
    """``nabla fit``: the parameters fitted to columns (dict, DataFrame or arrays); ``bounds``
    (``{"b1": (0, None)}``, ``None`` for no bound on a side) makes it ``trf``; with
    ``partitions``, over data kept in partitions (``nabla._dask``), ``data`` being a sample; with
    ``kernel=True``, the fit's compiled programs (``FitKernel``) for the workers."""

@final
class FitKernel:
    """A fit's compiled programs, applied by a worker to each of its partitions."""
    def columns(self) -> List[str]: ...
    def loss_and_grad_sums(
        self, x: Sequence[float], columns: Mapping[str, Any], name: str = "partition"
    ) -> Tuple[float, List[float], int]: ...
    def reduce(
        self, x: Sequence[float], columns: Mapping[str, Any], name: str = "partition"
    ) -> Tuple[Optional[List[float]], List[float], float, int]: ...
    def residual_norm(self, x: Sequence[float], columns: Mapping[str, Any], name: str = "partition") -> float: ...
    def target_moments(self, columns: Mapping[str, Any], name: str = "partition") -> Tuple[float, float, float]: ...

def trace(f: _FormulaArg, at: _Point, *, forward: Optional[str] = None) -> Answer:
    """``nabla trace``: the forward and reverse sweeps at a point."""

def graph(f: _FormulaArg, at: Optional[_Point] = None) -> Answer:
    """``nabla graph``: the expression graph, shown as SVG."""

def plot(
    f: _FormulaArg,
    *,
    start: Optional[_Point] = None,
    methods: Optional[Sequence[_MethodArg]] = None,
    box: Optional[_Box] = ...,
    kind: Optional[str] = None,
    size: Optional[Tuple[int, int]] = None,
    iters: Optional[int] = None,
    star: Optional[_Point] = None,
    minima: bool = False,
    loss: bool = False,
    title: Optional[str] = None,
    lr: Optional[float] = None,
    stall: Optional[int] = None,
    grid: Optional[int] = None,
    levels: Optional[int] = None,
    lines: bool = False,
    linear: bool = False,
    quiver: bool = False,
) -> Tuple[Answer, PlotScene]:
    """The plot's answer (drawn in memory, a ``nabla.Plot``) and the scene that draws it again."""
def schema(command: Optional[str] = None) -> str: ...
def exit_code(exit: str) -> int: ...
def fmt_number(x: float) -> str: ...
def set_language(lang: str) -> None: ...
def language() -> str: ...
def message(id: str, **args: Any) -> str: ...
def cli_main(argv: Sequence[str], executable: str) -> int: ...
