"""Chinese search: the index splitter, the query splitter (Python twin and the browser's), the
domain dictionary, and what Sphinx writes for the search page."""

from __future__ import annotations

import json
import random
import re
import sys

import pytest

from chinese_search import segment
from chinese_search.language import SearchChineseML
from chinese_search.terms import load_terms

TERMS = frozenset(load_terms())
WHOLE = lambda span: [span]  # noqa: E731  a segmenter that keeps a span whole (worst case)


def test_index_units_hold_characters_bigrams_terms_and_latin_words():
    units = segment.index_units("用自监督学习做BERT预训练", TERMS)
    assert {"自", "监", "自监", "监督", "督学", "学习", "预训", "训练", "BERT"} <= set(units)
    assert {"自监督学习", "自监督", "监督学习", "预训练"} <= set(units)


def test_query_keeps_dictionary_terms_whole_and_cuts_the_rest_into_bigrams():
    assert segment.query_units("自监督学习", TERMS, WHOLE) == ["自监督学习"]
    assert segment.query_units("BERT预训练", TERMS, WHOLE) == ["bert", "预训练"]
    assert segment.query_units("熵", TERMS, WHOLE) == ["熵"]
    assert segment.query_units("位置敏感得分图", TERMS, WHOLE) == ["位置敏感", "得分", "分图"]
    assert segment.query_units("Q-learning", TERMS, WHOLE) == ["learning"]


def test_query_never_asks_for_a_bigram_across_two_words():
    words = lambda span: re.findall("..?", span)  # noqa: E731  a segmenter that cuts every 2 chars
    assert segment.query_units("分图得分", TERMS, words) == ["分图", "得分"]


@pytest.mark.parametrize("seed", range(20))
def test_every_query_unit_is_indexed_for_a_page_that_contains_the_query(seed):
    # Whatever the browser's word segmenter does, a page that contains the query's text
    # holds every unit the query looks up.
    rng = random.Random(seed)
    text = "混合精度训练用半精度存储激活，梯度检查点用重算换显存，自监督学习与对比学习都不需要标注。LoRA微调很省显存。"
    start = rng.randrange(len(text) - 6)
    query = text[start:start + rng.randrange(2, 8)]
    random_words = lambda span: _random_cut(span, rng)  # noqa: E731
    indexed = {_stem(unit) for unit in segment.index_units(text, TERMS)}
    wanted = {_stem(unit) for unit in segment.query_units(query, TERMS, random_words)}
    assert wanted <= indexed, (query, wanted - indexed)


def _random_cut(span: str, rng: random.Random) -> list[str]:
    pieces, position = [], 0
    while position < len(span):
        size = rng.randrange(1, 4)
        pieces.append(span[position:position + size])
        position += size
    return pieces


def _stem(unit: str) -> str:
    return SearchChineseML({}).stem(unit)


def test_dictionary_file_skips_comments_blank_lines_and_repeats(tmp_path):
    path = tmp_path / "terms.txt"
    path.write_text("# 注释\n\n扩散模型\n  LoRA  # 行尾注释\n扩散模型\n", encoding="utf-8")
    assert load_terms(path) == ("扩散模型", "lora")


def test_the_shipped_dictionary_keeps_the_compounds_readers_search_for():
    assert {"自监督学习", "归一化流", "梯度检查点", "混合精度"} <= TERMS


def test_indexing_does_not_load_jieba():
    sys.modules.pop("jieba", None)
    language = SearchChineseML({})
    language.split("自监督学习与归一化流")
    assert "jieba" not in sys.modules


def test_latin_words_are_stemmed_and_lower_cased_cjk_kept():
    language = SearchChineseML({})
    assert language.stem("Transformers") == "transform"
    assert language.stem("自监督学习") == "自监督学习"
    assert language.word_filter("熵") and not language.word_filter("x") and not language.word_filter("the")


