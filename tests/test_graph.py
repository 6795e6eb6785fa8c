"""``kerascheck graph``: the drawn graph is the predicted model, in three valid formats.

* DOT is read back by a DOT parser (pydot, in the test extra);
* Mermaid: no Mermaid parser installs from the package registries without a
  browser download (``@mermaid-js/mermaid-cli`` fetches Chromium), so its
  structure is checked: one header, quoted labels with no raw quote, balanced
  subgraphs, every edge between declared nodes;
* SVG is parsed as XML.

Each is checked against the same expected graph, for a chain, a graph with
residual branches, nested models and unknown parts, and a hostile layer name.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

import pytest

from kerascheck.diagram import build
from kerascheck.diagrams import renderer
from kerascheck.engine import check_source

from .conftest import ROOT, require

TOY_RESNET = (ROOT / "samples" / "functional_toy_resnet.py").read_text(encoding="utf-8")
NESTED = (ROOT / "samples" / "functional_shared_and_nested.py").read_text(encoding="utf-8")
HOSTILE = '''import keras
from keras import layers
model = keras.Sequential([keras.Input((8,)), layers.Dense(4, name='a"b</text>]-->x{}#q;'), layers.Dense(2)])
'''
UNKNOWN = '''import keras
from keras import layers
x = keras.Input((8,))
y = layers.Dense(4)(Mystery()(x))
model = keras.Model(x, y)
'''


def _graph(source: str, name: str | None = None):
    models = check_source(source).models
    model = models[-1] if name is None else next(m for m in models if m.name == name)
    return build(model, models)


def _leaves(graph) -> dict:
    """Leaf node id -> its label's first line, through subgraphs."""
    out = {}
    for node in graph.nodes:
        out.update(_leaves(node.inner) if node.inner is not None else {node.id: node.label[0]})
    return out


def _named_edges(graph, dot_edges: list) -> set:
    names = _leaves(graph)
    return {(names[a].split(" (")[0], names[b].split(" (")[0]) for a, b in dot_edges}


#: The edges of the toy ResNet: the main chain and both residual branches.
RESNET_EDGES = {
    ("img", "conv2d"), ("conv2d", "conv2d_1"), ("conv2d_1", "max_pooling2d"), ("max_pooling2d", "conv2d_2"),
    ("conv2d_2", "conv2d_3"), ("conv2d_3", "add"), ("max_pooling2d", "add"), ("add", "conv2d_4"),
    ("conv2d_4", "conv2d_5"), ("conv2d_5", "add_1"), ("add", "add_1"), ("add_1", "conv2d_6"),
    ("conv2d_6", "global_average_pooling2d"), ("global_average_pooling2d", "dense"), ("dense", "dropout"),
    ("dropout", "dense_1"),
}


def _dot(graph):
    require("pydot", "DOT output is validated by a DOT parser")
    import pydot

    (parsed,) = pydot.graph_from_dot_data(renderer("dot")(graph))

    def walk(item):
        nodes = {n.get_name(): n for n in item.get_nodes() if n.get_name() not in ("node", "graph", "edge")}
        edges = [(e.get_source(), e.get_destination()) for e in item.get_edges()]
        clusters = [s.get_name() for s in item.get_subgraphs()]
        for sub in item.get_subgraphs():
            n, e, c = walk(sub)
            nodes.update(n)
            edges += e
            clusters += c
        return nodes, edges, clusters

    return walk(parsed)


def _mermaid(graph) -> tuple:
    text = renderer("mermaid")(graph)
    lines = text.splitlines()
    assert lines[0] == "flowchart TD"
    nodes, edges, depth, subgraphs = {}, [], 0, []
    for line in lines[1:]:
        line = line.strip()
        if match := re.fullmatch(r'(\w+)\["([^"]*)"\]', line):
            assert match.group(1) not in nodes
            nodes[match.group(1)] = match.group(2)
        elif match := re.fullmatch(r"(\w+) --> (\w+)", line):
            edges.append((match.group(1), match.group(2)))
        elif match := re.fullmatch(r'subgraph (\w+) \["([^"]*)"\]', line):
            depth += 1
            subgraphs.append(match.group(2))
        elif line == "end":
            depth -= 1
            assert depth >= 0
        else:
            assert line in ("direction TB",) or line.startswith(("classDef unknown ", "class ")), line
    assert depth == 0
    assert all(a in nodes and b in nodes for a, b in edges), "an edge to an undeclared node"
    return nodes, edges, subgraphs


