"""Formulas typeset at build time (_ext/build_time_math): pages, cards, cache, warnings, browser."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

RAW_TEX = re.compile(r"\\\(|\\\)|\\\[|\\\]|\$\$|\\begin\{|\\frac|\\mathbb|\\boldsymbol")


def visible_text(soup: BeautifulSoup) -> str:
    """What a reader sees: without scripts, styles and the MathML kept for screen readers."""
    for hidden in soup.select("script, style, mjx-assistive-mml"):
        hidden.decompose()
    return soup.get_text(" ")


def glyphs_resolve(page: str) -> bool:
    """Every glyph a formula points to is defined on the same page."""
    used = set(re.findall(r'href="#(MJX-TEX-[^"]+)"', page))
    defined = set(re.findall(r'<path id="(MJX-TEX-[^"]+)"', page))
    return bool(used) and used <= defined


@pytest.mark.sphinx("html", testroot="build-time-math", freshenv=True)
def test_formulas_are_svg_with_mathml_and_tex(app, warning):
    app.build()
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    formulas = soup.select(".math[data-tex]")
    # 4 inline, the cases block, the align environment, the labelled equation
    assert len(formulas) == 7
    for formula in formulas:
        assert formula.select_one("mjx-container > svg[aria-hidden=true]") is not None
        assert formula.select_one("mjx-assistive-mml > math") is not None
    tex = [html.unescape(f["data-tex"]) for f in formulas]
    assert r"\boldsymbol{x}\in\mathbb{R}^n" in tex and "a<b" in tex and r"c \& d" in tex
    assert any(t.lstrip().startswith(r"\begin{align}") for t in tex)
    # \operatorname keeps its name upright, \mathbb its double-struck letter (MathML says so)
    mathml = str(soup.select_one("mjx-assistive-mml"))
    assert 'mathvariant="bold-italic"' in mathml and 'mathvariant="double-struck"' in mathml
    assert "<mi>softmax</mi>" in str(formulas[1])
    # the labelled equation is numbered and the reference links to it
    numbered = soup.select_one("div.math#equation-energy")
    number = re.match(r"\(\d+\)", numbered.select_one(".eqno").get_text(strip=True)).group(0)
    references = [a.get_text() for a in soup.select("a[href='#equation-energy']:not(.headerlink)")]
    assert references and number in references[0]
    assert glyphs_resolve(page)
    assert not RAW_TEX.search(visible_text(soup))
    # lean SVG: no group that carries nothing, no attribute only MathJax's menus read
    for svg in soup.select("mjx-container > svg"):
        assert not [g for g in svg.find_all("g") if not g.attrs], formulas
        assert not [g for g in svg.find_all("g") if set(g.attrs) == {"transform"}
                    and len(g.find_all(recursive=False)) == 1 and g.find("svg") is None]
    assert "data-mjx-texclass" not in page
    assert soup.select_one('g[data-mml-node="mtable"]') is not None  # the style sheet keys on it
    # no typesetting script for readers
    assert not any("mathjax" in (s.get("src") or "").lower() for s in soup.select("script"))
    assert not (app.outdir / "_static" / "mathjax").exists()
    assert "index.md" not in warning.getvalue()  # only broken.md has a bad formula


@pytest.mark.sphinx("html", testroot="build-time-math", freshenv=True)
def test_bad_tex_warns_with_file_and_line_and_shows_the_tex(app, warning):
    app.build()
    messages = [line for line in warning.getvalue().splitlines() if "build_time_math" in line]
    assert len(messages) == 1, warning.getvalue()
    assert "broken.md:5" in messages[0] and r"\\frac{1}{" in messages[0]
    assert "expected TeX" in messages[0]
    soup = BeautifulSoup((app.outdir / "broken.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one("code.math-error").get_text() == r"\frac{1}{"
    assert soup.select_one(".math[data-tex='x^2'] mjx-container") is not None


HOSTILE_TEX = [r"\href{javascript:alert(1)}{x}", r"\style{position:fixed;inset:0}{y}", r"\class{evil}{z}",
               r"\cssId{main}{w}", r"\require{html}\href{javascript:alert(2)}{v}"]


def test_formulas_cannot_put_links_classes_or_styles_into_the_page(make_app, copy_root):
    root = copy_root("build-time-math")
    (root / "broken.md").unlink()
    lines = ["# 不可信的公式", ""] + [f"第 {n} 个 ${tex}$。\n" for n, tex in enumerate(HOSTILE_TEX)]
    (root / "hostile.md").write_text("\n".join(lines), encoding="utf-8")
    app = make_app("html", srcdir=root, freshenv=True)
    app.build()
    warnings = [line for line in app._warning.getvalue().splitlines() if "build_time_math" in line]
    assert len(warnings) == len(HOSTILE_TEX) and all("hostile.md:" in line for line in warnings)
    soup = BeautifulSoup((app.outdir / "hostile.html").read_text(encoding="utf-8"), "html.parser")
    assert not soup.select('[href^="javascript"], .evil, #main, [style*="fixed"]')
    assert [code.get_text() for code in soup.select("code.math-error")] == HOSTILE_TEX  # shown as TeX


@pytest.mark.sphinx("html", testroot="build-time-math", freshenv=True)
def test_cached_formulas_need_no_renderer(app, make_app, monkeypatch):
    app.build()
    first = (app.outdir / "index.html").read_text(encoding="utf-8")

    from build_time_math import renderer

    def no_node(*args, **kwargs):
        raise AssertionError("a cached formula was typeset again")

    monkeypatch.setattr(renderer, "Worker", no_node)
    again = make_app("html", srcdir=app.srcdir, freshenv=False)
    again.build(force_all=True)  # every page read and written again, every formula cached
    assert (again.outdir / "index.html").read_text(encoding="utf-8") == first


@pytest.mark.sphinx("html", testroot="build-time-math", freshenv=True)
def test_new_formula_is_typeset_once_in_one_process(app, make_app, monkeypatch):
    app.build()
    from build_time_math import renderer

    started = []
    real_worker = renderer.Worker

    def counting_worker(*args, **kwargs):
        started.append(1)
        return real_worker(*args, **kwargs)

    monkeypatch.setattr(renderer, "Worker", counting_worker)
    source = Path(app.srcdir, "broken.md")
    source.write_text(source.read_text(encoding="utf-8") + "\n新的 $y_1$ 和 $y_2$。\n", encoding="utf-8")
    again = make_app("html", srcdir=app.srcdir, freshenv=False)
    again.build()
    assert started == [1]
    page = (again.outdir / "broken.html").read_text(encoding="utf-8")
    assert 'data-tex="y_1"' in page and 'data-tex="y_2"' in page and glyphs_resolve(page)


def test_every_formula_of_the_site_is_typeset(site_html):
    """The 42 posts and the card grids: no formula failed, no raw TeX left for the reader."""
    pages = [*site_html.glob("posts/*/*.html"), site_html / "index.html"]
    assert len([p for p in pages if p.name != "index.html"]) >= 42
    typeset = 0
    for path in pages:
        page = path.read_text(encoding="utf-8")
        soup = BeautifulSoup(page, "html.parser")
        assert not soup.select(".math-error, code.math-tex"), path
        formulas = soup.select(".math[data-tex]")
        for formula in formulas:
            assert formula.select_one("mjx-container svg") is not None, (path, formula["data-tex"])
        typeset += len(formulas)
        if formulas:
            assert glyphs_resolve(page), path
        assert not RAW_TEX.search(visible_text(soup)), path
    assert typeset > 1000


@pytest.mark.sphinx("html", testroot="grid", freshenv=True, confoverrides={"extensions": [
    "myst_parser", "sphinxcontrib.bibtex", "build_time_math", "post_catalog"]})
def test_card_excerpts_get_the_same_math(app):
    app.build()
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    cards = {card.select_one(".latest-updates-title").get_text(): card
             for card in soup.select(".latest-updates-card")}
    opening = cards["含公式的开头"].select(".latest-updates-excerpt .math[data-tex]")
    assert [html.unescape(m["data-tex"]) for m in opening] == [r"p_\theta(x)", r"p_{\text{data}}"]
    card_math = soup.select(".latest-updates-excerpt .math[data-tex]")
    assert all(m.select_one("mjx-container > svg") for m in card_math)
    assert glyphs_resolve(page)
    assert not RAW_TEX.search(visible_text(soup)) and r"\theta" not in visible_text(soup)


@pytest.mark.sphinx("html", testroot="grid", freshenv=True, confoverrides={"extensions": [
    "myst_parser", "sphinxcontrib.bibtex", "build_time_math", "post_catalog"]})
def test_feed_gives_the_mathml_mathjax_made_for_the_page(app):
    import xml.etree.ElementTree as ET

    app.build()
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ET.parse(app.outdir / "feed.xml").getroot().iter(f"{atom}entry")
    content = next(e for e in entries if e.find(f"{atom}title").text == "含公式的开头").find(f"{atom}content").text
    page = BeautifulSoup((app.outdir / "posts/alpha/math-opening.html").read_text(encoding="utf-8"), "html.parser")

    def shape(math) -> list:  # element names and text, in order
        return [(node.name, node.string) for node in math.find_all(True)]

    in_page = [shape(m) for m in page.select("mjx-assistive-mml > math")]
    in_feed = [shape(m) for m in BeautifulSoup(content, "html.parser").find_all("math")]
    assert in_feed and all(math in in_page for math in in_feed) and not RAW_TEX.search(content)


def test_post_shows_math_without_script_errors(site_html, site_url, browser):
    posts = [p for p in site_html.glob("posts/*/*.html") if p.name != "index.html"]
    heaviest = max(posts, key=lambda p: p.read_text(encoding="utf-8").count("<mjx-container"))
    page = browser.new_page(viewport={"width": 412, "height": 860})
    errors, requests = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{site_url}/{heaviest.relative_to(site_html).as_posix()}", wait_until="networkidle")
    assert errors == []
    assert not [url for url in requests if "fontawesome.js" in url or "mathjax" in url.lower()]
    assert page.evaluate("() => window.MathJax === undefined")
    drawn = page.evaluate("""() => [...document.querySelectorAll('.math[data-tex] > mjx-container > svg')]
        .filter(svg => svg.getBoundingClientRect().width > 0).length""")
    assert drawn == page.locator(".math[data-tex]").count() > 0
    # sections below the first screen are laid out only when near it, and still drawn then
    later = page.locator(".bd-article > section > section").last
    assert later.evaluate("s => getComputedStyle(s).contentVisibility") == "auto"
    later.scroll_into_view_if_needed()
    assert later.evaluate("""s => [...s.querySelectorAll('.math[data-tex] > mjx-container > svg')]
        .every(svg => svg.getBoundingClientRect().width > 0)""")
    # a wide formula scrolls inside its box: the page itself does not scroll sideways
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 412
    # copying a selected formula gives its TeX
    tex = page.evaluate("""() => {
        const formula = document.querySelector('.math-display[data-tex]');
        const range = document.createRange(); range.selectNode(formula);
        getSelection().removeAllRanges(); getSelection().addRange(range);
        const data = new DataTransfer();
        document.dispatchEvent(new ClipboardEvent('copy', {clipboardData: data, bubbles: true}));
        return [data.getData('text/plain'), formula.dataset.tex];
    }""")
    assert tex[0] == f"$${tex[1]}$$"
    page.close()
