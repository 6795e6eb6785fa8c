"""[tool.kerascheck] configuration: discovery, keys, CLI overrides, and bad configurations."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from kerascheck.cli import main

MODEL = "from keras import layers, models\nm = models.Sequential([layers.Dense(4, activation='rellu', input_shape=(3,)), layers.Dropout(1)])\n"


def run(capsys: pytest.CaptureFixture, *args: str) -> tuple:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def found(out: str) -> list:
    return sorted((line.split(":")[0].replace("\\", "/"), line.split()[1]) for line in out.splitlines())


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.kerascheck]\nignore = ["KC307"]\n')
    for name in ("a.py", "nested/b.py", "nested/tests/c.py", "build/d.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(MODEL)
    (tmp_path / "nested" / "pyproject.toml").write_text(
        '[tool.kerascheck]\nselect = ["KC3"]\nper-file-ignores = { "tests/*" = ["KC308"] }\n'
        'exclude = ["build"]\nseverity = { KC307 = "info" }\n'
    )
    return tmp_path


def test_nearest_config_applies_to_files_below_it(project: Path, capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(capsys, "check", ".")
    assert code == 1
    assert found(out) == [("a.py", "KC308"), ("build/d.py", "KC308"), ("nested/b.py", "KC307"), ("nested/b.py", "KC308"), ("nested/tests/c.py", "KC307")]


def test_a_pyproject_without_the_table_is_skipped(project: Path, capsys: pytest.CaptureFixture) -> None:
    (project / "nested" / "pyproject.toml").write_text('[project]\nname = "y"\n')
    assert found(run(capsys, "check", "nested")[1]) == [("nested/b.py", "KC308"), ("nested/tests/c.py", "KC308")]


def test_cli_flags_override_the_file(project: Path, capsys: pytest.CaptureFixture) -> None:
    assert found(run(capsys, "check", "a.py", "--select", "KC307")[1]) == [("a.py", "KC307")]
    assert found(run(capsys, "check", "a.py", "--ignore", "KC308")[1]) == []
    assert found(run(capsys, "check", "a.py", "--isolated")[1]) == [("a.py", "KC307"), ("a.py", "KC308")]
    assert found(run(capsys, "check", "a.py", "--config", "nested/pyproject.toml")[1]) == [("a.py", "KC307"), ("a.py", "KC308")]


def test_excludes_apply_to_named_files_only_with_force_exclude(project: Path, capsys: pytest.CaptureFixture) -> None:
    (project / "nested" / "build").mkdir()
    (project / "nested" / "build" / "e.py").write_text(MODEL)
    assert "nested/build/e.py" not in run(capsys, "check", "nested")[1]
    assert "nested/build/e.py" in run(capsys, "check", "nested/build/e.py")[1]
    assert run(capsys, "check", "--force-exclude", "nested/build/e.py")[:2] == (0, "")


def test_gitignored_files_are_skipped(project: Path, capsys: pytest.CaptureFixture) -> None:
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    (project / ".gitignore").write_text("build/\n")
    assert "build/d.py" not in run(capsys, "check", ".")[1]


@pytest.mark.parametrize("table, expected", [
    ('selct = ["KC1"]', "unknown key 'selct'"),
    ('select = "KC1"', "select must be a list of rule selectors"),
    ('ignore = ["KC77"]', "unknown rule selector 'KC77'"),
    ('keras-version = 4', "keras-version = 4: must be 1, 2 or 3"),
    ('image-data-format = "th"', 'must be "channels_last" or "channels_first"'),
    ('severity = { KC104 = "fatal" }', "a severity must be one of error, warning, info"),
    ('select = [', "not valid TOML"),
    ('rule-docs-url = "docs/rules.md"', "must be a URL starting with https://"),
    ('rule-docs-url = "https://example.com/rules"', "must contain {code} or {name}"),
    ('rule-docs-url = "https://example.com/{rule}"', "unknown placeholder '{rule}'"),
    ('rule-docs-url = 3', "must be a URL starting with https://"),
])
def test_bad_configuration_exits_2_with_a_message(tmp_path: Path, capsys: pytest.CaptureFixture, table: str, expected: str) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text(f"[tool.kerascheck]\n{table}\n")
    (tmp_path / "a.py").write_text(MODEL)
    code, out, err = run(capsys, "check", str(tmp_path / "a.py"))
    assert code == 2 and out == ""
    assert str(config) in err and expected in err and "Traceback" not in err


def test_bad_selector_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "a.py").write_text(MODEL)
    code, _, err = run(capsys, "check", "--select", "kc1", str(tmp_path))
    assert code == 2 and "unknown rule selector 'kc1'" in err


def test_image_data_format_and_keras_version_reach_the_settings(tmp_path: Path) -> None:
    from kerascheck.config import Resolver

    (tmp_path / "pyproject.toml").write_text('[tool.kerascheck]\nkeras-version = 1\nimage-data-format = "channels_first"\n')
    path = tmp_path / "a.py"
    settings = Resolver().config_for(path).settings_for(path)
    assert (settings.target.generation, settings.image_data_format) == (1, "channels_first")


def test_custom_layer_declarations_are_read_and_validated(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.kerascheck.layers.MyLayer]\noutput = "input"\n')
    (tmp_path / "a.py").write_text(MODEL)
    assert run(capsys, "check", str(tmp_path / "a.py"))[0] == 1
    (tmp_path / "pyproject.toml").write_text('[tool.kerascheck.layers.MyLayer]\nshape = "input"\n')
    code, _, err = run(capsys, "check", str(tmp_path / "a.py"))
    assert code == 2 and "unknown key `layers.MyLayer.shape`" in err


@pytest.mark.parametrize("value, expected", [("\"500MB\"", 500 * 1024**2), ("\"2GB\"", 2 * 1024**3), ("\"0\"", 0), ("1000", 1000), ("\"64k\"", 64 * 1024)])
def test_cache_max_size_is_read(tmp_path: Path, value: str, expected: int) -> None:
    from kerascheck.config import load

    (tmp_path / "pyproject.toml").write_text(f"[tool.kerascheck]\ncache-max-size = {value}\n")
    assert load(tmp_path / "pyproject.toml").cache_max_size == expected


@pytest.mark.parametrize("value", ['"lots"', '"1.5GB"', "-5", "true", '["1GB"]', '"5TB"'])
def test_bad_cache_max_size_names_the_key(tmp_path: Path, capsys: pytest.CaptureFixture, value: str) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text(f"[tool.kerascheck]\ncache-max-size = {value}\n")
    (tmp_path / "a.py").write_text(MODEL)
    code, out, err = run(capsys, "check", str(tmp_path / "a.py"))
    assert code == 2 and out == ""
    assert f"{config}: cache-max-size = " in err and 'must be a size such as "500MB"' in err and "Traceback" not in err


def test_deep_toml_is_a_configuration_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text("[tool.kerascheck]\nx = " + "[" * 100_000 + "]" * 100_000 + "\n")
    (tmp_path / "a.py").write_text(MODEL)
    code, _, err = run(capsys, "check", str(tmp_path / "a.py"))
    assert code == 2 and f"{config}: not usable:" in err and "nested too deeply" in err


def test_a_directory_that_cannot_be_entered_is_skipped_in_the_search(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kerascheck.config import Resolver

    # Tests run as root, which permissions do not stop: make examining the directory fail instead.
    (tmp_path / "pyproject.toml").write_text('[tool.kerascheck]\nignore = ["KC307"]\n')
    locked = tmp_path / "locked"
    locked.mkdir()
    real = Path.is_file

    def is_file(self: Path) -> bool:
        if self.parent == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "is_file", is_file)
    config = Resolver().config_for(locked / "a.py")
    assert config.ignore == ("KC307",)


def test_no_command_is_run_to_find_ignored_files(project: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    (project / ".gitignore").write_text("build/\n")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a command was run: {args}")

    monkeypatch.setattr(subprocess, "run", refuse)
    monkeypatch.setattr(subprocess, "Popen", refuse)
    out = run(capsys, "check", ".")[1]
    assert "build/d.py" not in out and "a.py" in out


def test_the_editor_sees_the_target_of_the_declared_dependencies(tmp_path: Path) -> None:
    from kerascheck.server.project import Project

    (tmp_path / "requirements.txt").write_text("tensorflow==2.12\n")
    (tmp_path / "pyproject.toml").write_text('[tool.kerascheck]\nignore = ["KC307"]\n')
    settings = Project().settings_for(str(tmp_path / "a.py"))
    assert settings.target is not None and (settings.target.generation, settings.target.release) == (2, (2, 12))
    assert "KC307" in settings.ignore
