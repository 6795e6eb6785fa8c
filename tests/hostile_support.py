"""Running kerascheck on a hostile input the way the hostile tests need: in a
subprocess bounded by the test itself (address space, wall time), with an
audit hook that kills the process with status 99 the moment anything tries
to run a command (``subprocess``, ``os.system``, ``exec``, ``spawn``)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

#: Each reproducer must end within this (issue 18's acceptance: under 5 s).
LIMIT_SECONDS = 5
#: Address-space limit of the checked process (the acceptance asks for under 500 MB of
#: memory actually used; virtual address space of a Python with libcst needs more).
LIMIT_BYTES = 1024**3
COMMAND_RUN = 99
#: Kill the process when it runs a command: no hostile run may run one
#: (kerascheck never runs git or anything else in the checked tree).
FORBID_COMMANDS = True

_BOOT = (
    "import os, resource, runpy, sys\n"
    f"resource.setrlimit(resource.RLIMIT_AS, ({LIMIT_BYTES}, {LIMIT_BYTES}))\n"
    "def _audit(event, args):\n"
    "    if event in ('subprocess.Popen', 'os.system', 'os.exec', 'os.posix_spawn', 'os.spawn', 'os.startfile'):\n"
    "        os.write(2, ('command run: %r %r\\n' % (event, args)).encode()); os._exit(" + str(COMMAND_RUN) + ")\n"
    "if os.environ.get('KERASCHECK_TEST_FORBID_COMMANDS') == '1': sys.addaudithook(_audit)\n"
    "sys.argv = ['kerascheck', *sys.argv[1:]]\n"
    "runpy.run_module('kerascheck', run_name='__main__')\n"
)


class Run:
    def __init__(self, done: subprocess.CompletedProcess, seconds: float) -> None:
        self.returncode, self.stdout, self.stderr, self.seconds = done.returncode, done.stdout, done.stderr, seconds

    def assert_sane(self, *codes: int) -> "Run":
        """Ended in time, with one of ``codes``, no traceback, no command run."""
        assert self.returncode != COMMAND_RUN, self.stderr
        assert self.returncode in codes, (self.returncode, self.stdout[-2000:], self.stderr[-2000:])
        assert "Traceback" not in self.stderr and "Traceback" not in self.stdout, self.stderr[-2000:]
        assert "KC003" not in self.stdout, self.stdout[-2000:]
        assert self.seconds < LIMIT_SECONDS, self.seconds
        return self


def run_cli(*args: str, cwd: Path, stdin: str = "", forbid_commands: bool = FORBID_COMMANDS) -> Run:
    """``kerascheck ARGS`` in ``cwd``, bounded; a hang beyond the limit fails the test."""
    environment = {**os.environ, "KERASCHECK_TEST_FORBID_COMMANDS": "1" if forbid_commands else "0", "NO_COLOR": "1"}
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", _BOOT, *args], cwd=cwd, capture_output=True, text=True,
        errors="surrogateescape", timeout=LIMIT_SECONDS * 2, input=stdin, env=environment,
    )
    return Run(done, time.monotonic() - started)
