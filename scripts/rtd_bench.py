"""`make bench BENCH_MODE=rtd REAL="1 4 8"`: what a Read the Docs build of this site costs, by size.

For each k it copies the site's real posts k times (``bench.make_ours``: unique slugs, figures
along) and runs the steps Read the Docs runs for this project (.readthedocs.yaml: html, then the
formats htmlzip, pdf and epub, in that order, every Sphinx step sharing ``-d _build/doctrees``):

- ``html``: ``sphinx-build -T -b html -d _build/doctrees -D language=zh_CN . out/html``
- ``htmlzip``: the same with ``-b singlehtml``, then zipped
- ``latex``: the same with ``-b latex``
- ``pdf``: in the latex folder, ``latexmk -r latexmkrc -pdf -f -dvi- -ps- -jobname=ml-notes
  -interaction=nonstopmode`` (XeLaTeX: Sphinx's latexmkrc sets ``$pdflatex`` to xelatex)
- ``epub``: ``-b epub``

(Read the Docs adds ``-W --keep-going`` for ``fail_on_warning``; here warnings are counted
instead, so one copied post's warning does not stop the measurement.) Each step: wall seconds,
CPU seconds (the step's processes and their children), peak memory (the largest process), and
for the PDF its pages and the number of XeLaTeX passes. Then a least-squares line
``seconds = fixed + per_post × posts`` per step, its value at 1,000 posts, and the per-post
cost's ratio between the largest and the smallest tree (1.0 = flat).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench

TARGET_POSTS = 1000
RTD_LIMIT_SECONDS = 15 * 60
SPHINX_STEPS = (("html", "html"), ("htmlzip", "singlehtml"), ("latex", "latex"))
LATEXMK = ["latexmk", "-r", "latexmkrc", "-pdf", "-f", "-dvi-", "-ps-", "-jobname=ml-notes",
           "-interaction=nonstopmode"]


def timed(command: list[str], cwd: Path) -> dict:
    """Wall and CPU seconds and peak memory of one command with all its children."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read().decode(errors="replace")
    _, status, usage = os.wait4(process.pid, 0)
    process.stdout.close()
    return {"seconds": round(time.perf_counter() - start, 2),
            "cpu": round(usage.ru_utime + usage.ru_stime, 2),
            "peak_mib": round(usage.ru_maxrss / 1024, 1),
            "status": os.waitstatus_to_exitcode(status), "output": output}


def sphinx(site: Path, builder: str, outdir: Path) -> dict:
    step = timed([sys.executable, "-m", "sphinx", "-T", "-b", builder, "-d", "_build/doctrees",
                  "-D", "language=zh_CN", ".", str(outdir)], site)
    step["warnings"] = sum("WARNING" in line or "ERROR" in line for line in step["output"].splitlines())
    return step


def measure_site(site: Path, out: Path) -> dict[str, dict]:
    steps: dict[str, dict] = {}
    for name, builder in SPHINX_STEPS:
        steps[name] = sphinx(site, builder, out / name)
    # the copies share the site's figures: pdf_book converts each distinct one once, so a site of
    # as many distinct posts (and figures) spends more here; the table says how many it converted
    shortcuts = json.loads((site / "_build" / "doctrees" / "build_state" / "shortcuts.json").read_text())
    steps["latex"]["figures"] = (shortcuts.get("pdf_figures_converted"), shortcuts.get("pdf_figure_references"))
    start = time.perf_counter()
    shutil.make_archive(str(out / "ml-notes-htmlzip"), "zip", out / "htmlzip")
    steps["htmlzip"]["seconds"] = round(steps["htmlzip"]["seconds"] + time.perf_counter() - start, 2)
    pdf = steps["pdf"] = timed(LATEXMK, out / "latex")
    pdf["passes"] = len(re.findall(r"^Run number \d+ of rule '(?:pdf|xe)latex'", pdf["output"], re.MULTILINE))
    info = subprocess.run(["pdfinfo", str(out / "latex" / "ml-notes.pdf")], capture_output=True, text=True, check=False)
    pdf["pages"] = int(m[1]) if (m := re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)) else 0
    steps["epub"] = sphinx(site, "epub", out / "epub")
    return steps


