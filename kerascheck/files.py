"""Which files a run checks, and how anything is read from the checked tree.

* :func:`discover`: the paths named, and ``*.py`` and ``*.ipynb`` below directories. A
  directory that cannot be listed, an entry that cannot be examined (no
  execute permission), a FIFO, a device or a looping link is yielded all the
  same, for the runner to report as a finding; nothing here raises for the
  state of the file system.
* :func:`read_regular`: the one way a file of the checked tree is read. It
  opens without blocking (a FIFO never hangs), checks on the open descriptor
  that it is a regular file (no race between a check and the read), and never
  reads more than a bound (a link to ``/dev/zero`` or an endless ``/proc``
  file stops there).
* :class:`GitIgnore`: which files git ignores, read from ``.gitignore`` files,
  ``.git/info/exclude`` and the user's global excludes file with ``pathspec``.
  kerascheck never runs git in the checked tree: a repository's own
  ``.git/config`` can make git run commands (``core.fsmonitor``), and a linter
  must be safe on a repository just cloned.
* :func:`read_toml`: a configuration file, read the same safe way, with a
  clear message for TOML nested too deeply for the parser.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Iterable, Iterator, Optional

#: Directories never worth descending into.
SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", ".venv", "venv", "__pycache__", "node_modules", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".kerascheck_cache", "site-packages", ".ipynb_checkpoints"})
#: What a directory is searched for: Python files and Jupyter notebooks.
CHECKED_SUFFIXES = (".py", ".ipynb")
#: Bytes read at most from an ignore file or a configuration file.
MAX_SMALL_FILE = 1024 * 1024


class MissingPath(Exception):
    """A path named on the command line does not exist."""


class NotReadable(OSError):
    """A path that is not read, with the reason as its message (a FIFO, a device, too large)."""


def discover(paths: Iterable[str]) -> Iterator[Path]:
    """Files to check, in a stable order; named files are checked whatever their suffix."""
    for name in paths:
        path = Path(name)
        if _is_dir(path):
            yield from sorted(_python_files(path))
        elif _lexists(path):
            yield path
        else:
            raise MissingPath(name)


def _is_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _lexists(path: Path) -> bool:
    try:
        os.lstat(path)
    except FileNotFoundError:
        return False
    except (OSError, ValueError):
        return True  # there, but not examinable (permissions): the runner reports why
    return True


def _python_files(root: Path) -> Iterator[Path]:
    """``*.py`` and ``*.ipynb`` below ``root`` (not in Jupyter's ``.ipynb_checkpoints``); symbolic links to directories are not followed (no loops).

    An entry of those that is not a regular file (a FIFO, a dangling or looping
    link) is yielded all the same, for the runner to report instead of reading
    it; so is a directory that cannot be listed, and an entry that cannot be
    examined. File names are whatever the OS gives (undecodable bytes stay as
    surrogate escapes, shown escaped in reports).
    """
    try:
        with os.scandir(root) as listing:
            entries = list(listing)
    except OSError:
        yield root
        return
    for entry in entries:
        path = root / entry.name
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            yield path  # cannot even be examined: reported by the runner
            continue
        if is_dir:
            if entry.name not in SKIPPED_DIRS and not entry.name.endswith(".egg-info"):
                yield from _python_files(path)
        elif entry.name.endswith(CHECKED_SUFFIXES):
            try:
                linked_dir = entry.is_symlink() and entry.is_dir()
            except OSError:
                linked_dir = False
            if not linked_dir:
                yield path


# -- reading ------------------------------------------------------------------------

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)


def read_regular(path: Path, limit: int, follow_links: bool = True) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Raises :class:`NotReadable` (an ``OSError``) for anything else: a FIFO,
    a socket or a device (checked on the open descriptor, so nothing can be
    swapped in between), a file larger than ``limit``, a symbolic link when
    ``follow_links`` is false; and ``OSError`` when the OS refuses.
    """
    flags = _OPEN_FLAGS | (0 if follow_links else getattr(os, "O_NOFOLLOW", 0))
    descriptor = os.open(path, flags)
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise NotReadable(f"not a regular file ({kind_of(mode)})")
        if os.fstat(descriptor).st_size > limit:
            raise NotReadable(f"larger than {limit:,} bytes")
        chunks, total = [], 0
        while True:
            chunk = os.read(descriptor, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # grew while read, or a file whose size the OS does not tell
                raise NotReadable(f"larger than {limit:,} bytes")
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def kind_of(mode: int) -> str:
    """What a non-regular file is, for messages."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "a device"


# -- configuration files -------------------------------------------------------------


class TomlProblem(ValueError):
    """A TOML file kerascheck cannot use; the message says why (without the path)."""


def read_toml(path: Path) -> dict:
    """The document in the TOML file ``path``; :class:`TomlProblem` for anything wrong with it.

    Read like every file of the checked tree (:func:`read_regular`, at most
    1 MB); nesting too deep for the TOML parser (``x = [[[[...``) is a clear
    message, not a RecursionError.
    """
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        text = read_regular(path, MAX_SMALL_FILE).decode("utf-8")
    except OSError as error:
        raise TomlProblem(f"cannot read: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise TomlProblem(f"cannot read: not valid UTF-8 ({error.reason} at byte {error.start})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TomlProblem(f"not valid TOML: {error}") from None
    except (RecursionError, MemoryError):
        raise TomlProblem("not usable: arrays or tables nested too deeply for the TOML parser") from None


# -- git's ignore rules, without git ---------------------------------------------------


class GitIgnore:
    """git's ignore rules for files of any repository, read with ``pathspec`` (git is never run).

    For a file, the repository is the nearest directory above it holding
    ``.git``; the rules are, from weakest to strongest: the global excludes
    file (``core.excludesFile`` of ``~/.gitconfig`` or
    ``$XDG_CONFIG_HOME/git/config``, else ``$XDG_CONFIG_HOME/git/ignore``),
    ``.git/info/exclude``, then the ``.gitignore`` of each directory from the
    root down, a deeper one winning, the last matching line of one file
    winning, as git does. A file inside an ignored directory is ignored (git
    never looks inside). Each file read is read safely and bounded
    (:func:`read_regular`); one that cannot be read contributes no rules.
    """

    def __init__(self, home: Optional[Path] = None, environ: Optional[dict] = None) -> None:
        self._environ = dict(os.environ if environ is None else environ)
        self._home = home
        self._specs: dict = {}  # directory -> spec or None
        self._roots: dict = {}  # directory -> repository root or None
        self._global: object = False  # not read yet

    def ignored(self, path: Path) -> bool:
        absolute = Path(os.path.abspath(path))
        root = self._root(absolute.parent)
        if root is None:
            return False
        parts = absolute.relative_to(root).parts
        for depth in range(1, len(parts) + 1):  # each directory above the file, then the file
            is_dir = depth < len(parts)
            if self._decide(root, parts[:depth], is_dir):
                return True
        return False

    def _decide(self, root: Path, parts: tuple, is_dir: bool) -> bool:
        """Whether the rules that apply to ``parts`` (relative to ``root``) ignore it."""
        sources = [root / Path(*parts[:level]) for level in range(len(parts) - 1, -1, -1)]  # deepest first
        for directory in sources:
            spec = self._gitignore(directory)
            if spec is not None:
                decided = _check(spec, parts[len(directory.relative_to(root).parts):], is_dir)
                if decided is not None:
                    return decided
        for spec in (self._exclude(root), self._global_spec()):
            if spec is not None:
                decided = _check(spec, parts, is_dir)
                if decided is not None:
                    return decided
        return False

    def _root(self, directory: Path) -> Optional[Path]:
        if directory in self._roots:
            return self._roots[directory]
        found = None
        try:
            if os.path.lexists(directory / ".git"):
                found = directory
        except (OSError, ValueError):
            pass
        if found is None and directory.parent != directory:
            found = self._root(directory.parent)
        self._roots[directory] = found
        return found

    def _gitignore(self, directory: Path) -> object:
        if directory not in self._specs:
            self._specs[directory] = _spec_from(directory / ".gitignore")
        return self._specs[directory]

    def _exclude(self, root: Path) -> object:
        key = ("exclude", root)
        if key not in self._specs:
            git = root / ".git"
            self._specs[key] = _spec_from(git / "info" / "exclude") if _is_dir(git) else None
        return self._specs[key]

    def _global_spec(self) -> object:
        if self._global is False:
            self._global = _spec_from(self._global_file()) if self._global_file() is not None else None
        return self._global

    def _global_file(self) -> Optional[Path]:
        home = self._home or Path(self._environ.get("HOME") or os.path.expanduser("~"))
        config_home = Path(self._environ.get("XDG_CONFIG_HOME") or home / ".config")
        for config in (home / ".gitconfig", config_home / "git" / "config"):
            named = _excludes_file(config, home)
            if named is not None:
                return named
        return config_home / "git" / "ignore"


def _check(spec: object, parts: tuple, is_dir: bool) -> Optional[bool]:
    """True (ignored), False (re-included by ``!``) or None (no line matches)."""
    text = "/".join(parts) + ("/" if is_dir else "")
    try:
        return spec.check_file(text).include  # type: ignore[attr-defined]
    except (RecursionError, ValueError):
        return None


def _spec_from(path: Path) -> object:
    """The ``pathspec`` rules of an ignore file, or None (absent, unreadable, invalid)."""
    try:
        data = read_regular(path, MAX_SMALL_FILE)
    except (OSError, ValueError):
        return None
    import pathspec

    lines = data.decode("utf-8", "surrogateescape").splitlines()
    try:
        return pathspec.GitIgnoreSpec.from_lines(lines)
    except Exception:  # an invalid pattern: git would skip it; we skip the file's rules
        valid = []
        for line in lines:
            try:
                pathspec.GitIgnoreSpec.from_lines([line])
            except Exception:
                continue
            valid.append(line)
        return pathspec.GitIgnoreSpec.from_lines(valid)


def _excludes_file(config: Path, home: Path) -> Optional[Path]:
    """``core.excludesFile`` of a git configuration file (read as text, never by git), or None."""
    try:
        text = read_regular(config, MAX_SMALL_FILE).decode("utf-8", "replace")
    except (OSError, ValueError):
        return None
    section, found = "", None
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("["):
            section = line[1:].split("]", 1)[0].strip().lower()
            continue
        key, equals, value = line.partition("=")
        if section == "core" and equals and key.strip().lower() == "excludesfile":
            value = value.split("#", 1)[0].split(";", 1)[0].strip().strip('"')
            if value:
                found = Path(str(home) + value[1:]) if value.startswith("~") else Path(value)
    return found


def git_ignored(paths: list, ignore: Optional[GitIgnore] = None) -> set:
    """The paths git would ignore, decided without running git (see :class:`GitIgnore`)."""
    rules = ignore or GitIgnore()
    found = set()
    for path in paths:
        try:
            if rules.ignored(Path(path)):
                found.add(path)
        except (OSError, ValueError):
            continue
    return found
