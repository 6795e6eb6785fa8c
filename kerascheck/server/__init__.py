"""kerascheck's language server (``kerascheck server``; needs ``pip install 'kerascheck[lsp]'``).

This package's modules import pygls; this file does not, and the CLI imports
it only when the ``server`` command runs, so the base install never needs pygls.
"""

from __future__ import annotations

import sys

#: The packages of the ``lsp`` extra.
_LSP_PACKAGES = ("pygls", "lsprotocol")


def _installed(package: str) -> bool:
    """Is ``package`` importable? (Looked up without importing it.)"""
    from importlib.util import find_spec

    try:
        return find_spec(package) is not None
    except (ImportError, ValueError):
        return False


def run() -> int:
    """Serve LSP on stdin/stdout; exit status 2 with an install hint when pygls is missing.

    The client's ``initialize`` is answered before pygls is imported (see
    :mod:`.handshake`): the import is most of the start-up time.
    """
    if not all(map(_installed, _LSP_PACKAGES)):
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
