"""``kerascheck diff [BASE [HEAD]] [PATHS]``: the arguments, the two sides, the report.

``BASE`` defaults to the merge base of HEAD with the default branch, ``HEAD``
to the working tree (the files on disk). The leading arguments that name
commits are the revisions (at most two), the rest are paths; ``--`` ends the
revisions explicitly. Only the Python files and notebooks that may use Keras are
predicted.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional, Sequence

from .model_diff import as_json, compare, headline, layer_line
from .revisions import Repository, RevisionError

FORMATS = ("text", "json", "markdown")


def _split(repository: Repository, items: Sequence[str], explicit_paths: Sequence[str]) -> tuple:
    """(revisions, paths): up to two leading items naming commits, then paths."""
    revisions: list = []
    rest = list(items)
    while rest and len(revisions) < 2:
        item = rest[0]
        if repository.commit(item) is None:
            break
        if Path(item).exists():
            raise RevisionError(f"{item!r} is both a revision and a path: put the paths after `--`")
        revisions.append(rest.pop(0))
    for item in rest:
        if not Path(item).exists() and not _looks_like_path(item):
            raise RevisionError(f"unknown revision or path not in the working tree: {item!r}")
    return revisions, [*rest, *explicit_paths]


def _looks_like_path(item: str) -> bool:
    """A deleted file can only be named as a path: ``old/model.py``, ``train.ipynb``."""
    from .files import CHECKED_SUFFIXES

    return item.endswith(CHECKED_SUFFIXES) or "/" in item


def _predict_all(repository: Repository, files: dict, target_keras: Optional[str]) -> dict:
    """``{path: FileResult}`` of ``{path: bytes}``, only files that may use Keras."""
    from .prefilter import may_use_keras
    from .prediction import predict

    return {path: predict(data, repository.root / path, target_keras) for path, data in files.items() if may_use_keras(data)}


def _working_tree(repository: Repository, paths: list) -> dict:
    from .files import MissingPath, discover
    from .prediction import read_file

    try:
        found = list(discover([str(repository.root / path) for path in paths if (repository.root / path).exists()]))
    except MissingPath as missing:
        raise RevisionError(f"no such file or directory: {missing}") from None
    out = {}
    for path in found:
        relative = repository.relative(Path(path))
        if relative.split("/")[0] not in (".git",):
            out[relative] = read_file(Path(path))
    return out


def _at(repository: Repository, commit: str, paths: list) -> dict:
    return {path: repository.read(commit, path) for path in repository.python_files(commit, paths)}


def run_diff(items: Sequence[str], explicit_paths: Sequence[str], output_format: str,
             output_file: Optional[str], target_keras: Optional[str]) -> int:
    """The command: 0 with the report, 2 with a message."""
    from .reporters.common import printable
    from .reporters.output import deliver

    try:
        repository = Repository.around(Path.cwd())
        revisions, paths = _split(repository, items, explicit_paths)
        relative = [repository.relative(Path(path)) for path in paths] or ["."]
        base = repository.resolve(revisions[0]) if revisions else repository.default_base()
        base_label = revisions[0] if revisions else f"merge base {base[:12]}"
        before = _predict_all(repository, _at(repository, base, relative), target_keras)
        if len(revisions) == 2:
            head = repository.resolve(revisions[1])
            after = _predict_all(repository, _at(repository, head, relative), target_keras)
            head_label = revisions[1]
        else:
            after = _predict_all(repository, _working_tree(repository, relative), target_keras)
            head_label = "working tree"
        report = RENDER[output_format](compare(before, after), base_label, head_label)
    except ValueError as error:  # RevisionError, an unreadable file or configuration
        print(f"kerascheck: error: {printable(str(error))}", file=sys.stderr)
        return 2
    except OSError as error:  # a file of the working tree that cannot be read
        print(f"kerascheck: error: {printable(str(error))}", file=sys.stderr)
        return 2
    return deliver(report, output_file)


def _shown(changes: tuple) -> list:
    return [change for change in changes if change.kind != "unchanged"]


def render_text(changes: tuple, base: str, head: str) -> str:
    from .reporters.common import printable

    lines = [f"kerascheck diff: {printable(base)} -> {printable(head)}"]
    shown = _shown(changes)
    for change in shown:
        lines.append(f"{printable(change.path)}: {printable(headline(change))}")
        lines.extend(f"    {printable(layer_line(layer))}" for layer in change.layers)
    if not shown:
        lines.append(f"No model changed ({len(changes)} compared).")
    return "\n".join(lines) + "\n"


def render_json(changes: tuple, base: str, head: str) -> str:
    from .reporters.common import json_text

    return json_text({"base": base, "head": head, "models": [as_json(change) for change in _shown(changes)],
                      "unchanged": sum(1 for change in changes if change.kind == "unchanged")})


def render_markdown(changes: tuple, base: str, head: str) -> str:
    from .reporters.summary_markdown import code, escape

    shown = _shown(changes)
    lines = ["## kerascheck: what this change does to the models", "",
             f"{code(base)} → {code(head)}: {len(shown)} model(s) changed, {len(changes) - len(shown)} unchanged.", ""]
    for change in shown:
        lines += [f"### {code(change.path)}: {escape(headline(change))}", ""]
        if change.layers:
            lines += ["| | Layer (type) | Change |", "|:-:|:--|:--|"]
            lines += [_markdown_row(layer) for layer in change.layers]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _markdown_row(change: object) -> str:
    from .reporters.summary_markdown import code, escape
    from .dims import format_shape
    from .summary import format_count

    layer = change.layer
    mark = {"added": "➕", "removed": "➖", "changed": "✏️"}[change.kind]
    if change.kind == "changed":
        what = "; ".join(f"{escape(field)} {code(a or '(none)')} → {code(b or '(none)')}" for field, a, b in change.fields)
    else:
        what = f"{change.kind}: {code(format_shape(layer.output_shape))}, params {code(format_count(layer.params))}"
    return f"| {mark} | {escape(layer.name)} ({escape(layer.type)}) | {what} |"


RENDER = {"text": render_text, "json": render_json, "markdown": render_markdown}
