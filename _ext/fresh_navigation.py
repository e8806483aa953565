"""Every page shows the whole site navigation, so every page is written again when it changes.

Sphinx rewrites only the pages whose sources changed. When a post is added, removed, renamed or
moved in a toctree, the sidebar of every other page would keep the old navigation. After each
read we compare a digest of the navigation (toctrees and page titles) with the last build's and,
when it differs, mark all pages for writing (they are not read again).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata


def navigation_digest(env: BuildEnvironment) -> str:
    state = (sorted((doc, list(children)) for doc, children in env.toctree_includes.items()),
             sorted((doc, title.astext()) for doc, title in env.titles.items()))
    return hashlib.sha256(repr(state).encode()).hexdigest()


def rewrite_all_when_navigation_changes(app: Sphinx, env: BuildEnvironment) -> list[str]:
    digest = navigation_digest(env)
    previous = getattr(env, "navigation_digest", digest)
    env.navigation_digest = digest
    return sorted(env.found_docs) if digest != previous else []


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("env-get-updated", rewrite_all_when_navigation_changes)
    return {"version": "1.0", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
