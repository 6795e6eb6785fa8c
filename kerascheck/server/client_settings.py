"""Settings the editor passes: ``initializationOptions`` and ``workspace/didChangeConfiguration``.

The keys are spelled as in ``[tool.kerascheck]`` (``extendSelect`` style
works too) and validated by the same code as the configuration file. They act
like the command line's options: ``select``, ``extend-select``, ``ignore`` and
``keras-version`` win over the project's file, ``config`` names the
configuration file to use instead of the nearest ``pyproject.toml`` (as
``--config``), and ``debounce`` is the pause after a keystroke. A bad value is
reported and left out; the other settings still apply.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

#: Seconds to wait after a keystroke before analysing; editors send one change per key.
DEFAULT_DEBOUNCE = 0.25
MAX_DEBOUNCE = 10.0


@dataclass(frozen=True)
class ClientSettings:
    select: Optional[tuple] = None
    extend_select: tuple = ()
    ignore: tuple = ()
    keras_version: Optional[str] = None  # normalised like ``--target-keras``
    config: Optional[str] = None  # a configuration file, as ``--config``
    debounce: float = DEFAULT_DEBOUNCE

    def options(self) -> Any:
        """The ``config.Options`` these settings amount to."""
        from ..config import Options

        return Options(self.select, self.extend_select, self.ignore, self.keras_version)

    def describe(self) -> str:
        """One line for the client's log."""
        shown = {
            "select": list(self.select) if self.select is not None else "from the project",
            "extend-select": list(self.extend_select),
            "ignore": list(self.ignore),
            "keras-version": self.keras_version or "from the project",
            "config": self.config or "the nearest pyproject.toml with [tool.kerascheck]",
            "debounce": f"{self.debounce:g} s",
        }
        return "; ".join(f"{key} = {value}" for key, value in shown.items())


def _config_value(key: str) -> Callable:
    def check(value: Any, where: str) -> Any:
        from ..config import ConfigError, validate

        try:
            return validate(key, value, where)
        except ConfigError as error:
            raise ValueError(str(error)) from None

    return check


def _selectors(key: str) -> Callable:
    check = _config_value(key)
    return lambda value, where: tuple(check(value, where))


def _config_file(value: Any, where: str) -> Optional[str]:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not Path(value).expanduser().is_file():
        raise ValueError(f"{where} = {value!r}: must be the path of an existing pyproject.toml or kerascheck.toml")
    return str(Path(value).expanduser())


def _debounce(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= MAX_DEBOUNCE:
        raise ValueError(f"{where} = {value!r}: must be a number of seconds from 0 to {MAX_DEBOUNCE:g}")
    return float(value)


#: key -> (ClientSettings field, validator(value, where) -> value, raising ValueError).
_KEYS: dict = {
    "select": ("select", _selectors("select")),
    "extend-select": ("extend_select", _selectors("extend-select")),
    "ignore": ("ignore", _selectors("ignore")),
    "keras-version": ("keras_version", _config_value("keras-version")),
    "config": ("config", _config_file),
    "debounce": ("debounce", _debounce),
}
_CAMEL = {"extendSelect": "extend-select", "kerasVersion": "keras-version"}


def read(options: Any, current: ClientSettings = ClientSettings()) -> tuple:
    """(``current`` with the valid settings of ``options`` applied, a message per problem).

    ``options`` is the client's object, or ``{"kerascheck": {...}}`` as clients
    send a section of their configuration; null means no change.
    """
    if isinstance(options, dict) and isinstance(options.get("kerascheck"), dict):
        options = options["kerascheck"]
    if options is None:
        return current, []
    if not isinstance(options, dict):
        return current, [f"kerascheck: the settings must be an object, got {options!r}; the settings are: {', '.join(_KEYS)}"]
    changes, problems = {}, []
    for given, value in options.items():
        key = _CAMEL.get(given, given)
        if key not in _KEYS:
            problems.append(f"kerascheck: unknown setting {given!r}; the settings are: {', '.join(_KEYS)}")
            continue
        field, check = _KEYS[key]
        try:
            changes[field] = check(value, f"setting {given}")
        except ValueError as error:
            problems.append(f"kerascheck: {error}; the setting is ignored")
    return dataclasses.replace(current, **changes), problems