@pytest.mark.sphinx("html", testroot="search", freshenv=True)
def test_search_page_assets_use_our_splitter_and_a_real_stemmer(app):
    app.build()
    data = (app.outdir / "_static/language_data.js").read_text(encoding="utf-8")
    assert "window.Stemmer = EnglishStemmer;" in data and "ChineseStemmer" not in data
    assert "var splitQuery" in data and '"自监督学习"' in data and "Scorer.score" in data
    index = load_index(app.outdir)
    assert pages_with(index, "熵", "titleterms") == {"entropy"}  # one-character words are indexed
    assert pages_with(index, "衡") == {"entropy"}
    assert "自监督学习" in index["titleterms"] and "bert" in index["terms"]
    assert "transform" in index["terms"] and "lora" in index["terms"]


def load_index(outdir) -> dict:
    text = (outdir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(re.fullmatch(r"Search\.setIndex\((.*)\)", text.strip(), re.S).group(1))


def pages_with(index: dict, unit: str, kind: str = "terms") -> set[str]:
    files = index[kind].get(unit, [])
    return {index["docnames"][f] for f in ([files] if isinstance(files, int) else files)}


def test_a_changed_dictionary_reindexes_every_page(make_app, copy_root):
    src = copy_root("search")
    terms = src / "terms.txt"
    terms.write_text("自监督学习\n", encoding="utf-8")
    overrides = {"html_search_options": {"terms": str(terms)}}
    app = make_app("html", srcdir=src, freshenv=True, confoverrides=overrides)
    app.build()
    terms.write_text("自监督学习\n交叉熵\n", encoding="utf-8")
    app = make_app("html", srcdir=src, confoverrides=overrides)
    app.build()
    status = re.sub(r"\x1b\[[0-9;]*m", "", app._status.getvalue())
    assert set(re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", status)) == {"index", "ssl", "entropy"}
    assert pages_with(load_index(app.outdir), "交叉熵", "titleterms") == {"entropy"}


def test_index_units_are_every_character_bigram_and_term_once():
    # The definition, written the slow way, against the cut on every post of the site.
    from conftest import REPO

    for post in sorted(REPO.glob("posts/*/*.md")):
        text = post.read_text(encoding="utf-8")
        expected = set(segment.LATIN_WORD.findall(text))
        for run in segment.CJK_RUN.findall(text):
            expected |= {run[i:j] for i in range(len(run)) for j in range(i + 1, len(run) + 1)
                         if j - i <= 2 or run[i:j] in TERMS}
        units = segment.index_units(text, TERMS)
        assert len(units) == len(set(units)), post
        assert set(units) == expected, post


def _mtime(path) -> int:
    return path.stat().st_mtime_ns


def test_search_index_is_kept_when_no_page_is_read_and_rewritten_otherwise(make_app, copy_root):
    import os

    src = copy_root("search")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    index_file = app.outdir / "searchindex.js"
    first = index_file.read_text(encoding="utf-8")
    before = _mtime(index_file)
    make_app("html", srcdir=src).build()  # nothing changed: the file is left alone
    assert _mtime(index_file) == before
    # A build that failed after saving the environment left an index older than it: rewrite.
    older = _mtime(app.doctreedir / "environment.pickle") - 10**9
    os.utime(index_file, ns=(older, older))
    make_app("html", srcdir=src).build()
    assert _mtime(index_file) > older and index_file.read_text(encoding="utf-8") == first
    # Other search options, or an edited page: the index is made again.
    before = _mtime(index_file)
    (src / "empty.txt").write_text("", encoding="utf-8")
    make_app("html", srcdir=src, confoverrides={"html_search_options": {"terms": str(src / "empty.txt")}}).build()
    assert _mtime(index_file) != before and not pages_with(load_index(app.outdir), "自监督学习", "titleterms")
    before = _mtime(index_file)
    make_app("html", srcdir=src, confoverrides={"html_search_options": {"terms": str(src / "empty.txt"),
                                                                         "note": "any other option"}}).build()
    assert _mtime(index_file) != before
    ssl = src / "ssl.md"
    ssl.write_text(ssl.read_text(encoding="utf-8") + "\n新加的一句：归一化流。\n", encoding="utf-8")
    make_app("html", srcdir=src).build()
    assert "ssl" in pages_with(load_index(app.outdir), "归一化流")
