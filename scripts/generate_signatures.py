"""Write kerascheck/layers/signatures.json: the Keras 3 constructor signatures.

For every class of ``keras.layers`` (by its canonical class name) and every
``keras.applications`` constructor: the parameter names it accepts, in order,
and whether it takes ``**kwargs`` (and with them the base ``Layer`` keywords).
The catalogue reads this table so that each spec accepts exactly what Keras
accepts; ``tests/test_catalogue.py`` re-derives it so it cannot drift.

Run with real Keras installed: ``KERAS_BACKEND=jax python scripts/generate_signatures.py``.
"""

from __future__ import annotations

import inspect
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")

TARGET = Path(__file__).resolve().parent.parent / "kerascheck" / "layers" / "signatures.json"


def signature(target: object) -> dict:
    function = target.__init__ if inspect.isclass(target) else target
    parameters = list(inspect.signature(function).parameters.values())
    if inspect.isclass(target):
        parameters = parameters[1:]  # self
    named = [p.name for p in parameters if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)]
    return {"params": named, "var_keyword": any(p.kind is p.VAR_KEYWORD for p in parameters)}


def signatures() -> dict:
    """The table, from the installed Keras."""
    import keras

    table = {}
    for name in dir(keras.layers):
        value = getattr(keras.layers, name)
        if inspect.isclass(value) and issubclass(value, keras.layers.Layer):
            table[value.__name__] = signature(value)
            table.setdefault(name, table[value.__name__])
    for name in dir(keras.applications):
        value = getattr(keras.applications, name)
        if name[:1].isupper() and callable(value) and not inspect.isclass(value):
            table[name] = signature(value)
    return dict(sorted(table.items()))


def render(table: dict) -> str:
    lines = [f"{json.dumps(name)}: {json.dumps(entry)}" for name, entry in table.items()]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def main() -> int:
    TARGET.write_text(render(signatures()), encoding="utf-8")
    print(f"wrote {TARGET}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
