/*
 * Query splitter for the Chinese search (inserted into language_data.js by chinese_search).
 * Twin of segment.query_units in Python: Latin words whole; Chinese cut into dictionary terms
 * (longest first), the rest into words by Intl.Segmenter, each word looked up by its bigrams
 * (or its single character). CHINESE_SEARCH_TERMS is filled in by the extension.
 */
var CHINESE_SEARCH_TERMS = new Set(__TERMS__);
var CHINESE_SEARCH_LONGEST = Math.max(0, ...[...CHINESE_SEARCH_TERMS].map((t) => t.length));
var CHINESE_SEARCH_SEGMENTER =
  typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter("zh", { granularity: "word" }) : null;

var chineseSearchWords = (span) => {
  if (!span) return [];
  if (!CHINESE_SEARCH_SEGMENTER) return [span];
  return [...CHINESE_SEARCH_SEGMENTER.segment(span)]
    .filter((s) => s.isWordLike)
    .map((s) => s.segment);
};

var chineseSearchWordUnits = (span) => {
  const units = [];
  for (const word of chineseSearchWords(span)) {
    if (word.length === 1) units.push(word);
    for (let i = 0; i + 1 < word.length; i++) units.push(word.slice(i, i + 2));
  }
  return units;
};

var splitQuery = (query) => {
  const units = [];
  const pieces = query.toLowerCase().match(/[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9_]+/g) || [];
  for (const piece of pieces) {
    if (!/^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/.test(piece)) {
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
        units.push(...chineseSearchWordUnits(rest));
        rest = "";
        units.push(match);
        position += match.length;
      } else {
        rest += piece[position];
        position += 1;
      }
    }
    units.push(...chineseSearchWordUnits(rest));
  }
  return [...new Set(units)];
};
