"""Which names in a file refer to Keras, judged from the file's own imports.

A class called ``Dense`` is Keras' only when the file imported it from a Keras
package (``keras``, ``tensorflow.keras``, ``tf_keras``...) or when it is not
bound anywhere else and a Keras module was star-imported. Nothing is imported
to find out: the answer comes from the import statements' text alone.

Which names the file binds anywhere (:func:`bound_names`) is also what tells a
snippet's missing imports apart from its own names (``interpreter.guesses``).
"""

from __future__ import annotations

from typing import Iterator, Optional

import libcst as cst

from .walk import every_node, statements

#: Qualified-name prefixes under which Keras lives, in every era.
KERAS_ROOTS = (
    "keras",
    "tensorflow.keras",
    "tensorflow.python.keras",
    "tensorflow.contrib.keras",
    "tf_keras",
)


def dotted_name(node: cst.BaseExpression) -> Optional[str]:
    """``a.b.c`` for a Name/Attribute chain, else None."""
    parts = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if not isinstance(node, cst.Name):
        return None
    parts.append(node.value)
    return ".".join(reversed(parts))


def is_keras_path(qualified: str) -> bool:
    return any(qualified == root or qualified.startswith(root + ".") for root in KERAS_ROOTS)


class ImportTable:
    """Local name -> qualified name, from every import statement in a module."""

    def __init__(self, module: cst.Module) -> None:
        self.aliases: dict[str, str] = {}
        self.keras_star = False
        #: Modules other than Keras' that the file star-imports (``from mylib import *``).
        self.other_stars: list[str] = []
        self._module = module
        self._bound: Optional[frozenset] = None
        _ImportCollector(self).visit_module_tree(module)

    @property
    def bound_names(self) -> frozenset:
        """Every name the module binds, in any scope (:func:`bound_names`), found on first use:
        only a name that neither an import nor the running code explains needs it."""
        if self._bound is None:
            self._bound = bound_names(self._module)
        return self._bound

    def is_free(self, name: str) -> bool:
        """Bound nowhere in the file (a star import of another module does not count)."""
        return name not in self.aliases and name not in self.bound_names

    def qualify(self, node: cst.BaseExpression) -> Optional[str]:
        """The fully qualified dotted name an expression refers to, if imported."""
        dotted = dotted_name(node)
        if dotted is None:
            return None
        head, _, rest = dotted.partition(".")
        base = self.aliases.get(head)
        if base is None:
            return None
        return f"{base}.{rest}" if rest else base

    def keras_member(self, node: cst.BaseExpression) -> Optional[str]:
        """The last name of a Keras path (``Conv2D`` for ``tf.keras.layers.Conv2D``).

        Names bound nowhere in the file count as Keras' when a Keras module was
        star-imported; the caller still checks that the name is a known one.
        """
        qualified = self.qualify(node)
        if qualified is not None:
            return qualified.rsplit(".", 1)[-1] if is_keras_path(qualified) else None
        if self.keras_star and isinstance(node, cst.Name) and node.value not in self.bound_names:
            return node.value
        return None


class _ImportCollector(cst.CSTVisitor):
    def __init__(self, table: ImportTable) -> None:
        self.table = table

    def visit_module_tree(self, module: cst.Module) -> None:
        # Imports and definitions are statements: a statement walk finds them
        # all, several times faster than ``module.visit`` (see ``walk``).
        for node in statements(module):
            handler = getattr(self, "visit_" + type(node).__name__, None)
            if handler is not None:
                handler(node)

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            full = dotted_name(alias.name) or ""
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self.table.aliases[alias.asname.name.value] = full
            else:
                head = full.split(".", 1)[0]
                self.table.aliases.setdefault(head, head)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        module = dotted_name(node.module) if node.module is not None else ""
        if isinstance(node.names, cst.ImportStar):
            if node.relative or not is_keras_path(module):  # ``from .helpers import *``: the project's own
                self.table.other_stars.append("." * len(node.relative) + (module or ""))
            else:
                self.table.keras_star = True
            return
        if node.relative or not module:
            return
        for alias in node.names:
            name = dotted_name(alias.name) or ""
            local = name
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
            self.table.aliases[local] = f"{module}.{name}"


#: Where each kind of node binds a name (or a tuple of names): ``for x in``, ``as x``,
#: ``def x``, ``x := ``, a parameter, ``global x``, a ``match`` capture...
_BINDING_FIELDS = {
    cst.AssignTarget: "target", cst.AnnAssign: "target", cst.AugAssign: "target", cst.For: "target",
    cst.CompFor: "target", cst.NamedExpr: "target", cst.Del: "target", cst.AsName: "name",
    cst.FunctionDef: "name", cst.ClassDef: "name", cst.Param: "name", cst.NameItem: "name",
    cst.MatchAs: "name", cst.MatchStar: "name", cst.MatchMapping: "rest",
    cst.TypeVar: "name", cst.TypeVarTuple: "name", cst.ParamSpec: "name",
}


def bound_names(module: cst.Module) -> frozenset:
    """Every name ``module`` binds, in any scope: what Python's symbol table calls assigned,
    imported, a parameter or declared global (``tests/test_imports.py`` compares the two).
    A star import binds nothing that can be known."""
    found = set()
    for node in every_node(module):
        kind = type(node)
        if kind is cst.ImportAlias and node.asname is None:  # ``import a.b`` binds ``a``
            found.add((dotted_name(node.name) or "").split(".", 1)[0])
            continue
        field = _BINDING_FIELDS.get(kind)
        if field is not None:
            found.update(_target_names(getattr(node, field)))
    return frozenset(found)


def _target_names(target: object) -> Iterator[str]:
    """The names an assignment target binds (``a``, ``a, (b, *c)``; not ``a.b`` or ``a[0]``)."""
    if isinstance(target, cst.Name):
        yield target.value
    elif isinstance(target, (cst.Tuple, cst.List)):
        for element in target.elements:
            yield from _target_names(element.value)
    elif isinstance(target, cst.StarredElement):
        yield from _target_names(target.value)
