"""Cut text into search units. The index side and the query side (query-splitter.js) agree:

- Latin letters and digits: whole words (the search stems and lower-cases them).
- Chinese: every single character, every pair of neighbouring characters (bigrams) and every
  dictionary term that occurs. A query is cut into dictionary terms (longest first), and the
  rest into words (the browser's ``Intl.Segmenter``) whose bigrams, or single character, it
  looks up. Whatever the word segmenter does, every unit a query asks for is in the index of a
  page that contains the query's words, and a query never asks for a bigram that spans two of
  its words (混合精度训练 also finds "混合精度的训练").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RUN = re.compile(f"[{CJK}]+")
LATIN_WORD = re.compile(r"[A-Za-z0-9_]+")


def bigrams(run: str) -> list[str]:
    return [run[i:i + 2] for i in range(len(run) - 1)]


@functools.cache
def _term_shape(terms: frozenset[str]) -> tuple[int, frozenset[str]]:
    """The longest term's length and every term's first two characters (frozensets cache their
    hash, so this costs one lookup per call)."""
    return max(map(len, terms), default=0), frozenset(term[:2] for term in terms)


def terms_in(run: str, terms: frozenset[str]) -> list[str]:
    """Every dictionary term occurring in ``run``, overlapping ones included."""
    longest, heads = _term_shape(terms)
    found = []
    for start in range(len(run) - 1):
        if run[start:start + 2] not in heads:  # most positions start no term
            continue
        for end in range(start + 2, min(start + longest, len(run)) + 1):
            if run[start:end] in terms:
                found.append(run[start:end])
    return found


def index_units(text: str, terms: frozenset[str]) -> list[str]:
    """The units a page's text is indexed under, each once (the index keeps sets, and Sphinx
    stems and filters every unit it is given)."""
    units = LATIN_WORD.findall(text)
    for run in CJK_RUN.findall(text):
        units.extend(run)                      # single characters: a one-character query works
        units.extend(bigrams(run))
        units.extend(terms_in(run, terms))
    return list(dict.fromkeys(units))


def query_units(query: str, terms: frozenset[str], words: Callable[[str], Iterable[str]]) -> list[str]:
    """Python twin of query-splitter.js, for tests: the units a reader's query looks up.

    ``words`` stands in for the browser's word segmenter (``Intl.Segmenter``)."""
    units: list[str] = []
    longest = max(map(len, terms), default=0)
    for piece in re.findall(f"[{CJK}]+|[A-Za-z0-9_]+", query.lower()):
        if not CJK_RUN.fullmatch(piece):
            if len(piece) > 1:  # single letters (the Q of Q-learning) are not indexed
                units.append(piece)
            continue
        rest = ""
        position = 0
        while position < len(piece):
            match = next((piece[position:end] for end in range(min(position + longest, len(piece)), position + 1, -1)
                          if piece[position:end] in terms), None)
            if match:
                units.extend(_word_units(rest, words))
                rest = ""
                units.append(match)
                position += len(match)
            else:
                rest += piece[position]
                position += 1
        units.extend(_word_units(rest, words))
    return list(dict.fromkeys(units))


def _word_units(span: str, words: Callable[[str], Iterable[str]]) -> list[str]:
    units: list[str] = []
    for word in (words(span) if span else ()):
        units.extend(bigrams(word) if len(word) > 1 else [word])
    return units
