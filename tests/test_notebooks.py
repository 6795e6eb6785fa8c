"""Jupyter notebooks, end to end: discovery, every output format, --add-noqa, malformed
notebooks, and the map from the checked program back to cells and to the ``.ipynb`` text.

``tests/notebooks/classifier.ipynb`` is our own small notebook: a markdown cell,
magics (``%matplotlib``, ``!pip``, a ``%%time`` cell, ``Dense?``, a ``%%bash``
cell), outputs (a stream that looks like code, an image), a raw cell, a
Sequential model built over cells 3 and 5 with a Dense on a 4D tensor in cell 3
(KC104), and a functional model in cell 9 with softmax on one unit (KC201).
Expected positions in the file are found by searching its text here, never
taken from the code under test.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from kerascheck.cli import main
from kerascheck.notebooks import NotANotebook, blank_ipython, read
from kerascheck.results import Span

from .conftest import ROOT, require, run_keras

NOTEBOOK = ROOT / "tests" / "notebooks" / "classifier.ipynb"
OUTPUT_SCHEMA = ROOT / "kerascheck" / "schemas" / "kerascheck-output.schema.json"

#: The two findings: cell, line and column in the cell, the code, the call as written in
#: the cell, and the same call as written in the JSON text (quotes escaped).
FINDINGS = [
    (3, 5, 11, "KC104", 'layers.Dense(64, activation="relu")', 'layers.Dense(64, activation=\\"relu\\")'),
    (9, 3, 9, "KC201", 'layers.Dense(1, activation="softmax")', 'layers.Dense(1, activation=\\"softmax\\")'),
]


def run(capsys: pytest.CaptureFixture, *args: str) -> tuple:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def notebook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the notebook in a fresh directory (the working directory, with a .git: the repository root)."""
    (tmp_path / ".git").mkdir()
    shutil.copy(NOTEBOOK, tmp_path / "classifier.ipynb")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "classifier.ipynb"


def in_file(call_in_json: str) -> tuple:
    """``(line, column, end column)`` of a call in the notebook's JSON text, 1-based, found by search."""
    lines = NOTEBOOK.read_text(encoding="utf-8").splitlines()
    [number] = [k for k, text in enumerate(lines, start=1) if call_in_json in text]
    column = lines[number - 1].index(call_in_json) + 1
    return number, column, column + len(call_in_json)


def check(capsys: pytest.CaptureFixture, output_format: str, command: str = "check") -> str:
    code, out, err = run(capsys, command, "--isolated", "--no-cache", "--output-format", output_format, "classifier.ipynb")
    assert (code, err) == (1, "Found 2 findings (0 errors, 2 warnings, 0 info) in 1 file\n"), err  # the closing line only
    return out


def test_concise_names_the_cell_and_the_line_in_it(notebook: Path, capsys: pytest.CaptureFixture) -> None:
    out = check(capsys, "concise")
    assert out.splitlines() == [
        "classifier.ipynb:cell 3:5:11: KC104 Dense: applied to a 4D input, it acts on the last axis only and outputs "
        "(None, 26, 26, 64); a Flatten() or global pooling layer is probably missing",
        "classifier.ipynb:cell 9:3:9: KC201 Dense: softmax over a single unit always outputs 1.0; for a binary output "
        "use activation='sigmoid' (with binary_crossentropy), or give the layer one unit per class",
    ]


def test_full_quotes_the_line_of_the_cell(notebook: Path, capsys: pytest.CaptureFixture) -> None:
    blocks = check(capsys, "full").split("\n\n")
    assert len(blocks) == len(FINDINGS)
    for block, (cell, line, column, code, call, _written) in zip(blocks, FINDINGS):
        lines = block.splitlines()
        assert lines[0].startswith(f"classifier.ipynb:cell {cell}:{line}:{column}: {code} ")
        quoted = next(text for text in lines if text.startswith(f"{line} | "))
        assert call in quoted
        carets = lines[lines.index(quoted) + 1]
        assert carets == "  | " + " " * (column - 1) + "^" * len(call) + f" {code}"


