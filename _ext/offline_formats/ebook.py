"""The EPUB: formulas as MathML, and page templates an e-book can use.

E-readers run no JavaScript, so MathJax cannot typeset there. EPUB 3 reading systems render
MathML, which ``latex2mathml`` (already used by the feed) makes at build time: the epub builder
gets the ``mathml`` math renderer. A formula latex2mathml cannot convert stays readable as its TeX
source, with a warning naming the page and line. Display equations keep their numbers.

The project's ``_templates/layout.html`` extends the book theme's layout, which the epub theme
does not have: for the epub builder the project's template folders are left out.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

from post_catalog.outputs import is_ebook
from post_catalog.text_safety import MATHML_PAGE_ATTRIBUTE

logger = logging.getLogger(__name__)
RENDERER = "mathml"
STATIC = Path(__file__).with_name("static")
_DOCTYPE = re.compile(r"<!DOCTYPE[^>\[]*(\[.*?\])?\s*>", re.S)
_SVG_NO_PATH_DATA = re.compile(r"<path((?:\s+(?!d=)[\w:-]+=\"[^\"]*\")*)\s*(/?)>")
_MANIFEST_ITEM = re.compile(r'<item id="[^"]*" href="([^"]*)" media-type="application/xhtml\+xml" />')
MATHML_NAMESPACE = "http://www.w3.org/1998/Math/MathML"


_ALIGNED = re.compile(r"\s*\\begin\{(aligned|align\*?|split|gathered)\}(.*)\\end\{\1\}\s*", re.S)
# What matters for cutting an aligned block into rows and cells at its own level only.
_TABLE_TOKEN = re.compile(r"\\begin\{[^}]*\}|\\end\{[^}]*\}|\\\\(?:\[[^\]]*\])?|\\.|[{}&]", re.S)
_MATH_TAG = re.compile(r"^<math[^>]*>|</math>$")


def to_mathml(tex: str, display: bool) -> str | None:
    """MathML for ``tex``, or None when latex2mathml fails or writes something that is no XML."""
    from latex2mathml.converter import convert

    try:
        aligned = _ALIGNED.fullmatch(tex)
        if aligned:  # latex2mathml 3.81 writes a bare "&" for some aligned rows: its own table
            mathml = _table(convert, aligned.group(2), display)
        else:
            mathml = convert(tex, display="block" if display else "inline")
            ElementTree.fromstring(mathml)  # \text{<...>} is copied verbatim: must still be XML
    except Exception:
        return None
    if mathml is not None and MATHML_PAGE_ATTRIBUTE.search(mathml):  # a post is untrusted
        return None
    return mathml


def _cells(body: str) -> list[list[str]]:
    """Rows of cells, cut at ``\\\\`` and ``&`` outside braces and inner environments (cases)."""
    rows, cells, start, depth = [], [], 0, 0
    for token in _TABLE_TOKEN.finditer(body):
        text = token.group(0)
        if text == "{" or text.startswith("\\begin"):
            depth += 1
        elif text == "}" or text.startswith("\\end"):
            depth -= 1
        elif depth == 0 and (text == "&" or text.startswith("\\\\")):
            cells.append(body[start:token.start()])
            start = token.end()
            if text != "&":
                rows.append(cells)
                cells = []
    rows.append([*cells, body[start:]])
    return rows


def _table(convert, body: str, display: bool) -> str:
    """Rows split at ``\\``, cells at ``&``, aligned right then left as amsmath does."""
    rows = []
    for cells in _cells(body):
        if not any(cell.strip() for cell in cells):
            continue
        rows.append("<mtr>" + "".join(
            f'<mtd columnalign="{"right" if index % 2 == 0 else "left"}">'
            f"{_MATH_TAG.sub('', convert(cell.strip())) if cell.strip() else ''}</mtd>"
            for index, cell in enumerate(cells)) + "</mtr>")
    mathml = (f'<math xmlns="{MATHML_NAMESPACE}" display="{"block" if display else "inline"}">'
              f'<mtable displaystyle="true">{"".join(rows)}</mtable></math>')
    ElementTree.fromstring(mathml)
    return mathml


def _formula(translator, node: nodes.Element, tex: str, display: bool) -> str:
    mathml = to_mathml(tex, display)
    if mathml is not None:
        return mathml
    logger.warning(f"formula kept as TeX in the e-book (latex2mathml cannot convert it, or it would "
                   f"carry a link or style: \\href, \\style, \\class, \\cssId): {tex!r}",
                   location=node, type="offline_formats", subtype="mathml")
    return f'<code class="math-tex">{html.escape(tex)}</code>'


def visit_inline_math(translator, node: nodes.math) -> None:
    translator.body.append(translator.starttag(node, "span", "", CLASS="math"))
    translator.body.append(_formula(translator, node, node.astext(), display=False))
    translator.body.append("</span>")
    raise nodes.SkipNode


def visit_display_math(translator, node: nodes.math_block) -> None:
    translator.body.append(translator.starttag(node, "div", CLASS="math"))
    if node.get("number"):
        number = get_node_equation_number(translator, node)
        translator.body.append(f'<span class="eqno">({number})</span>')
    # Several equations separated by blank lines are aligned, as MathJax shows them.
    parts = [part for part in node.astext().split("\n\n") if part.strip()]
    tex = parts[0] if len(parts) == 1 else r"\begin{aligned}" + r"\\".join(parts) + r"\end{aligned}"
    translator.body.append(_formula(translator, node, tex, display=True))
    translator.body.append("</div>\n")
    raise nodes.SkipNode


def leave_out_project_templates(app: Sphinx) -> None:
    if not is_ebook(app.builder):
        return
    project_folders = {str(Path(app.confdir, folder).resolve()) for folder in app.config.templates_path}
    loader = app.builder.templates
    loader.loaders = [item for item in loader.loaders
                      if not project_folders & {str(Path(p).resolve()) for p in getattr(item, "searchpath", [])}]


def keep_mathjax_for_browsers(app: Sphinx, config) -> None:
    """With two renderers registered, Sphinx would pick the non-default one for every builder."""
    if config.html_math_renderer is None:
        config.html_math_renderer = "mathjax"


def add_ebook_style(app: Sphinx) -> None:
    """CJK font fallbacks; and an EPUB 3 edition needs a version: the day it was made."""
    if not is_ebook(app.builder):
        return
    app.config.html_static_path = [*app.config.html_static_path, str(STATIC)]
    app.add_css_file("offline-ebook.css")
    if not app.config.version:
        app.config.version = dt.date.today().isoformat()


def plain_home_page(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The home page's hero, card grid and topic cards are for the web (the PDF leaves the whole
    page out): the e-book's first page is the title and the contents, topics then their posts.

    The EPUB builder makes its navigation from the links of this page marked ``toctree-l<N>``;
    the home page's toctree is hidden, so without this list the e-book has no contents."""
    if not is_ebook(app.builder) or docname != app.config.root_doc:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    title = section.next_node(nodes.title)
    section.children = []
    section += [title, _contents(app, docname, docname, level=1)]


