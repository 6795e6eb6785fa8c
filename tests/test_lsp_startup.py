"""The server answers ``initialize`` before importing pygls: the answer must be pygls' own, once.

``handshake.initialize_result`` is a table; these tests compare it with what
pygls builds for the server's registered features, for the capabilities of
real clients (pytest-lsp's recordings) and every position encoding, and check
over a real pipe that the client gets exactly one answer.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, require

require("pygls", "the language server needs the lsp extra")
require("pytest_lsp", "the language server is tested with pytest-lsp")

import pytest_lsp.clients  # noqa: E402
from lsprotocol import types  # noqa: E402
from pygls.capabilities import ServerCapabilitiesBuilder  # noqa: E402

from kerascheck.server.handshake import initialize_result  # noqa: E402
from kerascheck.server.server import build_server  # noqa: E402

RECORDINGS = sorted(Path(pytest_lsp.clients.__file__).parent.glob("*.json"))
ENCODINGS = [None, ["utf-32"], ["utf-8", "utf-16"], ["utf-16"], ["latin-1"]]


def _pygls_answer(params: dict) -> dict:
    """What pygls itself answers to ``initialize`` for the server as built."""
    server = build_server()
    converter = server.protocol._converter
    capabilities = converter.structure(params["capabilities"], types.ClientCapabilities)
    features = server.protocol.fm
    encoding = ServerCapabilitiesBuilder.choose_position_encoding(capabilities)
    built = ServerCapabilitiesBuilder(
        capabilities, set({**features.features, **features.builtin_features}), features.feature_options,
        list(features.commands), server._text_document_sync_kind, server._notebook_document_sync, encoding,
    ).build()
    return converter.unstructure(types.InitializeResult(capabilities=built, server_info=server.protocol.server_info))


@pytest.mark.parametrize("recording", RECORDINGS, ids=lambda path: path.stem)
@pytest.mark.parametrize("encodings", ENCODINGS, ids=str)
@pytest.mark.parametrize("notebooks", [False, True], ids=["files", "notebooks"])
def test_the_early_answer_is_what_pygls_answers(recording: Path, encodings: list, notebooks: bool) -> None:
    params = json.loads(recording.read_text(encoding="utf-8"))
    if notebooks:
        params["capabilities"]["notebookDocument"] = {"synchronization": {"dynamicRegistration": False}}
    general = params["capabilities"].setdefault("general", {})
    general.pop("positionEncodings", None)
    if encodings is not None:
        general["positionEncodings"] = encodings
    assert initialize_result(params) == _pygls_answer(params)


def _frame(message: dict) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def _read(stream) -> dict:
    length = None
    while True:
        line = stream.readline()
        assert line, "the server closed its output"
        if line == b"\r\n":
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(stream.read(length))


def test_initialize_is_answered_once_and_the_session_goes_on() -> None:
    server = subprocess.Popen(
        [sys.executable, "-m", "kerascheck", "server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        server.stdin.write(_frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}))
        server.stdin.write(_frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
        server.stdin.write(_frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
        server.stdin.flush()
        answers = []
        while len(answers) < 2 or answers[-1].get("id") != 2:
            message = _read(server.stdout)
            if "id" in message and "method" not in message:
                answers.append(message)
        assert [answer["id"] for answer in answers] == [1, 2]
        assert answers[0]["result"]["serverInfo"]["name"] == "kerascheck"
        assert answers[1] == {"jsonrpc": "2.0", "id": 2, "result": None}
        server.stdin.write(_frame({"jsonrpc": "2.0", "method": "exit"}))
        server.stdin.close()
        assert server.wait(timeout=30) == 0
    finally:
        server.kill()
        server.wait()


def test_nothing_heavy_is_loaded_before_the_answer() -> None:
    """What ``kerascheck server`` imports before it answers ``initialize`` (``server.run`` up to the handshake)."""
    code = (
        "import sys, kerascheck.cli, kerascheck.server, kerascheck.server.handshake, lsprotocol, pygls\n"
        "heavy = ('lsprotocol.types', 'pygls.lsp', 'libcst', 'kerascheck.engine', 'kerascheck.server.server')\n"
        "print(sorted(name for name in heavy if name in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
