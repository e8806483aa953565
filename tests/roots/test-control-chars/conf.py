# Control characters pasted from a PDF into a post: the feed and the sitemap must stay XML.
extensions = ["myst_parser", "post_catalog"]
myst_enable_extensions = ["dollarmath"]
language = "zh_CN"
html_baseurl = "https://example.org/notes/"
exclude_patterns = ["_build"]
