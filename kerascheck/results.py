"""What checking a file produces: models with per-layer predictions, and findings.

Plain frozen data: every output format (text, JSON, SARIF, the editor) is a
function of these records and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from . import dims
from .dims import Dim
from .target import Target

if TYPE_CHECKING:
    from .notebooks import CellMap

Shape = Optional[tuple]


@dataclass(frozen=True)
class Span:
    """1-based lines and columns, end exclusive, as editors and SARIF count."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class Edit:
    """Replace the text at ``span`` of the checked source with ``text`` (an insertion when the span is empty)."""

    span: Span
    text: str


@dataclass(frozen=True)
class Fix:
    """How to fix a finding: edits on the source as checked, applied together or not at all.

    ``safe``: the fixed code behaves as the original did on the file's target
    (a renamed keyword); unsafe fixes change behaviour or may be wrong, and are
    applied only when asked (``--unsafe-fixes``).
    """

    title: str
    edits: tuple
    safe: bool = True


@dataclass(frozen=True)
class Diagnostic:
    code: str
    severity: str  # "error" | "warning" | "info"
    message: str
    span: Span
    #: The layer call the finding was made on, as computed on that very pass (a loop's
    #: fourth pass, a merge's input shapes), for the formats that show the shapes; None
    #: for a finding that is not about one layer call.
    layer: Optional["LayerResult"] = None
    #: Filled in by :func:`kerascheck.fixes.with_fixes` when fixes are asked for (``--fix``, SARIF, the editor).
    fix: Optional[Fix] = None


@dataclass(frozen=True)
class LayerResult:
    name: str
    #: The Keras class name; empty when the class is not known (a value built by code
    #: kerascheck cannot see into: the model's notes say what it is).
    type: str
    span: Span
    input_shape: Shape
    output_shape: Shape
    trainable: Optional[Dim]  # None: not known
    non_trainable: Optional[Dim]
    formula: str = ""
    note: str = ""
    #: Functional models: ``dense[0][0]`` for each tensor the layer is called on.
    connected_to: tuple = ()
    #: Operations of one forward pass (``costs.py``: multiply-add = 2), the open
    #: batch axis as the symbol ``<batch>``; None: not known.
    flops: Optional[Dim] = None
    #: The arguments as the catalogue reads them (Keras 3 names, ``name`` left out),
    #: ``units=64, activation='relu'``: what ``kerascheck diff`` compares.
    arguments: str = ""

    @property
    def params(self) -> Optional[Dim]:
        if self.trainable is None or self.non_trainable is None:
            return None
        return dims.add(self.trainable, self.non_trainable)

    @property
    def label(self) -> str:
        """``dense (Dense)`` as Keras' summary names a layer; ``? (?)`` for a class that is not known."""
        return f"{self.name} ({self.type or '?'})"


@dataclass(frozen=True)
class ModelResult:
    name: str
    type: str
    span: Span
    layers: tuple
    input_shape: Shape = None
    notes: tuple = ()
    #: False for a functional graph that is not one chain: its summary then has
    #: Keras' "Connected to" column.
    sequential_like: bool = True
    #: The function whose parameters were symbols when the model was built (a symbolic
    #: analysis, never mixed with the concrete models); empty for a concrete one.
    symbolic: str = ""
    #: False when layers of the model could not be listed (a graph that cannot be traced,
    #: branches too many to follow): its totals are then unknown, never the sum of what is listed.
    complete: bool = True

    def _sum(self, field: str) -> Optional[Dim]:
        if not self.complete:
            return None
        total: Dim = 0
        for layer in self.layers:
            value = getattr(layer, field)
            if value is None:
                return None
            total = dims.add(total, value)
        return total

    @property
    def trainable_params(self) -> Optional[Dim]:
        return self._sum("trainable")

    @property
    def non_trainable_params(self) -> Optional[Dim]:
        return self._sum("non_trainable")

    @property
    def total_params(self) -> Optional[Dim]:
        return self._sum("params")

    @property
    def total_flops(self) -> Optional[Dim]:
        """Operations of one forward pass of the whole model (see ``costs.py``); None unless every layer's is known."""
        return self._sum("flops")


@dataclass(frozen=True)
class Binding:
    """``x = layers.Conv2D(...)(x)``: a name bound to a tensor, and its shape there (for editors);
    or ``dense = layers.Dense(8)``, ``model = Model(...)``: a name bound to a layer or model object."""

    name: str
    span: Span  # where the name is written in the assignment
    shape: Shape
    #: A layer or model object: where it was made (its LayerResult's or ModelResult's span); shape is None then.
    made: Optional[Span] = None


@dataclass(frozen=True)
class FileResult:
    path: str
    models: tuple = ()
    diagnostics: tuple = ()
    #: Which Keras the numbers and findings are for; None when the file was not read.
    target: Optional[Target] = None
    #: Names bound to tensors, in source order, with their shapes (one per time the line ran).
    bindings: tuple = ()
    #: A notebook's map from the checked program's lines (every span above) to its cells; None for a file.
    cells: Optional["CellMap"] = None
    #: How the file was read, for all of it (a name never imported read as Keras'...).
    notes: tuple = ()
