"""``kerascheck diff``: what a change did to the models, in temporary git repositories.

Each case commits a base, changes the working tree (or commits a head), and
runs the command as a user does, from inside the repository. The numbers it
shows are the predicted summaries', which the conformance tests hold to real
Keras; here what is checked is what the diff says about them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, missing

CLF = '''import keras
from keras import layers
model = keras.Sequential([keras.Input((32,)), layers.Dense({width}, activation="relu"),{extra} layers.Dense(10)], name="{name}")
'''
ENCODER = '''import keras
from keras import layers
enc = keras.Sequential([keras.Input((8,)), layers.Dense(4)], name="enc")
'''


def _git(repo: Path, *arguments: str) -> str:
    done = subprocess.run(["git", *arguments], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        missing("git is not installed: kerascheck diff reads revisions with it")
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "test@example.com")
    _git(repo, "config", "user.name", "test")
    (repo / "model.py").write_text(CLF.format(width=64, extra="", name="clf"))
    (repo / "encoder.py").write_text(ENCODER)
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "base")
    _git(repo, "checkout", "-q", "-b", "feature")
    return repo


def _diff(repo: Path, *arguments: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "kerascheck", "diff", *arguments], cwd=repo, capture_output=True, text=True, env=env)


def _report(repo: Path, *arguments: str) -> dict:
    done = _diff(repo, "--output-format", "json", *arguments)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_layer_added(repo: Path) -> None:
    (repo / "model.py").write_text(CLF.format(width=64, extra=" layers.Dropout(0.5),", name="clf"))
    (model,) = _report(repo)["models"]
    assert (model["kind"], model["name"], model["params_before"], model["params_after"]) == ("changed", "clf", 2762, 2762)
    (layer,) = model["layers"]
    assert layer["kind"] == "added"
    assert layer["after"] == {"name": "dropout", "type": "Dropout", "arguments": "rate=0.5", "params": 0, "output_shape": "(None, 64)"}


def test_width_changed(repo: Path) -> None:
    (repo / "model.py").write_text(CLF.format(width=128, extra="", name="clf"))
    (model,) = _report(repo)["models"]
    assert (model["params_before"], model["params_after"], model["params_change"]) == (2762, 5514, "+99.6%")
    first, second = model["layers"]
    assert first["kind"] == second["kind"] == "changed"
    assert first["fields"] == [
        {"field": "arguments", "before": "units=64, activation='relu'", "after": "units=128, activation='relu'"},
        {"field": "output shape", "before": "(None, 64)", "after": "(None, 128)"},
        {"field": "params", "before": "2,112", "after": "4,224"},
    ]
    assert second["fields"] == [{"field": "params", "before": "650", "after": "1,290"}]
    text = _diff(repo).stdout
    assert 'model.py: model "clf" changed: params 2,762 -> 5,514 (+99.6%)\n' in text
    assert "    ~ dense (Dense): arguments units=64, activation='relu' -> units=128, activation='relu'; " in text


def test_model_renamed(repo: Path) -> None:
    (repo / "model.py").write_text(CLF.format(width=64, extra="", name="classifier"))
    (model,) = _report(repo)["models"]
    assert (model["kind"], model["before"]["name"], model["after"]["name"], model["layers"]) == ("renamed", "clf", "classifier", [])
    assert 'model "classifier" (renamed from "clf"): params 2,762 -> 2,762 (+0.0%)' in _diff(repo).stdout


def test_file_deleted(repo: Path) -> None:
    (repo / "encoder.py").unlink()
    (model,) = _report(repo)["models"]
    assert (model["kind"], model["name"], model["before"], model["params_before"]) == ("removed", "enc", {"path": "encoder.py", "name": "enc"}, 36)


def test_two_revisions_and_paths(repo: Path) -> None:
    (repo / "model.py").write_text(CLF.format(width=128, extra="", name="clf"))
    (repo / "encoder.py").unlink()
    _git(repo, "commit", "-q", "-am", "wider")
    report = _report(repo, "main", "HEAD", "model.py")
    assert (report["base"], report["head"]) == ("main", "HEAD")
    assert [model["name"] for model in report["models"]] == ["clf"]
    assert _report(repo, "HEAD")["models"] == []  # the working tree is HEAD


def test_markdown_for_a_pull_request(repo: Path) -> None:
    (repo / "model.py").write_text(CLF.format(width=64, extra=" layers.Dropout(0.5),", name="clf"))
    done = _diff(repo, "--output-format", "markdown")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("## kerascheck: what this change does to the models\n")
    assert "| ➕ | dropout (Dropout) | added: `(None, 64)`, params `0` |" in done.stdout


def test_nothing_changed(repo: Path) -> None:
    assert _diff(repo).stdout.endswith("No model changed (2 compared).\n")


@pytest.mark.parametrize(("arguments", "message"), [
    (("nosuchrev",), "unknown revision or path not in the working tree: 'nosuchrev'"),
    (("main", "--", "missing/"), None),
    (("--output-format", "xml"), "invalid choice: 'xml'"),
])
def test_bad_arguments(repo: Path, arguments: tuple, message: str | None) -> None:
    done = _diff(repo, *arguments)
    if message is None:  # a path in neither revision: nothing to compare, said plainly
        assert done.returncode == 0 and done.stdout.endswith("No model changed (0 compared).\n"), done.stderr
        return
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_outside_a_repository(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        missing("git is not installed")
    done = _diff(tmp_path)
    assert done.returncode == 2
    assert "kerascheck: error: not inside a git repository" in done.stderr


@pytest.mark.parametrize("where", ["revision", "path"])
def test_an_argument_that_looks_like_an_option_is_never_one(repo: Path, tmp_path: Path, where: str) -> None:
    written = tmp_path / "written"
    arguments = (f"--output={written}",) if where == "path" else (f"--output={written}", "HEAD")
    done = _diff(repo, "--", *arguments)
    assert done.returncode in (0, 2), done.stderr
    assert "Traceback" not in done.stderr
    assert not written.exists()  # git show --output=... would have written it


def test_shallow_clone_without_the_base(repo: Path, tmp_path: Path) -> None:
    (repo / "model.py").write_text(CLF.format(width=128, extra="", name="clf"))
    _git(repo, "commit", "-q", "-am", "wider")
    _git(repo, "checkout", "-q", "main")
    (repo / "encoder.py").write_text(ENCODER.replace("Dense(4)", "Dense(5)"))
    _git(repo, "commit", "-q", "-am", "main moves on")
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "-q", "--depth", "1", "--no-single-branch", f"file://{repo}", str(clone))
    _git(clone, "checkout", "-q", "feature")
    done = _diff(clone)
    assert done.returncode == 2
    assert "shallow clone" in done.stderr and "fetch-depth: 0" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_ci_recipes_commands_post_a_markdown_diff(repo: Path) -> None:
    """docs/ci.md's two ``kerascheck diff`` commands, with the variables GitHub and GitLab give them."""
    from .test_ci_docs import commands

    (repo / "model.py").write_text(CLF.format(width=128, extra="", name="clf"))
    base = _git(repo, "rev-parse", "main")
    _git(repo, "update-ref", "refs/remotes/origin/main", base)
    shim = repo.parent / "bin"
    shim.mkdir()
    (shim / "kerascheck").write_text(f"#!/bin/sh\nPYTHONPATH={ROOT} exec {sys.executable} -m kerascheck \"$@\"\n")
    (shim / "kerascheck").chmod(0o755)
    env = {**os.environ, "PATH": f"{shim}{os.pathsep}{os.environ['PATH']}", "CI_MERGE_REQUEST_DIFF_BASE_SHA": base}
    recipes = commands(diff=True)
    assert len(recipes) == 2
    for command in recipes:
        command = command.replace("${{ github.base_ref }}", "main")
        (repo / "model-diff.md").unlink(missing_ok=True)
        done = subprocess.run(["sh", "-c", command], cwd=repo, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0 and done.stderr == "", done.stderr
        comment = (repo / "model-diff.md").read_text(encoding="utf-8")
        assert comment.startswith("## kerascheck: what this change does to the models\n")
        assert '### `model.py`: model "clf" changed: params 2,762 -\\> 5,514 (+99.6%)' in comment


def _notebook(*cells: str) -> str:
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {"language_info": {"name": "python"}},
                       "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                                  "source": cell.splitlines(keepends=True)} for cell in cells]})


def test_notebook_changed(repo: Path) -> None:
    imports = "import keras\nfrom keras import layers\n"
    build = 'model = keras.Sequential([keras.Input((32,)), layers.Dense({width}), layers.Dense(10)], name="nb")\n'
    (repo / "train.ipynb").write_text(_notebook(imports, "%matplotlib inline\n" + build.format(width=64)))
    _git(repo, "add", "train.ipynb")
    _git(repo, "commit", "-q", "-m", "notebook")
    (repo / "train.ipynb").write_text(_notebook(imports, "%matplotlib inline\n" + build.format(width=16)))
    (model,) = _report(repo, "HEAD")["models"]
    assert (model["kind"], model["name"], model["after"]["path"]) == ("changed", "nb", "train.ipynb")
    assert (model["params_before"], model["params_after"], model["params_change"]) == (2762, 698, "-74.7%")
    assert [layer["fields"][0] for layer in model["layers"]] == [
        {"field": "arguments", "before": "units=64", "after": "units=16"}, {"field": "params", "before": "650", "after": "170"}]
