"""Which files may build a Keras model: the pre-filter every file goes through first.

Kept apart from :mod:`kerascheck.engine` so that deciding it imports nothing:
a run served from the cache, or one whose files never mention Keras, never
pays for importing the analysis (libcst and the interpreter).
"""

from __future__ import annotations

import re

#: A file that matches none of these cannot build a Keras model: it is not parsed. Besides
#: ``keras``, what builds a model in a snippet without imports: ``Sequential``, ``Model(``,
#: ``Input(``, ``model.add(Dense(...))`` on a model made elsewhere (see ``interpreter.guesses``).
MAY_USE_KERAS = re.compile(r"keras|Sequential|\b(?:Model|Input)\(|\.add\(\s*[A-Z]\w*\(")
_MAY_USE_KERAS_BYTES = re.compile(MAY_USE_KERAS.pattern.encode())


def may_use_keras(data: bytes) -> bool:
    """The pre-filter on raw bytes, before decoding (the runner's fast path).

    Exact for every ASCII-compatible encoding; for any other, a False only
    means "not worth the pool or the cache": :func:`kerascheck.engine.check_bytes` decides.
    """
    return _MAY_USE_KERAS_BYTES.search(data) is not None
