"""The standard library and site-packages, analysed without one internal error.

A deterministic, evenly spaced sample keeps CI short (``KERASCHECK_SWEEP_FILES``,
default 800; each file is analysed as is and forced past the pre-filter);
``python benchmarks/sweep.py`` runs every file.
"""

from __future__ import annotations

import os

from benchmarks.sweep import python_files, roots, sample, sweep


def test_sweep_has_no_internal_errors(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KERASCHECK_DEBUG", "1")  # errors the engine would swallow count too
    files = sample(python_files(roots()), int(os.environ.get("KERASCHECK_SWEEP_FILES", "800")))
    assert len(files) > 500
    report = sweep(files)
    assert report["internal"] == []
