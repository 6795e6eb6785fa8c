"""Options that mean nothing, alone or together, refused before anything runs.

A flag that is accepted and silently ignored is a lie to the user (``--add-noqa``
on stdin rewrote nothing and said "Added 0"): each such combination is one row
of :data:`CONFLICTS` (two flags given together) or :data:`REFUSALS` (one flag
with a value that cannot work), and the CLI exits with status 2 and the row's
reason. Only what the command line says is judged here; the configuration file
is validated by :mod:`kerascheck.config`.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from typing import Callable, Optional

#: Each command's default ``--output-format`` (the parser's defaults, so that a format given is told from none).
DEFAULT_FORMATS = {"check": "concise", "summary": "text"}


def _stdin(options: argparse.Namespace) -> bool:
    return "-" in options.paths or bool(options.stdin_filename)


def _format_given(options: argparse.Namespace) -> bool:
    return options.output_format != DEFAULT_FORMATS.get(options.command)


#: A flag as the user writes it -> whether this command line gives it.
GIVEN: dict = {
    "--add-noqa": lambda o: getattr(o, "add_noqa", False),
    "--show-files": lambda o: o.show_files,
    "--show-settings": lambda o: o.show_settings,
    "--statistics": lambda o: o.statistics,
    "--output-file": lambda o: bool(o.output_file),
    "--output-format": _format_given,
    "--quiet": lambda o: o.quiet,
    "--exit-zero": lambda o: o.exit_zero,
    "--fail-on": lambda o: o.fail_on is not None,
    "--no-cache": lambda o: o.no_cache,
    "--cache-dir": lambda o: bool(o.cache_dir),
    "--cache-max-size": lambda o: o.cache_max_size is not None,
    "- (stdin)": _stdin,
}

_LISTS = "lists the files and exits"
_SHOWS = "prints the settings and exits"
_ADDS = "rewrites the files and exits 0 without a report"

#: (flag, flag, why they cannot go together).
CONFLICTS = (
    ("--add-noqa", "- (stdin)", "--add-noqa rewrites files on disk, and a file read from stdin is not one"),
    ("--show-files", "--add-noqa", f"--show-files {_LISTS}: it would add nothing"),
    ("--show-settings", "--add-noqa", f"--show-settings {_SHOWS}: it would add nothing"),
    ("--show-files", "--show-settings", "each prints something else and exits; run them one at a time"),
    *((mode, flag, f"{mode} {why}, so {flag} would have no effect")
      for mode, why in (("--show-files", _LISTS), ("--show-settings", _SHOWS), ("--add-noqa", _ADDS))
      for flag in ("--statistics", "--output-file", "--output-format", "--exit-zero", "--fail-on")),
    *((mode, "--quiet", f"{mode} {why}: --quiet would hide all it does")
      for mode, why in (("--show-files", _LISTS), ("--show-settings", _SHOWS))),
    ("--no-cache", "--cache-dir", "--no-cache neither reads nor writes a cache directory"),
    ("--no-cache", "--cache-max-size", "--no-cache keeps no cache to bound"),
    ("--exit-zero", "--fail-on", "--exit-zero never fails; --fail-on sets which findings fail the run"),
)


@dataclass(frozen=True)
class Refusal:
    """One flag whose value cannot work: ``applies(options)`` says so, ``message(options)`` says why."""

    applies: Callable[[argparse.Namespace], bool]
    message: Callable[[argparse.Namespace], str]


def _empty_selector(options: argparse.Namespace) -> Optional[str]:
    """The first of ``--select``, ``--extend-select``, ``--ignore`` given without any rule code."""
    for flag in ("--select", "--extend-select", "--ignore"):
        if any(not value.replace(",", "").strip() for value in getattr(options, flag[2:].replace("-", "_"))):
            return flag
    return None


def _statistics_format(options: argparse.Namespace) -> bool:
    from .reporters import STATISTICS_FORMATS

    return options.statistics and options.output_format not in STATISTICS_FORMATS


def _cache_dir_not_a_directory(options: argparse.Namespace) -> bool:
    return bool(options.cache_dir) and os.path.exists(options.cache_dir) and not os.path.isdir(options.cache_dir)


REFUSALS = (
    Refusal(lambda o: _empty_selector(o) is not None,
            lambda o: f"{_empty_selector(o)} was given no rule code (write codes or prefixes, e.g. {_empty_selector(o)} KC1,KC203)"),
    Refusal(_statistics_format,
            lambda o: f"--statistics prints a table of counts (as text, or JSON with --output-format json); "
                      f"it has no {o.output_format} form"),
    Refusal(_cache_dir_not_a_directory, lambda o: f"--cache-dir {o.cache_dir}: exists and is not a directory"),
)


def refusal(options: argparse.Namespace) -> Optional[str]:
    """The reason this command line cannot run as asked, or None when it can."""
    for first, second, why in CONFLICTS:
        if GIVEN[first](options) and GIVEN[second](options):
            return f"{first} and {second} cannot be used together: {why}"
    for rule in REFUSALS:
        if rule.applies(options):
            return rule.message(options)
    return None


def unknown_option_hint(commands: dict, command: str, unknown: list) -> str:
    """``unrecognized arguments: ...``, naming the commands that do take an option given to the wrong one."""
    message = f"unrecognized arguments: {' '.join(unknown)}"
    for option in unknown:
        owners = [name for name, parser in commands.items() if name != command and option.split("=", 1)[0] in parser._option_string_actions]
        if owners:
            message += f" ({option} is an option of {' and '.join(f'`kerascheck {name}`' for name in owners)}, not of `kerascheck {command}`)"
    return message
