"""XeLaTeX reads and writes no file outside the book's folder and runs no command.

A post's formulas go into the book as TeX, and TeX can read any file it can name: a formula
``$\\input{/etc/passwd}$`` printed the file into the PDF, since TeX Live lets ``\\input`` and
``\\openin`` open any path by default. ``latexmkrc`` sets kpathsea's ``openin_any`` and
``openout_any`` to ``p`` (no parent folders, no absolute paths outside the output folder) and
``shell_escape`` to ``f`` (no ``\\write18`` commands, not even TeX Live's restricted list) for
every XeLaTeX run: ``make latexpdf`` (latexmk reads ``latexmkrc`` from its folder) and Read the
Docs (``latexmk -r latexmkrc``). Packages and fonts are still found through kpathsea and
fontconfig; such a formula fails with "Not reading from …" in the log, and nothing is read.

Relies on: kpathsea reading those variables from the environment; Sphinx's LaTeX builder writing
``latexmkrc`` before ``build-finished``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CONFINE = ("\n# pdf_book/confined_tex.py: a post's formulas are TeX; no file outside this folder is read\n"
           "# or written, and no command is run\n"
           "$ENV{'openin_any'} = 'p';\n$ENV{'openout_any'} = 'p';\n$ENV{'shell_escape'} = 'f';\n")


def confine(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "latex":
        return
    latexmkrc = Path(app.outdir, "latexmkrc")
    text = latexmkrc.read_text(encoding="utf-8") if latexmkrc.is_file() else ""
    if CONFINE not in text:
        latexmkrc.write_text(text + CONFINE, encoding="utf-8")


def setup_confined_tex(app: Sphinx) -> None:
    app.connect("build-finished", confine)
