"""The target Keras (issue 13): each source, their precedence, bad and conflicting declarations, and how it is shown."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Optional

import pytest

from kerascheck.cache import settings_fingerprint
from kerascheck.cli import main
from kerascheck.config import Options, Resolver
from kerascheck.target import DEFAULT, Target, TargetError, parse_request
from kerascheck.target.project import TargetResolver, installed
from kerascheck.target.requirements import FAMILIES, MENTIONS_KERAS, canonical_name, from_pep508
from kerascheck.target.versions import decide

from .conftest import ROOT, require

MODEL = "from tensorflow import keras\nm = keras.Sequential([keras.layers.Dense(4, input_shape=(3,))])\n"


def project(tmp_path: Path, files: dict) -> Path:
    """A project directory holding ``files`` (name -> text) and a model file ``src/model.py``; returns the model file."""
    (tmp_path / ".git").mkdir(parents=True)  # the repository's root: the search never goes above it
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    model = tmp_path / "src" / "model.py"
    model.parent.mkdir(parents=True, exist_ok=True)
    model.write_text(MODEL)
    return model


def resolve(model: Path, target_keras: Optional[str] = None, isolated: bool = False) -> tuple:
    """``(Target or None, notes)`` for a file, as the CLI resolves it."""
    resolver = Resolver(isolated=isolated)
    settings = resolver.settings_for(model, Options(target_keras=target_keras))
    return settings.target, list(resolver.targets.notes)


def said(model: Path, **options: object) -> tuple:
    """``(version, provider, source)`` of the resolved target (None when nothing decides)."""
    target, _notes = resolve(model, **options)  # type: ignore[arg-type]
    return None if target is None else (target.text, target.provider, target.source)


def run(capsys: pytest.CaptureFixture, *args: str) -> tuple:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# -- the record and the request ----------------------------------------------------------


def test_target_record() -> None:
    target = Target((2, 12), "from requirements.txt: tensorflow==2.12", "tensorflow")
    assert (target.generation, target.text, str(target.version)) == (2, "2.12", "2.12")
    assert target.describe() == "Keras 2, from requirements.txt: tensorflow==2.12"
    assert target.admits(">=2.11,<3") and not target.admits(">=3")
    assert DEFAULT.describe() == "Keras 3, the default"
    assert target.as_json() == {"version": "2.12", "generation": 2, "provider": "tensorflow",
                                "source": "from requirements.txt: tensorflow==2.12", "notes": []}


@pytest.mark.parametrize("value, expected", [
    (1, "1"), (2, "2"), ("2.3", "2.3"), ("2.12", "2.12"), ("3", "3"), (" 2.12.0 ", "2.12.0"), ("Installed", "installed"),
])
def test_requests_are_normalised(value: object, expected: str) -> None:
    assert parse_request(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("4", "there is no Keras 4"), (2.1, "write the version as a string"), ("2.x", "must be 1, 2 or 3"),
    (True, "must be"), ("", "must be"), ([3], "must be"),
])
def test_bad_requests_say_what_is_allowed(value: object, expected: str) -> None:
    with pytest.raises(TargetError, match=expected):
        parse_request(value)


# -- what a requirement means ------------------------------------------------------------


@pytest.mark.parametrize("requirements, expected", [
    (["tensorflow==2.12"], ("2.12", "tensorflow")),
    (["tensorflow-gpu>=2.10,<2.16"], ("2.15", "tensorflow")),
    (["tensorflow<2.16"], ("2.15", "tensorflow")),
    (["tensorflow~=2.12.0"], ("2.12", "tensorflow")),
    (["tensorflow-macos==2.13.*; sys_platform == 'darwin'"], ("2.13", "tensorflow")),
    (["tensorflow>=2.4"], ("3", "keras")),  # what pip installs today: Keras 3
    (["tensorflow==2.16.1"], ("3", "keras")),
    (["tf-nightly==2.17.0.dev20240101"], ("3", "keras")),
    (["tensorflow==1.15"], ("2.2", "tensorflow")),
    (["tensorflow==2.99"], ("3", "keras")),  # a pin newer than the tables still counts
    (["keras==2.2.4"], ("2.2", "keras")),
    (["keras<2.4"], ("2.3", "keras")),
    (["keras==1.2.2"], ("1.2", "keras")),
    (["keras>=3"], ("3.15", "keras")),
    (["tensorflow==2.16.1", "tf-keras"], ("2.16", "tf-keras")),
    (["tf_keras~=2.17.0"], ("2.17", "tf-keras")),
    (["keras>=3", "tensorflow==2.15"], ("3.15", "keras")),  # what `import keras` gets; noted
    (["tensorflow"], None),  # no bound: says nothing
    (["numpy==1.26", "keras-tuner==1.4"], None),
])
def test_requirements_translate_to_a_target(requirements: list, expected: Optional[tuple]) -> None:
    decision = decide([r for r in map(from_pep508, requirements) if r is not None], "requirements.txt")
    found = decision.target
    assert (None if found is None else (found.text, found.provider)) == expected


def test_disagreeing_declarations_in_one_file_are_noted() -> None:
    decision = decide([from_pep508("keras>=3"), from_pep508("tensorflow==2.15")], "requirements.txt")
    assert decision.target.generation == 3
    assert decision.notes == ("requirements.txt: tensorflow==2.15 would mean Keras 2, but keras>=3 is more specific: Keras 3",)


# -- one project per source --------------------------------------------------------------


SOURCES = {
    "pyproject [project]": ({"pyproject.toml": '[project]\nname = "p"\ndependencies = ["tensorflow==2.12", "numpy"]\n'},
                            ("2.12", "tensorflow", "from pyproject.toml: tensorflow==2.12")),
    "pyproject extra": ({"pyproject.toml": '[project]\nname = "p"\n[project.optional-dependencies]\ngpu = ["tensorflow[and-cuda]>=2.14,<2.15"]\n'},
                        ("2.14", "tensorflow", "from pyproject.toml [project.optional-dependencies] gpu: tensorflow[and-cuda]>=2.14,<2.15")),
    "dependency groups": ({"pyproject.toml": '[dependency-groups]\ndev = ["keras==2.3.1", {include-group = "x"}]\n'},
                          ("2.3", "keras", "from pyproject.toml [dependency-groups] dev: keras==2.3.1")),
    "poetry": ({"pyproject.toml": '[tool.poetry.dependencies]\npython = "^3.9"\ntensorflow = "~2.12"\n'},
               ("2.12", "tensorflow", "from pyproject.toml [tool.poetry.dependencies]: tensorflow = '~2.12'")),
    "poetry caret": ({"pyproject.toml": '[tool.poetry.group.ml.dependencies]\nkeras = { version = "^2.4" }\n'},
                     ("2.15", "keras", "from pyproject.toml [tool.poetry.group.ml]: keras = '^2.4'")),
    "pdm": ({"pyproject.toml": '[tool.pdm.dev-dependencies]\ntest = ["tf-keras>=2.16"]\n'},
            ("2.22", "tf-keras", "from pyproject.toml [tool.pdm.dev-dependencies] test: tf-keras>=2.16")),
    "requirements -r": ({"requirements.txt": "-r requirements/base.txt\n", "requirements/base.txt": "# pinned\nnumpy\ntensorflow-cpu==2.11.0 \\\n    --hash=sha256:abc\n"},
                        ("2.11", "tensorflow", "from requirements/base.txt (included by requirements.txt): tensorflow-cpu==2.11.0")),
    "setup.cfg": ({"setup.cfg": "[metadata]\nname = p\n[options]\ninstall_requires =\n    numpy\n    keras>=2.0,<2.2\n"},
                  ("2.1", "keras", "from setup.cfg install_requires: keras>=2.0,<2.2")),
    "setup.py": ({"setup.py": "from setuptools import setup\nsetup(name='p', install_requires=['tensorflow==2.9.1'])\n"},
                 ("2.9", "tensorflow", "from setup.py install_requires: tensorflow==2.9.1")),
    "setup.py by name": ({"setup.py": "import setuptools\nREQUIRED = ['keras==1.2.2']\nsetuptools.setup(name='p', install_requires=REQUIRED)\n"},
                         ("1.2", "keras", "from setup.py install_requires: keras==1.2.2")),
    "Pipfile": ({"Pipfile": '[packages]\ntensorflow = "==2.10.0"\n[dev-packages]\npytest = "*"\n'},
                ("2.10", "tensorflow", "from Pipfile: tensorflow = '==2.10.0'")),
    "conda": ({"environment.yml": "name: p\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.10\n  - conda-forge::tensorflow=2.13\n  - pip\n  - pip:\n      - pandas\n"},
              ("2.13", "tensorflow", "from environment.yml: conda-forge::tensorflow=2.13")),
    "conda pip and variables": ({"environment.yaml": "dependencies:\n  - pip:\n    - tensorflow==2.17.0\n    - tf-keras==2.17.0\nvariables:\n  TF_USE_LEGACY_KERAS: 1\n"},
                                ("2.17", "tf-keras", "from environment.yaml: tf-keras==2.17.0, TF_USE_LEGACY_KERAS=1")),
    "uv.lock": ({"uv.lock": 'version = 1\n[[package]]\nname = "tensorflow"\nversion = "2.15.1"\n[[package]]\nname = "numpy"\nversion = "1.26.4"\n'},
                ("2.15", "tensorflow", "from uv.lock: tensorflow 2.15.1")),
    "poetry.lock": ({"poetry.lock": '[[package]]\nname = "keras"\nversion = "3.4.1"\n'}, ("3.4", "keras", "from poetry.lock: keras 3.4.1")),
    "Pipfile.lock": ({"Pipfile.lock": json.dumps({"_meta": {}, "default": {"tensorflow": {"version": "==2.8.0"}}, "develop": {}})},
                     ("2.8", "tensorflow", "from Pipfile.lock: tensorflow==2.8.0")),
}


@pytest.mark.parametrize("name", SOURCES)
def test_each_declaration_format(tmp_path: Path, name: str) -> None:
    files, expected = SOURCES[name]
    assert said(project(tmp_path, files)) == expected


def test_a_project_without_declarations_leaves_the_target_to_the_engine(tmp_path: Path) -> None:
    model = project(tmp_path, {"README.md": "nothing\n"})
    assert said(model) is None
    assert Resolver().settings_for(model).target is None


def test_the_nearest_project_directory_decides(tmp_path: Path) -> None:
    project(tmp_path, {"requirements.txt": "tensorflow==2.12\n", "sub/requirements.txt": "keras==3.3\n"})
    (tmp_path / "sub" / "m.py").write_text(MODEL)
    assert said(tmp_path / "sub" / "m.py")[0] == "3.3"
    assert said(tmp_path / "src" / "model.py")[0] == "2.12"


def test_the_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("tensorflow==2.12\n")
    model = project(tmp_path / "repo", {})
    assert said(model) is None


def test_installed_distributions_are_read_from_metadata_without_importing() -> None:
    versions = {"tensorflow": "2.12.0", "keras": "2.12.0"}
    target, notes = installed("--target-keras installed", versions.get, {})
    assert (target.text, target.source, notes) == ("2.12", "from the installed distributions (--target-keras installed): keras 2.12.0", ())
    # tf-keras installed beside Keras 3 is only used when asked for
    versions = {"tensorflow": "2.17.0", "keras": "3.5.0", "tf-keras": "2.17.0"}
    assert installed("x", versions.get, {})[0].text == "3.5"
    assert installed("x", versions.get, {"TF_USE_LEGACY_KERAS": "1"})[0].text == "2.17"
    target, notes = installed("--target-keras installed", {}.get, {})
    assert target is None and "neither Keras nor TensorFlow is installed" in notes[0]


def test_installed_is_read_only_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = []
    monkeypatch.setattr("kerascheck.target.project._distribution_version", lambda name: asked.append(name) or None)
    model = project(tmp_path, {"requirements.txt": "tensorflow==2.12\n"})
    assert said(model)[0] == "2.12" and asked == []
    # nothing installed: the next source (the declarations) decides, with a note
    target, notes = resolve(model, target_keras="installed")
    assert target.text == "2.12" and asked and any("--target-keras installed" in note for note in notes)
    monkeypatch.setattr("kerascheck.target.project._distribution_version", {"keras": "3.1.0"}.get)
    assert said(model, target_keras="installed")[:2] == ("3.1", "keras")


# -- precedence ---------------------------------------------------------------------------


def test_precedence_flag_then_configuration_then_declarations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model = project(tmp_path, {"requirements.txt": "tensorflow==2.12\n", "pyproject.toml": '[tool.kerascheck]\nkeras-version = "2.3"\n'})
    monkeypatch.chdir(tmp_path)
    assert said(model, target_keras="1") == ("1", "keras", "from --target-keras 1")
    assert said(model) == ("2.3", "keras", 'from pyproject.toml: keras-version = "2.3"')
    (tmp_path / "pyproject.toml").write_text("[tool.kerascheck]\nselect = [\"KC1\"]\n")
    assert said(model) == ("2.12", "tensorflow", "from requirements.txt: tensorflow==2.12")
    assert said(model, isolated=True) is None  # --isolated reads no declarations either


def test_an_integer_keras_version_still_works(tmp_path: Path) -> None:
    model = project(tmp_path, {"pyproject.toml": "[tool.kerascheck]\nkeras-version = 2\n"})
    settings = Resolver().settings_for(model)
    assert (settings.target.generation, settings.target.text, settings.target.provider) == (2, "2", "tensorflow")


def test_precedence_lock_then_main_then_optional(tmp_path: Path) -> None:
    files = {
        "requirements-dev.txt": "keras>=3\n",
        "requirements.txt": "tensorflow>=2.10,<2.14\n",
        "pyproject.toml": '[project]\nname = "p"\n[project.optional-dependencies]\nnew = ["tensorflow>=2.16"]\n',
    }
    model = project(tmp_path, files)
    target, notes = resolve(model)
    assert target.source == "from requirements.txt: tensorflow>=2.10,<2.14"
    assert any(note.startswith("pyproject.toml [project.optional-dependencies] new says Keras 3") for note in notes)
    assert any(note.startswith("requirements-dev.txt says Keras 3.15 (keras>=3)") for note in notes)
    assert target.notes == tuple(notes)
    (tmp_path / "uv.lock").write_text('[[package]]\nname = "tensorflow"\nversion = "2.13.1"\n')
    assert said(model)[2] == "from uv.lock: tensorflow 2.13.1"


# -- malformed declarations: a note, never a traceback ---------------------------------------


@pytest.mark.parametrize("files, note", [
    ({"requirements.txt": "tensorflow=2.12\nkeras==3.1\n"}, "requirements.txt:1: 'tensorflow=2.12' is not a requirement"),
    ({"Pipfile": "[packages\ntensorflow = '==2.12'\n", "requirements.txt": "keras==3.1\n"}, "Pipfile: not valid TOML"),
    ({"setup.py": "setup(install_requires=['tensorflow==2.12'\n", "requirements.txt": "keras==3.1\n"}, "setup.py: cannot be parsed (SyntaxError"),
    ({"setup.cfg": "[options\ninstall_requires = x\n", "requirements.txt": "keras==3.1\n"}, "setup.cfg: not a valid setup.cfg"),
    ({"Pipfile.lock": "{not json", "requirements.txt": "keras==3.1\n"}, "Pipfile.lock: not valid JSON"),
    ({"uv.lock": "[[package]\n", "requirements.txt": "keras==3.1\n"}, "uv.lock: not valid TOML"),
    ({"requirements.txt": "-r ../../outside.txt\nkeras==3.1\n"}, "requirements.txt:1: -r ../../outside.txt is outside the project; not followed"),
    ({"requirements.txt": "-r missing.txt\nkeras==3.1\n"}, "requirements.txt:1: -r missing.txt: no such file; not followed"),
    ({"requirements.txt": "keras===weird\nkeras==3.1\n"}, None),
    ({"Pipfile": "x = " + "[" * 50000 + "]" * 50000, "requirements.txt": "keras==3.1\n"}, "Pipfile: nested too deeply"),
    ({"Pipfile.lock": b"\xff\xfe".decode("latin-1"), "requirements.txt": "keras==3.1\n"}, None),
])
def test_malformed_declarations_are_notes_naming_the_file(tmp_path: Path, files: dict, note: Optional[str]) -> None:
    target, notes = resolve(project(tmp_path, files))
    assert target is not None and target.text == "3.1"
    if note is not None:
        assert any(found.startswith(note) for found in notes), notes


@pytest.mark.parametrize("spec, expected", [
    ("tensorflow=2.12", "==2.12.*"), ("tensorflow 2.12.*", "==2.12.*"), ("tensorflow=2.12=cuda112*", "==2.12.*"),
    ("tensorflow==2.12.0=py310_0", "==2.12.0"), ("tensorflow>=2.10,<2.16", ">=2.10,<2.16"), ("tensorflow", ""),
])
def test_conda_specs(spec: str, expected: str) -> None:
    from kerascheck.target.declarations import _CONDA_SPEC, conda_specifier

    assert conda_specifier(_CONDA_SPEC.match(spec).group(2)) == expected


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_is_never_read(tmp_path: Path) -> None:
    import os

    model = project(tmp_path, {"requirements-x.txt": "keras==3.2\n"})
    os.mkfifo(tmp_path / "requirements.txt")
    assert said(model)[0] == "3.2"


def test_unrelated_malformed_lines_are_not_noted(tmp_path: Path) -> None:
    target, notes = resolve(project(tmp_path, {"requirements.txt": "numpy=1.2\n--index-url https://x\ngit+https://x/y.git\nkeras==3.1\n"}))
    assert target.text == "3.1" and notes == []


def test_include_chains_are_bounded(tmp_path: Path) -> None:
    files = {f"requirements/r{n}.txt": f"-r r{n + 1}.txt\n" for n in range(20)}
    files["requirements.txt"] = "-r requirements/r0.txt\n-r requirements.txt\n"  # and a cycle
    files["requirements/r20.txt"] = "tensorflow==2.12\n"
    target, notes = resolve(project(tmp_path, files))
    assert any("nested more than 8 deep" in note for note in notes)


def test_the_cli_prints_notes_and_still_checks(tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    model = project(tmp_path, {"requirements.txt": "tensorflow==2.12\n", "requirements-dev.txt": "keras>=3\n",
                               "setup.py": "setup(\n"})
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check", "--no-cache", str(model))
    assert code == 0 and "Traceback" not in err
    assert "kerascheck: note: setup.py: cannot be parsed" in err
    assert "kerascheck: note: requirements-dev.txt says Keras 3.15 (keras>=3); requirements.txt: tensorflow==2.12 comes first" in err


# -- the command line and how the target is shown --------------------------------------------


def test_notes_cannot_carry_terminal_escapes(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    model = project(tmp_path, {"requirements.txt": "tensorflow==2.12\n", "requirements-\x1b[31mred.txt": "keras>=3\n"})
    code, out, err = run(capsys, "summary", "--no-cache", str(model))
    assert "\x1b" not in err and "\\x1b[31mred" in err
    (tmp_path / "requirements.txt").unlink()
    code, out, err = run(capsys, "summary", "--no-cache", str(model))
    assert "\x1b" not in out and "(Keras 3, from requirements-\\x1b[31mred.txt: keras>=3)" in out


def test_target_keras_flag_is_validated(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(MODEL)
    with pytest.raises(SystemExit) as exited:
        main(["check", "--target-keras", "2.x", str(tmp_path / "a.py")])
    out, err = capsys.readouterr()
    assert exited.value.code == 2 and out == "" and "argument --target-keras: '2.x': must be 1, 2 or 3" in err and "Traceback" not in err


@pytest.mark.parametrize("value, expected", [
    ('"4"', "keras-version = '4': must be 1, 2 or 3"), ("2.10", "write the version as a string, such as \"2.1\""),
    ('"latest"', "keras-version = 'latest': must be"),
])
def test_bad_keras_version_names_the_file_and_key(tmp_path: Path, capsys: pytest.CaptureFixture, value: str, expected: str) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.kerascheck]\nkeras-version = {value}\n")
    (tmp_path / "a.py").write_text(MODEL)
    code, out, err = run(capsys, "check", str(tmp_path / "a.py"))
    assert code == 2 and out == ""
    assert f"{tmp_path / 'pyproject.toml'}: keras-version" in err and expected in err and "Traceback" not in err


def test_show_settings(tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    model = project(tmp_path, {"requirements.txt": "tensorflow==2.12\n", "pyproject.toml": '[tool.kerascheck]\nignore = ["KC104"]\n'})
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check", "--show-settings", "src/model.py")
    assert code == 0 and err == ""
    assert "Resolved settings for: 'src/model.py'" in out and "Settings path: " in out and "pyproject.toml" in out
    assert "target = Keras 2, from requirements.txt: tensorflow==2.12\n" in out
    assert "target.version = '2.12'\ntarget.generation = 2\n" in out and "ignore = ['KC104']" in out
    code, out, _ = run(capsys, "check", "--show-settings", "--target-keras", "3", str(model))
    assert "target = Keras 3, from --target-keras 3\n" in out
    code, out, _ = run(capsys, "summary", "--show-settings", "--isolated", str(model))
    assert "target = not decided by the project" in out and "Settings path: none" in out


def test_json_carries_the_target_per_file_and_matches_the_schema(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    require("jsonschema", "the JSON output is validated against its schema")
    import jsonschema

    model = project(tmp_path / "a", {"requirements.txt": "tensorflow==2.12\n"})
    other = tmp_path / "b.py"
    other.write_text(MODEL)
    for command in ("check", "summary"):
        code, out, _ = run(capsys, command, "--no-cache", "--output-format", "json", str(model), str(other))
        document = json.loads(out)
        jsonschema.validate(document, json.loads((ROOT / "kerascheck" / "schemas" / "kerascheck-output.schema.json").read_text()))
        targets = {Path(entry["path"]).name: entry["target"] for entry in document["files"]}
        assert targets["model.py"] == {"version": "2.12", "generation": 2, "provider": "tensorflow",
                                       "source": "from requirements.txt: tensorflow==2.12", "notes": []}
        assert targets["b.py"]["source"] == "the default" or targets["b.py"]["source"].startswith("from ")


def test_summary_headers_say_which_keras(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    model = project(tmp_path, {"requirements.txt": "tensorflow==2.12\n"})
    _code, out, _ = run(capsys, "summary", "--no-cache", str(model))
    assert out.startswith(f"== {model} (Keras 2, from requirements.txt: tensorflow==2.12)\n")
    _code, out, _ = run(capsys, "summary", "--no-cache", "--output-format", "markdown", "--target-keras", "2.3", str(model))
    assert "_Predicted for Keras 2, from \\-\\-target\\-keras 2.3._" in out or "_Predicted for Keras 2, from --target-keras 2.3._" in out


def test_the_cache_key_changes_with_the_target(tmp_path: Path) -> None:
    model = project(tmp_path, {"requirements.txt": "tensorflow==2.12\n"})
    resolver = Resolver()
    keys = {settings_fingerprint(resolver.settings_for(model, Options(target_keras=value))) for value in (None, "2.12", "2.11", "3")}
    assert len(keys) == 4


def test_declarations_are_read_once_per_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kerascheck.target.declarations as declarations

    model = project(tmp_path, {"requirements.txt": "tensorflow==2.12\n"})
    (model.parent / "other.py").write_text(MODEL)
    reads = []
    original = declarations.read_project
    monkeypatch.setattr(declarations, "read_project", lambda directory: reads.append(directory) or original(directory))
    targets = TargetResolver()
    assert targets.resolve(model, ()) == targets.resolve(model.parent / "other.py", ()) is not None
    assert reads == [tmp_path]


def test_packaging_is_imported_only_to_read_declarations(tmp_path: Path) -> None:
    model = project(tmp_path, {})
    script = (
        "import sys; from pathlib import Path; from kerascheck.config import Resolver, Options\n"
        f"s = Resolver().settings_for(Path({str(model)!r}), Options(target_keras='2.12'))\n"
        f"s = Resolver().settings_for(Path({str(model)!r}))\n"
        "print(s.target, 'packaging' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["None", "False"], done.stderr


def test_packaging_is_not_imported_for_dependencies_that_are_not_about_keras(tmp_path: Path) -> None:
    """Most projects' dependencies never mention Keras: they are settled without the PEP 508 parser."""
    project(tmp_path, {"pyproject.toml": '[project]\nname = "p"\ndependencies = ["numpy>=1.26", "not a [valid requirement"]\n'})
    script = (
        "import sys; from pathlib import Path; from kerascheck.target.project import declared\n"
        f"print(declared(Path({str(tmp_path)!r})), 'packaging' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["(None,", "())", "False"], done.stderr


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_every_keras_distribution_is_mentioned_however_spelled(name: str) -> None:
    for spelling in (name, name.upper(), name.replace("-", "_"), name.replace("-", "."), name.replace("-", "_-_").title()):
        assert MENTIONS_KERAS.search(spelling), spelling
        found = from_pep508(f"{spelling}>=2.1")
        assert found is not None and found.family == FAMILIES[name], spelling


@pytest.mark.parametrize("name", ["Keras", "TF_Keras", "tf.keras", "tf-_.keras", "Tensorflow-CPU", "tensorflow__gpu", "a.b_c-d", "x"])
def test_names_compare_as_packaging_compares_them(name: str) -> None:
    from packaging.utils import canonicalize_name

    assert canonical_name(name) == canonicalize_name(name)


#: Requirement strings mentioning Keras, plain and not: the regular expression's reading must be the PEP 508 parser's.
PEP508_STRINGS = [
    "keras", "keras>=3", "keras>=3.0", "keras >= 3.0 , < 4", "keras>=3.0,<4", "Keras_Nightly==3.1.0.dev2024",
    "keras[jax]>=3", "keras[ jax , tf ]>=3", "keras[]>=3", "tensorflow==2.15.*", "tensorflow~=2.12.0", "tensorflow~=2",
    "keras===3.0foo", "keras!=3.1", "keras<3", "tf-keras>2.15", "keras>=3.0.0rc1", "keras==3.0+local", "keras>=3.0+local",
    "keras>=3,", "keras>= 3 <4", "keras=3", "keras>=", "keras<>3", "keras>=3.0.", "keras.>=3", "-keras", "keras[a,]>=3",
    "keras(>=3)", "keras (>=3,<4)", "keras>=3; python_version >= '3.9'", "keras>=3 ;python_version<'3'",
    "keras @ https://example.org/keras.whl", "keras>=3 # a comment", "keras\u00a0>=3", "keras>=3\t", "\tkeras",
    "keras>=3.0.dev", "keras==3.*.1", "keras>=v3", "tensorflow[and-cuda]>=2.16",
]


@pytest.mark.parametrize("text", PEP508_STRINGS)
def test_the_plain_form_is_read_as_the_pep508_parser_reads_it(text: str) -> None:
    from kerascheck.target.requirements import parsed, plain

    quick = plain(text)
    try:
        judged = parsed(text)
    except ValueError:
        assert quick is None  # what the parser refuses never passes as plain
        return
    assert quick is None or quick == judged


@pytest.mark.parametrize("text", ["keras", "keras>=3", "keras >= 3.0 , < 4", "keras[jax]>=3", "tensorflow==2.15.*", "tf-keras~=2.17.0"])
def test_the_usual_requirements_need_no_pep508_parser(text: str) -> None:
    from kerascheck.target.requirements import plain

    assert plain(text) is not None
