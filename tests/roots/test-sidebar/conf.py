extensions = ["myst_parser", "speedups.fast_sidebar"]
html_theme = "sphinx_book_theme"
exclude_patterns = ["_build"]
language = "zh_CN"
html_search_language = "en"
