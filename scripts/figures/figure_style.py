"""The one shared matplotlib style for the post figures. In ``scripts/figures/<slug>.py``, run from
the repo root as ``python scripts/figures/<slug>.py`` (its folder is on ``sys.path``)::

    from figure_style import BLUE, ORANGE, new_figure, save
    fig, ax = new_figure()                      # or new_figure(ncols=2, height=3.0)
    ax.plot(x, y, color=BLUE, label="中文图例")
    save(fig, "posts/<topic>/img/<slug>-<what>.svg")   # relative to the repo root

White card, Okabe-Ito colours, text as outlines (no font needed by browser or cairosvg), same bytes
on every run; ``FIGURES_OUT_DIR=dir`` makes ``save`` write under ``dir``. Mathtext (``$...$``) has no
CJK glyphs: keep Chinese out of ``$...$`` (or use Unicode: σ, f′(x), tₙ); ``save`` refuses boxes.
"""
import logging
import os
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display; also identical output on every machine
import matplotlib.pyplot as plt  # noqa: E402  (after the backend choice)
from cycler import cycler  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[2]
OUT_DIR_ENV = "FIGURES_OUT_DIR"

# Okabe & Ito's colour-blind-safe palette (yellow left out: it vanishes on white).
BLUE = "#0072B2"
ORANGE = "#E69F00"
GREEN = "#009E73"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
SKY = "#56B4E9"
PALETTE = (BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY)
# Greys for text, axes and secondary marks; light fills for boxes and bands.
INK = "#222222"
GREY = "#6b6b6b"
LIGHT_GREY = "#d9d9d9"
BACKGROUND = "#ffffff"

# 7 in at 72 pt/in is 504 pt, which browsers show as 672 px: just inside a 700 px column.
WIDTH = 7.0
HEIGHT = 3.4

STYLE = {
    # DejaVu Sans for Latin and math; matplotlib falls back glyph by glyph to Noto for CJK.
    "font.family": ["DejaVu Sans", "Noto Sans CJK SC"],
    "mathtext.fontset": "dejavusans",
    "axes.unicode_minus": True,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "legend.fontsize": 9,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "text.color": INK,
    "axes.labelcolor": INK,
    "axes.edgecolor": GREY,
    "xtick.color": GREY,
    "ytick.color": GREY,
    "xtick.labelcolor": INK,
    "ytick.labelcolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": LIGHT_GREY,
    "grid.linewidth": 0.6,
    "axes.axisbelow": True,
    "axes.prop_cycle": cycler(color=PALETTE),
    "lines.linewidth": 2.0,
    "legend.frameon": False,
    "figure.figsize": (WIDTH, HEIGHT),
    "figure.facecolor": BACKGROUND,
    "axes.facecolor": BACKGROUND,
    "savefig.facecolor": BACKGROUND,
    "savefig.transparent": False,
    # Outlines, not <text>: the reader's fonts and cairosvg's font lookup do not matter.
    "svg.fonttype": "path",
    # Fixed ids for clip paths and markers, so two runs write the same bytes.
    "svg.hashsalt": "ml-notes-figures",
    "path.simplify": True,
}
matplotlib.rcParams.update(STYLE)

# No date and no matplotlib version in the file: a re-run or an upgrade alone changes nothing.
SVG_METADATA = {"Date": None, "Creator": "Matplotlib, https://matplotlib.org/"}


def new_figure(nrows=1, ncols=1, width=WIDTH, height=HEIGHT, **subplots_kw):
    """A figure in the shared style with constrained layout; returns ``(fig, axes)`` like ``plt.subplots``."""
    subplots_kw.setdefault("layout", "constrained")
    return plt.subplots(nrows, ncols, figsize=(width, height), **subplots_kw)


def output_path(relative):
    """Where ``save`` writes ``relative`` (a path from the repo root, e.g. ``posts/llm/img/x.svg``)."""
    relative = Path(relative)
    if relative.is_absolute() or relative.suffix != ".svg":
        raise ValueError(f"expected a relative path ending in .svg such as "
                         f"'posts/<topic>/img/<slug>-<what>.svg', got {str(relative)!r}")
    root = Path(os.environ.get(OUT_DIR_ENV) or REPO_ROOT)
    return root / relative


class MissingGlyphError(RuntimeError):
    """A character of the figure is in none of the fonts (it would be drawn as a box)."""


class _GlyphLog(logging.Handler):
    # mathtext reports a missing glyph through logging, plain text through warnings.
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        if "does not have a glyph" in record.getMessage():
            self.messages.append(record.getMessage())


def save(fig, relative):
    """Write ``fig`` as a reproducible SVG to ``relative`` under the repo root (or ``$FIGURES_OUT_DIR``)."""
    path = output_path(relative)
    path.parent.mkdir(parents=True, exist_ok=True)
    glyph_log = _GlyphLog()
    mathtext_log = logging.getLogger("matplotlib.mathtext")
    mathtext_log.addHandler(glyph_log)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig.savefig(path, format="svg", metadata=SVG_METADATA, bbox_inches="tight", pad_inches=0.12)
    finally:
        mathtext_log.removeHandler(glyph_log)
        plt.close(fig)
    missing = glyph_log.messages + [str(w.message) for w in caught if "missing from font" in str(w.message)]
    if missing:
        path.unlink()
        raise MissingGlyphError(f"{relative}: characters without a glyph (Chinese inside $...$ "
                                f"is typeset by mathtext, which has no CJK font):\n  "
                                + "\n  ".join(dict.fromkeys(missing)))
    for w in caught:  # let other warnings through as usual
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    print("wrote", path)
    return path
