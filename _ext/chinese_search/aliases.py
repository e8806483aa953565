"""The alias table ``ml-aliases.txt``: names of one concept that should find the same posts.

One group a line, names separated by ``|``: variant spellings, longer and shorter forms, the
English and the Chinese name (``归一化流 | 标准化流 | normalizing flow``). The browser
replaces any name of a group found in a query by "any name of the group" (query-side expansion,
so the index does not grow). A bad line is a warning naming the file and line, never an error.
"""

from __future__ import annotations

import re
from pathlib import Path

DEFAULT_ALIASES_FILE = Path(__file__).with_name("ml-aliases.txt")
NAME = re.compile(r"[\w\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff][\w\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff .+\-]*")


Problem = tuple[str, int, str]  # file, line, what is wrong and what is expected


def load_aliases(path: str | Path = DEFAULT_ALIASES_FILE) -> tuple[list[list[str]], list[Problem]]:
    """The groups of a table (names lower-cased, spaces collapsed) and the problems found."""
    groups: list[list[str]] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as error:
        return [], [(str(path), 0, f"cannot read the alias table ({error.strerror})")]
    for number, line in enumerate(lines, 1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        names = [" ".join(name.split()).lower() for name in text.split("|")]
        names = [name for name in names if name]
        bad = [name for name in names if not NAME.fullmatch(name)]
        if bad:
            problems.append((str(path), number, f"alias {bad[0]!r} has characters a search cannot match; "
                            "expected letters, digits, Chinese, spaces, '.', '+' or '-'"))
            continue
        names = list(dict.fromkeys(names))
        if len(names) < 2:
            problems.append((str(path), number, "a group needs at least two names separated by '|', "
                            "e.g. '归一化流 | normalizing flow'"))
            continue
        repeated = [name for name in names if name in seen]
        if repeated:
            problems.append((str(path), number, f"{repeated[0]!r} is already in the group of line "
                            f"{seen[repeated[0]]}; a name belongs to one group (merge the lines)"))
            continue
        seen.update((name, number) for name in names)
        groups.append(names)
    return groups, problems
