"""The line under each post's title: Chinese dates, reading time counted for Chinese, tags."""

import pytest
from bs4 import BeautifulSoup

from post_catalog.catalog import reading_minutes


@pytest.mark.parametrize(("text", "minutes"), [
    ("字" * 800, 2),                       # 400 Chinese characters a minute
    ("字" * 401, 2),                       # a started minute counts
    ("字" * 200 + " word" * 100, 1),       # 0.5 + 0.5 minutes
    ("LoRA微调" * 100, 1),                 # 200 characters + 100 words: 0.5 + 0.5
    ("", 1),
])
def test_reading_time_counts_chinese_by_characters(text, minutes):
    assert reading_minutes(text) == minutes


@pytest.mark.sphinx("html", testroot="grid", freshenv=True)
def test_post_page_shows_dates_reading_time_and_tags_under_the_title(app):
    app.build()
    soup = BeautifulSoup((app.outdir / "posts/alpha/updated-later.html").read_text(encoding="utf-8"),
                         "html.parser")
    meta = soup.select_one("h1 + p.post-meta")
    assert meta is not None
    assert meta.select_one(".post-meta-date").get_text() == "2023年1月10日发布"
    assert meta.select_one(".post-meta-updated").get_text() == "2024年5月20日更新"
    assert meta.select_one(".post-meta-reading").get_text() == "约 1 分钟读完"
    assert [t.get_text() for t in meta.select(".post-tag")] == ["生成模型"]
    index = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert index.select_one(".post-meta") is None  # only posts get the line


@pytest.mark.sphinx("latex", testroot="grid", freshenv=True)
def test_pdf_chapter_title_is_followed_by_the_date(app):
    app.build()
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    chapter = tex[tex.index("旧文新修"):]
    assert chapter.index("2023年1月10日发布") < chapter.index("这篇文章最早发表于")
