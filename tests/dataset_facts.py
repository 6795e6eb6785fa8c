"""What Keras' own sources say about the datasets it ships, read as text.

Shared by the tests (which compare kerascheck's tables with it) and by
keras_harness.py (whose offline stand-ins for ``load_data`` must hold labels
as the real data does): the facts come from ``keras/src/datasets/<name>.py``,
located but never imported, so neither side types them from memory.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Optional


def dataset_source(name: str) -> str:
    """The text of ``keras/src/datasets/<name>.py`` of the installed Keras 3."""
    (package,) = importlib.util.find_spec("keras").submodule_search_locations
    return (Path(package) / "src" / "datasets" / f"{name}.py").read_text(encoding="utf-8")


def documented_label_max(name: str) -> Optional[int]:
    """The largest label ``load_data()`` returns: "integers in range 0-N", imdb's
    "(1 or 0)", or reuters' ``get_label_names()`` (one name per label)."""
    source = dataset_source(name)
    names = re.search(r"def get_label_names\(\):.*?return \((.*?)\)", source, re.S)
    if names:
        return len(re.findall(r'"[^"]*"', names.group(1))) - 1
    ranges = {int(n) for n in re.findall(r"labels \(integers in range 0-(\d+)\)", source)}
    if len(ranges) == 1:
        return ranges.pop()
    return 1 if "integer labels (1 or 0)" in source else None
