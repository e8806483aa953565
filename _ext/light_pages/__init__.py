"""Nothing heavy before the first paint (issue #15): what the theme loads up front, trimmed.

- Icons: ``static/icons.css`` draws the dozen icons the pages use as CSS masks
  (``scripts/icon_css.py``); ``_templates/static/webpack-macros.html`` drops the theme's
  ``fontawesome.js`` (1.5 MB of script, to draw those icons).
- No render-blocking script in ``<head>``: every script file is deferred (order kept), and
  ``documentation_options.js``, which the inline page scripts need at once, is inlined.
- Fonts the theme's CSS still uses (admonition and external-link icons) swap in, instead of
  hiding their text until loaded (``static/light-pages.css``).
- One search box: the header's. The sidebar's copy is left out (the header shows on every width).
- Colours from the first paint: the theme's head script leaves ``data-theme="auto"`` on a first
  visit and its deferred script resolves it later, so the first paint had none of the theme's
  colour variables (no borders: the tag cloud grew 2 px a tag when they came, CLS 0.2). A head
  script resolves "auto" from ``prefers-color-scheme`` at once, as the theme's script will.
- Every page has a meta description (listing, search and 404 pages had none): its title and
  the site's name.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.builders.html._assets import _JavaScript

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

STATIC_DIR = Path(__file__).with_name("static")
INLINED = "documentation_options.js"
SIDEBAR_SEARCH = "search-button-field.html"
# Runs after the theme's own head script (which sets data-theme from localStorage or "auto").
RESOLVE_THEME = ('if (document.documentElement.dataset.theme === "auto") '
                 'document.documentElement.dataset.theme = '
                 'matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";')


# The theme gives a scrolling code block or table a tab stop when it measures it on load; a block
# in a section skipped by content-visibility (light-pages.css) gets its real size only when
# drawn, so it is measured again then (the event does not bubble: listen while capturing).
TAB_STOPS_WHEN_DRAWN = (
    'document.addEventListener("contentvisibilityautostatechange", (event) => {'
    ' if (event.skipped) return;'
    ' const blocks = [event.target, ...event.target.querySelectorAll("pre, .pst-scrollable-table-container")];'
    ' for (const block of blocks) if (block.matches("pre, .pst-scrollable-table-container"))'
    ' block.tabIndex = block.scrollWidth > block.clientWidth || block.scrollHeight > block.clientHeight ? 0 : -1;'
    '}, true);')


def is_browser_page(app: Sphinx) -> bool:
    return app.builder.format == "html" and app.builder.name not in ("epub", "epub3")


def add_static_files(app: Sphinx) -> None:
    if is_browser_page(app):
        app.config.html_static_path = [*app.config.html_static_path, str(STATIC_DIR)]
        app.add_css_file("icons.css")
        app.add_css_file("light-pages.css")
        app.add_js_file(None, body=RESOLVE_THEME, priority=1)
        app.add_js_file(None, body=TAB_STOPS_WHEN_DRAWN)


def defer_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if not is_browser_page(app) or "script_files" not in context:
        return
    scripts = []
    for script in context["script_files"]:
        if not isinstance(script, _JavaScript) or not script.filename:
            scripts.append(script)  # inline: nothing to download
        elif Path(str(script.filename)).name == INLINED:
            scripts.append(_JavaScript("", priority=script.priority, body=_options_script(app)))
        elif {"async", "defer"} & script.attributes.keys():
            scripts.append(script)
        else:
            scripts.append(_JavaScript(script.filename, priority=script.priority,
                                       **script.attributes, defer="defer"))
    context["script_files"] = scripts


def _options_script(app: Sphinx) -> str:
    """The content of documentation_options.js (written with the static files, before pages)."""
    cached = app.__dict__.get("_light_pages_options")
    if cached is None:
        written = Path(app.outdir, "_static", INLINED)
        cached = written.read_text(encoding="utf-8") if written.exists() else ""
        app._light_pages_options = cached = cached.replace("</", "<\\/")
    return cached


def one_search_box(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    sidebars = context.get("sidebars")
    if is_browser_page(app) and isinstance(sidebars, list) and SIDEBAR_SEARCH in sidebars:
        context["sidebars"] = [name for name in sidebars if name != SIDEBAR_SEARCH]


def describe_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if not is_browser_page(app) or 'name="description"' in context.get("metatags", ""):
        return
    title = html.unescape(re.sub(r"<[^>]+>", "", context.get("title") or ""))
    text = f"{title} · {app.config.project}" if title else app.config.project
    context["metatags"] = (context.get("metatags", "")
                           + f'\n<meta name="description" content="{html.escape(text, quote=True)}" />')


def forget(app: Sphinx, exception) -> None:
    app.__dict__.pop("_light_pages_options", None)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("builder-inited", add_static_files)
    app.connect("html-page-context", defer_scripts, priority=990)  # after others add scripts
    app.connect("html-page-context", one_search_box)
    app.connect("html-page-context", describe_page, priority=900)
    app.connect("build-finished", forget)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
