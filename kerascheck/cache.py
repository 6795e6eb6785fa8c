"""A per-file result cache: rerunning on an unchanged tree reads results instead of parsing.

An entry is keyed on everything a result depends on: the file's bytes, the
path it is shown under, the effective settings for that file, and the
kerascheck code itself (a hash of the package's sources, not just its version
number, so an edited checkout never reads results of the code before the
edit). A key that matches is therefore never stale; nothing is ever
invalidated, entries for old contents are simply never read again.

Entries are JSON, not pickle: a cache directory may come from anywhere (a
shared CI cache, a checked-out repository) and loading it must not be able to
run code. Each entry is written to a temporary file and renamed into place,
so concurrent runs only ever see whole entries. Any problem reading or
writing the cache only costs the time to check the file again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Optional

from . import __version__, dims
from .results import Diagnostic, FileResult, LayerResult, ModelResult, Span

#: The records an entry may contain, by name; nothing else is ever built.
_RECORDS = {kind.__name__: kind for kind in (FileResult, ModelResult, LayerResult, Diagnostic, Span)}
_DEFAULT_NAME = ".kerascheck_cache"
_PROJECT_MARKERS = ("pyproject.toml", ".git", "setup.cfg", "setup.py")


def default_cache_dir(start: Optional[Path] = None) -> Path:
    """``.kerascheck_cache`` at the project root above ``start`` (or the working directory)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if any((folder / marker).exists() for marker in _PROJECT_MARKERS):
            return folder / _DEFAULT_NAME
    return here / _DEFAULT_NAME


class Cache:
    """Results by key in ``directory``; ``get`` and ``put`` never raise."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._code = code_fingerprint()
        self._ready = False

    def key(self, data: bytes, path: str, settings: Any) -> str:
        digest = hashlib.blake2b(data, digest_size=20)
        digest.update(b"\0" + path.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(settings_fingerprint(settings).encode("utf-8") + b"\0" + self._code.encode())
        return digest.hexdigest()

    def get(self, key: str) -> Optional[FileResult]:
        try:
            text = self._entry(key).read_text(encoding="utf-8")
            result = decode(json.loads(text))
        except (OSError, ValueError, TypeError, KeyError, RecursionError):
            return None
        return result if isinstance(result, FileResult) else None

    def put(self, key: str, result: FileResult) -> None:
        if any(d.code == "KC003" for d in result.diagnostics):
            return  # an internal error may be transient (memory): never remembered
        entry = self._entry(key)
        try:
            data = encode(result)
            if decode(data) != result:
                return  # a record this cache does not know how to rebuild
            self._prepare()
            entry.parent.mkdir(exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    json.dump(data, out, separators=(",", ":"))
                os.replace(temporary, entry)
            except BaseException:
                os.unlink(temporary)
                raise
        except (OSError, ValueError, TypeError, KeyError, RecursionError):
            pass

    def _entry(self, key: str) -> Path:
        return self.directory / key[:2] / key[2:]

    def _prepare(self) -> None:
        """Create the directory, marked so that backups and git leave it alone."""
        if self._ready:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        marks = {
            ".gitignore": "# Created by kerascheck.\n*\n",
            "CACHEDIR.TAG": "Signature: 8a477f597d28d172789f06886806bc55\n# A kerascheck result cache: safe to delete.\n",
        }
        for name, text in marks.items():
            if not (self.directory / name).exists():
                (self.directory / name).write_text(text, encoding="utf-8")
        self._ready = True


def encode(value: Any) -> Any:
    """JSON data for a result record (dataclasses, tuples, dims)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"@": type(value).__name__, **{f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if isinstance(value, (tuple, list)):
        return {"@": "tuple", "items": [encode(item) for item in value]}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"cannot cache a {type(value).__name__}")


def decode(data: Any) -> Any:
    """The inverse of :func:`encode`; builds only result and dims records."""
    if isinstance(data, list):
        raise ValueError("bare list")
    if not isinstance(data, dict):
        return data
    kind = data["@"]
    if kind == "tuple":
        return tuple(decode(item) for item in data["items"])
    record = _RECORDS.get(kind) or _dims_record(kind)
    return record(**{name: decode(value) for name, value in data.items() if name != "@"})


def _dims_record(kind: str) -> type:
    record = getattr(dims, kind, None)
    if not (isinstance(record, type) and dataclasses.is_dataclass(record) and record.__module__ == dims.__name__):
        raise ValueError(f"not a cacheable record: {kind}")
    return record


def settings_fingerprint(settings: Any) -> str:
    """A stable text for settings (sets sorted, dataclasses by field), identical across processes."""
    return json.dumps(_canonical(settings), sort_keys=True, separators=(",", ":"))


def _canonical(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__, {f.name: _canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}]
    if isinstance(value, dict):
        return sorted([_canonical(k), _canonical(v)] for k, v in value.items())
    if isinstance(value, (set, frozenset)):
        return sorted((_canonical(item) for item in value), key=repr)
    if isinstance(value, (tuple, list)):
        return [_canonical(item) for item in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return repr(value)


_CODE: Optional[str] = None


def code_fingerprint() -> str:
    """The version plus a hash of every source file of the package (once per process)."""
    global _CODE
    if _CODE is None:
        digest = hashlib.blake2b(__version__.encode(), digest_size=16)
        package = Path(__file__).resolve().parent
        for source in sorted(package.rglob("*")):
            if source.suffix in (".py", ".json") and source.is_file():
                digest.update(str(source.relative_to(package)).encode() + b"\0" + source.read_bytes())
        _CODE = digest.hexdigest()
    return _CODE
