"""The book theme's sidebar, rendered once per build instead of once per page.

pydata-sphinx-theme builds the sidebar of every page from the whole site toctree (Sphinx
resolves and renders it, then BeautifulSoup reshapes it), so a full build costs pages². The
sidebar of two pages differs only in where its links point from (relative URLs) and which
branch is marked current and open. So we render it once from the root, as for a page outside
the toctree, cut it into tags, and per page only rewrite the links and mark the current branch.
A branch is current for every page under it in the toctrees, also pages deeper than
``max_navbar_depth`` shows (as Sphinx marks it before pruning); with ``show_navbar_depth: 0``
the theme wraps each captioned toctree in a part (``toctree-l0``) that is never marked current,
only opened (``<details open>``) around the current page.

The theme's sidebar template ``sbt-sidebar-nav.html`` is swapped for ``fast-sidebar-nav-bs.html``
(same markup, our function), since pydata-sphinx-theme renders sidebar templates inside its own
``html-page-context`` handler. The name ends in ``sidebar-nav-bs.html``, which the theme skips
when it renders each template once more to drop empty ones: ours always writes its ``<nav>``,
so that render (2 % of a full build) could never drop it. Used only where the shortcut holds: the whole tree
(``startdepth=0``) without collapsing (``collapse=False``, the book theme's default) and Sphinx's
own ``toctree`` function (or sphinx-notfound-page's, which links from the site root); anything
else goes to the theme's code.
tests/test_fast_sidebar.py compares every page with and without this extension, and checks
from ``builder.fast_sidebar_served`` (the pages drawn by the shortcut) that it was taken.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from build_state import digest, folder, note_shortcut
from fresh_navigation import navigation_digest
from pydata_sphinx_theme import __version__ as pydata_version
from pydata_sphinx_theme.toctree import add_toctree_functions
from sphinx.jinja2glue import SphinxFileSystemLoader
from sphinx.util.osutil import relative_uri

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

TEMPLATES = Path(__file__).with_name("fast_sidebar_templates")
THEME_TEMPLATE = "sbt-sidebar-nav.html"
FAST_TEMPLATE = "fast-sidebar-nav-bs.html"  # see the module docstring for the name
NEUTRAL_PAGE = "search"  # at the root and in no toctree: nothing is marked current
CACHE_FOLDER = "fast_sidebar"  # a build_state folder
_TOKEN = re.compile(r"(<[^>]+>)")
_HREF = re.compile(r'href="([^"]*)"')


@dataclass
class Skeleton:
    """The sidebar of the neutral page, cut into tags and text, with what each tag belongs to."""

    tokens: list[str]
    link_doc: dict[int, str] = field(default_factory=dict)        # <a> token -> docname
    branch: dict[int, frozenset[str]] = field(default_factory=dict)  # <li>/<ul> -> docs inside
    details_of: dict[int, int] = field(default_factory=dict)      # <details> token -> its <li>
    hrefs: dict[int, str] = field(default_factory=dict)           # token -> root-relative href
    parts: set[int] = field(default_factory=set)  # <li class="toctree-l0">, <ul class="list-caption">

    @classmethod
    def parse(cls, html: str, doc_of_uri: dict[str, str],
              below: dict[str, frozenset[str]]) -> Skeleton:
        """``below``: the documents under each one in the toctrees, also those not drawn."""
        skeleton = cls(_TOKEN.split(html))
        open_tags: list[tuple[str, int, set[str]]] = []  # (tag, token index, docs inside)
        last_li: list[int] = []
        for index, token in enumerate(skeleton.tokens):
            if not token.startswith("<"):
                continue
            name = token[1:].split(" ", 1)[0].rstrip(">")
            href = _HREF.search(token)
            if href and "://" not in href.group(1):
                skeleton.hrefs[index] = href.group(1)
            if name in ("li", "ul"):
                open_tags.append((name, index, set()))
                if 'class="toctree-l0' in token or 'class="list-caption' in token:
                    skeleton.parts.add(index)
                if name == "li":
                    last_li.append(index)
            elif name in ("/li", "/ul"):
                _, opened, docs = open_tags.pop()
                skeleton.branch[opened] = frozenset(docs)
                if open_tags:
                    open_tags[-1][2].update(docs)
                if name == "/li":
                    last_li.pop()
            elif name == "details" and last_li:
                skeleton.details_of[index] = last_li[-1]
            elif name == "a" and href and href.group(1) in doc_of_uri:
                doc = doc_of_uri[href.group(1)]
                skeleton.link_doc[index] = doc
                if open_tags:
                    open_tags[-1][2].update({doc} | below.get(doc, frozenset()))
        return skeleton

    def render(self, page_uri: str, pagename: str) -> str:
        tokens = list(self.tokens)
        page_dir, _, _ = page_uri.rpartition("/")
        for index, href in self.hrefs.items():
            if href.split("#", 1)[0] == page_uri:
                relative = relative_uri(page_uri, href)
            else:
                relative = _relative_from_dir(page_dir, href)
            tokens[index] = tokens[index].replace(f'href="{href}"', f'href="{relative or "#"}"', 1)
        current = {index for index, docs in self.branch.items() if pagename in docs}
        for index in current - self.parts:
            tokens[index] = _mark_current(tokens[index])
        for index, li in self.details_of.items():
            if li in current and "open" not in tokens[index]:
                # the theme opens a part with a valueless attribute, a page's branch with "open"
                opened = "<details open" if li in self.parts else '<details open="open"'
                tokens[index] = tokens[index].replace("<details", opened, 1)
        for index, doc in self.link_doc.items():
            if doc == pagename:
                tokens[index] = tokens[index].replace('class="', 'class="current ', 1)
        return "".join(tokens)

    def render_from_root(self, prefix: str) -> str:
        """Links as absolute paths under ``prefix`` (the 404 page, served at any depth)."""
        tokens = list(self.tokens)
        for index, href in self.hrefs.items():
            tokens[index] = tokens[index].replace(f'href="{href}"', f'href="{prefix}{href}"', 1)
        return "".join(tokens)


@functools.lru_cache(maxsize=65536)
def _relative_from_dir(page_dir: str, href: str) -> str:
    """relative_uri() from any page of ``page_dir`` other than ``href``'s own: the same for all
    of them, so a build computes it once per folder and link, not once per page and link.
    The stand-in file name, a NUL character, is no page's name."""
    return relative_uri(f"{page_dir}/\0" if page_dir else "\0", href)


