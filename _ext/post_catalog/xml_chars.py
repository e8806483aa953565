"""Text that an XML 1.0 document can carry, for the feed and the sitemap.

XML 1.0 has no way to write most C0 control characters (even as ``&#12;``), U+FFFE/U+FFFF or a
lone surrogate; lxml refuses them and a hand-written file with them is not XML. A form feed
pasted from a PDF must not cost the site its feed, so such characters are dropped.
"""

from __future__ import annotations

import re

# Everything outside XML 1.0's Char production: #x9 | #xA | #xD | [#x20-#xD7FF]
# | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
_NOT_XML_CHAR = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry."""
    return _NOT_XML_CHAR.sub("", text)
