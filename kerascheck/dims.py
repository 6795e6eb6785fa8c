"""Symbolic dimensions: the numbers a shape is made of.

A dimension is an ``int`` (known), ``None`` (Keras' own "any size": the batch
axis or a variable length) or an :class:`Expr`, a small integer polynomial over
named symbols such as ``img_rows - 4`` or ``(n - 2) // 2``. Expressions stay
canonical (constant results collapse back to ``int``) so that two ways of
computing the same size compare equal and print the same way.

Parameter counts use the same algebra: ``800*c + 32`` is a valid count.

Size and cost are bounded, whatever the source: an expression larger than
:data:`MAX_SIZE` nodes (``x = (x + a) * (x + b)`` repeated doubles it each
time) is replaced by a fresh opaque symbol ``large_expr_<hash>`` (see
:func:`notes_for`), a symbol named after a long source text is shortened with
a hash that keeps different texts different, renderings are computed once
per expression, and integers too long for Python's ``str`` (a 3,600-digit
literal) print as ``<an integer of N digits>`` instead of raising.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Union

__all__ = [
    "Dim",
    "Expr",
    "add",
    "sub",
    "mul",
    "floordiv",
    "ceildiv",
    "product",
    "symbol",
    "format_dim",
    "is_known",
    "substitute",
    "to_json",
    "int_text",
    "notes_for",
    "MAX_SIZE",
]

#: Nodes (terms, factors, symbols) an expression may have; a larger one becomes
#: a fresh opaque symbol. Real sizes have a handful; a model's total of a few
#: hundred layers with symbolic widths stays far below.
MAX_SIZE = 160
#: Characters of source text kept in a symbol's name (the rest: a hash).
MAX_NAME = 80
#: Prefix of the symbols that stand for an over-large expression.
LARGE_PREFIX = "large_expr_"
#: Digits beyond which ``str(int)`` is not attempted (Python refuses 4,300).
MAX_INT_DIGITS = 4000
_MAX_INT_BITS = int(MAX_INT_DIGITS * 3.3219280948873626)


def int_text(value: int) -> str:
    """``str(value)``, or ``<an integer of N digits>`` when it is too long to print."""
    if value.bit_length() <= _MAX_INT_BITS:
        return str(value)
    digits = int(abs(value).bit_length() * 0.30102999566398120) + 1
    return f"<{'a negative' if value < 0 else 'an'} integer of about {digits:,} digits>"


def _cached(obj: object, slot: str, compute) -> object:
    """A value computed once per (immutable) object, stored beside its fields."""
    found = obj.__dict__.get(slot)
    if found is None:
        found = compute()
        object.__setattr__(obj, slot, found)
    return found


#: Source text that reads as one name and needs no parentheses: ``x.shape[1]``.
_SIMPLE_NAME = re.compile(r"[A-Za-z_][\w.]*(\[[\w\s,:'\"-]*\])*")


@dataclass(frozen=True, order=True)
class Symbol:
    """A size known only at run time, named after its source text."""

    name: str

    def render(self) -> str:
        return _cached(self, "_text", lambda: self.name if _SIMPLE_NAME.fullmatch(self.name) else f"({self.name})")

    def size(self) -> int:
        return 1


@dataclass(frozen=True)
class FloorDiv:
    """``numerator // divisor`` that does not simplify to a polynomial."""

    numerator: "Expr"
    divisor: int

    def render(self) -> str:
        return _cached(self, "_text", self._render)

    def _render(self) -> str:
        inner = self.numerator.render()
        if len(self.numerator.terms) > 1:
            inner = f"({inner})"
        return f"{inner} // {int_text(self.divisor)}"

    def size(self) -> int:
        return 1 + self.divisor.bit_length() // 32 + self.numerator.size()

    def __lt__(self, other: object) -> bool:
        return _atom_key(self) < _atom_key(other)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Group:
    """A sum kept as one factor, so products stay readable: ``32*(h - 4)*(w - 4)``."""

    sum: "Expr"

    def render(self) -> str:
        return _cached(self, "_text", lambda: f"({self.sum.render()})")

    def size(self) -> int:
        return 1 + self.sum.size()


Atom = Union[Symbol, FloorDiv, Group]
Monomial = tuple  # tuple[tuple[Atom, int], ...], sorted by atom key


def _atom_key(atom: Atom) -> str:
    return atom.render()


