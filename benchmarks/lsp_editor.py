"""The language server driven like an editor: start-up, first diagnostics, edit-to-diagnostic, memory.

Every figure is the real ``kerascheck server`` over stdio, driven by pygls'
client, on three files: a 10-line sample, and 500- and 5,000-line files made
by ``benchmarks/run.py``'s big-file generator (Sequential and functional
models one after another, 25 lines each):

* ``start-up``: from starting the process to the ``initialize`` answer
  (median of ``--runs`` fresh processes);
* ``first diagnostics``: from starting the process to the first
  ``publishDiagnostics`` of the opened file (start-up, the engine's import and
  one analysis);
* ``edit to diagnostics``: from sending ``didChange`` (one layer's argument
  changed in the middle of the file) to receiving its ``publishDiagnostics``,
  with the debounce set to 0 (an editor adds its own, 0.25 s by default);
  ``engine`` is the part of it the engine took, as the server reports it
  (``kerascheck/analyses``);
* ``memory``: the server's peak resident set (``VmHWM``) at the end.

Usage: ``python benchmarks/lsp_editor.py [--runs N] [--write]`` (``--write``
replaces the results section of ``docs/editors.md``). Needs ``pip install
'kerascheck[lsp]'``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from run import big_file, machine  # noqa: E402  (the big-file generator of the main benchmark)

DOC = ROOT / "docs" / "editors.md"
BEGIN, END = "<!-- lsp_editor results: begin -->", "<!-- lsp_editor results: end -->"
SMALL = ROOT / "samples" / "buggy" / "seed004_conv_pool_dense.py"
#: Lines of each file measured, and the issue's target for an edit's diagnostics (seconds).
TARGETS = {10: None, 500: 0.05, 5000: 0.5}
STARTUP_TARGET = 0.3
_UNITS = re.compile(r"Dense\((\d+)")


def source(lines: int) -> str:
    if lines <= 10:
        return SMALL.read_text(encoding="utf-8")
    return big_file(models=lines // 25)


def edited(text: str, run: int) -> str:
    """The text with the units of the middle ``Dense`` changed: a real re-analysis each time."""
    found = list(_UNITS.finditer(text))
    middle = found[len(found) // 2]
    return text[: middle.start(1)] + str(int(middle.group(1)) + run) + text[middle.end(1):]


class Session:
    """One server process and the client driving it."""

    def __init__(self) -> None:
        from lsprotocol import types
        from pygls.lsp.client import LanguageClient

        self.types = types
        self.client = LanguageClient("kerascheck-benchmark", "1")
        self.published: asyncio.Queue = asyncio.Queue()
        self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)(lambda params: self.published.put_nowait(params))
        self.client.feature(types.CLIENT_REGISTER_CAPABILITY)(lambda params: None)
        self.client.feature(types.WINDOW_LOG_MESSAGE)(lambda params: None)

    async def start(self) -> None:
        """Start the server and initialize it."""
        types = self.types
        self.started = time.perf_counter()
        await self.client.start_io(sys.executable, "-m", "kerascheck", "server", env={**os.environ, "PYTHONPATH": str(ROOT)})
        await self.client.initialize_async(types.InitializeParams(
            capabilities=types.ClientCapabilities(), initialization_options={"debounce": 0}
        ))
        self.client.initialized(types.InitializedParams())

    async def open(self, uri: str, text: str) -> float:
        """Open a document; seconds from the process start to its first diagnostics."""
        self.client.text_document_did_open(self.types.DidOpenTextDocumentParams(self.types.TextDocumentItem(uri, "python", 1, text)))
        await self.published.get()
        return time.perf_counter() - self.started

    async def edit(self, uri: str, text: str, version: int) -> float:
        types = self.types
        start = time.perf_counter()
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version=version, uri=uri),
            [types.TextDocumentContentChangeWholeDocument(text)],
        ))
        while (await self.published.get()).version != version:
            pass
        return time.perf_counter() - start

    async def engine_seconds(self, uri: str) -> list:
        answer = await self.client.protocol.send_request_async("kerascheck/analyses", {"uri": uri})
        return [done.seconds for done in answer.analyses]

    def peak_memory(self) -> float:
        """The server's peak resident set, in MB (Linux)."""
        status = Path(f"/proc/{self.client._server.pid}/status").read_text()
        return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()


async def measure(lines: int, runs: int) -> dict:
    text = source(lines)
    session = Session()
    await session.start()
    uri = (ROOT / "benchmarks" / f"model_{lines}.py").as_uri()
    first = await session.open(uri, text)
    times = [await session.edit(uri, edited(text, run), run + 1) for run in range(1, runs + 1)]
    engine = (await session.engine_seconds(uri))[-runs:]
    memory = session.peak_memory()
    await session.stop()
    return {"lines": text.count("\n"), "first": first, "edit": times, "engine": engine, "memory": memory}


def startups(runs: int) -> list:
    """Seconds from starting the process to the first byte of its ``initialize`` answer, written and
    read on plain pipes (a client library would add its own start-up)."""
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}).encode()
    found = []
    for _ in range(runs):
        started = time.perf_counter()
        server = subprocess.Popen([sys.executable, "-m", "kerascheck", "server"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)})
        server.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        server.stdin.flush()
        answered = server.stdout.readline()
        found.append(time.perf_counter() - started)
        server.kill()
        server.wait()
        if not answered.startswith(b"Content-Length"):
            sys.exit(f"the server did not answer initialize: {answered!r}")
    return found


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def report(start: list, sizes: list) -> str:
    startup = statistics.median(start)
    rows = [
        "| file | first diagnostics | edit to diagnostics (median / max) | of which the engine | target | peak memory |",
        "|---|---|---|---|---|---|",
    ]
    for size, target in zip(sizes, TARGETS.values()):
        edit, engine = statistics.median(size["edit"]), statistics.median(size["engine"])
        verdict = "" if target is None else f"< {_ms(target)}: {'met' if edit < target else 'NOT met'}"
        rows.append(
            f"| {size['lines']:,} lines | {_ms(size['first'])} | {_ms(edit)} / {_ms(max(size['edit']))} | "
            f"{_ms(engine)} ({engine / edit:.0%}) | {verdict} | {size['memory']:.0f} MB |"
        )
    verdict = "met" if startup < STARTUP_TARGET else "NOT met"
    return "\n".join([
        f"Start-up to the `initialize` answer: **{_ms(startup)}** (median of {len(start)}; min {_ms(min(start))}, "
        f"max {_ms(max(start))}; target < {_ms(STARTUP_TARGET)}: {verdict}).",
        "",
        *rows,
        "",
        "Measured on:",
        "",
        *machine(),
    ])


def write(section: str) -> None:
    document = DOC.read_text(encoding="utf-8")
    before, _, rest = document.partition(BEGIN)
    _, _, after = rest.partition(END)
    DOC.write_text(f"{before}{BEGIN}\n{section}\n{END}{after}", encoding="utf-8")


async def main_async(options: argparse.Namespace) -> str:
    start = startups(options.runs)
    sizes = [await measure(lines, options.runs) for lines in TARGETS]
    return report(start, sizes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="fresh starts, and edits per file (default 10)")
    parser.add_argument("--write", action="store_true", help="replace the results in docs/editors.md")
    options = parser.parse_args()
    section = asyncio.run(main_async(options))
    print(section)
    if options.write:
        write(section)


if __name__ == "__main__":
    main()
