"""nabla's typed answers as Python objects.

Every result nabla computes is a typed answer built by the Rust library (``nabla::answer``): what
was asked, what was found, the settings each method actually ran with, and a verdict (its kind,
the sentence a person reads, the evidence it rests on, and the exit class). The extension module
hands an answer over as the JSON document that the command line's ``--json`` prints; ``wrap``
turns that document into the object of its command:

* attribute access to every key (``answer.verdict.sentence``, ``answer.point``), nested objects
  as ``Record`` views and lists as lists;
* ``answer.to_dict()`` is the document itself (a fresh copy), equal to the CLI's ``--json``;
* ``answer.exit_code`` is the exit code the CLI would end with (the library's table);
* in Jupyter, an HTML table (``_repr_html_``).

Invariant: a view never changes or adds to the document; conveniences (numpy arrays, scipy's
names) are computed from it by the subclasses registered with ``register``.
"""

from __future__ import annotations

import copy
import html
import json
from typing import Any, Callable, Dict, Iterator, List, Type, TypeVar

from nabla._nabla import message as _t

__all__ = ["Answer", "Record", "register", "wrap"]


def _view(value: Any) -> Any:
    """A JSON value as seen through attribute access: objects as ``Record``, lists element-wise."""
    if isinstance(value, dict):
        return Record(value)
    if isinstance(value, list):
        return [_view(v) for v in value]
    return value


class Record:
    """A read-only view of a JSON object with attribute access to its keys.

    ``record.key`` and ``record["key"]`` give the value (objects as ``Record``, lists as lists);
    ``record.to_dict()`` gives a fresh copy of the object.
    """

    __slots__ = ("_doc",)

    def __init__(self, doc: Dict[str, Any]) -> None:
        object.__setattr__(self, "_doc", doc)

    def __getattr__(self, name: str) -> Any:
        doc = object.__getattribute__(self, "_doc")
        if name in doc:
            return _view(doc[name])
        raise AttributeError(
            f"this {type(self).__name__} has no field {name!r}; its fields are {', '.join(doc)}"
        )

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("answers are read-only; use .to_dict() for a copy to change")

    def __getitem__(self, key: str) -> Any:
        return _view(self._doc[key])

    def __contains__(self, key: object) -> bool:
        return key in self._doc

    def __iter__(self) -> Iterator[str]:
        return iter(self._doc)

    def __len__(self) -> int:
        return len(self._doc)

    def keys(self) -> List[str]:
        """The keys, in the document's order."""
        return list(self._doc)

    def get(self, key: str, default: Any = None) -> Any:
        """The value of ``key``, or ``default`` when the document has no such key."""
        return _view(self._doc[key]) if key in self._doc else default

    def __dir__(self) -> List[str]:
        return sorted(set(super().__dir__()) | set(self._doc))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Record):
            return self._doc == other._doc
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def to_dict(self) -> Dict[str, Any]:
        """The JSON object as plain Python (a fresh copy): for an answer, the CLI's ``--json``."""
        return copy.deepcopy(self._doc)

    def to_json(self, indent: int = 2) -> str:
        """The JSON text of ``to_dict()``."""
        return json.dumps(self._doc, indent=indent)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({json.dumps(self._doc)[:200]})"

    def _repr_html_(self) -> str:
        return _table(self._doc)


class Answer(Record):
    """A typed answer of nabla: the document of one command (``command``), its ``verdict`` and
    everything it found. ``to_dict()`` equals the CLI's ``--json``."""

    __slots__ = ()

    @property
    def exit_code(self) -> int:
        """The exit code the command line ends with for this answer (0 success, 1 failure,
        2 usage, 3 inconclusive)."""
        from nabla._nabla import exit_code

        return exit_code(self._doc["verdict"]["exit"])

    @property
    def ok(self) -> bool:
        """Whether the verdict's exit class is success (exit code 0)."""
        return self._doc["verdict"]["exit"] == "success"

    def __repr__(self) -> str:
        verdict = self._doc.get("verdict", {})
        return f"<nabla {self._doc.get('command', '?')} answer: {verdict.get('sentence', '')}>"

    def __str__(self) -> str:
        verdict = self._doc.get("verdict", {})
        evidence = verdict.get("evidence")
        return verdict.get("sentence", "") + (f" ({evidence})" if evidence else "")

    def _repr_html_(self) -> str:
        verdict = self._doc.get("verdict", {})
        head = f"<p><b>{_esc(verdict.get('sentence', ''))}</b>"
        if verdict.get("evidence"):
            head += f"<br><small>{_esc(verdict['evidence'])}</small>"
        head += "</p>"
        rest = {k: v for k, v in self._doc.items() if k not in ("verdict", "schema_version")}
        return head + _table(rest)


_CLASSES: Dict[str, Type[Answer]] = {}

A = TypeVar("A", bound=Type[Answer])


def register(command: str) -> Callable[[A], A]:
    """Class decorator: answers of ``command`` are wrapped in the decorated subclass."""

    def deco(cls: A) -> A:
        _CLASSES[command] = cls
        return cls

    return deco


def wrap(doc: Dict[str, Any]) -> Answer:
    """The answer object of a document: the class registered for its ``command``, else
    ``Answer``."""
    return _CLASSES.get(doc.get("command", ""), Answer)(doc)


def _esc(value: Any) -> str:
    return html.escape(str(value))


def _cell(value: Any) -> str:
    """One value as HTML: numbers as the CLI prints them, lists of numbers as tuples, lists of
    objects as tables, objects as nested tables."""
    if value is None:
        return "&mdash;"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        from nabla._nabla import fmt_number

        return _esc(fmt_number(value))
    if isinstance(value, (int, str)):
        return _esc(value)
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            return _rows(value)
        return "(" + ", ".join(_cell(v) for v in value) + ")"
    if isinstance(value, dict):
        return _table(value)
    return _esc(value)


def _table(doc: Dict[str, Any]) -> str:
    """An object as a two-column HTML table of its keys and values."""
    rows = "".join(
        f"<tr><th style='text-align:left'>{_esc(k)}</th><td style='text-align:left'>{_cell(v)}</td></tr>"
        for k, v in doc.items()
    )
    return f"<table>{rows}</table>"


def _rows(items: List[Dict[str, Any]]) -> str:
    """A list of objects as one HTML table, one object a row (at most 200 rows shown)."""
    keys: List[str] = []
    for item in items:
        keys.extend(k for k in item if k not in keys)
    head = "".join(f"<th>{_esc(k)}</th>" for k in keys)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(item.get(k))}</td>" for k in keys) + "</tr>"
        for item in items[:200]
    )
    more = f"<p>{_t('py-more-rows', count=len(items) - 200)}</p>" if len(items) > 200 else ""
    return f"<table><tr>{head}</tr>{body}</table>{more}"
