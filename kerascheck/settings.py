"""The options a run is made with, from the command line and ``pyproject.toml``.

One frozen record, passed from the CLI (or the editor server) to the engine,
so that every option that changes results is in one place (and can key a cache).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    #: ``channels_last`` unless the project says otherwise.
    image_data_format: str = "channels_last"
