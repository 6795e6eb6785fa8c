"""What each Keras accepts, by version: the facts the target-aware rules read (issue 13).

A target (:class:`~kerascheck.target.Target`) may stand for one release
(``tensorflow==2.12``: tf.keras 2.12) or for a whole line (``--target-keras 2``:
any tf.keras 2.x). It is expanded into the *points* it may be, one per
release line (:func:`kerascheck.target.lines.points`).

Each API whose fate changed between versions is a :class:`Change` with a
fate per point, taken from Keras' own sources (cited in ``source``):

* ``accepted`` it is the API (or a documented alias);
* ``deprecated`` accepted with a warning, same meaning;
* ``ignored`` accepted, with or without a warning, and *not used*: the code
  runs but does not do what it says;
* ``rejected`` Keras raises;
* ``unknown`` kerascheck has no source for that version: never an error.

A rule reports an **error** only when every point of the target rejects the
API (:func:`certainly`), and a migration finding when the version migrated to
may reject or ignore it (:func:`worst`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional

import libcst as cst

from .. import walk
from ..imports import dotted_name
from ..target import Target
from ..target.keywords import keras2_keywords
from ..target.lines import points

ACCEPTED, DEPRECATED, IGNORED, REJECTED, UNKNOWN = "accepted", "deprecated", "ignored", "rejected", "unknown"
#: How bad a fate is for code written against another version.
_BADNESS = {ACCEPTED: 0, DEPRECATED: 1, UNKNOWN: 2, IGNORED: 3, REJECTED: 4}

#: TensorFlow 2.11 moved ``tf.keras.optimizers.*`` to the new optimizers (the old ones under ``.legacy``).
NEW_OPTIMIZERS = 11
#: First tf.keras minor whose behaviour kerascheck judges from the installed ``tf_keras`` (2.21) alone.
TF_KERAS_PACKAGE = 16


@dataclass(frozen=True)
class Change:
    """An API whose fate depends on the Keras version."""

    key: str
    #: As written in messages: ``lr=``, ``fit_generator()``.
    spelling: str
    #: What to write instead, for every Keras from the version it breaks in.
    replacement: str
    #: (line, minor, legacy) -> fate; ``legacy`` is True for ``tf.keras.optimizers.legacy.*``.
    fate: Callable[[str, Optional[int], bool], str]
    #: Where each fate comes from (Keras' own sources, release notes).
    source: str

    def at(self, target: Target, legacy: bool = False) -> list:
        return [self.fate(line, minor, legacy) for line, minor in points(target)]


def certainly(change: Change, target: Target, fate: str = REJECTED, legacy: bool = False) -> bool:
    """Whether every release the target may be gives ``fate`` (an error needs this)."""
    fates = change.at(target, legacy)
    return bool(fates) and all(found == fate for found in fates)


def worst(change: Change, target: Target, legacy: bool = False) -> str:
    """The worst fate among the releases the target may be."""
    return max(change.at(target, legacy), key=_BADNESS.__getitem__, default=ACCEPTED)


def breaks(change: Change, current: Target, later: Target, legacy: bool = False) -> Optional[str]:
    """The fate on ``later`` when the API runs on ``current`` but is rejected on ``later``, or ignored there and used now.

    An API the current target rejects is its own error, never a migration finding.
    """
    now, then = worst(change, current, legacy), worst(change, later, legacy)
    if now == REJECTED or then not in (REJECTED, IGNORED) or _BADNESS[then] <= _BADNESS[now]:
        return None
    return then


def _optimizer_lr(line: str, minor: Optional[int], legacy: bool) -> str:
    if line in ("k1", "k2"):
        return ACCEPTED
    if line == "tf":
        return DEPRECATED if legacy or minor < NEW_OPTIMIZERS else IGNORED
    return REJECTED


def _optimizer_decay(line: str, minor: Optional[int], legacy: bool) -> str:
    if line in ("k1", "k2"):
        return ACCEPTED
    if line == "tf":
        return ACCEPTED if legacy or minor < NEW_OPTIMIZERS else REJECTED
    return IGNORED


def _fit_nb_epoch(line: str, minor: Optional[int], legacy: bool) -> str:
    return {"k1": ACCEPTED, "k2": DEPRECATED, "k3": REJECTED}.get(line) or (REJECTED if minor >= TF_KERAS_PACKAGE else UNKNOWN)


def _generator_argument(line: str, minor: Optional[int], legacy: bool) -> str:
    return {"k1": ACCEPTED, "k2": IGNORED, "k3": REJECTED}.get(line) or (REJECTED if minor >= TF_KERAS_PACKAGE else UNKNOWN)


def _generator_method(line: str, minor: Optional[int], legacy: bool) -> str:
    return {"k1": ACCEPTED, "k2": ACCEPTED, "tf": DEPRECATED}.get(line, REJECTED)


def _recurrent_input_dim(line: str, minor: Optional[int], legacy: bool) -> str:
    return {"k1": ACCEPTED, "k2": ACCEPTED, "tf": ACCEPTED}.get(line, IGNORED)


def _embedding_input_length(line: str, minor: Optional[int], legacy: bool) -> str:
    return {"k1": ACCEPTED, "k2": ACCEPTED, "tf": ACCEPTED}.get(line, IGNORED)


def _keras2_layer_keyword(line: str, minor: Optional[int], legacy: bool) -> str:
    return {"k1": UNKNOWN, "k2": UNKNOWN, "tf": ACCEPTED}.get(line, REJECTED)


def _image_dim_ordering(line: str, minor: Optional[int], legacy: bool) -> str:
    if line in ("k1", "k2"):
        return ACCEPTED
    if line == "tf":
        return REJECTED if minor >= TF_KERAS_PACKAGE else UNKNOWN
    return REJECTED


def _keras1_kernel(line: str, minor: Optional[int], legacy: bool) -> str:
    """``Convolution2D(32, 3, 3)``: a kernel of 3x3 in Keras 1 and standalone Keras 2; strides 3 after."""
    return {"k1": ACCEPTED, "k2": DEPRECATED}.get(line) or (IGNORED if line == "k3" or minor >= TF_KERAS_PACKAGE else UNKNOWN)


def _layer_submodule(line: str, minor: Optional[int], legacy: bool) -> str:
    """``from keras.layers.core import Dense``: Keras 1 and 2 had the submodules; tf_keras 2.21 and Keras 3 have none."""
    return {"k1": ACCEPTED, "k2": ACCEPTED, "k3": REJECTED}.get(line) or (REJECTED if minor >= TF_KERAS_PACKAGE else UNKNOWN)


def _keras1_only(line: str, minor: Optional[int], legacy: bool) -> str:
    """Keras 1's functional spellings: standalone Keras 2 converted them with a warning; tf_keras 2.21 and Keras 3 reject them."""
    return {"k1": ACCEPTED, "k2": DEPRECATED, "k3": REJECTED}.get(line) or (REJECTED if minor >= TF_KERAS_PACKAGE else UNKNOWN)


