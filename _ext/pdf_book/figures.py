"""The book's SVG figures converted to PDF once each, on every core.

Sphinx's ``ImageConverter`` (here sphinxcontrib-cairosvgconverter) converts an image once per
reference, one after the other, in the LaTeX build's single process; cairosvg is pure Python,
about 0.08 s of CPU per figure of ours, half of the LaTeX step (before XeLaTeX) at any size.
This converter runs just before it (priority 199): it collects the references it would convert,
converts each distinct file once, in a pool of one process per core, and then lets the usual
``handle`` update every node, so upstream's converter (200) finds nothing left to do. A figure
that fails here is left to upstream's converter, which reports the error as before.

Relies on: ``ImageConverter.match``, ``get_conversion_rule``, ``handle`` (which converts to
``imagedir / get_filename_for(env.images[src][1], mimetype)`` and calls ``convert``), and
sphinxcontrib-cairosvgconverter's ``CairoSVGConverter`` and its cairosvg calls. Off with
``-D pdf_book_parallel_figures=0``.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from build_state import note_shortcut
from docutils import nodes
from sphinx.transforms.post_transforms.images import get_filename_for
from sphinx.util.osutil import ensuredir
from sphinxcontrib.cairosvgconverter.cairosvgconverter import CairoSVGConverter

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def _convert(source: str, target: str) -> bool:
    """What CairoSVGConverter.convert does, in a worker process."""
    import cairosvg

    try:
        with open(source, "rb") as svg:
            if Path(target).suffix == ".png":
                cairosvg.svg2png(file_obj=svg, write_to=target)
            else:
                cairosvg.svg2pdf(file_obj=svg, write_to=target)
    except Exception:  # noqa: BLE001 - upstream's converter tries again and reports it
        return False
    return True


class ConvertFiguresOnce(CairoSVGConverter):
    default_priority = 199

    def apply(self, **kwargs: Any) -> None:
        if not self.config.pdf_book_parallel_figures:
            return
        references = [node for node in self.document.findall(nodes.image) if self.match(node)]
        jobs = dict.fromkeys(self.paths(node) for node in references)
        if not jobs:
            return
        ensuredir(self.imagedir)
        workers = min(len(jobs), os.cpu_count() or 1)
        if workers > 1:
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                results = list(pool.map(_convert, *zip(*jobs)))
        else:
            results = [_convert(*job) for job in jobs]
        self.converted = {target for (_, target), done in zip(jobs, results) if done}
        for node in references:
            self.handle(node)
        note_shortcut(self.app, "pdf_figures_converted", len(self.converted))
        note_shortcut(self.app, "pdf_figure_references", len(references))

    def paths(self, node: nodes.image) -> tuple[str, str]:
        """The source and target ``handle`` will use (the same computation)."""
        source_type, target_type = self.get_conversion_rule(node)
        source = node["candidates"].get(source_type) or node["candidates"]["*"]
        target = self.imagedir / get_filename_for(self.env.images[source][1], target_type)
        return str(self.env.srcdir / source), str(target)

    def convert(self, _from: str | os.PathLike[str], _to: str | os.PathLike[str]) -> bool:
        if str(_to) in self.__dict__.get("converted", ()):
            return True
        return super().convert(_from, _to)


def setup_figures(app: Sphinx) -> None:
    app.setup_extension("build_state")
    app.add_config_value("pdf_book_parallel_figures", True, "", types=frozenset({bool}))
    app.add_post_transform(ConvertFiguresOnce)
