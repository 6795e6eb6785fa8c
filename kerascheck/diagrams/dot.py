"""Graphviz DOT: ``kerascheck graph model.py --format dot | dot -Tpng -o model.png``.

Each node is a box with its name and type, output shape and parameters; a
nested model is a ``cluster`` subgraph; unknown parts are dashed and red.
Every label is a quoted DOT string with ``\\`` and ``"`` escaped.
"""

from __future__ import annotations

from ..diagram import Graph, Node, endpoints
from ..reporters.common import printable


def quoted(value: str) -> str:
    """A DOT quoted string (newlines as ``\\n``)."""
    text = printable(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def _label(node: Node) -> str:
    return "\\n".join(quoted(line)[1:-1] for line in node.label)


def _body(graph: Graph, indent: str) -> list:
    lines = []
    for node in graph.nodes:
        if node.inner is not None:
            inner = node.inner
            lines.append(f"{indent}subgraph cluster_{node.id} {{")
            lines.append(f"{indent}  label={quoted(f'{inner.name} ({inner.type})')}; style=rounded;")
            lines.extend(_body(inner, indent + "  "))
            lines.append(f"{indent}}}")
        else:
            style = ', style="dashed", color="#bb0000", fontcolor="#bb0000"' if node.unknown else ""
            lines.append(f'{indent}{node.id} [label="{_label(node)}"{style}];')
    lines.extend(f"{indent}{a} -> {b};" for a, b in (endpoints(graph, *edge) for edge in graph.edges))
    return lines


def render(graph: Graph) -> str:
    lines = [f"digraph {quoted(graph.name)} {{", "  rankdir=TB;", '  node [shape=box, style="rounded", fontname="Helvetica"];',
             *_body(graph, "  "), "}"]
    return "\n".join(lines) + "\n"