CHANGES = {
    change.key: change
    for change in (
        Change(
            "optimizer-lr", "lr=", "learning_rate=", _optimizer_lr,
            "Keras 1 and standalone Keras 2 name the parameter `lr`; tf.keras' optimizer_v2 (TensorFlow 2.0 "
            "to 2.10, `tf.keras.optimizers.legacy` after) accepts it with \"The `lr` argument is deprecated, use "
            "`learning_rate` instead\" (tf_keras/src/optimizers/legacy/optimizer_v2.py); the new optimizers of "
            "TensorFlow 2.11+ pop it, warn and keep their default learning rate (`_process_kwargs` in "
            "tf_keras/src/optimizers/optimizer.py; checked with tf_keras 2.21: `Adam(lr=0.5).learning_rate` is "
            "0.001); Keras 3 raises `Argument(s) not recognized: {'lr': ...}` "
            "(keras/src/optimizers/base_optimizer.py).",
        ),
        Change(
            "optimizer-decay", "decay=", "a learning-rate schedule (`keras.optimizers.schedules.InverseTimeDecay`)",
            _optimizer_decay,
            "Keras 1, standalone Keras 2 and tf.keras' optimizer_v2 (TensorFlow up to 2.10, "
            "`tf.keras.optimizers.legacy` after) take `decay`; the new optimizers of TensorFlow 2.11+ raise "
            "\"decay is deprecated in the new TF-Keras optimizer\" (tf_keras/src/optimizers/optimizer.py, "
            "`_process_kwargs`); Keras 3 warns \"Argument `decay` is no longer supported and will be ignored\" "
            "(keras/src/optimizers/base_optimizer.py, Keras 3.15).",
        ),
        Change(
            "fit-nb-epoch", "nb_epoch=", "epochs=", _fit_nb_epoch,
            "Keras 1's `fit(nb_epoch=)`; standalone Keras 2 warns \"The `nb_epoch` argument in `fit` has been "
            "renamed `epochs`\" and uses it; tf_keras 2.21's `Model.fit` takes no `**kwargs` (TypeError, checked); "
            "Keras 3 raises TypeError. tf.keras bundled with TensorFlow 2.0 to 2.15 is not judged.",
        ),
        Change(
            "generator-argument", "samples_per_epoch=", "steps_per_epoch= (counted in batches)", _generator_argument,
            "Keras 1's `fit_generator(samples_per_epoch=, nb_val_samples=)` counted samples; standalone Keras 2 "
            "converts them to `steps_per_epoch`/`validation_steps`, counted in batches, with the warning \"The "
            "semantics of the Keras 2 argument `steps_per_epoch` is not the same as the Keras 1 argument "
            "`samples_per_epoch`\" (keras/legacy/interfaces.py): the number now means batches; tf_keras 2.21's "
            "`fit_generator` takes no `**kwargs`; Keras 3 has no `fit_generator`.",
        ),
        Change(
            "generator-method", "fit_generator()", "fit()", _generator_method,
            "Keras 1 and 2 have `fit_generator`/`evaluate_generator`/`predict_generator`; tf.keras keeps them, "
            "deprecated (\"`Model.fit_generator` is deprecated ... Please use `Model.fit`\", "
            "tf_keras/src/engine/training.py); Keras 3's Model has none of them (AttributeError).",
        ),
        Change(
            "recurrent-input-dim", "input_dim= on a recurrent layer", "input_shape=(timesteps, features)",
            _recurrent_input_dim,
            "tf.keras' RNN turns `input_dim`/`input_length` into `input_shape=(input_length, input_dim)` "
            "(tf_keras/src/layers/rnn/base_rnn.py; `LSTM(32, input_dim=8)` builds on (None, None, 8) in tf_keras "
            "2.21); Keras 3's base Layer reads `input_dim` as `input_shape=(input_dim,)` "
            "(keras/src/layers/layer.py), a 2D input an RNN rejects.",
        ),
        Change(
            "embedding-input-length", "input_length= on Embedding", "keras.Input(shape=(input_length,)) before it",
            _embedding_input_length,
            "Keras 1 and 2's Embedding take `input_length` (the model's input is then (None, input_length)); "
            "Keras 3 warns \"Argument `input_length` is deprecated. Just remove it.\" and drops it "
            "(keras/src/layers/core/embedding.py): the model has no input shape any more.",
        ),
        Change(
            "keras2-layer-keyword", "a keyword only Keras 2 accepts", "the layer's own keyword, or remove it",
            _keras2_layer_keyword,
            "tf.keras layers pass `**kwargs` up to their base classes, so a keyword of a base class is accepted "
            "(tf_keras 2.21's `SeparableConv2D(8, 3, kernel_regularizer=...)` builds; the accepted keywords are "
            "in kerascheck/target/keras2_signatures.json, generated from tf_keras); Keras 3 raises "
            "\"Unrecognized keyword arguments passed to SeparableConv2D\".",
        ),
        Change(
            "image-dim-ordering", "image_dim_ordering()", "image_data_format()", _image_dim_ordering,
            "Keras 1 and standalone Keras 2's backend have `image_dim_ordering()`/`set_image_dim_ordering()` "
            "('th'/'tf'); tf_keras 2.21's and Keras 3's backends have neither (AttributeError, checked).",
        ),
        Change(
            "keras1-kernel", "Convolution2D(filters, rows, columns)", "Conv2D(filters, (rows, columns))",
            _keras1_kernel,
            "Keras 1 reads `Convolution2D(32, 3, 3)` as a 3x3 kernel; standalone Keras 2 converts it with a "
            "warning (\"Update your `Conv2D` call to the Keras 2 API\"); tf_keras 2.21 and Keras 3 read the third "
            "argument as `strides`.",
        ),
        Change(
            "layer-submodule", "keras.layers.core", "keras.layers", _layer_submodule,
            "Keras 1 and 2 defined their layers in submodules (`keras.layers.core`, `keras.layers.convolutional`, "
            "`keras.layers.recurrent`...) that could be imported; `tf_keras.layers` 2.21 and Keras 3's `keras.layers` "
            "have no submodules (ModuleNotFoundError, checked): every layer is imported from `keras.layers`.",
        ),
        Change(
            "model-io-keywords", "Model(input=, output=)", "Model(inputs=, outputs=)", _keras1_only,
            "Keras 1's `Model(input=, output=)`; standalone Keras 2 renamed them with a warning (keras/legacy/interfaces.py); "
            "tf_keras 2.21 raises `('Keyword argument not understood:', 'input')` and Keras 3 `Unrecognized keyword "
            "arguments passed to Model` (both checked).",
        ),
        Change(
            "merge-function", "merge([...], mode=...)", "concatenate/add/multiply/average/maximum/dot([...])", _keras1_only,
            "Keras 1's functional `merge(inputs, mode='concat', concat_axis=...)`; standalone Keras 2.0 kept it deprecated "
            "for a while; tf_keras 2.21's and Keras 3's `keras.layers` have no `merge` (checked): one function per mode.",
        ),
    )
}

