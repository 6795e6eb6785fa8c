"""Keras 3's masks: the tables of ``interpreter/library/masks.py`` against real Keras.

For every Keras 3 layer the catalogue tests build (``test_catalogue_keras.ROWS``,
JAX backend), real Keras says which call arguments it fills with masks, whether
the layer supports masking and whether its ``compute_mask`` is its own; the
tables must say the same. The graphs that follow from them (mask operations as
rows of the summary) are judged whole in tests/conformance_cases/.
"""

from __future__ import annotations

import pytest

from kerascheck.interpreter.library.masks import CONSUMERS, MASK_RULES, PROPAGATES
from kerascheck.layers.registry import lookup

from .conftest import run_keras
from .test_catalogue_keras import ROWS

#: Every layer of Keras 3 the catalogue tests build on the JAX backend.
EXPRESSIONS = sorted({row.layer for row in ROWS if row.backend == "jax" and 3 not in row.xfail and lookup(row.cls, 3) is not None})


@pytest.fixture(scope="module")
def traits() -> dict:
    [answer] = run_keras([{"mask_traits": EXPRESSIONS}], generation=3)
    return dict(zip(EXPRESSIONS, answer["traits"]))


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_mask_tables_match_keras(expression: str, traits: dict) -> None:
    trait = traits[expression]
    name = trait["class"]
    expected = {
        "consumes": tuple(trait["consumes"]),
        "propagates": trait["supports_masking"] and not trait["compute_mask"],
        "own compute_mask": trait["compute_mask"],
    }
    ours = {
        "consumes": CONSUMERS.get(name, ()),
        "propagates": name in PROPAGATES,
        "own compute_mask": name in MASK_RULES,
    }
    assert ours == expected, name
