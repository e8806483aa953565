"""post_catalog: collects every post's front matter and shows the newest posts as cards.

- :mod:`.front_matter` reads and checks the contract fields (shared with ``make check``);
- :mod:`.post_files` decides which files under ``posts/`` are published (drafts and unsafe files
  are withheld), :mod:`.toctree` leaves withheld posts out of toctrees;
- :mod:`.untrusted_posts` keeps a post's text from running code, reading files or adding markup;
- :mod:`.catalog` keeps one record per post on the environment;
- :mod:`.excerpt` cuts the opening prose of a post into a short excerpt;
- :mod:`.latest_updates` is the ``latest-updates`` directive and its card grid;
- :mod:`.post_header` puts dates, reading time and tags under each post's title;
- :mod:`.related` adds related posts and the topic's previous/next post under each post;
- :mod:`.listing_pages` makes the tag pages, the tag index and the archive;
- :mod:`.feed` writes the Atom feed; :mod:`.sitemap` writes sitemap.xml.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "1.0.0"
STATIC_DIR = Path(__file__).parent / "static"


def add_static_files(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.config.html_static_path = [*app.config.html_static_path, str(STATIC_DIR)]
        app.add_css_file("post-catalog.css")


def setup(app: Sphinx) -> ExtensionMetadata:
    # Imported here, not at the top: ``make check`` imports the pure modules of this package
    # (front_matter, post_files) and must not load Sphinx.
    from . import (catalog, feed, latest_updates, listing_pages, post_header, related, sitemap,
                   toctree, untrusted_posts)

    app.setup_extension("sphinx_design")
    app.setup_extension("changed_documents")
    app.setup_extension("build_state")
    catalog.setup_catalog(app)
    toctree.setup_toctree(app)
    untrusted_posts.setup_untrusted_posts(app)
    latest_updates.setup_latest_updates(app)
    app.connect("builder-inited", add_static_files)
    post_header.setup_post_header(app)
    related.setup_related(app)
    listing_pages.setup_listing_pages(app)
    feed.setup_feed(app)
    sitemap.setup_sitemap(app)
    return {
        "version": __version__,
        "env_version": 7,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
