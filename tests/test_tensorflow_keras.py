"""KC614: `tensorflow.keras` rewritten to `keras`, where asked, through the command line; judged by real Keras 3.

Each case is a small program, fixed by ``kerascheck check --select KC614 --fix``
as a user would; the expected text is written here from the rule's spec. Real
Keras 3 (with TensorFlow installed, so that ``tensorflow.keras`` is Keras 3's)
then builds every original and its rewrite: the same layers, output shapes and
parameter counts, and no error. The table the rule reads is re-derived from the
installed Keras and TensorFlow.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, require, run_keras

#: (what, program, the program after ``--select KC614 --fix``, "N fixed, M remaining.").
FIXES = [
    ("names from tensorflow.keras",
     "from tensorflow.keras import layers, models\n\n"
     "model = models.Sequential([layers.Input(shape=(8,)), layers.Dense(4)])\n",
     "from keras import layers, models\n\n"
     "model = models.Sequential([layers.Input(shape=(8,)), layers.Dense(4)])\n",
     "1 fixed, 0 remaining."),
    ("names from tensorflow.keras submodules",
     "from tensorflow.keras.layers import Dense, Input  # the layers\n"
     "from tensorflow.keras.models import Model\n\n"
     "inputs = Input(shape=(8,))\nmodel = Model(inputs, Dense(2)(inputs))\n",
     "from keras.layers import Dense, Input  # the layers\n"
     "from keras.models import Model\n\n"
     "inputs = Input(shape=(8,))\nmodel = Model(inputs, Dense(2)(inputs))\n",
     "2 fixed, 0 remaining."),
    ("from tensorflow import keras",
     "from tensorflow import keras\n\n"
     "model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(3)])\n",
     "import keras\n\n"
     "model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(3)])\n",
     "1 fixed, 0 remaining."),
    ("from tensorflow import keras as an alias, next to another name",
     "from tensorflow import keras as tfk, nn\n\n"
     "model = tfk.Sequential([tfk.Input(shape=(8,)), tfk.layers.Dense(3)])\nrelu = nn.relu\n",
     "import keras as tfk\nfrom tensorflow import nn\n\n"
     "model = tfk.Sequential([tfk.Input(shape=(8,)), tfk.layers.Dense(3)])\nrelu = nn.relu\n",
     "1 fixed, 0 remaining."),
    ("import tensorflow.keras as an alias",
     "import tensorflow.keras as tfk\nimport tensorflow.keras.layers as L\n\n"
     "model = tfk.Sequential([tfk.Input(shape=(8,)), L.Dense(3)])\n",
     "import keras as tfk\nimport keras.layers as L\n\n"
     "model = tfk.Sequential([tfk.Input(shape=(8,)), L.Dense(3)])\n",
     "2 fixed, 0 remaining."),
    ("tf.keras chains: import keras added once, tf kept for its other uses",
     "import numpy as np\nimport tensorflow as tf  # TensorFlow\n\ntf.random.set_seed(0)\n"
     "model = tf.keras.Sequential([\n    tf.keras.Input(shape=(8,)),\n    tf.keras.layers.Dense(4, activation='relu'),\n])\n"
     "x = np.zeros((2, 8))\n",
     "import numpy as np\nimport tensorflow as tf  # TensorFlow\nimport keras\n\ntf.random.set_seed(0)\n"
     "model = keras.Sequential([\n    keras.Input(shape=(8,)),\n    keras.layers.Dense(4, activation='relu'),\n])\n"
     "x = np.zeros((2, 8))\n",
     "3 fixed, 0 remaining."),
    ("tensorflow.keras written in full",
     "import tensorflow\n\n"
     "model = tensorflow.keras.Sequential([tensorflow.keras.Input(shape=(8,)), tensorflow.keras.layers.Dense(2)])\n",
     "import tensorflow\nimport keras\n\n"
     "model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(2)])\n",
     "3 fixed, 0 remaining."),
    ("import keras already there: not added again",
     "import keras\nimport tensorflow as tf\n\n"
     "model = tf.keras.Sequential([keras.Input(shape=(8,)), tf.keras.layers.Dense(2)])\n",
     "import keras\nimport tensorflow as tf\n\n"
     "model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(2)])\n",
     "2 fixed, 0 remaining."),
    ("tensorflow imported in a function: keras imported there",
     "def build():\n    import tensorflow as tf\n\n"
     "    return tf.keras.Sequential([tf.keras.Input(shape=(8,)), tf.keras.layers.Dense(2)])\n\n\nmodel = build()\n",
     "def build():\n    import tensorflow as tf\n    import keras\n\n"
     "    return keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(2)])\n\n\nmodel = build()\n",
     "3 fixed, 0 remaining."),
    ("a subclass of tf.keras.layers.Layer",
     "import tensorflow as tf\n\n\nclass Double(tf.keras.layers.Layer):\n    def call(self, x):\n        return x * 2.0\n\n\n"
     "model = tf.keras.Sequential([tf.keras.Input(shape=(8,)), Double(), tf.keras.layers.Dense(2)])\n",
     "import tensorflow as tf\nimport keras\n\n\nclass Double(keras.layers.Layer):\n    def call(self, x):\n        return x * 2.0\n\n\n"
     "model = keras.Sequential([keras.Input(shape=(8,)), Double(), keras.layers.Dense(2)])\n",
     "4 fixed, 0 remaining."),
    ("a module Keras 3's keras has with other members: kept where the file reads one of those",
     "from tensorflow.keras import backend as K, layers, models\n\n"
     "inputs = layers.Input(shape=(8,))\nmodel = models.Model(inputs, layers.Dense(K.int_shape(inputs)[-1])(inputs))\n",
     "from keras import layers, models\nfrom tensorflow.keras import backend as K\n\n"
     "inputs = layers.Input(shape=(8,))\nmodel = models.Model(inputs, layers.Dense(K.int_shape(inputs)[-1])(inputs))\n",
     "1 fixed, 0 remaining."),
    ("a module that Keras 3's keras has the same members of, as far as the file reads",
     "from tensorflow.keras import backend as K, layers, models\n\nK.clear_session()\n"
     "model = models.Sequential([layers.Input(shape=(8,)), layers.Dense(2, dtype=K.floatx())])\n",
     "from keras import backend as K, layers, models\n\nK.clear_session()\n"
     "model = models.Sequential([layers.Input(shape=(8,)), layers.Dense(2, dtype=K.floatx())])\n",
     "1 fixed, 0 remaining."),
    ("names Keras 3's keras lacks stay, in parentheses with comments",
     "import tensorflow as tf\nfrom tensorflow.keras.preprocessing.image import ImageDataGenerator, load_img\n"
     "from tensorflow.keras.layers import (\n    Dense,  # the head\n    Input,\n    ThresholdedReLU,  # legacy\n)\n\n"
     "inputs = Input(shape=(4,))\nmodel = tf.keras.Sequential([inputs, ThresholdedReLU(theta=0.5), Dense(2)])\n"
     "width = tf.keras.backend.int_shape(inputs)[-1]\n",
     "import tensorflow as tf\nimport keras\nfrom keras.preprocessing.image import load_img\n"
     "from tensorflow.keras.preprocessing.image import ImageDataGenerator\n"
     "from keras.layers import (\n    Dense,  # the head\n    Input,\n)\nfrom tensorflow.keras.layers import (\n"
     "    ThresholdedReLU,  # legacy\n)\n\n"
     "inputs = Input(shape=(4,))\nmodel = keras.Sequential([inputs, ThresholdedReLU(theta=0.5), Dense(2)])\n"
     "width = tf.keras.backend.int_shape(inputs)[-1]\n",
     "3 fixed, 0 remaining."),
    ("optimizers: a module that is the same object",
     "from tensorflow.keras import layers, models, optimizers\n\n"
     "model = models.Sequential([layers.Input(shape=(8,)), layers.Dense(1)])\n"
     "model.compile(optimizer=optimizers.Adam(learning_rate=0.01), loss='mse')\n",
     "from keras import layers, models, optimizers\n\n"
     "model = models.Sequential([layers.Input(shape=(8,)), layers.Dense(1)])\n"
     "model.compile(optimizer=optimizers.Adam(learning_rate=0.01), loss='mse')\n",
     "1 fixed, 0 remaining."),
]

#: Programs KC614 leaves as they are: what they use of ``tensorflow.keras`` is not the same in Keras 3's ``keras``.
LEFT = [
    ("layers.experimental.preprocessing, in neither",
     "from tensorflow.keras.layers.experimental.preprocessing import Rescaling\n"
     "import tensorflow as tf\n\nscale = tf.keras.layers.experimental.preprocessing.Rescaling(1 / 255)\n"),
    ("preprocessing.text, which keras has not",
     "from tensorflow.keras.preprocessing.text import Tokenizer\nfrom tensorflow.keras.preprocessing import text\n\n"
     "tokenizer = Tokenizer(num_words=100)\nwords = text.text_to_word_sequence('a b')\n"),
    ("backend functions keras.backend has not",
     "import tensorflow as tf\nfrom tensorflow.keras import backend\n\nmean = backend.mean\nshape = tf.keras.backend.int_shape\n"),
    ("a legacy layer and loss function",
     "import tensorflow as tf\nfrom tensorflow.keras.layers import ThresholdedReLU\n\n"
     "layer = ThresholdedReLU(theta=0.5)\nloss = tf.keras.losses.mse\n"),
    ("a module used as a value",
     "import tensorflow as tf\nfrom tensorflow.keras import layers\n\nL = tf.keras.layers\nregistry = {'layers': layers}\n"),
    ("a star import",
     "from tensorflow.keras.layers import *\n\nlayer = Dense(2)\n"),
    ("tf bound to something else too",
     "try:\n    import tensorflow as tf\nexcept ImportError:\n    tf = None\n\nlayer = tf.keras.layers.Dense(2)\n"),
]


def kerascheck(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kerascheck", *args, "--no-cache"], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def _fixed(tmp_path: Path, source: str, *flags: str) -> tuple:
    path = tmp_path / "model.py"
    path.write_text(source, encoding="utf-8")
    done = kerascheck("check", *flags, "model.py", cwd=tmp_path)
    assert "Traceback" not in done.stderr, done.stderr
    return path.read_text(encoding="utf-8"), done


@pytest.mark.parametrize(("what", "source", "expected", "counts"), FIXES, ids=[case[0] for case in FIXES])
def test_fix_writes_keras(tmp_path: Path, what: str, source: str, expected: str, counts: str) -> None:
    fixed, done = _fixed(tmp_path, source, "--select", "KC614", "--fix")
    assert (fixed, done.returncode) == (expected, 0)
    assert f"kerascheck: {counts}\n" in done.stderr
    again = kerascheck("check", "--select", "KC614", "model.py", cwd=tmp_path)
    assert (again.stdout, again.returncode) == ("", 0)


#: A line KC614 rewrites, after each LEFT program: the rule ran on the file, and left the rest.
_CONTROL = ("from tensorflow.keras.models import Sequential\n", "from keras.models import Sequential\n")


@pytest.mark.parametrize(("what", "source"), LEFT, ids=[case[0] for case in LEFT])
def test_what_keras_3_has_not_the_same_is_left_alone(tmp_path: Path, what: str, source: str) -> None:
    fixed, done = _fixed(tmp_path, source + _CONTROL[0], "--select", "KC614", "--fix")
    assert (fixed, done.stdout, done.returncode) == (source + _CONTROL[1], "", 0)
    assert "kerascheck: 1 fixed, 0 remaining.\n" in done.stderr


_CHAIN = "import tensorflow as tf\n\nmodel = tf.keras.Sequential([tf.keras.Input(shape=(8,))])\n"


@pytest.mark.parametrize(("flags", "reported"), [
    ((), []),  # opt-in: not by default
    (("--extend-select", "KC614"), [3, 3]),
    (("--select", "KC6"), [3, 3]),
    (("--select", "KC614", "--migrate-to", "2"), []),  # tf.keras 2's own spelling
])
def test_reported_only_where_asked(tmp_path: Path, flags: tuple, reported: list) -> None:
    (tmp_path / "model.py").write_text(_CHAIN, encoding="utf-8")
    done = kerascheck("check", *flags, "model.py", cwd=tmp_path)
    assert [int(line.split(":")[1]) for line in done.stdout.splitlines() if " KC614 " in line] == reported


def test_the_migration_rewrites_it_unless_ignored(tmp_path: Path) -> None:
    fixed, _ = _fixed(tmp_path, _CHAIN, "--fix", "--migrate-to", "3")
    assert fixed == "import tensorflow as tf\nimport keras\n\nmodel = keras.Sequential([keras.Input(shape=(8,))])\n"
    assert _fixed(tmp_path, _CHAIN, "--fix", "--migrate-to", "3", "--ignore", "KC614")[0] == _CHAIN


def test_a_file_that_builds_no_model_is_migrated_too(tmp_path: Path) -> None:
    source = ("import tensorflow as tf\nfrom tensorflow.keras.callbacks import EarlyStopping\n\n"
              "stop = EarlyStopping(patience=3)\nmodel = tf.keras.models.load_model('model.keras')\n")
    fixed, done = _fixed(tmp_path, source, "--select", "KC614", "--fix")
    assert fixed == ("import tensorflow as tf\nimport keras\nfrom keras.callbacks import EarlyStopping\n\n"
                     "stop = EarlyStopping(patience=3)\nmodel = keras.models.load_model('model.keras')\n")
    assert "kerascheck: 2 fixed, 0 remaining.\n" in done.stderr


def test_reported_but_not_fixed_where_the_name_keras_is_taken(tmp_path: Path) -> None:
    source = "import tensorflow as tf\n\nkeras = None\nmodel = tf.keras.Sequential([tf.keras.Input(shape=(8,))])\n"
    fixed, done = _fixed(tmp_path, source, "--select", "KC614", "--fix")
    assert (fixed, done.returncode) == (source, 1)
    assert "kerascheck: 0 fixed, 2 remaining.\n" in done.stderr
    assert "model.py:4:9: KC614 tf.keras.Sequential → keras.Sequential: the same object in Keras 3" in done.stdout


def test_rewritten_programs_build_in_keras_3_as_the_originals(tmp_path: Path) -> None:
    jobs = []
    for index, (_, source, expected, _) in enumerate(FIXES):
        jobs += [{"path": str(tmp_path / f"original_{index}.py"), "source": source},
                 {"path": str(tmp_path / f"fixed_{index}.py"), "source": expected}]
    built = run_keras(jobs, generation=3, fast_init=True)
    for (what, *_), original, fixed in zip(FIXES, built[::2], built[1::2]):
        assert (original["error"], fixed["error"]) == (None, None), what
        layers = [[(layer["type"], layer["output_shape"], layer["trainable"], layer["non_trainable"]) for layer in model["layers"]]
                  for model in fixed["models"]]
        assert layers and layers == [[(layer["type"], layer["output_shape"], layer["trainable"], layer["non_trainable"])
                                      for layer in model["layers"]] for model in original["models"]], what


def test_the_documented_fix_is_the_fix() -> None:
    from kerascheck.fixing import fix_text
    from kerascheck.rules import RULES
    from kerascheck.settings import Settings

    documented = RULES["KC614"]
    assert fix_text(documented.example, "example.py", Settings(select=("KC614",))).after == documented.fix


def test_the_table_is_rederived_from_keras_and_tensorflow() -> None:
    """kerascheck/target/tensorflow_keras.json is what scripts/generate_tensorflow_keras.py writes today."""
    require("keras", "the table is Keras 3's")
    require("tensorflow", "the table is of TensorFlow's tensorflow.keras")
    code = ("import sys; sys.path.insert(0, 'scripts'); import generate_tensorflow_keras as g, generate_signatures as s; "
            "sys.stdout.write(s.render(g.table()))")
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "KERAS_BACKEND": "jax"}
    env.pop("TF_USE_LEGACY_KERAS", None)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout == (ROOT / "kerascheck" / "target" / "tensorflow_keras.json").read_text(encoding="utf-8")
