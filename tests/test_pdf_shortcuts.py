"""pdf_book's shortcuts change nothing in the PDF: two XeLaTeX passes (``two_passes``) and the
figures converted once each, in parallel (``figures``), give the book of three passes and
upstream's one-by-one conversion, byte for byte.

Both books are built from the real site and compiled with Read the Docs' own latexmk command;
``SOURCE_DATE_EPOCH`` fixes what would otherwise differ between any two runs (dates, the
document ID, font subset tags).
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import zlib

import pytest
from build_state import shortcuts_report
from site_build import build, warnings_of

pytestmark = pytest.mark.site
# Read the Docs' command (readthedocs.org, the PDF step of its Sphinx builder)
LATEXMK = ["latexmk", "-r", "latexmkrc", "-pdf", "-f", "-dvi-", "-ps-", "-jobname=ml-notes",
           "-interaction=nonstopmode"]


def compile_book(outdir, *extra: str) -> dict:
    process = build("latex", outdir, *extra)
    assert process.returncode == 0 and not warnings_of(process), process.stderr
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", FORCE_SOURCE_DATE="1")
    latexmk = subprocess.run(LATEXMK, cwd=outdir, env=env, capture_output=True, text=True, check=False)
    assert (outdir / "ml-notes.pdf").is_file(), latexmk.stdout[-3000:]
    return {"dir": outdir, "pdf": (outdir / "ml-notes.pdf").read_bytes(),
            "passes": len(re.findall(r"^Run number \d+ of rule 'pdflatex'", latexmk.stdout, re.MULTILINE)),
            "log": (outdir / "ml-notes.log").read_text(encoding="utf-8", errors="replace"),
            "shortcuts": shortcuts_report(outdir / ".doctrees")}


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    root = tmp_path_factory.mktemp("passes")
    return {"two": compile_book(root / "two"),
            "three": compile_book(root / "three", "-D", "pdf_book_two_passes=0",
                                  "-D", "pdf_book_parallel_figures=0")}


def test_the_book_is_the_same_with_and_without_the_shortcuts(books):
    assert books["three"]["passes"] == 3
    assert books["two"]["passes"] == 2
    assert books["two"]["pdf"] == books["three"]["pdf"]


def test_the_pdf_has_its_page_labels(books):
    # the labels the shortcut moves: roman front matter, then arabic from the first chapter
    assert "pdfbookpagelabels: PDF page labels from this run" in books["two"]["log"]
    assert "pdfbookpagelabels" not in books["three"]["log"]
    starts = re.findall(rb"(\d+)<</S/([rD])>>", page_labels(books["two"]["pdf"]))
    assert [style for _, style in starts][-2:] == [b"r", b"D"]
    assert int(starts[-1][0]) > int(starts[-2][0]) > 0


def page_labels(pdf: bytes) -> bytes:
    """The /PageLabels number tree, found in the file or in its compressed object streams."""
    texts = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        with contextlib.suppress(zlib.error):
            texts.append(zlib.decompress(pdf[match.end():pdf.find(b"endstream", match.end())]))
    found = [m[1] for text in texts for m in re.finditer(rb"/PageLabels\s*<<\s*/Nums\s*\[(.*?)\]", text, re.DOTALL)]
    assert len(found) == 1, found
    return found[0]


def test_the_shortcut_reports_that_it_ran(books):
    assert books["two"]["shortcuts"].get("pdf_two_passes", 0) > 0
    assert "pdf_two_passes" not in books["three"]["shortcuts"]


def test_each_figure_converted_once_as_upstream_converts_it(books):
    figures = {path.name: path for path in books["three"]["dir"].glob("*.pdf") if path.stem != "ml-notes"}
    assert figures  # the site has SVG figures
    ours = {path.name: path for path in books["two"]["dir"].glob("*.pdf") if path.stem != "ml-notes"}
    assert ours.keys() == figures.keys()
    for name, path in figures.items():  # cairo dates each file; nothing else may differ
        assert undated(ours[name].read_bytes()) == undated(path.read_bytes()), name
    assert books["two"]["shortcuts"]["pdf_figures_converted"] == len(figures)
    assert books["two"]["shortcuts"]["pdf_figure_references"] >= len(figures)
    assert "pdf_figures_converted" not in books["three"]["shortcuts"]


def undated(pdf: bytes) -> bytes:
    return re.sub(rb"/CreationDate \(D:\d+Z?\)", b"", pdf)
