"""Open documents and their analysis: one analysis per version, debounced, each document on its own.

Each change restarts a short timer for that document only; when it fires the
engine runs on a worker thread. Requests that need results (hover, inlay
hints, code actions, pull diagnostics) never start an analysis and never cut
the timer short: they wait for the analysis of the document's current text
and share it, so a burst of typing with the editor's requests interleaved
costs one analysis of the final text. A document is analysed by one thread
at a time (an analysis of a text already replaced is finished and thrown
away, then the newest text goes); different documents run side by side, so a
small file is never queued behind a big one (the big one's time budget,
KC005, bounds it).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Optional

from ..settings import Settings
from .analysis import Snapshot, View, analyse, choose
from .client_settings import DEFAULT_DEBOUNCE

if TYPE_CHECKING:  # the engine is imported by the first analysis, not when the server starts
    from ..chunks import ChunkCache

log = logging.getLogger(__name__)

#: Documents analysed at the same time; more wait for a free thread.
WORKERS = 4
#: Analyses remembered per document for ``kerascheck/analyses`` (the benchmark and tests read them).
HISTORY = 64


@dataclass(frozen=True)
class Analysed:
    """One analysis the server ran: of which version, and how long the engine took."""

    version: Optional[int]
    seconds: float


@dataclass
class _Entry:
    """Mutable per-document state (private: only :class:`Documents` touches it)."""

    text: str
    version: Optional[int]
    path: str
    generation: int = 0  # bumped on every change (and settings change): results of older ones are dropped
    due: bool = False  # the debounce of the current generation has run out
    running: bool = False  # an analysis of this document is on a worker thread
    timer: Optional[asyncio.TimerHandle] = None
    good: Optional[Snapshot] = None  # the last text that parsed as well as the one before
    view: Optional[View] = None  # of the current generation, once analysed
    ready: asyncio.Event = field(default_factory=asyncio.Event)  # set when ``view`` is current
    history: deque = field(default_factory=lambda: deque(maxlen=HISTORY))
    #: The parses of its recent texts (:class:`~kerascheck.chunks.ChunkCache`), handed to each
    #: analysis and back: made by the first (which imports the engine), off the message loop.
    pieces: Optional[ChunkCache] = None


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
        self._workers = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="kerascheck-analysis")

    def update(self, uri: str, text: str, version: Optional[int], path: str, immediate: bool = False) -> None:
        """A new text for ``uri``: analyse it after the debounce (at once when ``immediate``)."""
        entry = self._entries.get(uri)
        if entry is None:
            entry = self._entries[uri] = _Entry(text, version, path)
        entry.text, entry.version, entry.path = text, version, path
        self._restart(entry, uri, 0 if immediate else self.debounce)

    def reanalyse(self, uri: str) -> None:
        """Analyse the same text again at once (its settings changed)."""
        entry = self._entries.get(uri)
        if entry is not None:
            self._restart(entry, uri, 0)

    def _restart(self, entry: _Entry, uri: str, delay: float) -> None:
        entry.generation += 1
        entry.due = False
        if entry.ready.is_set():
            entry.ready = asyncio.Event()
        if entry.timer is not None:
            entry.timer.cancel()
        entry.timer = asyncio.get_running_loop().call_later(delay, self._due, uri, entry, entry.generation)

    def _due(self, uri: str, entry: _Entry, generation: int) -> None:
        if generation == entry.generation and self._entries.get(uri) is entry:
            entry.due = True
            self._start(uri, entry)

    def _start(self, uri: str, entry: _Entry) -> None:
        """Analyse the current text, unless this document's thread is busy (it starts it when done)."""
        if entry.running or not entry.due:
            return
        entry.running, entry.due = True, False
        generation = entry.generation
        try:
            settings = self.settings_for(entry.path)
        except Exception:  # a bug in reading settings must cost the defaults, not a request left waiting
            log.exception("reading the settings of %s failed", uri)
            settings = Settings()
        future = asyncio.get_running_loop().run_in_executor(
            self._workers, _timed, entry.text, entry.version, entry.path, settings, entry.pieces
        )
        future.add_done_callback(lambda done: self._finished(uri, entry, generation, done))

    def _finished(self, uri: str, entry: _Entry, generation: int, done: asyncio.Future) -> None:
        entry.running = False
        if self._entries.get(uri) is not entry or done.cancelled():
            return  # closed, or the server is shutting down
        failed = done.exception()
        snapshot, seconds, pieces = (None, 0.0, entry.pieces) if failed is not None else done.result()
        entry.pieces = pieces
        if failed is not None:  # the engine promises not to raise; a waiting request must not hang
            log.error("analysing %s failed", uri, exc_info=failed)
        else:
            entry.history.append(Analysed(snapshot.version, seconds))
        if generation != entry.generation:
            self._start(uri, entry)  # a newer text came meanwhile: its turn, if its debounce ran out
            return
        try:
            if snapshot is not None:
                entry.view, entry.good = choose(snapshot, entry.good)
                self.on_view(uri, entry.view)
        except Exception:  # a bug here must cost one update, not the server
            log.exception("updating %s failed", uri)
        finally:
            entry.ready.set()  # requests waiting for this text answer (from the last view, after a failure)

    async def view(self, uri: str) -> Optional[View]:
        """The view of the document's current text, once its analysis (debounce included) is done."""
        entry = self._entries.get(uri)
        while entry is not None and not entry.ready.is_set():
            await entry.ready.wait()
            entry = self._entries.get(uri)  # a newer text may have come meanwhile: wait for it too
        return entry.view if entry is not None else None

    def analysed(self, uri: str) -> list:
        """The analyses run for ``uri`` (the latest :data:`HISTORY`), oldest first."""
        entry = self._entries.get(uri)
        return list(entry.history) if entry is not None else []

    async def run(self, work: Callable, *args: object) -> object:
        """Run CPU-heavy work (a quick fix's parse) on a worker thread, off the message loop."""
        return await asyncio.get_running_loop().run_in_executor(self._workers, work, *args)

    def close(self, uri: str) -> None:
        entry = self._entries.pop(uri, None)
        if entry is not None:
            if entry.timer is not None:
                entry.timer.cancel()
            entry.ready.set()  # requests still waiting answer "no document"

    def uris(self) -> list:
        return list(self._entries)

    def shutdown(self) -> None:
        for uri in self.uris():
            self.close(uri)
        self._workers.shutdown(wait=False, cancel_futures=True)


def _timed(text: str, version: Optional[int], path: str, settings: Settings, pieces: Optional[ChunkCache]) -> tuple:
    """(the engine's snapshot, seconds it took, the document's pieces), on a worker thread."""
    start = time.perf_counter()
    snapshot, pieces = analyse(text, version, path, settings, pieces)
    return snapshot, time.perf_counter() - start, pieces
