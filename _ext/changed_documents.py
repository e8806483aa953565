"""Does this build read or remove any document?

If not, whatever is derived from the documents alone (the search index, the related-posts
plans) is still what the last build left, and the code that derives it can skip the work.
Other extensions call :func:`documents_changed`; it answers True when unsure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata


def documents_changed(app: Sphinx) -> bool:
    return getattr(app.builder, "documents_changed", True)


def _note_removed(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                  removed: set[str]) -> list[str]:
    app.builder.documents_changed = bool(removed)
    return []


def _note_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    # The final list: it includes the documents other extensions asked to read again.
    if docnames:
        app.builder.documents_changed = True


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("env-get-outdated", _note_removed)
    app.connect("env-before-read-docs", _note_read)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
