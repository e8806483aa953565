"""``feed.xml``: an Atom feed of the newest posts, written with feedgen.

Links are absolute (from ``html_baseurl``). Formulas become MathML in the HTML content and
Unicode text in the summary, since feed readers run no MathJax. The MathML is the one MathJax
made for the page (``build_time_math``'s screen-reader MathML), or latex2mathml's where a formula
was not typeset by it. Every field is stripped of the
characters XML cannot carry (a post's text is untrusted: it must not cost the site its feed),
and the summary is cut to :data:`SUMMARY_CHARS`. A post's HTML is rendered when
the post is written and kept in a ``build_state`` store, so an incremental build still
writes the whole feed. The file is rewritten only when what it shows changed, and the feed
libraries are imported only then: a no-op build neither renders nor imports anything here.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from build_state import Store, digest, store
from docutils import nodes
from sphinx.util import logging

from . import catalog, excerpt
from .feed_html import feed_html
from .text_safety import MATHML_PAGE_ATTRIBUTE
from .xml_chars import xml_text

if TYPE_CHECKING:
    from pylatexenc.latex2text import LatexNodes2Text
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)
# The number changes with the way bodies are rendered, so bodies cached by older code are not reused.
CACHE_NAME = "feed_bodies-4"  # build_state stores; the number changes with the rendering
DIGEST_NAME = "feed"
FEED_NAME = "feed.xml"
SUMMARY_CHARS = 200  # a long ``summary:`` is cut like a card's excerpt, not copied whole
_INLINE_MATH = re.compile(r'<span class="math[^"]*">\\\((.*?)\\\)</span>', re.S)
_STRAY_AMPERSAND = re.compile(r"&(?!#?[A-Za-z0-9]+;)")
_DISPLAY_MATH = re.compile(r'<div class="math[^"]*">\s*(?:<p>)?\s*\\\[(.*?)\\\]\s*(?:</p>)?\s*</div>', re.S)


def feed_posts(app: Sphinx) -> list[catalog.Post]:
    dated = [post for post in catalog.posts(app.env) if post.date]
    dated.sort(key=lambda p: (p.last_changed, p.docname), reverse=True)
    return dated[: app.config.post_feed_length]


def _cache(app: Sphinx) -> Store:
    """The rendered body of each feed post, kept between builds."""
    return store(app, CACHE_NAME)


def capture_body(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Render a feed post's body when it is written (before header and related block are added)."""
    if app.builder.name not in ("html", "dirhtml") or not app.config.html_baseurl:
        return
    if docname not in _feed_docnames(app):
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    body = section.deepcopy()
    body.remove(body[0])  # the title is the entry's title
    page_url = urljoin(site_url(app), app.builder.get_target_uri(docname))
    fragment = app.builder.render_partial(body)["fragment"]
    _cache(app).remember(docname, feed_html(_mathml(app, fragment), page_url))


def _feed_docnames(app: Sphinx) -> frozenset[str]:
    """The feed's posts, worked out once per write phase (the catalog is final by then), not
    once per page written."""
    names = app.builder.__dict__.get("_feed_docnames")
    if names is None:
        names = app.builder.__dict__["_feed_docnames"] = frozenset(post.docname for post in feed_posts(app))
    return names


def _forget_feed_docnames(app: Sphinx, builder) -> None:
    builder.__dict__.pop("_feed_docnames", None)


