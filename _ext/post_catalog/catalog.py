"""The catalog of posts: one :class:`Post` per ``posts/<topic>/<slug>`` document.

Kept by a Sphinx domain (:class:`PostDomain`), so incremental and parallel builds see exactly
the posts of the current sources.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.domains import Domain
from sphinx.util import logging

from . import excerpt, front_matter, post_files
from .front_matter import tag_key

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
    tags_line: int  # where the tags are in the file, for warnings about them
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
    return list(post_records(env).values())


def post_records(env: BuildEnvironment) -> dict[str, Post]:
    """Every post of the current sources, by docname."""
    return env.get_domain("post").posts


def newest_first(selected: list[Post]) -> list[Post]:
    """Pinned posts lead, then newest by the later of date/updated; undated posts are left out."""
    dated = [post for post in selected if post.date is not None]
    return sorted(dated, key=lambda p: (not p.pinned, -p.last_changed.toordinal(), p.docname))


# Reading speed for Chinese technical prose (characters a minute) and for English words.
CJK_PER_MINUTE = 400
WORDS_PER_MINUTE = 200
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN_WORD = re.compile(r"[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+)*")


def reading_minutes(text: str) -> int:
    """Minutes to read ``text``: Chinese counted by characters, other words by words."""
    runs = _CJK_RUN.findall(text)  # runs, not characters: a post has ten times fewer
    cjk = sum(map(len, runs))
    words = len(_LATIN_WORD.findall(_CJK_RUN.sub(" ", text)))
    return max(1, math.ceil(cjk / CJK_PER_MINUTE + words / WORDS_PER_MINUTE))


# Names a file system or our own pages already use: such a tag gets a hashed name instead.
RESERVED = frozenset({"index", "con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                      *(f"lpt{i}" for i in range(10))})
MAX_NAME = 40  # characters of a tag page's name (a CJK character takes three bytes on disk)


def tag_page(tag: str) -> str:
    """A stable, readable page name: ``tags/生成模型``, ``tags/transformer``.

    A tag that is not already a safe name (``a b``, ``a/b``, ``C++``, ``?``, ``index``, a very
    long tag) keeps a readable part and gets a short hash of the tag, so no two tags share a
    page and the name never depends on which other tags exist.
    """
    key = tag_key(tag)
    readable = re.sub(r"[^\w-]+", "-", key).strip("-")
    if readable == key and key not in RESERVED and len(key) <= MAX_NAME:
        return f"tags/{key}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:8]
    readable = readable[:MAX_NAME].strip("-")
    return f"tags/{readable}-{digest}" if readable else f"tags/tag-{digest}"


class PostDomain(Domain):
    """The site's posts, kept by Sphinx with the environment, as ``sphinx.ext.todo`` keeps its
    todos: a document read again replaces its record (``clear_doc``), parallel reads merge
    (``merge_domaindata``), and a new ``data_version`` or ``-E`` starts from nothing."""

    name = "post"
    label = "posts"
    data_version = 1  # raise it when Post changes: older pickled records are then discarded
    initial_data: dict = {"posts": {}}

    @property
    def posts(self) -> dict[str, Post]:
        return self.data.setdefault("posts", {})

    def clear_doc(self, docname: str) -> None:
        self.posts.pop(docname, None)

    def merge_domaindata(self, docnames: set[str], otherdata: dict) -> None:
        for docname in docnames:
            if docname in otherdata["posts"]:
                self.posts[docname] = otherdata["posts"][docname]

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        topic = topic_of(docname)
        if topic is None:
            if env.doc2path(docname).suffix == ".md":
                _warn(docname, front_matter.syntax_problems(_source_text(env, docname)))
            return
        meta = front_matter.parse(_source_text(env, docname))
        _warn(docname, meta.problems)
        _check_single_title(document, docname)
        title = next(iter(document.findall(nodes.title)), None)
        self.posts[docname] = Post(
            docname=docname,
            topic=topic,
            title=title.astext() if title else docname.rsplit("/", 1)[-1],
            title_parts=excerpt.from_node(title) if title else (),
            date=meta.date,
            updated=meta.updated,
            tags=meta.tags,
            tags_line=meta.tags_line,
            summary=meta.summary,
            pinned=meta.pinned,
            excerpt=excerpt.from_text(meta.summary) if meta.summary else excerpt.from_doctree(document),
            reading_minutes=reading_minutes(_prose(document)),
        )

    def resolve_any_xref(self, *args, **kwargs) -> list:
        return []  # posts are linked as documents; the domain only keeps their records


def _prose(doctree: nodes.document) -> str:
    """The text a reader reads: code blocks and math are looked at, not read word by word."""
    return " ".join(node.astext() for node in doctree.findall(nodes.Text)
                    if not isinstance(node.parent, (nodes.literal_block, nodes.math, nodes.math_block)))


def _warn(docname: str, problems: list[front_matter.Problem]) -> None:
    for problem in problems:
        logger.warning(problem.message, location=(docname, problem.line),
                       type=WARNING_TYPE, subtype="front_matter")


def _source_text(env: BuildEnvironment, docname: str) -> str:
    return post_files.read_text(Path(env.doc2path(docname)))


def _check_single_title(doctree: nodes.document, docname: str) -> None:
    top_sections = [node for node in doctree.children if isinstance(node, nodes.section)]
    if len(top_sections) != 1:
        line = top_sections[1].line if len(top_sections) > 1 and top_sections[1].line else 1
        logger.warning(f"a post has exactly one H1 title, first in the body; found {len(top_sections)}",
                       location=(docname, line), type=WARNING_TYPE, subtype="title")


def delete_removed_pages(app: Sphinx, env: BuildEnvironment, added: set[str],
                         changed: set[str], removed: set[str]) -> list[str]:
    """A deleted post's page goes too: Sphinx leaves it behind, readers could still find it."""
    for docname in removed:
        if topic_of(docname):
            delete_outputs(app, docname)
    if app.fresh_env_used:
        delete_pages_without_post(app, env)
    return []


