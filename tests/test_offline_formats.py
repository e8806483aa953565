"""The formats offered for download (issue #19): the single-page HTML (Read the Docs' zipped
HTML) opened from disk, dirhtml, and the EPUB checked by epubcheck."""

from __future__ import annotations

import html
import pickle
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
import zipfile
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlparse

import pytest

from build_state import shortcuts_report
from offline_formats import lean_single_page
from site_build import build, warnings_of

pytestmark = pytest.mark.site

EPUBCHECK_JAR = Path("/usr/share/java/epubcheck.jar")


def _strict_build(builder: str, tmp_path_factory, *extra: str) -> Path:
    """The real site, strictly; doctrees outside the output (the EPUB packs its whole folder)."""
    base = tmp_path_factory.mktemp(builder)
    outdir = base / "out"
    process = build(builder, outdir, "-d", str(base / "doctrees"), *extra)
    assert process.returncode == 0 and not warnings_of(process), process.stderr
    return outdir


@pytest.fixture(scope="module")
def single_page(tmp_path_factory) -> Path:
    return _strict_build("singlehtml", tmp_path_factory) / "index.html"


@pytest.fixture(scope="module")
def upstream_single_page(tmp_path_factory) -> Path:
    """The single page built the upstream way: lean_single_page's memory shortcuts off."""
    return _strict_build("singlehtml", tmp_path_factory, "-D", "single_page_lean=0") / "index.html"


@pytest.fixture(scope="module")
def dirhtml(tmp_path_factory) -> Path:
    return _strict_build("dirhtml", tmp_path_factory)


@pytest.fixture(scope="module")
def epub(tmp_path_factory) -> Path:
    return _strict_build("epub", tmp_path_factory) / "ml-notes.epub"


def _post_titles() -> dict[str, str]:
    """Every published post's H1, read from the sources (independent of any builder)."""
    root = Path(__file__).resolve().parent.parent
    titles = {}
    for path in sorted(root.glob("posts/*/*.md")):
        text = path.read_text(encoding="utf-8")
        if path.name == "index.md" or re.search(r"^draft:\s*true", text, re.M):
            continue
        titles[str(path.relative_to(root).with_suffix(""))] = re.search(r"^# (.+)$", text, re.M)[1]
    return titles


# -- the single page --------------------------------------------------------------------------

def test_single_page_ids_are_unique(single_page):
    ids = re.findall(r'\sid="([^"]*)"', single_page.read_text(encoding="utf-8"))
    duplicates = {identifier for identifier in ids if ids.count(identifier) > 1}
    assert not duplicates, sorted(duplicates)[:20]


def test_single_page_citation_jumps_to_its_own_posts_bibliography(single_page):
    """Each post's citation links point into that post's part of the page, not another's."""
    page = single_page.read_text(encoding="utf-8")
    starts = [(m.start(), m[1]) for m in re.finditer(r'<span id="document-([^"]+)"></span>', page)]
    owner_at = lambda position: max((s for s in starts if s[0] <= position), default=(0, ""))[1]
    positions = {m[1]: m.start() for m in re.finditer(r'\sid="([^"]*)"', page)}
    checked = 0
    for link in re.finditer(r'<span class="bibtex-citation"[^>]*>.*?href="#([^"]+)"', page):
        assert owner_at(positions[html.unescape(link[1])]) == owner_at(link.start()), link[0][:200]
        checked += 1
    assert checked > 20


