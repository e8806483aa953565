"""Sphinx configuration of 机器学习笔记 (a Chinese machine-learning knowledge base)."""

import os
import sys
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

# -- Project -------------------------------------------------------------------
project = "机器学习笔记"
author = "机器学习笔记作者"
copyright = "2023–2025, 机器学习笔记作者"
language = "zh_CN"
root_doc = "index"

# -- Extensions ----------------------------------------------------------------
extensions = [
    "myst_parser",              # posts are MyST Markdown with YAML front matter
    "sphinx_design",            # cards and grids
    "sphinxcontrib.bibtex",     # {cite:p} against references.bib
    "build_time_math",          # _ext/: formulas typeset at build time (MathJax 3 in Node.js)
    "light_pages",              # _ext/: nothing heavy before first paint (CSS icons, deferred scripts)
    "build_state",              # _ext/: the one home of what our extensions remember between builds
    "post_catalog",             # _ext/: post metadata, validation, latest-updates grid
    "chinese_search",           # _ext/: Chinese full-text search (replaces sphinx.search.zh)
    "pdf_book",                 # _ext/: the PDF: one bibliography, download links
    "speedups.fast_sidebar",    # _ext/speedups/: the sidebar drawn once per build, not once per page
    "fresh_navigation",         # _ext/: every page rewritten when the navigation changes
    "speedups.template_cache",  # _ext/speedups/: compiled templates kept between builds
    "speedups.lean_gc",         # _ext/speedups/: the garbage collector skips what lives for the whole build
    "speedups.lean_doctrees",   # _ext/speedups/: pages not kept in memory between reading and writing
    "speedups.settings_cache",  # _ext/speedups/: docutils settings made once per build, not per page
    "speedups.pybtex_styles",   # _ext/speedups/: bibliography styles looked up once, not per bibliography
    "speedups.bibtex_cache",    # _ext/speedups/: formatted bibliographies kept between builds
    "speedups.bibtex_citation_copies",  # _ext/speedups/: written pages are not held by the environment
    "speedups.theme_components_once",   # _ext/speedups/: theme components and the page TOC made once per page
    "speedups.distinct_search_words",   # _ext/speedups/: the search indexer takes each word of a page once
    "speedups.asset_checksums",         # _ext/speedups/: CSS and JS checksums worked out once per build
    "accessible_pages",         # _ext/: fixes for what axe-core finds in stock theme pages
    "sphinxcontrib.cairosvgconverter",  # SVG figures as PDF in the LaTeX build
    "sphinx_copybutton",        # a copy button on code blocks
    "speedups.opengraph_without_matplotlib",  # _ext/speedups/: no matplotlib import for disabled cards
    "sphinxext.opengraph",      # link previews
    "notfound.extension",       # a 404 page that works at any depth
    "offline_formats",          # _ext/: the single-page HTML download and the EPUB work offline
]

exclude_patterns = ["_build", ".venv", "README.md", "tests", "docs", "scripts",
                    ".bibparts", ".pytest_cache", "Thumbs.db", ".DS_Store", "**/.ipynb_checkpoints"]

# -- MyST ----------------------------------------------------------------------
# No "substitution": it evaluates {{ ... }} in a post as Jinja with the build in scope, and no
# post needs it (a post's text is data, never code).
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist", "attrs_block",
                          "attrs_inline"]
myst_heading_anchors = 3            # stable #anchors for ## and ### headings
myst_dmath_double_inline = True     # $$...$$ inside a paragraph is still display math

# -- Bibliography ----------------------------------------------------------------
bibtex_bibfiles = ["references.bib"]
bibtex_reference_style = "author_year"

# Each post ends with its own bibliography (``:filter: docname in docnames``), so a paper cited
# by two posts is listed in both; sphinxcontrib-bibtex links every citation to the bibliography
# of its own page and only warns that the key appears twice.
suppress_warnings = ["bibtex.duplicate_citation"]

# -- HTML ------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "机器学习笔记"
html_static_path = ["_static"]
templates_path = ["_templates"]
html_css_files = ["site.css"]
html_favicon = "_static/favicon.svg"
# Follow the reader's light/dark setting (the theme logs an error when no mode is given).
html_context = {"default_mode": "auto"}
html_last_updated_fmt = None
html_use_index = False  # no index entries on this site: an empty genindex page costs every build
# No page links to a copy of its Markdown (the theme's download button is off, and search reads
# its own texts): copying every post into _sources/ cost 2.5 % of a full build for files no reader reaches.
html_copy_source = False
# Canonical links, the sitemap and the feed need the site's address.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "https://ml-notes.readthedocs.io/zh-cn/latest/")
html_theme_options = {
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "use_download_button": False,
    "article_header_end": ["pdf-download.html", "article-header-buttons.html"],
}

