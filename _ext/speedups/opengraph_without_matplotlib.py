"""sphinxext-opengraph loaded without importing matplotlib.

sphinxext-opengraph imports matplotlib and pyplot whenever they are installed, to draw social
cards. The site turns the cards off (``ogp_social_cards`` in conf.py), yet the import alone cost
about half a second of every build wherever matplotlib is present: the development environment,
where ``make figures`` needs it. We import opengraph once with matplotlib hidden, so it takes
its own "not installed" path (what Read the Docs, without matplotlib, does anyway); matplotlib
stays importable for everything else. List this extension before ``sphinxext.opengraph``.

Relies on: ``sphinxext.opengraph`` importing ``_social_cards`` inside ``try/except ImportError``
at import time and printing a line when it fails (which we keep off the console).
"""

from __future__ import annotations

import contextlib
import importlib
import io
import sys
from typing import TYPE_CHECKING

from build_state import note_shortcut

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("build_state")
    if "sphinxext.opengraph" not in sys.modules and "matplotlib" not in sys.modules:
        sys.modules["matplotlib"] = None  # "import matplotlib" now raises ImportError
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                importlib.import_module("sphinxext.opengraph")
        finally:
            del sys.modules["matplotlib"]
        note_shortcut(app, "opengraph_without_matplotlib")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
