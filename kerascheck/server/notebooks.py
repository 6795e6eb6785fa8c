"""Notebook documents (LSP 3.17 ``notebookDocument/*``): a notebook's code cells analysed as one
program, its results shown in each cell.

pygls keeps each open notebook and the text of its cells in the workspace
(it handles ``didOpen``/``didChange``/``didClose`` itself, then calls the
handlers here). A notebook becomes one program exactly as on the command
line (:func:`kerascheck.notebooks.program`: IPython syntax blanked, one
:class:`~kerascheck.notebooks.CellMap`), analysed as one document keyed by the
notebook's URI (debounced, off the message loop, by :class:`.documents.Documents`).
For a cell, :func:`cell_result` keeps the part of the result that lies in it,
in the cell's own lines, so diagnostics, hovers and inlay hints are made by
the same functions as for a file. Quick fixes are offered in ``.py`` files only.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from lsprotocol import types
from pygls.uris import to_fs_path

from ..notebooks import CellMap, Program, program
from ..results import FileResult, Span
from .convert import Text, diagnostics
from .hints import inlay_hints
from .hovers import hover

if TYPE_CHECKING:
    from .analysis import View
    from .server import KerascheckServer

#: Every notebook whose cells include Python ones (Jupyter's, VS Code's interactive window...).
SYNC = types.NotebookDocumentSyncOptions(
    notebook_selector=[types.NotebookDocumentFilterWithCells(cells=[types.NotebookCellLanguage("python")], notebook="*")]
)

#: The position of a model or layer of another cell: no line of this cell has it, so its
#: hint and its hover belong to its own cell.
ELSEWHERE = Span(0, 0, 0, 0)


@dataclass(frozen=True)
class _Open:
    """An open notebook as last analysed: its program and each code cell's URI by cell index."""

    program: Program
    cells: dict  # cell index -> cell document URI


def cell_result(result: FileResult, cells: CellMap, index: int) -> FileResult:
    """The part of a notebook's ``result`` in the cell at 0-based ``index``, in the cell's lines.

    Findings and tensor names of the cell; every model and layer, but those of
    other cells placed :data:`ELSEWHERE` (a model built over several cells shows
    each layer in its own cell, and its totals where it is created).
    """

    def inside(span: Span) -> bool:
        return cells.in_cell(span)[0] == index + 1

    def moved(record: object) -> object:
        return dataclasses.replace(record, span=cells.in_cell(record.span)[1] if inside(record.span) else ELSEWHERE)

    models = tuple(dataclasses.replace(moved(model), layers=tuple(moved(layer) for layer in model.layers)) for model in result.models)
    return dataclasses.replace(
        result,
        models=models,
        diagnostics=tuple(moved(d) for d in result.diagnostics if inside(d.span)),
        bindings=tuple(moved(b) for b in result.bindings if inside(b.span)),
    )


class Notebooks:
    """The open notebooks of a server, and the answers for their cells."""

    def __init__(self, server: "KerascheckServer") -> None:
        self.server = server
        self._open: dict = {}  # notebook URI -> _Open

    def analyse(self, uri: str, immediate: bool = False) -> bool:
        """Schedule the analysis of notebook ``uri``; False when ``uri`` is not an open notebook."""
        workspace = self.server.workspace
        notebook = workspace.get_notebook_document(notebook_uri=uri)
        if notebook is None:
            return False
        code = [(index, cell.document) for index, cell in enumerate(notebook.cells) if cell.kind == types.NotebookCellKind.Code]
        made = program((index, workspace.get_text_document(document).source) for index, document in code)
        before = self._open.get(uri)
        self._open[uri] = _Open(made, dict(code))
        if before is not None:
            self._clear(set(before.cells.values()) - {document for _index, document in code})
        self.server.documents.update(uri, made.source, notebook.version, to_fs_path(uri) or uri, immediate)
        return True

    def close(self, uri: str, cell_uris: list) -> None:
        self._open.pop(uri, None)
        self.server.documents.close(uri)
        self._clear(cell_uris)

    def _clear(self, cell_uris: object) -> None:
        """Remove what was shown in cells that are gone (closed, or deleted from the notebook)."""
        if not self.server.pull:
            for cell in cell_uris:
                self.server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(cell, []))

    def publish(self, uri: str, view: "View") -> bool:
        """Push each code cell's diagnostics; False when ``uri`` is not a notebook."""
        found = self._open.get(uri)
        if found is None:
            return False
        if view.text == found.program.source:
            for index, cell in found.cells.items():
                shown = diagnostics(cell_result(view.result, found.program.cells, index).diagnostics, self._text(cell),
                                    self.server.rule_docs(uri))
                self.server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(cell, shown))
        return True

    def owns(self, cell_uri: str) -> bool:
        """Is ``cell_uri`` a cell of an open notebook?"""
        return self.server.workspace.get_notebook_document(cell_uri=cell_uri) is not None

    async def cell(self, cell_uri: str) -> Optional[tuple]:
        """``(cell result, the cell's Text)`` for a cell of an open notebook, for its current text."""
        notebook = self.server.workspace.get_notebook_document(cell_uri=cell_uri)
        if notebook is None:
            return None
        view = await self.server.view(notebook.uri)
        found = self._open.get(notebook.uri)
        if view is None or found is None or view.text != found.program.source:
            return None
        index = next((k for k, uri in found.cells.items() if uri == cell_uri), None)
        if index is None:
            return None
        return cell_result(view.result, found.program.cells, index), self._text(cell_uri)

    def _text(self, cell_uri: str) -> Text:
        return Text.of(self.server.workspace.get_text_document(cell_uri).source, self.server.workspace.position_codec)

    async def pull_diagnostics(self, cell_uri: str) -> list:
        found = await self.cell(cell_uri)
        if found is None:
            return []
        notebook = self.server.workspace.get_notebook_document(cell_uri=cell_uri)
        return diagnostics(found[0].diagnostics, found[1], self.server.rule_docs(notebook.uri) if notebook else None)

    async def hover(self, params: types.HoverParams) -> Optional[types.Hover]:
        found = await self.cell(params.text_document.uri)
        return hover(found[0], found[1], params.position) if found is not None else None

    async def inlay_hints(self, params: types.InlayHintParams) -> list:
        found = await self.cell(params.text_document.uri)
        return inlay_hints(found[0], found[1], params.range) if found is not None else []


def register(server: "KerascheckServer") -> None:
    """The ``notebookDocument/*`` handlers (pygls has already updated its workspace when they run)."""

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenNotebookDocumentParams) -> None:
        server.notebooks.analyse(params.notebook_document.uri, immediate=True)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeNotebookDocumentParams) -> None:
        server.notebooks.analyse(params.notebook_document.uri)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseNotebookDocumentParams) -> None:
        server.notebooks.close(params.notebook_document.uri, [cell.uri for cell in params.cell_text_documents])
