"""SVG drawn here, without Graphviz: a simple layered layout.

Each node goes on the row of its longest path from an input (so every edge
points down), rows are centred, an edge that skips rows within one column (a
residual connection) curves around the boxes on the right, nested models get a dashed frame around
their layers, unknown parts are dashed and red. Text is XML-escaped; the
output is a standalone, well-formed SVG document.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from ..diagram import Graph, Node, endpoints
from ..reporters.common import printable

CHAR_WIDTH, LINE_HEIGHT, PAD, ROW_GAP, COLUMN_GAP, FRAME, DETOUR = 7.2, 16, 10, 44, 24, 12, 28
UNKNOWN = "#bb0000"


@dataclass(frozen=True)
class _Box:
    node: Node
    groups: tuple  # the nested graphs (outermost first) this node is inside
    x: float = 0.0
    y: float = 0.0

    @property
    def lines(self) -> tuple:
        return tuple(" ".join(printable(line).split()) for line in self.node.label)

    @property
    def width(self) -> float:
        return max(len(line) for line in self.lines) * CHAR_WIDTH + 2 * PAD

    @property
    def height(self) -> float:
        return len(self.lines) * LINE_HEIGHT + PAD


def _flatten(graph: Graph, groups: tuple = ()) -> tuple:
    """(leaf nodes with their enclosing groups, edges between leaves)."""
    boxes, edges = [], [endpoints(graph, *edge) for edge in graph.edges]
    for node in graph.nodes:
        if node.inner is not None:
            inner_boxes, inner_edges = _flatten(node.inner, (*groups, node.inner))
            boxes += inner_boxes
            edges += inner_edges
        else:
            boxes.append(_Box(node, groups))
    return boxes, edges


def _rows(boxes: list, edges: list) -> dict:
    """Node id -> row: the longest path from a node without inputs (source order breaks cycles)."""
    order = {box.node.id: index for index, box in enumerate(boxes)}
    row = {node_id: 0 for node_id in order}
    for _ in range(len(boxes)):
        changed = False
        for a, b in edges:
            if a in row and b in row and order[a] < order[b] and row[b] < row[a] + 1:
                row[b], changed = row[a] + 1, True
        if not changed:
            break
    return row


def _layout(boxes: list, edges: list) -> list:
    rows = _rows(boxes, edges)
    by_row: dict = {}
    for box in boxes:
        by_row.setdefault(rows[box.node.id], []).append(box)
    widths = {r: sum(b.width for b in items) + COLUMN_GAP * (len(items) - 1) for r, items in by_row.items()}
    widest = max(widths.values())
    height = max(box.height for box in boxes)
    placed = []
    for r, items in sorted(by_row.items()):
        x = FRAME * 3 + (widest - widths[r]) / 2
        for box in items:
            placed.append(_Box(box.node, box.groups, x, FRAME * 3 + r * (height + ROW_GAP)))
            x += box.width + COLUMN_GAP
    return placed


def _frames(boxes: list) -> list:
    """A dashed frame around each nested model's nodes, with its name."""
    out, depth_of = [], {}
    for box in boxes:
        for depth, group in enumerate(box.groups):
            depth_of.setdefault(group.id, (depth, group, []))[2].append(box)
    for depth, group, members in depth_of.values():
        margin = FRAME * (len(max((b.groups for b in members), key=len)) - depth)
        left = min(b.x for b in members) - margin
        top = min(b.y for b in members) - margin - LINE_HEIGHT
        right = max(b.x + b.width for b in members) + margin
        bottom = max(b.y + b.height for b in members) + margin
        title = escape(" ".join(printable(f"{group.name} ({group.type})").split()))
        out.append(f'<rect x="{left:.1f}" y="{top:.1f}" width="{right - left:.1f}" height="{bottom - top:.1f}" rx="8" '
                   f'fill="none" stroke="#777" stroke-dasharray="6 4"/>')
        out.append(f'<text x="{left + 6:.1f}" y="{top + LINE_HEIGHT - 3:.1f}" font-size="12" fill="#555">{title}</text>')
    return out


def render(graph: Graph) -> str:
    boxes, edges = _flatten(graph)
    if not boxes:
        return '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>\n'
    placed = _layout(boxes, edges)
    at = {box.node.id: box for box in placed}
    parts = _frames(placed)
    right = max(box.x + box.width for box in placed)
    detours = 0
    for a, b in edges:
        if a not in at or b not in at:
            continue
        s, t = at[a], at[b]
        if t.y - (s.y + s.height) <= ROW_GAP or abs((s.x + s.width / 2) - (t.x + t.width / 2)) > COLUMN_GAP:
            parts.append(f'<line x1="{s.x + s.width / 2:.1f}" y1="{s.y + s.height:.1f}" x2="{t.x + t.width / 2:.1f}" '
                         f'y2="{t.y:.1f}" stroke="#333" marker-end="url(#arrow)"/>')
            continue
        # an edge that skips rows in the same column (a residual connection): around the boxes, on the right
        detours += 1
        bend = right + DETOUR * detours
        y1, y2 = s.y + s.height / 2, t.y + t.height / 2
        parts.append(f'<path d="M {s.x + s.width:.1f} {y1:.1f} C {bend:.1f} {y1:.1f}, {bend:.1f} {y2:.1f}, '
                     f'{t.x + t.width:.1f} {y2:.1f}" fill="none" stroke="#333" marker-end="url(#arrow)"/>')
    for box in placed:
        color = UNKNOWN if box.node.unknown else "#333"
        dash = ' stroke-dasharray="5 3"' if box.node.unknown else ""
        parts.append(f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.width:.1f}" height="{box.height:.1f}" rx="6" '
                     f'fill="#f7f7ff" stroke="{color}"{dash}/>')
        for index, line in enumerate(box.lines):
            weight = ' font-weight="bold"' if index == 0 else ""
            parts.append(f'<text x="{box.x + PAD:.1f}" y="{box.y + PAD / 2 + (index + 1) * LINE_HEIGHT - 4:.1f}" '
                         f'font-size="12" fill="{color}"{weight}>{escape(line)}</text>')
    width = right + DETOUR * detours + FRAME * 3
    height = max(box.y + box.height for box in placed) + FRAME * 3
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="monospace">')
    title = f"<title>{escape(printable(graph.name))} ({escape(printable(graph.type))})</title>"
    marker = ('<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
              'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#333"/></marker></defs>')
    background = '<rect width="100%" height="100%" fill="white"/>'
    return "\n".join([head, title, marker, background, *parts, "</svg>"]) + "\n"
