"""A post's text is data: it cannot run code, read files or inject markup.

- Front matter is ours (:mod:`.front_matter`). MyST would also read it and honour keys such as
  ``myst:`` (per-file parser settings) and ``html_meta`` (arbitrary ``<meta>`` tags), so the block
  is blanked before MyST parses a post; the lines stay, so locations still match the file.
- Control characters (a form feed pasted from a PDF) are removed where they are, with a warning;
  bytes that are not UTF-8 become U+FFFD (:mod:`.lenient_utf8`; :mod:`.post_files` says where).
- No document inserts files: ``include``, ``literalinclude``, ``raw :file:`` and ``csv-table
  :file:/:url:`` are refused by docutils' own ``file_insertion_enabled`` switch (a post could
  otherwise publish ``/etc/passwd``), and the ``raw`` directive by ``raw_enabled``.
- Raw HTML typed in a post (``<script>``, or ``<s>`` meant as a token) is shown as text, with a
  warning; HTML comments are dropped.
- Images and downloads must be files inside the project: Sphinx would copy any path.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from . import catalog, front_matter, lenient_utf8
from .text_safety import UNSAFE, unsafe_characters

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)
HTML_COMMENT = re.compile(r"^\s*<!--.*?-->\s*$", re.S)


def restrict_reading(app: Sphinx) -> None:
    app.env.settings["file_insertion_enabled"] = False
    app.env.settings["raw_enabled"] = False
    app.env.settings["input_encoding"] = lenient_utf8.NAME


def clean_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: blank a post's front matter for MyST, remove control characters."""
    if catalog.topic_of(docname) is None:
        return
    text = source[0].replace("\r\n", "\n")
    length = front_matter.front_matter_length(text)
    if length:
        text = "\n" * length + "\n".join(text.split("\n")[length:])
    for number, line in enumerate(text.split("\n"), start=1):
        if UNSAFE.search(line):
            logger.warning(f"removed control characters {unsafe_characters(line)}; "
                           "they cannot appear on a web page or in the feed",
                           location=(docname, number), type=catalog.WARNING_TYPE,
                           subtype="characters")
    source[0] = UNSAFE.sub("", text)


class NeutraliseMarkup(SphinxTransform):
    """Raw HTML becomes text, files outside the project are refused: before the post domain
    records the post (priority 850) and the image collectors copy files (``doctree-read``)."""

    default_priority = 840

    def apply(self, **kwargs) -> None:
        if catalog.topic_of(self.env.docname) is not None:
            neutralise_markup(self.env, self.document)


def neutralise_markup(env, doctree: nodes.document) -> None:
    docname = env.docname
    for raw in list(doctree.findall(nodes.raw)):
        if HTML_COMMENT.match(raw.astext()):
            raw.parent.remove(raw)
            continue
        logger.warning("raw HTML is shown as text in a post; write Markdown, or put a token such "
                       "as <s> in backticks", location=raw, type=catalog.WARNING_TYPE,
                       subtype="raw_html")
        inline = isinstance(raw.parent, nodes.TextElement)
        shown = nodes.literal(text=raw.astext()) if inline else nodes.literal_block(text=raw.astext())
        raw.replace_self(shown)
    srcdir = Path(env.srcdir).resolve()
    for node in list(doctree.findall(lambda n: isinstance(n, (nodes.image, addnodes.download_reference)))):
        target = node.get("uri") if isinstance(node, nodes.image) else node.get("reftarget")
        if not target or "://" in target or target.startswith("data:"):
            continue
        path = Path(env.relfn2path(target, docname)[1])
        if path != srcdir and srcdir not in path.parents:
            logger.warning(f"'{target}' is outside the project; a post may only show files of "
                           "the project", location=node, type=catalog.WARNING_TYPE,
                           subtype="outside_file")
            _remove(node)


def _remove(node: nodes.Node) -> None:
    parent = node.parent
    if isinstance(parent, nodes.figure) or (isinstance(parent, nodes.reference) and len(parent) == 1):
        node = parent  # a figure or a link around the image goes with it
    node.parent.remove(node)


def setup_untrusted_posts(app: Sphinx) -> None:
    app.connect("builder-inited", restrict_reading)
    app.connect("source-read", clean_source)
    app.add_transform(NeutraliseMarkup)
