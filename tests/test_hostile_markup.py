"""A post's text is untrusted (issue #14): titles, tags and summaries that look like markup are
shown as text wherever they land, and the feed and the sitemap stay well-formed XML whatever a
post holds (control characters, a URL with a quote, a formula with markup in it)."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from io import StringIO
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
import yaml
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from conftest import REPO, TESTS
from post_catalog.feed_html import feed_html
from post_catalog.sitemap import sitemap_xml
from post_catalog.xml_chars import xml_text

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = TESTS / "roots/test-hostile-titles"
CONTROL = TESTS / "roots/test-control-chars"
BASE = "https://example.org/blog/"
# The theme's inline script naming the page: safe while the name cannot leave its JS string.
PAGENAME_SCRIPT = re.compile(r"^DOCUMENTATION_OPTIONS\.pagename = '[^'\\<>\n]*';$")


def build(tmp_path_factory, root: Path, **confoverrides) -> SphinxTestApp:
    srcdir = tmp_path_factory.mktemp(root.name) / "src"
    shutil.copytree(root, srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=True, status=StringIO(), warning=StringIO(),
                        confoverrides=confoverrides)
    app.build()
    return app


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    # with the site's own overrides of the book theme's templates
    app = build(tmp_path_factory, HOSTILE, templates_path=[str(REPO / "_templates")])
    yield app
    app.cleanup()


def front_matter_and_title(path: Path) -> tuple[dict, str]:
    """What the author wrote: the YAML fields, and the H1 as a reader sees it (no backticks)."""
    _, yaml_text, body = path.read_text(encoding="utf-8").split("---\n", 2)
    h1 = next(line for line in body.split("\n") if line.startswith("# "))  # splitlines() cuts at \x0c
    return yaml.safe_load(yaml_text), h1[2:].replace("`", "")


TOKENIZER_META, TOKENIZER = front_matter_and_title(HOSTILE / "posts/llm/tokenizer.md")


def page(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / name).read_text(encoding="utf-8"), "html.parser")


def text(element) -> str:
    """The text a reader sees, without a heading's "#" permalink."""
    return " ".join("".join(element.find_all(string=lambda s: not s.find_parent(class_="headerlink")))
                    .split())


def handlers(soup: BeautifulSoup) -> list[str]:
    return [value for element in soup.find_all(True)
            for name, value in element.attrs.items() if name.startswith("on")]


def inline_scripts(soup: BeautifulSoup) -> list[str]:
    scripts = [script.get_text().strip() for script in soup.find_all("script") if not script.get("src")]
    return ["PAGENAME" if PAGENAME_SCRIPT.match(script) else script for script in scripts]


