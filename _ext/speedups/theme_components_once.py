"""The theme's components are rendered once per page, and the page's table of contents made once.

Before writing a page, pydata-sphinx-theme renders every component template of the navbar,
article header, footers and sidebars once only to drop those that render empty, then renders the
ones it kept again for the page. The book theme's ``article-header-buttons.html`` imports its
button macros "with context", which re-runs them on every render. And the in-page table of
contents (``generate_toc_html``: BeautifulSoup parses the page's TOC and CSS selectors reshape
it) is made anew each time a template asks for it: four times per page.

- A template that writes markup at its top level (outside any ``if``, ``for``, macro or block)
  can never render empty, and Jinja's parse tree says so: such templates go on the theme's own
  list of templates it does not check (``templates_skip_empty_check``, today only the sidebar and
  navbar navigation). Templates that may render empty (the page's table of contents, icon links,
  our PDF button) are still checked. The answer is kept per template name for the build.
- ``generate_toc_html`` keeps its result per page (and per ``kind`` and TOC it was asked for).
  The templates only test and print it. A TOC of the plain shape Sphinx writes is made without
  BeautifulSoup (:mod:`.plain_page_toc`, the same HTML).

Relies on: ``pydata_sphinx_theme.utils._update_and_remove_templates(app, context, templates,
section, templates_skip_empty_check)``, looked up as a module attribute by
``pydata_sphinx_theme.update_and_remove_templates`` (the first of the theme's handlers that
renders components, right after ``add_toctree_functions`` put ``generate_toc_html`` in the
context) and as a global by ``set_secondary_sidebar_items``; it keeps a template whose name ends
with an entry of the list.
"""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING

import pydata_sphinx_theme.utils as theme_utils
from jinja2 import TemplateNotFound, nodes

from build_state import note_shortcut

from .plain_page_toc import plain_page_toc

if TYPE_CHECKING:
    from jinja2 import Environment
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

_theme_check = theme_utils._update_and_remove_templates


def writes_markup_at_top_level(environment: Environment, name: str) -> bool:
    """Whether every render of the template ``name`` holds text other than white space."""
    try:
        source, _, _ = environment.loader.get_source(environment, name)
    except TemplateNotFound:
        return False  # the theme's check reports it as before
    tree = environment.parse(source, name)
    if tree.find(nodes.Extends) is not None:  # the parent decides what is written
        return False
    return any(isinstance(piece, nodes.TemplateData) and piece.data.strip()
               for output in tree.body if isinstance(output, nodes.Output) for piece in output.nodes)


def _page_toc_once(app: Sphinx, context: dict) -> None:
    make = context.get("generate_toc_html")
    if make is None or getattr(make, "made_once", False):
        return
    made: dict[tuple, object] = {}

    def generate_toc_html(kind: str = "html"):
        key = (kind, context.get("toc"))
        if key in made:
            note_shortcut(app, "page_toc_once")
            return made[key]
        plain = None
        if kind == "html" and isinstance(key[1], str) and "theme_show_toc_level" in context:
            plain = plain_page_toc(key[1], context["theme_show_toc_level"])
        if plain is not None:
            note_shortcut(app, "plain_page_toc")
        made[key] = make(kind) if plain is None else plain
        return made[key]

    generate_toc_html.made_once = True
    context["generate_toc_html"] = generate_toc_html


def start_build(app: Sphinx) -> None:
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None or getattr(environment, "loader", None) is None:
        return
    never_empty = functools.cache(functools.partial(writes_markup_at_top_level, environment))

    def check(app, context, templates, section, templates_skip_empty_check=None):
        _page_toc_once(app, context)
        names = [template.strip() for template in templates.split(",")] if isinstance(templates, str) else templates
        names = [name if os.path.splitext(name)[1] else f"{name}.html" for name in names]  # as the theme does
        certain = {name for name in names if never_empty(name)}
        # the theme matches its list by the end of a name: a name goes on it only when no
        # template that may be empty ends with it
        skipped = sorted(name for name in certain
                         if not any(other.endswith(name) for other in names if other not in certain))
        if skipped:
            note_shortcut(app, "never_empty_templates", len(skipped))
        return _theme_check(app, context, templates, section, [*(templates_skip_empty_check or []), *skipped])

    theme_utils._update_and_remove_templates = check


def end_build(app: Sphinx, exception: Exception | None) -> None:
    theme_utils._update_and_remove_templates = _theme_check


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("build_state")
    app.connect("builder-inited", start_build)
    app.connect("build-finished", end_build, priority=100)  # before build_state saves its report
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
