"""`make bench`: build speed of this site against a plain Sphinx + MyST + book-theme site.

Generates N synthetic posts (Chinese prose, math, code, front matter) into two scratch sites:
ours (a copy of this repository's configuration and extensions) and the baseline (the same
posts in a plain Sphinx + MyST + sphinx-book-theme zh_CN project). Measures, in one run, a full
build, a no-op rebuild, a rebuild after editing one post's body, a rebuild after changing one
post's date, and a full build with -j 2; the pages each incremental step rewrote; peak memory.
The machines are noisy, so the two sites take turns at every step and each step's best time
counts: incremental steps run --repeat times (a fresh change each time), full builds
--full-repeat times. Prints a table with ratios (ours / baseline) and writes the figures as JSON.

    python scripts/bench.py --posts 300            # default
    python scripts/bench.py --posts 100 1000 --no-baseline   # how our cost grows
    python scripts/bench.py --search --posts 0 1000  # search: bytes, latency, recall (search_bench.py)
    make bench BENCH_MODE=search POSTS="0 1000"    # the same through make
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TOPICS = ["generative", "self-supervised", "llm", "foundations", "vision", "rl", "classic-ml", "systems"]
TAGS = ["生成模型", "自监督学习", "大语言模型", "优化器", "卷积网络", "强化学习", "集成学习", "系统",
        "注意力机制", "训练技巧", "评价指标", "概率模型"]
WORDS = ("模型 训练 梯度 参数 数据 分布 损失 优化 样本 特征 网络 结构 推导 公式 假设 结果 误差 概率 "
         "期望 方差 表示 学习 注意力 序列 向量 矩阵 采样 估计 收敛 稳定 计算 显存 批量 步长").split()
# Pages Sphinx and its extensions write on every build, whatever changed.
ALWAYS_WRITTEN = {"genindex.html", "search.html", "404.html"}


def prose(rng: random.Random, sentences: int) -> str:
    out = []
    for _ in range(sentences):
        words = "".join(rng.choice(WORDS) for _ in range(rng.randint(6, 12)))
        out.append(f"{words}，{''.join(rng.choice(WORDS) for _ in range(rng.randint(4, 9)))}。")
    return "".join(out)


def synthetic_post(index: int, rng: random.Random) -> str:
    day = dt.date(2023, 1, 1) + dt.timedelta(days=index * 997 % 1000)
    tags = ", ".join(rng.sample(TAGS, 2))
    sections = []
    for number in range(1, 4):
        sections.append(f"## 第 {number} 节\n\n{prose(rng, 8)}\n\n$$\n\\mathcal{{L}}_{number} = "
                        f"\\sum_{{i=1}}^{{n}} (y_i - f_\\theta(x_i))^2\n$$\n\n{prose(rng, 6)}"
                        f"行内公式 $\\alpha_{number} + \\beta$ 出现在这里。\n\n"
                        f"```python\ndef step_{number}(x):\n    return x * {number}\n```\n")
    return (f"---\ndate: {day.isoformat()}\ntags: [{tags}]\n---\n\n# 合成文章 {index:04d}\n\n"
            f"这篇合成文章用于测速，开头有公式 $p_\\theta(x)$。{prose(rng, 3)}\n\n" + "\n".join(sections))


def write_posts(site: Path, count: int, ours: bool, real: int = 0) -> list[Path]:
    rng = random.Random(20251123)
    by_topic: dict[str, list[str]] = {topic: [] for topic in TOPICS}
    real_posts = copy_real_posts(site, real, by_topic)
    posts = []
    for index in range(count):
        topic = TOPICS[index % len(TOPICS)]
        slug = f"post-{index:04d}"
        path = site / "posts" / topic / f"{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(synthetic_post(index, rng), encoding="utf-8")
        by_topic[topic].append(slug)
        posts.append(path)
    for topic, slugs in by_topic.items():
        grid = f"```{{latest-updates}}\n:topic: {topic}\n:limit: 100\n```\n\n" if ours else ""
        (site / "posts" / topic / "index.md").write_text(
            f"# {topic}\n\n{grid}```{{toctree}}\n:hidden:\n\n" + "\n".join(slugs) + "\n```\n",
            encoding="utf-8")
    return real_posts or posts  # the incremental steps edit real posts when there are some


def copy_real_posts(site: Path, copies: int, by_topic: dict[str, list[str]]) -> list[Path]:
    """The site's posts ``copies`` times: the first copy under its own slug, the others as
    ``<slug>-copy-N`` (figures travel along; links between posts reach the first copy)."""
    posts = []
    for copy in range(copies):
        for source in sorted((REPO / "posts").glob("*/*.md")):
            if source.name == "index.md" or source.parent.name not in by_topic:
                continue
            topic = source.parent.name
            slug = source.stem if copy == 0 else f"{source.stem}-copy-{copy}"
            target = site / "posts" / topic / f"{slug}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
            by_topic[topic].append(slug)
            posts.append(target)
    if copies:
        for images in (REPO / "posts").glob("*/img"):
            shutil.copytree(images, site / "posts" / images.parent.name / "img", dirs_exist_ok=True)
    return posts


def make_ours(root: Path, count: int, real: int = 0) -> tuple[Path, list[Path]]:
    site = root / "ours"
    site.mkdir()
    for name in ("conf.py", "index.md", "references.bib"):
        shutil.copy2(REPO / name, site / name)
    for folder in ("_ext", "_static", "_templates"):
        shutil.copytree(REPO / folder, site / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return site, write_posts(site, count, ours=True, real=real)


STOCK_CONF = """project = "baseline"
language = "zh_CN"
extensions = ["myst_parser", "sphinx_design", "sphinxcontrib.bibtex"]
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist", "attrs_block",
                          "attrs_inline"]
