"""Reading a project's declared dependencies, statically, in every common format.

One reader per format, each turning a file into :class:`Group` records (one
per section: main dependencies, an extra, a dev group) of
:class:`~.requirements.Requirement`; what the requirements mean for Keras is
decided elsewhere (:func:`.versions.decide`), once for all formats.

Nothing is ever run or imported: ``setup.py`` is parsed and only a literal
``install_requires`` is read. A file that cannot be read, or a line that is
not a requirement, becomes a note naming the file (and line), never an
exception. ``-r`` includes of requirements files are followed at most
:data:`MAX_INCLUDE_DEPTH` deep, :data:`MAX_FILES` files in all, and never
outside the project directory.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

from .requirements import LEGACY_VARIABLE, Requirement, from_pep508, named, pinned

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

#: Larger files are not read (a lock file of a big project is a few MB).
MAX_BYTES = 16 * 1024 * 1024
MAX_INCLUDE_DEPTH = 8
MAX_FILES = 64

#: Tiers: what a lock file records is what gets installed; then main
#: dependencies; then extras and development groups.
LOCK, MAIN, OPTIONAL = 0, 1, 2

#: Words in a requirements file's name that make it a development group.
_DEV_WORDS = re.compile(r"(dev|test|doc|lint|ci|example|bench|extra|optional)", re.IGNORECASE)


@dataclass(frozen=True)
class Group:
    """The requirements of one section of one file, and where they stand in the precedence."""

    where: str  # "requirements.txt", "pyproject.toml [project.optional-dependencies] test"
    tier: int
    requirements: tuple


@dataclass
class Reading:
    """What reading a project's files found: groups in file order, and notes."""

    project: Path
    groups: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    #: Requirements files already read (resolved), so an include chain reads each once.
    seen: set = field(default_factory=set)

    def label(self, path: Path) -> str:
        try:
            return path.relative_to(self.project).as_posix()
        except ValueError:
            return str(path)

    def add(self, where: str, tier: int, requirements: Iterable) -> None:
        found = tuple(r for r in requirements if r is not None)
        if found:
            self.groups.append(Group(where, tier, found))

    def requirement(self, text: str, where: str) -> Optional[Requirement]:
        """A PEP 508 string, or None (with a note when it is malformed and mentions Keras or TensorFlow)."""
        try:
            return from_pep508(text)
        except ValueError as error:  # only a string mentioning Keras or TensorFlow is parsed
            self.notes.append(f"{where}: {text.strip()!r} is not a requirement ({error}); ignored")
            return None


def _text(path: Path, reading: Reading) -> Optional[str]:
    """The file's text, read as every file of the checked tree is (regular files only, bounded), or None with a note."""
    from ..files import read_regular

    try:
        return read_regular(path, MAX_BYTES).decode("utf-8-sig")
    except OSError as error:
        reading.notes.append(f"{reading.label(path)}: cannot be read ({error.strerror or error}); not used")
    except UnicodeDecodeError as error:
        reading.notes.append(f"{reading.label(path)}: not valid UTF-8 ({error.reason} at byte {error.start}); not used")
    return None


def _toml(path: Path, reading: Reading) -> Optional[dict]:
    text = _text(path, reading)
    if text is None:
        return None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        reading.notes.append(f"{reading.label(path)}: not valid TOML ({error}); its dependencies are not read")
    except (RecursionError, MemoryError):
        reading.notes.append(f"{reading.label(path)}: nested too deeply for the TOML parser; its dependencies are not read")
    return None


