"""KC3xx: layer arguments that make Keras raise when the layer is created.

Each check reads a layer's arguments as written (or bound to their Keras 3
names) and reports only static values Keras certainly rejects; an argument
that is not known statically (:class:`~kerascheck.interpreter.values.Opaque`) is never
reported. Keras 1 files are judged by Keras 1's rules: the checks whose rule
changed since then skip them.
"""

from __future__ import annotations

from typing import Any, Iterator, Optional

from ..interpreter.objects import LayerCall
from ..imports import is_keras_path
from ..layers import registry
from ..interpreter.values import Opaque
from . import Finding, check
from ..interpreter.library.datasets import NumpyInteger
from .facts import FileFacts
from ..target.keywords import rejected_keywords
from .versions import target_name
from .vocabulary import ACTIVATIONS, CONSTRAINTS, DATA_FORMATS, INITIALIZERS, PADDINGS, REGULARIZERS, did_you_mean, suggest

#: Arguments that are sizes: every value must be a positive integer.
_SIZES = ("units", "filters", "kernel_size", "strides", "pool_size", "nb_row", "nb_col")

#: Layers with a drop ``rate`` that Keras checks is within [0, 1].
_DROPOUTS = frozenset({"Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianDropout", "AlphaDropout"})

#: Which kind of object each keyword suffix expects, and the Keras module of that kind.
_KINDS = {"_regularizer": "regularizers", "_constraint": "constraints", "_initializer": "initializers"}
_NOUNS = {"regularizers": "regularizer", "constraints": "constraint", "initializers": "initializer"}


def show(value: Any) -> str:
    """A value as written: ``'relu'``, ``(3, 3)``, or the source text of an opaque one."""
    return value.text if isinstance(value, Opaque) else repr(value)


def _ints(value: Any) -> tuple:
    """The static integers of an int-or-tuple argument (others are skipped)."""
    items = value if isinstance(value, (tuple, list)) else (value,)
    return tuple(item for item in items if isinstance(item, int) and not isinstance(item, bool))


def _written(call: LayerCall) -> Iterator[tuple]:
    """(keyword, value) as written, without ``*args``/``**kwargs`` entries."""
    return ((key, value) for key, value in call.kwargs if key not in ("*", "**"))


@check("KC303")
def unknown_keyword(facts: FileFacts) -> Iterator[Finding]:
    """A keyword the target's constructor certainly rejects (:func:`~kerascheck.target.keywords.rejected_keywords`,
    which the interpreter also reads: such a layer is never created, so its output is unknown)."""
    # a Keras 2 target yields rejections only when it is certainly tf.keras: the message names it
    against = f" for {target_name(facts.target)}" if facts.generation == 2 else ""
    for call in facts.layers:
        spec = facts.spec(call)
        if spec is None:
            continue
        for key, accepted in rejected_keywords(spec, (key for key, _ in _written(call)), facts.target, facts.target_decided):
            close = suggest(key, accepted)
            hint = f"; did you mean {close!r}?" if close else f"; {spec.name} accepts: {', '.join(accepted)}"
            yield Finding("KC303", f"{spec.name}: unknown keyword argument `{key}`{against}{hint}", call.node)


@check("KC304")
def too_many_positional(facts: FileFacts) -> Iterator[Finding]:
    signatures = getattr(registry, "keras_signatures", dict)()
    if facts.keras1 or not signatures:
        return
    for call in facts.layers:
        spec = facts.spec(call)
        params = signatures.get(spec.name, {}).get("params") if spec else None
        if params is None or any(key == "*" for key, _ in call.kwargs) or len(call.args) <= len(params):
            continue
        allowed = ", ".join(params) if params else "none"
        yield Finding(
            "KC304",
            f"{spec.name}: {len(call.args)} positional arguments, but it takes at most {len(params)} ({allowed}); "
            f"pass the others by keyword{_tuple_hint(spec.name, call)}",
            call.node,
        )


