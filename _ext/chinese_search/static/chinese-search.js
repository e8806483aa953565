/*
 * The search page of chinese_search. Loads _search/meta.js, then only the index shards the
 * query's units hash to, ranks pages by how much of the query they cover (title, headings,
 * body), and shows title, topic and a snippet of the article with the matched words marked.
 *
 * A query becomes slots, each satisfied by any of its alternatives (all units of one):
 * - a name of the alias table: every name of its group;
 * - a dictionary term: the term, or (a little lower) its bigrams, for pages that phrase it apart;
 * - any other unit (a bigram or character of a Chinese word, a Latin word): itself.
 * A page's coverage is the idf-weighted share of slots it satisfies, so a page matching most of
 * the query still shows, below pages that match all of it. Twin of segment.query_units for the
 * unit cutting (splitQuery).
 */
"use strict";

const CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
const CJK_START = new RegExp(`^[${CJK}]`);
const PIECES = new RegExp(`[${CJK}]+|[a-z0-9_]+`, "g");
const FALLBACK_DISCOUNT = 0.85; // a term found only as its bigrams ranks below the term itself
const SHOWN = 50;
const SNIPPETS = 10;

var CHINESE_SEARCH_TERMS = new Set();
var CHINESE_SEARCH_LONGEST = 0;
var CHINESE_SEARCH_SEGMENTER =
  typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter("zh", { granularity: "word" }) : null;
const STEMMER = typeof EnglishStemmer !== "undefined" ? new EnglishStemmer() : null;

/* -- loading ------------------------------------------------------------------------------ */
const ROOT = document.documentElement.dataset.content_root || "";
const loaded = new Map(); // key -> {promise, resolve}
window.chineseSearchLoaded = (key, data) => {
  const entry = loaded.get(key);
  if (entry) entry.resolve(data);
};
const loadScript = (file, key) => {
  if (!loaded.has(key)) {
    const entry = {};
    entry.promise = new Promise((resolve, reject) => {
      entry.resolve = resolve;
      const script = document.createElement("script");
      script.src = `${ROOT}_search/${file}`;
      script.async = true;
      script.onerror = () => reject(new Error(`search data ${file} did not load`));
      document.head.appendChild(script);
    });
    loaded.set(key, entry);
  }
  return loaded.get(key).promise;
};

/* -- cutting a query into units (twin of segment.query_units) ------------------------------ */
const bigrams = (run) => {
  const out = [];
  for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  return out;
};

var chineseSearchWords = (span, segment = true) => {
  if (!span) return [];
  if (!segment || !CHINESE_SEARCH_SEGMENTER) return [span];
  return [...CHINESE_SEARCH_SEGMENTER.segment(span)].filter((s) => s.isWordLike).map((s) => s.segment);
};

var chineseSearchWordUnits = (span, segment = true) => {
  const units = [];
  for (const word of chineseSearchWords(span, segment)) {
    if (word.length === 1) units.push(word);
    units.push(...bigrams(word));
  }
  return units;
};

/* segment: cut Chinese between terms into words first (a reader's query); a name of the
   alias table is kept in one piece, so 激活重算 looks up 激活, 活重, 重算, not 重 and 算. */
var splitQuery = (query, segment = true) => {
  const units = [];
  for (const piece of query.toLowerCase().match(PIECES) || []) {
    if (!CJK_START.test(piece)) {
      if (piece.length > 1) units.push(piece); // single letters (the Q of Q-learning) are not indexed
      continue;
    }
    let rest = "";
    let position = 0;
    while (position < piece.length) {
      let match = null;
      for (let end = Math.min(position + CHINESE_SEARCH_LONGEST, piece.length); end > position + 1; end--) {
        if (CHINESE_SEARCH_TERMS.has(piece.slice(position, end))) {
          match = piece.slice(position, end);
          break;
        }
      }
      if (match) {
        units.push(...chineseSearchWordUnits(rest, segment));
        rest = "";
        units.push(match);
        position += match.length;
      } else {
        rest += piece[position];
        position += 1;
      }
    }
    units.push(...chineseSearchWordUnits(rest, segment));
  }
  return [...new Set(units)];
};

