"""requirements.lock pins what requirements.txt asks for, and this environment was installed from it."""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, version

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import REPO


def requirements(path) -> list[Requirement]:
    lines = (REPO / path).read_text(encoding="utf-8").splitlines()
    return [Requirement(line.split("#")[0].strip()) for line in lines
            if line.split("#")[0].strip() and not line.startswith("-")]


LOCK = {canonicalize_name(req.name): req for req in requirements("requirements.lock")}


def pinned(req: Requirement) -> str:
    match = re.fullmatch(r"==(.+)", str(req.specifier))
    assert match, f"requirements.lock: {req} is not pinned to one version"
    return match.group(1)


def test_every_requirement_is_locked_to_a_version_it_allows():
    for req in requirements("requirements.txt"):
        locked = LOCK.get(canonicalize_name(req.name))
        assert locked, f"{req.name} is in requirements.txt but not in requirements.lock: run pip-compile (README)"
        assert req.specifier.contains(pinned(locked), prereleases=True), \
            f"requirements.lock pins {locked}, which requirements.txt ({req}) does not allow: run pip-compile"


def test_this_environment_is_the_locked_one():
    wrong = []
    for name, req in LOCK.items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            wrong.append(f"{name} missing")
            continue
        if installed != pinned(req):
            wrong.append(f"{name} {installed} (lock: {pinned(req)})")
    assert wrong == [], "installed packages differ from requirements.lock: " + ", ".join(wrong)
