"""Math typeset when the site is built: readers download no typesetting script.

MathJax 3, the same engine and version the pages ran in the browser before, runs in Node.js at
build time (:mod:`.renderer`); pages get SVG with MathML for screen readers (:mod:`.html`).

Where the work happens, so that ``-j`` builds share it: after reading (``env-updated``, main
process) every formula of the pages just read and of every card (post titles, excerpts,
summaries) is looked up in the cache and the missing ones are typeset in one batch, by one Node
process that started with the first page read and typeset beside Sphinx while it read. Writer
processes, forked later, find them all in the cache; a formula only made while writing is
typeset then, one batch per page. The cache is the ``build_state`` store "math" (saved by the
main process; ``-E`` clears it).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from . import cache as formula_store
from . import formulas, html

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

NAME = "build_time_math"
STATIC_DIR = Path(__file__).with_name("static")


def uses_renderer(app: Sphinx) -> bool:
    return getattr(app.builder, "math_renderer_name", None) == NAME


def choose_renderer(app: Sphinx, config) -> None:
    if config.html_math_renderer is None:
        config.html_math_renderer = NAME


def add_static_files(app: Sphinx) -> None:
    if uses_renderer(app):
        app.config.html_static_path = [*app.config.html_static_path, str(STATIC_DIR)]
        app.add_css_file("build-time-math.css")
        app.add_js_file("build-time-math.js", loading_method="defer")


def note_documents_to_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    app._build_time_math_read = {"pid": os.getpid(), "to_read": set(docnames), "sent": {}}


def send_read_document(app: Sphinx, doctree: nodes.document) -> None:
    """Stream a page's formulas to Node as soon as it is read (serial reading only: forked
    ``-j`` readers cannot share the worker; their pages are sent at ``env-updated``)."""
    reading = app.__dict__.get("_build_time_math_read")
    if not uses_renderer(app) or not reading or reading["pid"] != os.getpid():
        return
    found = list(formulas.in_doctree(doctree))
    reading["sent"][app.env.docname] = found
    formula_store.formula_cache(app).send(found)


def typeset_read_documents(app: Sphinx, env: BuildEnvironment) -> None:
    if not uses_renderer(app):
        return
    reading = app.__dict__.pop("_build_time_math_read", None) or {"to_read": set(), "sent": {}}
    wanted = set(_card_formulas(env)) if "post_catalog" in app.extensions else set()
    for docname in sorted(reading["to_read"] & env.all_docs.keys()):
        if docname in reading["sent"]:
            wanted.update(reading["sent"][docname])
        else:
            wanted.update(formulas.in_doctree(env.get_doctree(docname)))
    cache = formula_store.formula_cache(app)
    cache.ensure(wanted)
    if reading["to_read"] >= env.all_docs.keys():  # every page was read: the rest is stale
        cache.keep_only(wanted)


def _card_formulas(env: BuildEnvironment):
    from post_catalog import catalog, excerpt  # cards: listing pages show these on any page

    for post in catalog.posts(env):
        yield from formulas.in_segments(post.title_parts)
        yield from formulas.in_segments(post.excerpt)
        if post.summary:
            yield from formulas.in_segments(excerpt.from_text(post.summary))


def typeset_written_document(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Formulas added after reading (cards, listings) not cached yet: one batch for the page."""
    if uses_renderer(app):
        formula_store.formula_cache(app).ensure(formulas.in_doctree(doctree))


def typeset_fragments(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Headings with math in the in-page TOC and the prev/next links (rendered as fragments).

    Runs early: the theme builds (and caches) its TOC from ``context["toc"]`` in its own handlers.
    """
    if not uses_renderer(app):
        return
    if isinstance(context.get("toc"), str):
        context["toc"] = html.typeset_fragment(app, context["toc"])
    for neighbour in ("prev", "next"):
        link = context.get(neighbour)
        if isinstance(link, dict) and isinstance(link.get("title"), str):
            link["title"] = html.typeset_fragment(app, link["title"])


def add_glyph_definitions(app: Sphinx, pagename: str, templatename: str, context: dict,
                          doctree) -> None:
    """Runs late, when every handler has added what it shows (cards, related posts)."""
    if not uses_renderer(app) or not isinstance(context.get("body"), str):
        return
    shown = [value for value in (context.get("body"), context.get("toc"),
                                 *((context.get(n) or {}).get("title") for n in ("prev", "next")))
             if isinstance(value, str)]
    context["body"] = html.glyph_definitions(app, *shown) + context["body"]


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("sphinx.ext.mathjax")  # the markup of fragments rendered outside a page
    app.add_html_math_renderer(NAME, (html.visit_inline, None), (html.visit_display, None))
    app.connect("config-inited", choose_renderer, priority=400)
    app.connect("builder-inited", add_static_files)
    app.connect("env-before-read-docs", note_documents_to_read)
    app.connect("doctree-read", send_read_document)
    app.connect("env-updated", typeset_read_documents)
    app.connect("doctree-resolved", typeset_written_document, priority=950)
    app.connect("html-page-context", typeset_fragments, priority=100)
    app.connect("html-page-context", add_glyph_definitions, priority=950)
    app.connect("build-finished", formula_store.forget)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
