"""The fast walks and positions agree with libcst's own visitor and PositionProvider.

``walk`` relies on libcst's field order (with a few overrides) and
``positions`` on pairing libcst's calls with CPython's by rank; both are
checked here over a deterministic sample of the standard library.
"""

from __future__ import annotations

import sysconfig
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from kerascheck import walk
from kerascheck.positions import NOWHERE, Positions

STDLIB = Path(sysconfig.get_paths()["stdlib"])
TRICKY = '''
@decorate(first())
def f(a=default(), *args, key: note() = other(), **kw) -> returns():
    return body() if test() else orelse()
class C(base(), metaclass=meta()):
    x = [elt() for v in it() if cond()]
    y = {key(): value() for k in it()}
try:
    pass
except handler() as e:
    pass
f(keyword=value())(second())
lambda: inner()
s = f"{fmt()!r:>{width()}}"
café = ｗｗｗ(1)  # identifiers are NFKC-normalised by CPython
'''


def _sample(step: int = 7) -> list:
    """Every ``step``-th module of the standard library outside its tests, up to 40 KB."""
    files = sorted(p for p in STDLIB.glob("*/*.py") if "test" not in p.parts[-2] and p.stat().st_size < 40_000)[::step]
    out = []
    for path in files:
        try:
            out.append((path, cst.parse_module(path.read_text(encoding="utf-8"))))
        except (UnicodeDecodeError, cst.ParserSyntaxError, RecursionError):
            continue
    return out


class _Collect(cst.CSTVisitor):
    def __init__(self) -> None:
        self.calls: list = []
        self.statements: list = []

    def visit_Call(self, node: cst.Call) -> None:
        self.calls.append(node)

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, (cst.BaseStatement, cst.BaseSmallStatement)):
            self.statements.append(node)
        return super().on_visit(node)


def _check_against_libcst(module: cst.Module, source: str) -> None:
    collected = _Collect()
    module.visit(collected)
    assert [id(n) for n in walk.calls(module)] == [id(n) for n in collected.calls]
    assert [id(n) for n in walk.statements(module)] == [id(n) for n in collected.statements]
    table = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    positions = Positions(module, source)
    for call in collected.calls:
        found = table[call]
        span = positions.locate(call)
        assert (span.line, span.column, span.end_line, span.end_column) == (
            found.start.line, found.start.column + 1, found.end.line, found.end.column + 1
        ), module.code_for_node(call)


def test_tricky_constructs() -> None:
    source = TRICKY.replace("\n", "\r\n")
    _check_against_libcst(cst.parse_module(source), source)


@pytest.mark.skipif(not STDLIB.is_dir(), reason="no standard library sources on this machine")
def test_stdlib_sample() -> None:
    sample = _sample()
    assert len(sample) > 20
    for path, module in sample:
        _check_against_libcst(module, module.code)


def test_a_call_not_in_the_module_is_nowhere() -> None:
    module = cst.parse_module("f(1)\n")
    assert Positions(module).locate(cst.Call(func=cst.Name("g"))) == NOWHERE


def test_syntax_cpython_rejects_falls_back_to_libcst_positions() -> None:
    source = "x = 1\ntype X = f(1)\n"  # libcst accepts PEP 695, CPython 3.11 does not
    module = cst.parse_module(source)
    call = walk.calls(module)[0]
    span = Positions(module, source).locate(call)
    assert (span.line, span.column) == (2, 10)
