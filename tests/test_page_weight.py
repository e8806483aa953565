"""Nothing heavy up front (#15), on the real site: no icon script, no blocking script in <head>."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

PAGE_TYPES = ("index.html", "posts/rl/index.html", "tags/index.html", "archive.html",
              "search.html", "404.html")


def test_head_has_no_blocking_script_and_no_fontawesome(site_html):
    posts = sorted(site_html.glob("posts/*/*.html"))
    for path in [*(site_html / name for name in PAGE_TYPES), *posts]:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        sources = [s.get("src") for s in soup.select("script[src]")]
        assert not [src for src in sources if "fontawesome" in src], path
        blocking = [s["src"] for s in soup.head.select("script[src]")
                    if not s.has_attr("defer") and not s.has_attr("async") and s.get("type") != "module"]
        if path.name == "search.html":  # the search page's own scripts belong to the search (#16)
            blocking = [src for src in blocking if "search" not in src and "stemmer" not in src]
        assert blocking == [], (path, blocking)
        assert soup.head.select_one('meta[name="description"]') is not None, path
        # one search box outside the search dialog (the sidebar's copy is gone)
        assert not soup.select(".bd-sidebar-primary .search-button-field"), path


def test_every_icon_on_the_pages_has_a_css_shape(site_html):
    css = (site_html / "_static" / "icons.css").read_text(encoding="utf-8")
    drawn = set(re.findall(r"\.fa-([a-z0-9-]+) \{ --kb-icon", css))
    used = set()
    for path in site_html.rglob("*.html"):
        for classes in re.findall(r'class="([^"]*\bfa-(?:solid|regular)\b[^"]*)"', path.read_text(encoding="utf-8")):
            used.update(c[3:] for c in classes.split() if c.startswith("fa-")
                        and c not in ("fa-solid", "fa-regular", "fa-lg", "fa-fw"))
    assert used and used <= drawn, f"run scripts/icon_css.py for {sorted(used - drawn)}"


def test_icon_fonts_swap(site_html):
    css = (site_html / "_static" / "light-pages.css").read_text(encoding="utf-8")
    faces = re.findall(r"@font-face \{[^}]*\}", css)
    assert faces and all("font-display: swap" in face for face in faces)
    for face in faces:
        font = re.search(r"url\(([^)]+)\)", face).group(1)
        assert (site_html / "_static" / font).exists(), font


def test_no_fontawesome_or_search_index_before_search(site_url, browser):
    page = browser.new_page(viewport={"width": 412, "height": 860})
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{site_url}/index.html", wait_until="networkidle")
    assert errors == []
    assert not [u for u in requests if "fontawesome.js" in u or "searchindex" in u], requests
    # the icons are drawn (a mask over currentColor), e.g. the header's search button
    width = page.evaluate("""() => {
        const icon = [...document.querySelectorAll('.search-button .fa-magnifying-glass')]
            .find(i => i.offsetParent !== null);
        return icon ? parseFloat(getComputedStyle(icon, '::before').width) : 0; }""")
    assert width > 0
    page.close()


def test_theme_colours_are_set_before_the_first_paint(site_url, browser):
    """On a first visit the theme's head script leaves data-theme="auto" (no colour variables)
    until its deferred script runs: the tag cloud's borders came late and shifted the page."""
    for scheme in ("light", "dark"):
        page = browser.new_page(viewport={"width": 412, "height": 860}, color_scheme=scheme)
        page.add_init_script("""new MutationObserver((changes, observer) => {
            if (!document.body) return;
            window.themeWhenBodyStarts = document.documentElement.dataset.theme;
            window.borderWhenBodyStarts = getComputedStyle(document.documentElement)
                .getPropertyValue('--pst-color-border').trim();
            observer.disconnect();
        }).observe(document, {childList: true, subtree: true});""")
        page.goto(f"{site_url}/tags/index.html", wait_until="load")
        assert page.evaluate("window.themeWhenBodyStarts") == scheme
        assert page.evaluate("window.borderWhenBodyStarts") != ""
        assert page.evaluate("document.documentElement.dataset.theme") == scheme
        page.close()
