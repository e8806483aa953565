"""Formatted bibliography entries kept between builds, keyed by everything they are made from.

sphinxcontrib-bibtex formats every bibliography again in every build, in its ``env-updated``
handler: pybtex's templates for each entry, and the ``:filter:`` of each bibliography evaluated
against every entry of the bib files. On the real site that was most of a no-op rebuild. We
subclass its domain and keep, per bibliography, what ``get_formatted_entries`` returned in the
domain's own data (pickled with the environment, so ``-E`` or a new data version drops it).

The key covers every input: the bib files (their modification times and keys), every citation
of the site and the order of the documents (a filter may read any of them), the bibliography's
options, filter and listed keys, and the tooltip settings. A result with a missing-field error
is not kept, so its warning comes again in every build, as upstream gives it.

Relies on: ``BibtexDomain.get_formatted_entries(bibliography_key, docnames, tooltips,
tooltips_style)`` yielding ``(entry, formatted_entry, tooltip_entry)``; the domain's
``bibliographies``, ``citation_refs`` and ``bibdata``; ``env_updated`` calling it once per
bibliography; a missing field formatted as ``Tag("b", message)``; ``add_domain(override=True)``.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from build_state import digest, note_shortcut
from pybtex.richtext import Tag
from sphinxcontrib.bibtex.domain import BibtexDomain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

CACHE = "formatted_entries_cache"


class CachedBibtexDomain(BibtexDomain):
    def env_updated(self):
        self._site_inputs = None
        self._used: set[str] = set()
        self.hits = self.stored = 0
        updated = super().env_updated()
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
        results = list(super().get_formatted_entries(bibliography_key, docnames, tooltips, tooltips_style))
        if not any(_is_error(formatted) for _, formatted, _ in results):
            cache[key] = results
            self.stored += 1
        return iter(results)

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


def _inputs_of(bibliography) -> tuple:
    return (bibliography.style, bibliography.list_, bibliography.enumtype, bibliography.start,
            bibliography.labelprefix, bibliography.keyprefix, [str(path) for path in bibliography.bibfiles],
            ast.dump(bibliography.filter_), list(bibliography.keys))


def _is_error(formatted) -> bool:
    return isinstance(formatted.text, Tag) and formatted.text.name == "b"


def report_hits(app: Sphinx, env) -> list[str]:
    domain = env.get_domain("cite")
    for name, count in (("bibtex_cache", getattr(domain, "hits", 0)),
                        ("bibtex_cache_stored", getattr(domain, "stored", 0))):
        if count:
            note_shortcut(app, name, count)
    return []


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("sphinxcontrib.bibtex")
    app.setup_extension("build_state")
    app.add_domain(CachedBibtexDomain, override=True)
    app.connect("env-updated", report_hits, priority=600)  # after sphinxcontrib-bibtex's (500)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
