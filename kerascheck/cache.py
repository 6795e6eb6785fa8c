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

A cache directory is input like any other, possibly hostile: an entry is read
only if it is a regular file (never through a link, never a FIFO or a
device) of at most :data:`MAX_ENTRY_BYTES`, and used only if every record in
it has the types and values the reporters rely on (:func:`valid`) and it is
for the same path; anything else is a miss, and the entry is rewritten. The
directory is bounded: when it grows beyond its limit (:data:`DEFAULT_MAX_BYTES`,
``KERASCHECK_CACHE_MAX_SIZE``, e.g. ``100MB``, ``0`` for no limit), the
entries used least recently are deleted (:meth:`Cache.prune`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import stat
from pathlib import Path
from typing import Any, Optional

from . import __version__, dims
from .files import read_regular
from .notebooks import CellMap, CodeCell, StoredLine
from .results import Binding, Diagnostic, Edit, FileResult, Fix, LayerResult, ModelResult, Span
from .target import Target

#: The records an entry may contain, by name; nothing else is ever built.
_RECORDS = {kind.__name__: kind for kind in (FileResult, ModelResult, LayerResult, Diagnostic, Span, Target, Binding, CellMap, CodeCell, StoredLine, Fix, Edit)}
_DEFAULT_NAME = ".kerascheck_cache"
_PROJECT_MARKERS = ("pyproject.toml", ".git", "setup.cfg", "setup.py")
#: An entry larger than this is not read (a real one is a few kilobytes).
MAX_ENTRY_BYTES = 4 * 1024 * 1024
#: The cache directory's default bound.
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
#: After pruning, the cache holds at most this fraction of its bound (so that
#: a run that adds a few entries does not prune again at once).
PRUNE_TO = 0.8
MAX_SIZE_VARIABLE = "KERASCHECK_CACHE_MAX_SIZE"
_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "m": 1024**2, "mb": 1024**2, "g": 1024**3, "gb": 1024**3}


def parse_size(text: str) -> int:
    """``"100MB"`` -> bytes (``k``/``m``/``g``, binary; ``0``: no limit); ValueError otherwise."""
    found = re.fullmatch(r"\s*(\d{1,15})\s*([kmg]?b?)\s*", text.lower())
    if found is None:
        raise ValueError(f"expected a size such as 500MB or 2GB (0: no limit), got {text!r}")
    return int(found.group(1)) * _UNITS[found.group(2)]


def max_bytes_from_environment(environ: Optional[dict] = None) -> int:
    """The bound from ``KERASCHECK_CACHE_MAX_SIZE``, else the default (an invalid value: the default)."""
    text = (os.environ if environ is None else environ).get(MAX_SIZE_VARIABLE, "")
    try:
        return parse_size(text) if text.strip() else DEFAULT_MAX_BYTES
    except ValueError:
        return DEFAULT_MAX_BYTES


