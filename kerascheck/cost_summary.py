"""``summary --cost``: per-layer FLOPs and output memory, and the model's totals.

The numbers come from :mod:`kerascheck.costs` (the convention is stated
there and in the README: a multiply-add is two operations); this module only
puts the batch size in and lays them out, for the text and Markdown summaries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from . import dims
from .costs import activation_bytes, with_batch
from .dims import Dim
from .results import ModelResult
from .summary import format_count, readable_size

HEADERS = ("Layer (type)", "FLOPs", "Output memory")
ALIGN = ("left", "right", "right")
WIDTHS = (33, 26, 17)
CONVENTION = "FLOPs: a multiply-add counts 2, exp/tanh/log are not counted (XLA's convention); memory: float32 outputs"


@dataclass(frozen=True)
class CostRow:
    label: str
    flops: Optional[Dim]
    output_bytes: Optional[Dim]


def _memory(count: Optional[Dim]) -> str:
    if isinstance(count, int):
        return readable_size(count, 1)
    return format_count(count)


def format_flops(count: Optional[Dim]) -> str:
    """``4,961,745 (4.96 M)``; symbolic as its expression; ``?`` when unknown."""
    text = format_count(count)
    if isinstance(count, int) and count >= 1000:
        for unit, size in (("T", 10**12), ("G", 10**9), ("M", 10**6), ("K", 10**3)):
            if count >= size:
                return f"{text} ({count / size:.2f} {unit})"
    return text


def cost_rows(model: ModelResult, batch: int) -> list:
    """One :class:`CostRow` per layer, for a batch of ``batch`` where the model leaves it open."""
    return [
        CostRow(f"{layer.name} ({layer.type})", with_batch(layer.flops, batch), with_batch(activation_bytes(layer.output_shape), batch))
        for layer in model.layers
    ]


def cost_totals(model: ModelResult, batch: int) -> tuple:
    """``(label, value)`` lines under the cost table."""
    rows = cost_rows(model, batch)
    memory: Optional[Dim] = 0
    for row in rows:
        memory = dims.add(memory, row.output_bytes)
    return (
        (f"Total FLOPs (batch {batch})", format_flops(with_batch(model.total_flops, batch))),
        (f"Output activations (batch {batch}, all layers)", _memory(memory)),
    )


def cells(row: CostRow) -> tuple:
    return row.label, format_flops(row.flops), _memory(row.output_bytes)


def render_costs(model: ModelResult, batch: int) -> str:
    """The text cost table of ``model``, its totals and the convention."""
    from .summary import render_table

    lines = [f'Cost of "{model.name}" (forward pass, inference):',
             *render_table(HEADERS, [cells(row) for row in cost_rows(model, batch)], WIDTHS, ALIGN)]
    lines.extend(f" {label}: {value}" for label, value in cost_totals(model, batch))
    lines.append(f" ({CONVENTION}; ? where not known)")
    return "\n".join(lines) + "\n"
