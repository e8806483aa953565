"""A complete sitemap after incremental builds.

sphinx-sitemap lists the pages written during a build, so after an incremental build its
sitemap.xml holds only the few pages that were rewritten. Before it writes the file, we add every
page of the site that was not written this time (documents and listing pages).
"""

from __future__ import annotations

import queue
from typing import TYPE_CHECKING

from .listing_pages import listing_plans

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def complete_sitemap(app: Sphinx, exception: Exception | None) -> None:
    links = getattr(app, "sitemap_links", None)
    if exception is not None or links is None or app.builder.name != "html":
        return
    found: dict[str, str | None] = {}
    while True:
        try:
            link, last_updated = links.get_nowait()
        except queue.Empty:
            break
        found[link] = last_updated
    pages = {*app.env.found_docs, *listing_plans(app)}
    for page in pages:
        found.setdefault(app.builder.get_target_uri(page), None)
    excluded = set(app.config.sitemap_excludes)
    for link in sorted(found):  # sorted: two builds of the same site give the same file
        if link not in excluded:
            links.put((link, found[link]))
