"""What several formats share: how each spells a severity, where the repository
root is, how a path is shown relative to it, and a rule's help text.

Kept in one place so that the formats cannot drift apart: a warning is a
``warning`` in SARIF, a ``::warning`` on GitHub and ``minor`` on GitLab
everywhere, and every format names a file the same way.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Mapping, Optional

from ..rules import RULES, Rule


@dataclass(frozen=True)
class Level:
    """One severity as each output format spells it."""

    sarif: str
    github: str
    gitlab: str
    #: ANSI SGR parameters for the code on a terminal.
    color: str


LEVELS: Mapping[str, Level] = {
    "error": Level(sarif="error", github="error", gitlab="major", color="1;31"),
    "warning": Level(sarif="warning", github="warning", gitlab="minor", color="1;33"),
    "info": Level(sarif="note", github="notice", gitlab="info", color="1;36"),
}


def level(severity: str) -> Level:
    """How a severity is spelled; an unknown severity is treated as an error."""
    return LEVELS.get(severity, LEVELS["error"])


@dataclass(frozen=True)
class Context:
    """What a reporter may need beyond the results, decided by the caller.

    ``color`` is decided once by the CLI (terminal, ``NO_COLOR``,
    ``FORCE_COLOR``); ``root`` anchors the relative paths of SARIF, GitHub and
    GitLab (``None``: the git root above the working directory, else the
    working directory); ``sources`` holds text that is not on disk, such as a
    file read from stdin (as bytes, decoded like a file), for the formats that quote source lines;
    ``targets`` the Keras each file was checked against, by path, when the project decided it;
    ``rule_docs`` the run's ``rule-docs-url`` template (``rule_links.py``), None when not configured.
    """

    color: bool = False
    root: Optional[Path] = None
    sources: Mapping[str, bytes] = field(default_factory=dict)
    targets: Mapping[str, Any] = field(default_factory=dict)
    rule_docs: Optional[str] = None
    #: ``summary --cost``: the batch size the costs are for; None: no costs.
    cost_batch: Optional[int] = None
    #: ``summary --diagram``: a Mermaid diagram of each model (Markdown).
    diagram: bool = False

    def target(self, result: Any) -> Any:
        """The Keras a file's numbers are for (a ``target.Target``): the engine's word if it gave one,
        else the project's, else the default."""
        from ..target import DEFAULT

        return getattr(result, "target", None) or self.targets.get(result.path) or DEFAULT

    def repository_root(self) -> Path:
        return self.root if self.root is not None else find_root(Path.cwd())

    def source(self, path: str) -> Optional[str]:
        """The text of a checked file (of a notebook: the program its code cells make), or ``None``
        when it cannot be read."""
        from ..notebooks import NotANotebook, is_notebook, read
        from ..parsing import UnreadableSource, decode

        try:
            data = self.sources[path] if path in self.sources else Path(path).read_bytes()
            if is_notebook(path):
                program = read(data.decode("utf-8-sig"))
                return None if program is None else program.source
            return decode(data)
        except (OSError, UnreadableSource, UnicodeDecodeError, NotANotebook):
            return None


PLAIN = Context()


def find_root(start: Path) -> Path:
    """The nearest directory at or above ``start`` holding ``.git`` (a checkout or a worktree), else ``start``.

    Found without running git, so it costs a few ``stat`` calls and works where
    git is not installed.
    """
    start = start.resolve()
    for directory in (start, *start.parents):
        if (directory / ".git").exists():
            return directory
    return start


