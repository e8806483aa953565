"""chinese_search: full-text search that finds Chinese the way readers type it, and costs a page
nothing until the reader searches.

- :mod:`.segment` cuts text into units (characters, bigrams, dictionary terms, Latin words);
- :mod:`.terms` reads the domain dictionary ``ml-terms.txt``, :mod:`.aliases` the alias table
  ``ml-aliases.txt`` (names of one concept: variants, English and Chinese);
- :mod:`.language` is the search language Sphinx indexes ``zh`` pages with;
- :mod:`.sharded_index` writes the index the browser uses, cut into shards by unit, beside
  Sphinx's ``searchindex.js`` (which only incremental builds read);
- :mod:`.lazy_search` keeps the theme from loading search on every page and gives the search
  page our template and ``static/chinese-search.js`` (query analysis, ranking, snippets);
- :mod:`.unchanged_index` skips re-loading and re-writing the index when no page was read;
- :mod:`.index_changes` tells which units a build changed, so :mod:`.sharded_index` computes only
  their shards and :mod:`.kept_terms` lets Sphinx's dump reuse the other units' page lists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.search._stopwords.en import ENGLISH_STOPWORDS
from sphinx.util import logging

from build_state import digest
from post_catalog.outputs import is_web_site

from . import index_changes, kept_terms, lazy_search, sharded_index, unchanged_index
from .aliases import DEFAULT_ALIASES_FILE, load_aliases
from .language import SearchChineseML

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)


def _aliases(app: Sphinx) -> list[list[str]]:
    options = app.config.html_search_options or {}
    return load_aliases(options.get("aliases", DEFAULT_ALIASES_FILE))[0]


def _search_digest(app: Sphinx) -> str:
    """What the index depends on besides the pages: the dictionary, the aliases, the options
    (the aliases only reach the browser's meta file, which is written with the index)."""
    options = app.config.html_search_options or {}
    terms = sorted(SearchChineseML(options).terms)
    return digest((app.config.language, app.config.html_search_language, options, terms, _aliases(app)))


def reindex_when_search_changes(app: Sphinx, env: BuildEnvironment, added: set[str],
                                changed: set[str], removed: set[str]) -> list[str]:
    """A new dictionary, alias table or search options mean indexing every page again."""
    current = _search_digest(app)
    if getattr(env, "chinese_search_digest", current) == current:
        env.chinese_search_digest = current
        return []
    env.chinese_search_digest = current
    return sorted(env.found_docs)


def warn_about_aliases(app: Sphinx) -> None:
    options = app.config.html_search_options or {}
    for path, line, message in load_aliases(options.get("aliases", DEFAULT_ALIASES_FILE))[1]:
        logger.warning(message, location=f"{path}:{line}" if line else path,
                       type="chinese_search", subtype="aliases")


def write_browser_index(app: Sphinx, builder: Builder) -> None:
    """Hook the sharded index onto Sphinx's own index: same pages fed, written at the same time.
    Only the web-site builders write an index (singlehtml and epub feed one they never write:
    their page texts must not replace the site's in the shared store)."""
    if not is_web_site(builder) or not getattr(builder, "search", False):
        return
    sharded_index.remember_texts(app, builder)
    changes = index_changes.watch(builder)
    dump = builder.dump_search_index

    def dump_both() -> None:
        if builder.indexer is not None:
            kept_terms.reuse_loaded_terms(app, builder.indexer, changes)
        dump()
        if builder.indexer is not None and not getattr(builder, "chinese_search_unchanged", False):
            options = app.config.html_search_options or {}
            sharded_index.write_shards(app, builder, {
                "terms": sorted(SearchChineseML(options).terms),
                "aliases": _aliases(app),
                "stopwords": sorted(ENGLISH_STOPWORDS),
            }, changes)

    builder.dump_search_index = dump_both


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_search_language(SearchChineseML)
    app.connect("env-get-outdated", reindex_when_search_changes)
    app.setup_extension("changed_documents")
    app.setup_extension("build_state")
    app.connect("builder-inited", lazy_search.install)
    app.connect("builder-inited", warn_about_aliases)
    app.connect("html-page-context", lazy_search.search_page_template)
    app.connect("write-started", unchanged_index.skip_when_unchanged)
    app.connect("write-started", write_browser_index, priority=600)  # after skip_when_unchanged
    return {"version": "1.1", "env_version": 2,
            "parallel_read_safe": True, "parallel_write_safe": True}
