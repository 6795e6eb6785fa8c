"""The language server's notebook documents (LSP 3.17 ``notebookDocument/*``), end to end:
the real ``kerascheck server`` driven by a real LSP client (pytest-lsp), as VS Code drives it.

The notebook is ``tests/notebooks/classifier.ipynb`` (see test_notebooks.py): a model
started in cell 3 and finished in cell 5, a Dense on a 4D tensor in cell 3 (KC104),
softmax on one unit in cell 9 (KC201). The shapes shown here are those of
``kerascheck summary`` for the same notebook, which test_notebooks.py compares with
what real Keras builds from its cells.
"""

from __future__ import annotations

import asyncio
import json

import pytest

from .conftest import ROOT

from .lsp_support import SERVER

from lsprotocol import types  # noqa: E402
from pytest_lsp import LanguageClient, client_capabilities  # noqa: E402
import pytest_lsp  # noqa: E402

pytestmark = pytest.mark.asyncio(loop_scope="module")

NOTEBOOK = ROOT / "tests" / "notebooks" / "classifier.ipynb"
CELLS = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]


def cell_uri(notebook: str, index: int) -> str:
    """A cell's URI as VS Code makes them: the notebook's path and a fragment per cell."""
    return f"vscode-notebook-cell:{notebook}#W{index}"


def cell_text(index: int) -> str:
    source = CELLS[index]["source"]
    return "".join(source) if isinstance(source, list) else source


async def _start(client: LanguageClient, pull: bool) -> None:
    """VS Code's capabilities, with notebook sync, pushing or pulling diagnostics."""
    client.feature(types.CLIENT_REGISTER_CAPABILITY)(lambda params: None)  # VS Code accepts the file watchers
    capabilities = client_capabilities("visual-studio-code")
    capabilities.notebook_document = types.NotebookDocumentClientCapabilities(
        synchronization=types.NotebookDocumentSyncClientCapabilities()
    )
    if capabilities.text_document is not None:
        capabilities.text_document.diagnostic = types.DiagnosticClientCapabilities() if pull else None
    result = await client.initialize_session(
        types.InitializeParams(capabilities=capabilities, initialization_options={"debounce": 0.005})
    )
    assert result.capabilities.notebook_document_sync is not None


@pytest_lsp.fixture(config=SERVER, loop_scope="module")
async def client(lsp_client: LanguageClient):
    await _start(lsp_client, pull=False)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER, loop_scope="module")
async def pulling(lsp_client: LanguageClient):
    await _start(lsp_client, pull=True)
    yield
    await lsp_client.shutdown_session()


def _open(client: LanguageClient, path: str) -> str:
    uri = f"file://{path}"
    kinds = {"code": types.NotebookCellKind.Code, "markdown": types.NotebookCellKind.Markup, "raw": types.NotebookCellKind.Markup}
    languages = {"code": "python", "markdown": "markdown", "raw": "raw"}
    cells = [types.NotebookCell(kinds[cell["cell_type"]], cell_uri(path, k)) for k, cell in enumerate(CELLS)]
    documents = [
        types.TextDocumentItem(cell_uri(path, k), languages[cell["cell_type"]], 1, cell_text(k)) for k, cell in enumerate(CELLS)
    ]
    client.notebook_document_did_open(
        types.DidOpenNotebookDocumentParams(types.NotebookDocument(uri, "jupyter-notebook", 1, cells), documents)
    )
    return uri


async def _published(client: LanguageClient, uris: list, action: object) -> dict:
    """The diagnostics of each of ``uris`` once all of them have been published after ``action()``.

    The server publishes every cell at once: several notifications may arrive
    before a wait starts, so the client's record of them is watched instead.
    """
    for uri in uris:
        client.diagnostics.pop(uri, None)
    action()

    async def complete() -> None:
        while not all(uri in client.diagnostics for uri in uris):
            await asyncio.sleep(0.01)

    await asyncio.wait_for(complete(), timeout=30)
    return {uri: list(client.diagnostics[uri]) for uri in uris}


