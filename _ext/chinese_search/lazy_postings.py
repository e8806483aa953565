"""The page sets of the index Sphinx reads back, made only for the units a build touches.

At the start of an incremental build Sphinx loads ``searchindex.js`` and turns every unit's page
list into a set of page names (``IndexBuilder.load``), then prunes every set, twice (the pages
about to be written again, then the removed ones): at 342 posts 38,000 sets, about 60 ms of an
edit (36 ms making them, 12 ms per prune, on a busy 2-core machine), for the few thousand units
the edited page has. Here the loaded index keeps each unit's
list as it was read, and :class:`LazyPostings` makes a unit's set when someone asks for it
(``[]``, ``get``, ``setdefault``: Sphinx's ``feed``, our dump and shards). Before a prune
:func:`take_pages_of` makes the sets of every unit that has a page being dropped; units without
one are left alone, since a prune would not change them. Iterating a :class:`LazyPostings` makes
every set first (a full shard computation, a dump with renumbered pages): anyone who walks the
whole index sees what upstream would have loaded. :func:`loaded` is the view of the sets made so
far, for the prune and for :mod:`.index_changes`, which only look for dropped and fed pages.

Relies on: ``IndexBuilder.load`` filling ``_filenames``, ``_titles``, ``_all_titles`` from the
frozen dict and the page sets from its ``terms``/``titleterms`` (a unit's value an int, or a list
of page numbers into ``docnames``); ``feed`` using ``setdefault``/``get`` on the mappings;
``prune`` calling ``intersection_update`` on ``_mapping.values()`` and ``_title_mapping.values()``.
tests/test_chinese_search_incremental.py compares ``searchindex.js`` and ``_search/`` with a
fresh build and with Sphinx's own load.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.search import IndexBuilder


class LazyPostings(dict):
    """unit -> set of page names; sets are made from the loaded lists on first use."""

    def __init__(self, frozen_terms: dict, docnames: list[str]) -> None:
        super().__init__()
        self._lists = dict(frozen_terms)  # units not made yet: an int or a list of page numbers
        self._docnames = docnames

    def _make(self, unit: str) -> set[str]:
        numbers = self._lists.pop(unit)
        docnames = self._docnames
        pages = {docnames[numbers]} if isinstance(numbers, int) else {docnames[n] for n in numbers}
        dict.__setitem__(self, unit, pages)
        return pages

    def take_having(self, numbers: set[int]) -> None:
        """Make the sets of the units whose pages include any of these page numbers."""
        having = [unit for unit, pages in self._lists.items()
                  if (pages in numbers if isinstance(pages, int) else not numbers.isdisjoint(pages))]
        for unit in having:
            self._make(unit)

    def make_all(self) -> None:
        for unit in list(self._lists):
            self._make(unit)

    def __missing__(self, unit: str) -> set[str]:
        if unit in self._lists:
            return self._make(unit)
        raise KeyError(unit)

    def get(self, unit, default=None):
        if dict.__contains__(self, unit):
            return dict.__getitem__(self, unit)
        return self._make(unit) if unit in self._lists else default

    def setdefault(self, unit, default=None):
        if unit in self._lists:
            self._make(unit)
        return dict.setdefault(self, unit, default)

    def __contains__(self, unit) -> bool:
        return dict.__contains__(self, unit) or unit in self._lists

    def __setitem__(self, unit, pages) -> None:
        self._lists.pop(unit, None)
        dict.__setitem__(self, unit, pages)

    def __delitem__(self, unit) -> None:
        if unit in self._lists:
            self._make(unit)
        dict.__delitem__(self, unit)

    def pop(self, unit, *default):
        if unit in self._lists:
            self._make(unit)
        return dict.pop(self, unit, *default)

    def __len__(self) -> int:
        return dict.__len__(self) + len(self._lists)

    # Whoever walks the whole index gets every set, as upstream would have loaded them.
    def __iter__(self):
        self.make_all()
        return dict.__iter__(self)

    def keys(self):
        self.make_all()
        return dict.keys(self)

    def values(self):
        self.make_all()
        return dict.values(self)

    def items(self):
        self.make_all()
        return dict.items(self)

    def __eq__(self, other) -> bool:
        self.make_all()
        return dict.__eq__(self, other)

    __hash__ = None  # as dict's (defining __eq__ would otherwise ask for one)

    def __repr__(self) -> str:
        self.make_all()
        return dict.__repr__(self)

    def copy(self) -> dict:
        self.make_all()
        return dict(dict.items(self))

    def update(self, *others, **units) -> None:
        for unit, pages in dict(*others, **units).items():
            self[unit] = pages

    def popitem(self):
        self.make_all()
        return dict.popitem(self)

    def clear(self) -> None:
        self._lists.clear()
        dict.clear(self)


def loaded(mapping: dict) -> dict:
    """The sets made so far (all of them for a plain dict), sharing the set objects."""
    if isinstance(mapping, LazyPostings):  # dict.copy() would call our keys(): read the storage
        return {unit: pages for unit, pages in dict.items(mapping)}
    return mapping


def without_terms(frozen):
    """What Sphinx's load gets of the index read back: all but the units' page lists."""
    if isinstance(frozen, dict) and isinstance(frozen.get("terms"), dict) \
            and isinstance(frozen.get("titleterms"), dict):
        return {**frozen, "terms": {}, "titleterms": {}}
    return frozen  # not the shape we know: Sphinx loads all of it, or rejects it


def load_lazily(indexer: IndexBuilder, frozen: dict) -> None:
    """Give ``indexer`` the page sets of ``frozen``, which it loaded without them."""
    if indexer._mapping or indexer._title_mapping:
        return  # Sphinx loaded the page lists itself (without_terms left them in)
    docnames = list(frozen["docnames"])
    indexer._mapping = LazyPostings(frozen["terms"], docnames)
    indexer._title_mapping = LazyPostings(frozen["titleterms"], docnames)


def never_made(indexer: IndexBuilder) -> int:
    """How many units kept their loaded lists to the end (the shortcut's work, for the tests)."""
    return sum(len(mapping._lists) for mapping in (indexer._mapping, indexer._title_mapping)
               if isinstance(mapping, LazyPostings))


def take_pages_of(indexer: IndexBuilder, dropped: Iterable[str], frozen: dict | None) -> None:
    """Before a prune: make the sets of every unit that has one of the ``dropped`` pages."""
    if frozen is None:
        return
    dropped = set(dropped)
    numbers = {number for number, docname in enumerate(frozen["docnames"]) if docname in dropped}
    if not numbers:
        return
    for mapping in (indexer._mapping, indexer._title_mapping):
        if isinstance(mapping, LazyPostings):
            mapping.take_having(numbers)
