"""The whole site: strict build, topic structure, and the home page."""

from __future__ import annotations

import re
import sys

import pytest
from bs4 import BeautifulSoup

from conftest import REPO

sys.path.insert(0, str(REPO / "_ext"))
from post_catalog import front_matter  # noqa: E402

pytestmark = pytest.mark.site
TOPICS = ["generative", "self-supervised", "llm", "foundations", "vision", "rl",
          "classic-ml", "systems"]


def post_files():
    return sorted(p for p in (REPO / "posts").glob("*/*.md") if p.name != "index.md")


def test_strict_build_has_no_warnings(site_html):
    # the fixture fails on any warning; here: every post became a page
    for post in post_files():
        relative = post.relative_to(REPO).with_suffix(".html")
        assert (site_html / relative).exists(), relative


@pytest.mark.parametrize("topic", TOPICS)
def test_topic_page_holds_every_post_and_lists_them_newest_first(topic, site_html):
    index = (REPO / "posts" / topic / "index.md").read_text(encoding="utf-8")
    assert index.startswith("# "), "a topic index starts with its display name as H1"
    toctree = re.search(r"```\{toctree\}\n(.*?)```", index, re.S).group(1)
    reading_order = [line.strip() for line in toctree.splitlines()
                     if line.strip() and not line.startswith(":")]
    posts = {p.stem: front_matter.parse(p.read_text(encoding="utf-8"))
             for p in (REPO / "posts" / topic).glob("*.md") if p.name != "index.md"}
    published = {slug for slug, meta in posts.items() if not meta.draft}
    assert sorted(reading_order) == sorted(published)
    soup = BeautifulSoup((site_html / "posts" / topic / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    listed = [a["href"].removesuffix(".html") for a in soup.select(".latest-updates-title a")]
    assert sorted(listed) == sorted(published)
    changed = [max(filter(None, [posts[slug].date, posts[slug].updated])) for slug in listed]
    pinned = [posts[slug].pinned for slug in listed]
    assert pinned == sorted(pinned, reverse=True)
    assert changed == sorted(changed, reverse=True) or any(pinned)


def test_home_page_links_every_topic(site_html):
    soup = BeautifulSoup((site_html / "index.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = {a["href"] for a in soup.select("#topics a")}
    for topic in TOPICS:
        assert f"posts/{topic}/index.html" in hrefs


def test_home_page_grid_holds_the_newest_posts(site_html):
    metas = {p.relative_to(REPO).with_suffix(".html").as_posix(): front_matter.parse(
        p.read_text(encoding="utf-8")) for p in post_files()}
    newest = sorted((m for m in metas.items() if not m[1].draft and m[1].date),
                    key=lambda item: (not item[1].pinned, -max(filter(None, [item[1].date, item[1].updated])).toordinal(), item[0]))
    soup = BeautifulSoup((site_html / "index.html").read_text(encoding="utf-8"), "html.parser")
    hero = soup.select_one(".kb-hero")
    assert hero and "INCOMING TRANSMISSION" in hero.get_text()
    assert soup.select_one("#latest-updates h2").get_text().startswith("LATEST UPDATES")
    assert hero.find_next("section")["id"] == "latest-updates"
    links = [a["href"] for a in soup.select("#latest-updates .latest-updates-title a")]
    assert links == [href for href, _ in newest[:12]]


def test_no_unreachable_source_copies(site_html):
    """No page links to a copy of its Markdown, so the site writes none (html_copy_source)."""
    assert not [path for path in site_html.glob("_sources/**/*") if path.is_file()]  # Sphinx makes the folder
    assert not [html for html in site_html.rglob("*.html") if "_sources/" in html.read_text(encoding="utf-8")]


def test_no_page_loads_anything_from_a_cdn(site_html):
    for html in site_html.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.select("script[src], link[href]"):
            url = tag.get("src") or tag.get("href")
            if tag.name == "link" and tag.get("rel") in (["canonical"], ["alternate"]):
                continue
            assert "://" not in url, f"{html.relative_to(site_html)} loads {url}"