def _strings(value: Any) -> list:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _tables(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


# -- pyproject.toml: PEP 621, PEP 735, Poetry, PDM ---------------------------------------


def read_pyproject(path: Path, reading: Reading) -> None:
    document = _toml(path, reading)
    if document is None:
        return
    name = reading.label(path)
    project = _tables(document.get("project"))
    tool = _tables(document.get("tool"))
    poetry = _tables(tool.get("poetry"))
    reading.add(name, MAIN, (reading.requirement(text, name) for text in _strings(project.get("dependencies"))))
    reading.add(f"{name} [tool.poetry.dependencies]", MAIN, _poetry_table(poetry.get("dependencies")))
    for extra, texts in _tables(project.get("optional-dependencies")).items():
        where = f"{name} [project.optional-dependencies] {extra}"
        reading.add(where, OPTIONAL, (reading.requirement(text, where) for text in _strings(texts)))
    for group, texts in _tables(document.get("dependency-groups")).items():
        where = f"{name} [dependency-groups] {group}"
        reading.add(where, OPTIONAL, (reading.requirement(text, where) for text in _strings(texts)))
    reading.add(f"{name} [tool.poetry.dev-dependencies]", OPTIONAL, _poetry_table(poetry.get("dev-dependencies")))
    for group, table in _tables(poetry.get("group")).items():
        reading.add(f"{name} [tool.poetry.group.{group}]", OPTIONAL, _poetry_table(_tables(table).get("dependencies")))
    for group, texts in _tables(_tables(tool.get("pdm")).get("dev-dependencies")).items():
        where = f"{name} [tool.pdm.dev-dependencies] {group}"
        reading.add(where, OPTIONAL, (reading.requirement(text, where) for text in _strings(texts)))


def _poetry_table(table: Any) -> list:
    """Poetry's ``name = "^2.12"`` / ``{version = "..."}`` / a list of such tables (one per marker)."""
    found = []
    for name, value in _tables(table).items():
        entries = value if isinstance(value, list) else [value]
        for entry in entries:
            constraint = entry if isinstance(entry, str) else _tables(entry).get("version", "*")
            if not isinstance(constraint, str):
                continue
            for alternative in constraint.split("||"):
                found.append(named(name, poetry_specifier(alternative), f"{name} = {constraint.strip()!r}"))
    return found


def _caret(version: str) -> str:
    """``^1.2.3`` -> ``>=1.2.3,<2.0.0``: the upper bound bumps the first non-zero part."""
    parts = [int(part) if part.isdigit() else 0 for part in version.split(".")]
    first = next((index for index, part in enumerate(parts) if part), len(parts) - 1)
    upper = [*parts[:first], parts[first] + 1]
    return f">={version},<{'.'.join(map(str, upper))}"


def _tilde(version: str) -> str:
    """``~1.2.3`` -> ``>=1.2.3,<1.3``; ``~1`` -> ``>=1,<2``."""
    parts = version.split(".")
    keep = parts[:2] if len(parts) > 1 else parts[:1]
    upper = [*keep[:-1], str(int(keep[-1]) + 1)] if keep[-1].isdigit() else keep
    return f">={version},<{'.'.join(upper)}"


#: Poetry's constraint operators that are not PEP 440, by prefix (longest first).
_POETRY_OPERATORS: tuple = (("~=", lambda v: f"~={v}"), ("^", _caret), ("~", _tilde))


def poetry_specifier(constraint: str) -> str:
    """One Poetry constraint (no ``||``) as a PEP 440 specifier: ``^2.12`` -> ``>=2.12,<3``; ``*`` -> ``""``."""
    out = []
    for item in re.split(r"\s*,\s*|\s+(?=[<>=!~^])", constraint.strip()):
        item = item.replace(" ", "")
        if item in ("", "*"):
            continue
        for prefix, convert in _POETRY_OPERATORS:
            if item.startswith(prefix):
                out.append(convert(item[len(prefix):]))
                break
        else:
            out.append(item if item[0] in "<>=!" else f"=={item}")
    return ",".join(out)


# -- setup.cfg, setup.py ---------------------------------------------------------------


def read_setup_cfg(path: Path, reading: Reading) -> None:
    import configparser  # only for projects that have a setup.cfg

    text = _text(path, reading)
    if text is None:
        return
    parser = configparser.ConfigParser(interpolation=None)
    name = reading.label(path)
    try:
        parser.read_string(text, source=str(path))
    except configparser.Error as error:
        reading.notes.append(f"{name}: not a valid setup.cfg ({str(error).splitlines()[0]}); its dependencies are not read")
        return

    def lines(value: str) -> list:
        return [line.split("#")[0].strip() for line in value.splitlines() if line.split("#")[0].strip()]

    if parser.has_option("options", "install_requires"):
        where = f"{name} install_requires"
        reading.add(where, MAIN, (reading.requirement(line, where) for line in lines(parser.get("options", "install_requires"))))
    if parser.has_section("options.extras_require"):
        for extra, value in parser.items("options.extras_require"):
            where = f"{name} extras_require {extra}"
            reading.add(where, OPTIONAL, (reading.requirement(line, where) for line in lines(value)))


def read_setup_py(path: Path, reading: Reading) -> None:
    """``setup(install_requires=[...], extras_require={...})`` when the values are literals.

    A module-level name bound once to a literal (``REQUIRED = [...]``) counts
    as that literal; anything computed is left alone, silently (``setup.py``
    is code, and kerascheck never runs it).
    """
    text = _text(path, reading)
    if text is None:
        return
    name = reading.label(path)
    try:
        module = ast.parse(text, filename=str(path))
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        reading.notes.append(f"{name}: cannot be parsed ({type(error).__name__}: {error}); its dependencies are not read")
        return
    literals: dict = {}
    for statement in module.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name):
            literals[statement.targets[0].id] = _literal(statement.value, {})
    for node in ast.walk(module):
        if isinstance(node, ast.Call) and _callee(node.func) == "setup":
            keywords = {keyword.arg: _literal(keyword.value, literals) for keyword in node.keywords if keyword.arg}
            where = f"{name} install_requires"
            reading.add(where, MAIN, (reading.requirement(t, where) for t in _requirement_list(keywords.get("install_requires"))))
            for extra, texts in _tables(keywords.get("extras_require")).items():
                where = f"{name} extras_require {extra}"
                reading.add(where, OPTIONAL, (reading.requirement(t, where) for t in _requirement_list(texts)))


