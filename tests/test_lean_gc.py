"""lean_gc hides the build's long-lived objects from the garbage collector during a build only:
a process that runs several builds (tests, sphinx-autobuild) frees what each one left."""

from __future__ import annotations

import gc

import pytest


@pytest.mark.sphinx("html", testroot="search", freshenv=True,
                    confoverrides={"extensions": ["myst_parser", "chinese_search", "speedups.lean_gc"]})
def test_heap_is_frozen_while_building_and_released_after(app):
    frozen_while_writing = []
    app.connect("write-started", lambda app, builder: frozen_while_writing.append(gc.get_freeze_count()))
    app.build()
    assert frozen_while_writing and frozen_while_writing[0] > 10_000
    assert gc.get_freeze_count() == 0
    assert (app.outdir / "index.html").exists()