def _contents(app: Sphinx, fromdoc: str, parent: str, level: int) -> nodes.bullet_list:
    items = nodes.bullet_list(classes=["ebook-contents"])
    for doc in app.env.toctree_includes.get(parent, []):
        name = app.env.titles[doc].astext() if doc in app.env.titles else doc
        link = nodes.reference("", name, internal=True,
                               refuri=app.builder.get_relative_uri(fromdoc, doc))
        item = nodes.list_item("", addnodes.compact_paragraph("", "", link,
                                                              classes=[f"toctree-l{level}"]),
                               classes=[f"toctree-l{level}"])
        if app.env.toctree_includes.get(doc):
            item += _contents(app, fromdoc, doc, level + 1)
        items += item
    return items


def finish_package(app: Sphinx, exception: Exception | None) -> None:
    """What Sphinx's EPUB 3 leaves invalid for epubcheck, fixed and zipped again:
    pages with MathML must say so in the manifest, and matplotlib's SVGs carry a DTD with external
    entities and glyph paths without ``d`` (the space), which EPUB 3 forbids."""
    if exception is not None or not is_ebook(app.builder):
        return
    outdir = Path(app.outdir)
    for svg in outdir.rglob("*.svg"):
        text = svg.read_text(encoding="utf-8")
        fixed = _SVG_NO_PATH_DATA.sub(r'<path\1 d="M 0 0"\2>', _DOCTYPE.sub("", text))
        if fixed != text:
            svg.write_text(fixed, encoding="utf-8")
    opf = outdir / "content.opf"
    manifest = opf.read_text(encoding="utf-8")

    def declare_mathml(match: re.Match) -> str:
        page = outdir / html.unescape(match.group(1))
        if page.suffix == ".xhtml" and "<math " in page.read_text(encoding="utf-8"):
            return match.group(0).replace(" />", ' properties="mathml" />')
        return match.group(0)

    opf.write_text(_MANIFEST_ITEM.sub(declare_mathml, manifest), encoding="utf-8")
    app.builder.build_epub()


def setup_ebook(app: Sphinx) -> None:
    app.add_html_math_renderer(RENDERER, (visit_inline_math, None), (visit_display_math, None))
    # StandaloneHTMLBuilder.math_renderer_name reads "<builder>_math_renderer" first.
    app.add_config_value("epub_math_renderer", RENDERER, "epub", types=frozenset({str}))
    app.connect("config-inited", keep_mathjax_for_browsers)
    app.connect("builder-inited", leave_out_project_templates)
    # before sphinx.builders.epub3 checks the configuration (priority 500)
    app.connect("builder-inited", add_ebook_style, priority=400)
    app.connect("doctree-resolved", plain_home_page)
    app.connect("build-finished", finish_package)