def _svg(graph):
    root = ElementTree.fromstring(renderer("svg")(graph))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    edges = [item for item in root.iter() if item.get("marker-end") == "url(#arrow)"]
    return texts, edges


def test_functional_graph_edges_in_every_format() -> None:
    graph = _graph(TOY_RESNET)
    nodes, edges, _ = _dot(graph)
    assert _named_edges(graph, edges) == RESNET_EDGES
    assert nodes["n_1"].get_label() == '"conv2d (Conv2D)\\n(None, 30, 30, 32)\\nparams: 896"'
    m_nodes, m_edges, _ = _mermaid(graph)
    assert _named_edges(graph, m_edges) == RESNET_EDGES
    assert m_nodes["n_1"] == "conv2d (Conv2D)<br/>(None, 30, 30, 32)<br/>params: 896"
    texts, lines = _svg(graph)
    assert len(lines) == len(RESNET_EDGES)
    assert {"conv2d (Conv2D)", "(None, 30, 30, 32)", "params: 896"} <= set(texts)


def test_nested_models_are_subgraphs() -> None:
    graph = _graph(NESTED, "wrapper")
    _, edges, clusters = _dot(graph)
    assert clusters == ["cluster_n_1", "cluster_n_1_1"]
    expected = {("input_layer_3", "features"), ("features", "dense"), ("dense", "dense_1"), ("dense_1", "dense_2"),
                ("dense_2", "dense_3")}
    assert _named_edges(graph, edges) == expected
    _, m_edges, subgraphs = _mermaid(graph)
    assert subgraphs == ["classifier (Functional)", "encoder (Sequential)"]
    assert _named_edges(graph, m_edges) == expected
    texts, _ = _svg(graph)
    assert {"classifier (Functional)", "encoder (Sequential)"} <= set(texts)


def test_unknown_parts_are_marked() -> None:
    graph = _graph(UNKNOWN)
    unknown = [node for node in graph.nodes if node.unknown]
    assert [node.name for node in unknown] == ["mystery", "dense"]
    nodes, _, _ = _dot(graph)
    assert nodes[unknown[0].id].get("style") == '"dashed"'
    text = renderer("mermaid")(graph)
    assert f"class {unknown[0].id},{unknown[1].id} unknown" in text
    assert "params: ?" in renderer("svg")(graph)


def test_hostile_names_stay_labels() -> None:
    graph = _graph(HOSTILE)
    nodes, _, _ = _dot(graph)
    assert 'a\\"b</text>]-->x{}#q;' in nodes["n_0"].get_label()
    m_nodes, m_edges, _ = _mermaid(graph)
    assert m_nodes["n_0"].startswith("a#quot;b#lt;/text#gt;]--#gt;x{}#35;q;")
    assert len(m_edges) == 2  # from the input, to the next Dense
    texts, _ = _svg(graph)
    assert 'a"b</text>]-->x{}#q; (Dense)' in texts


def _cli(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kerascheck", *arguments], capture_output=True, text=True, cwd=ROOT)


@pytest.mark.parametrize("format_name", ["mermaid", "dot", "svg"])
def test_graph_command(format_name: str, tmp_path) -> None:
    target = tmp_path / f"model.{format_name}"
    done = _cli("graph", "samples/functional_toy_resnet.py", "--format", format_name, "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert target.read_text(encoding="utf-8") == renderer(format_name)(_graph(TOY_RESNET))


@pytest.mark.parametrize(("arguments", "message"), [
    (("graph", "missing.py"), "kerascheck: error: no such file: missing.py"),
    (("graph", "samples/functional_toy_resnet.py", "--model", "nope"),
     "samples/functional_toy_resnet.py: no model named 'nope' in this file (it has: toy_resnet)"),
    (("graph", "pyproject.toml"), "pyproject.toml: no model found in this file"),
    (("graph", "samples/functional_toy_resnet.py", "--format", "png"), "invalid choice: 'png'"),
])
def test_graph_errors(arguments: tuple, message: str) -> None:
    done = _cli(*arguments)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_markdown_summary_with_diagram() -> None:
    done = _cli("summary", "--output-format", "markdown", "--diagram", "--no-cache", "samples/functional_shared_and_nested.py")
    assert done.returncode == 0, done.stderr
    graph = _graph(NESTED, "wrapper")
    assert f"```mermaid\n{renderer('mermaid')(graph)}```\n" in done.stdout
    assert done.stdout.count("```mermaid\n") == len(check_source(NESTED).models)
