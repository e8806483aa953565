"""The single page's memory (issue #17): a 1,000-post site is one page of ~140 million characters.

Measured with ``singlehtml`` on k copies of the real posts, the build peaked at 5.2 GB for 1,008
posts: the page's body string was alive several times at once (Sphinx's joined body, the copies
made by the ``html-page-context`` handlers, Jinja's output, ``lazy_search``'s cut and joined
page, the page read back and substituted again at ``build-finished``), and a few formulas'
characters beyond U+FFFF (MathJax's ``<text>𝟙</text>``) make each copy 4 bytes a character.
On top of that the whole site was fed to the search indexer as one page, which singlehtml never
writes. Shortcuts, for the single page only; the page's bytes stay what they were:

- :func:`skip_search_feed`: nothing is fed to the search indexer, whose index singlehtml
  never writes (``chinese_search`` keeps no page text from this builder either).
- :func:`set_body_aside` / :func:`write_body`: after every handler has changed the body, it
  leaves the template context; Sphinx renders and writes the page around a short marker, and at
  ``build-finished`` the body is written into the file in place of the marker, in slices.
- :func:`write_doc`: Sphinx's own, but the body is held once (upstream keeps a second reference
  while every handler copies it), and characters beyond U+FFFF stand for themselves as unused
  private-use characters of the BMP until the body is written, so that each copy of the body
  takes 2 bytes a character instead of 4.

``-D single_page_lean=0`` builds the page the upstream way (the tests compare the two).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from build_state import note_shortcut
from post_catalog.outputs import is_single_page

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

# A comment no page contains: posts cannot add raw HTML (their "<" is escaped) and no template
# writes it; a body that does contain it is left in the page (set_body_aside).
MARKER = "<!-- offline_formats: the single page's body -->"
SLICE = 1 << 20  # characters written at a time: the body is never encoded as a whole
BODY_KEY = "_offline_formats_single_body"
ASTRAL_KEY = "_offline_formats_astral"  # placeholder -> character, for the body being written
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")
_PRIVATE_USE = re.compile("[\uE000-\uF8FF]")


def _lean(builder: Builder) -> bool:
    return is_single_page(builder) and builder.config.single_page_lean


def skip_search_feed(app: Sphinx, builder: Builder) -> None:
    """Feed nothing to the search index: singlehtml writes none.

    Relies on upstream internals: ``StandaloneHTMLBuilder.write_doc_serialized`` feeds the
    indexer through ``builder.index_page``, and ``SingleFileHTMLBuilder.finish`` never calls
    ``dump_search_index`` (so the fed index is dropped; the indexer itself is kept, as
    ``copy_static_files`` reads its search-tool context). ``chinese_search`` keeps page texts
    only for the builders that write an index, so this saves Sphinx's own feed of the whole
    site (time and memory). ``tests/test_offline_formats.py``
    checks the page is unchanged and the search texts get no entry from it.
    """
    if not _lean(builder) or not hasattr(builder, "index_page"):
        return

    def index_nothing(pagename: str, doctree, title: str) -> None:
        note_shortcut(app, "single_page_not_indexed")

    builder.index_page = index_nothing


def use_lean_write_doc(app: Sphinx) -> None:
    if _lean(app.builder) and hasattr(app.builder, "write_doc"):
        app.builder.write_doc = functools.partial(write_doc, app)


def write_doc(app: Sphinx, docname: str, doctree) -> None:
    """``StandaloneHTMLBuilder.write_doc`` of Sphinx 9.0, line for line, but for the body.

    Relies on upstream internals: that method's steps (settings, section and figure numbers,
    image and download paths, the translator's ``fragment`` and ``meta[2:]``,
    ``_has_maths_elements``, ``get_doc_context``, ``handle_page``), and that
    ``SingleFileHTMLBuilder.write_documents`` calls it once with the assembled site. Upstream
    keeps the joined body in a local while ``html-page-context`` handlers replace
    ``context["body"]``: one more copy of the page during every copy they make. Handlers see
    the private-use stand-ins (ours look for markup, never for such characters).
    ``tests/test_offline_formats.py`` compares the page with upstream's method.
    """
    from sphinx.util.osutil import relative_uri

    builder = app.builder
    doctree.settings = builder.docsettings
    builder.secnumbers = builder.env.toc_secnumbers.get(docname, {})
    builder.fignumbers = builder.env.toc_fignumbers.get(docname, {})
    builder.imgpath = relative_uri(builder.get_target_uri(docname), "_images")
    builder.dlpath = relative_uri(builder.get_target_uri(docname), "_downloads")
    builder.current_docname = docname
    visitor = builder.create_translator(doctree, builder)
    doctree.walkabout(visitor)
    pieces, clean_meta = visitor.fragment, "".join(visitor.meta[2:])
    has_maths = getattr(visitor, "_has_maths_elements", False)
    del visitor  # its body list holds every piece too
    ctx = builder.get_doc_context(docname, _narrow_join(app, pieces), clean_meta)
    del pieces
    ctx["has_maths_elements"] = has_maths
    note_shortcut(app, "single_page_lean_write_doc")
    builder.handle_page(docname, ctx, event_arg=doctree)


def _narrow_join(app: Sphinx, pieces: list[str]) -> str:
    """The joined body, each character beyond U+FFFF replaced by a private-use character that
    the body does not contain (:func:`_widened` puts them back when the body is written)."""
    astral: set[str] = set()
    private: set[str] = set()
    for piece in pieces:
        if not piece.isascii():
            astral.update(_ASTRAL.findall(piece))
            private.update(_PRIVATE_USE.findall(piece))
    unused = (chr(code) for code in range(0xE000, 0xF900) if chr(code) not in private)
    narrow = dict(zip(sorted(astral), unused))
    if not astral or len(narrow) < len(astral):  # none, or more than 6,400 (never seen)
        return "".join(pieces)
    app.__dict__[ASTRAL_KEY] = {ord(placeholder): wide for wide, placeholder in narrow.items()}
    table = {ord(wide): placeholder for wide, placeholder in narrow.items()}
    return "".join(piece if piece.isascii() else piece.translate(table) for piece in pieces)


def _widened(app: Sphinx, text: str) -> str:
    table = app.__dict__.get(ASTRAL_KEY)
    return text.translate(table) if table else text


def set_body_aside(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Last handler (after ``build_time_math``'s glyphs, 950, and ``light_pages``, 990): the
    template gets the marker, the body waits for :func:`write_body`.

    Relies on upstream internals: the page template writes ``{{ body }}`` once and unescaped
    (``basic/page.html``), and nothing after ``html-page-context`` reads ``context["body"]``.
    """
    if not _lean(app.builder) or pagename != app.config.root_doc:
        return
    body = context.get("body")
    if not isinstance(body, str):
        return
    if MARKER in body:  # the template shows it: with its own characters
        context["body"] = _widened(app, body)
        app.__dict__.pop(ASTRAL_KEY, None)
        return
    app.__dict__[BODY_KEY] = body
    context["body"] = MARKER
    note_shortcut(app, "single_page_body_set_aside")


