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


@pytest.fixture(scope="session")
def site_html(tmp_path_factory) -> Path:
    """The whole site, built strictly once for every test that reads it."""
    from site_build import build, warnings_of

    outdir = tmp_path_factory.mktemp("site") / "html"
    process = build("html", outdir)
    assert process.returncode == 0 and not warnings_of(process), process.stderr
    return outdir


@pytest.fixture(scope="session")
def site_url(site_html):
    from browser import serve

    with serve(site_html) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from browser import chromium

    with chromium() as instance:
        yield instance


@pytest.fixture
def serial_and_parallel(make_app, copy_root):
    """Builds a test root twice, with ``-j 1`` and with ``-j 2``; returns both apps."""
    def build(name: str):
        serial = make_app("html", srcdir=copy_root(name), freshenv=True)
        serial.build()
        other = serial.srcdir.parent / f"{name}-parallel"
        shutil.copytree(serial.srcdir, other, ignore=shutil.ignore_patterns("_build"))
        parallel = make_app("html", srcdir=other, freshenv=True, parallel=2)
        parallel.build()
        return serial, parallel
    return build