/* -- query analysis --------------------------------------------------------------------- */
let META = null;
let STOPWORDS = new Set();
let ALIAS_NAMES = []; // [name, group], longest first

const isLatin = (unit) => !CJK_START.test(unit);
const stem = (unit) => (isLatin(unit) && STEMMER ? STEMMER.stemWord(unit) : unit);
const indexable = (unit) =>
  !isLatin(unit) || (unit.length > 1 && !/^\d+$/.test(unit) && !STOPWORDS.has(unit));

/* Units of a name as the index holds them: [unit, surface] pairs (surface: what to mark). */
const unitsOf = (text, segment = true) =>
  splitQuery(text, segment)
    .filter(indexable)
    .map((unit) => [stem(unit), unit]);

const isTerm = (unit) => CHINESE_SEARCH_TERMS.has(unit) && unit.length > 2;
/* A term's units loosened into bigrams: what the query weighs, and the fallback of a term no
   page contains. */
const loosen = (units) =>
  units.flatMap(([unit, surface]) => (isTerm(unit) ? bigrams(unit).map((b) => [b, b]) : [[unit, surface]]));

const alternativesOf = (text, extraSurfaces = []) => {
  const units = unitsOf(text, false);
  if (!units.length) return [];
  const alternatives = [{ units, discount: 1, surfaces: [text, ...extraSurfaces] }];
  const terms = units.map(([unit]) => unit).filter(isTerm);
  if (terms.length) {
    const loose = loosen(units);
    alternatives.push({ units: loose, discount: FALLBACK_DISCOUNT, surfaces: loose.map(([, s]) => s), fallbackFor: terms });
  }
  return alternatives;
};

const latinBoundary = (text, start, end) =>
  !/[a-z0-9]/.test(text[start - 1] || "") && !/[a-z0-9]/.test(text[end] || "");

/* Alias names found in the query (longest first, no overlaps), and what is left around them. */
const findAliases = (query) => {
  const taken = new Array(query.length).fill(false);
  const found = [];
  for (const [name, group] of ALIAS_NAMES) {
    let from = 0;
    for (;;) {
      const at = query.indexOf(name, from);
      if (at < 0) break;
      from = at + 1;
      const end = at + name.length;
      if (taken.slice(at, end).some(Boolean)) continue;
      if (/[a-z0-9]/.test(name[0]) && !latinBoundary(query, at, end)) continue;
      taken.fill(true, at, end);
      found.push([at, group, name]);
    }
  }
  let rest = "";
  for (let i = 0; i < query.length; i++) rest += taken[i] ? " " : query[i];
  found.sort((a, b) => a[0] - b[0]);
  return { groups: found.map(([, group]) => group), names: found.map(([, , name]) => name), rest };
};

var chineseSearchSlots = (rawQuery) => {
  const query = rawQuery.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
  const slots = [];
  const { groups, names: queryNames, rest } = findAliases(query);
  for (const group of groups) {
    const names = META.aliases[group];
    const alternatives = names.flatMap((name) => alternativesOf(name, names));
    if (alternatives.length) slots.push({ alternatives, weighs: loosen(unitsOf(queryNames.shift(), false)) });
  }
  for (const [unit, surface] of unitsOf(rest)) {
    if (CHINESE_SEARCH_TERMS.has(unit)) slots.push({ alternatives: alternativesOf(unit), weighs: loosen([[unit, surface]]) });
    else slots.push({ alternatives: [{ units: [[unit, surface]], discount: 1, surfaces: [surface] }], weighs: [[unit, surface]] });
  }
  return slots;
};

