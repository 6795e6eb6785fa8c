"""Build the models of sample files with real Keras and print what Keras says.

Run as a subprocess by the conformance tests (``python keras_harness.py``
with a JSON list of jobs on stdin); prints one JSON document. This is test
tooling: kerascheck itself never runs or imports the files it checks.

One process judges one Keras generation, chosen by ``KERASCHECK_GENERATION``:

* ``3`` (default): Keras 3, on the backend ``KERAS_BACKEND`` names (JAX unless
  told otherwise; ``tensorflow`` for the preprocessing layers that need it).
  ``tensorflow.keras`` / ``tf.keras`` spellings are real TensorFlow's, whose
  ``tf.keras`` is Keras 3 when Keras 3 is installed (TensorFlow 2.16 and later).
* ``2``: Keras 2, i.e. ``tf_keras`` on TensorFlow (``TF_USE_LEGACY_KERAS=1``).
  ``keras``, ``keras.layers``, ``keras.layers.core``..., ``tensorflow.keras``
  and ``tf.keras`` all resolve to ``tf_keras``.

A job is ``{"path": ..., "call": "make_classifier", "kwargs": {...}}``; with
a ``call``, that function (or ``Class().method``) is called after the file
runs, for models built inside functions. A job may give ``"source"`` (the
program's text) instead of, or together with, a ``path``: the text is written
to a temporary file first (named after ``path`` when one is given). A job's
``"imports"`` (source text, e.g. ``"from keras.layers import *"``) runs first, in
the program's namespace and in a file of its own: a snippet written without
its imports is built as if it had them, its line numbers unchanged.
With ``"cost": true`` (Keras 3 on JAX), each model also gets ``"flops"``: what
XLA's compiled cost analysis counts for its forward pass in inference mode on a
batch of one where the model leaves the batch size open (``jax.jit(f).lower(...).compile().cost_analysis()["flops"]``),
or null when an input size other than the batch is open, with the reason in
``"flops_error"``.
``{"probe": ["layers.Dense", "applications.ResNet50", ...]}`` answers
``{"present": {name: bool}}``: which of these names this Keras has.
``{"mask_traits": ["layers.Dense(4)", ...]}`` (layer expressions of the tests'
own, made with ``keras`` and ``layers`` in scope) answers ``{"traits": [{"class",
"consumes" (the call's mask arguments), "supports_masking", "compute_mask"
(overridden)}]}``: how each layer treats masks.

Each result: ``{"path", "error", "error_line", "error_span" ([first, last] lines
of the failing expression), "models": [{"name", "line",
"built", "layers": [{"name", "type", "output_shape", "trainable",
"non_trainable"}]}]}``.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.abc
import importlib.util
import io
import json
import os
import runpy
import sys
import tempfile

GENERATION = int(os.environ.get("KERASCHECK_GENERATION", "3"))

os.environ.setdefault("JAX_PLATFORMS", "cpu")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
if GENERATION == 2:
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
else:
    os.environ.setdefault("KERAS_BACKEND", "jax")
    os.environ.pop("TF_USE_LEGACY_KERAS", None)


class _KerasIsTfKeras(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Generation 2: ``keras`` and every ``keras.<sub>`` module are ``tf_keras``'s.

    A submodule ``tf_keras`` does not have as a module (Keras 2's
    ``keras.layers.core``, ``keras.layers.convolutional``...) is served by the
    nearest public namespace above it (``tf_keras.layers``), which holds the
    same classes.
    """

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "keras" and not fullname.startswith("keras."):
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec):
        parts = ["tf_keras"] + spec.name.split(".")[1:]
        while True:
            try:
                return importlib.import_module(".".join(parts))
            except ImportError:
                if len(parts) == 1:
                    raise
                parts.pop()

    def exec_module(self, module):
        pass


if GENERATION == 2:
    sys.meta_path.insert(0, _KerasIsTfKeras())
    import tf_keras as keras  # noqa: E402

    sys.modules["keras"] = keras
    import tensorflow  # noqa: E402,F401  (its lazy tf.keras is tf_keras with TF_USE_LEGACY_KERAS=1)
else:
    import keras  # noqa: E402

import numpy as np  # noqa: E402

from dataset_facts import documented_label_max  # noqa: E402  (tests/, this script's folder)

