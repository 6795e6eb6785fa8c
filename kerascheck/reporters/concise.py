"""``path:line:col: CODE message``, one line per finding (``nb.ipynb:cell 4:3:11:`` in a notebook).

On a terminal the path is bold and the code takes its severity's color; the
plain text stays byte-for-byte the same, so piped output can be grepped.
Paths, codes and messages are escaped (:func:`~.common.printable`): one
finding is always exactly one line, and nothing in it reaches the terminal
as a control sequence.
"""

from __future__ import annotations

from .ansi import BOLD, paint
from .common import PLAIN, Context, findings, level, position, printable


def line(result: object, diagnostic: object, color: bool = False) -> str:
    """One finding of a file's ``result`` as a concise line (no newline)."""
    d = diagnostic
    where = paint(printable(result.path), BOLD, color)
    code = paint(printable(str(d.code)), level(d.severity).color, color)
    return f"{where}:{position(result, d.span)}: {code} {printable(str(d.message))}"


def render(results: list, context: Context = PLAIN) -> str:
    return "".join(line(result, d, context.color) + "\n" for result, d in findings(results))
