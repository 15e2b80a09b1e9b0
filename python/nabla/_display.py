"""Jupyter displays of the trace, the expression graph and fits: the answers of ``nabla.trace``,
``nabla.graph`` and ``nabla.fit``.

* ``TraceAnswer`` (``nabla trace --json``): ``_repr_html_`` is the forward sweep's table (one row
  per step: its operation, value and uses), forward mode's tangents when a direction was asked
  for, then the reverse sweep's adjoints with the sums that made them, the value and gradient.
* ``GraphAnswer`` (``nabla graph --json``): displayed as the SVG picture the library drew
  (``_repr_svg_``), and saved with ``.save(path)`` as ``.svg`` or ``.png`` (the library draws it
  into a hidden temporary file in the same folder, renamed into place once complete).

* ``FitAnswer`` (``nabla fit --json``): ``_repr_html_`` leads with the verdict and the parameters
  with their standard errors (``±``, for least-squares fits by ``lm``) and the fit's statistics,
  then the whole document; ``residuals`` are the residuals at the learned parameters (divided by
  σ with uncertainties) and ``plot_residuals()`` the library's residual chart, shown inline as
  SVG, saved with ``.save(path)``.

Invariant: as every answer, these are read-only views of the document the command line prints;
the picture is not part of the document (``to_dict()`` has the nodes, edges and verdict), it is
held beside it by the native drawing the extension attaches.
"""

from __future__ import annotations

import os
from typing import Any, Dict, List, Optional

from nabla._answer import Answer, _cell, _esc, register
from nabla._nabla import message as _t

