"""Each speed shortcut reports what it did, so a broken shortcut (which only makes builds slower)
fails a test: served sidebars, frozen heaps, templates served compiled, styles registered once."""

from __future__ import annotations

from build_state import shortcuts_report


def build_twice(make_app, srcdir, **kwargs) -> tuple[dict, dict]:
    first = make_app("html", srcdir=srcdir, freshenv=True, **kwargs)
    first.build()
    full = shortcuts_report(first.doctreedir)
    again = make_app("html", srcdir=srcdir, **kwargs)
    again.build()
    return full, shortcuts_report(again.doctreedir)


def test_blog_shortcuts_run_in_full_and_no_op_builds(make_app, copy_root):
    full, no_op = build_twice(make_app, copy_root("blog"))
    assert full["fast_sidebar"] > 0 and full["lean_gc"] >= 2 and full["template_cache_stored"] > 0
    assert "template_cache" not in full  # a fresh environment starts without compiled templates
    assert no_op["template_cache"] > 0 and no_op["lean_gc"] >= 2


def test_pybtex_styles_registers_the_site_styles(make_app, copy_root):
    root = copy_root("grid")
    (root / "filters.md").write_text("# 引用\n\n{cite:p}`goodfellow2016deep`\n\n```{bibliography}\n```\n",
                                     encoding="utf-8")
    extensions = ["myst_parser", "sphinxcontrib.bibtex", "post_catalog", "speedups.pybtex_styles",
                  "speedups.bibtex_cache"]
    full, no_op = build_twice(make_app, root, confoverrides={"extensions": extensions})
    assert full["pybtex_styles"] >= 1 and full["bibtex_cache_stored"] == 1
    assert no_op["bibtex_cache"] == 1 and "bibtex_cache_stored" not in no_op


def test_bibtex_cache_formats_again_when_an_input_changes(make_app, copy_root):
    root = copy_root("grid")
    page = root / "filters.md"
    page.write_text("# 引用\n\n{cite:p}`goodfellow2016deep`\n\n```{bibliography}\n```\n", encoding="utf-8")
    extensions = ["myst_parser", "sphinxcontrib.bibtex", "speedups.bibtex_cache"]
    build_twice(make_app, root, confoverrides={"extensions": extensions})
    bib = root / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("Deep Learning", "Deeper Learning"), encoding="utf-8")
    again = make_app("html", srcdir=root, confoverrides={"extensions": extensions})
    again.build()
    assert "bibtex_cache" not in shortcuts_report(again.doctreedir)
    assert "Deeper Learning" in (again.outdir / "filters.html").read_text(encoding="utf-8")


def test_bibtex_cache_survives_an_edit_that_keeps_the_citations(make_app, copy_root):
    root = copy_root("grid")
    (root / "filters.md").write_text("# 引用\n\n{cite:p}`goodfellow2016deep`\n\n```{bibliography}\n```\n",
                                     encoding="utf-8")
    extensions = ["myst_parser", "sphinxcontrib.bibtex", "speedups.bibtex_cache"]
    build_twice(make_app, root, confoverrides={"extensions": extensions})
    post = root / "posts/alpha/math-opening.md"
    post.write_text(post.read_text(encoding="utf-8") + "\n又一句。\n", encoding="utf-8")
    again = make_app("html", srcdir=root, confoverrides={"extensions": extensions})
    again.build()
    assert shortcuts_report(again.doctreedir).get("bibtex_cache") == 1
