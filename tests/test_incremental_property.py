"""Never stale: random edits, each followed by an incremental build that must equal a fresh build.

On tests/roots/test-blog (15 posts, 3 topics, tags; our extensions and the book theme), a seeded
random sequence of what authors do: edit a body; edit a title (its words or only its markup:
bold, emphasis, code, math); change date, updated, tags, summary, pinned or draft; reorder a
topic's toctree; move a post to another topic; add a post; delete a post; change nothing. About
one step in six rebuilds with ``-E`` (a fresh environment beside the old caches) instead of
incrementally. After every step that build is compared, page by page, with a fresh build of the
same sources: every HTML page, the feed, the search index (Sphinx's and the browser's sharded
one), the sitemap, and the set of pages.

Nothing is normalised but one Sphinx quirk in the search index (see searches_alike): both builds
are reproducible to the byte (test_reliability checks that two fresh builds of the real site are
identical).
Steps: PROPERTY_STEPS (default 24); seed: PROPERTY_SEED (default 2025).
"""

from __future__ import annotations

import difflib
import json
import os
import random
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import REPO

STEPS = int(os.environ.get("PROPERTY_STEPS", "24"))
SEED = int(os.environ.get("PROPERTY_SEED", "2025"))
TAGS = ["生成模型", "优化器", "强化学习", "系统", "新标签"]
# titles of one post: same words with other markup, and other words
TITLES = ["文章 {slug}", "文章 **{slug}**", "*文章* {slug}", "文章 `{slug}`", "文章 $x^2$ {slug}",
          "改名的文章 {slug}"]
FRESH_ENVIRONMENT_SHARE = 1 / 6
# _search/: the browser's sharded index, its meta file and the page texts (named by digest, so a
# stale or left-over file shows up as a difference).
COMPARED = ("*.html", "feed.xml", "searchindex.js", "sitemap.xml", "_search/*.js")


@dataclass
class Post:
    topic: str
    slug: str
    date: str
    tags: list[str] = field(default_factory=list)
    updated: str | None = None
    summary: str | None = None
    pinned: bool = False
    draft: bool = False
    extra: str = ""
    title: str = TITLES[0]

    def source(self) -> str:
        lines = [f"date: {self.date}"]
        if self.updated:
            lines.append(f"updated: {self.updated}")
        if self.tags:
            lines.append(f"tags: [{', '.join(self.tags)}]")
        if self.summary:
            lines.append(f"summary: {self.summary}")
        if self.pinned:
            lines.append("pinned: true")
        if self.draft:
            lines.append("draft: true")
        return ("---\n" + "\n".join(lines) + f"\n---\n\n# {self.title.format(slug=self.slug)}\n\n{self.slug} 的开头，公式 $y^2$。"
                f"{self.extra}\n\n## 小节\n\n正文。\n")


class Blog:
    """The sources as a model; writes only files whose text changes (as an editor would)."""

    def __init__(self, root: Path):
        self.root = root
        self.posts: dict[str, Post] = {}
        for path in sorted(root.glob("posts/*/post-*.md")):
            text = path.read_text(encoding="utf-8")
            tags = re.search(r"^tags: \[(.*)\]$", text, re.M)
            self.posts[path.stem] = Post(path.parent.name, path.stem,
                                         re.search(r"^date: (.*)$", text, re.M).group(1),
                                         tags.group(1).split(", ") if tags else [])
        self.topics = sorted({post.topic for post in self.posts.values()})
        self.next_number = 100

    def write(self) -> None:
        for post in self.posts.values():
            _write(self.root / "posts" / post.topic / f"{post.slug}.md", post.source())
        for topic in self.topics:
            index = self.root / "posts" / topic / "index.md"
            slugs = [p.slug for p in self.posts.values() if p.topic == topic]
            text = index.read_text(encoding="utf-8")
            _write(index, re.sub(r":hidden:\n\n.*?```", ":hidden:\n\n" + "\n".join(slugs) + "\n```",
                                 text, flags=re.S))

    def step(self, rng: random.Random) -> str:
        post = rng.choice(list(self.posts.values()))
        action = rng.choice(["body", "title", "date", "updated", "tags", "summary", "pinned",
                             "draft", "reorder", "move", "add", "delete", "nothing"])
        if action == "nothing":  # a rebuild with no change: the skipped work must stay skippable
            pass
        elif action == "body":
            post.extra += f"又补充了一句（{rng.randrange(1000)}）。"
        elif action == "title":
            post.title = rng.choice([title for title in TITLES if title != post.title])
        elif action == "reorder":  # first of its topic's toctree, or last if it was first
            siblings = [p.slug for p in self.posts.values() if p.topic == post.topic]
            rest = {slug: p for slug, p in self.posts.items() if slug != post.slug}
            self.posts = {**rest, post.slug: post} if siblings[0] == post.slug \
                else {post.slug: post, **rest}
        elif action == "move":
            (self.root / "posts" / post.topic / f"{post.slug}.md").unlink()
            post.topic = rng.choice([topic for topic in self.topics if topic != post.topic])
        elif action == "date":
            post.date = _random_date(rng)
            if post.updated and post.updated < post.date:
                post.updated = None
        elif action == "updated":
            post.updated = None if post.updated else max(post.date, _random_date(rng))
        elif action == "tags":
            post.tags = rng.sample(TAGS, rng.randrange(0, 3))
        elif action == "summary":
            post.summary = None if post.summary else f"摘要 {rng.randrange(1000)}，含公式 $z$。"
        elif action == "pinned":
            post.pinned = not post.pinned
        elif action == "draft":
            post.draft = not post.draft
        elif action == "add":
            self.next_number += 1
            slug = f"post-{self.next_number}"
            self.posts[slug] = Post(rng.choice(self.topics), slug, _random_date(rng), rng.sample(TAGS, 2))
            post = self.posts[slug]
        elif action == "delete" and len(self.posts) > 5:
            del self.posts[post.slug]
            (self.root / "posts" / post.topic / f"{post.slug}.md").unlink()
        self.write()
        return f"{action} {post.slug}"


