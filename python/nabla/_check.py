"""Gradient checks in Python and Jupyter: ``nabla.check`` and ``nabla.check_gradient`` (from the
extension module), and ``CheckAnswer``, the answer of command ``"check"``.

``check(f, grad=None, ...)`` checks a formula's gradient: nabla's exact gradient against central
differences, or a hand-derived gradient (formulas, or the student's own numpy function) against
the exact one, with the diagnosis of a disagreement (opposite sign, a factor, swapped partials, an
offset). ``check_gradient(fun, grad, x0)`` checks any Python function's gradient function against
central differences of the function, with the table, the step sweep and kinks.

>>> import numpy as np
>>> import nabla as nb
>>> def my_grad(x):  # the book's (1/16)x^2 + 9y^2, with a sign slip in df/dy
...     return np.array([x[0] / 8, -18 * x[1]])
>>> a = nb.check("(1/16)*x^2 + 9*y^2", grad=my_grad)
>>> a.verdict.sentence
'the hand-derived df/dy disagrees with the exact partial'
>>> a.rows[1].diagnosis_sentence
'your partial is the exact partial with the opposite sign'
>>> b = nb.check_gradient(lambda x: x[0] ** 2 / 16 + 9 * x[1] ** 2, my_grad, [2.0, 3.0], h=1e-8)
>>> [r.estimate for r in b.rows], [r.outcome for r in b.rows]
([0.2500001983207767, 54.00000020472362], ['agrees', 'disagrees'])

In Jupyter a check answer shows as an HTML table: the verdict on top, then one row per point and
partial (central differences), one row per partial (hand-derived gradients), or one row per step
(the sweep).

Invariant: the display is built from the answer's document (``to_dict()``, the CLI's ``--json``)
alone; nothing is computed here.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from nabla._answer import Answer, register
from nabla._nabla import check, check_gradient
from nabla._nabla import message as _t

# The catalog's word for each check outcome (`check --json` rows' `outcome`).
_OUTCOME_IDS = {
    "agrees": "check-verdict-agrees",
    "disagrees": "check-verdict-disagrees",
    "kink": "check-verdict-kink",
    "not_finite": "check-verdict-not-finite",
    "unresolved": "check-verdict-unresolved",
}

__all__ = ["CheckAnswer", "check", "check_gradient"]

#: Rows shown in a table before the rest is summarized.
MAX_ROWS = 200

#: Colours of the outcomes (agrees green, disagrees red, not compared grey).
_COLOURS = {
    "agrees": "#1a7f37",
    "disagrees": "#cf222e",
    "kink": "#6e7781",
    "not_finite": "#6e7781",
    "unresolved": "#6e7781",
    "unchecked": "#6e7781",
}


def _esc(value: Any) -> str:
    import html

    return html.escape(str(value))


def _num(value: Optional[float]) -> str:
    """A number as nabla prints it; ``None`` (not finite) as a dash."""
    if value is None:
        return "&mdash;"
    if isinstance(value, float):
        from nabla._nabla import fmt_number

        return _esc(fmt_number(value))
    return _esc(value)


def _err(value: Optional[float]) -> str:
    """An error with three significant digits, as the CLI's tables print it."""
    if value is None:
        return "&mdash;"
    if value == 0:
        return "0"
    return f"{value:.2e}"


def _point(values: List[Optional[float]]) -> str:
    return "(" + ", ".join(_num(v) for v in values) + ")"


def _outcome(outcome: str, reason: Optional[str] = None) -> str:
    colour = _COLOURS.get(outcome, "inherit")
    text = _t(_OUTCOME_IDS[outcome]) if outcome in _OUTCOME_IDS else outcome.replace("_", " ")
    cell = f"<span style='color:{colour};font-weight:bold'>{_esc(text)}</span>"
    if reason:
        cell += f"<br><small>{_esc(reason)}</small>"
    return cell


def _table(head: List[str], rows: List[List[str]], total: Optional[int] = None) -> str:
    th = "".join(f"<th style='text-align:left'>{_esc(h)}</th>" for h in head)
    body = "".join(
        "<tr>" + "".join(f"<td style='text-align:left'>{c}</td>" for c in r) + "</tr>"
        for r in rows
    )
    total = len(rows) if total is None else total
    more = (
        f"<p><small>{_t('py-more-rows', count=total - len(rows))}</small></p>"
        if total > len(rows)
        else ""
    )
    return f"<table><tr>{th}</tr>{body}</table>{more}"


