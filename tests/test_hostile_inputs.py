"""Issue 18's reproducers, each bounded in time and memory by the test itself.

Each runs kerascheck in a subprocess (``hostile_support.run_cli``: an
address-space limit, a wall-time limit) and must end in under 5 s with a
finding or a clear message, exit status 0, 1 or 2, no traceback, and no
command run (the process dies at once if anything starts one).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from kerascheck.cache import Cache
from kerascheck.engine import check_source
from kerascheck.files import GitIgnore, discover, git_ignored, read_regular, read_toml, TomlProblem, NotReadable
from kerascheck.runner import available_cores, check_paths, worker_count
from kerascheck.suppression import apply_suppressions

from .hostile_support import run_cli

MODEL = "import keras\nmodel = keras.Sequential([keras.Input((3,)), keras.layers.LSTM(2)])\n"


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- 1. configuration expressions go through the parser guard ---------------------------------


@pytest.mark.parametrize(
    "field, expression, says",
    [
        ("output", "(" * 2000 + "input" + ")" * 2000, "too deeply nested"),
        ("params", " + ".join(["input[-1]"] * 10_000), "too long"),
        ("params", "+".join(["1"] * 4_000), "too deeply nested"),
    ],
)
def test_hostile_layer_declaration_is_a_configuration_error(tmp_path: Path, field: str, expression: str, says: str) -> None:
    write(tmp_path, "pyproject.toml", f'[tool.kerascheck.layers.X]\n{field} = "{expression}"\n')
    write(tmp_path, "m.py", "import keras\nmodel = keras.Sequential([keras.Input((3,)), X()])\n")
    run = run_cli("check", ".", "--no-cache", cwd=tmp_path).assert_sane(2)
    assert f"layers.X.{field}" in run.stderr and says in run.stderr


# -- 2 and 10. symbolic dimensions bounded; integers too long for str ----------------------------


@pytest.mark.parametrize("rounds", [10, 12, 30])
def test_doubling_symbolic_expression_is_fast(tmp_path: Path, rounds: int) -> None:
    write(tmp_path, "m.py", "import keras\nx = a + b\n" + "x = (x + a) * (x + b)\n" * rounds
          + "inputs = keras.Input((x,))\nmodel = keras.Model(inputs, keras.layers.Dense(3)(inputs))\n")
    run = run_cli("summary", "m.py", "--no-cache", "--output-format", "json", cwd=tmp_path).assert_sane(0, 1)
    assert "large_expr_" in run.stdout


def test_3600_digit_literal_is_not_an_internal_error(tmp_path: Path) -> None:
    huge = "0x" + "f" * 3600
    write(tmp_path, "a.py", f"import keras\nmodel = keras.Sequential([keras.Input((3,)), keras.layers.Dense({huge})])\n")
    write(tmp_path, "b.py", f"import keras\nmodel = keras.Sequential([keras.Input(({huge},)), keras.layers.Dense(3)])\n")
    run_cli("check", ".", "--no-cache", cwd=tmp_path).assert_sane(0, 1)
    run = run_cli("summary", "b.py", "--no-cache", "--output-format", "json", cwd=tmp_path).assert_sane(0, 1)
    assert "integer of about 4,335 digits" in run.stdout


# -- 4. --add-noqa rewrites only what the runner read, never through a link outside the tree ------


@pytest.fixture()
def noqa_tree(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    write(root, "a.py", MODEL)
    os.mkfifo(root / "p.py")
    (root / "z.py").symlink_to("/dev/zero")
    outside = write(tmp_path / "elsewhere", "victim.py", MODEL)
    (root / "link.py").symlink_to(outside)
    return root


def test_add_noqa_logic_reads_nothing_refused_and_never_writes_outside(noqa_tree: Path) -> None:
    tasks = [(path, None) for path in discover([str(noqa_tree)])]
    keep: dict = {}
    results = check_paths(tasks, jobs=1, keep=keep)
    assert sorted(Path(name).name for name in keep) == ["a.py", "link.py"]  # never the FIFO or the device
    total, files, messages = apply_suppressions(results, keep, [str(noqa_tree)])
    assert (total, files) == (1, 1)
    assert "ignore[KC102]" in (noqa_tree / "a.py").read_text()
    assert (noqa_tree.parent / "elsewhere" / "victim.py").read_text() == MODEL
    assert any("link.py" in message and "outside the checked tree" in message for message in messages)


def test_add_noqa_refuses_a_file_changed_since_it_was_checked(tmp_path: Path) -> None:
    path = write(tmp_path, "a.py", MODEL)
    keep: dict = {}
    results = check_paths([(path, None)], jobs=1, keep=keep)
    path.write_text(MODEL + "# edited\n")
    total, _files, messages = apply_suppressions(results, keep, [str(tmp_path)])
    assert total == 0 and "changed since it was checked" in messages[0]


def test_add_noqa_end_to_end_on_a_hostile_tree(noqa_tree: Path) -> None:
    run_cli("check", ".", "--add-noqa", "--no-cache", cwd=noqa_tree).assert_sane(0, 1)
    assert (noqa_tree.parent / "elsewhere" / "victim.py").read_text() == MODEL


# -- 6. file names that are not UTF-8 ----------------------------------------------------------------


def test_non_utf8_file_name_is_discovered_checked_and_printed_escaped(tmp_path: Path) -> None:
    name = os.fsdecode(b"bad\xff.py")
    write(tmp_path, name, MODEL)
    found = list(discover([str(tmp_path)]))
    assert [path.name for path in found] == [name]
    result, = check_paths([(found[0], None)], jobs=1)
    assert [d.code for d in result.diagnostics] == ["KC102"]
    from kerascheck.reporters.common import printable

    assert printable(str(found[0])).endswith("bad\\xff.py")


@pytest.mark.parametrize("extra", [[], ["--force-exclude"]])
def test_non_utf8_file_name_end_to_end(tmp_path: Path, extra: list) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    write(tmp_path, os.fsdecode(b"bad\xff.py"), MODEL)
    write(tmp_path, "good.py", MODEL)
    run = run_cli("check", ".", "--no-cache", *extra, cwd=tmp_path).assert_sane(1)
    assert "bad\\xff.py:2:" in run.stdout and "good.py:2:" in run.stdout


# -- 7. a directory that cannot be listed or examined -------------------------------------------------


def test_unlistable_directory_is_a_finding_not_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, which permissions do not stop: make listing and examining fail instead.
    write(tmp_path, "locked/inner.py", MODEL)
    write(tmp_path, "good.py", MODEL)
    real_scandir = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = list(discover([str(tmp_path)]))
    assert sorted(path.name for path in found) == ["good.py", "locked"]
    results = {Path(r.path).name: r for r in check_paths([(path, None) for path in found], jobs=1)}
    assert [d.code for d in results["good.py"].diagnostics] == ["KC102"]
    assert [d.code for d in results["locked"].diagnostics] == ["KC002"]


# -- 8. no command run in the checked tree ----------------------------------------------------------------


@pytest.fixture()
def trapped_repository(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "config", "core.fsmonitor", "touch PWNED; echo"], check=True)
    write(tmp_path, ".gitignore", "build/\n*.gen.py\n!keep.gen.py\n")
    write(tmp_path, "sub/.gitignore", "local.py\n")
    (tmp_path / ".git" / "info").mkdir(exist_ok=True)
    write(tmp_path, ".git/info/exclude", "excluded.py\n")
    for name in ("a.py", "build/b.py", "x.gen.py", "keep.gen.py", "sub/local.py", "sub/other.py", "excluded.py"):
        write(tmp_path, name, MODEL)
    return tmp_path


def test_git_ignore_rules_without_git(trapped_repository: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    home = tmp_path_factory.mktemp("home")
    write(home, ".config/git/ignore", "a.py\n")
    paths = sorted(trapped_repository.rglob("*.py"))
    ignored = git_ignored(paths, GitIgnore(home=home, environ={"HOME": str(home)}))
    names = sorted(str(path.relative_to(trapped_repository)) for path in ignored)
    assert names == ["a.py", "build/b.py", "excluded.py", "sub/local.py", "x.gen.py"]
    assert not (trapped_repository / "PWNED").exists()


def test_hostile_ignore_files_are_not_read(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    os.mkfifo(tmp_path / ".gitignore")
    exclude = tmp_path / ".git" / "info" / "exclude"
    exclude.parent.mkdir(exist_ok=True)
    exclude.unlink(missing_ok=True)
    exclude.symlink_to("/dev/zero")
    path = write(tmp_path, "a.py", MODEL)
    assert git_ignored([path]) == set()


def test_checking_an_untrusted_repository_runs_no_command(trapped_repository: Path) -> None:
    run = run_cli("check", ".", "--no-cache", cwd=trapped_repository, forbid_commands=True).assert_sane(1)
    assert not (trapped_repository / "PWNED").exists()
    assert "x.gen.py" not in run.stdout and "keep.gen.py" in run.stdout


# -- 9. deeply nested TOML -----------------------------------------------------------------------------------


def test_deep_toml_is_a_clear_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "pyproject.toml", "[tool.kerascheck]\nx = " + "[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(TomlProblem, match="nested too deeply"):
        read_toml(path)
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    with pytest.raises(TomlProblem, match="not a regular file"):
        read_toml(fifo)


def test_deep_toml_end_to_end(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", "[tool.kerascheck]\nx = " + "[" * 100_000 + "]" * 100_000 + "\n")
    write(tmp_path, "a.py", MODEL)
    run = run_cli("check", ".", "--no-cache", cwd=tmp_path).assert_sane(2)
    assert "nested too deeply" in run.stderr


# -- 11. strings, tabs, jobs ------------------------------------------------------------------------------------


def test_thousands_of_concatenated_strings_are_not_a_syntax_error(tmp_path: Path) -> None:
    write(tmp_path, "s.py", "import keras\nx = (" + "'a'\n" * 5000 + ")\n" + MODEL)
    run = run_cli("check", ".", "--no-cache", cwd=tmp_path).assert_sane(1)
    assert "SyntaxError" not in run.stdout and "KC102" in run.stdout
    assert "cannot read" in run.stdout  # the one statement skipped, said so


def test_mixed_tabs_and_spaces_reported_once() -> None:
    result = check_source("import keras\nif True:\n\tx = 1\n        y = 2\n" + MODEL.split("\n", 1)[1])
    assert [d.code for d in result.diagnostics] == ["KC001", "KC102"]


def test_jobs_capped_at_cores_and_files() -> None:
    assert worker_count(1000, 3) <= min(3, available_cores())
    assert worker_count(1000, 5000) == available_cores()
    assert worker_count(0, 1) == 1 and worker_count(1, 100) == 1


def test_jobs_1000_end_to_end(tmp_path: Path) -> None:
    for index in range(20):
        write(tmp_path, f"m{index}.py", MODEL)
    run = run_cli("check", ".", "--no-cache", "--jobs", "1000", cwd=tmp_path).assert_sane(1)
    assert run.stdout.count("KC102") == 20


# -- files are read safely ----------------------------------------------------------------------------------------


def test_read_regular_refuses_what_is_not_a_bounded_regular_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "zero").symlink_to("/dev/zero")
    (tmp_path / "big").write_bytes(b"x" * 101)
    with pytest.raises(NotReadable, match="FIFO"):
        read_regular(tmp_path / "fifo", 100)
    with pytest.raises(NotReadable, match="device"):
        read_regular(tmp_path / "zero", 100)
    with pytest.raises(NotReadable, match="larger than"):
        read_regular(tmp_path / "big", 100)
    with pytest.raises(OSError):
        read_regular(tmp_path / "zero", 100, follow_links=False)
    assert read_regular(tmp_path / "big", 101) == b"x" * 101
