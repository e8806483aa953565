"""Fixes for what axe-core finds in stock sphinx-book-theme / docutils pages.

- Bibliographies: docutils writes ``role="list"`` around ``role="doc-biblioentry"`` items
  (a deprecated role that a list may not hold): the items become ``listitem``.
- The sidebar's expand/collapse toggles have no name, and the site title in the sidebar sits
  outside any landmark: ``accessible-pages.js`` names the toggles after their section and marks
  the sidebar as a landmark (the theme renders both in templates we do not own).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

STATIC_DIR = Path(__file__).with_name("accessible_pages_static")


def fix_bibliography_roles(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def add_script(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.config.html_static_path = [*app.config.html_static_path, str(STATIC_DIR)]
        app.add_js_file("accessible-pages.js", loading_method="defer")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("builder-inited", add_script)
    app.connect("html-page-context", fix_bibliography_roles)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