def _random_date(rng: random.Random) -> str:
    return f"{rng.randrange(2023, 2026)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"


def _write(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def output_pages(outdir: Path) -> dict[str, str]:
    pages = {}
    for pattern in COMPARED:
        for path in outdir.rglob(pattern):
            relative = path.relative_to(outdir)
            if relative.parts[0] not in ("_static", "_sources", ".doctrees"):
                pages[relative.as_posix()] = path.read_text(encoding="utf-8")
    pages["searchindex.js"] = searches_alike(pages["searchindex.js"])
    return pages


def searches_alike(index: str) -> str:
    """The index as searches see it. Sphinx keeps a term whose pages all lost it as an empty
    list after an incremental build; no search can tell, so empty terms are dropped here."""
    data = json.loads(index.removeprefix("Search.setIndex(").removesuffix(")"))
    for key in ("terms", "titleterms"):
        data[key] = {term: pages for term, pages in data[key].items() if pages != []}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=0)


def describe_difference(incremental: dict[str, str], fresh: dict[str, str]) -> str:
    only_inc = sorted(set(incremental) - set(fresh))
    only_fresh = sorted(set(fresh) - set(incremental))
    if only_inc or only_fresh:
        return f"pages only in the incremental build: {only_inc}; only in the fresh build: {only_fresh}"
    for name in sorted(fresh):
        if incremental[name] != fresh[name]:
            diff = difflib.unified_diff(fresh[name].splitlines(), incremental[name].splitlines(),
                                        "fresh/" + name, "incremental/" + name, lineterm="", n=1)
            return "\n".join(list(diff)[:40])
    return ""


def sphinx_build(src: Path, outdir: Path, *options: str) -> None:
    """A separate process per build, as authors run it (in-process apps share module state)."""
    process = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", *options,
                              str(src), str(outdir)],
                             capture_output=True, text=True,
                             env={**os.environ, "PYTHONPATH": str(REPO / "_ext")})
    assert process.returncode == 0, process.stderr


@pytest.mark.slow
def test_incremental_builds_equal_fresh_builds(copy_root, tmp_path):
    src = copy_root("blog")
    blog = Blog(src)
    rng = random.Random(SEED)
    incremental = tmp_path / "incremental"
    sphinx_build(src, incremental)
    history = []
    for number in range(1, STEPS + 1):
        step = blog.step(rng)
        options = ["-E"] if rng.random() < FRESH_ENVIRONMENT_SHARE else []
        history.append(" ".join([step, *options]))
        sphinx_build(src, incremental, *options)
        fresh = tmp_path / f"fresh-{number}"
        sphinx_build(src, fresh)
        difference = describe_difference(output_pages(incremental), output_pages(fresh))
        assert difference == "", f"seed {SEED}, after steps {history}:\n{difference}"
        shutil.rmtree(fresh)
    print(f"\nproperty test: {STEPS} steps (seed {SEED}) with equal incremental and fresh builds:"
          f" {history}")
