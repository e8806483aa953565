"""The committed figures are what their scripts draw, and every figure in a post has Chinese alt text.

Each script in scripts/figures/ (except the shared style and ``_helpers``) is run with
``FIGURES_OUT_DIR`` pointing at a temporary folder; every SVG it writes must equal, byte for byte,
the committed file at the same path. New scripts are picked up by the glob.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

FIGURES = REPO / "scripts" / "figures"
SCRIPTS = sorted(path for path in FIGURES.glob("*.py")
                 if path.name != "figure_style.py" and not path.name.startswith("_"))
HAS_MATPLOTLIB = importlib.util.find_spec("matplotlib") is not None
needs_matplotlib = pytest.mark.skipif(
    not HAS_MATPLOTLIB, reason="matplotlib is not installed (pip install -r requirements-dev.txt)")

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# The opening line of a MyST figure or image directive, with ``` or ::: fences of any length.
DIRECTIVE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>figure|image)\}\s+(?P<target>\S+)")
MARKDOWN_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<target>[^)\s]+)")


def run_script(script: Path, out_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "FIGURES_OUT_DIR": str(out_dir)}
    return subprocess.run([sys.executable, str(script.relative_to(REPO))], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_figure_scripts_are_found():
    assert len(SCRIPTS) >= 6, SCRIPTS


@needs_matplotlib
@pytest.mark.parametrize("script", SCRIPTS, ids=[path.stem for path in SCRIPTS])
def test_script_redraws_its_committed_figures_byte_for_byte(script, tmp_path):
    process = run_script(script, tmp_path)
    assert process.returncode == 0, process.stderr
    written = sorted(path.relative_to(tmp_path) for path in tmp_path.rglob("*") if path.is_file())
    assert written, f"{script.name} wrote nothing under FIGURES_OUT_DIR: save figures with figure_style.save"
    for relative in written:
        committed = REPO / relative
        assert committed.exists(), f"{relative} is not committed: run `make figures` and add it"
        assert (tmp_path / relative).read_bytes() == committed.read_bytes(), (
            f"{relative} differs from what {script.name} draws: run `make figures` and commit")


GUARD_CHECK = """
import figure_style
fig, ax = figure_style.new_figure()
ax.set_title(TITLE)
try:
    figure_style.save(fig, "posts/demo/img/demo.svg")
except figure_style.MissingGlyphError as error:
    print("refused:", error)
"""


@needs_matplotlib
@pytest.mark.parametrize(("title", "refused"), [("$x$ 的密度", True), ("x 的密度", False)])
def test_save_refuses_chinese_inside_mathtext(title, refused, tmp_path):
    # Mathtext has no CJK font: such a title would be drawn as boxes, so save must fail instead.
    # (A subprocess: the style changes matplotlib's global settings.)
    code = f"TITLE = {title!r}\n" + GUARD_CHECK
    env = {**os.environ, "FIGURES_OUT_DIR": str(tmp_path), "PYTHONPATH": str(FIGURES)}
    process = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True,
                             text=True, timeout=300)
    assert process.returncode == 0, process.stderr
    assert ("refused:" in process.stdout) == refused, process.stdout
    assert (tmp_path / "posts/demo/img/demo.svg").exists() == (not refused)


def figures_in(text: str):
    """(line, target, alt or None) for each figure or image of a MyST post."""
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        opening = DIRECTIVE.match(line)
        if opening:
            alt = None
            for option in lines[number:]:  # the options block runs until the first line not starting with ':'
                match = re.match(r"^:(\w+):\s*(.*)$", option)
                if not match or option.startswith(opening.group("fence")):
                    break
                if match.group(1) == "alt":
                    alt = match.group(2)
            yield number, opening.group("target"), alt
        for image in MARKDOWN_IMAGE.finditer(line):
            yield number, image.group("target"), image.group("alt")


def test_figures_in_posts_are_found():
    # the parser must see figures that are known to be there, or the alt-text test checks nothing
    text = (REPO / "posts/llm/activation-functions.md").read_text(encoding="utf-8")
    assert [target for _, target, _ in figures_in(text)] == ["img/activation-functions-curves.svg"]
    sample = "```{figure} a.svg\n:width: 80%\n\n说明\n```\n:::{image} b.png\n:alt: 一张图\n:::\n![](c.png)\n"
    assert list(figures_in(sample)) == [(1, "a.svg", None), (6, "b.png", "一张图"), (9, "c.png", "")]


def test_every_figure_in_a_post_has_chinese_alt_text():
    problems = []
    for post in sorted((REPO / "posts").rglob("*.md")):
        for line, target, alt in figures_in(post.read_text(encoding="utf-8")):
            if not alt or not CJK.search(alt):
                problems.append(f"{post.relative_to(REPO)}:{line}: {target} needs Chinese alt text "
                                f"(':alt: 描述图中内容' under the figure directive), got {alt!r}")
    assert problems == [], "\n".join(problems)
