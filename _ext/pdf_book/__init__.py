"""pdf_book: the PDF edition of the site.

:mod:`.download` links to the PDF from every page; :mod:`.two_passes` lets latexmk stop after two
XeLaTeX passes (the third only corrected the PDF's page labels); :mod:`.figures` converts each
SVG figure once, on every core; :mod:`.confined_tex` keeps XeLaTeX from reading files outside
the book's folder (a post's formula is TeX). This module keeps the book's bibliography whole: one list,
without duplicates or empty headings.

Every post ends with its own "参考文献" section. Sphinx's LaTeX builder moves every citation of
the book into one bibliography at the end (``BibliographyTransform``, priority 750), which leaves
each post's heading empty and lists a paper once per post that cites it. Around that transform:

- before it (749): a paper cited by several posts keeps its first entry, and every citation of
  it links to that entry; a link to a dropped entry left in any other form is a warning (in the
  PDF it would point nowhere, silently);
- after it (751): sections left without content are removed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from .confined_tex import setup_confined_tex
from .download import setup_download
from .figures import setup_figures
from .two_passes import setup_two_passes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)
# sphinxcontrib-bibtex writes each citation's link as raw LaTeX, \hyperlink{cite.<target>}
# (a raw_latex node, written out from its ``rawsource``); hyperref names \bibitem{<target>}'s
# anchor cite.<target>.
_CITE_LINK = re.compile(r"\\hyperlink\{cite\.([^}]*)\}")


class MergeDuplicateCitations(SphinxPostTransform):
    default_priority = 749
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        kept: dict[str, nodes.citation] = {}
        moved: dict[str, str] = {}  # "docname:id" of a dropped entry -> the kept one
        for citation in list(self.document.findall(nodes.citation)):
            key = citation.astext()  # label and formatted entry: equal for the same paper
            first = kept.setdefault(key, citation)
            if first is not citation:
                moved[_target(citation)] = _target(first)
                citation.parent.remove(citation)
        if not moved:
            return
        # any mention of a dropped entry's anchor, whatever the command around it
        dropped = re.compile(r"cite\.(%s)(?![\w:.-])" % "|".join(map(re.escape, moved)))
        for raw in self.document.findall(lambda node: node.tagname == "raw_latex"):
            raw.rawsource = _CITE_LINK.sub(
                lambda m: f"\\hyperlink{{cite.{moved.get(m[1], m[1])}}}", raw.rawsource)
            if missed := dropped.search(raw.rawsource):
                logger.warning("citation link to a bibliography entry the book drops (%s) was "
                               "not re-pointed to the kept one (%s): expected "
                               "\\hyperlink{cite.<target>} from sphinxcontrib-bibtex in %r",
                               missed[1], moved[missed[1]], raw.rawsource,
                               location=raw, type="pdf_book", subtype="citation_link")


class DropEmptySections(SphinxPostTransform):
    default_priority = 751
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for section in list(self.document.findall(nodes.section)):
            content = [child for child in section.children
                       if not isinstance(child, (nodes.title, nodes.target))]
            if not content or all(_is_empty(child) for child in content):
                section.parent.remove(section)


def _target(citation: nodes.citation) -> str:
    return f"{citation['docname']}:{citation['ids'][0]}"


def _is_empty(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Element) and not node.astext().strip() \
        and not any(node.findall(nodes.image))


def setup(app: Sphinx) -> ExtensionMetadata:
    setup_download(app)
    setup_two_passes(app)
    setup_figures(app)
    setup_confined_tex(app)
    app.add_post_transform(MergeDuplicateCitations)
    app.add_post_transform(DropEmptySections)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