CODE = [k for k, cell in enumerate(CELLS) if cell["cell_type"] == "code"]


async def test_diagnostics_hovers_and_hints_in_each_cell(client: LanguageClient):
    path = "/project/classifier.ipynb"
    uris = [cell_uri(path, k) for k in CODE]
    found = await _published(client, uris, lambda: _open(client, path))
    assert {uri: [(d.code, d.range) for d in found[uri]] for uri in uris if found[uri]} == {
        cell_uri(path, 2): [("KC104", types.Range(types.Position(4, 10), types.Position(4, 45)))],
        cell_uri(path, 8): [("KC201", types.Range(types.Position(2, 8), types.Position(2, 45)))],
    }

    # The layers added in cell 5 belong to the model of cell 3: hovered in their own cell.
    hovered = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(cell_uri(path, 4)), types.Position(0, 14))
    )
    assert "**flatten** (Flatten)" in hovered.contents.value and "(None, 43264)" in hovered.contents.value

    def hints(index: int) -> object:
        return client.text_document_inlay_hint_async(
            types.InlayHintParams(types.TextDocumentIdentifier(cell_uri(path, index)), types.Range(types.Position(0, 0), types.Position(20, 0)))
        )

    assert [(hint.position.line, hint.label) for hint in await hints(2)] == [
        (1, "Total params: 435,082 (1.66 MB)"), (3, "→ (None, 26, 26, 32)"), (4, "→ (None, 26, 26, 64)"),
    ]
    assert [(hint.position.line, hint.label) for hint in await hints(4)] == [(0, "→ (None, 43264)"), (1, "→ (None, 10)")]
    assert list(await hints(5)) == []  # ``layers.Dense?``: help, blanked


async def test_an_edit_in_one_cell_is_seen_by_the_next(client: LanguageClient):
    path = "/project/edited.ipynb"
    uris = [cell_uri(path, k) for k in CODE]
    await _published(client, uris, lambda: _open(client, path))
    fixed = cell_text(2).replace('model.add(layers.Dense(64, activation="relu"))', 'model.add(layers.MaxPooling2D())')
    change = types.NotebookDocumentChangeEvent(cells=types.NotebookDocumentCellChanges(text_content=[
        types.NotebookDocumentCellContentChanges(
            types.VersionedTextDocumentIdentifier(uri=cell_uri(path, 2), version=2), [types.TextDocumentContentChangeWholeDocument(fixed)]
        )
    ]))
    changed = types.DidChangeNotebookDocumentParams(types.VersionedNotebookDocumentIdentifier(version=2, uri=f"file://{path}"), change)
    found = await _published(client, uris, lambda: client.notebook_document_did_change(changed))
    assert [d.code for uri in uris for d in found[uri]] == ["KC201"]
    hovered = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(cell_uri(path, 4)), types.Position(0, 14))
    )
    assert "(None, 5408)" in hovered.contents.value  # 13 * 13 * 32 after the pooling of cell 3

    closed = types.DidCloseNotebookDocumentParams(
        types.NotebookDocumentIdentifier(f"file://{path}"), [types.TextDocumentIdentifier(cell_uri(path, k)) for k in range(len(CELLS))]
    )
    found = await _published(client, uris, lambda: client.notebook_document_did_close(closed))
    assert all(found[uri] == [] for uri in uris)


async def test_a_client_that_pulls_gets_each_cells_diagnostics(pulling: LanguageClient):
    path = "/project/pulled.ipynb"
    _open(pulling, path)
    found = {}
    for index in CODE:
        report = await pulling.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(types.TextDocumentIdentifier(cell_uri(path, index)))
        )
        found[index] = [(d.code, d.range.start.line, d.range.start.character) for d in report.items]
    assert found == {index: [] for index in CODE} | {2: [("KC104", 4, 10)], 8: [("KC201", 2, 8)]}
