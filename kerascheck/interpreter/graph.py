"""The functional graph of a model, ordered exactly as Keras orders it.

Keras lists a functional model's layers by depth (``keras/src/ops/function.py``
``map_graph``): a depth-first walk from the outputs numbers the operations,
depths grow towards the inputs, and operations are listed from the deepest,
ties broken by walk order. Reproducing it makes our summaries list layers,
node indices and "Connected to" entries the way ``model.summary()`` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from .objects import InputCall
from .values import Tensor


def input_tensors(node: Any) -> list:
    """The tensors a node consumes, flattened (none for an input)."""
    if isinstance(node, InputCall):
        return []
    return [t for t in _flat((node.inputs, node.extra_inputs)) if isinstance(t, Tensor)]


def from_inputs(tensors: list) -> bool:
    """Whether every tensor was computed from ``Input``s alone: certainly a symbolic tensor.
    A layer called on something else (a parameter, an array: maybe an eager tensor) computes
    a tensor whose kind only the run knows."""
    seen: set = set()
    pending = [t.producer for t in tensors]
    while pending:
        node = pending.pop()
        if id(node) in seen or isinstance(node, InputCall):
            continue
        seen.add(id(node))
        if node is None or not _flat_known(node.inputs):
            return False
        pending.extend(t.producer for t in input_tensors(node))
    return True


def _flat_known(inputs: Any) -> bool:
    items = list(_flat(inputs))
    return bool(items) and all(isinstance(item, Tensor) for item in items)


def operation(node: Any) -> Any:
    return node if isinstance(node, InputCall) else node.layer


def node_index(node: Any) -> int:
    return 0 if isinstance(node, InputCall) else node.node_index


def _flat(value: Any) -> Iterator:
    if isinstance(value, (list, tuple)):
        for item in value:
            yield from _flat(item)
    elif isinstance(value, dict):
        for key in sorted(value, key=str):
            yield from _flat(value[key])
    else:
        yield value


@dataclass(frozen=True)
class Graph:
    operations: tuple  # LayerCall | InputCall | ModelCall, in summary order
    nodes: tuple  # Application | InputCall, inputs before the nodes using them
    depths: dict  # node -> depth (0 at the outputs)
    sequential_like: bool


def map_graph(inputs: tuple, outputs: tuple) -> Graph:
    """Keras' ``map_graph`` over our descriptions (unknown tensors are skipped)."""
    flat_inputs = [t for t in inputs if isinstance(t, Tensor)]
    order: list = []
    indices: dict = {}
    finished: set = set()
    for output in outputs:
        if isinstance(output, Tensor):
            _visit(output, flat_inputs, finished, order, indices)
    in_graph = set(order)
    depths: dict = {}
    operation_depths: dict = {}
    for node in reversed(order):
        depth = max(depths.setdefault(node, 0), operation_depths.get(operation(node), 0))
        operation_depths[operation(node)] = depth
        depths[node] = depth
        for tensor in input_tensors(node):
            if tensor.producer in in_graph:
                depths[tensor.producer] = max(depth + 1, depths.get(tensor.producer, 0))
    for tensor in flat_inputs:
        if isinstance(tensor.producer, InputCall) and tensor.producer not in operation_depths:
            operation_depths[tensor.producer] = 0
            indices[tensor.producer] = -1
            depths[tensor.producer] = 0
    operations = sorted(operation_depths, key=lambda op: (-operation_depths[op], indices[op]))
    nodes = sorted(depths, key=lambda node: -depths[node])
    return Graph(tuple(operations), tuple(nodes), depths, _sequential_like(depths, operations))


def _visit(root: Tensor, inputs: list, finished: set, order: list, indices: dict) -> None:
    """Keras' depth-first walk from an output, without recursion (a chain of
    thousands of layers is ordinary): operations numbered on first visit,
    nodes listed once their inputs are."""

    def enter(tensor: Tensor) -> Any:
        node = tensor.producer
        if node in finished:
            return None
        finished.add(node)  # marked early: our graphs are built in source order, so acyclic
        if not isinstance(node, InputCall) and any(tensor is t for t in inputs):
            return None
        indices.setdefault(operation(node), len(indices))
        return node

    start = enter(root)
    stack = [(start, iter(input_tensors(start)))] if start is not None else []
    while stack:
        node, parents = stack[-1]
        parent = next(parents, None)
        if parent is None:
            stack.pop()
            order.append(node)
            continue
        child = enter(parent)
        if child is not None:
            stack.append((child, iter(input_tensors(child))))


def _sequential_like(depths: dict, operations: list) -> bool:
    """Keras' test for the 3-column summary: one chain, no shared layers."""
    by_depth: dict = {}
    for node, depth in depths.items():
        by_depth.setdefault(depth, []).append(node)
    for nodes in by_depth.values():
        if len(nodes) > 1 or len(input_tensors(nodes[0])) > 1:
            return False
    counts: dict = {}
    for node in depths:
        counts[id(operation(node))] = counts.get(id(operation(node)), 0) + 1
    return all(count == 1 for count in counts.values())


def connections(op: Any, inbound: list, depths: dict) -> tuple:
    """``dense[0][0]`` entries for every call of ``op`` that is part of the graph."""
    found = []
    for node in inbound:
        if node not in depths:
            continue
        for tensor in input_tensors(node):
            producer = tensor.producer
            found.append(f"{operation(producer).name}[{node_index(producer)}][{tensor.index}]")
    return tuple(found)

