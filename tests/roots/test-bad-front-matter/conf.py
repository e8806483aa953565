extensions = ["myst_parser", "offline_mathjax", "post_catalog"]
myst_enable_extensions = ["dollarmath", "amsmath"]
exclude_patterns = ["_build"]
