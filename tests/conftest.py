from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest_plugins = "sphinx.testing.fixtures"

TESTS = Path(__file__).parent
REPO = TESTS.parent


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return TESTS / "roots"


@pytest.fixture
def copy_root(tmp_path: Path):
    """A private, editable copy of a test root (for tests that change sources between builds)."""
    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(TESTS / "roots" / f"test-{name}", target)
        return target
    return copy
