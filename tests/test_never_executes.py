"""Checking a file never runs or imports it.

The samples below would create a marker file and connect to a socket the test
listens on if anything executed or imported them; they also shadow modules
kerascheck and Keras import (``json.py``, ``keras.py``...). They are checked
through every command, output format and option, through the CLI as a user
runs it (from inside the directory), in worker processes, from stdin, and
through the language server; no marker may appear, no connection may come.

A grep-level guard keeps it so: no ``eval``/``exec``/``compile``/
``__import__``/``importlib``/``runpy``/``pickle``/``marshal`` in the package,
except the reporters registry importing our own modules.
"""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import sysconfig
import tokenize
from pathlib import Path

import pytest

from kerascheck.cli import main
from kerascheck.reporters import CHECK_FORMATS, SUMMARY_FORMATS

PACKAGE = Path(__file__).resolve().parents[1] / "kerascheck"
TRAP = '''\
import keras
import os, socket
open({marker!r} + "-" + __name__, "w").write("executed")
socket.create_connection(("127.0.0.1", {port}), timeout=1)
model = keras.Sequential([keras.layers.Dense(2, input_shape=(3,)), keras.layers.LSTM(2)])
if __name__ == "__main__":
    open({marker!r} + "-main", "w").write("executed")
'''
#: Names kerascheck, its dependencies or Keras import: a file by that name must not be picked up.
SHADOWS = ("keras.py", "json.py", "libcst.py", "tensorflow.py", "sitecustomize.py", "usercustomize.py", "conftest.py", "__main__.py", "setup.py", "__init__.py")


@pytest.fixture()
def listener() -> socket.socket:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server
    server.close()


@pytest.fixture()
def traps(tmp_path: Path, listener: socket.socket) -> tuple:
    marker = tmp_path / "markers" / "ran"
    marker.parent.mkdir()
    project = tmp_path / "project"
    (project / "pkg").mkdir(parents=True)
    text = TRAP.format(marker=str(marker), port=listener.getsockname()[1])
    for name in ("model.py", *SHADOWS):
        (project / name).write_text(text)
    (project / "pkg" / "__init__.py").write_text(text)
    (project / "pkg" / "layers.py").write_text(text)
    for index in range(30):  # enough files for the process pool
        (project / "pkg" / f"m{index}.py").write_text(text)
    return project, marker.parent, listener


def _assert_nothing_ran(markers: Path, listener: socket.socket) -> None:
    assert list(markers.iterdir()) == []
    with pytest.raises(BlockingIOError):
        listener.accept()


def test_every_format_in_process(traps: tuple, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    project, markers, listener = traps
    monkeypatch.chdir(project)
    runs = [["check", ".", "--output-format", name] for name in CHECK_FORMATS]
    runs += [["summary", ".", "--output-format", name] for name in SUMMARY_FORMATS]
    runs += [["check", ".", "--statistics"], ["check", ".", "-j", "2", "--no-cache"], ["check", "model.py", "-j", "1"]]
    for arguments in runs:
        assert main(arguments) == 1, arguments
    assert "KC102" in capsys.readouterr().out
    _assert_nothing_ran(markers, listener)


def test_the_command_run_from_inside_the_directory(traps: tuple) -> None:
    project, markers, listener = traps
    script = Path(sys.executable).with_name("kerascheck")
    command = [str(script)] if script.exists() else [sys.executable, "-P", "-m", "kerascheck"]
    for arguments in (["check", "."], ["summary", "."], ["check", "--output-format", "json", "-j", "2", "."]):
        done = subprocess.run(command + arguments, cwd=project, capture_output=True, text=True, timeout=120)
        assert done.returncode == 1, done.stderr
    done = subprocess.run(command + ["check", "-"], cwd=project, input=(project / "model.py").read_text(), capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "KC102" in done.stdout, done.stderr
    _assert_nothing_ran(markers, listener)


def _lsp_message(payload: dict) -> bytes:
    body = json.dumps(payload).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def _read_messages(stream: io.BufferedReader, until: str, limit: int = 50) -> list:
    messages = []
    for _ in range(limit):
        length = 0
        while True:
            line = stream.readline()
            if not line:
                return messages
            if line in (b"\r\n", b"\n"):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        message = json.loads(stream.read(length))
        messages.append(message)
        if message.get("method") == until or message.get("id") == until:
            return messages
    return messages


def test_the_language_server(traps: tuple) -> None:
    pytest.importorskip("pygls", reason="the language server needs the lsp extra")
    project, markers, listener = traps
    uri = (project / "model.py").as_uri()
    server = subprocess.Popen(
        [sys.executable, "-m", "kerascheck", "server"], cwd=project.parent, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(PACKAGE.parent)},
    )
    try:
        assert server.stdin is not None and server.stdout is not None
        server.stdin.write(_lsp_message({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": project.as_uri(), "capabilities": {}, "initializationOptions": {"debounce": 0.005}}}))
        server.stdin.flush()
        _read_messages(server.stdout, until=1)
        server.stdin.write(_lsp_message({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
        server.stdin.write(_lsp_message({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": (project / "model.py").read_text()}}}))
        server.stdin.write(_lsp_message({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {"textDocument": {"uri": uri}, "position": {"line": 4, "character": 30}}}))
        server.stdin.flush()
        messages = _read_messages(server.stdout, until="textDocument/publishDiagnostics")
        assert any(m.get("method") == "textDocument/publishDiagnostics" and m["params"]["diagnostics"] for m in messages), messages
        server.stdin.write(_lsp_message({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}))
        server.stdin.write(_lsp_message({"jsonrpc": "2.0", "method": "exit"}))
        server.stdin.flush()
        server.wait(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    _assert_nothing_ran(markers, listener)


#: Names that would run or load code; allowed only where they touch our own modules.
CALLS = {"eval", "exec", "compile", "__import__", "execfile"}
BANNED = CALLS | {"importlib", "runpy", "pickle", "marshal", "imp"}
ALLOWED = {("reporters/__init__.py", "importlib")}  # imports kerascheck.reporters.<format>, a fixed table


def test_no_code_loading_in_the_package() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        tokens = list(tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline))
        for index, token in enumerate(tokens):
            if token.type != tokenize.NAME or token.string not in BANNED or (relative, token.string) in ALLOWED:
                continue
            before = tokens[index - 1].string if index else ""
            after = tokens[index + 1].string if index + 1 < len(tokens) else ""
            if before in (".", "def"):  # a method (``self.evaluator.eval``), ``re.compile``, a definition
                continue
            if token.string in CALLS and after != "(":  # ``from . import compile`` (a module of ours)
                continue
            found.append(f"{relative}:{token.start[0]}: {token.string}")
    assert found == []


def test_the_guard_finds_what_it_looks_for() -> None:
    tokens = list(tokenize.generate_tokens(io.StringIO("x = eval(text)\n").readline))
    assert any(t.string in BANNED for t in tokens)
    assert sysconfig.get_paths()["stdlib"]  # the sweep's source of files exists on this Python
