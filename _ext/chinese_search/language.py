"""``SearchChineseML``: the search language registered for ``zh`` (and ``zh_CN``).

It replaces Sphinx's ``sphinx.search.zh``, which in Sphinx 9.0 breaks the search page
(``language_data.js`` assigns an undefined ``ChineseStemmer``, sphinx-doc/sphinx#14229), cannot
match Chinese queries typed without spaces, never indexes one-character words, and re-loads
jieba's whole default dictionary on every build. Since we register our own class, a Sphinx that
fixes #14229 changes nothing here.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

import snowballstemmer
from sphinx.search import SearchLanguage
from sphinx.search._stopwords.en import ENGLISH_STOPWORDS

from . import segment
from .terms import DEFAULT_TERMS_FILE, load_terms


class SearchChineseML(SearchLanguage):
    lang = "zh"
    # Latin words are stemmed as English on both sides; Sphinx then ships the Snowball
    # English stemmer and sets ``window.Stemmer = EnglishStemmer`` (a class that exists).
    language_name = "English"
    js_stemmer_rawcode = "english-stemmer.js"
    stopwords = ENGLISH_STOPWORDS

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self.terms_file = Path(options.get("terms", DEFAULT_TERMS_FILE))
        self.stemmer = snowballstemmer.stemmer("english")
        self.stemmed: dict[str, str] = {}  # Sphinx memoises per page; code words recur on every page

    @cached_property
    def terms(self) -> frozenset[str]:
        return frozenset(load_terms(self.terms_file))

    def split(self, input: str) -> list[str]:
        return segment.index_units(input, self.terms)

    # Units are Chinese runs or ASCII words (segment.py), so isascii() tells them apart cheaply:
    # Sphinx calls stem() and word_filter() for every unit of every page.
    def stem(self, word: str) -> str:
        if not word.isascii():
            return word
        if word not in self.stemmed:
            self.stemmed[word] = self.stemmer.stemWord(word.lower())
        return self.stemmed[word]

    def word_filter(self, word: str) -> bool:
        if not word.isascii():
            return True
        return len(word) > 1 and not word.isdigit() and word not in self.stopwords
