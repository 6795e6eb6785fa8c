"""Write docs/layers.md from the layer registry, so the docs cannot drift from the code.

``tests/test_catalogue.py`` checks that the committed file equals this output.
Run: ``python scripts/generate_layers_doc.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "layers.md"


def render() -> str:
    sys.path.insert(0, str(ROOT))
    from kerascheck.layers.registry import ALL_GENERATIONS, iter_groups

    lines = [
        "# Layers kerascheck understands",
        "",
        "Generated from the layer registry by `scripts/generate_layers_doc.py`; do not edit.",
        "`kerascheck layers` prints the same names. A layer not listed here is not an error:",
        "its output is unknown and nothing after it is reported.",
        "",
        "The Keras column says which Keras generations have the class: the generations listed",
        "(`LocallyConnected2D`: 1 and 2, Keras 3 removed it; `RMSNormalization`: 3 only), checked",
        "against real Keras 2 (`tf_keras`) and Keras 3; \"all\" means none is known to lack it",
        "(Keras 1 has no real-Keras judge). Under a target Keras that lacks the class, a call to it",
        "is an unknown layer, not predicted as if it existed.",
        "",
    ]
    for group, specs in iter_groups():
        lines += [f"## {group}", "", "| layer | also written | Keras | must be known statically |", "|---|---|---|---|"]
        for spec in specs:
            aliases = ", ".join(f"`{alias}`" for alias in spec.aliases)
            keras = "all" if spec.generations == ALL_GENERATIONS else ", ".join(str(g) for g in spec.generations)
            lines.append(f"| `{spec.name}` | {aliases} | {keras} | {spec.needs} |")
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    TARGET.write_text(render(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
