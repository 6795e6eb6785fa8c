"""Masks: which tensors carry one, the operations that make them, and the calls they break.

An ``Embedding(mask_zero=True)`` or a ``Masking`` layer attaches a mask to its
output; layers that support masking pass it on, others drop it. When a layer
whose ``call`` takes a ``mask`` (an RNN, ``GlobalAveragePooling1D``,
``Attention``...) is called on a masked tensor, Keras 3 passes the mask as an
argument, so the operations that computed it (``not_equal``, ``any``...)
become nodes of the functional graph and rows of ``model.summary()``
(``keras/src/layers/layer.py``: ``__call__`` step 6 and ``_set_mask_metadata``).

tf.keras 2 (``tf_keras``) keeps masks out of the graph, but runs each
layer's ``call`` on them while the model is built: its ``Softmax`` adds the
mask to the logits, so an ``Embedding(mask_zero=True)`` mask of (batch, steps)
that does not broadcast to (batch, steps, features) makes Keras raise (KC107).
Its masks are shapes only (the operations are not recorded).

Each generation is one :class:`MaskTables`: every layer's ``compute_mask`` is
an entry of ``rules`` (read from ``keras/src/layers`` and
``tf_keras/src/layers``); a class missing from it drops the mask unless it is
in ``propagates`` (``supports_masking`` with the default ``compute_mask``).
tests/test_masks_keras.py checks the tables of both generations against real
Keras.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable, Optional

from ..objects import LayerCall, OperationCall
from ..values import Tensor, detached
from .ops import KERAS_OPS, broadcast
from ...dims import format_shape
from ...results import LayerResult

_RECURRENT = ("LSTM", "GRU", "SimpleRNN", "RNN", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D")
_ELEMENTWISE_MERGES = ("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum")
_ATTENTION = ("AdditiveAttention", "Attention")

#: ``make(function, args, kwargs)``: a keras.ops call (recorded as a graph node under Keras 3), its tensor returned.
Make = Callable[[str, list, dict], Any]
#: ``compute_mask``: (layer, inputs, previous mask, make) -> the output mask (a list for several outputs).
Rule = Callable[[LayerCall, Any, Any, Make], Any]
#: (layer, input tensor, its mask) -> why Keras raises when the layer's ``call`` gets that mask, or None.
Refusal = Callable[[LayerCall, Any, Any], Optional[str]]


@dataclass(frozen=True)
class MaskTables:
    """How one generation of Keras treats masks."""

    #: Layer class -> the call arguments Keras fills with the inputs' masks.
    consumers: dict
    #: Layers that support masking with the default ``compute_mask``: the mask passes through.
    propagates: frozenset
    #: Layer class -> its own ``compute_mask``.
    rules: dict
    #: Whether the masks a layer's call gets are edges of the graph (Keras 3) or kept out of it (tf_keras).
    recorded: bool
    #: Layer class -> what its ``call`` refuses in a mask.
    refusals: dict
    #: Layers whose output is their input broadcast against its mask (the mask is added to it).
    broadcasts: frozenset
    #: Consumers whose masks Keras keeps out of the node it records, though it records the others'.
    unrecorded: frozenset = frozenset()


def _flag(layer: LayerCall, name: str) -> bool:
    return layer.keyword(name, False) is True


def _embedding(layer: LayerCall, inputs: Any, previous: Any, make: Make) -> Any:
    return make("not_equal", [inputs, 0], {}) if _flag(layer, "mask_zero") else None


def _masking(layer: LayerCall, inputs: Any, previous: Any, make: Make) -> Any:
    value = layer.keyword("mask_value", layer.args[0] if layer.args else 0.0)
    return make("any", [make("not_equal", [inputs, value], {}), -1], {})


def _first(mask: Any) -> Any:
    return mask[0] if isinstance(mask, (list, tuple)) and mask else mask


def _recurrent(layer: LayerCall, inputs: Any, previous: Any, make: Make) -> Any:
    """RNN.compute_mask: the sequence's mask while sequences are returned; states unmasked."""
    return _first(previous) if _flag(layer, "return_sequences") else None


