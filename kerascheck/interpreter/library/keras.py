"""The ``keras`` library, as the interpreter models it (an astroid-style brain).

The interpreter hands every call it meets to :meth:`KerasCalls.call`. Keras
constructors become objects (:mod:`..objects`): layers named the way Keras
names them, Sequential models and ``model.add``, ``Input`` tensors, layer
calls on tensors (computed at once), merges, functional ``Model(inputs,
outputs)``, and the attributes Keras gives them (``model.output``,
``get_layer``...). Tensor operations are :mod:`.ops`', datasets
:mod:`.datasets`'. Anything else is left to the evaluator, which keeps it opaque.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable, Optional

import libcst as cst

from . import datasets as data
from .datasets import ArrayMethod
from . import ops as operations
from .builtins import MATH
from .masks import Masks, mask_shape, masked_result, output_mask, refusal
from ..objects import Application, InputCall, OperationCall, LayerCall, MethodCall, ModelCall, NameCounter, snake_case
from ..values import BuiltinMethod, KerasReference, Partial, Tensor, detached
from ..graph import from_inputs, map_graph
from ...imports import ImportTable, dotted_name
from ..inputs import declares_input
from ...layers.registry import Args, as_shape, lookup
from ..values import MISSING, Opaque, Scope
from ..expressions import Evaluator

#: Model methods whose arguments later checks look at.
RECORDED_METHODS = frozenset({"compile", "fit", "fit_generator", "train_on_batch", "evaluate"})
#: NumPy functions that make an array of a given shape (its contents never matter).
_NUMPY_CONSTRUCTORS = frozenset({"zeros", "ones", "empty", "full", "random.random", "random.rand"})
#: Model methods the interpreter follows: they change the model.
MODEL_METHODS = frozenset({"add", "build"})

#: Function forms of the merge layers, and Keras 1's ``merge(mode=...)``.
MERGE_FUNCTIONS = {
    "concatenate": "Concatenate",
    "add": "Add",
    "subtract": "Subtract",
    "multiply": "Multiply",
    "average": "Average",
    "maximum": "Maximum",
    "minimum": "Minimum",
    "dot": "Dot",
}
KERAS1_MERGE_MODES = {"concat": "Concatenate", "sum": "Add", "mul": "Multiply", "ave": "Average", "max": "Maximum", "dot": "Dot"}

#: Layers called on several tensors as separate arguments: ``mha(query, value, key)``.
_TENSOR_PARAMETERS = {
    "MultiHeadAttention": ("query", "value", "key"),
    "GroupedQueryAttention": ("query", "value", "key"),
}
#: Layers that make unnamed layers of their own when first called (built),
#: taking the next generated names of those classes (Keras 3; tf.keras 2 names them
#: in a scope of their own).
_BUILT_SUBLAYERS = {
    "MultiHeadAttention": ("Softmax", "Dropout"),
    "GroupedQueryAttention": ("Softmax", "Dropout"),
}
#: ``K.int_shape(x)``, ``keras.ops.shape(x)``: a tensor's static shape, as a tuple.
_STATIC_SHAPE_GETTERS = {"int_shape", "shape"}
#: Keyword arguments of a layer call whose tensors are inputs of the graph node
#: but not of the shape computation (a decoder's ``initial_state=[h, c]``).
_STATE_ARGUMENTS = frozenset({"initial_state", "constants"})
_DATA_FUNCTIONS = {"load_data", "to_categorical", "pad_sequences"}
_DATA_FORMAT_GETTERS = {"image_data_format", "image_dim_ordering"}
_DATA_FORMAT_SETTERS = {"set_image_data_format", "set_image_dim_ordering"}
_LEGACY_ORDERING = {"th": "channels_first", "tf": "channels_last"}


class KerasCalls:
    """Mixin for the walker: turns Keras calls into descriptions."""

    imports: ImportTable
    evaluator: Evaluator
    names: NameCounter
    models: list
    context: Any  # the FileContext (which Keras...)
    data_format: str
    applications: dict  # id(layer) -> [Application]
    custom_layers: dict  # name -> LayerSpec, declared in [tool.kerascheck.layers]
    application_order: list  # every Application, in the order the source makes them
    file_notes: dict  # what the summary says about the whole file (an ordered set)
    unassigned: dict  # name never assigned -> the Sequential its ``add`` started
    masks: Optional[Masks]  # the masks on the file's tensors (None: Keras 1, not modelled)

    def call(self, node: cst.Call, scope: Scope) -> Any:
        """The evaluator's hook for every call it meets."""
        func = node.func
        qualified = self.imports.qualify(func) or ""
        operation = operations.lookup(qualified) if _is_operations_path(qualified) else None
        method = isinstance(func, cst.Attribute) and func.attr.value in RECORDED_METHODS | MODEL_METHODS
        if method and operation is None:  # ``model.add(...)``, not ``ops.add(a, b)``
            owner = self.evaluator.eval(func.value, scope)  # once: ``build_model().fit(...)`` builds one model
            if isinstance(owner, Opaque) and func.attr.value == "add":
                owner = self.unassigned_sequential(func.value, node, scope) or owner
            if isinstance(owner, ModelCall):
                return self.model_method(owner, func.attr.value, node, scope)
            return self.call_value(self.evaluator.attribute_of(owner, func), node, scope)
        if qualified == "functools.partial":
            args, kwargs = self.arguments(node, scope)
            return Partial(args[0], tuple(args[1:]), tuple(kwargs)) if args else MISSING
        if qualified == "tensorflow.shape":
            return self.tensorflow_shape(node, scope)
        if operation is not None:  # never a layer constructor: ``ops.concatenate`` is not ``layers.concatenate``
            args, kwargs = self.arguments(node, scope)
            rejected = qualified if self.context.generation >= 3 and _is_tensorflow_function(qualified) else ""
            return self.operation(operation, list(args), dict(kwargs), node, rejected=rejected,
                                  tf_keras=operations.tf_keras_layer(qualified))
        # A name the file bound (``pool = MaxPooling2D(2)``, even under a star import) is its value.
        bound = isinstance(func, cst.Name) and scope.lookup(func.value) is not MISSING
        member = None if bound else self.keras_member(func)
        if member is not None:
            return self.keras_call(member, node, scope)
        if qualified in MATH:
            return MATH[qualified](self.arguments(node, scope))
        if qualified.startswith("numpy."):
            return self.numpy_call(qualified[len("numpy."):], node, scope)
        callee = self.evaluator.eval(func, scope)
        return self.call_value(callee, node, scope)

    def keras_member(self, node: cst.BaseExpression) -> Optional[str]:
        """The Keras name ``node`` refers to (``Conv2D`` for ``layers.Conv2D``): through the file's
        imports, else a name the file binds nowhere read as Keras' (a snippet's missing import), noted."""
        member = self.imports.keras_member(node)
        if member is None:
            member = self.context.guess(node)
            if member is not None:
                self.file_notes.setdefault(self.context.guess_note(member))
        return member

    def unassigned_sequential(self, owner: cst.BaseExpression, node: cst.Call, scope: Scope) -> Optional[ModelCall]:
        """``model.add(Dense(10))`` where the file never assigns ``model`` (a snippet whose model was
        made elsewhere): a Sequential started here, that the name refers to from now on."""
        if not isinstance(owner, cst.Name) or not self.adds_a_layer(node, scope) or not self.imports.is_free(owner.value):
            return None
        self.file_notes.setdefault(f"`{owner.value}` is never assigned; read as `{owner.value} = keras.models.Sequential()` "
                                   f"made before its first `{owner.value}.add(...)`")
        model = ModelCall("Sequential", self.names.next("Sequential"), node, [], [], started_unassigned=True)
        self.register_model(model)
        self.unassigned[owner.value] = model
        return model

    def adds_a_layer(self, node: cst.Call, scope: Scope) -> bool:
        """Whether ``add(...)``'s argument is a Keras layer (made here, or bound to a name): only
        then is its owner taken for a Sequential. Nothing is evaluated (the ``add`` will)."""
        argument = node.args[0].value if node.args and node.args[0].keyword is None and not node.args[0].star else None
        if isinstance(argument, cst.Call):
            member = self.imports.keras_member(argument.func) or self.context.guess(argument.func)
            return member is not None and (lookup(member, self.context.generation) is not None or member in ("Input", "InputLayer"))
        if isinstance(argument, cst.Name):
            return isinstance(scope.lookup(argument.value), (LayerCall, InputCall, ModelCall))
        return False

    def call_value(self, callee: Any, node: cst.Call, scope: Scope) -> Any:
        """Call what ``node.func`` evaluated to (an alias, a partial, a layer, the file's own function...)."""
        if isinstance(callee, KerasReference):
            return self.keras_call(callee.member, node, scope)
        if isinstance(callee, Partial):
            self.bound_arguments[id(node)] = (callee.args, callee.kwargs)
            try:
                return self.call_value(callee.function, node, scope)
            finally:
                self.bound_arguments.pop(id(node), None)
        if isinstance(callee, (ArrayMethod, BuiltinMethod)):
            args, kwargs = self.arguments(node, scope)
            return callee.call(args, dict(kwargs))
        if isinstance(callee, (LayerCall, ModelCall)):
            return self.apply(callee, node, scope)
        return self.other_call(callee, node, scope)

    # -- tensor operations ------------------------------------------------------

    def operator(self, name: str, left: Any, right: Any, node: cst.CSTNode) -> Any:
        """The evaluator's hook for ``x * y``, ``x + 1``, ``x[:, 0]`` on tensors."""
        if name == "getitem":
            if not isinstance(left, Tensor):
                return MISSING
            return self.operation(operations.GET_ITEM, [left, right], {}, node, inputs=left,
                                  tf_keras=operations.TF_KERAS_OPERATIONS["getitem"])
        if not isinstance(left, Tensor) and not isinstance(right, Tensor):
            return MISSING
        function = operations.OPERATORS.get(name)
        if function is None:
            return MISSING
        return self.operation(operations.KERAS_OPS[function], [left, right], {}, node,
                              tf_keras=operations.TF_KERAS_OPERATIONS.get(name))

    def operation(self, operation: operations.Operation, args: list, kwargs: dict, node: cst.CSTNode,
                  inputs: Any = None, rejected: str = "", tf_keras: Optional[str] = None) -> Any:
        """An operation on tensors: a graph node when made on the model's tensors,
        only a shape inside a layer's own ``call`` (as Keras 3 traces it).
        ``rejected``: the TensorFlow function Keras 3 refuses a symbolic tensor to (KC315);
        ``tf_keras``: the name of the ``TFOpLambda`` layer tf.keras 2 makes of it."""
        tensors = [inputs] if inputs is not None else [t for t in _flatten((args, kwargs.get("xs"), kwargs.get("x"))) if isinstance(t, Tensor)]
        if not tensors:
            shape = operation.infer(args, kwargs) if operation.creates else None
            return detached(shape) if shape is not None else MISSING
        shape = operation.infer(args, kwargs)
        if self.inside_layer_call() or all(t.producer is None for t in tensors):
            return detached(shape)
        if rejected and from_inputs(tensors):  # Keras 3 raises: no node, and what follows is unknown
            self.report("KC315", _tensorflow_rejected(rejected, operation.keras_class), node)
            return MISSING
        if rejected:
            return MISSING  # maybe an eager tensor: what TensorFlow returns is not followed
        if self.context.generation == 2 and tf_keras is not None:
            kind = "SlicingOpLambda" if tf_keras.endswith(".getitem") else "TFOpLambda"
            op = OperationCall(kind, self.names.unique(tf_keras), node)
        else:
            op = OperationCall(operation.keras_class, self.names.next(operation.keras_class), node)
        self.pending_shapes[id(op)] = shape
        return self.record(op, tensors[0] if len(tensors) == 1 else tensors, node)

    def inside_layer_call(self) -> bool:
        """Hook: True while a layer subclass's ``call`` is being followed."""
        return False

    def report(self, code: str, message: str, node: cst.CSTNode) -> None:
        """Hook: a finding made by the walk itself (not by a layer's shape function)."""

    def other_call(self, callee: Any, node: cst.Call, scope: Scope) -> Any:
        """Calls that are not Keras': the walker handles its own functions."""
        return self.custom_layer(node, scope)

    # -- Keras constructors ----------------------------------------------------

    def keras_call(self, member: str, node: cst.Call, scope: Scope) -> Any:
        if member == "Sequential":
            return self.sequential(node, scope)
        if member in ("Model", "Functional"):
            return self.functional(node, scope)
        if member in ("Input", "InputLayer"):
            return self.input_call(node, scope)
        if member in _STATIC_SHAPE_GETTERS:
            return self.static_shape(node, scope)
        if member in _DATA_FORMAT_GETTERS:
            first = self.data_format == "channels_first"
            return ("th" if first else "tf") if member == "image_dim_ordering" else self.data_format
        if member in _DATA_FORMAT_SETTERS:
            return self.set_data_format(node, scope)
        if member in MERGE_FUNCTIONS or member == "merge":
            return self.merge_function(member, node, scope)
        if member == "Merge":  # Keras 1: merges Sequential branches as a model's first layer
            return self.layer(node, scope, "Merge", member, known=True)
        if member in _DATA_FUNCTIONS:
            return self.data_call(member, node, scope)
        spec = lookup(member, self.context.generation)  # a class the file's Keras does not have is unknown
        if spec is not None:
            return self.layer(node, scope, spec.name, member, known=True)
        if member[:1].isupper() and self._is_layers_path(node.func):
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
        bound = scope.lookup(dotted) if "." not in dotted else MISSING
        if bound is not MISSING or not last[:1].isupper():
            return MISSING
        return self.layer(node, scope, last, last, known=last in self.custom_layers)

    def layer(self, node: cst.Call, scope: Scope, type_name: str, written: str, known: bool) -> LayerCall:
        args, kwargs = self.arguments(node, scope)
        explicit = dict(kwargs).get("name")
        name = explicit if isinstance(explicit, str) else self.spec_name(type_name, known, args, kwargs)
        legacy = self.context.generation == 1
        return LayerCall(type_name, written, name, tuple(args), tuple(kwargs), node, known, legacy, self.data_format)

    def spec_name(self, type_name: str, known: bool, args: list, kwargs: list) -> str:
        """Keras' name for a new layer: counted per class, or the spec's own
        (``resnet50``) after the names Keras generates while building it."""
        spec = lookup(type_name) if known else None
        if spec is None or spec.default_name is None:
            return self.names.next(type_name)
        bound = Args(spec.name, {**dict(zip(spec.positional, args)), **dict(kwargs)}, keras_generation=self.context.generation)
        for base, count in (spec.generated_names(bound) if spec.generated_names else {}).items():
            for _ in range(count):
                self.names.unique(base)  # counter keys as Keras keeps them (``tf.math.multiply``)
        return spec.default_name(bound) or self.names.next(type_name)

    def arguments(self, node: cst.Call, scope: Scope) -> tuple:
        """(positional values, (keyword, value) pairs) of a call; ``*seq`` and ``**mapping``
        unpacked when static; a ``functools.partial``'s bound arguments first."""
        bound_args, bound_kwargs = self.bound_arguments.get(id(node), ((), ()))
        args, kwargs = list(bound_args), list(bound_kwargs)
        for arg in node.args:
            value = self.evaluator.eval(arg.value, scope)
            if arg.keyword is not None:
                kwargs.append((arg.keyword.value, value))
            elif arg.star == "*" and isinstance(value, (tuple, list)):
                args.extend(value)
            elif arg.star == "**" and isinstance(value, dict) and all(isinstance(key, str) for key in value):
                kwargs.extend(value.items())
            elif arg.star:
                kwargs.append((arg.star, Opaque(self.evaluator.source(arg.value))))
            else:
                args.append(value)
        if bound_kwargs:  # a keyword given at the call overrides the partial's
            kwargs = list({key: value for key, value in kwargs}.items())
        return args, kwargs

    def attribute(self, owner: Any, name: str) -> Any:
        """The evaluator's hook for attributes of layers and models: what Keras
        gives after the calls made so far (``layer.output``, ``model.layers``...)."""
        if isinstance(owner, ModelCall) and owner.kind == "Functional":
            return self.functional_attribute(owner, name)
        if isinstance(owner, ModelCall) and name == "layers":  # a Sequential's layers, its input excluded
            return [item for item in owner.layers if isinstance(item, (LayerCall, ModelCall))]
        if isinstance(owner, InputCall) and name == "output":
            return Tensor(owner, 0, as_shape(owner.shape))
        if isinstance(owner, LayerCall) and owner.instance is not None:
            return MISSING  # a layer subclass of the file answers from its instance
        if isinstance(owner, (LayerCall, ModelCall)):
            calls = self.applications.get(id(owner), ())
            if name == "name":
                return owner.name
            if name in ("output", "output_shape") and calls:
                output = self.outputs_of(calls[-1])
                return output if name == "output" else _shape_value(output)
            if name == "input" and calls:
                return calls[0].inputs
        return MISSING

    def functional_attribute(self, model: ModelCall, name: str) -> Any:
        single = {"input": model.inputs, "output": model.outputs}
        if name in single:
            tensors = single[name]
            return tensors[0] if len(tensors) == 1 else list(tensors)
        if name in ("inputs", "outputs"):
            return list(model.inputs if name == "inputs" else model.outputs)
        if name == "output_shape":
            return _shape_value(model.outputs[0] if len(model.outputs) == 1 else list(model.outputs))
        if name == "name":
            return model.name
        if name == "layers":
            return list(map_graph(model.inputs, model.outputs).operations)
        if name == "get_layer":
            return BuiltinMethod(lambda args, kwargs: _get_layer(model, args, kwargs))
        return MISSING

    def outputs_of(self, application: Application) -> Any:
        """The tensor(s) a recorded call returned."""
        output = application.result.output_shape if application.result is not None else None
        if isinstance(output, list):
            return [Tensor(application, index, shape) for index, shape in enumerate(output)]
        return Tensor(application, 0, output)

    def reference(self, node: cst.BaseExpression) -> Any:
        """The evaluator's hook for an unbound name or attribute: a Keras class or
        function it names (``layers.LSTM``), a Sequential started on a name never
        assigned (:meth:`unassigned_sequential`), else MISSING."""
        if isinstance(node, cst.Name) and node.value in self.unassigned:
            return self.unassigned[node.value]
        member = self.keras_member(node)
        if member is None or not _is_constructor(member, self.context.generation):
            return MISSING
        return KerasReference(member)

    def static_shape(self, node: cst.Call, scope: Scope) -> Any:
        args, kwargs = self.arguments(node, scope)
        tensor = args[0] if args else dict(kwargs).get("x")
        if isinstance(tensor, (Tensor, data.ArrayValue)) and tensor.shape is not None:
            return tuple(tensor.shape)
        return MISSING

    def tensorflow_shape(self, node: cst.Call, scope: Scope) -> Any:
        """``tf.shape(x)`` inside a layer's ``call``: the static sizes (None where only the run
        knows them). On a functional model's tensor Keras 3 raises (KC315); tf.keras 2's
        ``TFOpLambda`` of it is not modelled (unknown)."""
        args, kwargs = self.arguments(node, scope)
        tensor = args[0] if args else dict(kwargs).get("input")
        if not isinstance(tensor, Tensor) or tensor.shape is None:
            return MISSING
        if self.inside_layer_call() or tensor.producer is None:
            return tuple(tensor.shape)
        if self.context.generation >= 3 and from_inputs([tensor]):
            self.report("KC315", _tensorflow_rejected("tensorflow.shape", "Shape"), node)
        return MISSING

    def set_data_format(self, node: cst.Call, scope: Scope) -> None:
        """``K.set_image_data_format('channels_first')``: layers made after it read it."""
        args, _ = self.arguments(node, scope)
        value = args[0] if args else None
        value = _LEGACY_ORDERING.get(value, value) if isinstance(value, str) else value
        self.data_format = value if value in ("channels_first", "channels_last") else self.data_format
        return None

    # -- data shapes -------------------------------------------------------------

    def data_call(self, member: str, node: cst.Call, scope: Scope) -> Any:
        """``mnist.load_data()``, ``to_categorical(y, 10)``, ``pad_sequences(x, maxlen=80)``."""
        args, kwargs = self.arguments(node, scope)
        options = dict(kwargs)
        if member == "load_data":
            qualified = (self.imports.qualify(node.func) or "").split(".")
            return data.load_data(qualified[-2], options) if len(qualified) > 1 else MISSING
        source = self.evaluator.source(node.args[0].value) if node.args else "?"
        first = args[0] if args else options.get("y", options.get("sequences"))
        if member == "to_categorical":
            return data.to_categorical(first, args[1] if len(args) > 1 else options.get("num_classes"), source)
        return data.pad_sequences(first, options.get("maxlen", args[1] if len(args) > 1 else None), source)

    def numpy_call(self, function: str, node: cst.Call, scope: Scope) -> Any:
        """The NumPy functions that reshape a dataset before it meets a model."""
        args, kwargs = self.arguments(node, scope)
        options = dict(kwargs)
        if function in _NUMPY_CONSTRUCTORS:  # ``np.zeros((2, 13))``: an array of that shape
            shape = tuple(args) if function == "random.rand" else args[0] if args else options.get("shape", options.get("size"))
            shape = (shape,) if isinstance(shape, int) else shape
            static = isinstance(shape, (tuple, list)) and all(isinstance(d, int) and not isinstance(d, bool) for d in shape)
            return data.ArrayValue(tuple(shape)) if static else MISSING
        array = args[0] if args else options.get("a")
        if not isinstance(array, data.ArrayValue):
            return MISSING
        if function == "expand_dims":
            return data.expand_dims(array, args[1] if len(args) > 1 else options.get("axis"))
        if function == "reshape":
            return data.reshape(array, args[1] if len(args) > 1 else options.get("newshape", options.get("shape")))
        if function in ("array", "asarray", "float32", "copy"):
            return array
        if function in ("max", "amax") and not options and len(args) == 1:
            return data.largest(array)
        if function == "unique" and not options and len(args) == 1:
            return data.unique(array)
        return MISSING

    # -- Sequential ------------------------------------------------------------

    def sequential(self, node: cst.Call, scope: Scope) -> ModelCall:
        layers_arg, name = None, None
        for index, arg in enumerate(node.args):
            keyword = arg.keyword.value if arg.keyword is not None else None
            if (keyword is None and index == 0) or keyword == "layers":
                layers_arg = arg.value
            elif keyword == "name":
                name = self.evaluator.eval(arg.value, scope)
        model = ModelCall("Sequential", name if isinstance(name, str) else "", node, [], [])
        if layers_arg is not None:
            self.add_layers(model, self.sequence_items(layers_arg, scope), scope, node)
        if not model.name:
            model.name = self.names.next("Sequential")
        self.rebuild(model)
        self.register_model(model)
        return model

    def rebuild(self, model: ModelCall) -> None:
        """Keras rebuilds a Sequential whose input is known after every change,
        each time making a ``Functional`` that takes the next generated name."""
        if len(model.layers) > 1 and _has_input(model, self.context.generation):
            self.names.sequential_built(with_input_layer=False)
            self.rebuilt_masks(model)

    def rebuilt_masks(self, model: ModelCall) -> None:
        """Each rebuild calls the layers again, and under Keras 3 an ``Embedding(mask_zero=True)``
        or ``Masking`` computes its mask again: the operations take their names from the counter."""
        if self.masks is None or not self.masks.tables.recorded:
            return

        def counted(function: str, args: list, kwargs: dict) -> Any:
            self.names.next(operations.KERAS_OPS[function].keras_class)
            return detached(None)

        mask = None
        for layer in model.layers:
            if isinstance(layer, LayerCall):
                mask = output_mask(self.masks.tables, layer, detached(None), mask, counted)

    def sequence_items(self, node: cst.BaseExpression, scope: Scope) -> list:
        """The layer expressions of ``Sequential([...])``, comprehensions unrolled."""
        if isinstance(node, (cst.List, cst.Tuple)):
            return [element.value for element in node.elements]
        value = self.evaluator.eval(node, scope)
        if isinstance(value, (list, tuple)):
            return list(value)
        return [node]

    def register_model(self, model: ModelCall) -> None:
        model.notes = list(self.context_notes())
        model.symbolic = self.symbolic
        self.models.append(model)

    def context_notes(self) -> tuple:
        return ()

    #: The function whose parameters are symbols while it is analysed (empty: a concrete run).
    symbolic = ""

    def model_method(self, model: ModelCall, method: str, node: cst.Call, scope: Scope) -> None:
        if method == "add" and model.kind == "Sequential":
            self.add_layers(model, [arg.value for arg in node.args[:1]], scope, node)
            self.rebuild(model)
            return None
        if method == "build" and model.kind == "Sequential":
            args, kwargs = self.arguments(node, scope)
            shape = dict(kwargs).get("input_shape", args[0] if args else None)
            if isinstance(shape, (tuple, list)) and model.built_shape is None and not _has_input(model, self.context.generation):
                model.built_shape = tuple(shape)
                self.names.sequential_built(with_input_layer=True)
            return None
        args, kwargs = self.arguments(node, scope)
        model.methods.append(MethodCall(method, tuple(args), tuple(kwargs), node))
        return None

    def add_layers(self, model: ModelCall, items: list, scope: Scope, at: cst.Call) -> None:
        """Layers given to ``Sequential([...])`` or ``model.add(...)`` at the call ``at``; a layer
        made elsewhere (a variable) is reported there, where Keras builds it into the model."""
        self.touched(model)
        for item in items:
            value = self.evaluator.eval(item, scope) if isinstance(item, cst.CSTNode) else item
            if isinstance(value, Tensor) and isinstance(value.producer, InputCall):
                value = value.producer  # ``keras.Input(...)`` as a Sequential's first layer
            if isinstance(value, (LayerCall, InputCall, ModelCall)) and value is not model:
                if not model.layers and declares_input(value, self.context.generation):
                    self.names.implicit_input()
                model.layers.append(value)
                if not isinstance(item, cst.Call):
                    model.origins[id(value)] = at
            elif isinstance(value, Opaque) or (isinstance(item, cst.Call) and value is not None):
                model.layers.append(self.unknown_layer(item, value))

    def touched(self, model: ModelCall) -> None:
        """Hook: the walker tracks models changed inside uncertain control flow."""

    def unknown_layer(self, node: Any, value: Any) -> LayerCall:
        """A layer that is a value kerascheck cannot see into: ``type_name`` says what it is
        (source text, for the notes), ``written`` is its class name only when one is known."""
        if hasattr(value, "cls"):  # an instance of one of the file's classes
            return LayerCall(value.cls.name, value.cls.name, "?", (), (), node, known=False)
        if isinstance(value, Opaque):
            text = value.text
        else:
            text = self.evaluator.source(node) if isinstance(node, cst.CSTNode) else "?"
        return LayerCall(text, "", "?", (), (), node, known=False)

    # -- inputs and the functional API ----------------------------------------

    def input_call(self, node: cst.Call, scope: Scope) -> Any:
        args, kwargs = self.arguments(node, scope)
        options = dict(kwargs)
        shape = options.get("shape", args[0] if args else None)
        batch_shape = options.get("batch_shape", options.get("batch_input_shape"))
        if batch_shape is None and "input_shape" in options:
            shape = options["input_shape"]
        full: Optional[tuple]
        if isinstance(batch_shape, (tuple, list)):
            full = tuple(batch_shape)
        elif isinstance(shape, (tuple, list)):
            full = (options.get("batch_size"),) + tuple(shape)
        elif isinstance(shape, int) and not isinstance(shape, bool):
            full = (options.get("batch_size"), shape)
        else:
            full = None
        explicit = options.get("name")
        name = explicit if isinstance(explicit, str) else self.names.input()
        layer = InputCall(full, node, name)
        if self.keras_member(node.func) == "Input":
            return Tensor(layer, 0, as_shape(full))
        return layer

    def apply(self, layer: Any, node: cst.Call, scope: Scope) -> Any:
        """``layer(x)``: a new node in the functional graph.

        A Sequential with no input of its own is built on its first call,
        which takes an ``input_layer`` and a ``functional`` name, as in Keras.
        """
        inputs: Any = Opaque("?")
        tensors = _TENSOR_PARAMETERS.get(layer.type_name, ("inputs",)) if isinstance(layer, LayerCall) else ("inputs",)
        given: dict = {}
        extra: list = []
        for index, arg in enumerate(node.args):
            keyword = arg.keyword.value if arg.keyword is not None else (tensors[index] if index < len(tensors) else None)
            if keyword in tensors:
                given[keyword] = self.evaluator.eval(arg.value, scope)
            elif keyword in _STATE_ARGUMENTS:
                extra.extend(t for t in _flatten(self.evaluator.eval(arg.value, scope)) if isinstance(t, Tensor))
        if len(tensors) == 1:
            inputs = given.get(tensors[0], inputs)
        elif all(name in given for name in tensors[:2]):  # query and value; key defaults to value
            inputs = [given[name] for name in tensors if name in given]
        first_call = id(layer) not in self.applications
        if isinstance(layer, ModelCall) and layer.kind == "Sequential" and not _has_input(layer, self.context.generation) and first_call:
            self.names.sequential_built(with_input_layer=True)
        if isinstance(layer, LayerCall) and first_call and self.context.generation >= 3:
            for sublayer in _BUILT_SUBLAYERS.get(layer.type_name, ()):
                self.names.next(sublayer)
        return self.record(layer, inputs, node, tuple(extra))

    def record(self, layer: Any, inputs: Any, node: cst.Call, extra: tuple = ()) -> Any:
        """Call ``layer`` on ``inputs`` now, as Keras does: the output tensor(s)
        carry their shapes, so the code that follows can read them. The inputs'
        masks are arguments of the call (under Keras 3 graph edges), and the
        outputs get their own (see masks.py)."""
        if isinstance(inputs, list):
            inputs = list(inputs)  # Keras keeps the tensors it was called on, whatever happens to the list later
        masks = self.masks
        passed, previous = masks.arguments(layer, inputs) if masks is not None else ((), None)
        refused = refusal(masks.tables, layer, inputs, previous) if masks is not None else None
        if refused:  # Keras raises while building: no node, and what follows is unknown
            self.report("KC107", refused, node)
            return MISSING
        result = self.run_layer(layer, inputs, node)
        if masks is not None:
            result = masked_result(masks.tables, layer, result, previous)
        result = _with_attention_scores(layer, inputs, node, result, self.context.generation)
        application = Application(layer, inputs, node, len(self.applications.get(id(layer), ())), result, tuple(extra) + passed)
        self.applications.setdefault(id(layer), []).append(application)
        self.application_order.append(application)
        outputs = self.outputs_of(application)  # several: ``out, h, c = LSTM(..., return_state=True)(x)``
        if masks is not None:
            masks.attach(layer, inputs, previous, application, outputs, self.mask_operation(node))
        return outputs

    def mask_operation(self, node: cst.Call) -> Callable[[str, list, dict], Any]:
        """How a mask operation is made: a graph node under Keras 3, a shape only under tf.keras 2."""
        if self.masks.tables.recorded:
            return lambda function, args, kwargs: self.operation(operations.KERAS_OPS[function], args, kwargs, node)
        return mask_shape

    def run_layer(self, layer: Any, inputs: Any, node: cst.Call) -> Any:
        """Hook: the walker computes the call's LayerResult."""
        return None

    def merge_function(self, member: str, node: cst.Call, scope: Scope) -> Any:
        """``concatenate([a, b])`` and Keras 1's ``merge([a, b], mode='concat')``."""
        args, kwargs = self.arguments(node, scope)
        options = dict(kwargs)
        tensors = args[0] if args else options.get("inputs")
        if isinstance(tensors, Tensor):
            return MISSING  # Keras' merge functions take a list of tensors, not one
        if member == "merge":
            mode = options.get("mode", "sum")
            type_name = KERAS1_MERGE_MODES.get(mode) if isinstance(mode, str) else None
            if type_name is None:
                return MISSING
            axis = options.get("concat_axis", options.get("dot_axes", -1))
            kwargs = [("axis" if type_name == "Concatenate" else "axes", axis)] if type_name in ("Concatenate", "Dot") else []
        else:
            type_name = MERGE_FUNCTIONS[member]
            kwargs = [(key, value) for key, value in kwargs if key != "inputs"]
            axis_name = {"Concatenate": "axis", "Dot": "axes"}.get(type_name)
            if axis_name and axis_name not in options:
                kwargs.append((axis_name, args[1] if len(args) > 1 else -1))
        name = options.get("name") if isinstance(options.get("name"), str) else self.names.next(type_name)
        layer = LayerCall(type_name, member, name, (), tuple(kwargs), node, True, member == "merge", self.data_format)
        return self.record(layer, tensors, node)

    def functional(self, node: cst.Call, scope: Scope) -> Any:
        """``keras.Model(inputs, outputs)`` (also Keras 1's ``input=``/``output=``)."""
        args, kwargs = self.arguments(node, scope)
        options = dict(kwargs)
        inputs = options.get("inputs", options.get("input", args[0] if args else MISSING))
        outputs = options.get("outputs", options.get("output", args[1] if len(args) > 1 else MISSING))
        if inputs is MISSING or outputs is MISSING:
            return MISSING  # a subclassed model's super().__init__(), or Model() without a graph
        explicit = options.get("name")
        name = explicit if isinstance(explicit, str) else self.names.functional()
        model = ModelCall("Functional", name, node, [], [], inputs=_flatten(inputs), outputs=_flatten(outputs))
        self.register_model(model)
        return model


