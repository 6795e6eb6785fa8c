"""End to end: the real ``kerascheck server`` over stdio, driven by a real LSP client (pytest-lsp).

Each test starts the server as a subprocess (``python -m kerascheck server``),
opens a document and talks to it exactly as an editor would. The debounce is
set to a few milliseconds through ``initializationOptions``, and every request
that needs results waits for the pending analysis, so nothing here sleeps.
"""

from __future__ import annotations

import asyncio

import pytest

from .lsp_support import SERVER

from lsprotocol import types  # noqa: E402
from pytest_lsp import LanguageClient, client_capabilities  # noqa: E402
import pytest_lsp  # noqa: E402

from kerascheck.rules import rule  # noqa: E402
from kerascheck.summary import format_shape  # noqa: E402

pytestmark = pytest.mark.asyncio(loop_scope="module")

URI = "file:///project/model.py"
OPTIONS = {"debounce": 0.005}

#: The seed of rule KC104: a Dense fed a 4D tensor (line 9, 0-based 8).
SOURCE = """\
from keras.layers import Conv2D, MaxPooling2D
from keras.layers import Dense
from keras.models import Sequential

model = Sequential()
model.add(Conv2D(16, (2, 2), input_shape=(224, 224, 3)))
model.add(MaxPooling2D(pool_size=(2, 2)))

model.add(Dense(133))  # the head
model.summary()
"""


def _capabilities(pull: bool) -> types.ClientCapabilities:
    """Neovim's real capabilities, with or without pull diagnostics."""
    capabilities = client_capabilities("neovim")
    if capabilities.text_document is not None and not pull:
        capabilities.text_document.diagnostic = None
    elif capabilities.text_document is not None and pull:
        capabilities.text_document.diagnostic = types.DiagnosticClientCapabilities(dynamic_registration=False)
    return capabilities


async def _start(client: LanguageClient, pull: bool = False) -> None:
    await client.initialize_session(
        types.InitializeParams(capabilities=_capabilities(pull), initialization_options=OPTIONS)
    )


@pytest_lsp.fixture(config=SERVER, loop_scope="module")
async def client(lsp_client: LanguageClient):
    await _start(lsp_client)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER, loop_scope="module")
async def pulling(lsp_client: LanguageClient):
    await _start(lsp_client, pull=True)
    yield
    await lsp_client.shutdown_session()


def _open(client: LanguageClient, text: str, uri: str = URI, version: int = 1) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri=uri, language_id="python", version=version, text=text))
    )


def _replace_all(client: LanguageClient, text: str, version: int, uri: str = URI) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            [types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def _diagnostics(client: LanguageClient, uri: str = URI) -> list:
    await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), timeout=30)
    return list(client.diagnostics[uri])


def _apply(text: str, edits: list) -> str:
    """Apply LSP text edits (ASCII text: UTF-16 columns are characters)."""
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start = offsets[edit.range.start.line] + edit.range.start.character
        end = offsets[edit.range.end.line] + edit.range.end.character
        text = text[:start] + edit.new_text + text[end:]
    return text


def _range(line: int, start: int = 0, end: int = 200) -> types.Range:
    return types.Range(types.Position(line, start), types.Position(line, end))


async def test_diagnostics_hover_hints_and_the_flatten_fix(client: LanguageClient):
    _open(client, SOURCE)
    (found,) = await _diagnostics(client)
    assert found.code == "KC104"
    assert found.severity == types.DiagnosticSeverity.Warning
    assert found.range == types.Range(types.Position(8, 10), types.Position(8, 20))
    assert found.source == "kerascheck"
    assert found.code_description is None  # no documentation URL configured: no link, the summary instead
    assert found.data == {"rule": "dense-on-nd-input", "summary": rule("KC104").what}

    hovered = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(URI), types.Position(5, 12))
    )
    assert "(None, 224, 224, 3)" in hovered.contents.value  # input
    assert "(None, 223, 223, 16)" in hovered.contents.value  # output
    assert "208" in hovered.contents.value  # params
    assert "(224 - 2) // 1 + 1 = 223" in hovered.contents.value or "223" in hovered.contents.value

    hints = await client.text_document_inlay_hint_async(
        types.InlayHintParams(types.TextDocumentIdentifier(URI), types.Range(types.Position(0, 0), types.Position(10, 0)))
    )
    labels = {hint.position.line: hint.label for hint in hints}
    assert labels[5] == "→ " + format_shape((None, 223, 223, 16)) == "→ (None, 223, 223, 16)"
    assert labels[6] == "→ (None, 111, 111, 16)"
    assert labels[8] == "→ (None, 111, 111, 133)"
    assert labels[4] == "Total params: 2,469 (9.64 KB)"
    assert hints[-1].position == types.Position(8, len("model.add(Dense(133))  # the head"))

    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(URI), found.range, types.CodeActionContext(diagnostics=[found])
        )
    )
    titles = [action.title for action in actions]
    assert titles == ["Insert Flatten() before this layer (unsafe)", "Ignore KC104 on this line"]
    fixed = _apply(SOURCE, actions[0].edit.changes[URI])
    assert "from keras.layers import Flatten, Dense\n" in fixed
    assert "\nmodel.add(Flatten())\nmodel.add(Dense(133))  # the head\n" in fixed

    _replace_all(client, fixed, 2)
    assert await _diagnostics(client) == []
    hints = await client.text_document_inlay_hint_async(
        types.InlayHintParams(types.TextDocumentIdentifier(URI), types.Range(types.Position(0, 0), types.Position(12, 0)))
    )
    assert [hint.label for hint in hints][-1] == "→ (None, 133)"


