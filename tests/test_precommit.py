"""The pre-commit hook, for real: a throwaway git repository uses this checkout
as its hook repository, and commits go through ``git commit`` with the hook
installed. pre-commit builds the hook's virtualenv with pip, so this needs the
network to PyPI (for libcst) the first time; it takes about a minute.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, require
from .test_cli import BAD, GOOD

NOTEBOOK = ROOT / "tests" / "notebooks" / "classifier.ipynb"
#: What the hook repository needs: the package and how to build it.
SHIPPED = ("kerascheck", "pyproject.toml", "README.md", ".pre-commit-hooks.yaml")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".kerascheck_cache")


def git(cwd: Path, *args: str, env: dict) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def hook_repository(where: Path, env: dict) -> str:
    """A commit of this checkout's working tree (uncommitted edits included), as pre-commit needs a rev."""
    where.mkdir()
    for name in SHIPPED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, where / name, ignore=IGNORED)
        else:
            shutil.copy2(source, where / name)
    git(where, "init", "-q", env=env)
    git(where, "add", ".", env=env)
    git(where, "commit", "-q", "-m", "kerascheck under test", env=env)
    return git(where, "rev-parse", "HEAD", env=env)


def commit(repo: Path, message: str, env: dict) -> tuple:
    """``(status, output)`` of ``git commit``; git shows the hook's output on stderr."""
    done = subprocess.run(["git", "commit", "-m", message], cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    return done.returncode, done.stdout + done.stderr


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A clean git and pre-commit environment: nothing from the user's config or cache."""
    require("pre_commit", "the pre-commit hook is exercised with real pre-commit")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    home = tmp_path_factory.mktemp("home")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        HOME=str(home),
        PRE_COMMIT_HOME=str(home / "pre-commit-cache"),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.com",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.com",
        NO_COLOR="1",
    )
    # The hook script pre-commit installs runs this interpreter's pre-commit.
    env["PATH"] = os.pathsep.join((str(Path(sys.executable).parent), env.get("PATH", "")))
    return env


def test_hook_passes_a_clean_commit_and_blocks_a_buggy_one(tmp_path: Path, environment: dict) -> None:
    env = environment
    rev = hook_repository(tmp_path / "kerascheck", env)
    project = tmp_path / "project"
    project.mkdir()
    git(project, "init", "-q", env=env)
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {(tmp_path / 'kerascheck').as_posix()}\n    rev: {rev}\n    hooks:\n      - id: kerascheck\n"
    )
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=project, env=env, check=True, capture_output=True)

    (project / "good_model.py").write_text(GOOD)
    git(project, "add", ".", env=env)
    status, output = commit(project, "a clean model", env)
    assert status == 0, output
    assert "kerascheck" in output and "Passed" in output

    (project / "bad_model.py").write_text(BAD)
    (project / "notes.txt").write_text("not python: the hook must not see it\n")
    git(project, "add", ".", env=env)
    status, output = commit(project, "a buggy model", env)
    assert status != 0 and "Failed" in output, output
    assert "bad_model.py:4:5: KC102 LSTM: expects a 3D input" in output
    assert "notes.txt" not in output and "good_model.py" not in output
    assert "a buggy model" not in git(project, "log", "--format=%s", env=env)

    # Arguments from the user's config reach kerascheck: here, the full format with the caret.
    (project / ".pre-commit-config.yaml").write_text(
        (project / ".pre-commit-config.yaml").read_text() + "        args: [--output-format, full]\n"
    )
    full = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--files", "bad_model.py"], cwd=project, env=env, capture_output=True, text=True, timeout=600
    )
    assert full.returncode == 1 and "^^^^^^^^^^^^^^^^^^^^ KC102" in full.stdout, full.stdout + full.stderr

    # Notebooks are the hook's too (types_or: jupyter), each finding in its cell.
    shutil.copy(NOTEBOOK, project / "classifier.ipynb")
    git(project, "add", ".", env=env)
    status, output = commit(project, "a notebook", env)
    assert status != 0 and "classifier.ipynb:cell 3:5:11: KC104 Dense: applied to a 4D input" in output, output
    assert "a notebook" not in git(project, "log", "--format=%s", env=env)
