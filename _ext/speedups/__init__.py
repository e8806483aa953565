"""Shortcuts that make builds faster or leaner and change nothing a reader gets.

Each is its own Sphinx extension (``speedups.fast_sidebar`` …), each relies on upstream internals
that its docstring names, and each records what it did in this build with
:func:`build_state.note_shortcut`, so its equality test can tell that it ran (a broken shortcut
only makes the build slower, which no page shows):

- :mod:`.fast_sidebar`: the book theme's sidebar drawn once per build, not once per page;
- :mod:`.lean_gc`: the garbage collector skips the objects that live for the whole build;
- :mod:`.template_cache`: compiled Jinja templates kept between builds;
- :mod:`.pybtex_styles`: bibliography styles looked up once, not four times per bibliography;
- :mod:`.bibtex_cache`: formatted bibliographies kept between builds, keyed by their inputs, and
  formatted in time linear in the site (upstream scans every citation per entry);
- :mod:`.bibtex_citation_copies`: written pages are not held in memory through the citation
  nodes the environment keeps;
- :mod:`.lean_doctrees`: pages are not kept in memory between reading and writing;
- :mod:`.settings_cache`: docutils settings made once per build, not once per page;
- :mod:`.opengraph_without_matplotlib`: no matplotlib import for the social cards we turned off.

``chinese_search.unchanged_index`` (skip the search index round trip when nothing was read) is
one too; it lives with the search it belongs to.
"""
