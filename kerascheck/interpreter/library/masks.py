"""Keras 3's masks: which tensors carry one, and the operations that make them.

An ``Embedding(mask_zero=True)`` or a ``Masking`` layer attaches a mask to its
output; layers that support masking pass it on, others drop it. When a layer
whose ``call`` takes a ``mask`` (an RNN, ``GlobalAveragePooling1D``,
``Attention``...) is called on a masked tensor, Keras 3 passes the mask as an
argument, so the operations that computed it (``not_equal``, ``any``...)
become nodes of the functional graph and rows of ``model.summary()``
(``keras/src/layers/layer.py``: ``__call__`` step 6 and ``_set_mask_metadata``).
Keras 2 (tf_keras) keeps masks out of the graph: this module is used for
Keras 3 only.

Each layer's ``compute_mask`` is one entry of :data:`MASK_RULES` (read from
``keras/src/layers``); a class missing from it drops the mask unless it is in
:data:`PROPAGATES` (``supports_masking`` with the default ``compute_mask``).
The tests check both tables, and :data:`CONSUMERS`, against real Keras.
"""

from __future__ import annotations

from typing import Any, Callable

from ..objects import LayerCall, OperationCall
from ..values import Tensor

#: Layer class -> the call arguments Keras fills with the inputs' masks.
CONSUMERS: dict = {
    **{name: ("mask",) for name in (
        "AdditiveAttention", "Attention", "BatchNormalization", "Bidirectional", "ConvLSTM1D", "ConvLSTM2D",
        "ConvLSTM3D", "GRU", "GlobalAveragePooling1D", "LSTM", "Lambda", "RNN", "SimpleRNN", "Softmax",
        "TimeDistributed",
    )},
    "MultiHeadAttention": ("query_mask", "value_mask", "key_mask"),
    "GroupedQueryAttention": ("query_mask", "value_mask", "key_mask"),
}

#: Attention layers whose mask arguments Keras 3 (3.15) fills but keeps out of the
#: node it records: their masks are not graph edges (tests/conformance_cases/ shows it).
UNRECORDED = frozenset({"AdditiveAttention", "Attention", "MultiHeadAttention", "GroupedQueryAttention"})

#: Layers that support masking with Keras' default ``compute_mask``: the mask passes through.
PROPAGATES = frozenset({
    "Activation", "ActivityRegularization", "AlphaDropout", "BatchNormalization", "Dense", "Dropout", "ELU",
    "GaussianDropout", "GaussianNoise", "GroupNormalization", "GroupedQueryAttention", "Identity",
    "LayerNormalization", "LeakyReLU", "MultiHeadAttention", "Normalization", "PReLU", "ReLU", "Rescaling",
    "Softmax", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "TimeDistributed", "UnitNormalization",
})

#: ``make(function, args, kwargs)``: a keras.ops call recorded as a graph node, its tensor returned.
Make = Callable[[str, list, dict], Any]

_RECURRENT = ("LSTM", "GRU", "SimpleRNN", "RNN", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D")
_ELEMENTWISE_MERGES = ("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum")


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
    """``_Merge.compute_mask``: the masks OR-ed, when every input has one."""
    if not isinstance(previous, list) or not previous or any(m is None for m in previous):
        return None
    mask = previous[0]
    for other in previous[1:]:
        mask = make("logical_or", [mask, other], {})
    return mask


def _concatenate(layer: LayerCall, inputs: Any, previous: Any, make: Make) -> Any:
    """``Concatenate.compute_mask``: each input's mask widened to its rank, joined, reduced."""
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
            widened = make("expand_dims", [mask], {"axis": -1})
            masks.append(make("logical_or", [widened, make("zeros_like", [tensor], {})], {}))
        else:
            masks.append(mask)
    joined = make("concatenate", [masks], {"axis": layer.keyword("axis", -1)})
    return make("any", [joined], {"axis": -1, "keepdims": False})


def _attention(layer: LayerCall, inputs: Any, previous: Any, make: Make) -> Any:
    mask = _first(previous) if isinstance(previous, list) else None
    return None if mask is None else make("convert_to_tensor", [mask], {})


def _dropped(layer: LayerCall, inputs: Any, previous: Any, make: Make) -> Any:
    return None


#: Layer class -> its ``compute_mask``: (layer, inputs, previous mask, make) -> the output mask.
MASK_RULES: dict = {
    "Embedding": _embedding,
    "Masking": _masking,
    "Bidirectional": _bidirectional,
    "Concatenate": _concatenate,
    "Attention": _attention,
    "AdditiveAttention": _attention,
    "Dot": _dropped,
    "GlobalAveragePooling1D": _dropped,
    "Lambda": _dropped,  # ``Lambda(mask=None)``, the default
    **{name: _recurrent for name in _RECURRENT},
    **{name: _elementwise_merge for name in _ELEMENTWISE_MERGES},
}


class Masks:
    """The masks attached to the tensors of one file, by (producer, output index)."""

    def __init__(self) -> None:
        self.attached: dict = {}  # (id(Application), index) -> mask Tensor

    def of(self, value: Any) -> Any:
        """The mask of a tensor (None without one), mapped over a list of them."""
        if isinstance(value, (list, tuple)):
            return [self.of(item) for item in value]
        if isinstance(value, Tensor) and value.producer is not None:
            return self.attached.get((id(value.producer), value.index))
        return None

    def arguments(self, layer: Any, inputs: Any) -> tuple:
        """The masks Keras passes to ``layer``'s call, and the previous mask its ``compute_mask`` gets."""
        if isinstance(layer, OperationCall):
            return (), None
        names = CONSUMERS.get(layer.type_name, ()) if isinstance(layer, LayerCall) else ("mask",)  # a nested model
        if names == ("mask",):
            passed = self.of(inputs)
            recorded = () if isinstance(layer, LayerCall) and layer.type_name in UNRECORDED else _tensors(passed)
            return recorded, passed
        # MultiHeadAttention: its query's mask is the one ``compute_mask`` gets
        return (), self.of(inputs[0] if isinstance(inputs, list) and names else inputs)

    def attach(self, layer: Any, inputs: Any, previous: Any, application: Any, outputs: Any, make: Make) -> None:
        """Compute the output mask(s) of a recorded call and attach them to its outputs.
        A nested model takes its inputs' masks but, without ``supports_masking``, gives none."""
        if not isinstance(layer, LayerCall):
            return
        rule = MASK_RULES.get(layer.type_name)
        if rule is not None:
            mask = rule(layer, inputs, previous, make)
        elif layer.type_name in PROPAGATES:
            mask = previous
        else:
            mask = None
        masks = mask if isinstance(outputs, list) and isinstance(mask, list) else [mask]
        for index, item in enumerate(masks):
            if isinstance(item, Tensor):
                self.attached[(id(application), index)] = item


def _tensors(masks: Any) -> tuple:
    flat = masks if isinstance(masks, list) else [masks]
    return tuple(m for m in flat if isinstance(m, Tensor))
