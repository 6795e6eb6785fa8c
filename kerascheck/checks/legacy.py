"""KC5xx: Keras 1 spellings; KC6xx: migration to a later Keras; KC004: the Keras assumed.

Keras 1 code is correct for Keras 1, so the KC5xx rules are information for a
port, off unless selected (``extend-select = ["KC5"]``). In a file checked
against a Keras that rejects them they are errors of their own (KC303, KC407).

The KC6xx rules (opt-in, ``--select KC6``) are the migration report: what
works on the file's target but is rejected or ignored by a later Keras (Keras
3, or ``--migrate-to 2``), each with the version it breaks in and the
replacement. They never report what the target itself rejects (that is an
error of the target's rules). KC614 is the one that reports what still works on
Keras 3: ``tensorflow.keras`` spellings that ``keras`` can replace, for a
migration that asks for them.
"""

from __future__ import annotations

from typing import Iterator

from ..layers.registry import LEGACY_RENAMES
from . import Finding, check
from .arguments import show
from .compile import keras1_training_arguments
from .facts import FileFacts
from .tensorflow_keras import moves
from .versions import CHANGES, REJECTED, breaks, later, target_name, version_uses

#: Keras 1 ``dim_ordering`` values and the ``data_format`` they mean.
_ORDERINGS = {"th": "channels_first", "tf": "channels_last"}


@check("KC501")
def legacy_keyword(facts: FileFacts) -> Iterator[Finding]:
    for call in facts.layers:
        spec = facts.spec(call)
        if spec is None:
            continue
        for key, value in call.kwargs:
            modern = LEGACY_RENAMES.get(key)
            if modern is None or spec.accepts(key):
                continue
            value = _ORDERINGS.get(value, value) if key == "dim_ordering" and isinstance(value, str) else value
            yield Finding("KC501", f"{spec.name}: {key}= is the Keras 1 spelling; Keras 2+: {modern}={show(value)}", call.node)


@check("KC502")
def legacy_layer_call(facts: FileFacts) -> Iterator[Finding]:
    for call in facts.layers:
        spec = facts.spec(call)
        if spec is None or not call.written.startswith("Convolution"):
            continue
        arguments = [facts.source(arg.value) for arg in call.node.args if arg.keyword is None and not arg.star]
        rank = int(spec.name[-2])
        if call.legacy and len(arguments) >= 1 + rank and rank > 1:
            kernel = "(" + ", ".join(arguments[1:1 + rank]) + ")"
            modern = f"{spec.name}({', '.join([arguments[0], kernel, *arguments[1 + rank:]])})"
            yield Finding("KC502", f"{call.written}({', '.join(arguments)}) is the Keras 1 spelling; Keras 2+: {modern}", call.node)
        else:
            yield Finding("KC502", f"{call.written} is the Keras 1 name of {spec.name}; Keras 2+: {spec.name}", call.node)


@check("KC503")
def legacy_training_arguments(facts: FileFacts) -> Iterator[Finding]:
    if not facts.keras1:
        return  # KC407 reports them as errors outside Keras 1 files
    for node, message in keras1_training_arguments(facts):
        yield Finding("KC503", message, node)


#: The migration code of each change (kerascheck/checks/versions.py).
MIGRATION_CODES = {
    "optimizer-lr": "KC601",
    "optimizer-decay": "KC602",
    "fit-nb-epoch": "KC603",
    "generator-argument": "KC604",
    "generator-method": "KC605",
    "recurrent-input-dim": "KC606",
    "embedding-input-length": "KC607",
    "keras2-layer-keyword": "KC608",
    "image-dim-ordering": "KC609",
    "keras1-kernel": "KC610",
    "layer-submodule": "KC611",
    "model-io-keywords": "KC612",
    "merge-function": "KC613",
}


