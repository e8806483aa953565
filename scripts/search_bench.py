"""`make bench BENCH_MODE=search POSTS="0 1000"` (`scripts/bench.py --search`): what search costs readers.

Two sites: the real one (42 posts) and the real one plus N generated posts of realistic Chinese
text (a character Markov chain of order 2 trained on our posts, with headings, terms and Latin
words in the proportions of the posts). For each, our sharded index and, if the ``pagefind``
package is installed (``pip install 'pagefind[extended]'``), Pagefind run on the same HTML. In
headless Chromium it measures:

- search data a post page downloads before the reader searches (gzip bytes);
- for each query of tests/test_search_site.py, on a cold cache: the search data fetched until the
  first five results and their snippets are there (gzip bytes, as a server would send them),
  and the time that took;
- recall@5 on the tuning and held-out parts of that query set (real site only);
- the time the index took to build (ours: sphinx-build's search step, measured as a full build
  with and without the sharded index; Pagefind: its post-build run).
"""

from __future__ import annotations

import gzip
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

OURS_QUERY = """async (q) => {
  const t0 = performance.now();
  const results = await chineseSearch(q);
  await Promise.all(results.slice(0, 5).map((r) => {
    const [url, , , file] = META.docs[r.page];
    return new Promise((resolve) => { const s = document.createElement('script');
      s.src = '_search/' + file; s.onload = resolve; document.head.append(s); });
  }));
  return {ms: performance.now() - t0, top: results.slice(0, 5).map((r) => META.docs[r.page][0])};
}"""
PAGEFIND_QUERY = """async (q) => {
  const t0 = performance.now();
  const pf = await import('/pagefind/pagefind.js');
  const search = await pf.search(q);
  const data = await Promise.all(search.results.slice(0, 5).map((r) => r.data()));
  return {ms: performance.now() - t0, top: data.map((d) => d.url)};
}"""


# -- realistic text ---------------------------------------------------------------------------
def train_markov(order: int = 2) -> dict[str, list[str]]:
    """Next-character lists after every ``order`` characters of our posts' prose."""
    chain: dict[str, list[str]] = {}
    for post in sorted(REPO.glob("posts/*/*.md")):
        text = post.read_text(encoding="utf-8")
        text = re.sub(r"^---.*?---", "", text, flags=re.S)
        text = re.sub(r"```.*?```|\$\$.*?\$\$", "", text, flags=re.S)
        text = re.sub(r"\$[^$\n]*\$|\{[^}\n]*\}`[^`]*`|^#[^\n]*$|\[[^\]\n]*\]\([^)\n]*\)", "", text, flags=re.M)
        text = re.sub(r"\s+|[<>|*_`#$\\\[\]{}~^=-]", "", text)  # prose only: no markup can form
        for i in range(len(text) - order):
            chain.setdefault(text[i:i + order], []).append(text[i + order])
    return chain


def markov_text(chain: dict[str, list[str]], rng: random.Random, length: int) -> str:
    state = rng.choice(list(chain))
    out = [state]
    for _ in range(length):
        options = chain.get(state)
        if not options:
            state = rng.choice(list(chain))
            out.append("。" + state)
            continue
        char = rng.choice(options)
        out.append(char)
        state = state[1:] + char
    return "".join(out)


def generated_post(chain, rng: random.Random, number: int) -> str:
    title = re.sub(f"[^{CJK}A-Za-z0-9]", "", markov_text(chain, rng, 14))[:16] or f"文章{number}"
    sections = []
    for section in range(rng.randint(3, 6)):
        heading = re.sub(f"[^{CJK}A-Za-z0-9]", "", markov_text(chain, rng, 10))[:10] or f"第{section}节"
        paragraphs = "\n\n".join(markov_text(chain, rng, rng.randint(150, 400)) for _ in range(rng.randint(2, 5)))
        sections.append(f"## {heading}\n\n{paragraphs}\n")
    day = f"2024-{1 + number % 12:02d}-{1 + number % 28:02d}"
    return f"---\ndate: {day}\n---\n\n# {title}\n\n{markov_text(chain, rng, 200)}\n\n" + "\n".join(sections)


def make_site(root: Path, extra_posts: int) -> Path:
    """A copy of the repository's site with ``extra_posts`` generated posts in a topic of their own."""
    site = root / f"site-{extra_posts}"
    ignore = shutil.ignore_patterns("_build", ".venv", ".git", "tests", "__pycache__", ".pytest_cache", "*.pdf")
    shutil.copytree(REPO, site, ignore=ignore)
    if extra_posts:
        chain = train_markov()
        rng = random.Random(16)
        folder = site / "posts" / "generated"
        folder.mkdir()
        slugs = []
        for number in range(extra_posts):
            slug = f"note-{number:04d}"
            (folder / f"{slug}.md").write_text(generated_post(chain, rng, number), encoding="utf-8")
            slugs.append(slug)
        (folder / "index.md").write_text("# 生成的笔记\n\n```{toctree}\n:hidden:\n\n" + "\n".join(slugs) + "\n```\n",
                                         encoding="utf-8")
        home = site / "index.md"
        home.write_text(re.sub(r"(```\{toctree\}[^`]*?)(\n```)", r"\1\nposts/generated/index\2",
                               home.read_text(encoding="utf-8"), count=1, flags=re.S), encoding="utf-8")
    return site