#: Shapes of the datasets Keras ships (their first axis, the sample count, is
#: replaced), so that samples never download anything.
DATASETS = {
    "mnist": ((28, 28), ()),
    "fashion_mnist": ((28, 28), ()),
    "cifar10": ((32, 32, 3), (1,)),
    "cifar100": ((32, 32, 3), (1,)),
    "boston_housing": ((13,), ()),
}


#: Datasets of word-index sequences: one Python list per sample.
SEQUENCE_DATASETS = ("imdb", "reuters")


def _sequences(count: int) -> np.ndarray:
    out = np.empty(count, dtype=object)
    for index in range(count):
        out[index] = list(range(1, 5 + index % 8))
    return out


def _labels(name: str) -> np.ndarray:
    """Every label Keras documents for the dataset, once each (at least 8 samples),
    so that ``np.max(y) + 1`` and ``len(np.unique(y))`` are the class count."""
    largest = documented_label_max(name) or 0
    return np.arange(max(8, largest + 1)) % (largest + 1)


def _offline_datasets() -> None:
    modules = [keras.datasets]
    if GENERATION == 2:  # the public tf_keras.datasets.<name> and the modules behind them
        modules.append(importlib.import_module("tf_keras.src.datasets"))
    for datasets in modules:
        for name, (x, y) in DATASETS.items():
            module = importlib.import_module(f"{datasets.__name__}.{name}")
            labels = _labels(name)
            split = ((np.zeros((len(labels), *x), "uint8"), labels.reshape((len(labels), *y))),) * 2
            module.load_data = lambda *args, _data=split, **kwargs: _data
        for name in SEQUENCE_DATASETS:
            module = importlib.import_module(f"{datasets.__name__}.{name}")
            labels = _labels(name)
            data = ((_sequences(len(labels)), labels),) * 2
            module.load_data = lambda *args, _data=data, **kwargs: _data


def _model_classes() -> tuple:
    if GENERATION == 2:
        from tf_keras.src.engine.functional import Functional
        from tf_keras.src.engine.sequential import Sequential

        return Sequential, Functional
    from keras.src.models.functional import Functional

    return keras.Sequential, Functional


def _record_models(path: str) -> list:
    """Every Sequential and functional model the file creates, with the line that creates it."""
    created: list = []
    wanted = os.path.abspath(path)
    for cls in _model_classes():
        original = cls.__dict__.get("_kerascheck_original", cls.__init__)
        cls._kerascheck_original = original

        def init(self, *args, _original=original, _cls=cls, **kwargs):
            # tf_keras's Model(inputs, outputs) runs Functional.__init__ twice (once skipped): count it once
            if type(self) is _cls and not _inside_sequential_build() and all(self is not m for m, _ in created):
                frame = sys._getframe(1)
                while frame is not None and os.path.abspath(frame.f_code.co_filename) != wanted:
                    frame = frame.f_back
                created.append((self, frame.f_lineno if frame is not None else None))
            _original(self, *args, **kwargs)

        cls.__init__ = init
    return created


_OWN_MODELS = (
    os.path.join("models", "sequential.py"),
    os.path.join("engine", "sequential.py"),
)
_APPLICATIONS = (
    os.path.join("keras", "src", "applications"),
    os.path.join("tf_keras", "src", "applications"),
)


def _inside_sequential_build() -> bool:
    """A Sequential (or a keras.applications constructor) builds a Functional of
    its own: not a model the file makes."""
    frame = sys._getframe(2)
    while frame is not None:
        name = frame.f_code.co_filename
        if name.endswith(_OWN_MODELS):
            return True
        if any(part in name for part in _APPLICATIONS):
            return True  # a keras.applications base: kerascheck sees it as one layer
        frame = frame.f_back
    return False


def _count(weights: list) -> int:
    """As model.summary() counts: each weight once; tf_keras's weight handlers
    (a lookup table's vocabulary) have no shape and count nothing."""
    unique = {id(w): w for w in weights}.values()
    return int(sum(int(np.prod(w.shape)) for w in unique if hasattr(w, "shape")))


def _dims(shape) -> list:
    return [None if d is None else int(d) for d in shape]


