/* torch-notes search worker: the site's own search, behind Material's search box.
 *
 * Material's page code fetches search/search_index.json, sends it here (SETUP) and sends every
 * query (QUERY); this worker answers in Material's format (READY, RESULT), so Material's dialog,
 * result list and highlighting work unchanged. Material's lunr worker is not used: it built its
 * index on every page load and searched every word as a prefix.
 *
 * The index is prebuilt: at build time hooks/search_index.cjs runs prebuild() below, in Node, on
 * the entries Material wrote (title, text, and the page keywords hooks/search_rules.py adds), so
 * pages and queries are cut into words by the same tokenize(). Setup here only counts the words
 * into per-page weights. Ranking is per page: BM25F over fields (page title, section titles,
 * keywords, text), plus the idf of the query words found in the page's title or keywords, plus a
 * bonus for query words that stand side by side on the page as in the query (a pasted error
 * message finds the page that prints it; three times the bonus on the page that owns a message
 * several pages print). A query's Chinese is cut into character pairs, as the pages' are, and
 * also into words (a word list in the index): a pair that spans two words counts less. When no
 * page covers enough of the query, or a pasted error message or warning is printed by no page, one
 * entry says so and points to the API index. Rules that change queries (dropped words, synonyms),
 * the owners of errors and the Chinese words come from hooks/search_vocabulary.yml and
 * hooks/search_rules.py through the index (config.tn).
 */
"use strict"

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3

// ---------------------------------------------------------------- words
// English words that never tell pages apart (pages and queries both lose them).
const STOP = new Set(("an and are as at be been but by can cannot could did do does doesn for from " +
  "has have if in into is it its may must no not of on only or should so than that the their then " +
  "there these this to too was were when which will with would you your").split(" "))
// Chinese characters that join words rather than name things: a character pair with one of them
// (的区 in 的区别, 型和 in 模型和数据) is not a word.
const GLUE = /[的了和与是及或之吗呢吧啊在]/u
const LONGEST_WORD = 8   // characters, as hooks/search_rules.py lists them
const RUN = /[A-Za-z0-9_]+|\p{sc=Han}+/gu
const HAN = /\p{sc=Han}/u
// 2-D, 3-D: one word, as 2D and 3D are (errors say "'weight' must be 2-D", "Expected 3D input").
const DIMENSIONS = /\b(\d)-([dD])\b/g
// A query that is a pasted error or warning: RuntimeError: ..., UserWarning: ...
const ERROR = /[a-z](Error|Exception|Warning):/
const VOWEL = /[aeiouy]/

/* One form for a word's inflections, the same for pages and queries: tensors -> tensor,
   checkpointing -> checkpoint, reshaped/reshape -> reshap, padding -> pad. An -ing or -ed that
   leaves no vowel, and the -eed of speed or exceed, is part of the word (string, shred); so is
   embed's -ed, which embedding keeps. */
function stem(word) {
  if (word.length > 4 && word.endsWith("ies")) return word.slice(0, -3) + "y"
  let cut = false
  if (word.length > 5 && word.endsWith("ing") && VOWEL.test(word.slice(0, -3))) {
    word = word.slice(0, -3)
    cut = true
  } else if (word.length > 4 && word.endsWith("ed") && !/(eed|mbed)$/.test(word) &&
             VOWEL.test(word.slice(0, -2))) {
    word = word.slice(0, -2)
    cut = true
  }
  else if (word.length > 3 && word.endsWith("s") && !/(ss|us|is)$/.test(word)) word = word.slice(0, -1)
  if (cut && word.length >= 4 && word.at(-1) === word.at(-2) && !"lsz".includes(word.at(-1)))
    word = word.slice(0, -1)
  if (word.length > 4 && word.endsWith("e")) word = word.slice(0, -1)
  return word
}

function kept(word) {
  return word.length > 1 && !/^\d+$/.test(word) && !STOP.has(word)
}

