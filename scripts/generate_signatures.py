"""Write kerascheck/layers/signatures.json: the Keras 3 constructor signatures.

For every class of ``keras.layers`` (by its canonical class name) and every
``keras.applications`` constructor: the parameter names it accepts, in order,
and whether it takes ``**kwargs`` (and with them the base ``Layer`` keywords).
The catalogue reads this table so that each spec accepts exactly what Keras
accepts; ``tests/test_catalogue.py`` re-derives it so it cannot drift.

Run with real Keras installed: ``KERAS_BACKEND=jax python scripts/generate_signatures.py``.

``--keras2`` writes kerascheck/target/keras2_signatures.json instead: the
keywords each ``tf_keras`` (tf.keras 2) layer accepts, which the
unknown-keyword rule (KC303) reads for Keras 2 targets. A tf.keras layer
passes ``**kwargs`` up to its base classes, and the base ``Layer`` accepts a
fixed set of extra keywords (``allowed_kwargs`` in its ``__init__``), so a
class accepts the union of the parameters along its MRO, read up to the first
``__init__`` without ``**kwargs``, plus that set (read from tf_keras' source,
not typed here). ``tests/test_target_rules.py`` re-derives the table.
Run with tf_keras installed: ``python scripts/generate_signatures.py --keras2``.
"""

from __future__ import annotations

import inspect
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")

TARGET = Path(__file__).resolve().parent.parent / "kerascheck" / "layers" / "signatures.json"
KERAS2_TARGET = Path(__file__).resolve().parent.parent / "kerascheck" / "target" / "keras2_signatures.json"


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


def _layer_allowed_kwargs(layer_class: type) -> list:
    """The ``allowed_kwargs`` set literal of tf_keras' base ``Layer.__init__``, read from its source."""
    import ast
    import textwrap

    tree = ast.parse(textwrap.dedent(inspect.getsource(layer_class.__init__)))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "allowed_kwargs" for t in node.targets):
            return sorted(ast.literal_eval(node.value))
    raise RuntimeError("tf_keras' Layer.__init__ has no allowed_kwargs set: update this generator")


def _kwargs_read(function: object) -> list:
    """Keywords an ``__init__`` takes out of its ``**kwargs`` itself: ``kwargs.pop("input_length", None)``, ``"x" in kwargs``."""
    import ast
    import textwrap

    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError, SyntaxError):
        return []
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("pop", "get")
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "kwargs"
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.append(node.args[0].value)
        elif (isinstance(node, ast.Compare) and isinstance(node.left, ast.Constant) and isinstance(node.left.value, str)
              and any(isinstance(op, ast.In) for op in node.ops)
              and any(isinstance(c, ast.Name) and c.id == "kwargs" for c in node.comparators)):
            found.append(node.left.value)
    return found


def keras2_signature(cls: type, base: type, allowed: list) -> dict:
    """The keywords a tf_keras layer class accepts: its MRO's parameters while ``**kwargs`` is passed on."""
    accepted: list = []
    for klass in cls.__mro__:
        if "__init__" not in vars(klass):
            continue
        parameters = list(inspect.signature(vars(klass)["__init__"]).parameters.values())[1:]
        accepted += [p.name for p in parameters if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL) and p.name not in accepted]
        accepted += [name for name in _kwargs_read(vars(klass)["__init__"]) if name not in accepted]
        if klass is base:
            accepted += [name for name in allowed if name not in accepted]
            break
        if not any(p.kind is p.VAR_KEYWORD for p in parameters):
            break
    return {"keywords": sorted(set(accepted))}


def keras2_signatures() -> dict:
    """The Keras 2 table, from the installed tf_keras."""
    import tf_keras

    base = tf_keras.layers.Layer
    allowed = _layer_allowed_kwargs(base)
    table = {}
    for name in dir(tf_keras.layers):
        value = getattr(tf_keras.layers, name)
        if inspect.isclass(value) and issubclass(value, base):
            table[value.__name__] = keras2_signature(value, base, allowed)
            table.setdefault(name, table[value.__name__])
    return {"_source": {"tf_keras": tf_keras.__version__}, **dict(sorted(table.items()))}


def render(table: dict) -> str:
    lines = [f"{json.dumps(name)}: {json.dumps(entry)}" for name, entry in table.items()]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def main() -> int:
    if "--keras2" in sys.argv[1:]:
        KERAS2_TARGET.write_text(render(keras2_signatures()), encoding="utf-8")
        print(f"wrote {KERAS2_TARGET}", file=sys.stderr)
        return 0
    TARGET.write_text(render(signatures()), encoding="utf-8")
    print(f"wrote {TARGET}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
