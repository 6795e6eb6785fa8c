"""Shared fixtures: the samples, and real Keras as the reference."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
HARNESS = Path(__file__).resolve().parent / "keras_harness.py"


def require(module: str, why: str) -> None:
    """Skip without ``module``; fail instead when CI demands it (KERASCHECK_REQUIRE_ALL=1)."""
    if importlib.util.find_spec(module) is None:
        missing(f"{module} is not installed: {why} (pip install '.[test]')")


def missing(message: str) -> None:
    """Skip for something absent from this machine; fail instead when CI demands it (KERASCHECK_REQUIRE_ALL=1)."""
    if os.environ.get("KERASCHECK_REQUIRE_ALL") == "1":
        pytest.fail(message)
    pytest.skip(message)


#: The official SARIF 2.1.0 schema: beside the checkout in CI, or named by this variable.
SARIF_SCHEMA_VARIABLE = "KERASCHECK_SARIF_SCHEMA"
SARIF_SCHEMA_BESIDE = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"


def require_sarif_schema() -> dict:
    """The official SARIF 2.1.0 JSON schema, or skip (fail in CI) with where it was looked for."""
    require("jsonschema", "SARIF output is validated against the official schema")
    path = Path(os.environ.get(SARIF_SCHEMA_VARIABLE) or SARIF_SCHEMA_BESIDE)
    if not path.is_file():
        missing(f"the SARIF 2.1.0 schema is not at {path}: set {SARIF_SCHEMA_VARIABLE} to sarif-schema-2.1.0.json")
    return json.loads(path.read_text(encoding="utf-8"))


def run_keras(jobs: list, fast_init: bool = False) -> list:
    """Build the jobs' models with real Keras in a subprocess (see keras_harness.py).

    ``fast_init``: initialize weights as zeros (shapes only matter; much faster with JAX).
    """
    require("keras", "conformance tests compare against real Keras")
    require("jax", "Keras runs on the JAX backend in the tests")
    env = dict(os.environ, KERAS_BACKEND="jax", JAX_PLATFORMS="cpu", TF_CPP_MIN_LOG_LEVEL="3")
    if fast_init:
        env["KERASCHECK_FAST_INIT"] = "1"
    done = subprocess.run(
        [sys.executable, str(HARNESS)], input=json.dumps(jobs), capture_output=True, text=True, env=env, cwd=ROOT, timeout=900
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout)
