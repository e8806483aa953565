"""A careless or hostile author: drafts stay private, one bad character is a located warning
(never a traceback), a post cannot read files, run code or add markup, every tag has its page."""

from __future__ import annotations

import os
import runpy
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import REPO
from post_catalog import front_matter
from post_catalog.catalog import literal_pattern
from post_catalog.catalog import tag_page
from sphinx.util.matching import Matcher

SITE_MYST = runpy.run_path(str(REPO / "conf.py"))["myst_enable_extensions"]

DRAFTS = {  # every spelling YAML reads as a draft, and front matter too broken to tell
    "spaced": "draft : true",
    "quoted": '"draft": true',
    "capital": "Draft: true",
    "yes": "draft: yes",
    "merged": "<<: {draft: true}",
    "string": 'draft: "true"',
    "number": "draft: 1",
    "broken": "tags: [a, b",
    "deep": "x: " + "[" * 1000 + "]" * 1000,
    "after-block": "summary: |\n  ---\ndraft: true",  # an indented --- does not end the block
    "alias": "flag: &on true\ndraft: *on",
}


def post(date="2025-01-01", extra="", title="标题", body="正文。") -> str:
    return f"---\ndate: {date}\n{extra}\n---\n\n# {title}\n\n{body}\n"


@pytest.mark.parametrize("line", DRAFTS.values(), ids=DRAFTS.keys())
def test_every_spelling_of_a_draft_is_a_draft(line):
    assert front_matter.parse(post(extra=line)).draft


@pytest.mark.parametrize("text", ["---\ndate: 2025-01-01\ndraft: true\n...\n\n# 标题\n",
                                  "---\ndate: 2025-01-01\ndraft: true\n\n# 标题\n"])
def test_unclosed_front_matter_keeps_the_post_private(text):
    meta = front_matter.parse(text)
    assert meta.draft and meta.draft_doubtful and "not closed" in meta.problems[0].message


@pytest.mark.parametrize("line", ["draft: false", "draft: no", "", "pinned: true"])
def test_a_post_that_is_plainly_no_draft_is_published(line):
    assert not front_matter.parse(post(extra=line)).draft


@pytest.mark.parametrize(("line", "message"), [
    ("tags: [\"a\\x0cb\"]", "tag 'a\\x0cb' contains U+000C"),
    ("tags: [\"a\\0b\"]", "contains U+0000"),
    ("tags: [\"a\\u202eb\"]", "bidirectional control characters"),
    ("summary: \"one\\x01two\"", "'summary' contains U+0001"),
    ("tags: [" + "长" * 90 + "]", "a tag is a short subject"),
])
def test_unsafe_characters_in_fields_are_located_and_removed(line, message):
    meta = front_matter.parse(post(extra=line))
    assert [(p.line, message in p.message) for p in meta.problems] == [(3, True)]
    assert all(ord(c) >= 32 and c != "\u202e" for c in "".join(meta.tags) + (meta.summary or ""))


@pytest.mark.parametrize("date", ["1989-12-31", "9999-01-01"])
def test_implausible_dates_are_warned_and_not_used(date):
    meta = front_matter.parse(post(date=date))
    assert meta.date is None and "implausible" in meta.problems[0].message


def test_a_huge_front_matter_reports_a_bounded_number_of_problems():
    keys = "\n".join(f"k{i}: {i}" for i in range(20000))
    meta = front_matter.parse(post(extra=keys))
    assert 1 < len(meta.problems) <= front_matter.MAX_UNKNOWN_KEYS + 1
    assert "19990 more unknown" in meta.problems[-1].message


@pytest.mark.parametrize("tags", [("Flow", "flow", "ＦＬＯＷ"), ("a b", "a/b", "a-b", "a_b"),
                                  ("?", "#", "%", "&"), ("index", "nul", "Con")])
def test_tag_pages_are_one_per_tag_bounded_and_never_reserved(tags):
    pages = {tag_page(tag) for tag in tags}
    same = len({front_matter.tag_key(tag) for tag in tags})
    assert len(pages) == same
    for page in pages:
        name = page.removeprefix("tags/")
        assert name not in ("index", "nul", "con") and len(name.encode()) < 200
        assert "/" not in name and not name.startswith(".")


def test_a_long_tag_gets_a_bounded_name():
    assert len(tag_page("长" * 90).encode()) < 200


@pytest.mark.parametrize("path", ["posts/a/[x].md", "posts/a/*.md", "posts/a/x?.md", "posts/a/]y.md"])
def test_withheld_paths_are_excluded_literally(path):
    matcher = Matcher([literal_pattern(path)])
    assert matcher(path)
    assert not matcher("posts/a/other.md")


