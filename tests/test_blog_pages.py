"""Tag pages, archive, Atom feed, related posts and the authoring scripts, on test roots."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from conftest import REPO

ATOM = "{http://www.w3.org/2005/Atom}"
sys.path.insert(0, str(REPO / "scripts"))
import check_posts  # noqa: E402
import new_post  # noqa: E402


def soup(outdir, name):
    return BeautifulSoup((outdir / name).read_text(encoding="utf-8"), "html.parser")


def listed_titles(page) -> list[str]:
    return [a.get_text() for a in page.select(".post-listing-title")]


def sitemap_pages(outdir) -> set[str]:
    root = ET.parse(outdir / "sitemap.xml").getroot()
    base = "https://example.org/notes/"
    locs = [loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert all(loc.startswith(base) for loc in locs)
    return {unquote(loc[len(base):]) for loc in locs}


def site_pages(outdir) -> set[str]:
    """Every HTML page a reader can reach by URL, minus the search and 404 pages."""
    pages = {path.relative_to(outdir).as_posix() for path in outdir.rglob("*.html")}
    return pages - {"search.html", "404.html", "genindex.html"}


def feed_entries(outdir):
    root = ET.parse(outdir / "feed.xml").getroot()
    return root, root.findall(f"{ATOM}entry")


@pytest.mark.sphinx("html", testroot="grid", freshenv=True)
def test_tag_pages_have_readable_urls_and_list_posts_newest_first(app):
    app.build()
    page = soup(app.outdir, "tags/生成模型.html")
    assert page.select_one("h1").get_text().startswith("标签：生成模型")
    assert listed_titles(page) == ["旧文新修", "含公式的开头"]
    assert (app.outdir / "tags/flow.html").exists()       # Latin tags are lower-cased
    index = soup(app.outdir, "tags/index.html")
    counts = {a.contents[0]: a.select_one(".tag-cloud-count").get_text()
              for a in index.select("a.tag-cloud-tag")}
    assert counts == {"生成模型": "2", "Flow": "1", "<b>bold</b>": "1", "a&b": "1"}
    post = soup(app.outdir, "posts/alpha/math-opening.html")
    assert [unquote(a["href"]) for a in post.select(".post-meta a.post-tag")] == [
        "../../tags/生成模型.html", "../../tags/flow.html"]


@pytest.mark.sphinx("html", testroot="grid", freshenv=True)
def test_archive_groups_posts_by_year_newest_first(app):
    app.build()
    page = soup(app.outdir, "archive.html")
    years = [h.get_text() for h in page.select("section section h2")]
    assert [y.split(" ")[0] for y in years] == ["2024", "2023", "2022"]
    assert listed_titles(page) == ["含公式的开头", "Beta 的文章", "不可信的元数据", "旧文新修", "置顶的旧文"]


@pytest.mark.sphinx("html", testroot="grid", freshenv=True)
def test_atom_feed_is_absolute_dated_and_readable(app):
    app.build()
    root, entries = feed_entries(app.outdir)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == "https://example.org/notes/feed.xml"
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert titles == ["旧文新修", "含公式的开头", "Beta 的文章", "不可信的元数据", "置顶的旧文"]
    first = entries[0]
    assert first.find(f"{ATOM}id").text == "https://example.org/notes/posts/alpha/updated-later.html"
    assert first.find(f"{ATOM}published").text.startswith("2023-01-10")
    assert first.find(f"{ATOM}updated").text.startswith("2024-05-20")
    math_post = entries[1]
    summary = math_post.find(f"{ATOM}summary").text
    assert "$" not in summary and "\\(" not in summary and "θ" in summary
    content = math_post.find(f"{ATOM}content").text
    assert "<math" in content and "\\(" not in content
    for href in re.findall(r'(?:href|src)="([^"]+)"', "".join(e.find(f"{ATOM}content").text or ""
                                                              for e in entries)):
        assert href.startswith("https://example.org/notes/"), href
    hostile = entries[3].find(f"{ATOM}summary").text
    assert hostile.startswith("<script>alert('x')</script>")  # text, escaped by the XML writer


@pytest.mark.sphinx("html", testroot="grid", freshenv=True)
def test_related_posts_and_topic_neighbours(app):
    app.build()
    page = soup(app.outdir, "posts/alpha/math-opening.html")
    related = [a.get_text() for a in page.select(".post-related li a")]
    assert related == ["旧文新修", "不可信的元数据", "置顶的旧文"]  # shared tag first, then topic
    pager = [a.get_text() for a in page.select(".post-topic-pager a")]
    assert pager == ["旧文新修"]  # first of its topic's reading order: only a next post
    assert "相关文章" not in (app.outdir / "index.html").read_text(encoding="utf-8")


def test_incremental_build_refreshes_tags_feed_related_and_archive(make_app, copy_root):
    src = copy_root("grid")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    post = src / "posts/beta/plain.md"
    post.write_text(post.read_text(encoding="utf-8").replace(
        "date: 2024-02-15", "date: 2025-02-15\ntags: [生成模型]"), encoding="utf-8")
    app = make_app("html", srcdir=src)
    app.build()
    assert listed_titles(soup(app.outdir, "tags/生成模型.html"))[0] == "Beta 的文章"
    assert feed_entries(app.outdir)[1][0].find(f"{ATOM}title").text == "Beta 的文章"
    related = [a.get_text() for a in soup(app.outdir, "posts/alpha/math-opening.html")
               .select(".post-related li a")]
    assert "Beta 的文章" in related  # the unchanged post was written again
    assert sitemap_pages(app.outdir) == site_pages(app.outdir)  # complete, not just rewritten pages
    # a removed post leaves every listing
    post.unlink()
    (src / "posts/beta/index.md").write_text("# Beta 主题\n", encoding="utf-8")
    app = make_app("html", srcdir=src)
    app.build()
    for page in ("tags/生成模型.html", "archive.html", "posts/alpha/math-opening.html", "index.html"):
        assert "Beta 的文章" not in (app.outdir / page).read_text(encoding="utf-8"), page
    assert "Beta 的文章" not in (app.outdir / "feed.xml").read_text(encoding="utf-8")
    assert "posts/beta/plain.html" not in sitemap_pages(app.outdir)
    assert sitemap_pages(app.outdir) == site_pages(app.outdir)


def generated_pages(outdir) -> dict[str, str]:
    names = ["archive.html", "tags/index.html", "tags/生成模型.html", "feed.xml",
             "posts/alpha/math-opening.html"]
    return {name: (outdir / name).read_text(encoding="utf-8") for name in names}


def test_parallel_build_gives_the_same_pages_and_feed(serial_and_parallel):
    serial, parallel = serial_and_parallel("grid")
    assert generated_pages(parallel.outdir) == generated_pages(serial.outdir)


def test_new_post_refuses_unknown_topic_and_existing_or_bad_slug(copy_root):
    root = copy_root("grid")
    today = dt.date(2025, 1, 2)
    with pytest.raises(new_post.Refused, match="unknown topic 'gamma'"):
        new_post.create(root, "gamma", "x", today)
    with pytest.raises(new_post.Refused, match="exists already"):
        new_post.create(root, "beta", "plain", today)
    with pytest.raises(new_post.Refused, match="kebab-case"):
        new_post.create(root, "beta", "Bad_Slug", today)


def test_new_post_passes_check_and_builds(make_app, copy_root):
    root = copy_root("grid")
    post = new_post.create(root, "beta", "fresh-notes", dt.date(2025, 1, 2))
    assert post.read_text(encoding="utf-8").startswith("---\ndate: 2025-01-02\n")
    assert check_posts.main(root) == 0
    app = make_app("html", srcdir=root, freshenv=True)
    app.build()
    assert (app.outdir / "posts/beta/fresh-notes.html").exists()
    warnings = [line for line in app._warning.getvalue().splitlines()
                if line.strip() and "while setting up extension" not in line]
    assert warnings == []


def test_check_reports_the_builds_messages_with_file_and_line(tmp_path):
    shutil.copytree(REPO / "tests/roots/test-bad-front-matter", tmp_path / "site")
    result = subprocess.run([sys.executable, str(REPO / "scripts/check_posts.py"), str(tmp_path / "site")],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "posts/bad/slash-date.md:2: 'date' must be an ISO date like 2024-03-18, got '2024/3/18'" \
        in result.stdout
    assert "posts/bad/typo-key.md:3: unknown front-matter key 'tag' (did you mean 'tags'?)" in result.stdout
