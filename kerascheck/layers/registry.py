"""The layer catalogue's machinery: one :class:`LayerSpec` per Keras layer.

Each group module (``core``, ``convolutional``, ``pooling``...) declares its
layers with :func:`layer`, the way Keras gives each layer class its own
``compute_output_shape``: the signature it accepts, the legacy spellings it
understands, and one ``infer`` function from (arguments, input shape) to
(output shape, parameter counts). Everything else (the CLI, the summary, the
editor) only asks :func:`lookup`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Optional

from ..dims import Dim, Expr, symbol
from ..interpreter.values import Opaque

Shape = Optional[tuple]  # tuple[Dim, ...] including the batch axis; None = unknown

#: Keyword arguments every Keras 3 layer accepts (``keras.layers.Layer``).
BASE_KEYWORDS = frozenset(
    {"name", "dtype", "trainable", "autocast", "input_shape", "input_dim", "activity_regularizer"}
)

#: Keyword arguments older Keras accepted on every layer (Keras 1 and 2).
LEGACY_BASE_KEYWORDS = frozenset({"batch_input_shape", "batch_size", "weights", "input_dtype", "input_length"})

#: Keras 1 names of arguments shared by many layers, and their Keras 2+ names.
LEGACY_RENAMES: Mapping[str, str] = {
    "output_dim": "units",
    "nb_filter": "filters",
    "border_mode": "padding",
    "subsample": "strides",
    "subsample_length": "strides",
    "filter_length": "kernel_size",
    "dim_ordering": "data_format",
    "init": "kernel_initializer",
    "inner_init": "recurrent_initializer",
    "W_regularizer": "kernel_regularizer",
    "b_regularizer": "bias_regularizer",
    "U_regularizer": "recurrent_regularizer",
    "W_constraint": "kernel_constraint",
    "b_constraint": "bias_constraint",
    "U_constraint": "recurrent_constraint",
    "bias": "use_bias",
    "pool_length": "pool_size",
    "stride": "strides",
    "atrous_rate": "dilation_rate",
    "dropout_W": "dropout",
    "dropout_U": "recurrent_dropout",
    "p": "rate",
}


#: The Keras generations kerascheck knows (``kerascheck.target.GENERATIONS``).
ALL_GENERATIONS = (1, 2, 3)
#: A class Keras 3 removed (``tf_keras.layers`` has it, ``keras.layers`` does not).
UNTIL_KERAS2 = (1, 2)
#: A class Keras 3 added (``keras.layers`` has it, ``tf_keras.layers`` does not).
KERAS3_ONLY = (3,)


class ShapeError(Exception):
    """Keras would raise building this layer on this input (certain, not guessed)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class Undetermined(Exception):
    """An argument needed for the shape is not known statically."""


@dataclass(frozen=True)
class Inference:
    """What one layer does to one input: output shape and weights."""

    shape: Shape
    trainable: Dim = 0
    non_trainable: Dim = 0
    #: Findings that do not stop inference, as (rule code, message).
    findings: tuple = ()
    #: How the output was computed, for hovers (``(26 - 3) // 1 + 1 = 24``).
    formula: str = ""


InferFn = Callable[["Args", tuple], Inference]


