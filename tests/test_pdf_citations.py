"""Every citation link of the PDF book reaches its bibliography entry.

pdf_book keeps one entry per paper and re-points the links of the entries it drops; a link it
missed would point nowhere, and XeLaTeX only mentions that in its log. hyperref anchors
``\\bibitem[label]{<target>}`` as ``cite.<target>``, the name sphinxcontrib-bibtex links to with
``\\hyperlink{cite.<target>}``. Only the LaTeX source is built (``-b latex``, no XeLaTeX run).
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from sphinx.transforms.post_transforms import SphinxPostTransform

from site_build import build, warnings_of

CITE_LINK = re.compile(r"\\hyperlink\{cite\.([^}]*)\}")
BIBITEM = re.compile(r"\\bibitem(?:\[[^\]]*\])?\{([^}]*)\}")
CITE_ROLE = re.compile(r"\{cite:[pt]\}`([^`]*)`")


def links_and_entries(tex: str) -> tuple[list[str], list[str]]:
    return CITE_LINK.findall(tex), BIBITEM.findall(tex)


def cited_keys(srcdir) -> list[str]:
    """Every citation the posts make, one per key in each role (``{cite:p}`a, b``` is two)."""
    return [key.strip() for post in sorted(srcdir.glob("posts/*.md"))
            for keys in CITE_ROLE.findall(post.read_text(encoding="utf-8"))
            for key in keys.split(",")]


@pytest.mark.sphinx("latex", testroot="pdf-citations", freshenv=True)
def test_a_paper_cited_by_several_posts_has_one_entry_and_every_link_reaches_it(app, warning):
    app.build()
    links, entries = links_and_entries((app.outdir / "book.tex").read_text(encoding="utf-8"))
    cited = cited_keys(app.srcdir)
    assert len(links) == len(cited)                   # every citation is a link ...
    assert sorted(set(links) - set(entries)) == []    # ... to an entry of the book
    assert len(entries) == len(set(cited))            # one entry per paper, none twice
    assert Counter(cited).most_common(1)[0][1] > 1    # (the root does cite a paper twice)
    assert warning.getvalue() == ""


class OtherLinkForm(SphinxPostTransform):
    """A sphinxcontrib-bibtex that spells its links differently (``\\hyperlink {cite.…}``)."""
    default_priority = 700  # after the references are resolved, before pdf_book merges entries
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for raw in self.document.findall(lambda node: node.tagname == "raw_latex"):
            raw.rawsource = raw.rawsource.replace("\\hyperlink{", "\\hyperlink {")


@pytest.mark.sphinx("latex", testroot="pdf-citations", freshenv=True)
def test_a_link_left_to_a_dropped_entry_is_a_warning(app, warning):
    app.add_post_transform(OtherLinkForm)
    app.build()
    messages = [line for line in warning.getvalue().splitlines() if "citation_link" in line]
    assert messages, warning.getvalue()
    # names the post and says what was expected
    assert all("posts/" in line and "not re-pointed" in line for line in messages)


@pytest.mark.site
def test_every_citation_link_of_the_real_book_has_its_entry(tmp_path):
    process = build("latex", tmp_path / "latex")
    assert process.returncode == 0 and not warnings_of(process), process.stderr
    links, entries = links_and_entries((tmp_path / "latex" / "ml-notes.tex").read_text(encoding="utf-8"))
    assert links and entries
    assert sorted(set(links) - set(entries)) == []
    assert [entry for entry, count in Counter(entries).items() if count > 1] == []
