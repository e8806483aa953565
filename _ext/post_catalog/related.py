"""Under each post (HTML): three related posts and the previous/next post of its topic.

Related: most shared tags first, then the same topic, then the newest. Previous/next follow the
topic's toctree, the reading order. Both depend on other posts, so after every read the lists
are recomputed and the posts whose lists changed are written again (``env-get-updated``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from changed_documents import documents_changed
from docutils import nodes

from . import catalog
from .outputs import is_browser_html
from .post_nodes import link

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

RELATED_COUNT = 3


def related_index(posts: list[catalog.Post]):
    """``related(post)`` for many posts: candidates come from the post's tags and topic only,
    so a site of n posts costs n times the size of a tag, not n²."""
    by_key: dict[tuple[str, str], list[catalog.Post]] = {}
    for other in posts:
        for key in [("topic", other.topic), *(("tag", tag) for tag in other.tags)]:
            by_key.setdefault(key, []).append(other)

    def related(post: catalog.Post) -> list[catalog.Post]:
        tags = set(post.tags)
        candidates = {other.docname: other
                      for key in [("topic", post.topic), *(("tag", tag) for tag in post.tags)]
                      for other in by_key.get(key, ()) if other.docname != post.docname}

        def rank(other: catalog.Post):
            newest = -(other.last_changed.toordinal() if other.last_changed else 0)
            return (-len(tags & set(other.tags)), other.topic != post.topic, newest, other.docname)

        return sorted(candidates.values(), key=rank)[:RELATED_COUNT]

    return related


def topic_neighbours(env: BuildEnvironment, docname: str) -> tuple[str | None, str | None]:
    topic = catalog.topic_of(docname)
    order = [doc for doc in env.toctree_includes.get(f"posts/{topic}/index", [])
             if doc in catalog.post_records(env)]
    if docname not in order:
        return None, None
    at = order.index(docname)
    return (order[at - 1] if at > 0 else None), (order[at + 1] if at + 1 < len(order) else None)


def _plan(env: BuildEnvironment, docname: str, related) -> tuple:
    """What the block under ``docname`` shows: compared between builds to find stale pages."""
    records = catalog.post_records(env)
    shown = [(p.docname, p.title) for p in related(records[docname])]
    neighbours = tuple((doc, records[doc].title) if doc else None
                       for doc in topic_neighbours(env, docname))
    return tuple(shown), neighbours


def stale_posts(app: Sphinx, env: BuildEnvironment) -> list[str]:
    # The plans are post data, kept with the posts in the post domain (pickled with the
    # environment, so forked -j writers have them too).
    data = env.get_domain("post").data
    previous = data.get("related_plans")
    if not documents_changed(app) and previous is not None:
        return []  # same posts, same toctrees: same plans
    related = related_index(catalog.posts(env))
    plans = {docname: _plan(env, docname, related) for docname in catalog.post_records(env)}
    data["related_plans"] = plans
    return sorted(doc for doc, plan in plans.items() if (previous or {}).get(doc, plan) != plan)


def add_related(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not is_browser_html(app.builder) or docname not in catalog.post_records(app.env):
        return
    # stale_posts made the plan of every post before any page is written
    related, (previous, following) = app.env.get_domain("post").data["related_plans"][docname]
    block = nodes.container(classes=["post-related"])
    if related:
        block += nodes.rubric(text="相关文章")
        items = nodes.bullet_list()
        for other, title in related:
            items += nodes.list_item("", nodes.paragraph("", "", link(app, docname, other, title)))
        block += items
    if previous or following:
        pager = nodes.paragraph(classes=["post-topic-pager"])
        for label, neighbour in (("本主题上一篇：", previous), ("本主题下一篇：", following)):
            if neighbour:
                item = nodes.inline(classes=["post-pager-item"])
                item += nodes.inline(text=label, classes=["post-pager-label"])
                item += link(app, docname, *neighbour)
                pager += item
        block += pager
    if block.children:
        doctree.append(block)


def setup_related(app: Sphinx) -> None:
    app.connect("env-get-updated", stale_posts)
    app.connect("doctree-resolved", add_related)
