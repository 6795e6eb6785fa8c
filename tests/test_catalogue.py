"""The catalogue against real Keras: signatures, coverage of issue 3's list, generated docs."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from kerascheck.layers import all_specs, lookup
from kerascheck.layers.registry import ALL_GENERATIONS, keras_signatures
from kerascheck.target import GENERATIONS

from .conftest import ROOT, require

#: The keras.layers classes issue 3 lists (aliases count as their class).
LISTED = (
    "Dense EinsumDense Embedding Masking Identity Lambda Activation ReLU LeakyReLU PReLU ELU Softmax "
    "Conv1D Conv2D Conv3D Conv1DTranspose Conv2DTranspose Conv3DTranspose SeparableConv1D SeparableConv2D "
    "DepthwiseConv1D DepthwiseConv2D MaxPooling1D MaxPooling2D MaxPooling3D AveragePooling1D AveragePooling2D "
    "AveragePooling3D GlobalMaxPooling1D GlobalMaxPooling2D GlobalMaxPooling3D GlobalAveragePooling1D "
    "GlobalAveragePooling2D GlobalAveragePooling3D AdaptiveMaxPooling1D AdaptiveMaxPooling2D AdaptiveMaxPooling3D "
    "AdaptiveAveragePooling1D AdaptiveAveragePooling2D AdaptiveAveragePooling3D SimpleRNN LSTM GRU ConvLSTM1D "
    "ConvLSTM2D ConvLSTM3D Bidirectional TimeDistributed RNN BatchNormalization LayerNormalization "
    "GroupNormalization UnitNormalization RMSNormalization SpectralNormalization Dropout SpatialDropout1D "
    "SpatialDropout2D SpatialDropout3D GaussianDropout GaussianNoise AlphaDropout ActivityRegularization Reshape "
    "Flatten Permute RepeatVector Cropping1D Cropping2D Cropping3D ZeroPadding1D ZeroPadding2D ZeroPadding3D "
    "UpSampling1D UpSampling2D UpSampling3D MultiHeadAttention Attention AdditiveAttention GroupQueryAttention "
    "Rescaling Resizing CenterCrop Normalization RandomFlip RandomRotation RandomZoom RandomTranslation "
    "RandomContrast RandomCrop CategoryEncoding Hashing StringLookup IntegerLookup TextVectorization"
).split()

#: tf_keras.layers classes Keras 3 removed that real Keras 2 code uses (the set
#: difference of the two ``layers`` namespaces, less AbstractRNNCell, DenseFeatures
#: and the ``experimental`` module).
KERAS2_ONLY = ("ThresholdedReLU", "LocallyConnected1D", "LocallyConnected2D", "RandomHeight", "RandomWidth")


def test_listed_layers_are_keras_layers() -> None:
    assert not [name for name in LISTED if name not in keras_signatures()]


def test_catalogue_covers_the_listed_layers() -> None:
    covered = [name for name in LISTED if lookup(name) is not None]
    assert len(covered) >= 0.95 * len(LISTED), sorted(set(LISTED) - set(covered))


def test_kerascheck_layers_lists_them() -> None:
    done = subprocess.run([sys.executable, "-m", "kerascheck", "layers"], capture_output=True, text=True, cwd=ROOT)
    printed = {line.split()[0] for line in done.stdout.splitlines() if line.strip()}
    missing = [name for name in LISTED if lookup(name) is None or lookup(name).name not in printed]
    assert len(missing) <= 0.05 * len(LISTED), missing
    assert not [name for name in KERAS2_ONLY if name not in printed]


def test_generations_are_known_ones() -> None:
    assert ALL_GENERATIONS == GENERATIONS
    assert not [spec.name for spec in all_specs() if not spec.generations or not set(spec.generations) <= set(GENERATIONS)]


def test_lookup_by_generation() -> None:
    """Without a generation, every class as before; with one, only the classes that Keras has."""
    for name in KERAS2_ONLY:
        spec = lookup(name)
        assert spec is not None and spec.name == name
        assert lookup(name, 2) is spec and lookup(name, 3) is None
    assert lookup("ThresholdedReLU", 1) is not None and lookup("LocallyConnected2D", 1) is not None
    assert lookup("RandomHeight", 1) is None  # tf.keras 2.x added it
    for name in ("RMSNormalization", "GroupQueryAttention", "GroupedQueryAttention", "AdaptiveAveragePooling2D", "RandAugment"):
        assert lookup(name) is not None and lookup(name, 3) is lookup(name)
        assert lookup(name, 2) is None and lookup(name, 1) is None
    for name in ("Dense", "Conv2D", "Convolution2D", "MaxPool2D", "LSTM"):
        assert all(lookup(name, g) is lookup(name) is not None for g in GENERATIONS)
    assert lookup("NoSuchLayer", 2) is None
    names = {spec.name for spec in all_specs(3)}
    assert "LocallyConnected2D" not in names and "RMSNormalization" in names
    assert {spec.name for spec in all_specs()} == names | {spec.name for spec in all_specs(2)} | {spec.name for spec in all_specs(1)}


def test_keras2_only_signatures_match_tf_keras() -> None:
    """A class Keras 3 removed has no signatures.json entry: its spec lists tf_keras'
    constructor parameters itself, in order, and accepts every one of them."""
    require("tf_keras", "the Keras 2 signatures are read from tf_keras")
    code = (
        "import inspect, json, sys, tf_keras\n"
        "out = {}\n"
        "for name in sys.argv[1:]:\n"
        "    params = inspect.signature(getattr(tf_keras.layers, name).__init__).parameters.values()\n"
        "    out[name] = [p.name for p in params if p.name != 'self' and p.kind is not p.VAR_KEYWORD]\n"
        "print(json.dumps(out))\n"
    )
    names = [spec.name for spec in all_specs() if not spec.exists_in(3)]
    assert sorted(names) == sorted(KERAS2_ONLY)
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    done = subprocess.run([sys.executable, "-c", code, *names], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    signatures = json.loads(done.stdout.strip().splitlines()[-1])
    for name in names:
        spec = lookup(name)
        assert name not in keras_signatures()
        assert spec.positional == tuple(signatures[name]), name
        assert all(spec.accepts(param) for param in signatures[name]), name


def test_each_listed_layer_is_built_by_real_keras() -> None:
    """Each listed layer has a row of the real-Keras table (test_catalogue_keras.py),
    not merely its name somewhere in a test's text."""
    from .test_catalogue_keras import ROWS

    built = {row.cls for row in ROWS}
    missing = sorted(name for name in LISTED if lookup(name) is None or lookup(name).name not in built)
    assert missing == []


def test_docs_layers_md_is_generated_from_the_registry() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from generate_layers_doc import TARGET, render
    finally:
        sys.path.pop(0)
    assert TARGET.read_text(encoding="utf-8") == render(), "run: python scripts/generate_layers_doc.py"


def test_signatures_table_matches_keras() -> None:
    """``signatures.json`` re-derived from the installed Keras (scripts/generate_signatures.py)."""
    require("keras", "the signature table is derived from real Keras")
    code = "import json, sys; sys.path.insert(0, 'scripts'); import generate_signatures as g; print(json.dumps(g.signatures()))"
    env = dict(os.environ, KERAS_BACKEND="jax", JAX_PLATFORMS="cpu")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == dict(keras_signatures()), "run scripts/generate_signatures.py"
