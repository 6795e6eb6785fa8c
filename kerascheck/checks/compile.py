"""KC4xx: ``compile()`` and ``fit()`` arguments that contradict the model or Keras.

A loss is judged against the model's final output (its activation and size,
see :mod:`.outputs`) only when both are known statically; a loss object that
is not a Keras one, or an output after an unknown layer, is never judged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterator, Optional

import libcst as cst

from ..dims import format_shape
from ..interpreter.objects import LayerCall
from ..interpreter.values import Opaque
from . import Finding, check
from .facts import FileFacts, ModelFacts
from .outputs import Output, final_output
from .versions import CHANGES, IGNORED, REJECTED, certainly, target_name, version_uses
from .vocabulary import LOSSES, METRICS, OPTIMIZERS, did_you_mean

#: Loss names (functions, classes, aliases) by family.
_FAMILIES = {
    "categorical": {"categorical_crossentropy", "CategoricalCrossentropy", "categorical_focal_crossentropy", "CategoricalFocalCrossentropy"},
    "sparse": {"sparse_categorical_crossentropy", "SparseCategoricalCrossentropy"},
    "binary": {"binary_crossentropy", "BinaryCrossentropy", "bce", "BCE", "binary_focal_crossentropy", "BinaryFocalCrossentropy"},
    "regression": {
        "mse", "mae", "mape", "msle", "MSE", "MAE", "MAPE", "MSLE", "mean_squared_error", "mean_absolute_error",
        "mean_absolute_percentage_error", "mean_squared_logarithmic_error", "MeanSquaredError", "MeanAbsoluteError",
        "MeanAbsolutePercentageError", "MeanSquaredLogarithmicError", "huber", "Huber", "huber_loss", "log_cosh",
        "logcosh", "LogCosh",
    },
}
_CROSS_ENTROPY = ("categorical", "sparse", "binary")
_ACCURACY = {"accuracy", "acc", "binary_accuracy", "BinaryAccuracy", "Accuracy"}
#: Keras 1 training arguments Keras 3 rejects: method -> {old keyword: the modern one}.
TRAINING_RENAMES = {
    "fit": {"nb_epoch": "epochs"},
    "fit_generator": {"nb_epoch": "epochs", "samples_per_epoch": "steps_per_epoch (counted in batches)", "nb_val_samples": "validation_steps (counted in batches)"},
    "evaluate": {},
}
_OPTIMIZER_RENAMES = {"lr": "learning_rate"}


@dataclass(frozen=True)
class Loss:
    name: str
    family: Optional[str]
    from_logits: Optional[bool]
    node: cst.CSTNode


def _argument(facts: FileFacts, method: Any, keyword: str, position: int) -> tuple:
    """(folded value, syntax node) of a method argument given by keyword or position."""
    node = facts.argument(method, keyword)
    if node is not None:
        return method.keyword(keyword), node
    positional = [arg.value for arg in method.node.args if arg.keyword is None and not arg.star]
    if position < len(positional) and position < len(method.args):
        return method.args[position], positional[position]
    return None, None


def _compiles(facts: FileFacts) -> Iterator[tuple]:
    for model in facts.models:
        for method in model.call.methods:
            if method.method == "compile":
                yield model, method


def _loss(facts: FileFacts, method: Any) -> Optional[Loss]:
    value, node = _argument(facts, method, "loss", 1)
    if isinstance(value, str):
        name, logits = value, None
    elif isinstance(value, Opaque) and node is not None:
        path = facts.keras_path(node)
        if path is None or ".losses." not in f".{path}.":
            return None
        name, logits = path.rsplit(".", 1)[-1], _from_logits(node)
    else:
        return None
    family = next((family for family, names in _FAMILIES.items() if name in names), None)
    return Loss(name, family, logits, node)


def _from_logits(node: cst.CSTNode) -> Optional[bool]:
    for arg in getattr(node, "args", ()):
        if arg.keyword is not None and arg.keyword.value == "from_logits" and isinstance(arg.value, cst.Name):
            return {"True": True, "False": False}.get(arg.value.value)
    return None


def _outputs(facts: FileFacts, model: ModelFacts) -> list:
    return [output for output in (final_output(facts, path) for path in model.paths) if output is not None]


def _metrics(facts: FileFacts, method: Any) -> list:
    value, _ = _argument(facts, method, "metrics", 2)
    if isinstance(value, dict):
        value = [item for items in value.values() for item in (items if isinstance(items, (list, tuple)) else [items])]
    return [item for item in value if isinstance(item, str)] if isinstance(value, (list, tuple)) else []


def _mismatch(loss: Loss, output: Output, metrics: list) -> Optional[str]:
    """Why ``loss`` does not fit ``output``, or None."""
    units, act = output.units, output.activation
    if loss.family == "categorical" and units == 1:
        return "on a 1-unit output the loss is always 0, so the model learns nothing; for two classes use binary_crossentropy with a sigmoid"
    if loss.family == "categorical" and act == "sigmoid" and units and units > 1:
        return "the outputs are independent sigmoids; use binary_crossentropy for several labels per sample, or a softmax output for one class per sample"
    if loss.family == "binary" and act == "softmax" and units and units >= 2:
        return f"the output is a softmax over {units} classes; use categorical_crossentropy (one-hot labels) or sparse_categorical_crossentropy (integer labels)"
    if loss.family == "sparse" and units == 1:
        return "a 1-unit output has a single class; for two classes use binary_crossentropy with a sigmoid output"
    if loss.family == "regression" and (act == "softmax" and units and units >= 2 or act == "sigmoid" and units == 1 and set(metrics) & _ACCURACY):
        better = "categorical_crossentropy" if act == "softmax" else "binary_crossentropy"
        return f"the model is a {act} classifier; a regression loss trains it poorly: use {better}"
    return None


@check("KC401")
def loss_output_mismatch(facts: FileFacts) -> Iterator[Finding]:
    for model, method in _compiles(facts):
        loss = _loss(facts, method)
        if loss is None or loss.family is None:
            continue
        for output in _outputs(facts, model):
            reason = _mismatch(loss, output, _metrics(facts, method))
            if reason:
                shown = f"{output.activation} output of {output.units} unit{'s' if output.units != 1 else ''}"
                yield Finding("KC401", f"compile(): loss {loss.name!r} on a {shown}: {reason}", method.node)
                break


@check("KC402")
def cross_entropy_on_logits(facts: FileFacts) -> Iterator[Finding]:
    for model, method in _compiles(facts):
        loss = _loss(facts, method)
        if loss is None or loss.family not in _CROSS_ENTROPY or loss.from_logits:
            continue
        if any(output.activation == "linear" for output in _outputs(facts, model)):
            final = "softmax" if loss.family != "binary" else "sigmoid"
            yield Finding(
                "KC402",
                f"compile(): loss {loss.name!r} expects probabilities, but the final layer is linear (it outputs logits); "
                f"add activation='{final}' to it, or use the loss class with from_logits=True",
                method.node,
            )


@check("KC403")
def output_rank(facts: FileFacts) -> Iterator[Finding]:
    for model, method in _compiles(facts):
        loss = _loss(facts, method)
        if loss is None or loss.family not in _CROSS_ENTROPY or _has_sequences(facts, model):
            continue
        for output in _outputs(facts, model):
            last = output.last
            if output.shape and len(output.shape) > 2 and isinstance(last, LayerCall) and last.type_name == "Dense":
                shown = format_shape(output.shape)
                yield Finding(
                    "KC403",
                    f"compile(): loss {loss.name!r} expects one prediction vector per sample, but the model outputs {shown}; "
                    "add Flatten() or a global pooling layer before the final Dense",
                    method.node,
                )
                break


def _has_sequences(facts: FileFacts, model: ModelFacts) -> bool:
    """A sequence model may well predict per time step."""
    specs = (facts.spec(item) for path in model.paths for item in path)
    return any(spec is not None and (spec.group == "recurrent" or spec.name == "Embedding") for spec in specs)


@check("KC404", "KC405", "KC406")
def unknown_names(facts: FileFacts) -> Iterator[Finding]:
    for _, method in _compiles(facts):
        loss, _ = _argument(facts, method, "loss", 1)
        losses = loss if isinstance(loss, (list, tuple)) else list(loss.values()) if isinstance(loss, dict) else [loss]
        for name in losses:
            if isinstance(name, str) and name not in LOSSES:
                yield Finding("KC404", f"compile(): unknown loss {name!r}{did_you_mean(name, LOSSES)}", method.node)
        optimizer, _ = _argument(facts, method, "optimizer", 0)
        if isinstance(optimizer, str) and optimizer.lower() not in OPTIMIZERS:
            yield Finding("KC405", f"compile(): unknown optimizer {optimizer!r}{did_you_mean(optimizer.lower(), OPTIMIZERS)}", method.node)
        for name in _metrics(facts, method):
            if name not in METRICS:
                yield Finding("KC406", f"compile(): unknown metric {name!r}{did_you_mean(name, METRICS)}", method.node)


def keras1_training_arguments(facts: FileFacts) -> Iterator[tuple]:
    """(node, message) for each Keras 1 training argument: ``nb_epoch=``, an optimizer's ``lr=``..."""
    for model in facts.models:
        for method in model.call.methods:
            for old, new in TRAINING_RENAMES.get(method.method, {}).items():
                if method.keyword(old) is not None:
                    yield method.node, f"{method.method}(): {old}= is the Keras 1 spelling; use {new}"
    for call in facts.calls:
        path = facts.keras_path(call)
        if path is None or ".optimizers." not in f".{path}.":
            continue
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value in _OPTIMIZER_RENAMES:
                name = path.rsplit(".", 1)[-1]
                yield call, f"{name}(): {arg.keyword.value}= is the Keras 1 spelling; use {_OPTIMIZER_RENAMES[arg.keyword.value]}="


