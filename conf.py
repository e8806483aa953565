"""Sphinx configuration of 机器学习笔记 (a Chinese machine-learning knowledge base)."""

import os
import sys
from pathlib import Path

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
    "sphinx.ext.mathjax",
    "offline_mathjax",          # _ext/: MathJax served from the site, no CDN
    "post_catalog",             # _ext/: post metadata, validation, latest-updates grid
    "chinese_search",           # _ext/: Chinese full-text search (replaces sphinx.search.zh)
]

exclude_patterns = ["_build", ".venv", "README.md", "tests", "docs", "scripts",
                    ".bibparts", ".pytest_cache", "Thumbs.db", ".DS_Store", "**/.ipynb_checkpoints"]

# -- MyST ----------------------------------------------------------------------
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist", "attrs_block",
                          "attrs_inline", "substitution"]
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
html_css_files = ["site.css"]
html_last_updated_fmt = None
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")
html_theme_options = {
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "use_download_button": False,
}

# -- LaTeX (PDF) -----------------------------------------------------------------
latex_engine = "xelatex"

# -- Search --------------------------------------------------------------------
# Pinned, so that Read the Docs' ``-D language=en`` (dashboard left at English) keeps Chinese search.
html_search_language = "zh"
