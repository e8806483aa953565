"""Look the site's bibliography styles up once per process, not four times per bibliography.

pybtex finds a style by scanning the entry points of every installed package, and does so on
each lookup; sphinxcontrib-bibtex formats every bibliography again on every build and looks up
four styles for each. For the 42 posts here that was 170 scans, a fifth of a no-op build. We look
the configured style and the styles it uses up once and register the classes found under their
own names with ``pybtex.plugin.register_plugin``, which pybtex checks before the entry points:
the same classes, found in a dict.

The ``plaintext`` backend is registered too: sphinxcontrib-bibtex looks it up for every
citation it resolves (250 scans on the real site, more than a second of a full build).

Relies on: ``pybtex.plugin.find_plugin``/``register_plugin`` (registered plugins are checked
before entry points); ``BibtexDomain.resolve_xref`` finding the ``plaintext`` backend by name; sphinxcontrib-bibtex formatting the bibliographies in its ``env-updated``
handler (priority 500) and keeping them in the ``cite`` domain's ``bibliographies``.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from build_state import note_shortcut
from pybtex.plugin import find_plugin, register_plugin

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

# What a formatting style names for its parts, and pybtex's documented default when it names none.
STYLE_PARTS = {
    "pybtex.style.labels": ("default_label_style", "number"),
    "pybtex.style.names": ("default_name_style", "plain"),
    "pybtex.style.sorting": ("default_sorting_style", "none"),
}


@functools.cache
def register_style(name: str) -> None:
    style = find_plugin("pybtex.style.formatting", name)
    register_plugin("pybtex.style.formatting", name, style, force=True)
    for group, (attribute, default) in STYLE_PARTS.items():
        part = getattr(style, attribute, None) or default
        register_plugin(group, part, find_plugin(group, part), force=True)


@functools.cache
def register_plaintext_backend() -> None:
    """sphinxcontrib-bibtex looks this backend up once per citation it resolves."""
    register_plugin("pybtex.backends", "plaintext", find_plugin("pybtex.backends", "plaintext"), force=True)


def register_site_styles(app: Sphinx, env: BuildEnvironment) -> list[str]:
    if getattr(env.get_domain("cite"), "bibliographies", None):  # a site without any looks up none
        register_plaintext_backend()
        config = app.config
        for name in {config.bibtex_default_style, config.bibtex_tooltips_style} - {""}:
            register_style(name)
            note_shortcut(app, "pybtex_styles")
    return []


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("sphinxcontrib.bibtex")
    app.setup_extension("build_state")
    # sphinxcontrib-bibtex formats the bibliographies in its own env-updated handler (500)
    app.connect("env-updated", register_site_styles, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
