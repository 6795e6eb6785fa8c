"""Checking many files: the pre-filter, the cache, and a process pool, in that order.

Most files of a large repository never mention Keras: the main process reads
each file once and settles those on the spot (a regular-expression search, no
parse). The rest are looked up in the cache; only the misses are analysed,
in worker processes when there are enough of them to repay starting a pool
(a few files are cheaper to check here than to ship elsewhere). Results come
back in the order the files were given, whatever finished first.

Each file is read once, here, by :func:`kerascheck.files.read_regular` (no
FIFO, device or endless file is ever read; nothing larger than the analysis
would accept is read whole), and a caller that needs the bytes again
(``--add-noqa``) gets exactly those through ``keep``. Worker processes are
capped at the files to check and the cores available, whatever ``--jobs`` says.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Sequence

from .cache import Cache
from .prefilter import may_use_keras
from .files import NotReadable, read_regular
from .guard import MAX_SOURCE_CHARS
from .notebooks import MAX_NOTEBOOK_BYTES, is_notebook
from .results import FileResult
from .settings import Settings

if TYPE_CHECKING:
    import multiprocessing.context

#: Fewer files than this left to analyse: no pool (starting one costs more).
MIN_FILES_FOR_POOL = 12
#: Bytes read at most from one file: beyond, the source certainly has more
#: characters than the analysis accepts (a character is at most 4 bytes).
MAX_FILE_BYTES = 4 * MAX_SOURCE_CHARS


def available_cores() -> int:
    """The cores this process may run on (affinity and cgroup-aware where the OS says)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def check_paths(tasks: Sequence[tuple], jobs: int = 0, cache: Optional[Cache] = None, keep: Optional[dict] = None) -> list:
    """``FileResult`` for each ``(path, settings)`` of ``tasks``, in the same order.

    ``jobs``: worker processes (0: the available cores; 1: none; never more
    than the cores or the files). ``keep``: when a dict, receives the bytes
    of each file that was read and checked, by its shown path (what
    ``--add-noqa`` may rewrite, and from what).
    """
    results: list = [None] * len(tasks)
    pending = []  # (index, data, shown, settings, key)
    for index, (path, settings) in enumerate(tasks):
        shown = str(path)
        try:
            data = read_regular(Path(path), byte_limit(shown))
        except NotReadable as refused:
            from .engine import file_problem

            results[index] = file_problem(shown, "KC002", _refusal(Path(path), refused, shown))
            continue
        except (OSError, ValueError) as error:
            from .engine import file_problem

            results[index] = file_problem(shown, "KC002", f"cannot read file: {getattr(error, 'strerror', None) or error}")
            continue
        if keep is not None:
            keep[shown] = data
        if not may_use_keras(data):
            results[index] = _check_one((data, shown, settings))
            continue
        key = cache.key(data, shown, settings) if cache is not None else ""
        cached = cache.get(key, shown) if cache is not None else None
        if cached is not None:
            results[index] = cached
        else:
            pending.append((index, data, shown, settings, key))
    blobs = [(data, shown, settings) for _index, data, shown, settings, _key in pending]
    for (index, _data, _shown, _settings, key), result in zip(pending, check_blobs(blobs, jobs)):
        results[index] = result
        if cache is not None:
            cache.put(key, result)
    if cache is not None and pending:
        cache.prune()
    return results


def byte_limit(path: str) -> int:
    """Bytes read at most from ``path``: a notebook's outputs (images) are read, though never analysed."""
    return MAX_NOTEBOOK_BYTES if is_notebook(path) else MAX_FILE_BYTES


def _refusal(path: Path, refused: NotReadable, shown: str) -> str:
    """The finding's message for a file that is not read."""
    text = str(refused)
    if text.startswith("larger than"):
        limit = byte_limit(shown)
        try:
            size = path.stat().st_size
        except OSError:
            size = limit + 1
        allowed = f"{limit / 2**20:.0f} MB for a notebook" if limit != MAX_FILE_BYTES else f"{MAX_SOURCE_CHARS / 1e6:.0f} MB"
        return f"file too large to analyse ({size / 1e6:.1f} MB; the limit is {allowed}): skipped"
    if "directory" in text:
        return "cannot list this directory: skipped"
    return f"{text}: skipped"


def check_blobs(work: Sequence[tuple], jobs: int = 0) -> list:
    """``check_bytes`` of each ``(data, shown path, settings)``, in order, in a pool if worth it."""
    if not work:
        return []
    import kerascheck.engine  # noqa: F401 (imported here, once: forked workers inherit it)

    workers = worker_count(jobs, len(work))
    if workers <= 1 or len(work) < MIN_FILES_FOR_POOL:
        return [_check_one(item) for item in work]
    from concurrent.futures import ProcessPoolExecutor  # a pool only when one is worth starting
    from concurrent.futures.process import BrokenProcessPool

    chunk = max(1, len(work) // (workers * 4))
    try:
        with ProcessPoolExecutor(workers, mp_context=_context()) as pool:
            return list(pool.map(_check_one, work, chunksize=chunk))
    except BrokenProcessPool:
        # A worker died (killed for memory, or a crash in native code): check
        # each file alone in a fresh process, so only the culprit is lost.
        return [_isolated(item) for item in work]


def worker_count(jobs: int, files: int) -> int:
    """Processes for ``files`` files: ``jobs`` (0: all cores), never more than the cores or the files."""
    cores = available_cores()
    return max(1, min(jobs or cores, cores, files))


def _isolated(item: tuple) -> FileResult:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(1, mp_context=_context()) as pool:
            return pool.submit(_check_one, item).result()
    except BrokenProcessPool:
        from .engine import internal_error

        return internal_error(item[1], "the process checking this file died (out of memory, or a crash in the parser)")


def _check_one(item: tuple) -> FileResult:
    from .engine import check_bytes  # the analysis is imported only when a file is analysed (not from the cache)

    data, shown, settings = item
    return check_bytes(data, shown, settings if settings is not None else Settings())


def _context() -> multiprocessing.context.BaseContext:
    """``fork`` where it is safe and cheap (Linux: nothing to re-import); else the default."""
    import multiprocessing

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()
