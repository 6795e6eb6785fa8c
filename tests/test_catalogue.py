"""The catalogue against real Keras: signatures, coverage of issue 3's list, generated docs."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from kerascheck.layers import lookup
from kerascheck.layers.registry import keras_signatures

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
