"""build_state: the one home for what our extensions remember between builds.

Sphinx keeps documents in its environment pickle; what our extensions derive from them (the
digest of a listing page, a rendered formula, a feed entry) lives here instead, in small JSON
stores beside the doctrees (``<doctreedir>/build_state/<name>.json``)::

    from build_state import digest, store

    shown = store(app, "grid_plans")         # a dict, loaded once per build
    if shown.remember(docname, digest(plan)):   # True when the value changed
        ...

- ``store(app, name, binary=True)`` keeps a large store (typeset formulas, page texts) as a
  pickle (``<name>.pickle``): loading 4 MB of JSON full of escaped SVG took ~15 ms per build,
  the pickle ~2 ms. Only plain data goes in; the folder is as trusted as Sphinx's own pickles.
- ``folder(app, name)`` is a folder for caches that are files (compiled templates, a sidebar).
- ``digest(obj)`` is a stable SHA-256 of any nest of dicts, lists, sets, dataclasses and
  scalars: the same in every run (sets and dicts are sorted), so it can key caches on disk.
- Stores are written once, when the build finishes, and only if something changed; a fresh
  environment (``-E``, or an env-version bump) starts every store empty, so ``-E`` clears every
  cache we keep.
- ``note_shortcut(app, name)`` counts what a speed shortcut did; the tests read the report.
- Writes happen in the main process only. Values remembered in forked ``-j`` writer processes
  are lost with them: a store is a cache of what can be recomputed, never the only copy.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

FOLDER = "build_state"


def digest(obj: Any) -> str:
    return hashlib.sha256(_stable(obj).encode()).hexdigest()


_SCALARS = frozenset({str, int, float, bool, type(None), bytes})
_FIELDS: dict[type, tuple[str, ...]] = {}


def _stable(value: Any, in_dataclass: bool = False) -> str:
    """repr() that is the same in every run (sets are ordered by hash, which varies per run).

    A dataclass is its name and its fields; dataclasses inside it show their fields only (what
    ``dataclasses.astuple`` gives, which this once called: it deep-copies every field, and the
    listings digest hundreds of posts per build). Exact types are tested first: most calls are
    scalars."""
    kind = type(value)
    if kind in _SCALARS:
        return repr(value)
    if kind is list or kind is tuple:
        return "[" + ", ".join([_stable(item, in_dataclass) for item in value]) + "]"
    if kind in _FIELDS or (dataclasses.is_dataclass(value) and not isinstance(value, type)):
        names = _FIELDS.get(kind)
        if names is None:
            names = _FIELDS[kind] = tuple(field.name for field in dataclasses.fields(value))
        fields = "[" + ", ".join([_stable(getattr(value, name), True) for name in names]) + "]"
        return fields if in_dataclass else kind.__name__ + fields
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted([_stable(item, in_dataclass) for item in value])) + "}"
    if isinstance(value, dict):
        return "{" + ", ".join(sorted([f"{_stable(k, in_dataclass)}: {_stable(v, in_dataclass)}"
                                       for k, v in value.items()])) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join([_stable(item, in_dataclass) for item in value]) + "]"
    return repr(value)


class Store(dict):
    """A JSON-backed dict; :meth:`remember` says whether a value changed."""

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        super().__init__(data)
        self.path = path
        self.changed = False

    def remember(self, key: str, value: Any) -> bool:
        if key in self and self[key] == value:
            return False
        self[key] = value
        self.changed = True
        return True

    def forget(self, key: str) -> None:
        if self.pop(key, None) is not None:
            self.changed = True

    def keep_only(self, keys) -> None:
        for key in set(self) - set(keys):
            self.forget(key)

    def save(self) -> None:
        if not self.changed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(f".{os.getpid()}.tmp")
        if self.path.suffix == ".pickle":
            partial.write_bytes(pickle.dumps(dict(self), protocol=pickle.HIGHEST_PROTOCOL))
        else:
            partial.write_text(json.dumps(self, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        partial.replace(self.path)  # atomic: a crashed build never leaves half a store
        self.path.with_suffix(".json" if self.path.suffix == ".pickle" else ".pickle").unlink(missing_ok=True)
        self.changed = False


def store(app: Sphinx, name: str, binary: bool = False) -> Store:
    """The store ``name`` of this build (created on first use, saved when the build ends);
    ``binary``: kept as a pickle, for large stores (ask for it the same way every time)."""
    stores: dict[str, Store] = app.__dict__.setdefault("_build_state_stores", {})
    if name not in stores:
        path = Path(app.doctreedir) / FOLDER / f"{name}.{'pickle' if binary else 'json'}"
        data: dict[str, Any] = {}
        if not getattr(app, "_build_state_fresh", False):
            try:
                data = (pickle.loads(path.read_bytes()) if binary
                        else json.loads(path.read_text(encoding="utf-8")))
            except Exception:  # missing or damaged: a store is a cache, computed again
                data = _json_before_binary(path) if binary else {}
        stores[name] = Store(path, data if isinstance(data, dict) else {})
    return stores[name]


def _json_before_binary(path: Path) -> dict[str, Any]:
    """A store made binary is read from its JSON file until it is first saved (build folders
    made before keep their formulas and page texts)."""
    try:
        return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def folder(app: Sphinx, name: str) -> Path:
    """A folder of this build's state for caches kept as files; emptied by a fresh environment."""
    path = Path(app.doctreedir) / FOLDER / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def _note_fresh_environment(app: Sphinx) -> None:
    # Sphinx sets fresh_env_used when it could not (or was told not to) load the environment:
    # ``-E`` must rebuild from the sources, whatever a cache key forgot.
    app._build_state_fresh = bool(getattr(app, "fresh_env_used", False))
    if app._build_state_fresh:
        shutil.rmtree(Path(app.doctreedir) / FOLDER, ignore_errors=True)


def note_shortcut(app: Sphinx, name: str, amount: int = 1) -> None:
    """Count what a speed shortcut did in this build; ``build_state/shortcuts.json`` reports it
    when the build ends (counts from forked ``-j`` processes are not included)."""
    counts = app.__dict__.setdefault("_build_state_shortcuts", {})
    counts[name] = counts.get(name, 0) + amount


def shortcuts_report(doctreedir: str | Path) -> dict[str, int]:
    """What the shortcuts did in the last build that finished in ``doctreedir``."""
    try:
        return json.loads((Path(doctreedir) / FOLDER / "shortcuts.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _save_all(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and os.getpid() == app.__dict__.get("_build_state_pid"):
        for saved in app.__dict__.get("_build_state_stores", {}).values():
            saved.save()
        report = Path(app.doctreedir) / FOLDER / "shortcuts.json"
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(json.dumps(app.__dict__.get("_build_state_shortcuts", {}), sort_keys=True),
                          encoding="utf-8")
    app.__dict__.pop("_build_state_stores", None)
    app.__dict__.pop("_build_state_shortcuts", None)


def _remember_main_process(app: Sphinx) -> None:
    app._build_state_pid = os.getpid()
    _note_fresh_environment(app)


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _remember_main_process, priority=100)
    app.connect("build-finished", _save_all, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
