"""Pages are not kept in memory between reading and writing: each is read back from its pickle
when it is written, as Sphinx already does in parallel builds and for unchanged pages.

A serial Sphinx build keeps every page it read as a live doctree until that page is written, so
at the end of reading the whole site is in memory at once (~0.5 MiB per real post: 200 MiB of a
420-post build), and it keeps the pickled bytes of every page it loads again. We give the
environment caches that keep nothing. Reading a page back costs ~2 ms; the pickle was written
moments before, so the operating system still has it in memory.

Relies on: ``BuildEnvironment._write_doc_doctree_cache`` (filled by ``Builder.write_doctree`` with
``self.env._write_doc_doctree_cache[docname] = doctree``, emptied by ``get_and_resolve_doctree``
with ``.pop``) and ``BuildEnvironment._pickled_doctree_cache`` (``get_doctree`` stores each
page's bytes in it); both reset when an environment is unpickled (``__setstate__``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from build_state import note_shortcut

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata


class KeepsNothing(dict):
    """A cache that forgets what it is given: lookups miss, and Sphinx reads the pickle."""

    def __setitem__(self, key, value) -> None:
        pass


def keep_no_doctrees(app: Sphinx, env: BuildEnvironment, *args) -> None:
    env._write_doc_doctree_cache = KeepsNothing()
    env._pickled_doctree_cache = KeepsNothing()
    note_shortcut(app, "lean_doctrees")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("build_state")
    # after the environment is loaded (or made) and before any page is read
    app.connect("env-before-read-docs", keep_no_doctrees)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
