"""`make new-post TOPIC=<topic> SLUG=<slug>`: a new post with the contract's front matter.

Refuses an unknown topic or a slug that exists or is not lowercase ASCII kebab-case. Adds the
post at the end of the topic's toctree (its reading order); move it there if it belongs earlier.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TEMPLATE = """---
date: {today}
tags: []
---

# 标题

开头一段：用两三句话说清这篇文章讲什么。它会成为首页卡片上的摘要。

## 第一节

正文。行内公式 $x$。
% 引用文献：在 references.bib 里加条目，正文写 {{cite:p}}`条目的键`。

## 参考文献

```{{bibliography}}
:filter: docname in docnames
```
"""


class Refused(Exception):
    pass


def create(root: Path, topic: str, slug: str, today: dt.date) -> Path:
    topics = sorted(p.parent.name for p in (root / "posts").glob("*/index.md"))
    if topic not in topics:
        raise Refused(f"unknown topic '{topic}': choose one of {', '.join(topics)}")
    if not SLUG.match(slug) or slug == "index":
        raise Refused(f"slug '{slug}' must be lowercase ASCII kebab-case, like 'flow-matching'")
    post = root / "posts" / topic / f"{slug}.md"
    if post.exists():
        raise Refused(f"{post.relative_to(root)} exists already; choose another slug")
    post.write_text(TEMPLATE.format(today=today.isoformat()), encoding="utf-8")
    _add_to_toctree(root / "posts" / topic / "index.md", slug)
    return post


def _add_to_toctree(index: Path, slug: str) -> None:
    text = index.read_text(encoding="utf-8")
    match = re.search(r"(```\{toctree\}\n.*?)(```)", text, re.S)
    if match is None:
        raise Refused(f"{index} has no toctree to add the post to")
    body = match.group(1).rstrip("\n") + f"\n{slug}\n"
    index.write_text(text[:match.start()] + body + match.group(2) + text[match.end():], encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not all(argv):
        print("usage: make new-post TOPIC=<topic> SLUG=<slug>", file=sys.stderr)
        return 2
    try:
        post = create(REPO, argv[0], argv[1], dt.date.today())
    except Refused as refusal:
        print(f"new-post: {refusal}", file=sys.stderr)
        return 1
    print(f"created {post.relative_to(REPO)}; edit its title, tags and text")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
