"""The HTML of a typeset formula, and the per-page parts it needs.

A formula is MathJax's SVG (drawn in ``currentColor``, so it follows dark mode) with its MathML
for screen readers; the wrapper keeps the TeX in ``data-tex`` for copying. Display formulas
scroll sideways on a narrow screen and take keyboard focus, so that scrolling works without a
mouse. Glyph outlines are not repeated in every formula: each page carries one hidden ``<defs>``
with the glyphs its formulas use.

Fragments that Sphinx renders outside a page (``render_partial``: the feed's entries, the
in-page table of contents) get the markup of ``sphinx.ext.mathjax``: the feed turns it into
MathML (:func:`typeset_mathml` gives it the MathML of a typeset formula), and :func:`typeset_fragment` typesets what a page shows of them.
"""

from __future__ import annotations

import html
import re

from docutils import nodes
from sphinx.ext import mathjax
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

from .cache import formula_cache, glyph_refs
from .formulas import Formula, tex_of

logger = logging.getLogger(__name__)
CLASSES = "math notranslate nohighlight"
_MATHML = re.compile(r"<math\b.*?</math>", re.S)
_PARTIAL_INLINE = re.compile(r'<span class="math notranslate nohighlight">\\\((.*?)\\\)</span>', re.S)


def _is_partial(translator) -> bool:
    return translator.document.get("source") == "<partial node>"


def _with_tex(start_tag: str, tex: str) -> str:
    return f'{start_tag[:-1]} data-tex="{html.escape(tex, quote=True)}">'


def formula_html(app, formula: Formula, node: nodes.Node | None) -> str:
    cache = formula_cache(app)
    rendered = cache.get(formula)
    if rendered is None:  # not collected beforehand (a node made while writing): typeset it now
        cache.ensure([formula])
        rendered = cache.get(formula)
    tex = formula[0]
    if rendered is None:  # no renderer installed (already warned)
        return f'<code class="math-tex">{html.escape(tex)}</code>'
    if rendered.error is not None:
        logger.warning(f"formula cannot be typeset ({rendered.error}): {tex!r}; expected TeX "
                       "that MathJax 3 understands (see docs/post-format.md)",
                       location=node, type="build_time_math", subtype="tex")
        return f'<code class="math-tex math-error">{html.escape(tex)}</code>'
    return rendered.html


def typeset_mathml(app, formula: Formula) -> str | None:
    """The MathML of a formula typeset in this build (what screen readers get), or None."""
    rendered = formula_cache(app).get(formula)
    if rendered is None or rendered.html is None:
        return None
    match = _MATHML.search(rendered.html)
    return match.group(0) if match else None


def visit_inline(translator, node: nodes.math) -> None:
    if _is_partial(translator):
        mathjax.html_visit_math(translator, node)  # raises SkipNode
    formula = tex_of(node)
    start = translator.starttag(node, "span", "", CLASS=CLASSES)
    translator.body.append(_with_tex(start, formula[0]))
    translator.body.append(formula_html(translator.builder.app, formula, node))
    translator.body.append("</span>")
    raise nodes.SkipNode


def visit_display(translator, node: nodes.math_block) -> None:
    if _is_partial(translator):
        mathjax.html_visit_displaymath(translator, node)  # raises SkipNode
    formula = tex_of(node)
    start = translator.starttag(node, "div", "", CLASS=CLASSES + " math-display", tabindex="0")
    translator.body.append(_with_tex(start, formula[0]))
    if node["number"] and not node.get("no-wrap", node.get("nowrap", False)):
        number = get_node_equation_number(translator, node)
        translator.body.append(f'<span class="eqno">({number})')
        translator.add_permalink_ref(node, _("Link to this equation"))
        translator.body.append("</span>")
    translator.body.append(formula_html(translator.builder.app, formula, node))
    translator.body.append("</div>\n")
    raise nodes.SkipNode


def typeset_fragment(app, fragment: str) -> str:
    """Inline formulas of a partially rendered fragment (e.g. a heading in the page's TOC)."""
    found = [(html.unescape(m.group(1)), False) for m in _PARTIAL_INLINE.finditer(fragment)]
    if not found:
        return fragment
    formula_cache(app).ensure(found)

    def replace(match: re.Match) -> str:
        tex = html.unescape(match.group(1))
        return (_with_tex(f'<span class="{CLASSES}">', tex)
                + formula_html(app, (tex, False), None) + "</span>")
    return _PARTIAL_INLINE.sub(replace, fragment)


def glyph_definitions(app, *fragments: str) -> str:
    """One hidden SVG with the outlines of the glyphs that the page's formulas point to."""
    cache = formula_cache(app)
    ids = sorted(set().union(*(glyph_refs(fragment) for fragment in fragments)))
    paths = [f'<path id="{glyph_id}" d="{cache.glyph(glyph_id)}"></path>'
             for glyph_id in ids if cache.glyph(glyph_id) is not None]
    if not paths:
        return ""
    return ('<svg class="mjx-glyphs" xmlns="http://www.w3.org/2000/svg" aria-hidden="true" '
            f'focusable="false" style="display: none"><defs>{"".join(paths)}</defs></svg>')