myst_heading_anchors = 3
bibtex_bibfiles = ["references.bib"]
bibtex_reference_style = "author_year"
suppress_warnings = ["bibtex.duplicate_citation"]
html_theme = "sphinx_book_theme"
exclude_patterns = ["_build"]
"""


def make_baseline(root: Path, count: int, real: int = 0) -> tuple[Path, list[Path]]:
    site = root / "baseline"
    site.mkdir()
    shutil.copy2(REPO / "references.bib", site / "references.bib")
    (site / "conf.py").write_text(STOCK_CONF, encoding="utf-8")
    (site / "index.md").write_text(
        "# 首页\n\n```{toctree}\n:hidden:\n\n" + "\n".join(f"posts/{t}/index" for t in TOPICS) + "\n```\n",
        encoding="utf-8")
    return site, write_posts(site, count, ours=False, real=real)


def run(site: Path, outdir: Path, *extra: str) -> tuple[float, int]:
    """Seconds and peak memory (KiB) of one sphinx-build."""
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", *extra, str(site), str(outdir)]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    stderr = process.stderr.read().decode()
    process.stderr.close()
    if status != 0:
        raise SystemExit(f"build of {site.name} failed:\n{stderr[-2000:]}")
    return seconds, usage.ru_maxrss


def rewritten(outdir: Path, since: float) -> int:
    return sum(1 for page in outdir.rglob("*.html")
               if page.stat().st_mtime >= since and page.relative_to(outdir).as_posix() not in ALWAYS_WRITTEN)


def append_sentence(post: Path, number: int) -> None:
    post.write_text(post.read_text(encoding="utf-8") + f"\n补充第 {number} 句正文。\n", encoding="utf-8")


def new_date(post: Path, number: int) -> None:
    post.write_text(re.sub(r"^date: .*$", f"date: 2025-12-{number + 10}", post.read_text(encoding="utf-8"),
                           count=1, flags=re.M), encoding="utf-8")


# Incremental steps: a change to make before each rebuild (given the posts and the attempt).
CHANGES = {
    "noop": lambda posts, n: None,
    "edit_body": lambda posts, n: append_sentence(posts[len(posts) // 2], n),
    "change_date": lambda posts, n: new_date(posts[len(posts) // 3 + n], n),
}


def measure(sites: dict[str, tuple[Path, list[Path]]], repeat: int, full_repeat: int) -> dict[str, dict]:
    """Every step for every site, the sites taking turns so a slow spell of the machine hits
    both; each step's best time counts, and the most pages any of its rebuilds wrote."""
    figures: dict[str, dict] = {name: {"peak_rss_mib": 0.0} for name in sites}

    def keep(name: str, step: str, seconds: float) -> None:
        figures[name][step] = round(min(seconds, figures[name].get(step, float("inf"))), 2)

    for attempt in range(full_repeat):
        for name, (site, _) in sites.items():
            shutil.rmtree(site / "_build" / "html", ignore_errors=True)
            seconds, rss = run(site, site / "_build" / "html")
            keep(name, "full", seconds)
            figures[name]["peak_rss_mib"] = max(figures[name]["peak_rss_mib"], round(rss / 1024, 1))
    for step, change in CHANGES.items():
        for attempt in range(repeat):
            time.sleep(1.1)  # file times have one-second resolution on some file systems
            for name, (site, posts) in sites.items():
                change(posts, attempt)
                since = time.time()
                seconds, _ = run(site, site / "_build" / "html")
                keep(name, step, seconds)
                pages = rewritten(site / "_build" / "html", since)
                figures[name][f"{step}_pages"] = max(pages, figures[name].get(f"{step}_pages", 0))
    for attempt in range(full_repeat):
        for name, (site, _) in sites.items():
            shutil.rmtree(site / "_build" / "html-j2", ignore_errors=True)
            keep(name, "full_j2", run(site, site / "_build" / "html-j2", "-j", "2")[0])
    return figures


