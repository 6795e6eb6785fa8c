"""A text parsed from its pieces (the editor server's incremental parse) is the whole file's parse.

:mod:`kerascheck.chunks` parses each top-level stretch of statements alone and
assembles one module; these tests hold it to the whole-file parse it
replaces: the same tree (``deep_equals``), the same code back, the same
repairs of statements that do not parse, the same findings and positions,
on every sample, generated program, notebook and conformance case, and on
the edge cases of the cut (decorators, ``;``, comments between and after
statements, tabs, line endings, strings and brackets in the first column).
"""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest

from kerascheck import walk
from kerascheck.chunks import SPACING, ChunkCache
from kerascheck.engine import check_source
from kerascheck.notebooks import read as read_notebook
from kerascheck.parsing import parse

from .programs import generate
from .test_parsing_recovery import CASES as REPAIRED

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted((ROOT / "samples").rglob("*.py")) + sorted((ROOT / "tests" / "conformance_cases").rglob("*.py"))
NOTEBOOKS = sorted((ROOT / "tests" / "notebooks").glob("*.ipynb"))
SEEDS = range(40)

#: (name, source, whether the pieces fit: False where the text must be parsed whole).
EDGES = [
    ("decorators", "@dec\ndef f():\n    pass\n@a\n@b(1,\n  2)\nclass C:\n    x = 1\n", True),
    ("semicolons", "import keras; x = 1\ny = 2; z = 3;\n", True),
    ("comments between and after", "# head\n\nx = 1\n# c\n\n# d\ny = 2  # same line\n# end\n", True),
    ("comments a block owns", "def f():\n    pass\n    # deep\n  # mid\n# top\n\nx = 1\n", True),
    ("indented comments at a piece's end", "x = 1\n   # a\n   # b\ny = 2\n", True),
    ("indented blank line at a piece's end", "x = 1\n   \n   # b\ny = 2\n", True),
    ("tabs", "if a:\n\tx = 1\nif b:\n\ty = 2\n", True),
    ("two-space blocks after plain lines", "x = 1\nif a:\n  y = 2\nz = 3\nfor i in r:\n  pass\n", True),
    ("mixed indentation", "if a:\n  x = 1\nif b:\n\ty = 2\n", False),
    ("CRLF", "import keras\r\n\r\nx = keras.layers.Dense(3)\r\nif x:\r\n    y = 1\r\n", True),
    ("mixed line endings", "x = 1\r\ny = 2\nz = 3\r\n", False),
    ("a lone carriage return", "x = 1\ry = 2\n", False),
    ("no trailing newline", "x = 1\ny = 2", True),
    ("a comment without a trailing newline", "x = 1\n# c", True),
    ("a block without a trailing newline", "x = 1\ndef f():\n    return 2", True),
    ("docstring lines in the first column", '"""Doc.\n\nMore, in the first column.\n"""\nx = 1\n', True),
    ("a long string in the first column", 'x = """\n' + "line\n" * 300 + '"""\ny = 1\n', False),
    ("brackets closed in the first column", "x = f(\n1,\n2)\ny = [\n]\n", True),
    ("a backslash continuation", "x = 1 + \\\n2\ny = 3\n", True),
    ("else, except and finally", "if a:\n    x\nelif b:\n    y\nelse:\n    z\ntry:\n    v\nexcept E:\n    w\nfinally:\n    u\n", True),
    ("the same statement twice", "x = layers.Dense(3)(x)\nx = layers.Dense(3)(x)\n", True),
    ("only a comment", "# just a comment\n", True),
    ("empty", "", True),
    ("shebang and coding lines", "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n\nimport keras\n", True),
    ("a form feed line", "x = 1\n\x0c\ny = 2\n", True),
    ("match", "match x:\n    case [1, *rest]:\n        pass\n    case _:\n        pass\ny = 1\n", True),
    ("async and with", "async def f():\n    async with a as b:\n        await b\nwith c:\n    pass\n", True),
    ("a Python 2 print", "print 'hello'\nimport keras\nx = 1\n", False),
    ("too deeply nested", "x = " + "(" * 250 + ")" * 250 + "\ny = 1\n", False),
    ("a half-typed layer", "model.add(layers.Dense(3\nmodel.add(layers.Dense(4))\n", False),
]