def test_json_gives_positions_in_the_file_and_in_the_cell(notebook: Path, capsys: pytest.CaptureFixture) -> None:
    require("jsonschema", "the JSON output is validated against its schema")
    import jsonschema

    document = json.loads(check(capsys, "json"))
    jsonschema.validate(document, json.loads(OUTPUT_SCHEMA.read_text(encoding="utf-8")))
    [file] = document["files"]
    assert len(file["diagnostics"]) == len(FINDINGS)
    for found, (cell, line, column, code, call, written) in zip(file["diagnostics"], FINDINGS):
        stored_line, stored_column, stored_end = in_file(written)
        assert found["code"] == code
        assert (found["line"], found["column"], found["end_line"], found["end_column"]) == (stored_line, stored_column, stored_line, stored_end)
        assert found["cell"] == {"index": cell, "line": line, "column": column, "end_line": line, "end_column": column + len(call)}
    models = {model["name"]: model for model in file["models"]}
    assert (models["classifier"]["cell"]["index"], models["scorer"]["cell"]["index"]) == (3, 9)
    flatten = next(layer for layer in models["classifier"]["layers"] if layer["type"] == "Flatten")
    assert flatten["cell"] == {"index": 5, "line": 1, "column": 11}
    assert (flatten["line"], flatten["column"]) == in_file("layers.Flatten()")[:2]


def test_sarif_regions_are_in_the_file_with_the_cell_as_properties(notebook: Path, capsys: pytest.CaptureFixture) -> None:
    results = json.loads(check(capsys, "sarif"))["runs"][0]["results"]
    for result, (cell, line, column, code, _call, written) in zip(results, FINDINGS):
        stored_line, stored_column, stored_end = in_file(written)
        region = result["locations"][0]["physicalLocation"]["region"]
        assert result["ruleId"] == code
        assert region == {"startLine": stored_line, "startColumn": stored_column, "endLine": stored_line, "endColumn": stored_end}
        assert result["properties"] == {"cell": cell, "cellLine": line, "cellColumn": column}
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "classifier.ipynb"


def test_sarif_of_a_notebook_validates(notebook: Path, capsys: pytest.CaptureFixture) -> None:
    from .conftest import require_sarif_schema

    schema = require_sarif_schema()
    require("jsonschema", "SARIF is validated against the official schema")
    import jsonschema

    jsonschema.validate(json.loads(check(capsys, "sarif")), schema)


def test_github_annotates_the_line_of_the_file_and_names_the_cell(notebook: Path, capsys: pytest.CaptureFixture) -> None:
    lines = check(capsys, "github").splitlines()
    for annotation, (cell, line, _column, code, _call, written) in zip(lines, FINDINGS):
        stored_line, stored_column, stored_end = in_file(written)
        assert annotation.startswith(
            f"::warning file=classifier.ipynb,line={stored_line},col={stored_column},endLine={stored_line},"
            f"endColumn={stored_end},title={code} (cell {cell}%2C line {line})::"
        )


def test_gitlab_lines_are_in_the_file_and_the_description_names_the_cell(notebook: Path, capsys: pytest.CaptureFixture) -> None:
    issues = json.loads(check(capsys, "gitlab"))
    for issue, (cell, line, _column, code, _call, written) in zip(issues, FINDINGS):
        stored_line = in_file(written)[0]
        assert issue["location"] == {"path": "classifier.ipynb", "lines": {"begin": stored_line, "end": stored_line}}
        assert issue["check_name"] == code and issue["description"].endswith(f" (cell {cell}, line {line})")


def test_junit_failures_name_the_cell(notebook: Path, capsys: pytest.CaptureFixture) -> None:
    import xml.etree.ElementTree as ET

    concise = check(capsys, "concise").splitlines()
    failures = ET.fromstring(check(capsys, "junit")).findall(".//failure")
    assert [failure.text for failure in failures] == concise


def test_summary_shows_each_model_once_under_the_cell_that_creates_it(notebook: Path, capsys: pytest.CaptureFixture) -> None:
    out = check(capsys, "text", command="summary")
    assert out.count('Model: "classifier"') == 1 and out.count('Model: "scorer"') == 1
    assert out.index("-- cell 3\n") < out.index('Model: "classifier"') < out.index("-- cell 9\n") < out.index('Model: "scorer"')
    assert "flatten (Flatten)" in out[out.index('Model: "classifier"'):out.index("-- cell 9")]  # added in cell 5
    markdown = check(capsys, "markdown", command="summary")
    assert markdown.index("#### Cell 3") < markdown.index("**classifier**") < markdown.index("#### Cell 9") < markdown.index("**scorer**")
    assert "**KC104** cell 3, line 5, column 11:" in markdown


