"""The language server: LSP features wired to the in-process engine.

Each feature is a thin adapter: it gets the document's current view from
:class:`.documents.Documents` and hands it to the module that makes the LSP
answer (:mod:`.convert`, :mod:`.hovers`, :mod:`.hints`, :mod:`.actions`).
Diagnostics are pushed after each analysis, unless the client pulls them
(``textDocument/diagnostic``): then pushing too would show them twice.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Optional

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from .. import __version__
from ..config import ConfigError
from ..settings import Settings
from .actions import FIX_ALL, code_actions
from .analysis import View
from .convert import Text, diagnostics
from .documents import Documents
from .hints import inlay_hints
from .hovers import hover
from .notebooks import SYNC as NOTEBOOK_SYNC, Notebooks, register as register_notebooks
from .project import forget, settings_for


#: Seconds one document's analysis may take (one analysis runs at a time): past it the document
#: gets KC005 and the others are served.
ANALYSIS_BUDGET = 2.0

log = logging.getLogger(__name__)

NAME = "kerascheck"


class KerascheckServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(NAME, __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
                         notebook_document_sync=NOTEBOOK_SYNC)
        self.documents = Documents(self.publish, self.settings)
        self.notebooks = Notebooks(self)  # notebook documents: analysed whole, shown per cell
        self.pull = False  # does the client ask for diagnostics itself?
        self.config_problem = ""  # the configuration error last shown, so it is shown once

    def settings(self, path: str) -> Settings:
        """The project's settings; a broken configuration is shown once and the defaults used."""
        try:
            found, problem = settings_for(path), ""
        except ConfigError as error:
            found, problem = Settings(), f"kerascheck: {error}; using the default settings"
        found = dataclasses.replace(found, time_budget=ANALYSIS_BUDGET, tensor_bindings=True)
        if problem and problem != self.config_problem:
            self.window_show_message(types.ShowMessageParams(types.MessageType.Warning, problem))
        self.config_problem = problem
        return found

    def text(self, view: View) -> Text:
        return Text.of(view.text, self.workspace.position_codec)

    def publish(self, uri: str, view: View) -> None:
        if self.pull or self.notebooks.publish(uri, view):
            return
        found = diagnostics(view.result.diagnostics, self.text(view))
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, found, view.version))

    def analyse(self, uri: str, immediate: bool = False) -> None:
        if self.notebooks.analyse(uri, immediate):
            return
        document = self.workspace.get_text_document(uri)
        self.documents.update(uri, document.source, document.version, to_fs_path(uri) or uri, immediate)

    async def view(self, uri: str) -> Optional[View]:
        return await self.documents.view(uri)


def _debounce(options: object) -> Optional[float]:
    """``initializationOptions: {"debounce": seconds}``, if given and sensible."""
    value = options.get("debounce") if isinstance(options, dict) else None
    return float(value) if isinstance(value, (int, float)) and 0 <= value <= 10 else None


def build_server() -> KerascheckServer:
    server = KerascheckServer()

    @server.feature(types.INITIALIZE)
    def initialize(params: types.InitializeParams) -> None:
        text_document = params.capabilities.text_document
        server.pull = text_document is not None and text_document.diagnostic is not None
        debounce = _debounce(params.initialization_options)
        if debounce is not None:
            server.documents.debounce = debounce

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        server.analyse(params.text_document.uri, immediate=True)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        server.analyse(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        if params.text_document.uri.endswith("pyproject.toml"):
            forget()
            for uri in server.documents.uris():
                server.analyse(uri, immediate=True)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        server.documents.close(uri)
        if not server.pull:
            server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))

    @server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC, types.DiagnosticOptions(inter_file_dependencies=False, workspace_diagnostics=False, identifier=NAME))
    async def pull_diagnostics(params: types.DocumentDiagnosticParams) -> types.DocumentDiagnosticReport:
        if server.notebooks.owns(params.text_document.uri):
            return types.RelatedFullDocumentDiagnosticReport(items=await server.notebooks.pull_diagnostics(params.text_document.uri))
        view = await server.view(params.text_document.uri)
        found = diagnostics(view.result.diagnostics, server.text(view)) if view is not None else []
        return types.RelatedFullDocumentDiagnosticReport(items=found)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def on_hover(params: types.HoverParams) -> Optional[types.Hover]:
        if server.notebooks.owns(params.text_document.uri):
            return await server.notebooks.hover(params)
        view = await server.view(params.text_document.uri)
        return hover(view.result, server.text(view), params.position) if view is not None else None

    @server.feature(types.TEXT_DOCUMENT_INLAY_HINT)
    async def on_inlay_hint(params: types.InlayHintParams) -> list:
        if server.notebooks.owns(params.text_document.uri):
            return await server.notebooks.inlay_hints(params)
        view = await server.view(params.text_document.uri)
        return inlay_hints(view.result, server.text(view), params.range) if view is not None else []

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL])
    )
    async def on_code_action(params: types.CodeActionParams) -> list:
        uri = params.text_document.uri
        view = await server.view(uri) if not server.notebooks.owns(uri) else None  # quick fixes: .py files only
        if view is None:
            return []
        settings = lambda: server.settings(to_fs_path(uri) or uri)  # noqa: E731  (fix-all re-checks with them)
        return await server.documents.run(code_actions, uri, view.text, view.result.diagnostics, server.text(view), params.range,
                                          params.context.only, settings)

    register_notebooks(server)

    @server.feature(types.SHUTDOWN)
    def shutdown(params: None) -> None:
        server.documents.shutdown()

    return server


def main() -> int:
    """``kerascheck server``: speak LSP on stdin/stdout until the client exits."""
    build_server().start_io()
    return 0
