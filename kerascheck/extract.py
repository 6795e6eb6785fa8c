"""Find the models a file builds, by walking its statements in source order.

The walk follows the file the way Python would run it top to bottom, without
running anything: assignments bind folded values, ``if`` statements whose
condition is decided statically take one branch (others are walked on both
paths), function and class bodies are walked where they are defined.
Layer constructors are recognised through the file's imports and named the
way Keras names them; ``Sequential(...)`` and ``model.add(...)`` build models.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional

import libcst as cst

import dataclasses

from .description import InputCall, LayerCall, MethodCall, ModelCall, NameCounter
from .imports import ImportTable, dotted_name
from .layers.registry import lookup
from .settings import Settings
from .values import MISSING, Evaluator, Opaque, Scope

#: Keras 1 keyword arguments; one of them anywhere marks a Keras 1 file.
_KERAS1_HINT = re.compile(
    r"\b(nb_filter|nb_row|nb_col|border_mode|subsample|output_dim|W_regularizer|dim_ordering|nb_epoch)\s*="
)

_MODEL_CLASSES = {"Sequential"}
#: Model methods whose arguments later checks look at.
_RECORDED_METHODS = {"compile", "fit", "fit_generator", "train_on_batch", "evaluate"}
_INPUT_CALLS = {"Input", "InputLayer"}


class _Sequential:
    """A Sequential model while the walk is still adding layers to it."""

    def __init__(self, name: str, node: cst.Call) -> None:
        self.name = name
        self.node = node
        self.layers: list = []
        self.methods: list = []
        self.trainable = True

    def freeze(self, frozen_layers: set, seen: frozenset = frozenset()) -> ModelCall:
        """The immutable description; ``frozen_layers`` holds ids of layers set untrainable."""
        seen = seen | {id(self)}
        layers = []
        for item in self.layers:
            if isinstance(item, _Sequential):
                if id(item) not in seen:
                    layers.append(item.freeze(frozen_layers, seen))
            elif isinstance(item, LayerCall) and id(item) in frozen_layers:
                layers.append(dataclasses.replace(item, trainable=False))
            else:
                layers.append(item)
        return ModelCall("Sequential", self.name, self.node, tuple(layers), tuple(self.methods), self.trainable)


@dataclass(frozen=True)
class Extraction:
    models: tuple  # ModelCall, in creation order
    keras1: bool  # the file is written for Keras 1


def extract_models(module: cst.Module, source: str, settings: Settings = Settings()) -> Extraction:
    """Every Sequential model built in ``module``, with its layers."""
    walker = _Walker(module, ImportTable(module), settings, bool(_KERAS1_HINT.search(source)))
    walker.block(module.body, Scope())
    return Extraction(tuple(model.freeze(walker.untrainable) for model in walker.models), walker.keras1)


class _Walker:
    def __init__(self, module: cst.Module, imports: ImportTable, settings: Settings, keras1: bool) -> None:
        self.imports = imports
        self.settings = settings
        self.keras1 = keras1
        self.names = NameCounter()
        self.models: list = []
        self.untrainable: set = set()  # ids of layers set ``trainable = False``
        self.evaluator = Evaluator(module, call_hook=self.call)

    # -- statements ------------------------------------------------------------

    def block(self, statements: Any, scope: Scope) -> None:
        for statement in statements:
            self.statement(statement, scope)

    def statement(self, node: cst.CSTNode, scope: Scope) -> None:
        if isinstance(node, cst.SimpleStatementLine):
            for small in node.body:
                self.small_statement(small, scope)
        elif isinstance(node, cst.If):
            self.if_statement(node, scope)
        elif isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            inner = Scope(parent=scope)
            if isinstance(node, cst.FunctionDef):
                for param in _parameters(node.params):
                    inner.bind(param, Opaque(param))
            self.suite(node.body, inner)
        elif isinstance(node, (cst.For, cst.While)):
            if isinstance(node, cst.For):
                self.bind_target(node.target, Opaque(self.evaluator.source(node.target)), scope)
            self.suite(node.body, scope)
            if node.orelse is not None:
                self.suite(node.orelse.body, scope)
        elif isinstance(node, cst.With):
            self.suite(node.body, scope)
        elif isinstance(node, (cst.Try, cst.TryStar)):
            self.suite(node.body, scope)
            for handler in node.handlers:
                self.suite(handler.body, scope)
            for extra in (node.orelse, node.finalbody):
                if extra is not None:
                    self.suite(extra.body, scope)

    def suite(self, body: cst.BaseSuite, scope: Scope) -> None:
        if isinstance(body, cst.IndentedBlock):
            self.block(body.body, scope)
        else:  # SimpleStatementSuite: ``if x: a = 1``
            for small in body.body:
                self.small_statement(small, scope)

    def if_statement(self, node: cst.If, scope: Scope) -> None:
        decided = self.evaluator.truth(node.test, scope)
        orelse = node.orelse
        if decided is True:
            self.suite(node.body, scope)
        elif decided is False:
            self.else_branch(orelse, scope)
        else:
            before = dict(scope.names)
            self.suite(node.body, scope)
            after_body = scope.names
            scope.names = dict(before)
            self.else_branch(orelse, scope)
            scope.names = _merge_paths(after_body, scope.names)

    def else_branch(self, orelse: Any, scope: Scope) -> None:
        if isinstance(orelse, cst.If):
            self.if_statement(orelse, scope)
        elif isinstance(orelse, cst.Else):
            self.suite(orelse.body, scope)

    def small_statement(self, node: cst.BaseSmallStatement, scope: Scope) -> None:
        if isinstance(node, cst.Assign):
            value = self.evaluator.eval(node.value, scope)
            for target in node.targets:
                self.bind_target(target.target, value, scope)
        elif isinstance(node, cst.AnnAssign) and node.value is not None:
            self.bind_target(node.target, self.evaluator.eval(node.value, scope), scope)
        elif isinstance(node, cst.AugAssign):
            folded = cst.BinaryOperation(left=node.target, operator=_binary_of(node.operator), right=node.value)
            self.bind_target(node.target, self.evaluator.eval(folded, scope), scope)
        elif isinstance(node, (cst.Expr, cst.Return)) and node.value is not None:
            self.evaluator.eval(node.value, scope)

    def bind_target(self, target: cst.BaseExpression, value: Any, scope: Scope) -> None:
        if isinstance(target, cst.Attribute) and target.attr.value == "trainable" and value is False:
            self.set_untrainable(self.evaluator.eval(target.value, scope))
        elif isinstance(target, cst.Name):
            scope.bind(target.value, value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            elements = [element.value for element in target.elements]
            unpacked = isinstance(value, (tuple, list)) and len(value) == len(elements)
            unpackable = not any(isinstance(element, cst.StarredElement) for element in target.elements)
            for index, element in enumerate(elements):
                item = value[index] if unpacked and unpackable else Opaque(self.evaluator.source(element))
                self.bind_target(element, item, scope)

    def set_untrainable(self, owner: Any) -> None:
        """``base.trainable = False``: the layer's (or model's) weights stop training."""
        if isinstance(owner, LayerCall):
            self.untrainable.add(id(owner))
        elif isinstance(owner, _Sequential):
            owner.trainable = False

    # -- calls -----------------------------------------------------------------

    def call(self, node: cst.Call, scope: Scope) -> Any:
        """The evaluator's hook: Keras constructors and ``model.add``."""
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in _RECORDED_METHODS | {"add"}:
            model = self.evaluator.eval(func.value, scope)
            if isinstance(model, _Sequential) and func.attr.value == "add":
                self.add_layers(model, [arg.value for arg in node.args[:1]], scope)
                return None
            if isinstance(model, _Sequential):
                args, kwargs = self.arguments(node, scope)
                model.methods.append(MethodCall(func.attr.value, tuple(args), tuple(kwargs), node))
                return None
        member = self.imports.keras_member(func)
        if member is None:
            return self.custom_layer(node, scope)
        if member in _MODEL_CLASSES:
            return self.sequential(node, scope)
        if member in _INPUT_CALLS:
            return self.input_call(node, scope)
        if member in ("image_data_format",):
            return self.settings.image_data_format
        if member in ("image_dim_ordering",):
            return "th" if self.settings.image_data_format == "channels_first" else "tf"
        spec = lookup(member)
        if spec is not None:
            return self.layer(node, scope, spec.name, member, known=True)
        if member[:1].isupper() and self._is_layers_path(func):
            return self.layer(node, scope, member, member, known=False)
        return MISSING

    def _is_layers_path(self, func: cst.BaseExpression) -> bool:
        qualified = self.imports.qualify(func) or ""
        return ".layers." in qualified or self.imports.keras_star

    def custom_layer(self, node: cst.Call, scope: Scope) -> Any:
        """A call to a class we cannot see into: named as Keras would name it."""
        dotted = dotted_name(node.func)
        if dotted is None:
            return MISSING
        last = dotted.rsplit(".", 1)[-1]
        value = scope.lookup(dotted) if "." not in dotted else MISSING
        if value is not MISSING or not last[:1].isupper():
            return MISSING
        return self.layer(node, scope, last, last, known=False)

    def layer(self, node: cst.Call, scope: Scope, type_name: str, written: str, known: bool) -> LayerCall:
        args, kwargs = self.arguments(node, scope)
        explicit = dict(kwargs).get("name")
        name = explicit if isinstance(explicit, str) else self.names.next(type_name)
        legacy = self.keras1 or written.startswith("Convolution")
        return LayerCall(type_name, written, name, tuple(args), tuple(kwargs), node, known, legacy)

    def arguments(self, node: cst.Call, scope: Scope) -> tuple:
        args, kwargs = [], []
        for arg in node.args:
            value = self.evaluator.eval(arg.value, scope)
            if arg.keyword is not None:
                kwargs.append((arg.keyword.value, value))
            elif arg.star:
                kwargs.append((arg.star, Opaque(self.evaluator.source(arg.value))))
            else:
                args.append(value)
        return args, kwargs

    def sequential(self, node: cst.Call, scope: Scope) -> _Sequential:
        layers_arg = None
        name = None
        for index, arg in enumerate(node.args):
            keyword = arg.keyword.value if arg.keyword is not None else None
            if (keyword is None and index == 0) or keyword == "layers":
                layers_arg = arg.value
            elif keyword == "name":
                name = self.evaluator.eval(arg.value, scope)
        items = []
        if isinstance(layers_arg, (cst.List, cst.Tuple)):
            items = [element.value for element in layers_arg.elements]
        model = _Sequential(name if isinstance(name, str) else "", node)
        self.add_layers(model, items, scope)
        if not model.name:
            model.name = self.names.next("Sequential")
        self.models.append(model)
        return model

    def add_layers(self, model: _Sequential, nodes: list, scope: Scope) -> None:
        for item in nodes:
            value = self.evaluator.eval(item, scope)
            if isinstance(value, (LayerCall, InputCall, _Sequential)) and value is not model:
                model.layers.append(value)
            elif isinstance(item, cst.Call) or isinstance(value, Opaque):
                model.layers.append(self.unknown(item, value))

    def unknown(self, node: cst.BaseExpression, value: Any) -> LayerCall:
        text = value.text if isinstance(value, Opaque) else self.evaluator.source(node)
        call = node if isinstance(node, cst.Call) else cst.Call(func=cst.Name("unknown"))
        return LayerCall(text, text, "?", (), (), call, known=False)

    def input_call(self, node: cst.Call, scope: Scope) -> InputCall:
        args, kwargs = self.arguments(node, scope)
        options = dict(kwargs)
        shape = options.get("shape", args[0] if args else None)
        batch_shape = options.get("batch_shape", options.get("batch_input_shape"))
        if batch_shape is None and "input_shape" in options:
            shape = options["input_shape"]
        if isinstance(batch_shape, (tuple, list)):
            full: Optional[tuple] = tuple(batch_shape)
        elif isinstance(shape, (tuple, list)):
            full = (options.get("batch_size"),) + tuple(shape)
        elif isinstance(shape, (int, Opaque)) and not isinstance(shape, bool):
            full = (options.get("batch_size"), shape)
        else:
            full = None
        explicit = options.get("name")
        name = explicit if isinstance(explicit, str) else self.names.next("InputLayer")
        return InputCall(full, node, name)


def _parameters(params: cst.Parameters) -> list:
    names = [param.name.value for param in (*params.posonly_params, *params.params, *params.kwonly_params)]
    for star in (params.star_arg, params.star_kwarg):
        if isinstance(star, cst.Param):
            names.append(star.name.value)
    return names


def _merge_paths(first: dict, second: dict) -> dict:
    """Names after an undecided ``if``: a value both paths agree on, else opaque."""
    merged = {}
    for name in first.keys() | second.keys():
        a, b = first.get(name, MISSING), second.get(name, MISSING)
        merged[name] = a if a is b or (a == b and a is not MISSING) else Opaque(name)
    return merged


_AUGMENTED = {
    cst.AddAssign: cst.Add,
    cst.SubtractAssign: cst.Subtract,
    cst.MultiplyAssign: cst.Multiply,
    cst.FloorDivideAssign: cst.FloorDivide,
    cst.DivideAssign: cst.Divide,
    cst.ModuloAssign: cst.Modulo,
    cst.PowerAssign: cst.Power,
}


def _binary_of(operator: cst.BaseAugOp) -> cst.BaseBinaryOp:
    kind = _AUGMENTED.get(type(operator))
    return kind() if kind is not None else cst.BitOr()