def _callee(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _literal(node: ast.expr, names: dict) -> Any:
    if isinstance(node, ast.Name):
        return names.get(node.id)
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
        return None


def _requirement_list(value: Any) -> list:
    """setuptools accepts a list of strings or one string of lines."""
    if isinstance(value, str):
        return [line.strip() for line in value.splitlines() if line.strip() and not line.strip().startswith("#")]
    return _strings(value) if isinstance(value, list) else _strings(list(value)) if isinstance(value, tuple) else []


# -- requirements*.txt -----------------------------------------------------------------


_INCLUDE = re.compile(r"^(?:-r|--requirement|-c|--constraint)(?:\s*=?\s*)(\S+)")
#: pip options that take no requirement: skipped.
_OPTION = re.compile(r"^-")
#: A trailing option on a requirement line (``--hash=sha256:...``).
_TRAILING_OPTION = re.compile(r"\s+--?\w[\w-]*(=\S*)?(\s+\S+)?")


def read_requirements(path: Path, reading: Reading, tier: Optional[int] = None, depth: int = 0, parent: str = "") -> None:
    """A pip requirements file and, depth first after its own lines, the files it includes with ``-r``/``-c``."""
    resolved = path.resolve()
    if resolved in reading.seen:
        return
    name = reading.label(path)
    if len(reading.seen) >= MAX_FILES:
        reading.notes.append(f"{name}: more than {MAX_FILES} requirements files; the rest are not read")
        return
    reading.seen.add(resolved)
    text = _text(path, reading)
    if text is None:
        return
    where = f"{name} (included by {parent})" if parent else name
    tier = tier if tier is not None else OPTIONAL if _DEV_WORDS.search(path.name) else MAIN
    found, includes = [], []
    for number, line in _logical_lines(text):
        include = _INCLUDE.match(line)
        if include:
            includes.append((number, include.group(1)))
        elif not _OPTION.match(line) and not re.match(r"^[\w.+-]+://|^\.{0,2}/", line):
            found.append(reading.requirement(_TRAILING_OPTION.sub("", line), f"{name}:{number}"))
    reading.add(where, tier, found)
    for number, target in includes:
        included = (path.parent / target)
        if depth + 1 > MAX_INCLUDE_DEPTH:
            reading.notes.append(f"{name}:{number}: -r {target}: includes nested more than {MAX_INCLUDE_DEPTH} deep; not followed")
        elif not _inside(included, reading.project):
            reading.notes.append(f"{name}:{number}: -r {target} is outside the project; not followed")
        elif not included.is_file():
            reading.notes.append(f"{name}:{number}: -r {target}: no such file; not followed")
        else:
            read_requirements(included, reading, tier, depth + 1, name)


def _logical_lines(text: str) -> list:
    """``(line number, text)`` without comments, blank lines and ``\\`` continuations."""
    out, pending, start = [], "", 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = re.sub(r"(^|\s)#.*$", "", raw).rstrip()
        if not pending:
            start = number
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line, pending = (pending + line).strip(), ""
        if line:
            out.append((start, line))
    if pending.strip():
        out.append((start, pending.strip()))
    return out


def _inside(path: Path, project: Path) -> bool:
    try:
        path.resolve().relative_to(project.resolve())
        return True
    except (ValueError, OSError, RuntimeError):
        return False


# -- Pipfile, conda --------------------------------------------------------------------


def read_pipfile(path: Path, reading: Reading) -> None:
    document = _toml(path, reading)
    if document is None:
        return
    name = reading.label(path)
    for section, tier in (("packages", MAIN), ("dev-packages", OPTIONAL)):
        found = []
        for package, value in _tables(document.get(section)).items():
            version = value if isinstance(value, str) else _tables(value).get("version", "*")
            if isinstance(version, str):
                found.append(named(package, "" if version.strip() == "*" else version.strip(), f"{package} = {version!r}"))
        reading.add(name if tier == MAIN else f"{name} [{section}]", tier, found)


_CONDA_SPEC = re.compile(r"^(?:[\w.-]+::)?([A-Za-z0-9_.\-]+)\s*(.*)$")


def conda_specifier(version: str) -> str:
    """A conda match spec's version (``=2.12``, ``2.12.*``, ``>=2.10,<2.16``, ``==2.12.0``) as PEP 440.

    Conda's single ``=`` and a bare version are fuzzy (``=2.12`` is any
    2.12.x); a build string after a space or a second ``=`` is dropped.
    """
    version = version.strip().split()[0] if version.strip() else ""
    if version.startswith("=="):
        return "==" + version[2:].split("=")[0]
    if version.startswith("="):
        version = version[1:].split("=")[0]
        return f"=={version.rstrip('.*')}.*"
    if version and version[0].isdigit():
        version = version.split("=")[0]
        return f"=={version.rstrip('.*')}.*"
    return version


def read_conda(path: Path, reading: Reading) -> None:
    """``dependencies:`` (conda specs, and pip requirements under ``- pip:``) and ``variables:`` of an environment file.

    Read line by line for exactly that structure, because PyYAML is not a
    dependency of kerascheck; anything else in the file is ignored.
    """
    text = _text(path, reading)
    if text is None:
        return
    name = reading.label(path)
    conda, pip, section, pip_indent = [], [], "", -1
    for number, raw in enumerate(text.splitlines(), 1):
        line = re.sub(r"\s+#.*$|^#.*$", "", raw).rstrip()
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        stripped = line.strip()
        if indent == 0:
            section, pip_indent = stripped.split(":")[0].strip(), -1
            continue
        if section == "variables" and ":" in stripped:
            key, _, value = stripped.partition(":")
            if key.strip() == LEGACY_VARIABLE and value.strip().strip("'\"") not in ("", "0", "false", "False"):
                conda.append(Requirement(LEGACY_VARIABLE, "", f"{LEGACY_VARIABLE}={value.strip()}"))
        if section != "dependencies" or not stripped.startswith("-"):
            continue
        item = stripped[1:].strip().strip("'\"")
        if item.rstrip(":").strip() == "pip" and item.endswith(":"):
            pip_indent = indent
            continue
        if pip_indent >= 0 and indent > pip_indent:
            pip.append(reading.requirement(item, f"{name}:{number}"))
            continue
        pip_indent = -1
        match = _CONDA_SPEC.match(item)
        if match:
            for alternative in match.group(2).split("|"):
                conda.append(named(match.group(1), conda_specifier(alternative), item))
    reading.add(name, MAIN, [*conda, *pip])


# -- lock files ------------------------------------------------------------------------


def read_toml_lock(path: Path, reading: Reading) -> None:
    """uv.lock and poetry.lock: ``[[package]]`` tables with a name and an exact version."""
    document = _toml(path, reading)
    if document is None:
        return
    packages = document.get("package")
    found = []
    for package in packages if isinstance(packages, list) else []:
        package = _tables(package)
        if isinstance(package.get("name"), str) and isinstance(package.get("version"), str):
            found.append(pinned(package["name"], package["version"], f"{package['name']} {package['version']}"))
    reading.add(reading.label(path), LOCK, found)


def read_pipfile_lock(path: Path, reading: Reading) -> None:
    text = _text(path, reading)
    if text is None:
        return
    try:
        document = json.loads(text)
    except ValueError as error:
        reading.notes.append(f"{reading.label(path)}: not valid JSON ({error}); not used")
        return
    found = []
    for section in ("default", "develop"):
        for package, entry in _tables(_tables(document).get(section)).items():
            version = _tables(entry).get("version")
            if isinstance(version, str):
                found.append(named(package, version, f"{package}{version}"))
    reading.add(reading.label(path), LOCK, found)


#: Declaration file pattern (see ``project.DECLARATION_FILES``, which orders them) -> reader.
READERS: dict = {
    "uv.lock": read_toml_lock,
    "poetry.lock": read_toml_lock,
    "Pipfile.lock": read_pipfile_lock,
    "pyproject.toml": read_pyproject,
    "setup.cfg": read_setup_cfg,
    "setup.py": read_setup_py,
    "Pipfile": read_pipfile,
    "requirements.txt": read_requirements,
    "requirements*.txt": read_requirements,
    "requirements/*.txt": read_requirements,
    "environment.yml": read_conda,
    "environment.yaml": read_conda,
}


def read_project(project: Path) -> Reading:
    """Every declaration file of ``project``, read in precedence order; never raises."""
    from .project import DECLARATION_FILES

    reading = Reading(project)
    done: set = set()
    for pattern in DECLARATION_FILES:
        reader = READERS[pattern]
        paths = sorted(project.glob(pattern)) if "*" in pattern else [project / pattern]
        for path in paths:
            if path in done or not path.is_file():
                continue
            done.add(path)
            _read_safely(reader, path, reading)
    return reading


def _read_safely(reader: Callable[[Path, Reading], None], path: Path, reading: Reading) -> None:
    """A reader's result; a file that defeats it is a note (kerascheck must not crash on a project's files)."""
    try:
        reader(path, reading)
    except Exception as error:  # noqa: BLE001 - any surprise in a file is a note, never a traceback
        reading.notes.append(f"{reading.label(path)}: could not be read ({type(error).__name__}: {error}); not used")
