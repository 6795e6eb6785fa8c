"""Which names in a file refer to Keras, judged from the file's own imports.

A class called ``Dense`` is Keras' only when the file imported it from a Keras
package (``keras``, ``tensorflow.keras``, ``tf_keras``...) or when it is not
bound anywhere else and a Keras module was star-imported. Nothing is imported
to find out: the answer comes from the import statements' text alone.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from .walk import statements

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
        self.local_names: set[str] = set()
        _ImportCollector(self).visit_module_tree(module)

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
        if self.keras_star and isinstance(node, cst.Name) and node.value not in self.local_names:
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
        if node.relative or node.module is None:
            return
        module = dotted_name(node.module) or ""
        if isinstance(node.names, cst.ImportStar):
            self.table.keras_star |= is_keras_path(module)
            return
        for alias in node.names:
            name = dotted_name(alias.name) or ""
            local = name
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
            self.table.aliases[local] = f"{module}.{name}"

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.table.local_names.add(node.name.value)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.table.local_names.add(node.name.value)
