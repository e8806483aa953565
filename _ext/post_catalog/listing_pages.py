"""HTML-only pages made from the catalog: one page per tag, the tag index and the archive.

They are made on every HTML build (``html-collect-pages``) from the current catalog, so they are
never stale, and they are no documents: no search entry, no PDF chapter. A page is written only
when its content or the site's navigation changed (a digest per page, kept in ``build_state``),
and the page of a tag that no post carries any more is deleted.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from build_state import digest, store
from docutils import nodes
from fresh_navigation import navigation_digest
from sphinx.util import logging

from . import catalog
from .front_matter import tag_key
from .post_nodes import link, post_list

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)
STORE = "listing_pages"  # the digest of each page as last written
TAG_INDEX = "tags/index"
ARCHIVE = "archive"


def by_tag(posts: list[catalog.Post]) -> dict[str, list[catalog.Post]]:
    """Posts per tag, newest first; spellings of one tag are gathered under the most used one."""
    usual = usual_spellings(posts)
    grouped: dict[str, list[catalog.Post]] = defaultdict(list)
    for post in catalog.newest_first(posts):
        for tag in post.tags:
            grouped[usual[tag_key(tag)]].append(post)
    return dict(grouped)


def usual_spellings(posts: list[catalog.Post]) -> dict[str, str]:
    """For each tag (by its key), the spelling most posts use; ties go to the first in order."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for post in posts:
        for tag in post.tags:
            counts[tag_key(tag)][tag] += 1
    return {key: min(spellings, key=lambda tag: (-spellings[tag], tag)) for key, spellings in counts.items()}


def warn_tag_spellings(app: Sphinx) -> None:
    """One warning per post that spells a tag differently from the other posts."""
    posts = sorted(catalog.posts(app.env), key=lambda p: p.docname)
    usual = usual_spellings(posts)
    for post in posts:
        for tag in post.tags:
            if tag != usual[tag_key(tag)]:
                logger.warning(f"tag '{tag}' is spelled '{usual[tag_key(tag)]}' elsewhere; both are "
                               f"listed on one page: use one spelling",
                               location=(post.docname, post.tags_line),
                               type=catalog.WARNING_TYPE, subtype="tag_spelling")


def listing_plans(app: Sphinx) -> dict[str, tuple]:
    """Every listing page of the current catalog and what it lists (cheap: nothing rendered)."""
    posts = catalog.posts(app.env)
    tags = by_tag(posts)
    plans: dict[str, tuple] = {catalog.tag_page(tag): ("tag", tag, _rows(tagged)) for tag, tagged in sorted(tags.items())}
    plans[TAG_INDEX] = ("tags", tuple((tag, len(tagged)) for tag, tagged in sorted(tags.items())))
    plans[ARCHIVE] = ("archive", _rows(posts))
    return plans


def render_page(app: Sphinx, page: str, plan: tuple) -> dict:
    posts = catalog.posts(app.env)
    if plan[0] == "tag":
        tag = plan[1]
        tagged = by_tag(posts)[tag]
        body = _section(f"标签：{tag}", [post_list(app, page, tagged)],
                        intro=f"共 {len(tagged)} 篇文章，按更新时间从新到旧。")
        return _context(app, f"标签：{tag}", body)
    if plan[0] == "tags":
        return _context(app, "全部标签", _section("全部标签", [_tag_cloud(app, by_tag(posts))]))
    return _context(app, "归档", _section("归档", _archive(app, posts)))


def _rows(posts: list[catalog.Post]) -> tuple:
    return tuple((p.docname, p.title, p.date, p.updated, p.pinned) for p in catalog.newest_first(posts))


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    if app.builder.name not in ("html", "dirhtml"):
        return
    warn_tag_spellings(app)
    plans = listing_plans(app)
    written = store(app, STORE)
    chrome = _site_chrome_digest(app)
    # A build with no document to write never set up figure numbers, which rendering reads.
    app.builder.__dict__.setdefault("fignumbers", {})
    for page, plan in plans.items():
        changed = written.remember(page, digest((chrome, plan)))
        if changed or not Path(app.builder.get_outfilename(page)).exists():
            yield page, render_page(app, page, plan), "page.html"
    for gone in set(written) - set(plans):
        Path(app.builder.get_outfilename(gone)).unlink(missing_ok=True)
    written.keep_only(plans)


def remember_config(app: Sphinx, env, docnames) -> None:
    """The configuration as the build starts: themes add keys to their options while writing
    pages, so the values at the end depend on how many pages this build wrote."""
    app.builder.listing_config = digest(sorted((item.name, item.value) for item in app.config
                                               if item.rebuild in ("html", "env")))


def _site_chrome_digest(app: Sphinx) -> str:
    """What every page shows around its body: navigation, titles, theme, templates, config."""
    return digest((navigation_digest(app.env), app.builder.templates.newest_template_mtime(),
                   getattr(app.builder, "listing_config", None)))


def _context(app: Sphinx, title: str, body: nodes.Node) -> dict:
    # Templates take "title" as HTML (a document's title is rendered markup): escape the text.
    return {"title": html.escape(title), "body": app.builder.render_partial(body)["fragment"],
            "display_toc": False, "meta": {}, "metatags": ""}


def _section(title: str, content: list[nodes.Node], intro: str = "") -> nodes.section:
    section = nodes.section(ids=["listing"], classes=["post-listing-page"])
    section += nodes.title(text=title)
    if intro:
        section += nodes.paragraph(text=intro, classes=["post-listing-intro"])
    section.extend(content)
    return section


def _tag_cloud(app: Sphinx, tags: dict[str, list[catalog.Post]]) -> nodes.paragraph:
    cloud = nodes.paragraph(classes=["tag-cloud"])
    for tag, tagged in sorted(tags.items(), key=lambda item: (-len(item[1]), item[0])):
        cloud += link(app, TAG_INDEX, catalog.tag_page(tag), tag,
                      nodes.inline(text=str(len(tagged)), classes=["tag-cloud-count"]),
                      classes=["tag-cloud-tag"])
    return cloud


def _archive(app: Sphinx, posts: list[catalog.Post]) -> list[nodes.Node]:
    dated = sorted((post for post in posts if post.date), key=lambda p: (p.date, p.docname),
                   reverse=True)
    years: dict[int, list[catalog.Post]] = defaultdict(list)
    for post in dated:
        years[post.date.year].append(post)
    out: list[nodes.Node] = []
    for year, items in years.items():
        year_section = nodes.section(ids=[f"year-{year}"])
        year_section += nodes.title(text=f"{year} 年（{len(items)} 篇）")
        listing = nodes.bullet_list(classes=["post-listing"])
        for post in items:
            line = nodes.paragraph()
            line += nodes.inline(text=f"{post.date.month}月{post.date.day}日", classes=["post-listing-date"])
            line += link(app, ARCHIVE, post.docname, post.title, classes=["post-listing-title"])
            listing += nodes.list_item("", line)
        year_section += listing
        out.append(year_section)
    return out


def setup_listing_pages(app: Sphinx) -> None:
    app.connect("env-before-read-docs", remember_config)
    app.connect("html-collect-pages", collect_pages)