# -- Maintained extensions for a public site --------------------------------------
copybutton_exclude = ".linenos, .gp, .go"
ogp_site_url = html_baseurl
ogp_site_name = "机器学习笔记"
ogp_social_cards = {"enable": False}  # cards would need matplotlib at build time
# The 404 page links with absolute paths: the site's path on Read the Docs, "/" elsewhere.
notfound_urls_prefix = urlparse(html_baseurl).path if os.environ.get("READTHEDOCS") else "/"
notfound_context = {"title": "页面不存在",
                    "body": "<h1>页面不存在</h1><p>这个地址没有页面。可以回到首页，或用左上角的搜索找找看。</p>"}

# -- LaTeX (PDF) -----------------------------------------------------------------
# One book: a part per topic (the home page's toctree order), a chapter per post (each topic's
# toctree order, which is its reading order). ctexbook gives Chinese names (目录, 第 N 章, 参考文献).
latex_engine = "xelatex"  # pinned: Read the Docs' ``-D language=en`` must not switch to pdflatex
latex_docclass = {"manual": "ctexbook"}
latex_toplevel_sectioning = "part"
# toctree_only: the home page's hero, grid and topic cards are for the web, not the book.
latex_documents = [("index", "ml-notes.tex", "机器学习笔记", author, "manual", True)]
latex_show_urls = "no"
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    "classoptions": ",fontset=none,zihao=-4",
    "fontenc": "",
    "babel": "",
    "polyglossia": "",
    # Fonts that Debian's fonts-noto-cjk, fonts-dejavu and fonts-symbola install.
    "fontpkg": r"""
\setmainfont{DejaVu Serif}[Scale=0.92]
\setsansfont{DejaVu Sans}[Scale=0.92]
\setmonofont{DejaVu Sans Mono}[Scale=0.86]
\setCJKmainfont{Noto Serif CJK SC}[BoldFont={Noto Sans CJK SC Bold}, AutoFakeSlant=0.15]
\setCJKsansfont{Noto Sans CJK SC}[AutoFakeSlant=0.15]
\setCJKmonofont{Noto Sans Mono CJK SC}
% Emoji and math letters such as 𝑥 are in no text font: xeCJK takes them from Symbola.
\xeCJKDeclareCharClass{CJK}{"2190 -> "21FF, "2600 -> "27BF, "1D400 -> "1D7FF, "1F300 -> "1FAFF}
\setCJKfallbackfamilyfont{rm}{Symbola}
\setCJKfallbackfamilyfont{sf}{Symbola}
\setCJKfallbackfamilyfont{tt}{Symbola}
\xeCJKsetup{AutoFallBack=true}
""",
    "preamble": r"""
\usepackage{xurl}          % long URLs break at any character
\renewcommand{\sphinxstyletheadfamily}{\sffamily\bfseries}
""",
    "sphinxsetup": "verbatimwrapslines=true, verbatimforcewraps=true, verbatimmaxoverfull=1",
    "fvset": r"\fvset{fontsize=\small}",
    "releasename": "",
    "tableofcontents": r"\setcounter{tocdepth}{0}\sphinxtableofcontents",  # parts and chapters
    "maketitle": r"""
\begin{titlepage}
  \centering\vspace*{0.28\textheight}
  {\Huge\bfseries 机器学习笔记\par}\vspace{1.5em}
  {\Large 生成模型 · 自监督学习 · 大语言模型 · 视觉 · 强化学习 · 系统\par}\vfill
  {\large 离线阅读版\quad\today\par}
\end{titlepage}
""",
}

# -- EPUB and the single-page HTML (offline downloads, _ext/offline_formats) -------------
# The e-book follows the PDF: the home page's toctree (a part per topic, then its posts) and
# the plain fallbacks of web-only parts; formulas are MathML, fonts are the e-reader's own.
epub_title = project
epub_author = author
epub_publisher = author
epub_copyright = copyright
epub_language = "zh-CN"
epub_identifier = epub_uid = "ml-notes-zh"  # the same in content.opf and toc.ncx (epubcheck)
epub_basename = "ml-notes"
epub_show_urls = "no"
epub_tocdepth = 2            # topics and posts
epub_description = "中文机器学习长文笔记：生成模型、自监督学习、大语言模型、视觉、强化学习与系统工程。"
epub_css_files: list[str] = []  # not html_css_files: _ext/offline_formats adds its own
# site.css styles the web home page only (its selectors trip epubcheck's CSS parser).
epub_exclude_files = ["search.html", "genindex.html", "py-modindex.html", "404.html", "_static/site.css"]

# -- Search --------------------------------------------------------------------
# Pinned, so that Read the Docs' ``-D language=en`` (dashboard left at English) keeps Chinese search.
html_search_language = "zh"
