"""What a change did to the models: ``kerascheck diff [BASE [HEAD]] [PATHS]``.

Both sides are predicted from source (the old files read with ``git show``,
never checked out; see ``revisions.py``), then compared:

* models are matched by file and name; what is left is paired as *renamed*
  when the layers are the same (or the name is, in another file: a moved
  file), else reported *added* or *removed*;
* a matched model's layers are aligned by type (so inserting a layer, which
  renumbers Keras' automatic names, reads as one addition), and each aligned
  pair reports what changed: name, arguments, output shape, parameters;
* parameter totals before and after, with the change in percent.

Rendered as text, JSON or Markdown (a pull-request comment).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Optional

from .dims import Dim, format_shape, to_json
from .results import LayerResult, ModelResult
from .summary import format_count

#: Layer fields compared, with the label a change is reported under.
LAYER_FIELDS = (("name", "name"), ("arguments", "arguments"), ("output_shape", "output shape"), ("params", "params"))


@dataclass(frozen=True)
class LayerChange:
    kind: str  # "added" | "removed" | "changed"
    before: Optional[LayerResult]
    after: Optional[LayerResult]
    #: For "changed": (label, before text, after text) per field that differs.
    fields: tuple = ()

    @property
    def layer(self) -> LayerResult:
        return self.after if self.after is not None else self.before  # type: ignore[return-value]


@dataclass(frozen=True)
class ModelChange:
    kind: str  # "added" | "removed" | "renamed" | "changed" | "unchanged"
    before: Optional[ModelResult]
    after: Optional[ModelResult]
    before_path: str = ""
    after_path: str = ""
    layers: tuple = ()

    @property
    def name(self) -> str:
        return (self.after or self.before).name  # type: ignore[union-attr]

    @property
    def path(self) -> str:
        return self.after_path or self.before_path

    @property
    def params_before(self) -> Optional[Dim]:
        return self.before.total_params if self.before is not None else None

    @property
    def params_after(self) -> Optional[Dim]:
        return self.after.total_params if self.after is not None else None


def _text(field: str, layer: LayerResult) -> str:
    value = getattr(layer, field)
    if field == "output_shape":
        return format_shape(value)
    if field == "params":
        return format_count(value)
    return str(value)


def compare_layers(before: tuple, after: tuple) -> tuple:
    """Layer changes between two layer lists.

    Aligned on (type, arguments) first; in what is left between two aligned
    stretches, layers of the same type are paired in order as changed, the
    rest added or removed. A layer whose only change is its name (Keras
    renumbered it after an insertion) is not a change.
    """
    def key(layer: LayerResult) -> tuple:
        return layer.type, layer.arguments

    matcher = difflib.SequenceMatcher(a=[key(layer) for layer in before], b=[key(layer) for layer in after], autojunk=False)
    changes: list = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        olds, news = list(before[i1:i2]), list(after[j1:j2])
        if tag == "equal":
            changes += [_changed(old, new) for old, new in zip(olds, news)]
            continue
        for new in news:
            old = next((old for old in olds if old.type == new.type), None)
            if old is None:
                changes.append(LayerChange("added", None, new))
            else:
                changes += [LayerChange("removed", skipped, None) for skipped in olds[: olds.index(old)]]
                del olds[: olds.index(old) + 1]
                changes.append(_changed(old, new))
        changes += [LayerChange("removed", old, None) for old in olds]
    return tuple(change for change in changes if change is not None)


def _changed(old: LayerResult, new: LayerResult) -> Optional[LayerChange]:
    fields = tuple((label, _text(f, old), _text(f, new)) for f, label in LAYER_FIELDS if _text(f, old) != _text(f, new))
    if not fields or [label for label, _, _ in fields] == ["name"]:
        return None
    return LayerChange("changed", old, new, fields)


def _signature(model: ModelResult) -> tuple:
    return tuple((layer.type, format_shape(layer.output_shape), format_count(layer.params)) for layer in model.layers)


def compare(before: dict, after: dict) -> tuple:
    """Model changes between ``{path: FileResult}`` of the base and of the head, in path order."""
    old = {(path, model.name): model for path, result in before.items() for model in result.models}
    new = {(path, model.name): model for path, result in after.items() for model in result.models}
    changes = []
    for key in old.keys() & new.keys():
        layers = compare_layers(old[key].layers, new[key].layers)
        changed = layers or format_count(old[key].total_params) != format_count(new[key].total_params)
        changes.append(ModelChange("changed" if changed else "unchanged", old[key], new[key], key[0], key[0], layers))
    removed = [key for key in old if key not in new]
    added = [key for key in new if key not in old]
    for same in (lambda a, b: _signature(old[a]) == _signature(new[b]),  # renamed, or moved with its name
                 lambda a, b: a[1] == b[1],
                 lambda a, b: a[0] == b[0] and old[a].type == new[b].type and len(removed) == len(added) == 1):
        for a in list(removed):
            b = next((b for b in added if same(a, b)), None)
            if b is not None:
                removed.remove(a)
                added.remove(b)
                changes.append(ModelChange("renamed", old[a], new[b], a[0], b[0], compare_layers(old[a].layers, new[b].layers)))
    changes += [ModelChange("removed", old[key], None, key[0], "") for key in removed]
    changes += [ModelChange("added", None, new[key], "", key[0]) for key in added]
    return tuple(sorted(changes, key=lambda change: (change.path, change.name, change.kind)))


def percent(before: Optional[Dim], after: Optional[Dim]) -> str:
    """``+47.0%``; empty when either count is not a known integer or the base is 0."""
    if isinstance(before, int) and isinstance(after, int) and before:
        return f"{(after - before) / before * 100:+.1f}%"
    return ""


def params_line(change: ModelChange) -> str:
    """``34,826 -> 51,210 (+47.0%)``, or the one side there is."""
    if change.before is None:
        return format_count(change.params_after)
    if change.after is None:
        return format_count(change.params_before)
    share = percent(change.params_before, change.params_after)
    return f"{format_count(change.params_before)} -> {format_count(change.params_after)}" + (f" ({share})" if share else "")


def headline(change: ModelChange) -> str:
    """One line per model change (plain text; reporters escape it as they need)."""
    if change.kind == "renamed":
        old = f'"{change.before.name}"' + (f" in {change.before_path}" if change.before_path != change.after_path else "")
        return f'model "{change.name}" (renamed from {old}): params {params_line(change)}'
    return f'model "{change.name}" {change.kind}: params {params_line(change)}'


def layer_line(change: LayerChange) -> str:
    layer = change.layer
    label = f"{layer.name} ({layer.type})"
    if change.kind == "added":
        return f"+ {label}: {format_shape(layer.output_shape)}, params {format_count(layer.params)}"
    if change.kind == "removed":
        return f"- {label}: {format_shape(layer.output_shape)}, params {format_count(layer.params)}"
    return f"~ {label}: " + "; ".join(f"{what} {a or '(none)'} -> {b or '(none)'}" for what, a, b in change.fields)


def as_json(change: ModelChange) -> dict:
    def layer(item: Optional[LayerResult]) -> Optional[dict]:
        if item is None:
            return None
        shape = item.output_shape
        return {"name": item.name, "type": item.type, "arguments": item.arguments, "params": to_json(item.params),
                "output_shape": format_shape(shape) if shape is not None else None}

    return {
        "kind": change.kind, "name": change.name,
        "before": {"path": change.before_path, "name": change.before.name} if change.before else None,
        "after": {"path": change.after_path, "name": change.after.name} if change.after else None,
        "params_before": to_json(change.params_before) if change.before else None,
        "params_after": to_json(change.params_after) if change.after else None,
        "params_change": percent(change.params_before, change.params_after) or None,
        "layers": [{"kind": c.kind, "before": layer(c.before), "after": layer(c.after),
                    "fields": [{"field": f, "before": a, "after": b} for f, a, b in c.fields]} for c in change.layers],
    }
