"""Which names a file binds, judged against Python's own symbol table.

``bound_names`` decides which names come from nowhere (a snippet's missing
imports, read as Keras'): it must find every name Python's compiler sees
assigned, imported, a parameter or declared global/nonlocal, in any scope,
and nothing else. ``symtable`` is the judge, over the standard library and
constructs written to cover every binding form.
"""

from __future__ import annotations

import re
import symtable
import sysconfig
from pathlib import Path

import libcst as cst
import pytest

from kerascheck.imports import ImportTable, bound_names

STDLIB = Path(sysconfig.get_paths()["stdlib"])
EVERY_BINDING = '''
import a.b, c as d
from e import f, g as h
from i import *
from . import j
x = y = 1
k, (l, *m) = n
o: int = 1
p: int
q += 1
r[0] = s.t = 1
del u
for v, w in z: pass
with open() as aa, open() as (bb, cc): pass
try: pass
except E as dd: pass
[ee for ee in ff if (gg := ee)]
lambda hh, *ii, jj=1, **kk: hh
def ll(mm, /, nn, *, oo): global pp; nonlocal_free = 1
class qq: rr = 1
def outer():
    ss = 1
    def inner():
        nonlocal ss
match tt:
    case [uu, *vv]: pass
    case {"k": ww, **xx}: pass
    case yy.zz(aaa) | [bbb as ccc]: pass
'''


def _compiler_view(source: str) -> set:
    """Every name the compiler's symbol table binds, in any scope (private names unmangled)."""
    found = set()

    def walk(table: symtable.SymbolTable) -> None:
        for symbol in table.get_symbols():
            bound = symbol.is_assigned() or symbol.is_imported() or symbol.is_parameter()
            if bound or symbol.is_declared_global() or symbol.is_nonlocal():
                found.add(symbol.get_name())
        for child in table.get_children():
            walk(child)

    walk(symtable.symtable(source, "<test>", "exec"))
    return {name for name in found if not name.startswith(".")}  # ``.0``: a comprehension's hidden argument


#: A class's private names as the compiler mangles them (``_Field__write``) and as written (``__write``).
_MANGLED = re.compile(r"_[^_]\w*?__[^_]\w*")
_PRIVATE = re.compile(r"__\w*[^_]_?")


def _sample(step: int = 9) -> list:
    return sorted(p for p in STDLIB.glob("*.py") if p.stat().st_size < 60_000)[::step]


def test_every_binding_form() -> None:
    assert set(bound_names(cst.parse_module(EVERY_BINDING))) == _compiler_view(EVERY_BINDING)


@pytest.mark.parametrize("path", _sample(), ids=lambda p: p.name)
def test_standard_library_modules(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    ours = {name for name in bound_names(cst.parse_module(source)) if not _PRIVATE.fullmatch(name)}
    assert ours == {name for name in _compiler_view(source) if not _MANGLED.fullmatch(name)}


def test_a_star_import_binds_nothing_known() -> None:
    table = ImportTable(cst.parse_module("from mylib import *\nfrom keras.layers import *\n"))
    assert table.is_free("Dense")
    assert table.other_stars == ["mylib"] and table.keras_star
