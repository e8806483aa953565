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


def test_bibtex_index_filters_and_orders_as_upstream(make_app, tmp_path):
    """Every kind of ``:filter:`` (a broken one too), list and key prefix sees the same citing
    documents through the index and the same citation nodes through their compact copies, and the
    citation order across pages is upstream's: the pages come out the same as without both."""
    entries = "".join(f"@article{{paper{n}, author={{Author {n}}}, title={{Title {n}}}, journal={{J}}, "
                      f"year={{20{n:02d}}}}}\n" for n in range(6))
    filters = ["", ":filter: docname in docnames", ":filter: cited", ":filter: not cited",
               ':filter: title % "Title [13]"', ":filter: cited and docname in docnames",
               ":list: enumerated", ":list: bullet\n:keyprefix: b-", ":filter: cited and (",
               ":keyprefix: k-\n:filter: cited"]
    pages = {}
    for number, filter_ in enumerate(filters):
        prefix = "k-" if "k-" in filter_ else "b-" if "b-" in filter_ else ""
        cites = "、".join(f"{{cite:p}}`{prefix}paper{(number + k) % 6}`" for k in range(2))
        pages[f"page{number}.md"] = f"# 第 {number} 页\n\n{cites}\n\n```{{bibliography}}\n{filter_}\n```\n"
    pages["index.md"] = "# 首页\n\n```{toctree}\n\n" + "\n".join(f"page{n}" for n in range(len(filters))) + "\n```\n"
    outputs = {}
    for extensions in (["myst_parser", "sphinxcontrib.bibtex"],
                       ["myst_parser", "sphinxcontrib.bibtex", "speedups.bibtex_cache",
                        "speedups.bibtex_citation_copies"]):
        root = tmp_path / f"site{len(extensions)}"
        root.mkdir()
        (root / "conf.py").write_text('bibtex_reference_style = "author_year"\n', encoding="utf-8")
        (root / "refs.bib").write_text(entries, encoding="utf-8")
        for name, text in pages.items():
            (root / name).write_text(text, encoding="utf-8")
        app = make_app("html", srcdir=root, freshenv=True,
                       confoverrides={"extensions": extensions, "bibtex_bibfiles": ["refs.bib"]})
        app.build()
        outputs[len(extensions)] = {name: (app.outdir / name.replace(".md", ".html")).read_text(encoding="utf-8")
                                    for name in pages}
        report = shortcuts_report(app.doctreedir)
    # the shortcuts ran: the index once per bibliography, the copies for every page read
    assert report.get("bibtex_index") == len(filters) and report.get("bibtex_citation_copies") == len(filters)
    assert "Title 1" in outputs[4]["page4.md"] and "Title 2" not in outputs[4]["page4.md"]
    assert "b-paper" not in outputs[4]["page7.md"] and "<li" in outputs[4]["page7.md"]
    assert outputs[4] == outputs[2]


def test_templates_that_write_markup_at_top_level_are_never_empty():
    from jinja2 import DictLoader, Environment
    from speedups.theme_components_once import writes_markup_at_top_level

    templates = {
        "buttons.html": '{% from "m.html" import b with context %}\n<div class="x">{% for i in items %}{{ b(i) }}{% endfor %}</div>',
        "maybe.html": "{% set toc = make() %}{% if toc %}<nav>{{ toc }}</nav>{% endif %}",
        "looped.html": "{% for i in items %}<p>{{ i }}</p>{% endfor %}",
        "macro_only.html": "{% macro b(x) %}<b>{{ x }}</b>{% endmacro %}",
        "child.html": '{% extends "base.html" %}<p>ignored</p>',
        "blank.html": "{# a comment #}\n   \n{{ value }}",
        "m.html": "{% macro b(x) %}<b>{{ x }}</b>{% endmacro %}",
    }
    environment = Environment(loader=DictLoader(templates))
    never_empty = {name for name in templates if writes_markup_at_top_level(environment, name)}
    assert never_empty == {"buttons.html"}
    assert not writes_markup_at_top_level(environment, "missing.html")
    # what the theme's check would find: every template left out can render empty
    for name in set(templates) - never_empty - {"child.html", "m.html"}:
        assert environment.get_template(name).render(items=[], make=lambda: "", value="").strip() == ""


def test_a_freed_doctree_goes_without_the_garbage_collector():
    import gc
    import weakref

    from docutils.core import publish_doctree
    from speedups.lean_doctrees import free

    source = "标题\n====\n\n正文 *强调* 与 `代码`。\n\n- 一\n- 二\n\n.. _目标:\n\n小节\n----\n\n见 目标_。\n"
    enabled = gc.isenabled()
    gc.disable()
    try:
        kept = publish_doctree(source)
        kept_leaf = weakref.ref(next(iter(kept.findall(lambda node: node.tagname == "emphasis"))))
        del kept
        assert kept_leaf() is not None  # a doctree's cycles outlive it without a collection
        freed = publish_doctree(source)
        freed_leaf = weakref.ref(next(iter(freed.findall(lambda node: node.tagname == "emphasis"))))
        free(freed)
        del freed
        assert freed_leaf() is None
    finally:
        if enabled:
            gc.enable()
        gc.collect()


def _random_toc(rng, depth: int = 0) -> str:
    texts = ["标题", "A &amp; B", "&lt;x&gt;", "&quot;引号&quot;", "it&#39;s", "空格&nbsp;", "第 2 节", "Flow"]
    items = []
    for number in range(rng.randint(0 if depth else 1, 3)):
        head = (f'<a class="reference internal" href="#s{depth}-{number}">{rng.choice(texts)}</a>'
                if rng.random() > 0.1 else rng.choice(texts))
        sub = _random_toc(rng, depth + 1) if depth < 4 and rng.random() < 0.5 else ""
        items.append(f"<li>{head}{sub}</li>\n")
    return "<ul>\n" + "".join(items) + "</ul>\n"


def test_plain_page_toc_is_the_themes_toc():
    import random

    from pydata_sphinx_theme.toctree import add_toctree_functions
    from speedups.plain_page_toc import plain_page_toc

    def theme(toc: str, level: int):
        context = {"toc": toc, "theme_show_toc_level": level}
        add_toctree_functions(None, "page", "page.html", context, None)
        return context["generate_toc_html"]()

    rng = random.Random(2026)
    tocs = [_random_toc(rng) for _ in range(300)] + ["", "\n", _random_toc(rng) * 2]
    compared = 0
    for toc in tocs:
        for level in (1, 2, 3):
            ours, upstream = plain_page_toc(toc, level), theme(toc, level)
            assert ours is not None
            assert (str(ours), len(ours), bool(ours)) == (str(upstream), len(upstream), bool(upstream)), toc
            compared += bool(ours)
    assert compared > 500
    # anything but the plain shape goes to the theme
    for other in ('<ul>\n<li><a class="reference internal" href="#">T <code>c</code></a></li>\n</ul>\n',
                  '<ul>\n<li><a class="reference internal" href="#a&amp;b">T</a></li>\n</ul>\n',
                  '<ul>\n<li><a href="#" class="reference internal">T</a></li>\n</ul>\n', "<ul><li>"):
        assert plain_page_toc(other, 2) is None
