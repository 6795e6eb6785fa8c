"""Snippets without their imports (issue 14): names that come from nowhere are read as Keras'.

A snippet is predicted and checked as if it had its imports: real Keras builds
the same program with the imports added (``keras_harness``'s ``imports``, run in
the program's namespace, so the line numbers stay), and kerascheck's findings on
the snippet are those it makes on the program with the imports written out. A
name the file binds anywhere, in any way, is never read as Keras'.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from kerascheck.engine import check_bytes, check_source
from kerascheck.settings import Settings
from kerascheck.target import Target

from .conftest import run_keras

#: What the snippets leave out, as the judge adds it.
IMPORTS = "from keras.layers import *\nfrom keras.models import Sequential, Model\n"


def _note(name: str, path: str) -> str:
    return f"`{name}` is not imported; read as `{path}`"


UNASSIGNED_NOTE = "`model` is never assigned; read as `model = keras.models.Sequential()` made before its first `model.add(...)`"


@dataclass(frozen=True)
class Snippet:
    name: str
    source: str
    notes: tuple
    #: What the judge runs before the snippet, besides IMPORTS (the model made elsewhere).
    made_elsewhere: str = ""
    generations: tuple = (3, 2)


SNIPPETS = (
    Snippet(
        "no-imports-sequential",
        "model = Sequential()\n"
        "model.add(Conv2D(32, (3, 3), input_shape=(64, 64, 3), activation='relu'))\n"
        "model.add(MaxPooling2D(pool_size=(2, 2)))\n"
        "model.add(Flatten())\n"
        "model.add(Dense(128, activation='relu'))\n"
        "model.add(Dense(1, activation='sigmoid'))\n"
        "model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])\n",
        (_note("Sequential", "keras.models.Sequential"), _note("Conv2D", "keras.layers.Conv2D"),
         _note("MaxPooling2D", "keras.layers.MaxPooling2D"), _note("Flatten", "keras.layers.Flatten"),
         _note("Dense", "keras.layers.Dense")),
    ),
    Snippet(
        "no-imports-functional",
        "inputs = Input(shape=(32,))\n"
        "left = Dense(16, activation='relu')(inputs)\n"
        "right = Dense(8)(inputs)\n"
        "merged = concatenate([left, right])\n"
        "outputs = Dense(3, activation='softmax')(merged)\n"
        "model = Model(inputs=inputs, outputs=outputs)\n",
        (_note("Input", "keras.layers.Input"), _note("Dense", "keras.layers.Dense"),
         _note("concatenate", "keras.layers.concatenate"), _note("Model", "keras.models.Model")),
    ),
    Snippet(
        "wrong-import",
        "from keras.models import Sequential\n"
        "from keras.layers import Convolution2D, Dense, Flatten\n"
        "\n"
        "model = Sequential()\n"
        "model.add(Conv2D(16, (3, 3), input_shape=(28, 28, 1)))\n"
        "model.add(Conv2D(32, (3, 3), activation='relu'))\n"
        "model.add(Flatten())\n"
        "model.add(Dense(10, activation='softmax'))\n",
        (_note("Conv2D", "keras.layers.Conv2D"),),
    ),
    Snippet(
        "model-never-assigned",
        "model.add(Dense(64, input_dim=20, activation='relu'))\n"
        "model.add(Dropout(0.5))\n"
        "model.add(Dense(10, activation='softmax'))\n"
        "model.compile(loss='categorical_crossentropy', optimizer='sgd')\n",
        (UNASSIGNED_NOTE, _note("Dense", "keras.layers.Dense"), _note("Dropout", "keras.layers.Dropout")),
        made_elsewhere="model = Sequential()\n",
    ),
    Snippet(
        "no-imports-layer-subclass",
        "class Scale(Layer):\n"
        "    def build(self, input_shape):\n"
        "        self.w = self.add_weight(shape=(input_shape[-1],))\n"
        "    def call(self, x):\n"
        "        return x * self.w\n"
        "\n"
        "inputs = Input(shape=(8,))\n"
        "outputs = Dense(2)(Scale()(inputs))\n"
        "model = Model(inputs, outputs)\n",
        (_note("Layer", "keras.layers.Layer"), _note("Input", "keras.layers.Input"), _note("Dense", "keras.layers.Dense"),
         _note("Model", "keras.models.Model")),
    ),
    Snippet(  # a bug Keras raises on: the kernel is larger than the feature map
        "no-imports-bug",
        "model = Sequential([\n"
        "    Conv2D(8, (3, 3), input_shape=(6, 6, 1)),\n"
        "    MaxPooling2D((2, 2)),\n"
        "])\n"
        "model.add(Conv2D(8, (5, 5)))\n",
        (_note("Sequential", "keras.models.Sequential"), _note("Conv2D", "keras.layers.Conv2D"),
         _note("MaxPooling2D", "keras.layers.MaxPooling2D")),
    ),
)
JUDGED = [(generation, snippet) for snippet in SNIPPETS for generation in snippet.generations]


def _settings(generation: int) -> Settings:
    return Settings(target=Target((generation,), f"from the snippet test (Keras {generation})"))


def _with_imports(snippet: Snippet) -> str:
    return IMPORTS + snippet.made_elsewhere + snippet.source


@pytest.fixture(scope="module")
def built() -> dict:
    """(generation, snippet name) -> what real Keras did with the snippet and its imports."""
    results = {}
    for generation in (3, 2):
        cases = [snippet for g, snippet in JUDGED if g == generation]
        jobs = [{"path": f"{s.name}.py", "source": s.source, "imports": IMPORTS + s.made_elsewhere} for s in cases]
        for snippet, result in zip(cases, run_keras(jobs, generation=generation)):
            results[(generation, snippet.name)] = result
    return results


@pytest.mark.parametrize(("generation", "snippet"), JUDGED, ids=[f"keras{g}-{s.name}" for g, s in JUDGED])
def test_snippet_predicted_as_keras_builds_it_with_its_imports(generation: int, snippet: Snippet, built: dict) -> None:
    reference = built[(generation, snippet.name)]
    ours = check_source(snippet.source, f"{snippet.name}.py", _settings(generation))
    assert ours.notes == snippet.notes
    errors = sorted({d.span.line for d in ours.diagnostics if d.severity == "error"})
    if reference["error"] is None:
        assert errors == [], [d.message for d in ours.diagnostics]
    else:  # Keras fails in one expression: kerascheck reports an error there, and nowhere else
        first, last = reference["error_span"]
        assert errors and all(first <= line <= last for line in errors), (reference["error"], errors)
    # Where Keras raised, the layer it failed on is listed unbuilt (Keras 3) or not at all (tf_keras):
    # the layers compared are those with an output, on both sides.
    built_only = reference["error"] is not None
    expected = [(m["name"], [(l["name"], l["type"], l["output_shape"], l["trainable"], l["non_trainable"])
                             for l in m["layers"] if not (built_only and l["output_shape"] is None)]) for m in reference["models"]]
    predicted = [(m.name, [(l.name, l.type, None if l.output_shape is None else list(l.output_shape), l.trainable, l.non_trainable)
                           for l in m.layers if not (built_only and l.output_shape is None)]) for m in ours.models]
    assert predicted == expected


@pytest.mark.parametrize("snippet", SNIPPETS, ids=[s.name for s in SNIPPETS])
def test_snippet_findings_are_those_of_the_program_with_its_imports(snippet: Snippet) -> None:
    added = _with_imports(snippet)
    shift = added.count("\n") - snippet.source.count("\n")
    ours, imported = check_source(snippet.source, "snippet.py"), check_source(added, "imported.py")
    assert imported.notes == ()
    assert [(d.code, d.severity, d.message, d.span.line) for d in ours.diagnostics] == [
        (d.code, d.severity, d.message, d.span.line - shift) for d in imported.diagnostics]
    shown = [[(layer.name, layer.type, layer.output_shape, layer.params) for layer in model.layers] for model in ours.models]
    assert shown == [[(layer.name, layer.type, layer.output_shape, layer.params) for layer in model.layers] for model in imported.models]


def test_keras1_spellings_of_a_snippet_make_it_keras1() -> None:
    """``Convolution2D(32, 3, 3)`` never imported is Keras 1's, as it would be imported (no judge runs Keras 1)."""
    snippet = ("model = Sequential()\n"
               "model.add(Convolution2D(32, 3, 3, border_mode='same', input_shape=(32, 32, 3)))\n"
               "model.add(Flatten())\nmodel.add(Dense(10))\n")
    imported = check_source("from keras.models import Sequential\nfrom keras.layers import Convolution2D, Flatten, Dense\n" + snippet)
    ours = check_source(snippet)
    assert ours.target.generation == imported.target.generation == 1
    assert _note("Convolution2D", "keras.layers.Convolution2D") in ours.notes
    assert [(l.type, l.output_shape, l.params) for l in ours.models[0].layers] == [
        (l.type, l.output_shape, l.params) for l in imported.models[0].layers]
    assert ours.models[0].layers[0].output_shape == (None, 32, 32, 32)


