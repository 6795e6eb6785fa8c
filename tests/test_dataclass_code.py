"""The table of compiled dataclass methods (kerascheck/dataclass_code.py).

What matters: a class built from the table is the class ``dataclasses``
builds without it (the same code, method by method); the second run compiles
nothing; a damaged, foreign or unwritable table only costs the compilation.
"""

from __future__ import annotations

import builtins
import dataclasses
import importlib.util
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kerascheck import dataclass_code
from kerascheck.dataclass_code import reused_dataclass_code

from .conftest import ROOT

METHODS = ("__init__", "__repr__", "__eq__", "__lt__", "__le__", "__gt__", "__ge__", "__hash__", "__setattr__", "__delattr__")


def build() -> type:
    """A class using most of what ``dataclasses`` generates."""

    @dataclasses.dataclass(frozen=True, order=True)
    class Point:
        x: int
        label: str = "origin"
        tags: list = dataclasses.field(default_factory=list, compare=False)

    return Point


@pytest.fixture
def table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty table at a temporary path (the module forgets what it read)."""
    path = tmp_path / "dataclass_methods.marshal"
    monkeypatch.setattr(dataclass_code, "table_path", lambda: path)
    monkeypatch.setattr(dataclass_code, "_saved", None)
    monkeypatch.setattr(dataclass_code, "_compiled_now", {})
    monkeypatch.setattr(dataclass_code, "_used", set())
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return path


def new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a later run starts with: nothing read, nothing compiled."""
    monkeypatch.setattr(dataclass_code, "_saved", None)
    monkeypatch.setattr(dataclass_code, "_compiled_now", {})


def compiles(monkeypatch: pytest.MonkeyPatch) -> list:
    """The sources ``compile`` is called with from now on."""
    seen: list = []
    original = builtins.compile

    def counting(source, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(source)
        return original(source, *args, **kwargs)

    monkeypatch.setattr(builtins, "compile", counting)
    return seen


def test_a_class_built_from_the_table_is_the_class_dataclasses_builds(table: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = build()
    with reused_dataclass_code():
        build()  # compiles, and saves
    assert table.is_file()
    new_process(monkeypatch)
    compiled = compiles(monkeypatch)
    with reused_dataclass_code():
        reused = build()
    assert compiled == []  # every method came from the table
    for name in METHODS:
        assert getattr(reused, name).__code__ == getattr(plain, name).__code__, name
    first, second = reused(1, "a"), reused(1, "a", ["t"])
    assert (first == second, hash(first) == hash(second), first < reused(2), repr(first)) == (True, True, True, "build.<locals>.Point(x=1, label='a', tags=[])")
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.x = 2  # type: ignore[misc]


def test_the_table_holds_what_exec_compiles_from_the_same_text(table: Path) -> None:
    with reused_dataclass_code():
        build()
    saved = marshal.loads(table.read_bytes()[len(importlib.util.MAGIC_NUMBER):])
    assert saved  # the methods of Point
    for source, code in saved.items():
        assert code == compile(source, "<string>", "exec", dont_inherit=True)
        assert code.co_flags & 0x1000000 == 0  # no ``from __future__ import annotations`` of ours leaked in


def test_dataclasses_is_left_as_found(table: Path) -> None:
    with reused_dataclass_code():
        with reused_dataclass_code():
            assert dataclasses.exec is dataclass_code._compiled  # type: ignore[attr-defined]
        assert "exec" in vars(dataclasses)  # the outer use still holds it
    assert "exec" not in vars(dataclasses)


@pytest.mark.parametrize("content", [b"", b"garbage", importlib.util.MAGIC_NUMBER + b"\x00not marshal",
                                     b"\x00\x00\r\n" + marshal.dumps({}), importlib.util.MAGIC_NUMBER + marshal.dumps([1, 2])])
def test_a_damaged_or_foreign_table_only_costs_the_compilation(table: Path, content: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    table.write_bytes(content)
    compiled = compiles(monkeypatch)
    with reused_dataclass_code():
        point = build()
    assert point(3).x == 3
    assert compiled  # compiled, not read
    assert table.read_bytes().startswith(importlib.util.MAGIC_NUMBER)  # and replaced by a good table


def test_nothing_is_written_when_python_writes_no_bytecode(table: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    with reused_dataclass_code():
        build()
    assert not table.exists()


def test_an_unwritable_place_only_costs_the_compilation(tmp_path: Path, table: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("")
    monkeypatch.setattr(dataclass_code, "table_path", lambda: blocked / "dataclass_methods.marshal")
    with reused_dataclass_code():
        assert build()(1).x == 1
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a file, not a folder"]


def test_the_command_line_saves_the_table_beside_the_package_bytecode(tmp_path: Path) -> None:
    """A run writes it under ``sys.pycache_prefix``/``__pycache__``; the next run compiles no dataclass method."""
    prefix = tmp_path / "pycache"
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(ROOT), PYTHONPYCACHEPREFIX=str(prefix))
    sample = tmp_path / "model.py"
    sample.write_text("import keras\nmodel = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])\n")
    command = [sys.executable, "-m", "kerascheck", "check", "--no-cache", str(sample)]
    assert subprocess.run(command, env=env, capture_output=True, timeout=120).returncode == 0
    tables = list(prefix.rglob("dataclass_methods.*.marshal"))
    assert [path.parent.name for path in tables] == ["kerascheck"]
    probe = ("import builtins, runpy, sys; calls = []; original = builtins.compile\n"
             "builtins.compile = lambda source, *a, **k: (calls.append(source), original(source, *a, **k))[1]\n"
             "sys.argv = ['kerascheck', 'check', '--no-cache', sys.argv[1]]\n"
             "try:\n    runpy.run_module('kerascheck', run_name='__main__')\n"
             "except SystemExit:\n    pass\n"
             "print(sum('__create_fn__' in source for source in calls if isinstance(source, str)), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", probe, str(sample)], env=env, capture_output=True, text=True, timeout=120)
    assert done.stderr.strip().splitlines()[-1] == "0", done.stderr[-2000:]


def test_a_table_grown_past_its_bound_keeps_only_what_the_run_used(table: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stale = {f"x = {n}\n": compile(f"x = {n}\n", "<string>", "exec") for n in range(3)}
    table.write_bytes(importlib.util.MAGIC_NUMBER + marshal.dumps(stale))
    monkeypatch.setattr(dataclass_code, "MAX_ENTRIES", 3)
    with reused_dataclass_code():
        build()
    saved = marshal.loads(table.read_bytes()[len(importlib.util.MAGIC_NUMBER):])
    assert saved and not set(stale) & set(saved)
    assert all("__create_fn__" in source for source in saved)