def test_no_page_runs_markup_from_a_title_tag_or_summary(hostile):
    """Every payload in the test root calls alert(): none may reach a script or a handler."""
    pages = sorted(hostile.outdir.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        name = path.relative_to(hostile.outdir).as_posix()
        assert not soup.select("img[onerror], s"), name
        assert not [code for code in handlers(soup) + inline_scripts(soup) if "alert" in code], name
        for script in soup.select("script[src]"):
            assert ":" not in script["src"] and not script["src"].startswith("/"), name  # own files


def test_the_title_is_shown_literally_everywhere_it_is_shown(hostile):
    post = page(hostile, "posts/llm/tokenizer.html")
    assert text(post.title).startswith(TOKENIZER)
    assert text(post.select_one("#jb-print-docs-body h1")) == TOKENIZER  # the theme's print header
    assert text(post.select_one("article h1")) == TOKENIZER
    assert TOKENIZER in [text(a) for a in post.select("nav.bd-docs-nav a")]
    assert post.select_one('meta[property="og:title"]')["content"] == TOKENIZER
    home = page(hostile, "index.html")
    assert [text(a) for a in home.select(".latest-updates-title a")][0] == TOKENIZER
    assert text(home.select_one(".latest-updates-excerpt")) == TOKENIZER_META["summary"]
    assert TOKENIZER in [text(a) for a in page(hostile, "archive.html").select(".post-listing-title")]
    following = page(hostile, "posts/llm/eos.html")
    assert [text(a) for a in following.select(".post-related li a")] == [TOKENIZER]
    assert [text(a) for a in following.select(".post-topic-pager a")] == [TOKENIZER]
    assert text(following.select_one(".prev-next-title")) == TOKENIZER
    assert following.select_one('link[rel="prev"]')["title"] == TOKENIZER


def test_tags_are_shown_literally_on_posts_cards_tag_pages_and_the_tag_index(hostile):
    tags = TOKENIZER_META["tags"]
    post = page(hostile, "posts/llm/tokenizer.html")
    links = post.select(".post-meta a.post-tag")
    assert [text(a) for a in links] == tags
    card_tags = page(hostile, "index.html").select(".latest-updates-card")[0]
    assert [text(t) for t in card_tags.select(".latest-updates-tag")] == tags
    cloud = {a.contents[0]: a for a in page(hostile, "tags/index.html").select("a.tag-cloud-tag")}
    assert set(cloud) == set(tags)
    for tag, link in zip(tags, links):
        tag_page = page(hostile, unquote(urljoin("posts/llm/", link["href"])))  # the post's link
        assert text(tag_page.title).startswith(f"标签：{tag}")
        assert text(tag_page.select_one("article h1")) == f"标签：{tag}"
        assert TOKENIZER in [text(a) for a in tag_page.select(".post-listing-title")]


def test_search_index_holds_titles_as_text_and_search_escapes_them(hostile):
    index = (hostile.outdir / "searchindex.js").read_text(encoding="utf-8")
    titles = json.loads(index[index.index("(") + 1: index.rindex(")")])["titles"]
    assert TOKENIZER in titles  # plain text, not HTML ...
    searchtools = (hostile.outdir / "_static/searchtools.js").read_text(encoding="utf-8")
    assert "linkEl.innerHTML = _escapeHTML(title);" in searchtools  # ... escaped when shown


def test_feed_shows_titles_as_text_and_carries_no_script(hostile):
    root = ET.parse(hostile.outdir / "feed.xml").getroot()
    entry = next(e for e in root.iter(f"{ATOM}entry") if e.find(f"{ATOM}title").text == TOKENIZER)
    assert entry.find(f"{ATOM}summary").text == TOKENIZER_META["summary"]
    assert [c.get("term") for c in entry.iter(f"{ATOM}category")] == TOKENIZER_META["tags"]
    content = BeautifulSoup(entry.find(f"{ATOM}content").text, "html.parser")
    page_url = urljoin(BASE, "posts/llm/tokenizer.html")
    assert [img.attrs for img in content.find_all("img")] == [
        {"alt": "地址里有引号的图", "src": 'https://example.com/x.png"onerror="alert(1)'}]
    assert content.select_one("a.image-reference")["href"] == urljoin(page_url, 'relative"onmouseover="alert(1).html')
    assert not content.find_all("script") and not handlers(content)
    assert not [el for el in content.find_all(True) for value in el.attrs.values()
                if "javascript" in str(value)]  # a formula's \href{javascript:…}
    assert "&lt;img" in str(content.select_one("code"))  # code stays text


def test_feed_content_rewrites_links_with_a_parser():
    page_url = "https://example.org/blog/posts/a/b.html"
    hostile = ('<p><img src="x.png&quot; onerror=&quot;alert(1)" alt="a &amp; &quot;b&quot;">'
               '<a href="#part">本节</a> <a href="../c.html?x=1&amp;y=2">c</a> &lt;s&gt; a &amp; b</p>'
               '<a href="java\tscript:alert(2)" onclick="alert(3)">x</a><script>alert(4)</script>')
    content = BeautifulSoup(feed_html(hostile, page_url), "html.parser")
    image = content.find("img")
    assert image.attrs == {"src": urljoin(page_url, 'x.png" onerror="alert(1)'), "alt": 'a & "b"'}
    assert [a.get("href") for a in content.find_all("a")] == [
        f"{page_url}#part", "https://example.org/blog/posts/c.html?x=1&y=2", None]
    assert "<s> a & b" in content.get_text()
    assert not content.find_all("script") and not content.find_all(onclick=True)


def test_formulas_become_mathml_in_the_feed_unless_they_hold_markup(hostile):
    root = ET.parse(hostile.outdir / "feed.xml").getroot()
    contents = {e.find(f"{ATOM}title").text: BeautifulSoup(e.find(f"{ATOM}content").text, "html.parser")
                for e in root.iter(f"{ATOM}entry")}
    aligned = next(soup for title, soup in contents.items() if title != TOKENIZER)
    assert aligned.select("math[display=block] mtable") and not aligned.select("div.math")
    hostile_math = contents[TOKENIZER]
    assert not hostile_math.select("img[onerror], mtext img")
    assert any("onerror" in span.get_text() for span in hostile_math.select("span.math"))  # as TeX


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x0b", "\x0c", "\x1b", "\x1f",
                                       "\ufffe", "\uffff", "\ud800", "\udfff"])
