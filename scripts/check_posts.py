"""`make check`: every post's front matter against the contract, in about a second.

The rules and messages are the build's own (_ext/post_catalog/front_matter.py); no Sphinx run.
Exit status 1 when any post has a problem.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "_ext"))

from post_catalog.catalog import topic_of  # noqa: E402
from post_catalog.front_matter import parse  # noqa: E402


def main(root: Path = REPO) -> int:
    problems = 0
    posts = sorted(path for path in (root / "posts").glob("*/*.md")
                   if topic_of(path.relative_to(root).with_suffix("").as_posix()))
    for path in posts:
        for problem in parse(path.read_text(encoding="utf-8-sig")).problems:
            print(f"{path.relative_to(root)}:{problem.line}: {problem.message}")
            problems += 1
    print(f"checked {len(posts)} posts: {problems or 'no'} problem{'s' if problems != 1 else ''}",
          file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO))
