"""Project configuration: ``.kerascheck.toml``, ``kerascheck.toml`` or ``[tool.kerascheck]`` in ``pyproject.toml``.

For each checked file, the directories above it are searched, nearest first,
for a configuration, as ruff searches for ``.ruff.toml``, ``ruff.toml`` and
``pyproject.toml``: in each directory, a ``.kerascheck.toml`` or
``kerascheck.toml`` (the same keys at the top level, or under
``[tool.kerascheck]``) is the configuration whatever it holds, before a
``pyproject.toml`` that has a ``[tool.kerascheck]`` table (one without the
table is skipped). Paths in it are relative to that file.
Every key is validated: a mistake is a :class:`ConfigError` naming the file,
the key and what is allowed, which the CLI prints before exiting with status 2.

.. code-block:: toml

    [tool.kerascheck]
    select = ["KC"]                 # rule selectors: a code, a prefix, or "ALL"
    extend-select = ["KC5"]
    ignore = ["KC206"]
    per-file-ignores = { "tests/*" = ["KC2"] }
    exclude = ["build", "notebooks/*.py"]
    extend-exclude = ["legacy"]
    severity = { KC104 = "error" }
    keras-version = "2.12"          # the target Keras: 1, 2, "2.3", "2.12", 3, or "installed"
    image-data-format = "channels_last"
    cache-max-size = "500MB"        # the result cache's bound ("0": none); read from the run's own configuration
    fail-on = "warning"             # the mildest severity that fails the run (exit 1): error, warning or info
    rule-docs-url = "https://example.com/kerascheck/rules#{code}"  # links in editors and SARIF ({code}, {name})

    [tool.kerascheck.layers.MyDense]  # the project's own layers: see custom_layers.py
    arguments = ["units"]
    output = "(batch, units)"
    params = "input[-1] * units + units"
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Iterable, Optional

from .files import TomlProblem, git_ignored, read_toml
from .rules import valid_selector
from .settings import Settings
from .target import TargetError, parse_request

if TYPE_CHECKING:
    from .target.project import TargetResolver

SEVERITIES = ("error", "warning", "info")


class ConfigError(Exception):
    """A configuration file kerascheck cannot use; the message says where and why."""


@dataclass(frozen=True)
class Options:
    """Options from the command line; they win over the configuration file.

    ``select`` replaces the file's whole selection (its select, extend-select
    and ignore; per-file-ignores still apply), as a fresh start on the command line.
    """

    select: Optional[tuple] = None
    extend_select: tuple = ()
    ignore: tuple = ()
    #: ``--target-keras``, normalised by ``target.parse_request`` ("2.12", "3", "installed").
    target_keras: Optional[str] = None


@dataclass(frozen=True)
class Config:
    """One ``[tool.kerascheck]`` table, validated."""

    root: Path  # the directory of the file: paths are relative to it
    source: str = ""  # the file, for messages
    select: tuple = ()
    extend_select: tuple = ()
    ignore: tuple = ()
    per_file_ignores: tuple = ()  # (pattern, selectors)
    exclude: tuple = ()
    extend_exclude: tuple = ()
    severity: tuple = ()  # (selector, severity)
    #: ``keras-version``, normalised by ``target.parse_request``; None: not set.
    keras_version: Optional[str] = None
    image_data_format: str = "channels_last"
    custom_layers: tuple = ()  # CustomLayer declarations, [tool.kerascheck.layers]
    #: ``cache-max-size`` in bytes (0: no bound); None: not set. Only the run's
    #: own configuration (``--config``, else the working directory's) is asked.
    cache_max_size: Optional[int] = None
    #: ``fail-on``: the mildest severity that makes the run fail; None: not set. Run-wide, like ``cache_max_size``.
    fail_on: Optional[str] = None
    #: ``rule-docs-url``: the template of each rule's documentation link (see rule_links.py); None: no link.
    rule_docs_url: Optional[str] = None

    def settings_for(self, path: Path, options: Options = Options(), targets: Optional["TargetResolver"] = None) -> Settings:
        """The settings a file is checked with: this table, the file's ignores, the CLI's options.

        The target comes from ``targets`` (which also reads the project's
        declared dependencies, once per project); without one, only the
        command line and this table are asked.
        """
        if targets is None:
            from .target.project import TargetResolver

            targets = TargetResolver(read_declarations=False)
        target = targets.resolve(path, ((options.target_keras, f"--target-keras {options.target_keras}"),
                                        (self.keras_version, f'{shown(self.source)}: keras-version = "{self.keras_version}"')))
        relative = self.relative(path)
        ignores = [] if options.select is not None else [*self.ignore]  # --select starts the selection afresh
        for pattern, selectors in self.per_file_ignores:
            if relative is not None and matches(relative, pattern):
                ignores.extend(selectors)
        overridden = options.select is not None
        return Settings(
            image_data_format=self.image_data_format,
            select=tuple(options.select if overridden else self.select),
            extend_select=(*(() if overridden else self.extend_select), *options.extend_select),
            ignore=(*ignores, *options.ignore),
            severity=self.severity,
            custom_layers=self.custom_layers,
            target=target,
        )

    def relative(self, path: Path) -> Optional[PurePosixPath]:
        try:
            return PurePosixPath(resolved(path).relative_to(resolved(self.root)).as_posix())
        except ValueError:
            return None

    def excludes(self, path: Path) -> bool:
        relative = self.relative(path)
        return relative is not None and any(matches(relative, pattern) for pattern in (*self.exclude, *self.extend_exclude))


def matches(relative: PurePosixPath, pattern: str) -> bool:
    """gitignore-like: a pattern without ``/`` matches any path component; otherwise the path from the root."""
    pattern = pattern.strip("/") if pattern not in ("/",) else pattern
    if "/" not in pattern:
        return any(fnmatch.fnmatchcase(part, pattern) for part in relative.parts)
    text = relative.as_posix()
    return fnmatch.fnmatchcase(text, pattern) or any(
        fnmatch.fnmatchcase("/".join(relative.parts[:n]), pattern) for n in range(1, len(relative.parts))
    )


# -- reading -----------------------------------------------------------------------


def _selectors(value: Any, where: str) -> tuple:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where} must be a list of rule selectors such as [\"KC1\", \"KC203\"]")
    bad = [item for item in value if not valid_selector(item)]
    if bad:
        raise ConfigError(f"{where}: unknown rule selector {bad[0]!r}; a selector is a rule code or prefix "
                          "(`kerascheck rule --all` lists them) or \"ALL\"")
    return tuple(value)


def _patterns(value: Any, where: str) -> tuple:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where} must be a list of path patterns such as [\"build\", \"notebooks/*.py\"]")
    return tuple(value)


def _table(value: Any, where: str) -> dict:
    if not isinstance(value, dict):
        raise ConfigError(f"{where} must be a table")
    return value


def _per_file_ignores(value: Any, where: str) -> tuple:
    return tuple((pattern, _selectors(codes, f"{where}.{pattern!r}")) for pattern, codes in _table(value, where).items())


def _severity(value: Any, where: str) -> tuple:
    pairs = []
    for selector, level in _table(value, where).items():
        _selectors([selector], where)
        if level not in SEVERITIES:
            raise ConfigError(f"{where}.{selector} = {level!r}: a severity must be one of {', '.join(SEVERITIES)}")
        pairs.append((selector, level))
    return tuple(pairs)


def _keras_version(value: Any, where: str) -> str:
    try:
        return parse_request(value)
    except TargetError as error:
        raise ConfigError(f"{where} = {value!r}: {error} (the Keras the code is checked against)") from None


def _custom_layers(value: Any, where: str) -> tuple:
    from .custom_layers import parse_declarations  # the interpreter, imported only for a project that declares layers

    try:
        return parse_declarations(value, where)
    except ValueError as error:
        raise ConfigError(str(error)) from None


def _data_format(value: Any, where: str) -> str:
    if value not in ("channels_last", "channels_first"):
        raise ConfigError(f"{where} = {value!r}: must be \"channels_last\" or \"channels_first\"")
    return value


def _size(value: Any, where: str) -> int:
    from .cache import parse_size

    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ConfigError(f"{where} = {value!r}: must be a size such as \"500MB\" or \"2GB\" (\"0\": no bound)")
    try:
        return parse_size(str(value))
    except ValueError:
        raise ConfigError(f"{where} = {value!r}: must be a size such as \"500MB\" or \"2GB\" (\"0\": no bound)") from None


def _fail_on(value: Any, where: str) -> str:
    if value not in SEVERITIES:
        raise ConfigError(f"{where} = {value!r}: must be one of {', '.join(SEVERITIES)} (the mildest severity that fails the run)")
    return value


def _rule_docs_url(value: Any, where: str) -> str:
    from .rule_links import template_problem

    problem = template_problem(value)
    if problem is not None:
        raise ConfigError(f"{where} = {value!r}: {problem}")
    return value


#: key -> (Config field, validator).
_KEYS: dict = {
    "select": ("select", _selectors),
    "extend-select": ("extend_select", _selectors),
    "ignore": ("ignore", _selectors),
    "per-file-ignores": ("per_file_ignores", _per_file_ignores),
    "exclude": ("exclude", _patterns),
    "extend-exclude": ("extend_exclude", _patterns),
    "severity": ("severity", _severity),
    "keras-version": ("keras_version", _keras_version),
    "image-data-format": ("image_data_format", _data_format),
    "layers": ("custom_layers", _custom_layers),
    "cache-max-size": ("cache_max_size", _size),
    "fail-on": ("fail_on", _fail_on),
    "rule-docs-url": ("rule_docs_url", _rule_docs_url),
}

#: The configuration files of one directory, in the order they are looked for (ruff's order).
CONFIG_FILES = (".kerascheck.toml", "kerascheck.toml", "pyproject.toml")


def validate(key: str, value: Any, where: str) -> Any:
    """One ``[tool.kerascheck]`` key's value, validated as in a file (the editor's settings use it too)."""
    return _KEYS[key][1](value, where)


def read_table(path: Path) -> Optional[dict]:
    """The ``[tool.kerascheck]`` table of a TOML file, or None if it has none."""
    try:
        document = read_toml(path)  # read safely and bounded; nesting too deep is a clear message
    except TomlProblem as error:
        raise ConfigError(f"{path}: {error}") from None
    table = document.get("tool", {}).get("kerascheck") if isinstance(document.get("tool"), dict) else None
    if table is None and path.name != "pyproject.toml":
        table = document  # a kerascheck.toml: its keys at the top level, each validated
    return table


def load(path: Path) -> Config:
    """Validate the configuration in ``path``; a file without the table is an empty configuration."""
    table = read_table(path) or {}
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.kerascheck] must be a table")
    values: dict = {}
    for key, value in table.items():
        if key not in _KEYS:
            where = "[tool.kerascheck]" if path.name == "pyproject.toml" else path.name
            raise ConfigError(f"{path}: unknown key {key!r} in {where}; the keys are: {', '.join(_KEYS)}")
        field, validate = _KEYS[key]
        values[field] = validate(value, f"{path}: {key}")
    return Config(root=path.parent, source=str(path), **values)


class Resolver:
    """The configuration of each checked file, found once per directory."""

    def __init__(self, explicit: Optional[Path] = None, isolated: bool = False, cwd: Optional[Path] = None) -> None:
        from .target.project import TargetResolver

        self.cwd = cwd or Path.cwd()
        self.fixed: Optional[Config] = load(explicit) if explicit is not None else None
        if isolated and self.fixed is None:
            self.fixed = Config(root=self.cwd)
        self.by_directory: dict = {}
        #: The target of each file; ``--isolated`` reads no dependency declarations either.
        self.targets = TargetResolver(read_declarations=not isolated)

    def settings_for(self, path: Path, options: Options = Options()) -> Settings:
        """Everything a file is checked with: its configuration, the command line, its project's target."""
        return self.config_for(path).settings_for(path, options, self.targets)

    def config_for(self, path: Path) -> Config:
        if self.fixed is not None:
            return self.fixed
        directory = resolved(path).parent
        if directory not in self.by_directory:
            self.by_directory[directory] = self._search(directory)
        return self.by_directory[directory]

    def _search(self, directory: Path) -> Config:
        for folder in (directory, *directory.parents):
            if folder in self.by_directory:
                return self.by_directory[folder]
            for name in CONFIG_FILES:
                candidate = folder / name
                try:
                    present = candidate.is_file()
                except OSError:  # a directory that cannot be entered (no execute permission): nothing there for us
                    present = False
                if present and (name != "pyproject.toml" or read_table(candidate) is not None):
                    return load(candidate)
        return Config(root=self.cwd)


