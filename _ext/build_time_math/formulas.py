"""Which TeX each formula node stands for, and the cache key of a typeset formula.

The TeX is exactly what ``sphinx.ext.mathjax`` handed MathJax in the browser, so the page shows
what it showed before: a display block of several equations separated by blank lines is aligned,
an equation holding ``\\\\`` is a ``split``, and a ``nowrap`` block (MyST ``amsmath``
environments) is given as written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from docutils import nodes

from build_state import digest

Formula = tuple[str, bool]  # (tex, display)


def tex_of(node: nodes.math | nodes.math_block) -> Formula:
    if isinstance(node, nodes.math):
        return node.astext(), False
    text = node.astext()
    if node.get("no-wrap", node.get("nowrap", False)):
        return text, True
    parts = [part for part in text.split("\n\n") if part.strip()]
    body = r"\\".join(rf"\begin{{split}}{part}\end{{split}}" if r"\\" in part else part
                      for part in parts)
    if len(parts) > 1:
        body = rf" \begin{{align}}\begin{{aligned}}{body}\end{{aligned}}\end{{align}} "
    return body, True


def in_doctree(doctree: nodes.Node) -> Iterator[Formula]:
    for node in doctree.findall(lambda n: isinstance(n, (nodes.math, nodes.math_block))):
        yield tex_of(node)


def in_segments(segments: Iterable[tuple[str, str]]) -> Iterator[Formula]:
    """Inline formulas of a card's title or excerpt (``("math", tex)`` segments)."""
    for kind, value in segments:
        if kind == "math":
            yield value, False


def key(formula: Formula, macros: dict, renderer_version: str) -> str:
    tex, display = formula
    return digest((tex, display, macros, renderer_version))
