"""The catalog of posts: one :class:`Post` per ``posts/<topic>/<slug>`` document.

Kept on the environment by an :class:`~sphinx.environment.collectors.EnvironmentCollector`,
so incremental and parallel builds see exactly the posts of the current sources.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util import logging

from . import excerpt, front_matter, post_header

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)
WARNING_TYPE = "post_catalog"


@dataclass(frozen=True)
class Post:
    docname: str
    topic: str
    title: str
    title_parts: tuple[excerpt.Segment, ...]  # the title with its formulas, for rendering
    date: dt.date | None
    updated: dt.date | None
    tags: tuple[str, ...]
    summary: str | None
    pinned: bool
    excerpt: tuple[excerpt.Segment, ...]
    reading_minutes: int

    @property
    def last_changed(self) -> dt.date | None:
        """The later of ``date`` and ``updated``: what "latest updates" orders by."""
        return max(self.date, self.updated) if self.updated and self.date else self.date


def topic_of(docname: str) -> str | None:
    """The topic folder of a post's docname, or None if the document is not a post."""
    parts = docname.split("/")
    if len(parts) == 3 and parts[0] == "posts" and parts[2] != "index":
        return parts[1]
    return None


def posts(env: BuildEnvironment) -> list[Post]:
    return list(getattr(env, "post_catalog", {}).values())


def newest_first(selected: list[Post]) -> list[Post]:
    """Pinned posts lead, then newest by the later of date/updated; undated posts are left out."""
    dated = [post for post in selected if post.date is not None]
    return sorted(dated, key=lambda p: (not p.pinned, -p.last_changed.toordinal(), p.docname))


class PostCatalogCollector(EnvironmentCollector):
    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        env.post_catalog.pop(docname, None)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: set[str],
                    other: BuildEnvironment) -> None:
        for docname in docnames:
            if docname in other.post_catalog:
                env.post_catalog[docname] = other.post_catalog[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        env = app.env
        topic = topic_of(env.docname)
        if topic is None:
            if env.doc2path(env.docname).suffix == ".md":
                _warn(env.docname, front_matter.syntax_problems(_source_text(env, env.docname)))
            return
        meta = front_matter.parse(_source_text(env, env.docname))
        _warn(env.docname, meta.problems)
        _check_single_title(doctree, env.docname)
        title = next(iter(doctree.findall(nodes.title)), None)
        env.post_catalog[env.docname] = Post(
            docname=env.docname,
            topic=topic,
            title=title.astext() if title else env.docname.rsplit("/", 1)[-1],
            title_parts=excerpt.from_node(title) if title else (),
            date=meta.date,
            updated=meta.updated,
            tags=meta.tags,
            summary=meta.summary,
            pinned=meta.pinned,
            excerpt=excerpt.from_text(meta.summary) if meta.summary else excerpt.from_doctree(doctree),
            reading_minutes=post_header.reading_minutes(_prose(doctree)),
        )


def _prose(doctree: nodes.document) -> str:
    """The text a reader reads: code blocks and math are looked at, not read word by word."""
    return " ".join(node.astext() for node in doctree.findall(nodes.Text)
                    if not isinstance(node.parent, (nodes.literal_block, nodes.math, nodes.math_block)))


def _warn(docname: str, problems: list[front_matter.Problem]) -> None:
    for problem in problems:
        logger.warning(problem.message, location=(docname, problem.line),
                       type=WARNING_TYPE, subtype="front_matter")


def _source_text(env: BuildEnvironment, docname: str) -> str:
    return Path(env.doc2path(docname)).read_text(encoding="utf-8-sig")


def _check_single_title(doctree: nodes.document, docname: str) -> None:
    top_sections = [node for node in doctree.children if isinstance(node, nodes.section)]
    if len(top_sections) != 1:
        line = top_sections[1].line if len(top_sections) > 1 and top_sections[1].line else 1
        logger.warning(f"a post has exactly one H1 title, first in the body; found {len(top_sections)}",
                       location=(docname, line), type=WARNING_TYPE, subtype="title")


def delete_removed_pages(app: Sphinx, env: BuildEnvironment, added: set[str],
                         changed: set[str], removed: set[str]) -> list[str]:
    """A deleted post's page goes too: Sphinx leaves it behind, readers could still find it."""
    if app.builder.format == "html":
        for docname in removed:
            if topic_of(docname):
                Path(app.builder.get_outfilename(docname)).unlink(missing_ok=True)
    return []


def init_catalog(app: Sphinx) -> None:
    if not hasattr(app.env, "post_catalog"):
        app.env.post_catalog = {}


def take_over_front_matter_warnings(app: Sphinx, config) -> None:
    """MyST's own 'Malformed YAML' warning has no line and no hint; ours replaces it."""
    config.suppress_warnings = [*config.suppress_warnings, "myst.topmatter"]


def exclude_drafts(app: Sphinx, config) -> None:
    """Leave drafts out of the build entirely (no page, listing, search entry or PDF chapter)."""
    srcdir = Path(app.srcdir)
    for path in sorted(srcdir.glob("posts/*/*.md")):
        if path.name == "index.md":
            continue
        text = path.read_text(encoding="utf-8-sig")
        if "draft:" not in text.split("\n---", 2)[0]:
            continue  # no draft key in the front matter: no need to parse it
        meta = front_matter.parse(text)
        if meta.draft:
            relative = path.relative_to(srcdir).as_posix()
            config.exclude_patterns = [*config.exclude_patterns, relative]
            logger.info(f"skipped draft: {relative}")
            # its page from before it became a draft must not stay online
            Path(app.outdir, relative).with_suffix(".html").unlink(missing_ok=True)
