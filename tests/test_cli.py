"""The command line: exit codes, bad input, and the JSON contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kerascheck import __version__
from kerascheck.cli import main

from .conftest import SAMPLES

GOOD = "import keras\nmodel = keras.Sequential([keras.layers.Dense(4, input_shape=(3,))])\n"
BAD = "import keras\nmodel = keras.Sequential([\n    keras.layers.Dense(4, input_shape=(3,)),\n    keras.layers.LSTM(2),\n])\n"


def run(capsys: pytest.CaptureFixture, *args: str) -> tuple:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_file_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "good.py").write_text(GOOD)
    assert run(capsys, "check", str(tmp_path)) == (0, "", "All checks passed!\n")


def test_findings_exit_one_with_concise_lines(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "bad.py"
    path.write_text(BAD)
    code, out, _ = run(capsys, "check", str(path))
    assert code == 1
    assert out == f"{path}:4:5: KC102 LSTM: expects a 3D input (batch, timesteps, features), got a 2D input (None, 4)\n"


def test_missing_path_is_a_usage_error(capsys: pytest.CaptureFixture) -> None:
    code, out, err = run(capsys, "check", "no/such/dir")
    assert code == 2 and out == "" and "no such file or directory: no/such/dir" in err


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--output-format", "yaml"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'yaml'" in capsys.readouterr().err


def test_hostile_directory_is_checked_without_traceback(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "a_syntax.py").write_text("import keras\ndef broken(:\n    pass\n")
    (tmp_path / "b_latin1.py").write_bytes("import keras\nname = 'caf\xe9'\n".encode("latin-1"))
    (tmp_path / "c_empty.py").write_text("")
    (tmp_path / "d_good.py").write_text(GOOD)
    (tmp_path / "e_bad.py").write_text(BAD)
    code, out, err = run(capsys, "check", str(tmp_path))
    assert code == 1 and err == "Found 3 findings (3 errors, 0 warnings, 0 info) in 3 files\n"
    lines = out.splitlines()
    assert lines[0].startswith(f"{tmp_path / 'a_syntax.py'}:2:12: KC001 SyntaxError")
    assert lines[1] == f"{tmp_path / 'b_latin1.py'}:2:12: KC002 cannot decode file: not valid utf-8 text (byte 0xe9 at line 2, column 12)"
    assert lines[2].startswith(f"{tmp_path / 'e_bad.py'}:4:5: KC102")
    assert len(lines) == 3


def test_python2_prints_are_reported_once_each_and_models_still_analysed(capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(capsys, "summary", str(SAMPLES / "seed002_keras1_cnn_py2.py"))
    assert code == 1
    assert out.count("KC001") == 1 and "51,264" in out


def test_json_contract(capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(capsys, "check", "--output-format", "json", str(SAMPLES / "buggy" / "seed004_conv_pool_dense.py"))
    assert code == 1
    document = json.loads(out)
    assert document["version"] == __version__
    (file,) = document["files"]
    (model,) = file["models"]
    assert (model["name"], model["type"], model["line"], model["column"]) == ("sequential", "Sequential", 6, 9)
    conv = model["layers"][0]
    assert conv == {
        "name": "conv2d", "type": "Conv2D", "line": 7, "column": 11, "output_shape": [None, 223, 223, 16],
        "params": 208, "trainable_params": 208, "non_trainable_params": 0,
    }
    assert model["total_params"] == 2469 and model["trainable_params"] == 2469 and model["non_trainable_params"] == 0
    (diagnostic,) = file["diagnostics"]
    assert diagnostic["code"] == "KC104" and diagnostic["severity"] == "warning"
    assert (diagnostic["line"], diagnostic["column"], diagnostic["end_line"], diagnostic["end_column"]) == (9, 11, 9, 21)


def test_json_symbolic_and_unknown_values(capsys: pytest.CaptureFixture) -> None:
    _, out, _ = run(capsys, "summary", "--output-format", "json", str(SAMPLES / "symbolic_image_size.py"), str(SAMPLES / "custom_layer_unknown.py"))
    symbolic, custom = json.loads(out)["files"]
    conv = symbolic["models"][0]["layers"][0]
    assert conv["output_shape"] == [None, "img_rows - 4", "img_cols - 4", 32] and conv["params"] == "800*channels + 32"
    patches = custom["models"][0]["layers"][1]
    assert patches["output_shape"] is None  # its call() uses an operation kerascheck does not model
    assert patches["params"] == 0  # its source makes no weights (no build(), no sublayers)
    assert custom["models"][0]["total_params"] is None and custom["models"][0]["notes"]


def test_summary_prints_the_keras_table(capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(capsys, "summary", str(SAMPLES / "seed000_vgg_mnist_tfkeras.py"))
    assert code == 0
    assert 'Model: "sequential"' in out
    assert "│ max_pooling2d_1 (MaxPooling2D)  │ (None, 4, 4, 64)       │             0 │" in out
    assert " Total params: 329,962 (1.26 MB)" in out


def test_layers_lists_canonical_names(capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(capsys, "layers")
    names = [line.split()[0] for line in out.splitlines()]
    assert code == 0 and "Conv2D" in names and "MaxPooling2D" in names and "MaxPool2D" not in names


def test_python_dash_m_runs_the_cli(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text(BAD)
    done = subprocess.run([sys.executable, "-m", "kerascheck", "check", str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 1 and "KC102" in done.stdout


# -- the cache bound -----------------------------------------------------------------------------


@pytest.fixture
def cache_bounds(monkeypatch: pytest.MonkeyPatch) -> list:
    """The ``max_bytes`` of every Cache the CLI creates."""
    import kerascheck.cache as cache_module

    seen: list = []

    class Recording(cache_module.Cache):
        def __init__(self, directory: Path, max_bytes: object = None) -> None:
            super().__init__(directory, max_bytes)  # type: ignore[arg-type]
            seen.append(self.max_bytes)

    monkeypatch.setattr(cache_module, "Cache", Recording)
    monkeypatch.delenv("KERASCHECK_CACHE_MAX_SIZE", raising=False)
    return seen


def test_cache_max_size_flag_then_configuration_then_environment(tmp_path: Path, capsys: pytest.CaptureFixture,
                                                                   monkeypatch: pytest.MonkeyPatch, cache_bounds: list) -> None:
    from kerascheck.cache import DEFAULT_MAX_BYTES

    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.py").write_text(BAD)
    cache = ["--cache-dir", str(tmp_path / "cache")]
    run(capsys, "check", ".", *cache)
    run(capsys, "check", ".", *cache, "--cache-max-size", "2GB")
    monkeypatch.setenv("KERASCHECK_CACHE_MAX_SIZE", "10MB")
    run(capsys, "check", ".", *cache)
    (tmp_path / "pyproject.toml").write_text('[tool.kerascheck]\ncache-max-size = "500MB"\n')
    run(capsys, "check", ".", *cache)
    run(capsys, "check", ".", *cache, "--cache-max-size", "0")
    run(capsys, "check", ".", *cache, "--isolated")  # no configuration file: the environment's
    assert cache_bounds == [DEFAULT_MAX_BYTES, 2 * 1024**3, 10 * 1024**2, 500 * 1024**2, 0, 10 * 1024**2]


def test_cache_max_size_bounds_the_directory(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    for index in range(3):
        (tmp_path / f"bad{index}.py").write_text(BAD + f"# {index}\n")
    kept, pruned = tmp_path / "kept", tmp_path / "pruned"
    assert run(capsys, "check", str(tmp_path), "-j", "1", "--cache-dir", str(kept))[0] == 1
    assert run(capsys, "check", str(tmp_path), "-j", "1", "--cache-dir", str(pruned), "--cache-max-size", "1")[0] == 1
    entries = lambda folder: [p for p in folder.glob("??/*") if p.is_file()]  # noqa: E731
    assert len(entries(kept)) == 3 and entries(pruned) == []


@pytest.mark.parametrize("value", ["lots", "-1", "5TB", "1.5GB", ""])
def test_bad_cache_max_size_flag_is_a_usage_error(capsys: pytest.CaptureFixture, value: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--cache-max-size", value, "."])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and "--cache-max-size" in err and "500MB or 2GB" in err


# -- --add-noqa and --show-files on an unusual tree -------------------------------------------------


def test_add_noqa_rewrites_only_inside_the_tree_and_says_why_not(tmp_path: Path, capsys: pytest.CaptureFixture,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "a.py").write_text(BAD)
    outside = tmp_path / "elsewhere.py"
    outside.write_text(BAD)
    (tree / "link.py").symlink_to(outside)
    monkeypatch.chdir(tree)
    code, out, err = run(capsys, "check", "--isolated", "--no-cache", "--add-noqa")
    assert code == 0 and out == "Added 1 suppression comment to 1 file.\n"
    assert "kerascheck: link.py: not rewritten: it leads to" in err and "outside the checked tree" in err
    assert "# kerascheck: ignore[KC102]" in (tree / "a.py").read_text() and outside.read_text() == BAD
    assert run(capsys, "check", "--isolated", "--no-cache", "a.py")[0] == 0


def test_show_files_escapes_names(tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    (tmp_path / os.fsdecode(b"bad\xff.py")).write_text(GOOD)
    (tmp_path / "evil\x1b[2J.py").write_text(GOOD)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "check", "--isolated", "--show-files", ".")
    assert code == 0 and sorted(out.splitlines()) == ["bad\\xff.py", "evil\\x1b[2J.py"]
