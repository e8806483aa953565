"""Each style sheet's and script's checksum worked out once per build, not once per page.

Sphinx adds ``?v=<checksum>`` to every local CSS and JS link of every page. It keeps the checksum
per file, but first resolves the file's path on disk (``Path.resolve``: a system call per path
component) for every link of every page: 20 links on each of 400 pages, 1 % of a full build of
342 posts. We keep the answer per build, by output folder and file name. Sphinx's own cache
behind the path is kept for the whole process, so a file does not change its checksum within a
build either way.

Relies on: ``sphinx.builders.html._file_checksum(outdir, filename)``, imported into
``sphinx.builders.html`` and looked up there as a module global by ``handle_page``'s
``css_tag``/``js_tag``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sphinx.builders.html as html_builder

from build_state import note_shortcut

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

_sphinx_file_checksum = html_builder._file_checksum
_known: dict[tuple, str] = {}


def _file_checksum(outdir, filename) -> str:
    key = (str(outdir), str(filename))
    if key not in _known:
        _known[key] = _sphinx_file_checksum(outdir, filename)
    return _known[key]


def start_build(app: Sphinx) -> None:
    _known.clear()
    html_builder._file_checksum = _file_checksum


def end_build(app: Sphinx, exception: Exception | None) -> None:
    html_builder._file_checksum = _sphinx_file_checksum
    if _known:
        note_shortcut(app, "asset_checksums", len(_known))
    _known.clear()


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("build_state")
    app.connect("builder-inited", start_build)
    app.connect("build-finished", end_build, priority=100)  # before build_state saves its report
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