def _tuple_hint(layer: str, call: LayerCall) -> str:
    if layer == "Reshape" and all(isinstance(arg, int) for arg in call.args):
        return f", or give the shape as one tuple: Reshape({tuple(call.args)!r})"
    return ""


@check("KC305")
def non_positive_size(facts: FileFacts) -> Iterator[Finding]:
    if facts.keras1:
        return
    for call in facts.layers:
        args = facts.args(call)
        if args is None:
            continue
        for name in _SIZES:
            value = args.raw(name)
            if any(item <= 0 for item in _ints(value)):
                yield Finding("KC305", f"{args.layer}: {name}={show(value)}, but every value must be a positive integer", call.node)


#: Keras 3 layers whose sizes must be Python ints (``isinstance(units, int)``): a NumPy integer is rejected.
_PYTHON_INT_SIZES = {"Dense": ("units",), "Embedding": ("input_dim", "output_dim")}


@check("KC314")
def numpy_integer_size(facts: FileFacts) -> Iterator[Finding]:
    """``Dense(np.max(y_train) + 1)``: Keras 3 rejects a NumPy integer where tf.keras 2 converted it."""
    if facts.keras1 or facts.generation < 3:
        return
    for call in facts.layers:
        args = facts.args(call)
        for name in _PYTHON_INT_SIZES.get(args.layer, ()) if args is not None else ():
            value = args.raw(name)
            if isinstance(value, NumpyInteger):
                yield Finding(
                    "KC314",
                    f"{args.layer}: {name}={int(value)} is a NumPy integer, which Keras 3 rejects "
                    f"(\"expected a positive integer\"); wrap it in int(...)",
                    call.node,
                )


@check("KC306", "KC307")
def dropout_rate(facts: FileFacts) -> Iterator[Finding]:
    for call in facts.layers:
        args = facts.args(call)
        if args is None or args.layer not in _DROPOUTS:
            continue
        rate = args.raw("rate")
        if not isinstance(rate, (int, float)) or isinstance(rate, bool):
            continue
        if not 0 <= rate <= 1 and not facts.keras1:
            yield Finding("KC306", f"{args.layer}: rate={rate!r} is outside [0, 1]; it is the fraction of inputs to drop", call.node)
        elif rate == 1:
            yield Finding("KC307", f"{args.layer}: rate={rate!r} drops every input during training; use a rate below 1, e.g. 0.5", call.node)


def _strings(facts: FileFacts, call: LayerCall, keys: tuple) -> Iterator[tuple]:
    """(keyword, string value) of the bound arguments named ``keys``."""
    args = facts.args(call)
    for key in keys:
        value = args.raw(key) if args is not None else None
        if isinstance(value, str):
            yield key, value


@check("KC308")
def unknown_activation(facts: FileFacts) -> Iterator[Finding]:
    for call in facts.layers:
        for key, value in _strings(facts, call, ("activation", "recurrent_activation")):
            if value not in ACTIVATIONS:
                yield Finding("KC308", f"{call.type_name}: unknown {key} {value!r}{did_you_mean(value, ACTIVATIONS)}", call.node)


@check("KC302")
def invalid_padding(facts: FileFacts) -> Iterator[Finding]:
    for call in facts.layers:
        spec = facts.spec(call)
        if spec is None or spec.group not in ("convolutional", "pooling"):
            continue
        allowed = PADDINGS | ({"causal"} if spec.name == "Conv1D" else set()) | ({"full"} if facts.keras1 else set())
        for key, value in _strings(facts, call, ("padding",)):
            if value.lower() not in allowed:
                choices = " or ".join(repr(name) for name in sorted(allowed))
                yield Finding("KC302", f"{spec.name}: padding={value!r}; it must be {choices}{did_you_mean(value, allowed)}", call.node)


