"""The ``kerascheck`` command: ``check``, ``summary`` and ``layers``.

Exit status: 0 when nothing was found, 1 when there are findings, 2 for a
usage error, a missing path, or an internal error.
"""

from __future__ import annotations

import argparse
import sys
from typing import Optional, Sequence

from . import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors exit with our status 2 and a one-line hint."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"kerascheck: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    from .reporters import CHECK_FORMATS, SUMMARY_FORMATS

    parser = _Parser(prog="kerascheck", description="Predict Keras model shapes from source and report shape errors.")
    parser.add_argument("--version", action="version", version=f"kerascheck {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser("check", help="report findings (default)", description="Report shape errors and warnings.")
    summary = commands.add_parser("summary", help="print the predicted model summaries", description="Print each model's predicted summary, then the findings.")
    for sub, formats, default in ((check, CHECK_FORMATS, "concise"), (summary, SUMMARY_FORMATS, "text")):
        sub.add_argument("paths", nargs="*", default=["."], metavar="PATH", help="files or directories (default: .)")
        sub.add_argument("--output-format", choices=sorted(formats), default=default, help=f"output format (default: {default})")
    commands.add_parser("layers", help="list the layers kerascheck understands", description="List the canonical Keras layer classes kerascheck understands, one per line.")
    commands.add_parser("server", help="run the language server (LSP on stdio)", description="Serve the Language Server Protocol on stdin/stdout for editors; needs pip install 'kerascheck[lsp]'.")
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments or arguments[0].startswith("-") and arguments[0] not in ("-h", "--help", "--version"):
        arguments.insert(0, "check")
    options = build_parser().parse_args(arguments)
    try:
        if options.command == "layers":
            return _layers()
        if options.command == "server":
            from .server import run  # imports pygls only now: the base install does not need it

            return run()
        return _run(options)
    except BrokenPipeError:
        return EXIT_CLEAN
    except KeyboardInterrupt:
        return EXIT_ERROR


def _layers() -> int:
    from .layers import all_specs

    for spec in all_specs():
        aliases = f" (aliases: {', '.join(spec.aliases)})" if spec.aliases else ""
        print(f"{spec.name}  [{spec.group}]{aliases}")
    return EXIT_CLEAN


def _run(options: argparse.Namespace) -> int:
    from .engine import check_file
    from .files import MissingPath, discover
    from .reporters import CHECK_FORMATS, SUMMARY_FORMATS, reporter

    formats = CHECK_FORMATS if options.command == "check" else SUMMARY_FORMATS
    try:
        paths = list(discover(options.paths))
    except MissingPath as missing:
        print(f"kerascheck: error: no such file or directory: {missing}", file=sys.stderr)
        return EXIT_ERROR
    results = [check_file(path) for path in paths]
    sys.stdout.write(reporter(formats[options.output_format])(results))
    if any(d.code == "KC003" for result in results for d in result.diagnostics):
        return EXIT_ERROR
    return EXIT_FINDINGS if any(result.diagnostics for result in results) else EXIT_CLEAN
