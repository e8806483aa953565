"""Reliability gates on the real site: accessibility, keyboard, links, offline, reproducible.

Every page type: home, post, topic, tag, tag index, archive, search, 404.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from site_build import build, warnings_of

pytestmark = pytest.mark.site

PAGE_TYPES = {
    "home": "index.html",
    "post": "posts/generative/flow-nice.html",
    "topic": "posts/llm/index.html",
    "tag": "tags/生成模型.html",
    "tag index": "tags/index.html",
    "archive": "archive.html",
    "search": "search.html?q=自监督学习",
    "404": "404.html",
}


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_axe_finds_no_serious_or_critical_violation(browser, site_url, axe, kind, scheme):
    page = browser.new_page(color_scheme=scheme)
    page.goto(f"{site_url}/{PAGE_TYPES[kind]}", wait_until="networkidle")
    page.wait_for_timeout(300)  # MathJax and the theme finish their changes
    violations = axe.run(page).response["violations"]
    found = sorted({(v["id"], v["impact"]) for v in violations})
    print(f"\naxe {kind} ({scheme}): {found or 'no violations'}")
    assert [v for v in found if v[1] in ("serious", "critical")] == []
    assert not {"summary-name", "region"} & {v[0] for v in found}
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_pages_load_nothing_from_other_hosts_and_raise_no_errors(browser, site_url, kind):
    page = browser.new_page()
    foreign, errors = [], []
    page.on("request", lambda r: urlparse(r.url).hostname not in ("127.0.0.1", None)
            and not r.url.startswith("data:") and foreign.append(r.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(f"{site_url}/{PAGE_TYPES[kind]}", wait_until="networkidle")
    assert foreign == [] and errors == []
    page.close()


@pytest.mark.browser
def test_cards_tags_and_search_are_reachable_by_keyboard_with_a_visible_focus(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site_url}/index.html", wait_until="networkidle")
    reached = set()
    for _ in range(120):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
                         || style.boxShadow !== 'none';
            return {cls: el.className || '', ring};
        }""")
        for kind, marker in (("card", "latest-updates-link"), ("tag", "latest-updates-tag"),
                             ("search", "search-button")):
            if marker in str(focused["cls"]):
                assert focused["ring"], f"{kind} has no visible focus ring"
                reached.add(kind)
        if reached == {"card", "tag", "search"}:
            break
    assert reached == {"card", "tag", "search"}
    page.close()


def internal_targets(site_html: Path):
    """(page, target file, anchor) for every internal link, script, stylesheet and image."""
    for html in sorted(site_html.rglob("*.html")):
        if {".doctrees", "_static"} & set(html.relative_to(site_html).parts):
            continue  # doctree caches and theme template files are no pages
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for element in soup.find_all(tag):
                url = element.get(attr)
                if not url or urlparse(url).scheme or url.startswith(("//", "mailto:")):
                    continue
                if html.name == "404.html" and url.startswith("/"):
                    url = url.lstrip("/")  # the 404 page links from the site root
                    yield html, site_html / unquote(url.split("#")[0].split("?")[0]), url.partition("#")[2]
                    continue
                target, _, anchor = urljoin(html.relative_to(site_html).as_posix(), url).partition("#")
                yield html, site_html / unquote(target.split("?")[0]), unquote(anchor)


def test_every_internal_link_and_anchor_resolves(site_html):
    ids: dict[Path, set[str]] = {}
    broken, checked = [], 0
    for page, target, anchor in internal_targets(site_html):
        checked += 1
        if target.is_dir():
            target = target / "index.html"
        if not target.exists():
            broken.append(f"{page.relative_to(site_html)} -> {target.relative_to(site_html)}")
            continue
        if anchor and target.suffix == ".html":
            if target not in ids:
                soup = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
                ids[target] = {el["id"] for el in soup.find_all(id=True)}
            if anchor not in ids[target]:
                broken.append(f"{page.relative_to(site_html)} -> {target.relative_to(site_html)}#{anchor}")
    print(f"\nlinks checked: {checked}")
    assert checked > 1000
    assert broken == []


def test_feed_links_point_to_pages_of_the_site(site_html):
    atom = "{http://www.w3.org/2005/Atom}"
    root = ET.parse(site_html / "feed.xml").getroot()
    base = root.find(f"{atom}link[@rel='alternate']").get("href")
    links = [entry.find(f"{atom}link").get("href") for entry in root.findall(f"{atom}entry")]
    assert len(links) == 20
    for link in links:
        assert link.startswith(base)
        assert (site_html / unquote(link[len(base):])).exists(), link


def test_two_fresh_builds_give_identical_pages(site_html, tmp_path):
    process = build("html", tmp_path / "again")
    assert process.returncode == 0 and not warnings_of(process), process.stderr
    differ = []
    for path in sorted(site_html.rglob("*")):
        if path.is_file() and ".doctrees" not in path.parts:
            other = tmp_path / "again" / path.relative_to(site_html)
            if not other.exists() or other.read_bytes() != path.read_bytes():
                differ.append(path.relative_to(site_html).as_posix())
    # No exceptions: pages, feed, sitemap and search index are byte-identical.
    assert differ == []