#: Keras 2 names of the generator methods and the method that replaces them.
GENERATOR_METHODS = {"fit_generator": "fit", "evaluate_generator": "evaluate", "predict_generator": "predict"}


def later(generation: int) -> Target:
    """The target migrated to: ``--migrate-to N``; Keras 2 today is tf.keras through the ``tf_keras`` package."""
    return Target((generation,), f"--migrate-to {generation}", "tf-keras" if generation == 2 else "keras")


def target_name(target: Target) -> str:
    """``Keras 3``, ``tf.keras 2.12``, ``Keras 2.2``: how messages name a target."""
    if target.generation == 2 and target.provider in ("tensorflow", "tf-keras") or target.provider == "keras" and target.release[:1] == (2,) and len(target.release) > 1 and target.release[1] >= 4:
        return f"tf.keras {target.text}"
    return f"Keras {target.text}"


# -- what depends on the Keras version (issue 13) ------------------------------


@dataclass(frozen=True)
class Use:
    """One version-dependent spelling in the file: which :class:`~.versions.Change`, where, and how it reads."""

    change: str
    node: cst.CSTNode
    #: ``Adam(): lr=``, ``fit(): nb_epoch=``: the call and what in it.
    where: str
    #: True for ``tf.keras.optimizers.legacy.*`` (the old optimizers keep ``lr``/``decay``).
    legacy: bool = False


