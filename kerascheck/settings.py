"""The options a run is made with, from the command line and ``pyproject.toml``.

One frozen record, passed from the CLI (or the editor server) to the engine,
so that every option that changes results is in one place (and can key a cache).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from .target import Target


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
    #: The project's own layers and how they transform shapes (custom_layers.CustomLayer).
    custom_layers: tuple = ()
    #: Which Keras the file is checked against, decided at project level (command line,
    #: ``keras-version``, declared dependencies, installed distributions) and why; None: not
    #: decided there, the engine falls back to the file's own signals, then Keras 3.
    target: Optional["Target"] = None
    #: The Keras generation the migration rules (KC6xx) report against: ``--migrate-to``, default 3.
    migrate_to: int = 3
    #: Seconds one file's interpretation may take before it is cut short (KC005); None: no
    #: limit but the statement budget. The editor server sets one, so that a slow document
    #: cannot keep the others waiting.
    time_budget: Optional[float] = None
    #: Report where names are bound to tensors (FileResult.bindings), for the editor's hovers;
    #: off for the command line, which shows none and would pay for their positions.
    tensor_bindings: bool = False
    #: Compute each layer's FLOPs (``summary --cost``); off otherwise: the formulas would
    #: cost a fifth of a large file's analysis for a table only ``--cost`` prints.
    costs: bool = False


def render(settings: Settings, path: str, config_file: str = "", notes: tuple = ()) -> str:
    """``--show-settings``: every option a file is checked with, and where its target came from, as ruff prints them.

    The keys are the ``[tool.kerascheck]`` spellings, so a line can be
    copied into the configuration.
    """
    from .target import DEFAULT

    target = settings.target
    lines = [
        f"Resolved settings for: {path!r}",
        f"Settings path: {config_file!r}" if config_file else "Settings path: none (the defaults)",
        "",
        "# Which Keras",
        f"target = {target.describe()}" if target else
        f"target = not decided by the project: the file's own spellings, else {DEFAULT.describe()}",
    ]
    if target is not None:
        lines += [f"target.version = {target.text!r}", f"target.generation = {target.generation}",
                  f"target.provider = {target.provider!r}"]
    lines += [*(f"note: {note}" for note in notes), "", "# Rules"]
    lines += [f"{key} = {list(value)!r}" for key, value in (
        ("select", settings.select), ("extend-select", settings.extend_select), ("ignore", settings.ignore))]
    lines += [f"severity = {dict(settings.severity)!r}", "", "# Analysis",
              f"image-data-format = {settings.image_data_format!r}",
              f"layers = {[getattr(layer, 'name', str(layer)) for layer in settings.custom_layers]!r}"]
    return "\n".join(lines) + "\n"
