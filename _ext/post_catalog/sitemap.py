"""sitemap.xml: every page of the site, written at the end of each HTML build.

We used sphinx-sitemap first. It lists the pages *written* during a build (collected through a
multiprocessing Manager, a server process started on every build), so after an incremental build
its file held only the rewritten pages, and the Manager cost a no-op build ~0.2 s. The site's
pages are known without writing them: the documents and the listing pages. The file is rewritten
only when its content changes. It is written by an XML serializer, from addresses stripped of
the characters XML cannot carry, so no page name can make it ill-formed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin
from xml.etree import ElementTree

from .feed import site_url
from .listing_pages import listing_plans
from .xml_chars import xml_text

if TYPE_CHECKING:
    from sphinx.application import Sphinx

FILENAME = "sitemap.xml"
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap_xml(base_url: str, links: list[str]) -> str:
    urlset = ElementTree.Element("urlset", xmlns=NAMESPACE)
    for link in links:
        url = ElementTree.SubElement(urlset, "url")
        ElementTree.SubElement(url, "loc").text = xml_text(urljoin(base_url, link))
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            f'{ElementTree.tostring(urlset, encoding="unicode")}\n')


def write_sitemap(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in ("html", "dirhtml") or not app.config.html_baseurl:
        return
    pages = {*app.env.found_docs, *listing_plans(app)}
    # sorted: two builds of the same site give the same file
    links = sorted(app.builder.get_target_uri(page) for page in pages)
    target = Path(app.outdir) / FILENAME
    content = sitemap_xml(site_url(app), links)
    if not target.exists() or target.read_text(encoding="utf-8") != content:
        target.write_text(content, encoding="utf-8")


def setup_sitemap(app: Sphinx) -> None:
    app.connect("build-finished", write_sitemap)
