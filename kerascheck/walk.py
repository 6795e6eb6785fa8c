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


def keeps_last(compute: Callable[[cst.CSTNode], Any]) -> Callable[[cst.CSTNode], Any]:
    """``compute(root)`` with its last answer kept, for a question several readers ask of the same tree in a row."""
    last: list = [(None, None)]

    @functools.wraps(compute)
    def answer(root: cst.CSTNode) -> Any:
        seen, found = last[0]  # read once: the editor server analyses documents on several threads
        if seen is root:
            return found
        found = compute(root)
        last[0] = (root, found)
        return found

    return answer


def calls(root: cst.CSTNode) -> list:
    """Every ``Call`` below ``root`` (included), in source order.

    The last answer is kept: positions and the checks both ask it of the same module.
    """
    return list(_calls(root))


@keeps_last
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


def statements(root: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """Every statement below ``root``, nested ones included, small ones (``import x``) too.

    Expressions are not entered: no statement lives inside one.
    """
    for node in _walk(root, skip=cst.BaseExpression):
        if isinstance(node, (cst.BaseStatement, cst.BaseSmallStatement)):
            yield node


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