def _bidirectional(layer: LayerCall, inputs: Any, previous: Any, make: Make) -> Any:
    inner = layer.keyword("layer", layer.args[0] if layer.args else None)
    if not isinstance(inner, LayerCall) or not _flag(inner, "return_sequences"):
        return None
    mask = _first(previous)
    return [mask, mask] if layer.keyword("merge_mode", "concat") is None else mask


def _elementwise_merge(layer: LayerCall, inputs: Any, previous: Any, make: Make) -> Any:
    """Keras 3's ``Merge.compute_mask``: the masks OR-ed, when every input has one."""
    if not isinstance(previous, list) or not previous or any(m is None for m in previous):
        return None
    mask = previous[0]
    for other in previous[1:]:
        mask = make("logical_or", [mask, other], {})
    return mask


def _elementwise_merge_tf_keras(layer: LayerCall, inputs: Any, previous: Any, make: Make) -> Any:
    """tf_keras' ``_Merge.compute_mask``: the masks there are, AND-ed (``all`` over them stacked)."""
    masks = [m for m in previous if m is not None] if isinstance(previous, list) else []
    if not masks:
        return None
    stacked = make("concatenate", [[make("expand_dims", [m], {"axis": 0}) for m in masks]], {"axis": 0})
    return make("all", [stacked], {"axis": 0, "keepdims": False})


def _concatenated(widen: Callable[[Any, Any, Make], Any], reduce: str) -> Rule:
    """``Concatenate.compute_mask``: each input's mask made as wide as the input (``widen``),
    joined on the layer's axis, reduced over the last axis with ``reduce``."""

    def rule(layer: LayerCall, inputs: Any, previous: Any, make: Make) -> Any:
        if not isinstance(previous, list) or not isinstance(inputs, list) or all(m is None for m in previous):
            return None
        masks = []
        for tensor, mask in zip(inputs, previous):
            rank = len(tensor.shape) if isinstance(tensor, Tensor) and tensor.shape is not None else None
            mask_rank = len(mask.shape) if isinstance(mask, Tensor) and mask.shape is not None else None
            if mask is None:
                masks.append(make("ones_like", [tensor], {}))
            elif rank is None or mask_rank is None:
                return None  # the shapes below are unknown already
            elif mask_rank < rank:
                masks.append(widen(mask, tensor, make))
            else:
                masks.append(mask)
        joined = make("concatenate", [masks], {"axis": layer.keyword("axis", -1)})
        return make(reduce, [joined], {"axis": -1, "keepdims": False})

    return rule


def _widened_keras3(mask: Any, tensor: Any, make: Make) -> Any:
    return make("logical_or", [make("expand_dims", [mask], {"axis": -1}), make("zeros_like", [tensor], {})], {})


def _widened_tf_keras(mask: Any, tensor: Any, make: Make) -> Any:
    return make("expand_dims", [mask], {"axis": -1})


def _attention(layer: LayerCall, inputs: Any, previous: Any, make: Make) -> Any:
    mask = _first(previous) if isinstance(previous, list) else None
    return None if mask is None else make("convert_to_tensor", [mask], {})


def _time_distributed_tf_keras(layer: LayerCall, inputs: Any, previous: Any, make: Make) -> Any:
    """tf_keras' ``TimeDistributed.compute_mask``: a (batch, steps) input mask comes out as it
    went in; any other case (the inner layer's own mask per step) is not followed: no mask."""
    mask = _first(previous)
    return mask if isinstance(mask, Tensor) and mask.shape is not None and len(mask.shape) == 2 else None


def _dropped(layer: LayerCall, inputs: Any, previous: Any, make: Make) -> Any:
    return None


