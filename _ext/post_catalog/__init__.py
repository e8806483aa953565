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

from . import catalog, feed, toctree, untrusted_posts, latest_updates, listing_pages, post_header, related, sitemap

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
    app.setup_extension("sphinx_design")
    app.setup_extension("changed_documents")
    app.connect("config-inited", catalog.take_over_front_matter_warnings)
    app.add_config_value("post_catalog_withheld", [], "", types=frozenset({list}))  # set by us
    app.connect("config-inited", catalog.withhold_posts)
    app.connect("builder-inited", catalog.delete_withheld_pages)
    app.add_directive("toctree", toctree.TocTreeWithoutWithheld, override=True)
    app.connect("builder-inited", catalog.init_catalog)
    app.connect("builder-inited", latest_updates.init_pages)
    app.connect("builder-inited", add_static_files)
    app.add_env_collector(catalog.PostCatalogCollector)
    app.add_env_collector(latest_updates.GridPagesCollector)
    app.connect("env-get-updated", latest_updates.stale_grid_pages)
    app.add_node(latest_updates.latest_updates)
    app.add_directive("latest-updates", latest_updates.LatestUpdatesDirective)
    app.connect("doctree-resolved", latest_updates.resolve)
    app.connect("doctree-resolved", post_header.add_header)
    app.connect("env-get-updated", related.stale_posts)
    app.connect("doctree-resolved", related.add_related)
    app.connect("env-before-read-docs", listing_pages.remember_config)
    app.connect("html-collect-pages", listing_pages.collect_pages)
    feed.setup_feed(app)
    untrusted_posts.setup_untrusted_posts(app)
    app.connect("build-finished", sitemap.write_sitemap)
    app.connect("env-get-outdated", catalog.delete_removed_pages)
    return {
        "version": __version__,
        "env_version": 6,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
