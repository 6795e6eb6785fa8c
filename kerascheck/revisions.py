"""Reading files as they were at a git revision, for ``kerascheck diff``.

The one place kerascheck runs a command (``tests/test_never_executes.py``
allows it here only): the ``git`` program, read-only plumbing
(``rev-parse``, ``merge-base``, ``ls-tree``, ``show``), always as an
argument list (never a shell), every value that comes from the user or the
repository after ``--end-of-options`` (so none is ever read as an option),
paths after ``--`` (``git show`` takes its path inside the object name
``<hash>:<path>``, which starts with a resolved commit hash), nothing checked
out or written. Git settings
that could run a program of the repository's choosing on these read-only
commands (an fsmonitor hook, a text conversion filter) are switched off.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

#: Settings forced on every call: no hook or filter of the repository runs.
_SAFE = ("-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "--no-pager")
#: Seconds one git call may take.
TIMEOUT = 60


class RevisionError(ValueError):
    """A clear message for the user: not a repository, unknown revision, shallow clone..."""


def _git(root: Path, *arguments: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *_SAFE, *arguments], cwd=root, capture_output=True, timeout=TIMEOUT, check=False)
    except FileNotFoundError:
        raise RevisionError("`kerascheck diff` needs the git program, which is not installed") from None
    except subprocess.TimeoutExpired:
        raise RevisionError(f"git did not answer within {TIMEOUT} s") from None


@dataclass(frozen=True)
class Repository:
    root: Path

    @classmethod
    def around(cls, directory: Path) -> "Repository":
        done = _git(directory, "rev-parse", "--show-toplevel")
        if done.returncode != 0:
            raise RevisionError(f"not inside a git repository: {directory} (`kerascheck diff` compares git revisions)")
        return cls(Path(done.stdout.decode("utf-8", "surrogateescape").strip()))

    def commit(self, revision: str) -> Optional[str]:
        """The commit hash ``revision`` names, or None when it names none."""
        if not revision or revision.startswith("-"):
            return None
        done = _git(self.root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
        return done.stdout.decode("ascii", "replace").strip() if done.returncode == 0 else None

    def resolve(self, revision: str) -> str:
        found = self.commit(revision)
        if found is None:
            raise RevisionError(f"unknown revision {revision!r} (not a commit of this repository)")
        return found

    def shallow(self) -> bool:
        done = _git(self.root, "rev-parse", "--is-shallow-repository")
        return done.stdout.strip() == b"true"

    def default_base(self) -> str:
        """The merge base of HEAD with the default branch (origin's HEAD, else main or master)."""
        head = self.resolve("HEAD")
        candidates = []
        remote_head = _git(self.root, "rev-parse", "--abbrev-ref", "--verify", "--quiet", "--end-of-options", "origin/HEAD")
        if remote_head.returncode == 0:
            candidates.append(remote_head.stdout.decode("utf-8", "replace").strip())
        candidates += ["origin/main", "origin/master", "main", "master"]
        branch = next((name for name in candidates if self.commit(name) is not None), None)
        if branch is None:
            raise RevisionError("no default branch found (origin/HEAD, main or master): name the base revision, "
                                "e.g. `kerascheck diff origin/develop`")
        done = _git(self.root, "merge-base", "--end-of-options", self.resolve(branch), head)
        if done.returncode != 0:
            if self.shallow():
                raise RevisionError(f"this is a shallow clone and the merge base of HEAD with {branch} is not in it: "
                                    "fetch the history (`git fetch --unshallow`, or `fetch-depth: 0` in GitHub Actions, "
                                    "`GIT_DEPTH: 0` in GitLab CI)")
            raise RevisionError(f"HEAD and {branch} have no common ancestor: name the base revision")
        return done.stdout.decode("ascii", "replace").strip()

    def python_files(self, commit: str, paths: Sequence[str]) -> list:
        """The files ``check`` reads (``.py``, ``.ipynb``) under ``paths`` (repository-relative) at ``commit``."""
        from .files import CHECKED_SUFFIXES

        done = _git(self.root, "ls-tree", "-r", "-z", "--name-only", "--end-of-options", commit, "--", *paths)
        if done.returncode != 0:
            raise RevisionError(f"cannot list the files of {commit[:12]}: {done.stderr.decode('utf-8', 'replace').strip()}")
        names = [name.decode("utf-8", "surrogateescape") for name in done.stdout.split(b"\0") if name]
        return sorted(name for name in names if name.endswith(CHECKED_SUFFIXES))

    def read(self, commit: str, path: str) -> bytes:
        """The bytes of ``path`` at ``commit`` (``git show <hash>:<path>``, nothing checked out)."""
        done = _git(self.root, "show", "--no-textconv", "--end-of-options", f"{commit}:{path}", "--")
        if done.returncode != 0:
            raise RevisionError(f"cannot read {path} at {commit[:12]}: {done.stderr.decode('utf-8', 'replace').strip()}")
        return done.stdout

    def relative(self, path: Path) -> str:
        """``path`` (from the working directory) relative to the repository root, as git names it."""
        try:
            return Path(path).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            raise RevisionError(f"{path} is outside the repository {self.root}") from None
