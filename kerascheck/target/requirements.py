"""Which declared requirements are about Keras, as :class:`Requirement` records.

A project's dependencies are read on every run, most of them about anything
but Keras: a string that does not mention Keras or TensorFlow
(:data:`MENTIONS_KERAS`) is settled without parsing it. One that does is
usually of the plain form ``keras[extras]>=3.0,<4``, read with a regular
expression and ``packaging``'s specifiers; anything else (a marker, a URL,
parentheses, a mistake) goes to ``packaging``'s PEP 508 parser, whose imports
alone cost about 20 ms of start-up. tests/test_target.py holds the plain
form's reading to that parser's. What the records mean for Keras is decided
in :mod:`.versions`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

#: Distribution (canonical name) -> the family whose version decides Keras.
FAMILIES = {
    "keras": "keras",
    "keras-nightly": "keras",
    "tensorflow": "tensorflow",
    "tensorflow-cpu": "tensorflow",
    "tensorflow-gpu": "tensorflow",
    "tensorflow-macos": "tensorflow",
    "tensorflow-intel": "tensorflow",
    "tensorflow-aarch64": "tensorflow",
    "intel-tensorflow": "tensorflow",
    "tf-nightly": "tensorflow",
    "tf-nightly-cpu": "tensorflow",
    "tf-nightly-gpu": "tensorflow",
    "tf-keras": "tf-keras",
    "tf-keras-nightly": "tf-keras",
}
#: The environment variable that makes TensorFlow 2.16+ use tf_keras for ``tf.keras``.
LEGACY_VARIABLE = "TF_USE_LEGACY_KERAS"


#: Every distribution of :data:`FAMILIES`, however spelled (names compare after PEP 503
#: normalization: case and runs of ``-_.`` do not matter): a string without it is not about Keras.
MENTIONS_KERAS = re.compile(r"keras|tensorflow|tf[-_.]+nightly", re.IGNORECASE)
_SEPARATORS = re.compile(r"[-_.]+")
_NAME = r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?"
_ONE = r"(?:~=|==|!=|<=|>=|<|>|===)[ \t]*[A-Za-z0-9.*+!_-]+"
#: ``name[extras] op version, op version``: no marker, URL or parentheses (PEP 508's whitespace is spaces
#: and tabs). A pattern, compiled by ``re`` on first use: most projects never declare Keras.
_PLAIN = (rf"[ \t]*(?P<name>{_NAME})[ \t]*(?:\[[ \t]*(?:{_NAME}[ \t]*(?:,[ \t]*{_NAME}[ \t]*)*)?\])?"
         rf"[ \t]*(?P<specifier>{_ONE}(?:[ \t]*,[ \t]*{_ONE})*)?[ \t]*")


def canonical_name(name: str) -> str:
    """A distribution name as PEP 503 compares it: ``TF_Keras`` -> ``tf-keras``."""
    return _SEPARATORS.sub("-", name).lower()


@dataclass(frozen=True)
class Requirement:
    """One declaration that matters for Keras: a Keras or TensorFlow distribution, or TF_USE_LEGACY_KERAS."""

    #: ``keras``, ``tensorflow``, ``tf-keras`` (see :data:`FAMILIES`), or :data:`LEGACY_VARIABLE`.
    family: str
    #: A PEP 440 specifier: ``==2.12.0`` for a pin or a locked version, ``""`` for no bound.
    specifier: str
    #: As written, for the sentence saying where the target came from.
    text: str


def from_pep508(text: str) -> Optional[Requirement]:
    """A requirement string (``tensorflow[and-cuda]>=2.12,<2.16; python_version>'3.8'``) if it is about Keras.

    Environment markers are ignored: the target is about the project, not
    this machine. Raises ``ValueError`` for a string that is not a requirement.
    """
    if not MENTIONS_KERAS.search(text):
        return None  # whatever it says, and whether or not it parses
    name, specifier = plain(text) or parsed(text)
    return named(name, specifier, text.split(";")[0].strip())


def plain(text: str) -> Optional[tuple]:
    """``(name, specifier)`` of a requirement of the plain form; None for :func:`parsed` to read."""
    found = re.fullmatch(_PLAIN, text)
    if found is None:
        return None
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    try:
        return found["name"], str(SpecifierSet(found["specifier"] or ""))
    except InvalidSpecifier:
        return None  # the parser says what is wrong


def parsed(text: str) -> tuple:
    """``(name, specifier)`` read by ``packaging``'s PEP 508 parser; ``ValueError`` for a string that is not a requirement."""
    from packaging.requirements import InvalidRequirement, Requirement as Pep508

    try:
        requirement = Pep508(text)
    except InvalidRequirement as error:
        raise ValueError(str(error).splitlines()[0]) from None
    return requirement.name, str(requirement.specifier)


def named(name: str, specifier: str, text: str) -> Optional[Requirement]:
    """The record for a distribution ``name`` with a PEP 440 ``specifier``; None if it is not about Keras."""
    family = FAMILIES.get(canonical_name(name))
    return None if family is None else Requirement(family, specifier, text)


def pinned(name: str, version: str, text: str) -> Optional[Requirement]:
    """A distribution at one exact version (a lock file, the installed environment)."""
    return named(name, f"=={version}", text)
