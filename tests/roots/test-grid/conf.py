extensions = ["myst_parser", "sphinxcontrib.bibtex", "offline_mathjax", "post_catalog"]
bibtex_bibfiles = ["refs.bib"]
myst_enable_extensions = ["dollarmath", "amsmath"]
exclude_patterns = ["_build"]
html_baseurl = "https://example.org/notes/"
