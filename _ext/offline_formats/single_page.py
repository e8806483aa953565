"""The zipped HTML download: the whole site as one page (Sphinx's ``singlehtml`` builder).

What the builder and the book theme get wrong for a page opened from disk:

- the sidebar's title is ``docstitle``, which singlehtml sets to None (shown as "None");
- the theme's sidebar navigation is drawn for one page among many, so for the single page it is
  empty; singlehtml renders the site's toctree as anchors (``toc``), which we show instead;
- there is no search index and no search page: no search button, dialog or ``searchindex.js``;
- documents are merged into one page, but ids are unique only within a document (docutils'
  ``id1``…, bibliography entries, equation labels): a citation would jump to another post's
  entry. Clashing ids get the document's name as prefix, and the links of that document follow.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.jinja2glue import SphinxFileSystemLoader

from post_catalog.outputs import is_single_page

from . import lean_single_page

if TYPE_CHECKING:
    from sphinx.application import Sphinx

TEMPLATES = Path(__file__).with_name("templates")
THEME_NAV = "sbt-sidebar-nav.html"
SEARCH_TEMPLATES = ("search-button-field.html", "search-field.html", "search-button.html")
# What the theme's layout writes for a search that the single page does not have.
_SEARCH_REQUESTS = re.compile(
    r'[ \t]*<script src="searchindex\.js"></script>\n?'
    r'|[ \t]*<link rel="search"[^>]*href="search\.html"[^>]*>\n?')


def use_single_page_templates(app: Sphinx) -> None:
    """Our stand-ins come before the project's and the theme's templates, for this builder only."""
    if is_single_page(app.builder):
        loader = SphinxFileSystemLoader(str(TEMPLATES))
        for name in SEARCH_TEMPLATES:
            app.builder.templates.loaders.insert(0, _Renamed(loader, name, "empty.html"))


class _Renamed:
    """A template loader that answers ``name`` with another template of ``loader``."""

    def __init__(self, loader: SphinxFileSystemLoader, name: str, actual: str) -> None:
        self.loader, self.name, self.actual = loader, name, actual

    def get_source(self, environment, template):
        from jinja2 import TemplateNotFound

        if template != self.name:
            raise TemplateNotFound(template)
        return self.loader.get_source(environment, self.actual)


def adjust_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Before the theme (500) and fast_sidebar (499) render the sidebar templates."""
    if not is_single_page(app.builder):
        return
    context["docstitle"] = app.config.html_title or app.config.project
    context["theme_disable_search"] = True  # pydata-sphinx-theme: no search dialog
    sidebars = [name for name in context.get("sidebars") or [] if name not in SEARCH_TEMPLATES]
    context["sidebars"] = ["single-page-nav.html" if name == THEME_NAV else name for name in sidebars]


def add_template_folder(app: Sphinx) -> None:
    if is_single_page(app.builder):
        app.builder.templates.loaders.append(SphinxFileSystemLoader(str(TEMPLATES)))


def unique_ids(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Prefix ids that several merged documents use, and rewrite the links inside each document."""
    if not is_single_page(app.builder):
        return
    owners: dict[str, set[str]] = defaultdict(set)
    elements: list[tuple[str, nodes.Element]] = []
    for owner, node in _elements_with_owner(doctree, docname):
        elements.append((owner, node))
        for identifier in node.get("ids", []):
            owners[identifier].add(owner)
    clashing = {identifier for identifier, docs in owners.items() if len(docs) > 1}
    if not clashing:
        return

    def renamed(owner: str, identifier: str) -> str:
        if identifier not in clashing:
            return identifier
        return re.sub(r"[^\w-]+", "-", owner) + "--" + identifier

    for owner, node in elements:
        for attribute in ("ids", "backrefs"):
            if node.get(attribute):
                node[attribute] = [renamed(owner, identifier) for identifier in node[attribute]]
        if node.get("refid"):
            node["refid"] = renamed(owner, node["refid"])
        refuri = node.get("refuri", "")
        if isinstance(node, nodes.reference) and refuri.startswith("#") \
                and not refuri.startswith("#document-"):
            node["refuri"] = "#" + renamed(owner, refuri[1:])


def _elements_with_owner(doctree: nodes.document, root: str):
    """Every element with the document it came from (its innermost ``start_of_file``)."""
    stack = [(doctree, root)]
    while stack:
        node, owner = stack.pop()
        if isinstance(node, addnodes.start_of_file):
            owner = node["docname"]
        if isinstance(node, nodes.Element):
            yield owner, node
            stack.extend((child, owner) for child in reversed(node.children))


def write_page(app: Sphinx, exception: Exception | None) -> None:
    """The layout always loads ``searchindex.js``: singlehtml writes none (a failed request).
    The page is written again without it, and with its body (:mod:`.lean_single_page`)."""
    if not is_single_page(app.builder):
        return
    page = Path(app.outdir, app.config.root_doc + app.builder.out_suffix)
    if page.exists():
        lean_single_page.write_body(app, page, lambda shell: _SEARCH_REQUESTS.sub("", shell))


def setup_single_page(app: Sphinx) -> None:
    app.connect("builder-inited", use_single_page_templates)
    app.connect("builder-inited", add_template_folder)
    app.connect("html-page-context", adjust_context, priority=400)
    app.connect("doctree-resolved", unique_ids, priority=900)  # after every part is added
    app.connect("build-finished", write_page)
