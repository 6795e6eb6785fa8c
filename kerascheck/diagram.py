"""A model as a graph to draw: one node per layer, edges as the tensors flow.

Built from the predicted results only (``results.ModelResult``), then drawn
by one module per format in ``kerascheck/diagrams/`` (Mermaid, DOT, SVG),
which all read this neutral form:

* a functional model's edges come from each layer's ``connected_to``
  (``dense[0][0]``: the layer ``dense``); a Sequential model is a chain,
  from its input when its input shape is known;
* a layer that is a model the same file builds (``encoder(x)``) becomes a
  subgraph of that model's own layers;
* what is not known statically (an output shape, a parameter count) is drawn
  as ``?`` and the node is marked ``unknown``, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Sequence

from .dims import format_shape
from .results import ModelResult
from .summary import format_count

#: Layer types that are models (a nested model is a subgraph when the file builds it).
MODEL_TYPES = frozenset({"Sequential", "Functional", "Model"})
_CONNECTION = re.compile(r"^(.*)\[\d+\]\[\d+\]$")


@dataclass(frozen=True)
class Node:
    id: str
    name: str
    type: str
    shape: str
    params: str
    unknown: bool
    #: A nested model's own graph, drawn as a subgraph.
    inner: Optional["Graph"] = None

    @property
    def label(self) -> tuple:
        """The lines of the node's label: name and type, output shape, parameters."""
        return (f"{self.name} ({self.type})", self.shape, f"params: {self.params}")


@dataclass(frozen=True)
class Graph:
    id: str
    name: str
    type: str
    nodes: tuple
    edges: tuple  # (source id, target id)

    def first(self) -> str:
        """The node an edge into this graph (as a subgraph) lands on."""
        node = self.nodes[0]
        return node.inner.first() if node.inner is not None else node.id

    def last(self) -> str:
        """The node an edge out of this graph (as a subgraph) leaves from."""
        node = self.nodes[-1]
        return node.inner.last() if node.inner is not None else node.id


class DiagramError(ValueError):
    """What was asked cannot be drawn (no model in the file, no model of that name)."""


def build(model: ModelResult, models: Sequence[ModelResult] = (), prefix: str = "n", _seen: frozenset = frozenset()) -> Graph:
    """The graph of ``model``; ``models``: the file's other models, for nested ones."""
    by_name = {other.name: other for other in models}
    seen = _seen | {model.name}
    nodes, ids = [], {}
    chain_input = model.sequential_like and model.layers and model.layers[0].type != "InputLayer"
    if chain_input and model.input_shape is not None and not _seen:  # a nested model's input comes from outside
        nodes.append(Node(f"{prefix}_input", "input", "Input", format_shape(model.input_shape), "0", False))
    for index, layer in enumerate(model.layers):
        node_id = f"{prefix}_{index}"
        ids.setdefault(layer.name, node_id)
        nested = by_name.get(layer.name) if layer.type in MODEL_TYPES and layer.name not in seen else None
        inner = build(nested, models, node_id, seen) if nested is not None else None
        unknown = layer.output_shape is None or layer.params is None
        nodes.append(Node(node_id, layer.name, layer.type, format_shape(layer.output_shape), format_count(layer.params), unknown, inner))
    edges = []
    if model.sequential_like:
        edges = [(a.id, b.id) for a, b in zip(nodes, nodes[1:])]
    else:
        for node, layer in zip(nodes, model.layers):
            for source in layer.connected_to:
                match = _CONNECTION.match(source)
                if match and match.group(1) in ids:
                    edges.append((ids[match.group(1)], node.id))
    return Graph(prefix, model.name, model.type, tuple(nodes), tuple(dict.fromkeys(edges)))


def pick(models: Sequence[ModelResult], name: Optional[str]) -> ModelResult:
    """The model named ``name`` (the last one the file builds when None); DiagramError if none."""
    if not models:
        raise DiagramError("no model found in this file")
    if name is None:
        return models[-1]
    for model in models:
        if model.name == name:
            return model
    known = ", ".join(sorted({model.name for model in models}))
    raise DiagramError(f"no model named {name!r} in this file (it has: {known})")


def endpoints(graph: Graph, source: str, target: str) -> tuple:
    """An edge between two nodes, moved onto the inner nodes where a node is a subgraph."""
    nodes = {node.id: node for node in graph.nodes}
    a, b = nodes.get(source), nodes.get(target)
    return (a.inner.last() if a is not None and a.inner is not None else source,
            b.inner.first() if b is not None and b.inner is not None else target)


def draw_command(path: str, model_name: Optional[str], format_name: str, output_file: Optional[str], target_keras: Optional[str]) -> int:
    """``kerascheck graph``: 0 when drawn, 2 with a message for what cannot be drawn."""
    import sys
    from pathlib import Path

    from .diagrams import renderer
    from .prediction import predict, read_file
    from .reporters.common import printable
    from .reporters.output import deliver

    try:
        result = predict(read_file(Path(path)), Path(path), target_keras)
        text = renderer(format_name)(build(pick(result.models, model_name), result.models))
    except DiagramError as error:
        print(f"kerascheck: error: {printable(path)}: {printable(str(error))}", file=sys.stderr)
        return 2
    except ValueError as error:
        print(f"kerascheck: error: {printable(str(error))}", file=sys.stderr)
        return 2
    return deliver(text, output_file)
