"""Formatted bibliography entries kept between builds, keyed by everything they are made from,
and formatted in time linear in the site's size.

sphinxcontrib-bibtex formats every bibliography again in every build, in its ``env-updated``
handler: pybtex's templates for each entry, and the ``:filter:`` of each bibliography evaluated
against every entry of the bib files. On the real site that was most of a no-op rebuild. We
subclass its domain and keep, per bibliography, what ``get_formatted_entries`` returned in the
domain's own data (pickled with the environment, so ``-E`` or a new data version drops it).

The key covers every input: the bib files (their modification times and keys), every citation
of the site and the order of the documents (a filter may read any of them), the bibliography's
options, filter and listed keys, and the tooltip settings. A result with a missing-field error
is not kept, so its warning comes again in every build, as upstream gives it.

Upstream also finds, for each entry of each bibliography, the documents citing it by scanning
every citation of the site, and sorts all citations by ``docnames.index`` once per bibliography:
time that grows with the square of the site (80 s of a full build at 420 real posts). We look both
up in indexes made once per ``env-updated``; the filter sees the same ``cited_docnames``.

Without a tooltip style of its own, upstream formats each entry twice with the same style object,
once for the bibliography and once for its tooltip: half of pybtex's time in a full build
(0.25 s at 342 posts). Within one ``get_formatted_entries`` call, a style formats an entry once.

Relies on: ``BibtexDomain.get_formatted_entries(bibliography_key, docnames, tooltips,
tooltips_style)`` yielding ``(entry, formatted_entry, tooltip_entry)``; the domain's
``bibliographies``, ``citation_refs`` and ``bibdata``; ``get_filtered_entries`` and
``get_all_cited_keys`` (re-implemented with indexes; their upstream lines are checked by
``tests/test_upstream_internals.py``) and ``_FilterVisitor``; ``env_updated`` calling it once per
bibliography; a missing field formatted as ``Tag("b", message)``; ``add_domain(override=True)``;
pybtex's ``BaseStyle.format_entry(label, entry, bib_data=None)`` (the text does not depend on
anything else).
"""

from __future__ import annotations

import ast
import contextlib
from typing import TYPE_CHECKING

from build_state import digest, note_shortcut
from pybtex.richtext import Tag
from pybtex.style.formatting import BaseStyle
from sphinx.util import logging
from sphinxcontrib.bibtex.domain import BibtexDomain, _FilterVisitor

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

CACHE = "formatted_entries_cache"
logger = logging.getLogger(__name__)


class CachedBibtexDomain(BibtexDomain):
    def env_updated(self):
        self._site_inputs = None
        self._used: set[str] = set()
        self.hits = self.stored = self.indexed = self.reused = 0
        self._index = _CitationIndex(self.citation_refs)  # the citations are final from here on
        updated = super().env_updated()
        self._index = None
        cache = self.data.get(CACHE, {})
        for stale in set(cache) - self._used:
            del cache[stale]
        return updated

    def get_formatted_entries(self, bibliography_key, docnames, tooltips, tooltips_style):
        cache = self.data.setdefault(CACHE, {})
        key = digest((self._inputs_of_site(docnames), tuple(bibliography_key),
                      _inputs_of(self.bibliographies[bibliography_key]), tooltips, tooltips_style))
        self._used.add(key)
        if key in cache:
            self.hits += 1
            return iter(cache[key])
        with _each_entry_formatted_once() as reused:
            results = list(super().get_formatted_entries(bibliography_key, docnames, tooltips, tooltips_style))
        self.reused += reused[0]
        if not any(_is_error(formatted) for _, formatted, _ in results):
            cache[key] = results
            self.stored += 1
        return iter(results)

    def get_filtered_entries(self, bibliography_key):
        """Upstream's, with the documents citing each key looked up instead of scanned for."""
        index = getattr(self, "_index", None)
        if index is None:  # only env_updated calls it upstream; elsewhere, upstream's own
            yield from super().get_filtered_entries(bibliography_key)
            return
        self.indexed += 1
        bibliography = self.bibliographies[bibliography_key]
        for entry in self.get_entries(bibliography.bibfiles):
            key = bibliography.keyprefix + entry.key
            cited_docnames = index.citing_docnames(key)
            visitor = _FilterVisitor(entry=entry, docname=bibliography_key.docname,
                                     cited_docnames=cited_docnames)
            try:
                success = visitor.visit(bibliography.filter_)
            except ValueError as err:
                logger.warning("syntax error in :filter: expression; %s" % err,
                               location=(bibliography_key.docname, bibliography.line),
                               type="bibtex", subtype="filter_syntax_error")
                success = bool(cited_docnames)  # upstream falls back to the default filter
            if success or entry.key in bibliography.keys:
                yield key, entry

    def get_all_cited_keys(self, docnames):
        index = getattr(self, "_index", None)
        if index is None:
            return super().get_all_cited_keys(docnames)
        return iter(index.cited_keys(docnames))

    def _inputs_of_site(self, docnames) -> str:
        if getattr(self, "_site_inputs", None) is None:
            bibfiles = [(str(path), info.mtime, list(info.keys))
                        for path, info in self.bibdata.bibfiles.items()]
            # in citation order as upstream sorts it (by document, then as read), not in the
            # order documents happened to be read in this build
            position = {docname: index for index, docname in enumerate(docnames)}
            ordered = sorted(self.citation_refs, key=lambda ref: position.get(ref.docname, -1))
            citations = [(ref.docname, [target.key for target in ref.targets]) for ref in ordered]
            self._site_inputs = digest((self.bibdata.encoding, bibfiles, citations, list(docnames)))
        return self._site_inputs


