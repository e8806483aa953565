"""Serve MathJax from the site itself, so math renders offline and without a CDN.

The MathJax 3 files come from the ``sphinx-mathjax-offline`` package (installed by
requirements.txt). That package's own Sphinx hook copies all 24 MB on every build; we copy only
what ``tex-chtml.js`` loads, and only when the copy is missing or out of date.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.errors import ExtensionError

from build_time_math.renderer import RendererMissing, mathjax_dir
from post_catalog.outputs import is_ebook

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

ENTRY = "tex-chtml.js"
# tex-chtml.js is the combined bundle; these folders hold what it loads on demand
# (TeX extensions such as boldsymbol, the CHTML fonts, the context menu and accessibility).
FOLDERS = ("input/tex/extensions", "output/chtml/fonts/woff-v2", "ui", "a11y", "sre")


def package_mathjax_dir() -> Path:
    try:
        return mathjax_dir()
    except RendererMissing as missing:
        raise ExtensionError(str(missing)) from None


def use_local_mathjax(app: Sphinx, config) -> None:
    config.mathjax_path = f"mathjax/{ENTRY}"


def copy_mathjax(app: Sphinx) -> None:
    """Copied before any page is written: Sphinx stamps each page's links to static files with
    their checksum (``?v=``) only when the file is already in the output."""
    if app.builder.format != "html" or is_ebook(app.builder):  # e-readers run no MathJax
        return
    source = package_mathjax_dir()
    target = Path(app.outdir) / "_static" / "mathjax"
    if _up_to_date(source / ENTRY, target / ENTRY):
        return
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / ENTRY, target / ENTRY)
    for folder in FOLDERS:
        shutil.copytree(source / folder, target / folder, dirs_exist_ok=True)


def _up_to_date(source: Path, copy: Path) -> bool:
    return copy.exists() and copy.stat().st_size == source.stat().st_size \
        and all((copy.parent / folder).is_dir() for folder in FOLDERS)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("config-inited", use_local_mathjax)
    app.connect("builder-inited", copy_mathjax)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
