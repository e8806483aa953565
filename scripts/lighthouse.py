"""Lighthouse on each page type of the built site, served gzip-compressed as a host would.

    python scripts/lighthouse.py [--site _build/html] [--lighthouse path/to/lighthouse-cli] [--runs 2]

Runs npm ``lighthouse@12.2.3`` (mobile preset: slow 4G, 4x CPU slowdown) on the home page, a
post (the one with the most formulas), a topic page, a tag page, the tag index, the archive,
the search page and the 404 page, keeps the best of ``--runs`` runs per page and prints a
Markdown table: performance, LCP, TBT, CLS, bytes transferred, and the other three scores,
with the machine's load average before and after. Chromium is ``$CHROME_PATH`` (default /usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

COMPRESSED = (".html", ".js", ".css", ".svg", ".json", ".xml", ".txt", ".map")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the browser accepts it (as Read the Docs serves them)."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", "") \
                or path.suffix not in COMPRESSED:
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, *args) -> None:
        pass


def page_types(site: Path) -> dict[str, str]:
    """One page of each type; the post is the one with the most formulas."""
    posts = [p for p in site.glob("posts/*/*.html") if p.name != "index.html"]
    heaviest = max(posts, key=lambda p: p.read_text(encoding="utf-8").count("<mjx-container"))
    topic = sorted(site.glob("posts/*/index.html"))[0]
    tags = sorted(p for p in site.glob("tags/*.html") if p.name != "index.html")
    pages = {"home": "index.html", "post": heaviest.relative_to(site).as_posix(),
             "topic": topic.relative_to(site).as_posix(),
             "tag": tags[0].relative_to(site).as_posix() if tags else None,
             "tag index": "tags/index.html", "archive": "archive.html", "search": "search.html",
             "404": "404.html"}
    return {name: path for name, path in pages.items() if path and (site / path).exists()}


def run_lighthouse(command: list[str], url: str, chrome: str) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run([*command, url, "--quiet", "--output=json", f"--output-path={report}",
                        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                        "--only-categories=performance,accessibility,best-practices,seo"],
                       check=True, env={**os.environ, "CHROME_PATH": chrome})
        return json.loads(report.read_text(encoding="utf-8"))


def summary(report: dict) -> dict:
    audits, categories = report["audits"], report["categories"]
    return {"performance": categories["performance"]["score"],
            "lcp": audits["largest-contentful-paint"]["numericValue"],
            "tbt": audits["total-blocking-time"]["numericValue"],
            "cls": audits["cumulative-layout-shift"]["numericValue"],
            "bytes": audits["total-byte-weight"]["numericValue"],
            "accessibility": categories["accessibility"]["score"],
            "best-practices": categories["best-practices"]["score"],
            "seo": categories["seo"]["score"],
            "requests": [item["url"] for item in audits["network-requests"]["details"]["items"]]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("_build/html"))
    parser.add_argument("--lighthouse", default=None,
                        help="lighthouse CLI (default: _build/tools/node_modules/.bin/lighthouse, else npx)")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write every figure here")
    args = parser.parse_args()
    local = Path("_build/tools/node_modules/.bin/lighthouse")
    command = [args.lighthouse] if args.lighthouse else \
        [str(local)] if local.exists() else ["npx", "-y", "lighthouse@12.2.3"]
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    handler = functools.partial(GzipHandler, directory=str(args.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    results = {}
    load_before = os.getloadavg()[0]
    try:
        for name, path in page_types(args.site).items():
            runs = [summary(run_lighthouse(command, base + path, chrome)) for _ in range(args.runs)]
            results[name] = dict(max(runs, key=lambda r: r["performance"] or 0), path=path)
            print(f"{name}: {results[name]['performance']}", file=sys.stderr)
    finally:
        server.shutdown()
    print(f"Machine load (1-minute average) before / after: {load_before:.1f} / "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; Lighthouse scales the CPU time "
          "it observes, so a loaded machine scores lower.\n")
    print("| page | performance | LCP | TBT | CLS | transfer | a11y | best practices | SEO |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, r in results.items():
        print(f"| {name} (`{r['path']}`) | {r['performance']:.2f} | {r['lcp'] / 1000:.1f} s | "
              f"{r['tbt']:.0f} ms | {r['cls']:.3f} | {r['bytes'] / 1024:.0f} KiB | "
              f"{r['accessibility']:.2f} | {r['best-practices']:.2f} | {r['seo']:.2f} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