def _mark_current(tag: str) -> str:
    """<li class="toctree-l2 …"> -> <li class="toctree-l2 current active …">; <ul> gets "current"."""
    if tag.startswith("<li"):
        return re.sub(r'class="(toctree-l\d+)', r'class="\1 current active', tag, count=1)
    if 'class="' in tag:
        return tag.replace('class="', 'class="current ', 1)
    return tag.replace("<ul", '<ul class="current"', 1)


def _skeleton(app: Sphinx, show_nav_level: int, kwargs: dict) -> Skeleton:
    cache = app.builder.__dict__.setdefault("fast_sidebar_skeletons", {})
    key = (show_nav_level, tuple(sorted(kwargs.items())))
    if key not in cache:
        doc_of_uri = {app.builder.get_target_uri(doc): doc for doc in app.env.found_docs}
        cache[key] = Skeleton.parse(_neutral_html(app, show_nav_level, kwargs), doc_of_uri,
                                    _documents_below(app.env.toctree_includes, doc_of_uri.values()))
    return cache[key]


def _documents_below(includes: dict[str, list[str]], docs) -> dict[str, frozenset[str]]:
    """For each document, every document its toctrees include, directly or further down
    (hidden toctrees too: the sidebar includes them)."""
    below = {}
    for doc in docs:
        seen: set[str] = set()
        waiting = list(includes.get(doc, ()))
        while waiting:
            child = waiting.pop()
            if child not in seen:
                seen.add(child)
                waiting.extend(includes.get(child, ()))
        below[doc] = frozenset(seen)
    return below


def _neutral_html(app: Sphinx, show_nav_level: int, kwargs: dict) -> str:
    """The sidebar of the neutral page; kept on disk for the next build while the tree is unchanged."""
    state = (navigation_digest(app.env), app.config.root_doc, show_nav_level,
             sorted(kwargs.items()), app.builder.link_suffix, pydata_version)
    stored = folder(app, CACHE_FOLDER) / f"{digest(state)}.txt"
    if stored.exists():
        return stored.read_text(encoding="utf-8")
    context = {"toctree": lambda **kw: app.builder._get_local_toctree(NEUTRAL_PAGE, **kw)}
    add_toctree_functions(app, NEUTRAL_PAGE, "page.html", context, None)
    html = str(context["generate_toctree_html"]("sidebar", startdepth=0,
                                                show_nav_level=show_nav_level, **kwargs))
    for old in stored.parent.glob("*.txt"):  # one tree at a time
        old.unlink(missing_ok=True)
    stored.write_text(html, encoding="utf-8")
    return html


def add_fast_sidebar(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    sidebars = context.get("sidebars") or []
    if THEME_TEMPLATE not in sidebars:
        return  # another theme, or sidebars the site chose itself
    context["sidebars"] = [FAST_TEMPLATE if name == THEME_TEMPLATE else name for name in sidebars]
    own_toctree = "StandaloneHTMLBuilder" in getattr(context.get("toctree"), "__qualname__", "")

    not_found_page = pagename == getattr(app.config, "notfound_pagename", None)
    rendered: dict[tuple, str] = {}  # a page may draw the sidebar more than once

    def fast_sidebar_html(kind: str, startdepth: int = 1, show_nav_level: int = 1, **kwargs):
        key = (kind, startdepth, show_nav_level, tuple(sorted(kwargs.items())))
        if key not in rendered:
            rendered[key] = _fast_sidebar_html(kind, startdepth, show_nav_level, **kwargs)
        return rendered[key]

    def _fast_sidebar_html(kind: str, startdepth: int, show_nav_level: int, **kwargs):
        if kind != "sidebar" or startdepth != 0 or kwargs.get("collapse", True):
            return context["generate_toctree_html"](kind, startdepth, show_nav_level, **kwargs)
        if own_toctree:
            html = _skeleton(app, show_nav_level, kwargs).render(
                app.builder.get_target_uri(pagename), pagename)
        elif not_found_page:  # sphinx-notfound-page links from the site root, in no branch
            html = _skeleton(app, show_nav_level, kwargs).render_from_root(
                app.config.notfound_urls_prefix or "/")
        else:
            return context["generate_toctree_html"](kind, startdepth, show_nav_level, **kwargs)
        # proof for the tests that the shortcut was taken (a slower build would look the same)
        app.builder.__dict__.setdefault("fast_sidebar_served", set()).add(pagename)
        note_shortcut(app, "fast_sidebar")
        return html

    context["fast_sidebar_html"] = fast_sidebar_html


def add_template_folder(app: Sphinx) -> None:
    templates = getattr(app.builder, "templates", None)
    if templates is not None and hasattr(templates, "loaders"):
        templates.loaders.append(SphinxFileSystemLoader(str(TEMPLATES)))


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("build_state")
    app.connect("builder-inited", add_template_folder)
    # before pydata-sphinx-theme's handler (500), which already renders the sidebar templates
    app.connect("html-page-context", add_fast_sidebar, priority=499)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
