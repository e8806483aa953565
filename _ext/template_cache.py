"""Compiled Jinja templates kept between builds, beside the doctrees.

Sphinx compiles the theme's templates in every build; for a no-op rebuild that is a quarter of
the time. Jinja's own bytecode cache checks each template's source, so an edited template is
compiled again.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import FileSystemBytecodeCache

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def use_bytecode_cache(app: Sphinx) -> None:
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is not None and environment.bytecode_cache is None:
        folder = Path(app.doctreedir) / "jinja"
        folder.mkdir(parents=True, exist_ok=True)
        environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("builder-inited", use_bytecode_cache)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
