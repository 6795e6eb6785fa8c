"""Checking many files: the pre-filter, the cache, and a process pool, in that order.

Most files of a large repository never mention Keras: the main process reads
each file once and settles those on the spot (a regular-expression search, no
parse). The rest are looked up in the cache; only the misses are analysed,
in worker processes when there are enough of them to repay starting a pool
(a few files are cheaper to check here than to ship elsewhere). Results come
back in the order the files were given, whatever finished first.
"""

from __future__ import annotations

import multiprocessing
import os
import stat
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Optional, Sequence

from .cache import Cache
from .engine import check_bytes, check_file, file_problem, internal_error, may_use_keras
from .results import FileResult
from .settings import Settings

#: Fewer files than this left to analyse: no pool (starting one costs more).
MIN_FILES_FOR_POOL = 12


def available_cores() -> int:
    """The cores this process may run on (affinity and cgroup-aware where the OS says)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def check_paths(tasks: Sequence[tuple], jobs: int = 0, cache: Optional[Cache] = None) -> list:
    """``FileResult`` for each ``(path, settings)`` of ``tasks``, in the same order.

    ``jobs``: worker processes (0: the available cores; 1: none).
    """
    results: list = [None] * len(tasks)
    pending = []  # (index, data, shown, settings, key)
    for index, (path, settings) in enumerate(tasks):
        shown = str(path)
        refused = _not_a_regular_file(Path(path))
        if refused is not None:
            results[index] = file_problem(shown, "KC002", refused)
            continue
        try:
            data = Path(path).read_bytes()
        except OSError:
            results[index] = check_file(Path(path), settings, shown)  # reports why it is unreadable
            continue
        if not may_use_keras(data):
            results[index] = check_bytes(data, shown, settings)
            continue
        key = cache.key(data, shown, settings) if cache is not None else ""
        cached = cache.get(key) if cache is not None else None
        if cached is not None:
            results[index] = cached
        else:
            pending.append((index, data, shown, settings, key))
    blobs = [(data, shown, settings) for _index, data, shown, settings, _key in pending]
    for (index, _data, _shown, _settings, key), result in zip(pending, check_blobs(blobs, jobs)):
        results[index] = result
        if cache is not None:
            cache.put(key, result)
    return results


def _not_a_regular_file(path: Path) -> Optional[str]:
    """Why ``path`` is not read at all (reading a FIFO would wait forever), or None."""
    try:
        mode = path.stat().st_mode
    except OSError as error:
        return f"cannot read file: {error.strerror or error}"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "cannot list this directory: skipped"
    kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
    return f"not a regular file ({kind}): skipped"


def check_blobs(work: Sequence[tuple], jobs: int = 0) -> list:
    """``check_bytes`` of each ``(data, shown path, settings)``, in order, in a pool if worth it."""
    jobs = jobs or available_cores()
    if jobs <= 1 or len(work) < MIN_FILES_FOR_POOL:
        return [_check_one(item) for item in work]
    workers = min(jobs, len(work))
    chunk = max(1, len(work) // (workers * 4))
    try:
        with ProcessPoolExecutor(workers, mp_context=_context()) as pool:
            return list(pool.map(_check_one, work, chunksize=chunk))
    except BrokenProcessPool:
        # A worker died (killed for memory, or a crash in native code): check
        # each file alone in a fresh process, so only the culprit is lost.
        return [_isolated(item) for item in work]


def _isolated(item: tuple) -> FileResult:
    try:
        with ProcessPoolExecutor(1, mp_context=_context()) as pool:
            return pool.submit(_check_one, item).result()
    except BrokenProcessPool:
        return internal_error(item[1], "the process checking this file died (out of memory, or a crash in the parser)")


def _check_one(item: tuple) -> FileResult:
    data, shown, settings = item
    return check_bytes(data, shown, settings if settings is not None else Settings())


def _context() -> multiprocessing.context.BaseContext:
    """``fork`` where it is safe and cheap (Linux: nothing to re-import); else the default."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()