async def test_half_typed_code_keeps_the_last_good_results(client: LanguageClient):
    uri = "file:///project/typing.py"
    _open(client, SOURCE, uri)
    assert [d.code for d in await _diagnostics(client, uri)] == ["KC104"]

    half_typed = SOURCE.replace("model.add(MaxPooling2D(pool_size=(2, 2)))\n", "model.add(MaxPooling2D(pool_size=(2, 2)))\nmodel.add(Dro\n")
    _replace_all(client, half_typed, 2, uri)
    found = await _diagnostics(client, uri)
    assert sorted(d.code for d in found) == ["KC001", "KC104"]
    (kc104,) = [d for d in found if d.code == "KC104"]
    assert kc104.range.start.line == 9  # followed its line down

    hovered = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(9, 12))
    )
    assert "(None, 111, 111, 133)" in hovered.contents.value


async def test_closing_clears_diagnostics(client: LanguageClient):
    uri = "file:///project/closing.py"
    _open(client, SOURCE, uri)
    assert await _diagnostics(client, uri)
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
    assert await _diagnostics(client, uri) == []


async def test_list_form_fix_is_spelled_like_the_file(client: LanguageClient):
    uri = "file:///project/listed.py"
    source = (
        "from keras import layers, models\n"
        "model = models.Sequential([\n"
        "    layers.Conv2D(8, 3, input_shape=(28, 28, 1)),  # features\n"
        "    layers.Dense(10),\n"
        "])\n"
    )
    _open(client, source, uri)
    (found,) = await _diagnostics(client, uri)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(types.TextDocumentIdentifier(uri), found.range, types.CodeActionContext(diagnostics=[found]))
    )
    assert actions[0].title == "Insert layers.Flatten() before this layer (unsafe)"
    assert list(actions[0].edit.changes[uri]) == [
        types.TextEdit(types.Range(types.Position(3, 0), types.Position(3, 0)), "    layers.Flatten(),\n")
    ]
    ignore = _apply(source, actions[1].edit.changes[uri])
    assert "    layers.Dense(10),  # kerascheck: ignore[KC104]\n" in ignore


async def test_pull_diagnostics(pulling: LanguageClient):
    _open(pulling, SOURCE)
    report = await pulling.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(types.TextDocumentIdentifier(URI))
    )
    assert [d.code for d in report.items] == ["KC104"]
    _replace_all(pulling, SOURCE.replace("model.add(Dense(133))  # the head\n", ""), 2)
    report = await pulling.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(types.TextDocumentIdentifier(URI))
    )
    assert list(report.items) == []
    assert URI not in pulling.diagnostics  # nothing was pushed: the client pulls


LEGACY = """\
from keras.models import Sequential
from keras.layers import Conv2D, Dense, Flatten, Dropout

model = Sequential()
model.add(Conv2D(32, (3, 3), border_mode='same', input_shape=(28, 28, 1)))
model.add(Dropout(p=0.5))
model.add(Flatten())
model.add(Dense(10, init='he_normal'))
"""


async def _fix(client: LanguageClient, uri: str, text: str, found: types.Diagnostic, title: str) -> str:
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(types.TextDocumentIdentifier(uri), found.range, types.CodeActionContext(diagnostics=[found]))
    )
    (chosen,) = [action for action in actions if action.title == title]
    return _apply(text, chosen.edit.changes[uri])


async def test_project_settings_legacy_renames_and_ignore_comments(client: LanguageClient, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.kerascheck]\nextend-select = ["KC5"]\n')
    uri = (tmp_path / "legacy.py").as_uri()  # the project's settings apply: KC5xx are opt-in
    _open(client, LEGACY, uri)
    found = await _diagnostics(client, uri)
    assert [(d.code, d.range.start.line) for d in found] == [("KC501", 4), ("KC501", 5), ("KC501", 7)]

    text = await _fix(client, uri, LEGACY, found[1], "Use rate= instead of p=")
    assert "model.add(Dropout(rate=0.5))\n" in text
    _replace_all(client, text, 2, uri)
    found = await _diagnostics(client, uri)
    assert [d.range.start.line for d in found] == [4, 7]

    text = await _fix(client, uri, text, found[1], "Ignore KC501 on this line")
    assert "model.add(Dense(10, init='he_normal'))  # kerascheck: ignore[KC501]\n" in text
    _replace_all(client, text, 3, uri)
    assert [d.range.start.line for d in await _diagnostics(client, uri)] == [4]


async def test_fix_all_applies_every_safe_fix(client: LanguageClient, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.kerascheck]\nextend-select = ["KC5"]\n')
    uri = (tmp_path / "fix_all.py").as_uri()
    _open(client, LEGACY, uri)
    assert len(await _diagnostics(client, uri)) == 3
    whole = types.Range(types.Position(0, 0), types.Position(8, 0))
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        types.TextDocumentIdentifier(uri), whole, types.CodeActionContext(diagnostics=[], only=["source.fixAll"])))
    (fix_all,) = actions
    assert fix_all.kind == "source.fixAll.kerascheck"
    fixed = _apply(LEGACY, fix_all.edit.changes[uri])
    assert fixed == LEGACY.replace("border_mode=", "padding=").replace("p=0.5", "rate=0.5").replace("init=", "kernel_initializer=")
    _replace_all(client, fixed, 2, uri)
    assert await _diagnostics(client, uri) == []