def _added_to_logits(layer: LayerCall, inputs: Any, mask: Any) -> Optional[str]:
    """tf_keras' ``Softmax.call``: ``inputs += (1 - mask) * -1e9``, so the mask must broadcast
    to the inputs (TensorFlow checks the static sizes when the model is built)."""
    shape, mask_shape = getattr(inputs, "shape", None), getattr(mask, "shape", None)
    if shape is None or mask_shape is None:
        return None
    for left, right in zip(reversed(mask_shape), reversed(shape)):
        if isinstance(left, int) and isinstance(right, int) and left != right and 1 not in (left, right):
            return (f"{layer.type_name}: its input {format_shape(shape)} carries a mask of shape {format_shape(mask_shape)} "
                    f"(from Embedding(mask_zero=True) or Masking), which tf.keras 2 adds to the logits and which does not "
                    f"broadcast to them ({left} against {right})")
    return None


_SHARED_RULES: dict = {
    "Embedding": _embedding,
    "Masking": _masking,
    "Bidirectional": _bidirectional,
    "Dot": _dropped,
    "GlobalAveragePooling1D": _dropped,
    "Lambda": _dropped,  # ``Lambda(mask=None)``, the default
    **{name: _attention for name in _ATTENTION},
    **{name: _recurrent for name in _RECURRENT},
}

#: Keras 3 (``keras/src/layers``), checked against Keras 3.15.
KERAS3 = MaskTables(
    consumers={
        **{name: ("mask",) for name in (
            *_ATTENTION, "BatchNormalization", "Bidirectional", "GlobalAveragePooling1D", "Lambda", "Softmax",
            "TimeDistributed", *_RECURRENT,
        )},
        "MultiHeadAttention": ("query_mask", "value_mask", "key_mask"),
        "GroupedQueryAttention": ("query_mask", "value_mask", "key_mask"),
    },
    propagates=frozenset({
        "Activation", "ActivityRegularization", "AlphaDropout", "BatchNormalization", "Dense", "Dropout", "ELU",
        "GaussianDropout", "GaussianNoise", "GroupNormalization", "GroupedQueryAttention", "Identity",
        "LayerNormalization", "LeakyReLU", "MultiHeadAttention", "Normalization", "PReLU", "ReLU", "Rescaling",
        "Softmax", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "TimeDistributed", "UnitNormalization",
    }),
    rules={
        **_SHARED_RULES,
        "Concatenate": _concatenated(_widened_keras3, "any"),
        **{name: _elementwise_merge for name in _ELEMENTWISE_MERGES},
    },
    recorded=True,
    refusals={},  # Keras 3's Softmax checks its mask only when run: building never calls it
    broadcasts=frozenset(),
    # Attention layers whose mask arguments Keras 3 (3.15) fills but keeps out of the
    # node it records: their masks are not graph edges (tests/conformance_cases/ shows it).
    unrecorded=frozenset({*_ATTENTION, "MultiHeadAttention", "GroupedQueryAttention"}),
)

#: tf.keras 2 (``tf_keras/src/layers``), checked against tf_keras 2.21.
TF_KERAS = MaskTables(
    consumers={name: ("mask",) for name in (
        *_ATTENTION, "BatchNormalization", "Bidirectional", "GlobalAveragePooling1D", "GroupNormalization", "Lambda",
        "Softmax", "TimeDistributed", *_RECURRENT,
    )},
    propagates=frozenset({
        "Activation", "ActivityRegularization", "AlphaDropout", "BatchNormalization", "Dense", "Dropout", "ELU",
        "GaussianDropout", "GaussianNoise", "GroupNormalization", "LayerNormalization", "LeakyReLU",
        "MultiHeadAttention", "PReLU", "ReLU", "Softmax", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D",
        "ThresholdedReLU", "UnitNormalization",
    }),
    rules={
        **_SHARED_RULES,
        "Concatenate": _concatenated(_widened_tf_keras, "all"),
        "TimeDistributed": _time_distributed_tf_keras,
        **{name: _elementwise_merge_tf_keras for name in _ELEMENTWISE_MERGES},
    },
    recorded=False,
    refusals={"Softmax": _added_to_logits},
    broadcasts=frozenset({"Softmax"}),  # ``inputs += adder``: (None, 10, 1) + a (None, 10) mask is (None, 10, 10)
)

