"""The sharded search index of an incremental build is the one a fresh build writes, byte for byte,
while an edit computes only the shards of the units it changed (``chinese_search/index_changes``).

Shards are made small here (SHARD_TARGET_BYTES) so the test root's index spreads over many of
them, and an edit really leaves most of them alone."""

from __future__ import annotations

import inspect
import os
import shutil
import subprocess
import sys

import pytest
from build_state import shortcuts_report
from conftest import REPO
from chinese_search import kept_terms, lazy_postings, sharded_index
from sphinx.search import IndexBuilder

SHORTCUT = "chinese_search_shards"


def search_files(outdir) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted((outdir / "_search").iterdir())}


def shard_files(files: dict[str, str]) -> set[str]:
    return {name for name in files if name.startswith("shard-")}


@pytest.fixture
def small_shards(monkeypatch):
    monkeypatch.setattr(sharded_index, "SHARD_TARGET_BYTES", 300)


class Site:
    """A test root built incrementally in one folder and afresh in another after every change."""

    def __init__(self, make_app, src, tmp_path):
        self.make_app, self.src, self.tmp_path = make_app, src, tmp_path
        self.builds = 0
        self.app = make_app("html", srcdir=src, freshenv=True)
        self.app.build()

    def rebuild(self) -> tuple[dict[str, str], dict[str, str], dict[str, int]]:
        """(incremental _search/, fresh _search/, what the incremental build's shortcuts did)"""
        self.builds += 1
        incremental = self.make_app("html", srcdir=self.src)
        incremental.build()
        fresh = self.make_app("html", srcdir=self.src, builddir=self.tmp_path / f"fresh-{self.builds}", freshenv=True)
        fresh.build()
        return search_files(incremental.outdir), search_files(fresh.outdir), shortcuts_report(incremental.doctreedir)

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.src / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_edits_compute_only_their_shards_and_equal_a_fresh_build(make_app, copy_root, tmp_path, small_shards):
    site = Site(make_app, copy_root("blog"), tmp_path)
    before = search_files(site.app.outdir)
    assert len(shard_files(before)) >= 16

    # one new word: one unit changes, one shard is computed and written
    site.edit("posts/alpha/post-03.md", "正文内容 3。", "正文内容 3 distillation。")
    incremental, fresh, shortcuts = site.rebuild()
    assert incremental == fresh
    assert len(shard_files(incremental) - shard_files(before)) == 1 and shortcuts.get(SHORTCUT) == 1

    # a Chinese sentence: its characters and bigrams, spread over several shards; only those
    site.edit("posts/alpha/post-03.md", "正文内容 3 distillation。", "正文内容 3，加上蒸馏与量化两个新词。")
    before = incremental
    incremental, fresh, shortcuts = site.rebuild()
    assert incremental == fresh
    rewritten = shard_files(incremental) - shard_files(before)
    assert 1 < len(rewritten) < len(shard_files(before)) and shortcuts.get(SHORTCUT) == len(rewritten)

    # a title (its own field in the shards) and a heading
    # (shorter, so the shards stay as many: see the next test for a new number of shards)
    site.edit("posts/beta/post-04.md", "# 第 4 篇文章", "# 第 4 篇")
    site.edit("posts/gamma/post-05.md", "## 小节", "## 小结")
    incremental, fresh, shortcuts = site.rebuild()
    assert incremental == fresh
    assert shortcuts.get(SHORTCUT, 0) > 0

    # a word taken out again: its unit leaves the shard (and the index) as in a fresh build
    site.edit("posts/alpha/post-03.md", "加上蒸馏与量化两个新词", "")
    incremental, fresh, shortcuts = site.rebuild()
    assert incremental == fresh
    assert shortcuts.get(SHORTCUT, 0) > 0
    assert "蒸馏" not in "".join(incremental[name] for name in shard_files(incremental))


