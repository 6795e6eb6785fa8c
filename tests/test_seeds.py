"""The seed documents' printed ``model.summary()`` tables are ground truth.

The numbers are read from the seed files themselves (``../shared/seeds``
beside the checkout, or $KERASCHECK_SEEDS), never typed into this test.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from kerascheck import dims
from kerascheck.engine import check_bytes

from .conftest import ROOT, SAMPLES

SEEDS = Path(os.environ.get("KERASCHECK_SEEDS", ROOT.parent / "shared" / "seeds"))

#: ``name (Type)  (None, 26, 26, 32)  320``; Keras 1 rows may lack the type,
#: and narrow tables cut it (``(MaxPooling2``).
ROW = re.compile(r"([a-z][a-z_0-9]*)(?: \((\w+)\)?)?\s+\((None(?:, \d+)+)\)\s+([\d,]+)")


def seed_text(prefix: str) -> str:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        if os.environ.get("KERASCHECK_REQUIRE_ALL") == "1":
            pytest.fail(f"seed documents not found in {SEEDS}")
        pytest.skip(f"seed documents not found in {SEEDS} (set KERASCHECK_SEEDS)")
    return found[0].read_text(encoding="utf-8")


def seed_rows(prefix: str) -> list:
    """(name, type prefix, shape, params) of every summary row in a seed."""
    rows = []
    for name, kind, shape, params in ROW.findall(seed_text(prefix)):
        parsed = [None if d == "None" else int(d) for d in shape.split(", ")]
        rows.append((name, kind, parsed, int(params.replace(",", ""))))
    return rows


def predicted(sample: str, values: dict = None) -> list:
    (model,) = check_bytes((SAMPLES / sample).read_bytes(), str(SAMPLES / sample)).models
    return [
        (layer.name, layer.type, [dims.substitute(d, values or {}) for d in layer.output_shape], dims.substitute(layer.params, values or {}))
        for layer in model.layers
    ]


def test_seed000_vgg_reproduces_all_twelve_rows_and_total() -> None:
    rows = seed_rows("000")
    ours = predicted("seed000_vgg_mnist_tfkeras.py")
    assert len(rows) == len(ours) == 12
    for (name, kind, shape, params), (our_name, our_type, our_shape, our_params) in zip(rows, ours):
        assert (our_name, our_shape, our_params) == (name, shape, params)
        assert our_type.startswith(kind)
    total = int(re.search(r"Total params: ([\d,]+)", seed_text("000")).group(1).replace(",", ""))
    assert sum(row[3] for row in ours) == total


def test_seed003_mlp_on_channels_first_mnist() -> None:
    flatten, dense, activation = seed_rows("003")[:3]
    ours = predicted("seed003_mlp_theano.py")
    assert [(row[2], row[3]) for row in ours] == [(flatten[2], flatten[3]), (dense[2], dense[3]), (activation[2], activation[3])]


def test_seed003_keras1_dense_regression() -> None:
    table = seed_rows("003")[3:6]
    dense_rows = [row for row in table if row[1] == "Dense"]
    ours = predicted("seed003_dense_regression_keras1.py")
    assert [(row[2], row[3]) for row in ours] == [(row[2], row[3]) for row in dense_rows]


def test_seed003_dense_on_4d_conv_output() -> None:
    table = seed_rows("003")[6:10]
    ours = predicted("buggy/seed003_dense_on_conv_output.py")
    assert [(row[2], row[3]) for row in ours] == [(row[2], row[3]) for row in table]


def test_seed004_conv_pool_dense() -> None:
    table = seed_rows("004")
    ours = predicted("buggy/seed004_conv_pool_dense.py")
    assert [(row[0], row[2], row[3]) for row in ours] == [(row[0], row[2], row[3]) for row in table]


def test_seed002_keras1_counts_from_the_answer() -> None:
    """832 for a 1-channel input, 51,264 for the second convolution whatever the input."""
    first, second = (int(n) for n in re.findall(r"total_param = .*= (\d+)", seed_text("002")))
    ours = predicted("seed002_keras1_cnn_py2.py", {"input_shape[0]": 28, "input_shape[1]": 28, "input_shape[2]": 1})
    assert ours[0][3] == first
    (model,) = check_bytes((SAMPLES / "seed002_keras1_cnn_py2.py").read_bytes(), str(SAMPLES / "seed002_keras1_cnn_py2.py")).models
    assert model.layers[3].params == second  # exact, no symbol left
    assert isinstance(model.layers[0].params, dims.Expr)  # depends on the unknown channel count