def test_single_page_opens_from_disk(single_page, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    failed, errors, outside = [], [], []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("response", lambda r: r.status >= 400 and failed.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("request", lambda r: urlparse(r.url).scheme not in ("file", "data", "blob")
            and outside.append(r.url))
    page.goto(single_page.as_uri(), wait_until="load", timeout=120_000)  # a large page

    # the site's title, and a sidebar of topics, each with its posts in reading order
    assert page.locator(".bd-sidebar-primary .logo__title").inner_text().strip() == "机器学习笔记"
    nav = page.locator(".bd-sidebar-primary nav.bd-docs-nav")
    topics = nav.locator("li.toctree-l1 > a")
    assert topics.count() == 8
    posts = nav.locator("li.toctree-l2 > a")
    assert sorted(posts.all_inner_texts()) == sorted(_post_titles().values())

    # every link inside the page lands on an element of the page
    dangling = page.evaluate("""() => [...document.querySelectorAll('a[href^="#"]')]
        .map(a => a.getAttribute('href').slice(1))
        .filter(id => id && !document.getElementById(decodeURIComponent(id)))""")
    assert dangling == []
    # other links are external, or files the download contains (checked by "requestfailed")
    local = page.evaluate("""() => [...document.querySelectorAll('a[href]')]
        .map(a => a.href).filter(h => h.startsWith('file:') && !h.includes('#'))""")
    for href in local:
        assert Path(urlparse(href).path).exists(), href

    # no search that cannot work, formulas typeset, every figure loaded
    assert page.locator("input[type=search], .search-button, #pst-search-dialog").count() == 0
    assert page.locator(".math svg").count() > 100  # typeset when the site was built
    assert "\\(" not in page.locator("article").inner_text()
    broken = page.evaluate("""() => [...document.images]
        .filter(img => !img.complete || img.naturalWidth === 0).map(img => img.src)""")
    assert page.locator("img").count() > 20 and broken == []
    assert failed == [] and errors == [] and outside == []
    page.close()


def test_single_page_is_the_same_without_its_memory_shortcuts(single_page, upstream_single_page):
    """lean_single_page changes how much memory the page takes to write, not one byte of it."""
    lean, upstream = single_page.read_bytes(), upstream_single_page.read_bytes()
    at = next((i for i, (a, b) in enumerate(zip(lean, upstream)) if a != b), min(len(lean), len(upstream)))
    assert lean == upstream, f"first difference at byte {at}: {lean[at - 80:at + 80]!r} / {upstream[at - 80:at + 80]!r}"
    # the page holds characters beyond U+FFFF (MathJax's <text> for a double-struck 1), so the
    # body really went through the private-use stand-ins and back
    assert any(ord(character) > 0xFFFF for character in lean.decode("utf-8"))

    shortcuts = ("single_page_lean_write_doc", "single_page_body_set_aside", "single_page_not_indexed")
    ran = shortcuts_report(single_page.parent.parent / "doctrees")
    assert all(ran.get(name, 0) >= 1 for name in shortcuts), ran
    assert not set(shortcuts) & set(shortcuts_report(upstream_single_page.parent.parent / "doctrees"))


def test_single_page_leaves_the_search_texts_alone(single_page, upstream_single_page):
    """singlehtml feeds the whole site to a search index it never writes, as one page: its text
    must not become the home page's in the store the HTML build shares when -d is shared (as on
    Read the Docs). chinese_search hooks only the builders that write an index."""
    def texts(page: Path) -> dict:
        store = page.parent.parent / "doctrees" / "build_state" / "chinese_search_texts.pickle"
        return pickle.loads(store.read_bytes()) if store.exists() else {}

    assert "index" not in texts(upstream_single_page)  # without lean_single_page's own guard too
    assert "index" not in texts(single_page)


@pytest.mark.parametrize("pieces", [
    ["<p>", "无", "</p>"],
    ["<text>\U0001D7D9</text>", "ascii", "正文 \U0001F600 ", "\U0001D7D9", "<svg/>"],
    # private-use characters the body already has are never used as stand-ins
    ["\uE000\uE001", "<b>\U0001D538</b>", "\uE002", "\U0001D7D9\U0001F600"],
])
def test_single_page_body_narrowed_and_widened_back(pieces):
    app = SimpleNamespace()  # the shortcut keeps its table in the app's __dict__
    narrow = lean_single_page._narrow_join(app, list(pieces))
    assert max(narrow) <= "\uFFFF"  # 2 bytes a character, whatever the page holds
    assert len(narrow) == sum(map(len, pieces))
    assert lean_single_page._widened(app, narrow) == "".join(pieces)
    # and in slices, as the page is written
    width = 3
    assert "".join(lean_single_page._widened(app, narrow[i:i + width])
                   for i in range(0, len(narrow), width)) == "".join(pieces)


# -- dirhtml ----------------------------------------------------------------------------------

def test_dirhtml_pages_tags_feed_and_sitemap_use_folder_urls(dirhtml):
    for docname in _post_titles():
        assert (dirhtml / docname / "index.html").is_file(), docname
    tag_pages = list((dirhtml / "tags").glob("*/index.html"))
    assert len(tag_pages) > 10
    assert (dirhtml / "tags" / "index.html").is_file() and (dirhtml / "archive" / "index.html").is_file()

    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.parse(dirhtml / "feed.xml").getroot()
    links = [entry.find(f"{atom}link").get("href") for entry in feed.iter(f"{atom}entry")]
    assert links and all(link.endswith("/") and ".html" not in link for link in links)
    locs = [loc.text for loc in ElementTree.parse(dirhtml / "sitemap.xml").getroot().iter(
        "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs and not [loc for loc in locs if loc.endswith(".html")]
    # every address in the sitemap is a page of the output
    home = min(locs, key=len)  # the site's address: the home page
    for loc in locs:
        path = loc.removeprefix(home)
        assert (dirhtml / path / "index.html").is_file() or (dirhtml / path).is_file(), loc


def test_dirhtml_deletes_pages_of_drafts_and_removed_posts(make_app, copy_root):
    srcdir = copy_root("blog")
    app = make_app("dirhtml", srcdir=srcdir, freshenv=True)
    app.build()
    drafted, removed = "posts/alpha/post-03", "posts/beta/post-04"
    for docname in (drafted, removed):
        assert (app.outdir / docname / "index.html").is_file()

    source = srcdir / f"{drafted}.md"
    source.write_text(source.read_text(encoding="utf-8").replace("---\n", "---\ndraft: true\n", 1),
                      encoding="utf-8")
    (srcdir / f"{removed}.md").unlink()
    again = make_app("dirhtml", srcdir=srcdir)
    again.build()
    for docname in (drafted, removed):
        assert not (again.outdir / docname / "index.html").exists(), docname
        assert not (again.outdir / "_sources" / f"{docname}.md.txt").exists(), docname


# -- EPUB -------------------------------------------------------------------------------------

@pytest.mark.skipif(not EPUBCHECK_JAR.exists() or not shutil.which("java"),
                    reason="needs Debian's epubcheck (scripts/debian-packages.txt)")
def test_epub_passes_epubcheck(epub):
    # /usr/bin/epubcheck is the jar itself, run through binfmt_misc, which containers often lack
    process = subprocess.run(["java", "-jar", str(EPUBCHECK_JAR), str(epub)],
                             capture_output=True, text=True)
    assert process.returncode == 0, process.stdout + process.stderr


def test_epub_has_chinese_metadata_topics_and_mathml(epub):
    with zipfile.ZipFile(epub) as package:
        names = package.namelist()
        opf = package.read("content.opf").decode("utf-8")
        nav = package.read("nav.xhtml").decode("utf-8")
        pages = {name: package.read(name).decode("utf-8") for name in names if name.endswith(".xhtml")}
        css = package.read("_static/offline-ebook.css").decode("utf-8")

    assert "<dc:language>zh-CN</dc:language>" in opf and "<dc:title>机器学习笔记</dc:title>" in opf
    assert "Noto Serif CJK SC" in css and not [n for n in names if n.endswith((".otf", ".ttf", ".woff2"))]
    # the table of contents: topics, each with its posts
    for title in _post_titles().values():
        assert html.escape(title, quote=False) in nav, title
    assert nav.index("生成模型") < nav.index("生成模型总览")

    # web-only parts left out: no cards, related posts, scripts for MathJax, search
    everything = "".join(pages.values())
    for web_only in ("latest-updates-card", "post-related", "mathjax/", "search.html", "kb-hero"):
        assert web_only not in everything, web_only
    # formulas are MathML, declared in the manifest
    with_math = [name for name, text in pages.items() if "<math " in text]
    assert len(with_math) > 20
    for name in with_math:
        assert re.search(rf'href="{re.escape(name)}"[^>]*properties="mathml"', opf), name
    assert "\\frac" not in everything and "\\begin{" not in everything
