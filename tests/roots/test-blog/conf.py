# A small blog with everything the real site has: our extensions and the book theme.
extensions = ["myst_parser", "sphinx_design", "offline_mathjax", "post_catalog", "chinese_search",
              "speedups.fast_sidebar", "fresh_navigation", "speedups.template_cache", "speedups.lean_gc", "accessible_pages"]
myst_enable_extensions = ["dollarmath", "amsmath"]
language = "zh_CN"
html_theme = "sphinx_book_theme"
html_baseurl = "https://example.org/blog/"
exclude_patterns = ["_build"]