#: Every way a file can bind ``Dense`` (somewhere, even where it never runs): never read as Keras'.
BINDINGS = {
    "class": "class Dense:\n    pass\n",
    "function": "def Dense(units):\n    return units\n",
    "assignment": "if False:\n    Dense = object\n",
    "import": "from mylib import Dense\n",
    "import-as": "import mylib.layers as Dense\n",
    "parameter": "def build(Dense=None):\n    pass\n",
    "lambda-parameter": "make = lambda Dense: Dense\n",
    "for-target": "for Dense in []:\n    pass\n",
    "with-target": "def f():\n    with open('x') as Dense:\n        pass\n",
    "except-target": "try:\n    pass\nexcept ValueError as Dense:\n    pass\n",
    "comprehension": "names = [Dense for Dense in ()]\n",
    "walrus": "if (Dense := None):\n    pass\n",
    "global": "def f():\n    global Dense\n",
    "tuple-target": "_, (Dense, *rest) = 1, (2, 3)\n",
}


@pytest.mark.parametrize("binding", sorted(BINDINGS))
def test_a_name_the_file_binds_is_never_read_as_keras(binding: str) -> None:
    source = "import keras\n" + BINDINGS[binding] + "model = keras.Sequential([keras.Input((4,)), Dense(10)])\n"
    result = check_source(source)
    assert result.notes == ()
    (model,) = result.models
    assert model.layers[-1].output_shape is None  # not predicted: not Keras' Dense


