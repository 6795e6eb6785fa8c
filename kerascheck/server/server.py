"""The language server: LSP features wired to the in-process engine.

Each feature is a thin adapter: it gets the document's current view from
:class:`.documents.Documents` and hands it to the module that makes the LSP
answer (:mod:`.convert`, :mod:`.hovers`, :mod:`.hints`, :mod:`.actions`).
Diagnostics are pushed after each analysis, unless the client pulls them
(``textDocument/diagnostic``): then pushing too would show them twice, and
after a configuration change the client is asked to pull again
(``workspace/diagnostic/refresh``). Only Python documents are analysed.

The features are registered by ``_register_*`` functions, one per group, so
that a new kind of document (notebooks) is one more function.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import PurePath
from typing import Any, Optional

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from .. import __version__
from ..settings import Settings
from .analysis import View
from .client_settings import ClientSettings, read
from .actions import FIX_ALL, code_actions
from .convert import Text, diagnostics
from .documents import Documents
from .handshake import NAME
from .hints import inlay_hints
from .hovers import hover
from .notebooks import SYNC as NOTEBOOK_SYNC, Notebooks, register as register_notebooks
from .project import Project, watched_files

#: Seconds one document's analysis may take: past it the document gets KC005 and the rest of
#: its results are cut, so that a huge file cannot keep the server busy.
ANALYSIS_BUDGET = 2.0
#: Documents analysed as Python: the language id editors send, or the file name's suffix.
PYTHON_LANGUAGES = frozenset({"python"})
PYTHON_SUFFIXES = frozenset({".py", ".pyi"})
#: The custom request that lists the analyses the server ran for a document (tests, benchmarks).
ANALYSES = "kerascheck/analyses"

log = logging.getLogger(__name__)


class KerascheckServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(NAME, __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
                         notebook_document_sync=NOTEBOOK_SYNC)
        self.notebooks = Notebooks(self)  # notebook documents: analysed whole, shown per cell
        self.client_settings = ClientSettings()
        self.project: Optional[Project] = None  # made at the first analysis (it imports the configuration code)
        self.documents = Documents(self.publish, self.settings, self.client_settings.debounce)
        self.pull = False  # does the client ask for diagnostics itself?
        self.refresh = False  # ... and accept workspace/diagnostic/refresh?
        self.shown: set = set()  # messages already shown to the user, each shown once
        self.logged: dict = {}  # path -> the settings last logged for it

    # -- settings ------------------------------------------------------------------

    def configure(self, options: object) -> None:
        """Apply the client's settings; each bad value is shown and left out."""
        self.client_settings, problems = read(options, self.client_settings)
        for problem in problems:
            self.show(problem, types.MessageType.Error)
        self.documents.debounce = self.client_settings.debounce
        self.project, self.logged = None, {}
        self.log(f"kerascheck {__version__}: {self.client_settings.describe()}")

    def current_project(self) -> Project:
        if self.project is None:
            from ..config import ConfigError

            try:
                self.project = Project(self.client_settings)
            except ConfigError as error:
                self.show(f"kerascheck: {error}; using the nearest pyproject.toml instead", types.MessageType.Error)
                self.project = Project(dataclasses.replace(self.client_settings, config=None))
        return self.project

    def settings(self, path: str) -> Settings:
        """The document's settings; a broken configuration is shown once and the defaults used."""
        from ..config import ConfigError

        project = self.current_project()
        try:
            found = project.settings_for(path)
        except ConfigError as error:
            self.show(f"kerascheck: {error}; using the default settings", types.MessageType.Warning)
            found = Settings()
        self.log_settings(path, found, project)
        return dataclasses.replace(found, time_budget=ANALYSIS_BUDGET, tensor_bindings=True)

    def log_settings(self, path: str, settings: Settings, project: Project) -> None:
        """The resolved settings of a document to the client's log, whenever they change."""
        if self.logged.get(path) == settings:
            return
        self.logged[path] = settings
        from ..config import ConfigError
        from ..settings import render

        try:
            source = project.config_file(path)
        except ConfigError:
            source = ""
        self.log(render(settings, path, source, tuple(project.resolver.targets.notes)).rstrip())

    def rule_docs(self, uri: str) -> Optional[str]:
        from ..config import ConfigError

        try:
            return self.current_project().rule_docs(to_fs_path(uri) or "")
        except ConfigError:
            return None

    def reload(self) -> None:
        """A configuration or dependency file changed: read them again and re-analyse every document."""
        self.project, self.logged = None, {}
        for uri in self.documents.uris():
            self.documents.reanalyse(uri)
        if self.pull and self.refresh:
            self.workspace_diagnostic_refresh(None)

    def show(self, message: str, kind: types.MessageType) -> None:
        if message not in self.shown:
            self.shown.add(message)
            self.window_show_message(types.ShowMessageParams(kind, message))

    def log(self, message: str) -> None:
        self.window_log_message(types.LogMessageParams(types.MessageType.Log, message))

    # -- documents -----------------------------------------------------------------

    def text(self, view: View) -> Text:
        return Text.of(view.text, self.workspace.position_codec)

    def publish(self, uri: str, view: View) -> None:
        if self.pull or self.notebooks.publish(uri, view):
            return
        found = diagnostics(view.result.diagnostics, self.text(view), self.rule_docs(uri))
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, found, view.version))

    def analyse(self, uri: str, immediate: bool = False) -> None:
        if self.notebooks.analyse(uri, immediate):
            return
        document = self.workspace.get_text_document(uri)
        if is_python(document.language_id, uri):
            self.documents.update(uri, document.source, document.version, to_fs_path(uri) or uri, immediate)

    async def view(self, uri: str) -> Optional[View]:
        return await self.documents.view(uri)


