"""Checking a file never runs or imports it.

The samples below would create a marker file and connect to a socket the test
listens on if anything executed or imported them; they also shadow modules
kerascheck and Keras import (``json.py``, ``keras.py``...). They are checked
through every command, output format and option, through the CLI as a user
runs it (from inside the directory), in worker processes, from stdin, and
through the language server; no marker may appear, no connection may come.

A grep-level guard keeps it so: no ``eval``/``exec``/``compile``/
``__import__``/``importlib``/``runpy``/``pickle``/``marshal`` in the package,
except the reporters registry importing our own modules, metadata reads
through ``importlib.metadata`` (the target's ``installed``, which never imports
a distribution), and ``dataclass_code.py`` keeping the code ``dataclasses``
generates for our classes and libcst's between runs (:data:`ALLOWED`); and no ``subprocess``, ``os.system``, ``os.exec*`` or
``os.spawn*`` anywhere: kerascheck runs no command, with one documented
exception: ``revisions.py`` runs ``git`` for ``kerascheck diff``, in one
``subprocess.run`` of an argument list starting with ``"git"`` (no shell),
with every value that is not a literal placed after ``--end-of-options``
(:data:`COMMAND_EXCEPTION`, checked by its own test).
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
ALLOWED = {
    ("reporters/__init__.py", "importlib"),  # imports kerascheck.reporters.<format>, a fixed table
    # Runs the methods ``dataclasses`` writes for the classes of kerascheck and libcst (never text from
    # a checked file: nothing of a checked file is run), compiled once and kept with ``marshal`` beside
    # the package's bytecode; ``importlib.util`` only names that place and the bytecode's magic number.
    *(("dataclass_code.py", name) for name in ("exec", "compile", "marshal", "importlib")),
}
#: ``importlib.metadata`` functions that only read installed distributions' metadata
#: (the target's ``installed``); ``entry_points`` is not one of them (``.load()`` imports).
METADATA_READS = {"version", "PackageNotFoundError", "distribution", "distributions", "metadata", "requires", "packages_distributions"}


def _code_loading(relative: str, source: str) -> list:
    """``path:line: name`` of each place ``source`` could run or load code."""
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type not in (tokenize.COMMENT, tokenize.NL)]
    text = [t.string for t in tokens]

    def at(index: int) -> str:
        return text[index] if 0 <= index < len(text) else ""

    def ends(index: int) -> bool:  # the statement ends there: nothing more is imported, nothing renamed
        return index >= len(tokens) or tokens[index].type in (tokenize.NEWLINE, tokenize.ENDMARKER) or at(index) == ";"

    found = []
    for index, token in enumerate(tokens):
        if token.type != tokenize.NAME:
            continue
        if token.string == "importlib" and (relative, "importlib") not in ALLOWED:
            if at(index - 1) == "from" and at(index + 1) == "import" and at(index + 2) == "metadata" and ends(index + 3):
                continue  # ``from importlib import metadata``: its uses are checked below
            if at(index + 1) == "." and at(index + 2) == "metadata":
                if at(index - 1) == "import" and ends(index + 3):
                    continue  # ``import importlib.metadata``
                if at(index - 1) == "from" and at(index + 3) == "import":  # ``from importlib.metadata import version, ...``
                    names, cursor = [], index + 4
                    while not ends(cursor):
                        names.append(at(cursor))
                        cursor += 1
                    if names and all(name in METADATA_READS or name in ",()" for name in names):
                        continue
                elif at(index + 3) == "." and at(index + 4) in METADATA_READS and at(index - 1) != "import":
                    continue  # ``importlib.metadata.version(...)``
            found.append(f"{relative}:{token.start[0]}: importlib")
            continue
        if token.string == "metadata" and at(index + 1) == "." and at(index + 2) not in METADATA_READS and at(index - 1) != ".":
            found.append(f"{relative}:{token.start[0]}: metadata.{at(index + 2)}")
            continue
        if token.string not in BANNED or (relative, token.string) in ALLOWED:
            continue
        before, after = at(index - 1), at(index + 1)
        if before in (".", "def"):  # a method (``self.evaluator.eval``), ``re.compile``, a definition
            continue
        if token.string in CALLS and after != "(":  # ``from . import compile`` (a module of ours)
            continue
        found.append(f"{relative}:{token.start[0]}: {token.string}")
    return found


def test_no_code_loading_in_the_package() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        found += _code_loading(path.relative_to(PACKAGE).as_posix(), path.read_text(encoding="utf-8"))
    assert found == []


@pytest.mark.parametrize("source, flagged", [
    ("from importlib import metadata\nmetadata.version('keras')\n", False),
    ("import importlib.metadata\nimportlib.metadata.version('keras')\n", False),
    ("from importlib.metadata import version, PackageNotFoundError\n", False),
    ("from importlib.metadata import (\n    version,\n    distribution,\n)\n", False),
    ("from importlib import metadata\nmetadata.entry_points()\n", True),
    ("from importlib.metadata import entry_points\n", True),
    ("import importlib.metadata\nimportlib.metadata.entry_points()\n", True),
    ("import importlib\n", True),
    ("importlib.import_module('x')\n", True),
    ("from importlib import import_module\n", True),
    ("from importlib import metadata, util\n", True),
    ("from importlib import metadata as md\n", True),
    ("import importlib.util\n", True),
    ("importlib.util.spec_from_file_location('x', 'x.py')\n", True),
    ("__import__('os')\n", True),
    ("x = eval(text)\n", True),
])
def test_the_guard_allows_metadata_reads_only(source: str, flagged: bool) -> None:
    assert bool(_code_loading("target/project.py", source)) == flagged, _code_loading("target/project.py", source)


#: Ways to run a command. kerascheck runs none, anywhere (a repository's own
#: ``.git/config`` can make even ``git check-ignore`` run what it says).
COMMAND_MODULES = {"subprocess", "pty", "shlex"}
COMMAND_FUNCTIONS = ("system", "popen", "exec", "spawn", "posix_spawn", "startfile", "fork")


def _commands_run(relative: str, source: str) -> list:
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type == tokenize.NAME or t.string == "."]
    found = []
    for index, token in enumerate(tokens):
        if token.type != tokenize.NAME:
            continue
        after_os = index >= 2 and tokens[index - 1].string == "." and tokens[index - 2].string == "os"
        if token.string in COMMAND_MODULES or (after_os and token.string.startswith(COMMAND_FUNCTIONS)):
            found.append(f"{relative}:{token.start[0]}: {token.string}")
    return found


#: The one module allowed to run a command: ``git``, for ``kerascheck diff`` (read-only, see its docstring).
COMMAND_EXCEPTION = "revisions.py"


def test_no_command_is_ever_run_by_the_package() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative != COMMAND_EXCEPTION:
            found += _commands_run(relative, path.read_text(encoding="utf-8"))
    assert found == []
    assert _commands_run("x.py", "import subprocess\nos.system('x')\nos.execvp('git', [])\nos.posix_spawn('x', [], {})\n") == [
        "x.py:1: subprocess", "x.py:2: system", "x.py:3: execvp", "x.py:4: posix_spawn"]


def test_the_guard_finds_what_it_looks_for() -> None:
    tokens = list(tokenize.generate_tokens(io.StringIO("x = eval(text)\n").readline))
    assert any(t.string in BANNED for t in tokens)
    assert sysconfig.get_paths()["stdlib"]  # the sweep's source of files exists on this Python


def test_the_git_exception_runs_git_only_as_an_argument_list_with_values_after_end_of_options() -> None:
    """``revisions.py``: one ``subprocess.run``, of ``["git", ...]``, no shell, no other way to run
    anything; its callers (``_git``) pass every value that is not a literal after
    ``--end-of-options``, so a revision or path (``--output=x``) is never an option."""
    import ast

    tree = ast.parse((PACKAGE / COMMAND_EXCEPTION).read_text(encoding="utf-8"))
    uses = [node for node in ast.walk(tree) if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
            and node.value.id == "subprocess"]
    assert sorted(node.attr for node in uses) == ["CompletedProcess", "TimeoutExpired", "run"]
    (run,) = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "run"]
    command = run.args[0]
    assert isinstance(command, ast.List) and isinstance(command.elts[0], ast.Constant) and command.elts[0].value == "git"
    assert "shell" not in {keyword.arg for keyword in run.keywords}
    flagged = _commands_run(COMMAND_EXCEPTION, (PACKAGE / COMMAND_EXCEPTION).read_text(encoding="utf-8"))
    assert flagged and all(item.endswith(": subprocess") for item in flagged), flagged  # no os.system, pty, fork...
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_git"]
    assert len(calls) >= 6
    for call in calls:
        arguments = call.args[1:]  # after the working directory
        literal = [isinstance(a, ast.Constant) for a in arguments]
        if all(literal):
            continue
        first_value = literal.index(False)
        before = [a.value for a in arguments[:first_value]]
        assert "--end-of-options" in before, ast.unparse(call)
