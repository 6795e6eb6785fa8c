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