def test_added_and_removed_pages_and_a_new_shard_count_equal_a_fresh_build(make_app, copy_root, tmp_path,
                                                                           small_shards):
    site = Site(make_app, copy_root("blog"), tmp_path)
    count = len(shard_files(search_files(site.app.outdir)))

    # pages renumbered: every shard is computed, still the same files as a fresh build
    site.edit("posts/alpha/index.md", "post-00\n", "post-00\npost-99\n")
    (site.src / "posts/alpha/post-99.md").write_text(  # two title words, one stem: the page twice
        "---\ndate: 2024-05-01\n---\n\n# Transformers 与 transformer\n\n关于扩散模型的一段话。\n",
        encoding="utf-8")
    incremental, fresh, shortcuts = site.rebuild()
    assert incremental == fresh and SHORTCUT not in shortcuts

    site.edit("posts/alpha/index.md", "post-00\npost-99\n", "post-00\n")
    (site.src / "posts/alpha/post-99.md").unlink()
    incremental, fresh, shortcuts = site.rebuild()
    assert incremental == fresh and SHORTCUT not in shortcuts

    # an edit that doubles the number of shards moves units between all of them
    long_text = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(3000))
    site.edit("posts/gamma/post-08.md", "正文内容 8。", f"正文内容 8。{long_text}")
    incremental, fresh, shortcuts = site.rebuild()
    assert incremental == fresh and len(shard_files(incremental)) > count


def test_page_texts_come_back_when_the_build_state_is_lost(copy_root):
    """``build_state`` lost (search state and page texts), then one post edited: every shard and
    text file is computed again while only that page is written; unchanged pages keep their
    snippet texts, as a fresh build has them."""
    src = copy_root("blog")
    _build_in_process_of_its_own(src)
    outdir = src / "_build" / "html"
    shutil.rmtree(outdir / ".doctrees" / "build_state")
    post = src / "posts/beta/post-13.md"
    post.write_text(post.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
    _build_in_process_of_its_own(src)
    incremental = search_files(outdir)
    shutil.rmtree(outdir)
    _build_in_process_of_its_own(src)
    assert incremental == search_files(outdir)


def test_no_op_build_writes_nothing_and_an_index_written_by_another_build_is_not_trusted(make_app, copy_root,
                                                                                         tmp_path, small_shards):
    site = Site(make_app, copy_root("blog"), tmp_path)
    folder = site.app.outdir / "_search"
    times = {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}
    incremental, fresh, shortcuts = site.rebuild()
    assert incremental == fresh and SHORTCUT not in shortcuts
    assert {path.name: path.stat().st_mtime_ns for path in folder.iterdir()} == times

    # searchindex.js rewritten since the state was saved (a build that stopped after Sphinx's dump):
    # the state describes another index, so every shard is computed
    index = site.app.outdir / "searchindex.js"
    index.write_text(index.read_text(encoding="utf-8"), encoding="utf-8")
    site.edit("posts/alpha/post-03.md", "正文内容 3。", "正文内容 3，又一句。")
    incremental, fresh, shortcuts = site.rebuild()
    assert incremental == fresh and SHORTCUT not in shortcuts


def test_parallel_build_writes_the_same_search_files(serial_and_parallel, small_shards):
    serial, parallel = serial_and_parallel("blog")
    assert search_files(serial.outdir) == search_files(parallel.outdir)


def test_the_indexer_internals_the_shard_step_reads_are_there(make_app, copy_root):
    # index_changes and sharded_index read these IndexBuilder attributes and wrap prune()
    app = make_app("html", srcdir=copy_root("search"), freshenv=True)
    indexer = IndexBuilder(app.env, "zh", {}, "")
    for name in ("_titles", "_mapping", "_title_mapping"):
        assert isinstance(getattr(indexer, name), dict), name
    assert list(inspect.signature(indexer.prune).parameters) == ["docnames"]


def test_searchindex_js_is_the_file_sphinx_writes_without_the_kept_terms(make_app, copy_root, monkeypatch):
    # Two copies of a site, the same edits; one dumps with Sphinx's own get_terms for every unit.
    kept = copy_root("blog")
    own = kept.parent / "own"
    shutil.copytree(kept, own)
    edits = [("posts/alpha/post-03.md", "正文内容 3。", "正文内容 3，新的一句 distillation。"),
             ("posts/beta/post-04.md", "# 第 4 篇文章", "# 第 4 篇"),
             ("posts/alpha/post-03.md", "新的一句 distillation", ""),  # units left with no page
             ("posts/gamma/post-05.md", "## 小节", "## 小结")]
    for src in (kept, own):
        make_app("html", srcdir=src, freshenv=True).build()
    for relative, old, new in edits:
        results = {}
        for src in (kept, own):
            path = src / relative
            path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
            with monkeypatch.context() as patch:
                if src == own:
                    patch.setattr(kept_terms, "reuse_loaded_terms", lambda *args: None)
                app = make_app("html", srcdir=src)
                app.build()
            results[src] = ((app.outdir / "searchindex.js").read_bytes(), shortcuts_report(app.doctreedir))
        assert results[kept][0] == results[own][0], relative
        assert results[kept][1].get("chinese_search_kept_terms") == 1
        assert "chinese_search_kept_terms" not in results[own][1]


def _build_in_process_of_its_own(src, eager: bool = False) -> dict[str, int]:
    """A build as authors run it (in-process apps share the theme's config lists, so each
    rebuild there writes every page again); ``eager``: Sphinx loads every unit's page set."""
    outdir = src / "_build" / "html"
    script = ("import sys; from chinese_search import lazy_postings\n"
              + ("lazy_postings.without_terms = lambda frozen: frozen\n" if eager else "")
              + "from sphinx.cmd.build import main\n"
              + f"sys.exit(main(['-q', '-b', 'html', {str(src)!r}, {str(outdir)!r}]))")
    process = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                             env={**os.environ, "PYTHONPATH": str(REPO / "_ext")})
    assert process.returncode == 0, process.stderr
    return shortcuts_report(outdir / ".doctrees")


