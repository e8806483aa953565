"""Every system file the suite opens comes from a package that scripts/system-deps.sh installs.

CI runs `make test` on a fresh Debian machine, where only the packages of
scripts/debian-packages.txt (installed with --no-install-recommends) and their dependencies are
present. On a developer's machine a package pulled in as a recommendation, or installed by hand,
hides a missing entry until CI fails. So these tests record what the PDF build, the programs the
suite runs and cairosvg really open, ask dpkg which packages own those files, and name each owner
that the list and its dependencies do not cover. Files no package owns (TeX formats, ls-R, caches
made by the packages' own scripts; the virtualenv) are not Debian's business and are skipped.
"""

from __future__ import annotations

import os
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from browser import CHROMIUM
from conftest import REPO
from site_build import build, warnings_of

pytestmark = pytest.mark.site

PACKAGE_LIST = REPO / "scripts" / "debian-packages.txt"
# What `make latexpdf`, the tests and this file run by name.
PROGRAMS = ("make", "latexmk", "xelatex", "xdvipdfmx", "kpsewhich", "pdftotext", "pdfinfo",
            "pdffonts", "fc-list", CHROMIUM)


def listed_packages() -> list[str]:
    """The list as system-deps.sh reads it: one name a line, ``#`` starts a comment."""
    lines = PACKAGE_LIST.read_text(encoding="utf-8").splitlines()
    return [name for name in (line.split("#", 1)[0].strip() for line in lines) if name]


@pytest.fixture(scope="module")
def covered() -> set[str]:
    """The listed packages and everything apt installs with them (no recommends, no suggests)."""
    if not (shutil.which("apt-cache") and shutil.which("dpkg-query")):
        pytest.skip("not a Debian system: no apt-cache or dpkg-query to check the package list with")
    listed = listed_packages()
    process = subprocess.run(
        ["apt-cache", "depends", "--recurse", "--no-recommends", "--no-suggests", "--no-conflicts",
         "--no-breaks", "--no-replaces", "--no-enhances", *listed],
        capture_output=True, text=True)
    # Unindented lines are the packages of the closure ("<name>" for a virtual one, "perl:any").
    closure = {line.strip("<>").split(":")[0] for line in process.stdout.splitlines()
               if line and not line[0].isspace()}
    unknown = [name for name in listed if name not in closure]
    if unknown and not any(apt_lists().glob("*_Packages*")):
        pytest.skip(f"apt-cache does not know {', '.join(unknown)}: its package lists are empty; "
                    "run `apt-get update` once (system-deps.sh runs it only when a package is missing)")
    assert not unknown, (f"{PACKAGE_LIST.relative_to(REPO)} names packages that apt-cache does not "
                         f"know: {', '.join(unknown)}. {process.stderr.strip()}")
    return closure | base_packages()


def apt_lists() -> Path:
    """Where `apt-get update` keeps the package lists (Dir::State::lists, honouring APT_CONFIG)."""
    shell = subprocess.run(["apt-config", "shell", "LISTS", "Dir::State::lists/d"],
                           capture_output=True, text=True).stdout
    match = re.search(r"LISTS='([^']*)'", shell)
    return Path(match.group(1) if match else "/var/lib/apt/lists")


def base_packages() -> set[str]:
    """Essential and required packages: every Debian system has them, however bare."""
    status = subprocess.run(["dpkg-query", "-W", "-f", "${Package} ${Essential} ${Priority}\\n"],
                            capture_output=True, text=True, check=True).stdout
    return {fields[0] for fields in map(str.split, status.splitlines())
            if "yes" in fields[1:] or "required" in fields[1:]}


def system_files(paths, *outside: Path) -> set[Path]:
    """The existing files among ``paths`` that lie outside the repository and ``outside``."""
    roots = [root.resolve() for root in (REPO, *outside)]
    return {path for path in map(Path, paths) if path.is_absolute() and path.is_file()
            and not any(path.resolve().is_relative_to(root) for root in roots)}


def _dpkg_search(paths) -> dict[str, set[str]]:
    """``dpkg-query -S`` on all ``paths`` at once: path -> owning packages (unowned paths absent)."""
    if not paths:
        return {}
    # dpkg-query takes its arguments as glob patterns.
    patterns = [re.sub(r"([][*?\\])", r"\\\1", path) for path in paths]
    output = subprocess.run(["dpkg-query", "-S", *patterns], capture_output=True, text=True).stdout
    found = {}
    for line in output.splitlines():
        if line.startswith("diversion by") or ": " not in line:
            continue
        packages, path = line.split(": ", 1)
        found[path] = {name.strip().split(":")[0] for name in packages.split(",")}
    return found


