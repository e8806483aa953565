# Titles, tags and summaries that look like markup: every place they land must show them as text.
extensions = ["myst_parser", "sphinx_design", "offline_mathjax", "post_catalog", "chinese_search",
              "speedups.fast_sidebar", "fresh_navigation", "speedups.template_cache", "speedups.lean_gc", "accessible_pages",
              "sphinxext.opengraph"]
myst_enable_extensions = ["dollarmath", "amsmath"]
language = "zh_CN"
html_theme = "sphinx_book_theme"
html_baseurl = "https://example.org/blog/"
# templates_path: the test points it at the site's _templates/ (this root is copied before a build).
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}
exclude_patterns = ["_build"]
