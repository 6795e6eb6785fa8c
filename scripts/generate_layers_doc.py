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
    from kerascheck.layers.registry import iter_groups

    lines = [
        "# Layers kerascheck understands",
        "",
        "Generated from the layer registry by `scripts/generate_layers_doc.py`; do not edit.",
        "`kerascheck layers` prints the same names. A layer not listed here is not an error:",
        "its output is unknown and nothing after it is reported.",
        "",
    ]
    for group, specs in iter_groups():
        lines += [f"## {group}", "", "| layer | also written | must be known statically |", "|---|---|---|"]
        for spec in specs:
            aliases = ", ".join(f"`{alias}`" for alias in spec.aliases)
            lines.append(f"| `{spec.name}` | {aliases} | {spec.needs} |")
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    TARGET.write_text(render(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
