"""Masks: the tables of ``interpreter/library/masks.py`` against real Keras, per generation.

For every layer the catalogue tests build under a generation
(``test_catalogue_keras.ROWS``; Keras 3 on JAX, tf.keras 2 = ``tf_keras``),
real Keras says which call arguments it fills with masks, whether the layer
supports masking and whether its ``compute_mask`` is its own; that
generation's :class:`MaskTables` must say the same. The graphs and errors that
follow from them (mask operations as rows of the Keras 3 summary, tf.keras 2's
Softmax refusing a mask: KC107) are judged whole in tests/conformance_cases/.
"""

from __future__ import annotations

import pytest

from kerascheck.interpreter.library.masks import TABLES
from kerascheck.layers.registry import lookup

from .conftest import run_keras
from .test_catalogue_keras import ABSENT, ROWS

#: Generation -> every layer expression the catalogue tests build under it (Keras 3: on JAX).
EXPRESSIONS = {
    generation: sorted({
        row.layer for row in ROWS
        if (generation == 2 or row.backend == "jax") and row.cls not in ABSENT[generation]
        and generation not in row.xfail and lookup(row.cls, generation) is not None
    })
    for generation in TABLES
}
CASES = [(generation, expression) for generation, expressions in EXPRESSIONS.items() for expression in expressions]


@pytest.fixture(scope="module")
def traits() -> dict:
    found = {}
    for generation, expressions in EXPRESSIONS.items():
        [answer] = run_keras([{"mask_traits": expressions}], generation=generation)
        found.update({(generation, expression): trait for expression, trait in zip(expressions, answer["traits"])})
    return found


@pytest.mark.parametrize(("generation", "expression"), CASES)
def test_mask_tables_match_keras(generation: int, expression: str, traits: dict) -> None:
    trait = traits[(generation, expression)]
    name = trait["class"]
    tables = TABLES[generation]
    expected = {
        "consumes": tuple(trait["consumes"]),
        "propagates": trait["supports_masking"] and not trait["compute_mask"],
        "own compute_mask": trait["compute_mask"],
    }
    ours = {
        "consumes": tables.consumers.get(name, ()),
        "propagates": name in tables.propagates,
        "own compute_mask": name in tables.rules,
    }
    assert ours == expected, name


def test_every_generation_with_masks_is_checked() -> None:
    assert {generation: len(expressions) > 50 for generation, expressions in EXPRESSIONS.items()} == {3: True, 2: True}
