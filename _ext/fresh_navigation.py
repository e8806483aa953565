"""Every page shows the whole site navigation, so every page is written again when it changes.

Sphinx rewrites only the pages whose sources changed. When a post is added, removed, renamed or
moved in a toctree, the sidebar of every other page would keep the old navigation. After each
read we compare a digest of the navigation (toctrees and page titles, markup included) with the
last build's and, when it differs, mark all pages for writing (they are not read again).

The last build's digest is kept in ``build_state``. Within a build the digest is computed once
after reading and reused by whoever asks while pages are written (the sidebar cache, the
listings): writing changes no toctree and no title, and the next read forgets it.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from build_state import digest, store
from docutils import nodes
from sphinx import addnodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata


# env -> its navigation digest, from the end of reading until the next read starts
_after_reading: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def navigation_digest(env: BuildEnvironment) -> str:
    """Everything the sidebar, the header links and the previous/next links draw: which page
    includes which, and each page's titles as nodes (``# **入门**`` is not ``# 入门``)."""
    known = _after_reading.get(env)
    return known if known is not None else _navigation_digest(env)


def _navigation_digest(env: BuildEnvironment) -> str:
    state = (sorted((doc, list(children)) for doc, children in env.toctree_includes.items()),
             sorted((doc, str(title)) for doc, title in env.titles.items()),
             sorted((doc, _titles_only_view(toc)) for doc, toc in env.tocs.items()))
    return digest(state)


def _titles_only_view(toc: nodes.Node) -> list[str]:
    """What a titles-only toctree shows of a page: Sphinx keeps each top-level title and the
    toctrees under it (entries with their own titles, captions, options), no section headings,
    so editing a section does not rewrite the whole site."""
    view = []
    for top in toc.children:
        head = top[0] if isinstance(top, nodes.list_item) and len(top) else top
        view.append(str(head))
        view.extend(str(tree) for tree in top.findall(addnodes.toctree))
    return view


def forget_before_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    _after_reading.pop(env, None)


def rewrite_all_when_navigation_changes(app: Sphinx, env: BuildEnvironment) -> list[str]:
    current = _after_reading[env] = _navigation_digest(env)
    navigation = store(app, "navigation")
    first = "digest" not in navigation
    changed = navigation.remember("digest", current)
    return sorted(env.found_docs) if changed and not first else []


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("build_state")
    app.connect("env-before-read-docs", forget_before_reading)
    app.connect("env-get-updated", rewrite_all_when_navigation_changes)
    return {"version": "1.0", "env_version": 3, "parallel_read_safe": True, "parallel_write_safe": True}
