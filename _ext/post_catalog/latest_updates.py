"""The ``latest-updates`` directive: newest posts as a card grid (HTML) or a plain list.

The directive only leaves a placeholder; the cards are made on ``doctree-resolved``, when every
post of the build is in the catalog (as ``sphinx.ext.todo`` does for its todo list).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from build_state import digest, store
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import catalog, excerpt
from .outputs import is_browser_html
from .dates import chinese_date
from .post_nodes import inline_segments, tag_node, title_link

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = 12
DEFAULT_EXCERPT_LENGTH = 120
OPTION_KEYS = ("limit", "topic", "tag", "excerpt_length")


class latest_updates(nodes.General, nodes.Element):
    """Placeholder for the grid, replaced once all posts are known."""


class LatestUpdatesDirective(SphinxDirective):
    option_spec: ClassVar = {
        "limit": directives.positive_int,
        "topic": directives.unchanged_required,
        "tag": directives.unchanged_required,
        "excerpt-length": directives.positive_int,
    }

    def run(self) -> list[nodes.Node]:
        node = latest_updates()
        node["limit"] = self.options.get("limit", DEFAULT_LIMIT)
        node["topic"] = self.options.get("topic")
        node["tag"] = self.options.get("tag")
        node["excerpt_length"] = self.options.get("excerpt-length", DEFAULT_EXCERPT_LENGTH)
        self.set_source_info(node)
        return [node]


def select(env: BuildEnvironment, node) -> list[catalog.Post]:
    chosen = [post for post in catalog.posts(env)
              if (node["topic"] is None or post.topic == node["topic"])
              and (node["tag"] is None or node["tag"] in post.tags)]
    return catalog.newest_first(chosen)[: node["limit"]]


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(latest_updates)):
        chosen = select(app.env, node)
        if not chosen:
            logger.warning("latest-updates: no post matches this grid's filters",
                           location=node, type=catalog.WARNING_TYPE, subtype="empty_grid")
        if not chosen:
            node.replace_self([])
        elif is_browser_html(app.builder):  # e-books get the plain list, as the PDF does
            node.replace_self(_card_grid(app, docname, chosen, node["excerpt_length"]))
        else:
            node.replace_self(_plain_list(app, docname, chosen))


def _topic_name(app: Sphinx, topic: str) -> str:
    title = app.env.titles.get(f"posts/{topic}/index")
    return title.astext() if title else topic


def _card_grid(app: Sphinx, fromdocname: str, chosen: list[catalog.Post],
               excerpt_length: int) -> nodes.container:
    row = nodes.container(is_div=True, classes=[
        "sd-row", "sd-row-cols-1", "sd-row-cols-xs-1", "sd-row-cols-sm-2", "sd-row-cols-md-2",
        "sd-row-cols-lg-3", "sd-g-3"])
    for post in chosen:
        row += nodes.container("", _card(app, fromdocname, post, excerpt_length),
                               is_div=True, classes=["sd-col", "sd-d-flex-row"])
    return nodes.container("", row, is_div=True,
                           classes=["sd-container-fluid", "sd-sphinx-override", "latest-updates"])


def _card(app: Sphinx, fromdocname: str, post: catalog.Post, excerpt_length: int) -> nodes.container:
    title = nodes.paragraph(classes=["sd-card-title", "latest-updates-title"])
    title += title_link(app, fromdocname, post, ["latest-updates-link"])

    meta = nodes.paragraph(classes=["latest-updates-meta"])
    meta += nodes.inline(text=chinese_date(post.last_changed), classes=["latest-updates-date"])
    if post.updated and post.updated > post.date:
        meta += nodes.inline(text="更新", classes=["latest-updates-badge"])
    meta += nodes.inline(text=_topic_name(app, post.topic), classes=["latest-updates-topic"])

    text = nodes.paragraph(classes=["sd-card-text", "latest-updates-excerpt"])
    text += inline_segments(excerpt.truncate(post.excerpt, excerpt_length))

    body = nodes.container("", title, meta, text, is_div=True, classes=["sd-card-body"])
    card = nodes.container("", body, is_div=True, classes=[
        "sd-card", "sd-sphinx-override", "sd-w-100", "sd-shadow-sm", "sd-card-hover",
        "latest-updates-card"])
    if post.tags:
        tags = nodes.paragraph(classes=["latest-updates-tags"])
        for tag in post.tags:
            tags += tag_node(app, fromdocname, tag, ["latest-updates-tag"])
        card += nodes.container("", tags, is_div=True, classes=["sd-card-footer"])
    return card


def _plain_list(app: Sphinx, fromdocname: str, chosen: list[catalog.Post]) -> nodes.bullet_list:
    items = nodes.bullet_list(classes=["latest-updates-list"])
    for post in chosen:
        line = nodes.paragraph()
        line += title_link(app, fromdocname, post)
        line += nodes.Text(f"（{chinese_date(post.last_changed)}）")
        items += nodes.list_item("", line)
    return items


class GridPagesCollector(EnvironmentCollector):
    """Remembers each document's grids (their options), to refresh them when posts change."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        env.latest_updates_pages.pop(docname, None)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: set[str],
                    other: BuildEnvironment) -> None:
        for docname in docnames & other.latest_updates_pages.keys():
            env.latest_updates_pages[docname] = other.latest_updates_pages[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        grids = [{key: node[key] for key in OPTION_KEYS} for node in doctree.findall(latest_updates)]
        if grids:
            app.env.latest_updates_pages[app.env.docname] = grids


def _plan(app: Sphinx, docname: str) -> tuple:
    """What the grids of a page show, compared between builds to find the pages to rewrite."""
    shown = []
    for options in app.env.latest_updates_pages[docname]:
        for post in select(app.env, options):
            shown.append((post, _topic_name(app, post.topic)))
    return tuple(shown)


def stale_grid_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Grid pages whose cards changed because some post changed: written again, not re-read."""
    shown = store(app, "grid_plans")  # the digest of each grid page's cards as last written
    plans = {docname: digest(_plan(app, docname)) for docname in env.latest_updates_pages}
    stale = sorted(doc for doc, plan in plans.items() if doc in shown and shown[doc] != plan)
    for doc, plan in plans.items():
        shown.remember(doc, plan)
    shown.keep_only(plans)
    return stale


def init_pages(app: Sphinx) -> None:
    if not hasattr(app.env, "latest_updates_pages"):
        app.env.latest_updates_pages = {}


def setup_latest_updates(app: Sphinx) -> None:
    app.connect("builder-inited", init_pages)
    app.add_env_collector(GridPagesCollector)
    app.connect("env-get-updated", stale_grid_pages)
    app.add_node(latest_updates)
    app.add_directive("latest-updates", LatestUpdatesDirective)
    app.connect("doctree-resolved", resolve)
