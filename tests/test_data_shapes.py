"""Dataset shapes come from Keras' own documentation of ``load_data``."""

from __future__ import annotations

import re

import pytest

from kerascheck.interpreter.library.datasets import DATASETS, LABEL_MAX

from .conftest import require
from .dataset_facts import dataset_source, documented_label_max


def keras_documented_shapes(name: str) -> dict:
    """``assert x_train.shape == (60000, 28, 28)`` lines of keras/src/datasets/<name>.py."""
    require("keras", "dataset shapes are read from Keras' sources")
    found = re.findall(r"assert (\w+)\.shape == (\([\d, ]*\))", dataset_source(name))
    return {variable: tuple(int(n) for n in re.findall(r"\d+", shape)) for variable, shape in found}


@pytest.mark.parametrize("name", ["mnist", "fashion_mnist", "cifar10", "cifar100"])
def test_documented_dataset_shapes(name: str) -> None:
    documented = keras_documented_shapes(name)
    (x_train, y_train), (x_test, y_test) = DATASETS[name]
    assert documented == {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}


@pytest.mark.parametrize("name", ["imdb", "reuters", "boston_housing", "california_housing"])
def test_undocumented_sample_counts_stay_symbolic(name: str) -> None:
    (x_train, _), (x_test, _) = DATASETS[name]
    assert x_train[0] is None and x_test[0] is None


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_label_maxima_are_keras_documented(name: str) -> None:
    require("keras", "dataset labels are read from Keras' sources")
    assert LABEL_MAX.get(name) == documented_label_max(name)
