"""Fast source-order walks over a libcst tree, without libcst's visitor machinery.

``module.visit(visitor)`` rebuilds every node it passes (a dataclass
construction with validation per node), costing about as much as parsing the
file again. The few questions we ask of a whole tree (every call, every
statement) only need to read it: these walks follow the nodes' fields in
source order, skipping the whitespace and punctuation fields, several times
faster. ``tests/test_walk.py`` checks them against libcst's own visitor.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from typing import Any, Callable, Iterator

import libcst as cst

#: Fields whose source order differs from their dataclass order (the other
#: fields follow the dataclass order); only fields that can hold code matter.
_SOURCE_ORDER = {
    cst.IfExp: ("body", "test", "orelse"),
    cst.FunctionDef: ("decorators", "type_parameters", "params", "returns", "body"),
    cst.ClassDef: ("decorators", "type_parameters", "bases", "keywords", "body"),
    cst.Parameters: ("posonly_params", "params", "star_arg", "kwonly_params", "star_kwarg"),
    cst.MatchCase: ("pattern", "guard", "body"),
    cst.ExceptHandler: ("type", "name", "body"),
    cst.Arg: ("keyword", "value"),
}

#: Fields that hold only whitespace or punctuation: never code.
_PUNCTUATION = re.compile(
    r"whitespace.*|lpar|rpar|lbracket|rbracket|lbrace|rbrace|comma|semicolon|colon|first_colon|second_colon"
    r"|equal|dot|operator|leading_lines|lines_after_decorators|header|footer|trailing_whitespace"
    r"|asynchronous|star|posonly_ind|relative|newline|trailing_comma|conversion"
)

_FIELD_CACHE: dict = {}


#: The answers for the last few roots: ``(question, id(root)) -> (root, answer)``. The
#: interpreter's context, the positions and the checks ask the same module's calls; a module
#: assembled from pieces (:mod:`.chunks`) is told its answers (:func:`known`). Dictionary reads and
#: writes are atomic: the editor server analyses documents on several threads, and a lost entry is
#: computed again.
_answers: dict = {}
#: Answers kept; when full, all are dropped (one analysis asks about a few roots at a time).
_KEPT = 32


def _remembered(question: str, root: cst.CSTNode, compute: Callable[[cst.CSTNode], Any], remember: bool) -> Any:
    found = _answers.get((question, id(root)))
    if found is not None and found[0] is root:
        return found[1]
    answer = compute(root)
    if remember:
        if len(_answers) >= _KEPT:
            _answers.clear()
        _answers[(question, id(root))] = (root, answer)
    return answer


def keeps_last(compute: Callable[[cst.CSTNode], Any]) -> Callable[[cst.CSTNode], Any]:
    """``compute(root)`` with its answers for the last roots kept, for a question several readers ask of the same tree in a row."""
    question = f"{compute.__module__}.{compute.__qualname__}"

    @functools.wraps(compute)
    def answer(root: cst.CSTNode) -> Any:
        return _remembered(question, root, compute, True)

    return answer


def known(root: cst.CSTNode, calls: list, statements: list) -> None:
    """``calls(root)`` and ``statements(root)`` will answer these (a module assembled from
    pieces whose walks are known, :mod:`.chunks`), unless forgotten."""
    if len(_answers) >= _KEPT - 1:
        _answers.clear()
    _answers[("calls", id(root))] = (root, calls)
    _answers[("statements", id(root))] = (root, statements)


def calls(root: cst.CSTNode, remember: bool = True) -> list:
    """Every ``Call`` below ``root`` (included), in source order.

    ``remember=False``: for a root walked once by a caller that keeps the answer (a piece, :mod:`.chunks`).
    """
    return list(_remembered("calls", root, _calls, remember))


def _calls(root: cst.CSTNode) -> list:
    found = []
    stack = [root]
    node_type = cst.CSTNode
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is cst.Call:
            found.append(node)
        children = []
        for name in _FIELD_CACHE.get(kind) or _fields(kind):
            value = getattr(node, name)
            if isinstance(value, node_type):
                children.append(value)
            elif value.__class__ in (tuple, list):
                children.extend(item for item in value if isinstance(item, node_type))
        children.reverse()
        stack += children
    return found


def statements(root: cst.CSTNode, remember: bool = True) -> list:
    """Every statement below ``root``, nested ones included, small ones (``import x``) too, in source order.

    Expressions are not entered: no statement lives inside one. ``remember``: as for :func:`calls`.
    """
    return list(_remembered("statements", root, _statements, remember))


def _statements(root: cst.CSTNode) -> list:
    return [node for node in _walk(root, skip=cst.BaseExpression) if isinstance(node, (cst.BaseStatement, cst.BaseSmallStatement))]


def every_node(root: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """Every node below ``root`` (included), expressions too, in source order."""
    return _walk(root, skip=())


def _walk(root: cst.CSTNode, skip: tuple) -> Iterator[cst.CSTNode]:
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        children = []
        for name in _fields(type(node)):
            value = getattr(node, name)
            if isinstance(value, cst.CSTNode):
                children.append(value)
            elif isinstance(value, (tuple, list)):
                children.extend(item for item in value if isinstance(item, cst.CSTNode))
        children.reverse()
        stack.extend(child for child in children if not isinstance(child, skip))


def _fields(kind: type) -> tuple:
    names = _FIELD_CACHE.get(kind)
    if names is None:
        declared = [field.name for field in dataclasses.fields(kind) if not _PUNCTUATION.fullmatch(field.name)]
        ordered = _SOURCE_ORDER.get(kind, ())
        names = tuple(name for name in ordered if name in declared) + tuple(n for n in declared if n not in ordered)
        _FIELD_CACHE[kind] = names
    return names
