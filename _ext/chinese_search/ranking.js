/*
 * Ranking for the Chinese search (inserted into language_data.js, after searchtools.js).
 * Sphinx scores a page by its single best term, so most pages tie and fall back to
 * alphabetical order. Readers expect the page whose title or headings say what they typed:
 * a page gains up to 40 for the share of query units in its title and up to 20 for the best
 * heading, on top of Sphinx's own score.
 */
var chineseSearchHeadings = null; // docname -> [title, heading, ...], lower-cased

var chineseSearchTitlesOf = (docname) => {
  if (chineseSearchHeadings === null) {
    chineseSearchHeadings = new Map();
    const index = Search._index;
    index.docnames.forEach((name, file) =>
      chineseSearchHeadings.set(name, [String(index.titles[file]).toLowerCase()]));
    for (const [heading, places] of Object.entries(index.alltitles)) {
      for (const [file] of places) chineseSearchHeadings.get(index.docnames[file]).push(heading.toLowerCase());
    }
  }
  return chineseSearchHeadings.get(docname) || [""];
};

var chineseSearchCover = (text, units) =>
  units.length ? units.filter((unit) => text.includes(unit)).length / units.length : 0;

Scorer.score = (result) => {
  const [docname, _title, _anchor, _descr, score, _filename, kind] = result;
  const query = new URLSearchParams(window.location.search).get("q") || "";
  const units = splitQuery(query).filter((unit) => !stopwords.has(unit));
  const [pageTitle, ...headings] = chineseSearchTitlesOf(docname);
  const headingCover = Math.max(0, ...headings.map((heading) => chineseSearchCover(heading, units)));
  const bonus = 40 * chineseSearchCover(pageTitle, units) + 20 * headingCover;
  return score + Math.round(bonus) + (kind === SearchResultKind.title ? 5 : 0);
};

/* Summaries come from the article only, not from the theme's buttons around it. */
var chineseSearchHtmlToText = Search.htmlToText;
Search.htmlToText = (htmlString, anchor) => {
  const html = new DOMParser().parseFromString(htmlString, "text/html");
  const article = html.querySelector("article.bd-article");
  if (!article) return chineseSearchHtmlToText(htmlString, anchor);
  article.querySelectorAll(".headerlink, script, style, .toctree-wrapper").forEach((el) => el.remove());
  const scope = anchor ? article.querySelector(`[id="${anchor.slice(1)}"]`) || article : article;
  return (scope.textContent || "").replace(/\s+/g, " ").trim();
};
