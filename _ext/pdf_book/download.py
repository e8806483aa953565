"""Where readers download the offline copies: a navbar button and the ``pdf-download`` directive.

- On Read the Docs: the project's own downloads (``formats: [pdf, htmlzip, epub]`` in
  .readthedocs.yaml); the directive lists all three, the button is the PDF's.
- Locally: the PDF of ``make latexpdf``, copied into the HTML output, when it exists.
- Otherwise: no link at all (never a broken one).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from post_catalog.outputs import is_browser_html

if TYPE_CHECKING:
    from sphinx.application import Sphinx

LOCAL_NAME = "ml-notes.pdf"
# Read the Docs' names of the formats it builds, and how the page names them.
OTHER_FORMATS = (("htmlzip", "HTML 压缩包"), ("epub", "EPUB 电子书"))


def read_the_docs_url(download_format: str = "pdf") -> str | None:
    """Read the Docs serves each format it built at /_/downloads/<language>/<version>/<format>/."""
    if os.environ.get("READTHEDOCS") != "True":
        return None
    language = os.environ.get("READTHEDOCS_LANGUAGE", "zh-cn")
    version = os.environ.get("READTHEDOCS_VERSION", "latest")
    return f"/_/downloads/{language}/{version}/{download_format}/"


def choose_url(app: Sphinx, config) -> None:
    """Decided once per build and kept as a config value: when it changes, pages are rewritten."""
    built = Path(app.confdir, config.pdf_book_path)
    config.pdf_download_url = read_the_docs_url() or (LOCAL_NAME if built.is_file() else "")


def copy_pdf(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html" and app.config.pdf_download_url == LOCAL_NAME:
        source = Path(app.confdir, app.config.pdf_book_path)
        target = Path(app.outdir, LOCAL_NAME)
        if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
            shutil.copy2(source, target)


def page_url(app: Sphinx, pagename: str) -> str:
    url = app.config.pdf_download_url
    if url == LOCAL_NAME:
        return app.builder.get_target_uri(pagename).count("/") * "../" + LOCAL_NAME
    return url


def add_to_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    context["pdf_download_url"] = page_url(app, pagename)


class pdf_download(nodes.General, nodes.Element):
    """Placeholder for the download link, filled in when the page is written."""


class PdfDownloadDirective(SphinxDirective):
    option_spec: ClassVar = {}

    def run(self) -> list[nodes.Node]:
        return [pdf_download()]


def resolve_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(pdf_download)):
        # an e-book cannot reach the site's downloads
        url = page_url(app, docname) if is_browser_html(app.builder) else ""
        if not url:
            node.replace_self([])
            continue
        line = nodes.paragraph("", "", nodes.Text("离线阅读："), classes=["pdf-download"])
        line += nodes.reference("", "下载整站 PDF", refuri=url, classes=["pdf-download-link"])
        for download_format, label in OTHER_FORMATS:  # built only on Read the Docs
            if other := read_the_docs_url(download_format):
                line += nodes.Text(" · ")
                line += nodes.reference("", label, refuri=other,
                                        classes=[f"{download_format}-download-link"])
        node.replace_self(line)


def setup_download(app: Sphinx) -> None:
    app.add_config_value("pdf_book_path", "_build/latex/ml-notes.pdf", "html", types=frozenset({str}))
    app.add_config_value("pdf_download_url", "", "html", types=frozenset({str}))
    app.connect("config-inited", choose_url)
    app.connect("html-page-context", add_to_context)
    app.connect("build-finished", copy_pdf)
    app.add_node(pdf_download)
    app.add_directive("pdf-download", PdfDownloadDirective)
    app.connect("doctree-resolved", resolve_links)