def fit(points: list[tuple[int, float]]) -> tuple[float, float]:
    """Least-squares ``fixed + per_post × posts`` (one point: no fixed part)."""
    if len(points) == 1:
        return 0.0, points[0][1] / points[0][0]
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / sum((x - mean_x) ** 2 for x, _ in points)
    return mean_y - slope * mean_x, slope


STEP_ORDER = ("html", "htmlzip", "latex", "pdf", "epub")


def report(results: dict[int, dict]) -> str:
    sizes = sorted(results)
    lines = ["| step | posts | wall s | CPU s | per-post wall s | peak MiB | warnings | notes |",
             "|---|---|---|---|---|---|---|---|"]
    for name in STEP_ORDER:
        for posts in sizes:
            step = results[posts]["steps"][name]
            notes = f"{step['pages']} pages, {step['passes']} XeLaTeX passes" if name == "pdf" else ""
            if name == "latex" and step.get("figures", (None,))[0] is not None:
                notes = "{} figures converted for {} references".format(*step["figures"])
            if step["status"] != 0:
                notes += f" exit {step['status']}"
            lines.append(f"| {name} | {posts} | {step['seconds']} | {step['cpu']} | "
                         f"{step['seconds'] / posts:.3f} | {step['peak_mib']} | "
                         f"{step.get('warnings', '')} | {notes} |")
    lines += ["", (f"| step | fixed s | per post s | at {TARGET_POSTS:,} posts s | CPU per post s | "
                   f"CPU at {TARGET_POSTS:,} posts s | per-post ratio {sizes[-1]} / {sizes[0]} posts (wall, CPU) |"),
              "|---|---|---|---|---|---|---|"]
    totals = {"seconds": 0.0, "cpu": 0.0}
    for name in STEP_ORDER:
        row = [name]
        ratios = []
        for measure in ("seconds", "cpu"):
            points = [(posts, results[posts]["steps"][name][measure]) for posts in sizes]
            fixed, per_post = fit(points)
            totals[measure] += fixed + per_post * TARGET_POSTS
            row += ([f"{fixed:.1f}"] if measure == "seconds" else []) + \
                [f"{per_post:.3f}", f"{fixed + per_post * TARGET_POSTS:.0f}"]
            ratios.append((points[-1][1] / points[-1][0]) / (points[0][1] / points[0][0]))
        row.append(f"{ratios[0]:.2f}, {ratios[1]:.2f}")
        lines.append("| " + " | ".join(row) + " |")
    for measure, label in (("seconds", "wall"), ("cpu", "CPU")):
        verdict = "inside" if totals[measure] <= RTD_LIMIT_SECONDS else "over"
        lines.append(f"\nall steps at {TARGET_POSTS:,} posts, {label} time (least-squares line through the "
                     f"sizes measured): {totals[measure]:.0f} s = {totals[measure] / 60:.1f} min, {verdict} "
                     f"the {RTD_LIMIT_SECONDS // 60}-minute limit (environment setup not included)")
    return "\n".join(lines)


def rtd_bench(copies: list[int], out: Path) -> dict[int, dict]:
    results: dict[int, dict] = {}
    for k in copies:
        with tempfile.TemporaryDirectory(prefix="rtd-bench-") as scratch:
            site, posts = bench.make_ours(Path(scratch), 0, k)
            steps = measure_site(site, Path(scratch) / "out")
        results[len(posts)] = {"copies": k, "steps": steps}
        for step in steps.values():
            step.pop("output", None)
        print(f"k={k}: {len(posts)} posts: " + ", ".join(
            f"{name} {step['seconds']} s" for name, step in steps.items()), flush=True)
    table = report(results)
    print("\n" + table)
    target = out / f"rtd-bench-real{'-'.join(map(str, copies))}.json"
    target.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"figures written to {target}")
    return results


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--real", type=int, nargs="+", default=[1, 2, 4],
                        help="copies of the real posts, one tree each (default 1 2 4)")
    parser.add_argument("--out", type=Path, default=bench.REPO / "_build" / "bench")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rtd_bench([k for k in args.real if k > 0] or [1, 2, 4], args.out)  # make's REAL defaults to 0
