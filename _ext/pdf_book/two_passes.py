"""Two XeLaTeX passes instead of three: the PDF's page labels no longer need a run of their own.

latexmk runs XeLaTeX until the ``.aux`` file stops changing. The second run adds the table of
contents (roman pages), which moves the physical page where the arabic pages start; the page
labels hyperref writes to the ``.aux`` (``\\HyPL@Entry``) and the LaTeX kernel's page count
(``\\@abspage@last``) change with it, so latexmk ran a third pass over the whole book (a third of
the PDF's time) that changed only the PDF's page-label dictionary. Chapter and reference page
numbers count from the first arabic page and were already right.

- ``pdfbookpagelabels.sty`` (loaded after hyperref) makes the XeTeX driver put the page labels
  of the current run into the PDF instead of the previous run's (see the file);
- ``latexmkrc`` gets ``$hash_calc_ignore_pattern{'aux'}`` for the ``\\@abspage@last`` line.
  Only the ``shipout/lastpage`` hook reads that value, and when that hook has something to do on
  a page count that moved, the kernel itself logs "Rerun to correct this", which latexmk obeys.

The PDF is byte for byte the one of three passes (``tests/test_pdf_passes.py``, with
``SOURCE_DATE_EPOCH`` so that dates and font subset tags are fixed). Both latexmk commands get
it: ``make latexpdf`` (latexmk reads ``latexmkrc`` from its folder) and Read the Docs
(``latexmk -r latexmkrc``).

Relies on: hyperref's XeTeX driver internals named in the ``.sty`` (without them it does
nothing and latexmk runs three passes, as before); the ``\\gdef \\@abspage@last{N}`` line the
LaTeX kernel writes to the ``.aux``; latexmk's ``%hash_calc_ignore_pattern``; Sphinx's LaTeX
builder writing ``latexmkrc`` before ``build-finished``. ``-D pdf_book_two_passes=0`` turns it off.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from build_state import note_shortcut

if TYPE_CHECKING:
    from sphinx.application import Sphinx

PACKAGE = "pdfbookpagelabels"
# A Perl line of latexmkrc: lines of the .aux matching the pattern do not count as a change.
IGNORE_PAGE_COUNT = (
    "\n# pdf_book/two_passes.py: the page count alone does not call for another XeLaTeX pass\n"
    r"$hash_calc_ignore_pattern{'aux'} = '^\\\\gdef\s*\\\\\@abspage\@last\{';" "\n")


def applies(app: Sphinx) -> bool:
    return (app.builder.name == "latex" and app.config.latex_engine == "xelatex"
            and bool(app.config.pdf_book_two_passes))


def add_package(app: Sphinx) -> None:
    if applies(app):
        app.add_latex_package(PACKAGE, after_hyperref=True)


def install(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not applies(app):
        return
    outdir = Path(app.outdir)
    shutil.copyfile(Path(__file__).with_name(f"{PACKAGE}.sty"), outdir / f"{PACKAGE}.sty")
    latexmkrc = outdir / "latexmkrc"  # Sphinx writes it; without it latexmk is not run for us
    text = latexmkrc.read_text(encoding="utf-8") if latexmkrc.is_file() else ""
    if IGNORE_PAGE_COUNT not in text:
        latexmkrc.write_text(text + IGNORE_PAGE_COUNT, encoding="utf-8")
    note_shortcut(app, "pdf_two_passes")


def setup_two_passes(app: Sphinx) -> None:
    app.setup_extension("build_state")
    app.add_config_value("pdf_book_two_passes", True, "", types=frozenset({bool}))
    app.connect("builder-inited", add_package)
    app.connect("build-finished", install)