def _notebook_source(path: Path) -> str:
    return read_notebook(path.read_text(encoding="utf-8")).source


SOURCES = (
    [(f"{path.relative_to(ROOT)}", path.read_text(encoding="utf-8")) for path in FILES]
    + [(f"{path.relative_to(ROOT)} (program)", _notebook_source(path)) for path in NOTEBOOKS]
    + [(f"generated seed {seed}", generate(seed).source) for seed in SEEDS]
    + [(f"edge: {name}", source) for name, source, _ in EDGES]
    + [(f"repaired {n}", source) for n, (source, _, _) in enumerate(REPAIRED)]
)


def _whole(source: str) -> object:
    try:
        return cst.parse_module(source)
    except Exception:  # the file does not parse whole: its pieces must not either
        return None


#: Cut at every line that can start a piece (the most cuts: every seam is tested), and as the server does.
SPACINGS = [1, SPACING]


@pytest.mark.parametrize("spacing", SPACINGS)
@pytest.mark.parametrize("name, source", SOURCES, ids=[name for name, _ in SOURCES])
def test_the_pieces_make_the_whole_file(name: str, source: str, spacing: int) -> None:
    whole = _whole(source)
    chunked = ChunkCache(spacing=spacing).parse(source)
    if chunked is None:
        return  # parsed whole: test_the_same_parse_as_a_whole_file_parse compares that path
    module, layout = chunked
    assert whole is not None
    assert module.deep_equals(whole)
    assert module.code == whole.code
    assert [id(node) for node in walk.calls(module)] == [id(node) for node in walk.calls(module, remember=False)]
    assert [id(node) for node in walk.statements(module)] == [id(node) for node in walk.statements(module, remember=False)]
    assert [line for _, line in layout.pieces] == sorted({line for _, line in layout.pieces})


@pytest.mark.parametrize("spacing", SPACINGS)
@pytest.mark.parametrize("name, source", SOURCES, ids=[name for name, _ in SOURCES])
def test_the_same_parse_as_a_whole_file_parse(name: str, source: str, spacing: int) -> None:
    """Through the repairs too: statements that do not parse are blanked the same way."""
    whole, chunked = parse(source), parse(source, ChunkCache(spacing=spacing))
    assert (chunked.source, chunked.problems) == (whole.source, whole.problems)
    assert (chunked.module is None) == (whole.module is None)
    if whole.module is not None:
        assert chunked.module.deep_equals(whole.module)
        assert chunked.module.code == whole.module.code


@pytest.mark.parametrize("name, source, fits", EDGES, ids=[name for name, _, _ in EDGES])
def test_where_the_pieces_fit(name: str, source: str, fits: bool) -> None:
    """The edge cases take the path they are meant to (the fast one wherever it is exact)."""
    assert (ChunkCache(spacing=1).parse(source) is not None) == fits


def test_the_repaired_text_is_parsed_from_pieces() -> None:
    """A file that needs repairs is parsed whole only until it parses: the repaired text is pieced."""
    source = "print 'hello'\nimport keras\nx = keras.layers.Dense(3)\n"
    parsed = parse(source, ChunkCache(spacing=1))
    assert parsed.problems and parsed.layout is not None


#: Edits an editor sends: a layer's argument changed, lines inserted above (every piece after moves).
EDITS = [
    lambda text: text.replace("Dense(10)", "Dense(7)", 1),
    lambda text: text.replace("Dense(10)", "Dense(12)", 1),
    lambda text: "# a new first line\n\n" + text,
    lambda text: text.replace("\nmodel", "\nunused = 1\nmodel", 1),
    lambda text: text,
]
EDITED = [(path.name, path.read_text(encoding="utf-8")) for path in FILES if "Dense(10)" in path.read_text(encoding="utf-8")]