#: Changes each target rule reports: (code, the fate it reports, the changes).
_REJECTED_ARGUMENTS = ("optimizer-lr", "optimizer-decay", "fit-nb-epoch", "generator-argument", "model-io-keywords")
_REMOVED_APIS = ("generator-method", "image-dim-ordering", "layer-submodule", "merge-function")
_IGNORED = ("optimizer-lr", "optimizer-decay", "generator-argument", "embedding-input-length", "keras1-kernel")


def _against(facts: FileFacts) -> str:
    """How a message names the target: ``tf.keras 2.12``, and why when the project did not say it."""
    shown = target_name(facts.target)
    return shown if facts.target_decided or facts.keras1_sign else f"{shown} (the default: set the target with --target-keras or keras-version)"


def _target_findings(code: str, changes: tuple, fate: object, says: Callable[[str, str], str]) -> Callable[[FileFacts], Iterator[Finding]]:
    """A target rule: each use of one of ``changes`` whose ``fate`` on the target is certain,
    reported with ``says(use, change)`` naming the target and the replacement."""

    def run(facts: FileFacts) -> Iterator[Finding]:
        for use in version_uses(facts):
            change = CHANGES[use.change]
            if use.change in changes and certainly(change, facts.target, fate, use.legacy):
                yield Finding(code, f"{says(use.where, use.change)} {_against(facts)}; use {change.replacement}", use.node)

    return run


#: KC407: a training or optimizer argument the target certainly rejects.
check("KC407")(_target_findings("KC407", _REJECTED_ARGUMENTS, REJECTED, lambda where, _: f"{where} is rejected by"))
#: KC408: a method or function the target does not have.
check("KC408")(_target_findings("KC408", _REMOVED_APIS, REJECTED, lambda where, _: f"{where} does not exist in"))
#: KC409: an argument the target accepts but does not use (or reads differently).
check("KC409")(_target_findings(
    "KC409", _IGNORED, IGNORED, lambda where, change: f"{where} is accepted but {_IGNORED_HOW[change]} by"
))


_IGNORED_HOW = {
    "optimizer-lr": "ignored (the optimizer keeps its default learning rate)",
    "optimizer-decay": "ignored",
    "generator-argument": "read as a number of batches, not samples,",
    "embedding-input-length": "ignored (the model gets no input shape from it)",
    "keras1-kernel": "read as (filters, kernel_size, strides), not a kernel of rows x columns,",
}
