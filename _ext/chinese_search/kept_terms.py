"""Sphinx's dump lists the pages of every unit again (``IndexBuilder.get_terms``: a sorted list
per unit, most of the dump in an edit of a 1,000-post site). The index it read back at the start
of the build holds those lists already, numbered the same way while the pages are the same ones;
only the units whose pages changed (``IndexChanges.changed_units``) need new lists, and
``get_terms`` itself makes them. The result is the dict ``get_terms`` returns, so
``searchindex.js`` is the same file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from build_state import note_shortcut

from .lazy_postings import never_made

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.search import IndexBuilder

    from .index_changes import IndexChanges


def reuse_loaded_terms(app: Sphinx, indexer: IndexBuilder, changes: IndexChanges) -> None:
    get_terms = indexer.get_terms

    def get_terms_of_changed_units(fn2index: dict[str, int]):
        loaded = changes.loaded
        if loaded is None or list(loaded["docnames"]) != list(fn2index):  # pages renumbered
            return get_terms(fn2index)
        changed = changes.changed_units(indexer)
        mapping, title_mapping = indexer._mapping, indexer._title_mapping
        indexer._mapping = {unit: mapping[unit] for unit in changed if unit in mapping}
        indexer._title_mapping = {unit: title_mapping[unit] for unit in changed if unit in title_mapping}
        try:
            new_lists = get_terms(fn2index)
        finally:
            indexer._mapping, indexer._title_mapping = mapping, title_mapping
        result = []
        for kept, new in zip((loaded["terms"], loaded["titleterms"]), new_lists):
            terms = dict(kept)
            for unit in changed:  # get_terms leaves out a unit whose only page is gone
                terms.pop(unit, None)
            terms.update(new)
            result.append(terms)
        note_shortcut(app, "chinese_search_kept_terms")
        lazy = never_made(indexer)
        if lazy:
            note_shortcut(app, "chinese_search_lazy_postings", lazy)
        return tuple(result)

    indexer.get_terms = get_terms_of_changed_units
