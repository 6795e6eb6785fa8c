"""Run a file's statements in order, as Python would, without running anything.

Assignments bind values (folded data, unknowns, tensors, layers, models,
instances); loops over static sequences are unrolled; the file's functions and
methods are followed at each call with the arguments given there; a ``return``
ends its path; an ``if`` decided statically (``if x.shape[-1] != filters``, the
file's ``__main__`` block) takes one branch, an undecided one is walked on both
paths (layers added to a Sequential on either path become a
:class:`~.objects.Branch`). Functions and methods that nothing reached are run
once more at the end with their parameters as symbols. What a Keras call
builds is :mod:`.library.keras`' business; a layer call computes its output at
once (:meth:`Interpreter.run_layer`), as Keras does.

Module loading goes through :func:`interpret`, which reads one module: following
the project's imports is an addition there, not a redesign.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import time

import libcst as cst

from .library import containers
from .library.builtins import BUILTINS
from .library.keras import KerasCalls
from .classes import BoundMethod, ClassCalls, ClassValue, FunctionValue, Instance, lambda_function
from .library.masks import TABLES, Masks
from .objects import Branch, LayerCall, ModelCall, NameCounter, OperationCall
from ..results import LayerResult
from ..rules import severity
from .context import FileContext
from ..imports import dotted_name
from .models import ModelResults, label_symbolic
from .values import MISSING, Opaque, Scope, Tensor, detached
from .expressions import Evaluator

MAX_CALL_DEPTH = 8  # nested calls of the file's own functions followed
MAX_UNROLL = 256  # iterations of one loop unrolled
MAX_STATEMENTS = 100_000  # statements walked per file, all paths together


@dataclass(frozen=True)
class Interpretation:
    """What running the file built: its models, and every call of a layer on tensors."""

    models: tuple  # ModelCall, in creation order
    context: Any  # the FileContext the file was read with
    applications: tuple = ()  # every layer call on tensors, in source order
    runner: Any = None  # the ModelResults that ran the calls (its findings so far)
    bindings: tuple = ()  # (name, Assign node, element index or None, shape or an object's cst.Call)
    cut_short: bool = False  # the time budget ran out before the end of the file
    #: What the summary says about the whole file: names read as Keras' though never imported...
    notes: tuple = ()


def interpret(module: cst.Module, context: FileContext, locate: Any) -> Interpretation:
    """Every model built in ``module``, with its layers."""
    walker = Interpreter(module, context, locate)
    top = Scope()
    top.bind("__name__", "__main__")  # the file is run as a program: its main block runs
    walker.block(module.body, top)
    walker.analyse_functions_symbolically()
    models = tuple(model.seal() for model in walker.models)
    return Interpretation(
        models, context, tuple(walker.application_order), walker.runner, tuple(walker.bindings), walker.cut_short,
        tuple(walker.file_notes),
    )


@dataclass
class _Frame:
    """Models and containers touched inside an uncertain region (undecided branch, unknown loop)."""

    starts: dict = field(default_factory=dict)  # id(model) -> (model, layer count at first touch)
    created: set = field(default_factory=set)  # ids of models created inside
    changed: dict = field(default_factory=dict)  # id(list or dict) -> it, changed inside


class Interpreter(KerasCalls, ClassCalls):
    def __init__(self, module: cst.Module, context: FileContext, locate: Any) -> None:
        self.context = context
        self.imports = context.imports
        self.data_format = context.image_data_format
        self.custom_layers = context.declared_layers
        self.untrainable: set = set()
        self.applications: dict = {}
        self.runner = ModelResults(locate, context.generation, self.untrainable, self.applications, self.custom_layers,
                                   context.costs, context.rejected_keywords)
        self.runner.source_layer = self.source_layer
        self.names = NameCounter(context.generation)
        self.models: list = []
        self.application_order: list = []
        tables = TABLES.get(context.generation)
        self.masks = Masks(tables) if tables is not None else None  # Keras 1's masks are not modelled
        self.bindings: list = []  # (name, Assign node, element index or None, shape) bound to tensors
        self.sublayer_results: list = []  # per layer subclass being called: its sublayers' results
        self.pending_shapes: dict = {}  # id(OperationCall) -> its output shape, until recorded
        self.reached: set = set()  # ids of the functions followed at a call
        self.functions: list = []
        self.frames: list = []
        self.unknown_contents: dict = {}  # id -> a list or dict whose contents just became unknown
        self.call_stack: list = []
        self.returns: list = []
        self.notes: list = []
        self.file_notes: dict = {}
        self.unassigned: dict = {}
        self.symbolic = ""  # the function being analysed with its parameters as symbols
        self.budget = MAX_STATEMENTS
        self.evaluator = Evaluator(
            module, call_hook=self.call, operator_hook=self.operator, reference_hook=self.reference, lambda_hook=self.make_lambda
        )
        self.evaluator.attribute_hook = self.attribute
        self.bound_arguments: dict = {}  # id(call node) -> a functools.partial's (args, kwargs)
        self.halted = False  # a ``return`` ended the path being walked
        budget = context.time_budget
        self.deadline = time.monotonic() + budget if budget is not None else None
        self.cut_short = False  # the time budget ran out: the rest of the file was not walked

    def run_layer(self, layer: Any, inputs: Any, node: cst.Call) -> Any:
        """Compute the call's result now; inside an uncertain region (an undecided
        ``if``, a loop of unknown length) its findings hold on some paths only."""
        found = len(self.runner.findings)
        if isinstance(layer, OperationCall):
            shape = self.pending_shapes.pop(id(layer))
            shown = inputs.shape if isinstance(inputs, Tensor) else None
            result = LayerResult(layer.name, layer.type_name, self.runner.locate(layer.node), shown, shape, 0, 0)
        elif isinstance(layer, LayerCall) and layer.instance is not None:
            result = self.call_layer_subclass(layer, inputs, node)
        elif lambda_function(layer) is not None:
            result = self.call_lambda_layer(layer, lambda_function(layer), inputs)
        else:
            result = self.runner.call(layer, inputs, node)
        if self.sublayer_results and not self.applications.get(id(layer)):
            self.sublayer_results[-1].append(result)
        self.qualify_findings(found)
        return result

    def report(self, code: str, message: str, node: cst.CSTNode) -> None:
        found = len(self.runner.findings)
        self.runner.findings.append((code, severity(code), message, node))
        self.qualify_findings(found)

    def qualify_findings(self, found: int) -> None:
        """The findings made since ``found``: inside an uncertain region (an undecided
        ``if``, a loop of unknown length) they hold on some paths only (warnings);
        in a symbolic analysis they say so."""
        if self.frames:
            self.runner.findings[found:] = [
                (code, "warning" if level == "error" else level, message + " (only on some paths through the code)", at)
                for code, level, message, at in self.runner.findings[found:]
            ]
        if self.symbolic:
            label_symbolic(self.runner.findings, found, self.symbolic)

    def inside_layer_call(self) -> bool:
        return bool(self.sublayer_results)

    def source_layer(self, layer: LayerCall, shape: Any) -> Any:
        """A layer of a Sequential (summarised at the end) whose shape function is the file's source."""
        inputs = detached(shape)
        if layer.instance is not None:
            return self.call_layer_subclass(layer, inputs, layer.node)
        function = lambda_function(layer)
        return self.call_lambda_layer(layer, function, inputs) if function is not None else None

    # -- statements ------------------------------------------------------------

    def block(self, statements: Any, scope: Scope) -> None:
        for statement in statements:
            if self.deadline is not None and time.monotonic() > self.deadline:
                self.budget, self.deadline, self.cut_short = 0, None, True  # the rest is not walked
            if self.budget <= 0 or self.halted:
                return
            self.budget -= 1
            self.statement(statement, scope)

    def statement(self, node: cst.CSTNode, scope: Scope) -> None:
        if isinstance(node, cst.SimpleStatementLine):
            for small in node.body:
                self.small_statement(small, scope)
        elif isinstance(node, cst.If):
            self.if_statement(node, scope)
        elif isinstance(node, cst.FunctionDef):
            function = FunctionValue(node, scope)
            scope.bind(node.name.value, function)
            self.functions.append(function)
        elif isinstance(node, cst.ClassDef):
            scope.bind(node.name.value, self.define_class(node, scope))
        elif isinstance(node, cst.For):
            self.for_loop(node, scope)
        elif isinstance(node, cst.While):
            self.uncertain(lambda: self.suite(node.body, scope), scope, node, f"while {self.evaluator.source(node.test)}")
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

    def small_statement(self, node: cst.BaseSmallStatement, scope: Scope) -> None:
        self.run_small_statement(node, scope)
        if self.unknown_contents:
            forget(self.unknown_contents, scope)
            self.unknown_contents = {}

    def run_small_statement(self, node: cst.BaseSmallStatement, scope: Scope) -> None:
        if isinstance(node, cst.Assign):
            value = self.evaluator.eval(node.value, scope)
            for target in node.targets:
                self.bind_target(target.target, value, scope)
            if len(node.targets) == 1:
                self.record_bindings(node, value)
        elif isinstance(node, cst.AnnAssign) and node.value is not None:
            self.bind_target(node.target, self.evaluator.eval(node.value, scope), scope)
        elif isinstance(node, cst.AugAssign):
            folded = cst.BinaryOperation(left=node.target, operator=_binary_of(node.operator), right=node.value)
            self.bind_target(node.target, self.evaluator.eval(folded, scope), scope)
        elif isinstance(node, cst.Return):
            value = self.evaluator.eval(node.value, scope) if node.value is not None else None
            if self.returns:
                self.returns[-1].append(value)
                self.halted = True  # the rest of this path does not run
        elif isinstance(node, cst.Expr):
            self.evaluator.eval(node.value, scope)

    def bind_target(self, target: cst.BaseExpression, value: Any, scope: Scope) -> None:
        if isinstance(target, cst.Attribute) and target.attr.value == "trainable" and value is False:
            self.set_untrainable(self.evaluator.eval(target.value, scope))
        elif isinstance(target, cst.Attribute):
            owner = self.evaluator.eval(target.value, scope)
            owner = owner.instance if isinstance(owner, LayerCall) else owner
            if isinstance(owner, Instance):
                owner.attributes[target.attr.value] = value
        elif isinstance(target, cst.Name):
            scope.bind(target.value, value)
        elif isinstance(target, cst.Subscript):
            self.set_item(target, value, scope)
        elif isinstance(target, (cst.Tuple, cst.List)):
            elements = [element.value for element in target.elements]
            unpackable = not any(isinstance(element, cst.StarredElement) for element in target.elements)
            unpacked = unpackable and isinstance(value, (tuple, list)) and len(value) == len(elements)
            for index, element in enumerate(elements):
                item = value[index] if unpacked else Opaque(self.evaluator.source(element))
                self.bind_target(element, item, scope)

    def set_item(self, target: cst.Subscript, value: Any, scope: Scope) -> None:
        """``outputs[name] = x``, ``blocks[0] = layer``: one static key of a list or dict."""
        container = self.evaluator.eval(target.value, scope)
        [element] = target.slice if len(target.slice) == 1 else [None]
        index = element.slice if element is not None else None
        key = self.evaluator.eval(index.value, scope) if isinstance(index, cst.Index) else MISSING
        containers.set_item(container, key, value, self.changed)

    def changed(self, container: Any, known: bool) -> None:
        """The hook of :mod:`.library.containers`: a list or dict was just changed."""
        for frame in self.frames:
            frame.changed[id(container)] = container
        if not known:
            self.unknown_contents[id(container)] = container

    def attribute(self, owner: Any, name: str) -> Any:
        """A list's or dict's methods (``skips.append``), then Keras' objects."""
        found = containers.method(owner, name, self.changed)
        return found if found is not MISSING else super().attribute(owner, name)

    def record_bindings(self, node: cst.Assign, value: Any) -> None:
        """Names bound to tensors (``x = ...``, ``out, h, c = ...``) or to layer and model objects
        (``dense = Dense(8)``: the value is then the object's constructor call), for the editor's hovers."""
        target = node.targets[0].target
        if isinstance(target, cst.Name) and isinstance(value, Tensor):
            self.bindings.append((target.value, node, None, value.shape))
        elif isinstance(target, cst.Name) and isinstance(value, (LayerCall, ModelCall)):
            self.bindings.append((target.value, node, None, value.node))
        elif isinstance(target, (cst.Tuple, cst.List)) and isinstance(value, (tuple, list)) and len(value) == len(target.elements):
            for index, (element, item) in enumerate(zip(target.elements, value)):
                if isinstance(element.value, cst.Name) and isinstance(item, Tensor):
                    self.bindings.append((element.value.value, node, index, item.shape))

    def set_untrainable(self, owner: Any) -> None:
        """``base.trainable = False``: the layer's (or model's) weights stop training."""
        if isinstance(owner, LayerCall):
            self.untrainable.add(id(owner))
        elif isinstance(owner, ModelCall):
            owner.trainable = False

    # -- control flow ------------------------------------------------------------

    def if_statement(self, node: cst.If, scope: Scope) -> None:
        decided = self.evaluator.truth(node.test, scope)
        if decided is True:
            self.suite(node.body, scope)
            return
        if decided is False:
            self.else_branch(node.orelse, scope)
            return
        before = dict(scope.names)
        then_frame = self.walk_in_frame(lambda: self.suite(node.body, scope))
        then_layers = self.cut(then_frame)
        after_then, scope.names = scope.names, dict(before)
        then_halted, self.halted = self.halted, False
        else_frame = self.walk_in_frame(lambda: self.else_branch(node.orelse, scope))
        else_layers = self.cut(else_frame)
        self.halted = then_halted and self.halted  # only a return on both paths ends the block
        scope.names = _merge_paths(after_then, scope.names)
        forget({**then_frame.changed, **else_frame.changed}, scope)
        condition = self.evaluator.source(node.test)
        for key in then_layers.keys() | else_layers.keys():
            model, start, taken = then_layers.get(key) or else_layers[key]
            paths = (then_layers.get(key, (model, start, ()))[2], else_layers.get(key, (model, start, ()))[2])
            if paths[0] or paths[1]:
                model.layers.append(Branch(condition, node, paths))

    def else_branch(self, orelse: Any, scope: Scope) -> None:
        if isinstance(orelse, cst.If):
            self.if_statement(orelse, scope)
        elif isinstance(orelse, cst.Else):
            self.suite(orelse.body, scope)

    def walk_in_frame(self, walk: Any) -> _Frame:
        frame = _Frame()
        self.frames.append(frame)
        try:
            walk()
        finally:
            self.frames.pop()
        return frame

    def cut(self, frame: _Frame) -> dict:
        """Remove the layers added in ``frame`` from models made before it."""
        taken = {}
        for key, (model, start) in frame.starts.items():
            if key in frame.created or model.kind != "Sequential":
                continue
            taken[key] = (model, start, tuple(model.layers[start:]))
            del model.layers[start:]
        return taken

    def touched(self, model: ModelCall) -> None:
        for frame in self.frames:
            frame.starts.setdefault(id(model), (model, len(model.layers)))

    def register_model(self, model: ModelCall) -> None:
        for frame in self.frames:
            frame.created.add(id(model))
        super().register_model(model)

    def context_notes(self) -> tuple:
        return tuple(self.notes)

    def for_loop(self, node: cst.For, scope: Scope) -> None:
        iterable = self.evaluator.eval(node.iter, scope)
        if isinstance(iterable, (tuple, list, str)) and len(iterable) <= MAX_UNROLL:
            for item in iterable:
                self.bind_target(node.target, item, scope)
                self.suite(node.body, scope)
        else:
            def walk_once() -> None:
                self.bind_target(node.target, Opaque(self.evaluator.source(node.target)), scope)
                self.suite(node.body, scope)

            header = f"for {self.evaluator.source(node.target)} in {self.evaluator.source(node.iter)}"
            self.uncertain(walk_once, scope, node, header)
        if node.orelse is not None:
            self.suite(node.orelse.body, scope)

    def uncertain(self, walk: Any, scope: Scope, node: cst.CSTNode, header: str) -> None:
        """A loop repeated an unknown number of times: what it changes becomes unknown."""
        before = dict(scope.names)
        frame = self.walk_in_frame(walk)
        for model, _start, _layers in self.cut(frame).values():
            marker = f"layers added in `{header}` (repeated an unknown number of times)"
            model.layers.append(self.unknown_layer(node, Opaque(marker)))
        for name, value in list(scope.names.items()):
            if before.get(name, MISSING) is not value:
                scope.names[name] = Opaque(name)
        forget(frame.changed, scope)

    # -- the file's own functions -------------------------------------------------

    def other_call(self, callee: Any, node: cst.Call, scope: Scope) -> Any:
        if isinstance(callee, FunctionValue):
            return self.call_function(callee, node, scope)
        if isinstance(callee, BoundMethod):
            return self.bound_call(callee, node, scope)
        if isinstance(callee, ClassValue):
            return self.instantiate(callee, node, scope)
        if dotted_name(node.func) == "getattr" and scope.lookup("getattr") is MISSING:
            return self.getattr_call(node, scope)
        if dotted_name(node.func) in BUILTINS and scope.lookup(dotted_name(node.func)) is MISSING:
            return BUILTINS[dotted_name(node.func)](self.arguments(node, scope))
        return self.custom_layer(node, scope)

    def getattr_call(self, node: cst.Call, scope: Scope) -> Any:
        """``getattr(layers, "Conv2D")``, ``getattr(self, name)`` with a static name."""
        args, _ = self.arguments(node, scope)
        if len(args) < 2 or not isinstance(args[1], str) or not args[1].isidentifier():
            return MISSING
        if hasattr(args[0], "attribute"):
            return args[0].attribute(args[1])
        return self.reference(cst.Attribute(value=node.args[0].value, attr=cst.Name(args[1])))

    def make_lambda(self, node: cst.Lambda, scope: Scope) -> FunctionValue:
        return FunctionValue(node, scope)

    def call_function(self, function: FunctionValue, node: cst.Call, scope: Scope) -> Any:
        """Follow a call into the function with the arguments given here."""
        args, kwargs = self.arguments(node, scope)
        return self.invoke(function, list(args), dict(kwargs))

    def can_follow(self, function: FunctionValue) -> bool:
        """Whether a call of ``function`` would be followed (calls nest boundedly, never recursively)."""
        return len(self.call_stack) < MAX_CALL_DEPTH and function not in self.call_stack and self.budget > 0

    def invoke(self, function: FunctionValue, args: list, kwargs: dict) -> Any:
        """Run ``function`` on evaluated arguments; what it returns, or MISSING."""
        if not self.can_follow(function):
            return MISSING
        self.reached.add(id(function))
        inner = Scope(parent=function.scope)
        self.bind_parameters(function, inner, list(args), dict(kwargs))
        return self.run_function(function, inner)

    def run_function(self, function: FunctionValue, inner: Scope) -> Any:
        """The function's body in ``inner``; on the call stack meanwhile, so that a call of
        itself (``f = lambda f: f(f)``) is not followed."""
        self.call_stack.append(function)
        try:
            if isinstance(function.node, cst.Lambda):
                return self.evaluator.eval(function.node.body, inner)
            return self.run_body(function, inner)
        finally:
            self.call_stack.pop()

    def run_body(self, function: FunctionValue, inner: Scope) -> Any:
        """A ``def``'s statements: what every ``return`` gives, when they agree."""
        self.returns.append([])
        try:
            self.suite(function.node.body, inner)
        finally:
            returned = self.returns.pop()
            self.halted = False
        if returned and all(value is returned[0] for value in returned):
            return returned[0]
        return MISSING

    def bind_parameters(self, function: FunctionValue, inner: Scope, args: list, kwargs: dict) -> None:
        params = function.node.params
        positional = [*params.posonly_params, *params.params]
        for param in positional:
            name = param.name.value
            if args:
                inner.bind(name, args.pop(0))
            elif name in kwargs:
                inner.bind(name, kwargs.pop(name))
            elif param.default is not None:
                inner.bind(name, self.evaluator.eval(param.default, function.scope))
            else:
                inner.bind(name, Opaque(name))
        for param in params.kwonly_params:
            name = param.name.value
            default = self.evaluator.eval(param.default, function.scope) if param.default is not None else Opaque(name)
            inner.bind(name, kwargs.pop(name, default))
        unknown_args, unknown_kwargs = kwargs.pop("*", None), kwargs.pop("**", None)
        if isinstance(params.star_arg, cst.Param):  # ``*args``: what is left, when the call's own ``*seq`` was static
            name = params.star_arg.name.value
            inner.bind(name, Opaque(name) if unknown_args is not None else tuple(args))
        if isinstance(params.star_kwarg, cst.Param):
            name = params.star_kwarg.name.value
            inner.bind(name, Opaque(name) if unknown_kwargs is not None else dict(kwargs))

    def analyse_functions_symbolically(self) -> None:
        """Each function once more, its parameters as symbols (defaults as notes)."""
        for function in list(self.functions):
            if self.budget <= 0:
                return
            if id(function) in self.reached:
                continue
            inner = Scope(parent=function.scope)
            defaults = []
            for index, param in enumerate(_all_params(function.node.params)):
                is_self = index == 0 and function.owner is not None and not _is_static_method(function.node)
                inner.bind(param.name.value, Instance(function.owner) if is_self else Opaque(param.name.value))
                if param.default is not None:
                    defaults.append(f"{param.name.value}={self.evaluator.source(param.default)}")
            note = f"built by `{function.node.name.value}()` with its parameters as symbols"
            self.notes.append(note + (f" (defaults: {', '.join(defaults)})" if defaults else ""))
            self.symbolic = function.node.name.value
            try:
                self.run_function(function, inner)
            finally:
                self.notes.pop()
                self.symbolic = ""


def forget(changed: dict, scope: Scope) -> None:
    """Make unknown every name of ``scope`` and its parents (and attribute of an instance they
    hold) bound to one of the ``changed`` containers (id -> container): their contents are
    known on some paths only, or not at all."""
    current = scope
    while current is not None:
        for name, value in list(current.names.items()):
            if id(value) in changed:
                current.names[name] = Opaque(name)
            elif isinstance(value, Instance):
                for attribute, held in list(value.attributes.items()):
                    if id(held) in changed:
                        value.attributes[attribute] = Opaque(attribute)
        current = current.parent


def _is_static_method(node: cst.FunctionDef) -> bool:
    return any(dotted_name(decorator.decorator) in ("staticmethod", "classmethod") for decorator in node.decorators)


def _all_params(params: cst.Parameters) -> list:
    found = [*params.posonly_params, *params.params, *params.kwonly_params]
    found += [star for star in (params.star_arg, params.star_kwarg) if isinstance(star, cst.Param)]
    return found


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

