"""The ``kerascheck`` command: ``check``, ``summary`` and ``layers``.

Exit status: 0 when nothing was found, 1 when there are findings, 2 for a
usage error, a missing path, or an internal error.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Sequence

from . import __version__

if TYPE_CHECKING:
    from .settings import Settings

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors exit with our status 2 and a one-line hint."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"kerascheck: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    from .cli_checks import DEFAULT_FORMATS
    from .reporters import CHECK_FORMATS, SUMMARY_FORMATS

    parser = _Parser(prog="kerascheck", description="Predict Keras model shapes from source and report shape errors.")
    parser.add_argument("--version", action="version", version=f"kerascheck {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser("check", help="report findings (default)", description="Report shape errors and warnings.")
    summary = commands.add_parser("summary", help="print the predicted model summaries", description="Print each model's predicted summary, then the findings.")
    for sub, formats, default in ((check, CHECK_FORMATS, DEFAULT_FORMATS["check"]), (summary, SUMMARY_FORMATS, DEFAULT_FORMATS["summary"])):
        sub.add_argument("paths", nargs="*", default=["."], metavar="PATH", help="files or directories (default: .); - reads a file from stdin")
        sub.add_argument("--output-format", choices=sorted(formats), default=default, help=f"output format (default: {default})")
        _add_output_options(sub)
        # Accepted so the pre-commit hook's entry works; the configured excludes give it its effect.
        sub.add_argument("--force-exclude", action="store_true", help="apply the configured excludes to files named on the command line too (pre-commit names every file)")
        _add_rule_options(sub)
        _add_speed_options(sub)
    _add_summary_options(summary)
    check.add_argument("--add-noqa", action="store_true", help="add a `# kerascheck: ignore[...]` comment for every current finding, and exit")
    _add_fix_options(check)
    graph = commands.add_parser("graph", help="draw a model: Mermaid, Graphviz DOT or SVG",
                                description="Draw a model's predicted graph: each layer with its type, output shape and parameters.")
    graph.add_argument("path", metavar="PATH", help="the Python file that builds the model")
    graph.add_argument("--model", metavar="NAME", help="the model to draw (default: the last one the file builds)")
    graph.add_argument("--format", choices=("mermaid", "dot", "svg"), default="mermaid", help="output format (default: mermaid)")
    graph.add_argument("-o", "--output-file", metavar="PATH", help="write the diagram to PATH instead of stdout")
    graph.add_argument("--target-keras", type=_target_keras, metavar="VERSION", help="the Keras to predict for (as for check)")
    diff = commands.add_parser("diff", help="what a change did to the models, between two git revisions",
                               description="Compare the predicted models of two git revisions (default: the merge base with the "
                                           "default branch, and the working tree); old files are read with git show, never checked out.")
    diff.add_argument("items", nargs="*", metavar="[BASE [HEAD]] [PATHS]", help="revisions, then files or directories (default: the repository)")
    diff.add_argument("--output-format", choices=("text", "json", "markdown"), default="text", help="output format (default: text)")
    diff.add_argument("-o", "--output-file", metavar="PATH", help="write the report to PATH instead of stdout")
    diff.add_argument("--target-keras", type=_target_keras, metavar="VERSION", help="the Keras to predict for (as for check)")
    rule = commands.add_parser("rule", help="print a rule's documentation", description="Print a rule's documentation, or list all rules.")
    rule.add_argument("code", nargs="?", metavar="CODE", help="a rule code such as KC104")
    rule.add_argument("--all", action="store_true", help="list every rule: code, severity, name")
    commands.add_parser("layers", help="list the layers kerascheck understands", description="List the canonical Keras layer classes kerascheck understands, one per line.")
    commands.add_parser("server", help="run the language server (LSP on stdio)", description="Serve the Language Server Protocol on stdin/stdout for editors; needs pip install 'kerascheck[lsp]'.")
    parser.set_defaults(commands=commands.choices)  # for the message naming the command an option belongs to
    return parser


def _add_fix_options(check: argparse.ArgumentParser) -> None:
    """``--fix`` and friends, ruff's conventions (see ``fixing.py``)."""
    check.add_argument("--fix", action="store_true", help="apply the safe fixes in place (stdin: print the fixed source); "
                       "with --migrate-to N, the migration findings (KC5, KC6) are fixed too")
    check.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff: apply the unsafe fixes too (they change behaviour, or may be wrong)")
    check.add_argument("--diff", action="store_true", help="print the fixes as a unified diff and change nothing; exit 1 when there is something to fix")
    check.add_argument("--fix-only", action="store_true", help="like --fix, but report nothing that remains, and exit 0")


