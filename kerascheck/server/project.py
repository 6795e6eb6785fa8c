"""The settings a document is checked with: its project's, exactly as the CLI reads them.

The lookup is :mod:`kerascheck.config`'s (the nearest ``pyproject.toml`` with
a ``[tool.kerascheck]`` table, ``per-file-ignores`` applied to this file, the
target from the project's declared dependencies), so the editor and
``kerascheck check`` can never disagree; the client's settings act as the
command line's options on top. The resolver caches each directory's
configuration and each project's dependency files: a new :class:`Project`
starts afresh when one of :data:`WATCHED` changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..settings import Settings
from .client_settings import ClientSettings


def watched_files() -> tuple:
    """File names whose change can change results: configurations and the dependency declarations
    the target is read from (``target.project.DECLARATION_FILES``), as glob patterns."""
    from ..config import CONFIG_FILES
    from ..target.project import DECLARATION_FILES

    return tuple(dict.fromkeys((*CONFIG_FILES, *DECLARATION_FILES)))


class Project:
    """The configuration of every open document, for one set of client settings.

    Raises ``config.ConfigError`` when the client's ``config`` file is broken.
    """

    def __init__(self, client: ClientSettings = ClientSettings()) -> None:
        from ..config import Resolver

        self.client = client
        self.options = client.options()
        self.resolver = Resolver(explicit=Path(client.config) if client.config else None)

    def settings_for(self, path: str) -> Settings:
        """Settings for the file at ``path``; raises ``config.ConfigError`` for a broken configuration."""
        if not path:
            return Settings()
        return self.resolver.settings_for(Path(path), self.options)

    def config_file(self, path: str) -> str:
        """The configuration file that applies to ``path`` ("" for the defaults)."""
        return self.resolver.config_for(Path(path)).source if path else ""

    def rule_docs(self, path: str) -> Optional[str]:
        """The ``rule-docs-url`` template of the file's configuration, if it sets one."""
        return self.resolver.config_for(Path(path)).rule_docs_url if path else None