@pytest.mark.parametrize("name, source", EDITED, ids=[name for name, _ in EDITED])
def test_an_edit_finds_what_a_fresh_analysis_finds(name: str, source: str) -> None:
    """The editor's sequence (open, then edits, one cache): every result, positions included, is a fresh check's."""
    pieces = ChunkCache(spacing=1)
    for edit in EDITS:
        text = edit(source)
        assert check_source(text, "m.py", pieces=pieces) == check_source(text, "m.py")


def test_an_edit_reparses_only_its_piece() -> None:
    before = "import keras\nx = keras.Input((8,))\ny = keras.layers.Dense(3)(x)\nz = keras.layers.Dense(4)(y)\n"
    after = before.replace("Dense(3)", "Dense(5)")
    pieces = ChunkCache(spacing=1)
    first, _ = pieces.parse(before)
    second, _ = pieces.parse(after)
    assert [a is b for a, b in zip(first.body, second.body)] == [True, True, False, True]


def test_a_statement_written_twice_is_two_nodes() -> None:
    """The analysis keys its state by node identity within a module: no node is in it twice."""
    source = "x = layers.Dense(3)(x)\nx = layers.Dense(3)(x)\n"
    pieces = ChunkCache(spacing=1)
    for _ in range(2):
        module, _ = pieces.parse(source)
        assert module.body[0] is not module.body[1]
        assert len({id(node) for node in walk.calls(module)}) == 4


def test_reused_pieces_are_located_on_their_new_lines() -> None:
    source = "import keras\nx = keras.Input((8,))\ny = keras.layers.Dense(3)(x)\nmodel = keras.Model(x, y)\n"
    pieces = ChunkCache(spacing=1)
    check_source(source, "m.py", pieces=pieces)
    moved = check_source("# one more line\n" + source, "m.py", pieces=pieces)
    assert [layer.span.line for layer in moved.models[0].layers] == [3, 4]


def test_the_cache_is_bounded() -> None:
    source = "import keras\n" + "".join(f"x{n} = keras.layers.Dense({n})\n" for n in range(50))
    pieces = ChunkCache(spare=10, spacing=1)
    for units in range(100):
        pieces.parse(source.replace("Dense(25)", f"Dense({units + 100})"))
    assert len(pieces._known) <= 51 + 10


def test_a_notebook_program_is_pieced() -> None:
    assert ChunkCache().parse(_notebook_source(NOTEBOOKS[0])) is not None


def test_the_server_hands_each_document_its_cache() -> None:
    from kerascheck.server.analysis import analyse
    from kerascheck.settings import Settings

    source = "import keras\nx = keras.Input((8,))\ny = keras.layers.Dense(3)(x)\nmodel = keras.Model(x, y)\n"
    edited = source.replace("Dense(3)", "Dense(5)")
    _, pieces = analyse(source, 1, "m.py", Settings())
    snapshot, kept = analyse(edited, 2, "m.py", Settings(), pieces)
    assert kept is pieces
    assert snapshot.result == check_source(edited, "m.py")


@pytest.mark.parametrize("edit", [
    lambda text: text.replace("Dense(17)", "Dense(18)"),  # an argument changed
    lambda text: text.replace("x17 = ", "extra = 1\nx17 = "),  # a line inserted: every line below moves
])
def test_an_edit_moves_no_other_cut(edit: object) -> None:
    """At the server's spacing, a cut depends on its own line only: an edit re-parses one or two pieces."""
    source = "import keras\n" + "".join(f"x{n} = keras.layers.Dense({n})(x{n - 1})\n" for n in range(1, 60))
    pieces = ChunkCache()
    _, before = pieces.parse(source)
    _, after = pieces.parse(edit(source))
    kept = {id(piece) for piece, _ in before.pieces}
    assert len(before.pieces) > 5
    assert sum(id(piece) not in kept for piece, _ in after.pieces) <= 2
