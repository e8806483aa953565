"""The PDF book, built with XeLaTeX as `make latexpdf` does, read back with pdftotext."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import REPO
from site_build import build, warnings_of

pytestmark = pytest.mark.site
TOPICS = ["生成模型", "自监督学习", "大语言模型", "深度学习基础", "计算机视觉", "强化学习", "机器学习",
          "系统与工程"]


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    outdir = tmp_path_factory.mktemp("pdf") / "latex"
    process = build("latex", outdir)
    assert process.returncode == 0 and not warnings_of(process), process.stderr
    make = subprocess.run(["make", "-C", str(outdir), "all-pdf",
                           "LATEXMKOPTS=-interaction=nonstopmode -halt-on-error"],
                          capture_output=True, text=True)
    log = (outdir / "ml-notes.log").read_text(encoding="utf-8", errors="replace")
    assert make.returncode == 0, log[-3000:]
    text = subprocess.run(["pdftotext", "-layout", str(outdir / "ml-notes.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    return {"dir": outdir, "log": log, "text": text,
            "tex": (outdir / "ml-notes.tex").read_text(encoding="utf-8")}


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def post_titles() -> dict[str, str]:
    titles = {}
    for post in sorted((REPO / "posts").glob("*/*.md")):
        if post.name != "index.md":
            titles[post.stem] = re.search(r"^# (.+)$", post.read_text(encoding="utf-8"), re.M).group(1)
    return titles


def test_every_post_title_and_topic_is_in_the_book(book):
    text = squeeze(book["text"])
    missing = [title for title in post_titles().values() if squeeze(title) not in text]
    assert missing == []
    for topic in TOPICS:
        assert topic in text


def first_prose(post: str, length: int = 12) -> str:
    """The first run of Chinese prose of a post's first paragraph (its opening, as written)."""
    body = re.sub(r"(?s)^---.*?\n---", "", (REPO / "posts" / post).read_text(encoding="utf-8"))
    opening = next(block for block in body.split("\n\n") if block.strip() and not block.startswith(("#", "`", "$")))
    return re.findall(r"[\u4e00-\u9fff，、]{%d,}" % length, opening)[0][:length]


def test_chinese_prose_and_chinese_captions(book):
    text = squeeze(book["text"])
    sentence = first_prose("self-supervised/what-is-self-supervised-learning.md")
    assert sentence in text
    assert "目录" in text and "第一章" in text and "参考文献" in text
    layout = book["text"]
    assert not re.search(r"^\s*(Contents|Bibliography|Index)\s*$", layout, re.M)
    assert not re.search(r"Chapter \d", layout)  # "North American Chapter of the ACL" is fine


def test_log_has_no_missing_characters_or_undefined_references(book):
    log = book["log"]
    assert "Missing character" not in log
    assert not re.search(r"Reference `[^']*' on page \d+ undefined", log)
    assert "There were undefined references" not in log
    assert "Citation" not in log or "undefined" not in log


def test_one_bibliography_without_duplicates_or_empty_headings(book):
    tex = book["tex"]
    labels = re.findall(r"\\bibitem\[([^\]]*)\]", tex)
    assert labels and len(labels) == len(set(labels))
    assert tex.count(r"\begin{sphinxthebibliography}") == 1
    assert not re.search(r"\\section\{参考文献\}", tex), "a post's empty bibliography heading is left"


def test_page_count_is_plausible(book):
    info = subprocess.run(["pdfinfo", str(book["dir"] / "ml-notes.pdf")], capture_output=True,
                          text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 3 * len(post_titles()) <= pages <= 40 * len(post_titles())


def test_html_only_content_stays_out(book):
    text = book["text"]
    assert "INCOMING TRANSMISSION" not in text and "LATEST UPDATES" not in text
    assert "sd-card" not in book["tex"]


def test_emoji_and_math_letters_in_text_are_typeset(tmp_path):
    """The book's fonts cover what posts may contain beyond Chinese and Latin (the site's
    conf.py on a one-page site)."""
    site = tmp_path / "site"
    site.mkdir()
    conf = (REPO / "conf.py").read_text(encoding="utf-8")
    (site / "conf.py").write_text(conf.replace('Path(__file__).parent / "_ext"', f'Path(r"{REPO}") / "_ext"'),
                                  encoding="utf-8")
    (site / "references.bib").write_text("", encoding="utf-8")
    (site / "index.md").write_text("# 字形\n\n```{toctree}\npage\n```\n", encoding="utf-8")
    (site / "page.md").write_text("# 字形测试\n\n提示 💡 书签 🔖 箭头 → 对勾 ✓，数学字母 𝑥 与 𝑧，"
                                  "公式 $\\int_0^1 x\\,dx$。\n", encoding="utf-8")
    outdir = tmp_path / "latex"
    process = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "latex", str(site), str(outdir)],
                             capture_output=True, text=True)
    assert process.returncode == 0, process.stderr
    subprocess.run(["make", "-C", str(outdir), "all-pdf", "LATEXMKOPTS=-interaction=nonstopmode -halt-on-error"],
                   capture_output=True, text=True)
    log = (outdir / "ml-notes.log").read_text(encoding="utf-8", errors="replace")
    assert (outdir / "ml-notes.pdf").exists(), log[-2000:]
    assert "Missing character" not in log
    fonts = subprocess.run(["pdffonts", str(outdir / "ml-notes.pdf")], capture_output=True, text=True).stdout
    assert "Symbola" in fonts  # the emoji and 𝑥 came from the fallback font, not dropped