@check(*MIGRATION_CODES.values())
def migration(facts: FileFacts) -> Iterator[Finding]:
    """What works on the target but is rejected or ignored on ``--migrate-to`` (Keras 3 by default)."""
    if facts.migrate_to <= facts.generation:
        return
    goal = later(facts.migrate_to)
    for use in version_uses(facts):
        change = CHANGES[use.change]
        fate = breaks(change, facts.target, goal, use.legacy)
        if fate is None:
            continue
        what = _EFFECTS.get(use.change) or ("removed" if fate == REJECTED else "ignored")
        yield Finding(MIGRATION_CODES[use.change], f"{use.where} → {change.replacement}: {what} in {target_name(goal)}", use.node)


@check("KC614", modelless=True)
def tensorflow_keras(facts: FileFacts) -> Iterator[Finding]:
    """``tensorflow.keras`` spellings that are Keras 3's own ``keras`` objects (``checks/tensorflow_keras.py``),
    in every file, whether it builds a model or not (a module of callbacks or data loading migrates too).

    Only on the way to Keras 3: ``--migrate-to 2`` is tf.keras, where ``tensorflow.keras`` is the spelling.
    """
    if facts.migrate_to != 3:
        return
    for move in moves(facts.module):
        yield Finding("KC614", move.message, move.node)


#: What a later Keras does with a spelling, when "removed"/"ignored" would not say it.
_EFFECTS = {
    "recurrent-input-dim": "read as input_shape=(input_dim,), a 2D input the layer rejects,",
    "keras1-kernel": "the third argument is read as strides",
    "generator-argument": "removed (and counted in batches, not samples, since Keras 2)",
}


#: Spellings that say a file was written for Keras 2 or earlier (the migration changes Keras 3 breaks).
_OLD_SIGNS = tuple(MIGRATION_CODES)


@check("KC004")
def assumed_target(facts: FileFacts) -> Iterator[Finding]:
    """No project target and the file speaks for two Keras: say which one it was checked as, and how to choose."""
    if facts.target_decided:
        return
    uses = version_uses(facts)
    if facts.keras1_sign:
        modern = _modern_sign(facts)
        if modern is None:
            return
        node, text = modern
        yield Finding("KC004", f"checked as Keras 1 (from {facts.keras1_sign}), but the file also uses {text}, a Keras 2+ spelling; "
                               "if it is written for a later Keras, say so with --target-keras or keras-version in "
                               "[tool.kerascheck] (or pin keras/tensorflow in the project's requirements)", node)
        return
    old = next((use for use in uses if use.change in _OLD_SIGNS and use.change != "keras1-kernel"), None)
    if old is not None:
        yield Finding("KC004", f"checked as {target_name(facts.target)} ({facts.target.source}), but {old.where} is a Keras 2 (or 1) "
                               "spelling; if the file is written for Keras 2, say so with --target-keras 2 (or a version such "
                               "as 2.12) or keras-version in [tool.kerascheck], or pin tensorflow/keras in the project's "
                               "requirements", old.node)


#: Keras 2 names of Keras 1 arguments that no Keras 1 layer took under that name.
_KERAS2_ONLY = frozenset({"units", "filters", "kernel_size", "kernel_initializer", "kernel_regularizer", "data_format"})


def _modern_sign(facts: FileFacts):
    """(node, text) of the first Keras 2+ spelling in a file read as Keras 1: ``fit(epochs=)``, ``learning_rate=``."""
    for model in facts.models:
        for method in model.call.methods:
            if method.method in ("fit", "fit_generator") and method.keyword("epochs") is not None:
                return method.node, f"{method.method}(epochs=...)"
    for call in facts.calls:
        path = facts.keras_path(call)
        if path is not None and ".optimizers." in f".{path}." and any(
                arg.keyword is not None and arg.keyword.value == "learning_rate" for arg in call.args):
            return call, f"{path.rsplit('.', 1)[-1]}(learning_rate=...)"
    for call in facts.layers:
        spec = facts.spec(call)
        for key, _ in call.kwargs:
            if spec is not None and key in _KERAS2_ONLY and spec.accepts(key):
                return call.node, f"{spec.name}({key}=...)"
    return None
