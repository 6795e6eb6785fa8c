"""The facts about a file that everything else reads, decided once before the walk.

Like LibCST's metadata providers, these are computed once per file and
consumed by the interpreter, the catalogue and the checks alike, so that no
two parts of kerascheck can disagree about them: which Keras the file is
checked against (and why), the image data format it starts with, the names
its imports bind (and which names the file binds nowhere: a snippet's missing
imports, read as Keras', see :mod:`.guesses`), and the layers the project declares.

Which Keras, from the first source that says it (issue 13): the project's
target (``--target-keras``, ``keras-version``, the declared dependencies),
then the file's own spellings *by meaning*: a keyword is a Keras 1 sign only
on a class whose Keras 2+ signature does not have it (``output_dim=`` on
``Dense``, not on ``Embedding``), and ``Convolution2D(32, 5, 5)`` only when
the third positional argument is a second kernel size. A Keras 2 or 3
spelling never makes a file Keras 1. Otherwise Keras 3.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional

import libcst as cst

from .. import walk
from ..imports import ImportTable
from ..layers.registry import LEGACY_RENAMES, LayerSpec, lookup
from ..settings import Settings
from ..target import DEFAULT, Target
from ..target.keywords import rejected_keywords
from . import guesses

#: Keras 1 convolution classes and how many positional kernel sizes they took
#: after ``nb_filter`` (``Convolution2D(32, 5, 5)``: rows, then columns).
_KERAS1_KERNEL_ARITY = {"Convolution2D": 2, "Convolution3D": 3, "AtrousConvolution2D": 2, "Deconvolution2D": 2}

#: Keras 1's merges of models and tensors (``Merge([left, right], mode="concat")``), gone in Keras 2.
_KERAS1_MERGES = frozenset({"Merge", "merge"})

#: The Keras 1 target a file's own spellings decide.
KERAS1_FROM_FILE = Target((1,), "from the file's Keras 1 spellings", "keras")


@dataclass(frozen=True)
class FileContext:
    """What is decided once per file, before anything is interpreted."""

    imports: ImportTable
    target: Target
    #: ``channels_last`` unless the project says otherwise (the file may change it as it runs).
    image_data_format: str = "channels_last"
    #: The project's declared layers: name -> LayerSpec.
    declared_layers: dict = field(default_factory=dict)
    #: The first Keras 1 spelling found, for the note saying why (None when the target came from elsewhere).
    keras1_sign: Optional[str] = None
    #: Seconds the interpretation may take (Settings.time_budget); None: no limit.
    time_budget: Optional[float] = None
    #: Whether each layer's FLOPs are computed (Settings.costs).
    costs: bool = False
    #: Whether the project chose the target (command line, configuration, dependencies).
    target_decided: bool = False

    @property
    def generation(self) -> int:
        return self.target.generation

    def guess(self, node: cst.BaseExpression) -> Optional[str]:
        """The Keras name that a name the file binds nowhere is read as (``Conv2D`` never
        imported), for this file's Keras; None for any other expression."""
        return guesses.guess(node, self.imports, self.generation)

    def guess_note(self, name: str) -> str:
        """What the summary says about a guessed name (``Conv2D`` is not imported; read as...)."""
        return guesses.note(name, self.generation)

    def rejected_keywords(self, spec: LayerSpec, keys: Iterable[str]) -> list:
        """The keywords of ``keys`` this file's Keras certainly rejects in ``spec``'s constructor."""
        return [key for key, _ in rejected_keywords(spec, keys, self.target, self.target_decided)]

    @classmethod
    def build(cls, module: cst.Module, settings: Settings) -> "FileContext":
        from ..custom_layers import specs

        imports = ImportTable(module)
        target, sign = settings.target, None
        if target is None:
            sign = keras1_sign(module, imports)
            target = KERAS1_FROM_FILE if sign else DEFAULT
        return cls(imports, target, settings.image_data_format, specs(settings.custom_layers), sign, settings.time_budget,
                   settings.costs, settings.target is not None)


def keras1_sign(module: cst.Module, imports: ImportTable) -> Optional[str]:
    """The first spelling that only Keras 1 understands, as source text; None when there is none.
    A name never imported counts as the Keras name it spells (``Convolution2D(32, 3, 3)`` in a snippet)."""
    for call in walk.calls(module):
        member = imports.keras_member(call.func) or guesses.guess(call.func, imports, None)
        if member in _KERAS1_MERGES and any(arg.keyword is not None and arg.keyword.value == "mode" for arg in call.args):
            return f"{member}(..., mode=...)"
        spec = lookup(member) if member else None
        if spec is None:
            continue
        for arg in call.args:
            keyword = arg.keyword.value if arg.keyword is not None else None
            if keyword in LEGACY_RENAMES and not spec.accepts(keyword):
                return f"{member}({keyword}=...)"
        if _keras1_kernel(member, call):
            return f"{member}(filters, rows, columns)"
    return None


def _keras1_kernel(member: str, call: cst.Call) -> bool:
    """``Convolution2D(32, 5, 5)``: after the filters, as many bare integers as the kernel has axes."""
    arity = _KERAS1_KERNEL_ARITY.get(member)
    if arity is None:
        return False
    positional = [arg.value for arg in call.args if arg.keyword is None and not arg.star]
    kernel = positional[1:1 + arity]
    return len(kernel) == arity and all(isinstance(value, (cst.Integer, cst.Name)) for value in kernel)
