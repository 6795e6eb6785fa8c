"""Terminal colors, written as plain ANSI escapes so nothing heavy is imported.

Whether to color is decided once, by :func:`wants_color`, following the
conventions users already set in their shells and CI: https://no-color.org
(``NO_COLOR``) and https://force-color.org (``FORCE_COLOR``).
"""

from __future__ import annotations

from typing import Mapping, TextIO

BOLD = "1"
DIM = "2"
CYAN = "36"
BOLD_RED = "1;31"


def wants_color(stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Color a report written to ``stream``?

    ``FORCE_COLOR`` (any non-empty value) forces it, for CI logs that render
    colors; otherwise ``NO_COLOR`` (any non-empty value) or ``TERM=dumb``
    turn it off, and it is on only when ``stream`` is a terminal.
    """
    if environ.get("FORCE_COLOR"):
        return True
    if environ.get("NO_COLOR") or environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def paint(text: str, sgr: str, enabled: bool) -> str:
    """``text`` in the SGR style ``sgr`` (e.g. ``"1;31"``) when ``enabled``."""
    return f"\x1b[{sgr}m{text}\x1b[0m" if enabled and text else text
