"""A post's formula cannot read a file outside the book into the PDF (pdf_book/confined_tex.py)."""

from __future__ import annotations

import subprocess

import pytest

# Read the Docs' command (as in test_pdf_shortcuts.py)
LATEXMK = ["latexmk", "-r", "latexmkrc", "-pdf", "-f", "-dvi-", "-ps-", "-jobname=book", "-interaction=nonstopmode"]


@pytest.mark.site
def test_a_formula_cannot_put_a_file_from_outside_into_the_pdf(make_app, copy_root, tmp_path):
    secret = tmp_path / "secret.tex"
    secret.write_text("SECRETTOKEN", encoding="utf-8")
    root = copy_root("pdf-citations")
    post = next((root / "posts").rglob("*.md"))
    post.write_text(post.read_text(encoding="utf-8") + f"\n读文件的公式 {{math}}`x \\input{{{secret}}}`。\n", encoding="utf-8")
    app = make_app("latex", srcdir=root, freshenv=True)
    app.build()
    assert "SECRETTOKEN" not in (app.outdir / "book.tex").read_text(encoding="utf-8")  # only the path
    latexmk = subprocess.run(LATEXMK, cwd=app.outdir, capture_output=True, text=True, check=False)
    log = (app.outdir / "book.log").read_text(encoding="utf-8", errors="replace")
    assert f"Not reading from {secret}" in latexmk.stdout + latexmk.stderr + log
    assert f"({secret})" not in log  # TeX logs each file it opens: unconfined, it opened this one
    assert (app.outdir / "book.pdf").is_file()  # the rest of the book is there
