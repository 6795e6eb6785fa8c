"""What the end-to-end language-server tests share: the LSP extras they need, and
how they start the real ``kerascheck server`` (this checkout first on the path)."""

from __future__ import annotations

import os
import sys

from .conftest import ROOT, require

require("pygls", "the language server needs the lsp extra")
require("pytest_lsp", "the language server is tested with pytest-lsp")

from pytest_lsp import ClientServerConfig  # noqa: E402

SERVER = ClientServerConfig(
    server_command=[sys.executable, "-m", "kerascheck", "server"],
    server_env={**os.environ, "PYTHONPATH": str(ROOT)},
)
