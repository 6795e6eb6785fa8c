"""Fixes of the spellings a later Keras removed: the migration (KC5xx, KC6xx) and the target's own errors (KC407-KC409).

Each is the replacement the finding's message names, made only where it is
certain (a literal where the value changes meaning, no second spelling of
the same argument given). Renaming to the modern spelling keeps the
program's behaviour on every Keras that takes both, so these fixes are safe;
where the old spelling was *ignored* by the target (KC409: tf.keras 2.11+
drops ``lr=``), the fix makes the argument count again, which changes what
runs: unsafe.
"""

from __future__ import annotations

import re
from typing import Optional

import libcst as cst

from ..checks.versions import ACCEPTED, CHANGES, DEPRECATED, GENERATOR_METHODS, worst
from ..layers.registry import LEGACY_RENAMES
from ..results import Diagnostic
from . import Fixer, Proposal
from .edits import lines as edit_lines
from .rewrite import import_change, keyword, renamed, rewritten
from .tensorflow_keras import tensorflow_keras
from .tree import SourceTree

#: Old keyword -> new keyword, for every rename that keeps the meaning.
KEYWORD_RENAMES = {**LEGACY_RENAMES, "lr": "learning_rate", "nb_epoch": "epochs"}
#: Keras 1 ``dim_ordering`` values and the ``data_format`` they mean.
DATA_FORMATS = {"th": "channels_first", "tf": "channels_last"}
#: Keywords whose value must change with the name: only literals are translated.
_VALUE_TABLES = {"dim_ordering": DATA_FORMATS}
#: Keras 1 generator arguments, counted in samples: nothing certain replaces them.
_SAMPLE_COUNTS = ("samples_per_epoch", "nb_val_samples")


def _string(node: cst.BaseExpression) -> Optional[str]:
    return node.evaluated_value if isinstance(node, cst.SimpleString) and isinstance(node.evaluated_value, str) else None


def _quoted_like(original: cst.SimpleString, text: str) -> cst.SimpleString:
    """``text`` as a string literal in ``original``'s quotes."""
    quote = original.quote
    return cst.SimpleString(f"{original.prefix}{quote}{text}{quote}")


def _keras1_regularizer(value: cst.BaseExpression, tree: SourceTree) -> Optional[tuple]:
    """``WeightRegularizer(l1=a, l2=b)`` (Keras 1) -> (``l1_l2(l1=a, l2=b)``, import changes); None if it is not one."""
    if not isinstance(value, cst.Call) or tree.imports is None:
        return None
    qualified = tree.imports.qualify(value.func) or ""
    if not qualified.endswith("regularizers.WeightRegularizer"):
        return None
    changes: dict = {}
    if isinstance(value.func, cst.Name):
        imported = import_change(tree, value.func.value, "l1_l2", replacing=True)
        if imported is None:
            return None
        changes.update(imported)
    return value.with_changes(func=renamed(value.func, "l1_l2")), changes


def renamed_keyword(found: Diagnostic, tree: SourceTree) -> Optional[Proposal]:
    """The old keyword the message names (``init=``, ``lr=``, ``nb_epoch=``), renamed as the message says.

    A Keras 1 ``WeightRegularizer(l1=, l2=)`` given to ``W_regularizer=`` becomes ``l1_l2(l1=, l2=)``, the
    same penalty under its Keras 2+ name.
    """
    call = tree.call_at(found.span)
    if call is None or tree.module is None:
        return None
    for old in re.findall(r"(\w+)=", found.message):
        arg, new = keyword(call, old), KEYWORD_RENAMES.get(old)
        if arg is None or new is None or keyword(call, new) is not None:
            continue
        value = arg.value
        table = _VALUE_TABLES.get(old)
        if table is not None:
            meant = table.get(_string(value) or "")
            if meant is None:
                return None  # a value not written as a literal: its translation is not certain
            value = _quoted_like(value, meant)
        changes: dict = {}
        regularizer = _keras1_regularizer(value, tree)
        if regularizer is not None:
            value, imports = regularizer
            changes.update(imports)
        changes[arg] = arg.with_changes(keyword=cst.Name(new), value=value)
        return Proposal(f"Use {new}= instead of {old}=", rewritten(tree.module, changes))
    return None


