"""A post's HTML as feed content: links made absolute, script-carrying markup left out.

Feed readers show the content away from the page, so ``href``/``src`` must be absolute. The
fragment is parsed with the standard library's HTML parser and written out again with every
attribute value and text escaped: a regular expression that un-escaped attribute values let a
URL holding ``"`` break out of its attribute. While at it the writer drops what could run
script, whatever produced it (raw HTML, a converter's output): ``<script>`` elements,
``on…`` event attributes, ``srcdoc`` and URLs whose scheme is not http(s) or mailto.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

LINK_ATTRIBUTES = frozenset({"href", "src"})  # resolved against the page's address
URL_ATTRIBUTES = LINK_ATTRIBUTES | {"xlink:href", "action", "formaction", "data", "poster"}
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# The parser hands their content over verbatim (it is not HTML text): kept verbatim.
_RAW_TEXT_ELEMENTS = frozenset({"style"})


def feed_html(fragment: str, page_url: str) -> str:
    """``fragment`` with links resolved against ``page_url`` and script-carrying markup dropped."""
    writer = _FeedHtmlWriter(page_url)
    writer.feed(fragment)
    writer.close()
    return "".join(writer.out)


class _FeedHtmlWriter(HTMLParser):
    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)  # text and attribute values arrive un-escaped
        self.page_url = page_url
        self.out: list[str] = []
        self.raw_text = False
        self.in_script = False

    def _attribute(self, name: str, value: str | None) -> str:
        if name.startswith("on") or name == "srcdoc":
            return ""
        if value is None:
            return f" {name}"
        if name in URL_ATTRIBUTES:
            url = urljoin(self.page_url, value.strip()) if name in LINK_ATTRIBUTES else value.strip()
            if urlsplit(url).scheme.lower() not in SAFE_SCHEMES | {""}:  # relative: no script
                return ""
            value = url
        return f' {name}="{html.escape(value, quote=True)}"'

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], end: str) -> str:
        return f"<{tag}{''.join(self._attribute(name, value) for name, value in attrs)}{end}"

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.in_script = True
            return
        self.out.append(self._tag(tag, attrs, ">"))
        self.raw_text = tag in _RAW_TEXT_ELEMENTS

    def handle_startendtag(self, tag, attrs):
        if tag != "script":
            self.out.append(self._tag(tag, attrs, " />"))

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False
            return
        self.out.append(f"</{tag}>")
        self.raw_text = False

    def handle_data(self, data):
        if not self.in_script:
            self.out.append(data if self.raw_text else html.escape(data, quote=False))

    def handle_comment(self, data):
        pass  # comments are for authors, and old browsers ran conditional comments

    def handle_decl(self, decl):
        pass  # a fragment has no doctype

    def handle_pi(self, data):
        pass

    def unknown_decl(self, data):
        if data.startswith("CDATA["):  # MathML or SVG text written as CDATA
            self.out.append(html.escape(data[len("CDATA["):], quote=False))
