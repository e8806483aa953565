"""Every post of the content plan meets the quality bar a machine can check."""

from __future__ import annotations

import re

import pytest

from conftest import REPO
from post_catalog.front_matter import parse

PLAN = re.findall(r"^\| (\S+?)(?: \(.*?\))? \| (\S+)\.md \|", (REPO / "docs/content-plan.md")
                  .read_text(encoding="utf-8"), re.M)
VOCABULARY = {tag.strip() for tag in (REPO / "docs/tags.md").read_text(encoding="utf-8")
              .split("\n\n", 2)[2].replace("\n", " ").split(",")}
BIB = (REPO / "references.bib").read_text(encoding="utf-8")
BIB_ENTRIES = {m.group(1): m.group(0) for m in re.finditer(r"@\w+\{([^,]+),.*?\n\}", BIB, re.S)}


def prose(text: str) -> str:
    """The post without front matter, code, math and directives: what a reader reads as text."""
    text = re.sub(r"(?s)^---.*?\n---", "", text)
    text = re.sub(r"(?s)```.*?```", "", text)
    text = re.sub(r"(?s)\$\$.*?\$\$", "", text)
    text = re.sub(r"\$[^$\n]+\$", "", text)
    return text


def test_the_plan_has_42_posts_and_each_exists():
    assert len(PLAN) == 42
    missing = [f"{topic}/{slug}" for topic, slug in PLAN if not (REPO / "posts" / topic / f"{slug}.md").exists()]
    assert missing == []


@pytest.mark.parametrize(("topic", "slug"), PLAN, ids=[slug for _, slug in PLAN])
def test_post_meets_the_quality_bar(topic, slug):
    text = (REPO / "posts" / topic / f"{slug}.md").read_text(encoding="utf-8")
    meta = parse(text)
    assert meta.problems == [] and meta.date is not None
    assert set(meta.tags) <= VOCABULARY, set(meta.tags) - VOCABULARY
    assert len(re.findall(r"[\u4e00-\u9fff]", prose(text))) >= 2000
    # a closing fence with text after it never closes: the next paragraph joins the block
    assert not re.search(r"^```(?!\{[\w-]+\}\s|\{[\w-]+\}$|\w*$).+", text, re.M), "text after a fence"
    without_code = re.sub(r"(?s)```.*?```", "", text)  # a "# comment" in code is no heading
    assert len(re.findall(r"^# ", without_code, re.M)) == 1
    assert len(re.findall(r"^## ", without_code, re.M)) >= 3
    keys = {key.strip() for group in re.findall(r"\{cite:[pt]\}`([^`]+)`", text) for key in group.split(",")}
    assert keys and keys <= BIB_ENTRIES.keys(), keys - BIB_ENTRIES.keys()
    assert re.search(r"## 参考文献\s+```\{bibliography\}\n:filter: docname in docnames\n```\s*$", text)


@pytest.mark.parametrize("key", sorted(BIB_ENTRIES))
def test_bibliography_entries_are_complete(key):
    entry = BIB_ENTRIES[key]
    for field in ("author", "title", "year"):
        assert re.search(rf"^\s*{field}\s*=", entry, re.M), field
    assert re.search(r"^\s*(journal|booktitle|publisher|institution|howpublished|school)\s*=", entry, re.M)


def test_every_figure_has_its_script():
    for image in (REPO / "posts").glob("*/img/*.svg"):
        scripts = [p.stem for p in (REPO / "scripts/figures").glob("*.py")]
        assert any(image.stem.startswith(script) for script in scripts), image