@dataclass(frozen=True)
class Expr:
    """A polynomial with integer coefficients; never a plain constant."""

    terms: tuple  # tuple[tuple[Monomial, int], ...], canonical order

    def render(self) -> str:
        return _cached(self, "_text", self._render)

    def size(self) -> int:
        """Nodes in the expression tree (terms, factors, and what groups hold), computed once."""
        return _cached(self, "_size", self._measure)

    def _measure(self) -> int:
        # A power counts as many factors, a long coefficient as a few nodes per
        # 32 bits: both would otherwise grow without bound under repeated squaring.
        return sum(
            1 + abs(coeff).bit_length() // 32 + sum(atom.size() + power - 1 for atom, power in mono)
            for mono, coeff in self.terms
        )

    def _render(self) -> str:
        ordered = sorted(self.terms, key=_term_sort_key)
        out = ""
        for index, (mono, coeff) in enumerate(ordered):
            text = _render_term(mono, abs(coeff))
            if index == 0:
                out = text if coeff > 0 else f"-{text}"
            else:
                out += f" + {text}" if coeff > 0 else f" - {text}"
        return out

    def __str__(self) -> str:
        return self.render()

    def symbols(self) -> frozenset:
        """Names of the symbols this expression depends on."""
        names = set()
        for mono, _ in self.terms:
            for atom, _power in mono:
                if isinstance(atom, Symbol):
                    names.add(atom.name)
                elif isinstance(atom, Group):
                    names |= atom.sum.symbols()
                else:
                    names |= atom.numerator.symbols()
        return frozenset(names)


Dim = Union[int, None, Expr]


def _term_sort_key(term: tuple) -> tuple:
    mono, _ = term
    degree = sum(power for _, power in mono)
    return (degree == 0, -degree, [(_atom_key(a), p) for a, p in mono])


def _render_term(mono: Monomial, coeff: int) -> str:
    if not mono:
        return int_text(coeff)
    factors = []
    for atom, power in mono:
        text = atom.render()
        if isinstance(atom, FloorDiv) and (len(mono) > 1 or coeff != 1 or power > 1):
            text = f"({text})"
        factors.append(text if power == 1 else f"{text}**{int_text(power)}")
    body = "*".join(factors)
    return body if coeff == 1 else f"{int_text(coeff)}*{body}"


# -- construction ---------------------------------------------------------


def _make(poly: dict) -> Dim:
    """Canonical form: drop zero terms, collapse constants to int.

    ``(n - 6) // 2 + 1`` is folded to ``(n - 4) // 2``: one floor division
    reads better than a division plus a correction.
    """
    items = tuple(sorted(((m, c) for m, c in poly.items() if c), key=_canon_key))
    if not items:
        return 0
    if len(items) == 1 and items[0][0] == ():
        return items[0][1]
    if len(items) == 2 and items[0][0] == () and _is_plain_floordiv(items[1]):
        inner = items[1][0][0][0]
        return floordiv(add(inner.numerator, items[0][1] * inner.divisor), inner.divisor)
    return _capped(Expr(items))


def _capped(expr: "Expr") -> "Expr":
    """``expr``, or a fresh opaque symbol standing for it when it is larger than :data:`MAX_SIZE`."""
    if expr.size() <= MAX_SIZE:
        return expr
    digest = hashlib.blake2b(expr.render().encode("utf-8", "surrogatepass"), digest_size=5).hexdigest()
    return Expr((((((Symbol(LARGE_PREFIX + digest), 1),)), 1),))


def notes_for(dim: "Dim") -> tuple:
    """Notes explaining the stand-in symbols in ``dim`` (for a model's notes), if any."""
    if not isinstance(dim, Expr):
        return ()
    large = sorted(name for name in dim.symbols() if name.startswith(LARGE_PREFIX))
    return tuple(
        f"{name} stands for a size expression too large to keep symbolically (more than {MAX_SIZE} terms and factors)"
        for name in large
    )


def _is_plain_floordiv(term: tuple) -> bool:
    mono, coeff = term
    return coeff == 1 and len(mono) == 1 and mono[0][1] == 1 and isinstance(mono[0][0], FloorDiv)


def _canon_key(term: tuple) -> list:
    return [(_atom_key(a), p) for a, p in term[0]]


def _poly(value: Union[int, Expr]) -> dict:
    if isinstance(value, Expr):
        return dict(value.terms)
    return {(): int(value)}


def symbol(name: str) -> Expr:
    """A fresh symbolic size named ``name`` (source text: whitespace runs become one space,
    control characters are escaped, and a long text keeps its start and a hash of the rest)."""
    return Expr((((((Symbol(_clean_name(name)), 1),)), 1),))


_WHITESPACE = re.compile(r"\s+")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _clean_name(name: str) -> str:
    if len(name) <= MAX_NAME and name.isprintable() and "  " not in name:
        return name
    text = _CONTROL.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), _WHITESPACE.sub(" ", name.strip()))
    if len(text) <= MAX_NAME:
        return text
    digest = hashlib.blake2b(name.encode("utf-8", "surrogatepass"), digest_size=4).hexdigest()
    return f"{text[:MAX_NAME - 12]}...#{digest}"


def _mul_mono(a: Monomial, b: Monomial) -> Monomial:
    powers: dict = {}
    for atom, power in a + b:
        powers[atom] = powers.get(atom, 0) + power
    return tuple(sorted(powers.items(), key=lambda item: _atom_key(item[0])))


# -- arithmetic (None is contagious) --------------------------------------


def add(a: Dim, b: Dim) -> Dim:
    if a is None or b is None:
        return None
    if isinstance(a, int) and isinstance(b, int):
        return a + b
    poly = _poly(a)
    for mono, coeff in _poly(b).items():
        poly[mono] = poly.get(mono, 0) + coeff
    return _make(poly)


