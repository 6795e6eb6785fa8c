"""Shared fixtures: the samples, and real Keras as the reference."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kerascheck.settings import Settings
from kerascheck.target import Target

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


#: What each generation's judge needs, and why.
GENERATION_MODULES = {
    2: (("tensorflow", "Keras 2 (tf_keras) runs on TensorFlow"), ("tf_keras", "Keras 2 is the judge of Keras 2 programs")),
    3: (("keras", "conformance tests compare against real Keras 3"),),
}
BACKEND_MODULES = {
    "jax": ("jax", "Keras 3 runs on the JAX backend in the tests"),
    "tensorflow": ("tensorflow", "Keras 3's TensorFlow backend builds the preprocessing layers that need it"),
}


def judged_by(generation: int) -> Settings:
    """Settings that check a program against the Keras ``generation`` that judges it
    (without them kerascheck would take its target from the program's own signals)."""
    return Settings(target=Target((generation,), f"the judge: Keras {generation}"))


def run_keras(jobs: list, generation: int = 3, fast_init: bool = False, backend: str = "jax") -> list:
    """Build the jobs' models with real Keras in one subprocess (see keras_harness.py).

    ``generation``: 3 for Keras 3 (on ``backend``: JAX by default, or ``"tensorflow"``),
    2 for Keras 2 (``tf_keras`` on TensorFlow; ``keras``, ``tensorflow.keras`` and
    ``tf.keras`` all resolve to it; ``backend`` is ignored).
    ``fast_init``: initialize weights as zeros (shapes only matter; much faster with JAX).
    One result per job, in order: ``{"path", "error", "error_line", "models": [{"name",
    "line", "built", "layers": [{"name", "type", "output_shape", "trainable", "non_trainable"}]}]}``.
    """
    if generation not in GENERATION_MODULES:
        raise ValueError(f"no judge for Keras generation {generation!r} (2 or 3)")
    for module, why in GENERATION_MODULES[generation]:
        require(module, why)
    if generation == 3:
        require(*BACKEND_MODULES[backend])
    env = dict(os.environ, JAX_PLATFORMS="cpu", TF_CPP_MIN_LOG_LEVEL="3", KERASCHECK_GENERATION=str(generation))
    env.pop("TF_USE_LEGACY_KERAS", None)
    if generation == 3:
        env["KERAS_BACKEND"] = backend
    if fast_init:
        env["KERASCHECK_FAST_INIT"] = "1"
    done = subprocess.run(
        [sys.executable, str(HARNESS)], input=json.dumps(jobs), capture_output=True, text=True, env=env, cwd=ROOT, timeout=1200
    )
    assert done.returncode == 0, done.stderr[-4000:]
    results = json.loads(done.stdout)
    assert len(results) == len(jobs)
    return results