def delete_pages_without_post(app: Sphinx, env: BuildEnvironment) -> None:
    """With a fresh environment (``-E``) Sphinx knows nothing of the last build, so a post moved,
    renamed or deleted since leaves its page behind: find such pages on disk instead."""
    if not _writes_pages(app):
        return
    expected = {path for docname in env.found_docs if docname.startswith("posts/")
                for path in _outputs_of(app, docname)}
    for folder in (Path(app.outdir, "posts"), Path(app.outdir, "_sources", "posts")):
        for page in folder.rglob("*.*"):
            if page.suffix in (".html", ".txt") and page not in expected:
                page.unlink()


def delete_outputs(app: Sphinx, docname: str) -> None:
    """Remove what an HTML-format builder wrote for a document: its page and its source copy."""
    if _writes_pages(app):
        for path in _outputs_of(app, docname):
            path.unlink(missing_ok=True)


def _writes_pages(app: Sphinx) -> bool:
    return app.builder.format == "html" and hasattr(app.builder, "get_outfilename")


def _outputs_of(app: Sphinx, docname: str) -> list[Path]:
    page = Path(app.builder.get_outfilename(docname))
    if not (getattr(app.builder, "copysource", False) and app.config.html_copy_source):  # no copy made
        return [page]
    return [page, Path(app.outdir, "_sources", docname + ".md.txt")]


def take_over_front_matter_warnings(app: Sphinx, config) -> None:
    """MyST's own 'Malformed YAML' warning has no line and no hint; ours replaces it."""
    config.suppress_warnings = [*config.suppress_warnings, "myst.topmatter"]


def withhold_posts(app: Sphinx, config) -> None:
    """Leave drafts and unsafe files out of the build entirely (no page, listing, search entry
    or PDF chapter), decided from the parsed front matter before Sphinx reads anything."""
    srcdir = Path(app.srcdir)
    scan = post_files.scan(srcdir)
    for notice in scan.notices:
        logger.warning(notice.message, location=f"{srcdir / notice.path}:{notice.line}",
                       type=WARNING_TYPE, subtype=notice.kind)
    for relative in scan.drafts:
        logger.info(f"skipped draft: {relative}")
    config.exclude_patterns = [*config.exclude_patterns, *map(literal_pattern, scan.withheld)]
    config.post_catalog_withheld = sorted(path.removesuffix(".md") for path in scan.withheld)


def delete_withheld_pages(app: Sphinx) -> None:
    """A page from before its post became a draft must not stay online."""
    for docname in app.config.post_catalog_withheld:
        delete_outputs(app, docname)


def literal_pattern(path: str) -> str:
    """An exclude pattern that matches exactly ``path`` (``[``, ``*``, ``?`` taken literally)."""
    return re.sub(r"[][*?]", lambda m: f"[{m.group(0)}]", path)


def setup_catalog(app: Sphinx) -> None:
    app.add_config_value("post_catalog_withheld", [], "", types=frozenset({list}))  # set by us
    app.connect("config-inited", take_over_front_matter_warnings)
    app.connect("config-inited", withhold_posts)
    app.connect("builder-inited", delete_withheld_pages)
    app.add_domain(PostDomain)
    app.connect("env-get-outdated", delete_removed_pages)
