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
    if importlib.util.find_spec(module) is not None:
        return
    message = f"{module} is not installed: {why} (pip install '.[test]')"
    if os.environ.get("KERASCHECK_REQUIRE_ALL") == "1":
        pytest.fail(message)
    pytest.skip(message)


def run_keras(jobs: list) -> list:
    """Build the jobs' models with real Keras in a subprocess (see keras_harness.py)."""
    require("keras", "conformance tests compare against real Keras")
    require("jax", "Keras runs on the JAX backend in the tests")
    env = dict(os.environ, KERAS_BACKEND="jax", JAX_PLATFORMS="cpu", TF_CPP_MIN_LOG_LEVEL="3")
    done = subprocess.run(
        [sys.executable, str(HARNESS)], input=json.dumps(jobs), capture_output=True, text=True, env=env, cwd=ROOT, timeout=900
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout)