class _CitationIndex:
    """The site's citations, looked up by key and put in document order, each worked out once."""

    def __init__(self, citation_refs) -> None:
        self._refs = citation_refs
        self._by_key: dict[str, set[str]] | None = None
        self._ordered: tuple[tuple[str, ...], list[str]] | None = None

    def citing_docnames(self, key: str) -> set[str]:
        if self._by_key is None:
            self._by_key = {}
            for ref in self._refs:
                for target in ref.targets:
                    self._by_key.setdefault(target.key, set()).add(ref.docname)
        return set(self._by_key.get(key, ()))

    def cited_keys(self, docnames) -> list[str]:
        """Upstream's order: citations stably sorted by ``docnames.index`` of their document."""
        names = tuple(docnames)
        if self._ordered is None or self._ordered[0] != names:
            first = {}
            for position, docname in enumerate(names):
                first.setdefault(docname, position)
            ordered = sorted(self._refs, key=lambda ref: first[ref.docname])
            self._ordered = (names, [target.key for ref in ordered for target in ref.targets])
        return self._ordered[1]


@contextlib.contextmanager
def _each_entry_formatted_once():
    """While upstream formats one bibliography: the same style, label and entry give the same
    formatted entry (the objects are kept in the memo, so their ids stay theirs)."""
    pybtex_format_entry = BaseStyle.format_entry
    made: dict[tuple, tuple] = {}
    reused = [0]

    def format_entry(style, label, entry, bib_data=None):
        key = (id(style), label, id(entry), id(bib_data))
        if key in made:
            reused[0] += 1
        else:
            made[key] = (style, entry, bib_data, pybtex_format_entry(style, label, entry, bib_data=bib_data))
        return made[key][3]

    BaseStyle.format_entry = format_entry
    try:
        yield reused
    finally:
        BaseStyle.format_entry = pybtex_format_entry


def _inputs_of(bibliography) -> tuple:
    return (bibliography.style, bibliography.list_, bibliography.enumtype, bibliography.start,
            bibliography.labelprefix, bibliography.keyprefix, [str(path) for path in bibliography.bibfiles],
            ast.dump(bibliography.filter_), list(bibliography.keys))


def _is_error(formatted) -> bool:
    return isinstance(formatted.text, Tag) and formatted.text.name == "b"


def report_hits(app: Sphinx, env) -> list[str]:
    domain = env.get_domain("cite")
    for name, count in (("bibtex_cache", getattr(domain, "hits", 0)),
                        ("bibtex_cache_stored", getattr(domain, "stored", 0)),
                        ("bibtex_index", getattr(domain, "indexed", 0)),
                        ("bibtex_entries_reused", getattr(domain, "reused", 0))):
        if count:
            note_shortcut(app, name, count)
    return []


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("sphinxcontrib.bibtex")
    app.setup_extension("build_state")
    app.add_domain(CachedBibtexDomain, override=True)
    app.connect("env-updated", report_hits, priority=600)  # after sphinxcontrib-bibtex's (500)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