#: Keras 1 training arguments: method -> {keyword: change key}.
_TRAINING_CHANGES = {
    "fit": {"nb_epoch": "fit-nb-epoch"},
    "fit_generator": {"nb_epoch": "fit-nb-epoch", "samples_per_epoch": "generator-argument", "nb_val_samples": "generator-argument"},
}
_OPTIMIZER_CHANGES = {"lr": "optimizer-lr", "decay": "optimizer-decay"}
_DIM_ORDERING = ("image_dim_ordering", "set_image_dim_ordering")


def version_uses(facts: Any) -> list:
    """Every spelling of the file whose fate depends on the Keras version, in source order."""
    if "uses" in facts._bound:
        return facts._bound["uses"]
    from ..layers.registry import LEGACY_RENAMES

    uses = []
    for model in facts.models:
        for method in model.call.methods:
            for old, change in _TRAINING_CHANGES.get(method.method, {}).items():
                if method.keyword(old) is not None:
                    uses.append(Use(change, method.node, f"{method.method}(): {old}="))
            if method.method in GENERATOR_METHODS:
                uses.append(Use("generator-method", method.node, f"{method.method}()"))
    for call in facts.calls:
        path = facts.keras_path(call)
        if path is None:
            continue
        name = path.rsplit(".", 1)[-1]
        if ".optimizers." in f".{path}.":
            for arg in call.args:
                if arg.keyword is not None and arg.keyword.value in _OPTIMIZER_CHANGES:
                    uses.append(Use(_OPTIMIZER_CHANGES[arg.keyword.value], call, f"{name}(): {arg.keyword.value}=", ".legacy." in f".{path}."))
        elif name in _DIM_ORDERING and ".backend" in f".{path}":
            uses.append(Use("image-dim-ordering", call, f"{name}()"))
        elif name == "Model" and any(arg.keyword is not None and arg.keyword.value in ("input", "output") for arg in call.args):
            uses.append(Use("model-io-keywords", call, "Model(input=, output=)"))
        elif name == "merge" and path.endswith("layers.merge"):
            uses.append(Use("merge-function", call, "merge(mode=...)"))
    for statement in walk.statements(facts.module):
        module = dotted_name(statement.module) if isinstance(statement, cst.ImportFrom) and statement.module is not None and not statement.relative else None
        if module is not None and module.startswith("keras.layers."):
            uses.append(Use("layer-submodule", statement, f"from {module} import"))
    keras2 = keras2_keywords()
    for call in facts.layers:
        spec = facts.spec(call)
        if spec is None:
            continue
        for key, _ in call.kwargs:
            if key in ("*", "**"):
                continue
            if key == "input_dim" and spec.group == "recurrent":
                uses.append(Use("recurrent-input-dim", call.node, f"{spec.name}: input_dim="))
            elif key == "input_length" and spec.name == "Embedding":
                uses.append(Use("embedding-input-length", call.node, f"{spec.name}: input_length="))
            elif key not in LEGACY_RENAMES and not spec.accepts(key) and key in keras2.get(spec.name, ()):
                uses.append(Use("keras2-layer-keyword", call.node, f"{spec.name}: {key}="))
        if _keras1_kernel_call(facts, call, spec):
            uses.append(Use("keras1-kernel", call.node, f"{call.written}(filters, rows, columns)"))
    uses.sort(key=lambda use: (facts.locate(use.node).line, facts.locate(use.node).column))
    facts._bound["uses"] = uses
    return uses


def _keras1_kernel_call(facts: Any, call: Any, spec: Any) -> bool:
    """``Convolution2D(32, 3, 3)``: a Keras 1 class name with one positional kernel size per axis."""
    if not call.written.startswith(("Convolution", "AtrousConvolution", "Deconvolution")) or not spec.name[-2:-1].isdigit():
        return False
    positional = [arg for arg in call.node.args if arg.keyword is None and not arg.star]
    return len(positional) == 1 + int(spec.name[-2])
