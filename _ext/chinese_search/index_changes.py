"""What one build can change in the search index, so the shards of the rest are not recomputed.

Sphinx's ``IndexBuilder`` keeps, per unit, the set of pages that have it (``_mapping`` for body
text, ``_title_mapping`` for headings). A build changes those sets in two calls only: ``prune``
drops the pages about to be written again and the removed pages, ``feed`` adds the pages written.
So a unit's postings can differ from the last build's only if it held a dropped page before the
prune or holds a fed page at the end, and only if those pages are not the same before and after;
:class:`IndexChanges` records exactly that. The page titles (a field of their own in the shards) of the same
pages are the only titles that can have changed.

The index read back keeps its page lists as read (:mod:`.lazy_postings`): only the units of the
dropped and fed pages become sets, and those are the only ones this module looks at.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from . import lazy_postings
from .lazy_postings import loaded, take_pages_of

if TYPE_CHECKING:
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.search import IndexBuilder


class IndexChanges:
    def __init__(self) -> None:
        self.pages: set[str] = set()  # dropped or fed in this build
        # (0 body / 1 heading, unit) -> the dropped pages that had it, noted before the prune
        self.before: dict[tuple[int, str], set[str]] = {}
        self.loaded_stamp: list[int] | None = None  # searchindex.js as Sphinx read it back
        self.loaded: dict | None = None  # and its content (the frozen index of the last build)
        self._changed: set[str] | None = None

    def note_dropped(self, indexer: IndexBuilder, dropped: set[str]) -> None:
        self.pages |= dropped
        for kind, mapping in enumerate((indexer._mapping, indexer._title_mapping)):
            for unit, having in loaded(mapping).items():  # every unit with a dropped page
                if not having.isdisjoint(dropped):
                    self.before.setdefault((kind, unit), set()).update(having & dropped)

    def changed_units(self, indexer: IndexBuilder) -> set[str]:
        """Units whose pages differ from the last build's: among the pages this build dropped or
        fed, not the same ones have them now as before (a page written again unchanged, for its
        navigation, changes nothing)."""
        if self._changed is None:  # asked after the last prune and feed (by the dump, the shards)
            self._changed = self._compare(indexer)
        return self._changed

    def _compare(self, indexer: IndexBuilder) -> set[str]:
        pages, after = self.pages, {}
        for kind, mapping in enumerate((indexer._mapping, indexer._title_mapping)):
            for unit, having in loaded(mapping).items():  # every unit with a dropped or fed page
                if not having.isdisjoint(pages):
                    after[kind, unit] = having & pages
        before = self.before
        return {unit for key in before.keys() | after.keys() if before.get(key, set()) != after.get(key, set())
                for unit in key[1:]}


class _Keeping:
    """Sphinx's index format, keeping what it loads; Sphinx gets it without the page lists of
    the units, which :func:`.lazy_postings.load_lazily` gives the indexer instead."""

    def __init__(self, index_format, changes: IndexChanges) -> None:
        self.index_format, self.changes = index_format, changes

    def load(self, stream):
        self.changes.loaded = frozen = self.index_format.load(stream)
        return lazy_postings.without_terms(frozen)


def stamp(path: Path) -> list[int] | None:
    """Which write of a file this is (the sharded index's state belongs to one searchindex.js)."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return [status.st_mtime_ns, status.st_size, status.st_ino]


def watch(builder: StandaloneHTMLBuilder) -> IndexChanges:
    """Record the pages Sphinx prunes from and feeds to the index in this build."""
    changes = IndexChanges()
    load_indexer, index_page = builder.load_indexer, builder.index_page

    def load_and_watch(docnames) -> None:
        indexer = builder.indexer
        prune = indexer.prune

        def prune_and_note(keep) -> None:  # called by load_indexer and by dump_search_index
            keep = set(keep)
            dropped = {page for page in indexer._titles if page not in keep}
            if not dropped:
                # The units' pages are pages of _titles (load and feed fill both, prune empties
                # both): all kept, so Sphinx's prune would change nothing (dump_search_index's
                # prune after load_indexer's, every build, over every set made)
                return
            take_pages_of(indexer, dropped, changes.loaded)
            changes.note_dropped(indexer, dropped)
            # Sphinx's prune walks the sets made so far: the units without a dropped page keep
            # their pages, as a prune of them would
            mapping, title_mapping = indexer._mapping, indexer._title_mapping
            indexer._mapping, indexer._title_mapping = loaded(mapping), loaded(title_mapping)
            try:
                prune(keep)
            finally:
                indexer._mapping, indexer._title_mapping = mapping, title_mapping

        indexer.prune = prune_and_note
        changes.loaded_stamp = stamp(Path(builder.outdir) / builder.searchindex_filename)
        load = indexer.load

        def load_and_keep(stream, index_format) -> None:
            if isinstance(index_format, str):
                index_format = indexer.formats[index_format]
            try:
                load(stream, _Keeping(index_format, changes))
            except Exception:  # Sphinx rejected it (an old format): nothing was kept
                changes.loaded = None
                raise
            if changes.loaded is not None:
                lazy_postings.load_lazily(indexer, changes.loaded)

        indexer.load = load_and_keep
        load_indexer(docnames)

    def index_and_note(pagename: str, doctree, title: str) -> None:
        index_page(pagename, doctree, title)
        if builder.indexer is not None and title:  # what Sphinx feeds (index_page's own test)
            changes.pages.add(pagename)

    builder.load_indexer = load_and_watch
    builder.index_page = index_and_note
    return changes
