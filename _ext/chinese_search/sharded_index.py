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

from build_state import note_shortcut, store

from .index_changes import IndexChanges, stamp

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder

logger = logging.getLogger(__name__)
FOLDER = "_search"
SHARD_TARGET_BYTES = 48_000  # raw JSON per shard: ~12 KB gzipped, a handful per query
SKIPPED = (nodes.comment, nodes.raw, nodes.math, nodes.math_block, nodes.system_message)
STATE = "chinese_search_shards"  # what the last build wrote to _search/ (see write_shards)
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
    calls index_page from write_doc_serialized). The store is loaded by the first page indexed:
    a build that indexes none (a no-op) does not read it."""
    index_page = builder.index_page

    def index_page_and_keep_text(pagename: str, doctree: nodes.document, title: str) -> None:
        index_page(pagename, doctree, title)
        if builder.indexer is not None and title:
            _texts(app).remember(pagename, article_text(doctree))

    builder.index_page = index_page_and_keep_text


def _texts(app: Sphinx):
    """docname -> article text of every page in the index (a pickle: megabytes of text)."""
    return store(app, "chinese_search_texts", binary=True)


def _delta(numbers) -> list[int]:
    out, previous = [], 0
    for number in sorted(numbers):
        out.append(number - previous)
        previous = number
    return out


def _script(key: str, data) -> str:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"chineseSearchLoaded({json.dumps(key)},{body});\n"


def _read_script(key: str, text: str):
    """The data of a file :func:`_script` wrote."""
    head = f"chineseSearchLoaded({json.dumps(key)},"
    if not (text.startswith(head) and text.endswith(");\n")):
        raise ValueError(key)
    return json.loads(text[len(head):-3])


def _named(prefix: str, text: str) -> str:
    return f"{prefix}-{hashlib.sha256(text.encode()).hexdigest()[:12]}.js"


_compact_json = json.JSONEncoder(separators=(",", ":")).encode  # json.dumps makes an encoder per call


def _size(unit: str, entry: list) -> int:
    """What a unit adds to its shard (roughly; it only decides how many shards there are)."""
    return len(_compact_json(entry)) + len(unit) * 3 + 4


def _shard_count(total: int) -> int:
    count = 1
    while total / count > SHARD_TARGET_BYTES:
        count *= 2
    return count


def title_units(lang, title: str) -> list[str]:
    """The units of a page title, one per distinct word (two words with one stem give the unit
    twice, and the page twice in its title list, as before this was incremental)."""
    units = []
    for word in set(lang.split(title or "")):
        unit = lang.stem(word).lower()
        if not lang.word_filter(unit):
            unit = word if lang.word_filter(word) else None
        if unit is not None:
            units.append(unit)
    return sorted(units)


class _Index:
    """The pruned index as the shards number it: pages sorted by name (as Sphinx's freeze)."""

    def __init__(self, indexer, page_title_units: dict[str, list[str]]) -> None:
        self.docnames = sorted(indexer._titles)
        self.titles = [indexer._titles[docname] for docname in self.docnames]
        self.number = {docname: number for number, docname in enumerate(self.docnames)}
        self.body, self.head = indexer._mapping, indexer._title_mapping
        self.in_titles: dict[str, list[int]] = {}
        for docname, units in page_title_units.items():
            for unit in units:
                self.in_titles.setdefault(unit, []).append(self.number[docname])

    def units(self) -> set[str]:
        return set(self.body) | set(self.head) | set(self.in_titles)

    def entry(self, unit: str) -> list | None:
        """Pages with the unit in the body, in a heading, in the title; None if it has none."""
        number = self.number
        body = [number[page] for page in self.body.get(unit, ()) if page in number]
        head = [number[page] for page in self.head.get(unit, ()) if page in number]
        title = self.in_titles.get(unit, [])
        if not (body or head or title):
            return None
        return [_delta(body), _delta(head), _delta(title)]


def write_shards(app: Sphinx, builder: StandaloneHTMLBuilder, extra_meta: dict,
                 changes: IndexChanges | None = None) -> None:
    """Write ``_search/``. With ``changes`` and the state of the build that wrote the index
    Sphinx read back, only the shards of changed units are computed again; otherwise all."""
    started = time.perf_counter()
    indexer = builder.indexer
    folder = Path(builder.outdir) / FOLDER
    folder.mkdir(exist_ok=True)
    state = store(app, STATE)
    texts = _texts(app)
    docnames = sorted(indexer._titles)
    texts.keep_only(docnames)

    previous = _usable_state(state, builder, changes, docnames, folder)
    if previous:
        changed_pages = changes.pages & set(docnames)
        page_title_units = dict(state["title_units"])
        for docname in changed_pages:
            page_title_units[docname] = title_units(indexer.lang, indexer._titles[docname])
        index = _Index(indexer, page_title_units)
        units = changes.changed_units(indexer)
        for docname in changes.pages:
            old, new = state["title_units"].get(docname, []), page_title_units.get(docname, [])
            if old != new:  # sorted lists: the same units as often
                units.update(old, new)
        shards = _update_shards(state, index, units, folder)
        text_files = _text_files(builder, texts, changed_pages)
        text_names = {**state["texts"], **{docname: name for docname, (name, _) in text_files.items()}}
    else:
        page_title_units = {docname: title_units(indexer.lang, title) for docname, title in indexer._titles.items()}
        index = _Index(indexer, page_title_units)
        shards = None
        for docname in docnames:
            if docname not in texts:  # the store was lost: read the page's text from its doctree
                texts.remember(docname, article_text(app.env.get_and_resolve_doctree(docname, builder)))
        text_files = _text_files(builder, texts, docnames)
        text_names = {docname: name for docname, (name, _) in text_files.items()}
    if shards is None:
        count, total, written = _all_shards(index)
        shard_names = [""] * count
    else:
        count, total, written = shards
        shard_names = list(state["shards"])
        note_shortcut(app, "chinese_search_shards", len(written))

    files = {name: script for name, script in text_files.values()}
    for number, script in written.items():
        shard_names[number] = _named(f"shard-{number}", script)
        files[shard_names[number]] = script
    env_titles = app.env.titles
    docs = [[builder.get_target_uri(docname), title or "", _topic(docname, env_titles), text_names[docname]]
            for docname, title in zip(index.docnames, index.titles)]
    files["meta.js"] = _script("meta", {"docs": docs, "shards": shard_names, **extra_meta})

    for name, script in files.items():
        path = folder / name
        if name == "meta.js" or not path.exists():  # other names carry their content's digest
            path.write_text(script, encoding="utf-8")
    keep = {"meta.js", *shard_names, *text_names.values()}
    for path in folder.iterdir():
        if path.name not in keep:
            path.unlink()

    state.clear()
    state.update(index_stamp=stamp(Path(builder.outdir) / builder.searchindex_filename),
                 outdir=str(builder.outdir), docnames=docnames, count=count, total=total, shards=shard_names,
                 title_units=page_title_units, texts=text_names)
    state.changed = True
    logger.verbose("chinese_search: %d of %d shards and %d of %d page texts in %.2f s", len(written), count,
                   len(text_files), len(docs), time.perf_counter() - started)


def _usable_state(state, builder, changes: IndexChanges | None, docnames: list[str], folder: Path) -> bool:
    """The state describes the files of the index Sphinx read back in this build, numbered as now
    (a page added or removed renumbers pages in most units: then everything is computed)."""
    return (changes is not None and changes.loaded_stamp is not None
            and state.get("index_stamp") == changes.loaded_stamp
            and state.get("outdir") == str(builder.outdir)
            and state.get("docnames") == docnames
            and len(state["shards"]) == state["count"]
            and all((folder / name).exists() for name in (*state["shards"], *state["texts"].values())))


def _text_files(builder, texts, docnames) -> dict[str, tuple[str, str]]:
    """docname -> (file name, script) of the pages' texts, for snippets."""
    files = {}
    for docname in docnames:
        url = builder.get_target_uri(docname)
        script = _script(f"text:{url}", texts.get(docname, ""))  # the key chinese-search.js waits for
        files[docname] = (_named("text", script), script)
    return files


def _all_shards(index: _Index) -> tuple[int, int, dict[int, str]]:
    entries = {}
    for unit in index.units():
        entry = index.entry(unit)
        if entry is not None:
            entries[unit] = entry
    total = sum(_size(unit, entry) for unit, entry in entries.items())
    count = _shard_count(total)
    shards: list[dict] = [{} for _ in range(count)]
    for unit, entry in entries.items():
        shards[fnv1a(unit) % count][unit] = entry
    return count, total, {number: _script(f"shard-{number}", shard) for number, shard in enumerate(shards)}


def _update_shards(state, index: _Index, units: set[str], folder: Path) -> tuple[int, int, dict[int, str]] | None:
    """The shards holding ``units``, read from their files and updated; None when the number of
    shards changes (then every unit moves)."""
    count, total = state["count"], state["total"]
    by_shard: dict[int, list[str]] = {}
    for unit in units:
        by_shard.setdefault(fnv1a(unit) % count, []).append(unit)
    written = {}
    for number, shard_units in by_shard.items():
        key = f"shard-{number}"
        shard = _read_script(key, (folder / state["shards"][number]).read_text(encoding="utf-8"))
        for unit in shard_units:
            old = shard.pop(unit, None)
            if old is not None:
                total -= _size(unit, old)
            entry = index.entry(unit)
            if entry is not None:
                shard[unit] = entry
                total += _size(unit, entry)
        written[number] = _script(key, shard)
    if _shard_count(total) != count:
        return None
    return count, total, written


def _topic(docname: str, env_titles: dict) -> str:
    """The topic of ``posts/<topic>/<slug>``: the title of ``posts/<topic>/index``."""
    parts = docname.split("/")
    if len(parts) < 3 or parts[0] != "posts":
        return ""
    title = env_titles.get("/".join(parts[:-1]) + "/index")
    return title.astext() if title is not None else ""
