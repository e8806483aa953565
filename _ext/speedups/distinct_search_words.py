"""Sphinx's search indexer looks each word of a page up once, not once per occurrence.

``IndexBuilder.feed`` collects every word of a page in order, repeats included, then stems,
filters and adds each one to the set of pages it occurs on. Only the set is kept, so a word seen
twice changes nothing the second time; yet on this site's pages, cut into characters, bigrams and
terms by ``chinese_search``, 58 % of the units fed were repeats (758,000 units, 318,000 distinct
per page at 342 posts) and the loop over them was 6 % of a full build. We hand ``feed`` each word
once, in order of first occurrence; titles are left as they are.

The indexer is patched when a build starts (``builder-inited``) and restored when it ends.

Relies on: ``sphinx.search.IndexBuilder._word_collector(self, doctree)`` returning the
``WordStore`` that ``feed`` reads (``words`` and ``title_words``: lists whose repeats it only
adds to sets again).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.search import IndexBuilder

from build_state import note_shortcut

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

_sphinx_word_collector = IndexBuilder._word_collector
_dropped = 0


def _distinct_words(self: IndexBuilder, doctree):
    global _dropped
    word_store = _sphinx_word_collector(self, doctree)
    count = len(word_store.words) + len(word_store.title_words)
    word_store.words = list(dict.fromkeys(word_store.words))
    word_store.title_words = list(dict.fromkeys(word_store.title_words))
    _dropped += count - len(word_store.words) - len(word_store.title_words)
    return word_store


def start_build(app: Sphinx) -> None:
    global _dropped
    _dropped = 0
    IndexBuilder._word_collector = _distinct_words


def end_build(app: Sphinx, exception: Exception | None) -> None:
    IndexBuilder._word_collector = _sphinx_word_collector
    if _dropped:
        note_shortcut(app, "distinct_search_words", _dropped)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("build_state")
    app.connect("builder-inited", start_build)
    app.connect("build-finished", end_build, priority=100)  # before build_state saves its report
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
