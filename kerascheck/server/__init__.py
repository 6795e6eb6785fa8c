"""kerascheck's language server (``kerascheck server``; needs ``pip install 'kerascheck[lsp]'``).

This package's modules import pygls; this file does not, and the CLI imports
it only when the ``server`` command runs, so the base install never needs pygls.
"""

from __future__ import annotations

import sys

#: The packages of the ``lsp`` extra.
_LSP_PACKAGES = ("pygls", "lsprotocol")


def run() -> int:
    """Serve LSP on stdin/stdout; exit status 2 with an install hint when pygls is missing."""
    try:
        from .server import main
    except ModuleNotFoundError as missing:
        if (missing.name or "").split(".")[0] not in _LSP_PACKAGES:
            raise
        print(
            "kerascheck: error: the language server needs pygls 2: install kerascheck[lsp] "
            "(pip install 'kerascheck[lsp]')",
            file=sys.stderr,
        )
        return 2
    return main()
