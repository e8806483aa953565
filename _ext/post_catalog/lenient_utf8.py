"""A UTF-8 codec that never fails: bytes that are not UTF-8 decode to U+FFFD.

Sphinx 9 reads sources with ``Path.read_text(encoding=settings['input_encoding'])``, strictly:
one stray byte stops the whole build with a traceback that names no file. Naming this codec as
the input encoding makes the post readable instead; :mod:`.post_files` warns with the file and
line of the first bad byte.
"""

from __future__ import annotations

import codecs

NAME = "post-catalog-lenient-utf-8"
_BASE = codecs.lookup("utf-8-sig")


class _Decoder(_BASE.incrementaldecoder):
    def __init__(self, errors: str = "strict") -> None:
        super().__init__("replace")


def _search(name: str) -> codecs.CodecInfo | None:
    if name.replace("_", "-") != NAME:
        return None
    return codecs.CodecInfo(
        name=NAME,
        encode=_BASE.encode,
        decode=lambda data, errors="strict": _BASE.decode(data, "replace"),
        incrementalencoder=_BASE.incrementalencoder,
        incrementaldecoder=_Decoder,
        streamreader=_BASE.streamreader,
        streamwriter=_BASE.streamwriter,
    )


codecs.register(_search)