def _output_shape(layer):
    """The last call's output, as model.summary() shows it: one shape, or a list
    of them for a layer with several outputs (``return_state=True``)."""
    if GENERATION == 2:
        import tensorflow as tf

        try:
            return _one_or_list(tf.nest.flatten(layer._inbound_nodes[-1].output_tensors))
        except IndexError:
            pass
        except (AttributeError, ValueError):
            return None
        try:
            shape = layer.output_shape
        except (AttributeError, RuntimeError, ValueError):
            return None
        if isinstance(shape, list):
            shape = shape[0]
        return None if shape is None else _dims(shape)
    try:
        return _one_or_list(layer._inbound_nodes[-1].output_tensors)
    except IndexError:  # a model never called, whose own graph the Sequential reuses
        return _dims(layer.output.shape) if hasattr(layer, "outputs") else None
    except (AttributeError, ValueError):
        return None


def _one_or_list(tensors: list):
    if not tensors:
        raise IndexError("no output")
    shapes = [_dims(tensor.shape) for tensor in tensors]
    return shapes[0] if len(shapes) == 1 else shapes


def _rows(model) -> list:
    """What ``model.summary()`` lists: a Keras 3 functional model's operations (``x * y``
    is a row of its own), else its layers (tf.keras lists such operations as TFOpLambda layers)."""
    operations = getattr(model, "_operations", None)
    if type(model).__name__ == "Functional" and operations is not None:
        return list(operations)
    return list(model.layers)


def _describe(model, line) -> dict:
    layers = []
    for layer in _rows(model):
        built = getattr(layer, "built", True)  # an operation has no weights to build
        layers.append({
            "name": layer.name,
            "type": type(layer).__name__,
            "output_shape": _output_shape(layer),
            "trainable": _count(getattr(layer, "trainable_weights", [])) if built else None,
            "non_trainable": _count(getattr(layer, "non_trainable_weights", [])) if built else None,
        })
    return {"name": model.name, "line": line, "built": bool(model.built), "layers": layers}


def _xla_flops(model):
    """XLA's count of the operations of ``model``'s forward pass (inference, batch 1).

    The weights are arguments of the compiled function, not constants, so that
    XLA cannot fold them away (a zero bias would otherwise cost nothing).
    """
    import jax

    inputs = [np.zeros([1 if d is None and axis == 0 else int(d) for axis, d in enumerate(tensor.shape)], dtype=tensor.dtype)
              for tensor in model.inputs]
    feed = inputs[0] if len(inputs) == 1 else inputs
    trainable = [v.value for v in model.trainable_variables]
    frozen = [v.value for v in model.non_trainable_variables]

    def forward(trainable, frozen, feed):
        return model.stateless_call(trainable, frozen, feed, training=False)[0]

    analysis = jax.jit(forward).lower(trainable, frozen, feed).compile().cost_analysis()
    if isinstance(analysis, list):  # older jax: one dict per computation
        analysis = analysis[0]
    return float(analysis.get("flops", 0.0))


def _with_flops(description: dict, model) -> dict:
    try:
        description["flops"] = _xla_flops(model)
    except Exception as exc:  # an open size, an unbuilt model: no count, and why
        description["flops"], description["flops_error"] = None, f"{type(exc).__name__}: {exc}"
    return description


def _call(namespace: dict, call: str, kwargs: dict) -> None:
    target = None
    for part in call.split("."):
        instantiate = part.endswith("()")
        name = part[:-2] if instantiate else part
        target = namespace[name] if target is None else getattr(target, name)
        if instantiate:
            target = target()
    target(**kwargs)


def _clear_session() -> None:
    """Names and global state start afresh for each job. Keras 3's default also runs a
    full garbage collection, which costs half a second per job once TensorFlow is
    imported: the memory of a few hundred small models is left for the process's end."""
    if GENERATION == 2:
        keras.backend.clear_session()
    else:
        keras.backend.clear_session(free_memory=False)


def probe(names: list) -> dict:
    """Which dotted names (``layers.Dense``, ``applications.ResNet50``) this Keras has."""
    present = {}
    for name in names:
        target = keras
        for part in name.split("."):
            target = getattr(target, part, None)
            if target is None:
                break
        present[name] = target is not None
    return present


def mask_traits(expressions: list) -> list:
    """How each layer treats masks: the call arguments Keras fills with masks,
    ``supports_masking``, and whether ``compute_mask`` is the class's own."""
    import inspect

    base = keras.layers.Layer
    traits = []
    for expression in expressions:
        layer = eval(expression, {"keras": keras, "layers": keras.layers})  # the tests' own expressions
        names = inspect.signature(type(layer).call).parameters
        traits.append({
            "class": type(layer).__name__,
            "consumes": [name for name in names if name in ("mask", "query_mask", "value_mask", "key_mask")],
            "supports_masking": bool(layer.supports_masking),
            "compute_mask": type(layer).compute_mask is not base.compute_mask,
        })
    return traits


