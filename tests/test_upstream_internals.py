"""The upstream internals our extensions rely on are still what we read.

Each entry names what we use and where. When an upstream release changes one of them, this test
fails naming it, before a build can silently go wrong (the equality tests would catch a wrong
page, but not always say why). After checking our code against the new upstream, update the
entry here and the pin in requirements.txt.
"""

from __future__ import annotations

import inspect
from importlib import import_module
from importlib.metadata import version
from pathlib import Path

import pytest

from conftest import REPO


def attribute(dotted: str):
    module, _, name = dotted.partition(":")
    value = import_module(module)
    for part in name.split("."):
        value = getattr(value, part)
    return value


# (upstream callable, the parameters we pass or rely on, who relies on it)
SIGNATURES = [
    ("sphinx.environment:BuildEnvironment.relfn2path", ["self", "filename", "docname"],
     "post_catalog/untrusted_posts.py resolves image and download paths with it"),
    ("sphinx.directives.other:TocTree.run", ["self"], "post_catalog/toctree.py filters self.content first"),
    ("sphinx.directives.other:TocTree.parse_content", ["self", "toctree"],
     "post_catalog/toctree.py: entries come from self.content"),
    ("pybtex.plugin:register_plugin", ["plugin_group", "name", "klass", "force"],
     "speedups/pybtex_styles.py registers the site's styles"),
    ("pybtex.plugin:find_plugin", ["plugin_group", "name"], "speedups/pybtex_styles.py"),
    ("pydata_sphinx_theme.toctree:add_toctree_functions", ["app", "pagename", "templatename", "context", "doctree"],
     "speedups/fast_sidebar.py renders the sidebar once through it"),
    ("sphinxcontrib.bibtex.domain:BibtexDomain.get_formatted_entries",
     ["self", "bibliography_key", "docnames", "tooltips", "tooltips_style"],
     "speedups/bibtex_cache.py keeps its results between builds"),
    ("sphinx.builders.html:StandaloneHTMLBuilder.index_page", ["self", "pagename", "doctree", "title"],
     "chinese_search/sharded_index.py keeps each page's text for snippets"),
    ("sphinx.builders.html:StandaloneHTMLBuilder.dump_search_index", ["self"],
     "chinese_search writes its shards after Sphinx's index"),
    ("sphinx.search:IndexBuilder.freeze", ["self"], "chinese_search/sharded_index.py cuts the frozen index"),
    ("jinja2:FileSystemBytecodeCache.__init__", ["self", "directory", "pattern"], "speedups/template_cache.py"),
    ("sphinx.util.docutils:_get_settings", ["components", "defaults", "read_config_files"],
     "speedups/settings_cache.py wraps it"),
    ("myst_parser.mdit_to_docutils.base:make_document", ["source_path", "parser_cls"],
     "speedups/settings_cache.py replaces it"),
    ("jinja2:FileSystemBytecodeCache.load_bytecode", ["self", "bucket"], "speedups/template_cache.py counts hits"),
    ("jinja2:FileSystemBytecodeCache.dump_bytecode", ["self", "bucket"], "speedups/template_cache.py"),
    ("pydata_sphinx_theme.utils:_update_and_remove_templates",
     ["app", "context", "templates", "section", "templates_skip_empty_check"],
     "speedups/theme_components_once.py wraps it"),
    ("pybtex.style.formatting:BaseStyle.format_entry", ["self", "label", "entry", "bib_data"],
     "speedups/bibtex_cache.py formats an entry once per bibliography"),
    ("sphinx.search:IndexBuilder._word_collector", ["self", "doctree"], "speedups/distinct_search_words.py wraps it"),
    ("sphinx.builders.html:StandaloneHTMLBuilder.write_doc", ["self", "docname", "doctree"],
     "speedups/lean_doctrees.py frees the page once it is written"),
]


@pytest.mark.parametrize(("dotted", "parameters", "who"), SIGNATURES, ids=[s[0] for s in SIGNATURES])
def test_patched_functions_keep_their_signature(dotted, parameters, who):
    found = list(inspect.signature(attribute(dotted)).parameters)
    assert found[: len(parameters)] == parameters, \
        f"{dotted} changed its parameters to {found}; check {who}"


