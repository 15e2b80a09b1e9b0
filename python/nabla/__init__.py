"""nabla: exact derivatives of typed formulas, with numpy arrays in and out.

>>> import nabla as nb
>>> f = nb.Formula("(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2")
>>> f([3, 4])
39062.953125

The Rust engine (the extension module ``nabla._nabla``) parses, differentiates and compiles the
formula; every result is one of the library's typed answers (``nabla.Answer``), whose
``to_dict()`` is the document the command line's ``--json`` prints. ``python -m nabla`` runs the
command line itself.

This module imports no third-party package at import time (numpy is loaded on first use), so
``python -m nabla`` starts quickly.
"""

from nabla._answer import Answer, Record
from nabla._check import CheckAnswer, check, check_gradient
from nabla._nabla import Formula, ParseError, eval, grad
from nabla._nabla import schema as _schema_text
from nabla._nabla import certify, compare, minimize, minimize_global
from nabla._nabla import graph, trace
from nabla._nabla import language, set_language
from nabla._dask import fit
from nabla._results import MinResult
from nabla import _display  # noqa: F401  (registers the trace, graph and fit answers)
from nabla._plot import Picture, Plot, plot

# `nabla.eval` stays out of `__all__`, so that `from nabla import *` never hides Python's `eval`.
__all__ = ["Answer", "Formula", "ParseError", "Record", "grad", "schema"]
__all__ += ["MinResult", "certify", "compare", "minimize", "minimize_global"]
__all__ += ["fit", "graph", "trace"]
__all__ += ["Picture", "Plot", "plot"]
__all__ += ["CheckAnswer", "check", "check_gradient"]
__all__ += ["language", "set_language"]

__version__ = "0.1.0"


def schema(command: "str | None" = None) -> dict:
    """The JSON Schema of nabla's answers (of one command's answers when ``command`` is given),
    as ``nabla schema [COMMAND]`` prints it.

    >>> schema("eval")["properties"]["command"]["const"]
    'eval'
    """
    import json

    return json.loads(_schema_text(command))
