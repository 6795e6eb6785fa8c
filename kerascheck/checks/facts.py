"""What every check reads, computed once per file.

Checks never walk the syntax tree or re-run the interpreter themselves: they read
these records. Lookups that not every file needs (bound arguments, source
text of an argument) are computed on first use and cached here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Optional

import libcst as cst

from ..interpreter.objects import InputCall, LayerCall, ModelCall
from ..imports import ImportTable
from ..interpreter.models import bind_arguments
from ..layers.registry import Args, LayerSpec, Undetermined, lookup
from ..results import LayerResult, ModelResult, Span
from ..settings import Settings
from ..target import DEFAULT, Target
from .. import walk

#: A model whose undecided ``if`` branches expand to more paths than this is
#: not checked path by path (the checks stay silent rather than slow).
MAX_PATHS = 32

#: Attributes through which the interpreter's objects reach other objects
#: (``Branch.paths``, a functional ``Application.layer``, ``Tensor.producer``...).
_LINKS = ("layers", "paths", "layer", "producer", "inputs", "outputs")


@dataclass(frozen=True)
class ModelFacts:
    """A model, its result, and its layers in every possible order."""

    call: ModelCall
    result: Optional[ModelResult]
    #: For a Sequential: each possible sequence of its items (one per combination
    #: of undecided ``if`` branches); empty for other models or too many paths.
    paths: tuple

    @property
    def sequential(self) -> bool:
        return self.call.kind == "Sequential"


@dataclass
class FileFacts:
    """The interpreted models and their results for one file."""

    module: cst.Module
    models: tuple  # ModelFacts
    layers: tuple  # every LayerCall, once per call site
    #: The file is checked against Keras 1 (FileContext: the project's target,
    #: else a Keras 1 spelling in a Keras 1 sense).
    keras1: bool
    settings: Settings
    locate: Callable[[cst.CSTNode], Span]
    #: ids of the models used inside another model (as a layer, or called on a tensor).
    nested: frozenset
    #: What was predicted for each layer, by the span of its call.
    layer_results: dict = field(default_factory=dict)  # span -> LayerResult
    _imports: Optional[ImportTable] = None
    _calls: Optional[tuple] = None
    _bound: dict = field(default_factory=dict)
    #: Which Keras the file is checked against, from the FileContext: the version
    #: (``target.release``, ``target.admits(">=2.11,<3")``) and its generation (1, 2 or 3).
    target: Target = DEFAULT
    #: The Keras 1 spelling that made the file Keras 1 (FileContext), None otherwise.
    keras1_sign: Optional[str] = None

    @property
    def generation(self) -> int:
        return self.target.generation

    @property
    def target_decided(self) -> bool:
        """Whether the project decided the target (command line, configuration, declared dependencies)."""
        return self.settings.target is not None

    @property
    def migrate_to(self) -> int:
        """The generation the migration rules (KC6xx) report against (``--migrate-to``, default 3)."""
        return getattr(self.settings, "migrate_to", 3)

    @classmethod
    def build(cls, module: cst.Module, interpretation: Any, results: tuple, settings: Settings, locate: Callable[[cst.CSTNode], Span]) -> "FileFacts":
        models = tuple(interpretation.models)
        by_span = {_key(result.span): result for result in results}
        layer_results = {_key(layer.span): layer for result in results for layer in result.layers}
        facts = tuple(ModelFacts(model, by_span.get(_key(locate(model.node))), _paths(model)) for model in models)
        roots = (*models, *interpretation.applications)
        layers = {id(call.node): call for call in _reachable(roots, LayerCall)}
        # One walk from every root's links (reachability from a union is the union of reachabilities).
        nested = frozenset(id(model) for model in _reachable([_links(root) for root in roots], ModelCall))
        context = interpretation.context
        return cls(module, facts, tuple(layers.values()), context.generation == 1, settings, locate, nested, layer_results,
                   context.imports, target=context.target, keras1_sign=getattr(context, "keras1_sign", None))

    @property
    def calls(self) -> tuple:
        """Every call in the file, for checks about calls outside models (optimizers)."""
        if self._calls is None:
            self._calls = tuple(walk.calls(self.module))
        return self._calls

    @property
    def imports(self) -> ImportTable:
        if self._imports is None:
            self._imports = ImportTable(self.module)
        return self._imports

    def spec(self, call: Any) -> Optional[LayerSpec]:
        """The catalogue entry of a known layer call, else None."""
        if isinstance(call, LayerCall) and call.known:
            return lookup(call.type_name)
        return None

    def args(self, call: LayerCall) -> Optional[Args]:
        """The call's arguments under Keras 3 names (None for unknown layers)."""
        if id(call) not in self._bound:
            spec = self.spec(call)
            try:
                self._bound[id(call)] = bind_arguments(spec, call, self.generation) if spec is not None else None
            except Undetermined:  # ``**cfg`` not known: no check can read its arguments
                self._bound[id(call)] = None
        return self._bound[id(call)]

    def result(self, item: Any) -> Optional[LayerResult]:
        """What was predicted for a layer (or nested model) of a model."""
        node = getattr(item, "node", None)
        return self.layer_results.get(_key(self.locate(node))) if node is not None else None

    def source(self, node: cst.CSTNode) -> str:
        return " ".join(self.module.code_for_node(node).split())

    def argument(self, call: Any, keyword: str) -> Optional[cst.BaseExpression]:
        """The syntax node of a keyword argument of a call, for source text and imports."""
        for arg in getattr(call.node, "args", ()):
            if arg.keyword is not None and arg.keyword.value == keyword:
                return arg.value
        return None

    def keras_path(self, node: Optional[cst.BaseExpression]) -> Optional[str]:
        """``keras.constraints.MaxNorm`` for ``MaxNorm(2)`` or ``constraints.max_norm``, if from Keras."""
        if isinstance(node, cst.Call):
            node = node.func
        if node is None:
            return None
        qualified = self.imports.qualify(node)
        if qualified is not None:
            return qualified
        member = self.imports.keras_member(node)
        return f"keras.{member}" if member else None