# (upstream source text we depend on, the line that must be in it, who relies on it)
SOURCES = [
    ("sphinx.builders:Builder.read_doc", "filename.read_text(encoding=env.settings['input_encoding'])",
     "post_catalog/lenient_utf8.py: a post with a stray byte is read through our codec"),
    ("sphinx.builders.html:StandaloneHTMLBuilder.load_indexer", "searchindex",
     "chinese_search/unchanged_index.py skips the index round trip"),
    ("sphinx.directives.code:LiteralInclude.run", "file_insertion_enabled",
     "post_catalog/untrusted_posts.py: posts cannot insert files"),
    ("sphinxcontrib.bibtex.domain:BibtexDomain.resolve_xref", 'find_plugin("pybtex.backends", "plaintext")',
     "speedups/pybtex_styles.py registers that backend once"),
    ("sphinxcontrib.bibtex.domain:BibtexDomain.env_updated", "self.get_formatted_entries(",
     "speedups/bibtex_cache.py: the cache sits under env_updated"),
    ("sphinxcontrib.bibtex.domain:BibtexDomain.get_formatted_entries", 'Tag("b", str(exc))',
     "speedups/bibtex_cache.py recognises a missing field and does not keep it"),
    ("sphinxcontrib.bibtex.domain:BibtexDomain.get_filtered_entries",
     "if key in {target.key for target in citation_ref.targets}",
     "speedups/bibtex_cache.py re-implements it with an index of the citations"),
    ("sphinxcontrib.bibtex.domain:BibtexDomain.get_filtered_entries", "success = bool(cited_docnames)",
     "speedups/bibtex_cache.py re-implements it with an index of the citations"),
    ("sphinxcontrib.bibtex.domain:BibtexDomain.get_all_cited_keys", "key=lambda c: docnames.index(c.docname)",
     "speedups/bibtex_cache.py keeps this order, worked out once"),
    ("sphinx.builders:Builder.write_doctree", "self.env._write_doc_doctree_cache[docname] = doctree",
     "speedups/lean_doctrees.py gives the environment a cache that keeps nothing"),
    ("sphinx.environment:BuildEnvironment.get_doctree", "self._pickled_doctree_cache[docname] = f.read()",
     "speedups/lean_doctrees.py gives the environment a cache that keeps nothing"),
    ("sphinx.util.docutils:_parse_str_to_doctree", "settings = _get_settings(",
     "speedups/settings_cache.py swaps the module's _get_settings for a memo"),
    ("myst_parser.mdit_to_docutils.base:DocutilsRenderer.setup_render", 'options.get("document", make_document())',
     "speedups/settings_cache.py swaps the module's make_document for a memo"),
    ("sphinxcontrib.bibtex.transforms:BibliographyTransform.run", "citation_node = bibliography.citation_nodes[citation.key]",
     "speedups/bibtex_citation_copies.py hands out a fresh node on each lookup"),
    ("pydata_sphinx_theme:update_and_remove_templates", 'templates_skip_empty_check=["sidebar-nav-bs.html", "navbar-nav.html"]',
     "speedups/fast_sidebar.py names its template so that the theme skips its emptiness check"),
    ("myst_parser.mocking:MockIncludeDirective.run", "file_insertion_enabled",
     "post_catalog/untrusted_posts.py: posts cannot insert files"),
    ("sphinx.search:IndexBuilder.load", "self._mapping = load_terms(frozen['terms'])",
     "chinese_search/lazy_postings.py gives Sphinx's load the index without its page lists"),
    ("sphinx.search:IndexBuilder.feed", "self._mapping.setdefault(stemmed_word, set()).add(docname)",
     "chinese_search/lazy_postings.py makes a unit's set when feed asks for it"),
    ("sphinx.search:IndexBuilder.feed", "docname in self._title_mapping.get(stemmed_word, ())",
     "chinese_search/lazy_postings.py makes a unit's set when feed asks for it"),
    ("sphinx.search:IndexBuilder.prune", "for wordnames in self._mapping.values():",
     "chinese_search/index_changes.py hands prune only the sets made so far"),
    ("sphinxcontrib.bibtex.domain:BibtexDomain.get_formatted_entries",
     "style2.format_entry(bibliography.labelprefix + label, entry)",
     "speedups/bibtex_cache.py: the tooltip's entry, formatted by the same style, is the bibliography's"),
    ("pydata_sphinx_theme:update_and_remove_templates", "context[section] = utils._update_and_remove_templates(",
     "speedups/theme_components_once.py swaps the module attribute"),
    ("pydata_sphinx_theme.utils:set_secondary_sidebar_items", "= _update_and_remove_templates(",
     "speedups/theme_components_once.py swaps the module global"),
    ("pydata_sphinx_theme.utils:_update_and_remove_templates",
     "if any(template.endswith(item) for item in templates_skip_empty_check):",
     "speedups/theme_components_once.py adds only names no other template ends with"),
    ("pydata_sphinx_theme.toctree:add_toctree_functions", 'context["generate_toc_html"] = generate_toc_html',
     "speedups/theme_components_once.py keeps its result per page"),
    ("pydata_sphinx_theme.toctree:add_toctree_functions", 'soup = BeautifulSoup(context["toc"], "html.parser")',
     "speedups/plain_page_toc.py mirrors generate_toc_html"),
    ("pydata_sphinx_theme.toctree:add_toctree_functions", 'if level <= (context["theme_show_toc_level"] + 1):',
     "speedups/plain_page_toc.py mirrors generate_toc_html"),
    ("pydata_sphinx_theme.toctree:add_toctree_functions", 'ul["class"] = [*ul.get("class", []), "nav", "section-nav", "flex-column"]',
     "speedups/plain_page_toc.py mirrors generate_toc_html"),
    ("pydata_sphinx_theme.toctree:add_toctree_functions", 'h1_headers = soup.select(".toc-h1")',
     "speedups/plain_page_toc.py mirrors generate_toc_html"),
    ("pydata_sphinx_theme.toctree:add_toctree_functions", 'out = title.find("ul")',
     "speedups/plain_page_toc.py mirrors generate_toc_html"),
    ("sphinx.search:IndexBuilder.feed", "word_store = self._word_collector(doctree)",
     "speedups/distinct_search_words.py hands feed each word once"),
    ("sphinx.builders.html:StandaloneHTMLBuilder.handle_page", "if checksum := _file_checksum(outdir, css.filename):",
     "speedups/asset_checksums.py swaps the module global"),
    ("sphinx.builders.html:StandaloneHTMLBuilder.handle_page", "if checksum := _file_checksum(outdir, js.filename):",
     "speedups/asset_checksums.py swaps the module global"),
    ("sphinx.builders:Builder._write_parallel", "self.write_doc(docname, doctree)",
     "speedups/lean_doctrees.py frees the page after it (in the worker)"),
]


