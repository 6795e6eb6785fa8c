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
    assert run(capsys, "check", str(tmp_path)) == (0, "", "")


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
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert lines[0].startswith(f"{tmp_path / 'a_syntax.py'}:2:12: KC001 SyntaxError")
    assert lines[1] == f"{tmp_path / 'b_latin1.py'}:1:1: KC002 cannot decode file: not valid utf-8 text (byte 0xe9 at offset 24)"
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
    assert patches["output_shape"] is None and patches["params"] is None
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
