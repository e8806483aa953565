"""Every page shows the whole site navigation, so every page is written again when it changes.

Sphinx rewrites only the pages whose sources changed. When a post is added, removed, renamed or
moved in a toctree, the sidebar of every other page would keep the old navigation. After each
read we compare a digest of the navigation (toctrees and page titles, markup included) with the
last build's and, when it differs, mark all pages for writing (they are not read again).

Caches our extensions keep beside the doctrees are made from one environment; a fresh one
(``sphinx-build -E``, or no saved environment) starts without them (forget_when_environment_is_fresh).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata


def navigation_digest(env: BuildEnvironment) -> str:
    """Everything the sidebar, the header links and the previous/next links draw: which page
    includes which, and each page's titles as nodes (``# **入门**`` is not ``# 入门``)."""
    state = (sorted((doc, list(children)) for doc, children in env.toctree_includes.items()),
             sorted((doc, str(title)) for doc, title in env.titles.items()),
             sorted((doc, _titles_only_view(toc)) for doc, toc in env.tocs.items()))
    return hashlib.sha256(repr(state).encode()).hexdigest()


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


def rewrite_all_when_navigation_changes(app: Sphinx, env: BuildEnvironment) -> list[str]:
    digest = navigation_digest(env)
    previous = getattr(env, "navigation_digest", digest)
    env.navigation_digest = digest
    return sorted(env.found_docs) if digest != previous else []


def forget_when_environment_is_fresh(app: Sphinx, *names: str) -> None:
    """Remove these files or folders under the doctree folder when this build starts from a new
    environment: ``-E`` must rebuild from the sources, whatever a cache key forgot."""
    if not app.fresh_env_used:
        return
    for name in names:
        path = Path(app.doctreedir) / name
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def forget_post_catalog_caches(app: Sphinx) -> None:
    """post_catalog's feed and listing-page digests (kept beside the doctrees as well)."""
    if "post_catalog" not in app.extensions:
        return
    from post_catalog import feed, listing_pages

    forget_when_environment_is_fresh(app, feed.CACHE_NAME, feed.DIGEST_NAME,
                                     listing_pages.DIGESTS_NAME)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("builder-inited", forget_post_catalog_caches)
    app.connect("env-get-updated", rewrite_all_when_navigation_changes)
    return {"version": "1.0", "env_version": 2, "parallel_read_safe": True, "parallel_write_safe": True}
