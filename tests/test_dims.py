"""The symbolic dimension algebra, table-driven."""

from __future__ import annotations

import pytest

from kerascheck.dims import add, ceildiv, floordiv, format_dim, mul, product, sub, substitute, symbol

n, m = symbol("n"), symbol("m")

CASES = [
    (sub(symbol("img_rows"), 4), "img_rows - 4"),
    (floordiv(sub(n, 2), 2), "(n - 2) // 2"),
    (add(floordiv(sub(n, 6), 2), 1), "(n - 4) // 2"),
    (floordiv(floordiv(n, 2), 2), "n // 4"),
    (floordiv(mul(n, 4), 2), "2*n"),
    (floordiv(add(mul(n, 4), 3), 2), "2*n + 1"),
    (mul(sub(n, 4), sub(m, 4)), "(m - 4)*(n - 4)"),
    (mul(32, sub(n, 4)), "32*n - 128"),
    (ceildiv(n, 2), "(n + 1) // 2"),
    (add(mul(800, symbol("c")), 32), "800*c + 32"),
    (sub(symbol("x.shape[1]"), 1), "x.shape[1] - 1"),
    (mul(symbol("a + b"), 2), "2*(a + b)"),
    (None, "None"),
    (add(None, 3), "None"),
    (sub(add(n, 3), n), "3"),
    (product([2, 3, 4]), "24"),
]


@pytest.mark.parametrize(("dim", "text"), CASES)
def test_canonical_rendering(dim: object, text: str) -> None:
    assert format_dim(dim) == text


@pytest.mark.parametrize("value", [1, 2, 7, 28, 100, 224])
def test_symbolic_windows_agree_with_integers(value: int) -> None:
    """The same formula folded symbolically, then substituted, equals integer folding."""
    for stride in (1, 2, 3):
        formula = lambda x: add(floordiv(sub(x, 3), stride), 1)  # noqa: E731
        assert substitute(formula(n), {"n": value}) == formula(value)
        assert substitute(ceildiv(n, stride), {"n": value}) == ceildiv(value, stride)


# -- bounded size and cost (issue 18) --------------------------------------------

import time

from kerascheck.dims import MAX_SIZE, Expr, int_text, notes_for, to_json


def test_doubling_expression_becomes_an_opaque_symbol_quickly() -> None:
    a, b = symbol("a"), symbol("b")
    started = time.monotonic()
    x = add(a, b)
    for _ in range(200):
        x = mul(add(x, a), add(x, b))  # doubles the tree each time
    assert time.monotonic() - started < 2
    assert isinstance(x, Expr) and x.size() <= MAX_SIZE
    assert "large_expr_" in format_dim(x)
    assert any("too large" in note for note in notes_for(x))
    y = add(a, b)
    for _ in range(200):
        y = mul(add(y, a), add(y, b))
    assert format_dim(x) == format_dim(y)  # deterministic: the same computation, the same stand-in


def test_repeated_squaring_keeps_coefficients_and_powers_bounded() -> None:
    started = time.monotonic()
    x, y = mul(symbol("a"), 10), add(symbol("a"), 1)
    for _ in range(64):
        x, y = mul(x, x), mul(y, y)
    z = symbol("a")
    for _ in range(64):
        z = floordiv(add(z, 7), 3)
    assert time.monotonic() - started < 2
    assert x.size() <= MAX_SIZE and y.size() <= MAX_SIZE and z.size() <= MAX_SIZE + 16
    assert format_dim(substitute(y, {"a": 1}))  # a stand-in stays a symbol, never a hang


def test_integers_too_long_for_str_never_raise() -> None:
    huge = int("f" * 3600, 16)
    assert int_text(huge).startswith("<an integer of about 4,335 digits")
    assert format_dim(huge) == int_text(huge)
    assert to_json(huge) == int_text(huge) and to_json(12) == 12
    assert format_dim(add(mul(symbol("n"), huge), 1)).startswith("large_expr_")  # a huge coefficient counts as size
    assert "integer of about" in format_dim(floordiv(symbol("n"), 2**20000))
    assert floordiv(symbol("n"), symbol("m")) is not None


def test_symbol_names_are_one_clean_bounded_line() -> None:
    assert format_dim(symbol("x.shape[1]")) == "x.shape[1]"
    assert format_dim(symbol("f(a,\n      b)")) == "(f(a, b))"
    assert "\x1b" not in format_dim(symbol("a\x1b[2Jb")) and "\\x1b" in format_dim(symbol("a\x1b[2Jb"))
    long_a, long_b = symbol("g(" + "a" * 500 + ")"), symbol("g(" + "a" * 499 + "b)")
    assert len(format_dim(long_a)) < 100 and format_dim(long_a) != format_dim(long_b)
    assert format_dim(sub(long_a, long_b)) != "0"  # shortened names never make different texts equal