def _with_attention_scores(layer: Any, inputs: Any, node: cst.Call, result: Any, generation: int) -> Any:
    """``mha(query, value, return_attention_scores=True)``: the output, then the scores, for
    the usual 3D inputs: (batch, heads, query steps, value steps) as tf.keras 2 computes them;
    Keras 3's symbolic shape repeats the query steps (``compute_output_spec``, keras 3.15)."""
    if not isinstance(layer, LayerCall) or layer.type_name != "MultiHeadAttention" or not isinstance(node, cst.Call):
        return result
    flag = next((arg.value for arg in node.args if arg.keyword is not None and arg.keyword.value == "return_attention_scores"), None)
    if flag is None or (isinstance(flag, cst.Name) and flag.value == "False"):
        return result
    if not (isinstance(flag, cst.Name) and flag.value == "True"):  # not known: one output or two
        return replace(result, output_shape=None) if result is not None else result
    heads = layer.keyword("num_heads", layer.args[0] if layer.args else None)
    query, value = inputs[:2] if isinstance(inputs, list) and len(inputs) >= 2 else (None, None)
    shapes = [t.shape if isinstance(t, Tensor) else None for t in (query, value)]
    if result is None or result.output_shape is None or not isinstance(heads, int) or None in shapes or any(len(s) != 3 for s in shapes):
        return replace(result, output_shape=None) if result is not None else result
    scores = (shapes[0][0], heads, shapes[0][1], shapes[0][1] if generation >= 3 else shapes[1][1])
    return replace(result, output_shape=[result.output_shape, scores])


