"""The rule catalogue: every finding kerascheck can report, with its docs.

Each rule carries, like a Fixit rule, an example that triggers it (and the
line it is reported at) and the fixed version; the tests run both, so the
docs cannot go stale. Codes are grouped by number range:

* ``KC0xx`` the file itself (syntax, encoding, internal errors)
* ``KC1xx`` shape errors and shape warnings
* ``KC3xx`` invalid layer arguments
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str  # "error" | "warning" | "info"
    what: str
    why: str
    example: str = ""
    example_line: int = 0
    fix: str = ""
    how_to_fix: str = ""


_HEADER = "from keras import layers, models\n"

RULES: dict = {
    rule.code: rule
    for rule in (
        Rule(
            "KC001", "syntax-error", "error",
            what="Reports a statement that does not parse as Python 3.",
            why="kerascheck reads the rest of the file by blanking the statement out, but Python "
                "itself would refuse to run the file. Legacy Keras code often still has Python 2 "
                "`print` statements.",
            example=_HEADER + "model = models.Sequential([layers.Dense(2, input_shape=(4,))])\nprint model.summary()\n",
            example_line=3,
            fix=_HEADER + "model = models.Sequential([layers.Dense(2, input_shape=(4,))])\nmodel.summary()\n",
            how_to_fix="Port the statement to Python 3 (`print(...)`).",
        ),
        Rule(
            "KC002", "unreadable-file", "error",
            what="Reports a file that cannot be read or is not valid UTF-8 text.",
            why="Such a file cannot be checked; Python would refuse to import it too.",
            how_to_fix="Save the file as UTF-8, or declare its encoding with a PEP 263 comment.",
        ),
        Rule(
            "KC003", "internal-error", "error",
            what="kerascheck failed on this file. The other files are still checked.",
            why="This is a bug in kerascheck; the file may be fine.",
            how_to_fix="Please report it with the file (or a reduced version of it).",
        ),
        Rule(
            "KC101", "non-positive-dimension", "error",
            what="Reports a layer whose output would have a spatial size of zero or less.",
            why="Keras raises `Computed output size would be zero or negative` when the model is "
                "built. The classic cause is a channels-first input shape such as `(1, 28, 28)` read "
                "as channels-last, or too many pooling layers for a small image.",
            example=_HEADER + "model = models.Sequential()\nmodel.add(layers.Conv2D(8, 3, input_shape=(1, 28, 28)))\n",
            example_line=3,
            fix=_HEADER + "model = models.Sequential()\nmodel.add(layers.Conv2D(8, 3, input_shape=(28, 28, 1)))\n",
            how_to_fix="Check the input shape's channel position, use `padding='same'`, or remove a "
                       "downsampling layer.",
        ),
        Rule(
            "KC102", "incompatible-input-rank", "error",
            what="Reports a layer fed a tensor of a rank it cannot take: a Conv2D after Flatten, "
                 "an LSTM on a 2D tensor.",
            why="Keras raises an `Input 0 of layer ... is incompatible with the layer` error.",
            example=_HEADER + "model = models.Sequential([\n    layers.Flatten(input_shape=(28, 28, 1)),\n"
                    "    layers.Conv2D(8, 3),\n])\n",
            example_line=4,
            fix=_HEADER + "model = models.Sequential([\n    layers.Conv2D(8, 3, input_shape=(28, 28, 1)),\n"
                "    layers.Flatten(),\n])\n",
            how_to_fix="Reorder the layers, or add a Reshape to give the tensor the rank the layer expects.",
        ),
        Rule(
            "KC103", "reshape-size-mismatch", "error",
            what="Reports a Reshape whose target holds a different number of elements than its input.",
            why="Keras raises `total size of new array must be unchanged` when the model is built.",
            example=_HEADER + "model = models.Sequential([\n    layers.Reshape((7, 7, 2), input_shape=(100,)),\n])\n",
            example_line=3,
            fix=_HEADER + "model = models.Sequential([\n    layers.Reshape((10, 10, 1), input_shape=(100,)),\n])\n",
            how_to_fix="Make the target's product equal the input's, or use -1 for one axis.",
        ),
        Rule(
            "KC104", "dense-on-nd-input", "warning",
            what="Reports a Dense layer applied to an input of rank 3 or more.",
            why="Keras accepts it and applies the Dense to the last axis only, so the output keeps "
                "the spatial axes: `(None, 111, 111, 133)` instead of `(None, 133)`. It is almost "
                "always a forgotten Flatten or global pooling layer.",
            example=_HEADER + "model = models.Sequential()\nmodel.add(layers.Conv2D(16, 2, input_shape=(224, 224, 3)))\n"
                    "model.add(layers.Dense(133))\n",
            example_line=4,
            fix=_HEADER + "model = models.Sequential()\nmodel.add(layers.Conv2D(16, 2, input_shape=(224, 224, 3)))\n"
                "model.add(layers.GlobalAveragePooling2D())\nmodel.add(layers.Dense(133))\n",
            how_to_fix="Add `Flatten()` or `GlobalAveragePooling2D()` before the Dense layer.",
        ),
        Rule(
            "KC301", "invalid-argument-value", "error",
            what="Reports a layer argument Keras rejects: a kernel size with the wrong number of "
                 "values, several -1 in a Reshape target.",
            why="Keras raises a `ValueError` when the layer is created or built.",
            example=_HEADER + "model = models.Sequential([\n    layers.Conv2D(8, (3, 3, 3), input_shape=(28, 28, 1)),\n])\n",
            example_line=3,
            fix=_HEADER + "model = models.Sequential([\n    layers.Conv2D(8, (3, 3), input_shape=(28, 28, 1)),\n])\n",
            how_to_fix="Give one value per spatial axis of the layer.",
        ),
        Rule(
            "KC302", "invalid-padding", "error",
            what="Reports a padding mode the layer does not support.",
            why="Keras raises a `ValueError` for it.",
            example=_HEADER + "model = models.Sequential([\n    layers.Conv2D(8, 3, padding='causal', input_shape=(28, 28, 1)),\n])\n",
            example_line=3,
            fix=_HEADER + "model = models.Sequential([\n    layers.Conv2D(8, 3, padding='same', input_shape=(28, 28, 1)),\n])\n",
            how_to_fix="Use 'valid' or 'same' ('causal' only on Conv1D).",
        ),
    )
}


def rule(code: str) -> Optional[Rule]:
    return RULES.get(code)


def severity(code: str) -> str:
    found = RULES.get(code)
    return found.severity if found else "error"
