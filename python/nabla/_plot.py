"""Pictures of a formula in Python and Jupyter: ``nabla.plot(...)`` returns a ``Plot``.

A ``Plot`` is the answer of the command ``plot`` (attribute access, ``.to_dict()`` equal to
``nabla plot ... -o - --json``: the pictures' ``file`` is ``-`` and their SVG text inline) and the
picture itself: Jupyter shows it inline as SVG (``_repr_svg_``), ``.svg`` is its text, and
``.save(path)`` writes it as ``.svg`` or ``.png`` (by the extension). With ``loss=True``,
``.loss`` is the loss chart, another picture with the same three.

Invariants: everything is computed and drawn by the Rust library (with the GIL released),
PNG included; a picture is written to a temporary file beside the destination and renamed into
place once complete, so a failed save never leaves a partial file under the name asked. This
module imports no third-party package.
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, Iterable, Mapping, Optional, Sequence, Tuple, Union

from nabla._answer import Answer, Record, register

__all__ = ["Picture", "Plot", "plot"]

PathLike = Union[str, "os.PathLike[str]"]
Point = Union[Sequence[float], Mapping[str, float]]
MethodArg = Union[str, Tuple[str, Mapping[str, Any]]]


class Picture:
    """One picture of a plot: shown inline by Jupyter as SVG, saved as SVG or PNG.

    ``kind`` says what it shows (``contour map``, ``surface``, ``curve``, ``loss chart``),
    ``svg`` is its SVG text, ``width`` and ``height`` its size in pixels, and ``entry`` the
    picture's entry of the answer (``frame``, ``range``, counts).
    """

    __slots__ = ("_entry", "_scene", "_which")

    def __init__(self, entry: Dict[str, Any], scene: Any, which: str) -> None:
        self._entry = entry
        self._scene = scene
        self._which = which

    @property
    def entry(self) -> Record:
        """The picture's entry of the answer (``files[]``)."""
        return Record(self._entry)

    @property
    def kind(self) -> str:
        """What the picture shows: ``contour map``, ``surface``, ``curve`` or ``loss chart``."""
        return str(self._entry["kind"])

    @property
    def svg(self) -> str:
        """The picture as SVG text."""
        return str(self._entry["svg"])

    @property
    def width(self) -> int:
        """The width in pixels."""
        return int(_svg_size(self.svg)[0])

    @property
    def height(self) -> int:
        """The height in pixels."""
        return int(_svg_size(self.svg)[1])

    def save(self, path: PathLike) -> Record:
        """Writes the picture to ``path``: SVG for a ``.svg`` name, PNG (drawn by nabla) for
        ``.png``; through a temporary file renamed into place. Returns the written picture's
        entry (``file``, ``format``, ``frame``, ...). ``ValueError`` for another extension,
        ``OSError`` when the folder cannot be written."""
        if self._scene is None:
            raise ValueError(
                "this picture was rebuilt from a document and cannot draw; call nabla.plot again"
            )
        text = self._scene.save(self._which, os.fspath(path))
        return Record(json.loads(text))

    def _repr_svg_(self) -> str:
        return self.svg

    def __repr__(self) -> str:
        return f"<nabla picture: {self.kind}, {self.width}x{self.height}>"


@register("plot")
class Plot(Answer):
    """The answer of ``plot``, and its picture.

    Attribute access to the answer (``runs``, ``minimum``, ``minima``, ``files``, ``notes``,
    ``verdict``); ``to_dict()`` is ``nabla plot ... -o - --json``. Jupyter shows the picture
    (``_repr_svg_``); ``svg`` is its text; ``save(path)`` writes ``.svg`` or ``.png``; ``loss`` is
    the loss chart when it was asked for (else ``None``).
    """

    __slots__ = ("_scene",)

    def __init__(self, doc: Dict[str, Any], scene: Any = None) -> None:
        super().__init__(doc)
        object.__setattr__(self, "_scene", scene)

    def _picture(self, which: str) -> Optional[Picture]:
        files = self._doc.get("files", [])
        kind_is_loss = which == "loss"
        for entry in files:
            if (entry.get("kind") == "loss chart") == kind_is_loss:
                return Picture(entry, self._scene, which)
        return None

    @property
    def picture(self) -> Picture:
        """The main picture (curve, contour map or surface)."""
        p = self._picture("main")
        if p is None:
            raise ValueError("this answer holds no picture")
        return p

    @property
    def svg(self) -> str:
        """The main picture as SVG text."""
        return self.picture.svg

    @property
    def loss(self) -> Optional[Picture]:
        """The loss chart (each run's value against its iteration), or ``None`` when it was
        not asked for (``loss=True``)."""
        return self._picture("loss")

    def save(self, path: PathLike) -> Record:
        """Writes the main picture to ``path`` (``.svg`` or ``.png``, by the extension; see
        ``Picture.save``)."""
        return self.picture.save(path)

    def _repr_svg_(self) -> str:
        return self.svg

    def _repr_html_(self) -> str:
        """The picture with the verdict under it (Jupyter prefers HTML to SVG, so the picture is
        inlined here; the answer's full table is ``Answer._repr_html_``)."""
        import html

        verdict = self._doc.get("verdict", {})
        caption = html.escape(verdict.get("sentence", ""))
        if verdict.get("evidence"):
            caption += f" <small>({html.escape(verdict['evidence'])})</small>"
        return f"<div>{self.svg}<p>{caption}</p></div>"


