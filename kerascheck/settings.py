"""The options a run is made with, from the command line and ``pyproject.toml``.

One frozen record, passed from the CLI (or the editor server) to the engine,
so that every option that changes results is in one place (and can key a cache).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    #: ``channels_last`` unless the project says otherwise.
    image_data_format: str = "channels_last"
    #: Rule selectors (code prefixes or ``ALL``); empty: the default rules.
    select: tuple = ()
    extend_select: tuple = ()
    #: Rule selectors not reported (``per-file-ignores`` already merged in for this file).
    ignore: tuple = ()
    #: ``(selector, severity)`` pairs overriding rules' default severities.
    severity: tuple = ()
    #: The Keras generation (1, 2 or 3) assumed when the source does not say.
    keras_version: int = 3
    #: The project's own layers and how they transform shapes (custom_layers.CustomLayer).
    custom_layers: tuple = ()
