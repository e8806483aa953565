"""Search costs nothing until the reader searches.

pydata-sphinx-theme 0.20 writes ``searchtools.js``, ``language_data.js`` and the whole
``searchindex.js`` as blocking scripts into every page (for a search-as-you-type mode this site
does not use): 0.9 MB parsed before any post is shown. The tags sit in a block of the theme's
layout that the project's own ``layout.html`` inherits, so we drop exactly those three tags from
each rendered page. The search page gets our own template (``chinese-search.html``): the form,
the results, and ``chinese-search.js``, which loads the sharded index (``sharded_index``) on
demand. The ``Ctrl+K`` dialog is the theme's plain form that opens ``search.html?q=…``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.jinja2glue import SphinxFileSystemLoader

if TYPE_CHECKING:
    from sphinx.application import Sphinx

HERE = Path(__file__).parent
EAGER_SEARCH_SCRIPT = re.compile(
    r'[ \t]*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)"></script>\n?')


def drop_eager_search_scripts(html: str) -> str:
    # The tags are in the layout's <head>: only the head of a whole page is scanned (a page is
    # long, formulas are inline SVG; and the theme renders each component template alone too).
    head_end = html.find("</head>")
    if head_end < 0:
        return html
    return EAGER_SEARCH_SCRIPT.sub("", html[:head_end]) + html[head_end:]


def install(app: Sphinx) -> None:
    builder = app.builder
    if builder.format != "html" or not getattr(builder, "search", False):
        return
    app.config.html_static_path = [*app.config.html_static_path, str(HERE / "static")]
    templates = builder.templates
    templates.loaders.append(SphinxFileSystemLoader(str(HERE / "templates")))
    render = templates.render
    templates.render = lambda template, context: drop_eager_search_scripts(render(template, context))


def search_page_template(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> str | None:
    if pagename == "search" and templatename == "search.html" and getattr(app.builder, "search", False):
        return "chinese-search.html"
    return None
