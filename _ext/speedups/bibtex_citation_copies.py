"""The citation nodes sphinxcontrib-bibtex keeps in the environment, kept small and handed out
as fresh copies, so that no page stays in memory after it is written.

For every bibliography, sphinxcontrib-bibtex's directive makes one citation node per bib entry
(only its ids are set) and keeps them in the environment, in ``BibliographyValue.citation_nodes``:
on this site 166 nodes per post, most of the environment. When a page is written, its
``BibliographyTransform`` fills those very nodes and appends them to the page's tree, so the
environment points into every page written and keeps all of them alive until the build ends
(~0.5 MiB per real post; at 420 posts, most of the peak memory). A second build in the same
process would also append labels to nodes that already have them.

Once a page is read we keep, for each of its bibliographies, each node's class and attributes,
and a lookup builds a new node from them. The transform then fills and places nodes that belong
to the page alone, and the environment holds a few tuples per entry.

Relies on: ``BibliographyValue`` (a ``NamedTuple``) and its ``citation_nodes`` read only by
lookup (``[key]``) after the directive ran: in ``BibtexDomain.env_updated`` for the ids and in
``BibliographyTransform`` (post-transform, priority 5), which adds children to what it gets; the
directive making childless nodes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from build_state import note_shortcut
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinxcontrib.bibtex.directives import BibliographyKey
from sphinxcontrib.bibtex.nodes import bibliography as bibliography_node

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata


class CitationNodes(dict):
    """Bib key -> (node class, its non-empty attributes); a lookup returns a new node.

    Only ``__getitem__`` is overridden: pickling and merging copy the compact values as they are."""

    @classmethod
    def of(cls, citation_nodes: dict) -> CitationNodes:
        return cls({key: (type(node), tuple((name, value) for name, value in node.attributes.items() if value))
                    for key, node in citation_nodes.items()})

    def __getitem__(self, key: str) -> nodes.Element:
        node_class, attributes = super().__getitem__(key)
        return node_class(**{name: list(value) if isinstance(value, list) else value
                             for name, value in attributes})


def compact_bibliographies(env: BuildEnvironment, doctree: nodes.document) -> int:
    """Put the citation nodes of the document's bibliographies in compact form; how many."""
    bibliographies = env.get_domain("cite").bibliographies
    done = 0
    for node in doctree.findall(bibliography_node):
        key = BibliographyKey(docname=node["docname"], id_=node["ids"][0])
        bibliography = bibliographies.get(key)
        if bibliography is not None and not isinstance(bibliography.citation_nodes, CitationNodes):
            bibliographies[key] = bibliography._replace(citation_nodes=CitationNodes.of(bibliography.citation_nodes))
            done += 1
    return done


def compact_after_reading(app: Sphinx, doctree: nodes.document) -> None:
    if compact_bibliographies(app.env, doctree):
        note_shortcut(app, "bibtex_citation_copies")


class CompactBeforeFilling(SphinxPostTransform):
    """For an environment read before this extension was on: its pages' nodes are compacted
    before ``BibliographyTransform`` fills them."""

    default_priority = 4

    def run(self, **kwargs) -> None:
        compact_bibliographies(self.env, self.document)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("sphinxcontrib.bibtex")
    app.setup_extension("build_state")
    app.connect("doctree-read", compact_after_reading)
    app.add_post_transform(CompactBeforeFilling)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
