"""The opening prose of a post as a short excerpt: text and inline math, never code.

An excerpt is a tuple of segments ``("text", str)`` / ``("math", latex)``: plain data that
pickles with the environment and is turned into nodes only when a listing is rendered.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes

Segment = tuple[str, str]
STORED_CHARS = 400  # keep more than any card shows, so the directive can choose its length
ELLIPSIS = "……"

# Nodes whose text is not prose: footnote and citation markers, images, code, raw markup.
_SKIPPED = (nodes.footnote_reference, nodes.citation_reference, nodes.image, nodes.raw,
            nodes.literal_block, nodes.substitution_definition, nodes.target)
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_LINE_BREAK_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])\s*\n\s*(?=[{_CJK}])")
_WORD_CHAR = re.compile(r"[A-Za-z0-9_]")


def from_doctree(doctree: nodes.document) -> tuple[Segment, ...]:
    """Segments of the paragraphs that open the first section, before any sub-section."""
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return ()
    segments: list[Segment] = []
    for child in section.children:
        if isinstance(child, nodes.section):
            break
        if isinstance(child, nodes.paragraph):
            if segments:
                _append_text(segments, "\n")
            _collect(child, segments)
        if _length(segments) >= STORED_CHARS:
            break
    return truncate(_normalised(segments), STORED_CHARS)


def from_node(node: nodes.Element) -> tuple[Segment, ...]:
    """Segments of one element, such as a title that holds a formula."""
    segments: list[Segment] = []
    _collect(node, segments)
    return _normalised(segments)


def from_text(text: str) -> tuple[Segment, ...]:
    """Segments of a front-matter summary: plain text with optional ``$...$`` math."""
    segments: list[Segment] = []
    for index, part in enumerate(re.split(r"(?<!\\)\$([^$\n]+?)(?<!\\)\$", text)):
        if index % 2:
            segments.append(("math", part))
        elif part:
            _append_text(segments, part)
    return _normalised(segments)


def truncate(segments: tuple[Segment, ...] | list[Segment], budget: int) -> tuple[Segment, ...]:
    """Cut to ``budget`` characters on a whole character, never inside a formula or word.

    A formula counts as its LaTeX length and is kept whole or dropped whole.
    """
    kept: list[Segment] = []
    used = 0
    for kind, value in segments:
        room = budget - used
        if len(value) <= room:
            kept.append((kind, value))
            used += len(value)
            continue
        if kind == "text":
            cut = _cut_point(value, room)
            if value[:cut].strip():
                kept.append(("text", value[:cut].rstrip()))
        kept.append(("text", ELLIPSIS))
        break
    return tuple(kept)


def _collect(node: nodes.Node, segments: list[Segment]) -> None:
    for child in node.children:
        if isinstance(child, _SKIPPED) or _is_citation(child):
            continue
        if isinstance(child, nodes.math):
            segments.append(("math", child.astext()))
        elif isinstance(child, nodes.Text):
            _append_text(segments, child.astext())
        else:
            _collect(child, segments)


def _is_citation(node: nodes.Node) -> bool:
    return (isinstance(node, addnodes.pending_xref) and node.get("refdomain") in ("cite", "citation")) \
        or (isinstance(node, nodes.Element) and "bibtex-citation" in node.get("classes", ()))


def _append_text(segments: list[Segment], text: str) -> None:
    if segments and segments[-1][0] == "text":
        segments[-1] = ("text", segments[-1][1] + text)
    else:
        segments.append(("text", text))


def _normalised(segments: list[Segment]) -> tuple[Segment, ...]:
    """Join soft line breaks (none between Chinese characters) and squeeze white space."""
    out: list[Segment] = []
    for kind, value in segments:
        if kind == "text":
            value = _LINE_BREAK_BETWEEN_CJK.sub("", value)
            value = re.sub(r"\s+", " ", value)
            # A citation marker dropped before Chinese punctuation leaves a stray space.
            value = re.sub(r"\s+(?=[，。；：、！？）])", "", value)
        if value:
            out.append((kind, value))
    if out and out[0][0] == "text":
        out[0] = ("text", out[0][1].lstrip())
    if out and out[-1][0] == "text":
        out[-1] = ("text", out[-1][1].rstrip())
    return tuple(segment for segment in out if segment[1])


def _length(segments: list[Segment]) -> int:
    return sum(len(value) for _, value in segments)


def _cut_point(text: str, room: int) -> int:
    """Largest cut <= room that does not split a Latin word or number."""
    cut = max(room, 0)
    while 0 < cut < len(text) and _WORD_CHAR.match(text[cut]) and _WORD_CHAR.match(text[cut - 1]):
        cut -= 1
    return cut
