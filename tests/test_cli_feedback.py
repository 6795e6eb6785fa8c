"""The CLI says what it did and refuses what cannot work (issue 17, item 3).

Every case goes through the command line (``main(argv)``), from a project
written in a temporary directory: the closing line on stderr, ``--fail-on``
and ``fail-on``, no files found, ``summary`` without models, every refused
combination of options, and the messages of bad input.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .test_cli import BAD, GOOD, run

#: KC206 (info): a Sequential whose input is declared nowhere (Keras builds it on the first data).
INFO_ONLY = "import keras\nmodel = keras.Sequential([keras.layers.Dense(3)])\n"
#: KC104 (warning): a Dense on an image.
WARNING_ONLY = "import keras\nmodel = keras.Sequential([keras.Input((8, 8, 3)), keras.layers.Dense(3)])\n"
#: KC102 (error) and KC104 (warning) in one file.
ERROR_AND_WARNING = ("import keras\nmodel = keras.Sequential([keras.Input((8, 8, 3)), keras.layers.Dense(3), "
                     "keras.layers.Flatten(), keras.layers.LSTM(2)])\n")
NO_MODEL = "import keras\nx = 1\n"


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Write ``{relative path: text}`` into a fresh project directory and run from it."""
    monkeypatch.chdir(tmp_path)

    def write(files: dict) -> Path:
        for name, text in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8")
        return tmp_path

    return write


# -- the closing line and the exit status --------------------------------------------------------


@pytest.mark.parametrize(
    "files, args, code, err",
    [
        ({"a.py": GOOD}, [], 0, "All checks passed!\n"),
        ({"a.py": GOOD, "b.py": BAD}, [], 1, "Found 1 finding (1 error, 0 warnings, 0 info) in 1 file\n"),
        ({"a.py": ERROR_AND_WARNING, "b.py": BAD}, [], 1, "Found 3 findings (2 errors, 1 warning, 0 info) in 2 files\n"),
        ({"a.py": INFO_ONLY}, [], 0, "Found 1 finding (0 errors, 0 warnings, 1 info) in 1 file\n"),
        ({"a.py": BAD}, ["--quiet"], 1, ""),
        ({"a.py": GOOD}, ["-q"], 0, ""),
        ({"a.py": BAD}, ["--statistics"], 1, "Found 1 finding (1 error, 0 warnings, 0 info) in 1 file\n"),
        ({"a.py": BAD}, ["--exit-zero"], 0, "Found 1 finding (1 error, 0 warnings, 0 info) in 1 file\n"),
    ],
)
def test_closing_line_on_stderr(tree, capsys: pytest.CaptureFixture, files: dict, args: list, code: int, err: str) -> None:
    tree(files)
    result = run(capsys, "check", "--no-cache", *args, ".")
    assert (result[0], result[2]) == (code, err)


@pytest.mark.parametrize(
    "text, args, config, code",
    [
        (INFO_ONLY, [], "", 0),  # info never fails by default
        (INFO_ONLY, ["--fail-on", "info"], "", 1),
        (INFO_ONLY, [], 'fail-on = "info"\n', 1),
        (WARNING_ONLY, [], "", 1),
        (WARNING_ONLY, ["--fail-on", "warning"], "", 1),
        (WARNING_ONLY, ["--fail-on", "error"], "", 0),
        (WARNING_ONLY, [], 'fail-on = "error"\n', 0),
        (WARNING_ONLY, ["--fail-on", "warning"], 'fail-on = "error"\n', 1),  # the command line wins
        (WARNING_ONLY, [], 'severity = { KC104 = "info" }\n', 0),  # the severity as configured decides
        (ERROR_AND_WARNING, ["--fail-on", "error"], "", 1),
        (GOOD, ["--fail-on", "info"], "", 0),
    ],
)
def test_fail_on(tree, capsys: pytest.CaptureFixture, text: str, args: list, config: str, code: int) -> None:
    tree({"model.py": text, "pyproject.toml": f"[tool.kerascheck]\n{config}"})
    assert run(capsys, "check", "--no-cache", *args, "model.py")[0] == code


def test_fail_on_is_validated(tree, capsys: pytest.CaptureFixture) -> None:
    tree({"model.py": GOOD, "pyproject.toml": '[tool.kerascheck]\nfail-on = "warnings"\n'})
    code, out, err = run(capsys, "check", "--no-cache", "model.py")
    assert (code, out) == (2, "")
    assert "fail-on = 'warnings': must be one of error, warning, info" in err
    with pytest.raises(SystemExit) as exit_info:
        run(capsys, "check", "--fail-on", "never", "model.py")
    assert exit_info.value.code == 2 and "argument --fail-on: invalid choice: 'never'" in capsys.readouterr().err