def default_cache_dir(start: Optional[Path] = None) -> Path:
    """``.kerascheck_cache`` at the project root above ``start`` (or the working directory)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if any((folder / marker).exists() for marker in _PROJECT_MARKERS):
            return folder / _DEFAULT_NAME
    return here / _DEFAULT_NAME


class Cache:
    """Results by key in ``directory``; ``get`` and ``put`` never raise."""

    def __init__(self, directory: Path, max_bytes: Optional[int] = None) -> None:
        self.directory = Path(directory)
        self.max_bytes = max_bytes_from_environment() if max_bytes is None else max_bytes
        self._code = code_fingerprint()
        self._ready = False
        self._written = 0

    def key(self, data: bytes, path: str, settings: Any) -> str:
        digest = hashlib.blake2b(data, digest_size=20)
        digest.update(b"\0" + path.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(settings_fingerprint(settings).encode("utf-8") + b"\0" + self._code.encode())
        return digest.hexdigest()

    def get(self, key: str, path: Optional[str] = None) -> Optional[FileResult]:
        """The result stored under ``key`` (for ``path``, when given), or None for any problem."""
        entry = self._entry(key)
        try:
            if not self._safe_folder(entry.parent):
                return None
            data = read_regular(entry, MAX_ENTRY_BYTES, follow_links=False)
            result = decode(json.loads(data.decode("utf-8")))
        except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError, MemoryError):
            return None
        if not valid(result) or (path is not None and result.path != path):
            return None
        try:
            os.utime(entry)  # recently used: pruned last
        except OSError:
            pass
        return result

    def put(self, key: str, result: FileResult) -> None:
        if any(d.code == "KC003" for d in result.diagnostics):
            return  # an internal error may be transient (memory): never remembered
        entry = self._entry(key)
        try:
            data = encode(result)
            if decode(data) != result or not valid(result):
                return  # a record this cache does not know how to rebuild, or would refuse to read
            text = json.dumps(data, separators=(",", ":"))
            if len(text) > MAX_ENTRY_BYTES:
                return
            self._prepare()
            try:
                os.mkdir(entry.parent)
            except FileExistsError:
                pass
            if not self._safe_folder(entry.parent):
                return  # a link or a file planted where an entry folder goes: never written through
            import tempfile  # only when an entry is written

            handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    out.write(text)
                os.replace(temporary, entry)  # replaces a planted link or FIFO itself, not its target
            except BaseException:
                os.unlink(temporary)
                raise
            self._written += len(text)
        except (OSError, ValueError, TypeError, KeyError, RecursionError, MemoryError):
            pass

    def prune(self) -> None:
        """Delete the least recently used entries while the directory is over its bound."""
        if not self.max_bytes or not self._written:
            return
        entries = []
        total = 0
        try:
            with os.scandir(self.directory) as folders:
                for folder in folders:
                    if len(folder.name) != 2 or not folder.is_dir(follow_symlinks=False):
                        continue
                    with os.scandir(folder.path) as files:
                        for item in files:
                            info = item.stat(follow_symlinks=False)
                            if stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode):
                                entries.append((info.st_mtime_ns, item.path, info.st_size))
                                total += info.st_size
        except OSError:
            return
        if total <= self.max_bytes:
            return
        entries.sort()
        target = self.max_bytes * PRUNE_TO
        for _mtime, path, size in entries:
            if total <= target:
                break
            try:
                os.unlink(path)
            except OSError:
                continue
            total -= size

    def _safe_folder(self, folder: Path) -> bool:
        """An entry folder is a real directory (a link there could lead writes anywhere)."""
        try:
            return stat.S_ISDIR(os.lstat(folder).st_mode)
        except OSError:
            return False

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
    if isinstance(value, (tuple, list)):  # a list is a layer's several output shapes
        return {"@": type(value).__name__, "items": [encode(item) for item in value]}
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
    if kind == "list":
        return [decode(item) for item in data["items"]]
    record = _RECORDS.get(kind) or _dims_record(kind)
    return record(**{name: decode(value) for name, value in data.items() if name != "@"})


def _dims_record(kind: str) -> type:
    record = getattr(dims, kind, None)
    if not (isinstance(record, type) and dataclasses.is_dataclass(record) and record.__module__ == dims.__name__):
        raise ValueError(f"not a cacheable record: {kind}")
    return record


# -- validation: what the reporters rely on --------------------------------------------

_CODE_PATTERN = re.compile(r"KC[0-9]{3}")
_SEVERITIES = frozenset({"error", "warning", "info"})
_MAX_POSITION = 10**9
#: Tuple fields whose items must be one kind of record (or text).
_ITEMS = {
    (FileResult, "models"): ModelResult,
    (FileResult, "diagnostics"): Diagnostic,
    (FileResult, "bindings"): Binding,
    (FileResult, "notes"): str,
    (ModelResult, "layers"): LayerResult,
    (ModelResult, "notes"): str,
    (LayerResult, "connected_to"): str,
    (CellMap, "cells"): CodeCell,
    (CodeCell, "stored"): StoredLine,
    (Fix, "edits"): Edit,
}
_SCALARS = {"str": str, "int": int, "bool": bool}


def valid(value: Any) -> bool:
    """Every record in ``value`` has the types and values the reporters rely on.

    Fields are checked by their declared types (``str``, ``int``, ``bool``,
    ``Span``, shapes and dims), so a field added to a record later is checked
    too; spans are non-negative, codes look like ``KC123``, severities are known.
    """
    try:
        return _valid(value)
    except RecursionError:
        return False


def _valid(value: Any) -> bool:
    if not dataclasses.is_dataclass(value) or isinstance(value, type) or type(value).__name__ not in _RECORDS:
        return False
    if isinstance(value, Span):
        return all(_int(getattr(value, f.name)) and 0 <= getattr(value, f.name) <= _MAX_POSITION for f in dataclasses.fields(value))
    if isinstance(value, StoredLine):
        anchors = value.anchors
        return isinstance(anchors, tuple) and len(anchors) >= 3 and len(anchors) % 3 == 0 and all(_int(x) and 0 <= x <= _MAX_POSITION for x in anchors)
    if isinstance(value, CodeCell) and not all(_int(x) and 0 <= x <= _MAX_POSITION for x in (value.index, value.first_line, value.lines)):
        return False
    if isinstance(value, CellMap) and not value.cells:
        return False
    if isinstance(value, Diagnostic) and (value.severity not in _SEVERITIES or not _CODE_PATTERN.fullmatch(str(value.code))):
        return False
    for field in dataclasses.fields(value):
        if not _valid_field(type(value), field, getattr(value, field.name)):
            return False
    return True


def _valid_field(owner: type, field: dataclasses.Field, item: Any) -> bool:
    declared = field.type if isinstance(field.type, str) else getattr(field.type, "__name__", "")
    if declared in _SCALARS:
        expected = _SCALARS[declared]
        return isinstance(item, expected) and (expected is bool or not isinstance(item, bool))
    if declared == "Span":
        return isinstance(item, Span) and _valid(item)
    if declared == "Optional[Span]":
        return item is None or (isinstance(item, Span) and _valid(item))
    if declared in ("Shape", "Optional[tuple]"):
        return _shape(item) or (isinstance(item, list) and all(_shape(shape) and shape is not None for shape in item))
    if declared == "Optional[Target]":
        return item is None or (
            isinstance(item, Target) and isinstance(item.release, tuple) and bool(item.release) and all(_int(p) for p in item.release)
            and isinstance(item.source, str) and isinstance(item.provider, str)
            and isinstance(item.notes, tuple) and all(isinstance(note, str) for note in item.notes)
        )
    if declared in ("Dim", "Optional[Dim]"):
        return _dim(item)
    if declared == "tuple" and not isinstance(item, tuple):
        return False
    if isinstance(item, tuple):
        kind = _ITEMS.get((owner, field.name))
        if kind is str:
            return all(isinstance(x, str) for x in item)
        if kind is not None:
            return all(isinstance(x, kind) and _valid(x) for x in item)
        return all(_plain(x) for x in item)
    return _plain(item)


def _plain(item: Any) -> bool:
    """A value of a field without a declared check: text, a number, None, a valid record or tuple."""
    if item is None or isinstance(item, (str, bool, int, float)):
        return True
    if isinstance(item, tuple):
        return all(_plain(x) for x in item)
    return _valid(item) or _dim(item)


def _shape(item: Any) -> bool:
    return item is None or (isinstance(item, tuple) and all(_dim(d) for d in item))


def _int(item: Any) -> bool:
    return isinstance(item, int) and not isinstance(item, bool)


def _dim(item: Any) -> bool:
    """None, an int, or a well-formed, bounded :class:`~kerascheck.dims.Expr`."""
    if item is None or _int(item):
        return True
    if not isinstance(item, dims.Expr) or not isinstance(item.terms, tuple) or not item.terms:
        return False
    for term in item.terms:
        if not (isinstance(term, tuple) and len(term) == 2 and isinstance(term[0], tuple) and _int(term[1])):
            return False
        for factor in term[0]:
            if not (isinstance(factor, tuple) and len(factor) == 2 and _int(factor[1]) and factor[1] >= 1 and _atom(factor[0])):
                return False
    return item.size() <= 4 * dims.MAX_SIZE


def _atom(atom: Any) -> bool:
    if isinstance(atom, dims.Symbol):
        return isinstance(atom.name, str)
    if isinstance(atom, dims.Group):
        return _dim(atom.sum) and isinstance(atom.sum, dims.Expr)
    if isinstance(atom, dims.FloorDiv):
        return _int(atom.divisor) and atom.divisor >= 2 and isinstance(atom.numerator, dims.Expr) and _dim(atom.numerator)
    return False


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
