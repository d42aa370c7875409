/* torch-notes search worker.
 *
 * Material's own lunr worker does the searching (loaded below by importScripts, from the theme the
 * site was built with). This file wraps it in two places, with rules written into the search index
 * at build time (config.tn, from hooks/search_vocabulary.yml by hooks/search_rules.py):
 *
 * - before Material sees a query: quotes are dropped (Material would make every quoted word
 *   required), question words that never identify a page are dropped, common words are matched
 *   whole instead of as prefixes (use* matched use_reentrant), and the site's word is added to a
 *   user's word (中间变量 -> 中间结果);
 * - before the page sees the results: when no page matches a whole word of the query (only single
 *   Chinese characters or fragments), the results are replaced by one entry that says so and
 *   points to the API index, instead of a list of pages that share a character with the query.
 *   The keywords (the `tags` field) are never shown.
 */
"use strict"

const SETUP = 0, QUERY = 2, RESULT = 3
let rules = { drop: [], drop_zh: [], whole: [], synonyms: {}, none: null }

/* The query as Material should see it. */
function rewrite(query) {
  let text = query.replace(/["“”‘’「」『』`]/g, " ")
  for (const [word, extra] of Object.entries(rules.synonyms))
    if (text.toLowerCase().includes(word.toLowerCase()))
      text += " " + extra.join(" ")
  for (const word of rules.drop_zh)   // longest first (sorted at build time)
    text = text.split(word).join(" ")
  const terms = text.trim().split(/\s+/).filter(Boolean)
  const last = /\s$/.test(query) ? -1 : terms.length - 1   // the word still being typed
  const out = []
  terms.forEach((term, index) => {
    const lower = term.toLowerCase()
    if (rules.drop.includes(lower))
      return
    // A trailing ^1 (boost 1) tells Material not to append its prefix wildcard.
    out.push(rules.whole.includes(lower) && index !== last ? `${term}^1` : term)
  })
  return out.join(" ")
}

/* A term that identifies something: a Latin word of 3 letters or more, or a Chinese word of 2
   characters or more. A page that matches only single characters or fragments does not count. */
function strong(term) {
  return /\p{sc=Han}/u.test(term) ? [...term].length >= 2 : term.length >= 3
}

function matchesStrongly(items) {
  return items.some(group => group.some(item =>
    Object.entries(item.terms || {}).some(([term, hit]) => hit && strong(term))))
}

function finish(result) {
  const items = (result.items || []).map(group => group.map(item => {
    const { tags, ...shown } = item
    return shown
  }))
  if (items.length && rules.none && !matchesStrongly(items))
    return { ...result, items: [[{ ...rules.none, score: 0, terms: {} }]] }
  return { ...result, items }
}

const listen = self.addEventListener.bind(self)
self.addEventListener = function (type, handler, options) {
  if (type !== "message")
    return listen(type, handler, options)
  return listen(type, event => {
    const message = event.data
    if (message && message.type === SETUP && message.data.config.tn)
      rules = { ...rules, ...message.data.config.tn }
    if (message && message.type === QUERY)
      return handler({ data: { type: QUERY, data: rewrite(message.data) } })
    return handler(event)
  }, options)
}

const post = self.postMessage.bind(self)
self.postMessage = function (message, ...rest) {
  if (message && message.type === RESULT)
    message = { type: RESULT, data: finish(message.data) }
  return post(message, ...rest)
}

importScripts(new URL(self.location.href).searchParams.get("material"))