def test_searchindex_js_is_the_file_sphinx_writes_from_its_own_load(copy_root):
    # Two copies, the same edits; in one Sphinx loads every unit's page set (no lazy postings).
    lazy = copy_root("blog")
    quiet = lazy / "posts/beta/post-13.md"  # a page no edit below writes again: its own units
    quiet.write_text(quiet.read_text(encoding="utf-8") + "\n蒸汽机车驶过潮汐港湾。\n", encoding="utf-8")
    eager = lazy.parent / "eager"
    shutil.copytree(lazy, eager)
    toctree = "posts/alpha/index.md"
    # (file, old, new, whether the quiet page is left alone: a new title or a removed page
    # changes the navigation, and every page is written again)
    edits = [("posts/alpha/post-03.md", "正文内容 3。", "正文内容 3，新的一句 distillation。", True),
             ("posts/beta/post-04.md", "# 第 4 篇文章", "# 第 4 篇蒸馏", False),
             ("posts/alpha/post-03.md", "新的一句 distillation", "", True),  # units left with no page
             ("posts/gamma/post-05.md", "## 小节", "## 小结", True),
             (toctree, "post-12\n", "", False)]  # a page removed: pages renumbered
    for src in (lazy, eager):
        _build_in_process_of_its_own(src, eager=src == eager)
    for relative, old, new, quiet_left_alone in edits:
        results = {}
        for src in (lazy, eager):
            path = src / relative
            path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
            if relative == toctree:
                (src / "posts/alpha/post-12.md").unlink()
            shortcuts = _build_in_process_of_its_own(src, eager=src == eager)
            results[src] = ((src / "_build/html/searchindex.js").read_bytes(), shortcuts)
        assert results[lazy][0] == results[eager][0], relative
        assert "chinese_search_lazy_postings" not in results[eager][1]
        if quiet_left_alone:  # the quiet page's units keep the lists they were read with
            assert results[lazy][1].get("chinese_search_lazy_postings", 0) >= 5, relative


def test_lazy_postings_answer_as_the_sets_sphinx_loads():
    docnames = ["a", "b", "c", "d"]
    frozen = {"x": 0, "y": [0, 2], "z": [1, 2, 3], "w": []}
    eager = {unit: {docnames[p]} if isinstance(p, int) else {docnames[n] for n in p} for unit, p in frozen.items()}
    lazy = lazy_postings.LazyPostings(frozen, docnames)
    assert len(lazy) == 4 and "y" in lazy and "v" not in lazy and lazy.get("v") is None
    assert lazy_postings.loaded(lazy) == {}
    lazy.take_having({2})  # the units of page "c"
    assert lazy_postings.loaded(lazy) == {"y": {"a", "c"}, "z": {"b", "c", "d"}}
    lazy.setdefault("x", set()).add("d")
    eager["x"].add("d")
    lazy.setdefault("new", set()).add("a")
    eager["new"] = {"a"}
    assert lazy["w"] == set() and lazy.get("x") == {"a", "d"}
    assert dict(lazy.items()) == eager and lazy == eager and len(lazy) == 5
