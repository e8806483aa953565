"""Docutils settings worked out once per build, not once per page.

To get a page's settings, Sphinx builds a docutils ``OptionParser`` for every page it reads:
hundreds of option objects, and a look for ``docutils.conf`` files on disk. Only the default
values are read from it, and they are the same for every page. MyST makes one more per page
only to build a throwaway document (``options.get("document", make_document())`` evaluates its
default). Together that was 4-5 % of a full build. We keep the values per set of inputs and hand
out a shallow copy, which is what ``OptionParser.get_default_values()`` returns each time.

The functions are swapped in when a build starts (``builder-inited``) with an empty memo, so a
changed ``docutils.conf`` is read by the next build, and swapped back when it ends.

Relies on: ``sphinx.util.docutils._get_settings(*components, defaults, read_config_files)``,
looked up as a module global by ``_parse_str_to_doctree``; ``make_document(source_path,
parser_cls)`` in ``myst_parser.mdit_to_docutils.base``, looked up there as a module global.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

import myst_parser.mdit_to_docutils.base as myst_base
import sphinx.util.docutils as sphinx_docutils
from build_state import note_shortcut
from docutils.utils import new_document

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

_made: dict[tuple, Any] = {}
_served = 0
_sphinx_get_settings = sphinx_docutils._get_settings
_myst_make_document = myst_base.make_document


def _frozen(value: Any) -> Any:
    """A hashable stand-in that changes when the value does (objects by identity)."""
    if isinstance(value, (list, tuple)):
        return ("seq", tuple(_frozen(item) for item in value))
    if isinstance(value, dict):
        return ("map", tuple(sorted((str(key), _frozen(item)) for key, item in value.items())))
    try:
        hash(value)
    except TypeError:
        return ("id", id(value))
    return value


def _component(component) -> tuple:
    """Sphinx passes a new parser object per page: what its settings come from is its class and
    the option tables it offers (class attributes, so compared by identity)."""
    kind = component if isinstance(component, type) else type(component)
    return (kind, id(getattr(component, "settings_spec", None)),
            id(getattr(component, "settings_defaults", None)), getattr(component, "config_section", None))


def _remembered(key: tuple, make) -> Any:
    global _served
    if key not in _made:
        _made[key] = make()
    else:
        _served += 1
    return copy.copy(_made[key])


def get_settings(*components, defaults, read_config_files=False):
    key = ("sphinx", tuple(map(_component, components)), _frozen(dict(defaults)), read_config_files)
    return _remembered(key, lambda: _sphinx_get_settings(*components, defaults=defaults,
                                                           read_config_files=read_config_files))


def make_document(source_path="notset", parser_cls=myst_base.RSTParser):
    settings = _remembered(("myst", parser_cls), lambda: myst_base.get_default_settings(parser_cls))
    return new_document(source_path, settings=settings)


def start_build(app: Sphinx) -> None:
    global _served
    _made.clear()
    _served = 0
    sphinx_docutils._get_settings = get_settings
    myst_base.make_document = make_document


def end_build(app: Sphinx, exception: Exception | None) -> None:
    sphinx_docutils._get_settings = _sphinx_get_settings
    myst_base.make_document = _myst_make_document
    _made.clear()
    if _served:
        note_shortcut(app, "settings_cache", _served)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("build_state")
    app.connect("builder-inited", start_build)
    app.connect("build-finished", end_build, priority=100)  # before build_state saves its report
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
