"""The settings a document is checked with: its project's, exactly as the CLI reads them.

The lookup is :mod:`kerascheck.config`'s (the nearest ``pyproject.toml`` with
a ``[tool.kerascheck]`` table, ``per-file-ignores`` applied to this file), so
the editor and ``kerascheck check`` can never disagree. Its resolver caches
each directory's configuration; :func:`forget` starts afresh when a
``pyproject.toml`` is saved.
"""

from __future__ import annotations

from pathlib import Path

from ..config import Resolver
from ..settings import Settings

_resolver = Resolver()


def settings_for(path: str) -> Settings:
    """Settings for the file at ``path``; raises ``config.ConfigError`` for a broken configuration."""
    if not path:
        return Settings()
    file = Path(path)
    return _resolver.settings_for(file)  # with its project's target, from the declared dependencies


def forget() -> None:
    """Drop cached configurations, after a ``pyproject.toml`` changed."""
    global _resolver
    _resolver = Resolver()