def test_characters_xml_cannot_carry_are_dropped(character):
    from lxml import etree  # what feedgen writes with, and refuses such characters

    with pytest.raises(ValueError):
        etree.Element("t").text = f"a{character}b"
    etree.Element("t").text = xml_text(f"a{character}b")
    assert xml_text(f"a{character}b") == "ab"


def test_characters_xml_can_carry_are_kept():
    kept = "\t\n\r 中文 é \x7f \ud7ff \ue000 \ufffd 😀 \U0010ffff"
    assert xml_text(kept) == kept


def test_sitemap_is_well_formed_whatever_the_page_names():
    names = ["a.html", 'tags/<b>&"x".html', "posts/form\x0cfeed.html"]
    root = ET.fromstring(sitemap_xml(BASE, names))
    locs = [loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs == [BASE + "a.html", BASE + 'tags/<b>&"x".html', BASE + "posts/formfeed.html"]


def test_control_characters_in_a_post_leave_feed_and_sitemap_well_formed(tmp_path_factory):
    app = build(tmp_path_factory, CONTROL)  # a feed that lxml refused failed the whole build
    try:
        root = ET.parse(app.outdir / "feed.xml").getroot()
        ET.parse(app.outdir / "sitemap.xml")
        meta, title = front_matter_and_title(CONTROL / "posts/notes/pasted.md")
        entries = {e.find(f"{ATOM}title").text: e for e in root.iter(f"{ATOM}entry")}
        pasted = entries[xml_text(title)]
        assert xml_text(title) != title  # the source really holds such characters
        assert pasted.find(f"{ATOM}summary").text.startswith(xml_text(meta["summary"])[:10])
        assert [c.get("term") for c in pasted.iter(f"{ATOM}category")] == [xml_text(t) for t in meta["tags"]]
        assert "控制字符" in pasted.find(f"{ATOM}content").text
        long_meta, long_title = front_matter_and_title(CONTROL / "posts/notes/long-summary.md")
        summary = entries[long_title].find(f"{ATOM}summary").text
        assert len(long_meta["summary"]) > 400
        assert summary.endswith("……") and long_meta["summary"].startswith(summary.removesuffix("……"))
        assert len(summary.removesuffix("……")) <= 200
    finally:
        app.cleanup()


@pytest.mark.parametrize("tex", [r"\href{javascript:alert(1)}{x}", r"\style{position:fixed;inset:0}{y}",
                                 r"\class{evil}{z}"])  # latex2mathml writes \cssId as plain text
def test_formulas_carry_no_links_or_styles_into_feed_or_ebook(tex):
    from types import SimpleNamespace

    from offline_formats.ebook import to_mathml
    from post_catalog.feed import _mathml

    assert to_mathml(tex, False) is None and to_mathml(tex, True) is None  # kept as TeX, with a warning
    fragment = f'<p><span class="math notranslate nohighlight">\\({tex}\\)</span></p>'
    assert _mathml(SimpleNamespace(extensions={}), fragment) == fragment  # the feed keeps it as TeX
    assert to_mathml(r"\mathbb{R}^{n}", False).startswith("<math")  # what is no link or style converts
