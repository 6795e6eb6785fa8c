"""Compiled dataclass methods kept between runs, like Python keeps a module's bytecode.

``@dataclass`` writes the source of each class's ``__init__``, ``__eq__``,
``__repr__``... and compiles it when the class is created, on every import:
Python caches a module's bytecode, not the code a module generates while it
runs. libcst defines about 200 frozen dataclasses, so compiling them is half
of ``import libcst`` (about 80 ms of a 0.25 s cold run on one file).

While :func:`reused_dataclass_code` is active, ``dataclasses`` compiles
through :func:`_compiled`, which looks the source up in a table of code
objects saved by earlier runs; what it had to compile is added to the table
when a use ends (the server's first analysis saves without waiting for the
server to stop). The code is exactly what ``exec`` would have
compiled from the same text (same file name ``<string>``, no inherited
``__future__`` flags), so every class is the same as without the table.

The table is trusted as Python trusts a ``.pyc``: it lives beside the
package's own bytecode (``kerascheck/__pycache__``, or under
``sys.pycache_prefix``), where whoever can write can already replace the
package; it is never read from a project's directory (the result cache is
JSON for that reason). It is tagged with the interpreter's bytecode magic
number, written to a temporary file and renamed into place, not written when
``sys.dont_write_bytecode`` is set, and any problem reading or writing it only
costs the compilation.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import marshal
import os
import sys
from contextlib import contextmanager, suppress
from pathlib import Path
from types import CodeType
from typing import Iterator, Optional

#: About twice what one release of kerascheck and libcst needs: above it (after
#: upgrades, or edits of a checkout), only the code the current run used is kept,
#: so that reading the table stays a few milliseconds.
MAX_ENTRIES = 2000
_MAGIC = importlib.util.MAGIC_NUMBER

_saved: Optional[dict] = None  # source -> code, read on first use
_compiled_now: dict = {}  # source -> code compiled by this process since the last save
_used: set = set()
_depth = 0


def table_path() -> Path:
    """Where the table lives: beside the package's bytecode (``cache_from_source`` honours ``pycache_prefix``)."""
    cached = importlib.util.cache_from_source(str(Path(__file__).with_name("dataclass_methods.py")))
    return Path(cached).with_suffix(".marshal")


@contextmanager
def reused_dataclass_code() -> Iterator[None]:
    """Dataclasses created inside reuse saved code; what had to be compiled is saved when a use ends."""
    global _depth
    installed = _depth == 0 and "exec" not in vars(dataclasses)
    if installed:
        dataclasses.exec = _compiled  # type: ignore[attr-defined] # a module global shadows the builtin
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if installed:
            del dataclasses.exec  # type: ignore[attr-defined]
        _save()


def _compiled(source: str, globals: Optional[dict] = None, locals: Optional[dict] = None) -> None:
    """``exec(source, globals, locals)``, compiling ``source`` only if no earlier run did."""
    code = _table().get(source)
    if not isinstance(code, CodeType):
        code = _compiled_now[source] = compile(source, "<string>", "exec", dont_inherit=True)
    _used.add(source)
    exec(code, globals, locals)


def _table() -> dict:
    global _saved
    if _saved is None:
        _saved = _read()
    return _saved


def _read() -> dict:
    try:
        data = table_path().read_bytes()
        if data[: len(_MAGIC)] != _MAGIC:
            return {}
        table = marshal.loads(data[len(_MAGIC):])
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return table if isinstance(table, dict) else {}


def _save() -> None:
    """Add what this process compiled to the table (atomically); nothing when nothing is new."""
    global _saved
    if not _compiled_now or sys.dont_write_bytecode:
        return
    table = {**_table(), **_compiled_now}
    if len(table) > MAX_ENTRIES:
        table = {source: code for source, code in table.items() if source in _used}
    path = table_path()
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "xb") as stream:  # the umask's mode, as for a .pyc
            stream.write(_MAGIC + marshal.dumps(table))
        os.replace(temporary, path)
    except (OSError, ValueError):
        with suppress(OSError):
            temporary.unlink()  # ours, half written (or left by a process that died with our pid)
        return
    _saved = table
    _compiled_now.clear()
