// Typesets TeX formulas with MathJax 3 (SVG output + assistive MathML), as the browser did
// before, for a whole build in one Node process: starting Node and MathJax costs far more than
// a formula, and formulas stream in while Sphinx is still reading (Node runs beside it).
//
// argv[2]: the MathJax es5 folder.  argv[3]: JSON of the TeX macros.
// stdin, one JSON line per formula: [tex, display]
// stdout, one JSON line per formula, in order: {"html": str, "glyphs": {id: path}} | {"error": str}
// Glyph outlines are taken out of each formula and keyed by a stable id (font variant + code
// point); each is sent once, with the first formula that uses it: a page carries one shared
// <defs> for all its formulas.
"use strict";
const readline = require("readline");
const folder = process.argv[2];
const macros = JSON.parse(process.argv[3] || "{}");
let lastError = null;
const sent = new Set();

const ready = require(folder + "/node-main.js").init({
  loader: {paths: {mathjax: folder}, load: ["input/tex", "output/svg", "a11y/assistive-mml"]},
  tex: {
    macros,
    // An undefined macro is an error the build reports, not red text on the page.
    packages: {"[-]": ["noundefined"]},
    // A post is untrusted: \href, \class, \style, \cssId and \data (the html package) would
    // put links (javascript: ones too), classes, ids and styles into the page. They are undefined
    // macros here, not loaded on demand (autoload) or by \require.
    autoload: {html: []},
    require: {allow: {html: false}},
    formatError(jax, error) { lastError = error.message; return jax.formatError(error); },
  },
  svg: {fontCache: "local"},
  startup: {typeset: false},
});

let queue = Promise.resolve();
readline.createInterface({input: process.stdin}).on("line", (line) => {
  if (!line.trim()) return;
  const [tex, display] = JSON.parse(line);
  queue = queue.then(() => ready).then((MathJax) => typeset(MathJax, tex, display))
    .then((result) => process.stdout.write(JSON.stringify(result) + "\n"));
});
ready.catch((error) => {
  process.stderr.write(String(error && error.stack || error));
  process.exit(1);
});

async function typeset(MathJax, tex, display) {
  lastError = null;
  try {
    const node = await MathJax.tex2svgPromise(tex, {display});
    lighten(node);
    const html = MathJax.startup.adaptor.outerHTML(node);
    MathJax.startup.document.clear();  // forget the formula: memory stays flat
    if (lastError !== null) return {error: lastError};
    const glyphs = {};
    return {html: shareGlyphs(html, glyphs), glyphs};
  } catch (error) {
    MathJax.startup.document.clear();
    return {error: String(error && error.message || error)};
  }
}

// Fewer elements for the reader's browser to style and lay out (a formula-heavy post had 8,000):
// MathJax wraps almost every glyph in <g> groups that carry nothing, or only a translation
// that the glyph itself can carry. Those groups are dissolved; the drawing is the same.
// Groups with a fill, a stroke or a role the style sheet keys on (data-mml-node mtable, merror,
// maction) stay, and so does a group holding a nested <svg> (the sheet keys on "mtable > g > svg");
// the children of an merror stay as they are. data-mjx-texclass (read by MathJax's menus
// only) goes from the SVG and the MathML.
const KEPT_ROLES = new Set(["mtable", "merror", "maction"]);
const TAKES_TRANSFORM = new Set(["use", "g", "rect", "text", "line", "path"]);

function lighten(element) {
  if (!Array.isArray(element.children)) return;
  const attributes = element.attributes || {};
  delete attributes["data-mjx-texclass"];
  if (!KEPT_ROLES.has(attributes["data-mml-node"])) delete attributes["data-mml-node"];
  element.children.forEach(lighten);
  if (element.kind !== "svg" && element.kind !== "g") return;
  if (attributes["data-mml-node"] === "merror") return;  // its red is keyed on "merror > g"
  const children = [];
  for (const child of element.children) {
    children.push(...dissolved(child));
  }
  children.forEach((child) => { child.parent = element; });
  element.children = children;
}

function dissolved(child) {
  if (child.kind !== "g") return [child];
  const attributes = child.attributes;
  const names = Object.keys(attributes);
  if (child.children.some((grandchild) => grandchild.kind === "svg")) return [child];
  if (child.children.length === 0 && names.every((name) => name === "transform")) return [];
  if (names.length === 0) return child.children;
  if (names.length === 1 && names[0] === "transform" && child.children.length === 1
      && TAKES_TRANSFORM.has(child.children[0].kind)) {
    const only = child.children[0];
    const own = only.attributes.transform;
    only.attributes.transform = own ? `${attributes.transform} ${own}` : attributes.transform;
    return [only];
  }
  return [child];
}

// "MJX-12-TEX-I-1D465" -> "MJX-TEX-I-1D465": the same glyph has the same id in every formula.
function shareGlyphs(html, glyphs) {
  html = html.replace(/<defs>(.*?)<\/defs>/s, (_, defs) => {
    for (const [, id, d] of defs.matchAll(/<path id="MJX-\d+-(TEX-[^"]+)" d="([^"]*)"><\/path>/g)) {
      const shared = "MJX-" + id;
      if (!sent.has(shared)) { sent.add(shared); glyphs[shared] = d; }
    }
    return "";
  });
  return html.replace(/xlink:href="#MJX-\d+-(TEX-[^"]+)"/g, 'href="#MJX-$1"')
             .replace(/ xmlns:xlink="[^"]*"/, "")
             // Attributes only MathJax's own menus read; the style sheet keys on these three.
             .replace(/ data-c="[^"]*"/g, "")
             .replace(/ data-mml-node="(?!mtable|merror|maction)[^"]*"/g, "");
}
