"""The node builders every listing shares: links to documents, post titles with their
formulas, tags, and the plain list of posts (title and date)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from . import catalog
from .dates import chinese_date
from .outputs import is_web_site

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def link(app: Sphinx, fromdoc: str, todoc: str, *children: nodes.Node | str,
         classes=()) -> nodes.reference:
    """A link between two documents; builders without URIs (e.g. text) keep the text only."""
    content = [nodes.Text(child) if isinstance(child, str) else child for child in children]
    reference = nodes.reference("", "", *content, internal=True, classes=list(classes))
    try:
        reference["refuri"] = app.builder.get_relative_uri(fromdoc, todoc)
    except Exception:
        reference["refuri"] = ""
    return reference


def inline_segments(segments) -> list[nodes.Node]:
    """Text and formulas as inline nodes; text stays text (escaped by every writer)."""
    return [nodes.math(value, value) if kind == "math" else nodes.Text(value)
            for kind, value in segments]


def title_link(app: Sphinx, fromdoc: str, post: catalog.Post, classes=()) -> nodes.reference:
    """A post's title, formulas included, linked to the post."""
    return link(app, fromdoc, post.docname,
                *inline_segments(post.title_parts or (("text", post.title),)), classes=classes)


def tag_node(app: Sphinx, fromdoc: str, tag: str, classes: list[str]) -> nodes.Element:
    """A tag: a link to its page on the web site, plain text elsewhere (the PDF, the single
    page and the e-book have no tag pages)."""
    if not is_web_site(app.builder):
        return nodes.inline(text=tag, classes=classes)
    return link(app, fromdoc, catalog.tag_page(tag), tag, classes=classes)


def post_list(app: Sphinx, fromdoc: str, posts: list[catalog.Post]) -> nodes.bullet_list:
    """Titles and dates of the last change, one post a line."""
    items = nodes.bullet_list(classes=["post-listing"])
    for post in posts:
        line = nodes.paragraph()
        line += link(app, fromdoc, post.docname, post.title, classes=["post-listing-title"])
        line += nodes.inline(text=chinese_date(post.last_changed), classes=["post-listing-date"])
        items += nodes.list_item("", line)
    return items