/* -- index lookup ----------------------------------------------------------------------- */
var chineseSearchHash = (unit) => {
  let value = 0x811c9dc5;
  for (let i = 0; i < unit.length; i++) {
    value = (value ^ unit.charCodeAt(i)) >>> 0;
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value;
};

const undelta = (gaps) => {
  let previous = 0;
  return gaps.map((gap) => (previous += gap));
};

/* unit -> {body: Set, head: Set, title: Set, all: Set} for every unit of the slots. */
const lookUp = async (slots) => {
  const units = new Set(slots.flatMap((slot) => slot.alternatives.flatMap((a) => a.units.map(([u]) => u))));
  const shardOf = (unit) => chineseSearchHash(unit) % META.shards.length;
  const needed = [...new Set([...units].map(shardOf))];
  const shards = new Map(
    await Promise.all(needed.map(async (n) => [n, await loadScript(META.shards[n], `shard-${n}`)])));
  const postings = new Map();
  for (const unit of units) {
    const [body, head, title] = (shards.get(shardOf(unit))[unit] || [[], [], []]).map(undelta);
    const all = new Set([...body, ...head]);
    postings.set(unit, { head: new Set(head), title: new Set(title), all });
  }
  return postings;
};

/* -- ranking ---------------------------------------------------------------------------- */
var chineseSearchRank = (slots, postings, pageCount) => {
  const idf = (unit) => Math.log(1 + pageCount / (postings.get(unit).all.size + 0.5));
  const seen = (unit) => postings.get(unit).all.size > 0;
  /* A slot weighs what its words in the query weigh (a five-character term as its four bigrams),
     so a page covering the long words of a query outranks one covering a short common word. */
  const weighted = slots.map((slot) => {
    const alternatives = slot.alternatives.filter((a) => !a.fallbackFor || !a.fallbackFor.every(seen));
    const found = alternatives.flatMap((a) => a.units).filter(([u]) => seen(u));
    if (!found.length) return { weight: 0 };
    const weighs = slot.weighs.filter(([u]) => seen(u)).reduce((sum, [u]) => sum + idf(u), 0);
    return { alternatives, weight: weighs || Math.max(...found.map(([u]) => idf(u))) };
  }).filter((slot) => slot.weight > 0);
  const total = weighted.reduce((sum, slot) => sum + slot.weight, 0);
  const candidates = new Set();
  for (const slot of weighted) {
    for (const a of slot.alternatives) for (const [u] of a.units) postings.get(u).all.forEach((d) => candidates.add(d));
  }
  const cover = (page, field) => {
    let sum = 0;
    const surfaces = [];
    for (const slot of weighted) {
      let best = 0;
      let bestAlternative = null;
      for (const a of slot.alternatives) {
        let have = 0;
        let all = 0;
        for (const [u] of a.units) {
          const w = idf(u);
          all += w;
          if (postings.get(u)[field].has(page)) have += w;
        }
        const share = all ? (a.discount * have) / all : 0;
        if (share > best) [best, bestAlternative] = [share, a];
      }
      sum += slot.weight * best;
      if (bestAlternative) surfaces.push(...bestAlternative.surfaces);
    }
    return [total ? sum / total : 0, surfaces];
  };
  const results = [];
  for (const page of candidates) {
    const [all, surfaces] = cover(page, "all");
    if (all <= 0) continue;
    const score = 100 * all + 25 * cover(page, "title")[0] + 10 * cover(page, "head")[0];
    results.push({ page, score, cover: all, surfaces });
  }
  // Pages with every slot first, whatever their titles say; then by score.
  const full = (r) => (r.cover >= 0.999 ? 1 : 0);
  return results.sort((a, b) => full(b) - full(a) || b.score - a.score || a.page - b.page);
};

/* -- rendering -------------------------------------------------------------------------- */
/* Text with every occurrence of the marks (longest first) wrapped in <mark>, as DOM nodes. */
const marked = (text, marks) => {
  const fragment = document.createDocumentFragment();
  const lower = text.toLowerCase();
  let plain = "";
  let i = 0;
  while (i < text.length) {
    const mark = marks.find((m) => lower.startsWith(m, i));
    if (mark) {
      fragment.append(plain);
      plain = "";
      const element = document.createElement("mark");
      element.textContent = text.slice(i, i + mark.length);
      fragment.append(element);
      i += mark.length;
    } else {
      plain += text[i];
      i += 1;
    }
  }
  fragment.append(plain);
  return fragment;
};

var chineseSearchSnippet = (text, marks, length = 160) => {
  let at = -1;
  for (const mark of marks) {
    at = text.toLowerCase().indexOf(mark);
    if (at >= 0) break;
  }
  if (at < 0) return text.slice(0, length) + (text.length > length ? "…" : "");
  const start = Math.max(0, at - 40);
  const end = Math.min(text.length, start + length);
  return (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
};

const marksOf = (result) =>
  [...new Set(result.surfaces.map((s) => s.toLowerCase()))]
    .filter((s) => s.trim().length > 0)
    .sort((a, b) => b.length - a.length);

const render = (results, query) => {
  const summary = document.querySelector("#search-results .search-summary");
  const list = document.querySelector("#search-results ul.search");
  list.replaceChildren();
  if (!results.length) {
    summary.textContent = `没有找到与“${query}”相关的文章。`;
    return;
  }
  const complete = results.filter((r) => r.cover >= 0.999).length;
  summary.textContent = complete
    ? `找到 ${results.length} 篇文章，${complete} 篇包含全部搜索词。`
    : `没有文章包含全部搜索词；下面 ${results.length} 篇包含其中一部分。`;
  results.slice(0, SHOWN).forEach((result, rank) => {
    const [url, title, topic, textFile] = META.docs[result.page];
    const marks = marksOf(result);
    const item = document.createElement("li");
    if (result.cover < 0.999) item.classList.add("partial-match");
    const link = document.createElement("a");
    link.href = ROOT + url;
    link.append(marked(title, marks));
    item.append(link);
    if (topic) {
      const topicLabel = document.createElement("span");
      topicLabel.className = "search-topic";
      topicLabel.textContent = ` · ${topic}`;
      item.append(topicLabel);
    }
    const context = document.createElement("p");
    context.className = "context";
    item.append(context);
    list.append(item);
    if (rank < SNIPPETS) {
      loadScript(textFile, `text:${META.docs[result.page][0]}`)
        .then((text) => context.append(marked(chineseSearchSnippet(text, marks), marks)))
        .catch(() => {});
    }
  });
};

var chineseSearchMeta = () =>
  loadScript("meta.js", "meta").then((meta) => {
    if (!META) {
      META = meta;
      CHINESE_SEARCH_TERMS = new Set(meta.terms);
      CHINESE_SEARCH_LONGEST = Math.max(0, ...meta.terms.map((t) => t.length));
      STOPWORDS = new Set(meta.stopwords);
      ALIAS_NAMES = meta.aliases
        .flatMap((names, group) => names.map((name) => [name, group]))
        .sort((a, b) => b[0].length - a[0].length);
    }
    return META;
  });

var chineseSearch = async (query) => {
  await chineseSearchMeta();
  const slots = chineseSearchSlots(query);
  if (!slots.length) return [];
  const postings = await lookUp(slots);
  return chineseSearchRank(slots, postings, META.docs.length);
};

const run = async (query) => {
  const summary = document.querySelector("#search-results .search-summary");
  if (!query.trim()) {
    summary.textContent = "";
    return;
  }
  summary.textContent = "正在搜索…";
  try {
    render(await chineseSearch(query), query);
  } catch (error) {
    summary.textContent = `搜索数据没有加载成功（${error.message}）。`;
  }
};

document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form.chinese-search-form");
  const input = document.getElementById("chinese-search-input");
  if (!form || !input) return;
  const query = new URLSearchParams(window.location.search).get("q") || "";
  input.value = query;
  input.focus();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    window.history.replaceState(null, "", url);
    run(input.value);
  });
  run(query);
});