def test_the_summary_is_what_real_keras_builds_from_the_cells(notebook: Path, capsys: pytest.CaptureFixture) -> None:
    """Keras runs the code cells (magics blanked, as IPython would run them), kerascheck reads the notebook."""
    document = json.loads(check(capsys, "json", command="summary"))
    program = read(NOTEBOOK.read_text(encoding="utf-8"))
    [built] = run_keras([{"source": program.source}], generation=3, fast_init=True)
    assert built["error"] is None
    mine = {model["name"]: model for model in document["files"][0]["models"]}
    assert sorted(mine) == sorted(model["name"] for model in built["models"])
    for model in built["models"]:
        theirs = [(layer["name"], layer["output_shape"], layer["trainable"] + layer["non_trainable"]) for layer in model["layers"]]
        ours = [(layer["name"], layer["output_shape"], layer["params"]) for layer in mine[model["name"]]["layers"]]
        assert ours == theirs


def test_add_noqa_comments_the_lines_in_their_cells_and_nothing_else(notebook: Path, capsys: pytest.CaptureFixture) -> None:
    before = notebook.read_text(encoding="utf-8").splitlines(keepends=True)
    code, out, err = run(capsys, "check", "--isolated", "--no-cache", "--add-noqa", "classifier.ipynb")
    assert (code, out, err) == (0, "Added 2 suppression comments to 1 file.\n", "")
    after = notebook.read_text(encoding="utf-8").splitlines(keepends=True)
    changed = [(old, new) for old, new in zip(before, after) if old != new]
    assert len(before) == len(after) and changed == [
        ('    "model.add(layers.Dense(64, activation=\\"relu\\"))"\n',
         '    "model.add(layers.Dense(64, activation=\\"relu\\"))  # kerascheck: ignore[KC104]"\n'),
        ('    "score = layers.Dense(1, activation=\\"softmax\\")(hidden)\\n",\n',
         '    "score = layers.Dense(1, activation=\\"softmax\\")(hidden)  # kerascheck: ignore[KC201]\\n",\n'),
    ]
    json.loads("".join(after))
    # The comments silence the findings, and each silences something (KC901 has nothing to say).
    assert run(capsys, "check", "--isolated", "--no-cache", "--extend-select", "KC901", "classifier.ipynb") == (0, "", "All checks passed!\n")


def test_add_noqa_rewrites_a_cell_whose_source_is_one_string(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    monkeypatch.chdir(tmp_path)
    cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
              "source": "import keras\nmodel = keras.Sequential([keras.layers.Input((4,)), keras.layers.Dense(1, activation='softmax')])\n"}]
    path = tmp_path / "one.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1))
    assert run(capsys, "check", "--isolated", "--no-cache", "--add-noqa", "one.ipynb")[1] == "Added 1 suppression comment to 1 file.\n"
    source = json.loads(path.read_text())["cells"][0]["source"]
    assert source == cells[0]["source"].replace("])\n", "])  # kerascheck: ignore[KC201]\n")
    assert run(capsys, "check", "--isolated", "--no-cache", "one.ipynb") == (0, "", "All checks passed!\n")


def test_directories_include_notebooks_but_not_jupyter_checkpoints(notebook: Path, capsys: pytest.CaptureFixture) -> None:
    checkpoints = notebook.parent / ".ipynb_checkpoints"
    checkpoints.mkdir()
    shutil.copy(NOTEBOOK, checkpoints / "classifier-checkpoint.ipynb")
    (notebook.parent / "model.py").write_text("import keras\n")
    code, out, _ = run(capsys, "check", "--isolated", "--show-files", ".")
    assert (code, sorted(out.splitlines())) == (0, ["classifier.ipynb", "model.py"])
    (notebook.parent / "pyproject.toml").write_text('[tool.kerascheck]\nexclude = ["*.ipynb"]\n')
    code, out, _ = run(capsys, "check", "--show-files", ".")
    assert (code, out.splitlines()) == (0, ["model.py"])


def test_results_of_a_notebook_come_back_from_the_cache_with_their_cells(notebook: Path, capsys: pytest.CaptureFixture) -> None:
    args = ("check", "--isolated", "--cache-dir", str(notebook.parent / "cache"), "--output-format", "json", "classifier.ipynb")
    first, second = run(capsys, *args), run(capsys, *args)
    assert first == second and first[0] == 1 and '"cell"' in first[1]
    assert any(os.scandir(notebook.parent / "cache"))


