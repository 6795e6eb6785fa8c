"""docs/ci.md: every workflow parses, and every kerascheck command in it runs
against the buggy samples and produces what the CI service expects."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .conftest import ROOT, SAMPLES, require, require_sarif_schema
from .test_reporters import validate_output

CI_DOC = ROOT / "docs" / "ci.md"
BLOCKS = re.findall(r"```(yaml|sh)\n(.*?)```", CI_DOC.read_text(encoding="utf-8"), re.S)


def yaml_blocks() -> list:
    require("yaml", "the CI recipes are parsed")
    import yaml

    return [yaml.safe_load(text) for kind, text in BLOCKS if kind == "yaml"]


def commands(diff: bool = False) -> list:
    """Every shell command of the recipes that runs kerascheck (installation aside): the checks,
    or with ``diff`` the ``kerascheck diff`` commands (run in a real git repository by tests/test_diff.py)."""
    found = []
    for kind, text in BLOCKS:
        for line in text.splitlines():
            line = re.sub(r"^\s*(- )?(run: )?", "", line.strip())
            if line.startswith("kerascheck ") and line.startswith("kerascheck diff ") == diff:
                found.append(line)
    return found


def test_the_recipes_are_all_there() -> None:
    kinds = [kind for kind, _ in BLOCKS]
    assert kinds.count("yaml") == 5 and "sh" in kinds
    formats = {match for command in commands() for match in re.findall(r"--output-format (\w+)", command)}
    assert formats == {"github", "sarif", "gitlab", "junit", "markdown"}
    assert "kerascheck check ." in commands()


def test_the_github_workflows_parse() -> None:
    workflows = [block for block in yaml_blocks() if "jobs" in block and "model-diff" not in block["jobs"]]
    assert len(workflows) == 2
    for workflow in workflows:
        assert workflow["name"] and True in workflow  # YAML 1.1 reads the key `on` as True
        (job,) = workflow["jobs"].values()
        assert job["runs-on"] == "ubuntu-latest"
        assert all(("uses" in step) != ("run" in step) for step in job["steps"])
    upload = [step for step in workflows[1]["jobs"]["sarif"]["steps"] if step.get("uses", "").startswith("github/codeql-action/upload-sarif")]
    assert upload and upload[0]["with"]["sarif_file"] == "kerascheck.sarif"
    assert workflows[1]["permissions"]["security-events"] == "write"


def test_the_diff_recipes_parse() -> None:
    (workflow,) = [block for block in yaml_blocks() if "model-diff" in block.get("jobs", {})]
    steps = workflow["jobs"]["model-diff"]["steps"]
    assert steps[0]["uses"].startswith("actions/checkout@") and steps[0]["with"]["fetch-depth"] == 0
    assert workflow["permissions"]["pull-requests"] == "write"
    assert any("gh pr comment" in step.get("run", "") and "--body-file model-diff.md" in step["run"] for step in steps)
    (gitlab,) = [block for block in yaml_blocks() if "kerascheck-diff" in block]
    job = gitlab["kerascheck-diff"]
    assert job["variables"]["GIT_DEPTH"] == 0 and job["rules"][0]["if"] == '$CI_PIPELINE_SOURCE == "merge_request_event"'
    assert any("merge_requests/$CI_MERGE_REQUEST_IID/notes" in line and "body@model-diff.md" in line for line in job["script"])
    assert len(commands(diff=True)) == 2


def test_the_gitlab_job_parses() -> None:
    (gitlab,) = [block for block in yaml_blocks() if "kerascheck" in block]
    job = gitlab["kerascheck"]
    assert job["artifacts"]["when"] == "always"
    reports = job["artifacts"]["reports"]
    assert reports["codequality"] == "gl-code-quality-report.json" and reports["junit"] == "kerascheck-junit.xml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A repository holding the buggy samples, and a ``kerascheck`` on PATH that runs this checkout."""
    repo = tmp_path / "repo"
    shutil.copytree(SAMPLES / "buggy", repo / "models")
    (repo / ".git").mkdir()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "kerascheck"
    shim.write_text(f"#!/bin/sh\nPYTHONPATH={ROOT} exec {sys.executable} -m kerascheck \"$@\"\n")
    shim.chmod(0o755)
    return repo


def run_command(command: str, repo: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PATH=f"{repo.parent / 'bin'}{os.pathsep}{os.environ['PATH']}", GITHUB_STEP_SUMMARY=str(repo.parent / "step-summary.md"))
    env.pop("FORCE_COLOR", None)
    return subprocess.run(["sh", "-c", command], cwd=repo, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("command", commands())
def test_every_documented_command_runs(command: str, project: Path) -> None:
    done = run_command(command, project)
    assert done.stderr == "Found 11 findings (9 errors, 2 warnings, 0 info) in 11 files\n"  # the closing line only
    assert done.returncode == (0 if "--exit-zero" in command else 1), done.stdout
    if "--output-format github" in command:
        lines = done.stdout.splitlines()
        assert lines and all(re.match(r"::(error|warning|notice) file=models/[^,]+\.py,line=\d+,col=\d+,", line) for line in lines)
    elif "sarif" in command:
        import jsonschema

        jsonschema.validate(json.loads((project / "kerascheck.sarif").read_text(encoding="utf-8")), require_sarif_schema())
    elif "gitlab" in command:
        issues = json.loads((project / "gl-code-quality-report.json").read_text(encoding="utf-8"))
        assert issues and all(issue["location"]["path"].startswith("models/") for issue in issues)
    elif "junit" in command:
        suite = ET.parse(project / "kerascheck-junit.xml").getroot().find("testsuite")
        assert suite.get("tests") == str(len(list((project / "models").glob("*.py"))))
    elif "markdown" in command:
        assert "| Layer (type) | Output Shape | Param # |" in (project.parent / "step-summary.md").read_text(encoding="utf-8")
    else:
        assert "models/lstm_on_2d.py:6:11: KC102" in done.stdout


def test_json_of_the_recipe_project_validates(project: Path) -> None:
    done = run_command("kerascheck summary --output-format json .", project)
    validate_output(json.loads(done.stdout))
