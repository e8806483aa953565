"""The ``toctree`` directive, less the posts that are withheld (drafts, unsafe files).

``make new-post`` lists every new post in its topic's toctree, so marking a post a draft later
is the normal path; Sphinx would fail the strict build with "toctree contains reference to
excluded document". The entry is skipped instead, and the post comes back when it is published
(a change of the withheld set changes ``exclude_patterns``, which re-reads every document).
"""

from __future__ import annotations

from docutils.statemachine import StringList
from sphinx.directives.other import TocTree
from sphinx.util import docname_join, logging
from sphinx.util.nodes import explicit_title_re

logger = logging.getLogger(__name__)


class TocTreeWithoutWithheld(TocTree):
    def run(self):
        withheld = set(self.config.post_catalog_withheld)
        if withheld:
            kept = StringList()
            for source, offset, entry in self.content.xitems():
                if self._target(entry) in withheld:
                    logger.info(f"toctree: left out withheld post {self._target(entry)}",
                                location=(self.env.docname, self.lineno))
                    continue
                kept.append(entry, source, offset)
            self.content = kept
        return super().run()

    def _target(self, entry: str) -> str:
        explicit = explicit_title_re.match(entry)
        name = explicit.group(2) if explicit else entry.strip()
        name = name.removesuffix(".md")
        return docname_join(self.env.docname, name)


def setup_toctree(app) -> None:
    app.add_directive("toctree", TocTreeWithoutWithheld, override=True)
