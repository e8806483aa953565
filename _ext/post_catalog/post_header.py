"""The line under a post's title: dates in Chinese, reading time, topic and tags.

Added when the page is written, from the post's own catalog record, so every builder gets it:
the HTML page under its H1, the PDF under the chapter title.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from . import catalog
from .dates import chinese_date
from .post_nodes import tag_node

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def header_for(app: Sphinx, docname: str, post: catalog.Post) -> nodes.paragraph:
    line = nodes.paragraph(classes=["post-meta"])
    parts = [nodes.inline(text=f"{chinese_date(post.date)}发布", classes=["post-meta-date"])]
    if post.updated and post.updated > post.date:
        parts.append(nodes.inline(text=f"{chinese_date(post.updated)}更新", classes=["post-meta-updated"]))
    parts.append(nodes.inline(text=f"约 {post.reading_minutes} 分钟读完", classes=["post-meta-reading"]))
    for index, part in enumerate(parts):
        if index:
            line += nodes.Text(" · ")
        line += part
    if post.tags:
        tags = nodes.inline(classes=["post-meta-tags"])
        for tag in post.tags:
            tags += tag_node(app, docname, tag, ["post-tag"])
        line += nodes.Text(" · ")
        line += tags
    return line


def add_header(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    # The LaTeX builder resolves the whole book at once; each document in it is a start_of_file.
    pages = [(node["docname"], node) for node in doctree.findall(addnodes.start_of_file)]
    for page_docname, page in pages or [(docname, doctree)]:
        post = catalog.post_records(app.env).get(page_docname)
        title = next(iter(page.findall(nodes.title)), None)
        if post is not None and post.date is not None and title is not None:
            title.parent.insert(title.parent.index(title) + 1, header_for(app, page_docname, post))


def setup_post_header(app: Sphinx) -> None:
    app.connect("doctree-resolved", add_header)