def _verdict(doc: Dict[str, Any]) -> str:
    v = doc.get("verdict", {})
    colour = {"success": _COLOURS["agrees"], "failure": _COLOURS["disagrees"]}.get(
        v.get("exit", ""), "inherit"
    )
    head = f"<p><b style='color:{colour}'>{_esc(v.get('sentence', ''))}</b>"
    if v.get("evidence"):
        head += f"<br><small>{_esc(v['evidence'])}</small>"
    what = doc.get("formula")
    if what is None:
        parts = [x for x in (doc.get("function"), doc.get("gradient")) if x]
        what = _t("py-and", first=parts[0], second=parts[1]) if len(parts) == 2 else "".join(parts)
    if what:
        head += f"<br><small>{_esc(_t('py-of', what=what))}</small>"
    return head + "</p>"


def _central(doc: Dict[str, Any]) -> str:
    rows = doc.get("rows", [])
    gradient = _t("py-col-gradient") if doc.get("gradient") else _t("check-col-exact")
    head = [_t("py-col-point"), _t("check-col-variable"), gradient, _t("check-col-central"),
            _t("check-col-step"), _t("check-col-abs-error"), _t("check-col-rel-error"),
            _t("py-col-outcome")]
    cells = [
        [
            _point(r["point"]),
            _esc(r["var"]),
            _num(r.get("exact")),
            _num(r.get("estimate")),
            _err(r.get("step")),
            _err(r.get("abs_error")),
            _err(r.get("rel_error")),
            _outcome(r["outcome"], r.get("reason")),
        ]
        for r in rows[:MAX_ROWS]
    ]
    c = doc.get("counts", {})
    summary = "<p><small>" + _t(
        "py-check-summary",
        partials=str(c.get("partials", 0)),
        points=str(doc.get("n_points", 0)),
        agree=str(c.get("agree", 0)),
        disagree=str(c.get("disagree", 0)),
        kink=str(c.get("kink", 0)),
        notfinite=str(c.get("not_finite", 0)),
        unresolved=str(c.get("unresolved", 0)),
    ) + "</small></p>"
    return _table(head, cells, len(rows)) + summary


def _hand(doc: Dict[str, Any]) -> str:
    head = [_t("check-col-variable"), _t("py-col-yours"), _t("py-col-exact-partial"),
            _t("py-col-outcome"), _t("py-col-points"), _t("py-col-worst-point"),
            _t("py-col-exact-there"), _t("py-col-yours-there"), _t("py-col-diagnosis")]
    cells = []
    for r in doc.get("rows", [])[:MAX_ROWS]:
        w = r.get("worst") or {}
        cells.append(
            [
                _esc(r["var"]),
                f"<code>{_esc(r['hand_formula'])}</code>",
                f"<code>{_esc(r['exact_formula'])}</code>" if r.get("exact_formula") else "&mdash;",
                _outcome(r["outcome"]),
                _t("py-n-of-m-disagree", n=str(r["n_disagreeing"]), m=str(r["n_compared"]))
                + (_t("py-skipped", count=str(r["n_skipped"])) if r.get("n_skipped") else ""),
                _point(w["point"]) if w else "&mdash;",
                _num(w.get("exact")),
                _num(w.get("hand")),
                _esc(r["diagnosis_sentence"]) if r.get("diagnosis_sentence") else "",
            ]
        )
    html = _table(head, cells, len(doc.get("rows", [])))
    if doc.get("agreeing_order"):
        order = ", ".join(_esc(v) for v in doc["agreeing_order"])
        html += "<p><small>" + _t("py-agreeing-order", order=order) + "</small></p>"
    return html


def _sweep(doc: Dict[str, Any]) -> str:
    columns = doc.get("columns", [])
    head = [_t("check-sweep-col-step")]
    for c in columns:
        head += [_t("py-sweep-forward", var=c["var"]), _t("py-sweep-central", var=c["var"])]
    cells = []
    for k, h in enumerate(doc.get("steps", [])):
        row = [f"{h:.0e}"]
        for c in columns:
            for key, best in (("forward", "best_forward"), ("central", "best_central")):
                cell = _err(c[key][k])
                row.append(f"<b>{cell}</b>" if c.get(best) == k else cell)
        cells.append(row)
    at = _t("py-sweep-at", point=_point(doc.get("point", [])))
    return f"<p>{at}</p>" + _table(head, cells)


@register("check")
class CheckAnswer(Answer):
    """The answer of a gradient check (``nabla check --json``, ``mode`` central, sweep or hand).

    Attribute access to the document as for every answer (``a.verdict.kind``, ``a.rows``); in
    Jupyter an HTML table with the verdict on top.
    """

    __slots__ = ()

    @property
    def passed(self) -> bool:
        """Whether the verdict is ``agrees`` (everything compared agrees)."""
        return self._doc["verdict"]["kind"] == "agrees"

    def _repr_html_(self) -> str:
        doc = self._doc
        body = {"central": _central, "hand": _hand, "sweep": _sweep}.get(doc.get("mode", ""))
        if body is None:
            return super()._repr_html_()
        return _verdict(doc) + body(doc)
