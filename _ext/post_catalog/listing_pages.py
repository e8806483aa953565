"""HTML-only pages made from the catalog: one page per tag, the tag index and the archive.

They are generated on every HTML build (``html-collect-pages``), so they can never be stale,
and they are no documents: no search entry, no PDF chapter.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING

from docutils import nodes

from . import catalog
from .dates import chinese_date

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx

TAG_INDEX = "tags/index"
ARCHIVE = "archive"


def tag_page(tag: str) -> str:
    """A readable page name: ``tags/生成模型``, ``tags/transformer``."""
    slug = re.sub(r"[\s/\\?#%&:\"'<>|*]+", "-", tag.strip().lower()).strip("-")
    return f"tags/{slug or 'tag'}"


def by_tag(posts: list[catalog.Post]) -> dict[str, list[catalog.Post]]:
    grouped: dict[str, list[catalog.Post]] = defaultdict(list)
    for post in catalog.newest_first(posts):
        for tag in post.tags:
            grouped[tag].append(post)
    return dict(grouped)


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    if app.builder.name not in ("html", "dirhtml"):
        return
    posts = catalog.posts(app.env)
    tags = by_tag(posts)
    for tag, tagged in sorted(tags.items()):
        page = tag_page(tag)
        body = _section(f"标签：{tag}", [_post_list(app, page, tagged)],
                        intro=f"共 {len(tagged)} 篇文章，按更新时间从新到旧。")
        yield page, _context(app, f"标签：{tag}", body), "page.html"
    yield TAG_INDEX, _context(app, "全部标签", _section("全部标签", [_tag_cloud(app, tags)])), "page.html"
    yield ARCHIVE, _context(app, "归档", _section("归档", _archive(app, posts))), "page.html"


def _context(app: Sphinx, title: str, body: nodes.Node) -> dict:
    return {"title": title, "body": app.builder.render_partial(body)["fragment"],
            "display_toc": False, "meta": {}, "metatags": ""}


def _section(title: str, content: list[nodes.Node], intro: str = "") -> nodes.section:
    section = nodes.section(ids=["listing"], classes=["post-listing-page"])
    section += nodes.title(text=title)
    if intro:
        section += nodes.paragraph(text=intro, classes=["post-listing-intro"])
    section.extend(content)
    return section


def _link(app: Sphinx, frompage: str, to: str, text: str, classes=()) -> nodes.reference:
    return nodes.reference("", text, refuri=app.builder.get_relative_uri(frompage, to),
                           internal=True, classes=list(classes))


def _post_list(app: Sphinx, page: str, posts: list[catalog.Post]) -> nodes.bullet_list:
    items = nodes.bullet_list(classes=["post-listing"])
    for post in posts:
        line = nodes.paragraph()
        line += _link(app, page, post.docname, post.title, ["post-listing-title"])
        line += nodes.inline(text=chinese_date(post.last_changed), classes=["post-listing-date"])
        items += nodes.list_item("", line)
    return items


def _tag_cloud(app: Sphinx, tags: dict[str, list[catalog.Post]]) -> nodes.paragraph:
    cloud = nodes.paragraph(classes=["tag-cloud"])
    for tag, tagged in sorted(tags.items(), key=lambda item: (-len(item[1]), item[0])):
        link = _link(app, TAG_INDEX, tag_page(tag), "", ["tag-cloud-tag"])
        link += nodes.Text(tag)
        link += nodes.inline(text=str(len(tagged)), classes=["tag-cloud-count"])
        cloud += link
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
            line += _link(app, ARCHIVE, post.docname, post.title, ["post-listing-title"])
            listing += nodes.list_item("", line)
        year_section += listing
        out.append(year_section)
    return out