def mul(a: Dim, b: Dim) -> Dim:
    if a is None or b is None:
        return None
    if isinstance(a, int) and isinstance(b, int):
        return a * b
    if isinstance(a, Expr) and isinstance(b, Expr):
        a, b = _grouped(a), _grouped(b)
    poly: dict = {}
    for ma, ca in _poly(a).items():
        for mb, cb in _poly(b).items():
            mono = _mul_mono(ma, mb)
            poly[mono] = poly.get(mono, 0) + ca * cb
    return _make(poly)


def _grouped(expr: Expr) -> Expr:
    """A sum multiplied by another symbol stays a factor instead of expanding."""
    if len(expr.terms) == 1:
        return expr
    return Expr((((((Group(expr), 1),)), 1),))


def sub(a: Dim, b: Dim) -> Dim:
    return add(a, mul(b, -1))


def floordiv(a: Dim, divisor: Dim) -> Dim:
    """``a // divisor``; a symbolic divisor makes an opaque symbol."""
    if a is None or divisor is None:
        return None
    if isinstance(divisor, Expr):
        return symbol(f"{_wrap(a)} // {_wrap(divisor)}")
    if divisor == 0:
        return None
    if isinstance(a, int):
        return a // divisor
    if divisor == 1:
        return a
    poly = _poly(a)
    constant = poly.pop((), 0)
    if all(coeff % divisor == 0 for coeff in poly.values()):
        # floor((k*P + c) / k) == P + floor(c / k) for integer P.
        exact = {m: c // divisor for m, c in poly.items()}
        return add(_make(exact), constant // divisor)
    nested = _lone_floordiv(a)
    if nested is not None:
        # (x // a) // b == x // (a * b) for positive a, b.
        return floordiv(nested.numerator, nested.divisor * divisor)
    return Expr(((((FloorDiv(a, divisor), 1),), 1),))


def _lone_floordiv(expr: Expr):
    """The FloorDiv atom when ``expr`` is exactly one, else None."""
    if len(expr.terms) != 1:
        return None
    mono, coeff = expr.terms[0]
    if coeff == 1 and len(mono) == 1 and mono[0][1] == 1 and isinstance(mono[0][0], FloorDiv):
        return mono[0][0]
    return None


def ceildiv(a: Dim, divisor: Dim) -> Dim:
    """``ceil(a / divisor)`` written as Keras does: ``(a - 1) // d + 1``."""
    return add(floordiv(sub(a, 1), divisor), 1)


def product(dims: Iterable[Dim]) -> Dim:
    result: Dim = 1
    for dim in dims:
        result = mul(result, dim)
    return result


def _wrap(value: Dim) -> str:
    text = format_dim(value)
    if isinstance(value, int) and not text.lstrip("-").isdigit():
        return f"({text})"
    return text if isinstance(value, int) or text.isidentifier() else f"({text})"


# -- inspection ------------------------------------------------------------


def is_known(dim: Dim) -> bool:
    """True when ``dim`` is a concrete integer."""
    return isinstance(dim, int)


def format_dim(dim: Dim) -> str:
    """``None`` as Keras prints it, expressions readably."""
    if dim is None:
        return "None"
    if isinstance(dim, Expr):
        return dim.render()
    return int_text(dim) if isinstance(dim, int) and not isinstance(dim, bool) else str(dim)


def format_shape(shape: Any) -> str:
    """``(None, 28, 28, 1)`` as Keras prints it; ``?`` when unknown; a layer with several
    outputs as Keras prints it: ``[(None, 64), (None, 64)]``."""
    if shape is None:
        return "?"
    if isinstance(shape, list):
        return "[" + ", ".join(format_shape(item) for item in shape) + "]"
    return "(" + ", ".join(format_dim(d) for d in shape) + ")"


def substitute(dim: Dim, values: Mapping[str, int]) -> Dim:
    """``dim`` with the named symbols replaced by integers (for checking)."""
    if not isinstance(dim, Expr):
        return dim
    total: Dim = 0
    for mono, coeff in dim.terms:
        term: Dim = coeff
        for atom, power in mono:
            if isinstance(atom, Symbol):
                factor: Dim = values[atom.name] if atom.name in values else symbol(atom.name)
            elif isinstance(atom, Group):
                factor = substitute(atom.sum, values)
            else:
                factor = floordiv(substitute(atom.numerator, values), atom.divisor)
            for _ in range(power):
                term = mul(term, factor)
        total = add(total, term)
    return total


def to_json(dim: Dim) -> Union[int, str, None]:
    """JSON contract: ints stay ints, ``None`` is null, symbols are strings (and so are
    integers too long for a JSON writer to print)."""
    if isinstance(dim, Expr):
        return dim.render()
    if isinstance(dim, int) and not isinstance(dim, bool) and dim.bit_length() > _MAX_INT_BITS:
        return int_text(dim)
    return dim
