"""Read and check a post's YAML front matter against the contract in docs/post-format.md.

Pure Python (no Sphinx), so the build and ``make check`` share one implementation.
Every problem is a :class:`Problem` with the 1-based line of the source file it is on.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field

import yaml

ALLOWED_KEYS = ("date", "updated", "tags", "summary", "pinned", "draft")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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
    problems: list[Problem] = field(default_factory=list)


def split_front_matter(text: str) -> tuple[str, int] | None:
    """Return the YAML block and the file line it starts on, or None without front matter."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None
    for end, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return "\n".join(lines[1:end]), 2
    return None


def _compose(yaml_text: str, first_line: int) -> tuple[yaml.Node | None, Problem | None]:
    try:
        return yaml.compose(yaml_text, Loader=yaml.SafeLoader), None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = first_line + (mark.line if mark else 0)
        reason = getattr(err, "problem", None) or "invalid YAML"
        return None, Problem(line, f"front matter is not valid YAML ({reason}); "
                                   "expected 'key: value' lines")


def syntax_problems(text: str) -> list[Problem]:
    """YAML syntax errors in the front matter of any page (pages other than posts have no contract)."""
    block = split_front_matter(text)
    problem = _compose(*block)[1] if block else None
    return [problem] if problem else []


def parse(text: str) -> FrontMatter:
    """Parse and validate the front matter of a post's source text."""
    result = FrontMatter()
    block = split_front_matter(text)
    if block is None:
        result.problems.append(Problem(1, "no front matter: expected YAML between '---' lines "
                                          "at the top, with at least 'date: YYYY-MM-DD'"))
        return result
    yaml_text, first_line = block
    root, problem = _compose(yaml_text, first_line)
    if problem:
        result.problems.append(problem)
        return result
    if root is None:
        root = yaml.MappingNode("tag:yaml.org,2002:map", [])
    if not isinstance(root, yaml.MappingNode):
        result.problems.append(Problem(first_line, "front matter must be 'key: value' lines"))
        return result

    seen: dict[str, yaml.Node] = {}
    for key_node, value_node in root.value:
        key = str(key_node.value)
        line = first_line + key_node.start_mark.line
        if key not in ALLOWED_KEYS:
            result.problems.append(Problem(line, _unknown_key_message(key)))
        elif key in seen:
            result.problems.append(Problem(line, f"'{key}' is given twice; keep one"))
        else:
            seen[key] = value_node
            _CHECKS[key](result, value_node, first_line + value_node.start_mark.line)

    if "date" not in seen:
        result.problems.append(Problem(first_line, "missing required 'date': "
                                                   "add 'date: YYYY-MM-DD' (first publication)"))
    if result.date and result.updated and result.updated < result.date:
        line = first_line + seen["updated"].start_mark.line
        result.problems.append(Problem(line, f"'updated' ({result.updated}) must not be "
                                             f"before 'date' ({result.date})"))
        result.updated = None
    return result


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
    tags = [item.value.strip() for item in items]
    if any(not tag for tag in tags):
        result.problems.append(Problem(line, "'tags' must not contain empty tags"))
    result.tags = tuple(dict.fromkeys(tag for tag in tags if tag))


def _check_summary(result: FrontMatter, node: yaml.Node, line: int) -> None:
    if not _is_plain_string(node) or not node.value.strip():
        result.problems.append(Problem(line, "'summary' must be a non-empty string "
                                             "(one sentence shown on cards)"))
        return
    result.summary = " ".join(node.value.split())


def _check_flag(key: str):
    def check(result: FrontMatter, node: yaml.Node, line: int) -> None:
        if not (isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:bool"):
            result.problems.append(Problem(line, f"'{key}' must be true or false, "
                                                 f"got '{_shown(node)}'"))
            return
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