def owners(files) -> dict[Path, set[str]]:
    """The Debian packages that own each file; files that no package owns are left out."""
    wanted = {str(path): path for path in files}
    found = _dpkg_search(sorted(wanted))
    # dpkg knows a file by the path its package ships: /lib/... for what merged /usr shows as
    # /usr/lib/..., the target for what is read through a symbolic link.
    aliases = {}
    for name in set(wanted) - set(found):
        for alias in (re.sub(r"^/usr/(lib|lib64|bin|sbin)/", r"/\1/", name), str(Path(name).resolve())):
            if alias != name:
                aliases.setdefault(alias, name)
    for alias, packages in _dpkg_search(sorted(aliases)).items():
        found.setdefault(aliases[alias], packages)
    return {wanted[name]: packages for name, packages in found.items() if name in wanted}


def assert_covered(files, covered: set[str], what: str) -> None:
    """Fails naming each package that owns some of ``files`` but that the list does not bring."""
    owned = owners(files)
    assert owned, f"dpkg-query -S names no package for any of {len(files)} files, {sorted(files)[:3]}…"
    missing: dict[str, list[Path]] = {}
    for path, packages in owned.items():
        if not packages & covered:
            for package in packages:
                missing.setdefault(package, []).append(path)
    report = [f"  {package}: {len(paths)} file(s), e.g. {sorted(paths)[0]}"
              for package, paths in sorted(missing.items())]
    assert not missing, (f"{what} come from Debian packages that {PACKAGE_LIST.relative_to(REPO)} "
                         "(with its dependencies, without recommends) does not install; add them:\n"
                         + "\n".join(report))


@pytest.fixture(scope="module")
def recorded_book(tmp_path_factory) -> dict:
    """The PDF built as `make latexpdf` does, recording what TeX and its PDF driver open."""
    outdir = tmp_path_factory.mktemp("recorded-pdf") / "latex"
    process = build("latex", outdir)
    assert process.returncode == 0 and not warnings_of(process), process.stderr
    # -recorder: TeX lists each file it opens in ml-notes.fls. Fonts found through fontconfig and
    # the Type 1 fonts and maps that xdvipdfmx embeds are not in it: xelatex pipes its output
    # through xdvipdfmx, and -vv makes the driver name each of them.
    env = {**os.environ, "LATEXOPTS": '-output-driver="xdvipdfmx -vv -E"'}
    make = subprocess.run(["make", "-C", str(outdir), "all-pdf",
                           "LATEXMKOPTS=-recorder -interaction=nonstopmode -halt-on-error"],
                          capture_output=True, text=True, env=env)
    log = outdir / "ml-notes.log"
    assert make.returncode == 0, (log.read_text(encoding="utf-8", errors="replace")[-3000:]
                                  if log.exists() else make.stdout[-3000:] + make.stderr[-3000:])
    return {"dir": outdir, "driver": make.stderr,
            "fls": (outdir / "ml-notes.fls").read_text(encoding="utf-8", errors="replace")}


def files_tex_read(fls: str, builddir: Path) -> set[Path]:
    """The system files among the INPUT lines of a -recorder .fls file."""
    cwd, paths = Path("."), []
    for line in fls.splitlines():
        if line.startswith("PWD "):
            cwd = Path(line[4:])
        elif line.startswith("INPUT "):
            paths.append(cwd / line[6:])  # an absolute INPUT path replaces cwd
    return system_files(paths, builddir)


def files_driver_read(messages: str, builddir: Path) -> set[Path]:
    """The system files that ``xdvipdfmx -vv`` names: fonts by path, Type 1 fonts by name."""
    absolute = re.findall(r"/[^\s<>()\[\]@\"',]+", messages)
    # Type 1 fonts, encodings and glyph lists appear by bare name; kpathsea finds them as the
    # driver did.
    bare = sorted(set(re.findall(r"(?<![\w./-])([\w+-][\w.+-]*\.(?:pfb|pfa|enc|txt|otf|ttf))(?![\w.])",
                                 messages)))
    found = (subprocess.run(["kpsewhich", *bare], capture_output=True, text=True).stdout.split()
             if bare else [])
    return system_files([*absolute, *found], builddir)