# -- measuring --------------------------------------------------------------------------------
def build(site: Path, outdir: Path) -> float:
    start = time.perf_counter()
    process = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", str(site), str(outdir)],
                             capture_output=True, text=True)
    if process.returncode != 0:
        raise SystemExit(f"build failed:\n{process.stderr[-3000:]}")
    return time.perf_counter() - start


def run_pagefind(outdir: Path) -> float | None:
    try:
        import pagefind  # noqa: F401
    except ImportError:
        return None
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(outdir), "--root-selector", "article.bd-article",
                    "--force-language", "zh-cn"], check=True, capture_output=True)
    return time.perf_counter() - start


def gzip_size(outdir: Path, url: str) -> int:
    path = outdir / unquote(urlparse(url).path).lstrip("/")
    return len(gzip.compress(path.read_bytes(), 6)) if path.is_file() else 0


def is_search_data(url: str) -> bool:
    return bool(re.search(r"/_search/|/pagefind/|searchindex\.js|searchtools\.js|language_data\.js", url))


def measure_engine(browser, url: str, outdir: Path, engine: str, queries: dict[str, list[str]]) -> dict:
    from test_search_site import HELD_OUT

    page_load = browser.new_page()
    fetched: list[str] = []
    page_load.on("request", lambda request: fetched.append(request.url))
    page_load.goto(f"{url}/posts/llm/tokenizer.html", wait_until="networkidle")
    on_load = sum(gzip_size(outdir, u) for u in fetched if is_search_data(u))
    page_load.close()

    per_query, latencies, hits = [], [], {"tuning": [], "held_out": []}
    for query, expected in queries.items():
        context = browser.new_context()  # a cold cache for every query
        page = context.new_page()
        fetched = []
        page.on("request", lambda request: fetched.append(request.url))
        page.goto(f"{url}/search.html" if engine == "ours" else f"{url}/index.html", wait_until="networkidle")
        result = page.evaluate(OURS_QUERY if engine == "ours" else PAGEFIND_QUERY, query)
        page.wait_for_load_state("networkidle")
        per_query.append(sum(gzip_size(outdir, u) for u in fetched if is_search_data(u)))
        latencies.append(result["ms"])
        found = {re.sub(r"^\.?/|\.html$", "", top).removeprefix("posts/") for top in result["top"]}
        hits["held_out" if query in HELD_OUT else "tuning"].append(bool(found & set(expected)))
        context.close()
    index_bytes = sum(len(gzip.compress(p.read_bytes(), 6)) for p in
                      (outdir / ("_search" if engine == "ours" else "pagefind")).rglob("*") if p.is_file())
    return {
        "index_gzip_kb": round(index_bytes / 1024),
        "page_load_search_kb": round(on_load / 1024, 1),
        "query_kb_median": round(statistics.median(per_query) / 1024, 1),
        "query_kb_max": round(max(per_query) / 1024, 1),
        "latency_ms_median": round(statistics.median(latencies)),
        "latency_ms_max": round(max(latencies)),
        "recall5_tuning": round(sum(hits["tuning"]) / max(1, len(hits["tuning"])), 3),
        "recall5_held_out": round(sum(hits["held_out"]) / max(1, len(hits["held_out"])), 3),
    }


def search_bench(extra_posts: list[int], out: Path) -> dict:
    """Our index and Pagefind on the real site and with generated posts; prints a table."""
    import tempfile

    from browser import chromium, serve
    from test_search_site import QUERIES

    results = {}
    with tempfile.TemporaryDirectory(prefix="search-bench-") as scratch, chromium() as browser:
        for count in extra_posts:  # 0: the real site alone
            site = make_site(Path(scratch), count)
            outdir = Path(scratch) / f"html-{count}"
            row = {"build_s": round(build(site, outdir), 1)}
            pagefind_s = run_pagefind(outdir)
            with serve(outdir) as url:
                row["ours"] = measure_engine(browser, url, outdir, "ours", QUERIES)
                if pagefind_s is not None:
                    row["pagefind"] = measure_engine(browser, url, outdir, "pagefind", QUERIES)
                    row["pagefind"]["index_build_s"] = round(pagefind_s, 1)
            results[count] = row
            print_search_table(count, row)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"search-bench-{'-'.join(map(str, extra_posts))}.json"
    target.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"figures written to {target}")
    return results


def print_search_table(count: int, row: dict) -> None:
    engines = [name for name in ("ours", "pagefind") if name in row]
    print(f"\nreal site + {count} generated posts (sphinx-build {row['build_s']} s)")
    print("| figure | " + " | ".join(engines) + " |")
    print("|---|" + "---|" * len(engines))
    for key in row["ours"]:
        print(f"| {key} | " + " | ".join(str(row[name].get(key, "")) for name in engines) + " |")
    if "pagefind" in row:
        print(f"| index_build_s | (in sphinx-build) | {row['pagefind']['index_build_s']} |")
