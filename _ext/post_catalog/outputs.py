"""What kind of output a builder makes, so each web-only part decides in one place where it goes.

- a web site (``html``, ``dirhtml``): a page per document, tag pages, feed, sitemap, search;
- a single page (``singlehtml``, Read the Docs' zipped HTML): every document in one file, so a
  link can only be an anchor of that file, and there are no tag pages and no search index;
- an e-book (``epub``): HTML read on an e-reader, without scripts; like the PDF it gets the plain
  fallbacks (a list instead of cards, no related posts).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.builders import Builder

WEB_SITE_BUILDERS = frozenset({"html", "dirhtml"})


def is_web_site(builder: Builder) -> bool:
    return builder.name in WEB_SITE_BUILDERS


def is_single_page(builder: Builder) -> bool:
    return builder.name == "singlehtml"


def is_ebook(builder: Builder) -> bool:
    return builder.name == "epub"


def is_browser_html(builder: Builder) -> bool:
    """HTML opened in a browser (site or single page), where cards and scripts work."""
    return builder.format == "html" and not is_ebook(builder)