def test_control_the_same_file_without_the_binding_reads_dense_as_keras() -> None:
    """The binding is what leaves ``Dense`` alone in the test above."""
    result = check_source("import keras\nmodel = keras.Sequential([keras.Input((4,)), Dense(10)])\n")
    assert result.notes == (_note("Dense", "keras.layers.Dense"),)
    assert result.models[0].layers[-1].output_shape == (None, 10)


@pytest.mark.parametrize(("star", "read_as_keras"), [
    ("from mylib import *", True),  # kerascheck cannot see into mylib: Dense is still Keras'
    ("from .helpers import *", True),
    ("from torch.nn import *", False),  # PyTorch's Sequential, Dropout...: bound by the star import
])
def test_star_imports(star: str, read_as_keras: bool) -> None:
    result = check_source(f"{star}\nmodel = Sequential([Dense(10, input_shape=(5,)), Dense(3)])\n")
    assert bool(result.notes) is read_as_keras
    assert [l.output_shape for m in result.models for l in m.layers] == ([(None, 10), (None, 3)] if read_as_keras else [])


def test_numpy_star_import_binds_its_concatenate() -> None:
    result = check_source("from numpy import *\nimport keras\nx = concatenate([a, b])\nmodel = keras.Sequential()\n")
    assert result.notes == ()


@pytest.mark.parametrize("source", [
    "import keras\nitems.add(1)\n",  # not a layer: not a model
    "import keras\nitems.add(Thing())\n",  # a class kerascheck does not know
    "import keras\ndef f():\n    model = keras.Sequential()\nmodel.add(keras.layers.Dense(3))\n",  # assigned elsewhere
])
def test_a_method_call_on_a_name_never_assigned_starts_a_model_only_when_it_adds_a_keras_layer(source: str) -> None:
    result = check_source(source)
    assert UNASSIGNED_NOTE not in result.notes
    assert all(model.name != "sequential" or model.layers == () for model in result.models)