# -- nothing to check, nothing to summarise --------------------------------------------------------


@pytest.mark.parametrize(
    "files, args",
    [
        ({"empty/.keep": ""}, ["check", "empty"]),
        ({"docs/notes.txt": "", "docs/setup.cfg": ""}, ["check", "docs"]),
        ({"docs/notes.txt": ""}, ["summary", "docs"]),
        ({"docs/notes.txt": ""}, ["check", "--show-files", "docs"]),
        ({"venv/lib.py": GOOD}, ["check", "."]),  # only skipped directories
    ],
)
def test_no_python_files_is_a_warning_and_status_2(tree, capsys: pytest.CaptureFixture, files: dict, args: list) -> None:
    tree(files)
    assert run(capsys, *args) == (2, "", "kerascheck: warning: no Python files or notebooks found in the paths given\n")


@pytest.mark.parametrize(
    "files, args",
    [
        ({"pyproject.toml": '[tool.kerascheck]\nexclude = ["build"]\n', "build/a.py": BAD}, ["check", "build"]),
        ({"pyproject.toml": '[tool.kerascheck]\nexclude = ["a.py"]\n', "a.py": BAD}, ["check", "--force-exclude", "a.py"]),
        ({".git/HEAD": "", ".gitignore": "gen/\n", "gen/a.py": BAD}, ["summary", "."]),
    ],
)
def test_every_file_excluded_is_said_and_not_a_failure(tree, capsys: pytest.CaptureFixture, files: dict, args: list) -> None:
    tree(files)
    warning = "kerascheck: warning: every file found is excluded (exclude, extend-exclude, .gitignore): nothing to check\n"
    assert run(capsys, *args) == (0, "", warning)


@pytest.mark.parametrize(
    "files, err, code",
    [
        ({"a.py": NO_MODEL}, "kerascheck: no models found in 1 file checked\nAll checks passed!\n", 0),
        ({"a.py": NO_MODEL, "b.py": "x = 1\n"}, "kerascheck: no models found in 2 files checked\nAll checks passed!\n", 0),
        ({"a.py": GOOD}, "All checks passed!\n", 0),
    ],
)
def test_summary_says_when_there_is_no_model(tree, capsys: pytest.CaptureFixture, files: dict, err: str, code: int) -> None:
    tree(files)
    result = run(capsys, "summary", "--no-cache", ".")
    assert (result[0], result[2]) == (code, err)
    assert run(capsys, "summary", "--no-cache", "--quiet", ".") == (code, "", "")


# -- refused combinations ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, message",
    [
        (["check", "--add-noqa", "-"], "--add-noqa and - (stdin) cannot be used together: --add-noqa rewrites files on disk"),
        (["check", "--add-noqa", "--stdin-filename", "m.py"], "--add-noqa and - (stdin) cannot be used together"),
        (["check", "--show-files", "--add-noqa", "."], "--show-files and --add-noqa cannot be used together"),
        (["check", "--show-settings", "--add-noqa", "a.py"], "--show-settings and --add-noqa cannot be used together"),
        (["check", "--show-files", "--show-settings", "."], "--show-files and --show-settings cannot be used together"),
        (["check", "--show-files", "--statistics", "."], "--show-files and --statistics cannot be used together"),
        (["check", "--show-files", "--output-format", "json", "."], "--show-files and --output-format cannot be used together"),
        (["summary", "--show-settings", "-o", "out.txt", "a.py"], "--show-settings and --output-file cannot be used together"),
        (["check", "--show-files", "--quiet", "."], "--show-files and --quiet cannot be used together"),
        (["check", "--add-noqa", "--statistics", "."], "--add-noqa and --statistics cannot be used together"),
        (["check", "--add-noqa", "--exit-zero", "."], "--add-noqa and --exit-zero cannot be used together"),
        (["check", "--add-noqa", "--fail-on", "info", "."], "--add-noqa and --fail-on cannot be used together"),
        (["check", "--no-cache", "--cache-dir", "store", "."], "--no-cache and --cache-dir cannot be used together"),
        (["check", "--no-cache", "--cache-max-size", "1GB", "."], "--no-cache and --cache-max-size cannot be used together"),
        (["check", "--exit-zero", "--fail-on", "error", "."], "--exit-zero and --fail-on cannot be used together"),
        *((["check", "--statistics", "--output-format", name, "."], f"--statistics prints a table of counts (as text, or JSON "
           f"with --output-format json); it has no {name} form") for name in ("sarif", "github", "gitlab", "junit")),
        (["summary", "--statistics", "--output-format", "markdown", "."], "--statistics prints a table of counts"),
        (["check", "--select", "", "."], "--select was given no rule code (write codes or prefixes, e.g. --select KC1,KC203)"),
        (["check", "--select", " , ", "."], "--select was given no rule code"),
        (["check", "--ignore", "", "."], "--ignore was given no rule code"),
        (["summary", "--extend-select=", "."], "--extend-select was given no rule code"),
        (["check", "--cache-dir", "a.py", "."], "--cache-dir a.py: exists and is not a directory"),
    ],
)
def test_meaningless_combinations_are_refused(tree, capsys: pytest.CaptureFixture, args: list, message: str) -> None:
    tree({"a.py": BAD})
    code, out, err = run(capsys, *args)
    assert (code, out) == (2, "")
    assert err.startswith(f"kerascheck: error: {message}") and err.count("\n") == 1
    assert "# kerascheck: ignore" not in (Path("a.py")).read_text()  # nothing was done


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--statistics", "--output-format", "json", "."],
        ["check", "--statistics", "--output-format", "full", "."],
        ["summary", "--statistics", "."],
        ["check", "--cache-dir", "new-store", "."],
        ["check", "--select", "KC1,", "."],  # a trailing comma is not an empty selector
    ],
)
def test_meaningful_combinations_still_run(tree, capsys: pytest.CaptureFixture, args: list) -> None:
    tree({"a.py": BAD})
    assert run(capsys, *args)[0] == 1