def write_feed(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in ("html", "dirhtml"):
        return
    if not app.config.html_baseurl:
        logger.info("no feed written: set html_baseurl to the site's address")
        return
    posts = feed_posts(app)
    cache = _cache(app)
    for post in posts:
        if post.docname not in cache:  # written before the cache existed
            app.env.get_and_resolve_doctree(post.docname, app.builder)
    base = site_url(app)
    target = Path(app.outdir, FEED_NAME)
    state = (CACHE_NAME, base, app.config.project, app.config.author,
             [(post, cache.get(post.docname)) for post in posts])
    cache.keep_only(post.docname for post in posts)
    if not store(app, DIGEST_NAME).remember("feed", digest(state)) and target.exists():
        return
    _write_atom(app, base, target, posts, cache)


def _write_atom(app: Sphinx, base: str, target: Path, posts: list[catalog.Post],
                cache: dict[str, str]) -> None:
    from feedgen.feed import FeedGenerator

    base = xml_text(base)
    feed = FeedGenerator()
    feed.id(base)
    feed.title(xml_text(app.config.project))
    feed.author({"name": xml_text(app.config.author)})
    feed.link(href=base, rel="alternate")
    feed.link(href=urljoin(base, FEED_NAME), rel="self")
    feed.language("zh-CN")
    feed.updated(_moment(posts[0].last_changed) if posts else _moment(dt.date(2000, 1, 1)))
    for post in posts:
        url = xml_text(urljoin(base, app.builder.get_target_uri(post.docname)))
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.title(xml_text(post.title))
        entry.link(href=url, rel="alternate")
        entry.published(_moment(post.date))
        entry.updated(_moment(post.last_changed))
        entry.summary(xml_text(summary_text(post)))
        entry.content(xml_text(cache.get(post.docname, "")), type="html")
        for tag in post.tags:
            entry.category(term=xml_text(tag))
    feed.atom_file(str(target), pretty=True)


def summary_text(post: catalog.Post) -> str:
    """The card excerpt, at most :data:`SUMMARY_CHARS`, as plain text with formulas written out
    in Unicode (p_θ(x) → p_θ(x))."""
    from pylatexenc.latex2text import LatexNodes2Text

    converter = LatexNodes2Text(math_mode="text")
    parts = []
    for kind, value in excerpt.truncate(post.excerpt, SUMMARY_CHARS):
        parts.append(_plain_formula(converter, value) if kind == "math" else value)
    return "".join(parts)


def _plain_formula(converter: LatexNodes2Text, tex: str) -> str:
    try:
        return converter.latex_to_text(tex).strip()
    except Exception:  # an unusual formula: its source is still readable
        return tex


def _mathml(app: Sphinx, fragment: str) -> str:
    typeset = _typeset_mathml(app)

    def convert(match: re.Match, display: str) -> str:
        tex = html.unescape(match.group(1))
        mathml = typeset(tex, display == "block")
        if mathml is not None:
            return mathml
        from latex2mathml.converter import convert as latex_to_mathml  # only for what MathJax did not typeset

        try:
            # latex2mathml writes the alignment "&" of nested environments unescaped ...
            mathml = _STRAY_AMPERSAND.sub("&amp;", latex_to_mathml(tex, display=display))
            # ... and copies \text{...} verbatim: "<img ..." there is no MathML
            ElementTree.fromstring(mathml)
            if MATHML_PAGE_ATTRIBUTE.search(mathml):  # \href, \style, \class: no links or styles from a post
                return match.group(0)
            return mathml
        except Exception:  # keep what latex2mathml cannot convert (well) as TeX
            return match.group(0)

    fragment = _DISPLAY_MATH.sub(lambda m: convert(m, "block"), fragment)
    return _INLINE_MATH.sub(lambda m: convert(m, "inline"), fragment)


def _typeset_mathml(app: Sphinx):
    """(tex, display) -> the MathML MathJax made for the page, or None."""
    if "build_time_math" not in app.extensions:
        return lambda tex, display: None
    from build_time_math import html as typeset_html, uses_renderer

    if not uses_renderer(app):
        return lambda tex, display: None
    return lambda tex, display: typeset_html.typeset_mathml(app, (tex, display))


def site_url(app: Sphinx) -> str:
    """The site's address with one trailing slash, for absolute links."""
    return app.config.html_baseurl.rstrip("/") + "/"


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def setup_feed(app: Sphinx) -> None:
    app.add_config_value("post_feed_length", 20, "html", types=frozenset({int}))
    app.connect("write-started", _forget_feed_docnames)
    app.connect("doctree-resolved", capture_body, priority=400)
    app.connect("build-finished", write_feed)
