"""Output formats, one module each, all rendering the same results.

A format is found by name and imported only when asked for, so adding one
never touches the checker and optional formats cost nothing at start-up.
"""

from __future__ import annotations

import importlib
from typing import Callable

#: ``--output-format`` name -> module under ``kerascheck.reporters``.
CHECK_FORMATS = {"concise": "concise", "json": "json_format"}
SUMMARY_FORMATS = {"text": "summary_text", "json": "json_format"}


def reporter(module_name: str) -> Callable:
    """The ``render(results) -> str`` function of a reporter module."""
    module = importlib.import_module(f"{__name__}.{module_name}")
    return module.render
