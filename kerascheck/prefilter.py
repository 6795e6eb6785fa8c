"""Which files may build a Keras model: the pre-filter every file goes through first.

Kept apart from :mod:`kerascheck.engine` so that deciding it imports nothing:
a run served from the cache, or one whose files never mention Keras, never
pays for importing the analysis (libcst and the interpreter).

Every file of a tree is searched, most of them without Keras, so the search
is built for speed: each sign is first looked for as a plain substring (a
fast scan), and its pattern is only run on a file that holds the substring.
One regular expression for all the signs was five times slower: starting
with ``\\b`` or an alternation, it cannot skip ahead to a literal.
"""

from __future__ import annotations

import re
from typing import Union

#: A file showing none of these signs cannot build a Keras model: it is not parsed. Besides
#: ``keras``, what builds a model in a snippet without imports: ``Sequential``, ``Model(``,
#: ``Input(``, ``model.add(Dense(...))`` on a model made elsewhere (see ``interpreter.guesses``).
#: Each sign: (a substring every match contains, the pattern that decides, or None: the substring does).
SIGNS = (
    ("keras", None),
    ("Sequential", None),
    ("Model(", r"\bModel\("),
    ("Input(", r"\bInput\("),
    (".add(", r"\.add\(\s*[A-Z]\w*\("),
)
_TEXT_SIGNS = tuple((word, pattern and re.compile(pattern)) for word, pattern in SIGNS)
_BYTE_SIGNS = tuple((word.encode(), pattern and re.compile(pattern.encode())) for word, pattern in SIGNS)


def may_use_keras(data: bytes) -> bool:
    """The pre-filter on raw bytes, before decoding (the runner's fast path).

    Exact for every ASCII-compatible encoding; for any other, a False only
    means "not worth the pool or the cache": :func:`kerascheck.engine.check_bytes` decides.
    """
    return _shows(data, _BYTE_SIGNS)


def may_use_keras_text(source: str) -> bool:
    """The pre-filter on decoded text (what the engine decides with)."""
    return _shows(source, _TEXT_SIGNS)


def _shows(content: Union[str, bytes], signs: tuple) -> bool:
    return any(word in content and (pattern is None or pattern.search(content) is not None) for word, pattern in signs)
