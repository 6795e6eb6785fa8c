"""Mermaid flowcharts: rendered by GitHub and GitLab in Markdown, nothing to install.

Labels are quoted, and every character Mermaid could read as syntax is
written as its entity (``#quot;``, ``#lt;``, ``#35;``...), so a layer name from the
source can never end a label or start a directive.
"""

from __future__ import annotations

from ..diagram import Graph, Node, endpoints
from ..reporters.common import printable

_ENTITIES = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "#": "#35;", "&": "#amp;", "`": "#96;"}
UNKNOWN_STYLE = "classDef unknown stroke-dasharray: 5 5,stroke:#b00,color:#b00;"


def text(value: str) -> str:
    """Source text safe inside a quoted Mermaid label."""
    return "".join(_ENTITIES.get(char, char) for char in " ".join(printable(value).split()))


def _label(node: Node) -> str:
    return "<br/>".join(text(line) for line in node.label)


def _body(graph: Graph, indent: str, unknown: list) -> list:
    lines = []
    for node in graph.nodes:
        if node.inner is not None:
            inner = node.inner
            lines.append(f'{indent}subgraph {node.id} ["{text(f"{inner.name} ({inner.type})")}"]')
            lines.append(f"{indent}  direction TB")
            lines.extend(_body(inner, indent + "  ", unknown))
            lines.append(f"{indent}end")
        else:
            lines.append(f'{indent}{node.id}["{_label(node)}"]')
            if node.unknown:
                unknown.append(node.id)
    lines.extend(f"{indent}{a} --> {b}" for a, b in (endpoints(graph, *edge) for edge in graph.edges))
    return lines


def render(graph: Graph) -> str:
    unknown: list = []
    lines = ["flowchart TD", *_body(graph, "  ", unknown)]
    if unknown:
        lines += [f"  {UNKNOWN_STYLE}", f"  class {','.join(unknown)} unknown"]
    return "\n".join(lines) + "\n"


def fenced(model: object, models: tuple = ()) -> str:
    """The model's diagram as a fenced ``mermaid`` block, for Markdown."""
    from ..diagram import build

    return f"```mermaid\n{render(build(model, models))}```"
