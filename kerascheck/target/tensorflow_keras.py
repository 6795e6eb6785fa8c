"""Which ``tensorflow.keras`` names are the very objects of ``keras`` under Keras 3 (KC614's facts).

With Keras 3 and TensorFlow 2.16+ installed, ``tensorflow.keras`` is Keras 3's
compatibility namespace: mostly the objects of ``keras`` itself, but not all of
them (``tf.keras.backend.int_shape`` has no ``keras.backend`` counterpart,
``tf.keras.layers.ThresholdedReLU`` is a legacy class, ``tf.keras.preprocessing.text``
has no ``keras`` module). ``tensorflow_keras.json``, written from the installed
Keras and TensorFlow by ``scripts/generate_tensorflow_keras.py`` (and re-derived
by a test), lists for each module of ``tensorflow.keras`` that differs from its
``keras`` counterpart the members that are the same object in both; a module
that is the same object is listed as a member of its parent, and stands for
everything in it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Optional, Sequence

_TABLE = Path(__file__).with_name("tensorflow_keras.json")


@lru_cache(maxsize=1)
def _table() -> dict:
    """module path under ``tensorflow.keras`` ("" for itself) -> the names that are the same object in ``keras``."""
    table = json.loads(_TABLE.read_text(encoding="utf-8"))
    return {path: frozenset(names) for path, names in table.items() if not path.startswith("_")}


def _deepest_module(parts: Sequence[str]) -> tuple:
    """(the deepest listed module ``tensorflow.keras.<parts>`` goes through, how many of ``parts`` it takes)."""
    table, path = _table(), ""
    for used, part in enumerate(parts):
        child = f"{path}.{part}" if path else part
        if child not in table:
            return path, used
        path = child
    return path, len(parts)


def same_in_keras(parts: Sequence[str]) -> bool:
    """Whether ``tensorflow.keras.<parts>`` is the very object ``keras.<parts>`` is, under Keras 3 with TensorFlow.

    A module whose members differ (``tensorflow.keras.layers``) is not; its
    members that are the same (``tensorflow.keras.layers.Dense``) are.
    """
    path, used = _deepest_module(parts)
    return used < len(parts) and parts[used] in _table()[path]


def differing_module(parts: Sequence[str]) -> Optional[str]:
    """``tensorflow.keras.<parts>`` as a listed module path when it names a module ``keras`` has
    too but with other members (``layers``, ``backend``, ``""`` for ``tensorflow.keras``); else None."""
    path, used = _deepest_module(parts)
    return path if used == len(parts) else None
