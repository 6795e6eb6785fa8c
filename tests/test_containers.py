"""Lists and dicts changed where the path is not known: their contents become unknown, never a guess.

The changes themselves (``append``, ``pop``, ``d[key] = x``...) are judged by real Keras in
tests/conformance_cases/tensors_collected_in_lists_and_dicts.py; here, the programs whose
list contents only the run knows must give no error and an unknown shape where the list is
read, as the methods' table must stay what the module says.
"""

from __future__ import annotations

import pytest

from kerascheck.engine import check_source
from kerascheck.interpreter.library.containers import DICT_METHODS, LIST_METHODS
from kerascheck.settings import Settings
from kerascheck.target import Target

HEADER = "import sys\nimport keras\nfrom keras import layers\n\ninputs = keras.Input(shape=(32, 32, 3))\nx = inputs\n"

#: Programs whose last model output, a concatenation of a changed list, only the run knows.
UNKNOWN_CONTENTS = {
    "appended in a loop of unknown length": (
        "features = [inputs]\nfor _ in range(len(sys.argv)):\n"
        "    x = layers.Conv2D(8, 3, padding='same')(x)\n    features.append(x)\n"
        "joined = layers.concatenate(features[1:])\n"
    ),
    "appended on one path of an undecided if": (
        "features = [inputs]\nif sys.argv:\n    features.append(layers.Conv2D(8, 3, padding='same')(x))\n"
        "joined = layers.concatenate(features)\n"
    ),
    "extended with an unknown sequence": (
        "features = [inputs]\nfeatures.extend(sys.argv)\njoined = layers.concatenate(features)\n"
    ),
    "stored under a key that is not static": (
        "heads = {'a': inputs}\nheads[sys.argv[0]] = layers.Conv2D(8, 3, padding='same')(x)\n"
        "joined = layers.concatenate([heads['a'], inputs])\n"
    ),
    "appended through an attribute in a loop": (
        "class Store:\n    def __init__(self):\n        self.items = [inputs]\n"
        "    def fill(self, n):\n        for _ in range(n):\n            self.items.append(layers.Conv2D(8, 3, padding='same')(x))\n"
        "        return layers.concatenate(self.items)\n"
        "joined = Store().fill(len(sys.argv))\n"
    ),
}


@pytest.mark.parametrize("body", UNKNOWN_CONTENTS.values(), ids=UNKNOWN_CONTENTS.keys())
@pytest.mark.parametrize("generation", [3, 2])
def test_a_list_changed_on_unknown_paths_is_unknown_not_an_error(body: str, generation: int) -> None:
    source = HEADER + body + "model = keras.Model(inputs, joined)\n"
    result = check_source(source, settings=Settings(target=Target((generation,), "test")))
    model = result.models[-1]
    assert (result.diagnostics, model.complete, model.layers[-1].name, model.layers[-1].output_shape, model.notes) == (
        (), False, "concatenate", None, ("part of the graph between the inputs and the outputs is not known statically",),
    )


def test_the_modelled_methods() -> None:
    assert (sorted(LIST_METHODS), sorted(DICT_METHODS)) == (
        ["append", "clear", "copy", "extend", "insert", "pop", "reverse"],
        ["clear", "copy", "get", "items", "keys", "pop", "setdefault", "update", "values"],
    )