@pytest.fixture
def hostile_site(make_app, copy_root):
    """The grid test root, plus what a careless or hostile author would commit."""
    root = copy_root("grid")
    alpha = root / "posts/alpha"
    for slug, line in DRAFTS.items():
        (alpha / f"draft-{slug}.md").write_text(post(extra=line, title=f"秘密草稿{slug}"), encoding="utf-8")
    (alpha / "sub").mkdir()
    (alpha / "sub/nested.md").write_text(post(extra="draft: true", title="秘密草稿nested"), encoding="utf-8")
    (alpha / "folder.md").mkdir()
    (alpha / "dangling.md").symlink_to(root / "missing.md")
    outside = root.parent / "outside-secret.txt"
    outside.write_text("SECRET-OUTSIDE-THE-PROJECT\n", encoding="utf-8")
    (alpha / "linked.md").symlink_to(outside)
    relative_outside = os.path.relpath(outside, alpha)
    (alpha / "bad-bytes.md").write_bytes(post(title="坏字节").encode() + b"caf\xe9 au lait\n")
    (alpha / "controls.md").write_text(
        post(extra='summary: "form\\x0cfeed"\ntags: ["nul\\0tag", Flow]', title="换页\x0c标题",
             body="正文里有 \x01 控制字符。"), encoding="utf-8")
    (alpha / "also-flow.md").write_text(post(extra="tags: [flow, a b, a/b, a-b, index, " + "长" * 45 + "]",
                                             title="另一篇"), encoding="utf-8")
    (alpha / "files.md").write_text(post(title="文件", body=(
        f"```{{literalinclude}} {relative_outside}\n```\n\n"
        f"```{{include}} {relative_outside}\n```\n\n"
        f"![外部图片]({relative_outside})\n\n"
        f"{{download}}`外部下载 <{relative_outside}>`\n\n"
        "<script>alert('post')</script>\n\n行内 <img src=x onerror=alert(1)> 标签。\n\n"
        "{{ env.__class__.__init__.__globals__['os'].getcwd() }}\n")), encoding="utf-8")
    (alpha / "metadata.md").write_text(
        "---\ndate: 2025-01-01\nmyst:\n  html_meta:\n    http-equiv=refresh: 0;url=https://evil.example\n"
        "---\n\n# 元数据\n\n正文。\n", encoding="utf-8")
    (alpha / "future.md").write_text(post(date="9999-01-01", title="未来"), encoding="utf-8")
    (alpha / "Bad_Slug.md").write_text(post(title="坏网址"), encoding="utf-8")
    (alpha / "quote';alert(1)'.md").write_text(post(title="秘密草稿quote"), encoding="utf-8")
    entries = ["math-opening", "updated-later", "old-pinned", "hostile", "bad-bytes", "controls",
               "also-flow", "files", "metadata", "future", "Bad_Slug", "linked", "dangling",
               *(f"draft-{slug}" for slug in DRAFTS)]
    (alpha / "index.md").write_text("# Alpha 主题\n\n```{toctree}\n" + "\n".join(entries) + "\n```\n",
                                    encoding="utf-8")
    app = make_app("html", srcdir=root, freshenv=True,
                   confoverrides={"myst_enable_extensions": SITE_MYST})
    app.build()
    return app


def warnings_of(app) -> list[str]:
    return [line for line in app._warning.getvalue().splitlines() if "WARNING" in line]


def test_hostile_site_builds_with_located_warnings(hostile_site):
    warnings = warnings_of(hostile_site)
    assert "Traceback" not in hostile_site._warning.getvalue()
    expected = [
        ("draft-deep.md:3", "not published: front matter is not valid YAML"),
        ("draft-broken.md:3", "not published: front matter is not valid YAML"),
        ("draft-number.md:3", "not published: 'draft' must be true or false"),
        ("draft-string.md:3", "not published: 'draft' must be true or false"),
        ("sub/nested.md:1", "not published: a post lives directly in a topic folder"),
        ("folder.md:1", "a folder named like a post is not a post"),
        ("dangling.md:1", "not published: a symlink to a file that does not exist"),
        ("linked.md:1", "not published: a symlink to a file outside the project"),
        ("bad-bytes.md:9", "bytes that are not UTF-8 were replaced"),
        ("controls.md:3", "'summary' contains U+000C"),
        ("controls.md:4", "tag 'nul\\x00tag' contains U+0000"),
        ("controls.md:7", "removed control characters U+000C"),
        ("controls.md:9", "removed control characters U+0001"),
        ("files.md:8", "File insertion disabled"),
        ("files.md:11", 'Directive "include" disabled'),
        ("files.md:14", "is outside the project"),
        ("files.md:16", "is outside the project"),
        ("files.md:18", "raw HTML is shown as text"),
        ("files.md:20", "raw HTML is shown as text"),
        ("metadata.md:3", "unknown front-matter key 'myst'"),
        ("future.md:2", "'date' 9999-01-01 is implausible"),
        ("Bad_Slug.md:1", "slug 'Bad_Slug' is not lowercase ASCII kebab-case"),
        ("quote';alert(1)'.md:1", "not published: the file name"),
        ("also-flow.md:3", "tag 'flow' is spelled 'Flow' elsewhere"),
        ("also-flow.md:3", "a tag is a short subject of at most 40"),
    ]
    for where, message in expected:
        assert [line for line in warnings if f"posts/alpha/{where}: WARNING" in line and message in line], \
            (where, message, warnings)
    assert not [line for line in warnings if "toctree" in line], warnings


