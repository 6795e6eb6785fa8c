"""Fold expressions to values, safely and within bounds.

Literals, tuples, arithmetic, comparisons, comprehensions and names bound
earlier fold to plain data; anything not known (a parameter, a call nothing
models) becomes an :class:`~.values.Opaque` value carrying its source text,
which shapes turn into a named symbol. Calls, operators on tensors, names that
refer to Keras and attributes of Keras objects are handed to the interpreter
through hooks. Nothing is ever executed, and folding is bounded: no huge
integers, no huge sequences.
"""

from __future__ import annotations

import operator
import os
from typing import Any, Callable, Optional

import libcst as cst

from .. import dims
from ..dims import Expr
from .values import MISSING, Opaque, Scope, is_static
from .library import containers

MAX_INT = 2**63  # larger results are left symbolic
MAX_SEQUENCE = 4096  # longer tuples/strings from repetition are left symbolic
MAX_DEPTH = 200  # expression nesting deeper than this is opaque
#: Items comprehensions may build in one file, all together (nesting multiplies them).
MAX_COMPREHENSION_ITEMS = 50_000



def debugging() -> bool:
    """``KERASCHECK_DEBUG=1``: what evaluation would turn into an unknown value (and the engine
    into KC001) is raised, and reported as an internal error (KC003), so that the property tests
    and the sweep see kerascheck's own bugs.
    Errors of the checked file's own data (``(1, 2)[5]``, ``1 < "a"``) are handled where they occur."""
    return os.environ.get("KERASCHECK_DEBUG") == "1"


_ARITHMETIC = {
    cst.Add: "add",
    cst.Subtract: "sub",
    cst.Multiply: "mul",
    cst.FloorDivide: "floordiv",
    cst.Divide: "truediv",
    cst.Modulo: "mod",
    cst.Power: "pow",
    cst.MatrixMultiply: "matmul",
}

_COMPARE = {
    cst.Equal: operator.eq,
    cst.NotEqual: operator.ne,
    cst.LessThan: operator.lt,
    cst.LessThanEqual: operator.le,
    cst.GreaterThan: operator.gt,
    cst.GreaterThanEqual: operator.ge,
    cst.In: lambda a, b: a in b,
    cst.NotIn: lambda a, b: a not in b,
    cst.Is: lambda a, b: a is b if a is None or b is None else a == b,
    cst.IsNot: lambda a, b: a is not b if a is None or b is None else a != b,
}

CallHook = Callable[[cst.Call, Scope], Any]
#: ``(operator name, left, right, node) -> value or MISSING``: the walker's
#: handling of an operator on values it models (tensors); MISSING: fold as usual.
OperatorHook = Callable[[str, Any, Any, cst.CSTNode], Any]


