"""Write kerascheck/target/tensorflow_keras.json: what of ``tensorflow.keras`` is ``keras`` under Keras 3.

With Keras 3 and TensorFlow 2.16+ installed, ``tensorflow.keras`` is Keras 3's
compatibility namespace (``keras._tf_keras.keras``): most of it is the very
objects of ``keras``, but not all (``tf.keras.backend`` keeps 137 functions of
which ``keras.backend`` has 14; ``tf.keras.layers.ThresholdedReLU`` is a legacy
class ``keras.layers`` lacks; ``tf.keras.preprocessing.text`` has no ``keras``
module). The migration rule KC614 rewrites a ``tensorflow.keras`` spelling to
``keras`` only where this table says the result is the same object.

The table: for every module of ``tensorflow.keras`` that is *not* the same module
object as its ``keras`` counterpart, but whose counterpart can be imported
(``""`` for ``tensorflow.keras`` itself, ``"layers"``, ``"preprocessing.image"``...),
the names of its public members that are the same object in both (a member
that is a module the same in both stands for everything in it). A name the
table does not list is not the same in Keras 3, or not there at all.
``tests/test_tensorflow_keras.py`` re-derives it.

Run with Keras 3 and TensorFlow installed (not tf_keras's legacy mode):
``KERAS_BACKEND=jax python scripts/generate_tensorflow_keras.py``.
"""

from __future__ import annotations

import importlib
import os
import sys
import types
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.pop("TF_USE_LEGACY_KERAS", None)

TARGET = Path(__file__).resolve().parent.parent / "kerascheck" / "target" / "tensorflow_keras.json"


def _importable(name: str) -> bool:
    try:
        importlib.import_module(name)
    except ImportError:
        return False
    return True


def _is_module(value: object) -> bool:
    return isinstance(value, types.ModuleType) or type(value).__name__ == "KerasLazyLoader"


def table() -> dict:
    """The table, from the installed Keras 3 and TensorFlow."""
    import keras
    import tensorflow as tf

    found: dict = {}
    pending = [("", tf.keras, keras)]
    while pending:
        path, ours, theirs = pending.pop()
        same = []
        for name in sorted(dir(ours)):
            if name.startswith("_"):
                continue
            value, counterpart = getattr(ours, name), getattr(theirs, name, None)
            if value is counterpart:
                same.append(name)
            elif _is_module(value) and _is_module(counterpart) and _importable(f"keras.{path}.{name}".replace("..", ".")):
                pending.append((f"{path}.{name}".lstrip("."), value, counterpart))
        found[path] = same
    return {"_source": {"keras": keras.__version__, "tensorflow": tf.__version__}, **dict(sorted(found.items()))}


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from generate_signatures import render

    TARGET.write_text(render(table()), encoding="utf-8")
    print(f"wrote {TARGET}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