@pytest.mark.parametrize(
    "args, hint",
    [
        (["summary", "--add-noqa", "a.py"], "(--add-noqa is an option of `kerascheck check`, not of `kerascheck summary`)"),
        (["check", "--frobnicate", "a.py"], ""),
    ],
)
def test_an_option_of_another_command_is_named(tree, capsys: pytest.CaptureFixture, args: list, hint: str) -> None:
    tree({"a.py": BAD})
    with pytest.raises(SystemExit) as exit_info:
        run(capsys, *args)
    err = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert err.startswith(f"usage: kerascheck {args[0]} ")  # the command's usage, not the top level's
    assert err.endswith(f"kerascheck: error: unrecognized arguments: {args[1]}{' ' + hint if hint else ''}\n")


# -- messages -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ('"3"', "target = Keras 3, from pyproject.toml: keras-version = \"3\""),
        ("3", "target = Keras 3, from pyproject.toml: keras-version = \"3\""),
        ('"2.12"', "target = Keras 2, from pyproject.toml: keras-version = \"2.12\""),
    ],
)
def test_keras_version_accepts_versions(tree, capsys: pytest.CaptureFixture, value: str, expected: str) -> None:
    tree({"a.py": GOOD, "pyproject.toml": f"[tool.kerascheck]\nkeras-version = {value}\n"})
    code, out, _ = run(capsys, "check", "--show-settings", "a.py")
    assert code == 0 and expected in out.splitlines()


@pytest.mark.parametrize(
    "value, says",
    [
        ('"3.x"', 'keras-version = \'3.x\': must be 1, 2 or 3, a version such as "2.3" or "2.12", or "installed"; '
                  'write the version alone, "3", not a range, a pattern or a name'),
        ('">=2.12"', 'write the version alone, "2.12", not a range'),
        ('"keras 3"', 'write the version alone, "3", not a range'),
        ('"latest"', "keras-version = 'latest': must be 1, 2 or 3, a version such as \"2.3\" or \"2.12\", or \"installed\" ("),
        ('"4"', "there is no Keras 4"),
    ],
)
def test_keras_version_messages_say_what_to_write(tree, capsys: pytest.CaptureFixture, value: str, says: str) -> None:
    tree({"a.py": GOOD, "pyproject.toml": f"[tool.kerascheck]\nkeras-version = {value}\n"})
    code, out, err = run(capsys, "check", "a.py")
    assert (code, out) == (2, "") and says in err


