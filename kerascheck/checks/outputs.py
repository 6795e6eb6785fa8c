"""What a layer or a model outputs, as the model checks and compile checks need it.

Shared so that "softmax on one unit" and "categorical_crossentropy on one
unit" read the final activation the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional

from ..interpreter.objects import InputCall, LayerCall
from ..interpreter.values import Opaque
from .facts import FileFacts
from .vocabulary import ACTIVATIONS

#: Layers whose ``activation`` is linear when not given.
_LINEAR_BY_DEFAULT = frozenset({"Dense", "Conv1D", "Conv2D", "Conv3D"})
#: Layers that leave values as they are (the activation before them is the output's).
_PASS_THROUGH = frozenset({"Dropout", "Flatten", "Reshape", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D"})
#: ``keras.applications`` constructors: pretrained feature extractors.
APPLICATION = re.compile(
    r"^(VGG1[69]|ResNet\d+(V2)?|ResNetRS\d+|InceptionV3|InceptionResNetV2|Xception|MobileNet(V2|V3Small|V3Large)?|"
    r"DenseNet\d+|NASNet(Large|Mobile)|EfficientNet(B[0-7]|V2(B[0-3]|S|M|L))|ConvNeXt\w+|RegNet[XY]\d+\w*)$"
)


def is_application(item: Any) -> bool:
    """A ``keras.applications`` model, known to the catalogue or written inline (``keras.applications.VGG16(...)``)."""
    if not isinstance(item, LayerCall):
        return False
    written = re.match(r"^(?:\w+\.)*(\w+)", item.type_name)
    return bool(written and APPLICATION.match(written.group(1)))


def activation(facts: FileFacts, call: Any) -> Optional[str]:
    """The activation a layer applies last, when statically known."""
    if not isinstance(call, LayerCall) or facts.spec(call) is None:
        return None
    args = facts.args(call)
    value = args.raw("activation") if args is not None else None
    if value is None:
        return "linear" if args is not None and args.layer in _LINEAR_BY_DEFAULT else None
    if isinstance(value, Opaque) and re.fullmatch(r"[\w.]+", value.text):
        value = value.text.rsplit(".", 1)[-1]  # keras.activations.softmax, tf.nn.softmax
    return value if isinstance(value, str) and value in ACTIVATIONS else None


@dataclass(frozen=True)
class Output:
    """A model's final output along one path of its layers."""

    activation: Optional[str]
    units: Optional[int]
    shape: Optional[tuple]
    last: Any  # the last item


def final_output(facts: FileFacts, path: tuple) -> Optional[Output]:
    layers = [item for item in path if not isinstance(item, InputCall)]
    if not layers:
        return None
    last = layers[-1]
    result = facts.result(last)
    shape = result.output_shape if result is not None else None
    units = shape[-1] if shape and isinstance(shape[-1], int) else None
    if units is None and isinstance(last, LayerCall) and facts.args(last) is not None:
        written = facts.args(last).raw("units")
        units = written if isinstance(written, int) and not isinstance(written, bool) else None
    found: Optional[str] = None
    for item in reversed(layers):
        found = activation(facts, item)
        spec = facts.spec(item)
        if found is None and spec is not None and spec.name in _PASS_THROUGH:
            continue
        break
    return Output(found, units, shape, last)
