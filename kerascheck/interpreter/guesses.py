"""Names that come from nowhere: a snippet's missing imports, read as the Keras names they spell.

Keras code is often pasted without its imports (a question, a tutorial
fragment, a notebook cell that relies on an earlier one):
``model = Sequential(); model.add(Conv2D(32, (3, 3), input_shape=(64, 64, 3)))``.
Python could run such code only with those names imported from Keras, so a
name the file binds nowhere (no import, assignment, definition, parameter...
in any scope: :meth:`~kerascheck.imports.ImportTable.is_free`) that spells a
Keras layer, model class or function kerascheck models is read as that Keras
name, and the summary and the JSON say so (a note per name). A name the file
binds, even as something else, is never read this way. A star import of a
module kerascheck cannot see into does not count as binding a name (it may or
may not define it); a star import of one it knows does (:data:`_STAR_EXPORTS`).

Findings on a guessed name are reported as usual: the note states the guess,
and it is what Python needs to run the code at all. Only where a star import of
a module kerascheck cannot see into might define the name otherwise does an
error at the call of that name become a warning (:func:`hedged`).
"""

from __future__ import annotations

from typing import Container, Optional

import libcst as cst

from ..imports import ImportTable
from ..layers.registry import lookup
from .library.keras import MERGE_FUNCTIONS

#: Keras names that are not layers of the catalogue, and where each one lives.
_OTHER_NAMES = {
    "Sequential": "keras.models.Sequential",
    "Model": "keras.models.Model",
    "Input": "keras.layers.Input",
    "InputLayer": "keras.layers.InputLayer",
    "Layer": "keras.layers.Layer",
    "to_categorical": "keras.utils.to_categorical",
    **{name: f"keras.layers.{name}" for name in MERGE_FUNCTIONS},
}
#: Keras 1's merges of tensors and of Sequential branches (``merge([a, b], mode="concat")``).
_KERAS1_NAMES = {"merge": "keras.layers.merge", "Merge": "keras.layers.Merge"}
#: ``pad_sequences`` moved to ``keras.utils`` in Keras 3.
_PAD_SEQUENCES = {3: "keras.utils.pad_sequences"}



class _EveryName:
    """What a star import of PyTorch binds, as far as Keras names go: any of them
    (``Sequential``, ``Dropout``, ``LSTM``, ``Embedding``... are ``torch.nn``'s too)."""

    def __contains__(self, name: object) -> bool:
        return True


#: Star-imported modules kerascheck knows to export names that Keras also has: NumPy's
#: ``concatenate``, ``add``, ``dot``...; PyTorch's layers and containers.
_NUMPY_EXPORTS = frozenset(MERGE_FUNCTIONS)
_STAR_EXPORTS: dict = {"numpy": _NUMPY_EXPORTS, "pylab": _NUMPY_EXPORTS, "torch": _EveryName()}


def keras_path(name: str, generation: Optional[int]) -> Optional[str]:
    """Where the Keras of ``generation`` (any, when None) has ``name``: None when it is not a
    name kerascheck reads as Keras'."""
    spec = lookup(name, generation)
    if spec is not None:
        return f"keras.{'applications' if spec.group == 'applications' else 'layers'}.{name}"
    if name == "pad_sequences":
        return _PAD_SEQUENCES.get(generation or 3, "keras.preprocessing.sequence.pad_sequences")
    if name in _KERAS1_NAMES and generation in (1, None):
        return _KERAS1_NAMES[name]
    return _OTHER_NAMES.get(name)


def guess(node: cst.BaseExpression, imports: ImportTable, generation: Optional[int]) -> Optional[str]:
    """The Keras name a bare name the file never binds is read as, else None."""
    if not isinstance(node, cst.Name) or keras_path(node.value, generation) is None:
        return None
    if not imports.is_free(node.value) or _star_exported(node.value, imports):
        return None
    return node.value


def note(name: str, generation: Optional[int]) -> str:
    """What the summary says about a guessed name."""
    return f"`{name}` is not imported; read as `{keras_path(name, generation)}`"


def hedged(findings: list, imports: ImportTable, generation: int) -> list:
    """``(code, level, message, node)`` findings, an error at the call of a guessed name made a
    warning when a star import of a module kerascheck cannot see into (``from mylib import *``)
    may define that name: the error holds only if the name is Keras'."""
    unknown = [module for module in imports.other_stars if _known_exports(module) is None]
    if not unknown:
        return findings
    out = []
    for code, level, message, node in findings:
        func = getattr(node, "func", None)
        name = guess(func, imports, generation) if level == "error" and isinstance(func, cst.Name) else None
        if name is not None:
            level = "warning"
            message += f" (if `{name}` is `{keras_path(name, generation)}`, as read: `from {unknown[0]} import *` may define it)"
        out.append((code, level, message, node))
    return out


def _known_exports(module: str) -> Optional[Container[str]]:
    """The Keras names a star import of ``module`` binds (:data:`_STAR_EXPORTS`); None for a module kerascheck cannot see into."""
    return next((exports for known, exports in _STAR_EXPORTS.items() if module == known or module.startswith(known + ".")), None)


def _star_exported(name: str, imports: ImportTable) -> bool:
    return any(exports is not None and name in exports for exports in map(_known_exports, imports.other_stars))
