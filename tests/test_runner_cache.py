"""Parallel runs give the serial results in the same order; the cache is never stale."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from kerascheck import cache as cache_module
from kerascheck.cache import Cache, decode, default_cache_dir, encode, settings_fingerprint
from kerascheck.engine import check_file
from kerascheck.runner import MIN_FILES_FOR_POOL, check_paths
from kerascheck.settings import Settings

from .conftest import SAMPLES

BAD = "import keras\nmodel = keras.Sequential([keras.layers.Dense(4, input_shape=(3,)), keras.layers.LSTM(2)])\n"


def _samples() -> list:
    return [(path, Settings()) for path in sorted(Path(SAMPLES).rglob("*.py"))]


def test_pool_and_serial_agree_in_order() -> None:
    tasks = _samples()
    assert len(tasks) >= MIN_FILES_FOR_POOL
    serial = check_paths(tasks, jobs=1)
    assert serial == [check_file(path, settings) for path, settings in tasks]
    assert check_paths(tasks, jobs=2) == serial


def test_every_sample_result_survives_the_cache_format() -> None:
    for path, settings in _samples():
        result = check_file(path, settings)
        assert decode(json.loads(json.dumps(encode(result)))) == result


def test_warm_cache_serves_and_edits_are_seen(tmp_path: Path) -> None:
    source = tmp_path / "model.py"
    source.write_text(BAD)
    store = Cache(tmp_path / "cache")
    first = check_paths([(source, Settings())], cache=store)
    assert [d.code for d in first[0].diagnostics] == ["KC102"]
    assert (tmp_path / "cache" / "CACHEDIR.TAG").exists()
    assert check_paths([(source, Settings())], cache=store) == first
    source.write_text(BAD.replace("keras.layers.LSTM(2)", "keras.layers.Dense(2)"))
    assert check_paths([(source, Settings())], cache=store)[0].diagnostics == ()


def test_the_key_covers_settings_path_and_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Cache(tmp_path)
    data = BAD.encode()
    key = store.key(data, "a.py", Settings())
    assert store.key(data, "b.py", Settings()) != key
    assert store.key(data, "a.py", Settings(image_data_format="channels_first")) != key
    assert store.key(data + b"\n", "a.py", Settings()) != key
    monkeypatch.setattr(cache_module, "_CODE", "an edited checkout")
    assert Cache(tmp_path).key(data, "a.py", Settings()) != key
    assert settings_fingerprint({"b": frozenset({"y", "x"}), "a": 1}) == settings_fingerprint({"a": 1, "b": frozenset({"x", "y"})})


def test_a_corrupt_or_hostile_entry_is_a_miss(tmp_path: Path) -> None:
    store = Cache(tmp_path)
    key = store.key(b"import keras\n", "x.py", Settings())
    entry = tmp_path / key[:2] / key[2:]
    entry.parent.mkdir(parents=True)
    for text in ("not json", "[]", '{"@": "Popen", "args": "touch /tmp/x"}', '{"@": "FileResult"}', json.dumps({"@": "os.system"})):
        entry.write_text(text)
        assert store.get(key) is None


def test_internal_errors_are_not_cached(tmp_path: Path) -> None:
    from kerascheck.engine import internal_error

    store = Cache(tmp_path)
    store.put("ab" * 20, internal_error("x.py", "boom"))
    assert store.get("ab" * 20) is None


def test_concurrent_writers_leave_whole_entries(tmp_path: Path) -> None:
    source = tmp_path / "model.py"
    source.write_text(BAD)
    expected = check_file(source)
    errors = []

    def run() -> None:
        try:
            for _ in range(20):
                assert check_paths([(source, Settings())], jobs=1, cache=Cache(tmp_path / "cache")) == [expected]
        except AssertionError as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert not list((tmp_path / "cache").rglob(".tmp-*"))


def test_an_unwritable_cache_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    source = tmp_path / "model.py"
    source.write_text(BAD)
    assert check_paths([(source, Settings())], cache=Cache(blocker / "cache")) == [check_file(source)]


def test_default_cache_dir_is_at_the_project_root(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "src" / "deep").mkdir(parents=True)
    assert default_cache_dir(tmp_path / "src" / "deep") == tmp_path.resolve() / ".kerascheck_cache"


def test_cli_flags(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from kerascheck.cli import main

    (tmp_path / "model.py").write_text(BAD)
    store = tmp_path / "store"
    assert main(["check", str(tmp_path), "--cache-dir", str(store), "-j", "1"]) == 1
    assert any(store.rglob("*"))
    assert main(["check", str(tmp_path), "--no-cache", "--cache-dir", str(tmp_path / "unused")]) == 1
    assert not (tmp_path / "unused").exists()
    with pytest.raises(SystemExit):
        main(["check", str(tmp_path), "--jobs", "0"])
    capsys.readouterr()
