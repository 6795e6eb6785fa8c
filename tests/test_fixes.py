"""The fix engine through the command line: --fix, --diff, --unsafe-fixes, --fix-only, stdin, SARIF.

Every test runs ``python -m kerascheck`` in a subprocess, as a user would, on
files in a temporary directory.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kerascheck.fixing import fix_text
from kerascheck.rules import ordered
from kerascheck.fixes import fixability

from .conftest import ROOT, require_sarif_schema
from .test_rule_examples import settings_for

#: Keras 1 code: three safe renames (border_mode, init, nb_epoch) and a Dense on a 4D input (unsafe: changes the model).
KERAS1 = """\
from keras.models import Sequential
from keras.layers import Conv2D, Dense  # the layers

model = Sequential()
model.add(Conv2D(8, 3, border_mode='same', input_shape=(28, 28, 1)))  # keep this comment
model.add(Dense(10, init='normal'))
model.fit(x, y, nb_epoch=3)
"""
SAFE_FIXED = KERAS1.replace("border_mode=", "padding=").replace("init=", "kernel_initializer=").replace("nb_epoch=", "epochs=")
ALL_FIXED = SAFE_FIXED.replace("Conv2D, Dense", "Conv2D, Flatten, Dense").replace(
    "model.add(Dense(10", "model.add(Flatten())\nmodel.add(Dense(10")


def kerascheck(*args: str, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kerascheck", *args, "--no-cache"], cwd=cwd, input=stdin,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def legacy(tmp_path: Path) -> Path:
    path = tmp_path / "legacy.py"
    path.write_text(KERAS1)
    return path


def test_diff_prints_the_change_and_writes_nothing(legacy: Path) -> None:
    done = kerascheck("check", "--diff", "--extend-select", "KC5", "legacy.py", cwd=legacy.parent)
    assert done.returncode == 1, done.stderr
    assert legacy.read_text() == KERAS1
    assert done.stdout.startswith("--- a/legacy.py\n+++ b/legacy.py\n")
    removed = [line[1:] for line in done.stdout.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in done.stdout.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert removed == KERAS1.splitlines()[4:7]
    assert added == SAFE_FIXED.splitlines()[4:7]


def test_diff_of_a_clean_file_is_empty_and_exits_zero(legacy: Path) -> None:
    legacy.write_text(SAFE_FIXED.replace("model.add(Dense", "model.add(layers.Flatten())\nmodel.add(Dense"))
    done = kerascheck("check", "--diff", "--select", "KC5", "legacy.py", cwd=legacy.parent)
    assert (done.returncode, done.stdout) == (0, ""), done.stderr


def test_fix_applies_the_safe_fixes_and_reports_what_remains(legacy: Path) -> None:
    done = kerascheck("check", "--fix", "--extend-select", "KC5", "legacy.py", cwd=legacy.parent)
    assert legacy.read_text() == SAFE_FIXED
    assert done.returncode == 1  # the unsafe KC104 fix was not applied: the finding remains
    assert [line.split(" ")[:2] for line in done.stdout.splitlines()] == [["legacy.py:6:11:", "KC104"]]
    assert "kerascheck: 3 fixed, 1 remaining." in done.stderr.splitlines()


def test_unsafe_fixes_apply_the_rest(legacy: Path) -> None:
    done = kerascheck("check", "--fix", "--unsafe-fixes", "--extend-select", "KC5", "legacy.py", cwd=legacy.parent)
    assert (done.returncode, done.stdout) == (0, "") and "kerascheck: 4 fixed, 0 remaining." in done.stderr.splitlines()
    assert legacy.read_text() == ALL_FIXED


def test_fix_only_reports_nothing_and_exits_zero(legacy: Path) -> None:
    done = kerascheck("check", "--fix-only", "--extend-select", "KC5", "legacy.py", cwd=legacy.parent)
    assert (done.returncode, done.stdout) == (0, "") and "kerascheck: 3 fixed, 1 remaining." in done.stderr.splitlines()
    assert legacy.read_text() == SAFE_FIXED


def test_stdin_with_fix_prints_the_fixed_source(tmp_path: Path) -> None:
    done = kerascheck("check", "--fix", "--unsafe-fixes", "--extend-select", "KC5", "-", cwd=tmp_path, stdin=KERAS1)
    assert (done.returncode, done.stdout) == (0, ALL_FIXED) and "kerascheck: 4 fixed, 0 remaining." in done.stderr.splitlines()


def test_stdin_with_diff_prints_the_diff(tmp_path: Path) -> None:
    done = kerascheck("check", "--diff", "--extend-select", "KC5", "--stdin-filename", "model.py", cwd=tmp_path, stdin=KERAS1)
    assert done.returncode == 1 and done.stdout.startswith("--- a/model.py\n+++ b/model.py\n")


def test_migrate_to_with_fix_fixes_the_migration_findings(legacy: Path) -> None:
    done = kerascheck("check", "--fix", "--migrate-to", "3", "legacy.py", cwd=legacy.parent)
    assert legacy.read_text() == SAFE_FIXED, done.stderr
    assert "kerascheck: 3 fixed, 1 remaining." in done.stderr.splitlines()


@pytest.mark.parametrize(("flags", "message"), [
    (["--unsafe-fixes"], "--unsafe-fixes applies with --fix, --diff or --fix-only"),
    (["--fix", "--add-noqa"], "--add-noqa cannot be combined with --fix, --diff or --fix-only"),
])
def test_fix_flags_used_wrong_are_usage_errors(legacy: Path, flags: list, message: str) -> None:
    done = kerascheck("check", *flags, "legacy.py", cwd=legacy.parent)
    assert (done.returncode, done.stdout) == (2, "") and message in done.stderr
    assert legacy.read_text() == KERAS1


def test_a_fix_that_would_break_the_file_is_refused(legacy: Path) -> None:
    """A fix whose result does not parse (simulated: the edits applied make a syntax error) leaves the file alone."""
    script = (
        "import sys, kerascheck.fixing as fixing\n"
        "fixing.apply_edits = lambda text, edits: text + 'def broken(:\\n'\n"
        "from kerascheck.cli import main\n"
        "sys.exit(main(['check', '--fix', '--extend-select', 'KC5', '--no-cache', 'legacy.py']))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=legacy.parent, capture_output=True, text=True, timeout=120)
    assert legacy.read_text() == KERAS1
    assert "legacy.py: not fixed: the fixed text would not parse" in done.stderr
    assert "kerascheck: 0 fixed, 4 remaining." in done.stderr.splitlines() and done.returncode == 1


def test_sarif_carries_the_fixes_and_validates(legacy: Path) -> None:
    import jsonschema

    done = kerascheck("check", "--output-format", "sarif", "--extend-select", "KC5", "legacy.py", cwd=legacy.parent)
    document = json.loads(done.stdout)
    jsonschema.validate(document, require_sarif_schema())
    fixes = {result["ruleId"] + ":" + str(result["locations"][0]["physicalLocation"]["region"]["startLine"]): result.get("fixes")
             for result in document["runs"][0]["results"]}
    (change,) = fixes["KC501:5"][0]["artifactChanges"]
    assert change["replacements"] == [{"deletedRegion": {"startLine": 5, "startColumn": 24, "endLine": 5, "endColumn": 35},
                                       "insertedContent": {"text": "padding"}}]
    assert fixes["KC104:6"][0]["description"]["text"] == "Insert Flatten() before this layer (unsafe: changes behaviour)"


FIXABLE_EXAMPLES = [rule for rule in ordered() if rule.example and fixability(rule.code)]


@pytest.mark.parametrize("rule", FIXABLE_EXAMPLES, ids=lambda rule: rule.code)
def test_each_fixable_rule_fixes_its_documented_example(rule) -> None:
    fixed = fix_text(rule.example, "example.py", settings_for(rule), unsafe=True)
    assert fixed.fixed and not fixed.refused
    assert [d.message for d in fixed.result.diagnostics if d.code == rule.code] == []
    assert [d.code for d in fixed.result.diagnostics if d.severity == "error"] == []


def test_every_fixable_rule_has_an_example_to_fix() -> None:
    assert {rule.code for rule in ordered() if fixability(rule.code)} == {rule.code for rule in FIXABLE_EXAMPLES}


#: (what, source, the fixed source with --unsafe-fixes): each fixer on one program, all of them built by Keras 3 below.
STRUCTURAL = [
    ("flatten in a functional model",
     "import keras\ninputs = keras.Input(shape=(28, 28, 1))\nx = keras.layers.Conv2D(8, 3)(inputs)  # conv\n"
     "outputs = keras.layers.Dense(10, activation='softmax')(x)\nmodel = keras.Model(inputs, outputs)\n",
     "import keras\ninputs = keras.Input(shape=(28, 28, 1))\nx = keras.layers.Conv2D(8, 3)(inputs)  # conv\n"
     "outputs = keras.layers.Dense(10, activation='softmax')(keras.layers.Flatten()(x))\nmodel = keras.Model(inputs, outputs)\n"),
    ("flatten before model.add, imported by name",
     "from keras.models import Sequential\nfrom keras.layers import Conv2D, Dense\nmodel = Sequential()\n"
     "model.add(Conv2D(8, 3, input_shape=(28, 28, 1)))\n\nmodel.add(Dense(10))  # head\n",
     "from keras.models import Sequential\nfrom keras.layers import Conv2D, Flatten, Dense\nmodel = Sequential()\n"
     "model.add(Conv2D(8, 3, input_shape=(28, 28, 1)))\n\nmodel.add(Flatten())\nmodel.add(Dense(10))  # head\n"),
    ("return_sequences in a list",
     "from keras import layers, models\nmodel = models.Sequential([\n    layers.LSTM(32, input_shape=(10, 8)),\n"
     "    layers.GRU(16),\n])\n",
     "from keras import layers, models\nmodel = models.Sequential([\n    layers.LSTM(32, input_shape=(10, 8), return_sequences=True),\n"
     "    layers.GRU(16),\n])\n"),
    ("return_sequences inside Bidirectional, model.add",
     "from keras.models import Sequential\nfrom keras.layers import LSTM, Bidirectional\nmodel = Sequential()\n"
     "model.add(Bidirectional(LSTM(32, return_sequences=False), input_shape=(10, 8)))\nmodel.add(LSTM(16))\n",
     "from keras.models import Sequential\nfrom keras.layers import LSTM, Bidirectional\nmodel = Sequential()\n"
     "model.add(Bidirectional(LSTM(32, return_sequences=True), input_shape=(10, 8)))\nmodel.add(LSTM(16))\n"),
    ("from_logits with the loss class",
     "from keras import layers, models\nmodel = models.Sequential([layers.Dense(10, input_shape=(8,))])\n"
     "model.compile(loss='categorical_crossentropy', optimizer='adam')\n",
     "from keras import layers, models, losses\nmodel = models.Sequential([layers.Dense(10, input_shape=(8,))])\n"
     "model.compile(loss=losses.CategoricalCrossentropy(from_logits=True), optimizer='adam')\n"),
    ("from_logits on a loss object",
     "import keras\nmodel = keras.Sequential([keras.layers.Dense(1, input_shape=(8,))])\n"
     "model.compile(loss=keras.losses.BinaryCrossentropy(), optimizer='adam')\n",
     "import keras\nmodel = keras.Sequential([keras.layers.Dense(1, input_shape=(8,))])\n"
     "model.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True), optimizer='adam')\n"),
]


@pytest.mark.parametrize(("what", "source", "expected"), STRUCTURAL, ids=[case[0] for case in STRUCTURAL])
def test_structural_fix(what: str, source: str, expected: str) -> None:
    from kerascheck.settings import Settings

    assert fix_text(source, "model.py", Settings(), unsafe=False).after == source  # all unsafe
    fixed = fix_text(source, "model.py", Settings(), unsafe=True)
    assert (fixed.after, [d.code for d in fixed.result.diagnostics]) == (expected, [])


def test_structurally_fixed_programs_build_in_keras_3_as_predicted(tmp_path: Path) -> None:
    from kerascheck import dims
    from kerascheck.engine import check_source

    from .conftest import run_keras

    jobs = [{"path": str(tmp_path / f"fixed_{index}.py"), "source": expected} for index, (_, _, expected) in enumerate(STRUCTURAL)]
    for job, built in zip(jobs, run_keras(jobs, generation=3, fast_init=True)):
        assert built["error"] is None, built["error"]
        predicted = [[(layer.type, None if layer.output_shape is None else [dims.to_json(d) for d in layer.output_shape],
                       layer.trainable, layer.non_trainable) for layer in model.layers] for model in check_source(job["source"]).models]
        assert predicted == [[(l["type"], l["output_shape"], l["trainable"], l["non_trainable"]) for l in m["layers"]]
                             for m in built["models"]]


@pytest.mark.parametrize(("target", "expected"), [
    ("1", "layers.Conv2D(16, (3, 3), input_shape=(28, 28, 1))"),  # Keras 1 reads (filters, rows, columns)
    ("3", "layers.Conv2D(16, 3, 3, input_shape=(28, 28, 1))"),  # Keras 3 reads (filters, kernel_size, strides): kept
    ("2.12", "layers.Conv2D(16, 3, 3, input_shape=(28, 28, 1))"),
])
def test_keras1_convolution_keeps_what_the_target_reads(target: str, expected: str) -> None:
    from kerascheck.settings import Settings
    from kerascheck.target import requested

    source = "from keras import layers, models\nmodel = models.Sequential([layers.Convolution2D(16, 3, 3, input_shape=(28, 28, 1))])\n"
    fixed = fix_text(source, "model.py", Settings(select=("ALL",), target=requested(target, "test")))
    assert fixed.after == source.replace("layers.Convolution2D(16, 3, 3, input_shape=(28, 28, 1))", expected)


@pytest.mark.parametrize(("line", "fixed"), [
    ("print model.summary()  # the table", "print(model.summary())  # the table"),
    ("print 'a', b", None),  # a string: a '#' in it could fool the pattern
    ("print x,", None),  # Python 2 prints no newline: print(x) would
    ("print >>f, x", None),
])
def test_python2_print_statement(line: str, fixed) -> None:
    from kerascheck.settings import Settings

    source = f"from keras import layers, models\nmodel = models.Sequential([layers.Dense(2, input_shape=(4,))])\n{line}\n"
    result = fix_text(source, "model.py", Settings())
    assert result.after == (source if fixed is None else source.replace(line, fixed))


def test_stdin_that_is_not_utf8_goes_through_unchanged(tmp_path: Path) -> None:
    data = "# -*- coding: latin-1 -*-\n".encode() + KERAS1.replace("# keep this comment", "# caf\xe9").encode("latin-1")
    done = subprocess.run([sys.executable, "-m", "kerascheck", "check", "--fix", "--extend-select", "KC5", "--no-cache", "-"],
                          cwd=tmp_path, input=data, capture_output=True, timeout=120)
    assert done.stdout == data
    assert b"-: not fixed: not UTF-8 text" in done.stderr and done.returncode == 1
