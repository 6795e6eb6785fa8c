"""Output formats, one module each, all rendering the same results.

A format is found by name and imported only when asked for, so adding one
never touches the checker and optional formats cost nothing at start-up.
Every reporter is ``render(results, context=PLAIN) -> str``, where ``context``
(:class:`~kerascheck.reporters.common.Context`) carries what the caller
decided: color, the repository root, sources not on disk.
"""

from __future__ import annotations

import importlib
from typing import Callable

#: ``--output-format`` name -> module (or ``module:function``) under ``kerascheck.reporters``.
CHECK_FORMATS = {
    "concise": "concise",
    "full": "full",
    "json": "json_format",
    "sarif": "sarif",
    "github": "github",
    "gitlab": "gitlab",
    "junit": "junit",
}

SUMMARY_FORMATS = {"text": "summary_text", "markdown": "summary_markdown", "json": "json_format"}

#: ``--statistics`` replaces the report: a JSON count for ``json``, a text table for the text formats.
#: Other formats (SARIF, annotations, Markdown...) have no count form: the CLI refuses them.
STATISTICS_FORMATS = {"json": "statistics:render_json", "concise": "statistics", "full": "statistics", "text": "statistics"}


def reporter(spec: str) -> Callable:
    """The ``render(results, context) -> str`` function named by ``module`` or ``module:function``."""
    module_name, _, function = spec.partition(":")
    module = importlib.import_module(f"{__name__}.{module_name}")
    return getattr(module, function or "render")
