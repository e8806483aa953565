"""The search index as the browser fetches it: sharded by unit, loaded only by the search page.

Sphinx's ``searchindex.js`` (still written: Sphinx reads it back for incremental builds) holds
every unit of every page in one file, which every page of the theme used to download. We write,
beside it, from the same pruned index (so it is never staler than Sphinx's):

- ``_search/meta.js``: the pages (address, title, topic, text file), the shard files, the
  dictionary, the alias table and the stop words; the search page loads it first.
- ``_search/shard-<n>-<digest>.js``: the units whose FNV-1a hash falls in shard ``n``, each with
  the pages that have it in the body, in a heading and in the title (delta-coded page numbers).
  A query loads only the shards of its units.
- ``_search/text-<digest>.js`` per page: the article's text, for the snippet of a result.

Every file is a script that hands its data to ``chineseSearchLoaded`` (it works from file://
too, where fetch() does not) and is named by its content's digest, so a cached old shard can
never be mixed with a new meta file. Files no longer referenced are removed.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging

from build_state import store

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder

logger = logging.getLogger(__name__)
FOLDER = "_search"
SHARD_TARGET_BYTES = 48_000  # raw JSON per shard: ~12 KB gzipped, a handful per query
SKIPPED = (nodes.comment, nodes.raw, nodes.math, nodes.math_block, nodes.system_message)
BLOCKS = (nodes.paragraph, nodes.title, nodes.literal_block, nodes.list_item, nodes.entry, nodes.term)


def fnv1a(unit: str) -> int:
    """32-bit FNV-1a over UTF-16 code units: what ``chineseSearchHash`` computes in JS."""
    value = 0x811C9DC5
    data = unit.encode("utf-16-le")
    for i in range(0, len(data), 2):
        value ^= data[i] | (data[i + 1] << 8)
        value = (value * 0x01000193) & 0xFFFFFFFF
    return value


def article_text(doctree: nodes.Node) -> str:
    """The text a reader sees in the article, blocks separated by a space (formulas left out:
    a snippet of TeX source reads worse than none)."""
    parts: list[str] = []

    def visit(node: nodes.Node) -> None:
        if isinstance(node, SKIPPED) or (isinstance(node, nodes.Element) and "no-search" in node["classes"]):
            return
        if isinstance(node, nodes.Text):
            parts.append(node.astext())
            return
        for child in node.children:
            visit(child)
        if isinstance(node, BLOCKS):
            parts.append(" ")

    first_title = next(iter(doctree.findall(nodes.title)), None)
    for child in doctree.children:
        visit(child)
    text = " ".join("".join(parts).split())
    title = first_title.astext() if first_title is not None else ""
    return text.removeprefix(title).strip() if title else text


def remember_texts(app: Sphinx, builder: StandaloneHTMLBuilder) -> None:
    """Keep the text of every page Sphinx indexes (in the main process, -j included: Sphinx
    calls index_page from write_doc_serialized)."""
    texts = store(app, "chinese_search_texts")
    index_page = builder.index_page

    def index_page_and_keep_text(pagename: str, doctree: nodes.document, title: str) -> None:
        index_page(pagename, doctree, title)
        if builder.indexer is not None and title:
            texts.remember(pagename, article_text(doctree))

    builder.index_page = index_page_and_keep_text


def _delta(numbers) -> list[int]:
    out, previous = [], 0
    for number in sorted(numbers):
        out.append(number - previous)
        previous = number
    return out


def _as_list(value) -> list[int]:
    return [value] if isinstance(value, int) else list(value)


def _script(key: str, data) -> str:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"chineseSearchLoaded({json.dumps(key)},{body});\n"


def _named(prefix: str, text: str) -> str:
    return f"{prefix}-{hashlib.sha256(text.encode()).hexdigest()[:12]}.js"


def write_shards(app: Sphinx, builder: StandaloneHTMLBuilder, extra_meta: dict) -> None:
    started = time.perf_counter()
    indexer = builder.indexer
    frozen = indexer.freeze()
    docnames, titles = list(frozen["docnames"]), list(frozen["titles"])
    lang = indexer.lang

    postings: dict[str, list[list[int]]] = {}
    for field, mapping in ((0, frozen["terms"]), (1, frozen["titleterms"])):
        for unit, docs in mapping.items():
            if docs == []:
                continue
            postings.setdefault(unit, [[], [], []])[field] = _as_list(docs)
    for number, title in enumerate(titles):  # the page title itself, apart from its headings
        for word in set(lang.split(title or "")):
            unit = lang.stem(word).lower()
            if not lang.word_filter(unit):
                unit = word if lang.word_filter(word) else None
            if unit is not None:
                postings.setdefault(unit, [[], [], []])[2].append(number)

    entries = {unit: [_delta(body), _delta(head), _delta(title)] for unit, (body, head, title) in postings.items()}
    sizes = {unit: len(json.dumps(value, separators=(",", ":"))) + len(unit) * 3 + 4 for unit, value in entries.items()}
    count = 1
    while sum(sizes.values()) / count > SHARD_TARGET_BYTES:
        count *= 2
    shards: list[dict] = [{} for _ in range(count)]
    for unit, value in entries.items():
        shards[fnv1a(unit) % count][unit] = value

    files: dict[str, str] = {}
    shard_names = []
    for number, shard in enumerate(shards):
        key = f"shard-{number}"
        text = _script(key, shard)
        name = _named(key, text)
        files[name] = text
        shard_names.append(name)

    texts = store(app, "chinese_search_texts")
    texts.keep_only(docnames)
    env_titles = app.env.titles
    docs = []
    for docname, title in zip(docnames, titles):
        url = builder.get_target_uri(docname)
        script = _script(f"text:{url}", texts.get(docname, ""))  # the key chinese-search.js waits for
        name = _named("text", script)
        files[name] = script
        docs.append([url, title or "", _topic(docname, env_titles), name])

    meta = {"docs": docs, "shards": shard_names, **extra_meta}
    files["meta.js"] = _script("meta", meta)

    folder = Path(builder.outdir) / FOLDER
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        path = folder / name
        if name == "meta.js" or not path.exists():  # other names carry their content's digest
            path.write_text(text, encoding="utf-8")
    for path in folder.iterdir():
        if path.name not in files:
            path.unlink()
    logger.verbose("chinese_search: %d shards and %d page texts in %.2f s",
                   len(shard_names), len(docs), time.perf_counter() - started)


def _topic(docname: str, env_titles: dict) -> str:
    """The topic of ``posts/<topic>/<slug>``: the title of ``posts/<topic>/index``."""
    parts = docname.split("/")
    if len(parts) < 3 or parts[0] != "posts":
        return ""
    title = env_titles.get("/".join(parts[:-1]) + "/index")
    return title.astext() if title is not None else ""