def _svg_size(svg: str) -> Tuple[int, int]:
    """The ``width`` and ``height`` attributes of an SVG document's root element."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg)
    return int(float(root.get("width", "0"))), int(float(root.get("height", "0")))


def _is_pair(m: Any) -> bool:
    """Whether ``m`` is one method with settings: ``(name, {setting: value})``."""
    return (
        isinstance(m, tuple) and len(m) == 2 and isinstance(m[0], str) and isinstance(m[1], Mapping)
    )


def plot(
    f: Any,
    *,
    start: Optional[Point] = None,
    methods: Optional[Union[MethodArg, Iterable[MethodArg]]] = None,
    box: Any = None,
    kind: Optional[str] = None,
    size: Tuple[int, int] = (900, 600),
    iters: int = 10_000,
    star: Optional[Point] = None,
    minima: bool = False,
    loss: bool = False,
    title: Optional[str] = None,
    lr: Optional[float] = None,
    stall: int = 1000,
    grid: Optional[int] = None,
    levels: int = 30,
    lines: bool = False,
    linear: bool = False,
    quiver: bool = False,
) -> Plot:
    """Draws ``f`` (a ``nabla.Formula`` or a formula's text) with optimizer runs on it: the
    answer of ``nabla plot``, shown inline in Jupyter.

    * ``kind``: ``"curve"`` (one variable), ``"map"`` (contour map) or ``"surface"`` (two);
      by default the curve or the contour map.
    * ``start``: where the runs begin (one value per variable, or a dict by name); without it
      nothing runs. ``methods``: names, or ``(name, {setting: value})`` pairs with the
      settings of ``nabla plot --methods`` (``lr``, ``beta2``, ..., and ``iters``); default
      ``["gd"]``. Unset settings get the defaults ``nabla plot`` uses for the start.
    * ``box``: the range shown, ``(lo, hi)`` for every variable, one pair per variable, or a
      dict by name; by default around the start, the ends and the star.
    * ``size``: ``(width, height)`` in pixels (64 to 8192 each, at most 50 megapixels).
    * ``iters``, ``stall``, ``lr``: as ``nabla plot --iters/--stall/--lr``.
    * ``star``: the point to mark (default: the polished best end point, when it is a local
      minimum); ``minima=True`` marks every local minimum found in the box (contour maps).
    * ``loss=True``: also the loss chart, ``Plot.loss``.
    * ``grid``, ``levels``, ``lines``, ``linear``, ``quiver``: as the flags of ``nabla plot``.

    Bad arguments raise ``ValueError`` (``TypeError`` for a wrong type), with the limits of the
    command line; a formula that does not parse raises ``nabla.ParseError``.

    >>> p = plot("x^2 + 3*y^2", start=[1, 1], methods=[("gd", {"lr": 0.1})], size=(300, 200))
    >>> p.verdict.kind, p.runs[0].label, p.picture.width
    ('local_minimum', 'gd', 300)
    >>> p.svg.startswith("<svg")
    True
    """
    from nabla._nabla import plot as _plot

    if methods is not None and not isinstance(methods, str):
        if _is_pair(methods):
            methods = [methods]  # type: ignore[list-item]
        methods = [
            (m[0], dict(m[1])) if _is_pair(m) else m  # type: ignore[index, arg-type, misc]
            for m in methods  # type: ignore[union-attr]
        ]

    answer, scene = _plot(
        f,
        start=start,
        methods=methods,
        box=box,
        kind=kind,
        size=size,
        iters=iters,
        star=star,
        minima=minima,
        loss=loss,
        title=title,
        lr=lr,
        stall=stall,
        grid=grid,
        levels=levels,
        lines=lines,
        linear=linear,
        quiver=quiver,
    )
    object.__setattr__(answer, "_scene", scene)
    assert isinstance(answer, Plot)
    return answer
