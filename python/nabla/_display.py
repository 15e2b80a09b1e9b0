"""Jupyter displays of the trace and the expression graph: the answers of ``nabla.trace`` and
``nabla.graph``.

* ``TraceAnswer`` (``nabla trace --json``): ``_repr_html_`` is the forward sweep's table (one row
  per step: its operation, value and uses), forward mode's tangents when a direction was asked
  for, then the reverse sweep's adjoints with the sums that made them, the value and gradient.
* ``GraphAnswer`` (``nabla graph --json``): displayed as the SVG picture the library drew
  (``_repr_svg_``), and saved with ``.save(path)`` as ``.svg`` or ``.png`` (the library draws it
  into a hidden temporary file in the same folder, renamed into place once complete).

Invariant: as every answer, both are read-only views of the document the command line prints;
the picture is not part of the document (``to_dict()`` has the nodes, edges and verdict), it is
held beside it by the native drawing the extension attaches.
"""

from __future__ import annotations

import os
from typing import Any, Dict, List, Optional

from nabla._answer import Answer, _cell, _esc, register

__all__ = ["GraphAnswer", "TraceAnswer"]


def _num(value: Any) -> str:
    """A number of the document as the command line prints it (``None`` as a dash)."""
    return _cell(value)


@register("trace")
class TraceAnswer(Answer):
    """The evaluation trace of a formula at a point (``nabla trace --json``): ``steps`` (each
    with its operation, value, uses, operands with their local partials, adjoint and the sum
    that made it), ``value``, ``gradient``, ``forward`` (forward mode in one direction, or
    ``None``) and ``cost`` (what the whole gradient costs in each mode)."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        doc: Dict[str, Any] = self._doc
        steps: List[Dict[str, Any]] = doc.get("steps", [])
        verdict = doc.get("verdict", {})
        parts: List[str] = []
        at = ", ".join(f"{_esc(n)} = {_num(v)}" for n, v in zip(doc["vars"], doc["point"]))
        parts.append(
            f"<p><b>{_esc(doc.get('formula') or '')}</b>" + (f" at {at}" if at else "") + "</p>"
        )
        if verdict.get("exit") != "success":
            parts.append(f"<p><b>{_esc(verdict.get('sentence', ''))}</b></p>")
        out = doc.get("output_step")
        rows = "".join(
            "<tr>"
            f"<td>{_esc(s['name'])}</td><td style='text-align:left'>{_esc(s['operation'])}</td>"
            f"<td>{_num(s['value'])}</td>"
            f"<td>{'output' if s['name'] == out else s['uses']}</td>"
            "</tr>"
            for s in steps
        )
        parts.append(
            "<p>forward sweep: the evaluation trace</p>"
            "<table><tr><th>step</th><th>operation</th><th>value</th><th>uses</th></tr>"
            f"{rows}</table>"
        )
        forward = doc.get("forward")
        if forward:
            rows = "".join(
                f"<tr><td>v&#775;{_esc(s['name'][1:])}</td><td>{_num(s['tangent'])}</td></tr>"
                for s in steps
            )
            parts.append(
                f"<p>forward mode, direction {_esc(forward['direction'])}: the tangents "
                f"dv<sub>k</sub>/d{_esc(forward['direction'])}</p>"
                f"<table><tr><th>tangent</th><th>value</th></tr>{rows}</table>"
            )
        rows = "".join(
            "<tr>"
            f"<td>v&#772;{_esc(s['name'][1:])}</td>"
            f"<td style='text-align:left'>{_esc(s['adjoint_sum'])}</td>"
            f"<td>{_num(s['adjoint'])}</td>"
            "</tr>"
            for s in reversed(steps)
        )
        parts.append(
            "<p>reverse sweep: the adjoints v&#772;<sub>k</sub> = df/dv<sub>k</sub>, "
            "from the output back</p>"
            "<table><tr><th>adjoint</th><th>sum</th><th>value</th></tr>"
            f"{rows}</table>"
        )
        parts.append(
            f"<p>value {_num(doc.get('value'))}<br/>gradient {_num(doc.get('gradient'))}</p>"
        )
        return "".join(parts)


@register("graph")
class GraphAnswer(Answer):
    """The expression graph of a formula (``nabla graph --json``): ``nodes`` and ``edges`` with
    values and adjoints when a point was given, and ``picture`` (what was drawn). In Jupyter it
    shows as the SVG picture; ``svg`` is its text and ``save(path)`` writes it as SVG or PNG."""

    __slots__ = ("_drawing",)

    def _attach(self, drawing: Any) -> "GraphAnswer":
        """Holds the native drawing (the picture's SVG text and what redraws it) beside the
        document; called once by the extension."""
        object.__setattr__(self, "_drawing", drawing)
        return self

    def _native(self) -> Any:
        drawing: Optional[Any] = getattr(self, "_drawing", None)
        if drawing is None:
            raise ValueError("this graph answer has no picture; make one with nabla.graph(f)")
        return drawing

    @property
    def svg(self) -> str:
        """The picture as SVG text."""
        return str(self._native().svg)

    def _repr_svg_(self) -> str:
        return self.svg

    def _repr_html_(self) -> str:
        return self.svg

    def save(self, path: "str | os.PathLike[str]") -> str:
        """Writes the picture to ``path``, ``.svg`` or ``.png`` by its extension (another
        extension is a ``ValueError``); nothing appears under that name until the picture is
        complete. Returns the path written."""
        target = os.fspath(path)
        self._native().save(target)
        return target
