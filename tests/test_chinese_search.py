"""Chinese search: the index splitter, the query splitter (Python twin and the browser's), the
domain dictionary, and what Sphinx writes for the search page."""

from __future__ import annotations

import json
import random
import re
import sys

import pytest

from chinese_search import segment, sharded_index
from chinese_search.aliases import load_aliases
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
def test_sphinx_index_and_the_browser_index_hold_the_same_units(app):
    app.build()
    index = load_index(app.outdir)
    assert pages_with(index, "熵", "titleterms") == {"entropy"}  # one-character words are indexed
    assert pages_with(index, "衡") == {"entropy"}
    assert "自监督学习" in index["titleterms"] and "bert" in index["terms"]
    assert "transform" in index["terms"] and "lora" in index["terms"]
    meta, shards = load_browser_index(app.outdir)
    docnames = [url.removesuffix(".html") for url, *_ in meta["docs"]]
    assert docnames == list(index["docnames"])
    for kind, field in (("terms", 0), ("titleterms", 1)):
        for unit in index[kind]:
            entry = shards[sharded_index.fnv1a(unit) % len(shards)][unit]
            assert {docnames[n] for n in undelta(entry[field])} == pages_with(index, unit, kind), unit
    title_field = lambda unit: {docnames[n] for n in undelta(shards[sharded_index.fnv1a(unit) % len(shards)][unit][2])}  # noqa: E731
    assert title_field("信息") == {"entropy"} and title_field("熵") == set()  # 熵 is in a heading only
    assert "自监督学习" in meta["terms"] and ["自监督学习", "自监督", "self-supervised learning",
                                             "self-supervised", "ssl"] in meta["aliases"]


@pytest.mark.sphinx("html", testroot="search", freshenv=True)
def test_pages_load_no_search_script_and_the_search_page_loads_ours(app):
    app.build()
    for page in ("index.html", "ssl.html"):
        html = (app.outdir / page).read_text(encoding="utf-8")
        assert "searchindex.js" not in html and "searchtools.js" not in html and "_search/" not in html
    search = (app.outdir / "search.html").read_text(encoding="utf-8")
    assert "_static/chinese-search.js" in search and "searchtools.js" not in search
    assert (app.outdir / "_static/chinese-search.js").exists()


def test_theme_tags_that_load_search_on_every_page_are_dropped():
    from chinese_search.lazy_search import drop_eager_search_scripts

    head = ('<meta a>\n    <script src="../_static/searchtools.js"></script>\n'
            '    <script src="../_static/language_data.js"></script>\n'
            '    <script src="../searchindex.js"></script>\n<script src="../_static/doctools.js"></script>')
    body = '<body><p><script src="../searchindex.js"></script></p></body>'  # shown as code, say
    page = f"<html><head>{head}</head>{body}</html>"
    assert drop_eager_search_scripts(page) == \
        f'<html><head><meta a>\n<script src="../_static/doctools.js"></script></head>{body}</html>'
    assert drop_eager_search_scripts(head) == head  # a component template alone has no <head>


def load_browser_index(outdir) -> tuple[dict, list[dict]]:
    def data(path):
        text = path.read_text(encoding="utf-8")
        return json.loads(re.fullmatch(r'chineseSearchLoaded\("[^"]*",(.*)\);', text.strip(), re.S).group(1))

    meta = data(outdir / "_search" / "meta.js")
    return meta, [data(outdir / "_search" / name) for name in meta["shards"]]


def undelta(gaps: list[int]) -> list[int]:
    out, total = [], 0
    for gap in gaps:
        total += gap
        out.append(total)
    return out


def test_fnv1a_is_the_32_bit_hash_the_browser_computes():
    # Published FNV-1a test vectors (ASCII, where UTF-16 code units equal the bytes).
    assert sharded_index.fnv1a("") == 0x811C9DC5
    assert sharded_index.fnv1a("a") == 0xE40C292C
    assert sharded_index.fnv1a("foobar") == 0xBF9CF968


def test_alias_table_problems_name_the_file_and_line(tmp_path):
    path = tmp_path / "aliases.txt"
    path.write_text("# groups\n归一化流 | Normalizing  Flow\n只有一个名字\n标准化流 | 归一化流\n"
                    "坏<名字> | bad\n", encoding="utf-8")
    groups, problems = load_aliases(path)
    assert groups == [["归一化流", "normalizing flow"]]
    assert [(line, message.split()[0]) for _, line, message in problems] == [(3, "a"), (4, "'归一化流'"), (5, "alias")]
    assert all(file == str(path) for file, _, _ in problems)


def test_a_bad_alias_line_is_a_located_warning_not_an_error(make_app, copy_root):
    src = copy_root("search")
    aliases = src / "aliases.txt"
    aliases.write_text("自监督学习 | ssl\n孤零零\n", encoding="utf-8")
    app = make_app("html", srcdir=src, freshenv=True, confoverrides={"html_search_options": {"aliases": str(aliases)}})
    app.build()
    warnings = app._warning.getvalue()
    assert f"{aliases}:2" in warnings and "at least two names" in warnings
    assert load_browser_index(app.outdir)[0]["aliases"] == [["自监督学习", "ssl"]]


def test_the_shipped_alias_table_is_clean():
    groups, problems = load_aliases()
    assert problems == [] and len(groups) >= 50


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
    meta, shards = load_browser_index(app.outdir)  # the browser's index follows Sphinx's
    ssl_number = [url for url, *_ in meta["docs"]].index("ssl.html")
    assert ssl_number in undelta(shards[sharded_index.fnv1a("归一化流") % len(shards)]["归一化流"][0])
    names = {path.name for path in (app.outdir / "_search").iterdir()}
    assert names == {"meta.js", *meta["shards"], *(doc[3] for doc in meta["docs"])}  # nothing stale left
