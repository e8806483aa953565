"""chinese_search: full-text search that finds Chinese the way readers type it.

- :mod:`.segment` cuts text and queries into the same units (characters, bigrams, terms);
- :mod:`.terms` reads the domain dictionary ``ml-terms.txt``;
- :mod:`.language` is the search language Sphinx uses for ``zh``;
- ``query-splitter.js`` is the browser half of :mod:`.segment`, ``ranking.js`` puts title and
  heading matches first; both go into ``language_data.js``, which only the search page loads;
- :mod:`.unchanged_index` skips re-loading and re-writing the index when no page was read.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from . import unchanged_index
from .language import SearchChineseML

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata


def _search_digest(app: Sphinx) -> str:
    """What the index of a page depends on besides the page: the dictionary and the options."""
    options = app.config.html_search_options or {}
    terms = sorted(SearchChineseML(options).terms)
    state = (app.config.language, app.config.html_search_language, sorted(options.items()), terms)
    return hashlib.sha256(repr(state).encode()).hexdigest()


def reindex_when_search_changes(app: Sphinx, env: BuildEnvironment, added: set[str],
                                changed: set[str], removed: set[str]) -> list[str]:
    """A new dictionary or new search options mean indexing every page again."""
    digest = _search_digest(app)
    if getattr(env, "chinese_search_digest", digest) == digest:
        env.chinese_search_digest = digest
        return []
    env.chinese_search_digest = digest
    return sorted(env.found_docs)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_search_language(SearchChineseML)
    app.connect("env-get-outdated", reindex_when_search_changes)
    app.setup_extension("changed_documents")
    app.connect("write-started", unchanged_index.skip_when_unchanged)
    return {"version": "1.0", "env_version": 1,
            "parallel_read_safe": True, "parallel_write_safe": True}