#: Generation -> its tables (Keras 1's masks are not modelled).
TABLES = {3: KERAS3, 2: TF_KERAS}


def mask_shape(function: str, args: list, kwargs: dict) -> Any:
    """A :data:`Make` that records nothing: the operation's result as a shape (tf.keras 2's masks,
    and masks followed along a Sequential model's layers)."""
    return detached(KERAS_OPS[function].infer(args, kwargs))


def output_mask(tables: MaskTables, layer: Any, inputs: Any, previous: Any, make: Make) -> Any:
    """The mask(s) of ``layer``'s output(s) when called on ``inputs`` whose mask is ``previous``.
    A nested model (not a LayerCall) takes its inputs' masks but gives none."""
    if not isinstance(layer, LayerCall):
        return None
    rule = tables.rules.get(layer.type_name)
    if rule is not None:
        return rule(layer, inputs, previous, make)
    return previous if layer.type_name in tables.propagates else None


def refusal(tables: MaskTables, layer: Any, inputs: Any, mask: Any) -> Optional[str]:
    """Why Keras raises when ``layer`` is called on ``inputs`` carrying ``mask`` (KC107), or None."""
    check = tables.refusals.get(layer.type_name) if isinstance(layer, LayerCall) and mask is not None else None
    return check(layer, inputs, _first(mask)) if check is not None else None


def masked_result(tables: MaskTables, layer: Any, result: Any, mask: Any) -> Any:
    """``layer``'s result once its input's ``mask`` is added to its output (as TensorFlow
    broadcasts static shapes), for the layers that add it; ``result`` otherwise."""
    mask = _first(mask)
    if (not isinstance(layer, LayerCall) or layer.type_name not in tables.broadcasts or not isinstance(mask, Tensor)
            or not isinstance(result, LayerResult) or not isinstance(result.output_shape, tuple)):
        return result
    shape = broadcast(result.output_shape, mask.shape)
    return result if shape == result.output_shape else replace(result, output_shape=shape)


class Masks:
    """The masks attached to the tensors of one file, by (producer, output index)."""

    def __init__(self, tables: MaskTables) -> None:
        self.tables = tables
        self.attached: dict = {}  # (id(Application), index) -> mask Tensor

    def of(self, value: Any) -> Any:
        """The mask of a tensor (None without one), mapped over a list of them."""
        if isinstance(value, (list, tuple)):
            return [self.of(item) for item in value]
        if isinstance(value, Tensor) and value.producer is not None:
            return self.attached.get((id(value.producer), value.index))
        return None

    def arguments(self, layer: Any, inputs: Any) -> tuple:
        """The masks that are edges of ``layer``'s call, and the previous mask its ``compute_mask`` gets."""
        if isinstance(layer, OperationCall):
            return (), None
        names = self.tables.consumers.get(layer.type_name, ()) if isinstance(layer, LayerCall) else ("mask",)  # a nested model
        if names == ("mask",):
            passed = self.of(inputs)
            unrecorded = not self.tables.recorded or isinstance(layer, LayerCall) and layer.type_name in self.tables.unrecorded
            return () if unrecorded else _tensors(passed), passed
        # MultiHeadAttention: its query's mask is the one ``compute_mask`` gets
        return (), self.of(inputs[0] if isinstance(inputs, list) and names else inputs)

    def attach(self, layer: Any, inputs: Any, previous: Any, application: Any, outputs: Any, make: Make) -> None:
        """Compute the output mask(s) of a recorded call and attach them to its outputs."""
        mask = output_mask(self.tables, layer, inputs, previous, make)
        masks = mask if isinstance(outputs, list) and isinstance(mask, list) else [mask]
        for index, item in enumerate(masks):
            if isinstance(item, Tensor):
                self.attached[(id(application), index)] = item


def _tensors(masks: Any) -> tuple:
    flat = masks if isinstance(masks, list) else [masks]
    return tuple(m for m in flat if isinstance(m, Tensor))
