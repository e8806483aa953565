"""Compiled Jinja templates kept between builds (in ``build_state``), and not checked on disk
at every use within a build.

Sphinx compiles the theme's templates in every build; for a no-op rebuild that is a quarter of
the time. Jinja's own bytecode cache checks each template's source, so an edited template is
compiled again, but not what else the compiled code depends on (Jinja's version, the template
environment's extensions and syntax): those name the cache's folder. A fresh environment
(``-E``) starts without the cache.

Within a build, Jinja asks the file system whether a template changed each time it is used (its
``auto_reload``): some 12,000 ``stat`` calls in a 342-post build, 1 % of it. Nothing edits the
theme's templates while Sphinx writes pages, so we turn that check off for the build (each build
makes a new template environment).

Relies on: Sphinx's template bridge exposing its Jinja ``environment`` once the builder is made
(``builder-inited``), and Jinja's ``FileSystemBytecodeCache`` (``load_bytecode``/``dump_bytecode``)
and ``Environment.auto_reload``.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import jinja2
from jinja2 import FileSystemBytecodeCache

from build_state import digest, folder, note_shortcut

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

CACHE_FOLDER = "jinja"
_SYNTAX = ("block_start_string", "block_end_string", "variable_start_string",
           "variable_end_string", "comment_start_string", "comment_end_string",
           "line_statement_prefix", "line_comment_prefix", "trim_blocks", "lstrip_blocks",
           "newline_sequence", "keep_trailing_newline", "optimized", "is_async")


class CountingBytecodeCache(FileSystemBytecodeCache):
    """Jinja's file cache, counting the templates it served compiled (the tests' proof)."""

    def __init__(self, app: Sphinx, directory: str) -> None:
        super().__init__(directory)
        self.app = app

    def load_bytecode(self, bucket) -> None:
        super().load_bytecode(bucket)
        if bucket.code is not None:
            note_shortcut(self.app, "template_cache")

    def dump_bytecode(self, bucket) -> None:
        super().dump_bytecode(bucket)
        note_shortcut(self.app, "template_cache_stored")


def compiler_settings(environment: jinja2.Environment) -> str:
    """A digest of what Jinja compiles a template with, besides its source."""
    autoescape = environment.autoescape
    state = (jinja2.__version__, sys.version, type(environment).__qualname__,
             sorted(environment.extensions),
             [getattr(environment, name, None) for name in _SYNTAX],
             autoescape if isinstance(autoescape, bool) else getattr(autoescape, "__qualname__", ""))
    return digest(state)[:16]


def use_bytecode_cache(app: Sphinx) -> None:
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is not None and environment.bytecode_cache is None:
        cache = folder(app, f"{CACHE_FOLDER}/{compiler_settings(environment)}")
        environment.bytecode_cache = CountingBytecodeCache(app, str(cache))
    if environment is not None and environment.auto_reload:
        environment.auto_reload = False
        note_shortcut(app, "templates_not_rechecked")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("build_state")
    app.connect("builder-inited", use_bytecode_cache)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
