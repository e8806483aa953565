"""Read and check a post's YAML front matter against the contract in docs/post-format.md.

Pure Python (no Sphinx), so the build and ``make check`` share one implementation.
Every problem is a :class:`Problem` with the 1-based line of the source file it is on.

A post is a draft unless its front matter says otherwise beyond doubt: front matter that does
not parse, or a ``draft`` key (any spelling YAML reads as that key) whose value is not ``false``,
keeps the post private. An author's unpublished work must never leak on a typo.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass, field

import yaml

from .text_safety import BIDI_CONTROLS, strip_unsafe, unsafe_characters

# libyaml when present: fast, and it bounds nesting depth itself (no RecursionError).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ALLOWED_KEYS = ("date", "updated", "tags", "summary", "pinned", "draft")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EARLIEST_YEAR = 1990          # no post of this site predates it: an earlier year is a typo
MAX_UNKNOWN_KEYS = 10         # report this many unknown keys, then count the rest
MAX_TAG_LENGTH = 40           # characters; a tag is a short subject, not a sentence


@dataclass(frozen=True)
class Problem:
    line: int
    message: str


@dataclass
class FrontMatter:
    """The contract fields of one post; a field with a problem is left at its default."""

    date: dt.date | None = None
    updated: dt.date | None = None
    tags: tuple[str, ...] = ()
    summary: str | None = None
    pinned: bool = False
    draft: bool = False
    draft_doubtful: bool = False  # kept private only because the front matter is broken
    tags_line: int = 1
    problems: list[Problem] = field(default_factory=list)


def split_front_matter(text: str) -> tuple[str, int] | None:
    """Return the YAML block and the file line it starts on, or None without front matter."""
    end = _closing_line(text)
    if end is None:
        return None
    return "\n".join(text.split("\n")[1:end]), 2


def front_matter_length(text: str) -> int:
    """How many lines the front matter takes, both '---' lines included (0 without one)."""
    end = _closing_line(text)
    return 0 if end is None else end + 1


def _closing_line(text: str) -> int | None:
    # Lines end at "\n" only, as in editors and markdown-it (str.splitlines would also break
    # at form feeds and other separators, and every later line number would be off).
    # The closing line starts at column 0: an indented "---" belongs to a YAML block scalar.
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None
    for end, line in enumerate(lines[1:], start=1):
        if line.rstrip() == "---":
            return end
    return None


def _compose(yaml_text: str, first_line: int) -> tuple[yaml.Node | None, Problem | None]:
    try:
        return yaml.compose(yaml_text, Loader=_LOADER), None
    except yaml.YAMLError as err:
        return None, _syntax_problem(yaml_text, first_line, err)
    except RecursionError:  # the pure-Python loader on deeply nested YAML
        return None, Problem(first_line, "front matter is nested too deeply; "
                                         "expected flat 'key: value' lines")


def _syntax_problem(yaml_text: str, first_line: int, err: yaml.YAMLError) -> Problem:
    # libyaml places some mistakes at the end of the block; the pure-Python parser, run only
    # on this error path, points at the line that is wrong.
    if _LOADER is not yaml.SafeLoader:
        try:
            yaml.compose(yaml_text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as precise:
            err = precise
        except RecursionError:
            pass
    mark = getattr(err, "problem_mark", None)
    line = first_line + (mark.line if mark else 0)
    reason = getattr(err, "problem", None) or "invalid YAML"
    return Problem(line, f"front matter is not valid YAML ({reason}); expected 'key: value' lines")


def syntax_problems(text: str) -> list[Problem]:
    """YAML syntax errors in the front matter of any page (pages other than posts have no contract)."""
    block = split_front_matter(text)
    problem = _compose(*block)[1] if block else None
    return [problem] if problem else []


@functools.lru_cache(maxsize=4096)
def parse(text: str, today: dt.date | None = None) -> FrontMatter:
    """Parse and validate the front matter of a post's source text.

    Cached by text: the draft scan and the reading of a post parse it once between them.
    The result is shared, so callers must not change it.
    """
    result = FrontMatter()
    block = split_front_matter(text)
    if block is None and text.split("\n", 1)[0].rstrip() == "---":
        # Unclosed (or closed by "..."): what it says is unknown, and it may mark a draft.
        result.problems.append(Problem(1, "front matter is not closed: expected a line '---' "
                                          "after the YAML"))
        result.draft = result.draft_doubtful = True
        return result
    if block is None:
        result.problems.append(Problem(1, "no front matter: expected YAML between '---' lines "
                                          "at the top, with at least 'date: YYYY-MM-DD'"))
        return result
    yaml_text, first_line = block
    root, problem = _compose(yaml_text, first_line)
    if problem:
        result.problems.append(problem)
        result.draft = result.draft_doubtful = True  # it may mark a draft: keep it private
        return result
    if root is None:
        root = yaml.MappingNode("tag:yaml.org,2002:map", [])
    if not isinstance(root, yaml.MappingNode):
        result.problems.append(Problem(first_line, "front matter must be 'key: value' lines"))
        result.draft = result.draft_doubtful = True
        return result

    result.draft = _marks_draft(root)
    seen: dict[str, yaml.Node] = {}
    unknown = 0
    for key_node, value_node in root.value:
        key = str(key_node.value)
        line = first_line + key_node.start_mark.line
        if key not in ALLOWED_KEYS:
            unknown += 1
            if unknown <= MAX_UNKNOWN_KEYS:
                result.problems.append(Problem(line, _unknown_key_message(key)))
        elif key in seen:
            result.problems.append(Problem(line, f"'{key}' is given twice; keep one"))
        else:
            seen[key] = value_node
            _CHECKS[key](result, value_node, first_line + value_node.start_mark.line)
    if unknown > MAX_UNKNOWN_KEYS:
        result.problems.append(Problem(first_line, f"{unknown - MAX_UNKNOWN_KEYS} more unknown "
                                                   f"front-matter keys; allowed keys are "
                                                   f"{', '.join(ALLOWED_KEYS)}"))
    if "tags" in seen:
        result.tags_line = first_line + seen["tags"].start_mark.line
    for key in ("date", "updated"):
        if key in seen and getattr(result, key):
            _check_plausible(result, key, first_line + seen[key].start_mark.line, today)

    if "date" not in seen:
        result.problems.append(Problem(first_line, "missing required 'date': "
                                                   "add 'date: YYYY-MM-DD' (first publication)"))
    if result.date and result.updated and result.updated < result.date:
        line = first_line + seen["updated"].start_mark.line
        result.problems.append(Problem(line, f"'updated' ({result.updated}) must not be "
                                             f"before 'date' ({result.date})"))
        result.updated = None
    return result


def _marks_draft(mapping: yaml.MappingNode, depth: int = 0) -> bool:
    """Whether the mapping holds a draft flag that is not plainly false, merge keys (``<<``)
    included. Keys are compared ignoring case and spaces: ``Draft:`` is a typo of ``draft:``,
    and a typo must not publish a draft."""
    if depth > 20:  # merges of merges this deep are no front matter: keep it private
        return True
    for key_node, value_node in mapping.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            merged = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            if any(not isinstance(node, yaml.MappingNode) or _marks_draft(node, depth + 1)
                   for node in merged):
                return True
        elif str(key_node.value).strip().casefold() == "draft" and not _plainly_false(value_node):
            return True
    return False


def _plainly_false(node: yaml.Node) -> bool:
    return (isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:bool"
            and node.value.lower() in ("false", "no", "off"))


def _check_plausible(result: FrontMatter, key: str, line: int, today: dt.date | None) -> None:
    day = getattr(result, key)
    latest = (today or dt.date.today()) + dt.timedelta(days=366)
    if day.year < EARLIEST_YEAR or day > latest:
        result.problems.append(Problem(line, f"'{key}' {day} is implausible: expected a date "
                                             f"between {EARLIEST_YEAR}-01-01 and a year from now"))
        setattr(result, key, None)


def _unknown_key_message(key: str) -> str:
    close = difflib.get_close_matches(key, ALLOWED_KEYS, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return (f"unknown front-matter key '{key}'{hint}; "
            f"allowed keys are {', '.join(ALLOWED_KEYS)}")


def _iso_date(result: FrontMatter, node: yaml.Node, line: int, key: str) -> dt.date | None:
    raw = node.value if isinstance(node, yaml.ScalarNode) else None
    if isinstance(raw, str) and ISO_DATE.match(raw):
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    shown = raw if isinstance(raw, str) else "a " + _kind(node)
    result.problems.append(Problem(line, f"'{key}' must be an ISO date like 2024-03-18, got '{shown}'"))
    return None


def _check_date(result: FrontMatter, node: yaml.Node, line: int) -> None:
    result.date = _iso_date(result, node, line, "date")


def _check_updated(result: FrontMatter, node: yaml.Node, line: int) -> None:
    result.updated = _iso_date(result, node, line, "updated")


def _check_tags(result: FrontMatter, node: yaml.Node, line: int) -> None:
    items = node.value if isinstance(node, yaml.SequenceNode) else None
    if items is None or not all(_is_plain_string(item) for item in items):
        result.problems.append(Problem(line, "'tags' must be a list of strings, "
                                             "like 'tags: [生成模型, Flow]'"))
        return
    tags = []
    for item in items:
        tag_line = line + item.start_mark.line - node.start_mark.line
        tag = item.value
        if unsafe_characters(tag):
            result.problems.append(Problem(tag_line, f"tag {tag!r} contains {unsafe_characters(tag)}; "
                                                     "they were removed"))
            tag = strip_unsafe(tag)
        if any(char in BIDI_CONTROLS for char in tag):
            result.problems.append(Problem(tag_line, f"tag {tag!r} contains bidirectional control "
                                                     "characters, which can make it display as "
                                                     "another text; they were removed"))
            tag = "".join(char for char in tag if char not in BIDI_CONTROLS)
        tag = " ".join(tag.split())
        if len(tag) > MAX_TAG_LENGTH:
            result.problems.append(Problem(tag_line, f"tag '{tag[:20]}…' has {len(tag)} characters; "
                                                     f"a tag is a short subject of at most "
                                                     f"{MAX_TAG_LENGTH}"))
        tags.append(tag)
    if any(not tag for tag in tags):
        result.problems.append(Problem(line, "'tags' must not contain empty tags"))
    unique: dict[str, str] = {}
    for tag in filter(None, tags):
        unique.setdefault(tag_key(tag), tag)  # the first spelling of a tag wins
    result.tags = tuple(unique.values())


def tag_key(tag: str) -> str:
    """Tags that differ only in case or character width (``Flow``, ``flow``, ``Ｆｌｏｗ``) are one
    tag: one page, on any file system (macOS and Windows would fold them anyway)."""
    return unicodedata.normalize("NFKC", tag).casefold()


def _check_summary(result: FrontMatter, node: yaml.Node, line: int) -> None:
    if not _is_plain_string(node) or not node.value.strip():
        result.problems.append(Problem(line, "'summary' must be a non-empty string "
                                             "(one sentence shown on cards)"))
        return
    summary = node.value
    if unsafe_characters(summary):
        result.problems.append(Problem(line, f"'summary' contains {unsafe_characters(summary)}; "
                                             "they were removed"))
        summary = strip_unsafe(summary)
    result.summary = " ".join(summary.split()) or None


def _check_flag(key: str):
    def check(result: FrontMatter, node: yaml.Node, line: int) -> None:
        if not (isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:bool"):
            private = ""
            if key == "draft":
                private = "; the post stays private until it is"
                result.draft_doubtful = True
            result.problems.append(Problem(line, f"'{key}' must be true or false, "
                                                 f"got '{_shown(node)}'{private}"))
            return
        if key != "draft":  # the draft flag is decided by _marks_draft, from every spelling
            setattr(result, key, node.value.lower() in ("true", "yes", "on"))
    return check


def _is_plain_string(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str"


def _kind(node: yaml.Node) -> str:
    return {yaml.SequenceNode: "list", yaml.MappingNode: "mapping"}.get(type(node), "value")


def _shown(node: yaml.Node) -> str:
    return node.value if isinstance(node, yaml.ScalarNode) else "a " + _kind(node)


_CHECKS = {
    "date": _check_date,
    "updated": _check_updated,
    "tags": _check_tags,
    "summary": _check_summary,
    "pinned": _check_flag("pinned"),
    "draft": _check_flag("draft"),
}
