"""build_state: stable digests, stores that survive builds and are cleared by a fresh env."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass

import pytest

import build_state
from conftest import REPO


@dataclass(frozen=True)
class Card:
    title: str
    tags: frozenset


def test_digest_is_the_same_in_every_process():
    value = {"b": {3, 1, 2}, "a": [Card("x", frozenset({"p", "q", "r"}))], "c": ("s", 1.5, None)}
    script = (f"import sys; sys.path.insert(0, {str(REPO / '_ext')!r}); sys.path.insert(0, {str(REPO / 'tests')!r});"
              "import build_state; from test_build_state import Card;"
              "print(build_state.digest({'b': {3, 1, 2}, 'a': [Card('x', frozenset({'p', 'q', 'r'}))], 'c': ('s', 1.5, None)}))")
    digests = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout.strip()
               for seed in ("1", "2", "3")}
    assert digests == {build_state.digest(value)}
    assert build_state.digest({"a": 1}) != build_state.digest({"a": 2})


def test_store_remembers_and_saves_only_changes(tmp_path):
    store = build_state.Store(tmp_path / "s.json", {})
    assert store.remember("k", [1, 2]) and not store.remember("k", [1, 2])
    store.save()
    assert json.loads((tmp_path / "s.json").read_text()) == {"k": [1, 2]}
    (tmp_path / "s.json").write_text("{}")
    store.save()  # nothing changed since: the file is not rewritten
    assert (tmp_path / "s.json").read_text() == "{}"
    store.keep_only([])
    store.save()
    assert json.loads((tmp_path / "s.json").read_text()) == {}


@pytest.mark.sphinx("html", testroot="grid", confoverrides={"extensions": ["myst_parser", "build_state"]})
def test_stores_persist_between_builds_and_a_fresh_env_clears_them(make_app, app):
    app.connect("build-finished", lambda app, exc: build_state.store(app, "t").remember("k", "v"), priority=100)
    app.build()
    path = app.doctreedir / "build_state" / "t.json"
    assert json.loads(path.read_text()) == {"k": "v"}
    again = make_app("html", srcdir=app.srcdir, confoverrides={"extensions": ["myst_parser", "build_state"]})
    seen = []
    again.connect("build-finished", lambda app, exc: seen.append(dict(build_state.store(app, "t"))), priority=100)
    again.build()
    assert seen == [{"k": "v"}]
    fresh = make_app("html", srcdir=app.srcdir, freshenv=True,
                     confoverrides={"extensions": ["myst_parser", "build_state"]})
    seen.clear()
    fresh.connect("build-finished", lambda app, exc: seen.append(dict(build_state.store(app, "t"))), priority=100)
    fresh.build()
    assert seen == [{}] and not path.exists()


@dataclass(frozen=True)
class Shelf:
    cards: tuple
    labels: dict


def _reference_stable(value) -> str:
    """The digest's text as first written (with dataclasses.astuple): stored digests stay valid."""
    import dataclasses

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return type(value).__name__ + _reference_stable(dataclasses.astuple(value))
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(map(_reference_stable, value))) + "}"
    if isinstance(value, dict):
        return "{" + ", ".join(sorted(f"{_reference_stable(k)}: {_reference_stable(v)}"
                                      for k, v in value.items())) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(map(_reference_stable, value)) + "]"
    return repr(value)


@pytest.mark.parametrize("value", [
    Card("x", frozenset({"p", "q"})),
    Shelf((Card("a", frozenset()), Card("b", frozenset({"z"}))), {"k": [Card("c", frozenset({1}))]}),
    [Shelf((), {}), {frozenset({1, 2}): (True, None, 1.5, b"x")}, ("s",)],
])
def test_digest_text_is_unchanged_by_the_fast_walk(value):
    assert build_state._stable(value) == _reference_stable(value)


def test_binary_store_keeps_values_and_a_damaged_one_starts_empty(tmp_path):
    class App:  # what store() reads of an application
        doctreedir = tmp_path

    app = App()
    build_state.store(app, "big", binary=True).remember("k", {"html": "<svg/>" * 3})
    app.__dict__["_build_state_stores"]["big"].save()
    path = tmp_path / "build_state" / "big.pickle"
    assert path.exists() and not (tmp_path / "build_state" / "big.json").exists()
    app.__dict__.clear()
    assert dict(build_state.store(app, "big", binary=True)) == {"k": {"html": "<svg/><svg/><svg/>"}}
    path.write_bytes(b"\x80\x05not a pickle")
    app.__dict__.clear()
    assert dict(build_state.store(app, "big", binary=True)) == {}


def test_a_store_made_binary_starts_from_its_json_file(tmp_path):
    class App:
        doctreedir = tmp_path

    app = App()
    build_state.store(app, "texts").remember("page", "正文")
    app.__dict__["_build_state_stores"]["texts"].save()
    app.__dict__.clear()
    texts = build_state.store(app, "texts", binary=True)
    assert dict(texts) == {"page": "正文"}
    texts.remember("other", "更多")
    texts.save()
    assert not (tmp_path / "build_state" / "texts.json").exists()
    app.__dict__.clear()
    assert dict(build_state.store(app, "texts", binary=True)) == {"page": "正文", "other": "更多"}
