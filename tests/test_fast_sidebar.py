"""The speed-ups change how pages are made, never what readers get. fast_sidebar: every page of a
site built with it equals the page built by the theme's own code, and it drew them all; its
cache follows title markup and is not reused by ``-E``. Every speed-up extension: the real site
built without it is the same, page for page, index and feed included."""

from __future__ import annotations

import os
import re
import runpy
import shutil
from pathlib import Path

import pytest

from conftest import REPO
from build_state import shortcuts_report
from site_build import build, warnings_of


def pages(outdir) -> dict[str, str]:
    return {path.relative_to(outdir).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(outdir.rglob("*.html")) if ".doctrees" not in path.parts}


def site_files(outdir) -> dict[str, str]:
    """Every page, and the files made from all pages: search index, feed, sitemap."""
    made = {name: (outdir / name).read_text(encoding="utf-8")
            for name in ("searchindex.js", "feed.xml", "sitemap.xml")}
    return {**pages(outdir), **made}


def first_difference(left: dict[str, str], right: dict[str, str]) -> str:
    for name in sorted(set(left) | set(right)):
        a, b = left.get(name, ""), right.get(name, "")
        if a != b:
            at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            return f"{name} at {at}:\n  without: {a[at - 80:at + 120]!r}\n  with:    {b[at - 80:at + 120]!r}"
    return ""


# (test root, theme options): the book theme's defaults and the options that change the sidebar
SIDEBAR_CASES = [
    ("sidebar", {}),
    ("sidebar", {"show_navbar_depth": 2}),
    ("sidebar", {"home_page_in_toc": True}),
    # pages deeper than the sidebar draws still mark their branch current and open
    ("sidebar", {"max_navbar_depth": 1}),
    ("sidebar", {"max_navbar_depth": 2, "show_navbar_depth": 2}),
    # captioned toctrees: with show_navbar_depth 0 each becomes a collapsible part
    ("sidebar-parts", {}),
    ("sidebar-parts", {"show_navbar_depth": 0}),
    ("sidebar-parts", {"show_navbar_depth": 0, "max_navbar_depth": 1}),
]


@pytest.mark.parametrize(("root", "theme_options"), SIDEBAR_CASES)
def test_pages_equal_with_and_without_fast_sidebar(make_app, copy_root, root, theme_options):
    src = copy_root(root)
    fast = make_app("html", srcdir=src, freshenv=True,
                    confoverrides={"html_theme_options": theme_options})
    fast.build()
    plain_src = src.parent / f"{root}-plain"
    shutil.copytree(src, plain_src, ignore=shutil.ignore_patterns("_build"))
    plain = make_app("html", srcdir=plain_src, freshenv=True,
                     confoverrides={"extensions": ["myst_parser"], "html_theme_options": theme_options})
    plain.build()
    assert pages(fast.outdir).keys() == pages(plain.outdir).keys()
    assert first_difference(pages(plain.outdir), pages(fast.outdir)) == ""
    # the shortcut drew every page's sidebar (had it fallen back, the pages would be equal too)
    written = {name.removesuffix(".html") for name in site_pages(fast.outdir)}
    assert getattr(fast.builder, "fast_sidebar_served", set()) == written
    assert not hasattr(plain.builder, "fast_sidebar_served")


def site_pages(outdir) -> dict[str, str]:
    """The pages readers visit (not the theme's template macros under _static)."""
    return {name: page for name, page in pages(outdir).items() if not name.startswith("_static/")}


def sidebar(page: str) -> str:
    found = re.search(r'<nav class="bd-links bd-docs-nav".*?</nav>', page, re.S)
    assert found, "no sidebar on the page"
    return found.group(0)


@pytest.mark.parametrize("freshenv", [False, True], ids=["incremental", "fresh-environment"])
def test_title_markup_reaches_every_sidebar(make_app, copy_root, freshenv):
    """An edit of a title's markup alone (same text) redraws the navigation of every page."""
    src = copy_root("sidebar")
    overrides = {"extensions": ["myst_parser", "speedups.fast_sidebar", "fresh_navigation"]}
    make_app("html", srcdir=src, freshenv=True, confoverrides=overrides).build()
    intro = src / "guide" / "intro.md"
    text = intro.read_text(encoding="utf-8")
    assert text.startswith("# 入门\n")
    intro.write_text(text.replace("# 入门", "# **入门**", 1), encoding="utf-8")
    app = make_app("html", srcdir=src, freshenv=freshenv, confoverrides=overrides)
    app.build()
    stale = [name for name, page in site_pages(app.outdir).items()
             if "<strong>入门</strong>" not in sidebar(page)]
    assert stale == []


def test_fresh_environment_keeps_no_cache(make_app, copy_root):
    """``-E`` builds from the sources alone: every file beside the doctrees is made again
    (the sidebar skeleton, compiled templates, the feed's and listings' digests), none is
    reused from the build before, whatever its key."""
    src = copy_root("blog")
    first = make_app("html", srcdir=src, freshenv=True)
    first.build()
    doctrees = Path(first.doctreedir)
    files = [path for path in doctrees.rglob("*") if path.is_file()]
    kept = {path.relative_to(doctrees).parts[:2] for path in files}
    assert {("build_state", "fast_sidebar"), ("build_state", "jinja"), ("environment.pickle",)} <= kept
    for path in files:
        os.utime(path, (0, 0))  # "made before this build"
    make_app("html", srcdir=src, freshenv=True).build()
    reused = sorted(path.relative_to(doctrees).as_posix() for path in doctrees.rglob("*")
                    if path.is_file() and path.stat().st_mtime == 0)
    assert reused == []


# Every extension of ours that only makes builds faster: the site must not change without it.
# Each shortcut and what it reports doing in a full build (build_state.note_shortcut).
SPEED_UPS = {"speedups.fast_sidebar": ["fast_sidebar"], "speedups.lean_gc": ["lean_gc"],
             "speedups.template_cache": ["template_cache_stored", "templates_not_rechecked"], "speedups.pybtex_styles": ["pybtex_styles"],
             "speedups.bibtex_cache": ["bibtex_cache_stored", "bibtex_entries_reused"],
             "speedups.lean_doctrees": ["lean_doctrees", "freed_doctrees"],
             "speedups.bibtex_citation_copies": ["bibtex_citation_copies"], "speedups.settings_cache": ["settings_cache"],
             "speedups.opengraph_without_matplotlib": ["opengraph_without_matplotlib"],
             "speedups.theme_components_once": ["never_empty_templates", "page_toc_once", "plain_page_toc"],
             "speedups.distinct_search_words": ["distinct_search_words"],
             "speedups.asset_checksums": ["asset_checksums"]}


@pytest.mark.site
@pytest.mark.parametrize("speed_up", SPEED_UPS)
def test_real_site_pages_equal_with_and_without_each_speed_up(tmp_path, site_html, speed_up):
    extensions = runpy.run_path(str(REPO / "conf.py"))["extensions"]
    assert speed_up in extensions
    without = [name for name in extensions if name != speed_up]
    process = build("html", tmp_path / "html", "-D", "extensions=" + ",".join(without))
    assert process.returncode == 0 and not warnings_of(process), process.stderr
    assert first_difference(site_files(tmp_path / "html"), site_files(site_html)) == ""
    # the shortcut really ran in the site build, and not in the build without it
    for report in SPEED_UPS[speed_up]:
        assert shortcuts_report(site_html / ".doctrees").get(report, 0) > 0, report
        assert report not in shortcuts_report(tmp_path / "html" / ".doctrees"), report