class Evaluator:
    """Folds expressions to static values within a scope."""

    def __init__(
        self, module: cst.Module, call_hook: Optional[CallHook] = None, operator_hook: Optional[OperatorHook] = None,
        reference_hook: Optional[Callable[[cst.BaseExpression], Any]] = None,
        lambda_hook: Optional[Callable[[cst.Lambda, Scope], Any]] = None,
    ) -> None:
        self.module = module
        self.comprehension_items = MAX_COMPREHENSION_ITEMS  # left for this file
        self.call_hook = call_hook
        self.operator_hook = operator_hook
        #: ``layers.LSTM`` not called (an alias, a default, a partial's class): what it refers to, or MISSING.
        self.reference_hook = reference_hook
        #: ``lambda t: ...``: a function value of the walker's.
        self.lambda_hook = lambda_hook
        #: ``(value, name) -> value or MISSING``: attributes of the walker's objects (``model.output``).
        self.attribute_hook: Optional[Callable[[Any, str], Any]] = None

    def source(self, node: cst.CSTNode) -> str:
        return " ".join(self.module.code_for_node(node).split())

    def opaque(self, node: cst.CSTNode) -> Opaque:
        return Opaque(self.source(node))

    def eval(self, node: cst.BaseExpression, scope: Scope, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            return self.opaque(node)
        handler = getattr(self, "_eval_" + type(node).__name__, None)
        if handler is None:
            return self.opaque(node)
        try:
            return handler(node, scope, depth + 1)
        except ArithmeticError:  # ``1 / 0`` in the file: not known, not ours
            return self.opaque(node)
        except (ValueError, TypeError, IndexError, KeyError, RecursionError):
            if debugging():
                raise
            return self.opaque(node)

    def truth(self, node: cst.BaseExpression, scope: Scope) -> Optional[bool]:
        """The condition's value when decided statically, else None."""
        value = self.eval(node, scope)
        if is_static(value):
            return bool(value)
        return None

    # -- literals ------------------------------------------------------------

    def _eval_Integer(self, node: cst.Integer, scope: Scope, depth: int) -> Any:
        return int(node.value.replace("_", ""), 0)

    def _eval_Float(self, node: cst.Float, scope: Scope, depth: int) -> Any:
        return float(node.value.replace("_", ""))

    def _eval_SimpleString(self, node: cst.SimpleString, scope: Scope, depth: int) -> Any:
        return node.evaluated_value

    def _eval_ConcatenatedString(self, node: cst.ConcatenatedString, scope: Scope, depth: int) -> Any:
        """``"a" "b"``, joined without recursion: libcst nests one node per part, and its own
        ``evaluated_value`` recurses (hundreds of parts exceed Python's stack)."""
        parts: list = []
        pending: list = [node]
        while pending:
            item = pending.pop()
            if isinstance(item, cst.ConcatenatedString):
                pending.extend((item.right, item.left))  # the left part first
            elif isinstance(item, cst.SimpleString):
                parts.append(item.evaluated_value)
            else:  # an f-string part
                return self.opaque(node)
        return parts[0][:0].join(parts)  # str or bytes (libcst refuses a mix)

    def _eval_Name(self, node: cst.Name, scope: Scope, depth: int) -> Any:
        constants = {"True": True, "False": False, "None": None}
        if node.value in constants:
            return constants[node.value]
        value = scope.lookup(node.value)
        if value is MISSING and self.reference_hook is not None:
            value = self.reference_hook(node)
        return Opaque(node.value) if value is MISSING else value

    def _eval_Tuple(self, node: cst.Tuple, scope: Scope, depth: int) -> Any:
        return self._elements(node, scope, depth, tuple)

    def _eval_List(self, node: cst.List, scope: Scope, depth: int) -> Any:
        return self._elements(node, scope, depth, list)

    def _elements(self, node: Any, scope: Scope, depth: int, kind: type) -> Any:
        if any(isinstance(element, cst.StarredElement) for element in node.elements):
            return self.opaque(node)
        return kind(self.eval(element.value, scope, depth) for element in node.elements)

    def _eval_Dict(self, node: cst.Dict, scope: Scope, depth: int) -> Any:
        out = {}
        for element in node.elements:
            if not isinstance(element, cst.DictElement):
                return self.opaque(node)
            key = self.eval(element.key, scope, depth)
            if not is_static(key):
                return self.opaque(node)
            out[key] = self.eval(element.value, scope, depth)
        return out

    def _eval_ListComp(self, node: cst.ListComp, scope: Scope, depth: int) -> Any:
        """``[layers.Dense(n) for n in (64, 32)]`` over a static sequence, unrolled."""
        clause = node.for_in
        if clause.inner_for_in is not None or clause.asynchronous is not None:
            return self.opaque(node)
        iterable = self.eval(clause.iter, scope, depth)
        if not isinstance(iterable, (tuple, list, str)) or len(iterable) > MAX_SEQUENCE:
            return self.opaque(node)
        out = []
        for item in iterable:
            self.comprehension_items -= 1
            if self.comprehension_items < 0:
                return self.opaque(node)
            inner = Scope(parent=scope)
            if not _bind_simple(clause.target, item, inner):
                return self.opaque(node)
            decided = [self.truth(condition.test, inner) for condition in clause.ifs]
            if None in decided:
                return self.opaque(node)
            if all(decided):
                out.append(self.eval(node.elt, inner, depth))
        return out

    # -- operators -----------------------------------------------------------

    def _eval_UnaryOperation(self, node: cst.UnaryOperation, scope: Scope, depth: int) -> Any:
        value = self.eval(node.expression, scope, depth)
        if isinstance(node.operator, cst.Not):
            return (not value) if is_static(value) else self.opaque(node)
        if isinstance(node.operator, cst.Plus):
            return value if _is_number(value) else self.opaque(node)
        if isinstance(node.operator, cst.Minus):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return -value
            if isinstance(value, (Expr, Opaque)):
                return dims.mul(_as_expr(value), -1)
        if isinstance(node.operator, cst.BitInvert) and isinstance(value, int):
            return ~value
        return self.opaque(node)

    def _eval_BinaryOperation(self, node: cst.BinaryOperation, scope: Scope, depth: int) -> Any:
        name = _ARITHMETIC.get(type(node.operator))
        left = self.eval(node.left, scope, depth)
        right = self.eval(node.right, scope, depth)
        if name is None:
            return self.opaque(node)
        if self.operator_hook is not None:
            modelled = self.operator_hook(name, left, right, node)
            if modelled is not MISSING:
                return modelled
        result = _fold(name, left, right)
        return self.opaque(node) if result is MISSING else result

    def _eval_Comparison(self, node: cst.Comparison, scope: Scope, depth: int) -> Any:
        left = self.eval(node.left, scope, depth)
        for target in node.comparisons:
            right = self.eval(target.comparator, scope, depth)
            compare = _COMPARE.get(type(target.operator))
            if compare is None or not (is_static(left) and is_static(right)):
                return self.opaque(node)
            try:
                holds = compare(left, right)
            except TypeError:  # ``1 < "a"``: the file's own error, raised when it runs
                return self.opaque(node)
            if not holds:
                return False
            left = right
        return True

    def _eval_BooleanOperation(self, node: cst.BooleanOperation, scope: Scope, depth: int) -> Any:
        left = self.eval(node.left, scope, depth)
        if not is_static(left):
            return self.opaque(node)
        is_and = isinstance(node.operator, cst.And)
        if bool(left) != is_and:
            return left
        return self.eval(node.right, scope, depth)

    def _eval_IfExp(self, node: cst.IfExp, scope: Scope, depth: int) -> Any:
        test = self.truth(node.test, scope)
        if test is None:
            body, orelse = self.eval(node.body, scope, depth), self.eval(node.orelse, scope, depth)
            return body if body == orelse else self.opaque(node)
        return self.eval(node.body if test else node.orelse, scope, depth)

    # -- access and calls ----------------------------------------------------

    def _eval_Attribute(self, node: cst.Attribute, scope: Scope, depth: int) -> Any:
        """Static objects (a dataset array's ``.shape``) answer for their attributes."""
        return self.attribute_of(self.eval(node.value, scope, depth), node)

    def attribute_of(self, base: Any, node: cst.Attribute) -> Any:
        """``node`` (``base.name``) once its base is evaluated, for callers that already have it."""
        if isinstance(base, Opaque) and self.reference_hook is not None:  # ``layers.LSTM`` from an import
            value = self.reference_hook(node)
            if value is not MISSING:
                return value
        if self.attribute_hook is not None:
            value = self.attribute_hook(base, node.attr.value)
            if value is not MISSING:
                return value
        if hasattr(base, "attribute"):
            value = base.attribute(node.attr.value)
            if value is not MISSING:
                return value
        return self.opaque(node)

    def _eval_Subscript(self, node: cst.Subscript, scope: Scope, depth: int) -> Any:
        """``shape[1:]``, ``x_train[..., None]``, ``x[:, 0]`` on a tensor: each key evaluated once."""
        base = self.eval(node.value, scope, depth)
        keys = tuple(self._subscript_key(element.slice, scope, depth) for element in node.slice)
        if self.operator_hook is not None:
            modelled = self.operator_hook("getitem", base, keys, node)
            if modelled is not MISSING:
                return modelled
        if hasattr(base, "subscript"):
            value = base.subscript(keys)
            return self.opaque(node) if value is MISSING else value
        if isinstance(base, dict) and len(keys) == 1:
            value = containers.get_item(base, keys[0])
            return self.opaque(node) if value is MISSING else value
        if not isinstance(base, (tuple, list, str)) or len(keys) != 1:
            return self.opaque(node)
        key = keys[0]
        if isinstance(key, int) and not isinstance(key, bool):
            return base[key] if -len(base) <= key < len(base) else self.opaque(node)
        bounds = (key.start, key.stop, key.step) if isinstance(key, slice) else ("not a slice",)
        if all(bound is None or (isinstance(bound, int) and not isinstance(bound, bool)) for bound in bounds):
            return base[key]
        return self.opaque(node)

    def _subscript_key(self, key: Any, scope: Scope, depth: int) -> Any:
        """One element of ``x[...]``: a value, a slice, ``...``, or None for ``np.newaxis``."""
        if isinstance(key, cst.Slice):
            parts = [self.eval(p, scope, depth) if p is not None else None for p in (key.lower, key.upper, key.step)]
            return slice(*parts)
        if isinstance(key.value, cst.Ellipsis):
            return Ellipsis
        if isinstance(key.value, cst.Attribute) and key.value.attr.value == "newaxis":
            return None
        return self.eval(key.value, scope, depth)

    def _eval_FormattedString(self, node: cst.FormattedString, scope: Scope, depth: int) -> Any:
        """``f"block{i}_conv"`` with static parts: a layer name like any other string."""
        parts = []
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                parts.append(part.value)
                continue
            value = self.eval(part.expression, scope, depth)
            if part.format_spec is not None or part.conversion is not None or not isinstance(value, (str, int)) or isinstance(value, bool):
                return self.opaque(node)
            parts.append(str(value))
        return "".join(parts)

    def _eval_Lambda(self, node: cst.Lambda, scope: Scope, depth: int) -> Any:
        value = self.lambda_hook(node, scope) if self.lambda_hook is not None else MISSING
        return self.opaque(node) if value is MISSING else value

    def _eval_Call(self, node: cst.Call, scope: Scope, depth: int) -> Any:
        if self.call_hook is not None:
            value = self.call_hook(node, scope)
            if value is not MISSING:
                return value
        return self.opaque(node)


def _bind_simple(target: cst.BaseExpression, value: Any, scope: Scope) -> bool:
    """Bind a comprehension target (a name or a flat tuple of names)."""
    if isinstance(target, cst.Name):
        scope.bind(target.value, value)
        return True
    if isinstance(target, (cst.Tuple, cst.List)) and isinstance(value, (tuple, list)) and len(value) == len(target.elements):
        return all(_bind_simple(element.value, item, scope) for element, item in zip(target.elements, value))
    return False


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, Expr, Opaque)) and not isinstance(value, bool)


