"""The rule catalogue: every finding kerascheck can report, with its docs.

Each rule carries, like a Fixit rule, an example that triggers it (and the
line it is reported at) and the fixed version; the tests run both, so the
docs cannot go stale. Codes are grouped by number range:

* ``KC0xx`` the file itself (syntax, encoding, internal errors)
* ``KC1xx`` shape errors and shape warnings
* ``KC2xx`` suspicious models (Keras builds them, but they are not what was meant)
* ``KC3xx`` invalid layer arguments
* ``KC4xx`` ``compile()``/``fit()`` consistency
* ``KC5xx`` legacy (Keras 1) API, opt-in
* ``KC6xx`` migration to a later Keras (Keras 3, or ``--migrate-to``), opt-in
* ``KC9xx`` about kerascheck itself (unused suppressions), opt-in
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional


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
    #: False for opt-in rules: enabled only when a selector names them.
    default: bool = True
    #: The ``--target-keras`` the examples are checked with ("" for the file's own target).
    target: str = ""
    #: How the rule treats a name never imported that is read as the Keras name it spells
    #: (a snippet's missing import, ``interpreter/guesses.py``); "" when as any other name.
    guessed: str = ""


_HEADER = "from keras import layers, models\n"
#: What every migration rule (KC6xx) says about when it reports.
_MIGRATION_ONLY = (
    " Reported only when selected (`--select KC6`), against Keras 3 or `--migrate-to N`, and only where the"
    " target itself accepts the spelling (what the target rejects is an error of KC303/KC407/KC408)."
)

#: What the error rules reported at a layer's call say about a class never imported.
_HEDGED = (
    "A class never imported (a snippet's missing import) is read as the Keras class it spells, and this error "
    "is reported on it as on an imported one. Where a star import of a module kerascheck cannot see into "
    "(`from mylib import *`) may define that name otherwise, the finding at its call is a warning instead, "
    "saying so: the error holds only if the class is Keras'."
)

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
            what="Reports a file that cannot be read or is not valid UTF-8 text, or a `.ipynb` file that is not a "
                 "notebook kerascheck reads (not JSON, not nbformat 4, a code cell whose source is not text).",
            why="Such a file cannot be checked; Python would refuse to import it too, and Jupyter to open the notebook.",
            how_to_fix="Save the file as UTF-8, or declare its encoding with a PEP 263 comment; convert an nbformat 3 "
                       "notebook with `jupyter nbconvert --to notebook --nbformat 4`.",
        ),
        Rule(
            "KC003", "internal-error", "error",
            what="kerascheck failed on this file. The other files are still checked.",
            why="This is a bug in kerascheck; the file may be fine.",
            how_to_fix="Please report it with the file (or a reduced version of it).",
        ),
        Rule(
            "KC005", "analysis-cut-short", "warning",
            what="Reports that the file's analysis ran out of its time budget (the editor server gives each "
                 "document 2 s) and stopped: what comes after the point it reached is not shown.",
            why="The editor analyses one document at a time; a file that takes long must not keep the others "
                "waiting. The command line has no time budget, so `kerascheck check` checks the whole file.",
            how_to_fix="Nothing to fix in the model; run `kerascheck check FILE` for the full result, or split the file.",
        ),
        Rule(
            "KC004", "assumed-target", "info",
            what="Reports, when the project does not say which Keras it uses, that the file was checked as "
                 "Keras 3 (the default) although it uses Keras 2 or 1 spellings (`Adam(lr=...)`, "
                 "`fit_generator`, `input_length=`...), or as Keras 1 (from its Keras 1 spellings) although it "
                 "also uses Keras 2+ ones (`fit(epochs=...)`, `learning_rate=`, `units=`).",
            why="What is an error depends on the Keras the code runs on: `Adam(lr=0.001)` runs on tf.keras 2 and "
                "fails on Keras 3. kerascheck decides one target per file; when the file speaks for two, the "
                "findings are only as right as that guess.",
            example="from tensorflow.keras import layers, models, optimizers\n"
                    "model = models.Sequential([layers.Dense(1, input_shape=(8,))])\n"
                    "model.compile(optimizer=optimizers.Adam(lr=0.01), loss='mse')\n",
            example_line=3,
            fix="from tensorflow.keras import layers, models, optimizers\n"
                "model = models.Sequential([layers.Dense(1, input_shape=(8,))])\n"
                "model.compile(optimizer=optimizers.Adam(learning_rate=0.01), loss='mse')\n",
            how_to_fix="Say which Keras the project uses: `--target-keras 2.12` on the command line, "
                       "`keras-version = \"2.12\"` in `[tool.kerascheck]`, or a pinned `tensorflow`/`keras` in the "
                       "project's requirements; or port the spelling.",
        ),
        Rule(
            "KC101", "non-positive-dimension", "error",
            guessed=_HEDGED,
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
            guessed=_HEDGED,
            what="Reports a layer fed a tensor of a rank it cannot take: a Conv2D after Flatten, "
                 "an LSTM on a 2D tensor.",
            why="Keras raises an `Input 0 of layer ... is incompatible with the layer` error.",
            example=_HEADER + "model = models.Sequential([\n    layers.LSTM(32, input_shape=(10, 8)),\n"
                    "    layers.LSTM(16),\n])\n",
            example_line=4,
            fix=_HEADER + "model = models.Sequential([\n    layers.LSTM(32, input_shape=(10, 8), return_sequences=True),\n"
                "    layers.LSTM(16),\n])\n",
            how_to_fix="Give the layer the rank it expects: `return_sequences=True` on a recurrent layer that feeds "
                       "another, a Flatten before a Dense, the layers in the right order, or a Reshape.",
        ),
        Rule(
            "KC103", "reshape-size-mismatch", "error",
            guessed=_HEDGED,
            what="Reports a Reshape whose target holds a different number of elements than its input.",
            why="Keras raises `total size of new array must be unchanged` when the model is built.",
            example=_HEADER + "model = models.Sequential([\n    layers.Reshape((7, 7, 2), input_shape=(100,)),\n])\n",
            example_line=3,
            fix=_HEADER + "model = models.Sequential([\n    layers.Reshape((10, 10, 1), input_shape=(100,)),\n])\n",
            how_to_fix="Make the target's product equal the input's, or use -1 for one axis.",
        ),
        Rule(
            "KC104", "dense-on-nd-input", "warning",
            what="Reports a Dense layer applied to an image-like input (rank 4 or more). On a sequence "
                 "`(batch, steps, features)` a Dense applied per step is a usual, intended pattern and is "
                 "not reported.",
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
            "KC106", "undefined-weight-axis", "error",
            what="Reports a Dense or recurrent layer whose input's last axis is `None`, such as a Dense after "
                 "`Flatten()` on a variable-length sequence, and a convolution whose input's channel axis is `None`.",
            why="The layer's weights are sized by that axis, and a size known only when the model runs cannot "
                "size them: Keras 3 raises `Shapes used to initialize variables must be fully-defined` (or fails "
                "on the None), tf.keras 2 `The last dimension of the inputs to a Dense layer should be defined. "
                "Found None` or `The channel dimension of the inputs should be defined`.",
            example=_HEADER + "model = models.Sequential([\n    layers.Input(shape=(None, 8)),\n    layers.Flatten(),\n"
                    "    layers.Dense(4),\n])\n",
            example_line=5,
            fix=_HEADER + "model = models.Sequential([\n    layers.Input(shape=(None, 8)),\n"
                "    layers.GlobalAveragePooling1D(),\n    layers.Dense(4),\n])\n",
            how_to_fix="Give the axis a size (a fixed sequence length in `Input(shape=...)`), or reduce the "
                       "variable axis first (global pooling) instead of flattening it.",
        ),
        Rule(
            "KC107", "mask-shape-mismatch", "error",
            what="Reports a tf.keras 2 `Softmax` called on a tensor whose mask (from `Embedding(mask_zero=True)` "
                 "or `Masking`, passed on by the layers in between) does not broadcast to it: a (batch, steps) "
                 "mask against (batch, steps, features) logits.",
            why="tf.keras 2 calls a layer with its input's mask while the model is built, and `Softmax` adds "
                "the mask to its logits (`inputs += (1 - mask) * -1e9`): TensorFlow raises `Dimensions must be "
                "equal`. Keras 3 builds the same model (its Softmax checks the mask only when it runs).",
            target="2",
            example="from tensorflow.keras import layers, models\n"
                    "model = models.Sequential([\n    layers.Input(shape=(10,)),\n"
                    "    layers.Embedding(5000, 64, mask_zero=True),\n    layers.Softmax(),\n])\n",
            example_line=5,
            fix="from tensorflow.keras import layers, models\n"
                "model = models.Sequential([\n    layers.Input(shape=(10,)),\n"
                "    layers.Embedding(5000, 64, mask_zero=True),\n    layers.Dense(64, activation='softmax'),\n])\n",
            how_to_fix="Use `Activation('softmax')` or a Dense layer's `activation='softmax'` (they pass the mask on "
                       "without reading it), or drop `mask_zero=True` if nothing needs the mask.",
        ),
        Rule(
            "KC105", "merge-shape-mismatch", "error",
            guessed=_HEDGED,
            what="Reports a merge (Concatenate, Add, Multiply, Dot...) of tensors whose shapes cannot "
                 "be combined: different sizes off the concatenation axis, different ranks, sizes "
                 "that do not broadcast.",
            why="Keras raises `A Concatenate layer requires inputs with matching shapes except for the "
                "concatenation axis` or `Inputs have incompatible shapes` when the model is built.",
            example="import keras\nfrom keras import layers\n\na = keras.Input(shape=(32,))\n"
                    "b = keras.Input(shape=(16,))\nsummed = layers.add([a, b])\n",
            example_line=6,
            fix="import keras\nfrom keras import layers\n\na = keras.Input(shape=(32,))\n"
                "b = keras.Input(shape=(16,))\njoined = layers.concatenate([a, b])\n",
            how_to_fix="Concatenate along the axis that differs, or project the inputs to the same size "
                       "with a Dense layer first.",
        ),
        Rule(
            "KC301", "invalid-argument-value", "error",
            guessed=_HEDGED,
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
            guessed=_HEDGED,
            what="Reports a padding mode the layer does not support.",
            why="Keras raises a `ValueError` for it.",
            example=_HEADER + "model = models.Sequential([\n    layers.Conv2D(8, 3, padding='causal', input_shape=(28, 28, 1)),\n])\n",
            example_line=3,
            fix=_HEADER + "model = models.Sequential([\n    layers.Conv2D(8, 3, padding='same', input_shape=(28, 28, 1)),\n])\n",
            how_to_fix="Use 'valid' or 'same' ('causal' only on Conv1D).",
        ),
        # -- KC2xx suspicious models ------------------------------------------------
        Rule(
            "KC201", "softmax-on-one-unit", "warning",
            what="Reports a softmax applied over a single unit.",
            why="A softmax normalizes over its last axis; over one value it always outputs 1.0, so the "
                "model predicts the same thing for every input and cannot learn.",
            example=_HEADER + "model = models.Sequential([\n    layers.Dense(1, activation='softmax', input_shape=(8,)),\n])\n",
            example_line=3,
            fix=_HEADER + "model = models.Sequential([\n    layers.Dense(1, activation='sigmoid', input_shape=(8,)),\n])\n",
            how_to_fix="Use `sigmoid` for a single binary output, or one unit per class with softmax.",
        ),
        Rule(
            "KC202", "input-shape-not-first", "warning",
            what="Reports `input_shape`, `input_dim` or `batch_input_shape` on a layer that is not the "
                 "first of its Sequential model.",
            why="Keras ignores it there (the input is declared by the first layer only), so the value "
                "often contradicts the real input and misleads the reader.",
            example=_HEADER + "model = models.Sequential()\nmodel.add(layers.Dense(64, input_dim=100))\n"
                    "model.add(layers.Dense(10, input_dim=64))\n",
            example_line=4,
            fix=_HEADER + "model = models.Sequential()\nmodel.add(layers.Dense(64, input_dim=100))\n"
                "model.add(layers.Dense(10))\n",
            how_to_fix="Remove the argument from every layer but the first.",
        ),
        Rule(
            "KC203", "batch-axis-in-input-shape", "error",
            guessed=_HEDGED,
            what="Reports an `input_shape` whose first entry is `None` on a layer that needs one axis fewer: "
                 "the batch axis was included.",
            why="`input_shape` excludes the batch axis, so Keras adds another one and the layer gets a "
                "tensor of the wrong rank: `Input 0 of layer conv2d is incompatible with the layer`.",
            example=_HEADER + "model = models.Sequential([\n    layers.Conv2D(8, 3, input_shape=(None, 286, 384, 1)),\n])\n",
            example_line=3,
            fix=_HEADER + "model = models.Sequential([\n    layers.Conv2D(8, 3, input_shape=(286, 384, 1)),\n])\n",
            how_to_fix="Drop the leading `None` (or use `keras.Input(batch_shape=...)`).",
        ),
        Rule(
            "KC204", "batch-norm-axis-not-channels", "warning",
            what="Reports a BatchNormalization whose `axis` is not the channel axis of its image input.",
            why="`axis` names the axis that keeps its own statistics: the channels. `axis=1` on a "
                "channels_last image (a Theano-era habit) normalizes each row instead; Keras accepts it "
                "and the model trains worse.",
            example=_HEADER + "model = models.Sequential([\n    layers.Conv2D(8, 3, input_shape=(28, 28, 1)),\n"
                    "    layers.BatchNormalization(axis=1),\n])\n",
            example_line=4,
            fix=_HEADER + "model = models.Sequential([\n    layers.Conv2D(8, 3, input_shape=(28, 28, 1)),\n"
                "    layers.BatchNormalization(),\n])\n",
            how_to_fix="Use `axis=-1` (the default) for channels_last, `axis=1` for channels_first.",
        ),
        Rule(
            "KC205", "flatten-on-pretrained-base", "warning",
            what="Reports a Flatten directly on the 4D feature map of a pretrained `keras.applications` "
                 "base built with `include_top=False` and no pooling.",
            why="Flatten ties the classifier to one image size and multiplies the weights of the next "
                "Dense (7*7*512 = 25,088 inputs for VGG16); global pooling is what fine-tuning recipes use.",
            example="import keras\nfrom keras import layers, models\nmodel = models.Sequential([\n"
                    "    keras.applications.VGG16(include_top=False, input_shape=(224, 224, 3)),\n"
                    "    layers.Flatten(),\n    layers.Dense(10),\n])\n",
            example_line=5,
            fix="import keras\nfrom keras import layers, models\nmodel = models.Sequential([\n"
                "    keras.applications.VGG16(include_top=False, input_shape=(224, 224, 3)),\n"
                "    layers.GlobalAveragePooling2D(),\n    layers.Dense(10),\n])\n",
            how_to_fix="Use `GlobalAveragePooling2D()`, or pass `pooling='avg'` to the base.",
        ),
        Rule(
            "KC206", "no-input-shape", "info",
            what="Reports a Sequential model whose first layer declares no input shape.",
            why="Keras builds such a model only when it first sees data, so `model.summary()` fails "
                "before `fit`, and kerascheck cannot predict any shape in it.",
            example=_HEADER + "model = models.Sequential([\n    layers.Dense(10),\n])\n",
            example_line=3,
            fix=_HEADER + "import keras\nmodel = models.Sequential([\n    keras.Input(shape=(8,)),\n    layers.Dense(10),\n])\n",
            how_to_fix="Start the model with `keras.Input(shape=...)` (or `input_shape=` on its first layer).",
            guessed="Not reported on a Sequential started by `model.add(...)` on a name the file never assigns (a "
                    "snippet whose model was made elsewhere): its input may have been declared where it was made.",
        ),
        Rule(
            "KC207", "duplicate-layer-name", "error",
            guessed=_HEDGED,
            what="Reports two layers of one model with the same explicit `name`.",
            why="Keras raises `All layers added to a Sequential model should have unique names`.",
            example=_HEADER + "model = models.Sequential([\n    layers.Dense(8, name='hidden', input_shape=(4,)),\n"
                    "    layers.Dense(8, name='hidden'),\n])\n",
            example_line=4,
            fix=_HEADER + "model = models.Sequential([\n    layers.Dense(8, name='hidden1', input_shape=(4,)),\n"
                "    layers.Dense(8, name='hidden2'),\n])\n",
            how_to_fix="Give each layer its own name, or let Keras name them.",
        ),
        Rule(
            "KC208", "consecutive-flatten-or-dropout", "warning",
            what="Reports a Flatten directly after a Flatten, or a Dropout directly after a Dropout.",
            why="The second Flatten does nothing; two Dropouts compound (0.5 then 0.5 drops 75%), which "
                "is rarely what the rates say. Both usually come from an edit that left a layer behind.",
            example=_HEADER + "model = models.Sequential([\n    layers.Dense(8, input_shape=(4,)),\n"
                    "    layers.Dropout(0.5),\n    layers.Dropout(0.5),\n])\n",
            example_line=5,
            fix=_HEADER + "model = models.Sequential([\n    layers.Dense(8, input_shape=(4,)),\n"
                "    layers.Dropout(0.5),\n])\n",
            how_to_fix="Remove one of the two layers.",
        ),
        # -- KC3xx invalid arguments ------------------------------------------------
        Rule(
            "KC303", "unknown-keyword-argument", "error",
            guessed=_HEDGED,
            what="Reports a keyword argument the layer does not accept, such as `kernal_size`, with the "
                 "closest valid keyword.",
            why="Keras raises `Unrecognized keyword arguments passed to Conv2D: {'kernal_size': 3}` "
                "when the layer is created. What a layer accepts depends on the target: Keras 3's signatures "
                "(`kerascheck/layers/signatures.json`); for tf.keras 2 targets, `tf_keras`' (its layers pass "
                "`**kwargs` to their base classes, so `SeparableConv2D(..., kernel_regularizer=...)` is accepted; "
                "`kerascheck/target/keras2_signatures.json`, generated from tf_keras by "
                "`scripts/generate_signatures.py --keras2`); Keras 1 and standalone Keras 2.0-2.3 are not judged. "
                "Keras 1 spellings are KC501 instead; without a project target, keywords Keras 2 passed "
                "legitimately (`batch_input_shape`, `input_length`...) are left to KC004 and KC608.",
            example=_HEADER + "model = models.Sequential([\n    layers.Conv2D(8, kernal_size=3, input_shape=(28, 28, 1)),\n])\n",
            example_line=3,
            fix=_HEADER + "model = models.Sequential([\n    layers.Conv2D(8, kernel_size=3, input_shape=(28, 28, 1)),\n])\n",
            how_to_fix="Fix the spelling; `kerascheck layers` lists the layers, the Keras docs their arguments.",
        ),
        Rule(
            "KC304", "too-many-positional-arguments", "error",
            guessed=_HEDGED,
            what="Reports a layer called with more positional arguments than its constructor takes.",
            why="Python raises `TypeError: __init__() takes ... positional arguments`. The classic case "
                "is `Reshape(7, 7, 64)` for `Reshape((7, 7, 64))`.",
            example=_HEADER + "model = models.Sequential([\n    layers.Dense(3136, input_shape=(100,)),\n"
                    "    layers.Reshape(7, 7, 64),\n])\n",
            example_line=4,
            fix=_HEADER + "model = models.Sequential([\n    layers.Dense(3136, input_shape=(100,)),\n"
                "    layers.Reshape((7, 7, 64)),\n])\n",
            how_to_fix="Pass a shape as one tuple, and optional arguments by keyword.",
        ),
        Rule(
            "KC305", "non-positive-size", "error",
            guessed=_HEDGED,
            what="Reports a `units`, `filters`, `kernel_size`, `strides` or `pool_size` that is zero or negative.",
            why="Keras raises `Received an invalid value for units, expected a positive integer` (or the "
                "like) when the layer is created.",
            example=_HEADER + "model = models.Sequential([\n    layers.Dense(0, input_shape=(4,)),\n])\n",
            example_line=3,
            fix=_HEADER + "model = models.Sequential([\n    layers.Dense(16, input_shape=(4,)),\n])\n",
            how_to_fix="Use a positive integer (often a variable computed as zero: check it).",
        ),
        Rule(
            "KC314", "numpy-integer-size", "error",
            what="Reports a NumPy integer given as `Dense(units=...)` or `Embedding(input_dim=..., output_dim=...)` "
                 "under Keras 3, such as `np.max(y_train) + 1`.",
            why="Keras 3 checks `isinstance(units, int)`, which a NumPy integer fails: it raises `Received an "
                "invalid value for units, expected a positive integer. Received: units=46`, a puzzling message "
                "for a value that prints as 46. tf.keras 2 converted it with `int()`, so the code worked before.",
            example="import numpy as np\nfrom keras import layers, models\nfrom keras.datasets import reuters\n"
                    "(x_train, y_train), _ = reuters.load_data(num_words=1000)\n"
                    "model = models.Sequential([\n    layers.Input(shape=(1000,)),\n"
                    "    layers.Dense(np.max(y_train) + 1, activation=\"softmax\"),\n])\n",
            example_line=7,
            fix="import numpy as np\nfrom keras import layers, models\nfrom keras.datasets import reuters\n"
                "(x_train, y_train), _ = reuters.load_data(num_words=1000)\n"
                "model = models.Sequential([\n    layers.Input(shape=(1000,)),\n"
                "    layers.Dense(int(np.max(y_train)) + 1, activation=\"softmax\"),\n])\n",
            how_to_fix="Convert the value with `int(...)` where it is computed.",
        ),
        Rule(
            "KC315", "tensorflow-function-on-keras-tensor", "error",
            what="Reports a TensorFlow function (`tf.reduce_mean`, `tf.concat`, `tf.nn.relu`...) called on the "
                 "symbolic tensors of a functional model under Keras 3.",
            why="tf.keras 2 wrapped such a call in a `TFOpLambda` layer; Keras 3 raises `A KerasTensor cannot be "
                "used as input to a TensorFlow function`, whichever backend it runs on. Code written for "
                "TensorFlow 2.15 and earlier stops building when TensorFlow 2.16 brings Keras 3.",
            example="import tensorflow as tf\nfrom tensorflow import keras\n"
                    "inputs = keras.Input(shape=(10, 8))\n"
                    "pooled = tf.reduce_mean(inputs, axis=1)\n"
                    "model = keras.Model(inputs, keras.layers.Dense(1)(pooled))\n",
            example_line=4,
            fix="import tensorflow as tf\nfrom tensorflow import keras\n"
                "inputs = keras.Input(shape=(10, 8))\n"
                "pooled = keras.ops.mean(inputs, axis=1)\n"
                "model = keras.Model(inputs, keras.layers.Dense(1)(pooled))\n",
            how_to_fix="Use the `keras.ops` function of the same name (`keras.ops.mean` for `tf.reduce_mean`), a "
                       "Keras layer, or move the TensorFlow code inside a layer's `call`.",
        ),
        Rule(
            "KC306", "rate-out-of-range", "error",
            guessed=_HEDGED,
            what="Reports a Dropout-like layer whose `rate` is outside [0, 1].",
            why="Keras raises `Invalid value received for argument rate. Expected a float value between "
                "0 and 1`. A rate is the fraction of inputs to drop, not a percentage or a keep probability "
                "above 1.",
            example=_HEADER + "model = models.Sequential([\n    layers.Dense(8, input_shape=(4,)),\n    layers.Dropout(25),\n])\n",
            example_line=4,
            fix=_HEADER + "model = models.Sequential([\n    layers.Dense(8, input_shape=(4,)),\n    layers.Dropout(0.25),\n])\n",
            how_to_fix="Give the fraction to drop, between 0 and 1.",
        ),
        Rule(
            "KC307", "rate-drops-everything", "warning",
            what="Reports a Dropout-like layer with `rate=1`.",
            why="Keras accepts it, but it drops every input during training: the layers after it see only zeros.",
            example=_HEADER + "model = models.Sequential([\n    layers.Dense(8, input_shape=(4,)),\n    layers.Dropout(1),\n])\n",
            example_line=4,
            fix=_HEADER + "model = models.Sequential([\n    layers.Dense(8, input_shape=(4,)),\n    layers.Dropout(0.1),\n])\n",
            how_to_fix="Use a rate below 1 (Keras 1's `p` was also the fraction dropped).",
        ),
        Rule(
            "KC308", "unknown-activation", "error",
            guessed=_HEDGED,
            what="Reports an activation name no version of Keras knows.",
            why="Keras raises `Could not interpret activation function identifier` when the layer is "
                "created. Names are case-sensitive: `'Relu'` is not `'relu'`.",
            example=_HEADER + "model = models.Sequential([\n    layers.Dense(8, activation='rellu', input_shape=(4,)),\n])\n",
            example_line=3,
            fix=_HEADER + "model = models.Sequential([\n    layers.Dense(8, activation='relu', input_shape=(4,)),\n])\n",
            how_to_fix="Use one of the names of `keras.activations` (the message suggests the closest).",
        ),
        Rule(
            "KC309", "invalid-data-format", "error",
            guessed=_HEDGED,
            what="Reports a `data_format` that is neither `'channels_last'` nor `'channels_first'`.",
            why="Keras raises `The data_format argument must be one of {'channels_first', 'channels_last'}`. "
                "Keras 1's `'tf'`/`'th'` belong to `dim_ordering`, not `data_format`.",
            example=_HEADER + "model = models.Sequential([\n    layers.Conv2D(8, 3, data_format='tf', input_shape=(28, 28, 1)),\n])\n",
            example_line=3,
            fix=_HEADER + "model = models.Sequential([\n    layers.Conv2D(8, 3, data_format='channels_last', input_shape=(28, 28, 1)),\n])\n",
            how_to_fix="Use `'channels_last'` (for `'tf'`) or `'channels_first'` (for `'th'`).",
        ),
        Rule(
            "KC310", "unknown-initializer", "error",
            guessed=_HEDGED,
            what="Reports an initializer name no version of Keras knows.",
            why="Keras raises `Could not interpret initializer identifier` when the layer is created.",
            example=_HEADER + "model = models.Sequential([\n    layers.Dense(8, kernel_initializer='xavier', input_shape=(4,)),\n])\n",
            example_line=3,
            fix=_HEADER + "model = models.Sequential([\n    layers.Dense(8, kernel_initializer='glorot_uniform', input_shape=(4,)),\n])\n",
            how_to_fix="Use a name from `keras.initializers` (`'glorot_uniform'` is Xavier's).",
        ),
        Rule(
            "KC311", "unknown-regularizer", "error",
            guessed=_HEDGED,
            what="Reports a regularizer name Keras does not know, including a constraint's name passed "
                 "as a regularizer.",
            why="Keras raises `Could not interpret regularizer identifier` when the layer is created.",
            example=_HEADER + "model = models.Sequential([\n    layers.Dense(8, kernel_regularizer='max_norm', input_shape=(4,)),\n])\n",
            example_line=3,
            fix=_HEADER + "model = models.Sequential([\n    layers.Dense(8, kernel_constraint='max_norm', input_shape=(4,)),\n])\n",
            how_to_fix="Use `'l1'`, `'l2'` or `'l1l2'`, or pass a constraint as `kernel_constraint=`.",
        ),
        Rule(
            "KC312", "strides-with-dilation", "error",
            guessed=_HEDGED,
            what="Reports a convolution with both `strides > 1` and `dilation_rate > 1`.",
            why="Keras raises `strides > 1 not supported in conjunction with dilation_rate > 1`.",
            example=_HEADER + "model = models.Sequential([\n    layers.Conv2D(8, 3, strides=2, dilation_rate=2, input_shape=(28, 28, 1)),\n])\n",
            example_line=3,
            fix=_HEADER + "model = models.Sequential([\n    layers.Conv2D(8, 3, dilation_rate=2, input_shape=(28, 28, 1)),\n"
                "    layers.MaxPooling2D(),\n])\n",
            how_to_fix="Keep one of the two at 1; downsample with a pooling layer instead.",
        ),
        Rule(
            "KC313", "wrong-object-kind", "warning",
            what="Reports a Keras constraint, regularizer or initializer passed where another kind is "
                 "expected, such as `kernel_regularizer=MaxNorm(3)`.",
            why="Keras accepts any callable there, so the mistake is silent: a constraint used as a "
                "regularizer adds the clipped weights to the loss instead of clipping them.",
            example="from keras import constraints, layers, models\nmodel = models.Sequential([\n"
                    "    layers.Dense(8, kernel_regularizer=constraints.MaxNorm(3), input_shape=(4,)),\n])\n",
            example_line=3,
            fix="from keras import constraints, layers, models\nmodel = models.Sequential([\n"
                "    layers.Dense(8, kernel_constraint=constraints.MaxNorm(3), input_shape=(4,)),\n])\n",
            how_to_fix="Pass the object under the keyword of its kind (`*_constraint`, `*_regularizer`, `*_initializer`).",
        ),
        # -- KC4xx compile() and fit() ------------------------------------------------
        Rule(
            "KC401", "loss-output-mismatch", "warning",
            what="Reports a loss that does not fit the final layer: categorical_crossentropy on one unit "
                 "or on independent sigmoids, binary_crossentropy on a softmax, "
                 "sparse_categorical_crossentropy on one unit, a regression loss on a classifier.",
            why="Keras trains such a model without complaint, but the loss is constant or measures the "
                "wrong thing: categorical_crossentropy on a 1-unit output is always 0.",
            example=_HEADER + "model = models.Sequential([layers.Dense(1, activation='sigmoid', input_shape=(8,))])\n"
                    "model.compile(loss='categorical_crossentropy', optimizer='adam')\n",
            example_line=3,
            fix=_HEADER + "model = models.Sequential([layers.Dense(1, activation='sigmoid', input_shape=(8,))])\n"
                "model.compile(loss='binary_crossentropy', optimizer='adam')\n",
            how_to_fix="binary_crossentropy with a sigmoid output; categorical_crossentropy (one-hot labels) or "
                       "sparse_categorical_crossentropy (integer labels) with a softmax of one unit per class.",
        ),
        Rule(
            "KC402", "cross-entropy-on-logits", "warning",
            what="Reports a cross-entropy loss on a model whose final layer is linear, without `from_logits=True`.",
            why="The loss then reads logits as probabilities: Keras clips them into [0, 1] and training "
                "stalls or diverges.",
            example=_HEADER + "model = models.Sequential([layers.Dense(10, input_shape=(8,))])\n"
                    "model.compile(loss='categorical_crossentropy', optimizer='adam')\n",
            example_line=3,
            fix=_HEADER + "model = models.Sequential([layers.Dense(10, activation='softmax', input_shape=(8,))])\n"
                "model.compile(loss='categorical_crossentropy', optimizer='adam')\n",
            how_to_fix="Add the activation, or use e.g. `keras.losses.CategoricalCrossentropy(from_logits=True)`.",
        ),
        Rule(
            "KC403", "output-rank-mismatch", "warning",
            what="Reports a classification loss on a model whose final Dense outputs a tensor of rank "
                 "above 2 (outside sequence models).",
            why="The loss expects one prediction vector per sample; a Dense on a feature map predicts one "
                "per pixel, and fitting one label per image then fails on the label shape.",
            example=_HEADER + "model = models.Sequential([\n    layers.Conv2D(8, 3, input_shape=(28, 28, 1)),\n"
                    "    layers.Dense(10, activation='softmax'),\n])\n"
                    "model.compile(loss='categorical_crossentropy', optimizer='adam')\n",
            example_line=6,
            fix=_HEADER + "model = models.Sequential([\n    layers.Conv2D(8, 3, input_shape=(28, 28, 1)),\n"
                "    layers.Flatten(),\n    layers.Dense(10, activation='softmax'),\n])\n"
                "model.compile(loss='categorical_crossentropy', optimizer='adam')\n",
            how_to_fix="Add `Flatten()` or a global pooling layer before the final Dense.",
        ),
        Rule(
            "KC404", "unknown-loss", "error",
            what="Reports a loss name no version of Keras knows.",
            why="Keras raises `Could not interpret loss identifier` when the model is compiled or fitted.",
            example=_HEADER + "model = models.Sequential([layers.Dense(1, input_shape=(8,))])\n"
                    "model.compile(loss='mean_square_error', optimizer='adam')\n",
            example_line=3,
            fix=_HEADER + "model = models.Sequential([layers.Dense(1, input_shape=(8,))])\n"
                "model.compile(loss='mean_squared_error', optimizer='adam')\n",
            how_to_fix="Use a name from `keras.losses` (the message suggests the closest).",
        ),
        Rule(
            "KC405", "unknown-optimizer", "error",
            what="Reports an optimizer name no version of Keras knows.",
            why="Keras raises `Could not interpret optimizer identifier` when the model is compiled.",
            example=_HEADER + "model = models.Sequential([layers.Dense(1, input_shape=(8,))])\n"
                    "model.compile(loss='mse', optimizer='adams')\n",
            example_line=3,
            fix=_HEADER + "model = models.Sequential([layers.Dense(1, input_shape=(8,))])\n"
                "model.compile(loss='mse', optimizer='adam')\n",
            how_to_fix="Use a name from `keras.optimizers` (case does not matter).",
        ),
        Rule(
            "KC406", "unknown-metric", "error",
            what="Reports a metric name no version of Keras knows.",
            why="Keras raises `Could not interpret metric identifier` when the model is compiled or fitted.",
            example=_HEADER + "model = models.Sequential([layers.Dense(1, activation='sigmoid', input_shape=(8,))])\n"
                    "model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['acuracy'])\n",
            example_line=3,
            fix=_HEADER + "model = models.Sequential([layers.Dense(1, activation='sigmoid', input_shape=(8,))])\n"
                "model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])\n",
            how_to_fix="Use a name from `keras.metrics`, or `'accuracy'`.",
        ),
        Rule(
            "KC407", "removed-training-argument", "error",
            what="Reports an optimizer or training argument the target certainly rejects: `lr=` on Keras 3, "
                 "`decay=` on the optimizers of tf.keras 2.11+ (not `optimizers.legacy`), `fit(nb_epoch=)` and "
                 "`fit_generator(samples_per_epoch=)` on Keras 3 and tf_keras.",
            why="Keras raises: `Argument(s) not recognized: {'lr': 0.01}` (Keras 3), `decay is deprecated in the "
                "new TF-Keras optimizer` (tf.keras 2.11+), `fit() got an unexpected keyword argument 'nb_epoch'`. "
                "Where the target accepts them (`lr=` through tf.keras 2, `nb_epoch=` in standalone Keras 2.0-2.3, "
                "`decay=` before tf.keras 2.11) nothing is reported; a version kerascheck has no source for "
                "(`nb_epoch=` on tf.keras 2.0-2.15) is not an error either. The opt-in KC6xx rules report them as "
                "a migration.",
            example=_HEADER + "model = models.Sequential([layers.Dense(1, input_shape=(8,))])\n"
                    "model.fit(x, y, nb_epoch=10)\n",
            example_line=3,
            fix=_HEADER + "model = models.Sequential([layers.Dense(1, input_shape=(8,))])\n"
                "model.fit(x, y, epochs=10)\n",
            how_to_fix="`epochs=` for `nb_epoch=`, `learning_rate=` for `lr=`, a learning-rate schedule for `decay=`.",
        ),
        Rule(
            "KC408", "removed-api", "error",
            what="Reports a method, function or module the target does not have: `model.fit_generator(...)` on Keras 3, "
                 "`K.image_dim_ordering()`/`K.set_image_dim_ordering()` and `from keras.layers.core import Dense` "
                 "on Keras 3 and tf_keras.",
            why="Keras 3's Model has no `fit_generator` (tf.keras deprecated it: `fit` takes generators), and "
                "`image_dim_ordering` was replaced by `image_data_format` in Keras 2: the call raises AttributeError.",
            example=_HEADER + "model = models.Sequential([layers.Dense(1, input_shape=(8,))])\n"
                    "model.fit_generator(batches, steps_per_epoch=10)\n",
            example_line=3,
            fix=_HEADER + "model = models.Sequential([layers.Dense(1, input_shape=(8,))])\n"
                "model.fit(batches, steps_per_epoch=10)\n",
            how_to_fix="`fit()` for `fit_generator()`; `image_data_format()` ('channels_last'/'channels_first') for "
                       "`image_dim_ordering()` ('tf'/'th').",
        ),
        Rule(
            "KC409", "ignored-argument", "warning",
            what="Reports an argument the target accepts but does not use, or reads differently: `lr=` on the "
                 "optimizers of tf.keras 2.11+, `decay=` and Embedding's `input_length=` on Keras 3, "
                 "`samples_per_epoch=` on standalone Keras 2 (now counted in batches), `Convolution2D(32, 3, 3)` "
                 "on Keras 3 (the third argument is `strides`).",
            why="The code runs, so nothing says the setting was lost: tf.keras 2.11+'s `Adam(lr=0.01)` logs a "
                "warning and trains at the default learning rate (`_process_kwargs` in "
                "tf_keras/src/optimizers/optimizer.py; checked with tf_keras 2.21).",
            target="2.12",
            example="from tensorflow.keras import layers, models, optimizers\n"
                    "model = models.Sequential([layers.Dense(1, input_shape=(8,))])\n"
                    "model.compile(optimizer=optimizers.Adam(lr=0.01), loss='mse')\n",
            example_line=3,
            fix="from tensorflow.keras import layers, models, optimizers\n"
                "model = models.Sequential([layers.Dense(1, input_shape=(8,))])\n"
                "model.compile(optimizer=optimizers.Adam(learning_rate=0.01), loss='mse')\n",
            how_to_fix="Use the spelling in the message (or `tf.keras.optimizers.legacy.Adam` to keep `lr`/`decay`).",
        ),
        # -- KC5xx legacy API (opt-in) ------------------------------------------------
        Rule(
            "KC501", "keras1-keyword", "info", default=False,
            what="Reports a Keras 1 keyword argument (`border_mode`, `subsample`, `nb_filter`, "
                 "`output_dim`, `init`, `W_regularizer`, `dim_ordering`...) with its Keras 2+ spelling.",
            why="Keras 2 renamed them and Keras 3 rejects them. Right in a Keras 1 project, so this rule "
                "is off unless selected: enable it (`extend-select = [\"KC5\"]`) to port a code base.",
            example=_HEADER + "model = models.Sequential([\n    layers.Conv2D(8, 3, border_mode='same', input_shape=(28, 28, 1)),\n])\n",
            example_line=3,
            fix=_HEADER + "model = models.Sequential([\n    layers.Conv2D(8, 3, padding='same', input_shape=(28, 28, 1)),\n])\n",
            how_to_fix="Use the spelling in the message.",
        ),
        Rule(
            "KC502", "keras1-layer-call", "info", default=False,
            what="Reports a Keras 1 layer call: `Convolution2D(32, 5, 5)`, with its Keras 2+ spelling "
                 "`Conv2D(32, (5, 5))`.",
            why="Keras 2 renamed the class and takes the kernel size as one tuple: in Keras 2+ "
                "`Conv2D(32, 5, 5)` silently means strides 5. Off unless selected, like every KC5xx rule.",
            example="from keras.models import Sequential\nfrom keras.layers import Convolution2D\n"
                    "model = Sequential([Convolution2D(32, 5, 5, input_shape=(28, 28, 1))])\n",
            example_line=3,
            fix="from keras.models import Sequential\nfrom keras.layers import Conv2D\n"
                "model = Sequential([Conv2D(32, (5, 5), input_shape=(28, 28, 1))])\n",
            how_to_fix="Use the spelling in the message.",
        ),
        Rule(
            "KC503", "keras1-training-argument", "info", default=False,
            what="Reports Keras 1 training arguments (`nb_epoch=`, an optimizer's `lr=`) in a Keras 1 file.",
            why="They are right for Keras 1 and rejected by Keras 3; where the target rejects them KC407 reports "
                "them as errors, and KC601/KC603/KC604 as a migration.",
            example="from keras.models import Sequential\nfrom keras.layers import Dense\n"
                    "model = Sequential([Dense(1, input_dim=8, init='normal')])\nmodel.fit(x, y, nb_epoch=10)\n",
            example_line=4,
            fix="from keras.models import Sequential\nfrom keras.layers import Dense\n"
                "model = Sequential([Dense(1, input_dim=8, init='normal')])\nmodel.fit(x, y, epochs=10)\n",
            how_to_fix="`epochs=` for `nb_epoch=`, `learning_rate=` for `lr=`.",
        ),
        # -- KC6xx migration (opt-in) ----------------------------------------------
        Rule(
            "KC601", "migrate-optimizer-lr", "warning", default=False, target="2.12",
            what="Reports an optimizer's `lr=` that the target accepts, with its replacement `learning_rate=`: removed in Keras 3.",
            why="Keras 3 raises `Argument(s) not recognized: {'lr': ...}` (keras/src/optimizers/base_optimizer.py); tf.keras 2.0-2.10 accepted it with a deprecation warning, and the optimizers of tf.keras 2.11+ already ignore it (KC409)." + _MIGRATION_ONLY,
            example="from tensorflow.keras import layers, models, optimizers\nmodel = models.Sequential([layers.Dense(1, input_shape=(8,))])\nmodel.compile(optimizer=optimizers.Adam(lr=0.01), loss='mse')\n",
            example_line=3,
            fix="from tensorflow.keras import layers, models, optimizers\nmodel = models.Sequential([layers.Dense(1, input_shape=(8,))])\nmodel.compile(optimizer=optimizers.Adam(learning_rate=0.01), loss='mse')\n",
            how_to_fix='Write `learning_rate=`: every Keras since tf.keras 2.0 and standalone Keras 2.3 accepts it.',
        ),
        Rule(
            "KC602", "migrate-optimizer-decay", "warning", default=False, target="2.10",
            what="Reports an optimizer's `decay=` that the target accepts: rejected by the optimizers of tf.keras 2.11+, ignored by Keras 3.",
            why='tf.keras 2.11+ raises `decay is deprecated in the new TF-Keras optimizer` (tf_keras/src/optimizers/optimizer.py), and Keras 3 warns `Argument decay is no longer supported and will be ignored`: the learning rate no longer decays.' + _MIGRATION_ONLY,
            example="from tensorflow.keras import layers, models, optimizers\nmodel = models.Sequential([layers.Dense(1, input_shape=(8,))])\nmodel.compile(optimizer=optimizers.SGD(learning_rate=0.01, decay=1e-6), loss='mse')\n",
            example_line=3,
            fix="from tensorflow.keras import layers, models, optimizers\nfrom tensorflow.keras.optimizers.schedules import InverseTimeDecay\nmodel = models.Sequential([layers.Dense(1, input_shape=(8,))])\nschedule = InverseTimeDecay(0.01, decay_steps=1, decay_rate=1e-6)\nmodel.compile(optimizer=optimizers.SGD(learning_rate=schedule), loss='mse')\n",
            how_to_fix='Pass a learning-rate schedule, e.g. `InverseTimeDecay(lr0, decay_steps=1, decay_rate=decay)`, which computes what `decay=` did.',
        ),
        Rule(
            "KC603", "migrate-fit-nb-epoch", "warning", default=False, target="2.2",
            what="Reports `fit(nb_epoch=)` (Keras 1's spelling, accepted with a warning by standalone Keras 2.0-2.3) with its replacement `epochs=`: rejected by tf_keras and Keras 3.",
            why="Keras 3 and tf_keras 2.21 raise `fit() got an unexpected keyword argument 'nb_epoch'`; standalone Keras 2 only warned `The nb_epoch argument in fit has been renamed epochs`." + _MIGRATION_ONLY,
            example="from keras import layers, models\nmodel = models.Sequential([layers.Dense(1, input_shape=(8,))])\nmodel.fit(x, y, nb_epoch=10)\n",
            example_line=3,
            fix="from keras import layers, models\nmodel = models.Sequential([layers.Dense(1, input_shape=(8,))])\nmodel.fit(x, y, epochs=10)\n",
            how_to_fix='Write `epochs=`.',
        ),
        Rule(
            "KC604", "migrate-generator-argument", "warning", default=False, target="1",
            what="Reports Keras 1's `fit_generator(samples_per_epoch=, nb_val_samples=)`, counted in samples, with their replacements `steps_per_epoch=`/`validation_steps=`, counted in batches.",
            why='Standalone Keras 2 converts them to steps with a warning that the meaning changed (keras/legacy/interfaces.py): the number is now read as batches; tf_keras and Keras 3 reject them.' + _MIGRATION_ONLY,
            example="from keras.models import Sequential\nfrom keras.layers import Dense\nmodel = Sequential([Dense(1, input_dim=8, init='normal')])\nmodel.fit_generator(batches, samples_per_epoch=1000, nb_epoch=10)\n",
            example_line=4,
            fix="from keras.models import Sequential\nfrom keras.layers import Dense\nmodel = Sequential([Dense(1, input_dim=8, init='normal')])\nmodel.fit(batches, steps_per_epoch=1000 // 32, epochs=10)\n",
            how_to_fix='Divide by the batch size: `steps_per_epoch=samples // batch_size`, and call `fit()`.',
        ),
        Rule(
            "KC605", "migrate-generator-method", "warning", default=False, target="2.12",
            what='Reports `fit_generator()` (and the other `*_generator` methods recorded) with its replacement `fit()`: removed in Keras 3.',
            why="tf.keras deprecated it (`Model.fit now supports generators`, tf_keras/src/engine/training.py); Keras 3's Model has no `fit_generator` (AttributeError)." + _MIGRATION_ONLY,
            example="from tensorflow.keras import layers, models, optimizers\nmodel = models.Sequential([layers.Dense(1, input_shape=(8,))])\nmodel.fit_generator(batches, steps_per_epoch=10)\n",
            example_line=3,
            fix="from tensorflow.keras import layers, models, optimizers\nmodel = models.Sequential([layers.Dense(1, input_shape=(8,))])\nmodel.fit(batches, steps_per_epoch=10)\n",
            how_to_fix='Call `fit()` with the same generator and steps.',
        ),
        Rule(
            "KC606", "migrate-recurrent-input-dim", "warning", default=False, target="2.12",
            what='Reports `input_dim=` on a recurrent layer (`LSTM(32, input_dim=8)`), which tf.keras reads as `input_shape=(None, 8)`: Keras 3 reads it as `input_shape=(8,)`, which a recurrent layer rejects.',
            why="tf.keras' RNN turns `input_dim`/`input_length` into `input_shape=(input_length, input_dim)` (tf_keras/src/layers/rnn/base_rnn.py); Keras 3's base Layer reads `input_dim` as a 1D input (keras/src/layers/layer.py), and the LSTM then fails to build." + _MIGRATION_ONLY,
            example="from tensorflow.keras import layers, models, optimizers\nmodel = models.Sequential([layers.LSTM(32, input_dim=8), layers.Dense(1)])\n",
            example_line=2,
            fix="from tensorflow.keras import layers, models, optimizers\nmodel = models.Sequential([layers.LSTM(32, input_shape=(None, 8)), layers.Dense(1)])\n",
            how_to_fix='Give the whole input shape: `input_shape=(timesteps or None, features)`, or start with `keras.Input(shape=(None, 8))`.',
        ),
        Rule(
            "KC607", "migrate-embedding-input-length", "warning", default=False, target="2.12",
            what="Reports Embedding's `input_length=`: Keras 3 drops it with a warning, so a model that took its input shape from it has none.",
            why='Keras 3 warns `Argument input_length is deprecated. Just remove it.` (keras/src/layers/core/embedding.py); a Sequential starting with that Embedding is then not built until it sees data.' + _MIGRATION_ONLY,
            example="from tensorflow.keras import layers, models, optimizers\nmodel = models.Sequential([layers.Embedding(1000, 64, input_length=10), layers.LSTM(32)])\n",
            example_line=2,
            fix="from tensorflow.keras import layers, models, optimizers\nmodel = models.Sequential([layers.Embedding(1000, 64, input_shape=(10,)), layers.LSTM(32)])\n",
            how_to_fix='Declare the input: `keras.Input(shape=(10,))` as the first layer (or `input_shape=(10,)`).',
        ),
        Rule(
            "KC608", "migrate-layer-keyword", "warning", default=False, target="2.12",
            what='Reports a layer keyword tf.keras 2 accepts and Keras 3 rejects, such as `SeparableConv2D(..., kernel_regularizer=...)` or `BatchNormalization(fused=True)`.',
            why="tf.keras layers pass `**kwargs` to their base classes, so a base class's keyword is accepted (and often unused: SeparableConv2D has no kernel); Keras 3 raises `Unrecognized keyword arguments passed to SeparableConv2D`. The accepted keywords come from tf_keras (kerascheck/target/keras2_signatures.json)." + _MIGRATION_ONLY,
            example="from tensorflow.keras import layers, models, optimizers\nfrom tensorflow.keras import regularizers\nmodel = models.Sequential([\n    layers.SeparableConv2D(8, 3, kernel_regularizer=regularizers.l2(0.01), input_shape=(28, 28, 1)),\n])\n",
            example_line=4,
            fix="from tensorflow.keras import layers, models, optimizers\nfrom tensorflow.keras import regularizers\nmodel = models.Sequential([\n    layers.SeparableConv2D(8, 3, depthwise_regularizer=regularizers.l2(0.01), input_shape=(28, 28, 1)),\n])\n",
            how_to_fix="Use the layer's own keyword (`depthwise_regularizer`/`pointwise_regularizer` for SeparableConv2D), or remove it.",
        ),
        Rule(
            "KC609", "migrate-image-dim-ordering", "warning", default=False, target="2.2",
            what='Reports `K.image_dim_ordering()`/`K.set_image_dim_ordering()` (Keras 1 and standalone Keras 2) with their replacement `image_data_format()`: absent from tf_keras and Keras 3.',
            why="tf_keras' and Keras 3's backends have no `image_dim_ordering` (AttributeError); `'th'` is `'channels_first'`, `'tf'` is `'channels_last'`." + _MIGRATION_ONLY,
            example="from keras import backend as K, layers, models\nif K.image_dim_ordering() == 'th':\n    shape = (1, 28, 28)\n"
                    "model = models.Sequential([layers.Dense(1, input_shape=(8,))])\n",
            example_line=2,
            fix="from keras import backend as K, layers, models\nif K.image_data_format() == 'channels_first':\n    shape = (1, 28, 28)\n"
                "model = models.Sequential([layers.Dense(1, input_shape=(8,))])\n",
            how_to_fix="`K.image_data_format() == 'channels_first'` for `'th'`; `set_image_data_format('channels_first')` for `set_image_dim_ordering('th')`.",
        ),
        Rule(
            "KC610", "migrate-keras1-kernel", "warning", default=False, target="",
            what="Reports Keras 1's `Convolution2D(32, 3, 3)` (filters, rows, columns): tf_keras and Keras 3 read the third argument as `strides`.",
            why='Keras 1 builds a 3x3 kernel; standalone Keras 2 converted the call with a warning; tf_keras and Keras 3 build a 3-wide kernel with strides 3, a different model that still runs.' + _MIGRATION_ONLY,
            example="from keras.models import Sequential\nfrom keras.layers import Convolution2D\nmodel = Sequential([Convolution2D(32, 3, 3, input_shape=(28, 28, 1))])\n",
            example_line=3,
            fix="from keras.models import Sequential\nfrom keras.layers import Conv2D\nmodel = Sequential([Conv2D(32, (3, 3), input_shape=(28, 28, 1))])\n",
            how_to_fix='Give the kernel as one tuple: `Conv2D(32, (3, 3))`.',
        ),
        Rule(
            "KC611", "migrate-layer-submodule", "warning", default=False, target="1",
            what="Reports an import from a submodule of `keras.layers` (`from keras.layers.core import Dense`, "
                 "`keras.layers.convolutional`, `keras.layers.recurrent`...): Keras 3 and tf_keras have none.",
            why="Keras 1 and 2 defined their layers in submodules that could be imported; Keras 3's `keras.layers` "
                "and tf_keras 2.21's have no submodules, so the import raises ModuleNotFoundError (KC408 on those "
                "targets)." + _MIGRATION_ONLY,
            example="from keras.models import Sequential\nfrom keras.layers.core import Dense\n"
                    "model = Sequential([Dense(1, input_dim=8, init='normal')])\n",
            example_line=2,
            fix="from keras.models import Sequential\nfrom keras.layers import Dense\n"
                "model = Sequential([Dense(1, input_dim=8, init='normal')])\n",
            how_to_fix="Import every layer from `keras.layers`.",
        ),
        Rule(
            "KC612", "migrate-model-io-keywords", "warning", default=False, target="1",
            what="Reports Keras 1's `Model(input=..., output=...)`, with its replacement `Model(inputs=..., outputs=...)`.",
            why="Standalone Keras 2 renamed them with a warning; tf_keras 2.21 raises `Keyword argument not understood: "
                "input` and Keras 3 `Unrecognized keyword arguments passed to Model` (KC407 on those targets)." + _MIGRATION_ONLY,
            example="from keras.models import Model\nfrom keras.layers import Input, Dense\n"
                    "x = Input(shape=(8,))\nmodel = Model(input=x, output=Dense(1, init='normal')(x))\n",
            example_line=4,
            fix="from keras.models import Model\nfrom keras.layers import Input, Dense\n"
                "x = Input(shape=(8,))\nmodel = Model(inputs=x, outputs=Dense(1, init='normal')(x))\n",
            how_to_fix="Write `inputs=` and `outputs=`.",
        ),
        Rule(
            "KC613", "migrate-merge-function", "warning", default=False, target="1",
            what="Reports Keras 1's functional `merge([a, b], mode='concat', concat_axis=-1)`, with the function of its "
                 "mode (`concatenate([a, b], axis=-1)`, `add`, `multiply`, `average`, `maximum`, `dot`).",
            why="tf_keras 2.21's and Keras 3's `keras.layers` have no `merge` (ImportError; KC408 on those targets)."
                + _MIGRATION_ONLY,
            example="from keras.models import Model\nfrom keras.layers import Input, Dense, merge\n"
                    "a = Input(shape=(8,))\nb = Input(shape=(8,))\nx = merge([a, b], mode='concat', concat_axis=-1)\n"
                    "model = Model([a, b], Dense(1, init='normal')(x))\n",
            example_line=5,
            fix="from keras.models import Model\nfrom keras.layers import Input, Dense, concatenate\n"
                "a = Input(shape=(8,))\nb = Input(shape=(8,))\nx = concatenate([a, b], axis=-1)\n"
                "model = Model([a, b], Dense(1, init='normal')(x))\n",
            how_to_fix="Call the function of the mode: `concatenate(..., axis=)` for 'concat', `add` for 'sum', "
                       "`multiply` for 'mul', `average` for 'ave', `maximum` for 'max', `dot(..., axes=)` for 'dot'.",
        ),
        Rule(
            "KC614", "migrate-tensorflow-keras", "warning", default=False,
            what="Reports a `tensorflow.keras` spelling whose object Keras 3's `keras` gives too: an import from "
                 "`tensorflow.keras` (`from tensorflow.keras.layers import Dense`, `import tensorflow.keras.backend as K`), "
                 "`from tensorflow import keras`, or an attribute chain through TensorFlow (`tf.keras.layers.Dense`), "
                 "with its `keras` spelling; in every file, one that builds no model too.",
            why="With Keras 3 and TensorFlow 2.16+ installed, `tensorflow.keras` is Keras 3 seen through TensorFlow "
                "(`keras._tf_keras.keras`), so both spellings work and this is not an error; but `tensorflow.keras` "
                "needs TensorFlow, and is Keras 2 again under `TF_USE_LEGACY_KERAS=1`: code written with `keras` runs "
                "on every Keras 3 backend and cannot mean Keras 2. Not every `tensorflow.keras` name is the same "
                "object in `keras`, and those are left as they are (Keras 3.15, TensorFlow 2.21): `tensorflow.keras.backend` "
                "has 137 functions, `keras.backend` 14 (`K.int_shape`, `K.mean`... are not there), `tensorflow.keras.layers` keeps legacy "
                "`ThresholdedReLU`, `RandomHeight`, `RandomWidth` and an `AlphaDropout` of its own, "
                "`tensorflow.keras.losses`/`metrics` keep `mse`, `mae`..., most of `tensorflow.keras.preprocessing` "
                "(`ImageDataGenerator`, `Tokenizer`, the whole `preprocessing.text`) has no `keras` counterpart, and "
                "`tensorflow.keras.layers.experimental.preprocessing` is in neither. A module imported from "
                "`tensorflow.keras` (`from tensorflow.keras import backend as K`) moves only when everything the file "
                "reads of it is the same object in `keras`. The table is kerascheck/target/tensorflow_keras.json, "
                "generated from the installed Keras 3 and TensorFlow. Reported only when selected (`--select KC614`, "
                "`KC6`, `extend-select`; `--fix --migrate-to 3` selects it with the other migration rules, "
                "`--ignore KC614` keeps `tensorflow.keras`), and never with `--migrate-to 2`, where `tensorflow.keras` "
                "is tf.keras' own spelling.",
            example="import tensorflow as tf\nfrom tensorflow.keras import layers\n"
                    "model = tf.keras.Sequential([layers.Dense(1, input_shape=(8,))])\n",
            example_line=2,
            fix="import tensorflow as tf\nimport keras\nfrom keras import layers\n"
                "model = keras.Sequential([layers.Dense(1, input_shape=(8,))])\n",
            how_to_fix="Write `keras` for `tensorflow.keras`: `import keras`, `from keras import layers`, "
                       "`keras.layers.Dense`. What Keras 3's `keras` lacks stays on `tensorflow.keras`, or is ported "
                       "by hand (`keras.ops.mean` for `K.mean`, `keras.layers.Rescaling` for "
                       "`layers.experimental.preprocessing.Rescaling`).",
        ),
        # -- KC9xx meta ------------------------------------------------
        Rule(
            "KC901", "unused-suppression", "warning", default=False,
            what="Reports a `# kerascheck: ignore[...]` or `# noqa: KC...` comment that silences nothing.",
            why="A stale suppression hides the next real finding on that line. Off unless selected.",
            example=_HEADER + "model = models.Sequential([\n    layers.Dense(8, input_shape=(4,)),  # noqa: KC104\n])\n",
            example_line=3,
            fix=_HEADER + "model = models.Sequential([\n    layers.Dense(8, input_shape=(4,)),\n])\n",
            how_to_fix="Remove the comment, or the codes in it that no longer apply.",
        ),
    )
}


def rule(code: str) -> Optional[Rule]:
    return RULES.get(code)


def severity(code: str) -> str:
    found = RULES.get(code)
    return found.severity if found else "error"


# -- selection -----------------------------------------------------------------

#: What a selector looks like: a code prefix (``KC1``, ``KC104``) or ``ALL``.
SELECTOR = re.compile(r"^(ALL|[A-Z]{1,3}[0-9]{0,3})$")


def valid_selector(selector: str) -> bool:
    """A selector in the code format that names at least one rule."""
    return bool(SELECTOR.match(selector)) and (selector == "ALL" or any(code.startswith(selector) for code in RULES))


def _specificity(code: str, selectors: Iterable[str]) -> int:
    """How closely the best of ``selectors`` names ``code``: -1 none, 0 ``ALL``, else its length."""
    best = -1
    for selector in selectors:
        if selector == "ALL":
            best = max(best, 0)
        elif code.startswith(selector):
            best = max(best, len(selector))
    return best


def is_enabled(code: str, select: tuple = (), extend_select: tuple = (), ignore: tuple = ()) -> bool:
    """Whether a rule reports, ruff-style: the most specific of select and ignore wins, ignore on a tie.

    Without ``select``, the default rules are selected; opt-in rules
    (``default=False``) only when a selector matches them.
    """
    found = RULES.get(code)
    chosen = _specificity(code, (*select, *extend_select))
    if not select and (found is None or found.default):
        chosen = max(chosen, 0)
    return chosen >= 0 and chosen > _specificity(code, ignore)


def severity_override(code: str, overrides: tuple) -> Optional[str]:
    """The severity the most specific ``(selector, severity)`` override gives ``code``."""
    best, level = -1, None
    for selector, value in overrides:
        score = _specificity(code, (selector,))
        if score > best:
            best, level = score, value
    return level


# -- documentation -------------------------------------------------------------


def render(found: Rule) -> str:
    """A rule's documentation as Markdown: what `kerascheck rule CODE` prints and docs/rules.md holds."""
    parts = [f"## {found.code} {found.name}", "", f"Default severity: **{found.severity}**"
             + ("" if found.default else " (opt-in: enable it with `extend-select`)"), "",
             *([f"Examples checked with `--target-keras {found.target}`.", ""] if found.target else []),
             "### What it does", "", found.what, "", "### Why it matters", "", found.why, ""]
    if found.example:
        parts += [f"### Example (reported at line {found.example_line})", "", "```python", found.example.rstrip("\n"), "```", ""]
    if found.how_to_fix or found.fix:
        parts += ["### How to fix", "", found.how_to_fix, ""]
    if found.fix:
        parts += ["```python", found.fix.rstrip("\n"), "```", ""]
    if found.guessed:
        parts += ["### Names never imported", "", found.guessed, ""]
    return "\n".join(parts + _fix_section(found.code))