def test_a_model_never_assigned_is_one_model_across_undecided_branches() -> None:
    source = ("import keras\n"
              "model.add(keras.layers.Dense(4, input_shape=(3,)))\n"
              "if flag:\n    model.add(keras.layers.Dense(2))\n"
              "model.add(keras.layers.Dense(1))\n")
    result = check_source(source)
    assert result.notes == (UNASSIGNED_NOTE,)
    assert [model.name for model in result.models] == ["sequential"]


def test_a_snippet_without_the_word_keras_is_checked() -> None:
    """The pre-filter lets through what builds a model: ``model.add(Dense(...))`` alone."""
    result = check_source("model.add(Dense(10, input_shape=(5,)))\nmodel.add(Dense(1))\n")
    assert [l.output_shape for l in result.models[0].layers] == [(None, 10), (None, 1)]


def test_guessed_names_follow_the_target() -> None:
    """A class the target's Keras does not have is not guessed (Keras 3 removed LocallyConnected2D)."""
    source = "model = Sequential([LocallyConnected2D(4, 3, input_shape=(8, 8, 1))])\n"
    assert _note("LocallyConnected2D", "keras.layers.LocallyConnected2D") in check_source(source, settings=_settings(2)).notes
    assert _note("LocallyConnected2D", "keras.layers.LocallyConnected2D") not in check_source(source, settings=_settings(3)).notes


#: Errors at the calls of guessed classes: ``Dense(0)``, and the ``Reshape`` it leaves no elements for.
ERRORS = "model = Sequential([Dense(10, input_shape=(5,)), Dense(0), Reshape((7, 7))])\n"


@pytest.mark.parametrize(("star", "hedged"), [
    ("", False),  # the name can only be Keras': the error stands
    ("from numpy import *\n", False),  # NumPy has no Dense: the error stands
    ("from mylib import *\n", True),  # mylib may define Dense: a warning that says so
    ("from .helpers import *\n", True),  # so may the project's own module
])
def test_errors_at_a_guessed_class_are_warnings_only_where_an_unknown_star_import_may_define_it(star: str, hedged: bool) -> None:
    result = check_source(star + ERRORS)
    line = 1 + star.count("\n")
    assert [(d.code, d.severity, d.span.line) for d in result.diagnostics] == [
        ("KC305", "warning" if hedged else "error", line), ("KC103", "warning" if hedged else "error", line)]
    assert all((f"`{star.strip()}` may define it" in d.message) is hedged for d in result.diagnostics)


def test_kc206_is_silent_on_a_model_never_assigned_and_reported_when_it_is() -> None:
    """Made elsewhere, the model may have its input there: KC206 stays silent (see its rule docs)."""
    snippet = "model.add(Dense(10))\nmodel.add(Dense(1))\n"
    assert [d.code for d in check_source(snippet).diagnostics] == []
    assert [d.code for d in check_source("model = Sequential()\n" + snippet).diagnostics] == ["KC206"]


def test_a_notebook_whose_cells_leave_out_the_imports_is_read_the_same_way() -> None:
    """Cells run as one program: a cell relying on imports no cell makes is a snippet too."""
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# A model\n"]},
        {"cell_type": "code", "metadata": {}, "execution_count": 1, "outputs": [],
         "source": ["model = Sequential()\n", "model.add(Dense(8, input_shape=(4,)))\n"]},
        {"cell_type": "code", "metadata": {}, "execution_count": 2, "outputs": [], "source": ["model.add(Dense(2))\n"]},
    ]
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {"language_info": {"name": "python"}}, "cells": cells}
    result = check_bytes(json.dumps(notebook).encode(), "snippet.ipynb")
    assert result.notes == (_note("Sequential", "keras.models.Sequential"), _note("Dense", "keras.layers.Dense"))
    assert [layer.output_shape for layer in result.models[0].layers] == [(None, 8), (None, 2)]
