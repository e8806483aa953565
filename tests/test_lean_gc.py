"""lean_gc hides the build's long-lived objects from the garbage collector during a build only:
a process that runs several builds (tests, sphinx-autobuild) frees what each one left."""

from __future__ import annotations

import gc

EXTENSIONS = ["myst_parser", "chinese_search", "speedups.lean_gc"]


def test_heap_is_frozen_while_building_and_released_after(make_app, copy_root):
    before = gc.get_threshold()
    app = make_app("html", srcdir=copy_root("search"), freshenv=True, confoverrides={"extensions": EXTENSIONS})
    frozen_while_writing, thresholds_while_writing = [], []
    app.connect("write-started", lambda app, builder: frozen_while_writing.append(gc.get_freeze_count()))
    app.connect("write-started", lambda app, builder: thresholds_while_writing.append(gc.get_threshold()))
    app.build()
    assert frozen_while_writing and frozen_while_writing[0] > 10_000
    assert gc.get_freeze_count() == 0
    # the youngest generation is collected less often during the build only
    assert thresholds_while_writing == [(max(5000, before[0]), max(20, before[1]), *before[2:])]
    assert gc.get_threshold() == before
    assert (app.outdir / "index.html").exists()
