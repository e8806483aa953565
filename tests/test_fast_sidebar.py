"""The speed-ups change how pages are made, never what readers get. fast_sidebar: every page of a
site built with it equals the page built by the theme's own code. Every speed-up extension: the
real site built without it is the same, page for page, index and feed included."""

from __future__ import annotations

import runpy
import shutil

import pytest

from conftest import REPO
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


@pytest.mark.parametrize("theme_options", [{}, {"show_navbar_depth": 2}, {"home_page_in_toc": True}])
def test_pages_equal_with_and_without_fast_sidebar(make_app, copy_root, theme_options):
    src = copy_root("sidebar")
    fast = make_app("html", srcdir=src, freshenv=True,
                    confoverrides={"html_theme_options": theme_options})
    fast.build()
    plain_src = src.parent / "sidebar-plain"
    shutil.copytree(src, plain_src, ignore=shutil.ignore_patterns("_build"))
    plain = make_app("html", srcdir=plain_src, freshenv=True,
                     confoverrides={"extensions": ["myst_parser"], "html_theme_options": theme_options})
    plain.build()
    assert pages(fast.outdir).keys() == pages(plain.outdir).keys()
    assert first_difference(pages(plain.outdir), pages(fast.outdir)) == ""
    # the shortcut was really taken: the page marks its branch and keeps the theme's markup
    intro = pages(fast.outdir)["guide/intro.html"]
    assert '<li class="toctree-l2 current active"><a class="current reference internal" href="#">' in intro


# Every extension of ours that only makes builds faster: the site must not change without it.
SPEED_UPS = ["fast_sidebar", "lean_gc", "template_cache", "pybtex_styles"]


@pytest.mark.site
@pytest.mark.parametrize("speed_up", SPEED_UPS)
def test_real_site_pages_equal_with_and_without_each_speed_up(tmp_path, site_html, speed_up):
    extensions = runpy.run_path(str(REPO / "conf.py"))["extensions"]
    assert speed_up in extensions
    without = [name for name in extensions if name != speed_up]
    process = build("html", tmp_path / "html", "-D", "extensions=" + ",".join(without))
    assert process.returncode == 0 and not warnings_of(process), process.stderr
    assert first_difference(site_files(tmp_path / "html"), site_files(site_html)) == ""
