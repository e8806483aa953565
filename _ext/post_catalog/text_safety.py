"""Characters that must not reach a page, a feed or a file name.

XML 1.0 (the feed, the sitemap, XHTML in EPUB) cannot carry C0 control characters other than
tab, newline and carriage return, nor U+FFFE/U+FFFF; HTML treats them and the C1 controls as
parse errors. They arrive by accident (a form feed pasted from a PDF), so the build removes
them and says where. Bidirectional controls are legal but make text display as something else.
"""

from __future__ import annotations

import re

UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                          "\u2066\u2067\u2068\u2069")


def unsafe_characters(text: str) -> str:
    """The unsafe characters of ``text`` named for a message (``U+000C``), or ``""``."""
    found = sorted(set(UNSAFE.findall(text)))
    return ", ".join(f"U+{ord(char):04X}" for char in found) if found else ""


def strip_unsafe(text: str) -> str:
    return UNSAFE.sub("", text)

# What latex2mathml makes of \href, \style, \class and \cssId: a javascript: link, a style that
# covers the page. No formula of the site needs them; MathML carrying them is not used.
MATHML_PAGE_ATTRIBUTE = re.compile(r"\s(?:href|style|class|id|on[a-z]+)\s*=", re.I)