def _add_summary_options(summary: argparse.ArgumentParser) -> None:
    """``summary --cost [--batch N]`` and ``--diagram`` (see ``cost_summary.py`` and ``diagram.py``)."""
    summary.add_argument("--cost", action="store_true",
                         help="add each layer's FLOPs (a multiply-add counts 2) and output memory, and the totals")
    summary.add_argument("--batch", type=_batch, metavar="N",
                         help="the batch size of --cost where the model leaves it open (default: 1)")
    summary.add_argument("--diagram", action="store_true", help="with --output-format markdown: a Mermaid diagram of each model")


def _batch(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of examples, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _add_speed_options(sub: argparse.ArgumentParser) -> None:
    """Parallelism and the result cache (see ``runner.py`` and ``cache.py``)."""
    sub.add_argument("--jobs", "-j", type=_jobs, default=0, metavar="N", help="worker processes (default: the available cores; 1: no workers)")
    sub.add_argument("--cache-dir", metavar="DIR", help="where to keep per-file results (default: .kerascheck_cache at the project root)")
    sub.add_argument("--no-cache", action="store_true", help="neither read nor write cached results")
    sub.add_argument("--cache-max-size", type=_size, metavar="SIZE",
                     help="bound the cache directory, e.g. 500MB or 2GB, 0 for no bound; the entries used least "
                          "recently go first (default: cache-max-size, else $KERASCHECK_CACHE_MAX_SIZE, else 256MB)")


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of processes, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _size(text: str) -> int:
    from .cache import parse_size

    try:
        return parse_size(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _add_rule_options(sub: argparse.ArgumentParser) -> None:
    """Rule selection and configuration (see ``config.py``); they override ``pyproject.toml``."""
    for flag, what in (("--select", "report only these rules (codes or prefixes, comma-separated; ALL for every rule)"),
                       ("--extend-select", "report these rules as well, e.g. the opt-in KC5 and KC901"),
                       ("--ignore", "do not report these rules")):
        sub.add_argument(flag, metavar="CODES", action="append", default=[], help=what)
    sub.add_argument("--config", metavar="PATH", help="use this pyproject.toml (or kerascheck.toml) for every file")
    sub.add_argument("--isolated", action="store_true", help="ignore every configuration file (and the project's declared dependencies)")
    sub.add_argument("--target-keras", type=_target_keras, metavar="VERSION",
                     help="the Keras to check against: 1, 2, 2.3, 2.12, 3... or 'installed' (default: keras-version, "
                          "else the project's declared dependencies, else the file's own spellings, else 3)")
    sub.add_argument("--migrate-to", type=_migrate_to, metavar="N", default=None,
                     help="the Keras generation the opt-in migration rules (KC6) report against: 2 or 3 (default 3); "
                          "given with --fix or --diff, the migration rules (KC5, KC6) are selected and fixed")
    sub.add_argument("--show-settings", action="store_true", help="print the settings the first file is checked with (target included), and exit")


def _migrate_to(text: str) -> int:
    if text.strip() not in ("2", "3"):
        raise argparse.ArgumentTypeError(f"must be 2 or 3 (the Keras generation to migrate to), not {text!r}")
    return int(text)


def _target_keras(text: str) -> str:
    from .target import TargetError, parse_request

    try:
        return parse_request(text)
    except TargetError as error:
        raise argparse.ArgumentTypeError(f"{text!r}: {error}") from None


def _add_output_options(sub: argparse.ArgumentParser) -> None:
    """The flags that shape the report (see ``reporters/output.py``), on ``check`` and ``summary``."""
    sub.add_argument("--statistics", action="store_true", help="print how many findings each rule has, instead of the findings")
    sub.add_argument("-q", "--quiet", action="store_true", help="print no report and no closing line; the exit status tells (--output-file is still written)")
    sub.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings (internal errors still exit 2)")
    sub.add_argument("--fail-on", choices=("error", "warning", "info"), metavar="SEVERITY",
                     help="the mildest severity that fails the run (exit 1): error, warning or info "
                          "(default: fail-on, else warning: info findings never fail)")
    sub.add_argument("-o", "--output-file", metavar="PATH", help="write the report to PATH instead of stdout (never colored)")
    sub.add_argument("--stdin-filename", metavar="NAME", help="the path to report for the file read from stdin with -")
    sub.add_argument("--show-files", action="store_true", help="list the files that would be checked, and exit")


def main(argv: Optional[Sequence[str]] = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments or arguments[0].startswith("-") and arguments[0] not in ("-h", "--help", "--version"):
        arguments.insert(0, "check")
    parser = build_parser()
    options, unknown = parser.parse_known_args(arguments)
    if unknown:
        from .cli_checks import unknown_option_hint

        command = options.command or "check"
        options.commands[command].error(unknown_option_hint(options.commands, command, unknown))
    from .dataclass_code import reused_dataclass_code

    try:
        with reused_dataclass_code():  # libcst's classes built from the code earlier runs compiled
            return _command(options)
    except BrokenPipeError:
        return EXIT_CLEAN
    except KeyboardInterrupt:
        return EXIT_ERROR


def _command(options: argparse.Namespace) -> int:
    """Run the parsed command."""
    if options.command == "layers":
        return _layers()
    if options.command == "rule":
        return _rule(options)
    if options.command == "diff":
        from .diff_command import run_diff

        return run_diff(options.items, [], options.output_format, options.output_file, options.target_keras)
    if options.command == "graph":
        from .diagram import draw_command

        return draw_command(options.path, options.model, options.format, options.output_file, options.target_keras)
    if options.command == "server":
        from .server import run  # imports pygls only now: the base install does not need it

        return run()
    if options.command == "summary" and (options.cost or options.batch) and options.output_format == "json":
        print("kerascheck: error: --cost adds tables to the text and Markdown summaries, not to the JSON contract",
              file=sys.stderr)
        return EXIT_ERROR
    if options.command == "summary" and options.diagram and options.output_format != "markdown":
        print("kerascheck: error: --diagram draws Mermaid diagrams in the Markdown summary: add --output-format markdown "
              "(or use `kerascheck graph`)", file=sys.stderr)
        return EXIT_ERROR
    return _run(options)


def _layers() -> int:
    from .layers import all_specs

    for spec in all_specs():
        aliases = f" (aliases: {', '.join(spec.aliases)})" if spec.aliases else ""
        print(f"{spec.name}  [{spec.group}]{aliases}")
    return EXIT_CLEAN


def _run(options: argparse.Namespace) -> int:
    from .runner import check_paths
    from .files import MissingPath, discover
    from .reporters.output import Request, write_report
    from .cli_checks import refusal
    from .outcome import DEFAULT_FAIL_ON

    refused = refusal(options)
    if refused:
        print(f"kerascheck: error: {refused}", file=sys.stderr)
        return EXIT_ERROR
    try:
        _check_fix_flags(options)
        stdin, named = _split_stdin(options)
    except ValueError as usage:
        print(f"kerascheck: error: {usage}", file=sys.stderr)
        return EXIT_ERROR
    try:
        paths = list(discover(named))
    except MissingPath as missing:
        print(f"kerascheck: error: no such file or directory: {missing}", file=sys.stderr)
        return EXIT_ERROR
    if not paths and not stdin:
        print("kerascheck: warning: no Python files or notebooks found in the paths given", file=sys.stderr)
        return EXIT_ERROR
    try:
        project, kept = _configure(options, named, paths)
    except ValueError as error:
        print(f"kerascheck: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    if paths and not kept and not stdin:  # not "All checks passed!": nothing was checked (pre-commit: not a failure)
        print("kerascheck: warning: every file found is excluded (exclude, extend-exclude, .gitignore): nothing to check",
              file=sys.stderr)
        return EXIT_CLEAN
    paths = kept
    if options.show_files:
        from .reporters.common import printable  # a name that is not UTF-8, or holds control characters, shown escaped

        sys.stdout.write("".join(f"{printable(str(path))}\n" for path in [*paths, *stdin]))
        return EXIT_CLEAN
    if options.show_settings:
        return _show_settings([*paths, *map(Path, stdin)], project)
    try:
        tasks = [(path, project.settings(path)) for path in paths]
        stdin_settings = {name: project.settings(Path(name)) for name in stdin}
    except ValueError as error:
        print(f"kerascheck: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    try:
        cache = _cache(options, project)
        fail_on = options.fail_on or project.run_config().fail_on or DEFAULT_FAIL_ON
        rule_docs = project.run_config().rule_docs_url
    except ValueError as error:
        print(f"kerascheck: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    from .reporters.common import printable  # notes name the project's files: no terminal escapes

    for note in project.notes():
        print(f"kerascheck: note: {printable(note)}", file=sys.stderr)
    sources = {name: sys.stdin.buffer.read() for name in stdin}
    add_noqa = getattr(options, "add_noqa", False)
    sarif = options.output_format == "sarif" and not options.statistics  # SARIF carries the findings' fixes
    keep: Optional[dict] = {} if add_noqa or sarif else None  # the bytes checked: all --add-noqa may rewrite, and from what
    fixing = _fixing(options)
    if fixing is not None:
        from .fixing import fix_files, summary

        results, fixed, changed = fix_files(tasks, {name: (data, stdin_settings[name]) for name, data in sources.items()}, fixing)
        if options.diff:
            return EXIT_FINDINGS if changed else EXIT_CLEAN
        print(f"kerascheck: {summary(fixed, sum(len(result.diagnostics) for result in results))}", file=sys.stderr)
    else:
        results = check_paths(tasks, options.jobs, cache, keep=keep)
        if sources:
            from .engine import check_bytes  # only now: a run served from the cache never imports the analysis

            results += [check_bytes(data, name, stdin_settings[name]) for name, data in sources.items()]
        if sarif:
            from .fixing import attach_fixes

            results = attach_fixes(results, {**(keep or {}), **sources})
    targets = {str(path): settings.target for path, settings in [*tasks, *stdin_settings.items()] if settings.target is not None}
    if add_noqa:
        return _add_noqa([result for result in results if result.path not in sources], keep or {}, named)  # never rewrite from stdin
    # --fix-only reports nothing; --fix on stdin prints the fixed source, not a report
    quiet = options.quiet or fixing is not None and (options.fix_only or bool(sources))
    request = Request(options.command, options.output_format, options.statistics, quiet, options.output_file, sources, targets, rule_docs,
                      **_summary_request(options))
    try:
        write_report(results, request)
    except OSError as error:
        print(f"kerascheck: error: cannot write {options.output_file}: {error.strerror or error}", file=sys.stderr)
        return EXIT_ERROR
    return _conclude(results, options, fail_on)


def _conclude(results: list, options: argparse.Namespace, fail_on: str) -> int:
    """The closing line on stderr (unless ``--quiet``), then the exit status: ``fail_on`` decides what fails."""
    from .outcome import fails, models_found, tally

    if not options.quiet:
        if options.command == "summary" and models_found(results):
            print(f"kerascheck: {models_found(results)}", file=sys.stderr)
        print(tally(results), file=sys.stderr)
    if any(d.code == "KC003" for result in results for d in result.diagnostics):
        return EXIT_ERROR
    if options.exit_zero or getattr(options, "fix_only", False):
        return EXIT_CLEAN
    return EXIT_FINDINGS if fails(results, fail_on) else EXIT_CLEAN


def _check_fix_flags(options: argparse.Namespace) -> None:
    """ValueError with the message of a usage error among the fix flags."""
    if getattr(options, "unsafe_fixes", False) and _fixing(options) is None:
        raise ValueError("--unsafe-fixes applies with --fix, --diff or --fix-only")
    if getattr(options, "add_noqa", False) and _fixing(options) is not None:
        raise ValueError("--add-noqa cannot be combined with --fix, --diff or --fix-only")


def _fixing(options: argparse.Namespace) -> Any:
    """The ``fixing.Request`` of ``--fix``/``--diff``/``--fix-only``, or None when nothing is to be fixed."""
    if not any(getattr(options, flag, False) for flag in ("fix", "diff", "fix_only")):
        return None
    from .fixing import Request

    return Request(not options.diff, options.unsafe_fixes, tuple(options.paths), options.jobs)


def _summary_request(options: argparse.Namespace) -> dict:
    """What ``--cost``, ``--batch`` and ``--diagram`` ask of the summary report."""
    if options.command != "summary":
        return {}
    cost = options.cost or options.batch is not None
    return {"cost_batch": (options.batch or 1) if cost else None, "diagram": options.diagram}


def _cache(options: argparse.Namespace, project: "_Project") -> object:
    """The result cache of this run, or None with ``--no-cache``; ValueError with the message of a bad configuration.

    Its bound: ``--cache-max-size``, else ``cache-max-size`` of the run's own
    configuration (``--config``, else the one found for the working directory,
    as for every run-wide setting), else ``$KERASCHECK_CACHE_MAX_SIZE``, else
    the default.
    """
    if options.no_cache:
        return None
    from .cache import Cache, default_cache_dir

    size = options.cache_max_size
    if size is None:
        size = project.run_config().cache_max_size
    return Cache(Path(options.cache_dir) if options.cache_dir else default_cache_dir(), max_bytes=size)


def _split_stdin(options: argparse.Namespace) -> tuple:
    """``(stdin names, other paths)``: ``[name]`` when ``-`` asks for a file from stdin, else ``[]``.

    ``--stdin-filename`` without any path reads stdin too, as editors call it.
    Raises ``ValueError`` with the message of a usage error.
    """
    paths = [path for path in options.paths if path != "-"]
    dashes = len(options.paths) - len(paths)
    if dashes > 1:
        raise ValueError("- (stdin) can be given only once")
    if options.stdin_filename and not dashes:
        if paths != ["."]:
            raise ValueError("--stdin-filename names the file read from stdin: add - to the paths")
        paths, dashes = [], 1
    return ([options.stdin_filename or "-"] if dashes else []), paths


def _configure(options: argparse.Namespace, named: list, paths: list) -> tuple:
    """(the run's _Project, the paths left after excludes); ValueError with the message of a bad configuration."""
    from .config import ConfigError, Options, Resolver, select_files
    from .rules import valid_selector

    def selectors(values: list, flag: str) -> tuple:
        found = tuple(item.strip() for value in values for item in value.split(",") if item.strip())
        bad = [item for item in found if not valid_selector(item)]
        if bad:
            raise ValueError(f"{flag}: unknown rule selector {bad[0]!r} (`kerascheck rule --all` lists the rules)")
        return found

    migrating = options.migrate_to is not None and _fixing(options) is not None  # --fix --migrate-to 3: fix the migration too
    cli = Options(
        select=selectors(options.select, "--select") or None,
        extend_select=selectors(options.extend_select, "--extend-select") + (("KC5", "KC6") if migrating else ()),
        ignore=selectors(options.ignore, "--ignore"),
        target_keras=options.target_keras,
    )
    try:
        resolver = Resolver(Path(options.config) if options.config else None, options.isolated)
        kept = select_files(paths, named, resolver, options.force_exclude)
        configs = {path: resolver.config_for(path) for path in kept}
    except ConfigError as error:
        raise ValueError(f"bad configuration: {error}") from None

    return _Project(resolver, configs, cli, options.migrate_to or 3, _summary_request(options).get("cost_batch") is not None), kept


class _Project:
    """The settings of each file of this run: its configuration, the command line, its target."""

    def __init__(self, resolver: Any, configs: dict, cli: Any, migrate_to: int = 3, costs: bool = False) -> None:
        self.resolver, self.configs, self.cli, self.migrate_to, self.costs = resolver, configs, cli, migrate_to, costs

    def config(self, path: Path) -> Any:
        return self.configs.get(path) or self.resolver.config_for(path)

    def settings(self, path: Path) -> "Settings":
        """ValueError with the message of a bad configuration."""
        from .config import ConfigError

        try:
            settings = self.config(path).settings_for(path, self.cli, self.resolver.targets)
        except ConfigError as error:
            raise ValueError(f"bad configuration: {error}") from None
        if self.migrate_to != settings.migrate_to or self.costs != settings.costs:
            settings = dataclasses.replace(settings, migrate_to=self.migrate_to, costs=self.costs)
        return settings

    def run_config(self) -> Any:
        """The configuration of the run itself (``--config``, else the working directory's); ValueError if bad."""
        from .config import ConfigError

        try:
            return self.resolver.config_for(self.resolver.cwd / "pyproject.toml")
        except ConfigError as error:
            raise ValueError(f"bad configuration: {error}") from None

    def notes(self) -> list:
        """What resolving the targets noticed (a conflict, an unreadable declaration), each once."""
        return list(self.resolver.targets.notes)


def _show_settings(paths: list, project: _Project) -> int:
    """``--show-settings``: the resolved settings of the first file, as ruff prints them."""
    from .settings import render

    if not paths:
        print("kerascheck: error: --show-settings needs a file to show the settings of", file=sys.stderr)
        return EXIT_ERROR
    path = paths[0]
    try:
        settings = project.settings(path)
    except ValueError as error:
        print(f"kerascheck: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    from .reporters.common import printable

    sys.stdout.write(printable(render(settings, str(path), project.config(path).source, project.notes()), keep="\n"))
    return EXIT_CLEAN


def _rule(options: argparse.Namespace) -> int:
    from .rules import ordered, render, rule

    if options.all:
        width = max(len(r.severity) for r in ordered())
        for found in ordered():
            print(f"{found.code}  {found.severity:<{width}}  {found.name}{'' if found.default else '  (opt-in)'}")
        return EXIT_CLEAN
    found = rule(options.code.upper()) if options.code else None
    if found is None:
        print(f"kerascheck: error: {'unknown rule ' + repr(options.code) if options.code else 'give a rule code or --all'}; "
              "`kerascheck rule --all` lists the rules", file=sys.stderr)
        return EXIT_ERROR
    sys.stdout.write(render(found))
    return EXIT_CLEAN


def _add_noqa(results: list, checked: dict, named: list) -> int:
    """Add suppression comments for the findings, rewriting only the files that change.

    Only what the runner read is rewritten, from the bytes it checked
    (``checked``), and never through a link leading outside the paths named
    (``suppression.apply_suppressions``); each file left alone says why on stderr.
    """
    from .reporters.common import printable
    from .suppression import apply_suppressions

    total, files, messages = apply_suppressions(results, checked, named or ["."])
    for message in messages:
        print(f"kerascheck: {printable(message)}", file=sys.stderr)
    print(f"Added {total} suppression comment{'s' if total != 1 else ''} to {files} file{'s' if files != 1 else ''}.")
    return EXIT_CLEAN
