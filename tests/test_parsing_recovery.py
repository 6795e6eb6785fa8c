"""A statement that does not parse costs one finding and only its own lines.

Half-typed code is what editors send: a layer left open in ``Sequential([...])``
must not blank the whole model, and the lines that belong to the broken
statement (its continuation lines, a mismatched closing bracket) must not
each get a finding of their own.
"""

from __future__ import annotations

import pytest

from kerascheck.parsing import SyntaxProblem, parse

CASES = [
    (  # a layer of a list left open: only its line is lost, the model still parses
        "model = models.Sequential([\n    layers.Dense(10),\n    layers.Dense(3\n])\n",
        [SyntaxProblem(3, 17, "SyntaxError: '(' was never closed")],
        "model = models.Sequential([\n    layers.Dense(10),\n\n])\n",
    ),
    (  # ... also when the next element follows on its own line
        "model = models.Sequential([\n    layers.Dense(10,\n    layers.Dense(3),\n])\nmodel.summary()\n",
        [SyntaxProblem(2, 17, "SyntaxError: '(' was never closed")],
        "model = models.Sequential([\n\n    layers.Dense(3),\n])\nmodel.summary()\n",
    ),
    (  # ... with its continuation lines
        "m = Sequential([\n    Dense(3),\n    Dense(5,\n          activation='relu'\n    Dense(2),\n])\n",
        [SyntaxProblem(3, 10, "SyntaxError: '(' was never closed")],
        "m = Sequential([\n    Dense(3),\n\n\n    Dense(2),\n])\n",
    ),
    (  # a statement left open: one finding, its continuation line goes with it
        "model.add(layers.Dense(10,\n    activation='relu'\nmodel.add(layers.Dense(3))\n",
        [SyntaxProblem(1, 23, "SyntaxError: '(' was never closed")],
        "pass\n\nmodel.add(layers.Dense(3))\n",
    ),
    (  # a header without its colon keeps its block
        "for i in range(3)\n    x = 1\n",
        [SyntaxProblem(1, 18, "SyntaxError: expected ':'")],
        "if True:\n    x = 1\n",
    ),
    (  # a line left open in a function: the lines after it at its indentation stay
        "def f():\n    x = foo(1\n    return x\n",
        [SyntaxProblem(2, 12, "SyntaxError: '(' was never closed")],
        "def f():\n    pass\n    return x\n",
    ),
]


@pytest.mark.parametrize("source, problems, parsed", CASES, ids=[str(n) for n in range(len(CASES))])
def test_one_finding_per_broken_statement(source: str, problems: list, parsed: str) -> None:
    found = parse(source)
    assert found.module is not None
    assert list(found.problems) == problems
    assert found.source == parsed


def test_no_finding_where_a_broken_line_may_be_the_cause() -> None:
    from kerascheck.engine import check_source

    source = (
        "from keras import layers, models\n"
        "model = models.Sequential([\n"
        "    layers.Input((28, 28, 1)),\n"
        "    layers.Conv2D(8, 3),\n"
        "    layers.Flatten(\n"  # being typed: without it the Dense below would see a 4D tensor
        "    layers.Dense(10),\n"
        "])\n"
        "other = models.Sequential([layers.Input((28, 28, 1)), layers.Dense(4)])\n"  # a real KC104, elsewhere
    )
    found = check_source(source, "model.py")
    assert [(d.code, d.span.line) for d in found.diagnostics] == [("KC001", 5), ("KC104", 8)]