def _key(span: Span) -> tuple:
    return (span.line, span.column, span.end_line, span.end_column)


def _is_branch(item: Any) -> bool:
    return hasattr(item, "paths") and not isinstance(item, (LayerCall, ModelCall, InputCall))


def _paths(model: ModelCall) -> tuple:
    if model.kind != "Sequential":
        return ()
    paths = _expand(tuple(model.layers))
    return tuple(paths) if paths is not None else ()


def _expand(items: tuple) -> Optional[list]:
    """Every sequence of items an undecided ``if`` can produce; None when too many."""
    sequences: list = [()]
    for item in items:
        if _is_branch(item):
            options = []
            for path in item.paths:
                expanded = _expand(tuple(path))
                if expanded is None:
                    return None
                options.extend(expanded)
            sequences = [done + option for done in sequences for option in options]
            if len(sequences) > MAX_PATHS:
                return None
        else:
            sequences = [done + (item,) for done in sequences]
    return sequences


def _links(item: Any) -> list:
    return [getattr(item, link) for link in _LINKS if getattr(item, link, None) is not None and not isinstance(getattr(item, link), str)]


def _reachable(roots: Any, kind: type) -> Iterator[Any]:
    """Every record of ``kind`` reachable from ``roots``, whatever the models' structure."""
    seen: set = set()
    stack = [roots]
    while stack:
        item = stack.pop()
        if isinstance(item, (tuple, list)):
            stack.extend(reversed(item))
            continue
        if id(item) in seen or item is None or isinstance(item, (str, int, float)):
            continue
        seen.add(id(item))
        if isinstance(item, kind):
            yield item
        stack.extend(_links(item))
