# Three posts, each with its own bibliography: two cite the same paper, as on the real site.
extensions = ["myst_parser", "sphinxcontrib.bibtex", "pdf_book"]
bibtex_bibfiles = ["refs.bib"]
bibtex_reference_style = "author_year"
suppress_warnings = ["bibtex.duplicate_citation"]
exclude_patterns = ["_build"]
language = "zh_CN"
latex_engine = "xelatex"
latex_documents = [("index", "book.tex", "引用测试", "作者", "manual", True)]
