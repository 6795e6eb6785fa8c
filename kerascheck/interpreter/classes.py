"""The file's own classes, as values: instances with attributes, bound methods,
and subclasses of Keras' ``Layer`` and ``Model`` called on tensors.

Model code is often organised in classes: ``self.img_shape = (28, 28, 1)`` in
``__init__``, ``self.generator = self.build_generator()``, a ``GAN()`` made in
the main block. The walker runs ``__init__`` when a class is instantiated and
each method where it is called, with ``self`` bound to the instance, so the
attributes set on ``self`` are values like any other.

A subclass of ``keras.layers.Layer`` (or ``keras.Model``) is a layer whose
shape function is its own source: called on a tensor, its ``build`` runs with
the input shape (each ``self.add_weight(shape=...)`` is a weight, counted as
Keras counts it), then its ``call`` runs on the tensor, and what it returns is
the output. Layers called inside ``call`` are its sublayers: their weights are
its weights, as in Keras.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Optional

import libcst as cst

from .. import dims
from .models import input_shapes
from .values import MISSING, BuiltinMethod, KerasReference, Scope, Tensor, TensorShape, detached
from .objects import LayerCall
from ..layers.registry import as_shape
from ..results import LayerResult

#: Keras base classes whose subclasses are layers (called on tensors).
LAYER_BASES = frozenset({"Layer", "Model", "Sequential", "Functional"})


@dataclass(eq=False)
class FunctionValue:
    """A function defined in the file, followed into where it is called."""

    node: cst.FunctionDef
    scope: Scope  # where it was defined (its closure)
    owner: Optional["ClassValue"] = None  # the class it is a method of


@dataclass(eq=False)
class ClassValue:
    """A class defined in the file: its body's names, and its bases."""

    node: cst.ClassDef
    namespace: dict
    bases: tuple  # ClassValue of the file, or the Keras class name (str)

    @property
    def name(self) -> str:
        return self.node.name.value

    def lookup(self, name: str) -> Any:
        """A class attribute or method, searched through the file's bases in order."""
        if name in self.namespace:
            return self.namespace[name]
        for base in self.bases:
            if isinstance(base, ClassValue):
                found = base.lookup(name)
                if found is not MISSING:
                    return found
        return MISSING

    @property
    def keras_base(self) -> Optional[str]:
        """``Layer`` or ``Model`` when the class derives from one of Keras' layer classes."""
        for base in self.bases:
            found = base.keras_base if isinstance(base, ClassValue) else base if base in LAYER_BASES else None
            if found:
                return found
        return None


@dataclass(eq=False)
class Instance:
    """An instance of a class of the file: its attributes as the walk set them."""

    cls: ClassValue
    attributes: dict = field(default_factory=dict)
    #: A Keras layer subclass: the weights ``add_weight`` made, as (shape, trainable).
    weights: list = field(default_factory=list)
    built: bool = False

    def attribute(self, name: str) -> Any:
        if name in self.attributes:
            return self.attributes[name]
        found = self.cls.lookup(name)
        if isinstance(found, FunctionValue):
            return BoundMethod(found, self)
        if found is not MISSING:
            return found
        if self.cls.keras_base and name in ("add_weight", "add_variable"):
            return BuiltinMethod(self.add_weight)
        return MISSING

    def add_weight(self, args: list, kwargs: dict) -> Any:
        """``self.add_weight(shape=..., trainable=...)`` (Keras 2's first positional is the name)."""
        if args and isinstance(args[0], str):
            kwargs.setdefault("name", args.pop(0))
        shape = kwargs.get("shape", args[0] if args else None)
        trainable = kwargs.get("trainable", args[3] if len(args) > 3 else True)
        static = as_shape(tuple(shape) if isinstance(shape, (tuple, list)) else () if shape is None else None)
        self.weights.append((static, trainable))
        return detached(static)


@dataclass(frozen=True, eq=False)
class BoundMethod:
    """``instance.method`` before it is called."""

    function: FunctionValue
    instance: Any


def weight_counts(instance: Instance) -> tuple:
    """(trainable, non-trainable) of the weights made by ``add_weight``; None when one is not static."""
    trainable: Any = 0
    frozen: Any = 0
    for shape, is_trainable in instance.weights:
        if shape is None or not isinstance(is_trainable, bool):
            return None, None
        size = dims.product(shape)
        if is_trainable:
            trainable = dims.add(trainable, size)
        else:
            frozen = dims.add(frozen, size)
    return trainable, frozen


def sublayer_counts(results: list) -> tuple:
    """The weights of the sublayers called in ``call``, each layer once."""
    trainable: Any = 0
    frozen: Any = 0
    for result in results:
        if result.trainable is None or result.non_trainable is None:
            return None, None
        trainable = dims.add(trainable, result.trainable)
        frozen = dims.add(frozen, result.non_trainable)
    return trainable, frozen


