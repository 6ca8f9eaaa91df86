"""Running this project's own interpreter in a fresh process, for what only a new process
shows: settings read at start-up, what start-up imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# A fresh process with the test settings and nothing else from this one's environment.
TEST_SETTINGS_ENV = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "newsroom.settings.test"}


def run_python(
    args: list[str], *, env: dict[str, str], stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python ARGS` in the repository's root, bounded in time, its output captured."""
    return subprocess.run(  # noqa: S603 - our own interpreter and the tests' own arguments
        [sys.executable, *args],
        input=stdin,
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
