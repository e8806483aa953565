"""Typeset formulas kept between builds, keyed by content hash (``build_state`` store "math",
a pickle: it holds every formula's SVG, megabytes read by every build).

A value is ``{"html": ...}`` or ``{"error": ...}``; glyph outlines live in the same store under
``glyph:<id>``, so a formula and the glyphs it points to are saved (or cleared) together.
Missing formulas are typeset in one batch: one Node process however many there are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sphinx.util import logging

from build_state import store

from . import formulas, renderer

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)
GLYPH = "glyph:"


class FormulaCache:
    def __init__(self, app: Sphinx) -> None:
        self.store = store(app, "math", binary=True)
        mathjax_config = app.config.mathjax3_config or {}
        self.macros = dict((mathjax_config.get("tex") or {}).get("macros") or {})
        self.version = renderer.version()
        self.missing_renderer: str | None = None
        self.worker: renderer.Worker | None = None
        self.pending: set[str] = set()
        self.keys: dict[formulas.Formula, str] = {}

    def key(self, formula: formulas.Formula) -> str:
        key = self.keys.get(formula)  # a page's formulas are looked up several times per build
        if key is None:
            key = self.keys[formula] = formulas.key(formula, self.macros, self.version)
        return key

    def get(self, formula: formulas.Formula) -> renderer.Rendered | None:
        value = self.store.get(self.key(formula))
        if value is None:
            return None
        return renderer.Rendered(value.get("html"), value.get("error"))

    def glyph(self, glyph_id: str) -> str | None:
        return self.store.get(GLYPH + glyph_id)

    def send(self, wanted: Iterable[formulas.Formula]) -> None:
        """Start typesetting those of ``wanted`` that are not cached (the answers come later)."""
        for formula in wanted:
            key = self.key(formula)
            if key in self.store or key in self.pending or self.missing_renderer:
                continue
            if self.worker is None:
                try:
                    self.worker = renderer.Worker(self.macros)
                except renderer.RendererMissing as error:
                    self.missing_renderer = str(error)
                    logger.warning(f"formulas are shown as TeX: {error}", type="build_time_math",
                                   subtype="renderer")
                    return
            self.pending.add(key)
            self.worker.send(formula)

    def collect(self) -> int:
        """Wait for the formulas sent and cache them; returns how many there were."""
        if self.worker is None:
            return 0
        worker, self.worker = self.worker, None
        self.pending.clear()
        results, glyphs = worker.finish()
        for formula, result in results:
            value = {"html": result.html} if result.error is None else {"error": result.error}
            self.store.remember(self.key(formula), value)
        for glyph_id, path in glyphs.items():
            self.store.remember(GLYPH + glyph_id, path)
        return len(results)

    def ensure(self, wanted: Iterable[formulas.Formula]) -> int:
        """Typeset those of ``wanted`` not cached yet, in one batch; returns how many."""
        self.send(wanted)
        return self.collect()

    def keep_only(self, formulas_in_use: Iterable[formulas.Formula]) -> None:
        """After a build that read every page: drop formulas no page has any more."""
        keys = {self.key(f) for f in formulas_in_use}
        glyph_ids: set[str] = set()
        for k in keys:
            html = (self.store.get(k) or {}).get("html") or ""
            glyph_ids.update(GLYPH + g for g in glyph_refs(html))
        self.store.keep_only(keys | glyph_ids)


def glyph_refs(html: str) -> set[str]:
    return set(re.findall(r'href="#(MJX-TEX-[^"]+)"', html))


def formula_cache(app: Sphinx) -> FormulaCache:
    if "_build_time_math_cache" not in app.__dict__:
        app._build_time_math_cache = FormulaCache(app)
    return app._build_time_math_cache


def forget(app: Sphinx, exception: Exception | None) -> None:
    """The store belongs to one build (build_state drops it when the build ends)."""
    app.__dict__.pop("_build_time_math_cache", None)
