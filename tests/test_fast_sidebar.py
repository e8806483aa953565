"""fast_sidebar changes how the navigation is made, never what readers get: every page of a
site built with it equals the page built by the theme's own code."""

from __future__ import annotations

import runpy
import shutil

import pytest

from conftest import REPO
from site_build import build, warnings_of


def pages(outdir) -> dict[str, str]:
    return {path.relative_to(outdir).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(outdir.rglob("*.html")) if ".doctrees" not in path.parts}


def first_difference(left: dict[str, str], right: dict[str, str]) -> str:
    for name in sorted(set(left) | set(right)):
        a, b = left.get(name, ""), right.get(name, "")
        if a != b:
            at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            return f"{name} at {at}:\n  theme: {a[at - 80:at + 120]!r}\n  fast:  {b[at - 80:at + 120]!r}"
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


@pytest.mark.site
def test_real_site_pages_equal_with_and_without_fast_sidebar(tmp_path, site_html):
    extensions = runpy.run_path(str(REPO / "conf.py"))["extensions"]
    assert "fast_sidebar" in extensions
    without = [name for name in extensions if name != "fast_sidebar"]
    process = build("html", tmp_path / "html", "-D", "extensions=" + ",".join(without))
    assert process.returncode == 0 and not warnings_of(process), process.stderr
    assert first_difference(pages(tmp_path / "html"), pages(site_html)) == ""
