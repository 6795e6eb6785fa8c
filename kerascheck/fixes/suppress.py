"""The editor's other action on any finding: a ``# kerascheck: ignore[CODE]`` comment on its line.

Not a fix of the finding (``--fix`` never applies it; ``--add-noqa`` is the
command line's way to suppress everything at once), but computed here, as
edits on the source, like the fixes.
"""

from __future__ import annotations

import io
import re
import tokenize
from typing import Optional

from ..results import Diagnostic, Fix
from .edits import lines, text_edits

IGNORE_COMMENT = re.compile(r"#\s*kerascheck:\s*ignore\[([^\]]*)\]")
#: Findings about the file itself: no line of it to put a comment on.
_FILE_LEVEL = ("KC002", "KC003")


def _line_is_code(source: str, line: int) -> bool:
    """True unless the line ends inside a string (where a comment would be text)."""
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.start[0] > line:
                break
            if token.type == tokenize.STRING and token.start[0] <= line < token.end[0]:
                return False
    except (tokenize.TokenError, SyntaxError):
        pass  # the rest of a half-typed file does not matter to this line
    return True


def ignore_comment(found: Diagnostic, source: str) -> Optional[Fix]:
    """``# kerascheck: ignore[CODE]`` on the finding's line, joining an existing one; None where it cannot go."""
    text = lines(source)
    number = found.span.line
    if found.code in _FILE_LEVEL or not 0 < number <= len(text) or not _line_is_code(source, number):
        return None
    line = text[number - 1]
    body = line.rstrip("\r\n")
    existing = IGNORE_COMMENT.search(body)
    if existing:
        codes = [code.strip() for code in existing.group(1).split(",") if code.strip()]
        if found.code in codes:
            return None
        body = body[: existing.start(1)] + ", ".join([*codes, found.code]) + body[existing.end(1):]
    else:
        body = body.rstrip() + f"  # kerascheck: ignore[{found.code}]"
    text[number - 1] = body + line[len(line.rstrip("\r\n")):]
    edits = text_edits(source, "".join(text))
    return Fix(f"Ignore {found.code} on this line", edits) if edits else None