def keras1_convolution(found: Diagnostic, tree: SourceTree) -> Optional[Proposal]:
    """``Convolution2D(32, 3, 3, ...)`` -> ``Conv2D(32, (3, 3), ...)``; ``Convolution2D`` -> ``Conv2D``."""
    call = tree.call_at(found.span)
    module = tree.module
    if call is None or module is None:
        return None
    written = call.func.attr.value if isinstance(call.func, cst.Attribute) else getattr(call.func, "value", "")
    match = re.fullmatch(r"Convolution([123])D", written)
    if match is None:
        return None  # AtrousConvolution (atrous_rate) and Deconvolution (output_shape) take more: not certain
    rank = int(match.group(1))
    modern = f"Conv{rank}D"
    positional = [arg for arg in call.args if arg.keyword is None and not arg.star]
    args = list(call.args)
    if len(positional) > 2 and tree.target is None:
        return None  # (filters, rows, columns) or (filters, kernel, strides): the target decides, and it is not known
    if len(positional) > 2 and worst(CHANGES["keras1-kernel"], tree.target) not in (ACCEPTED, DEPRECATED):
        pass  # the target reads (filters, kernel_size, strides), as Conv2D does: renaming keeps it
    elif len(positional) == 1 + rank and rank > 1 and all(arg is args[i] for i, arg in enumerate(positional)):
        kernel = cst.Tuple([cst.Element(arg.value, comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")) if i < rank - 1 else cst.MaybeSentinel.DEFAULT)
                            for i, arg in enumerate(positional[1:])])
        args = [args[0], positional[-1].with_changes(value=kernel), *args[1 + rank:]]
    elif len(positional) > 2:
        return None  # more positional arguments than Keras 2+ reads as (filters, kernel): not certain
    changes: dict = {call: call.with_changes(func=renamed(call.func, modern), args=args)}
    if isinstance(call.func, cst.Name):
        imported = import_change(tree, written, modern, replacing=True)
        if imported is None:
            return None
        changes.update(imported)
    return Proposal(f"Use {modern}", rewritten(module, changes))


def generator_method(found: Diagnostic, tree: SourceTree) -> Optional[Proposal]:
    """``model.fit_generator(...)`` -> ``model.fit(...)``, when no Keras 1 sample counts are given."""
    call = tree.call_at(found.span)
    if call is None or tree.module is None or not isinstance(call.func, cst.Attribute):
        return None
    modern = GENERATOR_METHODS.get(call.func.attr.value)
    if modern is None or any(keyword(call, name) is not None for name in _SAMPLE_COUNTS):
        return None
    return Proposal(f"Use {modern}()", rewritten(tree.module, {call.func: call.func.with_changes(attr=cst.Name(modern))}))


def image_data_format(found: Diagnostic, tree: SourceTree) -> Optional[Proposal]:
    """``set_image_dim_ordering('th')`` -> ``set_image_data_format('channels_first')``;
    ``image_dim_ordering() == 'th'`` -> ``image_data_format() == 'channels_first'``."""
    call = tree.call_at(found.span)
    if call is None or tree.module is None or not isinstance(call.func, (cst.Attribute, cst.Name)):
        return None
    name = call.func.attr.value if isinstance(call.func, cst.Attribute) else call.func.value
    if name == "set_image_dim_ordering" and len(call.args) == 1 and call.args[0].keyword is None:
        value = call.args[0].value
        meant = DATA_FORMATS.get(_string(value) or "")
        if meant is None:
            return None
        fixed = call.with_changes(func=renamed(call.func, "set_image_data_format"),
                                  args=[call.args[0].with_changes(value=_quoted_like(value, meant))])
        changes = {call: fixed}
    elif name == "image_dim_ordering" and not call.args:
        comparison = tree.parent(call)
        if not isinstance(comparison, cst.Comparison) or comparison.left is not call or len(comparison.comparisons) != 1:
            return None
        target = comparison.comparisons[0]
        meant = DATA_FORMATS.get(_string(target.comparator) or "")
        if meant is None or not isinstance(target.operator, (cst.Equal, cst.NotEqual)):
            return None
        changes = {comparison: comparison.with_changes(
            left=call.with_changes(func=renamed(call.func, "image_data_format")),
            comparisons=[target.with_changes(comparator=_quoted_like(target.comparator, meant))])}
    else:
        return None
    if isinstance(call.func, cst.Name):
        return None  # imported by name: the import would need the new name too
    return Proposal("Use image_data_format", rewritten(tree.module, changes))


def _shape_tuple(items: list) -> cst.Tuple:
    """``(a, b)`` or ``(a,)`` from expressions."""
    space = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    if len(items) == 1:
        return cst.Tuple([cst.Element(items[0], comma=cst.Comma())])
    return cst.Tuple([cst.Element(item, comma=space if i < len(items) - 1 else cst.MaybeSentinel.DEFAULT) for i, item in enumerate(items)])


def _with_input_shape(call: cst.Call, removed: tuple, at: cst.Arg, shape: cst.Tuple) -> cst.Call:
    """The call with ``input_shape=shape`` in place of ``at`` and without the other ``removed`` keywords."""
    args = []
    for arg in call.args:
        if arg is at:
            args.append(arg.with_changes(keyword=cst.Name("input_shape"), value=shape))
        elif not (arg.keyword is not None and arg.keyword.value in removed):
            args.append(arg)
    if args and args[-1].comma is not cst.MaybeSentinel.DEFAULT and call.args[-1].comma is cst.MaybeSentinel.DEFAULT:
        args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return call.with_changes(args=args)


def recurrent_input_dim(found: Diagnostic, tree: SourceTree) -> Optional[Proposal]:
    """``LSTM(32, input_dim=8[, input_length=10])`` -> ``LSTM(32, input_shape=(10 or None, 8))``, as tf.keras reads it."""
    call = tree.call_at(found.span)
    if call is None or tree.module is None or keyword(call, "input_shape") is not None or keyword(call, "batch_input_shape") is not None:
        return None
    dim, length = keyword(call, "input_dim"), keyword(call, "input_length")
    if dim is None:
        return None
    shape = _shape_tuple([length.value if length is not None else cst.Name("None"), dim.value])
    fixed = _with_input_shape(call, ("input_dim", "input_length"), dim, shape)
    return Proposal("Give the whole input shape", rewritten(tree.module, {call: fixed}))


def embedding_input_length(found: Diagnostic, tree: SourceTree) -> Optional[Proposal]:
    """``Embedding(1000, 64, input_length=10)`` -> ``Embedding(1000, 64, input_shape=(10,))``."""
    call = tree.call_at(found.span)
    if call is None or tree.module is None or "input_length" not in found.message:
        return None
    length = keyword(call, "input_length")
    if length is None or keyword(call, "input_shape") is not None or keyword(call, "batch_input_shape") is not None:
        return None
    fixed = _with_input_shape(call, ("input_length",), length, _shape_tuple([length.value]))
    return Proposal("Declare the input shape instead of input_length", rewritten(tree.module, {call: fixed}))


def layer_module(found: Diagnostic, tree: SourceTree) -> Optional[Proposal]:
    """``from keras.layers.core import Dense`` -> ``from keras.layers import Dense``."""
    statement = tree.node_at(found.span, cst.ImportFrom)
    if statement is None or tree.module is None or not isinstance(statement.module, cst.Attribute):
        return None
    return Proposal("Import from keras.layers", rewritten(tree.module, {statement.module: statement.module.value}))


def model_keywords(found: Diagnostic, tree: SourceTree) -> Optional[Proposal]:
    """``Model(input=x, output=y)`` -> ``Model(inputs=x, outputs=y)``."""
    call = tree.call_at(found.span)
    if call is None or tree.module is None or keyword(call, "inputs") is not None or keyword(call, "outputs") is not None:
        return None
    changes = {arg: arg.with_changes(keyword=cst.Name(arg.keyword.value + "s")) for arg in call.args
               if arg.keyword is not None and arg.keyword.value in ("input", "output")}
    return Proposal("Use inputs= and outputs=", rewritten(tree.module, changes)) if changes else None


#: Keras 1 ``merge`` modes: the function that replaces each, and its renamed keywords.
MERGE_MODES = {"concat": ("concatenate", {"concat_axis": "axis"}), "sum": ("add", {}), "mul": ("multiply", {}),
               "ave": ("average", {}), "max": ("maximum", {}), "dot": ("dot", {"dot_axes": "axes"})}


def merge_function(found: Diagnostic, tree: SourceTree) -> Optional[Proposal]:
    """``merge([a, b], mode='concat', concat_axis=1)`` -> ``concatenate([a, b], axis=1)`` (one function per mode)."""
    call = tree.call_at(found.span)
    mode = keyword(call, "mode") if call is not None else None
    replacement = MERGE_MODES.get(_string(mode.value) or "") if mode is not None else None
    if replacement is None or tree.module is None:
        return None  # mode='cos', a callable, or not written as a literal: not certain
    function, renames = replacement
    args = []
    for arg in call.args:
        name = arg.keyword.value if arg.keyword is not None else None
        if arg is mode:
            continue
        if name is not None and name not in renames and name not in ("name",):
            return None  # output_shape=, node_indices=...: nothing certain replaces them
        args.append(arg.with_changes(keyword=cst.Name(renames[name])) if name in renames else arg)
    if args and call.args[-1].comma is cst.MaybeSentinel.DEFAULT:
        args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    changes: dict = {call: call.with_changes(func=renamed(call.func, function), args=args)}
    if isinstance(call.func, cst.Name):
        imported = import_change(tree, call.func.value, function, replacing=True)
        if imported is None:
            return None
        changes.update(imported)
    return Proposal(f"Use {function}()", rewritten(tree.module, changes))


#: ``print x`` on one line: the keyword, then what it prints (no ``>>file``, no trailing comma).
_PRINT_STATEMENT = re.compile(r"(?P<indent>[ \t]*)print[ \t]+(?P<what>[^>\s#][^#]*?)(?P<rest>[ \t]*(#.*)?)$")


def print_function(found: Diagnostic, tree: SourceTree) -> Optional[Proposal]:
    """KC001 on a Python 2 ``print x`` statement: ``print(x)`` (``print a, b`` prints the same as ``print(a, b)``)."""
    if "print" not in found.message or found.span.end_line != found.span.line:
        return None
    lines = edit_lines(tree.source)
    if not 0 < found.span.line <= len(lines):
        return None
    line = lines[found.span.line - 1]
    body, ending = line.rstrip("\r\n"), line[len(line.rstrip("\r\n")):]
    match = _PRINT_STATEMENT.fullmatch(body)
    if match is None or match.group("what").rstrip().endswith(",") or "'" in match.group("what") or '"' in match.group("what"):
        return None  # a trailing comma (no newline) or a string (a '#' in it would fool the pattern): not certain
    fixed = f"{match.group('indent')}print({match.group('what').rstrip()}){match.group('rest')}{ending}"
    lines[found.span.line - 1] = fixed
    return Proposal("Call print()", "".join(lines), on_source=True)


def _mentions(*words: str):
    """A fixer that applies only to findings whose message names one of ``words``."""

    def applies(fixer):
        def propose(found: Diagnostic, tree: SourceTree) -> Optional[Proposal]:
            return fixer(found, tree) if any(word in found.message for word in words) else None

        propose.__doc__ = fixer.__doc__
        return propose

    return applies


MIGRATION_FIXERS = (
    Fixer(("KC501", "KC503", "KC601", "KC603", "KC407"), renamed_keyword, True,
          "renames the keyword to its modern spelling (`border_mode=` to `padding=`, `lr=` to `learning_rate=`, "
          "`nb_epoch=` to `epochs=`; `dim_ordering='th'` to `data_format='channels_first'`)"),
    Fixer(("KC409",), _mentions("lr=")(renamed_keyword), False,
          "renames `lr=` to `learning_rate=`: the learning rate given is then used, where the target ignored it"),
    Fixer(("KC502", "KC610"), keras1_convolution, True, "writes `Conv2D(32, (3, 3))` for `Convolution2D(32, 3, 3)`"),
    Fixer(("KC605",), generator_method, True, "calls `fit()` for `fit_generator()` (likewise evaluate, predict)"),
    Fixer(("KC408",), _mentions("_generator")(generator_method), True, "calls `fit()` for `fit_generator()` (likewise evaluate, predict)"),
    Fixer(("KC609",), image_data_format, True, "writes `image_data_format() == 'channels_first'` for `image_dim_ordering() == 'th'`"),
    Fixer(("KC408",), _mentions("dim_ordering")(image_data_format), True, "writes `image_data_format()` for `image_dim_ordering()`"),
    Fixer(("KC611",), layer_module, True, "imports from `keras.layers` instead of its Keras 1/2 submodule"),
    Fixer(("KC408",), _mentions("keras.layers.")(layer_module), True, "imports from `keras.layers` instead of its Keras 1/2 submodule"),
    Fixer(("KC001",), print_function, True, "writes `print(x)` for the Python 2 statement `print x`"),
    Fixer(("KC612",), model_keywords, True, "writes `Model(inputs=, outputs=)` for `Model(input=, output=)`"),
    Fixer(("KC407",), _mentions("Model(input=")(model_keywords), True, "writes `Model(inputs=, outputs=)` for `Model(input=, output=)`"),
    Fixer(("KC613",), merge_function, True, "calls the function of the mode: `concatenate([a, b], axis=-1)` for `merge([a, b], mode='concat', concat_axis=-1)`"),
    Fixer(("KC408",), _mentions("merge(")(merge_function), True, "calls the function of the merge mode (`concatenate`, `add`...)"),
    Fixer(("KC606",), recurrent_input_dim, True, "writes `input_shape=(timesteps or None, input_dim)` for `input_dim=`"),
    Fixer(("KC607",), embedding_input_length, True, "writes `input_shape=(input_length,)` for Embedding's `input_length=`"),
    Fixer(("KC409",), embedding_input_length, False,
          "writes `input_shape=(input_length,)` for Embedding's `input_length=`: the model then gets the input shape the target ignored"),
    Fixer(("KC614",), tensorflow_keras, True,
          "writes `keras` for `tensorflow.keras` where Keras 3 gives the same object (`from keras import layers`, "
          "`import keras`, `keras.layers.Dense` with `import keras` added once after the import of `tensorflow`)"),
)
