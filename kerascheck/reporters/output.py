"""Turning a run's results into the report the user asked for, and writing it.

The CLI parses the flags; this module decides what they mean for the output
(which reporter, color or not, stdout or a file), so that the rules live
beside the reporters and the CLI stays a thin layer.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Optional, TextIO

from . import CHECK_FORMATS, STATISTICS_FORMATS, SUMMARY_FORMATS, reporter
from .ansi import wants_color
from .common import Context

#: Format tables by subcommand.
FORMATS = {"check": CHECK_FORMATS, "summary": SUMMARY_FORMATS}


@dataclass(frozen=True)
class Request:
    """What the command line asked of the report."""

    command: str = "check"
    output_format: str = "concise"
    statistics: bool = False
    quiet: bool = False
    output_file: Optional[str] = None
    #: Text of checked files that are not on disk (stdin), by display path.
    sources: Mapping[str, bytes] = field(default_factory=dict)
    #: The Keras each file was checked against (``target.Target``), by display path, where the project decided it.
    targets: Mapping[str, Any] = field(default_factory=dict)
    #: The run's ``rule-docs-url`` template, for the formats that link rules (SARIF).
    rule_docs: Optional[str] = None
    #: ``summary --cost [--batch N]``: the batch size of the costs; None: no costs.
    cost_batch: Optional[int] = None
    #: ``summary --diagram``: Mermaid diagrams in the Markdown summary.
    diagram: bool = False


def render_report(results: list, request: Request, color: bool = False) -> str:
    if request.statistics:
        spec = STATISTICS_FORMATS[request.output_format]
    else:
        spec = FORMATS[request.command][request.output_format]
    context = Context(color=color, sources=request.sources, targets=request.targets, rule_docs=request.rule_docs,
                      cost_batch=request.cost_batch, diagram=request.diagram)
    return reporter(spec)(results, context)


def write_report(
    results: list, request: Request, stdout: Optional[TextIO] = None, environ: Optional[Mapping[str, str]] = None
) -> None:
    """Write the report to ``--output-file`` (never colored) or to stdout (unless ``--quiet``).

    Raises ``OSError`` when the output file cannot be written.
    """
    stdout = sys.stdout if stdout is None else stdout
    environ = os.environ if environ is None else environ
    if request.output_file:
        target = Path(request.output_file)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render_report(results, request), encoding="utf-8")
    elif not request.quiet:
        stdout.write(render_report(results, request, wants_color(stdout, environ)))


def deliver(text: str, output_file: Optional[str]) -> int:
    """A command's text to ``--output-file`` or stdout: 0, or 2 with a message when the file cannot be written."""
    from .common import printable

    try:
        if output_file:
            Path(output_file).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    except OSError as error:
        print(f"kerascheck: error: cannot write {printable(output_file or '-')}: {error.strerror or error}", file=sys.stderr)
        return 2
    return 0
