extensions = ["myst_parser", "build_state", "build_time_math"]
myst_enable_extensions = ["dollarmath", "amsmath"]
exclude_patterns = ["_build"]
math_numfig = True
