"""Deciding a file's target from the command line, the configuration, the project and the environment.

:class:`TargetResolver` holds what is decided once per run: the declarations
of each project directory (read once, however many files it has) and the
installed environment (read once, when asked). Each file then takes the
first source that says something (see :mod:`kerascheck.target`).

Precedence among a project's declarations (documented in the README):
lock files first (``uv.lock``, ``poetry.lock``, ``Pipfile.lock``: they record
what actually gets installed), then the main dependencies of every other
file (``pyproject.toml``'s ``[project]`` and Poetry tables, ``setup.cfg``,
``setup.py``, ``Pipfile``, ``requirements.txt`` and similar, conda's
``environment.yml``, in that order), then extras and development groups.
The first group that decides, decides; any later group that would have
decided another Keras is named in a note.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable, Mapping, Optional

from . import INSTALLED, Target, requested

#: The files that declare a project's dependencies, in the order of precedence (globs sorted by
#: name after ``requirements.txt``); a directory holding one of them is a project directory.
#: Kept here, not beside the readers, so that finding the project imports nothing heavy.
DECLARATION_FILES = (
    "uv.lock",
    "poetry.lock",
    "Pipfile.lock",
    "pyproject.toml",
    "setup.cfg",
    "setup.py",
    "Pipfile",
    "requirements.txt",
    "requirements*.txt",
    "requirements/*.txt",
    "environment.yml",
    "environment.yaml",
)
#: At most this many conflict notes per project (the first ones tell the story).
MAX_CONFLICT_NOTES = 3


def project_directory(start: Path, markers: Iterable[str]) -> Optional[Path]:
    """The nearest directory at or above ``start`` holding a declaration file; None past a repository's root.

    The search stops at the directory holding ``.git`` (after looking in
    it): a checked file never takes the dependencies of an unrelated
    directory above its repository.
    """
    patterns = tuple(markers)
    for folder in (start, *start.parents):
        if any(_holds(folder, pattern) for pattern in patterns):
            return folder
        if (folder / ".git").exists():
            return None
    return None


def _holds(folder: Path, pattern: str) -> bool:
    if "*" not in pattern:
        return (folder / pattern).is_file()
    try:
        return any(path.is_file() for path in folder.glob(pattern))
    except OSError:
        return False


def declared(project: Path) -> tuple:
    """``(Target or None, notes)`` from the declarations of one project directory."""
    from .declarations import read_project

    reading = read_project(project)
    if not reading.groups:
        return None, tuple(reading.notes)
    from .versions import decide  # packaging: only for a project that declares Keras or TensorFlow

    notes = list(reading.notes)
    chosen: Optional[Target] = None
    conflicts = []
    for group in sorted(reading.groups, key=lambda group: group.tier):  # stable: file order within a tier
        decision = decide(group.requirements, group.where)
        notes.extend(note for note in decision.notes if note not in notes)
        found = decision.target
        if found is None:
            continue
        if chosen is None:
            chosen = found
        elif found.release != chosen.release and len(conflicts) < MAX_CONFLICT_NOTES:
            conflicts.append(f"{group.where} says Keras {found.text} ({found.source.split(': ', 1)[-1]}); "
                             f"{chosen.source[len('from '):]} comes first and decides Keras {chosen.text}")
    notes.extend(conflicts)
    if chosen is not None:
        chosen = Target(chosen.release, chosen.source, chosen.provider, tuple(notes))
    return chosen, tuple(notes)


def installed(origin: str, version_of: Optional[Callable[[str], Optional[str]]] = None,
              environ: Optional[Mapping[str, str]] = None) -> tuple:
    """``(Target or None, notes)`` from the distributions installed in this Python, never importing them.

    ``version_of`` and ``environ`` are for tests (default: ``importlib.metadata``
    and ``os.environ``); TF_USE_LEGACY_KERAS counts as it would for TensorFlow.
    """
    from .requirements import FAMILIES, LEGACY_VARIABLE, Requirement, pinned
    from .versions import decide

    version_of = version_of or _distribution_version
    environ = os.environ if environ is None else environ
    found = []
    for name in FAMILIES:
        version = version_of(name)
        if version:
            found.append(pinned(name, version, f"{name} {version}"))
    if environ.get(LEGACY_VARIABLE, "").strip() not in ("", "0", "false", "False"):
        found.append(Requirement(LEGACY_VARIABLE, "", f"{LEGACY_VARIABLE}={environ[LEGACY_VARIABLE]}"))
    elif any(requirement.family != "tf-keras" for requirement in found):
        # Installed beside Keras or TensorFlow, tf_keras is only used when asked for (the variable,
        # or ``import tf_keras``): it does not make ``keras`` or ``tf.keras`` Keras 2.
        found = [requirement for requirement in found if requirement.family != "tf-keras"]
    where = f"the installed distributions ({origin})"
    decision = decide(found, where)
    if decision.target is None:
        return None, (*decision.notes, f"{origin}: neither Keras nor TensorFlow is installed in this Python; "
                                       "the target is taken from the next source")
    return decision.target, decision.notes


def _distribution_version(name: str) -> Optional[str]:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - a broken installation's metadata only means "not known"
        return None


class TargetResolver:
    """The target of each checked file, with everything read once per run.

    ``read_declarations``: False with ``--isolated`` (and for callers that
    only want the command line and the configuration).
    """

    def __init__(self, read_declarations: bool = True) -> None:
        self.read_declarations = read_declarations
        self._projects: dict = {}  # directory of a file -> project directory or None
        self._declared: dict = {}  # project directory -> (Target or None, notes)
        self._installed: dict = {}  # origin -> (Target or None, notes)
        #: Notes of every project and request resolved so far, in order, each once.
        self.notes: dict = {}

    def resolve(self, path: Path, requests: Iterable) -> Optional[Target]:
        """The first source that says: each ``(request, origin)`` (``"2.12"``, ``"installed"`` or None), then the project.

        None: nothing says, the engine decides from the file (then Keras 3).
        """
        for request, origin in requests:
            if request is None:
                continue
            if request != INSTALLED:
                return requested(request, origin)
            if origin not in self._installed:
                self._installed[origin] = installed(origin)
            found = self._remember(*self._installed[origin])
            if found is not None:
                return found
        if not self.read_declarations:
            return None
        project = self.project_for(path)
        if project is None:
            return None
        if project not in self._declared:
            self._declared[project] = declared(project)
        return self._remember(*self._declared[project])

    def project_for(self, path: Path) -> Optional[Path]:
        """The project directory whose declarations apply to ``path`` (cached per directory)."""
        directory = Path(os.path.realpath(path)).parent
        if directory not in self._projects:
            self._projects[directory] = project_directory(directory, DECLARATION_FILES)
        return self._projects[directory]

    def _remember(self, target: Optional[Target], notes: tuple) -> Optional[Target]:
        for note in notes:
            self.notes.setdefault(note, None)
        return target