def is_python(language_id: Optional[str], uri: str) -> bool:
    """A ``pyproject.toml`` attached to the server is not Python, whatever the client sends."""
    return language_id in PYTHON_LANGUAGES or PurePath(uri).suffix in PYTHON_SUFFIXES


def _register_lifecycle(server: KerascheckServer) -> None:
    @server.feature(types.INITIALIZE)
    def initialize(params: types.InitializeParams) -> None:
        text_document = params.capabilities.text_document
        server.pull = text_document is not None and text_document.diagnostic is not None
        workspace = params.capabilities.workspace
        server.refresh = bool(workspace and workspace.diagnostics and workspace.diagnostics.refresh_support)
        server.configure(params.initialization_options)

    @server.feature(types.INITIALIZED)
    def initialized(params: types.InitializedParams) -> None:
        workspace = server.client_capabilities.workspace
        watching = workspace and workspace.did_change_watched_files
        if watching and watching.dynamic_registration:
            watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in watched_files()]
            options = types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers)
            registration = types.Registration(id="kerascheck-watched-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options)
            server.client_register_capability(types.RegistrationParams([registration]))

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def did_change_configuration(params: types.DidChangeConfigurationParams) -> None:
        server.configure(params.settings)
        server.reload()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(params: types.DidChangeWatchedFilesParams) -> None:
        server.reload()

    @server.feature(ANALYSES)
    def analyses(params: Any) -> dict:  # not ``object``: pygls would pass the server to a parameter that accepts it
        """``{"uri": ...}`` -> the analyses run for that document: ``[{"version", "seconds"}]``, oldest first."""
        uri = params.get("uri") if isinstance(params, dict) else getattr(params, "uri", None)
        return {"analyses": [dataclasses.asdict(done) for done in server.documents.analysed(str(uri))]}

    @server.feature(types.SHUTDOWN)
    def shutdown(params: None) -> None:
        server.documents.shutdown()


def _register_text_documents(server: KerascheckServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        server.analyse(params.text_document.uri, immediate=True)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        server.analyse(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        if PurePath(params.text_document.uri).name in watched_files():  # clients that cannot watch files
            server.reload()

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        server.documents.close(uri)
        if not server.pull:
            server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))

    @server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC, types.DiagnosticOptions(inter_file_dependencies=False, workspace_diagnostics=False, identifier=NAME))
    async def pull_diagnostics(params: types.DocumentDiagnosticParams) -> types.DocumentDiagnosticReport:
        uri = params.text_document.uri
        if server.notebooks.owns(uri):
            return types.RelatedFullDocumentDiagnosticReport(items=await server.notebooks.pull_diagnostics(uri))
        view = await server.view(uri)
        found = diagnostics(view.result.diagnostics, server.text(view), server.rule_docs(uri)) if view is not None else []
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
        return await server.documents.run(code_actions, uri, view.text, view.result, server.text(view), params.range,
                                          params.context.only, settings)


def build_server() -> KerascheckServer:
    server = KerascheckServer()
    _register_lifecycle(server)
    _register_text_documents(server)
    register_notebooks(server)
    return server


def main(streams: tuple = (None, None)) -> int:
    """``kerascheck server``: speak LSP until the client exits (on stdin/stdout, or the handshake's ``streams``)."""
    build_server().start_io(*streams)
    return 0