STEPS = [("full", "full build"), ("noop", "no-op rebuild"), ("edit_body", "edit one post's body"),
         ("change_date", "change one post's date"), ("full_j2", "full build -j 2"),
         ("peak_rss_mib", "peak memory (MiB)")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, nargs="+", default=[300])
    parser.add_argument("--no-baseline", action="store_true", help="measure our site only")
    parser.add_argument("--real", type=int, default=int(os.environ.get("REAL", "0")),
                        help="also copy the site's real posts this many times (default 0)")
    parser.add_argument("--repeat", type=int, default=5,
                        help="rebuilds per incremental step; the best time counts (default 5)")
    parser.add_argument("--full-repeat", type=int, default=2,
                        help="full builds per site and -j setting; the best time counts (default 2)")
    parser.add_argument("--out", type=Path, default=REPO / "_build" / "bench")
    parser.add_argument("--search", action="store_true", default=os.environ.get("BENCH_MODE") == "search",
                        help="measure search instead of builds (scripts/search_bench.py)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.search:
        from search_bench import search_bench

        search_bench(args.posts, args.out)
        return 0
    results = {}
    for count in args.posts:
        with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
            root = Path(scratch)
            sites = {"ours": make_ours(root, count, args.real)}
            if not args.no_baseline:
                sites["baseline"] = make_baseline(root, count, args.real)
            row = measure(sites, args.repeat, args.full_repeat)
            results[count] = row
        print_table(count, row)
    if len(args.posts) > 1:
        low, high = min(args.posts), max(args.posts)
        per_post = {n: results[n]["ours"]["full"] / n for n in (low, high)}
        print(f"per-post full-build cost: {per_post[low]:.3f} s at {low} posts, "
              f"{per_post[high]:.3f} s at {high} posts (ratio {per_post[high] / per_post[low]:.2f})")
    real = f"-real{args.real}" if args.real else ""
    target = args.out / f"bench-{'-'.join(map(str, args.posts))}{real}.json"
    target.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"figures written to {target}")
    return 0


def print_table(count: int, row: dict) -> None:
    ours, baseline = row["ours"], row.get("baseline")
    print(f"\n{count} synthetic posts" + ("" if baseline else " (our site only)"))
    print(f"| step | ours | {'baseline | ratio | ' if baseline else ''}pages rewritten (ours{', baseline' if baseline else ''}) |")
    print(f"|---|---|{'---|---|' if baseline else ''}---|")
    for key, label in STEPS:
        pages = ours.get(f"{key}_pages", "")
        if baseline:
            ratio = ours[key] / baseline[key] if baseline[key] else float("nan")
            base_pages = baseline.get(f"{key}_pages", "")
            pages_text = f"{pages}, {base_pages}" if pages != "" else ""
            print(f"| {label} | {ours[key]} | {baseline[key]} | {ratio:.2f}× | {pages_text} |")
        else:
            print(f"| {label} | {ours[key]} | {pages} |")


if __name__ == "__main__":
    sys.exit(main())