def relative_path(path: str, root: Path) -> str:
    """``path`` relative to ``root`` with forward slashes; absolute when outside it."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return absolute.as_posix()


# -- positions: a notebook's findings are in cells (kerascheck.notebooks.CellMap) ----------


def position(result: Any, span: Any) -> str:
    """``line:column`` of a span as people read it; ``cell 4:3:11`` in a notebook
    (cells counted from 1, markdown ones included; the line and column within the cell)."""
    if result.cells is None:
        return f"{span.line}:{span.column}"
    cell, inner = result.cells.in_cell(span)
    return f"cell {cell}:{inner.line}:{inner.column}"


def in_cell(result: Any, span: Any) -> tuple:
    """``(cell number, span within the cell)`` in a notebook; ``(None, span)`` in a file."""
    return (None, span) if result.cells is None else result.cells.in_cell(span)


def file_span(result: Any, span: Any) -> Any:
    """The span in the file as stored, for the tools that know files but not cells (SARIF,
    GitHub, GitLab): in a notebook, where the line is written in the ``.ipynb`` JSON text."""
    return span if result.cells is None else result.cells.in_file(span)


def models_by_cell(result: Any) -> Iterator[tuple]:
    """``(cell number, models)`` in the order of the cells; one ``(None, all models)`` for a file.

    A notebook's model is shown once, under the cell whose code creates it.
    """
    if result.cells is None:
        if result.models:
            yield None, list(result.models)
        return
    cells: dict = {}
    for model in result.models:
        cells.setdefault(result.cells.in_cell(model.span)[0], []).append(model)
    yield from sorted(cells.items())


def findings(results: list) -> Iterator[tuple]:
    """Every ``(file result, diagnostic)`` pair, in the order they are reported."""
    for result in results:
        for diagnostic in result.diagnostics:
            yield result, diagnostic


def rule_for(code: str) -> Rule:
    """The rule documenting ``code``; a code missing from the catalogue gets a stub, never a crash."""
    found = RULES.get(code)
    if found is not None:
        return found
    return Rule(code, code.lower(), "error", what=f"{code}.", why="")


def rule_help(rule: Rule) -> tuple:
    """The rule's documentation as ``(plain text, Markdown)``, from its docs in ``rules.py``."""
    text = [rule.what]
    markdown = [rule.what]
    if rule.why:
        text.append(rule.why)
        markdown.append(rule.why)
    if rule.how_to_fix:
        text.append(f"How to fix: {rule.how_to_fix}")
        markdown.append(f"**How to fix:** {rule.how_to_fix}")
    for title, code in (("Example", rule.example), ("Fixed", rule.fix)):
        if code:
            text.append(f"{title}:\n{code}")
            markdown.append(f"{title}:\n\n```python\n{code}```")
    return "\n\n".join(text), "\n\n".join(markdown)


# -- escaping: what came from the checked tree never controls the terminal -------------

#: C0 and C1 controls, DEL, line and paragraph separators, bidirectional
#: overrides and isolates ("Trojan source"), and lone surrogates (bytes of a
#: file name that is not valid UTF-8, as the OS gives them).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape(match: "re.Match") -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the original byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, keep: str = "") -> str:
    """``text`` safe on a terminal and on one line: control characters, bidi
    overrides and undecodable bytes shown as ``\\x1b``, ``\\u202e``, ``\\xff``.

    Every human-readable format passes paths, messages, names and quoted
    source through this, so a file name, a source line or a cache entry can
    neither move the cursor, recolor the terminal, nor fake a report line.
    ``keep``: characters left as they are (a tab in a quoted source line).
    """
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda m: m.group() if m.group() in keep else _escape(m), text)


def escape_surrogates(text: str) -> str:
    """Only the undecodable bytes of file names escaped (``\\xff``), for machine formats
    that carry control characters their own way."""
    return _SURROGATE.sub(_escape, text) if _SURROGATE.search(text) else text


def printable_model(model: Any) -> Any:
    """A model record with its names, notes and sources escaped, for the summary tables."""
    layers = tuple(
        dataclasses.replace(
            layer,
            name=printable(layer.name),
            type=printable(layer.type),
            note=printable(layer.note),
            formula=printable(layer.formula),
            connected_to=tuple(printable(item) for item in layer.connected_to),
        )
        for layer in model.layers
    )
    return dataclasses.replace(
        model, name=printable(model.name), type=printable(model.type), layers=layers, notes=tuple(printable(note) for note in model.notes)
    )


def json_text(document: Any) -> str:
    """JSON as the machine-readable formats print it: UTF-8 kept, lone surrogates
    (undecodable bytes of a file name) written as ``\\udcff`` escapes, so the
    document always encodes and decodes back to the same strings."""
    text = json.dumps(document, indent=2, ensure_ascii=False)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"