# (upstream function, its last statement: the last use of the page, which lean_doctrees then frees)
LAST_USES = [
    ("sphinx.builders:Builder.read_doc", "self.write_doctree(docname, doctree, _cache=_cache)"),
    ("sphinx.builders:Builder.write_doctree", "self.env._write_doc_doctree_cache[docname] = doctree"),
    ("sphinx.builders:_write_docname", "builder.write_doc(docname, doctree)"),
]


@pytest.mark.parametrize(("dotted", "statement"), LAST_USES, ids=[s[0] for s in LAST_USES])
def test_pages_are_not_used_after_lean_doctrees_frees_them(dotted, statement):
    assert inspect.getsource(attribute(dotted)).rstrip().endswith(statement), \
        f"{dotted} no longer ends with {statement!r}; check that speedups/lean_doctrees.py frees no page in use"


@pytest.mark.parametrize(("dotted", "needle", "who"), SOURCES, ids=[s[0] for s in SOURCES])
def test_relied_on_source_lines_are_still_there(dotted, needle, who):
    assert needle in inspect.getsource(attribute(dotted)), f"{dotted} no longer has {needle!r}; check {who}"


def test_opengraph_imports_social_cards_optionally():
    source = (Path(import_module("sphinxext.opengraph").__file__)).read_text(encoding="utf-8")
    assert "from sphinxext.opengraph._social_cards import" in source and "except ImportError:" in source, \
        "sphinxext-opengraph changed how it imports matplotlib; check speedups/opengraph_without_matplotlib.py"


