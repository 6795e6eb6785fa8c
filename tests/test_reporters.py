"""Every output format, from the same results: goldens for the CI formats, and
every JSON and SARIF document validated against its schema."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kerascheck.engine import check_bytes
from kerascheck.reporters import CHECK_FORMATS, SUMMARY_FORMATS, reporter
from kerascheck.reporters.common import Context, level, relative_path
from kerascheck.results import Diagnostic, FileResult, LayerResult, ModelResult, Span
from kerascheck.rules import RULES

from .conftest import ROOT, SAMPLES, require, require_sarif_schema

OUTPUT_SCHEMA = ROOT / "kerascheck" / "schemas" / "kerascheck-output.schema.json"
SAMPLE_FILES = sorted(SAMPLES.rglob("*.py"))

#: A path and messages built to break naive escaping: a comma, a colon, non-ASCII,
#: a space, newlines, a CR and a percent sign.
TRICKY_PATH = "src/modèles, v2/ünet:kéras.py"
TRICKY = FileResult(
    TRICKY_PATH,
    (),
    (
        Diagnostic("KC104", "warning", "Dense: shape (None, 4, 4) -> (None, 4, 8), a, b: c", Span(3, 5, 3, 20)),
        Diagnostic("KC101", "error", "first line\nsecond: 100% done,\r\nthird", Span(7, 1, 9, 2)),
        Diagnostic("KC999", "info", "a rule from the future", Span(12, 9, 12, 9)),
    ),
)
CLEAN = FileResult("src/clean.py")
ROOT_CONTEXT = Context(root=Path("/repo"))


def render(name: str, results: list, context: Context = ROOT_CONTEXT) -> str:
    return reporter(CHECK_FORMATS.get(name) or SUMMARY_FORMATS[name])(results, context)


def in_repo(result: FileResult) -> FileResult:
    """The same result with its path absolute under ``/repo``, the root the goldens use."""
    return FileResult(f"/repo/{result.path}", result.models, result.diagnostics)


# --- github -------------------------------------------------------------------------------------

GITHUB_GOLDEN = (
    "::warning file=src/modèles%2C v2/ünet%3Akéras.py,line=3,col=5,endLine=3,endColumn=20,title=KC104"
    "::Dense: shape (None, 4, 4) -> (None, 4, 8), a, b: c\n"
    "::error file=src/modèles%2C v2/ünet%3Akéras.py,line=7,col=1,endLine=9,endColumn=2,title=KC101"
    "::first line%0Asecond: 100%25 done,%0D%0Athird\n"
    "::notice file=src/modèles%2C v2/ünet%3Akéras.py,line=12,col=9,endLine=12,endColumn=9,title=KC999"
    "::a rule from the future\n"
)


def test_github_golden() -> None:
    assert render("github", [in_repo(TRICKY), in_repo(CLEAN)]) == GITHUB_GOLDEN


def test_github_lines_are_one_line_per_finding() -> None:
    assert len(render("github", [in_repo(TRICKY)]).splitlines()) == len(TRICKY.diagnostics)


def test_github_title_properties_are_escaped() -> None:
    from kerascheck.reporters.github import command

    assert command("error", {"title": "a,b:c%\n"}, "m") == "::error title=a%2Cb%3Ac%25%0A::m"


# --- gitlab -------------------------------------------------------------------------------------

GITLAB_GOLDEN = [
    {
        "type": "issue",
        "check_name": "KC104",
        "description": "KC104 Dense: shape (None, 4, 4) -> (None, 4, 8), a, b: c",
        "severity": "minor",
        "fingerprint": "b7a23ee5f76a170004514eaf36af40a8",
        "location": {"path": TRICKY_PATH, "lines": {"begin": 3, "end": 3}},
    },
    {
        "type": "issue",
        "check_name": "KC101",
        "description": "KC101 first line\nsecond: 100% done,\r\nthird",
        "severity": "major",
        "fingerprint": "a0177f45b2c408153c973b4b3306d383",
        "location": {"path": TRICKY_PATH, "lines": {"begin": 7, "end": 9}},
    },
    {
        "type": "issue",
        "check_name": "KC999",
        "description": "KC999 a rule from the future",
        "severity": "info",
        "fingerprint": "59dba737b59a703bada07e62bba52445",
        "location": {"path": TRICKY_PATH, "lines": {"begin": 12, "end": 12}},
    },
]


def test_gitlab_golden() -> None:
    text = render("gitlab", [in_repo(TRICKY), in_repo(CLEAN)])
    assert json.loads(text) == GITLAB_GOLDEN  # the fingerprints too: they must not change between runs
    assert "modèles" in text  # UTF-8, not \\u escapes


def test_gitlab_fingerprint_is_stable_and_ignores_the_line() -> None:
    from kerascheck.reporters.gitlab import fingerprint, issues

    first = issues([in_repo(TRICKY)], ROOT_CONTEXT)
    moved = FileResult(
        TRICKY.path, (), tuple(Diagnostic(d.code, d.severity, d.message, Span(d.span.line + 40, 1, d.span.line + 40, 2)) for d in TRICKY.diagnostics)
    )
    assert [i["fingerprint"] for i in issues([in_repo(moved)], ROOT_CONTEXT)] == [i["fingerprint"] for i in first]
    assert first[0]["fingerprint"] == fingerprint(TRICKY_PATH, "KC104", TRICKY.diagnostics[0].message, 1)


def test_gitlab_identical_findings_get_distinct_fingerprints() -> None:
    from kerascheck.reporters.gitlab import issues

    d = TRICKY.diagnostics[0]
    twice = FileResult("/repo/a.py", (), (d, Diagnostic(d.code, d.severity, d.message, Span(30, 1, 30, 4))))
    first, second = issues([twice], ROOT_CONTEXT)
    assert first["fingerprint"] != second["fingerprint"]


# --- sarif --------------------------------------------------------------------------------------


def _sarif(results: list, context: Context = ROOT_CONTEXT) -> dict:
    return json.loads(render("sarif", results, context))


def test_sarif_validates_against_the_official_schema_with_tricky_input() -> None:
    import jsonschema

    schema = require_sarif_schema()
    jsonschema.validate(_sarif([in_repo(TRICKY), in_repo(CLEAN)]), schema)


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.relative_to(SAMPLES).as_posix())
def test_sarif_of_every_sample_validates(path: Path) -> None:
    import jsonschema

    schema = require_sarif_schema()
    jsonschema.validate(_sarif([check_bytes(path.read_bytes(), str(path))], Context()), schema)


def test_sarif_has_what_github_code_scanning_needs() -> None:
    run = _sarif([in_repo(TRICKY)])["runs"][0]
    driver = run["tool"]["driver"]
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert set(RULES) <= set(rules) and "KC999" in rules
    kc104 = rules["KC104"]
    assert kc104["name"] == RULES["KC104"].name
    assert kc104["shortDescription"]["text"] == RULES["KC104"].what
    assert RULES["KC104"].why in kc104["fullDescription"]["text"]
    assert RULES["KC104"].how_to_fix in kc104["help"]["text"] and "```python" in kc104["help"]["markdown"]
    assert kc104["defaultConfiguration"]["level"] == "warning"
    first, second, third = run["results"]
    assert (first["ruleId"], first["level"], second["level"], third["level"]) == ("KC104", "warning", "error", "note")
    assert driver["rules"][first["ruleIndex"]]["id"] == "KC104"
    assert first["message"]["text"] == TRICKY.diagnostics[0].message
    location = second["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "src/mod%C3%A8les%2C%20v2/%C3%BCnet%3Ak%C3%A9ras.py", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 7, "startColumn": 1, "endLine": 9, "endColumn": 2}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///repo/"


def test_sarif_links_rules_only_to_the_configured_documentation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    require("jsonschema", "SARIF is validated against its schema")
    import jsonschema

    rules = _sarif([in_repo(TRICKY)])["runs"][0]["tool"]["driver"]["rules"]
    assert not any("helpUri" in rule for rule in rules)  # nothing configured: no link (the help text explains)
    (tmp_path / "pyproject.toml").write_text('[tool.kerascheck]\nrule-docs-url = "https://docs.example.com/kerascheck/{code}.html#{name}"\n')
    (tmp_path / "a.py").write_text("x = 1\n")
    monkeypatch.chdir(tmp_path)
    from kerascheck.cli import main

    assert main(["check", "a.py", "--output-format", "sarif", "--no-cache"]) == 0
    rules = {rule["id"]: rule for rule in json.loads(capsys.readouterr().out)["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["KC104"]["helpUri"] == "https://docs.example.com/kerascheck/KC104.html#dense-on-nd-input"
    jsonschema.validate({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "k", "rules": list(rules.values())}}}]}, require_sarif_schema())


def test_sarif_path_outside_the_root_is_an_absolute_uri() -> None:
    result = FileResult("/elsewhere/a b.py", (), TRICKY.diagnostics[:1])
    location = _sarif([result])["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "file:///elsewhere/a%20b.py"}


# --- json ---------------------------------------------------------------------------------------


def validate_output(document: object) -> None:
    """Validate a ``--output-format json`` document against the schema shipped in the package."""
    require("jsonschema", "JSON output is validated against its schema")
    import jsonschema

    jsonschema.validate(document, json.loads(OUTPUT_SCHEMA.read_text(encoding="utf-8")))


def test_output_schema_is_a_valid_schema() -> None:
    require("jsonschema", "the shipped schema is checked")
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(json.loads(OUTPUT_SCHEMA.read_text(encoding="utf-8")))


def test_json_of_all_samples_validates() -> None:
    validate_output(json.loads(render("json", [check_bytes(path.read_bytes(), str(path)) for path in SAMPLE_FILES], Context())))


def test_json_with_symbolic_unknown_and_tricky_values_validates() -> None:
    validate_output(json.loads(render("json", [TRICKY, CLEAN, MODEL_RESULT])))


def test_json_schema_rejects_a_broken_document() -> None:
    require("jsonschema", "JSON output is validated against its schema")
    import jsonschema

    document = json.loads(render("json", [TRICKY]))
    document["files"][0]["diagnostics"][0]["line"] = "3"
    with pytest.raises(jsonschema.ValidationError):
        validate_output(document)


# --- junit --------------------------------------------------------------------------------------


def test_junit_one_testcase_per_checked_file() -> None:
    internal = FileResult("b.py", (), (Diagnostic("KC003", "error", "internal error: boom", Span(1, 1, 1, 1)),))
    weird = FileResult("c.py", (), (Diagnostic("KC104", "warning", "nul \x00 <tag> & \"q\"", Span(1, 1, 1, 2)),))
    root = ET.fromstring(render("junit", [TRICKY, CLEAN, internal, weird]).encode("utf-8"))
    suite = root.find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("4", "2", "1")
    cases = {case.get("name"): case for case in suite.findall("testcase")}
    assert list(cases) == [TRICKY_PATH, "src/clean.py", "b.py", "c.py"]
    assert len(cases[TRICKY_PATH].findall("failure")) == 3 and not list(cases["src/clean.py"])
    assert cases["b.py"].find("error").get("type") == "KC003"
    assert cases["c.py"].find("failure").get("message") == "KC104 nul \ufffd <tag> & \"q\""


# --- concise, full, markdown ----------------------------------------------------------------------

LAYER = LayerResult("dense", "Dense", Span(4, 11, 4, 21), (None, 7, 7, 16), (None, 7, 7, 10), 170, 0)
MODEL_RESULT = FileResult(
    "model.py",
    (ModelResult("sequential", "Sequential", Span(3, 9, 5, 2), (LAYER,), (None, 7, 7, 16), ("a | note",)),),
    (Diagnostic("KC104", "warning", "Dense: applied to a 4D input", Span(4, 11, 4, 21)),),
)
MODEL_SOURCE = b"import keras\n\nm = keras.Sequential([\n    m.add(keras.layers.Dense(10))\n])\n"


def test_concise_colors_only_when_asked() -> None:
    plain = render("concise", [TRICKY])
    colored = render("concise", [TRICKY], Context(color=True))
    assert "\x1b[" not in plain and plain.splitlines()[0] == f"{TRICKY_PATH}:3:5: KC104 Dense: shape (None, 4, 4) -> (None, 4, 8), a, b: c"
    assert f"\x1b[1m{TRICKY_PATH}\x1b[0m:3:5: \x1b[{level('warning').color}mKC104\x1b[0m" in colored


def test_full_quotes_the_source_with_a_caret_and_the_shapes() -> None:
    text = render("full", [MODEL_RESULT], Context(sources={"model.py": MODEL_SOURCE}))
    assert text == (
        "model.py:4:11: KC104 Dense: applied to a 4D input\n"
        "  |\n"
        "4 |     m.add(keras.layers.Dense(10))\n"
        "  |           ^^^^^^^^^^ KC104\n"
        "  |\n"
        "  = shapes: (None, 7, 7, 16) -> dense (Dense) -> (None, 7, 7, 10)\n"
        f"  = help: {RULES['KC104'].how_to_fix}\n"
    )


def test_full_spans_several_lines_and_survives_a_missing_file() -> None:
    text = render("full", [TRICKY], Context(sources={TRICKY_PATH: b"a\nb\nc\nd\ne\nf\n    first(\n\tsecond,\n  x)\n"}))
    assert "7 |     first(\n  | ^^^^^^^^^^\n8 | \tsecond,\n  | \t^^^^^^^\n9 |   x)\n  |   ^ KC101\n" in text
    assert render("full", [FileResult("no/such/file.py", (), TRICKY.diagnostics[:1])]).startswith("no/such/file.py:3:5: KC104")


def test_markdown_summary_is_a_table_with_totals_and_findings() -> None:
    text = render("markdown", [MODEL_RESULT, CLEAN])
    assert "### `model.py`" in text and "src/clean.py" not in text
    assert "| Layer (type) | Output Shape | Param # |\n|:--|:--|--:|\n| dense (Dense) | `(None, 7, 7, 10)` | `170` |" in text
    assert "Total params: **170 (680.00 B)**  \nTrainable params: **170 (680.00 B)**  \nNon-trainable params: **0 (0.00 B)**" in text
    assert "> Note: a \\| note" in text
    assert "- :warning: **KC104** line 4, column 11: Dense: applied to a 4D input" in text


def test_markdown_graph_models_have_the_connected_to_column() -> None:
    merged = LayerResult("add", "Add", Span(6, 5, 6, 20), None, (None, 10), 0, 0, connected_to=("dense[0][0]", "dense_1[0][0]"))
    model = ModelResult("functional", "Functional", Span(3, 9, 7, 2), (LAYER, merged), None, (), sequential_like=False)
    text = render("markdown", [FileResult("graph.py", (model,))])
    assert "| Layer (type) | Output Shape | Param # | Connected to |\n|:--|:--|--:|:--|" in text
    assert "| dense (Dense) | `(None, 7, 7, 10)` | `170` | - |" in text
    assert "| add (Add) | `(None, 10)` | `0` | `dense[0][0]`, `dense_1[0][0]` |" in text


def test_markdown_escapes_symbolic_counts() -> None:
    from kerascheck.reporters.summary_markdown import code, escape

    assert escape("800*channels + 32") == "800\\*channels + 32"
    assert escape("<b>x_y</b> [z]") == "\\<b\\>x\\_y\\</b\\> \\[z\\]"
    assert code("a | b") == "`a \\| b`"


# --- shared helpers -----------------------------------------------------------------------------


def test_relative_path_inside_and_outside_the_root() -> None:
    assert relative_path("/repo/a/b.py", Path("/repo")) == "a/b.py"
    assert relative_path("/other/b.py", Path("/repo")) == "/other/b.py"


def test_every_format_renders_an_empty_run() -> None:
    for name in {**CHECK_FORMATS, **SUMMARY_FORMATS}:
        assert isinstance(render(name, []), str)


def test_json_file_notes_are_required_strings() -> None:
    """A file's notes (a name never imported read as Keras') are part of the contract."""
    require("jsonschema", "JSON output is validated against its schema")
    import jsonschema

    noted = FileResult("snippet.py", notes=("`Dense` is not imported; read as `keras.layers.Dense`",))
    document = json.loads(render("json", [noted]))
    assert document["files"][0]["notes"] == ["`Dense` is not imported; read as `keras.layers.Dense`"]
    validate_output(document)
    for broken in ([3], None):
        document["files"][0]["notes"] = broken
        with pytest.raises(jsonschema.ValidationError):
            validate_output(document)
    del document["files"][0]["notes"]
    with pytest.raises(jsonschema.ValidationError):
        validate_output(document)


@pytest.mark.parametrize("name", ["text", "markdown"])
def test_summaries_show_file_notes(name: str) -> None:
    noted = FileResult("snippet.py", MODEL_RESULT.models, notes=("`Dense` is not imported; read as `keras.layers.Dense`",))
    shown = render(name, [noted])
    expected = {"text": " Note: `Dense` is not imported; read as `keras.layers.Dense`\n",
                "markdown": "> Note: \\`Dense\\` is not imported; read as \\`keras.layers.Dense\\`\n"}[name]
    assert expected in shown
