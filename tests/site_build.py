"""Build the real site once per test session, the way authors and Read the Docs do."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def build(builder: str, outdir: Path, *extra: str) -> subprocess.CompletedProcess:
    """``sphinx-build -W --keep-going -n`` (strict and nitpicky); returns the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q", "-b", builder,
         *extra, str(REPO), str(outdir)],
        capture_output=True, text=True, cwd=REPO)


def warnings_of(process: subprocess.CompletedProcess) -> list[str]:
    return [line for line in process.stderr.splitlines() if "WARNING" in line or "ERROR" in line]
