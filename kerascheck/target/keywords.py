"""Which keywords each layer constructor of the target accepts: the one predicate behind
KC303 (reported at the call) and the interpreter's unknown output for a layer Keras
never creates (:func:`rejected_keywords`).

Keras 3: the catalogue's signatures (``LayerSpec.accepts``). tf.keras 2: the
keywords ``tf_keras`` accepts (``keras2_signatures.json``, written by
``scripts/generate_signatures.py --keras2``), plus Keras 1 spellings and Keras
3's keywords, so that only a keyword rejected by both is certain. Keras 1 and
standalone Keras 2.0 to 2.3 are not judged (no table from their sources).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Optional

from . import Target
from ..layers import registry
from ..layers.registry import LEGACY_BASE_KEYWORDS, LEGACY_RENAMES, LayerSpec
from .lines import points

_KERAS2_SIGNATURES = Path(__file__).with_name("keras2_signatures.json")

#: Keywords removed in Keras 3 that Keras 2 code passes legitimately: without a
#: decided target (Keras 3 by default) they are left to KC004 and the migration rules.
_KERAS2_KEYWORDS = frozenset({"implementation", "time_major", "fused", "virtual_batch_size", "adjustment", "input_length"})


@lru_cache(maxsize=1)
def keras2_keywords() -> dict:
    """class name -> the keywords its tf.keras 2 (tf_keras) constructor accepts."""
    table = json.loads(_KERAS2_SIGNATURES.read_text(encoding="utf-8"))
    return {name: frozenset(entry["keywords"]) for name, entry in table.items() if not name.startswith("_")}


def rejected_keywords(spec: LayerSpec, keys: Iterable[str], target: Target, decided: bool) -> Iterator[tuple]:
    """(keyword, the keywords the constructor accepts) for each of ``keys`` that the
    ``target``'s constructor of ``spec`` certainly rejects; ``decided``: whether the
    project chose the target (otherwise Keras 2's own keywords are not counted)."""
    lines = {line for line, _ in points(target)}
    if lines & {"k1", "k2"}:
        return
    keras2: Optional[dict] = keras2_keywords() if lines == {"tf"} else None
    if keras2 is not None and spec.name not in keras2:
        return
    for key in keys:
        if spec.accepts(key) or key in LEGACY_RENAMES or (keras2 is not None and key in keras2[spec.name]):
            continue
        if keras2 is None and key == "input_length" and spec.name == "Embedding":
            continue  # Keras 3 drops it with a warning (KC409)
        if keras2 is None and not decided and (key in LEGACY_BASE_KEYWORDS or key in _KERAS2_KEYWORDS):
            continue
        valid = keras2[spec.name] if keras2 is not None else {k for k in spec.keywords | registry.BASE_KEYWORDS if spec.accepts(k)}
        yield key, tuple(sorted(valid))