def run(job: dict, scratch: str) -> dict:
    if "probe" in job:
        return {"path": None, "error": None, "error_line": None, "models": [], "present": probe(job["probe"])}
    if "mask_traits" in job:
        return {"path": None, "error": None, "error_line": None, "models": [], "traits": mask_traits(job["mask_traits"])}
    path = job.get("path")
    if job.get("source") is not None:
        target = os.path.join(scratch, os.path.basename(path) if path else f"job{id(job)}.py")
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(job["source"])
        file = target
    else:
        file = path
    created = _record_models(file)
    error = error_line = error_span = None
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            namespace = runpy.run_path(file, init_globals=_imports(job.get("imports")), run_name="__main__")
            if job.get("call"):
                _call(namespace, job["call"], job.get("kwargs", {}))
    except Exception as exc:  # the sample may be meant to fail
        error = f"{type(exc).__name__}: {exc}"
        error_line = _line_in(exc, file)
        error_span = _span_in(exc, file)
    models = []
    for model, line in created:
        try:
            described = _describe(model, line)
            models.append(_with_flops(described, model) if job.get("cost") else described)
        except Exception as exc:  # a half-built model: say so rather than lose the job
            models.append({"name": getattr(model, "name", None), "line": line, "built": False, "layers": [],
                           "describe_error": f"{type(exc).__name__}: {exc}"})
    return {"path": path if path is not None else file, "error": error, "error_line": error_line if error else None,
            "error_span": error_span if error else None, "models": models}


def _imports(text):
    """The namespace a job's ``imports`` text makes (None without one), for ``run_path``."""
    if not text:
        return None
    namespace: dict = {}
    exec(compile(text, "<imports added to the snippet>", "exec"), namespace)
    namespace.pop("__builtins__", None)
    return namespace


def _span_in(exc: BaseException, path: str):
    """[first, last] lines of the expression of ``path`` that raised (a
    ``Sequential([...])`` spanning several lines fails as a whole), or None."""
    wanted, span = os.path.abspath(path), None
    trace = exc.__traceback__
    while trace is not None:
        if os.path.abspath(trace.tb_frame.f_code.co_filename) == wanted:
            span = [trace.tb_lineno, trace.tb_lineno]
            try:
                first, last, _, _ = list(trace.tb_frame.f_code.co_positions())[trace.tb_lasti // 2]
            except (AttributeError, IndexError, ValueError):  # Python < 3.11
                first = last = None
            if first is not None and last is not None:
                span = [first, last]
        trace = trace.tb_next
    if span is None and isinstance(exc, SyntaxError) and exc.filename and os.path.abspath(exc.filename) == wanted:
        span = [exc.lineno, exc.lineno]
    return span


def _line_in(exc: BaseException, path: str):
    """The last line of ``path`` the exception went through: the statement that raised."""
    wanted, line = os.path.abspath(path), None
    trace = exc.__traceback__
    while trace is not None:
        if os.path.abspath(trace.tb_frame.f_code.co_filename) == wanted:
            line = trace.tb_lineno
        trace = trace.tb_next
    if line is None and isinstance(exc, SyntaxError) and exc.filename and os.path.abspath(exc.filename) == wanted:
        line = exc.lineno
    return line


def _zero_initializers() -> None:
    """Weights as numpy zeros: with JAX each new weight shape otherwise costs an
    XLA compilation of its initializer. Values never change shapes or counts;
    opt-in (KERASCHECK_FAST_INIT=1) for the many small generated models.
    Keras 3 only: tf_keras initializes eagerly and fast enough."""
    if GENERATION == 2:
        return
    from keras.src.backend.common import variables

    def initialize(self, initializer):
        self._initialize(np.zeros(self._shape, dtype=self._dtype))

    variables.Variable._initialize_with_initializer = initialize


def main() -> None:
    if os.environ.get("KERASCHECK_FAST_INIT") == "1":
        _zero_initializers()
    _offline_datasets()
    jobs = json.load(sys.stdin)
    results = []
    with tempfile.TemporaryDirectory(prefix="kerascheck-harness-") as scratch:
        for job in jobs:
            _clear_session()
            results.append(run(job, scratch))
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