def _fix_section(code: str) -> list:
    """What ``--fix`` does for the rule (from the fix engine's table), or nothing when it cannot fix it."""
    from .fixes import fixability

    fixes = fixability(code)
    if not fixes:
        return []
    lines = ["### Automatic fix", ""]
    for safe, does in fixes:
        when = "`--fix` applies it (safe: keeps behaviour)" if safe else "`--fix --unsafe-fixes` applies it (unsafe: changes behaviour)"
        lines.append(f"* {does[:1].upper()}{does[1:]}, where certain; {when}.")
    return lines + [""]


def catalogue_markdown() -> str:
    """docs/rules.md: the index, then every rule's documentation (generated: do not edit by hand)."""
    lines = ["# kerascheck rules", "", "<!-- generated by `python -m kerascheck.rules`; do not edit -->", "",
             "| code | name | severity | default |", "|---|---|---|---|"]
    lines += [f"| [{r.code}](#{r.code.lower()}-{r.name}) | {r.name} | {r.severity} | {'on' if r.default else 'opt-in'} |"
              for r in ordered()]
    return "\n".join(lines) + "\n\n" + "\n".join(render(r) for r in ordered())


def ordered() -> list:
    """Every rule, by code."""
    return sorted(RULES.values(), key=lambda r: r.code)


if __name__ == "__main__":
    import sys

    sys.stdout.write(catalogue_markdown())