def _shape_value(output: Any) -> Any:
    """``.output_shape``: a shape tuple, or a list of them."""
    if isinstance(output, list):
        return [_shape_value(item) for item in output]
    return tuple(output.shape) if isinstance(output, Tensor) and output.shape is not None else MISSING


def _get_layer(model: ModelCall, args: list, kwargs: dict) -> Any:
    """``model.get_layer("fc2")`` or ``get_layer(index=3)`` over the model's layers in Keras' order."""
    operations = map_graph(model.inputs, model.outputs).operations
    name = kwargs.get("name", args[0] if args and isinstance(args[0], str) else None)
    index = kwargs.get("index", args[0] if args and isinstance(args[0], int) else None)
    if isinstance(name, str):
        return next((op for op in operations if op.name == name), MISSING)
    if isinstance(index, int) and not isinstance(index, bool) and -len(operations) <= index < len(operations):
        return operations[index]
    return MISSING


def _is_constructor(member: str, generation: int) -> bool:
    """A Keras name whose call kerascheck models: a layer, a model, an input, a merge."""
    return lookup(member, generation) is not None or member in _MODEL_CONSTRUCTORS or member in MERGE_FUNCTIONS


#: Keras calls that build models and inputs rather than layers.
_MODEL_CONSTRUCTORS = frozenset({"Sequential", "Model", "Functional", "Input", "InputLayer"})