def test_a_notebook_from_stdin_is_named_by_stdin_filename(notebook: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(NOTEBOOK.read_bytes())))
    code, out, _ = run(capsys, "check", "--isolated", "--no-cache", "--stdin-filename", "nb.ipynb", "-")
    assert code == 1 and out.startswith("nb.ipynb:cell 3:5:11: KC104 ")


# -- malformed notebooks: a clear finding, never a traceback ---------------------------------

def _notebook(cells: object, **extra: object) -> str:
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5, **extra})


MALFORMED = [
    ("bad JSON", '{"cells": [', "KC002 not a notebook: invalid JSON (Expecting value at line 1, column 12)"),
    ("not an object", "[1, 2]", "KC002 not a notebook: the JSON has no list of cells"),
    ("no version", json.dumps({"cells": []}), "KC002 not a notebook: no nbformat version in the JSON"),
    ("nbformat 3", json.dumps({"nbformat": 3, "worksheets": [{"cells": [{"cell_type": "code", "input": "import keras"}]}]}),
     "KC002 a notebook in nbformat 3: kerascheck reads nbformat 4; convert it with `jupyter nbconvert --to notebook --nbformat 4`"),
    ("a number as source", _notebook([{"cell_type": "markdown", "source": "keras"}, {"cell_type": "code", "source": 42}]),
     "KC002 cell 2: its source is not text (nbformat allows a string or a list of strings)"),
    ("a list with a number", _notebook([{"cell_type": "code", "source": ["import keras\n", 7]}]),
     "KC002 cell 1: its source is not text (nbformat allows a string or a list of strings)"),
    ("not UTF-8", b'{"cells": ["caf\xe9 keras"]}', "KC002 cannot decode file: not valid UTF-8 (byte 0xe9 at offset 15)"),
]


