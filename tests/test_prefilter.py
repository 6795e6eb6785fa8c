"""The pre-filter (kerascheck/prefilter.py): which files are worth parsing.

Its signs are searched substring first for speed; what they accept must be
exactly what one regular expression of all the signs accepts (the plain
statement of the rule), on bytes and on text.
"""

from __future__ import annotations

import re
import sysconfig
from pathlib import Path

import pytest

from kerascheck.prefilter import SIGNS, may_use_keras, may_use_keras_text

from .conftest import ROOT

#: The rule in one expression: slow (it cannot skip ahead to a literal), but plainly the definition.
ONE_PATTERN = re.compile("|".join(pattern or re.escape(word) for word, pattern in SIGNS))

MAY_BUILD = [
    "import keras\n", "from tensorflow import keras\n", "model = Sequential()\n", "m = Model(inputs=x, outputs=y)\n",
    "x = Input(shape=(3,))\n", "model.add(Dense(3))\n", "model.add(\n    Conv2D(8, 3))\n", "tf_keras.layers.Dense(2)\n",
    "(Model(a, b))\n",
]
CANNOT_BUILD = [
    "", "import numpy as np\n", "m = MyModel(inputs=x)\n", "s = set(); s.add(x)\n", "s.add(dense(x))\n", "x = TFInput(3)\n",
    "Model (a, b)\n", "class Model:\n    pass\n", "Keras\n", "sequential\n", "model.add(3)\n",
]


@pytest.mark.parametrize("text", MAY_BUILD)
def test_files_that_may_build_a_model_are_parsed(text: str) -> None:
    assert may_use_keras_text(text) and may_use_keras(text.encode())


@pytest.mark.parametrize("text", CANNOT_BUILD)
def test_files_that_cannot_build_a_model_are_not(text: str) -> None:
    assert not may_use_keras_text(text) and not may_use_keras(text.encode())


def corpus() -> list:
    """Our samples and tests, and a slice of the standard library: files with and without Keras."""
    stdlib = sorted(Path(sysconfig.get_paths()["stdlib"]).glob("*.py"))[:300]
    return [*sorted((ROOT / "samples").glob("*.py")), *sorted((ROOT / "tests").glob("*.py")), *stdlib]


def test_the_signs_accept_what_one_pattern_of_them_accepts() -> None:
    files = corpus()
    decided = [(ONE_PATTERN.search(path.read_text("utf-8", errors="replace")) is not None) for path in files]
    assert 0 < sum(decided) < len(decided)  # both kinds are in the corpus
    for path, expected in zip(files, decided):
        data = path.read_bytes()
        assert may_use_keras(data) == expected, path
        assert may_use_keras_text(data.decode("utf-8", errors="replace")) == expected, path