@check("KC309")
def invalid_data_format(facts: FileFacts) -> Iterator[Finding]:
    for call in facts.layers:
        args = facts.args(call)
        if args is None or call.keyword("dim_ordering") is not None:
            continue  # Keras 1's dim_ordering is translated when bound
        value = call.keyword("data_format", args.raw("data_format"))  # as written, not translated
        if value is None or isinstance(value, (Opaque, bool)) or not isinstance(value, (str, int, float)):
            continue
        if str(value).lower() not in DATA_FORMATS:
            hint = did_you_mean(value, DATA_FORMATS) if isinstance(value, str) else ""
            yield Finding("KC309", f"{args.layer}: data_format={value!r}; it must be 'channels_last' or 'channels_first'{hint}", call.node)


def _kind(key: str) -> Optional[str]:
    """``regularizers`` for ``kernel_regularizer``; Keras 1's ``init`` is an initializer."""
    if key in ("init", "inner_init"):
        return "initializers"
    return next((kind for suffix, kind in _KINDS.items() if key.endswith(suffix)), None)


_NAMES = {"initializers": INITIALIZERS, "regularizers": REGULARIZERS, "constraints": CONSTRAINTS}
_STRING_CODES = {"initializers": "KC310", "regularizers": "KC311"}


@check("KC310", "KC311")
def unknown_identifier(facts: FileFacts) -> Iterator[Finding]:
    """An initializer or regularizer string Keras' ``get()`` cannot interpret."""
    for call in facts.layers:
        for key, value in _written(call):
            kind = _kind(key)
            if kind not in _STRING_CODES or not isinstance(value, str) or value in _NAMES[kind]:
                continue
            other = next((name for name, names in _NAMES.items() if name != kind and value in names), None)
            if other is not None:
                hint = f"; {value!r} is a {_NOUNS[other]}: pass it as {key.rsplit('_', 1)[0]}_{_NOUNS[other]}="
            else:
                hint = did_you_mean(value, _NAMES[kind])
            yield Finding(_STRING_CODES[kind], f"{call.type_name}: unknown {_NOUNS[kind]} {key}={value!r}{hint}", call.node)


@check("KC312")
def strides_with_dilation(facts: FileFacts) -> Iterator[Finding]:
    for call in facts.layers:
        spec, args = facts.spec(call), facts.args(call)
        if spec is None or spec.group != "convolutional" or args is None:
            continue
        strides, dilation = _ints(args.raw("strides", 1)), _ints(args.raw("dilation_rate", 1))
        if strides and dilation and max(strides) > 1 and max(dilation) > 1:
            yield Finding(
                "KC312",
                f"{spec.name}: strides={show(args.raw('strides'))} with dilation_rate={show(args.raw('dilation_rate'))}; "
                "Keras does not support strides > 1 together with dilation_rate > 1: set one of them to 1",
                call.node,
            )


@check("KC313")
def wrong_kind(facts: FileFacts) -> Iterator[Finding]:
    """A Keras constraint passed as a regularizer (or any other mix of the three kinds)."""
    for call in facts.layers:
        for key, _ in _written(call):
            expected = _kind(key)
            path = facts.keras_path(facts.argument(call, key)) if expected else None
            actual = _module_kind(path)
            if actual is None or actual == expected:
                continue
            name = path.rsplit(".", 1)[-1]
            fix = f"{key.rsplit('_', 1)[0]}_{_NOUNS[actual]}=" if key not in ("init", "inner_init") else f"a {_NOUNS[actual]} argument"
            yield Finding(
                "KC313",
                f"{call.type_name}: {key} expects a {_NOUNS[expected]}, but {name} is a {_NOUNS[actual]}; pass it as {fix}",
                call.node,
            )


def _module_kind(path: Optional[str]) -> Optional[str]:
    """Which of the three kinds a Keras object path belongs to, by its module or its name."""
    if path is None or not is_keras_path(path):
        return None
    parts = path.split(".")
    for kind in _NAMES:
        if kind in parts[:-1]:
            return kind
    if parts[0] == "keras" and len(parts) == 2:  # star-imported: judge by the name alone
        return next((kind for kind, names in _NAMES.items() if parts[1] in names and parts[1][:1].isupper()), None)
    return None