def write_body(app: Sphinx, page: Path, clean: Callable[[str], str]) -> None:
    """Write the page again: ``clean`` applied to what Sphinx wrote (small, the body set
    aside), and the body wherever the template showed it (once, for every template we know)."""
    encoding = app.config.html_output_encoding
    shell = clean(page.read_text(encoding=encoding))
    body = app.__dict__.pop(BODY_KEY, None)
    first, *rest = shell.split(MARKER) if body is not None else (shell,)
    # as Sphinx writes a page (Path.write_text: the output encoding, character references for
    # what it cannot encode, the platform's newlines), a slice at a time
    with open(page, "w", encoding=encoding, errors="xmlcharrefreplace") as stream:
        stream.write(first)
        for piece in rest:
            for start in range(0, len(body), SLICE):
                stream.write(_widened(app, body[start:start + SLICE]))
            stream.write(piece)


def forget(app: Sphinx, exception: Exception | None) -> None:
    app.__dict__.pop(BODY_KEY, None)
    app.__dict__.pop(ASTRAL_KEY, None)


def setup_lean_single_page(app: Sphinx) -> None:
    app.add_config_value("single_page_lean", True, "", types=frozenset({bool}))
    app.connect("builder-inited", use_lean_write_doc)
    app.connect("write-started", skip_search_feed, priority=700)
    app.connect("html-page-context", set_body_aside, priority=1000)
    app.connect("build-finished", forget, priority=1000)
