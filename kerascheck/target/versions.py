"""From declared requirements (``tensorflow==2.12``, ``keras>=3``, ``tf-keras``) to a Keras target.

Every declaration format is first turned into :class:`~.requirements.Requirement`
records (:mod:`.declarations`); this module alone knows what they mean for
Keras, so the formats cannot disagree. It is imported only when a project
declares Keras or TensorFlow (``packaging`` costs a few milliseconds of start-up). Version ranges are read with ``packaging``'s
specifier logic: a range stands for the highest release it admits among the
known release lines of the distribution (and any version the range itself
names, so that a pin newer than the tables still counts).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from . import Target
from .requirements import LEGACY_VARIABLE, Requirement

def _lines(major: int, minors: range) -> tuple:
    return tuple(Version(f"{major}.{minor}.0") for minor in minors)


#: The release lines of each family, oldest first (PyPI, as of 2026): what a range is matched against.
RELEASES = {
    "keras": (*_lines(1, range(0, 3)), *_lines(2, range(0, 5)), *_lines(2, range(6, 16)), *_lines(3, range(0, 16))),
    "tensorflow": (*_lines(1, range(0, 16)), *_lines(2, range(0, 23))),
    "tf-keras": _lines(2, range(15, 23)),
}
#: TensorFlow from this version on bundles Keras 3 as ``tf.keras``.
TF_KERAS3 = Version("2.16")
#: TensorFlow 1.x bundled tf.keras "2.2.4-tf": the Keras 2.2 API.
TF1_KERAS = (2, 2)


def highest(requirement: Requirement) -> Optional[Version]:
    """The highest version the requirement admits, or None for no bound (or a range nothing satisfies).

    Raises ``ValueError`` for a specifier ``packaging`` cannot read.
    """
    if not requirement.specifier.strip():
        return None
    try:
        specifiers = SpecifierSet(requirement.specifier)
    except InvalidSpecifier as error:
        raise ValueError(f"not a version range: {requirement.specifier!r} ({error})") from None
    named_versions = []
    for specifier in specifiers:
        try:
            named_versions.append(Version(specifier.version.rstrip(".*")))
        except InvalidVersion:
            continue  # ===arbitrary strings
    admitted = list(specifiers.filter([*RELEASES.get(requirement.family, ()), *named_versions], prereleases=True))
    return max(admitted) if admitted else None


def _minor(version: Version) -> tuple:
    return tuple(version.release[:2])


def _keras(version: Version) -> tuple:
    return _minor(version), "keras"


def _tensorflow(version: Version) -> tuple:
    if version.major < 2:
        return TF1_KERAS, "tensorflow"
    if version >= TF_KERAS3:
        return (3,), "keras"
    return _minor(version), "tensorflow"


def _tf_keras(version: Version) -> tuple:
    return (2, *version.release[1:2]), "tf-keras"


#: family -> version -> (Keras release, provider).
_TRANSLATE = {"keras": _keras, "tensorflow": _tensorflow, "tf-keras": _tf_keras}


@dataclass(frozen=True)
class Decision:
    """What one group of declarations says: a target or nothing, and what the reading noticed."""

    target: Optional[Target]
    notes: tuple = ()


def decide(requirements: Any, where: str) -> Decision:
    """The target a group of declarations (one section of one file) says, if any.

    Within a group the most specific declaration wins (a documented order):

    1. ``tf-keras`` (or TF_USE_LEGACY_KERAS with a TensorFlow that bundles
       Keras 3): Keras 2 through tf_keras, at the tf-keras version, else the
       TensorFlow version (they are released together);
    2. ``keras`` with a bound: what ``import keras`` gets;
    3. a TensorFlow distribution with a bound: tf.keras, Keras 2 below 2.16
       (its version is TensorFlow's), Keras 3 from 2.16.

    A declaration without any bound says nothing (except ``tf-keras``, which
    is Keras 2 whatever its version). When the other declarations of the
    group point elsewhere, a note says so. ``where`` names the group in the
    sentence: ``requirements.txt``, ``pyproject.toml [project.optional-dependencies] test``.
    """
    notes: list = []
    versions: dict = {}  # family -> (Version, Requirement) of the highest bound declared
    for requirement in requirements:
        if requirement.family == LEGACY_VARIABLE:
            continue
        try:
            version = highest(requirement)
        except ValueError as error:
            notes.append(f"{where}: {requirement.text}: {error}; ignored")
            continue
        if version is not None and (requirement.family not in versions or version > versions[requirement.family][0]):
            versions[requirement.family] = (version, requirement)
    requirements = list(requirements)
    by_family = {r.family: r for r in requirements}
    candidates = []  # (release, provider, deciding texts), most specific first
    tensorflow = versions.get("tensorflow")
    legacy = LEGACY_VARIABLE in by_family and (tensorflow is None or tensorflow[0] >= TF_KERAS3)
    if "tf-keras" in by_family or legacy:
        source = versions.get("tf-keras") or tensorflow
        release = _tf_keras(source[0])[0] if source else (2,)
        said = [by_family[name].text for name in ("tf-keras", LEGACY_VARIABLE) if name in by_family]
        candidates.append((release, "tf-keras", [*said, *([tensorflow[1].text] if tensorflow and source is tensorflow else [])]))
    for family in ("keras", "tensorflow"):
        if family in versions:
            release, provider = _TRANSLATE[family](versions[family][0])
            candidates.append((release, provider, [versions[family][1].text]))
    if not candidates:
        return Decision(None, tuple(notes))
    release, provider, said = candidates[0]
    # tf-keras beside Keras 3 or TensorFlow 2.16+ is the usual way to stay on Keras 2: no note then.
    for other, _provider, other_said in ([] if provider == "tf-keras" else candidates[1:]):
        if other[0] != release[0]:
            notes.append(f"{where}: {', '.join(other_said)} would mean Keras {other[0]}, but {', '.join(said)} "
                         f"is more specific: Keras {release[0]}")
    return Decision(Target(release, f"from {where}: {', '.join(said)}", provider, tuple(notes)), tuple(notes))
