"""Which files a run checks: the paths named, and ``*.py`` below directories."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

#: Directories never worth descending into.
SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", ".venv", "venv", "__pycache__", "node_modules", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".kerascheck_cache", "site-packages"})


class MissingPath(Exception):
    """A path named on the command line does not exist."""


def discover(paths: Iterable[str]) -> Iterator[Path]:
    """Files to check, in a stable order; named files are checked whatever their suffix."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(_python_files(path))
        elif path.exists() or path.is_symlink():
            yield path
        else:
            raise MissingPath(name)


def _python_files(root: Path) -> Iterator[Path]:
    """``*.py`` below ``root``; symbolic links to directories are not followed (no loops).

    A ``*.py`` entry that is not a regular file (a FIFO, a dangling or looping
    link) is yielded all the same, for the runner to report instead of reading
    it; so is a directory that cannot be listed.
    """
    try:
        entries = list(root.iterdir())
    except OSError:
        yield root
        return
    for entry in entries:
        if entry.is_dir() and not entry.is_symlink():
            if entry.name not in SKIPPED_DIRS and not entry.name.endswith(".egg-info"):
                yield from _python_files(entry)
        elif entry.suffix == ".py" and not entry.is_dir():
            yield entry
