"""offline_formats: the downloads that are read without the web site (issue #19).

- :mod:`.single_page`: Read the Docs' zipped HTML (``singlehtml``): site title, a sidebar of
  anchors, ids unique across the merged documents, and no search that cannot work;
- :mod:`.ebook`: the EPUB: formulas as MathML (e-readers run no MathJax), the site's own
  page template (made for the book theme) left out;
- :mod:`.lean_single_page`: the single page's memory: its body is not copied by the template
  and the passes after it, and the whole site is not fed to a search index nobody writes.

Which parts of a page each format keeps is decided with :mod:`post_catalog.outputs`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import ebook, lean_single_page, single_page

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    single_page.setup_single_page(app)
    lean_single_page.setup_lean_single_page(app)
    ebook.setup_ebook(app)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
