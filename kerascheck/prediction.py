"""The predicted models of one file's bytes, with the settings its project gives it.

Shared by the commands that look at models rather than findings (``graph``,
``diff``): the file is read as ``check`` reads it (never executed), its
configuration and target are resolved as for ``check``; a configuration that
cannot be read is a ``ValueError`` with the message to show.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from .results import FileResult


def predict(data: bytes, path: Path, target_keras: Optional[str] = None, resolver: Optional[object] = None) -> FileResult:
    """``check_bytes`` of ``data``, shown as ``path``, with the project's settings for ``path``."""
    from .config import ConfigError, Options, Resolver
    from .engine import check_bytes

    resolver = resolver or Resolver()
    try:
        settings = resolver.settings_for(path, Options(target_keras=target_keras))
    except ConfigError as error:
        raise ValueError(f"bad configuration: {error}") from None
    return check_bytes(data, str(path), settings)


def read_file(path: Path) -> bytes:
    """The bytes of a source file or notebook, as ``check`` reads it; ``ValueError`` with the message when it cannot be read."""
    from .files import read_regular
    from .runner import byte_limit

    try:
        return read_regular(path, byte_limit(str(path)))
    except FileNotFoundError:
        raise ValueError(f"no such file: {path}") from None
    except (OSError, ValueError) as error:
        raise ValueError(f"cannot read {path}: {getattr(error, 'strerror', None) or error}") from None
