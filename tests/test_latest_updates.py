"""The latest-updates grid on small test roots (tests/roots/test-grid, test-bad-front-matter)."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup


def page(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / name).read_text(encoding="utf-8"), "html.parser")


def card_titles(soup: BeautifulSoup, within=None) -> list[str]:
    scope = soup.select_one(within) if within else soup
    return [a.get_text() for a in scope.select(".latest-updates-card .latest-updates-title a")]


def excerpt_of(soup: BeautifulSoup, title: str):
    for card in soup.select(".latest-updates-card"):
        if card.select_one(".latest-updates-title").get_text() == title:
            return card.select_one(".latest-updates-excerpt")
    raise AssertionError(f"no card titled {title!r}")


@pytest.mark.sphinx("html", testroot="grid", freshenv=True)
def test_pinned_first_then_newest_by_later_of_date_and_updated(app):
    app.build()
    assert card_titles(page(app, "index.html")) == [
        "置顶的旧文",      # pinned, 2022-06-01
        "旧文新修",        # updated 2024-05-20
        "含公式的开头",    # 2024-03-01
        "Beta 的文章",     # 2024-02-15
        "不可信的元数据",  # 2023-02-02
    ]
    assert app._warning.getvalue() == ""


@pytest.mark.sphinx("html", testroot="grid", freshenv=True)
def test_drafts_are_skipped_and_reported(app):
    app.build()
    assert "草稿" not in card_titles(page(app, "index.html"))
    assert not (app.outdir / "posts/alpha/secret.html").exists()
    assert "skipped draft: posts/alpha/secret.md" in app._status.getvalue()


@pytest.mark.sphinx("html", testroot="grid", freshenv=True)
def test_card_shows_link_chinese_date_topic_and_tags(app):
    app.build()
    soup = page(app, "index.html")
    card = soup.select(".latest-updates-card")[1]
    link = card.select_one(".latest-updates-title a")
    assert link["href"] == "posts/alpha/updated-later.html"
    assert card.select_one(".latest-updates-date").get_text() == "2024年5月20日"
    assert card.select_one(".latest-updates-topic").get_text() == "Alpha 主题"
    assert [t.get_text() for t in card.select(".latest-updates-tag")] == ["生成模型"]
    assert soup.select_one(".latest-updates .sd-row")["class"].count("sd-row-cols-lg-3") == 1


@pytest.mark.sphinx("html", testroot="grid", freshenv=True)
def test_filters_limit_and_excerpt_length(app):
    app.build()
    soup = page(app, "filters.html")
    assert card_titles(soup, "#only-beta") == ["Beta 的文章"]
    assert card_titles(soup, "#tagged") == ["旧文新修", "含公式的开头"]
    assert card_titles(soup, "#two") == ["置顶的旧文", "旧文新修"]
    # the 12-character budget ends before a formula: the formula is dropped whole, not cut
    short = page(app, "filters.html").select("#two .latest-updates-excerpt")
    assert [e.get_text() for e in short] == ["置顶的文章总是排在最前面……", "这篇文章最早发表于……"]


@pytest.mark.sphinx("html", testroot="grid", freshenv=True)
def test_excerpt_keeps_math_drops_code_and_footnotes(app):
    app.build()
    soup = page(app, "index.html")
    text = excerpt_of(soup, "含公式的开头")
    maths = [m.get_text() for m in text.select("span.math")]
    assert maths == [r"\(p_\theta(x)\)", r"\(p_{\text{data}}\)"]
    plain = text.get_text()
    assert "torch.nn.Linear" in plain
    assert "code is never" not in plain and "脚注的文字" not in plain
    assert "这一段不在摘录里" not in plain
    assert plain.endswith("……")
    assert "这里有行内代码" in plain and "和一个脚注。第二段" in plain
    # MathJax is loaded, from the site itself (the test root has no other math on the page)
    scripts = [s.get("src", "") for s in soup.select("script")]
    assert any(src.split("?")[0].endswith("mathjax/tex-chtml.js") and "://" not in src for src in scripts)
    assert (app.outdir / "_static/mathjax/tex-chtml.js").exists()


@pytest.mark.sphinx("html", testroot="grid", freshenv=True)
def test_front_matter_text_is_escaped_not_markup(app):
    app.build()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<b>bold</b>" not in html
    soup = page(app, "index.html")
    text = excerpt_of(soup, "不可信的元数据")
    assert "<script>alert('x')</script>" in text.get_text()
    assert [m.get_text() for m in text.select("span.math")] == [r"\(x<y\)"]
    card = text.find_parent(class_="latest-updates-card")
    assert [t.get_text() for t in card.select(".latest-updates-tag")] == ["<b>bold</b>", "a&b"]


@pytest.mark.sphinx("html", testroot="bad-front-matter", freshenv=True)
def test_bad_front_matter_warns_with_file_and_line_and_keeps_the_post(app):
    app.build()
    warnings = app._warning.getvalue()
    expected = {
        "slash-date.md:2": "'date' must be an ISO date like 2024-03-18, got '2024/3/18'",
        "no-date.md:2": "missing required 'date'",
        "no-front.md:1": "no front matter",
        "bad-yaml.md:3": "not published: front matter is not valid YAML",
        "typo-key.md:3": "unknown front-matter key 'tag' (did you mean 'tags'?)",
        "early-update.md:3": "'updated' (2024-04-01) must not be before 'date' (2024-05-01)",
        "tags-string.md:3": "'tags' must be a list of strings",
        "bad-summary.md:3": "'summary' must be a non-empty string",
        "bad-flag.md:3": "'pinned' must be true or false, got 'maybe'",
        "two-titles.md:9": "exactly one H1",
        "bad-calendar.md:2": "got '2024-02-30'",
    }
    lines = [line for line in warnings.splitlines() if "WARNING" in line]
    for where, message in expected.items():
        hits = [line for line in lines if f"posts/bad/{where}: WARNING" in line]
        assert len(hits) == 1, (where, lines)
        assert message in hits[0] and "[post_catalog." in hits[0]
    assert "Traceback" not in warnings
    assert len(lines) == len(expected), lines
    # every post is still a page, linked from its topic's toctree, except the one whose front
    # matter does not parse: it might mark a draft, so it stays private (the warning says why)
    topic = page(app, "posts/bad/index.html")
    linked = {a["href"] for a in topic.select(".toctree-wrapper a.reference.internal")}
    for slug in [where.split(".md")[0] for where in expected if where != "bad-yaml.md:3"] + ["good"]:
        assert (app.outdir / f"posts/bad/{slug}.html").exists()
        assert f"{slug}.html" in linked
    assert not (app.outdir / "posts/bad/bad-yaml.html").exists()
    assert "bad-yaml.html" not in linked
    # posts without a usable date are left out of the date-ordered grid only
    titles = card_titles(page(app, "index.html"))
    assert "No date" not in titles and "Slash date" not in titles and "Good" in titles


@pytest.mark.sphinx("html", testroot="bad-front-matter", freshenv=True,
                    confoverrides={"suppress_warnings": ["post_catalog.front_matter"]})
def test_front_matter_warnings_can_be_silenced_by_type(app):
    app.build()
    warnings = app._warning.getvalue()
    # a post kept private is still announced: silencing style warnings must not hide it
    assert [line for line in warnings.splitlines() if "front matter" in line] == [
        line for line in warnings.splitlines() if "bad-yaml.md:3" in line and "not published" in line]


def grid_html(outdir) -> list[str]:
    html = []
    for name in ("index.html", "filters.html"):
        soup = BeautifulSoup((outdir / name).read_text(encoding="utf-8"), "html.parser")
        html += [str(grid) for grid in soup.select(".latest-updates")]
    return html


def test_parallel_build_equals_serial(serial_and_parallel):
    serial, parallel = serial_and_parallel("grid")
    assert grid_html(parallel.outdir) == grid_html(serial.outdir)
    assert len(grid_html(serial.outdir)) == 4


def real_warnings(app) -> list[str]:
    """Warnings, less the re-registration notices of several apps in one process."""
    return [line for line in app._warning.getvalue().splitlines()
            if line.strip() and "while setting up extension" not in line]


def reread_docs(app) -> set[str]:
    status = re.sub(r"\x1b\[[0-9;]*m", "", app._status.getvalue())
    return set(re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", status))


def written_docs(app) -> set[str]:
    status = re.sub(r"\x1b\[[0-9;]*m", "", app._status.getvalue())
    return set(re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", status))


def test_incremental_builds_follow_edits_additions_and_removals(make_app, copy_root):
    src = copy_root("grid")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert card_titles(page(app, "index.html"))[1] == "旧文新修"

    # 1. a metadata edit: the plain beta post becomes the newest update
    post = src / "posts/beta/plain.md"
    post.write_text(post.read_text(encoding="utf-8").replace("date: 2024-02-15", "date: 2025-01-01"),
                    encoding="utf-8")
    app = make_app("html", srcdir=src)
    app.build()
    assert card_titles(page(app, "index.html"))[:2] == ["置顶的旧文", "Beta 的文章"]
    assert reread_docs(app) == {"posts/beta/plain"}            # only the edited post is parsed
    assert {"index", "filters"} <= written_docs(app)            # the grids are written again

    # 2. a new post, listed in its topic's toctree
    (src / "posts/beta/new.md").write_text(
        "---\ndate: 2025-06-01\ntags: [生成模型]\n---\n\n# 新文章\n\n新加入的文章。\n", encoding="utf-8")
    (src / "posts/beta/index.md").write_text("# Beta 主题\n\n```{toctree}\nnew\nplain\n```\n",
                                             encoding="utf-8")
    app = make_app("html", srcdir=src)
    app.build()
    assert card_titles(page(app, "index.html"))[1] == "新文章"
    assert "新文章" in card_titles(page(app, "filters.html"), "#tagged")

    # 3. a removed post leaves every grid
    (src / "posts/beta/new.md").unlink()
    (src / "posts/beta/index.md").write_text("# Beta 主题\n\n```{toctree}\nplain\n```\n",
                                             encoding="utf-8")
    app = make_app("html", srcdir=src)
    app.build()
    assert "新文章" not in card_titles(page(app, "index.html"))
    assert "新文章" not in card_titles(page(app, "filters.html"))

    # 4. the body of a post (its excerpt) changes
    post.write_text(post.read_text(encoding="utf-8").replace("一篇普通文章", "一篇改过的文章"),
                    encoding="utf-8")
    app = make_app("html", srcdir=src)
    app.build()
    assert "一篇改过的文章" in excerpt_of(page(app, "index.html"), "Beta 的文章").get_text()
    assert real_warnings(app) == []


@pytest.mark.sphinx("text", testroot="grid", freshenv=True)
def test_text_builder_gets_a_plain_list(app):
    app.build()
    text = (app.outdir / "index.txt").read_text(encoding="utf-8")
    assert "置顶的旧文（2022年6月1日）" in text
    assert "旧文新修（2024年5月20日）" in text
    assert "草稿" not in text


@pytest.mark.sphinx("latex", testroot="grid", freshenv=True)
def test_latex_builder_gets_a_plain_list_with_links(app):
    app.build()
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert "sd-card" not in tex and "latest-updates" not in tex.replace("latest\\sphinxhyphen{}updates", "")
    item = re.search(r"\\item.*\s*\\sphinxAtStartPar\s*"
                     r"\{\\hyperref\[\\detokenize\{posts/alpha/old-pinned::doc\}\]\{\\sphinxcrossref\{置顶的旧文\}",
                     tex)
    assert item, tex[tex.find("begin{itemize}"):][:600]
    assert "2022年6月1日" in tex
