"""Open documents and their analysis: debounced per document, off the event loop.

Each change restarts a short timer for that document only; when it fires the
engine runs on a single worker thread (one analysis at a time, so a burst of
edits in several files cannot pile up), and the server's message loop stays
free to answer hovers meanwhile. A request that needs results (hover, inlay
hints, code actions, pull diagnostics) does not wait out the timer: it flushes
the pending analysis and awaits it, so it always answers for the current text.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Optional

from ..settings import Settings
from .analysis import Snapshot, View, analyse, choose

log = logging.getLogger(__name__)

#: Seconds to wait after a keystroke before analysing; editors send one change per key.
DEFAULT_DEBOUNCE = 0.25


@dataclass
class _Entry:
    """Mutable per-document state (private: only :class:`Documents` touches it)."""

    generation: int = 0  # bumped on every change; stale analyses are discarded
    good: Optional[Snapshot] = None
    view: Optional[View] = None
    pending: Optional[asyncio.Task] = None
    flush: asyncio.Event = field(default_factory=asyncio.Event)


class Documents:
    """The analysis state of every open document, keyed by URI."""

    def __init__(
        self,
        on_view: Callable[[str, View], None],
        settings_for: Callable[[str], Settings],
        debounce: float = DEFAULT_DEBOUNCE,
    ) -> None:
        self.on_view = on_view
        self.settings_for = settings_for
        self.debounce = debounce
        self._entries: dict = {}
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kerascheck-analysis")

    def update(self, uri: str, text: str, version: Optional[int], path: str, immediate: bool = False) -> None:
        """Schedule an analysis of ``text``; an earlier one still waiting is dropped."""
        entry = self._entries.setdefault(uri, _Entry())
        entry.generation += 1
        if entry.pending is not None and not entry.pending.done():
            entry.pending.cancel()
        entry.flush = asyncio.Event()
        if immediate:
            entry.flush.set()
        entry.pending = asyncio.get_running_loop().create_task(
            self._run(uri, entry, entry.generation, entry.flush, text, version, path)
        )

    async def _run(
        self, uri: str, entry: _Entry, generation: int, flush: asyncio.Event, text: str, version: Optional[int], path: str
    ) -> None:
        try:
            await asyncio.wait_for(flush.wait(), timeout=self.debounce)
        except asyncio.TimeoutError:
            pass
        settings = self.settings_for(path)
        loop = asyncio.get_running_loop()
        snapshot = await loop.run_in_executor(self._worker, analyse, text, version, path, settings)
        if generation != entry.generation or self._entries.get(uri) is not entry:
            return  # the text changed, or the document closed, while we worked
        try:
            entry.view, entry.good = choose(snapshot, entry.good)
            self.on_view(uri, entry.view)
        except Exception:  # a bug here must cost one update, not the server
            log.exception("updating %s failed", uri)

    async def view(self, uri: str) -> Optional[View]:
        """The view of the document's current text, analysing it now if it is pending."""
        entry = self._entries.get(uri)
        while entry is not None and entry.pending is not None and not entry.pending.done():
            entry.flush.set()
            pending = entry.pending
            try:
                await asyncio.shield(pending)
            except asyncio.CancelledError:
                if not pending.cancelled():
                    raise  # it is this request that was cancelled
        return entry.view if entry is not None else None

    async def run(self, work: Callable, *args: object) -> object:
        """Run CPU-heavy work (a quick fix's parse) on the analysis thread, off the message loop."""
        return await asyncio.get_running_loop().run_in_executor(self._worker, work, *args)

    def close(self, uri: str) -> None:
        entry = self._entries.pop(uri, None)
        if entry is not None and entry.pending is not None:
            entry.pending.cancel()

    def uris(self) -> list:
        return list(self._entries)

    def shutdown(self) -> None:
        for uri in self.uris():
            self.close(uri)
        self._worker.shutdown(wait=False, cancel_futures=True)
