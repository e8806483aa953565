"""Shortcuts that make builds faster or leaner and change nothing a reader gets.

Each is its own Sphinx extension (``speedups.fast_sidebar`` …), each relies on upstream internals
that its docstring names, and each records what it did in this build with
:func:`build_state.note_shortcut`, so its equality test can tell that it ran (a broken shortcut
only makes the build slower, which no page shows):

- :mod:`.fast_sidebar`: the book theme's sidebar drawn once per build, not once per page;
- :mod:`.lean_gc`: the garbage collector skips the objects that live for the whole build, and
  collects its youngest generation less often;
- :mod:`.template_cache`: compiled Jinja templates kept between builds, not checked on disk at
  every use;
- :mod:`.pybtex_styles`: bibliography styles looked up once, not four times per bibliography;
- :mod:`.bibtex_cache`: formatted bibliographies kept between builds, keyed by their inputs, and
  formatted in time linear in the site (upstream scans every citation per entry);
- :mod:`.bibtex_citation_copies`: written pages are not held in memory through the citation
  nodes the environment keeps;
- :mod:`.lean_doctrees`: pages are not kept in memory between reading and writing, and are freed
  by reference counting (their cycles broken) once Sphinx is done with them;
- :mod:`.settings_cache`: docutils settings made once per build, not once per page;
- :mod:`.opengraph_without_matplotlib`: no matplotlib import for the social cards we turned off;
- :mod:`.theme_components_once`: theme components that cannot be empty are not rendered a second
  time to check, and the page's table of contents is made once per page, not four times (and
  without BeautifulSoup when it has the plain shape: :mod:`.plain_page_toc`, a helper);
- :mod:`.distinct_search_words`: Sphinx's search indexer takes each word of a page once;
- :mod:`.asset_checksums`: style sheet and script checksums worked out once per build, not per page.

``chinese_search.unchanged_index`` (skip the search index round trip when nothing was read) is
one too; it lives with the search it belongs to.
"""