@pytest.mark.parametrize(("case", "content", "expected"), MALFORMED, ids=[case for case, _, _ in MALFORMED])
def test_a_malformed_notebook_gets_a_clear_finding(case: str, content: object, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "broken.ipynb"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    assert run(capsys, "check", "--isolated", "--no-cache", str(path)) == (1, f"{path}:1:1: {expected}\n", "Found 1 finding (1 error, 0 warnings, 0 info) in 1 file\n")


def test_a_huge_output_is_read_but_never_parsed(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """8 MB of output (twice what a .py file may weigh) around a cell with a bug: the bug is found."""
    blob = {"output_type": "display_data", "metadata": {}, "data": {"image/png": "A" * 8_000_000, "text/plain": ["x = (("]}}
    source = ["import keras\n", "model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation='softmax')])\n"]
    path = tmp_path / "big.ipynb"
    path.write_text(_notebook([{"cell_type": "code", "outputs": [blob], "source": source}]))
    code, out, err = run(capsys, "check", "--isolated", "--no-cache", str(path))
    assert (code, err) == (1, "Found 1 finding (0 errors, 1 warning, 0 info) in 1 file\n") and out.startswith(f"{path}:cell 1:2:46: KC201 ")


def test_a_notebook_beyond_the_size_limit_is_skipped_with_a_message(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "huge.ipynb"
    with open(path, "wb") as handle:
        handle.truncate(65 * 1024 * 1024)  # sparse: nothing is written
    code, out, _ = run(capsys, "check", "--isolated", "--no-cache", str(path))
    assert (code, out) == (1, f"{path}:1:1: KC002 file too large to analyse (68.2 MB; the limit is 64 MB for a notebook): skipped\n")


def test_a_notebook_of_another_language_is_not_read_as_python(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "r.ipynb"
    path.write_text(_notebook([{"cell_type": "code", "source": ["library(keras)\n", "model <- keras_model_sequential()\n"]}],
                              metadata={"kernelspec": {"language": "R", "name": "ir"}}))
    assert run(capsys, "check", "--isolated", "--no-cache", str(path)) == (0, "", "All checks passed!\n")


# -- IPython syntax is blanked, line for line --------------------------------------------------

BLANKED = [
    ("line magic", ["%matplotlib inline", "import keras"], ["", "import keras"]),
    ("shell escape", ["!pip install keras", "x = 1"], ["", "x = 1"]),
    ("assigned shell and magic", ["files = !ls", "t = %timeit f()", "a, b = !echo"], ["", "", ""]),
    ("help", ["Dense?", "??keras.layers.Dense", "keras.Model??"], ["", "", ""]),
    ("indented magic keeps its block", ["for k in range(2):", "    %time f(k)"], ["for k in range(2):", "    pass"]),
    ("%%time runs its body", ["%%time", "model = f()"], ["", "model = f()"]),
    ("%%capture after a blank line", ["", "%%capture out", "x = 1"], ["", "", "x = 1"]),
    ("%%bash is not Python", ["%%bash", "echo 'model.add(Dense(0))'"], ["", ""]),
    ("%%writefile is not Python", ["%%writefile m.py", "import keras"], ["", ""]),
    ("modulo continuing a bracket is Python", ["x = (a", "     % b)"], ["x = (a", "     % b)"]),
    ("a question inside a string is Python", ['s = """', "why?", '"""'], ['s = """', "why?", '"""']),
    ("a comment ending in ? is Python", ["x = 1  # why?"], ["x = 1  # why?"]),
    ("not-equal is Python", ["a != b"], ["a != b"]),
]


@pytest.mark.parametrize(("case", "lines", "expected"), BLANKED, ids=[case for case, _, _ in BLANKED])
def test_ipython_syntax_is_blanked(case: str, lines: list, expected: list) -> None:
    assert blank_ipython(lines) == expected


def test_markdown_raw_cells_and_outputs_are_never_code() -> None:
    program = read(NOTEBOOK.read_text(encoding="utf-8"))
    assert "Dense(0)" not in program.source  # in the %%bash cell and the raw cell
    assert "Requirement already" not in program.source and "small image classifier" not in program.source
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    code = [index for index, cell in enumerate(cells) if cell["cell_type"] == "code"]
    assert [cell.index for cell in program.cells.cells] == code
    assert sum(cell.lines for cell in program.cells.cells) == program.source.count("\n")


MAPPED = [
    # (cell source as the file holds it, program line and column) -> the text at the position in the file
    ("a list, one string per line", ["import keras\n", 'x = keras.layers.Dense(4, name="d")\n'], 2, 5, "keras.layers"),
    ("after an escaped quote", ["import keras\n", 'x = "é\\t"; y = keras.Input((2,))\n'], 2, 16, "keras.Input"),
    ("one string with line breaks", "import keras\r\nx = 1\ny = keras.Input((2,))", 3, 5, "keras.Input"),
    ("a line split over two strings", ["import keras\n", "y = ker", "as.Input((2,))\n"], 2, 8, "as.Input"),
]


@pytest.mark.parametrize(("case", "source", "line", "column", "text"), MAPPED, ids=[case for case, *_ in MAPPED])
def test_positions_map_to_the_json_text(case: str, source: object, line: int, column: int, text: str) -> None:
    written = json.dumps({"cells": [{"cell_type": "markdown", "source": "x"}, {"cell_type": "code", "source": source}],
                          "metadata": {}, "nbformat": 4}, indent=1, ensure_ascii=False)
    program = read(written)
    assert program.cells.in_cell(Span(line, column, line, column + 1)) == (2, Span(line, column, line, column + 1))
    stored = program.cells.in_file(Span(line, column, line, column))
    found = written.splitlines()[stored.line - 1][stored.column - 1:]
    assert found.startswith(text)


def test_a_cell_that_is_not_a_notebook_raises_the_documented_error() -> None:
    with pytest.raises(NotANotebook, match="invalid JSON"):
        read("{")


def test_a_lone_surrogate_escaped_in_the_json_is_not_an_internal_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    source = ["import keras\n", "s = '\\ud800'\n", "model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, activation='softmax')])\n"]
    path = tmp_path / "odd.ipynb"
    path.write_text(_notebook([{"cell_type": "code", "source": source}]).replace("\\\\ud800", "\\ud800"))
    assert "\\ud800" in path.read_text()
    code, out, _ = run(capsys, "check", "--isolated", "--no-cache", str(path))
    assert code == 1 and out.startswith(f"{path}:cell 1:3:46: KC201 ")


def test_a_bracket_left_open_in_one_cell_is_reported_there_and_the_next_cell_still_checked(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    cells = [{"cell_type": "code", "source": ["import keras\n", "x = (1,\n"]},
             {"cell_type": "code", "source": ["model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, activation='softmax')])\n"]}]
    path = tmp_path / "open.ipynb"
    path.write_text(_notebook(cells))
    code, out, _ = run(capsys, "check", "--isolated", "--no-cache", str(path))
    assert code == 1 and [line.split(" ")[:3] for line in out.splitlines()] == [
        [f"{path}:cell", "1:2:5:", "KC001"], [f"{path}:cell", "2:1:46:", "KC201"],
    ]