__all__ = ["FitAnswer", "GraphAnswer", "ResidualPlot", "TraceAnswer"]


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
            "<p>"
            + (
                _t("py-formula-at", formula=f"<b>{_esc(doc.get('formula') or '')}</b>", point=at)
                if at
                else f"<b>{_esc(doc.get('formula') or '')}</b>"
            )
            + "</p>"
        )
        if verdict.get("exit") != "success":
            parts.append(f"<p><b>{_esc(verdict.get('sentence', ''))}</b></p>")
        out = doc.get("output_step")
        rows = "".join(
            "<tr>"
            f"<td>{_esc(s['name'])}</td><td style='text-align:left'>{_esc(s['operation'])}</td>"
            f"<td>{_num(s['value'])}</td>"
            f"<td>{_t('trace-output') if s['name'] == out else s['uses']}</td>"
            "</tr>"
            for s in steps
        )
        parts.append(
            f"<p>{_esc(_t('trace-forward-title'))}</p>"
            f"<table><tr><th>{_t('trace-col-step')}</th><th>{_t('trace-col-operation')}</th>"
            f"<th>{_t('trace-col-value')}</th><th>{_t('trace-col-uses')}</th></tr>"
            f"{rows}</table>"
        )
        forward = doc.get("forward")
        if forward:
            rows = "".join(
                f"<tr><td>v&#775;{_esc(s['name'][1:])}</td><td>{_num(s['tangent'])}</td></tr>"
                for s in steps
            )
            parts.append(
                f"<p>{_t('py-tangents', var=_esc(forward['direction']))} "
                f"dv<sub>k</sub>/d{_esc(forward['direction'])}</p>"
                f"<table><tr><th>{_t('py-col-tangent')}</th><th>{_t('trace-col-value')}</th></tr>"
                f"{rows}</table>"
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
            "<p>"
            + _t("py-adjoints", symbol="v&#772;<sub>k</sub> = df/dv<sub>k</sub>")
            + "</p>"
            f"<table><tr><th>{_t('py-col-adjoint')}</th><th>{_t('py-col-sum')}</th>"
            f"<th>{_t('trace-col-value')}</th></tr>"
            f"{rows}</table>"
        )
        parts.append(
            f"<p>{_t('trace-value')} {_num(doc.get('value'))}<br/>"
            f"{_t('trace-gradient')} {_num(doc.get('gradient'))}</p>"
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


class ResidualPlot:
    """The residual chart of a fit, drawn by the library: shown inline by Jupyter as SVG
    (``_repr_svg_``); ``svg`` is its text and ``save(path)`` writes it as ``.svg`` or ``.png``."""

    __slots__ = ("_native", "_svg")

    def __init__(self, native: Any) -> None:
        self._native = native
        self._svg: Optional[str] = None

    @property
    def svg(self) -> str:
        """The picture as SVG text."""
        if self._svg is None:
            self._svg = str(self._native.svg())
        return self._svg

    def _repr_svg_(self) -> str:
        return self.svg

    def save(self, path: "str | os.PathLike[str]") -> str:
        """Writes the picture to ``path``, ``.svg`` or ``.png`` by its extension (another is a
        ``ValueError``); nothing appears under that name until it is complete. Returns the path."""
        target = os.fspath(path)
        self._native.save(target)
        return target

    def __repr__(self) -> str:
        return "<nabla residual plot>"


@register("fit")
class FitAnswer(Answer):
    """The answer of a fit (``nabla fit --json``): the learned ``parameters``, the loss, the
    verdict, and for ``lm`` fits their ``uncertainty`` (standard errors, covariance, χ²). In
    Jupyter the parameters show with ± their standard errors; ``residuals`` and
    ``plot_residuals()`` give the residuals at the learned parameters and their chart."""

    __slots__ = ("_residuals",)

    def _attach(self, residuals: Any) -> "FitAnswer":
        """Holds the native residuals beside the document; called once by the extension."""
        object.__setattr__(self, "_residuals", residuals)
        return self

    def _native(self) -> Any:
        native: Optional[Any] = getattr(self, "_residuals", None)
        if native is None:
            raise ValueError("this fit answer has no residuals; make one with nabla.fit(...)")
        return native

    @property
    def residuals(self) -> Any:
        """The residuals ``model - target`` of every row at the learned parameters (divided by
        σ when the fit has uncertainties), as a numpy array."""
        import numpy as np

        return np.asarray(self._native().values, dtype=float)

    def plot_residuals(self, path: "str | os.PathLike[str] | None" = None) -> ResidualPlot:
        """The residual chart (residuals against the model's first data column, or the row, with
        the zero line), displayed inline by Jupyter; with ``path``, also written there (``.svg``
        or ``.png``)."""
        plot = ResidualPlot(self._native())
        if path is not None:
            plot.save(path)
        return plot

    def _repr_html_(self) -> str:
        doc: Dict[str, Any] = self._doc
        verdict = doc.get("verdict", {})
        parts: List[str] = [f"<p><b>{_esc(verdict.get('sentence', ''))}</b>"]
        if verdict.get("evidence"):
            parts.append(f"<br><small>{_esc(verdict['evidence'])}</small>")
        parts.append("</p>")
        u = doc.get("uncertainty") or {}
        errors = u.get("std_errors") or []
        rows = []
        for k, (name, value) in enumerate(zip(doc.get("vars", []), doc.get("point", []))):
            se = f" &plusmn; {_num(errors[k])}" if k < len(errors) else ""
            rows.append(
                f"<tr><th style='text-align:left'>{_esc(name)}</th>"
                f"<td style='text-align:left'>{_num(value)}{se}</td></tr>"
            )
        parts.append(f"<table>{''.join(rows)}</table>")
        if u:
            stats = [
                f"{'&chi;&sup2;' if u.get('weighted') else _t('py-rss')} {_num(u.get('rss'))}",
                f"{_t('py-dof')} {_esc(u.get('dof'))}",
            ]
            if u.get("reduced_chi2") is not None:
                stats.append(f"{_t('py-reduced-chi2')} {_num(u['reduced_chi2'])}")
            if u.get("r_squared") is not None:
                stats.append(f"R&sup2; {_num(u['r_squared'])}")
            if u.get("weighted") and errors:
                stats.append(
                    _t("py-sigma-absolute")
                    if u.get("absolute_sigma")
                    else _t("py-covariance-scaled")
                )
            parts.append(f"<p>{', '.join(stats)}</p>")
            for note in u.get("notes", []):
                parts.append(f"<p><small>{_t('note-line', message=_esc(note))}</small></p>")
        rest = {k: v for k, v in doc.items() if k not in ("verdict", "schema_version")}
        parts.append(f"<details><summary>{_t('py-whole-answer')}</summary>")
        parts.append(_cell(rest))
        parts.append("</details>")
        return "".join(parts)
