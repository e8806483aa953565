"""Leave the search index alone when no page was read.

Sphinx's HTML builder loads ``searchindex.js`` before writing and dumps it again at the end of
every build, no-op builds included. Our index holds characters and bigrams, so it is several
times larger than a stock one, and that round trip was a tenth of a no-op build. Its content comes
from the documents' doctrees and the search options only. When this build read and removed no
document, the search options are those of the last read, and the file on disk was written after
the environment was last saved (so no build crashed between the two), the file is current and
we skip the round trip.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from changed_documents import documents_changed
from sphinx.application import ENV_PICKLE_FILENAME

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


def _search_state(app: Sphinx) -> str:
    config = app.config
    return repr((config.language, config.html_search_language,
                 sorted((config.html_search_options or {}).items())))


def note_search_options(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                        removed: set[str]) -> list[str]:
    state = _search_state(app)
    app.builder.search_options_changed = getattr(env, "search_state", None) != state
    env.search_state = state  # saved with the environment when a document is read
    return []


def skip_when_unchanged(app: Sphinx, builder: Builder) -> None:
    if builder.format != "html" or not getattr(builder, "search", False):
        return
    if documents_changed(app) or getattr(builder, "search_options_changed", True):
        return
    index = Path(builder.outdir) / builder.searchindex_filename
    env_pickle = Path(builder.doctreedir) / ENV_PICKLE_FILENAME
    try:
        current = index.stat().st_mtime >= env_pickle.stat().st_mtime
    except OSError:
        return
    if current:
        # Pages written anyway (after a template change, say) feed an empty index nobody dumps.
        builder.load_indexer = lambda docnames: None
        builder.dump_search_index = lambda: None
