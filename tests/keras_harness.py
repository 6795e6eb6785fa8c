"""Build the models of sample files with real Keras and print what Keras says.

Run as a subprocess by the conformance tests (``python keras_harness.py``
with a JSON list of jobs on stdin); prints one JSON document. This is test
tooling: kerascheck itself never runs or imports the files it checks.

A job is ``{"path": ..., "call": "make_classifier", "kwargs": {...}}``; with
a ``call``, that function (or ``Class().method``) is called after the file
runs, for models built inside functions.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import runpy
import sys
import types

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import keras  # noqa: E402
import numpy as np  # noqa: E402

#: Shapes of the datasets Keras ships, so that samples never download anything.
DATASETS = {
    "mnist": ((8, 28, 28), (8,), (2, 28, 28), (2,)),
    "fashion_mnist": ((8, 28, 28), (8,), (2, 28, 28), (2,)),
    "cifar10": ((8, 32, 32, 3), (8, 1), (2, 32, 32, 3), (2, 1)),
    "cifar100": ((8, 32, 32, 3), (8, 1), (2, 32, 32, 3), (2, 1)),
    "boston_housing": ((8, 13), (8,), (2, 13), (2,)),
}


#: Datasets of word-index sequences: one Python list per sample.
SEQUENCE_DATASETS = ("imdb", "reuters")


def _sequences(count: int) -> np.ndarray:
    out = np.empty(count, dtype=object)
    for index in range(count):
        out[index] = list(range(1, 5 + index))
    return out


def _offline_datasets() -> None:
    for name, (x, y, xt, yt) in DATASETS.items():
        module = getattr(keras.datasets, name)
        data = ((np.zeros(x, "uint8"), np.zeros(y, "uint8")), (np.zeros(xt, "uint8"), np.zeros(yt, "uint8")))
        module.load_data = lambda *args, _data=data, **kwargs: _data
    for name in SEQUENCE_DATASETS:
        data = ((_sequences(8), np.zeros(8, "uint8")), (_sequences(2), np.zeros(2, "uint8")))
        getattr(keras.datasets, name).load_data = lambda *args, _data=data, **kwargs: _data


def _tensorflow_alias() -> None:
    """``tensorflow.keras`` spellings, served by Keras 3 (no TensorFlow here)."""
    tf = types.ModuleType("tensorflow")
    tf.keras = keras
    sys.modules["tensorflow"] = tf
    sys.modules["tensorflow.keras"] = keras
    for sub in ("layers", "models", "backend", "optimizers", "losses", "datasets", "utils", "regularizers", "applications", "callbacks"):
        sys.modules[f"tensorflow.keras.{sub}"] = getattr(keras, sub)


def _record_models(path: str) -> list:
    """Every Sequential and functional model the file creates, with the line that creates it."""
    from keras.src.models.functional import Functional

    created: list = []
    wanted = os.path.abspath(path)
    for cls in (keras.Sequential, Functional):
        original = cls.__dict__.get("_kerascheck_original", cls.__init__)
        cls._kerascheck_original = original

        def init(self, *args, _original=original, _cls=cls, **kwargs):
            if type(self) is _cls and not _inside_sequential_build():
                frame = sys._getframe(1)
                while frame is not None and os.path.abspath(frame.f_code.co_filename) != wanted:
                    frame = frame.f_back
                created.append((self, frame.f_lineno if frame is not None else None))
            _original(self, *args, **kwargs)

        cls.__init__ = init
    return created


def _inside_sequential_build() -> bool:
    """A Sequential (or a keras.applications constructor) builds a Functional of
    its own: not a model the file makes."""
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_filename.endswith(os.path.join("models", "sequential.py")):
            return True
        if os.path.join("keras", "src", "applications") in frame.f_code.co_filename:
            return True  # a keras.applications base: kerascheck sees it as one layer
        frame = frame.f_back
    return False


def _count(weights: list) -> int:
    return int(sum(int(np.prod(w.shape)) for w in weights))


def _describe(model, line) -> dict:
    layers = []
    for layer in model.layers:
        try:  # the last call's output, as model.summary() shows it
            shape = list(layer._inbound_nodes[-1].output_tensors[0].shape)
        except IndexError:  # a model never called, whose own graph the Sequential reuses
            shape = list(layer.output.shape) if hasattr(layer, "outputs") else None
        except (AttributeError, ValueError):
            shape = None
        layers.append({
            "name": layer.name,
            "type": type(layer).__name__,
            "output_shape": shape,
            "trainable": _count(layer.trainable_weights) if layer.built else None,
            "non_trainable": _count(layer.non_trainable_weights) if layer.built else None,
        })
    return {"name": model.name, "line": line, "built": model.built, "layers": layers}


def _call(namespace: dict, call: str, kwargs: dict) -> None:
    target = None
    for part in call.split("."):
        instantiate = part.endswith("()")
        name = part[:-2] if instantiate else part
        target = namespace[name] if target is None else getattr(target, name)
        if instantiate:
            target = target()
    target(**kwargs)


def _tensorflow_alias_only_if_used(path: str) -> None:
    """Keras takes other paths when ``tensorflow`` is importable (GRU with
    reset_after=False asks it for TensorShape): give the alias only to files
    that spell ``tensorflow``/``tf.keras``."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        wanted = "tensorflow" in handle.read()
    if wanted and "tensorflow" not in sys.modules:
        _tensorflow_alias()
    elif not wanted:
        for name in [name for name in sys.modules if name == "tensorflow" or name.startswith("tensorflow.")]:
            del sys.modules[name]


def run(job: dict) -> dict:
    _tensorflow_alias_only_if_used(job["path"])
    created = _record_models(job["path"])
    error = error_line = None
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            namespace = runpy.run_path(job["path"], run_name="__main__")
            if job.get("call"):
                _call(namespace, job["call"], job.get("kwargs", {}))
    except Exception as exc:  # the sample may be meant to fail
        error = f"{type(exc).__name__}: {exc}"
        error_line = _line_in(exc, job["path"])
    return {"path": job["path"], "error": error, "error_line": error_line if error else None,
            "models": [_describe(m, line) for m, line in created]}


def _line_in(exc: BaseException, path: str):
    """The last line of ``path`` the exception went through: the statement that raised."""
    wanted, line = os.path.abspath(path), None
    trace = exc.__traceback__
    while trace is not None:
        if os.path.abspath(trace.tb_frame.f_code.co_filename) == wanted:
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


def _zero_initializers() -> None:
    """Weights as numpy zeros: with JAX each new weight shape otherwise costs an
    XLA compilation of its initializer. Values never change shapes or counts;
    opt-in (KERASCHECK_FAST_INIT=1) for the many small generated models."""
    from keras.src.backend.common import variables

    def initialize(self, initializer):
        self._initialize(np.zeros(self._shape, dtype=self._dtype))

    variables.Variable._initialize_with_initializer = initialize


def main() -> None:
    if os.environ.get("KERASCHECK_FAST_INIT") == "1":
        _zero_initializers()
    _offline_datasets()
    _tensorflow_alias()
    jobs = json.load(sys.stdin)
    results = []
    for job in jobs:
        keras.backend.clear_session()
        results.append(run(job))
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
