"""Leave the search index alone when no page was read.

Sphinx's HTML builder loads ``searchindex.js`` before writing and dumps it again at the end of
every build, no-op builds included. Our index holds characters and bigrams, so it is several
times larger than a stock one, and that round trip was a tenth of a no-op build. Its content comes
from the documents' doctrees and the search settings, and new settings make every page be read
again. So when this build read and removed no document, and the file on disk was written after
the environment was last saved (no build crashed between the two), the file is current and we
skip the round trip.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from changed_documents import documents_changed
from sphinx.application import ENV_PICKLE_FILENAME

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder


def skip_when_unchanged(app: Sphinx, builder: Builder) -> None:
    if builder.format != "html" or not getattr(builder, "search", False):
        return
    if documents_changed(app):  # a new dictionary or new options mean reading every page again
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
        builder.chinese_search_unchanged = True  # and the sharded index beside it is current too