def _as_expr(value: Any) -> Any:
    return dims.symbol(value.text) if isinstance(value, Opaque) else value


def _fold(name: str, left: Any, right: Any) -> Any:
    """``left <op> right`` with bounds; MISSING when not foldable."""
    if hasattr(left, "combine") or hasattr(right, "combine"):
        array, other = (left, right) if hasattr(left, "combine") else (right, left)
        return array.combine(other)
    if isinstance(left, bool) or isinstance(right, bool):
        left, right = _unbool(left), _unbool(right)
    if isinstance(left, (int, float)) and isinstance(right, (int, float)):
        if name == "pow" and (abs(right) > 64 or abs(left) > MAX_INT):
            return MISSING
        result = getattr(operator, name)(left, right)
        return result if abs(result) <= MAX_INT else MISSING
    if name == "mul" and isinstance(right, int) and isinstance(left, (tuple, list, str)):
        return left * right if len(left) * right <= MAX_SEQUENCE else MISSING
    if name == "mul" and isinstance(left, int) and isinstance(right, (tuple, list, str)):
        return _fold(name, right, left)
    if name == "add" and type(left) is type(right) and isinstance(left, (tuple, list, str)):
        return left + right if len(left) + len(right) <= MAX_SEQUENCE else MISSING
    if _is_integral(left) and _is_integral(right):
        return _fold_symbolic(name, _as_expr(left), _as_expr(right))
    return MISSING


def _fold_symbolic(name: str, left: Any, right: Any) -> Any:
    if name == "add":
        return dims.add(left, right)
    if name == "sub":
        return dims.sub(left, right)
    if name == "mul":
        return dims.mul(left, right)
    if name == "floordiv":
        return dims.floordiv(left, right)
    return MISSING


def _unbool(value: Any) -> Any:
    return int(value) if isinstance(value, bool) else value


def _is_integral(value: Any) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool)) or isinstance(value, (Expr, Opaque))
