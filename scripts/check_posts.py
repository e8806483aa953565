"""`make check`: every post's front matter and file against the contract, in about a second.

The rules and messages are the build's own (_ext/post_catalog/front_matter.py and
post_files.py); no Sphinx run. Exit status 1 when any post has a problem.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "_ext"))

from post_catalog.post_files import read_text, scan  # noqa: E402
from post_catalog.front_matter import parse  # noqa: E402


def main(root: Path = REPO) -> int:
    found = scan(root)
    messages = [(notice.path, notice.line, notice.message) for notice in found.notices]
    posts = sorted(path for path in (root / "posts").glob("*/*.md")
                   if path.name != "index.md" and path.is_file()
                   and path.relative_to(root).as_posix() not in found.withheld)
    for path in posts:
        for problem in parse(read_text(path)).problems:
            messages.append((path.relative_to(root).as_posix(), problem.line, problem.message))
    for relative, line, message in sorted(messages):
        print(f"{relative}:{line}: {message}")
    drafts = f", {len(found.drafts)} drafts not published" if found.drafts else ""
    print(f"checked {len(posts)} posts{drafts}: {len(messages) or 'no'} "
          f"problem{'s' if len(messages) != 1 else ''}", file=sys.stderr)
    return 1 if messages else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO))