def shown(source: str) -> str:
    """A configuration file's path as messages show it: relative to the working directory when below it."""
    if not source:
        return "the configuration"
    try:
        return Path(source).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return source


def resolved(path: Path) -> Path:
    """``path.resolve()`` that never raises: a symbolic link loop stays as it is (then reported as unreadable)."""
    return _real(os.path.abspath(path))  # absolute first: a relative path means another file after a chdir


@lru_cache(maxsize=1 << 16)
def _real(absolute: str) -> Path:
    """Remembered: each file's path is compared about ten times in a run (named files, excludes,
    per-file ignores, its project), and resolving one costs a ``lstat`` per component."""
    return Path(os.path.realpath(absolute))


def select_files(paths: Iterable[Path], named: Iterable[str], resolver: Resolver, force_exclude: bool, respect_gitignore: bool = True) -> list:
    """The discovered files minus the excluded and git-ignored ones.

    A file named on the command line is only excluded with ``--force-exclude``
    (pre-commit passes every staged file by name).
    """
    explicit = {resolved(Path(name)) for name in named if not os.path.isdir(name)}  # never raises (permissions)
    kept = []
    for path in paths:
        if force_exclude or resolved(path) not in explicit:
            if resolver.config_for(path).excludes(path):
                continue
        kept.append(path)
    if not respect_gitignore:
        return kept
    # git's rules read with pathspec (files.GitIgnore): git itself is never run in the checked tree.
    ignored = git_ignored([path for path in kept if force_exclude or resolved(path) not in explicit])
    return [path for path in kept if path not in ignored]