def fonts_named_in_conf() -> set[str]:
    """The fonts conf.py's LaTeX preamble asks for by name (main, CJK, fallback, bold faces)."""
    fontpkg = runpy.run_path(str(REPO / "conf.py"))["latex_elements"]["fontpkg"]
    names = re.findall(r"\\set(?:CJK)?(?:main|sans|mono|math)font\{([^}]*)\}", fontpkg)
    names += re.findall(r"\\set\w*familyfont\{\w*\}\{([^}]*)\}", fontpkg)
    names += re.findall(r"[A-Za-z]+Font\s*=\s*\{([^}]*)\}", fontpkg)
    return {name.strip() for name in names}


def test_the_package_list_is_read_by_system_deps_sh():
    script = (REPO / "scripts" / "system-deps.sh").read_text(encoding="utf-8")
    assert PACKAGE_LIST.name in script
    assert "--no-install-recommends" in script  # the premise of these tests
    assert len(listed_packages()) == len(set(listed_packages())), "a package is listed twice"


def test_files_tex_reads_for_the_pdf_come_from_listed_packages(recorded_book, covered):
    files = files_tex_read(recorded_book["fls"], recorded_book["dir"])
    assert any(path.suffix == ".tfm" for path in files), "the .fls lists no font metrics: not recorded?"
    assert_covered(files, covered, "Files that XeLaTeX reads for the PDF")


def test_fonts_and_maps_the_pdf_driver_embeds_come_from_listed_packages(recorded_book, covered):
    files = files_driver_read(recorded_book["driver"], recorded_book["dir"])
    assert {".ttf", ".ttc", ".otf"} & {path.suffix for path in files}, "xdvipdfmx named no font file"
    assert_covered(files, covered, "Fonts and maps that xdvipdfmx embeds in the PDF")


def font_files(name: str) -> set[str]:
    """The files XeTeX opens for a font name that conf.py gives: the face of that full name, and
    the family's upright, bold, italic and bold italic faces (fontspec looks up all four)."""
    pattern = re.sub(r"([-:,\\])", r"\\\1", name)  # fontconfig's pattern syntax
    files = set(subprocess.run(["fc-list", "--format", "%{file}\n", f":fullname={pattern}"],
                               capture_output=True, text=True, check=True).stdout.split())
    for style in ("", ":bold", ":italic", ":bold:italic"):
        match = subprocess.run(["fc-match", "--format", "%{family}\t%{file}", pattern + style],
                               capture_output=True, text=True, check=True).stdout
        family, _, file = match.partition("\t")
        if name in family.split(","):  # not fontconfig's stand-in for a family it lacks
            files.add(file)
    return files


def test_fonts_named_in_conf_py_come_from_listed_packages(covered):
    """fontspec opens every font the preamble names, used or not; a face it lacks (no italic
    DejaVu Serif, say) does not stop the build but changes the book."""
    names = fonts_named_in_conf()
    assert {"DejaVu Serif", "Noto Serif CJK SC", "Noto Sans CJK SC Bold", "Symbola"} <= names, names
    files = {name: font_files(name) for name in names}
    absent = sorted(name for name, found in files.items() if not found)
    assert not absent, f"fontconfig finds no font named {', '.join(absent)} (named in conf.py)"
    assert_covered(system_files(set().union(*files.values())), covered,
                   "Fonts named in conf.py's latex_elements")


def test_programs_the_suite_runs_come_from_listed_packages(covered):
    paths = {name: shutil.which(name) for name in PROGRAMS}
    absent = sorted(name for name, path in paths.items() if path is None)
    assert not absent, f"not on PATH: {', '.join(absent)}; run `bash scripts/system-deps.sh` as root"
    files = system_files(paths.values()) | system_files(Path(path).resolve() for path in paths.values())
    assert_covered(files, covered, "Programs that the tests and `make latexpdf` run")


def test_libraries_cairosvg_loads_come_from_listed_packages(covered):
    """cairosvg (SVG figures into the PDF) loads libcairo and what it links with at run time."""
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4">'
           '<rect width="4" height="4"/></svg>')
    script = (f"import cairosvg; cairosvg.svg2pdf(bytestring={svg.encode()!r}); "
              "print(open('/proc/self/maps').read())")
    maps = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True).stdout
    mapped = {fields[5] for fields in map(str.split, maps.splitlines()) if len(fields) >= 6}
    files = system_files(mapped)
    assert any("libcairo" in path.name for path in files), "cairosvg did not load a system libcairo"
    assert_covered(files, covered, "Libraries that cairosvg loads")