@pytest.mark.parametrize(
    "data, where",
    [
        (b"import keras\nname = 'caf\xe9'\n", "2:12: KC002 cannot decode file: not valid utf-8 text (byte 0xe9 at line 2, column 12)"),
        (b"\xff = 1  # keras\n", "1:1: KC002 cannot decode file: not valid utf-8 text (byte 0xff at line 1, column 1)"),
        # the column counts characters, not bytes: "é" before it is one column
        ("import keras\n\n# é\nx = 'é".encode() + b"\xff'\n", "4:7: KC002 cannot decode file: not valid utf-8 text (byte 0xff at line 4, column 7)"),
        (b"# -*- coding: ascii -*-\nimport keras\nx = '\xc3\xa9'\n", "3:6: KC002 cannot decode file: not valid ascii text (byte 0xc3 at line 3, column 6)"),
    ],
)
def test_undecodable_file_says_line_and_column(tree, capsys: pytest.CaptureFixture, data: bytes, where: str) -> None:
    tree({"model.py": data})
    code, out, _ = run(capsys, "check", "--no-cache", "model.py")
    assert (code, out) == (1, f"model.py:{where}\n")


# -- configuration files ---------------------------------------------------------------------------

#: KC307 (an unknown activation) and KC308 (Dropout(1)).
TWO_RULES = "from keras import layers, models\nm = models.Sequential([layers.Dense(4, activation='rellu', input_shape=(3,)), layers.Dropout(1)])\n"


@pytest.mark.parametrize(
    "files, codes",
    [
        ({"kerascheck.toml": 'ignore = ["KC307"]\n'}, ["KC308"]),
        ({".kerascheck.toml": 'ignore = ["KC308"]\n'}, ["KC307"]),
        ({"kerascheck.toml": '[tool.kerascheck]\nignore = ["KC307"]\n'}, ["KC308"]),
        # in one directory: .kerascheck.toml, then kerascheck.toml, then pyproject.toml, as ruff's order
        ({".kerascheck.toml": 'ignore = ["KC308"]\n', "kerascheck.toml": 'ignore = ["KC307"]\n'}, ["KC307"]),
        ({"kerascheck.toml": 'ignore = ["KC307"]\n', "pyproject.toml": '[tool.kerascheck]\nignore = ["KC308"]\n'}, ["KC308"]),
        ({"kerascheck.toml": "", "pyproject.toml": '[tool.kerascheck]\nignore = ["KC308"]\n'}, ["KC307", "KC308"]),  # present: it decides
        # the nearest directory wins, whatever the file's name
        ({"kerascheck.toml": 'ignore = ["KC307"]\n', "pkg/pyproject.toml": '[tool.kerascheck]\nignore = ["KC308"]\n'}, ["KC307"]),
        ({"pyproject.toml": '[tool.kerascheck]\nignore = ["KC308"]\n', "pkg/kerascheck.toml": 'ignore = ["KC307"]\n'}, ["KC308"]),
        ({"pkg/pyproject.toml": '[project]\nname = "x"\n', "kerascheck.toml": 'ignore = ["KC307"]\n'}, ["KC308"]),  # no table: skipped
    ],
)
def test_kerascheck_toml_is_discovered(tree, capsys: pytest.CaptureFixture, files: dict, codes: list) -> None:
    tree({**files, "pkg/model.py": TWO_RULES})
    code, out, err = run(capsys, "check", "--no-cache", "pkg/model.py")
    assert code == 1, err
    assert sorted(line.split()[1] for line in out.splitlines()) == codes


def test_config_flag_reads_a_kerascheck_toml(tree, capsys: pytest.CaptureFixture) -> None:
    tree({"elsewhere/kerascheck.toml": 'ignore = ["KC307"]\n', "pyproject.toml": '[tool.kerascheck]\nignore = ["KC308"]\n',
          "model.py": TWO_RULES})
    code, out, _ = run(capsys, "check", "--no-cache", "--config", "elsewhere/kerascheck.toml", "model.py")
    assert code == 1 and [line.split()[1] for line in out.splitlines()] == ["KC308"]


def test_unknown_key_in_kerascheck_toml_is_an_error(tree, capsys: pytest.CaptureFixture) -> None:
    tree({"kerascheck.toml": 'ignroe = ["KC307"]\n', "model.py": TWO_RULES})
    code, out, err = run(capsys, "check", "--no-cache", "model.py")
    assert (code, out) == (2, "")
    assert "kerascheck.toml: unknown key 'ignroe' in kerascheck.toml; the keys are: select," in err


def test_show_settings_names_the_kerascheck_toml(tree, capsys: pytest.CaptureFixture) -> None:
    tree({"kerascheck.toml": 'fail-on = "error"\n', "model.py": WARNING_ONLY})
    code, out, _ = run(capsys, "check", "--show-settings", "model.py")
    assert code == 0 and f"Settings path: '{Path.cwd() / 'kerascheck.toml'}'" in out.splitlines()
    assert run(capsys, "check", "--no-cache", "model.py")[0] == 0  # its fail-on is the run's
