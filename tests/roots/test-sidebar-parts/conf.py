# The test-sidebar site in parts: captioned toctrees, which show_navbar_depth: 0 makes collapsible.
extensions = ["myst_parser", "speedups.fast_sidebar"]
html_theme = "sphinx_book_theme"
exclude_patterns = ["_build"]
language = "zh_CN"
html_search_language = "en"