def test_no_draft_and_nothing_from_outside_is_published(hostile_site):
    outdir = Path(hostile_site.outdir)
    published = "\n".join(path.read_text(encoding="utf-8", errors="replace")
                          for path in outdir.rglob("*") if path.is_file())
    assert "秘密草稿" not in published
    assert "SECRET-OUTSIDE-THE-PROJECT" not in published
    assert str(hostile_site.srcdir) not in published  # no evaluated template, no absolute path
    for slug in [*(f"draft-{s}" for s in DRAFTS), "sub/nested", "linked", "dangling"]:
        assert not (outdir / f"posts/alpha/{slug}.html").exists(), slug
        assert not (outdir / f"_sources/posts/alpha/{slug}.md.txt").exists(), slug
    assert not list(outdir.glob("_images/outside-secret*")) and not (outdir / "_downloads").exists()


def test_post_text_is_shown_as_text(hostile_site):
    files = BeautifulSoup((Path(hostile_site.outdir) / "posts/alpha/files.html").read_text(encoding="utf-8"),
                          "html.parser")
    assert not files.select("img[onerror]") and "alert" not in " ".join(map(str, files.select("script")))
    text = files.get_text()
    assert "<script>alert('post')</script>" in text and "<img src=x onerror=alert(1)>" in text
    assert "{{ env." in text and "getcwd() }}" in text  # substitutions are off: braces are text
    metadata = (Path(hostile_site.outdir) / "posts/alpha/metadata.html").read_text(encoding="utf-8")
    assert "evil.example" not in metadata
    assert "caf\ufffd au lait" in (Path(hostile_site.outdir) / "posts/alpha/bad-bytes.html").read_text(encoding="utf-8")


def test_feed_and_sitemap_are_well_formed_and_controls_are_gone(hostile_site):
    outdir = Path(hostile_site.outdir)
    feed = ET.parse(outdir / "feed.xml")
    ET.parse(outdir / "sitemap.xml")
    titles = [t.text for t in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert "换页标题" in titles
    page = (outdir / "posts/alpha/controls.html").read_text(encoding="utf-8")
    assert "\x0c" not in page and "\x01" not in page and "nultag" in page


def test_every_tag_has_its_own_page_listing_its_posts(hostile_site):
    outdir = Path(hostile_site.outdir)
    for tag in ["flow", "a b", "a/b", "a-b", "index", "长" * 45]:
        page = outdir / f"{tag_page(tag)}.html"
        assert page.exists(), tag
        assert "另一篇" in page.read_text(encoding="utf-8"), tag
    flow = (outdir / f"{tag_page('Flow')}.html").read_text(encoding="utf-8")
    assert "换页标题" in flow and "另一篇" in flow  # Flow and flow are one tag
    assert "全部标签" in (outdir / "tags/index.html").read_text(encoding="utf-8")


def test_a_post_moved_before_a_fresh_build_leaves_no_page_behind(make_app, copy_root):
    root = copy_root("grid")
    make_app("html", srcdir=root, freshenv=True).build()
    old = root / "posts/alpha/math-opening.md"
    (root / "posts/beta/math-opening.md").write_text(old.read_text(encoding="utf-8"), encoding="utf-8")
    old.unlink()
    for index in ("posts/alpha/index.md", "posts/beta/index.md"):
        page = root / index
        text = page.read_text(encoding="utf-8").replace("math-opening\n", "")
        if "beta" in index:
            text = text.replace("```{toctree}\n", "```{toctree}\nmath-opening\n")
        page.write_text(text, encoding="utf-8")
    moved = make_app("html", srcdir=root, freshenv=True)  # -E: Sphinx forgets the old page
    moved.build()
    assert (moved.outdir / "posts/beta/math-opening.html").exists()
    assert not (moved.outdir / "posts/alpha/math-opening.html").exists()
    assert not (moved.outdir / "_sources/posts/alpha/math-opening.md.txt").exists()
