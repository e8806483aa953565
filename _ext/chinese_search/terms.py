"""The domain dictionary: ML terms that stay whole in the index and in queries."""

from __future__ import annotations

from pathlib import Path

DEFAULT_TERMS_FILE = Path(__file__).with_name("ml-terms.txt")


def load_terms(path: str | Path = DEFAULT_TERMS_FILE) -> tuple[str, ...]:
    """Terms of a plain text file: one per line, '#' comments and blank lines ignored."""
    terms = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        term = line.split("#", 1)[0].strip().lower()
        if term:
            terms.append(term)
    return tuple(dict.fromkeys(terms))
