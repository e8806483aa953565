"""The browser half of the Chinese search agrees with the Python half (headless Chromium)."""

from __future__ import annotations

import pytest

from browser import serve
from chinese_search import segment
from chinese_search.language import SearchChineseML
from chinese_search.terms import load_terms

pytestmark = pytest.mark.browser
TERMS = frozenset(load_terms())
QUERIES = ["自监督学习", "BERT预训练", "LoRA微调", "Transformer模型", "熵", "梯度检查点的代价",
           "混合精度训练", "位置敏感得分图", "Q-learning", "ε-greedy策略", "KL散度", "注意力机制为什么要缩放"]
TEXT = ("我们用混合精度训练大模型，梯度检查点的代价是多一次前向。自监督学习和BERT预训练都不要标注；"
        "LoRA微调只训练低秩矩阵。位置敏感得分图来自R-FCN。KL散度与熵相关，注意力机制为什么要缩放？"
        "Transformer模型的ε-greedy策略和Q-learning无关。")


@pytest.fixture
def search_page(app, browser):
    app.build()
    with serve(app.outdir) as url:
        page = browser.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{url}/search.html", wait_until="networkidle")
        page.evaluate("() => chineseSearchMeta()")  # the dictionary reaches the splitter with the index
        yield page
        assert errors == []
        page.close()


@pytest.mark.sphinx("html", testroot="search", freshenv=True)
def test_browser_splitter_equals_python_twin(search_page):
    search_page.evaluate("() => { CHINESE_SEARCH_SEGMENTER = null; }")  # keep spans whole, as the twin
    for query in QUERIES:
        in_browser = search_page.evaluate("(q) => splitQuery(q)", query)
        assert in_browser == segment.query_units(query, TERMS, lambda span: [span]), query


@pytest.mark.sphinx("html", testroot="search", freshenv=True)
def test_browser_query_units_are_all_in_the_index_of_a_page_with_the_words(search_page):
    language = SearchChineseML({})
    indexed = {language.stem(unit) for unit in segment.index_units(TEXT, TERMS)}
    for query in QUERIES:
        units = search_page.evaluate("(q) => splitQuery(q).map((w) => new EnglishStemmer().stemWord(w))", query)
        assert units and set(units) <= indexed, (query, set(units) - indexed)


@pytest.mark.sphinx("html", testroot="search", freshenv=True)
def test_search_page_finds_chinese_without_spaces(search_page):
    for query, expected in [("自监督学习", "ssl.html"), ("熵", "entropy.html"), ("lora微调", "ssl.html"),
                            ("TRANSFORMER", "entropy.html")]:
        search_page.goto(search_page.url.split("?")[0] + f"?q={query}", wait_until="networkidle")
        search_page.wait_for_selector("#search-results ul.search li a")
        first = search_page.locator("#search-results ul.search li a").first.get_attribute("href")
        assert first.endswith(expected), (query, first)


@pytest.mark.sphinx("html", testroot="search", freshenv=True)
def test_browser_hash_picks_the_shard_python_wrote(search_page):
    from chinese_search.sharded_index import fnv1a

    units = ["熵", "自监督学习", "bert", "交叉", "𠀀字"]  # the last one outside the BMP (UTF-16 pairs)
    assert search_page.evaluate("(us) => us.map(chineseSearchHash)", units) == [fnv1a(u) for u in units]


@pytest.mark.sphinx("html", testroot="search", freshenv=True)
def test_an_alias_finds_the_page_that_uses_another_name(search_page):
    # ssl.md says 自监督学习, never "self-supervised": the alias table joins the two names.
    results = search_page.evaluate(
        "async (q) => (await chineseSearch(q)).map((r) => META.docs[r.page][0])", "Self-Supervised learning")
    assert results and results[0] == "ssl.html"


@pytest.mark.sphinx("html", testroot="search", freshenv=True)
def test_a_page_covering_part_of_the_query_still_shows_below_full_matches(search_page):
    results = search_page.evaluate(
        "async (q) => (await chineseSearch(q)).map((r) => [META.docs[r.page][0], r.cover])", "自监督学习交叉熵")
    pages = dict(results)
    assert 0 < pages["ssl.html"] < 1 and 0 < pages["entropy.html"] < 1, results  # neither has both words
    covers = [cover for _, cover in results]
    assert covers == sorted(covers, reverse=True), results  # full matches (the toctree page) first


@pytest.mark.sphinx("html", testroot="search", freshenv=True)
def test_results_show_a_snippet_of_the_article_with_the_words_marked(search_page):
    search_page.goto(search_page.url.split("?")[0] + "?q=BERT预训练", wait_until="networkidle")
    search_page.wait_for_selector("#search-results ul.search li p.context mark")
    first = search_page.locator("#search-results ul.search li").first
    assert first.locator("a").get_attribute("href").endswith("ssl.html")
    context = first.locator("p.context")
    assert "自监督学习从数据本身构造监督信号" in context.inner_text()  # the article, not the title
    assert {"bert", "预训练"} <= {mark.lower() for mark in context.locator("mark").all_inner_texts()}
