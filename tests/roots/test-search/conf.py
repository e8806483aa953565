extensions = ["myst_parser", "chinese_search"]
language = "zh_CN"
exclude_patterns = ["_build"]