@dataclass(frozen=True)
class LayerSpec:
    """Everything kerascheck knows about one Keras layer class."""

    name: str
    group: str
    positional: tuple
    keywords: frozenset
    infer: InferFn
    aliases: tuple = ()
    #: Keras 1 positional signature, used when the call is written the Keras 1 way.
    legacy_positional: tuple = ()
    #: Rank the input must have (batch included), or None for any rank...
    rank: Optional[int] = None
    #: ...and the least rank it may have.
    min_rank: int = 1
    #: What the input's axes are, for messages: "(batch, height, width, channels)".
    axes: str = ""
    #: Which static facts the layer needs, for docs/layers.md.
    needs: str = "its arguments"
    #: The class Keras reports in ``model.summary()`` when it is not ``name``
    #: (a ``keras.applications`` constructor builds a ``Functional``).
    keras_type: str = ""
    #: Keras' own name for an instance when it does not count names per class
    #: (``resnet50``, ``mobilenet_1.00_224``): (arguments) -> name. The
    #: arguments carry the target's ``keras_generation``, as for ``infer``:
    #: tf_keras names some differently (``MobilenetV3small``).
    default_name: Optional[Callable[[Args], Optional[str]]] = None
    #: Names Keras generates while constructing the layer (an application's own
    #: ``input_layer``, ``rescaling``...): (arguments) -> {base name: count}.
    #: They advance the counters later layers of the file are named by.
    generated_names: Optional[Callable[[Args], Mapping[str, int]]] = None
    #: True for layers called on a list of tensors (merges): ``infer`` then
    #: receives a list of input shapes.
    multi_input: bool = False
    #: False when the Keras 3 constructor takes no ``**kwargs`` (SpatialDropout1D):
    #: it then accepts none of the base keywords but ``name``/``dtype``.
    base_keywords: bool = True
    #: The Keras generations whose ``layers`` module has the class: (1, 2) for
    #: one Keras 3 removed (ThresholdedReLU), (3,) for one Keras 3 added.
    generations: tuple = ALL_GENERATIONS

    def exists_in(self, generation: int) -> bool:
        """Whether Keras ``generation`` has this class."""
        return generation in self.generations

    def accepts(self, keyword: str) -> bool:
        if keyword in self.keywords:
            return True
        return keyword in BASE_KEYWORDS if self.base_keywords else keyword in ("name", "dtype")

    @property
    def reported_type(self) -> str:
        """The type column of Keras' summary for this layer."""
        return self.keras_type or self.name

    def check_rank(self, shape: tuple) -> None:
        """Raise the ShapeError Keras' ``InputSpec`` raises for an input of the wrong rank."""
        from .geometry import rank_error  # geometry imports this module

        if self.rank is not None and len(shape) != self.rank:
            raise rank_error(self.name, f"a {self.rank}D input {self.axes}".rstrip(), shape)
        if len(shape) < self.min_rank:
            raise rank_error(self.name, f"an input of rank {self.min_rank} or more", shape)


#: Keras 3 constructor signatures, generated from real Keras by
#: ``scripts/generate_signatures.py`` (a test re-derives them): so that every
#: spec accepts exactly the keywords Keras accepts, without typing them twice.
_SIGNATURES = Path(__file__).with_name("signatures.json")


@lru_cache(maxsize=1)
def keras_signatures() -> Mapping[str, Mapping[str, Any]]:
    """class name -> {"params": [...], "var_keyword": bool}."""
    return json.loads(_SIGNATURES.read_text(encoding="utf-8"))


_REGISTRY: dict = {}


def layer(
    name: str,
    group: str,
    positional: tuple,
    keywords: tuple = (),
    *,
    aliases: tuple = (),
    legacy_positional: tuple = (),
    rank: Optional[int] = None,
    min_rank: int = 1,
    axes: str = "",
    needs: str = "its arguments",
    keras_type: str = "",
    default_name: Optional[Callable[[Args], Optional[str]]] = None,
    generated_names: Optional[Callable[[Args], Mapping[str, int]]] = None,
    multi_input: bool = False,
    generations: tuple = ALL_GENERATIONS,
) -> Callable[[InferFn], InferFn]:
    """Register ``infer`` as the shape function of Keras layer ``name``.

    The keywords accepted are ``keywords`` (legacy spellings included) plus
    the Keras 3 signature of the class from ``signatures.json`` (a class
    Keras 3 does not have lists its whole signature in ``keywords``).
    ``generations``: the Keras generations that have the class.
    """
    if not generations or not set(generations) <= set(ALL_GENERATIONS):
        raise ValueError(f"{name}: generations must be some of {ALL_GENERATIONS}, got {generations!r}")

    def register(infer: InferFn) -> InferFn:
        signature = keras_signatures().get(name, {})
        spec = LayerSpec(
            name=name,
            group=group,
            positional=positional,
            keywords=frozenset(positional) | frozenset(keywords) | frozenset(signature.get("params", ())),
            infer=infer,
            aliases=aliases,
            legacy_positional=legacy_positional,
            rank=rank,
            min_rank=min_rank,
            axes=axes,
            needs=needs,
            keras_type=keras_type,
            default_name=default_name,
            generated_names=generated_names,
            multi_input=multi_input,
            base_keywords=signature.get("var_keyword", True),
            generations=tuple(sorted(generations)),
        )
        for key in (name, *aliases):
            _REGISTRY[key] = spec
        return infer

    return register


