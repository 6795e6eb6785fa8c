"""kerascheck's language server (``kerascheck server``; needs ``pip install 'kerascheck[lsp]'``).

This package's modules import pygls; this file does not, and the CLI imports
it only when the ``server`` command runs, so the base install never needs pygls.
"""

from __future__ import annotations

import sys

#: The packages of the ``lsp`` extra.
_LSP_PACKAGES = ("pygls", "lsprotocol")


def run() -> int:
    """Serve LSP on stdin/stdout; exit status 2 with an install hint when pygls is missing.

    The client's ``initialize`` is answered before pygls is imported (see
    :mod:`.handshake`): the import is most of the start-up time.
    """
    try:
        import lsprotocol  # noqa: F401  (the packages only: their heavy modules load after the handshake)
        import pygls  # noqa: F401
    except ModuleNotFoundError as missing:
        if (missing.name or "").split(".")[0] not in _LSP_PACKAGES:
            raise
        print(
            "kerascheck: error: the language server needs pygls 2: install kerascheck[lsp] "
            "(pip install 'kerascheck[lsp]')",
            file=sys.stderr,
        )
        return 2
    from .handshake import answer_initialize

    streams = answer_initialize(sys.stdin.buffer, sys.stdout.buffer)
    from .server import main

    return main(streams)
