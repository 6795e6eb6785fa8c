"""Issue 18's reproducers that belong to the interpreter: values bounded per
file (not per comprehension), long chains and model cycles analysed without
recursion, huge sizes printed; each bounded like the others (subprocess,
address-space and time limits)."""

from __future__ import annotations

from pathlib import Path

from .hostile_support import run_cli


def test_nested_comprehensions_are_bounded_per_file(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(
        "import keras\nfrom keras.layers import Dense\nr = (0,) * 4096\nx = [[Dense(1) for b in r] for a in r]\n"
        "model = keras.Sequential([keras.Input((3,)), keras.layers.LSTM(2)])\n"
    )
    run = run_cli("check", ".", "--no-cache", cwd=tmp_path).assert_sane(1)
    assert "KC102" in run.stdout


def test_a_1000_layer_functional_chain_is_analysed(tmp_path: Path) -> None:
    chain = "".join("x = keras.layers.Dense(4)(x)\n" for _ in range(1000))
    (tmp_path / "m.py").write_text(
        "import keras\ninputs = keras.Input((3,))\nx = inputs\n" + chain + "x = keras.layers.LSTM(2)(x)\nmodel = keras.Model(inputs, x)\n"
    )
    run = run_cli("check", ".", "--no-cache", cwd=tmp_path).assert_sane(1)
    assert "KC102" in run.stdout and "nested" not in run.stdout


def test_a_model_cycle_is_not_too_deeply_nested(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(
        "import keras\nm = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])\n"
        "m2 = keras.Sequential([m])\nm.add(m2)\n"
    )
    run = run_cli("check", ".", "--no-cache", cwd=tmp_path).assert_sane(0, 1)
    assert "too deeply nested" not in run.stdout


def test_summary_table_of_a_3600_digit_dimension(tmp_path: Path) -> None:
    (tmp_path / "b.py").write_text("import keras\nmodel = keras.Sequential([keras.Input((0x" + "f" * 3600 + ",)), keras.layers.Dense(3)])\n")
    run = run_cli("summary", "b.py", "--no-cache", cwd=tmp_path).assert_sane(0, 1)
    assert "integer of about" in run.stdout


def test_a_time_budget_cuts_a_slow_analysis_short_with_a_finding() -> None:
    """What the editor server relies on: one slow document cannot hold the analysis thread."""
    import time

    from kerascheck.engine import check_source
    from kerascheck.settings import Settings

    source = (
        "import keras\nx = keras.Input((4,))\n"
        "for i in range(250):\n    for j in range(250):\n        x = keras.layers.Dense(4)(x)\n"
    )
    started = time.monotonic()
    result = check_source(source, "slow.py", Settings(time_budget=0.2))
    assert time.monotonic() - started < 3
    assert [d.code for d in result.diagnostics] == ["KC005"]


def test_the_editor_server_gives_each_document_a_time_budget() -> None:
    from kerascheck.server.server import ANALYSIS_BUDGET, KerascheckServer

    server = KerascheckServer()
    assert server.settings("").time_budget == ANALYSIS_BUDGET
    assert server.settings("").tensor_bindings  # its hovers show tensor variables
