"""How long the language server takes to re-analyse a 500-line model file after an edit.

Two measurements, each the median of N edits (each edit changes one layer's
argument in the middle of the file, so every run is a real re-analysis):

* ``in-process``: what the server does per change, without LSP: the engine on
  the new text plus choosing what to show (:mod:`kerascheck.server.analysis`).
* ``end-to-end``: the real ``kerascheck server`` over stdio, from sending
  ``textDocument/didChange`` to receiving ``textDocument/publishDiagnostics``,
  with the debounce set to 0 (an editor adds its debounce, 0.25 s by default).

Usage: ``python benchmarks/lsp_reanalysis.py [--runs N] [--lines 500]``
(needs ``pip install 'kerascheck[lsp]'`` for the end-to-end part).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kerascheck.server.analysis import analyse, choose  # noqa: E402
from kerascheck.settings import Settings  # noqa: E402

HEADER = "from keras import layers, models\n\n"

BLOCK = """\
model{n} = models.Sequential(name="model{n}")
model{n}.add(layers.Conv2D(32, (3, 3), padding="same", activation="relu", input_shape=(64, 64, 3)))
model{n}.add(layers.BatchNormalization())
model{n}.add(layers.Conv2D(32, (3, 3), padding="same", activation="relu"))
model{n}.add(layers.MaxPooling2D((2, 2)))
model{n}.add(layers.Dropout(0.25))
model{n}.add(layers.Conv2D(64, (3, 3), padding="same", activation="relu"))
model{n}.add(layers.BatchNormalization())
model{n}.add(layers.Conv2D(64, (3, 3), padding="same", activation="relu"))
model{n}.add(layers.MaxPooling2D((2, 2)))
model{n}.add(layers.Dropout(0.25))
model{n}.add(layers.Conv2D(128, (3, 3), padding="same", activation="relu"))
model{n}.add(layers.BatchNormalization())
model{n}.add(layers.Conv2D(128, (3, 3), padding="same", activation="relu"))
model{n}.add(layers.MaxPooling2D((2, 2)))
model{n}.add(layers.Dropout(0.25))
model{n}.add(layers.Flatten())
model{n}.add(layers.Dense({units}, activation="relu"))
model{n}.add(layers.Dropout(0.5))
model{n}.add(layers.Dense(10, activation="softmax"))
model{n}.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])

"""


def model_file(lines: int, units: int = 256) -> str:
    """A file of about ``lines`` lines: Sequential CNNs one after another; the middle one has ``units``."""
    count = max(1, -(-(lines - 2) // BLOCK.count("\n")))  # rounded up: at least ``lines``
    return HEADER + "".join(BLOCK.format(n=n, units=units if n == count // 2 else 256) for n in range(count))


def in_process(text: str, runs: int) -> list:
    settings = Settings()
    good = analyse(text, 0, "model.py", settings)
    times = []
    for run in range(1, runs + 1):
        edited = text.replace("Dense(256,", f"Dense({256 + run},", 1)
        start = time.perf_counter()
        view, good = choose(analyse(edited, run, "model.py", settings), good)
        times.append(time.perf_counter() - start)
    return times


async def end_to_end(text: str, runs: int) -> list:
    from lsprotocol import types
    from pygls.lsp.client import LanguageClient

    client = LanguageClient("benchmark", "1")
    published: asyncio.Queue = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
        published.put_nowait(params)

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    await client.start_io(sys.executable, "-m", "kerascheck", "server", env=env)
    await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(), initialization_options={"debounce": 0}
    ))
    client.initialized(types.InitializedParams())
    uri = (ROOT / "benchmarks" / "model.py").as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "python", 1, text)))
    await published.get()
    times = []
    for run in range(1, runs + 1):
        edited = text.replace("Dense(256,", f"Dense({256 + run},", 1)
        start = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version=run + 1, uri=uri),
            [types.TextDocumentContentChangeWholeDocument(edited)],
        ))
        await published.get()
        times.append(time.perf_counter() - start)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return times


def _report(label: str, times: list) -> None:
    ms = sorted(t * 1000 for t in times)
    print(f"{label:<11} median {statistics.median(ms):7.1f} ms   min {ms[0]:7.1f} ms   max {ms[-1]:7.1f} ms   (n={len(ms)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--lines", type=int, default=500)
    options = parser.parse_args()
    text = model_file(options.lines)
    good = analyse(text, 0, "model.py", Settings()).result
    if not good.models:  # timing a crash would measure nothing
        sys.exit(f"the engine found no model: {[d.message for d in good.diagnostics][:1]}")
    layers = sum(len(model.layers) for model in good.models)
    print(f"file: {text.count(chr(10))} lines, {len(good.models)} models, {layers} layers; python {sys.version.split()[0]}")
    _report("in-process", in_process(text, options.runs))
    try:
        times = asyncio.run(end_to_end(text, options.runs))
    except ImportError:
        print("end-to-end  skipped: pip install 'kerascheck[lsp]'")
        return
    _report("end-to-end", times)


if __name__ == "__main__":
    main()
