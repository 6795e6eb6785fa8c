"""The server as editors drive it: bursts of typing, several files, settings, watched files.

Each test starts the real ``kerascheck server`` (pytest-lsp) and initializes
it itself, with the capabilities and ``initializationOptions`` it is about.
The analyses the server ran are read with its ``kerascheck/analyses`` request.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from .conftest import require

require("pygls", "the language server needs the lsp extra")
require("pytest_lsp", "the language server is tested with pytest-lsp")

from lsprotocol import types  # noqa: E402
from pytest_lsp import LanguageClient  # noqa: E402
import pytest_lsp  # noqa: E402

from kerascheck.engine import check_source  # noqa: E402
from kerascheck.server.project import watched_files  # noqa: E402
from kerascheck.server.server import ANALYSES  # noqa: E402
from kerascheck.settings import Settings  # noqa: E402
from kerascheck.summary import format_shape, render_summary  # noqa: E402

from .test_lsp import SERVER, SOURCE, URI, _capabilities, _open, _range, _replace_all  # noqa: E402

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(config=SERVER, loop_scope="module")
async def editor(lsp_client: LanguageClient):
    """A client not yet initialized: each test says how. It records capability registrations."""
    lsp_client.registrations = []

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        lsp_client.registrations.extend(params.registrations)

    yield
    await lsp_client.shutdown_session()


async def _start(client: LanguageClient, options: object, pull: bool = False, watch: bool = False) -> None:
    capabilities = _capabilities(pull)
    if watch:
        capabilities.workspace.did_change_watched_files = types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True)
        capabilities.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    await client.initialize_session(types.InitializeParams(capabilities=capabilities, initialization_options=options))


async def _eventually(condition, seconds: float = 30) -> None:
    """Wait for what the server sends on its own (after the early ``initialize`` answer, for instance)."""
    for _ in range(int(seconds / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)


async def _analyses(client: LanguageClient, uri: str) -> list:
    answer = await client.protocol.send_request_async(ANALYSES, {"uri": uri})
    return [done.version for done in answer.analyses]


async def _pull(client: LanguageClient, uri: str) -> list:
    report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(types.TextDocumentIdentifier(uri)))
    return list(report.items)


async def _pushed(client: LanguageClient, uri: str) -> list:
    await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), timeout=30)
    return list(client.diagnostics[uri])


def _hover(client: LanguageClient, uri: str, line: int, character: int):
    return client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(line, character)))


def _hints(client: LanguageClient, uri: str):
    return client.text_document_inlay_hint_async(
        types.InlayHintParams(types.TextDocumentIdentifier(uri), types.Range(types.Position(0, 0), types.Position(20, 0)))
    )


def _units(units: int) -> str:
    return SOURCE.replace("Dense(133)", f"Dense({units})")


async def test_a_burst_of_changes_costs_one_analysis_of_the_final_text(editor: LanguageClient):
    await _start(editor, {"debounce": 1.5}, pull=True)
    _open(editor, SOURCE)
    assert [d.code for d in await _pull(editor, URI)] == ["KC104"]
    requests = []
    for version in range(2, 52):  # 50 changes, each followed by what editors ask after a keystroke
        _replace_all(editor, _units(version), version)
        requests.append((version, "diagnostics", _pull(editor, URI)))
        requests.append((version, "hover", _hover(editor, URI, 8, 12)))
        requests.append((version, "hints", _hints(editor, URI)))
    answers = await asyncio.wait_for(asyncio.gather(*(request for _, _, request in requests)), timeout=60)
    assert await _analyses(editor, URI) == [1, 51]  # the opened text, then only the final one
    final = check_source(_units(51), "model.py", Settings())
    dense = final.models[0].layers[-1]
    assert dense.output_shape == (None, 111, 111, 51)  # the final text's Dense(51), as the engine sees it
    for (version, kind, _), answer in zip(requests, answers):
        if kind == "diagnostics":
            assert [d.message for d in answer] == [d.message for d in final.diagnostics]
        elif kind == "hover":
            assert f"output:  {format_shape(dense.output_shape)}" in answer.contents.value
        else:
            assert "→ " + format_shape(dense.output_shape) in [hint.label for hint in answer]


def _big_file(blocks: int) -> str:
    body = "".join(
        f"m{n} = models.Sequential([layers.Input((32, 32, 3))])\n" + f"m{n}.add(layers.Conv2D(8, 3, padding='same'))\n" * 20
        for n in range(blocks)
    )
    return "from keras import layers, models\n" + body


async def test_a_small_file_is_not_stuck_behind_a_big_one(editor: LanguageClient):
    await _start(editor, {"debounce": 0.005}, pull=True)
    big, small = "file:///project/big.py", "file:///project/small.py"
    _open(editor, _big_file(250), big)  # 5,000 lines: seconds of analysis (cut by the 2 s budget)
    _open(editor, SOURCE, small)
    assert [d.code for d in await _pull(editor, small)] == ["KC104"]
    assert await _analyses(editor, big) == []  # answered while the big file was still being analysed
    await _pull(editor, big)
    assert await _analyses(editor, big) == [1]


async def test_only_python_documents_are_analysed(editor: LanguageClient):
    await _start(editor, {"debounce": 0.005}, pull=True)
    toml = "file:///project/pyproject.toml"
    editor.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=toml, language_id="toml", version=1, text='[tool.kerascheck]\nselect = ["KC1"]\n')
    ))
    _open(editor, SOURCE)
    assert [d.code for d in await _pull(editor, URI)] == ["KC104"]
    assert await _pull(editor, toml) == []
    assert await _hover(editor, toml, 1, 3) is None
    assert await _analyses(editor, toml) == []


async def test_watched_configuration_and_dependency_files(editor: LanguageClient, tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text("[tool.kerascheck]\n")
    uri = (tmp_path / "model.py").as_uri()
    await _start(editor, {"debounce": 0.005}, pull=True, watch=True)
    _open(editor, SOURCE, uri)
    assert [d.code for d in await _pull(editor, uri)] == ["KC104"]
    (registration,) = editor.registrations
    assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    patterns = {watcher["globPattern"] for watcher in registration.register_options["watchers"]}
    assert patterns == {f"**/{name}" for name in watched_files()}
    assert {"**/pyproject.toml", "**/requirements*.txt", "**/uv.lock", "**/setup.cfg", "**/Pipfile"} <= patterns

    (tmp_path / "pyproject.toml").write_text('[tool.kerascheck]\nignore = ["KC104"]\n')
    editor.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams([
        types.FileEvent((tmp_path / "pyproject.toml").as_uri(), types.FileChangeType.Changed)
    ]))
    await _eventually(lambda: editor.diagnostic_refresh_count)  # the server asks the client to pull again
    assert editor.diagnostic_refresh_count == 1
    assert await _pull(editor, uri) == []
    assert await _analyses(editor, uri) == [1, 1]  # the same text, analysed again with the new settings


async def test_hovers_on_layer_and_model_objects(editor: LanguageClient):
    source = (
        "from keras import Input, layers, models\n"
        "dense = layers.Dense(16, activation='relu')\n"
        "inputs = Input(shape=(8,))\n"
        "x = dense(inputs)\n"
        "encoder = models.Model(inputs, x, name='encoder')\n"
        "features = Input(shape=(8,))\n"
        "encoded = encoder(features)\n"
        "model = models.Model(features, layers.Dense(1)(encoded))\n"
        "model.summary()\n"
    )
    await _start(editor, {"debounce": 0.005}, pull=True)
    _open(editor, source)
    expected = check_source(source, "model.py", Settings())
    encoder, outer = (next(m for m in expected.models if m.name == name) for name in ("encoder", "functional"))
    layer = next(layer for layer in encoder.layers if layer.type == "Dense")

    called = await _hover(editor, URI, 3, 5)  # x = de|nse(inputs)
    assert called.contents.value.startswith(f"**{layer.name}** (Dense)")
    assert f"output:  {format_shape(layer.output_shape)}" in called.contents.value
    assert called.range == _range(3, 4, 9)
    nested = await _hover(editor, URI, 6, 12)  # encoded = enc|oder(features)
    assert nested.contents.value == f"```text\n{render_summary(encoder)}```"
    variable = await _hover(editor, URI, 8, 2)  # mo|del.summary()
    assert variable.contents.value == f"```text\n{render_summary(outer)}```"


async def test_client_settings_apply_and_bad_values_are_shown(editor: LanguageClient, tmp_path: Path):
    config = tmp_path / "strict.toml"
    config.write_text('ignore = ["KC104"]\n')
    await _start(editor, {"debounce": "fast", "select": ["KC77"], "colour": 1, "kerasVersion": "2"})
    await _eventually(lambda: len(editor.messages) >= 3)
    shown = [message.message for message in editor.messages]
    assert shown == [
        "kerascheck: setting debounce = 'fast': must be a number of seconds from 0 to 10; the setting is ignored",
        "kerascheck: setting select: unknown rule selector 'KC77'; a selector is a rule code or prefix "
        "(`kerascheck rule --all` lists them) or \"ALL\"; the setting is ignored",
        "kerascheck: unknown setting 'colour'; the settings are: select, extend-select, ignore, keras-version, config, debounce",
    ]
    assert all(message.type == types.MessageType.Error for message in editor.messages)
    _open(editor, SOURCE)
    assert [d.code for d in await _pushed(editor, URI)] == ["KC104"]
    logged = "\n".join(message.message for message in editor.log_messages)
    assert "keras-version = 2; config = the nearest pyproject.toml" in logged and "debounce = 0.25 s" in logged
    assert "Resolved settings for: '/project/model.py'" in logged and "target.generation = 2" in logged

    editor.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"kerascheck": {"config": str(config), "debounce": 0.005}}
    ))
    assert await _pushed(editor, URI) == []  # the client's configuration file ignores KC104
    editor.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"kerascheck": {"config": "", "select": ["KC104"]}}
    ))
    assert [d.code for d in await _pushed(editor, URI)] == ["KC104"]


async def test_rule_links_only_where_configured(editor: LanguageClient, tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[tool.kerascheck]\nrule-docs-url = "https://docs.example.com/rules/{code}#{name}"\n')
    await _start(editor, {"debounce": 0.005})
    _open(editor, SOURCE, (tmp_path / "model.py").as_uri())
    (linked,) = await _pushed(editor, (tmp_path / "model.py").as_uri())
    assert linked.code_description.href == "https://docs.example.com/rules/KC104#dense-on-nd-input"
    _open(editor, SOURCE)
    (plain,) = await _pushed(editor, URI)
    assert plain.code_description is None and plain.data["rule"] == "dense-on-nd-input"


TWO_MODELS = """\
from keras import layers, models
model = models.Sequential([
    layers.Input((28, 28, 1)),
    layers.Conv2D(8, 3),
    layers.MaxPooling2D(2),
    layers.Flatten(),
    layers.Dense(10),
])
other = models.Sequential([layers.Input((3,)), layers.Dense(4)])
"""


async def test_a_broken_layer_line_removes_only_what_depends_on_it(editor: LanguageClient):
    await _start(editor, {"debounce": 0.005}, pull=True)
    _open(editor, TWO_MODELS)
    assert await _pull(editor, URI) == []
    before = {hint.position.line: hint.label for hint in await _hints(editor, URI)}
    _replace_all(editor, TWO_MODELS.replace("    layers.MaxPooling2D(2),", "    layers.MaxPooling2D(2"), 2)
    found = await _pull(editor, URI)
    assert [(d.code, d.range.start.line) for d in found] == [("KC001", 4)]  # one finding for the broken line
    after = {hint.position.line: hint.label for hint in await _hints(editor, URI)}
    assert after[3] == before[3]  # the layer before the broken line: unchanged
    assert after[8] == before[8]  # the other model: every hint kept
    assert (after[4], after[5], after[6]) == ("→ ?", "→ ?", "→ ?")  # the broken line and what depends on it: unknown
    assert after[1] == "Total params: ?"  # so are the totals, until the line parses again
    _replace_all(editor, TWO_MODELS, 3)
    assert await _pull(editor, URI) == []
    assert {hint.position.line: hint.label for hint in await _hints(editor, URI)} == before


async def test_one_syntax_error_per_statement(editor: LanguageClient):
    await _start(editor, {"debounce": 0.005}, pull=True)
    _open(editor, SOURCE.replace("model.add(Dense(133))  # the head\n", "model.add(Dense(133,\n    activation='relu'\n"))
    assert [(d.code, d.range.start.line) for d in await _pull(editor, URI)] == [("KC001", 8)]
