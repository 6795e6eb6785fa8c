"""The answer to ``initialize``, sent before pygls is imported.

Importing pygls means importing ``lsprotocol.types`` (thousands of attrs
classes): 0.3 to 0.5 s on a loaded machine, longer than the whole start-up an
editor expects of a linter. So the server reads the client's ``initialize``
request with the standard library only, answers it at once from the table
below, and then starts pygls on the same streams: the request is handed to
pygls too (so its workspace and our ``initialize`` handler see it), and the
second answer pygls makes to it is dropped. Messages the client sends in the
meantime wait in the pipe.

The table must say exactly what pygls would answer for the server's features:
``tests/test_lsp_startup.py`` compares the two for the capabilities of real
clients, so a feature added to :mod:`.server` without its line here fails the
tests rather than an editor.
"""

from __future__ import annotations

import io
import json
import re
from typing import BinaryIO, Optional

from .. import __version__

NAME = "kerascheck"

#: The server's capabilities as pygls builds them (``positionEncoding`` is chosen per client below).
CAPABILITIES: dict = {
    "textDocumentSync": {"openClose": True, "change": 2, "willSave": False, "willSaveWaitUntil": False, "save": True},
    "hoverProvider": True,
    "codeActionProvider": {"codeActionKinds": ["quickfix", "source.fixAll.kerascheck"]},
    "executeCommandProvider": {"commands": []},
    "inlayHintProvider": {"resolveProvider": False},
    "diagnosticProvider": {"interFileDependencies": False, "workspaceDiagnostics": False, "identifier": NAME},
    "workspace": {"workspaceFolders": {"supported": True, "changeNotifications": True}, "fileOperations": {}},
}

#: Notebooks whose cells include Python ones (``notebooks.SYNC``), for clients that support notebooks.
NOTEBOOK_SYNC: dict = {"notebookSelector": [{"notebook": "*", "cells": [{"language": "python"}]}]}

#: pygls' position encodings; the first one the client lists wins, else UTF-16 (the LSP default).
ENCODINGS = ("utf-8", "utf-16", "utf-32")

_LENGTH = re.compile(rb"Content-Length: *(\d+)", re.IGNORECASE)


def position_encoding(params: dict) -> str:
    general = (params.get("capabilities") or {}).get("general") or {}
    offered = general.get("positionEncodings") or []
    return next((encoding for encoding in offered if encoding in ENCODINGS), "utf-16")


def initialize_result(params: dict) -> dict:
    """What the server answers to ``initialize`` with these parameters."""
    capabilities = {"positionEncoding": position_encoding(params), **CAPABILITIES}
    if (params.get("capabilities") or {}).get("notebookDocument") is not None:  # pygls offers it to such clients only
        capabilities["notebookDocumentSync"] = NOTEBOOK_SYNC
    return {"capabilities": capabilities, "serverInfo": {"name": NAME, "version": __version__}}


def _frame(message: dict) -> bytes:
    body = json.dumps(message).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def _read_message(stream: BinaryIO) -> tuple:
    """(the raw bytes of one message, its JSON or None); raw is empty at the end of the stream."""
    raw, length = b"", None
    while True:
        line = stream.readline()
        raw += line
        if not line:
            return raw, None
        if line in (b"\r\n", b"\n"):
            break
        found = _LENGTH.match(line)
        if found:
            length = int(found.group(1))
    if length is None:
        return raw, None
    body = stream.read(length)
    raw += body
    try:
        return raw, json.loads(body)
    except ValueError:
        return raw, None


class Replay:
    """The client's stream, with the message already read put back in front of it."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self.head = io.BytesIO(head)
        self.rest = rest

    def readline(self, size: int = -1) -> bytes:
        return self.head.readline(size) or self.rest.readline(size)

    def read(self, size: int = -1) -> bytes:
        data = self.head.read(size)
        if size is None or size < 0:
            return data + self.rest.read()
        return data + self.rest.read(size - len(data)) if len(data) < size else data


class DropAnswer:
    """The stream to the client, minus pygls' own answer to the request already answered."""

    def __init__(self, request_id: object, out: BinaryIO) -> None:
        self.request_id = request_id
        self.out = out

    def write(self, data: bytes) -> int:
        if self.request_id is not None:
            _, _, body = bytes(data).partition(b"\r\n\r\n")
            try:
                message = json.loads(body)
            except ValueError:
                message = None
            if isinstance(message, dict) and message.get("id") == self.request_id and "method" not in message:
                self.request_id = None
                return len(data)
        self.out.write(data)
        return len(data)

    def flush(self) -> None:
        self.out.flush()

    def close(self) -> None:
        self.out.close()


def answer_initialize(stdin: BinaryIO, stdout: BinaryIO) -> tuple:
    """Read the first message; answer it if it is ``initialize``.

    Returns the (input, output) streams pygls is to be started on.
    """
    raw, message = _read_message(stdin)
    request_id: Optional[object] = None
    if isinstance(message, dict) and message.get("method") == "initialize" and "id" in message:
        request_id = message["id"]
        params = message.get("params") if isinstance(message.get("params"), dict) else {}
        stdout.write(_frame({"jsonrpc": "2.0", "id": request_id, "result": initialize_result(params)}))
        stdout.flush()
    return Replay(raw, stdin), DropAnswer(request_id, stdout)