def _is_operations_path(qualified: str) -> bool:
    """``keras.ops.*``, ``keras.backend.*``, ``tf.*`` (not ``tf.keras.layers``)."""
    parts = qualified.split(".")
    if parts[0] == "tensorflow" and "keras" not in parts:
        return True
    return "ops" in parts or "backend" in parts


def _tensorflow_rejected(function: str, keras_class: str) -> str:
    name = function.replace("tensorflow.", "tf.", 1)
    return (f"{name} on a Keras 3 symbolic tensor: Keras 3 raises \"A KerasTensor cannot be used as input to a "
            f"TensorFlow function\"; use keras.ops.{snake_case(keras_class)} (or call it inside a layer)")


def _is_tensorflow_function(qualified: str) -> bool:
    """``tf.reduce_mean``, ``tf.nn.relu``: TensorFlow's own functions, which convert their
    arguments to TensorFlow tensors (not ``tf.keras.*``, nor ``tf.nest``'s structure helpers)."""
    parts = qualified.split(".")
    return parts[0] == "tensorflow" and "keras" not in parts and "nest" not in parts


def _has_input(model: ModelCall, generation: int) -> bool:
    first = model.layers[0] if model.layers else None
    return isinstance(first, InputCall) or declares_input(first, generation)


def _flatten(value: Any) -> tuple:
    """Tensors out of a list, tuple or dict of them (as Keras' ``tree.flatten``)."""
    if isinstance(value, dict):
        return tuple(item for key in sorted(value, key=str) for item in _flatten(value[key]))
    if isinstance(value, (list, tuple)):
        return tuple(item for element in value for item in _flatten(element))
    return (value,)
