"""pydata-sphinx-theme's in-page table of contents, made without BeautifulSoup when its HTML is
the plain shape Sphinx writes (nested ``ul``/``li`` and ``a class="reference internal"``).

The theme's ``generate_toc_html`` parses the page's TOC with BeautifulSoup, adds classes and
picks the part to show with CSS selectors: 3 % of a full build, once per page. Almost every page's
TOC is lists, items and links with plain text; for those :func:`plain_page_toc` does the same
steps on a small tree of its own and writes it out as BeautifulSoup does. A TOC with anything
else (formulas, code, other attributes, entities in a link) goes to the theme's function.
``tests/test_speedups.py`` compares the two on every TOC shape of the site and on edge cases.

Relies on: ``generate_toc_html(kind="html")`` in ``pydata_sphinx_theme.toctree`` (its steps are
mirrored here; ``tests/test_upstream_internals.py`` checks its source), and BeautifulSoup's
"minimal" output (``&``, ``<``, ``>`` escaped in text).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

_TAG = re.compile(r"<[^<>]*>")
_LINK = re.compile(r'<a class="([^"&<>\']*)" href="([^"&<>\']*)">')


@dataclass
class _Element:
    name: str
    attrs: dict = field(default_factory=dict)
    children: list = field(default_factory=list)

    def elements(self, name: str):
        """Descendants named ``name``, in document order (BeautifulSoup's ``find_all``)."""
        for child in self.children:
            if isinstance(child, _Element):
                if child.name == name:
                    yield child
                yield from child.elements(name)

    def add_class(self, *names: str) -> None:
        self.attrs["class"] = [*self.attrs.get("class", []), *names]


class PageToc(str):
    """The TOC's HTML, true and as long as its element's children, as the theme's tag is."""

    def __new__(cls, text: str, children: int):
        made = super().__new__(cls, text)
        made.children = children
        return made

    def __len__(self) -> int:
        return self.children

    def __bool__(self) -> bool:
        return True


def _parse(toc: str) -> _Element | None:
    root = _Element("[document]")
    stack = [root]
    position = 0
    for match in _TAG.finditer(toc):
        text = toc[position:match.start()]
        position = match.end()
        if text:
            stack[-1].children.append(html.unescape(text))
        tag = match.group(0)
        if tag in ("<ul>", "<li>"):
            element = _Element(tag[1:-1])
        elif link := _LINK.fullmatch(tag):
            element = _Element("a", {"class": link.group(1).split(), "href": link.group(2)})
        elif tag in ("</ul>", "</li>", "</a>") and stack[-1].name == tag[2:-1]:
            stack.pop()
            continue
        else:
            return None  # not the plain shape
        stack[-1].children.append(element)
        stack.append(element)
    tail = toc[position:]
    if len(stack) != 1 or "<" in tail or ">" in tail:
        return None
    if tail:
        root.children.append(html.unescape(tail))
    return root


def _html(node) -> str:
    if isinstance(node, str):
        return node.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    attributes = "".join(f' {name}="{" ".join(value) if name == "class" else value}"'
                         for name, value in node.attrs.items())
    return f"<{node.name}{attributes}>{''.join(map(_html, node.children))}</{node.name}>"


def _show_levels(ul: _Element | None, level: int, show_toc_level: int) -> None:
    if ul is None:
        return
    if level <= show_toc_level + 1:
        ul.add_class("pst-show_toc_level")
    for item in ul.children:
        if isinstance(item, _Element) and item.name == "li":
            item.add_class(f"toc-h{level}")
            sublist = next((c for c in item.children if isinstance(c, _Element) and c.name == "ul"), None)
            _show_levels(sublist, level + 1, show_toc_level)


def plain_page_toc(toc: str, show_toc_level: int) -> str | None:
    """What ``generate_toc_html()`` returns for ``toc`` (as text), or None if ``toc`` is not plain."""
    root = _parse(toc)
    if root is None:
        return None
    _show_levels(next(root.elements("ul"), None), 1, show_toc_level)
    for ul in root.elements("ul"):
        ul.add_class("nav", "section-nav", "flex-column")
    for item in root.elements("li"):
        item.add_class("nav-item", "toc-entry")
        link = next(item.elements("a"), None)
        if link is not None:
            link.add_class("nav-link")
    titles = [item for item in root.elements("li") if "toc-h1" in item.attrs["class"]]
    if len(titles) != 1:
        return PageToc(_html(root)[len("<[document]>"):-len("</[document]>")], len(root.children))
    title = titles[0]
    if not any("toc-h2" in item.attrs["class"] for item in title.elements("li")):  # only items get toc-hN
        return ""
    shown = next(title.elements("ul"))
    return PageToc(_html(shown), len(shown.children))