def lookup(name: str, generation: Optional[int] = None) -> Optional[LayerSpec]:
    """The spec for a class name or alias as written (``MaxPool2D``...).

    With ``generation``, None when that Keras has no such class (a Keras 2
    program's ``AdaptiveAveragePooling2D``, a Keras 3 program's
    ``LocallyConnected2D``): the call is then an unknown layer, never one
    predicted as if it existed. Without it, every generation's classes.
    """
    _load_catalogue()
    spec = _REGISTRY.get(name)
    if spec is not None and generation is not None and not spec.exists_in(generation):
        return None
    return spec


def all_specs(generation: Optional[int] = None) -> list:
    """Every canonical spec once (those ``generation`` has, when given), grouped and sorted for listings."""
    _load_catalogue()
    unique = {spec.name: spec for spec in _REGISTRY.values() if generation is None or spec.exists_in(generation)}
    return sorted(unique.values(), key=lambda spec: (spec.group, spec.name))


def _load_catalogue() -> None:
    if not _REGISTRY:
        from . import catalogue  # noqa: F401  (registers every group)


# -- arguments -------------------------------------------------------------


@dataclass
class Args:
    """A layer call's arguments, mapped to Keras 3 names, with typed access.

    Accessors raise :class:`Undetermined` when a value the shape depends on
    is not known statically; the engine then marks the output unknown rather
    than guessing.
    """

    layer: str
    values: dict
    data_format: str = "channels_last"
    keras_generation: int = 3
    notes: list = field(default_factory=list)

    def __contains__(self, name: str) -> bool:
        return name in self.values

    def raw(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    def dim(self, name: str, default: Any = None) -> Dim:
        """An integer argument; an unknown one becomes a symbol."""
        return as_dim(self.values.get(name, default), name)

    def dims(self, name: str, rank: int, default: Any = None) -> tuple:
        """An int-or-tuple argument expanded to ``rank`` dims (``kernel_size``)."""
        value = self.values.get(name, default)
        if isinstance(value, (tuple, list)):
            if len(value) != rank:
                raise ShapeError(
                    "KC301",
                    f"{self.layer}: `{name}` must have {rank} values, got {len(value)} ({_show(value)})",
                )
            return tuple(as_dim(item, name) for item in value)
        if isinstance(value, Opaque) and rank > 1:
            raise Undetermined(f"`{name}` ({value.text}) is not known statically")
        return (as_dim(value, name),) * rank

    def text(self, name: str, default: Optional[str] = None) -> Optional[str]:
        """A string option, lower-cased (``padding``, ``data_format``...)."""
        value = self.values.get(name, default)
        if value is None or isinstance(value, str):
            return value.lower() if isinstance(value, str) else value
        raise Undetermined(f"`{name}` is not known statically")

    def flag(self, name: str, default: bool) -> bool:
        value = self.values.get(name, default)
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return bool(value)
        raise Undetermined(f"`{name}` is not known statically")

    def channels_first(self) -> bool:
        """True when this layer reads channels on axis 1."""
        fmt = self.text("data_format") or self.data_format
        return fmt in ("channels_first", "th")


def as_dim(value: Any, name: str = "value") -> Dim:
    """Interpret a static value as a size."""
    if isinstance(value, bool):
        return int(value)
    if value is None or isinstance(value, (int, Expr)):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Opaque):
        return symbol(value.text)
    raise Undetermined(f"`{name}` is not a size ({_show(value)})")


def as_shape(shape: Any) -> Shape:
    """A static shape (batch axis included) as dims; None when it is not one."""
    if not isinstance(shape, (tuple, list)):
        return None
    try:
        return tuple(as_dim(d) for d in shape)
    except Undetermined:
        return None


def _show(value: Any) -> str:
    if isinstance(value, Opaque):
        return value.text
    return repr(value)


def iter_groups() -> Iterator[tuple]:
    """(group, [specs]) in catalogue order, for docs and listings."""
    specs = all_specs()
    groups: dict = {}
    for spec in specs:
        groups.setdefault(spec.group, []).append(spec)
    yield from groups.items()
