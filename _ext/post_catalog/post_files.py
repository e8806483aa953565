"""Which files under ``posts/`` are published, before Sphinx reads any of them.

Pure Python (no Sphinx), shared by the build and ``make check``. A file is withheld, with the
reason, when publishing it could leak or mislead:

- a draft (the parsed front matter says so, see :mod:`.front_matter`);
- a post outside the ``posts/<topic>/<slug>.md`` layout (a sub-folder), which no check covers;
- a symlink that leads outside the project or nowhere, and any symlinked folder.

Everything else is read by Sphinx as usual. A file that cannot be decoded as UTF-8 is still
published: Sphinx replaces the bad bytes and says where; we do the same here.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import front_matter

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
URL_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class Notice:
    path: str       # relative to the project, with forward slashes
    line: int
    message: str
    kind: str = "withheld"  # the warning's subtype: "withheld" when the file is not published


@dataclass
class Scan:
    withheld: list[str] = field(default_factory=list)    # relative paths, kept out of the build
    drafts: list[str] = field(default_factory=list)      # the withheld posts that are drafts
    notices: list[Notice] = field(default_factory=list)  # what to tell the author


def scan(root: Path) -> Scan:
    """Walk ``root/posts`` (symlinks not followed) and decide what must not be published."""
    result = Scan()
    posts = root / "posts"
    if not posts.is_dir():
        return result
    real_root = root.resolve()
    for folder, dirnames, filenames in os.walk(posts):
        dirnames.sort()
        for name in [*sorted(dirnames), *sorted(filenames)]:
            path = Path(folder, name)
            relative = path.relative_to(root).as_posix()
            if path.is_symlink() and (path.is_dir() or not _inside(path, real_root)):
                result.withheld.append(relative)
                result.notices.append(Notice(relative, 1, _symlink_message(path)))
                if name in dirnames:
                    dirnames.remove(name)  # Sphinx would follow it: it is excluded as a whole
                continue
            if not name.endswith(".md"):
                continue
            if path.is_dir():
                result.notices.append(Notice(relative, 1, "a folder named like a post is not a "
                                                           "post; rename the folder", "layout"))
                continue
            _scan_post(root, relative, result)
    return result


def _scan_post(root: Path, relative: str, result: Scan) -> None:
    parts = relative.split("/")
    if len(parts) != 3:
        result.withheld.append(relative)
        result.notices.append(Notice(relative, 1, "not published: a post lives directly in a "
                                                  "topic folder, posts/<topic>/<slug>.md; move it "
                                                  "there (sub-folders are not supported)"))
        return
    if parts[2] == "index.md":
        return
    raw = (root / relative).read_bytes()
    bad_line = _first_undecodable_line(raw)
    if bad_line:
        result.notices.append(Notice(relative, bad_line, "bytes that are not UTF-8 were replaced "
                                                         "by U+FFFD; save the file as UTF-8",
                                     "characters"))
    meta = front_matter.parse(raw.decode("utf-8-sig", errors="replace"))
    if meta.draft:
        result.withheld.append(relative)
        result.drafts.append(relative)
    if meta.draft_doubtful:  # the author meant to publish, perhaps: say why it is not
        result.notices.extend(Notice(relative, problem.line, f"not published: {problem.message}")
                              for problem in meta.problems)
    slug = parts[2].removesuffix(".md")
    if not URL_SAFE.match(slug):  # the theme writes page names into a script unescaped
        if relative not in result.withheld:
            result.withheld.append(relative)
        result.notices.append(Notice(relative, 1, f"not published: the file name '{slug}' has "
                                                  "characters that are not safe in a URL; use "
                                                  "lowercase ASCII kebab-case like 'flow-matching'"))
    elif not SLUG.match(slug):
        result.notices.append(Notice(relative, 1, f"slug '{slug}' is not lowercase ASCII "
                                                  "kebab-case (like 'flow-matching'); it becomes "
                                                  "the URL, so rename the file before publishing",
                                     "slug"))


def read_text(path: Path) -> str:
    """A post's text as Sphinx reads it: invalid UTF-8 bytes become U+FFFD, never an error."""
    return path.read_bytes().decode("utf-8-sig", errors="replace")


def _first_undecodable_line(raw: bytes) -> int:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return raw.count(b"\n", 0, err.start) + 1
    return 0


def _inside(path: Path, real_root: Path) -> bool:
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # dangling, or a loop of links
        return False
    return target == real_root or real_root in target.parents


def _symlink_message(path: Path) -> str:
    if path.is_dir():
        return "not published: a symlinked folder; put the posts in the topic folder itself"
    if not path.exists():
        return "not published: a symlink to a file that does not exist"
    return "not published: a symlink to a file outside the project; copy the file into the project"