/* A stop word written as code (x.to(device), .is, in(...)) is an API name and kept. */
function asCode(text, index, run) {
  return text[index - 1] === "." || text[index + run.length] === "("
}

/* An identifier's parts as a reader may type them: register_forward_hook -> register, forward,
   hook, register_forward, forward_hook; WeightedRandomSampler -> weighted, random, sampler. */
function parts(word) {
  const pieces = word.split("_").filter(Boolean)
  const found = []
  for (let i = 0; i < pieces.length; i++)
    for (let j = i + 1; j <= pieces.length; j++)
      if (j - i < pieces.length) found.push(pieces.slice(i, j).join("_"))
  for (const piece of pieces) {
    const camel = piece.split(/(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/)
    if (camel.length > 1) found.push(...camel)
  }
  return found.map(part => stem(part.toLowerCase())).filter(kept)
}

/* Text -> {seq, derived}: seq is the words in order (Latin words stemmed, Chinese as overlapping
   character pairs, 梯度检查点 -> 梯度 度检 检查 查点); derived is the parts of identifiers.
   code: the text is one API name, kept even when it is a stop word. */
function tokenize(text, code = false) {
  text = text.replace(DIMENSIONS, "$1$2")
  const seq = [], derived = []
  for (const { 0: run, index } of text.matchAll(RUN)) {
    if (HAN.test(run)) {
      for (const { pair } of hanPairs(run)) seq.push(pair)
      continue
    }
    const lower = run.toLowerCase(), word = stem(lower)
    if (STOP.has(lower)) { if (code || asCode(text, index, run)) seq.push(lower) }
    else if (kept(word)) seq.push(word)
    if (/_|[a-z0-9][A-Z]/.test(run)) derived.push(...parts(run))
  }
  return { seq, derived }
}

/* A Chinese run's character pairs that can be words, each with the index of its first character:
   梯度检查点的 -> 梯度 度检 检查 查点 (点的 has a joining character). */
function hanPairs(run) {
  const chars = [...run], found = []
  for (let i = 0; i + 1 < chars.length; i++)
    if (!GLUE.test(chars[i] + chars[i + 1])) found.push({ i, pair: chars[i] + chars[i + 1] })
  return found
}

/* For each character pair of a Chinese run, in tokenize()'s order: whether it lies inside one
   word. The run is cut into the words of least total cost (zhCost, from config.tn.zh_words); a
   character no word covers is a word of its own and costs more than any word. 权重大小不匹配 ->
   权重 大小 不 匹配: 重大, 小不 and 不匹 span two words. */
function insideWords(run) {
  const chars = [...run], n = chars.length
  const best = new Float64Array(n + 1).fill(Infinity), start = new Int32Array(n + 1)
  best[0] = 0
  for (let end = 1; end <= n; end++)
    for (let from = Math.max(0, end - LONGEST_WORD); from < end; from++) {
      const cost = end - from === 1 ? zhSingle : zhCost.get(chars.slice(from, end).join(""))
      if (cost !== undefined && best[from] + cost < best[end]) {
        best[end] = best[from] + cost
        start[end] = from
      }
    }
  const word = new Int32Array(n), size = []
  for (let end = n, k = 0; end > 0; end = start[end], k++) {
    word.fill(k, start[end], end)
    size[k] = end - start[end]
  }
  // inside one word, or between two lone characters (a word the list lacks)
  return hanPairs(run).map(({ i }) =>
    word[i] === word[i + 1] || (size[word[i]] === 1 && size[word[i + 1]] === 1))
}

/* An index entry's words: [title, title parts, text, text parts, keywords]. */
function entryWords(doc) {
  const title = tokenize(plain(doc.title || "")), text = tokenize(plain(doc.text || ""))
  // a keyword that is one stop word is an API name (to, from Tensor.to)
  const keywords = (doc.tags || []).flatMap(tag => Object.values(tokenize(tag, STOP.has(tag))).flat())
  return [title.seq, title.derived, text.seq, text.derived, keywords]
}

/* The index's entries cut into words, at build time (hooks/search_index.cjs): config.tn.vocab
   lists every word, most frequent first, and config.tn.docs[i] is entryWords(docs[i]) with each
   word written as its number in the vocabulary, in base 32 with one character a digit: '0'-'O'
   for a leading digit, '_'-'~' for the last one, so frequent words take one or two characters; a
   space separates the five lists (about half the size of JSON numbers). */
function prebuild(index) {
  const lists = index.docs.map(entryWords), count = new Map()
  for (const word of lists.flat(2)) count.set(word, (count.get(word) || 0) + 1)
  const vocab = [...count.keys()].sort((a, b) => count.get(b) - count.get(a) || (a < b ? -1 : 1))
  const ids = new Map(vocab.map((word, id) => [word, id]))
  const encode = word => {
    let id = ids.get(word), text = String.fromCharCode(95 + id % 32)
    for (id = Math.floor(id / 32); id > 0; id = Math.floor(id / 32))
      text = String.fromCharCode(48 + id % 32) + text
    return text
  }
  index.config.tn.docs = lists.map(entry => entry.map(list => list.map(encode).join("")).join(" "))
  index.config.tn.vocab = vocab
  for (const doc of index.docs) {
    delete doc.tags   // now among the keywords
    doc.text = preview(doc.text || "", T.preview)   // the words are counted: the text is only shown
  }
  return index
}

/* The start of an entry's HTML, about `budget` visible characters, cut at a word or line end, with
   "…" where it was cut and its open tags closed. */
function preview(html, budget) {
  const open = []
  let out = "", left = budget
  for (const part of html.split(/(<[^>]*>)/)) {
    if (part.startsWith("<")) {
      const [, close, name] = part.match(/^<(\/?)([a-zA-Z0-9]*)/)
      if (close) open.pop()
      else if (!/^(br|hr|img|input|wbr)$/i.test(name) && !part.endsWith("/>")) open.push(name)
      out += part
      continue
    }
    const shown = plain(part)
    if (shown.length <= left) { out += part; left -= shown.length; continue }
    let cut = part.slice(0, left + (part.length - shown.length))   // entities are longer than shown
    cut = cut.replace(/&[^;\s]*$/, "").replace(/[A-Za-z0-9_]+$/, "")   // no half entity or half word
    out += cut + "…"
    return out + open.reverse().map(name => `</${name}>`).join("")
  }
  return out
}

/* prebuild()'s numbers back to words. */
function decode(text, vocab) {
  return text.split(" ").map(part => {
    const found = []
    let id = 0
    for (let k = 0; k < part.length; k++) {
      const code = part.charCodeAt(k)
      if (code >= 95) { found.push(vocab[id * 32 + code - 95]); id = 0 }
      else id = id * 32 + code - 48
    }
    return found
  })
}

/* Visible text of an index entry's HTML. */
function plain(html) {
  return html.replace(/<[^>]*>/g, " ").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
    .replace(/&quot;/g, "\"").replace(/&#0?39;/g, "'").replace(/&amp;/g, "&")
}

// ---------------------------------------------------------------- ranking constants
// Tuned with tests/bench_search.py on its tuning half only.
const T = {
  pageTitle: 8, heading: 3, keyword: 4, text: 1, derived: 0.5,  // field weights (BM25F)
  k1: 1.2, b: 0.6,      // BM25 saturation and length normalisation (per page; 0.3 until the pages
                        // grew long in stop 29, when 0.6 ranked 3 more tuning queries first)
  name: 3,              // a query word in the page's title: this times its idf, added
  partName: 0.5,        // the same for a part of a title's identifier, times this (state_dict in
                        // load_state_dict names that page less than state_dict itself)
  keywordName: 0.5,     // the same for a word of the page's keywords (often one word of a phrase)
  hanName: 0.5,         // the same for a Chinese character pair, times this: a Chinese word is cut
                        // into overlapping pairs (整数张量 -> 整数 数张 张量), about two a word
  crossWord: 0.5,       // a query's Chinese pair that spans two of its words (权重大小 -> 重大), times
                        // this: rare on the pages, so weighty, but seldom what the query means
  unknown: 0.5,         // weight of a word no page has, times the largest idf
  pair: 0.6,            // per pair of query words found side by side, times their mean idf
  hanPair: 0.6,         // the same for Chinese pairs, times this: two overlapping character pairs side
                        // by side (梯度 度裁) are one three-character string, not two words
  owned: 2,             // a pair of an error message the page owns: the pair bonus this many
                        // times again (hooks/search_vocabulary.yml, errors:)
  prefix: 0.7,          // a word no page has, matched as the start of longer words
  synonym: 0.6,         // a word added by the vocabulary's synonyms
  keep: 0.25,           // pages below this fraction of the best score are not listed
  covered: 0.35,        // no page covers the query when the best page has less than this share
                        // of the query's weight and no query word of idf >= named in its title
  named: 1,             // or keywords (model, a word of most pages, has 0.9)
  shown: 10,            // pages listed at most
  sections: 5,          // sections listed per page at most (the best matches)
  preview: 110,         // characters of a section's text kept in the index, to show under its title:
                        // two or three lines (200 made the index 42 KB gzip larger, a typical
                        // page over 500 KB; 120 did too once the export page came, by 6 KB)
}

// ---------------------------------------------------------------- the index
let docs = [], words = [], pages = [], postings = new Map(), named = new Map(), sorted = [], rules = {}
let zhCost = new Map(), zhSingle = 1   // Chinese words and their costs; a lone character's cost
let setsOf = new Map()   // entry -> its words as sets (entrySets())

function setup(index) {
  docs = index.docs
  setsOf = new Map()
  rules = { drop: [], drop_zh: [], synonyms: {}, errors: {}, elsewhere: [], none: null, zh_words: [],
            ...index.config.tn }
  zhCost = new Map(rules.zh_words.flatMap((list, cost) => list.split(" ").map(word => [word, cost])))
  zhSingle = rules.zh_words.length
  const { vocab, docs: encoded } = index.config.tn   // see prebuild()
  words = encoded.map(text => decode(text, vocab))
  const byLocation = new Map()
  pages = []
  docs.forEach((doc, i) => {
    const location = doc.location.split("#")[0]
    let page = byLocation.get(location)
    if (!page) {
      page = { location, entries: [], weights: new Map(), names: new Map(), length: 0, boost: 1,
               owned: new Set() }   // pairs of the error messages the page owns
      for (const text of rules.errors[location] || [])
        eachPair(tokenize(text).seq, key => page.owned.add(key))
      byLocation.set(location, page)
      pages.push(page)
    }
    page.entries.push(i)
    const [title, titleParts, text, textParts, keywords] = words[i]
    const isPage = !doc.location.includes("#")
    if (isPage) {
      if (doc.boost) page.boost = doc.boost
      const name = (term, weight) => page.names.set(term, HAN.test(term) ? weight * T.hanName : weight)
      for (const term of keywords) name(term, T.keywordName)
      for (const term of titleParts) name(term, T.name * T.partName)
      for (const term of title) name(term, T.name)
    }
    const add = (terms, weight) => {
      for (const term of terms) page.weights.set(term, (page.weights.get(term) || 0) + weight)
    }
    const heading = isPage ? T.pageTitle : T.heading
    add(title, heading)
    add(titleParts, heading * T.derived)
    add(text, T.text)
    add(textParts, T.derived)
    add(keywords, T.keyword)
    page.length += text.length
  })
  const average = pages.reduce((sum, page) => sum + page.length, 0) / Math.max(pages.length, 1)
  postings = new Map()
  named = new Map()
  pages.forEach((page, p) => {
    for (const [term, weight] of page.names) {
      if (!named.has(term)) named.set(term, [])
      named.get(term).push([p, weight])
    }
    page.norm = T.k1 * (1 - T.b + T.b * page.length / Math.max(average, 1))
    for (const [term, weight] of page.weights) {
      let list = postings.get(term)
      if (!list) postings.set(term, list = [])
      list.push(p, weight)
    }
  })
  sorted = [...postings.keys()].sort()
}

/* Calls visit("a b") for each two words side by side in a sequence (undefined, a query word no
   page has, pairs with nothing): the keys the pair bonus looks up. firsts: only pairs whose first
   word is in this set (a page's text is long; building a key for each of its words is slow). */
function eachPair(seq, visit, firsts = null) {
  for (let k = 0; k + 1 < seq.length; k++)
    if (seq[k] !== undefined && seq[k + 1] !== undefined && (!firsts || firsts.has(seq[k])))
      visit(`${seq[k]} ${seq[k + 1]}`)
}

function idf(term) {
  const df = (postings.get(term) || []).length / 2
  return Math.log(1 + (pages.length - df + 0.5) / (df + 0.5))
}

/* Words of the pages that start with `prefix`, longer than it. */
function completions(prefix) {
  let low = 0, high = sorted.length
  while (low < high) {
    const mid = (low + high) >> 1
    if (sorted[mid] < prefix) low = mid + 1; else high = mid
  }
  const found = []
  for (let i = low; i < sorted.length && sorted[i].startsWith(prefix) && found.length < 50; i++)
    if (sorted[i] !== prefix) found.push(sorted[i])
  return found
}

// ---------------------------------------------------------------- queries
/* The query as words to look for: [{ids, weight, word}] (ids: [page word, factor]), the pairs of
   its words that stand side by side, and its words to mark. */
function parse(query) {
  let text = query.toLowerCase().replace(/["“”‘’「」『』`]/g, " ").replace(DIMENSIONS, "$1$2")
  const extra = []
  for (const [word, added] of Object.entries(rules.synonyms))
    if (text.includes(word.toLowerCase())) extra.push(...added)
  for (const word of rules.drop_zh) text = text.split(word).join(" ")
  const drop = new Set(rules.drop)
  const terms = [], order = []
  const runs = [...text.matchAll(RUN)].filter(({ 0: run }) => !drop.has(run))
    .map(({ 0: run, index }) => ({ run, code: STOP.has(run) && asCode(text, index, run) }))
  const look = (word, weight, code = false) => {
    const { seq, derived } = tokenize(word, code)
    const inside = /^\p{sc=Han}+$/u.test(word) ? insideWords(word) : []
    for (const [k, token] of seq.entries()) {
      const id = postings.has(token) ? token : undefined
      order.push(id)
      const found = id === undefined ? [] : [[id, 1]]
      if (!HAN.test(token) && id === undefined && token.length >= 3)
        found.push(...completions(token).map(other => [other, T.prefix]))
      if (!found.length && derived.length) {   // an identifier no page has: look for its parts
        for (const part of derived) if (postings.has(part)) terms.push({ ids: [[part, 0.5]], weight, word })
        continue
      }
      terms.push({ ids: found, weight: inside[k] === false ? weight * T.crossWord : weight, word, token })
    }
  }
  runs.forEach(({ run, code }) => {
    const before = terms.length
    look(run, 1, code)
    // A Chinese pair no page has is mostly two words' edges (以下主要 -> 下主) and weighs nothing,
    // unless no pair of its run is known: then the run is a word no page has, and counts once.
    const added = terms.slice(before)
    if (HAN.test(run)) {
      const known = added.some(term => term.ids.length)
      added.forEach((term, k) => { term.edge = !term.ids.length && (known || k > 0) })
    }
  })
  for (const word of extra) look(word, T.synonym)
  // one entry per token: repeated words count once
  const unique = new Map()
  for (const term of terms) {
    const key = term.token || term.ids.map(([id]) => id).join(" ")
    if (!unique.has(key)) unique.set(key, term)
  }
  // pairs: its words side by side; words: the query's words to mark in the results (a stop word
  // written as code is not marked)
  const pairs = []
  eachPair(order, key => pairs.push(key))
  return { terms: [...unique.values()], pairs,
           words: runs.filter(({ code }) => !code).map(({ run }) => run) }
}

function score(query) {
  const totals = new Float64Array(pages.length), covered = new Float64Array(pages.length)
  const titled = new Uint8Array(pages.length)   // a rare query word in the page's title or keywords
  let whole = 0
  for (const term of query.terms) {
    const weight = term.ids.length ? Math.max(...term.ids.map(([id, factor]) => idf(id) * factor))
      : term.edge ? 0 : idf(-1) * T.unknown
    whole += weight * term.weight
    const best = new Map()
    for (const [id, factor] of term.ids) {
      const w = idf(id) * factor * term.weight
      const list = postings.get(id) || []
      for (let k = 0; k < list.length; k += 2) {
        const p = list[k], tf = list[k + 1]
        const value = w * tf * (T.k1 + 1) / (tf + pages[p].norm)
        if (value > (best.get(p) || 0)) best.set(p, value)
      }
      // a query word found only as the start of a longer name (swa -> swapaxes) names no page
      const names = factor === 1 && idf(id) >= T.named
      for (const [p, weight] of named.get(id) || []) {
        best.set(p, (best.get(p) || 0) + weight * w)
        if (names) titled[p] = 1
      }
    }
    for (const [p, value] of best) {
      totals[p] += value
      covered[p] += weight * term.weight
    }
  }
  const pairs = new Map(query.pairs.map(key => {   // "a b" -> their mean idf
    const [a, b] = key.split(" ")
    return [key, (idf(a) + idf(b)) / 2]
  }))
  const firsts = new Set(query.pairs.map(key => key.split(" ")[0]))
  const candidates = [...totals.keys()].filter(p => totals[p] > 0)
    .sort((a, b) => totals[b] - totals[a]).slice(0, 40)
  return candidates.map(p => {
    const found = new Set()
    for (const i of pages[p].entries)
      for (const seq of [words[i][0], words[i][2]])
        eachPair(seq, key => { if (pairs.has(key)) found.add(key) }, firsts)
    const bonus = [...found].reduce((sum, key) => sum + T.pair * pairs.get(key) *
      (pages[p].owned.has(key) ? 1 + T.owned : 1) * (HAN.test(key) ? T.hanPair : 1), 0)
    const coverage = whole ? covered[p] / whole : 0
    return { p, coverage, titled: titled[p] === 1, pairs: found.size,
             score: (totals[p] + bonus) * pages[p].boost }
  }).sort((a, b) => b.score - a.score)
}

// ---------------------------------------------------------------- results
function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
}

/* The entry's HTML with the query's words marked, outside tags only: Latin words by their stem
   (reshape marks reshaped), Chinese by character pairs, so 梯度检查点 is marked whole. */
function mark(html, latin, han) {
  return html.split(/(<[^>]*>)/).map(part => {
    if (part.startsWith("<")) return part
    const chars = [...part], hit = new Uint8Array(chars.length)
    const lower = part.toLowerCase()
    for (const match of latin ? lower.matchAll(latin) : []) {
      const start = [...lower.slice(0, match.index)].length
      hit.fill(1, start, start + [...match[0]].length)
    }
    for (let i = 0; i + 1 < chars.length; i++)
      if (han.has(chars[i] + chars[i + 1])) hit.fill(1, i, i + 2)
    return chars.map((char, i) => (hit[i] && !hit[i - 1] ? "<mark>" : "") + char +
      (hit[i] && !hit[i + 1] ? "</mark>" : "")).join("")
  }).join("")
}

/* How well one entry (a page's top or a section) matches, to choose and order the sections shown:
   the idf of the query words it has, a word in its title counting three times. */
function entryScore(i, wanted) {
  const { titled, all } = entrySets(i)
  let total = 0
  for (const [id, weight] of wanted)
    if (all.has(id)) total += titled.has(id) ? 3 * weight : weight
  return total
}

/* An entry's words as sets, made the first time a result shows the entry. */
function entrySets(i) {
  let sets = setsOf.get(i)
  if (!sets) {
    const [title, titleParts] = words[i]
    setsOf.set(i, sets = { titled: new Set([...title, ...titleParts]), all: new Set(words[i].flat()) })
  }
  return sets
}

function search(query) {
  const parsed = parse(query)
  if (!parsed.terms.length) return { items: [] }
  const ranked = score(parsed)
  const best = ranked[0]
  // A pasted error or warning whose words stand side by side on no page is printed by no page
  // (each page prints the errors it explains): its common words, even a name in a page's title
  // (ddp, mps), point nowhere.
  const unprinted = ERROR.test(query) && parsed.pairs.length > 0 && ranked.every(({ pairs }) => pairs === 0)
  // A library the site does not document, and no page with the query's words side by side.
  const library = parsed.words.find(word => rules.elsewhere.includes(word))
  const foreign = library !== undefined && best !== undefined && best.pairs === 0
  if (!best || (!best.titled && best.coverage < T.covered) || unprinted || foreign) {
    if (!rules.none) return { items: [] }
    const { elsewhere, ...entry } = rules.none   // elsewhere: the text when the query names a library
    const name = foreign && query.slice(query.toLowerCase().indexOf(library)).slice(0, library.length)
    const text = foreign && elsewhere ? elsewhere.replace("{name}", escapeHtml(name)) : entry.text
    return { items: [[{ ...entry, text, score: 0, terms: {} }]] }
  }
  const wanted = new Map()
  for (const term of parsed.terms)
    for (const [id, factor] of term.ids) wanted.set(id, Math.max(wanted.get(id) || 0, idf(id) * factor))
  // The query's words that count (no stop words, numbers or single characters): marked in the
  // results, and listed by Material as found or missing in each entry.
  const shown = [...new Set(parsed.words)].map(word => [word, tokenize(word).seq])
    .filter(([, seq]) => seq.length)
  const tokens = shown.flatMap(([, seq]) => seq)
  const latin = tokens.filter(token => !HAN.test(token))
  const han = new Set(tokens.filter(token => HAN.test(token)))
  const pattern = latin.length ? new RegExp(latin.sort((a, b) => b.length - a.length)
    .map(token => `(?<![a-z0-9])${escapeRegExp(token)}[a-z0-9_]*`).join("|"), "gu") : null
  const listed = ranked.filter(({ score }) => score >= T.keep * best.score).slice(0, T.shown)
  const items = listed.map(({ p, score }) => {
    const entries = pages[p].entries.map(i => ({ i, value: entryScore(i, wanted) }))
    const top = Math.max(...entries.map(entry => entry.value), 1e-9)
    const isPage = entry => !docs[entry.i].location.includes("#")
    const sections = entries.filter(entry => entry.value > 0 && !isPage(entry))
      .sort((a, b) => b.value - a.value).slice(0, T.sections)
    return [...entries.filter(isPage), ...sections]
      .sort((a, b) => b.value - a.value)
      .map(({ i, value }) => {
        const { boost, ...doc } = docs[i]
        const has = entrySets(i).all
        const terms = Object.fromEntries(shown.map(([word, seq]) => [word, seq.some(t => has.has(t))]))
        return { ...doc, title: mark(doc.title, pattern, han), text: mark(doc.text, pattern, han),
                 score: score * value / top, terms }
      })
  })
  return { items }
}

// ---------------------------------------------------------------- worker and build-time use
if (typeof module === "object") {
  module.exports = { tokenize, stem, prebuild, preview, setup, search }   // for the build and the tests
} else {
  addEventListener("message", event => {
    const message = event.data
    if (message.type === SETUP) {
      setup(message.data)
      postMessage({ type: READY })
    } else if (message.type === QUERY) {
      postMessage({ type: RESULT, data: search(message.data) })
    }
  })
}
