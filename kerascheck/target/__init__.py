"""Which Keras a file is checked against: the *target*, decided once per file.

Keras is not one thing: Keras 1, standalone Keras 2.0 to 2.3, tf.keras 2.x
(bundled with TensorFlow below 2.16, then ``tf_keras``) and Keras 3 accept
different arguments and count some parameters differently. The target says
which of them the numbers and the findings are for, and why, from the first
source that says it (issue 13):

1. ``--target-keras VERSION`` on the command line;
2. ``keras-version`` in ``[tool.kerascheck]``;
3. the project's declared dependencies, read statically (:mod:`.declarations`,
   :mod:`.project`);
4. the installed distributions (``importlib.metadata``), only when the user
   asks for them with ``installed`` in 1 or 2;
5. (the engine) the file's own signals; 6. Keras 3.

This package decides 1 to 4. ``None`` means "not decided at project level":
the engine then falls back to the file's signals, then to :data:`DEFAULT`.

This module is imported by every run, so it imports nothing heavy:
``packaging`` and ``tomllib`` are imported by the submodules that read
declarations, and only when a declaration is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

#: The request that reads the target from the installed distributions.
INSTALLED = "installed"
#: Keras generations kerascheck knows.
GENERATIONS = (1, 2, 3)
#: What ``--target-keras`` and ``keras-version`` accept, besides ``installed``.
_VERSION = re.compile(r"^(\d+)(?:\.(\d+))?(?:\.(\d+))?$")
#: A version written inside something else, for the message that says how to write it.
_VERSION_IN_TEXT = re.compile(r"\d+(?:\.\d+){0,2}")
#: What the messages say is allowed.
ALLOWED = '1, 2 or 3, a version such as "2.3" or "2.12", or "installed"'


@dataclass(frozen=True)
class Target:
    """The Keras the code is checked against, and the sentence saying why.

    ``release`` is the version as integers, at least the major version:
    ``(2, 12)``, ``(2, 3)``, ``(3,)``, ``(1,)``. Kept as a tuple (not a
    ``packaging`` ``Version``) so that the record is cheap to build, to
    pickle for worker processes, and to fingerprint for the result cache;
    :attr:`version` gives the ``packaging`` object when a rule wants
    specifier logic.

    ``provider`` is the distribution that provides Keras, because the same
    version number can mean two things: ``"keras"`` (standalone Keras 1,
    2.0 to 2.3, Keras 3), ``"tensorflow"`` (tf.keras bundled with TensorFlow,
    whose minor version it follows) or ``"tf-keras"`` (the ``tf_keras``
    package, tf.keras 2 after TensorFlow 2.16).
    """

    release: tuple
    #: Why: "from requirements.txt: tensorflow==2.12", "the default".
    source: str
    provider: str = "keras"
    #: What the resolution had to settle (a conflict, a declaration it could not read).
    notes: tuple = ()

    @property
    def generation(self) -> int:
        """1, 2 or 3: the major version."""
        return self.release[0]

    @property
    def text(self) -> str:
        """The version as written: ``"2.12"``, ``"3"``."""
        return ".".join(str(part) for part in self.release)

    @property
    def version(self) -> Any:
        """The version as a ``packaging.version.Version`` (imported now, not at start-up)."""
        from packaging.version import Version

        return Version(self.text)

    def admits(self, specifier: str) -> bool:
        """Whether the target lies in a version range such as ``">=2.11,<3"`` (rules' validity ranges).

        A target known only to its major version (``3``) is compared as its
        ``.0`` release.
        """
        from packaging.specifiers import SpecifierSet

        return SpecifierSet(specifier).contains(self.version, prereleases=True)

    def describe(self) -> str:
        """The human sentence: ``Keras 2, from requirements.txt: tensorflow==2.12``."""
        return f"Keras {self.generation}, {self.source}"

    def as_json(self) -> dict:
        """The JSON contract's ``target`` object (see the output schema)."""
        return {
            "version": self.text,
            "generation": self.generation,
            "provider": self.provider,
            "source": self.source,
            "notes": list(self.notes),
        }


#: Step 6: what a file is checked against when nothing says otherwise.
DEFAULT = Target((3,), "the default", "keras")


class TargetError(ValueError):
    """A target request that is not a Keras version; the message says what is allowed."""


def parse_request(value: object) -> str:
    """Normalise a ``--target-keras`` or ``keras-version`` value: ``"2.12"``, ``"3"`` or ``"installed"``.

    Integers are accepted (``keras-version = 2``, as before); a TOML float is
    refused because ``2.10`` would read as 2.1. Raises :class:`TargetError`
    with what is wrong, for the caller to prefix with where the value came from.
    """
    if isinstance(value, float):
        raise TargetError(f"a number cannot tell 2.1 from 2.10: write the version as a string, such as \"{value}\"")
    text = str(value).strip() if isinstance(value, (int, str)) and not isinstance(value, bool) else ""
    if text.lower() == INSTALLED:
        return INSTALLED
    match = _VERSION.match(text)
    if match is None:
        written = _VERSION_IN_TEXT.search(text)  # "3.x", ">=2.12", "keras 3", "v3": the version is in there
        hint = f"; write the version alone, \"{written.group()}\", not a range, a pattern or a name" if written else ""
        raise TargetError(f"must be {ALLOWED}{hint}")
    if int(match.group(1)) not in GENERATIONS:
        raise TargetError(f"must be {ALLOWED}; there is no Keras {match.group(1)}")
    return ".".join(str(int(part)) for part in match.groups() if part is not None)


def release_of(text: str) -> tuple:
    """``"2.12"`` -> ``(2, 12)``, for a request already normalised by :func:`parse_request`."""
    return tuple(int(part) for part in text.split("."))


def provider_of(release: tuple) -> str:
    """The distribution a bare version most likely means.

    Standalone Keras up to 2.3; from 2.4 on, Keras 2 *was* tf.keras (the
    ``keras`` 2.4+ packages only re-export it), and a bare ``2`` means the
    Keras 2 almost all code in the wild was written for: tf.keras.
    """
    if release[0] == 2 and (len(release) == 1 or release[1] >= 4):
        return "tensorflow"
    return "keras"


def requested(text: str, origin: str) -> Target:
    """The target a normalised version request names (not ``installed``), saying where it came from."""
    release = release_of(text)
    return Target(release, f"from {origin}", provider_of(release))