def test_theme_still_writes_the_search_scripts_we_drop():
    layout = (Path(import_module("pydata_sphinx_theme").__file__).parent
              / "theme/pydata_sphinx_theme/layout.html").read_text(encoding="utf-8")
    from chinese_search.lazy_search import drop_eager_search_scripts

    tags = [line.strip() for line in layout.splitlines() if "searchindex.js" in line or "searchtools.js" in line]
    assert tags, "pydata-sphinx-theme no longer writes the search scripts into every page; " \
                 "check chinese_search/lazy_search.py"
    # they sit in the head of the page (the extrahead block), the only part lazy_search scans
    assert layout.index("searchindex.js") < layout.index("{% block body_tag %}")
    rendered = "\n".join(tag.replace("{{ pathto('", "").replace("', 1) | e }}", "") for tag in tags) + "\n"
    assert drop_eager_search_scripts(f"<head>{rendered}</head>").replace("\n", "") == "<head></head>", \
        "chinese_search/lazy_search.py no longer matches the theme's search script tags"


def theme_file(package: str, relative: str) -> Path:
    return Path(import_module(package).__file__).parent / relative


# Templates we copied with a change: upstream's text must be ours with the change undone.
THEME = "sphinx_book_theme"


def test_layout_copy_is_upstream_plus_the_escaping_fix():
    ours = (REPO / "_templates/layout.html").read_text(encoding="utf-8").split("\n")
    ours = [line for line in ours if not line.startswith(("{#- sphinx-book-theme", "    (the theme sets"))]
    upstream = theme_file(THEME, "theme/sphinx_book_theme/layout.html").read_text(encoding="utf-8")
    assert "\n".join(ours).replace("{{ pagetitle|e }}", "{{ pagetitle }}") == upstream, (
        f"sphinx-book-theme {version('sphinx-book-theme')} changed layout.html: copy it again into "
        "_templates/layout.html and escape the print header's pagetitle")


def test_fast_sidebar_template_is_upstream_with_our_function():
    ours = (REPO / "_ext/speedups/fast_sidebar_templates/fast-sidebar-nav-bs.html").read_text(encoding="utf-8")
    upstream = theme_file(THEME, "theme/sphinx_book_theme/components/sbt-sidebar-nav.html").read_text(encoding="utf-8")
    ours_lines, upstream_lines = ours.split("\n"), upstream.split("\n")
    different = [(a, b) for a, b in zip(upstream_lines, ours_lines) if a != b]
    assert len(ours_lines) == len(upstream_lines) and len(different) == 2, (
        f"sphinx-book-theme {version('sphinx-book-theme')} changed sbt-sidebar-nav.html; "
        "update _ext/speedups/fast_sidebar_templates/fast-sidebar-nav-bs.html and re-run tests/test_fast_sidebar.py")
    assert "generate_toctree_html(" in different[1][0] and "fast_sidebar_html(" in different[1][1]


def test_patched_packages_are_pinned():
    """What we patch or mirror is pinned to one minor release in requirements.txt."""
    pins = (REPO / "requirements.txt").read_text(encoding="utf-8")
    for package in ("sphinx-book-theme", "pydata-sphinx-theme", "sphinxcontrib-bibtex", "beautifulsoup4",
                    "myst-parser", "sphinx", "pybtex"):
        line = next((line for line in pins.splitlines() if line.split(">")[0].split("=")[0].strip() == package), "")
        assert ",<" in line or "==" in line, f"{package} is not pinned below its next release: {line!r}"
