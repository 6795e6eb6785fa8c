"""Parallel runs give the serial results in the same order; the cache is never stale."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from kerascheck import cache as cache_module
from kerascheck.cache import Cache, decode, default_cache_dir, encode, settings_fingerprint
from kerascheck.engine import check_bytes
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
    assert serial == [check_bytes(path.read_bytes(), str(path), settings) for path, settings in tasks]
    assert check_paths(tasks, jobs=2) == serial


def test_every_sample_result_survives_the_cache_format() -> None:
    for path, settings in _samples():
        result = check_bytes(path.read_bytes(), str(path), settings)
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
    expected = check_bytes(source.read_bytes(), str(source))
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
    assert check_paths([(source, Settings())], cache=Cache(blocker / "cache")) == [check_bytes(source.read_bytes(), str(source))]


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
    assert main(["check", str(tmp_path), "--no-cache"]) == 1
    assert main(["check", str(tmp_path), "--no-cache", "--cache-dir", str(tmp_path / "unused")]) == 2  # refused: nothing to use it for
    assert not (tmp_path / "unused").exists()
    with pytest.raises(SystemExit):
        main(["check", str(tmp_path), "--jobs", "0"])
    capsys.readouterr()


# -- hostile cache entries (issue 18) ----------------------------------------------------------


def _warm(tmp_path: Path) -> tuple:
    """A checked file, its cache, and the path of its one entry."""
    import os

    source = tmp_path / "model.py"
    source.write_text(BAD)
    cache = Cache(tmp_path / "cache")
    check_paths([(source, Settings())], jobs=1, cache=cache)
    entries = [p for p in (tmp_path / "cache").rglob("*") if p.is_file() and len(p.parent.name) == 2]
    assert len(entries) == 1
    os.utime(entries[0], (1, 1))
    return source, cache, entries[0]


def _recheck(source: Path, cache: Cache) -> list:
    (result,) = check_paths([(source, Settings())], jobs=1, cache=Cache(cache.directory))
    return [(d.code, d.message) for d in result.diagnostics]


@pytest.mark.parametrize(
    "tamper",
    [
        "devzero", "fifo", "huge", "not_json", "deep_json",
        {"diagnostics": "abc"}, {"span": 7}, {"code": 123}, {"line": -5}, {"severity": "fatal"},
        {"path": "other.py"},
    ],
)
def test_a_tampered_entry_is_a_miss_and_is_rewritten(tmp_path: Path, tamper: object) -> None:
    import os

    source, cache, entry = _warm(tmp_path)
    expected = _recheck(source, cache)
    data = json.loads(entry.read_text())
    entry.unlink()
    if tamper == "devzero":
        entry.symlink_to("/dev/zero")
    elif tamper == "fifo":
        os.mkfifo(entry)
    elif tamper == "huge":
        with open(entry, "wb") as out:
            out.truncate(300 * 1024 * 1024)  # sparse: costs no disk, would cost 300 MB to read
    elif tamper == "not_json":
        entry.write_text("{")
    elif tamper == "deep_json":
        entry.write_text("[" * 100_000 + "]" * 100_000)
    else:
        (key, value), = tamper.items()
        diagnostic = data["diagnostics"]["items"][0]
        if key in ("span",):
            diagnostic["span"] = value
        elif key == "line":
            diagnostic["span"]["line"] = value
        elif key == "path":
            data["path"] = value
        elif key == "diagnostics":
            data["diagnostics"] = value
        else:
            diagnostic[key] = value
        entry.write_text(json.dumps(data))
    assert _recheck(source, cache) == expected  # a miss: checked again, the same findings
    assert entry.is_file() and not entry.is_symlink() and entry.stat().st_size < 100_000  # rewritten


def test_a_planted_entry_folder_link_is_never_written_through(tmp_path: Path) -> None:
    source, cache, entry = _warm(tmp_path)
    folder = entry.parent
    for item in folder.iterdir():
        item.unlink()
    folder.rmdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    folder.symlink_to(elsewhere, target_is_directory=True)
    _recheck(source, cache)
    assert list(elsewhere.iterdir()) == []


def test_cache_is_bounded_oldest_entries_evicted(tmp_path: Path) -> None:
    import os

    cache = Cache(tmp_path / "cache", max_bytes=20_000)
    sources = []
    for index in range(40):
        source = tmp_path / f"m{index}.py"
        source.write_text(BAD + f"# {index}\n")
        sources.append(source)
        check_paths([(source, Settings())], jobs=1, cache=cache)
        for entry in (tmp_path / "cache").rglob("*"):
            if entry.is_file() and len(entry.parent.name) == 2 and entry.stat().st_mtime > 10**9:
                os.utime(entry, (index + 2, index + 2))  # a strictly increasing age, whatever the clock's resolution
    entries = [p for p in (tmp_path / "cache").rglob("*") if p.is_file() and len(p.parent.name) == 2]
    assert sum(p.stat().st_size for p in entries) <= 20_000
    kept_ages = sorted(int(p.stat().st_mtime) for p in entries)
    assert kept_ages and kept_ages[-1] == 41 and kept_ages[0] > 2  # the newest kept, the oldest gone


def test_cache_size_setting() -> None:
    assert cache_module.parse_size("100MB") == 100 * 1024**2 and cache_module.parse_size("0") == 0
    assert cache_module.max_bytes_from_environment({"KERASCHECK_CACHE_MAX_SIZE": "2g"}) == 2 * 1024**3
    assert cache_module.max_bytes_from_environment({"KERASCHECK_CACHE_MAX_SIZE": "lots"}) == cache_module.DEFAULT_MAX_BYTES
    with pytest.raises(ValueError):
        cache_module.parse_size("-1")


def test_a_forged_but_well_typed_message_cannot_fake_a_line_or_a_terminal_sequence() -> None:
    from kerascheck.reporters.concise import render
    from kerascheck.results import Diagnostic, FileResult, Span

    forged = FileResult("a\x1b]0;x\x07.py", (), (Diagnostic("KC101", "error", "x\nfake.py:1:1: KC101 injected\x1b[2J\u202e", Span(1, 1, 1, 2)),))
    text = render([forged])
    assert text.count("\n") == 1 and "\x1b" not in text and "\u202e" not in text
    assert "\\x1b[2J" in text and "\\x0afake.py" in text