class ClassCalls:
    """Mixin for the walker: classes, instances, methods, and Keras layer subclasses."""

    def define_class(self, node: cst.ClassDef, scope: Scope) -> ClassValue:
        bases = tuple(self.class_base(arg.value, scope) for arg in node.bases if arg.keyword is None)
        body = Scope(parent=scope)
        cls = ClassValue(node, body.names, bases)
        for statement in _body(node):
            if isinstance(statement, cst.FunctionDef):
                function = FunctionValue(statement, scope, cls)
                body.bind(statement.name.value, function)
                self.functions.append(function)
            else:
                self.statement(statement, body)
        return cls

    def class_base(self, node: cst.BaseExpression, scope: Scope) -> Any:
        member = self.keras_member(node)
        if member is not None:
            return member
        value = self.evaluator.eval(node, scope)
        if isinstance(value, KerasReference):
            return value.member
        return value if isinstance(value, ClassValue) else None

    def instantiate(self, cls: ClassValue, node: cst.Call, scope: Scope) -> Any:
        """``Cls(...)``: a Keras layer subclass becomes a layer; any other class an instance."""
        args, kwargs = self.arguments(node, scope)
        instance = Instance(cls)
        result: Any = instance
        if cls.keras_base:
            explicit = dict(kwargs).get("name")
            name = explicit if isinstance(explicit, str) else self.names.next(cls.name)
            result = LayerCall(cls.name, cls.name, name, tuple(args), tuple(kwargs), node, known=False, instance=instance)
        init = cls.lookup("__init__")
        if isinstance(init, FunctionValue):
            self.invoke(init, [instance, *args], dict(kwargs))
        return result

    def bound_call(self, method: BoundMethod, node: cst.Call, scope: Scope) -> Any:
        args, kwargs = self.arguments(node, scope)
        return self.invoke(method.function, [method.instance, *args], dict(kwargs))

    def call_layer_subclass(self, layer: LayerCall, inputs: Any, node: cst.Call) -> LayerResult:
        """A Keras layer subclass called on tensors: ``build`` on the input shape, then ``call``."""
        instance = layer.instance
        span = self.runner.locate(layer.node)
        shapes = _shapes(inputs)
        single = shapes if not isinstance(shapes, list) else None
        unknown = LayerResult(layer.name, layer.type_name, span, single, None, None, None,
                              note=f"{layer.type_name}: its output could not be followed through its source")
        build, call = instance.cls.lookup("build"), instance.cls.lookup("call")
        declared = instance.cls.lookup("compute_output_shape")
        methods = [f for f in (build if not instance.built else None, declared, call) if isinstance(f, FunctionValue)]
        if not isinstance(call, FunctionValue) or shapes is None or not all(self.can_follow(f) for f in methods):
            return unknown  # weights and output not followed: unknown, never a count of what was seen
        applied: list = []
        self.sublayer_results.append(applied)  # layers called in build() or call() are sublayers
        try:
            if not instance.built:
                instance.built = True
                if isinstance(build, FunctionValue):
                    self.invoke(build, [instance, _as_shape_value(shapes)], {})
            if isinstance(declared, FunctionValue):
                # Keras 3 takes a declared output shape instead of tracing call() (layers only
                # called in call() then stay unbuilt, with no weights)
                declared_shape = self.invoke(declared, [instance, _as_shape_value(shapes)], {})
                output = detached(as_shape(declared_shape))
            else:
                output = self.invoke(call, [instance, inputs], {})
        finally:
            self.sublayer_results.pop()
        if self.budget <= 0:  # the walk stopped inside (time or statement budget): partial counts are no counts
            return unknown
        own = weight_counts(instance)
        inner = sublayer_counts(applied)
        if own[0] is None or inner[0] is None:
            trainable = frozen = None
        else:
            trainable, frozen = dims.add(own[0], inner[0]), dims.add(own[1], inner[1])
        shape = output.shape if isinstance(output, Tensor) else None
        if shape is None:
            return replace(unknown, trainable=trainable, non_trainable=frozen)
        return LayerResult(layer.name, layer.type_name, span, single, tuple(shape), trainable, frozen)


    def call_lambda_layer(self, layer: LayerCall, function: FunctionValue, inputs: Any) -> LayerResult:
        """``Lambda(lambda t: ops.mean(t, axis=1))``: the function followed on the input tensor(s)."""
        shapes = _shapes(inputs)
        single = shapes if not isinstance(shapes, list) else None
        arguments = layer.keyword("arguments", {})
        self.sublayer_results.append([])  # operations inside are computed, not graph nodes
        try:
            output = self.invoke(function, [inputs], dict(arguments) if isinstance(arguments, dict) else {})
        finally:
            self.sublayer_results.pop()
        shape = tuple(output.shape) if isinstance(output, Tensor) and output.shape is not None else None
        note = "" if shape is not None else "Lambda: its function could not be followed on the input"
        return LayerResult(layer.name, "Lambda", self.runner.locate(layer.node), single, shape, 0, 0, note=note)


def lambda_function(layer: Any) -> Optional[FunctionValue]:
    """The file's function a ``Lambda`` layer wraps, when its output shape is not given."""
    if not isinstance(layer, LayerCall) or layer.type_name != "Lambda" or layer.keyword("output_shape") is not None:
        return None
    function = layer.keyword("function", layer.args[0] if layer.args else None)
    return function if isinstance(function, FunctionValue) else None


def _body(node: cst.ClassDef) -> list:
    return list(node.body.body) if isinstance(node.body, cst.IndentedBlock) else []


def _shapes(inputs: Any) -> Any:
    """The input shape(s) a layer of the file is built and called with; None unless all are known."""
    shapes = input_shapes(inputs)
    return None if shapes is None or (isinstance(shapes, list) and None in shapes) else shapes


def _as_shape_value(shapes: Any) -> Any:
    """What ``build`` receives: a shape tuple, or a list of them."""
    if isinstance(shapes, list):
        return [TensorShape(shape) for shape in shapes]
    return TensorShape(shapes)

